//! `stserr scan`: each input is sniffed for its format, then read as a log (the scanner), a
//! sign-in export (records by column) or a HAR capture, into one printer or one triage table.
//! An unreadable input is reported and skipped; the run then ends with status 2.

use crate::cli::{ByArg, Output, ScanArgs};
use crate::run::{Error, Status, warn, width};
use std::io::{self, IsTerminal, Read, Write};
use stserr::catalogue::{Catalogue, Provider};
use stserr::escape::escape;
use stserr::records::{self, Format, Reader};
use stserr::redact::Redactor;
use stserr::render::scan::{Mode, Printer};
use stserr::render::{har as har_print, records as record_print, triage as triage_print};
use stserr::scan::{self as scanner, Extractor, Options, Scanner};
use stserr::triage::{By, Triage};

/// The hint `stserr scan` prints before it waits on a terminal for log lines.
pub const TERMINAL_HINT: &str =
    "stserr: reading log lines from the terminal: paste them, then press Ctrl-D (or give files: stserr scan FILE...)";

/// The hint for `scan` reading a terminal: without it a user waits on a silent prompt.
fn terminal_hint(files: &[std::path::PathBuf], stdin_is_terminal: bool) -> Option<&'static str> {
    (stdin_is_terminal && files.iter().any(|f| f.as_os_str() == "-")).then_some(TERMINAL_HINT)
}

/// What one input's read ended with.
enum Outcome {
    Found(u64),
    Unreadable(io::Error),
}

pub fn scan(
    cat: &'static Catalogue,
    out: &mut impl Write,
    o: &Output,
    args: &ScanArgs,
    provider: Option<Provider>,
) -> Result<Status, Error> {
    let stdin = [std::path::PathBuf::from("-")];
    let files = if args.files.is_empty() { &stdin[..] } else { &args.files[..] };
    if let Some(hint) = terminal_hint(files, io::stdin().is_terminal()) {
        warn(hint);
    }
    let mode = match (o.json, args.passthru, args.only_matching) {
        (true, _, _) => Mode::Json,
        (_, true, _) => Mode::Passthru,
        (_, _, true) => Mode::OnlyMatching,
        _ => Mode::Lines,
    };
    let shows_lines = !args.summary && matches!(mode, Mode::Json | Mode::Lines);
    let opts = Options { every_line: args.passthru, line_numbers: shows_lines || args.passthru, ids: shows_lines };
    let ext = Extractor::new(cat, provider);
    let mut scanner = Scanner::new(ext, opts);
    let mut reader = Reader::new(ext);
    let redactor = args.redact.then(Redactor::default);
    let flush = args.line_buffered || io::stdout().is_terminal();
    let mut printer = Printer::new(&mut *out, mode, width(), flush);
    if let Some(r) = &redactor {
        printer = printer.redact(r.clone());
    }
    if args.notes_to == crate::cli::NotesTo::Stderr {
        printer = printer.notes_to(Box::new(io::stderr()));
    }
    let record_mode = match mode {
        Mode::Json => record_print::Mode::Json,
        Mode::OnlyMatching => record_print::Mode::OnlyMatching,
        _ => record_print::Mode::Records,
    };
    // As ripgrep: names with more than one input, unless -H or -I says otherwise.
    let show_names = args.with_filename || (files.len() > 1 && !args.no_filename);
    let by = match args.by {
        None | Some(ByArg::Code) => By::Code,
        Some(ByArg::User) => By::User,
        Some(ByArg::App) => By::App,
        Some(ByArg::Ip) => By::Ip,
    };
    let mut triage = Triage::new(by, args.all);
    let forced =
        if args.passthru { Some(Format::Log) } else { Format::ALL.into_iter().find(|f| f.name() == args.format) };
    let (mut found, mut failed) = (0, false);
    let mut head = Vec::new();
    for path in files {
        let name = scanner::input_name(path);
        printer.input(&name, show_names);
        let mut input: Box<dyn Read> = match scanner::open(path) {
            Ok(input) => input,
            Err(e) => {
                printer.get_mut().flush()?;
                warn(&format!("stserr: {}: {e}", escape(&name)));
                failed = true;
                continue;
            }
        };
        if let Err(e) = records::sniff(&mut input, &mut head) {
            printer.get_mut().flush()?;
            warn(&format!("stserr: {}: {e}", escape(&name)));
            failed = true;
            continue;
        }
        let format = forced.unwrap_or_else(|| records::detect(&head));
        let result = match format {
            Format::Log => {
                let input = (&head[..]).chain(input);
                let r = if args.summary { scanner.scan(input, &mut triage) } else { scanner.scan(input, &mut printer) };
                match r {
                    Ok(n) => Outcome::Found(n),
                    Err(scanner::Error::Write(e)) => return Err(e.into()),
                    Err(scanner::Error::Read(e)) => Outcome::Unreadable(e),
                }
            }
            Format::Har => {
                let r = if args.summary {
                    stserr::records::har::read(ext, &head, input, &mut triage)
                } else {
                    let mut p = har_print::Printer::new(
                        printer.get_mut(),
                        record_mode,
                        args.timeline,
                        redactor.as_ref(),
                        width(),
                    );
                    p.input(&name, show_names);
                    stserr::records::har::read(ext, &head, input, &mut p)
                };
                records_result(r)?
            }
            _ if args.timeline => {
                return Err(Error::Usage(format!(
                    "--timeline shows the hops of a HAR capture, and {} is a {} export",
                    escape(&name),
                    format.name()
                )));
            }
            _ => {
                let r = if args.summary {
                    reader.read(format, &head, input, &mut triage)
                } else {
                    let mut p = record_print::Printer::new(
                        printer.get_mut(),
                        record_mode,
                        args.all,
                        redactor.as_ref(),
                        width(),
                    );
                    p.input(&name, show_names);
                    reader.read(format, &head, input, &mut p)
                };
                records_result(r.map(|s| {
                    if s.skipped > 0 {
                        warn(&format!("stserr: {}: {} records were not objects; skipped", escape(&name), s.skipped));
                    }
                    s.failures
                }))?
            }
        };
        match result {
            Outcome::Found(n) => found += n,
            Outcome::Unreadable(e) => {
                printer.get_mut().flush()?;
                warn(&format!("stserr: {}: {e}", escape(&name)));
                failed = true;
            }
        }
    }
    drop(printer);
    if args.summary {
        if o.json {
            triage_print::summary_json(out, &triage, redactor.as_ref())?;
            if triage.other() > 0 {
                out.flush()?;
                warn(&format!("stserr: {}", triage_print::other_line(triage.other())));
            }
        } else {
            triage_print::summary(out, &triage, args.all, redactor.as_ref(), width())?;
        }
    }
    Ok(if failed {
        2
    } else if found > 0 {
        0
    } else {
        1
    })
}

/// A read error of an export is the input's; a write error ends the run.
fn records_result(r: Result<u64, records::Error>) -> Result<Outcome, Error> {
    match r {
        Ok(n) => Ok(Outcome::Found(n)),
        Err(records::Error::Write(e)) => Err(e.into()),
        Err(records::Error::Read(e)) => Ok(Outcome::Unreadable(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_of_a_terminal_prints_a_one_line_hint_first() {
        let stdin = [std::path::PathBuf::from("-")];
        assert_eq!(terminal_hint(&stdin, true), Some(TERMINAL_HINT));
        assert!(!TERMINAL_HINT.contains('\n'));
        assert_eq!(terminal_hint(&stdin, false), None, "a pipe needs no hint");
        assert_eq!(terminal_hint(&[std::path::PathBuf::from("app.log")], true), None, "files need none");
    }
}
