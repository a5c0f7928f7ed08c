//! Issue 15's DOT items, each as it was reported: the export must survive keys, text
//! and hierarchies chosen to break it. These use only the API the report used, so
//! they run unchanged against the commit it was made on.
//!
//! - D7: an actor keyed `legend` (with members) got the legend's cluster id and was
//!   drawn inside the legend box.
//! - D8: Graphviz 2.43 rejected the unstyled clustered everything view of the seed
//!   (`newrank` was only set when styled).
//! - D9: Graphviz expanded `\N \G \E \T \H` in tooltips and showed `\\` as `\`; record
//!   labels collapsed runs of spaces.
//! - D10: the export walked each actor's chain to find its cluster, quadratic in the
//!   depth of the hierarchy.

use std::sync::mpsc;
use std::time::Duration;

#[path = "common/graphviz.rs"]
mod graphviz;

use stancegraph::io::dot::{DotOptions, NodeStyle, Rgb, Style, View};
use stancegraph::model::{Actor, Relation, Statement, Target};
use stancegraph::{ActorKind, Graph, GraphBuilder, RelationKind};

/// `dot -Tsvg` of one document: (success, SVG, stderr).
fn svg(doc: &str) -> (bool, String, String) {
    graphviz::dot("svg", doc.to_owned())
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(svg, options).expect("dot writes well-formed SVG")
}

fn title_of(n: roxmltree::Node<'_, '_>) -> String {
    n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap_or("").to_owned()
}

/// The bounding box of every coordinate pair in a `points` or path `d` attribute.
fn bbox(points: &str) -> (f64, f64, f64, f64) {
    let numbers: Vec<f64> = points
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|x| x.parse().ok())
        .collect();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in numbers.chunks(2).filter(|p| p.len() == 2) {
        x0 = x0.min(p[0]);
        x1 = x1.max(p[0]);
        y0 = y0.min(p[1]);
        y1 = y1.max(p[1]);
    }
    (x0, y0, x1, y1)
}

#[test]
fn d7_an_actor_keyed_legend_gets_a_box_of_its_own() {
    let mut b = GraphBuilder::new();
    b.add_actor(Actor::new("legend", "Legend Party", ActorKind::Organization))
        .add_actor(Actor::new("legend-youth", "Legend Youth", ActorKind::Organization))
        .add_actor(Actor::new("arcadia", "Arcadia", ActorKind::State))
        .add_relation(Relation::new("legend-youth", RelationKind::MemberOf, "legend"))
        .add_relation(Relation::new("legend", RelationKind::Hostile, "arcadia"));
    let g = b.build().expect("valid");
    let dot = g.to_dot(&DotOptions::new());
    assert_eq!(dot.matches("subgraph \"cluster_legend\"").count(), 1, "one cluster per id:\n{dot}");
    if !graphviz::have_dot() {
        return;
    }
    let (ok, svg, err) = svg(&dot);
    assert!(ok, "{err}");
    let doc = parse(&svg);
    let cluster = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("cluster") && title_of(*n) == "cluster_legend")
        .expect("the actor's cluster is drawn");
    let shape = cluster
        .descendants()
        .find_map(|n| n.attribute("points").or_else(|| n.attribute("d")))
        .expect("the cluster has an outline");
    let (x0, y0, x1, y1) = bbox(shape);
    let inside = |x: f64, y: f64| x0 <= x && x <= x1 && y0 <= y && y <= y1;
    // Inside the box: the actor's own nodes, nothing of the legend.
    for node in doc.descendants().filter(|n| n.attribute("class") == Some("node")) {
        let Some(text) = node.descendants().find(|t| t.has_tag_name("text")) else { continue };
        let x: f64 = text.attribute("x").and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
        let y: f64 = text.attribute("y").and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
        let title = title_of(node);
        if inside(x, y) {
            assert!(
                ["legend", "legend-youth"].contains(&title.as_str()),
                "{title} is drawn in the actor's box"
            );
        }
    }
    let legend = doc
        .descendants()
        .find(|n| n.has_tag_name("text") && n.text() == Some("Legend"))
        .expect("the legend is drawn");
    let at = |a: &str| legend.attribute(a).and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
    assert!(!inside(at("x"), at("y")), "the legend is drawn inside the box of the actor keyed `legend`");
}

