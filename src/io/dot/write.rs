//! Writing the DOT text: header, title, (clustered) nodes; `edges.rs` writes the
//! edges, `legend.rs` the legend and `states.rs` the whole state-level view.

use std::io::{self, Write};

use super::escape::{Quote, truncate, wrap, write_escaped, write_quoted};
use super::legend::title_and_legend;
use super::select::{Left, Selection, Summary};
use super::style::{NodeStyle, Rgb};
use super::{DotOptions, Style, Title, View};
use crate::graph::{ActorId, ActorRef, EventRef, Graph, StatementId, StatementRef};
use crate::model::{Hedge, TextMode};

/// Prefixes that mark statement, event, legend and summary ids; an actor key
/// starting with one of them gets `actor:` in front so ids never collide.
const RESERVED: [&str; 5] = ["actor:", "statement:", "event:", "legend:", "more:"];

/// Writes the whole export.
pub(super) fn write<W: Write + ?Sized>(graph: &Graph, options: &DotOptions, w: &mut W) -> io::Result<()> {
    let sel = Selection::new(graph, options);
    let ids = Ids::new(graph);
    let mut out =
        Out { g: graph, o: options, style: options.style.as_ref(), sel: &sel, ids: &ids, w, open: false };
    out.header()?;
    if options.view == View::States {
        out.states()?;
        return out.w.write_all(b"}\n");
    }
    out.nodes()?;
    out.relations()?;
    out.statement_edges()?;
    out.event_edges()?;
    out.summary_edges()?;
    out.w.write_all(b"}\n")
}

/// Whether an actor key needs `actor:` in front of its id.
pub(super) fn reserved(key: &str) -> bool {
    RESERVED.iter().any(|p| key.starts_with(p))
}

/// Every actor's node id, quoted and escaped once, so that each of (possibly
/// millions of) edges copies bytes instead of escaping its ends again.
///
/// Edges name actors in no particular order, so at a few hundred thousand actors
/// each look-up is a cache miss; short ids (the usual case) are therefore stored
/// inline in 16-byte slots, one cache line per look-up instead of two or three.
struct Ids {
    /// Per actor: the id's length then its bytes, or length 0 when it is longer
    /// than [`INLINE`] and lives in `bytes`.
    short: Vec<[u8; 16]>,
    bytes: Vec<u8>,
    /// Actor `i`'s long id is `bytes[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<usize>,
}

/// Longest id kept inline in [`Ids`].
const INLINE: usize = 15;

impl Ids {
    fn new(graph: &Graph) -> Ids {
        let mut bytes = Vec::with_capacity(graph.actor_count() * 16);
        let mut ends = Vec::with_capacity(graph.actor_count());
        let mut short = Vec::with_capacity(graph.actor_count());
        for a in graph.actors() {
            let key = a.key();
            let start = bytes.len();
            bytes.push(b'"');
            if reserved(key) {
                bytes.extend_from_slice(b"actor:");
            }
            // Writing to a Vec cannot fail.
            let _ = write_escaped(&mut bytes, key, Quote::Id);
            bytes.push(b'"');
            let id = &bytes[start..];
            let mut slot = [0u8; 16];
            if id.len() <= INLINE {
                slot[0] = id.len() as u8;
                slot[1..=id.len()].copy_from_slice(id);
                bytes.truncate(start);
            }
            short.push(slot);
            ends.push(bytes.len());
        }
        Ids { short, bytes, ends }
    }

    fn get(&self, id: ActorId) -> &[u8] {
        let i = id.index();
        if let Some(slot) = self.short.get(i).filter(|s| s[0] > 0) {
            return &slot[1..=usize::from(slot[0])];
        }
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.bytes.get(start..end).unwrap_or_default()
    }
}

pub(super) struct Out<'a, W: Write + ?Sized> {
    pub(super) g: &'a Graph,
    pub(super) o: &'a DotOptions,
    pub(super) style: Option<&'a Style>,
    pub(super) sel: &'a Selection,
    ids: &'a Ids,
    pub(super) w: &'a mut W,
    /// Whether an attribute list `[` is open.
    open: bool,
}

