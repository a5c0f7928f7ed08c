//! Paths between actors: shortest, all simple paths up to a length, k shortest.
//!
//! A path is a sequence of distinct actors; each hop is explained by one link
//! between consecutive actors: a relation (of an allowed kind) or, if asked for, a
//! statement in which one actor spoke about the other. When several links join the
//! same two actors, the hop cites the first relation (in insertion order), else the
//! earliest statement. Paths are compared by length, then by their actor ids, so
//! every answer comes in a deterministic order.
//!
//! **Options.** [`PathQuery::kinds`] restricts the relation kinds;
//! [`PathQuery::directed`] follows relations only `from → to` and statements only
//! speaker → target (the default ignores direction);
//! [`PathQuery::through_statements`] lets "A spoke about B" count as a hop.
//!
//! **Algorithms and bounds.** [`PathQuery::shortest`] runs a bidirectional
//! breadth-first search (the smaller frontier grows one level at a time; O(V + E) at
//! worst, far less on graphs where both ends are close), meeting at the smallest
//! actor id so that the answer is deterministic.
//! [`PathQuery::all_simple`] enumerates paths one length at a time (iterative
//! deepening, pruned by the distance to the target) up to
//! [`PathQuery::max_len`] hops (default [`DEFAULT_MAX_LEN`]) and stops after
//! [`PathQuery::limit`] paths (default [`DEFAULT_LIMIT`]); the shortest paths come
//! first. [`PathQuery::k_shortest`] is Yen's algorithm over the same search, at most
//! [`MAX_K`] paths. Enumerations also stop after [`PathQuery::budget`] actor
//! expansions (default [`DEFAULT_BUDGET`]) and then mark their answer
//! [truncated](PathSet::is_truncated), so no query can stall.
//!
//! **Giving up is not "no path".** [`PathQuery::shortest`] and
//! [`PathQuery::distance`] expand each actor at most once, so they finish in time
//! linear in the graph and have no budget unless one is set. When a set budget runs
//! out before the two searches meet, they return
//! [`QueryError::BudgetExhausted`], never `Ok(None)`: `Ok(None)` always means that
//! no path exists (within [`PathQuery::max_len`], when set). A zero
//! [`PathQuery::budget`], [`PathQuery::limit`] or [`PathQuery::max_len`] is an
//! invalid setting ([`QueryError::InvalidSetting`]).
//!
//! **Why not petgraph's algorithms directly.** Statement hops are not petgraph edges
//! and the relation filter changes per query, so the searches walk the graph's own
//! indexes (the petgraph edge lists plus the speaker and target indexes) and build
//! each actor's neighbour list once per query. The test suite checks the answers
//! against brute force and against `petgraph::algo::all_simple_paths`; use
//! [`Graph::petgraph`] to run any other petgraph algorithm on the relations.
//! The search state lives in one internal object per query. For hop counts alone,
//! [`PathQuery::distance`] and a [`PathFinder`](super::PathFinder) (for many pairs)
//! search the graph's flat adjacency lists on reusable buffers instead.

use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;

use super::{ActorSpec, QueryError, cite_list};
use crate::graph::{ActorId, ActorRef, Graph, RelationId, StatementId};
use crate::model::{Citation, RelationKind};

/// Default bound on hops for [`PathQuery::all_simple`] and [`PathQuery::k_shortest`].
pub const DEFAULT_MAX_LEN: usize = 6;
/// Default cap on the number of paths [`PathQuery::all_simple`] returns.
pub const DEFAULT_LIMIT: usize = 1000;
/// Largest `k` [`PathQuery::k_shortest`] accepts.
pub const MAX_K: usize = 1000;
/// Default cap on actor expansions for [`PathQuery::all_simple`] and
/// [`PathQuery::k_shortest`]; [`PathQuery::shortest`] and [`PathQuery::distance`],
/// linear in the graph, have no cap unless [`PathQuery::budget`] sets one.
pub const DEFAULT_BUDGET: usize = 1_000_000;

