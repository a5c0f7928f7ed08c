//! Borrowed views of a graph's items.
//!
//! A view pairs a [`Graph`] with a typed id; it is `Copy` and reads like the model
//! type it stands for. Views are only made for ids the graph holds, so their
//! accessors cannot fail.

use std::fmt;

use super::{ActorId, EventId, Graph, RelationId, SourceId, StatementId};
use crate::model::{
    ActorKind, Citation, CountryCode, EventKind, Hedge, PartialDate, RelationKind, Role, Sign, Source,
    StatementKind, TextMode, WikidataId,
};

macro_rules! view_common {
    ($view:ident, $id:ident) => {
        impl<'g> $view<'g> {
            /// The typed id.
            pub fn id(&self) -> $id {
                self.id
            }

            /// The graph this view borrows.
            pub fn graph(&self) -> &'g Graph {
                self.graph
            }
        }

        impl PartialEq for $view<'_> {
            fn eq(&self, other: &Self) -> bool {
                std::ptr::eq(self.graph, other.graph) && self.id == other.id
            }
        }

        impl Eq for $view<'_> {}
    };
}

/// An actor of a [`Graph`].
#[derive(Clone, Copy)]
pub struct ActorRef<'g> {
    pub(crate) graph: &'g Graph,
    pub(crate) id: ActorId,
}
view_common!(ActorRef, ActorId);

impl<'g> ActorRef<'g> {
    fn rec(&self) -> &'g super::ActorRec {
        &self.graph.actors[self.id.index()]
    }

    /// The stable key.
    pub fn key(&self) -> &'g str {
        self.graph.actor_key(self.id)
    }

    /// The display name.
    pub fn name(&self) -> &'g str {
        &self.rec().name
    }

    /// The kind.
    pub fn kind(&self) -> ActorKind {
        self.graph.kinds.get(self.id.index()).copied().unwrap_or_else(|| self.rec().kind)
    }

    /// Other names.
    pub fn aliases(&self) -> impl ExactSizeIterator<Item = &'g str> + use<'g> {
        self.rec().aliases.iter().map(|s| &**s)
    }

    /// The description, if any.
    pub fn description(&self) -> Option<&'g str> {
        self.rec().description.as_deref()
    }

    /// Where the actor is mentioned.
    pub fn citations(&self) -> &'g [Citation] {
        &self.rec().citations
    }

    /// Whether a machine proposed this actor and no person has confirmed it yet.
    pub fn is_proposed(&self) -> bool {
        self.rec().proposed
    }

    /// Its Wikidata item, if known.
    pub fn wikidata(&self) -> Option<WikidataId> {
        self.rec().wikidata
    }

    /// Its country code, if known.
    pub fn country(&self) -> Option<CountryCode> {
        self.rec().country
    }

    /// The actors directly above this one; see [`Graph::parents`].
    pub fn parents(&self) -> impl ExactSizeIterator<Item = ActorRef<'g>> + use<'g> {
        self.graph.parents(self.id)
    }

    /// The actors directly below this one; see [`Graph::children`].
    pub fn children(&self) -> impl ExactSizeIterator<Item = ActorRef<'g>> + use<'g> {
        self.graph.children(self.id)
    }
}

impl fmt::Debug for ActorRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActorRef({} `{}`)", self.id, self.key())
    }
}

impl fmt::Display for ActorRef<'_> {
    /// The display name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A relation of a [`Graph`].
#[derive(Clone, Copy)]
pub struct RelationRef<'g> {
    pub(crate) graph: &'g Graph,
    pub(crate) id: RelationId,
}
view_common!(RelationRef, RelationId);

