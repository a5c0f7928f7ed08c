//! How readable and how fast the DOT pictures are as graphs grow (issue 13), and
//! how fast the export of a very deep hierarchy is (issue 15, D10).
//!
//! `cargo bench --bench dot_render` generates news-like graphs (`support/news.rs`)
//! of 25, 100, 400 and 1,600 actors (1.4 relations, 1 statement and 1 event per
//! actor) and the 70/100/70/70 graph of the issue, exports every view with the
//! default options, lays each out with Graphviz `dot -v -Tjson` and prints, per view:
//! the export time, dot's wall time, the picture's size (points, and pixels at
//! Graphviz's 96 dpi for PNG), the edge crossings dot reports after crossing
//! minimisation, the nodes and edges drawn, and the edge labels whose text boxes
//! overlap another label's (counted from the layout; Graphviz does not report it).
//! Then it times the export of a chain of 1,000,000 actors, each `part_of` the next.
//!
//! Arguments: `--sizes 25,100` to pick sizes, `--timeout SECONDS` for each dot run
//! (default 120), `--no-chain` to skip the chain. Needs `dot` on the PATH.

#[path = "support/news.rs"]
mod news;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use stancegraph::io::dot::{DotOptions, View};
use stancegraph::model::{Actor, Relation};
use stancegraph::{ActorKind, Graph, GraphBuilder, RelationKind};

/// What one dot run measured.
struct Render {
    seconds: f64,
    width: f64,
    height: f64,
    crossings: Option<u64>,
    nodes: usize,
    edges: usize,
    overlaps: usize,
}