/// What joins two consecutive actors of a [`Path`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Link {
    /// A relation, walked in its own direction (`forward`) or against it.
    Relation {
        /// The relation.
        id: RelationId,
        /// Whether the hop goes from the relation's `from` to its `to`.
        forward: bool,
    },
    /// A statement, walked from speaker to target (`forward`) or back.
    Statement {
        /// The statement.
        id: StatementId,
        /// Whether the hop goes from the speaker to the target.
        forward: bool,
    },
}

/// One hop of a [`Path`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Hop {
    /// Where the hop starts.
    pub from: ActorId,
    /// Where it ends.
    pub to: ActorId,
    /// What joins them.
    pub link: Link,
}

/// A path between two actors, with an explanation of every hop.
#[derive(Clone, PartialEq)]
pub struct Path<'g> {
    graph: &'g Graph,
    start: ActorId,
    hops: Vec<Hop>,
}

impl std::fmt::Debug for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.actors().map(|a| a.key()).collect();
        write!(f, "Path({})", keys.join(" → "))
    }
}

impl<'g> Path<'g> {
    /// How many hops (0 for a path from an actor to itself).
    pub fn len(&self) -> usize {
        self.hops.len()
    }

    /// Whether the path has no hops.
    pub fn is_empty(&self) -> bool {
        self.hops.is_empty()
    }

    /// The hops, in order.
    pub fn hops(&self) -> &[Hop] {
        &self.hops
    }

    /// The actors along the path, both ends included.
    pub fn actors(&self) -> impl Iterator<Item = ActorRef<'g>> + '_ {
        let graph = self.graph;
        std::iter::once(self.start)
            .chain(self.hops.iter().map(|h| h.to))
            .filter_map(move |id| graph.actor(id))
    }

    /// The actor ids along the path, both ends included.
    pub fn actor_ids(&self) -> Vec<ActorId> {
        std::iter::once(self.start).chain(self.hops.iter().map(|h| h.to)).collect()
    }

    /// The citations behind each hop, in order.
    pub fn citations(&self) -> Vec<&'g [Citation]> {
        self.hops.iter().map(|h| link_citations(self.graph, h.link)).collect()
    }

    /// One clause per hop, each with its citation:
    /// `Ione Vasca is spokeswoman of Palace of Atlantis (strait ¶3)`.
    pub fn clauses(&self) -> Vec<String> {
        self.hops.iter().map(|h| hop_clause(self.graph, h)).collect()
    }

    /// The clauses joined by ` · `; the same as the `Display` form.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let path = g.paths("vasca", "atlantis").shortest()?.expect("a path");
    /// assert!(path.explanation().starts_with("Ione Vasca is spokeswoman of Palace of Atlantis"));
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn explanation(&self) -> String {
        self.clauses().join(" · ")
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.explanation())
    }
}

impl serde::Serialize for Path<'_> {
    /// `{"length": 2, "actors": [{"key": …}, …], "hops": [{"from", "to", "link",
    /// "clause", "citations"}, …]}`: the actors as references, each hop with the
    /// clause that explains it.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        #[derive(Serialize)]
        struct HopOut<'g> {
            from: Option<ActorRef<'g>>,
            to: Option<ActorRef<'g>>,
            link: Link,
            clause: String,
            citations: &'g [Citation],
        }
        let hops: Vec<HopOut<'_>> = self
            .hops
            .iter()
            .map(|h| HopOut {
                from: self.graph.actor(h.from),
                to: self.graph.actor(h.to),
                link: h.link,
                clause: hop_clause(self.graph, h),
                citations: link_citations(self.graph, h.link),
            })
            .collect();
        let actors: Vec<ActorRef<'_>> = self.actors().collect();
        let mut out = serializer.serialize_struct("Path", 3)?;
        out.serialize_field("length", &self.len())?;
        out.serialize_field("actors", &actors)?;
        out.serialize_field("hops", &hops)?;
        out.end()
    }
}

fn link_citations(graph: &Graph, link: Link) -> &[Citation] {
    match link {
        Link::Relation { id, .. } => graph.relation(id).map_or(&[][..], |r| r.citations()),
        Link::Statement { id, .. } => graph.statement(id).map_or(&[][..], |s| s.citations()),
    }
}

