//! The reconciling merge: unify actors, then fold relations, events and statements,
//! on the builder's keyed items before they are validated (see the module docs of
//! [`merge`](super)).

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;

use super::report::{Fold, FoldReason, ItemCounts, LeftApart, MergeReport, PartSummary, Resolution};
use super::{MergePolicy, Unification, UnifyReason};
use crate::error::{Item, Problem};
use crate::model::{Actor, Event, PartialDate, Relation, RelationKind, Statement};

/// Largest group of candidate duplicates analysed pairwise; larger groups fold only
/// exact duplicates (the analysis is quadratic to cubic in the group's size).
const MAX_GROUP: usize = 256;

/// Which list an item belongs to, for the per-part counts.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Source,
    Actor,
    Relation,
    Event,
    Statement,
}

fn bump(counts: &mut ItemCounts, kind: Kind) {
    match kind {
        Kind::Source => counts.sources += 1,
        Kind::Actor => counts.actors += 1,
        Kind::Relation => counts.relations += 1,
        Kind::Event => counts.events += 1,
        Kind::Statement => counts.statements += 1,
    }
}

/// What the builder records for the [`MergeReport`] as it goes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parts {
    labels: BTreeMap<u32, String>,
    given: BTreeMap<u32, ItemCounts>,
    absorbed: BTreeMap<u32, ItemCounts>,
    pub(crate) unified: Vec<Unification>,
    pub(crate) folded: Vec<Fold>,
    pub(crate) resolved: Vec<Resolution>,
    pub(crate) left_apart: Vec<LeftApart>,
}

impl Parts {
    pub(crate) fn set_label(&mut self, part: u32, label: String) {
        self.labels.insert(part, label);
    }

    pub(crate) fn label(&self, part: u32) -> String {
        self.labels.get(&part).cloned().unwrap_or_else(|| format!("part {part}"))
    }

    /// Counts an item given by `part`.
    pub(crate) fn given(&mut self, part: u32, kind: Kind) {
        bump(self.given.entry(part).or_default(), kind);
    }

    /// Counts an item of `part` merged into one already there.
    pub(crate) fn absorbed(&mut self, part: u32, kind: Kind) {
        bump(self.absorbed.entry(part).or_default(), kind);
    }

    pub(crate) fn resolve(&mut self, item: String, field: &str, kept: &str, other: &str, how: &str) {
        self.resolved.push(Resolution {
            item,
            field: field.to_owned(),
            kept: kept.to_owned(),
            other: other.to_owned(),
            how: how.to_owned(),
        });
    }

    pub(crate) fn report(self, policy: MergePolicy, result: ItemCounts) -> MergeReport {
        let parts = self
            .given
            .iter()
            .map(|(&part, given)| {
                let gone = self.absorbed.get(&part).copied().unwrap_or_default();
                let added = ItemCounts {
                    sources: given.sources.saturating_sub(gone.sources),
                    actors: given.actors.saturating_sub(gone.actors),
                    relations: given.relations.saturating_sub(gone.relations),
                    events: given.events.saturating_sub(gone.events),
                    statements: given.statements.saturating_sub(gone.statements),
                };
                PartSummary { label: self.label(part), given: *given, added }
            })
            .collect();
        MergeReport {
            policy,
            parts,
            result,
            unified: self.unified,
            folded: self.folded,
            resolved: self.resolved,
            left_apart: self.left_apart,
        }
    }
}

/// Appends the items of `more` not already in `into`.
pub(crate) fn unite<T: PartialEq>(into: &mut Vec<T>, more: Vec<T>) {
    for item in more {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}

/// `relation `a ally b`` with its dates, for the report.
pub(crate) fn describe_relation(r: &Relation) -> String {
    let mut text = format!("relation `{} {} {}`", r.from, r.kind, r.to);
    match (r.start, r.end) {
        (None, None) => {}
        (s, e) => {
            let show = |d: Option<PartialDate>| d.map_or(String::new(), |d| d.to_string());
            text.push_str(&format!(" [{}..{}]", show(s), show(e)));
        }
    }
    text
}

/// Whether two optional dates agree up to precision: equal, one open, or one's
/// span inside the other's (calendar spans never overlap otherwise).
fn dates_agree(a: Option<PartialDate>, b: Option<PartialDate>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let inside = |x: PartialDate, y: PartialDate| {
                y.first_day() <= x.first_day() && x.last_day() <= y.last_day()
            };
            inside(a, b) || inside(b, a)
        }
        _ => true,
    }
}

