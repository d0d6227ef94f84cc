//! Ranked search over the catalogue's index: messages, keywords, half-remembered names, typos.
//! All weighting was done when the index was built (stserr_catalogue::index); a search only
//! cleans the text, looks terms up, and adds up the posting weights.

use crate::catalogue::{Catalogue, Entry, Provider, Tables, Variant};
use crate::normalize;
use crate::recognise::{Captured, recognise};

/// One search result.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub entry: Entry,
    /// The message-specific meaning that matched, when one did.
    pub variant: Option<Variant>,
    pub score: f32,
    /// Values the text holds in the slots of the entry's message template, when it fits one.
    pub captured: Captured,
}

/// The score of text that fits a message template (whole, or cut off after its first words):
/// above every scored match; among such hits the most specific template comes first.
pub const TEMPLATE_SCORE: f32 = 100.0;

/// Words of the field that mean the same thing. Every member of a group is searched at a
/// lower weight when the query has another member.
const SYNONYMS: &[&[&str]] = &[
    &["redirect", "reply", "callback"],
    &["uri", "url"],
    &["mfa", "multifactor", "2fa", "strong"],
    &["app", "application", "client"],
    &["tenant", "directory", "organization"],
    &["consent", "permission"],
    &["password", "credential", "pwd"],
    &["locked", "lockout", "blocked"],
    &["login", "signin", "logon", "sign"],
    &["user", "account"],
    &["certificate", "cert"],
    &["throttled", "throttling", "rate", "ratelimit"],
    &["disabled", "deactivated", "suspended"],
    &["guest", "external"],
    &["admin", "administrator"],
    &["expired", "lapsed", "old"],
    &["secret", "key"],
    &["forbidden", "denied"],
];

const PROVIDER_CUE_FACTOR: f32 = 1.6;
const STANDARD_FACTOR: f32 = 1.25;
const UNDOCUMENTED_FACTOR: f32 = 0.85;
const VENDOR_TWIN_FACTOR: f32 = 0.8;
/// How close a one-word query must be to a code or name to count as meaning it.
const NAME_SIMILARITY: f64 = 0.75;
const PHRASE_BONUS: f32 = 1.0;

/// Weights of terms that are not in the query as typed.
const TYPO_FACTOR: f32 = 0.8;
const SYNONYM_FACTOR: f32 = 0.5;

/// Drops what a pasted message carries that is never an error's meaning: URLs, GUIDs, trace and
/// correlation IDs, timestamps, long hex or base64 tokens. Words inside single quotes (app and
/// tenant names) are returned separately so that they are never typo-corrected into something else.
pub fn clean(text: &str) -> (String, Vec<String>) {
    let mut kept = String::with_capacity(text.len());
    let mut quoted = Vec::new();
    for token in text.split_whitespace() {
        if is_noise(token) {
            continue;
        }
        let bare = token.trim_matches(|c: char| c == '\'' || c == '"' || c == '`' || c == ',' || c == '.');
        if token.starts_with('\'') || token.ends_with('\'') || token.ends_with("',") || token.ends_with("'.") {
            quoted.extend(normalize::terms(bare));
        }
        kept.push_str(token);
        kept.push(' ');
    }
    (kept, quoted)
}

fn is_noise(token: &str) -> bool {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric());
    if token.contains("://") || t.is_empty() {
        return true;
    }
    let digits = t.bytes().filter(u8::is_ascii_digit).count();
    let hex = t.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    let guid = hex && t.bytes().filter(|&b| b == b'-').count() == 4 && t.len() == 36;
    let timestamp =
        digits >= 4 && t.bytes().all(|b| b.is_ascii_digit() || b":-.TZ".contains(&b)) && t.contains(['-', ':']);
    let long_id = t.len() >= 16 && digits > 0 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_=+/".contains(&b));
    guid || timestamp || long_id || (digits == t.len() && digits >= 8)
}

/// The closest vocabulary word within 1 edit (2 for words of 8 or more characters), preferring
/// the nearest, then the most common.
pub fn correct(t: &'static Tables<'static>, term: &str) -> Option<&'static str> {
    let n = term.chars().count();
    if n < 4 {
        return None;
    }
    let max = if n >= 8 { 2 } else { 1 };
    let first = term.chars().next()?;
    let mut best: Option<(usize, u32, &'static str)> = None;
    for len in n - max..=n + max {
        for word in t.vocab(len) {
            // A typo in the very first letter is rare; skipping those keeps this cheap.
            if !word.starts_with(first) {
                continue;
            }
            let d = strsim::osa_distance(term, word);
            if d == 0 || d > max {
                continue;
            }
            let df = t.term_df(word) as u32;
            if best.is_none_or(|(bd, bdf, _)| d < bd || (d == bd && df > bdf)) {
                best = Some((d, df, word));
            }
        }
    }
    best.map(|b| b.2)
}