fn hop_clause(graph: &Graph, hop: &Hop) -> String {
    let cites = cite_list(link_citations(graph, hop.link));
    let name = |id: ActorId| graph.actor(id).map_or("?", |a| a.name());
    match hop.link {
        Link::Relation { id, forward } => {
            let Some(r) = graph.relation(id) else { return String::new() };
            let body = if forward { r.clause() } else { r.inverse_clause() };
            if cites.is_empty() { body } else { format!("{body} ({cites})") }
        }
        Link::Statement { id, forward } => {
            let Some(s) = graph.statement(id) else { return String::new() };
            let verb = if forward { "spoke about" } else { "was spoken about by" };
            let quote = if s.is_quote() { format!("“{}”", s.text()) } else { s.text().to_owned() };
            let sep = if cites.is_empty() { String::new() } else { format!("; {cites}") };
            format!("{} {verb} {}: {quote} ({}{sep})", name(hop.from), name(hop.to), s.date())
        }
    }
}

/// The answer of [`PathQuery::all_simple`] and [`PathQuery::k_shortest`]: paths,
/// shortest first, and whether a bound cut the search short.
#[derive(Debug, Clone, PartialEq)]
pub struct PathSet<'g> {
    paths: Vec<Path<'g>>,
    truncated: bool,
}

impl<'g> PathSet<'g> {
    /// Whether the search stopped at a bound ([`PathQuery::limit`],
    /// [`PathQuery::budget`]) with more paths possibly left.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// Takes the paths out.
    pub fn into_paths(self) -> Vec<Path<'g>> {
        self.paths
    }
}

impl serde::Serialize for PathSet<'_> {
    /// `{"paths": [...], "truncated": false}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("PathSet", 2)?;
        out.serialize_field("paths", &self.paths)?;
        out.serialize_field("truncated", &self.truncated)?;
        out.end()
    }
}

impl<'a, 'g> IntoIterator for &'a PathSet<'g> {
    type Item = &'a Path<'g>;
    type IntoIter = std::slice::Iter<'a, Path<'g>>;

    /// The paths, shortest first.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let paths = g.paths("vasca", "lemuria").k_shortest(2)?;
    /// for path in &paths {
    ///     assert!(path.len() >= paths[0].len());
    /// }
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    fn into_iter(self) -> Self::IntoIter {
        self.paths.iter()
    }
}

impl<'g> std::ops::Deref for PathSet<'g> {
    type Target = [Path<'g>];
    fn deref(&self) -> &Self::Target {
        &self.paths
    }
}

impl<'g> IntoIterator for PathSet<'g> {
    type Item = Path<'g>;
    type IntoIter = std::vec::IntoIter<Path<'g>>;
    fn into_iter(self) -> Self::IntoIter {
        self.paths.into_iter()
    }
}

/// A path query between two actors; see the [module docs](self).
///
/// ```
/// use stancegraph::RelationKind;
///
/// let g = stancegraph::datasets::strait_incident();
/// let path = g.paths("vasca", "hyperborea").shortest()?.expect("connected");
/// assert_eq!(path.len(), 4);
/// assert!(path.explanation().contains("Lemuria is allied with Hyperborea"));
///
/// // Only alliances: Vasca has none, so no path.
/// assert!(g.paths("vasca", "hyperborea").kinds([RelationKind::Ally]).shortest()?.is_none());
/// // Let "spoke about" count and the path gets shorter.
/// let short = g.paths("vasca", "hyperborea").through_statements().shortest()?.expect("connected");
/// assert!(short.len() < path.len());
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is run"]
pub struct PathQuery<'g> {
    graph: &'g Graph,
    from: Result<ActorId, QueryError>,
    to: Result<ActorId, QueryError>,
    kinds: Option<Vec<RelationKind>>,
    directed: bool,
    statements: bool,
    max_len: Option<usize>,
    limit: usize,
    budget: Option<usize>,
}

