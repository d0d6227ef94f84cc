//! Reading a provider's published table from its markdown: table rows whose first cell is a code
//! (`| AADSTS50011 | InvalidReplyTo - The reply… |`, `` | `AADB2C90001` | This user… | ``) and
//! headings that start with one (`### E0000001: API validation exception`, Okta's layout).

use stserr_catalogue::shape::{Shape, fits};

/// One published code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub code: String,
    /// The name the provider gives it (`InvalidReplyTo`, Okta's title), if any.
    pub name: Option<String>,
    pub text: String,
}

/// The published codes of the numbered shapes in `shapes`, in source order, first mention kept.
pub fn read(markdown: &str, shapes: &[Shape]) -> Vec<Published> {
    let numbered: Vec<Shape> = shapes.iter().filter(|s| !matches!(s, Shape::Name)).cloned().collect();
    let is_code = |s: &str| !s.is_empty() && fits(&numbered, s);
    let mut out: Vec<Published> = Vec::new();
    let lines: Vec<&str> = markdown.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        let found = if let Some(row) = line.strip_prefix('|') {
            let cells: Vec<&str> = row.split('|').map(|c| c.trim().trim_matches('`').trim()).collect();
            match cells.as_slice() {
                [code, text, ..] if is_code(code) => Some(entra_style(code, text)),
                _ => None,
            }
        } else if line.starts_with('#') {
            let heading = line.trim_start_matches('#').trim();
            let (code, title) = heading.split_once(':').unwrap_or((heading, ""));
            let code = code.trim().trim_matches('`');
            is_code(code).then(|| {
                // Everything up to the next heading is the description.
                let body: Vec<&str> = lines[i + 1..]
                    .iter()
                    .map(|l| l.trim())
                    .take_while(|l| !l.starts_with('#'))
                    .filter(|l| !l.is_empty())
                    .collect();
                let title = title.trim();
                Published {
                    code: code.to_string(),
                    name: (!title.is_empty()).then(|| title.to_string()),
                    text: format!("{title} {}", body.join(" ")).trim().to_string(),
                }
            })
        } else {
            None
        };
        if let Some(p) = found.filter(|p| !out.iter().any(|o| o.code.eq_ignore_ascii_case(&p.code))) {
            out.push(p);
        }
    }
    out
}

/// `InvalidReplyTo - The reply address…`: a leading identifier before ` - ` is the name.
fn entra_style(code: &str, text: &str) -> Published {
    let name = text
        .split_once(" - ")
        .map(|(n, _)| n.trim())
        .filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase()) && n.chars().all(|c| c.is_ascii_alphanumeric()));
    Published { code: code.to_string(), name: name.map(str::to_string), text: text.to_string() }
}

/// A stable hash of published text (FNV-1a over its words), so reflowed markdown is no change.
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for word in text.split_whitespace() {
        for b in word.bytes().chain([b' ']) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use stserr_catalogue::shape::parse_pattern;

    #[test]
    fn rows_and_headings_give_codes_names_and_text() {
        let md = "| Error | Description |\n|---|---|\n| AADSTS50011 | InvalidReplyTo - The reply address is missing. |\n\
                  | AADSTS28002 | Provided value for scope '{scope}' isn't valid. |\n| `AADB2C90001` | x |\n";
        let got = read(md, &parse_pattern("AADSTS#+").unwrap());
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].name.as_deref(), Some("InvalidReplyTo"));
        assert_eq!(got[1].name, None);
        let okta = "### E0000001: API validation exception\n\nHTTP Status: 400\n\nAPI validation failed.\n";
        let got = read(okta, &parse_pattern("E0000###|<name>").unwrap());
        assert_eq!(got[0].code, "E0000001");
        assert_eq!(got[0].name.as_deref(), Some("API validation exception"));
        assert_eq!(got[0].text, "API validation exception HTTP Status: 400 API validation failed.");
    }

    #[test]
    fn the_hash_ignores_reflowing() {
        assert_eq!(hash("a  b\nc"), hash("a b c"));
        assert_ne!(hash("a b c"), hash("a b d"));
    }
}
