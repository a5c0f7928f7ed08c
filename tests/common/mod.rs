//! Shared support for the integration tests: the property-test case count and a
//! generator of random valid datasets (used by the round-trip, export and import
//! harnesses).
#![allow(dead_code)] // each test binary uses a different part

use proptest::prelude::*;
use stancegraph::model::{Actor, Citation, Dataset, Event, Participant, Relation, Source, Statement, Target};
use stancegraph::{ActorKind, EventKind, Hedge, PartialDate, RelationKind, Role, StatementKind};

/// `text` with 1 to `max_edits - 1` bytes replaced, removed or inserted at random places.
pub fn mutated(text: &'static [u8], max_edits: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec((0..text.len(), any::<u8>(), 0u8..3), 1..max_edits).prop_map(move |edits| {
        let mut bytes = text.to_vec();
        for (at, byte, op) in edits {
            let at = at.min(bytes.len().saturating_sub(1));
            match op {
                0 => bytes[at] = byte,
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, byte),
            }
        }
        bytes
    })
}

/// Adds actors `x0 ..` (organisations) with hierarchy edges to the parents listed for
/// each (only parents of lower index, so there is no cycle). The `k`-th parent of an
/// actor is linked by `kinds[k % kinds.len()]`.
pub fn add_hierarchy(b: &mut stancegraph::GraphBuilder, parents: &[Vec<usize>], kinds: &[RelationKind]) {
    for (i, own) in parents.iter().enumerate() {
        b.add_actor(Actor::new(format!("x{i}"), format!("X {i}"), ActorKind::Organization));
        let mut ps: Vec<usize> = own.iter().copied().filter(|&p| p < i).collect();
        ps.sort_unstable();
        ps.dedup();
        for (k, p) in ps.into_iter().enumerate() {
            b.add_relation(Relation::new(format!("x{i}"), kinds[k % kinds.len()], format!("x{p}")));
        }
    }
}

/// Cases per property: `PROPTEST_CASES` when set (the long run in README), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A first character that shows: a letter, digit, punctuation or symbol, less the
/// Hangul fillers (letters that Unicode marks as invisible). Text of white space,
/// control, format and other invisible characters alone is blank, and rejected.
pub const VISIBLE: &str = "[\\p{L}\\p{N}\\p{P}\\p{S}--[\\u{115F}\\u{1160}\\u{3164}\\u{FFA0}]]";

pub fn text() -> impl Strategy<Value = String> {
    // Any Unicode, but not blank (blank required text is rejected by design).
    proptest::string::string_regex(&format!("{VISIBLE}\\PC{{0,12}}")).expect("a valid regex")
}

pub fn date() -> impl Strategy<Value = PartialDate> {
    (1990i16..2030, 0u8..=12, 0u8..=28).prop_map(|(y, m, d)| match (m, d) {
        (0, _) => PartialDate::year(y).unwrap(),
        (m, 0) => PartialDate::month(y, m).unwrap(),
        (m, d) => PartialDate::day(y, m, d).unwrap(),
    })
}

pub fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

pub fn citation<S: Strategy<Value = String>>(
    n_sources: usize,
    text: fn() -> S,
) -> impl Strategy<Value = Citation> {
    (0..n_sources, proptest::option::of(0u32..40), proptest::option::of(text())).prop_map(|(s, p, q)| {
        let mut c = Citation::new(format!("src{s}"));
        c.paragraph = p;
        c.quote = q;
        c
    })
}

/// Random valid datasets: keys are generated so every reference resolves, and
/// hierarchy edges only point from higher to lower indices, so there is no cycle.
pub fn dataset() -> impl Strategy<Value = Dataset> {
    dataset_with(text)
}

