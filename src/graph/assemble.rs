//! Assembling a graph from validated records: the hierarchy and the large indexes
//! of [`index`], on two threads when the graph is large; and the parts a graph makes
//! on first use, as only some queries walk them: the network, the name index and
//! the statement lists.

use std::sync::OnceLock;

use indexmap::IndexMap;
use petgraph::graph::DiGraph;

use super::{
    ActorId, ActorRec, Csr, EventRec, Graph, RelationId, RelationRec, StatementId, Statements, fold_name,
    index, name_hash,
};
use crate::model::Source;

/// The actor network: node `i` is actor `i`, edge `j` relation `j`.
pub(crate) fn network(n: usize, relations: &[RelationRec]) -> DiGraph<ActorId, RelationId> {
    let mut net = DiGraph::with_capacity(n, relations.len());
    for i in 0..n {
        net.add_node(ActorId::from_index(i));
    }
    for (i, r) in relations.iter().enumerate() {
        net.add_edge(r.from.node(), r.to.node(), RelationId::from_index(i));
    }
    net
}

/// Every actor's kind, in actor order (`Graph::kinds`).
fn kinds(actors: &IndexMap<Box<str>, ActorRec>) -> Vec<crate::ActorKind> {
    actors.values().map(|a| a.kind).collect()
}

