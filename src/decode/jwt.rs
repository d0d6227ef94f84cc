//! JSON Web Tokens: found in text, decoded (base64url and JSON, nothing verified), and the claims
//! that explain sign-in and API errors read out with hints.

use super::{Decoded, Hint, Kind, MAX_TOKEN, entries, time};
use crate::catalogue::Catalogue;
use base64::Engine;
use serde_json::Value;

/// A header segment longer than this is not taken for one (real headers are under 1 KiB).
const MAX_HEADER: usize = 8 * 1024;

/// A decoded token. `header` and `claims` are exactly what the segments hold; the signature is
/// only measured, never kept.
#[derive(Debug)]
pub struct Token {
    pub header: Value,
    pub claims: Value,
    /// Bytes of the signature segment (0: an unsigned token).
    pub signature_len: usize,
    /// `access token`, `ID token`, or `None` when the claims do not tell.
    pub kind: Option<&'static str>,
    /// `1.0` or `2.0` for Microsoft identity platform tokens (from `ver`, else the issuer).
    pub version: Option<&'static str>,
    /// `iat`, `nbf`, `exp` that are numbers in the range of dates, in that order.
    pub times: Vec<Stamp>,
    pub hints: Vec<Hint>,
}

/// A time claim: its name, seconds since 1970, and how it stands against the clock of the run.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub claim: &'static str,
    pub at: i64,
    /// `expired 3 h ago`, `valid for 20 min more`, `issued 1 h ago`, `valid from 5 min from now`.
    pub note: String,
}

fn b64url(segment: &str) -> Option<Vec<u8>> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    engine.decode(segment).ok()
}

/// The JSON object a segment holds, if it is one.
fn object(segment: &str) -> Option<Value> {
    let v: Value = serde_json::from_slice(&b64url(segment)?).ok()?;
    v.is_object().then_some(v)
}

fn token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

/// Every token in `text` (byte span and what it decodes to), in text order. A token is a run of
/// base64url characters in three dot-separated segments (five: an encrypted JWE) whose first
/// segment decodes to a JSON object with `alg`.
pub fn find(cat: &'static Catalogue, text: &str, now: i64) -> Vec<(usize, usize, Decoded)> {
    let b = text.as_bytes();
    let mut found: Vec<(usize, usize, Decoded)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !token_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && token_byte(b[i]) {
            i += 1;
        }
        let mut run = &text[start..i];
        // A sentence's full stop after the token is not a fourth segment.
        if run.matches('.').count() == 3 && run.ends_with('.') {
            run = &run[..run.len() - 1];
        }
        let segments: Vec<&str> = run.split('.').collect();
        if !matches!(segments.len(), 3 | 5) || segments[0].len() > MAX_HEADER || segments[1].is_empty() {
            continue;
        }
        let Some(header) = object(segments[0]).filter(|h| h.get("alg").is_some()) else { continue };
        if seen.contains(&run) {
            continue;
        }
        seen.push(run);
        let end = start + run.len();
        let refuse = |reason: String| Decoded::Refused { kind: Kind::Token, reason };
        let item = if run.len() > MAX_TOKEN {
            refuse(format!(
                "the token is {} bytes; tokens over {} KiB are not decoded (a real one is a few KiB)",
                run.len(),
                MAX_TOKEN / 1024
            ))
        } else if segments.len() == 5 || header.get("enc").is_some() {
            refuse("an encrypted token (JWE): its claims can be read only with the recipient's private key".into())
        } else {
            match decode(cat, header, segments[1], segments[2], now) {
                Ok(t) => Decoded::Token(Box::new(t)),
                Err(reason) => refuse(reason),
            }
        };
        found.push((start, end, item));
    }
    found
}

fn decode(cat: &'static Catalogue, header: Value, payload: &str, signature: &str, now: i64) -> Result<Token, String> {
    let bytes = b64url(payload).ok_or(
        "the token's payload (its second part) is not valid base64url: it was probably cut short or \
         changed when it was copied",
    )?;
    let claims: Value = match serde_json::from_slice(&bytes) {
        Ok(v @ Value::Object(_)) => v,
        _ => return Err("the token's payload (its second part) is not a JSON object".into()),
    };
    let mut t = Token {
        header,
        claims,
        signature_len: b64url(signature).map_or(signature.len(), |s| s.len()),
        kind: None,
        version: None,
        times: Vec::new(),
        hints: Vec::new(),
    };
    t.kind = kind(&t.header, &t.claims);
    t.version = version(&t.claims);
    t.times = stamps(&t.claims, now);
    t.hints = hints(cat, &t, now);
    Ok(t)
}

