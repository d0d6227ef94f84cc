//! Issue 15: sign-in exports read by column, the triage summary, HAR captures and --redact, as a
//! user runs them (the real binary). Small inputs written here test one behaviour each; the
//! fixture exports in tests/data/exports are checked against counts computed by Python's csv
//! and json modules (tests/data/exports/expect.py), not by this code.

use assert_cmd::Command;
use serde_json::Value;

fn stserr() -> Command {
    let mut c = Command::cargo_bin("stserr").unwrap();
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("STSERR_CATALOGUE").env("COLUMNS", "200");
    c
}

struct Run {
    code: Option<i32>,
    out: String,
    err: String,
}

fn run(args: &[&str], stdin: &[u8]) -> Run {
    let o = stserr().args(args).write_stdin(stdin.to_vec()).output().unwrap();
    Run {
        code: o.status.code(),
        out: String::from_utf8(o.stdout).unwrap(),
        err: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn json(args: &[&str], stdin: &[u8]) -> Vec<Value> {
    let r = run(args, stdin);
    assert!(r.code.is_some_and(|c| c < 2), "{args:?}: {}", r.err);
    r.out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

const ENTRA_CSV: &[u8] = b"\xEF\xBB\xBFDate (UTC),Request ID,Correlation ID,User,Username,Application,IP address,Status,Sign-in error code,Failure reason\r\n\
2024-05-21T10:15:30Z,r1,c1,Adele,adele@contoso.com,Outlook,203.0.113.7,Failure,50126,\"Invalid username or password, or \"\"bad\"\" one\"\r\n\
2024-05-21T10:16:30Z,r2,c2,Adele,adele@contoso.com,Outlook,203.0.113.7,Interrupted,50074,\"Strong auth\nrequired\"\r\n\
2024-05-21T10:17:30Z,r3,c3,Alex,alex@contoso.com,Teams,2001:db8::1,Success,0,\r\n\
2024-05-22T11:17:30Z,r4,c4,Alex,alex@contoso.com,Teams,2001:db8::1,Failure,50126,Invalid\r\n";

#[test]
fn an_entra_csv_on_standard_input_is_read_by_column_with_quoted_newlines_and_a_bom() {
    let rows = json(&["scan", "--json", "--all"], ENTRA_CSV);
    let got: Vec<(u64, &str, &str, &str)> = rows
        .iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap();
            (v["record"].as_u64().unwrap(), s("code"), s("user"), s("request_id"))
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "AADSTS50126", "adele@contoso.com", "r1"),
            (2, "AADSTS50074", "adele@contoso.com", "r2"),
            (4, "AADSTS50126", "alex@contoso.com", "r4")
        ]
    );
    assert_eq!(rows[0]["reason"], "Invalid username or password, or \"bad\" one");
    assert_eq!(rows[1]["class"], "interrupt");
    assert_eq!(rows[2]["time"], "2024-05-22T11:17:30Z");
    let without_all = json(&["scan", "--json"], ENTRA_CSV);
    assert_eq!(without_all.len(), 2, "a record that was only interrupted is not a failure");
}

#[test]
fn the_summary_shows_failures_and_folds_interrupts_into_one_line_unless_all() {
    let r = run(&["scan", "--summary", "--color", "never"], ENTRA_CSV);
    let lines: Vec<&str> = r.out.lines().collect();
    assert!(lines[0].starts_with("COUNT  CODE") && lines[0].contains("USERS  APPS  IPS"), "{}", r.out);
    assert!(lines[1].contains("AADSTS50126") && lines[1].contains(" user "), "{}", lines[1]);
    assert_eq!(lines[2], "2 occurrences of 1 code");
    assert!(lines[3].starts_with("+ 1 interrupt (AADSTS50074 ×1)"), "{}", lines[3]);
    assert_eq!(lines[4], "4 records: 2 failed, 1 only interrupted, 1 without an error");
    let all = run(&["scan", "--summary", "--all", "--color", "never"], ENTRA_CSV);
    assert!(all.out.lines().any(|l| l.contains("AADSTS50074") && l.contains("interrupt")), "{}", all.out);
    assert!(!all.out.contains("+ 1 interrupt"));
}

#[test]
fn the_summary_in_json_has_every_row_with_its_class_and_distinct_counts() {
    let rows = json(&["scan", "--summary", "--json"], ENTRA_CSV);
    let r = &rows[0];
    assert_eq!((r["code"].as_str(), r["count"].as_u64(), r["users"].as_u64()), (Some("AADSTS50126"), Some(2), Some(2)));
    assert_eq!((r["first"].as_str(), r["last"].as_str()), (Some("2024-05-21T10:15:30Z"), Some("2024-05-22T11:17:30Z")));
    assert_eq!(rows[1]["class"], "interrupt");
}