/// The name index: every actor's folded key, name and aliases, hashed and sorted.
pub(crate) fn name_index(actors: &IndexMap<Box<str>, ActorRec>) -> Vec<(u64, ActorId)> {
    let mut names: Vec<(u64, ActorId)> = Vec::with_capacity(actors.len() * 2);
    let mut folded = String::new();
    for (i, (key, a)) in actors.iter().enumerate() {
        let forms =
            std::iter::once(&**key).chain(std::iter::once(&*a.name)).chain(a.aliases.iter().map(|s| &**s));
        for form in forms {
            let hash = if form.is_ascii() && !form.contains('\x0B') {
                // `fold_name` without its three allocations: ASCII folds byte by byte
                // (vertical tab, Unicode's but not ASCII's white space, aside).
                folded.clear();
                for word in form.split_ascii_whitespace() {
                    if !folded.is_empty() {
                        folded.push(' ');
                    }
                    folded.push_str(word);
                }
                folded.make_ascii_lowercase();
                name_hash(&folded)
            } else {
                name_hash(&fold_name(form))
            };
            names.push((hash, ActorId::from_index(i)));
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// Relations plus statements from which assembling a graph uses two threads.
const PARALLEL_WORK: usize = 100_000;

/// The hierarchy: parents and children of every actor, each link once, in
/// relation order.
fn hierarchy(n: usize, relations: &[RelationRec]) -> (Csr<ActorId>, Csr<ActorId>) {
    let mut hierarchy: Vec<(ActorId, ActorId)> =
        relations.iter().filter(|r| r.kind.is_hierarchical()).map(|r| (r.from, r.to)).collect();
    // Keep first-seen order but drop repeats (an office and a membership between
    // the same two actors are one step in the hierarchy). Most actors have one
    // parent: a repeat of an actor's first parent is found in a flat array, and only
    // the links to further parents go in a set. foldhash, seeded per process: pairs
    // of ids hash several times faster than with SipHash, and the set only decides
    // what is kept, never an order.
    const NONE: u32 = u32::MAX;
    let mut first = vec![NONE; n];
    let mut seen = std::collections::HashSet::with_hasher(foldhash::fast::RandomState::default());
    hierarchy.retain(|&(child, parent)| match first.get_mut(child.index()) {
        Some(p) if *p == NONE => {
            *p = parent.0;
            true
        }
        Some(p) if *p == parent.0 => false,
        _ => seen.insert((child, parent)),
    });
    let root = ActorId::from_index(0);
    let parents = Csr::from_pairs(n, hierarchy.iter().map(|&(c, p)| (c.index(), p)), root);
    let children = Csr::from_pairs(n, hierarchy.iter().map(|&(c, p)| (p.index(), c)), root);
    (parents, children)
}

/// Each actor's statements as speaker, in insertion order.
pub(crate) fn by_speaker(n: usize, st: &Statements) -> Csr<StatementId> {
    Csr::from_pairs(n, st.iter().map(|(id, s)| (s.speaker.index(), id)), StatementId::from_index(0))
}

/// Each actor's statements as a target, in insertion order: a target named twice in
/// one statement lists it once.
pub(crate) fn by_target(n: usize, st: &Statements) -> Csr<StatementId> {
    Csr::from_pairs(
        n,
        st.iter().flat_map(|(id, _)| {
            let targets = st.target_ids(id);
            targets
                .iter()
                .enumerate()
                .filter(move |&(k, t)| !targets.get(..k).is_some_and(|before| before.contains(t)))
                .map(move |(_, t)| (t.index(), id))
        }),
        StatementId::from_index(0),
    )
}

/// Each event's statements, in insertion order.
pub(crate) fn by_event(events: usize, st: &Statements) -> Csr<StatementId> {
    Csr::from_pairs(
        events,
        st.iter().flat_map(|(id, _)| {
            st.extra(id).into_iter().flat_map(|x| x.about.iter()).map(move |e| (e.index(), id))
        }),
        StatementId::from_index(0),
    )
}

impl Graph {
    /// A graph of checked records and their large indexes (with the kind column):
    /// the hierarchy and the chronological order are empty until the caller sets
    /// them (snapshot decoding and assembly both do), and the indexes made on first
    /// use are not made yet.
    pub(crate) fn from_parts(
        sources: IndexMap<Box<str>, Source>,
        actors: IndexMap<Box<str>, ActorRec>,
        relations: Vec<RelationRec>,
        events: IndexMap<Box<str>, EventRec>,
        statements: Statements,
        index: index::Indexes,
    ) -> Graph {
        Graph {
            net: OnceLock::new(),
            sources,
            kinds: kinds(&actors),
            actors,
            relations,
            events,
            statements,
            index,
            names: OnceLock::new(),
            parents: Csr::default(),
            children: Csr::default(),
            by_speaker: OnceLock::new(),
            by_target: OnceLock::new(),
            by_event: OnceLock::new(),
            chronological: Vec::new(),
        }
    }

    /// Assembles a graph from validated records and builds its indexes.
    pub(crate) fn assemble(
        sources: IndexMap<Box<str>, Source>,
        actors: IndexMap<Box<str>, ActorRec>,
        relations: Vec<RelationRec>,
        events: IndexMap<Box<str>, EventRec>,
        statements: Statements,
    ) -> Graph {
        // Callers check keys before; a repeat here keeps the first for look-ups.
        Self::assemble_checking_keys(sources, actors, relations, events, statements).0
    }

    /// [`Graph::assemble`], and every statement whose key an earlier one has, with
    /// that one (see [`Statements::index_keys`]): for callers that have not checked
    /// the keys, on a thread of its own while the indexes are built.
    pub(crate) fn assemble_checking_keys(
        sources: IndexMap<Box<str>, Source>,
        actors: IndexMap<Box<str>, ActorRec>,
        relations: Vec<RelationRec>,
        events: IndexMap<Box<str>, EventRec>,
        mut statements: Statements,
    ) -> (Graph, Vec<(StatementId, StatementId)>) {
        statements.shrink_to_fit();
        let keys_indexed = statements.keys_indexed();
        let mut key_index = None;
        let n = actors.len();
        // Two halves that share nothing but read-only records: the hierarchy and the
        // large indexes on this thread, the chronological order and the adjacency on
        // another, and the statement keys checked on a third. Small graphs stay on
        // one thread. The name index and the statement lists are made on first use.
        let ((parents, children), index, chronological) =
            if relations.len() + statements.len() < PARALLEL_WORK {
                key_index = (!keys_indexed).then(|| statements.key_index());
                let (parents, children) = hierarchy(n, &relations);
                let adjacency = index::Indexes::adjacency(n, &relations);
                let (index, chronological) = index::Indexes::build(n, &parents, adjacency, &statements);
                ((parents, children), index, chronological)
            } else {
                std::thread::scope(|scope| {
                    // The other thread sorts the statements by date first, for the said
                    // index's second pass, then builds the adjacency; this one builds the
                    // hierarchy's indexes and the said index, the longest part.
                    let (sorted, chronological) = std::sync::mpsc::sync_channel(1);
                    let (st, rel) = (&statements, &relations);
                    let keys = (!keys_indexed).then(|| scope.spawn(move || st.key_index()));
                    let side = scope.spawn(move || {
                        let _ = sorted.send(index::chronological(st));
                        index::Indexes::adjacency(n, rel)
                    });
                    let hierarchy = hierarchy(n, &relations);
                    let mut ix = index::Indexes::tops_only(n, &hierarchy.0);
                    let (said, chronological) = index::SaidIndex::build_with(&ix, st, || {
                        chronological.recv().unwrap_or_else(|_| index::chronological(st))
                    });
                    ix.said = said;
                    ix.adjacency = side.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                    key_index = keys.map(|k| k.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
                    (hierarchy, ix, chronological)
                })
            };
        let repeats = match key_index {
            Some((index, repeats)) => {
                statements.set_key_index(index);
                repeats
            }
            None => Vec::new(),
        };
        let mut graph = Graph::from_parts(sources, actors, relations, events, statements, index);
        graph.parents = parents;
        graph.children = children;
        graph.chronological = chronological;
        (graph, repeats)
    }
}

#[cfg(test)]
mod folding {
    use proptest::prelude::*;

    proptest! {
        /// The allocation-free folding of ASCII names hashes as `fold_name` does.
        #[test]
        fn ascii_folding_matches_fold_name(name in "[ -~\t\n\x0b\x0c\rA-Z]{0,20}", alias in "\\PC{0,8}") {
            let mut actors = indexmap::IndexMap::new();
            let rec = super::ActorRec {
                name: name.as_str().into(),
                kind: crate::ActorKind::State,
                aliases: vec![alias.as_str().into()].into(),
                description: None,
                citations: Box::default(),
                proposed: false,
                wikidata: None,
                country: None,
            };
            actors.insert(Box::<str>::from(name.as_str()), rec.clone());
            let mut expected: Vec<(u64, crate::ActorId)> = rec
                .folded_forms(&name)
                .map(|f| (super::name_hash(&f), crate::ActorId(0)))
                .collect();
            expected.sort_unstable();
            expected.dedup();
            prop_assert_eq!(super::name_index(&actors), expected);
        }
    }
}

#[cfg(test)]
mod hierarchy_links {
    use proptest::prelude::*;

    use super::{ActorId, RelationRec};
    use crate::model::RelationKind;

    proptest! {
        /// The hierarchy keeps each (child, parent) link once, at its first
        /// relation, in relation order: as a plain set of every link decides.
        #[test]
        fn links_are_kept_once_in_first_seen_order(
            links in prop::collection::vec((0u32..12, 0u32..12, 0usize..3), 0..60),
        ) {
            let n = 12;
            let kinds = [RelationKind::MemberOf, RelationKind::PartOf, RelationKind::Ally];
            let relations: Vec<RelationRec> = links
                .iter()
                .map(|&(a, b, k)| RelationRec::new(ActorId(a), kinds[k], ActorId(b)))
                .collect();
            let mut seen = std::collections::HashSet::new();
            let kept: Vec<(ActorId, ActorId)> = relations
                .iter()
                .filter(|r| r.kind.is_hierarchical())
                .map(|r| (r.from, r.to))
                .filter(|&pair| seen.insert(pair))
                .collect();
            let (parents, children) = super::hierarchy(n, &relations);
            for a in 0..n {
                let want: Vec<ActorId> = kept.iter().filter(|l| l.0.index() == a).map(|l| l.1).collect();
                prop_assert_eq!(parents.row(a), &want[..]);
                let want: Vec<ActorId> = kept.iter().filter(|l| l.1.index() == a).map(|l| l.0).collect();
                prop_assert_eq!(children.row(a), &want[..]);
            }
        }
    }
}

#[cfg(test)]
mod kind_column {
    /// Both ways a graph is made, assembled and reopened from a snapshot, fill the
    /// kind column for every actor, as the records say.
    #[test]
    fn every_actor_has_its_kind_in_the_column() {
        let built = crate::datasets::strait_incident();
        let reopened = crate::Graph::snapshot_from_bytes(&built.snapshot_bytes()).expect("own snapshot");
        for g in [&built, &reopened] {
            let records: Vec<crate::ActorKind> = g.actors.values().map(|a| a.kind).collect();
            assert!(!records.is_empty());
            assert_eq!(g.kinds, records);
        }
    }
}
