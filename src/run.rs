//! Runs a parsed command line: calls the library, hands results to a printer, returns the exit status.

use crate::cli::{Cli, ColorWhen, Command, Output};
use colored::Colorize;
use std::io::{self, IsTerminal, Write};
use stserr::catalogue::{Catalogue, Provider};
use stserr::escape::escape;
use stserr::lookup::{self, Answer};
use stserr::render::{decoded, human, json};
use stserr::search;

/// Why a run failed; `main` maps this to exit status 2 (a closed pipe is not a failure).
#[derive(Debug)]
pub enum Error {
    /// A usage error, a bad overlay, or an input that cannot be read.
    Usage(String),
    /// Writing the output failed (a closed pipe, a full disk).
    Io(io::Error),
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(m) => f.write_str(m),
            Error::Io(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

/// Exit status of a run that did not fail: 0 found, 1 not found.
pub type Status = i32;

/// Colour decision: --color always/never win; in auto, CLICOLOR_FORCE forces colour,
/// NO_COLOR (non-empty) turns it off, otherwise colour only a terminal.
/// `env` reads an environment variable (a parameter so tests need not touch the process environment).
pub fn use_colour(when: ColorWhen, stdout_is_terminal: bool, env: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0");
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if set("CLICOLOR_FORCE") => true,
        ColorWhen::Auto if set("NO_COLOR") => false,
        ColorWhen::Auto => stdout_is_terminal,
    }
}

/// Column width for people: the terminal's when stdout is one, else `COLUMNS`, else 80;
/// never narrower than 40 or wider than 120.
pub fn width() -> usize {
    let terminal = io::stdout().is_terminal().then(terminal_size::terminal_size).flatten().map(|(w, _)| w.0 as usize);
    let columns = || std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    terminal.or_else(columns).unwrap_or(80).clamp(40, 120)
}

/// The run's catalogue: built in, or with the overlay of `--catalogue` / `STSERR_CATALOGUE`
/// (an empty value means none).
fn catalogue(cli: &Cli) -> Result<&'static Catalogue, Error> {
    let from_env = || std::env::var_os("STSERR_CATALOGUE").map(std::path::PathBuf::from);
    match cli.catalogue.clone().or_else(from_env).filter(|p| !p.as_os_str().is_empty()).as_deref() {
        None => Ok(Catalogue::builtin()),
        Some(path) => Catalogue::with_overlay(path).map_err(|problems| {
            let list: Vec<String> = problems.iter().map(|p| escape(&p.to_string())).collect();
            Error::Usage(format!("the catalogue overlay has {} problem(s):\n{}", list.len(), list.join("\n")))
        }),
    }
}

/// Writes a message to standard error; a full or closed standard error is not worth a panic.
pub fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}

/// The most a pasted message read from standard input may hold. An error body with a stack
/// trace fits many times over; each word costs the text search a typo check, so a whole log
/// would take seconds (and belongs to `stserr scan`).
pub const MAX_PASTE: usize = 64 << 10;

/// Standard input as one pasted message (`stserr -`, or `echo … | stserr`).
fn pasted_stdin() -> Result<String, Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(MAX_PASTE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Usage(format!("cannot read standard input: {e}")))?;
    if bytes.len() > MAX_PASTE {
        return Err(Error::Usage(format!(
            "standard input holds more than {} KiB, which is a log rather than a message: use `stserr scan`",
            MAX_PASTE >> 10
        )));
    }
    let text = String::from_utf8_lossy(&bytes).trim().to_string();
    if text.is_empty() {
        return Err(Error::Usage("no query given, and standard input was empty: try `stserr AADSTS50011`".into()));
    }
    Ok(text)
}

