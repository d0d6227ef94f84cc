//! Browser HAR captures: the entries in order, each made a [`Hop`] (method, host, path, status,
//! redirect target, the sign-in parameters it carried) with the errors found in its URL, its
//! `Location` and `WWW-Authenticate` headers, its form post, its response body and any SAML
//! message it carried. Secrets never leave this module whole: cookies and `Authorization` headers
//! are not read at all, and the values of secret parameters are masked before a hop is built.

use super::json::{stream, text};
use super::{Error, Finding};
use crate::scan::{Extractor, Occurrence};
use serde_json::Value;
use std::io::{self, Read};

/// Response bodies larger than this are not searched (images, scripts, fonts).
const MAX_BODY: usize = 1024 * 1024;
/// Parameter values longer than this are cut when shown.
const MAX_SHOWN: usize = 120;

/// Parameters shown in a timeline: they say which app, which flow, and what went wrong.
const SIGNIN_PARAMS: [&str; 16] = [
    "client_id",
    "redirect_uri",
    "response_type",
    "response_mode",
    "scope",
    "prompt",
    "error",
    "error_description",
    "error_subcode",
    "wa",
    "wtrealm",
    "SAMLRequest",
    "SAMLResponse",
    "RelayState",
    "code",
    "id_token",
];

/// Parameters whose values are secrets: shown as their first characters and length only.
const SECRET_PARAMS: [&str; 16] = [
    "code",
    "access_token",
    "id_token",
    "refresh_token",
    "token",
    "client_secret",
    "client_assertion",
    "assertion",
    "password",
    "passwd",
    "pwd",
    "otc",
    "SAMLResponse",
    "SAMLRequest",
    "wresult",
    "session_state",
];

/// One entry of the capture, secrets masked.
#[derive(Debug, Default, Clone)]
pub struct Hop {
    /// 1-based position among the capture's entries.
    pub entry: u64,
    pub time: Option<i64>,
    pub method: String,
    pub host: String,
    pub path: String,
    pub status: u16,
    /// Where a redirect sends the browser, its secret parameters masked.
    pub location: Option<String>,
    /// Sign-in parameters of the URL, fragment or form post, secrets masked.
    pub params: Vec<(String, String)>,
    /// A one-line account of a SAML message the hop carried.
    pub saml: Option<String>,
    /// Where each finding was seen, in the order of the findings (`url`, `location`, …).
    pub places: Vec<&'static str>,
    /// IDs to quote to support: from response headers (`x-ms-request-id`, Graph's
    /// `request-id`, Okta's `x-okta-request-id`) and from the error text (Trace ID, Correlation ID).
    pub ids: Vec<(&'static str, String)>,
}

impl Hop {
    /// Part of a sign-in: it carries sign-in parameters, redirects, is refused, or failed.
    pub fn is_signin(&self, found: &[Finding]) -> bool {
        !found.is_empty()
            || !self.params.is_empty()
            || self.saml.is_some()
            || matches!(self.status, 300..=399 | 401 | 403)
    }
}

/// Receives the hops of a capture in order.
pub trait HopSink {
    fn hop(&mut self, hop: &Hop, found: &[Finding]) -> io::Result<()>;
}

/// Response headers that carry the ID a provider's support asks for, and how they are labelled.
const ID_HEADERS: [(&str, &str); 5] = [
    ("x-ms-request-id", "Request ID"),
    ("request-id", "Request ID"),
    ("client-request-id", "Client request ID"),
    ("x-okta-request-id", "Okta request ID"),
    ("x-amzn-requestid", "Request ID"),
];

/// Streams the entries of `log.entries`; returns how many hops held errors.
pub fn read(ext: Extractor, head: &[u8], input: impl Read, sink: &mut impl HopSink) -> Result<u64, Error> {
    let mut walker = Walker { ext, hits: Vec::new(), found: Vec::new(), hop: Hop::default(), failed: 0 };
    stream(head.chain(input), &["log", "entries"], &mut |v: &Value| walker.entry(v, sink))?;
    Ok(walker.failed)
}

struct Walker {
    ext: Extractor,
    hits: Vec<Occurrence>,
    found: Vec<Finding>,
    hop: Hop,
    failed: u64,
}

impl Walker {
    fn entry(&mut self, v: &Value, sink: &mut impl HopSink) -> io::Result<()> {
        let entry = self.hop.entry + 1;
        self.hop = Hop { entry, ..Hop::default() };
        self.found.clear();
        let s = |p: &str| v.pointer(p).and_then(text).unwrap_or_default();
        self.hop.time = super::time::parse(&s("/startedDateTime"));
        self.hop.method = s("/request/method");
        self.hop.status = v.pointer("/response/status").and_then(Value::as_u64).unwrap_or(0).min(999) as u16;
        let url = s("/request/url");
        let (host, path, query) = split_url(&url);
        (self.hop.host, self.hop.path) = (host.to_string(), path.to_string());
        self.params(query);
        self.codes_in(query, "url");
        let location = header(v, "/response/headers", "location").or_else(|| {
            v.pointer("/response/redirectURL").and_then(Value::as_str).filter(|u| !u.is_empty()).map(str::to_string)
        });
        if let Some(loc) = &location {
            let (lhost, lpath, lquery) = split_url(loc);
            self.codes_in(lquery, "location");
            self.params(lquery);
            self.hop.location = Some(format!("{lhost}{lpath}{}", mask_query(lquery)));
        }
        if let Some(auth) = header(v, "/response/headers", "www-authenticate") {
            self.codes_in(&auth, "www-authenticate");
        }
        let form = form_text(v);
        if !form.is_empty() {
            self.params(&form);
            self.saml(&form);
            self.codes_in(&strip_secrets(&form), "form");
        }
        // A body is searched when it is text of a readable size (not a base64 image or script).
        let base64 = v.pointer("/response/content/encoding").and_then(Value::as_str) == Some("base64");
        let body =
            v.pointer("/response/content/text").and_then(Value::as_str).filter(|b| b.len() <= MAX_BODY && !base64);
        if let Some(body) = body {
            self.saml_in_html(body);
            self.codes_in(body, "body");
        }
        if !self.found.is_empty() {
            self.ids(v, [query, location.as_deref().map_or("", |l| split_url(l).2)], body);
        }
        self.failed += u64::from(!self.found.is_empty());
        sink.hop(&self.hop, &self.found)
    }

