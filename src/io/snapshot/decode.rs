//! Reading a snapshot back: every length is checked against the bytes left before
//! anything is allocated, every id against the count of what it names, every range
//! against the array it indexes, so that no input can panic or allocate more than
//! its own size.

use std::io::Read;

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use string_interner::{DefaultStringInterner, Symbol};

use super::encode::{HEADER_LEN, PROBE, REC_LEN, TAGS, TOC_ENTRY, TOC_LEN};
use super::{MAGIC, SnapshotError, VERSION};
use crate::graph::index::{Indexes, SaidIndex, StanceSums};
use crate::graph::{
    ActorId, ActorRec, Csr, EventRec, Graph, RelationRec, StatementExtra, StatementId, StatementRec,
    Statements,
};
use crate::model::{Citation, PartialDate, Source};

type Result<T> = std::result::Result<T, SnapshotError>;

/// Checks magic, version and flags; the total length the header announces.
pub(super) fn check_header(h: &[u8], file: &str) -> Result<u64> {
    if h.len() < MAGIC.len() || h[..MAGIC.len()] != MAGIC {
        return Err(SnapshotError::NotASnapshot { file: file.into() });
    }
    if h.len() < HEADER_LEN {
        return Err(SnapshotError::Length {
            file: file.into(),
            expected: HEADER_LEN as u64,
            found: h.len() as u64,
        });
    }
    let u32_at = |i: usize| u32::from_le_bytes([h[i], h[i + 1], h[i + 2], h[i + 3]]);
    let version = u32_at(8);
    if version != VERSION {
        return Err(SnapshotError::Version { file: file.into(), found: version, expected: VERSION });
    }
    // No flags are defined in this version: a set bit means a file this reader does not
    // understand (or damage outside the checksums' reach), not one to read as if unset.
    let flags = u32_at(12);
    if flags != 0 {
        return Err(SnapshotError::Corrupt {
            file: file.into(),
            what: format!("header: unknown flags {flags:#x}"),
        });
    }
    let mut total = [0u8; 8];
    total.copy_from_slice(&h[16..24]);
    Ok(u64::from_le_bytes(total))
}

/// Bytes read per refill of the decoder's window, and the most a bulk array is
/// decoded from at a time.
const CHUNK: usize = 1 << 20;

/// A cursor over the body, read from `r` a window at a time (so that the body is
/// never held whole beside what it decodes to), summing the CRC as it reads.
struct Dec<'a, R> {
    r: R,
    buf: Vec<u8>,
    /// The unread window is `buf[lo..hi]`.
    lo: usize,
    hi: usize,
    /// Bytes of the body not yet read from `r`.
    left: u64,
    crc: crc32fast::Hasher,
    file: &'a str,
    section: &'static str,
}

impl<'a, R: Read> Dec<'a, R> {
    fn corrupt(&self, what: impl std::fmt::Display) -> SnapshotError {
        SnapshotError::Corrupt { file: self.file.into(), what: format!("section {}: {what}", self.section) }
    }

    /// Bytes of the body not yet decoded.
    fn remaining(&self) -> u64 {
        self.left + (self.hi - self.lo) as u64
    }

    /// Makes `n` bytes available in the window (`n` at most what remains).
    fn fill(&mut self, n: usize) -> Result<()> {
        if self.hi - self.lo >= n {
            return Ok(());
        }
        if n as u64 > self.remaining() {
            return Err(self.corrupt("ends early"));
        }
        self.buf.copy_within(self.lo..self.hi, 0);
        (self.hi, self.lo) = (self.hi - self.lo, 0);
        let want = (n.max(CHUNK) as u64).min(self.remaining()) as usize;
        if self.buf.len() < want {
            self.buf.resize(want, 0);
        }
        while self.hi < n {
            let room = (want - self.hi).min(usize::try_from(self.left).unwrap_or(usize::MAX));
            let got = match self.r.read(&mut self.buf[self.hi..self.hi + room]) {
                Ok(0) => return Err(self.corrupt("the file ends early")),
                Ok(k) => k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(source) => return Err(SnapshotError::Io { file: self.file.into(), source }),
            };
            self.crc.update(&self.buf[self.hi..self.hi + got]);
            self.hi += got;
            self.left -= got as u64;
        }
        Ok(())
    }

