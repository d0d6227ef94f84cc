//! Printers. Each takes the data the library returned and formats it; they never decide what was found.

pub mod decoded;
pub mod har;
pub mod human;
pub mod json;
pub mod records;
pub mod scan;
pub mod triage;
