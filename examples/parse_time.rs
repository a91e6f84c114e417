//! Times the phases of a check on one file: `cargo run --release --example
//! parse_time FILE`. (The benchmarks in benches/ are the measured record.)
use std::path::Path;
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_time FILE");
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut read = |p: &Path| std::fs::read(p);
    let t = Instant::now();
    let (tree, _) = pactum::syntax::parse(pactum::source::FileId(0), &text);
    println!(
        "parse    {:>8.1?}  ({} items)",
        t.elapsed(),
        tree.items.len()
    );
    let t = Instant::now();
    let loaded = pactum::model::load_text(Path::new(&path), &text, &mut read);
    println!("load     {:>8.1?}  (parse + resolve)", t.elapsed());
    let t = Instant::now();
    let found = pactum::analysis::check(&loaded.contract);
    println!("analyses {:>8.1?}  ({} findings)", t.elapsed(), found.len());
    let t = Instant::now();
    let verified = pactum::analysis::verify::verify(&loaded.contract);
    println!(
        "verify   {:>8.1?}  ({} findings)",
        t.elapsed(),
        verified.len()
    );
    let t = Instant::now();
    let all = pactum::check::check_text(Path::new(&path), &text, &mut read);
    println!(
        "check    {:>8.1?}  ({} diagnostics)",
        t.elapsed(),
        all.diagnostics.len()
    );
}