#[test]
fn d8_the_unstyled_clustered_everything_view_of_the_seed_renders() {
    let g = stancegraph::datasets::belarus_missile();
    let dot = g.to_dot(&DotOptions::new().view(View::Everything).unstyled());
    assert!(dot.contains("subgraph \"cluster_belarus\""), "clustered");
    if !graphviz::have_dot() {
        return;
    }
    let (ok, _, err) = svg(&dot);
    assert!(ok, "Graphviz rejected the unstyled everything view: {err}");
    assert!(!err.contains("lost"), "{err}");
}

/// The `xlink:title` (tooltip) of the SVG group whose `<title>` is `id`.
fn tooltip_of(doc: &roxmltree::Document<'_>, id: &str) -> String {
    let group =
        doc.descendants().find(|n| n.has_tag_name("g") && title_of(*n) == id).expect("the item is drawn");
    group
        .descendants()
        .find_map(|n| n.attribute(("http://www.w3.org/1999/xlink", "title")))
        .expect("it has a tooltip")
        .to_owned()
}

#[test]
fn d9_tooltips_keep_backslash_sequences_and_record_labels_keep_runs_of_spaces() {
    let name = r"Name \N \G \E \T \H \L \\ \n end\";
    let text = r"Said \N and \G; a path C:\temp\new, \\server";
    let mut b = GraphBuilder::new();
    b.add_actor(Actor::new("a", name, ActorKind::Person))
        .add_actor(Actor::new("b", "Two  spaces   three", ActorKind::Media))
        .add_statement(
            Statement::new("s", "a", "2031-01-01".parse().expect("date"))
                .paraphrase(text)
                .target(Target::new("b", -0.5)),
        );
    let g: Graph = b.build().expect("valid");
    let style = Style::default().with_actor(ActorKind::Media, NodeStyle::new("record", Rgb::hex(0xffffff)));
    let dot = g.to_dot(&DotOptions::new().view(View::Everything).style(style).label_length(None));
    if !graphviz::have_dot() {
        return;
    }
    let (ok, svg, err) = svg(&dot);
    assert!(ok, "{err}");
    let doc = parse(&svg);
    assert_eq!(tooltip_of(&doc, "a"), format!("{name} (person)"));
    assert!(tooltip_of(&doc, "statement:s").starts_with(&format!("{name}: {text}")));
    let record = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("node") && title_of(*n) == "b")
        .and_then(|n| n.descendants().find(|t| t.has_tag_name("text")))
        .and_then(|t| t.text())
        .expect("the record node has text")
        .replace('\u{a0}', " ");
    assert_eq!(record, "Two  spaces   three");
}

/// How long the export of the deep chain may take before the test calls it stalled:
/// far beyond the seconds it takes (debug build, shared machine), far below the hours
/// a walk up the chain per actor takes.
const STALLED: Duration = Duration::from_secs(120);

#[test]
fn d10_a_deep_hierarchy_exports_without_walking_each_chain() {
    const DEPTH: usize = 100_000;
    let (done, finished) = mpsc::channel();
    // A big stack for building, which older builds did recursively.
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(move || {
            let mut b = GraphBuilder::new();
            for i in 0..DEPTH {
                b.add_actor(Actor::new(format!("a{i}"), format!("Unit {i}"), ActorKind::Organization));
            }
            for i in 1..DEPTH {
                b.add_relation(Relation::new(format!("a{i}"), RelationKind::PartOf, format!("a{}", i - 1)));
            }
            let g = b.build().expect("a chain is valid");
            let dot = g.to_dot(&DotOptions::new());
            let _ = done.send(dot);
        })
        .expect("thread starts");
    let dot = finished.recv_timeout(STALLED).expect("the DOT export of a 100,000-deep chain stalled");
    assert_eq!(dot.matches(" [label=\"Unit ").count(), DEPTH);
    assert_eq!(dot.matches("subgraph \"cluster_").count(), 1, "one cluster: the chain's top");
}
