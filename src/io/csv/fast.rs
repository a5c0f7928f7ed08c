//! The fast path for the bulk tables, actors, relations and statements: the table
//! is cut into blocks of whole lines, and blocks are parsed and validated two at a
//! time, one on each of two threads, then merged in order. Parsed blocks and block
//! buffers are reused, so the memory of the few in flight is touched once.
//!
//! The fast path only takes rows it can vouch for: a block with a quote character,
//! a line that is empty or has the wrong number of fields, bytes that are not UTF-8,
//! a value that does not parse, an unknown key, a statement's continuation row, a
//! blank-looking value, or anything else the reference reader ([`Table`]) might
//! treat differently, stops it. Every block before that one is merged; from that
//! block on, the reference reader reads the rest of the table (the blocks already
//! read, then the rest of the input), with the line numbers carried on. Problems are
//! therefore always found and reported by the reference reader, exactly as if it had
//! read the whole table, and a clean table gives exactly the records it would give.
//!
//! Within a block, rows are first cut into fields (a line has no quotes, so a comma
//! always ends a field), then the key-table slots of a few dozen rows' keys are
//! asked for before those keys are looked up ([`KeyIndex::prefetch`]): the look-ups
//! of millions of rows into a table of megabytes wait on memory, and several waits in
//! flight at once overlap.
//!
//! [`Table`]: super::table::Table

use std::io::Read;

use super::keys::{KeyIndex, hash};
use super::table::Names;
use string_interner::DefaultSymbol;

use crate::graph::{ActorId, ActorRec, NO_EXTRA, RelationRec, StatementChunk, StatementRec, key_hash};
use crate::model::{ActorKind, Hedge, RelationKind, StatementKind, TextMode};

/// Bytes per block.
pub(crate) const BLOCK: usize = 1 << 22;

#[cfg(test)]
thread_local! {
    /// The block size of this thread's imports, for tests of block boundaries.
    pub(crate) static TEST_BLOCK: std::cell::Cell<usize> = const { std::cell::Cell::new(BLOCK) };
}

/// Bytes per block ([`BLOCK`]; tests cut smaller ones).
fn block_size() -> usize {
    #[cfg(test)]
    return TEST_BLOCK.with(std::cell::Cell::get);
    #[cfg(not(test))]
    BLOCK
}

/// How many keys' slots are asked for before they are looked up.
pub(crate) const AHEAD: usize = 32;

/// Whole lines of a table.
pub(crate) struct Block {
    pub(crate) bytes: Vec<u8>,
    /// The file line of the first byte.
    pub(crate) first_line: u64,
    /// The block may end inside a statement's run of rows (so it must not be
    /// taken by the fast path).
    unsafe_end: bool,
}

/// Cuts a table's rows (after the header) into [`Block`]s.
pub(crate) struct Blocks<R> {
    input: R,
    carry: Vec<u8>,
    line: u64,
    eof: bool,
    /// An error reading the input, kept for the reference reader to report.
    error: Option<std::io::Error>,
    /// The field that holds the key whose runs must not be cut (statements).
    keyed: Option<usize>,
    /// Buffers of blocks already merged, to read the next blocks into: their memory
    /// is written once, not faulted in afresh for every block.
    spare: Vec<Vec<u8>>,
}

/// Field `col` of a quote-free line (without the trailing `\r` of a last field).
fn field(line: &[u8], col: usize) -> &[u8] {
    let f = line.split(|&b| b == b',').nth(col).unwrap_or_default();
    f.strip_suffix(b"\r").unwrap_or(f)
}

impl<R: Read> Blocks<R> {
    /// Blocks of `input`, whose first byte is on line `first_line`; `keyed` is the
    /// field whose runs of equal values must stay in one block.
    pub(crate) fn new(input: R, first_line: u64, keyed: Option<usize>) -> Self {
        Blocks {
            input,
            carry: Vec::new(),
            line: first_line,
            eof: false,
            error: None,
            keyed,
            spare: Vec::new(),
        }
    }

