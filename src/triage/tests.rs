use super::*;
use crate::catalogue::Catalogue;
use crate::records::{Event, EventSink};
use crate::scan::{Extractor, Options, Scanner};

fn finding(code: &str) -> Finding {
    let mut hits = Vec::new();
    Extractor::new(Catalogue::builtin(), None).extract(code.as_bytes(), 0, code.len(), &mut hits);
    let h = hits.first().unwrap_or_else(|| panic!("{code} is not found"));
    Finding { key: Key::Code(h.code), entry: h.entry, provider: h.provider_id(), interrupt: false }
}

fn event(t: &mut Triage, time: &str, user: &str, app: &str, ip: &str, codes: &[&str]) {
    let ev = Event {
        time: crate::records::time::parse(time),
        user: user.into(),
        app: app.into(),
        ip: ip.into(),
        ..Event::default()
    };
    let found: Vec<Finding> = codes.iter().map(|c| finding(c)).collect();
    t.event(&ev, &found).unwrap();
}

fn sample(by: By, all: bool) -> Triage {
    let mut t = Triage::new(by, all);
    event(&mut t, "2024-05-21T10:00:00Z", "a@x", "Outlook", "10.0.0.1", &["AADSTS50126"]);
    event(&mut t, "2024-05-20T09:00:00Z", "b@x", "Outlook", "10.0.0.2", &["AADSTS50126"]);
    event(&mut t, "2024-05-22T08:00:00Z", "a@x", "Teams", "10.0.0.1", &["AADSTS50126"]);
    event(&mut t, "2024-05-21T11:00:00Z", "a@x", "Teams", "10.0.0.1", &["AADSTS50076"]);
    event(&mut t, "2024-05-21T11:00:01Z", "c@x", "Teams", "10.0.0.3", &["AADSTS50076"]);
    event(&mut t, "2024-05-21T11:00:02Z", "c@x", "Teams", "10.0.0.3", &["AADSTS53003"]);
    event(&mut t, "2024-05-21T11:00:03Z", "c@x", "Teams", "10.0.0.3", &[]);
    t
}

#[test]
fn rows_count_distinct_people_and_first_and_last_seen_with_interrupts_last() {
    let t = sample(By::Code, false);
    let rows = t.rows();
    type Summary<'a> = (String, u64, usize, usize, usize, Option<&'a str>);
    let got: Vec<Summary> = rows
        .iter()
        .map(|r| (r.key.to_string(), r.count, r.users.count(), r.apps.count(), r.ips.count(), r.class))
        .collect();
    assert_eq!(
        got,
        [
            ("AADSTS50126".into(), 3, 2, 2, 2, Some("user")),
            ("AADSTS53003".into(), 1, 1, 1, 1, Some("config")),
            ("AADSTS50076".into(), 2, 2, 1, 2, Some("interrupt")),
        ]
    );
    assert_eq!(rows[0].first, crate::records::time::parse("2024-05-20T09:00:00Z"));
    assert_eq!(rows[0].last, crate::records::time::parse("2024-05-22T08:00:00Z"));
    let n = t.totals;
    assert_eq!((n.records, n.failures, n.interrupts, n.successes), (7, 4, 2, 1));
}

#[test]
fn a_pivot_by_user_counts_failures_only_unless_all() {
    let rows = sample(By::User, false).rows();
    let got: Vec<(String, u64, usize)> = rows.iter().map(|r| (r.key.to_string(), r.count, r.codes.count())).collect();
    assert_eq!(got, [("a@x".into(), 2, 1), ("b@x".into(), 1, 1), ("c@x".into(), 1, 1)]);
    assert_eq!(rows[0].top[0].1, 2);
    let rows = sample(By::User, true).rows();
    let got: Vec<(String, u64, usize)> = rows.iter().map(|r| (r.key.to_string(), r.count, r.codes.count())).collect();
    assert_eq!(got, [("a@x".into(), 3, 2), ("c@x".into(), 2, 2), ("b@x".into(), 1, 1)]);
}

#[test]
fn distinct_counts_past_the_budget_are_lower_bounds() {
    let mut d = Distinct::default();
    let mut budget = 3;
    for v in ["a", "b", "a", "c", "d", "e", ""] {
        d.add(v, &mut budget);
    }
    assert_eq!((d.count(), d.capped, budget), (3, true, 0));
}

#[test]
fn unknown_codes_past_the_cap_are_counted_together() {
    let mut input = Vec::new();
    for n in 0..MAX_UNKNOWN_CODES + 50 {
        input.extend_from_slice(format!("AADSTS{} invalid_grant\n", 10_000_000 + n).as_bytes());
    }
    input.extend_from_slice(b"AADSTS10000000\n");
    let mut t = Triage::new(By::Code, false);
    Scanner::new(Extractor::new(Catalogue::builtin(), None), Options::default()).scan(&input[..], &mut t).unwrap();
    let rows = t.rows();
    assert_eq!(rows.len(), MAX_UNKNOWN_CODES + 1, "the unknown codes counted one by one, and invalid_grant");
    assert_eq!(rows[0].key.to_string(), "invalid_grant");
    let first = rows.iter().find(|r| r.key.to_string() == "AADSTS10000000").unwrap();
    assert_eq!(first.count, 2, "a code counted one by one goes on counting");
    assert_eq!(t.other(), 50);
}

#[test]
fn log_lines_take_their_time_from_a_leading_timestamp() {
    for (line, want) in [
        ("2024-05-21T10:15:30.123Z ERROR x", Some("2024-05-21T10:15:30Z")),
        ("[2024-05-21 10:15:30] ERROR x", Some("2024-05-21T10:15:30Z")),
        ("\"2024-05-21T10:15:30Z\",x", Some("2024-05-21T10:15:30Z")),
        ("ERROR 2024-05-21T10:15:30Z", None),
        ("2024-05-21", None),
    ] {
        assert_eq!(leading_time(line.as_bytes()), want.and_then(crate::records::time::parse), "{line}");
    }
}
