//! Finds the few places in a log worth running the extractor's automaton on. The automaton
//! alone reads 150-300 MB/s (a thousand literals: too many for a SIMD prefilter of its own);
//! most log bytes are ruled out here several times faster. The bytes are case-folded block by
//! block. Literals with an underscore are found with memchr for `_`, a table of the bytes
//! beside it and the length of its token; every other literal by its anchor (see `anchors`),
//! with packed SIMD searchers (Teddy), and then by the anchor's literals spelled around the hit.
//!
//! Its regions are exact: each literal occurrence lies inside one, and they do not overlap, so the
//! automaton run region by region finds what it finds on the whole haystack.

use super::anchors;
use aho_corasick::{Span, packed};
use memchr::memchr;

/// Anchors per bucket of a packed searcher, which has 8: Teddy's false candidates grow fast
/// with the anchors a bucket holds, less so when they are alike (see `layout`).
const PER_BUCKET: usize = 4;
/// The first block of bytes folded and searched at once (a caller often wants one line), and
/// the largest.
const FIRST_BLOCK: usize = 256;
const MAX_BLOCK: usize = 1 << 14;

/// Literals an anchor stands for that begin `back` bytes before it with the same first eight
/// bytes, case-folded (`mask` keeps a shorter literal's bytes).
struct Spelled {
    back: usize,
    word: u64,
    mask: u64,
    lits: Vec<Box<[u8]>>,
}

pub(super) struct Prefilter {
    /// Packed searchers over the case-folded bytes; per anchor, its index in `spelled`.
    passes: Vec<(packed::Searcher, Vec<usize>)>,
    /// Per anchor, the literals it stands for: a hit opens a window on those spelled around it
    /// (`MSAL.NET` opens none, though `msal` begins 81 literals up to 75 bytes long).
    spelled: Vec<Vec<Spelled>>,
    /// The longest anchor.
    alen: usize,
    /// The furthest a window begins before the byte that opened it.
    reach: usize,
    /// The longest literal with an underscore (0: none).
    ulen: usize,
    /// Whether those literals are all token bytes, so that a window can end with the token.
    tokens: bool,
    /// `None` when some literal has fewer than two bytes beside an underscore.
    around: Option<Around>,
}

impl Prefilter {
    /// For the automaton's literals (lower case). `None` when some literal has no anchor or the
    /// CPU has no packed searcher: the automaton then scans everything.
    pub(super) fn build(literals: &[String]) -> Option<Prefilter> {
        let (under, other): (Vec<&[u8]>, Vec<&[u8]>) =
            literals.iter().map(|l| l.as_bytes()).partition(|l| l.contains(&b'_'));
        let words: Vec<&[u8]> = under.iter().flat_map(|l| l.split(|&b| b == b'_' || b == b'-')).collect();
        // Per anchor, the literals it stands for, by where they begin and their first bytes.
        let mut anchors: Vec<(&[u8], usize)> = Vec::new();
        let mut spelled: Vec<Vec<Spelled>> = Vec::new();
        for (&lit, (a, back)) in other.iter().zip(anchors::choose(&other, &words)?) {
            let i = anchors.iter().position(|x| x.0 == a).unwrap_or_else(|| {
                anchors.push((a, 0));
                spelled.push(Vec::new());
                anchors.len() - 1
            });
            anchors[i].1 = anchors[i].1.max(back);
            let n = lit.len().min(8);
            let (word, mask) = (fold8(lit, 0), u64::MAX >> (64 - 8 * n));
            match spelled[i].iter_mut().find(|s| (s.back, s.word, s.mask) == (back, word & mask, mask)) {
                Some(s) => s.lits.push(lit.into()),
                None => spelled[i].push(Spelled { back, word: word & mask, mask, lits: vec![lit.into()] }),
            }
        }
        // Teddy compares as many bytes as the shortest anchor of its pass: lengths apart.
        let mut order: Vec<(&[u8], usize, usize)> = anchors.iter().zip(0..).map(|(a, i)| (a.0, a.0.len(), i)).collect();
        order.sort_by_key(|a| a.1);
        let mut passes = Vec::new();
        for same in order.chunk_by(|a, b| a.1 == b.1) {
            for pass in layout(same) {
                let mut builder = packed::Config::new().builder();
                pass.iter().for_each(|a| _ = builder.add(a.0));
                passes.push((builder.build()?, pass.iter().map(|a| a.2).collect()));
            }
        }
        let ulen = under.iter().map(|l| l.len()).max().unwrap_or(0);
        Some(Prefilter {
            passes,
            spelled,
            alen: anchors.iter().map(|a| a.0.len()).max().unwrap_or(1),
            reach: anchors.iter().map(|a| a.1).max().unwrap_or(0).max(ulen),
            ulen,
            tokens: under.iter().all(|l| l.iter().all(|&b| TOKEN[usize::from(b)])),
            around: Around::build(&under),
        })
    }