impl<'g> RelationRef<'g> {
    fn rec(&self) -> &'g super::RelationRec {
        &self.graph.relations[self.id.index()]
    }

    /// The actor the relation goes from.
    pub fn from(&self) -> ActorRef<'g> {
        ActorRef { graph: self.graph, id: self.rec().from }
    }

    /// The actor the relation goes to.
    pub fn to(&self) -> ActorRef<'g> {
        ActorRef { graph: self.graph, id: self.rec().to }
    }

    /// The kind.
    pub fn kind(&self) -> RelationKind {
        self.rec().kind
    }

    /// The kind's sign.
    pub fn sign(&self) -> Sign {
        self.rec().kind.sign()
    }

    /// The office or role title, if any.
    pub fn title(&self) -> Option<&'g str> {
        self.rec().title()
    }

    /// When the relation began to hold.
    pub fn start(&self) -> Option<PartialDate> {
        self.rec().start()
    }

    /// When it stopped holding.
    pub fn end(&self) -> Option<PartialDate> {
        self.rec().end()
    }

    /// How sure the source is, in `[0, 1]`.
    pub fn confidence(&self) -> f64 {
        self.rec().confidence()
    }

    /// Where the relation is asserted.
    pub fn citations(&self) -> &'g [Citation] {
        self.rec().citations()
    }

    /// The sources that assert it, each once; see [`Graph::corroboration`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let r = g.relations().find(|r| !r.citations().is_empty()).expect("a cited relation");
    /// assert_eq!((r.sources().len(), r.independent_sources()), (1, 1));
    /// ```
    pub fn sources(&self) -> Vec<SourceRef<'g>> {
        self.graph.corroboration(self.citations()).0
    }

    /// How many independent sources assert it (0 when uncited); see
    /// [`Graph::corroboration`].
    pub fn independent_sources(&self) -> usize {
        self.graph.corroboration(self.citations()).1
    }

    /// Whether the relation holds on `date`: its span overlaps the day(s) of `date`
    /// (open bounds always hold).
    pub fn holds_on(&self, date: PartialDate) -> bool {
        let r = self.rec();
        crate::model::relation_holds_on(r.start(), r.end(), date)
    }

    /// The relation as a clause: "Ione Vasca is spokeswoman of Palace of Atlantis".
    ///
    /// A title names the office for [`RelationKind::HoldsOffice`] and
    /// [`RelationKind::Leads`] ("X is president of Y"); for any other kind it follows
    /// in brackets ("X is a member of Y (observer)").
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let vasca = g.actor_by_key("vasca").unwrap();
    /// let office = g.relations_of(vasca.id()).next().unwrap();
    /// assert_eq!(office.clause(), "Ione Vasca is spokeswoman of Palace of Atlantis");
    /// assert_eq!(office.inverse_clause(), "Palace of Atlantis has Ione Vasca as spokeswoman");
    /// ```
    pub fn clause(&self) -> String {
        let (from, to) = (self.from().name(), self.to().name());
        match (self.kind(), self.title()) {
            (RelationKind::HoldsOffice | RelationKind::Leads, Some(title)) => {
                format!("{from} is {title} of {to}")
            }
            (kind, Some(title)) => format!("{from} {} {to} ({title})", kind.phrase()),
            (kind, None) => format!("{from} {} {to}", kind.phrase()),
        }
    }

    /// The relation read from `to` back to `from`: "Palace of Atlantis has Ione
    /// Vasca as spokeswoman", "Lemuria was summoned by Atlantis"; titles as in
    /// [`RelationRef::clause`].
    pub fn inverse_clause(&self) -> String {
        let (from, to) = (self.from().name(), self.to().name());
        match (self.kind(), self.title()) {
            (RelationKind::HoldsOffice | RelationKind::Leads, Some(title)) => {
                format!("{to} has {from} as {title}")
            }
            (kind, Some(title)) => format!("{to} {} {from} ({title})", kind.inverse_phrase()),
            (kind, None) => format!("{to} {} {from}", kind.inverse_phrase()),
        }
    }
}

impl fmt::Debug for RelationRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RelationRef({} `{} {} {}`)", self.id, self.from().key(), self.kind(), self.to().key())
    }
}

/// A target of a statement, with the speaker's stance toward it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetRef<'g> {
    /// The target actor.
    pub actor: ActorRef<'g>,
    /// The stance, in `[-1, 1]`.
    pub stance: f64,
}

/// A statement of a [`Graph`].
#[derive(Clone, Copy)]
pub struct StatementRef<'g> {
    pub(crate) graph: &'g Graph,
    pub(crate) id: StatementId,
}
view_common!(StatementRef, StatementId);

