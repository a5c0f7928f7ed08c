//! Extraction: from the text of a news article to attributions and a draft dataset.
//!
//! Extraction is an input, like [`io`](crate::io): it turns text into the same
//! model types a person would write, then into a [`Dataset`] that goes through the
//! one validating builder. Everything it proposes is marked `proposed` (on
//! [`Statement`](crate::model::Statement) and [`Actor`](crate::model::Actor)) until a
//! person confirms it. Each step is a function over plain data that can be called
//! alone:
//!
//! 1. [`Document::new`]: paragraphs, quote-aware sentences and tokens with offsets;
//! 2. [`find_attributions`]: cues, then each cue's source and content, by two linear
//!    taggers ([`Tagger`]: `score(y) = Σ_i Σ_{f ∈ F_i} w[f, y_i] + t[y_{i-1}, y_i]`,
//!    decoded by Viterbi) whose weights ship in `weights.bin`;
//! 3. [`Entities`]: who the article names, and which one each source mention means;
//! 4. [`fields`]: kind, hedge, date, mode, audience and framing of each statement;
//! 5. [`Extractor::draft`]: the draft dataset, with citations and proposed stances.
//!
//! [`polnear_lines`] writes attributions in the PolNeAR scorer's JSON Lines format.
//! `docs/extraction.md` gives the measured quality and the known failure modes.

mod attribution;
mod draft;
mod features;
pub mod fields;
mod lexicon;
mod speakers;
mod tagger;
mod text;

use std::sync::OnceLock;

use crate::Graph;
use crate::model::{Dataset, PartialDate, Source};

pub use attribution::{CUE_TAGS, Found, MAX_CUES_PER_SENTENCE, ROLE_TAGS, find_attributions, find_cues};
pub use draft::{Attribution, Header, header, slug};
pub use features::{
    FeatureBuf, ROLE_REACH, RoleScratch, TokenHashes, cue_features, cue_key, role_features, role_window,
    shape, stem,
};
pub use lexicon::{Gazetteer, Place, gazetteer};
pub use speakers::{Entities, Entity, LOOK_BACK, Mention};
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
/// assert!(lines.contains("\"doc\":\"doc1\"") && lines.contains("\"cue\":[["));
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

/// Why a draft could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// Statements need a date: the article has no date line and none was given.
    #[error("the article has no date line: give its date with `Extractor::with_date`")]
    NoDate,
}

/// Reads an article and proposes a draft dataset; configure it, then call
/// [`Extractor::draft`] (or [`Extractor::attributions`] for the spans alone).
///
/// ```
/// use stancegraph::extract::Extractor;
///
/// let text = "Harbour row deepens\n\nMarch 3, 2031\n\n\
///     On Monday, Atlantis\u{2019}s Foreign Ministry accused Lemuria of \u{201c}piracy.\u{201d} \
///     \u{201c}We will defend our waters,\u{201d} the ministry said.";
/// let draft = Extractor::new().draft(text)?;
/// let graph = draft.dataset.clone().build()?; // the draft goes through the one validating builder
/// assert!(graph.statement_count() >= 1);
/// assert!(draft.dataset.statements.iter().all(|s| s.proposed));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Extractor<'g> {
    graph: Option<&'g Graph>,
    date: Option<PartialDate>,
    source_key: Option<String>,
    publisher: Option<String>,
}

/// A draft dataset and the attributions behind it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Draft {
    /// The draft: the article as a source, the speakers (new ones marked proposed, existing
    /// ones copied from the graph), the statements (all marked proposed).
    pub dataset: Dataset,
    /// Every attribution found, with what it became.
    pub attributions: Vec<Attribution>,
}

impl<'g> Extractor<'g> {
    /// An extractor with the shipped weights and no existing graph.
    pub fn new() -> Self {
        Extractor::default()
    }

    /// Resolves speakers to this graph's actors (by key, name or alias) before proposing new ones.
    pub fn with_graph(mut self, graph: &'g Graph) -> Self {
        self.graph = Some(graph);
        self
    }

    /// The article's date, when its text has no date line (a date line wins otherwise).
    pub fn with_date(mut self, date: PartialDate) -> Self {
        self.date = Some(date);
        self
    }

    /// The key of the article's source (default: publisher slug and date, or `article-DATE`).
    pub fn with_source_key(mut self, key: impl Into<String>) -> Self {
        self.source_key = Some(key.into());
        self
    }

    /// The publisher, when the text has no publisher line.
    pub fn with_publisher(mut self, publisher: impl Into<String>) -> Self {
        self.publisher = Some(publisher.into());
        self
    }

    /// The attributions of `text` as token ranges of its [`Document`].
    pub fn attributions(&self, doc: &Document<'_>) -> Vec<Found> {
        let (cue, role) = taggers();
        find_attributions(doc, cue, role)
    }

    /// Proposes a draft dataset for `text`.
    ///
    /// # Errors
    /// [`ExtractError::NoDate`] when neither the text nor [`Extractor::with_date`] gives the date.
    pub fn draft(&self, text: &str) -> Result<Draft, ExtractError> {
        let doc = Document::new(text);
        let head = header(&doc);
        let date = head.date.or_else(|| self.date.map(|d| d.first_day())).ok_or(ExtractError::NoDate)?;
        let partial = PartialDate::from_civil(date).map_err(|_| ExtractError::NoDate)?;
        let publisher = head.publisher.clone().or_else(|| self.publisher.clone());
        let key = self.source_key.clone().unwrap_or_else(|| {
            let p = publisher
                .as_deref()
                .map(slug)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "article".to_owned());
            format!("{p}-{partial}")
        });
        let title =
            if crate::build::is_blank(&head.title) { "untitled".to_owned() } else { head.title.clone() };
        let mut source = Source::new(key, title).with_date(partial);
        if let Some(p) = publisher {
            source = source.with_publisher(p);
        }
        if let Some(a) = head.author.clone() {
            source = source.with_author(a);
        }
        let found = self.attributions(&doc);
        let setting = draft::Setting { graph: self.graph, date, source, body_start: head.body_start };
        let (dataset, attributions) = draft::build(&doc, &found, setting);
        Ok(Draft { dataset, attributions })
    }
}

impl Draft {
    /// The draft's statements as who-said-what lines, in text order:
    /// `DATE SPEAKER [via OUTLET] KIND (HEDGE): "TEXT" ¶N`.
    pub fn who_said_what(&self) -> Vec<String> {
        let name = |key: &str| {
            self.dataset.actors.iter().find(|a| a.key == key).map_or(key.to_owned(), |a| a.name.clone())
        };
        self.dataset
            .statements
            .iter()
            .map(|s| {
                let via = if s.via.is_empty() {
                    String::new()
                } else {
                    format!(" via {}", s.via.iter().map(|v| name(v)).collect::<Vec<_>>().join(", "))
                };
                let hedge =
                    if s.hedge == crate::Hedge::Asserted { String::new() } else { format!(" ({})", s.hedge) };
                let text = if s.mode == crate::TextMode::Quote {
                    format!("\u{201c}{}\u{201d}", s.text)
                } else {
                    s.text.clone()
                };
                let paragraph = s
                    .citations
                    .first()
                    .and_then(|c| c.paragraph)
                    .map(|p| format!(" \u{b6}{p}"))
                    .unwrap_or_default();
                let targets = s
                    .targets
                    .iter()
                    .map(|t| format!(" [{} {:+.1}]", name(&t.actor), t.stance))
                    .collect::<String>();
                format!("{} {}{via} {}{hedge}: {text}{paragraph}{targets}", s.date, name(&s.speaker), s.kind)
            })
            .collect()
    }
}
