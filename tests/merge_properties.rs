//! Properties of the reconciling merge: idempotent on a dataset and its subsets,
//! independent of the order of the parts (up to which name is kept), and losing
//! nothing either input holds.

mod common;

use std::collections::BTreeSet;

use proptest::prelude::*;
use stancegraph::model::{Dataset, PartialDate};
use stancegraph::{Graph, GraphBuilder, MergePolicy};

fn reconcile(parts: &[&Dataset]) -> Result<Graph, stancegraph::BuildError> {
    let mut b = GraphBuilder::with_policy(MergePolicy::reconcile());
    for p in parts {
        b.add_dataset((*p).clone());
    }
    b.build()
}

/// `d` keeping the items whose flags are set (flags cycle).
fn subset(d: &Dataset, keep: &[bool]) -> Dataset {
    let mut flags = keep.iter().copied().cycle();
    let mut take = || flags.next().unwrap_or(true);
    let mut s = d.clone();
    s.actors.retain(|_| take());
    s.relations.retain(|_| take());
    s.events.retain(|_| take());
    s.statements.retain(|_| take());
    s
}

/// The same world as another coder writes it: other names for some actors, coarser
/// dates for some relations and statements, other citations and outlets.
fn recoded(d: &Dataset, flips: &[bool]) -> Dataset {
    let mut flags = flips.iter().copied().cycle();
    let mut flip = || flags.next().unwrap_or(false);
    let mut s = d.clone();
    for a in &mut s.actors {
        if flip() {
            a.name = format!("{} (second coder)", a.name);
        }
        if flip() {
            a.citations.reverse();
        }
    }
    let coarse = |x: PartialDate| PartialDate::year(x.year_number()).expect("valid year");
    for r in &mut s.relations {
        if flip() {
            r.start = r.start.map(coarse);
            r.end = r.end.map(coarse);
        }
        if flip() {
            r.citations.clear();
        }
    }
    for st in &mut s.statements {
        if flip() && !st.via.is_empty() {
            st.via.reverse();
        }
        if flip() {
            st.citations.reverse();
        }
    }
    s
}

/// The graph as sets, blind to item order and to which name is kept (a name and
/// its aliases are one set).
#[derive(Debug, PartialEq)]
struct Canonical {
    actors: BTreeSet<String>,
    relations: BTreeSet<String>,
    statements: BTreeSet<String>,
    events: BTreeSet<String>,
}

