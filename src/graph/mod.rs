//! The validated, immutable [`Graph`] and read access to it.
//!
//! Actors are the nodes and relations the edges of a petgraph
//! [`Graph`](petgraph::graph::Graph) (see [`Graph::petgraph`]); statements, events and
//! sources are records of their own, linked to actors through indexes built once
//! by the [`GraphBuilder`](crate::GraphBuilder). Look-ups return borrowed views
//! ([`ActorRef`], [`StatementRef`] ...) that read like the model types.
//!
//! **One fact, many sources.** A fact reported by several outlets is stored once:
//! every item keeps a list of citations (each naming its source document), and a
//! statement keeps every chain of outlets that carried it (its `via` chain, then
//! the others, out of line with its other rarely used parts). Queries therefore
//! count the fact once; [`Graph::corroboration`] counts the independent sources
//! behind it, which raise the confidence of answers, not their weight.

mod assemble;
mod data;
mod ids;
pub(crate) mod index;
mod stats;
mod store;
mod views;

use std::sync::OnceLock;

use indexmap::IndexMap;
use petgraph::graph::DiGraph;

pub(crate) use assemble::network;
pub use ids::{ActorId, EventId, RelationId, SourceId, StatementId};
pub use stats::Stats;
pub(crate) use store::{
    Full, NO_EXTRA, NewStatement, StatementChunk, StatementExtra, StatementRec, Statements, key_hash,
};
pub use views::{ActorRef, EventRef, ParticipantRef, RelationRef, SourceRef, StatementRef, TargetRef};

use crate::error::LookupError;
use crate::model::{
    ActorKind, Citation, CountryCode, EventKind, PartialDate, RelationKind, Role, Source, WikidataId,
};

/// Compressed rows: the values of row `i` are `values[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Csr<T> {
    pub(crate) offsets: Vec<u32>,
    pub(crate) values: Vec<T>,
}

impl<T> Default for Csr<T> {
    fn default() -> Self {
        Csr { offsets: Vec::new(), values: Vec::new() }
    }
}

