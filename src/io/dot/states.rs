//! The state-level view ([`View::States`](super::View::States)): one node per top
//! of hierarchy, one edge per pair of tops with their alignment score.
//!
//! **Tops.** An actor with no parent stands for itself and everything under it
//! (its *bloc*, as [`Graph::alignment`] counts it). The view draws each top with the
//! size of its bloc: `members` actors whose first-parent chain ends at it, and the
//! statements they made. Within a [budget](super::DotOptions::budget) of `B`, it keeps
//! the `B` tops with the largest `members + statements + ties` (ties: relations to
//! other blocs), in graph order among equals, and counts the rest in one
//! "+N more" node.
//!
//! **Edges.** Scores come from [`Graph::alignment_matrix`] over the kept tops (as of
//! the date, when one is set). A pair gets an edge when its alignment has any
//! evidence and `|score| ≥ 0.05`; so that hundreds of blocs stay readable, each top
//! keeps its [`EDGES_PER_TOP`] strongest edges by `|score| · confidence` (a strong
//! score on little evidence ranks low), and an edge is drawn when it is among the
//! strongest of either end. The edge is labelled with the
//! score, coloured and widened as a stance of that value (see [`Style`](super::Style)),
//! and dashed when the confidence is below 0.5; its tooltip lists the components.

use std::io::{self, Write};

use super::edges::At;
use super::legend::{EdgeSample, Line, legend_table};
use super::style::Rgb;
use super::write::{Out, actor_tooltip, stance_text};
use crate::graph::{ActorId, Graph};
use crate::query::blocs::MAX_MATRIX_ACTORS;
use crate::query::{AlignmentMatrix, PairScore};

/// The most edges each top keeps (see the module docs).
pub const EDGES_PER_TOP: usize = 4;

/// Smallest `|score|` drawn.
const MIN_SCORE: f64 = 0.05;

/// The tops of `graph` with their bloc sizes: (top, members, statements, ties).
fn tops(graph: &Graph) -> Vec<(ActorId, usize, usize, usize)> {
    let n = graph.actor_count();
    let unit = |id: ActorId| crate::query::unit_of(graph, id).index();
    let mut members = vec![0usize; n];
    let mut said = vec![0usize; n];
    let mut ties = vec![0usize; n];
    for a in graph.actors() {
        members[unit(a.id())] += 1;
    }
    for s in graph.statements() {
        said[unit(s.speaker().id())] += 1;
    }
    for r in graph.relations() {
        let (a, b) = (unit(r.from().id()), unit(r.to().id()));
        if a != b {
            ties[a] += 1;
            ties[b] += 1;
        }
    }
    graph
        .actors()
        .filter(|a| graph.parents(a.id()).len() == 0)
        .map(|a| (a.id(), members[a.id().index()], said[a.id().index()], ties[a.id().index()]))
        .collect()
}

/// The pairs `(i, j)` drawn, with their alignment, following the module docs.
fn edges(m: &AlignmentMatrix<'_>) -> Vec<(usize, usize, PairScore)> {
    let n = m.actors.len();
    let mut candidates: Vec<(usize, usize, PairScore)> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            if let Some(a) = m.get(i, j).filter(|a| a.components > 0 && a.score.abs() >= MIN_SCORE) {
                candidates.push((i, j, a));
            }
        }
    }
    // Strongest first; ties in pair order.
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&x, &y| {
        candidates[y].2.score.abs().total_cmp(&candidates[x].2.score.abs()).then(x.cmp(&y))
    });
    let mut seen = vec![0usize; n];
    let mut keep = vec![false; candidates.len()];
    for &k in &order {
        let (i, j, _) = candidates[k];
        seen[i] += 1;
        seen[j] += 1;
        keep[k] = seen[i] <= EDGES_PER_TOP || seen[j] <= EDGES_PER_TOP;
    }
    candidates.into_iter().zip(keep).filter(|(_, k)| *k).map(|(c, _)| c).collect()
}

/// The legend of the state view: the kinds of the tops and what edges mean.
pub(super) fn states_legend(graph: &Graph, style: &super::Style) -> Option<String> {
    let mut kinds: Vec<_> = tops(graph).iter().filter_map(|t| graph.actor(t.0)).map(|a| a.kind()).collect();
    kinds.sort();
    kinds.dedup();
    let nodes: Vec<_> =
        kinds.iter().map(|k| (k.as_str().replace('_', " "), style.actor(*k).clone(), false)).collect();
    let samples: [EdgeSample; 3] = [
        ("aligned", style.stance_colour(0.8), Line::Bold),
        ("opposed", style.stance_colour(-0.8), Line::Bold),
        ("little evidence", style.stance_colour(0.0), Line::Dashed),
    ];
    legend_table(&nodes, &samples)
}