impl Graph {
    /// Starts a path query from `from` to `to`; see [`PathQuery`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let path = g.paths("Ione Vasca", "Lemuria").shortest()?.expect("connected");
    /// println!("{path}"); // Ione Vasca is spokeswoman of Palace of Atlantis (…) · …
    /// assert!(g.paths("vasca", "Thule").shortest().is_err());
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn paths(&self, from: impl ActorSpec, to: impl ActorSpec) -> PathQuery<'_> {
        PathQuery {
            graph: self,
            from: from.actor_in(self, "from"),
            to: to.actor_in(self, "to"),
            kinds: None,
            directed: false,
            statements: false,
            max_len: None,
            limit: DEFAULT_LIMIT,
            budget: None,
        }
    }
}

impl<'g> PathQuery<'g> {
    /// Only relations of these kinds may be hops (default: every kind).
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = RelationKind>) -> Self {
        self.kinds = Some(kinds.into_iter().collect());
        self
    }

    /// Follows relations only from `from` to `to`, statements only from speaker to target.
    pub fn directed(mut self) -> Self {
        self.directed = true;
        self
    }

    /// Lets a statement count as a hop between its speaker and each of its targets.
    pub fn through_statements(mut self) -> Self {
        self.statements = true;
        self
    }

    /// At most this many hops, at least 1 (default: none for [`PathQuery::shortest`]
    /// and [`PathQuery::distance`], [`DEFAULT_MAX_LEN`] for the others).
    pub fn max_len(mut self, hops: usize) -> Self {
        self.max_len = Some(hops);
        self
    }

    /// At most this many paths from [`PathQuery::all_simple`], at least 1 (default
    /// [`DEFAULT_LIMIT`]).
    pub fn limit(mut self, paths: usize) -> Self {
        self.limit = paths;
        self
    }

    /// At most this many actor expansions per search, at least 1 (default: none for
    /// [`PathQuery::shortest`] and [`PathQuery::distance`], [`DEFAULT_BUDGET`] for
    /// the others). A shortest-path search that runs out is an error
    /// ([`QueryError::BudgetExhausted`]); an enumeration that runs out returns what
    /// it found, marked [truncated](PathSet::is_truncated).
    ///
    /// ```
    /// use stancegraph::query::QueryError;
    /// let g = stancegraph::datasets::strait_incident();
    /// let starved = g.paths("vasca", "hyperborea").budget(2).shortest();
    /// assert!(matches!(starved, Err(QueryError::BudgetExhausted { budget: 2, .. })));
    /// assert!(g.paths("vasca", "hyperborea").budget(0).shortest().is_err()); // invalid
    /// ```
    pub fn budget(mut self, expansions: usize) -> Self {
        self.budget = Some(expansions);
        self
    }

    /// The two ends, once every setting is checked.
    fn ends(&self) -> Result<(ActorId, ActorId), QueryError> {
        if self.max_len == Some(0) {
            return Err(QueryError::invalid("max_len", 0, "a path bound must allow at least 1 hop"));
        }
        if self.limit == 0 {
            return Err(QueryError::invalid("limit", 0, "must allow at least 1 path"));
        }
        if self.budget == Some(0) {
            return Err(QueryError::invalid("budget", 0, "must allow at least 1 actor expansion"));
        }
        Ok((self.from.clone()?, self.to.clone()?))
    }

    /// Search state with `budget` expansions.
    fn search(&self, budget: usize) -> Search<'g> {
        Search {
            graph: self.graph,
            kinds: self.kinds.clone(),
            directed: self.directed,
            statements: self.statements,
            cache: HashMap::new(),
            budget,
            spent: 0,
        }
    }

    /// The error of a shortest-path search that ran out of budget.
    fn exhausted(&self, budget: usize) -> QueryError {
        QueryError::BudgetExhausted { field: "budget", budget }
    }

    fn path(&self, search: &mut Search<'g>, nodes: &[ActorId]) -> Path<'g> {
        let hops = nodes
            .windows(2)
            .filter_map(|w| search.link(w[0], w[1]).map(|link| Hop { from: w[0], to: w[1], link }))
            .collect();
        Path { graph: self.graph, start: nodes.first().copied().unwrap_or(ActorId(0)), hops }
    }

    /// The shortest path, or `None` if there is none (within [`PathQuery::max_len`],
    /// when set). Among several shortest paths the choice is deterministic: the two
    /// searches meet at the smallest actor id. Linear in the graph at worst.
    ///
    /// # Errors
    /// A [`QueryError`] if either end names no actor or a setting is invalid;
    /// [`QueryError::BudgetExhausted`] if a [budget](PathQuery::budget) was set and
    /// ran out before the answer was known.
    pub fn shortest(&self) -> Result<Option<Path<'g>>, QueryError> {
        let (from, to) = self.ends()?;
        let budget = self.budget.unwrap_or(usize::MAX);
        let mut search = self.search(budget);
        let max = self.max_len.unwrap_or(usize::MAX);
        let found = search.shortest(from, to, max, &Bans::default());
        if found.is_none() && search.spent > budget {
            return Err(self.exhausted(budget));
        }
        Ok(found.map(|nodes| self.path(&mut search, &nodes)))
    }

    /// The number of hops on a shortest path (what [`PathQuery::shortest`] would
    /// return the length of), or `None` if there is none, without building the path.
    /// For the default walk (every relation kind, either way, no statements) it runs
    /// on reusable buffers and flat adjacency lists (see [`PathFinder`](super::PathFinder));
    /// use a [`PathFinder`](super::PathFinder) directly for many pairs.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// assert_eq!(g.paths("vasca", "hyperborea").distance()?, Some(4));
    /// assert_eq!(g.paths("vasca", "hyperborea").max_len(3).distance()?, None);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    ///
    /// # Errors
    /// As [`PathQuery::shortest`].
    pub fn distance(&self) -> Result<Option<usize>, QueryError> {
        let (from, to) = self.ends()?;
        let max = self.max_len.unwrap_or(usize::MAX);
        let budget = self.budget.unwrap_or(usize::MAX);
        if self.kinds.is_none() && !self.directed && !self.statements {
            let fast = super::distance::BUFFERS.try_with(|b| {
                b.try_borrow_mut().ok().map(|mut b| b.distance(self.graph, from, to, max, budget))
            });
            if let Ok(Some(found)) = fast {
                return found.map_err(|_| self.exhausted(budget));
            }
        }
        let mut search = self.search(budget);
        let found = search.shortest(from, to, max, &Bans::default());
        if found.is_none() && search.spent > budget {
            return Err(self.exhausted(budget));
        }
        Ok(found.map(|nodes| nodes.len().saturating_sub(1)))
    }

    /// Every simple path (no actor twice) of at most [`PathQuery::max_len`] hops,
    /// shortest first, then by actor ids; at most [`PathQuery::limit`] of them.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let all = g.paths("atlantis", "hyperborea").max_len(3).all_simple()?;
    /// assert!(all.windows(2).all(|w| w[0].len() <= w[1].len()));
    /// assert!(!all.is_truncated());
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    ///
    /// # Errors
    /// A [`QueryError`] if either end names no actor or a setting is invalid.
    pub fn all_simple(&self) -> Result<PathSet<'g>, QueryError> {
        let (from, to) = self.ends()?;
        let mut search = self.search(self.budget.unwrap_or(DEFAULT_BUDGET));
        let max = self.max_len.unwrap_or(DEFAULT_MAX_LEN);
        let (found, truncated) = search.all_simple(from, to, max, self.limit);
        let paths = found.iter().map(|nodes| self.path(&mut search, nodes)).collect();
        Ok(PathSet { paths, truncated })
    }

    /// The `k` shortest simple paths of at most [`PathQuery::max_len`] hops (Yen's
    /// algorithm), shortest first; ties in length are broken by actor ids among the
    /// candidates found.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let two = g.paths("vasca", "hyperborea").through_statements().k_shortest(2)?;
    /// assert_eq!(two.len(), 2);
    /// assert!(two[0].len() <= two[1].len());
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    ///
    /// # Errors
    /// A [`QueryError`] if either end names no actor, a setting is invalid, or `k`
    /// exceeds [`MAX_K`].
    pub fn k_shortest(&self, k: usize) -> Result<PathSet<'g>, QueryError> {
        let (from, to) = self.ends()?;
        if k > MAX_K {
            return Err(QueryError::invalid("k", k, "at most 1000"));
        }
        let mut search = self.search(self.budget.unwrap_or(DEFAULT_BUDGET));
        let max = self.max_len.unwrap_or(DEFAULT_MAX_LEN);
        let found = search.yen(from, to, k, max);
        let truncated = search.spent > search.budget;
        let paths = found.iter().map(|nodes| self.path(&mut search, nodes)).collect();
        Ok(PathSet { paths, truncated })
    }
}

