//! Reading and checking provider files. The build and the run-time overlay report the same
//! problems in the same `FILE:LINE: message` form, and every problem of a run is collected.

use crate::positions::Locator;
use crate::schema::{ACTORS, CLASSES, EntrySrc, MAX_MATCH_WORDS, PLACEHOLDERS, ProviderFile, ProviderSrc};
use crate::shape::{Shape, family_range, fits, parse_message_shape, parse_pattern, spells};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSrc {
    provider: ProviderSrc,
    entries: Vec<serde_yaml_ng::Value>,
}

/// Every field serde refuses in entry `i`, each at its own line: a field is tried on its own in
/// a minimal valid entry, so one bad field does not hide the next. Returns whether any was found.
fn field_problems(
    value: &serde_yaml_ng::Value,
    i: usize,
    loc: &Locator,
    report: &mut dyn FnMut(usize, String),
) -> bool {
    use serde_yaml_ng::{Mapping, Value};
    let Some(map) = value.as_mapping() else { return false };
    const REQUIRED: [(&str, &str); 5] =
        [("code", "x"), ("summary", "s"), ("cause", "c"), ("fix", ""), ("actor", "user")];
    let mut base = Mapping::new();
    for (k, v) in REQUIRED {
        let v = if k == "fix" { Value::Sequence(vec![Value::String("f".into())]) } else { Value::String(v.into()) };
        base.insert(Value::String(k.into()), v);
    }
    let mut found = false;
    for (k, v) in map {
        let mut trial = base.clone();
        trial.insert(k.clone(), v.clone());
        if let Err(e) = serde_yaml_ng::from_value::<EntrySrc>(Value::Mapping(trial)) {
            let line = k.as_str().map_or(loc.entry(i), |key| loc.field(i, key));
            report(line, format!("entry {}: {}", i + 1, bare(&e)));
            found = true;
        }
    }
    for (k, _) in REQUIRED.iter().filter(|(k, _)| !map.contains_key(*k)) {
        report(loc.entry(i), format!("entry {}: missing field `{k}`", i + 1));
        found = true;
    }
    found
}

/// The parser's message in plain words, without its " at line L column C" tail (the line is
/// reported separately) and without Rust type names.
fn bare(e: &serde_yaml_ng::Error) -> String {
    let msg = e.to_string();
    let msg = msg.find(" at line ").map_or(msg.as_str(), |i| &msg[..i]).to_string();
    msg.replace("struct FileSrc", "a provider file (provider: and entries:)")
        .replace("struct EntrySrc", "an entry")
        .replace("struct VariantSrc", "a variant")
        .replace("struct ProviderSrc", "a provider header")
        .replace("recursion limit exceeded", "values nest more than 128 deep")
        .replace("repetition limit exceeded", "its aliases (*name) repeat too often")
}

/// How much text a file may stand for once its aliases (`*name`) are expanded: scalar bytes,
/// plus a little per node. A file without aliases stands for less than its own size.
pub const MAX_EXPANDED_BYTES: usize = 4 << 20;

/// Walks a parsed document as serde_yaml_ng expands it, without keeping anything, and fails once
/// it stands for more than [`MAX_EXPANDED_BYTES`]: one 1 MB scalar aliased 2,000 times would
/// otherwise become 2 GB of values.
struct Expansion<'a>(&'a mut usize);

