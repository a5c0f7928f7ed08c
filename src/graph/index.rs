//! Indexes for large graphs, built once when a graph is assembled.
//!
//! The queries' answers do not depend on these: each query has a plain path over the
//! basic indexes (statements by speaker and by target, the hierarchy) and uses what
//! is here only when it gives the same answer faster. Everything is flat arrays built
//! in O(n) passes (counting sorts, no per-statement allocation):
//!
//! - **tops**: for every actor, the actors at the top of its hierarchy (itself if it
//!   has no parent), and its *unit*, the top of its first-parent chain
//!   ([`Graph::chain_up`](super::Graph::chain_up)).
//! - **adjacency**: every relation as an undirected edge, a compressed row per actor,
//!   for breadth-first searches that allocate nothing per step.
//! - **statements by (top, target)**: a bucket per pair of a top-level actor and a
//!   target, holding every statement spoken by anyone under that top (or by it) that
//!   names the target, in chronological order with its first day, so a rolled-up
//!   "what did this state say about that one between these dates" is a look-up and
//!   two binary searches.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::{ActorId, Csr, RelationRec, StatementId, Statements};
use crate::model::PartialDate;

/// The number of days from 1970-01-01 to `date` (proleptic Gregorian calendar).
pub(crate) fn day_number(date: jiff::civil::Date) -> i32 {
    // Howard Hinnant's `days_from_civil`.
    let (y, m, d) = (i32::from(date.year()), i32::from(date.month()), i32::from(date.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A cheap, well-mixed hash for `u64` keys (the splitmix64 finaliser).
#[derive(Debug, Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn key(top: ActorId, target: ActorId) -> u64 {
    (u64::from(top.0) << 32) | u64::from(target.0)
}

/// Statements bucketed by (top of the speaker's hierarchy, target); see the module docs.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SaidIndex {
    /// `top << 32 | target`, ascending: one per bucket.
    keys: Vec<u64>,
    /// Bucket `b` is `days[starts[b]..starts[b + 1]]` (and the same range of `ids`).
    starts: Vec<u32>,
    /// First day ([`day_number`]) of each entry's statement, ascending within a bucket.
    days: Vec<i32>,
    /// Each entry's statement, chronological within a bucket.
    ids: Vec<StatementId>,
    /// The longest span of a statement's date, in days minus one (0 when every date is
    /// known to the day).
    max_span: i32,
}

/// The indexes of this module, owned by a [`Graph`](super::Graph).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Indexes {
    /// Actor `i`'s tops are `top_values[top_ranges[i]]`, ascending.
    top_ranges: Vec<(u32, u32)>,
    top_values: Vec<ActorId>,
    units: Vec<ActorId>,
    pub(crate) adjacency: Csr<ActorId>,
    pub(crate) said: SaidIndex,
}

impl Indexes {
    /// Builds every index of this module; `chronological` is every statement id in
    /// chronological order.
    pub(crate) fn build(
        actors: usize,
        parents: &Csr<ActorId>,
        relations: &[RelationRec],
        statements: &Statements,
        chronological: &[StatementId],
    ) -> Indexes {
        let filler = ActorId::from_index(0);
        let mut ix = Indexes {
            top_ranges: Vec::new(),
            top_values: Vec::new(),
            units: Vec::new(),
            adjacency: Csr::from_pairs(
                actors,
                relations.iter().flat_map(|r| [(r.from.index(), r.to), (r.to.index(), r.from)]),
                filler,
            ),
            said: SaidIndex::default(),
        };
        ix.hierarchy(actors, parents);
        ix.said = SaidIndex::build(&ix, statements, chronological);
        ix
    }

    /// Tops and units of every actor, parents before children (an explicit stack, so
    /// deep hierarchies cannot overflow). A single-parent actor shares its parent's
    /// tops, so a forest stores one top per root.
    fn hierarchy(&mut self, n: usize, parents: &Csr<ActorId>) {
        const TODO: u8 = 0;
        const OPEN: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![TODO; n];
        self.top_ranges = vec![(0, 0); n];
        self.units = (0..n).map(ActorId::from_index).collect();
        let mut stack: Vec<ActorId> = Vec::new();
        let mut merged: Vec<ActorId> = Vec::new();
        for start in 0..n {
            if state[start] != TODO {
                continue;
            }
            stack.push(ActorId::from_index(start));
            while let Some(&v) = stack.last() {
                let ps = parents.row(v.index());
                if state[v.index()] == TODO {
                    // Visit the parents first; an OPEN parent would be a cycle, which
                    // the builder rejects, and is skipped so the walk stays finite.
                    state[v.index()] = OPEN;
                    stack.extend(ps.iter().copied().filter(|p| state.get(p.index()) == Some(&TODO)));
                    continue;
                }
                stack.pop();
                if state[v.index()] == DONE {
                    continue;
                }
                let done = |p: &&ActorId| state.get(p.index()) == Some(&DONE);
                let range = match ps.iter().filter(done).count() {
                    0 => {
                        let at = self.top_values.len() as u32;
                        self.top_values.push(v);
                        (at, 1)
                    }
                    1 => ps.iter().find(done).map_or((0, 0), |p| self.top_ranges[p.index()]),
                    _ => {
                        merged.clear();
                        for p in ps.iter().filter(done) {
                            let (a, len) = self.top_ranges[p.index()];
                            merged.extend_from_slice(&self.top_values[a as usize..(a + len) as usize]);
                        }
                        merged.sort_unstable();
                        merged.dedup();
                        let at = self.top_values.len() as u32;
                        self.top_values.extend_from_slice(&merged);
                        (at, merged.len() as u32)
                    }
                };
                self.top_ranges[v.index()] = range;
                if let Some(first) = ps.first().filter(|p| done(p)) {
                    self.units[v.index()] = self.units[first.index()];
                }
                state[v.index()] = DONE;
            }
        }
    }

