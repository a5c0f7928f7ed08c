//! The queries on an incident that is not the seed: a fictional collision at sea,
//! built through the GraphBuilder.

use stancegraph::model::{Actor, Citation, Relation, Source, Statement, Target};
use stancegraph::query::{Component, QueryError};
use stancegraph::{ActorKind, Graph, GraphBuilder, Hedge, RelationKind, StatementKind};

fn date(text: &str) -> stancegraph::PartialDate {
    text.parse().expect("valid date")
}

fn cite(p: u32) -> Citation {
    Citation::new("herald").paragraph(p)
}

/// Atlantis and Mu are allies; Lemuria's coast guard rammed an Atlantean trawler.
fn incident() -> Graph {
    let mut b = GraphBuilder::new();
    b.add_source(Source::new("herald", "Trawler rammed off the reef"));
    for (key, name, kind) in [
        ("atlantis", "Atlantis", ActorKind::State),
        ("lemuria", "Lemuria", ActorKind::State),
        ("mu", "Mu", ActorKind::State),
        ("atl-gov", "Atlantean Cabinet", ActorKind::Government),
        ("atl-fm", "Atlantean Foreign Office", ActorKind::Ministry),
        ("atl-spokes", "Ina Reef", ActorKind::Person),
        ("atl-navy", "Atlantean Navy", ActorKind::Military),
        ("lem-cg", "Lemurian Coast Guard", ActorKind::Military),
        ("lem-fm", "Lemurian Foreign Ministry", ActorKind::Ministry),
        ("lem-tv", "Lemuria Today", ActorKind::Media),
        ("mu-pm", "Prime Minister of Mu", ActorKind::Person),
    ] {
        b.add_actor(Actor::new(key, name, kind));
    }
    b.add_actor(Actor::new("lemuria-capital", "Lemuria City", ActorKind::Region));
    for (from, kind, to, p) in [
        ("atl-gov", RelationKind::GovernmentOf, "atlantis", 1),
        ("atl-fm", RelationKind::PartOf, "atl-gov", 1),
        ("atl-navy", RelationKind::PartOf, "atlantis", 2),
        ("lem-cg", RelationKind::PartOf, "lemuria", 2),
        ("lem-fm", RelationKind::PartOf, "lemuria", 3),
        ("lem-tv", RelationKind::StateMediaOf, "lemuria", 3),
        ("lemuria-capital", RelationKind::PartOf, "lemuria", 3),
        ("mu-pm", RelationKind::Leads, "mu", 4),
        ("atlantis", RelationKind::Ally, "mu", 4),
        ("atlantis", RelationKind::Hostile, "lemuria", 5),
        ("atl-fm", RelationKind::Summoned, "lem-fm", 6),
    ] {
        b.add_relation(Relation::new(from, kind, to).cite(cite(p)));
    }
    b.add_relation(
        Relation::new("atl-spokes", RelationKind::HoldsOffice, "atl-fm")
            .with_title("spokeswoman")
            .cite(cite(6)),
    );
    let s = |key: &str, who: &str, when: &str| Statement::new(key, who, date(when));
    for st in [
        s("atl-navy-calm", "atl-navy", "2031-06-01")
            .with_kind(StatementKind::Reassurance)
            .paraphrase("the crew is safe and there is no cause for alarm")
            .target(Target::new("lemuria", -0.1))
            .cite(cite(1)),
        s("atl-fm-protest", "atl-fm", "2031-06-01")
            .with_order(1)
            .with_kind(StatementKind::Protest)
            .quote("an unacceptable act")
            .target(Target::new("lemuria", -0.6))
            .cite(cite(2)),
        s("atl-spokes-provocation", "atl-spokes", "2031-06-02")
            .with_kind(StatementKind::Accusation)
            .quote("a reckless provocation")
            .with_hedge(Hedge::Likely)
            .target(Target::new("lem-cg", -0.9))
            .framing("reckless provocation")
            .via("lem-tv")
            .cite(cite(3)),
        s("lem-fm-provocation", "lem-fm", "2031-06-02")
            .with_kind(StatementKind::Accusation)
            .quote("a reckless provocation by Atlantean fishermen")
            .with_hedge(Hedge::Possible)
            .target(Target::new("atlantis", -0.7))
            .framing("reckless provocation")
            .cite(cite(4)),
        s("lem-fm-mu", "lem-fm", "2031-06-02")
            .with_order(1)
            .paraphrase("Mu should stay out of it")
            .target(Target::new("mu", -0.5))
            .cite(cite(4)),
        s("mu-pm-support", "mu-pm", "2031-06-03")
            .with_kind(StatementKind::Praise)
            .paraphrase("stands with Atlantis and condemns Lemuria")
            .target(Target::new("atlantis", 0.8))
            .target(Target::new("lemuria", -0.6))
            .cite(cite(5)),
        s("atl-gov-thanks-mu", "atl-gov", "2031-06-03")
            .with_kind(StatementKind::Praise)
            .paraphrase("thanks Mu for its support")
            .target(Target::new("mu", 0.9))
            .cite(cite(5)),
    ] {
        b.add_statement(st);
    }
    b.build().expect("the incident is valid")
}

