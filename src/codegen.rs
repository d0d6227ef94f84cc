//! Turns a validated catalogue into Rust source: a static `ENTRIES` slice, the providers,
//! and phf maps from every lookup key to entry indices. Run by `build.rs`; tested on
//! fixture catalogues like any other module.

use crate::normalize;
use crate::source::{self, ProviderFile, one_line as prose};
use std::fmt::Write;

/// Providers in the order their entries are shown when a key is shared:
/// the standard meaning first, then the providers people hit most.
pub const PROVIDER_ORDER: [&str; 7] = ["oauth", "entra", "b2c", "okta", "google", "auth0", "keycloak"];

fn rank(id: &str) -> usize {
    PROVIDER_ORDER.iter().position(|p| *p == id).unwrap_or(PROVIDER_ORDER.len())
}

/// A resolved entry ready to be written, with its provider index.
pub struct Flat<'a> {
    pub provider: usize,
    pub entry: &'a source::EntrySrc,
    pub digits: Option<&'a str>,
    pub docs_link: Option<String>,
}

/// Files sorted by provider rank, entries sorted by number then code.
pub fn flatten(files: &[ProviderFile]) -> (Vec<&ProviderFile>, Vec<Flat<'_>>) {
    let mut order: Vec<&ProviderFile> = files.iter().collect();
    order.sort_by(|a, b| (rank(&a.provider.id), &a.provider.id).cmp(&(rank(&b.provider.id), &b.provider.id)));
    let mut flat = Vec::new();
    for (p, file) in order.iter().enumerate() {
        let shapes = source::parse_pattern(&file.provider.pattern).unwrap_or_default();
        let mut entries: Vec<Flat> = file
            .entries
            .iter()
            .map(|(e, _)| {
                let digits = source::digits(&shapes, &e.code);
                let docs_link = source::docs_link(file.provider.docs.as_deref(), &e.code, digits);
                Flat { provider: p, entry: e, digits, docs_link }
            })
            .collect();
        entries.sort_by(|a, b| {
            let num = |f: &Flat| f.digits.and_then(|d| d.parse::<u64>().ok()).unwrap_or(u64::MAX);
            (num(a), &a.entry.code).cmp(&(num(b), &b.entry.code))
        });
        flat.extend(entries);
    }
    (order, flat)
}

/// Lookup keys of every entry, each with the entries it names in display order:
/// entries whose code is the key, then those whose bare number is, then by name.
pub fn keys(flat: &[Flat]) -> Vec<(String, Vec<usize>)> {
    let mut map: std::collections::BTreeMap<String, Vec<(u8, usize)>> = Default::default();
    for (i, f) in flat.iter().enumerate() {
        let mut add = |k: String, kind: u8| {
            let list = map.entry(k).or_default();
            if !list.iter().any(|&(_, j)| j == i) {
                list.push((kind, i));
            }
        };
        add(normalize::key(&f.entry.code), 0);
        if let Some(d) = f.digits {
            add(d.to_string(), 1);
        }
        if let Some(name) = &f.entry.name {
            add(normalize::key(name), 2);
        }
    }
    map.into_iter()
        .map(|(k, mut v)| {
            v.sort();
            (k, v.into_iter().map(|(_, i)| i).collect())
        })
        .collect()
}

fn strs(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| format!("{:?}", s.trim())).collect();
    format!("&[{}]", inner.join(", "))
}

fn opt(s: &Option<String>) -> String {
    match s {
        Some(s) => format!("Some({:?})", s.trim()),
        None => "None".into(),
    }
}

fn actor(a: &str) -> &'static str {
    match a {
        "admin" => "Actor::Admin",
        "developer" => "Actor::Developer",
        "provider" => "Actor::Provider",
        _ => "Actor::User",
    }
}

