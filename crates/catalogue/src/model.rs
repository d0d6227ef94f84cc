//! The resolved catalogue: providers in display order, entries in display order, every variant
//! field filled from its entry, docs links made, lookup keys listed. Built from provider files
//! (at build time, or for an overlay at run time) and written into tables by `tables::write`.

use crate::normalize;
use crate::schema::{EntrySrc, ProviderFile};
use crate::shape::{self, Shape};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    User,
    Admin,
    Developer,
    Provider,
}

impl Actor {
    pub const ALL: [Actor; 4] = [Actor::User, Actor::Admin, Actor::Developer, Actor::Provider];

    pub fn as_str(self) -> &'static str {
        crate::schema::ACTORS[self as usize]
    }

    pub fn parse(s: &str) -> Option<Actor> {
        Actor::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub pattern: String,
    pub docs: Option<String>,
    pub order: i32,
    pub standard: bool,
    pub cues: Vec<String>,
    pub silences: Vec<String>,
    pub hresult: bool,
    pub number_contexts: Vec<String>,
    pub families: Vec<String>,
    pub shapes: Vec<String>,
    pub context_words: Vec<String>,
    pub wraps: Vec<String>,
    pub source: Option<String>,
}

impl Provider {
    pub fn shapes(&self) -> Vec<Shape> {
        shape::parse_pattern(&self.pattern).unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub matches: Vec<String>,
    pub messages: Vec<String>,
    pub summary: String,
    pub cause: String,
    pub fix: Vec<String>,
    pub actor: Actor,
    pub retryable: bool,
    pub http_status: Option<u16>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub code: String,
    /// Index into `Catalogue::providers`.
    pub provider: usize,
    pub name: Option<String>,
    pub aliases: Vec<String>,
    /// interrupt, user, config or service (`schema::CLASSES`).
    pub class: Option<String>,
    pub summary: String,
    pub cause: String,
    pub fix: Vec<String>,
    pub actor: Actor,
    pub retryable: bool,
    pub oauth_error: Option<String>,
    pub http_status: Option<u16>,
    pub context: Option<String>,
    pub specs: Vec<String>,
    /// The provider's page for this code first, then the entry's own links.
    pub links: Vec<String>,
    pub see_also: Vec<String>,
    pub matches: Vec<String>,
    pub messages: Vec<String>,
    pub documented: bool,
    pub evidence: Option<String>,
    pub deprecated: bool,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    pub providers: Vec<Provider>,
    pub entries: Vec<Entry>,
}

/// Prose as shown: YAML block scalars keep line breaks, and printers re-wrap anyway.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn trimmed(v: &[String]) -> Vec<String> {
    v.iter().map(|s| s.trim().to_string()).collect()
}

impl Entry {
    fn resolve(e: &EntrySrc, provider: usize, p: &Provider, shapes: &[Shape]) -> Entry {
        let actor = Actor::parse(&e.actor).unwrap_or(Actor::User);
        let digits = shape::digits(shapes, &e.code);
        let mut links: Vec<String> = shape::docs_link(p.docs.as_deref(), &e.code, digits).into_iter().collect();
        links.extend(e.links.iter().filter(|l| !links.contains(l)).cloned().collect::<Vec<_>>());
        let prose = |v: &[String]| v.iter().map(|s| one_line(s)).collect();
        Entry {
            code: e.code.trim().to_string(),
            provider,
            name: e.name.as_deref().map(|s| s.trim().to_string()),
            aliases: trimmed(&e.aliases),
            class: e.class.as_deref().map(|c| c.trim().to_string()),
            summary: one_line(&e.summary),
            cause: one_line(&e.cause),
            fix: prose(&e.fix),
            actor,
            retryable: e.retryable,
            oauth_error: e.oauth_error.as_deref().map(|s| s.trim().to_string()),
            http_status: e.http_status,
            context: e.context.as_deref().map(one_line),
            specs: trimmed(&e.specs),
            links,
            see_also: trimmed(&e.see_also),
            matches: trimmed(&e.matches),
            messages: e.messages.iter().map(|m| one_line(m)).collect(),
            documented: e.documented,
            evidence: e.evidence.as_deref().map(one_line),
            deprecated: e.deprecated,
            variants: e
                .variants
                .iter()
                .map(|v| Variant {
                    matches: trimmed(&v.matches),
                    messages: v.messages.iter().map(|m| one_line(m)).collect(),
                    summary: one_line(&v.summary),
                    cause: one_line(&v.cause),
                    fix: prose(&v.fix),
                    actor: v.actor.as_deref().and_then(Actor::parse).unwrap_or(actor),
                    retryable: v.retryable.unwrap_or(e.retryable),
                    http_status: v.http_status.or(e.http_status),
                })
                .collect(),
        }
    }
}

