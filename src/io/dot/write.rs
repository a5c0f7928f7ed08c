//! Writing the DOT text: header, title, (clustered) nodes, edges, legend.

use std::collections::BTreeSet;
use std::io::{self, Write};

use super::escape::{Quote, truncate, wrap, write_escaped, write_quoted};
use super::select::Selection;
use super::style::{NodeStyle, Rgb};
use super::{DotOptions, Style, Title, View};
use crate::graph::{ActorId, EventRef, Graph, RelationRef, StatementRef};
use crate::model::{ActorKind, Hedge, RelationKind, Role, Sign, TextMode};

/// Prefixes that mark statement, event and legend ids; an actor key starting with
/// one of them gets `actor:` in front so ids never collide.
const RESERVED: [&str; 4] = ["actor:", "statement:", "event:", "legend:"];

/// Writes the whole export.
pub(super) fn write<W: Write + ?Sized>(graph: &Graph, options: &DotOptions, w: &mut W) -> io::Result<()> {
    let sel = Selection::new(graph, options.view, options.as_of);
    let ids = Ids::new(graph);
    let mut out =
        Out { g: graph, o: options, style: options.style.as_ref(), sel: &sel, ids: &ids, w, open: false };
    out.header()?;
    out.nodes()?;
    out.relations()?;
    out.statement_edges()?;
    out.event_edges()?;
    if out.style.is_some() && options.legend {
        out.legend()?;
    }
    out.w.write_all(b"}\n")
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
            if RESERVED.iter().any(|p| key.starts_with(p)) {
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

struct Out<'a, W: Write + ?Sized> {
    g: &'a Graph,
    o: &'a DotOptions,
    style: Option<&'a Style>,
    sel: &'a Selection,
    ids: &'a Ids,
    w: &'a mut W,
    /// Whether an attribute list `[` is open.
    open: bool,
}

/// A relation kind in words: `hosts_forces` → `hosts forces`.
fn kind_words(kind: RelationKind) -> String {
    kind.as_str().replace('_', " ")
}

/// A number for DOT, with two decimals and no trailing zeros.
fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_owned() } else { s.to_owned() }
}

/// A stance as a reader writes it: `+0.8`, `−0.6` (a true minus sign), `0`.
fn stance_text(stance: f64) -> String {
    let s = num(stance);
    match s.strip_prefix('-') {
        Some(digits) => format!("−{digits}"),
        None if s == "0" => s,
        None => format!("+{s}"),
    }
}

