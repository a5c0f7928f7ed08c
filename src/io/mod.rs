//! Reading and writing graphs: the JSON dataset format.
//!
//! The JSON format (`"format": "stancegraph/1"`) is documented in
//! `docs/dataset-format.md`; it is the serde form of [`Dataset`](crate::model::Dataset).

mod file;
pub mod json;

pub use file::write_atomically;
