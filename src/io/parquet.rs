//! The graph's tables as Apache Parquet files, for SQL engines that run where one
//! machine is not enough (DuckDB, Apache Spark, Trino, BigQuery ...). Enabled by
//! the `parquet` cargo feature; `docs/scale-out.md` gives the SQL for
//! who-said-what and the alignment matrix over these files.
//!
//! [`Graph::write_parquet`] writes five files into a folder:
//!
//! | file | columns |
//! | --- | --- |
//! | `actors.parquet` | `id`, `key`, `name`, `kind`, `top`, `top_key`, `wikidata`, `country` |
//! | `actor_ancestors.parquet` | `actor`, `ancestor`: every actor with itself and each actor above it |
//! | `relations.parquet` | `id`, `source`, `target`, `kind`, `start_day`, `end_day`, `confidence` |
//! | `statements.parquet` | `id`, `key`, `speaker`, `date`, `day_first`, `day_last`, `order`, `kind`, `mode`, `hedge`, `text` |
//! | `statement_targets.parquet` | `statement`, `target`, `stance` |
//!
//! Ids are the graph's dense ids (64-bit integers, which every engine reads);
//! `top` is the actor at the top of the actor's first-parent chain
//! ([`Graph::chain_up`]), itself for a top; days are counted from 1970-01-01, the
//! first and last day a (possibly partial) date stands for, so that date windows are
//! integer comparisons in any SQL dialect. Enum columns hold the names of the JSON
//! format (`state`, `member_of`, `quote` ...). Files are Snappy-compressed, written
//! in row groups of at most [`ROW_GROUP`] rows, each atomically.

use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde::Serialize;

use crate::graph::Graph;
use crate::graph::index::day_span;

/// Rows per row group (and per batch handed to the writer).
pub const ROW_GROUP: usize = 1 << 20;

/// A column under construction.
enum Col {
    I64(Vec<i64>),
    I32(Vec<Option<i32>>),
    F64(Vec<f64>),
    Str(Vec<Option<String>>),
}

impl Col {
    fn array(&mut self) -> ArrayRef {
        match self {
            Col::I64(v) => Arc::new(Int64Array::from(std::mem::take(v))),
            Col::I32(v) => Arc::new(Int32Array::from(std::mem::take(v))),
            Col::F64(v) => Arc::new(Float64Array::from(std::mem::take(v))),
            Col::Str(v) => Arc::new(StringArray::from(std::mem::take(v))),
        }
    }
    fn data_type(&self) -> DataType {
        match self {
            Col::I64(_) => DataType::Int64,
            Col::I32(_) => DataType::Int32,
            Col::F64(_) => DataType::Float64,
            Col::Str(_) => DataType::Utf8,
        }
    }
    fn nullable(&self) -> bool {
        matches!(self, Col::I32(_) | Col::Str(_))
    }
}

/// One table: named columns filled row by row, flushed as a batch every
/// [`ROW_GROUP`] rows.
struct Table {
    names: &'static [&'static str],
    cols: Vec<Col>,
    rows: usize,
    writer: ArrowWriter<Vec<u8>>,
    schema: Arc<Schema>,
}

fn io(e: impl std::error::Error + Send + Sync + 'static) -> std::io::Error {
    std::io::Error::other(e)
}

impl Table {
    fn new(names: &'static [&'static str], cols: Vec<Col>) -> std::io::Result<Table> {
        let fields: Vec<Field> =
            names.iter().zip(&cols).map(|(n, c)| Field::new(*n, c.data_type(), c.nullable())).collect();
        let schema = Arc::new(Schema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .build();
        let writer = ArrowWriter::try_new(Vec::new(), schema.clone(), Some(props)).map_err(io)?;
        Ok(Table { names, cols, rows: 0, writer, schema })
    }

    /// Counts a row whose values were pushed; flushes a full batch.
    fn row(&mut self) -> std::io::Result<()> {
        self.rows += 1;
        if self.rows == ROW_GROUP { self.flush() } else { Ok(()) }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(Col::array).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(io)?;
        self.writer.write(&batch).map_err(io)?;
        self.rows = 0;
        Ok(())
    }

    fn finish(mut self, dir: &Path, file: &str) -> std::io::Result<()> {
        debug_assert_eq!(self.names.len(), self.cols.len());
        self.flush()?;
        let bytes = self.writer.into_inner().map_err(io)?;
        crate::io::write_atomically(dir.join(file), |w| w.write_all(&bytes))
    }

    fn i64(&mut self, c: usize, v: i64) {
        if let Some(Col::I64(x)) = self.cols.get_mut(c) {
            x.push(v);
        }
    }
    fn i32(&mut self, c: usize, v: Option<i32>) {
        if let Some(Col::I32(x)) = self.cols.get_mut(c) {
            x.push(v);
        }
    }
    fn f64(&mut self, c: usize, v: f64) {
        if let Some(Col::F64(x)) = self.cols.get_mut(c) {
            x.push(v);
        }
    }
    fn str(&mut self, c: usize, v: Option<&str>) {
        if let Some(Col::Str(x)) = self.cols.get_mut(c) {
            x.push(v.map(str::to_owned));
        }
    }
}

/// The serde name of an enum value (`state`, `member_of` ...).
fn name(v: impl Serialize) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn i64s() -> Col {
    Col::I64(Vec::new())
}
fn strs() -> Col {
    Col::Str(Vec::new())
}

