//! The builder reports every problem at once, each naming the item, the field and
//! the bad value.

use stancegraph::model::{
    Actor, Citation, Dataset, Event, EventKind, Participant, Relation, Source, Statement, Target,
};
use stancegraph::{ActorKind, BuildError, Graph, GraphBuilder, Item, LoadError, Problem, RelationKind};

fn date(text: &str) -> stancegraph::PartialDate {
    text.parse().expect("test dates are valid")
}

/// A small valid incident to break in one place at a time.
fn valid() -> GraphBuilder {
    let mut b = GraphBuilder::new();
    b.add_source(Source::new("gazette", "Border row"))
        .add_actor(Actor::new("atlantis", "Atlantis", ActorKind::State))
        .add_actor(Actor::new("lemuria", "Lemuria", ActorKind::State))
        .add_actor(Actor::new("atl-mfa", "Atlantean Foreign Ministry", ActorKind::Ministry))
        .add_relation(Relation::new("atl-mfa", RelationKind::PartOf, "atlantis"))
        .add_relation(
            Relation::new("atlantis", RelationKind::Borders, "lemuria").cite(Citation::new("gazette")),
        )
        .add_event(Event::new("incursion", EventKind::Incident, "Patrol boat crosses the strait"))
        .add_statement(
            Statement::new("s1", "atl-mfa", date("2031-05-03"))
                .quote("an unacceptable provocation")
                .target(Target::new("lemuria", -0.7))
                .about("incursion"),
        );
    b
}

fn problems(mut b: GraphBuilder) -> Vec<Problem> {
    b.build().map(|_| ()).expect_err("the builder should reject this").into_problems()
}

fn only_problem(b: GraphBuilder) -> (Problem, String) {
    let found = problems(b);
    assert_eq!(found.len(), 1, "expected exactly one problem, got {found:#?}");
    let p = found.into_iter().next().unwrap();
    let message = p.to_string();
    (p, message)
}

#[test]
fn a_valid_incident_builds() {
    let g = valid().build().expect("valid");
    assert_eq!((g.actor_count(), g.relation_count(), g.event_count(), g.statement_count()), (3, 2, 1, 1));
}

#[test]
fn unknown_key_names_item_field_and_key() {
    let mut b = valid();
    b.add_statement(Statement::new("s2", "mu", date("2031-05-04")).paraphrase("denies everything"));
    let (p, msg) = only_problem(b);
    assert!(matches!(p, Problem::UnknownReference { field: "speaker", expected: "actor", .. }));
    assert_eq!(msg, "statement `s2`: field `speaker` refers to unknown actor `mu`");
}

#[test]
fn unknown_target_event_outlet_and_relation_end() {
    let mut b = valid();
    b.add_statement(
        Statement::new("s2", "atlantis", date("2031-05-04"))
            .paraphrase("blames the fleet")
            .target(Target::new("fleet", -0.5))
            .about("storm")
            .via("herald"),
    );
    b.add_relation(Relation::new("atlantis", RelationKind::Ally, "hyperborea"));
    let messages: Vec<String> = problems(b).iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "relation #2 `atlantis ally hyperborea`: field `to` refers to unknown actor `hyperborea`",
            "statement `s2`: field `targets` refers to unknown actor `fleet`",
            "statement `s2`: field `via` refers to unknown actor `herald`",
            "statement `s2`: field `about` refers to unknown event `storm`",
        ]
    );
}

#[test]
fn unknown_source_in_a_citation() {
    let mut b = valid();
    b.add_actor(Actor::new("mu", "Mu", ActorKind::State).cite(Citation::new("times").paragraph(4)));
    let (_, msg) = only_problem(b);
    assert_eq!(msg, "actor `mu`: field `citations.source` refers to unknown source `times`");
}

