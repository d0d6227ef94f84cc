//! Finds error codes in raw bytes: one Aho-Corasick pass over the literal prefixes, number
//! contexts and error names of every provider (compiled or overlay alike), then byte-level checks
//! that a match is a whole token and not part of an identifier, a GUID or a hash. No regex, no
//! allocation per match. Everything it looks for is derived from the catalogue's data.

use super::prefilter::Prefilter;
use crate::catalogue::{Catalogue, Entry, Provider};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use std::collections::HashMap;
use std::fmt;
use stserr_catalogue::shape::Shape;

/// A code as found. Numbered codes keep their shape so that a code the catalogue lacks is still
/// printed in its family's canonical spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Numbered { provider: &'static str, prefix: &'static str, hex: bool, width: u8, value: u64 },
    Name(&'static str),
}

/// The canonical spelling: `AADSTS50011`, `E0000011`, `invalid_grant`.
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Code::Numbered { prefix, hex: true, width, value, .. } => {
                write!(f, "{prefix}{value:0w$X}", w = width as usize)
            }
            Code::Numbered { prefix, width, value, .. } => write!(f, "{prefix}{value:0w$}", w = width as usize),
            Code::Name(name) => f.write_str(name),
        }
    }
}

/// One code found in a line. `start..end` is where its text is (for a number after a context
/// such as `error_codes`, the number alone); `entry` is `None` for a code of a known shape that
/// the catalogue lacks.
#[derive(Debug, Clone, Copy)]
pub struct Occurrence {
    pub code: Code,
    pub entry: Option<Entry>,
    pub start: usize,
    pub end: usize,
}

impl Occurrence {
    pub fn provider_id(&self) -> &'static str {
        match (self.entry, self.code) {
            (Some(e), _) => e.provider().id(),
            (None, Code::Numbered { provider, .. }) => provider,
            (None, Code::Name(_)) => "",
        }
    }
}

/// More decimal digits than this after a prefix of open length is not a code.
const MAX_DIGITS: usize = 9;
/// How far a list of numbers may run after a number context (`"error_codes":[…]`).
const LIST_SPAN: usize = 512;

/// A scanned code shape: a provider's prefix and digits.
#[derive(Debug)]
struct Scanned {
    provider: Provider,
    prefix: &'static str,
    hex: bool,
    count: Option<usize>,
}

impl Scanned {
    fn code(&self, value: u64) -> Code {
        let width = self.count.unwrap_or(0) as u8;
        Code::Numbered { provider: self.provider.id(), prefix: self.prefix, hex: self.hex, width, value }
    }
}

enum Pat {
    /// A literal that starts a code of shape `shapes[i]`.
    Prefix(usize),
    /// Text after which bare numbers are codes of shape `shapes[i]`.
    Context(usize),
    Name(usize),
}

struct Name {
    text: &'static str,
    /// Entries whose code is this name, in display order (the standard meaning first).
    entries: Vec<Entry>,
}

/// What the extractor looks for, built once per catalogue.
pub struct Automaton {
    ac: AhoCorasick,
    pats: Vec<Pat>,
    shapes: Vec<Scanned>,
    names: Vec<Name>,
    numbered: HashMap<(usize, u64), Vec<Entry>>,
    pre: Option<Prefilter>,
}

/// Names worth scanning for: with an underscore, hyphen or inner capital. A plain word that
/// happens to be an error name (`unauthorized`) is ordinary English in a log line.
fn scannable(code: &str) -> bool {
    let shaped = code.contains(['_', '-']) || code.bytes().skip(1).any(|b| b.is_ascii_uppercase());
    shaped
        && code.len() >= 4
        && code.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-')
        && code.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
}

/// The longest common prefix of `codes` that leaves at least one digit of each free, lower-cased
/// and at least `prefix` long: Okta's codes all begin `E0000`, a longer anchor than `E`.
fn common_prefix<'a>(prefix: &str, mut codes: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = codes.next() else { return prefix.to_ascii_lowercase() };
    let mut n = first.len() - 1;
    for c in codes {
        let shared = first.bytes().zip(c.bytes()).take_while(|(a, b)| a.eq_ignore_ascii_case(b)).count();
        n = n.min(shared).min(c.len() - 1);
    }
    first[..n.max(prefix.len()).min(first.len())].to_ascii_lowercase()
}

