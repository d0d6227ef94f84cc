//! Properties over generated input: odd bytes and text never panic the scanner, the lookup or
//! the search; normalising is idempotent; every catalogue key finds its own entry; JSON output
//! always parses. Case counts are kept small so the whole file runs in seconds; the fuzz targets
//! in fuzz/ run the same checks for as long as one likes.

use assert_cmd::Command;
use proptest::collection::vec;
use proptest::prelude::*;
use serde_json::Value;
use std::io::{self, Read};
use stserr::Catalogue;
use stserr::catalogue::{Entry, Provider};
use stserr::lookup::{self, Answer};
use stserr::normalize;
use stserr::render::json;
use stserr::render::scan::{Mode, NOTE, Printer};
use stserr::scan::{self, Extractor, Line, Occurrence, Options, Piece, Scanner, Sink};
use stserr::search;

// ---------------------------------------------------------------------------------------------
// Generators

/// Pieces that steer generated input towards the extractor's interesting states: prefixes, digit
/// runs of every length around the limits, `error_codes` lists, error links, names, escapes,
/// GUID-like runs, ID keys, line endings, NULs and invalid UTF-8.
const PIECES: &[&[u8]] = &[
    b"AADSTS",
    b"aadsts",
    b"AADB2C",
    b"aadb2c",
    b"E0000",
    b"e0000",
    b"E",
    b"5",
    b"50011",
    b"0000011",
    b"90118",
    b"123456789",
    b"1234567890",
    b"\"error_codes\":[",
    b"\\\"error_codes\\\":[",
    b"error_codes=",
    b",",
    b"]",
    b"error?code=",
    b"error%3Fcode%3D",
    b"https://login.microsoftonline.com/",
    b"invalid_grant",
    b"INVALID_CLIENT",
    b"invalid_request_uri",
    b"access_denied",
    b"-",
    b"_",
    b"/",
    b"|",
    b".",
    b"\\u0022",
    b"\\n",
    b"%3A",
    b"%3a+",
    b"\"",
    b":",
    b"=",
    b" ",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"Trace ID: ",
    b"Correlation ID: ",
    b"Timestamp: ",
    b"\"trace_id\":\"",
    b"2024-01-01 10:00:00Z",
    b"0b5d8e2c-1a2b-4c43-a2e1-9b1c4e1f0a11",
    b"ab-0123456789abcdef0123-",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xa6",
    "İ".as_bytes(),
    "é".as_bytes(),
];

/// Units repeated into very long runs (long lines, long digit runs, long dashed-hex runs).
const RUNS: &[&[u8]] = &[b"a", b"0", b"9", b"-", b"f-", b" ", b"\n", b"\xff", b"AADSTS50011 ", b"e0000011,", b"\0"];

fn fragment(max_run: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(<[u8]>::to_vec),
        3 => vec(any::<u8>(), 0..8),
        1 => (prop::sample::select(RUNS), 1..max_run).prop_map(|(unit, n)| unit.repeat(n)),
    ]
}

/// Bytes built from log-like pieces, with runs up to `max_run` units long.
fn codeish(max_run: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(fragment(max_run), 0..48).prop_map(|parts| parts.concat())
}

/// Any bytes: uniformly random, or pieced together to look like a log.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![vec(any::<u8>(), 0..2048), codeish(6000)]
}

/// Any text: arbitrary characters (controls and NUL included) or a log-like piece of text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        vec(any::<char>(), 0..160).prop_map(|cs| cs.into_iter().collect()),
        codeish(400).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

/// No provider, or one of the compiled ones.
fn provider() -> impl Strategy<Value = Option<Provider>> {
    let providers: Vec<Provider> = Catalogue::builtin().providers().collect();
    (0..=providers.len()).prop_map(move |i| i.checked_sub(1).map(|i| providers[i]))
}

/// A reader that hands over input in the given read sizes, in turn, like a pipe.
struct Pipe<'a> {
    rest: &'a [u8],
    sizes: Vec<usize>,
    turn: usize,
}