fn id(g: &Graph, key: &str) -> stancegraph::ActorId {
    g.actor_by_key(key).map(|a| a.id()).expect("incident actor")
}

#[test]
fn who_said_what_rolls_up_through_the_cabinet() -> Result<(), QueryError> {
    let g = incident();
    let said = g.said().by("atlantis").rolled_up().statements()?;
    let keys: Vec<&str> = said.iter().map(|a| a.statement.key()).collect();
    assert_eq!(keys, ["atl-navy-calm", "atl-fm-protest", "atl-spokes-provocation", "atl-gov-thanks-mu"]);
    assert_eq!(said[2].chain_text(), "Ina Reef → Atlantean Foreign Office → Atlantean Cabinet → Atlantis");
    assert_eq!(said[2].outlets.iter().map(|o| o.key()).collect::<Vec<_>>(), ["lem-tv"]);
    let carried = g.said().via("Lemuria Today").count()?;
    assert_eq!(carried, 1);
    let about_lemuria =
        g.said().about_within("lemuria").between(date("2031-06-02"), date("2031-06-03")).count()?;
    assert_eq!(about_lemuria, 2);
    Ok(())
}

#[test]
fn paths_explain_themselves() -> Result<(), QueryError> {
    let g = incident();
    let p = g.paths("atl-spokes", "mu-pm").shortest()?.expect("connected");
    let keys: Vec<&str> = p.actors().map(|a| a.key()).collect();
    assert_eq!(keys, ["atl-spokes", "atl-fm", "atl-gov", "atlantis", "mu", "mu-pm"]);
    assert!(
        p.explanation().starts_with("Ina Reef is spokeswoman of Atlantean Foreign Office (herald ¶6) · ")
    );
    assert!(p.explanation().contains("Atlantis is allied with Mu (herald ¶4)"));
    assert!(p.explanation().ends_with("Mu is led by Prime Minister of Mu (herald ¶4)"), "{p}");
    let via_words = g.paths("atl-spokes", "mu-pm").through_statements().shortest()?.expect("connected");
    assert!(via_words.len() < p.len());
    let hostile = g.paths("atlantis", "lemuria").kinds([RelationKind::Ally]).all_simple()?;
    assert!(hostile.is_empty());
    Ok(())
}

#[test]
fn alignment_blocs_and_timelines() -> Result<(), QueryError> {
    let g = incident();
    let allies = g.alignment("atlantis", "mu").compute()?;
    assert!(allies.score > 0.5, "{}", allies.score);
    assert!(allies.component(Component::SharedStance).is_some_and(|s| s > 0.0));
    let foes = g.alignment("Atlantis", "Lemuria").compute()?;
    assert!(foes.score < 0.0);
    assert_eq!(foes, g.alignment("lemuria", "atlantis").compute()?);
    // The shared frame does not make them agree.
    assert!(g.framing("reckless provocation").is_shared());
    assert!(foes.component(Component::DirectStance).is_some_and(|d| d < 0.0));

    let blocs = g.blocs(["atlantis", "lemuria", "mu"]).compute()?;
    assert!(blocs.together(id(&g, "atlantis"), id(&g, "mu")));
    assert!(!blocs.together(id(&g, "atlantis"), id(&g, "lemuria")));
    assert_eq!(blocs.frustration, 0.0);

    let t = g.stance_timeline("atlantis", "lemuria").compute()?;
    let stances: Vec<f64> = t.steps().map(|s| s.stance).collect();
    assert_eq!(stances, [-0.1, -0.6, -0.9]);
    assert!(t.days[0].cumulative > t.days[1].cumulative);
    let early = g.alignment("atlantis", "lemuria").through("atl-navy-calm").compute()?;
    let later = g.alignment("atlantis", "lemuria").as_of(date("2031-06-02")).compute()?;
    assert!(early.score > later.score);
    Ok(())
}
