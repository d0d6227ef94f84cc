//! Finds error codes in raw bytes: one Aho-Corasick pass over the literal prefixes, number
//! contexts and error names of every provider (compiled or overlay alike), then byte-level checks
//! that a match is a whole token and not part of an identifier, a GUID or a hash. No regex, no
//! allocation per match. Everything it looks for is derived from the catalogue's data.

use super::prefilter::{Prefilter, Regions};
use crate::catalogue::{Catalogue, Entry, Provider};
use crate::quick_hash::QuickHash;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, Match, MatchKind, packed};
use memchr::{memchr, memrchr};
use std::collections::{HashMap, HashSet};
use std::fmt;
use stserr_catalogue::shape::{self, SHAPE_REACH, Shape};

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

/// How far either side of a name the line is searched for context words.
const LINE_REACH: usize = 512;

/// Message grammar in which a plain word (`Responder`) is a code when a context word of its
/// provider is on the line: `"code": "X"`, `ErrorCode: X`, `Status: X`, `Class: X: text` and
/// `Outer/Inner`. A provider's own `shapes` need no context word. This is syntax, not a provider
/// fact: which words are codes, and whose, comes from the catalogue.
const GENERIC_SHAPES: [&str; 5] =
    ["\"code\": \"{code}\"", "ErrorCode: {code}", "Status: {code}", ": {code}:", "{code}/"];

/// A scanned code shape: a provider's prefix and digits.
#[derive(Debug)]
struct Scanned {
    provider: Provider,
    prefix: &'static str,
    hex: bool,
    count: Option<usize>,
    /// A hex code of an HRESULT provider, also written after `0x` (`0xCAA2000C`).
    zero_x: bool,
}

impl Scanned {
    fn code(&self, value: u64) -> Code {
        let width = self.count.unwrap_or(0) as u8;
        Code::Numbered { provider: self.provider.id(), prefix: self.prefix, hex: self.hex, width, value }
    }

    /// The digits value under which this shape spells a 32-bit value.
    fn spell(&self, v: u32) -> Option<u64> {
        let s = Shape::Prefixed { prefix: self.prefix.to_string(), hex: self.hex, count: self.count };
        shape::spells(&s, v)
    }
}

enum Pat {
    /// A literal that starts a code of shape `shapes[i]`.
    Prefix(usize),
    /// Text after which bare numbers are codes of shape `shapes[i]`.
    Context(usize),
    Name(usize),
    /// The leading hex digits of a family: eight hex digits, bare or after `0x`.
    Hex,
    /// The leading decimal digits of a family's values, unsigned or (after a minus sign that is
    /// no part of the literal) signed.
    Decimal,
}

struct Name {
    /// Entries whose code is this name, in display order (the standard meaning first), each
    /// with its code's spelling (read once here: the tables decode text on every access).
    entries: Vec<(Entry, &'static str)>,
    /// An ordinary word (`Responder`): a code only in a message shape, and only in its own case.
    plain: bool,
    /// Shapes or context words may decide which entry it is.
    voiced: bool,
}

/// A provider's 32-bit values with the leading hex digits of a family, spelled by `shapes[shape]`.
struct Family {
    lo: u32,
    hi: u32,
    shape: usize,
}

/// A message shape: the text before and after a name, lower case, without loose bytes.
struct Around {
    before: Vec<u8>,
    after: Vec<u8>,
}

impl Around {
    fn parse(template: &str) -> Option<Around> {
        let (before, after) = shape::parse_message_shape(template).ok()?;
        Some(Around { before, after })
    }

