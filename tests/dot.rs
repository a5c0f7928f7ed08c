//! Graphviz DOT export, judged by Graphviz itself.
//!
//! - **Golden files**: each view of the seed dataset is compared byte for byte with
//!   `tests/golden/<view>.dot`, so a changed export shows up as a diff. After a
//!   deliberate change, rewrite them with
//!   `UPDATE_GOLDEN=1 cargo test --test dot` and review the diff.
//! - **Real client**: exports are piped through `dot -Tsvg`; the tests check the exit
//!   status and that the names are in the SVG's text. When `dot` is not installed
//!   these tests fail if the `CI` environment variable is set and otherwise print a
//!   note and pass (install Graphviz: `apt-get install graphviz`).
//! - **Property**: random graphs with arbitrary Unicode names, DOT keywords as keys
//!   and control characters render with their text intact (batched: one `dot` run
//!   per case renders several graphs; `PROPTEST_CASES` sets the number of cases).

use std::path::PathBuf;

#[path = "common/graphviz.rs"]
mod graphviz;

use proptest::prelude::*;
use stancegraph::io::dot::{DotOptions, NodeStyle, Rgb, Style, View};
use stancegraph::model::{Actor, Event, Participant, Relation, Statement, Target};
use stancegraph::{
    ActorKind, EventKind, Graph, GraphBuilder, Hedge, RelationKind, Role, Sign, StatementKind,
};

// ---- helpers -----------------------------------------------------------------------

/// Renders one or more DOT documents with a single `dot -Tsvg` run and returns one
/// SVG document per input graph, asserting that `dot` succeeded.
fn render(docs: &[String]) -> Vec<String> {
    let (ok, svg, stderr) = graphviz::dot("svg", docs.concat());
    assert!(ok, "dot failed: {stderr}\n--- input ---\n{}", docs.concat());
    assert!(!stderr.contains("syntax error"), "dot complained: {stderr}");
    let svgs: Vec<String> =
        svg.split("<?xml").filter(|s| !s.trim().is_empty()).map(|s| format!("<?xml{s}")).collect();
    assert_eq!(svgs.len(), docs.len(), "one SVG per graph");
    svgs
}

fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(svg, options).expect("dot writes well-formed SVG")
}

/// The text of every `<text>` element, in order, XML-unescaped.
fn svg_text(svg: &str) -> String {
    let doc = parse_svg(svg);
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// How many nodes (`<g class="node">`, legend samples aside) and clusters the SVG draws.
fn svg_counts(svg: &str) -> (usize, usize) {
    let doc = parse_svg(svg);
    let title = |n: roxmltree::Node<'_, '_>| {
        n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap_or("").to_owned()
    };
    let nodes = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node") && !title(*n).starts_with("legend:"))
        .count();
    let clusters = doc.descendants().filter(|n| n.attribute("class") == Some("cluster")).count();
    (nodes, clusters)
}

/// `s` without whitespace and the characters the export drops (control characters,
/// U+FFFE, U+FFFF): what must survive of a label in the SVG, line breaks aside.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect()
}

fn seed() -> Graph {
    stancegraph::datasets::belarus_missile()
}

fn as_of_date() -> stancegraph::PartialDate {
    "2022-12-29".parse().expect("a date")
}

/// The seed merged with a second, independent encoding of the same article
/// (`tests/data/belarus-missile-second-encoding.json`: same actor keys, its own
/// statements, relations written its own way).
fn merged() -> Graph {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/belarus-missile-second-encoding.json");
    let text = std::fs::read_to_string(&path).expect("the second encoding is in tests/data");
    let mut b = GraphBuilder::from_graph(&seed());
    b.add_dataset(stancegraph::model::Dataset::from_json(&text).expect("valid dataset"));
    b.build().expect("the two encodings merge")
}

/// The golden views of a graph about the seed's incident: (file stem, options).
fn golden_views(g: &Graph) -> Vec<(&'static str, DotOptions)> {
    let belarus = g.actor_by_key("belarus").expect("in the seed").id();
    vec![
        ("actors", DotOptions::new().view(View::Actors)),
        ("statements", DotOptions::new().view(View::Statements)),
        ("everything", DotOptions::new().view(View::Everything)),
        ("neighbourhood-belarus-1", DotOptions::new().view(View::neighbourhood(belarus, 1))),
        ("as-of-2022-12-29", DotOptions::new().view(View::Everything).as_of(as_of_date())),
        ("states", DotOptions::new().view(View::States)),
    ]
}

