//! Volume: the whole check and the formatter, in process, on many generated and
//! mutated inputs, each under `catch_unwind` and a time limit.
//!
//! The seeds are the reference contracts, the test corpora (`tests/ok`,
//! `tests/ui`, `tests/analysis`) and `pactum::gen` output. Each input is one of:
//! byte edits, a splice of two files, a token shuffle, deep nesting, huge
//! numbers, odd Unicode (combining marks, right-to-left marks, NUL, byte order
//! marks) or CRLF line ends.
//!
//! In `cargo test` a couple of thousand inputs run. A million on demand:
//!
//! ```text
//! PACTUM_STRESS_INPUTS=1000000 cargo test --release --test stress -- --nocapture
//! ```
//!
//! `PACTUM_STRESS_SEED` replays a run (the seed is printed at the start). An
//! input that panics, or takes longer than the limit (2 s in debug builds,
//! 200 ms in release builds) twice in a row, is saved under
//! `target/stress-failures/` and the test fails, naming the file. Each input
//! runs on a worker thread that a watchdog gives [`HANG`] at most: an input
//! that never ends (a loop, a wait on a file) is saved and fails the test
//! then, instead of hanging it with nothing saved.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};

use pactum::syntax::split::MAX_DEPTH;

#[path = "common/hostile.rs"]
mod hostile;
use hostile::{check, check_bytes, consume, mutate, pactum_files, soup_tokens, Mutation};

/// The time one input may take: debug builds are about ten times slower.
const LIMIT: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(2)
} else {
    Duration::from_millis(200)
};

/// The longest the watchdog waits for one input before it gives up on it:
/// far past [`LIMIT`], so that only an input that hangs (or all but hangs)
/// is abandoned, never one slowed down by a busy machine.
const HANG: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(60)
} else {
    Duration::from_secs(10)
};

/// A worker thread that runs inputs one at a time, each under
/// `catch_unwind`, and says whether each panicked and how long it took.
struct Watchdog {
    inputs: Sender<Vec<u8>>,
    results: Receiver<(bool, Duration)>,
}

impl Watchdog {
    fn new(run: fn(&[u8])) -> Watchdog {
        let (inputs, todo) = channel::<Vec<u8>>();
        let (done, results) = channel();
        std::thread::spawn(move || {
            for bytes in todo {
                let t = Instant::now();
                let panicked = catch_unwind(AssertUnwindSafe(|| run(&bytes))).is_err();
                if done.send((panicked, t.elapsed())).is_err() {
                    break;
                }
            }
        });
        Watchdog { inputs, results }
    }

    /// Whether `bytes` panicked and how long they took, or `None` when they
    /// did not finish within `hang`. The worker is then abandoned (a thread
    /// cannot be stopped); the process ends without it.
    fn time(&self, bytes: &[u8], hang: Duration) -> Option<(bool, Duration)> {
        self.inputs.send(bytes.to_vec()).ok()?;
        self.results.recv_timeout(hang).ok()
    }
}

/// splitmix64: small, fast and the same everywhere, so a seed replays a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn word<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, not `{value}`")),
    )
}

/// Every seed file's text, and a few generated contracts of varied sizes.
fn seed_texts() -> Vec<String> {
    let files = pactum_files(&["contracts", "tests/ok", "tests/ui", "tests/analysis"]);
    let mut texts: Vec<String> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    for (seed, clauses) in [(1, 5), (2, 20), (3, 60), (4, 150)] {
        texts.push(
            pactum::gen::generate(&pactum::gen::Options {
                clauses,
                seed,
                ..Default::default()
            })
            .text,
        );
    }
    texts
}

/// Pieces that break assumptions about characters: combining marks, marks of
/// direction, joiners, a byte order mark, NUL, lone carriage returns and wide
/// letters.
const ODD: &[&str] = &[
    "\u{301}",
    "e\u{301}\u{302}\u{303}",
    "\u{200f}",
    "\u{202e}",
    "\u{2066}",
    "\u{200d}",
    "\u{feff}",
    "\u{0}",
    "\r",
    "\r\n",
    "\u{2028}",
    "é",
    "中",
    "𝔸",
    "👩\u{200d}👩\u{200d}👧",
    "\t",
];

/// Numbers at and past every limit a parser or a calendar might have.
const HUGE: &[&str] = &[
    "0",
    "00000000000000000001",
    "2147483647",
    "2147483648",
    "4294967296",
    "9223372036854775807",
    "18446744073709551616",
    "99999999999999999999999999999999999999",
    "1000000",
    "999999",
    "1e308",
    "0.0000000000000000001",
    "-1",
];

