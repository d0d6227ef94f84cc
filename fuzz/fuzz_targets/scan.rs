//! The scan extractor on arbitrary bytes, and the streaming scanner (`scan::Scanner`, what
//! `stserr scan` runs) reading them through a pipe in small reads, into the real printers.
//!
//! Input: a selector byte (provider, read size, options, printer mode), then the bytes.
//! Checks: no panic; hits lie in range, in order, and spell their codes; `first` agrees with
//! `extract`; every printed mode but passthru is UTF-8 and JSON Lines parse; passthru output
//! without its notes is the input, byte for byte; and a small buffer (long lines in pieces,
//! arriving in short reads) finds the same codes on the same lines as a large one.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use std::io::{self, Read};
use stserr::render::scan::{Mode, NOTE, Printer};
use stserr::scan::{self, Extractor, Line, Occurrence, Options, Scanner, Sink};

/// The smallest buffer the scanner allows, so that lines of a few KiB arrive in pieces.
const SMALL_CHUNK: usize = 4096;

/// Hands over at most `size` bytes a read, like a pipe.
struct Pipe<'a>(&'a [u8], usize);

impl Read for Pipe<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.1.min(self.0.len()).min(out.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// The canonical code ends with the hit's text, case and leading zeros aside (`0050011` in an
/// `error_codes` list is read as AADSTS50011).
fn spells_its_code(hay: &[u8], h: &Occurrence) -> bool {
    let text = String::from_utf8_lossy(&hay[h.start..h.end]).to_ascii_uppercase();
    !text.is_empty() && no_leading_zeros(&h.code.to_string().to_ascii_uppercase()).ends_with(&no_leading_zeros(&text))
}

/// Drops the zeros that begin a run of digits: `E0000011` -> `E11`.
fn no_leading_zeros(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_number = false;
    for c in s.chars() {
        if c == '0' && !in_number {
            continue;
        }
        in_number = c.is_ascii_digit();
        out.push(c);
    }
    out
}

/// Checks each line and records (line number, code), then hands the line to a printer.
struct Checked<W: io::Write> {
    codes: Vec<(u64, String)>,
    printer: Printer<W>,
}

impl<W: io::Write> Sink for Checked<W> {
    fn line(&mut self, line: &Line<'_>) -> io::Result<()> {
        let mut end = 0;
        for h in line.hits {
            assert!(end <= h.start && h.start < h.end && h.end <= line.text.len(), "{h:?} in {}", line.text.len());
            assert!(spells_its_code(line.text, h), "{h:?}");
            end = h.end;
            self.codes.push((line.number, h.code.to_string()));
        }
        self.printer.line(line)
    }
}

fn scan_all(input: &[u8], chunk: usize, read: usize, opts: Options, mode: Mode) -> (Vec<(u64, String)>, Vec<u8>) {
    let mut sink = Checked { codes: Vec::new(), printer: Printer::new(Vec::new(), mode, 80, false) };
    sink.printer.input("fuzz\u{1b}[31m", read % 2 == 0);
    Scanner::with_chunk(Extractor::new(common::cat(), None), opts, chunk)
        .scan(Pipe(input, read), &mut sink)
        .expect("a slice reads");
    let out = std::mem::take(sink.printer.get_mut());
    (sink.codes, out)
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, hay)) = data.split_first() else { return };

    // The extractor alone, on the whole input.
    let ext = Extractor::new(common::cat(), common::provider(sel));
    let mut hits = Vec::new();
    let cut = ext.extract(hay, 0, hay.len(), &mut hits);
    assert_eq!(cut, hay.len());
    let mut end = 0;
    for h in &hits {
        assert!(end <= h.start && h.start < h.end && h.end <= hay.len(), "{h:?}");
        assert!(spells_its_code(hay, h), "{h:?}");
        end = h.end;
    }
    match ext.first(hay, 0) {
        Some(at) => {
            let h0 = hits.first().expect("first found a code that extract did not");
            assert!(!hay[h0.start.min(at)..at].contains(&b'\n'), "first skipped the line of {h0:?}");
        }
        None => assert!(hits.is_empty(), "first missed {hits:?}"),
    }
    let ids = scan::ids::find(hay).to_ids();
    for v in [ids.trace_id, ids.correlation_id, ids.timestamp].into_iter().flatten() {
        assert!(!v.is_empty() && v.is_ascii(), "{v:?}");
    }

    // The streaming scanner, with every option and printer mode.
    let read = [1, 3, 7, 64, 1000, 4095, 4096, usize::MAX][usize::from(sel >> 5)];
    let every_line = sel & 1 == 1;
    let line_numbers = sel & 2 == 2;
    let mode = if every_line {
        Mode::Passthru
    } else {
        [Mode::Lines, Mode::OnlyMatching, Mode::Json][usize::from(sel >> 2 & 3) % 3]
    };
    let opts = Options { every_line, line_numbers, ids: sel & 16 == 0 };
    let (small, out) = scan_all(hay, SMALL_CHUNK, read, opts, mode);
    if every_line {
        assert_eq!(without_notes(&out, hay), hay, "passthru changed a line");
    }
    let out = if every_line { String::new() } else { String::from_utf8(out).expect("printed output is UTF-8") };
    if mode == Mode::Json {
        for l in out.lines() {
            let o = common::one_object(&format!("{l}\n"));
            assert!(o["code"].is_string(), "{o:?}");
        }
    }
    let (large, _) = scan_all(hay, scan::CHUNK, usize::MAX, opts, mode);
    assert_eq!(small, large, "a small buffer and short reads found other codes");
});

/// Passthru output with its notes taken out, walked beside the input's lines: every output line
/// is the next input line or a note (a last line without a newline gets one before its notes).
fn without_notes(out: &[u8], input: &[u8]) -> Vec<u8> {
    let mut lines = out.split_inclusive(|&b| b == b'\n');
    let mut kept = Vec::new();
    for want in input.split_inclusive(|&b| b == b'\n') {
        loop {
            let got = lines.next().unwrap_or_else(|| panic!("output ended before {want:?}"));
            if got == want || (!want.ends_with(b"\n") && got.strip_suffix(b"\n") == Some(want)) {
                kept.extend_from_slice(want);
                break;
            }
            assert!(got.starts_with(NOTE.as_bytes()), "{got:?} is neither the line {want:?} nor a note");
        }
    }
    assert!(lines.all(|l| l.starts_with(NOTE.as_bytes())), "more than notes after the last line");
    kept
}
