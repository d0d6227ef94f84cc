//! Printing decoded tokens and SAML messages: a block for people (every value from the payload
//! escaped, wrapped to the width) and one JSON object per payload.

use crate::decode::jwt::{self, Token};
use crate::decode::saml::Saml;
use crate::decode::{Decoded, Hint, time};
use crate::escape::escape;
use colored::Colorize;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write;

/// Label column: the longest label (`  NotOnOrAfter`, 14) and a space.
const LABEL: usize = 15;

/// A labelled value, escaped and wrapped; continuation lines indented under the value.
fn field(out: &mut String, label: &str, text: &str, width: usize) {
    let body = width.saturating_sub(LABEL + 2).max(20);
    for (i, line) in super::human::wrap(&escape(text), body).iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "  {}{line}", format!("{label:<LABEL$}").bold());
        } else {
            let _ = writeln!(out, "  {:LABEL$}{line}", "");
        }
    }
}

fn heading(out: &mut String, what: &str, detail: &str) {
    let _ = writeln!(out, "{}  {}", what.bold().cyan(), detail.dimmed());
}

fn hints(out: &mut String, hints: &[Hint], width: usize) {
    if hints.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", "Hints".bold());
    let cols = super::human::Columns::of(hints.iter().flat_map(|h| h.codes.iter().copied()));
    for h in hints {
        for (i, line) in super::human::wrap(&escape(&h.text), width.saturating_sub(4).max(20)).iter().enumerate() {
            let _ = writeln!(out, "  {} {line}", if i == 0 { "-" } else { " " });
        }
        for e in &h.codes {
            let mut s = String::new();
            super::human::brief(&mut s, e, cols, width.saturating_sub(6));
            let _ = write!(out, "    {s}");
        }
    }
}

/// One decoded payload for people. Refused payloads are reported by the caller on stderr.
pub fn human(out: &mut String, d: &Decoded, now: i64, width: usize) {
    match d {
        Decoded::Token(t) => token(out, t, width),
        Decoded::Saml(s) => saml(out, s, now, width),
        Decoded::Refused { .. } => {}
    }
}

/// The one line a refused payload gets on stderr.
pub fn refused(d: &Decoded) -> Option<String> {
    match d {
        Decoded::Refused { kind, reason } => Some(format!("stserr: {} not decoded: {}", kind.as_str(), escape(reason))),
        _ => None,
    }
}

fn token(out: &mut String, t: &Token, width: usize) {
    let mut what = vec![t.kind.unwrap_or("JWT").to_string()];
    if let Some(v) = t.version {
        what.push(format!("v{v}"));
    }
    heading(out, &format!("Token ({})", what.join(", ")), "decoded offline; signature not verified");
    let h = &t.header;
    let header: Vec<String> =
        ["alg", "kid", "typ"].iter().filter_map(|k| h.get(*k).map(|v| format!("{k} {}", jwt::text(v)))).collect();
    field(out, "header", &header.join(", "), width);
    let c = &t.claims;
    for claim in ["aud", "iss", "tid", "appid", "azp", "scp", "roles", "amr", "ver", "idtyp"] {
        let Some(v) = c.get(claim) else { continue };
        let mut text = jwt::text(v);
        if claim == "iss" {
            if let Some(ver) = t.version {
                text = format!("{text} (v{ver} issuer)");
            }
        }
        field(out, claim, &text, width);
    }
    for s in &t.times {
        field(out, s.claim, &format!("{} ({})", time::utc(s.at), s.note), width);
    }
    let signature = match t.signature_len {
        0 => "none (an unsigned token)".to_string(),
        n => format!("{n} bytes, not shown and not verified"),
    };
    field(out, "signature", &signature, width);
    let shown = ["aud", "iss", "tid", "appid", "azp", "scp", "roles", "amr", "ver", "idtyp", "iat", "nbf", "exp"];
    let others: Vec<&str> =
        c.as_object().into_iter().flatten().map(|(k, _)| k.as_str()).filter(|k| !shown.contains(k)).collect();
    if !others.is_empty() {
        field(out, "other claims", &format!("{} (--json shows their values)", others.join(", ")), width);
    }
    hints(out, &t.hints, width);
}

/// A SAML time with how it stands to the message's IssueInstant and to now.
fn saml_time(value: &str, issued: Option<i64>, now: i64) -> String {
    let Some(at) = time::parse_xs(value) else { return format!("{value} (not a time)") };
    let mut notes = Vec::new();
    if let Some(i) = issued.filter(|&i| i != at) {
        let side = if at > i { "after" } else { "before" };
        notes.push(format!("{} {side} IssueInstant", time::span(at.abs_diff(i))));
    }
    notes.push(time::relative(at, now));
    format!("{} ({})", time::utc(at), notes.join("; "))
}

