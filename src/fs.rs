//! Contract files on disk: read only regular files of bounded size, and
//! replace a file only if it is still the file that was read.
//!
//! [`read_contract`] is the one way the command line and the language server
//! read a contract file: a FIFO would block the reader forever and a device
//! such as `/dev/zero` never ends, so anything but a regular file of at most
//! [`MAX_FILE_SIZE`] bytes is refused with a [`NotAFile`] error.
//!
//! `Snapshot::read` and `Snapshot::replace` (crate-private) are how
//! `pactum fmt` rewrites a file without losing what another program saved
//! meanwhile (docs/fmt.md).

use std::fmt;
use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The largest contract file read, in bytes (64 MiB). Real contracts are a few
/// hundred kilobytes; the cap keeps a mistaken path from exhausting memory.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Opening a FIFO for reading blocks until a writer opens it, unless the open
/// does not block; a regular file reads the same either way.
#[cfg(any(target_os = "linux", target_os = "android"))]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const O_NONBLOCK: i32 = 0x0004;

/// Why a path is not read as a contract file. It travels inside an
/// [`io::Error`]; [`not_a_file`] gets it back out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAFile {
    /// A directory.
    Directory,
    /// A named pipe: reading it waits for a writer.
    Fifo,
    /// A character or block device such as `/dev/zero`.
    Device,
    /// A Unix socket.
    Socket,
    /// A regular file larger than [`MAX_FILE_SIZE`] (its size in bytes).
    TooLarge(u64),
}

impl fmt::Display for NotAFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotAFile::Directory => write!(f, "it is a directory"),
            NotAFile::Fifo => write!(f, "it is a named pipe (FIFO), not a regular file"),
            NotAFile::Device => write!(f, "it is a device, not a regular file"),
            NotAFile::Socket => write!(f, "it is a socket, not a regular file"),
            NotAFile::TooLarge(size) => write!(
                f,
                "it is larger than {} MiB ({size} bytes or more)",
                MAX_FILE_SIZE >> 20
            ),
        }
    }
}

impl std::error::Error for NotAFile {}

impl NotAFile {
    /// What the user can do about it, for the diagnostic's help.
    pub fn help(&self) -> String {
        match self {
            NotAFile::TooLarge(_) => format!(
                "contract files are read only up to {} MiB; check that the path names a contract",
                MAX_FILE_SIZE >> 20
            ),
            _ => "only regular files are read as contracts; name a `.pactum` file".to_string(),
        }
    }

    fn error(self) -> io::Error {
        let kind = match self {
            NotAFile::Directory => io::ErrorKind::IsADirectory,
            NotAFile::TooLarge(_) => io::ErrorKind::FileTooLarge,
            _ => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, self)
    }
}

/// The reason an error from [`read_contract`] refused the path, if it did.
pub fn not_a_file(e: &io::Error) -> Option<NotAFile> {
    e.get_ref()?.downcast_ref::<NotAFile>().copied()
}

/// The bytes of a contract file: a regular file (through symbolic links) of
/// at most [`MAX_FILE_SIZE`] bytes. Anything else is an error that
/// [`not_a_file`] explains, found without blocking and without reading more
/// than the cap.
pub fn read_contract(path: &Path) -> io::Result<Vec<u8>> {
    let (mut file, meta) = open_regular(path)?;
    read_capped(&mut file, &meta)
}

/// Opens `path` for reading if it is a regular file within the cap. The kind
/// is checked before opening (so a FIFO is never opened) and again on the
/// open file (in case the path was replaced in between).
fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    check_kind(&std::fs::metadata(path)?)?;
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(O_NONBLOCK)
        .open(path)?;
    let meta = file.metadata()?;
    check_kind(&meta)?;
    Ok((file, meta))
}

fn check_kind(meta: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    let refused = if kind.is_file() {
        (meta.len() > MAX_FILE_SIZE).then_some(NotAFile::TooLarge(meta.len()))
    } else if kind.is_dir() {
        Some(NotAFile::Directory)
    } else if kind.is_fifo() {
        Some(NotAFile::Fifo)
    } else if kind.is_socket() {
        Some(NotAFile::Socket)
    } else {
        Some(NotAFile::Device)
    };
    refused.map_or(Ok(()), |r| Err(r.error()))
}

/// Reads the whole file, but never more than one byte past the cap: a file
/// that grows while it is read is refused rather than followed.
fn read_capped(file: &mut File, meta: &Metadata) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(NotAFile::TooLarge(bytes.len() as u64).error());
    }
    Ok(bytes)
}

// ---------------------------------------------------------------- replacing

