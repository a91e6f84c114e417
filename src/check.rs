//! The whole check of one contract file: load (parse, resolve) and, when the
//! model is sound, the analyses. Every front end calls this one function.

use std::path::Path;

use crate::model::{self, Loaded, ReadFile};

/// Loads `path` with its amendment chain and runs every check on it.
pub fn check_file(path: &Path, read: ReadFile<'_>) -> Loaded {
    analyse(model::load(path, read))
}

/// Checks text already in memory (an editor buffer) as if it were `path`.
pub fn check_text(path: &Path, text: &str, read: ReadFile<'_>) -> Loaded {
    analyse(model::load_text(path, text, read))
}

/// The analyses ask questions of a sound model only: after an error the
/// model is partial, and its findings would be noise.
fn analyse(mut loaded: Loaded) -> Loaded {
    if !loaded.has_errors() {
        let found = crate::analysis::check(&loaded.contract);
        loaded.diagnostics.extend(found);
    }
    loaded
}