/// A claim as text: a string, or a JSON number or other value written out.
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

fn has(claims: &Value, name: &str) -> bool {
    claims.get(name).is_some_and(|v| !v.is_null())
}

fn str_claim<'a>(claims: &'a Value, name: &str) -> Option<&'a str> {
    claims.get(name).and_then(Value::as_str)
}

fn kind(header: &Value, claims: &Value) -> Option<&'static str> {
    let typ = str_claim(header, "typ").unwrap_or("").to_ascii_lowercase();
    let access = ["scp", "scope", "roles", "appid", "azp", "idtyp", "client_id", "cid"];
    if typ == "at+jwt" || typ == "application/at+jwt" || access.iter().any(|c| has(claims, c)) {
        Some("access token")
    } else if ["nonce", "at_hash", "c_hash", "auth_time", "preferred_username"].iter().any(|c| has(claims, c)) {
        Some("ID token")
    } else {
        None
    }
}

/// Whether the issuer is Microsoft's identity platform (Entra ID, its B2C and External ID hosts).
fn microsoft(claims: &Value) -> bool {
    str_claim(claims, "iss").is_some_and(|iss| {
        let host = iss.strip_prefix("https://").unwrap_or("").split('/').next().unwrap_or("").to_ascii_lowercase();
        ["sts.windows.net", "login.microsoftonline.com", "login.windows.net", "login.microsoftonline.us"]
            .contains(&host.as_str())
            || host.ends_with(".b2clogin.com")
            || host.ends_with(".ciamlogin.com")
    })
}

fn version(claims: &Value) -> Option<&'static str> {
    match str_claim(claims, "ver") {
        Some("1.0") => return Some("1.0"),
        Some("2.0") => return Some("2.0"),
        _ => {}
    }
    if !microsoft(claims) {
        return None;
    }
    let iss = str_claim(claims, "iss")?;
    if iss.starts_with("https://sts.windows.net/") {
        Some("1.0")
    } else if iss.trim_end_matches('/').ends_with("/v2.0") {
        Some("2.0")
    } else {
        None
    }
}

/// Seconds of a numeric date claim, if it is one in the range of dates.
fn seconds(v: &Value) -> Option<i64> {
    let n = v.as_i64().or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f.trunc() as i64))?;
    (time::MIN..=time::MAX).contains(&n).then_some(n)
}

fn stamps(claims: &Value, now: i64) -> Vec<Stamp> {
    let mut out = Vec::new();
    for claim in ["iat", "nbf", "exp"] {
        let Some(at) = claims.get(claim).and_then(seconds) else { continue };
        let rel = time::span(at.abs_diff(now));
        let note = match (claim, at <= now) {
            ("exp", true) => format!("expired {rel} ago"),
            ("exp", false) => format!("valid for {rel} more"),
            ("nbf", true) => format!("valid since {rel} ago"),
            ("nbf", false) => format!("not valid for another {rel}"),
            (_, true) => format!("issued {rel} ago"),
            (_, false) => format!("issued {rel} in the future: a clock is wrong"),
        };
        out.push(Stamp { claim, at, note });
    }
    out
}

const GRAPH: [&str; 3] =
    ["00000003-0000-0000-c000-000000000000", "https://graph.microsoft.com", "https://graph.microsoft.com/"];

