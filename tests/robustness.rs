//! Any input gives diagnostics: never a panic, a hang or a stack overflow.
//!
//! Test threads run on 2 MiB stacks (the binary's main thread has 8 MiB), so
//! passing here leaves a wide margin. Run these in release too:
//! `cargo test --release --test robustness`.
//!
//! Timings are not asserted (machines vary); `measure_check_times` prints them:
//! `cargo test --release --test robustness -- --ignored --nocapture`.

use std::path::Path;
use std::time::Instant;

use pactum::check::check_file;
use pactum::diagnostics::{render, Code};
use pactum::model::Loaded;
use pactum::syntax::split::MAX_DEPTH;
use proptest::prelude::*;

#[path = "common/hostile.rs"]
mod hostile;
use hostile::{check, check_bytes, codes, consume, mutate, seeds, soup_tokens, Mutation};

// ------------------------------------------------------------ properties

/// Text built from the language's own tokens reaches far deeper into the
/// grammar than random characters do.
fn token_soup() -> impl Strategy<Value = String> {
    let tokens = soup_tokens();
    let token = prop::sample::select(tokens);
    prop::collection::vec(token, 0..120).prop_map(|t| t.join(" "))
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), 1..40usize).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Insert(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "tests/proptest-regressions/robustness.txt",
            ),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        consume(&check(&text));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let loaded = check_bytes(&bytes);
        prop_assert_eq!(loaded.unreadable, std::str::from_utf8(&bytes).is_err());
        consume(&loaded);
    }

    #[test]
    fn token_soup_never_panics(text in token_soup()) {
        consume(&check(&text));
    }

    #[test]
    fn mutated_contracts_never_panic(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let text = &seeds[seed.index(seeds.len())];
        consume(&check_bytes(&mutate(text, &mutations)));
    }

    /// Pathological shapes, bounded by the depth cap or by length, all complete.
    #[test]
    fn pathological_shapes_complete(
        depth in 0..=MAX_DEPTH + 2,
        width in 0..2_000usize,
        shape in 0..8usize,
    ) {
        let text = match shape {
            0 => format!("clause c {{ a may use s until {}x{} }}", "first(".repeat(depth), ")".repeat(depth)),
            1 => format!("clause c {{ a may use s from {}x }}", "1 day after ".repeat(depth)),
            2 => format!("assert a {{ always {}x is active{} }}", "(".repeat(depth), ")".repeat(depth)),
            3 => format!("assert a {{ always {} }}", vec!["x is active"; width + 1].join(" or ")),
            4 => format!("clause c {{ a may use {} }}", vec!["s"; width + 1].join(", ")),
            5 => format!("clause c {{ a may use {}s{} }}", "(s except ".repeat(depth), ")".repeat(depth)),
            6 => format!("subject s {}{}", "{ t ".repeat(depth), "}".repeat(depth)),
            _ => format!("clause c {{ a may use s until {} , whichever first }}", vec!["x"; width + 1].join(" or ")),
        };
        consume(&check(&text));
    }
}

/// Text from a small alphabet where multi-byte characters sit right next to
/// keywords, words and punctuation. Words are glued to each other and to
/// accented or wide letters without spaces, so computed byte offsets (a word
/// cut at a maximum length, a line end, a column) fall inside characters often:
/// the way issue 12's panic on `a` followed by twenty `é` was found.
fn unicode_soup() -> impl Strategy<Value = String> {
    let odd = prop::sample::select(vec![
        "é",
        "ß",
        "ж",
        "中",
        "𝔸",
        "😀",
        "👩\u{200d}👩\u{200d}👧",
        "e\u{301}",
        "\u{301}",
        "\u{200f}",
        "\u{202e}",
        "\u{feff}",
        "\u{0}",
        "\r",
        "\r\n",
        "\n",
        "\t",
        " ",
    ]);
    let words = soup_tokens();
    let word = prop::sample::select(words);
    // Runs of letters, some of them wide, up to past the 40-byte cut of a
    // "found" word in syntax errors.
    let run = "[aé中𝔸_]{1,45}";
    let piece = prop_oneof![
        3 => odd.prop_map(String::from),
        3 => word.prop_map(String::from),
        2 => run,
    ];
    let sep = prop::sample::select(vec!["", "", "", " ", "\n", "\r\n"]);
    prop::collection::vec((piece, sep), 0..60).prop_map(|parts| {
        parts
            .into_iter()
            .fold(String::new(), |mut text, (piece, sep)| {
                text.push_str(&piece);
                text.push_str(sep);
                text
            })
    })
}