    fn take(&mut self, n: usize) -> Result<&[u8]> {
        self.fill(n)?;
        let s = &self.buf[self.lo..self.lo + n];
        self.lo += n;
        Ok(s)
    }

    /// Reads what is left (to finish the checksum); whether the checksum matches.
    fn checksum_matches(&mut self, stored: u32) -> Result<std::result::Result<(), u32>> {
        self.lo = self.hi;
        while self.left > 0 {
            self.fill(1)?;
            self.lo = self.hi;
        }
        let computed = self.crc.clone().finalize();
        Ok(if computed == stored { Ok(()) } else { Err(computed) })
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn flag(&mut self) -> Result<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            f => Err(self.corrupt(format!("bad flag {f}"))),
        }
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }
    fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_bits(self.u64()?))
    }

    /// A count of items of at least `size` bytes each, checked against the bytes left.
    fn len(&mut self, size: usize) -> Result<usize> {
        let n = self.u64()?;
        let left = self.remaining();
        if n.saturating_mul(size.max(1) as u64) > left {
            return Err(self.corrupt(format!("a count of {n} does not fit in the {left} bytes left")));
        }
        Ok(n as usize)
    }

    fn str(&mut self) -> Result<&str> {
        let n = self.len(1)?;
        self.fill(n)?;
        let (lo, hi) = (self.lo, self.lo + n);
        self.lo = hi;
        std::str::from_utf8(&self.buf[lo..hi]).map_err(|e| self.corrupt(format!("text is not UTF-8: {e}")))
    }
    fn opt_str(&mut self) -> Result<Option<&str>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            t => Err(self.corrupt(format!("bad option tag {t}"))),
        }
    }
    fn strs(&mut self) -> Result<Box<[Box<str>]>> {
        let n = self.len(8)?;
        (0..n).map(|_| self.str().map(Into::into)).collect()
    }

    /// `n` fixed-size items, decoded a window at a time.
    fn array<T>(&mut self, n: usize, size: usize, out: &mut Vec<T>, item: impl Fn(&[u8]) -> T) -> Result<()> {
        out.reserve_exact(n);
        let mut todo = n;
        while todo > 0 {
            let k = todo.min(CHUNK / size);
            out.extend(self.take(k * size)?.chunks_exact(size).map(&item));
            todo -= k;
        }
        Ok(())
    }
    fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.len(4)?;
        let mut out = Vec::new();
        self.array(n, 4, &mut out, |c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))?;
        Ok(out)
    }
    fn u64s(&mut self) -> Result<Vec<u64>> {
        let n = self.len(8)?;
        let mut out = Vec::new();
        self.array(n, 8, &mut out, |c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))?;
        Ok(out)
    }
    /// Ids below `bound`.
    fn ids<T>(&mut self, bound: usize, what: &str, make: fn(u32) -> T) -> Result<Vec<T>> {
        let raw = self.u32s()?;
        if let Some(bad) = raw.iter().find(|&&x| x as usize >= bound) {
            return Err(self.corrupt(format!("{what} {bad} out of range (there are {bound})")));
        }
        Ok(raw.into_iter().map(make).collect())
    }
    fn csr<T>(&mut self, rows: usize, bound: usize, what: &str, make: fn(u32) -> T) -> Result<Csr<T>> {
        let offsets = self.u32s()?;
        let values = self.ids(bound, what, make)?;
        let ok = offsets.len() == rows + 1
            && offsets.first() == Some(&0)
            && offsets.windows(2).all(|w| w[0] <= w[1])
            && offsets.last().map(|&l| l as usize) == Some(values.len());
        if !ok {
            return Err(self.corrupt(format!("the rows of the {what} index are inconsistent")));
        }
        Ok(Csr { offsets, values })
    }

    fn date(&mut self) -> Result<PartialDate> {
        let code = self.u32()?;
        date_from_code(code).ok_or_else(|| self.corrupt(format!("bad date code {code:#x}")))
    }
    fn opt_date(&mut self) -> Result<Option<PartialDate>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.date().map(Some),
            t => Err(self.corrupt(format!("bad option tag {t}"))),
        }
    }
    fn citations(&mut self, sources: &IndexMap<Box<str>, Source>) -> Result<Box<[Citation]>> {
        let n = self.len(8 + 1 + 1)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let source = self.str()?.to_owned();
            if !sources.contains_key(source.as_str()) {
                return Err(self.corrupt(format!("a citation names no source (`{source}`)")));
            }
            let mut c = Citation::new(&source);
            c.paragraph = match self.u8()? {
                0 => None,
                1 => Some(self.u32()?),
                t => return Err(self.corrupt(format!("bad option tag {t}"))),
            };
            c.quote = self.opt_str()?.map(str::to_owned);
            out.push(c);
        }
        Ok(out.into())
    }

    /// An enum vocabulary: the serde names, in code order.
    fn vocab<T: DeserializeOwned>(&mut self) -> Result<Vec<T>> {
        let n = self.len(8)?;
        if n > 256 {
            return Err(self.corrupt("a vocabulary has more than 256 names"));
        }
        (0..n)
            .map(|_| {
                let name = self.str()?.to_owned();
                let de = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&name);
                T::deserialize(de).map_err(|e| self.corrupt(format!("unknown name `{name}`: {e}")))
            })
            .collect()
    }
    fn code<T: Copy>(&mut self, vocab: &[T]) -> Result<T> {
        let c = self.u8()?;
        vocab
            .get(c as usize)
            .copied()
            .ok_or_else(|| self.corrupt(format!("code {c} is not in the vocabulary")))
    }
}

