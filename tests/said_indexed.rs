//! Who-said-what on random graphs: the indexed answers (rolled-up queries from
//! top-level actors) agree with brute force over every statement, with partial
//! dates, statements naming several targets (or one twice) and actors under several
//! parents.

mod common;

use proptest::prelude::*;
use stancegraph::model::{Actor, Relation, Statement, Target};
use stancegraph::{ActorKind, Graph, GraphBuilder, Hedge, PartialDate, RelationKind, StatementId};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

/// Dates of every precision, overlapping one another.
const DATES: [&str; 10] = [
    "2030",
    "2031",
    "2031-01",
    "2031-02",
    "2031-01-01",
    "2031-01-15",
    "2031-01-31",
    "2031-02-01",
    "2031-02-28",
    "2032-01-01",
];

/// `n` actors; each actor's parents (indices below it); statements as (speaker,
/// targets, hedge, date).
type Input = (usize, Vec<Vec<usize>>, Vec<(usize, Vec<usize>, usize, usize)>);

fn input() -> impl Strategy<Value = Input> {
    (2usize..10).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec(proptest::collection::vec(0..n, 0..3), n),
            proptest::collection::vec(
                (0..n, proptest::collection::vec(0..n, 1..4), 0..4usize, 0..DATES.len()),
                0..(4 * n),
            ),
        )
    })
}

fn build((n, parents, statements): &Input) -> Graph {
    let mut b = GraphBuilder::new();
    common::add_hierarchy(&mut b, &parents[..*n], &[RelationKind::PartOf, RelationKind::MemberOf]);
    for (i, (speaker, targets, hedge, day)) in statements.iter().enumerate() {
        let when: PartialDate = DATES[*day].parse().expect("valid date");
        let mut s = Statement::new(format!("s{i}"), format!("x{speaker}"), when)
            .with_hedge(Hedge::ALL[*hedge])
            .with_order(i as u32 % 3);
        for (k, &t) in targets.iter().enumerate() {
            s = s.target(Target::new(format!("x{t}"), if k % 2 == 0 { 0.5 } else { -1.0 }));
        }
        b.add_statement(s);
    }
    b.build().expect("random graph is valid")
}

fn date(text: &str) -> PartialDate {
    text.parse().expect("valid date")
}

/// Brute force: every statement, in chronological order, spoken by `by` or anyone
/// under it, naming `about`, whose date overlaps the range.
fn brute(
    g: &Graph,
    by: &str,
    about: &str,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    hedge: Option<Hedge>,
) -> Vec<StatementId> {
    let (by, about) = (g.resolve(by).expect("known").id(), g.resolve(about).expect("known").id());
    g.statements_chronological()
        .filter(|s| g.is_within(s.speaker().id(), by))
        .filter(|s| s.targets().any(|t| t.actor.id() == about))
        .filter(|s| start.is_none_or(|d| s.date().last_day() >= d.first_day()))
        .filter(|s| end.is_none_or(|d| s.date().first_day() <= d.last_day()))
        .filter(|s| hedge.is_none_or(|h| s.hedge() == h))
        .map(|s| s.id())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn rolled_up_queries_match_brute_force(
        input in input(),
        by in 0usize..10,
        about in 0usize..10,
        start in proptest::option::of(0..DATES.len()),
        end in proptest::option::of(0..DATES.len()),
        hedge in proptest::option::of(0..4usize),
    ) {
        let g = build(&input);
        let n = input.0;
        let (by, about) = (format!("x{}", by % n), format!("x{}", about % n));
        let (start, end) = (start.map(|d| date(DATES[d])), end.map(|d| date(DATES[d])));
        let hedge = hedge.map(|h| Hedge::ALL[h]);
        let mut q = g.said().by(by.as_str()).rolled_up().about(about.as_str());
        if let Some(d) = start {
            q = q.since(d);
        }
        if let Some(d) = end {
            q = q.until(d);
        }
        if let Some(h) = hedge {
            q = q.hedge(h);
        }
        let expected = brute(&g, &by, &about, start, end, hedge);
        let got: Vec<StatementId> = q.statements().expect("known actors").iter().map(|a| a.statement.id()).collect();
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(q.count().expect("known actors"), expected.len());
    }

    #[test]
    fn between_is_since_and_until(input in input(), by in 0usize..10, about in 0usize..10, a in 0..DATES.len(), b in 0..DATES.len()) {
        let g = build(&input);
        let n = input.0;
        let (by, about) = (format!("x{}", by % n), format!("x{}", about % n));
        let (a, b) = (date(DATES[a]), date(DATES[b]));
        let q = g.said().by(by.as_str()).rolled_up().about(about.as_str());
        let between = q.clone().between(a, b).count().expect("known actors");
        prop_assert_eq!(between, q.since(a).until(b).count().expect("known actors"));
        prop_assert_eq!(between, brute(&g, &by, &about, Some(a), Some(b), None).len());
    }
}

