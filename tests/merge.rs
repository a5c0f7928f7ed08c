//! Growing a graph article by article: datasets that share actors merge into one
//! graph; conflicting facts are errors that name the conflict.

use stancegraph::model::Dataset;
use stancegraph::{Graph, GraphBuilder, Item, Problem, RelationKind, datasets};

/// A second, small (made-up) follow-up article that shares actors with the seed.
const FOLLOW_UP: &str = r#"{
  "format": "stancegraph/1",
  "sources": [{"key": "follow-up", "title": "A follow-up report", "date": "2023-01-02"}],
  "actors": [
    {"key": "belarus", "name": "Belarus", "kind": "state", "aliases": ["Republic of Belarus"],
     "citations": [{"source": "follow-up", "paragraph": 1}]},
    {"key": "ukraine", "name": "Ukraine", "kind": "state"},
    {"key": "nato", "name": "NATO", "kind": "international_organization"},
    {"key": "poland", "name": "Poland", "kind": "state"}
  ],
  "relations": [
    {"from": "belarus", "kind": "borders", "to": "ukraine", "citations": [{"source": "follow-up", "paragraph": 2}]},
    {"from": "poland", "kind": "member_of", "to": "nato"}
  ],
  "statements": [
    {"key": "nato-concern", "speaker": "nato", "date": "2023-01-02", "kind": "assessment", "mode": "paraphrase",
     "text": "calls for calm on the border", "targets": [{"actor": "belarus", "stance": -0.2}],
     "citations": [{"source": "follow-up", "paragraph": 3}]}
  ]
}"#;

#[test]
fn shared_actors_merge_into_one_graph_with_the_union_of_facts() {
    let seed = datasets::belarus_missile();
    let follow_up = Dataset::from_json(FOLLOW_UP).unwrap();
    let mut b = GraphBuilder::from_graph(&seed);
    b.add_dataset(follow_up);
    let merged = b.build().expect("compatible datasets merge");

    // One actor per key: only NATO is new.
    assert_eq!(merged.actor_count(), seed.actor_count() + 1);
    // Sources stay distinct.
    assert_eq!(merged.source_count(), 2);
    // The identical `belarus borders ukraine` relation is one relation with both citations.
    let borders: Vec<_> = merged
        .relations()
        .filter(|r| {
            r.kind() == RelationKind::Borders && r.from().key() == "belarus" && r.to().key() == "ukraine"
        })
        .collect();
    assert_eq!(borders.len(), 1);
    let sources: Vec<&str> = borders[0].citations().iter().map(|c| c.source.as_str()).collect();
    assert!(sources.contains(&"wsj-2022-12-30") && sources.contains(&"follow-up"), "{sources:?}");
    // The new relation is added.
    assert_eq!(merged.relation_count(), seed.relation_count() + 1);
    // Aliases and citations of a shared actor are united.
    let belarus = merged.resolve("Republic of Belarus").unwrap();
    assert_eq!(belarus.key(), "belarus");
    assert!(merged.resolve("Minsk").is_ok_and(|a| a == belarus));
    assert!(belarus.citations().iter().any(|c| c.source == "follow-up"));
    // Statements of both articles are there, in date order.
    assert_eq!(merged.statement_count(), seed.statement_count() + 1);
    let last = merged.statements_chronological().last().unwrap();
    assert_eq!(last.key(), "nato-concern");
    // Merging is deterministic and survives a round trip.
    assert_eq!(Graph::from_json(&merged.to_json()).unwrap(), merged);
}

#[test]
fn merging_the_same_dataset_twice_changes_nothing() {
    let seed = datasets::belarus_missile();
    let mut b = GraphBuilder::from_graph(&seed);
    b.add_graph(&seed);
    assert_eq!(b.build().unwrap(), seed);
}

#[test]
fn a_conflicting_dataset_is_an_error_naming_the_conflict() {
    let conflicting = r#"{
      "format": "stancegraph/1",
      "actors": [
        {"key": "belarus", "name": "Belarus", "kind": "region"},
        {"key": "peskov", "name": "D. Peskov", "kind": "person"}
      ]
    }"#;
    let mut b = GraphBuilder::from_graph(&datasets::belarus_missile());
    b.add_dataset(Dataset::from_json(conflicting).unwrap());
    let err = b.build().unwrap_err();
    assert_eq!(
        err.problems(),
        [
            Problem::Conflict {
                item: Item::Actor("belarus".into()),
                field: "kind",
                first: "state".into(),
                second: "region".into()
            },
            Problem::Conflict {
                item: Item::Actor("peskov".into()),
                field: "name",
                first: "Dmitry Peskov".into(),
                second: "D. Peskov".into()
            },
        ]
    );
    assert!(
        err.to_string()
            .contains("actor `belarus`: field `kind` is `state` in one dataset and `region` in another"),
        "{err}"
    );
}

#[test]
fn a_statement_key_reused_for_different_words_is_a_conflict() {
    let seed = datasets::belarus_missile();
    let key = seed.statements().next().unwrap().key().to_owned();
    let speaker = seed.statements().next().unwrap().speaker().key().to_owned();
    let text = format!(
        r#"{{"format": "stancegraph/1", "statements": [
            {{"key": "{key}", "speaker": "{speaker}", "date": "2022-12-30", "text": "something else"}}]}}"#
    );
    let mut b = GraphBuilder::from_graph(&seed);
    b.add_dataset(Dataset::from_json(&text).unwrap());
    let messages: Vec<String> = b.build().unwrap_err().problems().iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.starts_with(&format!("statement `{key}`: field `text` is"))),
        "{messages:#?}"
    );
}