/// The inverse of `encode::date_code`; `None` for a code no date has.
fn date_from_code(code: u32) -> Option<PartialDate> {
    let year = (code >> 16) as u16 as i16;
    let (month, day) = ((code >> 8) as u8, code as u8);
    match (month, day) {
        (0, 0) => PartialDate::year(year).ok(),
        (m, 0) => PartialDate::month(year, m).ok(),
        (0, _) => None,
        (m, d) => PartialDate::day(year, m, d).ok(),
    }
}

/// The vocabularies and item counts of the `VOCB` section.
struct Vocabs {
    actor: Vec<crate::ActorKind>,
    relation: Vec<crate::RelationKind>,
    event: Vec<crate::EventKind>,
    role: Vec<crate::Role>,
    statement: Vec<crate::StatementKind>,
    mode: Vec<crate::TextMode>,
    hedge: Vec<crate::Hedge>,
    /// Actors, events, statements.
    counts: [usize; 3],
}

/// One section's place in the file, from the table of contents.
#[derive(Debug, Clone, Copy)]
pub(super) struct Section {
    pub(super) tag: [u8; 4],
    pub(super) offset: u64,
    pub(super) len: u64,
    crc: u32,
}

/// Reads the table of contents that follows the header (`toc` holds its bytes):
/// the sections must be those of this version, in order, end to end, filling the
/// file to the length the header announces.
pub(super) fn read_toc(h: &[u8], toc: &[u8], file: &str) -> Result<Vec<Section>> {
    let corrupt =
        |what: &str| SnapshotError::Corrupt { file: file.into(), what: format!("table of contents: {what}") };
    let stored = u32::from_le_bytes([h[24], h[25], h[26], h[27]]);
    let computed = crc32fast::hash(toc);
    if stored != computed {
        return Err(SnapshotError::Checksum { file: file.into(), found: stored, computed });
    }
    let mut total = [0u8; 8];
    total.copy_from_slice(&h[16..24]);
    let total = u64::from_le_bytes(total);
    let mut at = (HEADER_LEN + TOC_LEN) as u64;
    let mut out = Vec::with_capacity(TAGS.len());
    for (entry, tag) in toc.chunks_exact(TOC_ENTRY).zip(TAGS) {
        let u64_at = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&entry[i..i + 8]);
            u64::from_le_bytes(b)
        };
        let s = Section {
            tag: [entry[0], entry[1], entry[2], entry[3]],
            offset: u64_at(4),
            len: u64_at(12),
            crc: u32::from_le_bytes([entry[20], entry[21], entry[22], entry[23]]),
        };
        if &s.tag != tag || s.offset != at {
            return Err(corrupt("the sections are not those of this version, end to end"));
        }
        at = at.checked_add(s.len).ok_or_else(|| corrupt("a section is too long"))?;
        out.push(s);
    }
    if at != total {
        return Err(corrupt("the sections do not fill the file"));
    }
    Ok(out)
}

