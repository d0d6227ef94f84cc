//! The catalogue a run uses: the tables build.rs compiled in, or those tables with an overlay
//! merged over them. One value, made once in `main` and passed to every query.

use crate::scan::extract::Automaton;
use std::path::Path;
use std::sync::OnceLock;
pub use stserr_catalogue::{Actor, Problem, StrList, Tables, normalize};

/// An entry of the run's catalogue.
pub type Entry = stserr_catalogue::Entry<'static>;
pub type Provider = stserr_catalogue::Provider<'static>;
pub type Variant = stserr_catalogue::Variant<'static>;

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalogue.bin"));

/// `--version` with the catalogue's size per provider.
pub const VERSION_LONG: &str =
    concat!(env!("CARGO_PKG_VERSION"), "\n", include_str!(concat!(env!("OUT_DIR"), "/sizes.txt")));

pub struct Catalogue {
    tables: Tables<'static>,
    /// The scanner's automaton, built on first use (lookups of a plain code never need it).
    automaton: OnceLock<Automaton>,
}

impl Catalogue {
    /// The compiled-in catalogue.
    pub fn builtin() -> &'static Catalogue {
        static BUILTIN: OnceLock<Catalogue> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let tables = Tables::new(BLOB).expect("build.rs writes tables in the format this crate reads");
            Catalogue { tables, automaton: OnceLock::new() }
        })
    }

    /// The compiled-in catalogue with the overlay file at `path` merged over it, resolved and
    /// indexed by the same code as the build. Problems read `PATH:LINE: message`.
    pub fn with_overlay(path: &Path) -> Result<&'static Catalogue, Vec<Problem>> {
        let shown = path.display().to_string();
        let problem = |message: String| vec![Problem { file: shown.clone(), line: 1, message }];
        let max = stserr_catalogue::compile::MAX_OVERLAY_BYTES;
        let bytes = read_bounded(path, max).map_err(|e| problem(format!("cannot read the catalogue: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
            let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = 1 + String::from_utf8_lossy(&before[line_start..]).chars().count();
            let message = format!("column {column} is not UTF-8 text; save the file as UTF-8");
            vec![Problem { file: shown.clone(), line, message }]
        })?;
        let base = Catalogue::builtin();
        let blob = stserr_catalogue::compile::overlay(&base.tables, &shown, &text)?;
        let blob: &'static [u8] = Box::leak(blob.into_boxed_slice());
        let tables = Tables::new(blob).expect("the overlay was written in this crate's format");
        Ok(Box::leak(Box::new(Catalogue { tables, automaton: OnceLock::new() })))
    }

    pub fn automaton(&'static self) -> &'static Automaton {
        self.automaton.get_or_init(|| Automaton::build(self))
    }

    pub fn tables(&'static self) -> &'static Tables<'static> {
        &self.tables
    }

    /// Entries a typed key names (any spelling of a code, a number, a name), in display order.
    pub fn by_key(&'static self, query: &str) -> impl ExactSizeIterator<Item = Entry> + use<> {
        self.tables.by_key(&normalize::key(query))
    }

    pub fn providers(&'static self) -> impl ExactSizeIterator<Item = Provider> {
        self.tables.providers()
    }

    pub fn provider(&'static self, id: &str) -> Option<Provider> {
        self.providers().find(|p| p.id().eq_ignore_ascii_case(id))
    }

    /// Entries of one provider (or all), in display order.
    pub fn entries(&'static self, provider: Option<Provider>) -> impl Iterator<Item = Entry> + use<> {
        self.tables.entries().filter(move |e| provider.is_none_or(|p| e.provider() == p))
    }
}

/// Reads at most `max` bytes; a longer file is an error, not a truncation.
fn read_bounded(path: &Path, max: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(max as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Err(std::io::Error::other(format!("larger than the {max} bytes an overlay may have")));
    }
    Ok(bytes)
}
