//! Token features for the two taggers: the cue tagger and the role tagger.
//!
//! Both the learner (`examples/train_extractor.rs`) and the extractor call these
//! functions, so a model always sees the features it was trained on. Each feature
//! is a template number and a few strings hashed by [`Fnv`]; no feature allocates.
//!
//! - **Cue features** describe a token in its sentence: the word, its neighbours,
//!   a crude stem, its shape, whether it is quoted and what punctuation is near.
//! - **Role features** describe a token relative to one cue: which side of the
//!   cue, how far, the cue's words, and what lies between (commas, quote marks,
//!   other cues).

use std::ops::Range;

use super::tagger::Fnv;
use super::text::{Document, TokenKind};

/// Feature hashes for a run of tokens: token `i` has `feats[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, Default)]
pub struct FeatureBuf {
    /// All feature hashes, token after token.
    pub feats: Vec<u32>,
    /// Where each token's features start, plus the end.
    pub offsets: Vec<usize>,
}

impl FeatureBuf {
    fn clear(&mut self) {
        self.feats.clear();
        self.offsets.clear();
        self.offsets.push(0);
    }
    fn push(&mut self, h: Fnv) {
        self.feats.push(h.finish());
    }
    fn close(&mut self) {
        self.offsets.push(self.feats.len());
    }
}

/// The most tokens a role window reaches on either side of its cue.
pub const ROLE_REACH: usize = 70;

/// A crude stem: the lower-case word without a possessive, "-ing", "-ed" or plural "-s".
pub fn stem(lower: &str) -> &str {
    let w = lower.strip_suffix("'s").unwrap_or(lower);
    let n = w.len();
    if (n > 5 && w.ends_with("ing")) || (n > 4 && w.ends_with("ied")) {
        &w[..n - 3]
    } else if n > 4 && w.ends_with("ed") {
        &w[..n - 2]
    } else if (n > 4 && w.ends_with("es") && !w.ends_with("ses"))
        || (n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us"))
    {
        &w[..n - 1]
    } else {
        w
    }
}

/// The word's shape, repeats collapsed: "Sorokin" → "Xx", "S-300" → "X-d", "NATO" → "X".
pub fn shape(word: &str, out: &mut [u8; 6]) -> usize {
    let mut n = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'*'
        };
        if n > 0 && out[n - 1] == k {
            continue;
        }
        if n == out.len() {
            break;
        }
        out[n] = k;
        n += 1;
    }
    n
}

fn shape_str<'a>(word: &str, buf: &'a mut [u8; 6]) -> &'a str {
    let n = shape(word, buf);
    std::str::from_utf8(&buf[..n]).unwrap_or("?")
}

fn suffix3(lower: &str) -> &str {
    let mut idx = lower.len();
    for (k, (i, _)) in lower.char_indices().rev().enumerate() {
        idx = i;
        if k == 2 {
            break;
        }
    }
    &lower[idx..]
}

/// Hashes of each token's lower-case word, stem, shape and suffix, computed once per
/// document so that features combine integers instead of re-hashing strings.
#[derive(Debug, Clone, Default)]
pub struct TokenHashes {
    word: Vec<u64>,
    stem: Vec<u64>,
    shape: Vec<u64>,
    suffix: Vec<u64>,
    quote: Vec<u64>,
}

fn string_hash(s: &str) -> u64 {
    let mut h = Fnv::new(0);
    h.write(s.as_bytes());
    h.raw()
}

const START: u64 = 0x5354_4152_5400_0001;
const END: u64 = 0x454e_4400_0000_0002;

