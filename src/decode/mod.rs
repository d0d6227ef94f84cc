//! Pasted tokens and SAML messages, decoded offline (issue 15, steps 4 and 5).
//!
//! [`find`] looks for a JWT (three base64url segments whose first decodes to a JSON object with
//! `alg`) and for a SAML protocol message (base64, URL-encoded or not, deflated or not, or raw
//! XML) in pasted text, decodes what it finds within fixed bounds, and names the catalogue
//! entries that the decoded facts point at. Nothing is verified: no signature is checked and no
//! key or metadata is fetched. Returns data; `render::decoded` prints it.

pub mod der;
pub mod jwt;
pub mod saml;
pub mod time;

use crate::catalogue::{Catalogue, Entry};

/// A token larger than this is refused.
pub const MAX_TOKEN: usize = 64 * 1024;
/// A SAML message that decodes (or inflates) to more than this is refused.
pub const MAX_SAML: usize = 1024 * 1024;
/// XML elements nested deeper than this are refused.
pub const MAX_DEPTH: usize = 64;
/// At most this many tokens are decoded from one text.
const MAX_TOKENS: usize = 8;

/// One thing found in pasted text.
#[derive(Debug)]
pub enum Decoded {
    Token(Box<jwt::Token>),
    Saml(Box<saml::Saml>),
    /// Text that has the shape of a token or SAML message but is not decoded, and why
    /// (too large, truncated, not base64, malformed XML, encrypted).
    Refused {
        kind: Kind,
        reason: String,
    },
}

/// What a decoded or refused payload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Token,
    Saml,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Token => "token",
            Kind::Saml => "saml",
        }
    }
}

/// A fact of the decoded payload that points at catalogue entries. `codes` holds only entries
/// the run's catalogue has (a code it lacks is not named).
#[derive(Debug, Clone)]
pub struct Hint {
    pub text: String,
    pub codes: Vec<Entry>,
}

/// What [`find`] found: the payloads in text order, and the text with each payload replaced by a
/// placeholder (so the codes around it can still be looked up without reading into it).
#[derive(Debug)]
pub struct Found {
    pub items: Vec<Decoded>,
    pub masked: String,
}

/// Finds and decodes the tokens and SAML messages in `text`; `None` when it holds neither.
/// `now` (seconds since 1970, UTC) is the clock that "expired 3 h ago" is measured against.
pub fn find(cat: &'static Catalogue, text: &str, now: i64) -> Option<Found> {
    let mut spans: Vec<(usize, usize, Decoded)> = Vec::new();
    if let Some((start, end, item)) = saml::find(cat, text, now) {
        spans.push((start, end, item));
    }
    for (start, end, item) in jwt::find(cat, text, now).into_iter().take(MAX_TOKENS) {
        if !spans.iter().any(|(s, e, _)| start < *e && *s < end) {
            spans.push((start, end, item));
        }
    }
    if spans.is_empty() {
        return None;
    }
    spans.sort_by_key(|(s, _, _)| *s);
    let mut masked = String::with_capacity(text.len().min(4096));
    let mut last = 0;
    for (start, end, item) in &spans {
        masked.push_str(&text[last..*start]);
        masked.push_str(match item {
            Decoded::Saml(_) | Decoded::Refused { kind: Kind::Saml, .. } => "[SAML message]",
            _ => "[token]",
        });
        last = *end;
    }
    masked.push_str(&text[last..]);
    Some(Found { items: spans.into_iter().map(|(_, _, d)| d).collect(), masked })
}

/// The entries named by `codes` that the catalogue has (first in display order, optionally of one
/// provider), in the order given.
pub(crate) fn entries(cat: &'static Catalogue, codes: &[&str], provider: Option<&str>) -> Vec<Entry> {
    codes
        .iter()
        .filter_map(|c| {
            cat.by_key(c).find(|e| e.code().eq_ignore_ascii_case(c) && provider.is_none_or(|p| e.provider().id() == p))
        })
        .collect()
}

/// The seconds since 1970 of the local clock (0 if it is before 1970).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
