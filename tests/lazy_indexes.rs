//! The indexes a graph makes on first use (the name index, the statement lists per
//! speaker and per target) answer as a scan of every statement and actor does,
//! whether a loaded graph is asked from one thread or first from several at once.

use std::collections::{BTreeMap, BTreeSet};

use stancegraph::Graph;

#[path = "../benches/support/gen.rs"]
mod generator;

fn tiny() -> Graph {
    let dir = tempfile::tempdir().expect("temp dir");
    generator::generate("tiny", dir.path()).expect("generate tiny");
    Graph::load_csv_dir(dir.path()).expect("the tiny workload builds")
}

type Lists = (BTreeMap<String, Vec<String>>, BTreeMap<String, Vec<String>>);

/// Every actor's statements as speaker and as target (keys), by a scan of all
/// statements.
fn scanned(g: &Graph) -> Lists {
    let (mut by, mut about): Lists = Default::default();
    for a in g.actors() {
        by.insert(a.key().to_owned(), Vec::new());
        about.insert(a.key().to_owned(), Vec::new());
    }
    for s in g.statements() {
        by.entry(s.speaker().key().to_owned()).or_default().push(s.key().to_owned());
        let targets: BTreeSet<&str> = s.targets().map(|t| t.actor.key()).collect();
        for t in targets {
            about.entry(t.to_owned()).or_default().push(s.key().to_owned());
        }
    }
    (by, about)
}

/// Every actor's statements as speaker and as target, from the lazily made lists.
fn listed(g: &Graph) -> Lists {
    let keys = |it: &mut dyn Iterator<Item = stancegraph::StatementRef<'_>>| {
        it.map(|s| s.key().to_owned()).collect()
    };
    let by = g.actors().map(|a| (a.key().to_owned(), keys(&mut g.statements_by(a.id())))).collect();
    let about = g.actors().map(|a| (a.key().to_owned(), keys(&mut g.statements_about(a.id())))).collect();
    (by, about)
}

#[test]
fn statement_lists_made_on_first_use_match_a_scan() {
    let g = tiny();
    assert!(g.statement_count() > 100, "a workload with statements to list");
    assert_eq!(listed(&g), scanned(&g));
}

#[test]
fn statement_lists_first_asked_from_two_threads_agree() {
    let g = tiny();
    let expected = scanned(&g);
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| listed(&g));
        let b = s.spawn(|| listed(&g));
        (a.join().expect("first thread"), b.join().expect("second thread"))
    });
    assert_eq!(a, expected);
    assert_eq!(b, expected);
}

#[test]
fn names_made_on_first_use_resolve_every_actor_by_name() {
    let g = tiny();
    let mut by_name: std::collections::HashMap<String, Vec<&str>> = std::collections::HashMap::new();
    for a in g.actors() {
        by_name.entry(a.name().to_lowercase()).or_default().push(a.key());
    }
    for a in g.actors() {
        let found = g.resolve(&a.name().to_uppercase());
        match by_name[&a.name().to_lowercase()].as_slice() {
            [one] => assert_eq!(found.expect("a unique name resolves").key(), *one),
            _ => assert!(found.is_err(), "a shared name is ambiguous"),
        }
    }
}
