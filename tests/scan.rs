//! `stserr scan` and pasted messages as a user runs them: the real binary, the real catalogue.

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

fn stserr() -> Command {
    let mut c = Command::cargo_bin("stserr").unwrap();
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("STSERR_CATALOGUE").env("COLUMNS", "100");
    c
}

const FIXTURE: &str = "tests/data/scan_fixture.log";

struct Run {
    code: Option<i32>,
    out: String,
    err: String,
}

fn run(args: &[&str], stdin: &[u8]) -> Run {
    let o = stserr().args(args).write_stdin(stdin.to_vec()).output().unwrap();
    Run {
        code: o.status.code(),
        out: String::from_utf8(o.stdout).expect("output is UTF-8 whatever the input"),
        err: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn json(args: &[&str], stdin: &[u8]) -> Vec<Value> {
    let r = run(args, stdin);
    r.out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn pairs(objects: &[Value]) -> Vec<(u64, String)> {
    objects.iter().map(|v| (v["line"].as_u64().unwrap(), v["code"].as_str().unwrap().to_string())).collect()
}

fn codes(objects: &[Value]) -> Vec<&str> {
    objects.iter().map(|v| v["code"].as_str().unwrap()).collect()
}

#[test]
fn the_fixture_yields_exactly_the_expected_codes_on_the_expected_lines() {
    let expected: Vec<(u64, String)> = std::fs::read_to_string("tests/data/scan_fixture.expected")
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (n, code) = l.split_once('\t').unwrap();
            (n.parse().unwrap(), code.to_string())
        })
        .collect();
    assert!(std::fs::read_to_string(FIXTURE).unwrap().lines().count() >= 300);
    assert!(expected.len() >= 300);
    let got = pairs(&json(&["scan", "--json", FIXTURE], b""));
    let missing: Vec<_> = expected.iter().filter(|p| !got.contains(p)).collect();
    let extra: Vec<_> = got.iter().filter(|p| !expected.contains(p)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}\nextra {extra:?}");
    assert_eq!(got, expected, "same pairs, same order");
}

#[test]
fn the_fixture_read_from_stdin_gives_the_same_codes() {
    let from_file = pairs(&json(&["scan", "--json", FIXTURE], b""));
    let from_stdin = pairs(&json(&["scan", "--json", "-"], &std::fs::read(FIXTURE).unwrap()));
    assert_eq!(from_stdin, from_file);
    let implicit = pairs(&json(&["scan", "--json"], &std::fs::read(FIXTURE).unwrap()));
    assert_eq!(implicit, from_file);
}

#[test]
fn json_objects_have_exactly_the_documented_keys() {
    let input = b"x\n{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret.\\r\\nTrace ID: t-1\\r\\nCorrelation ID: c-1\\r\\nTimestamp: 2024-01-01 10:00:00Z\"} AADSTS99999999\n";
    let objects = json(&["scan", "--json"], input);
    let keys = [
        "path",
        "line",
        "code",
        "provider",
        "known",
        "name",
        "summary",
        "trace_id",
        "correlation_id",
        "timestamp",
        "inside",
    ];
    for v in &objects {
        let got: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(got.len(), keys.len(), "{v}");
        assert!(keys.iter().all(|k| got.contains(k)), "{v}");
    }
    assert_eq!(codes(&objects), ["invalid_client", "AADSTS7000215", "AADSTS99999999"]);
    let secret = &objects[1];
    assert_eq!(secret["path"], "<stdin>");
    assert_eq!(secret["line"], 2);
    assert_eq!(secret["provider"], "entra");
    assert_eq!(secret["known"], true);
    assert_eq!(secret["inside"], "invalid_client", "the OAuth error carried the AADSTS code");
    assert_eq!(objects[0]["inside"], Value::Null);
    assert!(secret["summary"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(secret["trace_id"], "t-1");
    assert_eq!(secret["correlation_id"], "c-1");
    assert_eq!(secret["timestamp"], "2024-01-01 10:00:00Z");
    let unknown = &objects[2];
    assert_eq!((&unknown["known"], &unknown["provider"]), (&Value::Bool(false), &Value::from("entra")));
    assert!(unknown["name"].is_null() && unknown["summary"].is_null());
    let plain = json(&["scan", "--json"], b"invalid_grant\n");
    assert!(plain[0]["trace_id"].is_null() && plain[0]["timestamp"].is_null(), "absent IDs are null");
}

#[test]
fn default_output_shows_each_line_with_its_number_then_one_explanation_per_code() {
    let r = run(
        &["scan", "--color", "never"],
        b"ok\nsign-in failed: AADSTS50011 then invalid_grant Trace ID: abc-123\nok\n",
    );
    assert_eq!(r.code, Some(0));
    let lines: Vec<&str> = r.out.lines().collect();
    assert_eq!(lines[0], "2:sign-in failed: AADSTS50011 then invalid_grant Trace ID: abc-123");
    assert!(lines[1].starts_with("    AADSTS50011    InvalidReplyTo: "), "{}", lines[1]);
    assert!(lines[2].starts_with("    invalid_grant  The grant"), "{}", lines[2]);
    assert_eq!(lines[3], "    Trace ID: abc-123");
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().all(|l| l.chars().count() <= 100), "explanations fit COLUMNS");
}

#[test]
fn several_files_put_the_file_name_before_each_line() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.log");
    let b = dir.path().join("b.log");
    std::fs::write(&a, "AADSTS50126\n").unwrap();
    std::fs::write(&b, "x\nE0000011\n").unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let r = run(&["scan", "--color", "never", a, b], b"");
    assert!(r.out.contains(&format!("{a}:1:AADSTS50126\n")), "{}", r.out);
    assert!(r.out.contains(&format!("{b}:2:E0000011\n")), "{}", r.out);
    let one = run(&["scan", "--color", "never", a], b"");
    assert!(one.out.starts_with("1:AADSTS50126\n"), "one file: no name\n{}", one.out);
    let only = run(&["scan", "-o", a, b], b"");
    assert_eq!(only.out, format!("{a}:AADSTS50126\n{b}:E0000011\n"));
}

/// The raw output of a run: stdout bytes, stderr text, status.
fn raw(args: &[&str], stdin: &[u8]) -> (Vec<u8>, String, Option<i32>) {
    let o = stserr().args(args).write_stdin(stdin.to_vec()).output().unwrap();
    (o.stdout, String::from_utf8_lossy(&o.stderr).into_owned(), o.status.code())
}

#[test]
fn passthru_writes_every_line_as_read_and_each_note_on_a_line_of_its_own() {
    let input = "first line\r\nlogin failed AADSTS50011: reply url\nerror_codes: [x] \"error_codes\":[50126]\nlast";
    let r = run(&["scan", "--passthru", "--color", "never"], input.as_bytes());
    let lines: Vec<&str> = r.out.split_inclusive('\n').collect();
    assert_eq!(lines.len(), 6, "{}", r.out);
    assert_eq!(lines[0], "first line\r\n");
    assert_eq!(lines[1], "login failed AADSTS50011: reply url\n");
    assert!(lines[2].starts_with("stserr> 2: AADSTS50011  InvalidReplyTo: "), "{}", lines[2]);
    assert_eq!(lines[3], "error_codes: [x] \"error_codes\":[50126]\n");
    assert!(lines[4].starts_with("stserr> 3: AADSTS50126  "), "a bare number's note names its code: {}", lines[4]);
    assert_eq!(lines[5], "last");
    assert!(!r.out.ends_with('\n'), "an unterminated last line stays unterminated");
    assert_eq!(r.code, Some(0));
    let none = run(&["scan", "--passthru"], b"nothing\nhere\n");
    assert_eq!((none.out.as_str(), none.code), ("nothing\nhere\n", Some(1)));
}

#[test]
fn passthru_keeps_cr_invalid_utf8_and_control_bytes_of_every_line() {
    let input = b"a\xe9\r\n\x1b[31mred\x07 AADSTS50011\x00\r\n\xff\xfe\n\r\n";
    let (out, err, code) = raw(&["scan", "--passthru", "--notes-to", "stderr"], input);
    assert_eq!(out, input, "standard output is the input, byte for byte");
    assert_eq!(code, Some(0));
    assert!(err.starts_with("stserr> 2: AADSTS50011  InvalidReplyTo: "), "{err}");
    // Inline, the notes follow their line with its own line ending and are escaped themselves.
    let (out, _, _) = raw(&["scan", "--passthru"], input);
    let note = out.split(|&b| b == b'\n').find(|l| l.starts_with(b"stserr> ")).unwrap();
    assert!(note.ends_with(b"\r") && !note.contains(&0x1b));
    assert!(out.starts_with(b"a\xe9\r\n\x1b[31mred\x07 AADSTS50011\x00\r\nstserr> 2: AADSTS50011"));
}

#[test]
fn passthru_of_a_json_log_with_notes_on_stderr_stays_json_lines() {
    let log = b"{\"m\":\"AADB2C90118: x\"}\n{\"level\":\"info\",\"msg\":\"ok\"}\n{\"error\":\"invalid_grant\",\"error_codes\":[50126]}\n";
    let (out, err, code) = raw(&["scan", "--passthru", "--notes-to", "stderr"], log);
    assert_eq!(code, Some(0));
    assert_eq!(out, log);
    for line in String::from_utf8(out).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v.is_object());
    }
    let notes: Vec<&str> = err.lines().collect();
    assert!(notes.iter().all(|n| n.starts_with("stserr> ")), "{err}");
    assert!(notes[0].starts_with("stserr> 1: AADB2C90118  "), "{err}");
    assert_eq!(notes.len(), 3, "{err}");
    assert_eq!(run(&["scan", "--notes-to", "stderr"], b"").code, Some(2), "--notes-to needs --passthru");
}