/// The kinds of input, by name, for the summary and the saved files.
const KINDS: &[&str] = &[
    "bytes", "splice", "shuffle", "nesting", "numbers", "unicode", "crlf", "soup",
];

/// Makes input number `kind` (an index into [`KINDS`]) from the seeds.
fn make(rng: &mut Rng, kind: usize, seeds: &[String], tokens: &[&str]) -> Vec<u8> {
    let seed = rng.pick(seeds).as_str();
    match kind {
        0 => {
            let edits: Vec<Mutation> = (0..1 + rng.below(8))
                .map(|_| match rng.below(4) {
                    0 => Mutation::Delete(rng.next() as usize, 1 + rng.below(40)),
                    1 => Mutation::Duplicate(rng.next() as usize, 1 + rng.below(40)),
                    2 => Mutation::Swap(rng.next() as usize, rng.next() as usize),
                    _ => Mutation::Insert(rng.next() as usize, rng.next() as u8),
                })
                .collect();
            mutate(seed, &edits)
        }
        1 => {
            // The head of one file and the tail of another, cut anywhere,
            // even inside a character.
            let other = rng.pick(seeds).as_bytes();
            let a = rng.below(seed.len() + 1);
            let b = rng.below(other.len() + 1);
            let mut bytes = seed.as_bytes()[..a].to_vec();
            bytes.extend_from_slice(&other[b..]);
            bytes
        }
        2 => {
            let mut words: Vec<&str> = seed.split_whitespace().collect();
            for _ in 0..1 + rng.below(6) {
                let (i, j) = (rng.below(words.len()), rng.below(words.len()));
                if i < words.len() && j < words.len() {
                    words.swap(i, j);
                }
            }
            if !words.is_empty() && rng.below(2) == 0 {
                // Shuffle a whole window of words.
                let start = rng.below(words.len());
                let end = (start + 1 + rng.below(30)).min(words.len());
                for i in (start + 1..end).rev() {
                    let j = start + rng.below(i - start + 1);
                    words.swap(i, j);
                }
            }
            let sep = if rng.below(3) == 0 { "\n" } else { " " };
            words.join(sep).into_bytes()
        }
        3 => {
            let depth = rng.below(MAX_DEPTH * 3);
            let (open, close) = *rng.pick(&[
                ("(", ")"),
                ("first(", ")"),
                ("{ t ", "}"),
                ("(s except ", ")"),
                ("not ", ""),
                ("1 day after ", ""),
            ]);
            let inner = format!("{}x{}", open.repeat(depth), close.repeat(depth));
            // Either a nest on its own or inside a real file at a random place.
            let mut text = seed.to_string();
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &inner);
            text.into_bytes()
        }
        4 => {
            // Every run of digits becomes a huge or odd number, now and then.
            let mut out = String::with_capacity(seed.len());
            let mut chars = seed.chars().peekable();
            while let Some(c) = chars.next() {
                if c.is_ascii_digit() {
                    while chars.peek().is_some_and(char::is_ascii_digit) {
                        chars.next();
                    }
                    if rng.below(3) == 0 {
                        out.push_str(rng.word(HUGE));
                    } else {
                        out.push(c);
                    }
                } else {
                    out.push(c);
                }
            }
            out.into_bytes()
        }
        5 => {
            // Odd pieces at character boundaries (most) or anywhere (some).
            let mut bytes = seed.as_bytes().to_vec();
            for _ in 0..1 + rng.below(10) {
                let mut at = rng.below(bytes.len() + 1);
                if rng.below(4) != 0 {
                    while at > 0 && at < bytes.len() && (bytes[at] & 0xc0) == 0x80 {
                        at -= 1;
                    }
                }
                let piece = rng.pick(ODD).as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
            bytes
        }
        6 => {
            let mut text = seed.replace('\n', "\r\n");
            if rng.below(2) == 0 {
                // A file cut in the middle of a line end.
                let mut at = rng.below(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.truncate(at);
            }
            text.into_bytes()
        }
        _ => {
            let n = rng.below(150);
            let mut text = String::new();
            for _ in 0..n {
                if rng.below(8) == 0 {
                    text.push_str(rng.word(ODD));
                } else {
                    text.push_str(rng.word(tokens));
                }
                let sep: &[&str] = &[" ", " ", "", "\n"];
                text.push_str(rng.word(sep));
            }
            text.into_bytes()
        }
    }
}

/// The check as the CLI runs it on a file, then the formatter and a check of
/// its output, and everything a front end does with the results.
fn run(bytes: &[u8]) {
    consume(&check_bytes(bytes));
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Ok(formatted) = pactum::fmt::format_source(text) {
            consume(&check(&formatted));
        }
    }
}

