//! Paths between actors: shortest, all simple paths, k shortest, with explanations.

use std::collections::{BTreeSet, VecDeque};

use proptest::prelude::*;
use stancegraph::model::{Actor, Relation, Statement, Target};
use stancegraph::query::QueryError;
use stancegraph::{ActorKind, Graph, GraphBuilder, RelationKind};

fn seed() -> Graph {
    stancegraph::datasets::belarus_missile()
}

fn keys(path: &stancegraph::query::Path<'_>) -> Vec<String> {
    path.actors().map(|a| a.key().to_owned()).collect()
}

#[test]
fn peskov_reaches_volfovich_and_explains_every_hop() -> Result<(), QueryError> {
    let g = seed();
    let path = g.paths("peskov", "volfovich").shortest()?.expect("Peskov and Volfovich are connected");
    assert_eq!(
        keys(&path),
        ["peskov", "kremlin", "russia", "belarus", "belarus-security-council", "volfovich"]
    );
    let clauses = path.clauses();
    assert_eq!(clauses.len(), path.len());
    assert!(clauses[0].starts_with("Dmitry Peskov is spokesman of Kremlin ("), "{}", clauses[0]);
    assert!(clauses[1].starts_with("Kremlin governs Russia"));
    assert!(clauses[2].starts_with("Russia is allied with Belarus"));
    // Every hop cites its paragraph.
    assert!(clauses.iter().all(|c| c.contains('¶')), "{clauses:?}");
    assert!(path.citations().iter().all(|c| !c.is_empty()));
    assert_eq!(path.explanation(), clauses.join(" · "));
    assert_eq!(path.to_string(), path.explanation());
    Ok(())
}

#[test]
fn aliases_resolve_and_unknown_actors_are_errors() {
    let g = seed();
    assert!(g.paths("Moscow", "Kyiv").shortest().is_ok_and(|p| p.is_some()));
    let err = g.paths("peskov", "Atlantis").shortest().unwrap_err();
    assert!(matches!(err, QueryError::Actor { field: "to", .. }));
    assert!(err.to_string().contains("`Atlantis`"), "{err}");
    assert!(g.paths("Atlantis", "peskov").all_simple().is_err());
    assert!(g.paths("Atlantis", "peskov").k_shortest(2).is_err());
}

#[test]
fn no_path_is_an_empty_answer() -> Result<(), QueryError> {
    let g = seed();
    // Nothing but alliances: Peskov has none.
    let only_ally = || g.paths("peskov", "volfovich").kinds([RelationKind::Ally]);
    assert!(only_ally().shortest()?.is_none());
    assert!(only_ally().all_simple()?.is_empty());
    assert!(only_ally().k_shortest(3)?.is_empty());
    // An actor no relation touches is unreachable, but it is not an error.
    assert!(g.paths("wsj", "russia").shortest()?.is_none());
    Ok(())
}

#[test]
fn a_path_to_oneself_has_no_hops() -> Result<(), QueryError> {
    let g = seed();
    let p = g.paths("belarus", "Minsk").shortest()?.expect("trivial path");
    assert!(p.is_empty());
    assert_eq!(keys(&p), ["belarus"]);
    Ok(())
}

#[test]
fn direction_matters_when_asked() -> Result<(), QueryError> {
    let g = seed();
    // Peskov → Kremlin → Russia follows the relations' own direction ...
    let up = g.paths("peskov", "russia").directed().shortest()?.expect("upward path");
    assert_eq!(up.len(), 2);
    // ... but nothing leads from Russia down to Peskov.
    assert!(g.paths("russia", "peskov").directed().shortest()?.is_none());
    assert!(g.paths("russia", "peskov").shortest()?.is_some());
    Ok(())
}

#[test]
fn spoke_about_hops_are_opt_in() -> Result<(), QueryError> {
    let g = seed();
    // WSJ has no relations, but it spoke about Belarus.
    assert!(g.paths("wsj", "belarus").shortest()?.is_none());
    let p = g.paths("wsj", "belarus").through_statements().shortest()?.expect("WSJ spoke about Belarus");
    assert_eq!(p.len(), 1);
    let wsj = g.resolve("wsj").map(|a| a.name()).unwrap_or_default();
    assert!(p.explanation().starts_with(&format!("{wsj} spoke about Belarus: ")), "{p}");
    assert!(p.explanation().contains("wsj-2022-12-30 ¶"), "{p}");
    // Directed: Volfovich spoke about Ukraine, Ukraine never spoke about Volfovich.
    assert!(g.paths("volfovich", "ukraine").kinds([]).through_statements().directed().shortest()?.is_some());
    assert!(g.paths("ukraine", "volfovich").kinds([]).through_statements().directed().shortest()?.is_none());
    Ok(())
}