fn write_entry(out: &mut String, f: &Flat) {
    let e = f.entry;
    let mut links: Vec<String> = f.docs_link.iter().cloned().collect();
    links.extend(e.links.iter().filter(|l| Some(*l) != f.docs_link.as_ref()).cloned());
    let fix: Vec<String> = e.fix.iter().map(|s| prose(s)).collect();
    let _ = write!(
        out,
        "    Entry {{ code: {:?}, provider: &PROVIDER_{}, name: {}, summary: {:?}, cause: {:?}, fix: {}, actor: {}, \
         retryable: {}, oauth_error: {}, http_status: {:?}, context: {}, specs: {}, links: {}, see_also: {}, \
         matches: {}, documented: {}, evidence: {}, deprecated: {}, variants: &[",
        e.code,
        f.provider,
        opt(&e.name),
        prose(&e.summary),
        prose(&e.cause),
        strs(&fix),
        actor(&e.actor),
        e.retryable,
        opt(&e.oauth_error),
        e.http_status,
        opt(&e.context.as_deref().map(prose)),
        strs(&e.specs),
        strs(&links),
        strs(&e.see_also),
        strs(&e.matches),
        e.documented,
        opt(&e.evidence.as_deref().map(prose)),
        e.deprecated,
    );
    for v in &e.variants {
        let fix: Vec<String> = v.fix.iter().map(|s| prose(s)).collect();
        let _ = write!(
            out,
            "Variant {{ matches: {}, summary: {:?}, cause: {:?}, fix: {}, actor: {}, retryable: {}, http_status: {:?} }}, ",
            strs(&v.matches),
            prose(&v.summary),
            prose(&v.cause),
            strs(&fix),
            actor(v.actor.as_deref().unwrap_or(&e.actor)),
            v.retryable.unwrap_or(e.retryable),
            v.http_status.or(e.http_status),
        );
    }
    out.push_str("] },\n");
}

/// What build.rs writes to OUT_DIR: the catalogue module body, the index module body, and the
/// packed posting lists the index refers to.
#[derive(Debug)]
pub struct Generated {
    pub catalogue: String,
    pub index: String,
    pub postings: Vec<u8>,
}

/// Generates every table, for `include!` inside `catalogue.rs`.
pub fn generate(files: &[ProviderFile]) -> Generated {
    let (order, flat) = flatten(files);
    let mut out = String::from("// @generated by build.rs from data/*.yaml. Do not edit: change the YAML instead.\n\n");
    // One static per provider so that entries can point at theirs (and overlay entries at new ones).
    let mut list = Vec::new();
    for (i, file) in order.iter().enumerate() {
        let p = &file.provider;
        let count = flat.iter().filter(|f| f.provider == i).count();
        let docs = opt(&p.docs);
        let _ = writeln!(
            out,
            "pub static PROVIDER_{i}: Provider = Provider {{ id: {:?}, name: {:?}, docs: {docs}, entries: {count} }};",
            p.id, p.name
        );
        list.push(format!("&PROVIDER_{i}"));
    }
    let _ = writeln!(out, "\npub static PROVIDERS: &[&Provider] = &[{}];\n", list.join(", "));
    let sizes: Vec<String> = order
        .iter()
        .enumerate()
        .map(|(i, f)| format!("{} {}", f.provider.id, flat.iter().filter(|x| x.provider == i).count()))
        .collect();
    let _ = writeln!(
        out,
        "pub const VERSION_LONG: &str = concat!(env!(\"CARGO_PKG_VERSION\"), \"\\ncatalogue: {} entries ({})\");\n",
        flat.len(),
        sizes.join(", ")
    );
    out.push_str("pub static ENTRIES: &[Entry] = &[\n");
    for f in &flat {
        write_entry(&mut out, f);
    }
    out.push_str("];\n\n");
    let mut map = phf_codegen::Map::new();
    let keys = keys(&flat);
    for (k, ids) in &keys {
        let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        map.entry(k.as_str(), format!("&[{}]", list.join(", ")));
    }
    let _ = writeln!(out, "pub static KEYS: phf::Map<&'static str, &'static [u16]> = {};", map.build());
    let mut index = String::from("// @generated by build.rs from data/*.yaml. Do not edit.\n\n");
    let mut postings = Vec::new();
    let standard: Vec<bool> = flat.iter().map(|f| order[f.provider].provider.id == "oauth").collect();
    crate::index_gen::generate(&flat, &standard, &mut index, &mut postings);
    Generated { catalogue: out, index, postings }
}

