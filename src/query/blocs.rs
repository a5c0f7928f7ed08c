//! Alignment matrices and blocs: coalitions found by structural balance.
//!
//! [`Graph::alignment_matrix`] scores every pair of a set of actors.
//! [`Graph::blocs`] turns those scores into a signed graph, one tie per pair with
//! weight `w = score · confidence` (positive: friends, negative: foes), and splits the
//! actors into coalitions following structural balance: friends together, foes apart.
//!
//! **Frustration.** A partition's frustration is the weight of the ties that
//! contradict it: `F = Σ_{positive ties between groups} w + Σ_{negative ties within
//! groups} |w|`. A perfectly balanced graph has a partition with `F = 0`. Any number
//! of groups is allowed (weak balance).
//!
//! **Search.** Ties with weight 0 join nothing, so each connected part of the
//! nonzero ties is solved on its own and actors without ties stand alone. A part of
//! at most [`DEFAULT_EXACT_LIMIT`] actors (see [`BlocsQuery::exact_up_to`]) is solved
//! exactly by branch and bound over all partitions (restricted-growth strings; bound:
//! the frustration so far plus, for each actor still unplaced, its cheapest placement
//! against those placed). Larger parts use a deterministic heuristic: actors join,
//! in breadth-first order from the strongest actor, the group that adds the least
//! frustration (or a new group), then single-actor moves and merges of two groups are
//! applied while they lower `F`. The exact search also stops after
//! [`BRANCH_BUDGET`] steps and then returns the best partition found. The answer
//! says whether it is proven optimal.

use serde::Serialize;
use std::collections::VecDeque;

use super::alignment::{Alignment, AlignmentModel, Side, align_sides};
use super::{ActorSpec, Cutoff, QueryError};
use crate::graph::{ActorId, Graph};
use crate::model::PartialDate;

/// Parts of up to this many actors are partitioned exactly by default.
pub const DEFAULT_EXACT_LIMIT: usize = 14;
/// The exact search is refused beyond this many actors in one part.
pub const MAX_EXACT_LIMIT: usize = 20;
/// Branch-and-bound steps allowed per part; past this the best partition found so
/// far is returned and marked not exact (dense ±1 ties on 20 actors need about
/// 10⁷ steps; 14 actors far fewer).
pub const BRANCH_BUDGET: usize = 2_000_000;
/// An alignment matrix or bloc query takes at most this many actors: the matrix
/// holds every pair with its evidence (2,000 actors are about two million pairs).
/// For the similarity of larger sets use [`Graph::stance_profiles`], which keeps
/// no per-pair data.
pub const MAX_MATRIX_ACTORS: usize = 2000;
const EPS: f64 = 1e-12;

/// A signed tie between two items of a list, by index.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SignedTie {
    /// Index of one end.
    pub a: usize,
    /// Index of the other end.
    pub b: usize,
    /// Positive for friends, negative for foes.
    pub weight: f64,
}

/// A partition of `n` items into groups, from [`partition`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partition {
    /// Groups of item indices; members ascending, groups by their first member.
    pub groups: Vec<Vec<usize>>,
    /// The frustration: total weight of the ties that contradict the partition.
    pub frustration: f64,
    /// The ties that contradict it, in input order.
    pub contradicting: Vec<SignedTie>,
    /// Whether the partition is proven optimal.
    pub exact: bool,
}