fn hints(cat: &'static Catalogue, t: &Token, now: i64) -> Vec<Hint> {
    let c = &t.claims;
    let ms = microsoft(c);
    let mut out = Vec::new();
    // Codes of Microsoft's identity platform are named only for its tokens; `IDX` codes are those of
    // Microsoft.IdentityModel, which validates any issuer's tokens in .NET APIs.
    let named = |codes: &[&str]| {
        let list: Vec<&str> = codes.iter().copied().filter(|code| ms || !code.starts_with("AADSTS")).collect();
        entries(cat, &list, None)
    };
    if str_claim(&t.header, "alg").is_some_and(|a| a.eq_ignore_ascii_case("none")) || t.signature_len == 0 {
        out.push(Hint {
            text: "The token is unsigned (alg none or no signature part): every API and library refuses it.".into(),
            codes: named(&["invalid_token"]),
        });
    }
    if let Some(exp) = c.get("exp").and_then(seconds).filter(|&e| e <= now) {
        out.push(Hint {
            text: format!(
                "The token expired {} ago ({}): an API answers 401, and passing it on (on-behalf-of, \
                 a client assertion) fails. Get a new one; do not cache tokens past exp.",
                time::span(now.abs_diff(exp)),
                time::utc(exp)
            ),
            codes: named(&["IDX10223", "invalid_token", "AADSTS500133", "AADSTS700082"]),
        });
    }
    if let Some(nbf) = c.get("nbf").and_then(seconds).filter(|&n| n > now) {
        out.push(Hint {
            text: format!(
                "The token is not valid for another {}: the clock here, or of the server that issued or \
                 checks it, is wrong.",
                time::span(nbf.abs_diff(now))
            ),
            codes: named(&["IDX10222"]),
        });
    }
    if ms && t.version == Some("1.0") && t.kind != Some("ID token") {
        let tid = str_claim(c, "tid").unwrap_or("{tid}");
        out.push(Hint {
            text: format!(
                "A v1.0 token (issuer https://sts.windows.net/{tid}/). An API that accepts only v2.0 \
                 tokens (issuer https://login.microsoftonline.com/{tid}/v2.0) refuses it as a wrong \
                 issuer. The API's own app registration decides the version: set \
                 accessTokenAcceptedVersion (api.requestedAccessTokenVersion) to 2 in its manifest, \
                 or let the API accept both issuers."
            ),
            codes: named(&["IDX10205", "invalid_token"]),
        });
    }
    if t.kind == Some("ID token") {
        out.push(Hint {
            text: "An ID token: it tells the app who signed in and is not meant for calling an API. An \
                   API given it refuses it (wrong audience, no scopes): send an access token requested \
                   for that API's scope."
                .into(),
            codes: named(&["IDX10214", "invalid_token"]),
        });
    } else if !has(c, "scp") && !has(c, "roles") && !has(c, "scope") {
        out.push(Hint {
            text: "Neither scp (delegated permissions) nor roles (application permissions): an API that \
                   checks permissions refuses the token. Request a scope of the API (or, for an app-only \
                   token, grant an application permission and admin consent)."
                .into(),
            codes: named(&["insufficient_scope", "AADSTS65001"]),
        });
    }
    let aud = c.get("aud").map(text).unwrap_or_default();
    if ms && GRAPH.iter().any(|g| aud.split(' ').any(|a| a.eq_ignore_ascii_case(g))) {
        out.push(Hint {
            text: "A Microsoft Graph token (aud is Graph): only Graph accepts it. Your own API must not \
                   validate it (its signature does not verify outside Graph); request a token for your \
                   API's scope instead."
                .into(),
            codes: named(&["IDX10214", "IDX10511"]),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(v: &str) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v)
    }

    #[test]
    fn finds_tokens_only_where_the_header_is_a_jose_header() {
        let cat = Catalogue::builtin();
        let jwt = format!("{}.{}.c2ln", seg(r#"{"alg":"RS256"}"#), seg(r#"{"aud":"x","scp":"a"}"#));
        let text = format!("Authorization: Bearer {jwt}. www.example.com a.b.c");
        let found = find(cat, &text, 0);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0..found[0].1], jwt);
        let no_alg = format!("{}.{}.c2ln", seg(r#"{"typ":"JWT"}"#), seg("{}"));
        assert!(find(cat, &no_alg, 0).is_empty());
    }

    #[test]
    fn times_are_told_against_the_clock() {
        let s = stamps(&serde_json::json!({"exp": 1000, "nbf": 1.5e3, "iat": "x"}), 1000 + 3 * 3600);
        let notes: Vec<_> = s.iter().map(|s| (s.claim, s.note.as_str())).collect();
        assert_eq!(notes, [("nbf", "valid since 2 h ago"), ("exp", "expired 3 h ago")]);
        assert_eq!(stamps(&serde_json::json!({"exp": 1e300}), 0).len(), 0);
    }
}
