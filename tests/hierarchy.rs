//! The actor hierarchy: parents, children, ancestors, descendants, tops, chains.

use stancegraph::model::{Actor, Relation};
use stancegraph::{ActorKind, Graph, GraphBuilder, RelationKind};

/// state ← {gov ← {spokes, mfa ← envoy}, army, media}; council member of two bodies.
fn tree() -> Graph {
    let mut b = GraphBuilder::new();
    for (key, kind) in [
        ("state", ActorKind::State),
        ("gov", ActorKind::Government),
        ("spokes", ActorKind::Person),
        ("mfa", ActorKind::Ministry),
        ("envoy", ActorKind::Person),
        ("army", ActorKind::Military),
        ("media", ActorKind::Media),
        ("bloc", ActorKind::InternationalOrganization),
        ("council", ActorKind::Council),
    ] {
        b.add_actor(Actor::new(key, key.to_uppercase(), kind));
    }
    for (from, kind, to) in [
        ("gov", RelationKind::GovernmentOf, "state"),
        ("spokes", RelationKind::HoldsOffice, "gov"),
        ("mfa", RelationKind::PartOf, "gov"),
        ("envoy", RelationKind::HoldsOffice, "mfa"),
        ("army", RelationKind::PartOf, "state"),
        ("media", RelationKind::StateMediaOf, "state"),
        ("council", RelationKind::PartOf, "state"),
        ("council", RelationKind::MemberOf, "bloc"),
    ] {
        b.add_relation(Relation::new(from, kind, to));
    }
    b.build().unwrap()
}

fn keys<'g>(actors: impl Iterator<Item = stancegraph::ActorRef<'g>>) -> Vec<&'g str> {
    actors.map(|a| a.key()).collect()
}

#[test]
fn descendants_include_every_sibling_breadth_first() {
    let g = tree();
    let state = g.actor_by_key("state").unwrap().id();
    assert_eq!(keys(g.children(state)), ["gov", "army", "media", "council"]);
    assert_eq!(keys(g.descendants(state)), ["gov", "army", "media", "council", "spokes", "mfa", "envoy"]);
}

#[test]
fn ancestors_follow_every_parent() {
    let g = tree();
    let envoy = g.actor_by_key("envoy").unwrap().id();
    assert_eq!(keys(g.ancestors(envoy)), ["mfa", "gov", "state"]);
    let council = g.actor_by_key("council").unwrap().id();
    assert_eq!(keys(g.parents(council)), ["state", "bloc"]);
    assert_eq!(keys(g.ancestors(council)), ["state", "bloc"]);
    assert_eq!(keys(g.tops(council)), ["state", "bloc"]);
    assert_eq!(keys(g.tops(g.actor_by_key("state").unwrap().id())), ["state"]);
}

#[test]
fn chain_up_follows_first_parents() {
    let g = tree();
    let envoy = g.actor_by_key("envoy").unwrap().id();
    assert_eq!(keys(g.chain_up(envoy)), ["envoy", "mfa", "gov", "state"]);
    let council = g.actor_by_key("council").unwrap().id();
    assert_eq!(keys(g.chain_up(council)), ["council", "state"]);
}

#[test]
fn is_within_is_reflexive_and_follows_the_hierarchy_only() {
    let g = tree();
    let id = |k| g.actor_by_key(k).unwrap().id();
    assert!(g.is_within(id("envoy"), id("state")));
    assert!(g.is_within(id("state"), id("state")));
    assert!(g.is_within(id("council"), id("bloc")));
    assert!(!g.is_within(id("army"), id("gov")));
    assert!(!g.is_within(id("state"), id("envoy")));
}

/// View iterators borrow the graph, not the view, so they chain in closures.
#[test]
fn view_iterators_outlive_the_view() {
    let g = stancegraph::datasets::strait_incident();
    let targets: Vec<&str> = g.statements().flat_map(|s| s.targets()).map(|t| t.actor.key()).collect();
    assert!(targets.contains(&"lemuria"));
    let outlets = g.statements().flat_map(|s| s.via()).count();
    let chains = g.statements().flat_map(|s| s.speaker_chain()).count();
    let members = g.actors().flat_map(|a| a.children()).count();
    let aliases = g.actors().flat_map(|a| a.aliases()).count();
    let participants = g.events().flat_map(|e| e.participants()).count();
    assert!(outlets > 0 && chains > 0 && members > 0 && aliases > 0 && participants > 0);
}