fn synonyms(term: &str) -> impl Iterator<Item = String> + '_ {
    SYNONYMS
        .iter()
        .filter(move |g| g.iter().any(|w| normalize::stem(w) == term))
        .flat_map(|g| g.iter().map(|w| normalize::stem(w)))
        .filter(move |w| w != term)
}

/// Ranked hits for free text, best first, at most one per entry: first the entries whose message
/// templates the text fits (see `recognise`), then the scored ones.
pub fn search(cat: &'static Catalogue, text: &str, provider: Option<Provider>, limit: usize) -> Vec<Ranked> {
    let mut recognised = recognise(cat, text, provider);
    let scored = scored(cat, text, provider, limit + recognised.len() + 8);
    // Twins (one text, several entries) are ordered as the scored search orders them, so that
    // provider cues and match phrases still decide between them.
    let rank = |e: &Entry| scored.iter().position(|h| h.entry == *e).unwrap_or(usize::MAX);
    let mut i = 0;
    while i < recognised.len() {
        let n = recognised[i..].iter().take_while(|r| r.same_text(&recognised[i])).count();
        recognised[i..i + n].sort_by_key(|r| rank(&r.entry));
        i += n;
    }
    let mut hits: Vec<Ranked> = recognised
        .into_iter()
        .map(|r| Ranked { entry: r.entry, variant: r.variant, score: TEMPLATE_SCORE, captured: r.captured })
        .collect();
    hits.truncate(limit);
    for h in scored {
        if hits.len() >= limit {
            break;
        }
        if !hits.iter().any(|x| x.entry == h.entry) {
            hits.push(h);
        }
    }
    hits
}

/// Hits scored by the index alone.
fn scored(cat: &'static Catalogue, text: &str, provider: Option<Provider>, limit: usize) -> Vec<Ranked> {
    let t = cat.tables();
    let (cleaned, quoted) = clean(text);
    let typed = normalize::terms(&cleaned);
    let mut scores = vec![0f32; t.doc_count()];
    let mut matched = vec![0u16; t.doc_count()];
    // The terms actually searched, in query order, for phrase (bigram) bonuses.
    let mut resolved: Vec<String> = Vec::with_capacity(typed.len());
    let mut distinct = 0u16;
    for (i, term) in typed.iter().enumerate() {
        if typed[..i].contains(term) {
            resolved.push(term.clone());
            continue;
        }
        let (found, factor) = if t.term_df(term) > 0 {
            (Some(term.clone()), 1.0)
        } else if quoted.contains(term) {
            (None, 0.0)
        } else {
            (correct(t, term).map(str::to_string), TYPO_FACTOR)
        };
        distinct += 1;
        let Some(found) = found else {
            resolved.push(term.clone());
            continue;
        };
        let mut seen_docs = Vec::new();
        for (doc, w) in t.term(&found) {
            scores[doc] += w * factor;
            seen_docs.push(doc);
        }
        for syn in synonyms(&found).filter(|s| !typed.contains(s)) {
            for (doc, w) in t.term(&syn) {
                scores[doc] += w * SYNONYM_FACTOR;
                seen_docs.push(doc);
            }
        }
        seen_docs.sort_unstable();
        seen_docs.dedup();
        for doc in seen_docs {
            matched[doc] += 1;
        }
        resolved.push(found);
    }
    for pair in resolved.windows(2) {
        for (doc, w) in t.bigram(&format!("{} {}", pair[0], pair[1])) {
            scores[doc] += w;
        }
    }
    // A message names one error: prefer documents that account for more of its words.
    let total = distinct.max(1) as f32;
    for (s, m) in scores.iter_mut().zip(&matched) {
        *s *= 0.5 + 0.5 * (*m as f32 / total);
    }
    let contained = phrase_containment(t, &resolved, &mut scores);
    provider_cues(cat, &typed, &contained, &mut scores);
    name_likeness(cat, text, provider, &mut scores);
    collect(t, &scores, provider, limit)
}

/// The best-scoring documents whose whole `match` phrase stands, word for word, in the query
/// (a pasted message) gain by the phrase's rarity: bigrams reward pieces of a phrase, this
/// rewards all of it. Returns the documents that gained.
fn phrase_containment(t: &'static Tables<'static>, query: &[String], scores: &mut [f32]) -> Vec<usize> {
    const CANDIDATES: usize = 40;
    let mut gained = Vec::new();
    let mut top: Vec<usize> = (0..scores.len()).filter(|&d| scores[d] > 0.0).collect();
    if query.len() < 2 || top.is_empty() {
        return gained;
    }
    top.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    top.truncate(CANDIDATES);
    let joined = format!(" {} ", query.join(" "));
    for doc in top {
        let best = t
            .phrases(doc)
            .filter(|(phrase, _)| {
                joined.match_indices(phrase).any(|(at, _)| {
                    joined.as_bytes()[at - 1] == b' ' && joined.as_bytes().get(at + phrase.len()) == Some(&b' ')
                })
            })
            .map(|(_, weight)| weight)
            .max_by(f32::total_cmp);
        if let Some(weight) = best {
            scores[doc] += PHRASE_BONUS * weight;
            gained.push(doc);
        }
    }
    gained
}

