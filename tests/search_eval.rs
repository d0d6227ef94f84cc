//! Search quality, measured on query sets written before tuning (tests/data/*.tsv).
//! Each test prints its top-1 / top-5 rates so `cargo test -- --nocapture` shows the numbers.

use stserr::Catalogue;
use stserr::search::search;

struct Case {
    query: String,
    /// Accepted (provider, code) answers; a description Okta files under two names accepts either.
    want: Vec<(String, String)>,
}

fn read(path: &str, parse: impl Fn(&[&str]) -> Option<Case>) -> Vec<Case> {
    let text = std::fs::read_to_string(format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| parse(&l.split('\t').collect::<Vec<_>>()))
        .collect()
}

/// (top-1 rate, top-5 rate, misses) over the cases, restricted to `provider` when given.
fn measure(cases: &[Case], provider: Option<&str>) -> (f64, f64, Vec<String>) {
    let provider = provider.map(|p| Catalogue::builtin().provider(p).unwrap());
    let (mut top1, mut top5, mut misses) = (0, 0, Vec::new());
    for c in cases {
        let hits = search(Catalogue::builtin(), &c.query, provider, 5);
        let rank = hits
            .iter()
            .position(|h| c.want.iter().any(|(p, code)| h.entry.provider().id() == p && h.entry.code() == code));
        match rank {
            Some(0) => top1 += 1,
            Some(_) => top5 += 1,
            None => {}
        }
        if rank != Some(0) {
            let got = hits
                .first()
                .map_or("nothing".to_string(), |h| format!("{} {}", h.entry.provider().id(), h.entry.code()));
            misses.push(format!("{:?}: want {:?}, got {got} (rank {rank:?})", c.query, c.want[0]));
        }
    }
    let n = cases.len().max(1) as f64;
    (top1 as f64 / n, (top1 + top5) as f64 / n, misses)
}

fn report(name: &str, cases: &[Case], provider: Option<&str>) -> (f64, f64) {
    let (t1, t5, misses) = measure(cases, provider);
    println!("{name}: {} queries, top-1 {:.1}%, top-5 {:.1}%", cases.len(), t1 * 100.0, t5 * 100.0);
    for m in misses.iter().take(200) {
        println!("  miss {m}");
    }
    (t1, t5)
}

fn pair(p: &str, c: &str) -> Vec<(String, String)> {
    vec![(p.to_string(), c.to_string())]
}

#[test]
fn written_queries_find_the_right_error_first() {
    let cases =
        read("search_eval.tsv", |f| (f.len() >= 3).then(|| Case { query: f[0].into(), want: pair(f[1], f[2]) }));
    assert!(cases.len() >= 250, "the evaluation set has {} queries", cases.len());
    let (t1, t5) = report("search_eval", &cases, None);
    assert!(t1 >= 0.85 && t5 >= 0.95, "top-1 {t1:.3} (need 0.85), top-5 {t5:.3} (need 0.95)");
}

#[test]
fn real_messages_from_public_threads_find_the_right_error() {
    let cases =
        read("search_heldout.tsv", |f| (f.len() >= 3).then(|| Case { query: f[0].into(), want: pair(f[1], f[2]) }));
    assert!(cases.len() >= 40, "the held-out set has {} messages", cases.len());
    let (t1, t5) = report("search_heldout", &cases, None);
    // Held out from tuning: a floor against regressions, not a target. Measured 97.1% / 98.5%
    // with template matching (86.8% / 98.5% before it).
    assert!(t1 >= 0.90 && t5 >= 0.94, "top-1 {t1:.3}, top-5 {t5:.3}");
}

fn descriptions(file: &str, provider: &str) -> Vec<Case> {
    read(file, |f| {
        let errors = f.first()?;
        let want = errors.split(',').map(|e| (provider.to_string(), e.to_string())).collect();
        Some(Case { query: f.get(1)?.to_string(), want })
    })
}

#[test]
fn pasting_an_okta_error_description_names_okta_and_its_error() {
    let cases = descriptions("okta_descriptions.tsv", "okta");
    let (t1, _) = report("okta descriptions (all providers)", &cases, None);
    let (t1_okta, _) = report("okta descriptions (--provider okta)", &cases, Some("okta"));
    assert!(t1 >= 0.90, "top-1 {t1:.3} of {} Okta descriptions", cases.len());
    assert!(t1_okta >= t1);
}

