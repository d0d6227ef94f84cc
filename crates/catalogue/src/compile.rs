//! From YAML to a table blob: the whole data folder at build time, or the built-in catalogue
//! plus an overlay file at run time. Both go through the same validation, resolution and indexing.

use crate::index::Index;
use crate::model::Catalogue;
use crate::tables::{self, Tables};
use crate::validate::{self, Problem};
use std::path::Path;

/// Reads every `*.yaml` in `dir` (shown in messages as `shown_dir/NAME.yaml`), validates, and
/// returns the blob or every problem.
pub fn compile_dir(dir: &Path, shown_dir: &str) -> Result<Vec<u8>, Vec<Problem>> {
    let problem = |file: String, message: String| Problem { file, line: 1, message };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| vec![problem(shown_dir.into(), format!("cannot read the folder: {e}"))])?
        .filter_map(|d| d.ok().map(|d| d.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for path in &paths {
        let shown = format!("{shown_dir}/{}", path.file_name().unwrap_or_default().to_string_lossy());
        match std::fs::read_to_string(path) {
            Ok(text) => files.extend(validate::parse_file(&shown, &text, &mut problems)),
            Err(e) => problems.push(problem(shown, format!("cannot read: {e}"))),
        }
    }
    validate::check_catalogue(&files, &|_| false, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    build(&Catalogue::resolve(&files)).map_err(|e| vec![problem(shown_dir.into(), e)])
}

/// Indexes a resolved catalogue and writes its blob.
pub fn build(cat: &Catalogue) -> Result<Vec<u8>, String> {
    Ok(tables::write(cat, &Index::build(cat)?))
}

/// The largest overlay file read, so a hostile file cannot take the memory or time of a huge one.
pub const MAX_OVERLAY_BYTES: usize = 4 << 20;

/// `base` with the overlay in `text` merged over it (an overlay entry replaces the built-in one
/// with its provider and code), as a new blob. `shown` names the file in problems.
pub fn overlay(base: &Tables<'_>, shown: &str, text: &str) -> Result<Vec<u8>, Vec<Problem>> {
    let problem = |message: String| vec![Problem { file: shown.into(), line: 1, message }];
    if text.len() > MAX_OVERLAY_BYTES {
        return Err(problem(format!(
            "the file is {} bytes; an overlay may have at most {MAX_OVERLAY_BYTES}",
            text.len()
        )));
    }
    let mut problems = Vec::new();
    let Some(mut file) = validate::parse_file(shown, text, &mut problems) else { return Err(problems) };
    // Entries of a built-in provider are resolved under its header (links, shapes, order).
    if let Some(p) = base.providers().find(|p| p.id() == file.provider.id) {
        file.provider.docs = p.docs().map(Into::into);
        file.provider.pattern = p.pattern().into();
        file.provider.order = p.order();
        file.provider.hresult = p.hresult();
    } else {
        // A new provider's families must leave the built-in ones alone.
        let range = |f: &str| crate::shape::family_range(f).ok();
        for fam in &file.provider.families {
            let Some((lo, hi)) = range(fam) else { continue };
            for p in base.providers() {
                if let Some(other) = p.families().iter().find(|o| range(o).is_some_and(|(l, h)| lo <= h && l <= hi)) {
                    problems.push(Problem {
                        file: shown.into(),
                        line: 1,
                        message: format!("family `{fam}` overlaps `{other}` of provider `{}`", p.id()),
                    });
                }
            }
        }
    }
    let known = |code: &str| base.by_key(&crate::normalize::key(code)).len() > 0;
    validate::check_catalogue(std::slice::from_ref(&file), &known, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut cat = base.to_model();
    cat.merge(Catalogue::resolve(std::slice::from_ref(&file)));
    build(&cat).map_err(problem)
}
