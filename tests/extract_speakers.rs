//! Speakers of short articles written for these tests (fictional or generic, in the
//! style of wire copy and international news): each statement must go to the person
//! or body named earlier, whatever the short form ("he", "Mr. Varga", "the NATO chief",
//! "the ministry", a capital standing for its state).

use stancegraph::extract::{Draft, Extractor};
use stancegraph::model::PartialDate;
use stancegraph::{ActorKind, Graph, Hedge, StatementKind, TextMode};

fn draft(text: &str) -> Draft {
    let date: PartialDate = "2031-03-07".parse().expect("date"); // a Friday
    let d = Extractor::new().with_date(date).draft(text).expect("draft");
    d.dataset.clone().build().expect("a valid dataset");
    d
}

/// The speaker name of the statement whose text contains `words`.
fn speaker_of(d: &Draft, words: &str) -> String {
    let s =
        d.dataset.statements.iter().find(|s| s.text.contains(words)).unwrap_or_else(|| {
            panic!("no statement contains {words:?}; got:\n{}", d.who_said_what().join("\n"))
        });
    d.dataset.actors.iter().find(|a| a.key == s.speaker).map(|a| a.name.clone()).unwrap_or_default()
}

const ALLIANCE: &str = "Alliance chief warns of long standoff\n\n\
NATO Secretary General Lars Holmgren said on Thursday that the alliance would strengthen its eastern flank. \
\u{201c}We will not be intimidated,\u{201d} he told reporters in Brussels.\n\n\
The NATO chief added that talks with Moscow remained possible.\n\n\
Russia\u{2019}s Foreign Ministry accused the alliance of provocation. The ministry said the drills were \u{201c}a direct threat.\u{201d}\n\n\
Kremlin spokesman Ivan Sorokin told state television that Moscow had no plans to escalate. Mr. Sorokin said the troops would return to their bases.\n\n\
Kyiv said it welcomed the alliance\u{2019}s decision.";

#[test]
fn pronouns_titles_and_descriptions_resolve_to_the_full_mention() {
    let d = draft(ALLIANCE);
    assert_eq!(speaker_of(&d, "strengthen its eastern flank"), "Lars Holmgren");
    assert_eq!(speaker_of(&d, "We will not be intimidated"), "Lars Holmgren"); // "he"
    assert_eq!(speaker_of(&d, "talks with Moscow remained possible"), "Lars Holmgren"); // "the NATO chief"
    assert_eq!(speaker_of(&d, "a direct threat"), "Russian Foreign Ministry"); // "the ministry"
    assert_eq!(speaker_of(&d, "no plans to escalate"), "Ivan Sorokin");
    assert_eq!(speaker_of(&d, "return to their bases"), "Ivan Sorokin"); // "Mr. Sorokin"
    assert_eq!(speaker_of(&d, "welcomed the alliance"), "Ukraine"); // a capital for its state
}

#[test]
fn proposed_actors_get_guessed_kinds() {
    let d = draft(ALLIANCE);
    let kind = |name: &str| d.dataset.actors.iter().find(|a| a.name == name).map(|a| a.kind);
    assert_eq!(kind("Lars Holmgren"), Some(ActorKind::Person));
    assert_eq!(kind("Russian Foreign Ministry"), Some(ActorKind::Ministry));
    assert_eq!(kind("Ukraine"), Some(ActorKind::State));
    assert!(d.dataset.actors.iter().all(|a| a.proposed), "no graph given: every actor is proposed");
    assert!(d.dataset.statements.iter().all(|s| s.proposed));
}

const WIRE: &str = "Port talks stall\n\n\
VALDORIA, March 6 (Wire) - State news agency Tarpa quoted the defence ministry as saying the patrol boats would stay in the strait.\n\n\
According to the harbour authority, the ships could leave as early as Monday. \
Foreign Minister Ana Kovac, speaking through an interpreter, said her government \u{201c}cannot rule out\u{201d} new sanctions. \
She accused Norland of \u{201c}blackmail.\u{201d}\n\n\
Western diplomats said the dispute was unlikely to end soon.";

