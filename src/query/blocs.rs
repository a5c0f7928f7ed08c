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
//! frustration (or a new group); then, in sweeps, each actor moves to the group it
//! has the most tie weight to (or a group of its own) when that lowers `F`, and pairs
//! of groups with a positive total weight between them merge, until a sweep changes
//! nothing or after [`HEURISTIC_SWEEPS`] sweeps. The exact search also stops after
//! [`BRANCH_BUDGET`] steps and then returns the best partition found. The answer
//! says whether it is proven optimal.
//!
//! **Cost.** The ties are kept as adjacency lists (`m` nonzero ties, summed per
//! pair), never as an `n × n` matrix: finding the parts is O(n + m); placing an actor
//! or weighing its moves reads its own ties and a per-group scratch array, so the
//! greedy pass and each sweep cost O(n + m log m) (the log from ordering the merge
//! candidates), whatever the number of groups; a part solved exactly holds at most
//! [`MAX_EXACT_LIMIT`] actors. [`partition`] of 50,000 items with no ties allocates a
//! few arrays of 50,000.
//!
//! The matrix prepares each actor once (its bloc, what it said, its stance vector)
//! and then scores the `n·(n−1)/2` pairs without their evidence, keeping a
//! [`PairScore`] (24 bytes) per pair; a pair costs what its two sides hold (the
//! relations of one bloc, the statements each side made about the other, the targets
//! of both). The evidence of a pair is computed on demand by
//! [`AlignmentMatrix::alignment`], the same [`Alignment`] as [`Graph::alignment`]
//! with the same cut-off and model, bit for bit.

use serde::Serialize;

use super::alignment::{Alignment, AlignmentModel, Side, align, align_sides};
use super::{ActorSpec, Cutoff, QueryError};
use crate::graph::{ActorId, Graph};
use crate::model::PartialDate;

mod partition;

/// Parts of up to this many actors are partitioned exactly by default.
pub const DEFAULT_EXACT_LIMIT: usize = 14;
/// The exact search is refused beyond this many actors in one part.
pub const MAX_EXACT_LIMIT: usize = 20;
/// Branch-and-bound steps allowed per part; past this the best partition found so
/// far is returned and marked not exact (dense ±1 ties on 20 actors need about
/// 10⁷ steps; 14 actors far fewer).
pub const BRANCH_BUDGET: usize = 2_000_000;
/// Improvement sweeps of the heuristic (moves, then merges) per part; it usually
/// settles in a handful.
pub const HEURISTIC_SWEEPS: usize = 64;
/// An alignment matrix or bloc query takes at most this many actors: the matrix
/// scores every pair (2,000 actors are about two million pairs, 48 MB of scores).
/// For the similarity of larger sets use [`Graph::stance_profiles`], which keeps
/// no per-pair data.
pub const MAX_MATRIX_ACTORS: usize = 2000;

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
/// non-finite weight are ignored; several ties between one pair add up. Memory and
/// time grow with `n` and the number of ties, not with `n²`.
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
    partition::partition(n, ties, exact_up_to)
}

/// The score and confidence of one pair of an [`AlignmentMatrix`]; the full
/// [`Alignment`], with its evidence, comes from [`AlignmentMatrix::alignment`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairScore {
    /// From −1 (opposed) to +1 (aligned); 0 when nothing is known.
    pub score: f64,
    /// From 0 (no evidence) toward 1 (much evidence).
    pub confidence: f64,
    /// How many of the three components had evidence (the length of
    /// [`Alignment::components`]); 0 when nothing is known.
    pub components: u8,
}

/// Alignment scores between every pair of a set of actors, with the evidence of any
/// pair on demand; see the [module docs](self). Serializes as its actors and scores.
#[derive(Clone, Serialize)]
pub struct AlignmentMatrix<'g> {
    #[serde(skip)]
    graph: &'g Graph,
    #[serde(skip)]
    cutoff: Cutoff,
    #[serde(skip)]
    model: AlignmentModel,
    /// The actors, in the order given (repeats dropped).
    pub actors: Vec<ActorId>,
    /// The pairs `(i, j)`, `i < j`, in row order.
    scores: Vec<PairScore>,
}

impl std::fmt::Debug for AlignmentMatrix<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlignmentMatrix")
            .field("cutoff", &self.cutoff)
            .field("actors", &self.actors)
            .field("scores", &self.scores)
            .finish_non_exhaustive()
    }
}

impl PartialEq for AlignmentMatrix<'_> {
    /// Matrices are equal when they score the same actors of equal graphs alike,
    /// with the same cut-off and model.
    fn eq(&self, other: &Self) -> bool {
        self.actors == other.actors
            && self.scores == other.scores
            && self.cutoff == other.cutoff
            && self.model == other.model
            && (std::ptr::eq(self.graph, other.graph) || self.graph == other.graph)
    }
}

