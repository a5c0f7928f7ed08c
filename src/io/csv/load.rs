//! Reading the tables into validated graph records: sources, actors (with their
//! `parent` column), relations and events. Statements are in `statements.rs`.
//!
//! Tables are read in dependency order (sources, actors, relations, events,
//! statements), so every key a row names is resolved while the row is in hand: no
//! row is kept as owned strings to be resolved later.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::error::{CsvPosition, CsvProblemKind};
use super::fast;
use super::keys::KeyIndex;
use super::table::{Checked, Col, FxBuild, Names, Row, Sink, Table, invalid};
use crate::error::clipped;
use crate::graph::{ActorId, ActorRec, EventRec, RelationRec, Statements};
use crate::model::{Citation, PartialDate, RelationKind, Source};

/// Everything read so far.
pub(crate) struct Loader {
    pub(crate) sink: Sink,
    pub(crate) sources: IndexMap<Box<str>, Source>,
    /// The actors in the map ([`Loader::actors_ready`]): actor `i` has key `i` of
    /// `actor_keys`, and then come those of the map builder and `actor_recs`.
    pub(crate) actors: IndexMap<Box<str>, ActorRec>,
    /// The map of the actors of the fast path, if it is being made on another
    /// thread.
    actor_map: Option<MapBuilder>,
    /// Actors read and not yet in the map, in order.
    actor_recs: Vec<ActorRec>,
    /// The actors' keys, for the many look-ups.
    pub(crate) actor_keys: KeyIndex,
    pub(crate) relations: Vec<RelationRec>,
    pub(crate) events: IndexMap<Box<str>, EventRec>,
    pub(crate) statements: Statements,
    /// The line of each stored statement's first row, to report repeated keys.
    pub(crate) statement_lines: super::statements::Lines,
    /// Where a repeated statement key is reported (its line aside), when the keys
    /// of a clean statements table are still to be checked.
    pub(crate) unchecked_keys: Option<CsvPosition>,
    /// `parent` columns: (child, parent, line), resolved once all actors are read.
    parents: Vec<(ActorId, ActorId, u64)>,
    /// Every hierarchical link (child, parent) and where it was read: the actors
    /// table's `parent` column or a relations row, for hierarchy-cycle reports.
    hierarchy: Vec<(ActorId, ActorId, Origin)>,
    /// The actors and relations tables' names.
    actor_file: String,
    relation_file: String,
    /// How many unknown keys got "did you mean" suggestions (bounded: each is a scan).
    suggested: usize,
    /// What the fast path's tables share.
    pub(crate) pool: fast::Pool,
}

pub(crate) const SRC_KEY: usize = 0;
const SRC_TITLE: usize = 1;
const SRC_PUBLISHER: usize = 2;
const SRC_AUTHOR: usize = 3;
const SRC_DATE: usize = 4;
const SRC_URL: usize = 5;
pub(crate) const SOURCE_COLS: &[Col] = &[
    Col { name: "key", aliases: &["id"], required: true },
    Col { name: "title", aliases: &[], required: true },
    Col { name: "publisher", aliases: &[], required: false },
    Col { name: "author", aliases: &[], required: false },
    Col { name: "date", aliases: &[], required: false },
    Col { name: "url", aliases: &[], required: false },
];

const A_KEY: usize = 0;
const A_NAME: usize = 1;
const A_KIND: usize = 2;
const A_PARENT: usize = 3;
const A_ALIASES: usize = 4;
const A_DESCRIPTION: usize = 5;
const A_CITATIONS: usize = 6;
const A_WIKIDATA: usize = 7;
const A_COUNTRY: usize = 8;
pub(crate) const ACTOR_COLS: &[Col] = &[
    Col { name: "id", aliases: &["key"], required: true },
    Col { name: "name", aliases: &[], required: true },
    Col { name: "kind", aliases: &[], required: true },
    Col { name: "parent", aliases: &[], required: false },
    Col { name: "aliases", aliases: &[], required: false },
    Col { name: "description", aliases: &[], required: false },
    Col { name: "citations", aliases: &[], required: false },
    Col { name: "wikidata", aliases: &[], required: false },
    Col { name: "country", aliases: &[], required: false },
];

const R_FROM: usize = 0;
const R_TO: usize = 1;
const R_KIND: usize = 2;
const R_START: usize = 3;
const R_END: usize = 4;
const R_CONFIDENCE: usize = 5;
const R_TITLE: usize = 6;
const R_CITATIONS: usize = 7;
pub(crate) const RELATION_COLS: &[Col] = &[
    Col { name: "source", aliases: &["from"], required: true },
    Col { name: "target", aliases: &["to"], required: true },
    Col { name: "kind", aliases: &[], required: true },
    Col { name: "start", aliases: &[], required: false },
    Col { name: "end", aliases: &[], required: false },
    Col { name: "confidence", aliases: &[], required: false },
    Col { name: "title", aliases: &[], required: false },
    Col { name: "citations", aliases: &[], required: false },
];