impl TokenHashes {
    /// Hashes every token of `doc` (one pass).
    pub fn new(doc: &Document<'_>) -> Self {
        let n = doc.tokens().len();
        let mut h = TokenHashes {
            word: Vec::with_capacity(n),
            stem: Vec::with_capacity(n),
            shape: Vec::with_capacity(n),
            suffix: Vec::with_capacity(n),
            quote: Vec::with_capacity(n),
        };
        let mut sb = [0u8; 6];
        for i in 0..n {
            let w = doc.lower(i);
            h.word.push(string_hash(w));
            h.stem.push(string_hash(stem(w)));
            h.shape.push(string_hash(shape_str(doc.word(i), &mut sb)));
            h.suffix.push(string_hash(suffix3(w)));
            h.quote.push(string_hash(quote_flag(doc, i)));
        }
        h
    }

    fn at(v: &[u64], range: &Range<usize>, i: isize) -> u64 {
        if i < range.start as isize {
            START
        } else if i >= range.end as isize {
            END
        } else {
            v[i as usize]
        }
    }
}

fn quote_flag(doc: &Document<'_>, i: usize) -> &'static str {
    let t = &doc.tokens()[i];
    match t.kind {
        TokenKind::OpenQuote => "oq",
        TokenKind::CloseQuote => "cq",
        _ if t.in_quote => "q",
        _ => "-",
    }
}

/// Cue features for every token of `range` (a sentence) into `buf`.
pub fn cue_features(doc: &Document<'_>, th: &TokenHashes, range: Range<usize>, buf: &mut FeatureBuf) {
    buf.clear();
    let r = &range;
    let word = |i: isize| TokenHashes::at(&th.word, r, i);
    let shp = |i: isize| TokenHashes::at(&th.shape, r, i);
    for i in range.clone() {
        let ii = i as isize;
        let (w0, wm1, wp1, wm2, wp2) = (th.word[i], word(ii - 1), word(ii + 1), word(ii - 2), word(ii + 2));
        let st = th.stem[i];
        let q = th.quote[i];
        buf.push(Fnv::new(1));
        buf.push(Fnv::new(2).id(w0));
        buf.push(Fnv::new(3).id(wm1));
        buf.push(Fnv::new(4).id(wp1));
        buf.push(Fnv::new(5).id(wm2));
        buf.push(Fnv::new(6).id(wp2));
        buf.push(Fnv::new(7).id(wm1).id(w0));
        buf.push(Fnv::new(8).id(w0).id(wp1));
        buf.push(Fnv::new(9).id(th.suffix[i]));
        buf.push(Fnv::new(10).id(th.shape[i]));
        buf.push(Fnv::new(11).id(q));
        buf.push(Fnv::new(12).id(q).id(st));
        buf.push(Fnv::new(13).id(st));
        buf.push(Fnv::new(14).id(st).id(wp1));
        buf.push(Fnv::new(15).id(wm1).id(st));
        buf.push(Fnv::new(16).id(st).id(shp(ii - 1)).id(shp(ii + 1)));
        // Quote marks near the token: "…," he said / said: "…".
        let mut near = 0u64;
        for k in 1..=3 {
            if i >= range.start + k && doc.tokens()[i - k].kind == TokenKind::CloseQuote {
                near |= 1;
            }
            if i + k < range.end && doc.tokens()[i + k].kind == TokenKind::OpenQuote {
                near |= 2;
            }
        }
        buf.push(Fnv::new(17).id(near));
        buf.push(Fnv::new(18).id(near).id(st));
        let first = if i == range.start {
            1
        } else if i + 1 == range.end {
            2
        } else {
            3
        };
        buf.push(Fnv::new(19).id(first).id(st));
        buf.push(Fnv::new(20).id(wm2).id(wm1).id(st));
        // What follows within three tokens (a complement clause, a quote, a colon) and what
        // precedes (a subject pronoun or a name): the frame of a reporting verb.
        let mut follows = 0u64;
        for k in 1..=3 {
            if i + k >= range.end {
                break;
            }
            let w = doc.lower(i + k);
            let kind = doc.tokens()[i + k].kind;
            if w == "that" || w == "whether" || w == "if" {
                follows = 1;
                break;
            } else if kind == TokenKind::OpenQuote || w == ":" {
                follows = 2;
                break;
            } else if w == "," {
                follows = 3;
                break;
            }
        }
        let mut precedes = 0u64;
        for k in 1..=3 {
            if i < range.start + k {
                break;
            }
            let w = doc.lower(i - k);
            if matches!(w, "he" | "she" | "they" | "i" | "we" | "who" | "it") {
                precedes = 1;
                break;
            } else if doc.tokens()[i - k].kind == TokenKind::CloseQuote || w == "," {
                precedes = 2;
                break;
            } else if doc.word(i - k).chars().next().is_some_and(char::is_uppercase) {
                precedes = 3;
                break;
            }
        }
        buf.push(Fnv::new(21).id(follows).id(precedes));
        buf.push(Fnv::new(22).id(follows).id(st));
        buf.push(Fnv::new(23).id(precedes).id(st));
        buf.push(Fnv::new(24).id(follows).id(precedes).id(th.suffix[i]));
        buf.close();
    }
}

fn bucket(d: usize) -> u64 {
    match d {
        0..=3 => d as u64,
        4..=5 => 4,
        6..=9 => 6,
        10..=15 => 10,
        16..=25 => 16,
        _ => 26,
    }
}

fn count_bucket(n: u16) -> u64 {
    u64::from(n.min(3))
}

/// The cue's words, lower case, joined by spaces (at most four).
pub fn cue_key(doc: &Document<'_>, cue: &Range<usize>) -> String {
    let mut key = String::new();
    for i in cue.clone().take(4) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(stem(doc.lower(i)));
    }
    key
}