/// The depth-first search's next move after extending a path.
enum Visit {
    /// A bound was reached: stop the whole search.
    Stop,
    /// The path has its full length (recorded if it ends at the target).
    Leaf,
    /// Go on from the path's last actor.
    Expand,
}

/// Nodes and directed hops a search may not use (for Yen's spur searches).
#[derive(Debug, Default)]
struct Bans {
    nodes: HashSet<ActorId>,
    hops: HashSet<(ActorId, ActorId)>,
}

impl Bans {
    fn allows(&self, from: ActorId, to: ActorId) -> bool {
        !self.nodes.contains(&to) && !self.hops.contains(&(from, to))
    }
}

type Neighbors = Rc<Vec<(ActorId, Link)>>;

/// Preference among links joining the same two actors: relations first, by id,
/// then statements in chronological order.
type Rank = (u8, crate::model::PartialDate, u32, u32);

/// The walkable network of one query, with neighbour lists built on demand from the
/// graph's indexes and cached.
struct Search<'g> {
    graph: &'g Graph,
    kinds: Option<Vec<RelationKind>>,
    directed: bool,
    statements: bool,
    cache: HashMap<(ActorId, bool), Neighbors>,
    budget: usize,
    spent: usize,
}

impl<'g> Search<'g> {
    fn over_budget(&mut self) -> bool {
        self.spent += 1;
        self.spent > self.budget
    }