    /// The stretch of the literals that `anchor`, found at `q`, stands for and that are spelled
    /// there, beginning at `from` or later.
    fn spelled_at(&self, hay: &[u8], q: usize, anchor: usize, from: usize) -> Option<(usize, usize)> {
        let mut span: Option<(usize, usize)> = None;
        for s in &self.spelled[anchor] {
            let Some(p) = q.checked_sub(s.back).filter(|&p| p >= from && fold8(hay, p) & s.mask == s.word) else {
                continue;
            };
            for lit in s.lits.iter().filter(|l| hay.get(p..p + l.len()).is_some_and(|h| h.eq_ignore_ascii_case(l))) {
                span = Some(span.map_or((p, p + lit.len()), |(a, b)| (a.min(p), b.max(p + lit.len()))));
            }
        }
        span
    }

    /// Regions `(start, end)` of `hay` from `from` on, in order, apart, and together holding
    /// every literal occurrence that begins at or after `from`.
    pub(super) fn regions<'a>(&'a self, hay: &'a [u8], from: usize) -> Regions<'a> {
        let size = FIRST_BLOCK;
        // Sized once: growing it block by block made realloc copy up to 64 KiB per call.
        let low = Vec::with_capacity(hay.len().saturating_sub(from).min(MAX_BLOCK) + self.alen);
        Regions { pre: self, hay, from, done: from, under: from, size, low, pending: Vec::new(), head: 0 }
    }

    /// The window of the underscore at `u`: the token around it, at most a literal's length on
    /// either side; and where to look for the next underscore (past the token when the window
    /// holds all of it, since the windows of its other underscores lie inside this one).
    fn window(&self, hay: &[u8], u: usize, from: usize) -> (usize, usize, usize) {
        let (lo, hi) = (from.max(u.saturating_sub(self.ulen)), hay.len().min(u + self.ulen));
        if !self.tokens {
            return (lo, hi, u + 1);
        }
        let mut start = u;
        while start > lo && TOKEN[usize::from(hay[start - 1])] {
            start -= 1;
        }
        let mut end = u + 1;
        while end < hi && TOKEN[usize::from(hay[end])] {
            end += 1;
        }
        (start, end, if hay.get(end).is_none_or(|&b| !TOKEN[usize::from(b)]) { end } else { u + 1 })
    }
}