    /// Whether `hay[start..end]` sits in this shape.
    fn fits(&self, hay: &[u8], start: usize, end: usize) -> bool {
        loose_before(hay, start, &self.before) && loose_after(hay, end, &self.after)
    }
}

/// What the extractor looks for, built once per catalogue.
pub struct Automaton {
    ac: AhoCorasick,
    pats: Vec<Pat>,
    shapes: Vec<Scanned>,
    names: Vec<Name>,
    numbered: HashMap<(usize, u64), Vec<Entry>, QuickHash>,
    pre: Option<Prefilter>,
    families: Vec<Family>,
    /// Per provider (by index), its message shapes.
    voices: Vec<Vec<Around>>,
    generic: Vec<Around>,
    /// Every provider's context words, and per pattern the provider's index.
    context: Option<(AhoCorasick, Vec<usize>)>,
    /// The context words case-folded, for a packed search: a line where it finds none holds
    /// none, and `cued` need not read it with the automaton.
    probe: Option<packed::Searcher>,
    #[cfg(test)]
    literals: Vec<String>,
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

/// An ordinary word that is also a code (`Responder`, `unauthorized`): found only in a shape.
fn plain(code: &str) -> bool {
    !scannable(code) && code.len() >= 4 && code.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether a provider says how its names appear (shapes) or which words go with them.
fn voiced(p: &Provider) -> bool {
    !p.message_shapes().is_empty() || !p.context_words().is_empty()
}

/// Decimal literals that begin every spelling of `lo..=hi` in ten digits, unsigned, and as the
/// magnitude of a signed 32-bit value: the longest prefixes (at most six digits) of which two or
/// fewer cover the range. Magnitudes under nine digits are left out: too common in text. The
/// minus sign is left out of the literal: `-` is everywhere in logs (dates, GUIDs), and each byte
/// a literal starts with costs the automaton a table row on its hot path.
fn decimal_literals(lo: u32, hi: u32) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |a: u64, b: u64| {
        for d in 9..=10u32 {
            let (x, y) = (a.max(10u64.pow(d - 1)), b.min(10u64.pow(d) - 1));
            if x > y {
                continue;
            }
            let cover = |l: u32| (x / 10u64.pow(d - l), y / 10u64.pow(d - l));
            let l = (3..=6).rev().find(|&l| cover(l).1 - cover(l).0 < 2).unwrap_or(3);
            let (p, q) = cover(l);
            out.extend((p..=q).map(|n| n.to_string()));
        }
    };
    add(u64::from(lo), u64::from(hi));
    let m = 1u64 << 32;
    // Values of 2^31 and more are negative as signed 32-bit numbers.
    let lo = u64::from(lo).max(1 << 31);
    if lo <= u64::from(hi) {
        add(m - u64::from(hi), m - lo);
    }
    out
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
        let mut numbered: HashMap<(usize, u64), Vec<Entry>, QuickHash> = HashMap::default();
        let (mut families, mut voices, mut context_words, mut context_of) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        // Literals of families and plain words go last: the automaton numbers its states in the
        // order of its literals, and the hot states of the others keep their places (and their
        // cache behaviour) that way.
        let mut later: Vec<(String, Pat)> = Vec::new();
        for p in cat.providers() {
            let provider_shapes = p.shapes();
            let mut context_shape = None;
            let mut own: Vec<(usize, &Shape)> = Vec::new();
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
                own.push((id, shape));
                let zero_x = p.hresult() && *hex && !prefix.to_ascii_lowercase().starts_with("0x");
                let prefix: &'static str = Box::leak(prefix.clone().into_boxed_str());
                shapes.push(Scanned { provider: p, prefix, hex: *hex, count: *count, zero_x });
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
            for f in p.families().iter() {
                let Ok((lo, hi)) = shape::family_range(f) else { continue };
                let spelled =
                    |&&(_, s): &&(usize, &Shape)| shape::spells(s, lo).is_some() && shape::spells(s, hi).is_some();
                let Some(&(id, _)) = own.iter().find(spelled) else { continue };
                families.push(Family { lo, hi, shape: id });
                let hex = std::iter::once(f[2..].to_ascii_lowercase()).map(|l| (l, Pat::Hex));
                later.extend(hex.chain(decimal_literals(lo, hi).into_iter().map(|l| (l, Pat::Decimal))));
            }
            voices.push(p.message_shapes().iter().filter_map(Around::parse).collect());
            for w in p.context_words().iter() {
                context_words.push(w.to_ascii_lowercase());
                context_of.push(p.index());
            }
        }
        let mut names: Vec<Name> = Vec::new();
        // Sets, not lists: a thousand names each looked up in a thousand literals took a
        // millisecond of every scan's start.
        let mut listed: HashSet<String> = literals.iter().cloned().collect();
        let mut deferred: HashSet<String> = later.iter().map(|(l, _)| l.clone()).collect();
        for e in cat.entries(None) {
            let plain = plain(e.code());
            if !(scannable(e.code()) || plain) {
                continue;
            }
            let lower = e.code().to_ascii_lowercase();
            if listed.contains(&lower) || deferred.contains(&lower) {
                continue;
            }
            let entries: Vec<(Entry, &'static str)> = cat
                .by_key(e.code())
                .filter(|x| x.code().eq_ignore_ascii_case(e.code()))
                .map(|x| (x, x.code()))
                .collect();
            let heard = entries.iter().any(|(x, _)| voiced(&x.provider()));
            if plain && !heard {
                continue;
            }
            let shared = entries.iter().any(|(x, _)| x.provider() != entries[0].0.provider());
            if plain {
                deferred.insert(lower.clone());
                later.push((lower, Pat::Name(names.len())));
            } else {
                pats.push(Pat::Name(names.len()));
                listed.insert(lower.clone());
                literals.push(lower);
            }
            names.push(Name { entries, plain, voiced: plain || (shared && heard) });
        }
        for (literal, pat) in later {
            if listed.insert(literal.clone()) {
                literals.push(literal);
                pats.push(pat);
            }
        }
        // Case-sensitive over lower-case literals: `Spans::find` lower-cases what it reads.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&literals)
            .expect("short literals always build");
        let pre = Prefilter::build(&literals);
        let generic = GENERIC_SHAPES.iter().filter_map(|t| Around::parse(t)).collect();
        let mut probe = packed::Config::new().builder();
        context_words.iter().for_each(|w| _ = probe.add(w.bytes().map(|b| b | 0x20).collect::<Vec<u8>>()));
        let probe = probe.build();
        let context = (!context_words.is_empty()).then(|| {
            let ac = AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&context_words)
                .expect("short literals always build");
            (ac, context_of)
        });
        Automaton {
            ac,
            pats,
            shapes,
            names,
            numbered,
            pre,
            families,
            voices,
            generic,
            context,
            probe,
            #[cfg(test)]
            literals,
        }
    }
}

/// The stretches of a haystack where literals may begin: the prefilter's regions, or all of it.
pub(crate) struct Spans<'a> {
    regions: Option<Regions<'a>>,
    /// The region being read.
    cur: Option<(usize, usize)>,
    /// The match of the code `first_in_spans` found.
    found: Option<Match>,
    /// The bytes of `cur` from its start, lower-cased for the automaton, and where they begin.
    low: Vec<u8>,
    low_at: usize,
}

