//! The pasted-payload path: `lookup::lookup` on text that holds a catalogue code, framed as a
//! message, an Entra JSON error body, a redirect URL, an error link, or glued to other text in
//! one word, with arbitrary text around and inside it. The code must always be explained, and the answer must print as text and as JSON.
//!
//! Input: a selector byte (framing and provider), then the noise (invalid UTF-8 replaced).

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use stserr::lookup::{self, Answer};

/// The code that `frame` embeds, and the text with `noise` around it. The words next to the
/// code keep the whole text from folding into another code's lookup key.
fn pasted(frame: u8, noise: &str) -> (&'static str, String) {
    match frame % 7 {
        0 => ("AADSTS50011", format!("AADSTS50011: The reply URL {noise}")),
        1 => ("E0000011", format!("{noise} failed: E0000011")),
        2 => (
            "AADSTS50126",
            format!(
                r#"{{"error":"invalid_grant","error_description":"AADSTS50126: {noise}","error_codes":[50126],"timestamp":"{noise}","trace_id":"{noise}"}}"#
            ),
        ),
        3 => ("AADSTS50076", format!(r#"{{\"error_description\":\"{noise}\",\"error_codes\":[50076, {noise}]}}"#)),
        4 => (
            "AADB2C90118",
            format!(
                "https://app.example/cb?error=access_denied&error_description=AADB2C90118%3a+{noise}&state={noise}"
            ),
        ),
        5 => ("AADSTS700016", format!("{noise} https://login.microsoftonline.com/error?code=700016 {noise}")),
        // Glued to other text in one word: `logs/AADSTS50011`, `x_E0000011`.
        _ => ("AADSTS50011", format!("{}/AADSTS50011", noise.replace(|c: char| !c.is_alphanumeric(), ""))),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let noise = String::from_utf8_lossy(rest);
    let (code, text) = pasted(sel, &noise);

    let answer = lookup::lookup(common::cat(), &text, None);
    common::check_answer(&text, None, &answer);
    let found: Vec<&str> = match &answer {
        Answer::Exact(found) => found.iter().map(|e| e.code()).collect(),
        Answer::Extracted { entries, .. } => entries.iter().map(|list| list[0].code()).collect(),
        // Noise that holds a token or SAML message: the code is explained from the rest of the text.
        Answer::Decoded { rest: Some(_), .. } => return,
        other => panic!("{code} in {text:?} gave {other:?}"),
    };
    assert!(found.contains(&code), "{code} not in {found:?} for {text:?}");

    // Within a provider the same text must not panic, whatever it finds.
    let provider = common::provider(sel / 7);
    common::check_answer(&text, provider, &lookup::lookup(common::cat(), &text, provider));
});
