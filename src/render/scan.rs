//! Printers for `stserr scan`: lines with their codes explained, passthru, only-matching, JSON
//! Lines, and the summary table. They format what the scanner found and never decide it.

use crate::escape::escape;
use crate::scan::{Code, Line, LineIds, Occurrence, Piece, Sink};
use colored::Colorize;
use serde::{Serialize, Serializer};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Each line with codes, then one explanation per code.
    Lines,
    /// Every line exactly as read; after a line with codes, one note line per code (see [`NOTE`]).
    Passthru,
    /// One code per line.
    OnlyMatching,
    /// One JSON object per occurrence.
    Json,
}

/// Bytes shown on each side of a code when only a window of a very long line can be printed.
const WINDOW: usize = 60;
pub(crate) const BAR: usize = 20;

/// How every note of `--passthru` begins: `stserr> [FILE:]LINE: CODE  meaning`, on a line of its
/// own after the line it explains. `grep -v '^stserr> '` takes the notes out again.
pub const NOTE: &str = "stserr> ";
/// Notes kept for one line; a hostile line with more codes gets a count of the rest.
const MAX_NOTES_PER_LINE: usize = 100;

pub struct Printer<W: Write> {
    out: W,
    mode: Mode,
    /// The input's name, and whether to print it before each line (several inputs).
    name: String,
    show_name: bool,
    width: usize,
    flush: bool,
    /// Where passthru notes go when not between the lines (`--notes-to stderr`).
    notes_to: Option<Box<dyn Write>>,
    /// Notes of the line being passed through, written when it ends; and how many were left out.
    notes: String,
    note_count: usize,
    notes_left_out: usize,
    /// `--redact`: e-mail and IP addresses in printed lines replaced.
    redact: Option<crate::redact::Redactor>,
}

impl<W: Write> Printer<W> {
    /// `flush`: flush after every line (a terminal, or --line-buffered) so `tail -f` works.
    pub fn new(out: W, mode: Mode, width: usize, flush: bool) -> Self {
        Printer {
            out,
            mode,
            name: String::new(),
            show_name: false,
            width,
            flush,
            notes_to: None,
            notes: String::new(),
            note_count: 0,
            notes_left_out: 0,
            redact: None,
        }
    }

    /// Printed lines have their e-mail and IP addresses replaced by pseudonyms.
    pub fn redact(mut self, r: crate::redact::Redactor) -> Self {
        self.redact = Some(r);
        self
    }

