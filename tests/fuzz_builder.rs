//! Fuzz harness for the builder API: hostile values (NaN and infinite stances,
//! huge numbers, empty, blank, very long and control-character strings, colliding
//! keys, dangling references, hierarchy cycles, reversed validity) never panic.
//! Every rejection is a [`BuildError`] whose problems name an item of the input;
//! every acceptance is a graph that round-trips through JSON.
//!
//! An oracle computed independently of the crate says which inputs *must* fail:
//! a stance or confidence out of range, a duplicate key, an unknown reference.
//!
//! Long run: `PROPTEST_CASES=100000 cargo test --release --test fuzz_builder`.

mod common;

use common::cases;
use proptest::prelude::*;
use stancegraph::model::{Actor, Relation, Statement, Target};
use stancegraph::{ActorKind, BuildError, Graph, GraphBuilder, Item, PartialDate, Problem, RelationKind};

/// Keys from a small pool so that collisions and dangling references are common.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (0u8..6).prop_map(|i| format!("k{i}")),
        1 => Just(String::new()),
        1 => Just("  ".to_owned()),
        1 => "\\PC{1,8}",
    ]
}

/// Text fields: ordinary, empty, blank, control characters or very long.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "\\PC{1,10}",
        1 => Just(String::new()),
        1 => Just("\t \n".to_owned()),
        1 => "[\\x00-\\x1f\"\\\\{}<>|]{1,6}",
        1 => (1usize..5000).prop_map(|n| "ж".repeat(n)),
    ]
}

/// Numbers where a stance or confidence goes: in range, just out, huge, not finite.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => -1.0f64..=1.0,
        1 => Just(f64::NAN),
        1 => prop_oneof![Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(f64::MAX), Just(-f64::MAX)],
        1 => prop_oneof![Just(1.000_000_1), Just(-1.000_000_1), Just(-0.0), Just(f64::MIN_POSITIVE)],
    ]
}

fn date() -> impl Strategy<Value = PartialDate> {
    // Every calendar date the format allows, without rejection sampling (a filter
    // would run out of tries in the long run): days up to 28, plus the edge days.
    let any = (1i16..=9999, 0u8..=12, 0u8..=28).prop_map(|(y, m, d)| match (m, d) {
        (0, _) => PartialDate::year(y),
        (m, 0) => PartialDate::month(y, m),
        (m, d) => PartialDate::day(y, m, d),
    });
    let edges = prop_oneof![
        Just(PartialDate::day(1, 1, 1)),
        Just(PartialDate::day(9999, 12, 31)),
        Just(PartialDate::day(2024, 2, 29)),
        Just(PartialDate::day(2022, 12, 31)),
    ];
    prop_oneof![9 => any, 1 => edges].prop_map(|d| d.expect("a valid calendar date"))
}

#[derive(Debug, Clone)]
struct Input {
    actors: Vec<Actor>,
    relations: Vec<Relation>,
    statements: Vec<Statement>,
}

fn input() -> impl Strategy<Value = Input> {
    let actor = (
        key(),
        text(),
        proptest::sample::select(&ActorKind::ALL[..]),
        proptest::collection::vec(text(), 0..2),
    )
        .prop_map(|(k, name, kind, aliases)| {
            let mut a = Actor::new(k, name, kind);
            a.aliases = aliases;
            a
        });
    let relation = (
        key(),
        proptest::sample::select(&RelationKind::ALL[..]),
        key(),
        number(),
        proptest::option::of(date()),
        proptest::option::of(date()),
        proptest::option::of(text()),
    )
        .prop_map(|(from, kind, to, confidence, start, end, title)| {
            let mut r = Relation::new(from, kind, to);
            r.confidence = confidence;
            r.start = start;
            r.end = end;
            r.title = title;
            r
        });
    let statement = (
        key(),
        key(),
        date(),
        any::<u32>(),
        any::<bool>(),
        text(),
        proptest::collection::vec((key(), number()), 0..3),
        proptest::collection::vec(key(), 0..2),
    )
        .prop_map(|(k, speaker, date, order, quote, words, targets, via)| {
            let mut s = Statement::new(k, speaker, date).with_order(order);
            s = if quote { s.quote(words) } else { s.paraphrase(words) };
            s.targets = targets.into_iter().map(|(a, x)| Target::new(a, x)).collect();
            s.via = via;
            s
        });
    (
        proptest::collection::vec(actor, 0..8),
        proptest::collection::vec(relation, 0..10),
        proptest::collection::vec(statement, 0..8),
    )
        .prop_map(|(actors, relations, statements)| Input { actors, relations, statements })
}

