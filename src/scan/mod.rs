//! `stserr scan`: streams a file or standard input through the extractor in fixed-size chunks and
//! hands each line that holds codes (or every line, for `--passthru`) to a [`Sink`]. Memory is
//! the chunk buffer: a line longer than it is scanned in overlapping pieces.

mod anchors;
pub mod extract;
pub mod ids;
mod prefilter;

pub use extract::{Code, Extractor, Occurrence};
pub use ids::{Ids, LineIds};

use memchr::{memchr, memchr_iter, memrchr};
use std::collections::HashSet;
use std::io::{self, Read};
use stserr_catalogue::shape::SHAPE_REACH;

/// Read buffer size. A line longer than this is scanned in pieces.
pub const CHUNK: usize = 256 * 1024;
/// Bytes kept before a piece for boundary checks: as far back as the dashed-hex (GUID) check or
/// a message shape looks, which is further than any escape (`\u0022`).
const BEHIND: usize = if extract::HEX_REACH > SHAPE_REACH { extract::HEX_REACH } else { SHAPE_REACH };
/// Look-ahead at the end of a piece: longer than any code with its `error_codes` list and checks.
const TAIL: usize = 1024;
/// Distinct codes remembered per line for de-duplication. A line with more (a hostile one) still
/// has each of the first ones counted once; codes beyond them are counted as often as they occur.
pub const MAX_SEEN_PER_LINE: usize = 1 << 16;

/// Which part of a line a [`Line`] is. Lines longer than [`CHUNK`] arrive as head, middles, tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Whole,
    Head,
    Middle,
    Tail,
}

/// A line (or a piece of a very long one) and what was found in it. `hits` are deduplicated per
/// line (an Entra body names its code in the description, `error_codes` and `error_uri`) and
/// their offsets are relative to `text`, which excludes the line ending.
#[derive(Debug)]
pub struct Line<'a> {
    /// 1-based line number; 0 when line numbers were not asked for.
    pub number: u64,
    pub text: &'a [u8],
    pub piece: Piece,
    /// Whether a newline ended the line in the input.
    pub newline: bool,
    /// Whether a CR came before that newline (or ended the input); it is not in `text`.
    pub cr: bool,
    pub hits: &'a [Occurrence],
    pub ids: LineIds<'a>,
}

/// Receives lines as they are scanned. Its errors are write errors and end the scan.
pub trait Sink {
    fn line(&mut self, line: &Line<'_>) -> io::Result<()>;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Hand every line to the sink, not only those with codes.
    pub every_line: bool,
    /// Count lines (not needed for a summary, and it costs a pass over the bytes).
    pub line_numbers: bool,
    /// Look for trace ID, correlation ID and timestamp on lines with codes.
    pub ids: bool,
}

/// Reading the input failed (the caller names the file and goes on) or the sink failed.
#[derive(Debug)]
pub enum Error {
    Read(io::Error),
    Write(io::Error),
}

/// Scans inputs one after another, reusing its buffers.
pub struct Scanner {
    buf: Vec<u8>,
    lines: Lines,
}

/// Per-input state, apart from the buffer so both can be borrowed at once.
struct Lines {
    ext: Extractor,
    opts: Options,
    hits: Vec<Occurrence>,
    /// Codes already reported on this line.
    seen: Seen,
    number: u64,
    /// Inside a line longer than the buffer.
    long: bool,
    found: u64,
}

impl Scanner {
    pub fn new(ext: Extractor, opts: Options) -> Scanner {
        Scanner::with_chunk(ext, opts, CHUNK)
    }

    /// A scanner with another buffer size (tests use a small one to exercise long lines).
    pub fn with_chunk(ext: Extractor, opts: Options, chunk: usize) -> Scanner {
        let lines = Lines { ext, opts, hits: Vec::new(), seen: Seen::default(), number: 1, long: false, found: 0 };
        Scanner { buf: vec![0; chunk.max(4 * TAIL)], lines }
    }

