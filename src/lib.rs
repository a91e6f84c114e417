//! Pactum: contracts as formal, checkable specifications.
//!
//! The modules follow the pipeline: [`syntax`] (text to tree) → [`model`]
//! (names resolved, types checked, amendments applied) → [`semantics`] (what
//! is in force on a day in a scenario, and the query) → [`analysis`] →
//! [`diagnostics`] → front ends ([`cli`], [`lsp`], [`fmt`]).
//!
//! Most users call [`check::check_file`] or [`check::check_text`] for every
//! finding, [`model::load`] for the resolved contract, [`semantics::state`]
//! and [`semantics::query`] for what it means, and `testing` (with the
//! `testing` feature) for their own property tests. Everything public is
//! documented; the rest is crate-private.

#![warn(missing_docs)]

// pest without its std feature (see Cargo.toml) generates code that names `alloc`.
extern crate alloc;

pub mod analysis;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod export;
pub mod fmt;
pub mod fs;
pub mod gen;
pub mod lsp;
pub mod model;
pub mod print;
pub mod regression;
pub mod semantics;
pub mod source;
pub mod syntax;
#[cfg(feature = "testing")]
pub mod testing;
pub mod views;
pub mod workspace;
