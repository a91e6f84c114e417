//! Files under stress (issue 12): `pactum fmt` with a concurrent writer,
//! read-only files and directories, another owner, links and link loops; and
//! `amends` of things that are not contract files (a FIFO, `/dev/zero`, a
//! huge file), which must end quickly with a `pactum::io` diagnostic.
//!
//! A full disk is a 16 KiB tmpfs when the tests run as root (the test is
//! skipped otherwise: mounting needs privileges that CI does not have), and
//! always, in the unit tests of src/fs.rs, the writer's fault-injection seam.

#![cfg(unix)]

mod lsp_client;

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The user that tests running as root hand files to, and run `pactum` as.
const OTHER_UID: u32 = 12345;

fn is_root() -> bool {
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Whether a test that needs root can run; says so when it cannot.
fn root_for(what: &str) -> bool {
    let root = is_root();
    if !root {
        eprintln!("skipped: {what} needs root");
    }
    root
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

/// A contract that amends `target`.
fn amending_text(target: &str) -> String {
    format!("contract \"X\"\n  effective 2025-01-01\n  amends \"{target}\"\n\nparty a \"A\"\n")
}

/// Runs `pactum` in `dir`, killing it (and failing) after `limit`.
fn run(mut cmd: Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pactum");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pactum did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().expect("output")
}

fn pactum(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pactum"));
    cmd.args(args).current_dir(dir);
    run(cmd, Duration::from_secs(20))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

const MESSY: &str = "party a   \"A\"\nparty b   \"B\"\n";
const TIDY: &str = "party a \"A\"\nparty b \"B\"\n";

// ---------------------------------------------------------------- a writer

/// The text of save number `version`: declarations that parse at every line
/// boundary, so that a half-written save is a valid contract (the case that
/// lost data), and that `fmt` would change.
fn save_text(version: usize) -> String {
    (0..40)
        .map(|line| format!("party p{line}_v{version}   \"P\"\n"))
        .collect()
}

/// A writer that saves the file in place, line by line, while `pactum fmt`
/// runs on it again and again. The writer locks the file (`flock`) while it
/// saves, as careful programs do, and after each save checks, still holding
/// the lock, that the file at the path is the one it wrote and holds the
/// whole save. Before the fix, fmt formatted a half-written file and renamed
/// it over the writer's, so the check failed on most runs. With the fix, fmt
/// skips a locked file and, holding the lock itself, makes the writer wait
/// and then write the new file; the check cannot fail, whatever the timing.
#[test]
fn fmt_never_replaces_a_file_that_a_writer_is_saving() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pactum");
    fs::write(&path, save_text(0)).unwrap();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, done) = (path.clone(), done.clone());
        std::thread::spawn(move || {
            let mut lost = Vec::new();
            for version in 1..=60 {
                let text = save_text(version);
                // The file to lock is the one at the path once locked.
                let mut file = loop {
                    let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
                    file.lock().unwrap();
                    if file.metadata().unwrap().ino() == fs::metadata(&path).unwrap().ino() {
                        break file;
                    }
                };
                file.set_len(0).unwrap();
                for line in text.split_inclusive('\n') {
                    file.write_all(line.as_bytes()).unwrap();
                    std::thread::sleep(Duration::from_micros(100));
                }
                file.sync_all().unwrap();
                let same_file =
                    file.metadata().unwrap().ino() == fs::metadata(&path).unwrap().ino();
                let whole = fs::read_to_string(&path).unwrap() == text;
                if !same_file || !whole {
                    lost.push(version);
                }
                drop(file);
                std::thread::sleep(Duration::from_millis(2));
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            lost
        })
    };
    let mut runs = 0;
    while !done.load(std::sync::atomic::Ordering::SeqCst) {
        let out = pactum(dir.path(), &["fmt", "c.pactum"]);
        // 0: formatted or already formatted; 2: skipped (locked or changed).
        assert!(matches!(code(&out), 0 | 2), "{out:?}");
        runs += 1;
    }
    let lost = writer.join().unwrap();
    assert!(
        lost.is_empty(),
        "fmt replaced {} of 60 saves while they were being written ({runs} fmt runs): {lost:?}",
        lost.len()
    );
    // With the writer gone, fmt formats its last save.
    assert_eq!(code(&pactum(dir.path(), &["fmt", "c.pactum"])), 0);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        save_text(60).replace("   ", " ")
    );
}