/// As [`dataset`], with every text field drawn from `text`.
pub fn dataset_with<S: Strategy<Value = String> + 'static>(
    text: fn() -> S,
) -> impl Strategy<Value = Dataset> {
    (1usize..4, 2usize..9, 0usize..4).prop_flat_map(move |(n_sources, n_actors, n_events)| {
        let sources = proptest::collection::vec(
            (text(), proptest::option::of(text()), proptest::option::of(date())),
            n_sources,
        );
        let actors = proptest::collection::vec(
            (
                text(),
                pick(&ActorKind::ALL),
                proptest::collection::vec(text(), 0..3),
                proptest::option::of(text()),
                proptest::collection::vec(citation(n_sources, text), 0..2),
            ),
            n_actors,
        );
        let relations = proptest::collection::vec(
            (
                0..n_actors,
                0..n_actors,
                pick(&RelationKind::ALL),
                proptest::option::of(text()),
                proptest::option::of(date()),
                0u32..=4,
                proptest::collection::vec(citation(n_sources, text), 0..2),
            ),
            0..12,
        );
        let events = proptest::collection::vec(
            (
                pick(&[EventKind::Attack, EventKind::Visit, EventKind::Incident, EventKind::Other]),
                text(),
                proptest::option::of(date()),
                proptest::option::of(0..n_actors),
                proptest::collection::vec(
                    (0..n_actors, pick(&[Role::Agent, Role::Target, Role::Location])),
                    0..3,
                ),
            ),
            n_events,
        );
        let statements = proptest::collection::vec(
            (
                (0..n_actors, date(), 0u32..3, pick(&StatementKind::ALL), any::<bool>(), text()),
                proptest::collection::vec((0..n_actors, -100i32..=100), 0..3),
                pick(&Hedge::ALL),
                proptest::collection::vec(0..n_actors, 0..2),
                proptest::option::of(text()),
                proptest::collection::vec(0..n_events.max(1), 0..2),
                proptest::collection::vec(text(), 0..2),
                proptest::collection::vec(citation(n_sources, text), 0..2),
            ),
            0..10,
        );
        (sources, actors, relations, events, statements).prop_map(
            move |(sources, actors, relations, events, statements)| {
                let mut d = Dataset::default();
                d.sources = sources
                    .into_iter()
                    .enumerate()
                    .map(|(i, (title, publisher, date))| {
                        let mut s = Source::new(format!("src{i}"), title);
                        s.publisher = publisher;
                        s.date = date;
                        s
                    })
                    .collect();
                d.actors = actors
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, kind, aliases, description, citations))| {
                        let mut a = Actor::new(format!("a{i}"), name, kind);
                        a.aliases = aliases;
                        a.description = description;
                        a.citations = citations;
                        a
                    })
                    .collect();
                d.relations = relations
                    .into_iter()
                    .filter(|(from, to, kind, ..)| from != to && (!kind.is_hierarchical() || from > to))
                    .map(|(from, to, kind, title, start, conf, citations)| {
                        let mut r = Relation::new(format!("a{from}"), kind, format!("a{to}"));
                        r.title = title;
                        r.start = start;
                        r.end = start;
                        r.confidence = f64::from(conf) / 4.0;
                        r.citations = citations;
                        r
                    })
                    .collect();
                d.events = events
                    .into_iter()
                    .enumerate()
                    .map(|(i, (kind, label, date, place, participants))| {
                        let mut e = Event::new(format!("e{i}"), kind, label);
                        e.date = date;
                        e.place = place.map(|p| format!("a{p}"));
                        e.participants = participants
                            .into_iter()
                            .map(|(a, r)| Participant::new(format!("a{a}"), r))
                            .collect();
                        e
                    })
                    .collect();
                let n_ev = d.events.len();
                d.statements = statements
                    .into_iter()
                    .enumerate()
                    .map(
                        |(
                            i,
                            (
                                (sp, date, order, kind, quote, text),
                                targets,
                                hedge,
                                via,
                                audience,
                                about,
                                framing,
                                citations,
                            ),
                        )| {
                            let mut s = Statement::new(format!("s{i}"), format!("a{sp}"), date)
                                .with_order(order)
                                .with_kind(kind);
                            s = if quote { s.quote(text) } else { s.paraphrase(text) };
                            s.targets = targets
                                .into_iter()
                                .map(|(t, x)| Target::new(format!("a{t}"), f64::from(x) / 100.0))
                                .collect();
                            s.hedge = hedge;
                            s.via = via.into_iter().map(|v| format!("a{v}")).collect();
                            s.audience = audience;
                            s.about = if n_ev == 0 {
                                Vec::new()
                            } else {
                                about.into_iter().map(|e| format!("e{}", e % n_ev)).collect()
                            };
                            s.framing = framing;
                            s.citations = citations;
                            s
                        },
                    )
                    .collect();
                d
            },
        )
    })
}
