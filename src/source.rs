//! The catalogue as written in `data/*.yaml`: parsing and validation.
//!
//! Shared by `build.rs` (through `#[path]`) and by the run-time overlay, so both report the
//! same problems in the same `FILE:LINE: message` form. Every problem of a run is collected;
//! nothing stops at the first one.

use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

pub const ACTORS: [&str; 4] = ["user", "admin", "developer", "provider"];
pub const MAX_MATCH_WORDS: usize = 8;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSrc {
    pub id: String,
    pub name: String,
    pub pattern: String,
    #[serde(default)]
    pub docs: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrySrc {
    pub code: String,
    #[serde(default)]
    pub name: Option<String>,
    pub summary: String,
    pub cause: String,
    pub fix: Vec<String>,
    pub actor: String,
    #[serde(default)]
    pub retryable: bool,
    #[serde(default)]
    pub oauth_error: Option<String>,
    #[serde(default)]
    pub http_status: Option<u16>,
    #[serde(default)]
    pub context: Option<String>,
    #[serde(default)]
    pub specs: Vec<String>,
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub see_also: Vec<String>,
    #[serde(default, rename = "match")]
    pub matches: Vec<String>,
    #[serde(default = "yes")]
    pub documented: bool,
    #[serde(default)]
    pub evidence: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub variants: Vec<VariantSrc>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantSrc {
    #[serde(rename = "match")]
    pub matches: Vec<String>,
    pub summary: String,
    pub cause: String,
    pub fix: Vec<String>,
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub retryable: Option<bool>,
    #[serde(default)]
    pub http_status: Option<u16>,
}

/// One validation finding, printed as `FILE:LINE: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A parsed provider file; `entries[i].1` is the line the entry starts on.
#[derive(Debug, Clone)]
pub struct ProviderFile {
    pub path: String,
    pub provider: ProviderSrc,
    pub entries: Vec<(EntrySrc, usize)>,
}

/// One alternative of a provider's code pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A literal prefix and a digit count (`None`: one or more).
    Prefixed(String, Option<usize>),
    /// A symbolic name such as `invalid_grant`.
    Name,
}

pub fn parse_pattern(pattern: &str) -> Result<Vec<Shape>, String> {
    pattern
        .split('|')
        .map(|alt| {
            if alt == "<name>" {
                return Ok(Shape::Name);
            }
            if let Some(prefix) = alt.strip_suffix("#+") {
                return Ok(Shape::Prefixed(prefix.to_string(), None));
            }
            let prefix = alt.trim_end_matches('#');
            let count = alt.len() - prefix.len();
            if count == 0 || prefix.contains('#') {
                return Err(format!(
                    "pattern alternative `{alt}` is neither `<name>` nor a prefix followed by `#`, `##…` or `#+`"
                ));
            }
            Ok(Shape::Prefixed(prefix.to_string(), Some(count)))
        })
        .collect()
}

/// The digits of `code` under a prefixed shape of `shapes`, if it has one.
pub fn digits<'a>(shapes: &[Shape], code: &'a str) -> Option<&'a str> {
    shapes.iter().find_map(|shape| match shape {
        Shape::Prefixed(prefix, count) => {
            let rest = code.strip_prefix(prefix.as_str())?;
            let ok =
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) && count.is_none_or(|n| rest.len() == n);
            ok.then_some(rest)
        }
        Shape::Name => None,
    })
}

/// The provider's page for a code: `{number}` and `{code}` filled in for codes with digits; a
/// template without placeholders is one page for every code.
pub fn docs_link(template: Option<&str>, code: &str, digits: Option<&str>) -> Option<String> {
    match (template?, digits) {
        (t, Some(d)) => Some(t.replace("{number}", d).replace("{code}", code)),
        (t, None) if !t.contains('{') => Some(t.to_string()),
        _ => None,
    }
}

/// Prose as shown: YAML block scalars keep line breaks, and printers re-wrap anyway.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn fits(shapes: &[Shape], code: &str) -> bool {
    digits(shapes, code).is_some()
        || (shapes.contains(&Shape::Name)
            && code.starts_with(|c: char| c.is_ascii_alphabetic())
            && code.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_'))
}

