//! Hop counts between actors, fast and many at a time.
//!
//! [`Graph::path_finder`] gives a [`PathFinder`]: reusable search state for the
//! number of relations on a shortest path between two actors, every relation taken
//! either way (the default walk of [`PathQuery`](super::PathQuery)). It answers
//! [`PathFinder::distance`] by a bidirectional breadth-first search over the graph's
//! flat adjacency lists, growing the smaller frontier one level at a time, with
//! visited marks stamped by a search counter so that starting a search costs
//! nothing: no allocation and no clearing per query once its buffers have grown to
//! the graph. [`PathQuery::distance`](super::PathQuery::distance) uses the same
//! search for the default walk.
//!
//! Why this is exact: the search stops at the first level where the two sides meet.
//! Every actor seen by the other side is at most its depth `d₂` away from the far
//! end, and none at less (otherwise an actor of this side's previous level would
//! already have been seen by both), so the distance is `d₁ + d₂`.

use super::{ActorSpec, QueryError};
use crate::graph::{ActorId, Graph};

/// Search buffers: one visited mark per actor and the two frontiers.
///
/// A mark is `search << 1 | side`: the search that reached the actor and from which
/// end. One array, not one per side, so testing whether the other side has seen an
/// actor costs no second memory access.
#[derive(Debug, Clone, Default)]
pub(crate) struct Buffers {
    mark: Vec<u32>,
    search: u32,
    frontier: [Vec<ActorId>; 2],
    next: Vec<ActorId>,
}

impl Buffers {
    /// Starts a search over `n` actors: a fresh search number, so no mark of an
    /// earlier search counts.
    fn start(&mut self, n: usize) -> u32 {
        if self.mark.len() < n {
            self.mark.resize(n, 0);
        }
        self.search += 1;
        if self.search >= 1 << 31 {
            // After 2³¹ searches the numbers would not fit beside the side bit:
            // clear the marks once.
            self.mark.fill(0);
            self.search = 1;
        }
        self.search
    }

    /// Hops on a shortest undirected path from `from` to `to`, at most `max`, with
    /// at most `budget` actor expansions (counted as [`PathQuery`](super::PathQuery)
    /// counts them, so the answer is the same as its search's); `Err` when the
    /// budget ran out before the answer was known.
    pub(crate) fn distance(
        &mut self,
        graph: &Graph,
        from: ActorId,
        to: ActorId,
        max: usize,
        budget: usize,
    ) -> Result<Option<usize>, Exhausted> {
        if from == to {
            return Ok(Some(0));
        }
        let n = graph.actor_count();
        if from.index() >= n || to.index() >= n {
            return Ok(None);
        }
        let search = self.start(n) << 1;
        let adjacency = &graph.index.adjacency;
        self.mark[from.index()] = search;
        self.mark[to.index()] = search | 1;
        for (side, end) in [(0, from), (1, to)] {
            self.frontier[side].clear();
            self.frontier[side].push(end);
        }
        let mut depth = [0usize; 2];
        let mut spent = 0usize;
        while depth[0] + depth[1] < max && !self.frontier[0].is_empty() && !self.frontier[1].is_empty() {
            let side = usize::from(self.frontier[1].len() < self.frontier[0].len());
            // The plain search gives up once it has expanded more than `budget` actors.
            spent += self.frontier[side].len();
            if spent > budget {
                return Err(Exhausted);
            }
            self.next.clear();
            let (mine, theirs) = (search | side as u32, search | (1 - side) as u32);
            let mut met = false;
            for &v in &self.frontier[side] {
                for &u in adjacency.row(v.index()) {
                    let mark = &mut self.mark[u.index()];
                    if *mark == theirs {
                        // Seen from the other end: the search ends at this level.
                        met = true;
                    } else if *mark != mine {
                        *mark = mine;
                        self.next.push(u);
                    }
                }
                if met {
                    break;
                }
            }
            depth[side] += 1;
            if met {
                return Ok(Some(depth[0] + depth[1]));
            }
            std::mem::swap(&mut self.frontier[side], &mut self.next);
        }
        Ok(None)
    }
}

/// A search that ran out of budget before it knew the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Exhausted;

/// Reusable search state for many hop counts on one graph; see the
/// [module docs](self).
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let mut finder = g.path_finder();
/// assert_eq!(finder.distance("vasca", "hyperborea")?, Some(4));
/// assert_eq!(finder.distance("vasca", "vasca")?, Some(0));
/// // The same as the length of the shortest path, without building it.
/// let path = g.paths("vasca", "hyperborea").shortest()?.expect("connected");
/// assert_eq!(path.len(), 4);
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone)]
pub struct PathFinder<'g> {
    graph: &'g Graph,
    buffers: Buffers,
}

impl Graph {
    /// Search state for many hop counts; see [`PathFinder`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let mut finder = g.path_finder();
    /// let pairs = [("vasca", "atlantis"), ("lemuria", "hyperborea")];
    /// let hops: Vec<Option<usize>> =
    ///     pairs.iter().map(|(a, b)| finder.distance(*a, *b)).collect::<Result<_, _>>()?;
    /// assert_eq!(hops, [Some(2), Some(1)]);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn path_finder(&self) -> PathFinder<'_> {
        PathFinder { graph: self, buffers: Buffers::default() }
    }
}

impl PathFinder<'_> {
    /// The number of relations on a shortest path from `from` to `to`, any relation
    /// walked either way; `None` when they are not connected. O(V + E) at worst, with
    /// no allocation once the buffers have grown to the graph.
    ///
    /// # Errors
    /// A [`QueryError`] if either end names no actor.
    pub fn distance(
        &mut self,
        from: impl ActorSpec,
        to: impl ActorSpec,
    ) -> Result<Option<usize>, QueryError> {
        let from = from.actor_in(self.graph, "from")?;
        let to = to.actor_in(self.graph, "to")?;
        // With no budget the search cannot run out.
        Ok(self.buffers.distance(self.graph, from, to, usize::MAX, usize::MAX).unwrap_or(None))
    }
}

thread_local! {
    /// Buffers for [`PathQuery::distance`](super::PathQuery::distance), kept per
    /// thread so that one-off queries do not allocate per call either.
    pub(crate) static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
}
