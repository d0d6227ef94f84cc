//! stserr: explains identity-provider sign-in error codes offline.
//!
//! The library returns data and never prints to the terminal by itself: [`catalogue`] is the
//! run's catalogue (compiled in, or with an overlay), [`lookup`] answers a typed query, [`search`]
//! ranks free text, [`fuzzy`] suggests near codes, [`scan`] finds codes in logs, and [`render`]
//! formats results for the binary (src/main.rs), which parses flags and writes output.
#![forbid(unsafe_code)]

pub mod catalogue;
pub mod decode;
pub mod escape;
pub mod fuzzy;
pub mod lookup;
mod quick_hash;
pub mod recognise;
pub mod records;
pub mod redact;
pub mod render;
pub mod scan;
pub mod search;
pub mod triage;

pub use catalogue::{Catalogue, VERSION_LONG};
pub use stserr_catalogue::normalize;