/// Teddy holds a pass's anchors in 8 buckets and lets a byte through a bucket when its low and
/// its high nibble each belong to some anchor of the bucket at that place: the more the anchors
/// of a bucket differ, the more false candidates it lets through. So alike anchors (`nerr`,
/// `yerr`, `terr`; `8018`, `8019`, `801c`) share a bucket: a greedy grouping, then per pass an
/// order that puts them there, since Teddy gives a pattern of new low nibbles bucket
/// `7 - id % 8`. Groups of a pass differ in size by one at most, larger first, so that the order
/// lines up.
fn layout<'a, T: Copy, U: Copy>(anchors: &[(&'a [u8], T, U)]) -> Vec<Vec<(&'a [u8], T, U)>> {
    let groups_wanted = 8 * anchors.len().div_ceil(8 * PER_BUCKET);
    let (size, larger) = (anchors.len() / groups_wanted, anchors.len() % groups_wanted);
    let mut left: Vec<usize> = (0..anchors.len()).collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for g in 0..groups_wanted {
        let mut group: Vec<usize> = left.drain(..1.min(left.len())).collect();
        while group.len() < size + usize::from(g < larger) && !left.is_empty() {
            let leak = |i: usize| leak(group.iter().chain([&i]).map(|&j| anchors[j].0));
            let best = (0..left.len()).min_by(|&x, &y| leak(left[x]).total_cmp(&leak(left[y]))).unwrap_or(0);
            group.push(left.remove(best));
        }
        groups.push(group);
    }
    // Pass p takes groups p, p + passes, ...: each pass gets larger ones first.
    let passes = groups_wanted / 8;
    (0..passes)
        .map(|p| {
            let mine: Vec<&Vec<usize>> = groups.iter().skip(p).step_by(passes).collect();
            let rounds = mine.iter().map(|g| g.len()).max().unwrap_or(0);
            (0..rounds).flat_map(|r| mine.iter().filter_map(move |g| g.get(r))).map(|&i| anchors[i]).collect()
        })
        .filter(|pass: &Vec<_>| !pass.is_empty())
        .collect()
}

/// Roughly how often a bucket with these anchors lets a byte of a log through: per place, the
/// share of low nibbles and of (case-folded) high nibbles its anchors have there.
fn leak<'a>(anchors: impl Iterator<Item = &'a [u8]> + Clone) -> f64 {
    (0..4)
        .map(|j| {
            let (mut lo, mut hi) = (0u16, 0u16);
            for a in anchors.clone().filter_map(|a| a.get(j)) {
                (lo, hi) = (lo | 1 << (a & 15), hi | 1 << (a >> 4));
            }
            let high = [(2, 0.15), (3, 0.2), (6, 0.4), (7, 0.25)].iter().filter(|h| hi & 1 << h.0 != 0).map(|h| h.1);
            f64::from(lo.count_ones()) / 16.0 * (0.01 + high.sum::<f64>())
        })
        .product()
}

/// The eight bytes from `at` (zeros past the end), case-folded as the packed searchers see them.
fn fold8(s: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    let n = s.len().saturating_sub(at).min(8);
    b[..n].copy_from_slice(&s[at..at + n]);
    u64::from_le_bytes(b) | 0x2020_2020_2020_2020
}

/// The bytes of a token (`is_word` and `-`): a literal with an underscore lies inside one.
const TOKEN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize || b == b'-' as usize;
        b += 1;
    }
    t
};

/// See [`Prefilter::regions`]. Works in blocks: folds one, runs every pass over it, merges the
/// windows of its hits, and hands out a region once no later hit can open a window into it.
pub(super) struct Regions<'a> {
    pre: &'a Prefilter,
    hay: &'a [u8],
    from: usize,
    /// Every hit before this has its window in `pending`.
    done: usize,
    /// Where the next underscore is looked for.
    under: usize,
    size: usize,
    /// The case-folded block.
    low: Vec<u8>,
    /// Windows not yet handed out, in order of start from `head` on.
    pending: Vec<(usize, usize)>,
    head: usize,
}

impl Iterator for Regions<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            // Windows still to come begin at or after this.
            let frontier =
                if self.done < self.hay.len() { self.done.saturating_sub(self.pre.reach) } else { usize::MAX };
            if let Some(&(start, mut end)) = self.pending.get(self.head) {
                let mut i = self.head + 1;
                while let Some(w) = self.pending.get(i).filter(|w| w.0 <= end) {
                    end = end.max(w.1);
                    i += 1;
                }
                if end <= frontier {
                    self.head = i;
                    return Some((start, end));
                }
            } else if frontier == usize::MAX {
                return None;
            }
            self.block();
        }
    }
}