const E_KEY: usize = 0;
const E_KIND: usize = 1;
const E_LABEL: usize = 2;
const E_DATE: usize = 3;
const E_PLACE: usize = 4;
const E_PARTICIPANTS: usize = 5;
const E_CITATIONS: usize = 6;
pub(crate) const EVENT_COLS: &[Col] = &[
    Col { name: "key", aliases: &["id"], required: true },
    Col { name: "kind", aliases: &[], required: true },
    Col { name: "label", aliases: &[], required: true },
    Col { name: "date", aliases: &[], required: false },
    Col { name: "place", aliases: &[], required: false },
    Col { name: "participants", aliases: &[], required: false },
    Col { name: "citations", aliases: &[], required: false },
];

/// Where a hierarchical link was read: the table (in reading order) and the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    Parent(u64),
    Relation(u64),
}

/// The `parent` columns read so far: (child, line, key start, key end) into `keys`.
#[derive(Default)]
struct Parents {
    rows: Vec<(ActorId, u64, usize, usize)>,
    keys: String,
}

/// Parses an ISO date, with a fast path for the common `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Result<PartialDate, String> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u16, |n, &d| d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0')))
    };
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
    {
        // The digit checks bound the numbers to 9999 and 99.
        return PartialDate::day(y as i16, m as u8, d as u8).map_err(|e| date_reason(&e));
    }
    text.parse::<PartialDate>().map_err(|e| date_reason(&e))
}

/// The reason part of a [`DateError`](crate::DateError) message (the value is shown
/// separately).
fn date_reason(e: &crate::DateError) -> String {
    let message = e.to_string();
    match message.split_once("`: ") {
        Some((_, reason)) => reason.to_owned(),
        None => message,
    }
}

/// The expectation part of an [`ExternalIdError`](crate::model::ExternalIdError)
/// message (the value is shown separately).
fn external_reason(e: crate::model::ExternalIdError) -> String {
    let message = e.to_string();
    match message.split_once("`: ") {
        Some((_, reason)) => reason.to_owned(),
        None => message,
    }
}

/// The items of a `|`-separated list.
fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split('|')
}

impl Loader {
    pub(crate) fn new(max_problems: usize) -> Self {
        Loader {
            sink: Sink::new(max_problems),
            sources: IndexMap::new(),
            actors: IndexMap::new(),
            actor_map: None,
            actor_recs: Vec::new(),
            actor_keys: KeyIndex::default(),
            relations: Vec::new(),
            events: IndexMap::new(),
            statements: Statements::with_capacity(0),
            statement_lines: super::statements::Lines::default(),
            unchecked_keys: None,
            parents: Vec::new(),
            hierarchy: Vec::new(),
            actor_file: "actors.csv".to_owned(),
            relation_file: "relations.csv".to_owned(),
            suggested: 0,
            pool: fast::Pool::default(),
        }
    }

    /// The problem for an unknown `expected` key, with suggestions for the first few.
    pub(crate) fn unknown(&mut self, expected: &'static str, key: &str) -> CsvProblemKind {
        let mut suggestions = Vec::new();
        if self.suggested < crate::suggest::MAX_SUGGESTED_ERRORS {
            self.suggested += 1;
            let mut near = crate::suggest::Nearest::new(key);
            match expected {
                "actor" => {
                    self.actors_ready();
                    for (k, a) in &self.actors {
                        near.offer(k, || k.to_string());
                        near.offer(&a.name, || k.to_string());
                        for alias in a.aliases.iter() {
                            near.offer(alias, || k.to_string());
                        }
                    }
                }
                "source" => {
                    for k in self.sources.keys() {
                        near.offer(k, || k.to_string());
                    }
                }
                _ => {
                    for (k, e) in &self.events {
                        near.offer(k, || k.to_string());
                        near.offer(&e.label, || k.to_string());
                    }
                }
            }
            suggestions = near.finish(key);
        }
        CsvProblemKind::UnknownReference { expected, key: clipped(key), suggestions }
    }

    pub(crate) fn actor_id(&self, key: &str) -> Option<ActorId> {
        self.actor_keys.get(key).map(ActorId::from_index)
    }

