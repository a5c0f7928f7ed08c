//! Timelines: how one actor's stance toward another, and how two actors' alignment,
//! moved from day to day.
//!
//! **Stance timeline.** Take the statements of `of`'s bloc (it and everything under
//! it) that name a member of `toward`'s bloc, in chronological order. Each is a
//! *step*: its stance (the mean of its stances toward that bloc) and its hedge weight
//! `h` (asserted 1, likely 0.75, possible 0.5, unlikely 0.25). Steps are grouped by
//! date (a partial date such as `2022-12` is its own entry, before the days it
//! contains). For each day, `stance = Σ h·s / Σ h` over the day's steps, and
//! `cumulative` is the same mean over every step so far; each step also carries the
//! cumulative mean up to itself, so changes within a day show (steps within a day
//! follow their `order`).
//!
//! **Alignment timeline.** For each date on which either actor's bloc said
//! something, the [alignment](super::alignment) of the two computed from everything up
//! to the end of that date: the score, confidence and components of
//! `graph.alignment(a, b).until(date, u32::MAX)`, bit for bit. Its evidence is
//! computed on demand, one date at a time ([`AlignmentTimeline::alignment`]).
//!
//! **Cost.** The two sides are prepared once and their statements read once, in
//! chronological order: each statement adds to its side's stance vector and, if it
//! names the other side, to the direct-stance sums `Σ h·stance` and `Σ h`. Each date
//! then combines what has accumulated: the relations between the two (found once,
//! weighed by the date), the direct-stance sums, and the cosine of the two stance
//! vectors. So a timeline costs O(S log S + D·(T + R)) for `S` statements, `D` dates,
//! `T` targets named so far and `R` relations between the two, and keeps a few
//! numbers per date, not one alignment with its evidence per date.

use std::collections::BTreeMap;

use super::alignment::{
    Alignment, AlignmentModel, Component, ComponentScore, DirectSum, HedgeWeights, Pair, Side, StanceVector,
    add_to_vector, align, combine, relation_candidates, same_actor,
};
use super::{ActorSpec, Bloc, Cutoff, QueryError};
use crate::graph::{ActorId, Graph, StatementId};
use crate::model::PartialDate;
use serde::Serialize;

/// One statement on a [`StanceTimeline`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StanceStep {
    /// The statement.
    pub statement: StatementId,
    /// Its stance toward the target bloc.
    pub stance: f64,
    /// Its hedge weight.
    pub weight: f64,
    /// The weighted mean stance of every step up to and including this one.
    pub cumulative: f64,
}

/// One date on a [`StanceTimeline`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceDay {
    /// The date (day precision, or coarser when the statements are dated so).
    pub date: PartialDate,
    /// The weighted mean stance of the day's statements.
    pub stance: f64,
    /// The weighted mean stance of every statement up to the end of the day.
    pub cumulative: f64,
    /// The day's statements, in order.
    pub steps: Vec<StanceStep>,
}

/// The stance of one actor toward another, date by date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceTimeline {
    /// Whose stance.
    pub of: ActorId,
    /// Toward whom.
    pub toward: ActorId,
    /// The dates with statements, in order.
    pub days: Vec<StanceDay>,
}

impl<'a> IntoIterator for &'a StanceTimeline {
    type Item = &'a StanceDay;
    type IntoIter = std::slice::Iter<'a, StanceDay>;

    /// The days, in date order.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let timeline = g.stance_timeline("atlantis", "lemuria").compute()?;
    /// for day in &timeline {
    ///     assert!(day.cumulative >= -1.0 && day.cumulative <= 1.0);
    /// }
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    fn into_iter(self) -> Self::IntoIter {
        self.days.iter()
    }
}

impl<'a> IntoIterator for &'a AlignmentTimeline<'_> {
    type Item = &'a AlignmentDay;
    type IntoIter = std::slice::Iter<'a, AlignmentDay>;

    /// The days, in date order.
    fn into_iter(self) -> Self::IntoIter {
        self.days.iter()
    }
}

impl StanceTimeline {
    /// Every step, in chronological order.
    pub fn steps(&self) -> impl Iterator<Item = &StanceStep> + '_ {
        self.days.iter().flat_map(|d| d.steps.iter())
    }

    /// The step of one statement.
    pub fn step(&self, statement: StatementId) -> Option<&StanceStep> {
        self.steps().find(|s| s.statement == statement)
    }
}

/// A query for a [`StanceTimeline`].
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let t = g.stance_timeline("atlantis", "lemuria").compute()?;
/// let (first, last) = (&t.days[0], &t.days[t.days.len() - 1]);
/// assert!(last.cumulative < first.cumulative); // Atlantis hardened
/// for day in &t.days {
///     println!("{} {:+.2} (so far {:+.2})", day.date, day.stance, day.cumulative);
/// }
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is run"]
pub struct StanceTimelineQuery<'g> {
    graph: &'g Graph,
    of: Result<ActorId, QueryError>,
    toward: Result<ActorId, QueryError>,
    rolled_up: bool,
    hedge: HedgeWeights,
}

