//! `--catalogue FILE` / `STSERR_CATALOGUE`: an organisation's own entries over the built-in ones.

use assert_cmd::Command;
use std::io::Write;

fn stserr() -> Command {
    let mut c = Command::cargo_bin("stserr").unwrap();
    c.env_remove("STSERR_CATALOGUE").env("NO_COLOR", "1");
    c
}

fn overlay(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

const CONTOSO: &str = "provider:
  id: contoso
  name: Contoso internal
  pattern: \"CTS#+\"
  docs: \"https://wiki.contoso.example/errors/{code}\"
entries:
  - code: CTS1001
    summary: The badge reader rejected the smart card.
    cause: The certificate on the card was revoked by the badge office.
    fix: [\"User: take the card to the badge office for a new certificate.\"]
    actor: user
    see_also: [AADSTS50011]
    match: [\"badge rejected\"]
";

#[test]
fn overlay_entries_are_found_by_code_number_and_search() {
    let f = overlay(CONTOSO);
    let path = f.path().to_str().unwrap();
    let out = stserr().args(["--catalogue", path, "--json", "cts1001"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["provider"], "contoso");
    assert_eq!(v["links"][0], "https://wiki.contoso.example/errors/CTS1001");
    stserr().env("STSERR_CATALOGUE", path).arg("1001").assert().code(0);
    let out = stserr().env("STSERR_CATALOGUE", path).args(["search", "badge", "rejected"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("CTS1001"), "{}", String::from_utf8_lossy(&out.stdout));
    stserr().env("STSERR_CATALOGUE", path).args(["list", "--provider", "contoso"]).assert().code(0);
}

#[test]
fn an_overlay_entry_replaces_the_built_in_one() {
    let f = overlay(
        "provider: {id: entra, name: Microsoft Entra ID, pattern: \"AADSTS#+\"}
entries:
  - code: AADSTS50011
    summary: At Contoso, register redirect URIs through the platform team's portal.
    cause: Our apps are registered by automation; hand edits are overwritten nightly.
    fix: [\"Developer: add the URI to apps.yaml in the platform repo.\"]
    actor: developer
",
    );
    let out = stserr().args(["--catalogue", f.path().to_str().unwrap(), "--json", "AADSTS50011"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("platform team's portal"));
}

#[test]
fn a_bad_overlay_lists_every_problem_with_its_line_and_exits_2() {
    let f = overlay(
        "provider: {id: contoso, name: C, pattern: \"CTS#+\"}
entries:
  - code: XYZ1
    summary: s
    cause: c
    fix: []
    actor: boss
    see_also: [NOPE1]
",
    );
    let shown = f.path().display().to_string();
    let out = stserr().args(["--catalogue", &shown, "CTS1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for want in [
        format!("{shown}:3: code `XYZ1` does not fit"),
        format!("{shown}:6: `fix` needs at least one step"),
        format!("{shown}:7: unknown actor `boss`"),
        format!("{shown}:3: `XYZ1` has see_also `NOPE1`"),
    ] {
        assert!(err.contains(&want), "missing {want:?} in {err}");
    }
}

#[test]
fn a_missing_overlay_file_is_an_error_naming_it() {
    let out = stserr().args(["--catalogue", "/nonexistent/x.yaml", "AADSTS50011"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/x.yaml"));
}

/// The AADSTS50011 entry exactly as data/entra.yaml has it, under entra's own header.
fn entra_copy_of_50011() -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/entra.yaml")).unwrap();
    let header = &text[..text.find("entries:\n").unwrap() + "entries:\n".len()];
    let start = text.find("  - code: AADSTS50011\n").unwrap();
    let end = start + 1 + text[start + 1..].find("\n  - code: ").unwrap();
    format!("{header}{}", &text[start..end])
}

#[test]
fn an_overlay_identical_to_a_built_in_entry_changes_no_answer() {
    let f = overlay(&entra_copy_of_50011());
    for args in [
        &["--json", "search", "InvalidReplyTo"][..],
        &["--json", "search", "-n", "8", "reply url does not match the app"],
        &["--json", "AADSTS50011"],
        &["--json", "50011"],
    ] {
        let plain = stserr().args(args).output().unwrap();
        let with = stserr().arg("--catalogue").arg(f.path()).args(args).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&plain.stdout), String::from_utf8_lossy(&with.stdout), "{args:?}");
        assert!(!plain.stdout.is_empty());
    }
    let log = "a AADSTS50011 b invalid_grant \"error_codes\":[50126]\n";
    let plain = stserr().args(["scan", "--json"]).write_stdin(log).output().unwrap();
    let with = stserr().arg("--catalogue").arg(f.path()).args(["scan", "--json"]).write_stdin(log).output().unwrap();
    assert_eq!(plain.stdout, with.stdout);
}

#[test]
fn a_provider_with_a_prefix_no_code_knows_is_scanned_and_searched() {
    let f = overlay(
        "provider:\n  id: acme\n  name: Acme SSO\n  pattern: \"ACME#+\"\nentries:\n  - code: ACME1\n    summary: The Acme badge was refused.\n    cause: c\n    fix: [f]\n    actor: user\n    variants:\n      - match: [\"badge reader offline\"]\n        summary: The reader is offline.\n        cause: c\n        fix: [g]\n",
    );
    let scan = stserr()
        .arg("--catalogue")
        .arg(f.path())
        .args(["scan", "-o"])
        .write_stdin("x ACME1 y\nz acme2\n")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&scan.stdout), "ACME1\nACME2\n");
    assert_eq!(scan.status.code(), Some(0));
    let search =
        stserr().arg("--catalogue").arg(f.path()).args(["--json", "search", "badge reader offline"]).output().unwrap();
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&search.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(
        (first["code"].as_str(), first["variant"]["summary"].as_str()),
        (Some("ACME1"), Some("The reader is offline."))
    );
}

#[test]
fn an_empty_overlay_variable_means_no_overlay() {
    stserr().env("STSERR_CATALOGUE", "").arg("AADSTS50011").assert().success();
}

#[test]
fn completions_and_man_ignore_a_bad_overlay() {
    let f = overlay("provider: [not a header\n");
    stserr().env("STSERR_CATALOGUE", f.path()).args(["completions", "bash"]).assert().success();
    stserr().env("STSERR_CATALOGUE", f.path()).arg("man").assert().success();
    stserr().env("STSERR_CATALOGUE", f.path()).arg("AADSTS50011").assert().code(2);
}

/// The problems of `text` as an overlay, and the exit status.
fn overlay_problems(text: &[u8]) -> (Option<i32>, String, String) {
    let mut f = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    f.write_all(text).unwrap();
    let shown = f.path().display().to_string();
    let out = stserr().arg("--catalogue").arg(f.path()).arg("CTS1").output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap(), shown)
}

#[test]
fn an_overlay_starting_with_a_byte_order_mark_is_read() {
    let f = overlay(&format!("\u{feff}{CONTOSO}"));
    stserr().arg("--catalogue").arg(f.path()).arg("CTS1001").assert().success();
}

#[test]
fn an_overlay_over_the_size_cap_is_refused_before_it_is_parsed() {
    let big = format!("{CONTOSO}# {}\n", "x".repeat(stserr_catalogue::compile::MAX_OVERLAY_BYTES));
    let (code, err, shown) = overlay_problems(big.as_bytes());
    assert_eq!(code, Some(2));
    assert!(err.contains(&format!("{shown}:1: cannot read the catalogue: larger than")), "{err}");
}

#[test]
fn a_flow_style_overlay_reports_each_problem_at_its_own_line() {
    let text = "provider: {id: contoso, name: C, pattern: \"CTS#+\"}
entries: [
  {code: CTS1, summary: s, cause: c, fix: [f], actor: user},
  {code: CTS2, summary: s, cause: c, fix: [], actor: boss},
  {code: CTS3, summary: s, cause: c, fix: [f], actor: user, colour: red}
]
";
    let (code, err, shown) = overlay_problems(text.as_bytes());
    assert_eq!(code, Some(2));
    for want in [
        format!("{shown}:4: unknown actor `boss`"),
        format!("{shown}:4: `fix` needs at least one step"),
        format!("{shown}:5: entry 3: unknown field `colour`"),
    ] {
        assert!(err.contains(&want), "missing {want:?} in {err}");
    }
    let block_of_flow = "provider: {id: contoso, name: C, pattern: \"CTS#+\"}
entries:
  - {code: CTS1, summary: s, cause: c, fix: [f], actor: user}
  - {code: CTS2, summary: s, cause: c,
     fix: [], actor: boss}
";
    let (_, err, shown) = overlay_problems(block_of_flow.as_bytes());
    assert!(err.contains(&format!("{shown}:5: unknown actor `boss`")), "{err}");
    assert!(err.contains(&format!("{shown}:5: `fix` needs")), "{err}");
}

#[test]
fn a_non_utf8_overlay_names_the_line_and_column_in_plain_words() {
    let (code, err, shown) = overlay_problems(
        b"provider: {id: contoso, name: C, pattern: \"CTS#+\"}\nentries:\n  - code: CTS1\n    summary: \"caf\xe9\"\n",
    );
    assert_eq!(code, Some(2));
    assert!(err.contains(&format!("{shown}:4: column 18 is not UTF-8 text; save the file as UTF-8")), "{err}");
}

#[test]
fn an_overlay_aliasing_a_1_mb_scalar_2000_times_is_refused_with_its_line() {
    let text = format!(
        "provider: {{id: contoso, name: C, pattern: \"CTS#+\"}}\nentries:\n  - code: CTS1\n    summary: &s \"{}\"\n    cause: c\n    fix: [f]\n    actor: user\n    match: [{}]\n",
        "x".repeat(1_000_000),
        vec!["*s"; 2000].join(", ")
    );
    assert!(text.len() < 1_100_000);
    let (code, err, shown) = overlay_problems(text.as_bytes());
    assert_eq!(code, Some(2));
    assert!(err.contains(&format!("{shown}:4: cannot read the catalogue file: ")), "{err}");
    assert!(err.contains("aliases (*name) expand it to more than 4 MiB"), "{err}");
}

#[test]
fn an_overlay_nesting_100000_brackets_is_refused_with_its_line() {
    for item in ["[", "[ \"]\", ", "{a: "] {
        let text =
            format!("provider: {{id: contoso, name: C, pattern: \"CTS#+\"}}\nentries: {}\n", item.repeat(100_000));
        let (code, err, shown) = overlay_problems(text.as_bytes());
        assert_eq!(code, Some(2));
        assert!(err.contains(&format!("{shown}:2: `[` and `{{` nest more than 32 deep")), "{item}: {err}");
    }
}

#[test]
fn an_overlay_of_small_aliases_is_still_read() {
    let f = overlay(
        "provider: {id: contoso, name: C, pattern: \"CTS#+\"}
entries:
  - code: CTS1
    summary: &s The badge reader rejected the card.
    cause: c
    fix: &f [\"User: ask the badge office.\"]
    actor: user
  - code: CTS2
    summary: *s
    cause: c
    fix: *f
    actor: user
",
    );
    stserr().arg("--catalogue").arg(f.path()).arg("CTS2").assert().success();
}

#[test]
fn overlay_prose_with_escape_and_bidi_characters_is_escaped_wherever_people_read_it() {
    let f = overlay(
        "provider: {id: contoso, name: \"Contoso \\e[2J\", pattern: \"CTS#+\"}
entries:
  - code: CTS1001
    name: \"Badge\\u202Eevil\"
    summary: \"The badge \\e[31mreader\\e[0m rejected the card \\u202Etxt.\"
    cause: \"A \\x07 bell and \\u2066isolate\\u2069.\"
    fix: [\"User: press \\e]8;;https://evil.example\\e\\\\here\\e]8;;\\e\\\\.\"]
    actor: user
    match: [\"badge rejected\"]
",
    );
    let runs: &[(&[&str], &str)] = &[
        (&["CTS1001"], ""),
        (&["list", "--provider", "contoso"], ""),
        (&["search", "badge rejected"], ""),
        (&["scan"], "x CTS1001\n"),
        (&["scan", "--summary"], "x CTS1001\n"),
        (&["scan", "--passthru"], "x CTS1001\n"),
        (&["scan", "--passthru", "--notes-to", "stderr"], "x CTS1001\n"),
    ];
    for (args, stdin) in runs {
        let out = stserr().arg("--catalogue").arg(f.path()).args(*args).write_stdin(*stdin).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
        assert!(text.contains("CTS1001"), "{args:?}: {text}");
        let bad = text
            .chars()
            .find(|&c| (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'));
        assert_eq!(bad, None, "{args:?}: {text:?}");
        assert!(text.contains("\\u{1b}") || text.contains("\\u{202e}"), "shown escaped, not dropped: {args:?}: {text}");
    }
}

#[test]
fn an_overlay_provider_may_not_claim_a_built_in_family() {
    let f = overlay(
        "provider:
  id: acme
  name: Acme broker
  pattern: \"0x%%%%%%%%\"
  hresult: true
  families: [\"0xCAA1\"]
entries: []
",
    );
    let out = stserr().args(["--catalogue", f.path().to_str().unwrap(), "AADSTS50011"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("family `0xCAA1` overlaps `0xCAA` of provider `wam`"), "{err}");
}

#[test]
fn an_overlay_provider_with_a_family_and_shapes_is_scanned_by_them() {
    let f = overlay(
        "provider:
  id: acme
  name: Acme broker
  pattern: \"ACE%%%%%|<name>\"
  hresult: true
  families: [\"0xACE\"]
  shapes: [\"acme status {code}\"]
entries:
  - code: ACE00001
    summary: The Acme broker lost its token.
    cause: The cache was cleared.
    fix: [\"User: sign in again.\"]
    actor: user
  - code: Stale
    summary: The Acme token is stale.
    cause: It expired.
    fix: [\"User: sign in again.\"]
    actor: user
",
    );
    let path = f.path().to_str().unwrap();
    let codes = |text: &str| {
        let out = stserr().args(["--catalogue", path, "scan", "-o"]).write_stdin(text.to_string()).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(codes("x 0xACE00001 y\nError 2900361217.\n"), "ACE00001\nACE00001\n");
    assert_eq!(codes("failed: acme status Stale\nStale bread\n"), "Stale\n");
}
