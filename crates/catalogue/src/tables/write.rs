//! Writes a resolved catalogue and its index into the table format (see `tables`).

use super::*;
use crate::index::Index;
use crate::model::{Catalogue, Entry, Provider, Variant};
use std::collections::HashMap;

#[derive(Default)]
struct Writer {
    text: Vec<u8>,
    interned: HashMap<String, u32>,
    secs: Vec<Vec<u32>>,
}

impl Writer {
    fn sec(&mut self, s: Sec) -> &mut Vec<u32> {
        &mut self.secs[s as usize]
    }

    fn str(&mut self, s: &str) -> [u32; 2] {
        let off = match self.interned.get(s) {
            Some(&off) => off,
            None => {
                let off = self.text.len() as u32;
                self.text.extend_from_slice(s.as_bytes());
                self.interned.insert(s.to_string(), off);
                off
            }
        };
        [off, s.len() as u32]
    }

    fn opt(&mut self, s: Option<&str>) -> [u32; 2] {
        s.map_or([NONE, 0], |s| self.str(s))
    }

    fn list(&mut self, items: &[String]) -> [u32; 2] {
        let refs: Vec<[u32; 2]> = items.iter().map(|s| self.str(s)).collect();
        let start = self.secs[Sec::List as usize].len() as u32 / 2;
        for r in refs {
            self.sec(Sec::List).extend(r);
        }
        [start, items.len() as u32]
    }

    /// A perfect-hash map from `keys` to record numbers 0..n, then the records themselves
    /// (key text followed by `extra`), in `map` and `rec`.
    fn map(&mut self, map: Sec, rec: Sec, keys: &[&str], extra: &[[u32; 2]]) {
        let state = phf_generator::generate_hash(keys);
        let out = &mut self.secs[map as usize];
        out.extend([state.key as u32, (state.key >> 32) as u32, state.disps.len() as u32]);
        for (d1, d2) in &state.disps {
            out.extend([*d1, *d2]);
        }
        out.extend(state.map.iter().map(|&i| i as u32));
        for (k, x) in keys.iter().zip(extra) {
            let s = self.str(k);
            self.sec(rec).extend(s.into_iter().chain(*x));
        }
    }

    fn provider(&mut self, p: &Provider, entries: usize) {
        let mut r = vec![0; P_WORDS];
        r[P_ID..P_ID + 2].copy_from_slice(&self.str(&p.id));
        r[P_NAME..P_NAME + 2].copy_from_slice(&self.str(&p.name));
        r[P_PATTERN..P_PATTERN + 2].copy_from_slice(&self.str(&p.pattern));
        r[P_DOCS..P_DOCS + 2].copy_from_slice(&self.opt(p.docs.as_deref()));
        r[P_ORDER] = p.order as u32;
        r[P_FLAGS] = u32::from(p.standard) | u32::from(p.hresult) << 1;
        r[P_CUES..P_CUES + 2].copy_from_slice(&self.list(&p.cues));
        r[P_SILENCES..P_SILENCES + 2].copy_from_slice(&self.list(&p.silences));
        r[P_NUMBER_CONTEXTS..P_NUMBER_CONTEXTS + 2].copy_from_slice(&self.list(&p.number_contexts));
        r[P_SOURCE..P_SOURCE + 2].copy_from_slice(&self.opt(p.source.as_deref()));
        r[P_ENTRIES] = entries as u32;
        r[P_FAMILIES..P_FAMILIES + 2].copy_from_slice(&self.list(&p.families));
        r[P_SHAPES..P_SHAPES + 2].copy_from_slice(&self.list(&p.shapes));
        r[P_CONTEXT_WORDS..P_CONTEXT_WORDS + 2].copy_from_slice(&self.list(&p.context_words));
        r[P_WRAPS..P_WRAPS + 2].copy_from_slice(&self.list(&p.wraps));
        self.sec(Sec::Prov).extend(r);
    }

    fn variant(&mut self, v: &Variant) {
        let mut r = vec![0; V_WORDS];
        r[V_MATCHES..V_MATCHES + 2].copy_from_slice(&self.list(&v.matches));
        r[V_MESSAGES..V_MESSAGES + 2].copy_from_slice(&self.list(&v.messages));
        r[V_SUMMARY..V_SUMMARY + 2].copy_from_slice(&self.str(&v.summary));
        r[V_CAUSE..V_CAUSE + 2].copy_from_slice(&self.str(&v.cause));
        r[V_FIX..V_FIX + 2].copy_from_slice(&self.list(&v.fix));
        r[V_ACTOR] = v.actor as u32;
        r[V_RETRYABLE] = u32::from(v.retryable);
        r[V_STATUS] = v.http_status.map_or(0, u32::from);
        self.sec(Sec::Var).extend(r);
    }

