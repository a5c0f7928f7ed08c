//! The benchmark workload of WORKLOAD.md through stancegraph's public API.
//!
//! ```text
//! cargo run --release --example workload -- DIR [--dot OUT] [--build-only] [--snapshot FILE]
//! cargo run --release --example workload -- --open FILE
//! cargo run --release --example workload -- --generate SCALE DIR
//! ```
//! The first form prints one `PHASE seconds checksum` line per phase (BUILD, OPEN,
//! Q1, Q2, Q3, Q4), as the peer scripts do (`--build-only` stops after BUILD, to
//! measure its peak memory alone). OPEN saves a snapshot of the built graph
//! (`--snapshot FILE`, else a temporary file; the save is not timed) and times
//! reopening it; its checksum must equal BUILD's, and the queries then run on the
//! reopened graph. The second form only opens a snapshot (OPEN's time and peak memory
//! alone); the third writes the workload's CSV files (`tiny`, `small` or `large`)
//! with the Rust port of the generator.

#[path = "../benches/support/gen.rs"]
mod generator;
#[path = "../benches/support/workload.rs"]
mod workload;

use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: workload DIR [--dot OUT] [--build-only] [--snapshot FILE] | workload --open FILE \
                 | workload --generate SCALE DIR";
    if args.first().map(String::as_str) == Some("--generate") {
        let (Some(scale), Some(dir)) = (args.get(1), args.get(2)) else { return Err(usage.into()) };
        generator::generate(scale, Path::new(dir))?;
        return Ok(());
    }
    if args.first().map(String::as_str) == Some("--open") {
        let Some(file) = args.get(1) else { return Err(usage.into()) };
        let t = Instant::now();
        let (_graph, sum) = workload::open(Path::new(file))?;
        println!("OPEN {:.3} {sum}", t.elapsed().as_secs_f64());
        return Ok(());
    }
    let Some(dir) = args.first().map(PathBuf::from) else { return Err(usage.into()) };
    let build_only = args.iter().any(|a| a == "--build-only");
    let dot = args.iter().position(|a| a == "--dot").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let queries = workload::read_queries(&dir)?;

    let t = Instant::now();
    let (graph, sum) = workload::build(&dir)?;
    println!("BUILD {:.3} {sum}", t.elapsed().as_secs_f64());
    if build_only {
        return Ok(());
    }

    let snapshot_temp;
    let snapshot = match args.iter().position(|a| a == "--snapshot").and_then(|i| args.get(i + 1)) {
        Some(path) => PathBuf::from(path),
        None => {
            snapshot_temp = tempfile::NamedTempFile::new()?;
            snapshot_temp.path().to_owned()
        }
    };
    graph.save_snapshot(&snapshot)?;
    drop(graph);
    let t = Instant::now();
    let (graph, open_sum) = workload::open(&snapshot)?;
    println!("OPEN {:.3} {open_sum}", t.elapsed().as_secs_f64());
    if open_sum != sum {
        return Err(format!("the snapshot's checksum {open_sum} differs from BUILD's {sum}").into());
    }

    let t = Instant::now();
    let sum = workload::q1(&graph, &queries)?;
    println!("Q1 {:.3} {sum}", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let sum = workload::q2(&graph, &queries)?;
    println!("Q2 {:.3} {sum}", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let sum = workload::q3(&graph)?;
    println!("Q3 {:.3} {sum}", t.elapsed().as_secs_f64());

    let temp;
    let out = match dot {
        Some(path) => path,
        None => {
            temp = tempfile::NamedTempFile::new()?;
            temp.path().to_owned()
        }
    };
    let t = Instant::now();
    let sum = workload::q4(&graph, &out)?;
    println!("Q4 {:.3} {sum}", t.elapsed().as_secs_f64());
    Ok(())
}
