//! The triage summary (`scan --summary`): failures first, interrupts folded into one line
//! unless `--all`, as a table for people or JSON Lines (one object per row, every row, with its
//! `class`, so a script can tell interrupts apart itself).

use super::scan::{bar, clip, meaning};
use crate::decode::time::{iso, utc};
use crate::escape::escape;
use crate::records::Key;
use crate::redact::Redactor;
use crate::triage::{By, Distinct, Row, Triage};
use colored::Colorize;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

/// Interrupt codes named in the folded line before "and N more".
const FOLDED_NAMED: usize = 4;

/// The table for people. `all`: interrupts get rows of their own.
pub fn summary(out: &mut impl Write, t: &Triage, all: bool, redact: Option<&Redactor>, width: usize) -> io::Result<()> {
    let rows = pseudonyms(t.rows(), t.by(), redact);
    let (shown, folded): (Vec<&Row>, Vec<&Row>) =
        rows.iter().partition(|r| all || t.by() != By::Code || !r.is_interrupt());
    if shown.is_empty() && folded.is_empty() {
        return writeln!(out, "{}", "no error codes found".dimmed());
    }
    if t.has_people || t.has_times || t.by() != By::Code {
        table(out, t, &shown, width)?;
    } else {
        bars(out, &shown, width)?;
    }
    let total: u64 = shown.iter().map(|r| r.count).sum();
    if !shown.is_empty() && t.by() == By::Code {
        let codes = if shown.len() == 1 { "code" } else { "codes" };
        writeln!(out, "{}", format!("{total} occurrences of {} {codes}", shown.len()).dimmed())?;
    }
    if !folded.is_empty() {
        writeln!(out, "{}", folded_line(&folded).dimmed())?;
    }
    if t.has_people {
        let n = t.totals;
        let line = format!(
            "{} records: {} failed, {} only interrupted, {} without an error",
            n.records, n.failures, n.interrupts, n.successes
        );
        writeln!(out, "{}", line.dimmed())?;
    }
    if t.other() > 0 {
        writeln!(out, "{}", other_line(t.other()).dimmed())?;
    }
    Ok(())
}

/// Rows pivoted by user or IP with their keys replaced under `--redact`.
fn pseudonyms(mut rows: Vec<Row>, by: By, redact: Option<&Redactor>) -> Vec<Row> {
    let Some(r) = redact else { return rows };
    for row in &mut rows {
        if let Key::Text(t) = &row.key {
            let masked = match by {
                By::User => r.user(t),
                By::Ip => r.ip(t),
                By::Code | By::App => continue,
            };
            row.key = Key::Text(masked.into());
        }
    }
    rows
}

/// Logs: count, a bar, code, provider, class, meaning.
fn bars(out: &mut impl Write, rows: &[&Row], width: usize) -> io::Result<()> {
    let max = rows.iter().map(|r| r.count).max().unwrap_or(1);
    let count_w = max.to_string().len();
    let code_w = rows.iter().map(|r| key(&r.key).chars().count()).max().unwrap_or(0);
    let prov_w = rows.iter().map(|r| r.provider.chars().count()).max().unwrap_or(0);
    let class_w = rows.iter().map(|r| class(r).len()).max().unwrap_or(0);
    let room = width.saturating_sub(count_w + super::scan::BAR + code_w + prov_w + class_w + 10).max(20);
    for r in rows {
        writeln!(
            out,
            "{:>count_w$}  {}  {}  {}  {:<class_w$}  {}",
            r.count,
            bar(r.count, max).blue(),
            format!("{:<code_w$}", key(&r.key)).bold().cyan(),
            format!("{:<prov_w$}", escape(r.provider)).dimmed(),
            class(r),
            clip(&what(r), room)
        )?;
    }
    Ok(())
}

/// Exports and pivots: a table with a header. A pivot drops its own column.
fn table(out: &mut impl Write, t: &Triage, rows: &[&Row], width: usize) -> io::Result<()> {
    let by = t.by();
    let mut head: Vec<&str> = vec!["COUNT", by.name(), if by == By::Code { "CLASS" } else { "CODES" }];
    // A log names no users, apps or addresses: no columns of zeros.
    let people = t.has_people || by != By::Code;
    for (name, pivot) in [("USERS", By::User), ("APPS", By::App), ("IPS", By::Ip)] {
        if by != pivot && people {
            head.push(name);
        }
    }
    head.extend(["FIRST (UTC)", "LAST (UTC)"]);
    let mut cells: Vec<Vec<String>> = Vec::new();
    for r in rows {
        let mut c = vec![r.count.to_string(), key(&r.key)];
        c.push(if by == By::Code { class(r).to_string() } else { distinct(&r.codes) });
        for (d, pivot) in [(&r.users, By::User), (&r.apps, By::App), (&r.ips, By::Ip)] {
            if by != pivot && people {
                c.push(distinct(d));
            }
        }
        c.push(r.first.map_or("-".into(), minute));
        c.push(r.last.map_or("-".into(), minute));
        cells.push(c);
    }
    let mut w: Vec<usize> = head.iter().map(|h| h.len()).collect();
    for c in &cells {
        for (i, s) in c.iter().enumerate() {
            w[i] = w[i].max(s.chars().count());
        }
    }
    // A long reason or user name is cut at 40 characters; the last column gets the rest.
    w[1] = w[1].min(40);
    let used: usize = w.iter().map(|w| w + 2).sum();
    let room = width.saturating_sub(used).max(30);
    let last = if by == By::Code { "MEANING" } else { "TOP CODES" };
    let mut line = String::new();
    for (i, h) in head.iter().enumerate() {
        line.push_str(&pad(&h.to_uppercase(), w[i], i != 1));
        line.push_str("  ");
    }
    writeln!(out, "{}", format!("{line}{last}").bold())?;
    for (r, c) in rows.iter().zip(&cells) {
        let mut line = String::new();
        for (i, s) in c.iter().enumerate() {
            let s = pad(&clip(s, w[i]), w[i], i != 1);
            line.push_str(&if i == 1 { s.bold().cyan().to_string() } else { s });
            line.push_str("  ");
        }
        writeln!(out, "{line}{}", clip(&what(r), room))?;
    }
    Ok(())
}

