//! Bulk import from CSV tables: actors, relations and statements (and, if you have
//! them, sources and events), read by header name and validated as the JSON format
//! is. The format is documented in `docs/csv-format.md`.
//!
//! [`CsvImport`] takes one input per table, from a reader or a file, and builds a
//! [`Graph`]; [`Graph::load_csv_dir`] reads `actors.csv`, `relations.csv`,
//! `statements.csv`, `sources.csv` and `events.csv` from a folder, each when present.
//!
//! ```
//! use stancegraph::io::csv::CsvImport;
//!
//! let actors = "\
//! id,name,kind,parent
//! atlantis,Atlantis,state,
//! lemuria,Lemuria,state,
//! atlantis-mfa,Atlantean Foreign Ministry,org,atlantis
//! ";
//! let relations = "source,target,kind\natlantis,lemuria,borders\n";
//! let statements = "\
//! id,speaker,target,stance,date,mode,text
//! s1,atlantis-mfa,lemuria,-0.5,2031-05-03,quote,an unacceptable provocation
//! ";
//! let graph = CsvImport::new()
//!     .actors(actors.as_bytes())
//!     .relations(relations.as_bytes())
//!     .statements(statements.as_bytes())
//!     .build()?;
//! // The `parent` column adds the membership: two relations.
//! assert_eq!((graph.actor_count(), graph.relation_count(), graph.statement_count()), (3, 2, 1));
//! let s1 = graph.statement_by_key("s1").expect("imported");
//! assert_eq!(s1.text(), "an unacceptable provocation");
//! # Ok::<(), stancegraph::io::csv::CsvError>(())
//! ```
//!
//! **Validation** is that of [`GraphBuilder`](crate::GraphBuilder): unknown keys,
//! duplicate keys, stances outside `[-1, 1]` (or not a number), confidences outside
//! `[0, 1]`, bad dates, validity that ends before it starts, self-relations, blank
//! required text, hierarchy cycles. Every problem names the file, the line, the
//! column and its header, and the value ([`CsvProblem`]); reading goes on after a
//! bad row and stops after [`CsvImport::max_problems`] problems (default
//! [`DEFAULT_MAX_PROBLEMS`]). A bad row never panics and never silently
//! disappears: any problem fails the import.
//!
//! **Speed.** Tables are read in dependency order (sources, actors, relations,
//! events, statements), so each key a row names is looked up once, while the row is
//! in hand, and statements go straight into the graph's compact store. The two bulk
//! tables, relations and statements, are read in blocks of whole lines (4 MiB), two
//! blocks at a time on two worker threads, merged in order (the `fast` module): a
//! block whose lines are plain (no quotes, the header's number of fields, UTF-8,
//! values that parse, known keys, one row per statement) is taken whole; from the
//! first block that is not, the reference reader (csv records, a row at a time,
//! checked to be UTF-8 once per row) reads the rest of the table, so problems are
//! found and located exactly as if it had read it all. Memory stays bounded by a
//! few blocks; line ends, commas and quotes are found with `memchr`.

mod error;
mod fast;
mod keys;
mod load;
mod progress;
mod statements;
mod table;

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use error::{CsvError, CsvPosition, CsvProblem, CsvProblemKind, CsvProblems};
pub use table::MAX_LINE_BYTES;

use crate::graph::Graph;
use load::{ACTOR_COLS, EVENT_COLS, Loader, RELATION_COLS, SOURCE_COLS};
use statements::STATEMENT_COLS;
use table::{Col, Table};

/// How many problems an import collects before it stops reading.
pub const DEFAULT_MAX_PROBLEMS: usize = 100;

/// Where one table comes from.
pub(crate) enum Input<'a> {
    Path(PathBuf),
    Reader(Box<dyn Read + 'a>),
}

impl fmt::Debug for Input<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Path(p) => write!(f, "Path({})", p.display()),
            Input::Reader(_) => f.write_str("Reader"),
        }
    }
}

