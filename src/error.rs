//! Error types: one per concern, each naming the item, the field and the bad value.
//!
//! Every message is bounded in size, whatever the input: a value longer than
//! [`CLIP_CHARS`] characters is shown as its start and end around the number of bytes
//! left out ([`Clipped`]), a cycle longer than a few actors as its first and last
//! keys ([`CyclePath`]), and a list of problems as its first [`LIST_PROBLEMS`] and a
//! count of the rest. The values themselves stay whole in the error's fields.

use std::fmt;

use crate::model::{PartialDate, RelationKind};

/// The longest value, in characters, that an error message shows whole.
pub(crate) const CLIP_CHARS: usize = 80;

/// How many problems a message lists before it counts the rest.
pub(crate) const LIST_PROBLEMS: usize = 100;

/// A value as an error message shows it: whole up to `max` characters (default
/// [`CLIP_CHARS`]), else its first and last characters around the number of bytes
/// left out, so that a 1 GB value makes a short message.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clipped<'a>(pub(crate) &'a str, pub(crate) usize);

impl<'a> Clipped<'a> {
    pub(crate) fn new(value: &'a str) -> Self {
        Clipped(value, CLIP_CHARS)
    }
}

/// `value` clipped as [`Clipped`] shows it, for errors that keep only the message.
pub(crate) fn clipped(value: &str) -> String {
    Clipped::new(value).to_string()
}

impl fmt::Display for Clipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, max) = (self.0, self.1.max(4));
        // A character is at most 4 bytes: short strings need no counting.
        if s.len() <= max {
            return f.write_str(s);
        }
        let (head_chars, tail_chars) = (max * 2 / 3, max / 3);
        let head = s.char_indices().nth(head_chars).map_or(s.len(), |(i, _)| i);
        let tail = s.char_indices().rev().nth(tail_chars.saturating_sub(1)).map_or(0, |(i, _)| i);
        if tail <= head {
            return f.write_str(s);
        }
        write!(f, "{}… ({} bytes left out) …{}", &s[..head], tail - head, &s[tail..])
    }
}

/// The keys around a hierarchy cycle, joined by arrows; a long cycle shows its first
/// and last keys around the number left out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CyclePath<'a>(pub(crate) &'a [String]);

impl fmt::Display for CyclePath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEAD: usize = 8;
        const TAIL: usize = 3;
        let keys = self.0;
        let cut = keys.len() > HEAD + TAIL + 1;
        for (i, key) in keys.iter().enumerate() {
            if cut && (HEAD..keys.len() - TAIL).contains(&i) {
                if i == HEAD {
                    write!(f, " → … ({} more) …", keys.len() - HEAD - TAIL)?;
                }
                continue;
            }
            if i > 0 {
                f.write_str(" → ")?;
            }
            write!(f, "{}", Clipped::new(key))?;
        }
        Ok(())
    }
}

/// Writes each item on its own line (`\n  - `), the first [`LIST_PROBLEMS`] of them,
/// then how many more there are.
pub(crate) fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for p in items.iter().take(LIST_PROBLEMS) {
        write!(f, "\n  - {p}")?;
    }
    if items.len() > LIST_PROBLEMS {
        write!(f, "\n  - … and {} more", items.len() - LIST_PROBLEMS)?;
    }
    Ok(())
}

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
            Item::Source(key) => write!(f, "source `{}`", Clipped::new(key)),
            Item::Actor(key) => write!(f, "actor `{}`", Clipped::new(key)),
            Item::Relation { index, from, kind, to } => {
                write!(f, "relation #{index} `{} {kind} {}`", Clipped::new(from), Clipped::new(to))
            }
            Item::Event(key) => write!(f, "event `{}`", Clipped::new(key)),
            Item::Statement(key) => write!(f, "statement `{}`", Clipped::new(key)),
        }
    }
}