impl<T: Copy> Csr<T> {
    /// Groups `(row, value)` pairs into `rows` rows, keeping the pairs' order within a
    /// row (a counting sort: two passes over `pairs`, no per-row allocation). `filler`
    /// only occupies slots until they are written.
    pub(crate) fn from_pairs(
        rows: usize,
        pairs: impl IntoIterator<Item = (usize, T)> + Clone,
        filler: T,
    ) -> Self {
        let mut offsets = vec![0u32; rows + 1];
        for (row, _) in pairs.clone() {
            offsets[row + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill = offsets.clone();
        let mut values = vec![filler; offsets[rows] as usize];
        for (row, value) in pairs {
            values[fill[row] as usize] = value;
            fill[row] += 1;
        }
        Csr { offsets, values }
    }

    pub(crate) fn row(&self, row: usize) -> &[T] {
        match (self.offsets.get(row), self.offsets.get(row + 1)) {
            (Some(&a), Some(&b)) => &self.values[a as usize..b as usize],
            _ => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActorRec {
    pub(crate) name: Box<str>,
    pub(crate) kind: ActorKind,
    pub(crate) aliases: Box<[Box<str>]>,
    pub(crate) description: Option<Box<str>>,
    pub(crate) citations: Box<[Citation]>,
    /// Machine-proposed, not yet confirmed.
    pub(crate) proposed: bool,
    pub(crate) wikidata: Option<WikidataId>,
    pub(crate) country: Option<CountryCode>,
}

/// A relation's dates, confidence, title and citations, out of line: bulk relations
/// are undated, certain, untitled and uncited, and a record of 24 bytes instead of
/// 40 is two fifths less to write, copy and scan at a million relations.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelationExtra {
    pub(crate) start: Option<PartialDate>,
    pub(crate) end: Option<PartialDate>,
    pub(crate) confidence: f64,
    pub(crate) title: Option<Box<str>>,
    pub(crate) citations: Box<[Citation]>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelationRec {
    pub(crate) from: ActorId,
    pub(crate) to: ActorId,
    pub(crate) kind: RelationKind,
    /// `None` for an undated, certain relation with neither title nor citation.
    extra: Option<Box<RelationExtra>>,
}

impl RelationRec {
    /// An undated, certain relation with no title or citation.
    pub(crate) fn new(from: ActorId, kind: RelationKind, to: ActorId) -> Self {
        RelationRec { from, to, kind, extra: None }
    }

    /// Sets the dates, confidence, title and citations, allocating only if one of
    /// them is not a bulk relation's (the same bits: a confidence of `-0.0` is kept).
    /// Owned titles and citations are moved in, borrowed ones copied.
    pub(crate) fn with_details(
        mut self,
        (start, end): (Option<PartialDate>, Option<PartialDate>),
        confidence: f64,
        title: Option<impl Into<Box<str>>>,
        citations: impl Into<Box<[Citation]>>,
    ) -> Self {
        let citations = citations.into();
        let plain = start.is_none()
            && end.is_none()
            && confidence.to_bits() == 1f64.to_bits()
            && title.is_none()
            && citations.is_empty();
        self.extra = (!plain).then(|| {
            Box::new(RelationExtra { start, end, confidence, title: title.map(Into::into), citations })
        });
        self
    }

    pub(crate) fn start(&self) -> Option<PartialDate> {
        self.extra.as_ref().and_then(|x| x.start)
    }

    pub(crate) fn end(&self) -> Option<PartialDate> {
        self.extra.as_ref().and_then(|x| x.end)
    }

    pub(crate) fn confidence(&self) -> f64 {
        self.extra.as_ref().map_or(1.0, |x| x.confidence)
    }

    pub(crate) fn title(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|x| x.title.as_deref())
    }

    pub(crate) fn citations(&self) -> &[Citation] {
        self.extra.as_ref().map_or(&[], |x| &x.citations)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EventRec {
    pub(crate) kind: EventKind,
    pub(crate) label: Box<str>,
    pub(crate) date: Option<PartialDate>,
    pub(crate) place: Option<ActorId>,
    pub(crate) participants: Box<[(ActorId, Role)]>,
    pub(crate) citations: Box<[Citation]>,
}

/// A validated, immutable knowledge graph of actors, relations, events and statements.
///
/// Built only by [`GraphBuilder`](crate::GraphBuilder) (or loaded from a dataset), so
/// every reference in it resolves and every value is in range.
///
/// ```
/// let graph = stancegraph::datasets::strait_incident();
/// let vasca = graph.actor_by_key("vasca").expect("in the example");
/// let chain: Vec<&str> = graph.chain_up(vasca.id()).map(|a| a.key()).collect();
/// assert_eq!(chain, ["vasca", "atlantis-palace", "atlantis"]);
/// ```
#[derive(Debug, Clone)]
pub struct Graph {
    pub(crate) sources: IndexMap<Box<str>, Source>,
    pub(crate) actors: IndexMap<Box<str>, ActorRec>,
    pub(crate) relations: Vec<RelationRec>,
    pub(crate) events: IndexMap<Box<str>, EventRec>,
    pub(crate) statements: Statements,
    // Derived indexes, rebuilt by `index()`.
    /// Each actor's kind, as a column of its own: a scan for the actors of a kind
    /// (the states, say) reads a byte per actor rather than a cache line of its
    /// record (0.26-0.39 against 0.59-0.74 ms at 210,000 actors).
    pub(crate) kinds: Vec<ActorKind>,
    /// The petgraph view of the actors and relations ([`Graph::petgraph`]), made on
    /// first use: the paths, components and relation listings that walk it are a
    /// fraction of what most programs ask, and it is 30 MB at a million relations.
    pub(crate) net: OnceLock<DiGraph<ActorId, RelationId>>,
    /// `(hash of a folded key, name or alias, actor)`, sorted: a name index without a
    /// heap allocation per name. Made on first use (`Graph::names()`), as are the
    /// statement lists below: a program that names actors by key and asks
    /// who-said-what through the large indexes never needs them, and at two
    /// million statements they are about 70 ms of a load's work.
    pub(crate) names: OnceLock<Vec<(u64, ActorId)>>,
    pub(crate) parents: Csr<ActorId>,
    pub(crate) children: Csr<ActorId>,
    /// Statements by speaker, by target and by event (`Graph::by_speaker()` …).
    pub(crate) by_speaker: OnceLock<Csr<StatementId>>,
    pub(crate) by_target: OnceLock<Csr<StatementId>>,
    pub(crate) by_event: OnceLock<Csr<StatementId>>,
    pub(crate) chronological: Vec<StatementId>,
    /// Indexes for large graphs (see [`index`]).
    pub(crate) index: index::Indexes,
}

impl PartialEq for Graph {
    /// Graphs are equal when they hold the same items in the same order; the derived
    /// indexes follow from those.
    fn eq(&self, other: &Self) -> bool {
        self.sources.as_slice() == other.sources.as_slice()
            && self.actors.as_slice() == other.actors.as_slice()
            && self.relations == other.relations
            && self.events.as_slice() == other.events.as_slice()
            && self.statements == other.statements
    }
}

/// Lower-cased, whitespace-folded form used for name and alias look-up.
pub(crate) fn fold_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A hash of a folded name that is the same on every run and platform.
pub(crate) fn name_hash(folded: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    folded.hash(&mut h);
    h.finish()
}

impl ActorRec {
    /// The key, name and aliases, folded for look-up.
    fn folded_forms<'a>(&'a self, key: &'a str) -> impl Iterator<Item = String> + 'a {
        std::iter::once(key)
            .chain(std::iter::once(&*self.name))
            .chain(self.aliases.iter().map(|s| &**s))
            .map(fold_name)
    }
}

impl Graph {
    // ---- counts -------------------------------------------------------------------

    /// How many actors.
    pub fn actor_count(&self) -> usize {
        self.actors.len()
    }

    /// How many relations.
    pub fn relation_count(&self) -> usize {
        self.relations.len()
    }

    /// How many statements.
    pub fn statement_count(&self) -> usize {
        self.statements.len()
    }

    /// How many events.
    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// How many sources.
    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    // ---- look-ups ------------------------------------------------------------------

    /// The actor with this id, or `None` if the id is from a larger graph.
    pub fn actor(&self, id: ActorId) -> Option<ActorRef<'_>> {
        (id.index() < self.actors.len()).then_some(ActorRef { graph: self, id })
    }

    /// The actor with exactly this key.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// assert_eq!(g.actor_by_key("vasca").map(|a| a.name()), Some("Ione Vasca"));
    /// assert!(g.actor_by_key("Vasca").is_none()); // keys are exact; see `resolve`
    /// ```
    pub fn actor_by_key(&self, key: &str) -> Option<ActorRef<'_>> {
        self.actors.get_index_of(key).map(|i| ActorRef { graph: self, id: ActorId::from_index(i) })
    }

    /// The one actor whose key, name or alias is `name` (case and spacing ignored).
    ///
    /// A key match wins; otherwise the name must belong to exactly one actor.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// assert_eq!(g.resolve("poseidonia")?.key(), "atlantis");
    /// assert_eq!(g.resolve("Ione  Vasca")?.key(), "vasca");
    /// assert!(g.resolve("El Dorado").is_err());
    /// # Ok::<(), stancegraph::LookupError>(())
    /// ```
    pub fn resolve(&self, name: &str) -> Result<ActorRef<'_>, LookupError> {
        if let Some(a) = self.actor_by_key(name) {
            return Ok(a);
        }
        let folded = fold_name(name);
        let hash = name_hash(&folded);
        let names = self.names();
        let start = names.partition_point(|&(h, _)| h < hash);
        // Equal hashes are candidates; confirm each against its actual forms.
        let found: Vec<ActorId> = names[start..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, id)| id)
            .filter(|&id| {
                self.actors.get_index(id.index()).is_some_and(|(k, a)| a.folded_forms(k).any(|f| f == folded))
            })
            .collect();
        match found.as_slice() {
            [one] => Ok(ActorRef { graph: self, id: *one }),
            [] => Err(LookupError::Unknown { name: name.to_owned(), suggestions: self.suggest_actors(name) }),
            many => Err(LookupError::Ambiguous {
                name: name.to_owned(),
                candidates: many.iter().map(|id| self.actor_key(*id).to_owned()).collect(),
            }),
        }
    }

    /// The keys, names and aliases nearest to `name`, for "did you mean" (see
    /// [`suggest`](crate::suggest)); only called on the error path.
    pub(crate) fn suggest_actors(&self, name: &str) -> Vec<String> {
        let mut near = crate::suggest::Nearest::new(name);
        for (key, a) in &self.actors {
            near.offer(key, || key.to_string());
            near.offer(&a.name, || a.name.to_string());
            for alias in a.aliases.iter() {
                near.offer(alias, || alias.to_string());
            }
        }
        near.finish(name)
    }

    /// The statement keys nearest to `key`, for "did you mean".
    pub(crate) fn suggest_statements(&self, key: &str) -> Vec<String> {
        let mut near = crate::suggest::Nearest::new(key);
        for (id, _) in self.statements.iter() {
            let k = self.statements.key(id);
            near.offer(k, || k.to_owned());
        }
        near.finish(key)
    }

    /// The event keys nearest to `key`, for "did you mean".
    pub(crate) fn suggest_events(&self, key: &str) -> Vec<String> {
        let mut near = crate::suggest::Nearest::new(key);
        for (k, e) in &self.events {
            near.offer(k, || k.to_string());
            near.offer(&e.label, || k.to_string());
        }
        near.finish(key)
    }

    /// The sources that `citations` cite, each once, in citation order, and how many
    /// of them are *independent*: sources with the same publisher count once
    /// (two articles of one newspaper are one voice), a source without a publisher
    /// counts on its own.
    ///
    /// ```
    /// use stancegraph::model::Citation;
    ///
    /// let g = stancegraph::datasets::strait_incident();
    /// let cites = [Citation::new("gazette-2031-05-04").paragraph(1), Citation::new("gazette-2031-05-04").paragraph(2)];
    /// let (sources, independent) = g.corroboration(&cites);
    /// assert_eq!((sources.len(), independent), (1, 1));
    /// ```
    pub fn corroboration(&self, citations: &[Citation]) -> (Vec<SourceRef<'_>>, usize) {
        let mut sources: Vec<SourceRef<'_>> = Vec::new();
        for c in citations {
            if let Some(s) = self.source_by_key(&c.source)
                && !sources.contains(&s)
            {
                sources.push(s);
            }
        }
        let mut voices: Vec<&str> =
            sources.iter().map(|s| s.data().publisher.as_deref().unwrap_or(s.key())).collect();
        voices.sort_unstable();
        voices.dedup();
        let independent = voices.len();
        (sources, independent)
    }

    /// The relation with this id.
    pub fn relation(&self, id: RelationId) -> Option<RelationRef<'_>> {
        (id.index() < self.relations.len()).then_some(RelationRef { graph: self, id })
    }

    /// The statement with this id.
    pub fn statement(&self, id: StatementId) -> Option<StatementRef<'_>> {
        (id.index() < self.statements.len()).then_some(StatementRef { graph: self, id })
    }

