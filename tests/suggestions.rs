//! "Did you mean": every unknown key or name names the nearest keys, names or
//! aliases, in the builder, the JSON and CSV loaders and the queries.

use stancegraph::io::csv::{CsvError, CsvImport, CsvProblemKind};
use stancegraph::model::{Actor, Citation, Relation, Statement};
use stancegraph::query::QueryError;
use stancegraph::{ActorKind, Graph, GraphBuilder, LookupError, Problem, RelationKind};

fn incident() -> Graph {
    let text = r#"{"format": "stancegraph/1",
      "sources": [{"key": "gazette-2031-05-04", "title": "Strait row"}],
      "actors": [
        {"key": "atlantis", "name": "Atlantis", "kind": "state", "aliases": ["Poseidonia"]},
        {"key": "palace", "name": "The Palace", "kind": "government"},
        {"key": "zelensky", "name": "Volodymyr Zelensky", "kind": "person"}],
      "events": [{"key": "incursion", "kind": "incident", "label": "Patrol boat crosses the strait"}],
      "statements": [{"key": "palace-warning", "speaker": "palace", "date": "2031-05-04", "text": "a warning"}]}"#;
    Graph::from_json(text).expect("valid")
}

fn unknown_reference(problem: &Problem) -> (&str, &[String]) {
    match problem {
        Problem::UnknownReference { key, suggestions, .. } => (key, suggestions),
        other => panic!("not an unknown reference: {other}"),
    }
}

#[test]
fn the_builder_suggests_keys_for_unknown_actors_sources_and_events() {
    let mut b = GraphBuilder::from_graph(&incident());
    b.add_relation(Relation::new("Atlantis", RelationKind::Borders, "the Palace")).add_statement(
        Statement::new("s2", "Zelenskyy", "2031-05-05".parse().expect("date"))
            .paraphrase("calls for calm")
            .about("incursions")
            .cite(Citation::new("gazette-2031-05-4")),
    );
    let err = b.build().unwrap_err();
    let found: Vec<(&str, &[String])> = err.problems().iter().map(unknown_reference).collect();
    let s = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(found[0], ("Atlantis", &s(&["atlantis"])[..]));
    assert_eq!(found[1], ("the Palace", &s(&["palace"])[..]));
    assert_eq!(found[2], ("Zelenskyy", &s(&["zelensky"])[..]));
    assert_eq!(found[3], ("incursions", &s(&["incursion"])[..]));
    assert_eq!(found[4], ("gazette-2031-05-4", &s(&["gazette-2031-05-04"])[..]));
    assert!(
        err.to_string().contains("refers to unknown actor `Zelenskyy` (did you mean `zelensky`?)"),
        "{err}"
    );
}

#[test]
fn the_json_loader_suggests_keys() {
    let text = r#"{"format": "stancegraph/1",
      "actors": [{"key": "lemuria", "name": "Lemuria", "kind": "state"}],
      "statements": [{"key": "s1", "speaker": "Lemuria", "date": "2031-05-04"}]}"#;
    let err = Graph::from_json(text).unwrap_err();
    assert!(
        err.to_string()
            .contains("field `speaker` refers to unknown actor `Lemuria` (did you mean `lemuria`?)"),
        "{err}"
    );
}

#[test]
fn the_csv_loader_suggests_keys() {
    let err = CsvImport::new()
        .sources("key,title\ngazette,Strait row\n".as_bytes())
        .actors(
            "id,name,kind,parent\natlantis,Atlantis,state,\nnavy,Atlantean Navy,military,Atlantis\n"
                .as_bytes(),
        )
        .events("key,kind,label\nincursion,incident,Patrol boat\n".as_bytes())
        .statements("id,speaker,date,about,citations\ns1,the navy,2031-05-04,incursions,gazete\n".as_bytes())
        .build()
        .unwrap_err();
    let CsvError::Invalid(invalid) = err else { panic!("not a data error: {err}") };
    let found: Vec<(String, Vec<String>)> = invalid
        .problems()
        .iter()
        .map(|p| match &p.kind {
            CsvProblemKind::UnknownReference { key, suggestions, .. } => (key.clone(), suggestions.clone()),
            other => panic!("unexpected {other}"),
        })
        .collect();
    let pair = |k: &str, s: &str| (k.to_owned(), vec![s.to_owned()]);
    assert_eq!(
        found,
        [
            pair("Atlantis", "atlantis"),
            pair("the navy", "navy"),
            pair("incursions", "incursion"),
            pair("gazete", "gazette")
        ]
    );
    assert!(invalid.to_string().contains("unknown actor `the navy` (did you mean `navy`?)"), "{invalid}");
}

#[test]
fn queries_suggest_names_events_and_statements() {
    let g = incident();
    let err = g.resolve("Zelenskyy").unwrap_err();
    assert_eq!(err, LookupError::Unknown { name: "Zelenskyy".into(), suggestions: vec!["zelensky".into()] });
    assert_eq!(
        g.resolve("the Palaces").unwrap_err().to_string(),
        "no actor has the key, name or alias `the Palaces` (did you mean `palace` or `The Palace`?)"
    );
    let said = g.said().by("Poseidon").statements().unwrap_err();
    assert!(said.to_string().ends_with("(did you mean `Poseidonia`?)"), "{said}");
    match g.said().about_event("incursions").count() {
        Err(QueryError::UnknownEvent { suggestions, .. }) => assert_eq!(suggestions, ["incursion"]),
        other => panic!("{other:?}"),
    }
    match g.alignment("atlantis", "palace").through("palace-warnings").compute() {
        Err(QueryError::UnknownStatement { suggestions, .. }) => assert_eq!(suggestions, ["palace-warning"]),
        other => panic!("{other:?}"),
    }
    // Nothing near: no hint.
    assert_eq!(
        g.resolve("Hyperborea").unwrap_err().to_string(),
        "no actor has the key, name or alias `Hyperborea`"
    );
}

#[test]
fn suggestions_are_bounded() {
    let mut b = GraphBuilder::new();
    for i in 0..50 {
        b.add_actor(Actor::new(format!("actor-{i}"), format!("Actor {i}"), ActorKind::Organization));
    }
    for i in 0..40 {
        b.add_relation(Relation::new(format!("actor-{i}x"), RelationKind::Borders, "actor-1"));
    }
    let err = b.build().unwrap_err();
    let counts: Vec<usize> = err.problems().iter().map(|p| unknown_reference(p).1.len()).collect();
    assert!(counts.iter().all(|&n| n <= 3));
    // Only the first 16 unknown keys are looked for.
    assert!(counts[..16].iter().all(|&n| n > 0) && counts[16..].iter().all(|&n| n == 0), "{counts:?}");
}
