//! Alignment: how far two actors stand on the same side, with the evidence why.
//!
//! [`Graph::alignment`] scores a pair of actors in `[-1, 1]` (−1 opposed, +1 aligned)
//! from three components, each a number in `[-1, 1]` built from cited items. Each
//! actor stands for its *bloc*: itself and everything under it in the hierarchy
//! (a state with its ministries, officials and state media).
//!
//! 1. **Relations** (`R`): the explicit relations between the two actors, between
//!    their blocs, or between the blocs of their tops (their states). Each relation
//!    `r` has a signed value `v(kind)` from [`AlignmentModel::relation_values`] (ally
//!    +1, at war −1, borders 0 ...), and a weight
//!    `ω = |v(kind)| · confidence · scope · time`, where *scope* is
//!    [`AlignmentModel::scope_weights`] (the two actors themselves 1, their blocs 0.5,
//!    their tops' blocs 0.25) and *time* is 1, or
//!    [`AlignmentModel::ended_relation_weight`] for a relation that ended before the
//!    cut-off. `R = Σ sign(v)·ω / Σ ω`: the weighted share of friendly ties minus
//!    hostile ones.
//! 2. **Direct stance** (`D`): what each bloc said about the other. A statement's
//!    stance is the mean of its stances toward members of the other bloc, weighted by
//!    its hedge `h` ([`HedgeWeights`]: asserted 1, likely 0.75, possible 0.5,
//!    unlikely 0.25). For each direction that has statements,
//!    `m(A→B) = Σ h·stance / Σ h`; `D` is the mean of the directions present.
//! 3. **Shared stance** (`S`): whether they take the same side toward third parties.
//!    For each actor X a vector over targets T (a target counts under the top of its
//!    hierarchy, so a ministry counts as its state):
//!    `x_T = Σ h·stance / Σ h` over what X's bloc said about T, leaving out the
//!    targets that count under either actor or anything above it (so for two states
//!    every target inside either state is left out).
//!    `cos = Σ_T a_T·b_T / (|a|·|b|)`, the cosine similarity over every target
//!    either spoke about (a target only one side named counts 0 for the other),
//!    shrunk by how much the two have in common: with `n = Σ_T min(1, Σh_a(T),
//!    Σh_b(T))` over the targets both spoke about (each shared target counts up to
//!    1, less when one side only hedged about it),
//!    `S = cos · n / (n + k)`, `k` = [`AlignmentModel::shared_shrinkage`] (2 by
//!    default), so one shared target gives at most a third of the cosine and it takes
//!    many for `S` to approach it. It has no evidence, and is left out, when either
//!    vector is zero or the two share no target.
//!
//! The **score** is the weighted mean of the components that have evidence,
//! `score = Σ W_c·c / Σ W_c` with [`AlignmentModel`]'s component weights (relations
//! 0.4, direct 0.35, shared 0.25), so it stays in `[-1, 1]`; with no evidence at all
//! it is 0. Every [`Evidence`] item's `contribution` is its share of that sum, so the
//! contributions add up to the score. The **confidence** grows with the amount of
//! evidence `E` and with its corroboration: each item counts its weight (relation
//! weight `ω`, hedge weight `h` of a direct statement, and for each shared target the
//! smaller of the two sides' `Σ h`) times `c(n) = 1 + γ·(1 − 2^(1−n))`, where `n` is
//! the number of independent sources citing it ([`Graph::corroboration`]: sources
//! of one publisher count once; an uncited item counts as one) and `γ` is
//! [`AlignmentModel::corroboration_gain`] (1 by default): a second independent
//! source adds half again, a third a quarter more, never more than `1 + γ` in all.
//! `confidence = 1 − exp(−Σ ω·c(n) / scale)`, scale 3 by default. Corroboration
//! never changes the score: a fact reported by five outlets is one item of one
//! weight (a merge folds the copies, see [`MergePolicy`](crate::MergePolicy)).
//!
//! **Wording is not agreement.** Framing tags play no part: two sides that both speak
//! of a "deliberate provocation" but accuse each other compare as opposed, because
//! only targets and stances are compared.
//!
//! **Symmetry.** The pair is always computed in id order, so
//! `alignment(a, b) == alignment(b, a)` exactly, evidence included.
//!
//! **Cost.** An alignment gathers each actor's bloc and what it said once, finds the
//! relations between the two from the relations of one bloc, sums the direct
//! stances, and compares the two stance vectors side by side (both are ordered by
//! target), then writes out its evidence. [`Graph::alignment_matrix`] and
//! [`Graph::alignment_timeline`] compute the same numbers without writing the
//! evidence (the matrix once per pair from sides prepared once per actor, the
//! timeline once per date from sums that grow with each statement) and give any one
//! alignment with its evidence on demand; every way of computing adds the same terms
//! in the same order, so the numbers agree bit for bit.

mod components;
mod model;

use serde::Serialize;