#[test]
fn passthru_puts_a_last_line_without_newline_and_its_note_on_separate_lines() {
    let (out, _, _) = raw(&["scan", "--passthru"], b"x\nend AADSTS50011");
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("x\nend AADSTS50011\nstserr> 2: AADSTS50011  "), "{text}");
    let (out, _, _) = raw(&["scan", "--passthru", "--notes-to", "stderr"], b"x\nend AADSTS50011");
    assert_eq!(out, b"x\nend AADSTS50011", "with the notes elsewhere nothing is added");
}

#[test]
fn only_matching_prints_one_code_per_line_in_canonical_spelling() {
    let r = run(&["scan", "-o"], b"aadsts50011 and AADSTS50011 INVALID_GRANT\ne0000011\n\"error_codes\":[50076]\n");
    assert_eq!(r.out, "AADSTS50011\ninvalid_grant\nE0000011\nAADSTS50076\n");
    let long = run(&["scan", "--only-matching"], b"invalid_client\n");
    assert_eq!(long.out, "invalid_client\n");
}

#[test]
fn summary_ranks_codes_by_count_with_a_bar_and_a_total() {
    let input = b"AADSTS50126\nAADSTS50126 x\ninvalid_grant\nAADSTS50126 again\ninvalid_grant\nE0000011\n";
    let r = run(&["scan", "--summary", "--color", "never"], input);
    let lines: Vec<&str> = r.out.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.out);
    assert!(lines[0].starts_with("3  ████████████████████  AADSTS50126"), "{}", lines[0]);
    assert!(lines[0].contains("entra") && lines[0].contains("InvalidUserNameOrPassword"), "{}", lines[0]);
    assert!(lines[1].starts_with("2  █████████████▍"), "{}", lines[1]);
    assert!(lines[1].contains("invalid_grant") && lines[1].contains("oauth"));
    assert!(lines[2].starts_with("1  ██████▋") && lines[2].contains("E0000011"), "{}", lines[2]);
    assert_eq!(lines[3], "6 occurrences of 3 codes");
    let rows = json(&["scan", "--summary", "--json"], input);
    let counts: Vec<(&str, u64)> =
        rows.iter().map(|v| (v["code"].as_str().unwrap(), v["count"].as_u64().unwrap())).collect();
    assert_eq!(counts, [("AADSTS50126", 3), ("invalid_grant", 2), ("E0000011", 1)]);
    assert_eq!(rows[0]["known"], true);
}