    /// Scans one input to its end. Returns how many lines held codes.
    pub fn scan(&mut self, mut input: impl Read, sink: &mut impl Sink) -> Result<u64, Error> {
        let Scanner { buf, lines } = self;
        lines.number = 1;
        lines.long = false;
        lines.found = 0;
        let (mut start, mut filled) = (0, 0);
        loop {
            let n = loop {
                match input.read(&mut buf[filled..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(Error::Read(e)),
                }
            };
            filled += n;
            if n == 0 {
                if filled > start || lines.long {
                    lines.block(&buf[..filled], start, sink)?;
                }
                return Ok(lines.found);
            }
            match memrchr(b'\n', &buf[start..filled]) {
                Some(i) => {
                    let end = start + i + 1;
                    lines.block(&buf[..end], start, sink)?;
                    buf.copy_within(end..filled, 0);
                    (start, filled) = (0, filled - end);
                }
                // Wait for the rest of the line (a pipe hands over what it has).
                None if filled < buf.len() => {}
                None => {
                    let cut = lines.piece(&buf[..filled], start, sink)?;
                    buf.copy_within(cut - BEHIND..filled, 0);
                    (start, filled) = (BEHIND, filled - (cut - BEHIND));
                }
            }
        }
    }
}

impl Lines {
    /// Complete lines `hay[start..]`: each ends with a newline, except a last one at end of input.
    fn block(&mut self, hay: &[u8], mut pos: usize, sink: &mut impl Sink) -> Result<(), Error> {
        let end = hay.len();
        if self.long {
            let le = memchr(b'\n', &hay[pos..]).map_or(end, |i| pos + i);
            self.emit(&hay[..le], pos, None, Piece::Tail, le < end, sink)?;
            self.long = false;
            self.number += 1;
            pos = (le + 1).min(end);
        }
        if self.opts.every_line {
            while pos < end {
                let le = memchr(b'\n', &hay[pos..]).map_or(end, |i| pos + i);
                self.emit(&hay[..le], pos, None, Piece::Whole, le < end, sink)?;
                self.number += 1;
                pos = le + 1;
            }
            return Ok(());
        }
        // Hot path: jump from code to code; only lines holding one are looked at as lines.
        let mut counted = pos;
        let ext = self.ext;
        let mut spans = ext.spans(hay, pos);
        while pos < end {
            let Some(s) = ext.first_in_spans(hay, pos, &mut spans) else { break };
            let ls = memrchr(b'\n', &hay[pos..s]).map_or(pos, |i| pos + i + 1);
            let le = memchr(b'\n', &hay[s..]).map_or(end, |i| s + i);
            if self.opts.line_numbers {
                self.number += memchr_iter(b'\n', &hay[counted..ls]).count() as u64;
                counted = ls;
            }
            // Nothing before `s` on the line is a code: the line is scanned from there.
            self.emit(&hay[..le], ls, Some((s, &mut spans)), Piece::Whole, le < end, sink)?;
            pos = le + 1;
        }
        if self.opts.line_numbers && counted < end {
            self.number += memchr_iter(b'\n', &hay[counted..]).count() as u64;
        }
        Ok(())
    }

    /// A buffer full of one line's bytes: scans `hay[start..]` but for the look-ahead tail and
    /// returns where the next piece starts.
    fn piece(&mut self, hay: &[u8], start: usize, sink: &mut impl Sink) -> Result<usize, Error> {
        let kind = if self.long { Piece::Middle } else { Piece::Head };
        self.long = true;
        let limit = hay.len() - TAIL;
        if kind == Piece::Head {
            self.seen.clear();
        }
        self.hits.clear();
        let cut = self.ext.extract(hay, start, limit, &mut self.hits);
        self.report(&hay[..cut], start, kind, (false, false), hay, sink)?;
        Ok(cut)
    }

    /// Scans and reports one whole line or a line's tail, `hay[from..]`: all of it, or with
    /// `spans` of the block the line is in, from the first code on and only in those.
    fn emit(
        &mut self,
        hay: &[u8],
        from: usize,
        spans: Option<(usize, &mut extract::Spans<'_>)>,
        piece: Piece,
        newline: bool,
        sink: &mut impl Sink,
    ) -> Result<(), Error> {
        if piece == Piece::Whole {
            self.seen.clear();
        }
        self.hits.clear();
        match spans {
            Some((first, spans)) => self.ext.extract_in(spans, hay, first, hay.len(), &mut self.hits),
            None => self.ext.extract(hay, from, hay.len(), &mut self.hits),
        };
        // CRLF: the CR belongs to the line ending, not the text.
        let cr = hay.len() > from && hay[hay.len() - 1] == b'\r';
        self.report(&hay[..hay.len() - usize::from(cr)], from, piece, (newline, cr), hay, sink)
    }

    /// Deduplicates the hits found in `text[from..]`, finds the IDs, and hands the line over.
    /// `ending`: whether a newline, and a CR before it, ended the line.
    fn report(
        &mut self,
        text: &[u8],
        from: usize,
        piece: Piece,
        (newline, cr): (bool, bool),
        ids_in: &[u8],
        sink: &mut impl Sink,
    ) -> Result<(), Error> {
        let seen = &mut self.seen;
        self.hits.retain(|h| seen.insert(h.code));
        if self.hits.is_empty() && !self.opts.every_line {
            return Ok(());
        }
        for h in &mut self.hits {
            h.start -= from;
            h.end = (h.end - from).min(text.len() - from);
        }
        self.found += u64::from(!self.hits.is_empty());
        let ids = if self.hits.is_empty() || !self.opts.ids { LineIds::default() } else { ids::find(&ids_in[from..]) };
        let number = if self.opts.line_numbers { self.number } else { 0 };
        let line = Line { number, text: &text[from..], piece, newline, cr, hits: &self.hits, ids };
        sink.line(&line).map_err(Error::Write)
    }
}

/// The codes of one line: a few in a list (most lines have one to three, and hashing each cost
/// a few percent of a scan), more in a set, so that a line of 200,000 codes stays linear.
#[derive(Default)]
struct Seen {
    few: Vec<Code>,
    many: HashSet<Code>,
}

impl Seen {
    const FEW: usize = 8;

