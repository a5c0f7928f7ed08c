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
//!   names the target, in chronological order, so a rolled-up
//!   "what did this state say about that one between these dates" is a look-up and
//!   two binary searches; and per bucket the stances summed per hedge level, so a
//!   bloc's mean stance toward each target needs no statement at all.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::{ActorId, Csr, RelationRec, StatementId, Statements};
use crate::model::{Hedge, PartialDate};

/// The hedge level's slot in [`StanceSums`].
pub(crate) fn hedge_slot(hedge: Hedge) -> usize {
    match hedge {
        Hedge::Asserted => 0,
        Hedge::Likely => 1,
        Hedge::Possible => 2,
        Hedge::Unlikely => 3,
    }
}

/// Stances of a bucket's statements summed per hedge level (in [`hedge_slot`]
/// order), each statement's stance being its mean toward the bucket's target.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct StanceSums {
    pub(crate) sum: [f64; 4],
    pub(crate) count: [u32; 4],
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
    pub(crate) keys: Vec<u64>,
    /// Bucket `b` is `ids[starts[b]..starts[b + 1]]`.
    pub(crate) starts: Vec<u32>,
    /// Each entry's statement, chronological within a bucket.
    pub(crate) ids: Vec<StatementId>,
    pub(crate) sums: Vec<StanceSums>,
    /// The longest span of a statement's date, in days minus one (0 when every date is
    /// known to the day).
    pub(crate) max_span: i32,
    /// Whether some statement names two different targets with the same unit.
    pub(crate) shared_units: bool,
}

/// The indexes of this module, owned by a [`Graph`](super::Graph).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Indexes {
    /// Actor `i`'s tops are `top_values[top_ranges[i]]`, ascending.
    pub(crate) top_ranges: Vec<(u32, u32)>,
    pub(crate) top_values: Vec<ActorId>,
    pub(crate) units: Vec<ActorId>,
    pub(crate) adjacency: Csr<ActorId>,
    pub(crate) said: SaidIndex,
}

impl Indexes {
    /// Builds every index of this module, and every statement id in chronological
    /// order (date, then `order` within the date, then id), which falls out of it.
    pub(crate) fn build(
        actors: usize,
        parents: &Csr<ActorId>,
        adjacency: Csr<ActorId>,
        statements: &Statements,
    ) -> (Indexes, Vec<StatementId>) {
        let mut ix = Indexes {
            top_ranges: Vec::new(),
            top_values: Vec::new(),
            units: Vec::new(),
            adjacency,
            said: SaidIndex::default(),
        };
        ix.hierarchy(actors, parents);
        let (said, chronological) = SaidIndex::build(&ix, statements);
        ix.said = said;
        (ix, chronological)
    }

    /// The tops and units of every actor, with the other indexes empty.
    pub(crate) fn tops_only(actors: usize, parents: &Csr<ActorId>) -> Indexes {
        let mut ix = Indexes {
            top_ranges: Vec::new(),
            top_values: Vec::new(),
            units: Vec::new(),
            adjacency: Csr::default(),
            said: SaidIndex::default(),
        };
        ix.hierarchy(actors, parents);
        ix
    }

