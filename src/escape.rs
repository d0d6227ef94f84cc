//! Escaping what a run echoes back (queries, file names, log lines, overlay text) so that text
//! from outside can never move the cursor, recolour the terminal or reorder what is shown.

use std::io::{self, Write};

/// Control characters and the bidirectional-text controls (which reorder a line as displayed).
fn unsafe_char(c: char, keep_tab: bool) -> bool {
    (c.is_control() && !(keep_tab && c == '\t'))
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` itself when it holds no unsafe character (most catalogue prose), else [`escape`]d.
pub fn escape_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(|c| unsafe_char(c, false)) {
        std::borrow::Cow::Owned(escape(s))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// `s` with every unsafe character written as a Rust escape (`\u{1b}`, `\n`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if unsafe_char(c, false) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes raw bytes of a log line: unsafe characters escaped (tabs kept), invalid UTF-8 as U+FFFD.
pub fn escaped(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let mut last = 0;
        for (i, c) in valid.char_indices() {
            if unsafe_char(c, true) {
                out.write_all(&valid.as_bytes()[last..i])?;
                write!(out, "{}", c.escape_default())?;
                last = i + c.len_utf8();
            }
        }
        out.write_all(&valid.as_bytes()[last..])?;
        if !chunk.invalid().is_empty() {
            out.write_all("\u{FFFD}".as_bytes())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(escape("a\u{1b}[31mb\u{202e}c"), "a\\u{1b}[31mb\\u{202e}c");
        let mut out = Vec::new();
        escaped(&mut out, b"x\ty\x07\xff").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "x\ty\\u{7}\u{FFFD}");
    }

    #[test]
    fn escaping_keeps_text_and_tabs_but_not_control_bytes() {
        let mut out = Vec::new();
        escaped(&mut out, b"a\tb\x1b[31mred\x07\x00 \xff\xfe ok \xc3\xa9").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a\tb\\u{1b}[31mred\\u{7}\\u{0} \u{FFFD}\u{FFFD} ok é");
    }
}
