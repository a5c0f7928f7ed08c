//! The seed dataset: a Ukrainian S-300 missile lands in Belarus (WSJ, 30 Dec 2022).
//!
//! Run with `cargo run --example belarus_missile`. Prints what the graph holds and the
//! timeline of who said what, through which outlet, then writes two Graphviz
//! pictures of it: `belarus-missile.dot` (actors and relations, clustered by state)
//! and `belarus-missile-statements.dot` (who said what about whom). Render them with
//! `dot -Tsvg belarus-missile.dot -o belarus-missile.svg`; `docs/belarus-missile.svg`
//! in the README is exactly that.

use std::collections::BTreeMap;

use stancegraph::io::dot::{DotOptions, View};
use stancegraph::{Graph, Hedge, TextMode, datasets};

fn main() -> std::io::Result<()> {
    let graph = datasets::belarus_missile();
    summary(&graph);
    timeline(&graph);
    export(&graph)
}

/// Writes the pictures with the default style: clusters per state, a legend, the
/// source as the title.
fn export(graph: &Graph) -> std::io::Result<()> {
    println!();
    for (file, view) in
        [("belarus-missile.dot", View::Actors), ("belarus-missile-statements.dot", View::Statements)]
    {
        let options = DotOptions::new().view(view);
        stancegraph::io::write_atomically(file, |w| graph.write_dot(&options, w))?;
        println!("wrote {file}; render it with: dot -Tsvg {file} -o {}", file.replace(".dot", ".svg"));
    }
    Ok(())
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
