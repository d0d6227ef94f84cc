//! JSON Lines. The key order of `EntryJson` is a public contract documented in the README.

use crate::catalogue::{Entry, StrList, Variant};

/// A string list of the catalogue, serialised as a JSON array.
type List = StrList<'static>;
use serde::Serialize;

#[derive(Serialize)]
pub struct EntryJson {
    pub code: &'static str,
    pub provider: &'static str,
    pub name: Option<&'static str>,
    pub summary: &'static str,
    pub cause: &'static str,
    pub fix: List,
    pub actor: &'static str,
    pub retryable: bool,
    pub oauth_error: Option<&'static str>,
    pub http_status: Option<u16>,
    pub links: List,
    pub see_also: List,
    pub provider_name: &'static str,
    pub documented: bool,
    pub evidence: Option<&'static str>,
    pub deprecated: bool,
    pub context: Option<&'static str>,
    pub specs: List,
    #[serde(rename = "match")]
    pub matches: List,
    pub variants: Vec<Variant>,
    pub class: Option<&'static str>,
}

impl From<Entry> for EntryJson {
    fn from(e: Entry) -> Self {
        EntryJson {
            code: e.code(),
            provider: e.provider().id(),
            name: e.name(),
            summary: e.summary(),
            cause: e.cause(),
            fix: e.fix(),
            actor: e.actor().as_str(),
            retryable: e.retryable(),
            oauth_error: e.oauth_error(),
            http_status: e.http_status(),
            links: e.links(),
            see_also: e.see_also(),
            provider_name: e.provider().name(),
            documented: e.documented(),
            evidence: e.evidence(),
            deprecated: e.deprecated(),
            context: e.context(),
            specs: e.specs(),
            matches: e.matches(),
            variants: e.variants().collect(),
            class: e.class(),
        }
    }
}

/// One JSON object on one line.
pub fn line<T: Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string(value).expect("catalogue data always serialises");
    s.push('\n');
    s
}

/// Values from the user's text by placeholder name, as a JSON object (`{}` when none).
pub struct CapturedJson<'a>(pub &'a [(&'static str, String)]);

impl Serialize for CapturedJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A search result: the entry's shape plus its score, the variant that matched and the values
/// captured from a message template the text fits.
#[derive(Serialize)]
pub struct HitJson<'a> {
    #[serde(flatten)]
    pub entry: EntryJson,
    pub score: f32,
    pub variant: Option<Variant>,
    pub captured: CapturedJson<'a>,
}

impl<'a> From<&'a crate::search::Ranked> for HitJson<'a> {
    fn from(h: &'a crate::search::Ranked) -> Self {
        HitJson {
            entry: EntryJson::from(h.entry),
            score: (h.score * 100.0).round() / 100.0,
            variant: h.variant,
            captured: CapturedJson(&h.captured),
        }
    }
}

/// An entry found in pasted text, with the IDs the service printed beside it.
#[derive(Serialize)]
pub struct ExtractedJson<'a> {
    #[serde(flatten)]
    pub entry: EntryJson,
    pub trace_id: Option<&'a str>,
    pub correlation_id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub captured: CapturedJson<'a>,
    /// The code whose error carries this one (`interaction_required` around `AADSTS50076`).
    pub inside: Option<&'static str>,
}

impl<'a> ExtractedJson<'a> {
    pub fn new(
        e: Entry,
        ids: &'a crate::scan::Ids,
        captured: &'a [(&'static str, String)],
        inside: Option<Entry>,
    ) -> Self {
        ExtractedJson {
            entry: EntryJson::from(e),
            trace_id: ids.trace_id.as_deref(),
            correlation_id: ids.correlation_id.as_deref(),
            timestamp: ids.timestamp.as_deref(),
            captured: CapturedJson(captured),
            inside: inside.map(|o| o.code()),
        }
    }
}
