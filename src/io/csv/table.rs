//! One CSV table: header mapping, field access that checks UTF-8, and the
//! problem list every table reports into.
//!
//! **The end of the input.** The csv crate closes a quoted field that the input
//! leaves open when the input ends, so an unbalanced `"` would take every row after
//! it into one field, and a file cut inside a quoted field would read as complete.
//! [`Framed`] therefore follows the input with a marker line ([`END`]) that cannot
//! be UTF-8 text: read as its own row, the input ended cleanly; found at the end of
//! the last field, after a line break (which only a quoted field keeps), the input
//! ended inside quotes and the row is reported ([`CsvProblemKind::UnclosedQuote`]);
//! found at the end of the last field without one, the last line had no line end
//! and the marker is cut off. No byte of the input is looked at twice.

use std::io::{self, Read};

use ::csv::{ByteRecord, StringRecord};

/// A row, checked to be UTF-8.
pub(crate) type Row = StringRecord;
use serde::de::DeserializeOwned;

use super::error::{CsvPosition, CsvProblem, CsvProblemKind};
use crate::error::clipped;

/// A column a table knows: its name, other accepted header spellings, and whether
/// it must be present.
pub(crate) struct Col {
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    pub(crate) required: bool,
}

/// How many rows [`Table::next`] reads ahead at a time, and the sample of
/// [`Table::estimate_rows`].
const BATCH: usize = 512;

/// The longest line a table may have; past it the table is not read further
/// ([`CsvProblemKind::LineTooLong`]), so that a file of one endless line (a sparse
/// file's hole reads as zero bytes) cannot take all memory.
pub const MAX_LINE_BYTES: u64 = 64 << 20;

/// At most this many rows are reserved ahead from a file's length: past it the
/// store grows as rows come, so a length that lies (a sparse file) costs nothing.
pub(crate) const MAX_RESERVED_ROWS: u64 = 1 << 22;

/// What the reader sees after the input: a row no input can hold (it is not UTF-8).
const MARK: &[u8] = b"\xFFstancegraph: end of input\xFF";
const END: &[u8] = b"\xFFstancegraph: end of input\xFF\n";

/// The payload of the I/O error that stops a line longer than [`MAX_LINE_BYTES`].
#[derive(Debug)]
struct LineTooLong;

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line is longer than {MAX_LINE_BYTES} bytes")
    }
}

impl std::error::Error for LineTooLong {}

/// The input, then [`END`]; counts the input's bytes and stops a line longer than
/// [`MAX_LINE_BYTES`]. The only work per read is a search for the first and the
/// last line break of what was read.
pub(crate) struct Framed<'a> {
    inner: Box<dyn Read + 'a>,
    /// Bytes of the input read so far; its length once `ended`.
    len: u64,
    ended: bool,
    /// How much of [`END`] has been handed out.
    end_at: usize,
    /// Bytes since the last line break.
    line: u64,
}

impl<'a> Framed<'a> {
    pub(crate) fn new(inner: Box<dyn Read + 'a>) -> Self {
        Framed { inner, len: 0, ended: false, end_at: 0, line: 0 }
    }

    /// Whether a row that ends at byte `pos` took bytes of [`END`].
    fn past_input(&self, pos: u64) -> bool {
        self.ended && pos > self.len
    }
}

impl Read for Framed<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.ended {
            let n = self.inner.read(buf)?;
            if n > 0 {
                let got = &buf[..n];
                self.len += n as u64;
                // The line under way ends at the first line break read (lines
                // within one read are shorter than the limit), the last one starts
                // after the last.
                let first = got.iter().position(|&b| b == b'\n').unwrap_or(n);
                let ended = self.line + first as u64;
                self.line = match got[first..].iter().rposition(|&b| b == b'\n') {
                    Some(i) => (n - 1 - first - i) as u64,
                    None => ended,
                };
                if ended > MAX_LINE_BYTES {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, LineTooLong));
                }
                return Ok(n);
            }
            self.ended = true;
        }
        let rest = END.get(self.end_at..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.end_at += n;
        Ok(n)
    }
}

/// What a row read from a [`Framed`] input is.
enum Ending {
    /// A row of the input (with the marker cut off if the last line had no line end).
    Row,
    /// The marker alone: the input ended before it.
    End,
    /// The input ended inside the quoted last field of this row.
    Unclosed,
}

