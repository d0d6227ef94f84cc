//! Reads the table format in place: views that decode fields on access.

use super::*;
use crate::model::{self, Actor};

/// A blob's sections; every view borrows it.
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    secs: [&'a [u8]; SECTIONS],
}

fn u32_at(bytes: &[u8], i: usize) -> u32 {
    let b = &bytes[i * 4..i * 4 + 4];
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

impl<'a> Tables<'a> {
    /// Reads the section table; `None` when the blob is not in this format.
    pub fn new(blob: &'a [u8]) -> Option<Tables<'a>> {
        if blob.get(..MAGIC.len())? != MAGIC {
            return None;
        }
        let mut secs = [&blob[..0]; SECTIONS];
        for (s, sec) in secs.iter_mut().enumerate() {
            let at = MAGIC.len() + s * 8;
            let head = blob.get(at..at + 8)?;
            let off = u32_at(head, 0) as usize;
            let len = u32_at(head, 1) as usize;
            *sec = blob.get(off..off.checked_add(len)?)?;
        }
        Some(Tables { secs })
    }

    fn word(&self, s: Sec, i: usize) -> u32 {
        u32_at(self.secs[s as usize], i)
    }

    fn words(&self, s: Sec) -> usize {
        self.secs[s as usize].len() / 4
    }

    fn str_at(&self, off: u32, len: u32) -> &'a str {
        let text = self.secs[Sec::Str as usize];
        std::str::from_utf8(&text[off as usize..off as usize + len as usize]).unwrap_or("")
    }

    /// The string whose reference starts at word `i` of section `s`.
    fn str(&self, s: Sec, i: usize) -> &'a str {
        self.str_at(self.word(s, i), self.word(s, i + 1))
    }

    fn opt(&self, s: Sec, i: usize) -> Option<&'a str> {
        (self.word(s, i) != NONE).then(|| self.str(s, i))
    }

    fn list(&'a self, s: Sec, i: usize) -> StrList<'a> {
        StrList { t: self, start: self.word(s, i), len: self.word(s, i + 1) }
    }

    pub fn providers(&'a self) -> impl ExactSizeIterator<Item = Provider<'a>> + 'a {
        (0..self.words(Sec::Prov) / P_WORDS).map(|i| Provider { t: self, i: i as u32 })
    }

    pub fn provider(&'a self, i: usize) -> Provider<'a> {
        Provider { t: self, i: i as u32 }
    }

    pub fn entry_count(&self) -> usize {
        self.words(Sec::Entry) / E_WORDS
    }

    pub fn entry(&'a self, i: usize) -> Entry<'a> {
        Entry { t: self, i: i as u32 }
    }

    pub fn entries(&'a self) -> impl ExactSizeIterator<Item = Entry<'a>> + 'a {
        (0..self.entry_count()).map(|i| self.entry(i))
    }

    /// Probes a perfect-hash map; the record number whose key text equals `key`.
    fn probe(&self, map: Sec, rec: Sec, rec_words: usize, key: &str) -> Option<usize> {
        let n_disps = self.word(map, 2) as usize;
        let slots = self.words(map).checked_sub(3 + 2 * n_disps)?;
        if slots == 0 || n_disps == 0 {
            return None;
        }
        let hash_key = u64::from(self.word(map, 0)) | u64::from(self.word(map, 1)) << 32;
        let h = phf_shared::hash(key, &hash_key);
        let d = 3 + 2 * (h.g % n_disps as u32) as usize;
        let slot = phf_shared::displace(h.f1, h.f2, self.word(map, d), self.word(map, d + 1)) % slots as u32;
        let record = self.word(map, 3 + 2 * n_disps + slot as usize) as usize;
        (self.str(rec, record * rec_words) == key).then_some(record)
    }

    /// Entries a normalised key names, in display order.
    pub fn by_key(&'a self, key: &str) -> impl ExactSizeIterator<Item = Entry<'a>> + use<'a> {
        let (start, count) = match self.probe(Sec::KeyMap, Sec::KeyRec, 4, key) {
            Some(r) => (self.word(Sec::KeyRec, r * 4 + 2), self.word(Sec::KeyRec, r * 4 + 3)),
            None => (0, 0),
        };
        (start..start + count).map(|i| self.entry(self.word(Sec::Ids, i as usize) as usize))
    }

    /// Every key with its entries' indices, for fuzzy matching.
    pub fn keys(&'a self) -> impl Iterator<Item = (&'a str, impl Iterator<Item = usize> + 'a)> + 'a {
        let t = self;
        (0..self.words(Sec::KeyRec) / 4).map(move |r| {
            let (start, count) = (t.word(Sec::KeyRec, r * 4 + 2), t.word(Sec::KeyRec, r * 4 + 3));
            (t.str(Sec::KeyRec, r * 4), (start..start + count).map(move |i| t.word(Sec::Ids, i as usize) as usize))
        })
    }

    /// The message templates a word of folded text anchors (see `template`).
    pub fn templates_anchored(&'a self, word: &str) -> impl ExactSizeIterator<Item = Template<'a>> + use<'a> {
        let (start, count) = match self.probe(Sec::TmplMap, Sec::TmplRec, 4, word) {
            Some(r) => (self.word(Sec::TmplRec, r * 4 + 2), self.word(Sec::TmplRec, r * 4 + 3)),
            None => (0, 0),
        };
        (start..start + count).map(|i| Template { t: self, i: self.word(Sec::TmplIds, i as usize) })
    }

    pub fn template_count(&self) -> usize {
        self.words(Sec::Tmpl) / T_WORDS
    }

    pub fn doc_count(&self) -> usize {
        self.words(Sec::Docs) / 2
    }

    /// (entry, variant) of a search document; variant 0 is the entry itself.
    pub fn doc(&self, d: usize) -> (usize, usize) {
        (self.word(Sec::Docs, d * 2) as usize, self.word(Sec::Docs, d * 2 + 1) as usize)
    }

    fn posting_list(&self, map: Sec, rec: Sec, key: &str) -> (usize, usize) {
        match self.probe(map, rec, 4, key) {
            Some(r) => (self.word(rec, r * 4 + 2) as usize, self.word(rec, r * 4 + 3) as usize),
            None => (0, 0),
        }
    }

    fn postings_of(&'a self, (start, count): (usize, usize)) -> impl Iterator<Item = (usize, f32)> + 'a {
        let t = self;
        (start..start + count).map(move |i| {
            let p = t.word(Sec::Post, i);
            ((p >> 16) as usize, (p & 0xffff) as f32 / crate::index::SCALE)
        })
    }

    /// (document, weight) of a search term.
    pub fn term(&'a self, term: &str) -> impl Iterator<Item = (usize, f32)> + use<'a> {
        self.postings_of(self.posting_list(Sec::TermMap, Sec::TermRec, term))
    }

    /// In how many documents a term occurs (0: not in the vocabulary).
    pub fn term_df(&self, term: &str) -> usize {
        self.posting_list(Sec::TermMap, Sec::TermRec, term).1
    }

    pub fn bigram(&'a self, pair: &str) -> impl Iterator<Item = (usize, f32)> + use<'a> {
        self.postings_of(self.posting_list(Sec::BigramMap, Sec::BigramRec, pair))
    }

    /// A document's `match` phrases as space-joined terms, with their summed rarity.
    pub fn phrases(&'a self, doc: usize) -> impl Iterator<Item = (&'a str, f32)> + 'a {
        let t = self;
        let (start, count) = (t.word(Sec::Phrases, doc * 2) as usize, t.word(Sec::Phrases, doc * 2 + 1) as usize);
        (start..start + count)
            .map(move |i| (t.str(Sec::PhraseRec, i * 3), f32::from_bits(t.word(Sec::PhraseRec, i * 3 + 2))))
    }

    /// Vocabulary words of exactly `chars` characters.
    pub fn vocab(&'a self, chars: usize) -> impl Iterator<Item = &'a str> + 'a {
        let t = self;
        let at = self.words(Sec::VocabAt);
        let (a, b) = if chars + 1 < at {
            (t.word(Sec::VocabAt, chars) as usize, t.word(Sec::VocabAt, chars + 1) as usize)
        } else {
            (0, 0)
        };
        (a..b).map(move |i| t.str(Sec::Vocab, i * 2))
    }

    /// The resolved catalogue back as owned data (to merge an overlay into it).
    pub fn to_model(&self) -> model::Catalogue {
        model::Catalogue {
            providers: self.providers().map(|p| p.to_model()).collect(),
            entries: self.entries().map(|e| e.to_model()).collect(),
        }
    }
}

/// A list of strings in the blob.
#[derive(Debug, Clone, Copy)]
pub struct StrList<'a> {
    t: &'a Tables<'a>,
    start: u32,
    len: u32,
}

impl<'a> StrList<'a> {
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&'a str> {
        (i < self.len()).then(|| self.t.str(Sec::List, (self.start as usize + i) * 2))
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a str> + DoubleEndedIterator + use<'a> {
        let t = self.t;
        (self.start as usize..(self.start + self.len) as usize).map(move |i| t.str(Sec::List, i * 2))
    }

    pub fn contains(&self, s: &str) -> bool {
        self.iter().any(|x| x == s)
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

/// A provider record.
#[derive(Debug, Clone, Copy)]
pub struct Provider<'a> {
    t: &'a Tables<'a>,
    i: u32,
}

impl<'a> Provider<'a> {
    fn w(&self, field: usize) -> usize {
        self.i as usize * P_WORDS + field
    }
    pub fn index(&self) -> usize {
        self.i as usize
    }
    pub fn id(&self) -> &'a str {
        self.t.str(Sec::Prov, self.w(P_ID))
    }
    pub fn name(&self) -> &'a str {
        self.t.str(Sec::Prov, self.w(P_NAME))
    }
    pub fn pattern(&self) -> &'a str {
        self.t.str(Sec::Prov, self.w(P_PATTERN))
    }
    pub fn docs(&self) -> Option<&'a str> {
        self.t.opt(Sec::Prov, self.w(P_DOCS))
    }
    pub fn order(&self) -> i32 {
        self.t.word(Sec::Prov, self.w(P_ORDER)) as i32
    }
    pub fn standard(&self) -> bool {
        self.t.word(Sec::Prov, self.w(P_FLAGS)) & 1 != 0
    }
    pub fn hresult(&self) -> bool {
        self.t.word(Sec::Prov, self.w(P_FLAGS)) & 2 != 0
    }
    pub fn cues(&self) -> StrList<'a> {
        self.t.list(Sec::Prov, self.w(P_CUES))
    }
    pub fn silences(&self) -> StrList<'a> {
        self.t.list(Sec::Prov, self.w(P_SILENCES))
    }
    pub fn number_contexts(&self) -> StrList<'a> {
        self.t.list(Sec::Prov, self.w(P_NUMBER_CONTEXTS))
    }
    pub fn source(&self) -> Option<&'a str> {
        self.t.opt(Sec::Prov, self.w(P_SOURCE))
    }
    /// Leading hex digits of the 32-bit values that are this provider's (`0x8018`).
    pub fn families(&self) -> StrList<'a> {
        self.t.list(Sec::Prov, self.w(P_FAMILIES))
    }
    /// Message shapes around a name, with `{code}` where the name stands.
    pub fn message_shapes(&self) -> StrList<'a> {
        self.t.list(Sec::Prov, self.w(P_SHAPES))
    }
    /// Lower-case words that, on the line of a shared name, say it is this provider's.
    pub fn context_words(&self) -> StrList<'a> {
        self.t.list(Sec::Prov, self.w(P_CONTEXT_WORDS))
    }
    /// Providers whose codes this one's errors carry inside them.
    pub fn wraps(&self) -> StrList<'a> {
        self.t.list(Sec::Prov, self.w(P_WRAPS))
    }
    /// How many entries the provider has.
    pub fn entries(&self) -> usize {
        self.t.word(Sec::Prov, self.w(P_ENTRIES)) as usize
    }
    pub fn shapes(&self) -> Vec<crate::shape::Shape> {
        crate::shape::parse_pattern(self.pattern()).unwrap_or_default()
    }

    fn to_model(self) -> model::Provider {
        model::Provider {
            id: self.id().into(),
            name: self.name().into(),
            pattern: self.pattern().into(),
            docs: self.docs().map(Into::into),
            order: self.order(),
            standard: self.standard(),
            cues: self.cues().to_vec(),
            silences: self.silences().to_vec(),
            hresult: self.hresult(),
            number_contexts: self.number_contexts().to_vec(),
            families: self.families().to_vec(),
            shapes: self.message_shapes().to_vec(),
            context_words: self.context_words().to_vec(),
            wraps: self.wraps().to_vec(),
            source: self.source().map(Into::into),
        }
    }
}

