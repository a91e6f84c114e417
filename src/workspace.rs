//! Where contracts live on disk: finding the contract files of a project and
//! telling whether two paths name the same file. The command line and the
//! language server both ask here, so that they agree on which files make up
//! an amendment chain.

use std::path::{Component, Path, PathBuf};

/// Every `.pactum` file under `dir`, sorted, for commands run without files.
pub fn contract_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    // A directory reached twice through symbolic links (`self -> .`) is
    // listed once, and a link loop ends.
    let mut visited = std::collections::HashSet::new();
    while let Some(d) = stack.pop() {
        if !visited.insert(std::fs::canonicalize(&d)?) {
            continue;
        }
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "pactum") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The name a command line gives standard input among its files.
pub const STDIN: &str = "-";

/// The files a command such as `pactum check` or `pactum fmt` works on: the
/// paths named, with each directory replaced by the `.pactum` files under it
/// ([`contract_files`]: recursively, each directory once however symbolic
/// links reach it), and each file once however it is spelled (through a
/// link, `./`, a directory named twice). [`STDIN`] stays as it is, once.
/// Without names, the files under `contracts/`. `purpose` ends the message of
/// an error, such as "name the files to check".
pub fn files_to_process(named: &[PathBuf], purpose: &str) -> Result<Vec<PathBuf>, String> {
    if named.is_empty() {
        return match contract_files(Path::new("contracts")) {
            Ok(files) if !files.is_empty() => Ok(files),
            Ok(_) => Err(format!("no .pactum files under contracts/; {purpose}")),
            Err(e) => Err(format!("cannot list contracts/: {e}; {purpose}")),
        };
    }
    let mut files = Vec::new();
    for path in named {
        if path.as_os_str() != STDIN && path.is_dir() {
            let found =
                contract_files(path).map_err(|e| format!("cannot list {}: {e}", path.display()))?;
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|path| {
        let key = if path.as_os_str() == STDIN {
            path.clone()
        } else {
            file_key(path)
        };
        seen.insert(key)
    });
    Ok(files)
}

/// A path in one spelling, so that `deals/a.pactum`,
/// `deals/./a.pactum` and a link to it name the same file: the path the
/// file system resolves it to, or, for a file that is not on disk (an editor
/// buffer not saved yet), the path with `.` and `..` removed.
pub fn file_key(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| normalize(path))
}

/// Whether two paths name the same file; the one test of it in the crate.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    file_key(a) == file_key(b)
}

/// `a/b/../c` → `a/c`, without touching the file system: amended paths are
/// joined from the directory of the amending file and may not exist.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_lexically() {
        assert_eq!(
            normalize(Path::new("/a/./b/../c.pactum")),
            PathBuf::from("/a/c.pactum")
        );
    }

    #[test]
    fn spellings_of_one_file_are_the_same_file() {
        let dir = std::env::temp_dir().join(format!("pactum-same-file-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.pactum"), "").unwrap();
        assert!(same_file(
            &dir.join("a.pactum"),
            &dir.join("sub/../a.pactum")
        ));
        // Not on disk: compared as written, without `.` and `..`.
        assert!(same_file(
            Path::new("/nowhere/x/../b.pactum"),
            Path::new("/nowhere/./b.pactum")
        ));
        assert!(!same_file(&dir.join("a.pactum"), &dir.join("b.pactum")));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
