//! The catalogue's content: complete entries, specific fixes, resolvable references, and the
//! published codes answering with the published facts.

use std::collections::HashMap;
use stserr::Catalogue;
use stserr::catalogue;
use stserr::lookup::{self, Answer};

fn rows(file: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    text.lines().skip(1).map(|l| l.split('\t').map(str::to_string).collect()).collect()
}

fn exact(code: &str) -> Vec<catalogue::Entry> {
    match lookup::lookup(Catalogue::builtin(), code, None) {
        Answer::Exact(found) => found,
        other => panic!("{code}: {other:?}"),
    }
}

#[test]
fn every_entry_has_summary_cause_fix_and_actor() {
    for e in Catalogue::builtin().entries(None) {
        assert!(!e.summary().trim().is_empty() && !e.cause().trim().is_empty(), "{}", e.code());
        assert!(!e.fix().is_empty() && e.fix().iter().all(|s| !s.trim().is_empty()), "{}", e.code());
        for v in e.variants() {
            assert!(
                !v.summary().is_empty() && !v.cause().is_empty() && !v.fix().is_empty() && !v.matches().is_empty(),
                "{}",
                e.code()
            );
        }
    }
}

#[test]
fn no_fix_step_is_reused_across_more_than_five_entries() {
    let mut uses: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in Catalogue::builtin().entries(None) {
        let mut steps: Vec<&str> = e.fix().iter().chain(e.variants().flat_map(|v| v.fix().iter())).collect();
        steps.sort_unstable();
        steps.dedup();
        for s in steps {
            uses.entry(s).or_default().push(e.code());
        }
    }
    let generic: Vec<_> = uses.iter().filter(|(_, codes)| codes.len() > 5).collect();
    assert!(generic.is_empty(), "fix steps used by more than 5 entries: {generic:#?}");
}

#[test]
fn every_see_also_names_an_entry() {
    for e in Catalogue::builtin().entries(None) {
        for target in e.see_also().iter() {
            assert!(Catalogue::builtin().by_key(target).next().is_some(), "{} -> {target}", e.code());
        }
    }
}

#[test]
fn codes_across_the_entra_ranges_have_their_published_names() {
    let sample = rows("entra_sample.tsv");
    assert_eq!(sample.len(), 30);
    for row in sample {
        let e = exact(&row[0])[0];
        assert_eq!((e.provider().id(), e.code()), ("entra", row[0].as_str()));
        if !row[1].is_empty() {
            assert_eq!(e.name(), Some(row[1].as_str()), "{}", row[0]);
        }
    }
}

#[test]
fn every_okta_code_resolves_with_its_http_status() {
    let codes = rows("okta_codes.tsv");
    assert_eq!(codes.len(), 251);
    for row in codes {
        let e = exact(&row[0])[0];
        assert_eq!(e.provider().id(), "okta");
        assert_eq!(e.http_status().map(|s| s.to_string()).as_deref(), Some(row[1].as_str()), "{}", row[0]);
        assert_eq!(e.name(), Some(row[2].as_str()), "{}", row[0]);
    }
}

#[test]
fn deprecated_b2c_codes_are_kept_and_marked() {
    for code in ["AADB2C90016", "AADB2C90017", "AADB2C90039"] {
        assert!(exact(code)[0].deprecated(), "{code}");
    }
}

#[test]
fn undocumented_codes_name_their_evidence() {
    for e in Catalogue::builtin().entries(None).filter(|e| !e.documented()) {
        assert!(e.evidence().is_some_and(|s| !s.is_empty()), "{}", e.code());
    }
}

#[test]
fn provider_names_of_shared_errors_point_to_the_standard_entry() {
    for e in Catalogue::builtin().entries(None).filter(|e| e.provider().id() != "oauth") {
        let standard =
            Catalogue::builtin().by_key(e.code()).find(|s| s.provider().id() == "oauth" && s.code() == e.code());
        if standard.is_some() && e.code().contains('_') {
            assert!(
                e.see_also().contains(e.code()),
                "{} {} should see_also the standard entry",
                e.provider().id(),
                e.code()
            );
        }
    }
}

