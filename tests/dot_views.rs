//! Pictures that stay readable as the graph grows (issue 13): folded relations,
//! labels beside their own edges, labels cut at word boundaries, a compact legend,
//! views with budgets, the state-level view, and generated graphs that render.
//!
//! The geometry checks lay the pictures out with Graphviz (`dot -Tjson`, one run for
//! many graphs) and measure them; render times live in `benches/dot_render.rs`.

#[path = "common/graphviz.rs"]
mod graphviz;
#[path = "../benches/support/news.rs"]
mod news;

use std::collections::BTreeSet;
use std::path::PathBuf;

use graphviz::{have_dot, label_distances, layouts, picture, polygon_box, run};
use proptest::prelude::*;
use stancegraph::io::dot::{DEFAULT_BUDGET, DotOptions, View};
use stancegraph::model::{Actor, Dataset};
use stancegraph::{ActorKind, Graph, GraphBuilder};
use unicode_segmentation::UnicodeSegmentation;

fn seed() -> Graph {
    stancegraph::datasets::belarus_missile()
}

/// The seed merged with its second encoding (see `tests/data`).
fn merged() -> Graph {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/belarus-missile-second-encoding.json");
    let text = std::fs::read_to_string(&path).expect("the second encoding is in tests/data");
    let mut b = GraphBuilder::from_graph(&seed());
    b.add_dataset(Dataset::from_json(&text).expect("valid dataset"));
    b.build().expect("the two encodings merge")
}

/// Every view with default options, as (name, options).
fn views(g: &Graph, hub: &str) -> Vec<(String, DotOptions)> {
    let hub = g.actor_by_key(hub).expect("the hub is in the graph").id();
    let some_day = g.statements_chronological().last().map(|s| s.date()).expect("a statement");
    vec![
        ("actors".into(), DotOptions::new()),
        ("statements".into(), DotOptions::new().view(View::Statements)),
        ("everything".into(), DotOptions::new().view(View::Everything)),
        ("neighbourhood".into(), DotOptions::new().view(View::neighbourhood(hub, 1))),
        ("states".into(), DotOptions::new().view(View::States)),
        ("as-of".into(), DotOptions::new().view(View::Everything).as_of(some_day)),
    ]
}

/// `(tail, head)` of every edge line between two quoted ids in a DOT text.
fn edges(dot: &str) -> Vec<(String, String)> {
    dot.lines()
        .filter_map(|l| {
            let l = l.trim();
            let (tail, rest) = l.strip_prefix('"')?.split_once("\" -> \"")?;
            let (head, _) = rest.split_once('"')?;
            Some((tail.to_owned(), head.to_owned()))
        })
        .collect()
}

// ---- folding ---------------------------------------------------------------------

#[test]
fn on_the_merged_graph_the_actors_view_has_one_edge_per_related_pair() {
    let g = merged();
    let pairs: BTreeSet<(String, String)> = g
        .relations()
        .map(|r| {
            let (a, b) = (r.from().key().to_owned(), r.to().key().to_owned());
            if a < b { (a, b) } else { (b, a) }
        })
        .collect();
    assert!(g.relation_count() > pairs.len() + 10, "the merged graph has parallel relations");
    let dot = g.to_dot(&DotOptions::new());
    let drawn: Vec<(String, String)> =
        edges(&dot).into_iter().map(|(a, b)| if a < b { (a, b) } else { (b, a) }).collect();
    assert_eq!(drawn.len(), pairs.len(), "one edge per pair");
    assert_eq!(drawn.into_iter().collect::<BTreeSet<_>>(), pairs);
    // Russia and Belarus: ten relations of two encodings, one friendly edge.
    let line = dot
        .lines()
        .find(|l| l.contains("\"belarus\" -> \"russia\"") || l.contains("\"russia\" -> \"belarus\""))
        .expect("the Russia–Belarus edge");
    assert!(line.contains("10 relations"), "{line}");
    assert!(line.contains("ally ×2"), "{line}");
    assert!(line.contains("color=\"#1a9850\""), "friendly on balance: {line}");
    // Belarus hosts and supports Russia; the rest are mutual: arrows at Russia only.
    assert!(line.starts_with("  \"belarus\" -> \"russia\"") && !line.contains("dir="), "{line}");
    // Kept apart on request: one edge per relation.
    let separate = g.to_dot(&DotOptions::new().fold_relations(false));
    assert_eq!(edges(&separate).len(), g.relation_count());
    if have_dot() {
        let svg = run("svg", &[dot]);
        assert_eq!(svg.matches("class=\"edge\"").count(), pairs.len());
    }
}

