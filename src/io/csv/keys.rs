//! A compact key → index table for the import's actor look-ups.
//!
//! Every relation row looks up two actor keys and every statement row one or two:
//! millions of look-ups at random into a few hundred thousand actors. An
//! `IndexMap<Box<str>, _>` look-up touches its table, then the entry, then the
//! key's own heap allocation: three cache misses. Here a slot holds a key of up to
//! 11 bytes itself (longer keys: their hash, checked against a buffer of all keys),
//! so a look-up of a short key touches one slot.

use std::hash::{BuildHasher, Hasher};

use super::table::FxBuild;

/// A key of up to 11 bytes and its length (byte 11), or for a longer key its hash
/// and the marker 0xff; then the index + 1 (0: free slot).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    sig: [u8; 12],
    index: u32,
}

const INLINE: usize = 11;

/// A free slot for a key not yet added, from [`KeyIndex::vacant`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Vacant {
    slot: usize,
    h: u64,
}
const LONG: u8 = 0xff;

#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    slots: Vec<Slot>,
    /// The keys, end to end; key `i` ends at `ends[i]`.
    bytes: String,
    ends: Vec<usize>,
}

pub(crate) fn hash(key: &str) -> u64 {
    let mut h = FxBuild::default().build_hasher();
    h.write(key.as_bytes());
    h.finish()
}

fn signature(key: &str, h: u64) -> [u8; 12] {
    let b = key.as_bytes();
    let mut sig = [0u8; 12];
    if b.len() <= INLINE {
        sig[..b.len()].copy_from_slice(b);
        sig[INLINE] = b.len() as u8;
    } else {
        sig[..8].copy_from_slice(&h.to_le_bytes());
        sig[INLINE] = LONG;
    }
    sig
}

impl KeyIndex {
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Key `index` (empty if there is none).
    pub(crate) fn key(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { self.ends.get(index - 1).copied().unwrap_or(0) };
        let end = self.ends.get(index).copied().unwrap_or(start);
        self.bytes.get(start..end).unwrap_or("")
    }

    /// The slot where `key` is, or the free slot where it would go.
    fn find(&self, key: &str, h: u64) -> (usize, Option<usize>) {
        let mask = self.slots.len() - 1;
        let sig = signature(key, h);
        let mut i = h as usize & mask;
        loop {
            let s = self.slots[i];
            if s.index == 0 {
                return (i, None);
            }
            if s.sig == sig {
                let index = s.index as usize - 1;
                // Equal signatures of short keys are equal keys.
                if sig[INLINE] != LONG || self.key(index) == key {
                    return (i, Some(index));
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// The index of `key`, if it was added.
    pub(crate) fn get(&self, key: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        self.find(key, hash(key)).1
    }

    /// The index of `key`, whose [`hash`] is `h`, if it was added.
    pub(crate) fn get_hashed(&self, key: &str, h: u64) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        self.find(key, h).1
    }

    /// Asks for the slot where a key of hash `h` starts its probe, so that a
    /// look-up a few rows later finds it in cache (see [`crate::hint::prefetch`]).
    pub(crate) fn prefetch(&self, h: u64) {
        let mask = self.slots.len().wrapping_sub(1);
        if let Some(slot) = self.slots.get(h as usize & mask) {
            crate::hint::prefetch(slot);
        }
    }

    /// Adds `key` with the next index, or returns the index it already has.
    /// Indexes stay below `u32::MAX` (the caller bounds the count).
    #[cfg(test)]
    pub(crate) fn insert(&mut self, key: &str) -> Result<usize, usize> {
        let vacant = self.vacant(key)?;
        Ok(self.fill(vacant, key))
    }

    /// Where `key` would go, or the index it already has: one probe for a key that
    /// is checked first and added later ([`KeyIndex::fill`]), if at all. No other key
    /// may be added in between.
    pub(crate) fn vacant(&mut self, key: &str) -> Result<Vacant, usize> {
        self.vacant_hashed(key, hash(key))
    }

    /// [`KeyIndex::vacant`] for a key whose [`hash`] is `h`.
    pub(crate) fn vacant_hashed(&mut self, key: &str, h: u64) -> Result<Vacant, usize> {
        // At most half full: a hit takes one or two probes. Look-ups prefetch their
        // first slot (`prefetch`), so the size of the table costs little, while at
        // 7/8 full a hit takes three or four probes, often into a line not fetched.
        if (self.len() + 1) * 2 > self.slots.len() {
            self.grow(self.slots.len() * 2);
        }
        match self.find(key, h) {
            (_, Some(index)) => Err(index),
            (slot, None) => Ok(Vacant { slot, h }),
        }
    }

    /// Adds `key`, which [`KeyIndex::vacant`] placed, with the next index.
    pub(crate) fn fill(&mut self, vacant: Vacant, key: &str) -> usize {
        let index = self.len();
        self.bytes.push_str(key);
        self.ends.push(self.bytes.len());
        if let Some(slot) = self.slots.get_mut(vacant.slot) {
            *slot = Slot { sig: signature(key, vacant.h), index: index as u32 + 1 };
        }
        index
    }

    /// Makes room for `keys` more keys of about `key_bytes` bytes in all, so that
    /// the table is not rebuilt as they come.
    pub(crate) fn reserve(&mut self, keys: usize, key_bytes: usize) {
        let need = self.len().saturating_add(keys);
        let mut size = self.slots.len().max(64);
        while need.saturating_mul(2) > size {
            size *= 2;
        }
        if size > self.slots.len() {
            self.grow(size);
        }
        self.ends.reserve(keys);
        self.bytes.reserve(key_bytes);
    }

    /// Forgets the keys added after the first `len` (to undo a block of rows that
    /// turned out to repeat a key): rebuilds the table, so it is for rare use.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.len() {
            return;
        }
        self.ends.truncate(len);
        self.bytes.truncate(self.ends.last().copied().unwrap_or(0));
        self.grow(self.slots.len());
    }

    /// Rebuilds the table with `size` slots (a power of two).
    fn grow(&mut self, size: usize) {
        let size = size.max(64);
        self.slots = vec![Slot::default(); size];
        let mask = size - 1;
        for index in 0..self.len() {
            let key = self.key(index);
            let h = hash(key);
            let mut i = h as usize & mask;
            while self.slots[i].index != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = Slot { sig: signature(key, h), index: index as u32 + 1 };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeyIndex;

    #[test]
    fn finds_what_was_added_and_nothing_else() {
        let mut k = KeyIndex::default();
        assert_eq!(k.get("a"), None);
        for i in 0..10_000 {
            assert_eq!(k.insert(&format!("p{i}")), Ok(i));
        }
        assert_eq!(k.insert("p77"), Err(77));
        assert_eq!(k.insert(""), Ok(10_000));
        for i in 0..10_000 {
            assert_eq!(k.get(&format!("p{i}")), Some(i));
        }
        assert_eq!(k.get("p10000"), None);
        let long = "a key longer than eleven bytes";
        assert_eq!(k.insert(long), Ok(10_001));
        assert_eq!(k.get(long), Some(10_001));
        assert_eq!(k.get("a key longer than eleven bytez"), None);
        assert_eq!(k.get(""), Some(10_000));
        k.truncate(5_000);
        assert_eq!(k.len(), 5_000);
        assert_eq!(k.get("p4999"), Some(4_999));
        assert_eq!(k.get("p5000"), None);
        assert_eq!(k.get(long), None);
        assert_eq!(k.insert("p5000"), Ok(5_000));
        assert_eq!(k.insert("p4999"), Err(4_999));
    }
}
