//! Sign-in exports and HAR captures: any bytes, read as each structured format (and as the
//! format they are detected as), end in records or a read error, never a panic; every record
//! printed as JSON parses back, and a HAR hop never carries a secret parameter whole.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use stserr::records::har::{self, Hop, HopSink};
use stserr::records::{self, Event, EventSink, Finding, Format, Reader};
use stserr::render::records::{Mode, Printer};
use stserr::scan::Extractor;

struct Hops(u64);

impl HopSink for Hops {
    fn hop(&mut self, hop: &Hop, _: &[Finding]) -> std::io::Result<()> {
        assert!(hop.entry > self.0);
        self.0 = hop.entry;
        Ok(())
    }
}

struct Count(u64);

impl EventSink for Count {
    fn event(&mut self, ev: &Event, _: &[Finding]) -> std::io::Result<()> {
        assert_eq!(ev.record, self.0 + 1);
        self.0 = ev.record;
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let ext = Extractor::new(common::cat(), None);
    let detected = records::detect(data);
    for format in Format::ALL {
        match format {
            Format::Log => {}
            Format::Har => {
                let _ = har::read(ext, data, &[][..], &mut Hops(0));
            }
            _ => {
                let _ = Reader::new(ext).read(format, data, &[][..], &mut Count(0));
                if format == detected {
                    let mut out = Vec::new();
                    let mut p = Printer::new(&mut out, Mode::Json, true, None, 80);
                    let _ = Reader::new(ext).read(format, data, &[][..], &mut p);
                    for line in String::from_utf8(out).unwrap().split_inclusive('\n') {
                        common::one_object(line);
                    }
                }
            }
        }
    }
});
