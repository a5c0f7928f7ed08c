//! Compact statement storage.
//!
//! A feed of millions of coded statements (speaker, target, stance, date) must not
//! pay a heap allocation per statement. Keys and texts live in interners (one
//! contiguous buffer each), targets in two flat columns, and the rarely used parts
//! (outlets, events, framing, audience, citations) out of line, so a bulk statement
//! costs about 40 bytes plus its key.

use string_interner::{DefaultStringInterner, DefaultSymbol, Symbol};

use super::{ActorId, EventId, StatementId};
use crate::model::{Citation, Hedge, PartialDate, StatementKind, TextMode};

/// The rarely used parts of a statement, kept out of line.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct StatementExtra {
    pub(crate) via: Box<[ActorId]>,
    /// Further outlet chains, after `via` (see `Statement::also_via`).
    pub(crate) also_via: Box<[Box<[ActorId]>]>,
    pub(crate) audience: Option<Box<str>>,
    pub(crate) about: Box<[EventId]>,
    pub(crate) framing: Box<[Box<str>]>,
    pub(crate) citations: Box<[Citation]>,
    /// Machine-proposed, not yet confirmed.
    pub(crate) proposed: bool,
}

impl StatementExtra {
    fn is_empty(&self) -> bool {
        !self.proposed
            && self.via.is_empty()
            && self.also_via.is_empty()
            && self.audience.is_none()
            && self.about.is_empty()
            && self.framing.is_empty()
            && self.citations.is_empty()
    }
}

const NO_EXTRA: u32 = u32::MAX;

/// The fixed-size part of a statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StatementRec {
    pub(crate) speaker: ActorId,
    pub(crate) date: PartialDate,
    pub(crate) order: u32,
    pub(crate) kind: StatementKind,
    pub(crate) mode: TextMode,
    pub(crate) hedge: Hedge,
    text: DefaultSymbol,
    targets_start: u32,
    extra: u32,
}

/// What a new statement holds, borrowed from its source (a dataset or a CSV row).
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewStatement<'a> {
    pub(crate) speaker: ActorId,
    pub(crate) date: PartialDate,
    pub(crate) order: u32,
    pub(crate) kind: StatementKind,
    pub(crate) mode: TextMode,
    pub(crate) hedge: Hedge,
    pub(crate) text: &'a str,
}

/// Why a statement could not be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PushError {
    /// Another statement has this key.
    Duplicate,
    /// More statements, targets or extras than 32-bit indexes hold.
    Full,
}

/// Every statement of a graph, indexed by [`StatementId`] and by key.
#[derive(Debug, Clone)]
pub(crate) struct Statements {
    // Statement `i` has key symbol `i`: keys are unique, so interning them in order
    // numbers them like the statements.
    keys: DefaultStringInterner,
    recs: Vec<StatementRec>,
    texts: DefaultStringInterner,
    target_actors: Vec<ActorId>,
    target_stances: Vec<f64>,
    extras: Vec<StatementExtra>,
    /// The symbol of "" in `texts`: coded statements have no text, so most pushes
    /// skip the text interner.
    empty_text: DefaultSymbol,
}

impl Default for Statements {
    fn default() -> Self {
        Statements::with_capacity(0)
    }
}

impl Statements {
    pub(crate) fn with_capacity(statements: usize) -> Self {
        let mut texts = DefaultStringInterner::new();
        let empty_text = texts.get_or_intern("");
        Statements {
            keys: DefaultStringInterner::with_capacity(statements),
            recs: Vec::with_capacity(statements),
            texts,
            target_actors: Vec::with_capacity(statements),
            target_stances: Vec::with_capacity(statements),
            extras: Vec::new(),
            empty_text,
        }
    }