impl PartialEq for Provider<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.i == other.i && std::ptr::eq(self.t, other.t)
    }
}

/// An entry record.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    t: &'a Tables<'a>,
    i: u32,
}

impl<'a> Entry<'a> {
    fn w(&self, field: usize) -> usize {
        self.i as usize * E_WORDS + field
    }
    fn flag(&self, bit: u32) -> bool {
        self.t.word(Sec::Entry, self.w(E_FLAGS)) & (1 << bit) != 0
    }
    /// Position in display order.
    pub fn index(&self) -> usize {
        self.i as usize
    }
    pub fn code(&self) -> &'a str {
        self.t.str(Sec::Entry, self.w(E_CODE))
    }
    pub fn provider(&self) -> Provider<'a> {
        self.t.provider(self.t.word(Sec::Entry, self.w(E_PROVIDER)) as usize)
    }
    pub fn name(&self) -> Option<&'a str> {
        self.t.opt(Sec::Entry, self.w(E_NAME))
    }
    pub fn aliases(&self) -> StrList<'a> {
        self.t.list(Sec::Entry, self.w(E_ALIASES))
    }
    pub fn summary(&self) -> &'a str {
        self.t.str(Sec::Entry, self.w(E_SUMMARY))
    }
    pub fn cause(&self) -> &'a str {
        self.t.str(Sec::Entry, self.w(E_CAUSE))
    }
    pub fn fix(&self) -> StrList<'a> {
        self.t.list(Sec::Entry, self.w(E_FIX))
    }
    pub fn actor(&self) -> Actor {
        Actor::ALL[self.t.word(Sec::Entry, self.w(E_ACTOR)) as usize % 4]
    }
    pub fn retryable(&self) -> bool {
        self.flag(0)
    }
    pub fn documented(&self) -> bool {
        self.flag(1)
    }
    pub fn deprecated(&self) -> bool {
        self.flag(2)
    }
    /// A vendor's copy of a standard error name (okta's invalid_grant).
    pub fn standard_twin(&self) -> bool {
        self.flag(3)
    }
    pub fn oauth_error(&self) -> Option<&'a str> {
        self.t.opt(Sec::Entry, self.w(E_OAUTH))
    }
    pub fn http_status(&self) -> Option<u16> {
        let s = self.t.word(Sec::Entry, self.w(E_STATUS));
        (s != 0).then_some(s as u16)
    }
    pub fn context(&self) -> Option<&'a str> {
        self.t.opt(Sec::Entry, self.w(E_CONTEXT))
    }
    pub fn specs(&self) -> StrList<'a> {
        self.t.list(Sec::Entry, self.w(E_SPECS))
    }
    pub fn links(&self) -> StrList<'a> {
        self.t.list(Sec::Entry, self.w(E_LINKS))
    }
    pub fn see_also(&self) -> StrList<'a> {
        self.t.list(Sec::Entry, self.w(E_SEE_ALSO))
    }
    pub fn matches(&self) -> StrList<'a> {
        self.t.list(Sec::Entry, self.w(E_MATCHES))
    }
    pub fn messages(&self) -> StrList<'a> {
        self.t.list(Sec::Entry, self.w(E_MESSAGES))
    }
    pub fn evidence(&self) -> Option<&'a str> {
        self.t.opt(Sec::Entry, self.w(E_EVIDENCE))
    }
    /// interrupt, user, config or service, where the catalogue classifies the code.
    pub fn class(&self) -> Option<&'a str> {
        self.t.opt(Sec::Entry, self.w(E_CLASS))
    }
    pub fn variants(&self) -> impl ExactSizeIterator<Item = Variant<'a>> + use<'a> {
        let t = self.t;
        let start = t.word(Sec::Entry, self.w(E_VARIANTS));
        let count = t.word(Sec::Entry, self.w(E_VARIANTS) + 1);
        (start..start + count).map(move |i| Variant { t, i })
    }
    /// The `n`th variant (0-based).
    pub fn variant(&self, n: usize) -> Option<Variant<'a>> {
        self.variants().nth(n)
    }

    fn to_model(self) -> model::Entry {
        model::Entry {
            code: self.code().into(),
            provider: self.provider().index(),
            name: self.name().map(Into::into),
            aliases: self.aliases().to_vec(),
            summary: self.summary().into(),
            cause: self.cause().into(),
            fix: self.fix().to_vec(),
            actor: self.actor(),
            retryable: self.retryable(),
            oauth_error: self.oauth_error().map(Into::into),
            http_status: self.http_status(),
            context: self.context().map(Into::into),
            specs: self.specs().to_vec(),
            links: self.links().to_vec(),
            see_also: self.see_also().to_vec(),
            matches: self.matches().to_vec(),
            messages: self.messages().to_vec(),
            documented: self.documented(),
            evidence: self.evidence().map(Into::into),
            class: self.class().map(Into::into),
            deprecated: self.deprecated(),
            variants: self.variants().map(Variant::to_model).collect(),
        }
    }
}

