//! Actors: states, governments, ministries, militaries, people, outlets.

use serde::{Deserialize, Serialize};

use super::{Citation, CountryCode, WikidataId};

/// What kind of entity an [`Actor`] is.
///
/// Serialized in `snake_case` (`"analyst_group"`). The CSV workload's `org` reads as
/// [`ActorKind::Organization`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ActorKind {
    /// A sovereign state.
    State,
    /// A government or executive office (a presidency, a cabinet).
    Government,
    /// A ministry, department or state agency.
    Ministry,
    /// Armed forces or one of their commands.
    Military,
    /// A security or defence council or similar state body that is not a ministry.
    Council,
    /// An individual person.
    Person,
    /// A media outlet or news agency.
    Media,
    /// Analysts, think tanks, experts speaking as a group.
    AnalystGroup,
    /// An international organisation or alliance.
    InternationalOrganization,
    /// A sub-national region, province or city.
    Region,
    /// Any other organisation.
    #[serde(alias = "org")]
    Organization,
}

impl ActorKind {
    /// Every kind, in declaration order.
    pub const ALL: [ActorKind; 11] = [
        ActorKind::State,
        ActorKind::Government,
        ActorKind::Ministry,
        ActorKind::Military,
        ActorKind::Council,
        ActorKind::Person,
        ActorKind::Media,
        ActorKind::AnalystGroup,
        ActorKind::InternationalOrganization,
        ActorKind::Region,
        ActorKind::Organization,
    ];

    /// The `snake_case` name used in datasets.
    ///
    /// ```
    /// use stancegraph::ActorKind;
    /// assert_eq!(ActorKind::AnalystGroup.as_str(), "analyst_group");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Government => "government",
            ActorKind::Ministry => "ministry",
            ActorKind::Military => "military",
            ActorKind::Council => "council",
            ActorKind::Person => "person",
            ActorKind::Media => "media",
            ActorKind::AnalystGroup => "analyst_group",
            ActorKind::InternationalOrganization => "international_organization",
            ActorKind::Region => "region",
            ActorKind::Organization => "organization",
        }
    }
}

impl std::fmt::Display for ActorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Someone who acts or speaks: a state, a body, a person, an outlet.
///
/// ```
/// use stancegraph::{ActorKind, model::Actor};
///
/// let atlantis = Actor::new("atlantis", "Atlantis", ActorKind::State).with_alias("Poseidonia");
/// assert_eq!(atlantis.aliases, ["Poseidonia"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Actor {
    /// Stable, human-readable key (`"atlantis"`, `"vasca"`), unique in a graph.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What kind of entity this is.
    pub kind: ActorKind,
    /// Other names the text uses (a capital standing for its government).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// A short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the actor is mentioned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// Proposed by a machine (see [`extract`](crate::extract)) and not yet confirmed by a
    /// person. Absent (false) in datasets written by hand.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub proposed: bool,
    /// Its Wikidata item, if known: actors of different datasets with the same id
    /// are one actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<WikidataId>,
    /// The country it is (for a state), ISO 3166-1 alpha-3 / CAMEO; unifies like
    /// [`Actor::wikidata`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
}

impl Actor {
    /// An actor with a key, a display name and a kind.
    pub fn new(key: impl Into<String>, name: impl Into<String>, kind: ActorKind) -> Self {
        Actor {
            key: key.into(),
            name: name.into(),
            kind,
            aliases: Vec::new(),
            description: None,
            citations: Vec::new(),
            proposed: false,
            wikidata: None,
            country: None,
        }
    }

    /// Marks the actor as machine-proposed (`true`) or confirmed by a person (`false`).
    pub fn with_proposed(mut self, proposed: bool) -> Self {
        self.proposed = proposed;
        self
    }

    /// Adds an alias.
    pub fn with_alias(mut self, alias: impl Into<String>) -> Self {
        self.aliases.push(alias.into());
        self
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the Wikidata item.
    ///
    /// ```
    /// use stancegraph::{ActorKind, model::Actor};
    ///
    /// let atlantis = Actor::new("atlantis", "Atlantis", ActorKind::State)
    ///     .with_wikidata("Q1234".parse()?)
    ///     .with_country("ATL".parse()?);
    /// assert_eq!(atlantis.wikidata.map(|q| q.number()), Some(1234));
    /// # Ok::<(), stancegraph::model::ExternalIdError>(())
    /// ```
    pub fn with_wikidata(mut self, id: WikidataId) -> Self {
        self.wikidata = Some(id);
        self
    }

    /// Sets the country code.
    pub fn with_country(mut self, code: CountryCode) -> Self {
        self.country = Some(code);
        self
    }

    /// Adds a citation.
    pub fn cite(mut self, citation: Citation) -> Self {
        self.citations.push(citation);
        self
    }
}