#[test]
fn a_state_counts_what_its_organisations_and_people_said_in_a_window() {
    // Atlantis ⊃ navy ⊃ admiral; a month-dated statement overlaps a window starting
    // mid-month, a year-dated one any window in its year.
    let mut b = GraphBuilder::new();
    for (k, kind) in [("atlantis", ActorKind::State), ("lemuria", ActorKind::State)] {
        b.add_actor(Actor::new(k, k, kind));
    }
    b.add_actor(Actor::new("navy", "Atlantean Navy", ActorKind::Military))
        .add_actor(Actor::new("admiral", "Admiral Nerea", ActorKind::Person))
        .add_relation(Relation::new("navy", RelationKind::PartOf, "atlantis"))
        .add_relation(Relation::new("admiral", RelationKind::MemberOf, "navy"));
    let said = [
        ("a", "atlantis", "2031-05-03"),
        ("b", "navy", "2031-05"),
        ("c", "admiral", "2031"),
        ("d", "admiral", "2031-06-01"),
        ("e", "lemuria", "2031-05-10"),
    ];
    for (key, speaker, when) in said {
        b.add_statement(Statement::new(key, speaker, date(when)).target(Target::new("lemuria", -0.5)));
    }
    let g = b.build().expect("valid");
    let q =
        g.said().by("atlantis").rolled_up().about("lemuria").between(date("2031-05-10"), date("2031-05-31"));
    let keys: Vec<&str> = q.statements().expect("known").iter().map(|a| a.statement.key()).collect();
    // Chronological: the year-dated statement sorts first, then the month, then days.
    assert_eq!(keys, ["c", "b"]);
    assert_eq!(q.count().expect("known"), 2);
    let june = g.said().by("atlantis").rolled_up().about("lemuria").between(date("2031-06"), date("2031-06"));
    assert_eq!(june.count().expect("known"), 2); // "c" (2031) and "d"
    // Not rolled up: only what Atlantis itself said.
    assert_eq!(g.said().by("atlantis").about("lemuria").count().expect("known"), 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn statements_come_in_date_then_order_then_storage_order(input in input()) {
        let g = build(&input);
        let got: Vec<StatementId> = g.statements_chronological().map(|s| s.id()).collect();
        let mut expected: Vec<StatementId> = g.statements().map(|s| s.id()).collect();
        expected.sort_by_key(|&id| {
            let s = g.statement(id).expect("own id");
            (s.date(), s.order(), id)
        });
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn dates_thousands_of_years_apart_are_ordered_and_found() {
    // Too wide a span of dates to sort by counting: the comparison sort takes over.
    let mut b = GraphBuilder::new();
    for k in ["top", "member", "target"] {
        b.add_actor(Actor::new(k, k, ActorKind::Organization));
    }
    b.add_relation(Relation::new("member", RelationKind::PartOf, "top"));
    let dates = ["9999-12-31", "0001", "5000-06", "0001-01-01", "5000-06-15", "9999"];
    for (i, when) in dates.iter().enumerate() {
        let speaker = if i % 2 == 0 { "top" } else { "member" };
        let s = Statement::new(format!("s{i}"), speaker, date(when))
            .with_order((dates.len() - i) as u32)
            .target(Target::new("target", 0.5));
        b.add_statement(s);
    }
    let g = b.build().expect("valid");
    let keys: Vec<&str> = g.statements_chronological().map(|s| s.key()).collect();
    assert_eq!(keys, ["s1", "s3", "s2", "s4", "s5", "s0"]);
    for (start, end) in [("0001", "0001"), ("5000-06-15", "9999-01-01"), ("9999-12-31", "9999-12-31")] {
        let (start, end) = (date(start), date(end));
        let got = g.said().by("top").rolled_up().about("target").between(start, end);
        let expected = brute(&g, "top", "target", Some(start), Some(end), None);
        assert_eq!(got.count().expect("known"), expected.len());
    }
}