/// Decodes one section from `r` with `f`, which must read all of it, and checks its
/// checksum (a mismatch wins over whatever `f` tripped on: it explains it).
fn section<R: Read, T>(
    s: &Section,
    r: R,
    file: &str,
    f: impl FnOnce(&mut Dec<'_, R>) -> Result<T>,
) -> Result<T> {
    let mut d = Dec {
        r,
        buf: Vec::new(),
        lo: 0,
        hi: 0,
        left: s.len,
        crc: crc32fast::Hasher::new(),
        file,
        section: std::str::from_utf8(TAGS.iter().find(|t| **t == &s.tag).map_or(&b"????"[..], |t| &t[..]))
            .unwrap_or("????"),
    };
    let decoded = f(&mut d).and_then(|x| {
        if d.remaining() == 0 { Ok(x) } else { Err(d.corrupt("bytes follow the section's content")) }
    });
    match d.checksum_matches(s.crc)? {
        Ok(()) => decoded,
        Err(computed) => Err(SnapshotError::Checksum { file: file.into(), found: s.crc, computed }),
    }
}

/// Decodes the sections of a snapshot whose header is `h`; `open` gives a reader of
/// one section's bytes. Statements and the indexes decode on a second thread
/// while the actors, relations and events decode on this one.
pub(super) fn decode<R: Read>(
    h: &[u8],
    sections: &[Section],
    open: &(dyn Fn(&Section) -> std::io::Result<R> + Sync),
    file: &str,
) -> Result<Graph> {
    let probe = u32::from_le_bytes([h[28], h[29], h[30], h[31]]);
    let io = |source| SnapshotError::Io { file: file.into(), source };
    let [vocb, srcs, actr, rels, evts, stmt, inda, inds] = sections else {
        return Err(SnapshotError::Corrupt {
            file: file.into(),
            what: "table of contents: wrong length".into(),
        });
    };
    let v = section(vocb, open(vocb).map_err(io)?, file, vocab_section)?;
    let sources = section(srcs, open(srcs).map_err(io)?, file, sources_section)?;
    let [na, ne, ns] = v.counts;
    let (mine, theirs) = std::thread::scope(|scope| {
        let statement_side = scope.spawn(|| -> Result<_> {
            let st = section(stmt, open(stmt).map_err(io)?, file, |d| statements(d, na, ne, &sources, &v))?;
            if st.len() != ns {
                return Err(SnapshotError::Corrupt {
                    file: file.into(),
                    what: "the statement count is wrong".into(),
                });
            }
            let ix = section(inds, open(inds).map_err(io)?, file, |d| statement_indexes(d, na, ne, ns))?;
            // The actor indexes need only the actor count: here they even out the
            // two threads' work.
            let ax = section(inda, open(inda).map_err(io)?, file, |d| actor_indexes(d, na))?;
            Ok((st, ix, ax))
        });
        let actor_side = (|| -> Result<_> {
            let actors = section(actr, open(actr).map_err(io)?, file, |d| actors_section(d, &v, &sources))?;
            if actors.len() != na {
                return Err(SnapshotError::Corrupt {
                    file: file.into(),
                    what: "the actor count is wrong".into(),
                });
            }
            let relations =
                section(rels, open(rels).map_err(io)?, file, |d| relations_section(d, &v, na, &sources))?;
            let events =
                section(evts, open(evts).map_err(io)?, file, |d| events_section(d, &v, na, &sources))?;
            if events.len() != ne {
                return Err(SnapshotError::Corrupt {
                    file: file.into(),
                    what: "the event count is wrong".into(),
                });
            }
            Ok((actors, relations, events))
        })();
        let theirs = statement_side.join().unwrap_or_else(|_| {
            Err(SnapshotError::Corrupt { file: file.into(), what: "the statement decoder stopped".into() })
        });
        (actor_side, theirs)
    });
    let (actors, relations, events) = mine?;
    let (statements, s, a) = theirs?;
    let said = s.said;
    let index = Indexes {
        top_ranges: a.top_ranges,
        top_values: a.top_values,
        units: a.units,
        adjacency: a.adjacency,
        said,
    };
    let mut graph = Graph::from_parts(sources, actors, relations, events, statements, index);
    (graph.parents, graph.children) = (a.parents, a.children);
    graph.by_speaker = s.by_speaker.into();
    graph.by_target = s.by_target.into();
    graph.by_event = s.by_event.into();
    graph.chronological = s.chronological;
    // Name hashes of another build would not find names: then the index is made
    // again on first use.
    if probe == crate::graph::name_hash(PROBE) as u32 {
        graph.names = a.names.into();
    }
    Ok(graph)
}

fn vocab_section<R: Read>(d: &mut Dec<'_, R>) -> Result<Vocabs> {
    let mut v = Vocabs {
        actor: d.vocab()?,
        relation: d.vocab()?,
        event: d.vocab()?,
        role: d.vocab()?,
        statement: d.vocab()?,
        mode: d.vocab()?,
        hedge: d.vocab()?,
        counts: [0; 3],
    };
    for c in &mut v.counts {
        let n = d.u64()?;
        *c = usize::try_from(n)
            .ok()
            .filter(|&n| n < u32::MAX as usize)
            .ok_or_else(|| d.corrupt("a count is too large"))?;
    }
    Ok(v)
}

fn sources_section<R: Read>(d: &mut Dec<'_, R>) -> Result<IndexMap<Box<str>, Source>> {
    let n = d.len(8 * 2 + 4)?;
    let mut sources: IndexMap<Box<str>, Source> = IndexMap::with_capacity(n);
    for _ in 0..n {
        let key = d.str()?.to_owned();
        let mut s = Source::new(key, d.str()?);
        s.publisher = d.opt_str()?.map(str::to_owned);
        s.author = d.opt_str()?.map(str::to_owned);
        s.date = d.opt_date()?;
        s.url = d.opt_str()?.map(str::to_owned);
        if sources.insert(s.key.as_str().into(), s).is_some() {
            return Err(d.corrupt("a source key repeats"));
        }
    }
    Ok(sources)
}

fn actors_section<R: Read>(
    d: &mut Dec<'_, R>,
    v: &Vocabs,
    sources: &IndexMap<Box<str>, Source>,
) -> Result<IndexMap<Box<str>, ActorRec>> {
    let n = d.len(8 * 3 + 1)?;
    let mut actors: IndexMap<Box<str>, ActorRec> = IndexMap::with_capacity(n);
    for _ in 0..n {
        let key: Box<str> = d.str()?.into();
        let name = d.str()?.into();
        let kind = d.code(&v.actor)?;
        let proposed = d.flag()?;
        let aliases = d.strs()?;
        let description = d.opt_str()?.map(Into::into);
        let citations = d.citations(sources)?;
        let wikidata = match d.u64()? {
            0 => None,
            q => Some(format!("Q{q}").parse().map_err(|e| d.corrupt(e))?),
        };
        let country = match d.opt_str()? {
            None => None,
            Some(c) => Some(c.parse().map_err(|e| d.corrupt(e))?),
        };
        let rec = ActorRec { name, kind, aliases, description, citations, proposed, wikidata, country };
        if let (_, Some(_)) = actors.insert_full(key, rec) {
            return Err(d.corrupt("an actor key repeats"));
        }
    }
    Ok(actors)
}

fn actor<R: Read>(d: &Dec<'_, R>, x: u32, na: usize) -> Result<ActorId> {
    if (x as usize) < na { Ok(ActorId(x)) } else { Err(d.corrupt(format!("actor {x} out of range"))) }
}

fn relations_section<R: Read>(
    d: &mut Dec<'_, R>,
    v: &Vocabs,
    na: usize,
    sources: &IndexMap<Box<str>, Source>,
) -> Result<Vec<RelationRec>> {
    let n = d.len(4 + 4 + 1 + 1 + 1 + 8 + 1)?;
    if n >= u32::MAX as usize {
        return Err(d.corrupt("too many relations"));
    }
    let mut relations = Vec::with_capacity(n);
    for _ in 0..n {
        let from = d.u32().and_then(|x| actor(d, x, na))?;
        let to = d.u32().and_then(|x| actor(d, x, na))?;
        let kind = d.code(&v.relation)?;
        let dates = (d.opt_date()?, d.opt_date()?);
        let confidence = d.f64()?;
        if !(0.0..=1.0).contains(&confidence) {
            return Err(d.corrupt("a confidence is outside [0, 1]"));
        }
        let (title, citations): (Option<Box<str>>, Box<[_]>) = match d.u8()? {
            0 => (None, Box::default()),
            1 => {
                let title = d.opt_str()?.map(Into::into);
                (title, d.citations(sources)?)
            }
            t => return Err(d.corrupt(format!("bad option tag {t}"))),
        };
        relations.push(RelationRec::new(from, kind, to).with_details(dates, confidence, title, citations));
    }
    Ok(relations)
}

fn events_section<R: Read>(
    d: &mut Dec<'_, R>,
    v: &Vocabs,
    na: usize,
    sources: &IndexMap<Box<str>, Source>,
) -> Result<IndexMap<Box<str>, EventRec>> {
    let n = d.len(8 * 2 + 1 + 1 + 4 + 8 + 8)?;
    let mut events: IndexMap<Box<str>, EventRec> = IndexMap::with_capacity(n);
    for _ in 0..n {
        let key: Box<str> = d.str()?.into();
        let kind = d.code(&v.event)?;
        let label = d.str()?.into();
        let date = d.opt_date()?;
        let place = match d.u32()? {
            u32::MAX => None,
            x => Some(actor(d, x, na)?),
        };
        let k = d.len(5)?;
        let mut participants = Vec::with_capacity(k);
        for _ in 0..k {
            let a = d.u32().and_then(|x| actor(d, x, na))?;
            participants.push((a, d.code(&v.role)?));
        }
        let citations = d.citations(sources)?;
        let rec = EventRec { kind, label, date, place, participants: participants.into(), citations };
        if let (_, Some(_)) = events.insert_full(key, rec) {
            return Err(d.corrupt("an event key repeats"));
        }
    }
    Ok(events)
}

/// The `INDA` section: the actor-side indexes.
struct ActorIndexes {
    names: Vec<(u64, ActorId)>,
    parents: Csr<ActorId>,
    children: Csr<ActorId>,
    top_ranges: Vec<(u32, u32)>,
    top_values: Vec<ActorId>,
    units: Vec<ActorId>,
    adjacency: Csr<ActorId>,
}

fn actor_indexes<R: Read>(d: &mut Dec<'_, R>, na: usize) -> Result<ActorIndexes> {
    let n = d.len(12)?;
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        let h = d.u64()?;
        names.push((h, d.u32().and_then(|x| actor(d, x, na))?));
    }
    let parents = d.csr(na, na, "parent", ActorId)?;
    let children = d.csr(na, na, "child", ActorId)?;
    let starts = d.u32s()?;
    let lens = d.u32s()?;
    let top_values = d.ids(na, "top", ActorId)?;
    if starts.len() != na
        || lens.len() != na
        || starts.iter().zip(&lens).any(|(&a, &l)| a as usize + l as usize > top_values.len())
    {
        return Err(d.corrupt("the tops index is inconsistent"));
    }
    let top_ranges = starts.into_iter().zip(lens).collect();
    let units = d.ids(na, "unit", ActorId)?;
    if units.len() != na {
        return Err(d.corrupt("the units index does not cover every actor"));
    }
    let adjacency = d.csr(na, na, "neighbour", ActorId)?;
    Ok(ActorIndexes { names, parents, children, top_ranges, top_values, units, adjacency })
}

