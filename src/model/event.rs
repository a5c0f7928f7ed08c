//! Events: things that happened, with participants in roles.

use serde::{Deserialize, Serialize};

use super::{Citation, PartialDate};

/// What kind of thing happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    /// A strike, shelling or other use of force.
    Attack,
    /// A missile, drone or aircraft shot down.
    Interception,
    /// An incident whose nature is disputed (a stray missile, a border breach).
    Incident,
    /// An invasion.
    Invasion,
    /// A state or official visit.
    Visit,
    /// A military exercise or training.
    Exercise,
    /// A deployment or stationing of forces.
    Deployment,
    /// A meeting, summit or talks.
    Meeting,
    /// A diplomat summoned to a foreign ministry.
    Summons,
    /// An investigation.
    Investigation,
    /// Anything else.
    Other,
}

impl EventKind {
    /// The `snake_case` name used in datasets.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventKind::Attack => "attack",
            EventKind::Interception => "interception",
            EventKind::Incident => "incident",
            EventKind::Invasion => "invasion",
            EventKind::Visit => "visit",
            EventKind::Exercise => "exercise",
            EventKind::Deployment => "deployment",
            EventKind::Meeting => "meeting",
            EventKind::Summons => "summons",
            EventKind::Investigation => "investigation",
            EventKind::Other => "other",
        }
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The part an actor plays in an [`Event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Who did it.
    Agent,
    /// Who it was done to.
    Target,
    /// Where it happened.
    Location,
    /// Who was otherwise involved (a host, a witness).
    Participant,
}

impl Role {
    /// The `snake_case` name used in datasets.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Target => "target",
            Role::Location => "location",
            Role::Participant => "participant",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
