//! Stance profiles: each bloc's mean stance per target and the cosine similarity of
//! two profiles, which is the shared-stance component of an alignment.

mod common;

use proptest::prelude::*;
use stancegraph::model::{Actor, Relation, Statement, Target};
use stancegraph::query::{AlignmentModel, HedgeWeights, QueryError};
use stancegraph::{ActorId, ActorKind, Graph, GraphBuilder, Hedge, PartialDate, RelationKind};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

const DATES: [&str; 5] = ["2031", "2031-01", "2031-01-02", "2031-01-03", "2031-02-01"];

/// `n` actors; each actor's parents (indices below it); statements as (speaker,
/// targets with stances in tenths, hedge, date).
type Input = (usize, Vec<Vec<usize>>, Vec<(usize, Vec<(usize, i8)>, usize, usize)>);

fn input() -> impl Strategy<Value = Input> {
    (2usize..9).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec(proptest::collection::vec(0..n, 0..3), n),
            proptest::collection::vec(
                (0..n, proptest::collection::vec((0..n, -10i8..=10), 1..3), 0..4usize, 0..DATES.len()),
                0..(4 * n),
            ),
        )
    })
}

fn build((n, parents, statements): &Input) -> Graph {
    let mut b = GraphBuilder::new();
    common::add_hierarchy(&mut b, &parents[..*n], &[RelationKind::PartOf]);
    for (i, (speaker, targets, hedge, day)) in statements.iter().enumerate() {
        let when: PartialDate = DATES[*day].parse().expect("valid date");
        let mut s =
            Statement::new(format!("s{i}"), format!("x{speaker}"), when).with_hedge(Hedge::ALL[*hedge]);
        for &(t, stance) in targets {
            s = s.target(Target::new(format!("x{t}"), f64::from(stance) / 10.0));
        }
        b.add_statement(s);
    }
    b.build().expect("random graph is valid")
}

/// Only the shared stance, over every target.
fn shared_only() -> AlignmentModel {
    let mut m = AlignmentModel::default();
    m.relations_weight = 0.0;
    m.direct_weight = 0.0;
    m.shared_weight = 1.0;
    m.exclude_own_blocs = false;
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn similarity_is_the_shared_stance_over_every_target(
        input in input(),
        cut in 0..=DATES.len(),
        hedged in any::<bool>(),
        k in prop_oneof![Just(0.0), Just(2.0), 0.0..5.0f64],
    ) {
        let g = build(&input);
        let actors: Vec<ActorId> = g.actors().map(|a| a.id()).collect();
        let mut model = shared_only();
        model.shared_shrinkage = k;
        let mut query = g.stance_profiles(&actors).shrinkage(k);
        if hedged {
            let weights = HedgeWeights { asserted: 1.0, likely: 0.5, possible: 0.0, unlikely: 0.25 };
            model.hedge = weights;
            query = query.hedge(weights);
        }
        let mut matrix = g.alignment_matrix(&actors).model(model);
        if let Some(day) = DATES.get(cut) {
            let day: PartialDate = day.parse().expect("valid date");
            query = query.as_of(day);
            matrix = matrix.as_of(day);
        }
        let p = query.compute().expect("known actors");
        let m = matrix.compute().expect("known actors");
        let all = p.similarities().expect("a few actors");
        let n = actors.len();
        for i in 0..n {
            for j in 0..n {
                let s = p.similarity(i, j);
                prop_assert!((s - all[i * n + j]).abs() < 1e-12, "{} {}: {} vs {}", i, j, s, all[i * n + j]);
                prop_assert!((s - p.similarity(j, i)).abs() < 1e-15);
                if i != j {
                    prop_assert!((s - m.score(i, j)).abs() < 1e-9, "{} {}: {} vs {}", i, j, s, m.score(i, j));
                    let shares: f64 = p.evidence(i, j).iter().map(|e| e.contribution).sum();
                    prop_assert!((shares.clamp(-1.0, 1.0) - s).abs() < 1e-9);
                }
            }
            for cell in p.profile(i) {
                prop_assert_eq!(p.statements(i, cell.target).len(), cell.statements);
                prop_assert!(cell.statements > 0 && cell.weight > 0.0);
                prop_assert!((-1.0..=1.0).contains(&cell.mean));
            }
        }
    }
}

