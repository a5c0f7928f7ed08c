//! Which actors, relations, statements and events a [`View`] shows, within the
//! budgets of [`DotOptions`], and what the "+N more" nodes count.

use std::collections::VecDeque;

use super::{DotOptions, View};
use crate::graph::{ActorId, EventId, Graph, RelationRef, StatementId, StatementRef};
use crate::model::PartialDate;
use crate::query::HedgeWeights;

/// Items a budget left out, drawn as one "+N more" node beside `anchor`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Summary {
    /// The shown actor they hang off.
    pub(super) anchor: ActorId,
    /// What was left out.
    pub(super) what: Left,
    /// How many.
    pub(super) count: usize,
    /// The first few of their names or texts, for the tooltip.
    pub(super) names: Vec<String>,
}

/// What a [`Summary`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Left {
    /// Actors of the neighbourhood beyond the budget, reached through the anchor.
    Actors,
    /// Statements of the anchor beyond the per-speaker cap or the budget.
    Statements,
    /// Events of the neighbourhood beyond the budget (anchored on its centre).
    Events,
}

/// A neighbourhood's budget of `b` nodes split between actors (half, rounded up),
/// statements (two thirds of the rest) and events (what remains); no budget is no
/// limit.
fn split_budget(budget: Option<usize>) -> (usize, usize, usize) {
    match budget {
        None => (usize::MAX, usize::MAX, usize::MAX),
        Some(b) => {
            let b = b.max(1);
            let actors = b.div_ceil(2);
            let statements = (b - actors) * 2 / 3;
            (actors, statements, b - actors - statements)
        }
    }
}

/// How many names a summary's tooltip lists.
const NAMES_IN_TOOLTIP: usize = 12;

/// The items one export shows; relations are decided on the fly (see
/// [`Selection::shows_relation`]) so a huge actor view allocates nothing per edge.
pub(super) struct Selection {
    /// Per actor index: shown or not.
    pub(super) actors: Vec<bool>,
    /// Whether relations between shown actors are drawn.
    pub(super) relations: bool,
    /// Shown statements, by date.
    pub(super) statements: Vec<StatementId>,
    /// Shown events, in graph order.
    pub(super) events: Vec<EventId>,
    /// "+N more" nodes, in the order of their anchors.
    pub(super) summaries: Vec<Summary>,
    /// Per event index: shown or not.
    event_shown: Vec<bool>,
    as_of: Option<PartialDate>,
}

/// Whether something dated `date` had happened by `as_of`.
fn by(date: PartialDate, as_of: Option<PartialDate>) -> bool {
    as_of.is_none_or(|d| date.first_day() <= d.last_day())
}

/// How much a statement weighs: its hedge weight times its strongest stance (a
/// statement with no target weighs its hedge weight alone).
pub(super) fn statement_weight(s: StatementRef<'_>) -> f64 {
    let strongest =
        s.targets().map(|t| t.stance.abs()).fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    HedgeWeights::default().weight(s.hedge()) * strongest.unwrap_or(1.0)
}

impl Selection {
    pub(super) fn new(graph: &Graph, options: &DotOptions) -> Selection {
        let mut sel = Selection {
            actors: vec![false; graph.actor_count()],
            relations: false,
            statements: Vec::new(),
            events: Vec::new(),
            summaries: Vec::new(),
            event_shown: vec![false; graph.event_count()],
            as_of: options.as_of,
        };
        sel.choose(graph, options);
        for &e in &sel.events {
            sel.event_shown[e.index()] = true;
        }
        sel
    }