/// Runs the whole check and the formatter on `text` and says whether either
/// panicked, with the input spelled out so a failure can be replayed.
fn check_and_format_without_panic(text: &str) -> Result<(), String> {
    std::panic::catch_unwind(|| {
        consume(&check(text));
        match pactum::fmt::format_source(text) {
            Ok(formatted) => {
                consume(&check(&formatted));
            }
            Err(diagnostics) => {
                let mut sources = pactum::source::Sources::new();
                sources.add("input.pactum", text);
                for d in diagnostics.iter().take(3) {
                    let _ = pactum::diagnostics::JsonDiagnostic::of(d, &sources);
                    let _ = render(d, &sources, false);
                }
            }
        }
    })
    .map_err(|_| format!("panicked on {text:?} (bytes {:02x?})", text.as_bytes()))
}

proptest! {
    #![proptest_config(ProptestConfig {
        // A thousand in CI; more on demand with `PROPTEST_CASES=1000000`.
        cases: ProptestConfig::default().cases.max(1_000),
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "tests/proptest-regressions/robustness.txt",
            ),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn unicode_soup_is_checked_and_formatted_without_panic(text in unicode_soup()) {
        if let Err(message) = check_and_format_without_panic(&text) {
            prop_assert!(false, "{}", message);
        }
    }
}

// ------------------------------------------------------------ explicit inputs

#[test]
fn empty_file() {
    let loaded = check("");
    assert!(loaded.diagnostics.is_empty(), "{:?}", codes(&loaded));
    let loaded = check_bytes(b"");
    assert!(loaded.diagnostics.is_empty());
}

#[test]
fn only_comments() {
    let text = "// one\n/* two\n   three */\n/// four\n".repeat(1000);
    assert!(check(&text).diagnostics.is_empty());
}

#[test]
fn unterminated_string_and_block_comment() {
    for text in [
        "party a \"no end",
        "party a \"no end\nparty b",
        "\"",
        "/*",
        "party a /* never closed\nparty b\n",
        "clause c { a may use s source \"x }",
        "\"\\",
    ] {
        let loaded = check(text);
        assert!(codes(&loaded).contains(&Code::Syntax), "{text:?}");
        consume(&loaded);
    }
}

/// Issue 12, finding 1: a syntax error at a word longer than the 40 bytes
/// quoted in the message, where byte 40 falls inside `é`. Also kept as
/// `fuzz/regressions/word-cut-inside-a-character`.
#[test]
fn a_long_word_is_cut_at_a_character_boundary() {
    let text = format!("a{}\n", "é".repeat(20));
    assert_eq!(text.len(), 42);
    check_and_format_without_panic(&text).unwrap();
    let loaded = check(&text);
    assert_eq!(codes(&loaded), [Code::Syntax]);
    consume(&loaded);
    for wide in ["中", "𝔸", "é"] {
        for pad in 0..4 {
            let text = format!("{}{}", "a".repeat(pad), wide.repeat(30));
            check_and_format_without_panic(&text).unwrap();
            check_and_format_without_panic(&format!("party p\nclause c {{ {text} }}")).unwrap();
        }
    }
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    for bytes in [
        &b"\xff\xfe"[..],
        b"party a\n\xc3",
        b"party \xe9t\xe9",
        b"\xed\xa0\x80",
        b"\x80\x80\x80",
    ] {
        let loaded = check_bytes(bytes);
        assert!(loaded.unreadable, "{bytes:?}");
        assert_eq!(codes(&loaded), [Code::Io]);
        consume(&loaded);
    }
    let loaded = check("party a\0\nparty \0b\n\0\0\0");
    assert!(codes(&loaded).contains(&Code::Syntax));
    consume(&loaded);
}

