//! Finds error codes in raw bytes: one Aho-Corasick pass over the literal prefixes and the
//! catalogue's error names, then byte-level checks that a match is a whole token and not part
//! of an identifier, a GUID or a hash. No regex, no allocation per match.

use super::prefilter::Prefilter;
use crate::catalogue::{self, Entry, Provider};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// A code family with a fixed shape: a prefix and a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// `AADSTS` + digits (Microsoft Entra ID).
    Entra,
    /// `AADB2C` + digits (Azure AD B2C).
    B2c,
    /// `E` + seven digits (Okta).
    Okta,
}

impl Family {
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Entra => "AADSTS",
            Family::B2c => "AADB2C",
            Family::Okta => "E",
        }
    }

    /// The provider id this family's codes belong to, also when the catalogue lacks the code.
    pub fn provider_id(self) -> &'static str {
        match self {
            Family::Entra => "entra",
            Family::B2c => "b2c",
            Family::Okta => "okta",
        }
    }

    /// Family and number of a canonical code (`AADSTS50011`, `E0000011`).
    fn parse(code: &str) -> Option<(Family, u32)> {
        for f in [Family::Entra, Family::B2c, Family::Okta] {
            let p = f.prefix();
            if code.len() > p.len() && code[..p.len()].eq_ignore_ascii_case(p) {
                let digits = &code[p.len()..];
                let ok = digits.bytes().all(|b| b.is_ascii_digit()) && (f != Family::Okta || digits.len() == 7);
                if ok && digits.len() <= MAX_DIGITS {
                    return digits.parse().ok().map(|n| (f, n));
                }
            }
        }
        None
    }
}

/// A code as found: numbered codes by family and number, names by their place in the name table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Numbered(Family, u32),
    Name(u16),
}

impl Code {
    pub fn family(self) -> Option<Family> {
        match self {
            Code::Numbered(f, _) => Some(f),
            Code::Name(_) => None,
        }
    }
}

/// The canonical spelling: `AADSTS50011`, `E0000011`, `invalid_grant`.
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Code::Numbered(Family::Okta, n) => write!(f, "E{n:07}"),
            Code::Numbered(fam, n) => write!(f, "{}{n}", fam.prefix()),
            Code::Name(i) => f.write_str(TABLES.names[i as usize].text),
        }
    }
}

/// One code found in a line. `start..end` is where its text is (for a number in `error_codes`,
/// the number alone); `entry` is `None` for a code of a known family that the catalogue lacks.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub code: Code,
    pub entry: Option<&'static Entry>,
    pub start: usize,
    pub end: usize,
}

impl Hit {
    pub fn provider_id(&self) -> &'static str {
        match (self.entry, self.code.family()) {
            (Some(e), _) => e.provider().id,
            (None, Some(f)) => f.provider_id(),
            (None, None) => "",
        }
    }
}

/// More digits than this after a prefix is not a code (and would not fit a u32).
const MAX_DIGITS: usize = 9;
/// How far an `error_codes` list may run after its key.
const LIST_SPAN: usize = 512;

enum Pat {
    Prefix(Family),
    /// `"error_codes":[50011,50076]`: bare Entra numbers.
    ErrorCodes,
    /// `login.microsoftonline.com/error?code=50011`, plain or URL-encoded.
    ErrorLink,
    Name(u16),
}

struct Name {
    text: &'static str,
    /// Entries whose code is this name, in display order (the standard meaning first).
    entries: Vec<&'static Entry>,
}

struct Tables {
    ac: AhoCorasick,
    pats: Vec<Pat>,
    names: Vec<Name>,
    numbered: HashMap<(Family, u32), Vec<&'static Entry>>,
    pre: Option<Prefilter>,
}

/// Built on first use, after any catalogue overlay has been loaded.
static TABLES: LazyLock<Tables> = LazyLock::new(Tables::build);

/// Names worth scanning for: with an underscore, hyphen or inner capital. A plain word that
/// happens to be an error name (`unauthorized`) is ordinary English in a log line.
fn scannable(code: &str) -> bool {
    let shaped = code.contains(['_', '-']) || code.bytes().skip(1).any(|b| b.is_ascii_uppercase());
    shaped
        && code.len() >= 4
        && code.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-')
        && code.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
}

impl Tables {
    fn build() -> Tables {
        let fixed: [(&str, Pat); 6] = [
            ("aadsts", Pat::Prefix(Family::Entra)),
            ("aadb2c", Pat::Prefix(Family::B2c)),
            ("e0000", Pat::Prefix(Family::Okta)),
            ("error_codes", Pat::ErrorCodes),
            ("error?code=", Pat::ErrorLink),
            ("error%3fcode%3d", Pat::ErrorLink),
        ];
        let mut literals: Vec<String> = Vec::new();
        let mut pats = Vec::new();
        for (lit, pat) in fixed {
            literals.push(lit.to_string());
            pats.push(pat);
        }
        let mut names: Vec<Name> = Vec::new();
        let mut numbered: HashMap<(Family, u32), Vec<&'static Entry>> = HashMap::new();
        for e in catalogue::entries(None) {
            if let Some(key) = Family::parse(e.code) {
                numbered.entry(key).or_default().push(e);
                continue;
            }
            let lower = e.code.to_ascii_lowercase();
            if !scannable(e.code) || literals.contains(&lower) {
                continue;
            }
            let entries = catalogue::by_key(e.code).filter(|x| x.code.eq_ignore_ascii_case(e.code)).collect();
            pats.push(Pat::Name(names.len() as u16));
            names.push(Name { text: e.code, entries });
            literals.push(lower);
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&literals)
            .expect("a few hundred short literals always build");
        let pre = Prefilter::build(&literals);
        Tables { ac, pats, names, numbered, pre }
    }
}

