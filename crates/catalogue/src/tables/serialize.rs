//! JSON shapes of the table views, so printers serialise the views themselves instead of
//! copying them into look-alike structs. Field order is the public JSON contract (README).

use super::{StrList, Variant};
use serde::ser::{Serialize, SerializeStruct, Serializer};

impl Serialize for StrList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl Serialize for Variant<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut v = s.serialize_struct("Variant", 7)?;
        v.serialize_field("match", &self.matches())?;
        v.serialize_field("summary", self.summary())?;
        v.serialize_field("cause", self.cause())?;
        v.serialize_field("fix", &self.fix())?;
        v.serialize_field("actor", self.actor().as_str())?;
        v.serialize_field("retryable", &self.retryable())?;
        v.serialize_field("http_status", &self.http_status())?;
        v.end()
    }
}

#[cfg(test)]
mod tests {
    use crate::tables::tests::file;

    #[test]
    fn a_variant_serialises_with_the_documented_keys_in_order() {
        let body = "  - code: x\n    summary: s\n    cause: c\n    fix: [f]\n    actor: user\n    variants:\n      - match: [boom]\n        summary: vs\n        cause: vc\n        fix: [a, b]\n        http_status: 400\n";
        let cat = crate::model::Catalogue::resolve(&[file("t", 1, "<name>", body)]);
        let blob = crate::compile::build(&cat).unwrap();
        let t = crate::tables::Tables::new(&blob).unwrap();
        let v = t.entries().next().unwrap().variants().next().unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"match":["boom"],"summary":"vs","cause":"vc","fix":["a","b"],"actor":"user","retryable":false,"http_status":400}"#
        );
    }
}
