//! The legend: one HTML-like table in the graph's label, under the title, in the
//! top-left corner (`labelloc="t"`, `labeljust="l"`). Dot cannot pin a node to a
//! corner (an unconnected node lands wherever crossing minimisation puts it), but a
//! graph label goes where it is told. The table lists the kinds of node shown (in
//! their fill and border) and what the edge colours and lines mean, four to a row,
//! in 8-point text.

use std::io::Write;

use super::escape::{html, wrap};
use super::style::{NodeStyle, Rgb, Style};
use super::write::Out;
use crate::model::{ActorKind, Sign};

/// How an edge sample is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    Solid,
    Bold,
    Dashed,
    Dotted,
}

/// A sample edge: its meaning, colour and line.
pub(super) type EdgeSample = (&'static str, Rgb, Line);

/// Cells per row of the legend table.
const COLUMNS: usize = 4;

/// The legend table: `node` samples (label, look, dashed) then edge samples; `None`
/// when there is nothing to explain.
pub(super) fn legend_table(nodes: &[(String, NodeStyle, bool)], edges: &[EdgeSample]) -> Option<String> {
    if nodes.is_empty() && edges.is_empty() {
        return None;
    }
    // (attributes of the cell, its text)
    let mut cells: Vec<(String, String)> = nodes
        .iter()
        .map(|(label, s, dashed)| {
            let style = if *dashed { " style=\"dashed\"" } else { "" };
            (format!(" bgcolor=\"{}\" color=\"{}\"{style}", s.fill, s.border), html(label))
        })
        .collect();
    let node_cells = cells.len();
    cells.extend(edges.iter().map(|(label, colour, line)| {
        let glyph = match line {
            Line::Solid => "——",
            Line::Bold => "<b>━━</b>",
            Line::Dashed => "– –",
            Line::Dotted => "·····",
        };
        (
            " border=\"0\" align=\"left\"".to_owned(),
            format!("<font color=\"{colour}\">{glyph} {}</font>", html(label)),
        )
    }));
    let mut w = format!(
        "<table border=\"1\" color=\"#d9d9d9\" cellborder=\"1\" cellspacing=\"2\" cellpadding=\"2\">\
         <tr><td colspan=\"{COLUMNS}\" border=\"0\"><font point-size=\"9\"><b>Legend</b></font></td></tr>"
    );
    // Node samples fill whole rows before the edge samples start a row of their own.
    for rows in [&cells[..node_cells], &cells[node_cells..]] {
        for row in rows.chunks(COLUMNS) {
            w.push_str("<tr>");
            for (attrs, text) in row {
                w.push_str(&format!("<td{attrs}><font point-size=\"8\">{text}</font></td>"));
            }
            if row.len() < COLUMNS {
                w.push_str(&format!("<td colspan=\"{}\" border=\"0\"></td>", COLUMNS - row.len()));
            }
            w.push_str("</tr>");
        }
    }
    w.push_str("</table>");
    Some(w)
}

/// The graph label: the legend, then the title (if any) beside it, both at the top,
/// as an HTML-like label (without the outer `<` `>`). Side by side because a table
/// under a wider title would be stretched to its width.
pub(super) fn title_and_legend(title: Option<&str>, legend: &str) -> String {
    let mut label = format!(
        "<table border=\"0\" cellspacing=\"0\" cellpadding=\"0\"><tr><td valign=\"top\">{legend}</td>"
    );
    if let Some(title) = title {
        // Long source titles are wrapped, so the label stays about as wide as the
        // legend plus a line of text.
        let lines: Vec<String> = title.lines().map(|l| wrap(l, Some(TITLE_WIDTH)).into_owned()).collect();
        let lines: Vec<String> = lines.join("\n").lines().map(html).collect();
        label.push_str(&format!(
            "<td valign=\"top\" align=\"left\" cellpadding=\"8\"><font point-size=\"16\">{}<br align=\"left\"/></font></td>",
            lines.join("<br align=\"left\"/>")
        ));
    }
    label.push_str("</tr></table>");
    label
}

/// Characters per line of a title beside the legend.
const TITLE_WIDTH: usize = 64;

impl<W: Write + ?Sized> Out<'_, W> {
    /// The legend of what this picture shows: actor kinds, statements, events and
    /// the meaning of relation, stance and outlet edges.
    pub(super) fn legend(&self) -> Option<String> {
        let style = self.style?;
        let (g, sel) = (self.g, self.sel);
        let mut shown = [false; ActorKind::ALL.len()];
        for a in g.actors().filter(|a| sel.shows_actor(a.id())) {
            if let Some(i) = ActorKind::ALL.iter().position(|k| *k == a.kind()) {
                shown[i] = true;
            }
        }
        let mut nodes: Vec<(String, NodeStyle, bool)> = ActorKind::ALL
            .iter()
            .zip(shown)
            .filter(|(_, on)| *on)
            .map(|(k, _)| (k.as_str().replace('_', " "), style.actor(*k).clone(), false))
            .collect();
        let statements = !sel.statements.is_empty();
        if statements {
            nodes.push(("statement".into(), style.statement().clone(), false));
            nodes.push(("hedged".into(), style.statement().clone(), true));
        }
        if !sel.events.is_empty() {
            nodes.push(("event".into(), style.event().clone(), false));
        }
        let mut edges: Vec<EdgeSample> = Vec::new();
        let relations: Vec<_> = if sel.relations {
            g.relations().filter(|r| sel.shows_relation(*r)).collect()
        } else {
            Vec::new()
        };
        if !relations.is_empty() {
            edges.extend(relation_samples(style));
            if relations.iter().any(|r| r.confidence() < 1.0) {
                edges.push(("uncertain", style.sign(Sign::Neutral), Line::Dashed));
            }
        }
        if statements {
            edges.push(("said", style.speaker(), Line::Solid));
            edges.push(("stance +", style.stance_colour(0.8), Line::Bold));
            edges.push(("stance −", style.stance_colour(-0.8), Line::Bold));
            edges.push(("carried by", style.outlet(), Line::Dotted));
        }
        legend_table(&nodes, &edges)
    }
}

/// The meaning of relation colours.
pub(super) fn relation_samples(style: &Style) -> Vec<EdgeSample> {
    let mut edges = vec![
        ("friendly", style.sign(Sign::Positive), Line::Solid),
        ("hostile", style.sign(Sign::Negative), Line::Solid),
        ("neutral", style.sign(Sign::Neutral), Line::Solid),
    ];
    if let Some(h) = style.hierarchy() {
        edges.push(("part of, office", h, Line::Solid));
    }
    edges
}
