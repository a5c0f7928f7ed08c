//! [`GraphBuilder`]: the only way into a [`Graph`]; it validates once and reports
//! every problem, not only the first.
//!
//! Items are added in their keyed model form ([`Actor`], [`Statement`] ...). Keys
//! may refer forward: nothing is resolved until [`GraphBuilder::build`].
//!
//! **Merging.** Each [`GraphBuilder::add_dataset`] (or [`GraphBuilder::add_graph`])
//! starts a new *part*. Within one part a repeated key is a
//! [`Problem::DuplicateKey`]. Across parts the same key is the same item: aliases,
//! participants and citations are united, and any other field that differs is a
//! [`Problem::Conflict`]. Relations identical but for their citations are one relation.

use std::collections::HashMap;

use indexmap::IndexMap;
use petgraph::graph::DiGraph;

use crate::error::{BuildError, Item, Problem};
use crate::graph::{
    ActorId, ActorRec, EventId, EventRec, Graph, NewStatement, RelationRec, StatementExtra, Statements,
};
use crate::model::{Actor, Citation, Dataset, Event, Relation, Source, Statement, TextMode};

/// Collects items, then validates and builds an immutable [`Graph`].
///
/// ```
/// use stancegraph::{ActorKind, GraphBuilder, RelationKind, StatementKind};
/// use stancegraph::model::{Actor, Relation, Statement, Target};
///
/// let mut b = GraphBuilder::new();
/// b.add_actor(Actor::new("atlantis", "Atlantis", ActorKind::State))
///     .add_actor(Actor::new("lemuria", "Lemuria", ActorKind::State))
///     .add_relation(Relation::new("atlantis", RelationKind::Borders, "lemuria"))
///     .add_statement(
///         Statement::new("s1", "atlantis", "2031-05-04".parse()?)
///             .with_kind(StatementKind::Protest)
///             .paraphrase("protests border incursions")
///             .target(Target::new("lemuria", -0.6)),
///     );
/// let graph = b.build()?;
/// assert_eq!((graph.actor_count(), graph.relation_count(), graph.statement_count()), (2, 1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct GraphBuilder {
    sources: IndexMap<String, (Source, u32)>,
    actors: IndexMap<String, (Actor, u32)>,
    relations: Vec<(Relation, u32)>,
    relation_index: HashMap<(String, String), Vec<usize>>,
    events: IndexMap<String, (Event, u32)>,
    statements: IndexMap<String, (Statement, u32)>,
    problems: Vec<Problem>,
    part: u32,
}

