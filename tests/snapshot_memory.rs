//! Saving a snapshot streams its sections to the file: the bytes the save asks the
//! allocator for, counted by an instrumented global allocator (at least its peak
//! heap use), stay a small fraction of the file, instead of a second copy of the
//! graph in memory. One test in this binary, so nothing else is counted.

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[path = "../benches/support/gen.rs"]
mod generator;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn saving_a_snapshot_does_not_hold_it_in_memory() {
    let dir = tempfile::tempdir().expect("temp dir");
    generator::generate("small", dir.path()).expect("generate small");
    let graph = stancegraph::Graph::load_csv_dir(dir.path()).expect("the small workload builds");
    let path = dir.path().join("small.sgs");
    // The indexes a graph makes on first use (names, statement lists), which a
    // snapshot holds, are made first: they are the graph's memory, not the save's.
    let actor = graph.actors().next().expect("actors").id();
    assert!(graph.resolve("no actor is called this").is_err());
    assert!(graph.statements_by(actor).len() + graph.statements_about(actor).len() > 0);
    let region = Region::new(GLOBAL);
    graph.save_snapshot(&path).expect("save");
    let change = region.change();
    let asked = change.bytes_allocated + usize::try_from(change.bytes_reallocated).unwrap_or(0);
    let file = std::fs::metadata(&path).expect("saved").len() as usize;
    assert!(file > 8 << 20, "the small workload's snapshot is {file} bytes");
    assert!(asked < file / 20, "saving a {file}-byte snapshot asked for {asked} bytes");
    // The streamed file is the snapshot, byte for byte, and opens.
    assert_eq!(std::fs::read(&path).expect("read"), graph.snapshot_bytes());
    assert_eq!(stancegraph::Graph::open_snapshot(&path).expect("opens"), graph);
}
