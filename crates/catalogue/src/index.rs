//! The search index: every entry and every variant becomes a document; each term gets a posting
//! list of (document, weight) with the BM25-style weight computed here, so a search only adds
//! numbers. Built for the compiled catalogue and for a catalogue with an overlay alike.

use crate::model::Catalogue;
use crate::normalize;
use std::collections::{BTreeMap, HashMap};

/// Field weights: what a service prints and what a thing is called count far more than prose.
pub const W_CODE: f32 = 8.0;
pub const W_NAME: f32 = 3.0;
pub const W_MATCH: f32 = 5.0;
pub const W_SUMMARY: f32 = 2.5;
pub const W_OAUTH: f32 = 1.5;
pub const W_CAUSE: f32 = 1.0;
pub const W_FIX: f32 = 0.4;
pub const W_VARIANT_CODE: f32 = 1.5;
/// Saturation of the weighted term frequency (BM25's k1).
const K1: f32 = 2.0;
/// Quantisation of weights stored as u16.
pub const SCALE: f32 = 1000.0;
/// Posting lists store documents as u16.
pub const MAX_DOCS: usize = u16::MAX as usize;

/// Rarity of a term found in `df` of `n` documents.
pub fn idf(n: usize, df: usize) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// One searchable document: an entry, or one variant of it (`variant` is 1-based; 0 = the entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doc {
    pub entry: u32,
    pub variant: u32,
}

#[derive(Debug, Default)]
pub struct Index {
    pub docs: Vec<Doc>,
    /// term -> (doc, quantised weight), idf included.
    pub terms: BTreeMap<String, Vec<(u16, u16)>>,
    pub bigrams: BTreeMap<String, Vec<(u16, u16)>>,
    /// Per document, its `match` phrases as space-joined terms with their summed rarity.
    pub phrases: Vec<Vec<(String, f32)>>,
    /// Per entry: a vendor's copy of a standard name (okta's invalid_grant).
    pub standard_twin: Vec<bool>,
}

#[derive(Default)]
struct DocTerms {
    tf: HashMap<String, f32>,
    bigrams: HashMap<String, f32>,
}

impl DocTerms {
    fn add(&mut self, text: &str, weight: f32, pairs: bool) {
        let terms = normalize::terms(text);
        for t in &terms {
            *self.tf.entry(t.clone()).or_default() += weight;
        }
        if pairs {
            for w in terms.windows(2) {
                let slot = self.bigrams.entry(format!("{} {}", w[0], w[1])).or_default();
                *slot = slot.max(weight);
            }
        }
    }

    fn add_code(&mut self, code: &str, digits: Option<&str>, weight: f32) {
        self.add(code, weight, false);
        if let Some(d) = digits {
            *self.tf.entry(d.to_string()).or_default() += weight;
        }
    }
}

fn documents(cat: &Catalogue) -> (Vec<Doc>, Vec<DocTerms>, Vec<Vec<Vec<String>>>) {
    let (mut docs, mut terms, mut phrases) = (Vec::new(), Vec::new(), Vec::new());
    let phrase_terms = |ms: &[String]| ms.iter().map(|m| normalize::terms(m)).filter(|t| t.len() >= 2).collect();
    let shapes: Vec<_> = cat.providers.iter().map(|p| p.shapes()).collect();
    for (i, e) in cat.entries.iter().enumerate() {
        let digits = crate::shape::digits(&shapes[e.provider], &e.code);
        let mut d = DocTerms::default();
        d.add_code(&e.code, digits, W_CODE);
        if let Some(n) = &e.name {
            d.add(n, W_NAME, true);
        }
        for m in &e.matches {
            d.add(m, W_MATCH, true);
        }
        d.add(&e.summary, W_SUMMARY, true);
        if let Some(o) = &e.oauth_error {
            d.add(o, W_OAUTH, false);
        }
        d.add(&e.cause, W_CAUSE, false);
        for s in &e.fix {
            d.add(s, W_FIX, false);
        }
        docs.push(Doc { entry: i as u32, variant: 0 });
        terms.push(d);
        phrases.push(phrase_terms(&e.matches));
        for (j, v) in e.variants.iter().enumerate() {
            let mut d = DocTerms::default();
            // The code ties a variant to its error, but every variant sharing it must not
            // outweigh the one entry that is the error's own meaning.
            d.add_code(&e.code, digits, W_VARIANT_CODE);
            for m in &v.matches {
                d.add(m, W_MATCH + 1.0, true);
            }
            // A variant is found by its message; its prose counts as the entry's does, so that a
            // description of the general meaning finds the entry rather than one variant.
            d.add(&v.summary, W_SUMMARY, true);
            d.add(&v.cause, W_CAUSE, false);
            for s in &v.fix {
                d.add(s, W_FIX, false);
            }
            docs.push(Doc { entry: i as u32, variant: j as u32 + 1 });
            terms.push(d);
            phrases.push(phrase_terms(&v.matches));
        }
    }
    (docs, terms, phrases)
}

/// Postings per key, weights already multiplied by the key's inverse document frequency.
fn postings(n: usize, per_doc: Vec<HashMap<String, f32>>, saturate: bool) -> BTreeMap<String, Vec<(u16, u16)>> {
    let mut raw: BTreeMap<String, Vec<(usize, f32)>> = BTreeMap::new();
    for (doc, tf) in per_doc.into_iter().enumerate() {
        for (t, w) in tf {
            raw.entry(t).or_default().push((doc, w));
        }
    }
    raw.into_iter()
        .map(|(t, list)| {
            let idf = idf(n, list.len());
            let mut list: Vec<(u16, u16)> = list
                .into_iter()
                .map(|(doc, w)| {
                    let w = if saturate { w * (K1 + 1.0) / (w + K1) } else { w };
                    (doc as u16, (idf * w * SCALE).round().clamp(1.0, u16::MAX as f32) as u16)
                })
                .collect();
            list.sort();
            (t, list)
        })
        .collect()
}

impl Index {
    /// Indexes a resolved catalogue. Fails when it has more documents than postings can name.
    pub fn build(cat: &Catalogue) -> Result<Index, String> {
        let (docs, terms, phrases) = documents(cat);
        let n = docs.len();
        if n > MAX_DOCS {
            return Err(format!("the catalogue has {n} searchable documents; the index holds at most {MAX_DOCS}"));
        }
        let (tf, bi): (Vec<_>, Vec<_>) = terms.into_iter().map(|d| (d.tf, d.bigrams)).unzip();
        let terms = postings(n, tf, true);
        let bigrams = postings(n, bi, false);
        let rarity = |t: &str| idf(n, terms.get(t).map_or(0, Vec::len));
        let phrases = phrases
            .into_iter()
            .map(|list| list.into_iter().map(|p| (p.join(" "), p.iter().map(|t| rarity(t)).sum())).collect())
            .collect();
        let standard_keys: Vec<String> = cat
            .entries
            .iter()
            .filter(|e| cat.providers[e.provider].standard)
            .map(|e| normalize::key(&e.code))
            .collect();
        let standard_twin = cat
            .entries
            .iter()
            .map(|e| {
                let named = e.code.starts_with(|c: char| c.is_ascii_lowercase());
                !cat.providers[e.provider].standard && named && standard_keys.contains(&normalize::key(&e.code))
            })
            .collect();
        Ok(Index { docs, terms, bigrams, phrases, standard_twin })
    }
}