/// Every golden export: (file name, graph, options), the seed's then the merged graph's.
fn goldens() -> Vec<(String, Graph, DotOptions)> {
    let mut all = Vec::new();
    for (prefix, g) in [("", seed()), ("merged-", merged())] {
        for (name, options) in golden_views(&g) {
            all.push((format!("{prefix}{name}.dot"), g.clone(), options));
        }
    }
    all
}

// ---- golden files ------------------------------------------------------------------

#[test]
fn each_view_of_the_seed_and_the_merged_graph_matches_its_golden_file() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    for (name, g, options) in goldens() {
        let path = dir.join(&name);
        let dot = g.to_dot(&options);
        if update {
            std::fs::create_dir_all(&dir).expect("create tests/golden");
            std::fs::write(&path, &dot).expect("write golden file");
            continue;
        }
        let golden = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1 to create it)", path.display()));
        assert!(
            dot == golden,
            "{name}: the export differs from {}; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff",
            path.display()
        );
    }
}

// ---- Graphviz renders the seed -----------------------------------------------------

#[test]
fn graphviz_renders_every_golden_file() {
    if !graphviz::have_dot() {
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let names: Vec<String> = goldens().into_iter().map(|(name, ..)| name).collect();
    let docs: Vec<String> = names
        .iter()
        .map(|name| std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect();
    let svgs = render(&docs);
    for (name, svg) in names.iter().zip(&svgs) {
        let text = squash(&svg_text(svg));
        assert!(text.contains("Legend"), "{name}: the legend is drawn");
        assert!(text.contains("Belarustoughensitsrhetoric"), "{name}: the title names the source");
    }
}

#[test]
fn graphviz_renders_every_view_with_the_names_clusters_and_legend() {
    if !graphviz::have_dot() {
        return;
    }
    let g = seed();
    let views = golden_views(&g);
    let docs: Vec<String> = views.iter().map(|(_, o)| g.to_dot(o)).collect();
    let svgs = render(&docs);
    for ((name, _), svg) in views.iter().zip(&svgs).filter(|((name, _), _)| *name != "states") {
        let text = squash(&svg_text(svg));
        let (_, clusters) = svg_counts(svg);
        assert!(clusters >= 2, "{name}: clusters are drawn");
        assert!(text.contains("Legend"), "{name}: the legend is drawn");
        assert!(text.contains("Belarustoughensitsrhetoric"), "{name}: the title names the source");
    }
    // Every actor's name appears in the actors and everything pictures.
    for svg in [&svgs[0], &svgs[2]] {
        let text = squash(&svg_text(svg));
        for a in g.actors() {
            assert!(text.contains(&squash(a.name())), "{} missing from the SVG", a.name());
        }
        assert!(svg.contains("<title>cluster_belarus</title>"));
        assert!(svg.contains("<title>cluster_russia</title>"));
        assert!(svg.contains("<title>cluster_ukraine</title>"));
    }
    // The statement view shows speakers, targets and outlets.
    let text = squash(&svg_text(&svgs[1]));
    for s in g.statements() {
        assert!(text.contains(&squash(s.speaker().name())), "speaker {}", s.speaker().name());
        for t in s.targets() {
            assert!(text.contains(&squash(t.actor.name())), "target {}", t.actor.name());
        }
        for o in s.via() {
            assert!(text.contains(&squash(o.name())), "outlet {}", o.name());
        }
    }
    assert!(text.contains("carriedby"));
}

// ---- views -------------------------------------------------------------------------

#[test]
fn as_of_keeps_relations_holding_then_and_statements_made_by_then() {
    let g = seed();
    let dot = g.to_dot(&DotOptions::new().view(View::Everything).as_of(as_of_date()));
    assert!(!dot.contains("cooperates\\nsince 2022-12-30"), "a relation starting the next day is hidden");
    assert!(dot.contains("summoned\\non 2022-12-29"), "a relation of that very day is shown");
    assert!(dot.contains("2022-12-29 · protest"));
    assert!(!dot.contains("2022-12-30 · "), "no statement from the next day");
    assert!(dot.contains("as of 2022-12-29"), "the title says when");
}

#[test]
fn neighbourhood_reaches_relations_and_statements_to_the_given_depth() {
    let g = seed();
    let id = |k: &str| g.actor_by_key(k).expect("in the seed").id();
    let alone = g.to_dot(&DotOptions::new().view(View::neighbourhood(id("belarus"), 0)).legend(false));
    assert!(alone.contains("\"belarus\" [label=\"Belarus\""));
    assert!(!alone.contains("\"russia\" ["));

    let near = g.to_dot(&DotOptions::new().view(View::neighbourhood(id("belarus"), 1)));
    for key in ["lukashenko", "russia", "ukraine", "belarus-mod", "peskov", "wsj"] {
        assert!(near.contains(&format!("\"{key}\" [label=")), "{key} is one step from belarus");
    }
    for key in ["poland", "western-analysts", "volfovich"] {
        assert!(!near.contains(&format!("\"{key}\" [label=")), "{key} is further away");
    }
    assert!(near.contains("Within 1 step of Belarus"));

    // An id from another, larger graph shows nothing rather than failing.
    let small = stancegraph::datasets::strait_incident();
    let empty = small.to_dot(&DotOptions::new().view(View::neighbourhood(id("wsj"), 2)).no_title());
    assert!(!empty.contains("[label="), "{empty}");
}

#[test]
fn statement_view_shows_speaker_statement_targets_and_outlets() {
    let g = seed();
    let dot = g.to_dot(&DotOptions::new().view(View::Statements));
    assert!(dot.contains("\"volfovich\" -> \"statement:volfovich-war-not-enough\""));
    assert!(dot.contains("\"statement:volfovich-war-not-enough\" -> \"ukraine\" [taillabel=\"−0.9\""));
    assert!(dot.contains("\"statement:belarus-mod-launch-error\" -> \"belta\" [taillabel=\"carried by\""));
    // Hedged statements are dashed, node and edges.
    let hedged: Vec<&str> =
        dot.lines().filter(|l| l.contains("statement:belarus-mod-deliberate-provocation")).collect();
    assert!(hedged.iter().all(|l| l.contains("dashed")), "{hedged:#?}");
    // No relations in this view.
    assert!(!dot.contains("part of"));
}

// ---- determinism, streaming, options ---------------------------------------------

#[test]
fn output_is_deterministic_and_write_dot_matches_to_dot() {
    for (_, g, options) in goldens() {
        let a = g.to_dot(&options);
        let rebuilt = Graph::from_json(&g.to_json()).expect("round trip");
        assert_eq!(a, rebuilt.to_dot(&options));
        let mut bytes = Vec::new();
        g.write_dot(&options, &mut bytes).expect("write to a Vec");
        assert_eq!(a.as_bytes(), bytes);
    }
}

#[test]
fn plain_output_has_no_styling_clusters_legend_or_title() {
    let g = seed();
    let dot = g.to_dot(&DotOptions::plain());
    for absent in ["subgraph", "fillcolor", "legend", "label=\"Belarus toughens", "tooltip"] {
        assert!(!dot.contains(absent), "{absent}");
    }
    assert!(dot.contains("\"belarus\" [label=\"Belarus\"];\n"));
    assert!(dot.contains("\"kremlin\" -> \"russia\" [label=\"government_of\"];\n"));
    assert_eq!(dot.lines().count(), 2 + g.actor_count() + g.relation_count());
}

#[test]
fn labels_are_cut_at_a_word_by_characters_with_an_ellipsis() {
    let mut b = GraphBuilder::new();
    b.add_actor(Actor::new("x", "Государственный секретарь Совета", ActorKind::Person));
    let g = b.build().expect("valid");
    let dot = g.to_dot(&DotOptions::new().label_length(Some(30)));
    assert!(dot.contains("[label=\"Государственный секретарь…\""), "{dot}");
    // A first word longer than the limit is kept whole, never split.
    let dot = g.to_dot(&DotOptions::new().label_length(Some(10)));
    assert!(dot.contains("[label=\"Государственный…\""), "{dot}");
    let full = g.to_dot(&DotOptions::new().label_length(None));
    assert!(full.contains("[label=\"Государственный секретарь Совета\""));
    // The full name stays in the tooltip.
    assert!(dot.contains("tooltip=\"Государственный секретарь Совета (person)\""));
}

#[test]
fn every_style_is_overridable() {
    let g = seed();
    let style = Style::default()
        .with_actor(ActorKind::State, NodeStyle::new("egg", Rgb::hex(0x123456)).with_flags("bold"))
        .with_sign(Sign::Negative, Rgb::hex(0xff00ff))
        .with_hierarchy(None)
        .with_font("DejaVu Sans");
    let dot =
        g.to_dot(&DotOptions::new().style(style).edge_labels(false).no_title().legend(false).clusters(false));
    assert!(dot.contains(
        "\"belarus\" [label=\"Belarus\", shape=\"egg\", style=\"filled,bold\", fillcolor=\"#123456\""
    ));
    // Invaded and at war, folded into one edge of their (negative) net sign.
    assert!(dot.contains("\"russia\" -> \"ukraine\" [color=\"#ff00ff\""), "{dot}");
    // Hierarchy edges take the positive sign's colour when hierarchy colour is off.
    assert!(dot.contains("\"belarus\" -> \"belarus-mod\" [dir=\"back\", color=\"#1a9850\""));
    assert!(dot.contains("fontname=\"DejaVu Sans\""));
    assert!(!dot.contains("subgraph \"cluster_belarus\""));
    assert!(!dot.contains("labelloc"));
}

// ---- escaping ----------------------------------------------------------------------

/// A made-up incident whose keys and names are as awkward as text gets.
fn awkward_graph() -> Graph {
    let actors = [
        ("node", "Node “the state” — Минск", ActorKind::State),
        ("graph", "Graph \\N \\G \\L \\l \\r ministry", ActorKind::Ministry),
        ("edge", "Edge <b>{x}|y</b> & &amp; co", ActorKind::Media),
        ("subgraph", "Sub\"graph\" \"quoted\"", ActorKind::Person),
        ("strict", "Line one\nline two\r\nline three", ActorKind::Military),
        ("1st-army", "First army ’s\ttabbed", ActorKind::Military),
        ("Минск", "Министерство\u{1}\u{7}\u{1b} иностранных дел", ActorKind::Ministry),
        ("say \"hi\"", "Backslash at end \\", ActorKind::Person),
        ("back\\slash\\", "Back\\slash", ActorKind::Person),
        ("statement:x", "Actor keyed like a statement", ActorKind::Organization),
        ("actor:y", "Actor keyed with actor:", ActorKind::Organization),
        ("new\nline", "Key with a newline", ActorKind::Organization),
    ];
    let mut b = GraphBuilder::new();
    for (key, name, kind) in actors {
        b.add_actor(Actor::new(key, name, kind));
    }
    b.add_relation(Relation::new("graph", RelationKind::PartOf, "node"))
        .add_relation(Relation::new("strict", RelationKind::PartOf, "node"))
        .add_relation(Relation::new("node", RelationKind::Hostile, "1st-army"))
        .add_relation(
            Relation::new("say \"hi\"", RelationKind::HoldsOffice, "graph").with_title("“chief” <of> {all}"),
        )
        .add_relation(Relation::new("edge", RelationKind::StateMediaOf, "node"))
        .add_relation(Relation::new("statement:x", RelationKind::Ally, "actor:y"))
        .add_event(
            Event::new("x", EventKind::Incident, "Event \"x\" & <y>")
                .on("2031-01-02".parse().expect("date"))
                .at("node")
                .with(Participant::new("1st-army", Role::Agent)),
        )
        .add_statement(
            Statement::new("x", "say \"hi\"", "2031-01-03".parse().expect("date"))
                .with_kind(StatementKind::Warning)
                .quote("We \"will\" answer — \\N «твёрдо» {now} | <later>\nif needed")
                .target(Target::new("1st-army", -0.7))
                .target(Target::new("back\\slash\\", 0.4))
                .with_hedge(Hedge::Possible)
                .via("edge")
                .about("x"),
        );
    b.build().expect("the awkward graph is valid")
}

#[test]
fn awkward_keys_and_labels_come_out_as_dot_graphviz_renders_intact() {
    let g = awkward_graph();
    let options = DotOptions::new().view(View::Everything).label_length(None).legend(false);
    let dot = g.to_dot(&options);
    // Every id is quoted; keys are escaped, reserved prefixes kept apart.
    assert!(dot.contains("\"node\" [label=\"Node “the state” — Минск\""));
    assert!(dot.contains("\"say \\\"hi\\\"\" [label=\"Backslash at end \\\\\""));
    assert!(dot.contains("\"back\\\\slash\\\\\" [label="));
    assert!(dot.contains("\"actor:statement:x\" [label="));
    assert!(dot.contains("\"actor:actor:y\" [label="));
    assert!(dot.contains("\"new\\u{a}line\" [label="));
    assert!(dot.contains("\\\\N \\\\G \\\\L \\\\l \\\\r"));
    assert!(dot.contains("&amp; &amp;amp; co"));
    assert!(!dot.contains('\u{1b}'));
    if !graphviz::have_dot() {
        return;
    }
    let svg = &render(&[dot])[0];
    let (nodes, _) = svg_counts(svg);
    assert_eq!(nodes, g.actor_count() + g.statement_count() + g.event_count(), "no two ids merged");
    let text = squash(&svg_text(svg));
    for a in g.actors() {
        assert!(text.contains(&squash(a.name())), "{:?} lost; SVG text: {text}", a.name());
    }
    for s in g.statements() {
        assert!(text.contains(&squash(s.text())), "{:?} lost", s.text());
    }
    assert!(text.contains(&squash("“chief” <of> {all}")));
    assert!(text.contains(&squash("Event \"x\" & <y>")));
}

// ---- property: random graphs render ------------------------------------------------

/// Characters that stress quoting, mixed with any character at all.
fn awkward_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        3 => prop::sample::select(vec![
            '"', '\\', '\n', '\r', '\t', '<', '>', '{', '}', '|', '&', ';', '#', '“', '”', '’', '—', 'Б', 'ы',
            '\u{0}', '\u{1}', '\u{1b}', '\u{7f}', '\u{85}', '\u{fffe}', 'N', 'G', 'l', ' ', '[', ']', '=', ',',
        ]),
        2 => prop::char::range('a', 'z'),
    ]
}