/// The `INDS` section: the statement-side indexes.
struct StatementIndexes {
    by_speaker: Csr<StatementId>,
    by_target: Csr<StatementId>,
    by_event: Csr<StatementId>,
    chronological: Vec<StatementId>,
    said: SaidIndex,
}

fn statement_indexes<R: Read>(
    d: &mut Dec<'_, R>,
    na: usize,
    ne: usize,
    ns: usize,
) -> Result<StatementIndexes> {
    let sid = StatementId;
    let by_speaker = d.csr(na, ns, "statement", sid)?;
    let by_target = d.csr(na, ns, "statement", sid)?;
    let by_event = d.csr(ne, ns, "statement", sid)?;
    let chronological = d.ids(ns, "statement", sid)?;
    if chronological.len() != ns {
        return Err(d.corrupt("the chronological order does not list every statement"));
    }
    let keys = d.u64s()?;
    let starts = d.u32s()?;
    let ids = d.ids(ns, "statement", sid)?;
    let n = d.len(48)?;
    let mut sums = Vec::with_capacity(n);
    for _ in 0..n {
        let mut s = StanceSums::default();
        for x in &mut s.sum {
            *x = d.f64()?;
        }
        for c in &mut s.count {
            *c = d.u32()?;
        }
        sums.push(s);
    }
    let max_span = d.u32()? as i32;
    let shared_units = d.u8()? != 0;
    let ok = keys.windows(2).all(|w| w[0] < w[1])
        && keys.iter().all(|&k| ((k >> 32) as usize) < na && ((k & 0xffff_ffff) as usize) < na)
        && starts.len() == keys.len() + 1
        && starts.first() == Some(&0)
        && starts.windows(2).all(|w| w[0] <= w[1])
        && starts.last().map(|&l| l as usize) == Some(ids.len())
        && sums.len() == keys.len()
        && max_span >= 0;
    if !ok {
        return Err(d.corrupt("the said index is inconsistent"));
    }
    let said = SaidIndex { keys, starts, ids, sums, max_span, shared_units };
    Ok(StatementIndexes { by_speaker, by_target, by_event, chronological, said })
}

