//! The catalogue as written in `data/*.yaml`: one provider header and its entries.
//! Field meanings are documented in data/README.md.

use serde::Deserialize;

/// Who must act first. The one list of actors; the YAML spells them in lower case.
pub const ACTORS: [&str; 4] = ["user", "admin", "developer", "provider"];
/// How a triage summary groups a code: a normal step of a sign-in flow, the user's mistake, a
/// configuration to change, or a problem on the provider's side.
pub const CLASSES: [&str; 4] = ["interrupt", "user", "config", "service"];
/// Names a message template's `{placeholder}` may have (data/README.md explains each).
pub const PLACEHOLDERS: &[&str] = &[
    "redirect_uri",
    "app_id",
    "app_name",
    "tenant",
    "user",
    "idp",
    "scope",
    "resource",
    "parameter",
    "claim",
    "policy",
    "value",
    "detail",
    "code",
    "url",
    "time",
    "duration",
    "count",
    "name",
    "id",
    "key",
    "kid",
    "issuer",
    "audience",
    "algorithm",
    "type",
    "method",
    "header",
    "step",
    "status",
    "version",
    "operation",
    "role",
    "account",
    "domain",
    "certificate",
    "endpoint",
    "thumbprint",
    "token",
    "file",
    "error",
    "message",
    "reason",
    "region",
];
pub const MAX_MATCH_WORDS: usize = 8;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSrc {
    pub id: String,
    pub name: String,
    pub pattern: String,
    #[serde(default)]
    pub docs: Option<String>,
    /// Display order when providers share a key: lower first (an overlay's new provider: last).
    #[serde(default = "last")]
    pub order: i32,
    /// The provider whose entries are the standard meaning of a shared name (oauth).
    #[serde(default)]
    pub standard: bool,
    /// Query words that name this provider.
    #[serde(default)]
    pub cues: Vec<String>,
    /// Providers whose cues this provider's cues silence: a query saying b2c is not about entra.
    #[serde(default)]
    pub silences: Vec<String>,
    /// Codes are 32-bit values written in hex: also looked up by 0x…, unsigned and signed decimal.
    #[serde(default)]
    pub hresult: bool,
    /// Text after which a bare number is one of this provider's codes (`error_codes`, `error?code=`).
    #[serde(default)]
    pub number_contexts: Vec<String>,
    /// Leading hex digits of 32-bit values that are this provider's (`0x8018`): found as `0x…`,
    /// bare hex and decimal in text. Needs `hresult`.
    #[serde(default)]
    pub families: Vec<String>,
    /// How this provider's names appear in messages, with `{code}` where the name stands
    /// (`({code}) when calling`): a name in one of them is this provider's.
    #[serde(default)]
    pub shapes: Vec<String>,
    /// Words that, on the line of a name several providers share, say it is this provider's.
    #[serde(default)]
    pub context_words: Vec<String>,
    /// Providers whose codes this one's errors carry inside them (an MSAL exception carrying an
    /// AADSTS code): a later code of those in the same text is explained as `inside` this one.
    #[serde(default)]
    pub wraps: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrySrc {
    pub code: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub summary: String,
    pub cause: String,
    pub fix: Vec<String>,
    pub actor: String,
    #[serde(default)]
    pub class: Option<String>,
    #[serde(default)]
    pub retryable: bool,
    #[serde(default)]
    pub oauth_error: Option<String>,
    #[serde(default)]
    pub http_status: Option<u16>,
    #[serde(default)]
    pub context: Option<String>,
    #[serde(default)]
    pub specs: Vec<String>,
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub see_also: Vec<String>,
    #[serde(default, rename = "match")]
    pub matches: Vec<String>,
    #[serde(default)]
    pub messages: Vec<String>,
    /// Why another entry prints the same message template (required on both entries).
    #[serde(default)]
    pub twin: Option<String>,
    #[serde(default = "yes")]
    pub documented: bool,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub variants: Vec<VariantSrc>,
}

fn last() -> i32 {
    1000
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantSrc {
    #[serde(rename = "match")]
    pub matches: Vec<String>,
    #[serde(default)]
    pub messages: Vec<String>,
    pub summary: String,
    pub cause: String,
    pub fix: Vec<String>,
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub retryable: Option<bool>,
    #[serde(default)]
    pub http_status: Option<u16>,
}

/// A parsed provider file; `entries[i].1` is the line the entry starts on.
#[derive(Debug, Clone)]
pub struct ProviderFile {
    pub path: String,
    pub provider: ProviderSrc,
    pub entries: Vec<(EntrySrc, usize)>,
}