/// One thing wrong with the data given to a [`GraphBuilder`](crate::GraphBuilder).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// A field names a key that no item of the expected kind has.
    #[error(
        "{item}: field `{field}` refers to unknown {expected} `{}`{}",
        Clipped::new(.key),
        crate::suggest::hint(.suggestions)
    )]
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
    #[error(
        "{item}: field `{field}` is `{}` in one dataset and `{}` in another",
        Clipped::new(.first),
        Clipped::new(.second)
    )]
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
        "{item} and {other} are one ({}) but `{field}` is `{}` in one and `{}` in the other",
        Clipped::new(.what),
        Clipped::new(.first),
        Clipped::new(.second)
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
    #[error(
        "actors `{}` and `{}` both have the {scheme} `{}`",
        Clipped::new(.first),
        Clipped::new(.second),
        Clipped::new(.id)
    )]
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
    #[error("{item}: stance toward `{}` is {value}, outside [-1, 1]", Clipped::new(.target))]
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
    #[error("hierarchy cycle: {}", CyclePath(.path))]
    HierarchyCycle {
        /// Actor keys around the cycle; the first is repeated at the end. The
        /// message shows at most a dozen of them.
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
    #[error("{item}: relates `{}` to itself", Clipped::new(.key))]
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
/// All of them are kept; the message lists the first 100 and counts the rest.
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
                write_list(f, many)
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
    #[error("unsupported dataset format `{}` (expected `{}`)", Clipped::new(.found), crate::model::FORMAT)]
    Format {
        /// The format tag found.
        found: String,
    },
    /// The JSON object has no `format` field: it may not be a dataset.
    #[error(
        "not a dataset: the `format` field is missing (expected `\"format\": \"{}\"`)",
        crate::model::FORMAT
    )]
    MissingFormat,
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
            Some(cut) => &message[..cut],
            None => &message,
        };
        // serde_json quotes the bad value, which may be as long as the input.
        let message = Clipped(message, 4 * CLIP_CHARS).to_string();
        // serde_json says column 0 for an error before the first character of a line.
        LoadError::Json { line: e.line().max(1), column: e.column().max(1), message }
    }
}

/// A name or key that does not identify exactly one actor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LookupError {
    /// No actor has that key, alias or name.
    #[error("no actor has the key, name or alias `{}`{}", Clipped::new(.name), crate::suggest::hint(.suggestions))]
    Unknown {
        /// The name looked up.
        name: String,
        /// The nearest keys, names or aliases, nearest first (empty when none is near).
        suggestions: Vec<String>,
    },
    /// Several actors share that alias or name.
    #[error("`{}` could mean any of: {}", Clipped::new(.name), Candidates(.candidates))]
    Ambiguous {
        /// The name looked up.
        name: String,
        /// Keys of the actors it could mean.
        candidates: Vec<String>,
    },
}

/// Candidate keys, the first ten of them and a count of the rest.
struct Candidates<'a>(&'a [String]);

impl fmt::Display for Candidates<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 10;
        for (i, key) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", Clipped::new(key))?;
        }
        if self.0.len() > SHOWN {
            write!(f, " and {} more", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Clipped, CyclePath};

    #[test]
    fn long_values_are_clipped_at_char_boundaries() {
        assert_eq!(Clipped::new("short").to_string(), "short");
        let long = "ж".repeat(1000);
        let shown = Clipped::new(&long).to_string();
        assert!(shown.starts_with(&"ж".repeat(53)) && shown.ends_with(&"ж".repeat(26)), "{shown}");
        assert!(shown.contains("… (1842 bytes left out) …"), "{shown}");
        let exact = "x".repeat(80);
        assert_eq!(Clipped::new(&exact).to_string(), exact);
    }

    #[test]
    fn long_cycles_show_their_ends() {
        let keys: Vec<String> = (0..20).map(|i| format!("k{i}")).chain(["k0".to_owned()]).collect();
        assert_eq!(
            CyclePath(&keys).to_string(),
            "k0 → k1 → k2 → k3 → k4 → k5 → k6 → k7 → … (10 more) … → k18 → k19 → k0"
        );
        let short: Vec<String> = ["a", "b", "a"].map(str::to_owned).to_vec();
        assert_eq!(CyclePath(&short).to_string(), "a → b → a");
    }
}
