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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ActorSpec, Bloc, Cutoff, QueryError, StatementSpec, reach, record, unit_of};
use crate::graph::{ActorId, Graph, RelationId, SourceId, StatementId};
use crate::model::{Citation, Hedge, PartialDate, RelationKind};

/// How much a statement counts, by how firmly it was put.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HedgeWeights {
    /// Said as fact (default 1.0).
    pub asserted: f64,
    /// Said to be likely (default 0.75).
    pub likely: f64,
    /// Said to be possible (default 0.5).
    pub possible: f64,
    /// Said to be unlikely (default 0.25).
    pub unlikely: f64,
}

impl Default for HedgeWeights {
    fn default() -> Self {
        HedgeWeights { asserted: 1.0, likely: 0.75, possible: 0.5, unlikely: 0.25 }
    }
}

impl HedgeWeights {
    /// The weight of a hedge level.
    ///
    /// ```
    /// use stancegraph::{Hedge, query::HedgeWeights};
    /// assert_eq!(HedgeWeights::default().weight(Hedge::Possible), 0.5);
    /// ```
    pub fn weight(&self, hedge: Hedge) -> f64 {
        match hedge {
            Hedge::Asserted => self.asserted,
            Hedge::Likely => self.likely,
            Hedge::Possible => self.possible,
            Hedge::Unlikely => self.unlikely,
        }
    }
}

/// The weights behind [`Alignment`]; public so that users can change them.
///
/// ```
/// use stancegraph::{RelationKind, query::AlignmentModel};
///
/// let mut model = AlignmentModel::default();
/// model.relation_values.insert(RelationKind::Borders, 0.1); // neighbours lean friendly
/// model.shared_weight = 0.0; // ignore stances toward third parties
/// let g = stancegraph::datasets::strait_incident();
/// let a = g.alignment("atlantis", "lemuria").model(model).compute()?;
/// assert!(a.score < 0.0);
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AlignmentModel {
    /// Weight of the relations component (default 0.4).
    pub relations_weight: f64,
    /// Weight of the direct-stance component (default 0.35).
    pub direct_weight: f64,
    /// Weight of the shared-stance component (default 0.25).
    pub shared_weight: f64,
    /// Hedge discounts (default 1, 0.75, 0.5, 0.25).
    pub hedge: HedgeWeights,
    /// Signed value of each relation kind, in `[-1, 1]`: the sign says friend or foe,
    /// the size how much it weighs. Defaults: ally, at war, invaded and the
    /// hierarchical kinds ±1; hosts forces, supports, hostile, alliance
    /// membership 0.8; cooperates,
    /// sanctions 0.6; condemns, summoned 0.5 (all with their kind's sign); borders 0.
    /// A kind missing from the map weighs 0.5 with its kind's sign.
    pub relation_values: BTreeMap<RelationKind, f64>,
    /// Scope weights for relations between the two actors themselves, between their
    /// blocs, and between their tops' blocs (default 1, 0.5, 0.25).
    pub scope_weights: [f64; 3],
    /// Weight of a relation that ended before the cut-off (default 0.5).
    pub ended_relation_weight: f64,
    /// Evidence amount at which confidence reaches 1 − 1/e (default 3).
    pub confidence_scale: f64,
    /// `k` in the shared stance's shrinkage `S = cos · n / (n + k)` (default 2; 0
    /// keeps the plain cosine); see the [module docs](self).
    pub shared_shrinkage: f64,
    /// `γ` in the corroboration factor `1 + γ·(1 − 2^(1−n))` of the confidence
    /// (default 1; 0 ignores corroboration).
    pub corroboration_gain: f64,
    /// Leave out of the shared stance the targets that count under either actor or
    /// anything above it (default true; false compares stances toward every target,
    /// as the benchmark's Q3 does).
    pub exclude_own_blocs: bool,
}