impl Regions<'_> {
    fn block(&mut self) {
        let (pre, hay) = (self.pre, self.hay);
        let (start, end) = (self.done, hay.len().min(self.done + self.size));
        (self.done, self.size) = (end, (self.size * 2).min(MAX_BLOCK));
        self.pending.drain(..self.head);
        self.head = 0;
        if !pre.passes.is_empty() {
            // A hit begins in the block; its anchor may run past it.
            self.low.clear();
            self.low.extend(hay[start..hay.len().min(end + pre.alen - 1)].iter().map(|&b| b | 0x20));
            for (searcher, windows) in &pre.passes {
                let mut at = 0;
                while let Some(m) = searcher.find_in(&self.low, Span::from(at..self.low.len())) {
                    let q = start + m.start();
                    if q >= end {
                        break;
                    }
                    if let Some(window) = pre.spelled_at(hay, q, windows[m.pattern().as_usize()], self.from) {
                        self.pending.push(window);
                    }
                    at = m.start() + 1;
                }
            }
        }
        let folded = !pre.passes.is_empty();
        while pre.ulen > 0 && self.under < end {
            // In the folded block, which is still in cache: `_` folds to DEL, rare in logs.
            let found = match folded {
                true => memchr(b'_' | 0x20, &self.low[self.under - start..end - start]),
                false => memchr(b'_', &hay[self.under..end]),
            };
            let Some(i) = found else { break };
            let u = self.under + i;
            self.under = u + 1;
            if hay[u] != b'_' {
                continue;
            }
            let Some(shortest) = pre.around.as_ref().map_or(Some(0), |a| a.shortest(hay, u)) else { continue };
            // A literal holding this underscore lies in its window.
            let (s, e, next) = pre.window(hay, u, self.from);
            if e - s >= shortest {
                self.pending.push((s, e));
                self.under = next;
            }
        }
        self.under = self.under.max(end);
        self.pending.sort_unstable();
    }
}

/// The two bytes on each side of every underscore of the literals, case-folded and hashed, and per
/// hash the shortest such literal: most snake_case keys hash where no literal does, and
/// `trace_id` (as in `invalid_resource_id`) or `expires_in` (as in `invalid_expires_in`) are too
/// short for theirs.
struct Around {
    /// By hash, the shortest literal length among its underscores (at most 255); 0 for none.
    shortest: Box<[u8; 1 << 16]>,
}

impl Around {
    fn build(literals: &[&[u8]]) -> Option<Around> {
        let mut shortest = Box::new([0u8; 1 << 16]);
        for lit in literals {
            for u in (0..lit.len()).filter(|&u| lit[u] == b'_') {
                let n = &mut shortest[key(lit, u)?];
                let len = lit.len().min(255) as u8;
                *n = if *n == 0 { len } else { (*n).min(len) };
            }
        }
        Some(Around { shortest })
    }

    /// The shortest literal the underscore at `u` may belong to; `None` when surely none.
    fn shortest(&self, hay: &[u8], u: usize) -> Option<usize> {
        match key(hay, u) {
            Some(k) => Some(usize::from(self.shortest[k])).filter(|&n| n > 0),
            None => Some(0),
        }
    }
}

