//! Nearest codes and names by edit distance, for "did you mean" and one-word searches.

use crate::catalogue::{Catalogue, Entry, Provider};
use crate::normalize;

/// The entries whose code, number or name is closest to `query` by edit distance.
/// Walks the compiled key map (keys are already normalised) with a length filter first,
/// since this also runs inside searches for one-word queries.
pub fn suggest(cat: &'static Catalogue, query: &str, provider: Option<Provider>, limit: usize) -> Vec<Entry> {
    closest(cat, query, provider, limit, 0.6)
}

/// `suggest` with its similarity floor (1 - distance / longer length); a higher floor is faster.
pub fn closest(
    cat: &'static Catalogue,
    query: &str,
    provider: Option<Provider>,
    limit: usize,
    min_similarity: f64,
) -> Vec<Entry> {
    let q = normalize::key(query);
    if q.is_empty() {
        return Vec::new();
    }
    let qn = q.chars().count();
    let mut scored: Vec<(f64, Entry)> = Vec::new();
    let q_counts = char_counts(&q);
    let mut consider = |key: &str, entries: &mut dyn Iterator<Item = Entry>| {
        let kn = key.chars().count();
        let longest = qn.max(kn) as f64;
        let allowed = longest * (1.0 - min_similarity);
        // Each edit changes the character counts by at most two: a cheap bound before the real distance.
        let counts_apart: usize = char_counts(key).iter().zip(&q_counts).map(|(a, b)| a.abs_diff(*b) as usize).sum();
        if (qn.abs_diff(kn) as f64) > allowed || (counts_apart as f64 / 2.0) > allowed {
            return;
        }
        let Some(distance) = bounded_osa(q.as_bytes(), key.as_bytes(), allowed as usize) else { return };
        let similarity = 1.0 - distance as f64 / longest;
        if similarity >= min_similarity {
            scored.extend(entries.filter(|e| provider.is_none_or(|p| e.provider() == p)).map(|e| (similarity, e)));
        }
    };
    let t = cat.tables();
    for (key, ids) in t.keys() {
        consider(key, &mut ids.map(|i| t.entry(i)));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.code().cmp(b.1.code())));
    let mut out: Vec<Entry> = Vec::new();
    for (_, e) in scored {
        if out.len() == limit {
            break;
        }
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// Optimal-string-alignment distance (edits plus adjacent swaps) between byte strings, or `None`
/// as soon as it must exceed `max`: most keys are ruled out after a few rows.
fn bounded_osa(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= max)
}

/// How often each letter and digit occurs (anything else in one bucket).
fn char_counts(s: &str) -> [u8; 37] {
    let mut counts = [0u8; 37];
    for c in s.chars() {
        let slot = match c {
            'a'..='z' => c as usize - 'a' as usize,
            '0'..='9' => 26 + c as usize - '0' as usize,
            _ => 36,
        };
        counts[slot] = counts[slot].saturating_add(1);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::bounded_osa;

    #[test]
    fn bounded_distance_matches_osa_within_the_bound_and_gives_up_beyond() {
        for (a, b) in
            [("pasword", "password"), ("e000011", "e0000011"), ("abcd", "acbd"), ("5012", "50126"), ("", "ab")]
        {
            let d = strsim::osa_distance(a, b);
            assert_eq!(bounded_osa(a.as_bytes(), b.as_bytes(), d), Some(d), "{a} {b}");
            if d > 0 {
                assert_eq!(bounded_osa(a.as_bytes(), b.as_bytes(), d - 1), None, "{a} {b}");
            }
        }
    }
}
