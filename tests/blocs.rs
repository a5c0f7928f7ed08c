//! Alignment matrices and blocs by structural balance.

use proptest::prelude::*;
use stancegraph::Graph;
use stancegraph::query::{QueryError, SignedTie, partition};

fn seed() -> Graph {
    stancegraph::datasets::belarus_missile()
}

fn id(g: &Graph, key: &str) -> stancegraph::ActorId {
    g.actor_by_key(key).map(|a| a.id()).expect("seed actor")
}

#[test]
fn the_seed_splits_into_russia_with_belarus_and_ukraine_apart() -> Result<(), QueryError> {
    let g = seed();
    let blocs = g.blocs(["russia", "belarus", "ukraine", "poland"]).compute()?;
    assert!(blocs.exact);
    assert!(blocs.together(id(&g, "russia"), id(&g, "belarus")));
    assert!(!blocs.together(id(&g, "russia"), id(&g, "ukraine")));
    assert!(!blocs.together(id(&g, "belarus"), id(&g, "ukraine")));
    assert_eq!(blocs.frustration, 0.0);
    assert!(blocs.contradicting.is_empty());
    // Poland has no ties in the data, so it joins nobody.
    let poland = blocs.group_of(id(&g, "poland")).expect("placed");
    assert_eq!(blocs.groups[poland], [id(&g, "poland")]);
    Ok(())
}

#[test]
fn the_matrix_holds_every_pair_once() -> Result<(), QueryError> {
    let g = seed();
    let m = g.alignment_matrix(["russia", "belarus", "ukraine", "Moscow"]).compute()?;
    assert_eq!(m.actors.len(), 3, "repeats are dropped");
    assert_eq!(m.scores().len(), 3);
    assert_eq!(m.score(1, 1), 1.0);
    assert_eq!(m.score(0, 1), m.score(1, 0));
    let direct = g.alignment("russia", "ukraine").compute()?;
    assert_eq!(m.between(id(&g, "ukraine"), id(&g, "russia")), Some(direct));
    assert!(g.alignment_matrix(["russia", "Atlantis"]).compute().is_err());
    Ok(())
}

#[test]
fn frustration_reports_the_contradicting_ties() {
    // A triangle of three mutual friendships but one enmity cannot be balanced.
    let ties = [
        SignedTie { a: 0, b: 1, weight: 1.0 },
        SignedTie { a: 1, b: 2, weight: 1.0 },
        SignedTie { a: 0, b: 2, weight: -0.4 },
    ];
    let p = partition(3, &ties, 14);
    assert!(p.exact);
    assert_eq!(p.groups, [vec![0, 1, 2]]);
    assert!((p.frustration - 0.4).abs() < 1e-12);
    assert_eq!(p.contradicting, [ties[2]]);
}

#[test]
fn the_heuristic_does_not_join_an_actor_to_strangers() {
    // 2 and 3 are friends; 2 has no tie to 1. Greedy placement once put 2 with 1
    // (no cost yet) and then could not bring 3 along without frustration.
    let ties = [
        SignedTie { a: 0, b: 1, weight: -0.55 },
        SignedTie { a: 0, b: 2, weight: -0.91 },
        SignedTie { a: 1, b: 3, weight: -0.23 },
        SignedTie { a: 2, b: 3, weight: 0.05 },
    ];
    let p = partition(4, &ties, 0);
    assert_eq!(p.frustration, 0.0);
    assert_eq!(p.groups, [vec![0], vec![1], vec![2, 3]]);
}

#[test]
fn large_parts_use_the_heuristic_and_say_so() {
    // Two camps of 12, friends within, foes across: 24 actors in one part.
    let mut ties = Vec::new();
    for a in 0..24 {
        for b in a + 1..24 {
            ties.push(SignedTie { a, b, weight: if (a < 12) == (b < 12) { 1.0 } else { -1.0 } });
        }
    }
    let p = partition(24, &ties, 14);
    assert!(!p.exact);
    assert_eq!(p.frustration, 0.0);
    assert_eq!(p.groups, [(0..12).collect::<Vec<_>>(), (12..24).collect()]);
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

/// A perfectly balanced signed graph: a hidden grouping, positive ties inside
/// groups and negative ties between them, some pairs left without a tie.
fn balanced(max: usize) -> impl Strategy<Value = (usize, Vec<SignedTie>)> {
    (2usize..=max).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec(0usize..4, n),
            proptest::collection::vec((any::<bool>(), 0.05f64..1.0), n * (n - 1) / 2),
        )
            .prop_map(|(n, group, pairs)| {
                let mut ties = Vec::new();
                let mut k = 0;
                for a in 0..n {
                    for b in a + 1..n {
                        let (present, w) = pairs[k];
                        k += 1;
                        if present {
                            ties.push(SignedTie { a, b, weight: if group[a] == group[b] { w } else { -w } });
                        }
                    }
                }
                (n, ties)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn balanced_graphs_have_zero_frustration((n, ties) in balanced(12)) {
        let p = partition(n, &ties, 14);
        prop_assert!(p.exact);
        prop_assert_eq!(p.frustration, 0.0);
        prop_assert!(p.contradicting.is_empty());
        // Every item is placed exactly once.
        let mut all: Vec<usize> = p.groups.concat();
        all.sort_unstable();
        prop_assert_eq!(all, (0..n).collect::<Vec<_>>());
    }

    #[test]
    fn exact_search_is_never_worse_than_the_heuristic((n, ties) in balanced(9), flips in proptest::collection::vec(any::<bool>(), 36)) {
        // Unbalance the graph by flipping some signs.
        let ties: Vec<SignedTie> = ties.iter().zip(flips.iter().cycle()).map(|(t, &f)| SignedTie { weight: if f { -t.weight } else { t.weight }, ..*t }).collect();
        let exact = partition(n, &ties, 14);
        let heuristic = partition(n, &ties, 0);
        prop_assert!(exact.frustration <= heuristic.frustration + 1e-9);
        // The reported frustration is the weight of the reported contradictions.
        let sum: f64 = exact.contradicting.iter().map(|t| t.weight.abs()).sum();
        prop_assert!((sum - exact.frustration).abs() < 1e-9);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn the_heuristic_also_balances_balanced_graphs((n, ties) in balanced(30)) {
        let p = partition(n, &ties, 0);
        prop_assert_eq!(p.frustration, 0.0);
    }
}
