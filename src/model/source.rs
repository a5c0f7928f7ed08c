//! Where facts come from: source documents and citations into them.

use serde::{Deserialize, Serialize};

use super::PartialDate;

/// A source document: an article, a report, a transcript.
///
/// ```
/// use stancegraph::model::Source;
///
/// let gazette = Source::new("gazette-2031-05-04", "Strait row escalates")
///     .with_publisher("The Harbour Gazette")
///     .with_date("2031-05-04".parse()?);
/// assert_eq!(gazette.publisher.as_deref(), Some("The Harbour Gazette"));
/// # Ok::<(), stancegraph::DateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Source {
    /// Stable key that citations use to refer to this source.
    pub key: String,
    /// Headline or title.
    pub title: String,
    /// Publisher or outlet, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Author or byline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Where the document can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Source {
    /// A source with a key and a title.
    pub fn new(key: impl Into<String>, title: impl Into<String>) -> Self {
        Source { key: key.into(), title: title.into(), publisher: None, author: None, date: None, url: None }
    }

    /// Sets the publisher.
    pub fn with_publisher(mut self, publisher: impl Into<String>) -> Self {
        self.publisher = Some(publisher.into());
        self
    }

    /// Sets the author.
    pub fn with_author(mut self, author: impl Into<String>) -> Self {
        self.author = Some(author.into());
        self
    }

    /// Sets the publication date.
    pub fn with_date(mut self, date: PartialDate) -> Self {
        self.date = Some(date);
        self
    }

    /// Sets the URL.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
}

/// A reference to the place in a [`Source`] that supports a fact.
///
/// ```
/// use stancegraph::model::Citation;
///
/// let cite = Citation::new("gazette").paragraph(3).quote("summoned the ambassador");
/// assert_eq!(cite.to_string(), "gazette ¶3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Citation {
    /// Key of the cited [`Source`].
    pub source: String,
    /// Paragraph number in the source, counting from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// The exact words of the source that support the fact (kept short).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

impl Citation {
    /// A citation of a whole source.
    pub fn new(source: impl Into<String>) -> Self {
        Citation { source: source.into(), paragraph: None, quote: None }
    }

    /// Sets the paragraph number.
    pub fn paragraph(mut self, paragraph: u32) -> Self {
        self.paragraph = Some(paragraph);
        self
    }

    /// Sets the exact quoted words.
    pub fn quote(mut self, quote: impl Into<String>) -> Self {
        self.quote = Some(quote.into());
        self
    }
}

impl std::fmt::Display for Citation {
    /// `source ¶N`, the short form used in explanations.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)?;
        if let Some(p) = self.paragraph {
            write!(f, " ¶{p}")?;
        }
        Ok(())
    }
}