/// The queries to explain: the arguments, with `-` read from standard input, or standard input
/// itself when there are none and it is not a terminal.
fn queries(given: &[String], stdin_is_terminal: bool) -> Result<Vec<String>, Error> {
    if given.is_empty() {
        if stdin_is_terminal {
            return Err(Error::Usage(
                "no query given: try `stserr AADSTS50011`, `stserr search \"reply url\"` or `stserr --help`".into(),
            ));
        }
        return Ok(vec![pasted_stdin()?]);
    }
    if given.iter().any(|q| q.trim().is_empty()) {
        return Err(Error::Usage("an empty query: give a code, an error name or a message".into()));
    }
    let mut stdin = None;
    given
        .iter()
        .map(|q| match q.as_str() {
            "-" => match &stdin {
                Some(text) => Ok(String::clone(text)),
                None => Ok(stdin.insert(pasted_stdin()?).clone()),
            },
            _ => Ok(q.clone()),
        })
        .collect()
}

pub fn run(cli: Cli) -> Result<Status, Error> {
    colored::control::set_override(use_colour(cli.output.color, io::stdout().is_terminal(), |k| std::env::var_os(k)));
    let mut out = io::BufWriter::new(io::stdout().lock());
    // Completions and the man page describe the command; they never need an overlay.
    match cli.command {
        Some(Command::Completions { shell }) => {
            // clap_complete panics when a write fails; it writes to memory, and this writes out.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut crate::cli::command(Catalogue::builtin()), "stserr", &mut script);
            out.write_all(&script)?;
            out.flush()?;
            return Ok(0);
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(crate::cli::command(Catalogue::builtin())).render(&mut out)?;
            out.flush()?;
            return Ok(0);
        }
        _ => {}
    }
    let cat = catalogue(&cli)?;
    let provider = match cli.provider.as_deref() {
        None => None,
        Some(id) => Some(cat.provider(id).ok_or_else(|| {
            let known: Vec<&str> = cat.providers().map(|p| p.id()).collect();
            Error::Usage(format!("unknown provider '{}' (known: {})", escape(id), known.join(", ")))
        })?),
    };
    if cli.command.is_some() && !cli.queries.is_empty() {
        let q = escape(&cli.queries.join(" "));
        return Err(Error::Usage(format!("'{q}' is a query, but a subcommand was given too: use one or the other")));
    }
    let status = match cli.command {
        Some(Command::List) => list(cat, &mut out, &cli.output, provider)?,
        Some(Command::Completions { .. } | Command::Man) => 0,
        Some(Command::Search { ref text, limit }) => {
            let text = text.join(" ");
            if text.trim().is_empty() {
                return Err(Error::Usage(
                    "search needs words: try `stserr search \"reply url does not match\"`".into(),
                ));
            }
            // Never more results than entries: `-n 4294967296` must not reserve room for them.
            let limit = usize::try_from(limit).unwrap_or(usize::MAX).min(cat.tables().entry_count());
            let hits = search::search(cat, &text, provider, limit);
            hits_out(&mut out, &cli.output, &hits)?;
            if hits.is_empty() {
                out.flush()?;
                warn(&format!(
                    "stserr: nothing in the catalogue matches '{}'; try fewer or other words, or `stserr list`",
                    escape(&text)
                ));
            }
            if hits.is_empty() { 1 } else { 0 }
        }
        Some(Command::Scan(ref args)) => crate::run_scan::scan(cat, &mut out, &cli.output, args, provider)?,
        None => {
            let queries = queries(&cli.queries, io::stdin().is_terminal())?;
            explain(cat, &mut out, &cli.output, &queries, provider)?
        }
    };
    out.flush()?;
    Ok(status)
}

fn list(
    cat: &'static Catalogue,
    out: &mut impl Write,
    o: &Output,
    provider: Option<Provider>,
) -> Result<Status, Error> {
    let width = width();
    let cols = human::Columns::of(cat.entries(provider));
    for e in cat.entries(provider) {
        let mut s = String::new();
        if o.json {
            s = json::line(&json::EntryJson::from(e));
        } else {
            human::brief(&mut s, &e, cols, width);
        }
        out.write_all(s.as_bytes())?;
    }
    Ok(0)
}