    /// The IDs of a failed hop: its response headers, then the Trace and Correlation IDs its
    /// error text names (decoded, as Entra puts them in `error_description`).
    fn ids(&mut self, v: &Value, queries: [&str; 2], body: Option<&str>) {
        for (name, label) in ID_HEADERS {
            if let Some(id) = header(v, "/response/headers", name).filter(|id| id.len() <= 64) {
                if !self.hop.ids.iter().any(|(l, _)| *l == label) {
                    self.hop.ids.push((label, id));
                }
            }
        }
        let texts = queries.map(|q| pairs(q).map(|(_, v)| v).collect::<Vec<_>>().join(" "));
        for text in texts.iter().map(String::as_str).chain(body) {
            let found = crate::scan::ids::find(text.as_bytes());
            for (label, id) in [("Trace ID", found.trace_id), ("Correlation ID", found.correlation_id)] {
                if let Some(id) = id.filter(|_| !self.hop.ids.iter().any(|(l, _)| *l == label)) {
                    self.hop.ids.push((label, id.to_string()));
                }
            }
        }
    }

    fn codes_in(&mut self, text: &str, place: &'static str) {
        let new = super::codes_in(self.ext, text, &mut self.hits, &mut self.found);
        self.hop.places.extend(std::iter::repeat_n(place, new));
    }

    /// The sign-in parameters of a query string or form body, secrets masked.
    fn params(&mut self, query: &str) {
        for (name, value) in pairs(query) {
            if SIGNIN_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(&name))
                && !self.hop.params.iter().any(|(n, _)| *n == name)
            {
                let shown = if is_secret(&name) { mask(&value) } else { clip(&value) };
                self.hop.params.push((name, shown));
            }
        }
    }

    /// A SAML message in a form post: its status codes become findings, its facts one line.
    fn saml(&mut self, form: &str) {
        // The raw value: base64's `+` must not become a space (the decoder handles `%2B`).
        let raw = form.split('&').find_map(|p| {
            let (n, v) = p.split_once('=')?;
            (n == "SAMLResponse" || n == "SAMLRequest").then_some(v)
        });
        if let Some(value) = raw {
            self.saml_value(value);
        }
    }

    /// The SAML message of an IdP's auto-post page: `<input name="SAMLResponse" value="…">`.
    fn saml_in_html(&mut self, body: &str) {
        let Some(at) = body.find("name=\"SAMLResponse\"") else { return };
        let tag_start = body[..at].rfind('<').unwrap_or(at);
        let tag_end = body[at..].find('>').map_or(body.len(), |i| at + i);
        let tag = &body[tag_start..tag_end];
        if let Some(v) = tag.find("value=\"").map(|i| &tag[i + 7..]) {
            let value = &v[..v.find('"').unwrap_or(v.len())];
            self.saml_value(value);
        }
    }

    fn saml_value(&mut self, value: &str) {
        let Some(found) = crate::decode::find(self.ext.catalogue(), &format!("SAMLResponse={value}"), 0) else {
            return;
        };
        for item in found.items {
            if let crate::decode::Decoded::Saml(m) = item {
                let statuses: Vec<&str> = m.status.iter().map(|s| s.urn.rsplit(':').next().unwrap_or(&s.urn)).collect();
                let issuer = m.issuer.as_deref().or(m.assertion_issuer.as_deref()).unwrap_or("-");
                let mut line = format!("SAML {} from {}", m.message, clip(issuer));
                if !statuses.is_empty() {
                    line.push_str(&format!(", status {}", statuses.join(" / ")));
                }
                self.hop.saml = Some(line);
                for urn in m.status.iter().map(|s| s.urn.clone()).filter(|u| !u.ends_with(":Success")) {
                    self.codes_in(&urn, "saml");
                }
            }
        }
    }
}