impl Automaton {
    pub fn build(cat: &'static Catalogue) -> Automaton {
        let mut literals: Vec<String> = Vec::new();
        let mut pats = Vec::new();
        let mut shapes = Vec::new();
        let mut numbered: HashMap<(usize, u64), Vec<Entry>> = HashMap::new();
        for p in cat.providers() {
            let provider_shapes = p.shapes();
            let mut context_shape = None;
            for shape in &provider_shapes {
                let Shape::Prefixed { prefix, hex, count } = shape else { continue };
                let id = shapes.len();
                let fitting = || cat.entries(Some(p)).filter(|e| shape.digits(e.code()).is_some());
                for e in fitting() {
                    let digits = shape.digits(e.code()).unwrap_or("");
                    let value = u64::from_str_radix(digits, if *hex { 16 } else { 10 }).unwrap_or(u64::MAX);
                    numbered.entry((id, value)).or_default().push(e);
                }
                context_shape.get_or_insert(id);
                let prefix: &'static str = Box::leak(prefix.clone().into_boxed_str());
                shapes.push(Scanned { provider: p, prefix, hex: *hex, count: *count });
                // A literal of three bytes or more keeps the automaton off ordinary words.
                let literal = common_prefix(prefix, fitting().map(|e| e.code()));
                if literal.len() >= 3 && !literals.contains(&literal) {
                    literals.push(literal);
                    pats.push(Pat::Prefix(id));
                }
            }
            if let Some(id) = context_shape {
                for ctx in p.number_contexts().iter() {
                    literals.push(ctx.to_ascii_lowercase());
                    pats.push(Pat::Context(id));
                }
            }
        }
        let mut names: Vec<Name> = Vec::new();
        for e in cat.entries(None) {
            let lower = e.code().to_ascii_lowercase();
            if !scannable(e.code()) || literals.contains(&lower) {
                continue;
            }
            let entries = cat.by_key(e.code()).filter(|x| x.code().eq_ignore_ascii_case(e.code())).collect();
            pats.push(Pat::Name(names.len()));
            names.push(Name { text: e.code(), entries });
            literals.push(lower);
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&literals)
            .expect("short literals always build");
        let pre = Prefilter::build(&literals);
        Automaton { ac, pats, shapes, names, numbered, pre }
    }
}

/// The extractor for one run: the catalogue's automaton plus the provider filter.
#[derive(Clone, Copy)]
pub struct Extractor {
    auto: &'static Automaton,
    provider: Option<Provider>,
}

impl Extractor {
    /// With a provider, only codes that belong to it are found.
    pub fn new(cat: &'static Catalogue, provider: Option<Provider>) -> Extractor {
        Extractor { auto: cat.automaton(), provider }
    }

    /// Appends to `out` every code whose match begins in `hay[from..limit]`. Bytes outside that
    /// range are looked at only for token boundaries. Returns the furthest end of a code found
    /// (at least `limit`), so a caller cutting a long line never cuts through one.
    pub fn extract(&self, hay: &[u8], from: usize, limit: usize, out: &mut Vec<Occurrence>) -> usize {
        let mut cut = limit;
        let mut pos = from;
        while let Some(m) = self.auto.ac.find(Input::new(hay).span(pos..hay.len())) {
            if m.start() >= limit {
                break;
            }
            let before = out.len();
            let next = self.verify(hay, m.start(), m.end(), m.pattern().as_usize(), &mut |h| out.push(h));
            for h in &out[before..] {
                cut = cut.max(h.end);
            }
            pos = if out.len() > before { next } else { m.start() + 1 };
        }
        cut
    }

    /// Where a code at or after `from` begins, if any, such that no line before its line holds
    /// one: the hot path uses it to skip lines without codes. The automaton runs only on the
    /// prefilter's windows, in order.
    pub fn first(&self, hay: &[u8], from: usize) -> Option<usize> {
        match self.auto.pre.as_ref() {
            Some(pre) => pre.windows(hay, from).find_map(|(start, end)| self.first_in(hay, start, end)),
            None => self.first_in(hay, from, hay.len()),
        }
    }