impl Read for Pipe<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let size = self.sizes[self.turn % self.sizes.len()];
        self.turn += 1;
        let n = size.min(self.rest.len()).min(out.len());
        out[..n].copy_from_slice(&self.rest[..n]);
        self.rest = &self.rest[n..];
        Ok(n)
    }
}

/// Whether a hit's text spells its code: the canonical code ends with it, case and leading zeros
/// aside (`aadsts50011` -> `AADSTS50011`; a bare number in `error_codes` -> its Entra code;
/// `AADSTS0050011` -> `AADSTS50011`, as the extractor reads numbers today).
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

/// Checks what a scanner hands over and records (line number, code) per hit.
#[derive(Default)]
struct Checked {
    codes: Vec<(u64, String)>,
    /// Bytes of text (and CRs before line ends) handed over, and the newlines reported.
    bytes: usize,
    newlines: usize,
    last_number: u64,
}

impl Sink for Checked {
    fn line(&mut self, line: &Line<'_>) -> io::Result<()> {
        assert!(line.number >= self.last_number, "line numbers go back: {} after {}", line.number, self.last_number);
        self.last_number = line.number;
        let mut end = 0;
        for h in line.hits {
            assert!(
                end <= h.start && h.start < h.end && h.end <= line.text.len(),
                "{h:?} in {} bytes",
                line.text.len()
            );
            assert!(spells_its_code(line.text, h), "{h:?} is not {:?}", &line.text[h.start..h.end]);
            end = h.end;
            self.codes.push((line.number, h.code.to_string()));
        }
        if matches!(line.piece, Piece::Head | Piece::Middle) {
            assert!(!line.newline, "a line's head or middle ends with a newline");
        }
        self.bytes += line.text.len() + usize::from(line.cr);
        self.newlines += usize::from(line.newline);
        Ok(())
    }
}

fn scan_with(input: &[u8], chunk: usize, opts: Options, sizes: Vec<usize>) -> Checked {
    let mut sink = Checked::default();
    let pipe = Pipe { rest: input, sizes, turn: 0 };
    Scanner::with_chunk(Extractor::new(Catalogue::builtin(), None), opts, chunk)
        .scan(pipe, &mut sink)
        .expect("reading a slice never fails");
    sink
}

/// The smallest buffer the scanner allows: lines of a few KiB already arrive in pieces.
const SMALL_CHUNK: usize = 4096;