#[test]
fn a_pivot_by_user_with_redact_hides_the_users_but_keeps_them_apart() {
    let rows = json(&["scan", "--summary", "--by", "user", "--redact", "--json"], ENTRA_CSV);
    let users: Vec<&str> = rows.iter().map(|v| v["user"].as_str().unwrap()).collect();
    assert_eq!(users.len(), 2);
    assert!(users.iter().all(|u| u.starts_with("user-") && u.ends_with("@contoso.com")), "{users:?}");
    assert_ne!(users[0], users[1]);
    let text = run(&["scan", "--redact", "--color", "never"], ENTRA_CSV).out;
    for gone in ["adele@", "alex@", "203.0.113.7", "2001:db8::1"] {
        assert!(!text.contains(gone), "{gone}: {text}");
    }
}

#[test]
fn redact_masks_addresses_in_log_lines_too() {
    let r = run(
        &["scan", "--redact", "--color", "never"],
        b"login for adele@contoso.com from 198.51.100.4 failed: AADSTS50126\n",
    );
    assert!(r.out.contains("AADSTS50126") && r.out.contains("@contoso.com"), "{}", r.out);
    assert!(!r.out.contains("adele") && !r.out.contains("198.51.100.4"), "{}", r.out);
}

#[test]
fn flags_that_do_not_fit_the_input_are_usage_errors() {
    let by = run(&["scan", "--by", "user"], ENTRA_CSV);
    assert_eq!(by.code, Some(2), "--by needs --summary");
    let timeline = run(&["scan", "--timeline"], ENTRA_CSV);
    assert_eq!(timeline.code, Some(2));
    assert!(timeline.err.contains("--timeline shows the hops of a HAR capture"), "{}", timeline.err);
    let forced = run(&["scan", "--format", "okta-csv"], ENTRA_CSV);
    assert_eq!(forced.code, Some(2));
    assert!(forced.err.contains("no error column of the okta-csv format"), "{}", forced.err);
}

#[test]
fn a_log_that_merely_starts_like_json_or_a_bracket_is_still_a_log() {
    let r = run(&["scan", "-o"], b"[2024-05-21 10:00:00] ERROR AADSTS50011\n{\"msg\":\"invalid_grant\"}\n");
    assert_eq!(r.out, "AADSTS50011\ninvalid_grant\n");
}

/// What Python's csv and json modules read from each fixture (tests/data/exports/expect.py).
fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string("tests/data/exports/expected.json").unwrap()).unwrap()
}

const EXPORTS: [&str; 6] = [
    "entra_signins.csv",
    "entra_signins.json",
    "graph_signins.json",
    "signinlogs_la.csv",
    "okta_systemlog.json",
    "okta_systemlog.csv",
];

/// `N records: F failed, I only interrupted, S without an error` from the summary's last lines.
fn totals(out: &str) -> (u64, u64) {
    let line = out.lines().find(|l| l.contains(" records: ")).unwrap_or_else(|| panic!("no totals: {out}"));
    let n = |s: &str| s.trim().split(' ').next().unwrap().parse::<u64>().unwrap();
    let parts: Vec<&str> = line.split([':', ',']).collect();
    (n(parts[0]), n(parts[3]))
}

#[test]
fn every_fixture_export_is_recognised_and_its_counts_match_an_independent_reading() {
    let want = expected();
    for file in EXPORTS {
        let path = format!("tests/data/exports/{file}");
        let w = &want[file];
        // Recognised from the file alone: forcing the expected format gives the same rows.
        let auto = run(&["scan", "--summary", "--all", "--json", &path], b"");
        let forced =
            run(&["scan", "--summary", "--all", "--json", "--format", w["format"].as_str().unwrap(), &path], b"");
        assert_eq!((auto.code, &auto.out), (Some(0), &forced.out), "{file}: {}", auto.err);
        let rows: Vec<Value> = auto.out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let text = run(&["scan", "--summary", "--color", "never", &path], b"").out;
        assert_eq!(
            totals(&text),
            (w["records"].as_u64().unwrap(), w["success"].as_u64().unwrap()),
            "{file}: records and successes"
        );
        let okta = file.starts_with("okta");
        let keys = w["keys"].as_object().unwrap();
        let mut matched = 0;
        for (key, e) in keys {
            // Entra's bare number is the AADSTS code; Okta's null reason is grouped by its result.
            let code = if okta { key.clone() } else { format!("AADSTS{key}") };
            let row = if key.is_empty() {
                rows.iter().find(|r| ["FAILURE", "DENY"].contains(&r["code"].as_str().unwrap()))
            } else {
                rows.iter().find(|r| r["code"] == code.as_str())
            };
            let row = row.unwrap_or_else(|| panic!("{file}: no row for {key:?}"));
            for field in ["count", "users", "apps", "ips", "first", "last"] {
                assert_eq!(row[field], e[field], "{file}: {key:?} {field}");
            }
            matched += 1;
        }
        assert_eq!(matched, rows.len(), "{file}: every row is one Python counted");
    }
}

