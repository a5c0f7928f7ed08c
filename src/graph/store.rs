//! Compact statement storage.
//!
//! A feed of millions of coded statements (speaker, target, stance, date) must not
//! pay a heap allocation per statement. Keys and texts live in interners (one
//! contiguous buffer each), targets in two flat columns, and the rarely used parts
//! (outlets, events, framing, audience, citations) out of line, so a bulk statement
//! costs about 40 bytes plus its key.
//!
//! **Keys.** Keys are stored end to end in one buffer and indexed, once all
//! statements are in, by a sorted array of `hash << 32 | id` ([`key_hash`]): a radix
//! sort of one `u64` per statement, cache-friendly where a hash table taking
//! millions of inserts at random is not, and flat enough to be saved in a snapshot
//! as it is. A look-up is a binary search, then a comparison of the keys whose
//! hashes are equal.

use string_interner::{DefaultStringInterner, DefaultSymbol};

use super::{ActorId, EventId, StatementId};
use crate::model::{Citation, Hedge, PartialDate, StatementKind, TextMode};

/// The rarely used parts of a statement, kept out of line.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct StatementExtra {
    pub(crate) via: Box<[ActorId]>,
    /// Further outlet chains, after `via` (see `Statement::also_via`).
    pub(crate) also_via: Box<[Box<[ActorId]>]>,
    pub(crate) audience: Option<Box<str>>,
    pub(crate) about: Box<[EventId]>,
    pub(crate) framing: Box<[Box<str>]>,
    pub(crate) citations: Box<[Citation]>,
    /// Machine-proposed, not yet confirmed.
    pub(crate) proposed: bool,
}

impl StatementExtra {
    fn is_empty(&self) -> bool {
        !self.proposed
            && self.via.is_empty()
            && self.also_via.is_empty()
            && self.audience.is_none()
            && self.about.is_empty()
            && self.framing.is_empty()
            && self.citations.is_empty()
    }
}

pub(crate) const NO_EXTRA: u32 = u32::MAX;

/// The fixed-size part of a statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StatementRec {
    pub(crate) speaker: ActorId,
    pub(crate) date: PartialDate,
    pub(crate) order: u32,
    pub(crate) kind: StatementKind,
    pub(crate) mode: TextMode,
    pub(crate) hedge: Hedge,
    pub(crate) text: DefaultSymbol,
    pub(crate) targets_start: u32,
    pub(crate) extra: u32,
}

/// Statements prepared on another thread, to be appended to a store at once
/// ([`Statements::append`]): records whose first target counts from the chunk's
/// first (and whose text the store sets), keys end to end with their ends and
/// hashes, and the targets.
#[derive(Debug, Default)]
pub(crate) struct StatementChunk {
    pub(crate) recs: Vec<StatementRec>,
    pub(crate) key_bytes: String,
    pub(crate) key_ends: Vec<u32>,
    pub(crate) key_hashes: Vec<u32>,
    pub(crate) target_actors: Vec<ActorId>,
    pub(crate) target_stances: Vec<f64>,
}

impl StatementChunk {
    /// Empties the chunk, keeping its memory for the next one.
    pub(crate) fn clear(&mut self) {
        self.recs.clear();
        self.key_bytes.clear();
        self.key_ends.clear();
        self.key_hashes.clear();
        self.target_actors.clear();
        self.target_stances.clear();
    }
}

/// What a new statement holds, borrowed from its source (a dataset or a CSV row).
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewStatement<'a> {
    pub(crate) speaker: ActorId,
    pub(crate) date: PartialDate,
    pub(crate) order: u32,
    pub(crate) kind: StatementKind,
    pub(crate) mode: TextMode,
    pub(crate) hedge: Hedge,
    pub(crate) text: &'a str,
}

/// Why a statement could not be stored: more statements, targets, extras or key
/// bytes than 32-bit indexes hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Full;