/// Finds the line of an entry, a field of it, or a variant, by reading the YAML text.
/// serde_yaml gives no positions for values, so the block layout is read directly.
struct Locator<'a> {
    lines: Vec<&'a str>,
    /// 0-based line of each entry's `- ` item, in order.
    starts: Vec<usize>,
    entries_line: usize,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let entries_line = lines.iter().position(|l| l.starts_with("entries:")).unwrap_or(0);
        let mut starts = Vec::new();
        let mut item_indent = None;
        for (i, line) in lines.iter().enumerate().skip(entries_line + 1) {
            if !is_content(line) {
                continue;
            }
            if indent(line) == 0 && !line.starts_with('-') {
                break;
            }
            let is_item = line.trim_start().starts_with('-');
            match item_indent {
                None if is_item => {
                    item_indent = Some(indent(line));
                    starts.push(i);
                }
                Some(n) if is_item && indent(line) == n => starts.push(i),
                _ => {}
            }
        }
        Locator { lines, starts, entries_line }
    }

    fn span(&self, entry: usize) -> (usize, usize) {
        let start = self.starts.get(entry).copied().unwrap_or(self.entries_line);
        let end = self.starts.get(entry + 1).copied().unwrap_or(self.lines.len());
        (start, end)
    }

    /// 1-based line of the entry.
    fn entry(&self, entry: usize) -> usize {
        self.span(entry).0 + 1
    }

    /// 1-based line of `key:` inside the entry, searching from line `from` (0-based) on.
    fn field_from(&self, entry: usize, from: usize, key: &str) -> Option<usize> {
        let (start, end) = self.span(entry);
        (from.max(start)..end).find(|&i| {
            let t = self.lines[i].trim_start().trim_start_matches("- ").trim_start();
            t.strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
        })
    }

    fn field(&self, entry: usize, key: &str) -> usize {
        self.field_from(entry, 0, key).map_or(self.entry(entry), |i| i + 1)
    }

    /// 0-based line of the `variant`-th item under `variants:`.
    fn variant_start(&self, entry: usize, variant: usize) -> Option<usize> {
        let (_, end) = self.span(entry);
        let head = self.field_from(entry, 0, "variants")?;
        let mut items = (head + 1..end).filter(|&i| is_content(self.lines[i]));
        let first = items.clone().find(|&i| self.lines[i].trim_start().starts_with('-'))?;
        let n = indent(self.lines[first]);
        items
            .by_ref()
            .filter(|&i| indent(self.lines[i]) == n && self.lines[i].trim_start().starts_with('-'))
            .nth(variant)
    }

    fn variant_field(&self, entry: usize, variant: usize, key: &str) -> usize {
        match self.variant_start(entry, variant) {
            Some(v) => self.field_from(entry, v, key).map_or(v + 1, |i| i + 1),
            None => self.field(entry, "variants"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSrc {
    provider: ProviderSrc,
    entries: Vec<serde_yaml::Value>,
}

/// Where serde_yaml put a syntax error, or line 1.
fn error_line(e: &serde_yaml::Error) -> usize {
    e.location().map_or(1, |l| l.line())
}

/// serde's message without the " at line L column C" tail, which is meaningless for
/// values deserialised out of their document.
fn bare(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    }
}

/// Parses one provider file. Problems are appended; `None` when nothing usable was read.
pub fn parse_file(path: &str, text: &str, problems: &mut Vec<Problem>) -> Option<ProviderFile> {
    let mut report = |line: usize, message: String| problems.push(Problem { file: path.to_string(), line, message });
    let file: FileSrc = match serde_yaml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            report(error_line(&e), format!("cannot read the catalogue file: {}", bare(&e)));
            return None;
        }
    };
    let loc = Locator::new(text);
    let mut entries = Vec::new();
    for (i, value) in file.entries.into_iter().enumerate() {
        match serde_yaml::from_value::<EntrySrc>(value) {
            Ok(entry) => entries.push((entry, loc.entry(i))),
            Err(e) => {
                let msg = bare(&e);
                let line = unknown_field(&msg).map_or(loc.entry(i), |f| loc.field(i, f));
                report(line, format!("entry {}: {msg}", i + 1));
            }
        }
    }
    let parsed = ProviderFile { path: path.to_string(), provider: file.provider, entries };
    check_file(&parsed, &loc, problems);
    Some(parsed)
}

fn unknown_field(msg: &str) -> Option<&str> {
    let rest = msg.strip_prefix("unknown field `").or_else(|| msg.split("unknown field `").nth(1))?;
    rest.split('`').next()
}

