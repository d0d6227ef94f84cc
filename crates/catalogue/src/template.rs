//! Message templates: the literal text a service prints, with `{name}` slots. Templates and
//! pasted text are folded by the one function here, so that `doesn't`/`does not`, curly quotes,
//! case, hyphens inside words, HTML entities, JSON and URL escapes and runs of white space do
//! not stop a match.

/// Text folded for matching, with the byte offset in the original of every folded byte (and of
/// the end), so that captured values are shown as the user wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    pub from: Vec<usize>,
}

impl Folded {
    /// The original text behind folded bytes `a..b`.
    pub fn original<'t>(&self, original: &'t str, a: usize, b: usize) -> &'t str {
        original.get(self.from[a]..self.from[b]).unwrap_or("").trim()
    }
}

/// Marks a slot in a folded template (a private-use character no service prints).
pub const SLOT: char = '\u{E000}';

/// Words a prefix of a template needs to identify it when the text was cut off.
pub const PREFIX_WORDS: usize = 8;

/// The longest value a slot takes, in folded bytes; beyond it the text is not this message.
pub const MAX_SLOT: usize = 400;

/// `n't` forms folded to their long form (`doesn't` -> `does not`).
const CONTRACTIONS: [(&str, &str); 18] = [
    ("can't", "cannot"),
    ("won't", "will not"),
    ("don't", "do not"),
    ("doesn't", "does not"),
    ("didn't", "did not"),
    ("isn't", "is not"),
    ("aren't", "are not"),
    ("wasn't", "was not"),
    ("weren't", "were not"),
    ("hasn't", "has not"),
    ("haven't", "have not"),
    ("hadn't", "had not"),
    ("couldn't", "could not"),
    ("wouldn't", "would not"),
    ("shouldn't", "should not"),
    ("mustn't", "must not"),
    ("needn't", "need not"),
    ("can not", "cannot"),
];

/// Decodes one escape at the start of `s`: an HTML entity, a JSON escape or a URL escape.
/// Returns the character and the escape's length in bytes.
fn unescape(s: &str, url: bool) -> Option<(char, usize)> {
    const ENTITIES: [(&str, char); 9] = [
        ("&amp;", '&'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&#34;", '"'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&nbsp;", ' '),
    ];
    let b = s.as_bytes();
    match b.first()? {
        b'&' => ENTITIES
            .iter()
            .find(|(e, _)| s.get(..e.len()).is_some_and(|x| x.eq_ignore_ascii_case(e)))
            .map(|&(e, c)| (c, e.len())),
        b'\\' => match b.get(1)? {
            b'n' | b'r' | b't' => Some((' ', 2)),
            b'"' | b'\'' | b'/' | b'\\' => Some((b[1] as char, 2)),
            b'u' => {
                let hex = s.get(2..6)?;
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                Some((if c.is_control() { ' ' } else { c }, 6))
            }
            _ => None,
        },
        b'%' if url => {
            let v = u8::from_str_radix(s.get(1..3)?, 16).ok()?;
            (v.is_ascii() && !v.is_ascii_control()).then_some((v as char, 3))
        }
        b'+' if url => Some((' ', 1)),
        _ => None,
    }
}

/// Folds text for template matching (see the module comment).
pub fn fold(s: &str) -> Folded {
    // A URL-encoded message (`error_description=The+redirect+URI%27…`) has no spaces of its own.
    let url = !s.contains(' ') && (s.contains('+') || s.contains("%20"));
    // Characters, decoded and mapped, each with its original offset.
    let mut chars: Vec<(char, usize)> = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let (c, len) = unescape(&s[i..], url).unwrap_or_else(|| {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        });
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{00B4}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
            c if c.is_whitespace() || c.is_control() => ' ',
            c => c,
        };
        for l in c.to_lowercase() {
            chars.push((l, i));
        }
        i += len;
    }
    let mut out = Folded { text: String::with_capacity(s.len()), from: Vec::with_capacity(s.len() + 1) };
    let mut k = 0;
    while k < chars.len() {
        let (c, at) = chars[k];
        if c == ' ' {
            // One space for a run, none at the start.
            if !out.text.is_empty() && !out.text.ends_with(' ') {
                push(&mut out, ' ', at);
            }
            k += 1;
            continue;
        }
        // `multi-factor` and `multifactor`, `sign-in` and `signin` are one spelling.
        let joins = |i: usize| chars.get(i).is_some_and(|&(c, _)| c.is_alphabetic());
        if c == '-' && k > 0 && joins(k - 1) && joins(k + 1) {
            k += 1;
            continue;
        }
        let starts_word = k == 0 || !chars[k - 1].0.is_alphanumeric();
        if starts_word {
            if let Some((n, long)) = contraction(&chars[k..]) {
                for l in long.chars() {
                    push(&mut out, l, at);
                }
                k += n;
                continue;
            }
        }
        push(&mut out, c, at);
        k += 1;
    }
    if out.text.ends_with(' ') {
        out.text.pop();
        out.from.pop();
    }
    out.from.push(s.len());
    out
}