impl Graph {
    /// Writes the graph's tables as Parquet files into folder `dir` (created if
    /// missing); see the [module docs](crate::io::parquet) for the columns.
    ///
    /// ```
    /// let graph = stancegraph::datasets::strait_incident();
    /// let dir = tempfile::tempdir()?;
    /// graph.write_parquet(dir.path())?;
    /// assert!(dir.path().join("statements.parquet").is_file());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// # Errors
    /// Any error creating the folder or writing a file (a file is either written
    /// whole or left as it was).
    pub fn write_parquet(&self, dir: impl AsRef<Path>) -> std::io::Result<()> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)?;

        let mut t = Table::new(
            &["id", "key", "name", "kind", "top", "top_key", "wikidata", "country"],
            vec![i64s(), strs(), strs(), strs(), i64s(), strs(), strs(), strs()],
        )?;
        let mut kinds: Vec<(crate::ActorKind, String)> = Vec::new();
        for a in self.actors() {
            let top = self.chain_up(a.id()).last().unwrap_or(a);
            let kind = match kinds.iter().find(|(k, _)| *k == a.kind()) {
                Some((_, n)) => n.clone(),
                None => {
                    kinds.push((a.kind(), name(a.kind())));
                    name(a.kind())
                }
            };
            t.i64(0, a.id().index() as i64);
            t.str(1, Some(a.key()));
            t.str(2, Some(a.name()));
            t.str(3, Some(&kind));
            t.i64(4, top.id().index() as i64);
            t.str(5, Some(top.key()));
            t.str(6, a.wikidata().map(|w| w.to_string()).as_deref());
            let country = a.country();
            t.str(7, country.as_ref().map(|c| c.as_str()));
            t.row()?;
        }
        t.finish(dir, "actors.parquet")?;

        let mut t = Table::new(&["actor", "ancestor"], vec![i64s(), i64s()])?;
        for a in self.actors() {
            for up in std::iter::once(a).chain(self.ancestors(a.id())) {
                t.i64(0, a.id().index() as i64);
                t.i64(1, up.id().index() as i64);
                t.row()?;
            }
        }
        t.finish(dir, "actor_ancestors.parquet")?;

        let mut t = Table::new(
            &["id", "source", "target", "kind", "start_day", "end_day", "confidence"],
            vec![
                i64s(),
                i64s(),
                i64s(),
                strs(),
                Col::I32(Vec::new()),
                Col::I32(Vec::new()),
                Col::F64(Vec::new()),
            ],
        )?;
        let mut kinds: Vec<(crate::RelationKind, String)> = Vec::new();
        for (i, r) in self.relations.iter().enumerate() {
            if !kinds.iter().any(|(k, _)| *k == r.kind) {
                kinds.push((r.kind, name(r.kind)));
            }
            let kind = kinds.iter().find(|(k, _)| *k == r.kind).map(|(_, n)| n.as_str());
            t.i64(0, i as i64);
            t.i64(1, r.from.index() as i64);
            t.i64(2, r.to.index() as i64);
            t.str(3, kind);
            t.i32(4, r.start().map(|d| day_span(d).0));
            t.i32(5, r.end().map(|d| day_span(d).1));
            t.f64(6, r.confidence());
            t.row()?;
        }
        t.finish(dir, "relations.parquet")?;

        let mut t = Table::new(
            &[
                "id",
                "key",
                "speaker",
                "date",
                "day_first",
                "day_last",
                "order",
                "kind",
                "mode",
                "hedge",
                "text",
            ],
            vec![
                i64s(),
                strs(),
                i64s(),
                strs(),
                Col::I32(Vec::new()),
                Col::I32(Vec::new()),
                i64s(),
                strs(),
                strs(),
                strs(),
                strs(),
            ],
        )?;
        let mut targets =
            Table::new(&["statement", "target", "stance"], vec![i64s(), i64s(), Col::F64(Vec::new())])?;
        let mut names: Vec<(u32, String)> = Vec::new();
        let mut cached = |code: u32, value: &dyn Fn() -> String| -> String {
            match names.iter().find(|(c, _)| *c == code) {
                Some((_, n)) => n.clone(),
                None => {
                    names.push((code, value()));
                    value()
                }
            }
        };
        for (id, s) in self.statements.iter() {
            let (first, last) = day_span(s.date);
            t.i64(0, id.index() as i64);
            t.str(1, Some(self.statements.key(id)));
            t.i64(2, s.speaker.index() as i64);
            t.str(3, Some(&s.date.to_string()));
            t.i32(4, Some(first));
            t.i32(5, Some(last));
            t.i64(6, i64::from(s.order));
            let kind = cached(s.kind as u32, &|| name(s.kind));
            let mode = cached(0x100 | s.mode as u32, &|| name(s.mode));
            let hedge = cached(0x200 | s.hedge as u32, &|| name(s.hedge));
            t.str(7, Some(&kind));
            t.str(8, Some(&mode));
            t.str(9, Some(&hedge));
            t.str(10, Some(self.statements.text(id)));
            t.row()?;
            for (target, stance) in self.statements.targets(id) {
                targets.i64(0, id.index() as i64);
                targets.i64(1, target.index() as i64);
                targets.f64(2, stance);
                targets.row()?;
            }
        }
        t.finish(dir, "statements.parquet")?;
        targets.finish(dir, "statement_targets.parquet")
    }
}
