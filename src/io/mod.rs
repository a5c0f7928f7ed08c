//! Reading and writing graphs: the JSON dataset format, bulk CSV import, Graphviz
//! DOT pictures and GraphML for other graph tools.
//!
//! The JSON format (`"format": "stancegraph/1"`) is documented in
//! `docs/dataset-format.md`; it is the serde form of [`Dataset`](crate::model::Dataset).
//! The CSV tables ([`csv`]) are documented in `docs/csv-format.md`; a folder of
//! datasets loads as one graph with [`corpus`].

pub mod corpus;
pub mod csv;
pub mod diagnostic;
pub mod dot;
mod file;
pub mod graphml;
pub mod json;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod snapshot;

pub use file::write_atomically;
