//! Extraction throughput over the PolNeAR `dev` texts (about 0.57 MB), on one core:
//! `cargo bench --bench extract`. Criterion reports bytes per second for
//! - `attributions`: segmentation, cue tagger, role tagger, JSON Lines (the `--polnear` path);
//! - `draft`: all of that plus speakers, fields and the draft dataset.
//!
//! The texts are read from `../shared/corpora/polnear/dev/text` at run time.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use stancegraph::extract::{Document, Extractor, find_attributions, polnear_lines, taggers};
use stancegraph::model::PartialDate;

fn texts() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/polnear/dev/text");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} is missing", dir.display());
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    if texts.is_empty() {
        return;
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let (cue, role) = taggers();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("attributions", |b| {
        b.iter(|| {
            let mut lines = 0usize;
            for t in &texts {
                let doc = Document::new(t);
                let found = find_attributions(&doc, cue, role);
                lines += polnear_lines("doc", &doc, &found).len();
            }
            lines
        })
    });
    let date: PartialDate = "2016-09-30".parse().expect("date");
    let extractor = Extractor::new().with_date(date);
    group.bench_function("draft", |b| {
        b.iter(|| {
            let mut statements = 0usize;
            for t in &texts {
                statements += extractor.draft(t).map(|d| d.dataset.statements.len()).unwrap_or(0);
            }
            statements
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
