//! The statements table: the big one, read straight into the graph's compact
//! statement store.
//!
//! A statement with several targets is written as adjacent rows with the same id:
//! the first row holds the statement, each further row adds a target (and may
//! repeat the other columns unchanged, or leave them empty). Rows are parsed from a
//! reused row; the only per-statement allocations are in the store's
//! interners and, for statements that have any, the out-of-line extras.

use super::error::{CsvPosition, CsvProblem, CsvProblemKind};
use super::fast;
use super::load::{Loader, parse_date};
use super::table::{Checked, Col, Names, Row, Sink, Table, invalid};
use crate::error::clipped;
use crate::graph::{ActorId, EventId, NewStatement, StatementExtra, StatementId, Statements};
use crate::model::{Hedge, PartialDate, StatementKind, TextMode};

const S_KEY: usize = 0;
const S_SPEAKER: usize = 1;
const S_TARGET: usize = 2;
const S_STANCE: usize = 3;
const S_DATE: usize = 4;
const S_ORDER: usize = 5;
const S_KIND: usize = 6;
const S_MODE: usize = 7;
const S_TEXT: usize = 8;
const S_HEDGE: usize = 9;
const S_VIA: usize = 10;
const S_AUDIENCE: usize = 11;
const S_ABOUT: usize = 12;
const S_FRAMING: usize = 13;
const S_CITATIONS: usize = 14;
pub(crate) const STATEMENT_COLS: &[Col] = &[
    Col { name: "id", aliases: &["key"], required: true },
    Col { name: "speaker", aliases: &[], required: true },
    Col { name: "target", aliases: &[], required: false },
    Col { name: "stance", aliases: &[], required: false },
    Col { name: "date", aliases: &[], required: true },
    Col { name: "order", aliases: &[], required: false },
    Col { name: "kind", aliases: &[], required: false },
    Col { name: "mode", aliases: &[], required: false },
    Col { name: "text", aliases: &[], required: false },
    Col { name: "hedge", aliases: &[], required: false },
    Col { name: "via", aliases: &[], required: false },
    Col { name: "audience", aliases: &[], required: false },
    Col { name: "about", aliases: &[], required: false },
    Col { name: "framing", aliases: &[], required: false },
    Col { name: "citations", aliases: &[], required: false },
];

/// The columns a continuation row may only repeat.
const SHARED: [usize; 12] = [
    S_SPEAKER,
    S_DATE,
    S_ORDER,
    S_KIND,
    S_MODE,
    S_TEXT,
    S_HEDGE,
    S_VIA,
    S_AUDIENCE,
    S_ABOUT,
    S_FRAMING,
    S_CITATIONS,
];

/// A statement whose first row has been read; more targets may follow.
struct Pending {
    speaker: ActorId,
    date: PartialDate,
    order: u32,
    kind: StatementKind,
    mode: TextMode,
    hedge: Hedge,
    extra: StatementExtra,
}

/// The spellings seen so far of the enum columns.
struct Vocab {
    kinds: Names<StatementKind>,
    modes: Names<TextMode>,
    hedges: Names<Hedge>,
}

/// The line of each stored statement's first row, as runs of statements on
/// consecutive lines (one per block of the fast path): statement `i` of the run
/// that starts at statement `s` on line `l` is on line `l + i - s`.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    runs: Vec<(usize, u64)>,
}

impl Lines {
    /// Statement `i` (the next one, or the first of a run of consecutive lines) is
    /// on line `line`.
    pub(crate) fn push(&mut self, i: usize, line: u64) {
        if self
            .runs
            .last()
            .is_some_and(|&(s, l)| i.checked_sub(s).and_then(|d| l.checked_add(d as u64)) == Some(line))
        {
            return;
        }
        self.runs.push((i, line));
    }

    /// The line of statement `i` (0 if none was recorded).
    pub(crate) fn get(&self, i: usize) -> u64 {
        let run = self.runs.partition_point(|&(s, _)| s <= i);
        run.checked_sub(1).and_then(|r| self.runs.get(r)).map_or(0, |&(s, l)| l + (i - s) as u64)
    }
}