#[test]
fn wire_copy_relays_hedges_and_kinds() {
    let d = draft(WIRE);
    // Nested reporting: the ministry speaks, the agency carries it.
    let patrol =
        d.dataset.statements.iter().find(|s| s.text.contains("patrol boats")).expect("relayed statement");
    let name = |key: &str| {
        d.dataset.actors.iter().find(|a| a.key == key).map(|a| a.name.clone()).unwrap_or_default()
    };
    assert!(name(&patrol.speaker).to_lowercase().contains("ministry"), "{}", name(&patrol.speaker));
    assert_eq!(patrol.via.len(), 1);
    assert!(name(&patrol.via[0]).contains("Tarpa"));
    // Hedges from modal words.
    assert_eq!(speaker_of(&d, "new sanctions"), "Ana Kovac");
    let sanctions =
        d.dataset.statements.iter().find(|s| s.text.contains("new sanctions")).expect("statement");
    assert_eq!(sanctions.hedge, Hedge::Possible);
    let unlikely = d.dataset.statements.iter().find(|s| s.text.contains("unlikely")).expect("statement");
    assert_eq!(unlikely.hedge, Hedge::Unlikely);
    // An accusation naming a known state proposes a hostile stance toward it.
    let blackmail = d.dataset.statements.iter().find(|s| s.text.contains("blackmail")).expect("accusation");
    assert_eq!(speaker_of(&d, "blackmail"), "Ana Kovac"); // "She"
    assert_eq!(blackmail.kind, StatementKind::Accusation);
    assert_eq!(blackmail.mode, TextMode::Paraphrase);
    assert!(blackmail.framing.iter().any(|f| f == "blackmail." || f == "blackmail"));
}

#[test]
fn dates_from_weekdays_and_paragraph_citations() {
    let d = draft(ALLIANCE);
    let s = d.dataset.statements.iter().find(|s| s.text.contains("eastern flank")).expect("statement");
    assert_eq!(s.date.to_string(), "2031-03-06", "Thursday before Friday 7 March");
    assert_eq!(s.citations[0].paragraph, Some(1));
    let quote = s.citations[0].quote.as_deref().expect("an exact excerpt");
    assert!(ALLIANCE.contains(quote), "the citation quotes the text exactly");
    let later = d.dataset.statements.iter().find(|s| s.text.contains("no plans")).expect("statement");
    assert_eq!(later.date.to_string(), "2031-03-07", "no day word: the article's date");
    assert_eq!(later.citations[0].paragraph, Some(4));
}

#[test]
fn an_existing_graph_resolves_names_and_aliases_to_its_keys() {
    let known = Graph::from_json(
        r#"{"format": "stancegraph/1", "actors": [
            {"key": "nato", "name": "North Atlantic Treaty Organization", "kind": "international_organization", "aliases": ["NATO"]},
            {"key": "holmgren", "name": "Lars Holmgren", "kind": "person"},
            {"key": "ukr", "name": "Ukraine", "kind": "state", "aliases": ["Kyiv"]}
        ]}"#,
    )
    .expect("graph");
    let date: PartialDate = "2031-03-07".parse().expect("date");
    let d = Extractor::new().with_graph(&known).with_date(date).draft(ALLIANCE).expect("draft");
    let s = d.dataset.statements.iter().find(|s| s.text.contains("eastern flank")).expect("statement");
    assert_eq!(s.speaker, "holmgren");
    let k = d.dataset.statements.iter().find(|s| s.text.contains("welcomed")).expect("statement");
    assert_eq!(k.speaker, "ukr");
    let holmgren = d.dataset.actors.iter().find(|a| a.key == "holmgren").expect("copied");
    assert!(!holmgren.proposed, "an existing actor is not proposed");
    // The draft merges into the graph it was resolved against.
    let mut b = stancegraph::GraphBuilder::from_graph(&known);
    b.add_dataset(d.dataset.clone());
    let merged = b.build().expect("merges");
    assert!(merged.statements().any(|s| s.is_proposed()));
}

#[test]
fn the_proposed_mark_round_trips_and_is_absent_by_default() {
    let d = draft(ALLIANCE);
    let json = d.dataset.to_json();
    assert!(json.contains("\"proposed\": true"));
    let g = Graph::from_json(&json).expect("loads");
    assert_eq!(Graph::from_json(&g.to_json()).expect("round trip"), g);
    assert!(g.actors().all(|a| a.is_proposed()));
    // Hand-written datasets never mention it.
    let seed = stancegraph::datasets::belarus_missile();
    assert!(!seed.to_json().contains("proposed"));
}

#[test]
fn model_numbers_are_not_people() {
    use stancegraph::extract::{Document, Entities};
    // "S-300" and "F-16" are designations: their letters must not become a person that a
    // later "the Ukrainian ambassador" or "the pilot" resolves to.
    let doc = Document::new(
        "A Ukrainian S-300 missile fell near a village. An F-16 flew over. \
         The Ukrainian ambassador said it was an accident.",
    );
    let entities = Entities::find(&doc);
    let names: Vec<&str> = entities.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(!names.iter().any(|n| matches!(*n, "S" | "F")), "{names:?}");
}
