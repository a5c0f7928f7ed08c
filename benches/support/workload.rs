//! The phases of the benchmark workload (WORKLOAD.md), each through the crate's
//! public API as a user would call it, each returning its checksum text.
//!
//! Included with `#[path]` by `examples/workload.rs`, `tests/workload.rs` and
//! `benches/workload.rs`, so all three run the same code.
#![allow(dead_code)]

use std::error::Error;
use std::path::Path;

use stancegraph::io::dot::DotOptions;
use stancegraph::{ActorKind, Graph, PartialDate};

pub type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// The `path` and `said` rows of `queries.csv`.
#[derive(Debug, Default)]
pub struct Queries {
    /// `(a, b)` actor keys.
    pub paths: Vec<(String, String)>,
    /// `(speaker state, target state, first day)`.
    pub said: Vec<(String, String, PartialDate)>,
}

/// Reads `queries.csv`.
pub fn read_queries(dir: &Path) -> Result<Queries> {
    let mut reader = csv::Reader::from_path(dir.join("queries.csv"))?;
    let mut q = Queries::default();
    for row in reader.records() {
        let row = row?;
        let field = |i: usize| row.get(i).unwrap_or("").to_owned();
        match row.get(0) {
            Some("path") => q.paths.push((field(1), field(2))),
            Some("said") => q.said.push((field(1), field(2), field(3).parse()?)),
            other => return Err(format!("unknown query kind {other:?}").into()),
        }
    }
    Ok(q)
}

/// BUILD: the three data tables to a validated graph. Checksum `actors/relations/statements`.
pub fn build(dir: &Path) -> Result<(Graph, String)> {
    let graph = Graph::load_csv_dir(dir)?;
    let sum = format!("{}/{}/{}", graph.actor_count(), graph.relation_count(), graph.statement_count());
    Ok((graph, sum))
}

/// OPEN: a snapshot of the built graph reopened. Checksum as BUILD's.
pub fn open(path: &Path) -> Result<(Graph, String)> {
    let graph = Graph::open_snapshot(path)?;
    let sum = format!("{}/{}/{}", graph.actor_count(), graph.relation_count(), graph.statement_count());
    Ok((graph, sum))
}

/// Q1: shortest path lengths over all relations, undirected. Checksum
/// `sum over reachable pairs/unreachable pairs`.
pub fn q1(graph: &Graph, queries: &Queries) -> Result<String> {
    let (mut total, mut unreachable) = (0usize, 0usize);
    // One finder for all pairs: its search buffers are reused, and it counts hops
    // without building the cited path (`graph.paths(a, b).shortest()` does that).
    let mut finder = graph.path_finder();
    for (a, b) in &queries.paths {
        match finder.distance(a.as_str(), b.as_str())? {
            Some(hops) => total += hops,
            None => unreachable += 1,
        }
    }
    Ok(format!("{total}/{unreachable}"))
}

/// Q2: statements by a state's bloc about a state in `[start, start + 30 days)`.
/// Checksum: the sum of the counts.
pub fn q2(graph: &Graph, queries: &Queries) -> Result<String> {
    let mut count = 0;
    for (a, b, start) in &queries.said {
        // `between` is inclusive at both ends: the 30 days are start ..= start + 29.
        let last = start.first_day().checked_add(jiff::Span::new().days(29))?;
        let end = PartialDate::from_civil(last)?;
        count += graph.said().by(a.as_str()).rolled_up().about(b.as_str()).between(*start, end).count()?;
    }
    Ok(count.to_string())
}

/// Q3: the shared-stance alignment of every pair of states, unit hedge weights,
/// stances toward every target. Checksum: the sum over pairs, 6 decimals.
pub fn q3(graph: &Graph) -> Result<String> {
    let states: Vec<_> = graph.actors().filter(|a| a.kind() == ActorKind::State).map(|a| a.id()).collect();
    // Each state's bloc's mean stance toward every target, from the per-(top,
    // target) sums; the similarity is their cosine (the shared-stance component of
    // `alignment`, which `StanceProfiles::evidence` explains pair by pair).
    // The plain cosine (no shrinkage), as the peers compute it.
    let profiles = graph.stance_profiles(&states).shrinkage(0.0).compute()?;
    let n = states.len();
    let matrix = profiles.similarities()?; // n × n, row-major
    let sum: f64 = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).map(|(i, j)| matrix[i * n + j]).sum();
    Ok(format!("{sum:.6}"))
}

/// Q4: the actor graph as plain DOT (nodes labelled by name, edges by kind) written
/// to `out`. Checksum: the file's size in bytes.
pub fn q4(graph: &Graph, out: &Path) -> Result<String> {
    let file = std::fs::File::create(out)?;
    graph.write_dot(&DotOptions::plain(), file)?;
    Ok(std::fs::metadata(out)?.len().to_string())
}