    /// Column `col` as an actor key that must resolve.
    pub(crate) fn actor_at(&mut self, t: &Table<'_>, rec: &Row, col: usize) -> Checked<ActorId> {
        let key = t.req(&mut self.sink, rec, col)?;
        match self.actor_id(key) {
            Some(id) => Ok(id),
            None => {
                let kind = self.unknown("actor", key);
                Err(t.report(&mut self.sink, rec, col, kind))
            }
        }
    }

    /// A `|`-separated list of actor keys.
    pub(crate) fn actor_list(&mut self, t: &Table<'_>, rec: &Row, col: usize) -> Checked<Vec<ActorId>> {
        let Some(text) = t.opt(&mut self.sink, rec, col)? else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for key in list(text) {
            match self.actor_id(key) {
                Some(id) => out.push(id),
                None => {
                    let kind = self.unknown("actor", key);
                    return Err(t.report(&mut self.sink, rec, col, kind));
                }
            }
        }
        Ok(out)
    }

    /// A `|`-separated list of non-blank texts.
    pub(crate) fn text_list(&mut self, t: &Table<'_>, rec: &Row, col: usize) -> Checked<Vec<Box<str>>> {
        let Some(text) = t.opt(&mut self.sink, rec, col)? else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for item in list(text) {
            if crate::build::is_blank(item) {
                return Err(t.report(&mut self.sink, rec, col, invalid(text, "a list item is blank")));
            }
            out.push(item.into());
        }
        Ok(out)
    }

    /// Citations: `|`-separated `source`, `source#paragraph` or
    /// `source#paragraph#quote` items.
    pub(crate) fn citations(&mut self, t: &Table<'_>, rec: &Row, col: usize) -> Checked<Vec<Citation>> {
        let Some(text) = t.opt(&mut self.sink, rec, col)? else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for item in list(text) {
            let mut parts = item.splitn(3, '#');
            let source = parts.next().unwrap_or("");
            if !self.sources.contains_key(source) {
                let kind = self.unknown("source", source);
                return Err(t.report(&mut self.sink, rec, col, kind));
            }
            let mut c = Citation::new(source);
            match parts.next() {
                None | Some("") => {}
                Some(p) => match p.parse::<u32>() {
                    Ok(p) => c.paragraph = Some(p),
                    Err(e) => {
                        return Err(t.report(
                            &mut self.sink,
                            rec,
                            col,
                            invalid(item, format!("paragraph: {e}")),
                        ));
                    }
                },
            }
            if let Some(quote) = parts.next() {
                if crate::build::is_blank(quote) {
                    return Err(t.report(&mut self.sink, rec, col, invalid(item, "the quote is blank")));
                }
                c.quote = Some(quote.to_owned());
            }
            out.push(c);
        }
        Ok(out)
    }