/// The `STMT` section.
fn statements<R: Read>(
    d: &mut Dec<'_, R>,
    na: usize,
    ne: usize,
    sources: &IndexMap<Box<str>, Source>,
    v: &Vocabs,
) -> Result<Statements> {
    let key_bytes = d.str()?.to_owned();
    let key_ends = d.u32s()?;
    let key_index = d.u64s()?;
    let recs = records(d, na, v)?;
    let n = recs.len();
    let keys_ok = key_ends.len() == n
        && key_ends.windows(2).all(|w| w[0] <= w[1])
        && key_ends.last().is_none_or(|&l| l as usize == key_bytes.len())
        && key_ends.iter().all(|&e| key_bytes.is_char_boundary(e as usize))
        && key_index.len() == n
        && key_index.windows(2).all(|w| w[0] >> 32 <= w[1] >> 32)
        && key_index.iter().all(|&x| ((x & 0xffff_ffff) as usize) < n);
    if !keys_ok {
        return Err(d.corrupt("the statement keys are inconsistent"));
    }
    let texts_n = d.len(8)?;
    let mut texts = DefaultStringInterner::with_capacity(texts_n);
    for i in 0..texts_n {
        let sym: string_interner::DefaultSymbol = texts.get_or_intern(d.str()?);
        if sym.to_usize() != i {
            return Err(d.corrupt("a statement text repeats"));
        }
    }
    let empty_text = texts.get("").ok_or_else(|| d.corrupt("the empty text is missing"))?;
    let target_actors = d.ids(na, "target", ActorId)?;
    let stances_n = d.len(8)?;
    let mut target_stances: Vec<f64> = Vec::new();
    d.array(stances_n, 8, &mut target_stances, |c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])))?;
    if target_stances.len() != target_actors.len() || target_stances.iter().any(|s| !(-1.0..=1.0).contains(s))
    {
        return Err(d.corrupt("the statement targets are inconsistent"));
    }
    let ne_x = d.len(8 * 4 + 1 + 8)?;
    let mut extras = Vec::with_capacity(ne_x);
    for _ in 0..ne_x {
        let via = d.ids(na, "outlet", ActorId)?.into();
        let k = d.len(8)?;
        let also_via = (0..k).map(|_| d.ids(na, "outlet", ActorId).map(Into::into)).collect::<Result<_>>()?;
        let audience = d.opt_str()?.map(Into::into);
        let about = d.ids(ne, "event", crate::graph::EventId)?.into();
        let framing = d.strs()?;
        let citations = d.citations(sources)?;
        let proposed = d.flag()?;
        extras.push(StatementExtra { via, also_via, audience, about, framing, citations, proposed });
    }
    // What the records name that was decoded after them: texts, targets, extras.
    let mut last_start = 0;
    for (i, r) in recs.iter().enumerate() {
        let ok = r.text.to_usize() < texts_n
            && r.targets_start >= last_start
            && (r.targets_start as usize) <= target_actors.len()
            && (r.extra == crate::graph::NO_EXTRA || (r.extra as usize) < extras.len());
        if !ok {
            return Err(d.corrupt(format!("statement record {i} is inconsistent")));
        }
        last_start = r.targets_start;
    }
    Ok(Statements {
        key_hashes: Vec::new(),
        key_bytes,
        key_ends,
        key_index,
        recs,
        texts,
        target_actors,
        target_stances,
        extras,
        empty_text,
    })
}

