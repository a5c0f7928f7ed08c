//! Events: things that happened, with participants in roles.

use serde::{Deserialize, Serialize};

use super::keyword::keyword_enum;
use super::{Citation, PartialDate};

keyword_enum! {
    /// What kind of thing happened.
    ///
    /// ```
    /// use stancegraph::EventKind;
    /// assert_eq!("interception".parse::<EventKind>()?, EventKind::Interception);
    /// # Ok::<(), stancegraph::model::ParseKindError>(())
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum EventKind ("event kind") {
        /// A strike, shelling or other use of force.
        Attack = "attack",
        /// A missile, drone or aircraft shot down.
        Interception = "interception",
        /// An incident whose nature is disputed (a stray missile, a border breach).
        Incident = "incident",
        /// An invasion.
        Invasion = "invasion",
        /// A state or official visit.
        Visit = "visit",
        /// A military exercise or training.
        Exercise = "exercise",
        /// A deployment or stationing of forces.
        Deployment = "deployment",
        /// A meeting, summit or talks.
        Meeting = "meeting",
        /// A diplomat summoned to a foreign ministry.
        Summons = "summons",
        /// An investigation.
        Investigation = "investigation",
        /// Anything else.
        Other = "other",
    }
}

keyword_enum! {
    /// The part an actor plays in an [`Event`].
    ///
    /// ```
    /// use stancegraph::Role;
    /// assert_eq!("agent".parse::<Role>()?, Role::Agent);
    /// # Ok::<(), stancegraph::model::ParseKindError>(())
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum Role ("role") {
        /// Who did it.
        Agent = "agent",
        /// Who it was done to.
        Target = "target",
        /// Where it happened.
        Location = "location",
        /// Who was otherwise involved (a host, a witness).
        Participant = "participant",
    }
}

/// An actor taking part in an event in some role.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Participant {
    /// Key of the actor.
    pub actor: String,
    /// The part it played.
    pub role: Role,
}

impl Participant {
    /// An actor in a role.
    pub fn new(actor: impl Into<String>, role: Role) -> Self {
        Participant { actor: actor.into(), role }
    }
}

/// Something that happened: a missile landing, a visit, a summons.
///
/// ```
/// use stancegraph::model::{Event, EventKind, Participant, Role};
///
/// let visit = Event::new("king-visit", EventKind::Visit, "The king visits Lemuria")
///     .on("2022-12-19".parse()?)
///     .with(Participant::new("king", Role::Agent));
/// assert_eq!(visit.participants.len(), 1);
/// # Ok::<(), stancegraph::DateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Event {
    /// Stable key, unique among events.
    pub key: String,
    /// What kind of event.
    pub kind: EventKind,
    /// A short label ("S-300 missile downed over Brest region").
    pub label: String,
    /// When it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Key of the actor (a region or state) where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Who took part, and how.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
    /// Where it is reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
}

impl Event {
    /// An undated event with a key, a kind and a label.
    pub fn new(key: impl Into<String>, kind: EventKind, label: impl Into<String>) -> Self {
        Event {
            key: key.into(),
            kind,
            label: label.into(),
            date: None,
            place: None,
            participants: Vec::new(),
            citations: Vec::new(),
        }
    }

    /// Sets the date.
    pub fn on(mut self, date: PartialDate) -> Self {
        self.date = Some(date);
        self
    }

    /// Sets the place.
    pub fn at(mut self, place: impl Into<String>) -> Self {
        self.place = Some(place.into());
        self
    }

    /// Adds a participant.
    pub fn with(mut self, participant: Participant) -> Self {
        self.participants.push(participant);
        self
    }

    /// Adds a citation.
    pub fn cite(mut self, citation: Citation) -> Self {
        self.citations.push(citation);
        self
    }
}