impl Default for AlignmentModel {
    fn default() -> Self {
        use RelationKind::*;
        let relation_values = [
            (MemberOf, 1.0),
            (PartOf, 1.0),
            (GovernmentOf, 1.0),
            (HoldsOffice, 1.0),
            (Leads, 1.0),
            (StateMediaOf, 1.0),
            (MemberOfAlliance, 0.8),
            (Ally, 1.0),
            (Cooperates, 0.6),
            (HostsForces, 0.8),
            (Supports, 0.8),
            (Borders, 0.0),
            (AtWar, -1.0),
            (Invaded, -1.0),
            (Hostile, -0.8),
            (Condemns, -0.5),
            (Summoned, -0.5),
            (Sanctions, -0.6),
        ]
        .into_iter()
        .collect();
        AlignmentModel {
            relations_weight: 0.4,
            direct_weight: 0.35,
            shared_weight: 0.25,
            hedge: HedgeWeights::default(),
            relation_values,
            scope_weights: [1.0, 0.5, 0.25],
            ended_relation_weight: 0.5,
            confidence_scale: 3.0,
            shared_shrinkage: 2.0,
            corroboration_gain: 1.0,
            exclude_own_blocs: true,
        }
    }
}

impl AlignmentModel {
    /// The signed value of a relation kind.
    pub fn relation_value(&self, kind: RelationKind) -> f64 {
        self.relation_values.get(&kind).copied().unwrap_or(kind.sign().value() * 0.5)
    }

    pub(crate) fn component_weight(&self, c: Component) -> f64 {
        match c {
            Component::Relations => self.relations_weight,
            Component::DirectStance => self.direct_weight,
            Component::SharedStance => self.shared_weight,
        }
    }

    pub(crate) fn check(&self) -> Result<(), QueryError> {
        let unit = |field, v: f64| {
            if v.is_finite() && (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(QueryError::invalid(field, v, "must be in [0, 1]"))
            }
        };
        for (field, v) in [
            ("relations_weight", self.relations_weight),
            ("direct_weight", self.direct_weight),
            ("shared_weight", self.shared_weight),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(QueryError::invalid(field, v, "must be finite and not negative"));
            }
        }
        unit("hedge.asserted", self.hedge.asserted)?;
        unit("hedge.likely", self.hedge.likely)?;
        unit("hedge.possible", self.hedge.possible)?;
        unit("hedge.unlikely", self.hedge.unlikely)?;
        for w in self.scope_weights {
            unit("scope_weights", w)?;
        }
        unit("ended_relation_weight", self.ended_relation_weight)?;
        for v in self.relation_values.values() {
            if !(v.is_finite() && (-1.0..=1.0).contains(v)) {
                return Err(QueryError::invalid("relation_values", v, "must be in [-1, 1]"));
            }
        }
        for (field, v) in
            [("shared_shrinkage", self.shared_shrinkage), ("corroboration_gain", self.corroboration_gain)]
        {
            if !(v.is_finite() && v >= 0.0) {
                return Err(QueryError::invalid(field, v, "must be finite and not negative"));
            }
        }
        if !(self.confidence_scale.is_finite() && self.confidence_scale > 0.0) {
            return Err(QueryError::invalid("confidence_scale", self.confidence_scale, "must be positive"));
        }
        Ok(())
    }
}

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

struct Part {
    component: Component,
    value: f64,
    mass: f64,
    /// The mass with each item weighed by its corroboration `c(n)`.
    trusted: f64,
    items: Vec<Evidence>,
}

impl AlignmentModel {
    /// The corroboration factor `c(n) = 1 + γ·(1 − 2^(1−n))` of an item with `n`
    /// independent sources (an uncited item counts as one).
    pub fn corroboration(&self, n: usize) -> f64 {
        let n = n.clamp(1, 64) as i32;
        1.0 + self.corroboration_gain * (1.0 - 2f64.powi(1 - n))
    }
}

/// The source ids and independent count of `citations`.
fn sourced(g: &Graph, citations: &[Citation]) -> (Vec<SourceId>, usize) {
    let (sources, n) = g.corroboration(citations);
    (sources.iter().map(|s| s.id()).collect(), n)
}

/// One actor of a pair, prepared: its bloc, its top's bloc, what its bloc said
/// before the cut-off, the targets that names, and everything above it.
#[derive(Debug, Clone)]
pub(crate) struct Side {
    pub(crate) id: ActorId,
    pub(crate) bloc: Bloc,
    top: ActorId,
    top_bloc: Bloc,
    /// Chronological.
    pub(crate) said: Vec<StatementId>,
    /// Sorted: the actor and everything above it.
    above: Vec<ActorId>,
    /// Sorted, each once: every actor a statement of `said` names.
    named: Vec<ActorId>,
    vector: StanceVector,
    /// `Σ x_T²` over every target of `vector`.
    norm2: f64,
}