#[test]
fn duplicate_key() {
    let mut b = valid();
    b.add_actor(Actor::new("lemuria", "Lemuria", ActorKind::State));
    let (p, msg) = only_problem(b);
    assert_eq!(p, Problem::DuplicateKey { item: Item::Actor("lemuria".into()) });
    assert_eq!(msg, "actor `lemuria`: duplicate key");
}

#[test]
fn stance_outside_range_and_nan() {
    let mut b = valid();
    b.add_statement(
        Statement::new("s2", "atlantis", date("2031-05-04"))
            .paraphrase("praises")
            .target(Target::new("lemuria", 1.5))
            .target(Target::new("atl-mfa", f64::NAN)),
    );
    let found = problems(b);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].to_string(), "statement `s2`: stance toward `lemuria` is 1.5, outside [-1, 1]");
    assert_eq!(found[1].to_string(), "statement `s2`: stance toward `atl-mfa` is NaN, outside [-1, 1]");
}

#[test]
fn validity_that_ends_before_it_starts() {
    let mut b = valid();
    b.add_relation(
        Relation::new("atlantis", RelationKind::AtWar, "lemuria")
            .since(date("2031-06"))
            .until(date("2031-05-31")),
    );
    let (_, msg) = only_problem(b);
    assert_eq!(
        msg,
        "relation #2 `atlantis at_war lemuria`: validity ends on 2031-05-31, before it starts on 2031-06"
    );
}

#[test]
fn partial_dates_within_the_same_span_are_not_reversed() {
    let mut b = valid();
    // "since June 2031 until 2031" overlaps: the year 2031 ends after June starts.
    b.add_relation(
        Relation::new("atlantis", RelationKind::AtWar, "lemuria").since(date("2031-06")).until(date("2031")),
    );
    assert!(b.build().is_ok());
}

#[test]
fn membership_cycle_is_reported_as_a_path() {
    let mut b = valid();
    b.add_relation(Relation::new("atlantis", RelationKind::MemberOf, "atl-mfa"));
    let (p, msg) = only_problem(b);
    assert!(matches!(p, Problem::HierarchyCycle { .. }));
    assert_eq!(msg, "hierarchy cycle: atlantis → atl-mfa → atlantis");
}

#[test]
fn office_cycle_through_three_actors() {
    let mut b = valid();
    b.add_actor(Actor::new("envoy", "Envoy", ActorKind::Person))
        .add_relation(Relation::new("atlantis", RelationKind::Leads, "envoy"))
        .add_relation(Relation::new("envoy", RelationKind::HoldsOffice, "atl-mfa").with_title("envoy"));
    let (_, msg) = only_problem(b);
    assert_eq!(msg, "hierarchy cycle: atlantis → envoy → atl-mfa → atlantis");
}

#[test]
fn non_hierarchical_cycles_are_fine() {
    let mut b = valid();
    b.add_relation(Relation::new("lemuria", RelationKind::Condemns, "atlantis"));
    b.add_relation(Relation::new("atlantis", RelationKind::Condemns, "lemuria"));
    assert!(b.build().is_ok());
}

#[test]
fn empty_quote_and_blank_fields() {
    let mut b = valid();
    b.add_statement(Statement::new("s2", "atlantis", date("2031-05-04")).quote("  "));
    b.add_actor(Actor::new("mu", "", ActorKind::Region));
    b.add_relation(
        Relation::new("mu", RelationKind::PartOf, "lemuria").cite(Citation::new("gazette").quote("")),
    );
    let messages: Vec<String> = problems(b).iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "actor `mu`: field `name` is empty",
            "relation #2 `mu part_of lemuria`: field `citations.quote` is empty",
            "statement `s2`: field `text` is empty",
        ]
    );
}

