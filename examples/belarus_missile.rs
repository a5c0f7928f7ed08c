//! The seed dataset: a Ukrainian S-300 missile lands in Belarus (WSJ, 30 Dec 2022).
//!
//! Run with `cargo run --example belarus_missile`. Prints what the graph holds, the
//! timeline of who said what through which outlet, then the queries: who said what
//! for Belarus and Russia, the path from Peskov to Volfovich, alignment with its
//! evidence, the blocs and Belarus's stance timeline toward Ukraine. Last it writes the
//! Graphviz pictures of the README: `belarus-missile.dot` (actors and relations,
//! clustered by state), `belarus-missile-statements.dot` (who said what about whom)
//! and `belarus-missile-merged.dot` (actors and relations of the seed merged with a
//! second, independent encoding of the same article, `tests/data/`). Render each with
//! `dot -Tsvg belarus-missile.dot -o docs/belarus-missile.svg`; the SVGs in `docs/`
//! are exactly that (`tests/readme_picture.rs` checks them).

use std::collections::BTreeMap;

use stancegraph::io::dot::{DotOptions, View};
use stancegraph::query::QueryError;
use stancegraph::{Graph, Hedge, TextMode, datasets};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let graph = datasets::belarus_missile();
    summary(&graph);
    timeline(&graph);
    println!();
    queries(&graph)?;
    export(&graph)?;
    Ok(())
}

/// Writes the pictures with the default style: clusters per state, a legend, the
/// source as the title, parallel relations folded into one edge per pair.
fn export(graph: &Graph) -> Result<(), Box<dyn std::error::Error>> {
    println!();
    let merged = merged(graph)?;
    for (file, g, view) in [
        ("belarus-missile.dot", graph, View::Actors),
        ("belarus-missile-statements.dot", graph, View::Statements),
        ("belarus-missile-merged.dot", &merged, View::Actors),
    ] {
        let options = DotOptions::new().view(view);
        stancegraph::io::write_atomically(file, |w| g.write_dot(&options, w))?;
        println!("wrote {file}; render it with: dot -Tsvg {file} -o docs/{}", file.replace(".dot", ".svg"));
    }
    Ok(())
}

/// The seed merged with a second encoding of the same article, written independently
/// with the same actor keys (its relations run other ways round and carry other
/// dates, so many pairs of actors hold several relations).
fn merged(seed: &Graph) -> Result<Graph, Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/belarus-missile-second-encoding.json");
    let mut b = stancegraph::GraphBuilder::from_graph(seed);
    b.add_dataset(stancegraph::model::Dataset::from_json(&std::fs::read_to_string(path)?)?);
    Ok(b.build()?)
}

/// Counts by kind, so a reader sees what was encoded.
fn summary(graph: &Graph) {
    let source = graph.sources().next().map(|s| s.data());
    if let Some(s) = source {
        println!("{} — {}", s.publisher.as_deref().unwrap_or("?"), s.title);
    }
    println!(
        "{} actors, {} relations, {} events, {} statements\n",
        graph.actor_count(),
        graph.relation_count(),
        graph.event_count(),
        graph.statement_count()
    );
    print_counts("actors by kind", graph.actors().map(|a| a.kind().to_string()));
    print_counts("relations by kind", graph.relations().map(|r| r.kind().to_string()));
    print_counts("statements by kind", graph.statements().map(|s| s.kind().to_string()));
}

fn print_counts(title: &str, items: impl Iterator<Item = String>) {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_insert(0) += 1;
    }
    let line: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("{title}: {}", line.join(", "));
}

/// Every statement in date order: date, speaker and the chain above them, outlet,
/// hedging, the words.
fn timeline(graph: &Graph) {
    println!("\nTimeline of statements");
    for s in graph.statements_chronological() {
        let chain: Vec<&str> = s.speaker_chain().map(|a| a.name()).collect();
        let via: Vec<&str> = s.via().map(|a| a.name()).collect();
        let via = if via.is_empty() { String::new() } else { format!(" via {}", via.join(" ← ")) };
        let hedge = if s.hedge() == Hedge::Asserted { String::new() } else { format!(" [{}]", s.hedge()) };
        let text = match s.mode() {
            TextMode::Quote => format!("“{}”", s.text()),
            TextMode::Paraphrase => s.text().to_owned(),
        };
        let cite: Vec<String> = s.citations().iter().map(ToString::to_string).collect();
        println!(
            "{} #{} {} ({}){via}{hedge}: {text}  [{}]",
            s.date(),
            s.order(),
            chain.join(" → "),
            s.kind(),
            cite.join("; ")
        );
    }
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
        println!("  {}  {:+.3} (confidence {:.2})", day.date, day.score, day.confidence);
    }

    println!("\n== Shared words are not shared positions");
    print!("{}", graph.framing("deliberate provocation"));
    Ok(())
}