// ---------------------------------------------------------------------------------------------
// Scan: the extractor and the streaming scanner

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Random bytes (invalid UTF-8, NULs, very long runs) never panic the extractor, and every
    /// hit lies where it was asked to look and spells its own code.
    #[test]
    fn extractor_never_panics_and_its_hits_spell_their_codes(
        hay in bytes(),
        from in any::<prop::sample::Index>(),
        limit in any::<prop::sample::Index>(),
        provider in provider(),
    ) {
        let ext = Extractor::new(Catalogue::builtin(), provider);
        let from = from.index(hay.len() + 1);
        let limit = from + limit.index(hay.len() - from + 1);
        let mut hits = Vec::new();
        let cut = ext.extract(&hay, from, limit, &mut hits);
        prop_assert!(cut >= limit && cut <= hay.len(), "cut {cut}, limit {limit}, len {}", hay.len());
        for h in &hits {
            prop_assert!(from <= h.start && h.start < h.end && h.end <= cut, "{h:?} from {from} limit {limit}");
            // Only a number in an `error_codes` list or error link may lie past the limit: its key did not.
            prop_assert!(h.start < limit || matches!(h.code, scan::Code::Numbered { provider: "entra", .. }), "{h:?} begins past limit {limit}");
            prop_assert!(spells_its_code(&hay, h), "{h:?}");
            if let (Some(p), Some(e)) = (provider, h.entry) {
                prop_assert!(e.provider() == p, "{} is not {}'s", e.code(), p.id());
            }
        }
        // The hot path agrees with the full extraction: it finds a code when there is one, and
        // skips no line that holds one.
        let mut all = Vec::new();
        ext.extract(&hay, from, hay.len(), &mut all);
        match (ext.first(&hay, from), all.first()) {
            (Some(at), Some(h)) => {
                prop_assert!(at >= from && !hay[h.start.min(at)..at].contains(&b'\n'), "first {at} skips {h:?}")
            }
            (None, None) => {}
            (at, _) => return Err(TestCaseError::fail(format!("first {at:?}, extract {all:?}"))),
        }
        // The IDs beside a code are taken from any bytes without panicking, and are ASCII.
        let ids = scan::ids::find(&hay);
        for v in [ids.trace_id, ids.correlation_id, ids.timestamp].into_iter().flatten() {
            prop_assert!(!v.is_empty() && v.is_ascii(), "{v:?}");
        }
    }

    /// The streaming scanner takes random bytes, in any read sizes, with long lines arriving in
    /// pieces, without panicking; it hands every byte over once (passthru) and gives the same
    /// codes on the same lines however the input was split into reads.
    #[test]
    fn scanner_never_panics_and_read_sizes_do_not_change_what_it_finds(
        input in bytes(),
        sizes in vec(1..9000usize, 1..6),
        every_line in any::<bool>(),
        line_numbers in any::<bool>(),
        ids in any::<bool>(),
    ) {
        let opts = Options { every_line, line_numbers, ids };
        let whole = scan_with(&input, SMALL_CHUNK, opts, vec![usize::MAX]);
        let piped = scan_with(&input, SMALL_CHUNK, opts, sizes);
        prop_assert_eq!(&whole.codes, &piped.codes);
        if every_line {
            let newlines = input.iter().filter(|&&b| b == b'\n').count();
            prop_assert_eq!(whole.newlines, newlines);
            // A CR before a line end is not text, but the line says it was there.
            prop_assert_eq!(whole.bytes + whole.newlines, input.len());
        }
    }

    /// `--passthru` is the identity on lines: its output with the notes taken out is the input,
    /// byte for byte (a last line without a newline gets one before its notes); with the notes
    /// sent elsewhere, the output is the input. Long lines arrive in pieces and reads in any size.
    #[test]
    fn passthru_output_without_its_notes_is_the_input(input in bytes(), sizes in vec(1..9000usize, 1..6)) {
        let (inline, none) = passthru(&input, sizes.clone(), false);
        prop_assert!(none.is_empty());
        prop_assert_eq!(without_notes(&inline, &input), input.clone());
        let (out, notes) = passthru(&input, sizes, true);
        prop_assert_eq!(&out, &input);
        let notes = String::from_utf8(notes).expect("notes are text");
        prop_assert!(notes.lines().all(|n| n.starts_with(NOTE) && !n.chars().any(|c| c.is_control() && c != '\r')), "{notes:?}");
    }

    /// What the other scan modes print for people never holds a control character but line ends
    /// and tabs, whatever bytes the log holds.
    #[test]
    fn scan_output_for_people_holds_no_control_characters(input in bytes(), mode in 0..2usize) {
        colored::control::set_override(false);
        let mode = [Mode::Lines, Mode::OnlyMatching][mode];
        let mut printer = Printer::new(Vec::new(), mode, 80, false);
        printer.input("a\u{1b}[31m\u{202e}name", true);
        let opts = Options { every_line: false, line_numbers: true, ids: true };
        Scanner::with_chunk(Extractor::new(Catalogue::builtin(), None), opts, SMALL_CHUNK)
            .scan(&input[..], &mut printer)
            .expect("a slice reads");
        let out = String::from_utf8(std::mem::take(printer.get_mut())).expect("output is UTF-8");
        let bad = out.chars().find(|&c| (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c));
        prop_assert!(bad.is_none(), "{bad:?} in {out:?}");
    }
}

/// Output a printer writes to a place it owns (`Box<dyn Write>`), readable afterwards.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Standard output and the notes of `scan --passthru` over `input` read in `sizes`, with the
/// notes between the lines or (`elsewhere`) in a stream of their own.
fn passthru(input: &[u8], sizes: Vec<usize>, elsewhere: bool) -> (Vec<u8>, Vec<u8>) {
    let notes = Shared::default();
    let mut printer = Printer::new(Vec::new(), Mode::Passthru, 80, false);
    if elsewhere {
        printer = printer.notes_to(Box::new(notes.clone()));
    }
    let opts = Options { every_line: true, line_numbers: true, ids: false };
    Scanner::with_chunk(Extractor::new(Catalogue::builtin(), None), opts, SMALL_CHUNK)
        .scan(Pipe { rest: input, sizes, turn: 0 }, &mut printer)
        .expect("a slice reads");
    let out = std::mem::take(printer.get_mut());
    drop(printer);
    (out, notes.0.take())
}