fn canonical(g: &Graph) -> Canonical {
    let actors = g
        .actors()
        .map(|a| {
            let names: BTreeSet<&str> = std::iter::once(a.name()).chain(a.aliases()).collect();
            let cites: BTreeSet<String> = a.citations().iter().map(|c| format!("{c:?}")).collect();
            let description: BTreeSet<&str> =
                a.description().into_iter().flat_map(|d| d.split(" / ")).collect();
            format!("{} {} {names:?} {cites:?} {description:?}", a.key(), a.kind())
        })
        .collect();
    let relations = g
        .relations()
        .map(|r| {
            let (mut from, mut to) = (r.from().key(), r.to().key());
            if r.kind().is_symmetric() && to < from {
                std::mem::swap(&mut from, &mut to);
            }
            let cites: BTreeSet<String> = r.citations().iter().map(|c| format!("{c:?}")).collect();
            format!(
                "{from} {} {to} {:?} {:?} {:?} {} {cites:?}",
                r.kind(),
                r.title(),
                r.start(),
                r.end(),
                r.confidence()
            )
        })
        .collect();
    let statements = g
        .statements()
        .map(|s| {
            let chains: BTreeSet<Vec<&str>> =
                s.outlet_chains().map(|c| c.iter().map(|a| a.key()).collect()).collect();
            let cites: BTreeSet<String> = s.citations().iter().map(|c| format!("{c:?}")).collect();
            let targets: Vec<(&str, f64)> = s.targets().map(|t| (t.actor.key(), t.stance)).collect();
            let about: BTreeSet<&str> = s.about().map(|e| e.key()).collect();
            let framing: BTreeSet<&str> = s.framing().collect();
            format!(
                "{} {} {} {:?} {:?} {targets:?} {chains:?} {cites:?} {about:?} {framing:?} {:?}",
                s.speaker().key(),
                s.date(),
                s.text(),
                s.kind(),
                s.hedge(),
                s.audience()
            )
        })
        .collect();
    let events = g
        .events()
        .map(|e| {
            let cites: BTreeSet<String> = e.citations().iter().map(|c| format!("{c:?}")).collect();
            let who: BTreeSet<String> =
                e.participants().map(|p| format!("{}:{}", p.actor.key(), p.role.as_str())).collect();
            format!("{} {} {:?} {who:?} {cites:?}", e.key(), e.kind(), e.date())
        })
        .collect();
    Canonical { actors, relations, statements, events }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: common::cases(64), ..ProptestConfig::default() })]

    #[test]
    fn merging_a_dataset_with_itself_or_a_subset_changes_nothing(
        d in common::dataset(),
        keep in proptest::collection::vec(any::<bool>(), 1..16),
    ) {
        let Ok(alone) = reconcile(&[&d]) else { return Ok(()) };
        prop_assert_eq!(&reconcile(&[&d, &d]).expect("a dataset merges with itself"), &alone);
        let part = subset(&d, &keep);
        prop_assert_eq!(&reconcile(&[&d, &part]).expect("a subset merges"), &alone);
    }

    #[test]
    fn merging_is_independent_of_order_and_loses_nothing(
        d in common::dataset(),
        flips in proptest::collection::vec(any::<bool>(), 1..24),
        keep in proptest::collection::vec(any::<bool>(), 1..16),
    ) {
        if reconcile(&[&d]).is_err() {
            return Ok(());
        }
        let other = subset(&recoded(&d, &flips), &keep);
        let ab = reconcile(&[&d, &other]).expect("the second coder's world merges");
        let ba = reconcile(&[&other, &d]).expect("in either order");
        prop_assert_eq!(canonical(&ab), canonical(&ba));
        // Nothing lost: every name, alias and citation of either input is in the merge.
        for input in [&d, &other] {
            for a in &input.actors {
                let merged = ab.actor_by_key(&a.key).expect("every actor is there");
                let names: BTreeSet<&str> = std::iter::once(merged.name()).chain(merged.aliases()).collect();
                prop_assert!(names.contains(a.name.as_str()));
                prop_assert!(a.aliases.iter().all(|x| names.contains(x.as_str())));
                prop_assert!(a.citations.iter().all(|c| merged.citations().contains(c)));
            }
            let relation_cites: BTreeSet<String> =
                ab.relations().flat_map(|r| r.citations().iter().map(|c| format!("{c:?}"))).collect();
            for r in &input.relations {
                let found = r.citations.iter().all(|c| relation_cites.contains(&format!("{c:?}")));
                prop_assert!(found);
            }
            let statement_cites: BTreeSet<String> =
                ab.statements().flat_map(|s| s.citations().iter().map(|c| format!("{c:?}"))).collect();
            for s in &input.statements {
                let found = s.citations.iter().all(|c| statement_cites.contains(&format!("{c:?}")));
                prop_assert!(found);
            }
        }
    }

    #[test]
    fn any_two_datasets_merge_or_fail_without_panicking(
        a in common::dataset(),
        b in common::dataset(),
        names in any::<bool>(),
    ) {
        let mut builder = GraphBuilder::with_policy(MergePolicy::Reconcile { match_names: names });
        builder.add_dataset(a).add_dataset(b);
        match builder.build_with_report() {
            Ok((g, report)) => {
                prop_assert_eq!(report.result.actors, g.actor_count());
                prop_assert_eq!(report.result.statements, g.statement_count());
                prop_assert_eq!(&Graph::from_json(&g.to_json()).expect("a merged graph round-trips"), &g);
                prop_assert!(!report.to_string().is_empty());
            }
            Err(e) => prop_assert!(!e.problems().is_empty()),
        }
    }
}