/// The more precise of two agreeing dates.
fn finer(a: Option<PartialDate>, b: Option<PartialDate>) -> Option<PartialDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.precision() > a.precision() { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Merges actor `new` into `old` under the reconciling rules. `because` is `None`
/// for the same key, else why the two are one (for contradictions).
pub(crate) fn merge_actor(
    old_key: &str,
    old: &mut Actor,
    new: Actor,
    because: Option<&str>,
    problems: &mut Vec<Problem>,
    log: &mut Parts,
) {
    let mut clash = |field: &'static str, first: String, second: String| {
        problems.push(match because {
            None => Problem::Conflict { item: Item::Actor(old_key.to_owned()), field, first, second },
            Some(what) => Problem::Contradiction {
                item: Item::Actor(old_key.to_owned()),
                other: Item::Actor(new.key.clone()),
                what: what.to_owned(),
                field,
                first,
                second,
            },
        })
    };
    if old.kind != new.kind {
        clash("kind", old.kind.to_string(), new.kind.to_string());
    }
    match (old.wikidata, new.wikidata) {
        (Some(a), Some(b)) if a != b => clash("wikidata", a.to_string(), b.to_string()),
        (None, b) => old.wikidata = b,
        _ => {}
    }
    match (old.country, new.country) {
        (Some(a), Some(b)) if a != b => clash("country", a.to_string(), b.to_string()),
        (None, b) => old.country = b,
        _ => {}
    }
    let item = || format!("actor `{old_key}`");
    if new.name != old.name {
        if !old.aliases.contains(&new.name) {
            old.aliases.push(new.name.clone());
        }
        log.resolve(item(), "name", &old.name, &new.name, "kept as an alias");
    }
    for alias in new.aliases {
        if alias != old.name && !old.aliases.contains(&alias) {
            old.aliases.push(alias);
        }
    }
    match (&mut old.description, new.description) {
        (Some(a), Some(b)) if *a != b && !a.split(" / ").any(|part| part == b) => {
            log.resolve(item(), "description", a, &b, "joined");
            a.push_str(" / ");
            a.push_str(&b);
        }
        (a @ None, b) => *a = b,
        _ => {}
    }
    unite(&mut old.citations, new.citations);
}

