//! `pactum init [DIR]`: writes a small commented contract and an invariant
//! test to start from: the two files of examples/init/, built
//! into the program; tests/init_template.rs runs the test against the
//! contract as part of this repository's own tests, so what a user starts
//! from compiles and passes.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::status;

/// The files `pactum init` writes, by path under the directory, with their
/// text.
const FILES: &[(&str, &str)] = &[
    (
        "contract.pactum",
        include_str!("../../examples/init/contract.pactum"),
    ),
    (
        "tests/invariants.rs",
        include_str!("../../examples/init/tests/invariants.rs"),
    ),
];

/// The flags of `pactum init`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The directory to write into (created if missing); the current one by default.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

/// Why `pactum init` wrote nothing, or stopped.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// These files are there already; nothing was written.
    Exists(Vec<PathBuf>),
    /// A file or directory could not be written.
    Io(PathBuf, std::io::Error),
}

/// Writes the starting files under `dir`. If any of them exists, writes
/// none: a half-initialised directory would be worse than none.
pub(crate) fn init(dir: &Path) -> Result<Vec<PathBuf>, Refusal> {
    let paths: Vec<PathBuf> = FILES.iter().map(|(name, _)| dir.join(name)).collect();
    let existing: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.symlink_metadata().is_ok())
        .cloned()
        .collect();
    if !existing.is_empty() {
        return Err(Refusal::Exists(existing));
    }
    for (path, (_, text)) in paths.iter().zip(FILES) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Refusal::Io(parent.to_path_buf(), e))?;
        }
        // `create_new` refuses a file that appeared since the check above,
        // so even then nothing is overwritten.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Refusal::Exists(vec![path.clone()]),
                _ => Refusal::Io(path.clone(), e),
            })?;
        file.write_all(text.as_bytes())
            .map_err(|e| Refusal::Io(path.clone(), e))?;
    }
    Ok(paths)
}

/// Runs `pactum init`; the exit status is in [`status`].
pub(crate) fn run(args: Args) -> u8 {
    match init(&args.dir) {
        Ok(paths) => {
            let contract = paths[0].display();
            let test = paths[1].display();
            let mut out = format!("wrote `{contract}` and `{test}`\n\nnext:\n");
            out.push_str(&format!(
                "  pactum check {contract}    # prove its assertions, find conflicts and gaps\n"
            ));
            if !args.dir.join("Cargo.toml").exists() {
                out.push_str(&format!(
                    "  cargo init --lib {}    # a cargo package, to run the invariant test\n",
                    args.dir.display()
                ));
            }
            out.push_str(
                "  add to Cargo.toml, then run `cargo test`:\n    \
                 [dev-dependencies]\n    \
                 pactum = { path = \"/path/to/pactum\", features = [\"testing\"] }  # a clone of Pactum\n    \
                 proptest = \"1\"\n",
            );
            if super::write_stdout(&out) {
                status::OK
            } else {
                status::USAGE
            }
        }
        Err(Refusal::Exists(paths)) => {
            let list: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
            let (noun, verb) = if paths.len() == 1 {
                ("file", "exists")
            } else {
                ("files", "exist")
            };
            say!(
                "error: {} already {verb}; `pactum init` never overwrites a file, so it wrote nothing\n  \
                 help: run it in another directory (`pactum init DIR`), or move the {noun} away\n",
                list.join(" and ")
            );
            status::USAGE
        }
        Err(Refusal::Io(path, e)) => {
            say!("error: cannot write `{}`: {e}\n", path.display());
            status::USAGE
        }
    }
}
