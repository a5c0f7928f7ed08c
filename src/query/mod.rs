//! Queries over a built [`Graph`]: paths between actors, who said what, alignment,
//! blocs, timelines and shared framing. Every answer carries the statements and
//! relations behind it, with their citations.
//!
//! Each query is an object that reads like a sentence and is finished by a method
//! named after what it returns:
//!
//! ```
//! # fn main() -> Result<(), stancegraph::query::QueryError> {
//! let g = stancegraph::datasets::strait_incident();
//! let said = g.said().by("Poseidonia").rolled_up().about("Lemuria").statements()?;
//! let path = g.paths("vasca", "hyperborea").shortest()?;
//! let alignment = g.alignment("lemuria", "hyperborea").compute()?;
//! assert!(!said.is_empty() && path.is_some() && alignment.score > 0.5);
//! # Ok(()) }
//! ```
//!
//! | query | module | answer |
//! | --- | --- | --- |
//! | [`Graph::said`] | [`said`] | [`Attributions`]: statements in date order, with speaker and outlet chains |
//! | [`Graph::paths`] | [`paths`] | [`Path`]s whose hops explain themselves with citations |
//! | [`Graph::path_finder`] | [`distance`] | hop counts for many pairs, on reusable buffers |
//! | [`Graph::alignment`] | [`alignment`] | an [`Alignment`] score with its [`Evidence`] |
//! | [`Graph::alignment_matrix`], [`Graph::blocs`] | [`blocs`] | an [`AlignmentMatrix`], [`Blocs`] by structural balance |
//! | [`Graph::stance_profiles`] | [`profiles`] | [`StanceProfiles`]: each bloc's mean stance per target, cosine similarities |
//! | [`Graph::stance_timeline`], [`Graph::alignment_timeline`] | [`timeline`] | day-by-day [`StanceTimeline`], [`AlignmentTimeline`] |
//! | [`Graph::framing`] | [`framing`] | [`Framing`]: statements sharing a framing tag, side by side |
//!
//! Actors may be named by [`ActorId`], [`ActorRef`] or by key, name or alias (see
//! [`ActorSpec`]); a name that matches no actor is a [`QueryError`], never a panic.
//!
//! **Cost.** Queries start from the graph's indexes (statements by speaker, by
//! target, by event; relations by actor; the hierarchy) rather than scanning every
//! statement, and keep their search state inside the query object. Indexes built
//! once with the graph serve large graphs behind the same API: statements bucketed
//! by (top of the hierarchy, target) with sorted dates for rolled-up
//! [`said`](Graph::said) queries, stance sums per bucket for
//! [`stance_profiles`](Graph::stance_profiles), and flat adjacency lists for
//! [`PathFinder`] and [`PathQuery::distance`].
//!
//! **Blocs in this module** (lower case) means an actor together with everything
//! under it in the hierarchy ([`Graph::descendants`]): a state covers its
//! ministries, officials, regions and state media. [`Blocs`] (the type) are
//! coalitions found by structural balance.

pub mod alignment;
pub mod blocs;
pub mod distance;
pub mod framing;
pub mod paths;
pub mod profiles;
pub mod said;
pub mod timeline;

pub use alignment::{
    Alignment, AlignmentModel, AlignmentQuery, Component, ComponentScore, Evidence, HedgeWeights,
};
pub use blocs::{
    AlignmentMatrix, Blocs, BlocsQuery, MatrixQuery, PairScore, Partition, SignedTie, partition,
};
pub use distance::PathFinder;
pub use framing::{Framing, FramingRow};
pub use paths::{Hop, Link, Path, PathQuery, PathSet};
pub use profiles::{MAX_SIMILARITY_ACTORS, ProfilesQuery, SharedTarget, StanceProfiles, TargetStance};
pub use said::{Attribution, Attributions, GroupStance, SaidQuery, TopGroup};
pub use timeline::{
    AlignmentDay, AlignmentTimeline, AlignmentTimelineQuery, StanceDay, StanceStep, StanceTimeline,
    StanceTimelineQuery,
};

use std::collections::HashSet;

use crate::error::{Clipped, LookupError};
use crate::graph::{ActorId, ActorRef, EventId, EventRef, Graph, StatementId, StatementRef};
use crate::model::PartialDate;