#[test]
fn summary_of_the_fixture_agrees_with_its_expected_pairs() {
    let expected = std::fs::read_to_string("tests/data/scan_fixture.expected").unwrap();
    let mut want: std::collections::BTreeMap<String, u64> = Default::default();
    for l in expected.lines().filter(|l| !l.starts_with('#')) {
        *want.entry(l.split_once('\t').unwrap().1.to_string()).or_default() += 1;
    }
    let rows = json(&["scan", "--summary", "--json", FIXTURE], b"");
    let got: std::collections::BTreeMap<String, u64> =
        rows.iter().map(|v| (v["code"].as_str().unwrap().to_string(), v["count"].as_u64().unwrap())).collect();
    assert_eq!(got, want);
    // Failures first, then the interrupts of a normal sign-in; each part by count, descending.
    let key = |v: &serde_json::Value| (v["class"] == "interrupt", std::cmp::Reverse(v["count"].as_u64().unwrap()));
    let keys: Vec<_> = rows.iter().map(key).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "failures, then interrupts, by count: {keys:?}");
    assert!(keys.iter().any(|k| k.0) && keys.iter().any(|k| !k.0), "the fixture has both");
}

#[test]
fn exit_status_is_0_found_1_none_2_unreadable_and_the_others_are_still_scanned() {
    assert_eq!(run(&["scan"], b"AADSTS50011\n").code, Some(0));
    let none = run(&["scan"], b"2024-01-01 10:00:00Z 50011 0b5d8e2c-1a2b-4c43-a2e1-9b1c4e1f0a11\n");
    assert_eq!((none.code, none.out.as_str(), none.err.as_str()), (Some(1), "", ""));
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.log");
    std::fs::write(&good, "E0000011\n").unwrap();
    let missing = dir.path().join("missing.log");
    let r = run(&["scan", "-o", missing.to_str().unwrap(), dir.path().to_str().unwrap(), good.to_str().unwrap()], b"");
    assert_eq!(r.code, Some(2));
    assert!(r.out.ends_with("good.log:E0000011\n"), "{}", r.out);
    assert!(r.err.contains(&format!("stserr: {}: ", missing.display())), "{}", r.err);
    assert!(r.err.contains(&format!("stserr: {}: ", dir.path().display())), "a directory is named too: {}", r.err);
    assert_eq!(r.err.lines().count(), 2);
    assert_eq!(run(&["scan", "--passthru", "--json"], b"").code, Some(2), "conflicting flags are a usage error");
}

