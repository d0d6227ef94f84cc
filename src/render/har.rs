//! Printers for HAR captures: each hop that failed, with the request and the errors it carried;
//! or `--timeline`, every sign-in hop in order so the failing one stands out; or JSON Lines.
//! Hops arrive with their secrets already masked (records::har).

use super::records::Mode;
use super::scan::{clip, meaning};
use crate::decode::time::{iso, utc};
use crate::escape::escape;
use crate::records::har::{Hop, HopSink};
use crate::records::{Finding, Key};
use crate::redact::Redactor;
use colored::Colorize;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

pub struct Printer<'r, W: Write> {
    out: W,
    mode: Mode,
    timeline: bool,
    name: String,
    show_name: bool,
    redact: Option<&'r Redactor>,
    width: usize,
}

impl<'r, W: Write> Printer<'r, W> {
    pub fn new(out: W, mode: Mode, timeline: bool, redact: Option<&'r Redactor>, width: usize) -> Self {
        Printer { out, mode, timeline, name: String::new(), show_name: false, redact, width }
    }

    pub fn input(&mut self, name: &str, show: bool) {
        self.name = escape(name);
        self.show_name = show;
    }

    /// Text from the capture, escaped, with personal data masked under `--redact`.
    fn shown(&self, s: &str) -> String {
        escape(&self.redact.map_or_else(|| s.to_string(), |r| r.text(s).into_owned()))
    }

    fn request(&self, hop: &Hop) -> String {
        let place = if self.show_name { format!("{}:", self.name) } else { String::new() };
        let time = hop.time.map_or_else(|| "-".into(), |t| utc(t)[11..19].to_string());
        let status = if hop.status == 0 { "---".into() } else { hop.status.to_string() };
        format!(
            "{place}#{:<3} {time}  {status} {} {}{}",
            hop.entry,
            self.shown(&hop.method),
            self.shown(&hop.host),
            self.shown(&hop.path)
        )
    }

    fn details(&mut self, hop: &Hop, found: &[Finding]) -> io::Result<()> {
        let room = self.width.saturating_sub(8).max(20);
        if !hop.params.is_empty() {
            let p: Vec<String> = hop.params.iter().map(|(n, v)| format!("{n}={v}")).collect();
            writeln!(self.out, "      {}", clip(&self.shown(&p.join("  ")), room).dimmed())?;
        }
        if let Some(saml) = &hop.saml {
            writeln!(self.out, "      {}", clip(&self.shown(saml), room))?;
        }
        if let Some(loc) = &hop.location {
            writeln!(self.out, "      → {}", clip(&self.shown(loc), room))?;
        }
        for (f, place) in found.iter().zip(&hop.places) {
            let what = match (f.entry, &f.key) {
                (Some(e), _) => meaning(e),
                (None, Key::Text(_)) => String::new(),
                (None, Key::Code(_)) => format!("not in the catalogue yet ({} family)", escape(f.provider)),
            };
            let code = escape(&f.key.to_string());
            let line = format!("✗ {code} (in the {place})  {what}");
            writeln!(self.out, "      {}", clip(&line, room).red())?;
        }
        if !hop.ids.is_empty() {
            let ids: Vec<String> = hop.ids.iter().map(|(l, v)| format!("{l}: {v}")).collect();
            writeln!(self.out, "      {}", clip(&self.shown(&ids.join("  ")), room).dimmed())?;
        }
        Ok(())
    }

    fn json(&mut self, hop: &Hop, found: &[Finding]) -> io::Result<()> {
        let mut o = Map::new();
        o.insert("path".into(), self.name.clone().into());
        o.insert("entry".into(), hop.entry.into());
        o.insert("time".into(), hop.time.map(iso).into());
        o.insert("method".into(), hop.method.clone().into());
        o.insert("host".into(), hop.host.clone().into());
        o.insert("url_path".into(), hop.path.clone().into());
        o.insert("status".into(), hop.status.into());
        let ids: Map<String, Value> =
            hop.ids.iter().map(|(l, v)| (l.to_lowercase().replace(' ', "_"), v.clone().into())).collect();
        o.insert("ids".into(), ids.into());
        if self.timeline {
            o.insert("location".into(), hop.location.clone().into());
            let params: Map<String, Value> = hop.params.iter().map(|(n, v)| (n.clone(), v.clone().into())).collect();
            o.insert("params".into(), params.into());
            o.insert("saml".into(), hop.saml.clone().into());
            let codes: Vec<Value> = found.iter().zip(&hop.places).map(|(f, p)| finding(f, p)).collect();
            o.insert("codes".into(), codes.into());
            return line(&mut self.out, o);
        }
        for (f, place) in found.iter().zip(&hop.places) {
            let mut row = o.clone();
            if let Value::Object(more) = finding(f, place) {
                row.extend(more);
            }
            line(&mut self.out, row)?;
        }
        Ok(())
    }
}

fn finding(f: &Finding, place: &str) -> Value {
    json!({
        "code": f.key.to_string(),
        "provider": f.provider,
        "known": f.entry.is_some(),
        "name": f.entry.and_then(|e| e.name()),
        "summary": f.entry.map(|e| e.summary()),
        "class": f.class(),
        "found_in": place,
    })
}

fn line(out: &mut impl Write, o: Map<String, Value>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Value::Object(o))?;
    out.write_all(b"\n")
}

impl<W: Write> HopSink for Printer<'_, W> {
    fn hop(&mut self, hop: &Hop, found: &[Finding]) -> io::Result<()> {
        let shown = if self.timeline { hop.is_signin(found) } else { !found.is_empty() };
        if !shown {
            return Ok(());
        }
        match self.mode {
            Mode::Json => self.json(hop, found),
            Mode::OnlyMatching => {
                for f in found {
                    writeln!(self.out, "{}", escape(&f.key.to_string()))?;
                }
                Ok(())
            }
            Mode::Records => {
                let head = self.request(hop);
                let head = if found.is_empty() { head.normal() } else { head.bold().red() };
                writeln!(self.out, "{head}")?;
                self.details(hop, found)
            }
        }
    }
}
