//! The query parser and normaliser on arbitrary text: `normalize::{key, words, terms, stem}`,
//! `lookup::lookup` (code, number, name, pasted text, then the search, with `fuzzy::suggest` for
//! misses) and `search::search` with a limit, and printing each answer as text and as JSON.
//!
//! Input: a selector byte (provider and search limit), then the query (invalid UTF-8 replaced).

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use stserr::{lookup, normalize, search};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let q = String::from_utf8_lossy(rest);
    let provider = common::provider(sel);

    let key = normalize::key(&q);
    assert_eq!(normalize::key(&key), key, "key is not idempotent");
    assert!(key.chars().all(char::is_alphanumeric), "{key:?}");
    let words = normalize::words(&q);
    assert_eq!(normalize::words(&words.join(" ")), words, "words joined by spaces split differently");
    for w in &words {
        let _ = normalize::stem(w);
    }
    let _ = normalize::terms(&q);

    let answer = lookup::lookup(common::cat(), &q, provider);
    common::check_answer(&q, provider, &answer);

    let limit = usize::from(sel >> 5);
    let hits = search::search(common::cat(), &q, provider, limit);
    assert!(hits.len() <= limit, "{} hits for limit {limit}", hits.len());
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score), "not best first");
});
