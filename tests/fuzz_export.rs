//! Fuzz harness for the writers: any valid graph, with any text in its names,
//! titles, quotes and tags (quotes, backslashes, braces, control characters,
//! bidi marks, very long strings), goes out as DOT (every view and option),
//! GraphML and JSON without a panic, the same bytes on every run, GraphML that an
//! XML parser reads, and JSON that loads back to the same graph.
//!
//! Whether Graphviz accepts the DOT is judged in `tests/dot.rs` (it needs `dot`);
//! this harness is pure Rust so it can run a million cases.
//!
//! Long run: `PROPTEST_CASES=100000 cargo test --release --test fuzz_export`.

mod common;

use common::{cases, dataset};
use proptest::prelude::*;
use stancegraph::io::dot::{DotOptions, View};
use stancegraph::model::{Actor, Dataset, Relation, Statement, Target};
use stancegraph::{ActorKind, Graph, PartialDate, RelationKind};

/// Text that is hard on writers: DOT and XML specials, controls, bidi, long runs.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[^\\s][\\x00-\\x1f\"\\\\{}<>|&;'\\[\\]=\\u{202e}\\u{feff}\\u{fffe}\\u{1F600}a-z ]{0,16}",
        1 => (1usize..3000).prop_map(|n| format!("x{}", "\\\"<&".repeat(n))),
        1 => Just("graph".to_owned()),
        1 => Just("node".to_owned()),
        1 => Just("--".to_owned()),
    ]
}

/// A dataset whose names, quotes and titles are all nasty.
fn nasty_dataset() -> impl Strategy<Value = Dataset> {
    (
        proptest::collection::vec((nasty(), proptest::collection::vec(nasty(), 0..2)), 1..6),
        proptest::collection::vec((0usize..6, 0usize..6, proptest::option::of(nasty())), 0..8),
        proptest::collection::vec(
            (0usize..6, 0usize..6, nasty(), proptest::collection::vec(nasty(), 0..2)),
            0..6,
        ),
    )
        .prop_map(|(actors, relations, statements)| {
            let n = actors.len();
            let mut d = Dataset::default();
            d.actors = actors
                .into_iter()
                .enumerate()
                .map(|(i, (name, aliases))| {
                    // Keys may be nasty too, as long as each is unique and not blank.
                    let mut a = Actor::new(format!("{i}{name}"), name, ActorKind::Organization);
                    a.aliases = aliases;
                    a
                })
                .collect();
            let key = |i: usize| d.actors[i % n].key.clone();
            d.relations = relations
                .into_iter()
                .filter(|(a, b, _)| a % n != b % n)
                .map(|(a, b, title)| {
                    let mut r = Relation::new(key(a), RelationKind::Cooperates, key(b));
                    r.title = title;
                    r
                })
                .collect();
            let day = PartialDate::day(2030, 1, 1).expect("a valid day");
            d.statements = statements
                .into_iter()
                .enumerate()
                .map(|(i, (sp, t, words, framing))| {
                    let mut s = Statement::new(format!("s{i}"), key(sp), day)
                        .quote(words)
                        .target(Target::new(key(t), 0.5));
                    s.framing = framing;
                    s
                })
                .collect();
            d
        })
        .prop_filter("blank text is rejected by design", |d| d.clone().build().is_ok())
}

fn options(graph: &Graph) -> Vec<DotOptions> {
    let mut all = vec![
        DotOptions::new(),
        DotOptions::plain(),
        DotOptions::new().view(View::Statements),
        DotOptions::new().view(View::Everything).label_length(Some(3)).wrap(Some(2)),
        DotOptions::new().view(View::Everything).unstyled().clusters(false).legend(false).no_title(),
        DotOptions::new().title("\"}\\\n<b>").left_to_right(true).edge_labels(false),
    ];
    if let Some(a) = graph.actors().next() {
        all.push(DotOptions::new().view(View::neighbourhood(a.id(), 2)));
    }
    all
}

fn check_writers(graph: &Graph) -> Result<(), TestCaseError> {
    for o in options(graph) {
        let dot = graph.to_dot(&o);
        prop_assert_eq!(&graph.to_dot(&o), &dot, "DOT is deterministic");
        let mut streamed = Vec::new();
        prop_assert!(graph.write_dot(&o, &mut streamed).is_ok());
        prop_assert_eq!(streamed, dot.as_bytes().to_vec(), "write_dot streams what to_dot returns");
        // Every line that opens a quoted id closes it: no raw control characters leak.
        prop_assert!(!dot.chars().any(|c| c.is_control() && c != '\n'), "raw control character in DOT");
    }
    let xml = graph.to_graphml();
    prop_assert_eq!(&graph.to_graphml(), &xml);
    let doc = roxmltree::Document::parse(&xml);
    prop_assert!(doc.is_ok(), "GraphML does not parse: {:?}", doc.err());
    let json = graph.to_json();
    match Graph::from_json(&json) {
        Ok(back) => prop_assert_eq!(&back, graph),
        Err(e) => prop_assert!(false, "JSON does not load: {e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    #[test]
    fn nasty_text_goes_out_intact_in_every_format(data in nasty_dataset()) {
        let graph = data.build().expect("filtered to valid datasets");
        check_writers(&graph)?;
    }

    #[test]
    fn random_graphs_go_out_in_every_format(data in dataset()) {
        let graph = data.build().expect("generated datasets are valid");
        check_writers(&graph)?;
    }
}