    /// The next block; `None` at the end, or after an error (kept for [`Blocks::rest`]).
    pub(crate) fn next_block(&mut self) -> Option<Block> {
        match self.read_block() {
            Ok(b) => b,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    fn read_block(&mut self) -> std::io::Result<Option<Block>> {
        if self.error.is_some() {
            return Ok(None);
        }
        // `read_to_end` fills the spare capacity without zeroing it first.
        let size = block_size();
        self.carry.reserve(size.saturating_sub(self.carry.len()));
        while !self.eof && self.carry.len() < size {
            let want = (size - self.carry.len()) as u64;
            let n = (&mut self.input).take(want).read_to_end(&mut self.carry)?;
            self.eof = n == 0;
        }
        if self.carry.is_empty() {
            return Ok(None);
        }
        let (cut, unsafe_end) = if self.eof { (self.carry.len(), false) } else { self.cut_point() };
        let mut rest = self.spare.pop().unwrap_or_default();
        rest.clear();
        rest.extend_from_slice(&self.carry[cut..]);
        self.carry.truncate(cut);
        let bytes = std::mem::replace(&mut self.carry, rest);
        let first_line = self.line;
        self.line += memchr::memchr_iter(b'\n', &bytes).count() as u64;
        Ok(Some(Block { bytes, first_line, unsafe_end }))
    }

    /// Where the block ends: after its last line break, or for keyed tables before
    /// the run of lines with the key of the last whole line. Blank lines do not end
    /// a run (the reference reader skips them, so rows with one key on either side
    /// of a blank line are one statement): they stay with the run.
    fn cut_point(&self) -> (usize, bool) {
        let b = &self.carry;
        let Some(last) = memchr::memrchr(b'\n', b) else { return (b.len(), true) };
        let Some(col) = self.keyed else { return (last + 1, false) };
        let start_of = |end: usize| memchr::memrchr(b'\n', &b[..end]).map_or(0, |i| i + 1);
        let blank = |line: &[u8]| line.is_empty() || line == b"\r";
        // Walk back line by line (`line..end` without its line break) from the last
        // whole line; `run` is the key of the run at the end of the block.
        let (mut line, mut end) = (start_of(last), last);
        let mut run: Option<&[u8]> = None;
        loop {
            let text = &b[line..end];
            if !blank(text) {
                let k = field(text, col);
                if k.contains(&b'"') {
                    break;
                }
                match run {
                    None => run = Some(k),
                    // This line ends the block; the run after it starts the next.
                    Some(r) if r != k => return (end + 1, false),
                    Some(_) => {}
                }
            }
            if line == 0 {
                break;
            }
            end = line - 1;
            line = start_of(end);
        }
        (last + 1, true)
    }

    /// The rest of the table from `pending` on: the bytes of those blocks, what was
    /// read past them, then the unread input (or the error that stopped reading it);
    /// and the line it starts on.
    pub(crate) fn rest(self, pending: Vec<Block>) -> (impl Read, u64) {
        let first = pending.first().map_or(self.line, |b| b.first_line);
        let mut bytes: Vec<u8> = Vec::new();
        for b in pending {
            bytes.extend_from_slice(&b.bytes);
        }
        bytes.extend_from_slice(&self.carry);
        let tail = Failing { error: self.error, input: self.input };
        (std::io::Cursor::new(bytes).chain(tail), first)
    }

    /// Starts with `buffers` to read blocks into (see [`Pool`]).
    pub(crate) fn with_buffers(mut self, buffers: Vec<Vec<u8>>) -> Self {
        self.spare = buffers;
        self
    }

    /// The buffers, once every block is merged (see [`Pool`]).
    pub(crate) fn take_buffers(&mut self) -> Vec<Vec<u8>> {
        let mut buffers = std::mem::take(&mut self.spare);
        if buffers.len() < IN_FLIGHT && self.carry.capacity() > 0 {
            buffers.push(std::mem::take(&mut self.carry));
        }
        buffers
    }

    /// Gives back the buffer of a block that was merged, for a later block.
    pub(crate) fn recycle(&mut self, mut bytes: Vec<u8>) {
        if self.spare.len() < IN_FLIGHT {
            bytes.clear();
            self.spare.push(bytes);
        }
    }

    /// Whether reading stopped on an error.
    pub(crate) fn failed(&self) -> bool {
        self.error.is_some()
    }
}

/// The input, or the error that stopped reading it (returned once).
struct Failing<R> {
    error: Option<std::io::Error>,
    input: R,
}

impl<R: Read> Read for Failing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.error.take() {
            Some(e) => Err(e),
            None => self.input.read(buf),
        }
    }
}

/// Blocks read ahead of the one being merged, at most.
const IN_FLIGHT: usize = 4;

