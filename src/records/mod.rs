//! Structured inputs of `stserr scan`, read by field rather than searched as text: sign-in log
//! exports (Entra admin center CSV and JSON, Graph `auditLogs/signIns`, Log Analytics
//! `SigninLogs`, Okta System Log JSON and CSV) and browser HAR captures.
//!
//! [`detect`] names the format from the first bytes; [`Reader`] streams the records of an export
//! to an [`EventSink`], each with what it found: nothing (a success), catalogue codes, or the
//! export's own failure reason when it names no code. Memory stays bounded by one record.

mod fields;
pub mod har;
mod json;
mod limit;
mod table;
pub mod time;

use crate::catalogue::Entry;
use crate::scan::{Code, Extractor, Occurrence};
use std::fmt::Write as _;
use std::io::{self, Read};

/// What an input is. `Log` is plain text, searched by the scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Log,
    EntraCsv,
    EntraJson,
    GraphJson,
    SentinelCsv,
    OktaJson,
    OktaCsv,
    Har,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Log,
        Format::EntraCsv,
        Format::EntraJson,
        Format::GraphJson,
        Format::SentinelCsv,
        Format::OktaJson,
        Format::OktaCsv,
        Format::Har,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Log => "log",
            Format::EntraCsv => "entra-csv",
            Format::EntraJson => "entra-json",
            Format::GraphJson => "graph-json",
            Format::SentinelCsv => "sentinel-csv",
            Format::OktaJson => "okta-json",
            Format::OktaCsv => "okta-csv",
            Format::Har => "har",
        }
    }

    /// Okta's exports name outcomes and reasons; the others carry Entra's numeric codes.
    fn is_okta(self) -> bool {
        matches!(self, Format::OktaJson | Format::OktaCsv)
    }
}

/// How many bytes [`detect`] wants to see (fewer at the end of input is fine).
pub const SNIFF: usize = 64 * 1024;

/// The format of an input from its first bytes: a header row naming the export's columns, or a
/// JSON document whose first record has the export's fields. Anything else is a log.
pub fn detect(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let body = &head[start..];
    match body.first() {
        Some(b'[' | b'{') => json::detect(body),
        Some(_) => table::detect(body),
        None => Format::Log,
    }
}

/// Reads the first bytes of `input` into `head`, as many as [`detect`] needs: the first line of
/// text (a CSV header, or a log line, which a pipe from `tail -f` must not wait behind), or the
/// first key of a JSON object, or up to [`SNIFF`] bytes of a JSON array of objects.
pub fn sniff(input: &mut impl Read, head: &mut Vec<u8>) -> io::Result<()> {
    head.clear();
    let mut buf = [0u8; 8192];
    while head.len() < SNIFF && !enough(head) {
        let n = match input.read(&mut buf[..(SNIFF - head.len()).min(8192)]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    Ok(())
}

fn enough(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(start) = head.iter().position(|b| !b.is_ascii_whitespace()) else { return false };
    let body = &head[start..];
    match body[0] {
        b'[' => match body[1..].iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => false,
            Some(_) => true,
            None => false,
        },
        // The line that holds the first key (and a Graph page's context URL after it).
        b'{' => match memchr::memchr(b'"', body) {
            Some(q) => memchr::memchr(b'\n', &body[q..]).is_some(),
            None => false,
        },
        _ => memchr::memchr(b'\n', body).is_some(),
    }
}

/// One record of an export, its fields as the export wrote them (times parsed).
#[derive(Debug, Default, Clone)]
pub struct Event {
    /// 1-based position among the input's records.
    pub record: u64,
    pub time: Option<i64>,
    pub user: String,
    pub app: String,
    pub ip: String,
    /// Entra's Status (`Success`, `Failure`, `Interrupted`) or Okta's `outcome.result`.
    pub result: String,
    /// The error code column as written (`50126`, `0`, empty); Okta has none.
    pub code: String,
    /// Entra's failure reason or Okta's `outcome.reason`.
    pub reason: String,
    /// Okta's `eventType`.
    pub event_type: String,
    pub request_id: String,
    pub correlation_id: String,
    /// Okta's `transaction.id`.
    pub transaction_id: String,
}

impl Event {
    /// Empties the fields but keeps their buffers (a million records, no allocation each).
    fn clear(&mut self) {
        self.time = None;
        for s in [
            &mut self.user,
            &mut self.app,
            &mut self.ip,
            &mut self.result,
            &mut self.code,
            &mut self.reason,
            &mut self.event_type,
            &mut self.request_id,
            &mut self.correlation_id,
            &mut self.transaction_id,
        ] {
            s.clear();
        }
    }
}

/// What a failing record is grouped under: a code the scanner knows the shape of, or text: the
/// export's own reason when the record names no code (Okta's `INVALID_CREDENTIALS`), or in a
/// pivoted summary the user, app or IP.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Code(Code),
    Text(Box<str>),
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Code(c) => c.fmt(f),
            Key::Text(r) => f.write_str(r),
        }
    }
}

