//! Recognising the exact text a service prints: pasted text that fits one of the catalogue's
//! message templates names its entry even when the code was cut off, and the template's slots
//! give back the user's own values (the redirect URI sent, the app ID, the tenant).

use crate::catalogue::{Catalogue, Entry, Provider, Variant};
use stserr_catalogue::template::{self, Folded};

/// Placeholder name and the value the user's text holds there, in template order.
pub type Captured = Vec<(&'static str, String)>;

/// A template found in pasted text.
#[derive(Debug, Clone)]
pub struct Recognised {
    pub entry: Entry,
    /// The message-specific meaning the template belongs to, if not the entry itself.
    pub variant: Option<Variant>,
    /// False for a cut-off message that matched by its first words.
    pub whole: bool,
    pub captured: Captured,
    /// Folded byte range, for telling nested messages apart.
    start: usize,
    end: usize,
    literal: usize,
    unmatched: usize,
    slotted: usize,
}

impl Recognised {
    /// Where the match starts in the text (folded): outer messages start first.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Whether two matches cover the same words (twins: one text, two entries).
    pub fn same_text(&self, other: &Recognised) -> bool {
        (self.start, self.end) == (other.start, other.end)
    }
}

/// Only the start of a huge paste is read: no service prints a message this long.
const MAX_TEXT: usize = 64 << 10;
/// A template of fewer literal words than this ("Invalid refresh token", "Unauthorized") is
/// evidence only when it is most of the text: other services print the same few words.
const MIN_WORDS: usize = 5;

/// The templates found in `text`, most specific first (more literal text matched, then less of
/// the template left unmatched, whole before cut off, fewer slot characters). Where several fit
/// the same words only the most specific is kept, but twins (one text, two entries) all are; a
/// message nested in another is found too.
pub fn recognise(cat: &'static Catalogue, text: &str, provider: Option<Provider>) -> Vec<Recognised> {
    let cut = (0..=text.len().min(MAX_TEXT)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let text = &text[..cut];
    let folded = template::fold(text);
    let t = cat.tables();
    let mut words: Vec<&str> = template::words(&folded.text).collect();
    let text_words = words.len();
    words.sort_unstable();
    words.dedup();
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    for w in words {
        for tm in t.templates_anchored(w) {
            if !seen.insert(tm.id()) {
                continue;
            }
            let entry = tm.entry();
            if provider.is_some_and(|p| p.id() != entry.provider().id()) {
                continue;
            }
            let pieces: Vec<&'static str> = tm.pieces().iter().collect();
            let Some(f) = template::find(&pieces, &folded.text) else { continue };
            let literal_words: usize = pieces.iter().map(|p| template::words(p).count()).sum();
            let covered = template::words(&folded.text[f.start..f.end]).count();
            if literal_words < MIN_WORDS && covered * 2 < text_words {
                continue;
            }
            let slots: Vec<&'static str> = tm.slots().iter().collect();
            found.push(Recognised {
                entry,
                variant: tm.variant(),
                whole: f.whole,
                captured: captured(&f.captured, &slots, &folded, text),
                start: f.start,
                end: f.end,
                literal: f.literal,
                unmatched: f.unmatched,
                slotted: f.slotted,
            });
        }
    }
    choose(found)
}

fn captured(spans: &[(usize, usize, usize)], slots: &[&'static str], folded: &Folded, text: &str) -> Captured {
    let mut out: Captured = Vec::new();
    for &(slot, a, b) in spans {
        let value = folded.original(text, a, b).trim_matches(|c: char| c == '\'' || c == '"' || c.is_whitespace());
        if !value.is_empty() && !out.iter().any(|(n, _)| *n == slots[slot]) {
            out.push((slots[slot], value.to_string()));
        }
    }
    out
}

/// Best first, a match that overlaps a better one is dropped unless it is its twin (same text,
/// same evidence); one per entry.
fn choose(mut found: Vec<Recognised>) -> Vec<Recognised> {
    found.sort_by(|a, b| {
        (b.literal, a.unmatched, b.whole, a.slotted, a.start).cmp(&(
            a.literal,
            b.unmatched,
            a.whole,
            b.slotted,
            b.start,
        ))
    });
    let mut kept: Vec<Recognised> = Vec::new();
    for r in found {
        let clash = kept.iter().any(|k| {
            let overlaps = r.start < k.end && k.start < r.end;
            let twin = (r.start, r.end, r.literal, r.whole) == (k.start, k.end, k.literal, k.whole);
            (overlaps && !twin) || k.entry == r.entry
        });
        if !clash {
            kept.push(r);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        recognise(Catalogue::builtin(), text, None).iter().map(|r| r.entry.code().to_string()).collect()
    }

    #[test]
    fn the_documented_redirect_message_names_its_code_and_gives_back_the_values() {
        let text = "The redirect URI 'https://app.contoso.com/signin-oidc' specified in the request does not match the redirect URIs configured for the application '6f1c2b9e-0000-4000-8000-000000000001'.";
        let found = recognise(Catalogue::builtin(), text, None);
        assert_eq!(found[0].entry.code(), "AADSTS50011");
        assert_eq!(
            found[0].captured,
            [
                ("redirect_uri", "https://app.contoso.com/signin-oidc".into()),
                ("app_id", "6f1c2b9e-0000-4000-8000-000000000001".into())
            ]
        );
    }

    #[test]
    fn prose_that_merely_shares_words_is_not_a_message() {
        assert!(codes("please check the redirect uri and try again").is_empty());
        assert!(codes("").is_empty());
    }
}