impl<'a> Spans<'a> {
    fn new(regions: Option<Regions<'a>>, cur: Option<(usize, usize)>) -> Spans<'a> {
        Spans { regions, cur, found: None, low: Vec::new(), low_at: usize::MAX }
    }

    /// The next region that ends after `pos`, from `pos` on.
    fn at(&mut self, pos: usize) -> Option<(usize, usize)> {
        loop {
            if let Some((start, end)) = self.cur.filter(|r| r.1 > pos) {
                return Some((start.max(pos), end));
            }
            self.cur = Some(self.regions.as_mut()?.next()?);
        }
    }

    /// The automaton's first match in `hay[from..to]`, which lies in the current region. The
    /// automaton knows lower case only: matching case-insensitively doubled its transitions, and
    /// building it took twice as long.
    fn find(&mut self, ac: &AhoCorasick, hay: &[u8], from: usize, to: usize) -> Option<Match> {
        let start = self.cur.map_or(from, |c| c.0).min(from);
        if self.low_at != start || self.low.len() < to - start {
            // The whole region at once, so that calls in any order lower each byte about once.
            let stop = self.cur.map_or(to, |c| c.1).min(hay.len()).max(to);
            self.low.clear();
            self.low.extend(hay[start..stop].iter().map(u8::to_ascii_lowercase));
            self.low_at = start;
        }
        let m = ac.find(Input::new(&self.low[..to - start]).span(from - start..to - start))?;
        Some(Match::new(m.pattern(), m.start() + start..m.end() + start))
    }
}

/// The extractor for one run: the catalogue's automaton plus the provider filter.
#[derive(Clone, Copy)]
pub struct Extractor {
    cat: &'static Catalogue,
    auto: &'static Automaton,
    provider: Option<Provider>,
}

impl Extractor {
    /// With a provider, only codes that belong to it are found.
    pub fn new(cat: &'static Catalogue, provider: Option<Provider>) -> Extractor {
        Extractor { cat, auto: cat.automaton(), provider }
    }

    pub fn catalogue(&self) -> &'static Catalogue {
        self.cat
    }

