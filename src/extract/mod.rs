//! Extraction: from the text of a news article to attributions and a draft dataset.
//!
//! Extraction is an input, like [`io`](crate::io): it turns text into the same
//! model types a person would write, then into a [`Dataset`](crate::model::Dataset)
//! that goes through the one validating builder. Each step is a function over plain
//! data that can be called alone:
//!
//! 1. [`Document::new`]: paragraphs, quote-aware sentences and tokens with offsets;
//! 2. [`find_attributions`]: cues, then each cue's source and content (two trained
//!    taggers, weights in `weights.bin`);
//! 3. speakers, statement fields and the draft (see [`draft`]).

mod attribution;
mod features;
mod tagger;
mod text;

use std::sync::OnceLock;

pub use attribution::{CUE_TAGS, Found, MAX_CUES_PER_SENTENCE, ROLE_TAGS, find_attributions, find_cues};
pub use features::{FeatureBuf, ROLE_REACH, cue_features, cue_key, role_features, role_window, shape, stem};
pub use tagger::{Fnv, Tagger, WeightsError, feature_hash, read_weights, write_weights};
pub use text::{CharOffsets, Document, Token, TokenKind};

/// The shipped weights (written by `examples/train_extractor.rs`).
pub const WEIGHTS: &[u8] = include_bytes!("weights.bin");

/// The cue and role taggers of [`WEIGHTS`], loaded once.
///
/// A damaged weights file gives empty taggers (no attributions), never a panic;
/// `tests/extract_weights.rs` checks the shipped file loads.
pub fn taggers() -> &'static (Tagger, Tagger) {
    static TAGGERS: OnceLock<(Tagger, Tagger)> = OnceLock::new();
    TAGGERS.get_or_init(|| {
        let mut all = read_weights(WEIGHTS).unwrap_or_default();
        let role =
            all.iter().position(|t| t.name() == "role").map(|k| all.swap_remove(k)).unwrap_or_default();
        let cue = all.iter().position(|t| t.name() == "cue").map(|k| all.swap_remove(k)).unwrap_or_default();
        (cue, role)
    })
}

/// The attributions as JSON Lines in the PolNeAR scorer's format: one object per
/// attribution, `{"doc": NAME, "source": [[s, e]], "cue": [[s, e]], "content": [[s, e], ...]}`,
/// offsets in Unicode scalar values, end exclusive.
///
/// ```
/// use stancegraph::extract::{Document, polnear_lines};
///
/// let text = "\u{201c}We are ready,\u{201d} the minister said.";
/// let doc = Document::new(text);
/// let (cue, role) = stancegraph::extract::taggers();
/// let found = stancegraph::extract::find_attributions(&doc, cue, role);
/// let lines = polnear_lines("doc1", &doc, &found);
/// assert!(lines.starts_with("{\"doc\":\"doc1\""));
/// ```
pub fn polnear_lines(name: &str, doc: &Document<'_>, found: &[Found]) -> String {
    let offsets = CharOffsets::new(doc.text());
    let span = |r: &std::ops::Range<usize>| -> [usize; 2] {
        let t = doc.tokens();
        [offsets.char_offset(t[r.start].start), offsets.char_offset(t[r.end - 1].end)]
    };
    let mut out = String::new();
    for f in found {
        let line = serde_json::json!({
            "doc": name,
            "source": f.source.iter().map(span).collect::<Vec<_>>(),
            "cue": [span(&f.cue)],
            "content": f.content.iter().map(span).collect::<Vec<_>>(),
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}
