//! Writing files so that a crash or an error never leaves half a file behind.
//!
//! [`write_atomically`] writes a temporary file beside the target, syncs it and
//! renames it over the target: at every moment the target holds either all of the
//! old content or all of the new.

use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// How many symbolic links are followed to find the file to write.
const MAX_LINKS: usize = 40;

/// Writes a file atomically: `write` fills a temporary file in the same directory,
/// which replaces `path` only once everything is written and synced to disk.
///
/// - An existing file keeps its permissions (and, where the process may set them,
///   its owner and group); a new file gets the permissions any new file gets
///   (`0o666` less the umask on Unix).
/// - If `path` is a symbolic link, the file it points to is replaced, and the link
///   stays.
/// - If `write` fails, the previous content of `path` is left intact and the
///   temporary file is removed.
///
/// The temporary file is `.NAME.PID.XXXXXX.tmp` beside the target. What each kind
/// of interruption leaves:
///
/// | interruption | the target | the temporary file |
/// | --- | --- | --- |
/// | `write` returns an error, a write or sync fails (full disk) | unchanged | removed |
/// | the process panics while writing | unchanged | removed as the stack unwinds |
/// | the process is killed (SIGKILL) or aborts before the rename | unchanged | left; the next save of the same target removes it once process PID has ended (Linux, from `/proc`; elsewhere remove it by hand) |
/// | the machine loses power | the old or the new content, whole (the file is synced before the rename, the folder after it) | as for a kill |
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
/// Whatever `write` returns, or the error of creating, syncing or renaming the file;
/// the message of the latter names `path` (or the file its link points to).
pub fn write_atomically(
    path: impl AsRef<Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_atomically_seekable(path, |w| write(w))
}

/// [`write_atomically`] for writers that go back to fill in what they learn at the
/// end (a snapshot's table of contents): `write` may seek within the temporary file.
pub(crate) fn write_atomically_seekable(
    path: impl AsRef<Path>,
    write: impl FnOnce(&mut BufWriter<tempfile::NamedTempFile>) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_links(path.as_ref())?;
    let target = target.as_path();
    let (dir, name) = match (target.parent(), target.file_name()) {
        (Some(p), Some(name)) if !p.as_os_str().is_empty() => (p, name),
        (_, Some(name)) => (Path::new("."), name),
        _ => return Err(named(target, io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))),
    };
    let existing = std::fs::metadata(target).ok().filter(|m| m.is_file());
    remove_stale(dir, name);

    let prefix = temp_prefix(name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // Created with 0o666, less the umask, as any new file; an existing file's
        // permissions are copied below.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(dir).map_err(|e| named(target, e))?;
    if let Some(old) = &existing {
        keep_owner_and_permissions(temp.as_file(), old).map_err(|e| named(target, e))?;
    }
    let mut out = BufWriter::new(temp);
    write(&mut out)?;
    let temp = out.into_inner().map_err(|e| named(target, e.into_error()))?;
    temp.as_file().sync_all().map_err(|e| named(target, e))?;
    temp.persist(target).map_err(|e| named(target, e.error))?;
    sync_dir(dir);
    Ok(())
}

/// The error `e`, its message naming `path` rather than a temporary file.
fn named(path: &Path, e: io::Error) -> io::Error {
    let message = e.to_string();
    // tempfile appends ` at path "…"` naming its temporary file.
    let message = message.rfind(" at path ").map_or(message.as_str(), |cut| &message[..cut]);
    io::Error::new(e.kind(), format!("cannot save {}: {message}", path.display()))
}

/// `path`, or the file its chain of symbolic links ends at (which may not exist yet).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_owned();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&path).map_err(|e| named(&path, e))?;
                path = match path.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            _ => return Ok(path),
        }
    }
    let e = io::Error::new(io::ErrorKind::InvalidInput, format!("more than {MAX_LINKS} symbolic links"));
    Err(named(&path, e))
}

/// The start of a temporary file's name for target `name`: `.NAME.PID.`.
fn temp_prefix(name: &std::ffi::OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(format!(".{}.", std::process::id()));
    prefix
}

/// Removes temporary files for target `name` in `dir` that a killed save left: those
/// whose process is gone. Only where the system says which processes run (Linux's
/// `/proc`); elsewhere they stay. Failures are ignored: this only tidies.
fn remove_stale(dir: &Path, name: &std::ffi::OsStr) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Some(name) = name.to_str() else { return };
    let start = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&start)) else { continue };
        let Some(rest) = rest.strip_suffix(".tmp") else { continue };
        let Some((pid, random)) = rest.split_once('.') else { continue };
        let ours = !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && !random.is_empty()
            && random.bytes().all(|b| b.is_ascii_alphanumeric());
        if ours && !Path::new("/proc").join(pid).exists() && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Gives the new file the old one's permissions, and its owner and group where the
/// process may (as root); a process that may not keeps its own, as for any file it
/// creates.
fn keep_owner_and_permissions(file: &std::fs::File, old: &std::fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let new = file.metadata()?;
        if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
            let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
        }
    }
    file.set_permissions(old.permissions())
}

/// Syncs the folder so that the rename survives a power loss (Unix; elsewhere the
/// rename is as durable as the system makes it).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
