//! The Parquet tables (`--features parquet`): every item is written once, with the
//! top of its hierarchy and its ancestors; read back with the parquet crate's own
//! reader. The SQL over them runs on DuckDB in CI (`.ci/run`, docs/scale-out.md).
#![cfg(feature = "parquet")]

use arrow_array::{Array, Float64Array, Int64Array, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use stancegraph::datasets;

fn read(dir: &std::path::Path, file: &str) -> Vec<RecordBatch> {
    let f = std::fs::File::open(dir.join(file)).expect("written");
    let reader = ParquetRecordBatchReaderBuilder::try_new(f).expect("parquet").build().expect("reader");
    reader.collect::<Result<_, _>>().expect("batches")
}

fn column<'a, T: 'static>(b: &'a RecordBatch, name: &str) -> &'a T {
    b.column_by_name(name).and_then(|c| c.as_any().downcast_ref::<T>()).expect(name)
}

#[test]
fn tables_hold_every_item_with_its_top_and_ancestors() {
    let g = datasets::strait_incident();
    let dir = tempfile::tempdir().expect("temp dir");
    g.write_parquet(dir.path()).expect("write");

    let actors = read(dir.path(), "actors.parquet");
    assert_eq!(actors.iter().map(RecordBatch::num_rows).sum::<usize>(), g.actor_count());
    let b = &actors[0];
    let (keys, tops) = (column::<StringArray>(b, "key"), column::<StringArray>(b, "top_key"));
    for a in g.actors() {
        let i = a.id().index();
        assert_eq!(keys.value(i), a.key());
        let top = g.chain_up(a.id()).last().expect("itself at least");
        assert_eq!(tops.value(i), top.key());
    }

    let ancestors = read(dir.path(), "actor_ancestors.parquet");
    let b = &ancestors[0];
    let (actor, ancestor) = (column::<Int64Array>(b, "actor"), column::<Int64Array>(b, "ancestor"));
    for a in g.actors() {
        let mut expected: Vec<i64> = std::iter::once(a.id())
            .chain(g.ancestors(a.id()).map(|x| x.id()))
            .map(|x| x.index() as i64)
            .collect();
        let mut found: Vec<i64> = (0..b.num_rows())
            .filter(|&r| actor.value(r) == a.id().index() as i64)
            .map(|r| ancestor.value(r))
            .collect();
        expected.sort_unstable();
        found.sort_unstable();
        assert_eq!(found, expected, "{}", a.key());
    }

    let statements = read(dir.path(), "statements.parquet");
    assert_eq!(statements.iter().map(RecordBatch::num_rows).sum::<usize>(), g.statement_count());
    let targets = read(dir.path(), "statement_targets.parquet");
    let b = &targets[0];
    let stance = column::<Float64Array>(b, "stance");
    let expected: Vec<f64> =
        g.statements().flat_map(|s| s.targets().map(|t| t.stance).collect::<Vec<_>>()).collect();
    assert_eq!((0..b.num_rows()).map(|r| stance.value(r)).collect::<Vec<_>>(), expected);
    assert!(column::<StringArray>(&statements[0], "kind").null_count() == 0);

    let relations = read(dir.path(), "relations.parquet");
    assert_eq!(relations.iter().map(RecordBatch::num_rows).sum::<usize>(), g.relation_count());
}
