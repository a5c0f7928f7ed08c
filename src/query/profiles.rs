//! Stance profiles: what each actor's bloc said about every target, in aggregate,
//! and how alike two profiles are.
//!
//! [`Graph::stance_profiles`] gives, for each actor X of a set, its *profile*: for
//! every target unit T that X's bloc (X and everything under it) spoke about, the
//! hedge-weighted mean stance
//! `x_T = Σ h·stance / Σ h` (a target counts under the top of its chain, as in the
//! [shared stance](super::alignment) of an alignment; a statement naming several
//! actors of one unit counts once, with its mean stance toward them). Two profiles
//! compare by cosine similarity, `cos = Σ_T a_T·b_T / (|a|·|b|)`, over every target
//! either spoke about (0 when either profile is empty), shrunk by the targets they
//! share, `cos · n / (n + k)` with `n = Σ_T min(1, Σh_a(T), Σh_b(T))` over the
//! shared targets and `k` = [`ProfilesQuery::shrinkage`] (by default the alignment
//! model's, 2): the same number as the shared-stance component of
//! [`Graph::alignment`] with [`AlignmentModel::exclude_own_blocs`] off, up to
//! rounding. With `shrinkage(0.0)` it is the plain cosine, the benchmark's Q3.
//!
//! **Evidence on demand.** A profile keeps, per target, the mean, the total hedge
//! weight and the number of statements; [`StanceProfiles::evidence`] splits a
//! similarity into its targets' shares and [`StanceProfiles::statements`] lists the
//! statements behind one cell, both computed only when asked for.
//!
//! **Cost.** For a top-level actor (one with no parent) without a cut-off, the
//! profile is read from sums the graph keeps per (top, target) pair, so it costs
//! O(targets) whatever the number of statements; other actors, or a cut-off, gather
//! their bloc's statements. [`StanceProfiles::similarities`] compares every pair in
//! O(n² · targets per profile) with no allocation per pair.
//!
//! [`AlignmentModel::exclude_own_blocs`]: super::AlignmentModel::exclude_own_blocs

use super::alignment::{HedgeWeights, stance_vector};
use super::{ActorSpec, AlignmentModel, Bloc, Cutoff, QueryError, unit_of};
use crate::graph::index::hedge_slot;
use crate::graph::{ActorId, Graph, StatementId};
use crate::model::{Hedge, PartialDate};
use serde::Serialize;

/// What one bloc said about one target unit, in aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TargetStance {
    /// The target unit (the top of the target's chain).
    pub target: ActorId,
    /// The hedge-weighted mean stance, in `[-1, 1]`.
    pub mean: f64,
    /// The total hedge weight `Σ h` behind it.
    pub weight: f64,
    /// How many statements (of nonzero weight) it comes from.
    pub statements: usize,
}

/// One target's share of a similarity; see [`StanceProfiles::evidence`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SharedTarget {
    /// The target unit both blocs spoke about.
    pub target: ActorId,
    /// What the first bloc said about it.
    pub a: TargetStance,
    /// What the second bloc said about it.
    pub b: TargetStance,
    /// Its share of the similarity: `a.mean · b.mean / (|a|·|b|)`, times the pair's
    /// shrinkage factor.
    pub contribution: f64,
}

/// A query for the [`StanceProfiles`] of a set of actors; see the [module docs](self).
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let p = g.stance_profiles(["atlantis", "lemuria", "hyperborea"]).compute()?;
/// assert!((-1.0..=1.0).contains(&p.similarity(1, 2)));
/// for shared in p.evidence(1, 2) {
///     let name = g.actor(shared.target).map(|a| a.name()).unwrap_or("?");
///     println!("{name}: {:+.2} vs {:+.2} ({:+.3})", shared.a.mean, shared.b.mean, shared.contribution);
/// }
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is run"]
pub struct ProfilesQuery<'g> {
    graph: &'g Graph,
    actors: Result<Vec<ActorId>, QueryError>,
    hedge: HedgeWeights,
    cutoff: Cutoff,
    shrinkage: f64,
}