// ---- labels beside their edges --------------------------------------------------

/// The farthest a label's text may be from its own edge, in points (a quarter of an
/// inch: the label touches or nearly touches the line it names).
const NEAR: f64 = 18.0;

#[test]
fn every_edge_label_is_drawn_beside_its_own_edge_on_the_seed_and_the_merged_graph() {
    if !have_dot() {
        return;
    }
    let mut docs = Vec::new();
    let mut names = Vec::new();
    for (graph_name, g) in [("seed", seed()), ("merged", merged())] {
        for (view, options) in views(&g, "belarus") {
            names.push(format!("{graph_name} {view}"));
            docs.push(g.to_dot(&options));
        }
    }
    let mut report = Vec::new();
    for (name, layout) in names.iter().zip(layouts(&docs)) {
        let labels = label_distances(&layout);
        assert!(!labels.is_empty(), "{name}: labels are drawn");
        let worst = labels.iter().map(|l| l.1).fold(0.0, f64::max);
        report.push(format!("{name}: {} labels, farthest {worst:.1} pt from its edge", labels.len()));
        for (text, d) in &labels {
            assert!(*d <= NEAR, "{name}: label {text:?} is {d:.1} pt from its own edge");
        }
    }
    eprintln!("{}", report.join("\n"));
}

// ---- the legend ------------------------------------------------------------------

#[test]
fn the_legend_takes_at_most_a_tenth_of_each_seed_picture() {
    if !have_dot() {
        return;
    }
    let g = seed();
    let all = views(&g, "belarus");
    let docs: Vec<String> = all.iter().map(|(_, o)| g.to_dot(o)).collect();
    for ((name, _), layout) in all.iter().zip(layouts(&docs)) {
        let (x0, y0, x1, y1) = picture(&layout);
        let legend = polygon_box(&layout["_ldraw_"]).expect("the legend table is drawn in the graph label");
        let share = (legend.2 - legend.0) * (legend.3 - legend.1) / ((x1 - x0) * (y1 - y0));
        eprintln!(
            "{name}: legend {:.0}×{:.0} pt, {:.1}% of the picture",
            legend.2 - legend.0,
            legend.3 - legend.1,
            share * 100.0
        );
        assert!(share <= 0.1, "{name}: the legend takes {:.1}% of the picture", share * 100.0);
        // In the top-left corner (y grows upwards in Graphviz's coordinates).
        assert!(
            legend.0 - x0 < 20.0 && y1 - legend.3 < 20.0,
            "{name}: legend at {legend:?}, picture {:?}",
            (x0, y0, x1, y1)
        );
    }
}

// ---- cut labels -------------------------------------------------------------------

/// A word of letters from a few scripts, sometimes with a hyphen or apostrophe.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,12}",
        "[а-яА-Я]{1,12}",
        "[a-z]{1,6}-[a-z]{1,6}",
        "[a-z]{1,5}'[a-z]{1,3}",
        "[0-9]{1,4}",
        "[\u{4e00}-\u{4e80}]{1,6}",
        "[a-z]{20,40}",
    ]
}

fn words() -> impl Strategy<Value = String> {
    (prop::collection::vec((word(), prop::sample::select(vec![" ", "  ", ", ", " — ", ". "])), 1..20))
        .prop_map(|ws| {
            ws.into_iter().map(|(w, sep)| format!("{w}{sep}")).collect::<String>().trim_end().to_owned()
        })
}

