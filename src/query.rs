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
    // One plain word holds no code the exact lookup missed; skip building the scan tables.
    if !query.trim().contains(|c: char| c.is_whitespace() || "{}\":=&?%,;()[]".contains(c)) {
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
    const MIN_SIMILARITY: f64 = 0.6;
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
        let allowed = longest * (1.0 - MIN_SIMILARITY);
        // Each edit changes the character counts by at most two: a cheap bound before the real distance.
        let counts_apart: usize = char_counts(key).iter().zip(&q_counts).map(|(a, b)| a.abs_diff(*b) as usize).sum();
        if (qn.abs_diff(kn) as f64) > allowed || (counts_apart as f64 / 2.0) > allowed {
            return;
        }
        let similarity = 1.0 - strsim::osa_distance(&q, key) as f64 / longest;
        if similarity >= MIN_SIMILARITY {
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