impl Expansion<'_> {
    fn spend<E: serde::de::Error>(&mut self, n: usize) -> Result<(), E> {
        *self.0 += n + 8;
        if *self.0 > MAX_EXPANDED_BYTES {
            return Err(E::custom(format_args!(
                "its aliases (*name) expand it to more than {} MiB of text; write the values out instead",
                MAX_EXPANDED_BYTES >> 20
            )));
        }
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Expansion<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Expansion<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(mut self, _: bool) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_i64<E: serde::de::Error>(mut self, _: i64) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_u64<E: serde::de::Error>(mut self, _: u64) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_f64<E: serde::de::Error>(mut self, _: f64) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_str<E: serde::de::Error>(mut self, v: &str) -> Result<(), E> {
        self.spend(v.len())
    }
    fn visit_bytes<E: serde::de::Error>(mut self, v: &[u8]) -> Result<(), E> {
        self.spend(v.len())
    }
    fn visit_unit<E: serde::de::Error>(mut self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_none<E: serde::de::Error>(mut self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while seq.next_element_seed(Expansion(&mut *self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.spend(0)?;
        while map.next_key_seed(Expansion(&mut *self.0))?.is_some() {
            map.next_value_seed(Expansion(&mut *self.0))?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(serde::de::Error::custom("a tagged value (!name) is not part of the catalogue format"))
    }
}

/// Refuses, before parsing, what would make the parser's time or memory grow faster than the
/// file: deep `[`/`{` nesting, and aliases that expand to more than [`MAX_EXPANDED_BYTES`].
fn bounded(text: &str) -> Result<(), (usize, String)> {
    let shape = crate::layout::check(text)?;
    if shape.aliases == 0 {
        return Ok(());
    }
    let mut spent = 0;
    serde::de::DeserializeSeed::deserialize(Expansion(&mut spent), serde_yaml_ng::Deserializer::from_str(text)).map_err(
        |e| {
            let line = e.location().map_or(shape.first_alias_line, |l| l.line());
            (line, format!("cannot read the catalogue file: {}", bare(&e)))
        },
    )
}

/// Parses one provider file. Problems are appended; `None` when nothing usable was read.
pub fn parse_file(path: &str, text: &str, problems: &mut Vec<Problem>) -> Option<ProviderFile> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut report = |line: usize, message: String| problems.push(Problem { file: path.to_string(), line, message });
    if let Err((line, message)) = bounded(text) {
        report(line, message);
        return None;
    }
    let file: FileSrc = match serde_yaml_ng::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let line = e.location().map_or(1, |l| l.line());
            report(line, format!("cannot read the catalogue file: {}", bare(&e)));
            return None;
        }
    };
    let loc = Locator::new(text);
    let mut entries = Vec::new();
    for (i, value) in file.entries.into_iter().enumerate() {
        match serde_yaml_ng::from_value::<EntrySrc>(value.clone()) {
            Ok(entry) => entries.push((entry, loc.entry(i))),
            Err(e) => {
                let found = field_problems(&value, i, &loc, &mut report);
                if !found {
                    let msg = bare(&e);
                    let line = unknown_field(&msg).map_or(loc.entry(i), |f| loc.field(i, f));
                    report(line, format!("entry {}: {msg}", i + 1));
                }
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
    let p = &file.provider;
    let shapes = parse_pattern(&p.pattern).unwrap_or_else(|e| {
        report(provider_line, e);
        Vec::new()
    });
    if p.id.is_empty() || !p.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        report(provider_line, format!("provider id `{}` must be lower-case letters and digits", p.id));
    }
    if let Some(cue) = p.cues.iter().find(|c| crate::normalize::words(c) != [c.to_string()]) {
        report(provider_line, format!("cue `{cue}` must be one lower-case word"));
    }
    check_voice(p, &shapes, &mut |m| report(provider_line, m));
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, (e, line)) in file.entries.iter().enumerate() {
        let i = loc.starts.iter().position(|&s| s + 1 == *line).unwrap_or(i);
        if let Some(first) = seen.insert(e.code.as_str(), *line) {
            report(*line, format!("code `{}` is defined twice (first at line {first})", e.code));
        }
        if !shapes.is_empty() && !fits(&shapes, &e.code) {
            report(
                loc.field(i, "code"),
                format!("code `{}` does not fit the provider pattern `{}`", e.code, p.pattern),
            );
        }
        if !ACTORS.contains(&e.actor.as_str()) {
            let known = ACTORS.join(", ");
            report(loc.field(i, "actor"), format!("unknown actor `{}` (expected one of {known})", e.actor));
        }
        if let Some(class) = e.class.as_deref().filter(|c| !CLASSES.contains(c)) {
            let known = CLASSES.join(", ");
            report(loc.field(i, "class"), format!("unknown class `{class}` (expected one of {known})"));
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
        for m in &e.messages {
            check_message(m, &mut |msg| report(loc.field(i, "messages"), msg));
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
            for m in &v.messages {
                check_message(m, &mut |msg| report(at("messages"), format!("variant {}: {msg}", j + 1)));
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

/// The header fields that say how a provider's codes appear in text: `families`, `shapes`,
/// `context_words`.
fn check_voice(p: &ProviderSrc, shapes: &[Shape], report: &mut dyn FnMut(String)) {
    for f in &p.families {
        match family_range(f) {
            Err(e) => report(e),
            Ok(_) if !p.hresult => report(format!("family `{f}` needs `hresult: true`")),
            Ok((lo, hi)) if !shapes.iter().any(|s| spells(s, lo).is_some() && spells(s, hi).is_some()) => report(
                format!("family `{f}`: no pattern alternative spells its codes (a hex prefix and digits, 8 in all)"),
            ),
            Ok(_) => {}
        }
    }
    for t in &p.shapes {
        if let Err(e) = parse_message_shape(t) {
            report(e);
        } else if !shapes.is_empty() && !shapes.contains(&Shape::Name) {
            report(format!("shape `{t}`: shapes find names, and the pattern has no `<name>`"));
        }
    }
    for w in &p.context_words {
        if w.len() < 3 || !w.is_ascii() || w.contains(char::is_whitespace) {
            report(format!("context word `{w}` must be one ASCII word of 3 or more characters"));
        }
    }
    for id in
        p.wraps.iter().filter(|id| id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    {
        report(format!("`wraps` names `{id}`, which is not a provider id (lower-case letters and digits)"));
    }
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

/// A message template: literal text with `{name}` placeholders from the vocabulary.
fn check_message(template: &str, report: &mut dyn FnMut(String)) {
    if template.trim().is_empty() {
        return report("empty message template".into());
    }
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return report(format!("unbalanced `}}` in message template \"{template}\""));
        }
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return report(format!("unbalanced `{{` in message template \"{template}\""));
        };
        let name = &rest[open + 1..close];
        if !PLACEHOLDERS.contains(&name) {
            report(format!("placeholder {{{name}}} is not in the vocabulary (data/README.md lists the names)"));
        }
        rest = &rest[close + 1..];
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
    let mut families: Vec<(u32, u32, &str, &str)> = Vec::new();
    for f in files {
        for fam in &f.provider.families {
            let Ok((lo, hi)) = family_range(fam) else { continue };
            if let Some(&(_, _, other, id)) = families.iter().find(|&&(l, h, _, _)| lo <= h && l <= hi) {
                problems.push(Problem {
                    file: f.path.clone(),
                    line: 1,
                    message: format!("family `{fam}` overlaps `{other}` of provider `{id}`"),
                });
            }
            families.push((lo, hi, fam, &f.provider.id));
        }
    }
    let key = crate::normalize::key;
    let known: std::collections::HashSet<String> =
        files.iter().flat_map(|f| f.entries.iter().map(|(e, _)| key(&e.code))).collect();
    for f in files {
        for (e, line) in &f.entries {
            for target in e.see_also.iter().filter(|t| !known.contains(&key(t)) && !known_elsewhere(t)) {
                problems.push(Problem {
                    file: f.path.clone(),
                    line: *line,
                    message: format!("`{}` has see_also `{target}`, which is not a code in the catalogue", e.code),
                });
            }
        }
    }
    check_shared_messages(files, problems);
}

/// A template printed by two entries names one of them wrongly unless both say why (`twin`).
fn check_shared_messages(files: &[ProviderFile], problems: &mut Vec<Problem>) {
    // Compared as matching sees them: folded, without a closing full stop.
    fn fold(m: &str) -> (String, &str) {
        (crate::template::fold(m).text.trim_end_matches('.').to_string(), m)
    }
    type Owners<'f> = (&'f str, Vec<(&'f ProviderFile, &'f EntrySrc, usize)>);
    let mut owners: HashMap<String, Owners> = HashMap::new();
    for f in files {
        for (e, line) in &f.entries {
            let mut own: Vec<(String, &str)> =
                e.messages.iter().chain(e.variants.iter().flat_map(|v| &v.messages)).map(|m| fold(m)).collect();
            own.sort_unstable();
            own.dedup_by(|a, b| a.0 == b.0);
            for (key, original) in own {
                owners.entry(key).or_insert_with(|| (original, Vec::new())).1.push((f, e, *line));
            }
        }
    }
    let mut shared: Vec<_> = owners.into_values().filter(|(_, o)| o.len() > 1).collect();
    shared.sort_by_key(|(m, _)| *m);
    for (message, o) in shared {
        for (f, e, line) in o.iter().filter(|(_, e, _)| e.twin.is_none()) {
            let others: Vec<String> =
                o.iter().filter(|x| x.1.code != e.code || x.0.path != f.path).map(|x| x.1.code.clone()).collect();
            problems.push(Problem {
                file: f.path.clone(),
                line: *line,
                message: format!(
                    "`{}` shares the message \"{message}\" with {}: add `twin:` saying why to both",
                    e.code,
                    others.join(", ")
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "provider:\n  id: t\n  name: Test\n  order: 1\n  pattern: \"T#+|<name>\"\nentries:\n";
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
        assert!(p[0].starts_with("data/t.yaml:13: cannot read the catalogue file"), "{p:?}");
    }

    #[test]
    fn every_problem_is_reported_at_its_field_line() {
        let text = format!(
            "{HEAD}{GOOD}  - code: T1\n    summary: s\n    cause: c\n    fix: [f]\n    actor: boss\n\
             \x20 - code: x.9\n    summary: \"\"\n    cause: c\n    fix: [f]\n    actor: user\n    see_also: [T404]\n\
             \x20   match: [\"one two three four five six seven eight nine\"]\n\
             \x20 - code: T3\n    summary: s\n    cause: c\n    fix: [f]\n    actor: user\n    colour: red\n"
        );
        let p = problems(&text);
        let want = [
            "data/t.yaml:12: code `T1` is defined twice (first at line 7)",
            "data/t.yaml:16: unknown actor `boss` (expected one of user, admin, developer, provider)",
            "data/t.yaml:17: code `x.9` does not fit the provider pattern `T#+|<name>`",
            "data/t.yaml:18: `summary` is empty",
            "data/t.yaml:23: `match` phrase of 9 words (at most 8): \"one two three four five six seven eight nine\"",
            "data/t.yaml:29: entry 4: unknown field `colour`",
            "data/t.yaml:17: `x.9` has see_also `T404`, which is not a code in the catalogue",
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
                "data/t.yaml:17: variant 2 needs at least one `match` phrase",
                "data/t.yaml:18: variant 2: `summary` prints the raw placeholder {tenant}: say what it stands for instead",
            ]
        );
    }

    #[test]
    fn families_shapes_and_context_words_are_checked() {
        let head = |extra: &str| {
            format!("provider:\n  id: t\n  name: Test\n  pattern: \"T#+|<name>\"\n{extra}entries:\n{GOOD}")
        };
        let p = problems(&head(
            "  families: [\"0x8018\", \"0x12\"]\n  shapes: [\"{code}\", \"({code}) x\"]\n  context_words: [\"a b\"]\n",
        ));
        let want = [
            "data/t.yaml:1: family `0x8018` needs `hresult: true`",
            "data/t.yaml:1: family `0x12` must be `0x` and 3 to 7 hex digits",
            "data/t.yaml:1: shape `{code}` needs text around `{code}` other than spaces and quotes",
            "data/t.yaml:1: context word `a b` must be one ASCII word of 3 or more characters",
        ];
        assert_eq!(p, want);
        let p = problems(&head("  hresult: true\n  families: [\"0x8018\"]\n"));
        assert_eq!(p.len(), 1, "T#+ spells no hex code: {p:?}");
        let hex = "provider:\n  id: h\n  name: H\n  pattern: \"0x%%%%%%%%\"\n  hresult: true\n  families: [\"0x8018\"]\n  shapes: [\"x {code}\"]\nentries:\n  - code: \"0x80180001\"\n    summary: s\n    cause: c\n    fix: [f]\n    actor: user\n";
        assert_eq!(
            problems(hex),
            ["data/t.yaml:1: shape `x {code}`: shapes find names, and the pattern has no `<name>`"]
        );
    }

    #[test]
    fn families_of_two_providers_must_not_overlap() {
        let file = |id: &str, fam: &str| {
            let text = format!(
                "provider:\n  id: {id}\n  name: X\n  pattern: \"0x%%%%%%%%\"\n  hresult: true\n  families: [\"{fam}\"]\nentries: []\n"
            );
            let mut p = Vec::new();
            let f = parse_file(&format!("data/{id}.yaml"), &text, &mut p).unwrap();
            assert!(p.is_empty(), "{p:?}");
            f
        };
        let mut p = Vec::new();
        check_catalogue(&[file("a", "0x8018"), file("b", "0x80180"), file("c", "0x8019")], &|_| false, &mut p);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].to_string(), "data/b.yaml:1: family `0x80180` overlaps `0x8018` of provider `a`");
    }

    #[test]
    fn every_bad_field_of_an_entry_is_reported_at_its_own_line() {
        let text = format!(
            "{HEAD}  - code: T1\n    summary: s\n    cause: c\n    fix: just one step\n    colour: red\n    retryable: often\n"
        );
        let p = problems(&text);
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(p[0].starts_with("data/t.yaml:10: entry 1: invalid type: string"), "{p:#?}");
        assert!(p[1].starts_with("data/t.yaml:11: entry 1: unknown field `colour`"), "{p:#?}");
        assert!(p[2].starts_with("data/t.yaml:12: entry 1: invalid type: string"), "{p:#?}");
        assert_eq!(p[3], "data/t.yaml:7: entry 1: missing field `actor`");
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

    #[test]
    fn a_message_two_entries_print_needs_a_twin_reason_on_both() {
        let entry = |code: &str, twin: &str| {
            format!(
                "  - code: {code}\n    summary: s\n    cause: c\n    fix: [f]\n    actor: user\n    messages: [\"Same text.\"]\n{twin}"
            )
        };
        let p = problems(&format!("{HEAD}{}{}", entry("T1", ""), entry("T2", "    twin: both checks print it\n")));
        assert_eq!(
            p,
            ["data/t.yaml:7: `T1` shares the message \"Same text.\" with T2: add `twin:` saying why to both"]
        );
        let both = format!("{HEAD}{}{}", entry("T1", "    twin: a\n"), entry("T2", "    twin: b\n"));
        assert_eq!(problems(&both), Vec::<String>::new());
    }
}

#[cfg(test)]
mod message_tests {
    use super::check_message;

    fn problems(t: &str) -> Vec<String> {
        let mut p = Vec::new();
        check_message(t, &mut |m| p.push(m));
        p
    }

    #[test]
    fn templates_need_balanced_braces_and_known_names() {
        assert!(problems("The redirect URI '{redirect_uri}' does not match '{app_id}'.").is_empty());
        assert_eq!(problems("x {colour} y").len(), 1);
        assert!(problems("x {tenant").iter().any(|m| m.contains("unbalanced")));
        assert!(problems("x } y").iter().any(|m| m.contains("unbalanced")));
    }
}