    /// The statement with this key.
    pub fn statement_by_key(&self, key: &str) -> Option<StatementRef<'_>> {
        self.statements.index_of(key).map(|id| StatementRef { graph: self, id })
    }

    /// The event with this id.
    pub fn event(&self, id: EventId) -> Option<EventRef<'_>> {
        (id.index() < self.events.len()).then_some(EventRef { graph: self, id })
    }

    /// The event with this key.
    pub fn event_by_key(&self, key: &str) -> Option<EventRef<'_>> {
        self.events.get_index_of(key).map(|i| EventRef { graph: self, id: EventId::from_index(i) })
    }

    /// The source with this id.
    pub fn source(&self, id: SourceId) -> Option<SourceRef<'_>> {
        (id.index() < self.sources.len()).then_some(SourceRef { graph: self, id })
    }

    /// The source with this key.
    pub fn source_by_key(&self, key: &str) -> Option<SourceRef<'_>> {
        self.sources.get_index_of(key).map(|i| SourceRef { graph: self, id: SourceId::from_index(i) })
    }

    // ---- iteration -----------------------------------------------------------------

    /// Every actor, in the order they were added.
    pub fn actors(&self) -> impl ExactSizeIterator<Item = ActorRef<'_>> + '_ {
        (0..self.actors.len()).map(|i| ActorRef { graph: self, id: ActorId::from_index(i) })
    }

    /// Every relation, in the order they were added.
    pub fn relations(&self) -> impl ExactSizeIterator<Item = RelationRef<'_>> + '_ {
        (0..self.relations.len()).map(|i| RelationRef { graph: self, id: RelationId::from_index(i) })
    }

    /// Every statement, in the order they were added; see
    /// [`Graph::statements_chronological`] for date order.
    pub fn statements(&self) -> impl ExactSizeIterator<Item = StatementRef<'_>> + '_ {
        (0..self.statements.len()).map(|i| StatementRef { graph: self, id: StatementId::from_index(i) })
    }

    /// Every statement by date, then order within the day, then insertion order.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let dates: Vec<_> = g.statements_chronological().map(|s| s.date()).collect();
    /// assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    /// ```
    pub fn statements_chronological(&self) -> impl ExactSizeIterator<Item = StatementRef<'_>> + '_ {
        self.chronological.iter().map(|&id| StatementRef { graph: self, id })
    }

    /// Every event, in the order they were added.
    pub fn events(&self) -> impl ExactSizeIterator<Item = EventRef<'_>> + '_ {
        (0..self.events.len()).map(|i| EventRef { graph: self, id: EventId::from_index(i) })
    }

    /// Every source, in the order they were added.
    pub fn sources(&self) -> impl ExactSizeIterator<Item = SourceRef<'_>> + '_ {
        (0..self.sources.len()).map(|i| SourceRef { graph: self, id: SourceId::from_index(i) })
    }

    /// The statements an actor itself spoke (not its subordinates), in insertion order.
    pub fn statements_by(&self, speaker: ActorId) -> impl ExactSizeIterator<Item = StatementRef<'_>> + '_ {
        self.by_speaker().row(speaker.index()).iter().map(|&id| StatementRef { graph: self, id })
    }

    /// The statements that name an actor as a target, in insertion order.
    pub fn statements_about(&self, target: ActorId) -> impl ExactSizeIterator<Item = StatementRef<'_>> + '_ {
        self.by_target().row(target.index()).iter().map(|&id| StatementRef { graph: self, id })
    }

    /// The statements about an event, in insertion order.
    pub fn statements_on_event(
        &self,
        event: EventId,
    ) -> impl ExactSizeIterator<Item = StatementRef<'_>> + '_ {
        self.by_event().row(event.index()).iter().map(|&id| StatementRef { graph: self, id })
    }

    /// The relations leaving or entering an actor, in insertion order.
    pub fn relations_of(&self, actor: ActorId) -> impl Iterator<Item = RelationRef<'_>> + '_ {
        let mut ids: Vec<RelationId> = self
            .net()
            .edges_directed(actor.node(), petgraph::Direction::Outgoing)
            .chain(self.net().edges_directed(actor.node(), petgraph::Direction::Incoming))
            .map(|e| *e.weight())
            .collect();
        ids.sort();
        ids.dedup();
        ids.into_iter().map(|id| RelationRef { graph: self, id })
    }

    // ---- alliances -----------------------------------------------------------------

    /// The members of `alliance`: the actors with a
    /// [`member_of_alliance`](RelationKind::MemberOfAlliance) relation to it, each
    /// once, in relation order. Membership is not hierarchy: members keep their own
    /// tops, and [`SaidQuery::with_members`](crate::query::SaidQuery::with_members)
    /// asks for "the alliance and its members" explicitly.
    ///
    /// ```
    /// use stancegraph::{ActorKind, GraphBuilder, RelationKind, model::{Actor, Relation}};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.add_actor(Actor::new("pact", "Ocean Pact", ActorKind::InternationalOrganization))
    ///     .add_actor(Actor::new("atlantis", "Atlantis", ActorKind::State))
    ///     .add_relation(Relation::new("atlantis", RelationKind::MemberOfAlliance, "pact"));
    /// let g = b.build()?;
    /// let pact = g.resolve("pact")?.id();
    /// let members: Vec<&str> = g.members(pact).map(|a| a.key()).collect();
    /// assert_eq!(members, ["atlantis"]);
    /// assert_eq!(g.tops(g.resolve("atlantis")?.id()).next().map(|a| a.key()), Some("atlantis"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self, alliance: ActorId) -> impl Iterator<Item = ActorRef<'_>> + '_ {
        self.alliance_edges(alliance, petgraph::Direction::Incoming)
    }

    /// The alliances, blocs and forums `actor` is a member of, each once.
    ///
    /// ```
    /// use stancegraph::{ActorKind, GraphBuilder, RelationKind, model::{Actor, Relation}};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.add_actor(Actor::new("pact", "Ocean Pact", ActorKind::InternationalOrganization))
    ///     .add_actor(Actor::new("atlantis", "Atlantis", ActorKind::State))
    ///     .add_relation(Relation::new("atlantis", RelationKind::MemberOfAlliance, "pact"));
    /// let g = b.build()?;
    /// let of: Vec<&str> = g.memberships(g.resolve("atlantis")?.id()).map(|a| a.key()).collect();
    /// assert_eq!(of, ["pact"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn memberships(&self, actor: ActorId) -> impl Iterator<Item = ActorRef<'_>> + '_ {
        self.alliance_edges(actor, petgraph::Direction::Outgoing)
    }

    fn alliance_edges(
        &self,
        actor: ActorId,
        direction: petgraph::Direction,
    ) -> impl Iterator<Item = ActorRef<'_>> + '_ {
        let mut found: Vec<(RelationId, ActorId)> = if actor.index() < self.actors.len() {
            self.net()
                .edges_directed(actor.node(), direction)
                .map(|e| *e.weight())
                .filter_map(|id| self.relations.get(id.index()).map(|r| (id, r)))
                .filter(|(_, r)| r.kind == RelationKind::MemberOfAlliance)
                .map(|(id, r)| (id, if direction == petgraph::Direction::Incoming { r.from } else { r.to }))
                .collect()
        } else {
            Vec::new()
        };
        found.sort();
        let mut seen = std::collections::HashSet::new();
        found.retain(|(_, a)| seen.insert(*a));
        found.into_iter().map(|(_, id)| ActorRef { graph: self, id })
    }

    // ---- hierarchy -----------------------------------------------------------------

    /// The actors directly above `actor` in the hierarchy (see
    /// [`RelationKind::is_hierarchical`]), in relation order.
    pub fn parents(&self, actor: ActorId) -> impl ExactSizeIterator<Item = ActorRef<'_>> + '_ {
        self.parents.row(actor.index()).iter().map(|&id| ActorRef { graph: self, id })
    }

    /// The actors directly below `actor`, in relation order.
    pub fn children(&self, actor: ActorId) -> impl ExactSizeIterator<Item = ActorRef<'_>> + '_ {
        self.children.row(actor.index()).iter().map(|&id| ActorRef { graph: self, id })
    }

    /// `actor`, its first parent, that one's first parent, and so on to the top:
    /// the speaker's chain ("spokeswoman → palace → state").
    pub fn chain_up(&self, actor: ActorId) -> impl Iterator<Item = ActorRef<'_>> + '_ {
        // The builder rejects cycles, so the walk ends; the step bound guards anyway.
        let limit = self.actors.len();
        std::iter::successors(self.actor(actor).map(|a| a.id), move |id| {
            self.parents.row(id.index()).first().copied()
        })
        .take(limit)
        .map(|id| ActorRef { graph: self, id })
    }

    /// Every actor above `actor` (breadth first, each once), not including itself.
    pub fn ancestors(&self, actor: ActorId) -> impl Iterator<Item = ActorRef<'_>> + '_ {
        self.walk(actor, &self.parents).map(|id| ActorRef { graph: self, id })
    }

    /// Every actor below `actor` (breadth first, each once), not including itself.
    pub fn descendants(&self, actor: ActorId) -> impl Iterator<Item = ActorRef<'_>> + '_ {
        self.walk(actor, &self.children).map(|id| ActorRef { graph: self, id })
    }

    /// The actors at the top of `actor`'s hierarchy (itself if it has no parent).
    pub fn tops(&self, actor: ActorId) -> impl Iterator<Item = ActorRef<'_>> + '_ {
        let own = self.parents.row(actor.index()).is_empty().then_some(actor);
        own.into_iter()
            .chain(self.walk(actor, &self.parents).filter(|id| self.parents.row(id.index()).is_empty()))
            .map(|id| ActorRef { graph: self, id })
    }

    /// Whether `actor` is `ancestor` or sits anywhere below it.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let (vasca, atlantis) = (g.resolve("vasca")?.id(), g.resolve("atlantis")?.id());
    /// assert!(g.is_within(vasca, atlantis));
    /// assert!(!g.is_within(atlantis, vasca));
    /// # Ok::<(), stancegraph::LookupError>(())
    /// ```
    pub fn is_within(&self, actor: ActorId, ancestor: ActorId) -> bool {
        actor == ancestor || self.walk(actor, &self.parents).any(|id| id == ancestor)
    }

    /// Breadth-first walk from `start` (excluded) along `edges`, each actor once, in
    /// discovery order.
    fn walk<'a>(&'a self, start: ActorId, edges: &'a Csr<ActorId>) -> impl Iterator<Item = ActorId> + 'a {
        let mut seen = std::collections::HashSet::from([start]);
        let mut queue: std::collections::VecDeque<ActorId> =
            edges.row(start.index()).iter().copied().filter(|&n| seen.insert(n)).collect();
        std::iter::from_fn(move || {
            let id = queue.pop_front()?;
            for &next in edges.row(id.index()) {
                if seen.insert(next) {
                    queue.push_back(next);
                }
            }
            Some(id)
        })
    }

    // ---- petgraph ------------------------------------------------------------------

    /// The actor network as a petgraph graph: node `i` is [`ActorId`] `i` (its weight),
    /// edge `j` is [`RelationId`] `j`, directed `from` → `to`. Use it with petgraph's
    /// own algorithms (petgraph is re-exported as [`stancegraph::petgraph`](crate::petgraph)).
    /// It is made on the first call (or the first query that walks it: paths,
    /// [`Graph::relations_of`], memberships) and kept: loading a graph does not pay
    /// for it.
    ///
    /// **Symmetric relations are stored once**, in the direction the data gave them:
    /// `atlantis ally lemuria` is one edge atlantis → lemuria, and
    /// [`RelationKind::is_symmetric`](crate::RelationKind::is_symmetric) says it also
    /// holds the other way. A directed traversal (`neighbors`, `Dfs`, `dijkstra` on
    /// the `DiGraph`) from `lemuria` does not see that edge; walk
    /// `neighbors_undirected`, wrap the graph in
    /// [`UndirectedAdaptor`](petgraph::visit::UndirectedAdaptor), or use this crate's
    /// own queries ([`Graph::relations_of`],
    /// [`Graph::paths`]), which read symmetric kinds both ways.
    ///
    /// ```
    /// use stancegraph::petgraph::{Direction, visit::EdgeRef};
    ///
    /// let g = stancegraph::datasets::strait_incident();
    /// let net = g.petgraph();
    /// assert_eq!(net.node_count(), g.actor_count());
    /// let components = stancegraph::petgraph::algo::connected_components(net);
    /// assert!(components >= 1);
    ///
    /// // A symmetric relation is one edge: its far end sees it only as incoming.
    /// let ally = g.relations().find(|r| r.kind().is_symmetric()).expect("a symmetric relation");
    /// let far = ally.to().id().node();
    /// assert!(!net.edges_directed(far, Direction::Outgoing).any(|e| *e.weight() == ally.id()));
    /// assert!(net.edges_directed(far, Direction::Incoming).any(|e| *e.weight() == ally.id()));
    /// assert!(net.neighbors_undirected(far).any(|n| n == ally.from().id().node()));
    /// ```
    pub fn petgraph(&self) -> &DiGraph<ActorId, RelationId> {
        self.net()
    }

    /// The actor network (see [`Graph::petgraph`]), made on first use.
    pub(crate) fn net(&self) -> &DiGraph<ActorId, RelationId> {
        self.net.get_or_init(|| network(self.actors.len(), &self.relations))
    }

    /// The name index (the field `names`), made on first use.
    pub(crate) fn names(&self) -> &[(u64, ActorId)] {
        self.names.get_or_init(|| assemble::name_index(&self.actors))
    }

    /// Each actor's statements as speaker, in insertion order, made on first use.
    pub(crate) fn by_speaker(&self) -> &Csr<StatementId> {
        self.by_speaker.get_or_init(|| assemble::by_speaker(self.actors.len(), &self.statements))
    }

    /// Each actor's statements as a target (once per statement), in insertion
    /// order, made on first use.
    pub(crate) fn by_target(&self) -> &Csr<StatementId> {
        self.by_target.get_or_init(|| assemble::by_target(self.actors.len(), &self.statements))
    }

    /// Each event's statements, in insertion order, made on first use.
    pub(crate) fn by_event(&self) -> &Csr<StatementId> {
        self.by_event.get_or_init(|| assemble::by_event(self.events.len(), &self.statements))
    }

    // ---- internal access (ids handed out by this graph are always in range) --------

    pub(crate) fn actor_key(&self, id: ActorId) -> &str {
        self.actors.get_index(id.index()).map_or("", |(k, _)| k)
    }
}
