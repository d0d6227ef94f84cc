//! The refresh report: published table against data/ and the record of what was checked when.

use crate::published::{self, Published};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use stserr_catalogue::shape::parse_pattern;
use stserr_catalogue::validate::parse_file;

pub struct Args {
    pub provider: String,
    pub source: PathBuf,
    pub data: PathBuf,
    pub record: bool,
    pub date: Option<String>,
}

impl Args {
    pub fn parse(args: &[String]) -> Result<Args, String> {
        let mut it = args.iter();
        if it.next().map(String::as_str) != Some("refresh") {
            return Err("the only task is `refresh`".into());
        }
        let (mut positional, mut data, mut record, mut date) = (Vec::new(), PathBuf::from("data"), false, None);
        while let Some(a) = it.next() {
            match a.as_str() {
                "--data" => data = it.next().ok_or("--data needs a folder")?.into(),
                "--record" => record = true,
                "--date" => date = Some(it.next().ok_or("--date needs YYYY-MM-DD")?.clone()),
                s if s.starts_with('-') => return Err(format!("unknown option {s}")),
                s => positional.push(s.to_string()),
            }
        }
        let [provider, source] = <[String; 2]>::try_from(positional).map_err(|_| "give PROVIDER and SOURCE.md")?;
        Ok(Args { provider, source: source.into(), data, record, date })
    }
}

/// What data/ says about one code.
struct Known {
    name: Option<String>,
    documented: bool,
    deprecated: bool,
}

/// Prints the report; `Ok(true)` when something needs review.
pub fn run(a: &Args, out: &mut impl Write) -> Result<bool, String> {
    let file = a.data.join(format!("{}.yaml", a.provider));
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut problems = Vec::new();
    let parsed = parse_file(&file.display().to_string(), &text, &mut problems);
    let Some(parsed) = parsed.filter(|_| problems.is_empty()) else {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(format!("the catalogue file has problems:\n{}", list.join("\n")));
    };
    let shapes = parse_pattern(&parsed.provider.pattern)?;
    let markdown = std::fs::read_to_string(&a.source).map_err(|e| format!("{}: {e}", a.source.display()))?;
    let published = published::read(&markdown, &shapes);
    if published.is_empty() {
        return Err(format!("no {} codes found in {}: is it the right file?", a.provider, a.source.display()));
    }
    let known: BTreeMap<String, Known> = parsed
        .entries
        .iter()
        .map(|(e, _)| {
            let k = Known { name: e.name.clone(), documented: e.documented, deprecated: e.deprecated };
            (e.code.to_ascii_uppercase(), k)
        })
        .collect();
    let record_path = a.data.join("checked").join(format!("{}.tsv", a.provider));
    let checked = read_record(&record_path)?;

    let mut review = false;
    let mut section = |out: &mut dyn Write, title: &str, lines: Vec<String>| -> Result<(), String> {
        if lines.is_empty() {
            return Ok(());
        }
        review = true;
        writeln!(out, "{title} ({}):", lines.len()).map_err(|e| e.to_string())?;
        for l in lines {
            writeln!(out, "  {l}").map_err(|e| e.to_string())?;
        }
        Ok(())
    };
    let short = |t: &str| t.chars().take(90).collect::<String>();
    let in_source = |code: &str| published.iter().any(|p| p.code.eq_ignore_ascii_case(code));
    let added: Vec<String> = published
        .iter()
        .filter(|p| !known.contains_key(&p.code.to_ascii_uppercase()))
        .map(|p| format!("{}  {}", p.code, short(&p.text)))
        .collect();
    let removed: Vec<String> = known
        .iter()
        .filter(|(code, k)| k.documented && !k.deprecated && !in_source(code))
        .map(|(code, _)| format!("{code}  (documented in data/, no longer published: mark it deprecated)"))
        .collect();
    let renamed: Vec<String> = published
        .iter()
        .filter_map(|p| {
            let k = known.get(&p.code.to_ascii_uppercase())?;
            let (new, old) = (p.name.as_deref()?, k.name.as_deref()?);
            (new != old).then(|| format!("{}  {old} -> {new}", p.code))
        })
        .collect();
    let changed: Vec<String> = published
        .iter()
        .filter_map(|p| {
            let (hash, date) = checked.get(&p.code.to_ascii_uppercase())?;
            (*hash != published::hash(&p.text))
                .then(|| format!("{}  (checked {date})  now: {}", p.code, short(&p.text)))
        })
        .collect();
    let unchecked = published
        .iter()
        .filter(|p| {
            known.contains_key(&p.code.to_ascii_uppercase()) && !checked.contains_key(&p.code.to_ascii_uppercase())
        })
        .count();
    writeln!(out, "{}: {} published codes, {} entries in {}", a.provider, published.len(), known.len(), file.display())
        .map_err(|e| e.to_string())?;
    section(out, "added: write an entry", added)?;
    section(out, "removed", removed)?;
    section(out, "renamed: update `name`", renamed)?;
    section(out, "published text changed since it was checked: re-read the entry", changed)?;
    if unchecked > 0 {
        writeln!(out, "{unchecked} entries have no check record yet (run with --record after reviewing)")
            .map_err(|e| e.to_string())?;
    }
    if a.record {
        let date = a.date.clone().unwrap_or_else(today);
        write_record(&record_path, &published, &known, &date)?;
        writeln!(out, "recorded {} checks dated {date} in {}", published.len(), record_path.display())
            .map_err(|e| e.to_string())?;
    }
    Ok(review)
}

/// code -> (hash, date) from `checked/PROVIDER.tsv`; a missing file is an empty record.
fn read_record(path: &PathBuf) -> Result<BTreeMap<String, (String, String)>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [code, hash, date] = cols[..] else {
            return Err(format!("{}:{}: expected code, hash and date", path.display(), n + 1));
        };
        out.insert(code.to_ascii_uppercase(), (hash.to_string(), date.to_string()));
    }
    Ok(out)
}

fn write_record(
    path: &PathBuf,
    published: &[Published],
    known: &BTreeMap<String, Known>,
    date: &str,
) -> Result<(), String> {
    let mut text = String::from("code\thash\tchecked\n");
    for p in published.iter().filter(|p| known.contains_key(&p.code.to_ascii_uppercase())) {
        text.push_str(&format!("{}\t{}\t{date}\n", p.code, published::hash(&p.text)));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Today's UTC date (days since 1970 to a civil date, Howard Hinnant's algorithm).
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