    fn choose(&mut self, graph: &Graph, options: &DotOptions) {
        let as_of = self.as_of;
        let dated_statements = || graph.statements_chronological().filter(move |s| by(s.date(), as_of));
        let dated_events = || graph.events().filter(move |e| e.date().is_none_or(|d| by(d, as_of)));
        let sel = self;
        let n = graph.actor_count();
        match options.view {
            View::Actors => {
                sel.actors.fill(true);
                sel.relations = true;
            }
            View::Statements => {
                sel.statements = dated_statements().map(|s| s.id()).collect();
                sel.cap_per_speaker(graph, options.per_speaker);
                for s in sel.statements.clone().into_iter().filter_map(|id| graph.statement(id)) {
                    sel.show_statement_actors(s);
                }
            }
            View::Everything => {
                sel.actors.fill(true);
                sel.relations = true;
                sel.statements = dated_statements().map(|s| s.id()).collect();
                sel.cap_per_speaker(graph, options.per_speaker);
                sel.events = dated_events().map(|e| e.id()).collect();
            }
            // Drawn by `states.rs` from its own selection.
            View::States => {}
            View::Neighbourhood { actor, depth } => {
                if actor.index() >= n {
                    return;
                }
                sel.relations = true;
                let (actor_cap, statement_cap, event_cap) = split_budget(options.budget);
                sel.neighbourhood(graph, actor, depth, actor_cap);
                let shown = |id: ActorId| sel.actors[id.index()];
                sel.statements = dated_statements()
                    .filter(|s| {
                        shown(s.speaker().id())
                            && (s.targets().len() == 0 || s.targets().any(|t| shown(t.actor.id())))
                    })
                    .map(|s| s.id())
                    .collect();
                sel.cap_per_speaker(graph, options.per_speaker);
                sel.cap_statements(graph, actor, statement_cap);
                // Outlets of shown statements are part of how the words travelled
                // (within the actor budget).
                let mut room = actor_cap.saturating_sub(sel.actors.iter().filter(|&&a| a).count());
                for &id in &sel.statements {
                    if let Some(s) = graph.statement(id) {
                        for outlet in s.outlet_chains().flatten() {
                            let seen = &mut sel.actors[outlet.id().index()];
                            if !*seen && room > 0 {
                                *seen = true;
                                room -= 1;
                            }
                        }
                    }
                }
                let mut about = vec![0usize; graph.event_count()];
                for &id in &sel.statements {
                    if let Some(s) = graph.statement(id) {
                        for e in s.about() {
                            about[e.id().index()] += 1;
                        }
                    }
                }
                // (statements about it, actors shown taking part, event)
                let mut events: Vec<(usize, usize, EventId)> = dated_events()
                    .map(|e| {
                        let place = usize::from(e.place().is_some_and(|p| sel.actors[p.id().index()]));
                        let parts = e.participants().filter(|p| sel.actors[p.actor.id().index()]).count();
                        (about[e.id().index()], place + parts, e.id())
                    })
                    .filter(|&(about, parts, _)| about + parts > 0)
                    .collect();
                if events.len() > event_cap {
                    events.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)).then(x.2.cmp(&y.2)));
                    let left = events.split_off(event_cap);
                    let names = left
                        .iter()
                        .take(NAMES_IN_TOOLTIP)
                        .filter_map(|&(.., e)| graph.event(e).map(|e| e.label().to_owned()))
                        .collect();
                    sel.summaries.push(Summary {
                        anchor: actor,
                        what: Left::Events,
                        count: left.len(),
                        names,
                    });
                    events.sort_by_key(|&(.., e)| e);
                }
                sel.events = events.into_iter().map(|(.., e)| e).collect();
            }
        }
    }

    fn show_statement_actors(&mut self, s: StatementRef<'_>) {
        self.actors[s.speaker().id().index()] = true;
        for t in s.targets() {
            self.actors[t.actor.id().index()] = true;
        }
        for outlet in s.outlet_chains().flatten() {
            self.actors[outlet.id().index()] = true;
        }
    }

    /// Keeps at most `max` statements per speaker: the weightiest ([`statement_weight`]),
    /// then the latest; the rest become one summary per speaker.
    fn cap_per_speaker(&mut self, graph: &Graph, max: Option<usize>) {
        let Some(max) = max else { return };
        let mut keep = vec![true; self.statements.len()];
        let mut by_speaker: Vec<Vec<usize>> = Vec::new();
        let mut slot = vec![usize::MAX; graph.actor_count()];
        for (i, s) in self.statements.iter().filter_map(|&id| graph.statement(id)).enumerate() {
            let speaker = s.speaker().id().index();
            if slot[speaker] == usize::MAX {
                slot[speaker] = by_speaker.len();
                by_speaker.push(Vec::new());
            }
            by_speaker[slot[speaker]].push(i);
        }
        for positions in by_speaker.iter().filter(|v| v.len() > max) {
            let mut ranked: Vec<(f64, usize)> = positions
                .iter()
                .map(|&i| (graph.statement(self.statements[i]).map_or(0.0, statement_weight), i))
                .collect();
            // Weightiest first, then latest (statements are in date order).
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
            for &(_, i) in ranked.iter().skip(max) {
                keep[i] = false;
            }
        }
        self.keep_statements(graph, &keep);
    }

    /// Keeps the statements whose `keep` is true and counts the others in one
    /// summary per speaker (added to one the speaker already has).
    fn keep_statements(&mut self, graph: &Graph, keep: &[bool]) {
        if keep.iter().all(|&k| k) {
            return;
        }
        for (i, s) in self.statements.iter().filter_map(|&id| graph.statement(id)).enumerate() {
            if keep.get(i).copied().unwrap_or(true) {
                continue;
            }
            let anchor = s.speaker().id();
            let at =
                match self.summaries.iter().position(|x| x.anchor == anchor && x.what == Left::Statements) {
                    Some(at) => at,
                    None => {
                        self.summaries.push(Summary {
                            anchor,
                            what: Left::Statements,
                            count: 0,
                            names: Vec::new(),
                        });
                        self.summaries.len() - 1
                    }
                };
            let summary = &mut self.summaries[at];
            summary.count += 1;
            if summary.names.len() < NAMES_IN_TOOLTIP {
                summary.names.push(format!("{}: {}", s.date(), s.text()));
            }
        }
        let mut i = 0;
        self.statements.retain(|_| {
            i += 1;
            keep.get(i - 1).copied().unwrap_or(true)
        });
    }

    /// Keeps at most `max` statements: those spoken by or about `centre` first, then
    /// the weightiest, then the latest.
    fn cap_statements(&mut self, graph: &Graph, centre: ActorId, max: usize) {
        if self.statements.len() <= max {
            return;
        }
        let mut ranked: Vec<(bool, f64, usize)> = self
            .statements
            .iter()
            .enumerate()
            .filter_map(|(i, &id)| graph.statement(id).map(|s| (i, s)))
            .map(|(i, s)| {
                let centred = s.speaker().id() == centre || s.targets().any(|t| t.actor.id() == centre);
                (!centred, statement_weight(s), i)
            })
            .collect();
        ranked.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(b.2.cmp(&a.2)));
        let mut keep = vec![false; self.statements.len()];
        for &(.., i) in ranked.iter().take(max) {
            keep[i] = true;
        }
        self.keep_statements(graph, &keep);
    }

    /// The actors within `depth` steps of `start` (a step being a relation either way
    /// or a statement from speaker to target or outlet, both as of the date), at
    /// most `budget` of them: ranked by hops, then evidence weight (relation
    /// confidences and statement weights on the steps within the neighbourhood), then
    /// degree (distinct neighbours within it), then graph order. Each actor left out
    /// is counted in a summary on the nearest kept actor of the path it was reached by.
    fn neighbourhood(&mut self, graph: &Graph, start: ActorId, depth: usize, budget: usize) {
        let n = graph.actor_count();
        // (a, b, weight) for every step, both ways.
        let mut steps: Vec<(usize, usize, f64)> = graph
            .relations()
            .filter(|r| self.dated_relation(*r))
            .map(|r| (r.from().id().index(), r.to().id().index(), r.confidence()))
            .collect();
        for s in graph.statements().filter(|s| by(s.date(), self.as_of)) {
            let speaker = s.speaker().id().index();
            let w = statement_weight(s);
            steps.extend(s.targets().map(|t| (speaker, t.actor.id().index(), w)));
            steps.extend(s.outlet_chains().flatten().map(|o| (speaker, o.id().index(), w)));
        }
        let mut next: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for (a, b, w) in steps {
            if a != b {
                next[a].push((b, w));
                next[b].push((a, w));
            }
        }
        let mut dist = vec![usize::MAX; n];
        let mut parent = vec![usize::MAX; n];
        let mut order = vec![start.index()];
        dist[start.index()] = 0;
        let mut queue = VecDeque::from([start.index()]);
        while let Some(a) = queue.pop_front() {
            if dist[a] >= depth {
                continue;
            }
            for &(b, _) in &next[a] {
                if dist[b] == usize::MAX {
                    dist[b] = dist[a] + 1;
                    parent[b] = a;
                    order.push(b);
                    queue.push_back(b);
                }
            }
        }
        let budget = budget.max(1);
        if order.len() <= budget {
            for &a in &order {
                self.actors[a] = true;
            }
            return;
        }
        // Weight and degree within the neighbourhood.
        let reached = |a: usize| dist[a] != usize::MAX;
        let mut ranked: Vec<(usize, f64, usize, usize)> = order
            .iter()
            .map(|&a| {
                let mut weight = 0.0;
                let mut neighbours: Vec<usize> = Vec::new();
                for &(b, w) in next[a].iter().filter(|(b, _)| reached(*b)) {
                    weight += w;
                    neighbours.push(b);
                }
                neighbours.sort_unstable();
                neighbours.dedup();
                (dist[a], weight, neighbours.len(), a)
            })
            .collect();
        ranked
            .sort_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)).then(y.2.cmp(&x.2)).then(x.3.cmp(&y.3)));
        for &(_, _, _, a) in ranked.iter().take(budget) {
            self.actors[a] = true;
        }
        // Each left-out actor counts on the nearest kept actor up its path.
        let mut left: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut slot = vec![usize::MAX; n];
        for &(_, _, _, a) in ranked.iter().skip(budget) {
            let mut up = parent[a];
            while up != usize::MAX && !self.actors[up] {
                up = parent[up];
            }
            let anchor = if up == usize::MAX { start.index() } else { up };
            if slot[anchor] == usize::MAX {
                slot[anchor] = left.len();
                left.push((anchor, Vec::new()));
            }
            left[slot[anchor]].1.push(a);
        }
        left.sort_by_key(|(anchor, _)| *anchor);
        for (anchor, dropped) in left {
            let names = dropped
                .iter()
                .take(NAMES_IN_TOOLTIP)
                .filter_map(|&a| graph.actor(ActorId::from_index(a)).map(|a| a.name().to_owned()))
                .collect();
            self.summaries.push(Summary {
                anchor: ActorId::from_index(anchor),
                what: Left::Actors,
                count: dropped.len(),
                names,
            });
        }
    }

    fn dated_relation(&self, r: RelationRef<'_>) -> bool {
        self.as_of.is_none_or(|d| r.holds_on(d))
    }

    /// Whether the actor with this index is shown.
    pub(super) fn shows_actor(&self, id: ActorId) -> bool {
        self.actors.get(id.index()).copied().unwrap_or(false)
    }

    /// Whether the event is shown.
    pub(super) fn shows_event(&self, id: EventId) -> bool {
        self.event_shown.get(id.index()).copied().unwrap_or(false)
    }

    /// Whether a relation is drawn: relations are on, both ends are shown, and it
    /// holds on the as-of date.
    /// Whether every relation is drawn: relations are on, every actor is shown and
    /// no date limits them (the actor view of a whole graph), so that a writer of
    /// millions of edges need not ask [`Selection::shows_relation`] of each.
    pub(super) fn shows_every_relation(&self) -> bool {
        self.relations && self.as_of.is_none() && self.actors.iter().all(|&a| a)
    }

    pub(super) fn shows_relation(&self, r: RelationRef<'_>) -> bool {
        self.relations
            && self.shows_actor(r.from().id())
            && self.shows_actor(r.to().id())
            && self.dated_relation(r)
    }
}