/// Passthru output with its notes taken out, walking it beside the input's lines: every output
/// line is the next input line or a note (`stserr> `).
fn without_notes(out: &[u8], input: &[u8]) -> Vec<u8> {
    let mut lines = out.split_inclusive(|&b| b == b'\n');
    let mut kept = Vec::new();
    for want in input.split_inclusive(|&b| b == b'\n') {
        loop {
            let got = lines.next().unwrap_or_else(|| panic!("output ended before {want:?}"));
            if got == want {
                kept.extend_from_slice(want);
                break;
            }
            // The last line, without a newline: one is added when notes follow it.
            if !want.ends_with(b"\n") && got.strip_suffix(b"\n") == Some(want) {
                kept.extend_from_slice(want);
                let rest: Vec<&[u8]> = lines.clone().collect();
                assert!(!rest.is_empty(), "a newline was added but no note follows");
                break;
            }
            assert!(got.starts_with(NOTE.as_bytes()), "{got:?} is neither the line {want:?} nor a note");
        }
    }
    for rest in lines {
        assert!(rest.starts_with(NOTE.as_bytes()), "{rest:?} after the last line");
    }
    kept
}

/// A line too long for the buffer is scanned in pieces, each with 16 bytes (`BEHIND` in
/// src/scan/mod.rs) kept before it for boundary checks, but the GUID check (`in_dashed_hex`)
/// looks up to 40 bytes back. A code that lands at the start of a piece right after a long
/// dashed-hex run is then reported, while the same line read whole reports nothing. Found while
/// writing these properties; fixed by keeping `extract::HEX_REACH` bytes behind each piece.
#[test]
fn a_long_line_scanned_in_pieces_finds_the_same_codes_as_read_whole() {
    let opts = Options { every_line: false, line_numbers: true, ids: true };
    for pad in 0..64 {
        let mut line = vec![b'x'; pad];
        line.push(b' ');
        for _ in 0..200 {
            line.extend_from_slice(b"ab-0123456789abcdef0123-e0000011 ");
        }
        line.push(b'\n');
        let pieces = scan_with(&line, SMALL_CHUNK, opts, vec![usize::MAX]).codes;
        let whole = scan_with(&line, 1 << 20, opts, vec![usize::MAX]).codes;
        assert_eq!(pieces, whole, "padding {pad}");
    }
}