#[test]
fn invisible_keys_names_and_quotes_are_blank() {
    // Zero-width space, joiners, word joiner, soft hyphen, bidi marks, a Hangul
    // filler, a variation selector, a tag: nothing a reader can see.
    for blank in [
        "\u{200b}",
        "\u{200c}\u{200d}",
        "\u{2060}\u{00ad}",
        "\u{200e}\u{202e}",
        "\u{3164}",
        "\u{fe0f}",
        "\u{e0041}",
        " \u{feff}\t",
    ] {
        let mut b = valid();
        b.add_actor(Actor::new(blank, "Mu", ActorKind::Region));
        b.add_actor(Actor::new("mu", blank, ActorKind::Region));
        b.add_statement(Statement::new("s2", "atlantis", date("2031-05-04")).quote(blank));
        let messages: Vec<String> = problems(b).iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                format!("actor `{blank}`: field `key` is empty"),
                "actor `mu`: field `name` is empty".to_owned(),
                "statement `s2`: field `text` is empty".to_owned(),
            ],
            "{blank:?}"
        );
        // The JSON format, the same.
        let text = format!(
            r#"{{"format": "stancegraph/1", "actors": [{{"key": {}, "name": "A", "kind": "state"}}]}}"#,
            serde_json::to_string(blank).expect("a string")
        );
        let Err(LoadError::Build(err)) = Graph::from_json(&text) else { panic!("{blank:?} accepted") };
        assert!(matches!(err.problems(), [Problem::Empty { field: "key", .. }]), "{err}");
    }
    // Invisible characters inside visible text are text.
    let mut b = valid();
    b.add_actor(Actor::new("mu\u{200d}nu", "Mu\u{00ad}nu", ActorKind::Region));
    assert!(b.build().is_ok());
}

#[test]
fn coded_statements_may_omit_the_words_but_quotes_may_not() {
    let mut b = valid();
    b.add_statement(
        Statement::new("coded", "lemuria", date("2031-05-04")).target(Target::new("atlantis", -0.5)),
    );
    let g = b.build().expect("a paraphrase without words is coded data");
    assert_eq!(g.statement_by_key("coded").unwrap().text(), "");
    assert_eq!(Graph::from_json(&g.to_json()).unwrap(), g);

    let mut b = valid();
    b.add_statement(Statement::new("q", "lemuria", date("2031-05-04")).quote(""));
    b.add_statement(Statement::new("p", "lemuria", date("2031-05-04")).paraphrase(" \n"));
    let messages: Vec<String> = problems(b).iter().map(ToString::to_string).collect();
    assert_eq!(messages, ["statement `q`: field `text` is empty", "statement `p`: field `text` is empty"]);
}

#[test]
fn confidence_and_self_relation() {
    let mut b = valid();
    b.add_relation(Relation::new("lemuria", RelationKind::Hostile, "lemuria").with_confidence(1.2));
    let messages: Vec<String> = problems(b).iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "relation #2 `lemuria hostile lemuria`: relates `lemuria` to itself",
            "relation #2 `lemuria hostile lemuria`: confidence 1.2 is outside [0, 1]",
        ]
    );
}

#[test]
fn event_place_and_participants_must_be_actors() {
    let mut b = valid();
    b.add_event(
        Event::new("storm", EventKind::Other, "Storm")
            .at("atlantis-sea")
            .with(Participant::new("poseidon", stancegraph::Role::Agent)),
    );
    let messages: Vec<String> = problems(b).iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "event `storm`: field `place` refers to unknown actor `atlantis-sea` (did you mean `atlantis`?)",
            "event `storm`: field `participants` refers to unknown actor `poseidon`",
        ]
    );
}

