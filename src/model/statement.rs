//! Statements: who said what, about whom, when, how sure, and through which outlet.
//!
//! A statement is an n-ary record (speaker, date, text, targets with stances,
//! outlets, events, citations), so it is a node of its own, not an edge.

use serde::{Deserialize, Serialize};

use super::keyword::keyword_enum;
use super::{Citation, PartialDate};

keyword_enum! {
    /// What a statement does, after CAMEO's and PLOVER's event categories.
    ///
    /// ```
    /// use stancegraph::StatementKind;
    ///
    /// assert_eq!("condemnation".parse::<StatementKind>()?, StatementKind::Condemnation);
    /// assert_eq!(StatementKind::Praise.to_string(), "praise");
    /// # Ok::<(), stancegraph::model::ParseKindError>(())
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    #[non_exhaustive]
    pub enum StatementKind ("statement kind") {
        /// A plain public statement (CAMEO 01).
        Statement = "statement",
        /// A judgement of a situation ("an event that causes extreme concern").
        Assessment = "assessment",
        /// An accusation of wrongdoing (CAMEO 112).
        Accusation = "accusation",
        /// A formal protest (CAMEO 14).
        Protest = "protest",
        /// A denial of an accusation or of responsibility.
        Denial = "denial",
        /// Reassurance that there is no cause for alarm.
        Reassurance = "reassurance",
        /// A warning or threat (CAMEO 13).
        Warning = "warning",
        /// An appeal or demand (CAMEO 02, 10).
        Appeal = "appeal",
        /// Praise, approval or thanks (CAMEO 051).
        Praise = "praise",
        /// An announcement of a fact or decision.
        Announcement = "announcement",
        /// A declared intent to investigate (CAMEO 09).
        Investigation = "investigation",
        /// A declared intent to cooperate (CAMEO 03).
        Cooperation = "cooperation",
        /// A condemnation or denunciation (CAMEO 111, "criticize or denounce"):
        /// stronger than disapproval, short of a formal protest.
        Condemnation = "condemnation",
    }
}

keyword_enum! {
    /// How firmly a statement asserts its claim ("was" versus "could have been").
    ///
    /// Ordered from firmest to weakest.
    ///
    /// ```
    /// use stancegraph::Hedge;
    /// assert_eq!("possible".parse::<Hedge>()?, Hedge::Possible);
    /// # Ok::<(), stancegraph::model::ParseKindError>(())
    /// ```
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Hedge ("hedge") {
        /// Said as fact.
        #[default]
        Asserted = "asserted",
        /// Said to be likely ("it is unlikely that it was an accident").
        Likely = "likely",
        /// Said to be possible ("could have been a deliberate provocation").
        Possible = "possible",
        /// Said to be unlikely.
        Unlikely = "unlikely",
    }
}

keyword_enum! {
    /// Whether a statement's text is the speaker's own words or a reporter's summary.
    ///
    /// ```
    /// use stancegraph::TextMode;
    /// assert_eq!("quote".parse::<TextMode>()?, TextMode::Quote);
    /// # Ok::<(), stancegraph::model::ParseKindError>(())
    /// ```
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum TextMode ("text mode") {
        /// The exact words, as quoted by the source.
        Quote = "quote",
        /// A summary of what was said.
        #[default]
        Paraphrase = "paraphrase",
    }
}

/// One actor a statement is about, and the speaker's stance toward it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Target {
    /// Key of the target actor.
    pub actor: String,
    /// The speaker's stance toward the target, from -1 (hostile) to +1 (friendly).
    pub stance: f64,
}

impl Target {
    /// A target with a stance in `[-1, 1]` (checked when the graph is built).
    pub fn new(actor: impl Into<String>, stance: f64) -> Self {
        Target { actor: actor.into(), stance }
    }
}

