//! Writing a snapshot: the header, then the sections in a fixed order, each a tag
//! and flat little-endian arrays (see `docs/snapshot-format.md`).

use std::io::{self, Seek, SeekFrom, Write};

use serde::Serialize;

use super::{MAGIC, VERSION};
use crate::graph::{Csr, Graph, StatementExtra};
use crate::model::{Citation, PartialDate};

/// Magic, version, flags, total length, checksum of the table of contents,
/// name-hash probe.
pub(super) const HEADER_LEN: usize = 8 + 4 + 4 + 8 + 4 + 4;

/// The sections, in file order.
pub(super) const TAGS: [&[u8; 4]; 8] =
    [b"VOCB", b"SRCS", b"ACTR", b"RELS", b"EVTS", b"STMT", b"INDA", b"INDS"];

/// A table-of-contents entry: tag, offset, length, CRC-32.
pub(super) const TOC_ENTRY: usize = 4 + 8 + 8 + 4;

/// The table of contents, right after the header.
pub(super) const TOC_LEN: usize = TAGS.len() * TOC_ENTRY;

/// The text whose name hash is stored in the header: a reader whose hash differs
/// rebuilds the name index instead of trusting the stored one.
pub(super) const PROBE: &str = "stancegraph snapshot probe";

/// Bytes buffered before they go to the writer.
const CHUNK: usize = 1 << 16;

/// Little-endian writers that stream a section to the output through a small
/// buffer, summing its length and CRC-32 on the way: a section is never held
/// whole in memory (the statement section of a large graph is over 100 MB).
pub(super) struct Enc<'w> {
    buf: Vec<u8>,
    out: &'w mut dyn Write,
    crc: crc32fast::Hasher,
    /// Bytes of the current section handed to `out`.
    len: u64,
    /// The first write error; nothing is written after it.
    error: Option<io::Error>,
}

impl<'w> Enc<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
        Enc { buf: Vec::with_capacity(CHUNK), out, crc: crc32fast::Hasher::new(), len: 0, error: None }
    }

    /// Hands `bytes` to the output, summed into the current section.
    fn emit(&mut self, bytes: &[u8]) {
        self.crc.update(bytes);
        self.len += bytes.len() as u64;
        if self.error.is_none()
            && let Err(e) = self.out.write_all(bytes)
        {
            self.error = Some(e);
        }
    }

    fn flush(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        self.emit(&buf);
        self.buf = buf;
        self.buf.clear();
    }

    /// Passes the buffer on once it is full; called after each item.
    fn spill(&mut self) {
        if self.buf.len() >= CHUNK {
            self.flush();
        }
    }

    /// Ends a section: its length and CRC-32.
    fn end_section(&mut self) -> (u64, u32) {
        self.flush();
        let crc = std::mem::replace(&mut self.crc, crc32fast::Hasher::new()).finalize();
        (std::mem::take(&mut self.len), crc)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        if bytes.len() >= CHUNK {
            self.flush();
            self.emit(bytes);
        } else {
            self.buf.extend_from_slice(bytes);
            self.spill();
        }
    }

    fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }
    fn u32s(&mut self, values: impl ExactSizeIterator<Item = u32>) {
        self.len(values.len());
        for v in values {
            self.u32(v);
            self.spill();
        }
    }
    fn u64s(&mut self, values: impl ExactSizeIterator<Item = u64>) {
        self.len(values.len());
        for v in values {
            self.u64(v);
            self.spill();
        }
    }
    fn f64s(&mut self, values: impl ExactSizeIterator<Item = f64>) {
        self.len(values.len());
        for v in values {
            self.f64(v);
            self.spill();
        }
    }
    fn strs<'a>(&mut self, values: impl ExactSizeIterator<Item = &'a str>) {
        self.len(values.len());
        for v in values {
            self.str(v);
        }
    }
    fn csr<T: Copy>(&mut self, csr: &Csr<T>, value: impl Fn(T) -> u32) {
        self.u32s(csr.offsets.iter().copied());
        self.u32s(csr.values.iter().map(|&v| value(v)));
    }
    fn citations(&mut self, citations: &[Citation]) {
        self.len(citations.len());
        for c in citations {
            self.str(&c.source);
            match c.paragraph {
                None => self.u8(0),
                Some(p) => {
                    self.u8(1);
                    self.u32(p);
                }
            }
            self.opt_str(c.quote.as_deref());
        }
    }
}

/// A date as `year << 16 | month << 8 | day` (month and day 0 when unknown).
pub(super) fn date_code(d: PartialDate) -> u32 {
    (u32::from(d.year_number() as u16) << 16)
        | (u32::from(d.month_number().unwrap_or(0)) << 8)
        | u32::from(d.day_number().unwrap_or(0))
}