    /// Actors one hop away, each once with its preferred link, sorted by id.
    /// `forward` walks the path's direction; `!forward` walks back toward its start.
    fn neighbors(&mut self, actor: ActorId, forward: bool) -> Neighbors {
        if let Some(n) = self.cache.get(&(actor, forward)) {
            return Rc::clone(n);
        }
        let g = self.graph;
        // (neighbour, rank, link): rank puts relations first, by id, then statements
        // in chronological order.
        let mut all: Vec<(ActorId, Rank, Link)> = Vec::new();
        let min_date = crate::model::PartialDate::year(1).ok();
        let walk_out = forward || !self.directed;
        let walk_in = !forward || !self.directed;
        for (dir, walk) in
            [(petgraph::Direction::Outgoing, walk_out), (petgraph::Direction::Incoming, walk_in)]
        {
            if !walk {
                continue;
            }
            for e in g.net().edges_directed(actor.node(), dir) {
                let id = *e.weight();
                let Some(r) = g.relations.get(id.index()) else { continue };
                if self.kinds.as_ref().is_some_and(|k| !k.contains(&r.kind)) {
                    continue;
                }
                let out = dir == petgraph::Direction::Outgoing;
                let other = if out { r.to } else { r.from };
                // `forward` in the link is relative to the walk: a hop actor → other.
                let link_forward = out;
                if let Some(d) = min_date {
                    all.push((other, (0, d, 0, id.0), Link::Relation { id, forward: link_forward }));
                }
            }
        }
        if self.statements {
            if walk_out {
                for &sid in g.by_speaker().row(actor.index()) {
                    let s = g.statements.rec(sid);
                    for (t, _) in g.statements.targets(sid) {
                        if t != actor {
                            all.push((
                                t,
                                (1, s.date, s.order, sid.0),
                                Link::Statement { id: sid, forward: true },
                            ));
                        }
                    }
                }
            }
            if walk_in {
                for &sid in g.by_target().row(actor.index()) {
                    let s = g.statements.rec(sid);
                    if s.speaker != actor {
                        all.push((
                            s.speaker,
                            (1, s.date, s.order, sid.0),
                            Link::Statement { id: sid, forward: false },
                        ));
                    }
                }
            }
        }
        all.sort_by_key(|x| (x.0, x.1));
        all.dedup_by_key(|x| x.0);
        let list: Neighbors = Rc::new(all.into_iter().map(|(n, _, l)| (n, l)).collect());
        self.cache.insert((actor, forward), Rc::clone(&list));
        list
    }

