//! The [`MergeReport`]: what a merge unified, folded and resolved.

use std::fmt;

use serde::Serialize;

use super::MergePolicy;

/// How many items of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ItemCounts {
    /// Sources.
    pub sources: usize,
    /// Actors.
    pub actors: usize,
    /// Relations.
    pub relations: usize,
    /// Events.
    pub events: usize,
    /// Statements.
    pub statements: usize,
}

impl fmt::Display for ItemCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} sources, {} actors, {} relations, {} events, {} statements",
            self.sources, self.actors, self.relations, self.events, self.statements
        )
    }
}

/// One dataset of a merge: its label, what it gave and what of that was new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartSummary {
    /// `part N`, or the label it was added with (a file name for a corpus).
    pub label: String,
    /// The items it held.
    pub given: ItemCounts,
    /// The items it added to the graph: those not unified or folded into an item
    /// already there.
    pub added: ItemCounts,
}

/// Why two actors were made one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnifyReason {
    /// The same key.
    SameKey,
    /// The same Wikidata id.
    SameWikidata {
        /// The id.
        id: String,
    },
    /// The same country code.
    SameCountry {
        /// The code.
        code: String,
    },
    /// A matching name or alias (`match_names`).
    MatchingName {
        /// The name as the merged actor gave it.
        name: String,
    },
}

impl fmt::Display for UnifyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnifyReason::SameKey => f.write_str("same key"),
            UnifyReason::SameWikidata { id } => write!(f, "same wikidata id {id}"),
            UnifyReason::SameCountry { code } => write!(f, "same country code {code}"),
            UnifyReason::MatchingName { name } => write!(f, "matching name `{name}`"),
        }
    }
}

/// An actor of a later part made one with an actor already there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unification {
    /// The key kept.
    pub kept: String,
    /// The key merged into it (the same key for [`UnifyReason::SameKey`]).
    pub merged: String,
    /// The part the merged actor came from.
    pub part: String,
    /// Why.
    pub reason: UnifyReason,
}

/// Why items were folded into one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FoldReason {
    /// The same key.
    SameKey,
    /// The same fact, identical but for citations.
    SameFact,
    /// Dates that agree up to precision; the most precise were kept.
    DatesRefined,
    /// A symmetric relation given in the other direction.
    Reversed,
    /// `leads` and `holds_office` between the same ends, folded into `leads`.
    LeadsAndOffice,
    /// The same speaker, the same words, on agreeing dates.
    SameWords,
    /// Outlet chains of several reports joined.
    OutletsJoined,
    /// A title or confidence filled in or raised.
    DetailsJoined,
}

impl fmt::Display for FoldReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FoldReason::SameKey => "same key",
            FoldReason::SameFact => "same fact",
            FoldReason::DatesRefined => "dates refined",
            FoldReason::Reversed => "given in the other direction",
            FoldReason::LeadsAndOffice => "leads and holds office folded into leads",
            FoldReason::SameWords => "same words",
            FoldReason::OutletsJoined => "outlet chains joined",
            FoldReason::DetailsJoined => "title or confidence joined",
        })
    }
}

/// Items folded into one: the item kept (as in the graph) and the ones folded in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fold {
    /// `relation `a ally b``, `statement `key``, `event `key``.
    pub item: String,
    /// The items folded into it, each with its part: `statement `k2` (part 2)`.
    pub folded: Vec<String>,
    /// How, in a fixed order.
    pub how: Vec<FoldReason>,
}

/// A difference the merge settled by a rule rather than an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// The item: `actor `palace``.
    pub item: String,
    /// The field.
    pub field: String,
    /// The value kept.
    pub kept: String,
    /// The other value.
    pub other: String,
    /// What became of the other value (`kept as an alias`, `joined`, `dropped`).
    pub how: String,
}

/// An item that could have been folded into either of two items that do not fold
/// with each other, so was kept on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftApart {
    /// The item left apart.
    pub item: String,
    /// The items it could belong to.
    pub candidates: Vec<String>,
}

/// What a merge did, in a deterministic order: parts in the order added, the rest
/// in the order the items were met. `Display` gives a readable summary; serde gives
/// the same as data.
///
/// ```
/// use stancegraph::{GraphBuilder, MergePolicy};
///
/// let seed = stancegraph::datasets::strait_incident();
/// let mut b = GraphBuilder::with_policy(MergePolicy::reconcile());
/// b.add_graph(&seed).add_graph(&seed);
/// let (graph, report) = b.build_with_report()?;
/// assert_eq!(graph, seed); // merging a dataset with itself changes nothing
/// assert_eq!(report.parts[1].added.statements, 0);
/// println!("{report}");
/// # Ok::<(), stancegraph::BuildError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// The policy used.
    pub policy: MergePolicy,
    /// Each part, in the order added.
    pub parts: Vec<PartSummary>,
    /// The items of the graph built.
    pub result: ItemCounts,
    /// Actors made one.
    pub unified: Vec<Unification>,
    /// Relations, statements and events folded into one.
    pub folded: Vec<Fold>,
    /// Differences settled by rule.
    pub resolved: Vec<Resolution>,
    /// Items not folded because they fitted more than one item.
    pub left_apart: Vec<LeftApart>,
}

impl fmt::Display for MergeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "merge of {} parts ({}): {}", self.parts.len(), self.policy, self.result)?;
        for p in &self.parts {
            writeln!(f, "  {}: {} given, {} added", p.label, p.given.total(), p.added.total())?;
        }
        if !self.unified.is_empty() {
            writeln!(f, "actors unified:")?;
            for u in &self.unified {
                if u.kept == u.merged {
                    writeln!(f, "  `{}` ({}): {}", u.kept, u.part, u.reason)?;
                } else {
                    writeln!(f, "  `{}` ← `{}` ({}): {}", u.kept, u.merged, u.part, u.reason)?;
                }
            }
        }
        if !self.folded.is_empty() {
            writeln!(f, "folded:")?;
            for x in &self.folded {
                let how: Vec<String> = x.how.iter().map(ToString::to_string).collect();
                writeln!(f, "  {} ← {}: {}", x.item, x.folded.join(", "), how.join(", "))?;
            }
        }
        if !self.resolved.is_empty() {
            writeln!(f, "resolved:")?;
            for r in &self.resolved {
                writeln!(f, "  {} `{}`: kept `{}`, `{}` {}", r.item, r.field, r.kept, r.other, r.how)?;
            }
        }
        if !self.left_apart.is_empty() {
            writeln!(f, "left apart (fits more than one):")?;
            for l in &self.left_apart {
                writeln!(f, "  {}: {}", l.item, l.candidates.join(", "))?;
            }
        }
        Ok(())
    }
}

impl ItemCounts {
    /// All items together.
    pub fn total(&self) -> usize {
        self.sources + self.actors + self.relations + self.events + self.statements
    }
}