impl Loader {
    /// Reads the statements table through the fast path (see `fast`) as far as it
    /// goes, the rest through [`Loader::read_statements`].
    pub(crate) fn read_statements_fast(&mut self, mut split: super::SplitTable<'_>) {
        let t = &split.head;
        let plain = ![S_VIA, S_AUDIENCE, S_ABOUT, S_FRAMING, S_CITATIONS].iter().any(|&c| t.has(c));
        let at = |c: usize| t.columns().get(c).copied().flatten();
        let c = fast::StatementColumns {
            key: at(S_KEY),
            speaker: at(S_SPEAKER),
            target: at(S_TARGET),
            stance: at(S_STANCE),
            date: at(S_DATE),
            order: at(S_ORDER),
            kind: at(S_KIND),
            mode: at(S_MODE),
            text: at(S_TEXT),
            hedge: at(S_HEDGE),
            fields: t.fields(),
        };
        let problems_before = self.sink.problems.len();
        let mut blocks = split.blocks(c.key, std::mem::take(&mut self.pool.buffers));
        let pending = if plain {
            let (keys, statements, lines) =
                (&self.actor_keys, &mut self.statements, &mut self.statement_lines);
            let empty_text = statements.empty_text;
            let parse = |b: &fast::Block, w: &mut fast::Worker, out: &mut fast::StatementBlock| {
                fast::statements(b, w, &c, keys, empty_text, out).is_some()
            };
            let len = split.len;
            fast::run(&mut blocks, &mut self.pool.workers, &parse, |b, block| {
                let rows = b.chunk.recs.len();
                if !statements.has_room(rows, b.chunk.target_actors.len(), b.chunk.key_bytes.len()) {
                    return false;
                }
                if statements.len() == 0 {
                    // Sized once from the first block's rows per byte (never more
                    // than the reference reader reserves): no regrowth of the store.
                    let estimate = fast::estimate_rows(len, rows, block.bytes.len());
                    let key_bytes = b.chunk.key_bytes.len().div_ceil(rows.max(1)).saturating_mul(estimate);
                    statements.reserve(estimate, key_bytes);
                }
                // Fields of a block the parser found UTF-8: only these slices are
                // checked again, not the whole block.
                let texts = b.texts.iter().map(|&(i, (a, z))| {
                    let words =
                        block.bytes.get(a as usize..z as usize).and_then(|w| std::str::from_utf8(w).ok());
                    (i, words.unwrap_or_default())
                });
                statements.append(&mut b.chunk, texts);
                // A plain block has one row per line, from its first line on.
                lines.push(statements.len() - rows, block.first_line);
                true
            })
        } else {
            Some(Vec::new())
        };
        if pending.is_none() {
            self.pool.buffers = blocks.take_buffers();
        }
        match pending {
            // A clean table: its keys are checked while the graph is assembled
            // (`Loader::assemble`), unless problems were found before.
            None if self.sink.problems.is_empty() => {
                self.unchecked_keys = Some(split.head.at_line(0, S_KEY));
            }
            None => self.report_repeated_keys(&split.head, problems_before),
            Some(pending) => {
                let (rest, first_line) = blocks.rest(pending);
                if let Some(t) = split.resume(rest, first_line, STATEMENT_COLS, &mut self.sink) {
                    self.read_statements(t);
                }
            }
        }
    }

    pub(crate) fn read_statements(&mut self, mut t: Table<'_>) {
        if self.statements.len() == 0
            && let Some(rows) = t.estimate_rows(&mut self.sink)
        {
            self.statements = Statements::with_capacity(rows);
        }
        let mut vocab = Vocab { kinds: Names::new(), modes: Names::new(), hedges: Names::new() };
        let has_extras = [S_VIA, S_AUDIENCE, S_ABOUT, S_FRAMING, S_CITATIONS].iter().any(|&c| t.has(c));
        // `first` holds the first row of the statement being read, `row` the next row.
        let (mut first, mut row) = (Row::new(), Row::new());
        let problems_before = self.sink.problems.len();
        let mut pending: Option<Checked<Pending>> = None;
        let mut targets: Vec<(ActorId, f64)> = Vec::new();
        while t.next(&mut self.sink, &mut row) {
            if pending.is_some() && t.raw(&row, S_KEY) == t.raw(&first, S_KEY) {
                if let Err(r) = self.continuation(&t, &first, &row, &mut targets) {
                    // The statement is not stored; its problems are reported.
                    pending = Some(Err(r));
                }
                continue;
            }
            if let Some(p) = pending.take() {
                self.flush(&t, &first, p, &mut targets);
            }
            std::mem::swap(&mut first, &mut row);
            targets.clear();
            pending = Some(self.first_row(&t, &first, &mut vocab, has_extras, &mut targets));
        }
        if let Some(p) = pending.take() {
            self.flush(&t, &first, p, &mut targets);
        }
        self.report_repeated_keys(&t, problems_before);
    }