/// The value of a header (names are case-insensitive in HTTP) in a HAR header list.
fn header(v: &Value, at: &str, name: &str) -> Option<String> {
    let list = v.pointer(at)?.as_array()?;
    list.iter()
        .find(|h| h.get("name").and_then(Value::as_str).is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .and_then(|h| h.get("value").and_then(Value::as_str))
        .map(str::to_string)
}

/// A form post as `name=value&…`: its `params` list, or its text when URL-encoded.
fn form_text(v: &Value) -> String {
    if let Some(params) = v.pointer("/request/postData/params").and_then(Value::as_array).filter(|p| !p.is_empty()) {
        let pairs: Vec<String> = params
            .iter()
            .map(|p| {
                let n = p.get("name").and_then(Value::as_str).unwrap_or("");
                let v = p.get("value").and_then(Value::as_str).unwrap_or("");
                format!("{n}={v}")
            })
            .collect();
        return pairs.join("&");
    }
    let mime = v.pointer("/request/postData/mimeType").and_then(Value::as_str).unwrap_or("");
    match v.pointer("/request/postData/text").and_then(Value::as_str) {
        Some(t) if t.len() <= MAX_BODY && (mime.contains("urlencoded") || mime.contains("json")) => t.to_string(),
        _ => String::new(),
    }
}

/// `https://host/path?query#fragment` → (host, path, query and fragment joined by `&`).
fn split_url(url: &str) -> (&str, &str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, rest) = rest.split_at(split);
    let q = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, query) = rest.split_at(q);
    (host, path, query.get(1..).unwrap_or(""))
}

/// `name=value` pairs of a query string, fragment or form body, `+` and `%XX` decoded.
pub fn pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.split(['&', '#', '?']).filter(|p| !p.is_empty()).map(|p| {
        let (n, v) = p.split_once('=').unwrap_or((p, ""));
        (decode(n), decode(v))
    })
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |at: usize| b.get(at).and_then(|&c| (c as char).to_digit(16));
        match b[i] {
            b'%' if hex(i + 1).is_some() && hex(i + 2).is_some() => {
                out.push((hex(i + 1).unwrap_or(0) * 16 + hex(i + 2).unwrap_or(0)) as u8);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_secret(name: &str) -> bool {
    SECRET_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name))
}

/// The first four characters and the length: enough to tell two values apart, not to use one.
pub fn mask(value: &str) -> String {
    let n = value.chars().count();
    if n <= 4 { "…".into() } else { format!("{}…({n} chars)", value.chars().take(4).collect::<String>()) }
}

fn clip(value: &str) -> String {
    let masked = mask_tokens(value);
    if masked.chars().count() <= MAX_SHOWN {
        return masked;
    }
    let mut s: String = masked.chars().take(MAX_SHOWN - 1).collect();
    s.push('…');
    s
}

/// A JWT anywhere in a value (`eyJ…`) masked: a state or a redirect may carry one.
fn mask_tokens(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("eyJ") {
        out.push_str(&rest[..i]);
        let len = rest[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(rest.len() - i);
        out.push_str(&mask(&rest[i..i + len]));
        rest = &rest[i + len..];
    }
    out.push_str(rest);
    out
}

/// A query string for display: every secret value masked, every other value clipped.
fn mask_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    let shown: Vec<String> =
        pairs(query).map(|(n, v)| format!("{n}={}", if is_secret(&n) { mask(&v) } else { clip(&v) })).collect();
    format!("?{}", shown.join("&"))
}

/// A form body without the values of secret parameters (searched for codes, never printed).
fn strip_secrets(form: &str) -> String {
    form.split('&')
        .filter(|p| !is_secret(&decode(p.split_once('=').map_or(*p, |(n, _)| n))))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_path_and_parameters_of_query_and_fragment() {
        assert_eq!(split_url("https://a.b/c/d?x=1#y=2"), ("a.b", "/c/d", "x=1#y=2"));
        assert_eq!(split_url("https://a.b"), ("a.b", "", ""));
        let p: Vec<(String, String)> = pairs("x=1#y=a%20b+c").collect();
        assert_eq!(p, [("x".into(), "1".into()), ("y".into(), "a b c".into())]);
    }

    #[test]
    fn secrets_show_four_characters_and_a_length_and_tokens_are_masked_anywhere() {
        assert_eq!(mask("0.AXoAabcdefgh"), "0.AX…(14 chars)");
        assert_eq!(mask("abc"), "…");
        let q = mask_query("code=0.AXoAsecretsecret&state=12345&id_token=eyJhbGciOi.eyJzdWIi.sig");
        assert!(!q.contains("secretsecret") && !q.contains("eyJzdWIi"), "{q}");
        assert!(q.contains("state=12345"), "{q}");
        assert!(!clip("next=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc").contains("eyJzdWIi"));
        assert_eq!(strip_secrets("login=a%40b&passwd=hunter2&x=1"), "login=a%40b&x=1");
    }
}
