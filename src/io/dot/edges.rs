//! Writing the edges: relations (folded per pair of actors), statements' speaker,
//! stance, outlet and event edges, event roles, and the "+N more" links.
//!
//! **Direction on the page.** Dot ranks every edge's head after its tail. The
//! neighbourhood view, and the statements view up to [`FLOW_LIMIT`] statements,
//! follow the words: speaker → statement → target, outlet and event. The everything
//! view, whose statements and events outnumber its actors, and larger statements
//! views make statement and event nodes always heads: a stance edge
//! is written `target -> statement` and drawn backwards (`dir="back"`, the arrow
//! still at the target), and so are the first "carried by" hop and an event's targets
//! and places. Statements and events then rank after every actor they involve, the
//! actors keep the ranks their relations give them, and no chain of statements
//! stretches the picture over dozens of ranks (which is what makes dot slow).

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::ops::Range;

use super::View;
use super::escape::wrap;
use super::style::Rgb;
use super::write::{Out, num, stance_text};
use crate::graph::{ActorId, EventRef, RelationRef, StatementRef};
use crate::model::{Hedge, PartialDate, RelationKind, Role, Sign};

/// The most statements a statements view draws in the order of the words (speaker →
/// statement → target); above it, statements rank after every actor. Measured with
/// generated graphs (`benches/support/news.rs`): dot lays 200 statements out in the
/// order of the words in 0.7 s and 300 in 2.3 s, but 400 were not done in 300 s
/// (targets that speak again chain the ranks), against 0.3 s with statements last.
pub(super) const FLOW_LIMIT: usize = 200;

/// The most relation edges, or nodes, a picture may have for its relations'
/// directions to shape the layout. Beyond it, only the hierarchy ranks the actors
/// and other relations are drawn with `constraint="false"`: relations in every
/// direction chain dot's ranks (111 ranks for 1,600 generated actors), and
/// positioning the long edges through those ranks took 10 s for 1,106 relation edges
/// and was not done in 120 s for 2,200 (`benches/dot_render.rs`), against under a
/// second for 554; the everything view of 400 actors (1,200 nodes, 33 ranks) was not
/// done in 120 s either.
pub(super) const RELATION_LAYOUT_LIMIT: usize = 600;

/// How many relations' actor ids are read ahead of writing their edges.
const AHEAD: usize = 64;

/// Where an edge's label goes (styled pictures; unstyled ones use plain `label`).
///
/// Graphviz's `label` is a node of its own in dot's layout: it doubles the ranks (and
/// so the time) and, in a bundle, can end up beside another edge. Instead:
/// - relations carry an `xlabel`, placed after layout beside the middle of their
///   own edge (`forcelabels`, on by default, places every one);
/// - a stance, "carried by" or role label sits at the statement's or event's end
///   (`headlabel`/`taillabel`), where only that statement's few edges meet, not at
///   the target, where dozens may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    /// Beside the middle of the edge.
    Middle,
    /// At the head end.
    Head,
    /// At the tail end.
    Tail,
}

/// A relation kind in words: `hosts_forces` → `hosts forces`; an office (held or
/// led) by its title, any other titled kind followed by its title, as
/// [`RelationRef::clause`] reads.
fn relation_word(r: RelationRef<'_>) -> String {
    match (r.kind(), r.title()) {
        (RelationKind::HoldsOffice | RelationKind::Leads, Some(title)) => title.to_owned(),
        (kind, Some(title)) => format!("{} ({title})", kind.as_str().replace('_', " ")),
        (kind, None) => kind.as_str().replace('_', " "),
    }
}

/// A relation's dates in words: `since 2022-02`, `on 2022-12-29`, `2022-02 – 2022-05`.
fn relation_dates(r: RelationRef<'_>) -> String {
    match (r.start(), r.end()) {
        (Some(s), Some(e)) if s == e => format!("on {s}"),
        (Some(s), Some(e)) => format!("{s} – {e}"),
        (Some(s), None) => format!("since {s}"),
        (None, Some(e)) => format!("until {e}"),
        (None, None) => String::new(),
    }
}

/// The label of one relation: its kind (or title), then its dates.
fn relation_label(r: RelationRef<'_>) -> String {
    let mut label = relation_word(r);
    let dates = relation_dates(r);
    if !dates.is_empty() {
        label.push('\n');
        label.push_str(&dates);
    }
    label
}

