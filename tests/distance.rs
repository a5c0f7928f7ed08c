//! Hop counts: `PathFinder::distance` and `PathQuery::distance` agree with brute-force
//! breadth-first search and with the length of the shortest path.

use std::collections::VecDeque;

use proptest::prelude::*;
use stancegraph::model::{Actor, Relation};
use stancegraph::query::QueryError;
use stancegraph::{ActorKind, Graph, GraphBuilder, RelationKind};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

const KINDS: [RelationKind; 4] =
    [RelationKind::Ally, RelationKind::Borders, RelationKind::MemberOf, RelationKind::Hostile];

fn build(n: usize, relations: &[(usize, usize, usize)]) -> Graph {
    let mut b = GraphBuilder::new();
    for i in 0..n {
        b.add_actor(Actor::new(format!("x{i}"), format!("X {i}"), ActorKind::Organization));
    }
    let mut seen = std::collections::BTreeSet::new();
    for &(f, k, t) in relations {
        // Hierarchical relations only downward in index order, so there is no cycle.
        let (f, t) = if KINDS[k].is_hierarchical() { (f.max(t), f.min(t)) } else { (f, t) };
        if f != t && seen.insert((f, k, t)) {
            b.add_relation(Relation::new(format!("x{f}"), KINDS[k], format!("x{t}")));
        }
    }
    b.build().expect("random graph is valid")
}

/// Breadth-first search from `from` over every relation, either way.
fn brute(g: &Graph, from: usize, to: usize) -> Option<usize> {
    let n = g.actor_count();
    let mut dist = vec![usize::MAX; n];
    dist[from] = 0;
    let mut queue = VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        for r in g.relations() {
            let (a, b) = (r.from().id().index(), r.to().id().index());
            for (x, y) in [(a, b), (b, a)] {
                if x == v && dist[y] == usize::MAX {
                    dist[y] = dist[v] + 1;
                    queue.push_back(y);
                }
            }
        }
    }
    (dist[to] != usize::MAX).then_some(dist[to])
}

fn graph() -> impl Strategy<Value = (usize, Vec<(usize, usize, usize)>)> {
    (1usize..16)
        .prop_flat_map(|n| (Just(n), proptest::collection::vec((0..n, 0..KINDS.len(), 0..n), 0..(2 * n))))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn distances_match_brute_force((n, relations) in graph(), pairs in proptest::collection::vec((0usize..16, 0usize..16), 1..8), max in 1usize..6) {
        let g = build(n, &relations);
        let mut finder = g.path_finder();
        for (a, b) in pairs {
            let (a, b) = (a % n, b % n);
            let (ka, kb) = (format!("x{a}"), format!("x{b}"));
            let expected = brute(&g, a, b);
            prop_assert_eq!(finder.distance(ka.as_str(), kb.as_str()).expect("known"), expected);
            let query = g.paths(ka.as_str(), kb.as_str());
            prop_assert_eq!(query.distance().expect("known"), expected);
            let shortest = query.shortest().expect("known").map(|p| p.len());
            prop_assert_eq!(shortest, expected);
            // Bounded: no path longer than `max`.
            let bounded = expected.filter(|&d| d <= max);
            prop_assert_eq!(g.paths(ka.as_str(), kb.as_str()).max_len(max).distance().expect("known"), bounded);
            // Other walks take the general search and still agree with `shortest`.
            let allies = g.paths(ka.as_str(), kb.as_str()).kinds([RelationKind::Ally, RelationKind::MemberOf]);
            prop_assert_eq!(allies.distance().expect("known"), allies.shortest().expect("known").map(|p| p.len()));
        }
    }

    #[test]
    fn a_budget_cuts_both_searches_alike((n, relations) in graph(), a in 0usize..16, b in 0usize..16, budget in 1usize..6) {
        let g = build(n, &relations);
        let (ka, kb) = (format!("x{}", a % n), format!("x{}", b % n));
        let query = g.paths(ka.as_str(), kb.as_str()).budget(budget);
        let distance = query.distance();
        prop_assert_eq!(&distance, &query.shortest().map(|p| p.map(|p| p.len())));
        // Out of budget is an error, never "no path"; an answer is the true one.
        match distance {
            Ok(found) => prop_assert_eq!(found, brute(&g, a % n, b % n)),
            Err(e) => prop_assert!(matches!(e, QueryError::BudgetExhausted { field: "budget", budget: b } if b == budget), "{}", e),
        }
    }
}

#[test]
fn unknown_ends_are_errors() {
    let g = build(2, &[(0, 0, 1)]);
    let mut finder = g.path_finder();
    assert!(finder.distance("x0", "nowhere").is_err());
    assert_eq!(finder.distance("x0", "x1").expect("known"), Some(1));
}
