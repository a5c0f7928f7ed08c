//! Speakers: the named things in an article, and which one each source mention means.
//!
//! [`Entities::find`] scans the text once for **full mentions**: runs of
//! capitalised words ("Ana Kovac", "Germany’s Defense Ministry", "NATO"),
//! with honorifics and title words split off as a descriptor ("Elysee spokesman",
//! "NATO Secretary General"). Each is classified (gazetteer place, organisation by
//! its head noun, person) and merged into an [`Entity`] with earlier mentions of
//! the same thing: a person by surname, a place by its gazetteer entry (so "Paris"
//! is France), a body by its name with its state ("the Foreign Ministry in X" and
//! "X’s Foreign Ministry" are one).
//!
//! [`Entities::resolve`] then maps a source mention to an entity, looking back
//! from the mention (never forward) for the last compatible one:
//! - a pronoun: "he"/"she" the last person outside quotes, "it" the last body or
//!   state, "they" the last body, state or group, "who" the nearest mention in its
//!   sentence;
//! - a mention containing a name: that name's entity ("Mr. Sorokin" by surname);
//! - a description ("the ministry", "the NATO chief"): the last entity of the kind
//!   its head noun names, preferring one whose descriptor shares its modifiers;
//! - anything else becomes a new entity named after the mention, its kind guessed
//!   from its head noun.
//!
//! Look-back is capped at [`LOOK_BACK`] mentions, so resolution stays linear.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::lexicon::{HONORIFICS, NOT_NAMES, PERSON_ROLES, Pronoun, gazetteer, kind_of_noun, pronoun};
use super::text::{Document, TokenKind};
use crate::ActorKind;

/// How many earlier mentions a short reference may look back over.
pub const LOOK_BACK: usize = 400;
/// Surface forms and descriptor words kept per entity.
const MAX_FORMS: usize = 16;

/// Something the article names: a person, a body, a state.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The fullest name seen ("Ivan Sorokin", "German Defense Ministry").
    pub name: String,
    /// The guessed kind.
    pub kind: ActorKind,
    /// Every surface form seen, first seen first ("Sorokin", "Mr. Sorokin").
    pub forms: Vec<String>,
    /// Lower-case descriptor words seen with it ("elysee", "spokesman").
    pub descriptors: Vec<String>,
    /// The state it belongs to, by gazetteer name, when the text says ("Germany").
    pub state: Option<String>,
    /// Whether the name came from the gazetteer (a state, an organisation, a seat of government).
    pub from_gazetteer: bool,
    /// Byte offset of the first mention.
    pub first_seen: usize,
}

impl Entity {
    /// An entity first named `name` at byte `first_seen`, with nothing else known yet.
    fn named(name: String, kind: ActorKind, first_seen: usize) -> Entity {
        Entity {
            name,
            kind,
            forms: Vec::new(),
            descriptors: Vec::new(),
            state: None,
            from_gazetteer: false,
            first_seen,
        }
    }
}

/// One place the article names an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The tokens of the name.
    pub tokens: Range<usize>,
    /// The entity (index into [`Entities::entities`]).
    pub entity: usize,
    /// Whether the name lies inside quotation marks.
    pub quoted: bool,
}

/// The entities of one article and their mentions in text order.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// Every entity, in order of first mention (entities added by [`Entities::resolve`] last).
    pub entities: Vec<Entity>,
    /// Every full mention, in text order.
    pub mentions: Vec<Mention>,
    by_key: HashMap<String, usize>,
}

fn capitalised(doc: &Document<'_>, i: usize) -> bool {
    doc.tokens()[i].kind == TokenKind::Word && doc.word(i).chars().next().is_some_and(char::is_uppercase)
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("\u{2019}s").or_else(|| s.strip_suffix("'s")).unwrap_or(s)
}