fn saml(out: &mut String, s: &Saml, now: i64, width: usize) {
    heading(out, &format!("SAML {}", escape(&s.message)), "decoded offline; no signature verified");
    let encoding = match s.encoding {
        "deflate+base64" => "deflated, base64 (HTTP-Redirect binding)",
        "base64" => "base64 (HTTP-POST binding)",
        _ => "plain",
    };
    field(out, "Read", &format!("{} bytes of XML; {encoding}", s.size), width);
    let issued_at = s.issue_instant.as_deref().and_then(time::parse_xs);
    let opt = |out: &mut String, label: &str, v: &Option<String>| {
        if let Some(v) = v {
            field(out, label, v, width);
        }
    };
    let codes: Vec<&str> = s.status.iter().map(|st| st.urn.rsplit(':').next().unwrap_or(&st.urn)).collect();
    if !codes.is_empty() {
        field(out, "Status", &codes.join(" > "), width);
    }
    if let Some(e) = s.status.first().filter(|st| st.urn.ends_with(":Success")).and_then(|st| st.entry) {
        field(out, "", e.summary(), width);
    }
    opt(out, "StatusMessage", &s.status_message);
    opt(out, "Issuer", &s.issuer);
    opt(out, "Destination", &s.destination);
    opt(out, "ACS URL", &s.acs_url);
    opt(out, "Binding", &s.protocol_binding);
    opt(out, "NameIDPolicy", &s.name_id_policy);
    opt(out, "InResponseTo", &s.in_response_to);
    opt(out, "ID", &s.id);
    if let Some(i) = &s.issue_instant {
        field(out, "IssueInstant", &saml_time(i, None, now), width);
    }
    if s.assertions + s.encrypted_assertions > 0 {
        let mut what = Vec::new();
        if s.assertions > 0 {
            what.push(format!("{} plain", s.assertions));
        }
        if s.encrypted_assertions > 0 {
            what.push(format!("{} encrypted", s.encrypted_assertions));
        }
        field(out, "Assertions", &what.join(", "), width);
    }
    if s.assertion_issuer != s.issuer {
        opt(out, "  Issuer", &s.assertion_issuer);
    }
    let a_issued = s.assertion_issue_instant.as_deref().and_then(time::parse_xs).or(issued_at);
    if s.assertion_issue_instant != s.issue_instant {
        if let Some(i) = &s.assertion_issue_instant {
            field(out, "  IssueInstant", &saml_time(i, None, now), width);
        }
    }
    opt(out, "  NameID", &s.name_id);
    opt(out, "  Format", &s.name_id_format);
    opt(out, "  Recipient", &s.recipient);
    if let Some(t) = &s.subject_not_on_or_after {
        field(out, "  Confirmation", &format!("NotOnOrAfter {}", saml_time(t, a_issued, now)), width);
    }
    for a in &s.audience {
        field(out, "  Audience", a, width);
    }
    if let Some(t) = &s.not_before {
        field(out, "  NotBefore", &saml_time(t, a_issued, now), width);
    }
    if let Some(t) = &s.not_on_or_after {
        field(out, "  NotOnOrAfter", &saml_time(t, a_issued, now), width);
    }
    if s.message.ends_with("Response") || s.signed_message {
        let yes = |b: bool| if b { "yes" } else { "no" };
        let text = if s.assertions > 0 {
            format!("message {}, assertion {} (not verified)", yes(s.signed_message), yes(s.signed_assertion))
        } else {
            format!("message {} (not verified)", yes(s.signed_message))
        };
        field(out, "Signed", &text, width);
    }
    if let Some(c) = &s.certificate {
        let mut parts = Vec::new();
        if let Some(cn) = &c.subject {
            parts.push(format!("CN={cn}"));
        }
        if let Some(tp) = &c.thumbprint {
            parts.push(format!("SHA-1 thumbprint {tp}"));
        }
        if let (Some(nb), Some(na)) = (c.not_before, c.not_after) {
            let state = if na < now {
                format!("expired {} ago", time::span(now.abs_diff(na)))
            } else {
                format!("expires in {}", time::span(na.abs_diff(now)))
            };
            parts.push(format!("valid {} to {} ({state})", &time::utc(nb)[..10], &time::utc(na)[..10]));
        } else {
            parts.push("not a readable X.509 certificate".into());
        }
        field(out, "Certificate", &parts.join("; "), width);
    }
    for st in &s.status {
        match st.entry {
            Some(e) if !st.urn.ends_with(":Success") => {
                out.push('\n');
                super::human::entry(out, &e, &[], e.code(), width);
            }
            Some(_) => {}
            None => field(out, "", &format!("{}: not in the catalogue", st.urn), width),
        }
    }
    hints(out, &s.hints, width);
}

#[derive(Serialize)]
struct HintJson<'a> {
    text: &'a str,
    codes: Vec<&'static str>,
}

