//! Text normalisation: the keys and search terms written into the tables are produced by exactly
//! the functions that later read queries, at build time and at run time alike.

/// Lookup key: lower-case letters and digits only. `AADSTS-50126`, `aadsts50126`,
/// `InvalidUserNameOrPassword`, `invalid-user-name-or-password` all fold to one key each.
/// Lower-cases before filtering: lower-casing can yield a combining mark (`İ` -> `i` + U+0307).
pub fn key(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// Splits text into search words: runs of letters and digits, further split at
/// camelCase humps (`InvalidReplyTo` -> invalid reply to), lower-cased.
/// Runs that mix letters and digits (`AADSTS50011`, `E0000011`) stay whole.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for run in text.split(|c: char| !c.is_alphanumeric()) {
        if run.is_empty() {
            continue;
        }
        if run.chars().any(|c| c.is_ascii_digit()) {
            out.push(lower(run));
            continue;
        }
        let chars: Vec<char> = run.chars().collect();
        // A capital that lower-casing leaves as it is (`𝐀`) is no hump: the lower-cased word
        // would split there again.
        let upper = |c: char| c.is_uppercase() && !c.to_lowercase().eq([c]);
        let mut start = 0;
        for i in 1..chars.len() {
            let hump = upper(chars[i])
                && (chars[i - 1].is_lowercase()
                    || (i + 1 < chars.len() && chars[i + 1].is_lowercase() && upper(chars[i - 1])));
            if hump {
                out.push(lower(&chars[start..i].iter().collect::<String>()));
                start = i;
            }
        }
        out.push(lower(&chars[start..].iter().collect::<String>()));
    }
    out
}

/// A run lower-cased, without what lower-casing adds that is not a letter or digit (`İ` -> `i`),
/// so that the words of a word are that word.
fn lower(run: &str) -> String {
    run.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Light suffix stripping so that expired / expires / expiry / expiration meet.
/// One suffix at most, and the stem keeps at least three characters.
pub fn stem(word: &str) -> String {
    if word.chars().any(|c| c.is_ascii_digit()) || !word.is_ascii() {
        return word.to_string();
    }
    const SUFFIXES: [&str; 11] = ["ations", "ation", "ions", "ion", "ing", "ies", "ed", "es", "ly", "s", "e"];
    for suffix in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() < 3 || (suffix == "s" && stem.ends_with('s')) {
                continue;
            }
            return stem.strip_suffix('y').filter(|s| s.len() >= 3).unwrap_or(stem).to_string();
        }
    }
    match word.strip_suffix('y') {
        Some(stem) if stem.len() >= 3 => stem.to_string(),
        _ => word.to_string(),
    }
}

/// Words too common in the catalogue and in messages to say anything.
pub const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "doe", "does", "for",
    "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "me", "my", "not",
    "of", "on", "or", "our", "she", "so", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "was", "we", "were", "what", "when", "which", "while", "who", "will", "with", "would", "you",
    "your",
];

/// Search terms of a text: words, minus stop words, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    words(text).into_iter().filter(|w| !STOPWORDS.contains(&w.as_str())).map(|w| stem(&w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_folds_every_spelling_of_a_code() {
        for s in ["AADSTS50126", "aadsts50126", "AADSTS-50126", " AADSTS 50126 "] {
            assert_eq!(key(s), "aadsts50126");
        }
        assert_eq!(key("invalid_grant"), key("Invalid-Grant"));
    }

    #[test]
    fn camel_case_names_split_into_words() {
        assert_eq!(words("InvalidUserNameOrPassword"), ["invalid", "user", "name", "or", "password"]);
        assert_eq!(words("SAMLRequest failed"), ["saml", "request", "failed"]);
        assert_eq!(words("AADSTS50011: reply-url"), ["aadsts50011", "reply", "url"]);
    }

    #[test]
    fn stemming_joins_word_forms() {
        let forms = ["expired", "expires", "expiry", "expiration", "expire"];
        assert!(forms.iter().all(|w| stem(w) == "expir"), "{:?}", forms.map(stem));
        assert_eq!(stem("policies"), stem("policy"));
        assert_eq!(stem("users"), stem("user"));
        assert_eq!(stem("access"), "access");
    }
}