#[test]
fn an_entra_export_shows_failures_and_interrupts_apart() {
    let out = run(&["scan", "--summary", "--color", "never", "tests/data/exports/entra_signins.csv"], b"").out;
    let interrupts = ["AADSTS50074", "AADSTS50076", "AADSTS50140", "AADSTS50097"];
    let rows: Vec<&str> = out.lines().skip(1).take_while(|l| !l.contains("occurrences of")).collect();
    assert!(rows.iter().any(|r| r.contains("AADSTS50126")), "{out}");
    assert!(rows.iter().all(|r| interrupts.iter().all(|i| !r.contains(i))), "{out}");
    let folded = out.lines().find(|l| l.starts_with("+ ")).unwrap();
    assert!(folded.contains(" interrupts (AADSTS50074 ×") && folded.contains("--all lists them"), "{folded}");
}

#[test]
fn each_failing_record_keeps_its_time_user_app_ip_and_ids() {
    let rows = json(&["scan", "--json", "tests/data/exports/graph_signins.json"], b"");
    let r = rows.iter().find(|r| r["code"] == "AADSTS50126").unwrap();
    for field in ["time", "user", "app", "ip", "request_id", "correlation_id"] {
        assert!(r[field].as_str().is_some_and(|v| !v.is_empty()), "{field}: {r}");
    }
    let okta = json(&["scan", "--json", "tests/data/exports/okta_systemlog.json"], b"");
    let r = okta.iter().find(|r| r["code"] == "INVALID_CREDENTIALS").unwrap();
    assert!(r["transaction_id"].as_str().is_some_and(|v| !v.is_empty()), "{r}");
    assert_eq!(r["provider"], "okta");
}

#[test]
fn a_har_capture_reports_the_failing_hops_and_never_prints_a_secret() {
    let want = &expected()["signin_failure.har"];
    let path = "tests/data/exports/signin_failure.har";
    let rows = json(&["scan", "--json", path], b"");
    let mut got: Vec<(u64, String, String, u64, Vec<String>)> = Vec::new();
    for r in &rows {
        let entry = r["entry"].as_u64().unwrap();
        if got.last().is_none_or(|g| g.0 != entry) {
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            got.push((entry, s("method"), s("host"), r["status"].as_u64().unwrap(), Vec::new()));
        }
        got.last_mut().unwrap().4.push(r["code"].as_str().unwrap().to_string());
    }
    let expect: Vec<(u64, String, String, u64, Vec<String>)> = want["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            let codes = e["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
            // expected.json counts entries from 0; stserr from 1, as a person does.
            (e["index"].as_u64().unwrap() + 1, s("method"), s("host"), e["status"].as_u64().unwrap(), codes)
        })
        .collect();
    assert_eq!(got, expect);
    let secrets: Vec<&str> = want["secrets"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(secrets.len() >= 4);
    for args in [
        &["scan", "--color", "never", path][..],
        &["scan", "--timeline", "--color", "never", path],
        &["scan", "--timeline", "--json", path],
        &["scan", "--json", path],
        &["scan", "--summary", "--all", "--color", "never", path],
    ] {
        let r = run(args, b"");
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.err);
        for s in &secrets {
            assert!(!r.out.contains(s) && !r.err.contains(s), "{args:?} printed the secret {s}");
        }
    }
}

#[test]
fn the_timeline_shows_the_sign_in_hops_in_order_and_skips_assets() {
    let out = run(&["scan", "--timeline", "--color", "never", "tests/data/exports/signin_failure.har"], b"").out;
    let hops: Vec<u64> =
        out.lines().filter_map(|l| l.strip_prefix('#')?.split_whitespace().next()?.parse().ok()).collect();
    assert!(hops.windows(2).all(|w| w[0] < w[1]), "{hops:?}");
    assert!(hops.contains(&4) && hops.contains(&9) && hops.contains(&14), "{out}");
    assert!(!out.contains(".css") && !out.contains(".woff2"), "{out}");
    assert!(out.contains("SAML Response from http://www.okta.com/"), "{out}");
    assert!(out.contains("status Requester / RequestDenied"), "{out}");
}

#[test]
fn a_provider_filter_leaves_out_the_reasons_of_other_providers_exports() {
    let r = run(&["-p", "okta", "scan", "--summary", "--color", "never", "tests/data/exports/entra_signins.csv"], b"");
    assert_eq!((r.code, r.out.as_str()), (Some(1), "no error codes found\n"));
    let okta = run(&["-p", "okta", "scan", "-o", "tests/data/exports/okta_systemlog.json"], b"");
    assert!(okta.out.lines().any(|l| l == "INVALID_CREDENTIALS"), "{}", okta.out);
}
