//! Where each export keeps the fields of an [`Event`]: CSV header names (matched without regard
//! to case; the first present wins) and JSON pointers. Sources are in tests/data/exports/README.md.

use super::{Event, Format};

/// The fields of an event, in the order of [`Columns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Time,
    User,
    App,
    Ip,
    Result,
    Code,
    Reason,
    EventType,
    RequestId,
    CorrelationId,
    TransactionId,
}

pub const FIELDS: [Field; 11] = [
    Field::Time,
    Field::User,
    Field::App,
    Field::Ip,
    Field::Result,
    Field::Code,
    Field::Reason,
    Field::EventType,
    Field::RequestId,
    Field::CorrelationId,
    Field::TransactionId,
];

/// CSV header names of a field in a format.
pub fn columns(format: Format, field: Field) -> &'static [&'static str] {
    use Field::*;
    match (format, field) {
        (Format::EntraCsv, Time) => &["Date (UTC)", "Date"],
        (Format::EntraCsv, User) => &["Username", "User principal name", "User"],
        (Format::EntraCsv, App) => &["Application"],
        (Format::EntraCsv, Ip) => &["IP address"],
        (Format::EntraCsv, Result) => &["Status"],
        (Format::EntraCsv, Code) => &["Sign-in error code"],
        (Format::EntraCsv, Reason) => &["Failure reason"],
        (Format::EntraCsv, RequestId) => &["Request ID"],
        (Format::EntraCsv, CorrelationId) => &["Correlation ID"],
        // The sign-in's own time; TimeGenerated is when Log Analytics ingested it.
        (Format::SentinelCsv, Time) => {
            &["CreatedDateTime [UTC]", "CreatedDateTime", "TimeGenerated [UTC]", "TimeGenerated"]
        }
        (Format::SentinelCsv, User) => &["UserPrincipalName"],
        (Format::SentinelCsv, App) => &["AppDisplayName"],
        (Format::SentinelCsv, Ip) => &["IPAddress"],
        (Format::SentinelCsv, Code) => &["ResultType"],
        (Format::SentinelCsv, Reason) => &["ResultDescription"],
        (Format::SentinelCsv, RequestId) => &["OriginalRequestId", "Id"],
        (Format::SentinelCsv, CorrelationId) => &["CorrelationId"],
        (Format::OktaCsv, Time) => &["published"],
        (Format::OktaCsv, User) => &["actor.alternateId"],
        (Format::OktaCsv, Ip) => &["client.ipAddress"],
        (Format::OktaCsv, Result) => &["outcome.result"],
        (Format::OktaCsv, Reason) => &["outcome.reason"],
        (Format::OktaCsv, EventType) => &["eventType"],
        (Format::OktaCsv, RequestId) => &["debugContext.debugData.requestId"],
        (Format::OktaCsv, TransactionId) => &["transaction.id"],
        _ => &[],
    }
}

/// The header name that tells a CSV export apart, per format.
pub const CSV_SIGNATURES: [(&str, Format); 3] = [
    ("Sign-in error code", Format::EntraCsv),
    ("ResultType", Format::SentinelCsv),
    ("outcome.result", Format::OktaCsv),
];

/// JSON pointers of a field in a record of a format (Graph's signIn resource, Okta's LogEvent).
pub fn pointers(format: Format, field: Field) -> &'static [&'static str] {
    use Field::*;
    match (format, field) {
        (Format::EntraJson | Format::GraphJson, Time) => &["/createdDateTime"],
        (Format::EntraJson | Format::GraphJson, User) => &["/userPrincipalName", "/userDisplayName"],
        (Format::EntraJson | Format::GraphJson, App) => &["/appDisplayName"],
        (Format::EntraJson | Format::GraphJson, Ip) => &["/ipAddress"],
        (Format::EntraJson | Format::GraphJson, Code) => &["/status/errorCode"],
        (Format::EntraJson | Format::GraphJson, Reason) => &["/status/failureReason"],
        (Format::EntraJson | Format::GraphJson, RequestId) => &["/originalRequestId", "/id"],
        (Format::EntraJson | Format::GraphJson, CorrelationId) => &["/correlationId"],
        (Format::OktaJson, Time) => &["/published"],
        (Format::OktaJson, User) => &["/actor/alternateId"],
        (Format::OktaJson, Ip) => &["/client/ipAddress"],
        (Format::OktaJson, Result) => &["/outcome/result"],
        (Format::OktaJson, Reason) => &["/outcome/reason"],
        (Format::OktaJson, EventType) => &["/eventType"],
        (Format::OktaJson, RequestId) => &["/debugContext/debugData/requestId"],
        (Format::OktaJson, TransactionId) => &["/transaction/id"],
        _ => &[],
    }
}

/// Stores `value` as `field` of `ev` (a time is parsed; an unreadable one is left out).
pub fn set(ev: &mut Event, field: Field, value: &str) {
    let slot = match field {
        Field::Time => {
            ev.time = super::time::parse(value);
            return;
        }
        Field::User => &mut ev.user,
        Field::App => &mut ev.app,
        Field::Ip => &mut ev.ip,
        Field::Result => &mut ev.result,
        Field::Code => &mut ev.code,
        Field::Reason => &mut ev.reason,
        Field::EventType => &mut ev.event_type,
        Field::RequestId => &mut ev.request_id,
        Field::CorrelationId => &mut ev.correlation_id,
        Field::TransactionId => &mut ev.transaction_id,
    };
    slot.clear();
    slot.push_str(value);
}
