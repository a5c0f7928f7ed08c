//! Generated news-like graphs for the DOT render benchmark and the picture tests:
//! states with governments, ministries, armed forces, officials and state media;
//! analysts and international bodies; dated relations (several between some pairs);
//! statements with wordy quotes and paraphrases, stances, hedges, outlets and events.
//!
//! Deterministic: the same sizes and seed give the same graph. Included with
//! `#[path]` by `benches/dot_render.rs` and `tests/dot_views.rs`.
#![allow(dead_code)]

use stancegraph::model::{Actor, Event, Participant, Relation, Statement, Target};
use stancegraph::{ActorKind, EventKind, Graph, GraphBuilder, Hedge, RelationKind, Role, StatementKind};

/// How many of each item a generated graph holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub actors: usize,
    pub relations: usize,
    pub statements: usize,
    pub events: usize,
}

impl Size {
    /// `n` actors with 1.4·n relations, n statements and n events: the proportions of
    /// a merged graph of a few articles.
    pub fn scaled(n: usize) -> Size {
        Size { actors: n, relations: n * 7 / 5, statements: n, events: n }
    }
}

/// The splitmix64 generator (as in `gen.rs`), so no dependency is needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const WORDS: [&str; 64] = [
    "border",
    "forces",
    "missile",
    "ministry",
    "statement",
    "officials",
    "said",
    "would",
    "not",
    "allow",
    "any",
    "provocation",
    "against",
    "its",
    "territory",
    "and",
    "called",
    "the",
    "incident",
    "very",
    "serious",
    "warned",
    "that",
    "further",
    "escalation",
    "could",
    "follow",
    "if",
    "troops",
    "remain",
    "near",
    "capital",
    "region",
    "talks",
    "resume",
    "next",
    "week",
    "under",
    "pressure",
    "from",
    "allies",
    "sanctions",
    "are",
    "unlawful",
    "defence",
    "of",
    "airspace",
    "unconditional",
    "right",
    "investigation",
    "continues",
    "into",
    "launch",
    "error",
    "poor",
    "training",
    "equipment",
    "malfunction",
    "exercises",
    "planned",
    "with",
    "partners",
    "deliberate",
    "aggression",
];

const NONHIERARCHICAL: [RelationKind; 10] = [
    RelationKind::Ally,
    RelationKind::Cooperates,
    RelationKind::HostsForces,
    RelationKind::Supports,
    RelationKind::Borders,
    RelationKind::AtWar,
    RelationKind::Invaded,
    RelationKind::Hostile,
    RelationKind::Condemns,
    RelationKind::Sanctions,
];

const EVENT_KINDS: [EventKind; 8] = [
    EventKind::Attack,
    EventKind::Interception,
    EventKind::Incident,
    EventKind::Visit,
    EventKind::Exercise,
    EventKind::Deployment,
    EventKind::Meeting,
    EventKind::Investigation,
];