/// Writes the input where it can be replayed, and says where.
fn save(seed: u64, index: u64, kind: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| PathBuf::from("target"), PathBuf::from)
        .join("stress-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{seed}-{index}-{kind}.pactum"));
    std::fs::write(&path, bytes).expect("the failing input can be saved");
    path
}

#[test]
fn generated_and_mutated_inputs_are_checked_and_formatted_in_time() {
    let seed = env_number("PACTUM_STRESS_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
    });
    let inputs = env_number("PACTUM_STRESS_INPUTS").unwrap_or(2_000);
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "stress: seed {seed} (PACTUM_STRESS_SEED={seed} replays), {inputs} inputs, \
         limit {LIMIT:?} per input ({build})"
    );

    let seeds = seed_texts();
    let tokens = soup_tokens();
    let mut rng = Rng(seed);
    let mut failures: Vec<String> = Vec::new();
    let mut per_kind = vec![0u64; KINDS.len()];
    let mut slowest = (Duration::ZERO, 0u64, 0usize, 0usize);
    let started = Instant::now();
    let step = (inputs / 20).max(1);
    let watchdog = Watchdog::new(run);

    for index in 0..inputs {
        let kind = rng.below(KINDS.len());
        let bytes = make(&mut rng, kind, &seeds, &tokens);
        per_kind[kind] += 1;
        let outcome = watchdog.time(&bytes, HANG);
        if let Some((_, took)) = outcome {
            if took > slowest.0 {
                slowest = (took, index, kind, bytes.len());
            }
        }
        let problem = match outcome {
            None => Some(format!("did not end within {HANG:?}")),
            Some((true, _)) => Some("panicked".to_string()),
            Some((false, took)) if took > LIMIT => {
                // The machine may have been busy with something else: a slow
                // input counts only when it is slow a second time as well.
                match watchdog.time(&bytes, HANG) {
                    None => Some(format!("took {took:?}, then did not end within {HANG:?}")),
                    Some((_, second)) => {
                        (second > LIMIT).then(|| format!("took {took:?}, then {second:?}"))
                    }
                }
            }
            Some((false, _)) => None,
        };
        let hung = problem.as_ref().is_some_and(|p| p.contains("did not end"));
        if let Some(problem) = problem {
            let path = save(seed, index, KINDS[kind], &bytes);
            failures.push(format!(
                "input {index} ({}, {} bytes) {problem}: {}",
                KINDS[kind],
                bytes.len(),
                path.display()
            ));
            // Many failures are usually one bug; the first few are enough.
            // After a hang the worker is still busy with the input.
            if failures.len() >= 20 || hung {
                break;
            }
        }
        if (index + 1) % step == 0 && inputs >= 100_000 {
            println!(
                "stress: {} inputs in {:.1?}, {} failed, slowest {:?}",
                index + 1,
                started.elapsed(),
                failures.len(),
                slowest.0
            );
        }
    }

    let (took, index, kind, len) = slowest;
    println!(
        "stress: {inputs} inputs in {:.1?}; slowest input {index} ({}, {len} bytes) took {took:?}; \
         {} failed; per kind: {}",
        started.elapsed(),
        KINDS[kind],
        failures.len(),
        KINDS
            .iter()
            .zip(&per_kind)
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(
        failures.is_empty(),
        "seed {seed}: {} inputs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The watchdog itself: an input that never ends is given up on after the
/// time allowed, and one that panics is reported as such, while the inputs
/// around them are timed as usual.
#[test]
fn the_watchdog_gives_up_on_an_input_that_never_ends() {
    fn run(bytes: &[u8]) {
        match bytes {
            b"hang" => loop {
                std::thread::sleep(Duration::from_secs(3600));
            },
            b"panic" => panic!("a panicking input"),
            _ => {}
        }
    }
    let watchdog = Watchdog::new(run);
    assert!(matches!(watchdog.time(b"ok", HANG), Some((false, _))));
    assert!(matches!(watchdog.time(b"panic", HANG), Some((true, _))));
    assert!(matches!(watchdog.time(b"ok", HANG), Some((false, _))));
    let t = Instant::now();
    assert_eq!(watchdog.time(b"hang", Duration::from_millis(200)), None);
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}
