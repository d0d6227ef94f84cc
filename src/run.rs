//! Runs a parsed command line: calls the library, hands results to a printer, returns the exit status.

use crate::catalogue::{self, Provider};
use crate::cli::{Cli, ColorWhen, Command, Output};
use crate::query::{self, Answer};
use crate::render::{human, json};
use std::io::{self, IsTerminal, Write};

/// Why a run failed; `main` maps this to exit status 2 (a closed pipe is not a failure).
#[derive(Debug)]
pub enum Error {
    Usage(String),
    Io(io::Error),
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(m) => f.write_str(m),
            Error::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Exit status of a run that did not fail: 0 found, 1 not found.
pub type Status = i32;

/// Colour decision: --color always/never win; in auto, CLICOLOR_FORCE forces colour,
/// NO_COLOR (non-empty) turns it off, otherwise colour only a terminal.
pub fn use_colour(when: ColorWhen, stdout_is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if set("CLICOLOR_FORCE") => true,
        ColorWhen::Auto if set("NO_COLOR") => false,
        ColorWhen::Auto => stdout_is_terminal,
    }
}

pub fn run(cli: Cli) -> Result<Status, Error> {
    colored::control::set_override(use_colour(cli.output.color, io::stdout().is_terminal()));
    let provider = match cli.provider.as_deref() {
        None => None,
        Some(id) => Some(catalogue::provider(id).ok_or_else(|| {
            let known: Vec<&str> = catalogue::PROVIDERS.iter().map(|p| p.id).collect();
            Error::Usage(format!(
                "unknown provider '{}' (known: {})",
                query::escape(id),
                known.join(", ")
            ))
        })?),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let status = match cli.command {
        Some(Command::List) => list(&mut out, &cli.output, provider)?,
        None if cli.queries.is_empty() => {
            return Err(Error::Usage(
                "no query given: try `stserr AADSTS50011`, or `stserr --help`".into(),
            ));
        }
        None => explain(&mut out, &cli.output, &cli.queries, provider)?,
    };
    out.flush()?;
    Ok(status)
}

fn list(
    out: &mut impl Write,
    o: &Output,
    provider: Option<&'static Provider>,
) -> Result<Status, Error> {
    let width = human::width();
    for e in catalogue::entries(provider) {
        let mut s = String::new();
        if o.json {
            s = json::line(&json::EntryJson::from(e));
        } else {
            human::brief(&mut s, e, width);
        }
        out.write_all(s.as_bytes())?;
    }
    Ok(0)
}

fn explain(
    out: &mut impl Write,
    o: &Output,
    queries: &[String],
    provider: Option<&'static Provider>,
) -> Result<Status, Error> {
    let width = human::width();
    let mut missing = 0;
    let mut first = true;
    for q in queries {
        match query::lookup(q, provider) {
            Answer::Exact(entries) => {
                let mut s = String::new();
                if o.json {
                    for e in &entries {
                        s.push_str(&json::line(&json::EntryJson::from(*e)));
                    }
                } else {
                    if !first {
                        s.push('\n');
                    }
                    human::entry(&mut s, entries[0], &entries[1..], q, width);
                }
                first = false;
                out.write_all(s.as_bytes())?;
            }
            Answer::Missing { suggestions } => {
                missing += 1;
                out.flush()?;
                let mut msg = format!("stserr: no entry for '{}'", query::escape(q));
                if !suggestions.is_empty() {
                    let names: Vec<String> = suggestions
                        .iter()
                        .map(|e| match e.name {
                            Some(n) => format!("{} ({n})", e.code),
                            None => e.code.to_string(),
                        })
                        .collect();
                    msg += &format!("; did you mean {}?", names.join(", "));
                }
                eprintln!("{msg}");
            }
        }
    }
    Ok(if missing > 0 { 1 } else { 0 })
}