#[test]
fn a_state_profile_rolls_up_its_organisations_and_people() -> Result<(), QueryError> {
    let mut b = GraphBuilder::new();
    for key in ["atlantis", "lemuria", "hyperborea", "thule"] {
        b.add_actor(Actor::new(key, key, ActorKind::State));
    }
    b.add_actor(Actor::new("navy", "Navy", ActorKind::Military))
        .add_actor(Actor::new("admiral", "Admiral", ActorKind::Person))
        .add_actor(Actor::new("lemuria-mfa", "Lemurian MFA", ActorKind::Ministry))
        .add_relation(Relation::new("navy", RelationKind::PartOf, "atlantis"))
        .add_relation(Relation::new("admiral", RelationKind::MemberOf, "navy"))
        .add_relation(Relation::new("lemuria-mfa", RelationKind::PartOf, "lemuria"));
    let said = [
        ("a1", "atlantis", "lemuria", -1.0, Hedge::Asserted),
        ("a2", "admiral", "lemuria", -0.5, Hedge::Asserted),
        ("a3", "navy", "hyperborea", 1.0, Hedge::Possible),
        // About the Lemurian ministry: counts under Lemuria.
        ("a4", "navy", "lemuria-mfa", 0.0, Hedge::Asserted),
        ("l1", "lemuria", "hyperborea", 0.5, Hedge::Asserted),
        ("l2", "lemuria-mfa", "atlantis", -1.0, Hedge::Asserted),
    ];
    for (key, speaker, target, stance, hedge) in said {
        let when: PartialDate = "2031-05-04".parse().expect("valid date");
        b.add_statement(
            Statement::new(key, speaker, when).target(Target::new(target, stance)).with_hedge(hedge),
        );
    }
    let g = b.build().expect("valid");
    let id = |k: &str| g.actor_by_key(k).map(|a| a.id()).expect("known");
    let p = g.stance_profiles(["atlantis", "lemuria", "thule"]).compute()?;
    let lemuria = p.stance(0, id("lemuria")).expect("Atlantis spoke about Lemuria");
    assert_eq!((lemuria.mean, lemuria.weight, lemuria.statements), (-0.5, 3.0, 3));
    let hyperborea = p.stance(0, id("hyperborea")).expect("the navy spoke about Hyperborea");
    assert_eq!((hyperborea.mean, hyperborea.weight, hyperborea.statements), (1.0, 0.5, 1));
    assert!(p.stance(0, id("lemuria-mfa")).is_none()); // counted under Lemuria
    // Atlantis (−0.5 Lemuria, +1 Hyperborea) and Lemuria (−1 Atlantis, +0.5 Hyperborea)
    // share only Hyperborea: the plain cosine, shrunk by the evidence in common,
    // n = min(1, 0.5 (the navy's "possible"), 1) = 0.5, so × n / (n + 2) = 0.2.
    let cosine = (1.0 * 0.5) / ((0.25f64 + 1.0).sqrt() * (1.0f64 + 0.25).sqrt());
    assert!((p.similarity(0, 1) - cosine * 0.5 / 2.5).abs() < 1e-12);
    let plain = g.stance_profiles(["atlantis", "lemuria", "thule"]).shrinkage(0.0).compute()?;
    assert!((plain.similarity(0, 1) - cosine).abs() < 1e-12);
    assert_eq!(p.similarity(0, 2), 0.0); // Thule said nothing
    let why = p.evidence(0, 1);
    assert_eq!(why.len(), 1);
    assert_eq!(why[0].target, id("hyperborea"));
    let behind: Vec<&str> =
        p.statements(0, id("lemuria")).iter().filter_map(|&s| g.statement(s)).map(|s| s.key()).collect();
    assert_eq!(behind, ["a1", "a2", "a4"]);
    Ok(())
}
