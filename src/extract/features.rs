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
    if n > 5 && w.ends_with("ing") {
        &w[..n - 3]
    } else if n > 4 && w.ends_with("ied") {
        &w[..n - 3]
    } else if n > 4 && w.ends_with("ed") {
        &w[..n - 2]
    } else if n > 4 && w.ends_with("es") && !w.ends_with("ses") {
        &w[..n - 1]
    } else if n > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        &w[..n - 1]
    } else {
        w
    }
}

/// The word's shape, repeats collapsed: "Peskov" → "Xx", "S-300" → "X-d", "NATO" → "X".
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

/// The lower-case word at `i`, or a boundary marker outside `range`.
fn word_at<'d>(doc: &'d Document<'_>, range: &Range<usize>, i: isize) -> &'d str {
    if i < range.start as isize {
        "<s>"
    } else if i >= range.end as isize {
        "</s>"
    } else {
        doc.lower(i as usize)
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
pub fn cue_features(doc: &Document<'_>, range: Range<usize>, buf: &mut FeatureBuf) {
    buf.clear();
    let r = &range;
    let mut sb = [0u8; 6];
    for i in range.clone() {
        let ii = i as isize;
        let w0 = doc.lower(i);
        let wm1 = word_at(doc, r, ii - 1);
        let wp1 = word_at(doc, r, ii + 1);
        let wm2 = word_at(doc, r, ii - 2);
        let wp2 = word_at(doc, r, ii + 2);
        let st = stem(w0);
        let q = quote_flag(doc, i);
        buf.push(Fnv::new(1));
        buf.push(Fnv::new(2).part(w0));
        buf.push(Fnv::new(3).part(wm1));
        buf.push(Fnv::new(4).part(wp1));
        buf.push(Fnv::new(5).part(wm2));
        buf.push(Fnv::new(6).part(wp2));
        buf.push(Fnv::new(7).part(wm1).part(w0));
        buf.push(Fnv::new(8).part(w0).part(wp1));
        buf.push(Fnv::new(9).part(suffix3(w0)));
        buf.push(Fnv::new(10).part(shape_str(doc.word(i), &mut sb)));
        buf.push(Fnv::new(11).part(q));
        buf.push(Fnv::new(12).part(q).part(st));
        buf.push(Fnv::new(13).part(st));
        buf.push(Fnv::new(14).part(st).part(wp1));
        buf.push(Fnv::new(15).part(wm1).part(st));
        let mut sb2 = [0u8; 6];
        let prev_shape = if i > range.start { shape_str(doc.word(i - 1), &mut sb2) } else { "<s>" };
        let next_shape = if i + 1 < range.end { shape_str(doc.word(i + 1), &mut sb) } else { "</s>" };
        buf.push(Fnv::new(16).part(st).part(prev_shape).part(next_shape));
        // Quote marks near the token: "…," he said / said: "…".
        let mut near = [b'-'; 2];
        for k in 1..=3 {
            if i >= range.start + k && doc.tokens()[i - k].kind == TokenKind::CloseQuote {
                near[0] = b'c';
            }
            if i + k < range.end && doc.tokens()[i + k].kind == TokenKind::OpenQuote {
                near[1] = b'o';
            }
        }
        let near = std::str::from_utf8(&near).unwrap_or("--");
        buf.push(Fnv::new(17).part(near));
        buf.push(Fnv::new(18).part(near).part(st));
        let first = if i == range.start {
            "first"
        } else if i + 1 == range.end {
            "last"
        } else {
            "mid"
        };
        buf.push(Fnv::new(19).part(first).part(st));
        buf.push(Fnv::new(20).part(wm2).part(wm1).part(st));
        // What follows within three tokens (a complement clause, a quote, a colon) and what
        // precedes (a subject pronoun or a name): the frame of a reporting verb.
        let mut follows = "-";
        for k in 1..=3 {
            if i + k >= range.end {
                break;
            }
            let w = doc.lower(i + k);
            let kind = doc.tokens()[i + k].kind;
            if w == "that" || w == "whether" || w == "if" {
                follows = "that";
                break;
            } else if kind == TokenKind::OpenQuote || w == ":" {
                follows = "quote";
                break;
            } else if w == "," {
                follows = "comma";
                break;
            }
        }
        let mut precedes = "-";
        for k in 1..=3 {
            if i < range.start + k {
                break;
            }
            let w = doc.lower(i - k);
            if matches!(w, "he" | "she" | "they" | "i" | "we" | "who" | "it") {
                precedes = "pron";
                break;
            } else if doc.tokens()[i - k].kind == TokenKind::CloseQuote || w == "," {
                precedes = "punct";
                break;
            } else if doc.word(i - k).chars().next().is_some_and(char::is_uppercase) {
                precedes = "name";
                break;
            }
        }
        buf.push(Fnv::new(21).part(follows).part(precedes));
        buf.push(Fnv::new(22).part(follows).part(st));
        buf.push(Fnv::new(23).part(precedes).part(st));
        buf.push(Fnv::new(24).part(follows).part(precedes).part(suffix3(w0)));
        buf.close();
    }
}

fn bucket(d: usize) -> &'static str {
    match d {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4",
        6..=9 => "6",
        10..=15 => "10",
        16..=25 => "16",
        _ => "26",
    }
}

fn count_bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        _ => "3",
    }
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