/// What the crate must reject, worked out without it.
fn must_fail(input: &Input) -> Option<&'static str> {
    let keys: Vec<&str> = input.actors.iter().map(|a| a.key.as_str()).collect();
    let known = |k: &str| keys.contains(&k);
    let mut seen = std::collections::HashSet::new();
    if keys.iter().any(|k| !seen.insert(*k)) {
        return Some("duplicate actor key");
    }
    for s in &input.statements {
        if s.targets.iter().any(|t| !(-1.0..=1.0).contains(&t.stance)) {
            return Some("stance out of range");
        }
        if !known(&s.speaker) || s.targets.iter().any(|t| !known(&t.actor)) || s.via.iter().any(|v| !known(v))
        {
            return Some("unknown actor in a statement");
        }
    }
    for r in &input.relations {
        if !(0.0..=1.0).contains(&r.confidence) {
            return Some("confidence out of range");
        }
        if !known(&r.from) || !known(&r.to) {
            return Some("unknown actor in a relation");
        }
    }
    None
}

/// The keys a problem names must be keys the input used.
fn names_an_input_item(problem: &Problem, input: &Input) -> bool {
    let item = match problem {
        Problem::UnknownReference { item, .. }
        | Problem::DuplicateKey { item }
        | Problem::Conflict { item, .. }
        | Problem::StanceOutOfRange { item, .. }
        | Problem::ConfidenceOutOfRange { item, .. }
        | Problem::EndsBeforeStart { item, .. }
        | Problem::Empty { item, .. }
        | Problem::SelfRelation { item, .. } => item,
        Problem::HierarchyCycle { path } => {
            return path.len() >= 2 && path.iter().all(|k| input.actors.iter().any(|a| &a.key == k));
        }
        _ => return true,
    };
    match item {
        Item::Actor(k) => input.actors.iter().any(|a| &a.key == k),
        Item::Statement(k) => input.statements.iter().any(|s| &s.key == k),
        Item::Relation { index, from, to, kind } => {
            input.relations.get(*index).is_some_and(|r| &r.from == from && &r.to == to && r.kind == *kind)
        }
        _ => true,
    }
}

fn build(input: &Input) -> Result<Graph, BuildError> {
    let mut b = GraphBuilder::new();
    for a in &input.actors {
        b.add_actor(a.clone());
    }
    for r in &input.relations {
        b.add_relation(r.clone());
    }
    for s in &input.statements {
        b.add_statement(s.clone());
    }
    b.build()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn hostile_builder_input_never_panics_and_every_problem_names_its_item(input in input()) {
        match build(&input) {
            Ok(graph) => {
                prop_assert!(must_fail(&input).is_none(), "accepted although: {:?}", must_fail(&input));
                prop_assert_eq!(graph.actor_count(), input.actors.len());
                prop_assert_eq!(graph.relation_count(), input.relations.len());
                prop_assert_eq!(graph.statement_count(), input.statements.len());
                let text = graph.to_json();
                let back = Graph::from_json(&text);
                prop_assert!(back.is_ok(), "saved graph does not load: {:?}", back.err());
                prop_assert_eq!(back.ok(), Some(graph));
            }
            Err(err) => {
                prop_assert!(!err.problems().is_empty());
                for p in err.problems() {
                    prop_assert!(!p.to_string().is_empty());
                    prop_assert!(names_an_input_item(p, &input), "{p} names nothing in the input");
                }
                prop_assert!(err.to_string().starts_with("invalid dataset: "));
            }
        }
    }
}

#[test]
fn the_oracle_agrees_with_the_builder_on_each_class() {
    // One input per must-fail class, so the harness's oracle is itself tested.
    let a = |k: &str| Actor::new(k, k.to_uppercase(), ActorKind::State);
    let base = Input { actors: vec![a("x"), a("y")], relations: Vec::new(), statements: Vec::new() };
    let day = PartialDate::day(2022, 1, 1).unwrap();

    let mut nan = base.clone();
    nan.statements.push(Statement::new("s", "x", day).target(Target::new("y", f64::NAN)));
    let mut dup = base.clone();
    dup.actors.push(a("x"));
    let mut dangling = base.clone();
    dangling.relations.push(Relation::new("x", RelationKind::Ally, "z"));
    let mut confidence = base.clone();
    confidence.relations.push(Relation::new("x", RelationKind::Ally, "y").with_confidence(f64::INFINITY));

    for (input, class) in
        [(nan, "stance"), (dup, "duplicate"), (dangling, "unknown"), (confidence, "confidence")]
    {
        assert!(must_fail(&input).is_some_and(|why| why.contains(class)));
        let err = build(&input).unwrap_err();
        assert!(err.to_string().contains(class), "{class}: {err}");
    }
    assert!(must_fail(&base).is_none() && build(&base).is_ok());
}