#[test]
fn all_simple_and_k_shortest_come_shortest_first() -> Result<(), QueryError> {
    let g = seed();
    let all = g.paths("peskov", "volfovich").max_len(7).all_simple()?;
    assert!(!all.is_truncated());
    assert!(all.len() > 1);
    assert!(all.windows(2).all(|w| (w[0].len(), w[0].actor_ids()) < (w[1].len(), w[1].actor_ids())));
    let k = g.paths("peskov", "volfovich").max_len(7).k_shortest(4)?;
    let k_lens: Vec<usize> = k.iter().map(|p| p.len()).collect();
    let all_lens: Vec<usize> = all.iter().take(4).map(|p| p.len()).collect();
    assert_eq!(k_lens, all_lens);
    // The same query twice gives the same answer.
    let again = g.paths("peskov", "volfovich").max_len(7).all_simple()?;
    assert_eq!(all.iter().map(keys).collect::<Vec<_>>(), again.iter().map(keys).collect::<Vec<_>>());
    Ok(())
}

#[test]
fn bounds_cut_the_search_and_say_so() -> Result<(), QueryError> {
    let g = seed();
    let capped = g.paths("peskov", "volfovich").max_len(8).limit(2).all_simple()?;
    assert_eq!(capped.len(), 2);
    assert!(capped.is_truncated());
    assert!(g.paths("peskov", "volfovich").k_shortest(1001).is_err());
    let starved = g.paths("peskov", "volfovich").budget(3).all_simple()?;
    assert!(starved.is_truncated());
    Ok(())
}

/// A chain `c0 — c1 — … — c{n-1}` of alliances, and an actor with no relation.
fn chain(n: usize) -> Graph {
    let mut b = GraphBuilder::new();
    for i in 0..n {
        b.add_actor(Actor::new(format!("c{i}"), format!("C {i}"), ActorKind::State));
    }
    b.add_actor(Actor::new("alone", "Alone", ActorKind::State));
    for i in 1..n {
        b.add_relation(Relation::new(format!("c{}", i - 1), RelationKind::Ally, format!("c{i}")));
    }
    b.build().expect("valid chain")
}

#[test]
fn a_search_that_runs_out_of_budget_says_so_instead_of_no_path() {
    // Issue 15, D14: both used to answer Ok(None), "not connected", on giving up.
    let g = chain(60);
    let last = "c59";
    assert_eq!(g.paths("c0", last).distance(), Ok(Some(59)));
    assert_eq!(g.paths("c0", last).shortest().map(|p| p.map(|p| p.len())), Ok(Some(59)));
    // The flat search (every kind) and the general one (a kind filter) alike.
    for q in [g.paths("c0", last).budget(10), g.paths("c0", last).kinds([RelationKind::Ally]).budget(10)] {
        let gave_up = Err(QueryError::BudgetExhausted { field: "budget", budget: 10 });
        assert_eq!(q.distance(), gave_up);
        assert_eq!(q.shortest().map(|p| p.map(|p| p.len())), gave_up);
        assert_eq!(
            q.shortest().unwrap_err().to_string(),
            "query setting `budget`: the search gave up after 10 actor expansions, before it knew the answer"
        );
    }
    // Enough budget gives the answer; a search that ends within it is a true "no path".
    assert_eq!(g.paths("c0", last).budget(60).distance(), Ok(Some(59)));
    assert_eq!(g.paths("c0", "c1").budget(1).shortest().map(|p| p.map(|p| p.len())), Ok(Some(1)));
    // (From `alone`, whose side of the search runs dry after one expansion.)
    assert_eq!(g.paths("alone", "c0").budget(1).distance(), Ok(None));
    assert!(g.paths("alone", "c0").budget(1).shortest().is_ok_and(|p| p.is_none()));
    // Without a budget the search is linear in the graph and has no cap.
    let long = chain(3000);
    assert_eq!(long.paths("c0", "c2999").distance(), Ok(Some(2999)));
    assert_eq!(long.paths("c0", "c2999").kinds([RelationKind::Ally]).distance(), Ok(Some(2999)));
}

