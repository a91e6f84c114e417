//! Pactum: contracts as formal, checkable specifications.
//!
//! The modules follow the pipeline: [`syntax`] (text to tree) → [`model`]
//! (names resolved, types checked, amendments applied) → analysis →
//! [`diagnostics`] → front ends ([`cli`]).

// pest without its std feature (see Cargo.toml) generates code that names `alloc`.
extern crate alloc;

pub mod analysis;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod fmt;
pub mod fs;
pub mod gen;
pub mod lsp;
pub mod model;
pub mod print;
pub mod semantics;
pub mod source;
pub mod syntax;
pub mod testing;
pub mod workspace;