/// Unifies actors of different parts with the same external id or, with
/// `match_names`, a matching name; returns the keys merged away and the key each now
/// means.
pub(crate) fn unify_actors(
    actors: &mut IndexMap<String, (Actor, u32)>,
    match_names: bool,
    problems: &mut Vec<Problem>,
    log: &mut Parts,
) -> HashMap<String, String> {
    let mut redirect = HashMap::new();
    let mut kept: IndexMap<String, (Actor, u32)> = IndexMap::with_capacity(actors.len());
    let mut by_wikidata = HashMap::new();
    let mut by_country = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let forms = |a: &Actor| {
        let mut f: Vec<(String, String)> = std::iter::once(&a.name)
            .chain(&a.aliases)
            .map(|n| (crate::suggest::fold(n), n.clone()))
            .collect();
        f.dedup_by(|x, y| x.0 == y.0);
        f
    };
    for (key, (actor, part)) in std::mem::take(actors) {
        let other_part = |i: &usize, kept: &IndexMap<String, (Actor, u32)>| {
            kept.get_index(*i).is_some_and(|(_, (_, p))| *p != part)
        };
        let mut found: Option<(usize, UnifyReason)> = None;
        if let Some(i) = actor.wikidata.and_then(|w| by_wikidata.get(&w)).filter(|i| other_part(i, &kept)) {
            found = Some((
                *i,
                UnifyReason::SameWikidata { id: actor.wikidata.map(|w| w.to_string()).unwrap_or_default() },
            ));
        } else if let Some(i) =
            actor.country.and_then(|c| by_country.get(&c)).filter(|i| other_part(i, &kept))
        {
            found = Some((
                *i,
                UnifyReason::SameCountry { code: actor.country.map(|c| c.to_string()).unwrap_or_default() },
            ));
        } else if match_names {
            let mut candidates: Vec<(usize, String)> = Vec::new();
            for (folded, name) in forms(&actor) {
                for &i in by_name.get(&folded).into_iter().flatten() {
                    let same_kind = kept.get_index(i).is_some_and(|(_, (a, _))| a.kind == actor.kind);
                    if same_kind && other_part(&i, &kept) && !candidates.iter().any(|c| c.0 == i) {
                        candidates.push((i, name.clone()));
                    }
                }
            }
            match candidates.as_slice() {
                [(i, name)] => found = Some((*i, UnifyReason::MatchingName { name: name.clone() })),
                [] => {}
                many => log.left_apart.push(LeftApart {
                    item: format!("actor `{key}` ({})", log.label(part)),
                    candidates: many
                        .iter()
                        .filter_map(|(i, _)| kept.get_index(*i).map(|(k, _)| format!("actor `{k}`")))
                        .collect(),
                }),
            }
        }
        let index = match found {
            Some((i, reason)) => {
                let Some((kept_key, (old, _))) = kept.get_index_mut(i) else { continue };
                let because = reason.to_string();
                merge_actor(kept_key, old, actor, Some(&because), problems, log);
                log.unified.push(Unification {
                    kept: kept_key.clone(),
                    merged: key.clone(),
                    part: log.label(part),
                    reason,
                });
                log.absorbed(part, Kind::Actor);
                redirect.insert(key, kept_key.clone());
                i
            }
            None => {
                let i = kept.len();
                kept.insert(key, (actor, part));
                i
            }
        };
        // Index what the kept actor now holds.
        if let Some((_, (a, _))) = kept.get_index(index) {
            if let Some(w) = a.wikidata {
                by_wikidata.entry(w).or_insert(index);
            }
            if let Some(c) = a.country {
                by_country.entry(c).or_insert(index);
            }
            if match_names {
                for (folded, _) in forms(a) {
                    let list = by_name.entry(folded).or_default();
                    if !list.contains(&index) {
                        list.push(index);
                    }
                }
            }
        }
    }
    *actors = kept;
    redirect
}

/// Rewrites every actor reference through `redirect`.
pub(crate) fn redirect_references(
    redirect: &HashMap<String, String>,
    relations: &mut [(Relation, u32)],
    events: &mut IndexMap<String, (Event, u32)>,
    pending_events: &mut [(Event, u32)],
    statements: &mut IndexMap<String, (Statement, u32)>,
    pending_statements: &mut [(Statement, u32)],
) {
    if redirect.is_empty() {
        return;
    }
    let map = |key: &mut String| {
        if let Some(to) = redirect.get(key.as_str()) {
            key.clone_from(to);
        }
    };
    for (r, _) in relations {
        map(&mut r.from);
        map(&mut r.to);
    }
    let event = |e: &mut Event| {
        if let Some(p) = &mut e.place {
            map(p);
        }
        e.participants.iter_mut().for_each(|p| map(&mut p.actor));
    };
    events.values_mut().for_each(|(e, _)| event(e));
    pending_events.iter_mut().for_each(|(e, _)| event(e));
    let statement = |s: &mut Statement| {
        map(&mut s.speaker);
        s.targets.iter_mut().for_each(|t| map(&mut t.actor));
        s.via.iter_mut().for_each(map);
        s.also_via.iter_mut().flatten().for_each(map);
    };
    statements.values_mut().for_each(|(s, _)| statement(s));
    pending_statements.iter_mut().for_each(|(s, _)| statement(s));
}