/// The label of actor `x` in a DOT text (no escapes needed for these texts).
fn label_of_x(dot: &str) -> String {
    let line = dot.lines().find(|l| l.trim_start().starts_with("\"x\" [label=\"")).expect("the node of x");
    let rest = line.trim_start().trim_start_matches("\"x\" [label=\"");
    rest[..rest.find('"').expect("label ends")].to_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)))]

    /// A cut label is the text up to a word boundary (UAX #29) and `…`: never part
    /// of a word; no longer than the limit unless its first word alone is; the whole
    /// text stays in the tooltip.
    #[test]
    fn every_cut_label_ends_at_a_word_boundary(text in words(), max in 1usize..60) {
        let mut b = GraphBuilder::new();
        b.add_actor(Actor::new("x", text.clone(), ActorKind::Person));
        let g = b.build().expect("valid");
        let dot = g.to_dot(&DotOptions::new().label_length(Some(max)).legend(false).no_title());
        let label = label_of_x(&dot);
        prop_assert!(dot.contains(&format!("tooltip=\"{text} (person)\"")), "the full text is the tooltip");
        if text.chars().count() <= max {
            prop_assert_eq!(label, text);
            return Ok(());
        }
        let first_word = text.split_word_bounds().find(|w| !w.trim().is_empty()).map_or(0, |w| w.chars().count());
        if label == text {
            // Longer than the limit and uncut: one word, which is never split.
            prop_assert_eq!(first_word, text.chars().count());
            return Ok(());
        }
        let kept = label.strip_suffix('…').expect("a cut label ends in an ellipsis");
        prop_assert!(text.starts_with(kept), "{:?} is not the start of {:?}", kept, text);
        // The cut falls where a word ends: at a boundary, and not inside a word.
        let boundaries: BTreeSet<usize> =
            text.split_word_bound_indices().map(|(i, _)| i).chain([text.len()]).collect();
        prop_assert!(boundaries.contains(&kept.len()), "{:?} cuts a word of {:?}", kept, text);
        prop_assert!(!kept.ends_with(char::is_whitespace));
        prop_assert!(
            kept.chars().count() < max || kept.chars().count() == first_word,
            "{:?} is longer than {} though a shorter cut exists", kept, max
        );
    }
}

// ---- budgets --------------------------------------------------------------------