use super::{ActorSpec, Cutoff, QueryError, StatementSpec};
use crate::graph::{ActorId, Graph, RelationId, SourceId, StatementId};
use crate::model::{Citation, PartialDate};
pub(crate) use components::{
    Candidate, DirectSum, Pair, Side, StanceVector, add_to_vector, direct_sums, relation_candidates,
    stance_vector,
};
use components::{direct, relations, shared};
pub use model::{AlignmentModel, HedgeWeights};

/// The three parts of an alignment score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Component {
    /// Explicit relations between the actors or their blocs.
    Relations,
    /// What each said about the other.
    DirectStance,
    /// Agreement of their stances toward third parties.
    SharedStance,
}

impl std::fmt::Display for Component {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Component::Relations => "relations",
            Component::DirectStance => "direct stance",
            Component::SharedStance => "shared stance",
        })
    }
}

/// One cited item behind an [`Alignment`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Which component it feeds.
    pub component: Component,
    /// Its share of the final score (all contributions add up to the score).
    pub contribution: f64,
    /// How much evidence it carries (relation weight `ω` or hedge weight `h`).
    pub weight: f64,
    /// A plain-words description.
    pub description: String,
    /// Where it comes from.
    pub citations: Vec<Citation>,
    /// The relation, for relation evidence.
    pub relation: Option<RelationId>,
    /// The statements behind it.
    pub statements: Vec<StatementId>,
    /// The sources its citations name, each once.
    pub sources: Vec<SourceId>,
    /// How many of those are independent (see [`Graph::corroboration`]).
    pub independent_sources: usize,
}

impl std::fmt::Display for Evidence {
    /// `+0.400 relations: Lemuria is allied with Hyperborea (between the two) [strait ¶5]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:+.3} {}: {}", self.contribution, self.component, self.description)?;
        if !self.citations.is_empty() {
            write!(f, " [{}]", super::cite_list(&self.citations))?;
        }
        Ok(())
    }
}

/// One component's value in an [`Alignment`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ComponentScore {
    /// Which component.
    pub component: Component,
    /// Its value in `[-1, 1]`.
    pub value: f64,
    /// Its weight in the model.
    pub weight: f64,
    /// The amount of evidence behind it.
    pub evidence: f64,
}

/// How aligned two actors are, how sure that is, and why.
///
/// Serializes with its components and evidence (actors and statements as ids):
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let alignment = g.alignment("lemuria", "hyperborea").compute()?;
/// let json = serde_json::to_string(&alignment).expect("serializable");
/// assert!(json.starts_with(r#"{"actors":["#) && json.contains(r#""evidence":[{"component":"relations""#));
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// The two actors, in id order.
    pub actors: [ActorId; 2],
    /// From −1 (opposed) to +1 (aligned); 0 when nothing is known.
    pub score: f64,
    /// From 0 (no evidence) toward 1 (much evidence).
    pub confidence: f64,
    /// The components that had evidence.
    pub components: Vec<ComponentScore>,
    /// The items behind the score, by component, then in data order.
    pub evidence: Vec<Evidence>,
}

impl Alignment {
    /// The value of one component, if it had evidence.
    pub fn component(&self, component: Component) -> Option<f64> {
        self.components.iter().find(|c| c.component == component).map(|c| c.value)
    }
}

/// An alignment query between two actors; see the [module docs](self).
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let a = g.alignment("Lemuria", "Hyperborea").compute()?;
/// assert!(a.score > 0.5 && a.confidence > 0.5);
/// let b = g.alignment("Hyperborea", "Lemuria").compute()?;
/// assert_eq!(a, b); // symmetric, bit for bit
/// for e in a.evidence.iter().take(3) {
///     println!("{e}");
/// }
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is run"]
pub struct AlignmentQuery<'g> {
    graph: &'g Graph,
    a: Result<ActorId, QueryError>,
    b: Result<ActorId, QueryError>,
    cutoff: Result<Cutoff, QueryError>,
    model: AlignmentModel,
}

impl Graph {
    /// Starts an alignment query between `a` and `b`; see [`AlignmentQuery`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let a = g.alignment("Poseidonia", "Lemuria").compute()?;
    /// assert!(a.score < 0.0);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn alignment(&self, a: impl ActorSpec, b: impl ActorSpec) -> AlignmentQuery<'_> {
        AlignmentQuery {
            graph: self,
            a: a.actor_in(self, "a"),
            b: b.actor_in(self, "b"),
            cutoff: Ok(Cutoff::All),
            model: AlignmentModel::default(),
        }
    }
}

impl<'g> AlignmentQuery<'g> {
    /// Counts only what was said by the end of `date`, and relations begun by then.
    pub fn as_of(mut self, date: PartialDate) -> Self {
        self.cutoff = Ok(Cutoff::AsOf(date));
        self
    }

    /// Counts only statements up to position `order` of `date`.
    pub fn until(mut self, date: PartialDate, order: u32) -> Self {
        self.cutoff = Ok(Cutoff::Until(date, order));
        self
    }