impl Graph {
    /// Starts a stance-profile query over `actors` (repeats dropped); see
    /// [`ProfilesQuery`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let p = g.stance_profiles(["atlantis", "lemuria"]).compute()?;
    /// assert_eq!(p.actors().len(), 2);
    /// assert!(!p.profile(0).is_empty());
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn stance_profiles<A: ActorSpec>(&self, actors: impl IntoIterator<Item = A>) -> ProfilesQuery<'_> {
        let actors =
            actors.into_iter().map(|a| a.actor_in(self, "actors")).collect::<Result<Vec<_>, _>>().map(
                |mut ids| {
                    let mut seen = std::collections::HashSet::new();
                    ids.retain(|id| seen.insert(*id));
                    ids
                },
            );
        ProfilesQuery {
            graph: self,
            actors,
            hedge: HedgeWeights::default(),
            cutoff: Cutoff::All,
            shrinkage: AlignmentModel::default().shared_shrinkage,
        }
    }
}

impl<'g> ProfilesQuery<'g> {
    /// Weighs statements by these hedge discounts (default [`HedgeWeights::default`]).
    pub fn hedge(mut self, weights: HedgeWeights) -> Self {
        self.hedge = weights;
        self
    }

    /// Counts only what was said by the end of `date`.
    pub fn as_of(mut self, date: PartialDate) -> Self {
        self.cutoff = Cutoff::AsOf(date);
        self
    }

    /// Uses another cut-off.
    pub fn cutoff(mut self, cutoff: Cutoff) -> Self {
        self.cutoff = cutoff;
        self
    }

    /// Shrinks similarities by `k` as the alignment's shared stance does
    /// ([`AlignmentModel::shared_shrinkage`], default 2); `0.0` gives the plain
    /// cosine.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let plain = g.stance_profiles(["lemuria", "hyperborea"]).shrinkage(0.0).compute()?;
    /// let shrunk = g.stance_profiles(["lemuria", "hyperborea"]).compute()?;
    /// assert!(shrunk.similarity(0, 1).abs() <= plain.similarity(0, 1).abs());
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn shrinkage(mut self, k: f64) -> Self {
        self.shrinkage = k;
        self
    }

    /// The profiles.
    ///
    /// # Errors
    /// A [`QueryError`] if an actor is unknown or a hedge weight outside `[0, 1]`.
    pub fn compute(&self) -> Result<StanceProfiles<'g>, QueryError> {
        let model = AlignmentModel {
            hedge: self.hedge,
            shared_shrinkage: self.shrinkage,
            ..AlignmentModel::default()
        };
        model.check()?;
        let actors = self.actors.clone()?;
        let g = self.graph;
        let mut rows = Vec::with_capacity(actors.len() + 1);
        let mut cells: Vec<TargetStance> = Vec::new();
        rows.push(0);
        for &actor in &actors {
            let fast = self.cutoff == Cutoff::All
                && g.parents.row(actor.index()).is_empty()
                && g.index.said.sums_add_up_by_unit();
            if fast {
                summed_profile(g, actor, &self.hedge, &mut cells);
            } else {
                let mut said = Bloc::of(g, actor).statements(g);
                said.retain(|&s| self.cutoff.admits(g, s));
                cells.extend(stance_vector(g, &said, &model).into_iter().map(
                    |(target, (sum, w, ids, _))| TargetStance {
                        target,
                        mean: sum / w,
                        weight: w,
                        statements: ids.len(),
                    },
                ));
            }
            rows.push(cells.len());
        }
        let norms = rows.windows(2).map(|w| norm(&cells[w[0]..w[1]])).collect();
        Ok(StanceProfiles {
            graph: g,
            actors,
            hedge: self.hedge,
            cutoff: self.cutoff,
            shrinkage: self.shrinkage,
            rows,
            cells,
            norms,
        })
    }
}