/// Why a query could not be answered: it named something the graph does not hold,
/// or was given an invalid setting. Finding nothing is not an error (the answer is
/// empty).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// A name or key given for an actor matches no actor, or several.
    #[error("query field `{field}`: {source}")]
    Actor {
        /// The query field (`by`, `about`, `from`, `to` ...).
        field: &'static str,
        /// What the look-up found.
        source: LookupError,
    },
    /// An id handed out by a different, larger graph.
    #[error("query field `{field}`: {id} is not in this graph")]
    ForeignId {
        /// The query field.
        field: &'static str,
        /// The id, as printed.
        id: String,
    },
    /// No event has this key.
    #[error("query field `{field}`: no event has the key `{}`{}", Clipped::new(.key), crate::suggest::hint(.suggestions))]
    UnknownEvent {
        /// The query field.
        field: &'static str,
        /// The key looked up.
        key: String,
        /// The nearest event keys (by key or label), nearest first.
        suggestions: Vec<String>,
    },
    /// No statement has this key.
    #[error("query field `{field}`: no statement has the key `{}`{}", Clipped::new(.key), crate::suggest::hint(.suggestions))]
    UnknownStatement {
        /// The query field.
        field: &'static str,
        /// The key looked up.
        key: String,
        /// The nearest statement keys, nearest first.
        suggestions: Vec<String>,
    },
    /// A name looked up outside a query (with [`Graph::resolve`]) and carried into
    /// one with `?`.
    #[error(transparent)]
    Lookup(LookupError),
    /// A date that does not parse, carried into a query with `?`.
    #[error(transparent)]
    Date(crate::model::DateError),
    /// A setting outside its allowed range (a negative weight, a zero bound ...).
    #[error("query setting `{field}`: {} is invalid ({reason})", Clipped::new(.value))]
    InvalidSetting {
        /// The setting.
        field: &'static str,
        /// The value given, as printed.
        value: String,
        /// What is allowed.
        reason: &'static str,
    },
    /// A search used up the budget it was given before it knew the answer: not a
    /// finding that there is none. Raise the budget, or leave it unset.
    #[error(
        "query setting `{field}`: the search gave up after {budget} actor expansions, before it knew the answer"
    )]
    BudgetExhausted {
        /// The setting that bounded the search.
        field: &'static str,
        /// Its value.
        budget: usize,
    },
}

/// So that `?` works on a look-up inside a function that returns a [`QueryError`].
///
/// ```
/// use stancegraph::{Graph, query::QueryError};
///
/// fn allies_score(g: &Graph, a: &str, b: &str) -> Result<f64, QueryError> {
///     let a = g.resolve(a)?; // a LookupError becomes a QueryError
///     let since = "2031-05-01".parse()?; // so does a DateError
///     Ok(g.alignment(a, b).as_of(since).compute()?.score)
/// }
/// let g = stancegraph::datasets::strait_incident();
/// assert!(allies_score(&g, "lemuria", "hyperborea")? > 0.0);
/// assert!(matches!(allies_score(&g, "Thule", "lemuria"), Err(QueryError::Lookup(_))));
/// # Ok::<(), QueryError>(())
/// ```
impl From<LookupError> for QueryError {
    fn from(source: LookupError) -> Self {
        QueryError::Lookup(source)
    }
}

impl From<crate::model::DateError> for QueryError {
    fn from(source: crate::model::DateError) -> Self {
        QueryError::Date(source)
    }
}

impl QueryError {
    pub(crate) fn invalid(field: &'static str, value: impl ToString, reason: &'static str) -> Self {
        QueryError::InvalidSetting { field, value: value.to_string(), reason }
    }
}

/// Something that names one actor of a graph: an [`ActorId`], an [`ActorRef`], or a
/// key, name or alias (resolved with [`Graph::resolve`]).
///
/// ```
/// use stancegraph::query::ActorSpec;
/// let g = stancegraph::datasets::strait_incident();
/// let by_alias = "Poseidonia".actor_in(&g, "by")?;
/// assert_eq!(by_alias, g.resolve("atlantis")?.id());
/// assert!("Thule".actor_in(&g, "by").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait ActorSpec {
    /// The actor's id in `graph`; `field` names the query field in errors.
    fn actor_in(&self, graph: &Graph, field: &'static str) -> Result<ActorId, QueryError>;
}

impl ActorSpec for ActorId {
    fn actor_in(&self, graph: &Graph, field: &'static str) -> Result<ActorId, QueryError> {
        graph.actor(*self).map(|a| a.id()).ok_or(QueryError::ForeignId { field, id: self.to_string() })
    }
}

impl ActorSpec for ActorRef<'_> {
    fn actor_in(&self, graph: &Graph, field: &'static str) -> Result<ActorId, QueryError> {
        self.id().actor_in(graph, field)
    }
}

impl ActorSpec for str {
    fn actor_in(&self, graph: &Graph, field: &'static str) -> Result<ActorId, QueryError> {
        graph.resolve(self).map(|a| a.id()).map_err(|source| QueryError::Actor { field, source })
    }
}

