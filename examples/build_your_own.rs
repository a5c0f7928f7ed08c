//! Encode a different incident through the builder, and see how mistakes are reported.
//!
//! Run with `cargo run --example build_your_own`. The incident is made up: a research
//! vessel detained in a disputed strait, and the protests that follow.

use stancegraph::model::{Actor, Citation, Event, Participant, Relation, Source, Statement, Target};
use stancegraph::{ActorKind, EventKind, GraphBuilder, Hedge, RelationKind, Role, StatementKind};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cite = |p: u32| Citation::new("harbour-daily").paragraph(p);
    let mut b = GraphBuilder::new();
    b.add_source(
        Source::new("harbour-daily", "Research vessel held in strait").with_date("2031-03-02".parse()?),
    )
    .add_actor(Actor::new("arcadia", "Arcadia", ActorKind::State).with_alias("Port Arcas").cite(cite(1)))
    .add_actor(Actor::new("borealis", "Borealis", ActorKind::State).cite(cite(1)))
    .add_actor(Actor::new("arcadia-coastguard", "Arcadian Coast Guard", ActorKind::Military).cite(cite(1)))
    .add_actor(Actor::new("borealis-mfa", "Borealian Foreign Ministry", ActorKind::Ministry).cite(cite(2)))
    .add_actor(Actor::new("lind", "Mara Lind", ActorKind::Person).cite(cite(3)))
    .add_actor(Actor::new("arcadia-news", "Arcadia News Agency", ActorKind::Media).cite(cite(3)))
    .add_relation(Relation::new("arcadia-coastguard", RelationKind::PartOf, "arcadia"))
    .add_relation(Relation::new("borealis-mfa", RelationKind::PartOf, "borealis"))
    .add_relation(
        Relation::new("lind", RelationKind::HoldsOffice, "arcadia")
            .with_title("interior minister")
            .cite(cite(3)),
    )
    .add_relation(Relation::new("arcadia-news", RelationKind::StateMediaOf, "arcadia"))
    .add_relation(
        Relation::new("arcadia", RelationKind::Hostile, "borealis").since("2030".parse()?).cite(cite(4)),
    )
    .add_event(
        Event::new("detention", EventKind::Incident, "Research vessel detained")
            .on("2031-03-01".parse()?)
            .with(Participant::new("arcadia-coastguard", Role::Agent))
            .with(Participant::new("borealis", Role::Target))
            .cite(cite(1)),
    )
    .add_statement(
        Statement::new("coastguard-routine", "arcadia-coastguard", "2031-03-01".parse()?)
            .with_kind(StatementKind::Reassurance)
            .paraphrase("describes the boarding as a routine inspection")
            .target(Target::new("borealis", 0.0))
            .about("detention")
            .cite(cite(1)),
    )
    .add_statement(
        Statement::new("borealis-protest", "borealis-mfa", "2031-03-02".parse()?)
            .with_kind(StatementKind::Protest)
            .quote("piracy")
            .target(Target::new("arcadia", -0.8))
            .about("detention")
            .framing("piracy")
            .cite(cite(2)),
    )
    .add_statement(
        Statement::new("lind-spying", "lind", "2031-03-02".parse()?)
            .with_order(1)
            .with_kind(StatementKind::Accusation)
            .quote("may have been gathering intelligence")
            .with_hedge(Hedge::Possible)
            .target(Target::new("borealis", -0.6))
            .via("arcadia-news")
            .cite(cite(3)),
    );
    let graph = b.build()?;

    println!("{} actors, {} statements", graph.actor_count(), graph.statement_count());
    let arcadia = graph.resolve("Port Arcas")?;
    println!("\nEverything said within {}:", arcadia.name());
    for s in graph.statements_chronological().filter(|s| graph.is_within(s.speaker().id(), arcadia.id())) {
        let via: Vec<&str> = s.via().map(|a| a.name()).collect();
        let via = if via.is_empty() { String::new() } else { format!(" (via {})", via.join(", ")) };
        println!("  {} {} ({}, {}): {}{via}", s.date(), s.speaker().name(), s.kind(), s.hedge(), s.text());
    }

    // Mistakes are reported all at once, each naming the item and field.
    let mut bad = GraphBuilder::new();
    bad.add_actor(Actor::new("arcadia", "Arcadia", ActorKind::State)).add_statement(
        Statement::new("typo", "arcadai", "2031-03-02".parse()?)
            .quote("")
            .target(Target::new("arcadia", 3.0)),
    );
    if let Err(e) = bad.build() {
        println!("\nA dataset with mistakes:\n{e}");
    }
    Ok(())
}
