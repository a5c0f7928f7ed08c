//! A linear sequence tagger: hashed sparse features, integer weights, Viterbi.
//!
//! The score of a tag sequence `y` for tokens with feature sets `F_i` is
//!
//! ```text
//! score(y) = Σ_i ( Σ_{f ∈ F_i} w[f, y_i] + t[y_{i-1}, y_i] )      (t[start, y_0] for i = 0)
//! ```
//!
//! and [`Tagger::decode`] returns the highest-scoring sequence (Viterbi, `O(n·T²)`
//! for `n` tokens and `T` tags). The weights are an averaged perceptron's, learned by
//! `examples/train_extractor.rs` and shipped as `src/extract/weights.bin`.
//!
//! A feature is a template number and a few strings, hashed with 64-bit FNV-1a and
//! folded to 32 bits ([`feature_hash`]); the file keeps only features that earned
//! weight, so an unseen feature simply scores zero.
//!
//! File layout (little-endian): the magic `SGXT1`, a tagger count (u8), and per
//! tagger: name length (u8) and name, tag count `T` (u8), `(T + 1) × T` transition
//! weights (i16, the last row for the start), feature count `n` (u32), `n` hashes
//! (u32, ascending), `n × T` weights (i16).

use std::collections::HashMap;

const MAGIC: &[u8; 5] = b"SGXT1";

/// 64-bit FNV-1a over a template number and its parts (with separators), folded to 32 bits.
///
/// ```
/// use stancegraph::extract::feature_hash;
/// assert_eq!(feature_hash(1, &["said"]), feature_hash(1, &["said"]));
/// assert_ne!(feature_hash(1, &["said"]), feature_hash(2, &["said"]));
/// ```
pub fn feature_hash(template: u8, parts: &[&str]) -> u32 {
    let mut h = Fnv::new(template);
    for p in parts {
        h.write(p.as_bytes());
        h.write(&[0xff]);
    }
    h.finish()
}