// ---------------------------------------------------------------- permissions

#[test]
fn a_read_only_file_is_refused_unless_forced_and_stays_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pactum");
    fs::write(&path, MESSY).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let out = pactum(dir.path(), &["fmt", "c.pactum"]);
    assert_eq!(code(&out), 2, "{out:?}");
    assert!(stderr(&out).contains("c.pactum is read-only"), "{out:?}");
    assert!(stderr(&out).contains("--force"), "{out:?}");
    assert_eq!(fs::read_to_string(&path).unwrap(), MESSY);

    let out = pactum(dir.path(), &["fmt", "--force", "c.pactum"]);
    assert_eq!(code(&out), 0, "{out:?}");
    assert_eq!(fs::read_to_string(&path).unwrap(), TIDY);
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o444);
}

/// Whether every directory from the root down to `dir` (inclusive) lets any
/// user through, so that another user can reach what is inside.
fn reachable_by_anyone(dir: &Path) -> bool {
    dir.ancestors()
        .all(|d| fs::metadata(d).is_ok_and(|m| m.mode() & 0o001 != 0))
}

/// A temporary directory that another user can enter and whose files it can
/// run: under the usual temporary directory if every directory above it lets
/// anyone through, else under `/tmp`. A repository cloned under a private
/// directory (`mktemp -d` makes them 0700), or a private `TMPDIR`, would
/// otherwise hide both the directory and the binary from that user.
fn tempdir_for_anyone() -> tempfile::TempDir {
    let usual = std::env::temp_dir();
    let base = if reachable_by_anyone(&usual) {
        usual
    } else {
        std::path::PathBuf::from("/tmp")
    };
    let dir = tempfile::tempdir_in(&base).unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        reachable_by_anyone(dir.path()),
        "no temporary directory that another user can reach: {}",
        dir.path().display()
    );
    dir
}

/// The error names the directory, which is what refuses the new file. As
/// root, who may write anywhere, `pactum` runs as another user, from a copy
/// of the binary in a directory that user can reach (the build's own may sit
/// under a private directory).
#[test]
fn a_read_only_directory_is_named_in_the_error() {
    let dir = tempdir_for_anyone();
    let sub = dir.path().join("locked");
    fs::create_dir(&sub).unwrap();
    let path = sub.join("c.pactum");
    fs::write(&path, MESSY).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = if is_root() {
        use std::os::unix::process::CommandExt;
        let bin = dir.path().join("bin");
        fs::create_dir(&bin).unwrap();
        let exe = bin.join("pactum");
        fs::copy(env!("CARGO_BIN_EXE_pactum"), &exe).unwrap();
        fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
        let mut cmd = Command::new(exe);
        cmd.uid(OTHER_UID).gid(OTHER_UID);
        cmd
    } else {
        Command::new(env!("CARGO_BIN_EXE_pactum"))
    };
    cmd.args(["fmt", "locked/c.pactum"]).current_dir(dir.path());
    let out = run(cmd, Duration::from_secs(20));
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code(&out), 2, "{out:?}");
    let message = stderr(&out);
    let canonical = fs::canonicalize(&sub).unwrap();
    assert!(
        message.contains(&format!(
            "cannot write in the directory {}",
            canonical.display()
        )),
        "{message}"
    );
    assert!(
        message.contains("locked/c.pactum is left as it is"),
        "{message}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), MESSY);
}