/// Builds a [`Graph`] from CSV tables; see the [module docs](self) and
/// `docs/csv-format.md`.
///
/// Each table is optional; give each at most once (a second call replaces the
/// first). Readers are named by their table in errors (`statements.csv`), files by
/// their path.
///
/// ```
/// use stancegraph::io::csv::CsvImport;
///
/// let graph = CsvImport::new()
///     .actors("id,name,kind\natlantis,Atlantis,state\nlemuria,Lemuria,state\n".as_bytes())
///     .statements("id,speaker,target,stance,date\ns1,atlantis,lemuria,0.5,2031-05\n".as_bytes())
///     .build()?;
/// let s1 = graph.statement_by_key("s1").expect("imported");
/// assert_eq!(s1.date().to_string(), "2031-05");
/// # Ok::<(), stancegraph::io::csv::CsvError>(())
/// ```
#[must_use = "an import does nothing until it is built"]
pub struct CsvImport<'a> {
    sources: Option<Input<'a>>,
    actors: Option<Input<'a>>,
    relations: Option<Input<'a>>,
    events: Option<Input<'a>>,
    statements: Option<Input<'a>>,
    max_problems: usize,
    progress: Option<Box<dyn FnMut(CsvProgress) + 'a>>,
}

impl fmt::Debug for CsvImport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsvImport")
            .field("sources", &self.sources)
            .field("actors", &self.actors)
            .field("relations", &self.relations)
            .field("events", &self.events)
            .field("statements", &self.statements)
            .field("max_problems", &self.max_problems)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish()
    }
}

/// How far an import has read, handed to the callback of [`CsvImport::on_progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CsvProgress {
    /// Bytes read so far, over every table.
    pub bytes_read: u64,
    /// The size of every table given as a file, when all were (readers have no
    /// known size).
    pub total_bytes: Option<u64>,
}

impl Default for CsvImport<'_> {
    fn default() -> Self {
        CsvImport::new()
    }
}

impl<'a> CsvImport<'a> {
    /// An import with no tables yet.
    pub fn new() -> Self {
        CsvImport {
            sources: None,
            actors: None,
            relations: None,
            events: None,
            statements: None,
            max_problems: DEFAULT_MAX_PROBLEMS,
            progress: None,
        }
    }

    /// Reads the sources table (`key,title,...`) from `reader`.
    pub fn sources(mut self, reader: impl Read + 'a) -> Self {
        self.sources = Some(Input::Reader(Box::new(reader)));
        self
    }

    /// Reads the sources table from a file.
    pub fn sources_path(mut self, path: impl AsRef<Path>) -> Self {
        self.sources = Some(Input::Path(path.as_ref().to_owned()));
        self
    }

    /// Reads the actors table (`id,name,kind,...`) from `reader`.
    pub fn actors(mut self, reader: impl Read + 'a) -> Self {
        self.actors = Some(Input::Reader(Box::new(reader)));
        self
    }

    /// Reads the actors table from a file.
    pub fn actors_path(mut self, path: impl AsRef<Path>) -> Self {
        self.actors = Some(Input::Path(path.as_ref().to_owned()));
        self
    }

    /// Reads the relations table (`source,target,kind,...`) from `reader`.
    pub fn relations(mut self, reader: impl Read + 'a) -> Self {
        self.relations = Some(Input::Reader(Box::new(reader)));
        self
    }

    /// Reads the relations table from a file.
    pub fn relations_path(mut self, path: impl AsRef<Path>) -> Self {
        self.relations = Some(Input::Path(path.as_ref().to_owned()));
        self
    }

    /// Reads the events table (`key,kind,label,...`) from `reader`.
    pub fn events(mut self, reader: impl Read + 'a) -> Self {
        self.events = Some(Input::Reader(Box::new(reader)));
        self
    }

    /// Reads the events table from a file.
    pub fn events_path(mut self, path: impl AsRef<Path>) -> Self {
        self.events = Some(Input::Path(path.as_ref().to_owned()));
        self
    }

    /// Reads the statements table (`id,speaker,date,...`) from `reader`.
    pub fn statements(mut self, reader: impl Read + 'a) -> Self {
        self.statements = Some(Input::Reader(Box::new(reader)));
        self
    }

    /// Reads the statements table from a file.
    pub fn statements_path(mut self, path: impl AsRef<Path>) -> Self {
        self.statements = Some(Input::Path(path.as_ref().to_owned()));
        self
    }

