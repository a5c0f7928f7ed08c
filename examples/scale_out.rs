//! Writes a folder of workload CSV tables (WORKLOAD.md) as the Parquet files of
//! `docs/scale-out.md`, for the SQL in `sql/` to run on DuckDB or Spark
//! (`scripts/scale_out.py`).
//!
//! ```text
//! cargo run --release --features parquet --example scale_out -- CSV_DIR PARQUET_DIR
//! ```

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [csv_dir, out] = args.as_slice() else {
        return Err("usage: scale_out CSV_DIR PARQUET_DIR".into());
    };
    let t = Instant::now();
    let graph = stancegraph::Graph::load_csv_dir(csv_dir)?;
    println!("BUILD {:.3}", t.elapsed().as_secs_f64());
    let t = Instant::now();
    graph.write_parquet(out)?;
    println!("PARQUET {:.3} {out}", t.elapsed().as_secs_f64());
    Ok(())
}
