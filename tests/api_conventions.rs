//! The Rust API Guidelines' conventions the crate promises (docs/api-guidelines.md):
//! thread safety, error traits, serde on answers, `FromStr`/`Display` agreement.

use stancegraph::query::{Alignment, Attributions, Blocs, PathSet, QueryError, StanceTimeline};
use stancegraph::{
    ActorKind, Error, Graph, Hedge, RelationKind, Role, Sign, StatementKind, TextMode, datasets,
};

fn send_sync<T: Send + Sync>() {}
fn good_error<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn graphs_answers_and_errors_cross_threads() {
    send_sync::<Graph>();
    send_sync::<Alignment>();
    send_sync::<Attributions<'static>>();
    send_sync::<PathSet<'static>>();
    send_sync::<Blocs>();
    send_sync::<StanceTimeline>();
    good_error::<Error>();
    good_error::<QueryError>();
    good_error::<stancegraph::LoadError>();
    good_error::<stancegraph::BuildError>();
    good_error::<stancegraph::LookupError>();
    good_error::<stancegraph::io::csv::CsvError>();
    good_error::<stancegraph::io::corpus::CorpusError>();
    good_error::<stancegraph::model::ParseKindError>();
}

#[test]
fn every_enum_parses_what_it_displays() {
    fn check<T: std::fmt::Display + std::str::FromStr + PartialEq + std::fmt::Debug>(all: &[T]) {
        for v in all {
            assert_eq!(v.to_string().parse::<T>().ok().as_ref(), Some(v));
        }
    }
    check(&ActorKind::ALL);
    check(&RelationKind::ALL);
    check(&StatementKind::ALL);
    check(&Hedge::ALL);
    check(&TextMode::ALL);
    check(&Sign::ALL);
    check(&Role::ALL);
    check(&stancegraph::EventKind::ALL);
    assert_eq!("condemnation".parse::<StatementKind>().ok(), Some(StatementKind::Condemnation));
}

#[test]
fn answers_serialize_with_keys_and_ids() -> Result<(), Error> {
    let g = datasets::strait_incident();
    let said = g.said().by("atlantis").rolled_up().statements()?;
    let json: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&said).expect("serializes")).expect("parses");
    assert_eq!(json.as_array().map(Vec::len), Some(said.len()));
    assert_eq!(json[0]["statement"]["key"], said[0].statement.key());
    // A statement serializes as its dataset form.
    let back: stancegraph::model::Statement =
        serde_json::from_value(json[0]["statement"].clone()).expect("the dataset's statement form");
    assert_eq!(back, said[0].statement.to_data());

    let a = g.alignment("lemuria", "hyperborea").compute()?;
    let json: serde_json::Value = serde_json::to_value(&a).expect("serializes");
    assert_eq!(json["actors"][0], a.actors[0].index());
    assert_eq!(json["evidence"].as_array().map(Vec::len), Some(a.evidence.len()));
    assert_eq!(json["evidence"][0]["component"], "relations");
    Ok(())
}

#[test]
fn views_turn_back_into_the_data_they_came_from() -> Result<(), Error> {
    let g = datasets::belarus_missile();
    let data = g.to_dataset();
    assert_eq!(data.actors, g.actors().map(|a| a.to_data()).collect::<Vec<_>>());
    let original = stancegraph::model::Dataset::from_json(datasets::BELARUS_MISSILE_JSON)?;
    assert_eq!(data.statements, original.statements);
    assert_eq!(data.relations, original.relations);
    assert_eq!(data.events, original.events);
    Ok(())
}