/// Reusable scratch space for [`role_features`].
#[derive(Debug, Clone, Default)]
pub struct RoleScratch {
    commas: Vec<u16>,
    quotes: Vec<u16>,
    others: Vec<u16>,
    stops: Vec<u16>,
}

/// Role features for every token of `window` relative to the cue tokens `cue`,
/// where `is_cue[i]` says whether token `i` of the document belongs to any cue.
#[allow(clippy::too_many_arguments)]
pub fn role_features(
    doc: &Document<'_>,
    th: &TokenHashes,
    window: Range<usize>,
    cue: Range<usize>,
    is_cue: &[bool],
    scratch: &mut RoleScratch,
    buf: &mut FeatureBuf,
) {
    buf.clear();
    let key = string_hash(&cue_key(doc, &cue));
    let r = &window;
    let tokens = doc.tokens();
    let word = |i: isize| TokenHashes::at(&th.word, r, i);
    let before_cue = word(cue.start as isize - 1);
    let after_cue = word(cue.end as isize);
    let cue_quoted = u64::from(cue.start < tokens.len() && tokens[cue.start].in_quote);
    // Running counts of commas, quote marks, stops and other cues between each token and the cue.
    let n = window.len();
    let RoleScratch { commas, quotes, others, stops } = scratch;
    for v in [&mut *commas, &mut *quotes, &mut *others, &mut *stops] {
        v.clear();
        v.resize(n, 0);
    }
    let mut t = [0u16; 4];
    for i in (window.start..cue.start.max(window.start)).rev() {
        let k = i - window.start;
        (commas[k], quotes[k], others[k], stops[k]) = (t[0], t[1], t[2], t[3]);
        tally(doc, i, is_cue, &mut t);
    }
    let mut t = [0u16; 4];
    for i in cue.end.min(window.end)..window.end {
        let k = i - window.start;
        (commas[k], quotes[k], others[k], stops[k]) = (t[0], t[1], t[2], t[3]);
        tally(doc, i, is_cue, &mut t);
    }
    let cue_sentence = doc.sentence_of(cue.start);
    for i in window.clone() {
        let k = i - window.start;
        let ii = i as isize;
        let (side, dist) = if i < cue.start {
            (1u64, cue.start - i)
        } else if i >= cue.end {
            (2, i + 1 - cue.end)
        } else {
            (3, 0)
        };
        let db = bucket(dist);
        let w0 = th.word[i];
        let wm1 = word(ii - 1);
        let wp1 = word(ii + 1);
        let st = th.stem[i];
        let q = th.quote[i];
        let sh = th.shape[i];
        let cb = count_bucket(commas[k]);
        let qb = count_bucket(quotes[k]);
        let ob = count_bucket(others[k]);
        let sbk = count_bucket(stops[k]);
        let own_cue = u64::from(is_cue.get(i).copied().unwrap_or(false) && side != 3);
        let sentence = doc.sentence_of(i);
        let rel_sentence = if sentence == cue_sentence {
            0u64
        } else if sentence + 1 == cue_sentence {
            1
        } else if sentence == cue_sentence + 1 {
            2
        } else if sentence < cue_sentence {
            3
        } else {
            4
        };
        let first = u64::from(i == 0 || sentence != doc.sentence_of(i - 1));
        let h = Fnv::new(40).id(side);
        buf.push(h);
        buf.push(h.id(1).id(db));
        buf.push(h.id(2).id(w0));
        buf.push(h.id(3).id(wm1));
        buf.push(h.id(4).id(wp1));
        buf.push(h.id(5).id(sh));
        buf.push(h.id(6).id(q));
        buf.push(h.id(7).id(cb).id(qb));
        buf.push(h.id(8).id(key));
        buf.push(h.id(9).id(db).id(key));
        buf.push(h.id(10).id(ob).id(own_cue));
        buf.push(h.id(11).id(sbk).id(q));
        buf.push(h.id(12).id(after_cue).id(db));
        buf.push(h.id(13).id(before_cue).id(db));
        buf.push(h.id(14).id(q).id(qb).id(cue_quoted));
        buf.push(h.id(15).id(st).id(db));
        buf.push(h.id(16).id(st).id(cb));
        buf.push(h.id(17).id(key).id(qb).id(cb));
        buf.push(h.id(18).id(sh).id(wm1));
        buf.push(h.id(19).id(key).id(st));
        buf.push(h.id(20).id(db).id(q).id(cb));
        buf.push(h.id(21).id(rel_sentence));
        buf.push(h.id(22).id(rel_sentence).id(q).id(qb));
        buf.push(h.id(23).id(rel_sentence).id(key));
        buf.push(h.id(24).id(rel_sentence).id(first).id(q));
        // Clause edges ("..., and went on", "-- a high sum"): a word with its neighbours, so the
        // tagger can tell where a content span stops.
        let suf1 = TokenHashes::at(&th.suffix, r, ii + 1);
        let shp1 = TokenHashes::at(&th.shape, r, ii + 1);
        buf.push(h.id(25).id(w0).id(suf1));
        buf.push(h.id(26).id(w0).id(shp1).id(q));
        buf.push(h.id(27).id(wm1).id(w0));
        buf.push(h.id(28).id(w0).id(wp1));
        buf.close();
    }
}

fn tally(doc: &Document<'_>, i: usize, is_cue: &[bool], t: &mut [u16; 4]) {
    let tok = &doc.tokens()[i];
    match tok.kind {
        TokenKind::OpenQuote | TokenKind::CloseQuote => t[1] = t[1].saturating_add(1),
        TokenKind::Punct => match doc.word(i) {
            "," | ";" | "\u{2014}" | "(" | ")" => t[0] = t[0].saturating_add(1),
            "." | "?" | "!" | ":" => t[3] = t[3].saturating_add(1),
            _ => {}
        },
        _ => {}
    }
    if is_cue.get(i).copied().unwrap_or(false) {
        t[2] = t[2].saturating_add(1);
    }
}

/// The role window of a cue: its paragraph, clipped to [`ROLE_REACH`] tokens on each side.
pub fn role_window(doc: &Document<'_>, cue: &Range<usize>) -> Range<usize> {
    let Some(paragraph) = doc.paragraphs().get(doc.paragraph_of(cue.start)) else { return cue.clone() };
    paragraph.start.max(cue.start.saturating_sub(ROLE_REACH))..paragraph.end.min(cue.end + ROLE_REACH)
}
