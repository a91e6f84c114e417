//! The corpus agreements in contracts/ whose faithful encodings have drafting
//! defects that `pactum check` reports as errors (a conflict, a precedence
//! cycle). Those errors are the agreements' real defects: each file's test,
//! tests/corpus_*.rs, checks them code by code, so the tests that hold every
//! contract to "no errors" leave these files to it. Shared by tests/cli.rs
//! and tests/contracts.rs.

/// File names in contracts/ of the agreements with error-level defects.
pub const WITH_DEFECTS: &[&str] = &["hydraspin-bestev-2019.pactum", "impco-minda-2001.pactum"];

/// Whether `path` is one of [`WITH_DEFECTS`].
pub fn has_defects(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| WITH_DEFECTS.contains(&n))
}
