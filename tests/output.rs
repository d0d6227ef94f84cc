//! Where the output goes: a closed pipe ends every command quietly with 0, and a full disk is
//! a clear error with status 2, completions and the man page included (issue 16).
#![cfg(unix)]

use std::process::{Command, Stdio};

/// Every command, with what it needs.
const COMMANDS: &[&[&str]] = &[
    &["completions", "bash"],
    &["completions", "zsh"],
    &["man"],
    &["list"],
    &["--json", "list"],
    &["search", "token"],
    &["AADSTS50011"],
    &["--json", "invalid_grant"],
    &["scan", "--passthru", "tests/data/scan_fixture.log"],
    &["scan", "--summary", "tests/data/scan_fixture.log"],
    &["scan", "tests/data/exports/entra_signins.csv"],
    &["scan", "--json", "tests/data/exports/graph_signins.json"],
    &["scan", "--summary", "--by", "user", "tests/data/exports/okta_systemlog.csv"],
    &["scan", "--timeline", "tests/data/exports/signin_failure.har"],
    &["--help"],
    &["--version"],
];

fn stserr(args: &[&str]) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("stserr"));
    c.args(args).env_remove("STSERR_CATALOGUE").stdin(Stdio::null()).stderr(Stdio::piped());
    c
}

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_0() {
    for args in COMMANDS {
        let mut child = stserr(args).stdout(Stdio::piped()).spawn().unwrap();
        // The reader goes away before (or while) the command writes, as with `| head -0`.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn a_full_disk_is_a_clear_error_with_status_2_for_every_command() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    for args in COMMANDS {
        let out = stserr(args).stdout(full.try_clone().unwrap()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("stserr: cannot write the output: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
