//! Who said what: one composable query over statements.
//!
//! [`Graph::said`] starts a [`SaidQuery`]; each method narrows it (all conditions
//! must hold; repeating [`SaidQuery::kind`] or [`SaidQuery::hedge`] allows any of the
//! given values). [`SaidQuery::statements`] returns [`Attributions`] in chronological
//! order (date, then `order` within the day, then insertion order), each with the
//! speaker's chain up the hierarchy and the chain of outlets that carried it.
//!
//! **Partial dates.** A statement dated `2022-12` stands for every day of December;
//! it matches a range when that span overlaps the range:
//! `first_day(s) ≤ last_day(end) and last_day(s) ≥ first_day(start)`.
//!
//! **Cost.** A rolled-up query from a top-level actor (one with no parent, such as a
//! state) about one target starts from the statements bucketed by (top, target),
//! which are kept in date order, so its dates are two binary searches: O(log n +
//! answers), and [`SaidQuery::count`] lists nothing. Any other query starts from the
//! narrowest index it has (the speakers' statements, a target's statements or an
//! event's statements) and filters those; only a query with none of `by`, `about` or
//! `about_event` walks every statement.

use indexmap::IndexMap;
use serde::Serialize;

use super::{ActorSpec, Bloc, EventSpec, HedgeWeights, QueryError, sort_chronologically};
use crate::graph::{ActorId, ActorRef, EventId, Graph, SourceRef, StatementId, StatementRef};
use crate::model::{Hedge, PartialDate, StatementKind};

/// A statement with who said it (up the hierarchy) and who carried it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution<'g> {
    /// The statement.
    pub statement: StatementRef<'g>,
    /// The speaker, its parent, and so on to the top (spokeswoman → palace → state).
    pub speaker_chain: Vec<ActorRef<'g>>,
    /// The outlets that carried the words, nearest the reader first (the first
    /// chain; see `outlet_chains` for all).
    pub outlets: Vec<ActorRef<'g>>,
    /// Every chain of outlets that carried the words (a statement several outlets
    /// carried, folded by a merge, has one per outlet route).
    pub outlet_chains: Vec<Vec<ActorRef<'g>>>,
    /// The sources that report the statement, each once.
    pub sources: Vec<SourceRef<'g>>,
    /// How many of them are independent (different publishers); see
    /// [`Graph::corroboration`].
    pub independent_sources: usize,
}

impl<'g> Attribution<'g> {
    fn new(statement: StatementRef<'g>) -> Self {
        let (sources, independent_sources) = statement.graph().corroboration(statement.citations());
        Attribution {
            statement,
            speaker_chain: statement.speaker_chain().collect(),
            outlets: statement.via().collect(),
            outlet_chains: statement.outlet_chains().collect(),
            sources,
            independent_sources,
        }
    }

    /// The speaker chain as text: `Ione Vasca → Palace of Atlantis → Atlantis`.
    pub fn chain_text(&self) -> String {
        self.speaker_chain.iter().map(|a| a.name()).collect::<Vec<_>>().join(" → ")
    }
}

impl std::fmt::Display for Attribution<'_> {
    /// `2031-05-04 Ione Vasca → Palace of Atlantis → Atlantis: “text” (about Lemuria
    /// -0.60) (possible) (via X) [strait ¶3]`: date, speaker chain, words, targets with
    /// stances, hedge when not asserted, outlets, citations.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let said = g.said().by("vasca").statements()?;
    /// let line = said[0].to_string();
    /// assert!(line.starts_with("2031-05-04 Ione Vasca → Palace of Atlantis → Atlantis: “"), "{line}");
    /// assert!(line.contains("(about Lemuria -"), "{line}");
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.statement;
        write!(f, "{} {}: ", s.date(), self.chain_text())?;
        if s.is_quote() {
            write!(f, "“{}”", s.text())?;
        } else {
            f.write_str(s.text())?;
        }
        if s.targets().len() > 0 {
            let targets: Vec<String> =
                s.targets().map(|t| format!("{} {:+.2}", t.actor.name(), t.stance)).collect();
            write!(f, " (about {})", targets.join(", "))?;
        }
        if s.hedge() != Hedge::Asserted {
            write!(f, " ({})", s.hedge())?;
        }
        if !self.outlet_chains.is_empty() {
            let chains: Vec<String> = self
                .outlet_chains
                .iter()
                .map(|c| c.iter().map(|a| a.name()).collect::<Vec<_>>().join(" ← "))
                .collect();
            write!(f, " (via {})", chains.join("; "))?;
        }
        if !s.citations().is_empty() {
            write!(f, " [{}]", super::cite_list(s.citations()))?;
        }
        if self.independent_sources > 1 {
            write!(f, " ({} independent sources)", self.independent_sources)?;
        }
        Ok(())
    }
}

