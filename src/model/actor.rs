//! Actors: states, governments, ministries, militaries, people, outlets.

use serde::{Deserialize, Serialize};

use super::keyword::keyword_enum;
use super::{Citation, CountryCode, WikidataId};

keyword_enum! {
    /// What kind of entity an [`Actor`] is.
    ///
    /// Written in `snake_case` (`"analyst_group"`) in datasets, by `Display` and for
    /// `FromStr`. The CSV workload's `org` reads as [`ActorKind::Organization`].
    ///
    /// ```
    /// use stancegraph::ActorKind;
    ///
    /// assert_eq!("analyst_group".parse::<ActorKind>()?, ActorKind::AnalystGroup);
    /// assert_eq!("org".parse::<ActorKind>()?, ActorKind::Organization);
    /// assert_eq!(ActorKind::AnalystGroup.to_string(), "analyst_group");
    /// # Ok::<(), stancegraph::model::ParseKindError>(())
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum ActorKind ("actor kind") {
        /// A sovereign state.
        State = "state",
        /// A government or executive office (a presidency, a cabinet).
        Government = "government",
        /// A ministry, department or state agency.
        Ministry = "ministry",
        /// Armed forces or one of their commands.
        Military = "military",
        /// A security or defence council or similar state body that is not a ministry.
        Council = "council",
        /// An individual person.
        Person = "person",
        /// A media outlet or news agency.
        Media = "media",
        /// Analysts, think tanks, experts speaking as a group.
        AnalystGroup = "analyst_group",
        /// An international organisation or alliance.
        InternationalOrganization = "international_organization",
        /// A sub-national region, province or city.
        Region = "region",
        /// Any other organisation.
        Organization = "organization" | "org",
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