/// Appends the items of `more` not already in `into`.
fn unite<T: PartialEq>(into: &mut Vec<T>, more: Vec<T>) {
    for item in more {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}

fn conflict(item: Item, field: &'static str, first: impl ToString, second: impl ToString) -> Problem {
    Problem::Conflict { item, field, first: first.to_string(), second: second.to_string() }
}

fn show<T: std::fmt::Debug>(value: &T) -> String {
    format!("{value:?}")
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder holding everything in `graph`, to grow it with more data.
    ///
    /// ```
    /// use stancegraph::{ActorKind, GraphBuilder, model::Actor};
    ///
    /// let seed = stancegraph::datasets::strait_incident();
    /// let mut b = GraphBuilder::from_graph(&seed);
    /// b.add_actor(Actor::new("nato", "NATO", ActorKind::InternationalOrganization));
    /// assert_eq!(b.build()?.actor_count(), seed.actor_count() + 1);
    /// # Ok::<(), stancegraph::BuildError>(())
    /// ```
    pub fn from_graph(graph: &Graph) -> Self {
        let mut b = Self::new();
        b.extend(graph.to_dataset());
        // What is added next is new data, merged with the graph's rather than a duplicate.
        b.part += 1;
        b
    }

    /// Adds a whole dataset as a new part, merging items whose keys are already present.
    pub fn add_dataset(&mut self, dataset: Dataset) -> &mut Self {
        self.part += 1;
        self.extend(dataset);
        self
    }

    /// Adds everything in `graph` as a new part; see [`GraphBuilder::add_dataset`].
    pub fn add_graph(&mut self, graph: &Graph) -> &mut Self {
        self.add_dataset(graph.to_dataset())
    }

    fn extend(&mut self, dataset: Dataset) {
        let Dataset { format: _, sources, actors, relations, events, statements } = dataset;
        sources.into_iter().for_each(|x| {
            self.add_source(x);
        });
        actors.into_iter().for_each(|x| {
            self.add_actor(x);
        });
        relations.into_iter().for_each(|x| {
            self.add_relation(x);
        });
        events.into_iter().for_each(|x| {
            self.add_event(x);
        });
        statements.into_iter().for_each(|x| {
            self.add_statement(x);
        });
    }

    /// Adds a source document.
    pub fn add_source(&mut self, source: Source) -> &mut Self {
        let part = self.part;
        match self.sources.get_mut(&source.key) {
            None => {
                self.sources.insert(source.key.clone(), (source, part));
            }
            Some((_, p)) if *p == part => {
                self.problems.push(Problem::DuplicateKey { item: Item::Source(source.key) })
            }
            Some((old, _)) => {
                let item = || Item::Source(source.key.clone());
                let fields: [(&'static str, String, String); 5] = [
                    ("title", old.title.clone(), source.title.clone()),
                    ("publisher", show(&old.publisher), show(&source.publisher)),
                    ("author", show(&old.author), show(&source.author)),
                    ("date", show(&old.date), show(&source.date)),
                    ("url", show(&old.url), show(&source.url)),
                ];
                for (field, a, b) in fields {
                    if a != b {
                        self.problems.push(conflict(item(), field, a, b));
                    }
                }
            }
        }
        self
    }

    /// Adds an actor.
    pub fn add_actor(&mut self, actor: Actor) -> &mut Self {
        let part = self.part;
        match self.actors.get_mut(&actor.key) {
            None => {
                self.actors.insert(actor.key.clone(), (actor, part));
            }
            Some((_, p)) if *p == part => {
                self.problems.push(Problem::DuplicateKey { item: Item::Actor(actor.key) })
            }
            Some((old, _)) => {
                let item = || Item::Actor(actor.key.clone());
                if old.kind != actor.kind {
                    self.problems.push(conflict(item(), "kind", old.kind, actor.kind));
                }
                if old.name != actor.name {
                    self.problems.push(conflict(item(), "name", &old.name, &actor.name));
                }
                match (&old.description, actor.description) {
                    (Some(a), Some(b)) if *a != b => {
                        self.problems.push(conflict(item(), "description", a, b))
                    }
                    (None, Some(b)) => old.description = Some(b),
                    _ => {}
                }
                unite(&mut old.aliases, actor.aliases);
                unite(&mut old.citations, actor.citations);
            }
        }
        self
    }

    /// Adds a relation. A relation identical to one from an earlier part (citations
    /// aside) is merged into it.
    pub fn add_relation(&mut self, relation: Relation) -> &mut Self {
        let part = self.part;
        let pair = (relation.from.clone(), relation.to.clone());
        let same = |(r, p): &(Relation, u32)| {
            *p != part
                && r.kind == relation.kind
                && r.title == relation.title
                && r.start == relation.start
                && r.end == relation.end
                && r.confidence.to_bits() == relation.confidence.to_bits()
        };
        let existing = self
            .relation_index
            .get(&pair)
            .and_then(|ids| ids.iter().copied().find(|&i| self.relations.get(i).is_some_and(same)));
        match existing.and_then(|i| self.relations.get_mut(i)) {
            Some((old, _)) => unite(&mut old.citations, relation.citations),
            None => {
                self.relation_index.entry(pair).or_default().push(self.relations.len());
                self.relations.push((relation, part));
            }
        }
        self
    }

    /// Adds an event.
    pub fn add_event(&mut self, event: Event) -> &mut Self {
        let part = self.part;
        match self.events.get_mut(&event.key) {
            None => {
                self.events.insert(event.key.clone(), (event, part));
            }
            Some((_, p)) if *p == part => {
                self.problems.push(Problem::DuplicateKey { item: Item::Event(event.key) })
            }
            Some((old, _)) => {
                let item = || Item::Event(event.key.clone());
                let fields: [(&'static str, String, String); 4] = [
                    ("kind", old.kind.to_string(), event.kind.to_string()),
                    ("label", old.label.clone(), event.label.clone()),
                    ("date", show(&old.date), show(&event.date)),
                    ("place", show(&old.place), show(&event.place)),
                ];
                for (field, a, b) in fields {
                    if a != b {
                        self.problems.push(conflict(item(), field, a, b));
                    }
                }
                unite(&mut old.participants, event.participants);
                unite(&mut old.citations, event.citations);
            }
        }
        self
    }

    /// Adds a statement.
    pub fn add_statement(&mut self, statement: Statement) -> &mut Self {
        let part = self.part;
        match self.statements.get_mut(&statement.key) {
            None => {
                self.statements.insert(statement.key.clone(), (statement, part));
            }
            Some((_, p)) if *p == part => {
                self.problems.push(Problem::DuplicateKey { item: Item::Statement(statement.key) })
            }
            Some((old, _)) => {
                let item = || Item::Statement(statement.key.clone());
                let fields: [(&'static str, String, String); 11] = [
                    ("speaker", old.speaker.clone(), statement.speaker.clone()),
                    ("date", old.date.to_string(), statement.date.to_string()),
                    ("order", old.order.to_string(), statement.order.to_string()),
                    ("kind", old.kind.to_string(), statement.kind.to_string()),
                    ("mode", show(&old.mode), show(&statement.mode)),
                    ("text", old.text.clone(), statement.text.clone()),
                    ("targets", show(&old.targets), show(&statement.targets)),
                    ("hedge", old.hedge.to_string(), statement.hedge.to_string()),
                    ("via", show(&old.via), show(&statement.via)),
                    ("audience", show(&old.audience), show(&statement.audience)),
                    ("about", show(&old.about), show(&statement.about)),
                ];
                for (field, a, b) in fields {
                    if a != b {
                        self.problems.push(conflict(item(), field, a, b));
                    }
                }
                unite(&mut old.framing, statement.framing);
                unite(&mut old.citations, statement.citations);
            }
        }
        self
    }

    /// Validates everything and builds the graph.
    ///
    /// # Errors
    /// A [`BuildError`] listing every [`Problem`]: unknown keys, duplicate keys,
    /// merge conflicts, stances or confidences out of range, validity intervals that
    /// end before they start, hierarchy cycles, empty required text, self-relations.
    pub fn build(self) -> Result<Graph, BuildError> {
        let GraphBuilder {
            sources,
            actors,
            relations,
            relation_index: _,
            events,
            statements,
            mut problems,
            part: _,
        } = self;
        let mut v = Validator { problems: &mut problems, sources: &sources, actors: &actors };

        for (what, count) in [
            ("sources", sources.len()),
            ("actors", actors.len()),
            ("relations", relations.len()),
            ("events", events.len()),
            ("statements", statements.len()),
        ] {
            if count >= u32::MAX as usize {
                v.problems.push(Problem::TooMany { what, count });
            }
        }

        let mut source_out = IndexMap::with_capacity(sources.len());
        for (key, (s, _)) in &sources {
            let item = || Item::Source(key.clone());
            v.nonempty(key, item, "key");
            v.nonempty(&s.title, item, "title");
            source_out.insert(key.as_str().into(), s.clone());
        }

        let mut actor_out = IndexMap::with_capacity(actors.len());
        for (key, (a, _)) in &actors {
            let item = || Item::Actor(key.clone());
            v.nonempty(key, item, "key");
            v.nonempty(&a.name, item, "name");
            for alias in &a.aliases {
                v.nonempty(alias, item, "aliases");
            }
            v.citations(&a.citations, item);
            actor_out.insert(
                key.as_str().into(),
                ActorRec {
                    name: a.name.as_str().into(),
                    kind: a.kind,
                    aliases: a.aliases.iter().map(|s| s.as_str().into()).collect(),
                    description: a.description.as_deref().map(Into::into),
                    citations: a.citations.clone().into(),
                    proposed: a.proposed,
                },
            );
        }

        let mut relation_out = Vec::with_capacity(relations.len());
        for (index, (r, _)) in relations.iter().enumerate() {
            let item = || Item::Relation { index, from: r.from.clone(), kind: r.kind, to: r.to.clone() };
            let from = v.actor(&r.from, item, "from");
            let to = v.actor(&r.to, item, "to");
            if r.from == r.to {
                v.problems.push(Problem::SelfRelation { item: item(), key: r.from.clone() });
            }
            if !(0.0..=1.0).contains(&r.confidence) {
                v.problems.push(Problem::ConfidenceOutOfRange { item: item(), value: r.confidence });
            }
            if let (Some(start), Some(end)) = (r.start, r.end)
                && end.last_day() < start.first_day()
            {
                v.problems.push(Problem::EndsBeforeStart { item: item(), start, end });
            }
            if let Some(title) = &r.title {
                v.nonempty(title, item, "title");
            }
            v.citations(&r.citations, item);
            if let (Some(from), Some(to)) = (from, to) {
                relation_out.push(RelationRec {
                    start: r.start,
                    end: r.end,
                    confidence: r.confidence,
                    ..RelationRec::new(from, r.kind, to).with_extra(r.title.as_deref(), &r.citations)
                });
            }
        }
        let cycles =
            hierarchy_cycles(&relation_out, actors.len(), |i| actors.get_index(i).map(|(k, _)| k.clone()));
        v.problems.extend(cycles.into_iter().map(|path| Problem::HierarchyCycle { path }));

        let mut event_out = IndexMap::with_capacity(events.len());
        for (key, (e, _)) in &events {
            let item = || Item::Event(key.clone());
            v.nonempty(key, item, "key");
            v.nonempty(&e.label, item, "label");
            let place = e.place.as_ref().and_then(|p| v.actor(p, item, "place"));
            let participants: Vec<_> = e
                .participants
                .iter()
                .filter_map(|p| v.actor(&p.actor, item, "participants").map(|id| (id, p.role)))
                .collect();
            v.citations(&e.citations, item);
            event_out.insert(
                key.as_str().into(),
                EventRec {
                    kind: e.kind,
                    label: e.label.as_str().into(),
                    date: e.date,
                    place,
                    participants: participants.into(),
                    citations: e.citations.clone().into(),
                },
            );
        }

        let mut statement_out = Statements::with_capacity(statements.len());
        for (key, (s, _)) in &statements {
            let item = || Item::Statement(key.clone());
            v.nonempty(key, item, "key");
            let speaker = v.actor(&s.speaker, item, "speaker");
            // Coded data may record a stance without the words; a quote must have them,
            // and recorded words must not be blank.
            if s.mode == TextMode::Quote || !s.text.is_empty() {
                v.nonempty(&s.text, item, "text");
            }
            let mut targets = Vec::with_capacity(s.targets.len());
            for t in &s.targets {
                let id = v.actor(&t.actor, item, "targets");
                if !(-1.0..=1.0).contains(&t.stance) {
                    v.problems.push(Problem::StanceOutOfRange {
                        item: item(),
                        target: t.actor.clone(),
                        value: t.stance,
                    });
                }
                targets.extend(id.map(|id| (id, t.stance)));
            }
            let via: Vec<ActorId> = s.via.iter().filter_map(|o| v.actor(o, item, "via")).collect();
            let about: Vec<EventId> = s
                .about
                .iter()
                .filter_map(|e| match events.get_index_of(e.as_str()) {
                    Some(i) => Some(EventId::from_index(i)),
                    None => {
                        v.unknown(item(), "about", "event", e);
                        None
                    }
                })
                .collect();
            for tag in &s.framing {
                v.nonempty(tag, item, "framing");
            }
            if let Some(audience) = &s.audience {
                v.nonempty(audience, item, "audience");
            }
            v.citations(&s.citations, item);
            let extra = StatementExtra {
                via: via.into(),
                audience: s.audience.as_deref().map(Into::into),
                about: about.into(),
                framing: s.framing.iter().map(|t| t.as_str().into()).collect(),
                citations: s.citations.clone().into(),
                proposed: s.proposed,
            };
            if let Some(speaker) = speaker {
                let new = NewStatement {
                    speaker,
                    date: s.date,
                    order: s.order,
                    kind: s.kind,
                    mode: s.mode,
                    hedge: s.hedge,
                    text: &s.text,
                };
                // Keys are unique here (the builder's map), so only size can fail.
                if statement_out.push(key, new, targets, extra).is_err() {
                    v.problems.push(Problem::TooMany { what: "statement targets", count: usize::MAX });
                    break;
                }
            }
        }

        if !problems.is_empty() {
            return Err(BuildError::new(problems));
        }
        Ok(Graph::assemble(source_out, actor_out, relation_out, event_out, statement_out))
    }
}

/// Resolves keys and records problems.
struct Validator<'a> {
    problems: &'a mut Vec<Problem>,
    sources: &'a IndexMap<String, (Source, u32)>,
    actors: &'a IndexMap<String, (Actor, u32)>,
}

impl Validator<'_> {
    fn unknown(&mut self, item: Item, field: &'static str, expected: &'static str, key: &str) {
        self.problems.push(Problem::UnknownReference { item, field, expected, key: key.to_owned() });
    }

    fn actor(&mut self, key: &str, item: impl Fn() -> Item, field: &'static str) -> Option<ActorId> {
        let found = self.actors.get_index_of(key).map(ActorId::from_index);
        if found.is_none() {
            self.unknown(item(), field, "actor", key);
        }
        found
    }

    fn nonempty(&mut self, text: &str, item: impl Fn() -> Item, field: &'static str) {
        if text.trim().is_empty() {
            self.problems.push(Problem::Empty { item: item(), field });
        }
    }

    fn citations(&mut self, citations: &[Citation], item: impl Fn() -> Item) {
        for c in citations {
            if !self.sources.contains_key(&c.source) {
                self.unknown(item(), "citations.source", "source", &c.source);
            }
            if let Some(quote) = &c.quote {
                self.nonempty(quote, &item, "citations.quote");
            }
        }
    }
}

/// Each cycle of hierarchical relations once, as the keys around it (the first
/// repeated at the end); `key` names actor `i`.
pub(crate) fn hierarchy_cycles(
    relations: &[RelationRec],
    actor_count: usize,
    key: impl Fn(usize) -> Option<String>,
) -> Vec<Vec<String>> {
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(actor_count, 0);
    for _ in 0..actor_count {
        g.add_node(());
    }
    for r in relations.iter().filter(|r| r.kind.is_hierarchical()) {
        g.add_edge(r.from.node(), r.to.node(), ());
    }
    let mut sccs = petgraph::algo::tarjan_scc(&g);
    sccs.iter_mut().for_each(|c| c.sort());
    sccs.sort();
    let mut cycles = Vec::new();
    for scc in sccs.into_iter().filter(|c| c.len() > 1) {
        // Every member of a strongly connected component has a successor inside it, so
        // walking successors from the smallest member must revisit a node.
        let Some(&start) = scc.first() else { continue };
        let mut path = vec![start];
        let mut current = start;
        loop {
            let next = g.neighbors(current).filter(|n| scc.binary_search(n).is_ok()).min();
            let Some(next) = next else { break };
            if let Some(pos) = path.iter().position(|&n| n == next) {
                path.drain(..pos);
                path.push(next);
                break;
            }
            path.push(next);
            current = next;
        }
        cycles.push(path.into_iter().filter_map(|n| key(n.index())).collect());
    }
    cycles
}
