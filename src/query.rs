//! Lookup: from what a person typed to catalogue entries. Returns data; printers format it.

use crate::catalogue::{self, Entry, Provider};
use crate::normalize;
use crate::search::{self, Hit};

/// What one query found.
#[derive(Debug)]
pub enum Answer {
    /// The query is a code or name; entries in display order.
    Exact(Vec<&'static Entry>),
    /// No code or name matched, but a text search found candidates.
    Guess(Vec<Hit>),
    /// Nothing matched; the closest codes and names, best first.
    Missing { suggestions: Vec<&'static Entry> },
    /// The query is pasted text (a message, a JSON body, a redirect URL) holding codes, found by
    /// the extractor `scan` uses. Per code, its entries in display order (the first is the one a
    /// scan reports); codes of a known family the catalogue lacks; the IDs printed beside them.
    Extracted { entries: Vec<Vec<&'static Entry>>, unknown: Vec<String>, context: crate::scan::Ids },
}

/// How many guesses a failed lookup shows.
pub const GUESSES: usize = 3;

/// Looks a query up by code, bare number or symbolic name, optionally within one provider.
pub fn lookup(query: &str, provider: Option<&'static Provider>) -> Answer {
    let found: Vec<&Entry> = catalogue::by_key(query).filter(|e| in_provider(e, provider)).collect();
    if !found.is_empty() {
        return Answer::Exact(found);
    }
    if let Some(answer) = extracted(query, provider) {
        return answer;
    }
    // An unknown code is a miss with its nearest codes; only text goes to the search.
    if looks_like_code(query) {
        return Answer::Missing { suggestions: suggest(query, provider, 3) };
    }
    let guesses = search::search(query, provider, GUESSES);
    if guesses.is_empty() {
        Answer::Missing { suggestions: suggest(query, provider, 3) }
    } else {
        Answer::Guess(guesses)
    }
}

/// The codes in pasted text; `None` unless one of them is in the catalogue (text whose codes are
/// all unknown is better served by the text search).
fn extracted(query: &str, provider: Option<&'static Provider>) -> Option<Answer> {
    // One plain word holds no code the exact lookup missed; skip building the scan tables. Only
    // ASCII letters and digits make a plain word: `a/AADSTS50011`, `x_E0000011` and `éAADSTS50011`
    // each hold a code token that their lookup key does not name.
    if query.trim().bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let text = query.as_bytes();
    let mut hits = Vec::new();
    crate::scan::Extractor::new(provider).extract(text, 0, text.len(), &mut hits);
    let (mut seen, mut entries, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
    for h in hits {
        if seen.contains(&h.code) {
            continue;
        }
        seen.push(h.code);
        match h.entry {
            Some(e) => {
                let same = |x: &&Entry| !std::ptr::eq(*x, e) && x.code.eq_ignore_ascii_case(e.code);
                let others = catalogue::by_key(e.code).filter(|x| in_provider(x, provider) && same(x));
                entries.push(std::iter::once(e).chain(others).collect());
            }
            None => unknown.push(h.code.to_string()),
        }
    }
    if entries.is_empty() {
        return None;
    }
    Some(Answer::Extracted { entries, unknown, context: crate::scan::context::find(text).to_ids() })
}

/// One word holding digits (`AADSTS1`, `E000011`, `50126`): meant as a code, not as text.
fn looks_like_code(query: &str) -> bool {
    let q = query.trim();
    !q.contains(char::is_whitespace) && q.chars().any(|c| c.is_ascii_digit())
}

fn in_provider(e: &Entry, provider: Option<&'static Provider>) -> bool {
    provider.is_none_or(|p| std::ptr::eq(e.provider(), p))
}

/// The entries whose code, number or name is closest to `query` by edit distance.
/// Walks the compiled key map (keys are already normalised) with a length filter first,
/// since this also runs inside searches for one-word queries.
pub fn suggest(query: &str, provider: Option<&'static Provider>, limit: usize) -> Vec<&'static Entry> {
    closest(query, provider, limit, 0.6)
}

/// `suggest` with its similarity floor (1 - distance / longer length); a higher floor is faster.
pub fn closest(
    query: &str,
    provider: Option<&'static Provider>,
    limit: usize,
    min_similarity: f64,
) -> Vec<&'static Entry> {
    let q = normalize::key(query);
    if q.is_empty() {
        return Vec::new();
    }
    let qn = q.chars().count();
    let mut scored: Vec<(f64, &'static Entry)> = Vec::new();
    let q_counts = char_counts(&q);
    let mut consider = |key: &str, entries: &mut dyn Iterator<Item = &'static Entry>| {
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
            scored.extend(entries.filter(|e| in_provider(e, provider)).map(|e| (similarity, e)));
        }
    };
    for (key, ids) in catalogue::KEYS.entries() {
        consider(key, &mut ids.iter().map(|&i| &catalogue::ENTRIES[i as usize]));
    }
    for e in crate::overlay::get().map_or(&[][..], |o| o.entries.as_slice()) {
        consider(&normalize::key(e.code), &mut std::iter::once(*e));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.code.cmp(b.1.code)));
    let mut out: Vec<&'static Entry> = Vec::new();
    for (_, e) in scored {
        if out.len() == limit {
            break;
        }
        if !out.iter().any(|o| std::ptr::eq(*o, e)) && !crate::overlay::replaces(e) {
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

/// Escapes control characters so echoed input cannot move the cursor or recolour the terminal.
pub fn escape(s: &str) -> String {
    s.chars().flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
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
