//! The lookup command as a user runs it: the real binary, the real catalogue.

use assert_cmd::Command;
use serde_json::Value;

fn stserr() -> Command {
    let mut c = Command::cargo_bin("stserr").unwrap();
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env("COLUMNS", "88");
    c
}

fn json_lines(args: &[&str]) -> Vec<Value> {
    let out = stserr().arg("--json").args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn codes(args: &[&str]) -> Vec<(String, String)> {
    json_lines(args)
        .iter()
        .map(|v| (v["provider"].as_str().unwrap().into(), v["code"].as_str().unwrap().into()))
        .collect()
}

#[test]
fn every_spelling_of_an_entra_code_finds_it() {
    for q in ["AADSTS50126", "aadsts50126", "AADSTS-50126", "50126", " AADSTS 50126"] {
        assert_eq!(codes(&[q])[0], ("entra".into(), "AADSTS50126".into()), "query {q:?}");
    }
}

#[test]
fn okta_codes_and_symbolic_names_in_any_case() {
    assert_eq!(codes(&["e0000011"])[0].1, "E0000011");
    assert_eq!(codes(&["E0000011"])[0].1, "E0000011");
    assert_eq!(codes(&["invalidusernameorpassword"])[0].1, "AADSTS50126");
    assert_eq!(codes(&["InvalidUserNameOrPassword"])[0].1, "AADSTS50126");
}

#[test]
fn a_shared_error_name_lists_the_standard_entry_first_then_each_provider() {
    let found = codes(&["invalid_grant"]);
    assert_eq!(found[0], ("oauth".into(), "invalid_grant".into()));
    let providers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    for p in ["okta", "google", "auth0", "keycloak"] {
        assert!(providers.contains(&p), "{p} missing from {providers:?}");
    }
    assert_eq!(codes(&["INVALID-GRANT"]), found, "names fold case and separators");
}

#[test]
fn a_bare_number_lists_aadsts_before_other_providers() {
    let found = codes(&["90002"]);
    assert_eq!(found[0], ("entra".into(), "AADSTS90002".into()));
    assert!(found.contains(&("b2c".into(), "AADB2C90002".into())), "{found:?}");
}

#[test]
fn a_broker_or_device_code_is_found_in_hex_and_in_unsigned_and_signed_decimal() {
    let wam = |code: &str| ("wam".to_string(), code.to_string());
    assert_eq!(codes(&["3399614476"])[0], wam("CAA2000C"));
    assert_eq!(codes(&["--", "-895352823"])[0], wam("CAA20009"));
    assert_eq!(codes(&["0xcaa20009"])[0], wam("CAA20009"));
    assert_eq!(codes(&["0x8018000a"])[0], ("dsreg".into(), "0x8018000A".into()));
    stserr().args(["--", "-895352823"]).assert().code(0);
    // Pasted in a message, the same spellings go through the scanner.
    assert_eq!(codes(&["WAM interferes with az login: Error code: 3399614476"]), [wam("CAA2000C")]);
    assert_eq!(codes(&["ErrorCode: WAM_provider_error_-895352823"]), [wam("CAA20009")]);
    assert_eq!(codes(&["Error 80180026: Something went wrong"]), [("dsreg".into(), "0x80180026".into())]);
}

#[test]
fn provider_flag_narrows_a_shared_key() {
    assert_eq!(codes(&["--provider", "okta", "invalid_grant"]), [("okta".to_string(), "invalid_grant".to_string())]);
}

#[test]
fn json_objects_carry_the_documented_keys_in_order() {
    let out = stserr().args(["--json", "AADSTS50011"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().next().unwrap();
    let keys = [
        "code",
        "provider",
        "name",
        "summary",
        "cause",
        "fix",
        "actor",
        "retryable",
        "oauth_error",
        "http_status",
        "links",
        "see_also",
    ];
    let mut at = 0;
    for k in keys {
        let pos = line[at..].find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k} missing or out of order"));
        at += pos;
    }
    let v: Value = serde_json::from_str(line).unwrap();
    assert!(v["fix"].as_array().is_some_and(|f| !f.is_empty()));
    assert!(["user", "admin", "developer", "provider"].contains(&v["actor"].as_str().unwrap()));
    assert_eq!(v["links"][0], "https://login.microsoftonline.com/error?code=50011");
    let standard = &json_lines(&["invalid_grant"])[0];
    assert!(standard["name"].is_null(), "absent optional fields are null, not missing");
}

#[test]
fn exit_status_is_0_found_1_not_found_2_usage() {
    stserr().arg("AADSTS50011").assert().code(0);
    let out = stserr().args(["AADSTS50011", "AADSTS1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("AADSTS50011"), "found entries still print");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("stserr: no entry for 'AADSTS1'"), "{err}");
    stserr().arg("--no-such-flag").assert().code(2);
    stserr().assert().code(2);
    stserr().args(["--provider", "nope", "x"]).assert().code(2).stderr(predicates::str::contains("unknown provider"));
    stserr().args(["--color", "sometimes", "x"]).assert().code(2);
    stserr().args(["AADSTS50011", "list"]).assert().code(2);
}

#[test]
fn a_miss_suggests_the_closest_codes() {
    let out = stserr().arg("InvalidUserNamOrPasword").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("no exact match for 'InvalidUserNamOrPasword'; closest:\nAADSTS50126 "), "{text}");
    assert_eq!(out.status.code(), Some(1), "a guess is not a hit");
    let out = stserr().arg("E000011").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("E0000011"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn control_characters_in_input_are_escaped_when_echoed() {
    let out = stserr().arg("\u{1b}[31mred\u{7}").output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("\\u{1b}[31mred"), "{err:?}");
}

#[cfg(unix)]
#[test]
fn invalid_utf8_arguments_are_a_usage_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let out = stserr().arg(std::ffi::OsStr::from_bytes(b"AADSTS\xff")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn colour_follows_the_flag_and_environment() {
    let esc = |c: &mut Command| String::from_utf8(c.output().unwrap().stdout).unwrap().contains('\u{1b}');
    assert!(esc(stserr().args(["--color", "always", "50011"])));
    assert!(!esc(stserr().args(["--color", "never", "50011"]).env("CLICOLOR_FORCE", "1")));
    assert!(!esc(stserr().arg("50011")), "auto: a pipe gets no colour");
    assert!(esc(stserr().arg("50011").env("CLICOLOR_FORCE", "1")));
    assert!(!esc(stserr().arg("50011").env("NO_COLOR", "1")));
    assert!(esc(stserr().args(["--color", "always", "50011"]).env("NO_COLOR", "1")), "the flag beats NO_COLOR");
}

#[test]
fn human_output_shows_each_part_of_an_entry() {
    let out = stserr().arg("AADSTS50011").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("AADSTS50011  InvalidReplyTo"), "{text}");
    assert!(text.contains("Microsoft Entra ID"));
    for label in [
        "\n  Why     ",
        "\n  Fix     1. ",
        "\n  Who     developer",
        "\n  Docs    https://login.microsoftonline.com/error?code=50011",
    ] {
        assert!(text.contains(label), "{label:?} missing in\n{text}");
    }
}

#[test]
fn the_standard_entry_names_the_providers_with_their_own_meaning() {
    let text = String::from_utf8(stserr().arg("invalid_grant").output().unwrap().stdout).unwrap();
    let also = text.lines().skip_while(|l| !l.trim_start().starts_with("Also")).collect::<Vec<_>>().join(" ");
    for p in ["okta (", "google", "auth0", "keycloak ("] {
        assert!(also.contains(p), "{p} missing from the Also line: {also}");
    }
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("stserr"))
        .args(["list", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the reader went away, as with `stserr list | head -1`.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn list_prints_one_line_per_entry_and_filters_by_provider() {
    let all = String::from_utf8(stserr().arg("list").output().unwrap().stdout).unwrap();
    let okta = String::from_utf8(stserr().args(["list", "--provider", "okta"]).output().unwrap().stdout).unwrap();
    assert!(okta.lines().count() > 250 && okta.lines().all(|l| l.contains(" okta ")));
    assert!(all.lines().count() > okta.lines().count());
    let json = json_lines(&["list"]);
    assert_eq!(json.len(), all.lines().count());
}

// Message templates (issue 12): the text a service prints names its entry without the code.

const REDIRECT_MESSAGE: &str = "The redirect URI 'https://app.contoso.com/signin-oidc' specified in the request does not \
     match the redirect URIs configured for the application '6f1c2b9e-0000-4000-8000-000000000001'.";

#[test]
fn a_code_less_message_names_its_entry_and_captures_the_values_it_holds() {
    let found = json_lines(&[REDIRECT_MESSAGE]);
    assert_eq!(found[0]["code"], "AADSTS50011");
    assert_eq!(found[0]["captured"]["redirect_uri"], "https://app.contoso.com/signin-oidc");
    assert_eq!(found[0]["captured"]["app_id"], "6f1c2b9e-0000-4000-8000-000000000001");
    let out = stserr().args(["--color", "never", REDIRECT_MESSAGE]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("Yours   redirect URI sent: https://app.contoso.com/signin-oidc"), "{text}");
}

#[test]
fn a_message_with_its_code_still_gets_its_values() {
    let found = json_lines(&[&format!("AADSTS50011: {REDIRECT_MESSAGE}")]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["captured"]["app_id"], "6f1c2b9e-0000-4000-8000-000000000001");
    assert_eq!(json_lines(&["AADSTS7000215: Invalid client secret provided."])[0]["captured"], serde_json::json!({}));
}

#[test]
fn documented_texts_that_once_lost_to_a_neighbour_come_first() {
    for (text, code) in [
        (
            "The provided value for the input parameter scope isn't valid because it contains more than one resource.",
            "AADSTS700022",
        ),
        ("Claims transformation has timed out.", "AADSTS50162"),
        (
            "The claims exchange 'REST-API' specified in step '3' returned HTTP error response that could not be parsed.",
            "AADB2C90261",
        ),
    ] {
        assert_eq!(codes(&["search", text])[0].1, code, "{text}");
    }
}

#[test]
fn a_cut_off_message_still_names_its_entry() {
    let cut = "The redirect URI 'https://app.contoso.com/signin-oidc' specified in the request does not mat";
    assert_eq!(codes(&[cut])[0].1, "AADSTS50011");
}

// Messages that say what to do next (issue 16).

fn run(args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    let o = stserr().args(args).write_stdin(stdin).output().unwrap();
    (o.status.code(), String::from_utf8(o.stdout).unwrap(), String::from_utf8(o.stderr).unwrap())
}

#[test]
fn an_unknown_word_says_what_to_try_next() {
    let (code, out, err) = run(&["nosuchcode"], "");
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(err.starts_with("stserr: no entry for 'nosuchcode'"), "{err}");
    assert!(err.contains("`stserr search \"...\"`") && err.contains("`stserr list`"), "{err}");
}

#[test]
fn an_unknown_code_of_a_known_form_names_whose_form_it_has() {
    let (code, _, err) = run(&["E0000999"], "");
    assert_eq!(code, Some(1));
    assert!(err.contains("it has the form of Okta's codes, but the catalogue does not know it"), "{err}");
}

#[test]
fn a_code_of_another_provider_names_that_provider() {
    let (code, out, err) = run(&["--provider", "entra", "E0000011"], "");
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(err.starts_with("stserr: Microsoft Entra ID has no entry 'E0000011': it is Okta's E0000011"), "{err}");
    assert!(err.contains("`stserr --provider okta E0000011`"), "{err}");
    assert!(!err.contains("did you mean"), "no unrelated Entra codes: {err}");
}

#[test]
fn suggestions_name_each_code_once() {
    for q in ["invalid_grnt", "InvalidUserNamOrPasword"] {
        let (_, _, err) = run(&["--json", q], "");
        let head = err.split(['?', '\n']).next().unwrap();
        let list = head.split("did you mean ").nth(1).or_else(|| head.split("closest: ").nth(1));
        let list = list.unwrap_or_else(|| panic!("{q}: {err}"));
        let codes: Vec<&str> = list.split(", ").map(|s| s.split(' ').next().unwrap()).collect();
        let mut unique = codes.clone();
        unique.dedup();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(codes.len(), unique.len(), "{q}: {err}");
    }
}

#[test]
fn json_prints_nothing_on_stdout_for_any_miss_and_the_suggestions_on_stderr() {
    // A text query that only has guesses, and codes with only near codes or none: the same
    // shape, with the words a person sees.
    for (q, says) in
        [("InvalidUserNamOrPasword", "no exact match for"), ("E000011", "no entry for"), ("nosuchcode", "no entry for")]
    {
        let (code, out, err) = run(&["--json", q], "");
        assert_eq!((code, out.as_str()), (Some(1), ""), "{q}");
        assert!(err.starts_with(&format!("stserr: {says} '{q}'")), "{q}: {err}");
    }
    let (_, _, err) = run(&["--json", "InvalidUserNamOrPasword"], "");
    assert!(err.contains("; closest: AADSTS50126 (InvalidUserNameOrPassword)"), "{err}");
    let (_, _, err) = run(&["--json", "E000011"], "");
    assert!(err.contains("did you mean E0000011 ("), "{err}");
    // People still get the guesses on stdout, as before.
    let (code, out, _) = run(&["InvalidUserNamOrPasword"], "");
    assert_eq!(code, Some(1));
    assert!(out.starts_with("no exact match for 'InvalidUserNamOrPasword'; closest:\n"), "{out}");
}

#[test]
fn piped_standard_input_without_a_query_is_read_as_a_pasted_message() {
    let (code, out, _) = run(&["--json"], "AADSTS50011\n");
    assert_eq!(code, Some(0));
    assert!(out.starts_with("{\"code\":\"AADSTS50011\""), "{out}");
    let (code, out, _) =
        run(&["--json", "-"], "login failed: AADSTS50126: Error validating credentials. Trace ID: t-1\n");
    assert_eq!(code, Some(0));
    assert!(out.contains("\"code\":\"AADSTS50126\""), "{out}");
    assert!(out.contains("\"trace_id\":\"t-1\""), "{out}");
    let (code, _, err) = run(&[], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("standard input was empty"), "{err}");
    let big = "x ".repeat(600_000);
    let (code, _, err) = run(&["-"], &big);
    assert_eq!(code, Some(2));
    assert!(err.contains("use `stserr scan`"), "{err}");
}

#[test]
fn empty_queries_are_usage_errors() {
    for args in [&[""][..], &["  "], &["AADSTS50011", ""], &["search", ""], &["search", " ", ""]] {
        let (code, out, err) = run(args, "");
        assert_eq!((code, out.as_str()), (Some(2), ""), "{args:?}: {err}");
        assert!(err.starts_with("stserr: "), "{args:?}: {err}");
    }
}

#[test]
fn search_limits_are_clamped_to_the_catalogue_and_zero_is_a_usage_error() {
    let (code, out, _) = run(&["--json", "search", "-n", "4294967296", "token"], "");
    assert_eq!(code, Some(0));
    assert!(out.lines().count() > 5);
    let (code, out, _) = run(&["--json", "search", "-n", "99999999999999999999999", "token"], "");
    assert_eq!(code, Some(0));
    assert!(out.lines().count() > 5);
    let (code, _, err) = run(&["search", "-n", "0", "token"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("give 1 or more"), "{err}");
}

#[test]
fn search_and_list_columns_fit_the_longest_code() {
    let (_, out, _) = run(&["search", "-n", "8", "--color", "never", "invalid token"], "");
    let rows: Vec<&str> = out.lines().filter(|l| !l.starts_with(' ')).collect();
    assert!(rows.len() >= 2, "{out}");
    let longest = rows.iter().map(|r| r.split(' ').next().unwrap().len()).max().unwrap();
    for r in &rows {
        assert_eq!(r.as_bytes()[longest], b' ', "the provider column starts after the longest code: {r}");
        assert_ne!(r.as_bytes()[longest + 1], b' ', "{r}");
    }
    let (_, out, _) = run(&["list", "--color", "never"], "");
    let longest = out.lines().map(|r| r.split(' ').next().unwrap().len()).max().unwrap();
    assert!(longest > 14, "the catalogue has long codes");
    assert!(out.lines().all(|r| r.as_bytes()[longest] == b' ' && r.as_bytes()[longest + 1] != b' '), "list is aligned");
}

#[test]
fn a_server_code_inside_a_client_error_names_the_code_that_carried_it() {
    let text = "InteractionRequiredAuthError: interaction_required: AADSTS50076: Due to a configuration change \
                made by your administrator, you must use multi-factor authentication.";
    let found = json_lines(&[text]);
    let pairs: Vec<(&str, Option<&str>)> =
        found.iter().map(|v| (v["code"].as_str().unwrap(), v["inside"].as_str())).collect();
    assert_eq!(pairs, [("interaction_required", None), ("AADSTS50076", Some("interaction_required"))]);
    let out = stserr().arg("scan").arg("--json").write_stdin(text).output().unwrap();
    let scanned: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(scanned[1]["inside"], "interaction_required", "{scanned:?}");
    assert_eq!(json_lines(&["AADSTS50076 and AADSTS50011"])[1]["inside"], Value::Null, "two server codes: none wraps");
}