/// One bad dataset, many problems, all reported together in a readable message.
#[test]
fn every_problem_of_a_bad_dataset_at_once() {
    let text = r#"{
      "format": "stancegraph/1",
      "sources": [{"key": "gazette", "title": "Border row"}],
      "actors": [
        {"key": "atlantis", "name": "Atlantis", "kind": "state"},
        {"key": "atlantis", "name": "Atlantis again", "kind": "state"},
        {"key": "mfa", "name": "Foreign Ministry", "kind": "ministry"}
      ],
      "relations": [
        {"from": "mfa", "kind": "part_of", "to": "atlantis"},
        {"from": "atlantis", "kind": "part_of", "to": "mfa"},
        {"from": "atlantis", "kind": "ally", "to": "lemuria", "start": "2031-05", "end": "2030"}
      ],
      "statements": [
        {"key": "s1", "speaker": "mfa", "date": "2031-05-03", "kind": "protest", "mode": "quote", "text": "",
         "targets": [{"actor": "lemuria", "stance": -2}],
         "citations": [{"source": "times", "paragraph": 1}]}
      ]
    }"#;
    let Err(LoadError::Build(err)) = Graph::from_json(text) else { panic!("expected a build error") };
    let text = err.to_string();
    assert_eq!(
        text,
        "invalid dataset: 8 problems
  - actor `atlantis`: duplicate key
  - relation #2 `atlantis ally lemuria`: field `to` refers to unknown actor `lemuria`
  - relation #2 `atlantis ally lemuria`: validity ends on 2030, before it starts on 2031-05
  - hierarchy cycle: atlantis → mfa → atlantis
  - statement `s1`: field `text` is empty
  - statement `s1`: field `targets` refers to unknown actor `lemuria`
  - statement `s1`: stance toward `lemuria` is -2, outside [-1, 1]
  - statement `s1`: field `citations.source` refers to unknown source `times`"
    );
}

#[test]
fn malformed_json_names_line_and_column() {
    let text = "{\n  \"format\": \"stancegraph/1\",\n  \"actors\": [\n    {\"key\": \"a\", \"name\": \"A\", \"kind\": \"planet\"}\n  ]\n}";
    let err = Graph::from_json(text).unwrap_err();
    let LoadError::Json { line, column, ref message } = err else {
        panic!("expected a JSON error, got {err}")
    };
    assert_eq!(line, 4);
    assert!(column > 30, "column {column}");
    assert!(message.contains("unknown variant `planet`"), "{message}");
    assert!(err.to_string().starts_with("invalid dataset JSON at line 4, column"));
}

#[test]
fn unknown_fields_and_bad_dates_are_json_errors() {
    let typo = r#"{"format": "stancegraph/1", "actors": [{"key": "a", "name": "A", "kind": "state", "alias": ["x"]}]}"#;
    assert!(Graph::from_json(typo).unwrap_err().to_string().contains("unknown field `alias`"));
    let bad_date = r#"{"format": "stancegraph/1", "actors": [{"key": "a", "name": "A", "kind": "state"}],
        "statements": [{"key": "s", "speaker": "a", "date": "2022-02-30", "text": "x"}]}"#;
    let msg = Graph::from_json(bad_date).unwrap_err().to_string();
    assert!(msg.contains("invalid date `2022-02-30`: no such day in that month"), "{msg}");
}

#[test]
fn wrong_or_missing_format_version() {
    let err = Graph::from_json(r#"{"format": "stancegraph/9", "actors": []}"#).unwrap_err();
    assert_eq!(err.to_string(), "unsupported dataset format `stancegraph/9` (expected `stancegraph/1`)");
    assert!(matches!(Graph::from_json(r#"{"actors": []}"#), Err(LoadError::MissingFormat)));
    assert!(matches!(Graph::from_json("[1, 2]"), Err(LoadError::Json { .. })));
    assert!(matches!(Graph::from_json(""), Err(LoadError::Json { .. })));
}

#[test]
fn build_error_is_a_std_error() {
    fn takes(_: &dyn std::error::Error) {}
    let err: BuildError = Dataset::default().build().map(|_| ()).map_or_else(
        |e| e,
        |_| {
            let mut b = GraphBuilder::new();
            b.add_actor(Actor::new("", "x", ActorKind::State));
            b.build().unwrap_err()
        },
    );
    takes(&err);
    assert_eq!(err.to_string(), "invalid dataset: actor ``: field `key` is empty");
}