fn sentence(rng: &mut Rng, min: usize, max: usize) -> String {
    let n = min + rng.below(max - min + 1);
    let words: Vec<&str> = (0..n).map(|_| rng.pick(&WORDS)).collect();
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

fn date(rng: &mut Rng) -> stancegraph::PartialDate {
    let day = 1 + rng.below(28);
    let month = 1 + rng.below(3);
    format!("2030-{month:02}-{day:02}").parse().expect("a valid date")
}

/// An actor to add: key, kind, and its parent with the kind of the tie to it.
type Planned = (String, ActorKind, Option<(usize, RelationKind)>);

/// A generated graph of `size`, the same for the same `seed`.
pub fn graph(size: Size, seed: u64) -> Graph {
    let mut rng = Rng(seed);
    let mut b = GraphBuilder::new();
    let n = size.actors.max(2);
    let states = (n / 8).max(2);
    let free = (n / 20).max(usize::from(n > states + 2));
    let mut actors: Vec<Planned> = Vec::new();
    for i in 0..states {
        actors.push((format!("state{i}"), ActorKind::State, None));
    }
    for i in 0..free.min(n - states) {
        let kind = if i % 2 == 0 { ActorKind::AnalystGroup } else { ActorKind::InternationalOrganization };
        actors.push((format!("free{i}"), kind, None));
    }
    let roles: [(ActorKind, RelationKind); 6] = [
        (ActorKind::Government, RelationKind::GovernmentOf),
        (ActorKind::Ministry, RelationKind::PartOf),
        (ActorKind::Military, RelationKind::PartOf),
        (ActorKind::Person, RelationKind::HoldsOffice),
        (ActorKind::Media, RelationKind::StateMediaOf),
        (ActorKind::Person, RelationKind::Leads),
    ];
    let mut round = 0;
    while actors.len() < n {
        let (kind, tie) = roles[round % roles.len()];
        for s in 0..states {
            if actors.len() >= n {
                break;
            }
            // Officials hold office in an earlier body of their state when there is one.
            let parent = if kind == ActorKind::Person && tie == RelationKind::HoldsOffice && round > 0 {
                let bodies: Vec<usize> = (0..actors.len())
                    .filter(|&i| actors[i].2.is_some_and(|(p, _)| p == s) && actors[i].1 != ActorKind::Person)
                    .collect();
                if bodies.is_empty() { s } else { rng.pick(&bodies) }
            } else {
                s
            };
            actors.push((format!("a{}", actors.len()), kind, Some((parent, tie))));
        }
        round += 1;
    }
    for (i, (key, kind, _)) in actors.iter().enumerate() {
        let name = match kind {
            ActorKind::State => format!("State {i}"),
            _ => format!("{} {}", kind.as_str().replace('_', " "), sentence(&mut rng, 1, 3).to_lowercase()),
        };
        let name = name[..1].to_uppercase() + &name[1..];
        b.add_actor(Actor::new(key.clone(), name, *kind));
    }
    let mut relations = 0;
    for (key, _, parent) in &actors {
        if let Some((p, tie)) = parent
            && relations < size.relations
        {
            let mut r = Relation::new(key.clone(), *tie, actors[*p].0.clone());
            if *tie == RelationKind::HoldsOffice {
                r = r.with_title(sentence(&mut rng, 1, 2).to_lowercase());
            }
            b.add_relation(r);
            relations += 1;
        }
    }
    let tops = states + free;
    let mut attempts = 0;
    while relations < size.relations && attempts < size.relations * 10 {
        attempts += 1;
        // Mostly between states, so some pairs carry several relations.
        let (x, y) = if rng.chance(70) {
            (rng.below(states), rng.below(states))
        } else {
            (rng.below(tops.min(n)), rng.below(n))
        };
        if x == y {
            continue;
        }
        let mut r = Relation::new(actors[x].0.clone(), rng.pick(&NONHIERARCHICAL), actors[y].0.clone());
        if rng.chance(40) {
            r = r.since(date(&mut rng));
        }
        if rng.chance(10) {
            r = r.with_confidence(0.5);
        }
        // Not hierarchical and between two actors: always valid.
        b.add_relation(r);
        relations += 1;
    }
    let media: Vec<usize> = (0..actors.len()).filter(|&i| actors[i].1 == ActorKind::Media).collect();
    for e in 0..size.events {
        let mut event = Event::new(format!("e{e}"), rng.pick(&EVENT_KINDS), sentence(&mut rng, 3, 10))
            .at(actors[rng.below(states)].0.clone());
        if rng.chance(85) {
            event = event.on(date(&mut rng));
        }
        for k in 0..1 + rng.below(3) {
            let role = if k == 0 { Role::Agent } else { rng.pick(&[Role::Target, Role::Participant]) };
            event = event.with(Participant::new(actors[rng.below(n)].0.clone(), role));
        }
        b.add_event(event);
    }
    for s in 0..size.statements {
        let speaker = actors[rng.below(n)].0.clone();
        let mut st = Statement::new(format!("s{s}"), speaker, date(&mut rng))
            .with_kind(rng.pick(&StatementKind::ALL))
            .with_hedge(if rng.chance(70) { Hedge::Asserted } else { rng.pick(&Hedge::ALL) });
        let text = sentence(&mut rng, 6, 32);
        st = if rng.chance(50) { st.quote(text) } else { st.paraphrase(text) };
        let mut targets: Vec<usize> = Vec::new();
        for _ in 0..1 + rng.below(2) {
            let t = if rng.chance(60) { rng.below(states) } else { rng.below(n) };
            if !targets.contains(&t) {
                targets.push(t);
                let stance = (rng.below(21) as f64 - 10.0) / 10.0;
                st = st.target(Target::new(actors[t].0.clone(), stance));
            }
        }
        if !media.is_empty() && rng.chance(20) {
            st = st.via(actors[rng.pick(&media)].0.clone());
        }
        if size.events > 0 && rng.chance(40) {
            st = st.about(format!("e{}", rng.below(size.events)));
        }
        b.add_statement(st);
    }
    b.build().expect("the generated graph is valid")
}
