//! Error types: one per concern, each naming the item, the field and the bad value.

use std::fmt;

use crate::model::{PartialDate, RelationKind};

/// Names one item of a dataset in an error message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Item {
    /// A source, by key.
    Source(String),
    /// An actor, by key.
    Actor(String),
    /// A relation, by position in the input (from 0) and its ends.
    Relation {
        /// Position among the relations added to the builder.
        index: usize,
        /// Key of the `from` actor.
        from: String,
        /// Its kind.
        kind: RelationKind,
        /// Key of the `to` actor.
        to: String,
    },
    /// An event, by key.
    Event(String),
    /// A statement, by key.
    Statement(String),
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Source(key) => write!(f, "source `{key}`"),
            Item::Actor(key) => write!(f, "actor `{key}`"),
            Item::Relation { index, from, kind, to } => {
                write!(f, "relation #{index} `{from} {kind} {to}`")
            }
            Item::Event(key) => write!(f, "event `{key}`"),
            Item::Statement(key) => write!(f, "statement `{key}`"),
        }
    }
}

/// One thing wrong with the data given to a [`GraphBuilder`](crate::GraphBuilder).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// A field names a key that no item of the expected kind has.
    #[error("{item}: field `{field}` refers to unknown {expected} `{key}`{}", crate::suggest::hint(.suggestions))]
    UnknownReference {
        /// The item holding the reference.
        item: Item,
        /// The field holding it (`speaker`, `targets`, `citations.source` ...).
        field: &'static str,
        /// What kind of item was expected (`actor`, `event`, `source`).
        expected: &'static str,
        /// The key that was not found.
        key: String,
        /// The nearest keys of that kind ("did you mean"), nearest first; empty when
        /// none is near (see the crate's error docs for how near).
        suggestions: Vec<String>,
    },
    /// Two items of one kind share a key within one dataset.
    #[error("{item}: duplicate key")]
    DuplicateKey {
        /// The second item with that key.
        item: Item,
    },
    /// Merged datasets disagree about an item with the same key.
    #[error("{item}: field `{field}` is `{first}` in one dataset and `{second}` in another")]
    Conflict {
        /// The item both datasets define.
        item: Item,
        /// The field they disagree on.
        field: &'static str,
        /// The value already in the builder.
        first: String,
        /// The value being merged in.
        second: String,
    },
    /// Two items a merge would make one (actors with the same external id or
    /// matching names, statements with the same words) disagree on a field.
    #[error(
        "{item} and {other} are one ({what}) but `{field}` is `{first}` in one and `{second}` in the other"
    )]
    Contradiction {
        /// The item kept.
        item: Item,
        /// The item that would be folded into it.
        other: Item,
        /// Why they are one (`same wikidata id Q1234`, `same speaker, same words` ...).
        what: String,
        /// The field they disagree on.
        field: &'static str,
        /// The kept item's value.
        first: String,
        /// The other item's value.
        second: String,
    },
    /// Two actors with different keys carry the same external id where the merge
    /// policy does not unify them (within one dataset, or under
    /// [`MergePolicy::Strict`](crate::MergePolicy::Strict)).
    #[error("actors `{first}` and `{second}` both have the {scheme} `{id}`")]
    SharedExternalId {
        /// The first actor's key.
        first: String,
        /// The second actor's key.
        second: String,
        /// `wikidata id` or `country code`.
        scheme: &'static str,
        /// The id.
        id: String,
    },
    /// A stance outside `[-1, 1]` (or not a number).
    #[error("{item}: stance toward `{target}` is {value}, outside [-1, 1]")]
    StanceOutOfRange {
        /// The statement.
        item: Item,
        /// Key of the target actor.
        target: String,
        /// The bad stance.
        value: f64,
    },
    /// A confidence outside `[0, 1]` (or not a number).
    #[error("{item}: confidence {value} is outside [0, 1]")]
    ConfidenceOutOfRange {
        /// The relation.
        item: Item,
        /// The bad confidence.
        value: f64,
    },
    /// A validity interval that ends before it starts.
    #[error("{item}: validity ends on {end}, before it starts on {start}")]
    EndsBeforeStart {
        /// The relation.
        item: Item,
        /// Its start.
        start: PartialDate,
        /// Its end.
        end: PartialDate,
    },
    /// Membership, office or part-of relations that loop back on themselves.
    #[error("hierarchy cycle: {}", .path.join(" → "))]
    HierarchyCycle {
        /// Actor keys around the cycle; the first is repeated at the end.
        path: Vec<String>,
    },
    /// A required text field is empty or blank.
    #[error("{item}: field `{field}` is empty")]
    Empty {
        /// The item.
        item: Item,
        /// The empty field (`key`, `name`, `text`, `citations.quote` ...).
        field: &'static str,
    },
    /// A relation from an actor to itself.
    #[error("{item}: relates `{key}` to itself")]
    SelfRelation {
        /// The relation.
        item: Item,
        /// The actor on both ends.
        key: String,
    },
    /// More items than a graph can index (2³² − 1 of one kind).
    #[error("too many {what}: {count}")]
    TooMany {
        /// `actors`, `relations`, `statements` ...
        what: &'static str,
        /// How many were given.
        count: usize,
    },
}