/// The 32-bit hash of a statement key that orders the key index: FNV-1a over the
/// key's bytes, folded to 32 bits. Fixed here, not taken from a hashing crate,
/// because snapshots store the index it orders (`docs/snapshot-format.md`).
pub(crate) fn key_hash(key: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

/// Every statement of a graph, indexed by [`StatementId`] and by key.
#[derive(Debug, Clone)]
pub(crate) struct Statements {
    /// Every key, end to end; key `i` ends at `key_ends[i]`.
    pub(crate) key_bytes: String,
    pub(crate) key_ends: Vec<u32>,
    /// `key_hash(key) << 32 | id`, ascending, once [`Statements::index_keys`] ran;
    /// empty before.
    pub(crate) key_index: Vec<u64>,
    /// The key hashes of the first statements, when computed ahead (by the threads
    /// that prepared them, see [`StatementChunk`]); [`Statements::index_keys`]
    /// computes the rest.
    pub(crate) key_hashes: Vec<u32>,
    pub(crate) recs: Vec<StatementRec>,
    pub(crate) texts: DefaultStringInterner,
    pub(crate) target_actors: Vec<ActorId>,
    pub(crate) target_stances: Vec<f64>,
    pub(crate) extras: Vec<StatementExtra>,
    /// The symbol of "" in `texts`: coded statements have no text, so most pushes
    /// skip the text interner.
    pub(crate) empty_text: DefaultSymbol,
}

impl Default for Statements {
    fn default() -> Self {
        Statements::with_capacity(0)
    }
}

impl Statements {
    pub(crate) fn with_capacity(statements: usize) -> Self {
        let mut texts = DefaultStringInterner::new();
        let empty_text = texts.get_or_intern("");
        Statements {
            key_bytes: String::new(),
            key_ends: Vec::with_capacity(statements),
            key_index: Vec::new(),
            key_hashes: Vec::new(),
            recs: Vec::with_capacity(statements),
            texts,
            target_actors: Vec::with_capacity(statements),
            target_stances: Vec::with_capacity(statements),
            extras: Vec::new(),
            empty_text,
        }
    }

    /// Appends a statement; its id is the number of statements before it. Keys are
    /// not checked here: [`Statements::index_keys`] finds repeated ones, all at once.
    pub(crate) fn push(
        &mut self,
        key: &str,
        new: NewStatement<'_>,
        targets: impl IntoIterator<Item = (ActorId, f64)>,
        extra: StatementExtra,
    ) -> Result<StatementId, Full> {
        let id = self.recs.len();
        let targets_start = u32::try_from(self.target_actors.len()).map_err(|_| Full)?;
        let extra_at = u32::try_from(self.extras.len()).ok().filter(|&i| i != NO_EXTRA);
        let key_end = u32::try_from(self.key_bytes.len() + key.len()).map_err(|_| Full)?;
        if id >= u32::MAX as usize || (!extra.is_empty() && extra_at.is_none()) {
            return Err(Full);
        }
        self.key_bytes.push_str(key);
        self.key_ends.push(key_end);
        self.key_index.clear();
        let extra = match extra_at {
            Some(at) if !extra.is_empty() => {
                self.extras.push(extra);
                at
            }
            _ => NO_EXTRA,
        };
        for (actor, stance) in targets {
            self.target_actors.push(actor);
            self.target_stances.push(stance);
        }
        let text = if new.text.is_empty() { self.empty_text } else { self.texts.get_or_intern(new.text) };
        self.recs.push(StatementRec {
            speaker: new.speaker,
            date: new.date,
            order: new.order,
            kind: new.kind,
            mode: new.mode,
            hedge: new.hedge,
            text,
            targets_start,
            extra,
        });
        Ok(StatementId::from_index(id))
    }

    /// Appends statements prepared apart ([`StatementChunk`]); `texts` are the texts of
    /// the chunk's statements that have one, by index in the chunk. The caller
    /// checks [`Statements::has_room`] first.
    pub(crate) fn append<'t>(
        &mut self,
        chunk: &mut StatementChunk,
        texts: impl IntoIterator<Item = (usize, &'t str)>,
    ) {
        let (base, empty) = (self.recs.len(), self.empty_text);
        let (targets_base, key_base) = (self.target_actors.len() as u32, self.key_bytes.len() as u32);
        if self.key_hashes.len() == base {
            self.key_hashes.extend_from_slice(&chunk.key_hashes);
        }
        self.recs.extend(chunk.recs.drain(..).map(|mut r| {
            r.targets_start += targets_base;
            r.text = empty;
            r
        }));
        self.key_ends.extend(chunk.key_ends.iter().map(|&e| e + key_base));
        self.key_bytes.push_str(&chunk.key_bytes);
        self.target_actors.extend_from_slice(&chunk.target_actors);
        self.target_stances.extend_from_slice(&chunk.target_stances);
        for (i, text) in texts {
            let symbol = self.texts.get_or_intern(text);
            if let Some(r) = self.recs.get_mut(base + i) {
                r.text = symbol;
            }
        }
        self.key_index.clear();
    }

    /// Reserves room for `statements` more single-target statements with
    /// `key_bytes` bytes of keys in all.
    pub(crate) fn reserve(&mut self, statements: usize, key_bytes: usize) {
        self.key_bytes.reserve(key_bytes);
        self.recs.reserve(statements);
        self.key_ends.reserve(statements);
        self.key_hashes.reserve(statements);
        self.target_actors.reserve(statements);
        self.target_stances.reserve(statements);
    }

    /// Whether `statements` more statements with `targets` targets, no extras and
    /// `key_bytes` bytes of keys fit (then [`Statements::push`] cannot fail).
    pub(crate) fn has_room(&self, statements: usize, targets: usize, key_bytes: usize) -> bool {
        let max = u32::MAX as usize - 1;
        self.recs.len() + statements < max
            && self.target_actors.len() + targets < max
            && self.key_bytes.len() + key_bytes < max
    }

    /// Gives back spare capacity where it is more than an eighth of what is used:
    /// a store sized from an estimate is not copied again to save a few percent
    /// (capacity never written to costs no memory anyway).
    pub(crate) fn shrink_to_fit(&mut self) {
        fn trim<T>(v: &mut Vec<T>) {
            if v.capacity() - v.len() > v.len() / 8 {
                v.shrink_to_fit();
            }
        }
        trim(&mut self.recs);
        trim(&mut self.target_actors);
        trim(&mut self.target_stances);
        trim(&mut self.extras);
        trim(&mut self.key_ends);
        if self.key_bytes.capacity() - self.key_bytes.len() > self.key_bytes.len() / 8 {
            self.key_bytes.shrink_to_fit();
        }
        self.texts.shrink_to_fit();
    }

    /// Indexes the keys (see the module docs) and returns every statement whose key
    /// an earlier statement has, with that earlier statement: `(repeat, first)`, by
    /// `repeat`. The index stays usable either way: a look-up finds the first.
    pub(crate) fn index_keys(&mut self) -> Vec<(StatementId, StatementId)> {
        let (index, repeats) = self.key_index();
        self.set_key_index(index);
        repeats
    }

    /// Installs a key index made by [`Statements::key_index`] for the statements as
    /// they are.
    pub(crate) fn set_key_index(&mut self, index: Vec<u64>) {
        self.key_hashes = Vec::new();
        self.key_index = index;
    }

    /// The key index of [`Statements::index_keys`] and the repeats it found, without
    /// installing it (so that it can be made on another thread while the store is
    /// read).
    pub(crate) fn key_index(&self) -> (Vec<u64>, Vec<(StatementId, StatementId)>) {
        let n = self.key_ends.len();
        let ahead = &self.key_hashes;
        let hash = |i: usize| ahead.get(i).copied().unwrap_or_else(|| key_hash(self.key_at(i)));
        let mut index: Vec<u64> = (0..n).map(|i| (u64::from(hash(i)) << 32) | i as u64).collect();
        radix_sort_high(&mut index);
        let mut repeats = Vec::new();
        let mut run = 0;
        let mut ids: Vec<usize> = Vec::new();
        while run < index.len() {
            let hash = index[run] >> 32;
            let end = run + index[run..].iter().take_while(|&&x| x >> 32 == hash).count();
            if end - run > 1 {
                // Equal hashes: sort by key (then id) so that equal keys are adjacent,
                // each key's first statement first. O(r log r) even if every key hashes
                // alike.
                ids.clear();
                ids.extend(index[run..end].iter().map(|&x| (x & 0xffff_ffff) as usize));
                ids.sort_unstable_by(|&a, &b| self.key_at(a).cmp(self.key_at(b)).then(a.cmp(&b)));
                let mut first = ids[0];
                for &id in &ids[1..] {
                    if self.key_at(id) == self.key_at(first) {
                        repeats.push((StatementId::from_index(id), StatementId::from_index(first)));
                    } else {
                        first = id;
                    }
                }
            }
            run = end;
        }
        repeats.sort_unstable();
        (index, repeats)
    }

    /// Whether [`Statements::index_keys`] ran since the last push.
    pub(crate) fn keys_indexed(&self) -> bool {
        self.key_index.len() == self.key_ends.len()
    }

    fn key_at(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.key_ends.get(i - 1).map_or(0, |&e| e as usize) };
        let end = self.key_ends.get(i).map_or(start, |&e| e as usize);
        self.key_bytes.get(start..end).unwrap_or("")
    }

    pub(crate) fn len(&self) -> usize {
        self.recs.len()
    }

    /// The statement with this key (the first, if keys repeat); `None` before
    /// [`Statements::index_keys`].
    pub(crate) fn index_of(&self, key: &str) -> Option<StatementId> {
        let hash = u64::from(key_hash(key));
        let from = self.key_index.partition_point(|&x| x >> 32 < hash);
        self.key_index[from..]
            .iter()
            .take_while(|&&x| x >> 32 == hash)
            .map(|&x| (x & 0xffff_ffff) as usize)
            .find(|&i| self.key_at(i) == key)
            .map(StatementId::from_index)
    }

    /// The fixed part of statement `id`. Ids come from this store, so they are in range.
    pub(crate) fn rec(&self, id: StatementId) -> &StatementRec {
        &self.recs[id.index()]
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = (StatementId, &StatementRec)> + Clone + '_ {
        self.recs.iter().enumerate().map(|(i, r)| (StatementId::from_index(i), r))
    }

    pub(crate) fn key(&self, id: StatementId) -> &str {
        self.key_at(id.index())
    }

    pub(crate) fn text(&self, id: StatementId) -> &str {
        self.texts.resolve(self.rec(id).text).unwrap_or("")
    }

    fn target_range(&self, id: StatementId) -> std::ops::Range<usize> {
        let start = self.rec(id).targets_start as usize;
        let end =
            self.recs.get(id.index() + 1).map_or(self.target_actors.len(), |r| r.targets_start as usize);
        start..end
    }

    /// The targets of statement `id`, without their stances.
    pub(crate) fn target_ids(&self, id: StatementId) -> &[ActorId] {
        self.target_actors.get(self.target_range(id)).unwrap_or_default()
    }

    /// The targets of statement `id` with the speaker's stance toward each.
    pub(crate) fn targets(
        &self,
        id: StatementId,
    ) -> impl ExactSizeIterator<Item = (ActorId, f64)> + Clone + '_ {
        let range = self.target_range(id);
        self.target_actors[range.clone()].iter().copied().zip(self.target_stances[range].iter().copied())
    }

    pub(crate) fn extra(&self, id: StatementId) -> Option<&StatementExtra> {
        match self.rec(id).extra {
            NO_EXTRA => None,
            at => self.extras.get(at as usize),
        }
    }
}