fn awkward_text() -> impl Strategy<Value = String> {
    prop::collection::vec(awkward_char(), 0..24).prop_map(String::from_iter)
}

fn awkward_key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["node", "graph", "edge", "subgraph", "strict", "digraph", "Node", "GRAPH"])
            .prop_map(str::to_owned),
        "[0-9][a-z0-9-]{0,6}",
        awkward_text().prop_filter("keys are not empty", |k| !k.is_empty()),
    ]
}

/// A random statement: key, speaker, text, targets with stances, hedge, outlet.
type StatementSpec = (String, usize, String, Vec<(usize, f64)>, usize, Option<usize>);

/// A random graph: actors (key, name, kind), relations (from, to, kind) and
/// statements, all referring to actors by index (modulo the number of actors).
#[derive(Debug, Clone)]
struct Spec {
    actors: Vec<(String, String, usize)>,
    relations: Vec<(usize, usize, usize)>,
    statements: Vec<StatementSpec>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let actors = prop::collection::vec((awkward_key(), awkward_text(), 0..ActorKind::ALL.len()), 1..7);
    let relations = prop::collection::vec((0..7usize, 0..7usize, 0..RelationKind::ALL.len()), 0..8);
    let statement = (
        awkward_key(),
        0..7usize,
        awkward_text(),
        prop::collection::vec((0..7usize, -1.0..=1.0f64), 0..3),
        0..Hedge::ALL.len(),
        prop::option::of(0..7usize),
    );
    let statements = prop::collection::vec(statement, 0..4);
    (actors, relations, statements).prop_map(|(actors, relations, statements)| Spec {
        actors,
        relations,
        statements,
    })
}