fn push(out: &mut Folded, c: char, at: usize) {
    out.text.push(c);
    out.from.extend(std::iter::repeat_n(at, c.len_utf8()));
}

/// The contraction at the start of `chars` (a whole word), as (characters used, long form).
fn contraction(chars: &[(char, usize)]) -> Option<(usize, &'static str)> {
    CONTRACTIONS.iter().find_map(|&(short, long)| {
        let n = short.chars().count();
        let fits = chars.len() >= n
            && chars[..n].iter().map(|&(c, _)| c).eq(short.chars())
            && chars.get(n).is_none_or(|&(c, _)| !c.is_alphanumeric());
        fits.then_some((n, long))
    })
}

/// A template compiled for matching: its folded literal pieces around the slots, and the slot
/// names. `pieces.len() == slots.len() + 1`; the first or last piece is empty when the template
/// starts or ends with a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    pub pieces: Vec<String>,
    pub slots: Vec<String>,
}

/// Compiles a template (already validated: balanced braces, names from the vocabulary).
pub fn compile(template: &str) -> Compiled {
    let mut marked = String::with_capacity(template.len());
    let mut slots = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        marked.push_str(&rest[..open]);
        marked.push(SLOT);
        slots.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    marked.push_str(rest);
    let folded = fold(&marked).text;
    let pieces: Vec<String> = folded.split(SLOT).map(str::to_string).collect();
    Compiled { pieces, slots }
}

/// Words of folded text, for anchors: runs of letters and digits.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// The part of a compiled template that must appear in a text for it to match, truncated or not:
/// the first non-empty piece, cut after [`PREFIX_WORDS`] words or at the end of its first
/// sentence, whichever comes first. Returns (piece index, prefix).
pub fn head<'p>(pieces: &[&'p str]) -> Option<(usize, &'p str)> {
    let (k, &piece) = pieces.iter().enumerate().find(|(_, p)| words(p).next().is_some())?;
    let mut seen = 0;
    for (i, c) in piece.char_indices() {
        let boundary = !c.is_alphanumeric() && piece[..i].chars().last().is_some_and(char::is_alphanumeric);
        if boundary && c == '.' && piece[i + 1..].chars().next().is_none_or(|n| n == ' ') {
            return Some((k, &piece[..i]));
        }
        if boundary {
            seen += 1;
            if seen == PREFIX_WORDS {
                return Some((k, &piece[..i]));
            }
        }
    }
    Some((k, piece))
}

/// Where a template was found in folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    /// False when the text ends inside the template (a cut-off message).
    pub whole: bool,
    /// Literal bytes matched: more is more specific.
    pub literal: usize,
    /// Bytes the slots took: fewer is more specific.
    pub slotted: usize,
    /// Literal bytes of the template the text did not reach (a cut-off message): fewer is closer.
    pub unmatched: usize,
    /// (slot index, folded range) of each captured value.
    pub captured: Vec<(usize, usize, usize)>,
}