    /// Whether codes of `provider` (an id) are wanted: no filter, or that provider.
    pub fn wants_provider(&self, provider: &str) -> bool {
        self.provider.is_none_or(|p| p.id() == provider)
    }

    /// Appends to `out` every code whose match begins in `hay[from..limit]`. Bytes outside that
    /// range are looked at only for token boundaries. Returns the furthest end of a code found
    /// (at least `limit`), so a caller cutting a long line never cuts through one.
    pub fn extract(&self, hay: &[u8], from: usize, limit: usize, out: &mut Vec<Occurrence>) -> usize {
        self.extract_in(&mut self.spans(hay, from), hay, from, limit, out)
    }

    /// Where in `hay[from..]` the automaton has to look, for [`first_in_spans`](Self::first_in_spans)
    /// and [`extract_in`](Self::extract_in) to share.
    pub(crate) fn spans<'a>(&'a self, hay: &'a [u8], from: usize) -> Spans<'a> {
        match self.auto.pre.as_ref() {
            Some(pre) => Spans::new(Some(pre.regions(hay, from)), None),
            None => Spans::new(None, Some((from, hay.len()))),
        }
    }

    /// [`extract`](Self::extract) with the automaton run only on `spans` (of a haystack that
    /// `hay` begins, a line of it say), which hold every literal occurrence: no match begins
    /// between them, so it finds the same codes.
    pub(crate) fn extract_in(
        &self,
        spans: &mut Spans<'_>,
        hay: &[u8],
        from: usize,
        limit: usize,
        out: &mut Vec<Occurrence>,
    ) -> usize {
        let mut cut = limit;
        let mut pos = from;
        while let Some((start, end)) = spans.at(pos) {
            if start >= limit {
                break;
            }
            let end = end.min(hay.len());
            pos = start;
            // The first match from where `first_in_spans` stopped is the one it found: a literal
            // holds no newline, so the line's end cuts none short.
            let mut find = |pos: usize| match spans.found.take().filter(|m| m.start() == pos) {
                Some(m) => Some(m),
                None => spans.find(&self.auto.ac, hay, pos.min(end), end),
            };
            while let Some(m) = find(pos) {
                if m.start() >= limit {
                    return cut;
                }
                let before = out.len();
                let next = self.verify(hay, m.start(), m.end(), m.pattern().as_usize(), &mut |h| out.push(h));
                for h in &out[before..] {
                    cut = cut.max(h.end);
                }
                pos = if out.len() > before { next } else { m.start() + 1 };
            }
            pos = pos.max(end);
        }
        cut
    }

    /// Where the first code at or after `from` begins. The hot path uses it to skip lines
    /// without codes.
    pub fn first(&self, hay: &[u8], from: usize) -> Option<usize> {
        self.first_in_spans(hay, from, &mut self.spans(hay, from))
    }

    /// [`first`](Self::first) with the automaton run only on `spans`, which keep its match for
    /// [`extract_in`](Self::extract_in) from there.
    pub(crate) fn first_in_spans(&self, hay: &[u8], mut from: usize, spans: &mut Spans<'_>) -> Option<usize> {
        loop {
            let (start, end) = spans.at(from)?;
            if let Some(m) = self.first_match(spans, hay, start, end) {
                spans.found = Some(m);
                return Some(m.start());
            }
            from = end;
        }
    }