    /// Calls `progress` as the tables are read (after each block of bytes the CSV
    /// reader takes in), for a progress bar: it is told the bytes read so far and,
    /// when every table is a file, their total size. It runs on the importing
    /// thread and should be quick.
    ///
    /// ```
    /// use stancegraph::io::csv::CsvImport;
    ///
    /// let mut seen = 0;
    /// let graph = CsvImport::new()
    ///     .actors("id,name,kind\natlantis,Atlantis,state\n".as_bytes())
    ///     .on_progress(|p| seen = p.bytes_read)
    ///     .build()?;
    /// assert_eq!((graph.actor_count(), seen), (1, 37));
    /// # Ok::<(), stancegraph::io::csv::CsvError>(())
    /// ```
    pub fn on_progress(mut self, progress: impl FnMut(CsvProgress) + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// An import of the tables in folder `dir`: `actors.csv`, `relations.csv`,
    /// `statements.csv`, `sources.csv` and `events.csv`, each if present (what
    /// [`Graph::load_csv_dir`] reads), to set further options on before
    /// [`CsvImport::build`].
    ///
    /// # Errors
    /// [`CsvError::Io`] naming `dir` if it is missing, not a folder or holds none of
    /// the tables; naming the table if one cannot be read or is not a file (a folder
    /// called `actors.csv`).
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self, CsvError> {
        let dir = dir.as_ref();
        let io_error = |file: &Path, source| CsvError::Io { file: file.display().to_string(), source };
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                let source = std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a folder");
                return Err(io_error(dir, source));
            }
            Err(source) => return Err(io_error(dir, source)),
        }
        let mut import = CsvImport::new();
        let mut found = false;
        let mut table = |name: &str| -> Result<Option<PathBuf>, CsvError> {
            let path = dir.join(name);
            match std::fs::metadata(&path) {
                // A folder (or anything but a file) under a table's name is an error
                // when opened, not a table to skip.
                Ok(_) => {
                    found = true;
                    Ok(Some(path))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(source) => Err(io_error(&path, source)),
            }
        };
        if let Some(p) = table("sources.csv")? {
            import = import.sources_path(p);
        }
        if let Some(p) = table("actors.csv")? {
            import = import.actors_path(p);
        }
        if let Some(p) = table("relations.csv")? {
            import = import.relations_path(p);
        }
        if let Some(p) = table("events.csv")? {
            import = import.events_path(p);
        }
        if let Some(p) = table("statements.csv")? {
            import = import.statements_path(p);
        }
        if !found {
            let source = std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no CSV tables in the folder (actors.csv, relations.csv, statements.csv, sources.csv, events.csv)",
            );
            return Err(io_error(dir, source));
        }
        Ok(import)
    }

    /// Stops reading after `n` problems (at least 1; default
    /// [`DEFAULT_MAX_PROBLEMS`]).
    ///
    /// ```
    /// use stancegraph::io::csv::{CsvError, CsvImport};
    ///
    /// let err = CsvImport::new()
    ///     .actors("id,name,kind\na,,state\nb,,state\nc,,state\n".as_bytes())
    ///     .max_problems(2)
    ///     .build()
    ///     .unwrap_err();
    /// let CsvError::Invalid(invalid) = err else { panic!("not a data error") };
    /// assert_eq!(invalid.problems().len(), 2);
    /// assert!(invalid.is_truncated());
    /// ```
    pub fn max_problems(mut self, n: usize) -> Self {
        self.max_problems = n.max(1);
        self
    }

    /// Reads every table, validates and builds the graph.
    ///
    /// # Errors
    /// [`CsvError::Io`] if a file cannot be opened or read; [`CsvError::Invalid`]
    /// listing the problems in the data.
    pub fn build(self) -> Result<Graph, CsvError> {
        let CsvImport { sources, actors, relations, events, statements, max_problems, progress } = self;
        let meter =
            progress.map(|p| progress::meter(&[&sources, &actors, &relations, &events, &statements], p));
        let meter = meter.as_ref();
        let mut l = Loader::new(max_problems);
        if let Some(t) = open(sources, "sources.csv", SOURCE_COLS, &mut l, meter)? {
            l.read_sources(t);
        }
        match open_split(actors, "actors.csv", ACTOR_COLS, &mut l, meter)? {
            None => {}
            Some(Opened::Whole(t)) => l.read_actors(t),
            Some(Opened::Split(s)) => l.read_actors_fast(s),
        }
        match open_split(relations, "relations.csv", RELATION_COLS, &mut l, meter)? {
            None => {}
            Some(Opened::Whole(t)) => l.read_relations(t),
            Some(Opened::Split(s)) => l.read_relations_fast(s),
        }
        l.add_parent_relations();
        if l.sink.problems.is_empty() {
            l.check_hierarchy();
        }
        if let Some(t) = open(events, "events.csv", EVENT_COLS, &mut l, meter)? {
            l.read_events(t);
        }
        match open_split(statements, "statements.csv", STATEMENT_COLS, &mut l, meter)? {
            None => {}
            Some(Opened::Whole(t)) => l.read_statements(t),
            Some(Opened::Split(s)) => l.read_statements_fast(s),
        }
        if !l.sink.problems.is_empty() || l.sink.truncated {
            return Err(CsvError::Invalid(CsvProblems::new(l.sink.problems, l.sink.truncated)));
        }
        l.assemble().map_err(CsvError::Invalid)
    }
}

