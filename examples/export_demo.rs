//! Writes the seed dataset as a Graphviz picture, `belarus-missile.dot`, in the
//! current directory, and says how to render it.
//!
//! ```text
//! cargo run --example export_demo              # actors and relations, by state
//! cargo run --example export_demo statements   # who said what about whom
//! cargo run --example export_demo everything   # actors, statements and events
//! dot -Tsvg belarus-missile.dot -o belarus-missile.svg
//! ```
//!
//! `docs/belarus-missile.svg` (shown in the README) is the first command's output
//! rendered this way.

use std::fs::File;

use stancegraph::io::dot::{DotOptions, View};

fn main() -> std::io::Result<()> {
    let graph = stancegraph::datasets::belarus_missile();
    let view = match std::env::args().nth(1).as_deref() {
        Some("statements") => View::Statements,
        Some("everything") => View::Everything,
        _ => View::Actors,
    };
    // The defaults: clusters per state, a legend, the source as the title.
    let options = DotOptions::new().view(view);
    graph.write_dot(&options, File::create("belarus-missile.dot")?)?;
    println!("wrote belarus-missile.dot; render it with Graphviz:");
    println!("  dot -Tsvg belarus-missile.dot -o belarus-missile.svg");
    Ok(())
}