fn opt_date(e: &mut Enc, d: Option<PartialDate>) {
    match d {
        None => e.u8(0),
        Some(d) => {
            e.u8(1);
            e.u32(date_code(d));
        }
    }
}

/// The serde names of one enum's values in use, numbered in order of first sight.
struct Vocab<T> {
    seen: Vec<T>,
}

impl<T: Copy + PartialEq + Serialize> Vocab<T> {
    fn new() -> Self {
        Vocab { seen: Vec::new() }
    }
    fn code(&mut self, v: T) -> u8 {
        match self.seen.iter().position(|&s| s == v) {
            Some(i) => i as u8,
            None => {
                self.seen.push(v);
                (self.seen.len() - 1) as u8
            }
        }
    }
    fn write(&self, e: &mut Enc) {
        e.len(self.seen.len());
        for v in &self.seen {
            let name = serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned));
            e.str(name.as_deref().unwrap_or(""));
        }
    }
}

/// Every enum vocabulary of a graph.
struct Vocabs {
    actor: Vocab<crate::ActorKind>,
    relation: Vocab<crate::RelationKind>,
    event: Vocab<crate::EventKind>,
    role: Vocab<crate::Role>,
    statement: Vocab<crate::StatementKind>,
    mode: Vocab<crate::TextMode>,
    hedge: Vocab<crate::Hedge>,
}