/// Opens one table and reads its header; `Ok(None)` when not given, when its header
/// is unusable (reported), or once the problem limit is reached.
fn open<'a>(
    input: Option<Input<'a>>,
    role: &str,
    cols: &'static [Col],
    l: &mut Loader,
    meter: Meter<'_, 'a>,
) -> Result<Option<Table<'a>>, CsvError> {
    let Some((file, len, reader)) = source(input, role, l, meter)? else { return Ok(None) };
    Ok(Table::open(file, len, reader, cols, &mut l.sink))
}

/// A bulk table opened for the fast path (`fast`): its header line read apart, the
/// rows still in the input.
pub(crate) struct SplitTable<'a> {
    /// The header alone, read by the reference reader: the columns.
    pub(crate) head: Table<'a>,
    pub(crate) header: Vec<u8>,
    pub(crate) rows: Box<dyn Read + 'a>,
    pub(crate) len: Option<u64>,
}

impl<'a> SplitTable<'a> {
    /// The rows (after the header, on file line 2) in blocks for the fast path, read
    /// into `buffers` (see `fast::Pool`); `keyed`: the field whose runs of equal
    /// values stay in one block.
    pub(crate) fn blocks(
        &mut self,
        keyed: Option<usize>,
        buffers: Vec<Vec<u8>>,
    ) -> fast::Blocks<Box<dyn Read + 'a>> {
        fast::Blocks::new(std::mem::replace(&mut self.rows, Box::new(std::io::empty())), 2, keyed)
            .with_buffers(buffers)
    }

    /// The reference reader over the rows from `rest` on, which starts on file line
    /// `first_line`.
    pub(crate) fn resume(
        self,
        rest: impl Read + 'a,
        first_line: u64,
        cols: &'static [Col],
        sink: &mut table::Sink,
    ) -> Option<Table<'a>> {
        let input = std::io::Cursor::new(self.header).chain(rest);
        let mut t = Table::open(self.head.file, self.len, Box::new(input), cols, sink)?;
        // The reader counts the header as its line 1 and the rest from its line 2.
        t.set_line_base(first_line.saturating_sub(2));
        Some(t)
    }
}

