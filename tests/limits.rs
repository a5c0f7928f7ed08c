//! Queries whose answer grows with the square of their input refuse input past a
//! documented limit, with an error that says which setting and why, instead of
//! allocating without bound (docs/errors.md, "Limits").

use stancegraph::model::Actor;
use stancegraph::query::{MAX_SIMILARITY_ACTORS, QueryError, blocs::MAX_MATRIX_ACTORS};
use stancegraph::{ActorKind, Graph, GraphBuilder};

fn many_actors(n: usize) -> Graph {
    let mut b = GraphBuilder::new();
    for i in 0..n {
        b.add_actor(Actor::new(format!("a{i}"), format!("Actor {i}"), ActorKind::State));
    }
    b.build().expect("distinct keys")
}

#[test]
fn alignment_matrix_and_blocs_refuse_more_than_the_limit() {
    let g = many_actors(MAX_MATRIX_ACTORS + 1);
    let all: Vec<_> = g.actors().map(|a| a.id()).collect();
    for err in [g.alignment_matrix(&all).compute().unwrap_err(), g.blocs(&all).compute().unwrap_err()] {
        assert!(matches!(err, QueryError::InvalidSetting { field: "actors", .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "query setting `actors`: 2001 is invalid (at most 2000 actors in a matrix (MAX_MATRIX_ACTORS))"
        );
    }
    // At the limit's scale a smaller set still works.
    assert_eq!(g.alignment_matrix(&all[..40]).compute().unwrap().scores().len(), 40 * 39 / 2);
}

#[test]
fn the_similarity_matrix_refuses_more_than_the_limit_but_pairs_still_answer() {
    let g = many_actors(MAX_SIMILARITY_ACTORS + 1);
    let p = g.stance_profiles(g.actors().map(|a| a.id())).compute().unwrap();
    let err = p.similarities().unwrap_err();
    assert!(err.to_string().contains("at most 4096 actors"), "{err}");
    assert_eq!(p.similarity(0, MAX_SIMILARITY_ACTORS), 0.0, "no statements: no similarity");
    let small = g.stance_profiles(g.actors().take(3).map(|a| a.id())).compute().unwrap();
    assert_eq!(small.similarities().unwrap().len(), 9);
}