/// A 16-bit hash of the two bytes before and the two after `u`, case-folded.
fn key(s: &[u8], u: usize) -> Option<usize> {
    let b = s.get(u.checked_sub(2)?..u + 3)?;
    let word = u32::from_le_bytes([b[0], b[1], b[3], b[4]]) | 0x2020_2020;
    Some((word.wrapping_mul(0x9E37_79B1) >> 16) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    fn regions<'a>(pre: &Prefilter, hay: &'a [u8]) -> Vec<&'a [u8]> {
        pre.regions(hay, 0).map(|(s, e)| &hay[s..e]).collect()
    }

    #[test]
    fn snake_case_keys_unlike_any_literal_give_no_region() {
        let pre = Prefilter::build(&lits(&["aadsts", "invalid_grant", "invalid_resource_id"])).unwrap();
        let hay = b"trace_id=1 request_id=2 then invalid_grant and AADSTS1";
        assert_eq!(regions(&pre, hay), [&b"invalid_grant"[..], b"AADSTS"]);
    }

    #[test]
    fn underscores_are_found_in_the_folded_block_but_a_del_byte_is_not_one() {
        let pre = Prefilter::build(&lits(&["aadsts", "invalid_grant"])).unwrap();
        let mut hay = b"invalid\x7fgrant ".repeat(3000);
        hay.extend_from_slice(b"INVALID_GRANT");
        let got = regions(&pre, &hay);
        assert_eq!(got, [&b"INVALID_GRANT"[..]], "past several blocks, and only the underscore");
    }

    #[test]
    fn an_anchor_opens_a_region_only_on_a_literal_it_stands_for() {
        let pre =
            Prefilter::build(&lits(&["msalerrorinternal", "msalinternalerrorinvalidgrant", "msalerror"])).unwrap();
        let hay = b"MSAL.NET, msal-browser and MsalErrorInternal";
        assert_eq!(regions(&pre, hay), [&b"MsalErrorInternal"[..]]);
    }

    #[test]
    fn a_literal_longer_than_a_block_or_far_from_its_anchor_is_still_inside_a_region() {
        let long = format!("msal{}", "x".repeat(300));
        let pre = Prefilter::build(&lits(&[&long, "idtokenaudienceerror"])).unwrap();
        let far = format!("{}IdTokenAudienceError", " ".repeat(250));
        for (hay, at, len) in [(format!("a {} b", long.to_uppercase()), 2, long.len()), (far, 250, 20)] {
            let got: Vec<(usize, usize)> = pre.regions(hay.as_bytes(), 0).collect();
            assert!(got.iter().any(|&(s, e)| s <= at && at + len <= e), "{got:?} in {hay}");
        }
    }

    #[test]
    fn regions_are_apart_and_in_order() {
        let pre = Prefilter::build(&lits(&["aadsts", "aadb2c9", "invalid_grant"])).unwrap();
        let hay = b"aadstsaadb2c9 AADSTSinvalid_grant_aadsts x".repeat(40);
        let got: Vec<(usize, usize)> = pre.regions(&hay, 3).collect();
        assert!(got.windows(2).all(|w| w[0].1 <= w[1].0), "{got:?}");
        assert!(got[0].0 >= 3);
    }

    #[test]
    fn alike_anchors_go_where_teddy_puts_them_in_one_bucket() {
        let families =
            [["nerr", "yerr", "terr", "eerr"], ["8018", "8019", "801c", "801d"], ["dtok", "ytok", "stok", "etok"]];
        let anchors: Vec<(&[u8], u8, u8)> = families.iter().flatten().map(|a| (a.as_bytes(), 0, 0)).collect();
        let family = |a: &[u8]| families.iter().position(|f| f.iter().any(|x| x.as_bytes() == a));
        let passes = layout(&anchors);
        assert_eq!(passes.len(), 1);
        // Patterns 8 apart open the same bucket.
        let pass = &passes[0];
        assert_eq!(pass.len(), 12);
        assert!((8..12).all(|i| family(pass[i].0) == family(pass[i - 8].0)), "{pass:?}");
    }

    #[test]
    fn a_short_literal_or_few_bytes_beside_an_underscore() {
        assert!(Prefilter::build(&lits(&["ab"])).is_none());
        assert!(Prefilter::build(&lits(&["aad", "x_yy"])).unwrap().around.is_none(), "one byte before '_'");
    }
}