/// Runs `dot -v -Tjson` on `doc`, giving up after `timeout`.
fn render(doc: &str, timeout: Duration) -> Result<Render, String> {
    let started = Instant::now();
    let mut child = Command::new("dot")
        .args(["-v", "-Tjson"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run dot: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input = doc.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut stdout = child.stdout.take().ok_or("no stdout")?;
    let mut stderr = child.stderr.take().ok_or("no stderr")?;
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            let seconds = started.elapsed().as_secs_f64();
            let _ = writer.join();
            let (json, log) = (out.join().unwrap_or_default(), err.join().unwrap_or_default());
            if !status.success() {
                return Err(format!("dot failed: {}", log.lines().last().unwrap_or("")));
            }
            return measure(&json, &log, seconds);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("not done in {} s", timeout.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn measure(json: &str, log: &str, seconds: f64) -> Result<Render, String> {
    let layout: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let bb: Vec<f64> =
        layout["bb"].as_str().unwrap_or("").split(',').filter_map(|x| x.parse().ok()).collect();
    let [x0, y0, x1, y1] = bb.as_slice() else { return Err("no bounding box".into()) };
    // "mincross <graph>: N crossings, ..." once per graph laid out; the last is the whole.
    let crossings = log
        .lines()
        .filter(|l| l.starts_with("mincross ") && l.contains(" crossings"))
        .filter_map(|l| l.split(": ").nth(1)?.split(' ').next()?.parse().ok())
        .next_back();
    let nodes =
        layout["objects"].as_array().map_or(0, |o| o.iter().filter(|o| o.get("nodes").is_none()).count());
    let edges = layout["edges"].as_array().map_or(0, Vec::len);
    let mut boxes = Vec::new();
    for edge in layout["edges"].as_array().into_iter().flatten() {
        for key in ["_ldraw_", "_xldraw_", "_hldraw_", "_tldraw_"] {
            if let Some(b) = text_box(&edge[key]) {
                boxes.push(b);
            }
        }
    }
    let mut overlaps = 0;
    for (i, a) in boxes.iter().enumerate() {
        if boxes[i + 1..].iter().any(|b| a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3) {
            overlaps += 1;
        }
    }
    Ok(Render { seconds, width: x1 - x0, height: y1 - y0, crossings, nodes, edges, overlaps })
}

/// The box of the text drawn by xdot text operations.
fn text_box(ops: &serde_json::Value) -> Option<(f64, f64, f64, f64)> {
    let mut size = 14.0;
    let mut rect = None;
    for op in ops.as_array()? {
        match op["op"].as_str() {
            Some("F") => size = op["size"].as_f64().unwrap_or(size),
            Some("T") => {
                let x = op["pt"][0].as_f64()?;
                let y = op["pt"][1].as_f64()?;
                let w = op["width"].as_f64()?;
                let x0 = match op["align"].as_str() {
                    Some("l") => x,
                    Some("r") => x - w,
                    _ => x - w / 2.0,
                };
                let r = (x0, y - size * 0.25, x0 + w, y + size * 0.8);
                rect = Some(match rect {
                    None => r,
                    Some((a, b, c, d)) => (r.0.min(a), r.1.min(b), r.2.max(c), r.3.max(d)),
                });
            }
            _ => {}
        }
    }
    rect
}

fn views(g: &Graph) -> Vec<(&'static str, DotOptions)> {
    let hub = g.actor_by_key("state0").map(|a| a.id());
    let mut views = vec![
        ("actors", DotOptions::new()),
        ("statements", DotOptions::new().view(View::Statements)),
        ("everything", DotOptions::new().view(View::Everything)),
        ("states", DotOptions::new().view(View::States)),
    ];
    if let Some(hub) = hub {
        views.push(("neighbourhood(hub, 1)", DotOptions::new().view(View::neighbourhood(hub, 1))));
        views.push(("neighbourhood(hub, 2)", DotOptions::new().view(View::neighbourhood(hub, 2))));
    }
    views
}

fn table(title: &str, g: &Graph, timeout: Duration) {
    println!(
        "\n### {title}: {} actors, {} relations, {} statements, {} events\n",
        g.actor_count(),
        g.relation_count(),
        g.statement_count(),
        g.event_count()
    );
    println!(
        "| view | export s | dot s | picture pt | picture px (96 dpi) | crossings | nodes | edges | label overlaps |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (name, options) in views(g) {
        let started = Instant::now();
        let doc = g.to_dot(&options);
        let export = started.elapsed().as_secs_f64();
        match render(&doc, timeout) {
            Ok(r) => println!(
                "| {name} | {export:.3} | {:.2} | {:.0} × {:.0} | {:.0} × {:.0} | {} | {} | {} | {} |",
                r.seconds,
                r.width,
                r.height,
                r.width * 4.0 / 3.0,
                r.height * 4.0 / 3.0,
                r.crossings.map_or("–".to_owned(), |c| c.to_string()),
                r.nodes,
                r.edges,
                r.overlaps
            ),
            Err(e) => println!("| {name} | {export:.3} | {e} | | | | | | |"),
        }
    }
}

/// The export time of a chain of `n` actors, each part of the next.
fn chain(n: usize) {
    let handle = std::thread::Builder::new()
        // Building is not what is measured; older builders recursed on deep chains.
        .stack_size(1 << 30)
        .spawn(move || {
            let mut b = GraphBuilder::new();
            for i in 0..n {
                b.add_actor(Actor::new(format!("a{i}"), format!("Unit {i}"), ActorKind::Organization));
            }
            for i in 1..n {
                b.add_relation(Relation::new(format!("a{i}"), RelationKind::PartOf, format!("a{}", i - 1)));
            }
            let g = b.build().map_err(|e| e.to_string())?;
            let started = Instant::now();
            let mut sink = std::io::sink();
            g.write_dot(&DotOptions::new(), &mut sink).map_err(|e| e.to_string())?;
            let styled = started.elapsed().as_secs_f64();
            let started = Instant::now();
            g.write_dot(&DotOptions::plain(), &mut sink).map_err(|e| e.to_string())?;
            Ok::<_, String>((styled, started.elapsed().as_secs_f64()))
        });
    match handle.map_err(|e| e.to_string()).and_then(|h| h.join().map_err(|_| "panicked".to_owned())) {
        Ok(Ok((styled, plain))) => println!(
            "\n### DOT export of a {n}-deep part_of chain\n\ndefault options (clustered, styled): {styled:.2} s; plain: {plain:.2} s"
        ),
        Ok(Err(e)) | Err(e) => println!("\n### DOT export of a {n}-deep chain: {e}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let sizes: Vec<usize> = arg("--sizes")
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![25, 100, 400, 1600]);
    let timeout = Duration::from_secs(arg("--timeout").and_then(|t| t.parse().ok()).unwrap_or(120));
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench -- --list`: no benchmarks to list by name.
    }
    let version =
        Command::new("dot").arg("-V").output().map(|o| String::from_utf8_lossy(&o.stderr).trim().to_owned());
    println!("# DOT render benchmark ({})", version.unwrap_or_else(|e| format!("dot not found: {e}")));
    let issue = news::Size { actors: 70, relations: 100, statements: 70, events: 70 };
    table("The graph of issue 13", &news::graph(issue, 7), timeout);
    for n in sizes {
        table(&format!("{n} actors"), &news::graph(news::Size::scaled(n), 7), timeout);
    }
    if !args.iter().any(|a| a == "--no-chain") {
        chain(1_000_000);
    }
}