impl ActorSpec for String {
    fn actor_in(&self, graph: &Graph, field: &'static str) -> Result<ActorId, QueryError> {
        self.as_str().actor_in(graph, field)
    }
}

impl<T: ActorSpec + ?Sized> ActorSpec for &T {
    fn actor_in(&self, graph: &Graph, field: &'static str) -> Result<ActorId, QueryError> {
        (**self).actor_in(graph, field)
    }
}

/// Something that names one event: an [`EventId`], an [`EventRef`] or a key.
pub trait EventSpec {
    /// The event's id in `graph`; `field` names the query field in errors.
    fn event_in(&self, graph: &Graph, field: &'static str) -> Result<EventId, QueryError>;
}

impl EventSpec for EventId {
    fn event_in(&self, graph: &Graph, field: &'static str) -> Result<EventId, QueryError> {
        graph.event(*self).map(|e| e.id()).ok_or(QueryError::ForeignId { field, id: self.to_string() })
    }
}

impl EventSpec for EventRef<'_> {
    fn event_in(&self, graph: &Graph, field: &'static str) -> Result<EventId, QueryError> {
        self.id().event_in(graph, field)
    }
}

impl EventSpec for str {
    fn event_in(&self, graph: &Graph, field: &'static str) -> Result<EventId, QueryError> {
        graph.event_by_key(self).map(|e| e.id()).ok_or_else(|| QueryError::UnknownEvent {
            field,
            key: self.to_owned(),
            suggestions: graph.suggest_events(self),
        })
    }
}

impl EventSpec for String {
    fn event_in(&self, graph: &Graph, field: &'static str) -> Result<EventId, QueryError> {
        self.as_str().event_in(graph, field)
    }
}

impl<T: EventSpec + ?Sized> EventSpec for &T {
    fn event_in(&self, graph: &Graph, field: &'static str) -> Result<EventId, QueryError> {
        (**self).event_in(graph, field)
    }
}

/// Something that names one statement: a [`StatementId`], a [`StatementRef`] or a key.
pub trait StatementSpec {
    /// The statement's id in `graph`; `field` names the query field in errors.
    fn statement_in(&self, graph: &Graph, field: &'static str) -> Result<StatementId, QueryError>;
}

impl StatementSpec for StatementId {
    fn statement_in(&self, graph: &Graph, field: &'static str) -> Result<StatementId, QueryError> {
        graph.statement(*self).map(|s| s.id()).ok_or(QueryError::ForeignId { field, id: self.to_string() })
    }
}

impl StatementSpec for StatementRef<'_> {
    fn statement_in(&self, graph: &Graph, field: &'static str) -> Result<StatementId, QueryError> {
        self.id().statement_in(graph, field)
    }
}

impl StatementSpec for str {
    fn statement_in(&self, graph: &Graph, field: &'static str) -> Result<StatementId, QueryError> {
        graph.statement_by_key(self).map(|s| s.id()).ok_or_else(|| QueryError::UnknownStatement {
            field,
            key: self.to_owned(),
            suggestions: graph.suggest_statements(self),
        })
    }
}

impl StatementSpec for String {
    fn statement_in(&self, graph: &Graph, field: &'static str) -> Result<StatementId, QueryError> {
        self.as_str().statement_in(graph, field)
    }
}

impl<T: StatementSpec + ?Sized> StatementSpec for &T {
    fn statement_in(&self, graph: &Graph, field: &'static str) -> Result<StatementId, QueryError> {
        (**self).statement_in(graph, field)
    }
}

/// A point in time up to which data counts, for "as of" queries.
///
/// Statements are ordered by date, then their `order` within the day, then
/// insertion (the order of [`Graph::statements_chronological`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Cutoff {
    /// Everything counts.
    #[default]
    All,
    /// Statements that may have been made by the end of this date: their first
    /// possible day is on or before its last day (`2022-12` counts as of `2022-12-05`).
    AsOf(PartialDate),
    /// Statements up to and including position `order` of `date`.
    Until(PartialDate, u32),
    /// Statements up to and including this one, in chronological order.
    Through(StatementId),
}

impl Cutoff {
    /// The day relations are dated against; `None` when nothing is cut.
    pub(crate) fn day(&self, graph: &Graph) -> Option<jiff::civil::Date> {
        match self {
            Cutoff::All => None,
            Cutoff::AsOf(d) => Some(d.last_day()),
            // Only what is surely before the cut: `2022-12` as a cut admits relations
            // begun by 1 December.
            Cutoff::Until(d, _) => Some(d.first_day()),
            Cutoff::Through(id) => graph.statement(*id).map(|s| s.date().last_day()),
        }
    }

