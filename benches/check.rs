//! Parse, parse + resolve, the checker's analyses, and the whole check (what
//! `pactum check` does in-process: load, analyses, verification) on generated
//! contracts of 1 000, 10 000 and 100 000 clauses, and on the example contract.
//!
//! The timeline of the JHU licence (`contracts/jhu-virtuososurgical-2016.pactum`,
//! fifty recurring instalments) is there too: its scenario picker once took
//! minutes on the instalments.
//!
//! Run: `cargo bench --bench check`. The example contract is read from
//! `PACTUM_BENCH_FILE` (default: the reference contract,
//! `contracts/microsoft-openai-2025.pactum`; skipped when missing).

use std::path::Path;

use pactum::gen::{generate, Options};
use pactum::model::{load_text, Contract};

fn main() {
    divan::main();
}

fn no_files(_: &Path) -> std::io::Result<Vec<u8>> {
    Err(std::io::Error::from(std::io::ErrorKind::NotFound))
}

fn generated(clauses: usize) -> String {
    generate(&Options {
        clauses,
        seed: 1,
        ..Options::default()
    })
    .text
}

fn resolved(text: &str) -> Contract {
    load_text(Path::new("bench.pactum"), text, &mut no_files).contract
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5)]
fn parse(bencher: divan::Bencher, clauses: usize) {
    let text = generated(clauses);
    bencher.bench(|| pactum::syntax::parse(pactum::source::FileId(0), &text));
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5)]
fn parse_and_resolve(bencher: divan::Bencher, clauses: usize) {
    let text = generated(clauses);
    bencher.bench(|| load_text(Path::new("bench.pactum"), &text, &mut no_files));
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5)]
fn analyses(bencher: divan::Bencher, clauses: usize) {
    let contract = resolved(&generated(clauses));
    bencher.bench(|| pactum::analysis::check(&contract));
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 10)]
fn whole_check(bencher: divan::Bencher, clauses: usize) {
    let text = generated(clauses);
    bencher.bench(|| pactum::check::check_text(Path::new("bench.pactum"), &text, &mut no_files));
}

#[divan::bench(sample_count = 20)]
fn example_contract(bencher: divan::Bencher) {
    let path = std::env::var("PACTUM_BENCH_FILE")
        .unwrap_or_else(|_| "contracts/microsoft-openai-2025.pactum".to_string());
    let path = Path::new(&path);
    if !path.exists() {
        return;
    }
    bencher.bench(|| pactum::check::check_file(path, &mut |p| std::fs::read(p)));
}

/// A contract shaped like a real agreement: `pactum gen --agreement 30
/// --clauses 60` (a term, powers, cures, deadlines, survival), checked
/// exactly over every scenario of its 30 events.
#[divan::bench(sample_count = 20)]
fn agreement_30_events_60_clauses(bencher: divan::Bencher) {
    let text = pactum::gen::agreement(&pactum::gen::AgreementOptions {
        events: 30,
        clauses: 60,
        seed: 1,
    });
    bencher
        .bench(|| pactum::check::check_text(Path::new("agreement.pactum"), &text, &mut no_files));
}

/// `pactum timeline`'s picture (scenario picker and drawing, without the
/// HTML) of the JHU licence, whose running royalties recur every quarter and
/// whose minimum royalties every contract year: fifty instalments, each
/// with its own discharge event.
#[divan::bench(sample_count = 10)]
fn timeline_with_recurring_instalments(bencher: divan::Bencher) {
    let path = Path::new("contracts/jhu-virtuososurgical-2016.pactum");
    let text = std::fs::read_to_string(path).expect("the JHU licence");
    let contract = load_text(path, &text, &mut no_files).contract;
    let options = pactum::views::timeline::Options::new(&contract);
    bencher.bench(|| pactum::views::timeline::build(&contract, &options));
}
