//! Looking actors up by key, name or alias.

use stancegraph::model::Actor;
use stancegraph::{ActorKind, GraphBuilder, LookupError};

#[test]
fn key_wins_then_a_unique_name_or_alias() {
    let mut b = GraphBuilder::new();
    b.add_actor(Actor::new("capital", "Capital City", ActorKind::Region))
        .add_actor(Actor::new("north", "North", ActorKind::State).with_alias("Capital"))
        .add_actor(
            Actor::new("north-gov", "Northern Government", ActorKind::Government).with_alias("capital"),
        )
        .add_actor(Actor::new("south", "South", ActorKind::State).with_alias("Southland"));
    let g = b.build().unwrap();

    // The exact key wins over aliases that fold to the same text.
    assert_eq!(g.resolve("capital").unwrap().key(), "capital");
    // Names and aliases resolve case- and spacing-insensitively.
    assert_eq!(g.resolve("  southLAND ").unwrap().key(), "south");
    assert_eq!(g.resolve("capital city").unwrap().key(), "capital");
    // An alias shared by two actors is ambiguous, and the error lists them in order.
    assert_eq!(
        g.resolve("CAPITAL").unwrap_err(),
        LookupError::Ambiguous {
            name: "CAPITAL".into(),
            candidates: vec!["capital".into(), "north".into(), "north-gov".into()]
        }
    );
    assert_eq!(
        g.resolve("Atlantis").unwrap_err().to_string(),
        "no actor has the key, name or alias `Atlantis`"
    );
}

#[test]
fn many_actors_resolve_by_name() {
    let mut b = GraphBuilder::new();
    for i in 0..5_000 {
        b.add_actor(Actor::new(format!("a{i}"), format!("Actor number {i}"), ActorKind::Organization));
    }
    let g = b.build().unwrap();
    for i in (0..5_000).step_by(97) {
        assert_eq!(g.resolve(&format!("actor NUMBER {i}")).unwrap().key(), format!("a{i}"));
    }
    assert!(g.resolve("actor number 5000").is_err());
}
