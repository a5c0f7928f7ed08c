//! The three components of an alignment (relations, direct stance, shared stance),
//! each computed from two prepared [`Side`]s with the items behind it.

use std::collections::BTreeMap;

use super::{AlignmentModel, Component, Evidence};
use crate::graph::{ActorId, Graph, RelationId, SourceId, StatementId};
use crate::model::{Citation, Hedge};
use crate::query::{Bloc, Cutoff, reach, record, unit_of};

/// One component's value, the evidence mass behind it and its items.
pub(super) struct Part {
    pub(super) component: Component,
    pub(super) value: f64,
    pub(super) mass: f64,
    /// The mass with each item weighed by its corroboration `c(n)`.
    pub(super) trusted: f64,
    pub(super) items: Vec<Evidence>,
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
    pub(super) ids: [ActorId; 2],
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
            g.net()
                .edges_directed(m.node(), petgraph::Direction::Outgoing)
                .chain(g.net().edges_directed(m.node(), petgraph::Direction::Incoming))
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

pub(super) fn relations(pair: &Pair<'_>, candidates: &[Candidate], model: &AlignmentModel) -> Option<Part> {
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

pub(super) fn direct(pair: &Pair<'_>, sums: [DirectSum; 2], model: &AlignmentModel) -> Option<Part> {
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

pub(super) fn shared(pair: &Pair<'_>, model: &AlignmentModel) -> Option<Part> {
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