#[test]
fn pasting_a_keycloak_error_description_names_keycloak_and_its_error() {
    let cases = descriptions("keycloak_descriptions.tsv", "keycloak");
    let (t1, _, misses) = measure(&cases, None);
    assert_eq!(misses, Vec::<String>::new(), "top-1 {t1:.3}");
}

/// Issue 12's set: real messages with their code cut out, collected (tests/data/message_eval.md)
/// before template matching was written, and never used to tune it. `also` names true twins.
fn code_less_messages() -> Vec<Case> {
    read("message_eval.tsv", |f| {
        (f.len() >= 4).then(|| {
            let mut want = pair(f[1], f[2]);
            for other in f[3].split(" — ").next().unwrap_or("").split(',').filter(|s| !s.trim().is_empty()) {
                let (p, c) = other.trim().split_once('/').expect("also names provider/code");
                want.push((p.into(), c.into()));
            }
            Case { query: f[0].into(), want }
        })
    })
}

#[test]
fn real_messages_without_their_code_find_the_right_error() {
    let cases = code_less_messages();
    assert!(cases.len() >= 150, "the code-less set has {} messages", cases.len());
    let (t1, t5) = report("message_eval", &cases, None);
    let exact = cases
        .iter()
        .filter(|c| {
            let found = stserr::recognise::recognise(Catalogue::builtin(), &c.query, None);
            found
                .first()
                .is_some_and(|r| c.want.iter().any(|(p, code)| r.entry.provider().id() == p && r.entry.code() == code))
        })
        .count();
    println!("message_eval: {exact} of {} fit the right entry's message template", cases.len());
    // Measured when template matching landed: top-1 86.2%, top-5 93.7%, 101 of 159 fitting the
    // right template (before it: 73.0%, 91.2%). The floor is that minus a margin.
    assert!(t1 >= 0.82 && t5 >= 0.89, "top-1 {t1:.3}, top-5 {t5:.3}");
}

/// A round trip, not a quality measure: the first sentence of each documented Entra and B2C
/// message template, its slots filled with sample values, must name its own entry first (or an
/// entry whose template starts with the same sentence: a true twin).
#[test]
fn round_trip_the_first_sentence_of_each_entra_and_b2c_template_finds_its_entry() {
    let cat = Catalogue::builtin();
    let first_sentence = |m: &str| m.split(". ").next().unwrap_or(m).to_string();
    // Twins are told by the text a service prints: folded as matching folds it.
    let key = |s: &str| stserr_catalogue::template::fold(s).text.trim_end_matches('.').to_string();
    let mut owners: std::collections::HashMap<String, Vec<(String, String)>> = Default::default();
    let mut cases = Vec::new();
    for e in cat.entries(None).filter(|e| matches!(e.provider().id(), "entra" | "b2c") && e.documented()) {
        let id = (e.provider().id().to_string(), e.code().to_string());
        for m in e.messages().iter().chain(e.variants().flat_map(|v| v.messages().iter())) {
            owners.entry(key(&first_sentence(m))).or_default().push(id.clone());
        }
        if let Some(m) = e.messages().get(0) {
            cases.push((first_sentence(m), id));
        }
    }
    let (mut top1, mut misses) = (0, Vec::new());
    for (sentence, want) in &cases {
        let query = fill(sentence);
        let hits = search(cat, &query, None, 1);
        let got = hits.first().map(|h| (h.entry.provider().id().to_string(), h.entry.code().to_string()));
        if got.as_ref().is_some_and(|g| g == want || owners[&key(sentence)].contains(g)) {
            top1 += 1;
        } else {
            misses.push(format!("{query:?}: want {want:?}, got {got:?}"));
        }
    }
    let rate = top1 as f64 / cases.len() as f64;
    println!("first sentences: {} templates, top-1 {:.1}%", cases.len(), rate * 100.0);
    for m in &misses {
        println!("  miss {m}");
    }
    assert!(cases.len() >= 400, "{} templates", cases.len());
    assert!(rate >= 0.97, "top-1 {rate:.3}");
}

/// Sample values for a template's slots, as a service would fill them.
fn fill(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        out.push_str(&rest[..open]);
        out.push_str(match &rest[open + 1..open + close] {
            "redirect_uri" | "url" | "endpoint" => "https://app.contoso.com/signin-oidc",
            "app_id" | "id" => "6f1c2b9e-0000-4000-8000-000000000001",
            "tenant" | "domain" => "contoso.onmicrosoft.com",
            "user" | "account" => "adele@contoso.com",
            "scope" => "User.Read",
            "resource" => "https://graph.microsoft.com",
            _ => "Sample1",
        });
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}