// ---------------------------------------------------------------------------------------------
// Lookup and search

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Arbitrary text never panics the lookup, and every answer is well formed.
    #[test]
    fn lookup_never_panics_on_arbitrary_text(q in text(), provider in provider()) {
        let in_provider = |e: &Entry| provider.is_none_or(|p| e.provider() == p);
        match lookup::lookup(Catalogue::builtin(), &q, provider) {
            Answer::Exact(found) => {
                prop_assert!(!found.is_empty());
                prop_assert!(found.iter().all(&in_provider));
            }
            Answer::Extracted { entries, .. } => {
                prop_assert!(!entries.is_empty() && entries.iter().all(|list| !list.is_empty()));
                prop_assert!(entries.iter().flatten().all(&in_provider));
            }
            Answer::Guess(hits) => {
                prop_assert!(!hits.is_empty() && hits.len() <= lookup::GUESSES);
                prop_assert!(hits.iter().all(|h| in_provider(&h.entry)));
            }
            Answer::Missing { suggestions } => prop_assert!(suggestions.len() <= 3),
            Answer::Decoded { items, .. } => prop_assert!(!items.is_empty()),
        }
        // What is echoed back cannot hold a control character.
        prop_assert!(!stserr::escape::escape(&q).chars().any(char::is_control));
    }

    /// Arbitrary text never panics the search; hits are at most `limit`, best first, one per
    /// entry, of the provider asked for.
    #[test]
    fn search_never_panics_and_keeps_to_its_limit(q in text(), provider in provider(), limit in 0..12usize) {
        let hits = search::search(Catalogue::builtin(), &q, provider, limit);
        prop_assert!(hits.len() <= limit, "{} hits for limit {limit}", hits.len());
        for (i, h) in hits.iter().enumerate() {
            prop_assert!(h.score.is_finite() && h.score > 0.0, "{}", h.score);
            prop_assert!(provider.is_none_or(|p| h.entry.provider() == p));
            prop_assert!(!hits[..i].iter().any(|x| x.entry == h.entry), "{} twice", h.entry.code());
            if i > 0 {
                prop_assert!(hits[i - 1].score >= h.score, "not best first");
            }
        }
    }

    /// Whatever text holds a catalogue code that `stserr scan` would report, a lookup of that
    /// text answers with entries (an exact key may fold the text into another code), and if it
    /// answers from the codes in the text, with every one of them.
    #[test]
    fn a_lookup_explains_every_code_the_scanner_finds(q in text()) {
        let mut hits = Vec::new();
        Extractor::new(Catalogue::builtin(), None).extract(q.as_bytes(), 0, q.len(), &mut hits);
        // Codes read past leading zeros (`AADSTS0050011` as AADSTS50011) are left out: whether
        // the scanner should read them so is an open question, and the lookup does not.
        let spelled = |h: &&Occurrence| {
            let text = String::from_utf8_lossy(&q.as_bytes()[h.start..h.end]).to_ascii_uppercase();
            h.code.to_string().to_ascii_uppercase().ends_with(&text)
        };
        let known: Vec<&str> = hits.iter().filter(spelled).filter_map(|h| h.entry).map(|e| e.code()).collect();
        match lookup::lookup(Catalogue::builtin(), &q, None) {
            Answer::Exact(_) => {}
            Answer::Extracted { entries, .. } => {
                let found: Vec<&str> = entries.iter().map(|list| list[0].code()).collect();
                prop_assert!(known.iter().all(|c| found.contains(c)), "scan finds {known:?}, lookup {found:?}");
            }
            other => prop_assert!(known.is_empty(), "scan finds {known:?} in {q:?}, lookup gives {other:?}"),
        }
    }

    /// A pasted message, JSON body or redirect URL that holds a catalogue code explains that
    /// code, whatever surrounds it.
    #[test]
    fn a_pasted_payload_with_a_code_explains_that_code(noise in text(), frame in 0..5usize) {
        let (code, pasted) = pasted(frame, &noise);
        let found: Vec<&str> = match lookup::lookup(Catalogue::builtin(), &pasted, None) {
            Answer::Exact(found) => found.iter().map(|e| e.code()).collect(),
            Answer::Extracted { entries, .. } => entries.iter().map(|list| list[0].code()).collect(),
            other => return Err(TestCaseError::fail(format!("{other:?}"))),
        };
        prop_assert!(found.contains(&code), "{code} not in {found:?}");
    }
}

/// A code and a text that embeds it with `noise` around it, in one of five framings: a message,
/// Okta's `failed: E…`, an Entra JSON body, a B2C redirect URL, glued in one word.
fn pasted(frame: usize, noise: &str) -> (&'static str, String) {
    match frame {
        0 => ("AADSTS50011", format!("AADSTS50011: The reply URL {noise}")),
        1 => ("E0000011", format!("{noise} failed: E0000011")),
        2 => (
            "AADSTS50126",
            format!(
                r#"{{"error":"invalid_grant","error_description":"AADSTS50126: {noise}","error_codes":[50126],"trace_id":"{noise}"}}"#
            ),
        ),
        3 => (
            "AADB2C90118",
            format!("https://app.example/cb?error=access_denied&error_description=AADB2C90118%3a+{noise}&state=1"),
        ),
        _ => ("AADSTS50011", format!("{}/AADSTS50011", noise.replace(|c: char| !c.is_alphanumeric(), ""))),
    }
}