    fn entry(&mut self, e: &Entry, twin: bool) {
        let first_variant = self.secs[Sec::Var as usize].len() / V_WORDS;
        for v in &e.variants {
            self.variant(v);
        }
        let mut r = vec![0; E_WORDS];
        r[E_CODE..E_CODE + 2].copy_from_slice(&self.str(&e.code));
        r[E_PROVIDER] = e.provider as u32;
        r[E_NAME..E_NAME + 2].copy_from_slice(&self.opt(e.name.as_deref()));
        r[E_ALIASES..E_ALIASES + 2].copy_from_slice(&self.list(&e.aliases));
        r[E_SUMMARY..E_SUMMARY + 2].copy_from_slice(&self.str(&e.summary));
        r[E_CAUSE..E_CAUSE + 2].copy_from_slice(&self.str(&e.cause));
        r[E_FIX..E_FIX + 2].copy_from_slice(&self.list(&e.fix));
        r[E_ACTOR] = e.actor as u32;
        r[E_FLAGS] =
            u32::from(e.retryable) | u32::from(e.documented) << 1 | u32::from(e.deprecated) << 2 | u32::from(twin) << 3;
        r[E_OAUTH..E_OAUTH + 2].copy_from_slice(&self.opt(e.oauth_error.as_deref()));
        r[E_STATUS] = e.http_status.map_or(0, u32::from);
        r[E_CONTEXT..E_CONTEXT + 2].copy_from_slice(&self.opt(e.context.as_deref()));
        r[E_SPECS..E_SPECS + 2].copy_from_slice(&self.list(&e.specs));
        r[E_LINKS..E_LINKS + 2].copy_from_slice(&self.list(&e.links));
        r[E_SEE_ALSO..E_SEE_ALSO + 2].copy_from_slice(&self.list(&e.see_also));
        r[E_MATCHES..E_MATCHES + 2].copy_from_slice(&self.list(&e.matches));
        r[E_MESSAGES..E_MESSAGES + 2].copy_from_slice(&self.list(&e.messages));
        r[E_EVIDENCE..E_EVIDENCE + 2].copy_from_slice(&self.opt(e.evidence.as_deref()));
        r[E_CLASS..E_CLASS + 2].copy_from_slice(&self.opt(e.class.as_deref()));
        r[E_VARIANTS] = first_variant as u32;
        r[E_VARIANTS + 1] = e.variants.len() as u32;
        self.sec(Sec::Entry).extend(r);
    }

    fn postings(&mut self, map: Sec, rec: Sec, table: &std::collections::BTreeMap<String, Vec<(u16, u16)>>) {
        let keys: Vec<&str> = table.keys().map(String::as_str).collect();
        let mut extra = Vec::with_capacity(keys.len());
        for list in table.values() {
            let start = self.secs[Sec::Post as usize].len() as u32;
            let post = self.sec(Sec::Post);
            post.extend(list.iter().map(|&(doc, w)| u32::from(doc) << 16 | u32::from(w)));
            extra.push([start, list.len() as u32]);
        }
        self.map(map, rec, &keys, &extra);
    }