#[test]
fn zero_bounds_are_invalid_settings() {
    // Issue 15, D14: `budget(0)` answered "no path" even for neighbours.
    let g = chain(3);
    for (q, field) in [
        (g.paths("c0", "c1").budget(0), "budget"),
        (g.paths("c0", "c1").limit(0), "limit"),
        (g.paths("c0", "c1").max_len(0), "max_len"),
    ] {
        let invalid = |e: QueryError| matches!(e, QueryError::InvalidSetting { field: f, .. } if f == field);
        assert!(q.shortest().is_err_and(invalid), "{field}");
        assert!(q.distance().is_err_and(invalid), "{field}");
        assert!(q.all_simple().is_err_and(invalid), "{field}");
        assert!(q.k_shortest(2).is_err_and(invalid), "{field}");
    }
    let err = g.paths("c0", "c1").budget(0).distance().unwrap_err();
    assert_eq!(
        err.to_string(),
        "query setting `budget`: 0 is invalid (must allow at least 1 actor expansion)"
    );
}

// ---- property tests against brute force -----------------------------------------

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

const KINDS: [RelationKind; 5] = [
    RelationKind::Ally,
    RelationKind::Hostile,
    RelationKind::Borders,
    RelationKind::Supports,
    RelationKind::Condemns,
];

/// A random graph of `n` actors `a0 ..` with relations `(from, kind index, to)`.
fn random_graph(n: usize, edges: &[(usize, usize, usize)], statements: &[(usize, usize)]) -> Graph {
    let mut b = GraphBuilder::new();
    for i in 0..n {
        b.add_actor(Actor::new(format!("a{i}"), format!("Actor {i}"), ActorKind::State));
    }
    let mut seen = BTreeSet::new();
    for &(f, k, t) in edges {
        if f != t && seen.insert((f, k, t)) {
            b.add_relation(Relation::new(format!("a{f}"), KINDS[k], format!("a{t}")));
        }
    }
    for (i, &(s, t)) in statements.iter().enumerate() {
        b.add_statement(
            Statement::new(format!("s{i}"), format!("a{s}"), "2030-01-01".parse().expect("date"))
                .paraphrase("said something")
                .target(Target::new(format!("a{t}"), 0.5)),
        );
    }
    b.build().expect("random graph is valid")
}

/// Adjacency built directly from the input, independent of the library.
fn adjacency(
    n: usize,
    edges: &[(usize, usize, usize)],
    statements: &[(usize, usize)],
    kinds: &[usize],
    directed: bool,
) -> Vec<BTreeSet<usize>> {
    let mut adj = vec![BTreeSet::new(); n];
    for &(f, k, t) in edges {
        if f != t && kinds.contains(&k) {
            adj[f].insert(t);
            if !directed {
                adj[t].insert(f);
            }
        }
    }
    for &(s, t) in statements {
        if s != t {
            adj[s].insert(t);
            if !directed {
                adj[t].insert(s);
            }
        }
    }
    adj
}

fn brute_bfs(adj: &[BTreeSet<usize>], a: usize, b: usize) -> Option<usize> {
    let mut dist = vec![usize::MAX; adj.len()];
    dist[a] = 0;
    let mut q = VecDeque::from([a]);
    while let Some(v) = q.pop_front() {
        for &u in &adj[v] {
            if dist[u] == usize::MAX {
                dist[u] = dist[v] + 1;
                q.push_back(u);
            }
        }
    }
    (dist[b] != usize::MAX).then_some(dist[b])
}

/// Every simple path from the end of `path` to `to` with at most `max` hops.
fn brute_paths(
    adj: &[BTreeSet<usize>],
    to: usize,
    max: usize,
    path: &mut Vec<usize>,
    out: &mut Vec<Vec<usize>>,
) {
    let Some(&at) = path.last() else { return };
    if at == to {
        out.push(path.clone());
        return;
    }
    if path.len() > max {
        return; // already `max` hops
    }
    for &u in &adj[at] {
        if !path.contains(&u) {
            path.push(u);
            brute_paths(adj, to, max, path, out);
            path.pop();
        }
    }
}