    /// The first verified code whose literal lies in `hay[from..to]`.
    fn first_in(&self, hay: &[u8], from: usize, to: usize) -> Option<usize> {
        let mut pos = from;
        while let Some(m) = self.auto.ac.find(Input::new(hay).span(pos..to)) {
            let mut found = false;
            self.verify(hay, m.start(), m.end(), m.pattern().as_usize(), &mut |_| found = true);
            if found {
                return Some(m.start());
            }
            pos = m.start() + 1;
        }
        None
    }

    /// Checks one literal match; emits its codes and returns where scanning may go on.
    fn verify(&self, hay: &[u8], start: usize, end: usize, pat: usize, emit: &mut dyn FnMut(Occurrence)) -> usize {
        let a = self.auto;
        match a.pats[pat] {
            Pat::Prefix(id) => {
                let s = &a.shapes[id];
                let digits_at = start + s.prefix.len();
                let n = run(hay, digits_at, s.hex);
                let stop = digits_at + n;
                let shape = match s.count {
                    Some(c) => n == c,
                    None => (1..=if s.hex { 16 } else { MAX_DIGITS }).contains(&n),
                };
                let alnum = |b: u8| b.is_ascii_alphanumeric();
                if shape
                    && starts_token(hay, start, alnum)
                    && ends_token(hay, stop, alnum)
                    && !in_dashed_hex(hay, start, stop)
                {
                    self.number(id, &hay[digits_at..stop], start, stop, emit);
                }
                stop.max(start + 1)
            }
            Pat::Context(id) if starts_token(hay, start, is_word) => self.after_context(id, hay, end, emit),
            Pat::Context(_) => end,
            Pat::Name(i) => {
                if starts_token(hay, start, is_word) && ends_token(hay, end, is_word) {
                    let entry = a.names[i].entries.iter().copied().find(|e| self.wants(e));
                    if let Some(entry) = entry {
                        emit(Occurrence { code: Code::Name(a.names[i].text), entry: Some(entry), start, end });
                    }
                }
                end
            }
        }
    }

    /// A numbered code: known when the catalogue has it, else reported as unknown of its shape.
    fn number(&self, id: usize, digits: &[u8], start: usize, end: usize, emit: &mut dyn FnMut(Occurrence)) {
        let s = &self.auto.shapes[id];
        let radix = if s.hex { 16 } else { 10 };
        let value =
            digits.iter().fold(0u64, |n, &d| n.wrapping_mul(radix) + u64::from((d as char).to_digit(16).unwrap_or(0)));
        let code = s.code(value);
        let known = self.auto.numbered.get(&(id, value));
        match known.and_then(|es| es.iter().copied().find(|e| self.wants(e))) {
            Some(e) => emit(Occurrence { code, entry: Some(e), start, end }),
            None if self.provider.is_none_or(|p| p == s.provider) => emit(Occurrence { code, entry: None, start, end }),
            None => {}
        }
    }

    /// Bare numbers after a number context: one (`error?code=50011`) or a list
    /// (`"error_codes":[50011,50076]`), with JSON escapes or not.
    fn after_context(&self, id: usize, hay: &[u8], mut at: usize, emit: &mut dyn FnMut(Occurrence)) -> usize {
        let stop = hay.len().min(at + LIST_SPAN);
        if run(hay, at, false) > 0 {
            let n = run(hay, at, false);
            if n <= MAX_DIGITS && ends_token(hay, at + n, |b| b.is_ascii_alphanumeric()) {
                self.number(id, &hay[at..at + n], at, at + n, emit);
            }
            return at + n;
        }
        if hay.get(at).is_some_and(|&b| is_word(b)) {
            return at;
        }
        let mut sep = false;
        while at < stop && matches!(hay[at], b'"' | b'\\' | b' ' | b'\t' | b':' | b'=') {
            sep |= matches!(hay[at], b':' | b'=');
            at += 1;
        }
        if !sep || at >= stop || hay[at] != b'[' {
            return at;
        }
        at += 1;
        loop {
            while at < stop && matches!(hay[at], b' ' | b'\t' | b'"' | b'\\') {
                at += 1;
            }
            let n = run(&hay[..stop], at, false);
            if n == 0 || n > MAX_DIGITS {
                return at;
            }
            self.number(id, &hay[at..at + n], at, at + n, emit);
            at += n;
            while at < stop && matches!(hay[at], b' ' | b'\t' | b'"' | b'\\') {
                at += 1;
            }
            if at < stop && hay[at] == b',' {
                at += 1;
            } else {
                return at;
            }
        }
    }