/// Classifies `rec`, which ended at byte `pos`, and cuts the marker off its last
/// field when it is a row of the input.
fn ending(input: &Framed<'_>, pos: u64, rec: &mut ByteRecord, scratch: &mut Vec<u8>) -> Ending {
    if !input.past_input(pos) {
        return Ending::Row;
    }
    let n = rec.len();
    if n == 1 && rec.get(0) == Some(MARK) {
        return Ending::End;
    }
    let Some(last) = rec.get(n.wrapping_sub(1)) else { return Ending::End };
    if last.ends_with(END) {
        return Ending::Unclosed;
    }
    let Some(kept) = last.strip_suffix(MARK) else { return Ending::End };
    scratch.clear();
    scratch.extend_from_slice(kept);
    rec.truncate(n - 1);
    rec.push_field(scratch);
    Ending::Row
}

/// A problem was recorded; the caller skips what depended on the value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reported;

pub(crate) type Checked<T> = Result<T, Reported>;

/// The problems found so far, up to a limit.
#[derive(Debug)]
pub(crate) struct Sink {
    pub(crate) problems: Vec<CsvProblem>,
    limit: usize,
    pub(crate) truncated: bool,
}

impl Sink {
    pub(crate) fn new(limit: usize) -> Self {
        Sink { problems: Vec::new(), limit: limit.max(1), truncated: false }
    }

    pub(crate) fn push(&mut self, position: CsvPosition, kind: CsvProblemKind) -> Reported {
        if self.problems.len() < self.limit {
            self.problems.push(CsvProblem { position, kind });
        } else {
            self.truncated = true;
        }
        Reported
    }

    /// Whether the limit is reached: reading stops.
    pub(crate) fn full(&self) -> bool {
        self.problems.len() >= self.limit
    }
}

/// A CSV reader with its header resolved against the table's columns.
pub(crate) struct Table<'a> {
    pub(crate) file: String,
    reader: ::csv::Reader<Framed<'a>>,
    cols: &'static [Col],
    /// For each known column, its index in the rows.
    index: Vec<Option<usize>>,
    done: bool,
    /// The file's length, when known, to estimate the number of rows.
    len: Option<u64>,
    /// Rows read ahead: `ahead[ahead_pos..ahead_len]` are still to be handed out.
    ahead: Vec<Option<ByteRecord>>,
    ahead_pos: usize,
    ahead_len: usize,
    scratch: Vec<u8>,
    /// Added to the reader's line numbers: the reader starts inside the file when the
    /// fast path hands the rest of a table over (see `fast`).
    line_base: u64,
}

impl<'a> Table<'a> {
    /// Reads the header; `None` (with problems recorded) when the table cannot be read.
    pub(crate) fn open(
        file: String,
        len: Option<u64>,
        input: Box<dyn Read + 'a>,
        cols: &'static [Col],
        sink: &mut Sink,
    ) -> Option<Self> {
        // Rows end at `\n` only, and a `\r` before it is dropped from the last field
        // (see `Table::read`): with csv's default CRLF terminator a record's line
        // number is one short in files with `\r\n` line ends.
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .terminator(::csv::Terminator::Any(b'\n'))
            .buffer_capacity(1 << 16)
            .from_reader(Framed::new(input));
        let at = |line, column: Option<usize>, field: Option<&str>| CsvPosition {
            file: file.clone(),
            line,
            column,
            field: field.map(str::to_owned),
        };
        let mut header = ByteRecord::new();
        let mut scratch = Vec::new();
        let read = reader.read_byte_record(&mut header);
        let end = reader.position().byte();
        // Blank lines before the header are skipped: it is on the line they end at.
        let (ended, end_line) =
            (ending(reader.get_ref(), end, &mut header, &mut scratch), reader.position().line());
        let line = start_line(end_line, &header, !matches!(ended, Ending::Unclosed)).max(1);
        match (read, ended) {
            (_, Ending::Unclosed) => {
                sink.push(at(line, Some(header.len()), None), CsvProblemKind::UnclosedQuote);
                return None;
            }
            (Ok(false), _) | (_, Ending::End) => {
                sink.push(at(1, None, None), CsvProblemKind::NoHeader);
                return None;
            }
            (Ok(true), Ending::Row) => {}
            (Err(e), Ending::Row) => {
                let line = if e.position().is_some() { line } else { end_line };
                sink.push(at(line, None, None), malformed(&e));
                return None;
            }
        }
        let mut index = vec![None; cols.len()];
        let mut ok = true;
        for (i, cell) in header.iter().enumerate() {
            // Spreadsheets on some systems start UTF-8 files with a byte-order mark.
            let cell = if i == 0 { cell.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(cell) } else { cell };
            let name = String::from_utf8_lossy(cell);
            let name = name.trim();
            let known = cols.iter().position(|c| c.name == name || c.aliases.contains(&name));
            match known {
                Some(k) if index[k].is_none() => index[k] = Some(i),
                Some(_) => {
                    sink.push(
                        at(line, Some(i + 1), None),
                        CsvProblemKind::RepeatedColumn { column: clipped(name) },
                    );
                    ok = false;
                }
                None => {
                    sink.push(
                        at(line, Some(i + 1), None),
                        CsvProblemKind::UnknownColumn { column: clipped(name) },
                    );
                    ok = false;
                }
            }
        }
        for (c, i) in cols.iter().zip(&index) {
            if c.required && i.is_none() {
                sink.push(at(line, None, None), CsvProblemKind::MissingColumn { column: c.name });
                ok = false;
            }
        }
        ok.then_some(Table {
            file,
            reader,
            cols,
            index,
            done: false,
            len,
            ahead: Vec::new(),
            ahead_pos: 0,
            ahead_len: 0,
            scratch,
            line_base: 0,
        })
    }