    /// Counts only statements up to and including `statement`, in chronological order.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let early = g.alignment("atlantis", "lemuria").through("navy-calm").compute()?;
    /// let late = g.alignment("atlantis", "lemuria").as_of("2031-05-04".parse()?).compute()?;
    /// assert!(late.score < early.score);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn through(mut self, statement: impl StatementSpec) -> Self {
        self.cutoff = statement.statement_in(self.graph, "through").map(Cutoff::Through);
        self
    }

    /// Uses another cut-off.
    pub fn cutoff(mut self, cutoff: Cutoff) -> Self {
        self.cutoff = Ok(cutoff);
        self
    }

    /// Uses other weights.
    pub fn model(mut self, model: AlignmentModel) -> Self {
        self.model = model;
        self
    }

    /// The alignment, with its evidence.
    ///
    /// # Errors
    /// A [`QueryError`] if an actor or statement is unknown or the model invalid.
    pub fn compute(&self) -> Result<Alignment, QueryError> {
        self.model.check()?;
        let (a, b, cutoff) = (self.a.clone()?, self.b.clone()?, self.cutoff.clone()?);
        Ok(align(self.graph, a, b, cutoff, &self.model))
    }
}

/// Computes an alignment on the ordered pair; `model` must be checked.
pub(crate) fn align(
    graph: &Graph,
    a: ActorId,
    b: ActorId,
    cutoff: Cutoff,
    model: &AlignmentModel,
) -> Alignment {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    if lo == hi {
        return same_actor(lo);
    }
    let sides = [Side::new(graph, lo, cutoff, model), Side::new(graph, hi, cutoff, model)];
    align_sides(graph, &sides[0], &sides[1], cutoff, model, true)
}

/// The alignment of an actor with itself.
pub(crate) fn same_actor(id: ActorId) -> Alignment {
    Alignment {
        actors: [id, id],
        score: 1.0,
        confidence: 1.0,
        components: Vec::new(),
        evidence: vec![Evidence {
            component: Component::Relations,
            contribution: 1.0,
            weight: 1.0,
            description: "the same actor".to_owned(),
            citations: Vec::new(),
            relation: None,
            statements: Vec::new(),
            sources: Vec::new(),
            independent_sources: 0,
        }],
    }
}

/// Computes an alignment from two prepared sides (see [`Side`]); `model` must be
/// checked. Matrices prepare each actor's side once and reuse it for every pair,
/// and ask for the score alone (`evidence` false): the same numbers, bit for bit,
/// with an empty evidence list.
pub(crate) fn align_sides(
    graph: &Graph,
    a: &Side,
    b: &Side,
    cutoff: Cutoff,
    model: &AlignmentModel,
    evidence: bool,
) -> Alignment {
    let (lo, hi) = if a.id <= b.id { (a, b) } else { (b, a) };
    if lo.id == hi.id {
        return same_actor(lo.id);
    }
    let pair = Pair::new(graph, lo, hi, cutoff, evidence);
    let candidates = if model.component_weight(Component::Relations) > 0.0 {
        relation_candidates(&pair, model)
    } else {
        Vec::new()
    };
    let sums = if model.component_weight(Component::DirectStance) > 0.0 {
        direct_sums(&pair, model)
    } else {
        [DirectSum::default(); 2]
    };
    combine(&pair, model, &candidates, sums)
}

/// The alignment of `pair` from its relation candidates and direct-stance sums;
/// `model` must be checked.
pub(crate) fn combine(
    pair: &Pair<'_>,
    model: &AlignmentModel,
    candidates: &[Candidate],
    sums: [DirectSum; 2],
) -> Alignment {
    // Each part: (component, value, evidence mass, items with their share of `value`).
    // Components the model weighs at zero are not computed at all.
    let on = |c: Component| model.component_weight(c) > 0.0;
    let parts = [
        on(Component::Relations).then(|| relations(pair, candidates, model)),
        on(Component::DirectStance).then(|| direct(pair, sums, model)),
        on(Component::SharedStance).then(|| shared(pair, model)),
    ];
    let total_weight: f64 =
        parts.iter().flatten().flatten().map(|p| model.component_weight(p.component)).sum();
    let mut score = 0.0;
    let mut trusted = 0.0;
    let mut components = Vec::new();
    let mut evidence = Vec::new();
    let [lo, hi] = pair.ids;
    for p in parts.into_iter().flatten().flatten() {
        let w = model.component_weight(p.component);
        let share = if total_weight > 0.0 { w / total_weight } else { 0.0 };
        score += share * p.value;
        trusted += p.trusted;
        components.push(ComponentScore {
            component: p.component,
            value: p.value,
            weight: w,
            evidence: p.mass,
        });
        for mut e in p.items {
            e.contribution *= share;
            evidence.push(e);
        }
    }
    let confidence = 1.0 - (-trusted / model.confidence_scale).exp();
    Alignment {
        actors: [lo, hi],
        score: score.clamp(-1.0, 1.0),
        confidence: confidence.clamp(0.0, 1.0),
        components,
        evidence,
    }
}