/// Appends the profile of top-level `actor` from the per-(top, target) sums, by target.
fn summed_profile(g: &Graph, actor: ActorId, hedge: &HedgeWeights, cells: &mut Vec<TargetStance>) {
    let said = &g.index.said;
    let from = cells.len();
    for b in said.buckets_of(actor) {
        let sums = said.sums(b);
        let (mut total, mut weight, mut count) = (0.0, 0.0, 0usize);
        for h in Hedge::ALL {
            let (w, k) = (hedge.weight(h), hedge_slot(h));
            if w > 0.0 && sums.count[k] > 0 {
                total += w * sums.sum[k];
                weight += w * f64::from(sums.count[k]);
                count += sums.count[k] as usize;
            }
        }
        if weight > 0.0 {
            // `mean` holds the weighted sum until the row is merged by unit.
            let target = unit_of(g, said.target(b));
            cells.push(TargetStance { target, mean: total, weight, statements: count });
        }
    }
    let row = &mut cells[from..];
    row.sort_by_key(|c| c.target);
    // Merge targets of one unit, then turn sums into means.
    let mut kept = from;
    for i in from..cells.len() {
        let c = cells[i];
        if kept > from && cells[kept - 1].target == c.target {
            let last = &mut cells[kept - 1];
            last.mean += c.mean;
            last.weight += c.weight;
            last.statements += c.statements;
        } else {
            cells[kept] = c;
            kept += 1;
        }
    }
    cells.truncate(kept);
    for c in &mut cells[from..] {
        c.mean /= c.weight;
    }
}

/// Largest dense layout of profiles, in cells (8 MiB of `f64`).
const DENSE_CELLS: usize = 1 << 20;

/// [`StanceProfiles::similarities`] serves at most this many actors (a 128 MiB
/// matrix); [`StanceProfiles::similarity`] answers any pair.
pub const MAX_SIMILARITY_ACTORS: usize = 4096;

/// The dot product of two equally long rows, with four running sums so that the
/// additions need not wait for one another.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0f64; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = a4.remainder().iter().zip(b4.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in a4.zip(b4) {
        for k in 0..4 {
            sums[k] += x[k] * y[k];
        }
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

/// `n / (n + k)`, 1 when that is not a number (no evidence and no shrinkage).
fn shrink(n: f64, k: f64) -> f64 {
    let f = n / (n + k);
    if f.is_finite() { f } else { 1.0 }
}

fn norm(row: &[TargetStance]) -> f64 {
    row.iter().map(|c| c.mean * c.mean).sum::<f64>().sqrt()
}

/// The stance profiles of a set of actors; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct StanceProfiles<'g> {
    graph: &'g Graph,
    actors: Vec<ActorId>,
    hedge: HedgeWeights,
    cutoff: Cutoff,
    shrinkage: f64,
    /// Actor `i`'s profile is `cells[rows[i]..rows[i + 1]]`, by target id.
    rows: Vec<usize>,
    cells: Vec<TargetStance>,
    norms: Vec<f64>,
}

impl Serialize for StanceProfiles<'_> {
    /// `{"actors": [ids], "profiles": [[{"target", "mean", "weight", "statements"}, …], …]}`:
    /// one profile per actor, in the order of `actors`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let profiles: Vec<&[TargetStance]> = (0..self.actors.len()).map(|i| self.profile(i)).collect();
        let mut out = serializer.serialize_struct("StanceProfiles", 2)?;
        out.serialize_field("actors", &self.actors)?;
        out.serialize_field("profiles", &profiles)?;
        out.end()
    }
}

impl<'g> StanceProfiles<'g> {
    /// The actors, in the order given (repeats dropped).
    pub fn actors(&self) -> &[ActorId] {
        &self.actors
    }

    /// The profile of the actor at position `i`, by target id (empty out of range).
    pub fn profile(&self, i: usize) -> &[TargetStance] {
        match (self.rows.get(i), self.rows.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.cells[a..b],
            _ => &[],
        }
    }

    /// What the bloc at position `i` said about `target` (a target unit), if anything.
    pub fn stance(&self, i: usize, target: ActorId) -> Option<&TargetStance> {
        let row = self.profile(i);
        row.binary_search_by_key(&target, |c| c.target).ok().and_then(|k| row.get(k))
    }

