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
use petgraph::graph::{DiGraph, NodeIndex};

use crate::error::{BuildError, Item, Problem};
use crate::graph::{
    ActorId, ActorRec, EventId, EventRec, Graph, NewStatement, RelationRec, StatementExtra, Statements,
};
use crate::merge::{self, Kind, MergePolicy, MergeReport, Parts, UnifyReason};
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
    policy: MergePolicy,
    /// What the report will say, recorded as items are added.
    log: Parts,
    /// Under `Reconcile`: events and statements of later parts whose key is already
    /// here, merged once actors are unified.
    pending_events: Vec<(Event, u32)>,
    pending_statements: Vec<(Statement, u32)>,
}

use merge::unite;

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

    /// An empty builder that merges datasets under `policy` (see
    /// [`MergePolicy`]); [`GraphBuilder::new`] is strict.
    ///
    /// ```
    /// use stancegraph::{ActorKind, GraphBuilder, MergePolicy, model::{Actor, Dataset}};
    ///
    /// let mut first = Dataset::default();
    /// first.actors.push(Actor::new("palace", "Palace", ActorKind::Government));
    /// let mut second = Dataset::default();
    /// second.actors.push(Actor::new("palace", "the Palace", ActorKind::Government));
    /// let mut b = GraphBuilder::with_policy(MergePolicy::reconcile());
    /// b.add_dataset(first).add_dataset(second);
    /// let (graph, report) = b.build_with_report()?;
    /// let palace = graph.resolve("the Palace")?; // the other name is an alias
    /// assert_eq!(palace.name(), "Palace");
    /// assert_eq!(report.resolved[0].how, "kept as an alias");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_policy(policy: MergePolicy) -> Self {
        GraphBuilder { policy, ..Self::default() }
    }

    /// The merge policy.
    pub fn policy(&self) -> MergePolicy {
        self.policy
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
        b.log.set_label(0, "graph".to_owned());
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

    /// Adds a dataset as a new part named `label` in the [`MergeReport`] (a file
    /// name, an article's key).
    ///
    /// ```
    /// use stancegraph::GraphBuilder;
    ///
    /// let seed = stancegraph::datasets::strait_incident();
    /// let mut b = GraphBuilder::new();
    /// b.add_labelled_dataset("gazette.json", seed.to_dataset());
    /// let (_, report) = b.build_with_report()?;
    /// assert_eq!(report.parts[0].label, "gazette.json");
    /// # Ok::<(), stancegraph::BuildError>(())
    /// ```
    pub fn add_labelled_dataset(&mut self, label: impl Into<String>, dataset: Dataset) -> &mut Self {
        self.part += 1;
        self.log.set_label(self.part, label.into());
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
        self.log.given(part, Kind::Source);
        let reconcile = self.policy.is_reconcile();
        match self.sources.get_mut(&source.key) {
            None => {
                self.sources.insert(source.key.clone(), (source, part));
            }
            Some((_, p)) if *p == part => {
                self.problems.push(Problem::DuplicateKey { item: Item::Source(source.key) })
            }
            Some((old, _)) => {
                self.log.absorbed(part, Kind::Source);
                let mut source = source;
                let key = source.key.clone();
                let item = || Item::Source(key.clone());
                if reconcile {
                    // Fill in what either part left out: only values both give may clash.
                    old.publisher = old.publisher.take().or(source.publisher.clone());
                    old.author = old.author.take().or(source.author.clone());
                    old.date = old.date.or(source.date);
                    old.url = old.url.take().or(source.url.clone());
                    source.publisher = source.publisher.or(old.publisher.clone());
                    source.author = source.author.or(old.author.clone());
                    source.date = source.date.or(old.date);
                    source.url = source.url.or(old.url.clone());
                }
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
        self.log.given(part, Kind::Actor);
        match self.actors.get_mut(&actor.key) {
            None => {
                self.actors.insert(actor.key.clone(), (actor, part));
            }
            Some((_, p)) if *p == part => {
                self.problems.push(Problem::DuplicateKey { item: Item::Actor(actor.key) })
            }
            Some((old, _)) => {
                self.log.absorbed(part, Kind::Actor);
                self.log.unified.push(merge::Unification {
                    kept: actor.key.clone(),
                    merged: actor.key.clone(),
                    part: self.log.label(part),
                    reason: UnifyReason::SameKey,
                });
                if self.policy.is_reconcile() {
                    let key = actor.key.clone();
                    merge::merge_actor(&key, old, actor, None, &mut self.problems, &mut self.log);
                    return self;
                }
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
                for (field, a, b) in [
                    ("wikidata", old.wikidata.map(|x| x.to_string()), actor.wikidata.map(|x| x.to_string())),
                    ("country", old.country.map(|x| x.to_string()), actor.country.map(|x| x.to_string())),
                ] {
                    if let (Some(a), Some(b)) = (a, b)
                        && a != b
                    {
                        self.problems.push(conflict(item(), field, a, b));
                    }
                }
                old.wikidata = old.wikidata.or(actor.wikidata);
                old.country = old.country.or(actor.country);
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
        self.log.given(part, Kind::Relation);
        if self.policy.is_reconcile() {
            // Folded once actors are unified, in `build`.
            self.relations.push((relation, part));
            return self;
        }
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
            Some((old, _)) => {
                self.log.absorbed(part, Kind::Relation);
                self.log.folded.push(merge::Fold {
                    item: merge::describe_relation(old),
                    folded: vec![format!(
                        "{} ({})",
                        merge::describe_relation(&relation),
                        self.log.label(part)
                    )],
                    how: vec![merge::FoldReason::SameFact],
                });
                unite(&mut old.citations, relation.citations)
            }
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
        self.log.given(part, Kind::Event);
        match self.events.get_mut(&event.key) {
            None => {
                self.events.insert(event.key.clone(), (event, part));
            }
            Some((_, p)) if *p == part => {
                self.problems.push(Problem::DuplicateKey { item: Item::Event(event.key) })
            }
            Some(_) if self.policy.is_reconcile() => self.pending_events.push((event, part)),
            Some((old, _)) => {
                self.log.absorbed(part, Kind::Event);
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
        self.log.given(part, Kind::Statement);
        match self.statements.get_mut(&statement.key) {
            None => {
                self.statements.insert(statement.key.clone(), (statement, part));
            }
            Some((_, p)) if *p == part => {
                self.problems.push(Problem::DuplicateKey { item: Item::Statement(statement.key) })
            }
            Some(_) if self.policy.is_reconcile() => self.pending_statements.push((statement, part)),
            Some((old, _)) => {
                self.log.absorbed(part, Kind::Statement);
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
    ///
    /// Takes `&mut self` so that it can end a chain of `add_*` calls; the builder is
    /// left empty (with its policy), ready for other data.
    ///
    /// ```
    /// use stancegraph::{ActorKind, GraphBuilder, model::Actor};
    ///
    /// let graph = GraphBuilder::new()
    ///     .add_actor(Actor::new("atlantis", "Atlantis", ActorKind::State))
    ///     .add_actor(Actor::new("lemuria", "Lemuria", ActorKind::State))
    ///     .build()?;
    /// assert_eq!(graph.actor_count(), 2);
    /// # Ok::<(), stancegraph::BuildError>(())
    /// ```
    pub fn build(&mut self) -> Result<Graph, BuildError> {
        self.build_with_report().map(|(graph, _)| graph)
    }

    /// Validates everything and builds the graph, with a [`MergeReport`] of what the
    /// merge of the parts unified, folded and resolved.
    ///
    /// ```
    /// use stancegraph::{GraphBuilder, MergePolicy};
    ///
    /// let seed = stancegraph::datasets::strait_incident();
    /// let mut b = GraphBuilder::with_policy(MergePolicy::reconcile());
    /// b.add_graph(&seed).add_graph(&seed);
    /// let (graph, report) = b.build_with_report()?;
    /// assert_eq!(graph.actor_count(), seed.actor_count());
    /// assert_eq!(report.unified.len(), seed.actor_count()); // each by its key
    /// # Ok::<(), stancegraph::BuildError>(())
    /// ```
    ///
    /// # Errors
    /// As [`GraphBuilder::build`]; under [`MergePolicy::Reconcile`] also
    /// [`Problem::Contradiction`] for items the merge would make one that disagree.
    pub fn build_with_report(&mut self) -> Result<(Graph, MergeReport), BuildError> {
        let taken = std::mem::replace(self, GraphBuilder::with_policy(self.policy));
        let GraphBuilder {
            sources,
            mut actors,
            mut relations,
            relation_index: _,
            mut events,
            mut statements,
            mut problems,
            part: _,
            policy,
            mut log,
            pending_events,
            pending_statements,
        } = taken;
        if let MergePolicy::Reconcile { match_names } = policy {
            let items = merge::Items {
                actors: &mut actors,
                relations: &mut relations,
                events: &mut events,
                statements: &mut statements,
            };
            merge::reconcile(items, pending_events, pending_statements, match_names, &mut problems, &mut log);
        }
        shared_external_ids(&actors, &mut problems);
        let mut v = Validator {
            problems: &mut problems,
            sources: &sources,
            actors: &actors,
            events: &events,
            suggested: 0,
        };

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
                    wikidata: a.wikidata,
                    country: a.country,
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
                relation_out.push(RelationRec::new(from, r.kind, to).with_details(
                    (r.start, r.end),
                    r.confidence,
                    r.title.as_deref(),
                    r.citations.as_slice(),
                ));
            }
        }
        for cycle in hierarchy_cycles(&relation_out, actors.len()) {
            let path =
                cycle.iter().filter_map(|a| actors.get_index(a.index()).map(|(k, _)| k.clone())).collect();
            v.problems.push(Problem::HierarchyCycle { path });
        }

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
            let also_via: Vec<Box<[ActorId]>> = s
                .also_via
                .iter()
                .map(|chain| chain.iter().filter_map(|o| v.actor(o, item, "also_via")).collect())
                .collect();
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
                also_via: also_via.into(),
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
        let graph = Graph::assemble(source_out, actor_out, relation_out, event_out, statement_out);
        let result = merge::ItemCounts {
            sources: graph.source_count(),
            actors: graph.actor_count(),
            relations: graph.relation_count(),
            events: graph.event_count(),
            statements: graph.statement_count(),
        };
        Ok((graph, log.report(policy, result)))
    }
}

/// Reports actors of different keys that carry the same external id (those the
/// policy did not unify).
fn shared_external_ids(actors: &IndexMap<String, (Actor, u32)>, problems: &mut Vec<Problem>) {
    let mut wikidata = HashMap::new();
    let mut country = HashMap::new();
    for (key, (a, _)) in actors {
        if let Some(w) = a.wikidata
            && let Some(first) = wikidata.insert(w, key)
        {
            problems.push(Problem::SharedExternalId {
                first: first.clone(),
                second: key.clone(),
                scheme: "wikidata id",
                id: w.to_string(),
            });
        }
        if let Some(c) = a.country
            && let Some(first) = country.insert(c, key)
        {
            problems.push(Problem::SharedExternalId {
                first: first.clone(),
                second: key.clone(),
                scheme: "country code",
                id: c.to_string(),
            });
        }
    }
}

/// Resolves keys and records problems.
struct Validator<'a> {
    problems: &'a mut Vec<Problem>,
    sources: &'a IndexMap<String, (Source, u32)>,
    actors: &'a IndexMap<String, (Actor, u32)>,
    events: &'a IndexMap<String, (Event, u32)>,
    /// How many unknown keys got suggestions so far (bounded: each is a scan).
    suggested: usize,
}

impl Validator<'_> {
    fn unknown(&mut self, item: Item, field: &'static str, expected: &'static str, key: &str) {
        let suggestions = if self.suggested < crate::suggest::MAX_SUGGESTED_ERRORS {
            self.suggested += 1;
            self.suggest(expected, key)
        } else {
            Vec::new()
        };
        self.problems.push(Problem::UnknownReference {
            item,
            field,
            expected,
            key: key.to_owned(),
            suggestions,
        });
    }

    /// The keys of `expected` items nearest to `key` (by key, name or alias).
    fn suggest(&self, expected: &str, key: &str) -> Vec<String> {
        let mut near = crate::suggest::Nearest::new(key);
        match expected {
            "actor" => {
                for (k, (a, _)) in self.actors {
                    near.offer(k, || k.clone());
                    near.offer(&a.name, || k.clone());
                    for alias in &a.aliases {
                        near.offer(alias, || k.clone());
                    }
                }
            }
            "source" => {
                for k in self.sources.keys() {
                    near.offer(k, || k.clone());
                }
            }
            _ => {
                for (k, (e, _)) in self.events {
                    near.offer(k, || k.clone());
                    near.offer(&e.label, || k.clone());
                }
            }
        }
        near.finish(key)
    }

    fn actor(&mut self, key: &str, item: impl Fn() -> Item, field: &'static str) -> Option<ActorId> {
        let found = self.actors.get_index_of(key).map(ActorId::from_index);
        if found.is_none() {
            self.unknown(item(), field, "actor", key);
        }
        found
    }

    fn nonempty(&mut self, text: &str, item: impl Fn() -> Item, field: &'static str) {
        if is_blank(text) {
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

/// Whether `text` shows nothing: every character is white space, a control
/// character or one Unicode marks as invisible (Default_Ignorable_Code_Point: zero-width
/// spaces and joiners, bidi marks, soft hyphens, fillers, variation selectors, tags).
#[inline]
pub(crate) fn is_blank(text: &str) -> bool {
    // Most text starts with a visible ASCII character: one comparison, no decoding
    // (the CSV import asks this of every required field).
    if text.as_bytes().first().is_some_and(u8::is_ascii_graphic) {
        return false;
    }
    text.chars().all(|c| c.is_whitespace() || c.is_control() || is_default_ignorable(c))
}

/// Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt,
/// Unicode 16.0): characters that render as nothing where a font lacks them.
fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether the hierarchical relations make no cycle: Kahn's topological sort over
/// flat arrays (every actor whose parents are all taken is taken; all are taken
/// exactly when there is no cycle), several times cheaper than building a petgraph
/// graph and its strongly connected components. `false` also for a relation from an
/// actor to itself or naming an actor out of range: [`hierarchy_cycles`] then looks
/// closely.
fn hierarchy_is_acyclic(relations: &[RelationRec], actor_count: usize) -> bool {
    let n = actor_count;
    let hierarchical = || relations.iter().filter(|r| r.kind.is_hierarchical());
    // `start[c]..start[c + 1]` will hold the parents of `c`; `waiting[p]` counts
    // the children of `p` not yet taken.
    let mut start = vec![0u32; n + 1];
    let mut waiting = vec![0u32; n];
    for r in hierarchical() {
        let (Some(s), Some(w)) = (start.get_mut(r.from.index() + 1), waiting.get_mut(r.to.index())) else {
            return false;
        };
        (*s, *w) = (s.saturating_add(1), w.saturating_add(1));
    }
    for i in 1..start.len() {
        start[i] = start[i].saturating_add(start[i - 1]);
    }
    let mut parents = vec![0u32; start[n] as usize];
    let mut fill = start.clone();
    for r in hierarchical() {
        let slot = &mut fill[r.from.index()];
        parents[*slot as usize] = r.to.index() as u32;
        *slot += 1;
    }
    drop(fill);
    // Children first: an actor is taken once none of its children is waiting.
    let mut taken: Vec<u32> = (0..n as u32).filter(|&a| waiting[a as usize] == 0).collect();
    let mut next = 0;
    while let Some(&a) = taken.get(next) {
        next += 1;
        let range = start[a as usize] as usize..start[a as usize + 1] as usize;
        for &p in &parents[range] {
            let w = &mut waiting[p as usize];
            *w -= 1;
            if *w == 0 {
                taken.push(p);
            }
        }
    }
    taken.len() == n
}

/// Each cycle of hierarchical relations once, as the actors around it (the first
/// repeated at the end).
///
/// Strongly connected components come from petgraph's Kosaraju, whose depth-first
/// searches keep their own stack: a hierarchy a million deep cannot overflow the
/// thread's. Each component with more than one actor holds a cycle, found by walking
/// to the smallest successor inside it until an actor repeats: linear in its size.
/// A hierarchy without a cycle, the usual case, is first recognised by a cheaper
/// test ([`hierarchy_is_acyclic`]).
pub(crate) fn hierarchy_cycles(relations: &[RelationRec], actor_count: usize) -> Vec<Vec<ActorId>> {
    if hierarchy_is_acyclic(relations, actor_count) {
        return Vec::new();
    }
    let hierarchical = relations.iter().filter(|r| r.kind.is_hierarchical());
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(actor_count, hierarchical.clone().count());
    for _ in 0..actor_count {
        g.add_node(());
    }
    for r in hierarchical {
        g.add_edge(r.from.node(), r.to.node(), ());
    }
    let mut sccs: Vec<Vec<NodeIndex>> =
        petgraph::algo::kosaraju_scc(&g).into_iter().filter(|c| c.len() > 1).collect();
    if sccs.is_empty() {
        return Vec::new();
    }
    sccs.iter_mut().for_each(|c| c.sort_unstable());
    sccs.sort_unstable();
    // `component[n]` is 1 + the index of the component holding actor `n`.
    let mut component = vec![0u32; actor_count];
    for (i, scc) in sccs.iter().enumerate() {
        for n in scc {
            component[n.index()] = i as u32 + 1;
        }
    }
    let mut cycles = Vec::with_capacity(sccs.len());
    let mut position: HashMap<NodeIndex, usize> = HashMap::new();
    for (i, scc) in sccs.iter().enumerate() {
        // Every member of a strongly connected component has a successor inside it, so
        // walking successors from the smallest member must revisit a node.
        let Some(&start) = scc.first() else { continue };
        let inside = |n: &NodeIndex| component.get(n.index()) == Some(&(i as u32 + 1));
        position.clear();
        let mut path = vec![start];
        position.insert(start, 0);
        let mut current = start;
        while let Some(next) = g.neighbors(current).filter(inside).min() {
            if let Some(&pos) = position.get(&next) {
                path.drain(..pos);
                path.push(next);
                break;
            }
            position.insert(next, path.len());
            path.push(next);
            current = next;
        }
        cycles.push(path.into_iter().map(|n| ActorId::from_index(n.index())).collect());
    }
    cycles
}

#[cfg(test)]
mod acyclic {
    use proptest::prelude::*;

    use crate::graph::{ActorId, RelationRec};
    use crate::model::RelationKind;

    proptest! {
        /// The quick test agrees with petgraph's on every small hierarchy, with
        /// repeated links, non-hierarchical relations (which never make a cycle)
        /// and links to oneself.
        #[test]
        fn the_quick_test_finds_cycles_as_petgraph_does(
            n in 1usize..9,
            links in proptest::collection::vec((0usize..9, 0usize..9, any::<bool>()), 0..20),
        ) {
            let rels: Vec<RelationRec> = links
                .iter()
                .filter(|(a, b, _)| *a < n && *b < n)
                .map(|&(a, b, member)| {
                    let kind = if member { RelationKind::MemberOf } else { RelationKind::Ally };
                    RelationRec::new(ActorId::from_index(a), kind, ActorId::from_index(b))
                })
                .collect();
            let mut g = petgraph::graph::DiGraph::<(), ()>::new();
            let nodes: Vec<_> = (0..n).map(|_| g.add_node(())).collect();
            for r in rels.iter().filter(|r| r.kind.is_hierarchical()) {
                g.add_edge(nodes[r.from.index()], nodes[r.to.index()], ());
            }
            prop_assert_eq!(super::hierarchy_is_acyclic(&rels, n), !petgraph::algo::is_cyclic_directed(&g));
            // Out-of-range ids are left to the close look.
            let hierarchical = rels.iter().any(|r| r.kind.is_hierarchical());
            prop_assert!(!hierarchical || !super::hierarchy_is_acyclic(&rels, 0));
        }
    }
}