/// Provider words in the query favour that provider; none favours the standard meaning.
/// `contained`: documents one of whose message phrases the query quotes in full.
fn provider_cues(cat: &'static Catalogue, typed: &[String], contained: &[usize], scores: &mut [f32]) {
    let t = cat.tables();
    let cued: Vec<Provider> =
        cat.providers().filter(|p| p.cues().iter().any(|w| typed.contains(&normalize::stem(w)))).collect();
    // A more specific provider named (b2c) silences the broader one it names (entra).
    let silenced = |p: &Provider| cued.iter().any(|c| c.silences().iter().any(|s| s == p.id()));
    let ids: Vec<Provider> = cued.iter().copied().filter(|p| !silenced(p)).collect();
    // Naming no provider, a person describes the standard meaning.
    let no_cue = ids.is_empty();
    let (ids, factor) = if no_cue {
        (cat.providers().filter(Provider::standard).collect(), STANDARD_FACTOR)
    } else {
        (ids, PROVIDER_CUE_FACTOR)
    };
    for (doc, score) in scores.iter_mut().enumerate() {
        let (entry_index, variant) = t.doc(doc);
        let entry = t.entry(entry_index);
        if ids.contains(&entry.provider()) {
            *score *= factor;
        }
        // A vendor's entry for a standard name restates the standard meaning; what is its own are
        // its message variants. On the shared words the standard entry answers, unless the vendor
        // is named or one of its messages is quoted word for word.
        let vendor_twin = *score > 0.0 && entry.standard_twin();
        if vendor_twin && (variant == 0 || (no_cue && !contained.contains(&doc))) {
            *score *= VENDOR_TWIN_FACTOR;
        }
        // Field evidence is thinner than the provider's own table: on a near tie, the documented code wins.
        if !entry.documented() {
            *score *= UNDOCUMENTED_FACTOR;
        }
    }
}

/// A query typed as one word (`InvalidUserNamOrPasword`, `E000011`) is probably a name or code.
fn name_likeness(cat: &'static Catalogue, text: &str, provider: Option<Provider>, scores: &mut [f32]) {
    let text = text.trim();
    if text.is_empty() || text.contains(char::is_whitespace) {
        return;
    }
    let top = scores.iter().copied().fold(1.0f32, f32::max);
    let t = cat.tables();
    for (rank, e) in crate::fuzzy::closest(cat, text, provider, 3, NAME_SIMILARITY).into_iter().enumerate() {
        if let Some(doc) = (0..t.doc_count()).find(|&d| t.doc(d) == (e.index(), 0)) {
            scores[doc] += top * (1.5 - rank as f32 * 0.4);
        }
    }
}

/// The best document per entry, best first.
fn collect(t: &'static Tables<'static>, scores: &[f32], provider: Option<Provider>, limit: usize) -> Vec<Ranked> {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&d| scores[d] > 0.0).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut hits: Vec<Ranked> = Vec::with_capacity(limit.min(order.len()));
    for doc in order {
        if hits.len() >= limit {
            break;
        }
        let (entry, variant) = t.doc(doc);
        let entry = t.entry(entry);
        let other_provider = provider.is_some_and(|p| entry.provider() != p);
        if other_provider || hits.iter().any(|x| x.entry == entry) {
            continue;
        }
        let variant = variant.checked_sub(1).and_then(|v| entry.variant(v));
        hits.push(Ranked { entry, variant, score: scores[doc], captured: Vec::new() });
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_dropped_from_pasted_messages() {
        let (kept, _) = clean(
            "Trace ID: 0a1b2c3d-1111-2222-3333-444455556666 at https://login.microsoftonline.com/x 2024-05-01T10:22:31Z reply URL",
        );
        assert_eq!(kept.trim(), "Trace ID: at reply URL");
    }

    #[test]
    fn quoted_names_are_kept_apart() {
        let (_, quoted) = clean("Application 'Contoso Portal' was not found");
        assert_eq!(quoted, ["contoso", "portal"]);
    }

    #[test]
    fn synonyms_are_found_by_stem() {
        let syn: Vec<String> = synonyms(&normalize::stem("reply")).collect();
        assert!(syn.contains(&normalize::stem("redirect")), "{syn:?}");
    }
}
