//! Time as a property: every input under 64 KiB is checked (the whole of
//! `pactum::check::check_text`) in bounded time and memory, offsets at the
//! language's limits included (1,000,000 days, weeks, months or years).
//!
//! The bounds are 100 ms and 100 MB in release builds (`cargo test --release
//! --test time_property`). A debug build is some twenty times slower, so
//! there the time bound is 2 s; the memory bound is the same. Memory is the
//! peak of bytes live on the heap during one check, counted by the
//! allocator below; the tests of this file take a lock while they measure,
//! so that they do not count each other's allocations. Time is wall-clock
//! time, the fastest of up to three runs, so that a busy machine does not
//! fail the test.
//!
//! Issue 12, finding 2: one event, one clause `from 10000 months after e`
//! and one `cover` took 6.8 s and 1 GB; 100,000 months 103 s and 9.75 GB;
//! 1,000,000 months ran out of memory at 24 GB. Those three inputs are the
//! first tests below.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pactum::diagnostics::Code;
use proptest::prelude::*;

/// Counts the bytes live on the heap, and the most there have been.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let now = LIVE.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Held while measuring, so that one measurement counts one check.
static MEASURING: Mutex<()> = Mutex::new(());

/// The time bound: 100 ms in release builds, 2 s in debug builds.
const TIME: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(2)
} else {
    Duration::from_millis(100)
};

/// The memory bound, in bytes live at once beyond those before the check.
const MEMORY: usize = 100 * 1024 * 1024;

/// The largest input the property speaks of.
const LARGEST: usize = 64 * 1024;

/// Checks `text` as a whole and returns how long it took, the peak heap
/// growth, and the diagnostic codes found.
fn measure(text: &str) -> (Duration, usize, Vec<String>) {
    let _guard = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let start = Instant::now();
    let loaded = pactum::check::check_text(Path::new("time.pactum"), text, &mut |_| {
        Err(std::io::Error::from(std::io::ErrorKind::NotFound))
    });
    let took = start.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    let codes = loaded
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect();
    (took, peak, codes)
}

/// Checks `text` and asserts the bounds; returns the diagnostic codes.
///
/// The machine may be busy with other work: a time over the bound is
/// measured again, up to three times in all, and the fastest counts.
fn within_bounds(text: &str) -> Vec<String> {
    let (mut took, peak, codes) = measure(text);
    for _ in 0..2 {
        if took <= TIME {
            break;
        }
        took = took.min(measure(text).0);
    }
    // `PACTUM_TIME_REPORT=1` prints each measurement (microseconds, bytes,
    // input bytes), for the figures in the README.
    if std::env::var_os("PACTUM_TIME_REPORT").is_some() {
        eprintln!("measured {} {} {}", took.as_micros(), peak, text.len());
    }
    assert!(
        took <= TIME,
        "took {took:?} (bound {TIME:?}) on {} bytes:\n{text}",
        text.len()
    );
    assert!(
        peak <= MEMORY,
        "used {} MB (bound {} MB) on {} bytes:\n{text}",
        peak / (1024 * 1024),
        MEMORY / (1024 * 1024),
        text.len()
    );
    codes
}

/// One event, one clause from `offset` after it, and a coverage: the shape
/// of the inputs of finding 2.
fn one_offset(offset: &str) -> String {
    format!(
        "contract \"t\"\nparty a\naction use\nsubject s\nevent e by a\n\
         clause c {{ a may use s from {offset} after e }}\ncover k {{ a use s }}\n"
    )
}

#[test]
fn ten_thousand_months_after_an_event_with_a_cover() {
    let codes = within_bounds(&one_offset("10000 months"));
    assert!(
        codes.iter().any(|c| c == "pactum::gap::uncovered"),
        "{codes:?}"
    );
}

#[test]
fn a_hundred_thousand_months_after_an_event_with_a_cover() {
    let codes = within_bounds(&one_offset("100000 months"));
    assert!(
        codes.iter().any(|c| c == "pactum::gap::uncovered"),
        "{codes:?}"
    );
}

#[test]
fn a_million_months_after_an_event_with_a_cover() {
    let codes = within_bounds(&one_offset("1000000 months"));
    assert!(
        codes.iter().any(|c| c == "pactum::gap::uncovered"),
        "{codes:?}"
    );
}

#[test]
fn every_unit_at_the_longest_offset_with_a_cover_and_assertions() {
    for unit in ["days", "weeks", "months", "years"] {
        for dir in ["after", "before"] {
            let text = format!(
                "contract \"t\" effective 2025-01-31\nparty a\naction use\nsubject s\n\
                 event e by a\nevent f by a, after e\n\
                 clause c {{ a may use s from 1000000 {unit} {dir} e until 1 month after f }}\n\
                 clause d {{ a may use s from 12 months {dir} f until 365 days {dir} f }}\n\
                 cover k {{ a use s }}\n\
                 assert x {{ always a may use s from 1000000 {unit} {dir} f }}\n\
                 assert y {{ never a may use s until 1000000 {unit} {dir} 2025-02-28 }}\n"
            );
            within_bounds(&text);
        }
    }
}

