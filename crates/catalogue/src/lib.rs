//! stserr's catalogue: everything about the data, for the build script and the binary alike.
//!
//! - [`schema`]: the YAML format of `data/*.yaml`; [`validate`]: reading it with every problem
//!   reported as `FILE:LINE: message`; [`shape`]: code patterns.
//! - [`model`]: the resolved catalogue (display order, filled-in variants, links, keys);
//!   [`index`]: the search index built from it; [`normalize`]: keys and search terms.
//! - [`tables`]: the pointer-free blob both are written into, and the views that read it.
//! - [`compile`]: from a data folder (build time) or an overlay file (run time) to a blob.
#![forbid(unsafe_code)]

pub mod compile;
pub mod index;
pub mod layout;
pub mod model;
pub mod normalize;
mod positions;
pub mod schema;
pub mod shape;
pub mod tables;
pub mod template;
pub mod validate;

pub use model::Actor;
pub use tables::{Entry, Provider, StrList, Tables, Template, Variant};
pub use validate::Problem;
