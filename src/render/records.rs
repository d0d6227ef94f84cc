//! Printers for the failing records of a sign-in export: for people, the record's time, user,
//! app and IP, then each code with its meaning and the IDs to quote to support; JSON Lines, one
//! object per finding; or only the codes. Values from the export are escaped, and masked with
//! `--redact`.

use super::scan::{clip, meaning};
use crate::decode::time::{iso, utc};
use crate::escape::escape;
use crate::records::{Event, EventSink, Finding, Key};
use crate::redact::Redactor;
use colored::Colorize;
use serde_json::{Map, Value};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Records,
    OnlyMatching,
    Json,
}

pub struct Printer<'r, W: Write> {
    out: W,
    mode: Mode,
    name: String,
    show_name: bool,
    /// Print records whose findings are all interrupts too.
    all: bool,
    redact: Option<&'r Redactor>,
    width: usize,
}

impl<'r, W: Write> Printer<'r, W> {
    pub fn new(out: W, mode: Mode, all: bool, redact: Option<&'r Redactor>, width: usize) -> Self {
        Printer { out, mode, name: String::new(), show_name: false, all, redact, width }
    }

    pub fn input(&mut self, name: &str, show: bool) {
        self.name = escape(name);
        self.show_name = show;
    }

    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn user(&self, v: &str) -> String {
        self.redact.map_or_else(|| v.to_string(), |r| r.user(v))
    }

    fn ip(&self, v: &str) -> String {
        self.redact.map_or_else(|| v.to_string(), |r| r.ip(v))
    }

    fn record(&mut self, ev: &Event, found: &[Finding]) -> io::Result<()> {
        let place = if self.show_name { format!("{}:", self.name) } else { String::new() };
        let time = ev.time.map_or_else(|| "-".to_string(), utc);
        let mut head = format!("{place}record {}  {time}", ev.record);
        for v in [self.user(&ev.user), ev.app.clone(), self.ip(&ev.ip), ev.event_type.clone(), ev.result.clone()] {
            if !v.is_empty() {
                head.push_str("  ");
                head.push_str(&escape(&v));
            }
        }
        writeln!(self.out, "{}", head.green())?;
        let room = self.width.saturating_sub(4).max(20);
        for f in found {
            let class = f.class().map_or(String::new(), |c| format!(" ({c})"));
            let what = match (f.entry, &f.key) {
                (Some(e), _) => meaning(e),
                (None, Key::Text(_)) => "the export's own reason: no code to look up".into(),
                (None, Key::Code(_)) => format!("not in the catalogue yet ({} family)", escape(f.provider)),
            };
            let code = escape(&f.key.to_string());
            writeln!(self.out, "  {}{class}  {}", code.bold().cyan(), clip(&what, room.saturating_sub(code.len())))?;
        }
        if matches!(found.first(), Some(f) if matches!(f.key, Key::Code(_))) && !ev.reason.is_empty() {
            writeln!(self.out, "  {}", clip(&format!("Reason: {}", escape(&ev.reason)), room).dimmed())?;
        }
        let ids: Vec<String> = [
            ("Request ID", &ev.request_id),
            ("Correlation ID", &ev.correlation_id),
            ("Transaction ID", &ev.transaction_id),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(l, v)| format!("{l}: {}", escape(v)))
        .collect();
        if !ids.is_empty() {
            writeln!(self.out, "  {}", ids.join("  ").dimmed())?;
        }
        Ok(())
    }

    fn json(&mut self, ev: &Event, found: &[Finding]) -> io::Result<()> {
        for f in found {
            let mut o = Map::new();
            o.insert("path".into(), self.name.clone().into());
            o.insert("record".into(), ev.record.into());
            o.insert("time".into(), ev.time.map(iso).into());
            o.insert("user".into(), self.user(&ev.user).into());
            o.insert("app".into(), ev.app.clone().into());
            o.insert("ip".into(), self.ip(&ev.ip).into());
            o.insert("result".into(), ev.result.clone().into());
            o.insert("code".into(), f.key.to_string().into());
            o.insert("provider".into(), f.provider.into());
            o.insert("known".into(), f.entry.is_some().into());
            o.insert("name".into(), f.entry.and_then(|e| e.name()).into());
            o.insert("summary".into(), f.entry.map(|e| e.summary()).into());
            o.insert("class".into(), f.class().into());
            o.insert("reason".into(), ev.reason.clone().into());
            for (k, v) in [
                ("event_type", &ev.event_type),
                ("request_id", &ev.request_id),
                ("correlation_id", &ev.correlation_id),
                ("transaction_id", &ev.transaction_id),
            ] {
                o.insert(k.into(), if v.is_empty() { Value::Null } else { v.clone().into() });
            }
            serde_json::to_writer(&mut self.out, &Value::Object(o))?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl<W: Write> EventSink for Printer<'_, W> {
    fn event(&mut self, ev: &Event, found: &[Finding]) -> io::Result<()> {
        if found.is_empty() || (!self.all && found.iter().all(|f| f.class() == Some("interrupt"))) {
            return Ok(());
        }
        match self.mode {
            Mode::Records => self.record(ev, found),
            Mode::Json => self.json(ev, found),
            Mode::OnlyMatching => {
                for f in found {
                    if self.show_name {
                        write!(self.out, "{}:", self.name)?;
                    }
                    writeln!(self.out, "{}", escape(&f.key.to_string()))?;
                }
                Ok(())
            }
        }
    }
}