impl<'g> StatementRef<'g> {
    fn rec(&self) -> &'g super::StatementRec {
        self.graph.statements.rec(self.id)
    }

    fn extra(&self) -> Option<&'g super::StatementExtra> {
        self.graph.statements.extra(self.id)
    }

    /// The stable key.
    pub fn key(&self) -> &'g str {
        self.graph.statements.key(self.id)
    }

    /// Who spoke.
    pub fn speaker(&self) -> ActorRef<'g> {
        ActorRef { graph: self.graph, id: self.rec().speaker }
    }

    /// When.
    pub fn date(&self) -> PartialDate {
        self.rec().date
    }

    /// Position among statements of the same date.
    pub fn order(&self) -> u32 {
        self.rec().order
    }

    /// What the statement does.
    pub fn kind(&self) -> StatementKind {
        self.rec().kind
    }

    /// Quote or paraphrase.
    pub fn mode(&self) -> TextMode {
        self.rec().mode
    }

    /// Whether the text is the speaker's exact words.
    pub fn is_quote(&self) -> bool {
        self.rec().mode == TextMode::Quote
    }

    /// The quoted words or the paraphrase.
    pub fn text(&self) -> &'g str {
        self.graph.statements.text(self.id)
    }

    /// Who it is about, with stances.
    pub fn targets(&self) -> impl ExactSizeIterator<Item = TargetRef<'g>> + use<'g> {
        let graph = self.graph;
        graph
            .statements
            .targets(self.id)
            .map(move |(id, stance)| TargetRef { actor: ActorRef { graph, id }, stance })
    }

    /// The stance toward `target`, if it is a target (the mean if named twice).
    pub fn stance_toward(&self, target: ActorId) -> Option<f64> {
        let (sum, n) = self
            .graph
            .statements
            .targets(self.id)
            .filter(|t| t.0 == target)
            .fold((0.0, 0u32), |(s, n), t| (s + t.1, n + 1));
        (n > 0).then(|| sum / f64::from(n))
    }

    /// How firmly it was put.
    pub fn hedge(&self) -> Hedge {
        self.rec().hedge
    }

    /// The outlets that carried it, nearest the reader first.
    pub fn via(&self) -> impl ExactSizeIterator<Item = ActorRef<'g>> + use<'g> {
        let graph = self.graph;
        self.extra().map_or(&[][..], |x| &x.via).iter().map(move |&id| ActorRef { graph, id })
    }

    /// Every chain of outlets that carried it, each nearest the reader first: the
    /// [`via`](StatementRef::via) chain (when not empty), then the others a merge
    /// folded in (see [`Statement::also_via`](crate::model::Statement::also_via)).
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let s = g.statement_by_key("vasca-warning").expect("in the example");
    /// let chains: Vec<Vec<&str>> = s.outlet_chains().map(|c| c.iter().map(|a| a.key()).collect()).collect();
    /// assert_eq!(chains, [["herald"]]);
    /// ```
    pub fn outlet_chains(&self) -> impl Iterator<Item = Vec<ActorRef<'g>>> + use<'g> {
        let graph = self.graph;
        let extra = self.extra();
        let first = extra.map_or(&[][..], |x| &x.via);
        let rest = extra.map_or(&[][..], |x| &x.also_via);
        std::iter::once(first)
            .filter(|c| !c.is_empty())
            .chain(rest.iter().map(|c| &c[..]))
            .map(move |c| c.iter().map(|&id| ActorRef { graph, id }).collect())
    }

    /// Who it was said to.
    pub fn audience(&self) -> Option<&'g str> {
        self.extra().and_then(|x| x.audience.as_deref())
    }

    /// The events it is about.
    pub fn about(&self) -> impl ExactSizeIterator<Item = EventRef<'g>> + use<'g> {
        let graph = self.graph;
        self.extra().map_or(&[][..], |x| &x.about).iter().map(move |&id| EventRef { graph, id })
    }

    /// Framing tags.
    pub fn framing(&self) -> impl ExactSizeIterator<Item = &'g str> + use<'g> {
        self.extra().map_or(&[][..], |x| &x.framing).iter().map(|s| &**s)
    }

    /// Where it is reported.
    pub fn citations(&self) -> &'g [Citation] {
        self.extra().map_or(&[], |x| &x.citations)
    }

    /// Whether a machine proposed this statement (its fields and stances included) and
    /// no person has confirmed it yet.
    pub fn is_proposed(&self) -> bool {
        self.extra().is_some_and(|x| x.proposed)
    }

    /// The sources that report it, each once; see [`Graph::corroboration`].
    ///
    /// ```
    /// let g = stancegraph::datasets::strait_incident();
    /// let s = g.statements().next().expect("a statement");
    /// assert_eq!(s.sources().len(), 1);
    /// assert_eq!(s.independent_sources(), 1);
    /// ```
    pub fn sources(&self) -> Vec<SourceRef<'g>> {
        self.graph.corroboration(self.citations()).0
    }

    /// How many independent sources report it (0 when uncited); see
    /// [`Graph::corroboration`].
    pub fn independent_sources(&self) -> usize {
        self.graph.corroboration(self.citations()).1
    }

    /// The speaker's chain up the hierarchy, the speaker first; see [`Graph::chain_up`].
    pub fn speaker_chain(&self) -> impl Iterator<Item = ActorRef<'g>> + use<'g> {
        self.graph.chain_up(self.rec().speaker)
    }
}