/// A table to read: whole by the reference reader, or split for the fast path.
enum Opened<'a> {
    Whole(Table<'a>),
    Split(SplitTable<'a>),
}

/// Opens a bulk table for the fast path when its header line is plain (no quote,
/// shorter than [`MAX_LINE_BYTES`], ended by a line break); otherwise as [`open`].
fn open_split<'a>(
    input: Option<Input<'a>>,
    role: &str,
    cols: &'static [Col],
    l: &mut Loader,
    meter: Meter<'_, 'a>,
) -> Result<Option<Opened<'a>>, CsvError> {
    let Some((file, len, mut reader)) = source(input, role, l, meter)? else { return Ok(None) };
    let mut read = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        if let Some(i) = memchr::memchr(b'\n', &read) {
            break Some(i + 1);
        }
        if read.len() as u64 > MAX_LINE_BYTES {
            break None;
        }
        match reader.read(&mut chunk) {
            Ok(0) => break None,
            Ok(n) => read.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            // The reference reader meets the error again (replayed) and reports it.
            Err(e) => {
                let replay = std::io::Cursor::new(read).chain(ReplayError(Some(e)));
                return Ok(Table::open(file, len, Box::new(replay), cols, &mut l.sink).map(Opened::Whole));
            }
        }
    };
    // A blank first line is skipped by the reference reader (the header is on a later
    // line): such a table is read whole by it, and so is one with a quote in its header.
    let plain = header_end.filter(|&e| e > 1 && !read[..e].contains(&b'"'));
    let Some(end) = plain else {
        let whole = std::io::Cursor::new(read).chain(reader);
        return Ok(Table::open(file, len, Box::new(whole), cols, &mut l.sink).map(Opened::Whole));
    };
    let rest = read.split_off(end);
    let head = Table::open(file, len, Box::new(std::io::Cursor::new(read.clone())), cols, &mut l.sink);
    Ok(head.map(|head| {
        Opened::Split(SplitTable {
            head,
            header: read,
            rows: Box::new(std::io::Cursor::new(rest).chain(reader)),
            len,
        })
    }))
}

/// A reader that fails once with the error it holds.
struct ReplayError(Option<std::io::Error>);

impl Read for ReplayError {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// The progress meter an import reports to, if any.
type Meter<'m, 'a> = Option<&'m std::rc::Rc<std::cell::RefCell<progress::Meter<'a>>>>;

/// A table's name in errors, its stored length and its reader.
type Source<'a> = (String, Option<u64>, Box<dyn Read + 'a>);

/// Where a table comes from: its name in errors, its stored length and a reader;
/// `Ok(None)` when not given or once the problem limit is reached.
fn source<'a>(
    input: Option<Input<'a>>,
    role: &str,
    l: &mut Loader,
    meter: Meter<'_, 'a>,
) -> Result<Option<Source<'a>>, CsvError> {
    let Some(input) = input else { return Ok(None) };
    if l.sink.full() {
        l.sink.truncated = true;
        return Ok(None);
    }
    let (file, len, reader): (String, Option<u64>, Box<dyn Read + 'a>) = match input {
        Input::Reader(r) => (role.to_owned(), None, r),
        Input::Path(p) => {
            let file = p.display().to_string();
            let f = std::fs::File::open(&p).map_err(|source| CsvError::Io { file: file.clone(), source })?;
            let meta = f.metadata().map_err(|source| CsvError::Io { file: file.clone(), source })?;
            if meta.is_dir() {
                let source =
                    std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder, not a CSV file");
                return Err(CsvError::Io { file, source });
            }
            (file, Some(stored_len(&meta)), Box::new(f))
        }
    };
    let reader = match meter {
        Some(meter) => progress::counted(reader, meter),
        None => reader,
    };
    Ok(Some((file, len, reader)))
}

/// The bytes a file holds on disk, for estimating its rows: its length, but no more
/// than its allocated blocks where the system says (a sparse file's holes are not
/// rows).
fn stored_len(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.len().min(meta.blocks().saturating_mul(512))
    }
    #[cfg(not(unix))]
    {
        meta.len()
    }
}

impl Graph {
    /// Imports the CSV tables in folder `dir`: `actors.csv`, `relations.csv`,
    /// `statements.csv`, `sources.csv` and `events.csv`, each if present; see
    /// [`CsvImport`].
    ///
    /// ```
    /// # let dir = std::env::temp_dir().join(format!("stancegraph-csvdir-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("actors.csv"), "id,name,kind\natlantis,Atlantis,state\n")?;
    /// let graph = stancegraph::Graph::load_csv_dir(&dir)?;
    /// assert_eq!(graph.actor_count(), 1);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`CsvError::Io`] naming `dir` if it is missing, not a folder or holds none of
    /// the tables; naming the table if one cannot be read or is not a file (a folder
    /// called `actors.csv`); otherwise as [`CsvImport::build`].
    pub fn load_csv_dir(dir: impl AsRef<Path>) -> Result<Graph, CsvError> {
        CsvImport::from_dir(dir)?.build()
    }
}
