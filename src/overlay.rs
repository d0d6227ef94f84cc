//! A run-time catalogue overlay (`--catalogue FILE`, `STSERR_CATALOGUE`): an organisation's own
//! entries in the data/*.yaml format, validated with the same messages as build.rs, and merged
//! over the compiled catalogue (an overlay entry replaces the compiled one with its provider and
//! code). Runs without an overlay never touch this module's state beyond one `OnceLock` read.

use crate::catalogue::{self, Actor, Entry, Provider, Variant};
use crate::normalize;
use crate::source::{self, EntrySrc, Problem};
use std::collections::HashMap;
use std::sync::OnceLock;

pub struct Overlay {
    pub entries: Vec<&'static Entry>,
    pub providers: Vec<&'static Provider>,
    keys: HashMap<String, Vec<&'static Entry>>,
}

static OVERLAY: OnceLock<Overlay> = OnceLock::new();

pub fn get() -> Option<&'static Overlay> {
    OVERLAY.get()
}

/// Entries of the overlay that a key names.
pub fn by_key(key: &str) -> &'static [&'static Entry] {
    get().and_then(|o| o.keys.get(key)).map_or(&[], |v| v.as_slice())
}

/// Whether the overlay replaces this compiled entry.
pub fn replaces(e: &Entry) -> bool {
    get().is_some_and(|o| o.entries.iter().any(|x| x.provider.id == e.provider.id && x.code == e.code))
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.trim().to_string().into_boxed_str())
}

fn leak_all(v: &[String]) -> &'static [&'static str] {
    Box::leak(v.iter().map(|s| leak(s)).collect::<Vec<_>>().into_boxed_slice())
}

fn actor(a: &str) -> Actor {
    match a {
        "admin" => Actor::Admin,
        "developer" => Actor::Developer,
        "provider" => Actor::Provider,
        _ => Actor::User,
    }
}

fn prose(s: &str) -> &'static str {
    leak(&source::one_line(s))
}

fn convert(e: &EntrySrc, provider: &'static Provider, shapes: &[source::Shape]) -> &'static Entry {
    let mut links: Vec<String> =
        source::docs_link(provider.docs, &e.code, source::digits(shapes, &e.code)).into_iter().collect();
    links.extend(e.links.iter().filter(|l| !links.contains(l)).cloned().collect::<Vec<_>>());
    let variants: Vec<Variant> = e
        .variants
        .iter()
        .map(|v| Variant {
            matches: leak_all(&v.matches),
            summary: prose(&v.summary),
            cause: prose(&v.cause),
            fix: Box::leak(v.fix.iter().map(|s| prose(s)).collect::<Vec<_>>().into_boxed_slice()),
            actor: actor(v.actor.as_deref().unwrap_or(&e.actor)),
            retryable: v.retryable.unwrap_or(e.retryable),
            http_status: v.http_status.or(e.http_status),
        })
        .collect();
    Box::leak(Box::new(Entry {
        code: leak(&e.code),
        provider,
        name: e.name.as_deref().map(leak),
        summary: prose(&e.summary),
        cause: prose(&e.cause),
        fix: Box::leak(e.fix.iter().map(|s| prose(s)).collect::<Vec<_>>().into_boxed_slice()),
        actor: actor(&e.actor),
        retryable: e.retryable,
        oauth_error: e.oauth_error.as_deref().map(leak),
        http_status: e.http_status,
        context: e.context.as_deref().map(prose),
        specs: leak_all(&e.specs),
        links: leak_all(&links),
        see_also: leak_all(&e.see_also),
        matches: leak_all(&e.matches),
        documented: e.documented,
        evidence: e.evidence.as_deref().map(prose),
        deprecated: e.deprecated,
        variants: Box::leak(variants.into_boxed_slice()),
    }))
}

/// Reads and validates `path`, then installs it. Problems are listed as `PATH:LINE: message`.
pub fn load(path: &std::path::Path) -> Result<(), Vec<Problem>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Problem { file: shown.clone(), line: 0, message: format!("cannot read the catalogue: {e}") }]
    })?;
    let mut problems = Vec::new();
    let Some(file) = source::parse_file(&shown, &text, &mut problems) else { return Err(problems) };
    let compiled = |code: &str| catalogue::KEYS.contains_key(normalize::key(code).as_str());
    source::check_catalogue(std::slice::from_ref(&file), &compiled, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let provider: &'static Provider = match catalogue::provider(&file.provider.id) {
        Some(p) => p,
        None => Box::leak(Box::new(Provider {
            id: leak(&file.provider.id),
            name: leak(&file.provider.name),
            docs: file.provider.docs.as_deref().map(leak),
            entries: file.entries.len(),
        })),
    };
    let shapes = source::parse_pattern(&file.provider.pattern).unwrap_or_default();
    let entries: Vec<&'static Entry> = file.entries.iter().map(|(e, _)| convert(e, provider, &shapes)).collect();
    let mut keys: HashMap<String, Vec<&'static Entry>> = HashMap::new();
    for e in &entries {
        let mut add = |k: String| keys.entry(k).or_default().push(e);
        add(normalize::key(e.code));
        if let Some(d) = source::digits(&shapes, e.code) {
            add(d.to_string());
        }
        if let Some(n) = e.name {
            add(normalize::key(n));
        }
    }
    for list in keys.values_mut() {
        list.dedup_by(|a, b| std::ptr::eq(*a, *b));
    }
    let providers =
        if catalogue::PROVIDERS.iter().any(|p| std::ptr::eq(*p, provider)) { vec![] } else { vec![provider] };
    let _ = OVERLAY.set(Overlay { entries, providers, keys });
    Ok(())
}

/// Scores overlay entries for a search the way the build-time index scores compiled ones
/// (field-weighted, saturated term frequency times the term's rarity in the compiled catalogue).
/// The overlay is small, so a linear pass is cheaper than building an index.
pub fn search_scores(terms: &[String]) -> Vec<(&'static Entry, f32)> {
    let Some(o) = get() else { return Vec::new() };
    o.entries
        .iter()
        .filter_map(|e| {
            let matches = e.matches.join(" ");
            let fields: [(&str, f32); 5] =
                [(e.code, 8.0), (e.name.unwrap_or(""), 3.0), (&matches, 5.0), (e.summary, 2.5), (e.cause, 1.0)];
            let fields: Vec<(Vec<String>, f32)> = fields.iter().map(|(t, w)| (normalize::terms(t), *w)).collect();
            let mut score = 0.0;
            let mut matched = 0;
            for t in terms {
                let wtf: f32 = fields.iter().filter(|(have, _)| have.contains(t)).map(|(_, w)| w).sum();
                if wtf > 0.0 {
                    matched += 1;
                    score += crate::search::idf(t) * wtf * 3.0 / (wtf + 2.0);
                }
            }
            let coverage = 0.5 + 0.5 * matched as f32 / terms.len().max(1) as f32;
            (score > 0.0).then_some((*e, score * coverage))
        })
        .collect()
}
