//! The workload of WORKLOAD.md at small scale, one benchmark per phase, on data
//! generated with the Rust port of `gen.py` into a temporary folder.
//!
//! `cargo bench --bench workload`; the example `workload` prints the same phases
//! once, at any scale.

#[path = "support/gen.rs"]
mod generator;
#[path = "support/workload.rs"]
mod workload;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

fn phases(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    generator::generate("small", dir.path()).expect("generate small");
    let queries = workload::read_queries(dir.path()).expect("queries");
    let (graph, _) = workload::build(dir.path()).expect("build");
    let dot = dir.path().join("actors.dot");

    let mut group = c.benchmark_group("workload-small");
    group.sample_size(10);
    group.bench_function("BUILD", |b| b.iter(|| workload::build(black_box(dir.path())).expect("build")));
    group.bench_function("Q1 paths", |b| b.iter(|| workload::q1(black_box(&graph), &queries).expect("q1")));
    group.bench_function("Q2 said", |b| b.iter(|| workload::q2(black_box(&graph), &queries).expect("q2")));
    group.bench_function("Q3 alignment", |b| b.iter(|| workload::q3(black_box(&graph)).expect("q3")));
    group.bench_function("Q4 dot", |b| b.iter(|| workload::q4(black_box(&graph), &dot).expect("q4")));
    group.finish();
}

criterion_group!(benches, phases);
criterion_main!(benches);