/// Folds the members of each group of candidates that agree with each other.
/// `agree(i, j)` is symmetric; `same(i, j)` (implying `agree`) says the two are
/// copies, which always fold. Among the distinct items, one that agrees with two
/// items that do not agree with each other is ambiguous and stays on its own with
/// its copies (its neighbours are returned for the report); among the rest,
/// agreement is transitive (calendar spans nest or are disjoint), so the sets it
/// connects fold whole. Returns, per item, the index of the item it folds into (the
/// first of its set, or itself), and the ambiguous items with their candidates.
fn fold_group(
    n: usize,
    agree: impl Fn(usize, usize) -> bool,
    same: impl Fn(usize, usize) -> bool,
) -> (Vec<usize>, Vec<(usize, Vec<usize>)>) {
    let mut root: Vec<usize> = (0..n).collect();
    let mut ambiguous = Vec::new();
    if n < 2 {
        return (root, ambiguous);
    }
    // Copies first: each item's representative is the first copy of it.
    let rep: Vec<usize> = (0..n).map(|i| (0..i).find(|&j| same(i, j)).unwrap_or(i)).collect();
    let distinct: Vec<usize> = (0..n).filter(|&i| rep[i] == i).collect();
    let neighbours: Vec<Vec<usize>> = distinct
        .iter()
        .map(|&i| distinct.iter().copied().filter(|&j| j != i && agree(i, j)).collect())
        .collect();
    let mut is_hub = vec![false; n];
    for (x, &i) in distinct.iter().enumerate() {
        let ns = &neighbours[x];
        is_hub[i] = ns.iter().enumerate().any(|(a, &j)| ns[a + 1..].iter().any(|&k| !agree(j, k)));
        if is_hub[i] {
            ambiguous.push((i, ns.clone()));
        }
    }
    for (x, &i) in distinct.iter().enumerate() {
        if is_hub[i] {
            continue;
        }
        // The first agreeing non-hub item before `i` already has its set's root.
        if let Some(&j) = neighbours[x].iter().find(|&&j| j < i && !is_hub[j]) {
            root[i] = root[j];
        }
    }
    for i in 0..n {
        if rep[i] != i {
            root[i] = root[rep[i]];
        }
    }
    (root, ambiguous)
}

/// The group a relation can fold within: its ends (in order for symmetric kinds)
/// and kind, `leads` and `holds_office` counting as one.
fn relation_group(r: &Relation) -> (String, String, RelationKind) {
    let kind = if r.kind == RelationKind::HoldsOffice { RelationKind::Leads } else { r.kind };
    if r.kind.is_symmetric() && r.to < r.from {
        (r.to.clone(), r.from.clone(), kind)
    } else {
        (r.from.clone(), r.to.clone(), kind)
    }
}

fn relations_agree(a: &Relation, b: &Relation, exact: bool) -> bool {
    if exact {
        return a.kind == b.kind
            && a.title == b.title
            && a.start == b.start
            && a.end == b.end
            && a.confidence.to_bits() == b.confidence.to_bits()
            && (a.from == b.from || a.kind.is_symmetric());
    }
    let titles = match (&a.title, &b.title) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    titles && dates_agree(a.start, b.start) && dates_agree(a.end, b.end)
}

