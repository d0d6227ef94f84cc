//! SAML protocol messages: found in text (base64 alone, `SAMLResponse=`/`SAMLRequest=` form or
//! query data, URL-encoded, deflated as the Redirect binding sends them, or raw XML), decoded
//! within [`MAX_SAML`] bytes, and read with a bounded pull parser that expands no entity. The
//! facts that decide most failures are kept; no signature is verified.

use super::{Decoded, Hint, Kind, MAX_DEPTH, MAX_SAML, der, entries, time};
use crate::catalogue::{Catalogue, Entry};
use base64::Engine;
use quick_xml::events::{BytesStart, Event};

const PROTOCOL_NS: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// Base64 text longer than this cannot decode within [`MAX_SAML`].
const MAX_BASE64: usize = MAX_SAML / 3 * 4 + 64 * 1024;
/// A single captured text (an Issuer, a certificate) longer than this is cut.
const MAX_TEXT: usize = 64 * 1024;

/// A decoded SAML message: what it is, how it came, and the facts that explain failures.
#[derive(Debug, Default)]
pub struct Saml {
    /// The root element's local name: `Response`, `AuthnRequest`, `LogoutRequest`, …
    pub message: String,
    /// How it was pasted: `xml`, `base64` (the HTTP-POST binding) or `deflate+base64` (the
    /// HTTP-Redirect binding).
    pub encoding: &'static str,
    /// Bytes of XML read.
    pub size: usize,
    pub id: Option<String>,
    pub issuer: Option<String>,
    pub destination: Option<String>,
    pub in_response_to: Option<String>,
    pub issue_instant: Option<String>,
    /// Status codes, the top-level one first, then the nested ones, each with its catalogue entry.
    pub status: Vec<Status>,
    pub status_message: Option<String>,
    /// Plain `Assertion` elements; the facts below are read from the first.
    pub assertions: usize,
    pub encrypted_assertions: usize,
    pub assertion_issuer: Option<String>,
    pub assertion_issue_instant: Option<String>,
    pub name_id: Option<String>,
    pub name_id_format: Option<String>,
    pub recipient: Option<String>,
    /// `NotOnOrAfter` of SubjectConfirmationData.
    pub subject_not_on_or_after: Option<String>,
    pub audience: Vec<String>,
    /// `NotBefore`/`NotOnOrAfter` of Conditions.
    pub not_before: Option<String>,
    pub not_on_or_after: Option<String>,
    /// An AuthnRequest's AssertionConsumerServiceURL, ProtocolBinding and NameIDPolicy Format.
    pub acs_url: Option<String>,
    pub protocol_binding: Option<String>,
    pub name_id_policy: Option<String>,
    /// A `Signature` on the message itself, and on the first assertion.
    pub signed_message: bool,
    pub signed_assertion: bool,
    /// The first `X509Certificate` in the message, read minimally (nothing is verified).
    pub certificate: Option<der::Certificate>,
    /// The message carries a DOCTYPE (SAML forbids DTDs; no entity of it is expanded).
    pub doctype: bool,
    pub hints: Vec<Hint>,
}

/// One StatusCode: its URN and the catalogue's entry for it, if any.
#[derive(Debug, Clone)]
pub struct Status {
    pub urn: String,
    pub entry: Option<Entry>,
}

