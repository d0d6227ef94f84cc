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
}

/// How many guesses a failed lookup shows.
pub const GUESSES: usize = 3;

/// Looks a query up by code, bare number or symbolic name, optionally within one provider.
pub fn lookup(query: &str, provider: Option<&'static Provider>) -> Answer {
    let found: Vec<&Entry> = catalogue::by_key(query).filter(|e| in_provider(e, provider)).collect();
    if !found.is_empty() {
        return Answer::Exact(found);
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

/// One word holding digits (`AADSTS1`, `E000011`, `50126`): meant as a code, not as text.
fn looks_like_code(query: &str) -> bool {
    let q = query.trim();
    !q.contains(char::is_whitespace) && q.chars().any(|c| c.is_ascii_digit())
}

fn in_provider(e: &Entry, provider: Option<&'static Provider>) -> bool {
    provider.is_none_or(|p| std::ptr::eq(e.provider(), p))
}

/// The entries whose code or name is closest to `query` by edit distance.
pub fn suggest(query: &str, provider: Option<&'static Provider>, limit: usize) -> Vec<&'static Entry> {
    let q = normalize::key(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &Entry)> = catalogue::entries(provider)
        .filter_map(|e| {
            let code = normalize::key(e.code);
            let number = &code[code.trim_end_matches(|c: char| c.is_ascii_digit()).len()..];
            let by_code = strsim::normalized_damerau_levenshtein(&q, &code).max(if number.is_empty() {
                0.0
            } else {
                strsim::normalized_damerau_levenshtein(&q, number)
            });
            let by_name = e.name.map_or(0.0, |n| strsim::normalized_damerau_levenshtein(&q, &normalize::key(n)));
            let score = by_code.max(by_name);
            (score >= 0.6).then_some((score, e))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<&Entry> = Vec::new();
    for (_, e) in scored {
        if out.len() == limit {
            break;
        }
        if !out.iter().any(|o| o.code == e.code) {
            out.push(e);
        }
    }
    out
}

/// Escapes control characters so echoed input cannot move the cursor or recolour the terminal.
pub fn escape(s: &str) -> String {
    s.chars().flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
}