fn hits_out(out: &mut impl Write, o: &Output, hits: &[search::Ranked]) -> Result<(), Error> {
    let width = width();
    let cols = human::Columns::of(hits.iter().map(|h| h.entry)).padded();
    let mut s = String::new();
    for h in hits {
        if o.json {
            s.push_str(&json::line(&json::HitJson::from(h)));
        } else {
            human::ranked_in(&mut s, h, cols, width);
        }
    }
    out.write_all(s.as_bytes())?;
    Ok(())
}

/// `CODE (Name)` for each entry, each code once, for a message.
fn names(entries: impl IntoIterator<Item = stserr::catalogue::Entry>) -> String {
    let mut seen: Vec<String> = Vec::new();
    let mut names = Vec::new();
    for e in entries {
        if seen.iter().any(|c| c.eq_ignore_ascii_case(e.code())) {
            continue;
        }
        seen.push(e.code().to_string());
        names.push(match e.name() {
            Some(n) => format!("{} ({})", escape(e.code()), escape(n)),
            None => escape(e.code()),
        });
    }
    names.join(", ")
}

/// What to say when `q` found nothing within `provider`, or only `guesses` of the text search
/// (the words a person sees above them): whose code it is when another provider has it, whose
/// code it looks like when it has a known shape, and the commands to try next.
fn miss_message(
    cat: &'static Catalogue,
    q: &str,
    provider: Option<Provider>,
    suggestions: &[stserr::catalogue::Entry],
    guesses: bool,
) -> String {
    let shown = escape(q.trim());
    if let Some(p) = provider {
        let elsewhere: Vec<_> = cat.by_key(q).collect();
        if let Some(first) = elsewhere.first() {
            let owner = first.provider();
            let one = elsewhere.iter().all(|e| e.provider() == owner);
            let whose = if one {
                format!("it is {}'s {}", escape(owner.name()), names(elsewhere.iter().copied()))
            } else {
                format!("other providers have it: {}", names(elsewhere.iter().copied()))
            };
            return format!(
                "stserr: {} has no entry '{shown}': {whose}\n  see it with `stserr {shown}`{}",
                escape(p.name()),
                if one { format!(" or `stserr --provider {} {shown}`", escape(owner.id())) } else { String::new() }
            );
        }
    }
    if guesses && !suggestions.is_empty() {
        return format!(
            "stserr: no exact match for '{shown}'; closest: {}\n  next: `stserr search` with the same text ranks them \
             and says what each means",
            names(suggestions.iter().copied())
        );
    }
    let mut msg = format!("stserr: no entry for '{shown}'");
    // A code of a known shape that the catalogue lacks: say whose shape it has.
    let mut hits = Vec::new();
    stserr::scan::Extractor::new(cat, None).extract(q.as_bytes(), 0, q.len(), &mut hits);
    if let Some(family) = hits.iter().filter(|h| h.entry.is_none()).find_map(|h| cat.provider(h.provider_id())) {
        msg += &format!("; it has the form of {}'s codes, but the catalogue does not know it", escape(family.name()));
    }
    if !suggestions.is_empty() {
        msg += &format!("; did you mean {}?", names(suggestions.iter().copied()));
    }
    msg + "\n  next: paste the whole error message (`stserr '...'`), search its words (`stserr search \"...\"`), \
           or list every code (`stserr list`)"
}