    /// The link explaining the hop `from → to`.
    fn link(&mut self, from: ActorId, to: ActorId) -> Option<Link> {
        let n = self.neighbors(from, true);
        n.binary_search_by_key(&to, |x| x.0).ok().and_then(|i| n.get(i)).map(|x| x.1)
    }

    /// Distances to `to` walking backwards, up to `max` hops.
    fn distances_to(&mut self, to: ActorId, max: usize, bans: &Bans) -> HashMap<ActorId, usize> {
        let mut dist = HashMap::from([(to, 0usize)]);
        let mut queue = VecDeque::from([to]);
        while let Some(v) = queue.pop_front() {
            if self.over_budget() {
                break;
            }
            let d = dist.get(&v).copied().unwrap_or(0);
            if d >= max {
                continue;
            }
            for &(u, _) in self.neighbors(v, false).iter() {
                // Walking back: the path would go u → v.
                if bans.allows(u, v) && !bans.nodes.contains(&u) && !dist.contains_key(&u) {
                    dist.insert(u, d + 1);
                    queue.push_back(u);
                }
            }
        }
        dist
    }

    /// A shortest path avoiding `bans`, as actors, by bidirectional breadth-first
    /// search: the smaller frontier grows one whole level at a time, and when the
    /// two searches meet, the meeting actor with the smallest id is taken (so the
    /// answer is deterministic).
    fn shortest(&mut self, from: ActorId, to: ActorId, max: usize, bans: &Bans) -> Option<Vec<ActorId>> {
        if from == to {
            return Some(vec![from]);
        }
        if bans.nodes.contains(&from) || bans.nodes.contains(&to) {
            return None;
        }
        // Each side: actor → the actor it was reached from.
        let mut seen: [HashMap<ActorId, ActorId>; 2] =
            [HashMap::from([(from, from)]), HashMap::from([(to, to)])];
        let mut frontier: [Vec<ActorId>; 2] = [vec![from], vec![to]];
        let mut hops = 0;
        while hops < max && !frontier[0].is_empty() && !frontier[1].is_empty() {
            let side = usize::from(frontier[1].len() < frontier[0].len());
            let forward = side == 0;
            let mut next = Vec::new();
            for &v in &frontier[side] {
                if self.over_budget() {
                    return None;
                }
                for &(u, _) in self.neighbors(v, forward).iter() {
                    let (a, b) = if forward { (v, u) } else { (u, v) };
                    if bans.allows(a, b) && !bans.nodes.contains(&u) && !seen[side].contains_key(&u) {
                        seen[side].insert(u, v);
                        next.push(u);
                    }
                }
            }
            hops += 1;
            frontier[side] = next;
            let meet = frontier[side].iter().copied().filter(|u| seen[1 - side].contains_key(u)).min();
            if let Some(meet) = meet {
                let mut path = vec![meet];
                let mut at = meet;
                while at != from {
                    at = *seen[0].get(&at)?;
                    path.push(at);
                }
                path.reverse();
                let mut at = meet;
                while at != to {
                    at = *seen[1].get(&at)?;
                    path.push(at);
                }
                return Some(path);
            }
        }
        None
    }

    /// Simple paths of at most `max` hops, shortest first, at most `limit`.
    fn all_simple(
        &mut self,
        from: ActorId,
        to: ActorId,
        max: usize,
        limit: usize,
    ) -> (Vec<Vec<ActorId>>, bool) {
        if from == to {
            return (vec![vec![from]], false);
        }
        let dist = self.distances_to(to, max, &Bans::default());
        let mut found = Vec::new();
        let mut truncated = false;
        // Every actor on a path but the first can reach `to` (it is in `dist`), so no
        // simple path is longer than `dist` has actors, whatever `max` says.
        for len in 1..=max.min(dist.len()) {
            if !self.exact(&dist, from, to, len, &mut found, limit) {
                truncated = true;
                break;
            }
        }
        (found, truncated)
    }

