//! Heavy queries cost what their input holds (issue 15: D11, D12, D13, D16): the
//! bytes a query allocates are counted by an instrumented global allocator and
//! bounded by the size of its input and answer, never by its square. Time is left
//! to `benches/limits.rs`; these bounds are what make the time bounded.

#[path = "../benches/support/gen.rs"]
mod generator;

use generator::SplitMix64;
use std::alloc::System;
use std::sync::{Mutex, MutexGuard};

use stancegraph::model::{Actor, Relation, Statement, Target};
use stancegraph::query::{SignedTie, partition};
use stancegraph::{ActorKind, Graph, GraphBuilder, Hedge, PartialDate, RelationKind};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The counts are process-wide: each test holds this for its whole run.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What `f` returns and how many bytes it asked the allocator for in all
/// (allocations plus growth by reallocation): at least its peak heap use.
fn allocated<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let region = Region::new(GLOBAL);
    let out = f();
    let change = region.change();
    (out, change.bytes_allocated + usize::try_from(change.bytes_reallocated).unwrap_or(0))
}

const MB: usize = 1 << 20;

fn date(text: &str) -> PartialDate {
    text.parse().expect("valid date")
}

#[test]
fn partitioning_many_items_without_ties_allocates_no_square_matrix() {
    // D16: `partition(50_000, &[], 14)` used to allocate a 50,000² matrix (20 GB).
    let _serial = serial();
    let n = 50_000;
    let (p, bytes) = allocated(|| partition(n, &[], 14));
    assert_eq!(p.groups.len(), n, "no ties: everyone alone");
    assert!(p.exact && p.frustration == 0.0);
    assert!(bytes < 200 * n, "{bytes} bytes for {n} items");
}

/// A star: item 0 allied with the odd items and hostile to the even ones.
fn star(n: usize) -> Vec<SignedTie> {
    (1..n).map(|leaf| SignedTie { a: 0, b: leaf, weight: if leaf % 2 == 1 { 0.5 } else { -0.5 } }).collect()
}

#[test]
fn the_heuristic_reads_the_ties_not_every_pair() {
    // D11: the local search compared every pair for every group; on a star the
    // hostile leaves each form a group, so a sweep cost n²·n/2.
    let _serial = serial();
    let n = 600;
    let ties = star(n);
    let (p, bytes) = allocated(|| partition(n, &ties, 14));
    assert!(!p.exact, "one part of 600 items is left to the heuristic");
    assert_eq!(p.frustration, 0.0, "a star is balanced");
    let hub: Vec<usize> = std::iter::once(0).chain((1..n).step_by(2)).collect();
    assert_eq!(p.groups[0], hub, "the hub with its allies");
    assert!(p.groups[1..].iter().all(|g| g.len() == 1 && g[0] % 2 == 0), "its foes apart");
    // Adjacency lists and per-group scratch: a few hundred bytes per item and tie,
    // where a dense matrix takes 8·n² (2.9 MB here).
    assert!(bytes < 1 << 20, "{bytes} bytes for {n} items and {} ties", ties.len());
}

#[test]
fn a_large_star_is_partitioned_at_the_cost_of_its_ties() {
    // D11 at scale: 20,000 items used to take 3.2 GB and hours; now linear.
    let _serial = serial();
    let n = 20_000;
    let ties = star(n);
    let (p, bytes) = allocated(|| partition(n, &ties, 14));
    assert_eq!(p.frustration, 0.0);
    assert_eq!(p.groups.len(), 1 + (n - 1) / 2);
    assert!(bytes < 1024 * n, "{bytes} bytes for {n} items");
}

fn speakers_naming_shared_targets(speakers: usize, targets: usize) -> (Graph, Vec<String>) {
    let mut rng = SplitMix64::new(7);
    let mut b = GraphBuilder::new();
    let keys: Vec<String> = (0..speakers).map(|i| format!("s{i}")).collect();
    let targets: Vec<String> = (0..targets).map(|i| format!("t{i}")).collect();
    for k in keys.iter().chain(&targets) {
        b.add_actor(Actor::new(k.as_str(), k.as_str(), ActorKind::State));
    }
    for (i, k) in keys.iter().enumerate() {
        let mut s =
            Statement::new(format!("q{i}"), k.as_str(), date("2031-05-03")).paraphrase("on the targets");
        for t in &targets {
            s = s.target(Target::new(t.as_str(), (rng.below(21) as f64 - 10.0) / 10.0));
        }
        b.add_statement(s);
    }
    (b.build().expect("valid"), keys)
}

