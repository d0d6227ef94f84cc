use super::*;
use crate::model::Catalogue;
use crate::validate::parse_file;

pub(crate) fn file(id: &str, order: i32, pattern: &str, body: &str) -> crate::schema::ProviderFile {
    let hresult = if pattern.contains('%') { "  hresult: true\n" } else { "" };
    let text = format!(
        "provider:\n  id: {id}\n  name: {id}\n  order: {order}\n  pattern: \"{pattern}\"\n{hresult}  docs: \"https://x/{{number}}\"\nentries:\n{body}"
    );
    let mut problems = Vec::new();
    let f = parse_file(&format!("{id}.yaml"), &text, &mut problems).expect("parses");
    assert!(problems.is_empty(), "{problems:?}");
    f
}

pub(crate) fn entry(code: &str, extra: &str) -> String {
    format!("  - code: {code}\n    summary: s {code}\n    cause: c\n    fix: [f]\n    actor: user\n{extra}")
}

fn sample() -> Catalogue {
    Catalogue::resolve(&[
        file(
            "okta",
            30,
            "E#######|<name>",
            &(entry("invalid_request", "") + &entry("E0000011", "    name: Invalid token\n    http_status: 401\n")),
        ),
        file(
            "entra",
            10,
            "AADSTS#+",
            &(entry("AADSTS90023", "    name: InvalidRequest\n")
                + &entry("AADSTS50011", "    see_also: [AADSTS90023]\n")),
        ),
        file(
            "oauth",
            0,
            "<name>",
            &entry(
                "invalid_request",
                "    variants:\n      - match: [m1]\n        summary: vs\n        cause: vc\n        fix: [vf]\n        actor: admin\n",
            ),
        ),
        file("wam", 20, "CAA%%%%%", &entry("CAA2000C", "    aliases: [WAM_network_error]\n")),
    ])
}

#[test]
fn the_blob_reads_back_as_the_catalogue_it_was_written_from() {
    let mut cat = sample();
    let wam = cat.providers.iter_mut().find(|p| p.id == "wam").unwrap();
    wam.families = vec!["0xCAA".into()];
    wam.shapes = vec!["x {code}".into()];
    wam.context_words = vec!["teams".into()];
    let blob = crate::compile::build(&cat).unwrap();
    let t = Tables::new(&blob).unwrap();
    assert_eq!(t.to_model(), cat);
    let codes: Vec<&str> = t.entries().map(|e| e.code()).collect();
    assert_eq!(codes, ["invalid_request", "AADSTS50011", "AADSTS90023", "CAA2000C", "E0000011", "invalid_request"]);
    let v = t.entry(0).variant(0).unwrap();
    assert_eq!((v.summary(), v.actor(), v.retryable()), ("vs", crate::Actor::Admin, false));
    assert_eq!(t.entry(4).http_status(), Some(401));
    assert_eq!(t.entry(1).links().to_vec(), ["https://x/50011"]);
}

#[test]
fn keys_name_codes_first_then_numbers_then_names_and_the_standard_provider_first() {
    let blob = crate::compile::build(&sample()).unwrap();
    let t = Tables::new(&blob).unwrap();
    let codes = |k: &str| t.by_key(k).map(|e| format!("{}/{}", e.provider().id(), e.code())).collect::<Vec<_>>();
    assert_eq!(codes("invalidrequest"), ["oauth/invalid_request", "okta/invalid_request", "entra/AADSTS90023"]);
    assert_eq!(codes("50011"), ["entra/AADSTS50011"]);
    assert!(codes("nosuchkey").is_empty());
    for spelling in ["caa2000c", "0xcaa2000c", "3399614476", "895352820", "wamnetworkerror"] {
        assert_eq!(codes(spelling), ["wam/CAA2000C"], "{spelling}");
    }
}

#[test]
fn an_overlay_replaces_by_provider_and_code_and_adds_providers() {
    let blob = crate::compile::build(&sample()).unwrap();
    let base = Tables::new(&blob).unwrap();
    let text = format!(
        "provider:\n  id: acme\n  name: Acme\n  order: 5\n  pattern: \"ACME#+\"\nentries:\n{}",
        entry("ACME1", "    see_also: [AADSTS50011]\n")
    );
    let merged = crate::compile::overlay(&base, "o.yaml", &text).unwrap();
    let t = Tables::new(&merged).unwrap();
    assert_eq!(t.by_key("acme1").next().map(|e| e.provider().id()), Some("acme"));
    assert_eq!(t.entry_count(), base.entry_count() + 1);
    let bad = crate::compile::overlay(&base, "o.yaml", "provider: [").unwrap_err();
    assert!(bad[0].to_string().starts_with("o.yaml:1: cannot read the catalogue file"), "{bad:?}");
}