/// Finds a compiled template in folded text: its pieces in order, each slot at most
/// [`MAX_SLOT`] bytes, or a prefix that runs to the end of the text and holds at least
/// [`PREFIX_WORDS`] literal words or ends where a sentence of the template ends. The earliest
/// start wins.
pub fn find(pieces: &[&str], text: &str) -> Option<Found> {
    let (k0, prefix) = head(pieces)?;
    let mut from = 0;
    while let Some(at) = text[from..].find(prefix).map(|i| from + i) {
        if let Some(f) = match_at(pieces, k0, text, at) {
            return Some(f);
        }
        from = at + prefix.len().max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

fn match_at(pieces: &[&str], k0: usize, text: &str, at: usize) -> Option<Found> {
    let mut found =
        Found { start: at, end: at, whole: true, literal: 0, slotted: 0, unmatched: 0, captured: Vec::new() };
    let mut words_seen = 0;
    // Slots before the first literal piece take the word just before it.
    if k0 > 0 {
        let before = text[..at].trim_end();
        let start = before.rfind(' ').map_or(0, |i| i + 1);
        if start < before.len() {
            found.captured.push((k0 - 1, start, before.len()));
            found.start = start;
        }
    }
    let mut pos = at;
    for (i, &piece) in pieces.iter().enumerate().skip(k0) {
        if i > k0 && piece.is_empty() {
            // A trailing slot runs to the end of the sentence.
            let rest = &text[pos..];
            let len = rest.find(". ").unwrap_or(rest.len()).min(MAX_SLOT);
            let len = (0..=len).rev().find(|&l| rest.is_char_boundary(l)).unwrap_or(0);
            let value = rest[..len].trim_end_matches('.');
            if !value.trim().is_empty() {
                found.captured.push((i - 1, pos, pos + value.len()));
                found.slotted += value.len();
                pos += value.len();
            }
            break;
        }
        let next = if i == k0 {
            text[pos..].starts_with(piece).then_some(pos)
        } else {
            let window = &text[pos..];
            let reach = (MAX_SLOT + piece.len()).min(window.len());
            let reach = (reach..=window.len()).find(|&r| window.is_char_boundary(r)).unwrap_or(window.len());
            window[..reach].find(piece).map(|f| pos + f)
        };
        match next {
            Some(p) => {
                if i > k0 {
                    found.captured.push((i - 1, pos, p));
                    found.slotted += p - pos;
                }
                found.literal += piece.len();
                words_seen += words(piece).count();
                pos = p + piece.len();
            }
            None => {
                // Cut off: the text ends inside this piece or the slot before it.
                let rest = &text[pos..];
                let partial = if i == k0 {
                    if !piece.starts_with(rest) {
                        return None;
                    }
                    rest
                } else if rest.len() <= MAX_SLOT + piece.len() {
                    // Where the cut-off piece begins, if the text ends inside it.
                    let split = rest.char_indices().map(|(p, _)| p).find(|&p| p > 0 && piece.starts_with(&rest[p..]));
                    match split {
                        Some(p) => {
                            found.captured.push((i - 1, pos, pos + p));
                            found.slotted += p;
                            &rest[p..]
                        }
                        None => "",
                    }
                } else {
                    return None;
                };
                // Enough words identify a cut-off message; so does a whole first sentence.
                let sentence = !partial.is_empty()
                    && (partial.ends_with('.') || piece[partial.len()..].starts_with('.'))
                    && words(partial).next().is_some();
                if words_seen + words(partial).count() < PREFIX_WORDS && !sentence {
                    return None;
                }
                found.whole = false;
                found.literal += partial.len();
                pos = text.len();
                break;
            }
        }
    }
    found.end = pos;
    let total: usize = pieces[k0..].iter().map(|p| p.len()).sum();
    found.unmatched = total.saturating_sub(found.literal);
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captured(template: &str, text: &str) -> Option<(bool, Vec<(String, String)>)> {
        let c = compile(template);
        let f = fold(text);
        let pieces: Vec<&str> = c.pieces.iter().map(String::as_str).collect();
        let found = find(&pieces, &f.text)?;
        let values = found
            .captured
            .iter()
            .map(|&(slot, a, b)| (c.slots[slot].clone(), f.original(text, a, b).to_string()))
            .collect();
        Some((found.whole, values))
    }

    const REDIRECT: &str = "The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{app_id}'.";

    #[test]
    fn a_message_fills_the_slots_with_the_users_own_values() {
        let text = "AADSTS50011: The redirect URI 'https://App.contoso.com/signin-oidc' specified in the request does not match the redirect URIs configured for the application '6f1c2b9e-0000-4000-8000-000000000001'. Trace ID: x";
        let (whole, values) = captured(REDIRECT, text).unwrap();
        assert!(whole);
        assert_eq!(
            values,
            [
                ("redirect_uri".into(), "https://App.contoso.com/signin-oidc".into()),
                ("app_id".into(), "6f1c2b9e-0000-4000-8000-000000000001".into())
            ]
        );
    }

    #[test]
    fn contractions_quotes_case_entities_and_escapes_fold_alike() {
        let text = "the redirect uri &#39;https://x/cb&#39; specified in the request doesn\\u0027t match the redirect URIs configured for the application ‘abc’.";
        let (whole, values) = captured(REDIRECT, text).unwrap();
        assert!(whole);
        assert_eq!(values[0].1, "https://x/cb");
        assert_eq!(values[1].1, "abc");
        let url = "error_description=The+redirect+URI+%27https%3A%2F%2Fx%2Fcb%27+specified+in+the+request+does+not+match+the+redirect+URIs+configured+for+the+application+%27abc%27.";
        assert!(captured(REDIRECT, url).is_some());
    }

    #[test]
    fn a_cut_off_message_matches_by_a_prefix_of_eight_words() {
        let (whole, values) =
            captured(REDIRECT, "The redirect URI 'https://x/cb' specified in the request does not mat").unwrap();
        assert!(!whole);
        assert_eq!(values, [("redirect_uri".into(), "https://x/cb".into())]);
        let plain =
            "The provided value for the input parameter scope isn't valid because it contains more than one resource.";
        assert!(
            captured(plain, "Error: The provided value for the input parameter scope is not valid because it")
                .is_some()
        );
        assert!(captured(plain, "The provided value for the input").is_none(), "five words are not enough");
        let two = "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID.";
        assert!(captured(two, "Tenant 'contoso' not found.").is_some(), "a whole first sentence is enough");
    }

    #[test]
    fn unrelated_or_overlong_text_does_not_match() {
        assert!(captured(REDIRECT, "The redirect URI was fine.").is_none());
        let long = format!(
            "The redirect URI '{}' specified in the request does not match the redirect URIs configured for the application 'a'. And more text follows here",
            "x".repeat(500)
        );
        assert!(captured(REDIRECT, &long).is_none());
    }

    #[test]
    fn leading_and_trailing_slots_take_a_word_and_the_rest_of_the_sentence() {
        let (_, v) = captured(
            "{claim} is not a valid claim for this request.",
            "Error: tid is not a valid claim for this request.",
        )
        .unwrap();
        assert_eq!(v, [("claim".into(), "tid".into())]);
        let (_, v) = captured(
            "Unable to obtain configuration from: {url}",
            "IDX20803: Unable to obtain configuration from: 'https://l/x'. Next",
        )
        .unwrap();
        assert_eq!(v, [("url".into(), "'https://l/x'".into())]);
    }

    #[test]
    fn escapes_cut_short_or_beside_multibyte_text_are_plain_text() {
        for s in ["&aé€x", "&am", "\\u00", "%é", "\\", "&#x2", "a+%2"] {
            assert!(!fold(s).text.is_empty(), "{s:?}");
        }
    }

    #[test]
    fn folding_keeps_offsets_into_the_original() {
        assert_eq!(fold("Multi-factor sign-in, 2-step").text, "multifactor signin, 2-step");
        let f = fold("  Doesn’t   WORK ");
        assert_eq!(f.text, "does not work");
        assert_eq!(f.original("  Doesn’t   WORK ", 9, 13), "WORK");
        assert_eq!(f.from.len(), f.text.len() + 1);
    }
}