/// One failure of a record: its key, the catalogue entry when there is one, and the provider.
#[derive(Debug, Clone)]
pub struct Finding {
    pub key: Key,
    pub entry: Option<Entry>,
    pub provider: &'static str,
    /// The export itself calls this step part of a normal flow (Okta's `CHALLENGE`).
    pub interrupt: bool,
}

impl Finding {
    /// The catalogue's class for the key (`interrupt`, `user`, `config`, `service`), if any.
    pub fn class(&self) -> Option<&'static str> {
        if self.interrupt { Some("interrupt") } else { self.entry.and_then(|e| e.class()) }
    }
}

/// Receives the records of an export in order. Errors are write errors and end the read.
pub trait EventSink {
    fn event(&mut self, ev: &Event, found: &[Finding]) -> io::Result<()>;
}

/// Reading an export failed: the input (the caller names the file and goes on), or the sink.
#[derive(Debug)]
pub enum Error {
    Read(io::Error),
    Write(io::Error),
}

/// Counts of one input's records.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub records: u64,
    pub failures: u64,
    /// Records that could not be read (a JSON element of the wrong type); skipped.
    pub skipped: u64,
}

/// Reads exports, finding what each record failed with.
pub struct Reader {
    ext: Extractor,
    hits: Vec<Occurrence>,
    found: Vec<Finding>,
    code: String,
}

impl Reader {
    pub fn new(ext: Extractor) -> Reader {
        Reader { ext, hits: Vec::new(), found: Vec::new(), code: String::new() }
    }

    /// Streams `input` (which starts with `head`, the bytes [`detect`] saw) as `format`.
    pub fn read(
        &mut self,
        format: Format,
        head: &[u8],
        input: impl Read,
        sink: &mut impl EventSink,
    ) -> Result<Stats, Error> {
        let input = head.chain(input);
        let mut stats = Stats::default();
        let mut each = |ev: &Event| -> io::Result<()> {
            self.findings(format, ev);
            stats.records += 1;
            stats.failures += u64::from(!self.found.is_empty());
            sink.event(ev, &self.found)
        };
        match format {
            Format::EntraCsv | Format::SentinelCsv | Format::OktaCsv => table::read(format, input, &mut each)?,
            Format::EntraJson | Format::GraphJson | Format::OktaJson => {
                stats.skipped = json::read(format, input, &mut each)?;
            }
            Format::Log | Format::Har => unreachable!("logs and HAR captures are not exports"),
        }
        Ok(stats)
    }

