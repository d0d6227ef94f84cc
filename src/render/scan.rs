//! Printers for `stserr scan`: lines with their codes explained, passthru, only-matching, JSON
//! Lines, and the summary table. They format what the scanner found and never decide it.

use crate::scan::{Code, Count, Line, LineIds, Occurrence, Piece, Sink};
use colored::Colorize;
use serde::{Serialize, Serializer};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Each line with codes, then one explanation per code.
    Lines,
    /// Every line, codes annotated in place.
    Passthru,
    /// One code per line.
    OnlyMatching,
    /// One JSON object per occurrence.
    Json,
}

/// Bytes shown on each side of a code when only a window of a very long line can be printed.
const WINDOW: usize = 60;
const BAR: usize = 20;

pub struct Printer<W: Write> {
    out: W,
    mode: Mode,
    /// The input's name, and whether to print it before each line (several inputs).
    name: String,
    show_name: bool,
    width: usize,
    flush: bool,
}

impl<W: Write> Printer<W> {
    /// `flush`: flush after every line (a terminal, or --line-buffered) so `tail -f` works.
    pub fn new(out: W, mode: Mode, width: usize, flush: bool) -> Self {
        Printer { out, mode, name: String::new(), show_name: false, width, flush }
    }

    /// The input the next lines come from; `show` prints its name before each line.
    pub fn input(&mut self, name: &str, show: bool) {
        self.name = crate::escape::escape(name);
        self.show_name = show;
    }

    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn prefix(&mut self, number: u64) -> io::Result<()> {
        if self.show_name {
            write!(self.out, "{}:", self.name.magenta())?;
        }
        if self.mode != Mode::OnlyMatching {
            write!(self.out, "{}:", number.to_string().green())?;
        }
        Ok(())
    }

    fn lines(&mut self, line: &Line<'_>) -> io::Result<()> {
        self.prefix(line.number)?;
        if line.piece == Piece::Whole {
            text(&mut self.out, line.text, line.hits, false)?;
        } else {
            window(&mut self.out, line.text, line.hits)?;
        }
        self.out.write_all(b"\n")?;
        let code_width = line.hits.iter().map(|h| h.code.to_string().len()).max().unwrap_or(0);
        let room = self.width.saturating_sub(6 + code_width).max(20);
        for h in line.hits {
            let code = format!("{:<code_width$}", h.code.to_string());
            writeln!(self.out, "    {}  {}", code.bold().cyan(), clip(&explanation(h), room))?;
        }
        if !line.ids.is_empty() {
            writeln!(self.out, "    {}", ids_line(&line.ids).dimmed())?;
        }
        Ok(())
    }