/// Role features for every token of `window` relative to the cue tokens `cue`,
/// where `is_cue[i]` says whether token `i` of the document belongs to any cue.
pub fn role_features(
    doc: &Document<'_>,
    window: Range<usize>,
    cue: Range<usize>,
    is_cue: &[bool],
    buf: &mut FeatureBuf,
) {
    buf.clear();
    let key = cue_key(doc, &cue);
    let r = &window;
    let tokens = doc.tokens();
    let before_cue = word_at(doc, r, cue.start as isize - 1);
    let after_cue = word_at(doc, r, cue.end as isize);
    let cue_quoted = if cue.start < tokens.len() && tokens[cue.start].in_quote { "cq" } else { "-" };
    // Running counts of commas, quote marks and other cues between each token and the cue.
    let n = window.len();
    let mut commas = vec![0u16; n];
    let mut quotes = vec![0u16; n];
    let mut others = vec![0u16; n];
    let mut stops = vec![0u16; n];
    let (mut c, mut q, mut o, mut s) = (0u16, 0u16, 0u16, 0u16);
    for i in (window.start..cue.start.max(window.start)).rev() {
        let k = i - window.start;
        commas[k] = c;
        quotes[k] = q;
        others[k] = o;
        stops[k] = s;
        tally(doc, i, is_cue, &mut c, &mut q, &mut o, &mut s);
    }
    let (mut c, mut q, mut o, mut s) = (0u16, 0u16, 0u16, 0u16);
    for i in cue.end.min(window.end)..window.end {
        let k = i - window.start;
        commas[k] = c;
        quotes[k] = q;
        others[k] = o;
        stops[k] = s;
        tally(doc, i, is_cue, &mut c, &mut q, &mut o, &mut s);
    }
    let mut sb = [0u8; 6];
    for i in window.clone() {
        let k = i - window.start;
        let ii = i as isize;
        let (side, dist) = if i < cue.start {
            ("L", cue.start - i)
        } else if i >= cue.end {
            ("R", i + 1 - cue.end)
        } else {
            ("C", 0)
        };
        let db = bucket(dist);
        let w0 = doc.lower(i);
        let wm1 = word_at(doc, r, ii - 1);
        let wp1 = word_at(doc, r, ii + 1);
        let st = stem(w0);
        let q = quote_flag(doc, i);
        let sh = shape_str(doc.word(i), &mut sb);
        let cb = count_bucket(usize::from(commas[k]));
        let qb = count_bucket(usize::from(quotes[k]));
        let ob = count_bucket(usize::from(others[k]));
        let sbk = count_bucket(usize::from(stops[k]));
        let cue_sentence = doc.sentence_of(cue.start);
        let sentence = doc.sentence_of(i);
        let rel_sentence = if sentence == cue_sentence {
            "same"
        } else if sentence + 1 == cue_sentence {
            "prev"
        } else if sentence == cue_sentence + 1 {
            "next"
        } else if sentence < cue_sentence {
            "before"
        } else {
            "after"
        };
        let own_cue = if is_cue.get(i).copied().unwrap_or(false) && side != "C" { "oc" } else { "-" };
        let h = Fnv::new(40).part(side);
        buf.push(h);
        buf.push(h.part("d").part(db));
        buf.push(h.part("w").part(w0));
        buf.push(h.part("wm").part(wm1));
        buf.push(h.part("wp").part(wp1));
        buf.push(h.part("sh").part(sh));
        buf.push(h.part("q").part(q));
        buf.push(h.part("cq").part(cb).part(qb));
        buf.push(h.part("k").part(&key));
        buf.push(h.part("dk").part(db).part(&key));
        buf.push(h.part("o").part(ob).part(own_cue));
        buf.push(h.part("s").part(sbk).part(q));
        buf.push(h.part("ac").part(after_cue).part(db));
        buf.push(h.part("bc").part(before_cue).part(db));
        buf.push(h.part("qq").part(q).part(qb).part(cue_quoted));
        buf.push(h.part("st").part(st).part(db));
        buf.push(h.part("wc").part(st).part(cb));
        buf.push(h.part("kq").part(&key).part(qb).part(cb));
        buf.push(h.part("shm").part(sh).part(wm1));
        buf.push(h.part("kw").part(&key).part(st));
        buf.push(h.part("dq").part(db).part(q).part(cb));
        buf.push(h.part("rs").part(rel_sentence));
        buf.push(h.part("rsq").part(rel_sentence).part(q).part(qb));
        buf.push(h.part("rsk").part(rel_sentence).part(&key));
        let first = if sentence != doc.sentence_of(i.saturating_sub(1)) || i == 0 { "first" } else { "-" };
        buf.push(h.part("rsf").part(rel_sentence).part(first).part(q));
        buf.close();
    }
}

fn tally(doc: &Document<'_>, i: usize, is_cue: &[bool], c: &mut u16, q: &mut u16, o: &mut u16, s: &mut u16) {
    let t = &doc.tokens()[i];
    match t.kind {
        TokenKind::OpenQuote | TokenKind::CloseQuote => *q = q.saturating_add(1),
        TokenKind::Punct => match doc.word(i) {
            "," | ";" | "\u{2014}" | "(" | ")" => *c = c.saturating_add(1),
            "." | "?" | "!" | ":" => *s = s.saturating_add(1),
            _ => {}
        },
        _ => {}
    }
    if is_cue.get(i).copied().unwrap_or(false) {
        *o = o.saturating_add(1);
    }
}

/// The role window of a cue: its paragraph, clipped to [`ROLE_REACH`] tokens on each side.
pub fn role_window(doc: &Document<'_>, cue: &Range<usize>) -> Range<usize> {
    let Some(paragraph) = doc.paragraphs().get(doc.paragraph_of(cue.start)) else { return cue.clone() };
    paragraph.start.max(cue.start.saturating_sub(ROLE_REACH))..paragraph.end.min(cue.end + ROLE_REACH)
}
