//! Located diagnostics: every problem of a dataset file or CSV folder as one line a
//! person (or an editor) can jump to, `file:line:column: message`, or
//! `file: item `key`: …` for problems of the data that no line pins down.
//!
//! ```
//! use stancegraph::io::diagnostic::{check, Diagnostic};
//!
//! # let dir = std::env::temp_dir().join(format!("stancegraph-check-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! let path = dir.join("bad.json");
//! std::fs::write(&path, "{\"format\": \"stancegraph/1\",\n \"actors\": [{\"key\": \"a\", \"name\": \"A\", \"kind\": \"stat\"}]}")?;
//! let problems: Vec<Diagnostic> = check(&path).unwrap_err();
//! assert_eq!(problems[0].line, Some(2));
//! assert!(problems[0].to_string().starts_with(&format!("{}:2:", path.display())));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::error::LoadError;
use crate::graph::Graph;
use crate::io::corpus::CorpusError;
use crate::io::csv::{CsvError, CsvImport};

/// One problem, located.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The file (or, for a CSV table given as a reader, its role: `actors.csv`).
    pub file: String,
    /// 1-based line, when the problem is on one.
    pub line: Option<u64>,
    /// 1-based column (a character for JSON, a field for CSV), when known.
    pub column: Option<u64>,
    /// What is wrong, naming the item and field where no line does.
    pub message: String,
}

impl Diagnostic {
    fn new(
        file: impl Into<String>,
        line: Option<u64>,
        column: Option<u64>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { file: file.into(), line, column, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:column: message`, `file:line: message` or `file: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl LoadError {
    /// The error as located diagnostics for `file`: one for a JSON or encoding
    /// error (with its line and column), one per [`Problem`](crate::Problem) of
    /// invalid data (named by item and field).
    pub fn diagnostics(&self, file: &str) -> Vec<Diagnostic> {
        match self {
            LoadError::Json { line, column, message } => {
                vec![Diagnostic::new(file, Some(*line as u64), Some(*column as u64), message.clone())]
            }
            LoadError::Utf8 { line, offset } => vec![Diagnostic::new(
                file,
                Some(*line as u64),
                None,
                format!("not UTF-8: invalid byte at byte offset {offset}"),
            )],
            LoadError::Build(e) => {
                e.problems().iter().map(|p| Diagnostic::new(file, None, None, p.to_string())).collect()
            }
            LoadError::File { source, .. } => {
                vec![Diagnostic::new(file, None, None, format!("cannot read: {source}"))]
            }
            other => vec![Diagnostic::new(file, None, None, other.to_string())],
        }
    }
}

impl CsvError {
    /// The error as located diagnostics: each problem with its file, line and
    /// column, the column's header leading the message.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            CsvError::Io { file, source } => {
                vec![Diagnostic::new(file.clone(), None, None, format!("cannot read: {source}"))]
            }
            CsvError::Invalid(invalid) => {
                let mut out: Vec<Diagnostic> = invalid
                    .problems()
                    .iter()
                    .map(|p| {
                        let at = &p.position;
                        let message = match &at.field {
                            Some(field) => format!("`{field}`: {}", p.kind),
                            None => p.kind.to_string(),
                        };
                        Diagnostic::new(
                            at.file.clone(),
                            (at.line > 0).then_some(at.line),
                            at.column.map(|c| c as u64),
                            message,
                        )
                    })
                    .collect();
                if invalid.is_truncated() {
                    let file = out.last().map_or_else(String::new, |d| d.file.clone());
                    out.push(Diagnostic::new(
                        file,
                        None,
                        None,
                        "stopped at the problem limit; there may be more",
                    ));
                }
                out
            }
        }
    }
}

impl CorpusError {
    /// The error as located diagnostics, each naming its file.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            CorpusError::Dataset { file, source } => source.diagnostics(&file.display().to_string()),
            CorpusError::Csv(e) => e.diagnostics(),
            CorpusError::Merge { dir, source } => {
                let dir = dir.display().to_string();
                source
                    .problems()
                    .iter()
                    .map(|p| Diagnostic::new(dir.clone(), None, None, p.to_string()))
                    .collect()
            }
            CorpusError::Io { path, source } => {
                vec![Diagnostic::new(
                    path.display().to_string(),
                    None,
                    None,
                    format!("cannot read: {source}"),
                )]
            }
            other => vec![Diagnostic::new(String::new(), None, None, other.to_string())],
        }
    }
}

/// Loads and validates one dataset: a JSON file, or a folder of CSV tables (see
/// [`CsvImport::from_dir`]); the graph, or every problem found, located.
///
/// # Errors
/// The diagnostics, never empty.
pub fn check(path: impl AsRef<Path>) -> Result<Graph, Vec<Diagnostic>> {
    let path = path.as_ref();
    if path.is_dir() {
        return CsvImport::from_dir(path).and_then(CsvImport::build).map_err(|e| e.diagnostics());
    }
    Graph::load_json_file(path).map_err(|e| e.diagnostics(&path.display().to_string()))
}