/// The SAML message in `text`, if any: its byte span and what it decodes to. An explicit
/// `SAMLResponse=`/`SAMLRequest=` whose value does not decode is refused with the reason; other
/// text that does not decode to SAML is not taken for it.
pub fn find(cat: &'static Catalogue, text: &str, now: i64) -> Option<(usize, usize, Decoded)> {
    let refuse = |start, end, reason: String| Some((start, end, Decoded::Refused { kind: Kind::Saml, reason }));
    if let Some((start, end, name)) = parameter(text) {
        let value = &text[start..end];
        return match payload(value) {
            Ok(Some((xml, encoding))) => Some((start, end, read(cat, &xml, encoding, now))),
            Ok(None) => refuse(start, end, format!("the {name} value does not decode to a SAML message")),
            Err(Refusal::NotBase64) => refuse(start, end, format!("the {name} value is not valid base64")),
            Err(Refusal::Said(reason)) => refuse(start, end, reason),
        };
    }
    let trimmed = text.trim();
    let start = text.len() - text.trim_start().len();
    let end = start + trimmed.len();
    if trimmed.starts_with('<') {
        let head = &trimmed.as_bytes()[..trimmed.len().min(4096)];
        if !is_saml(head) {
            return None;
        }
        if trimmed.len() > MAX_SAML {
            return refuse(start, end, too_large(trimmed.len()));
        }
        return Some((start, end, read(cat, trimmed.as_bytes(), "xml", now)));
    }
    // Base64 alone, perhaps wrapped over lines or URL-encoded: long, and nothing else in it.
    let alone = trimmed.len() >= 64
        && trimmed.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=%-_".contains(&b) || b.is_ascii_whitespace());
    if !alone {
        return None;
    }
    match payload(trimmed) {
        Ok(Some((xml, encoding))) => Some((start, end, read(cat, &xml, encoding, now))),
        Ok(None) | Err(Refusal::NotBase64) => None,
        // Too large or past the inflate limit, yet it starts as SAML.
        Err(Refusal::Said(reason)) => refuse(start, end, reason),
    }
}

/// The span of the value of the first `SAMLResponse=` or `SAMLRequest=` in text, and the name.
fn parameter(text: &str) -> Option<(usize, usize, &'static str)> {
    let lower = text.to_ascii_lowercase();
    let (at, name) = ["samlresponse=", "samlrequest="]
        .iter()
        .filter_map(|n| lower.find(n).map(|i| (i, *n)))
        .min_by_key(|(i, _)| *i)?;
    let name = if name == "samlresponse=" { "SAMLResponse" } else { "SAMLRequest" };
    let start = at + name.len() + 1;
    let len = text[start..].find(|c: char| matches!(c, '&' | '"' | '\'' | '<' | '>' | ',' | ';') || c.is_whitespace());
    let end = start + len.unwrap_or(text.len() - start);
    Some((start, end, name))
}

fn too_large(n: usize) -> String {
    format!("the SAML message is {n} bytes; messages over {} MiB are not decoded", MAX_SAML / 1024 / 1024)
}

/// `%XX` escapes decoded (a `+` stays: base64 has it, and encoders escape it as `%2B`).
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |at: usize| b.get(at).and_then(|&c| (c as char).to_digit(16));
        if b[i] == b'%' {
            if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    let clean: Vec<u8> = text.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    let config = base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    let standard = base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, config);
    let url = base64::engine::GeneralPurpose::new(&base64::alphabet::URL_SAFE, config);
    standard.decode(&clean).or_else(|_| url.decode(&clean)).ok()
}

/// Whether bytes start as a SAML protocol message: an element (after a BOM, an XML declaration or
/// comments) with a `samlp:`/`saml2p:` prefix, or the protocol namespace near the start.
fn is_saml(head: &[u8]) -> bool {
    let mut s = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        s = s.trim_ascii_start();
        let skip = |open: &[u8], close: &[u8], s: &[u8]| -> Option<usize> {
            s.starts_with(open).then(|| memchr::memmem::find(s, close).map(|i| i + close.len())).flatten()
        };
        // A DOCTYPE with an internal subset ends at `]>`, one without at `>`.
        let doctype = |s: &[u8]| {
            let subset = s.iter().position(|&b| b == b'[').filter(|&i| s[..i].iter().all(|&b| b != b'>'));
            if subset.is_some() { skip(b"<!DOCTYPE", b"]>", s) } else { skip(b"<!DOCTYPE", b">", s) }
        };
        match skip(b"<?", b"?>", s).or_else(|| skip(b"<!--", b"-->", s)).or_else(|| doctype(s)) {
            Some(n) => s = &s[n..],
            None => break,
        }
    }
    // The root must be a protocol message: a pasted <StatusCode> fragment is left to the code
    // extractor, which explains its URNs.
    let name_end = s.iter().position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/').unwrap_or(s.len());
    let local = s[..name_end].rsplit(|&b| b == b':' || b == b'<').next().unwrap_or(b"");
    let message = [&b"Request"[..], b"Response", b"Query", b"Resolve"].iter().any(|end| local.ends_with(end));
    message
        && (s.starts_with(b"<samlp:")
            || s.starts_with(b"<saml2p:")
            || (s.starts_with(b"<")
                && memchr::memmem::find(&head[..head.len().min(4096)], PROTOCOL_NS.as_bytes()).is_some()))
}