/// Root formats a file that belongs to someone else: the file keeps its
/// owner, group and mode, so its owner can still read it.
#[test]
fn a_file_of_another_owner_keeps_its_owner_group_and_mode() {
    if !root_for("handing a file to another user") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.pactum");
    fs::write(&path, MESSY).unwrap();
    std::os::unix::fs::chown(&path, Some(OTHER_UID), Some(OTHER_UID + 1)).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let out = pactum(dir.path(), &["fmt", "c.pactum"]);
    assert_eq!(code(&out), 0, "{out:?}");
    assert_eq!(fs::read_to_string(&path).unwrap(), TIDY);
    let meta = fs::metadata(&path).unwrap();
    assert_eq!(
        (meta.uid(), meta.gid(), meta.mode() & 0o7777),
        (OTHER_UID, OTHER_UID + 1, 0o640)
    );
}

/// A full disk, for real where a small file system can be mounted (as root),
/// otherwise only through the fault-injection seam in src/fs.rs's unit
/// tests. The old text fits in one page and the formatted text does not, so
/// both the new file (one link) and the in-place rewrite (two hard links)
/// run out of space; the file must keep its old text.
#[test]
fn a_full_disk_leaves_the_file_intact() {
    if !root_for("mounting a small file system") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    fs::create_dir(&small).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&small)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    /// Unmounts even when an assertion fails.
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(small.clone());

    let mut old = String::from("party a \"A\"\naction use\nsubject s\n");
    for i in 0..100 {
        old.push_str(&format!("clause c{i}{{a may use s through 2030}}\n"));
    }
    let new = pactum::fmt::format_source(&old).unwrap();
    assert!(
        old.len() < 4096 && new.len() > 4096,
        "{} {}",
        old.len(),
        new.len()
    );
    let path = small.join("a.pactum");
    fs::write(&path, &old).unwrap();
    let mut filler = File::create(small.join("filler")).unwrap();
    while filler.write_all(&[b'x'; 1024]).is_ok() {}
    drop(filler);

    let out = pactum(&small, &["fmt", "a.pactum"]);
    assert_eq!(code(&out), 2, "{out:?}");
    assert!(stderr(&out).contains("No space left"), "{out:?}");
    assert_eq!(fs::read_to_string(&path).unwrap(), old);
    let names = fs::read_dir(&small).unwrap().count();
    assert_eq!(names, 2, "a temporary file is left behind");

    fs::hard_link(&path, small.join("b.pactum")).unwrap();
    let out = pactum(&small, &["fmt", "a.pactum"]);
    assert_eq!(code(&out), 2, "{out:?}");
    assert!(stderr(&out).contains("No space left"), "{out:?}");
    for name in ["a.pactum", "b.pactum"] {
        assert_eq!(fs::read_to_string(small.join(name)).unwrap(), old, "{name}");
    }
}

// ---------------------------------------------------------------- links

#[test]
fn a_symbolic_link_stays_a_link_and_its_target_is_formatted() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    let target = dir.path().join("real/c.pactum");
    fs::write(&target, MESSY).unwrap();
    std::os::unix::fs::symlink("real/c.pactum", dir.path().join("link.pactum")).unwrap();
    let out = pactum(dir.path(), &["fmt", "link.pactum", "real/c.pactum"]);
    assert_eq!(code(&out), 0, "{out:?}");
    assert_eq!(fs::read_to_string(&target).unwrap(), TIDY);
    let link = fs::symlink_metadata(dir.path().join("link.pactum")).unwrap();
    assert!(link.file_type().is_symlink());
    // Each file is formatted once, and the message says where the text went.
    let message = stderr(&out);
    assert_eq!(message.matches("formatted").count(), 1, "{message}");
    assert!(message.contains("the link's target"), "{message}");
}

#[test]
fn hard_links_all_show_the_formatted_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pactum");
    fs::write(&path, MESSY).unwrap();
    fs::hard_link(&path, dir.path().join("b.pactum")).unwrap();
    let inode = fs::metadata(&path).unwrap().ino();
    let out = pactum(dir.path(), &["fmt", "a.pactum"]);
    assert_eq!(code(&out), 0, "{out:?}");
    assert!(stderr(&out).contains("2 hard links"), "{out:?}");
    for name in ["a.pactum", "b.pactum"] {
        let file = dir.path().join(name);
        assert_eq!(fs::read_to_string(&file).unwrap(), TIDY, "{name}");
        assert_eq!(fs::metadata(&file).unwrap().ino(), inode, "{name}");
    }
}