impl fmt::Debug for StatementRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StatementRef({} `{}`)", self.id, self.key())
    }
}

/// A participant of an event, with its role.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParticipantRef<'g> {
    /// The actor.
    pub actor: ActorRef<'g>,
    /// The part it played.
    pub role: Role,
}

/// An event of a [`Graph`].
#[derive(Clone, Copy)]
pub struct EventRef<'g> {
    pub(crate) graph: &'g Graph,
    pub(crate) id: EventId,
}
view_common!(EventRef, EventId);

impl<'g> EventRef<'g> {
    fn rec(&self) -> &'g super::EventRec {
        &self.graph.events[self.id.index()]
    }

    /// The stable key.
    pub fn key(&self) -> &'g str {
        self.graph.events.get_index(self.id.index()).map_or("", |(k, _)| k)
    }

    /// The kind.
    pub fn kind(&self) -> EventKind {
        self.rec().kind
    }

    /// The short label.
    pub fn label(&self) -> &'g str {
        &self.rec().label
    }

    /// When it happened.
    pub fn date(&self) -> Option<PartialDate> {
        self.rec().date
    }

    /// Where it happened.
    pub fn place(&self) -> Option<ActorRef<'g>> {
        self.rec().place.map(|id| ActorRef { graph: self.graph, id })
    }

    /// Who took part, and how.
    pub fn participants(&self) -> impl ExactSizeIterator<Item = ParticipantRef<'g>> + use<'g> {
        let graph = self.graph;
        self.rec()
            .participants
            .iter()
            .map(move |&(id, role)| ParticipantRef { actor: ActorRef { graph, id }, role })
    }

    /// Where it is reported.
    pub fn citations(&self) -> &'g [Citation] {
        &self.rec().citations
    }

    /// The statements about this event.
    pub fn statements(&self) -> impl ExactSizeIterator<Item = StatementRef<'g>> + use<'g> {
        self.graph.statements_on_event(self.id)
    }
}

impl fmt::Debug for EventRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventRef({} `{}`)", self.id, self.key())
    }
}

/// A source document of a [`Graph`].
#[derive(Clone, Copy)]
pub struct SourceRef<'g> {
    pub(crate) graph: &'g Graph,
    pub(crate) id: SourceId,
}
view_common!(SourceRef, SourceId);

impl<'g> SourceRef<'g> {
    /// The source's data.
    pub fn data(&self) -> &'g Source {
        &self.graph.sources[self.id.index()]
    }

    /// The stable key.
    pub fn key(&self) -> &'g str {
        &self.data().key
    }

    /// The title.
    pub fn title(&self) -> &'g str {
        &self.data().title
    }
}

impl fmt::Debug for SourceRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceRef({} `{}`)", self.id, self.key())
    }
}
