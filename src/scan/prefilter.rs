//! Finds the few places in a log worth running the extractor's automaton on. The automaton
//! alone reads about 300 MB/s (ascii-case-insensitive with a few hundred literals, it gets no
//! SIMD prefilter); most log bytes are ruled out here several times faster, with memchr for
//! underscores (every snake_case name, `error_codes`) and a packed SIMD searcher (Teddy) for
//! the case variants of a short anchor of every other literal (`aad`, `e00`, `r?c`).

use super::extract::is_word;
use aho_corasick::{Span, packed};
use memchr::memchr;

/// How far around a candidate the automaton looks: longer than any literal.
pub(super) const WINDOW: usize = 64;

pub(super) struct Prefilter {
    anchors: packed::Searcher,
    /// Per anchor: how far before it its literal begins.
    back: Vec<usize>,
    /// The two bytes on each side of every underscore in the literals, lower-cased and hashed
    /// into a bit set: `trace_id` and most snake_case keys fail it without a look at the token.
    /// `None` when some literal has fewer than two bytes beside an underscore.
    around: Option<Box<[u64; 1024]>>,
}

impl Prefilter {
    /// For the automaton's literals (lower case). `None` when some literal has no usable anchor:
    /// the automaton then scans everything.
    pub(super) fn build(literals: &[String]) -> Option<Prefilter> {
        let mut anchors: Vec<(String, usize)> = Vec::new();
        for lit in literals {
            if lit.len() >= WINDOW {
                return None;
            }
            let anchor = match lit.as_str() {
                "error?code=" => Some(("r?c".to_string(), 4)),
                "error%3fcode%3d" => Some(("%3f".to_string(), 5)),
                _ if lit.contains('_') => None,
                _ => Some((lit.get(..3)?.to_string(), 0)),
            };
            if let Some(a) = anchor.filter(|a| !anchors.contains(a)) {
                anchors.push(a);
            }
        }
        let mut builder = packed::Config::new().builder();
        let mut back = Vec::new();
        for (anchor, b) in &anchors {
            for v in case_variants(anchor.as_bytes()) {
                builder.add(v);
                back.push(*b);
            }
        }
        // Teddy slows down past 64 patterns; the automaton alone is the better choice then.
        let anchors = builder.build().filter(|_| back.len() <= 64)?;
        let mut around = Some(Box::new([0u64; 1024]));
        for lit in literals.iter().map(|l| l.as_bytes()) {
            for u in (0..lit.len()).filter(|&u| lit[u] == b'_') {
                match (around.as_mut(), around_key(lit, u)) {
                    (Some(set), Some(k)) => set[k / 64] |= 1 << (k % 64),
                    _ => around = None,
                }
            }
        }
        Some(Prefilter { anchors, back, around })
    }

    /// Windows `(start, end)` of `hay[from..]` that may hold a literal, in order of position.
    /// Every literal occurrence lies in some window; a window never starts before `from`.
    pub(super) fn windows<'a>(&'a self, hay: &'a [u8], from: usize) -> Windows<'a> {
        let underscore = memchr(b'_', &hay[from..]).map(|i| from + i);
        Windows { pre: self, hay, from, underscore, anchor: self.next(hay, from) }
    }

    /// Whether the underscore at `u` may belong to a literal (false only when it surely does not).
    fn maybe(&self, hay: &[u8], u: usize) -> bool {
        match (&self.around, around_key(hay, u)) {
            (Some(set), Some(k)) => set[k / 64] & (1 << (k % 64)) != 0,
            _ => true,
        }
    }

    /// The next anchor at or after `at`: its position and where its literal would begin.
    fn next(&self, hay: &[u8], at: usize) -> Option<(usize, usize)> {
        if at >= hay.len() {
            return None;
        }
        let m = self.anchors.find_in(hay, Span::from(at..hay.len()))?;
        Some((m.start(), m.start().saturating_sub(self.back[m.pattern().as_usize()])))
    }
}

/// Merges the underscore and anchor candidates in order of position.
pub(super) struct Windows<'a> {
    pre: &'a Prefilter,
    hay: &'a [u8],
    from: usize,
    underscore: Option<usize>,
    anchor: Option<(usize, usize)>,
}

impl Iterator for Windows<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let hay = self.hay;
        loop {
            let underscore_first = match (self.underscore, self.anchor) {
                (None, None) => return None,
                (Some(u), Some((p, _))) => u <= p,
                (u, _) => u.is_some(),
            };
            if !underscore_first {
                let (p, literal) = self.anchor?;
                self.anchor = self.pre.next(hay, p + 1);
                let start = literal.max(self.from);
                return Some((start, hay.len().min(start + WINDOW)));
            }
            let u = self.underscore?;
            if !self.pre.maybe(hay, u) {
                self.underscore = memchr(b'_', &hay[u + 1..]).map(|i| u + 1 + i);
                continue;
            }
            // The whole token around the underscore: a name is a whole token.
            let token = |b: u8| is_word(b) || b == b'-';
            let mut start = u;
            while start > self.from && u - start < WINDOW && token(hay[start - 1]) {
                start -= 1;
            }
            let mut end = u + 1;
            while end < hay.len() && end - u < WINDOW && token(hay[end]) {
                end += 1;
            }
            self.underscore = memchr(b'_', &hay[end..]).map(|i| end + i);
            return Some((start, end));
        }
    }
}

/// A 16-bit hash of the two bytes before and the two after `u`, lower-cased.
fn around_key(s: &[u8], u: usize) -> Option<usize> {
    let b = s.get(u.checked_sub(2)?..u + 3)?;
    let word = u32::from_le_bytes([b[0], b[1], b[3], b[4]].map(|x| x.to_ascii_lowercase()));
    Some((word.wrapping_mul(0x9E37_79B1) >> 16) as usize)
}

/// Every spelling of `s` in upper and lower case (8 for a three-letter anchor).
fn case_variants(s: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![Vec::new()];
    for &b in s {
        let cases: &[u8] =
            if b.is_ascii_alphabetic() { &[b.to_ascii_lowercase(), b.to_ascii_uppercase()] } else { &[b] };
        out = out.iter().flat_map(|v| cases.iter().map(move |&c| [v.as_slice(), &[c]].concat())).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn anchors_come_in_every_case() {
        assert_eq!(case_variants(b"a?b").len(), 4);
        assert!(case_variants(b"aad").contains(&b"AaD".to_vec()));
    }

    #[test]
    fn snake_case_keys_unlike_any_literal_give_no_window() {
        let pre = Prefilter::build(&lits(&["aadsts", "invalid_grant"])).unwrap();
        let hay = b"trace_id=1 request_id=2 then invalid_grant and AADSTS1";
        let windows: Vec<&[u8]> = pre.windows(hay, 0).map(|(s, e)| &hay[s..e]).collect();
        assert_eq!(windows[0], b"invalid_grant");
        assert!(windows[1].starts_with(b"AADSTS1"));
        assert_eq!(windows.len(), 2);
    }

    #[test]
    fn a_short_or_oversized_literal_turns_the_prefilter_off() {
        assert!(Prefilter::build(&lits(&["ab"])).is_none());
        assert!(Prefilter::build(&lits(&[&"x".repeat(WINDOW)])).is_none());
        assert!(Prefilter::build(&lits(&["aad", "x_yy"])).unwrap().around.is_none(), "one byte before '_'");
    }
}