/// The answer to a [`SaidQuery`]: attributions in chronological order.
///
/// Dereferences to a slice; see [`Attributions::by_speaker`],
/// [`Attributions::by_target`] and [`Attributions::by_top`] for groupings. Serializes
/// as a list, each statement in the dataset's form and actors as `{key, name, kind}`:
///
/// ```
/// let g = stancegraph::datasets::strait_incident();
/// let said = g.said().by("vasca").statements()?;
/// let json = serde_json::to_value(&said).expect("serializable");
/// assert_eq!(json[0]["statement"]["speaker"], "vasca");
/// assert_eq!(json[0]["speaker_chain"][2]["key"], "atlantis");
/// # Ok::<(), stancegraph::query::QueryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct Attributions<'g> {
    items: Vec<Attribution<'g>>,
}

impl<'g> std::ops::Deref for Attributions<'g> {
    type Target = [Attribution<'g>];
    fn deref(&self) -> &Self::Target {
        &self.items
    }
}

impl<'g> IntoIterator for Attributions<'g> {
    type Item = Attribution<'g>;
    type IntoIter = std::vec::IntoIter<Attribution<'g>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, 'g> IntoIterator for &'a Attributions<'g> {
    type Item = &'a Attribution<'g>;
    type IntoIter = std::slice::Iter<'a, Attribution<'g>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'g> Attributions<'g> {
    /// Groups by speaker, speakers in order of their first statement, statements in
    /// chronological order.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let said = g.said().by("atlantis").rolled_up().statements()?;
    /// let speakers: Vec<&str> = said.by_speaker().iter().map(|(a, _)| a.key()).collect();
    /// assert_eq!(speakers, ["atlantis-navy", "atlantis-mfa", "vasca"]);
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn by_speaker(&self) -> Vec<(ActorRef<'g>, Vec<&Attribution<'g>>)> {
        let mut groups: IndexMap<ActorId, (ActorRef<'g>, Vec<&Attribution<'g>>)> = IndexMap::new();
        for a in &self.items {
            let speaker = a.statement.speaker();
            groups.entry(speaker.id()).or_insert_with(|| (speaker, Vec::new())).1.push(a);
        }
        groups.into_values().collect()
    }

    /// Groups by target, targets in order of first mention, statements in
    /// chronological order; a statement with several targets is in each group, one
    /// without targets in none.
    pub fn by_target(&self) -> Vec<(ActorRef<'g>, Vec<&Attribution<'g>>)> {
        let mut groups: IndexMap<ActorId, (ActorRef<'g>, Vec<&Attribution<'g>>)> = IndexMap::new();
        for a in &self.items {
            let mut seen = Vec::new();
            for t in a.statement.targets() {
                if !seen.contains(&t.actor.id()) {
                    seen.push(t.actor.id());
                    groups.entry(t.actor.id()).or_insert_with(|| (t.actor, Vec::new())).1.push(a);
                }
            }
        }
        groups.into_values().collect()
    }

    /// Groups by the top of each speaker's hierarchy (its state, for a ministry or
    /// an official), tops in order of their first statement, with each group's
    /// hedge-weighted mean stance toward each target it names; hedges weigh as
    /// [`HedgeWeights::default`] (see [`Attributions::by_top_with`]).
    ///
    /// For a group and a target, with `s` the stance and `h` the hedge weight of each
    /// statement of the group naming the target:
    /// `mean = Σ h·s / Σ h`, `weight = Σ h`.
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let said = g.said().about("lemuria").statements()?;
    /// let groups = said.by_top();
    /// let atlantis = groups.iter().find(|t| t.top.key() == "atlantis").expect("Atlantis spoke");
    /// let toward = atlantis.stance_toward(g.resolve("lemuria")?.id()).expect("about Lemuria");
    /// assert!(toward.mean < 0.0 && toward.statements == atlantis.attributions.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn by_top(&self) -> Vec<TopGroup<'_, 'g>> {
        self.by_top_with(&HedgeWeights::default())
    }

    /// [`Attributions::by_top`] with other hedge weights.
    pub fn by_top_with(&self, hedge: &HedgeWeights) -> Vec<TopGroup<'_, 'g>> {
        let mut groups: IndexMap<ActorId, TopGroup<'_, 'g>> = IndexMap::new();
        for a in &self.items {
            let Some(top) = a.speaker_chain.last().copied() else { continue };
            let group = groups.entry(top.id()).or_insert_with(|| TopGroup {
                top,
                attributions: Vec::new(),
                stances: Vec::new(),
            });
            group.attributions.push(a);
            let h = hedge.weight(a.statement.hedge());
            for t in a.statement.targets() {
                let at = match group.stances.iter().position(|g| g.target == t.actor) {
                    Some(at) => at,
                    None => {
                        group.stances.push(GroupStance {
                            target: t.actor,
                            mean: 0.0,
                            weight: 0.0,
                            statements: 0,
                        });
                        group.stances.len() - 1
                    }
                };
                let g = &mut group.stances[at];
                // Running weighted mean; a zero total weight leaves the mean at 0.
                g.weight += h;
                if g.weight > 0.0 {
                    g.mean += h * (t.stance - g.mean) / g.weight;
                }
                g.statements += 1;
            }
        }
        groups.into_values().collect()
    }

    /// The distinct speakers, in order of their first statement.
    pub fn speakers(&self) -> Vec<ActorRef<'g>> {
        self.by_speaker().into_iter().map(|(speaker, _)| speaker).collect()
    }
}

/// The statements of one top of the hierarchy, from [`Attributions::by_top`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopGroup<'a, 'g> {
    /// The top (a state, or an actor with no parent).
    pub top: ActorRef<'g>,
    /// Its statements, in chronological order.
    pub attributions: Vec<&'a Attribution<'g>>,
    /// Its hedge-weighted mean stance toward each target, targets in order of first
    /// mention.
    pub stances: Vec<GroupStance<'g>>,
}