/// Why [`Snapshot::read`] or [`Snapshot::replace`] left a file as it was.
#[derive(Debug)]
pub(crate) enum Refused {
    /// The file could not be read (the reason names the path).
    Read(io::Error),
    /// Another program holds a lock on the file (it is being saved).
    Locked,
    /// The file changed between reading it and replacing it.
    Changed,
    /// The file has no write permission for anyone, and `force` was not given.
    ReadOnly,
    /// The directory does not let a new file be created in it.
    Directory(PathBuf, io::Error),
    /// The new file could not be given the old one's owner and group.
    Owner {
        /// The owner the old file had.
        uid: u32,
        /// The group the old file had.
        gid: u32,
        /// Why they could not be set.
        error: io::Error,
    },
    /// Writing failed (disk full, I/O error); the file is unchanged.
    Write(io::Error),
}

/// How [`Snapshot::replace`] put the new text in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replaced {
    /// A new file was renamed over the old one.
    Renamed,
    /// The file has more than one hard link (the count), so it was rewritten
    /// in place: every link shows the new text.
    InPlace(u64),
}

/// A file as read for rewriting: its bytes and what it looked like then. It
/// holds the file open, with an advisory lock, until dropped.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// The file itself: symbolic links resolved, so the link stays a link.
    path: PathBuf,
    file: File,
    meta: Metadata,
    bytes: Vec<u8>,
}

impl Snapshot {
    /// Reads `path` (following symbolic links) for rewriting. The file must be
    /// a regular file within [`MAX_FILE_SIZE`], not locked by another program
    /// (`flock`), and unchanged while it is read.
    pub fn read(path: &Path) -> Result<Snapshot, Refused> {
        let target = std::fs::canonicalize(path).map_err(Refused::Read)?;
        let (mut file, meta) = open_regular(&target).map_err(Refused::Read)?;
        // A program that locks the file while saving it is never raced.
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(Refused::Locked),
            // File systems without locks: the version checks below remain.
            Err(std::fs::TryLockError::Error(_)) => {}
        }
        let bytes = read_capped(&mut file, &meta).map_err(Refused::Read)?;
        if !same_version(&meta, &file.metadata().map_err(Refused::Read)?) {
            return Err(Refused::Changed);
        }
        Ok(Snapshot {
            path: target,
            file,
            meta,
            bytes,
        })
    }

    /// The bytes read.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file read: the target when the path given was a symbolic link.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces the file's content with `text`, only if the file is still
    /// exactly as read. A file with one link is replaced by a new file written
    /// in the same directory with the old one's owner, group and mode, then
    /// renamed over it; a file with several hard links is rewritten in place so
    /// that every link sees the new text. A read-only file is refused unless
    /// `force`. On any failure the file is as it was.
    pub fn replace(&self, text: &[u8], force: bool) -> Result<Replaced, Refused> {
        self.replace_with(text, force, &mut |file, bytes| file.write_all(bytes))
    }

    /// [`Snapshot::replace`] with the writing of the new bytes given, so that
    /// tests can make it fail (a full disk) at any point.
    pub(crate) fn replace_with(
        &self,
        text: &[u8],
        force: bool,
        write: &mut dyn FnMut(&mut File, &[u8]) -> io::Result<()>,
    ) -> Result<Replaced, Refused> {
        if self.meta.permissions().mode() & 0o222 == 0 && !force {
            return Err(Refused::ReadOnly);
        }
        if self.meta.nlink() > 1 {
            return self.rewrite_in_place(text, write);
        }
        let dir = self.path.parent().unwrap_or(Path::new("/"));
        let (tmp_path, mut tmp) = temp_file(dir, &self.path)?;
        let result = (|| {
            write(&mut tmp, text).map_err(Refused::Write)?;
            self.copy_owner_and_mode(&tmp)?;
            tmp.sync_all().map_err(Refused::Write)?;
            self.still_as_read()?;
            std::fs::rename(&tmp_path, &self.path)
                .map_err(|e| directory_error(dir, e, Refused::Write))
        })();
        if let Err(refused) = result {
            let _ = std::fs::remove_file(&tmp_path);
            return Err(refused);
        }
        // The rename is durable only once the directory is written.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(Replaced::Renamed)
    }

    /// Hard links share one inode: renaming a new file over one link would
    /// leave the others on the old text, so the inode itself is rewritten.
    /// If writing fails, the old bytes are written back.
    fn rewrite_in_place(
        &self,
        text: &[u8],
        write: &mut dyn FnMut(&mut File, &[u8]) -> io::Result<()>,
    ) -> Result<Replaced, Refused> {
        let mut out = OpenOptions::new()
            .write(true)
            .open(&self.path)
            .map_err(Refused::Write)?;
        let meta = out.metadata().map_err(Refused::Write)?;
        if (meta.dev(), meta.ino()) != (self.meta.dev(), self.meta.ino()) {
            return Err(Refused::Changed);
        }
        self.still_as_read()?;
        let result = write(&mut out, text)
            .and_then(|()| out.set_len(text.len() as u64))
            .and_then(|()| out.sync_all());
        if let Err(e) = result {
            // The old bytes fit in the space they had, so this write back
            // succeeds even on a full disk.
            let _ = out
                .write_all_at(&self.bytes, 0)
                .and_then(|()| out.set_len(self.bytes.len() as u64))
                .and_then(|()| out.sync_all());
            return Err(Refused::Write(e));
        }
        Ok(Replaced::InPlace(self.meta.nlink()))
    }

    /// Gives the new file the owner, group and mode of the old one. The owner
    /// first: changing it clears set-user-id bits, which the mode restores.
    fn copy_owner_and_mode(&self, tmp: &File) -> Result<(), Refused> {
        let (uid, gid) = (self.meta.uid(), self.meta.gid());
        let now = tmp.metadata().map_err(Refused::Write)?;
        if (now.uid(), now.gid()) != (uid, gid) {
            std::os::unix::fs::fchown(tmp, Some(uid), Some(gid))
                .map_err(|error| Refused::Owner { uid, gid, error })?;
        }
        tmp.set_permissions(self.meta.permissions())
            .map_err(Refused::Write)
    }

    /// The last check before the file is replaced: the same file is at the
    /// path, with the same size, times and bytes as when it was read.
    fn still_as_read(&self) -> Result<(), Refused> {
        let at_path = std::fs::metadata(&self.path).map_err(|_| Refused::Changed)?;
        let open = self.file.metadata().map_err(|_| Refused::Changed)?;
        let same_file = (at_path.dev(), at_path.ino()) == (self.meta.dev(), self.meta.ino());
        if !same_file || !same_version(&self.meta, &open) || !same_version(&self.meta, &at_path) {
            return Err(Refused::Changed);
        }
        // Times can be set back by a program; the bytes cannot lie.
        let mut now = vec![0; self.bytes.len() + 1];
        let mut read = 0;
        while read < now.len() {
            match self.file.read_at(&mut now[read..], read as u64) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(Refused::Changed),
            }
        }
        if now[..read] != self.bytes[..] {
            return Err(Refused::Changed);
        }
        Ok(())
    }
}

