//! The seed dataset (`data/belarus-missile-2022-12-30.json`, the Wall Street
//! Journal's report of 30 December 2022) checked fact by fact through the public
//! read API. Each test reads as one line of the spec.

use std::collections::BTreeSet;

use stancegraph::model::Citation;
use stancegraph::{ActorRef, Graph, Hedge, PartialDate, RelationKind, StatementKind, StatementRef, datasets};

fn seed() -> Graph {
    datasets::belarus_missile()
}

fn actor<'g>(g: &'g Graph, key: &str) -> ActorRef<'g> {
    g.actor_by_key(key).unwrap_or_else(|| panic!("actor `{key}` is in the seed"))
}

fn date(text: &str) -> PartialDate {
    text.parse().expect("valid date")
}

fn keys<'g>(actors: impl Iterator<Item = ActorRef<'g>>) -> Vec<&'g str> {
    actors.map(|a| a.key()).collect()
}

fn has_framing(s: &StatementRef<'_>, tag: &str) -> bool {
    s.framing().any(|f| f == tag)
}

#[test]
fn peskov_speaks_for_the_kremlin_which_governs_russia() {
    let g = seed();
    let peskov = actor(&g, "peskov");
    assert_eq!(keys(g.chain_up(peskov.id())), ["peskov", "kremlin", "russia"]);

    let office = g.relations_of(peskov.id()).next().expect("Peskov has a relation");
    assert_eq!(office.kind(), RelationKind::HoldsOffice);
    assert_eq!(office.title(), Some("spokesman"));
    assert_eq!(office.to().key(), "kremlin");

    let kremlin = actor(&g, "kremlin");
    assert!(g.relations_of(kremlin.id()).any(|r| r.kind() == RelationKind::GovernmentOf
        && r.from().key() == "kremlin"
        && r.to().key() == "russia"));
}

#[test]
fn every_quote_of_volfovich_is_carried_by_russian_state_media() {
    let g = seed();
    let volfovich = actor(&g, "volfovich");
    let quotes: Vec<_> = g.statements_by(volfovich.id()).filter(|s| s.is_quote()).collect();
    assert!(quotes.len() >= 2, "the article quotes Volfovich twice");
    for s in quotes {
        assert_eq!(keys(s.via()), ["russian-state-media"], "{}", s.text());
    }
    // His own paraphrased words reached the article without a named outlet.
    assert!(g.statements_by(volfovich.id()).any(|s| !s.is_quote() && s.via().len() == 0));
}

#[test]
fn belta_carried_the_defense_ministrys_error_remark() {
    let g = seed();
    let ministry = actor(&g, "belarus-mod");
    let error: Vec<_> = g.statements_by(ministry.id()).filter(|s| s.text().contains("error")).collect();
    assert_eq!(error.len(), 1);
    let s = error[0];
    assert_eq!(keys(s.via()), ["belta"]);
    assert_eq!(s.hedge(), Hedge::Possible);
    assert_eq!(s.date(), date("2022-12-30"));
    assert_eq!(g.parents(actor(&g, "belta").id()).next().map(|a| a.key()), Some("belarus"));
}

#[test]
fn belarus_defense_ministrys_deliberate_provocation_is_hedged_possible() {
    let g = seed();
    let ministry = actor(&g, "belarus-mod");
    let ukraine = actor(&g, "ukraine");
    let s = g
        .statements_by(ministry.id())
        .find(|s| has_framing(s, "deliberate provocation"))
        .expect("the Defense Ministry's provocation remark");
    assert_eq!(s.hedge(), Hedge::Possible);
    assert_ne!(s.hedge(), Hedge::Asserted);
    assert_eq!(s.kind(), StatementKind::Accusation);
    assert_eq!(s.date(), date("2022-12-30"));
    assert!(s.stance_toward(ukraine.id()).is_some_and(|x| x <= -0.5));

    // Same words, opposite direction: Kyiv's possible provocation points at Russia.
    let russia = actor(&g, "russia");
    let kyiv = g
        .statements_by(ukraine.id())
        .find(|s| has_framing(s, "deliberate provocation"))
        .expect("Kyiv's provocation remark");
    assert_eq!(kyiv.hedge(), Hedge::Possible);
    assert!(kyiv.stance_toward(russia.id()).is_some_and(|x| x < 0.0));
    assert!(kyiv.stance_toward(ukraine.id()).is_none());
}

#[test]
fn brest_region_is_part_of_belarus() {
    let g = seed();
    let (brest, belarus) = (actor(&g, "brest-region"), actor(&g, "belarus"));
    assert!(g.is_within(brest.id(), belarus.id()));
    assert!(
        g.relations_of(brest.id())
            .any(|r| r.kind() == RelationKind::PartOf && r.from() == brest && r.to() == belarus)
    );
    assert_eq!(
        keys(g.chain_up(actor(&g, "brest-commissar").id())),
        ["brest-commissar", "brest-region", "belarus"]
    );
}