impl<'g> TopGroup<'_, 'g> {
    /// The group's stance toward `target`, if it named it.
    pub fn stance_toward(&self, target: ActorId) -> Option<&GroupStance<'g>> {
        self.stances.iter().find(|s| s.target.id() == target)
    }
}

/// A group's mean stance toward one target; see [`Attributions::by_top`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GroupStance<'g> {
    /// The target.
    pub target: ActorRef<'g>,
    /// The hedge-weighted mean stance, in `[-1, 1]`.
    pub mean: f64,
    /// The total hedge weight behind it.
    pub weight: f64,
    /// How many statements name the target.
    pub statements: usize,
}

/// A composable who-said-what query; see the [module docs](self).
///
/// ```
/// use stancegraph::{Hedge, StatementKind};
///
/// let g = stancegraph::datasets::strait_incident();
/// let said = g
///     .said()
///     .by("Poseidonia")
///     .rolled_up()
///     .about("Lemuria")
///     .kind(StatementKind::Protest)
///     .hedge(Hedge::Asserted)
///     .between("2031-05-03".parse()?, "2031-05-04".parse()?)
///     .statements()?;
/// assert_eq!(said[0].statement.key(), "mfa-protest");
/// assert_eq!(said[0].chain_text(), "Atlantean Foreign Ministry → Atlantis");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a query does nothing until it is run"]
pub struct SaidQuery<'g> {
    graph: &'g Graph,
    by: Option<Result<ActorId, QueryError>>,
    rolled_up: bool,
    with_members: bool,
    about: Option<Result<ActorId, QueryError>>,
    about_within: bool,
    event: Option<Result<EventId, QueryError>>,
    kinds: Vec<StatementKind>,
    hedges: Vec<Hedge>,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    via: Option<Result<ActorId, QueryError>>,
    framing: Option<String>,
    phrase: Option<String>,
}

