//! The IDs a service prints beside an error (trace ID, correlation ID, timestamp), taken from the
//! same line so that a support ticket can quote them. Entra's text form (`Trace ID: …`) and the
//! JSON fields (`"trace_id":"…"`) both count; the first of each on the line wins.

use super::extract::starts_token;
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

/// Borrowed from the line it was found in. Values are ASCII by construction.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LineIds<'a> {
    pub trace_id: Option<&'a str>,
    pub correlation_id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
}

/// An owned `LineIds`, for answers that outlive the text they came from.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ids {
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
}

impl LineIds<'_> {
    pub fn is_empty(&self) -> bool {
        self.trace_id.is_none() && self.correlation_id.is_none() && self.timestamp.is_none()
    }

    pub fn to_ids(&self) -> Ids {
        let own = |v: Option<&str>| v.map(str::to_string);
        Ids { trace_id: own(self.trace_id), correlation_id: own(self.correlation_id), timestamp: own(self.timestamp) }
    }
}

impl Ids {
    pub fn is_empty(&self) -> bool {
        self.trace_id.is_none() && self.correlation_id.is_none() && self.timestamp.is_none()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Trace,
    Correlation,
    Timestamp,
}

const KEYS: [(&str, Key); 9] = [
    ("trace id", Key::Trace),
    ("trace_id", Key::Trace),
    ("trace-id", Key::Trace),
    ("traceid", Key::Trace),
    ("correlation id", Key::Correlation),
    ("correlation_id", Key::Correlation),
    ("correlation-id", Key::Correlation),
    ("correlationid", Key::Correlation),
    ("timestamp", Key::Timestamp),
];

/// Longest value taken; anything longer is not an ID.
const MAX_VALUE: usize = 64;

static FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(KEYS.map(|(k, _)| k))
        .expect("nine short literals always build")
});

/// The IDs in one line.
pub fn find(line: &[u8]) -> LineIds<'_> {
    let mut c = LineIds::default();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for m in FINDER.find_iter(line) {
        let key = KEYS[m.pattern().as_usize()].1;
        let slot = match key {
            Key::Trace => &mut c.trace_id,
            Key::Correlation => &mut c.correlation_id,
            Key::Timestamp => &mut c.timestamp,
        };
        if slot.is_some() || !starts_token(line, m.start(), word) {
            continue;
        }
        *slot = value(line, m.end(), key == Key::Timestamp);
        if c.trace_id.is_some() && c.correlation_id.is_some() && c.timestamp.is_some() {
            break;
        }
    }
    c
}

/// The value after a key: separators (quotes, escapes, spaces) with a `:` or `=` among them,
/// then a run of ID characters; a timestamp may hold one space between date and time.
fn value(line: &[u8], mut at: usize, timestamp: bool) -> Option<&str> {
    let sep_end = line.len().min(at + 8);
    let mut sep = false;
    while at < sep_end && matches!(line[at], b'"' | b'\'' | b'\\' | b' ' | b'\t' | b':' | b'=') {
        sep |= matches!(line[at], b':' | b'=');
        at += 1;
    }
    if !sep {
        return None;
    }
    let start = at;
    let digit = |i: usize| line.get(i).is_some_and(u8::is_ascii_digit);
    while at < line.len() && at - start <= MAX_VALUE {
        let b = line[at];
        let id_byte = b.is_ascii_alphanumeric() || b"-_.:+".contains(&b);
        let date_time_gap = timestamp && b == b' ' && at > start && digit(at - 1) && digit(at + 1);
        if !(id_byte || date_time_gap) {
            break;
        }
        at += 1;
    }
    if at - start > MAX_VALUE {
        return None;
    }
    // A sentence may end right after the value: "Timestamp: 2024-01-01 10:00:00Z."
    while at > start && matches!(line[at - 1], b'.' | b':') {
        at -= 1;
    }
    std::str::from_utf8(&line[start..at]).ok().filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entra_text_form() {
        let line = b"AADSTS50011: The redirect URI does not match. Trace ID: 0b5d8e2c-1a2b-4c43-a2e1-9b1c4e1f0a11 \
            Correlation ID: 7f3e2d1c-aaaa-bbbb-cccc-1234567890ab Timestamp: 2024-01-01 10:00:00Z";
        let c = find(line);
        assert_eq!(c.trace_id, Some("0b5d8e2c-1a2b-4c43-a2e1-9b1c4e1f0a11"));
        assert_eq!(c.correlation_id, Some("7f3e2d1c-aaaa-bbbb-cccc-1234567890ab"));
        assert_eq!(c.timestamp, Some("2024-01-01 10:00:00Z"));
    }

    #[test]
    fn json_fields_plain_and_escaped() {
        let c = find(br#"{"timestamp":"2024-03-05 08:01:02Z","trace_id":"abc-1","correlation_id":"def-2"}"#);
        assert_eq!(
            (c.trace_id, c.correlation_id, c.timestamp),
            (Some("abc-1"), Some("def-2"), Some("2024-03-05 08:01:02Z"))
        );
        let c = find(br#"msg="{\"trace_id\":\"t-9\",\"correlation_id\":\"c-9\"}""#);
        assert_eq!((c.trace_id, c.correlation_id), (Some("t-9"), Some("c-9")));
        let c = find(br#"desc: bad.\r\nTrace ID: t-7\r\nCorrelation ID: c-7\r\nTimestamp: 2024-01-01 10:00:00Z""#);
        assert_eq!(
            (c.trace_id, c.correlation_id, c.timestamp),
            (Some("t-7"), Some("c-7"), Some("2024-01-01 10:00:00Z"))
        );
    }

    #[test]
    fn keys_without_a_value_or_inside_words_are_ignored() {
        let c = find(b"the trace id was lost; event_timestamp=5 mytrace_id=1 Timestamp: 2024-02-02T01:02:03.456Z.");
        assert_eq!(c.trace_id, None);
        assert_eq!(c.timestamp, Some("2024-02-02T01:02:03.456Z"));
        assert!(find(b"no ids here").is_empty());
    }
}