fn deep(open: &str, n: usize) -> String {
    open.repeat(n)
}

#[test]
fn a_hundred_thousand_open_brackets() {
    for open in ["(", "{", "[", "({[", "first(", "(not "] {
        let bare = deep(open, 100_000);
        let in_item = format!("assert a {{ always {} }}", deep(open, 100_000));
        let closed = format!(
            "assert a {{ always {}x is active{} }}",
            deep(open, 100_000),
            ")".repeat(100_000)
        );
        for text in [bare, in_item, closed] {
            let loaded = check(&text);
            assert!(
                codes(&loaded).contains(&Code::TooDeep),
                "{open}: {:?}",
                codes(&loaded)
            );
            consume(&loaded);
        }
    }
}

#[test]
fn a_hundred_thousand_nesting_words() {
    for text in [
        format!(
            "assert a {{ always {}x is active }}",
            "not ".repeat(100_000)
        ),
        format!(
            "clause c {{ a may use s from {}x }}",
            "1 day after ".repeat(100_000)
        ),
        format!(
            "clause c {{ a may use s from {}x }}",
            "2 weeks before ".repeat(100_000)
        ),
        // Conditional amounts nest without brackets, in either case.
        format!(
            "amount a = {}USD 1",
            "if amount 1 < 2 then ".repeat(100_000)
        ),
        format!(
            "amount a = USD 1{}",
            " else if amount 1 < 2 then USD 2".repeat(100_000)
        ),
        format!(
            "amount a = {}USD 1",
            "if amount if amount 1 < 2 then 1 else 2 < 2 then ".repeat(50_000)
        ),
    ] {
        let loaded = check(&text);
        assert_eq!(codes(&loaded), [Code::TooDeep]);
        consume(&loaded);
    }
}

#[test]
fn nesting_at_the_limit_resolves() {
    let d = MAX_DEPTH - 1;
    let text = format!(
        "party a\naction use\nsubject s\nevent x\nclause c {{ a may use {}s{} until {}x{} }}",
        "(".repeat(d / 2),
        ")".repeat(d / 2),
        "first(".repeat(d / 2),
        ")".repeat(d / 2)
    );
    let loaded = check(&text);
    assert!(!loaded.has_errors(), "{:?}", codes(&loaded));
    assert_eq!(loaded.contract.clauses.len(), 1);
}

/// Conditional amounts one after another in a list do not nest: a
/// hundred of them, more than the depth limit, parse and compute.
#[test]
fn conditional_amounts_side_by_side_are_not_nested() {
    let cases: Vec<String> = (0..100)
        .map(|k| format!("if amount {k} < 50 then USD {k} else USD 0"))
        .collect();
    let text = format!("amount a = greater of ({})\n", cases.join(", "));
    let loaded = check(&text);
    assert!(!loaded.has_errors(), "{:?}", codes(&loaded));
    assert_eq!(
        loaded.contract.amounts[0].value.as_ref().map(|v| v.value),
        Some(rust_decimal::Decimal::from(49))
    );
    let nested = MAX_DEPTH - 1;
    let text = format!(
        "amount a = {}USD 1{}\n",
        "if amount 1 < 2 then ".repeat(nested),
        " else USD 2".repeat(nested)
    );
    let loaded = check(&text);
    assert!(!loaded.has_errors(), "{:?}", codes(&loaded));
}

#[test]
fn a_one_megabyte_line() {
    let long = format!("party a \"{}\"\n", "x".repeat(1 << 20));
    assert!(check(&long).diagnostics.is_empty());
    let broken = format!("party a {}\n", "x ".repeat(1 << 19));
    let loaded = check(&broken);
    assert_eq!(codes(&loaded), [Code::Syntax]);
    consume(&loaded);
}

