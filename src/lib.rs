//! stserr: explains identity-provider sign-in error codes offline.
#![forbid(unsafe_code)]

pub mod catalogue;
pub mod cli;
pub mod normalize;
pub mod overlay;
pub mod query;
pub mod render;
pub mod run;
pub mod scan;
pub mod search;
pub mod source;

#[cfg(test)]
mod codegen;
#[cfg(test)]
mod index_gen;

pub use catalogue::VERSION_LONG;