/// Size, modification time and change time: any write changes one of them.
fn same_version(a: &Metadata, b: &Metadata) -> bool {
    (
        a.len(),
        a.mtime(),
        a.mtime_nsec(),
        a.ctime(),
        a.ctime_nsec(),
    ) == (
        b.len(),
        b.mtime(),
        b.mtime_nsec(),
        b.ctime(),
        b.ctime_nsec(),
    )
}

/// A new, empty file next to `target` that only its creator can read.
pub(crate) fn temp_file(dir: &Path, target: &Path) -> Result<(PathBuf, File), Refused> {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let mut attempt = 0;
    loop {
        let tmp = dir.join(format!(".{name}.{}.{attempt}.fmt.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(directory_error(dir, e, Refused::Write)),
        }
    }
}

/// Permission to create or rename a file is the directory's, so that is what
/// the error names.
fn directory_error(dir: &Path, e: io::Error, other: fn(io::Error) -> Refused) -> Refused {
    match e.kind() {
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            Refused::Directory(dir.to_path_buf(), e)
        }
        _ => other(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_after_reading_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pactum");
        std::fs::write(&path, "old").unwrap();
        let snapshot = Snapshot::read(&path).unwrap();
        // Same size, so only the time and the bytes tell.
        std::fs::write(&path, "new").unwrap();
        assert!(matches!(
            snapshot.replace(b"formatted", false),
            Err(Refused::Changed)
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn a_full_disk_leaves_the_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pactum");
        std::fs::write(&path, "old text").unwrap();
        let full = |file: &mut File, bytes: &[u8]| -> io::Result<()> {
            file.write_all(&bytes[..bytes.len() / 2])?;
            Err(io::Error::from_raw_os_error(28)) // ENOSPC
        };
        let snapshot = Snapshot::read(&path).unwrap();
        let e = snapshot.replace_with(b"a much longer new text", false, &mut { full });
        assert!(matches!(e, Err(Refused::Write(_))), "{e:?}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old text");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        // The same with two hard links, which are rewritten in place. The
        // first snapshot's lock is let go first, as when `fmt` moves on.
        drop(snapshot);
        std::fs::hard_link(&path, dir.path().join("b.pactum")).unwrap();
        let snapshot = Snapshot::read(&path).unwrap();
        let e = snapshot.replace_with(b"a much longer new text", false, &mut { full });
        assert!(matches!(e, Err(Refused::Write(_))), "{e:?}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old text");
    }
}