/// Sorts by the high 32 bits, stably: two passes of 16 bits (LSD radix sort).
fn radix_sort_high(values: &mut Vec<u64>) {
    if values.len() < 256 {
        values.sort_by_key(|&x| x >> 32);
        return;
    }
    let mut other = vec![0u64; values.len()];
    for shift in [32u32, 48] {
        let mut starts = vec![0usize; 1 << 16];
        for &x in values.iter() {
            starts[((x >> shift) & 0xffff) as usize] += 1;
        }
        let mut total = 0;
        for s in starts.iter_mut() {
            let count = *s;
            *s = total;
            total += count;
        }
        for &x in values.iter() {
            let slot = &mut starts[((x >> shift) & 0xffff) as usize];
            other[*slot] = x;
            *slot += 1;
        }
        std::mem::swap(values, &mut other);
    }
}

impl PartialEq for Statements {
    /// Equal when every statement has the same key, fields, text, targets and extras,
    /// in the same order; interner layout does not matter.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.iter().all(|(id, a)| {
                let b = other.rec(id);
                (a.speaker, a.date, a.order, a.kind, a.mode, a.hedge)
                    == (b.speaker, b.date, b.order, b.kind, b.mode, b.hedge)
                    && self.key(id) == other.key(id)
                    && self.text(id) == other.text(id)
                    && self.targets(id).eq(other.targets(id))
                    && self.extra(id) == other.extra(id)
            })
    }
}