/// Partitions `n` items by structural balance on signed `ties`, minimising
/// frustration; see the [module docs](self). Ties naming an index `≥ n` or with a
/// non-finite weight are ignored; several ties between one pair add up.
///
/// ```
/// use stancegraph::query::{SignedTie, partition};
///
/// let ties = [
///     SignedTie { a: 0, b: 1, weight: 1.0 },
///     SignedTie { a: 0, b: 2, weight: -1.0 },
///     SignedTie { a: 1, b: 2, weight: -0.5 },
/// ];
/// let p = partition(3, &ties, 14);
/// assert_eq!(p.groups, [vec![0, 1], vec![2]]);
/// assert_eq!(p.frustration, 0.0);
/// ```
pub fn partition(n: usize, ties: &[SignedTie], exact_up_to: usize) -> Partition {
    let exact_up_to = exact_up_to.min(MAX_EXACT_LIMIT);
    let mut w = vec![vec![0.0f64; n]; n];
    for t in ties {
        if t.a < n && t.b < n && t.a != t.b && t.weight.is_finite() {
            w[t.a][t.b] += t.weight;
            w[t.b][t.a] += t.weight;
        }
    }
    // Connected parts of the nonzero ties.
    let mut part = vec![usize::MAX; n];
    let mut parts: Vec<Vec<usize>> = Vec::new();
    for s in 0..n {
        if part[s] != usize::MAX {
            continue;
        }
        let id = parts.len();
        let mut members = vec![s];
        part[s] = id;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            for u in 0..n {
                if part[u] == usize::MAX && w[v][u] != 0.0 {
                    part[u] = id;
                    members.push(u);
                    queue.push_back(u);
                }
            }
        }
        members.sort_unstable();
        parts.push(members);
    }
    let mut group_of = vec![0usize; n];
    let mut next_group = 0;
    let mut exact = true;
    for members in &parts {
        let local: Vec<Vec<f64>> =
            members.iter().map(|&i| members.iter().map(|&j| w[i][j]).collect()).collect();
        let labels = if members.len() <= exact_up_to {
            let (labels, proven) = exact_partition(&local);
            exact &= proven;
            labels
        } else {
            exact = false;
            heuristic_partition(&local)
        };
        let used = labels.iter().copied().max().map_or(0, |m| m + 1);
        for (k, &i) in members.iter().enumerate() {
            group_of[i] = next_group + labels[k];
        }
        next_group += used;
    }
    finish(n, &group_of, ties, &w, exact)
}

fn finish(n: usize, group_of: &[usize], ties: &[SignedTie], w: &[Vec<f64>], exact: bool) -> Partition {
    // Canonical groups: members ascending, groups by first member.
    let mut order: Vec<usize> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, &g) in group_of.iter().enumerate().take(n) {
        match order.iter().position(|&x| x == g) {
            Some(k) => groups[k].push(i),
            None => {
                order.push(g);
                groups.push(vec![i]);
            }
        }
    }
    let mut frustration = 0.0;
    for i in 0..n {
        for j in i + 1..n {
            frustration += cost(w[i][j], group_of[i] == group_of[j]);
        }
    }
    let contradicting = ties
        .iter()
        .filter(|t| {
            t.a < n
                && t.b < n
                && t.a != t.b
                && t.weight.is_finite()
                && cost(t.weight, group_of[t.a] == group_of[t.b]) > 0.0
        })
        .copied()
        .collect();
    Partition { groups, frustration, contradicting, exact }
}

/// The frustration a tie of weight `w` adds.
fn cost(w: f64, same: bool) -> f64 {
    if same { (-w).max(0.0) } else { w.max(0.0) }
}

fn total(w: &[Vec<f64>], labels: &[usize]) -> f64 {
    let mut f = 0.0;
    for i in 0..labels.len() {
        for j in i + 1..labels.len() {
            f += cost(w[i][j], labels[i] == labels[j]);
        }
    }
    f
}

/// Branch and bound over restricted-growth strings; false when the budget ran out.
fn exact_partition(w: &[Vec<f64>]) -> (Vec<usize>, bool) {
    let n = w.len();
    let start = heuristic_partition(w);
    // Place strongly tied actors first: they prune most.
    let mut order: Vec<usize> = (0..n).collect();
    let strength = |i: usize| -> f64 { w[i].iter().map(|x| x.abs()).sum() };
    order.sort_by(|&a, &b| strength(b).total_cmp(&strength(a)).then(a.cmp(&b)));
    let mut search = Branch {
        w,
        best: (total(w, &start), start),
        order,
        labels: vec![usize::MAX; n],
        budget: BRANCH_BUDGET,
    };
    search.branch(0, 0, 0.0);
    let proven = search.budget > 0;
    (search.best.1, proven)
}

/// The state of the branch-and-bound search.
struct Branch<'w> {
    w: &'w [Vec<f64>],
    order: Vec<usize>,
    labels: Vec<usize>,
    best: (f64, Vec<usize>),
    budget: usize,
}

impl Branch<'_> {
    fn branch(&mut self, depth: usize, groups: usize, so_far: f64) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        if depth == self.order.len() {
            if so_far < self.best.0 - EPS {
                self.best = (so_far, self.labels.clone());
            }
            return;
        }
        // Lower bound: each unplaced actor's cheapest placement against the placed ones.
        let mut bound = so_far;
        for &v in &self.order[depth..] {
            let mut cheapest = f64::INFINITY;
            for g in 0..=groups {
                cheapest = cheapest.min(increment(self.w, &self.order, depth, &self.labels, v, g));
            }
            bound += cheapest;
        }
        if bound >= self.best.0 - EPS {
            return;
        }
        let v = self.order[depth];
        for g in 0..=groups {
            let inc = increment(self.w, &self.order, depth, &self.labels, v, g);
            self.labels[v] = g;
            self.branch(depth + 1, groups.max(g + 1), so_far + inc);
            self.labels[v] = usize::MAX;
        }
    }
}