#[test]
fn a_link_loop_in_a_directory_lists_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    fs::create_dir_all(tree.join("sub")).unwrap();
    fs::write(tree.join("sub/c.pactum"), MESSY).unwrap();
    std::os::unix::fs::symlink(".", tree.join("self")).unwrap();
    std::os::unix::fs::symlink("..", tree.join("sub/up")).unwrap();
    let out = pactum(dir.path(), &["fmt", "--check", "tree"]);
    assert_eq!(code(&out), 1, "{out:?}");
    assert!(
        stderr(&out).contains("1 of 1 file would be reformatted"),
        "{out:?}"
    );
    let out = pactum(dir.path(), &["check", "tree"]);
    assert!(stderr(&out).contains("checked 1 file"), "{out:?}");
}

// ---------------------------------------------------------------- not files

fn amending(dir: &Path, target: &str) -> Output {
    fs::write(dir.join("c.pactum"), amending_text(target)).unwrap();
    // A limit on memory, so that reading without end fails fast rather
    // than taking the machine's memory.
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "ulimit -v 4000000 2>/dev/null; exec \"$0\" check --color never c.pactum",
        env!("CARGO_BIN_EXE_pactum"),
    ])
    .current_dir(dir);
    run(cmd, Duration::from_secs(20))
}

#[track_caller]
fn assert_io_error(out: &Output, why: &str) {
    let message = stderr(out);
    assert_eq!(code(out), 1, "{message}");
    assert!(message.contains("pactum::io"), "{message}");
    assert!(message.contains(why), "{message}");
    assert!(message.contains("help:"), "{message}");
}

#[test]
fn amending_a_fifo_ends_at_once_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.pactum"));
    let start = Instant::now();
    assert_io_error(&amending(dir.path(), "pipe.pactum"), "named pipe");
    // The FIFO itself, named on the command line, and given to fmt.
    let out = pactum(dir.path(), &["check", "pipe.pactum"]);
    assert!(stderr(&out).contains("named pipe"), "{out:?}");
    let out = pactum(dir.path(), &["fmt", "pipe.pactum"]);
    assert_eq!(code(&out), 2, "{out:?}");
    assert!(start.elapsed() < Duration::from_secs(15));
}

#[test]
fn amending_dev_zero_ends_at_once_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    assert_io_error(&amending(dir.path(), "/dev/zero"), "a device");
}

#[test]
fn amending_a_directory_or_a_huge_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("folder.pactum")).unwrap();
    assert_io_error(&amending(dir.path(), "folder.pactum"), "a directory");
    // A sparse file: large, yet it takes no space.
    let huge = File::create(dir.path().join("huge.pactum")).unwrap();
    // One byte over the documented cap of 64 MiB (`pactum::fs::MAX_FILE_SIZE`).
    huge.set_len((64 << 20) + 1).unwrap();
    assert_io_error(&amending(dir.path(), "huge.pactum"), "larger than 64 MiB");
}

/// The language server reads amended files through the same function: a
/// FIFO or `/dev/zero` gives a diagnostic at once, and the server still
/// answers afterwards.
#[test]
fn the_language_server_does_not_wait_on_a_fifo_or_read_dev_zero() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.pactum"));
    let uri = format!("file://{}", dir.path().join("c.pactum").display());
    let mut client = lsp_client::Client::spawn();
    client.initialize(&format!("file://{}", dir.path().display()));
    for (version, (target, why)) in [("pipe.pactum", "named pipe"), ("/dev/zero", "a device")]
        .into_iter()
        .enumerate()
    {
        if version == 0 {
            client.open(&uri, &amending_text(target));
        } else {
            client.change(&uri, version as i64 + 1, &amending_text(target));
        }
        let found = client.diagnostics(&uri);
        assert!(
            found
                .iter()
                .any(|d| d["code"] == "pactum::io" && d["message"].as_str().unwrap().contains(why)),
            "{found:#?}"
        );
    }
    assert_eq!(client.shutdown(), Some(0));
}
