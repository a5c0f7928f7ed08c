//! The heavy queries at the documented limits (docs/errors.md, "Limits"): time and
//! peak memory of each, one case per process so that one case's memory does not
//! hide another's.
//!
//! ```sh
//! cargo bench --bench limits                    # every case
//! cargo bench --bench limits -- blocs-star      # some cases
//! cargo bench --bench limits -- blocs-random=800  # a case at another size
//! ```
//!
//! Each case prints one line: its name and size, the time to build its graph, the
//! time of the query alone (wall clock, and the CPU time it used, which a busy
//! machine inflates less), the resident memory after the build and the process's
//! peak from the query's start to its end, graph included (Linux: `VmRSS`, and
//! `VmHWM` after resetting it to the current size through `/proc/self/clear_refs`;
//! elsewhere `-`), and a short summary of the answer so that the work cannot be
//! optimised away. The acceptance bound (issue 15) is 5 s and
//! 2 GB per query on a 2-core machine.

#[path = "support/gen.rs"]
mod generator;

use generator::SplitMix64;
use std::process::Command;
use std::time::{Duration, Instant};

use stancegraph::io::dot::DotOptions;
use stancegraph::model::{Actor, Relation, Statement, Target};
use stancegraph::query::{SignedTie, partition};
use stancegraph::{ActorKind, Graph, GraphBuilder, Hedge, PartialDate, RelationKind};