/// The label of parallel relations folded into one edge: the distinct kinds (or
/// titles) in order of first appearance with `×n` when repeated, wrapped at
/// `width`; then the count and the span of the dates they carry.
///
/// `ally ×2, borders, hosts forces` / `5 relations · 2022-02 – 2022-12-30`.
pub(super) fn fold_label(group: &[RelationRef<'_>], width: Option<usize>) -> String {
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for r in group {
        let word = relation_word(*r);
        match kinds.iter_mut().find(|(w, _)| *w == word) {
            Some((_, n)) => *n += 1,
            None => kinds.push((word, 1)),
        }
    }
    let words: Vec<String> =
        kinds.into_iter().map(|(w, n)| if n > 1 { format!("{w} ×{n}") } else { w }).collect();
    let mut label = wrap(&words.join(", "), width).into_owned();
    label.push_str(&format!("\n{} relations", group.len()));
    let dates: Vec<PartialDate> = group.iter().flat_map(|r| [r.start(), r.end()]).flatten().collect();
    if let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) {
        if first == last {
            label.push_str(&format!(" · {first}"));
        } else {
            label.push_str(&format!(" · {first} – {last}"));
        }
    }
    label
}

/// The net sign of folded relations: `Σ value(sign) · confidence`, as a sign.
pub(super) fn net_sign(group: &[RelationRef<'_>]) -> Sign {
    let net: f64 = group.iter().map(|r| r.sign().value() * r.confidence()).sum();
    if net > 1e-9 {
        Sign::Positive
    } else if net < -1e-9 {
        Sign::Negative
    } else {
        Sign::Neutral
    }
}

/// The relations to draw folded, one group per unordered pair of actors: the shown
/// relations ordered by pair (relations in graph order within a pair), and the
/// groups as ranges of them in the order of each pair's first relation. Two
/// allocations in all, not one per group: the actor view of a large graph has a
/// group for almost every relation.
fn groups<'g, W: Write + ?Sized>(out: &Out<'g, W>) -> (Vec<RelationRef<'g>>, Vec<Range<usize>>) {
    let mut keyed: Vec<(u64, RelationRef<'g>)> = out
        .g
        .relations()
        .filter(|r| out.sel.shows_relation(*r))
        .map(|r| {
            let (a, b) = (r.from().id().index() as u64, r.to().id().index() as u64);
            ((a.min(b) << 32) | a.max(b), r)
        })
        .collect();
    // Stable: relations of a pair stay in graph order.
    keyed.sort_by_key(|(pair, _)| *pair);
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for i in 1..=keyed.len() {
        if keyed.get(i).is_none_or(|(pair, _)| *pair != keyed[start].0) {
            ranges.push(start..i);
            start = i;
        }
    }
    let flat: Vec<RelationRef<'g>> = keyed.into_iter().map(|(_, r)| r).collect();
    ranges.sort_by_key(|r| flat[r.start].id());
    (flat, ranges)
}

impl<W: Write + ?Sized> Out<'_, W> {
    /// Whether statements and events rank after every actor (see the module docs).
    fn statements_last(&self) -> bool {
        match self.o.view {
            View::Everything => true,
            View::Statements => self.sel.statements.len() > FLOW_LIMIT,
            _ => false,
        }
    }

    /// An edge label in `colour` (or none when edge labels are off), written as
    /// `at` says (see [`At`]).
    pub(super) fn edge_label(&mut self, text: &str, colour: Option<Rgb>, at: At) -> io::Result<()> {
        if !self.o.edge_labels {
            return Ok(());
        }
        let styled = self.style.is_some();
        let name = match at {
            _ if !styled => "label",
            At::Middle => "xlabel",
            At::Head => "headlabel",
            At::Tail => "taillabel",
        };
        self.attr(name, text)?;
        if let Some(c) = colour {
            self.colour(if at == At::Middle { "fontcolor" } else { "labelfontcolor" }, c)?;
        }
        if styled && at != At::Middle {
            self.attr("labeldistance", "1.6")?;
            self.attr("labelangle", "25")?;
            self.attr("labelfontsize", "8")?;
        }
        Ok(())
    }

    // ---- relations -----------------------------------------------------------------

    pub(super) fn relations(&mut self) -> io::Result<()> {
        if !self.sel.relations {
            return Ok(());
        }
        let (g, sel) = (self.g, self.sel);
        // Whether relations stop shaping the layout: only styled pictures say so.
        let loose = |edges: &dyn Fn() -> usize| {
            let nodes =
                || sel.actors.iter().filter(|&&a| a).count() + sel.statements.len() + sel.events.len();
            self.style.is_some() && (nodes() > RELATION_LAYOUT_LIMIT || edges() > RELATION_LAYOUT_LIMIT)
        };
        if !self.o.fold_relations {
            // One edge per relation, streamed: a plain export of millions of
            // relations allocates nothing per edge.
            let every = sel.shows_every_relation();
            let shows = |r: &RelationRef<'_>| every || sel.shows_relation(*r);
            let loose = loose(&|| g.relations().filter(shows).count());
            let mut shown = g.relations().filter(shows);
            let mut batch = Vec::with_capacity(AHEAD);
            loop {
                batch.clear();
                batch.extend(shown.by_ref().take(AHEAD));
                if batch.is_empty() {
                    return Ok(());
                }
                // Relations name actors at random: the ids of a batch's ends are
                // read first, in a tight loop of independent reads whose cache
                // misses overlap, then found in cache as each edge is written.
                let touched = batch
                    .iter()
                    .fold(0, |x, r| x ^ self.touch_id(r.from().id()) ^ self.touch_id(r.to().id()));
                std::hint::black_box(touched);
                for &r in &batch {
                    self.relation_edge(r, loose)?;
                }
            }
        }
        let (flat, groups) = groups(self);
        let loose = loose(&|| groups.len());
        for range in groups {
            match &flat[range] {
                [r] => self.relation_edge(*r, loose)?,
                group => self.folded_edge(group, loose)?,
            }
        }
        Ok(())
    }

    /// One relation; `loose`: it does not constrain the layout (see
    /// [`RELATION_LAYOUT_LIMIT`]).
    fn relation_edge(&mut self, r: RelationRef<'_>, loose: bool) -> io::Result<()> {
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
            if !self.o.edge_labels {
                return self.end();
            }
            // ` [label="kind"];` in three pieces, not eight: millions of these in
            // a plain export. No attribute is open (only styled edges have `dir`).
            self.raw(" [label=\"")?;
            self.raw(r.kind().as_str())?;
            return self.raw("\"];\n");
        };
        let kind = r.kind();
        let colour = match style.hierarchy() {
            Some(c) if kind.is_hierarchical() => c,
            _ => style.sign(r.sign()),
        };
        self.edge_label(&relation_label(r), Some(colour), At::Middle)?;
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
        if loose && !kind.is_hierarchical() {
            self.attr("constraint", "false")?;
        }
        self.tooltip(&r.clause())?;
        self.end()
    }

    /// Several relations between one pair as one edge: a combined label, the colour of
    /// their net sign ([`net_sign`]) and arrows at whichever ends they point to.
    fn folded_edge(&mut self, group: &[RelationRef<'_>], loose: bool) -> io::Result<()> {
        let Some(first) = group.first() else { return Ok(()) };
        let hierarchy_only = group.iter().all(|r| r.kind().is_hierarchical());
        // Parents first, as single hierarchy edges are written; else the first
        // relation's direction.
        let (tail, head) = match group.iter().find(|r| r.kind().is_hierarchical()) {
            Some(h) if self.style.is_some() => (h.to().id(), h.from().id()),
            _ => (first.from().id(), first.to().id()),
        };
        let points_at = |end: ActorId| group.iter().any(|r| !r.kind().is_symmetric() && r.to().id() == end);
        let dir = match (points_at(head), points_at(tail)) {
            (true, true) => Some("both"),
            (false, true) => Some("back"),
            (false, false) => Some("none"),
            (true, false) => None,
        };
        self.indent(1)?;
        self.actor_id(tail)?;
        self.raw(" -> ")?;
        self.actor_id(head)?;
        if let Some(dir) = dir {
            self.attr("dir", dir)?;
        }
        let Some(style) = self.style else {
            if self.o.edge_labels {
                let kinds: Vec<&str> = group.iter().map(|r| r.kind().as_str()).collect();
                self.attr("label", &kinds.join(", "))?;
            }
            return self.end();
        };
        let colour = match style.hierarchy() {
            Some(c) if hierarchy_only => c,
            _ => style.sign(net_sign(group)),
        };
        self.edge_label(&fold_label(group, self.o.wrap), Some(colour), At::Middle)?;
        self.colour("color", colour)?;
        if hierarchy_only {
            self.attr("arrowtail", "onormal")?;
        } else {
            // A little wider per relation, up to twice a single one.
            let width = 1.6 + 0.4 * (group.len() - 1) as f64;
            self.attr("penwidth", &num(width.min(3.2)))?;
        }
        if group.iter().all(|r| r.confidence() < 1.0) {
            self.attr("style", "dashed")?;
        }
        if loose && !hierarchy_only {
            self.attr("constraint", "false")?;
        }
        let lines: Vec<String> = group
            .iter()
            .map(|r| {
                let dates = relation_dates(*r);
                if dates.is_empty() { r.clause() } else { format!("{} ({dates})", r.clause()) }
            })
            .collect();
        self.tooltip(&lines.join("\n"))?;
        self.end()
    }

    // ---- statements ----------------------------------------------------------------

    pub(super) fn statement_edges(&mut self) -> io::Result<()> {
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
        let last = self.statements_last();
        for t in s.targets().filter(|t| self.sel.shows_actor(t.actor.id())) {
            self.indent(1)?;
            if last {
                // Written from the target and drawn backwards: see the module docs.
                self.actor_id(t.actor.id())?;
                self.raw(" -> ")?;
                self.prefixed_id("statement:", s.key())?;
                self.attr("dir", "back")?;
            } else {
                self.prefixed_id("statement:", s.key())?;
                self.raw(" -> ")?;
                self.actor_id(t.actor.id())?;
            }
            let colour = self.style.map(|style| style.stance_colour(t.stance));
            self.edge_label(&stance_text(t.stance), colour, if last { At::Head } else { At::Tail })?;
            if let Some(style) = self.style {
                self.colour("color", style.stance_colour(t.stance))?;
                self.attr("penwidth", &num(style.stance_width(t.stance)))?;
                if hedged {
                    self.attr("style", "dashed")?;
                }
            }
            self.end()?;
        }
        // The words travel from the statement to the outlet nearest the speaker
        // (the last of a chain) and on to the one nearest the reader (the first);
        // each chain the statement came through (merged encodings may add some).
        let mut first_hops: Vec<ActorId> = Vec::new();
        for chain in s.outlet_chains() {
            let mut chain: Vec<_> = chain.into_iter().filter(|o| self.sel.shows_actor(o.id())).collect();
            chain.reverse();
            for (i, outlet) in chain.iter().enumerate() {
                let previous = i.checked_sub(1).and_then(|p| chain.get(p));
                match previous {
                    // One hop between two outlets, however many statements took it.
                    Some(previous) if !hops.insert((previous.id(), outlet.id())) => continue,
                    None if first_hops.contains(&outlet.id()) => continue,
                    None => first_hops.push(outlet.id()),
                    Some(_) => {}
                }
                self.outlet_hop(s, previous.map(|p| p.id()), outlet.id(), last)?;
            }
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

    /// One "carried by" hop: from the statement (when `previous` is `None`) or from
    /// the previous outlet, to `outlet`.
    fn outlet_hop(
        &mut self,
        s: StatementRef<'_>,
        previous: Option<ActorId>,
        outlet: ActorId,
        last: bool,
    ) -> io::Result<()> {
        self.indent(1)?;
        match previous {
            None if last => {
                // The first hop, like a stance edge, ends at the statement.
                self.actor_id(outlet)?;
                self.raw(" -> ")?;
                self.prefixed_id("statement:", s.key())?;
                self.attr("dir", "back")?;
            }
            None => {
                self.prefixed_id("statement:", s.key())?;
                self.raw(" -> ")?;
                self.actor_id(outlet)?;
            }
            Some(previous) => {
                self.actor_id(previous)?;
                self.raw(" -> ")?;
                self.actor_id(outlet)?;
            }
        }
        if previous.is_none() {
            let at = if last { At::Head } else { At::Tail };
            self.edge_label("carried by", self.style.map(|s| s.outlet()), at)?;
        }
        if let Some(style) = self.style {
            self.colour("color", style.outlet())?;
            self.attr("style", "dotted")?;
            self.attr("penwidth", "1.4")?;
        }
        self.end()
    }

    // ---- events --------------------------------------------------------------------

    pub(super) fn event_edges(&mut self) -> io::Result<()> {
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
            // Agents act on the event; the event happens to targets and at places
            // (written from the actor and drawn backwards when events go last).
            let forward = role == Role::Agent || role == Role::Participant;
            if forward || self.statements_last() {
                self.actor_id(a.id())?;
                self.raw(" -> ")?;
                self.prefixed_id("event:", e.key())?;
                if !forward {
                    self.attr("dir", "back")?;
                }
            } else {
                self.prefixed_id("event:", e.key())?;
                self.raw(" -> ")?;
                self.actor_id(a.id())?;
            }
            if role == Role::Participant {
                self.attr("dir", "none")?;
            }
            let colour = self.style.map(|style| style.event().border.mix(Rgb(255, 255, 255), 0.35));
            let at = if forward || self.statements_last() { At::Head } else { At::Tail };
            self.edge_label(role.as_str(), colour, at)?;
            if let Some(colour) = colour {
                self.colour("color", colour)?;
                self.attr("style", if role == Role::Location { "dotted" } else { "solid" })?;
            }
            self.end()?;
        }
        Ok(())
    }

    // ---- summaries -----------------------------------------------------------------

    /// A dashed line from each "+N more" node's anchor to it.
    pub(super) fn summary_edges(&mut self) -> io::Result<()> {
        let sel = self.sel;
        for summary in &sel.summaries {
            if !sel.shows_actor(summary.anchor) {
                continue;
            }
            self.indent(1)?;
            self.actor_id(summary.anchor)?;
            self.raw(" -> ")?;
            self.summary_id(summary)?;
            if self.style.is_some() {
                self.colour("color", Rgb::hex(0xbdbdbd))?;
                self.attr("style", "dashed")?;
                self.attr("arrowhead", "none")?;
            }
            self.end()?;
        }
        Ok(())
    }
}