    fn wants(&self, e: &Entry) -> bool {
        self.provider.is_none_or(|p| e.provider() == p)
    }
}

pub(super) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// How many decimal (or hex) digits start at `at`.
fn run(hay: &[u8], at: usize, hex: bool) -> usize {
    let digit = |b: &&u8| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() };
    hay.get(at..).map_or(0, |s| s.iter().take_while(digit).count())
}

/// Whether a token may begin at `i`: the byte before is no part of a word, or closes an escape
/// (`\n` in JSON text, `%3A` in a URL, `\u0022`), after which a new token begins.
pub(crate) fn starts_token(hay: &[u8], i: usize, word: impl Fn(u8) -> bool) -> bool {
    if i == 0 || !word(hay[i - 1]) {
        return true;
    }
    let b = &hay[..i];
    let n = b.len();
    let hex = |x: &u8| x.is_ascii_hexdigit();
    (n >= 2 && b[n - 2] == b'\\' && b"nrtbf".contains(&b[n - 1]))
        || (n >= 3 && b[n - 3] == b'%' && hex(&b[n - 2]) && hex(&b[n - 1]))
        || (n >= 6 && &b[n - 6..n - 4] == b"\\u" && b[n - 4..].iter().all(hex))
}

fn ends_token(hay: &[u8], j: usize, word: impl Fn(u8) -> bool) -> bool {
    hay.get(j).is_none_or(|&b| !word(b))
}

/// Whether `start..end` sits in a dashed hex identifier such as a GUID: `aadb2c…` and `e0000…`
/// are hex themselves, so a GUID group can spell them.
/// How far either side of a candidate the dashed-hex check looks; the reader keeps this much of
/// the previous piece of a long line so that the check sees the same bytes either way.
pub(crate) const HEX_REACH: usize = 40;