/// Issue 12's coverage goals for message templates, as shares of entries (or variants) that
/// carry at least one template.
#[test]
fn message_templates_cover_the_documented_entra_b2c_and_okta_texts() {
    let cat = Catalogue::builtin();
    let has = |e: &catalogue::Entry| !e.messages().is_empty() || e.variants().any(|v| !v.messages().is_empty());
    let share = |provider: &str, keep: &dyn Fn(&catalogue::Entry) -> bool| {
        let all: Vec<_> = cat.entries(cat.provider(provider)).filter(|e| keep(e)).collect();
        (all.iter().filter(|e| has(e)).count(), all.len())
    };
    let (entra, n_entra) = share("entra", &|e| e.documented());
    let (b2c, n_b2c) = share("b2c", &|e| e.documented());
    let (okta, n_okta) = share("okta", &|e| e.code().starts_with("E0000"));
    let variants: Vec<_> = cat.entries(cat.provider("okta")).flat_map(|e| e.variants().collect::<Vec<_>>()).collect();
    let okta_variants = variants.iter().filter(|v| !v.messages().is_empty()).count();
    println!(
        "templates: entra {entra}/{n_entra}, b2c {b2c}/{n_b2c}, okta E0000 {okta}/{n_okta}, okta variants {okta_variants}/{}",
        variants.len()
    );
    assert!(entra * 10 >= n_entra * 9, "entra {entra}/{n_entra}");
    assert!(b2c * 10 >= n_b2c * 9, "b2c {b2c}/{n_b2c}");
    // Okta titles that are only a placeholder ({0}) or a bare HTTP reason phrase name no error.
    assert!(okta + 8 >= n_okta, "okta {okta}/{n_okta}");
    assert!(okta_variants + 4 >= variants.len(), "okta variants {okta_variants}/{}", variants.len());
}

/// Issue 11: a summary must say what happened, not restate the name (AADSTS50057 "The user
/// account is disabled." under UserAccountDisabled). Flags summaries whose content words, stemmed,
/// all occur in the code's name or the code itself.
#[test]
fn no_summary_only_restates_the_name_of_its_code() {
    use stserr::normalize::{stem, words};
    const FILLER: &[&str] = &[
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "has", "have", "had", "this", "that", "it", "its",
        "of", "to", "in", "on", "for", "by", "with", "or", "and", "not", "no", "as", "at", "from", "error", "code",
    ];
    let content = |text: &str| -> Vec<String> {
        words(text).into_iter().filter(|w| !FILLER.contains(&w.as_str())).map(|w| stem(&w)).collect()
    };
    let restates = |code: &str, name: &str, summary: &str| {
        let name = content(&format!("{code} {name}"));
        let summary = content(summary);
        !summary.is_empty() && summary.iter().all(|w| name.contains(w))
    };
    // The check finds the kind of summary the issue found.
    assert!(restates("AADSTS50057", "UserAccountDisabled", "The user account is disabled."));
    assert!(!restates("AADSTS50057", "UserAccountDisabled", "An admin turned the account off."));
    let restating: Vec<String> = Catalogue::builtin()
        .entries(None)
        .filter(|e| restates(e.code(), e.name().unwrap_or(""), e.summary()))
        .map(|e| format!("{} {}: {}", e.provider().id(), e.code(), e.summary()))
        .collect();
    assert_eq!(restating, Vec::<String>::new());
}

/// Issue 15: the triage summary groups codes by class, so every code of the sign-in services
/// whose logs are summarised carries one.
#[test]
fn every_entra_b2c_okta_and_oauth_entry_is_classified() {
    let cat = Catalogue::builtin();
    let unclassified: Vec<String> = ["entra", "b2c", "okta", "oauth"]
        .iter()
        .flat_map(|p| cat.entries(cat.provider(p)))
        .filter(|e| e.class().is_none())
        .map(|e| format!("{} {}", e.provider().id(), e.code()))
        .collect();
    assert_eq!(unclassified, Vec::<String>::new());
}