    fn clear(&mut self) {
        self.few.clear();
        self.many.clear();
    }

    /// Whether `code` is new to the line. Past `MAX_SEEN_PER_LINE` codes, new ones are not kept.
    fn insert(&mut self, code: Code) -> bool {
        if self.few.contains(&code) {
            return false;
        }
        if self.few.len() < Self::FEW {
            self.few.push(code);
            return true;
        }
        if self.few.len() + self.many.len() < MAX_SEEN_PER_LINE {
            self.many.insert(code)
        } else {
            !self.many.contains(&code)
        }
    }
}

/// Opens an input named on the command line: a file, or `-` for standard input.
pub fn open(path: &std::path::Path) -> io::Result<Box<dyn Read>> {
    if path.as_os_str() == "-" { Ok(Box::new(io::stdin().lock())) } else { Ok(Box::new(std::fs::File::open(path)?)) }
}

/// How an input is named in output and messages.
pub fn input_name(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records (line number, code, piece) for every line handed over.
    #[derive(Default)]
    struct Record(Vec<(u64, String, Piece)>, Vec<Vec<u8>>);

    impl Sink for Record {
        fn line(&mut self, line: &Line<'_>) -> io::Result<()> {
            for h in line.hits {
                self.0.push((line.number, h.code.to_string(), line.piece));
                let text = String::from_utf8_lossy(&line.text[h.start..h.end]).to_ascii_uppercase();
                assert!(h.code.to_string().to_ascii_uppercase().ends_with(&text), "{text} is not {}", h.code);
            }
            self.1.push(line.text.to_vec());
            Ok(())
        }
    }

    fn scan(input: &[u8], chunk: usize, every_line: bool) -> Record {
        let mut rec = Record::default();
        let opts = Options { every_line, line_numbers: true, ids: true };
        Scanner::with_chunk(Extractor::new(crate::catalogue::Catalogue::builtin(), None), opts, chunk)
            .scan(input, &mut rec)
            .unwrap();
        rec
    }

    /// A reader that hands over a few bytes at a time, like a slow pipe.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(self.0.len()).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn line_numbers_count_every_line_and_crlf_is_not_text() {
        let input = b"a\r\nb AADSTS50011\r\n\r\nc\nd invalid_grant e\ne0000011";
        let r = scan(input, CHUNK, false);
        let got: Vec<(u64, &str)> = r.0.iter().map(|(n, c, _)| (*n, c.as_str())).collect();
        assert_eq!(got, [(2, "AADSTS50011"), (5, "invalid_grant"), (6, "E0000011")]);
        assert_eq!(r.1[0], b"b AADSTS50011");
    }

    #[test]
    fn repeats_on_one_line_count_once() {
        let input = br#"{"error_description":"AADSTS50011: x","error_codes":[50011],"error_uri":"https://login.microsoftonline.com/error?code=50011"}"#;
        assert_eq!(scan(input, CHUNK, false).0.len(), 1);
    }

    #[test]
    fn a_line_longer_than_the_buffer_is_scanned_in_pieces_without_gaps_or_repeats() {
        let chunk = 4 * TAIL;
        for offset in [0, 1, 7, 100, 1000, 3000] {
            let mut line = vec![b'x'; offset];
            // Codes every 997 bytes straddle piece boundaries at every alignment.
            for i in 0..40 {
                line.extend_from_slice(format!(" AADSTS{} ", 50000 + i).as_bytes());
                line.extend(std::iter::repeat_n(b'y', 997 - 14));
            }
            line.extend_from_slice(b" E0000011\nnext AADB2C90118\n");
            let r = scan(&line, chunk, false);
            let codes: Vec<&str> = r.0.iter().map(|(_, c, _)| c.as_str()).collect();
            let mut want: Vec<String> = (0..40).map(|i| format!("AADSTS{}", 50000 + i)).collect();
            want.push("E0000011".into());
            want.push("AADB2C90118".into());
            assert_eq!(codes, want, "offset {offset}");
            assert!(r.0.iter().take(41).all(|(n, _, _)| *n == 1));
            assert_eq!(r.0[41].0, 2);
        }
    }