/// An incremental form of [`feature_hash`].
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Fnv {
    /// Starts a hash for a template.
    pub fn new(template: u8) -> Self {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.write(&[template]);
        h
    }

    /// Adds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Adds a string part (with a separator, as [`feature_hash`] does).
    pub fn part(mut self, s: &str) -> Self {
        self.write(s.as_bytes());
        self.write(&[0xff]);
        self
    }

    /// Mixes in a precomputed 64-bit value (a token's word hash, a small code).
    pub fn id(self, x: u64) -> Self {
        Fnv((self.0 ^ x).wrapping_mul(0x0100_0000_01b3).rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// The raw 64-bit state.
    pub fn raw(self) -> u64 {
        self.0
    }

    /// The folded 32-bit hash.
    pub fn finish(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

/// One tagger's weights.
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    name: String,
    tags: usize,
    transitions: Vec<i32>,
    index: HashMap<u32, u32, foldhash::fast::FixedState>,
    /// Open-addressing copy of `index` for fast look-ups: (hash, row) pairs, `EMPTY` rows free.
    slots: Vec<(u32, u32)>,
    shift: u32,
    weights: Vec<i16>,
}

const EMPTY: u32 = u32::MAX;

fn slot_of(h: u32, shift: u32) -> usize {
    (h.wrapping_mul(0x9e37_79b1) >> shift) as usize
}

/// Why a weights file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("extraction weights: {0}")]
pub struct WeightsError(&'static str);

impl Tagger {
    /// A tagger from plain parts: `transitions` is `(tags + 1) × tags` (start row last),
    /// `features` pairs a hash with its `tags` weights.
    pub fn from_parts(
        name: &str,
        tags: usize,
        transitions: Vec<i16>,
        features: Vec<(u32, Vec<i16>)>,
    ) -> Self {
        let mut features = features;
        features.sort_by_key(|(h, _)| *h);
        features.dedup_by_key(|(h, _)| *h);
        let mut index =
            HashMap::with_capacity_and_hasher(features.len(), foldhash::fast::FixedState::default());
        let mut weights = Vec::with_capacity(features.len() * tags);
        for (k, (h, w)) in features.into_iter().enumerate() {
            index.insert(h, k as u32);
            weights.extend((0..tags).map(|t| w.get(t).copied().unwrap_or(0)));
        }
        let mut transitions: Vec<i32> = transitions.into_iter().map(i32::from).collect();
        transitions.resize((tags + 1) * tags, 0);
        let bits = (index.len().max(1) * 2).next_power_of_two().trailing_zeros().max(1);
        let shift = 32 - bits;
        let mut slots = vec![(0, EMPTY); 1usize << bits];
        let mut rows: Vec<(u32, u32)> = index.iter().map(|(&h, &k)| (h, k)).collect();
        rows.sort_unstable();
        for (h, k) in rows {
            let mut at = slot_of(h, shift);
            while slots[at].1 != EMPTY {
                at = (at + 1) & (slots.len() - 1);
            }
            slots[at] = (h, k);
        }
        Tagger { name: name.to_owned(), tags, transitions, index, slots, shift, weights }
    }

    /// The tagger's name in the weights file.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The number of tags.
    pub fn tag_count(&self) -> usize {
        self.tags
    }

    /// The number of features with weights.
    pub fn feature_count(&self) -> usize {
        self.index.len()
    }

    /// Adds the weights of the features in `features` to `scores` (one per tag).
    pub fn emission(&self, features: &[u32], scores: &mut [i32]) {
        for s in scores.iter_mut() {
            *s = 0;
        }
        for &f in features {
            if let Some(k) = self.row(f) {
                let w = &self.weights[k as usize * self.tags..(k as usize + 1) * self.tags];
                for (s, &w) in scores.iter_mut().zip(w) {
                    *s += i32::from(w);
                }
            }
        }
    }

    fn row(&self, h: u32) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = slot_of(h, self.shift);
        loop {
            let (key, row) = self.slots[at];
            if row == EMPTY {
                return None;
            }
            if key == h {
                return Some(row);
            }
            at = (at + 1) & mask;
        }
    }

    /// The transition weight from tag `from` (`None`: the start) to tag `to`.
    pub fn transition(&self, from: Option<usize>, to: usize) -> i32 {
        self.transitions[from.unwrap_or(self.tags) * self.tags + to]
    }

    /// The best tag sequence for tokens whose features are `features[offsets[i]..offsets[i+1]]`,
    /// where `allowed(i, tag)` may forbid a tag at a position. Returns one tag per token.
    pub fn decode(
        &self,
        features: &[u32],
        offsets: &[usize],
        allowed: impl Fn(usize, usize) -> bool,
    ) -> Vec<usize> {
        self.decode_biased(features, offsets, &[], allowed)
    }

    /// As [`Tagger::decode`], with `bias[tag]` added to every token's score for that tag
    /// (missing entries add nothing): a way to trade precision for recall.
    pub fn decode_biased(
        &self,
        features: &[u32],
        offsets: &[usize],
        bias: &[i32],
        allowed: impl Fn(usize, usize) -> bool,
    ) -> Vec<usize> {
        let n = offsets.len().saturating_sub(1);
        let t = self.tags;
        if n == 0 || t == 0 {
            return Vec::new();
        }
        const NEG: i64 = i64::MIN / 4;
        let mut emit = vec![0i32; t];
        let mut best = vec![NEG; t];
        let mut next = vec![NEG; t];
        let mut back = vec![0u8; n * t];
        for i in 0..n {
            self.emission(&features[offsets[i]..offsets[i + 1]], &mut emit);
            for (e, b) in emit.iter_mut().zip(bias) {
                *e += b;
            }
            for to in 0..t {
                if !allowed(i, to) {
                    next[to] = NEG;
                    continue;
                }
                let (score, from) = if i == 0 {
                    (i64::from(self.transition(None, to)), 0)
                } else {
                    let mut top = (NEG, 0usize);
                    for (from, &b) in best.iter().enumerate() {
                        let s = b + i64::from(self.transition(Some(from), to));
                        if s > top.0 {
                            top = (s, from);
                        }
                    }
                    top
                };
                next[to] = score + i64::from(emit[to]);
                back[i * t + to] = from as u8;
            }
            std::mem::swap(&mut best, &mut next);
        }
        let mut tag = (0..t).max_by_key(|&k| (best[k], std::cmp::Reverse(k))).unwrap_or(0);
        let mut out = vec![0; n];
        for i in (0..n).rev() {
            out[i] = tag;
            tag = usize::from(back[i * t + tag]);
        }
        out
    }

    fn write(&self, out: &mut Vec<u8>) {
        out.push(self.name.len() as u8);
        out.extend_from_slice(self.name.as_bytes());
        out.push(self.tags as u8);
        for &w in &self.transitions {
            out.extend_from_slice(&(w.clamp(i16::MIN.into(), i16::MAX.into()) as i16).to_le_bytes());
        }
        let mut keys: Vec<(u32, u32)> = self.index.iter().map(|(&h, &k)| (h, k)).collect();
        keys.sort_unstable();
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (h, _) in &keys {
            out.extend_from_slice(&h.to_le_bytes());
        }
        for (_, k) in &keys {
            for w in &self.weights[*k as usize * self.tags..(*k as usize + 1) * self.tags] {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Tagger, WeightsError> {
        let len = usize::from(r.u8()?);
        let name =
            std::str::from_utf8(r.bytes(len)?).map_err(|_| WeightsError("tagger name is not UTF-8"))?;
        let tags = usize::from(r.u8()?);
        if tags == 0 {
            return Err(WeightsError("a tagger with no tags"));
        }
        let transitions = (0..(tags + 1) * tags).map(|_| r.i16()).collect::<Result<Vec<_>, _>>()?;
        let n = r.u32()? as usize;
        if n > r.remaining() / 4 {
            return Err(WeightsError("feature count larger than the file"));
        }
        let hashes = (0..n).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
        let mut features = Vec::with_capacity(n);
        for h in hashes {
            features.push((h, (0..tags).map(|_| r.i16()).collect::<Result<Vec<_>, _>>()?));
        }
        Ok(Tagger::from_parts(name, tags, transitions, features))
    }
}

/// Serializes taggers in the weights-file layout.
pub fn write_weights(taggers: &[&Tagger]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.push(taggers.len() as u8);
    for t in taggers {
        t.write(&mut out);
    }
    out
}

/// Reads a weights file.
///
/// # Errors
/// [`WeightsError`] when the bytes are not a complete weights file.
pub fn read_weights(bytes: &[u8]) -> Result<Vec<Tagger>, WeightsError> {
    let mut r = Reader { bytes, at: 0 };
    if r.bytes(MAGIC.len())? != MAGIC {
        return Err(WeightsError("not a weights file (bad magic)"));
    }
    let n = r.u8()?;
    let taggers = (0..n).map(|_| Tagger::read(&mut r)).collect::<Result<Vec<_>, _>>()?;
    if r.remaining() != 0 {
        return Err(WeightsError("trailing bytes"));
    }
    Ok(taggers)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], WeightsError> {
        if n > self.remaining() {
            return Err(WeightsError("truncated"));
        }
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, WeightsError> {
        Ok(self.bytes(1)?[0])
    }
    fn i16(&mut self) -> Result<i16, WeightsError> {
        let b = self.bytes(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, WeightsError> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}
