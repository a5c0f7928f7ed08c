//! [`Stats`]: what a graph holds, counted by kind, for a summary.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::Graph;
use crate::model::{ActorKind, EventKind, Hedge, PartialDate, RelationKind, StatementKind, TextMode};

/// Counts of a graph's items by kind, and the span of its statements' dates.
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let stats = g.stats();
/// assert_eq!(stats.actors, g.actor_count());
/// assert_eq!(stats.actor_kinds.values().sum::<usize>(), g.actor_count());
/// assert!(stats.to_string().starts_with("actors"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Stats {
    /// Number of sources.
    pub sources: usize,
    /// Number of actors.
    pub actors: usize,
    /// Number of relations.
    pub relations: usize,
    /// Number of events.
    pub events: usize,
    /// Number of statements.
    pub statements: usize,
    /// Actors by kind.
    pub actor_kinds: BTreeMap<ActorKind, usize>,
    /// Relations by kind.
    pub relation_kinds: BTreeMap<RelationKind, usize>,
    /// Events by kind.
    pub event_kinds: BTreeMap<EventKind, usize>,
    /// Statements by kind.
    pub statement_kinds: BTreeMap<StatementKind, usize>,
    /// Statements by hedge.
    pub hedges: BTreeMap<Hedge, usize>,
    /// Statements that quote the speaker's words (the rest paraphrase).
    pub quotes: usize,
    /// Actors at the top of the hierarchy (no parent).
    pub tops: usize,
    /// The earliest and latest statement dates, when there are statements.
    pub dates: Option<(PartialDate, PartialDate)>,
}

impl Graph {
    /// Counts the graph's items by kind; see [`Stats`]. One pass over the items.
    pub fn stats(&self) -> Stats {
        fn count<K: Ord>(keys: impl Iterator<Item = K>) -> BTreeMap<K, usize> {
            let mut map = BTreeMap::new();
            for k in keys {
                *map.entry(k).or_insert(0) += 1;
            }
            map
        }
        let first = self.statements_chronological().next().map(|s| s.date());
        let last = self.statements().map(|s| s.date()).max();
        Stats {
            sources: self.source_count(),
            actors: self.actor_count(),
            relations: self.relation_count(),
            events: self.event_count(),
            statements: self.statement_count(),
            actor_kinds: count(self.actors().map(|a| a.kind())),
            relation_kinds: count(self.relations().map(|r| r.kind())),
            event_kinds: count(self.events().map(|e| e.kind())),
            statement_kinds: count(self.statements().map(|s| s.kind())),
            hedges: count(self.statements().map(|s| s.hedge())),
            quotes: self.statements().filter(|s| s.mode() == TextMode::Quote).count(),
            tops: self.actors().filter(|a| a.parents().len() == 0).count(),
            dates: first.zip(last),
        }
    }
}

impl fmt::Display for Stats {
    /// One line per kind of item, its total then its kinds by count:
    /// `actors 12: state 3, ministry 4, …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn line<K: fmt::Display>(
            f: &mut fmt::Formatter<'_>,
            what: &str,
            total: usize,
            kinds: &BTreeMap<K, usize>,
        ) -> fmt::Result {
            let mut kinds: Vec<(&K, &usize)> = kinds.iter().collect();
            // Most common first; equal counts in the kinds' order.
            kinds.sort_by(|a, b| b.1.cmp(a.1));
            let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
            if kinds.is_empty() {
                writeln!(f, "{what} {total}")
            } else {
                writeln!(f, "{what} {total}: {}", kinds.join(", "))
            }
        }
        line(f, "actors", self.actors, &self.actor_kinds)?;
        writeln!(f, "  at the top of the hierarchy: {}", self.tops)?;
        line(f, "relations", self.relations, &self.relation_kinds)?;
        line(f, "events", self.events, &self.event_kinds)?;
        line(f, "statements", self.statements, &self.statement_kinds)?;
        if self.statements > 0 {
            line(f, "  hedges", self.statements, &self.hedges)?;
            writeln!(f, "  quotes: {}, paraphrases: {}", self.quotes, self.statements - self.quotes)?;
        }
        if let Some((first, last)) = self.dates {
            writeln!(f, "  dates: {first} to {last}")?;
        }
        writeln!(f, "sources {}", self.sources)
    }
}