fn explain(
    cat: &'static Catalogue,
    out: &mut impl Write,
    o: &Output,
    queries: &[String],
    provider: Option<Provider>,
) -> Result<Status, Error> {
    let width = width();
    let mut missing = 0;
    let mut first = true;
    for q in queries {
        match lookup::lookup(cat, q, provider) {
            Answer::Exact(entries) => {
                let mut s = String::new();
                if o.json {
                    for e in &entries {
                        s.push_str(&json::line(&json::EntryJson::from(*e)));
                    }
                } else {
                    if !first {
                        s.push('\n');
                    }
                    human::entry(&mut s, &entries[0], &entries[1..], q, width);
                }
                first = false;
                out.write_all(s.as_bytes())?;
            }
            Answer::Extracted { entries, captured, inside, unknown, ids } => {
                let mut s = String::new();
                for ((list, values), outer) in entries.iter().zip(&captured).zip(&inside) {
                    if o.json {
                        s.push_str(&json::line(&json::ExtractedJson::new(list[0], &ids, values, *outer)));
                    } else {
                        if !first {
                            s.push('\n');
                        }
                        human::entry(&mut s, &list[0], &list[1..], list[0].code(), width);
                        human::captured(&mut s, values, width);
                        human::inside(&mut s, *outer, width);
                    }
                    first = false;
                }
                if !o.json {
                    human::ids(&mut s, &ids);
                }
                out.write_all(s.as_bytes())?;
                if !unknown.is_empty() {
                    missing += 1;
                    out.flush()?;
                    let list: Vec<String> = unknown.iter().map(|u| escape(u)).collect();
                    warn(&format!("stserr: no entry for {} (in the pasted text)", list.join(", ")));
                }
            }
            Answer::Decoded { items, now, rest } => {
                let mut s = String::new();
                for d in &items {
                    if let Some(message) = decoded::refused(d) {
                        missing += 1;
                        out.write_all(s.as_bytes())?;
                        s.clear();
                        out.flush()?;
                        eprintln!("{message}");
                    } else if o.json {
                        s.push_str(&decoded::json(d).unwrap_or_default());
                    } else {
                        if !first {
                            s.push('\n');
                        }
                        decoded::human(&mut s, d, now, width);
                        first = false;
                    }
                }
                out.write_all(s.as_bytes())?;
                // The codes printed around the payloads are explained as a message of their own.
                if let Some(rest) = rest {
                    if !o.json && !first {
                        out.write_all(b"\n")?;
                    }
                    first = false;
                    missing += explain(cat, out, o, &[rest], provider)?;
                }
            }
            // Only guesses. For scripts (--json) a guess is a miss like any other: nothing on
            // standard output, the candidates on standard error.
            Answer::Guess(hits) if o.json || (provider.is_some() && cat.by_key(q).len() > 0) => {
                missing += 1;
                out.flush()?;
                warn(&miss_message(cat, q, provider, &hits.iter().map(|h| h.entry).collect::<Vec<_>>(), true));
            }
            Answer::Guess(hits) => {
                missing += 1;
                let heading = format!("no exact match for '{}'; closest:", escape(q));
                out.write_all(format!("{}{}\n", if first { "" } else { "\n" }, heading.yellow()).as_bytes())?;
                first = false;
                hits_out(out, o, &hits)?;
            }
            Answer::Missing { suggestions } => {
                missing += 1;
                out.flush()?;
                warn(&miss_message(cat, q, provider, &suggestions, false));
            }
        }
    }
    Ok(if missing > 0 { 1 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        assert!(use_colour(ColorWhen::Auto, true, env(&[])));
        assert!(!use_colour(ColorWhen::Auto, false, env(&[])));
        assert!(!use_colour(ColorWhen::Auto, true, env(&[("NO_COLOR", "1")])));
        assert!(use_colour(ColorWhen::Auto, true, env(&[("NO_COLOR", "")])), "an empty NO_COLOR is unset");
    }

    #[test]
    fn clicolor_force_and_explicit_choices_win() {
        assert!(use_colour(ColorWhen::Auto, false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!use_colour(ColorWhen::Auto, false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(use_colour(ColorWhen::Always, false, env(&[("NO_COLOR", "1")])));
        assert!(!use_colour(ColorWhen::Never, true, env(&[("CLICOLOR_FORCE", "1")])));
    }
}