#[test]
fn hostile_bytes_are_shown_escaped_and_never_break_the_scan() {
    let mut input = Vec::new();
    input.extend_from_slice(b"\xff\xfe bad utf8 AADSTS50011 \xc3\x28\n");
    input.extend_from_slice(b"nul\x00bytes\x00invalid_client\x00\n");
    input.extend_from_slice(b"\x1b[31mred\x1b[0m \x07 E0000011\r\n");
    let r = run(&["scan", "--color", "never"], &input);
    assert_eq!(r.code, Some(0));
    assert!(!r.out.contains('\u{1b}') && !r.out.contains('\u{7}') && !r.out.contains('\0'), "{:?}", r.out);
    assert!(r.out.contains("1:\u{FFFD}\u{FFFD} bad utf8 AADSTS50011 \u{FFFD}("), "{:?}", r.out);
    assert!(r.out.contains("2:nul\\u{0}bytes\\u{0}invalid_client\\u{0}\n"), "{:?}", r.out);
    assert!(r.out.contains("3:\\u{1b}[31mred\\u{1b}[0m \\u{7} E0000011\n"), "CR is the line ending: {:?}", r.out);
    let (passthru, _, _) = raw(&["scan", "--passthru", "--color", "never"], &input);
    for note in passthru.split(|&b| b == b'\n').filter(|l| l.starts_with(b"stserr> ")) {
        assert!(!note.iter().any(|&b| b == 0x1b || b == 0), "notes are escaped: {note:?}");
    }
}