impl<W: Write + ?Sized> Out<'_, W> {
    // ---- low-level writing ---------------------------------------------------------

    fn raw(&mut self, s: &str) -> io::Result<()> {
        self.w.write_all(s.as_bytes())
    }

    fn quoted(&mut self, s: &str, mode: Quote) -> io::Result<()> {
        write_quoted(self.w, s, mode)
    }

    fn actor_id(&mut self, id: ActorId) -> io::Result<()> {
        self.w.write_all(self.ids.get(id))
    }

    fn prefixed_id(&mut self, prefix: &str, key: &str) -> io::Result<()> {
        self.w.write_all(b"\"")?;
        self.raw(prefix)?;
        write_escaped(self.w, key, Quote::Id)?;
        self.w.write_all(b"\"")
    }

    /// Starts or continues an attribute list with `name=`.
    fn key(&mut self, name: &str) -> io::Result<()> {
        self.raw(if self.open { ", " } else { " [" })?;
        self.open = true;
        self.raw(name)?;
        self.raw("=")
    }

    fn attr(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.key(name)?;
        self.quoted(value, Quote::Label)
    }

    fn label(&mut self, name: &str, value: &str, record: bool) -> io::Result<()> {
        self.key(name)?;
        self.quoted(value, if record { Quote::RecordLabel } else { Quote::Label })
    }

    fn colour(&mut self, name: &str, value: Rgb) -> io::Result<()> {
        self.key(name)?;
        write!(self.w, "\"{value}\"")
    }

    /// Ends an attribute list (if any) and the statement.
    fn end(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.open) {
            self.raw("]")?;
        }
        self.raw(";\n")
    }

    fn indent(&mut self, depth: usize) -> io::Result<()> {
        if self.style.is_some() {
            for _ in 0..depth {
                self.raw("  ")?;
            }
        }
        Ok(())
    }

    fn node_style(&mut self, s: &NodeStyle, dashed: bool) -> io::Result<()> {
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
            if let Some(t) = &title {
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
            if let Some(t) = &title {
                self.raw("label=")?;
                self.quoted(t, Quote::Label)?;
                self.raw(";\n")?;
            }
        }
        Ok(())
    }

    fn title(&self) -> Option<String> {
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
                        format!("Within {depth} {steps} of {name}")
                    }
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
        Ok(())
    }

    /// Actors and statements grouped by the top of their hierarchy chain; a top with
    /// nothing under it shown (and nothing said) stays outside any cluster.
    fn clustered_nodes(&mut self) -> io::Result<()> {
        let (g, sel) = (self.g, self.sel);
        let top = |id: ActorId| g.chain_up(id).last().map_or(id, |a| a.id());
        // members[top] = (actors, statements), in graph and date order.
        let mut members: Vec<(Vec<ActorId>, Vec<crate::graph::StatementId>)> =
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
            self.prefixed_id("cluster_", head.key())?;
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
            let mut tip = match a.description() {
                Some(d) => format!("{} ({})\n{d}", a.name(), a.kind()),
                None => format!("{} ({})", a.name(), a.kind()),
            };
            let ids: Vec<String> = a
                .wikidata()
                .map(|q| q.to_string())
                .into_iter()
                .chain(a.country().map(|c| c.to_string()))
                .collect();
            if !ids.is_empty() {
                tip.push_str(&format!("\n{}", ids.join(" · ")));
            }
            self.attr("tooltip", &tip)?;
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

    fn statement_node(&mut self, id: crate::graph::StatementId, depth: usize) -> io::Result<()> {
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
            self.attr("tooltip", &tip)?;
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
            self.attr("tooltip", e.label())?;
        }
        self.end()
    }

    // ---- edges ---------------------------------------------------------------------

    fn relations(&mut self) -> io::Result<()> {
        if !self.sel.relations {
            return Ok(());
        }
        let g = self.g;
        for r in g.relations() {
            if self.sel.shows_relation(r) {
                self.relation_edge(r)?;
            }
        }
        Ok(())
    }

    fn relation_label(r: RelationRef<'_>) -> String {
        let mut label = match (r.kind(), r.title()) {
            (RelationKind::HoldsOffice, Some(title)) => title.to_owned(),
            (kind, _) => kind_words(kind),
        };
        let dates = match (r.start(), r.end()) {
            (Some(s), Some(e)) if s == e => format!("on {s}"),
            (Some(s), Some(e)) => format!("{s} – {e}"),
            (Some(s), None) => format!("since {s}"),
            (None, Some(e)) => format!("until {e}"),
            (None, None) => String::new(),
        };
        if !dates.is_empty() {
            label.push('\n');
            label.push_str(&dates);
        }
        label
    }

    fn relation_edge(&mut self, r: RelationRef<'_>) -> io::Result<()> {
        self.indent(1)?;
        // Styled pictures write a hierarchy edge from the parent, drawn backwards,
        // so that parents rank above (or left of) what they contain.
        let upward = self.style.is_some() && r.kind().is_hierarchical();
        let (tail, head) = if upward { (r.to(), r.from()) } else { (r.from(), r.to()) };
        self.actor_id(tail.id())?;
        self.raw(" -> ")?;
        self.actor_id(head.id())?;
        if upward {
            self.attr("dir", "back")?;
        }
        let Some(style) = self.style else {
            if self.o.edge_labels {
                self.key("label")?;
                self.raw("\"")?;
                self.raw(r.kind().as_str())?;
                self.raw("\"")?;
            }
            return self.end();
        };
        let kind = r.kind();
        let colour = match style.hierarchy() {
            Some(c) if kind.is_hierarchical() => c,
            _ => style.sign(r.sign()),
        };
        if self.o.edge_labels {
            self.attr("label", &Self::relation_label(r))?;
            self.colour("fontcolor", colour)?;
        }
        self.colour("color", colour)?;
        if kind.is_symmetric() {
            self.attr("dir", "none")?;
        }
        if kind.is_hierarchical() {
            self.attr("arrowtail", "onormal")?;
        } else {
            self.attr("penwidth", "1.6")?;
        }
        if r.confidence() < 1.0 {
            self.attr("style", "dashed")?;
        }
        self.attr("tooltip", &r.clause())?;
        self.end()
    }

    fn statement_edges(&mut self) -> io::Result<()> {
        let (g, sel) = (self.g, self.sel);
        let mut hops = BTreeSet::new();
        for s in sel.statements.iter().filter_map(|&id| g.statement(id)) {
            self.edges_of(s, &mut hops)?;
        }
        Ok(())
    }

    fn edges_of(&mut self, s: StatementRef<'_>, hops: &mut BTreeSet<(ActorId, ActorId)>) -> io::Result<()> {
        let hedged = s.hedge() != Hedge::Asserted;
        let speaker = s.speaker();
        if self.sel.shows_actor(speaker.id()) {
            self.indent(1)?;
            self.actor_id(speaker.id())?;
            self.raw(" -> ")?;
            self.prefixed_id("statement:", s.key())?;
            if let Some(style) = self.style {
                self.colour("color", style.speaker())?;
                self.attr("arrowhead", "none")?;
                if hedged {
                    self.attr("style", "dashed")?;
                }
            }
            self.end()?;
        }
        for t in s.targets().filter(|t| self.sel.shows_actor(t.actor.id())) {
            self.indent(1)?;
            self.prefixed_id("statement:", s.key())?;
            self.raw(" -> ")?;
            self.actor_id(t.actor.id())?;
            if self.o.edge_labels {
                self.attr("label", &stance_text(t.stance))?;
            }
            if let Some(style) = self.style {
                let colour = style.stance_colour(t.stance);
                self.colour("color", colour)?;
                if self.o.edge_labels {
                    self.colour("fontcolor", colour)?;
                }
                self.attr("penwidth", &num(style.stance_width(t.stance)))?;
                if hedged {
                    self.attr("style", "dashed")?;
                }
            }
            self.end()?;
        }
        // The words travel from the statement to the outlet nearest the speaker
        // (the last in `via`) and on to the one nearest the reader (the first).
        let mut chain: Vec<_> = s.via().filter(|o| self.sel.shows_actor(o.id())).collect();
        chain.reverse();
        for (i, outlet) in chain.iter().enumerate() {
            let previous = i.checked_sub(1).and_then(|p| chain.get(p));
            if let Some(previous) = previous {
                // One hop between two outlets, however many statements took it.
                if !hops.insert((previous.id(), outlet.id())) {
                    continue;
                }
            }
            self.indent(1)?;
            match previous {
                None => self.prefixed_id("statement:", s.key())?,
                Some(previous) => self.actor_id(previous.id())?,
            }
            self.raw(" -> ")?;
            self.actor_id(outlet.id())?;
            if self.o.edge_labels && previous.is_none() {
                self.attr("label", "carried by")?;
            }
            if let Some(style) = self.style {
                self.colour("color", style.outlet())?;
                if self.o.edge_labels {
                    self.colour("fontcolor", style.outlet())?;
                }
                self.attr("style", "dotted")?;
                self.attr("penwidth", "1.4")?;
            }
            self.end()?;
        }
        for e in s.about().filter(|e| self.sel.shows_event(e.id())) {
            self.indent(1)?;
            self.prefixed_id("statement:", s.key())?;
            self.raw(" -> ")?;
            self.prefixed_id("event:", e.key())?;
            if let Some(style) = self.style {
                self.colour("color", style.speaker().mix(Rgb(255, 255, 255), 0.5))?;
                self.attr("style", "dotted")?;
                self.attr("arrowhead", "vee")?;
            }
            self.end()?;
        }
        Ok(())
    }

    fn event_edges(&mut self) -> io::Result<()> {
        let (g, sel) = (self.g, self.sel);
        for e in sel.events.iter().filter_map(|&id| g.event(id)) {
            self.edges_of_event(e)?;
        }
        Ok(())
    }

    fn edges_of_event(&mut self, e: EventRef<'_>) -> io::Result<()> {
        let mut parts: Vec<(ActorId, Role)> = e.participants().map(|p| (p.actor.id(), p.role)).collect();
        if let Some(place) = e.place()
            && !parts.iter().any(|&(a, r)| a == place.id() && r == Role::Location)
        {
            parts.push((place.id(), Role::Location));
        }
        for (actor, role) in parts {
            let Some(a) = self.g.actor(actor).filter(|a| self.sel.shows_actor(a.id())) else { continue };
            self.indent(1)?;
            // Agents act on the event; the event happens to targets and at places.
            if role == Role::Agent || role == Role::Participant {
                self.actor_id(a.id())?;
                self.raw(" -> ")?;
                self.prefixed_id("event:", e.key())?;
            } else {
                self.prefixed_id("event:", e.key())?;
                self.raw(" -> ")?;
                self.actor_id(a.id())?;
            }
            if self.o.edge_labels {
                self.attr("label", role.as_str())?;
            }
            if let Some(style) = self.style {
                let colour = style.event().border.mix(Rgb(255, 255, 255), 0.35);
                self.colour("color", colour)?;
                if self.o.edge_labels {
                    self.colour("fontcolor", colour)?;
                }
                if role == Role::Participant {
                    self.attr("dir", "none")?;
                }
                self.attr("style", if role == Role::Location { "dotted" } else { "solid" })?;
            }
            self.end()?;
        }
        Ok(())
    }

    // ---- legend --------------------------------------------------------------------

    /// A cluster of sample nodes (the kinds shown) and sample edges (what colours,
    /// widths and dashes mean).
    fn legend(&mut self) -> io::Result<()> {
        let Some(style) = self.style else { return Ok(()) };
        let g = self.g;
        let kinds: Vec<ActorKind> = ActorKind::ALL
            .into_iter()
            .filter(|k| g.actors().any(|a| a.kind() == *k && self.sel.shows_actor(a.id())))
            .collect();
        let relations = self.sel.relations && g.relations().any(|r| self.sel.shows_relation(r));
        let statements = !self.sel.statements.is_empty();
        let events = !self.sel.events.is_empty();
        if kinds.is_empty() && !relations && !statements {
            return Ok(());
        }
        self.raw("  subgraph \"cluster_legend\" {\n")?;
        self.raw("    label=\"Legend\"; fontsize=14; style=\"rounded\"; color=\"#bdbdbd\";\n")?;

        // Sample nodes: (id, label, style, dashed).
        let mut nodes: Vec<(String, String, NodeStyle, bool)> = kinds
            .iter()
            .map(|k| (format!("legend:{k}"), k.as_str().replace('_', " "), style.actor(*k).clone(), false))
            .collect();
        if statements {
            nodes.push((
                "legend:statement".into(),
                "paraphrase or “quote”\ndate · kind".into(),
                style.statement().clone(),
                false,
            ));
            nodes.push((
                "legend:hedged".into(),
                "hedged statement\ndate · kind · hedge".into(),
                style.statement().clone(),
                true,
            ));
        }
        if events {
            nodes.push(("legend:event".into(), "event\ndate · kind".into(), style.event().clone(), false));
        }
        for (id, label, s, dashed) in &nodes {
            self.raw("    ")?;
            self.quoted(id, Quote::Id)?;
            self.label("label", label, s.is_record())?;
            self.node_style(s, *dashed)?;
            self.attr("fontsize", "9")?;
            self.end()?;
        }

        // Sample edges: (label, colour, width, style, symmetric).
        let mut edges: Vec<(&str, Rgb, f64, &str, bool)> = Vec::new();
        if relations {
            edges.push(("allied, friendly", style.sign(Sign::Positive), 1.6, "solid", false));
            edges.push(("hostile", style.sign(Sign::Negative), 1.6, "solid", false));
            edges.push(("neutral", style.sign(Sign::Neutral), 1.6, "solid", true));
            if let Some(h) = style.hierarchy() {
                edges.push(("part of, office", h, 1.0, "solid", false));
            }
            if g.relations().any(|r| r.confidence() < 1.0 && self.sel.shows_relation(r)) {
                edges.push(("uncertain", style.sign(Sign::Neutral), 1.6, "dashed", true));
            }
        }
        if statements {
            edges.push(("said", style.speaker(), 1.0, "solid", true));
            edges.push(("stance +0.8", style.stance_colour(0.8), style.stance_width(0.8), "solid", false));
            edges.push(("stance −0.8", style.stance_colour(-0.8), style.stance_width(-0.8), "solid", false));
            edges.push(("hedged", style.stance_colour(-0.5), style.stance_width(-0.5), "dashed", false));
            edges.push(("carried by", style.outlet(), 1.4, "dotted", false));
        }
        // Each sample edge runs from a dot to its meaning, written in its colour.
        for (i, (label, colour, width, line, symmetric)) in edges.iter().enumerate() {
            writeln!(
                self.w,
                "    \"legend:e{i}a\" [label=\"\", shape=\"point\", width=0.06, color=\"{colour}\"];"
            )?;
            write!(self.w, "    \"legend:e{i}b\"")?;
            self.attr("label", label)?;
            self.attr("shape", "plaintext")?;
            self.attr("fontsize", "9")?;
            self.colour("fontcolor", *colour)?;
            self.end()?;
            write!(self.w, "    \"legend:e{i}a\" -> \"legend:e{i}b\"")?;
            self.colour("color", *colour)?;
            self.attr("penwidth", &num(*width))?;
            self.attr("style", line)?;
            if *symmetric {
                self.attr("dir", "none")?;
            } else if style.hierarchy() == Some(*colour) && *line == "solid" && *width == 1.0 {
                self.attr("arrowhead", "onormal")?;
            }
            self.end()?;
        }

        // Pair the sample nodes side by side (two columns, not one long one).
        for pair in nodes.chunks(2) {
            if let [(a, ..), (b, ..)] = pair {
                self.raw("    ")?;
                self.quoted(a, Quote::Id)?;
                self.raw(" -> ")?;
                self.quoted(b, Quote::Id)?;
                self.raw(" [style=\"invis\"];\n")?;
            }
        }
        self.raw("  }\n")
    }
}