    /// The cosine similarity of the profiles at positions `i` and `j`, in `[-1, 1]`;
    /// 0 when either is empty or out of range. O(targets of both).
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let p = g.stance_profiles(["lemuria", "hyperborea"]).compute()?;
    /// assert_eq!(p.similarity(0, 1), p.similarity(1, 0));
    /// assert_eq!(p.similarity(0, 0), 1.0);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        let (na, nb) = (self.norm(i), self.norm(j));
        if na <= 0.0 || nb <= 0.0 {
            return 0.0;
        }
        if i == j {
            return 1.0;
        }
        let dot: f64 = self.evidence_terms(i, j).map(|(a, b)| a.mean * b.mean).sum();
        (dot / (na * nb) * self.shrink(i, j)).clamp(-1.0, 1.0)
    }

    /// The shrinkage factor `n / (n + k)` of a pair (1 when `k` is 0).
    fn shrink(&self, i: usize, j: usize) -> f64 {
        if self.shrinkage <= 0.0 {
            return 1.0;
        }
        let n: f64 = self.evidence_terms(i, j).map(|(a, b)| a.weight.min(b.weight).min(1.0)).sum();
        shrink(n, self.shrinkage)
    }

    /// Every pairwise similarity as an `n × n` matrix in row-major order (`n` the
    /// number of actors): entry `i·n + j` is [`StanceProfiles::similarity`]`(i, j)`.
    /// Profiles are laid out as dense rows over the targets that occur when that is
    /// small (a few hundred states), else compared sparsely; no allocation per pair.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let p = g.stance_profiles(["atlantis", "lemuria", "hyperborea"]).compute()?;
    /// let m = p.similarities()?;
    /// assert!((m[1 * 3 + 2] - p.similarity(1, 2)).abs() < 1e-12);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    ///
    /// # Errors
    /// [`QueryError::InvalidSetting`] for more than [`MAX_SIMILARITY_ACTORS`] actors,
    /// whose matrix would not fit in memory; ask [`StanceProfiles::similarity`] for
    /// the pairs you need instead.
    pub fn similarities(&self) -> Result<Vec<f64>, QueryError> {
        let n = self.actors.len();
        if n > MAX_SIMILARITY_ACTORS {
            return Err(QueryError::invalid(
                "actors",
                n,
                "at most 4096 actors in a similarity matrix (MAX_SIMILARITY_ACTORS)",
            ));
        }
        let mut out = vec![0.0; n * n];
        // Number the targets that occur, then lay the profiles out as dense rows.
        let width = self.cells.iter().map(|c| c.target.index() + 1).max().unwrap_or(0);
        let mut column = vec![u32::MAX; width];
        let mut targets = 0usize;
        for c in &self.cells {
            if column[c.target.index()] == u32::MAX {
                column[c.target.index()] = targets as u32;
                targets += 1;
            }
        }
        let dense_rows = n.saturating_mul(targets) <= DENSE_CELLS;
        let mut dense = vec![0.0f64; if dense_rows { n * targets } else { targets }];
        // With shrinkage, each cell's min(1, Σh) beside its mean; absent cells are 0,
        // so Σ min over two rows counts the shared targets.
        let shrinking = self.shrinkage > 0.0;
        let mut weights = vec![0.0f64; if shrinking { dense.len() } else { 0 }];
        if dense_rows {
            for i in 0..n {
                for c in self.profile(i) {
                    let at = i * targets + column[c.target.index()] as usize;
                    dense[at] = c.mean;
                    if shrinking {
                        weights[at] = c.weight.min(1.0);
                    }
                }
            }
        }
        for i in 0..n {
            let ni = self.norm(i);
            if ni <= 0.0 {
                continue;
            }
            out[i * n + i] = 1.0;
            if !dense_rows {
                for c in self.profile(i) {
                    dense[column[c.target.index()] as usize] = c.mean;
                    if shrinking {
                        weights[column[c.target.index()] as usize] = c.weight.min(1.0);
                    }
                }
            }
            for j in i + 1..n {
                let nj = self.norm(j);
                if nj <= 0.0 {
                    continue;
                }
                let (row_i, row_j) = (i * targets..(i + 1) * targets, j * targets..(j + 1) * targets);
                let dot = if dense_rows {
                    dot(&dense[row_i.clone()], &dense[row_j.clone()])
                } else {
                    self.profile(j).iter().map(|c| dense[column[c.target.index()] as usize] * c.mean).sum()
                };
                let factor = if !shrinking {
                    1.0
                } else if dense_rows {
                    let shared: f64 =
                        weights[row_i].iter().zip(&weights[row_j]).map(|(a, b)| a.min(*b)).sum();
                    shrink(shared, self.shrinkage)
                } else {
                    let shared: f64 = self
                        .profile(j)
                        .iter()
                        .map(|c| weights[column[c.target.index()] as usize].min(c.weight.min(1.0)))
                        .sum();
                    shrink(shared, self.shrinkage)
                };
                let s = (dot / (ni * nj) * factor).clamp(-1.0, 1.0);
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
            if !dense_rows {
                for c in self.profile(i) {
                    dense[column[c.target.index()] as usize] = 0.0;
                    if shrinking {
                        weights[column[c.target.index()] as usize] = 0.0;
                    }
                }
            }
        }
        Ok(out)
    }

    /// The targets both blocs at `i` and `j` spoke about, each with its share of
    /// [`StanceProfiles::similarity`]`(i, j)` (the shares add up to it, up to rounding
    /// and the clamp to `[-1, 1]`), by target id.
    pub fn evidence(&self, i: usize, j: usize) -> Vec<SharedTarget> {
        let (na, nb) = (self.norm(i), self.norm(j));
        if na <= 0.0 || nb <= 0.0 {
            return Vec::new();
        }
        let shrink = self.shrink(i, j);
        self.evidence_terms(i, j)
            .map(|(a, b)| SharedTarget {
                target: a.target,
                a: *a,
                b: *b,
                contribution: a.mean * b.mean / (na * nb) * shrink,
            })
            .collect()
    }

    /// The statements behind one cell: what the bloc at position `i` said about
    /// `target` (a target unit, or anything counted under it), in chronological
    /// order; statements of zero hedge weight or past the cut-off are left out.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let p = g.stance_profiles(["atlantis"]).compute()?;
    /// let cell = p.profile(0)[0];
    /// assert_eq!(p.statements(0, cell.target).len(), cell.statements);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn statements(&self, i: usize, target: ActorId) -> Vec<StatementId> {
        let g = self.graph;
        let Some(&actor) = self.actors.get(i) else { return Vec::new() };
        let mut said = Bloc::of(g, actor).statements(g);
        said.retain(|&s| {
            self.cutoff.admits(g, s)
                && self.hedge.weight(g.statements.rec(s).hedge) > 0.0
                && g.statements.targets(s).any(|(t, _)| unit_of(g, t) == target)
        });
        said
    }

    fn norm(&self, i: usize) -> f64 {
        self.norms.get(i).copied().unwrap_or(0.0)
    }

    /// Pairs of cells with the same target in profiles `i` and `j` (a merge of two
    /// sorted rows).
    fn evidence_terms(
        &self,
        i: usize,
        j: usize,
    ) -> impl Iterator<Item = (&TargetStance, &TargetStance)> + '_ {
        let (a, b) = (self.profile(i), self.profile(j));
        let (mut x, mut y) = (0, 0);
        std::iter::from_fn(move || {
            while let (Some(p), Some(q)) = (a.get(x), b.get(y)) {
                match p.target.cmp(&q.target) {
                    std::cmp::Ordering::Less => x += 1,
                    std::cmp::Ordering::Greater => y += 1,
                    std::cmp::Ordering::Equal => {
                        x += 1;
                        y += 1;
                        return Some((p, q));
                    }
                }
            }
            None
        })
    }
}
