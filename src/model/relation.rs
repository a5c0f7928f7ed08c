//! Relations between actors: alliance, borders, war, office holding, and more.

use serde::{Deserialize, Serialize};

use super::keyword::keyword_enum;
use super::{Citation, PartialDate};

keyword_enum! {
    /// Whether a relation draws its two actors together or apart.
    ///
    /// ```
    /// use stancegraph::Sign;
    /// assert_eq!("negative".parse::<Sign>()?, Sign::Negative);
    /// # Ok::<(), stancegraph::model::ParseKindError>(())
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Sign ("sign") {
        /// Friendly: allied, cooperating, hosting each other's forces.
        Positive = "positive",
        /// Neither: sharing a border says nothing about alignment.
        Neutral = "neutral",
        /// Hostile: at war, condemning, summoning an ambassador to protest.
        Negative = "negative",
    }
}

impl Sign {
    /// `+1.0`, `0.0` or `-1.0`.
    pub fn value(self) -> f64 {
        match self {
            Sign::Positive => 1.0,
            Sign::Neutral => 0.0,
            Sign::Negative => -1.0,
        }
    }
}

keyword_enum! {
    /// The kind of a [`Relation`]; each has a documented direction (`from` → `to`) and sign.
    ///
    /// *Hierarchical* kinds (see [`RelationKind::is_hierarchical`]) place `from` under
    /// `to`: the statements of a ministry roll up to its government and state. They must
    /// not form cycles.
    ///
    /// Written in `snake_case` in datasets, by `Display` and for `FromStr`:
    ///
    /// ```
    /// use stancegraph::RelationKind;
    ///
    /// assert_eq!("ally".parse::<RelationKind>()?, RelationKind::Ally);
    /// assert_eq!("partner".parse::<RelationKind>()?, RelationKind::Cooperates); // an alias
    /// assert_eq!(RelationKind::HoldsOffice.to_string(), "holds_office");
    /// assert!("allied".parse::<RelationKind>().is_err());
    /// # Ok::<(), stancegraph::model::ParseKindError>(())
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum RelationKind ("relation kind") {
        /// `from` is a member or unit of `to` (a council member, a branch of an agency).
        /// Hierarchical.
        MemberOf = "member_of",
        /// `from` is a structural part of `to` (a ministry of a government, a region of a
        /// state, armed forces of a state). Hierarchical.
        PartOf = "part_of",
        /// `from` is the government or executive of state `to` (a presidential
        /// palace governs its state). Hierarchical.
        GovernmentOf = "government_of",
        /// `from`, a person, holds an office in `to`; the relation's `title` names it
        /// ("spokesman", "state secretary"). Hierarchical.
        HoldsOffice = "holds_office",
        /// `from`, a person, leads `to` (a head of state). Hierarchical.
        Leads = "leads",
        /// `from` is state-owned or state-controlled media of `to`. Hierarchical.
        StateMediaOf = "state_media_of",
        /// `from` is a member of `to`, an alliance, bloc or forum (a state in NATO, the
        /// EU or the G7). Positive, and **not** hierarchical: the alliance is nobody's
        /// top, so what a member says stays with the member; ask for
        /// [`Graph::members`](crate::Graph::members) or
        /// [`SaidQuery::with_members`](crate::query::SaidQuery::with_members) to see an
        /// alliance together with its members.
        MemberOfAlliance = "member_of_alliance" | "membership",
        /// Allies, formally or in practice. Symmetric, positive.
        Ally = "ally",
        /// Partners that coordinate or cooperate. Symmetric, positive.
        Cooperates = "cooperates" | "partner" | "coordinates_with",
        /// `from` hosts the armed forces of `to` on its territory. Positive.
        HostsForces = "hosts_forces",
        /// `from` supports `to` politically or materially. Positive.
        Supports = "supports",
        /// The two share a land border. Symmetric, neutral.
        Borders = "borders",
        /// At war with each other. Symmetric, negative.
        AtWar = "at_war",
        /// `from` invaded `to`. Negative.
        Invaded = "invaded",
        /// Hostile to each other short of war. Symmetric, negative.
        Hostile = "hostile",
        /// `from` condemns `to`. Negative.
        Condemns = "condemns",
        /// `from` summoned `to` (a diplomat) to receive a protest or demarche. Negative.
        Summoned = "summoned",
        /// `from` imposes sanctions on `to`. Negative.
        Sanctions = "sanctions",
    }
}