    /// Every relation as an undirected edge: a compressed row of neighbours per actor.
    pub(crate) fn adjacency(actors: usize, relations: &[RelationRec]) -> Csr<ActorId> {
        Csr::from_pairs(
            actors,
            relations.iter().flat_map(|r| [(r.from.index(), r.to), (r.to.index(), r.from)]),
            ActorId::from_index(0),
        )
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

/// Numbers (top, target) pairs densely in order of first sight: a flat table when
/// the tops and targets in use are few (a few hundred states and the actors they
/// speak about), a hash map otherwise.
struct BucketNumbers {
    /// Per actor: its rank among tops, or `NONE`.
    top_rank: Vec<u32>,
    /// Per actor: its rank among targets, or `NONE`.
    target_rank: Vec<u32>,
    targets: usize,
    table: Vec<u32>,
    map: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    keys: Vec<u64>,
}

const NONE: u32 = u32::MAX;
/// How many statements ahead the said index's second pass asks for what it reads
/// at random (see [`crate::hint::prefetch`]).
const AHEAD: usize = 16;
/// Largest flat table, in cells (16 MiB).
const TABLE_CELLS: usize = 1 << 22;

impl BucketNumbers {
    fn new(ix: &Indexes, st: &Statements, n: usize) -> Self {
        let mut top_rank = vec![NONE; n];
        let mut tops = 0;
        for &t in &ix.top_values {
            if let Some(r) = top_rank.get_mut(t.index()).filter(|r| **r == NONE) {
                *r = tops;
                tops += 1;
            }
        }
        let mut target_rank = vec![NONE; n];
        let mut targets = 0;
        for (id, _) in st.iter() {
            for (t, _) in st.targets(id) {
                if let Some(r) = target_rank.get_mut(t.index()).filter(|r| **r == NONE) {
                    *r = targets;
                    targets += 1;
                }
            }
        }
        let cells = (tops as usize).saturating_mul(targets as usize);
        let table = if cells <= TABLE_CELLS { vec![NONE; cells] } else { Vec::new() };
        BucketNumbers {
            top_rank,
            target_rank,
            targets: targets as usize,
            table,
            map: HashMap::default(),
            keys: Vec::new(),
        }
    }

    /// The number of (top, target), numbering it if new.
    fn get(&mut self, top: ActorId, target: ActorId) -> u32 {
        let next = self.keys.len() as u32;
        let cell =
            (self.top_rank[top.index()] as usize) * self.targets + self.target_rank[target.index()] as usize;
        let b = match self.table.get_mut(cell) {
            Some(b) => {
                if *b == NONE {
                    *b = next;
                }
                *b
            }
            None => *self.map.entry(key(top, target)).or_insert(next),
        };
        if b == next {
            self.keys.push(key(top, target));
        }
        b
    }
}

/// A statement's day span as day numbers, without building calendar dates.
pub(crate) fn day_span(date: PartialDate) -> (i32, i32) {
    let y = i32::from(date.year_number());
    let civil = |m: i32, d: i32| {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    };
    match (date.month_number(), date.day_number()) {
        (Some(m), Some(d)) => {
            let x = civil(i32::from(m), i32::from(d));
            (x, x)
        }
        (Some(m), None) => {
            let m = i32::from(m);
            let first = civil(m, 1);
            let next = if m == 12 { civil(13, 1) } else { civil(m + 1, 1) };
            (first, next - 1)
        }
        _ => (civil(1, 1), civil(12, 31)),
    }
}

/// A date as one number that sorts like the date (partial dates before the full
/// dates they contain).
fn date_key(date: PartialDate) -> u32 {
    // Years are 1 to 9999, so the key is below 2^23.
    let year = u32::try_from(date.year_number()).unwrap_or(0);
    (year << 9)
        | (u32::from(date.month_number().unwrap_or(0)) << 5)
        | u32::from(date.day_number().unwrap_or(0))
}

/// Largest span of date keys sorted by counting (about 8000 years of keys).
const MAX_KEY_SPAN: u32 = 1 << 22;

/// A statement's buckets, in 32 bits: a bucket number, [`NONE`], or `MANY | i` when
/// they are listed at `many[i]` (a length, then the buckets).
const MANY: u32 = 1 << 31;

/// Every statement id in chronological order (date, then `order` within the date,
/// then id): a stable counting sort on date keys (storage order within a date), then
/// each date whose statements have different `order`s sorted by (order, id). Dates
/// spread too widely for counting are sorted by comparison instead. It needs the
/// statements only, so it can run beside the said index's first pass.
pub(crate) fn chronological(st: &Statements) -> Vec<StatementId> {
    let (mut lo, mut hi) = (u32::MAX, 0);
    for (_, rec) in st.iter() {
        let dk = date_key(rec.date);
        lo = lo.min(dk);
        hi = hi.max(dk);
    }
    if st.len() == 0 || hi - lo >= MAX_KEY_SPAN {
        let mut ids: Vec<StatementId> = st.iter().map(|(id, _)| id).collect();
        ids.sort_unstable_by_key(|&id| {
            let s = st.rec(id);
            (s.date, s.order, id)
        });
        return ids;
    }
    let span = (hi - lo + 1) as usize;
    let mut starts = vec![0u32; span + 1];
    // Per date: the `order` of its first statement, and whether another differs
    // (found here, in storage order, rather than by reading the statements again at
    // random once placed).
    let mut first_order = vec![0u32; span];
    let mut mixed = vec![false; span];
    for (_, rec) in st.iter() {
        let k = (date_key(rec.date) - lo) as usize;
        let count = &mut starts[k + 1];
        if *count == 0 {
            first_order[k] = rec.order;
        } else if first_order[k] != rec.order {
            mixed[k] = true;
        }
        *count += 1;
    }
    drop(first_order);
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut fill = starts.clone();
    let mut ids = vec![StatementId(0); st.len()];
    for (id, rec) in st.iter() {
        let slot = &mut fill[(date_key(rec.date) - lo) as usize];
        ids[*slot as usize] = id;
        *slot += 1;
    }
    drop(fill);
    for (w, _) in starts.windows(2).zip(&mixed).filter(|&(_, &mixed)| mixed) {
        if let Some(run) = ids.get_mut(w[0] as usize..w[1] as usize) {
            run.sort_unstable_by_key(|&id| (st.rec(id).order, id));
        }
    }
    ids
}

impl SaidIndex {
    /// Builds the index and, on the way, every statement id in chronological order
    /// (date, then `order` within the date, then id): a counting sort on dates,
    /// reading the statements in storage order only.
    pub(crate) fn build(ix: &Indexes, st: &Statements) -> (SaidIndex, Vec<StatementId>) {
        Self::build_with(ix, st, || chronological(st))
    }

    /// [`SaidIndex::build`], with the chronological order from `chronological`
    /// (which may have been computed on another thread meanwhile), asked for after
    /// the first pass.
    pub(crate) fn build_with(
        ix: &Indexes,
        st: &Statements,
        chronological: impl FnOnce() -> Vec<StatementId>,
    ) -> (SaidIndex, Vec<StatementId>) {
        let mut numbers = BucketNumbers::new(ix, st, ix.top_ranges.len());
        // A bucket's size is the sum of its counts per hedge level: one random
        // access per entry, not two.
        let mut sums: Vec<StanceSums> = Vec::new();
        let mut max_span = 0;
        let mut shared_units = false;
        let mut codes: Vec<u32> = Vec::with_capacity(st.len());
        let mut many: Vec<u32> = Vec::new();
        let mut mine: Vec<u32> = Vec::new();
        // Most actors have one top: read it from a dense array of 4-byte entries
        // (which stays in cache where the ranges and values do not), the others
        // from the ranges.
        let single: Vec<u32> = ix
            .top_ranges
            .iter()
            .map(|&(a, len)| match (len, ix.top_values.get(a as usize)) {
                (1, Some(t)) => t.0,
                _ => NONE,
            })
            .collect();
        let mut one = [ActorId(0)];
        // Pass 1, in storage order: number, count and sum the buckets.
        for (id, rec) in st.iter() {
            if rec.date.day_number().is_none() {
                // A date known to the day spans no more days than itself.
                let (first, last) = day_span(rec.date);
                max_span = max_span.max(last - first);
            }
            let slot = hedge_slot(rec.hedge);
            let targets = st.targets(id);
            let tops = match single.get(rec.speaker.index()) {
                Some(&t) if t != NONE => {
                    one[0] = ActorId(t);
                    &one[..]
                }
                _ => ix.tops(rec.speaker),
            };
            mine.clear();
            for (k, (t, stance)) in targets.clone().enumerate() {
                let stance = if targets.len() == 1 {
                    stance
                } else {
                    if targets.clone().take(k).any(|(u, _)| u == t) {
                        continue;
                    }
                    if targets.clone().take(k).any(|(u, _)| ix.unit(u) == ix.unit(t)) {
                        shared_units = true;
                    }
                    // The statement's stance toward `t`: the mean if it names `t` twice.
                    let (sum, n) = targets
                        .clone()
                        .skip(k)
                        .filter(|&(u, _)| u == t)
                        .fold((0.0, 0u32), |(s, n), (_, x)| (s + x, n + 1));
                    sum / f64::from(n)
                };
                for &top in tops {
                    let b = numbers.get(top, t) as usize;
                    if b == sums.len() {
                        sums.push(StanceSums::default());
                    }
                    sums[b].sum[slot] += stance;
                    sums[b].count[slot] += 1;
                    mine.push(b as u32);
                }
            }
            codes.push(match mine.as_slice() {
                [] => NONE,
                &[b] if b < MANY => b,
                bs => {
                    let at = many.len() as u32;
                    many.push(bs.len() as u32);
                    many.extend_from_slice(bs);
                    MANY | at
                }
            });
        }
        // Lay the buckets out in key order.
        let keys = std::mem::take(&mut numbers.keys);
        drop(numbers);
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by_key(|&b| keys[b as usize]);
        let mut fill = vec![0u32; keys.len()];
        let mut starts = Vec::with_capacity(keys.len() + 1);
        let mut total = 0u32;
        for &b in &order {
            starts.push(total);
            fill[b as usize] = total;
            total += sums[b as usize].count.iter().sum::<u32>();
        }
        starts.push(total);
        let sorted_keys: Vec<u64> = order.iter().map(|&b| keys[b as usize]).collect();
        let sums: Vec<StanceSums> = order.iter().map(|&b| sums[b as usize]).collect();
        drop((keys, order));
        // Pass 2, in chronological order: place each entry (a stable counting sort).
        // Both of its reads are at random (a statement's buckets, by id; the next
        // place in a bucket): the first is asked for `2 * AHEAD` statements early, the
        // second, once that has arrived, `AHEAD` statements early.
        let mut ids = vec![StatementId(0); total as usize];
        fn place(fill: &mut [u32], ids: &mut [StatementId], b: u32, id: StatementId) {
            if let Some(at) = fill.get_mut(b as usize) {
                if let Some(x) = ids.get_mut(*at as usize) {
                    *x = id;
                }
                *at += 1;
            }
        }
        let chronological = chronological();
        for (i, &id) in chronological.iter().enumerate() {
            if let Some(code) = chronological.get(i + 2 * AHEAD).and_then(|later| codes.get(later.index())) {
                crate::hint::prefetch(code);
            }
            let soon = chronological.get(i + AHEAD).and_then(|soon| codes.get(soon.index()));
            if let Some(place) = soon.and_then(|&b| fill.get(b as usize)).and_then(|&at| ids.get(at as usize))
            {
                crate::hint::prefetch(place);
            }
            match codes.get(id.index()).copied().unwrap_or(NONE) {
                NONE => {}
                listed if listed & MANY != 0 => {
                    let at = (listed & !MANY) as usize;
                    let len = many.get(at).copied().unwrap_or(0) as usize;
                    for &b in many.get(at + 1..at + 1 + len).unwrap_or_default() {
                        place(&mut fill, &mut ids, b, id);
                    }
                }
                b => place(&mut fill, &mut ids, b, id),
            }
        }
        drop((many, codes));
        let said = SaidIndex { keys: sorted_keys, starts, ids, sums, max_span, shared_units };
        (said, chronological)
    }

    /// The bucket of statements by `top`'s hierarchy about `target`.
    pub(crate) fn bucket(&self, top: ActorId, target: ActorId) -> Option<usize> {
        self.keys.binary_search(&key(top, target)).ok()
    }

    /// The buckets of `top`, by target id.
    pub(crate) fn buckets_of(&self, top: ActorId) -> Range<usize> {
        let lo = self.keys.partition_point(|&k| k < key(top, ActorId(0)));
        let hi = self.keys.partition_point(|&k| k <= key(top, ActorId(u32::MAX)));
        lo..hi
    }

    /// The target of bucket `b`.
    pub(crate) fn target(&self, b: usize) -> ActorId {
        ActorId(self.keys.get(b).map_or(0, |&k| k as u32))
    }

    /// The stance sums of bucket `b`.
    pub(crate) fn sums(&self, b: usize) -> StanceSums {
        self.sums.get(b).copied().unwrap_or_default()
    }

    /// Whether per-target sums add up to per-unit sums: no statement names two
    /// different targets of one unit.
    pub(crate) fn sums_add_up_by_unit(&self) -> bool {
        !self.shared_units
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
    /// before `start` but may reach into it. Binary searches on the statements' first
    /// days, which rise along a bucket.
    pub(crate) fn window<'s>(
        &'s self,
        st: &Statements,
        b: usize,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
    ) -> (&'s [StatementId], &'s [StatementId]) {
        let ids = self.ids.get(self.range(b)).unwrap_or_default();
        let first_day = |id: &StatementId| day_span(st.rec(*id).date).0;
        let hi = end.map_or(ids.len(), |e| {
            let last = day_span(e).1;
            ids.partition_point(|id| first_day(id) <= last)
        });
        let (check_from, sure_from) = start.map_or((0, 0), |s| {
            let first = day_span(s).0;
            let sure = ids.partition_point(|id| first_day(id) < first);
            let check = ids.partition_point(|id| first_day(id) < first.saturating_sub(self.max_span));
            (check, sure)
        });
        let sure = ids.get(sure_from.min(hi)..hi).unwrap_or_default();
        let check = ids.get(check_from.min(hi)..sure_from.min(hi)).unwrap_or_default();
        (sure, check)
    }
}

#[cfg(test)]
mod tests {
    use super::day_span;
    use crate::model::PartialDate;

    #[test]
    fn day_spans_count_days_from_the_unix_epoch() {
        let epoch = jiff::civil::date(1970, 1, 1);
        let mut day = jiff::civil::date(1899, 12, 25);
        while day < jiff::civil::date(2101, 1, 10) {
            let expected = (day - epoch).get_days();
            let full = PartialDate::from_civil(day).expect("in range");
            assert_eq!(day_span(full), (expected, expected), "{day}");
            day = day.tomorrow().expect("in range");
        }
        let span = |text: &str| day_span(text.parse().expect("valid"));
        let d = |y, m, d| (jiff::civil::date(y, m, d) - epoch).get_days();
        assert_eq!(span("2024-02"), (d(2024, 2, 1), d(2024, 2, 29)));
        assert_eq!(span("2022-12"), (d(2022, 12, 1), d(2022, 12, 31)));
        assert_eq!(span("2022"), (d(2022, 1, 1), d(2022, 12, 31)));
        assert_eq!(span("0001"), (d(1, 1, 1), d(1, 12, 31)));
    }
}