    /// Depth-first search for simple paths of exactly `len` hops from `from`; false
    /// when a bound stopped it. The stack is explicit: `len` may be as long as the
    /// budget allows, deeper than a thread's stack would take as recursion.
    fn exact(
        &mut self,
        dist: &HashMap<ActorId, usize>,
        from: ActorId,
        to: ActorId,
        len: usize,
        found: &mut Vec<Vec<ActorId>>,
        limit: usize,
    ) -> bool {
        let mut path = vec![from];
        let mut on_path = HashSet::from([from]);
        let mut frames: Vec<(Neighbors, usize)> = Vec::new();
        match self.visit(&path, to, len, found, limit) {
            Visit::Stop => return false,
            Visit::Leaf => return true,
            Visit::Expand => frames.push((self.neighbors(from, true), 0)),
        }
        while let Some(top) = frames.last_mut() {
            let next = top.0.get(top.1).map(|&(u, _)| u);
            top.1 += 1;
            let Some(u) = next else {
                frames.pop();
                if let Some(v) = path.pop() {
                    on_path.remove(&v);
                }
                continue;
            };
            let left = len + 1 - path.len();
            let reachable = dist.get(&u).is_some_and(|&d| d < left);
            let ends_early = u == to && left > 1;
            if !reachable || ends_early || on_path.contains(&u) {
                continue;
            }
            path.push(u);
            on_path.insert(u);
            match self.visit(&path, to, len, found, limit) {
                Visit::Stop => return false,
                Visit::Leaf => {
                    path.pop();
                    on_path.remove(&u);
                }
                Visit::Expand => frames.push((self.neighbors(u, true), 0)),
            }
        }
        true
    }

    /// What to do with a path just extended: record it when it has `len` hops and
    /// ends at `to`, stop at a bound, or expand it further.
    fn visit(
        &mut self,
        path: &[ActorId],
        to: ActorId,
        len: usize,
        found: &mut Vec<Vec<ActorId>>,
        limit: usize,
    ) -> Visit {
        if path.len() > len {
            if path.last() == Some(&to) {
                if found.len() >= limit {
                    return Visit::Stop;
                }
                found.push(path.to_vec());
            }
            return Visit::Leaf;
        }
        if self.over_budget() {
            return Visit::Stop;
        }
        Visit::Expand
    }

    /// Yen's k shortest simple paths.
    fn yen(&mut self, from: ActorId, to: ActorId, k: usize, max: usize) -> Vec<Vec<ActorId>> {
        let mut chosen: Vec<Vec<ActorId>> = Vec::new();
        if k == 0 {
            return chosen;
        }
        let Some(first) = self.shortest(from, to, max, &Bans::default()) else { return chosen };
        chosen.push(first);
        let mut candidates: BTreeSet<(usize, Vec<ActorId>)> = BTreeSet::new();
        while chosen.len() < k {
            let Some(last) = chosen.last().cloned() else { break };
            for i in 0..last.len().saturating_sub(1) {
                if self.spent > self.budget {
                    return chosen;
                }
                let root = &last[..=i];
                let spur = last[i];
                let mut bans = Bans::default();
                for p in &chosen {
                    if p.len() > i + 1 && p[..=i] == *root {
                        bans.hops.insert((p[i], p[i + 1]));
                    }
                }
                bans.nodes.extend(root[..i].iter().copied());
                let room = max.saturating_sub(i);
                if let Some(tail) = self.shortest(spur, to, room, &bans) {
                    let mut total = root[..i].to_vec();
                    total.extend(tail);
                    if !chosen.contains(&total) {
                        candidates.insert((total.len(), total));
                    }
                }
            }
            match candidates.pop_first() {
                Some((_, next)) => chosen.push(next),
                None => break,
            }
        }
        chosen
    }
}
