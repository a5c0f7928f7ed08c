//! Deep hierarchies: a `part_of` chain a million actors deep builds through the
//! builder, JSON and CSV on a thread with a 2 MiB stack, and every walk along the
//! hierarchy (chains, ancestors, tops, rolled-up who-said-what, exports) works on it
//! without recursion. Cycles are found in time linear in their length, and their
//! messages stay short.
//!
//! These run in debug builds too (CI); `cargo test --release --test deep_hierarchy`
//! is quicker.

use stancegraph::io::csv::{CsvError, CsvImport, CsvProblemKind};
use stancegraph::model::{Actor, Relation, Statement, Target};
use stancegraph::{ActorKind, BuildError, Graph, GraphBuilder, Problem, RelationKind};

const DEEP: usize = 1_000_000;

/// Runs `f` on a thread with a 2 MiB stack (the default for spawned threads, set
/// explicitly so that `RUST_MIN_STACK` cannot hide an overflow).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn a thread")
        .join()
        .expect("no panic, no stack overflow")
}

fn key(i: usize) -> String {
    format!("a{i}")
}

/// `a0 part_of a1 part_of … a{n-1}`, and `a{n-1} part_of a0` if `ring`.
fn chain_builder(n: usize, ring: bool) -> GraphBuilder {
    let mut b = GraphBuilder::new();
    for i in 0..n {
        b.add_actor(Actor::new(key(i), key(i), ActorKind::Organization));
    }
    for i in 0..n - 1 {
        b.add_relation(Relation::new(key(i), RelationKind::PartOf, key(i + 1)));
    }
    if ring {
        b.add_relation(Relation::new(key(n - 1), RelationKind::PartOf, key(0)));
    }
    b
}

/// Checks the walks along the hierarchy of a chain of `n` built any way.
fn check_chain(g: &Graph, n: usize) {
    assert_eq!((g.actor_count(), g.relation_count()), (n, n - 1));
    let bottom = g.actor_by_key("a0").expect("bottom").id();
    let top = g.actor_by_key(&key(n - 1)).expect("top").id();
    assert_eq!(g.chain_up(bottom).count(), n);
    assert_eq!(g.chain_up(bottom).last().map(|a| a.id()), Some(top));
    assert_eq!(g.ancestors(bottom).count(), n - 1);
    assert_eq!(g.descendants(top).count(), n - 1);
    assert_eq!(g.tops(bottom).map(|a| a.id()).collect::<Vec<_>>(), [top]);
    assert!(g.is_within(bottom, top));
    assert!(!g.is_within(top, bottom));
}

#[test]
fn a_million_deep_chain_builds_through_the_builder_on_a_small_stack() {
    on_small_stack(|| {
        let mut b = chain_builder(DEEP, false);
        // A statement at the bottom, about the top: the rolled-up index walks the chain.
        b.add_statement(
            Statement::new("s", "a0", "2031-05-04".parse().expect("date"))
                .paraphrase("warns")
                .target(Target::new(key(DEEP - 1), -0.5)),
        );
        let g = b.build().expect("a chain is a valid hierarchy");
        check_chain(&g, DEEP);
        let top = g.actor_by_key(&key(DEEP - 1)).expect("top").id();
        assert_eq!(g.said().by(top).rolled_up().count().expect("query"), 1);
        // Exports walk the graph too.
        let xml = g.to_graphml();
        assert_eq!(xml.matches("<node ").count(), DEEP + 1);
    });
}