/// Folds relations that state the same fact; see the module docs of `merge`.
pub(crate) fn fold_relations(relations: Vec<(Relation, u32)>, log: &mut Parts) -> Vec<(Relation, u32)> {
    let mut groups: IndexMap<(String, String, RelationKind), Vec<usize>> = IndexMap::new();
    for (i, (r, _)) in relations.iter().enumerate() {
        groups.entry(relation_group(r)).or_default().push(i);
    }
    // Per relation: the relation it folds into (itself if kept).
    let mut into: Vec<usize> = (0..relations.len()).collect();
    for members in groups.values().filter(|m| m.len() > 1) {
        let exact = members.len() > MAX_GROUP;
        let rel = |k: usize| &relations[members[k]].0;
        let (root, ambiguous) = fold_group(
            members.len(),
            |x, y| relations_agree(rel(x), rel(y), exact),
            |x, y| relations_agree(rel(x), rel(y), true),
        );
        for (k, r) in root.iter().enumerate() {
            into[members[k]] = members[*r];
        }
        for (k, candidates) in ambiguous {
            log.left_apart.push(LeftApart {
                item: format!("{} ({})", describe_relation(rel(k)), log.label(relations[members[k]].1)),
                candidates: candidates.iter().map(|&c| describe_relation(rel(c))).collect(),
            });
        }
    }
    let mut folded_into: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &r) in into.iter().enumerate() {
        if r != i {
            folded_into.entry(r).or_default().push(i);
        }
    }
    let mut slots: Vec<Option<(Relation, u32)>> = relations.into_iter().map(Some).collect();
    for (&root, others) in &folded_into {
        let Some((mut kept, part)) = slots[root].take() else { continue };
        let mut how = Vec::new();
        let mut names = Vec::new();
        for &o in others {
            let Some((r, p)) = slots[o].take() else { continue };
            names.push(format!("{} ({})", describe_relation(&r), log.label(p)));
            log.absorbed(p, Kind::Relation);
            if r.from != kept.from {
                how.push(FoldReason::Reversed);
            }
            if r.kind != kept.kind {
                how.push(FoldReason::LeadsAndOffice);
                kept.kind = RelationKind::Leads;
            }
            if r.start != kept.start || r.end != kept.end {
                how.push(FoldReason::DatesRefined);
                kept.start = finer(kept.start, r.start);
                kept.end = finer(kept.end, r.end);
            }
            if r.title != kept.title && r.title.is_some() || r.confidence > kept.confidence {
                how.push(FoldReason::DetailsJoined);
            }
            if kept.title.is_none() {
                kept.title = r.title;
            }
            kept.confidence = kept.confidence.max(r.confidence);
            unite(&mut kept.citations, r.citations);
        }
        if how.is_empty() {
            how.push(FoldReason::SameFact);
        }
        how.sort();
        how.dedup();
        log.folded.push(Fold { item: describe_relation(&kept), folded: names, how });
        slots[root] = Some((kept, part));
    }
    slots.into_iter().flatten().collect()
}

/// Merges event `new` into `old`, which has the same key, under the reconciling
/// rules.
pub(crate) fn merge_event(
    old: &mut Event,
    new: Event,
    new_part: u32,
    problems: &mut Vec<Problem>,
    log: &mut Parts,
) {
    let item = || Item::Event(old.key.clone());
    let mut conflict = |field: &'static str, first: String, second: String| {
        problems.push(Problem::Conflict { item: item(), field, first, second });
    };
    if old.kind != new.kind {
        conflict("kind", old.kind.to_string(), new.kind.to_string());
    }
    if dates_agree(old.date, new.date) {
        old.date = finer(old.date, new.date);
    } else {
        conflict("date", format!("{:?}", old.date), format!("{:?}", new.date));
    }
    match (&old.place, new.place) {
        (Some(a), Some(b)) if *a != b => conflict("place", a.clone(), b),
        (None, b) => old.place = b,
        _ => {}
    }
    if old.label != new.label {
        log.resolve(format!("event `{}`", old.key), "label", &old.label, &new.label, "dropped");
    }
    unite(&mut old.participants, new.participants);
    unite(&mut old.citations, new.citations);
    log.absorbed(new_part, Kind::Event);
    log.folded.push(Fold {
        item: format!("event `{}`", old.key),
        folded: vec![format!("event `{}` ({})", new.key, log.label(new_part))],
        how: vec![FoldReason::SameKey],
    });
}

/// Every outlet chain of a statement, `via` first when not empty.
fn chains(s: &Statement) -> Vec<Vec<String>> {
    let mut all: Vec<Vec<String>> = Vec::new();
    if !s.via.is_empty() {
        all.push(s.via.clone());
    }
    unite(&mut all, s.also_via.clone());
    all
}