/// Words of a token range, skipping punctuation ("U.S." stays one piece of text).
fn text_of(doc: &Document<'_>, r: Range<usize>) -> String {
    doc.slice(r).split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Entities {
    /// Finds the full mentions of a document and merges them into entities.
    ///
    /// ```
    /// use stancegraph::extract::{Document, Entities};
    ///
    /// let doc = Document::new("Foreign Minister Ana Kovac spoke. Mr. Kovac left. He said no.");
    /// let mut entities = Entities::find(&doc);
    /// assert_eq!(entities.entities.len(), 1); // "Ana Kovac" and "Mr. Kovac" are one person
    /// let he = doc.tokens().iter().position(|t| &doc.text()[t.start..t.end] == "He").unwrap();
    /// let k = entities.resolve(&doc, &(he..he + 1)).unwrap();
    /// assert_eq!(entities.entities[k].name, "Ana Kovac");
    /// ```
    pub fn find(doc: &Document<'_>) -> Entities {
        let mut lower_seen: HashSet<&str> = HashSet::new();
        for i in 0..doc.tokens().len() {
            if doc.tokens()[i].kind == TokenKind::Word && !capitalised(doc, i) {
                lower_seen.insert(doc.lower(i));
            }
        }
        let mut out = Entities::default();
        let n = doc.tokens().len();
        let mut i = 0;
        while i < n {
            if !capitalised(doc, i) {
                i += 1;
                continue;
            }
            let lower = strip_possessive(doc.lower(i));
            let sentence_start = doc.sentences().get(doc.sentence_of(i)).is_some_and(|s| s.start == i)
                || (i > 0 && doc.tokens()[i - 1].kind == TokenKind::OpenQuote);
            if NOT_NAMES.contains(&lower) || (sentence_start && lower_seen.contains(lower)) {
                i += 1;
                continue;
            }
            if HONORIFICS.contains(&lower) {
                // "Mr." then the name.
                let mut j = i + 1;
                if j < n && doc.word(j) == "." {
                    j += 1;
                }
                if j < n && capitalised(doc, j) {
                    let end = name_run_end(doc, j);
                    out.add_person(doc, j..end, Some(i..j), quoted(doc, j));
                    i = end;
                } else {
                    i = j;
                }
                continue;
            }
            let end = name_run_end(doc, i);
            if designation(doc, end) {
                // "S-300", "F-16": a model or unit number, not a name.
                i = end;
                continue;
            }
            if end == i + 1 && out.group(doc, i) {
                i = out.mentions.last().map_or(end, |m| m.tokens.end);
                continue;
            }
            out.classify(doc, i..end);
            i = end;
        }
        out
    }

    fn key_of(&mut self, key: String, make: impl FnOnce() -> Entity) -> usize {
        if let Some(&k) = self.by_key.get(&key) {
            return k;
        }
        let k = self.entities.len();
        self.entities.push(make());
        self.by_key.insert(key, k);
        k
    }

    fn push_mention(&mut self, tokens: Range<usize>, entity: usize, quoted: bool) {
        self.mentions.push(Mention { tokens, entity, quoted });
    }

    /// Classifies one run of capitalised words and records its mentions.
    fn classify(&mut self, doc: &Document<'_>, run: Range<usize>) {
        let quoted = quoted(doc, run.start);
        let last = run.end - 1;
        let head = doc.lower(last);
        let head_kind = kind_of_noun(head).filter(|k| *k != ActorKind::Person);
        let full = text_of(doc, run.clone());
        let g = gazetteer();
        if let Some(place) = g.by_name(strip_possessive(&full)) {
            let k = self.place(place.name.as_str(), place.kind, doc.tokens()[run.start].start);
            self.note_form(k, &full);
            self.push_mention(run, k, quoted);
            return;
        }
        if let Some(kind) = head_kind
            && (run.len() > 1 || kind == ActorKind::Media)
        {
            self.add_body(doc, run, kind, quoted);
            return;
        }
        // Leading place names, titles and known bodies describe the person that follows.
        let mut start = run.start;
        let mut state = None;
        while start < last {
            let w = strip_possessive(doc.lower(start));
            if PERSON_ROLES.contains(&w) || w == "." || doc.tokens()[start].kind == TokenKind::Punct {
                start += 1;
            } else if let Some(p) = g.by_name(w).or_else(|| g.by_adjective(w)) {
                if p.kind == ActorKind::State {
                    state = Some(p.name.clone());
                }
                start += 1;
            } else {
                break;
            }
        }
        let descriptor = (start > run.start).then_some(run.start..start);
        if start > run.start && run.end - start >= 1 {
            // The prefix may itself be a body ("NATO", "Elysee"): record it too.
            if let Some(p) = g.by_name(strip_possessive(&text_of(doc, run.start..start))) {
                let k = self.place(p.name.as_str(), p.kind, doc.tokens()[run.start].start);
                self.push_mention(run.start..start, k, quoted);
            }
        }
        let k = self.add_person(doc, start..run.end, descriptor, quoted);
        if self.entities[k].state.is_none() {
            self.entities[k].state = state;
        }
    }

    /// One capitalised word and a lower-case body noun: "Brest region", "Western analysts",
    /// "German authorities" (a state's adjective and its authorities: the state itself).
    fn group(&mut self, doc: &Document<'_>, i: usize) -> bool {
        let n = doc.tokens().len();
        if i + 1 >= n || doc.tokens()[i + 1].kind != TokenKind::Word || capitalised(doc, i + 1) {
            return false;
        }
        // The noun compound after the word: "state media", "armed forces".
        let mut last = i + 1;
        while last + 1 < n
            && doc.tokens()[last + 1].kind == TokenKind::Word
            && !capitalised(doc, last + 1)
            && kind_of_noun(doc.lower(last + 1)).is_some_and(|k| k != ActorKind::Person)
        {
            last += 1;
        }
        // "State news agency Tarpa": the words describe the name that follows.
        if last + 1 < n && capitalised(doc, last + 1) {
            return false;
        }
        let noun = doc.lower(last);
        let Some(kind) = kind_of_noun(noun).filter(|k| *k != ActorKind::Person) else { return false };
        let kind = if (i + 1..=last).any(|k| kind_of_noun(doc.lower(k)) == Some(ActorKind::Media)) {
            ActorKind::Media
        } else {
            kind
        };
        let next = last + 1 - i;
        let quoted = quoted(doc, i);
        let at = doc.tokens()[i].start;
        let place = gazetteer().by_adjective(doc.word(i)).filter(|p| p.kind == ActorKind::State);
        if let (Some(p), ActorKind::Government) = (place, kind) {
            let k = self.place(&p.name.clone(), p.kind, at);
            self.push_mention(i..i + next, k, quoted);
            return true;
        }
        if gazetteer().by_name(doc.word(i)).is_some() {
            return false; // "France trip": a place, classified as one
        }
        let name = text_of(doc, i..i + next);
        let state = place.map(|p| p.name.clone());
        let k = self.key_of(format!("body:{}", name.to_lowercase()), || Entity {
            descriptors: vec![noun.to_owned()],
            state,
            ..Entity::named(name.clone(), kind, at)
        });
        self.push_mention(i..i + next, k, quoted);
        true
    }

    fn place(&mut self, name: &str, kind: ActorKind, at: usize) -> usize {
        self.key_of(format!("place:{}", name.to_lowercase()), || Entity {
            state: (kind == ActorKind::State).then(|| name.to_owned()),
            from_gazetteer: true,
            ..Entity::named(name.to_owned(), kind, at)
        })
    }

    fn note_form(&mut self, k: usize, form: &str) {
        let e = &mut self.entities[k];
        if e.forms.len() < MAX_FORMS && !e.forms.iter().any(|f| f == form) {
            e.forms.push(form.to_owned());
        }
    }

    /// A body: "Germany’s Defense Ministry", "Foreign Ministry in X", "Italian Armed Forces".
    fn add_body(&mut self, doc: &Document<'_>, run: Range<usize>, kind: ActorKind, quoted: bool) {
        let g = gazetteer();
        let mut state = None;
        let mut start = run.start;
        // An owner in front: "X’s ...", or an adjective: "German ...".
        let first = doc.lower(run.start);
        if let Some(p) = g.by_name(strip_possessive(first)).filter(|_| first != strip_possessive(first)) {
            state = Some(p.name.clone());
            start += 1;
        } else if let Some(p) = g.by_adjective(first) {
            state = Some(p.name.clone());
        }
        // A place after it: "... in X".
        if state.is_none()
            && run.end + 1 < doc.tokens().len()
            && doc.lower(run.end) == "in"
            && let Some(p) = g.by_name(doc.word(run.end + 1)).filter(|p| p.kind == ActorKind::State)
        {
            state = Some(p.name.clone());
        }
        let own = text_of(doc, start..run.end);
        let adjective =
            state.as_deref().and_then(|s| g.by_name(s)).and_then(|p| p.adjectives.first().cloned());
        let name = match (&adjective, start > run.start) {
            (Some(adj), _) if !own.to_lowercase().starts_with(&adj.to_lowercase()) => format!("{adj} {own}"),
            _ => own.clone(),
        };
        // A bare "Defense Ministry" after "German Defense Ministry" is the same body.
        let suffix = format!(" {own}");
        let existing = self
            .entities
            .iter()
            .enumerate()
            .rev()
            .take(LOOK_BACK)
            .find(|(_, e)| {
                e.kind == kind && !e.from_gazetteer && (e.name == name || e.name.ends_with(&suffix))
            })
            .map(|(k, _)| k);
        let k = match existing {
            Some(k) if state.is_none() || self.entities[k].state == state => k,
            _ => self.key_of(format!("body:{}", name.to_lowercase()), || Entity {
                state: state.clone(),
                ..Entity::named(name.clone(), kind, doc.tokens()[run.start].start)
            }),
        };
        self.note_form(k, &text_of(doc, run.clone()));
        self.push_mention(run, k, quoted);
    }

    /// A person's name (after any title), merged with earlier mentions by surname.
    fn add_person(
        &mut self,
        doc: &Document<'_>,
        name: Range<usize>,
        descriptor: Option<Range<usize>>,
        quoted: bool,
    ) -> usize {
        let words: Vec<&str> =
            name.clone().filter(|&i| doc.tokens()[i].kind == TokenKind::Word).map(|i| doc.word(i)).collect();
        let surname = words.last().map(|w| strip_possessive(w).to_lowercase()).unwrap_or_default();
        let full = words.iter().map(|w| strip_possessive(w)).collect::<Vec<_>>().join(" ");
        // Descriptor words: the title prefix and up to three lower-case words before the name.
        let mut desc: Vec<String> = Vec::new();
        let from = descriptor.as_ref().map_or(name.start, |d| d.start);
        let mut j = from;
        let sentence_start = doc.sentences().get(doc.sentence_of(from)).map_or(0, |s| s.start);
        while j > sentence_start && from - j < 3 && doc.tokens()[j - 1].kind == TokenKind::Word {
            j -= 1;
        }
        for i in j..name.start {
            if doc.tokens()[i].kind == TokenKind::Word {
                desc.push(strip_possessive(doc.lower(i)).to_owned());
            }
        }
        let single = words.len() <= 1;
        let titled = descriptor.is_some() || desc.iter().any(|d| PERSON_ROLES.contains(&d.as_str()));
        let kind = if single && !titled {
            // One unknown capitalised word: a surname seen before, or a body named by the word before it.
            let media = desc.iter().any(|d| kind_of_noun(d) == Some(ActorKind::Media));
            match desc.last().and_then(|d| kind_of_noun(d)) {
                Some(_) if media => ActorKind::Media,
                Some(k) => k,
                None if self.surname(&surname).is_some() => ActorKind::Person,
                None => ActorKind::Organization,
            }
        } else {
            ActorKind::Person
        };
        let k = if kind == ActorKind::Person {
            match self.surname(&surname) {
                Some(k) => k,
                None => self.key_of(format!("person:{surname}"), || {
                    Entity::named(full.clone(), kind, doc.tokens()[name.start].start)
                }),
            }
        } else {
            self.key_of(format!("body:{}", full.to_lowercase()), || {
                Entity::named(full.clone(), kind, doc.tokens()[name.start].start)
            })
        };
        let e = &mut self.entities[k];
        if e.kind == ActorKind::Person && full.split(' ').count() > e.name.split(' ').count() {
            e.name = full.clone();
        }
        for d in desc {
            if e.descriptors.len() < MAX_FORMS && !e.descriptors.contains(&d) {
                e.descriptors.push(d);
            }
        }
        self.note_form(k, &text_of(doc, descriptor.map_or(name.start, |d| d.start)..name.end));
        self.push_mention(name, k, quoted);
        k
    }

    fn surname(&self, surname: &str) -> Option<usize> {
        self.by_key.get(&format!("person:{surname}")).copied()
    }

    /// The last mention of an entity that passes `ok`, starting before token `before`.
    fn last_before(&self, before: usize, ok: impl Fn(&Mention, &Entity) -> bool) -> Option<usize> {
        let end = self.mentions.partition_point(|m| m.tokens.start < before);
        self.mentions[..end]
            .iter()
            .rev()
            .take(LOOK_BACK)
            .find(|m| ok(m, &self.entities[m.entity]))
            .map(|m| m.entity)
    }

    /// The entity a source mention means (see the module docs); `None` for an empty mention.
    pub fn resolve(&mut self, doc: &Document<'_>, source: &Range<usize>) -> Option<usize> {
        let words: Vec<usize> =
            source.clone().filter(|&i| doc.tokens()[i].kind != TokenKind::Punct).collect();
        let first = *words.first()?;
        // A name inside the mention: a person first ("Elysee spokesman Ivan Sorokin"), else the first.
        let start = self.mentions.partition_point(|m| m.tokens.end <= source.start);
        let inside: Vec<&Mention> =
            self.mentions[start..].iter().take_while(|m| m.tokens.start < source.end).collect();
        // "the military commissar of the Brest region": a role noun heads the phrase, the names
        // after it only describe; that is a description, not the region.
        let head_end = source
            .clone()
            .find(|&i| matches!(doc.lower(i), "of" | "," | "(" | "who" | "\u{2014}"))
            .unwrap_or(source.end);
        let role_head = (source.start..head_end)
            .rev()
            .find(|&i| doc.tokens()[i].kind == TokenKind::Word)
            .filter(|&h| !capitalised(doc, h) && kind_of_noun(doc.lower(h)) == Some(ActorKind::Person));
        // "the NATO chief": a role noun heads it and no person is named, so it describes one.
        let described_only = role_head.is_some_and(|h| {
            inside.iter().all(|m| m.tokens.start > h || self.entities[m.entity].kind != ActorKind::Person)
        });
        if !described_only {
            if let Some(m) = inside.iter().find(|m| self.entities[m.entity].kind == ActorKind::Person) {
                return Some(m.entity);
            }
            if let Some(m) = inside.first() {
                return Some(m.entity);
            }
        }
        if (words.len() == 1 || pronoun(doc.lower(first)).is_some() && words.len() <= 2)
            && let Some(p) = pronoun(doc.lower(first))
        {
            return self.resolve_pronoun(doc, p, first);
        }
        // A description: head noun and modifiers.
        let clause_end =
            source.clone().find(|&i| matches!(doc.word(i), "," | "(" | "\u{2014}")).unwrap_or(source.end);
        let head = match role_head {
            Some(h) => h,
            None => (source.start..clause_end).rev().find(|&i| doc.tokens()[i].kind == TokenKind::Word)?,
        };
        let head_word = doc.lower(head);
        let modifiers: Vec<&str> = (source.start..head)
            .filter(|&i| doc.tokens()[i].kind == TokenKind::Word)
            .map(|i| doc.lower(i))
            .collect();
        let g = gazetteer();
        let state = modifiers.iter().find_map(|m| g.by_adjective(m).or_else(|| g.by_name(m)));
        let kind = kind_of_noun(head_word);
        let definite = modifiers.first().is_some_and(|m| matches!(*m, "the" | "this" | "that"));
        if let (Some(kind), true) = (kind, definite) {
            let wanted: Vec<&str> =
                modifiers.iter().copied().filter(|m| !matches!(*m, "the" | "this" | "that")).collect();
            let fits = |e: &Entity| match kind {
                ActorKind::Person => e.kind == ActorKind::Person,
                ActorKind::Government => matches!(e.kind, ActorKind::Government | ActorKind::State),
                ActorKind::State => e.kind == ActorKind::State,
                k => e.kind == k,
            };
            let has = |e: &Entity, w: &str| {
                e.descriptors.iter().any(|d| d == w) || e.name.to_lowercase().contains(w)
            };
            // "the NATO chief": a person described by the head noun or by all the modifiers.
            let described = |e: &Entity| {
                (has(e, head_word) && wanted.iter().all(|w| has(e, w)))
                    || (!wanted.is_empty() && wanted.iter().all(|w| has(e, w)))
            };
            let before = source.start;
            if let Some(k) = self.last_before(before, |m, e| !m.quoted && fits(e) && described(e)) {
                return Some(k);
            }
            // A body ("the ministry") is the last of its kind; a person is not just the last person.
            if kind != ActorKind::Person
                && let Some(k) = self.last_before(before, |m, e| !m.quoted && fits(e))
            {
                return Some(k);
            }
        }
        // "German authorities" with no name: the state itself speaks.
        if let (Some(p), Some(ActorKind::Government)) = (state, kind)
            && p.kind == ActorKind::State
            && head_word == "authorities"
        {
            return Some(self.place(&p.name, p.kind, doc.tokens()[first].start));
        }
        // A new entity named by the mention itself.
        let skip = usize::from(modifiers.first().is_some_and(|m| matches!(*m, "the" | "a" | "an")));
        let name_words: Vec<&str> = (source.start..clause_end)
            .filter(|&i| doc.tokens()[i].kind != TokenKind::Punct)
            .skip(skip)
            .map(|i| doc.word(i))
            .collect();
        let mut name = name_words.join(" ");
        if let Some(c) = name.chars().next() {
            name = c.to_uppercase().chain(name.chars().skip(1)).collect();
        }
        let kind = kind.unwrap_or(ActorKind::Organization);
        let at = doc.tokens()[first].start;
        let k = self.key_of(format!("new:{}", name.to_lowercase()), || Entity {
            forms: vec![name.clone()],
            descriptors: modifiers.iter().map(|m| m.to_string()).collect(),
            state: state.map(|p| p.name.clone()),
            ..Entity::named(name.clone(), kind, at)
        });
        Some(k)
    }

    fn resolve_pronoun(&self, doc: &Document<'_>, p: Pronoun, at: usize) -> Option<usize> {
        match p {
            Pronoun::Person => self.last_before(at, |m, e| !m.quoted && e.kind == ActorKind::Person),
            Pronoun::Thing => self.last_before(at, |m, e| !m.quoted && e.kind != ActorKind::Person),
            Pronoun::Group => self
                .last_before(at, |m, e| !m.quoted && e.kind != ActorKind::Person)
                .or_else(|| self.last_before(at, |m, _| !m.quoted)),
            Pronoun::Relative => {
                let sentence = doc.sentences().get(doc.sentence_of(at))?.start;
                self.last_before(at, |m, _| m.tokens.start >= sentence)
            }
        }
    }

    /// The entities named inside the token range (each once, in order).
    pub fn named_in(&self, tokens: &Range<usize>) -> Vec<usize> {
        let start = self.mentions.partition_point(|m| m.tokens.end <= tokens.start);
        let mut out: Vec<usize> = Vec::new();
        for m in self.mentions[start..].iter().take_while(|m| m.tokens.start < tokens.end) {
            if m.tokens.end <= tokens.end && !out.contains(&m.entity) {
                out.push(m.entity);
            }
        }
        out
    }
}

fn quoted(doc: &Document<'_>, i: usize) -> bool {
    doc.tokens()[i].in_quote
}

/// Whether a capitalised run that ends before token `end` is the letter part of a
/// designation: a hyphen and a number follow with no space ("S-300", "F-16").
fn designation(doc: &Document<'_>, end: usize) -> bool {
    let tokens = doc.tokens();
    end + 1 < tokens.len()
        && doc.word(end) == "-"
        && !tokens[end].after_space
        && !tokens[end + 1].after_space
        && doc.word(end + 1).starts_with(|c: char| c.is_ascii_digit())
}

/// The end of a run of capitalised words from `i`: connectors ("of", "and", "the", "for")
/// between capitalised words, initials ("U.S."), hyphens and ampersands included.
fn name_run_end(doc: &Document<'_>, i: usize) -> usize {
    let n = doc.tokens().len();
    let same_line = |a: usize, b: usize| {
        doc.tokens()[b].paragraph == doc.tokens()[a].paragraph && !doc.tokens()[b].after_newline
    };
    let mut end = i + 1;
    while end < n && same_line(end - 1, end) {
        let w = doc.word(end);
        if capitalised(doc, end) && !NOT_NAMES.contains(&doc.lower(end)) {
            end += 1;
        } else if (w == "." && doc.word(end - 1).chars().count() == 1 && !doc.tokens()[end].after_space)
            || ((w == "-" || w == "&") && !doc.tokens()[end].after_space)
        {
            // "U.S.", "Al-Assad", "AT&T"
            if end + 1 < n && capitalised(doc, end + 1) && !doc.tokens()[end + 1].after_space {
                end += 2;
            } else if w == "." {
                end += 1;
                break;
            } else {
                break;
            }
        } else if matches!(doc.lower(end), "of" | "for" | "and" | "the" | "de" | "al")
            && end + 1 < n
            && capitalised(doc, end + 1)
            && same_line(end, end + 1)
            && doc.lower(end + 1) != "the"
            && kind_of_noun(doc.lower(end - 1)).is_some()
        {
            end += 2;
        } else {
            break;
        }
    }
    end
}