/// Why a payload is not decoded.
enum Refusal {
    /// It is not base64 (so pasted text that only looked like base64 is not SAML).
    NotBase64,
    /// It is SAML but refused, for this reason.
    Said(String),
}

/// The XML of a base64 payload (URL-encoded or not, deflated or not), and its encoding.
/// `Ok(None)`: it is not SAML. `Err`: it is not base64, or it is SAML but refused.
fn payload(value: &str) -> Result<Option<(Vec<u8>, &'static str)>, Refusal> {
    let mut raw = if value.contains('%') { percent_decode(value) } else { value.as_bytes().to_vec() };
    raw.retain(|b| !b.is_ascii_whitespace());
    if raw.len() > MAX_BASE64 {
        // Decide from the head whether it is SAML at all before refusing it as too large.
        let head = &raw[..8192];
        let saml = base64_decode(head).is_some_and(|b| {
            is_saml(&b)
                || match inflate(&b, 4096) {
                    Ok(x) | Err(x) => is_saml(&x),
                }
        });
        return if saml { Err(Refusal::Said(too_large(raw.len() / 4 * 3))) } else { Ok(None) };
    }
    let Some(bytes) = base64_decode(&raw) else { return Err(Refusal::NotBase64) };
    if is_saml(&bytes) {
        return if bytes.len() > MAX_SAML {
            Err(Refusal::Said(too_large(bytes.len())))
        } else {
            Ok(Some((bytes, "base64")))
        };
    }
    match inflate(&bytes, MAX_SAML) {
        Ok(xml) if is_saml(&xml) => Ok(Some((xml, "deflate+base64"))),
        Ok(_) => Ok(None),
        Err(partial) if is_saml(&partial) => Err(Refusal::Said(format!(
            "the deflated SAML message inflates past {} MiB; it is not decoded",
            MAX_SAML / 1024 / 1024
        ))),
        Err(_) => Ok(None),
    }
}

/// Raw DEFLATE inflated to at most `limit` bytes; `Err` holds what was inflated when the data is
/// bad or longer than that.
fn inflate(bytes: &[u8], limit: usize) -> Result<Vec<u8>, Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, limit).map_err(|e| e.output)
}

/// What the parser is collecting the text of.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Issuer,
    AssertionIssuer,
    StatusMessage,
    NameId,
    Audience,
    Certificate,
}

/// Reads the XML of a SAML message into its facts; malformed, too deep or non-UTF-8 XML is refused.
fn read(cat: &'static Catalogue, xml: &[u8], encoding: &'static str, now: i64) -> Decoded {
    match parse(xml) {
        Ok(mut s) => {
            s.encoding = encoding;
            s.size = xml.len();
            for st in &mut s.status {
                st.entry = status_entry(cat, &st.urn);
            }
            s.hints = hints(cat, &s, now);
            Decoded::Saml(Box::new(s))
        }
        Err(reason) => Decoded::Refused { kind: Kind::Saml, reason },
    }
}

/// The catalogue's entry for a status URN: by the URN itself, else by its last segment, among the
/// `saml` provider's entries.
fn status_entry(cat: &'static Catalogue, urn: &str) -> Option<Entry> {
    let saml = |e: &Entry| e.provider().id() == "saml";
    let last = urn.rsplit(':').next().unwrap_or(urn);
    cat.by_key(urn).find(saml).or_else(|| cat.by_key(last).find(|e| saml(e) && e.code().eq_ignore_ascii_case(last)))
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name.as_bytes()).map(|a| {
        match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            // An entity the parser does not know is kept as written, never expanded.
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        }
    })
}

