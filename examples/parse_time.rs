//! Times the phases of a check on one file: `cargo run --release --example
//! parse_time FILE [RUNS]`. Each phase runs RUNS times (default 5) and the
//! fastest run is shown, which filters out noise from other processes. (The
//! benchmarks in benches/ are the measured record.)
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: parse_time FILE [RUNS]");
        return;
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let path = Path::new(&path);
    let mut read = |p: &Path| std::fs::read(p);

    let slices = fastest(runs, || pactum::syntax::split::split_items(&text));
    println!("split    {:>8.1?}  ({} slices)", slices.0, slices.1.len());
    let parsed = fastest(runs, || {
        pactum::syntax::parse(pactum::source::FileId(0), &text)
    });
    println!(
        "parse    {:>8.1?}  ({} items)",
        parsed.0,
        parsed.1 .0.items.len()
    );
    let loaded = fastest(runs, || pactum::model::load_text(path, &text, &mut read));
    println!("load     {:>8.1?}  (parse + resolve)", loaded.0);
    let contract = &loaded.1.contract;
    let found = fastest(runs, || pactum::analysis::check(contract));
    println!("analyses {:>8.1?}  ({} findings)", found.0, found.1.len());
    let verified = fastest(runs, || pactum::analysis::verify::verify(contract));
    println!(
        "verify   {:>8.1?}  ({} findings)",
        verified.0,
        verified.1.len()
    );
    let all = fastest(runs, || pactum::check::check_text(path, &text, &mut read));
    println!(
        "check    {:>8.1?}  ({} diagnostics)",
        all.0,
        all.1.diagnostics.len()
    );
}

/// The fastest of `runs` calls, and the last result. Each result is dropped
/// outside the timed region, as a caller that keeps it would.
fn fastest<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs.max(1) {
        drop(last.take());
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed());
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}