/// Writes the snapshot of `g` to `out`, from its current position (the start of an
/// empty file): room for the header and table of contents, then each section
/// streamed through [`Enc`], then the header and table of contents, once the
/// sections' lengths and checksums are known, over the room left for them.
pub(super) fn write<W: Write + Seek>(g: &Graph, out: &mut W) -> io::Result<()> {
    let mut v = Vocabs {
        actor: Vocab::new(),
        relation: Vocab::new(),
        event: Vocab::new(),
        role: Vocab::new(),
        statement: Vocab::new(),
        mode: Vocab::new(),
        hedge: Vocab::new(),
    };
    // Number every value in use first: the vocabularies come before the items.
    for a in g.actors.values() {
        v.actor.code(a.kind);
    }
    for r in &g.relations {
        v.relation.code(r.kind);
    }
    for ev in g.events.values() {
        v.event.code(ev.kind);
        for &(_, role) in ev.participants.iter() {
            v.role.code(role);
        }
    }
    for s in &g.statements.recs {
        v.statement.code(s.kind);
        v.mode.code(s.mode);
        v.hedge.code(s.hedge);
    }

    let start = out.stream_position()?;
    out.write_all(&[0; HEADER_LEN + TOC_LEN])?;
    let mut sections: Vec<(u64, u32)> = Vec::with_capacity(TAGS.len());
    let mut e = Enc::new(out);
    v.actor.write(&mut e);
    v.relation.write(&mut e);
    v.event.write(&mut e);
    v.role.write(&mut e);
    v.statement.write(&mut e);
    v.mode.write(&mut e);
    v.hedge.write(&mut e);
    for n in [g.actors.len(), g.events.len(), g.statements.len()] {
        e.len(n);
    }
    sections.push(e.end_section());

    e.len(g.sources.len());
    for s in g.sources.values() {
        e.str(&s.key);
        e.str(&s.title);
        e.opt_str(s.publisher.as_deref());
        e.opt_str(s.author.as_deref());
        opt_date(&mut e, s.date);
        e.opt_str(s.url.as_deref());
        e.spill();
    }

    sections.push(e.end_section());

    e.len(g.actors.len());
    for (key, a) in &g.actors {
        e.str(key);
        e.str(&a.name);
        e.u8(v.actor.code(a.kind));
        e.u8(u8::from(a.proposed));
        e.strs(a.aliases.iter().map(|s| &**s));
        e.opt_str(a.description.as_deref());
        e.citations(&a.citations);
        e.u64(a.wikidata.map_or(0, |w| w.number()));
        e.opt_str(a.country.as_ref().map(|c| c.as_str()));
        e.spill();
    }

    sections.push(e.end_section());

    e.len(g.relations.len());
    for r in &g.relations {
        e.u32(r.from.0);
        e.u32(r.to.0);
        e.u8(v.relation.code(r.kind));
        opt_date(&mut e, r.start());
        opt_date(&mut e, r.end());
        e.f64(r.confidence());
        match (r.title(), r.citations()) {
            (None, []) => e.u8(0),
            (title, citations) => {
                e.u8(1);
                e.opt_str(title);
                e.citations(citations);
            }
        }
        e.spill();
    }

    sections.push(e.end_section());

    e.len(g.events.len());
    for (key, ev) in &g.events {
        e.str(key);
        e.u8(v.event.code(ev.kind));
        e.str(&ev.label);
        opt_date(&mut e, ev.date);
        e.u32(ev.place.map_or(u32::MAX, |p| p.0));
        e.len(ev.participants.len());
        for &(a, role) in ev.participants.iter() {
            e.u32(a.0);
            e.u8(v.role.code(role));
        }
        e.citations(&ev.citations);
        e.spill();
    }

    let st = &g.statements;
    sections.push(e.end_section());

    e.str(&st.key_bytes);
    e.u32s(st.key_ends.iter().copied());
    e.u64s(st.key_index.iter().copied());
    e.len(st.recs.len());
    for r in &st.recs {
        e.u32(r.speaker.0);
        e.u32(date_code(r.date));
        e.u32(r.order);
        e.u8(v.statement.code(r.kind));
        e.u8(v.mode.code(r.mode));
        e.u8(v.hedge.code(r.hedge));
        e.u32(string_interner::Symbol::to_usize(r.text) as u32);
        e.u32(r.targets_start);
        e.u32(r.extra);
        e.spill();
    }
    e.len(st.texts.len());
    for (_, text) in st.texts.iter() {
        e.str(text);
    }
    e.u32s(st.target_actors.iter().map(|a| a.0));
    e.f64s(st.target_stances.iter().copied());
    e.len(st.extras.len());
    for x in &st.extras {
        extra(&mut e, x);
        e.spill();
    }

    sections.push(e.end_section());

    let names = g.names();
    e.len(names.len());
    for &(h, a) in names {
        e.u64(h);
        e.u32(a.0);
        e.spill();
    }
    e.csr(&g.parents, |a| a.0);
    e.csr(&g.children, |a| a.0);
    let ix = &g.index;
    e.u32s(ix.top_ranges.iter().map(|r| r.0));
    e.u32s(ix.top_ranges.iter().map(|r| r.1));
    e.u32s(ix.top_values.iter().map(|a| a.0));
    e.u32s(ix.units.iter().map(|a| a.0));
    e.csr(&ix.adjacency, |a| a.0);
    sections.push(e.end_section());

    e.csr(g.by_speaker(), |s| s.0);
    e.csr(g.by_target(), |s| s.0);
    e.csr(g.by_event(), |s| s.0);
    e.u32s(g.chronological.iter().map(|s| s.0));
    let said = &ix.said;
    e.u64s(said.keys.iter().copied());
    e.u32s(said.starts.iter().copied());
    e.u32s(said.ids.iter().map(|s| s.0));
    e.len(said.sums.len());
    for s in &said.sums {
        for x in s.sum {
            e.f64(x);
        }
        for c in s.count {
            e.u32(c);
        }
        e.spill();
    }
    e.u32(said.max_span as u32);
    e.u8(u8::from(said.shared_units));
    sections.push(e.end_section());

    if let Some(error) = e.error.take() {
        return Err(error);
    }
    drop(e);
    let mut toc = Vec::with_capacity(TOC_LEN);
    let mut at = (HEADER_LEN + TOC_LEN) as u64;
    for (tag, &(len, crc)) in TAGS.iter().zip(&sections) {
        toc.extend_from_slice(&tag[..]);
        toc.extend_from_slice(&at.to_le_bytes());
        toc.extend_from_slice(&len.to_le_bytes());
        toc.extend_from_slice(&crc.to_le_bytes());
        at += len;
    }
    let mut head = Vec::with_capacity(HEADER_LEN + TOC_LEN);
    head.extend_from_slice(&MAGIC);
    head.extend_from_slice(&VERSION.to_le_bytes());
    head.extend_from_slice(&0u32.to_le_bytes());
    head.extend_from_slice(&at.to_le_bytes());
    head.extend_from_slice(&crc32fast::hash(&toc).to_le_bytes());
    head.extend_from_slice(&(crate::graph::name_hash(PROBE) as u32).to_le_bytes());
    head.extend_from_slice(&toc);
    out.seek(SeekFrom::Start(start))?;
    out.write_all(&head)?;
    out.seek(SeekFrom::Start(start + at))?;
    Ok(())
}

/// The bytes of one statement record: speaker, date, order, kind, mode, hedge,
/// text, first target, extra.
pub(super) const REC_LEN: usize = 4 + 4 + 4 + 3 + 4 + 4 + 4;

fn extra(e: &mut Enc, x: &StatementExtra) {
    e.u32s(x.via.iter().map(|a| a.0));
    e.len(x.also_via.len());
    for chain in x.also_via.iter() {
        e.u32s(chain.iter().map(|a| a.0));
    }
    e.opt_str(x.audience.as_deref());
    e.u32s(x.about.iter().map(|a| a.0));
    e.strs(x.framing.iter().map(|s| &**s));
    e.citations(&x.citations);
    e.u8(u8::from(x.proposed));
}