// ---------------------------------------------------------------------------------------------
// Normalisation

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&[" ", "-", "_", ":", "\t"][..])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A key is already normal: folding it again changes nothing.
    #[test]
    fn key_is_idempotent(s in text()) {
        let k = normalize::key(&s);
        prop_assert_eq!(normalize::key(&k), k.clone());
        prop_assert!(k.chars().all(char::is_alphanumeric), "{k:?}");
    }

    /// ASCII case and separators never change a key, so every spelling of a code meets.
    #[test]
    fn key_ignores_ascii_case_and_separators(
        s in text(),
        seps in vec((any::<prop::sample::Index>(), separator()), 0..4),
    ) {
        let mut spelled = s.to_ascii_uppercase();
        for (at, sep) in seps {
            let mut i = at.index(spelled.len() + 1);
            while !spelled.is_char_boundary(i) {
                i -= 1;
            }
            spelled.insert_str(i, sep);
        }
        prop_assert_eq!(normalize::key(&spelled), normalize::key(&s));
    }

    /// Words joined by spaces split back into the same words: what `clean` and the index builder
    /// re-join is read as it was.
    #[test]
    fn words_joined_by_spaces_are_stable(s in text()) {
        let words = normalize::words(&s);
        prop_assert_eq!(normalize::words(&words.join(" ")), words.clone());
        prop_assert_eq!(normalize::terms(&words.join(" ")), normalize::terms(&s));
    }
}

/// Terms read back from their own output, over every word of the catalogue's prose. Not true
/// today: stemming is one pass and can leave a word it would stem again (`statuses` -> `status`
/// -> `statu`), or reveal a stop word (`hers` -> `her` -> nothing). Both sides of a search go
/// through `terms` once, so no result is wrong, but `status` and `statuses` do not meet. Random
/// text almost never hits these, so this walks the catalogue instead of generating input.
/// Kept for whoever changes `stem`.
#[test]
#[ignore = "known: stem() is not idempotent (statuses -> status -> statu; hers -> her, a stop word)"]
fn terms_of_their_own_output_are_stable() {
    let mut unstable: Vec<(String, String)> = Vec::new();
    for e in Catalogue::builtin().entries(None) {
        let prose = [e.summary(), e.cause()].into_iter().chain(e.fix().iter());
        for word in prose.flat_map(normalize::words) {
            let once = normalize::terms(&word).join(" ");
            let twice = normalize::terms(&once).join(" ");
            if once != twice && !unstable.iter().any(|(w, _)| *w == word) {
                unstable.push((word, format!("{once} -> {twice}")));
            }
        }
    }
    assert!(unstable.is_empty(), "{} words: {unstable:?}", unstable.len());
}

#[test]
fn a_code_glued_to_other_text_in_one_word_is_explained() {
    // One word with no space or JSON/URL punctuation skipped the extractor, so these were misses.
    for (q, want) in [
        ("AADSTS50011/AADSTS50126", &["AADSTS50011", "AADSTS50126"][..]),
        ("AADSTS50011|E0000011", &["AADSTS50011", "E0000011"]),
        ("logs/AADSTS50011", &["AADSTS50011"]),
        ("x_E0000011", &["E0000011"]),
        ("éAADSTS50011", &["AADSTS50011"]),
    ] {
        match lookup::lookup(Catalogue::builtin(), q, None) {
            Answer::Extracted { entries, .. } => {
                assert_eq!(entries.iter().map(|list| list[0].code()).collect::<Vec<_>>(), want, "{q}")
            }
            other => panic!("{q}: {other:?}"),
        }
    }
}

#[test]
fn a_search_limited_to_nothing_finds_nothing() {
    // `stserr search -n 0` used to list every candidate: the limit was checked after a push.
    assert!(search::search(Catalogue::builtin(), "password expired", None, 0).is_empty());
    assert_eq!(search::search(Catalogue::builtin(), "password expired", None, 1).len(), 1);
}

#[test]
fn normalisation_regressions() {
    // U+0130 lower-cases to `i` + U+0307 (a combining mark): keys and words used to keep the
    // mark, which the next fold then dropped.
    assert_eq!(normalize::key("İD-50011"), normalize::key(&normalize::key("İD-50011")));
    assert_eq!(normalize::key("İx"), "ix");
    assert_eq!(normalize::words("İx İD"), ["ix", "id"]);
    // A capital without a lower-case form (U+1D400) was a camelCase hump only before lower-casing.
    assert_eq!(normalize::words("A𝐀"), normalize::words(&normalize::words("A𝐀").join(" ")));
}