/// A number for DOT, with two decimals and no trailing zeros.
pub(super) fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_owned() } else { s.to_owned() }
}

/// A stance as a reader writes it: `+0.8`, `−0.6` (a true minus sign), `0`.
pub(super) fn stance_text(stance: f64) -> String {
    let s = num(stance);
    match s.strip_prefix('-') {
        Some(digits) => format!("−{digits}"),
        None if s == "0" => s,
        None => format!("+{s}"),
    }
}

impl<W: Write + ?Sized> Out<'_, W> {
    // ---- low-level writing ---------------------------------------------------------

    pub(super) fn raw(&mut self, s: &str) -> io::Result<()> {
        self.w.write_all(s.as_bytes())
    }

    pub(super) fn quoted(&mut self, s: &str, mode: Quote) -> io::Result<()> {
        write_quoted(self.w, s, mode)
    }

    pub(super) fn actor_id(&mut self, id: ActorId) -> io::Result<()> {
        self.w.write_all(self.ids.get(id))
    }

    /// Reads actor `id`'s node id ahead of its use (see `relations`); the value is
    /// meaningless.
    pub(super) fn touch_id(&self, id: ActorId) -> u8 {
        self.ids.short.get(id.index()).map_or(0, |slot| slot[0])
    }

    pub(super) fn prefixed_id(&mut self, prefix: &str, key: &str) -> io::Result<()> {
        self.w.write_all(b"\"")?;
        self.raw(prefix)?;
        write_escaped(self.w, key, Quote::Id)?;
        self.w.write_all(b"\"")
    }

    /// The id of the "+N more" node of `summary`: `more:<what>:` and the anchor's id.
    pub(super) fn summary_id(&mut self, summary: &Summary) -> io::Result<()> {
        let what = match summary.what {
            Left::Actors => "more:actors:",
            Left::Statements => "more:statements:",
            Left::Events => "more:events:",
        };
        let key = self.g.actor(summary.anchor).map_or("", |a| a.key());
        let prefix = if reserved(key) { format!("{what}actor:") } else { what.to_owned() };
        self.prefixed_id(&prefix, key)
    }

    /// Starts or continues an attribute list with `name=`.
    pub(super) fn key(&mut self, name: &str) -> io::Result<()> {
        self.raw(if self.open { ", " } else { " [" })?;
        self.open = true;
        self.raw(name)?;
        self.raw("=")
    }

    pub(super) fn attr(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.key(name)?;
        self.quoted(value, Quote::Label)
    }

    pub(super) fn tooltip(&mut self, value: &str) -> io::Result<()> {
        self.key("tooltip")?;
        self.quoted(value, Quote::Tooltip)
    }

    pub(super) fn label(&mut self, name: &str, value: &str, record: bool) -> io::Result<()> {
        self.key(name)?;
        self.quoted(value, if record { Quote::RecordLabel } else { Quote::Label })
    }

    pub(super) fn colour(&mut self, name: &str, value: Rgb) -> io::Result<()> {
        self.key(name)?;
        write!(self.w, "\"{value}\"")
    }

    /// Ends an attribute list (if any) and the statement.
    pub(super) fn end(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.open) {
            self.raw("]")?;
        }
        self.raw(";\n")
    }

    pub(super) fn indent(&mut self, depth: usize) -> io::Result<()> {
        if self.style.is_some() {
            for _ in 0..depth {
                self.raw("  ")?;
            }
        }
        Ok(())
    }

    pub(super) fn node_style(&mut self, s: &NodeStyle, dashed: bool) -> io::Result<()> {
        self.attr("shape", &s.shape)?;
        let mut flags = String::from("filled");
        for flag in s.flags.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            flags.push(',');
            flags.push_str(flag);
        }
        if dashed {
            flags.push_str(",dashed");
        }
        self.attr("style", &flags)?;
        self.colour("fillcolor", s.fill)?;
        self.colour("color", s.border)
    }

    // ---- header and title ----------------------------------------------------------

    fn header(&mut self) -> io::Result<()> {
        self.raw("digraph \"stancegraph\" {\n")?;
        let title = self.title();
        if let Some(style) = self.style {
            let font = style.font().to_owned();
            self.raw("  graph")?;
            self.attr("fontname", &font)?;
            self.attr("rankdir", if self.o.left_to_right { "LR" } else { "TB" })?;
            self.attr("newrank", "true")?;
            self.attr("nodesep", "0.3")?;
            self.attr("ranksep", "0.5")?;
            self.attr("pad", "0.3")?;
            self.attr("outputorder", "edgesfirst")?;
            let legend = match self.o.view {
                _ if !self.o.legend => None,
                View::States => super::states::states_legend(self.g, style),
                _ => self.legend(),
            };
            if let Some(legend) = legend {
                self.key("label")?;
                write!(self.w, "<{}>", title_and_legend(title.as_deref(), &legend))?;
                self.attr("labelloc", "t")?;
                self.attr("labeljust", "l")?;
            } else if let Some(t) = &title {
                self.attr("label", t)?;
                self.attr("labelloc", "t")?;
                self.attr("fontsize", "18")?;
            }
            self.end()?;
            self.raw("  node")?;
            self.attr("fontname", &font)?;
            self.attr("fontsize", "11")?;
            self.attr("margin", "0.12,0.06")?;
            self.end()?;
            self.raw("  edge")?;
            self.attr("fontname", &font)?;
            self.attr("fontsize", "9")?;
            self.attr("arrowsize", "0.7")?;
            self.end()?;
        } else {
            if self.o.left_to_right {
                self.raw("rankdir=\"LR\";\n")?;
            }
            if self.o.clusters {
                // Without it Graphviz 2.43 gives up on some edges between clusters
                // ("lost ... edge"); the styled header sets it too.
                self.raw("newrank=\"true\";\n")?;
            }
            if let Some(t) = &title {
                self.raw("label=")?;
                self.quoted(t, Quote::Label)?;
                self.raw(";\n")?;
            }
        }
        Ok(())
    }

    pub(super) fn title(&self) -> Option<String> {
        match &self.o.title {
            Title::None => None,
            Title::Custom(t) => Some(t.clone()),
            Title::Sources => {
                let mut lines: Vec<String> = self
                    .g
                    .sources()
                    .map(|s| {
                        let data = s.data();
                        let mut line = data.title.clone();
                        let by: Vec<String> =
                            data.publisher.iter().cloned().chain(data.date.map(|d| d.to_string())).collect();
                        if !by.is_empty() {
                            line.push_str(" — ");
                            line.push_str(&by.join(", "));
                        }
                        line
                    })
                    .collect();
                let mut view = match self.o.view {
                    View::Actors => "Actors and relations".to_owned(),
                    View::Statements => "Who said what about whom".to_owned(),
                    View::Everything => "Actors, relations, statements and events".to_owned(),
                    View::Neighbourhood { actor, depth } => {
                        let name = self.g.actor(actor).map_or("?", |a| a.name());
                        let steps = if depth == 1 { "step" } else { "steps" };
                        let left: usize = self
                            .sel
                            .summaries
                            .iter()
                            .filter(|s| s.what == Left::Actors)
                            .map(|s| s.count)
                            .sum();
                        let shown = self.sel.actors.iter().filter(|&&a| a).count();
                        let of = if left > 0 {
                            format!(" ({shown} of {} actors)", shown + left)
                        } else {
                            String::new()
                        };
                        format!("Within {depth} {steps} of {name}{of}")
                    }
                    View::States => "Alignment between the tops of the hierarchy".to_owned(),
                };
                if let Some(d) = self.o.as_of {
                    view.push_str(&format!(", as of {d}"));
                }
                lines.push(view);
                Some(lines.join("\n"))
            }
        }
    }

    // ---- nodes ---------------------------------------------------------------------

    fn nodes(&mut self) -> io::Result<()> {
        let (g, sel) = (self.g, self.sel);
        if self.o.clusters {
            self.clustered_nodes()?;
        } else {
            for a in g.actors().filter(|a| sel.shows_actor(a.id())) {
                self.actor_node(a.id(), 1)?;
            }
            for &s in &sel.statements {
                self.statement_node(s, 1)?;
            }
        }
        for event in sel.events.iter().filter_map(|&e| g.event(e)) {
            self.event_node(event)?;
        }
        for summary in &sel.summaries {
            self.summary_node(summary)?;
        }
        Ok(())
    }

    /// Actors and statements grouped by the top of their hierarchy chain; a top with
    /// nothing under it shown (and nothing said) stays outside any cluster.
    fn clustered_nodes(&mut self) -> io::Result<()> {
        let (g, sel) = (self.g, self.sel);
        // The top of each actor's first-parent chain, from the graph's index: a
        // walk up the chain per actor would cost the depth of the hierarchy each.
        let top = |id: ActorId| crate::query::unit_of(g, id);
        // members[top] = (actors, statements), in graph and date order.
        let mut members: Vec<(Vec<ActorId>, Vec<StatementId>)> =
            vec![(Vec::new(), Vec::new()); g.actor_count()];
        for a in g.actors().filter(|a| sel.shows_actor(a.id())) {
            members[top(a.id()).index()].0.push(a.id());
        }
        for &s in &sel.statements {
            if let Some(st) = g.statement(s) {
                members[top(st.speaker().id()).index()].1.push(s);
            }
        }
        for (i, (actors, said)) in members.iter().enumerate() {
            let Some(head) = g.actor(ActorId::from_index(i)) else { continue };
            if actors.len() + said.len() < 2 {
                for &a in actors {
                    self.actor_node(a, 1)?;
                }
                for &s in said {
                    self.statement_node(s, 1)?;
                }
                continue;
            }
            self.raw("  subgraph ")?;
            // The actor's id after `cluster_`, so a key such as `legend` cannot
            // collide with another cluster.
            let prefix = if reserved(head.key()) { "cluster_actor:" } else { "cluster_" };
            self.prefixed_id(prefix, head.key())?;
            self.raw(" {\n")?;
            self.raw("    label=")?;
            let name = truncate(head.name(), self.o.label_length);
            self.quoted(&name, Quote::Label)?;
            self.raw(";\n")?;
            if let Some(style) = self.style {
                let s = style.actor(head.kind());
                let fill = s.fill.mix(Rgb(255, 255, 255), 0.75);
                let border = s.fill.mix(Rgb(0, 0, 0), 0.3);
                writeln!(self.w, "    style=\"rounded,filled\"; fillcolor=\"{fill}\"; color=\"{border}\";")?;
                self.raw("    fontsize=14;\n")?;
            }
            for &a in actors {
                self.actor_node(a, 2)?;
            }
            for &s in said {
                self.statement_node(s, 2)?;
            }
            self.raw("  }\n")?;
        }
        Ok(())
    }

    fn actor_node(&mut self, id: ActorId, depth: usize) -> io::Result<()> {
        let Some(a) = self.g.actor(id) else { return Ok(()) };
        self.indent(depth)?;
        self.actor_id(a.id())?;
        let name = truncate(a.name(), self.o.label_length);
        let record = self.style.is_some_and(|s| s.actor(a.kind()).is_record());
        self.label("label", &name, record)?;
        if let Some(style) = self.style {
            self.node_style(style.actor(a.kind()), false)?;
            self.tooltip(&actor_tooltip(a))?;
        }
        self.end()
    }

    fn statement_label(&self, s: StatementRef<'_>) -> String {
        let text = truncate(s.text(), self.o.label_length);
        let text = match s.mode() {
            TextMode::Quote => format!("“{text}”"),
            _ => text.into_owned(),
        };
        let mut label = wrap(&text, self.o.wrap).into_owned();
        label.push('\n');
        label.push_str(&format!("{} · {}", s.date(), s.kind()));
        if s.hedge() != Hedge::Asserted {
            label.push_str(&format!(" · {}", s.hedge()));
        }
        label
    }

    fn statement_node(&mut self, id: StatementId, depth: usize) -> io::Result<()> {
        let Some(s) = self.g.statement(id) else { return Ok(()) };
        self.indent(depth)?;
        self.prefixed_id("statement:", s.key())?;
        let label = self.statement_label(s);
        let record = self.style.is_some_and(|st| st.statement().is_record());
        self.label("label", &label, record)?;
        if let Some(style) = self.style {
            self.node_style(style.statement(), s.hedge() != Hedge::Asserted)?;
            self.attr("fontsize", "9")?;
            let mut tip = format!("{}: {}", s.speaker().name(), s.text());
            for c in s.citations() {
                tip.push_str(&format!("\n{c}"));
            }
            self.tooltip(&tip)?;
        }
        self.end()
    }

    fn event_node(&mut self, e: EventRef<'_>) -> io::Result<()> {
        self.indent(1)?;
        self.prefixed_id("event:", e.key())?;
        let text = truncate(e.label(), self.o.label_length);
        let mut label = wrap(&text, self.o.wrap).into_owned();
        label.push('\n');
        if let Some(d) = e.date() {
            label.push_str(&format!("{d} · "));
        }
        label.push_str(e.kind().as_str());
        let record = self.style.is_some_and(|st| st.event().is_record());
        self.label("label", &label, record)?;
        if let Some(style) = self.style {
            self.node_style(style.event(), false)?;
            self.attr("fontsize", "9")?;
            self.tooltip(e.label())?;
        }
        self.end()
    }

    /// A "+N more" node for what a budget left out.
    fn summary_node(&mut self, summary: &Summary) -> io::Result<()> {
        self.indent(1)?;
        self.summary_id(summary)?;
        let (what, one) = match summary.what {
            Left::Actors => ("actors", "actor"),
            Left::Statements => ("statements", "statement"),
            Left::Events => ("events", "event"),
        };
        let noun = if summary.count == 1 { one } else { what };
        self.attr("label", &format!("+{} more {noun}", summary.count))?;
        if self.style.is_some() {
            self.attr("shape", "plaintext")?;
            self.attr("fontsize", "9")?;
            self.colour("fontcolor", Rgb::hex(0x636363))?;
            let anchor = self.g.actor(summary.anchor).map_or("", |a| a.name());
            let mut tip = match summary.what {
                Left::Actors => format!("{} more {noun} reached through {anchor}:", summary.count),
                Left::Statements => format!("{} more {noun} by {anchor}:", summary.count),
                Left::Events => format!("{} more {noun} around {anchor}:", summary.count),
            };
            for name in &summary.names {
                tip.push('\n');
                tip.push_str(name);
            }
            if summary.names.len() < summary.count {
                tip.push_str("\n…");
            }
            self.tooltip(&tip)?;
        }
        self.end()
    }
}

/// An actor's tooltip: name and kind, then one line per further attribute
/// (description, external ids, aliases). A new actor attribute gets a line here.
pub(super) fn actor_tooltip(a: ActorRef<'_>) -> String {
    let mut lines = vec![format!("{} ({})", a.name(), a.kind())];
    if let Some(d) = a.description() {
        lines.push(d.to_owned());
    }
    let ids: Vec<String> =
        a.wikidata().map(|q| q.to_string()).into_iter().chain(a.country().map(|c| c.to_string())).collect();
    if !ids.is_empty() {
        lines.push(ids.join(" · "));
    }
    let aliases: Vec<&str> = a.aliases().collect();
    if !aliases.is_empty() {
        lines.push(format!("also: {}", aliases.join(", ")));
    }
    lines.join("\n")
}
