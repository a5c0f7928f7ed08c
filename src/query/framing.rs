//! Framing: the statements that share a framing tag, side by side.
//!
//! The same words can point in opposite directions, so this query lines up who used
//! a frame, about whom and with what stance, and leaves the judgement of agreement to
//! [alignment](super::alignment), which compares targets and stances only.

use super::said::Attribution;
use crate::graph::{Graph, TargetRef};
use serde::Serialize;

/// One statement using a frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FramingRow<'g> {
    /// The statement with its speaker and outlet chains.
    pub attribution: Attribution<'g>,
    /// Its targets, with stances.
    pub targets: Vec<TargetRef<'g>>,
}

/// The statements sharing one framing tag, in chronological order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Framing<'g> {
    /// The tag, lower case.
    pub tag: String,
    /// The statements.
    pub rows: Vec<FramingRow<'g>>,
}

impl<'a, 'g> IntoIterator for &'a Framing<'g> {
    type Item = &'a FramingRow<'g>;
    type IntoIter = std::slice::Iter<'a, FramingRow<'g>>;

    /// The rows, in chronological order.
    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter()
    }
}

impl Framing<'_> {
    /// Whether the frame is used by speakers under more than one top (state).
    pub fn is_shared(&self) -> bool {
        let mut tops: Vec<_> =
            self.rows.iter().filter_map(|r| r.attribution.speaker_chain.last().map(|a| a.id())).collect();
        tops.sort();
        tops.dedup();
        tops.len() > 1
    }
}

impl std::fmt::Display for Framing<'_> {
    /// One line per statement: date | speaker chain | targets with stances | hedge | text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "framing “{}”", self.tag)?;
        for row in &self.rows {
            let s = &row.attribution.statement;
            let targets: Vec<String> =
                row.targets.iter().map(|t| format!("{} {:+.2}", t.actor.name(), t.stance)).collect();
            writeln!(
                f,
                "  {} | {} | {} | {} | {}",
                s.date(),
                row.attribution.chain_text(),
                targets.join(", "),
                s.hedge(),
                s.text()
            )?;
        }
        Ok(())
    }
}

impl Graph {
    /// The statements tagged with `tag` (case ignored), with speakers and targets.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let f = g.framing("provocation");
    /// assert!(f.is_shared());
    /// let targets: Vec<&str> = f.rows.iter().map(|r| r.targets[0].actor.key()).collect();
    /// assert_eq!(targets, ["lemuria", "atlantis"]); // same word, opposite accusations
    /// ```
    pub fn framing(&self, tag: &str) -> Framing<'_> {
        let rows = self
            .said()
            .framing(tag)
            .statements()
            .map(|a| {
                a.into_iter()
                    .map(|attribution| FramingRow {
                        targets: attribution.statement.targets().collect(),
                        attribution,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Framing { tag: tag.to_lowercase(), rows }
    }

    /// Every framing tag with how many statements use it, most used first, then by tag.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// assert_eq!(g.framing_tags(), [("provocation".to_owned(), 2)]);
    /// ```
    pub fn framing_tags(&self) -> Vec<(String, usize)> {
        let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for s in self.statements() {
            let mut tags: Vec<String> = s.framing().map(str::to_lowercase).collect();
            tags.sort();
            tags.dedup();
            for t in tags {
                *counts.entry(t).or_default() += 1;
            }
        }
        let mut list: Vec<(String, usize)> = counts.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list
    }
}