/// The path's actors as the indices of their keys `a<i>`.
fn indices(p: &stancegraph::query::Path<'_>) -> Vec<usize> {
    p.actors().map(|a| a.key()[1..].parse::<usize>().expect("keys are a<i>")).collect()
}

/// Actor count, relations `(from, kind, to)` and statements `(speaker, target)`.
type Input = (usize, Vec<(usize, usize, usize)>, Vec<(usize, usize)>);

fn graph_input() -> impl Strategy<Value = Input> {
    (2usize..9).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec((0..n, 0..KINDS.len(), 0..n), 0..(2 * n)),
            proptest::collection::vec((0..n, 0..n), 0..n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn shortest_length_matches_brute_force_bfs(
        (n, edges, statements) in graph_input(),
        a in 0usize..9, b in 0usize..9, directed in any::<bool>(), spoke in any::<bool>(), kinds in proptest::collection::btree_set(0..KINDS.len(), 0..=KINDS.len()),
    ) {
        let (a, b) = (a % n, b % n);
        let g = random_graph(n, &edges, &statements);
        let kinds: Vec<usize> = kinds.into_iter().collect();
        let used: &[(usize, usize)] = if spoke { &statements } else { &[] };
        let adj = adjacency(n, &edges, used, &kinds, directed);
        let mut q = g.paths(format!("a{a}"), format!("a{b}")).kinds(kinds.iter().map(|&k| KINDS[k]));
        if directed { q = q.directed(); }
        if spoke { q = q.through_statements(); }
        let found = q.shortest().expect("known actors");
        prop_assert_eq!(found.as_ref().map(|p| p.len()), brute_bfs(&adj, a, b));
        if let Some(p) = found {
            // The path is walkable hop by hop in the reference adjacency.
            let ids = indices(&p);
            prop_assert!(ids.windows(2).all(|w| adj[w[0]].contains(&w[1])));
            prop_assert_eq!(p.clauses().len(), p.len());
        }
    }

    #[test]
    fn all_simple_paths_match_brute_force_enumeration(
        (n, edges, statements) in graph_input(),
        a in 0usize..9, b in 0usize..9, directed in any::<bool>(), max in 1usize..6,
    ) {
        // Two distinct actors.
        let a = a % n;
        let b = (a + 1 + b % (n - 1)) % n;
        let g = random_graph(n, &edges, &statements);
        let all_kinds: Vec<usize> = (0..KINDS.len()).collect();
        let adj = adjacency(n, &edges, &[], &all_kinds, directed);
        let mut expected = Vec::new();
        brute_paths(&adj, b, max, &mut vec![a], &mut expected);
        expected.sort_by(|x, y| (x.len(), x).cmp(&(y.len(), y)));
        let mut q = g.paths(format!("a{a}"), format!("a{b}")).max_len(max);
        if directed { q = q.directed(); }
        let found = q.all_simple().expect("known actors");
        prop_assert!(!found.is_truncated());
        let got: Vec<Vec<usize>> = found.iter().map(|p| indices(p)).collect();
        prop_assert_eq!(&got, &expected);

        // petgraph agrees on the count (undirected: on an undirected copy).
        if !directed {
            let mut pg = petgraph::graph::UnGraph::<(), ()>::new_undirected();
            let nodes: Vec<_> = (0..n).map(|_| pg.add_node(())).collect();
            for (v, near) in adj.iter().enumerate() {
                for &u in near {
                    if v < u { pg.add_edge(nodes[v], nodes[u], ()); }
                }
            }
            let count = petgraph::algo::all_simple_paths::<Vec<_>, _, std::hash::RandomState>(&pg, nodes[a], nodes[b], 0, Some(max - 1)).count();
            prop_assert_eq!(count, expected.len());
        }

        // The k shortest have the lengths of the first k simple paths.
        let k = 5;
        let mut q = g.paths(format!("a{a}"), format!("a{b}")).max_len(max);
        if directed { q = q.directed(); }
        let ks = q.k_shortest(k).expect("known actors");
        let k_lens: Vec<usize> = ks.iter().map(|p| p.len()).collect();
        let e_lens: Vec<usize> = expected.iter().take(k).map(|p| p.len() - 1).collect();
        prop_assert_eq!(k_lens, e_lens);
        let distinct: BTreeSet<Vec<usize>> = ks.iter().map(|p| indices(p)).collect();
        prop_assert_eq!(distinct.len(), ks.len());
    }
}