    /// Counts the reader's lines from `base` on: its line `n` is the file's line
    /// `base + n`.
    pub(crate) fn set_line_base(&mut self, base: u64) {
        self.line_base = base;
    }

    /// The file line where row `rec` starts.
    pub(crate) fn line_of(&self, rec: &Row) -> u64 {
        rec.position().map_or(0, |p| p.line() + self.line_base)
    }

    /// The columns of the header, as field numbers.
    pub(crate) fn columns(&self) -> &[Option<usize>] {
        &self.index
    }

    /// The number of fields of the header (every row has as many).
    pub(crate) fn fields(&self) -> usize {
        self.index.iter().flatten().count()
    }

    /// Whether the header has column `col`.
    pub(crate) fn has(&self, col: usize) -> bool {
        self.index.get(col).is_some_and(Option::is_some)
    }

    /// Reads the next well-formed row into `rec`; `false` at the end, after an I/O
    /// error, or once the problem limit is reached. Malformed rows and rows that are
    /// not UTF-8 are reported and skipped.
    ///
    /// Rows are read [`BATCH`] at a time as bytes, and each is checked to be UTF-8
    /// in one pass when handed out, rather than field by field.
    pub(crate) fn next(&mut self, sink: &mut Sink, rec: &mut Row) -> bool {
        loop {
            if self.ahead_pos == self.ahead_len && !self.refill(sink) {
                return false;
            }
            let slot = &mut self.ahead[self.ahead_pos];
            self.ahead_pos += 1;
            let Some(bytes) = slot.take() else { continue };
            match Row::from_byte_record(bytes) {
                Ok(row) => {
                    // The buffers go round: no allocation per row.
                    *slot = Some(std::mem::replace(rec, row).into_byte_record());
                    return true;
                }
                Err(e) => {
                    let (field, offset) = (e.utf8_error().field(), e.utf8_error().valid_up_to());
                    let bytes = e.into_byte_record();
                    let col = self.index.iter().position(|&i| i == Some(field));
                    let at = CsvPosition {
                        file: self.file.clone(),
                        line: bytes.position().map_or(0, |p| p.line() + self.line_base),
                        column: Some(field + 1),
                        field: col.and_then(|c| self.cols.get(c)).map(|c| c.name.to_owned()),
                    };
                    sink.push(at, CsvProblemKind::InvalidUtf8 { offset });
                    self.ahead[self.ahead_pos - 1] = Some(bytes);
                }
            }
        }
    }

    /// Reads the next batch of rows if every row read so far has been handed out;
    /// `true` if it read any.
    fn refill(&mut self, sink: &mut Sink) -> bool {
        if self.ahead_pos < self.ahead_len {
            return false;
        }
        let mut ahead = std::mem::take(&mut self.ahead);
        ahead.resize_with(BATCH, || None);
        let mut n = 0;
        while n < BATCH && self.read(sink, ahead[n].get_or_insert_with(ByteRecord::new)) {
            n += 1;
        }
        self.ahead = ahead;
        (self.ahead_pos, self.ahead_len) = (0, n);
        n > 0
    }