    /// A key column that must not repeat within the table.
    fn new_key<'r, V, S: std::hash::BuildHasher>(
        &mut self,
        t: &Table<'_>,
        rec: &'r Row,
        col: usize,
        map: impl FnOnce(&Self) -> &IndexMap<Box<str>, V, S>,
    ) -> Checked<&'r str> {
        let key = t.req(&mut self.sink, rec, col)?;
        if map(self).contains_key(key) {
            let kind = CsvProblemKind::DuplicateKey { key: clipped(key) };
            return Err(t.report(&mut self.sink, rec, col, kind));
        }
        Ok(key)
    }

    pub(crate) fn read_sources(&mut self, mut t: Table<'_>) {
        let mut rec = Row::new();
        while t.next(&mut self.sink, &mut rec) {
            let _ = self.source_row(&t, &rec);
        }
    }

    fn source_row(&mut self, t: &Table<'_>, rec: &Row) -> Checked<()> {
        let key = self.new_key(t, rec, SRC_KEY, |l| &l.sources);
        let title = t.req(&mut self.sink, rec, SRC_TITLE);
        let s = &mut self.sink;
        let owned = |x: Option<&str>| x.map(str::to_owned);
        let publisher = t.opt(s, rec, SRC_PUBLISHER).map(owned);
        let author = t.opt(s, rec, SRC_AUTHOR).map(owned);
        let date = t.parsed(s, rec, SRC_DATE, parse_date);
        let url = t.opt(s, rec, SRC_URL).map(owned);
        let (key, title) = (key?, title?);
        let mut source = Source::new(key, title);
        (source.publisher, source.author, source.date, source.url) = (publisher?, author?, date?, url?);
        self.sources.insert(key.into(), source);
        Ok(())
    }

    /// Reads the actors table through the fast path (see `fast`) as far as it goes,
    /// the rest through the reference reader; then resolves the `parent` column.
    pub(crate) fn read_actors_fast(&mut self, mut split: super::SplitTable<'_>) {
        let t = &split.head;
        self.actor_file = t.file.clone();
        // Parents may be named before they appear: resolve after the whole table.
        // Their keys wait end to end in one buffer, not in an allocation each.
        let mut pending = Parents::default();
        let plain = ![A_ALIASES, A_DESCRIPTION, A_CITATIONS, A_WIKIDATA, A_COUNTRY].iter().any(|&c| t.has(c));
        let at = |c: usize| t.columns().get(c).copied().flatten();
        let c = fast::ActorColumns {
            key: at(A_KEY),
            name: at(A_NAME),
            kind: at(A_KIND),
            parent: at(A_PARENT),
            fields: t.fields(),
        };
        let mut blocks = split.blocks(None, std::mem::take(&mut self.pool.buffers));
        let rest = if plain && self.actor_keys.len() == 0 {
            let parse = |b: &fast::Block, w: &mut fast::Worker, out: &mut fast::ActorBlock| {
                fast::actors(b, w, &c, out).is_some()
            };
            let (actors, map, keys, len) =
                (&mut self.actor_recs, &mut self.actor_map, &mut self.actor_keys, split.len);
            let pending = &mut pending;
            fast::run(&mut blocks, &mut self.pool.workers, &parse, |b, block| {
                merge_actors(actors, map, keys, pending, b, block, len)
            })
        } else {
            Some(Vec::new())
        };
        let Some(rest) = rest else {
            self.pool.buffers = blocks.take_buffers();
            self.resolve_parents(&split.head, &pending);
            return;
        };
        let (rest, first_line) = blocks.rest(rest);
        // `None` only once the problem limit is reached: the import fails anyway.
        if let Some(mut t) = split.resume(rest, first_line, ACTOR_COLS, &mut self.sink) {
            self.actor_rows(&mut t, &mut pending);
            self.resolve_parents(&t, &pending);
        }
    }

    pub(crate) fn read_actors(&mut self, mut t: Table<'_>) {
        self.actor_file = t.file.clone();
        let mut pending = Parents::default();
        self.actor_rows(&mut t, &mut pending);
        self.resolve_parents(&t, &pending);
    }

    /// The actor rows of `t`, by the reference reader.
    fn actor_rows(&mut self, t: &mut Table<'_>, pending: &mut Parents) {
        let mut kinds = Names::new();
        let mut rec = Row::new();
        // Sized once from the first rows: the actors and their keys are not rehashed
        // as they come.
        if self.actor_recs.is_empty()
            && let Some(rows) = t.estimate_rows(&mut self.sink)
        {
            self.actor_recs.reserve(rows);
            self.actor_keys.reserve(rows, 0);
        }
        while t.next(&mut self.sink, &mut rec) {
            let _ = self.actor_row(t, &rec, &mut kinds, pending);
        }
    }

    /// Resolves the `parent` column of the actors table `t` once all actors are read.
    fn resolve_parents(&mut self, t: &Table<'_>, pending: &Parents) {
        for &(child, line, start, end) in &pending.rows {
            let key = pending.keys.get(start..end).unwrap_or_default();
            let problem = match self.actor_id(key) {
                Some(p) if p == child => CsvProblemKind::SelfRelation { key: clipped(key) },
                Some(p) => {
                    self.parents.push((child, p, line));
                    continue;
                }
                None => self.unknown("actor", key),
            };
            self.sink.push(t.at_line(line, A_PARENT), problem);
        }
    }

    fn actor_row(
        &mut self,
        t: &Table<'_>,
        rec: &Row,
        kinds: &mut Names<crate::ActorKind>,
        pending: &mut Parents,
    ) -> Checked<()> {
        // One probe for the key: its free slot is kept until the row is added.
        let key = t.req(&mut self.sink, rec, A_KEY).and_then(|key| match self.actor_keys.vacant(key) {
            Err(_) => {
                Err(t.report(&mut self.sink, rec, A_KEY, CsvProblemKind::DuplicateKey { key: clipped(key) }))
            }
            Ok(vacant) => Ok((key, vacant)),
        });
        let name = t.req(&mut self.sink, rec, A_NAME);
        let kind = t.parsed(&mut self.sink, rec, A_KIND, |k| kinds.parse(k)).and_then(|k| match k {
            Some(k) => Ok(k),
            None => Err(t.report(&mut self.sink, rec, A_KIND, CsvProblemKind::Empty)),
        });
        let parent = t.opt(&mut self.sink, rec, A_PARENT);
        let aliases = self.text_list(t, rec, A_ALIASES);
        let description = t.opt(&mut self.sink, rec, A_DESCRIPTION);
        let citations = self.citations(t, rec, A_CITATIONS);
        let wikidata = t.parsed(&mut self.sink, rec, A_WIKIDATA, |x| x.parse().map_err(external_reason));
        let country = t.parsed(&mut self.sink, rec, A_COUNTRY, |x| x.parse().map_err(external_reason));
        let ((key, vacant), name, kind, parent) = (key?, name?, kind?, parent?);
        let (aliases, description, citations) = (aliases?, description?, citations?);
        let (wikidata, country) = (wikidata?, country?);
        if self.actor_keys.len() >= u32::MAX as usize - 1 {
            return Err(t.report(&mut self.sink, rec, A_KEY, CsvProblemKind::TooMany { what: "actors" }));
        }
        let id = ActorId::from_index(self.actor_keys.len());
        if let Some(p) = parent {
            let start = pending.keys.len();
            pending.keys.push_str(p);
            let line = t.line_of(rec);
            pending.rows.push((id, line, start, pending.keys.len()));
        }
        let rec = ActorRec {
            name: name.into(),
            kind,
            aliases: aliases.into(),
            description: description.map(Into::into),
            citations: citations.into(),
            proposed: false,
            wikidata,
            country,
        };
        // The key is new (checked above): it gets index `id`.
        let _ = self.actor_keys.fill(vacant, key);
        self.actor_recs.push(rec);
        Ok(())
    }

    /// Reads the relations table through the fast path (see `fast`) as far as it
    /// goes, the rest through [`Loader::read_relations`].
    pub(crate) fn read_relations_fast(&mut self, mut split: super::SplitTable<'_>) {
        let t = &split.head;
        self.relation_file = t.file.clone();
        let plain = ![R_START, R_END, R_CONFIDENCE, R_TITLE, R_CITATIONS].iter().any(|&c| t.has(c));
        let at = |c: usize| t.columns().get(c).copied().flatten();
        let (cols, fields) = ([at(R_FROM), at(R_TO), at(R_KIND)], t.fields());
        let mut blocks = split.blocks(None, std::mem::take(&mut self.pool.buffers));
        let pending = if plain {
            let (keys, relations, hierarchy) = (&self.actor_keys, &mut self.relations, &mut self.hierarchy);
            let parents = self.parents.len();
            let parse = |b: &fast::Block, w: &mut fast::Worker, out: &mut fast::RelationBlock| {
                fast::relations(b, w, cols, fields, keys, out).is_some()
            };
            let len = split.len;
            fast::run(&mut blocks, &mut self.pool.workers, &parse, |b, block| {
                if relations.len() + b.relations.len() >= u32::MAX as usize - 1 {
                    return false;
                }
                if relations.is_empty() {
                    // Sized once from the first block, as the statements are, and the
                    // hierarchy with room for the actors' parents too.
                    let rows = fast::estimate_rows(len, b.relations.len(), block.bytes.len());
                    relations.reserve(rows);
                    let share = b.hierarchy.len().saturating_mul(rows) / b.relations.len().max(1);
                    hierarchy.reserve(share.saturating_add(share / 32).saturating_add(parents));
                }
                relations.append(&mut b.relations);
                hierarchy
                    .extend(b.hierarchy.drain(..).map(|(from, to, line)| (from, to, Origin::Relation(line))));
                true
            })
        } else {
            Some(Vec::new())
        };
        match pending {
            None => self.pool.buffers = blocks.take_buffers(),
            Some(pending) => {
                let (rest, first_line) = blocks.rest(pending);
                if let Some(t) = split.resume(rest, first_line, RELATION_COLS, &mut self.sink) {
                    self.read_relations(t);
                }
            }
        }
    }

    pub(crate) fn read_relations(&mut self, mut t: Table<'_>) {
        self.relation_file = t.file.clone();
        let mut kinds = Names::new();
        let mut rec = Row::new();
        let extras = [R_START, R_END, R_CONFIDENCE, R_TITLE, R_CITATIONS].iter().any(|&c| t.has(c));
        while t.next(&mut self.sink, &mut rec) {
            let _ = self.relation_row(&t, &rec, &mut kinds, extras);
        }
    }

    fn relation_row(
        &mut self,
        t: &Table<'_>,
        rec: &Row,
        kinds: &mut Names<RelationKind>,
        extras: bool,
    ) -> Checked<()> {
        let from = self.actor_at(t, rec, R_FROM);
        let to = self.actor_at(t, rec, R_TO);
        let kind = t
            .req(&mut self.sink, rec, R_KIND)
            .and_then(|k| kinds.parse(k).map_err(|e| t.report(&mut self.sink, rec, R_KIND, invalid(k, e))));
        let (from, to, kind) = (from?, to?, kind?);
        if from == to {
            let key = clipped(t.raw(rec, R_FROM));
            return Err(t.report(&mut self.sink, rec, R_TO, CsvProblemKind::SelfRelation { key }));
        }
        if self.relations.len() >= u32::MAX as usize - 1 {
            return Err(t.report(&mut self.sink, rec, R_KIND, CsvProblemKind::TooMany { what: "relations" }));
        }
        if kind.is_hierarchical() {
            let line = t.line_of(rec);
            self.hierarchy.push((from, to, Origin::Relation(line)));
        }
        let mut r = RelationRec::new(from, kind, to);
        if extras {
            let s = &mut self.sink;
            let start = t.parsed(s, rec, R_START, parse_date);
            let end = t.parsed(s, rec, R_END, parse_date);
            let confidence = t.parsed(s, rec, R_CONFIDENCE, |c| {
                let v: f64 = c.parse().map_err(|e| format!("{e}"))?;
                if (0.0..=1.0).contains(&v) { Ok(v) } else { Err("confidence must be in [0, 1]".to_owned()) }
            });
            let title = t.opt(s, rec, R_TITLE).and_then(|title| match title {
                Some(x) if crate::build::is_blank(x) => Err(t.report(s, rec, R_TITLE, CsvProblemKind::Empty)),
                x => Ok(x),
            });
            let citations = self.citations(t, rec, R_CITATIONS);
            let (start, end, confidence, title, citations) = (start?, end?, confidence?, title?, citations?);
            if let (Some(s), Some(e)) = (start, end)
                && e.last_day() < s.first_day()
            {
                let kind = CsvProblemKind::EndsBeforeStart { start: s.to_string(), end: e.to_string() };
                return Err(t.report(&mut self.sink, rec, R_END, kind));
            }
            r = r.with_details((start, end), confidence.unwrap_or(1.0), title, citations);
        }
        self.relations.push(r);
        Ok(())
    }

    /// Adds a `member_of` relation for each `parent` column that no `member_of` row
    /// from the same child to the same parent already states, after the rows.
    pub(crate) fn add_parent_relations(&mut self) {
        if self.parents.is_empty() {
            return;
        }
        // An actor row names one parent: per child, that parent and whether a
        // `member_of` row states it already (flat arrays, not a set of pairs).
        const NO_PARENT: u32 = u32::MAX;
        let n = self.actor_keys.len();
        let mut parent_of = vec![NO_PARENT; n];
        for &(child, parent, _) in &self.parents {
            match parent_of.get_mut(child.index()) {
                Some(p) if *p == NO_PARENT => *p = parent.index() as u32,
                // Not from one actors table: pairs in a set.
                _ => return self.add_parent_relations_by_pairs(),
            }
        }
        let mut stated = vec![false; n];
        for r in self.relations.iter().filter(|r| r.kind == RelationKind::MemberOf) {
            if parent_of.get(r.from.index()) == Some(&(r.to.index() as u32)) {
                stated[r.from.index()] = true;
            }
        }
        // Grown once, not by doubling: the relations only by those not stated.
        self.hierarchy.reserve(self.parents.len());
        self.relations.reserve(self.parents.iter().filter(|(child, ..)| !stated[child.index()]).count());
        for &(child, parent, line) in &self.parents {
            self.hierarchy.push((child, parent, Origin::Parent(line)));
            if !stated[child.index()] {
                self.relations.push(RelationRec::new(child, RelationKind::MemberOf, parent));
            }
        }
        self.parents = Vec::new();
    }

    /// [`Loader::add_parent_relations`] for children with several parents.
    fn add_parent_relations_by_pairs(&mut self) {
        let stated: HashSet<(ActorId, ActorId), FxBuild> = self
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::MemberOf)
            .map(|r| (r.from, r.to))
            .collect();
        for &(child, parent, line) in &self.parents {
            self.hierarchy.push((child, parent, Origin::Parent(line)));
            if !stated.contains(&(child, parent)) {
                self.relations.push(RelationRec::new(child, RelationKind::MemberOf, parent));
            }
        }
        self.parents = Vec::new();
    }

    /// Reports every loop of hierarchical relations, each at the row read last of
    /// those that make it: the row that closes the loop.
    pub(crate) fn check_hierarchy(&mut self) {
        for (at, problem) in self.hierarchy_problems() {
            self.sink.push(at, problem);
        }
    }

    /// Puts every actor read so far in the actor map (waiting for the map builder
    /// if there is one): actor `i` has key `i` of the key index.
    pub(crate) fn actors_ready(&mut self) {
        if let Some(map) = self.actor_map.take() {
            let map = map.finish();
            if self.actors.is_empty() {
                self.actors = map;
            } else {
                self.actors.extend(map);
            }
        }
        let base = self.actors.len();
        let recs = std::mem::take(&mut self.actor_recs);
        self.actors.reserve(recs.len());
        for (i, rec) in recs.into_iter().enumerate() {
            self.actors.insert(self.actor_keys.key(base + i).into(), rec);
        }
    }

    /// Every loop of hierarchical relations, at the row that closes it.
    fn hierarchy_problems(&self) -> Vec<(CsvPosition, CsvProblemKind)> {
        let cycles = crate::build::hierarchy_cycles(&self.relations, self.actor_keys.len());
        if cycles.is_empty() {
            return Vec::new();
        }
        let mut origin: HashMap<(ActorId, ActorId), Origin, FxBuild> = HashMap::default();
        for &(child, parent, at) in &self.hierarchy {
            origin.entry((child, parent)).or_insert(at);
        }
        let mut problems = Vec::new();
        for cycle in cycles {
            let closing = cycle.windows(2).filter_map(|w| origin.get(&(w[0], w[1]))).max();
            let (file, line) = match closing {
                Some(Origin::Parent(line)) => (&self.actor_file, *line),
                Some(Origin::Relation(line)) => (&self.relation_file, *line),
                None => (&self.actor_file, 0),
            };
            let at = CsvPosition { file: file.clone(), line, column: None, field: None };
            let path = cycle.iter().map(|&a| self.actor_keys.key(a.index()).to_owned()).collect();
            problems.push((at, CsvProblemKind::HierarchyCycle { path }));
        }
        problems
    }

    pub(crate) fn read_events(&mut self, mut t: Table<'_>) {
        let mut kinds = Names::new();
        let mut roles = Names::new();
        let mut rec = Row::new();
        while t.next(&mut self.sink, &mut rec) {
            let _ = self.event_row(&t, &rec, &mut kinds, &mut roles);
        }
    }

    fn event_row(
        &mut self,
        t: &Table<'_>,
        rec: &Row,
        kinds: &mut Names<crate::EventKind>,
        roles: &mut Names<crate::Role>,
    ) -> Checked<()> {
        let key = self.new_key(t, rec, E_KEY, |l| &l.events);
        let kind = t
            .req(&mut self.sink, rec, E_KIND)
            .and_then(|k| kinds.parse(k).map_err(|e| t.report(&mut self.sink, rec, E_KIND, invalid(k, e))));
        let label = t.req(&mut self.sink, rec, E_LABEL);
        let date = t.parsed(&mut self.sink, rec, E_DATE, parse_date);
        let place = match t.opt(&mut self.sink, rec, E_PLACE) {
            Ok(Some(_)) => self.actor_at(t, rec, E_PLACE).map(Some),
            Ok(None) => Ok(None),
            Err(r) => Err(r),
        };
        let participants = self.participants(t, rec, roles);
        let citations = self.citations(t, rec, E_CITATIONS);
        let (key, kind, label, date, place) = (key?, kind?, label?, date?, place?);
        let (participants, citations) = (participants?, citations?);
        if self.events.len() >= u32::MAX as usize - 1 {
            return Err(t.report(&mut self.sink, rec, E_KEY, CsvProblemKind::TooMany { what: "events" }));
        }
        let event = EventRec {
            kind,
            label: label.into(),
            date,
            place,
            participants: participants.into(),
            citations: citations.into(),
        };
        self.events.insert(key.into(), event);
        Ok(())
    }

    /// `|`-separated `actor:role` items.
    fn participants(
        &mut self,
        t: &Table<'_>,
        rec: &Row,
        roles: &mut Names<crate::Role>,
    ) -> Checked<Vec<(ActorId, crate::Role)>> {
        let Some(text) = t.opt(&mut self.sink, rec, E_PARTICIPANTS)? else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for item in list(text) {
            let Some((key, role)) = item.rsplit_once(':') else {
                let kind = invalid(item, "expected `actor:role`");
                return Err(t.report(&mut self.sink, rec, E_PARTICIPANTS, kind));
            };
            let role = roles
                .parse(role)
                .map_err(|e| t.report(&mut self.sink, rec, E_PARTICIPANTS, invalid(item, e)))?;
            let Some(id) = self.actor_id(key) else {
                let kind = self.unknown("actor", key);
                return Err(t.report(&mut self.sink, rec, E_PARTICIPANTS, kind));
            };
            out.push((id, role));
        }
        Ok(out)
    }
}

