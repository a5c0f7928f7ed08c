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

/// A slot: a key's [`Sig`] (its two words, so that the slot takes 16 bytes), then
/// its index + 1 (0: free slot).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    lo: u64,
    hi: u32,
    index: u32,
}

impl Slot {
    fn new(sig: Sig, index: usize) -> Slot {
        Slot { lo: sig.lo, hi: sig.hi, index: index as u32 + 1 }
    }

    fn sig(self) -> Sig {
        Sig { lo: self.lo, hi: self.hi }
    }
}

/// A key of up to 11 bytes: bytes 0-7 in `lo`, bytes 8-10 and the length in `hi`
/// (little-endian, zero beyond the key); a longer key: its hash, and the marker
/// [`LONG`] where the length goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sig {
    lo: u64,
    hi: u32,
}

impl Sig {
    fn is_long(self) -> bool {
        self.hi >> 24 == u32::from(LONG)
    }
}

const INLINE: usize = 11;

/// A free slot for a key not yet added, from [`KeyIndex::vacant`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Vacant {
    slot: usize,
    sig: Sig,
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

fn signature(key: &str, h: u64) -> Sig {
    let b = key.as_bytes();
    if b.len() > INLINE {
        return Sig { lo: h, hi: u32::from(LONG) << 24 };
    }
    let mut bytes = [0u8; 12];
    bytes[..b.len()].copy_from_slice(b);
    bytes[INLINE] = b.len() as u8;
    let [l0, l1, l2, l3, l4, l5, l6, l7, h0, h1, h2, h3] = bytes;
    Sig { lo: u64::from_le_bytes([l0, l1, l2, l3, l4, l5, l6, l7]), hi: u32::from_le_bytes([h0, h1, h2, h3]) }
}

/// [`signature`] of `key`, a slice of `text`: a short key with at least 12 bytes
/// of `text` from its start (then they hold it) is read as two words of `text`,
/// masked to its length. Millions of look-ups take this path; copying the key's
/// bytes into an array and reading them back as words stalls each one on store
/// forwarding (a third of a look-up's time, measured).
fn signature_within(text: &str, key: &str, h: u64) -> Sig {
    let len = key.len();
    // Where `key` starts in `text`; a key elsewhere wraps past `text`'s end.
    let at = (key.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let words = text.as_bytes().get(at..at.saturating_add(12)).filter(|_| len <= INLINE);
    let Some(&[l0, l1, l2, l3, l4, l5, l6, l7, h0, h1, h2, _]) = words else { return signature(key, h) };
    let lo_mask = if len >= 8 { u64::MAX } else { (1 << (8 * len)) - 1 };
    let hi_mask = (1u32 << (8 * len.saturating_sub(8))) - 1;
    Sig {
        lo: u64::from_le_bytes([l0, l1, l2, l3, l4, l5, l6, l7]) & lo_mask,
        hi: (u32::from_le_bytes([h0, h1, h2, 0]) & hi_mask) | (len as u32) << 24,
    }
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

    /// The slot where `key` (of hash `h` and signature `sig`) is, or the free slot
    /// where it would go.
    fn find(&self, key: &str, h: u64, sig: Sig) -> (usize, Option<usize>) {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let s = self.slots[i];
            if s.index == 0 {
                return (i, None);
            }
            if s.sig() == sig {
                let index = s.index as usize - 1;
                // Equal signatures of short keys are equal keys.
                if !sig.is_long() || self.key(index) == key {
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
        let h = hash(key);
        self.find(key, h, signature(key, h)).1
    }

    /// The index of `key`, a slice of `text`, whose [`hash`] is `h`, if it was
    /// added: for look-ups of keys in the block of rows they were read from.
    pub(crate) fn get_within(&self, text: &str, key: &str, h: u64) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        self.find(key, h, signature_within(text, key, h)).1
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
        let sig = signature(key, h);
        match self.find(key, h, sig) {
            (_, Some(index)) => Err(index),
            (slot, None) => Ok(Vacant { slot, sig }),
        }
    }

    /// Adds `key`, which [`KeyIndex::vacant`] placed, with the next index.
    pub(crate) fn fill(&mut self, vacant: Vacant, key: &str) -> usize {
        let index = self.len();
        self.bytes.push_str(key);
        self.ends.push(self.bytes.len());
        if let Some(slot) = self.slots.get_mut(vacant.slot) {
            *slot = Slot::new(vacant.sig, index);
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
            self.slots[i] = Slot::new(signature(key, h), index);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{KeyIndex, hash, signature, signature_within};

    proptest! {
        /// A key read in place from its text has the signature of the key alone,
        /// wherever it sits (up to the text's last byte) and however long it is.
        #[test]
        fn keys_read_in_place_sign_as_copied(text in "[a-z0-9,é]{0,40}", a in 0usize..41, len in 0usize..16) {
            let (a, z) = (a.min(text.len()), (a + len).min(text.len()));
            prop_assume!(text.is_char_boundary(a) && text.is_char_boundary(z));
            let key = &text[a..z];
            prop_assert_eq!(signature_within(&text, key, hash(key)), signature(key, hash(key)));
            // A key that is not a slice of the text.
            let apart = key.to_owned();
            prop_assert_eq!(signature_within(&text, &apart, hash(key)), signature(key, hash(key)));
        }
    }

    #[test]
    fn slots_take_16_bytes() {
        assert_eq!(std::mem::size_of::<super::Slot>(), 16);
    }

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
