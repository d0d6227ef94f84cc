//! JSON exports: a bare array of records (the admin center's download, Okta's `/api/v1/logs`),
//! or Graph's page `{"value": [...]}`. The array is streamed: one record is in memory at a time.

use super::fields::{FIELDS, pointers, set};
use super::limit::{Marks, limited};
use super::{Error, Event, Format};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::io::{self, BufReader, Read};

/// The format of a JSON document from its first bytes: Graph's page, a HAR capture, or an
/// array whose first record has the fields of a sign-in export. Anything else is a log.
pub fn detect(body: &[u8]) -> Format {
    let has = |needle: &[u8]| memchr::memmem::find(body, needle).is_some();
    if body[0] == b'{' {
        let after = body[1..].trim_ascii_start();
        if after.starts_with(b"\"log\"") && has(b"\"entries\"") {
            return Format::Har;
        }
        if after.starts_with(b"\"@odata.context\"") && has(b"signIns") {
            return Format::GraphJson;
        }
        return Format::Log;
    }
    if !body[1..].trim_ascii_start().starts_with(b"{") {
        return Format::Log;
    }
    if has(b"\"createdDateTime\"") && has(b"\"status\"") {
        Format::EntraJson
    } else if has(b"\"eventType\"") && has(b"\"outcome\"") {
        Format::OktaJson
    } else {
        Format::Log
    }
}

/// Streams the records to `each`; returns how many were not objects (skipped).
pub fn read(format: Format, input: impl Read, each: &mut impl FnMut(&Event) -> io::Result<()>) -> Result<u64, Error> {
    let (mut ev, mut skipped) = (Event::default(), 0);
    stream(input, &["value"], &mut |v: &Value| {
        if !v.is_object() {
            skipped += 1;
            return Ok(());
        }
        ev.record += 1;
        ev.clear();
        for field in FIELDS {
            if let Some(text) = pointers(format, field).iter().find_map(|p| text(v.pointer(p)?)) {
                set(&mut ev, field, &text);
            }
        }
        if format == Format::OktaJson {
            ev.app = okta_app(v).unwrap_or_default();
        }
        each(&ev)
    })?;
    Ok(skipped)
}

/// Streams the elements of the document's array to `each`: the top-level array, or the array
/// found by following `path` through objects (`value` of a Graph page, `log.entries` of a HAR).
pub fn stream(input: impl Read, path: &[&str], each: &mut impl FnMut(&Value) -> io::Result<()>) -> Result<(), Error> {
    let (input, marks) = limited(input);
    let mut de = serde_json::Deserializer::from_reader(BufReader::with_capacity(64 * 1024, input));
    let mut state = State { each, write: None, marks };
    let result = de::Deserializer::deserialize_any(&mut de, Walk { state: &mut state, path }).and_then(|()| de.end());
    if let Some(e) = state.write.take() {
        return Err(Error::Write(e));
    }
    result.map_err(|e| Error::Read(e.into()))
}

struct State<'a, F> {
    each: &'a mut F,
    /// A write error of the sink, kept while serde unwinds with an error of its own.
    write: Option<io::Error>,
    marks: Marks,
}

/// A scalar as text (Graph writes `errorCode` as a number); `None` for null, objects and arrays.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The app of an Okta event: the display name of its `AppInstance` target.
fn okta_app(v: &Value) -> Option<String> {
    let targets = v.get("target")?.as_array()?;
    let app = targets.iter().find(|t| t.get("type").and_then(Value::as_str) == Some("AppInstance"))?;
    app.get("displayName").and_then(text)
}

/// Visits an array (its elements go to `each`) or an object (into the key `path` names next).
struct Walk<'s, 'a, 'p, F> {
    state: &'s mut State<'a, F>,
    path: &'p [&'p str],
}

impl<'de, F: FnMut(&Value) -> io::Result<()>> DeserializeSeed<'de> for Walk<'_, '_, '_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, F: FnMut(&Value) -> io::Result<()>> Visitor<'de> for Walk<'_, '_, '_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records, or an object holding one")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(v) = seq.next_element::<Value>()? {
            self.state.marks.record_ended();
            if let Err(e) = (self.state.each)(&v) {
                self.state.write = Some(e);
                return Err(de::Error::custom("output closed"));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match self.path.split_first() {
                Some((first, rest)) if key == *first => {
                    map.next_value_seed(Walk { state: &mut *self.state, path: rest })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    // Scalars where an array or object was expected: nothing to stream.
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(format: Format, doc: &str) -> (Vec<Event>, Result<u64, Error>) {
        let mut got = Vec::new();
        let r = read(format, doc.as_bytes(), &mut |e: &Event| {
            got.push(e.clone());
            Ok(())
        });
        (got, r)
    }

    #[test]
    fn a_graph_page_streams_its_value_array_and_ignores_paging() {
        let doc = r#"{"@odata.context":"x/signIns","value":[
            {"createdDateTime":"2024-05-21T10:00:00Z","userPrincipalName":"a@x","appDisplayName":"App",
             "ipAddress":"10.0.0.1","correlationId":"c1","id":"r1","status":{"errorCode":50126,"failureReason":"Bad"}},
            7,
            {"status":{"errorCode":0}}],"@odata.nextLink":"https://graph.microsoft.com/next"}"#;
        let (got, r) = events(Format::GraphJson, doc);
        assert_eq!(r.unwrap(), 1, "the number 7 is skipped");
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].code.as_str(), got[0].reason.as_str(), got[0].user.as_str()), ("50126", "Bad", "a@x"));
        assert_eq!((got[0].request_id.as_str(), got[0].correlation_id.as_str()), ("r1", "c1"));
        assert_eq!((got[1].record, got[1].code.as_str(), got[1].user.as_str()), (2, "0", ""));
    }

    #[test]
    fn okta_events_take_the_app_from_the_app_instance_target() {
        let doc = r#"[{"published":"2024-05-21T10:00:00.000Z","eventType":"user.authentication.sso",
            "actor":{"alternateId":"a@x"},"client":{"ipAddress":"10.0.0.2"},
            "outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"},
            "target":[{"type":"User","displayName":"A"},{"type":"AppInstance","displayName":"Salesforce"}],
            "transaction":{"id":"t1"},"debugContext":{"debugData":{"requestId":"q1"}}}]"#;
        let (got, r) = events(Format::OktaJson, doc);
        r.unwrap();
        let e = &got[0];
        assert_eq!(
            (e.app.as_str(), e.result.as_str(), e.reason.as_str()),
            ("Salesforce", "FAILURE", "INVALID_CREDENTIALS")
        );
        assert_eq!((e.transaction_id.as_str(), e.request_id.as_str(), e.ip.as_str()), ("t1", "q1", "10.0.0.2"));
    }

    #[test]
    fn a_truncated_document_is_a_read_error_after_the_records_before_it() {
        let (got, r) = events(Format::EntraJson, r#"[{"status":{"errorCode":1}},{"status":"#);
        assert_eq!(got.len(), 1);
        assert!(matches!(r, Err(Error::Read(_))));
    }
}