fn parse(xml: &[u8]) -> Result<Saml, String> {
    let text = std::str::from_utf8(xml).map_err(|_| "the SAML message is not UTF-8 text".to_string())?;
    // Text is kept as written (spaces between entity references count); captured values are
    // trimmed when stored.
    let mut reader = quick_xml::Reader::from_str(text);
    let mut s = Saml::default();
    let mut stack: Vec<String> = Vec::new();
    // The field whose text is collected, the depth of its element, and the text so far.
    let mut capture: Option<(Field, usize, String)> = None;
    // Depth of the first Assertion while inside it.
    let mut first_assertion: Option<usize> = None;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!("the SAML message is not well-formed XML (at byte {}): {e}", reader.error_position())
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let depth = stack.len();
                if depth >= MAX_DEPTH {
                    return Err(format!("the SAML message nests elements deeper than {MAX_DEPTH}; it is not read"));
                }
                let parent = stack.last().map(String::as_str);
                let in_first = first_assertion.is_some_and(|d| depth > d);
                let mut field = None;
                match name.as_str() {
                    _ if depth == 0 => {
                        s.id = attr(e, "ID");
                        s.destination = attr(e, "Destination");
                        s.in_response_to = attr(e, "InResponseTo");
                        s.issue_instant = attr(e, "IssueInstant");
                        s.acs_url = attr(e, "AssertionConsumerServiceURL");
                        s.protocol_binding = attr(e, "ProtocolBinding");
                        s.message = name.clone();
                    }
                    "Issuer" if depth == 1 => field = Some(Field::Issuer),
                    "Issuer" if in_first && depth == first_assertion.unwrap_or(0) + 1 => {
                        field = Some(Field::AssertionIssuer);
                    }
                    "StatusCode" if stack.iter().any(|n| n == "Status") && first_assertion.is_none() => {
                        if let Some(v) = attr(e, "Value") {
                            s.status.push(Status { urn: v, entry: None });
                        }
                    }
                    "StatusMessage" if depth == 2 => field = Some(Field::StatusMessage),
                    "Assertion" if parent != Some("Advice") => {
                        s.assertions += 1;
                        if s.assertions == 1 && !empty {
                            first_assertion = Some(depth);
                            s.assertion_issue_instant = attr(e, "IssueInstant");
                        }
                    }
                    "EncryptedAssertion" => s.encrypted_assertions += 1,
                    "NameID" if in_first && parent == Some("Subject") => {
                        s.name_id_format = attr(e, "Format");
                        field = Some(Field::NameId);
                    }
                    "SubjectConfirmationData" if in_first && s.recipient.is_none() => {
                        s.recipient = attr(e, "Recipient");
                        s.subject_not_on_or_after = attr(e, "NotOnOrAfter");
                    }
                    "Conditions" if in_first => {
                        s.not_before = attr(e, "NotBefore");
                        s.not_on_or_after = attr(e, "NotOnOrAfter");
                    }
                    "Audience" if in_first => field = Some(Field::Audience),
                    "NameIDPolicy" if depth == 1 => s.name_id_policy = attr(e, "Format"),
                    "Signature" if depth == 1 => s.signed_message = true,
                    "Signature" if first_assertion == Some(depth - 1) => s.signed_assertion = true,
                    "X509Certificate" if s.certificate.is_none() && capture.is_none() => {
                        field = Some(Field::Certificate);
                    }
                    _ => {}
                }
                if !empty {
                    if let Some(f) = field.filter(|_| capture.is_none()) {
                        capture = Some((f, depth, String::new()));
                    }
                    stack.push(name);
                }
            }
            Event::End(_) => {
                stack.pop();
                let depth = stack.len();
                if first_assertion == Some(depth) {
                    first_assertion = None;
                }
                if capture.as_ref().is_some_and(|(_, d, _)| *d == depth) {
                    let (f, _, value) = capture.take().unwrap_or((Field::Issuer, 0, String::new()));
                    store(&mut s, f, value);
                }
            }
            Event::Text(ref t) => {
                if let Some((_, _, buf)) = capture.as_mut() {
                    push(buf, &t.decode().map_err(|e| format!("the SAML message has bad text: {e}"))?);
                }
            }
            Event::CData(ref t) => {
                if let Some((_, _, buf)) = capture.as_mut() {
                    push(buf, &String::from_utf8_lossy(t));
                }
            }
            Event::GeneralRef(ref r) => {
                if let Some((_, _, buf)) = capture.as_mut() {
                    let name = String::from_utf8_lossy(r).into_owned();
                    match (r.resolve_char_ref(), name.as_str()) {
                        (Ok(Some(c)), _) => buf.push(c),
                        (_, "lt") => buf.push('<'),
                        (_, "gt") => buf.push('>'),
                        (_, "amp") => buf.push('&'),
                        (_, "apos") => buf.push('\''),
                        (_, "quot") => buf.push('"'),
                        // Any other entity stays as written: nothing from a DTD is expanded.
                        _ => push(buf, &format!("&{name};")),
                    }
                }
            }
            Event::DocType(_) => s.doctype = true,
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if s.message.is_empty() {
        return Err("the SAML message has no root element".into());
    }
    Ok(s)
}

