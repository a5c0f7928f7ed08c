//! Many articles, one world: how a [`GraphBuilder`](crate::GraphBuilder) merges
//! datasets ([`MergePolicy`]) and what it did ([`MergeReport`]).
//!
//! Each dataset added to a builder is a *part*. Under [`MergePolicy::Strict`] (the
//! default) the same key in two parts is the same item, and any difference but
//! aliases, participants and citations is an error. [`MergePolicy::Reconcile`] is
//! for corpora encoded independently, article by article:
//!
//! - **Actors** with the same key, the same Wikidata id or the same country code are
//!   one actor; with `match_names`, so are actors of different parts whose names or
//!   aliases match (case, spacing, `-`/`_` and a leading "the" ignored) and whose
//!   kinds agree, when exactly one earlier actor matches. The first name wins, the
//!   others become aliases; aliases, descriptions (joined with ` / `), citations and
//!   external ids are united. A different kind, or two different ids of one
//!   scheme, is still an error naming both sides.
//! - **Relations** with the same ends (either order for symmetric kinds) and kind
//!   whose validity agrees up to date precision (each bound equal, one refining the
//!   other, or one side open) and whose titles agree (equal or one missing) are one
//!   relation, with the most precise dates, every citation and the highest
//!   confidence. `leads` and `holds_office` between the same ends fold into `leads`,
//!   keeping the office's title. A relation that would fit two relations that do not
//!   fit each other (an undated summons beside two dated ones) is left apart, and
//!   listed: folding never depends on the order of the parts.
//! - **Statements** with the same key, or by the same speaker with the same
//!   non-empty words on agreeing dates, are one statement with the most precise
//!   date, every outlet chain ([`Statement::also_via`](crate::model::Statement::also_via))
//!   and every citation. Different words under one key, or the same words coded with
//!   other targets, stances, hedge, kind or mode in another part, are errors naming
//!   both.
//! - **Events** and **sources** with the same key merge as under `Strict`, except
//!   that a missing field is filled, a differing event label keeps the first and an
//!   event date may be refined.
//!
//! **Counting once, trusting more.** A folded fact is one item, so alignment,
//! profiles, timelines and blocs count it once; its citations from several
//! independent sources raise the confidence of answers built on it (see
//! [`alignment`](crate::query::alignment)), never its weight.

mod reconcile;
mod report;

pub(crate) use reconcile::{Items, Kind, Parts, describe_relation, merge_actor, reconcile, unite};
pub use report::{
    Fold, FoldReason, ItemCounts, LeftApart, MergeReport, PartSummary, Resolution, Unification, UnifyReason,
};

use serde::Serialize;

/// How a [`GraphBuilder`](crate::GraphBuilder) merges the datasets added to it; see
/// the [module docs](self).
///
/// ```
/// use stancegraph::{GraphBuilder, MergePolicy};
///
/// let mut b = GraphBuilder::with_policy(MergePolicy::Reconcile { match_names: true });
/// b.add_graph(&stancegraph::datasets::strait_incident());
/// let (graph, report) = b.build_with_report()?;
/// assert!(report.unified.is_empty());
/// assert_eq!(graph.actor_count(), stancegraph::datasets::strait_incident().actor_count());
/// # Ok::<(), stancegraph::BuildError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MergePolicy {
    /// The same key is the same item; anything else that differs is an error.
    #[default]
    Strict,
    /// Unify, fold and resolve as the module docs say.
    Reconcile {
        /// Also unify actors of different parts whose names or aliases match.
        match_names: bool,
    },
}

impl MergePolicy {
    /// [`MergePolicy::Reconcile`] without name matching: keys and external ids only.
    pub fn reconcile() -> Self {
        MergePolicy::Reconcile { match_names: false }
    }

    pub(crate) fn is_reconcile(self) -> bool {
        matches!(self, MergePolicy::Reconcile { .. })
    }
}

impl std::fmt::Display for MergePolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergePolicy::Strict => f.write_str("strict"),
            MergePolicy::Reconcile { match_names: false } => f.write_str("reconcile"),
            MergePolicy::Reconcile { match_names: true } => f.write_str("reconcile, names matched"),
        }
    }
}