    /// Estimates how many rows the table has from its length and the rows of the
    /// first batch (which [`Table::next`] then hands out), at most
    /// [`MAX_RESERVED_ROWS`]; `None` when the length is unknown. A store sized once is
    /// not rehashed as it grows.
    pub(crate) fn estimate_rows(&mut self, sink: &mut Sink) -> Option<usize> {
        let len = self.len?;
        let start = self.reader.position().byte();
        self.refill(sink);
        let n = self.ahead_len as u64;
        if self.done || n == 0 {
            return usize::try_from(n).ok();
        }
        let end = self.reader.position().byte();
        let per_row = (end.saturating_sub(start) / n).max(1);
        let rest = len.saturating_sub(end) / per_row;
        // A little over: rows further in tend to have longer ids.
        usize::try_from((n + rest + rest / 32).min(MAX_RESERVED_ROWS)).ok()
    }

    fn read(&mut self, sink: &mut Sink, rec: &mut ByteRecord) -> bool {
        while !self.done {
            if sink.full() {
                // Rows are left unread: there may be more problems.
                sink.truncated = true;
                return false;
            }
            let read = self.reader.read_byte_record(rec);
            let end = self.reader.position().byte();
            let at = |line, column| CsvPosition { file: self.file.clone(), line, column, field: None };
            let ended = ending(self.reader.get_ref(), end, rec, &mut self.scratch);
            // The reader dates a row from where it stood before it, before the blank
            // lines it skipped: the row starts where its own lines do.
            let end_line = self.reader.position().line();
            let line = start_line(end_line, rec, !matches!(ended, Ending::Unclosed));
            if let Some(p) = rec.position() {
                let mut p = p.clone();
                let skipped = line.saturating_sub(p.line());
                p.set_byte(p.byte() + skipped).set_line(line);
                rec.set_position(Some(p));
            }
            match (read, ended) {
                (_, Ending::End) | (Ok(false), _) => self.done = true,
                (_, Ending::Unclosed) => {
                    // Everything from the opening quote on is in this row: nothing
                    // follows it.
                    self.done = true;
                    let col = rec.len() - 1;
                    let mut pos = at(line + self.line_base, Some(col + 1));
                    pos.field = self.column_name(col);
                    sink.push(pos, CsvProblemKind::UnclosedQuote);
                }
                (Ok(true), Ending::Row) => {
                    strip_cr(rec, &mut self.scratch);
                    return true;
                }
                (Err(e), Ending::Row) => {
                    let line = if e.position().is_some() { line } else { end_line } + self.line_base;
                    let kind = malformed(&e);
                    if matches!(e.kind(), ::csv::ErrorKind::Io(_)) {
                        self.done = true;
                    }
                    sink.push(at(line, None), kind);
                }
            }
        }
        false
    }

    /// The header name of the row's field `i`, if it is a known column.
    fn column_name(&self, i: usize) -> Option<String> {
        let col = self.index.iter().position(|&c| c == Some(i))?;
        self.cols.get(col).map(|c| c.name.to_owned())
    }

    /// The position of column `col` in row `rec`.
    pub(crate) fn at(&self, rec: &Row, col: Option<usize>) -> CsvPosition {
        CsvPosition {
            file: self.file.clone(),
            line: self.line_of(rec),
            column: col.and_then(|c| self.index.get(c).copied().flatten()).map(|i| i + 1),
            field: col.and_then(|c| self.cols.get(c)).map(|c| c.name.to_owned()),
        }
    }

    /// The position of column `col` on `line`.
    pub(crate) fn at_line(&self, line: u64, col: usize) -> CsvPosition {
        CsvPosition {
            file: self.file.clone(),
            line,
            column: self.index.get(col).copied().flatten().map(|i| i + 1),
            field: self.cols.get(col).map(|c| c.name.to_owned()),
        }
    }

    /// Records a problem with column `col` of row `rec`.
    pub(crate) fn report(&self, sink: &mut Sink, rec: &Row, col: usize, kind: CsvProblemKind) -> Reported {
        sink.push(self.at(rec, Some(col)), kind)
    }