/// The "+N more ..." counts of a DOT text, by kind (actors, statements, events).
fn more(dot: &str, what: &str) -> usize {
    dot.lines()
        .filter(|l| l.trim_start().starts_with(&format!("\"more:{what}:")) && l.contains("[label=\"+"))
        .filter_map(|l| l.split("[label=\"+").nth(1)?.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

fn actor_nodes(g: &Graph, dot: &str) -> Vec<String> {
    g.actors()
        .map(|a| a.key().to_owned())
        .filter(|k| dot.lines().any(|l| l.trim_start().starts_with(&format!("\"{k}\" [label="))))
        .collect()
}

#[test]
fn the_neighbourhood_keeps_the_nearest_within_its_budget_and_counts_the_rest() {
    let g = merged();
    let belarus = g.actor_by_key("belarus").expect("in the graph").id();
    let all = g.to_dot(&DotOptions::new().view(View::neighbourhood(belarus, 2)).budget(None));
    let reached = actor_nodes(&g, &all);
    for budget in [2, 9, 16] {
        let dot = g.to_dot(&DotOptions::new().view(View::neighbourhood(belarus, 2)).budget(Some(budget)));
        let kept = actor_nodes(&g, &dot);
        assert!(kept.len() <= budget.div_ceil(2), "{budget}: {} actors kept", kept.len());
        assert!(kept.contains(&"belarus".to_owned()), "the centre stays");
        // Outlets of kept statements may be kept within the budget too; every other
        // actor reached is counted once.
        assert_eq!(kept.len() + more(&dot, "actors"), reached.len(), "{budget}: kept + more = reached");
        assert!(dot.contains(&format!("({} of {} actors)", kept.len(), reached.len())), "the title says so");
        // Nearest first: with room for the centre and a few, those are one step away.
        let near: Vec<String> = g
            .to_dot(&DotOptions::new().view(View::neighbourhood(belarus, 1)).budget(None))
            .lines()
            .filter_map(|l| {
                l.trim_start()
                    .strip_prefix('"')
                    .and_then(|l| l.split_once("\" [label="))
                    .map(|(k, _)| k.to_owned())
            })
            .collect();
        if kept.len() <= near.len() {
            for k in &kept {
                assert!(near.contains(k), "{budget}: {k} is kept before nearer actors");
            }
        }
        let nodes = |prefix: &str| {
            dot.lines().filter(|l| l.trim_start().starts_with(prefix) && !l.contains(" -> ")).count()
        };
        let (statements, events) = (nodes("\"statement:"), nodes("\"event:"));
        assert!(
            kept.len() + statements + events <= budget.max(1) + 1,
            "{budget}: {} nodes",
            kept.len() + statements + events
        );
    }
    assert_eq!(DEFAULT_BUDGET, 30);
}

#[test]
fn at_most_n_statements_per_speaker_with_the_rest_counted() {
    let g = seed();
    let dot = g.to_dot(&DotOptions::new().view(View::Statements).statements_per_speaker(Some(2)));
    let volfovich = g.actor_by_key("volfovich").expect("in the seed").id();
    let by_volfovich: Vec<_> = g.statements_by(volfovich).map(|s| s.key().to_owned()).collect();
    assert_eq!(by_volfovich.len(), 4);
    let shown = by_volfovich.iter().filter(|k| dot.contains(&format!("\"statement:{k}\" [label="))).count();
    assert_eq!(shown, 2);
    // The strongest stay: −0.9 twice.
    assert!(dot.contains("\"statement:volfovich-war-not-enough\" [label="));
    assert!(dot.contains("\"statement:volfovich-provoke-regional-conflict\" [label="));
    assert!(dot.contains("\"more:statements:volfovich\" [label=\"+2 more statements\""));
    assert!(dot.contains("\"volfovich\" -> \"more:statements:volfovich\""));
    let total: usize = g.actors().map(|a| g.statements_by(a.id()).len().min(2)).sum();
    assert_eq!(dot.matches("[label=\"").count() - actor_nodes(&g, &dot).len() - more_nodes(&dot), total);
    assert_eq!(more(&dot, "statements"), g.statement_count() - total);
    // No cap: every statement.
    let all = g.to_dot(&DotOptions::new().view(View::Statements).statements_per_speaker(None));
    assert_eq!(more(&all, "statements"), 0);
}

fn more_nodes(dot: &str) -> usize {
    dot.lines().filter(|l| l.trim_start().starts_with("\"more:") && l.contains("[label=")).count()
}

#[test]
fn the_state_view_draws_one_node_per_top_and_an_edge_with_each_pairs_score() {
    let g = merged();
    let dot = g.to_dot(&DotOptions::new().view(View::States));
    let tops: Vec<String> =
        g.actors().filter(|a| g.parents(a.id()).len() == 0).map(|a| a.key().to_owned()).collect();
    assert_eq!(actor_nodes(&g, &dot), tops);
    let pair = |a: &str, b: &str| {
        dot.lines()
            .find(|l| l.contains(&format!("\"{a}\" -> \"{b}\"")))
            .unwrap_or_else(|| panic!("{a}–{b}\n{dot}"))
    };
    let score = |line: &str| -> f64 {
        let label = line.split("xlabel=\"").nth(1).and_then(|l| l.split('"').next()).expect("a score");
        label.replace('−', "-").parse().expect("a number")
    };
    let ru_by = pair("russia", "belarus");
    let al = g.alignment("russia", "belarus").compute().expect("aligned");
    assert!((score(ru_by) - al.score).abs() < 0.006, "{ru_by}");
    assert!(score(pair("russia", "ukraine")) < -0.5);
    // Within a budget: the largest blocs, the rest counted.
    let small = g.to_dot(&DotOptions::new().view(View::States).budget(Some(3)));
    assert_eq!(actor_nodes(&g, &small), ["russia", "belarus", "ukraine"]);
    assert!(small.contains(&format!("\"more:tops\" [label=\"+{} more\"", tops.len() - 3)));
}

// ---- generated graphs -----------------------------------------------------------

#[test]
fn every_view_of_a_graph_of_70_actors_100_relations_70_statements_and_70_events_renders() {
    let size = news::Size { actors: 70, relations: 100, statements: 70, events: 70 };
    let g = news::graph(size, 7);
    assert_eq!(
        (g.actor_count(), g.relation_count(), g.statement_count(), g.event_count()),
        (70, 100, 70, 70)
    );
    let docs: Vec<String> = views(&g, "state0").iter().map(|(_, o)| g.to_dot(o)).collect();
    if have_dot() {
        let svg = run("svg", &docs);
        assert_eq!(svg.matches("<svg").count(), docs.len());
    }
}

/// Graphviz draws PNGs at 96 dpi: 4,000 px is 3,000 points.
const MAX_POINTS: f64 = 3000.0;

#[test]
fn the_neighbourhood_of_a_hub_of_1600_actors_fits_4000_px_with_the_default_budget() {
    let g = news::graph(news::Size::scaled(1600), 7);
    let hub = g.actor_by_key("state0").expect("generated").id();
    let dot = g.to_dot(&DotOptions::new().view(View::neighbourhood(hub, 2)));
    assert!(actor_nodes(&g, &dot).len() <= DEFAULT_BUDGET.div_ceil(2));
    if have_dot() {
        let (x0, y0, x1, y1) = picture(&layouts(&[dot])[0]);
        assert!(x1 - x0 <= MAX_POINTS && y1 - y0 <= MAX_POINTS, "{:.0}×{:.0} pt", x1 - x0, y1 - y0);
    }
}