impl Side {
    /// `model` must be checked.
    pub(crate) fn new(graph: &Graph, id: ActorId, cutoff: Cutoff, model: &AlignmentModel) -> Side {
        let bloc = Bloc::of(graph, id);
        let top = unit_of(graph, id);
        let top_bloc = if top == id { bloc.clone() } else { Bloc::of(graph, top) };
        let mut said = bloc.statements(graph);
        said.retain(|&s| cutoff.admits(graph, s));
        let vector = stance_vector(graph, &said, model);
        let mut named: Vec<ActorId> =
            said.iter().flat_map(|&s| graph.statements.targets(s).map(|t| t.0)).collect();
        named.sort_unstable();
        named.dedup();
        let mut above = reach(graph, id, &graph.parents);
        above.sort_unstable();
        let norm2 = norm_squared(&vector, |_| true);
        Side { id, bloc, top, top_bloc, said, above, named, vector, norm2 }
    }
}

/// The two sides of a pair, in id order, and what to compute about them.
#[derive(Clone, Copy)]
pub(crate) struct Pair<'s> {
    graph: &'s Graph,
    ids: [ActorId; 2],
    blocs: [&'s Bloc; 2],
    tops: Option<[&'s Bloc; 2]>,
    /// What each side said, chronologically; read for evidence only once the
    /// direct-stance sums are known.
    pub(crate) said: [&'s [StatementId]; 2],
    pub(crate) vectors: [&'s StanceVector; 2],
    /// The two actors and everything above them, sorted: third parties must be outside.
    above: [&'s [ActorId]; 2],
    /// The targets each side named, when known: a side that named nobody in the
    /// other's bloc said nothing to it.
    named: Option<[&'s [ActorId]; 2]>,
    /// `Σ x_T²` of each whole vector, when known.
    norms: Option<[f64; 2]>,
    pub(crate) cutoff: Cutoff,
    /// Whether to list the evidence items (else the numbers alone).
    evidence: bool,
}

impl<'s> Pair<'s> {
    pub(crate) fn new(graph: &'s Graph, lo: &'s Side, hi: &'s Side, cutoff: Cutoff, evidence: bool) -> Self {
        let tops = (lo.top != hi.top).then_some([&lo.top_bloc, &hi.top_bloc]);
        Pair {
            graph,
            ids: [lo.id, hi.id],
            blocs: [&lo.bloc, &hi.bloc],
            tops,
            said: [&lo.said, &hi.said],
            vectors: [&lo.vector, &hi.vector],
            above: [&lo.above, &hi.above],
            named: Some([&lo.named, &hi.named]),
            norms: Some([lo.norm2, hi.norm2]),
            cutoff,
            evidence,
        }
    }

    /// Forgets what was prepared from each side's statements (which targets they
    /// name, the vectors' norms): for sides whose statements grow.
    pub(crate) fn growing(mut self) -> Self {
        self.named = None;
        self.norms = None;
        self
    }

    /// Whether `unit` is a third party: outside both actors and what is above them.
    fn third(&self, unit: ActorId, model: &AlignmentModel) -> bool {
        !(model.exclude_own_blocs
            && (self.above[0].binary_search(&unit).is_ok() || self.above[1].binary_search(&unit).is_ok()))
    }
}

fn describe_statement(graph: &Graph, id: StatementId, stance: f64, weight: f64) -> String {
    let Some(s) = graph.statement(id) else { return String::new() };
    let targets: Vec<&str> = s.targets().map(|t| t.actor.name()).collect();
    let text = if s.is_quote() { format!("“{}”", s.text()) } else { s.text().to_owned() };
    let hedge =
        if s.hedge() == Hedge::Asserted { String::new() } else { format!(", {} ×{weight}", s.hedge()) };
    format!(
        "{} on {}: {text} ({}{hedge}; stance {stance:+.2})",
        s.speaker().name(),
        targets.join(", "),
        s.date()
    )
}

/// A relation between the two sides: its id, scope weight and scope in words.
pub(crate) type Candidate = (RelationId, f64, &'static str);

/// The relations between the two actors, their blocs or their tops' blocs, by id,
/// with their scope; which of them count depends on the cut-off (see [`relations`]).
pub(crate) fn relation_candidates(pair: &Pair<'_>, model: &AlignmentModel) -> Vec<Candidate> {
    let g = pair.graph;
    let [a, b] = pair.blocs;
    let side = pair.tops.map_or(a, |t| t[0]);
    let mut ids: Vec<RelationId> = side
        .members
        .iter()
        .flat_map(|m| {
            g.net
                .edges_directed(m.node(), petgraph::Direction::Outgoing)
                .chain(g.net.edges_directed(m.node(), petgraph::Direction::Incoming))
                .map(|e| *e.weight())
        })
        .collect();
    ids.sort();
    ids.dedup();
    let between = |x: &Bloc, y: &Bloc, f: ActorId, t: ActorId| {
        (x.contains(f) && y.contains(t)) || (y.contains(f) && x.contains(t))
    };
    let mut found = Vec::new();
    for id in ids {
        let Some(r) = g.relation(id) else { continue };
        let (f, t) = (r.from().id(), r.to().id());
        let scope = if (f, t) == (pair.ids[0], pair.ids[1]) || (t, f) == (pair.ids[0], pair.ids[1]) {
            (model.scope_weights[0], "between the two")
        } else if between(a, b, f, t) {
            (model.scope_weights[1], "between their blocs")
        } else if pair.tops.is_some_and(|[x, y]| between(x, y, f, t)) {
            (model.scope_weights[2], "between their states")
        } else {
            continue;
        };
        found.push((id, scope.0, scope.1));
    }
    found
}

fn relations(pair: &Pair<'_>, candidates: &[Candidate], model: &AlignmentModel) -> Option<Part> {
    let g = pair.graph;
    let day = pair.cutoff.day(g);
    let mut items: Vec<(f64, f64, RelationId, &'static str)> = Vec::new();
    for &(id, scope, label) in candidates {
        let Some(r) = g.relation(id) else { continue };
        let mut time = 1.0;
        if let Some(day) = day {
            if r.start().is_some_and(|s| s.first_day() > day) {
                continue;
            }
            if r.end().is_some_and(|e| e.last_day() < day) {
                time = model.ended_relation_weight;
            }
        }
        let v = model.relation_value(r.kind());
        let w = v.abs() * r.confidence() * scope * time;
        if w > 0.0 {
            items.push((v.signum(), w, id, label));
        }
    }
    let mass: f64 = items.iter().map(|x| x.1).sum();
    if mass <= 0.0 {
        return None;
    }
    let mut value = 0.0;
    let mut trusted = 0.0;
    let mut evidence = Vec::new();
    for (sign, w, id, scope) in items {
        let Some(r) = g.relation(id) else { continue };
        let c = sign * w / mass;
        value += c;
        let (sources, independent_sources) = sourced(g, r.citations());
        trusted += w * model.corroboration(independent_sources);
        if pair.evidence {
            evidence.push(Evidence {
                component: Component::Relations,
                contribution: c,
                weight: w,
                description: format!("{} ({scope})", r.clause()),
                citations: r.citations().to_vec(),
                relation: Some(id),
                statements: Vec::new(),
                sources,
                independent_sources,
            });
        }
    }
    Some(Part {
        component: Component::Relations,
        value: value.clamp(-1.0, 1.0),
        mass,
        trusted,
        items: evidence,
    })
}

/// The mean stance of statement `id` toward the members of `bloc`, if it names any.
fn stance_toward(graph: &Graph, id: StatementId, bloc: &Bloc) -> Option<f64> {
    record(graph, id)?;
    let (sum, n) = graph
        .statements
        .targets(id)
        .filter(|t| bloc.contains(t.0))
        .fold((0.0, 0u32), |(s, n), t| (s + t.1, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// What one side said to the other: `Σ h·stance` and `Σ h` over its statements
/// naming the other's bloc.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct DirectSum {
    weighted: f64,
    weight: f64,
    /// `Σ h·c(n)`: the weight with each statement's corroboration.
    trusted: f64,
}

impl DirectSum {
    /// Adds statement `id` if it names a member of `toward` with a nonzero hedge
    /// weight; statements must come in chronological order, so that every way of
    /// summing gives the same bits.
    pub(crate) fn add(&mut self, g: &Graph, id: StatementId, toward: &Bloc, model: &AlignmentModel) {
        if let Some((stance, w)) = direct_item(g, id, toward, model) {
            self.weighted += w * stance;
            self.weight += w;
            self.trusted += w * model.corroboration(g.statement(id).map_or(0, |s| s.independent_sources()));
        }
    }
}

/// A statement's stance toward `toward` and its hedge weight, if it counts.
fn direct_item(g: &Graph, id: StatementId, toward: &Bloc, model: &AlignmentModel) -> Option<(f64, f64)> {
    let stance = stance_toward(g, id, toward)?;
    let w = model.hedge.weight(g.statements.rec(id).hedge);
    (w > 0.0).then_some((stance, w))
}

/// The direct-stance sums of both directions: `[lo → hi, hi → lo]`.
pub(crate) fn direct_sums(pair: &Pair<'_>, model: &AlignmentModel) -> [DirectSum; 2] {
    let g = pair.graph;
    let mut sums = [DirectSum::default(); 2];
    for (from, to) in [(0, 1), (1, 0)] {
        let toward = pair.blocs[to];
        if let Some(named) = pair.named {
            // Most pairs of a matrix never name each other: skip the statements.
            let named = named[from];
            let any = if toward.members.len() <= named.len() {
                toward.members.iter().any(|m| named.binary_search(m).is_ok())
            } else {
                named.iter().any(|&t| toward.contains(t))
            };
            if !any {
                continue;
            }
        }
        for &id in pair.said[from] {
            sums[from].add(g, id, toward, model);
        }
    }
    sums
}

fn direct(pair: &Pair<'_>, sums: [DirectSum; 2], model: &AlignmentModel) -> Option<Part> {
    let g = pair.graph;
    let present = sums.iter().filter(|s| s.weight > 0.0).count();
    if present == 0 {
        return None;
    }
    let n = present as f64;
    let mut value = 0.0;
    let mut mass = 0.0;
    let mut trusted = 0.0;
    let mut evidence = Vec::new();
    for (from, sum) in sums.iter().enumerate() {
        let total = sum.weight;
        if total <= 0.0 {
            continue;
        }
        // m(A→B) = Σ h·stance / Σ h; D is the mean over the directions present.
        value += sum.weighted / total / n;
        mass += total;
        trusted += sum.trusted;
        if pair.evidence {
            for &id in pair.said[from] {
                let Some((stance, w)) = direct_item(g, id, pair.blocs[1 - from], model) else { continue };
                let citations = g.statement(id).map(|s| s.citations().to_vec()).unwrap_or_default();
                let (sources, independent_sources) = sourced(g, &citations);
                evidence.push(Evidence {
                    component: Component::DirectStance,
                    contribution: stance * w / total / n,
                    weight: w,
                    description: describe_statement(g, id, stance, w),
                    citations,
                    relation: None,
                    statements: vec![id],
                    sources,
                    independent_sources,
                });
            }
        }
    }
    Some(Part {
        component: Component::DirectStance,
        value: value.clamp(-1.0, 1.0),
        mass,
        trusted,
        items: evidence,
    })
}

/// Per third-party target: Σ h·stance, Σ h, the statements, and Σ h·c(n) (the
/// weight with each statement's corroboration).
pub(crate) type StanceVector = BTreeMap<ActorId, (f64, f64, Vec<StatementId>, f64)>;

/// What `said` says about each target unit, over every target.
pub(crate) fn stance_vector(g: &Graph, said: &[StatementId], model: &AlignmentModel) -> StanceVector {
    let mut vector = StanceVector::new();
    let mut per_unit: BTreeMap<ActorId, (f64, u32)> = BTreeMap::new();
    for &id in said {
        add_to_vector(&mut vector, &mut per_unit, g, id, model);
    }
    vector
}

/// Adds statement `id` to a stance vector; `per_unit` is scratch space. Statements
/// must come in chronological order, so that every way of summing gives the same bits.
pub(crate) fn add_to_vector(
    vector: &mut StanceVector,
    per_unit: &mut BTreeMap<ActorId, (f64, u32)>,
    g: &Graph,
    id: StatementId,
    model: &AlignmentModel,
) {
    let w = model.hedge.weight(g.statements.rec(id).hedge);
    if w <= 0.0 {
        return;
    }
    // Mean stance per target unit within this one statement.
    per_unit.clear();
    for (t, stance) in g.statements.targets(id) {
        let e = per_unit.entry(unit_of(g, t)).or_insert((0.0, 0));
        e.0 += stance;
        e.1 += 1;
    }
    let trust = w * model.corroboration(g.statement(id).map_or(0, |s| s.independent_sources()));
    for (&unit, &(sum, n)) in per_unit.iter() {
        let e = vector.entry(unit).or_insert((0.0, 0.0, Vec::new(), 0.0));
        e.0 += w * sum / f64::from(n);
        e.1 += w;
        e.2.push(id);
        e.3 += trust;
    }
}

/// A target's hedge-weighted mean stance, `x_T = Σ h·stance / Σ h`.
fn mean(x: &(f64, f64, Vec<StatementId>, f64)) -> f64 {
    x.0 / x.1
}

/// `Σ x_T²` over the targets of `v` that `keep` admits, in target order.
fn norm_squared(v: &StanceVector, keep: impl Fn(&ActorId) -> bool) -> f64 {
    v.iter().filter(|(u, _)| keep(u)).map(|(_, x)| mean(x) * mean(x)).sum::<f64>()
}

fn shared(pair: &Pair<'_>, model: &AlignmentModel) -> Option<Part> {
    let g = pair.graph;
    let third = |unit: &ActorId| pair.third(*unit, model);
    let [va, vb] = pair.vectors;
    // Whether a side names anyone excluded (else every target is a third party);
    // cheap to tell when the excluded are few.
    let [above_lo, above_hi] = pair.above;
    let names_excluded = |v: &StanceVector| {
        model.exclude_own_blocs
            && (above_lo.len() + above_hi.len() > v.len()
                || above_lo.iter().chain(above_hi).any(|u| v.contains_key(u)))
    };
    let excluded = [names_excluded(va), names_excluded(vb)];
    // A side's norm over every target, prepared once, is the norm over third parties
    // (the same sum in the same order) when it names no one excluded.
    let norm = |k: usize| match pair.norms {
        Some(norms) if !excluded[k] => norms[k].sqrt(),
        _ => norm_squared(pair.vectors[k], third).sqrt(),
    };
    let (na, nb) = (norm(0), norm(1));
    if na <= 0.0 || nb <= 0.0 {
        return None;
    }
    let mut value = 0.0;
    let mut mass = 0.0;
    let mut trusted = 0.0;
    let mut shared_targets = 0.0;
    let mut shared_any = false;
    let mut evidence = Vec::new();
    let name = |id: ActorId| g.actor(id).map_or("?", |a| a.name());
    // Both vectors are ordered by target: walk them side by side.
    let mut others = vb.iter().peekable();
    for (unit, x) in va.iter().filter(|(u, _)| !excluded[0] || third(u)) {
        while others.next_if(|(u, _)| *u < unit).is_some() {}
        let Some((_, y)) = others.next_if(|(u, _)| *u == unit) else { continue };
        let (sa, sb) = (mean(x), mean(y));
        let c = sa * sb / (na * nb);
        value += c;
        mass += x.1.min(y.1);
        // Σ h·c(n) over each side's statements about the target, summed as they came.
        trusted += x.3.min(y.3);
        shared_targets += x.1.min(y.1).min(1.0);
        shared_any = true;
        if !pair.evidence {
            continue;
        }
        let mut statements = x.2.clone();
        statements.extend(y.2.iter().copied());
        let mut citations: Vec<Citation> = Vec::new();
        for id in &statements {
            for c in g.statement(*id).map(|s| s.citations()).unwrap_or_default() {
                if !citations.contains(c) {
                    citations.push(c.clone());
                }
            }
        }
        let (sources, independent_sources) = sourced(g, &citations);
        evidence.push(Evidence {
            component: Component::SharedStance,
            contribution: c,
            weight: x.1.min(y.1),
            description: format!(
                "toward {}: {} {sa:+.2} ({} statements), {} {sb:+.2} ({} statements)",
                name(*unit),
                name(pair.ids[0]),
                x.2.len(),
                name(pair.ids[1]),
                y.2.len()
            ),
            citations,
            relation: None,
            statements,
            sources,
            independent_sources,
        });
    }
    if !shared_any {
        return None;
    }
    // Shrink by the evidence in common: S = cos · n / (n + k).
    let shrink = shared_targets / (shared_targets + model.shared_shrinkage);
    let shrink = if shrink.is_finite() { shrink } else { 1.0 };
    for e in &mut evidence {
        e.contribution *= shrink;
    }
    Some(Part {
        component: Component::SharedStance,
        value: (value * shrink).clamp(-1.0, 1.0),
        mass,
        trusted,
        items: evidence,
    })
}
