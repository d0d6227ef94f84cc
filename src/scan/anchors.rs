//! Chooses what the prefilter searches for in place of the literals without an underscore: in
//! each literal one substring of four bytes (a three-byte literal is its own anchor). The anchors
//! must be few, since every few dozen of them cost the prefilter another pass over the bytes, and
//! rare in logs, since every hit costs a restart. Both at once: a set cover that weighs each
//! anchor by how common it looks, where the words the snake_case codes are made of (`invalid`,
//! `token`, `request`) stand for the words logs are full of.

use crate::quick_hash::QuickHash;
use std::collections::HashMap;

/// The price of one more anchor, against the commonness of the ones it saves.
const ANCHOR_COST: f64 = 300.0;

/// Letters from the most to the least common in English text.
const LETTERS: &[u8; 26] = b"etaoinshrdlcumwfgypbvkjxqz";

/// Per literal, its anchor and where in the literal the anchor begins. `None` when some literal
/// has no anchor: shorter than three bytes, or with bytes the case fold does not keep.
pub(super) fn choose<'a>(literals: &[&'a [u8]], words: &[&[u8]]) -> Option<Vec<(&'a [u8], usize)>> {
    let common = vocabulary(words);
    let score = |g: &[u8]| 100.0 * f64::from(common.get(g).copied().unwrap_or(0)) + 1e6 * rarity(g);
    // Candidates: every piece of every literal, with its score, and per literal its pieces.
    let mut index: HashMap<&[u8], usize, QuickHash> = HashMap::default();
    let mut grams: Vec<(&[u8], f64)> = Vec::new();
    let mut holds: Vec<Vec<usize>> = Vec::with_capacity(literals.len());
    for lit in literals {
        let n = if lit.len() == 3 { 3 } else { 4 };
        let mut mine: Vec<usize> = lit
            .windows(n)
            .filter(|g| g.iter().all(|&b| b | 0x20 == b))
            .map(|g| {
                *index.entry(g).or_insert_with(|| {
                    grams.push((g, score(g)));
                    grams.len() - 1
                })
            })
            .collect();
        mine.sort_unstable();
        mine.dedup();
        if mine.is_empty() {
            return None;
        }
        holds.push(mine);
    }
    // Greedy weighted set cover: the piece with the least cost per literal it newly covers.
    let mut fresh = vec![0usize; grams.len()];
    holds.iter().flatten().for_each(|&g| fresh[g] += 1);
    let mut left = literals.len();
    let mut covered = vec![false; literals.len()];
    let mut chosen = vec![false; grams.len()];
    while left > 0 {
        let cost = |g: usize| (grams[g].1 + ANCHOR_COST) / fresh[g] as f64;
        let best = (0..grams.len())
            .filter(|&g| fresh[g] > 0)
            .min_by(|&a, &b| cost(a).total_cmp(&cost(b)).then(grams[a].0.cmp(grams[b].0)))?;
        chosen[best] = true;
        for (i, mine) in holds.iter().enumerate() {
            if !covered[i] && mine.binary_search(&best).is_ok() {
                covered[i] = true;
                left -= 1;
                mine.iter().for_each(|&g| fresh[g] -= 1);
            }
        }
    }
    // Each literal takes the rarest chosen piece it holds, at its first place.
    let mut out = Vec::with_capacity(literals.len());
    for (lit, mine) in literals.iter().zip(&holds) {
        let g = mine.iter().copied().filter(|&g| chosen[g]).min_by(|&a, &b| grams[a].1.total_cmp(&grams[b].1))?;
        let at = lit.windows(grams[g].0.len()).position(|w| w == grams[g].0)?;
        out.push((grams[g].0, at));
    }
    Some(out)
}

/// How often each four-byte piece of a word turns up across the words (with repeats).
fn vocabulary<'a>(words: &[&'a [u8]]) -> HashMap<&'a [u8], u32, QuickHash> {
    let mut count: HashMap<&[u8], u32, QuickHash> = HashMap::default();
    for w in words.iter().filter(|w| w.len() >= 4) {
        *count.entry(w).or_default() += 1;
    }
    let mut common: HashMap<&[u8], u32, QuickHash> = HashMap::default();
    for (w, n) in count {
        let mut grams: Vec<&[u8]> = w.windows(4).collect();
        grams.sort_unstable();
        grams.dedup();
        for g in grams {
            *common.entry(g).or_default() += n;
        }
    }
    common
}

/// A rough chance of these bytes in text: English letter frequencies, digits fairly common.
fn rarity(g: &[u8]) -> f64 {
    g.iter()
        .map(|&b| match LETTERS.iter().position(|&l| l == b) {
            Some(rank) => 0.13 * 0.88f64.powi(rank as i32),
            None if b == b'0' => 0.2,
            None if b.is_ascii_digit() => 0.08,
            None => 0.03,
        })
        .product()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names_anchor_where_two_words_meet() {
        let lits: [&[u8]; 3] = [b"invalidparameterexception", b"expiredtokenexception", b"msalerrorinternal"];
        let words: [&[u8]; 4] = [b"invalid", b"expired", b"token", b"parameter"];
        let got = choose(&lits, &words).unwrap();
        for (lit, (anchor, at)) in lits.iter().zip(&got) {
            assert_eq!(&lit[*at..*at + anchor.len()], *anchor);
            assert!(!words.iter().any(|w| w.windows(4).any(|g| g == *anchor)), "{anchor:?} is a common word");
        }
    }

    #[test]
    fn short_literals_anchor_on_themselves_and_odd_bytes_are_refused() {
        assert_eq!(choose(&[b"caa"], &[]).unwrap(), [(&b"caa"[..], 0)]);
        assert!(choose(&[b"ab"], &[]).is_none());
        assert!(choose(&[b"a@b["], &[]).is_none(), "no four bytes the fold keeps");
    }
}
