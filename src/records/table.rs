//! CSV exports, read with a real CSV reader (quoted fields hold commas, quotes and newlines) one
//! record at a time into reused buffers. Columns are found by header name, not position.

use super::fields::{CSV_SIGNATURES, FIELDS, Field, columns, set};
use super::limit::limited;
use super::{Error, Event, Format};
use std::io::{self, Read};

/// A field longer than this is cut (a hostile export cannot grow a record without bound).
const MAX_FIELD: usize = 64 * 1024;

/// The CSV format whose signature column the header names; `Log` when none.
pub fn detect(body: &[u8]) -> Format {
    let line = &body[..memchr::memchr(b'\n', body).unwrap_or(body.len())];
    let header =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(line).into_byte_records().next();
    let Some(Ok(header)) = header else { return Format::Log };
    CSV_SIGNATURES
        .iter()
        .find(|(name, _)| header.iter().any(|h| h.trim_ascii().eq_ignore_ascii_case(name.as_bytes())))
        .map_or(Format::Log, |&(_, f)| f)
}

/// Streams the records of `input` (header first) to `each`.
pub fn read(format: Format, input: impl Read, each: &mut impl FnMut(&Event) -> io::Result<()>) -> Result<(), Error> {
    let (input, marks) = limited(input);
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(input);
    let mut rec = csv::ByteRecord::new();
    if !next(&mut rdr, &mut rec)? {
        return Ok(());
    }
    let at: Vec<(Field, usize)> = FIELDS
        .iter()
        .filter_map(|&f| {
            let names = columns(format, f);
            names.iter().find_map(|n| position(&rec, n)).map(|i| (f, i))
        })
        .collect();
    // A forced --format on another file would read every record as a success: say so instead.
    if !at.iter().any(|(f, _)| matches!(f, Field::Code | Field::Result | Field::Reason)) {
        let msg = format!("the header names no error column of the {} format (see --format)", format.name());
        return Err(Error::Read(io::Error::new(io::ErrorKind::InvalidData, msg)));
    }
    let apps = if format == Format::OktaCsv { okta_targets(&rec) } else { Vec::new() };
    let mut ev = Event::default();
    let mut text = String::new();
    while next(&mut rdr, &mut rec)? {
        marks.record_ended();
        if rec.len() == 1 && rec[0].is_empty() {
            continue;
        }
        ev.record += 1;
        ev.clear();
        for &(field, i) in &at {
            let raw = rec.get(i).unwrap_or_default();
            text.clear();
            text.push_str(&String::from_utf8_lossy(&raw[..raw.len().min(MAX_FIELD)]));
            set(&mut ev, field, text.trim());
        }
        // Okta's app is whichever target is the AppInstance.
        if let Some(&(_, name)) = apps.iter().find(|&&(ty, _)| rec.get(ty) == Some(b"AppInstance".as_slice())) {
            ev.app.push_str(&String::from_utf8_lossy(rec.get(name).unwrap_or_default()));
        }
        each(&ev).map_err(Error::Write)?;
    }
    Ok(())
}

/// Okta's flattened targets: the columns of `target[N].type` and `target[N].displayName`.
fn okta_targets(header: &csv::ByteRecord) -> Vec<(usize, usize)> {
    (0..16)
        .map_while(|n| {
            let ty = position(header, &format!("target[{n}].type"))?;
            Some((ty, position(header, &format!("target[{n}].displayName"))?))
        })
        .collect()
}

/// The index of the header named `name`; a BOM before the first name is not part of it.
fn position(header: &csv::ByteRecord, name: &str) -> Option<usize> {
    header.iter().position(|h| {
        let h = h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h);
        h.trim_ascii().eq_ignore_ascii_case(name.as_bytes())
    })
}

fn next(rdr: &mut csv::Reader<impl Read>, rec: &mut csv::ByteRecord) -> Result<bool, Error> {
    rdr.read_byte_record(rec).map_err(|e| {
        let message = e.to_string();
        Error::Read(match e.into_kind() {
            csv::ErrorKind::Io(e) => e,
            _ => io::Error::new(io::ErrorKind::InvalidData, message),
        })
    })
}
