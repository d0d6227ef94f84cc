//! The table format: one byte blob holding the whole resolved catalogue and its search index,
//! read in place. Everything is a little-endian `u32` array or UTF-8 text addressed by offset,
//! so the blob holds no pointers: a binary that embeds it needs no load-time relocations, and
//! an overlay catalogue built at run time is read by the very same code.
//!
//! Layout: `MAGIC`, then per section (byte offset, byte length), then the sections.
//! Key maps are perfect hashes made by `phf_generator` and probed with `phf_shared`, stored as
//! (hash key, displacements, slots) so they too are plain integers.

mod read;
mod serialize;
mod write;

pub use read::{Entry, Provider, StrList, Tables, Template, Variant};
pub use write::write;

pub(crate) const MAGIC: &[u8; 8] = b"STSERR\x00\x06";

/// Sections, in blob order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum Sec {
    /// All text, each distinct string once.
    Str,
    /// Provider records (`P_*` fields).
    Prov,
    /// Entry records (`E_*` fields).
    Entry,
    /// Variant records (`V_*` fields).
    Var,
    /// String references (offset, length) that string lists point into.
    List,
    /// Lookup keys: a perfect-hash map to key records.
    KeyMap,
    /// Key records: key text (offset, length), then (start, count) into `Ids`.
    KeyRec,
    Ids,
    /// Search documents: (entry, variant).
    Docs,
    TermMap,
    /// Term records: text (offset, length), then (start, count) into `Post`.
    TermRec,
    BigramMap,
    BigramRec,
    /// Postings: document << 16 | quantised weight.
    Post,
    /// Per document (start, count) into `PhraseRec`.
    Phrases,
    /// Phrase text (offset, length), then its rarity as f32 bits.
    PhraseRec,
    /// Search vocabulary as string references, sorted by length in characters, then text.
    Vocab,
    /// `VocabAt[n]..VocabAt[n + 1]` are the vocabulary words of n characters.
    VocabAt,
    /// Message templates (`T_*` fields): owner, folded pieces and slot names.
    Tmpl,
    /// Anchor words: a perfect-hash map to records (word, then (start, count) into `TmplIds`).
    TmplMap,
    TmplRec,
    TmplIds,
}

pub(crate) const SECTIONS: usize = Sec::TmplIds as usize + 1;

/// Sentinel offset of an absent optional string.
pub(crate) const NONE: u32 = u32::MAX;

// Provider record fields (u32 each).
pub(crate) const P_ID: usize = 0; // str
pub(crate) const P_NAME: usize = 2; // str
pub(crate) const P_PATTERN: usize = 4; // str
pub(crate) const P_DOCS: usize = 6; // opt str
pub(crate) const P_ORDER: usize = 8; // i32 bits
pub(crate) const P_FLAGS: usize = 9; // bit 0 standard, bit 1 hresult
pub(crate) const P_CUES: usize = 10; // list
pub(crate) const P_SILENCES: usize = 12; // list
pub(crate) const P_NUMBER_CONTEXTS: usize = 14; // list
pub(crate) const P_SOURCE: usize = 16; // opt str
pub(crate) const P_ENTRIES: usize = 18; // entry count
pub(crate) const P_FAMILIES: usize = 19; // list
pub(crate) const P_SHAPES: usize = 21; // list
pub(crate) const P_CONTEXT_WORDS: usize = 23; // list
pub(crate) const P_WRAPS: usize = 25; // list
pub(crate) const P_WORDS: usize = 27;

// Entry record fields.
pub(crate) const E_CODE: usize = 0;
pub(crate) const E_PROVIDER: usize = 2;
pub(crate) const E_NAME: usize = 3;
pub(crate) const E_ALIASES: usize = 5;
pub(crate) const E_SUMMARY: usize = 7;
pub(crate) const E_CAUSE: usize = 9;
pub(crate) const E_FIX: usize = 11;
pub(crate) const E_ACTOR: usize = 13;
pub(crate) const E_FLAGS: usize = 14; // bit 0 retryable, 1 documented, 2 deprecated, 3 standard twin
pub(crate) const E_OAUTH: usize = 15;
pub(crate) const E_STATUS: usize = 17; // 0 = none
pub(crate) const E_CONTEXT: usize = 18;
pub(crate) const E_SPECS: usize = 20;
pub(crate) const E_LINKS: usize = 22;
pub(crate) const E_SEE_ALSO: usize = 24;
pub(crate) const E_MATCHES: usize = 26;
pub(crate) const E_MESSAGES: usize = 28;
pub(crate) const E_EVIDENCE: usize = 30;
pub(crate) const E_VARIANTS: usize = 32; // (start, count) into Var
pub(crate) const E_CLASS: usize = 34;
pub(crate) const E_WORDS: usize = 36;

// Variant record fields.
pub(crate) const V_MATCHES: usize = 0;
pub(crate) const V_MESSAGES: usize = 2;
pub(crate) const V_SUMMARY: usize = 4;
pub(crate) const V_CAUSE: usize = 6;
pub(crate) const V_FIX: usize = 8;
pub(crate) const V_ACTOR: usize = 10;
pub(crate) const V_RETRYABLE: usize = 11;
pub(crate) const V_STATUS: usize = 12;
pub(crate) const V_WORDS: usize = 13;

// Template record fields.
pub(crate) const T_ENTRY: usize = 0;
pub(crate) const T_VARIANT: usize = 1; // 0 = the entry itself, else variant n - 1
pub(crate) const T_PIECES: usize = 2; // list
pub(crate) const T_SLOTS: usize = 4; // list
pub(crate) const T_WORDS: usize = 6;

#[cfg(test)]
pub(crate) mod tests;