/// A month chain and a day chain that only the calendar tells apart, a
/// century from the event: exact checking would scan the whole 400-year
/// cycle. It must end within the bounds, with a verdict or with a question
/// reported as undecided, never with a guess.
#[test]
fn offsets_the_calendar_alone_tells_apart_end_within_the_bounds() {
    let text = "contract \"t\"\nparty a\naction use\nsubject s\nevent e by a\n\
                clause c { a may use s from 1200 months after e until 36525 days after e }\n\
                assert x { always a may use s from 1200 months after e until 36524 days after e }\n";
    let codes = within_bounds(text);
    assert!(
        codes
            .iter()
            .any(|c| c == "pactum::assert::undecided" || c == "pactum::assert::violated"),
        "{codes:?}"
    );
    // An undecided question gives the budget that ran out: the calendar
    // scan, not the number of scenarios.
    let loaded = pactum::check::check_text(Path::new("t.pactum"), text, &mut |_| {
        Err(std::io::ErrorKind::NotFound.into())
    });
    for d in &loaded.diagnostics {
        if d.code == Code::AssertionUndecided || d.code == Code::AnalysisUndecided {
            let label = &d.labels[0].message;
            assert!(label.contains("calendar scan"), "{label}");
        }
    }
}

/// A point: an event or a date, with up to two offsets of any size up to the
/// limit, possibly combined with `first` or `last`.
fn point(events: usize) -> impl Strategy<Value = String> + Clone {
    let amount = prop_oneof![
        Just(0u32),
        1..=40u32,
        prop::sample::select(vec![
            364u32, 365, 366, 1200, 4800, 10_000, 36_524, 146_097, 999_999, 1_000_000
        ]),
        0..=1_000_000u32,
    ];
    let unit = prop::sample::select(vec!["days", "weeks", "months", "years"]);
    let dir = prop::sample::select(vec!["after", "before"]);
    let leaf = prop_oneof![
        (0..events).prop_map(|e| format!("e{e}")),
        prop::sample::select(vec!["2025-01-31", "2028-02-29", "2030-12-31"]).prop_map(String::from),
    ];
    let step = (amount, unit, dir);
    leaf.prop_recursive(2, 4, 2, move |inner| {
        prop_oneof![
            (step.clone(), inner.clone()).prop_map(|((n, u, d), p)| format!("{n} {u} {d} ({p})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("first({a}, {b})")),
        ]
    })
}

/// Contracts with a few events in order, clauses, facts, assertions and a
/// coverage whose windows are random points, and sometimes a term whose end
/// is one too, with clauses that survive it for any length up to the limit.
fn contracts() -> impl Strategy<Value = String> {
    (1..=4usize).prop_flat_map(|events| {
        let window = (
            proptest::option::of(point(events)),
            proptest::option::of(point(events)),
        )
            .prop_map(|(from, until)| {
                let from = from.map_or(String::new(), |f| format!(" from {f}"));
                let until = until.map_or(String::new(), |u| format!(" until {u}"));
                format!("{from}{until}")
            });
        let survives = proptest::option::of((
            prop_oneof![1..=40u32, 0..=1_000_000u32],
            prop::sample::select(vec!["days", "weeks", "months", "years"]),
        ));
        (
            proptest::collection::vec((window.clone(), any::<bool>(), survives), 1..=4),
            proptest::collection::vec((window.clone(), 0..3usize), 0..=3),
            window,
            proptest::option::of(point(events)),
        )
            .prop_map(move |(clauses, asserts, cover, term)| {
                let mut text = String::from(
                    "contract \"t\" effective 2025-01-31\nparty a\naction use\nsubject s { x, y }\n",
                );
                for e in 0..events {
                    match e.checked_sub(1) {
                        Some(p) => text.push_str(&format!("event e{e} by a, after e{p}\n")),
                        None => text.push_str("event e0 by a\n"),
                    }
                }
                if let Some(end) = &term {
                    text.push_str(&format!("term {{ until {end} }}\n"));
                }
                for (i, (w, may, survives)) in clauses.iter().enumerate() {
                    let (modal, subject) = if *may { ("may", "s.x") } else { ("must not", "s.y") };
                    let survives = match (survives, &term) {
                        (Some((n, unit)), Some(_)) => format!(" survives for {n} {unit}"),
                        _ => String::new(),
                    };
                    text.push_str(&format!(
                        "clause c{i} {{ a {modal} use {subject}{w}{survives} }}\n"
                    ));
                }
                for (i, (w, kind)) in asserts.iter().enumerate() {
                    let body = match kind {
                        0 => format!("always a may use s.x{w}"),
                        1 => format!("never a may use s.x{w}"),
                        _ => format!("c0 is active exactly{w}"),
                    };
                    text.push_str(&format!("assert x{i} {{ {body} }}\n"));
                }
                text.push_str(&format!("cover k {{ a use s{cover} }}\n"));
                text
            })
    })
}

/// The number of cases, unless PROPTEST_CASES asks for more (or fewer).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn every_input_is_checked_within_the_bounds(text in contracts()) {
        prop_assume!(text.len() < LARGEST);
        within_bounds(&text);
    }
}