    /// Passthru notes go to `w` (standard error), so that the output is the input, byte for byte.
    pub fn notes_to(mut self, w: Box<dyn Write>) -> Self {
        self.notes_to = Some(w);
        self
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
            text(&mut self.out, line.text, line.hits, self.redact.as_ref())?;
        } else {
            window(&mut self.out, line.text, line.hits, self.redact.as_ref())?;
        }
        self.out.write_all(b"\n")?;
        let code_width = line.hits.iter().map(|h| shown(&h.code).chars().count()).max().unwrap_or(0);
        let room = self.width.saturating_sub(6 + code_width).max(20);
        for h in line.hits {
            let code = format!("{:<code_width$}", shown(&h.code));
            writeln!(self.out, "    {}  {}", code.bold().cyan(), clip(&explanation(h), room))?;
        }
        if !line.ids.is_empty() {
            writeln!(self.out, "    {}", ids_line(&line.ids).dimmed())?;
        }
        Ok(())
    }

    /// The line's bytes as read, its line ending, then (when it ends) the notes of its codes.
    fn passthru(&mut self, line: &Line<'_>) -> io::Result<()> {
        self.out.write_all(line.text)?;
        for h in line.hits {
            if self.note_count == MAX_NOTES_PER_LINE {
                self.notes_left_out += 1;
                continue;
            }
            self.note_count += 1;
            let note = format!("{}{}  {}", self.note_place(line.number), shown(&h.code), explanation(h));
            self.notes.push_str(&format!("{NOTE}{note}").yellow().to_string());
            self.notes.push_str(if line.cr { "\r\n" } else { "\n" });
        }
        if matches!(line.piece, Piece::Head | Piece::Middle) {
            return Ok(());
        }
        if line.cr {
            self.out.write_all(b"\r")?;
        }
        if line.newline {
            self.out.write_all(b"\n")?;
        }
        if self.note_count == 0 {
            return Ok(());
        }
        if self.notes_left_out > 0 {
            let more = format!(
                "{NOTE}{}... and {} more codes on this line",
                self.note_place(line.number),
                self.notes_left_out
            );
            self.notes.push_str(&more.yellow().to_string());
            self.notes.push('\n');
        }
        match &mut self.notes_to {
            Some(w) => {
                w.write_all(self.notes.as_bytes())?;
                w.flush()?;
            }
            None => {
                // A note never shares a line: a last line without a newline gets one before it.
                if !line.newline {
                    self.out.write_all(b"\n")?;
                }
                self.out.write_all(self.notes.as_bytes())?;
            }
        }
        self.notes.clear();
        (self.note_count, self.notes_left_out) = (0, 0);
        Ok(())
    }

    /// `FILE:LINE: ` before a note (the file with several inputs; no line when not counted).
    fn note_place(&self, number: u64) -> String {
        let mut s = String::new();
        if self.show_name {
            s = format!("{}:", self.name);
        }
        if number > 0 {
            s += &format!("{number}:");
        }
        if !s.is_empty() {
            s.push(' ');
        }
        s
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
            Mode::Passthru => self.passthru(line)?,
            Mode::OnlyMatching => {
                for h in line.hits {
                    self.prefix(line.number)?;
                    writeln!(self.out, "{}", shown(&h.code))?;
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

/// A code as people see it: canonical, escaped (an overlay may name codes).
fn shown(code: &Code) -> String {
    escape(&code.to_string())
}

/// `Name: summary`, or what is known about a code the catalogue lacks; escaped, since an
/// overlay's prose comes from outside too.
fn explanation(h: &Occurrence) -> String {
    match h.entry {
        Some(e) => meaning(e),
        None => format!("not in the catalogue yet ({} family)", escape(h.provider_id())),
    }
}

/// `Name: summary` of an entry, escaped.
pub(crate) fn meaning(e: crate::catalogue::Entry) -> String {
    escape(&match e.name() {
        Some(n) => format!("{n}: {}", e.summary()),
        None => e.summary().to_string(),
    })
}

fn ids_line(c: &LineIds<'_>) -> String {
    let mut parts = Vec::new();
    for (label, v) in [("Trace ID", c.trace_id), ("Correlation ID", c.correlation_id), ("Timestamp", c.timestamp)] {
        if let Some(v) = v {
            parts.push(format!("{label}: {}", escape(v)));
        }
    }
    parts.join("  ")
}

/// At most `room` characters, with an ellipsis when cut.
pub(crate) fn clip(s: &str, room: usize) -> String {
    if s.chars().count() <= room {
        return s.to_string();
    }
    let mut out: String = s.chars().take(room.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Bytes of a line between codes: escaped, and redacted under `--redact`.
fn segment(out: &mut impl Write, bytes: &[u8], redact: Option<&crate::redact::Redactor>) -> io::Result<()> {
    match redact {
        Some(r) => crate::escape::escaped(out, r.text(&String::from_utf8_lossy(bytes)).as_bytes()),
        None => crate::escape::escaped(out, bytes),
    }
}

/// A line with its codes highlighted, everything else escaped.
fn text(
    out: &mut impl Write,
    line: &[u8],
    hits: &[Occurrence],
    redact: Option<&crate::redact::Redactor>,
) -> io::Result<()> {
    let mut at = 0;
    for h in hits {
        segment(out, &line[at..h.start], redact)?;
        let raw = crate::escape::escape(&String::from_utf8_lossy(&line[h.start..h.end]));
        write!(out, "{}", raw.bold().red())?;
        at = h.end;
    }
    segment(out, &line[at..], redact)
}

/// Only the neighbourhood of each code: the line is too long to print whole.
fn window(
    out: &mut impl Write,
    line: &[u8],
    hits: &[Occurrence],
    redact: Option<&crate::redact::Redactor>,
) -> io::Result<()> {
    let mut shown = 0;
    for (i, h) in hits.iter().enumerate() {
        let from = h.start.saturating_sub(WINDOW).max(shown);
        let to = (h.end + WINDOW).min(line.len());
        let to = hits.get(i + 1).map_or(to, |n| to.min(n.start));
        if from > shown || (i == 0 && from > 0) {
            out.write_all("…".as_bytes())?;
        }
        segment(out, &line[from..h.start], redact)?;
        write!(out, "{}", String::from_utf8_lossy(&line[h.start..h.end]).bold().red())?;
        segment(out, &line[h.end..to], redact)?;
        shown = to;
    }
    if shown < line.len() {
        out.write_all("…".as_bytes())?;
    }
    Ok(())
}

/// A bar of `BAR` cells scaled to `max`, in eighths of a cell; never empty for a count above 0.
pub(crate) fn bar(count: u64, max: u64) -> String {
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