/// Adds the actors of a block read by the fast path, or nothing (`false`) if one of
/// its keys repeats an earlier one or there are too many: the reference reader then
/// reads the table from that block on and reports it. The records go to the map
/// builder if there is one, else to `actors`.
fn merge_actors(
    actors: &mut Vec<ActorRec>,
    map: &mut Option<MapBuilder>,
    keys: &mut KeyIndex,
    pending: &mut Parents,
    b: &mut fast::ActorBlock,
    block: &fast::Block,
    len: Option<u64>,
) -> bool {
    if keys.len() == 0 {
        // Sized once from the first block: no rehashing as actors come.
        let rows = fast::estimate_rows(len, b.actors.len(), block.bytes.len());
        keys.reserve(rows, 0);
        if rows >= PARALLEL_ACTORS {
            *map = MapBuilder::start(rows);
        }
        if map.is_none() {
            actors.reserve(rows);
        }
    }
    let before = (keys.len(), pending.rows.len(), pending.keys.len());
    // As look-ups do (`fast::resolve`): the slot of the key [`fast::AHEAD`] rows on
    // is asked for (a prefetch) as each key goes in, so those cache misses overlap.
    for a in b.actors.iter().take(fast::AHEAD) {
        keys.prefetch(a.key_hash);
    }
    for (k, a) in b.actors.iter().enumerate() {
        if let Some(ahead) = b.actors.get(k + fast::AHEAD) {
            keys.prefetch(ahead.key_hash);
        }
        let vacant = match keys.vacant_hashed(&a.key, a.key_hash) {
            Ok(v) if keys.len() < u32::MAX as usize - 1 => v,
            _ => {
                // Undo the block: the reference reader reads it again.
                keys.truncate(before.0);
                pending.rows.truncate(before.1);
                pending.keys.truncate(before.2);
                return false;
            }
        };
        let id = ActorId::from_index(keys.len());
        let _ = keys.fill(vacant, &a.key);
        let (start, end) = (a.parent.0 as usize, a.parent.1 as usize);
        if end > start {
            let at = pending.keys.len();
            // A field of a block the parser found UTF-8: only this slice is checked again.
            let parent = block.bytes.get(start..end).and_then(|b| std::str::from_utf8(b).ok());
            pending.keys.push_str(parent.unwrap_or_default());
            pending.rows.push((id, block.first_line + u64::from(a.row), at, pending.keys.len()));
        }
    }
    let block = std::mem::take(&mut b.actors);
    match map {
        Some(m) => m.send(block),
        None => actors.extend(block.into_iter().map(|a| fast::NewActor::rec(a.name, a.kind))),
    }
    true
}