fn increment(w: &[Vec<f64>], order: &[usize], depth: usize, labels: &[usize], v: usize, g: usize) -> f64 {
    order[..depth].iter().map(|&u| cost(w[u][v], labels[u] == g)).sum()
}

/// Greedy placement in breadth-first order, then improving moves and merges.
fn heuristic_partition(w: &[Vec<f64>]) -> Vec<usize> {
    let n = w.len();
    if n == 0 {
        return Vec::new();
    }
    let strength = |i: usize| -> f64 { w[i].iter().map(|x| x.abs()).sum() };
    let first = (0..n).max_by(|&a, &b| strength(a).total_cmp(&strength(b)).then(b.cmp(&a))).unwrap_or(0);
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for s in std::iter::once(first).chain(0..n) {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for u in 0..n {
                if !seen[u] && w[v][u] != 0.0 {
                    seen[u] = true;
                    queue.push_back(u);
                }
            }
        }
    }
    let mut labels = vec![usize::MAX; n];
    let mut groups = 0;
    for (depth, &v) in order.iter().enumerate() {
        // Cheapest group; on a tie the one with the most friends of `v`, and a new
        // group rather than one `v` has no tie to.
        let mut pick = (f64::INFINITY, f64::NEG_INFINITY, 0);
        for g in (0..=groups).rev() {
            let inc = increment(w, &order, depth, &labels, v, g);
            let friends: f64 =
                order[..depth].iter().filter(|&&u| labels[u] == g).map(|&u| w[u][v].max(0.0)).sum();
            if inc < pick.0 - EPS || (inc <= pick.0 + EPS && friends > pick.1 + EPS) {
                pick = (inc, friends, g);
            }
        }
        labels[v] = pick.2;
        groups = groups.max(pick.2 + 1);
    }
    // Local search, bounded.
    for _ in 0..(4 * n + 16) {
        let mut improved = false;
        for v in 0..n {
            let here = labels[v];
            let cost_in = |g: usize, labels: &[usize]| -> f64 {
                (0..n).filter(|&u| u != v).map(|u| cost(w[u][v], labels[u] == g)).sum()
            };
            let current = cost_in(here, &labels);
            let fresh = (0..=n).find(|g| !labels.contains(g)).unwrap_or(n);
            let mut best = (current, here);
            let mut targets: Vec<usize> = labels.clone();
            targets.sort_unstable();
            targets.dedup();
            targets.push(fresh);
            for g in targets {
                let c = cost_in(g, &labels);
                if c < best.0 - EPS {
                    best = (c, g);
                }
            }
            if best.1 != here {
                labels[v] = best.1;
                improved = true;
            }
        }
        let mut used: Vec<usize> = labels.clone();
        used.sort_unstable();
        used.dedup();
        'merge: for (i, &g) in used.iter().enumerate() {
            for &h in &used[i + 1..] {
                let mut gain = 0.0;
                for u in 0..n {
                    for v in 0..n {
                        if labels[u] == g && labels[v] == h {
                            gain += w[u][v];
                        }
                    }
                }
                if gain > EPS {
                    for l in labels.iter_mut() {
                        if *l == h {
                            *l = g;
                        }
                    }
                    improved = true;
                    break 'merge;
                }
            }
        }
        if !improved {
            break;
        }
    }
    // Relabel densely in order of first appearance.
    let mut map: Vec<usize> = Vec::new();
    labels
        .iter()
        .map(|&l| match map.iter().position(|&m| m == l) {
            Some(k) => k,
            None => {
                map.push(l);
                map.len() - 1
            }
        })
        .collect()
}

/// Alignments between every pair of a set of actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlignmentMatrix {
    /// The actors, in the order given (repeats dropped).
    pub actors: Vec<ActorId>,
    /// `alignments[k]` for the pairs `(i, j)`, `i < j`, in row order.
    pub alignments: Vec<Alignment>,
}

impl AlignmentMatrix {
    fn slot(&self, i: usize, j: usize) -> Option<usize> {
        let n = self.actors.len();
        let (i, j) = if i < j { (i, j) } else { (j, i) };
        (j < n && i != j).then(|| i * n - i * (i + 1) / 2 + (j - i - 1))
    }