    /// Whether a statement falls before the cut.
    pub(crate) fn admits(&self, graph: &Graph, id: StatementId) -> bool {
        let Some(s) = record(graph, id) else { return false };
        match self {
            Cutoff::All => true,
            Cutoff::AsOf(d) => s.date.first_day() <= d.last_day(),
            Cutoff::Until(d, order) => (s.date, s.order) <= (*d, *order),
            Cutoff::Through(last) => match record(graph, *last) {
                Some(l) => (s.date, s.order, id) <= (l.date, l.order, *last),
                None => false,
            },
        }
    }
}

/// An actor and everything under it in the hierarchy, as a sorted list with a set
/// for membership tests when it is large.
#[derive(Debug, Clone)]
pub(crate) struct Bloc {
    pub(crate) members: Vec<ActorId>,
    /// Empty for blocs of at most [`Bloc::SEARCHED`] members, which are searched.
    set: HashSet<ActorId>,
}

impl Bloc {
    /// Blocs up to this size answer `contains` by binary search: most blocs are one
    /// actor or a handful, and matrices ask millions of times.
    const SEARCHED: usize = 64;

    pub(crate) fn of(graph: &Graph, actor: ActorId) -> Bloc {
        let mut members = reach(graph, actor, &graph.children);
        members.sort();
        let set =
            if members.len() > Self::SEARCHED { members.iter().copied().collect() } else { HashSet::new() };
        Bloc { members, set }
    }

    pub(crate) fn single(actor: ActorId) -> Bloc {
        Bloc { members: vec![actor], set: HashSet::new() }
    }

    pub(crate) fn contains(&self, actor: ActorId) -> bool {
        if self.members.len() > Self::SEARCHED {
            self.set.contains(&actor)
        } else {
            self.members.binary_search(&actor).is_ok()
        }
    }

    /// Adds the members of `other`, keeping the list sorted and each once.
    pub(crate) fn extend(&mut self, other: Bloc) {
        for m in other.members {
            if self.set.insert(m) {
                self.members.push(m);
            }
        }
        self.members.sort();
    }

    /// The statements spoken by members, sorted chronologically.
    pub(crate) fn statements(&self, graph: &Graph) -> Vec<StatementId> {
        let mut ids: Vec<StatementId> =
            self.members.iter().flat_map(|m| graph.by_speaker().row(m.index()).iter().copied()).collect();
        sort_chronologically(graph, &mut ids);
        ids
    }
}

/// `start` and every actor reachable from it along `edges` (each once, breadth first).
///
/// A plain loop over the hierarchy index without a hash set per step; bloc
/// membership indexes for large graphs can replace it without changing any query.
pub(crate) fn reach(graph: &Graph, start: ActorId, edges: &crate::graph::Csr<ActorId>) -> Vec<ActorId> {
    let mut seen = HashSet::from([start]);
    let mut order = vec![start];
    let mut next = 0;
    while let Some(&at) = order.get(next) {
        next += 1;
        for &child in edges.row(at.index()) {
            if child.index() < graph.actor_count() && seen.insert(child) {
                order.push(child);
            }
        }
    }
    order
}

/// The stored record of a statement, if the id is in range.
pub(crate) fn record(graph: &Graph, id: StatementId) -> Option<&crate::graph::StatementRec> {
    (id.index() < graph.statements.len()).then(|| graph.statements.rec(id))
}

/// Sorts statement ids (handed out by `graph`) by date, then order within the day, then id, and drops repeats.
pub(crate) fn sort_chronologically(graph: &Graph, ids: &mut Vec<StatementId>) {
    ids.sort_by_key(|id| {
        let s = graph.statements.rec(*id);
        (s.date, s.order, *id)
    });
    ids.dedup();
}

/// The actor a target is counted under when comparing stances toward third parties:
/// the top of its chain ([`Graph::chain_up`]), so a ministry counts as its state.
/// Read from the graph's index of tops, built once with the graph.
pub(crate) fn unit_of(graph: &Graph, actor: ActorId) -> ActorId {
    graph.index.unit(actor)
}

/// Joins citations as `a ¶1, b ¶2`.
/// Repeats of the same short form (two quotes from one paragraph) are shown once.
pub(crate) fn cite_list(citations: &[crate::model::Citation]) -> String {
    let mut shown: Vec<String> = Vec::new();
    for c in citations {
        let text = c.to_string();
        if !shown.contains(&text) {
            shown.push(text);
        }
    }
    shown.join(", ")
}