fn has_placeholder(text: &str) -> Option<&str> {
    let open = text.find('{')?;
    let close = open + text[open..].find('}')?;
    let inner = &text[open + 1..close];
    (inner.len() <= 30 && inner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')).then(|| &text[open..=close])
}

/// Checks of one file that need no other file.
fn check_file(file: &ProviderFile, loc: &Locator, problems: &mut Vec<Problem>) {
    let mut report = |line: usize, message: String| problems.push(Problem { file: file.path.clone(), line, message });
    let provider_line = loc.lines.iter().position(|l| l.starts_with("provider:")).map_or(1, |i| i + 1);
    let shapes = match parse_pattern(&file.provider.pattern) {
        Ok(s) => s,
        Err(e) => {
            report(provider_line, e);
            Vec::new()
        }
    };
    if file.provider.id.is_empty() || !file.provider.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        report(provider_line, format!("provider id `{}` must be lower-case letters and digits", file.provider.id));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, (e, line)) in file.entries.iter().enumerate() {
        let i = entry_index(loc, *line).unwrap_or(i);
        if let Some(first) = seen.insert(e.code.as_str(), *line) {
            report(*line, format!("code `{}` is defined twice (first at line {first})", e.code));
        }
        if !shapes.is_empty() && !fits(&shapes, &e.code) {
            report(
                loc.field(i, "code"),
                format!("code `{}` does not fit the provider pattern `{}`", e.code, file.provider.pattern),
            );
        }
        if !ACTORS.contains(&e.actor.as_str()) {
            report(
                loc.field(i, "actor"),
                format!("unknown actor `{}` (expected one of {})", e.actor, ACTORS.join(", ")),
            );
        }
        if e.summary.trim().contains('\n') {
            report(loc.field(i, "summary"), "summary must be one line".into());
        }
        if !e.documented && e.evidence.as_deref().is_none_or(|s| s.trim().is_empty()) {
            report(
                loc.field(i, "documented"),
                "`documented: false` needs `evidence` saying where the code was seen".into(),
            );
        }
        let prose = [("summary", &e.summary), ("cause", &e.cause)];
        for (key, text) in prose.into_iter().chain(e.fix.iter().map(|s| ("fix", s))) {
            check_prose(key, text, &mut |m| report(loc.field(i, key), m));
        }
        if e.fix.is_empty() {
            report(loc.field(i, "fix"), "`fix` needs at least one step".into());
        }
        for m in &e.matches {
            check_match(m, &mut |msg| report(loc.field(i, "match"), msg));
        }
        if let Some(actor) = e.variants.iter().filter_map(|v| v.actor.as_deref()).find(|a| !ACTORS.contains(a)) {
            report(loc.field(i, "variants"), format!("unknown actor `{actor}` in a variant"));
        }
        for (j, v) in e.variants.iter().enumerate() {
            let at = |key: &str| loc.variant_field(i, j, key);
            if v.matches.is_empty() {
                report(at("match"), format!("variant {} needs at least one `match` phrase", j + 1));
            }
            for m in &v.matches {
                check_match(m, &mut |msg| report(at("match"), msg));
            }
            let prose = [("summary", &v.summary), ("cause", &v.cause)];
            for (key, text) in prose.into_iter().chain(v.fix.iter().map(|s| ("fix", s))) {
                check_prose(key, text, &mut |m| report(at(key), format!("variant {}: {m}", j + 1)));
            }
            if v.fix.is_empty() {
                report(at("fix"), format!("variant {}: `fix` needs at least one step", j + 1));
            }
        }
    }
}

/// The locator index of the entry starting at 1-based `line` (entries that failed to parse
/// leave gaps, so list position and locator position can differ).
fn entry_index(loc: &Locator, line: usize) -> Option<usize> {
    loc.starts.iter().position(|&s| s + 1 == line)
}

fn check_prose(key: &str, text: &str, report: &mut dyn FnMut(String)) {
    if text.trim().is_empty() {
        report(format!("`{key}` is empty"));
    } else if let Some(p) = has_placeholder(text) {
        report(format!("`{key}` prints the raw placeholder {p}: say what it stands for instead"));
    }
}

fn check_match(phrase: &str, report: &mut dyn FnMut(String)) {
    let n = phrase.split_whitespace().count();
    if n == 0 {
        report("empty `match` phrase".into());
    } else if n > MAX_MATCH_WORDS {
        report(format!("`match` phrase of {n} words (at most {MAX_MATCH_WORDS}): \"{phrase}\""));
    } else if let Some(p) = has_placeholder(phrase) {
        report(format!("`match` phrase holds the placeholder {p}: split the message around it"));
    }
}