    /// Reports every statement whose key an earlier one has, among the problems of
    /// the statements table in line order (keys are checked all at once, after the
    /// rows: see `Statements::index_keys`).
    /// Assembles the graph of a clean import: if the statement keys are still to be
    /// checked, they are checked meanwhile, and repeated keys are the problems.
    pub(crate) fn assemble(mut self) -> Result<crate::Graph, super::CsvProblems> {
        self.actors_ready();
        let Loader {
            mut sink,
            sources,
            actors,
            relations,
            events,
            statements,
            statement_lines,
            unchecked_keys,
            actor_keys,
            ..
        } = self;
        // The loader's key index goes before the graph builds its own indexes: peak
        // memory is at the end of assembly.
        drop(actor_keys);
        let Some(at) = unchecked_keys else {
            return Ok(crate::Graph::assemble(sources, actors, relations, events, statements));
        };
        let (graph, repeats) =
            crate::Graph::assemble_checking_keys(sources, actors, relations, events, statements);
        if repeats.is_empty() {
            return Ok(graph);
        }
        report_repeats(&mut sink, Vec::new(), &repeats, &graph.statements, &statement_lines, &at);
        Err(super::CsvProblems::new(sink.problems, sink.truncated))
    }

    fn report_repeated_keys(&mut self, t: &Table<'_>, problems_before: usize) {
        let repeats = self.statements.index_keys();
        let lines = std::mem::take(&mut self.statement_lines);
        if repeats.is_empty() {
            return;
        }
        let found = self.sink.problems.split_off(problems_before.min(self.sink.problems.len()));
        report_repeats(&mut self.sink, found, &repeats, &self.statements, &lines, &t.at_line(0, S_KEY));
    }

    fn first_row(
        &mut self,
        t: &Table<'_>,
        rec: &Row,
        vocab: &mut Vocab,
        has_extras: bool,
        targets: &mut Vec<(ActorId, f64)>,
    ) -> Checked<Pending> {
        let key = t.req(&mut self.sink, rec, S_KEY);
        let speaker = self.actor_at(t, rec, S_SPEAKER);
        let target = self.target(t, rec, targets);
        let s = &mut self.sink;
        let date = t
            .req(s, rec, S_DATE)
            .and_then(|d| parse_date(d).map_err(|e| t.report(s, rec, S_DATE, invalid(d, e))));
        let order = t.parsed(s, rec, S_ORDER, str::parse::<u32>);
        let kind = t.parsed(s, rec, S_KIND, |k| vocab.kinds.parse(k));
        let mode = t.parsed(s, rec, S_MODE, |k| vocab.modes.parse(k));
        let hedge = t.parsed(s, rec, S_HEDGE, |k| vocab.hedges.parse(k));
        let text = t.opt(s, rec, S_TEXT);
        let extra = if has_extras { self.extra(t, rec) } else { Ok(StatementExtra::default()) };
        let (_, speaker, (), date, order) = (key?, speaker?, target?, date?, order?);
        let (kind, mode, hedge, text, extra) = (kind?, mode?, hedge?, text?, extra?);
        let mode = mode.unwrap_or_default();
        let text = text.unwrap_or("");
        // Coded data may record a stance without the words; a quote must have them,
        // and recorded words must not be blank.
        if (mode == TextMode::Quote || !text.is_empty()) && crate::build::is_blank(text) {
            return Err(t.report(&mut self.sink, rec, S_TEXT, CsvProblemKind::Empty));
        }
        Ok(Pending {
            speaker,
            date,
            order: order.unwrap_or(0),
            kind: kind.unwrap_or(StatementKind::Statement),
            mode,
            hedge: hedge.unwrap_or_default(),
            extra,
        })
    }

    /// The `target` and `stance` of a row, added to `targets`.
    fn target(&mut self, t: &Table<'_>, rec: &Row, targets: &mut Vec<(ActorId, f64)>) -> Checked<()> {
        let has_target = !t.raw(rec, S_TARGET).is_empty();
        let stance = t.opt(&mut self.sink, rec, S_STANCE)?;
        match (has_target, stance) {
            (false, None) => Ok(()),
            (false, Some(v)) => {
                Err(t.report(&mut self.sink, rec, S_STANCE, invalid(v, "a stance needs a target")))
            }
            (true, None) => Err(t.report(&mut self.sink, rec, S_STANCE, CsvProblemKind::Empty)),
            (true, Some(v)) => {
                let target = self.actor_at(t, rec, S_TARGET);
                let stance = match v.parse::<f64>() {
                    Ok(x) if (-1.0..=1.0).contains(&x) => Ok(x),
                    Ok(_) => Err(invalid(v, "stance must be in [-1, 1]")),
                    Err(e) => Err(invalid(v, e)),
                }
                .map_err(|kind| t.report(&mut self.sink, rec, S_STANCE, kind));
                targets.push((target?, stance?));
                Ok(())
            }
        }
    }