#[cfg(test)]
mod size {
    /// Guards the per-item budget that issue-scale loads depend on.
    #[test]
    fn records_stay_small() {
        assert!(std::mem::size_of::<super::StatementRec>() <= 32);
        assert!(std::mem::size_of::<crate::graph::RelationRec>() <= 24);
        // External ids cost an actor 8 bytes: a non-zero Wikidata number and three
        // letters beside the kind.
        assert!(
            std::mem::size_of::<crate::graph::ActorRec>() <= 88,
            "{}",
            std::mem::size_of::<crate::graph::ActorRec>()
        );
    }
}

#[cfg(test)]
mod keys {
    use super::{NewStatement, Statements};
    use crate::graph::{ActorId, StatementId};
    use crate::model::{Hedge, PartialDate, StatementKind, TextMode};

    fn push(st: &mut Statements, key: &str) {
        let new = NewStatement {
            speaker: ActorId(0),
            date: PartialDate::year(2031).expect("valid"),
            order: 0,
            kind: StatementKind::Statement,
            mode: TextMode::Paraphrase,
            hedge: Hedge::Asserted,
            text: "",
        };
        st.push(key, new, [], Default::default()).expect("room");
    }

    #[test]
    fn repeated_keys_are_found_once_each_and_look_ups_find_the_first() {
        let mut st = Statements::default();
        for i in 0..5000 {
            push(&mut st, &format!("s{}", i % 4000));
        }
        push(&mut st, "");
        push(&mut st, "");
        let repeats = st.index_keys();
        assert_eq!(repeats.len(), 1001);
        assert_eq!(repeats[0], (StatementId(4000), StatementId(0)));
        assert_eq!(repeats[1000], (StatementId(5001), StatementId(5000)));
        for i in 0..4000 {
            assert_eq!(st.index_of(&format!("s{i}")), Some(StatementId(i)));
        }
        assert_eq!(st.index_of("s4000"), None);
        assert_eq!(st.key(StatementId(4001)), "s1");
    }
}
