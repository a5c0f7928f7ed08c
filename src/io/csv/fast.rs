//! The fast path for the two bulk tables, statements and relations: the table is
//! cut into blocks of whole lines, and blocks are parsed and validated two at a time,
//! one on each of two threads, then merged in order.
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
//! always ends a field), then keys are looked up a few rows ahead of their use
//! ([`KeyIndex::touch`]): the look-ups of millions of rows into a table of megabytes
//! wait on memory, and several waits in flight at once overlap.
//!
//! [`Table`]: super::table::Table

use std::io::Read;

use super::keys::{KeyIndex, hash};
use super::table::Names;
use string_interner::DefaultSymbol;

use crate::graph::{ActorId, NO_EXTRA, RelationRec, StatementChunk, StatementRec, key_hash};
use crate::model::{Hedge, RelationKind, StatementKind, TextMode};

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

/// How many keys are touched before they are looked up.
const AHEAD: usize = 32;

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
        Blocks { input, carry: Vec::new(), line: first_line, eof: false, error: None, keyed }
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
        let rest = self.carry.split_off(cut);
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
pub(crate) fn run<R: Read, S: Send, T: Send>(
    blocks: &mut Blocks<R>,
    states: &mut [S; 2],
    parse: &(dyn Fn(&Block, &mut S) -> Option<T> + Sync),
    mut merge: impl FnMut(T, &Block) -> bool,
) -> Option<Vec<Block>> {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, PoisonError, mpsc};

    let (jobs, job_queue) = mpsc::channel::<(usize, Block)>();
    let job_queue = Mutex::new(job_queue);
    let (done, results) = mpsc::channel::<(usize, Block, Option<T>)>();
    std::thread::scope(|scope| {
        for state in states.iter_mut() {
            let (done, job_queue) = (done.clone(), &job_queue);
            scope.spawn(move || {
                loop {
                    let job = job_queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok((seq, block)) = job else { break };
                    let parsed = parse(&block, state);
                    if done.send((seq, block, parsed)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let (mut sent, mut merged) = (0, 0);
        let mut input_done = false;
        let mut parsed: BTreeMap<usize, (Block, Option<T>)> = BTreeMap::new();
        let refused = 'merge: loop {
            while !input_done && sent - merged < IN_FLIGHT {
                match blocks.next_block() {
                    Some(block) => {
                        if jobs.send((sent, block)).is_err() {
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
            let Ok((seq, block, result)) = results.recv() else { break None };
            parsed.insert(seq, (block, result));
            while let Some((block, result)) = parsed.remove(&merged) {
                if !result.is_some_and(|t| merge(t, &block)) {
                    break 'merge Some(block);
                }
                merged += 1;
            }
        };
        // No more work: the workers finish what they hold, then stop.
        drop(jobs);
        let refused = refused?;
        let mut rest = vec![refused];
        parsed.extend(results.iter().map(|(seq, block, result)| (seq, (block, result))));
        rest.extend(parsed.into_values().map(|(block, _)| block));
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
/// numbers). `None` if any line is not plain.
fn split(block: &Block, fields: usize, bounds: &mut Vec<u32>) -> Option<usize> {
    bounds.clear();
    let bytes = &block.bytes;
    if block.unsafe_end || bytes.len() >= u32::MAX as usize || memchr::memchr(b'"', bytes).is_some() {
        return None;
    }
    std::str::from_utf8(bytes).ok()?;
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
    Some(rows)
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

/// Looks up `keys[i]` for every row, [`AHEAD`] at a time: first a tight loop that
/// touches the slot of each (independent reads, so their cache misses overlap),
/// then the look-ups, which find the slots in cache; `None` if a key is unknown.
fn resolve(index: &KeyIndex, keys: &[&str]) -> Option<Vec<ActorId>> {
    let mut out = Vec::with_capacity(keys.len());
    let mut hashes = [0u64; AHEAD];
    let mut touched = 0u32;
    for group in keys.chunks(AHEAD) {
        for (h, k) in hashes.iter_mut().zip(group) {
            *h = hash(k);
            touched ^= index.touch(*h);
        }
        for (&h, k) in hashes.iter().zip(group) {
            out.push(ActorId::from_index(index.get_hashed(k, h)?));
        }
    }
    std::hint::black_box(touched);
    Some(out)
}

/// What a worker keeps between blocks: reused buffers and the spellings of the enum
/// columns seen so far.
pub(crate) struct Worker {
    bounds: Vec<u32>,
    statement_kinds: Names<StatementKind>,
    modes: Names<TextMode>,
    hedges: Names<Hedge>,
    relation_kinds: Names<RelationKind>,
}

impl Worker {
    pub(crate) fn new() -> Self {
        Worker {
            bounds: Vec::new(),
            statement_kinds: Names::new(),
            modes: Names::new(),
            hedges: Names::new(),
            relation_kinds: Names::new(),
        }
    }
}

/// The statements of a block, ready to append to the store (one row each:
/// continuation rows are left to the reference reader), and the rows that have a
/// text, with its place in the block.
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

/// Parses a block of statement rows; `None` if the fast path cannot vouch for
/// every row.
pub(crate) fn statements(
    block: &Block,
    w: &mut Worker,
    c: &StatementColumns,
    actors: &KeyIndex,
    empty_text: DefaultSymbol,
) -> Option<StatementBlock> {
    let rows = split(block, c.fields, &mut w.bounds)?;
    let text = std::str::from_utf8(&block.bytes).ok()?;
    let b = &w.bounds;
    let v = |r: usize, col: Option<usize>| value(text, b, c.fields, r, col);
    let speakers: Vec<&str> = (0..rows).map(|r| v(r, c.speaker)).collect();
    let targets: Vec<&str> = (0..rows).map(|r| v(r, c.target)).filter(|t| !t.is_empty()).collect();
    let speaker_ids = resolve(actors, &speakers)?;
    let target_ids = resolve(actors, &targets)?;
    let mut next_target = 0;
    let mut out = StatementBlock { chunk: StatementChunk::default(), texts: Vec::new() };
    let ch = &mut out.chunk;
    ch.recs.reserve(rows);
    ch.key_ends.reserve(rows);
    ch.key_hashes.reserve(rows);
    let mut previous_key = "";
    for r in 0..rows {
        let key = v(r, c.key);
        if !plainly_filled(key) || key == previous_key || !plainly_filled(speakers[r]) {
            return None;
        }
        previous_key = key;
        let (t, stance) = (v(r, c.target), v(r, c.stance));
        let targets_start = ch.target_actors.len() as u32;
        match (t.is_empty(), stance.is_empty()) {
            (true, true) => {}
            (false, false) if plainly_filled(t) => {
                let x = stance.parse::<f64>().ok().filter(|x| (-1.0..=1.0).contains(x))?;
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
            speaker: speaker_ids[r],
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
    Some(out)
}

/// The relations of a block, ready to append, and the hierarchical ones among them
/// as `(from, to, line)`.
pub(crate) struct RelationBlock {
    pub(crate) relations: Vec<RelationRec>,
    pub(crate) hierarchy: Vec<(ActorId, ActorId, u64)>,
}

/// Parses a block of relation rows (`source,target,kind` columns only); `None` if
/// the fast path cannot vouch for every row.
pub(crate) fn relations(
    block: &Block,
    w: &mut Worker,
    cols: [Option<usize>; 3],
    fields: usize,
    actors: &KeyIndex,
) -> Option<RelationBlock> {
    let rows = split(block, fields, &mut w.bounds)?;
    let text = std::str::from_utf8(&block.bytes).ok()?;
    let b = &w.bounds;
    let v = |r: usize, col: Option<usize>| value(text, b, fields, r, col);
    let from: Vec<&str> = (0..rows).map(|r| v(r, cols[0])).collect();
    let to: Vec<&str> = (0..rows).map(|r| v(r, cols[1])).collect();
    let (from_ids, to_ids) = (resolve(actors, &from)?, resolve(actors, &to)?);
    let mut out = RelationBlock { relations: Vec::with_capacity(rows), hierarchy: Vec::new() };
    for r in 0..rows {
        let kind = v(r, cols[2]);
        if !plainly_filled(from[r])
            || !plainly_filled(to[r])
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
    Some(out)
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
    /// continuation), actors and values are good but for a rare unknown speaker.
    fn valid_rows() -> impl Strategy<Value = String> {
        let row = (0u8..6, 0u8..6, prop_oneof![Just("0.5"), Just("-1"), Just("")], 0u8..28, 0u8..50);
        proptest::collection::vec(row, 0..80).prop_map(|rows| {
            let mut out = String::new();
            let mut key = 0;
            for (s, t, st, day, dice) in rows {
                key += usize::from(dice != 0);
                let (t, st) = if st.is_empty() { (String::new(), st) } else { (format!("a{t}"), st) };
                let s = if dice == 1 { "nobody".to_owned() } else { format!("a{s}") };
                out.push_str(&format!("s{key},{s},{t},{st},2022-02-{:02}\n", day + 1));
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

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
            let actors = "id,name,kind,parent\na0,A0,state,\na1,A1,state,\na2,A2,org,a0\na3,A3,person,a2\na4,A4,org,a1\na5,A5,person,a4\n";
            let mut rels = String::new();
            for (a, b, k) in &relations {
                rels.push_str(&format!("a{a},a{b},{k}\n"));
            }
            let statements: String = if valid.0 { valid.1.clone() } else { rows.concat() };
            let plain = (format!("source,target,kind\n{rels}"), format!("id,speaker,target,stance,date\n{statements}"));
            let quoted = (format!("\"source\",target,kind\n{rels}"), format!("\"id\",speaker,target,stance,date\n{statements}"));
            TEST_BLOCK.with(|b| b.set(block));
            let fast = import(actors, &plain.0, &plain.1);
            let reference = import(actors, &quoted.0, &quoted.1);
            TEST_BLOCK.with(|b| b.set(BLOCK));
            match (&fast, &reference) {
                (Ok(f), Ok(r)) => {
                    prop_assert!(f == r);
                    prop_assert_eq!(f.snapshot_bytes(), r.snapshot_bytes());
                }
                _ => prop_assert_eq!(fast.map(|_| ()), reference.map(|_| ())),
            }
        }
    }
}