/// Something an actor said: a node of the graph linking speaker, targets, outlets
/// and events.
///
/// ```
/// use stancegraph::{Hedge, StatementKind, model::{Citation, Statement, Target}};
///
/// let s = Statement::new("mfa-provocation", "lemuria-mfa", "2031-05-04".parse()?)
///     .with_kind(StatementKind::Accusation)
///     .quote("deliberate provocation")
///     .target(Target::new("atlantis", -0.8))
///     .with_hedge(Hedge::Possible)
///     .via("lemurian-radio")
///     .cite(Citation::new("gazette").paragraph(3));
/// assert_eq!(s.via, ["lemurian-radio"]);
/// # Ok::<(), stancegraph::DateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Statement {
    /// Stable key, unique among statements.
    pub key: String,
    /// Key of the actor who spoke.
    pub speaker: String,
    /// When it was said.
    pub date: PartialDate,
    /// Position among statements of the same date, for ordering within a day.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub order: u32,
    /// What the statement does.
    #[serde(default = "default_kind")]
    pub kind: StatementKind,
    /// Whether `text` is a direct quote or a paraphrase.
    #[serde(default)]
    pub mode: TextMode,
    /// The quoted words or the paraphrase. A paraphrase may be empty for coded
    /// data that records who took which stance but not the words; a quote may not.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Who the statement is about, each with a stance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// How firmly it was put.
    #[serde(default, skip_serializing_if = "is_asserted")]
    pub hedge: Hedge,
    /// The chain of outlets that carried the words to the public, the one nearest
    /// the reader first ("state radio quoted the minister": `["state-radio"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    /// Further chains of outlets that carried the same words, each nearest the reader
    /// first: a statement reported by several outlets is one statement with one chain
    /// per route (`via` the first, these the others), not one statement per outlet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_via: Vec<Vec<String>>,
    /// Who it was said to ("reporters", "the ambassador").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Keys of the events the statement is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<String>,
    /// Framing tags, lower case (`"deliberate provocation"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub framing: Vec<String>,
    /// Where the statement is reported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// Proposed by a machine (see [`extract`](crate::extract)), with its fields and
    /// stances, and not yet confirmed by a person. Absent (false) in datasets written
    /// by hand; a reviewer who confirms the statement removes it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub proposed: bool,
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

fn is_asserted(value: &Hedge) -> bool {
    *value == Hedge::Asserted
}

fn default_kind() -> StatementKind {
    StatementKind::Statement
}

impl Statement {
    /// A plain, asserted, paraphrased statement with no text yet.
    pub fn new(key: impl Into<String>, speaker: impl Into<String>, date: PartialDate) -> Self {
        Statement {
            key: key.into(),
            speaker: speaker.into(),
            date,
            order: 0,
            kind: StatementKind::Statement,
            mode: TextMode::Paraphrase,
            text: String::new(),
            targets: Vec::new(),
            hedge: Hedge::Asserted,
            via: Vec::new(),
            also_via: Vec::new(),
            audience: None,
            about: Vec::new(),
            framing: Vec::new(),
            citations: Vec::new(),
            proposed: false,
        }
    }

    /// Marks the statement as machine-proposed (`true`) or confirmed by a person (`false`).
    pub fn with_proposed(mut self, proposed: bool) -> Self {
        self.proposed = proposed;
        self
    }

    /// Sets the position within the day.
    pub fn with_order(mut self, order: u32) -> Self {
        self.order = order;
        self
    }

    /// Sets the kind.
    pub fn with_kind(mut self, kind: StatementKind) -> Self {
        self.kind = kind;
        self
    }

    /// Sets the text to the speaker's exact words.
    pub fn quote(mut self, words: impl Into<String>) -> Self {
        self.mode = TextMode::Quote;
        self.text = words.into();
        self
    }

    /// Sets the text to a paraphrase.
    pub fn paraphrase(mut self, summary: impl Into<String>) -> Self {
        self.mode = TextMode::Paraphrase;
        self.text = summary.into();
        self
    }

    /// Adds a target with its stance.
    pub fn target(mut self, target: Target) -> Self {
        self.targets.push(target);
        self
    }

    /// Sets the hedge.
    pub fn with_hedge(mut self, hedge: Hedge) -> Self {
        self.hedge = hedge;
        self
    }

    /// Appends an outlet to the chain that carried the statement.
    pub fn via(mut self, outlet: impl Into<String>) -> Self {
        self.via.push(outlet.into());
        self
    }

    /// Adds another chain of outlets that carried the same words (see
    /// [`Statement::also_via`]).
    ///
    /// ```
    /// use stancegraph::model::Statement;
    ///
    /// let s = Statement::new("s1", "minister", "2031-05-04".parse()?).via("radio").also_via(["wire", "radio"]);
    /// assert_eq!(s.also_via, [["wire", "radio"]]);
    /// # Ok::<(), stancegraph::DateError>(())
    /// ```
    pub fn also_via<S: Into<String>>(mut self, chain: impl IntoIterator<Item = S>) -> Self {
        self.also_via.push(chain.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the audience.
    pub fn with_audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// Adds an event the statement is about.
    pub fn about(mut self, event: impl Into<String>) -> Self {
        self.about.push(event.into());
        self
    }

    /// Adds a framing tag.
    pub fn framing(mut self, tag: impl Into<String>) -> Self {
        self.framing.push(tag.into());
        self
    }

    /// Adds a citation.
    pub fn cite(mut self, citation: Citation) -> Self {
        self.citations.push(citation);
        self
    }
}
