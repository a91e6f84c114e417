//! The whole check of one contract file: load (parse, resolve) and, when the
//! model is sound, the analyses and the verification of assertions. Every
//! front end calls this one function.

use std::path::Path;

use crate::analysis::verify;
use crate::model::{self, Loaded, ReadFile};

/// Loads `path` with its amendment chain and runs every check on it.
pub fn check_file(path: &Path, read: ReadFile<'_>) -> Loaded {
    analyse(model::load(path, read), path)
}

/// Checks text already in memory (an editor buffer) as if it were `path`.
pub fn check_text(path: &Path, text: &str, read: ReadFile<'_>) -> Loaded {
    analyse(model::load_text(path, text, read), path)
}

/// The analyses ask questions of a sound model only: after an error the
/// model is partial, and its findings would be noise.
fn analyse(mut loaded: Loaded, path: &Path) -> Loaded {
    if !loaded.has_errors() {
        let found = crate::analysis::check(&loaded.contract);
        loaded.diagnostics.extend(found);
        let file = path.display().to_string();
        let options = verify::Options {
            file: Some(&file),
            ..verify::Options::default()
        };
        let findings = verify::verify_with(&loaded.contract, &options);
        loaded.diagnostics.extend(findings);
        crate::diagnostics::sort(&mut loaded.diagnostics);
    }
    loaded
}
