//! Pasted tokens and SAML messages explained offline (issue 15, steps 4 and 5): the real binary on
//! the fixtures in tests/data/tokens and tests/data/saml, and the library with a fixed clock.

use assert_cmd::Command;
use base64::Engine;
use serde_json::{Value, json};
use std::path::Path;
use stserr::Catalogue;
use stserr::decode::{self, Decoded, Kind};

fn stserr() -> Command {
    let mut c = Command::cargo_bin("stserr").unwrap();
    c.env_remove("STSERR_CATALOGUE").env("NO_COLOR", "1").env("COLUMNS", "80");
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = stserr().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json_lines(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let r = run(&all);
    r.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(Path::new("tests/data").join(path)).unwrap()
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// The signature part of every test token: it must never be printed.
const SIGNATURE: &str = "c2lnbmF0dXJlLW5ldmVyLXByaW50ZWQtQUJDREVGRw";

/// A token from a fixture: its header, its claims with `times` set as offsets from `now`, and an
/// unsigned signature part (nothing verifies it).
fn token(name: &str, now: i64) -> (String, Value, Value) {
    let f: Value = serde_json::from_str(&fixture(&format!("tokens/{name}.json"))).unwrap();
    let mut claims = f["claims"].clone();
    for (claim, offset) in f["times"].as_object().unwrap() {
        claims[claim] = json!(now + offset.as_i64().unwrap());
    }
    let header = f["header"].clone();
    let text = format!(
        "{}.{}.{SIGNATURE}",
        b64url(serde_json::to_string(&header).unwrap().as_bytes()),
        b64url(serde_json::to_string(&claims).unwrap().as_bytes())
    );
    (text, header, claims)
}

fn hint_codes(v: &Value) -> Vec<Vec<String>> {
    v["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[test]
fn a_v1_access_token_shows_its_header_claims_and_the_v1_issuer_hint() {
    let (text, header, claims) = token("v1_access", now());
    let lines = json_lines(&[&text]);
    assert_eq!(lines.len(), 1);
    let v = &lines[0];
    assert_eq!(v["kind"], "token");
    assert_eq!(v["token_type"], "access token");
    assert_eq!(v["version"], "1.0");
    assert_eq!(v["header"], header, "the header exactly as decoded");
    assert_eq!(v["claims"], claims, "the claims exactly as decoded");
    // In the order the token holds them.
    let keys: Vec<&String> = v["claims"].as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["aud", "iss", "iat"]);
    assert_eq!(hint_codes(v), [vec!["IDX10205".to_string(), "invalid_token".to_string()]], "only the v1 hint: {v}");
    assert!(v["hints"][0]["text"].as_str().unwrap().contains("https://login.microsoftonline.com/72f988bf"));

    let r = run(&[&text]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Token (access token, v1.0)  decoded offline; signature not verified\n"));
    for line in [
        "  header         alg RS256, kid nOo3ZDrODXEK1jKWhXslHR_KXEg, typ JWT",
        "  aud            api://contoso-orders",
        "  tid            72f988bf-86f1-41af-91ab-2d7cd011db47",
        "  appid          4b0db8c2-9f26-4417-8bde-3f0e3656f8e0",
        "  scp            Orders.Read Orders.Write",
        "  amr            pwd mfa",
        "  ver            1.0",
        "  idtyp          user",
        "                 (v1.0 issuer)",
    ] {
        assert!(r.stdout.contains(&format!("{line}\n")), "no {line:?} in\n{}", r.stdout);
    }
    assert!(r.stdout.contains("(valid for 20 min more)"), "{}", r.stdout);
    assert!(r.stdout.contains("(issued 40 min ago)"), "{}", r.stdout);
    assert!(r.stdout.lines().all(|l| l.chars().count() <= 80), "wider than 80 columns:\n{}", r.stdout);
}

#[test]
fn a_v2_app_token_has_roles_and_no_hints() {
    let (text, _, claims) = token("v2_access", now());
    let v = &json_lines(&[&text])[0];
    assert_eq!((&v["version"], &v["token_type"]), (&json!("2.0"), &json!("access token")));
    assert_eq!(v["claims"], claims);
    assert_eq!(v["hints"], json!([]));
    let r = run(&[&text]);
    let iss = "  iss            https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0\n";
    assert!(r.stdout.contains(&format!("{iss}                 (v2.0 issuer)\n")), "{}", r.stdout);
    assert!(r.stdout.contains("  roles          Orders.ReadAll\n"), "{}", r.stdout);
    assert!(r.stdout.contains("  azp            9a3f2b1c-0d4e-4f5a-8b6c-7d8e9f0a1b2c\n"), "{}", r.stdout);
    assert!(r.stdout.contains("(valid for 55 min more)"), "{}", r.stdout);
}

#[test]
fn an_expired_id_token_names_only_the_expiry_codes_the_catalogue_has() {
    let (text, _, _) = token("expired_id", now());
    let v = &json_lines(&[&text])[0];
    assert_eq!(v["token_type"], "ID token");
    let codes = hint_codes(v);
    // Each code is named because the catalogue has it (IDX10223 since the IDX family arrived).
    assert_eq!(codes[0], ["IDX10223", "invalid_token", "AADSTS500133", "AADSTS700082"]);
    assert!(v["hints"][0]["text"].as_str().unwrap().starts_with("The token expired 3 h ago ("));
    assert!(v["hints"][1]["text"].as_str().unwrap().starts_with("An ID token"));
    let r = run(&[&text]);
    assert!(r.stdout.contains("(expired 3 h ago)"), "{}", r.stdout);
    assert!(r.stdout.contains("\n    AADSTS700082 "), "the hint lists the entry:\n{}", r.stdout);
}

#[test]
fn a_code_the_overlay_adds_is_named_in_the_hint() {
    let mut f = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    std::io::Write::write_all(
        &mut f,
        b"provider:
  id: identitymodel
  name: Microsoft.IdentityModel
  pattern: \"IDX#+\"
entries:
  - code: IDX10223
    summary: Lifetime validation failed; the token is expired.
    cause: The API compared exp with its clock.
    fix: [\"Developer: get a new token.\"]
    actor: developer
",
    )
    .unwrap();
    let (text, _, _) = token("expired_id", now());
    let out = stserr().args(["--json", "--catalogue", f.path().to_str().unwrap(), &text]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hint_codes(&v)[0], ["IDX10223", "invalid_token", "AADSTS500133", "AADSTS700082"]);
}

#[test]
fn a_token_after_bearer_or_inside_a_log_line_is_found_and_the_codes_around_it_explained() {
    let (text, _, claims) = token("v1_access", now());
    let bearer = format!("Authorization: Bearer {text}");
    assert_eq!(json_lines(&[&bearer])[0]["claims"], claims);

    let line = format!(
        "2024-05-01T10:00:00Z WARN orders-api: 401 WWW-Authenticate: Bearer error=\"invalid_token\", token={text}, \
         upstream said AADSTS50013"
    );
    let lines = json_lines(&[&line]);
    assert_eq!(lines[0]["kind"], "token");
    let rest: Vec<&str> = lines[1..].iter().map(|v| v["code"].as_str().unwrap()).collect();
    assert_eq!(rest, ["invalid_token", "AADSTS50013"]);
    let r = run(&[&line]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let token_at = r.stdout.find("Token (access token, v1.0)").unwrap();
    let code_at = r.stdout.find("\nAADSTS50013 ").unwrap();
    assert!(token_at < code_at, "{}", r.stdout);
}

#[test]
fn the_signature_is_never_printed() {
    let (text, _, _) = token("v1_access", now());
    for args in [vec![text.as_str()], vec!["--json", text.as_str()]] {
        let r = run(&args);
        assert!(!r.stdout.contains(SIGNATURE) && !r.stderr.contains(SIGNATURE), "{}", r.stdout);
    }
    assert!(run(&[&text]).stdout.contains("  signature      31 bytes, not shown and not verified\n"));
}

#[test]
fn a_token_without_scp_or_roles_points_at_insufficient_scope() {
    let now = now();
    let header = b64url(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = json!({"aud": "api://x", "iss": "https://login.microsoftonline.com/t/v2.0", "azp": "c",
        "exp": now + 600, "ver": "2.0"});
    let text = format!("{header}.{}.{SIGNATURE}", b64url(claims.to_string().as_bytes()));
    let v = &json_lines(&[&text])[0];
    assert_eq!(hint_codes(v), [vec!["insufficient_scope".to_string(), "AADSTS65001".into()]]);
}

#[test]
fn token_times_against_a_fixed_clock() {
    let cat = Catalogue::builtin();
    let now = 1_714_557_600; // 2024-05-01 10:00:00 UTC
    let (text, _, _) = token("expired_id", now);
    let found = decode::find(cat, &text, now).unwrap();
    let Decoded::Token(t) = &found.items[0] else { panic!("{:?}", found.items) };
    let notes: Vec<(&str, i64, &str)> = t.times.iter().map(|s| (s.claim, s.at, s.note.as_str())).collect();
    assert_eq!(
        notes,
        [
            ("iat", now - 14_400, "issued 4 h ago"),
            ("nbf", now - 14_400, "valid since 4 h ago"),
            ("exp", now - 10_800, "expired 3 h ago")
        ]
    );
    assert_eq!(found.masked, "[token]");
    let (text, _, _) = token("v1_access", now);
    let found = decode::find(cat, &format!("x {text} y"), now).unwrap();
    let Decoded::Token(t) = &found.items[0] else { panic!() };
    assert_eq!(t.times[2].note, "valid for 20 min more");
    assert_eq!(found.masked, "x [token] y");
}

#[test]
fn a_token_with_a_broken_payload_is_refused_with_the_reason() {
    let header = b64url(br#"{"alg":"RS256","typ":"JWT"}"#);
    // Five characters cannot be base64url: the token was cut short.
    let r = run(&[&format!("Bearer {header}.eyJhb.{SIGNATURE}")]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("stserr: token not decoded: the token's payload (its second part) is not valid base64url")
    );
    // A payload that is base64url but not JSON.
    let r = run(&[&format!("{header}.{}.{SIGNATURE}", b64url(b"not json"))]);
    assert!(r.stderr.contains("is not a JSON object"), "{}", r.stderr);
    // A header without alg is no token: the text goes to the ordinary lookup.
    let r = run(&["--json", &format!("{}.{}.x", b64url(br#"{"typ":"JWT"}"#), b64url(b"{}"))]);
    assert!(!r.stdout.contains("\"kind\""), "{}", r.stdout);
}

#[test]
fn a_token_over_64_kib_is_refused() {
    let header = b64url(br#"{"alg":"RS256"}"#);
    let claims = json!({"aud": "x", "blob": "A".repeat(70_000)});
    let text = format!("{header}.{}.{SIGNATURE}", b64url(claims.to_string().as_bytes()));
    let r = run(&[&text]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("tokens over 64 KiB are not decoded"), "{}", r.stderr);
    assert!(!r.stdout.contains("AAAAAAAA"));
}

#[test]
fn control_characters_in_claims_are_escaped_for_people() {
    let header = b64url(br#"{"alg":"none"}"#);
    let claims = json!({"aud": "api://x\u{1b}[31mred\u{202e}", "scp": "a"});
    let text = format!("{header}.{}.", b64url(claims.to_string().as_bytes()));
    let r = run(&[&text]);
    assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{202e}'), "{:?}", r.stdout);
    assert!(r.stdout.contains("api://x\\u{1b}[31mred\\u{202e}"), "{}", r.stdout);
    assert!(r.stdout.contains("  signature      none (an unsigned token)"), "{}", r.stdout);
    assert!(r.stdout.contains("The token is unsigned"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------------------------
// SAML

fn saml(args: &[&str]) -> Value {
    let lines = json_lines(args);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["kind"], "saml");
    lines[0].clone()
}

fn b64(xml: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(xml)
}

const RESPONSE_OPEN: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" Version="2.0" IssueInstant="2024-05-01T10:00:00Z">"#;

#[test]
fn a_success_response_pasted_as_wrapped_base64() {
    let text = fixture("saml/success.b64");
    assert!(text.lines().count() > 10, "the fixture is wrapped over lines");
    let v = saml(&[&text]);
    let expect = json!({
        "kind": "saml",
        "message": "Response",
        "encoding": "base64",
        "size": 3630,
        "id": "_5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "issuer": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
        "destination": "https://sp.contoso.example/saml/acs",
        "in_response_to": "_a1b2c3d4e5f6",
        "issue_instant": "2024-05-01T10:00:00.123Z",
        "status": [{"urn": "urn:oasis:names:tc:SAML:2.0:status:Success", "code": "Success", "provider": "saml",
                    "summary": v["status"][0]["summary"]}],
        "status_message": null,
        "assertions": 1,
        "encrypted_assertions": 0,
        "assertion_issuer": "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
        "assertion_issue_instant": "2024-05-01T10:00:00.123Z",
        "name_id": "alice@contoso.example",
        "name_id_format": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        "recipient": "https://sp.contoso.example/saml/acs",
        "subject_not_on_or_after": "2024-05-01T10:05:00.123Z",
        "audience": ["https://sp.contoso.example/saml/metadata"],
        "not_before": "2024-05-01T09:55:00.123Z",
        "not_on_or_after": "2024-05-01T11:00:00.123Z",
        "acs_url": null,
        "protocol_binding": null,
        "name_id_policy": null,
        "signed_message": false,
        "signed_assertion": true,
        "certificate": {
            "thumbprint": "024B1DEE0A9BFC05C7360FA80156CCEB36267123",
            "subject": "Microsoft Azure Federated SSO Certificate",
            "not_before": "2024-01-01T00:00:00Z",
            "not_after": "2099-01-01T00:00:00Z"
        },
        "doctype": false,
        "hints": []
    });
    assert_eq!(v, expect);
    assert!(v["status"][0]["summary"].as_str().unwrap().contains("identity provider"));

    let r = run(&[&text]);
    assert_eq!(r.code, 0);
    for line in [
        "SAML Response  decoded offline; no signature verified",
        "  Read           3630 bytes of XML; base64 (HTTP-POST binding)",
        "  Status         Success",
        "    NotBefore    2024-05-01 09:55:00 UTC (5 min before IssueInstant;",
        "    NotOnOrAfter 2024-05-01 11:00:00 UTC (60 min after IssueInstant;",
        "  Signed         message no, assertion yes (not verified)",
    ] {
        assert!(r.stdout.contains(&format!("{line}\n")) || r.stdout.contains(line), "no {line:?} in\n{}", r.stdout);
    }
    assert!(r.stdout.contains("024B1DEE0A9BFC05C7360FA80156CCEB36267123"), "{}", r.stdout);
    assert!(r.stdout.lines().all(|l| l.chars().count() <= 80), "wider than 80 columns:\n{}", r.stdout);
}

#[test]
fn a_requester_response_explains_both_status_codes() {
    let text = fixture("saml/nameid_policy.form");
    assert!(text.starts_with("SAMLResponse=") && text.contains('%'), "URL-encoded form data");
    let v = saml(&[&text]);
    let codes: Vec<(&str, &str)> = v["status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["urn"].as_str().unwrap(), s["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("urn:oasis:names:tc:SAML:2.0:status:Requester", "Requester"),
            ("urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy", "InvalidNameIDPolicy")
        ]
    );
    assert_eq!(
        v["status_message"],
        "The requested NameID format urn:oasis:names:tc:SAML:2.0:nameid-format:persistent is not supported"
    );
    assert_eq!(v["issuer"], "http://www.okta.com/exk1fabrikam0123");
    assert_eq!(v["in_response_to"], "ONELOGIN_4c9a2e0f6b");
    assert_eq!(v["destination"], "https://app.fabrikam.example/login/saml2/sso/okta");
    assert_eq!((v["assertions"].as_u64(), v["hints"].as_array().unwrap().len()), (Some(0), 0));

    let r = run(&[&text]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("  Status         Requester > InvalidNameIDPolicy\n"), "{}", r.stdout);
    // Each status is explained by its catalogue entry, in full.
    let requester = r.stdout.find("\nRequester ").expect("Requester's entry");
    let nested = r.stdout.find("\nInvalidNameIDPolicy ").expect("InvalidNameIDPolicy's entry");
    assert!(requester < nested);
    assert!(r.stdout.contains("  Fix     1. Developer: set the service provider's NameIDFormat"), "{}", r.stdout);
}

#[test]
fn an_assertion_expired_before_it_was_issued_is_pointed_out() {
    let v = saml(&[&fixture("saml/expired.b64")]);
    assert_eq!(v["issue_instant"], "2024-07-15T08:00:00Z");
    assert_eq!(v["not_on_or_after"], "2024-07-15T07:05:00Z");
    assert_eq!(v["name_id_format"], "urn:oasis:names:tc:SAML:2.0:nameid-format:transient");
    assert_eq!((v["signed_message"].as_bool(), v["signed_assertion"].as_bool()), (Some(true), Some(false)));
    assert_eq!(v["certificate"]["thumbprint"], "BD4B944F392AC0AA0D2CFD1EF3214EFF910BBE5F");
    assert_eq!(v["certificate"]["not_after"], "2024-06-01T00:00:00Z");
    assert_eq!(
        hint_codes(&v),
        [
            vec!["ASSERTION_EXPIRED".to_string()],
            vec!["NO_SIGNED_ASSERTION".into()],
            vec!["INVALID_SIGNATURE".into(), "CERT_NOT_FOUND".into()]
        ]
    );
    assert!(v["hints"][0]["text"].as_str().unwrap().contains("NotOnOrAfter is 55 min before IssueInstant"));
    let r = run(&[&fixture("saml/expired.b64")]);
    assert!(r.stdout.contains("    NotOnOrAfter 2024-07-15 07:05:00 UTC (55 min before IssueInstant;"), "{}", r.stdout);
    assert!(r.stdout.contains("\n    ASSERTION_EXPIRED "), "{}", r.stdout);
}

#[test]
fn a_deflated_url_encoded_authn_request_in_a_redirect_url() {
    let url = fixture("saml/authnrequest.url");
    assert!(url.contains("?SAMLRequest=") && url.contains('%'));
    let v = saml(&[&url]);
    assert_eq!(v["message"], "AuthnRequest");
    assert_eq!(v["encoding"], "deflate+base64");
    assert_eq!(v["size"], 675);
    assert_eq!(v["issuer"], "https://wiki.contoso.example");
    assert_eq!(v["destination"], "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2");
    assert_eq!(v["acs_url"], "https://wiki.contoso.example/plugins/servlet/samlconsumer");
    assert_eq!(v["protocol_binding"], "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    assert_eq!(v["name_id_policy"], "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    assert_eq!(v["issue_instant"], "2024-05-03T09:15:00Z");
    assert_eq!(v["status"], json!([]));
    let r = run(&[&url]);
    assert!(r.stdout.contains("  Read           675 bytes of XML; deflated, base64 (HTTP-Redirect binding)\n"));
}

#[test]
fn raw_xml_pasted_is_read_too() {
    let xml = fixture("saml/nameid_policy.xml");
    assert_eq!(saml(&[&xml])["encoding"], "xml");
}

#[test]
fn a_saml_value_that_is_not_base64_is_refused() {
    let r = run(&["SAMLResponse=@@not*base64@@&RelayState=x"]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(r.stderr.contains("stserr: saml not decoded: the SAMLResponse value is not valid base64"), "{}", r.stderr);
    // Base64 alone that is not SAML is left to the ordinary lookup.
    let r = run(&["--json", &b64(&"hello world, not xml ".repeat(10))]);
    assert!(!r.stdout.contains("\"kind\"") && !r.stderr.contains("not decoded"), "{} {}", r.stdout, r.stderr);
}

#[test]
fn a_deflate_bomb_is_refused_at_one_mib() {
    let xml = format!("{RESPONSE_OPEN}{}</samlp:Response>", "<a/>".repeat(600_000));
    let deflated = miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 9);
    assert!(deflated.len() < 50_000);
    let r = run(&[&format!("SAMLResponse={}", base64::engine::general_purpose::STANDARD.encode(&deflated))]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("inflates past 1 MiB"), "{}", r.stderr);
}

#[test]
fn a_saml_message_over_one_mib_is_refused() {
    let cat = Catalogue::builtin();
    let xml = format!("{RESPONSE_OPEN}{}</samlp:Response>", "<a/>".repeat(300_000));
    for text in [b64(&xml), format!("SAMLResponse={}", b64(&xml)), xml.clone()] {
        let found = decode::find(cat, &text, 0).unwrap();
        match &found.items[..] {
            [Decoded::Refused { kind: Kind::Saml, reason }] => {
                assert!(reason.contains("over 1 MiB are not decoded"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn deeply_nested_xml_is_refused_without_recursion() {
    let cat = Catalogue::builtin();
    let depth = 100_000;
    let xml = format!("{RESPONSE_OPEN}{}{}</samlp:Response>", "<a>".repeat(depth), "</a>".repeat(depth));
    let found = decode::find(cat, &b64(&xml), 0).unwrap();
    let [Decoded::Refused { reason, .. }] = &found.items[..] else { panic!("{:?}", found.items) };
    assert_eq!(reason, "the SAML message nests elements deeper than 64; it is not read");
    let small = format!("{RESPONSE_OPEN}{}{}</samlp:Response>", "<a>".repeat(200), "</a>".repeat(200));
    let r = run(&[&b64(&small)]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("deeper than 64"), "{}", r.stderr);
}

#[test]
fn malformed_xml_is_refused_with_the_position() {
    let xml = format!("{RESPONSE_OPEN}<saml:Issuer>x</saml:Wrong></samlp:Response>");
    let r = run(&[&b64(&xml)]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("the SAML message is not well-formed XML (at byte"), "{}", r.stderr);
}

#[test]
fn entities_are_never_expanded() {
    let xml = r#"<?xml version="1.0"?>
<!DOCTYPE samlp:Response [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY dest "https://evil.example/acs">
]>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_e" Version="2.0" IssueInstant="2024-05-01T10:00:00Z" Destination="&dest;">
  <saml:Issuer>&xxe;</saml:Issuer>
  <samlp:Status>
    <samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/>
    <samlp:StatusMessage>&lol2; &lt;b&gt; &amp; &#65;&#x42;</samlp:StatusMessage>
  </samlp:Status>
</samlp:Response>"#;
    let v = saml(&[&b64(xml)]);
    assert_eq!(v["issuer"], "&xxe;");
    assert_eq!(v["destination"], "&dest;");
    assert_eq!(v["status_message"], "&lol2; <b> & AB", "only the predefined entities and character references");
    assert_eq!(v["doctype"], true);
    assert_eq!(hint_codes(&v), [vec!["INVALID_XML_FORMAT".to_string()]]);
    assert_eq!(v["status"][0]["code"], "Responder");
    let r = run(&[&b64(xml)]);
    assert!(!r.stdout.contains("root:") && !r.stdout.contains("lollol"), "{}", r.stdout);
}

#[test]
fn saml_values_are_escaped_for_people() {
    let xml = format!(
        "{RESPONSE_OPEN}<saml:Issuer xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">idp&#27;[2J\u{202e}x</saml:Issuer></samlp:Response>"
    );
    let r = run(&[&b64(&xml)]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{202e}'), "{:?}", r.stdout);
    assert!(r.stdout.contains("idp\\u{1b}[2J\\u{202e}x"), "{}", r.stdout);
}

#[test]
fn an_encrypted_token_is_named_but_not_read() {
    let header = b64url(br#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k1"}"#);
    let r = run(&[&format!("{header}.a2V5.aXY.Y2lwaGVy.dGFn")]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(r.stderr.contains("an encrypted token (JWE)"), "{}", r.stderr);
}