/// The statement records of the `STMT` section, decoded straight from the read
/// window (no copy of their 27 bytes each), with what can be checked before the
/// texts, targets and extras that follow them (see [`statements`]).
fn records<R: Read>(d: &mut Dec<'_, R>, na: usize, v: &Vocabs) -> Result<Vec<StatementRec>> {
    let (kinds, modes, hedges) = (&v.statement, &v.mode, &v.hedge);
    let n = d.len(REC_LEN)?;
    let mut recs = Vec::with_capacity(n);
    let u32_at = |r: &[u8], i: usize| u32::from_le_bytes([r[i], r[i + 1], r[i + 2], r[i + 3]]);
    let mut todo = n;
    while todo > 0 {
        let k = todo.min(CHUNK / REC_LEN);
        let before = recs.len();
        for r in d.take(k * REC_LEN)?.chunks_exact(REC_LEN) {
            let speaker = u32_at(r, 0);
            let date = date_from_code(u32_at(r, 4));
            let (kind, mode, hedge) =
                (kinds.get(r[12] as usize), modes.get(r[13] as usize), hedges.get(r[14] as usize));
            let text = Symbol::try_from_usize(u32_at(r, 15) as usize);
            let (Some(date), Some(&kind), Some(&mode), Some(&hedge), Some(text), true) =
                (date, kind, mode, hedge, text, (speaker as usize) < na)
            else {
                break;
            };
            recs.push(StatementRec {
                speaker: ActorId(speaker),
                date,
                order: u32_at(r, 8),
                kind,
                mode,
                hedge,
                text,
                targets_start: u32_at(r, 19),
                extra: u32_at(r, 23),
            });
        }
        if recs.len() - before < k {
            return Err(d.corrupt(format!("statement record {} is inconsistent", recs.len())));
        }
        todo -= k;
    }
    Ok(recs)
}