/// Reads every `*.yaml` in `dir`, validates, and returns the generated source or every problem.
pub fn compile_dir(dir: &std::path::Path, shown_dir: &str) -> Result<Generated, Vec<source::Problem>> {
    let mut problems = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| {
            vec![source::Problem { file: shown_dir.into(), line: 0, message: format!("cannot read the folder: {e}") }]
        })?
        .filter_map(|d| d.ok().map(|d| d.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for path in &paths {
        let shown = format!("{shown_dir}/{}", path.file_name().unwrap_or_default().to_string_lossy());
        match std::fs::read_to_string(path) {
            Ok(text) => files.extend(source::parse_file(&shown, &text, &mut problems)),
            Err(e) => problems.push(source::Problem { file: shown, line: 0, message: format!("cannot read: {e}") }),
        }
    }
    source::check_catalogue(&files, &|_| false, &mut problems);
    if problems.is_empty() { Ok(generate(&files)) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(id: &str, pattern: &str, codes: &[(&str, Option<&str>)]) -> String {
        let mut s = format!(
            "provider:\n  id: {id}\n  name: {id}\n  pattern: \"{pattern}\"\n  docs: \"https://x/{{number}}\"\nentries:\n"
        );
        for (code, name) in codes {
            s += &format!("  - code: {code}\n    summary: s\n    cause: c\n    fix: [f]\n    actor: user\n");
            if let Some(n) = name {
                s += &format!("    name: {n}\n");
            }
        }
        s
    }

    fn parsed(texts: &[(&str, String)]) -> Vec<ProviderFile> {
        let mut p = Vec::new();
        let files: Vec<_> = texts.iter().filter_map(|(n, t)| source::parse_file(n, t, &mut p)).collect();
        assert!(p.is_empty(), "{p:?}");
        files
    }

    #[test]
    fn shared_keys_list_code_matches_first_and_standard_provider_first() {
        let files = parsed(&[
            ("okta.yaml", file("okta", "<name>", &[("invalid_request", None)])),
            (
                "entra.yaml",
                file("entra", "AADSTS#+", &[("AADSTS90023", Some("InvalidRequest")), ("AADSTS50011", None)]),
            ),
            ("oauth.yaml", file("oauth", "<name>", &[("invalid_request", None)])),
            ("b2c.yaml", file("b2c", "AADB2C#+", &[("AADB2C50011", None)])),
        ]);
        let (_, flat) = flatten(&files);
        let order: Vec<&str> = flat.iter().map(|f| f.entry.code.as_str()).collect();
        assert_eq!(order, ["invalid_request", "AADSTS50011", "AADSTS90023", "AADB2C50011", "invalid_request"]);
        let keys = keys(&flat);
        let get = |k: &str| keys.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(get("invalidrequest"), [0, 4, 2], "codes before names, oauth before okta");
        assert_eq!(get("50011"), [1, 3], "AADSTS before AADB2C for a bare number");
        assert_eq!(flat[1].docs_link.as_deref(), Some("https://x/50011"));
    }

    #[test]
    fn generated_source_has_header_and_tables() {
        let files = parsed(&[("t.yaml", file("oauth", "<name>", &[("invalid_grant", None)]))]);
        let generated = generate(&files);
        assert!(generated.index.contains("pub static TERMS") && !generated.postings.is_empty());
        let src = generated.catalogue;
        assert!(src.starts_with("// @generated"));
        assert!(src.contains("pub static ENTRIES: &[Entry]") && src.contains("pub static KEYS: phf::Map"));
        assert!(src.contains("code: \"invalid_grant\""));
    }

    #[test]
    fn compile_dir_lists_problems_of_every_file() {
        let dir = std::env::temp_dir().join(format!("stserr-codegen-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.yaml"), file("a", "A#+", &[("B1", None)])).unwrap();
        std::fs::write(dir.join("b.yaml"), "provider: [").unwrap();
        let problems = compile_dir(&dir, "data").unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0].starts_with("data/a.yaml:7: code `B1` does not fit"), "{shown:?}");
        assert!(shown[1].starts_with("data/b.yaml:1: cannot read the catalogue file"), "{shown:?}");
    }
}