/// One date on an [`AlignmentTimeline`]: the alignment's numbers as of the end of
/// that date; its evidence comes from [`AlignmentTimeline::alignment`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlignmentDay {
    /// The date.
    pub date: PartialDate,
    /// The score from everything up to the end of that date.
    pub score: f64,
    /// Its confidence.
    pub confidence: f64,
    /// The components that had evidence by then.
    pub components: Vec<ComponentScore>,
}

/// The alignment of two actors, date by date.
/// Serializes as its actors and days.
#[derive(Clone, Serialize)]
pub struct AlignmentTimeline<'g> {
    #[serde(skip)]
    graph: &'g Graph,
    #[serde(skip)]
    model: AlignmentModel,
    /// The two actors, in id order.
    pub actors: [ActorId; 2],
    /// The dates on which either side spoke, in order.
    pub days: Vec<AlignmentDay>,
}

impl std::fmt::Debug for AlignmentTimeline<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlignmentTimeline")
            .field("actors", &self.actors)
            .field("days", &self.days)
            .finish_non_exhaustive()
    }
}

impl PartialEq for AlignmentTimeline<'_> {
    /// Timelines are equal when they hold the same days for the same actors of equal
    /// graphs, with the same model.
    fn eq(&self, other: &Self) -> bool {
        self.actors == other.actors
            && self.days == other.days
            && self.model == other.model
            && (std::ptr::eq(self.graph, other.graph) || self.graph == other.graph)
    }
}

impl AlignmentTimeline<'_> {
    /// The full alignment on `days[k]`, with its evidence, computed now (`None` out
    /// of range): the same as `graph.alignment(a, b).until(date, u32::MAX)` with the
    /// timeline's model. It costs one alignment query.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let t = g.alignment_timeline("atlantis", "lemuria").compute()?;
    /// let last = t.days.len() - 1;
    /// let why = t.alignment(last).expect("a day");
    /// assert_eq!(why.score, t.days[last].score);
    /// for e in why.evidence.iter().take(3) {
    ///     println!("{e}");
    /// }
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn alignment(&self, k: usize) -> Option<Alignment> {
        let day = self.days.get(k)?;
        let [a, b] = self.actors;
        Some(align(self.graph, a, b, Cutoff::Until(day.date, u32::MAX), &self.model))
    }
}

/// A query for an [`AlignmentTimeline`].
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let t = g.alignment_timeline("atlantis", "lemuria").compute()?;
/// let last = t.days.last().expect("dated statements");
/// assert!(last.score < 0.0);
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is run"]
pub struct AlignmentTimelineQuery<'g> {
    graph: &'g Graph,
    a: Result<ActorId, QueryError>,
    b: Result<ActorId, QueryError>,
    model: AlignmentModel,
}

impl Graph {
    /// Starts a stance-timeline query: `of` (rolled up) toward `toward` (and
    /// everything under it); see [`StanceTimelineQuery`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let t = g.stance_timeline("lemuria", "atlantis").compute()?;
    /// assert_eq!(t.steps().count(), 2);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn stance_timeline(&self, of: impl ActorSpec, toward: impl ActorSpec) -> StanceTimelineQuery<'_> {
        StanceTimelineQuery {
            graph: self,
            of: of.actor_in(self, "of"),
            toward: toward.actor_in(self, "toward"),
            rolled_up: true,
            hedge: HedgeWeights::default(),
        }
    }

    /// Starts an alignment-timeline query; see [`AlignmentTimelineQuery`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let t = g.alignment_timeline("atlantis", "lemuria").compute()?;
    /// assert!(t.days.iter().all(|d| (-1.0..=1.0).contains(&d.score)));
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn alignment_timeline(&self, a: impl ActorSpec, b: impl ActorSpec) -> AlignmentTimelineQuery<'_> {
        AlignmentTimelineQuery {
            graph: self,
            a: a.actor_in(self, "a"),
            b: b.actor_in(self, "b"),
            model: AlignmentModel::default(),
        }
    }
}

impl<'g> StanceTimelineQuery<'g> {
    /// Counts only the two actors themselves, not those under them.
    pub fn exact(mut self) -> Self {
        self.rolled_up = false;
        self
    }

    /// Uses other hedge weights.
    pub fn hedge_weights(mut self, hedge: HedgeWeights) -> Self {
        self.hedge = hedge;
        self
    }

