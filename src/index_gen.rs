//! Build-time search index: every entry and every variant becomes a document; each term gets a
//! posting list of (document, weight) with the BM25-style weight computed here, so a search at run
//! time only adds numbers. Postings are packed into one byte blob to keep the generated source small.

use crate::codegen::Flat;
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
pub const W_VARIANT_PROSE: f32 = 1.0;
pub const W_VARIANT_CODE: f32 = 1.5;
/// Saturation of the weighted term frequency (BM25's k1).
const K1: f32 = 2.0;
/// Quantisation of weights stored as u16.
pub const SCALE: f32 = 1000.0;

/// One searchable document: an entry, or one variant of it (`variant` is 1-based; 0 = the entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doc {
    pub entry: usize,
    pub variant: usize,
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
                let b = format!("{} {}", w[0], w[1]);
                let slot = self.bigrams.entry(b).or_default();
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

/// The documents, their terms, and each document's `match` phrases as stemmed terms.
fn documents(flat: &[Flat]) -> (Vec<Doc>, Vec<DocTerms>, Vec<Vec<Vec<String>>>) {
    let mut docs = Vec::new();
    let mut terms = Vec::new();
    let mut phrases = Vec::new();
    let phrase_terms = |ms: &[String]| ms.iter().map(|m| normalize::terms(m)).filter(|t| t.len() >= 2).collect();
    for (i, f) in flat.iter().enumerate() {
        let e = f.entry;
        let mut d = DocTerms::default();
        d.add_code(&e.code, f.digits, W_CODE);
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
        docs.push(Doc { entry: i, variant: 0 });
        terms.push(d);
        phrases.push(phrase_terms(&e.matches));
        for (j, v) in e.variants.iter().enumerate() {
            let mut d = DocTerms::default();
            // The code ties a variant to its error, but every variant sharing it must not
            // outweigh the one entry that is the error's own meaning.
            d.add_code(&e.code, f.digits, W_VARIANT_CODE);
            for m in &v.matches {
                d.add(m, W_MATCH + 1.0, true);
            }
            // A variant is found by its message; its prose counts less, so that a description of
            // the general meaning finds the entry (or the standard one) rather than one variant.
            d.add(&v.summary, W_SUMMARY * W_VARIANT_PROSE, true);
            d.add(&v.cause, W_CAUSE * W_VARIANT_PROSE, false);
            for s in &v.fix {
                d.add(s, W_FIX * W_VARIANT_PROSE, false);
            }
            docs.push(Doc { entry: i, variant: j + 1 });
            terms.push(d);
            phrases.push(phrase_terms(&v.matches));
        }
    }
    (docs, terms, phrases)
}