    #[test]
    fn passthru_sees_every_byte_of_a_long_line_once() {
        let chunk = 4 * TAIL;
        let mut input: Vec<u8> = (0..20_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        input.extend_from_slice(b" AADSTS50011\nshort\nlast");
        let r = scan(&input, chunk, true);
        let joined: Vec<u8> = r.1.concat();
        let mut want = input.clone();
        want.retain(|&b| b != b'\n');
        assert_eq!(joined, want);
        assert_eq!(r.0, [(1, "AADSTS50011".to_string(), Piece::Tail)]);
    }

    #[test]
    fn a_slow_pipe_gives_the_same_answer() {
        let input = b"x AADSTS50011\ny invalid_client\n\"error_codes\":[50076,50079]\n";
        let mut rec = Record::default();
        let opts = Options { every_line: false, line_numbers: true, ids: true };
        Scanner::with_chunk(Extractor::new(crate::catalogue::Catalogue::builtin(), None), opts, CHUNK)
            .scan(Trickle(input, 3), &mut rec)
            .unwrap();
        assert_eq!(rec.0, scan(input, CHUNK, false).0);
        assert_eq!(rec.0.len(), 4);
    }

    /// Every hit as (line, code, start, end).
    #[derive(Default)]
    struct Spans(Vec<(u64, String, usize, usize)>);

    impl Sink for Spans {
        fn line(&mut self, line: &Line<'_>) -> io::Result<()> {
            self.0.extend(line.hits.iter().map(|h| (line.number, h.code.to_string(), h.start, h.end)));
            Ok(())
        }
    }

    #[test]
    fn a_line_scanned_from_its_first_code_has_the_hits_of_a_line_scanned_from_its_start() {
        let parts: [&str; 14] = [
            "AADSTS50011",
            "aadsts",
            " x ",
            "invalid_grant",
            "\n",
            "error_codes\":[50011]",
            "3399614476",
            "-895352820",
            "0xCAA2000C",
            "801c004d",
            "urn:oasis:names:tc:SAML:2.0:status:Responder",
            "(AccessDenied) when calling",
            "2024-05-21",
            "E0000011",
        ];
        let ext = Extractor::new(crate::catalogue::Catalogue::builtin(), None);
        let mut seed: u64 = 13;
        for _ in 0..500 {
            let mut text = String::new();
            for _ in 0..16 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(parts[(seed >> 33) as usize % parts.len()]);
            }
            let mut got = Spans::default();
            let opts = Options { every_line: false, line_numbers: true, ids: false };
            Scanner::new(ext, opts).scan(text.as_bytes(), &mut got).unwrap();
            let mut want = Vec::new();
            for (i, line) in text.split('\n').enumerate() {
                let mut hits = Vec::new();
                ext.extract(line.as_bytes(), 0, line.len(), &mut hits);
                let mut seen = Vec::new();
                for h in hits {
                    if !seen.contains(&h.code) {
                        seen.push(h.code);
                        want.push((i as u64 + 1, h.code.to_string(), h.start, h.end));
                    }
                }
            }
            assert_eq!(got.0, want, "{text:?}");
        }
    }

    #[test]
    fn a_line_of_200000_distinct_codes_reports_each_once_and_stays_linear() {
        // De-duplicating with a list made this line quadratic (27 s); the set keeps it linear,
        // so this test finishes at all. The line is ten buffers long: pieces share the set.
        // (No Entra code has eight digits: these are all codes the catalogue lacks.)
        let mut line = Vec::new();
        for n in 0..200_000u32 {
            line.extend_from_slice(format!("AADSTS{} ", 10_000_000 + n).as_bytes());
        }
        line.extend_from_slice(b"AADSTS10000000 AADSTS10199999\nAADSTS10000000\n");
        let r = scan(&line, CHUNK, false);
        let codes: Vec<&str> = r.0.iter().map(|(_, c, _)| c.as_str()).collect();
        assert_eq!(codes[..3], ["AADSTS10000000", "AADSTS10000001", "AADSTS10000002"]);
        assert_eq!(codes[199_999], "AADSTS10199999");
        // The first MAX_SEEN_PER_LINE codes are remembered; one past them is counted again.
        const { assert!(MAX_SEEN_PER_LINE < 200_000) };
        assert_eq!(codes[200_000..], ["AADSTS10199999", "AADSTS10000000"]);
        assert_eq!((r.0[200_001].0, r.0[200_000].0), (2, 1));
    }
}