#[test]
fn a_binary_file_is_scanned_like_any_other() {
    let mut data: Vec<u8> = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..300_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        data.push((x >> 16) as u8);
    }
    data.extend_from_slice(b"\0AADSTS50126\0");
    data.extend((0..5000u32).map(|i| (i * 7) as u8));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blob.bin");
    std::fs::write(&path, &data).unwrap();
    let got = json(&["scan", "--json", path.to_str().unwrap()], b"");
    assert!(codes(&got).contains(&"AADSTS50126"), "{got:?}");
    let (out, err, code) = raw(&["scan", "--passthru", "--notes-to", "stderr", path.to_str().unwrap()], b"");
    assert_eq!(code, Some(0));
    assert_eq!(out, data, "passthru hands a binary file on unchanged");
    assert!(err.contains("AADSTS50126"), "{err}");
}

/// Writes `mb` megabytes of filler without a newline, with codes at the very start and end.
fn write_long_line(path: &Path, mb: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    f.write_all(b"start AADB2C90118 ").unwrap();
    let filler: Vec<u8> =
        b"lorem ipsum error_description invalid client secret trace 0b5d8e2c 2024-01-01 10:00:00Z 50011 "
            .iter()
            .copied()
            .cycle()
            .take(1 << 20)
            .collect();
    for _ in 0..mb {
        f.write_all(&filler).unwrap();
    }
    f.write_all(b" end: AADSTS50011").unwrap();
    f.flush().unwrap();
}

#[test]
fn a_100_mb_line_without_newline_is_streamed_and_the_code_at_its_end_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.log");
    write_long_line(&path, 100);
    let got = json(&["scan", "--json", path.to_str().unwrap()], b"");
    assert_eq!(pairs(&got), [(1, "AADB2C90118".to_string()), (1, "AADSTS50011".to_string())]);
    // Bounded memory: the same scan inside a 32 MiB address-space limit (a bound on resident memory too).
    #[cfg(target_os = "linux")]
    {
        let script =
            format!("ulimit -v 32768 && exec \"$0\" scan -o '{}'", path.to_str().unwrap().replace('\'', "'\\''"));
        let bin = assert_cmd::cargo::cargo_bin("stserr");
        let o = std::process::Command::new("sh").arg("-c").arg(script).arg(bin).output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            "AADB2C90118\nAADSTS50011\n",
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.status.code(), Some(0));
    }
}

#[test]
fn a_long_line_in_default_mode_shows_a_window_around_each_code() {
    let mut line = vec![b'a'; 600_000];
    line.extend_from_slice(b" AADSTS50011 ");
    line.extend(vec![b'b'; 600_000]);
    line.extend_from_slice(b"\nnext invalid_grant\n");
    let r = run(&["scan", "--color", "never"], &line);
    let first = r.out.lines().next().unwrap();
    assert!(first.starts_with("1:…aaa") && first.contains(" AADSTS50011 bbb") && first.ends_with("b…"), "{first}");
    assert!(first.len() < 300);
    assert!(r.out.contains("\n2:next invalid_grant\n"), "{}", r.out);
}

#[test]
fn provider_narrows_the_scan() {
    let input = b"AADSTS50011 E0000011 invalid_grant AADB2C90118 E0000999\n";
    let got = json(&["scan", "--json", "--provider", "okta"], input);
    let found: Vec<(&str, &str)> =
        got.iter().map(|v| (v["code"].as_str().unwrap(), v["provider"].as_str().unwrap())).collect();
    assert_eq!(found, [("E0000011", "okta"), ("invalid_grant", "okta"), ("E0000999", "okta")]);
}