    /// What `ev` failed with; empty for a success.
    fn findings(&mut self, format: Format, ev: &Event) {
        self.found.clear();
        if format.is_okta() {
            return self.okta(ev);
        }
        let code = ev.code.trim();
        if code == "0" || (code.is_empty() && !ev.result.eq_ignore_ascii_case("failure") && ev.reason.is_empty()) {
            return;
        }
        if let Ok(n) = code.parse::<u64>() {
            // A bare number in an Entra export is the AADSTS code.
            self.code.clear();
            let _ = write!(self.code, "AADSTS{n}");
            codes_in(self.ext, &self.code, &mut self.hits, &mut self.found);
        } else if !code.is_empty() {
            self.codes_in(code);
        }
        if self.found.is_empty() {
            let reason = if ev.reason.is_empty() { code } else { ev.reason.as_str() };
            self.reason(reason, "entra", false);
        }
    }

    fn okta(&mut self, ev: &Event) {
        let result = ev.result.trim();
        if ["SUCCESS", "ALLOW", "SKIPPED", ""].iter().any(|r| result.eq_ignore_ascii_case(r)) {
            return;
        }
        self.codes_in(&ev.reason);
        let interrupt = result.eq_ignore_ascii_case("CHALLENGE");
        if self.found.is_empty() {
            let reason = if ev.reason.is_empty() { result } else { ev.reason.as_str() };
            self.reason(reason, "okta", interrupt);
        } else {
            self.found.iter_mut().for_each(|f| f.interrupt |= interrupt);
        }
    }

    fn codes_in(&mut self, text: &str) {
        codes_in(self.ext, text, &mut self.hits, &mut self.found);
    }

    /// The export's own reason as the key, unless `--provider` asked for another provider.
    fn reason(&mut self, reason: &str, provider: &'static str, interrupt: bool) {
        if !self.ext.wants_provider(provider) {
            return;
        }
        let reason: String = reason.chars().filter(|c| !c.is_control()).take(200).collect();
        let key = Key::Text(if reason.is_empty() { "(no reason given)".into() } else { reason.into() });
        self.found.push(Finding { key, entry: None, provider, interrupt });
    }
}

/// Appends to `found` the codes in `text` it does not hold yet; returns how many were new.
fn codes_in(ext: Extractor, text: &str, hits: &mut Vec<Occurrence>, found: &mut Vec<Finding>) -> usize {
    hits.clear();
    ext.extract(text.as_bytes(), 0, text.len(), hits);
    let before = found.len();
    for h in hits.iter() {
        if !found.iter().any(|f| f.key == Key::Code(h.code)) {
            let provider = h.provider_id();
            found.push(Finding { key: Key::Code(h.code), entry: h.entry, provider, interrupt: false });
        }
    }
    found.len() - before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_first_records_name_the_format_and_everything_else_is_a_log() {
        let cases: [(&[u8], Format); 9] = [
            (b"\xEF\xBB\xBFDate (UTC),Request ID,Sign-in error code,Failure reason\n", Format::EntraCsv),
            (b"TimeGenerated [UTC],ResultType,ResultDescription\n", Format::SentinelCsv),
            (b"published,eventType,outcome.result,outcome.reason\n", Format::OktaCsv),
            (
                b"[{\"id\":\"1\",\"createdDateTime\":\"2024-05-21T10:00:00Z\",\"status\":{\"errorCode\":0}}]",
                Format::EntraJson,
            ),
            (
                b"{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\",\"value\":[]}",
                Format::GraphJson,
            ),
            (
                b"[\n {\"uuid\":\"u\",\"published\":\"2024\",\"eventType\":\"user.session.start\",\"outcome\":{}}]",
                Format::OktaJson,
            ),
            (b"{\"log\":{\"version\":\"1.2\",\"entries\":[]}}", Format::Har),
            (b"{\"level\":\"error\",\"msg\":\"AADSTS50011\"}\n{\"level\":\"info\"}\n", Format::Log),
            (b"[2024-05-21 10:00:00] ERROR AADSTS50011 Sign-in error code\n", Format::Log),
        ];
        for (head, want) in cases {
            assert_eq!(detect(head), want, "{}", String::from_utf8_lossy(head));
        }
    }
}