/// The extractor for one run: the shared automaton plus the provider filter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extractor {
    provider: Option<&'static Provider>,
}

impl Extractor {
    /// With a provider, only codes that belong to it are found.
    pub fn new(provider: Option<&'static Provider>) -> Extractor {
        LazyLock::force(&TABLES);
        Extractor { provider }
    }

    /// Appends to `out` every code whose match begins in `hay[from..limit]`. Bytes outside that
    /// range are looked at only for token boundaries. Returns the furthest end of a code found
    /// (at least `limit`), so a caller cutting a long line never cuts through one.
    pub fn extract(&self, hay: &[u8], from: usize, limit: usize, out: &mut Vec<Hit>) -> usize {
        let mut cut = limit;
        let mut pos = from;
        while let Some(m) = TABLES.ac.find(Input::new(hay).span(pos..hay.len())) {
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
        match TABLES.pre.as_ref() {
            Some(pre) => pre.windows(hay, from).find_map(|(start, end)| self.first_in(hay, start, end)),
            None => self.first_in(hay, from, hay.len()),
        }
    }

    /// The first verified code whose literal lies in `hay[from..to]`.
    fn first_in(&self, hay: &[u8], from: usize, to: usize) -> Option<usize> {
        let mut pos = from;
        while let Some(m) = TABLES.ac.find(Input::new(hay).span(pos..to)) {
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
    fn verify(&self, hay: &[u8], start: usize, end: usize, pat: usize, emit: &mut dyn FnMut(Hit)) -> usize {
        let t = &*TABLES;
        match t.pats[pat] {
            Pat::Prefix(family) => {
                let digits_at = if family == Family::Okta { start + 1 } else { end };
                let n = digits(hay, digits_at);
                let stop = digits_at + n;
                let shape = if family == Family::Okta { n == 7 } else { (1..=MAX_DIGITS).contains(&n) };
                let alnum = |b: u8| b.is_ascii_alphanumeric();
                if shape
                    && starts_token(hay, start, alnum)
                    && ends_token(hay, stop, alnum)
                    && !in_dashed_hex(hay, start, stop)
                {
                    self.number(family, &hay[digits_at..stop], start, stop, emit);
                }
                stop.max(start + 1)
            }
            Pat::ErrorLink => {
                let n = digits(hay, end);
                if (1..=MAX_DIGITS).contains(&n) && ends_token(hay, end + n, |b| b.is_ascii_alphanumeric()) {
                    self.number(Family::Entra, &hay[end..end + n], end, end + n, emit);
                }
                end + n
            }
            Pat::ErrorCodes if starts_token(hay, start, is_word) && ends_token(hay, end, is_word) => {
                self.error_codes(hay, end, emit)
            }
            Pat::ErrorCodes => end,
            Pat::Name(i) => {
                if starts_token(hay, start, is_word) && ends_token(hay, end, is_word) {
                    let entry = t.names[i as usize].entries.iter().copied().find(|e| self.wants(e));
                    if let Some(entry) = entry {
                        emit(Hit { code: Code::Name(i), entry: Some(entry), start, end });
                    }
                }
                end
            }
        }
    }

    /// A numbered code: known when the catalogue has it, else reported as unknown of its family.
    fn number(&self, family: Family, digits: &[u8], start: usize, end: usize, emit: &mut dyn FnMut(Hit)) {
        let n = digits.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        let code = Code::Numbered(family, n);
        let known = TABLES.numbered.get(&(family, n));
        match known.and_then(|es| es.iter().copied().find(|e| self.wants(e))) {
            Some(e) => emit(Hit { code, entry: Some(e), start, end }),
            None if self.provider.is_none_or(|p| p.id == family.provider_id()) => {
                emit(Hit { code, entry: None, start, end })
            }
            None => {}
        }
    }

    /// `"error_codes":[50011,50076]` after the key at `at`, with JSON escapes or not.
    fn error_codes(&self, hay: &[u8], mut at: usize, emit: &mut dyn FnMut(Hit)) -> usize {
        let stop = hay.len().min(at + LIST_SPAN);
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
            let n = digits(&hay[..stop], at);
            if n == 0 || n > MAX_DIGITS {
                return at;
            }
            self.number(Family::Entra, &hay[at..at + n], at, at + n, emit);
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
        self.provider.is_none_or(|p| std::ptr::eq(e.provider(), p))
    }
}

pub(super) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn digits(hay: &[u8], at: usize) -> usize {
    hay.get(at..).map_or(0, |s| s.iter().take_while(|b| b.is_ascii_digit()).count())
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

    fn codes(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Extractor::new(None).extract(text.as_bytes(), 0, text.len(), &mut out);
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
        Extractor::new(None).extract(b"AADSTS99999999", 0, 14, &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].entry.is_none());
        assert_eq!(out[0].provider_id(), "entra");
    }

    #[test]
    fn a_provider_keeps_only_its_codes() {
        let okta = catalogue::provider("okta");
        let mut out = Vec::new();
        let text = b"AADSTS50011 E0000011 invalid_grant AADSTS99999999";
        Extractor::new(okta).extract(text, 0, text.len(), &mut out);
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
        let ext = Extractor::new(None);
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
        assert_eq!(Extractor::new(None).first(text, 0), Some(25));
        assert_eq!(Extractor::new(None).first(b"nothing here", 0), None);
    }
}