/// The actor map made on a thread of its own from the blocks of the fast path as
/// they are merged, while the import goes on. Dropping it waits for the thread.
struct MapBuilder {
    blocks: Option<std::sync::mpsc::Sender<Vec<fast::NewActor>>>,
    thread: Option<std::thread::JoinHandle<IndexMap<Box<str>, ActorRec>>>,
}

impl MapBuilder {
    /// A builder for about `rows` actors; `None` if no thread can be started.
    fn start(rows: usize) -> Option<MapBuilder> {
        let (blocks, received) = std::sync::mpsc::channel::<Vec<fast::NewActor>>();
        let thread = std::thread::Builder::new()
            .name("stancegraph-actors".to_owned())
            .spawn(move || {
                let mut map = IndexMap::with_capacity(rows);
                for block in received {
                    map.extend(block.into_iter().map(|a| (a.key, fast::NewActor::rec(a.name, a.kind))));
                }
                map
            })
            .ok()?;
        Some(MapBuilder { blocks: Some(blocks), thread: Some(thread) })
    }

    /// Adds the actors of a block, after those sent before.
    fn send(&self, block: Vec<fast::NewActor>) {
        // The thread only stops early by panicking, which `finish` passes on.
        let _ = self.blocks.as_ref().map(|b| b.send(block));
    }

    /// The map of every actor sent.
    fn finish(mut self) -> IndexMap<Box<str>, ActorRec> {
        self.blocks = None;
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(map)) => map,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => IndexMap::new(),
        }
    }
}

impl Drop for MapBuilder {
    fn drop(&mut self) {
        self.blocks = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Actors from which their map is made on a thread of its own (the library's own
/// tests make it for every table, so that the equivalence tests of `fast` cover it;
/// the integration tests cover the other way).
#[cfg(not(test))]
const PARALLEL_ACTORS: usize = 50_000;
#[cfg(test)]
const PARALLEL_ACTORS: usize = 1;