/// Postings per key, weights already multiplied by the key's inverse document frequency.
fn postings(
    n: usize,
    per_doc: impl Iterator<Item = (usize, HashMap<String, f32>)>,
    saturate: bool,
) -> BTreeMap<String, Vec<(u16, u16)>> {
    let mut raw: BTreeMap<String, Vec<(usize, f32)>> = BTreeMap::new();
    for (doc, tf) in per_doc {
        for (t, w) in tf {
            raw.entry(t).or_default().push((doc, w));
        }
    }
    raw.into_iter()
        .map(|(t, list)| {
            let df = list.len() as f32;
            let idf = (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln();
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

/// Appends the generated index tables to `out`; `blob` receives the packed postings.
/// `standard[i]` says whether entry `i` belongs to the standard (oauth) provider.
pub fn generate(flat: &[Flat], standard: &[bool], out: &mut String, blob: &mut Vec<u8>) {
    use std::fmt::Write;
    let (docs, terms, phrases) = documents(flat);
    let n = docs.len();
    let _ = writeln!(out, "pub static DOCS: &[(u16, u8)] = &[");
    for d in &docs {
        let _ = write!(out, "({}, {}),", d.entry, d.variant);
    }
    out.push_str("\n];\n\n");
    let (tf, bi): (Vec<_>, Vec<_>) = terms.into_iter().map(|d| (d.tf, d.bigrams)).unzip();
    let unigrams = postings(n, tf.into_iter().enumerate(), true);
    let bigrams = postings(n, bi.into_iter().enumerate(), false);
    for (name, table) in [("TERMS", &unigrams), ("BIGRAMS", &bigrams)] {
        let mut map = phf_codegen::Map::new();
        for (t, list) in table {
            let start = blob.len();
            for (doc, w) in list {
                blob.extend_from_slice(&doc.to_le_bytes());
                blob.extend_from_slice(&w.to_le_bytes());
            }
            map.entry(t.as_str(), format!("({start}, {})", list.len()));
        }
        let _ = writeln!(out, "/// term -> (byte offset, count) of (doc u16, weight u16) pairs in POSTINGS.");
        let _ = writeln!(out, "pub static {name}: phf::Map<&'static str, (u32, u32)> = {};\n", map.build());
    }
    // Vocabulary by length, for typo correction: VOCAB_AT[len]..VOCAB_AT[len + 1] holds words of that length.
    let mut vocab: Vec<&String> = unigrams.keys().collect();
    vocab.sort_by_key(|t| (t.chars().count(), t.as_str()));
    let longest = vocab.last().map_or(0, |t| t.chars().count());
    let mut at = vec![0usize; longest + 2];
    for t in &vocab {
        at[t.chars().count() + 1] += 1;
    }
    for i in 1..at.len() {
        at[i] += at[i - 1];
    }
    // Each document's match phrases as space-joined terms with their summed rarity, so a
    // search can test "the query quotes this whole phrase" without re-tokenising.
    let idf = |t: &str| {
        let df = unigrams.get(t).map_or(0, Vec::len) as f32;
        (1.0 + (n as f32 - df + 0.5) / (df + 0.5)).ln()
    };
    let _ = writeln!(out, "pub static DOC_PHRASES: &[&[(&str, f32)]] = &[");
    for list in &phrases {
        let items: Vec<String> =
            list.iter().map(|p| format!("({:?}, {:.3})", p.join(" "), p.iter().map(|t| idf(t)).sum::<f32>())).collect();
        let _ = writeln!(out, "&[{}],", items.join(", "));
    }
    out.push_str("];\n\n");
    // Entries of other providers that share their name with a standard entry (okta's invalid_grant).
    let standard_keys: Vec<String> =
        flat.iter().zip(standard).filter(|(_, s)| **s).map(|(f, _)| normalize::key(&f.entry.code)).collect();
    let twins: Vec<String> = flat
        .iter()
        .zip(standard)
        .map(|(f, s)| {
            let named = f.entry.code.starts_with(|c: char| c.is_ascii_lowercase());
            (!s && named && standard_keys.contains(&normalize::key(&f.entry.code))).to_string()
        })
        .collect();
    let _ = writeln!(out, "pub static STANDARD_TWIN: &[bool] = &[{}];\n", twins.join(","));
    let words: Vec<String> = vocab.iter().map(|t| format!("{t:?}")).collect();
    let _ = writeln!(out, "pub static VOCAB: &[&str] = &[{}];", words.join(","));
    let _ = writeln!(out, "pub static VOCAB_AT: &[u32] = &{at:?};");
    let _ = writeln!(out, "pub const DOC_COUNT: usize = {n};");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{self, EntrySrc, VariantSrc};

    fn entry(code: &str, summary: &str, matches: &[&str], variants: Vec<VariantSrc>) -> EntrySrc {
        let mut p = Vec::new();
        let text = format!(
            "provider: {{id: t, name: t, pattern: \"<name>\"}}\nentries:\n  - {{code: {code}, summary: \"{summary}\", cause: c, fix: [f], actor: user}}\n"
        );
        let mut f = source::parse_file("t.yaml", &text, &mut p).unwrap();
        let mut e = f.entries.remove(0).0;
        e.matches = matches.iter().map(|s| s.to_string()).collect();
        e.variants = variants;
        e
    }

    #[test]
    fn variants_become_their_own_documents_and_phrases_their_own_bigrams() {
        let v = VariantSrc {
            matches: vec!["refresh token is invalid".into()],
            summary: "s".into(),
            cause: "c".into(),
            fix: vec!["f".into()],
            actor: None,
            retryable: None,
            http_status: None,
        };
        let a = entry("invalid_grant", "grant rejected", &["the grant was rejected"], vec![v]);
        let b = entry("other", "unrelated thing", &[], vec![]);
        let flat = [
            Flat { provider: 0, entry: &a, digits: None, docs_link: None },
            Flat { provider: 0, entry: &b, digits: None, docs_link: None },
        ];
        let mut out = String::new();
        let mut blob = Vec::new();
        generate(&flat, &[false, false], &mut out, &mut blob);
        assert!(out.contains("pub static DOCS: &[(u16, u8)] = &[\n(0, 0),(0, 1),(1, 0),"), "{out}");
        assert!(out.contains("\"refresh token\"") && out.contains("\"grant reject\""), "bigrams of match phrases");
        assert!(out.contains("pub const DOC_COUNT: usize = 3;"));
        assert_eq!(blob.len() % 4, 0);
    }
}