    /// The actors at the top of `actor`'s hierarchy, ascending (itself if it has no
    /// parent).
    pub(crate) fn tops(&self, actor: ActorId) -> &[ActorId] {
        match self.top_ranges.get(actor.index()) {
            Some(&(a, len)) => self.top_values.get(a as usize..(a + len) as usize).unwrap_or_default(),
            None => &[],
        }
    }

    /// The top of `actor`'s first-parent chain.
    pub(crate) fn unit(&self, actor: ActorId) -> ActorId {
        self.units.get(actor.index()).copied().unwrap_or(actor)
    }
}

impl SaidIndex {
    fn build(ix: &Indexes, st: &Statements, chronological: &[StatementId]) -> SaidIndex {
        let mut buckets: HashMap<u64, u32, BuildHasherDefault<KeyHasher>> = HashMap::default();
        let mut counts: Vec<u32> = Vec::new();
        let mut max_span = 0;
        // Pass 1, in id order: find and count the buckets.
        for (id, rec) in st.iter() {
            let span = day_number(rec.date.last_day()) - day_number(rec.date.first_day());
            max_span = max_span.max(span);
            let targets = st.targets(id);
            for (k, (t, _)) in targets.clone().enumerate() {
                if targets.clone().take(k).any(|(u, _)| u == t) {
                    continue;
                }
                for &top in ix.tops(rec.speaker) {
                    let next = counts.len() as u32;
                    let b = *buckets.entry(key(top, t)).or_insert(next) as usize;
                    if b == counts.len() {
                        counts.push(0);
                    }
                    counts[b] += 1;
                }
            }
        }
        // Number the buckets in key order.
        let mut order: Vec<(u64, u32)> = buckets.iter().map(|(&k, &b)| (k, b)).collect();
        order.sort_unstable();
        let mut renumber = vec![0u32; order.len()];
        for (new, &(_, old)) in order.iter().enumerate() {
            renumber[old as usize] = new as u32;
        }
        for b in buckets.values_mut() {
            *b = renumber[*b as usize];
        }
        let keys: Vec<u64> = order.iter().map(|&(k, _)| k).collect();
        let mut starts = Vec::with_capacity(keys.len() + 1);
        let mut total = 0u32;
        starts.push(0);
        for &(_, old) in &order {
            total += counts[old as usize];
            starts.push(total);
        }
        drop((order, counts, renumber));
        // Pass 2, in chronological order: place each entry (a stable counting sort).
        let mut fill: Vec<u32> = starts[..starts.len().saturating_sub(1)].to_vec();
        let mut days = vec![0i32; total as usize];
        let mut ids = vec![StatementId(0); total as usize];
        for &id in chronological {
            let rec = st.rec(id);
            let day = day_number(rec.date.first_day());
            let targets = st.targets(id);
            for (k, (t, _)) in targets.clone().enumerate() {
                if targets.clone().take(k).any(|(u, _)| u == t) {
                    continue;
                }
                for &top in ix.tops(rec.speaker) {
                    if let Some(&b) = buckets.get(&key(top, t)) {
                        let at = fill[b as usize] as usize;
                        fill[b as usize] += 1;
                        days[at] = day;
                        ids[at] = id;
                    }
                }
            }
        }
        SaidIndex { keys, starts, days, ids, max_span }
    }

    /// The bucket of statements by `top`'s hierarchy about `target`.
    pub(crate) fn bucket(&self, top: ActorId, target: ActorId) -> Option<usize> {
        self.keys.binary_search(&key(top, target)).ok()
    }

    fn range(&self, b: usize) -> Range<usize> {
        match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&a), Some(&z)) => a as usize..z as usize,
            _ => 0..0,
        }
    }

    /// The statements of bucket `b` in chronological order whose dates overlap
    /// `start ..= end` (open where `None`), as a sure part and a part to check:
    /// `(sure, check)` where `check` precedes `sure` and holds statements that begin
    /// before `start` but may reach into it.
    pub(crate) fn window(
        &self,
        b: usize,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
    ) -> (&[StatementId], &[StatementId]) {
        let r = self.range(b);
        let days = &self.days[r.clone()];
        let ids = &self.ids[r];
        let hi = end.map_or(days.len(), |e| {
            let last = day_number(e.last_day());
            days.partition_point(|&d| d <= last)
        });
        let (check_from, sure_from) = start.map_or((0, 0), |s| {
            let first = day_number(s.first_day());
            let sure = days.partition_point(|&d| d < first);
            let check = days.partition_point(|&d| d < first.saturating_sub(self.max_span));
            (check, sure)
        });
        let sure = ids.get(sure_from.min(hi)..hi).unwrap_or_default();
        let check = ids.get(check_from.min(hi)..sure_from.min(hi)).unwrap_or_default();
        (sure, check)
    }
}

#[cfg(test)]
mod tests {
    use super::day_number;

    #[test]
    fn day_numbers_count_from_the_unix_epoch() {
        let d = |y, m, d| day_number(jiff::civil::date(y, m, d));
        assert_eq!(d(1970, 1, 1), 0);
        assert_eq!(d(1969, 12, 31), -1);
        assert_eq!(d(2022, 1, 1), 18_993);
        assert_eq!(d(2000, 3, 1) - d(2000, 2, 28), 2);
        assert_eq!(d(2022, 3, 1) - d(2022, 2, 28), 1);
        assert_eq!(d(1, 1, 1), -719_162);
    }
}
