//! Binary snapshots of a built [`Graph`]: save once, reopen in a fraction of the
//! time a CSV or JSON import takes. The format is documented in
//! `docs/snapshot-format.md`.
//!
//! A snapshot holds every record and every index the graph built, as flat
//! little-endian arrays after a versioned header; a CRC-32 of everything after the
//! header guards it. Opening reads the file in one `read`, checks the checksum,
//! decodes the arrays and checks every id and range in them, so a damaged,
//! truncated or foreign file is a [`SnapshotError`], never a panic, and nothing is
//! allocated beyond what the file's own length accounts for. Only the petgraph view
//! ([`Graph::petgraph`]) and the look-up tables of the small item kinds (sources,
//! events, actor keys) are rebuilt, in linear time.
//!
//! Snapshots are a cache, not an exchange format: a snapshot written by another
//! version of the format is refused ([`SnapshotError::Version`]); keep the
//! dataset (JSON or CSV) as the source of truth.
//!
//! ```
//! let graph = stancegraph::datasets::strait_incident();
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("strait.sgs");
//! graph.save_snapshot(&path)?;
//! let again = stancegraph::Graph::open_snapshot(&path)?;
//! assert_eq!(again, graph);
//! assert_eq!(again.resolve("Poseidonia")?.key(), graph.resolve("Poseidonia")?.key());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod decode;
mod encode;

use std::path::Path;

use crate::graph::Graph;

/// The first bytes of every snapshot.
pub const MAGIC: [u8; 8] = *b"SGSNAP\r\n";

/// The format version this crate writes and reads.
pub const VERSION: u32 = 1;

/// Why a snapshot could not be saved or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// The file could not be read or written.
    #[error("cannot access snapshot {file}: {source}")]
    Io {
        /// The file's path.
        file: String,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// The file does not start with [`MAGIC`]: it is not a snapshot.
    #[error("{file} is not a stancegraph snapshot")]
    NotASnapshot {
        /// The file's path.
        file: String,
    },
    /// The snapshot was written in another version of the format.
    #[error(
        "{file} is a snapshot of format version {found}; this version of stancegraph reads version {expected}"
    )]
    Version {
        /// The file's path.
        file: String,
        /// The version in the file.
        found: u32,
        /// [`VERSION`].
        expected: u32,
    },
    /// The file is shorter or longer than its header says: cut off, or appended to.
    #[error(
        "{file} is truncated or has trailing bytes: the header says {expected} bytes, the file has {found}"
    )]
    Length {
        /// The file's path.
        file: String,
        /// The length the header announces.
        expected: u64,
        /// The file's length.
        found: u64,
    },
    /// The checksum does not match the content: the file was damaged.
    #[error("{file} is damaged: its checksum is {found:08x}, its content sums to {computed:08x}")]
    Checksum {
        /// The file's path.
        file: String,
        /// The checksum in the file.
        found: u32,
        /// The checksum of the content.
        computed: u32,
    },
    /// The content is inconsistent (an id out of range, a bad date, an unknown
    /// kind ...): written by something else, or damaged in a way the checksum
    /// did not catch.
    #[error("{file} is corrupt: {what}")]
    Corrupt {
        /// The file's path.
        file: String,
        /// What is wrong, and in which section.
        what: String,
    },
}

impl Graph {
    /// Saves the graph as a snapshot at `path`, atomically (see
    /// [`write_atomically`](crate::io::write_atomically)): a failed save leaves any
    /// previous file in place.
    ///
    /// ```
    /// let graph = stancegraph::datasets::strait_incident();
    /// let dir = tempfile::tempdir()?;
    /// graph.save_snapshot(dir.path().join("g.sgs"))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`SnapshotError::Io`] if the file cannot be written.
    pub fn save_snapshot(&self, path: impl AsRef<Path>) -> Result<(), SnapshotError> {
        let path = path.as_ref();
        crate::io::file::write_atomically_seekable(path, |w| encode::write(self, w))
            .map_err(|source| SnapshotError::Io { file: path.display().to_string(), source })
    }

