//! Chooses what the prefilter searches for in place of the literals without an underscore: in
//! each literal one substring of four bytes (a three-byte literal is its own anchor). The anchors
//! must be few, since every few dozen of them cost the prefilter another pass over the bytes, and
//! rare in logs, since every hit costs a restart. Both at once: a set cover that weighs each
//! anchor by how common it looks, where the words the snake_case codes are made of (`invalid`,
//! `token`, `request`) stand for the words logs are full of.

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
    let mut holders: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for (i, lit) in literals.iter().enumerate() {
        let n = if lit.len() == 3 { 3 } else { 4 };
        let mut any = false;
        for g in lit.windows(n).filter(|g| g.iter().all(|&b| b | 0x20 == b)) {
            let h = holders.entry(g).or_default();
            if h.last() != Some(&i) {
                h.push(i);
            }
            any = true;
        }
        if !any {
            return None;
        }
    }
    // Greedy weighted set cover: the anchor with the least cost per literal it newly covers.
    let mut covered = vec![false; literals.len()];
    let mut chosen: Vec<&[u8]> = Vec::new();
    while covered.contains(&false) {
        let mut best: Option<(f64, &[u8])> = None;
        for (&g, h) in &holders {
            let new = h.iter().filter(|&&i| !covered[i]).count();
            if new == 0 {
                continue;
            }
            let cost = (score(g) + ANCHOR_COST) / new as f64;
            if best.is_none_or(|(c, b)| cost < c || (cost == c && g < b)) {
                best = Some((cost, g));
            }
        }
        let (_, g) = best?;
        for &i in &holders[g] {
            covered[i] = true;
        }
        chosen.push(g);
    }
    // Each literal takes the rarest chosen anchor it holds.
    let mut out = Vec::with_capacity(literals.len());
    for lit in literals {
        let n = if lit.len() == 3 { 3 } else { 4 };
        let (at, _) = lit
            .windows(n)
            .enumerate()
            .filter(|(_, g)| chosen.contains(g))
            .min_by(|a, b| score(a.1).total_cmp(&score(b.1)).then(a.0.cmp(&b.0)))?;
        out.push((&lit[at..at + n], at));
    }
    Some(out)
}

/// How often each four-byte piece of a word turns up across the words (with repeats).
fn vocabulary<'a>(words: &[&'a [u8]]) -> HashMap<&'a [u8], u32> {
    let mut count: HashMap<&[u8], u32> = HashMap::new();
    for w in words.iter().filter(|w| w.len() >= 4) {
        *count.entry(w).or_default() += 1;
    }
    let mut common: HashMap<&[u8], u32> = HashMap::new();
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