fn hints_json(hints: &[Hint]) -> Vec<HintJson<'_>> {
    hints.iter().map(|h| HintJson { text: &h.text, codes: h.codes.iter().map(|e| e.code()).collect() }).collect()
}

#[derive(Serialize)]
struct TokenJson<'a> {
    kind: &'static str,
    token_type: Option<&'static str>,
    version: Option<&'static str>,
    header: &'a Value,
    claims: &'a Value,
    signature_bytes: usize,
    hints: Vec<HintJson<'a>>,
}

#[derive(Serialize)]
struct StatusJson<'a> {
    urn: &'a str,
    code: Option<&'static str>,
    provider: Option<&'static str>,
    summary: Option<&'static str>,
}

#[derive(Serialize)]
struct CertificateJson<'a> {
    thumbprint: Option<&'a str>,
    subject: Option<&'a str>,
    not_before: Option<String>,
    not_after: Option<String>,
}

#[derive(Serialize)]
struct SamlJson<'a> {
    kind: &'static str,
    message: &'a str,
    encoding: &'static str,
    size: usize,
    id: Option<&'a str>,
    issuer: Option<&'a str>,
    destination: Option<&'a str>,
    in_response_to: Option<&'a str>,
    issue_instant: Option<&'a str>,
    status: Vec<StatusJson<'a>>,
    status_message: Option<&'a str>,
    assertions: usize,
    encrypted_assertions: usize,
    assertion_issuer: Option<&'a str>,
    assertion_issue_instant: Option<&'a str>,
    name_id: Option<&'a str>,
    name_id_format: Option<&'a str>,
    recipient: Option<&'a str>,
    subject_not_on_or_after: Option<&'a str>,
    audience: &'a [String],
    not_before: Option<&'a str>,
    not_on_or_after: Option<&'a str>,
    acs_url: Option<&'a str>,
    protocol_binding: Option<&'a str>,
    name_id_policy: Option<&'a str>,
    signed_message: bool,
    signed_assertion: bool,
    certificate: Option<CertificateJson<'a>>,
    doctype: bool,
    hints: Vec<HintJson<'a>>,
}

/// ISO 8601 UTC (`2024-05-01T10:00:00Z`).
fn iso(secs: i64) -> String {
    let t = time::utc(secs);
    format!("{}T{}Z", &t[..10], &t[11..19])
}

/// One JSON line for a decoded payload; `None` for a refused one (reported on stderr).
pub fn json(d: &Decoded) -> Option<String> {
    Some(match d {
        Decoded::Token(t) => super::json::line(&TokenJson {
            kind: "token",
            token_type: t.kind,
            version: t.version,
            header: &t.header,
            claims: &t.claims,
            signature_bytes: t.signature_len,
            hints: hints_json(&t.hints),
        }),
        Decoded::Saml(s) => super::json::line(&saml_json(s)),
        Decoded::Refused { .. } => return None,
    })
}

fn saml_json(s: &Saml) -> SamlJson<'_> {
    SamlJson {
        kind: "saml",
        message: &s.message,
        encoding: s.encoding,
        size: s.size,
        id: s.id.as_deref(),
        issuer: s.issuer.as_deref(),
        destination: s.destination.as_deref(),
        in_response_to: s.in_response_to.as_deref(),
        issue_instant: s.issue_instant.as_deref(),
        status: s
            .status
            .iter()
            .map(|st| StatusJson {
                urn: &st.urn,
                code: st.entry.map(|e| e.code()),
                provider: st.entry.map(|e| e.provider().id()),
                summary: st.entry.map(|e| e.summary()),
            })
            .collect(),
        status_message: s.status_message.as_deref(),
        assertions: s.assertions,
        encrypted_assertions: s.encrypted_assertions,
        assertion_issuer: s.assertion_issuer.as_deref(),
        assertion_issue_instant: s.assertion_issue_instant.as_deref(),
        name_id: s.name_id.as_deref(),
        name_id_format: s.name_id_format.as_deref(),
        recipient: s.recipient.as_deref(),
        subject_not_on_or_after: s.subject_not_on_or_after.as_deref(),
        audience: &s.audience,
        not_before: s.not_before.as_deref(),
        not_on_or_after: s.not_on_or_after.as_deref(),
        acs_url: s.acs_url.as_deref(),
        protocol_binding: s.protocol_binding.as_deref(),
        name_id_policy: s.name_id_policy.as_deref(),
        signed_message: s.signed_message,
        signed_assertion: s.signed_assertion,
        certificate: s.certificate.as_ref().map(|c| CertificateJson {
            thumbprint: c.thumbprint.as_deref(),
            subject: c.subject.as_deref(),
            not_before: c.not_before.map(iso),
            not_after: c.not_after.map(iso),
        }),
        doctype: s.doctype,
        hints: hints_json(&s.hints),
    }
}