fn in_dashed_hex(hay: &[u8], start: usize, end: usize) -> bool {
    let hexdash = |b: u8| b.is_ascii_hexdigit() || b == b'-';
    if !hay[start..end].iter().all(|&b| b.is_ascii_hexdigit()) {
        return false;
    }
    let mut a = start;
    while a > 0 && start - a < HEX_REACH && hexdash(hay[a - 1]) {
        a -= 1;
    }
    let mut z = end;
    while z < hay.len() && z - end < HEX_REACH && hexdash(hay[z]) {
        z += 1;
    }
    hay[a..z].iter().filter(|&&b| b == b'-').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    fn codes(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Extractor::new(Catalogue::builtin(), None).extract(text.as_bytes(), 0, text.len(), &mut out);
        out.iter().map(|h| h.code.to_string()).collect()
    }

    #[test]
    fn prefixed_codes_in_any_case_glued_to_punctuation() {
        assert_eq!(codes("(AADSTS50011) aadsts50126: x"), ["AADSTS50011", "AADSTS50126"]);
        assert_eq!(codes("[AADB2C90118]"), ["AADB2C90118"]);
        assert_eq!(codes("errorCode\":\"E0000011\""), ["E0000011"]);
        assert_eq!(codes("e0000004,"), ["E0000004"]);
    }

    #[test]
    fn escapes_end_the_token_before_a_code() {
        assert_eq!(codes(r#"error\r\nAADSTS50076: Due"#), ["AADSTS50076"]);
        assert_eq!(codes("error_description=AADSTS650057%3a+Invalid"), ["AADSTS650057"]);
        assert_eq!(codes("desc%3AAADSTS50011"), ["AADSTS50011"]);
        assert_eq!(codes(r#"\u0022invalid_grant\u0022"#), ["invalid_grant"]);
        assert_eq!(codes("error=invalid_client&error_description=x"), ["invalid_client"]);
    }

    #[test]
    fn names_are_whole_tokens_in_any_case() {
        assert_eq!(codes("xinvalid_grantx invalid_grant_type my_invalid_grant"), Vec::<String>::new());
        assert_eq!(codes("\"INVALID_GRANT\""), ["invalid_grant"]);
        assert_eq!(codes("invalid_request_uri invalid_request"), ["invalid_request_uri", "invalid_request"]);
    }

    #[test]
    fn bare_numbers_only_in_error_codes_and_error_links() {
        assert_eq!(codes(r#""error_codes":[50011, 50076]"#), ["AADSTS50011", "AADSTS50076"]);
        assert_eq!(codes(r#"\"error_codes\":[700016]"#), ["AADSTS700016"]);
        assert_eq!(codes("https://login.microsoftonline.com/error?code=50011"), ["AADSTS50011"]);
        assert_eq!(codes("error%3Fcode%3D50126&x"), ["AADSTS50126"]);
        assert!(codes("took 50011 ms at 2024-01-01 10:00:00Z, code 50126").is_empty());
        assert!(codes(r#""codes":[50011]"#).is_empty());
    }

    #[test]
    fn ids_hashes_and_guids_are_never_codes() {
        assert!(codes("e0000011-5d8b-4c43-a2e1-9b1c4e1f0a11").is_empty(), "a GUID's first group");
        assert!(codes("0b5d8e2c-4c43-a2e1-9b1c-aadb2c123456").is_empty(), "a GUID's last group");
        assert!(codes("sha256:9f86d081e0000011aadb2c9011d1f").is_empty());
        assert!(codes("\"errorId\":\"oaeE0000011xyz\"").is_empty());
        assert!(codes("AADSTS AADSTSx E00001 E00000011 AADSTS1234567890").is_empty());
    }

    #[test]
    fn unknown_codes_of_a_known_family_are_kept() {
        let mut out = Vec::new();
        Extractor::new(Catalogue::builtin(), None).extract(b"AADSTS99999999", 0, 14, &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].entry.is_none());
        assert_eq!(out[0].provider_id(), "entra");
    }

    #[test]
    fn a_provider_keeps_only_its_codes() {
        let okta = Catalogue::builtin().provider("okta");
        let mut out = Vec::new();
        let text = b"AADSTS50011 E0000011 invalid_grant AADSTS99999999";
        Extractor::new(Catalogue::builtin(), okta).extract(text, 0, text.len(), &mut out);
        let got: Vec<(String, &str)> = out.iter().map(|h| (h.code.to_string(), h.provider_id())).collect();
        assert_eq!(got, [("E0000011".to_string(), "okta"), ("invalid_grant".to_string(), "okta")]);
    }

    #[test]
    fn the_prefilter_finds_the_same_first_line_as_the_automaton_alone() {
        let parts: [&[u8]; 24] = [
            b"AADSTS50011",
            b"aadsts",
            b"AaDb2C90118",
            b"E0000011",
            b"e00",
            b"invalid_grant",
            b"INVALID_GRANT",
            b"trace_id",
            b"_",
            b"x",
            b"\\n",
            b"%22",
            b"\\u0022",
            b" ",
            b"\n",
            b"error_codes\":[50011]",
            b"error?code=50126",
            b"ERROR%3Fcode%3D50011",
            b"PasswordStrengthError",
            b"pas",
            b"0b5d8e2c-1a2b-4c43-a2e1-aadb2c123456",
            b"-",
            b"r?c",
            b"user_id",
        ];
        let ext = Extractor::new(Catalogue::builtin(), None);
        let mut seed: u64 = 6;
        for _ in 0..3000 {
            let mut hay = Vec::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                hay.extend_from_slice(parts[(seed >> 33) as usize % parts.len()]);
            }
            let line = |at: Option<usize>| at.map(|p| hay[..p].iter().filter(|&&b| b == b'\n').count());
            let from = (seed >> 20) as usize % 4;
            assert_eq!(
                line(ext.first(&hay, from)),
                line(ext.first_in(&hay, from, hay.len())),
                "{:?}",
                String::from_utf8_lossy(&hay)
            );
        }
    }

    #[test]
    fn first_skips_candidates_that_are_not_codes() {
        let text = b"aadsts xinvalid_grant ok AADSTS50011";
        assert_eq!(Extractor::new(Catalogue::builtin(), None).first(text, 0), Some(25));
        assert_eq!(Extractor::new(Catalogue::builtin(), None).first(b"nothing here", 0), None);
    }
}