    fn json(&mut self, line: &Line<'_>) -> io::Result<()> {
        for (k, h) in line.hits.iter().enumerate() {
            let e = h.entry;
            let before: Vec<_> = line.hits[..k].iter().filter_map(|b| b.entry).collect();
            let inside = e.and_then(|e| crate::lookup::wrapper(&before, e)).map(|o| o.code());
            let row = OccurrenceJson {
                path: &self.name,
                line: line.number,
                code: h.code,
                provider: h.provider_id(),
                known: e.is_some(),
                name: e.and_then(|e| e.name()),
                summary: e.map(|e| e.summary()),
                trace_id: line.ids.trace_id,
                correlation_id: line.ids.correlation_id,
                timestamp: line.ids.timestamp,
                inside,
            };
            serde_json::to_writer(&mut self.out, &row)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for Printer<W> {
    fn line(&mut self, line: &Line<'_>) -> io::Result<()> {
        match self.mode {
            Mode::Lines => self.lines(line)?,
            Mode::Passthru => {
                text(&mut self.out, line.text, line.hits, true)?;
                if line.newline {
                    self.out.write_all(b"\n")?;
                }
            }
            Mode::OnlyMatching => {
                for h in line.hits {
                    self.prefix(line.number)?;
                    writeln!(self.out, "{}", h.code)?;
                }
            }
            Mode::Json => self.json(line)?,
        }
        if self.flush {
            self.out.flush()?;
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct OccurrenceJson<'a> {
    path: &'a str,
    line: u64,
    #[serde(serialize_with = "as_text")]
    code: Code,
    provider: &'a str,
    known: bool,
    name: Option<&'a str>,
    summary: Option<&'a str>,
    trace_id: Option<&'a str>,
    correlation_id: Option<&'a str>,
    timestamp: Option<&'a str>,
    inside: Option<&'a str>,
}

fn as_text<S: Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(code)
}

/// `Name: summary`, or what is known about a code the catalogue lacks.
fn explanation(h: &Occurrence) -> String {
    match h.entry {
        Some(e) => match e.name() {
            Some(n) => format!("{n}: {}", e.summary()),
            None => e.summary().to_string(),
        },
        None => format!("not in the catalogue yet ({} family)", h.provider_id()),
    }
}

fn ids_line(c: &LineIds<'_>) -> String {
    let mut parts = Vec::new();
    for (label, v) in [("Trace ID", c.trace_id), ("Correlation ID", c.correlation_id), ("Timestamp", c.timestamp)] {
        if let Some(v) = v {
            parts.push(format!("{label}: {v}"));
        }
    }
    parts.join("  ")
}

/// At most `room` characters, with an ellipsis when cut.
fn clip(s: &str, room: usize) -> String {
    if s.chars().count() <= room {
        return s.to_string();
    }
    let mut out: String = s.chars().take(room.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A line with its codes highlighted, and in passthru mode explained in place.
fn text(out: &mut impl Write, line: &[u8], hits: &[Occurrence], annotate: bool) -> io::Result<()> {
    let mut at = 0;
    for h in hits {
        crate::escape::escaped(out, &line[at..h.start])?;
        let raw = String::from_utf8_lossy(&line[h.start..h.end]);
        write!(out, "{}", raw.bold().red())?;
        if annotate {
            let mut note = explanation(h);
            if !raw.eq_ignore_ascii_case(&h.code.to_string()) {
                note = format!("{}: {note}", h.code);
            }
            write!(out, " {}", format!("[{note}]").yellow())?;
        }
        at = h.end;
    }
    crate::escape::escaped(out, &line[at..])
}

/// Only the neighbourhood of each code: the line is too long to print whole.
fn window(out: &mut impl Write, line: &[u8], hits: &[Occurrence]) -> io::Result<()> {
    let mut shown = 0;
    for (i, h) in hits.iter().enumerate() {
        let from = h.start.saturating_sub(WINDOW).max(shown);
        let to = (h.end + WINDOW).min(line.len());
        let to = hits.get(i + 1).map_or(to, |n| to.min(n.start));
        if from > shown || (i == 0 && from > 0) {
            out.write_all("…".as_bytes())?;
        }
        crate::escape::escaped(out, &line[from..h.start])?;
        write!(out, "{}", String::from_utf8_lossy(&line[h.start..h.end]).bold().red())?;
        crate::escape::escaped(out, &line[h.end..to])?;
        shown = to;
    }
    if shown < line.len() {
        out.write_all("…".as_bytes())?;
    }
    Ok(())
}

/// The summary table: count, a proportional bar, code, provider, and what the code means.
pub fn summary(out: &mut impl Write, rows: &[Count], width: usize) -> io::Result<()> {
    let Some(max) = rows.iter().map(|r| r.count).max() else { return Ok(()) };
    let count_w = max.to_string().len();
    let code_w = rows.iter().map(|r| r.code.to_string().len()).max().unwrap_or(0);
    let prov_w = rows.iter().map(|r| r.provider.len()).max().unwrap_or(0);
    let room = width.saturating_sub(count_w + BAR + code_w + prov_w + 8).max(20);
    for r in rows {
        let code = format!("{:<code_w$}", r.code.to_string());
        let meaning = match r.entry {
            Some(e) => e.name().map_or_else(|| e.summary().to_string(), |n| format!("{n}: {}", e.summary())),
            None => "not in the catalogue".to_string(),
        };
        writeln!(
            out,
            "{:>count_w$}  {}  {}  {}  {}",
            r.count,
            bar(r.count, max).blue(),
            code.bold().cyan(),
            format!("{:<prov_w$}", r.provider).dimmed(),
            clip(&meaning, room)
        )?;
    }
    let total: u64 = rows.iter().map(|r| r.count).sum();
    let codes = if rows.len() == 1 { "code" } else { "codes" };
    writeln!(out, "{}", format!("{total} occurrences of {} {codes}", rows.len()).dimmed())
}

/// A bar of `BAR` cells scaled to `max`, in eighths of a cell; never empty for a count above 0.
fn bar(count: u64, max: u64) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    let eighths = ((count as u128 * (BAR as u128 * 8) + max as u128 / 2) / max.max(1) as u128).max(1) as usize;
    let mut s = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        s.push(EIGHTHS[eighths % 8 - 1]);
    }
    let cells = s.chars().count();
    s.extend(std::iter::repeat_n(' ', BAR - cells));
    s
}

#[derive(Serialize)]
struct CountJson<'a> {
    #[serde(serialize_with = "as_text")]
    code: Code,
    provider: &'a str,
    known: bool,
    name: Option<&'a str>,
    summary: Option<&'a str>,
    count: u64,
}

/// The summary as JSON Lines, one object per code, most frequent first.
pub fn summary_json(out: &mut impl Write, rows: &[Count]) -> io::Result<()> {
    for r in rows {
        let row = CountJson {
            code: r.code,
            provider: r.provider,
            known: r.entry.is_some(),
            name: r.entry.and_then(|e| e.name()),
            summary: r.entry.map(|e| e.summary()),
            count: r.count,
        };
        serde_json::to_writer(&mut *out, &row)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_count() {
        assert_eq!(bar(10, 10).trim_end().chars().count(), BAR);
        assert_eq!(bar(5, 10).trim_end(), "█".repeat(BAR / 2));
        assert_eq!(bar(1, 1_000_000).trim_end(), "▏");
        assert_eq!(bar(3, 10).chars().count(), BAR);
    }

    #[test]
    fn clip_counts_characters_not_bytes() {
        assert_eq!(clip("ééééé", 5), "ééééé");
        assert_eq!(clip("éééééé", 5), "éééé…");
    }
}