#[test]
fn the_alignment_matrix_keeps_scores_and_makes_evidence_on_demand() {
    // D12: the matrix kept one `Evidence` per pair and shared target: 2,000 speakers
    // naming the same 50 targets needed about 29 GB. Here 150 speakers and 50
    // targets: 11,175 pairs, which kept 558,750 evidence items (about 250 MB).
    let _serial = serial();
    let (g, keys) = speakers_naming_shared_targets(150, 50);
    let (m, bytes) = allocated(|| g.alignment_matrix(&keys).compute().expect("known actors"));
    let pairs = 150 * 149 / 2;
    assert_eq!(m.scores().len(), pairs);
    assert!(std::mem::size_of_val(m.scores()) <= 24 * pairs);
    // Per pair: its 24-byte score and a short-lived component list; per statement
    // target: the prepared stance vectors.
    assert!(bytes < 256 * pairs + 4096 * 150 * 50, "{bytes} bytes for {pairs} pairs");
    // The evidence of a pair, on demand, is the alignment query's, bit for bit.
    let (why, bytes) = allocated(|| m.alignment(3, 7).expect("a pair"));
    assert_eq!(why, g.alignment("s3", "s7").compute().expect("known actors"));
    assert_eq!(why.score.to_bits(), m.score(3, 7).to_bits());
    assert_eq!(why.evidence.len(), 50, "one item per shared target");
    assert!(bytes < 2 * MB, "{bytes} bytes for one pair's evidence");
}

/// Two states with five bodies each; `statements` by their members about 20 third
/// parties or the other side, over `days` days.
fn two_blocs_talking(statements: usize, days: usize) -> Graph {
    let mut rng = SplitMix64::new(11);
    let mut b = GraphBuilder::new();
    let mut blocs = Vec::new();
    for side in ["left", "right"] {
        b.add_actor(Actor::new(side, side, ActorKind::State));
        let mut members = vec![side.to_owned()];
        for i in 0..5 {
            let key = format!("{side}-{i}");
            b.add_actor(Actor::new(key.as_str(), key.as_str(), ActorKind::Ministry));
            b.add_relation(Relation::new(key.as_str(), RelationKind::PartOf, side));
            members.push(key);
        }
        blocs.push(members);
    }
    b.add_relation(Relation::new("left", RelationKind::Hostile, "right"));
    let third: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
    for k in &third {
        b.add_actor(Actor::new(k.as_str(), k.as_str(), ActorKind::State));
    }
    let epoch = jiff::civil::date(2031, 1, 1);
    for i in 0..statements {
        let side = rng.below(2);
        let day = epoch.checked_add(jiff::Span::new().days(rng.below(days) as i64)).expect("in range");
        let mut s =
            Statement::new(format!("q{i}"), blocs[side][rng.below(6)].as_str(), date(&day.to_string()))
                .with_order(rng.below(3) as u32)
                .with_hedge(Hedge::ALL[rng.below(4)])
                .paraphrase("on the others");
        for _ in 0..1 + rng.below(2) {
            let target = if rng.below(5) == 0 {
                blocs[1 - side][rng.below(6)].as_str()
            } else {
                third[rng.below(20)].as_str()
            };
            s = s.target(Target::new(target, (rng.below(21) as f64 - 10.0) / 10.0));
        }
        b.add_statement(s);
    }
    b.build().expect("valid")
}

#[test]
fn the_alignment_timeline_keeps_numbers_per_date_and_evidence_on_demand() {
    // D13: every date recomputed a full alignment with its evidence and kept it;
    // 40,000 statements over 2,000 days took 7.2 GB. Here 3,000 over 300 days.
    let _serial = serial();
    let (statements, days) = (3_000, 300);
    let g = two_blocs_talking(statements, days);
    let (t, bytes) = allocated(|| g.alignment_timeline("left", "right").compute().expect("known actors"));
    assert_eq!(t.days.len(), days);
    // One pass over the statements, a few numbers per date.
    assert!(bytes < 2048 * statements + 1024 * days, "{bytes} bytes");
    // Each date is the alignment as of that date, bit for bit, with its evidence on demand.
    for k in [0, days / 2, days - 1] {
        let day = &t.days[k];
        let full = g.alignment("left", "right").until(day.date, u32::MAX).compute().expect("known actors");
        assert_eq!(t.alignment(k).as_ref(), Some(&full));
        assert_eq!(
            (day.score.to_bits(), day.confidence.to_bits()),
            (full.score.to_bits(), full.confidence.to_bits())
        );
        assert_eq!(day.components, full.components);
        assert!(!full.evidence.is_empty());
    }
}