    /// The timeline; empty when `of` never spoke about `toward`.
    ///
    /// # Errors
    /// A [`QueryError`] if either actor is unknown.
    pub fn compute(&self) -> Result<StanceTimeline, QueryError> {
        let g = self.graph;
        let (of, toward) = (self.of.clone()?, self.toward.clone()?);
        let (speakers, targets) = if self.rolled_up {
            (Bloc::of(g, of), Bloc::of(g, toward))
        } else {
            (Bloc::single(of), Bloc::single(toward))
        };
        let mut days: Vec<StanceDay> = Vec::new();
        let (mut sum, mut total) = (0.0, 0.0);
        for id in speakers.statements(g) {
            let s = g.statements.rec(id);
            let (acc, n) = g
                .statements
                .targets(id)
                .filter(|t| targets.contains(t.0))
                .fold((0.0, 0u32), |(a, n), t| (a + t.1, n + 1));
            let w = self.hedge.weight(s.hedge);
            if n == 0 || w <= 0.0 {
                continue;
            }
            let stance = acc / f64::from(n);
            sum += w * stance;
            total += w;
            let step = StanceStep { statement: id, stance, weight: w, cumulative: sum / total };
            match days.last_mut() {
                Some(day) if day.date == s.date => {
                    day.steps.push(step);
                    day.cumulative = step.cumulative;
                }
                _ => days.push(StanceDay {
                    date: s.date,
                    stance: 0.0,
                    cumulative: step.cumulative,
                    steps: vec![step],
                }),
            }
        }
        for day in &mut days {
            let (a, b) =
                day.steps.iter().fold((0.0, 0.0), |(a, b), s| (a + s.weight * s.stance, b + s.weight));
            day.stance = a / b;
        }
        Ok(StanceTimeline { of, toward, days })
    }
}

impl<'g> AlignmentTimelineQuery<'g> {
    /// Uses other weights.
    pub fn model(mut self, model: AlignmentModel) -> Self {
        self.model = model;
        self
    }

    /// The timeline: the alignment's numbers per date on which either side spoke.
    ///
    /// # Errors
    /// A [`QueryError`] if either actor is unknown or the model invalid.
    pub fn compute(&self) -> Result<AlignmentTimeline<'g>, QueryError> {
        self.model.check()?;
        let g = self.graph;
        let (a, b) = (self.a.clone()?, self.b.clone()?);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let days = if lo == hi { same_actor_days(g, lo) } else { alignment_days(g, lo, hi, &self.model) };
        Ok(AlignmentTimeline { graph: g, model: self.model.clone(), actors: [lo, hi], days })
    }
}

/// An actor with itself: aligned on every date it spoke.
fn same_actor_days(g: &Graph, id: ActorId) -> Vec<AlignmentDay> {
    let same = same_actor(id);
    let mut dates: Vec<PartialDate> =
        Bloc::of(g, id).statements(g).iter().map(|&s| g.statements.rec(s).date).collect();
    dates.dedup();
    dates
        .into_iter()
        .map(|date| AlignmentDay {
            date,
            score: same.score,
            confidence: same.confidence,
            components: same.components.clone(),
        })
        .collect()
}

/// One pass over both sides' statements in chronological order; see the module docs.
fn alignment_days(g: &Graph, lo: ActorId, hi: ActorId, model: &AlignmentModel) -> Vec<AlignmentDay> {
    let sides = [Side::new(g, lo, Cutoff::All, model), Side::new(g, hi, Cutoff::All, model)];
    let date = |id: StatementId| g.statements.rec(id).date;
    let mut dates: Vec<PartialDate> = sides.iter().flat_map(|s| s.said.iter().map(|&id| date(id))).collect();
    dates.sort();
    dates.dedup();
    let base = Pair::new(g, &sides[0], &sides[1], Cutoff::All, false).growing();
    let on = |c: Component| model.component_weight(c) > 0.0;
    let candidates = if on(Component::Relations) { relation_candidates(&base, model) } else { Vec::new() };
    let mut vectors = [StanceVector::new(), StanceVector::new()];
    let mut sums = [DirectSum::default(); 2];
    let mut next = [0usize; 2];
    let mut scratch = BTreeMap::new();
    let mut days = Vec::with_capacity(dates.len());
    for day in dates {
        for s in 0..2 {
            while let Some(&id) = sides[s].said.get(next[s]).filter(|&&id| date(id) <= day) {
                next[s] += 1;
                if on(Component::SharedStance) {
                    add_to_vector(&mut vectors[s], &mut scratch, g, id, model);
                }
                if on(Component::DirectStance) {
                    sums[s].add(g, id, &sides[1 - s].bloc, model);
                }
            }
        }
        let mut pair = base;
        pair.cutoff = Cutoff::Until(day, u32::MAX);
        pair.said = [&sides[0].said[..next[0]], &sides[1].said[..next[1]]];
        pair.vectors = [&vectors[0], &vectors[1]];
        let al = combine(&pair, model, &candidates, sums);
        days.push(AlignmentDay {
            date: day,
            score: al.score,
            confidence: al.confidence,
            components: al.components,
        });
    }
    days
}