/// Joins `new`'s outlet chains, citations, events and framing into `old` (their
/// words and coding agree); returns whether a chain was added.
fn join_statement(old: &mut Statement, new: Statement, log: &mut Parts) -> bool {
    let mut all = chains(old);
    let before = all.len();
    unite(&mut all, chains(&new));
    let joined = all.len() > before;
    let mut all = all.into_iter();
    if old.via.is_empty() {
        old.via = all.next().unwrap_or_default();
    } else {
        all.next();
    }
    old.also_via = all.collect();
    old.date = finer(Some(old.date), Some(new.date)).unwrap_or(old.date);
    let item = || format!("statement `{}`", old.key);
    match (&old.audience, new.audience) {
        (Some(a), Some(b)) if *a != b => log.resolve(item(), "audience", a, &b, "dropped"),
        (None, b) => old.audience = b,
        _ => {}
    }
    if old.order != new.order {
        log.resolve(item(), "order", &old.order.to_string(), &new.order.to_string(), "dropped");
    }
    unite(&mut old.about, new.about);
    unite(&mut old.framing, new.framing);
    unite(&mut old.citations, new.citations);
    joined
}

/// The first coding field (targets, hedge, kind, mode) on which two statements
/// differ, with both values.
fn coding_differs(a: &Statement, b: &Statement) -> Option<(&'static str, String, String)> {
    let targets = |s: &Statement| -> Vec<(String, u64)> {
        s.targets.iter().map(|t| (t.actor.clone(), t.stance.to_bits())).collect()
    };
    let show = |x: &dyn std::fmt::Debug| format!("{x:?}");
    if targets(a) != targets(b) {
        return Some(("targets", show(&a.targets), show(&b.targets)));
    }
    if a.hedge != b.hedge {
        return Some(("hedge", a.hedge.to_string(), b.hedge.to_string()));
    }
    if a.kind != b.kind {
        return Some(("kind", a.kind.to_string(), b.kind.to_string()));
    }
    if a.mode != b.mode {
        return Some(("mode", show(&a.mode), show(&b.mode)));
    }
    None
}

/// Merges statement `new` into `old`, which has the same key.
pub(crate) fn merge_statement(
    old: &mut Statement,
    new: Statement,
    new_part: u32,
    problems: &mut Vec<Problem>,
    log: &mut Parts,
) {
    let item = || Item::Statement(old.key.clone());
    let mut clash = Vec::new();
    if old.speaker != new.speaker {
        clash.push(("speaker", old.speaker.clone(), new.speaker.clone()));
    }
    if old.text != new.text {
        clash.push(("text", old.text.clone(), new.text.clone()));
    }
    if !dates_agree(Some(old.date), Some(new.date)) {
        clash.push(("date", old.date.to_string(), new.date.to_string()));
    }
    clash.extend(coding_differs(old, &new));
    if !clash.is_empty() {
        for (field, first, second) in clash {
            problems.push(Problem::Conflict { item: item(), field, first, second });
        }
        return;
    }
    let refined = old.date != new.date;
    let name = format!("statement `{}` ({})", new.key, log.label(new_part));
    let joined = join_statement(old, new, log);
    let mut how = vec![FoldReason::SameKey];
    if refined {
        how.push(FoldReason::DatesRefined);
    }
    if joined {
        how.push(FoldReason::OutletsJoined);
    }
    log.absorbed(new_part, Kind::Statement);
    log.folded.push(Fold { item: format!("statement `{}`", old.key), folded: vec![name], how });
}

