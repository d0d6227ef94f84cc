//! Checks shared by the fuzz targets: an answer is well formed, and every way it is printed
//! (human text, JSON Lines) works; JSON parses back to one object per line.

#![allow(dead_code)]

use stserr::Catalogue;
use stserr::catalogue::{Entry, Provider};
use stserr::lookup::{self, Answer};
use stserr::render::{human, json};

/// The built-in catalogue, as `stserr` runs without an overlay.
pub fn cat() -> &'static Catalogue {
    Catalogue::builtin()
}

/// No provider, or one of the compiled ones, chosen by a byte of the input.
pub fn provider(sel: u8) -> Option<Provider> {
    let i = usize::from(sel) % (cat().providers().len() + 1);
    i.checked_sub(1).and_then(|i| cat().providers().nth(i))
}

/// One JSON object per line, and the line ends the text.
pub fn one_object(line: &str) -> serde_json::Map<String, serde_json::Value> {
    assert!(line.ends_with('\n') && line.matches('\n').count() == 1, "not one line: {line:?}");
    match serde_json::from_str(line) {
        Ok(serde_json::Value::Object(o)) => o,
        other => panic!("not a JSON object: {other:?} from {line:?}"),
    }
}

fn in_provider(e: &Entry, provider: Option<Provider>) -> bool {
    provider.is_none_or(|p| e.provider().id() == p.id())
}

/// Checks an answer to `q` and prints it both ways.
pub fn check_answer(q: &str, provider: Option<Provider>, answer: &Answer) {
    let width = 80;
    let mut text = String::new();
    match answer {
        Answer::Exact(found) => {
            assert!(!found.is_empty());
            assert!(found.iter().all(|e| in_provider(e, provider)));
            for e in found {
                let o = one_object(&json::line(&json::EntryJson::from(*e)));
                assert_eq!(o["code"], e.code());
            }
            human::entry(&mut text, &found[0], &found[1..], q, width);
        }
        Answer::Extracted { entries, captured, inside, unknown, ids } => {
            assert!(captured.len() == entries.len() && inside.len() == entries.len());
            assert!(!entries.is_empty() && entries.iter().all(|list| !list.is_empty()));
            assert!(entries.iter().flatten().all(|e| in_provider(e, provider)));
            assert!(unknown.iter().all(|c| !c.is_empty() && c.is_ascii()), "{unknown:?}");
            for (i, list) in entries.iter().enumerate() {
                let o = one_object(&json::line(&json::ExtractedJson::new(list[0], ids, &captured[i], inside[i])));
                assert_eq!(o["code"], list[0].code());
                assert_eq!(o["trace_id"].as_str(), ids.trace_id.as_deref());
                human::entry(&mut text, &list[0], &list[1..], list[0].code(), width);
            }
            human::ids(&mut text, ids);
        }
        Answer::Guess(hits) => {
            assert!(!hits.is_empty() && hits.len() <= lookup::GUESSES);
            for h in hits {
                assert!(in_provider(&h.entry, provider));
                assert!(h.score.is_finite() && h.score > 0.0, "{}", h.score);
                let o = one_object(&json::line(&json::HitJson::from(h)));
                assert_eq!(o["code"], h.entry.code());
                human::ranked(&mut text, h, width);
            }
        }
        Answer::Missing { suggestions } => {
            assert!(suggestions.len() <= 3);
            assert!(suggestions.iter().all(|e| in_provider(e, provider)));
        }
    }
    assert!(!stserr::escape::escape(q).chars().any(char::is_control));
}
