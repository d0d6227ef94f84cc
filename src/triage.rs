//! The triage summary of `stserr scan --summary`, for logs and sign-in exports alike: failures
//! grouped by code (or pivoted by user, app or IP) with counts, distinct users, apps and IPs,
//! first and last seen, and the catalogue's class, so that real failures come before the
//! interrupts of a normal sign-in (an MFA prompt, consent, "stay signed in?").
//!
//! Memory is bounded: distinct values are counted as hashes within a fixed budget (past it a
//! count is a lower bound, shown as such), and groups the catalogue cannot bound (unknown codes,
//! reasons, users) are capped, the rest counted together.

use crate::catalogue::Entry;
use crate::quick_hash::QuickHash;
use crate::records::{Event, EventSink, Finding, Key};
use crate::scan::{Line, Sink};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::io;

/// What a row groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Code,
    User,
    App,
    Ip,
}

impl By {
    pub fn name(self) -> &'static str {
        match self {
            By::Code => "code",
            By::User => "user",
            By::App => "app",
            By::Ip => "ip",
        }
    }
}

/// Distinct codes, reasons or pivot values counted one by one; the catalogue's codes are bounded
/// by it. Occurrences under further ones are counted together.
pub const MAX_UNKNOWN_CODES: usize = 10_000;
/// Distinct values remembered over all rows (8 bytes each, about 12 MiB in all).
pub const DISTINCT_BUDGET: usize = 1 << 20;
/// Codes remembered per pivot row for its "top codes".
const TOP_KEPT: usize = 32;

/// Values counted once each, as 64-bit hashes.
#[derive(Debug, Default, Clone)]
pub struct Distinct {
    set: HashSet<u64, BuildHasherDefault<Prehashed>>,
    /// Values were left uncounted when the budget ran out: the count is a lower bound.
    pub capped: bool,
}

impl Distinct {
    fn add(&mut self, value: &str, budget: &mut usize) {
        if value.is_empty() {
            return;
        }
        let mut h = std::hash::DefaultHasher::new();
        value.hash(&mut h);
        let h = h.finish();
        if self.set.contains(&h) {
            return;
        }
        if *budget == 0 {
            self.capped = true;
            return;
        }
        self.set.insert(h);
        *budget -= 1;
    }

    pub fn count(&self) -> usize {
        self.set.len()
    }
}

/// The keys of a `Distinct` set are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The code or reason (by code), or the user, app or IP (pivots; empty when not recorded).
    pub key: Key,
    pub entry: Option<Entry>,
    pub provider: &'static str,
    pub class: Option<&'static str>,
    pub count: u64,
    pub users: Distinct,
    pub apps: Distinct,
    pub ips: Distinct,
    /// Distinct codes (pivots only).
    pub codes: Distinct,
    pub first: Option<i64>,
    pub last: Option<i64>,
    /// Pivots: the codes counted in this row, most frequent first once [`Triage::rows`] sorts.
    pub top: Vec<(Finding, u64)>,
}

impl Row {
    pub fn is_interrupt(&self) -> bool {
        self.class == Some("interrupt")
    }
}

/// Records (exports) or lines (logs) that held no failure, interrupts only, or a failure.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    pub records: u64,
    pub successes: u64,
    pub interrupts: u64,
    pub failures: u64,
}

/// Accumulates findings into rows.
#[derive(Debug)]
pub struct Triage {
    by: By,
    /// Count interrupts in pivots too (by code they are always counted, then folded).
    all: bool,
    rows: Rows,
    budget: usize,
    pub totals: Totals,
    /// Whether any input said who signed in (an export): logs leave the columns empty.
    pub has_people: bool,
    pub has_times: bool,
    /// A log line's findings, kept to reuse the allocation.
    scratch: Vec<Finding>,
}

impl Triage {
    pub fn new(by: By, all: bool) -> Triage {
        Triage {
            by,
            all,
            rows: Rows::default(),
            budget: DISTINCT_BUDGET,
            totals: Totals::default(),
            has_people: false,
            has_times: false,
            scratch: Vec::new(),
        }
    }

    pub fn by(&self) -> By {
        self.by
    }

    /// Occurrences past the first [`MAX_UNKNOWN_CODES`] groups the catalogue does not bound.
    pub fn other(&self) -> u64 {
        self.rows.other
    }

