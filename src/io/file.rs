//! Writing files so that a crash or an error never leaves half a file behind.

use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Writes a file atomically: `write` fills a temporary file in the same directory,
/// which replaces `path` only once everything is written and flushed to disk.
///
/// If `write` fails (or the process dies), the previous content of `path` is left
/// intact and the temporary file is removed.
///
/// ```
/// use std::io::Write;
///
/// let dir = std::env::temp_dir().join(format!("stancegraph-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("graph.json");
/// stancegraph::io::write_atomically(&path, |w| w.write_all(b"first"))?;
/// let failed = stancegraph::io::write_atomically(&path, |w| {
///     w.write_all(b"half a fi")?;
///     Err(std::io::Error::other("disk full"))
/// });
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read_to_string(&path)?, "first");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
/// Whatever `write` returns, or the error of creating, syncing or renaming the file.
pub fn write_atomically(
    path: impl AsRef<Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let path = path.as_ref();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = BufWriter::new(temp);
    write(&mut out)?;
    let temp = out.into_inner().map_err(|e| e.into_error())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
