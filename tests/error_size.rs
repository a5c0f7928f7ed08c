//! Every error message is bounded in size, whatever the input: values are clipped,
//! cycles show their ends, and lists of problems stop at 100 with a count of the
//! rest (docs/errors.md, "Limits"). The data in the error stays whole.

use stancegraph::io::csv::{CsvError, CsvImport};
use stancegraph::model::{Actor, Dataset, Relation, Statement, Target};
use stancegraph::{ActorKind, Graph, GraphBuilder, LoadError, Problem, RelationKind};

/// The longest message of one problem.
const ONE: usize = 1024;
/// The longest message of a list of problems (100 of them, and a count).
const LIST: usize = 64 * 1024;

/// A value of a megabyte.
fn huge(c: char) -> String {
    c.to_string().repeat(1 << 20)
}

/// A value of 64 KiB, for inputs that hold many.
fn big(c: char) -> String {
    c.to_string().repeat(1 << 16)
}

fn day() -> stancegraph::PartialDate {
    "2031-05-04".parse().expect("a date")
}

#[test]
fn every_builder_problem_with_huge_values_has_a_short_message() {
    let (k1, k2, text) = (huge('k'), huge('ж'), huge('t'));
    let mut b = GraphBuilder::new();
    b.add_actor(Actor::new(&k1, "A", ActorKind::State));
    b.add_actor(Actor::new(&k2, "B", ActorKind::State));
    // Unknown references, a stance out of range toward a huge key, a self-relation,
    // a confidence out of range on a relation between huge keys.
    b.add_statement(Statement::new(&k1, huge('s'), day()).paraphrase(&text).target(Target::new(&k2, 9.0)));
    b.add_relation(Relation::new(&k1, RelationKind::Ally, &k1));
    b.add_relation(Relation::new(&k1, RelationKind::Ally, &k2).with_confidence(3.0));
    // A conflict between two parts on a huge name.
    let mut other = Dataset::default();
    other.actors.push(Actor::new(&k1, huge('n'), ActorKind::Person));
    b.add_dataset(other);
    let err = b.build().expect_err("invalid");
    assert!(err.problems().len() >= 6, "{:?}", err.problems().len());
    for p in err.problems() {
        let message = p.to_string();
        assert!(message.len() <= ONE, "{} bytes: {message}", message.len());
    }
    assert!(err.to_string().len() <= LIST);
    // The data is whole.
    assert!(
        err.problems()
            .iter()
            .any(|p| matches!(p, Problem::UnknownReference { key, .. } if key.len() == 1 << 20))
    );
}

#[test]
fn a_million_problems_make_a_list_of_a_hundred_and_a_count() {
    let mut b = GraphBuilder::new();
    for i in 0..200_000 {
        b.add_actor(Actor::new(format!("a{i}"), " ", ActorKind::State));
    }
    let err = b.build().expect_err("blank names");
    assert_eq!(err.problems().len(), 200_000);
    let message = err.to_string();
    assert!(message.len() <= LIST, "{} bytes", message.len());
    assert_eq!(message.lines().count(), 1 + 100 + 1);
    assert!(message.ends_with("\n  - … and 199900 more"), "{}", &message[message.len() - 60..]);
    // Through JSON, the same.
    let json = Graph::from_json(&format!(
        r#"{{"format": "stancegraph/1", "actors": [{}]}}"#,
        (0..200_000)
            .map(|i| format!(r#"{{"key": "a{i}", "name": "", "kind": "state"}}"#))
            .collect::<Vec<_>>()
            .join(",")
    ));
    let Err(LoadError::Build(err)) = json else { panic!("a build error") };
    assert!(err.to_string().len() <= LIST);
}

#[test]
fn a_cycle_of_huge_keys_has_a_short_message() {
    let keys: Vec<String> = (0..50).map(|i| format!("{i}{}", big('c'))).collect();
    let mut b = GraphBuilder::new();
    for k in &keys {
        b.add_actor(Actor::new(k, "A", ActorKind::Organization));
    }
    for (i, k) in keys.iter().enumerate() {
        b.add_relation(Relation::new(k, RelationKind::PartOf, &keys[(i + 1) % keys.len()]));
    }
    let err = b.build().expect_err("a cycle");
    assert!(err.to_string().len() <= 2 * ONE, "{}", err.to_string().len());
}

#[test]
fn lookups_and_queries_with_huge_names_have_short_messages() {
    let mut b = GraphBuilder::new();
    for i in 0..10_000 {
        let mut a = Actor::new(format!("a{i}"), "Same Name", ActorKind::Person);
        if i < 3 {
            a.aliases.push(huge('x'));
        }
        b.add_actor(a);
    }
    let g = b.build().expect("valid");
    let ambiguous = g.resolve("Same Name").expect_err("ambiguous").to_string();
    assert!(ambiguous.len() <= ONE && ambiguous.ends_with("and 9990 more"), "{ambiguous}");
    let ambiguous = g.resolve(&huge('x')).expect_err("ambiguous").to_string();
    assert!(ambiguous.len() <= ONE, "{}", ambiguous.len());
    let unknown = g.resolve(&huge('u')).expect_err("unknown").to_string();
    assert!(unknown.len() <= ONE, "{}", unknown.len());
    let query = g.said().about_event(huge('e').as_str()).count().expect_err("unknown event").to_string();
    assert!(query.len() <= ONE, "{}", query.len());
    let query = g.said().by(huge('y').as_str()).count().expect_err("unknown actor").to_string();
    assert!(query.len() <= ONE, "{}", query.len());
}

#[test]
fn json_errors_with_huge_values_have_short_messages() {
    let big = huge('v');
    for text in [
        format!(r#"{{"format": "{big}"}}"#),
        format!(r#"{{"format": "stancegraph/1", "actors": [{{"key": "a", "name": "A", "kind": "{big}"}}]}}"#),
        format!(r#"{{"format": "stancegraph/1", "{big}": 1}}"#),
        format!(
            r#"{{"format": "stancegraph/1", "statements": [{{"key": "s", "speaker": "a", "date": "{big}"}}]}}"#
        ),
    ] {
        let err = Graph::from_json(&text).expect_err("invalid");
        assert!(err.to_string().len() <= ONE, "{} bytes: {err}", err.to_string().len());
    }
}

#[test]
fn csv_errors_with_huge_values_have_short_messages() {
    let big = big('q');
    let mut actors = String::from("id,name,kind,parent\n");
    let mut statements = String::from("id,speaker,target,stance,date,mode,text\n");
    for i in 0..150 {
        actors.push_str(&format!("a{i}{big},A,{big},{big}\n"));
        statements.push_str(&format!("s{i},{big},{big},{big},{big},{big},x\n"));
    }
    actors.push_str(&format!("{big},A,state,\n{big},A,state,\n"));
    let err = CsvImport::new()
        .actors(actors.as_bytes())
        .statements(statements.as_bytes())
        .build()
        .expect_err("invalid");
    let CsvError::Invalid(invalid) = &err else { panic!("{err}") };
    assert!(invalid.is_truncated());
    for p in invalid.problems() {
        assert!(p.to_string().len() <= ONE, "{} bytes: {p}", p.to_string().len());
    }
    assert!(err.to_string().len() <= LIST, "{}", err.to_string().len());
}