impl RelationKind {
    /// A short verb phrase for explanations: "a spokeswoman *holds office in* a palace"
    /// uses the title instead where a relation has one.
    ///
    /// ```
    /// use stancegraph::RelationKind;
    /// assert_eq!(RelationKind::HostsForces.phrase(), "hosts the forces of");
    /// ```
    pub fn phrase(&self) -> &'static str {
        match self {
            RelationKind::MemberOf => "is a member of",
            RelationKind::PartOf => "is part of",
            RelationKind::GovernmentOf => "governs",
            RelationKind::HoldsOffice => "holds office in",
            RelationKind::Leads => "leads",
            RelationKind::StateMediaOf => "is state media of",
            RelationKind::MemberOfAlliance => "belongs to",
            RelationKind::Ally => "is allied with",
            RelationKind::Cooperates => "cooperates with",
            RelationKind::HostsForces => "hosts the forces of",
            RelationKind::Supports => "supports",
            RelationKind::Borders => "borders",
            RelationKind::AtWar => "is at war with",
            RelationKind::Invaded => "invaded",
            RelationKind::Hostile => "is hostile to",
            RelationKind::Condemns => "condemns",
            RelationKind::Summoned => "summoned",
            RelationKind::Sanctions => "sanctions",
        }
    }

    /// The inverse phrase, for reading a relation from `to` back to `from`.
    ///
    /// ```
    /// use stancegraph::RelationKind;
    /// assert_eq!(RelationKind::GovernmentOf.inverse_phrase(), "is governed by");
    /// assert_eq!(RelationKind::Ally.inverse_phrase(), "is allied with");
    /// ```
    pub fn inverse_phrase(&self) -> &'static str {
        match self {
            RelationKind::MemberOf => "includes the member",
            RelationKind::PartOf => "includes",
            RelationKind::GovernmentOf => "is governed by",
            RelationKind::HoldsOffice => "has an office held by",
            RelationKind::Leads => "is led by",
            RelationKind::StateMediaOf => "controls the state outlet",
            RelationKind::MemberOfAlliance => "has as a member",
            RelationKind::HostsForces => "has forces hosted by",
            RelationKind::Supports => "is supported by",
            RelationKind::Invaded => "was invaded by",
            RelationKind::Condemns => "is condemned by",
            RelationKind::Summoned => "was summoned by",
            RelationKind::Sanctions => "is sanctioned by",
            symmetric => symmetric.phrase(),
        }
    }

    /// Whether this kind places `from` under `to` in the actor hierarchy.
    pub fn is_hierarchical(&self) -> bool {
        matches!(
            self,
            RelationKind::MemberOf
                | RelationKind::PartOf
                | RelationKind::GovernmentOf
                | RelationKind::HoldsOffice
                | RelationKind::Leads
                | RelationKind::StateMediaOf
        )
    }

    /// Whether `a kind b` implies `b kind a`.
    pub fn is_symmetric(&self) -> bool {
        matches!(
            self,
            RelationKind::Ally
                | RelationKind::Cooperates
                | RelationKind::Borders
                | RelationKind::AtWar
                | RelationKind::Hostile
        )
    }

    /// Whether this kind draws its actors together, apart, or neither.
    /// Hierarchical kinds are positive: a body is aligned with its parent.
    pub fn sign(&self) -> Sign {
        match self {
            RelationKind::MemberOf
            | RelationKind::PartOf
            | RelationKind::GovernmentOf
            | RelationKind::HoldsOffice
            | RelationKind::Leads
            | RelationKind::StateMediaOf
            | RelationKind::MemberOfAlliance
            | RelationKind::Ally
            | RelationKind::Cooperates
            | RelationKind::HostsForces
            | RelationKind::Supports => Sign::Positive,
            RelationKind::Borders => Sign::Neutral,
            RelationKind::AtWar
            | RelationKind::Invaded
            | RelationKind::Hostile
            | RelationKind::Condemns
            | RelationKind::Summoned
            | RelationKind::Sanctions => Sign::Negative,
        }
    }
}

/// A typed, dated, cited tie between two actors.
///
/// ```
/// use stancegraph::{RelationKind, model::{Citation, Relation}};
///
/// let office = Relation::new("vasca", RelationKind::HoldsOffice, "atlantis-palace")
///     .with_title("spokeswoman")
///     .cite(Citation::new("gazette").paragraph(3));
/// assert_eq!(office.confidence, 1.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Relation {
    /// Key of the actor the relation goes from.
    pub from: String,
    /// What kind of relation this is.
    pub kind: RelationKind,
    /// Key of the actor the relation goes to.
    pub to: String,
    /// The office or role, for kinds such as [`RelationKind::HoldsOffice`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When the relation began to hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// When it stopped holding (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// How sure the source is, in `[0, 1]`.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub confidence: f64,
    /// Where the relation is asserted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
}

fn one() -> f64 {
    1.0
}

fn is_one(value: &f64) -> bool {
    *value == 1.0
}

impl Relation {
    /// A relation `from kind to`, certain and undated.
    pub fn new(from: impl Into<String>, kind: RelationKind, to: impl Into<String>) -> Self {
        Relation {
            from: from.into(),
            kind,
            to: to.into(),
            title: None,
            start: None,
            end: None,
            confidence: 1.0,
            citations: Vec::new(),
        }
    }

    /// Sets the office or role title.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets when the relation began.
    pub fn since(mut self, start: PartialDate) -> Self {
        self.start = Some(start);
        self
    }

    /// Sets when the relation ended.
    pub fn until(mut self, end: PartialDate) -> Self {
        self.end = Some(end);
        self
    }

    /// Sets the confidence, in `[0, 1]` (checked when the graph is built).
    pub fn with_confidence(mut self, confidence: f64) -> Self {
        self.confidence = confidence;
        self
    }

    /// Adds a citation.
    pub fn cite(mut self, citation: Citation) -> Self {
        self.citations.push(citation);
        self
    }

    /// Whether the relation holds on `date`: its validity span overlaps the day(s)
    /// `date` stands for; open bounds always hold.
    ///
    /// ```
    /// use stancegraph::{RelationKind, model::Relation};
    ///
    /// let war = Relation::new("a", RelationKind::AtWar, "b").since("2022-02-24".parse()?);
    /// assert!(war.holds_on("2022-02".parse()?)); // February overlaps from the 24th
    /// assert!(!war.holds_on("2022-01-31".parse()?));
    /// # Ok::<(), stancegraph::DateError>(())
    /// ```
    pub fn holds_on(&self, date: PartialDate) -> bool {
        holds_on(self.start, self.end, date)
    }
}

/// Whether a validity span `start ..= end` (open where `None`) overlaps `date`.
pub(crate) fn holds_on(start: Option<PartialDate>, end: Option<PartialDate>, date: PartialDate) -> bool {
    start.is_none_or(|s| s.first_day() <= date.last_day())
        && end.is_none_or(|e| date.first_day() <= e.last_day())
}