#[test]
fn colour_marks_codes_only_when_asked() {
    let esc = |args: &[&str]| run(args, b"x AADSTS50011\n").out.contains('\u{1b}');
    assert!(esc(&["scan", "--color", "always"]));
    assert!(!esc(&["scan", "--color", "never"]));
    assert!(!esc(&["scan"]), "a pipe gets no colour");
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_scan_quietly() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("stserr"))
        .args(["scan", "--passthru", FIXTURE, FIXTURE, FIXTURE, FIXTURE, FIXTURE, FIXTURE, FIXTURE, FIXTURE])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn line_buffered_output_arrives_before_the_input_ends() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("stserr"))
        .args(["scan", "--passthru", "--line-buffered", "--color", "never"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"tail -f: AADSTS50011\n").unwrap();
    stdin.flush().unwrap();
    // Read one line while the input is still open: without a flush per line this would wait for EOF.
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert_eq!(line, "tail -f: AADSTS50011\n");
        line.clear();
        reader.read_line(&mut line).unwrap();
        tx.send(line).unwrap();
    });
    let line = rx.recv_timeout(std::time::Duration::from_secs(60));
    drop(stdin);
    child.wait().unwrap();
    let line = line.expect("the line and its note arrived while stdin was open");
    assert!(line.starts_with("stserr> 1: AADSTS50011  InvalidReplyTo"), "{line}");
}

// Pasted messages in lookup: the same extractor, the IDs quoted back.

#[test]
fn a_pasted_entra_message_is_explained_with_the_ids_to_quote() {
    let msg = "AADSTS700016: Application with identifier 'd3590ed6-52b3-4102-aeff-aad2292ab01c' was not found in the \
        directory 'contoso.com'. Trace ID: 0b5d8e2c-1a2b-4c43-a2e1-9b1c4e1f0a11 Correlation ID: \
        7f3e2d1c-aaaa-bbbb-cccc-1234567890ab Timestamp: 2024-01-01 10:00:00Z";
    let r = run(&["--color", "never", msg], b"");
    assert_eq!(r.code, Some(0), "{}", r.err);
    assert!(r.out.starts_with("AADSTS700016  "), "{}", r.out);
    let quote = r.out.lines().find(|l| l.starts_with("Quote these to support:")).expect(&r.out);
    assert_eq!(
        quote,
        "Quote these to support: Trace ID: 0b5d8e2c-1a2b-4c43-a2e1-9b1c4e1f0a11  \
         Correlation ID: 7f3e2d1c-aaaa-bbbb-cccc-1234567890ab  Timestamp: 2024-01-01 10:00:00Z"
    );
    let v = json(&["--json", msg], b"");
    assert_eq!(codes(&v), ["AADSTS700016"]);
    assert_eq!(v[0]["trace_id"], "0b5d8e2c-1a2b-4c43-a2e1-9b1c4e1f0a11");
    assert_eq!(v[0]["correlation_id"], "7f3e2d1c-aaaa-bbbb-cccc-1234567890ab");
    assert_eq!(v[0]["timestamp"], "2024-01-01 10:00:00Z");
    assert!(v[0]["fix"].as_array().is_some_and(|f| !f.is_empty()), "the whole entry, plus the IDs");
}

#[test]
fn a_pasted_json_body_explains_every_code_it_holds() {
    let body = r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: t-42\r\nCorrelation ID: c-42\r\nTimestamp: 2024-02-02 02:02:02Z","error_codes":[7000215],"timestamp":"2024-02-02 02:02:02Z","trace_id":"t-42","correlation_id":"c-42"}"#;
    let v = json(&["--json", body], b"");
    assert_eq!(codes(&v), ["invalid_client", "AADSTS7000215"]);
    assert!(v.iter().all(|o| o["trace_id"] == "t-42" && o["correlation_id"] == "c-42"));
    let r = run(&["--color", "never", body], b"");
    assert!(r.out.contains("\nAADSTS7000215  "), "both entries in full: {}", r.out);
    assert!(r.out.contains("Trace ID: t-42"));
}