/// `s`, or `s` with a letter added if it has none (the builder rejects blank keys,
/// names and texts, including those of invisible characters alone).
fn filled(s: &str) -> String {
    if s.chars().any(char::is_alphanumeric) { s.to_owned() } else { format!("{s}k") }
}

/// Builds a graph from a spec, dropping repeated keys and any relation the builder
/// rejects (hierarchy cycles, self-relations), so every spec gives a valid graph.
fn build(spec: &Spec) -> Graph {
    let mut keys: Vec<String> = Vec::new();
    let mut actors = Vec::new();
    for (key, name, kind) in &spec.actors {
        let key = filled(key);
        if !keys.contains(&key) {
            actors.push(Actor::new(key.clone(), filled(name), ActorKind::ALL[*kind]));
            keys.push(key);
        }
    }
    let n = keys.len();
    let mut b = GraphBuilder::new();
    for a in &actors {
        b.add_actor(a.clone());
    }
    let mut graph = b.clone().build().expect("actors alone are valid");
    for &(from, to, kind) in &spec.relations {
        let mut next = b.clone();
        next.add_relation(Relation::new(&keys[from % n], RelationKind::ALL[kind], &keys[to % n]));
        if let Ok(g) = next.clone().build() {
            b = next;
            graph = g;
        }
    }
    let mut statement_keys: Vec<String> = Vec::new();
    for (key, speaker, text, targets, hedge, via) in &spec.statements {
        let key = filled(key);
        if statement_keys.contains(&key) {
            continue;
        }
        statement_keys.push(key.clone());
        let mut s = Statement::new(key, &keys[speaker % n], "2030-06-01".parse().expect("date"))
            .quote(filled(text))
            .with_hedge(Hedge::ALL[*hedge]);
        for &(t, stance) in targets {
            s = s.target(Target::new(&keys[t % n], stance));
        }
        if let Some(v) = via {
            s = s.via(&keys[v % n]);
        }
        let mut next = b.clone();
        next.add_statement(s);
        if let Ok(g) = next.clone().build() {
            b = next;
            graph = g;
        }
    }
    graph
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Each case renders up to four random graphs in one `dot` run.
    #[test]
    fn random_graphs_render_with_their_text_intact(specs in prop::collection::vec(spec(), 1..5)) {
        let graphs: Vec<Graph> = specs.iter().map(build).collect();
        let options = DotOptions::new().view(View::Everything).label_length(None);
        let docs: Vec<String> = graphs.iter().map(|g| g.to_dot(&options)).collect();
        for (g, d) in graphs.iter().zip(&docs) {
            prop_assert_eq!(d, &g.to_dot(&options), "deterministic");
        }
        if !graphviz::have_dot() {
            return Ok(());
        }
        let svgs = render(&docs);
        for (g, svg) in graphs.iter().zip(&svgs) {
            let (nodes, _) = svg_counts(svg);
            prop_assert_eq!(nodes, g.actor_count() + g.statement_count(), "no ids merged or lost");
            let text = squash(&svg_text(svg));
            for a in g.actors() {
                prop_assert!(text.contains(&squash(a.name())), "name {:?} lost", a.name());
            }
            for s in g.statements() {
                prop_assert!(text.contains(&squash(s.text())), "text {:?} lost", s.text());
            }
            // Tooltips come out exactly, backslash sequences and all (Graphviz writes
            // the second space of a run as a no-break space, which shows the same).
            let tips: Vec<String> = tooltips(svg).iter().map(|t| t.replace('\u{a0}', " ")).collect();
            for a in g.actors() {
                let tip = format!("{} ({})", shown(a.name()), a.kind()).replace('\u{a0}', " ");
                prop_assert!(tips.contains(&tip), "tooltip {:?} not among {:?}", tip, tips);
            }
        }
    }
}