fn push(buf: &mut String, text: &str) {
    let mut room = MAX_TEXT.saturating_sub(buf.len()).min(text.len());
    while !text.is_char_boundary(room) {
        room -= 1;
    }
    buf.push_str(&text[..room]);
}

fn store(s: &mut Saml, field: Field, value: String) {
    let value = value.trim().to_string();
    match field {
        Field::Issuer => s.issuer = Some(value),
        Field::AssertionIssuer => s.assertion_issuer = Some(value),
        Field::StatusMessage => s.status_message = Some(value),
        Field::NameId => s.name_id = Some(value),
        Field::Audience => s.audience.push(value),
        Field::Certificate => {
            s.certificate = Some(base64_decode(value.as_bytes()).map(|d| der::certificate(&d)).unwrap_or_default());
        }
    }
}

fn hints(cat: &'static Catalogue, s: &Saml, now: i64) -> Vec<Hint> {
    let sp = |codes: &[&str]| entries(cat, codes, Some("samlsp"));
    let mut out = Vec::new();
    let issued = s.assertion_issue_instant.as_deref().or(s.issue_instant.as_deref()).and_then(time::parse_xs);
    let ends = [&s.not_on_or_after, &s.subject_not_on_or_after]
        .into_iter()
        .filter_map(|t| t.as_deref().and_then(time::parse_xs))
        .min();
    if let (Some(issued), Some(end)) = (issued, ends) {
        if end <= issued {
            out.push(Hint {
                text: format!(
                    "The assertion was already expired when it was issued: NotOnOrAfter is {} before \
                     IssueInstant. Every service provider rejects it; the identity provider's clock or its \
                     assertion lifetime setting is wrong.",
                    time::span(issued.abs_diff(end))
                ),
                codes: sp(&["ASSERTION_EXPIRED"]),
            });
        } else if end - issued < 120 {
            out.push(Hint {
                text: format!(
                    "The assertion is valid for only {} after it was issued: a slow user or a service \
                     provider whose clock runs ahead rejects it as expired.",
                    time::span(end.abs_diff(issued))
                ),
                codes: sp(&["ASSERTION_EXPIRED"]),
            });
        }
    }
    if let (Some(issued), Some(nb)) =
        (issued, s.not_before.as_deref().and_then(time::parse_xs).filter(|&nb| Some(nb) > issued))
    {
        out.push(Hint {
            text: format!(
                "NotBefore is {} after IssueInstant: a service provider whose clock is not that far ahead \
                 rejects the assertion as not yet valid.",
                time::span(nb.abs_diff(issued))
            ),
            codes: sp(&["ASSERTION_TOO_EARLY"]),
        });
    }
    if s.destination.is_some() && s.recipient.is_some() && s.destination != s.recipient {
        out.push(Hint {
            text: "Destination and Recipient differ: a service provider compares each with its own \
                   Assertion Consumer Service URL, so one of them fails."
                .into(),
            codes: sp(&["WRONG_DESTINATION", "WRONG_SUBJECTCONFIRMATION"]),
        });
    }
    let response = s.message == "Response";
    let success = s.status.first().is_some_and(|st| st.urn.ends_with(":Success"));
    if response && success {
        if s.destination.is_none() && s.signed_message {
            out.push(Hint {
                text: "The signed response has no Destination: service providers that require one reject it.".into(),
                codes: sp(&["EMPTY_DESTINATION"]),
            });
        }
        if s.assertions == 1 && s.name_id.is_none() {
            out.push(Hint {
                text: "The assertion has no NameID: service providers that identify users by it reject the \
                       sign-in."
                    .into(),
                codes: sp(&["NO_NAMEID"]),
            });
        }
        if s.assertions + s.encrypted_assertions > 1 {
            out.push(Hint {
                text: "More than one assertion: most service providers accept exactly one.".into(),
                codes: sp(&["WRONG_NUMBER_OF_ASSERTIONS"]),
            });
        }
        if !s.signed_message && !s.signed_assertion && s.assertions > 0 {
            out.push(Hint {
                text: "Neither the response nor its assertion is signed: a service provider refuses it.".into(),
                codes: sp(&["NO_SIGNATURE_FOUND"]),
            });
        } else if s.signed_message && !s.signed_assertion && s.assertions > 0 {
            out.push(Hint {
                text: "Only the response is signed, not the assertion: service providers set to want signed \
                       assertions refuse it."
                    .into(),
                codes: sp(&["NO_SIGNED_ASSERTION"]),
            });
        }
    }
    if s.encrypted_assertions > 0 {
        out.push(Hint {
            text: "The assertion is encrypted: its subject, audience and times can be read only with the \
                   service provider's private key, so they are not shown."
                .into(),
            codes: sp(&["decryption_error"]),
        });
    }
    if let Some(na) = s.certificate.as_ref().and_then(|c| c.not_after).filter(|&na| na < now) {
        out.push(Hint {
            text: format!(
                "The certificate in the message expired {} ago ({}): a service provider that checks \
                 certificate dates refuses the signature; the identity provider must roll over to a new \
                 certificate and the service provider trust it.",
                time::span(now.abs_diff(na)),
                time::utc(na)
            ),
            codes: sp(&["INVALID_SIGNATURE", "CERT_NOT_FOUND"]),
        });
    }
    if s.doctype {
        out.push(Hint {
            text: "The message carries a DOCTYPE: SAML forbids DTDs, no entity in it was expanded here, and \
                   service provider libraries reject such a message."
                .into(),
            codes: sp(&["INVALID_XML_FORMAT"]),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_end_at_the_next_field() {
        let text = "RelayState=x&SAMLResponse=PHNhbWxw%2B&foo=1";
        let (s, e, name) = parameter(text).unwrap();
        assert_eq!((&text[s..e], name), ("PHNhbWxw%2B", "SAMLResponse"));
        assert_eq!(percent_decode("a%2Bb%3d+%zz"), b"a+b=+%zz");
    }

    #[test]
    fn saml_starts_are_recognised_after_a_declaration() {
        assert!(is_saml(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x --><samlp:Response"));
        assert!(!is_saml(b"<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Responder\">"));
        assert!(is_saml(b"<Response xmlns=\"urn:oasis:names:tc:SAML:2.0:protocol\">"));
        assert!(!is_saml(b"<html><body>"));
        assert!(!is_saml(b"{\"a\":1}"));
    }
}