// ---------------------------------------------------------------------------------------------
// The catalogue: every key finds its own entry

/// The digits of a prefixed code under its provider's pattern (`AADSTS50011` -> `50011`,
/// `E0000011` -> `0000011`, `CAA2000C` -> `2000C`).
fn bare_number(e: &Entry) -> Option<&'static str> {
    let code = e.code();
    stserr_catalogue::shape::digits(&e.provider().shapes(), code).filter(|d| d.len() < code.len())
}

#[test]
fn every_catalogue_key_looks_up_its_own_entry() {
    let mut numbers = 0;
    for e in Catalogue::builtin().entries(None) {
        let mut keys = vec![e.code().to_string(), e.code().to_ascii_lowercase()];
        keys.extend(e.name().map(str::to_string));
        if let Some(n) = bare_number(&e) {
            keys.push(n.to_string());
            numbers += 1;
        }
        for k in keys {
            match lookup::lookup(Catalogue::builtin(), &k, None) {
                Answer::Exact(found) => {
                    assert!(found.contains(&e), "{k:?} finds {:?}, not {}", codes(&found), e.code())
                }
                other => panic!("{k:?} ({} of {}) is not an exact match: {other:?}", e.code(), e.provider().id()),
            }
            // Within its own provider too.
            match lookup::lookup(Catalogue::builtin(), &k, Some(e.provider())) {
                Answer::Exact(found) => {
                    assert!(found.contains(&e), "{k:?} in {}", e.provider().id())
                }
                other => panic!("{k:?} within {}: {other:?}", e.provider().id()),
            }
        }
    }
    assert!(numbers > 800, "only {numbers} prefixed codes: is bare_number right?");
}

fn codes(entries: &[Entry]) -> Vec<&'static str> {
    entries.iter().map(|e| e.code()).collect()
}

// ---------------------------------------------------------------------------------------------
// JSON output always parses

/// Parses JSON Lines: every line one object, and nothing else.
fn objects(out: &str) -> Vec<serde_json::Map<String, Value>> {
    assert!(out.is_empty() || out.ends_with('\n'), "output does not end with a newline: {out:?}");
    out.lines()
        .map(|l| match serde_json::from_str::<Value>(l) {
            Ok(Value::Object(o)) => o,
            Ok(other) => panic!("not an object: {other}"),
            Err(e) => panic!("{e}: {l}"),
        })
        .collect()
}

#[test]
fn every_entry_serialises_to_one_json_line_that_parses() {
    for e in Catalogue::builtin().entries(None) {
        let line = json::line(&json::EntryJson::from(e));
        let parsed = objects(&line);
        assert_eq!(parsed.len(), 1, "{}", e.code());
        assert_eq!(parsed[0]["code"], e.code());
        assert_eq!(parsed[0]["provider"], e.provider().id());
        assert_eq!(parsed[0]["variants"].as_array().map(Vec::len), Some(e.variants().len()));
    }
}

fn stserr() -> Command {
    let mut c = Command::cargo_bin("stserr").unwrap();
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("STSERR_CATALOGUE").env("COLUMNS", "100");
    c
}

