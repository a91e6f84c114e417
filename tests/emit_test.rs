//! `pactum query … --emit-test`: a violated assertion and a conflict on one
//! day in one scenario, written out as a `cargo test` case.
//!
//! The story: tests/fixtures/emit/broken.pactum has both mistakes; the query
//! on a day where they show emits a test. That test is committed as
//! tests/emitted_regression.rs, byte for byte what the command prints (the
//! broken contract is put where the fixed one, tests/fixtures/emit/contract.pactum,
//! is in this repository, so the emitted test names the fixed file), and it
//! runs in `cargo test` like any other test: it compiles against the public
//! API and passes on the fixed contract. Here we check that it is what the
//! command prints, and that the questions it asks fail on the broken
//! contract, so it would have caught the mistakes.

use std::path::Path;
use std::process::{Command, Output};

use pactum::model::{load_text, Day};
use pactum::semantics::Scenario;

const QUERY: &[&str] = &[
    "query",
    "tests/fixtures/emit/contract.pactum",
    "--at",
    "2027-01-10",
    "--assume",
    "terminated=2027-01-01",
    "--emit-test",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pactum_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the pactum binary runs")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_committed_regression_test_is_what_the_query_emits() {
    // A package root where the contract still has its mistakes.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("emit_test");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tests/fixtures/emit")).unwrap();
    std::fs::write(
        dir.join("tests/fixtures/emit/contract.pactum"),
        read("tests/fixtures/emit/broken.pactum"),
    )
    .unwrap();
    let out = pactum_in(&dir, QUERY);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let emitted = String::from_utf8(out.stdout).unwrap();
    let committed = root().join("tests/emitted_regression.rs");
    if std::env::var_os("PACTUM_UPDATE_EMITTED").is_some() {
        std::fs::write(&committed, &emitted).unwrap();
    }
    assert_eq!(
        emitted,
        read("tests/emitted_regression.rs"),
        "run `PACTUM_UPDATE_EMITTED=1 cargo test --test emit_test` and read the diff"
    );
    assert!(emitted.contains("assertion `no_use_after_termination` is violated"));
    assert!(emitted.contains("`no_source` conflicts with `licence`"));
}

/// The two questions the emitted test asks, asked of both contracts: each
/// finds its mistake in the broken one and nothing in the fixed one.
#[test]
fn the_emitted_questions_fail_before_the_fix_and_pass_after() {
    let day = Day::parse("2027-01-10").unwrap();
    for (file, broken) in [("broken.pactum", true), ("contract.pactum", false)] {
        let text = read(&format!("tests/fixtures/emit/{file}"));
        let loaded = load_text(Path::new(file), &text, &mut |_| {
            Err(std::io::ErrorKind::NotFound.into())
        });
        assert!(!loaded.has_errors(), "{file}");
        let c = &loaded.contract;
        let mut scenario = Scenario::never(c);
        scenario.set(
            c.find_event("terminated").unwrap(),
            Day::parse("2027-01-01"),
        );
        let assertion = &c.assertions[0];
        assert_eq!(
            pactum::analysis::verify::fails_at(c, assertion, day, &scenario),
            broken,
            "{file}"
        );
        assert_eq!(
            pactum::regression::conflict_between(c, "no_source", "licence", day, &scenario),
            broken,
            "{file}"
        );
        // The conflict is one of the day: before the licence starts there
        // is none to find.
        let before = Day::parse("2025-06-01").unwrap();
        assert!(!pactum::regression::conflict_between(
            c,
            "licence",
            "no_source",
            before,
            &scenario
        ));
    }
}

#[test]
fn nothing_to_emit_where_nothing_is_wrong() {
    let mut args = QUERY.to_vec();
    args[1] = "tests/fixtures/emit/contract.pactum";
    let out = pactum_in(root(), &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(
            "error: nothing to emit: on 2027-01-10 in this scenario no assertion is violated \
             and no clauses conflict\n"
        ),
        "{err}"
    );
}