    fn index(&mut self, index: &Index) {
        for d in &index.docs {
            self.sec(Sec::Docs).extend([d.entry, d.variant]);
        }
        self.postings(Sec::TermMap, Sec::TermRec, &index.terms);
        self.postings(Sec::BigramMap, Sec::BigramRec, &index.bigrams);
        for list in &index.phrases {
            let start = self.secs[Sec::PhraseRec as usize].len() as u32 / 3;
            for (phrase, rarity) in list {
                let s = self.str(phrase);
                self.sec(Sec::PhraseRec).extend([s[0], s[1], rarity.to_bits()]);
            }
            self.sec(Sec::Phrases).extend([start, list.len() as u32]);
        }
        // Vocabulary by length, for typo correction.
        let mut vocab: Vec<&String> = index.terms.keys().collect();
        vocab.sort_by_key(|t| (t.chars().count(), t.as_str()));
        let longest = vocab.last().map_or(0, |t| t.chars().count());
        let mut at = vec![0u32; longest + 2];
        for t in &vocab {
            at[t.chars().count() + 1] += 1;
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        for t in vocab {
            let s = self.str(t);
            self.sec(Sec::Vocab).extend(s);
        }
        self.sec(Sec::VocabAt).extend(at);
    }
}

impl Writer {
    /// Every message template, folded and split at its slots, and a map from each template's
    /// anchor (the rarest word of the words a match needs) to the templates it anchors.
    fn templates(&mut self, cat: &Catalogue) {
        use crate::template::{compile, head, words};
        let mut all = Vec::new();
        for (i, e) in cat.entries.iter().enumerate() {
            let own = e.messages.iter().map(|m| (0, m));
            let of_variants =
                e.variants.iter().enumerate().flat_map(|(j, v)| v.messages.iter().map(move |m| (j + 1, m)));
            for (variant, m) in own.chain(of_variants) {
                all.push((i, variant, compile(m)));
            }
        }
        let heads: Vec<Vec<String>> = all
            .iter()
            .map(|(_, _, c)| {
                let pieces: Vec<&str> = c.pieces.iter().map(String::as_str).collect();
                head(&pieces).map_or(Vec::new(), |(_, h)| words(h).map(str::to_string).collect())
            })
            .collect();
        let mut frequency: HashMap<&str, usize> = HashMap::new();
        for h in &heads {
            let mut seen: Vec<&str> = h.iter().map(String::as_str).collect();
            seen.sort_unstable();
            seen.dedup();
            for w in seen {
                *frequency.entry(w).or_default() += 1;
            }
        }
        let mut anchored: std::collections::BTreeMap<String, Vec<u32>> = std::collections::BTreeMap::new();
        for (t, ((entry, variant, c), h)) in all.iter().zip(&heads).enumerate() {
            let mut r = vec![0; T_WORDS];
            r[T_ENTRY] = *entry as u32;
            r[T_VARIANT] = *variant as u32;
            r[T_PIECES..T_PIECES + 2].copy_from_slice(&self.list(&c.pieces));
            r[T_SLOTS..T_SLOTS + 2].copy_from_slice(&self.list(&c.slots));
            self.sec(Sec::Tmpl).extend(r);
            if let Some(anchor) = h.iter().min_by_key(|w| (frequency[w.as_str()], std::cmp::Reverse(w.len()))) {
                anchored.entry(anchor.clone()).or_default().push(t as u32);
            }
        }
        self.id_map([Sec::TmplMap, Sec::TmplRec, Sec::TmplIds], &anchored);
    }

    /// A perfect-hash map from each key to its list of record numbers, stored in `ids`.
    fn id_map(&mut self, [map, rec, ids]: [Sec; 3], table: &std::collections::BTreeMap<String, Vec<u32>>) {
        let keys: Vec<&str> = table.keys().map(String::as_str).collect();
        let mut extra = Vec::with_capacity(keys.len());
        for list in table.values() {
            let start = self.secs[ids as usize].len() as u32;
            self.sec(ids).extend(list);
            extra.push([start, list.len() as u32]);
        }
        self.map(map, rec, &keys, &extra);
    }
}

/// The blob for a resolved catalogue and its index.
pub fn write(cat: &Catalogue, index: &Index) -> Vec<u8> {
    let mut w = Writer { secs: vec![Vec::new(); SECTIONS], ..Writer::default() };
    for (i, p) in cat.providers.iter().enumerate() {
        w.provider(p, cat.entries.iter().filter(|e| e.provider == i).count());
    }
    for (e, &twin) in cat.entries.iter().zip(&index.standard_twin) {
        w.entry(e, twin);
    }
    w.id_map([Sec::KeyMap, Sec::KeyRec, Sec::Ids], &cat.keys());
    w.index(index);
    w.templates(cat);
    let mut blob = MAGIC.to_vec();
    let mut offset = MAGIC.len() + SECTIONS * 8;
    let lens: Vec<usize> =
        (0..SECTIONS).map(|s| if s == Sec::Str as usize { w.text.len() } else { w.secs[s].len() * 4 }).collect();
    for len in &lens {
        blob.extend((offset as u32).to_le_bytes());
        blob.extend((*len as u32).to_le_bytes());
        offset += len;
    }
    blob.extend(&w.text);
    for (s, sec) in w.secs.iter().enumerate() {
        if s != Sec::Str as usize {
            blob.extend(sec.iter().flat_map(|x| x.to_le_bytes()));
        }
    }
    blob
}