/// A generated query as a command-line argument: no NUL (an argument cannot hold one).
fn arg(s: &str) -> String {
    s.replace('\0', " ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// In-process: search hits and pasted-message answers for arbitrary text serialise to one
    /// line each that parses back with the same code.
    #[test]
    fn hits_and_extracted_answers_serialise_to_json_that_parses(q in text(), frame in 0..6usize) {
        for h in search::search(Catalogue::builtin(), &q, None, 5) {
            let parsed = objects(&json::line(&json::HitJson::from(&h)));
            prop_assert_eq!(parsed.len(), 1);
            prop_assert_eq!(&parsed[0]["code"], h.entry.code());
            prop_assert!(parsed[0]["score"].is_number(), "{:?}", parsed[0]["score"]);
        }
        let text = if frame < 5 { pasted(frame, &q).1 } else { q };
        if let Answer::Extracted { entries, ids: context, .. } = lookup::lookup(Catalogue::builtin(), &text, None) {
            for list in &entries {
                let parsed = objects(&json::line(&json::ExtractedJson::new(list[0], &context, &[], None)));
                prop_assert_eq!(parsed.len(), 1);
                prop_assert_eq!(&parsed[0]["code"], list[0].code());
                prop_assert_eq!(parsed[0]["trace_id"].as_str(), context.trace_id.as_deref());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The real binary: `--json` with generated queries prints only JSON Lines (objects with a
    /// code and provider) and exits 0 or 1.
    #[test]
    fn json_output_of_a_lookup_always_parses(queries in vec(text(), 1..4), provider in provider()) {
        let mut cmd = stserr();
        cmd.arg("--json");
        if let Some(p) = provider {
            cmd.args(["--provider", p.id()]);
        }
        let out = cmd.arg("--").args(queries.iter().map(|q| arg(q))).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        // An empty query is a usage error (2), and so is `-` (read standard input, empty here);
        // anything else is found (0) or not (1).
        let blank = queries.iter().any(|q| arg(q).trim().is_empty() || arg(q) == "-");
        prop_assert_eq!(out.status.code(), if blank { Some(2) } else { out.status.code().filter(|c| *c < 2) }, "{}", err);
        let stdout = String::from_utf8(out.stdout).expect("output is UTF-8");
        for o in objects(&stdout) {
            prop_assert!(o["code"].is_string() && o["provider"].is_string(), "{o:?}");
        }
    }

    /// The real binary: `search --json` and `scan --json` (occurrences or the summary) on
    /// generated text and bytes print only JSON Lines.
    #[test]
    fn json_output_of_search_and_scan_always_parses(q in text(), input in bytes(), summary in any::<bool>()) {
        let out = stserr().args(["search", "--json", "-n", "3", "--", &arg(&q)]).output().unwrap();
        let blank = arg(&q).trim().is_empty();
        prop_assert_eq!(out.status.code(), if blank { Some(2) } else { out.status.code().filter(|c| *c < 2) });
        let hits = objects(&String::from_utf8(out.stdout).expect("output is UTF-8"));
        prop_assert!(hits.len() <= 3);

        let mut scan = stserr();
        scan.args(["scan", "--json"]);
        if summary {
            scan.arg("--summary");
        }
        let out = scan.write_stdin(input).output().unwrap();
        prop_assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
        for o in objects(&String::from_utf8(out.stdout).expect("output is UTF-8")) {
            prop_assert!(o["code"].is_string(), "{o:?}");
            let counted = if summary { &o["count"] } else { &o["line"] };
            prop_assert!(counted.as_u64().is_some_and(|n| n > 0), "{o:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile overlays

/// YAML pieces that nest, quote, comment, alias and continue lines in every order.
const YAML_PIECES: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "[[[[[[[[[[",
    "\"",
    "'",
    "\\",
    "#",
    " ",
    "\n",
    "\n  ",
    ",",
    ": ",
    ":",
    "a",
    "*a",
    "&a ",
    "|\n",
    ">-\n",
    "- ",
    "? ",
    "\t",
    "\"]\", ",
    "'[', ",
    "it's ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The layout pre-scan agrees with the parser where it matters: whatever it lets through never
    /// nests flow collections deep enough for the parser's own limit (so the parser's time, which
    /// grows with the square of that nesting, stays small), and reading never panics.
    #[test]
    fn an_overlay_the_pre_scan_lets_through_never_nests_past_the_parser_limit(
        pieces in vec(proptest::sample::select(YAML_PIECES), 0..120),
        depth in 0..200usize,
    ) {
        let text = format!("entries: {}{}\n", pieces.concat(), "[".repeat(depth));
        let mut problems = Vec::new();
        let _ = stserr_catalogue::validate::parse_file("t.yaml", &text, &mut problems);
        for p in &problems {
            prop_assert!(!p.message.contains("values nest more than 128 deep"), "{p}\n{text:?}");
        }
    }
}