/// Folds statements by the same speaker with the same words on agreeing dates and
/// the same coding; the same words coded differently in another part are errors.
pub(crate) fn fold_statements(
    statements: &mut IndexMap<String, (Statement, u32)>,
    problems: &mut Vec<Problem>,
    log: &mut Parts,
) {
    let mut groups: IndexMap<(&str, &str), Vec<usize>> = IndexMap::new();
    for (i, (s, _)) in statements.values().enumerate() {
        if !s.text.trim().is_empty() {
            groups.entry((s.speaker.as_str(), s.text.as_str())).or_default().push(i);
        }
    }
    let mut into: Vec<usize> = (0..statements.len()).collect();
    let at = |i: usize| statements.get_index(i).map(|(_, x)| x);
    for members in groups.values().filter(|m| m.len() > 1) {
        let exact = members.len() > MAX_GROUP;
        let get = |k: usize| at(members[k]);
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                let (Some((sa, pa)), Some((sb, pb))) = (at(a), at(b)) else { continue };
                if pa != pb
                    && dates_agree(Some(sa.date), Some(sb.date))
                    && let Some((field, first, second)) = coding_differs(sa, sb)
                {
                    problems.push(Problem::Contradiction {
                        item: Item::Statement(sa.key.clone()),
                        other: Item::Statement(sb.key.clone()),
                        what: "same speaker, same words".to_owned(),
                        field,
                        first,
                        second,
                    });
                }
            }
        }
        let agree = |x: usize, y: usize| match (get(x), get(y)) {
            (Some((a, _)), Some((b, _))) if exact => a.date == b.date && coding_differs(a, b).is_none(),
            (Some((a, _)), Some((b, _))) => {
                dates_agree(Some(a.date), Some(b.date)) && coding_differs(a, b).is_none()
            }
            _ => false,
        };
        let same = |x: usize, y: usize| match (get(x), get(y)) {
            (Some((a, _)), Some((b, _))) => a.date == b.date && coding_differs(a, b).is_none(),
            _ => false,
        };
        let (root, ambiguous) = fold_group(members.len(), agree, same);
        for (k, r) in root.iter().enumerate() {
            into[members[k]] = members[*r];
        }
        for (k, candidates) in ambiguous {
            let name = |k: usize| get(k).map_or(String::new(), |(s, _)| format!("statement `{}`", s.key));
            log.left_apart
                .push(LeftApart { item: name(k), candidates: candidates.iter().map(|&c| name(c)).collect() });
        }
    }
    if into.iter().enumerate().all(|(i, &r)| i == r) {
        return;
    }
    let mut slots: Vec<Option<(String, (Statement, u32))>> =
        std::mem::take(statements).into_iter().map(Some).collect();
    let mut folded_into: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &r) in into.iter().enumerate() {
        if r != i {
            folded_into.entry(r).or_default().push(i);
        }
    }
    for (&root, others) in &folded_into {
        let Some((key, (mut kept, part))) = slots[root].take() else { continue };
        let mut how = vec![FoldReason::SameWords];
        let mut names = Vec::new();
        for &o in others {
            let Some((_, (s, p))) = slots[o].take() else { continue };
            names.push(format!("statement `{}` ({})", s.key, log.label(p)));
            log.absorbed(p, Kind::Statement);
            if s.date != kept.date {
                how.push(FoldReason::DatesRefined);
            }
            if join_statement(&mut kept, s, log) {
                how.push(FoldReason::OutletsJoined);
            }
        }
        how.sort();
        how.dedup();
        log.folded.push(Fold { item: format!("statement `{key}`"), folded: names, how });
        slots[root] = Some((key, (kept, part)));
    }
    *statements = slots.into_iter().flatten().collect();
}

/// The builder's items under reconciliation.
pub(crate) struct Items<'a> {
    pub(crate) actors: &'a mut IndexMap<String, (Actor, u32)>,
    pub(crate) relations: &'a mut Vec<(Relation, u32)>,
    pub(crate) events: &'a mut IndexMap<String, (Event, u32)>,
    pub(crate) statements: &'a mut IndexMap<String, (Statement, u32)>,
}

/// The reconciling pass: unify actors, redirect references, merge the items of
/// later parts that share a key, fold relations and statements.
pub(crate) fn reconcile(
    items: Items<'_>,
    pending_events: Vec<(Event, u32)>,
    pending_statements: Vec<(Statement, u32)>,
    match_names: bool,
    problems: &mut Vec<Problem>,
    log: &mut Parts,
) {
    let (mut pending_events, mut pending_statements) = (pending_events, pending_statements);
    let redirect = unify_actors(items.actors, match_names, problems, log);
    redirect_references(
        &redirect,
        items.relations,
        items.events,
        &mut pending_events,
        items.statements,
        &mut pending_statements,
    );
    for (e, part) in pending_events {
        if let Some((old, _)) = items.events.get_mut(&e.key) {
            merge_event(old, e, part, problems, log);
        }
    }
    for (s, part) in pending_statements {
        if let Some((old, _)) = items.statements.get_mut(&s.key) {
            merge_statement(old, s, part, problems, log);
        }
    }
    *items.relations = fold_relations(std::mem::take(items.relations), log);
    fold_statements(items.statements, problems, log);
}
