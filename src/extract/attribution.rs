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
//!    "…") keeps both halves.
//!
//! A cue whose role pass finds no content is dropped. The source is the `SRC` run
//! nearest the cue; the content is every `CON` run. Work is linear in the text:
//! each token is seen by the cue tagger once and by at most the role passes of the
//! cues within `ROLE_REACH` of it, and a run of cues that long is cut at
//! [`MAX_CUES_PER_SENTENCE`].

use std::ops::Range;

use super::features::{FeatureBuf, cue_features, role_features, role_window};
use super::tagger::Tagger;
use super::text::Document;

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
    let mut buf = FeatureBuf::default();
    let mut out = Vec::new();
    for (s, sentence) in doc.sentences().iter().enumerate() {
        cue_features(doc, sentence.clone(), &mut buf);
        let tags = cue_tagger.decode(&buf.feats, &buf.offsets, |_, _| true);
        for r in runs(&tags, 1, sentence.start).into_iter().take(MAX_CUES_PER_SENTENCE) {
            out.push((s, r));
        }
    }
    out
}

/// Every attribution in the document, in the order of their cues.
pub fn find_attributions(doc: &Document<'_>, cue_tagger: &Tagger, role_tagger: &Tagger) -> Vec<Found> {
    let cues = find_cues(doc, cue_tagger);
    let mut is_cue = vec![false; doc.tokens().len()];
    for (_, c) in &cues {
        for i in c.clone() {
            is_cue[i] = true;
        }
    }
    let mut buf = FeatureBuf::default();
    let mut out: Vec<Found> = Vec::new();
    for (s, cue) in cues {
        let window = role_window(&doc, &cue);
        role_features(doc, window.clone(), cue.clone(), &is_cue, &mut buf);
        let tags = role_tagger.decode(&buf.feats, &buf.offsets, |i, t| {
            let at = window.start + i;
            t == 0 || !(cue.start..cue.end).contains(&at)
        });
        let content = runs(&tags, 3, window.start);
        if content.is_empty() {
            continue;
        }
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
fn fallback_source(
    doc: &Document<'_>,
    earlier: &[Found],
    sentence: usize,
    cue: &Range<usize>,
    content: &[Range<usize>],
) -> Option<Range<usize>> {
    if let Some(f) = earlier.iter().rev().take_while(|f| f.sentence == sentence).find(|f| f.source.is_some())
    {
        return f.source.clone();
    }
    let range = doc.sentences().get(sentence)?;
    let covered = |i: usize| content.iter().any(|r| r.contains(&i));
    let mut i = range.start;
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
    if capitalised(i)
        && !matches!(w, "the" | "a" | "an" | "but" | "and" | "in" | "on" | "at" | "as" | "if" | "when")
    {
        let mut end = i + 1;
        while end < cue.start && capitalised(end) && !covered(end) {
            end += 1;
        }
        return Some(i..end);
    }
    None
}