    /// The alignment of the actors at positions `i` and `j` (`None` on the diagonal or
    /// out of range).
    pub fn get(&self, i: usize, j: usize) -> Option<&Alignment> {
        self.slot(i, j).and_then(|k| self.alignments.get(k))
    }

    /// The score of positions `i` and `j`: 1 on the diagonal, 0 out of range.
    pub fn score(&self, i: usize, j: usize) -> f64 {
        if i == j && i < self.actors.len() {
            return 1.0;
        }
        self.get(i, j).map_or(0.0, |a| a.score)
    }

    /// The alignment of two actors of the matrix, by id.
    pub fn between(&self, a: ActorId, b: ActorId) -> Option<&Alignment> {
        let i = self.actors.iter().position(|&x| x == a)?;
        let j = self.actors.iter().position(|&x| x == b)?;
        self.get(i, j)
    }

    /// The signed ties `score · confidence` for every pair.
    pub fn ties(&self) -> Vec<SignedTie> {
        let n = self.actors.len();
        let mut ties = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                if let Some(a) = self.get(i, j) {
                    ties.push(SignedTie { a: i, b: j, weight: a.score * a.confidence });
                }
            }
        }
        ties
    }
}

/// Coalitions of actors by structural balance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocs {
    /// The groups; members in the order given, groups by their first member.
    pub groups: Vec<Vec<ActorId>>,
    /// Total weight of the ties that contradict the grouping.
    pub frustration: f64,
    /// The contradicting ties: friends split apart or foes put together.
    pub contradicting: Vec<(ActorId, ActorId, f64)>,
    /// Whether the grouping is proven optimal.
    pub exact: bool,
    /// The alignments it was computed from.
    pub matrix: AlignmentMatrix,
}

impl<'a> IntoIterator for &'a Blocs {
    type Item = &'a Vec<ActorId>;
    type IntoIter = std::slice::Iter<'a, Vec<ActorId>>;

    /// The groups, each a list of actor ids.
    fn into_iter(self) -> Self::IntoIter {
        self.groups.iter()
    }
}

impl Blocs {
    /// The index of the group holding `actor`.
    pub fn group_of(&self, actor: ActorId) -> Option<usize> {
        self.groups.iter().position(|g| g.contains(&actor))
    }

    /// Whether two actors are in the same group.
    pub fn together(&self, a: ActorId, b: ActorId) -> bool {
        matches!((self.group_of(a), self.group_of(b)), (Some(x), Some(y)) if x == y)
    }
}

/// Options shared by matrix and bloc queries.
#[derive(Debug, Clone)]
struct SetQuery<'g> {
    graph: &'g Graph,
    actors: Result<Vec<ActorId>, QueryError>,
    cutoff: Cutoff,
    model: AlignmentModel,
}

impl<'g> SetQuery<'g> {
    fn new<A: ActorSpec>(graph: &'g Graph, actors: impl IntoIterator<Item = A>) -> Self {
        let actors =
            actors.into_iter().map(|a| a.actor_in(graph, "actors")).collect::<Result<Vec<_>, _>>().map(
                |mut ids| {
                    let mut seen = std::collections::HashSet::new();
                    ids.retain(|id| seen.insert(*id));
                    ids
                },
            );
        SetQuery { graph, actors, cutoff: Cutoff::All, model: AlignmentModel::default() }
    }

    fn matrix(&self) -> Result<AlignmentMatrix, QueryError> {
        self.model.check()?;
        let actors = self.actors.clone()?;
        if actors.len() > MAX_MATRIX_ACTORS {
            return Err(QueryError::invalid(
                "actors",
                actors.len(),
                "at most 2000 actors in a matrix (MAX_MATRIX_ACTORS)",
            ));
        }
        // Each actor's bloc and statements are gathered once, not once per pair.
        let sides: Vec<Side> =
            actors.iter().map(|&a| Side::new(self.graph, a, self.cutoff, &self.model)).collect();
        let mut alignments = Vec::new();
        for (i, a) in sides.iter().enumerate() {
            for b in &sides[i + 1..] {
                alignments.push(align_sides(self.graph, a, b, self.cutoff, &self.model));
            }
        }
        Ok(AlignmentMatrix { actors, alignments })
    }
}

