//! Lookup: from what a person typed to catalogue entries. Returns data; printers format it.

use crate::catalogue::{Catalogue, Entry, Provider};
use crate::fuzzy::suggest;
use crate::recognise::{Captured, Recognised, recognise};
use crate::search::{self, Ranked};

/// What one query found.
#[derive(Debug)]
pub enum Answer {
    /// The query is a code or name; entries in display order.
    Exact(Vec<Entry>),
    /// No code or name matched, but a text search found candidates.
    Guess(Vec<Ranked>),
    /// Nothing matched; the closest codes and names, best first.
    Missing { suggestions: Vec<Entry> },
    /// The query is pasted text (a message, a JSON body, a redirect URL) holding codes, found by
    /// the extractor `scan` uses, or fitting message templates (`recognise`). Per code, its
    /// entries in display order (the first is the one a scan reports) and the values captured
    /// from its template; codes of a known family the catalogue lacks; the IDs printed beside them.
    /// `inside[i]` is the code whose error carries entry `i` (an MSAL exception around an AADSTS
    /// code), from the providers' `wraps`.
    Extracted {
        entries: Vec<Vec<Entry>>,
        captured: Vec<Captured>,
        inside: Vec<Option<Entry>>,
        unknown: Vec<String>,
        ids: crate::scan::Ids,
    },
}

/// How many guesses a failed lookup shows.
pub const GUESSES: usize = 3;

/// Looks a query up by code, bare number or symbolic name, optionally within one provider.
pub fn lookup(cat: &'static Catalogue, query: &str, provider: Option<Provider>) -> Answer {
    let found: Vec<Entry> = cat.by_key(query).filter(|e| in_provider(e, provider)).collect();
    if !found.is_empty() {
        return Answer::Exact(found);
    }
    if let Some(answer) = extracted(cat, query, provider) {
        return answer;
    }
    // An unknown code is a miss with its nearest codes; only text goes to the search.
    if looks_like_code(query) {
        return Answer::Missing { suggestions: suggest(cat, query, provider, 3) };
    }
    let guesses = search::search(cat, query, provider, GUESSES);
    if guesses.is_empty() {
        Answer::Missing { suggestions: suggest(cat, query, provider, 3) }
    } else {
        Answer::Guess(guesses)
    }
}

/// The codes in pasted text and the message templates it fits; `None` unless one of them names a
/// catalogue entry (text whose codes are all unknown is better served by the text search).
fn extracted(cat: &'static Catalogue, query: &str, provider: Option<Provider>) -> Option<Answer> {
    // One plain word holds no code the exact lookup missed; skip building the scan tables. Only
    // ASCII letters and digits make a plain word: `a/AADSTS50011`, `x_E0000011` and `éAADSTS50011`
    // each hold a code token that their lookup key does not name.
    if query.trim().bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let text = query.as_bytes();
    let mut hits = Vec::new();
    crate::scan::Extractor::new(cat, provider).extract(text, 0, text.len(), &mut hits);
    let (mut seen, mut entries, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
    for h in hits {
        if seen.contains(&h.code) {
            continue;
        }
        seen.push(h.code);
        match h.entry {
            Some(e) => {
                let same = |x: &Entry| *x != e && x.code().eq_ignore_ascii_case(e.code());
                let others = cat.by_key(e.code()).filter(|x| in_provider(x, provider) && same(x));
                entries.push(std::iter::once(e).chain(others).collect::<Vec<_>>());
            }
            None => unknown.push(h.code.to_string()),
        }
    }
    if entries.iter().any(|l| l.len() > 1) {
        let folded = stserr_catalogue::template::fold(query);
        for list in &mut entries {
            by_own_text(list, &folded.text);
        }
    }
    let mut captured = vec![Vec::new(); entries.len()];
    let coded = entries.len();
    for group in by_span(recognise(cat, query, provider)) {
        // Text that fits a coded entry's own template gives that entry its values. When the text
        // names no code, each message it fits is explained (a code-less one nested in another
        // too); a code the service printed outranks a template that fits other words of it.
        let own = group.iter().find_map(|r| entries.iter().position(|l: &Vec<Entry>| l[0] == r.entry).map(|i| (i, r)));
        match own {
            Some((i, r)) => captured[i].clone_from(&r.captured),
            None if coded > 0 => {}
            None => {
                for r in group {
                    entries.push(vec![r.entry]);
                    captured.push(r.captured);
                }
            }
        }
    }
    if entries.is_empty() {
        return None;
    }
    let firsts: Vec<Entry> = entries.iter().map(|l| l[0]).collect();
    let inside = (0..firsts.len()).map(|i| if i < coded { wrapper(&firsts[..i], firsts[i]) } else { None }).collect();
    Some(Answer::Extracted { entries, captured, inside, unknown, ids: crate::scan::ids::find(text).to_ids() })
}

/// The nearest code before `e` whose provider wraps `e`'s: the error `e` travelled inside.
pub fn wrapper(before: &[Entry], e: Entry) -> Option<Entry> {
    let id = e.provider().id();
    before.iter().rev().find(|o| o.provider() != e.provider() && o.provider().wraps().iter().any(|w| w == id)).copied()
}

/// A name several providers share (`invalid_grant`) is the one whose own message text the
/// pasted text holds (Salesforce's "authentication failure"): that entry goes first. Short
/// texts count here, where the code already says which error it is.
fn by_own_text(list: &mut Vec<Entry>, folded: &str) {
    use stserr_catalogue::template::{compile, find};
    let fits = |e: &Entry| {
        e.messages().iter().chain(e.variants().flat_map(|v| v.messages().iter())).any(|m| {
            let c = compile(m);
            let pieces: Vec<&str> = c.pieces.iter().map(String::as_str).collect();
            find(&pieces, folded).is_some()
        })
    };
    if list.len() > 1 && !fits(&list[0]) {
        if let Some(i) = list.iter().position(fits) {
            let e = list.remove(i);
            list.insert(0, e);
        }
    }
}

/// Recognised templates grouped by the text they cover (twins cover the same text), outermost
/// first.
fn by_span(mut found: Vec<Recognised>) -> Vec<Vec<Recognised>> {
    found.sort_by_key(Recognised::start);
    let mut groups: Vec<Vec<Recognised>> = Vec::new();
    for r in found {
        match groups.last_mut() {
            Some(g) if g[0].same_text(&r) => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    groups
}

/// One word holding digits (`AADSTS1`, `E000011`, `50126`): meant as a code, not as text.
fn looks_like_code(query: &str) -> bool {
    let q = query.trim();
    !q.contains(char::is_whitespace) && q.chars().any(|c| c.is_ascii_digit())
}

fn in_provider(e: &Entry, provider: Option<Provider>) -> bool {
    provider.is_none_or(|p| e.provider() == p)
}