/// `(name, default size, what it runs)`.
const CASES: [(&str, usize, &str); 13] = [
    ("blocs-random", 2_000, "blocs() of n states, each with 3 random ally/hostile relations"),
    ("blocs-star", 2_000, "blocs() of a star: one hub allied to or hostile with n − 1 others"),
    ("blocs-shared", 2_000, "blocs() of n speakers, each naming the same 50 targets"),
    ("matrix-random", 2_000, "alignment_matrix() of the random-relations graph"),
    ("matrix-star", 2_000, "alignment_matrix() of the star"),
    ("matrix-shared", 2_000, "alignment_matrix() of n speakers × 50 shared targets"),
    ("matrix-shared-evidence", 2_000, "the shared matrix, then the evidence of 1,000 pairs"),
    ("timeline", 100_000, "alignment_timeline() of two blocs over n statements and 3,650 days"),
    ("partition-empty", 50_000, "partition(n, &[], 14)"),
    ("partition-sparse", 50_000, "partition() of n items with 3n random signed ties"),
    ("shortest-chain", 1_200_000, "paths(first, last).shortest() and .distance() on a chain"),
    ("distance-chain", 1_200_000, "path_finder().distance() on the same chain"),
    ("dot-chain", 1_000_000, "to_dot() of a part_of chain n deep"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if let Ok(case) = std::env::var("STANCEGRAPH_LIMITS_CASE") {
        let (name, n) = split(&case);
        run(name, n);
        return;
    }
    let wanted: Vec<(&str, Option<usize>)> = if args.is_empty() {
        CASES.iter().map(|c| (c.0, None)).collect()
    } else {
        args.iter().map(|a| split(a)).collect()
    };
    println!(
        "{:<24} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8}  answer",
        "case", "n", "build s", "query s", "cpu s", "RSS MB", "peak MB"
    );
    for (name, n) in wanted {
        let Some(case) = CASES.iter().find(|c| c.0 == name) else {
            eprintln!("unknown case `{name}`; cases: {}", CASES.map(|c| c.0).join(", "));
            std::process::exit(2);
        };
        let n = n.unwrap_or(case.1);
        let exe = std::env::current_exe().expect("the benchmark's own path");
        let status = Command::new(exe)
            .env("STANCEGRAPH_LIMITS_CASE", format!("{name}={n}"))
            .status()
            .expect("run a case");
        if !status.success() {
            println!("{name:<24} {n:>9} failed: {status}");
        }
    }
}

fn split(arg: &str) -> (&str, Option<usize>) {
    match arg.split_once('=') {
        Some((name, n)) => (name, n.parse().ok()),
        None => (arg, None),
    }
}

fn run(name: &str, n: Option<usize>) {
    let n = n.or_else(|| CASES.iter().find(|c| c.0 == name).map(|c| c.1)).unwrap_or(0);
    // A deep hierarchy is built on a large stack until building no longer recurses
    // (issue 15, D1); every case runs on the same thread kind so that they compare.
    let name = name.to_owned();
    let worker = std::thread::Builder::new()
        .stack_size(4 << 30)
        .spawn(move || case(&name, n))
        .expect("spawn the case's thread");
    if worker.join().is_err() {
        std::process::exit(1);
    }
}

fn case(name: &str, n: usize) {
    let start = Instant::now();
    let input = Input::new(name, n);
    let build = start.elapsed();
    let rss = memory("VmRSS");
    // Reset the peak so that it measures the query alone (Linux ≥ 4.0).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let (start, cpu) = (Instant::now(), cpu_seconds());
    let answer = input.query(name);
    let query = start.elapsed();
    let cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
    let peak = if reset { memory("VmHWM") } else { None };
    let show = |x: Option<f64>, digits: usize| x.map_or_else(|| "-".to_owned(), |x| format!("{x:.digits$}"));
    println!(
        "{name:<24} {n:>9} {:>8.2} {:>8.3} {:>8} {:>8} {:>8}  {answer}",
        secs(build),
        secs(query),
        show(cpu, 2),
        show(rss, 0),
        show(peak, 0)
    );
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// The process's user and system time so far (Linux: `/proc/self/stat`, in clock
/// ticks of 10 ms), which a busy machine inflates less than the wall clock.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |k: usize| fields.get(k).and_then(|f| f.parse::<f64>().ok());
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// A `/proc/self/status` field in MB.
fn memory(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

enum Input {
    Graph(Box<Graph>, Vec<String>),
    Ties(usize, Vec<SignedTie>),
}

fn date(text: &str) -> PartialDate {
    text.parse().expect("valid date")
}

fn states(b: &mut GraphBuilder, prefix: &str, n: usize) -> Vec<String> {
    let keys: Vec<String> = (0..n).map(|i| format!("{prefix}{i}")).collect();
    for k in &keys {
        b.add_actor(Actor::new(k.as_str(), k.as_str(), ActorKind::State));
    }
    keys
}

fn build(mut b: GraphBuilder, keys: Vec<String>) -> Input {
    Input::Graph(Box::new(b.build().expect("the generated graph is valid")), keys)
}

impl Input {
    fn new(name: &str, n: usize) -> Input {
        let mut rng = SplitMix64::new(42);
        let mut b = GraphBuilder::new();
        match name {
            "blocs-random" | "matrix-random" => {
                let keys = states(&mut b, "a", n);
                for i in 0..n {
                    for _ in 0..3 {
                        let j = (i + 1 + rng.below(n - 1)) % n;
                        let kind = if rng.below(2) == 0 { RelationKind::Ally } else { RelationKind::Hostile };
                        b.add_relation(Relation::new(keys[i].as_str(), kind, keys[j].as_str()));
                    }
                }
                build(b, keys)
            }
            "blocs-star" | "matrix-star" => {
                let keys = states(&mut b, "a", n);
                for leaf in &keys[1..] {
                    let kind = if rng.below(2) == 0 { RelationKind::Ally } else { RelationKind::Hostile };
                    b.add_relation(Relation::new(keys[0].as_str(), kind, leaf.as_str()));
                }
                build(b, keys)
            }
            "blocs-shared" | "matrix-shared" | "matrix-shared-evidence" => {
                let keys = states(&mut b, "s", n);
                let targets = states(&mut b, "t", 50);
                for (i, k) in keys.iter().enumerate() {
                    let mut s = Statement::new(format!("q{i}"), k.as_str(), date("2031-05-03"))
                        .paraphrase("on the targets");
                    for t in &targets {
                        let stance = (rng.below(21) as f64 - 10.0) / 10.0;
                        s = s.target(Target::new(t.as_str(), stance));
                    }
                    b.add_statement(s);
                }
                build(b, keys)
            }
            "timeline" => {
                // Two states with 20 bodies each, 200 third parties; statements by
                // any member of either bloc about 1–3 third parties or the other
                // side, on any of 3,650 days.
                let mut blocs = Vec::new();
                for side in ["left", "right"] {
                    b.add_actor(Actor::new(side, side, ActorKind::State));
                    let members: Vec<String> = (0..20).map(|i| format!("{side}-{i}")).collect();
                    for m in &members {
                        b.add_actor(Actor::new(m.as_str(), m.as_str(), ActorKind::Ministry));
                        b.add_relation(Relation::new(m.as_str(), RelationKind::PartOf, side));
                    }
                    blocs.push([vec![side.to_owned()], members].concat());
                }
                b.add_relation(Relation::new("left", RelationKind::Hostile, "right"));
                let third = states(&mut b, "x", 200);
                let epoch = jiff::civil::date(2010, 1, 1);
                let days: Vec<PartialDate> = (0..3650)
                    .map(|d| {
                        let day = epoch.checked_add(jiff::Span::new().days(d)).expect("in range");
                        date(&day.to_string())
                    })
                    .collect();
                for i in 0..n {
                    let side = rng.below(2);
                    let speaker = &blocs[side][rng.below(21)];
                    let hedge = Hedge::ALL[rng.below(4)];
                    let mut s =
                        Statement::new(format!("q{i}"), speaker.as_str(), days[rng.below(days.len())])
                            .with_order(rng.below(5) as u32)
                            .with_hedge(hedge)
                            .paraphrase("on the others");
                    for _ in 0..1 + rng.below(3) {
                        let target = if rng.below(10) == 0 {
                            blocs[1 - side][rng.below(21)].as_str()
                        } else {
                            third[rng.below(third.len())].as_str()
                        };
                        let stance = (rng.below(21) as f64 - 10.0) / 10.0;
                        s = s.target(Target::new(target, stance));
                    }
                    b.add_statement(s);
                }
                build(b, vec!["left".to_owned(), "right".to_owned()])
            }
            "partition-empty" => Input::Ties(n, Vec::new()),
            "partition-sparse" => {
                let ties = (0..3 * n)
                    .map(|_| {
                        let a = rng.below(n);
                        let weight = (rng.below(21) as f64 - 10.0) / 10.0;
                        SignedTie { a, b: (a + 1 + rng.below(n - 1)) % n, weight }
                    })
                    .collect();
                Input::Ties(n, ties)
            }
            "shortest-chain" | "distance-chain" | "dot-chain" => {
                let keys = states(&mut b, "c", n);
                let kind = if name == "dot-chain" { RelationKind::PartOf } else { RelationKind::Ally };
                for w in keys.windows(2) {
                    b.add_relation(Relation::new(w[0].as_str(), kind, w[1].as_str()));
                }
                build(b, keys)
            }
            _ => unreachable!("cases are checked before they run"),
        }
    }

    fn query(&self, name: &str) -> String {
        match self {
            Input::Ties(n, ties) => {
                let p = partition(*n, ties, 14);
                format!("{} groups, frustration {:.3}, exact {}", p.groups.len(), p.frustration, p.exact)
            }
            Input::Graph(g, keys) => match name {
                n if n.starts_with("blocs-") => match g.blocs(keys).compute() {
                    Ok(b) => format!(
                        "{} blocs, frustration {:.3}, {} contradicting, exact {}",
                        b.groups.len(),
                        b.frustration,
                        b.contradicting.len(),
                        b.exact
                    ),
                    Err(e) => format!("error: {e}"),
                },
                "matrix-shared-evidence" => match g.alignment_matrix(keys).compute() {
                    Ok(m) => {
                        let mut items = 0;
                        for k in 0..1000 {
                            if let Some(a) = m.alignment(k, (k * 7 + 1) % keys.len()) {
                                items += a.evidence.len();
                            }
                        }
                        format!("{} pairs, {items} evidence items for 1,000 pairs", m.scores().len())
                    }
                    Err(e) => format!("error: {e}"),
                },
                n if n.starts_with("matrix-") => match g.alignment_matrix(keys).compute() {
                    Ok(m) => {
                        let sum: f64 = (0..keys.len()).map(|j| m.score(0, j)).sum();
                        format!("{} pairs, row 0 sums to {sum:.3}", m.scores().len())
                    }
                    Err(e) => format!("error: {e}"),
                },
                "timeline" => match g.alignment_timeline(keys[0].as_str(), keys[1].as_str()).compute() {
                    Ok(t) => {
                        let last = t.days.last().map_or(0.0, |d| d.score);
                        format!("{} days, last score {last:+.3}", t.days.len())
                    }
                    Err(e) => format!("error: {e}"),
                },
                "shortest-chain" => {
                    let (first, last) = (keys[0].as_str(), keys[keys.len() - 1].as_str());
                    let q = g.paths(first, last);
                    let path = q.shortest().map(|p| p.map(|p| p.len()));
                    format!("shortest {path:?}, distance {:?}", q.distance())
                }
                "distance-chain" => {
                    let (first, last) = (keys[0].as_str(), keys[keys.len() - 1].as_str());
                    format!("distance {:?}", g.path_finder().distance(first, last))
                }
                "dot-chain" => format!("{} bytes of DOT", g.to_dot(&DotOptions::new()).len()),
                _ => unreachable!("cases are checked before they run"),
            },
        }
    }
}
