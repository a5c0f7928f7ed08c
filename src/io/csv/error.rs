//! CSV import errors: every problem names the file, line, column and field, and the
//! bad value.

use std::fmt;

use crate::error::{Clipped, CyclePath};

/// Where in which file a [`CsvProblem`] is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CsvPosition {
    /// The file's path, or its role (`actors.csv` ...) for a reader.
    pub file: String,
    /// 1-based line where the row starts (for a hierarchy cycle, the row that closes
    /// it); 0 when no line is at fault.
    pub line: u64,
    /// 1-based column (field number in the row), when one field is at fault.
    pub column: Option<usize>,
    /// The header name of that column.
    pub field: Option<String>,
}

impl fmt::Display for CsvPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", Clipped(&self.file, 3 * crate::error::CLIP_CHARS))?;
        if self.line > 0 {
            write!(f, ", line {}", self.line)?;
        }
        if let Some(c) = self.column {
            write!(f, ", column {c}")?;
        }
        if let Some(field) = &self.field {
            write!(f, " (`{field}`)")?;
        }
        Ok(())
    }
}

/// What is wrong, and with which value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvProblemKind {
    /// The file has no header row.
    #[error("empty file: no header row")]
    NoHeader,
    /// A required column is not in the header.
    #[error("missing required column `{column}`")]
    MissingColumn {
        /// The column's name.
        column: &'static str,
    },
    /// A header names a column this table does not have (a typo such as `speeker`).
    #[error("unknown column `{}`", Clipped::new(.column))]
    UnknownColumn {
        /// The header as written.
        column: String,
    },
    /// Two header cells name the same column.
    #[error("column `{}` appears twice", Clipped::new(.column))]
    RepeatedColumn {
        /// The column's name.
        column: String,
    },
    /// The row is not well-formed CSV (a wrong number of fields ...).
    #[error("malformed row: {}", Clipped(.reason, 4 * crate::error::CLIP_CHARS))]
    Malformed {
        /// What the CSV reader reported.
        reason: String,
    },
    /// A field is not UTF-8 text.
    #[error("invalid UTF-8 at byte {offset} of the field")]
    InvalidUtf8 {
        /// 0-based offset of the first invalid byte within the field.
        offset: usize,
    },
    /// A required value is empty or blank.
    #[error("value is empty")]
    Empty,
    /// A value that does not parse or is out of range.
    #[error("invalid value `{}`: {}", Clipped::new(.value), Clipped(.reason, 4 * crate::error::CLIP_CHARS))]
    Invalid {
        /// The value as written (a long one clipped, as the message shows it).
        value: String,
        /// Why it is rejected.
        reason: String,
    },
    /// A key that names no item of the expected kind.
    #[error("unknown {expected} `{}`{}", Clipped::new(.key), crate::suggest::hint(.suggestions))]
    UnknownReference {
        /// `actor`, `event` or `source`.
        expected: &'static str,
        /// The key as written.
        key: String,
        /// The nearest keys of that kind (by key, name, alias or label), nearest
        /// first; computed for the import's first few unknown keys only.
        suggestions: Vec<String>,
    },
    /// A key used by an earlier row of the same table (for statements: by an earlier
    /// row that is not adjacent).
    #[error("duplicate key `{}`", Clipped::new(.key))]
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// A continuation row of a statement disagrees with its first row.
    #[error("`{}` differs from `{}` on the statement's first row", Clipped::new(.value), Clipped::new(.first))]
    Conflict {
        /// The value on this row.
        value: String,
        /// The value on the first row.
        first: String,
    },
    /// A relation from an actor to itself.
    #[error("relates `{}` to itself", Clipped::new(.key))]
    SelfRelation {
        /// The actor on both ends.
        key: String,
    },
    /// A validity interval that ends before it starts.
    #[error("ends on {end}, before it starts on {start}")]
    EndsBeforeStart {
        /// Its start.
        start: String,
        /// Its end.
        end: String,
    },
    /// Membership relations (rows or `parent` columns) that loop.
    #[error("hierarchy cycle: {}", CyclePath(.path))]
    HierarchyCycle {
        /// Actor keys around the cycle; the first is repeated at the end.
        path: Vec<String>,
    },
    /// The input ends inside a quoted field: an opening `"` is never closed, so the
    /// field would hold every line after it. Reported at the row where it opens.
    #[error("a quoted field is never closed: the file ends inside it")]
    UnclosedQuote,
    /// A line longer than [`MAX_LINE_BYTES`](super::MAX_LINE_BYTES); the table is not
    /// read further.
    #[error("line longer than {limit} bytes")]
    LineTooLong {
        /// The limit.
        limit: u64,
    },
    /// More items than a graph can index.
    #[error("too many {what}")]
    TooMany {
        /// `actors`, `relations`, `statements` ...
        what: &'static str,
    },
}

/// One problem found while importing CSV.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{position}: {kind}")]
#[non_exhaustive]
pub struct CsvProblem {
    /// Where it is.
    pub position: CsvPosition,
    /// What it is.
    pub kind: CsvProblemKind,
}

/// Why a CSV import failed.
///
/// ```
/// use stancegraph::io::csv::{CsvError, CsvImport, CsvProblemKind};
///
/// let err = CsvImport::new()
///     .actors("id,name,kind\natlantis,Atlantis,state\n".as_bytes())
///     .statements("id,speaker,date\ns1,nobody,2031-05-04\n".as_bytes())
///     .build()
///     .unwrap_err();
/// let CsvError::Invalid(invalid) = &err else { panic!("{err}") };
/// let p = &invalid.problems()[0];
/// assert_eq!((p.position.line, p.position.column), (2, Some(2)));
/// assert!(matches!(&p.kind, CsvProblemKind::UnknownReference { key, .. } if key == "nobody"));
/// assert_eq!(
///     err.to_string(),
///     "invalid CSV data: statements.csv, line 2, column 2 (`speaker`): unknown actor `nobody`"
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CsvError {
    /// A file could not be opened or read.
    #[error("cannot read {}: {source}", Clipped(.file, 3 * crate::error::CLIP_CHARS))]
    Io {
        /// The file's path or role.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The data has problems; see [`CsvProblems`].
    #[error(transparent)]
    Invalid(CsvProblems),
}

/// The problems found in CSV data, in the order found, up to a limit
/// ([`CsvImport::max_problems`](super::CsvImport::max_problems)).
#[derive(Debug, Clone, PartialEq)]
pub struct CsvProblems {
    problems: Vec<CsvProblem>,
    truncated: bool,
}

impl CsvProblems {
    pub(crate) fn new(problems: Vec<CsvProblem>, truncated: bool) -> Self {
        CsvProblems { problems, truncated }
    }

    /// The problems, in the order found.
    pub fn problems(&self) -> &[CsvProblem] {
        &self.problems
    }

    /// Whether reading stopped at the limit, so that more problems may exist.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Display for CsvProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let more = if self.truncated { " (stopped at the limit; there may be more)" } else { "" };
        match self.problems.as_slice() {
            [one] if !self.truncated => write!(f, "invalid CSV data: {one}"),
            many => {
                write!(f, "invalid CSV data: {} problems{more}", many.len())?;
                crate::error::write_list(f, many)
            }
        }
    }
}

impl std::error::Error for CsvProblems {}