/// Two views of one record of one blob.
impl PartialEq for Entry<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.i == other.i && std::ptr::eq(self.t, other.t)
    }
}

/// A message-specific meaning of an entry; unset fields were filled from the entry.
#[derive(Debug, Clone, Copy)]
pub struct Variant<'a> {
    t: &'a Tables<'a>,
    i: u32,
}

impl<'a> Variant<'a> {
    fn w(&self, field: usize) -> usize {
        self.i as usize * V_WORDS + field
    }
    pub fn matches(&self) -> StrList<'a> {
        self.t.list(Sec::Var, self.w(V_MATCHES))
    }
    pub fn messages(&self) -> StrList<'a> {
        self.t.list(Sec::Var, self.w(V_MESSAGES))
    }
    pub fn summary(&self) -> &'a str {
        self.t.str(Sec::Var, self.w(V_SUMMARY))
    }
    pub fn cause(&self) -> &'a str {
        self.t.str(Sec::Var, self.w(V_CAUSE))
    }
    pub fn fix(&self) -> StrList<'a> {
        self.t.list(Sec::Var, self.w(V_FIX))
    }
    pub fn actor(&self) -> Actor {
        Actor::ALL[self.t.word(Sec::Var, self.w(V_ACTOR)) as usize % 4]
    }
    pub fn retryable(&self) -> bool {
        self.t.word(Sec::Var, self.w(V_RETRYABLE)) != 0
    }
    pub fn http_status(&self) -> Option<u16> {
        let s = self.t.word(Sec::Var, self.w(V_STATUS));
        (s != 0).then_some(s as u16)
    }

    fn to_model(self) -> model::Variant {
        model::Variant {
            matches: self.matches().to_vec(),
            messages: self.messages().to_vec(),
            summary: self.summary().into(),
            cause: self.cause().into(),
            fix: self.fix().to_vec(),
            actor: self.actor(),
            retryable: self.retryable(),
            http_status: self.http_status(),
        }
    }
}

/// A message template: its owner and its folded pieces around the slots.
#[derive(Clone, Copy)]
pub struct Template<'a> {
    t: &'a Tables<'a>,
    i: u32,
}

impl<'a> Template<'a> {
    fn at(&self, field: usize) -> usize {
        self.i as usize * T_WORDS + field
    }

    /// Which template of the catalogue this is (stable within one blob).
    pub fn id(&self) -> u32 {
        self.i
    }

    pub fn entry(&self) -> Entry<'a> {
        self.t.entry(self.t.word(Sec::Tmpl, self.at(T_ENTRY)) as usize)
    }

    /// The variant the template belongs to, if not the entry itself.
    pub fn variant(&self) -> Option<Variant<'a>> {
        let v = self.t.word(Sec::Tmpl, self.at(T_VARIANT)) as usize;
        v.checked_sub(1).and_then(|v| self.entry().variant(v))
    }

    pub fn pieces(&self) -> StrList<'a> {
        self.t.list(Sec::Tmpl, self.at(T_PIECES))
    }

    pub fn slots(&self) -> StrList<'a> {
        self.t.list(Sec::Tmpl, self.at(T_SLOTS))
    }
}
