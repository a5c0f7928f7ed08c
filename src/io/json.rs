//! The JSON dataset format: human-writable, keyed, versioned, deterministic.
//!
//! [`Graph::from_json`] and [`Graph::load_json`] parse and validate;
//! [`Graph::to_json`] and [`Graph::save_json`] write pretty-printed JSON in item
//! order, so saving the same graph always gives the same bytes and
//! `Graph::from_json(&g.to_json())? == g`.
//!
//! ```
//! use stancegraph::Graph;
//!
//! let text = r#"{
//!   "format": "stancegraph/1",
//!   "actors": [
//!     {"key": "atlantis", "name": "Atlantis", "kind": "state"},
//!     {"key": "lemuria", "name": "Lemuria", "kind": "state"}
//!   ],
//!   "relations": [{"from": "atlantis", "kind": "borders", "to": "lemuria"}]
//! }"#;
//! let graph = Graph::from_json(text)?;
//! assert_eq!(graph.relation_count(), 1);
//! assert_eq!(Graph::from_json(&graph.to_json())?, graph);
//! # Ok::<(), stancegraph::LoadError>(())
//! ```

use std::borrow::Cow;
use std::io::{Read, Write};

use serde::Deserialize;

use crate::error::LoadError;
use crate::graph::Graph;
use crate::model::{Dataset, FORMAT};

/// The bytes as text, or where the first invalid byte is.
fn utf8(bytes: &[u8]) -> Result<&str, LoadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
        LoadError::Utf8 { line, offset }
    })
}

/// The `format` field of a dataset, read before the rest; the probe accepts only a
/// JSON object, so that `[]`, `null` or `["stancegraph/1"]` are not taken for one.
struct FormatProbe<'a> {
    format: Option<Cow<'a, str>>,
}

impl<'de> Deserialize<'de> for FormatProbe<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ProbeVisitor)
    }
}

struct ProbeVisitor;

impl<'de> serde::de::Visitor<'de> for ProbeVisitor {
    type Value = FormatProbe<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a dataset: a JSON object with \"format\": \"{FORMAT}\"")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut format = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "format" && format.is_none() {
                format = Some(map.next_value::<Cow<'de, str>>()?);
            } else {
                // A repeated `format` is reported by the full parse.
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(FormatProbe { format })
    }
}

impl Dataset {
    /// Parses a dataset without validating its references (see [`Dataset::build`]).
    ///
    /// # Errors
    /// [`LoadError::Json`] with line and column for malformed JSON, a document that
    /// is not an object, unknown fields or bad values; [`LoadError::MissingFormat`]
    /// when the object has no `format` field; [`LoadError::Format`] when it is not
    /// `stancegraph/1`.
    pub fn from_json(text: &str) -> Result<Dataset, LoadError> {
        // Editors on some systems start UTF-8 files with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let probe: FormatProbe<'_> = serde_json::from_str(text)?;
        match probe.format.as_deref() {
            Some(FORMAT) => Ok(serde_json::from_str(text)?),
            Some(other) => Err(LoadError::Format { found: other.to_owned() }),
            None => Err(LoadError::MissingFormat),
        }
    }

    /// Writes the dataset as pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl Graph {
    /// Parses and validates a JSON dataset.
    ///
    /// # Errors
    /// See [`Dataset::from_json`]; then [`LoadError::Build`] listing every problem
    /// with the data.
    pub fn from_json(text: &str) -> Result<Graph, LoadError> {
        Ok(Dataset::from_json(text)?.build()?)
    }

    /// Reads, parses and validates a JSON dataset.
    ///
    /// # Errors
    /// [`LoadError::Io`] if reading fails, otherwise as [`Graph::from_json`].
    pub fn load_json(mut reader: impl Read) -> Result<Graph, LoadError> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        Graph::from_json(utf8(&bytes)?)
    }

    /// The graph as pretty-printed JSON, byte-identical for equal graphs.
    pub fn to_json(&self) -> String {
        self.to_dataset().to_json()
    }

    /// Writes [`Graph::to_json`] to `writer`.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn save_json(&self, mut writer: impl Write) -> std::io::Result<()> {
        writer.write_all(self.to_json().as_bytes())?;
        writer.flush()
    }

    /// Reads, parses and validates a JSON dataset file.
    ///
    /// # Errors
    /// As [`Graph::load_json`]; an unreadable file is [`LoadError::File`], which
    /// names it.
    ///
    /// ```
    /// let err = stancegraph::Graph::load_json_file("no-such-dir/x.json").unwrap_err();
    /// assert!(err.to_string().starts_with("cannot read dataset `no-such-dir/x.json`: "), "{err}");
    /// ```
    pub fn load_json_file(path: impl AsRef<std::path::Path>) -> Result<Graph, LoadError> {
        let path = path.as_ref();
        let bytes =
            std::fs::read(path).map_err(|source| LoadError::File { path: path.to_owned(), source })?;
        Graph::from_json(utf8(&bytes)?)
    }

    /// Saves [`Graph::to_json`] to a file atomically (see
    /// [`write_atomically`](crate::io::write_atomically)): a failed or killed save
    /// leaves the previous file intact; an existing file keeps its permissions, a new
    /// one gets the umask's; a symbolic link is written through to its target.
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("stancegraph-save-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir)?;
    /// let graph = stancegraph::datasets::strait_incident();
    /// let path = dir.join("strait.json");
    /// graph.save_json_file(&path)?;
    /// assert_eq!(stancegraph::Graph::load_json_file(&path)?, graph);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// Any I/O error of creating, writing, syncing or renaming; its message names
    /// `path`.
    pub fn save_json_file(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        let text = self.to_json();
        crate::io::write_atomically(path, |w| w.write_all(text.as_bytes()))
    }

    /// The graph as a keyed [`Dataset`], items in their graph order (each item as
    /// its view's `to_data`, such as [`StatementRef::to_data`](crate::StatementRef::to_data)).
    pub fn to_dataset(&self) -> Dataset {
        Dataset {
            format: FORMAT.to_owned(),
            sources: self.sources().map(|s| s.data().clone()).collect(),
            actors: self.actors().map(|a| a.to_data()).collect(),
            relations: self.relations().map(|r| r.to_data()).collect(),
            events: self.events().map(|e| e.to_data()).collect(),
            statements: self.statements().map(|s| s.to_data()).collect(),
        }
    }
}