/// 10 MiB: a thousand clauses and long descriptions (long text keeps the
/// debug build quick; `measure_check_times` times 10 MiB of clauses alone).
#[test]
fn a_ten_megabyte_file() {
    let item = "clause c{n} {\n  source \"T{n}\"\n  a may use s.t except s.t.u\n  from 2025-10-28\n  until 90 days after e or end of 2030, whichever first\n}\n";
    let mut text = String::from("party a\naction use\nevent e\nsubject s { t { u, v } }\n");
    for n in 0..1000 {
        text.push_str(&item.replace("{n}", &n.to_string()));
    }
    let description = "Lorem ipsum dolor sit amet, “quoted” Übersicht. ".repeat(20);
    let mut n = 0;
    while text.len() < 10 << 20 {
        text.push_str(&format!("/// doc\nparty p{n} \"{description}\"\n"));
        n += 1;
    }
    let loaded = check(&text);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        &loaded.diagnostics[..1]
    );
    assert_eq!(loaded.contract.clauses.len(), 1000);
    assert_eq!(loaded.contract.parties.len(), n + 1);
}

#[test]
fn long_event_chains_and_cycles() {
    let n = 20_000;
    let mut text = String::from("event e0\n");
    for i in 1..n {
        text.push_str(&format!("event e{i}, after e{}\n", i - 1));
    }
    assert!(check(&text).diagnostics.is_empty());
    text.push_str(&format!("event loop, after e{}\n", n - 1));
    text = text.replacen("event e0\n", "event e0, after loop\n", 1);
    let loaded = check(&text);
    assert_eq!(codes(&loaded), [Code::EventCycle]);
}

/// A chain of `n` files, each amending the next (all in memory).
fn chain(n: usize) -> Loaded {
    check_file(Path::new("v0.pactum"), &mut |p| {
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        let i: usize = name
            .trim_start_matches('v')
            .trim_end_matches(".pactum")
            .parse()
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::NotFound))?;
        let amends = if i + 1 < n {
            format!(" amends \"v{}.pactum\"", i + 1)
        } else {
            String::new()
        };
        let year = 2500 - i;
        Ok(format!(
            "contract \"v{i}\" effective {year}-01-01{amends}\nparty a\naction use\nsubject s\nclause c {{ a may use s }}\n"
        )
        .into_bytes())
    })
}

#[test]
fn a_long_amendment_chain() {
    let n = pactum::model::MAX_CHAIN;
    let loaded = chain(n);
    assert!(!loaded.has_errors(), "{:?}", codes(&loaded));
    assert_eq!(loaded.contract.versions.len(), n);
    assert_eq!(loaded.contract.clauses.len(), n);
    let loaded = chain(n + 1);
    assert_eq!(codes(&loaded), [Code::AmendsCycle]);
    assert_eq!(loaded.contract.versions.len(), n);
}

/// Found by the fuzzer: a file that amends itself through a path with a
/// directory in it names a new, longer path at every step, so no two paths
/// of the chain were equal and loading never ended.
#[test]
fn a_loop_through_ever_longer_paths_ends() {
    let text = b"contract \"x\" amends \"sub/x.pactum\"\n".to_vec();
    let loaded = check_file(Path::new("x.pactum"), &mut |_| Ok(text.clone()));
    assert_eq!(codes(&loaded), [Code::AmendsCycle]);
}

#[test]
fn amendment_cycles_of_any_length_end() {
    for n in [1, 2, 7] {
        let loaded = check_file(Path::new("v0.pactum"), &mut |p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            let i: usize = name
                .trim_start_matches('v')
                .trim_end_matches(".pactum")
                .parse()
                .unwrap_or(0);
            Ok(format!("contract \"v\" amends \"v{}.pactum\"\n", (i + 1) % n).into_bytes())
        });
        assert_eq!(codes(&loaded), [Code::AmendsCycle], "cycle of {n}");
    }
}