#[test]
fn a_million_deep_chain_loads_from_json_on_a_small_stack() {
    use std::fmt::Write;
    let mut text = String::from(r#"{"format": "stancegraph/1", "actors": ["#);
    for i in 0..DEEP {
        let comma = if i > 0 { "," } else { "" };
        let _ = write!(text, r#"{comma}{{"key": "a{i}", "name": "A", "kind": "org"}}"#);
    }
    text.push_str(r#"], "relations": ["#);
    for i in 0..DEEP - 1 {
        let comma = if i > 0 { "," } else { "" };
        let _ = write!(text, r#"{comma}{{"from": "a{i}", "kind": "part_of", "to": "a{}"}}"#, i + 1);
    }
    text.push_str("]}");
    on_small_stack(move || {
        let g = Graph::from_json(&text).expect("loads");
        check_chain(&g, DEEP);
    });
}

#[test]
fn a_million_deep_parent_chain_imports_from_csv_on_a_small_stack() {
    use std::fmt::Write;
    let mut actors = String::from("id,name,kind,parent\n");
    for i in 0..DEEP {
        let parent = if i + 1 < DEEP { key(i + 1) } else { String::new() };
        let _ = writeln!(actors, "a{i},A {i},org,{parent}");
    }
    on_small_stack(move || {
        let g = CsvImport::new().actors(actors.as_bytes()).build().expect("imports");
        check_chain(&g, DEEP);
    });
}

#[test]
fn a_ring_of_200_000_is_one_short_cycle_message() {
    const RING: usize = 200_000;
    let err: BuildError = on_small_stack(|| chain_builder(RING, true).build().expect_err("a cycle"));
    let [Problem::HierarchyCycle { path }] = err.problems() else { panic!("one cycle: {err}") };
    // The whole cycle is in the error's data, in order ...
    assert_eq!(path.len(), RING + 1);
    assert_eq!(path.first(), path.last());
    assert!(path.windows(2).all(|w| w[1] == key((w[0][1..].parse::<usize>().expect("n") + 1) % RING)));
    // ... and the message shows its ends.
    let message = err.to_string();
    assert!(message.len() < 300, "{} bytes: {message}", message.len());
    assert!(message.contains("a0 → a1 → ") && message.contains("(199990 more)"), "{message}");
}

#[test]
fn a_ring_from_csv_relations_is_reported_at_the_row_that_closes_it() {
    const RING: usize = 100_000;
    let mut actors = String::from("id,name,kind,parent\n");
    let mut relations = String::from("source,target,kind\n");
    for i in 0..RING {
        // Half the links from `parent` columns, half from relation rows.
        let parent = if i % 2 == 0 { key((i + 1) % RING) } else { String::new() };
        actors.push_str(&format!("a{i},A {i},org,{parent}\n"));
        if i % 2 == 1 {
            relations.push_str(&format!("a{i},a{},part_of\n", (i + 1) % RING));
        }
    }
    let err = on_small_stack(move || {
        CsvImport::new().actors(actors.as_bytes()).relations(relations.as_bytes()).build().expect_err("cycle")
    });
    let CsvError::Invalid(invalid) = &err else { panic!("{err}") };
    let [p] = invalid.problems() else { panic!("one problem: {err}") };
    let CsvProblemKind::HierarchyCycle { path } = &p.kind else { panic!("{p}") };
    assert_eq!(path.len(), RING + 1);
    // Relation rows are read after the parent columns: the last one closes the ring.
    assert_eq!((p.position.file.as_str(), p.position.line), ("relations.csv", RING as u64 / 2 + 1));
    assert!(err.to_string().len() < 400, "{err}");
}

/// Enumerating simple paths walks depth-first along a path as long as the budget
/// allows: on a chain, as deep as the chain. That walk keeps its own stack.
#[test]
fn all_simple_paths_along_a_long_chain_do_not_recurse() {
    const LONG: usize = 60_000;
    let hops = on_small_stack(|| {
        let g = chain_builder(LONG, false).build().expect("a chain builds");
        let all = g.paths("a0", key(LONG - 1)).max_len(usize::MAX).all_simple().expect("valid query");
        assert!(!all.is_truncated());
        all.iter().map(|p| p.len()).collect::<Vec<_>>()
    });
    assert_eq!(hops, [LONG - 1]);
}
