//! Queries on the seed dataset: who said what, a path that explains itself,
//! alignment with its evidence, blocs, and how Belarus hardened toward Ukraine.
//!
//! Run with `cargo run --example query_demo`.

use stancegraph::Graph;
use stancegraph::query::QueryError;

fn main() -> Result<(), QueryError> {
    let graph = stancegraph::datasets::belarus_missile();
    queries(&graph)
}

/// Prints the query tour; uses the public API only.
fn queries(graph: &Graph) -> Result<(), QueryError> {
    for state in ["Belarus", "Russia"] {
        println!("== Who said what: {state} (rolled up)");
        let said = graph.said().by(state).rolled_up().statements()?;
        for a in &said {
            println!("  {a}");
        }
        println!("  by speaker:");
        for (speaker, items) in said.by_speaker() {
            println!("    {}: {} statement(s)", speaker.name(), items.len());
        }
    }

    println!("\n== Path: Peskov → Volfovich");
    match graph.paths("peskov", "volfovich").shortest()? {
        Some(path) => {
            let names: Vec<&str> = path.actors().map(|a| a.name()).collect();
            println!("  {} hops: {}", path.len(), names.join(" → "));
            for clause in path.clauses() {
                println!("    · {clause}");
            }
        }
        None => println!("  no path"),
    }
    println!("  the 3 shortest, counting \"spoke about\" as a hop:");
    for path in graph.paths("peskov", "volfovich").through_statements().k_shortest(3)?.iter() {
        println!("    [{}] {path}", path.len());
    }

    for (a, b) in [("Russia", "Belarus"), ("Belarus", "Ukraine"), ("Russia", "Ukraine")] {
        let al = graph.alignment(a, b).compute()?;
        println!("\n== Alignment {a}–{b}: {:+.3} (confidence {:.2})", al.score, al.confidence);
        for c in &al.components {
            println!(
                "  {:<14} {:+.3} (weight {}, evidence {:.2})",
                c.component.to_string(),
                c.value,
                c.weight,
                c.evidence
            );
        }
        for e in &al.evidence {
            println!("    {e}");
        }
    }
    let early =
        graph.alignment("Belarus", "Ukraine").through("brest-commissar-no-reason-to-worry").compute()?;
    println!("\n  Belarus–Ukraine as of the commissar's reassurance (29 Dec): {:+.3}", early.score);

    println!("\n== Blocs");
    let blocs = graph.blocs(["russia", "belarus", "ukraine", "poland"]).compute()?;
    for (i, group) in blocs.groups.iter().enumerate() {
        let names: Vec<&str> = group.iter().filter_map(|&id| graph.actor(id)).map(|a| a.name()).collect();
        println!("  bloc {}: {}", i + 1, names.join(", "));
    }
    println!(
        "  frustration {:.3} ({} contradicting ties, exact: {})",
        blocs.frustration,
        blocs.contradicting.len(),
        blocs.exact
    );

    println!("\n== Belarus's stance toward Ukraine, day by day");
    let timeline = graph.stance_timeline("Belarus", "Ukraine").compute()?;
    for day in &timeline.days {
        println!("  {}  day {:+.2}  so far {:+.2}", day.date, day.stance, day.cumulative);
        for step in &day.steps {
            if let Some(s) = graph.statement(step.statement) {
                println!(
                    "      {:+.2} (×{}) → {:+.2}  {}: {}",
                    step.stance,
                    step.weight,
                    step.cumulative,
                    s.speaker().name(),
                    s.text()
                );
            }
        }
    }
    println!("\n== Belarus–Ukraine alignment, day by day");
    for day in graph.alignment_timeline("Belarus", "Ukraine").compute()?.days {
        println!("  {}  {:+.3} (confidence {:.2})", day.date, day.alignment.score, day.alignment.confidence);
    }

    println!("\n== Shared words are not shared positions");
    print!("{}", graph.framing("deliberate provocation"));
    Ok(())
}