/// Every tooltip (`xlink:title`) of an SVG, decoded.
fn tooltips(svg: &str) -> Vec<String> {
    let doc = parse_svg(svg);
    doc.descendants()
        .filter_map(|n| n.attribute(("http://www.w3.org/1999/xlink", "title")))
        .map(str::to_owned)
        .collect()
}

/// What of `s` a reader can be shown: line breaks as `\n`, tabs as spaces, other
/// control characters and U+FFFE/U+FFFF dropped (as the export documents).
fn shown(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ")
        .chars()
        .filter(|&c| c == '\n' || !(c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}')))
        .collect()
}

#[test]
fn record_shapes_keep_braces_bars_and_angle_brackets_as_text() {
    let g = awkward_graph();
    let style = Style::default()
        .with_actor(ActorKind::Media, NodeStyle::new("record", Rgb::hex(0xffffff)))
        .with_actor(ActorKind::Person, NodeStyle::new("Mrecord", Rgb::hex(0xffffff)));
    let options = DotOptions::new().view(View::Actors).style(style).label_length(None);
    let dot = g.to_dot(&options);
    assert!(dot.contains("\\<b\\>\\{x\\}\\|y\\</b\\>"), "record fields escaped");
    if !graphviz::have_dot() {
        return;
    }
    let text = squash(&svg_text(&render(&[dot])[0]));
    for a in g.actors() {
        assert!(text.contains(&squash(a.name())), "{:?} lost", a.name());
    }
}