/// A query for the [`AlignmentMatrix`] of a set of actors.
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let m = g.alignment_matrix(["lemuria", "hyperborea", "atlantis"]).compute()?;
/// assert!(m.score(0, 1) > 0.5 && m.score(0, 2) < 0.0);
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is run"]
pub struct MatrixQuery<'g>(SetQuery<'g>);

/// A query for the [`Blocs`] of a set of actors.
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let blocs = g.blocs(["lemuria", "hyperborea", "atlantis"]).compute()?;
/// let id = |k| g.actor_by_key(k).map(|a| a.id()).unwrap();
/// assert!(blocs.together(id("lemuria"), id("hyperborea")));
/// assert!(!blocs.together(id("lemuria"), id("atlantis")));
/// assert_eq!(blocs.frustration, 0.0);
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is run"]
pub struct BlocsQuery<'g> {
    set: SetQuery<'g>,
    exact_up_to: usize,
}

impl Graph {
    /// Starts an alignment-matrix query over `actors`; see [`MatrixQuery`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let m = g.alignment_matrix(["atlantis", "lemuria", "hyperborea"]).compute()?;
    /// assert_eq!(m.alignments.len(), 3);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn alignment_matrix<A: ActorSpec>(&self, actors: impl IntoIterator<Item = A>) -> MatrixQuery<'_> {
        MatrixQuery(SetQuery::new(self, actors))
    }

    /// Starts a bloc query over `actors`; see [`BlocsQuery`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let blocs = g.blocs(["atlantis", "lemuria", "hyperborea"]).compute()?;
    /// assert_eq!(blocs.groups.len(), 2);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn blocs<A: ActorSpec>(&self, actors: impl IntoIterator<Item = A>) -> BlocsQuery<'_> {
        BlocsQuery { set: SetQuery::new(self, actors), exact_up_to: DEFAULT_EXACT_LIMIT }
    }
}

impl<'g> MatrixQuery<'g> {
    /// Scores as of the end of `date`; see [`AlignmentQuery::as_of`](super::AlignmentQuery::as_of).
    pub fn as_of(mut self, date: PartialDate) -> Self {
        self.0.cutoff = Cutoff::AsOf(date);
        self
    }

    /// Uses another cut-off.
    pub fn cutoff(mut self, cutoff: Cutoff) -> Self {
        self.0.cutoff = cutoff;
        self
    }

    /// Uses other weights.
    pub fn model(mut self, model: AlignmentModel) -> Self {
        self.0.model = model;
        self
    }

    /// The matrix: `n·(n−1)/2` alignments.
    ///
    /// # Errors
    /// A [`QueryError`] if an actor is unknown or the model invalid.
    pub fn compute(&self) -> Result<AlignmentMatrix, QueryError> {
        self.0.matrix()
    }
}

impl<'g> BlocsQuery<'g> {
    /// Scores as of the end of `date`.
    pub fn as_of(mut self, date: PartialDate) -> Self {
        self.set.cutoff = Cutoff::AsOf(date);
        self
    }

    /// Uses another cut-off.
    pub fn cutoff(mut self, cutoff: Cutoff) -> Self {
        self.set.cutoff = cutoff;
        self
    }

    /// Uses other weights.
    pub fn model(mut self, model: AlignmentModel) -> Self {
        self.set.model = model;
        self
    }

    /// Solves parts of up to `n` actors exactly (default [`DEFAULT_EXACT_LIMIT`], at
    /// most [`MAX_EXACT_LIMIT`]); larger parts use the heuristic.
    pub fn exact_up_to(mut self, n: usize) -> Self {
        self.exact_up_to = n;
        self
    }

    /// The blocs, their frustration and the ties that contradict them.
    ///
    /// # Errors
    /// A [`QueryError`] if an actor is unknown, the model invalid or `exact_up_to`
    /// above [`MAX_EXACT_LIMIT`].
    pub fn compute(&self) -> Result<Blocs, QueryError> {
        if self.exact_up_to > MAX_EXACT_LIMIT {
            return Err(QueryError::invalid("exact_up_to", self.exact_up_to, "at most 20"));
        }
        let matrix = self.set.matrix()?;
        let ties = matrix.ties();
        let p = partition(matrix.actors.len(), &ties, self.exact_up_to);
        let id = |i: usize| matrix.actors[i];
        Ok(Blocs {
            groups: p.groups.iter().map(|g| g.iter().map(|&i| id(i)).collect()).collect(),
            frustration: p.frustration,
            contradicting: p.contradicting.iter().map(|t| (id(t.a), id(t.b), t.weight)).collect(),
            exact: p.exact,
            matrix,
        })
    }
}