impl<'g> AlignmentMatrix<'g> {
    fn slot(&self, i: usize, j: usize) -> Option<usize> {
        let n = self.actors.len();
        let (i, j) = if i < j { (i, j) } else { (j, i) };
        (j < n && i != j).then(|| i * n - i * (i + 1) / 2 + (j - i - 1))
    }

    /// The score and confidence of the actors at positions `i` and `j` (`None` on the
    /// diagonal or out of range).
    pub fn get(&self, i: usize, j: usize) -> Option<PairScore> {
        self.slot(i, j).and_then(|k| self.scores.get(k)).copied()
    }

    /// The score of positions `i` and `j`: 1 on the diagonal, 0 out of range.
    pub fn score(&self, i: usize, j: usize) -> f64 {
        if i == j && i < self.actors.len() {
            return 1.0;
        }
        self.get(i, j).map_or(0.0, |a| a.score)
    }

    /// Every pair `(i, j)`, `i < j`, in row order: `n·(n−1)/2` entries.
    pub fn scores(&self) -> &[PairScore] {
        &self.scores
    }

    /// The full alignment of positions `i` and `j`, with its evidence, computed now
    /// (`None` on the diagonal or out of range): the same as [`Graph::alignment`]
    /// with the matrix's cut-off and model. It costs one alignment query.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let m = g.alignment_matrix(["lemuria", "hyperborea", "atlantis"]).compute()?;
    /// let why = m.alignment(0, 1).expect("a pair");
    /// assert_eq!(why.score, m.score(0, 1));
    /// assert!(!why.evidence.is_empty());
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn alignment(&self, i: usize, j: usize) -> Option<Alignment> {
        self.slot(i, j)?;
        Some(align(self.graph, self.actors[i], self.actors[j], self.cutoff, &self.model))
    }

    /// The full alignment of two actors of the matrix, by id, computed now (see
    /// [`AlignmentMatrix::alignment`]).
    pub fn between(&self, a: ActorId, b: ActorId) -> Option<Alignment> {
        let i = self.actors.iter().position(|&x| x == a)?;
        let j = self.actors.iter().position(|&x| x == b)?;
        self.alignment(i, j)
    }

    /// The signed ties `score · confidence` of the pairs where it is not 0, in row
    /// order.
    pub fn ties(&self) -> Vec<SignedTie> {
        let n = self.actors.len();
        let mut ties = Vec::new();
        let mut k = 0;
        for i in 0..n {
            for j in i + 1..n {
                let p = self.scores[k];
                k += 1;
                let weight = p.score * p.confidence;
                if weight != 0.0 {
                    ties.push(SignedTie { a: i, b: j, weight });
                }
            }
        }
        ties
    }
}

/// Coalitions of actors by structural balance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocs<'g> {
    /// The groups; members in the order given, groups by their first member.
    pub groups: Vec<Vec<ActorId>>,
    /// Total weight of the ties that contradict the grouping.
    pub frustration: f64,
    /// The contradicting ties: friends split apart or foes put together.
    pub contradicting: Vec<(ActorId, ActorId, f64)>,
    /// Whether the grouping is proven optimal.
    pub exact: bool,
    /// The alignments it was computed from.
    pub matrix: AlignmentMatrix<'g>,
}

impl<'a> IntoIterator for &'a Blocs<'_> {
    type Item = &'a Vec<ActorId>;
    type IntoIter = std::slice::Iter<'a, Vec<ActorId>>;

    /// The groups, each a list of actor ids.
    fn into_iter(self) -> Self::IntoIter {
        self.groups.iter()
    }
}

impl Blocs<'_> {
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

    fn matrix(&self) -> Result<AlignmentMatrix<'g>, QueryError> {
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
        // Scores only: the evidence of a pair is computed when asked for.
        let n = actors.len();
        let mut scores = Vec::with_capacity(n * n.saturating_sub(1) / 2);
        for (i, a) in sides.iter().enumerate() {
            for b in &sides[i + 1..] {
                let al = align_sides(self.graph, a, b, self.cutoff, &self.model, false);
                let components = u8::try_from(al.components.len()).unwrap_or(u8::MAX);
                scores.push(PairScore { score: al.score, confidence: al.confidence, components });
            }
        }
        Ok(AlignmentMatrix {
            graph: self.graph,
            cutoff: self.cutoff,
            model: self.model.clone(),
            actors,
            scores,
        })
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
    /// assert_eq!(m.scores().len(), 3);
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

    /// The matrix: `n·(n−1)/2` scores, 24 bytes each; the evidence of a pair on
    /// demand ([`AlignmentMatrix::alignment`]).
    ///
    /// # Errors
    /// A [`QueryError`] if an actor is unknown, the model invalid, or there are more
    /// than [`MAX_MATRIX_ACTORS`] actors.
    pub fn compute(&self) -> Result<AlignmentMatrix<'g>, QueryError> {
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
    pub fn compute(&self) -> Result<Blocs<'g>, QueryError> {
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