#[test]
fn the_binary_survives_hostile_files() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("robustness");
    std::fs::create_dir_all(&dir).expect("dir");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("bytes", (0..=255u8).cycle().take(4096).collect()),
        ("nul", b"party a\0\0\0".to_vec()),
        ("deep", "(".repeat(100_000).into_bytes()),
        (
            "nots",
            format!(
                "assert a {{ always {}x is active }}",
                "not ".repeat(100_000)
            )
            .into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.join(format!("{name}.pactum"));
        std::fs::write(&path, &bytes).expect("write");
        for format in ["human", "json"] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_pactum"))
                .args(["check", "--color", "never", "--format", format])
                .arg(&path)
                .output()
                .expect("runs");
            let code = out.status.code();
            assert!(
                matches!(code, Some(1 | 2)),
                "{name} ({format}): {code:?}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

// ------------------------------------------------------------ measurements

/// Prints how long checking takes on large and hostile inputs. Not a test of
/// speed (machines vary): run it by hand, in release.
#[test]
#[ignore]
fn measure_check_times() {
    let kib64 = 64 << 10;
    let fill = |unit: &str| unit.repeat(kib64 / unit.len());
    let cases: Vec<(&str, String)> = vec![
        ("64 KiB of valid clauses", {
            let mut t = String::from("party a\naction use\nevent e\nsubject s { t { u, v } }\n");
            let mut n = 0;
            while t.len() < kib64 {
                t.push_str(&format!("clause c{n} {{ a may use s.t except s.t.u until 90 days after e or end of 2030, whichever first }}\n"));
                n += 1;
            }
            t
        }),
        ("64 KiB `first(` (depth cap)", fill("first(")),
        ("64 KiB `(`", fill("(")),
        (
            "64 KiB `x is active or`",
            format!(
                "assert a {{ always {}x is active }}",
                fill("x is active or ")
            ),
        ),
        (
            "64 KiB subject union",
            format!("clause c {{ a may use {}s }}", fill("s, ")),
        ),
        (
            "64 KiB `not`",
            format!("assert a {{ always {}x }}", fill("not ")),
        ),
        (
            "64 KiB unknown names",
            fill("clause c { microsft may use ip }\n"),
        ),
        ("64 KiB duplicate parties", fill("party a\n")),
        (
            "64 KiB of one-letter parties",
            (0..kib64 / 12).map(|i| format!("party p{i}\n")).collect(),
        ),
        ("64 KiB unclosed clauses", fill("clause c {\n")),
        ("32 KiB names + 32 KiB typos", {
            let mut t: String = (0..kib64 / 24)
                .map(|i| format!("party party_{i:05}\n"))
                .collect();
            t.push_str("action use\nsubject s\n");
            t.extend(
                (0..kib64 / 40).map(|i| format!("clause c{i} {{ party_{i:04}x may use s }}\n")),
            );
            t
        }),
        ("32 KiB subjects + 32 KiB typos", {
            let mut t = String::from("party a\naction use\nsubject s {\n");
            t.extend((0..kib64 / 24).map(|i| format!(" leaf_{i:05},\n")));
            t.push_str("}\n");
            t.extend(
                (0..kib64 / 40).map(|i| format!("clause c{i} {{ a may use s.leaf_{i:04}x }}\n")),
            );
            t
        }),
        (
            "64 KiB random bytes as text",
            (0..kib64)
                .map(|i| char::from(b' ' + (i * 7919 % 94) as u8))
                .collect(),
        ),
    ];
    for (name, text) in &cases {
        let start = Instant::now();
        let loaded = check(text);
        let took = start.elapsed();
        println!(
            "{name:>32}: {:>8.2} ms, {} diagnostics",
            took.as_secs_f64() * 1e3,
            loaded.diagnostics.len()
        );
    }
    let mut big = String::from("party a\naction use\nevent e\nsubject s { t { u, v } }\n");
    let mut n = 0;
    while big.len() < 10 << 20 {
        big.push_str(&format!("clause c{n} {{\n  source \"T{n}\"\n  a may use s.t except s.t.u\n  from 2025-10-28\n  until 90 days after e or end of 2030, whichever first\n}}\n"));
        n += 1;
    }
    let start = Instant::now();
    let loaded = check(&big);
    println!(
        "{:>32}: {:>8.2} ms, {} clauses",
        "10 MiB valid file",
        start.elapsed().as_secs_f64() * 1e3,
        loaded.contract.clauses.len()
    );
}