impl Graph {
    /// Starts a who-said-what query over every statement; see [`SaidQuery`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let carried = g.said().via("herald").statements()?;
    /// assert_eq!(carried[0].statement.key(), "vasca-warning");
    /// # Ok::<(), stancegraph::query::QueryError>(())
    /// ```
    pub fn said(&self) -> SaidQuery<'_> {
        SaidQuery {
            graph: self,
            by: None,
            rolled_up: false,
            with_members: false,
            about: None,
            about_within: false,
            event: None,
            kinds: Vec::new(),
            hedges: Vec::new(),
            start: None,
            end: None,
            via: None,
            framing: None,
            phrase: None,
        }
    }
}

impl<'g> SaidQuery<'g> {
    /// Only statements spoken by `speaker` (add [`SaidQuery::rolled_up`] to include
    /// everyone under it).
    pub fn by(mut self, speaker: impl ActorSpec) -> Self {
        self.by = Some(speaker.actor_in(self.graph, "by"));
        self
    }

    /// Counts statements of everyone under the `by` speaker in the hierarchy too:
    /// "what did the state say" covers its ministries, officials and regions.
    pub fn rolled_up(mut self) -> Self {
        self.rolled_up = true;
        self
    }

    /// Counts the members of the `by` alliance too (see [`Graph::members`]), each
    /// with everyone under it when [`SaidQuery::rolled_up`]: "what did the alliance
    /// and its member states say". Membership of an alliance is not hierarchy, so
    /// without this the alliance speaks only for itself.
    ///
    /// ```
    /// use stancegraph::{ActorKind, GraphBuilder, RelationKind};
    /// use stancegraph::model::{Actor, Relation, Statement};
    ///
    /// let mut b = GraphBuilder::new();
    /// b.add_actor(Actor::new("pact", "Ocean Pact", ActorKind::InternationalOrganization))
    ///     .add_actor(Actor::new("atlantis", "Atlantis", ActorKind::State))
    ///     .add_relation(Relation::new("atlantis", RelationKind::MemberOfAlliance, "pact"))
    ///     .add_statement(Statement::new("s1", "atlantis", "2031-05-04".parse()?).paraphrase("calls for calm"));
    /// let g = b.build()?;
    /// assert_eq!(g.said().by("pact").rolled_up().count()?, 0);
    /// assert_eq!(g.said().by("pact").rolled_up().with_members().count()?, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_members(mut self) -> Self {
        self.with_members = true;
        self
    }

    /// Only statements that name `target` as a target.
    pub fn about(mut self, target: impl ActorSpec) -> Self {
        self.about = Some(target.actor_in(self.graph, "about"));
        self.about_within = false;
        self
    }

    /// Only statements that name `target` or anyone under it as a target.
    pub fn about_within(mut self, target: impl ActorSpec) -> Self {
        self.about = Some(target.actor_in(self.graph, "about"));
        self.about_within = true;
        self
    }

    /// Only statements about this event.
    pub fn about_event(mut self, event: impl EventSpec) -> Self {
        self.event = Some(event.event_in(self.graph, "about_event"));
        self
    }

    /// Only statements of this kind (call again to allow several kinds).
    pub fn kind(mut self, kind: StatementKind) -> Self {
        self.kinds.push(kind);
        self
    }

    /// Only statements with this hedge (call again to allow several).
    pub fn hedge(mut self, hedge: Hedge) -> Self {
        self.hedges.push(hedge);
        self
    }

    /// Only statements whose date span overlaps `start ..= end`.
    pub fn between(mut self, start: PartialDate, end: PartialDate) -> Self {
        self.start = Some(start);
        self.end = Some(end);
        self
    }

    /// Only statements whose date span reaches `start` or later.
    pub fn since(mut self, start: PartialDate) -> Self {
        self.start = Some(start);
        self
    }

    /// Only statements whose date span begins on or before the end of `end`.
    pub fn until(mut self, end: PartialDate) -> Self {
        self.end = Some(end);
        self
    }

    /// Only statements carried by this outlet (anywhere in any of their outlet chains).
    pub fn via(mut self, outlet: impl ActorSpec) -> Self {
        self.via = Some(outlet.actor_in(self.graph, "via"));
        self
    }

    /// Only statements with this framing tag (case ignored).
    pub fn framing(mut self, tag: &str) -> Self {
        self.framing = Some(tag.to_lowercase());
        self
    }

    /// Only statements whose text or a framing tag contains `phrase` (case ignored).
    pub fn phrase(mut self, phrase: &str) -> Self {
        self.phrase = Some(phrase.to_lowercase());
        self
    }

    /// The matching statements, in chronological order, with their chains.
    ///
    /// # Errors
    /// A [`QueryError`] if an actor, event or outlet given to the query is unknown.
    pub fn statements(&self) -> Result<Attributions<'g>, QueryError> {
        let ids = self.ids()?;
        Ok(Attributions {
            items: ids.into_iter().filter_map(|id| self.graph.statement(id)).map(Attribution::new).collect(),
        })
    }

    /// How many statements match.
    ///
    /// A rolled-up query from a top-level actor (one with no parent) about one target
    /// is answered from the statements bucketed by (top, target) with two binary
    /// searches on their dates, without listing them; see the [module docs](self).
    ///
    /// # Errors
    /// As for [`SaidQuery::statements`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let all = g.said().by("atlantis").rolled_up().about("lemuria").count()?;
    /// let may = g.said().by("atlantis").rolled_up().about("lemuria").between("2031-05".parse()?, "2031-05".parse()?);
    /// assert!(all > 0 && may.count()? <= all);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn count(&self) -> Result<usize, QueryError> {
        let r = self.resolve()?;
        if let Some((sure, check)) = self.bucket(&r)
            && self.only_speaker_target_and_dates(&r)
        {
            let g = self.graph;
            let reaches = |id: &&StatementId| {
                self.start.is_none_or(|d| g.statements.rec(**id).date.last_day() >= d.first_day())
            };
            return Ok(sure.len() + check.iter().filter(reaches).count());
        }
        Ok(self.ids_of(&r).len())
    }

    /// The ids of the matching statements, in chronological order.
    pub(crate) fn ids(&self) -> Result<Vec<StatementId>, QueryError> {
        let r = self.resolve()?;
        Ok(self.ids_of(&r))
    }

    /// The actors, event and outlet the query names, or the first error.
    fn resolve(&self) -> Result<Resolved, QueryError> {
        Ok(Resolved {
            by: self.by.clone().transpose()?,
            about: self.about.clone().transpose()?,
            event: self.event.clone().transpose()?,
            via: self.via.clone().transpose()?,
        })
    }

    /// For a rolled-up query from a top-level actor about one target: the statements
    /// of its (top, target) bucket that may match the dates, as `(sure, to check)`
    /// (see `SaidIndex::window`). Every
    /// statement there was spoken within the bloc and names the target.
    fn bucket(&self, r: &Resolved) -> Option<(&'g [StatementId], &'g [StatementId])> {
        let g = self.graph;
        let (by, about) = (r.by?, r.about?);
        if !self.rolled_up || self.with_members || self.about_within || !g.parents.row(by.index()).is_empty()
        {
            return None;
        }
        let said = &g.index.said;
        Some(match said.bucket(by, about) {
            Some(b) => said.window(&g.statements, b, self.start, self.end),
            None => (&[], &[]),
        })
    }

    /// Whether nothing but the speaker, the target and the dates narrows the query.
    fn only_speaker_target_and_dates(&self, r: &Resolved) -> bool {
        r.event.is_none()
            && r.via.is_none()
            && self.kinds.is_empty()
            && self.hedges.is_empty()
            && self.framing.is_none()
            && self.phrase.is_none()
    }

    fn ids_of(&self, r: &Resolved) -> Vec<StatementId> {
        let g = self.graph;
        if let Some((sure, check)) = self.bucket(r) {
            // The bucket is chronological; its statements are in the bloc and name the target.
            return check.iter().chain(sure).copied().filter(|&id| self.keeps(id, r, None, None)).collect();
        }
        let speakers = r.by.map(|b| {
            let bloc = |x| if self.rolled_up { Bloc::of(g, x) } else { Bloc::single(x) };
            let mut speakers = bloc(b);
            if self.with_members {
                for m in g.members(b) {
                    speakers.extend(bloc(m.id()));
                }
            }
            speakers
        });
        let targets = r.about.map(|t| if self.about_within { Bloc::of(g, t) } else { Bloc::single(t) });

        // Start from the smallest index that applies.
        let mut candidates: Vec<Vec<StatementId>> = Vec::new();
        if let Some(s) = &speakers {
            candidates
                .push(s.members.iter().flat_map(|m| g.by_speaker().row(m.index()).iter().copied()).collect());
        }
        if let Some(t) = &targets {
            candidates
                .push(t.members.iter().flat_map(|m| g.by_target().row(m.index()).iter().copied()).collect());
        }
        if let Some(e) = r.event {
            candidates.push(g.by_event().row(e.index()).to_vec());
        }
        let mut ids = match candidates.into_iter().min_by_key(Vec::len) {
            Some(ids) => ids,
            None => g.chronological.clone(),
        };
        ids.retain(|&id| self.keeps(id, r, speakers.as_ref(), targets.as_ref()));
        sort_chronologically(g, &mut ids);
        ids
    }

    /// Whether statement `id` passes every condition; `speakers` and `targets` are the
    /// blocs to check (`None`: no need).
    fn keeps(&self, id: StatementId, r: &Resolved, speakers: Option<&Bloc>, targets: Option<&Bloc>) -> bool {
        let Some(s) = self.graph.statement(id) else { return false };
        speakers.is_none_or(|b| b.contains(s.speaker().id()))
            && targets.is_none_or(|b| s.targets().any(|t| b.contains(t.actor.id())))
            && r.event.is_none_or(|e| s.about().any(|x| x.id() == e))
            && (self.kinds.is_empty() || self.kinds.contains(&s.kind()))
            && (self.hedges.is_empty() || self.hedges.contains(&s.hedge()))
            && self.start.is_none_or(|d| s.date().last_day() >= d.first_day())
            && self.end.is_none_or(|d| s.date().first_day() <= d.last_day())
            && r.via.is_none_or(|o| s.outlet_chains().any(|chain| chain.iter().any(|x| x.id() == o)))
            && self.framing.as_ref().is_none_or(|tag| s.framing().any(|f| f.to_lowercase() == *tag))
            && self.phrase.as_ref().is_none_or(|p| {
                s.text().to_lowercase().contains(p.as_str())
                    || s.framing().any(|f| f.to_lowercase().contains(p.as_str()))
            })
    }
}

/// The ids a [`SaidQuery`] names, resolved.
struct Resolved {
    by: Option<ActorId>,
    about: Option<ActorId>,
    event: Option<EventId>,
    via: Option<ActorId>,
}
