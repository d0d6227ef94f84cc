//! The refresh tool on fixture tables: what it reports, and that --record makes text changes
//! disappear from the next report.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn refresh(data: &Path, extra: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["refresh", "entra"])
        .arg(fixtures().join("learn.md"))
        .arg("--data")
        .arg(data)
        .args(extra)
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_report_names_added_removed_renamed_and_changed_codes() {
    let (status, out) = refresh(&fixtures().join("data"), &[]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("entra: 3 published codes, 4 entries"), "{out}");
    assert!(out.contains("added: write an entry (1):\n  AADSTS70000  InvalidGrant - Authentication failed."), "{out}");
    assert!(out.contains("removed (1):\n  AADSTS99999"), "{out}");
    assert!(!out.contains("AADSTS12345"), "an undocumented field code is not expected in the table: {out}");
    assert!(out.contains("renamed: update `name` (1):\n  AADSTS50057  UserDisabled -> UserAccountDisabled"), "{out}");
    assert!(out.contains("checked 2026-01-15"), "{out}");
    assert!(out.contains("1 entries have no check record yet"), "{out}");
}

#[test]
fn recording_the_checks_clears_the_text_changes() {
    let dir = std::env::temp_dir().join(format!("xtask-refresh-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("checked")).unwrap();
    std::fs::copy(fixtures().join("data/entra.yaml"), dir.join("entra.yaml")).unwrap();
    std::fs::copy(fixtures().join("data/checked/entra.tsv"), dir.join("checked/entra.tsv")).unwrap();
    let (_, out) = refresh(&dir, &["--record", "--date", "2026-12-03"]);
    assert!(out.contains("recorded 3 checks dated 2026-12-03"), "{out}");
    let record = std::fs::read_to_string(dir.join("checked/entra.tsv")).unwrap();
    assert_eq!(record.lines().count(), 3, "header and the two known codes: {record}");
    let (status, out) = refresh(&dir, &[]);
    assert_eq!(status, 1, "added, removed and renamed remain to review");
    assert!(!out.contains("published text changed") && !out.contains("no check record"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_wrong_file_is_an_error_not_an_empty_report() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["refresh", "entra"])
        .arg(fixtures().join("data/entra.yaml"))
        .arg("--data")
        .arg(fixtures().join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entra codes found"));
}
