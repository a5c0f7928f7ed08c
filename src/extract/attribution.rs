//! Attributions: find the cues, then each cue's source and content.
//!
//! Two taggers run in turn (see [`tagger`](super::tagger)):
//! 1. the **cue tagger** labels every token of every sentence `O`, `B-CUE` or
//!    `I-CUE`; each maximal `B I*` run is one cue ("said", "according to",
//!    "told reporters", a colon before a quote);
//! 2. the **role tagger** then labels, for each cue separately, the tokens of the
//!    cue's sentence (at most [`ROLE_REACH`](super::features::ROLE_REACH) tokens
//!    each side) `O`, `B-SRC`, `I-SRC`, `B-CON` or `I-CON`. Because each cue gets
//!    its own pass, nested reporting ("the agency quoted the ministry as saying")
//!    yields one attribution per cue, and a quote split by its cue ("…," he said,
//!    "…") keeps both halves;
//! 3. attributions are **flat**, as in PolNeAR: a cue or source that falls inside
//!    another attribution's content ("officials noted that experts say …") is part
//!    of what that one reports, so such inner cues are dropped and the remaining
//!    cues of those paragraphs get their role pass again (at most twice per cue in all).
//!
//! A cue whose role pass finds no content is dropped. The source is the `SRC` run
//! nearest the cue; the content is every `CON` run. Work is linear in the text:
//! each token is seen by the cue tagger once and by at most the role passes of the
//! cues within `ROLE_REACH` of it, and a run of cues that long is cut at
//! [`MAX_CUES_PER_SENTENCE`].

use std::ops::Range;

use super::features::{
    FeatureBuf, ROLE_REACH, RoleScratch, TokenHashes, cue_features, role_features, role_window,
};
use super::lexicon::NOT_NAMES;
use super::tagger::Tagger;
use super::text::{Document, TokenKind};

/// Cue tags.
pub const CUE_TAGS: [&str; 3] = ["O", "B-CUE", "I-CUE"];
/// Role tags.
pub const ROLE_TAGS: [&str; 5] = ["O", "B-SRC", "I-SRC", "B-CON", "I-CON"];
/// Role passes per sentence at most; keeps degenerate input ("said said said ...") linear.
pub const MAX_CUES_PER_SENTENCE: usize = 32;

/// One attribution found in a document, as token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The source mention ("he", "the ministry"), if the text names one.
    pub source: Option<Range<usize>>,
    /// The cue tokens.
    pub cue: Range<usize>,
    /// The content, in one or more pieces, in text order.
    pub content: Vec<Range<usize>>,
    /// Index of the sentence that holds the cue.
    pub sentence: usize,
}

/// Runs of tags `b`, `b+1`, `b+1`... in `tags` (an `I` without a `B` starts a run too).
fn runs(tags: &[usize], begin: usize, offset: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &t) in tags.iter().enumerate() {
        let inside = t == begin || t == begin + 1;
        match (start, inside) {
            (Some(s), true) if t == begin => {
                out.push(s + offset..i + offset);
                start = Some(i);
            }
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push(s + offset..i + offset);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s + offset..tags.len() + offset);
    }
    out
}

/// The cues of every sentence, as token ranges, with the index of their sentence.
pub fn find_cues(doc: &Document<'_>, cue_tagger: &Tagger) -> Vec<(usize, Range<usize>)> {
    cues_with(doc, &TokenHashes::new(doc), cue_tagger)
}

fn cues_with(doc: &Document<'_>, th: &TokenHashes, cue_tagger: &Tagger) -> Vec<(usize, Range<usize>)> {
    let mut buf = FeatureBuf::default();
    let mut out = Vec::new();
    for (s, sentence) in doc.sentences().iter().enumerate() {
        cue_features(doc, th, sentence.clone(), &mut buf);
        let tags = cue_tagger.decode(&buf.feats, &buf.offsets, |_, _| true);
        for r in runs(&tags, 1, sentence.start).into_iter().take(MAX_CUES_PER_SENTENCE) {
            out.push((s, r));
        }
    }
    out
}