/// Every [`Problem`] found while building a graph.
///
/// ```
/// use stancegraph::{ActorKind, GraphBuilder, model::{Actor, Statement}};
///
/// let mut b = GraphBuilder::new();
/// b.add_actor(Actor::new("atlantis", "", ActorKind::State));
/// b.add_statement(Statement::new("s1", "nobody", "2022-12-29".parse()?).quote(""));
/// let err = b.build().unwrap_err();
/// assert_eq!(err.problems().len(), 3); // empty name, unknown speaker, empty quote
/// assert!(err.to_string().contains("statement `s1`: field `speaker` refers to unknown actor `nobody`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BuildError {
    problems: Vec<Problem>,
}

impl BuildError {
    pub(crate) fn new(problems: Vec<Problem>) -> Self {
        BuildError { problems }
    }

    /// The problems, in the order of the items they concern.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Takes the problems out.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "invalid dataset: {one}"),
            many => {
                write!(f, "invalid dataset: {} problems", many.len())?;
                for p in many {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The text is not valid JSON, or a value has the wrong shape or an unknown name.
    #[error("invalid dataset JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json reported.
        message: String,
    },
    /// The `format` field names a version this crate does not read.
    #[error("unsupported dataset format `{found}` (expected `{}`)", crate::model::FORMAT)]
    Format {
        /// The format tag found.
        found: String,
    },
    /// The JSON is well-formed but the data is not valid.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The bytes are not UTF-8 text.
    #[error("dataset is not UTF-8: invalid byte at line {line}, byte offset {offset}")]
    Utf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 0-based byte offset of the first invalid byte.
        offset: usize,
    },
    /// Reading from a reader failed.
    #[error("cannot read dataset: {0}")]
    Io(#[from] std::io::Error),
    /// A dataset file could not be read; the message names it:
    /// ``cannot read dataset `x.json`: No such file or directory (os error 2)``.
    #[error("cannot read dataset `{}`: {source}", path.display())]
    File {
        /// The file.
        path: std::path::PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
}

impl From<serde_json::Error> for LoadError {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            return LoadError::Io(e.into());
        }
        // serde_json appends " at line L column C" to its Display; keep the bare message.
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(cut) => message[..cut].to_owned(),
            None => message,
        };
        LoadError::Json { line: e.line(), column: e.column(), message }
    }
}

/// A name or key that does not identify exactly one actor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LookupError {
    /// No actor has that key, alias or name.
    #[error("no actor has the key, name or alias `{name}`{}", crate::suggest::hint(.suggestions))]
    Unknown {
        /// The name looked up.
        name: String,
        /// The nearest keys, names or aliases, nearest first (empty when none is near).
        suggestions: Vec<String>,
    },
    /// Several actors share that alias or name.
    #[error("`{name}` could mean any of: {}", .candidates.join(", "))]
    Ambiguous {
        /// The name looked up.
        name: String,
        /// Keys of the actors it could mean.
        candidates: Vec<String>,
    },
}