    /// The match of the first verified code whose literal lies in `hay[from..to]`.
    fn first_match(&self, spans: &mut Spans<'_>, hay: &[u8], from: usize, to: usize) -> Option<Match> {
        let mut pos = from;
        while let Some(m) = spans.find(&self.auto.ac, hay, pos, to) {
            let mut found = false;
            self.verify(hay, m.start(), m.end(), m.pattern().as_usize(), &mut |_| found = true);
            if found {
                return Some(m);
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
                let token = if s.zero_x && zero_x_before(hay, start) { start - 2 } else { start };
                if shape
                    && starts_token(hay, token, alnum)
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
                    if let Some((entry, code)) = self.choose(&a.names[i], hay, start, end) {
                        emit(Occurrence { code: Code::Name(code), entry: Some(entry), start, end });
                    }
                }
                end
            }
            Pat::Hex => self.bare_hex(hay, start, emit),
            Pat::Decimal => self.decimal(hay, start, emit),
        }
    }

    /// Which entry a name found at `start..end` is: the first in display order, unless a
    /// provider's shape around it or a context word on its line says otherwise. A plain word is
    /// a code only in its own case and in a shape.
    fn choose(&self, name: &Name, hay: &[u8], start: usize, end: usize) -> Option<(Entry, &'static str)> {
        let candidates = || name.entries.iter().copied().filter(|(e, _)| self.wants(e));
        let first = candidates().next()?;
        if name.plain && &hay[start..end] != first.1.as_bytes() {
            return None;
        }
        if !name.voiced {
            return Some(first);
        }
        let a = self.auto;
        let shaped = |(e, _): &(Entry, &str)| a.voices[e.provider().index()].iter().any(|s| s.fits(hay, start, end));
        if let Some(e) = candidates().find(shaped) {
            return Some(e);
        }
        if name.plain && !a.generic.iter().any(|s| s.fits(hay, start, end)) {
            return None;
        }
        // Only providers with context words can be cued: without one among the candidates the
        // line need not be read (a shared OAuth name in every line of a log, say).
        let cueable =
            |(e, _): (Entry, &str)| a.context.as_ref().is_some_and(|(_, of)| of.contains(&e.provider().index()));
        let cued = if candidates().any(cueable) { self.cued(hay, start, end) } else { Vec::new() };
        match candidates().find(|(e, _)| cued.contains(&e.provider().index())) {
            Some(e) => Some(e),
            None if name.plain => None,
            None => Some(first),
        }
    }

    /// The providers (by index) whose context words are on the line of `hay[start..end]`,
    /// each word at the start of a word.
    fn cued(&self, hay: &[u8], start: usize, end: usize) -> Vec<usize> {
        let Some((ac, of)) = &self.auto.context else { return Vec::new() };
        let lo = start.saturating_sub(LINE_REACH);
        let lo = memrchr(b'\n', &hay[lo..start]).map_or(lo, |i| lo + i + 1);
        let hi = hay.len().min(end + LINE_REACH);
        let hi = memchr(b'\n', &hay[end..hi]).map_or(hi, |i| end + i);
        let mut low = [0u8; 2 * LINE_REACH + 256];
        if let (Some(probe), Some(low)) = (&self.auto.probe, low.get_mut(..hi - lo)) {
            low.iter_mut().zip(&hay[lo..hi]).for_each(|(l, &b)| *l = b | 0x20);
            if probe.find(&*low).is_none() {
                return Vec::new();
            }
        }
        let mut out = Vec::new();
        for m in ac.find_iter(&hay[lo..hi]) {
            let at = lo + m.start();
            if (at == 0 || !hay[at - 1].is_ascii_alphanumeric()) && !out.contains(&of[m.pattern().as_usize()]) {
                out.push(of[m.pattern().as_usize()]);
            }
        }
        out
    }

    /// Eight hex digits that begin with a family's digits, bare or after `0x`, as a whole token.
    /// Without `0x` only a code the catalogue has is taken: a bare number may be anything.
    fn bare_hex(&self, hay: &[u8], start: usize, emit: &mut dyn FnMut(Occurrence)) -> usize {
        let stop = start + 8;
        let alnum = |b: u8| b.is_ascii_alphanumeric();
        let zero_x = zero_x_before(hay, start);
        let token = if zero_x { start - 2 } else { start };
        if run(hay, start, true) != 8 || !starts_token(hay, token, alnum) || !ends_token(hay, stop, alnum) {
            return start + 1;
        }
        if in_dashed_hex(hay, start, stop) {
            return start + 1;
        }
        let value = hay[start..stop].iter().fold(0u32, |n, &d| n << 4 | (d as char).to_digit(16).unwrap_or(0));
        self.family_value(value, token, stop, zero_x, emit);
        stop
    }

    /// A family's value in decimal: ten digits, or a signed 32-bit value after a minus sign;
    /// glued to a word by `_` (`WAM_network_error_3400007680`) but not part of a word, a decimal
    /// fraction, a date or a list of digits. Only a code the catalogue has is taken.
    fn decimal(&self, hay: &[u8], at: usize, emit: &mut dyn FnMut(Occurrence)) -> usize {
        // The literal begins the number, or the number is not one of these.
        if at > 0 && hay[at - 1].is_ascii_digit() {
            return at + 1;
        }
        let signed = at > 0 && hay[at - 1] == b'-';
        let start = at - usize::from(signed);
        let n = run(hay, at, false);
        let stop = at + n;
        let before = start.checked_sub(1).map(|i| hay[i]);
        let glued = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b',' | b'-' | b'+');
        let digit_after = hay.get(stop + 1).is_some_and(u8::is_ascii_digit);
        let after_ok = hay.get(stop).is_none_or(|&b| {
            !(b.is_ascii_alphanumeric() || (matches!(b, b'.' | b',' | b'-' | b':' | b'/') && digit_after))
        });
        if n == 0 || n > 10 || before.is_some_and(glued) || !after_ok {
            return at + 1;
        }
        let v: u64 = hay[at..stop].iter().fold(0, |v, &d| v * 10 + u64::from(d - b'0'));
        let value = match signed {
            false if v <= u64::from(u32::MAX) => v as u32,
            true if (1..=1 << 31).contains(&v) => ((1u64 << 32) - v) as u32,
            _ => return at + 1,
        };
        self.family_value(value, start, stop, false, emit);
        stop
    }

    /// A 32-bit value of some family as its provider's code.
    fn family_value(&self, v: u32, start: usize, end: usize, unknown: bool, emit: &mut dyn FnMut(Occurrence)) {
        let Some(f) = self.auto.families.iter().find(|f| (f.lo..=f.hi).contains(&v)) else { return };
        let Some(digits) = self.auto.shapes[f.shape].spell(v) else { return };
        self.value(f.shape, digits, start, end, unknown, emit);
    }

    /// A numbered code: known when the catalogue has it, else reported as unknown of its shape.
    fn number(&self, id: usize, digits: &[u8], start: usize, end: usize, emit: &mut dyn FnMut(Occurrence)) {
        let radix = if self.auto.shapes[id].hex { 16 } else { 10 };
        let value =
            digits.iter().fold(0u64, |n, &d| n.wrapping_mul(radix) + u64::from((d as char).to_digit(16).unwrap_or(0)));
        self.value(id, value, start, end, true, emit);
    }

    /// The code of shape `id` with these digits; one the catalogue lacks only when `unknown`.
    fn value(&self, id: usize, value: u64, start: usize, end: usize, unknown: bool, emit: &mut dyn FnMut(Occurrence)) {
        let s = &self.auto.shapes[id];
        let code = s.code(value);
        let known = self.auto.numbered.get(&(id, value));
        match known.and_then(|es| es.iter().copied().find(|e| self.wants(e))) {
            Some(e) => emit(Occurrence { code, entry: Some(e), start, end }),
            None if unknown && self.provider.is_none_or(|p| p == s.provider) => {
                emit(Occurrence { code, entry: None, start, end })
            }
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

/// Whether `0x` (or `0X`) stands right before `i`.
fn zero_x_before(hay: &[u8], i: usize) -> bool {
    i >= 2 && hay[i - 2] == b'0' && hay[i - 1] | 0x20 == b'x'
}

/// Bytes before `i` that a message shape passes over (spaces, quotes, backslashes, `&quot;`).
fn skip_back(hay: &[u8], mut i: usize, floor: usize) -> usize {
    while i > floor {
        if shape::loose(hay[i - 1]) {
            i -= 1;
        } else if hay[i - 1] == b';' && i >= 6 && hay[i - 6..i - 1].eq_ignore_ascii_case(b"&quot") {
            i -= 6;
        } else {
            break;
        }
    }
    i
}

fn skip_ahead(hay: &[u8], mut i: usize, ceiling: usize) -> usize {
    while i < ceiling {
        if shape::loose(hay[i]) {
            i += 1;
        } else if hay[i] == b'&' && hay.get(i..i + 6).is_some_and(|q| q.eq_ignore_ascii_case(b"&quot;")) {
            i += 6;
        } else {
            break;
        }
    }
    i
}

/// Whether the text ending at `end` ends with `want` (lower case, tight), passing over loose
/// bytes; text that begins with a letter or digit must begin a word.
fn loose_before(hay: &[u8], end: usize, want: &[u8]) -> bool {
    let floor = end.saturating_sub(SHAPE_REACH);
    let mut i = end;
    for &w in want.iter().rev() {
        i = skip_back(hay, i, floor);
        if i == floor || hay[i - 1].to_ascii_lowercase() != w {
            return false;
        }
        i -= 1;
    }
    want.first().is_none_or(|b| !b.is_ascii_alphanumeric()) || i == 0 || !hay[i - 1].is_ascii_alphanumeric()
}

/// Whether the text from `start` begins with `want`, as [`loose_before`] reads backwards.
fn loose_after(hay: &[u8], start: usize, want: &[u8]) -> bool {
    let ceiling = hay.len().min(start + SHAPE_REACH);
    let mut i = start;
    for &w in want {
        i = skip_ahead(hay, i, ceiling);
        if i == ceiling || hay[i].to_ascii_lowercase() != w {
            return false;
        }
        i += 1;
    }
    want.last().is_none_or(|b| !b.is_ascii_alphanumeric()) || hay.get(i).is_none_or(|b| !b.is_ascii_alphanumeric())
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
    fn the_prefilter_finds_the_same_first_code_as_the_automaton_alone() {
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
            let from = (seed >> 20) as usize % 4;
            assert_eq!(
                ext.first(&hay, from),
                ext.first_match(&mut Spans::new(None, Some((0, hay.len()))), &hay, from, hay.len()).map(|m| m.start()),
                "{:?}",
                String::from_utf8_lossy(&hay)
            );
        }
    }

    #[test]
    fn every_literal_in_any_case_amid_noise_lies_in_a_region_and_the_prefilter_changes_no_hit() {
        let auto = Catalogue::builtin().automaton();
        let pre = auto.pre.as_ref().expect("the built-in catalogue keeps the prefilter on");
        let ext = Extractor::new(Catalogue::builtin(), None);
        let noise: [&[u8]; 14] =
            [b" ", b"_", b"-", b"x", b"\n", b"0x", b"50011", b"\"", b":", b"=", b"Ab", b"%22", b"\\n", b"cAa2000c"];
        let mut seed: u64 = 13;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for lit in &auto.literals {
            let mut hay = Vec::new();
            let mut at = Vec::new();
            for _ in 0..3 {
                (0..next() % 4).for_each(|_| hay.extend_from_slice(noise[next() % noise.len()]));
                at.push(hay.len());
                hay.extend(lit.bytes().map(|b| if next() % 2 == 0 { b.to_ascii_uppercase() } else { b }));
            }
            hay.extend_from_slice(noise[next() % noise.len()]);
            let regions: Vec<(usize, usize)> = pre.regions(&hay, 0).collect();
            for p in at {
                assert!(regions.iter().any(|&(s, e)| s <= p && p + lit.len() <= e), "{lit} at {p} in {regions:?}");
            }
            let hits = |out: &[Occurrence]| out.iter().map(|h| (h.code, h.start, h.end)).collect::<Vec<_>>();
            let (mut with, mut alone) = (Vec::new(), Vec::new());
            ext.extract(&hay, 0, hay.len(), &mut with);
            let mut whole = Spans::new(None, Some((0, hay.len())));
            ext.extract_in(&mut whole, &hay, 0, hay.len(), &mut alone);
            assert_eq!(hits(&with), hits(&alone), "{:?}", String::from_utf8_lossy(&hay));
        }
    }

    /// (provider, code) of every occurrence, known or not.
    fn found(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        Extractor::new(Catalogue::builtin(), None).extract(text.as_bytes(), 0, text.len(), &mut out);
        out.iter().map(|h| (h.provider_id().to_string(), h.code.to_string())).collect()
    }

    fn one(provider: &str, code: &str) -> Vec<(String, String)> {
        vec![(provider.to_string(), code.to_string())]
    }

    #[test]
    fn family_codes_in_hex_with_or_without_0x_and_in_decimal() {
        for text in ["ERROR: 0xCAA50021", "right now 0XCAA80000", "0xcaa20009 error", "Error Code: CAA20002]"] {
            assert_eq!(found(text).len(), 1, "{text}");
        }
        assert_eq!(found("Error code: 3399614476"), one("wam", "CAA2000C"));
        assert_eq!(found("Error code: -895352820."), one("wam", "CAA2000C"));
        assert_eq!(found("ErrorCode: WAM_provider_error_3399614473 x"), one("wam", "CAA20009"));
        assert_eq!(found("3400073236 ADAL security token request failed."), one("wam", "CAA90014"));
        assert_eq!(found("Error 80180026: Something went wrong"), one("dsreg", "0x80180026"));
        assert_eq!(found("No Error Code:801c004d"), one("dsreg", "0x801C004D"));
        assert_eq!(
            found("(0x8018000a - 2149056522)"),
            [one("dsreg", "0x8018000A"), one("dsreg", "0x8018000A")].concat()
        );
        assert_eq!(found("Win32 Error code: 0x80180001)"), one("dsreg", "0x80180001"));
    }

    #[test]
    fn a_family_code_the_catalogue_lacks_is_reported_only_after_0x() {
        let unknown = |text: &str| {
            let mut out = Vec::new();
            Extractor::new(Catalogue::builtin(), None).extract(text.as_bytes(), 0, text.len(), &mut out);
            out.iter().map(|h| (h.code.to_string(), h.entry.is_none())).collect::<Vec<_>>()
        };
        assert_eq!(unknown("failed: 0x801C9999"), [("0x801C9999".to_string(), true)]);
        assert!(unknown("order 80189999 and 801c9999 and 2149318656 and -894435329").is_empty());
    }

    #[test]
    fn ordinary_numbers_other_hresults_and_timestamps_are_not_codes() {
        for text in [
            "0x80070005 0x80004005 0x8007000D E_FAIL",
            "ptr=0x7ffe8018000a1234 sp 0x00000000801c0003",
            "expiration date/time1626191469 now 1626271164, ts 1667365798 >= 1667235770",
            "2024-05-21T10:00:00.3399614476Z took 3399614476.5 ms, v1.3399614476",
            "id=x3399614476 row 3399614476-01 step 3399614476/2 n 33996144761",
            "trace 8018000a-1234-4c43-a2e1-9b1c4e1f0a11 sha 801c0003a",
            "Tag: 508634081, Internal Error Code: 557973642, code -2147184105",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn a_plain_word_is_a_code_only_in_a_shape_of_its_provider() {
        assert!(found("the Responder said Success; status: Success, was not Requester").is_empty());
        assert!(found(r#"{"status": "success"} Status: Success"#).is_empty(), "no saml word on the line");
        assert_eq!(found("status code urn:oasis:names:tc:SAML:2.0:status:Responder, x"), one("saml", "Responder"));
        assert_eq!(found("The status code of the Response was not Success, was Responder"), one("saml", "Responder"));
        assert_eq!(found("SAML2 exception: Responder: Please verify"), one("saml", "Responder"));
        assert_eq!(found("Saml2Response must have status success. Status: Responder."), one("saml", "Responder"));
        let nested = found("SAML2 exception: Responder/RequestDenied");
        assert_eq!(nested, [one("saml", "Responder"), one("saml", "RequestDenied")].concat());
        assert_eq!(found(r#"{"error":{"code":"unauthenticated","message":"x"}}"#), one("graph", "unauthenticated"));
    }

    #[test]
    fn a_shared_name_goes_to_the_provider_its_shape_or_context_names() {
        assert_eq!(found("Error: 403 AccessDenied Either scp or roles claim"), one("graph", "accessDenied"));
        assert_eq!(found("{'error': {'code': 'AccessDenied', 'message': 'x'}}"), one("graph", "accessDenied"));
        assert_eq!(
            found("An error occurred (AccessDenied) when calling the AssumeRole operation"),
            one("aws", "AccessDenied")
        );
        assert_eq!(found("AccessDenied (client): Cannot call GetSessionToken"), one("aws", "AccessDenied"));
        assert_eq!(
            found("(Service: X; Status Code: 403; Error Code: AccessDenied; Request ID: r)"),
            one("aws", "AccessDenied")
        );
        assert_eq!(found("Not authorized to perform sts:AssumeRole: AccessDenied"), one("aws", "AccessDenied"));
        assert_eq!(found("Not authorized to perform STS:AssumeRole: AccessDenied"), one("aws", "AccessDenied"));
        assert_eq!(found(r#"{"__type":"com.amazon.coral#AccessDenied","message":"x"}"#), one("aws", "AccessDenied"));
        assert_eq!(found("xsts:AssumeRole AccessDenied"), one("graph", "accessDenied"), "a context word begins a word");
    }

    #[test]
    fn first_skips_candidates_that_are_not_codes() {
        let text = b"aadsts xinvalid_grant ok AADSTS50011";
        assert_eq!(Extractor::new(Catalogue::builtin(), None).first(text, 0), Some(25));
        assert_eq!(Extractor::new(Catalogue::builtin(), None).first(b"nothing here", 0), None);
    }
}
