//! Which actors, relations, statements and events a [`View`] shows.

use std::collections::VecDeque;

use super::View;
use crate::graph::{ActorId, EventId, Graph, RelationRef, StatementId, StatementRef};
use crate::model::PartialDate;

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
    /// Per event index: shown or not.
    event_shown: Vec<bool>,
    as_of: Option<PartialDate>,
}

/// Whether something dated `date` had happened by `as_of`.
fn by(date: PartialDate, as_of: Option<PartialDate>) -> bool {
    as_of.is_none_or(|d| date.first_day() <= d.last_day())
}

impl Selection {
    pub(super) fn new(graph: &Graph, view: View, as_of: Option<PartialDate>) -> Selection {
        let mut sel = Selection {
            actors: vec![false; graph.actor_count()],
            relations: false,
            statements: Vec::new(),
            events: Vec::new(),
            event_shown: vec![false; graph.event_count()],
            as_of,
        };
        sel.choose(graph, view);
        for &e in &sel.events {
            sel.event_shown[e.index()] = true;
        }
        sel
    }

    fn choose(&mut self, graph: &Graph, view: View) {
        let as_of = self.as_of;
        let dated_statements = || graph.statements_chronological().filter(move |s| by(s.date(), as_of));
        let dated_events = || graph.events().filter(move |e| e.date().is_none_or(|d| by(d, as_of)));
        let sel = self;
        let n = graph.actor_count();
        match view {
            View::Actors => {
                sel.actors.fill(true);
                sel.relations = true;
            }
            View::Statements => {
                sel.statements = dated_statements().map(|s| s.id()).collect();
                for s in dated_statements() {
                    sel.show_statement_actors(s);
                }
            }
            View::Everything => {
                sel.actors.fill(true);
                sel.relations = true;
                sel.statements = dated_statements().map(|s| s.id()).collect();
                sel.events = dated_events().map(|e| e.id()).collect();
            }
            View::Neighbourhood { actor, depth } => {
                if actor.index() >= n {
                    return;
                }
                sel.relations = true;
                sel.actors = sel.reach(graph, actor, depth);
                let shown = |id: ActorId| sel.actors[id.index()];
                sel.statements = dated_statements()
                    .filter(|s| {
                        shown(s.speaker().id())
                            && (s.targets().len() == 0 || s.targets().any(|t| shown(t.actor.id())))
                    })
                    .map(|s| s.id())
                    .collect();
                // Outlets of shown statements are part of how the words travelled.
                for &id in &sel.statements {
                    if let Some(s) = graph.statement(id) {
                        for outlet in s.via() {
                            sel.actors[outlet.id().index()] = true;
                        }
                    }
                }
                let mut about = vec![false; graph.event_count()];
                for &id in &sel.statements {
                    if let Some(s) = graph.statement(id) {
                        for e in s.about() {
                            about[e.id().index()] = true;
                        }
                    }
                }
                sel.events = dated_events()
                    .filter(|e| {
                        about[e.id().index()]
                            || e.place().is_some_and(|p| sel.actors[p.id().index()])
                            || e.participants().any(|p| sel.actors[p.actor.id().index()])
                    })
                    .map(|e| e.id())
                    .collect();
            }
        }
    }

    fn show_statement_actors(&mut self, s: StatementRef<'_>) {
        self.actors[s.speaker().id().index()] = true;
        for t in s.targets() {
            self.actors[t.actor.id().index()] = true;
        }
        for outlet in s.via() {
            self.actors[outlet.id().index()] = true;
        }
    }

    /// The actors within `depth` steps of `start`, a step being a relation either way
    /// or a statement from speaker to target or outlet, both as of the date.
    fn reach(&self, graph: &Graph, start: ActorId, depth: usize) -> Vec<bool> {
        let n = graph.actor_count();
        let mut pairs: Vec<(usize, usize)> = graph
            .relations()
            .filter(|r| self.dated_relation(*r))
            .map(|r| (r.from().id().index(), r.to().id().index()))
            .collect();
        for s in graph.statements().filter(|s| by(s.date(), self.as_of)) {
            let speaker = s.speaker().id().index();
            pairs.extend(s.targets().map(|t| (speaker, t.actor.id().index())));
            pairs.extend(s.via().map(|o| (speaker, o.id().index())));
        }
        let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (a, b) in pairs {
            next[a].push(b);
            next[b].push(a);
        }
        let mut dist = vec![usize::MAX; n];
        dist[start.index()] = 0;
        let mut queue = VecDeque::from([start.index()]);
        while let Some(a) = queue.pop_front() {
            if dist[a] >= depth {
                continue;
            }
            for &b in &next[a] {
                if dist[b] == usize::MAX {
                    dist[b] = dist[a] + 1;
                    queue.push_back(b);
                }
            }
        }
        dist.into_iter().map(|d| d != usize::MAX).collect()
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
    pub(super) fn shows_relation(&self, r: RelationRef<'_>) -> bool {
        self.relations
            && self.shows_actor(r.from().id())
            && self.shows_actor(r.to().id())
            && self.dated_relation(r)
    }
}