/// A hierarchy a few to 40,000 actors deep (past the depth that overflowed a 2 MiB
/// stack in a release build when cycles were found by recursion): a chain `x0 → x1 → …` of random
/// hierarchical kinds, branches to higher actors (no cycle), and back edges to lower
/// actors (each closes a cycle).
#[derive(Debug, Clone)]
struct Deep {
    kinds: Vec<RelationKind>,
    branches: Vec<(usize, usize)>,
    backs: Vec<(usize, usize)>,
}

fn deep() -> impl Strategy<Value = Deep> {
    let hierarchical: Vec<RelationKind> =
        RelationKind::ALL.into_iter().filter(|k| k.is_hierarchical()).collect();
    prop_oneof![31 => 2usize..60, 1 => 60usize..40_000]
        .prop_flat_map(move |n| {
            let kinds = proptest::collection::vec(proptest::sample::select(hierarchical.clone()), n - 1);
            let pair = (0..n, 0..n);
            (kinds, proptest::collection::vec(pair.clone(), 0..4), proptest::collection::vec(pair, 0..3))
        })
        .prop_map(|(kinds, branches, backs)| Deep {
            branches: branches.into_iter().filter(|(a, b)| a + 1 < *b).collect(),
            backs: backs.into_iter().filter(|(a, b)| b < a).collect(),
            kinds,
        })
}

/// How many cycles `d` has: back edge `i → j` makes `j ..= i` one strongly connected
/// block, and blocks that share an actor are one.
fn cycles_of(d: &Deep) -> usize {
    let mut spans: Vec<(usize, usize)> = d.backs.iter().map(|&(i, j)| (j, i)).collect();
    spans.sort_unstable();
    let mut count = 0;
    let mut end = None;
    for (start, stop) in spans {
        match end {
            Some(e) if start <= e => end = Some(e.max(stop)),
            _ => {
                count += 1;
                end = Some(stop);
            }
        }
    }
    count
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    /// Deep hierarchies build (on the test thread's 2 MiB stack) or report each cycle
    /// once, as a path of links of the input, in a short message.
    #[test]
    fn deep_hierarchies_build_or_report_every_cycle(d in deep()) {
        let n = d.kinds.len() + 1;
        let x = |i: usize| format!("x{i}");
        let mut b = GraphBuilder::new();
        for i in 0..n {
            b.add_actor(Actor::new(x(i), "X", ActorKind::Organization));
        }
        let mut links = std::collections::HashSet::new();
        let edges = d.kinds.iter().enumerate().map(|(i, &k)| (i, i + 1, k));
        let extra = d.branches.iter().chain(&d.backs).map(|&(a, b)| (a, b, RelationKind::PartOf));
        for (from, to, kind) in edges.chain(extra) {
            links.insert((x(from), x(to)));
            b.add_relation(Relation::new(x(from), kind, x(to)));
        }
        match b.build() {
            Ok(g) => {
                prop_assert_eq!(cycles_of(&d), 0);
                let bottom = g.actor_by_key("x0").expect("x0").id();
                prop_assert_eq!(g.ancestors(bottom).count(), n - 1);
                prop_assert!(g.chain_up(bottom).count() <= n);
            }
            Err(err) => {
                prop_assert_eq!(err.problems().len(), cycles_of(&d), "{}", err);
                for p in err.problems() {
                    let Problem::HierarchyCycle { path } = p else { return Err(TestCaseError::fail(format!("{p}"))) };
                    prop_assert_eq!(path.first(), path.last());
                    let inner: std::collections::HashSet<&String> = path[1..].iter().collect();
                    prop_assert_eq!(inner.len(), path.len() - 1, "a simple cycle");
                    for w in path.windows(2) {
                        prop_assert!(links.contains(&(w[0].clone(), w[1].clone())), "{} → {} is no link", w[0], w[1]);
                    }
                }
                prop_assert!(err.to_string().len() < 400 * err.problems().len().max(1));
            }
        }
    }
}