    /// Failures by count, most first; then interrupts by count. Ties in key order.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows: Vec<Row> = self.rows.map.values().cloned().collect();
        for r in &mut rows {
            r.top.sort_by_cached_key(|(f, n)| (std::cmp::Reverse(*n), f.key.to_string()));
        }
        rows.sort_by_cached_key(|r| (r.is_interrupt(), std::cmp::Reverse(r.count), r.key.to_string()));
        rows
    }

    /// Counts one record (or line) and its findings.
    fn add(&mut self, found: &[Finding], time: Option<i64>, user: &str, app: &str, ip: &str) {
        self.totals.records += 1;
        if found.is_empty() {
            self.totals.successes += 1;
            return;
        }
        if found.iter().all(|f| f.class() == Some("interrupt")) {
            self.totals.interrupts += 1;
        } else {
            self.totals.failures += 1;
        }
        self.has_people |= !(user.is_empty() && app.is_empty() && ip.is_empty());
        self.has_times |= time.is_some();
        let by = self.by;
        for f in found {
            if by != By::Code && !self.all && f.class() == Some("interrupt") {
                continue;
            }
            let key = match by {
                By::Code => f.key.clone(),
                By::User => Key::Text(user.into()),
                By::App => Key::Text(app.into()),
                By::Ip => Key::Text(ip.into()),
            };
            let Some(row) = self.rows.row(by, key, f) else { continue };
            row.count += 1;
            if let Some(t) = time {
                row.first = Some(row.first.map_or(t, |f| f.min(t)));
                row.last = Some(row.last.map_or(t, |l| l.max(t)));
            }
            let budget = &mut self.budget;
            row.users.add(user, budget);
            row.apps.add(app, budget);
            row.ips.add(ip, budget);
            if by != By::Code {
                row.codes.add(&f.key.to_string(), budget);
                match row.top.iter().position(|(t, _)| t.key == f.key) {
                    Some(i) => row.top[i].1 += 1,
                    None if row.top.len() < TOP_KEPT => row.top.push((f.clone(), 1)),
                    None => {}
                }
            }
        }
    }
}

/// The rows, and the count of occurrences past the cap on rows the catalogue does not bound.
#[derive(Debug, Default)]
struct Rows {
    map: HashMap<Key, Row, QuickHash>,
    unbounded: usize,
    other: u64,
}

impl Rows {
    /// The row for `key`, made when new; `None` when it would pass the cap on unbounded rows.
    fn row(&mut self, by: By, key: Key, f: &Finding) -> Option<&mut Row> {
        let bounded = by == By::Code && f.entry.is_some();
        match self.map.entry(key) {
            std::collections::hash_map::Entry::Occupied(o) => Some(o.into_mut()),
            std::collections::hash_map::Entry::Vacant(_) if !bounded && self.unbounded >= MAX_UNKNOWN_CODES => {
                self.other += 1;
                None
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                self.unbounded += usize::from(!bounded);
                let code_row = by == By::Code;
                let row = Row {
                    key: v.key().clone(),
                    entry: if code_row { f.entry } else { None },
                    provider: if code_row { f.provider } else { "" },
                    class: if code_row { f.class() } else { None },
                    count: 0,
                    users: Distinct::default(),
                    apps: Distinct::default(),
                    ips: Distinct::default(),
                    codes: Distinct::default(),
                    first: None,
                    last: None,
                    top: Vec::new(),
                };
                Some(v.insert(row))
            }
        }
    }
}

impl EventSink for Triage {
    fn event(&mut self, ev: &Event, found: &[Finding]) -> io::Result<()> {
        self.add(found, ev.time, &ev.user, &ev.app, &ev.ip);
        Ok(())
    }
}

impl crate::records::har::HopSink for Triage {
    /// A hop of a HAR capture: its host stands for the app (the capture names no user).
    fn hop(&mut self, hop: &crate::records::har::Hop, found: &[Finding]) -> io::Result<()> {
        if hop.is_signin(found) {
            self.add(found, hop.time, "", &hop.host, "");
        }
        Ok(())
    }
}

impl Sink for Triage {
    /// A log line: its codes, and its time when it starts with one (or names a timestamp).
    fn line(&mut self, line: &Line<'_>) -> io::Result<()> {
        let mut found = std::mem::take(&mut self.scratch);
        found.clear();
        found.extend(line.hits.iter().map(|h| Finding {
            key: Key::Code(h.code),
            entry: h.entry,
            provider: h.provider_id(),
            interrupt: false,
        }));
        let time = line.ids.timestamp.and_then(crate::records::time::parse).or_else(|| leading_time(line.text));
        self.add(&found, time, "", "", "");
        self.scratch = found;
        Ok(())
    }
}

/// The ISO 8601 time a log line starts with (`2024-05-21T10:15:30.123Z INFO …`, `[2024-05-21
/// 10:15:30] …`, `kubectl logs --timestamps`), if any.
fn leading_time(text: &[u8]) -> Option<i64> {
    let text = text.strip_prefix(b"[").or_else(|| text.strip_prefix(b"\"")).unwrap_or(text);
    let end = text.iter().take(40).position(|b| matches!(b, b' ' | b']' | b'"' | b',' | b'\t'));
    let end = match end {
        // `2024-05-21 10:15:30`: the date, a space, and the clock.
        Some(10) => 11 + text.get(11..)?.iter().take(30).position(|b| matches!(b, b' ' | b']' | b'"' | b','))?,
        Some(e) => e,
        None => return None,
    };
    std::str::from_utf8(text.get(..end)?).ok().and_then(crate::records::time::parse)
}

#[cfg(test)]
mod tests;
