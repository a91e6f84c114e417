//! Loading a contract file and the chain of contracts it amends.

use std::path::{Path, PathBuf};

use super::errors;
use super::resolve::{build, ParsedFile};
use super::Contract;
use crate::diagnostics::{Diagnostic, Span};
use crate::source::{FileId, Sources};
use crate::syntax::{self, ast};
use crate::workspace::{file_key, same_file};

/// How files are read: from disk for the CLI, from open editor buffers first
/// for the language server.
pub type ReadFile<'a> = &'a mut dyn FnMut(&Path) -> std::io::Result<Vec<u8>>;

/// A contract with everything that was read to build it.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Every file read, with its text.
    pub sources: Sources,
    /// Syntax trees of the chain, oldest first; the last is the file asked for.
    pub trees: Vec<(FileId, ast::File)>,
    /// The merged model of the chain.
    pub contract: Contract,
    /// Every diagnostic of reading, parsing and resolving.
    pub diagnostics: Vec<Diagnostic>,
    /// The file asked for could not be read or is not UTF-8.
    pub unreadable: bool,
    /// The chain stops before its oldest contract: an amended file could not
    /// be read, or the chain is too long. Names that contract would declare
    /// are unknown for that reason alone, and are not reported.
    pub chain_cut: bool,
    /// What the check concluded about each assertion of the contract, in
    /// declaration order; empty until [`crate::check`] has run the analyses
    /// (and when the model has errors, so that nothing was verified).
    pub assertions: Vec<crate::analysis::verify::AssertionResult>,
    /// The warnings and infos that `allow` lines of their clauses allow,
    /// taken out of `diagnostics` by [`crate::check`].
    pub allowed: Vec<crate::check::Allowed>,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The file that was asked for, as its [`file_key`], if it was read.
    pub fn main_path(&self) -> Option<PathBuf> {
        let file = self.main_file()?;
        Some(file_key(Path::new(self.sources.path(file))))
    }

    /// The files of the amendment chain, oldest first (the last is the file
    /// asked for), each as its [`file_key`]: the one answer to which chain a
    /// file belongs to, for the command line and the language server alike.
    pub fn chain_files(&self) -> Vec<PathBuf> {
        (self.trees.iter())
            .map(|(f, _)| file_key(Path::new(self.sources.path(*f))))
            .collect()
    }

    /// The file that was asked for (the newest of the chain).
    pub fn main_file(&self) -> Option<FileId> {
        self.trees.last().map(|(f, _)| *f)
    }
}

/// The most contract files one amendment chain may hold.
pub const MAX_CHAIN: usize = 100;

/// Reads, parses and resolves `path` and every contract it amends.
pub fn load(path: &Path, read: ReadFile<'_>) -> Loaded {
    let mut loaded = Loaded::default();
    match read_text(path, read, &mut loaded.sources) {
        Ok(text) => {
            let file = loaded.sources.add(path.display().to_string(), text);
            finish(loaded, file, path, read)
        }
        Err(d) => {
            loaded.diagnostics.push(d);
            loaded.unreadable = true;
            loaded
        }
    }
}

/// Like [`load`], for text already in memory (an editor buffer); amended
/// files are still read through `read`.
pub fn load_text(path: &Path, text: &str, read: ReadFile<'_>) -> Loaded {
    let mut loaded = Loaded::default();
    let file = loaded.sources.add(path.display().to_string(), text);
    finish(loaded, file, path, read)
}

fn finish(mut loaded: Loaded, file: FileId, path: &Path, read: ReadFile<'_>) -> Loaded {
    let mut chain = vec![(file, path.to_path_buf())];
    let mut trees = Vec::new();
    loop {
        let (file, path) = chain.last().cloned().expect("chain starts with one file");
        let (tree, diagnostics) = syntax::parse(file, loaded.sources.text(file));
        loaded.diagnostics.extend(diagnostics);
        let next = amended(&tree, file, &path, &chain, read, &mut loaded);
        trees.push((file, tree));
        match next {
            Some(step) => chain.push(step),
            None => break,
        }
    }
    trees.reverse();
    let parsed: Vec<ParsedFile<'_>> = trees
        .iter()
        .map(|(file, tree)| ParsedFile { file: *file, tree })
        .collect();
    let (contract, diagnostics) = build(&parsed, &loaded.sources, loaded.chain_cut);
    loaded.contract = contract;
    loaded.diagnostics.extend(diagnostics);
    loaded.trees = trees;
    crate::diagnostics::sort(&mut loaded.diagnostics);
    loaded
}

/// The contract that `tree` amends, read and added to the sources; `None`
/// when it amends nothing or the file cannot be used (with a diagnostic).
fn amended(
    tree: &ast::File,
    file: FileId,
    path: &Path,
    chain: &[(FileId, PathBuf)],
    read: ReadFile<'_>,
    loaded: &mut Loaded,
) -> Option<(FileId, PathBuf)> {
    let header = tree.items.iter().find_map(|i| match i {
        ast::Item::Header(h) => Some(h),
        _ => None,
    })?;
    for extra in header.amends.iter().skip(1) {
        loaded
            .diagnostics
            .push(errors::amends_twice(Span::new(file, extra.span.clone())));
    }
    let target = header.amends.first()?;
    let span = Span::new(file, target.span.clone());
    let target_path = path.parent().unwrap_or(Path::new("")).join(&target.value);
    if chain.iter().any(|(_, p)| same_file(p, &target_path)) {
        loaded
            .diagnostics
            .push(errors::amends_loop(&target.value, span));
        return None;
    }
    if chain.len() >= MAX_CHAIN {
        // Paths spelt differently (`./a`, `sub/../a`) can hide a loop from
        // `same_file` when the files are not on disk (editor buffers).
        loaded
            .diagnostics
            .push(errors::chain_too_long(span, MAX_CHAIN));
        loaded.chain_cut = true;
        return None;
    }
    match read(&target_path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let id = loaded.sources.add(target_path.display().to_string(), text);
                Some((id, target_path))
            }
            Err(_) => {
                loaded
                    .diagnostics
                    .push(errors::amended_not_utf8(&target.value, span));
                loaded.chain_cut = true;
                None
            }
        },
        Err(e) => {
            loaded.diagnostics.push(errors::amended_unreadable(
                &target.value,
                span,
                &target_path,
                &e,
            ));
            loaded.chain_cut = true;
            None
        }
    }
}

/// Reads a file as UTF-8, or explains why it cannot be.
fn read_text(path: &Path, read: ReadFile<'_>, sources: &mut Sources) -> Result<String, Diagnostic> {
    let bytes = read(path).map_err(|e| errors::cannot_read(path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let file = sources.add(path.display().to_string(), lossy);
        // The lossy text holds U+FFFD where the bad byte was.
        let bad = Span::new(file, at..at + char::REPLACEMENT_CHARACTER.len_utf8());
        errors::not_utf8(path, bad)
    })
}