    /// Column `col` as written, empty when the table has no such column.
    pub(crate) fn raw<'r>(&self, rec: &'r Row, col: usize) -> &'r str {
        self.index.get(col).copied().flatten().and_then(|i| rec.get(i)).unwrap_or("")
    }

    /// Column `col` as text; `None` when absent or empty.
    pub(crate) fn opt<'r>(&self, _sink: &mut Sink, rec: &'r Row, col: usize) -> Checked<Option<&'r str>> {
        let text = self.raw(rec, col);
        Ok((!text.is_empty()).then_some(text))
    }

    /// Column `col` as non-blank text.
    pub(crate) fn req<'r>(&self, sink: &mut Sink, rec: &'r Row, col: usize) -> Checked<&'r str> {
        match self.opt(sink, rec, col)? {
            Some(text) if !crate::build::is_blank(text) => Ok(text),
            _ => Err(self.report(sink, rec, col, CsvProblemKind::Empty)),
        }
    }

    /// Column `col` parsed by `parse`, `None` when empty.
    pub(crate) fn parsed<T, E: std::fmt::Display>(
        &self,
        sink: &mut Sink,
        rec: &Row,
        col: usize,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Checked<Option<T>> {
        match self.opt(sink, rec, col)? {
            None => Ok(None),
            Some(text) => parse(text).map(Some).map_err(|e| self.report(sink, rec, col, invalid(text, e))),
        }
    }
}

/// The line on which a row that was just read starts, from the reader's line after it
/// (`end_line`): less the line breaks inside its quoted fields, and less the one that
/// ended it when one did (`terminated`). The csv crate itself dates a row from where
/// it stood before reading it, before any blank lines it skipped on the way.
fn start_line(end_line: u64, rec: &ByteRecord, terminated: bool) -> u64 {
    let inside = memchr::memchr_iter(b'\n', rec.as_slice()).count() as u64;
    end_line.saturating_sub(inside + u64::from(terminated))
}

/// The problem a CSV reader error is: a line too long, or a malformed row.
fn malformed(e: &::csv::Error) -> CsvProblemKind {
    if let ::csv::ErrorKind::Io(io) = e.kind()
        && io.get_ref().is_some_and(|inner| inner.is::<LineTooLong>())
    {
        return CsvProblemKind::LineTooLong { limit: MAX_LINE_BYTES };
    }
    // The csv crate's own message names the line where its reader stood before the
    // row, before any blank lines: the problem's position names the row's own line.
    if let ::csv::ErrorKind::UnequalLengths { expected_len, len, .. } = e.kind() {
        let reason = format!("the row has {len} fields, the header {expected_len}");
        return CsvProblemKind::Malformed { reason };
    }
    CsvProblemKind::Malformed { reason: e.to_string() }
}

/// Drops the `\r` of a `\r\n` line end from the last field of `rec`.
fn strip_cr(rec: &mut ByteRecord, scratch: &mut Vec<u8>) {
    let n = rec.len();
    let Some(last) = rec.get(n.wrapping_sub(1)) else { return };
    let Some(kept) = last.strip_suffix(b"\r") else { return };
    scratch.clear();
    scratch.extend_from_slice(kept);
    rec.truncate(n - 1);
    rec.push_field(scratch);
}

/// An [`CsvProblemKind::Invalid`] for `value`.
pub(crate) fn invalid(value: &str, reason: impl std::fmt::Display) -> CsvProblemKind {
    CsvProblemKind::Invalid { value: clipped(value), reason: clipped(&reason.to_string()) }
}

/// Parses the few spellings of a serde enum (kinds, hedges, modes) once each:
/// a table repeats them on every row.
pub(crate) struct Names<T> {
    seen: Vec<(Box<[u8]>, T)>,
}

impl<T: DeserializeOwned + Copy> Names<T> {
    pub(crate) fn new() -> Self {
        Names { seen: Vec::new() }
    }

    pub(crate) fn parse(&mut self, text: &str) -> Result<T, String> {
        if let Some((_, v)) = self.seen.iter().find(|(k, _)| **k == *text.as_bytes()) {
            return Ok(*v);
        }
        let de = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(text);
        let v = T::deserialize(de).map_err(|e| e.to_string())?;
        // Spellings are few; a file of distinct junk must not grow this without bound.
        if self.seen.len() < 64 {
            self.seen.push((text.as_bytes().into(), v));
        }
        Ok(v)
    }
}

/// The hash for the import's key look-ups: foldhash, fast on short keys where
/// SipHash's start-up cost dominates (actor keys are looked up millions of times),
/// with a fixed seed. Not DoS-resistant: crafted keys can slow an import down, not
/// change its result.
pub(crate) type FxBuild = foldhash::fast::FixedState;