    fn extra(&mut self, t: &Table<'_>, rec: &Row) -> Checked<StatementExtra> {
        let via = self.actor_list(t, rec, S_VIA);
        let audience = t.opt(&mut self.sink, rec, S_AUDIENCE).and_then(|a| match a {
            Some(x) if crate::build::is_blank(x) => {
                Err(t.report(&mut self.sink, rec, S_AUDIENCE, CsvProblemKind::Empty))
            }
            x => Ok(x),
        });
        let about = self.event_list(t, rec);
        let framing = self.text_list(t, rec, S_FRAMING);
        let citations = self.citations(t, rec, S_CITATIONS);
        Ok(StatementExtra {
            via: via?.into(),
            also_via: Box::default(),
            audience: audience?.map(Into::into),
            about: about?.into(),
            framing: framing?.into(),
            citations: citations?.into(),
            proposed: false,
        })
    }

    fn event_list(&mut self, t: &Table<'_>, rec: &Row) -> Checked<Vec<EventId>> {
        let Some(text) = t.opt(&mut self.sink, rec, S_ABOUT)? else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for key in text.split('|') {
            match self.events.get_index_of(key) {
                Some(i) => out.push(EventId::from_index(i)),
                None => {
                    let kind = self.unknown("event", key);
                    return Err(t.report(&mut self.sink, rec, S_ABOUT, kind));
                }
            }
        }
        Ok(out)
    }

    /// A further row of the statement begun by `first`: one more target; the shared
    /// columns must be empty or as on the first row.
    fn continuation(
        &mut self,
        t: &Table<'_>,
        first: &Row,
        row: &Row,
        targets: &mut Vec<(ActorId, f64)>,
    ) -> Checked<()> {
        let mut result = Ok(());
        for col in SHARED {
            let (a, b) = (t.raw(first, col), t.raw(row, col));
            if !b.is_empty() && a != b {
                let kind = CsvProblemKind::Conflict { value: clipped(b), first: clipped(a) };
                result = Err(t.report(&mut self.sink, row, col, kind));
            }
        }
        if t.raw(row, S_TARGET).is_empty() {
            result = Err(t.report(&mut self.sink, row, S_TARGET, CsvProblemKind::Empty));
        }
        let target = self.target(t, row, targets);
        result.and(target)
    }

    /// Stores a statement once all its rows are read.
    fn flush(&mut self, t: &Table<'_>, first: &Row, p: Checked<Pending>, targets: &mut Vec<(ActorId, f64)>) {
        let Ok(p) = p else {
            targets.clear();
            return;
        };
        let key = t.raw(first, S_KEY);
        let text = t.raw(first, S_TEXT);
        let new = NewStatement {
            speaker: p.speaker,
            date: p.date,
            order: p.order,
            kind: p.kind,
            mode: p.mode,
            hedge: p.hedge,
            text,
        };
        match self.statements.push(key, new, targets.drain(..), p.extra) {
            Ok(id) => self.statement_lines.push(id.index(), t.line_of(first)),
            Err(crate::graph::Full) => {
                t.report(&mut self.sink, first, S_KEY, CsvProblemKind::TooMany { what: "statements" });
            }
        }
        targets.clear();
    }
}

/// Reports the statements table's problems `found` with a `DuplicateKey` for each of
/// `repeats` (at its first row's line in `lines`, in the key column of `at`), all in
/// line order: stable, so a row's own problems keep their order and a repeated key
/// comes after them.
fn report_repeats(
    sink: &mut Sink,
    mut found: Vec<CsvProblem>,
    repeats: &[(StatementId, StatementId)],
    statements: &Statements,
    lines: &Lines,
    at: &CsvPosition,
) {
    for &(repeat, _) in repeats {
        found.push(CsvProblem {
            position: CsvPosition { line: lines.get(repeat.index()), ..at.clone() },
            kind: CsvProblemKind::DuplicateKey { key: clipped(statements.key(repeat)) },
        });
    }
    found.sort_by_key(|p| p.position.line);
    for p in found {
        sink.push(p.position, p.kind);
    }
}