#[test]
fn ukrainian_ambassador_was_summoned_on_29_december() {
    let g = seed();
    let ambassador = actor(&g, "ukraine-ambassador");
    let summons = g
        .relations_of(ambassador.id())
        .find(|r| r.kind() == RelationKind::Summoned)
        .expect("a Summoned relation");
    assert_eq!(summons.from().key(), "belarus-mfa");
    assert_eq!(summons.to(), ambassador);
    assert_eq!(summons.start(), Some(date("2022-12-29")));
    assert_eq!(summons.end(), Some(date("2022-12-29")));

    let event = g.events().find(|e| e.kind() == stancegraph::EventKind::Summons).expect("a summons event");
    assert_eq!(event.date(), Some(date("2022-12-29")));
    assert!(event.participants().any(|p| p.actor == ambassador));
}

#[test]
fn lukashenko_signalled_no_troop_deployment() {
    let g = seed();
    let lukashenko = actor(&g, "lukashenko");
    let s = g
        .statements_by(lukashenko.id())
        .find(|s| s.kind() == StatementKind::Reassurance && s.text().contains("troops"))
        .expect("Lukashenko's reassurance about troops");
    assert!(s.citations().iter().any(|c| c.paragraph == Some(7)));
    assert_eq!(keys(g.chain_up(lukashenko.id())), ["lukashenko", "belarus"]);
}

#[test]
fn on_29_december_the_commissars_reassurance_precedes_the_protest() {
    let g = seed();
    let day = date("2022-12-29");
    let that_day: Vec<_> = g.statements_chronological().filter(|s| s.date() == day).collect();
    let position = |speaker: &str, kind: StatementKind| {
        that_day
            .iter()
            .position(|s| s.speaker().key() == speaker && s.kind() == kind)
            .unwrap_or_else(|| panic!("{speaker} {kind} on 29 December"))
    };
    let reassurance = position("brest-commissar", StatementKind::Reassurance);
    let protest = position("belarus-mfa", StatementKind::Protest);
    assert!(reassurance < protest);
    assert!(that_day[reassurance].order() < that_day[protest].order());
    // Friday's accusation comes after both.
    let all: Vec<_> = g.statements_chronological().collect();
    let accusation = all
        .iter()
        .position(|s| s.speaker().key() == "belarus-mod" && s.kind() == StatementKind::Accusation)
        .expect("Friday's accusation");
    assert!(all[accusation].date() > day);
}

fn check_citations(what: &str, citations: &[Citation]) {
    assert!(
        citations.iter().any(|c| c.source == "wsj-2022-12-30" && c.paragraph.is_some_and(|p| p <= 10)),
        "{what} has no citation to a paragraph 0..=10"
    );
    for c in citations {
        assert!(c.paragraph.is_some_and(|p| p <= 10), "{what}: paragraph {:?}", c.paragraph);
    }
}

#[test]
fn every_item_cites_a_paragraph_of_the_article() {
    let g = seed();
    assert_eq!(g.source_count(), 1);
    for a in g.actors() {
        check_citations(&format!("actor {}", a.key()), a.citations());
    }
    for r in g.relations() {
        check_citations(&format!("{r:?}"), r.citations());
    }
    for e in g.events() {
        check_citations(&format!("event {}", e.key()), e.citations());
    }
    for s in g.statements() {
        check_citations(&format!("statement {}", s.key()), s.citations());
    }
}

#[test]
fn quotes_are_short() {
    let g = seed();
    let mut all: Vec<&Citation> = Vec::new();
    all.extend(g.actors().flat_map(|a| a.citations()));
    all.extend(g.relations().flat_map(|r| r.citations()));
    all.extend(g.events().flat_map(|e| e.citations()));
    all.extend(g.statements().flat_map(|s| s.citations()));
    for quote in all.iter().filter_map(|c| c.quote.as_deref()) {
        assert!(!quote.trim().is_empty());
        assert!(quote.chars().count() < 200, "citation quote too long: {quote}");
    }
    for s in g.statements().filter(|s| s.is_quote()) {
        assert!(s.text().chars().count() < 200, "quote too long: {}", s.key());
    }
}

#[test]
fn at_least_five_distinct_speakers_are_within_belarus() {
    let g = seed();
    let belarus = actor(&g, "belarus");
    let speakers: BTreeSet<&str> = g
        .statements()
        .map(|s| s.speaker())
        .filter(|a| g.is_within(a.id(), belarus.id()))
        .map(|a| a.key())
        .collect();
    assert!(speakers.len() >= 5, "{speakers:?}");
    for key in ["belarus-mod", "belarus-mfa", "volfovich", "brest-commissar", "lukashenko"] {
        assert!(speakers.contains(key), "{key} speaks for Belarus");
    }
    // Outlets carry words; they are not speakers within Belarus here.
    assert!(!speakers.contains("belta"));
}

#[test]
fn aliases_resolve_to_one_state_each() {
    let g = seed();
    for (alias, key) in [("Moscow", "russia"), ("Minsk", "belarus"), ("Kyiv", "ukraine")] {
        assert_eq!(g.resolve(alias).expect(alias).key(), key);
    }
}

#[test]
fn embedded_json_is_in_canonical_form() {
    let g = seed();
    assert_eq!(g.to_json(), datasets::BELARUS_MISSILE_JSON);
    assert_eq!(Graph::from_json(&g.to_json()).expect("round trip"), g);
}