/// Every attribution in the document, in the order of their cues.
///
/// ```
/// use stancegraph::extract::{Document, find_attributions, taggers};
///
/// let doc = Document::new("The minister said the talks had failed.");
/// let (cue, role) = taggers();
/// let found = find_attributions(&doc, cue, role);
/// assert_eq!(found.len(), 1);
/// assert_eq!(doc.slice(found[0].cue.clone()), "said");
/// assert_eq!(doc.slice(found[0].source.clone().unwrap()), "The minister");
/// ```
pub fn find_attributions(doc: &Document<'_>, cue_tagger: &Tagger, role_tagger: &Tagger) -> Vec<Found> {
    let relayed = quoted_as_saying(doc);
    let th = TokenHashes::new(doc);
    let mut cues = cues_with(doc, &th, cue_tagger);
    // Wire copy's "A quoted B as saying C" is rare in the training corpus: a rule reads it.
    cues.retain(|(_, c)| {
        !relayed
            .iter()
            .any(|f| overlaps(&f.cue, c) || f.content.iter().any(|r| overlaps(r, c) && relay_word(doc, c)))
    });
    let found = tagged(doc, &th, cues, role_tagger);
    let mut all: Vec<Found> = found
        .into_iter()
        .filter(|f| !relayed.iter().any(|r| r.sentence == f.sentence && overlaps(&r.cue, &f.cue)))
        .collect();
    all.extend(relayed);
    all.sort_by_key(|f| (f.cue.start, f.cue.end));
    all
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn relay_word(doc: &Document<'_>, c: &Range<usize>) -> bool {
    c.clone().any(|i| matches!(doc.lower(i), "saying" | "telling" | "stating" | "as"))
}

#[allow(clippy::single_range_in_vec_init)] // a list of content pieces, here one
/// "A quoted B as saying C": A relays (cue "quoted", content "B as saying C"), B speaks
/// (cue "as saying", content C). A is the phrase from the clause start to "quoted".
fn quoted_as_saying(doc: &Document<'_>) -> Vec<Found> {
    let mut out = Vec::new();
    for (k, s) in doc.sentences().iter().enumerate() {
        // As for tagged cues: at most MAX_CUES_PER_SENTENCE per sentence, content within
        // ROLE_REACH of the cue, so wire copy's pattern repeated along one endless
        // sentence stays linear.
        for q in s.clone().filter(|&i| doc.lower(i) == "quoted").take(MAX_CUES_PER_SENTENCE) {
            let Some(as_) = (q + 2..s.end.min(q + 14)).find(|&i| doc.lower(i) == "as") else { continue };
            if as_ + 1 >= s.end || !matches!(doc.lower(as_ + 1), "saying" | "telling" | "stating") {
                continue;
            }
            let mut a = q;
            while a > s.start
                && q - a < 30
                && !matches!(doc.word(a - 1), "," | ";" | ":" | "\u{2014}" | "-" | ")" | "(")
                && doc.tokens()[a - 1].kind != super::text::TokenKind::CloseQuote
            {
                a -= 1;
            }
            let mut c = as_ + 2;
            if c < s.end && matches!(doc.lower(c), "that" | ":" | ",") {
                c += 1;
            }
            let mut end = s.end.min(as_ + 2 + ROLE_REACH);
            while end > c && matches!(doc.word(end - 1), "." | "!" | "?") {
                end -= 1;
            }
            if a == q || c >= end {
                continue;
            }
            out.push(Found { source: Some(a..q), cue: q..q + 1, content: vec![q + 1..end], sentence: k });
            out.push(Found {
                source: Some(q + 1..as_),
                cue: as_..as_ + 2,
                content: vec![c..end],
                sentence: k,
            });
        }
    }
    out
}

fn tagged(
    doc: &Document<'_>,
    th: &TokenHashes,
    cues: Vec<(usize, Range<usize>)>,
    role_tagger: &Tagger,
) -> Vec<Found> {
    let found = role_pass(doc, th, &cues, role_tagger);
    // Attributions are flat: a cue or source inside another attribution's content is part of
    // what that one reports ("officials noted that experts say ..."), not an attribution of its
    // own. Drop such inner cues and tag the rest again, so that the outer content runs on.
    // Content and source lie within ROLE_REACH tokens of their cue, and cues come in text
    // order without overlaps, so only the cues within twice that reach are compared: linear.
    let inside = |f: &Found, r: &Range<usize>| f.content.iter().any(|c| overlaps(c, r));
    let reach = 2 * ROLE_REACH;
    let mut nested: Vec<usize> = Vec::new();
    for b in &found {
        let from = found.partition_point(|a| a.cue.end + reach <= b.cue.start);
        let to = found.partition_point(|a| a.cue.start < b.cue.end + reach);
        let within = found[from..to.max(from)].iter().any(|a| {
            a.cue != b.cue
                && (inside(a, &b.cue) || b.source.as_ref().is_some_and(|s| inside(a, s)))
                && !inside(b, &a.cue)
                && !a.source.as_ref().is_some_and(|s| inside(b, s))
        });
        if within {
            nested.push(b.cue.start);
        }
    }
    if nested.is_empty() {
        return found;
    }
    // Role windows stop at the paragraph, so only the paragraphs that lost a cue change.
    let paragraph = |c: &Range<usize>| doc.paragraph_of(c.start);
    let mut redo: Vec<usize> = nested.iter().map(|&start| doc.paragraph_of(start)).collect();
    redo.dedup();
    let again: Vec<(usize, Range<usize>)> = cues
        .into_iter()
        .filter(|(_, c)| redo.binary_search(&paragraph(c)).is_ok() && nested.binary_search(&c.start).is_err())
        .collect();
    let mut out: Vec<Found> =
        found.into_iter().filter(|f| redo.binary_search(&paragraph(&f.cue)).is_err()).collect();
    out.extend(role_pass(doc, th, &again, role_tagger));
    out.sort_by_key(|f| (f.cue.start, f.cue.end));
    out
}

fn role_pass(
    doc: &Document<'_>,
    th: &TokenHashes,
    cues: &[(usize, Range<usize>)],
    role_tagger: &Tagger,
) -> Vec<Found> {
    let mut is_cue = vec![false; doc.tokens().len()];
    for (_, c) in cues {
        for i in c.clone() {
            is_cue[i] = true;
        }
    }
    let mut sentence_has_cue = vec![false; doc.sentences().len()];
    for (s, _) in cues {
        sentence_has_cue[*s] = true;
    }
    let mut buf = FeatureBuf::default();
    let mut scratch = RoleScratch::default();
    let mut out: Vec<Found> = Vec::new();
    for (s, cue) in cues.iter().cloned() {
        let window = role_window(doc, &cue);
        role_features(doc, th, window.clone(), cue.clone(), &is_cue, &mut scratch, &mut buf);
        let tags = role_tagger.decode(&buf.feats, &buf.offsets, |i, t| {
            let at = window.start + i;
            t == 0 || !(cue.start..cue.end).contains(&at)
        });
        let mut content = keep_near(doc, runs(&tags, 3, window.start), s, &sentence_has_cue);
        if content.is_empty() {
            continue;
        }
        quote_runs_on(doc, &mut content, &sentence_has_cue);
        let sources = runs(&tags, 1, window.start);
        let source = sources.into_iter().min_by_key(|r| {
            if r.end <= cue.start { cue.start - r.end } else { r.start.saturating_sub(cue.end) }
        });
        let source = source.or_else(|| fallback_source(doc, &out, s, &cue, &content));
        // The same content claimed by two cues of one phrase ("said in a statement"): keep the first.
        if out.last().is_some_and(|f| f.content == content) {
            continue;
        }
        out.push(Found { source, cue, content, sentence: s });
    }
    out
}

const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you", "who"];

/// A source for a cue the role tagger left without one, when the sentence has an obvious one:
/// the source of an earlier attribution in the same sentence ("X said ..., adding ..."), or
/// a sentence-initial pronoun or capitalised name before the cue that the content does not cover.
/// Passive and raising cues ("was asked", "is expected", "seems", "reportedly") get none: their
/// subject is what is reported, not who reports it. Like the tagger's, a fallback source lies
/// within [`ROLE_REACH`] tokens of the cue: the start of a long sentence is not its speaker.
fn fallback_source(
    doc: &Document<'_>,
    earlier: &[Found],
    sentence: usize,
    cue: &Range<usize>,
    content: &[Range<usize>],
) -> Option<Range<usize>> {
    if impersonal(doc, cue) {
        return None;
    }
    let covered = |i: usize| content.iter().any(|r| r.contains(&i));
    let near = |i: usize| i + ROLE_REACH >= cue.start;
    if let Some(f) = earlier.iter().rev().take_while(|f| f.sentence == sentence).find(|f| f.source.is_some())
    {
        let s = f.source.clone()?;
        if near(s.end) && !s.clone().any(covered) {
            return Some(s);
        }
    }
    let range = doc.sentences().get(sentence)?;
    let mut i = range.start;
    if !near(i) {
        return None;
    }
    while i < cue.start && doc.tokens()[i].kind != super::text::TokenKind::Word {
        i += 1;
    }
    if i >= cue.start || covered(i) {
        return None;
    }
    let w = doc.lower(i);
    if SUBJECT_PRONOUNS.contains(&w) {
        return Some(i..i + 1);
    }
    let capitalised = |k: usize| doc.word(k).chars().next().is_some_and(char::is_uppercase);
    let not_a_name = NOT_NAMES.contains(&w) || (w.len() > 5 && w.ends_with("ing")) || w.ends_with("ly");
    if capitalised(i) && !not_a_name {
        let mut end = i + 1;
        while end < cue.start && capitalised(end) && !covered(end) {
            end += 1;
        }
        return Some(i..end);
    }
    None
}

/// Whether a cue is passive or raising ("was asked", "is expected to", "seems", "reportedly"):
/// such cues report about their grammatical subject, which is part of the content.
fn impersonal(doc: &Document<'_>, cue: &Range<usize>) -> bool {
    cue.clone().any(|i| matches!(doc.lower(i), "is" | "are" | "was" | "were" | "be" | "been" | "being"))
        || matches!(
            doc.lower(cue.start),
            "seem"
                | "seems"
                | "seemed"
                | "appear"
                | "appears"
                | "appeared"
                | "reportedly"
                | "apparently"
                | "allegedly"
                | "titled"
                | "entitled"
                | "dubbed"
        )
}

/// Content pieces in other sentences than the cue's are kept only when they chain to it
/// through adjacent sentences that have no cue of their own: the rest of a quote that runs
/// on, not the content of the next attribution.
fn keep_near(
    doc: &Document<'_>,
    pieces: Vec<Range<usize>>,
    sentence: usize,
    sentence_has_cue: &[bool],
) -> Vec<Range<usize>> {
    let has_cue = |k: usize| sentence_has_cue.get(k).copied().unwrap_or(false);
    let (mut lo, mut hi) = (sentence, sentence);
    let mut kept: Vec<Range<usize>> = Vec::new();
    // Pieces in the cue's sentence first, then outward one sentence at a time.
    let mut pending: Vec<(usize, Range<usize>)> =
        pieces.into_iter().map(|r| (doc.sentence_of(r.start), r)).collect();
    loop {
        let before = pending.len();
        pending.retain(|(k, r)| {
            // A piece of a neighbouring sentence must reach the boundary it shares with the chain.
            let reaches = |end: bool| {
                doc.sentences().get(*k).is_some_and(|s| {
                    let edge = if end { s.end - 1 } else { s.start };
                    let inner: Vec<usize> =
                        if end { (r.end..=edge).collect() } else { (edge..r.start).collect() };
                    inner.iter().all(|&i| {
                        doc.tokens()[i].kind != TokenKind::Word && doc.tokens()[i].kind != TokenKind::Number
                    })
                })
            };
            let take = (lo..=hi).contains(k)
                || (*k + 1 == lo && !has_cue(*k) && reaches(true))
                || (*k == hi + 1 && !has_cue(*k) && reaches(false));
            if take {
                lo = lo.min(*k);
                hi = hi.max(*k);
                kept.push(r.clone());
            }
            !take
        });
        if pending.len() == before {
            break;
        }
    }
    kept.sort_by_key(|r| r.start);
    kept
}

/// Content that ends in a quotation runs on into the following sentences of its
/// paragraph that open with a quotation mark and have no cue of their own
/// ("“A,” he said. “B.”"): they join the content whole, up to [`QUOTE_RUN`] sentences,
/// however far the first piece ended from its sentence's end (participles and
/// descriptions often follow the speaker: "“A,” he said, referring to X. “B.”").
fn quote_runs_on(doc: &Document<'_>, content: &mut Vec<Range<usize>>, sentence_has_cue: &[bool]) {
    let Some(last) = content.last() else { return };
    let quoted = |r: &Range<usize>| {
        r.clone().any(|i| doc.tokens()[i].in_quote)
            || r.clone().any(|i| doc.tokens()[i].kind == TokenKind::CloseQuote)
    };
    if !quoted(last) {
        return;
    }
    let from = doc.sentence_of(last.end - 1) + 1;
    let paragraph = doc.paragraph_of(last.start);
    for k in from..from + QUOTE_RUN {
        let Some(next) = doc.sentences().get(k) else { return };
        let first = &doc.tokens()[next.start];
        if first.kind != TokenKind::OpenQuote
            || first.paragraph as usize != paragraph
            || sentence_has_cue.get(k) != Some(&false)
        {
            return;
        }
        if content.last().is_some_and(|r| r.end > next.start) {
            return;
        }
        content.push(next.clone());
    }
}

/// Sentences a quote may run on for.
const QUOTE_RUN: usize = 4;