#[test]
fn a_pasted_redirect_url_explains_its_error_and_description() {
    let url = "https://app.contoso.com/callback#error=access_denied&error_description=AADSTS65004%3a+User+declined+to+consent&state=12345";
    let v = json(&["--json", url], b"");
    assert_eq!(codes(&v), ["access_denied", "AADSTS65004"]);
    assert!(v.iter().all(|o| o["trace_id"].is_null()));
    let r = run(&["--color", "never", url], b"");
    assert_eq!(r.code, Some(0));
    assert!(!r.out.contains("Quote these to support"), "no IDs, no quote line");
}

#[test]
fn a_single_code_still_goes_through_the_exact_lookup() {
    let v = json(&["--json", "invalid_grant"], b"");
    assert!(v.len() > 1, "an exact name lists every provider's entry");
    assert!(v[0].get("trace_id").is_none(), "exact answers carry no IDs");
    let r = run(&["AADSTS1"], b"");
    assert_eq!(r.code, Some(1));
    assert!(r.err.starts_with("stserr: no entry for 'AADSTS1'"), "{}", r.err);
}

#[test]
fn a_pasted_message_with_an_unknown_code_says_so_and_exits_1() {
    let r = run(&["--color", "never", "AADSTS50011 and then AADSTS99999999 happened"], b"");
    assert_eq!(r.code, Some(1));
    assert!(r.out.starts_with("AADSTS50011  "), "{}", r.out);
    assert!(r.err.contains("AADSTS99999999"), "{}", r.err);
}

#[test]
fn file_names_follow_ripgrep_with_h_and_i_flags() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.log");
    let b = dir.path().join("b.log");
    std::fs::write(&a, "AADSTS50126\n").unwrap();
    std::fs::write(&b, "x\nAADSTS50126\n").unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    // The README's `stserr scan -o -I *.log | sort | uniq -c` counts codes, not files.
    assert_eq!(run(&["scan", "-o", "-I", a, b], b"").out, "AADSTS50126\nAADSTS50126\n");
    assert_eq!(run(&["scan", "-o", "--no-filename", a, b], b"").out, "AADSTS50126\nAADSTS50126\n");
    assert_eq!(run(&["scan", "-o", "-H", a], b"").out, format!("{a}:AADSTS50126\n"));
    assert_eq!(run(&["scan", "-o", "--with-filename"], b"E0000011\n").out, "<stdin>:E0000011\n");
    assert_eq!(run(&["scan", "-o", "-I", "-H", a], b"").out, format!("{a}:AADSTS50126\n"), "the last one wins");
    let lines = run(&["scan", "--color", "never", "-H", a], b"");
    assert!(lines.out.starts_with(&format!("{a}:1:AADSTS50126\n")), "{}", lines.out);
    let notes = run(&["scan", "--passthru", "-H", b], b"");
    assert!(notes.out.contains(&format!("x\nAADSTS50126\nstserr> {b}:2: AADSTS50126  ")), "{}", notes.out);
}

#[test]
fn a_summary_without_codes_says_so() {
    let r = run(&["scan", "--summary", "--color", "never"], b"nothing here\n");
    assert_eq!((r.code, r.out.as_str()), (Some(1), "no error codes found\n"));
    let r = run(&["scan", "--summary", "--json"], b"nothing here\n");
    assert_eq!((r.code, r.out.as_str()), (Some(1), ""), "JSON Lines: no rows");
}

#[test]
fn a_summary_counts_unknown_codes_past_its_cap_in_one_line() {
    let mut input = String::new();
    for n in 0..10_020 {
        input.push_str(&format!("AADSTS{}\n", 10_000_000 + n));
    }
    let r = run(&["scan", "--summary", "--color", "never"], input.as_bytes());
    assert_eq!(r.code, Some(0));
    let last = r.out.lines().last().unwrap();
    assert!(last.starts_with("and 20 occurrences of other unknown codes"), "{last}");
    let r = run(&["scan", "--summary", "--json"], input.as_bytes());
    assert_eq!(r.out.lines().count(), 10_000);
    assert!(r.err.contains("and 20 occurrences of other unknown codes"), "{}", r.err);
}