impl Provider {
    fn from_src(p: &crate::schema::ProviderSrc) -> Provider {
        Provider {
            id: p.id.clone(),
            name: p.name.clone(),
            pattern: p.pattern.clone(),
            docs: p.docs.clone(),
            order: p.order,
            standard: p.standard,
            cues: p.cues.clone(),
            silences: p.silences.clone(),
            hresult: p.hresult,
            number_contexts: p.number_contexts.clone(),
            families: p.families.clone(),
            shapes: p.shapes.clone(),
            context_words: p.context_words.iter().map(|w| w.to_lowercase()).collect(),
            wraps: p.wraps.clone(),
            source: p.source.as_deref().map(one_line),
        }
    }
}

impl Catalogue {
    /// Resolves validated files: providers by `order` (then id), entries by number then code.
    pub fn resolve(files: &[ProviderFile]) -> Catalogue {
        let mut cat = Catalogue::default();
        for f in files {
            let p = Provider::from_src(&f.provider);
            let shapes = p.shapes();
            cat.entries.extend(f.entries.iter().map(|(e, _)| Entry::resolve(e, cat.providers.len(), &p, &shapes)));
            cat.providers.push(p);
        }
        cat.sort();
        cat
    }

    /// Puts providers and entries in display order (the order every table is written in).
    pub fn sort(&mut self) {
        let mut order: Vec<usize> = (0..self.providers.len()).collect();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (&self.providers[a], &self.providers[b]);
            (pa.order, &pa.id).cmp(&(pb.order, &pb.id))
        });
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let providers = std::mem::take(&mut self.providers);
        let mut slots: Vec<Option<Provider>> = providers.into_iter().map(Some).collect();
        self.providers = order.iter().map(|&old| slots[old].take().expect("each provider once")).collect();
        let shapes: Vec<Vec<Shape>> = self.providers.iter().map(Provider::shapes).collect();
        for e in &mut self.entries {
            e.provider = new_index[e.provider];
        }
        self.entries.sort_by(|a, b| {
            let num = |e: &Entry| shapes[e.provider].iter().find_map(|s| s.value(&e.code)).unwrap_or(u64::MAX);
            (a.provider, num(a), &a.code).cmp(&(b.provider, num(b), &b.code))
        });
    }

    /// Adds an overlay's providers and entries: an entry with the provider and code of an
    /// existing one replaces it; a provider id already known keeps the known header.
    pub fn merge(&mut self, overlay: Catalogue) {
        let mut map = Vec::new();
        for p in overlay.providers {
            match self.providers.iter().position(|x| x.id == p.id) {
                Some(i) => map.push(i),
                None => {
                    map.push(self.providers.len());
                    self.providers.push(p);
                }
            }
        }
        for mut e in overlay.entries {
            e.provider = map[e.provider];
            match self.entries.iter().position(|x| x.provider == e.provider && x.code == e.code) {
                Some(i) => self.entries[i] = e,
                None => self.entries.push(e),
            }
        }
        self.sort();
    }

    /// Lookup keys, each with the entries it names in display order: entries whose code (or
    /// alias, or other spelling of a hex code) is the key, then those whose bare number is, then
    /// by name.
    pub fn keys(&self) -> BTreeMap<String, Vec<u32>> {
        let mut map: BTreeMap<String, Vec<(u8, u32)>> = BTreeMap::new();
        let shapes: Vec<Vec<Shape>> = self.providers.iter().map(Provider::shapes).collect();
        for (i, e) in self.entries.iter().enumerate() {
            let mut add = |k: String, kind: u8| {
                let list = map.entry(k).or_default();
                if !list.iter().any(|&(_, j)| j == i as u32) {
                    list.push((kind, i as u32));
                }
            };
            let shapes = &shapes[e.provider];
            add(normalize::key(&e.code), 0);
            for a in &e.aliases {
                add(normalize::key(a), 0);
            }
            if self.providers[e.provider].hresult {
                for s in shape::hresult_spellings(shapes, &e.code) {
                    add(normalize::key(&s), 0);
                }
            }
            if let Some(d) = shape::digits(shapes, &e.code) {
                add(normalize::key(d), 1);
            }
            if let Some(name) = &e.name {
                add(normalize::key(name), 2);
            }
        }
        map.into_iter()
            .filter(|(k, _)| !k.is_empty())
            .map(|(k, mut v)| {
                v.sort();
                (k, v.into_iter().map(|(_, i)| i).collect())
            })
            .collect()
    }
}
