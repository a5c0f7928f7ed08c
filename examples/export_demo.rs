//! Writes the seed dataset as Graphviz DOT (`belarus-missile.dot`) in the current
//! directory, and says how to render it.
//!
//! ```text
//! cargo run --example export_demo
//! dot -Tsvg belarus-missile.dot -o belarus-missile.svg
//! ```

use std::fs::File;

use stancegraph::io::dot::{DotOptions, View};

fn main() -> std::io::Result<()> {
    let graph = stancegraph::datasets::belarus_missile();
    let view = match std::env::args().nth(1).as_deref() {
        Some("actors") => View::Actors,
        Some("statements") => View::Statements,
        _ => View::Everything,
    };
    let options = DotOptions::new().view(view);
    graph.write_dot(&options, File::create("belarus-missile.dot")?)?;
    println!("wrote belarus-missile.dot; render it with:");
    println!("  dot -Tsvg belarus-missile.dot -o belarus-missile.svg");
    Ok(())
}
