//! The weights of the alignment formula: hedges, relation values, scopes, component
//! weights and the confidence scale, with their defaults (see the module docs of
//! [`super`] for the formula they enter).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Component, QueryError};
use crate::model::{Hedge, RelationKind};

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

/// The weights behind [`Alignment`](super::Alignment); public so that users can change them.
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
    /// keeps the plain cosine); see the [module docs](crate::query::alignment).
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

impl AlignmentModel {
    /// The corroboration factor `c(n) = 1 + γ·(1 − 2^(1−n))` of an item with `n`
    /// independent sources (an uncited item counts as one).
    pub fn corroboration(&self, n: usize) -> f64 {
        let n = n.clamp(1, 64) as i32;
        1.0 + self.corroboration_gain * (1.0 - 2f64.powi(1 - n))
    }
}