/// Checks across files: one file per provider id, and every `see_also` resolves (to a code in
/// these files, or one `known_elsewhere` accepts: the compiled catalogue, for an overlay).
pub fn check_catalogue(files: &[ProviderFile], known_elsewhere: &dyn Fn(&str) -> bool, problems: &mut Vec<Problem>) {
    let mut ids: HashMap<&str, &str> = HashMap::new();
    for f in files {
        if let Some(first) = ids.insert(f.provider.id.as_str(), f.path.as_str()) {
            problems.push(Problem {
                file: f.path.clone(),
                line: 1,
                message: format!("provider `{}` is already defined in {first}", f.provider.id),
            });
        }
    }
    let known: std::collections::HashSet<String> =
        files.iter().flat_map(|f| f.entries.iter().map(|(e, _)| crate::normalize::key(&e.code))).collect();
    for f in files {
        for (e, line) in &f.entries {
            for target in &e.see_also {
                if !known.contains(&crate::normalize::key(target)) && !known_elsewhere(target) {
                    problems.push(Problem {
                        file: f.path.clone(),
                        line: *line,
                        message: format!("`{}` has see_also `{target}`, which is not a code in the catalogue", e.code),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "provider:\n  id: t\n  name: Test\n  pattern: \"T#+|<name>\"\nentries:\n";
    const GOOD: &str = "  - code: T1\n    summary: s\n    cause: c\n    fix: [f]\n    actor: user\n";

    fn problems(text: &str) -> Vec<String> {
        let mut p = Vec::new();
        if let Some(f) = parse_file("data/t.yaml", text, &mut p) {
            check_catalogue(&[f], &|_| false, &mut p);
        }
        p.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_good_file_has_no_problems() {
        assert_eq!(problems(&format!("{HEAD}{GOOD}")), Vec::<String>::new());
    }

    #[test]
    fn syntax_error_is_reported_with_its_line() {
        let p = problems(&format!("{HEAD}{GOOD}  - code: [unclosed\n"));
        assert_eq!(p.len(), 1, "{p:?}");
        // The parser notices the unclosed list at the end of the input, one line below it.
        assert!(p[0].starts_with("data/t.yaml:12: cannot read the catalogue file"), "{p:?}");
    }

    #[test]
    fn every_problem_is_reported_at_its_field_line() {
        let text = format!(
            "{HEAD}{GOOD}  - code: T1\n    summary: s\n    cause: c\n    fix: [f]\n    actor: boss\n\
             \x20 - code: x-9\n    summary: \"\"\n    cause: c\n    fix: [f]\n    actor: user\n    see_also: [T404]\n\
             \x20   match: [\"one two three four five six seven eight nine\"]\n\
             \x20 - code: T3\n    summary: s\n    cause: c\n    fix: [f]\n    actor: user\n    colour: red\n"
        );
        let p = problems(&text);
        let want = [
            "data/t.yaml:11: code `T1` is defined twice (first at line 6)",
            "data/t.yaml:15: unknown actor `boss` (expected one of user, admin, developer, provider)",
            "data/t.yaml:16: code `x-9` does not fit the provider pattern `T#+|<name>`",
            "data/t.yaml:17: `summary` is empty",
            "data/t.yaml:22: `match` phrase of 9 words (at most 8): \"one two three four five six seven eight nine\"",
            "data/t.yaml:28: entry 4: unknown field `colour`",
            "data/t.yaml:16: `x-9` has see_also `T404`, which is not a code in the catalogue",
        ];
        for w in want {
            assert!(p.iter().any(|l| l.starts_with(w)), "missing {w:?} in {p:#?}");
        }
        assert_eq!(p.len(), want.len(), "{p:#?}");
    }

    #[test]
    fn variants_are_checked_at_their_own_lines() {
        let text = format!(
            "{HEAD}  - code: v\n    summary: s\n    cause: c\n    fix: [f]\n    actor: user\n    variants:\n\
             \x20     - match: [ok]\n        summary: s\n        cause: c\n        fix: [f]\n\
             \x20     - match: []\n        summary: The {{tenant}} is off\n        cause: c\n        fix: [f]\n"
        );
        let p = problems(&text);
        assert_eq!(
            p,
            [
                "data/t.yaml:16: variant 2 needs at least one `match` phrase",
                "data/t.yaml:17: variant 2: `summary` prints the raw placeholder {tenant}: say what it stands for instead",
            ]
        );
    }

    #[test]
    fn patterns_parse_and_match() {
        let shapes = parse_pattern("E#######|<name>").unwrap();
        assert!(fits(&shapes, "E0000011") && fits(&shapes, "invalid_grant"));
        assert!(!fits(&shapes, "E000011") && !fits(&shapes, "bad-name"));
        assert_eq!(digits(&parse_pattern("AADB2C#+").unwrap(), "AADB2C90118"), Some("90118"));
        assert!(parse_pattern("AAD#X").is_err());
    }

    #[test]
    fn a_provider_in_two_files_is_reported() {
        let mut p = Vec::new();
        let a = parse_file("data/a.yaml", &format!("{HEAD}{GOOD}"), &mut p).unwrap();
        let b = parse_file("data/b.yaml", &format!("{HEAD}{GOOD}"), &mut p).unwrap();
        check_catalogue(&[a, b], &|_| false, &mut p);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].to_string(), "data/b.yaml:1: provider `t` is already defined in data/a.yaml");
    }
}