    /// Appends a statement; its id is the number of statements before it.
    pub(crate) fn push(
        &mut self,
        key: &str,
        new: NewStatement<'_>,
        targets: impl IntoIterator<Item = (ActorId, f64)>,
        extra: StatementExtra,
    ) -> Result<StatementId, PushError> {
        let id = self.recs.len();
        let targets_start = u32::try_from(self.target_actors.len()).map_err(|_| PushError::Full)?;
        let extra_at = u32::try_from(self.extras.len()).ok().filter(|&i| i != NO_EXTRA);
        if id >= u32::MAX as usize || (!extra.is_empty() && extra_at.is_none()) {
            return Err(PushError::Full);
        }
        // One hash look-up: a key already present leaves the interner's length
        // unchanged. Nothing is stored before this check, so a duplicate stores nothing.
        let keys_before = self.keys.len();
        self.keys.get_or_intern(key);
        if self.keys.len() == keys_before {
            return Err(PushError::Duplicate);
        }
        let extra = match extra_at {
            Some(at) if !extra.is_empty() => {
                self.extras.push(extra);
                at
            }
            _ => NO_EXTRA,
        };
        for (actor, stance) in targets {
            self.target_actors.push(actor);
            self.target_stances.push(stance);
        }
        let text = if new.text.is_empty() { self.empty_text } else { self.texts.get_or_intern(new.text) };
        self.recs.push(StatementRec {
            speaker: new.speaker,
            date: new.date,
            order: new.order,
            kind: new.kind,
            mode: new.mode,
            hedge: new.hedge,
            text,
            targets_start,
            extra,
        });
        Ok(StatementId::from_index(id))
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.recs.shrink_to_fit();
        self.target_actors.shrink_to_fit();
        self.target_stances.shrink_to_fit();
        self.extras.shrink_to_fit();
        self.keys.shrink_to_fit();
        self.texts.shrink_to_fit();
    }

    pub(crate) fn len(&self) -> usize {
        self.recs.len()
    }

    pub(crate) fn index_of(&self, key: &str) -> Option<StatementId> {
        self.keys.get(key).map(|s| StatementId::from_index(s.to_usize()))
    }

    /// The fixed part of statement `id`. Ids come from this store, so they are in range.
    pub(crate) fn rec(&self, id: StatementId) -> &StatementRec {
        &self.recs[id.index()]
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = (StatementId, &StatementRec)> + Clone + '_ {
        self.recs.iter().enumerate().map(|(i, r)| (StatementId::from_index(i), r))
    }

    pub(crate) fn key(&self, id: StatementId) -> &str {
        Symbol::try_from_usize(id.index()).and_then(|s: DefaultSymbol| self.keys.resolve(s)).unwrap_or("")
    }

    pub(crate) fn text(&self, id: StatementId) -> &str {
        self.texts.resolve(self.rec(id).text).unwrap_or("")
    }

    fn target_range(&self, id: StatementId) -> std::ops::Range<usize> {
        let start = self.rec(id).targets_start as usize;
        let end =
            self.recs.get(id.index() + 1).map_or(self.target_actors.len(), |r| r.targets_start as usize);
        start..end
    }

    /// The targets of statement `id` with the speaker's stance toward each.
    pub(crate) fn targets(
        &self,
        id: StatementId,
    ) -> impl ExactSizeIterator<Item = (ActorId, f64)> + Clone + '_ {
        let range = self.target_range(id);
        self.target_actors[range.clone()].iter().copied().zip(self.target_stances[range].iter().copied())
    }

    pub(crate) fn extra(&self, id: StatementId) -> Option<&StatementExtra> {
        match self.rec(id).extra {
            NO_EXTRA => None,
            at => self.extras.get(at as usize),
        }
    }
}

impl PartialEq for Statements {
    /// Equal when every statement has the same key, fields, text, targets and extras,
    /// in the same order; interner layout does not matter.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.iter().all(|(id, a)| {
                let b = other.rec(id);
                (a.speaker, a.date, a.order, a.kind, a.mode, a.hedge)
                    == (b.speaker, b.date, b.order, b.kind, b.mode, b.hedge)
                    && self.key(id) == other.key(id)
                    && self.text(id) == other.text(id)
                    && self.targets(id).eq(other.targets(id))
                    && self.extra(id) == other.extra(id)
            })
    }
}

#[cfg(test)]
mod size {
    /// Guards the per-item budget that issue-scale loads depend on.
    #[test]
    fn records_stay_small() {
        assert!(std::mem::size_of::<super::StatementRec>() <= 32);
        assert!(std::mem::size_of::<crate::graph::RelationRec>() <= 40);
        // External ids cost an actor 8 bytes: a non-zero Wikidata number and three
        // letters beside the kind.
        assert!(
            std::mem::size_of::<crate::graph::ActorRec>() <= 88,
            "{}",
            std::mem::size_of::<crate::graph::ActorRec>()
        );
    }
}
