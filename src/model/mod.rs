//! The vocabulary: actors, relations, statements, events, sources and dates.
//!
//! These are plain data, keyed by human-readable strings, exactly as a dataset
//! writes them. They know nothing of graphs: hand them to a
//! [`GraphBuilder`](crate::GraphBuilder) to get a validated [`Graph`](crate::Graph).

mod actor;
mod date;
mod event;
mod external;
mod keyword;
mod relation;
mod source;
mod statement;

pub use actor::{Actor, ActorKind};
pub use date::{DateError, PartialDate, Precision};
pub use event::{Event, EventKind, Participant, Role};
pub use external::{CountryCode, ExternalIdError, WikidataId};
pub use keyword::ParseKindError;
pub(crate) use relation::holds_on as relation_holds_on;
pub use relation::{Relation, RelationKind, Sign};
pub use source::{Citation, Source};
pub use statement::{Hedge, Statement, StatementKind, Target, TextMode};

use serde::{Deserialize, Serialize};

/// The version tag every dataset carries in its `format` field.
pub const FORMAT: &str = "stancegraph/1";

/// A whole dataset in its keyed, serializable form: what a JSON file holds.
///
/// ```
/// use stancegraph::{ActorKind, model::{Actor, Dataset}};
///
/// let mut data = Dataset::default();
/// data.actors.push(Actor::new("atlantis", "Atlantis", ActorKind::State));
/// let graph = data.build()?;
/// assert_eq!(graph.actor_count(), 1);
/// # Ok::<(), stancegraph::BuildError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Dataset {
    /// Always [`FORMAT`]; checked on load.
    pub format: String,
    /// Source documents.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Actors.
    #[serde(default)]
    pub actors: Vec<Actor>,
    /// Relations between actors.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Events.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Statements.
    #[serde(default)]
    pub statements: Vec<Statement>,
}

impl Default for Dataset {
    fn default() -> Self {
        Dataset {
            format: FORMAT.to_owned(),
            sources: Vec::new(),
            actors: Vec::new(),
            relations: Vec::new(),
            events: Vec::new(),
            statements: Vec::new(),
        }
    }
}

impl Dataset {
    /// Validates the dataset and builds a [`Graph`](crate::Graph) from it.
    ///
    /// Returns every problem found, not only the first.
    pub fn build(self) -> Result<crate::Graph, crate::BuildError> {
        let mut builder = crate::GraphBuilder::new();
        builder.add_dataset(self);
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::keyword::round_trips;
    use super::*;

    #[test]
    fn every_vocabulary_reads_back_what_it_writes_and_serde_agrees() {
        round_trips(&ActorKind::ALL);
        round_trips(&RelationKind::ALL);
        round_trips(&Sign::ALL);
        round_trips(&StatementKind::ALL);
        round_trips(&Hedge::ALL);
        round_trips(&TextMode::ALL);
        round_trips(&EventKind::ALL);
        round_trips(&Role::ALL);
        round_trips(&Precision::ALL);
    }

    #[test]
    fn aliases_read_as_in_datasets() {
        assert_eq!("org".parse::<ActorKind>().ok(), Some(ActorKind::Organization));
        assert_eq!("membership".parse::<RelationKind>().ok(), Some(RelationKind::MemberOfAlliance));
        assert_eq!("coordinates_with".parse::<RelationKind>().ok(), Some(RelationKind::Cooperates));
        let json: RelationKind = serde_json::from_str("\"partner\"").expect("an alias");
        assert_eq!(json, RelationKind::Cooperates);
    }

    #[test]
    fn unknown_names_list_or_suggest() {
        let err = "sideways".parse::<Hedge>().expect_err("not a hedge");
        assert_eq!(
            err.to_string(),
            "unknown hedge `sideways` (expected one of: asserted, likely, possible, unlikely)"
        );
    }
}