/// Parses blocks on two worker threads while this one reads the input and merges
/// the parsed blocks in order, until the input ends (`None`) or a block is refused,
/// by `parse` or by `merge` (which must then change nothing): then the blocks not
/// merged, that one first (`Some`, empty if reading failed after the last merge),
/// for the reference reader.
///
/// `parse` fills an output (`T`, emptied first) and says whether it vouches for the
/// block; `merge` takes what it needs from it. Outputs and block buffers go round:
/// once merged they carry the next blocks, so the memory of the few in flight is
/// faulted in once, not once per block, and nothing is freed and allocated again
/// per block.
pub(crate) fn run<R: Read, S: Send, T: Send + Default>(
    blocks: &mut Blocks<R>,
    states: &mut [S; 2],
    parse: &(dyn Fn(&Block, &mut S, &mut T) -> bool + Sync),
    mut merge: impl FnMut(&mut T, &Block) -> bool,
) -> Option<Vec<Block>> {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, PoisonError, mpsc};

    let (jobs, job_queue) = mpsc::channel::<(usize, Block, T)>();
    let job_queue = Mutex::new(job_queue);
    let (done, results) = mpsc::channel::<(usize, Block, T, bool)>();
    std::thread::scope(|scope| {
        for state in states.iter_mut() {
            let (done, job_queue) = (done.clone(), &job_queue);
            scope.spawn(move || {
                loop {
                    let job = job_queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok((seq, block, mut out)) = job else { break };
                    let ok = parse(&block, state, &mut out);
                    if done.send((seq, block, out, ok)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let (mut sent, mut merged) = (0, 0);
        let mut input_done = false;
        let mut parsed: BTreeMap<usize, (Block, T, bool)> = BTreeMap::new();
        let mut outputs: Vec<T> = Vec::new();
        let refused = 'merge: loop {
            while !input_done && sent - merged < IN_FLIGHT {
                match blocks.next_block() {
                    Some(block) => {
                        if jobs.send((sent, block, outputs.pop().unwrap_or_default())).is_err() {
                            break;
                        }
                        sent += 1;
                    }
                    None => input_done = true,
                }
            }
            if merged == sent {
                break None;
            }
            let Ok((seq, block, out, ok)) = results.recv() else { break None };
            parsed.insert(seq, (block, out, ok));
            while let Some((block, mut out, ok)) = parsed.remove(&merged) {
                if !(ok && merge(&mut out, &block)) {
                    break 'merge Some(block);
                }
                merged += 1;
                blocks.recycle(block.bytes);
                outputs.push(out);
            }
        };
        // No more work: the workers finish what they hold, then stop.
        drop(jobs);
        let refused = refused?;
        let mut rest = vec![refused];
        parsed.extend(results.iter().map(|(seq, block, out, ok)| (seq, (block, out, ok))));
        rest.extend(parsed.into_values().map(|(block, ..)| block));
        Some(rest)
    })
    .or_else(|| blocks.failed().then(Vec::new))
}

/// How many rows a table of `len` bytes holds, estimated from a block of `bytes`
/// bytes holding `rows` rows, a little over, and at most what the reference reader
/// reserves ([`MAX_RESERVED_ROWS`](super::table::MAX_RESERVED_ROWS)).
pub(crate) fn estimate_rows(len: Option<u64>, rows: usize, bytes: usize) -> usize {
    let (Some(len), Some(per_row)) = (len, bytes.checked_div(rows.max(1))) else { return rows };
    let estimate = len / per_row.max(1) as u64;
    usize::try_from((estimate + estimate / 32).min(super::table::MAX_RESERVED_ROWS)).unwrap_or(rows)
}

/// The lines of a block that the fast path may take, cut into fields: `bounds`
/// holds, per row, the start of each field and the end of the last (`fields + 1`
/// numbers). The number of rows and the block as text; `None` if any line is not
/// plain.
fn split<'b>(block: &'b Block, fields: usize, bounds: &mut Vec<u32>) -> Option<(usize, &'b str)> {
    bounds.clear();
    let bytes = &block.bytes;
    if block.unsafe_end || bytes.len() >= u32::MAX as usize || memchr::memchr(b'"', bytes).is_some() {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let (mut rows, mut start, mut n) = (0, 0, 1);
    bounds.push(0);
    // One pass over the block for both separators: a call per field would cost more
    // than the field.
    let ends =
        memchr::memchr2_iter(b',', b'\n', bytes).chain((bytes.last() != Some(&b'\n')).then_some(bytes.len()));
    for at in ends {
        if bytes.get(at) == Some(&b',') {
            bounds.push(at as u32 + 1);
            n += 1;
            continue;
        }
        // A line ends at `at`; a `\r` before it belongs to the line end.
        let end = if at > start && bytes[at - 1] == b'\r' { at - 1 } else { at };
        if end == start || n != fields {
            return None;
        }
        bounds.push(end as u32 + 1);
        rows += 1;
        start = at + 1;
        n = 1;
        if start < bytes.len() {
            bounds.push(start as u32);
        }
    }
    Some((rows, text))
}

/// Whether a value is certainly not blank under any rule the reference reader
/// applies (`trim`, `is_blank`): it starts and ends with a visible ASCII character.
fn plainly_filled(v: &str) -> bool {
    let b = v.as_bytes();
    matches!((b.first(), b.last()), (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic())
}

/// Value `col` of row `r` (empty when the table has no such column).
fn value<'a>(text: &'a str, bounds: &[u32], fields: usize, r: usize, col: Option<usize>) -> &'a str {
    let Some(f) = col else { return "" };
    let at = r * (fields + 1) + f;
    let (a, z) = (bounds[at] as usize, bounds[at + 1] as usize - 1);
    text.get(a..z).unwrap_or_default()
}

/// Looks up every key of `keys`, slices of the block `text`, into `out` (emptied
/// first), [`AHEAD`] at a time: first a tight loop that hashes each and asks for its
/// slot (prefetches, so their cache misses overlap), then the look-ups, which find
/// the slots in cache and read each key's bytes in place ([`KeyIndex::get_within`]);
/// `None` if a key is unknown.
fn resolve<'k>(
    index: &KeyIndex,
    text: &str,
    keys: impl IntoIterator<Item = &'k str>,
    out: &mut Vec<ActorId>,
) -> Option<()> {
    out.clear();
    let mut keys = keys.into_iter();
    let mut group = [("", 0u64); AHEAD];
    loop {
        let mut n = 0;
        // `group` first: its end stops the zip before a key is taken.
        for (slot, k) in group.iter_mut().zip(&mut keys) {
            let h = hash(k);
            index.prefetch(h);
            *slot = (k, h);
            n += 1;
        }
        if n == 0 {
            break;
        }
        for &(k, h) in &group[..n] {
            out.push(ActorId::from_index(index.get_within(text, k, h)?));
        }
    }
    Some(())
}

/// What a worker keeps between blocks: reused buffers and the spellings of the enum
/// columns seen so far.
pub(crate) struct Worker {
    bounds: Vec<u32>,
    /// The actors of two key columns, row by row.
    ids: [Vec<ActorId>; 2],
    statement_kinds: Names<StatementKind>,
    modes: Names<TextMode>,
    hedges: Names<Hedge>,
    relation_kinds: Names<RelationKind>,
    actor_kinds: Names<ActorKind>,
    stances: Stances,
}

/// The stance values seen so far with what they parse to: a table holds a few
/// (-1, -0.5, 0, 0.5, 1 …) millions of times, and a comparison of a few bytes is
/// cheaper than parsing a float.
#[derive(Default)]
struct Stances {
    seen: Vec<([u8; 8], u8, f64)>,
}

impl Stances {
    /// The value of `text` as `str::parse::<f64>` gives it.
    fn parse(&mut self, text: &str) -> Option<f64> {
        let b = text.as_bytes();
        let mut short = [0u8; 8];
        if let Some(prefix) = short.get_mut(..b.len()) {
            prefix.copy_from_slice(b);
            if let Some(&(_, _, x)) =
                self.seen.iter().find(|(s, n, _)| *s == short && usize::from(*n) == b.len())
            {
                return Some(x);
            }
        }
        let x = text.parse::<f64>().ok()?;
        // Spellings are few; a table of distinct values must not grow this.
        if b.len() <= short.len() && self.seen.len() < 16 {
            self.seen.push((short, b.len() as u8, x));
        }
        Some(x)
    }
}

/// What the fast path's tables share in one import: the buffers of the blocks in
/// flight and the two workers' scratch, so the memory one table's blocks were read
/// into carries the next table's blocks, faulted in once per import rather than
/// once per table (at large scale some 3,500 page faults fewer, about 14 MB).
#[derive(Default)]
pub(crate) struct Pool {
    pub(crate) buffers: Vec<Vec<u8>>,
    pub(crate) workers: [Worker; 2],
}

impl Default for Worker {
    fn default() -> Self {
        Worker::new()
    }
}

impl Worker {
    pub(crate) fn new() -> Self {
        Worker {
            bounds: Vec::new(),
            ids: [Vec::new(), Vec::new()],
            statement_kinds: Names::new(),
            modes: Names::new(),
            hedges: Names::new(),
            relation_kinds: Names::new(),
            actor_kinds: Names::new(),
            stances: Stances::default(),
        }
    }
}

/// The statements of a block, ready to append to the store (one row each:
/// continuation rows are left to the reference reader), and the rows that have a
/// text, with its place in the block.
#[derive(Default)]
pub(crate) struct StatementBlock {
    pub(crate) chunk: StatementChunk,
    pub(crate) texts: Vec<(usize, (u32, u32))>,
}

/// The statement columns the fast path reads, in `STATEMENT_COLS` order up to
/// `hedge`; the other columns must be absent.
pub(crate) struct StatementColumns {
    pub(crate) key: Option<usize>,
    pub(crate) speaker: Option<usize>,
    pub(crate) target: Option<usize>,
    pub(crate) stance: Option<usize>,
    pub(crate) date: Option<usize>,
    pub(crate) order: Option<usize>,
    pub(crate) kind: Option<usize>,
    pub(crate) mode: Option<usize>,
    pub(crate) text: Option<usize>,
    pub(crate) hedge: Option<usize>,
    /// Fields per row.
    pub(crate) fields: usize,
}

/// Parses a block of statement rows into `out` (emptied first); `None` if the fast
/// path cannot vouch for every row.
pub(crate) fn statements(
    block: &Block,
    w: &mut Worker,
    c: &StatementColumns,
    actors: &KeyIndex,
    empty_text: DefaultSymbol,
    out: &mut StatementBlock,
) -> Option<()> {
    out.chunk.clear();
    out.texts.clear();
    let (rows, text) = split(block, c.fields, &mut w.bounds)?;
    let b = &w.bounds;
    let v = |r: usize, col: Option<usize>| value(text, b, c.fields, r, col);
    let [speaker_ids, target_ids] = &mut w.ids;
    resolve(actors, text, (0..rows).map(|r| v(r, c.speaker)), speaker_ids)?;
    resolve(actors, text, (0..rows).map(|r| v(r, c.target)).filter(|t| !t.is_empty()), target_ids)?;
    let mut next_target = 0;
    let ch = &mut out.chunk;
    ch.recs.reserve(rows);
    ch.key_ends.reserve(rows);
    ch.key_hashes.reserve(rows);
    let mut previous_key = "";
    for (r, &speaker) in speaker_ids.iter().enumerate() {
        let key = v(r, c.key);
        if !plainly_filled(key) || key == previous_key || !plainly_filled(v(r, c.speaker)) {
            return None;
        }
        previous_key = key;
        let (t, stance) = (v(r, c.target), v(r, c.stance));
        let targets_start = ch.target_actors.len() as u32;
        match (t.is_empty(), stance.is_empty()) {
            (true, true) => {}
            (false, false) if plainly_filled(t) => {
                let x = w.stances.parse(stance).filter(|x| (-1.0..=1.0).contains(x))?;
                ch.target_actors.push(*target_ids.get(next_target)?);
                ch.target_stances.push(x);
                next_target += 1;
            }
            _ => return None,
        }
        let date = super::load::parse_date(v(r, c.date)).ok()?;
        let order = match v(r, c.order) {
            "" => 0,
            o => o.parse::<u32>().ok()?,
        };
        let kind = match v(r, c.kind) {
            "" => StatementKind::Statement,
            k => w.statement_kinds.parse(k).ok()?,
        };
        let mode = match v(r, c.mode) {
            "" => TextMode::default(),
            m => w.modes.parse(m).ok()?,
        };
        let hedge = match v(r, c.hedge) {
            "" => Hedge::default(),
            h => w.hedges.parse(h).ok()?,
        };
        let words = v(r, c.text);
        if (mode == TextMode::Quote || !words.is_empty()) && !plainly_filled(words) {
            return None;
        }
        if !words.is_empty() {
            let at = words.as_ptr() as usize - text.as_ptr() as usize;
            out.texts.push((r, (at as u32, (at + words.len()) as u32)));
        }
        ch.key_bytes.push_str(key);
        ch.key_ends.push(u32::try_from(ch.key_bytes.len()).ok()?);
        ch.key_hashes.push(key_hash(key));
        ch.recs.push(StatementRec {
            speaker,
            date,
            order,
            kind,
            mode,
            hedge,
            // The store sets the text when it appends the chunk.
            text: empty_text,
            targets_start,
            extra: NO_EXTRA,
        });
    }
    Some(())
}

/// The relations of a block, ready to append, and the hierarchical ones among them
/// as `(from, to, line)`.
#[derive(Default)]
pub(crate) struct RelationBlock {
    pub(crate) relations: Vec<RelationRec>,
    pub(crate) hierarchy: Vec<(ActorId, ActorId, u64)>,
}

/// Parses a block of relation rows (`source,target,kind` columns only) into `out`
/// (emptied first); `None` if the fast path cannot vouch for every row.
pub(crate) fn relations(
    block: &Block,
    w: &mut Worker,
    cols: [Option<usize>; 3],
    fields: usize,
    actors: &KeyIndex,
    out: &mut RelationBlock,
) -> Option<()> {
    out.relations.clear();
    out.hierarchy.clear();
    let (rows, text) = split(block, fields, &mut w.bounds)?;
    let b = &w.bounds;
    let v = |r: usize, col: Option<usize>| value(text, b, fields, r, col);
    let [from_ids, to_ids] = &mut w.ids;
    resolve(actors, text, (0..rows).map(|r| v(r, cols[0])), from_ids)?;
    resolve(actors, text, (0..rows).map(|r| v(r, cols[1])), to_ids)?;
    out.relations.reserve(rows);
    for r in 0..rows {
        let kind = v(r, cols[2]);
        if !plainly_filled(v(r, cols[0]))
            || !plainly_filled(v(r, cols[1]))
            || !plainly_filled(kind)
            || from_ids[r] == to_ids[r]
        {
            return None;
        }
        let kind = w.relation_kinds.parse(kind).ok()?;
        if kind.is_hierarchical() {
            out.hierarchy.push((from_ids[r], to_ids[r], block.first_line + r as u64));
        }
        out.relations.push(RelationRec::new(from_ids[r], kind, to_ids[r]));
    }
    Some(())
}

/// The actor columns the fast path reads (`id`, `name`, `kind`, `parent`); the
/// other columns must be absent.
pub(crate) struct ActorColumns {
    pub(crate) key: Option<usize>,
    pub(crate) name: Option<usize>,
    pub(crate) kind: Option<usize>,
    pub(crate) parent: Option<usize>,
    /// Fields per row.
    pub(crate) fields: usize,
}

/// An actor read from a row, its key hashed: a name and a kind, as the fast path
/// takes only tables without the other actor columns (its record is made in the
/// actor map, [`NewActor::rec`]: a third of the size between the two).
pub(crate) struct NewActor {
    pub(crate) key: Box<str>,
    /// The key's [`hash`], for the import's key index.
    pub(crate) key_hash: u64,
    pub(crate) name: Box<str>,
    pub(crate) kind: ActorKind,
    /// The row in its block.
    pub(crate) row: u32,
    /// Where the row's `parent` key is in the block (empty: none).
    pub(crate) parent: (u32, u32),
}

impl NewActor {
    /// The actor's record: its name and kind, the rest empty.
    pub(crate) fn rec(name: Box<str>, kind: ActorKind) -> ActorRec {
        ActorRec {
            name,
            kind,
            aliases: Box::default(),
            description: None,
            citations: Box::default(),
            proposed: false,
            wikidata: None,
            country: None,
        }
    }
}

/// The actors of a block, in row order.
#[derive(Default)]
pub(crate) struct ActorBlock {
    pub(crate) actors: Vec<NewActor>,
}

/// Parses a block of actor rows into `out` (emptied first); `None` if the fast path
/// cannot vouch for every row. Keys are not checked for repeats here: the merge
/// does that, against the actors read before.
pub(crate) fn actors(block: &Block, w: &mut Worker, c: &ActorColumns, out: &mut ActorBlock) -> Option<()> {
    out.actors.clear();
    let (rows, text) = split(block, c.fields, &mut w.bounds)?;
    let b = &w.bounds;
    let v = |r: usize, col: Option<usize>| value(text, b, c.fields, r, col);
    out.actors.reserve(rows);
    for r in 0..rows {
        let (key, name, kind, parent) = (v(r, c.key), v(r, c.name), v(r, c.kind), v(r, c.parent));
        if !plainly_filled(key) || !plainly_filled(name) || !plainly_filled(kind) {
            return None;
        }
        if !parent.is_empty() && !plainly_filled(parent) {
            return None;
        }
        let kind = w.actor_kinds.parse(kind).ok()?;
        // Where a value of the block is (the block is shorter than `u32::MAX`).
        let place = |v: &str| {
            let at = v.as_ptr() as usize - text.as_ptr() as usize;
            (at as u32, (at + v.len()) as u32)
        };
        let parent = if parent.is_empty() { (0, 0) } else { place(parent) };
        out.actors.push(NewActor {
            key: key.into(),
            key_hash: hash(key),
            name: name.into(),
            kind,
            row: u32::try_from(r).ok()?,
            parent,
        });
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{BLOCK, Blocks, TEST_BLOCK};
    use crate::io::csv::CsvImport;

    fn cut(text: &str, keyed: Option<usize>) -> Vec<(String, u64, bool)> {
        let mut blocks = Blocks::new(text.as_bytes(), 2, keyed);
        let mut out = Vec::new();
        while let Some(b) = blocks.next_block() {
            out.push((String::from_utf8(b.bytes).expect("utf-8"), b.first_line, b.unsafe_end));
        }
        out
    }

    #[test]
    fn blocks_hold_whole_lines_and_keep_runs_of_a_key_together() {
        assert_eq!(cut("a,1\nb,2\n", Some(0)), [("a,1\nb,2\n".to_owned(), 2, false)]);
        // Lines long enough that a block holds a few of them.
        let long = "x".repeat(BLOCK / 4);
        let text = format!("s1,{long}\ns2,{long}\ns2,{long}\ns3,{long}\ns4,{long}\n");
        let blocks = cut(&text, Some(0));
        assert_eq!(blocks.iter().map(|b| b.0.as_str()).collect::<String>(), text);
        for pair in blocks.windows(2) {
            let last = pair[0].0.lines().last().expect("a line");
            let first = pair[1].0.lines().next().expect("a line");
            assert_ne!(last.split(',').next(), first.split(',').next());
            assert_eq!(pair[1].1, pair[0].1 + pair[0].0.matches('\n').count() as u64);
        }
        assert!(blocks.iter().all(|b| b.0.ends_with('\n') && !b.2));
        // A blank line inside a run does not end it: the rows on either side of it
        // are one statement to the reference reader, so they stay in one block.
        let text = format!("s1,{long}\ns2,{long}\n\ns2,{long}\ns3,{long}\ns4,{long}\n");
        let blocks = cut(&text, Some(0));
        assert_eq!(blocks.iter().map(|b| b.0.as_str()).collect::<String>(), text);
        let holding = |line: &str| blocks.iter().position(|b| b.0.lines().any(|l| l.starts_with(line)));
        assert_eq!(holding("s2,"), blocks.iter().rposition(|b| b.0.lines().any(|l| l.starts_with("s2,"))));
    }

    #[test]
    fn remembered_stances_parse_as_floats_do() {
        let mut stances = super::Stances::default();
        let texts: Vec<String> = (0..200).map(|i| format!("{}", f64::from(i % 41 - 20) / 20.0)).collect();
        for text in texts.iter().map(String::as_str).chain([
            "1e0",
            "-0",
            "+.5",
            "0.1000000000000000055511151231257827",
            "x",
            "",
        ]) {
            assert_eq!(stances.parse(text), text.parse::<f64>().ok(), "{text:?}");
            assert_eq!(stances.parse(text), text.parse::<f64>().ok(), "{text:?} again");
        }
        assert!(stances.seen.len() <= 16);
    }

    /// One statement row of the equivalence test, as text: anything goes.
    fn row() -> impl Strategy<Value = String> {
        let key = prop_oneof![8 => (0u8..40).prop_map(|i| format!("s{i}")), 1 => Just(" s1".to_owned()), 1 => Just(String::new())];
        let actor = prop_oneof![9 => (0u8..6).prop_map(|i| format!("a{i}")), 1 => Just("nobody".to_owned()), 1 => Just("\"a1\"".to_owned())];
        let stance =
            prop_oneof![Just("0.5"), Just("-1.0"), Just("1"), Just("2"), Just(""), Just("x"), Just("NaN")];
        let date =
            prop_oneof![Just("2022-01-10"), Just("2022-02"), Just("2022"), Just("2022-13-01"), Just("")];
        let end = prop_oneof![8 => Just("\n"), 1 => Just("\r\n"), 1 => Just("\n\n")];
        (key, actor.clone(), actor, stance, date, end).prop_map(|(k, s, t, st, d, e)| {
            let (t, st) = if st.is_empty() { (String::new(), st) } else { (t, st) };
            format!("{k},{s},{t},{st},{d}{e}")
        })
    }

    /// Mostly valid rows: keys ascend (a key repeats on the next row now and then: a
    /// continuation; or a few rows later: a repeated key), actors and values are good
    /// but for a rare unknown speaker.
    fn valid_rows() -> impl Strategy<Value = String> {
        let row = (0u8..6, 0u8..6, prop_oneof![Just("0.5"), Just("-1"), Just("")], 0u8..28, 0u8..50);
        proptest::collection::vec(row, 0..80).prop_map(|rows| {
            let mut out = String::new();
            let mut key = 0;
            for (s, t, st, day, dice) in rows {
                key += usize::from(dice != 0);
                let (t, st) = if st.is_empty() { (String::new(), st) } else { (format!("a{t}"), st) };
                let s = if dice == 1 { "nobody".to_owned() } else { format!("a{s}") };
                let k = if dice == 2 && key > 3 { key - 3 } else { key };
                out.push_str(&format!("s{k},{s},{t},{st},2022-02-{:02}\n", day + 1));
            }
            out
        })
    }

    fn import(actors: &str, relations: &str, statements: &str) -> Result<crate::Graph, String> {
        CsvImport::new()
            .actors(actors.as_bytes())
            .relations(relations.as_bytes())
            .statements(statements.as_bytes())
            .build()
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn texts_kinds_and_orders_read_as_by_the_reference_reader() {
        let actors = "id,name,kind\na0,A0,state\na1,A1,state\n";
        let mut rows = String::new();
        for i in 0..300 {
            let text = ["", "a quote", "another", "a quote"][i % 4];
            let mode = if text.is_empty() { "" } else { ["quote", "paraphrase"][i % 2] };
            let kind = ["", "protest", "statement"][i % 3];
            rows.push_str(&format!(
                "s{i},a{},a{},0.5,2031-05-{:02},{},{kind},{mode},{text},likely\n",
                i % 2,
                (i + 1) % 2,
                i % 28 + 1,
                i % 5
            ));
        }
        let header = "id,speaker,target,stance,date,order,kind,mode,text,hedge\n";
        for block in [40, 100, BLOCK] {
            TEST_BLOCK.with(|b| b.set(block));
            let fast = import(actors, "source,target,kind\n", &format!("{header}{rows}")).expect("valid");
            let reference = import(actors, "source,target,kind\n", &format!("\"id\"{}{rows}", &header[2..]))
                .expect("valid");
            TEST_BLOCK.with(|b| b.set(BLOCK));
            assert!(fast == reference, "block {block}");
            assert_eq!(fast.snapshot_bytes(), reference.snapshot_bytes(), "block {block}");
            assert_eq!(fast.statement_by_key("s2").map(|s| s.text().to_owned()), Some("another".to_owned()));
        }
    }

    /// Imports the `fast` tables (actors, relations, statements) with blocks of
    /// `block` bytes and the `reference` ones (quoted headers: the reference reader),
    /// and checks they give the same graph or the same problems.
    fn read_alike(block: usize, fast: [&str; 3], reference: [&str; 3]) -> Result<(), TestCaseError> {
        TEST_BLOCK.with(|b| b.set(block));
        let fast = import(fast[0], fast[1], fast[2]);
        let reference = import(reference[0], reference[1], reference[2]);
        TEST_BLOCK.with(|b| b.set(BLOCK));
        match (&fast, &reference) {
            (Ok(f), Ok(r)) => {
                prop_assert!(f == r);
                prop_assert_eq!(f.snapshot_bytes(), r.snapshot_bytes());
            }
            _ => prop_assert_eq!(fast.map(|_| ()), reference.map(|_| ())),
        }
        Ok(())
    }

    /// One actor row of the equivalence test: repeated, blank, padded or quoted
    /// keys, bad kinds, unknown, missing and own parents, blank lines.
    fn actor_row() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            12 => (0u8..12).prop_map(|i| format!("a{i}")),
            1 => Just(" a1".to_owned()),
            1 => Just(String::new()),
            1 => Just("\"a2\"".to_owned()),
        ];
        let name = prop_oneof![8 => Just("Name"), 1 => Just(""), 1 => Just(" "), 1 => Just("Two words"), 1 => Just("Émile")];
        let kind = prop_oneof![8 => Just("state"), 4 => Just("org"), 4 => Just("person"), 1 => Just(""), 1 => Just("planet"), 1 => Just(" state")];
        let parent = prop_oneof![
            6 => Just(String::new()),
            6 => (0u8..12).prop_map(|i| format!("a{i}")),
            1 => Just("nobody".to_owned()),
            1 => Just(" a3".to_owned()),
        ];
        let end = prop_oneof![10 => Just("\n"), 1 => Just("\r\n"), 1 => Just("\n\n")];
        (key, name, kind, parent, end).prop_map(|(k, n, kind, p, e)| format!("{k},{n},{kind},{p}{e}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The actors table read by the fast path gives what the reference reader
        /// gives (a quoted header sends the table to it): the same graph, or the same
        /// problems at the same places, with block boundaries anywhere, including
        /// blocks undone for a key repeated from an earlier block.
        #[test]
        fn actor_tables_read_as_by_the_reference_reader(
            rows in proptest::collection::vec(actor_row(), 0..50),
            block in 16usize..160,
        ) {
            let rows = rows.concat();
            let relations = "source,target,kind\na0,a1,ally\n";
            let statements = "id,speaker,target,stance,date\ns1,a1,a0,0.5,2022-01-10\n";
            let plain = format!("id,name,kind,parent\n{rows}");
            let quoted = format!("\"id\",name,kind,parent\n{rows}");
            read_alike(block, [&plain, relations, statements], [&quoted, relations, statements])?;
        }

        /// The fast path gives what the reference reader gives: the same graph, or
        /// the same problems at the same places. A quoted header sends a table to
        /// the reference reader; small blocks put block boundaries and fallbacks
        /// anywhere.
        #[test]
        fn the_fast_path_reads_as_the_reference_reader(
            rows in proptest::collection::vec(row(), 0..60),
            relations in proptest::collection::vec(
                (0u8..7, 0u8..7, prop_oneof![Just("ally"), Just("member_of"), Just("allied")]),
                0..30,
            ),
            block in 24usize..200,
            valid in (any::<bool>(), valid_rows()),
        ) {
            let actor_rows = "a0,A0,state,\na1,A1,state,\na2,A2,org,a0\na3,A3,person,a2\na4,A4,org,a1\na5,A5,person,a4\n";
            let actors = format!("id,name,kind,parent\n{actor_rows}");
            let quoted_actors = format!("\"id\",name,kind,parent\n{actor_rows}");
            let mut rels = String::new();
            for (a, b, k) in &relations {
                rels.push_str(&format!("a{a},a{b},{k}\n"));
            }
            let statements: String = if valid.0 { valid.1.clone() } else { rows.concat() };
            let plain = (format!("source,target,kind\n{rels}"), format!("id,speaker,target,stance,date\n{statements}"));
            let quoted = (format!("\"source\",target,kind\n{rels}"), format!("\"id\",speaker,target,stance,date\n{statements}"));
            read_alike(block, [&actors, &plain.0, &plain.1], [&quoted_actors, &quoted.0, &quoted.1])?;
        }
    }
}