    /// Opens a snapshot written by [`Graph::save_snapshot`].
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("g.sgs");
    /// std::fs::write(&path, b"id,name,kind\n")?;
    /// let err = stancegraph::Graph::open_snapshot(&path).unwrap_err();
    /// assert!(matches!(err, stancegraph::io::snapshot::SnapshotError::NotASnapshot { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`SnapshotError::Io`] if the file cannot be read; the other variants if it is
    /// not a snapshot of this version or is damaged.
    pub fn open_snapshot(path: impl AsRef<Path>) -> Result<Graph, SnapshotError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let io = |source| SnapshotError::Io { file: file.clone(), source };
        let mut f = std::fs::File::open(path).map_err(io)?;
        let meta = f.metadata().map_err(io)?;
        if !meta.is_file() {
            let source = std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file");
            return Err(SnapshotError::Io { file, source });
        }
        // The header and table of contents first: the lengths they announce are
        // checked against the file's before anything else is read.
        let mut head = [0u8; HEAD_LEN];
        let got = read_up_to(&mut f, &mut head).map_err(io)?;
        let expected = decode::check_header(&head[..got], &file)?;
        let found = stored_len(&meta);
        if expected != meta.len() || expected > found.max(HEAD_LEN as u64) || got < HEAD_LEN {
            return Err(SnapshotError::Length { file, expected, found: meta.len() });
        }
        let sections = decode::read_toc(&head, &head[encode::HEADER_LEN..], &file)?;
        // Each section is read through its own handle, so that two threads can decode
        // at once.
        let open = |s: &decode::Section| -> std::io::Result<_> {
            use std::io::{Read, Seek};
            let mut f = std::fs::File::open(path)?;
            f.seek(std::io::SeekFrom::Start(s.offset))?;
            Ok(f.take(s.len))
        };
        decode::decode(&head, &sections, &open, &file)
    }

    /// Opens a snapshot from bytes in memory (the whole file).
    ///
    /// # Errors
    /// As [`Graph::open_snapshot`], naming the file `snapshot`.
    pub fn snapshot_from_bytes(bytes: &[u8]) -> Result<Graph, SnapshotError> {
        let file = "snapshot";
        let head = bytes.get(..HEAD_LEN.min(bytes.len())).unwrap_or_default();
        let expected = decode::check_header(head, file)?;
        if expected != bytes.len() as u64 || bytes.len() < HEAD_LEN {
            return Err(SnapshotError::Length { file: file.into(), expected, found: bytes.len() as u64 });
        }
        let sections = decode::read_toc(head, &head[encode::HEADER_LEN..], file)?;
        let open = |s: &decode::Section| -> std::io::Result<&[u8]> {
            let range = usize::try_from(s.offset).ok().zip(usize::try_from(s.offset + s.len).ok());
            Ok(range.and_then(|(a, z)| bytes.get(a..z)).unwrap_or_default())
        };
        decode::decode(head, &sections, &open, file)
    }

    /// The snapshot of this graph as bytes (what [`Graph::save_snapshot`] writes).
    pub fn snapshot_bytes(&self) -> Vec<u8> {
        let mut bytes = std::io::Cursor::new(Vec::new());
        // Writing to memory cannot fail.
        let _ = encode::write(self, &mut bytes);
        bytes.into_inner()
    }
}

/// The header and the table of contents.
const HEAD_LEN: usize = encode::HEADER_LEN + encode::TOC_LEN;

/// Reads until `buf` is full or the input ends; the number of bytes read.
fn read_up_to(r: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The bytes a file holds on disk: its length, but no more than its allocated
/// blocks where the system says (a sparse file's holes would read as zeros).
fn stored_len(meta: &std::fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Small files may live inside the inode: only distrust large claims.
        meta.len().min(meta.blocks().saturating_mul(512).max(1 << 16))
    }
    #[cfg(not(unix))]
    {
        meta.len()
    }
}

#[cfg(test)]
mod tests {
    use crate::Graph;

    /// Every field, indexes included, comes back as it was built.
    fn same(a: &Graph, b: &Graph) {
        assert_eq!(a, b);
        assert_eq!(a.names(), b.names());
        assert_eq!((&a.parents, &a.children), (&b.parents, &b.children));
        assert_eq!(
            (a.by_speaker(), a.by_target(), a.by_event()),
            (b.by_speaker(), b.by_target(), b.by_event())
        );
        assert_eq!(a.chronological, b.chronological);
        assert_eq!(a.index, b.index);
        assert_eq!(a.statements.key_index, b.statements.key_index);
        assert_eq!(a.net().node_count(), b.net().node_count());
        let edges = |g: &Graph| {
            g.net().raw_edges().iter().map(|e| (e.source(), e.target(), e.weight)).collect::<Vec<_>>()
        };
        assert_eq!(edges(a), edges(b));
    }

    #[test]
    fn every_index_round_trips() {
        let empty = crate::GraphBuilder::new().build().expect("an empty graph is valid");
        for g in [crate::datasets::strait_incident(), empty] {
            let back = Graph::snapshot_from_bytes(&g.snapshot_bytes()).expect("own snapshot");
            same(&g, &back);
            assert_eq!(back.snapshot_bytes(), g.snapshot_bytes());
        }
    }
}
