//! Output for people: one block per entry, labels in a left column, prose wrapped. Everything
//! from the catalogue is escaped as it is printed: an overlay's text comes from outside.

use crate::catalogue::{Actor, Entry, Variant};
use crate::escape::escape;
use colored::Colorize;
use std::fmt::Write;

const LABEL: usize = 8;
/// Variants listed under an entry before the rest are summed up.
const VARIANTS_SHOWN: usize = 8;

/// Greedy word wrap of `text` into lines of at most `width` characters, each word escaped.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::with_capacity(text.len() / width.max(1) + 1);
    let mut line = String::with_capacity(width + 16);
    // The line's length in characters, kept as it grows (counting it anew per word is quadratic).
    let mut len = 0;
    for word in text.split_whitespace() {
        let word = crate::escape::escape_cow(word);
        let word = &*word;
        let n = if word.is_ascii() { word.len() } else { word.chars().count() };
        if !line.is_empty() && len + 1 + n > width {
            lines.push(std::mem::replace(&mut line, String::with_capacity(width + 16)));
            len = 0;
        }
        if !line.is_empty() {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += n;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A labelled, wrapped paragraph: the label in the left column, continuation lines indented.
fn field(out: &mut String, label: &str, text: &str, width: usize) {
    let body = width.saturating_sub(LABEL + 2).max(20);
    for (i, line) in wrap(text, body).iter().enumerate() {
        if i == 0 && !label.is_empty() {
            let _ = writeln!(out, "  {}{line}", format!("{label:<LABEL$}").bold());
        } else {
            let _ = writeln!(out, "  {:LABEL$}{line}", "");
        }
    }
}

fn steps(out: &mut String, label: &str, fix: crate::catalogue::StrList<'static>, width: usize) {
    let body = width.saturating_sub(LABEL + 5).max(20);
    for (n, step) in fix.iter().enumerate() {
        for (i, line) in wrap(step, body).iter().enumerate() {
            if n == 0 && i == 0 {
                let _ = write!(out, "  {}", format!("{label:<LABEL$}").bold());
            } else {
                let _ = write!(out, "  {:LABEL$}", "");
            }
            if i == 0 {
                let _ = writeln!(out, "{:<3}{line}", format!("{}.", n + 1));
            } else {
                let _ = writeln!(out, "   {line}");
            }
        }
    }
}

/// The actor padded to a column, then coloured (padding after colouring would count escape codes).
fn actor(a: Actor) -> String {
    let s = format!("{:<12}", a.as_str());
    match a {
        Actor::User => s.green().to_string(),
        Actor::Admin => s.yellow().to_string(),
        Actor::Developer => s.cyan().to_string(),
        Actor::Provider => s.magenta().to_string(),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The first line: code, name, provider at the right edge.
pub fn heading(out: &mut String, e: &Entry, width: usize) {
    let code = escape(e.code());
    let name = escape(e.name().unwrap_or(""));
    let provider = escape(e.provider().name());
    let left = code.chars().count() + 2 + name.chars().count();
    let pad = width.saturating_sub(left + provider.chars().count()).max(2);
    let _ = writeln!(out, "{}  {}{:pad$}{}", code.bold().cyan(), name.bold(), "", provider.dimmed());
}

fn facts(out: &mut String, who: Actor, retryable: bool, oauth: Option<&str>, status: Option<u16>) {
    let mut line =
        format!("  {}{}{}{:<6}", format!("{:<LABEL$}", "Who").bold(), actor(who), "Retry ".bold(), yes_no(retryable));
    if let Some(o) = oauth {
        let _ = write!(line, "{}{:<24}", "OAuth ".bold(), escape(o));
    }
    if let Some(s) = status {
        let _ = write!(line, "{}{s}", "HTTP ".bold());
    }
    let _ = writeln!(out, "{}", line.trim_end());
}

/// A whole entry. `others` are entries of other providers with the same code, listed briefly.
pub fn entry(out: &mut String, e: &Entry, others: &[Entry], query: &str, width: usize) {
    heading(out, e, width);
    let mut summary = e.summary().to_string();
    if e.deprecated() {
        summary = format!("[deprecated] {summary}");
    }
    for line in wrap(&summary, width.saturating_sub(2)) {
        let _ = writeln!(out, "  {line}");
    }
    out.push('\n');
    field(out, "Why", e.cause(), width);
    steps(out, "Fix", e.fix(), width);
    facts(out, e.actor(), e.retryable(), e.oauth_error(), e.http_status());
    if let Some(c) = e.context() {
        field(out, "Where", c, width);
    }
    if !e.specs().is_empty() {
        field(out, "Spec", &e.specs().iter().collect::<Vec<_>>().join(", "), width);
    }
    if !e.documented() {
        field(
            out,
            "Source",
            &format!("not in the provider's published table; seen in the field: {}", e.evidence().unwrap_or("")),
            width,
        );
    }
    variants(out, &e.variants().collect::<Vec<_>>(), width);
    for (i, link) in e.links().iter().take(3).enumerate() {
        field(out, if i == 0 { "Docs" } else { "" }, link, width);
    }
    if !e.see_also().is_empty() {
        field(out, "See", &e.see_also().iter().collect::<Vec<_>>().join("  "), width);
    }
    also(out, e, others, query, width);
}

fn variants(out: &mut String, vs: &[Variant], width: usize) {
    if vs.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  {}{} messages, each with its own meaning; `stserr search` with the message picks one:",
        format!("{:<LABEL$}", "Means").bold(),
        vs.len()
    );
    for v in vs.iter().take(VARIANTS_SHOWN) {
        let text = format!("\"{}\" - {}", v.matches().get(0).unwrap_or(""), v.summary());
        field(out, "", &text, width);
    }
    if vs.len() > VARIANTS_SHOWN {
        field(out, "", &format!("... and {} more (--json lists all)", vs.len() - VARIANTS_SHOWN), width);
    }
}

/// Other entries the same query named: each provider's own `invalid_grant`, or an AADB2C code
/// with the same number. Listed briefly; `--provider` shows one in full.
fn also(out: &mut String, e: &Entry, others: &[Entry], query: &str, width: usize) {
    if others.is_empty() {
        return;
    }
    let list: Vec<String> = others
        .iter()
        .map(|o| {
            let mut item = escape(o.provider().id());
            if !o.code().eq_ignore_ascii_case(e.code()) {
                item = format!("{item} {}", escape(o.code()));
            }
            match o.variants().len() {
                0 => item,
                1 => format!("{item} (1 variant)"),
                n => format!("{item} ({n} variants)"),
            }
        })
        .collect();
    let hint = format!("stserr {} --provider {}", escape(query), escape(others[0].provider().id()));
    field(out, "Also", &format!("{}. For one in full: {hint}", list.join(", ")), width);
}

/// Widths of the code and provider columns of a listing: its longest code and provider id.
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    pub code: usize,
    pub provider: usize,
}

impl Columns {
    pub fn of(entries: impl IntoIterator<Item = Entry>) -> Columns {
        let mut c = Columns { code: 0, provider: 0 };
        for e in entries {
            c.code = c.code.max(escape(e.code()).chars().count());
            c.provider = c.provider.max(escape(e.provider().id()).chars().count());
        }
        c
    }

    /// At least 14 and 9 wide, so that search results line up from one search to the next.
    pub fn padded(self) -> Columns {
        Columns { code: self.code.max(14), provider: self.provider.max(9) }
    }
}

/// One line per entry, for `list` and short listings.
pub fn brief(out: &mut String, e: &Entry, cols: Columns, width: usize) {
    let (code_width, prov_width) = (cols.code, cols.provider);
    let code = format!("{:<code_width$}", escape(e.code()));
    let name = e.name().map(|n| format!("{}  ", escape(n))).unwrap_or_default();
    let room = width.saturating_sub(code.chars().count() + prov_width + 2 + name.chars().count()).max(20);
    let full = escape(e.summary());
    let mut summary: String = full.chars().take(room).collect();
    if summary.chars().count() < full.chars().count() {
        summary.pop();
        summary.push('…');
    }
    let provider = format!("{:<prov_width$}", escape(e.provider().id()));
    let _ = writeln!(out, "{} {} {}{summary}", code.cyan(), provider.dimmed(), name.bold());
}

/// One ranked search result: code, provider, name and score, then the summary (the matched
/// variant's, when a message-specific meaning matched).
pub fn ranked(out: &mut String, h: &crate::search::Ranked, width: usize) {
    ranked_in(out, h, Columns::of([h.entry]).padded(), width);
}

/// [`ranked`] in the columns of a whole list of results.
pub fn ranked_in(out: &mut String, h: &crate::search::Ranked, cols: Columns, width: usize) {
    let e = h.entry;
    let (code_width, prov_width) = (cols.code, cols.provider);
    let name = escape(e.name().unwrap_or(""));
    let code = format!("{:<code_width$}", escape(e.code()));
    let provider = format!("{:<prov_width$}", escape(e.provider().id()));
    let left = format!("{code} {provider} {name}");
    let score = format!("{:.1}", h.score);
    let pad = width.saturating_sub(left.chars().count() + score.len()).max(2);
    let _ = writeln!(out, "{} {} {}{:pad$}{}", code.bold().cyan(), provider.dimmed(), name.bold(), "", score.dimmed());
    let summary = h.variant.map_or(e.summary(), |v| v.summary());
    for line in wrap(summary, width.saturating_sub(4)) {
        let _ = writeln!(out, "    {line}");
    }
    if let Some(m) = h.variant.and_then(|v| v.matches().get(0)) {
        let _ = writeln!(out, "    {} \"{}\"", "message:".dimmed(), escape(m));
    }
}

/// The values a pasted message holds in its template's slots, escaped like every echoed input.
pub fn captured(out: &mut String, values: &[(&'static str, String)], width: usize) {
    for (i, (name, value)) in values.iter().enumerate() {
        let label = match *name {
            "redirect_uri" => "redirect URI sent",
            "app_id" => "app",
            "app_name" => "app name",
            "idp" => "identity provider",
            "url" => "URL",
            other => other,
        };
        let text = format!("{}: {}", label.replace('_', " "), escape(value));
        field(out, if i == 0 { "Yours" } else { "" }, &text, width);
    }
}

/// Which error carried this one, for an inner code (`AADSTS50076` inside `interaction_required`).
pub fn inside(out: &mut String, outer: Option<Entry>, width: usize) {
    if let Some(o) = outer {
        let text = format!("{} ({}) carried this error; it is explained above", o.code(), o.provider().name());
        field(out, "Inside", &text, width);
    }
}

/// The IDs found in a pasted message, worded for a support ticket.
pub fn ids(out: &mut String, ids: &crate::scan::Ids) {
    let mut parts = Vec::new();
    for (label, v) in
        [("Trace ID", &ids.trace_id), ("Correlation ID", &ids.correlation_id), ("Timestamp", &ids.timestamp)]
    {
        if let Some(v) = v {
            parts.push(format!("{label}: {}", escape(v)));
        }
    }
    if !parts.is_empty() {
        let _ = writeln!(out, "\n{} {}", "Quote these to support:".bold(), parts.join("  "));
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_counts_characters_not_bytes_and_keeps_long_words_whole() {
        assert_eq!(wrap("née à Zürich über alles", 11), ["née à", "Zürich über", "alles"]);
        assert_eq!(wrap("a https://example.com/very/long b", 8), ["a", "https://example.com/very/long", "b"]);
        assert_eq!(wrap("  ", 10), [""]);
    }
}