fn pad(s: &str, w: usize, right: bool) -> String {
    if right { format!("{s:>w$}") } else { format!("{s:<w$}") }
}

/// A code, reason or pivot value as people see it (escaped: it comes from the input).
fn key(k: &Key) -> String {
    match k {
        Key::Text(t) if t.is_empty() => "(none)".into(),
        k => escape(&k.to_string()),
    }
}

fn class(r: &Row) -> &'static str {
    r.class.unwrap_or("-")
}

/// The last column: the meaning of a code, or a pivot row's most frequent codes.
fn what(r: &Row) -> String {
    if !r.top.is_empty() {
        let named: Vec<String> = r.top.iter().take(3).map(|(f, n)| format!("{} ×{n}", key(&f.key))).collect();
        let more = if r.top.len() > 3 { ", …" } else { "" };
        return format!("{}{more}", named.join(", "));
    }
    match (r.entry, &r.key) {
        (Some(e), _) => meaning(e),
        (None, Key::Text(_)) => "reason as logged; no code to look up".into(),
        (None, Key::Code(_)) => "not in the catalogue".into(),
    }
}

fn distinct(d: &Distinct) -> String {
    if d.capped { format!("≥{}", d.count()) } else { d.count().to_string() }
}

/// `2024-05-21 10:15` (UTC).
fn minute(secs: i64) -> String {
    let s = utc(secs);
    s[..16].to_string()
}

/// The interrupts of a by-code summary, in one line.
fn folded_line(rows: &[&Row]) -> String {
    let total: u64 = rows.iter().map(|r| r.count).sum();
    let named: Vec<String> = rows.iter().take(FOLDED_NAMED).map(|r| format!("{} ×{}", key(&r.key), r.count)).collect();
    let more = rows.len().saturating_sub(FOLDED_NAMED);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    let noun = if total == 1 { "interrupt" } else { "interrupts" };
    format!(
        "+ {total} {noun} ({}{more}): steps of a normal sign-in (MFA, consent, device check), not faults; --all lists them",
        named.join(", ")
    )
}

/// What a summary says about the occurrences it did not count one by one.
pub fn other_line(n: u64) -> String {
    format!(
        "and {n} occurrences of other unknown codes or values (past the first {} distinct ones, they are counted together)",
        crate::triage::MAX_UNKNOWN_CODES
    )
}

/// JSON Lines: one object per row, interrupts included (their `class` says so).
pub fn summary_json(out: &mut impl Write, t: &Triage, redact: Option<&Redactor>) -> io::Result<()> {
    let by = t.by();
    for r in pseudonyms(t.rows(), by, redact) {
        let mut o = Map::new();
        match (&r.key, by) {
            (k, By::Code) => {
                o.insert("code".into(), k.to_string().into());
                o.insert("provider".into(), r.provider.into());
                o.insert("known".into(), r.entry.is_some().into());
                o.insert("name".into(), r.entry.and_then(|e| e.name()).into());
                o.insert("summary".into(), r.entry.map(|e| e.summary()).into());
                o.insert("class".into(), r.class.into());
            }
            (k, by) => {
                o.insert(by.name().into(), k.to_string().into());
            }
        }
        o.insert("count".into(), r.count.into());
        if by != By::Code {
            o.insert("codes".into(), r.codes.count().into());
        }
        for (name, d, pivot) in [("users", &r.users, By::User), ("apps", &r.apps, By::App), ("ips", &r.ips, By::Ip)] {
            if by != pivot {
                o.insert(name.into(), if t.has_people { d.count().into() } else { Value::Null });
            }
        }
        if [&r.users, &r.apps, &r.ips, &r.codes].iter().any(|d| d.capped) {
            o.insert("lower_bound".into(), true.into());
        }
        o.insert("first".into(), r.first.map(iso).into());
        o.insert("last".into(), r.last.map(iso).into());
        if by != By::Code {
            let top: Vec<Value> = r
                .top
                .iter()
                .map(
                    |(f, n)| json!({"code": f.key.to_string(), "provider": f.provider, "class": f.class(), "count": n}),
                )
                .collect();
            o.insert("top".into(), top.into());
        }
        serde_json::to_writer(&mut *out, &Value::Object(o))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