impl<W: Write + ?Sized> Out<'_, W> {
    /// The whole state-level view, after the header.
    pub(super) fn states(&mut self) -> io::Result<()> {
        let g = self.g;
        let budget = self.o.budget.unwrap_or(usize::MAX).clamp(1, MAX_MATRIX_ACTORS);
        // Largest blocs first, then graph order; the kept ones go back to graph order.
        let mut all = tops(g);
        all.sort_by(|x, y| (y.1 + y.2 + y.3).cmp(&(x.1 + x.2 + x.3)).then(x.0.cmp(&y.0)));
        let left: Vec<ActorId> = all.split_off(budget.min(all.len())).into_iter().map(|t| t.0).collect();
        all.sort_by_key(|t| t.0);
        let ids: Vec<ActorId> = all.iter().map(|t| t.0).collect();
        let mut query = g.alignment_matrix(ids.iter().copied());
        if let Some(d) = self.o.as_of {
            query = query.as_of(d);
        }
        // Within MAX_MATRIX_ACTORS and with ids of this graph, the query cannot fail;
        // if it did, the picture shows the tops without edges.
        let matrix = query.compute().ok();

        for &(id, members, said, _) in &all {
            let Some(a) = g.actor(id) else { continue };
            self.indent(1)?;
            self.actor_id(id)?;
            let name = super::escape::truncate(a.name(), self.o.label_length);
            let mut label = name.into_owned();
            if members > 1 || said > 0 {
                let plural = |n: usize| if n == 1 { "" } else { "s" };
                label.push_str(&format!(
                    "\n{members} actor{} · {said} statement{}",
                    plural(members),
                    plural(said)
                ));
            }
            let record = self.style.is_some_and(|s| s.actor(a.kind()).is_record());
            self.label("label", &label, record)?;
            if let Some(style) = self.style {
                self.node_style(style.actor(a.kind()), false)?;
                self.tooltip(&actor_tooltip(a))?;
            }
            self.end()?;
        }
        if !left.is_empty() {
            self.indent(1)?;
            self.raw("\"more:tops\"")?;
            self.attr("label", &format!("+{} more", left.len()))?;
            if self.style.is_some() {
                self.attr("shape", "plaintext")?;
                self.attr("fontsize", "9")?;
                self.colour("fontcolor", Rgb::hex(0x636363))?;
                let names: Vec<&str> =
                    left.iter().take(12).filter_map(|&id| g.actor(id)).map(|a| a.name()).collect();
                let more = if left.len() > names.len() { "\n…" } else { "" };
                self.tooltip(&format!("{} more tops left out:\n{}{more}", left.len(), names.join("\n")))?;
            }
            self.end()?;
        }
        let Some(matrix) = matrix else { return Ok(()) };
        for (i, j, al) in edges(&matrix) {
            self.indent(1)?;
            self.actor_id(matrix.actors[i])?;
            self.raw(" -> ")?;
            self.actor_id(matrix.actors[j])?;
            self.attr("dir", "none")?;
            let colour = self.style.map(|s| s.stance_colour(al.score));
            self.edge_label(&stance_text(al.score), colour, At::Middle)?;
            if let Some(style) = self.style {
                self.colour("color", style.stance_colour(al.score))?;
                self.attr("penwidth", &super::write::num(style.stance_width(al.score)))?;
                if al.confidence < 0.5 {
                    self.attr("style", "dashed")?;
                }
                let name = |id: ActorId| g.actor(id).map_or("?", |a| a.name());
                // The components of the pairs drawn, computed on demand.
                let full = matrix.alignment(i, j);
                let parts: Vec<String> = full
                    .iter()
                    .flat_map(|a| a.components.iter())
                    .map(|c| format!("{} {}", c.component, stance_text(c.value)))
                    .collect();
                self.tooltip(&format!(
                    "{} – {}: alignment {} (confidence {:.2})\n{}",
                    name(matrix.actors[i]),
                    name(matrix.actors[j]),
                    stance_text(al.score),
                    al.confidence,
                    parts.join(" · ")
                ))?;
            }
            self.end()?;
        }
        Ok(())
    }
}
