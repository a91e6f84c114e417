//! `pactum fmt`: properties on real and generated contracts, and the binary.
//!
//! Every formatted text must parse to the same syntax tree (spans aside), keep
//! every comment, and come back unchanged when formatted again.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use pactum::fmt::{format_source, same_tree, FILE};
use pactum::syntax;
use proptest::prelude::*;

/// Asserts the three properties for one text that parses.
#[track_caller]
fn assert_formats_well(name: &str, text: &str) -> String {
    let out = format_source(text).unwrap_or_else(|d| panic!("{name}: cannot format: {d:?}"));
    let (before, _) = syntax::parse(FILE, text);
    let (after, errors) = syntax::parse(FILE, &out);
    assert!(
        errors.is_empty(),
        "{name}: the output does not parse: {errors:?}\n{out}"
    );
    assert!(
        same_tree(&before, &after),
        "{name}: the meaning changed\n{out}"
    );
    let again = format_source(&out).unwrap_or_else(|d| panic!("{name}: output refused: {d:?}"));
    assert_eq!(again, out, "{name}: formatting twice changed the text");
    out
}

// ---------------------------------------------------------------- real files

fn pactum_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pactum_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "pactum") {
            found.push(path);
        }
    }
}

/// The reference contract, its history and every test corpus file that parses.
#[test]
fn every_contract_and_corpus_file_formats_well() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    pactum_files(&root.join("contracts"), &mut files);
    pactum_files(&root.join("tests"), &mut files);
    let mut formatted = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if !syntax::parse(FILE, &text).1.is_empty() {
            continue;
        }
        assert_formats_well(&path.display().to_string(), &text);
        formatted += 1;
    }
    assert!(formatted >= 1, "no corpus file was formatted: {files:?}");
}

/// The example is written almost canonically; the differences are the
/// layout decisions of docs/fmt.md.
#[test]
fn the_example_contract_in_canonical_form() {
    let text = include_str!("fmt/example-basic.pactum");
    let out = assert_formats_well("example-basic", text);
    assert!(out.contains("  models {\n    weights\n    architecture\n  }\n"));
    assert!(out.contains("assert I8 {\n  always stakes in openai <= 100 %\n}\n"));
    assert!(out.contains("/// The software company.\nparty microsoft"));
    assert!(out.contains("party panel\n\naction use"));
    assert!(out.contains("  through 2032\n"), "through stays as written");
}

/// Amounts print with one space around operators and after `of`, their
/// literals as written (grouping commas and scale words kept), and the
/// parentheses the author wrote; a clause's `amount` line follows its window.
#[test]
fn amounts_in_canonical_form() {
    let text = "amount fee=USD 2,000+ 15%of(x -USD 1.2 million)rounded to 0.01\n\
                amount x = greater of(USD 1,USD 666,666.66)split into USD 1 ,x/2\n\
                clause c {\n    amount   fee*2\n  a must pay b\n  until 2030-01-01\n}\n";
    let out = assert_formats_well("amounts", text);
    assert!(
        out.contains("amount fee = USD 2,000 + 15 % of (x - USD 1.2 million) rounded to 0.01\n"),
        "{out}"
    );
    assert!(
        out.contains("amount x = greater of (USD 1, USD 666,666.66) split into USD 1, x / 2\n"),
        "{out}"
    );
    assert!(
        out.contains("  a must pay b\n  until 2030-01-01\n  amount fee * 2\n}"),
        "{out}"
    );
}

/// Tier tables print on one line, brackets as written (`1,000..`), one
/// space after each colon and comma; `at` and `amount A OP B` in a condition
/// with one space around the operator.
#[test]
fn tiers_and_amount_comparisons_in_canonical_form() {
    let text = "amount share=tiered{1..10:7.5 %,11..:15%,}\n\
                amount bonus = tiered by  share_rank{ 1..999 : USD 0 , 1,000.. : USD 5 }\n\
                amount share_rank = 3\n\
                amount twelfth = share at(share_rank+9)of USD 46,000\n\
                assert cap {\n  always amount twelfth<=USD 7,000 and amount share at 1>=5%\n}\n";
    let out = assert_formats_well("tiers", text);
    assert!(
        out.contains("amount share = tiered { 1..10: 7.5 %, 11..: 15 % }\n"),
        "{out}"
    );
    assert!(
        out.contains("amount bonus = tiered by share_rank { 1..999: USD 0, 1,000..: USD 5 }\n"),
        "{out}"
    );
    assert!(
        out.contains("amount twelfth = share at (share_rank + 9) of USD 46,000\n"),
        "{out}"
    );
    assert!(
        out.contains("  always amount twelfth <= USD 7,000 and amount share at 1 >= 5 %\n"),
        "{out}"
    );
    // A table too long for one line, or with a comment among its brackets,
    // has one bracket a line, and each comment stays with its bracket.
    let text = "amount share = tiered { 1..10: 7.5 %, // the first ten\n  11..: 15 % }\n\
                amount long_table = tiered { 1..10: USD 1,000,000 + USD 2,000, 11..20: USD 2,000,000 + USD 4,000, 21..: USD 0 }\n";
    let out = assert_formats_well("tier lines", text);
    assert!(
        out.contains(
            "amount share = tiered {\n  1..10: 7.5 %, // the first ten\n  11..: 15 %\n}\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("amount long_table = tiered {\n  1..10: USD 1,000,000 + USD 2,000,\n  11..20: USD 2,000,000 + USD 4,000,\n  21..: USD 0\n}\n"),
        "{out}"
    );
}

// ---------------------------------------------------------------- generated files

/// Names that are not keywords, some of them words the grammar gives a
/// meaning elsewhere (`first(…)`, `end of`, `stake of`).
const NAMES: &[&str] = &[
    "a", "ms", "oa", "ip", "first", "end", "stake", "x_1", "_y", "percent",
];
const STRINGS: &[&str] = &[
    r#""A""#,
    r#""x // not a comment""#,
    r#""q \" /* z""#,
    r#""Übersicht — “quoted”""#,
];

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES).prop_map(str::to_string)
}

fn string() -> impl Strategy<Value = String> {
    prop::sample::select(STRINGS).prop_map(str::to_string)
}

fn words(w: &str) -> Vec<String> {
    w.split(' ').map(str::to_string).collect()
}

fn opt_string() -> impl Strategy<Value = Vec<String>> {
    prop::option::of(string()).prop_map(|s| s.into_iter().collect())
}

fn comma_list(
    item: impl Strategy<Value = Vec<String>>,
    max: usize,
) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(item, 1..=max).prop_map(|items| {
        let mut out = Vec::new();
        for (i, it) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(",".to_string());
            }
            out.extend(it);
        }
        out
    })
}

fn names(max: usize) -> impl Strategy<Value = Vec<String>> {
    comma_list(name().prop_map(|n| vec![n]), max)
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(name(), 1..=3).prop_map(|p| p.join("."))
}

fn subject_set() -> impl Strategy<Value = Vec<String>> {
    let atom = path().prop_map(|p| vec![p]);
    let set = atom.prop_recursive(3, 12, 3, |inner| {
        let union = || comma_list(inner.clone(), 3);
        (union(), prop::option::of(union())).prop_map(|(inc, exc)| {
            let mut v = vec!["(".to_string()];
            v.extend(inc);
            if let Some(exc) = exc {
                v.push("except".to_string());
                v.extend(exc);
            }
            v.push(")".to_string());
            v
        })
    });
    (
        comma_list(set.clone(), 3),
        prop::option::of(comma_list(set, 2)),
    )
        .prop_map(|(inc, exc)| {
            let mut v = inc;
            if let Some(exc) = exc {
                v.push("except".to_string());
                v.extend(exc);
            }
            v
        })
}

fn date() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["2025-10-28", "2030-01-01", "2032-12-31"]).prop_map(str::to_string)
}

fn year_or_date() -> impl Strategy<Value = String> {
    prop_oneof![date(), Just("2030".to_string())]
}

fn point() -> impl Strategy<Value = Vec<String>> {
    let leaf = prop_oneof![
        date().prop_map(|d| vec![d]),
        year_or_date().prop_map(|d| vec!["end".into(), "of".into(), d]),
        Just(words("end of term")),
        name().prop_map(|n| vec![n]),
    ];
    leaf.prop_recursive(3, 10, 3, |inner| {
        let unit = prop::sample::select(vec!["day", "days", "weeks", "month", "years"]);
        let amount = prop::sample::select(vec!["1", "90", "1_000"]);
        let dir = prop::sample::select(vec!["after", "before"]);
        prop_oneof![
            (amount, unit, dir, inner.clone()).prop_map(|(a, u, d, p)| {
                let mut v = vec![a.to_string(), u.to_string(), d.to_string()];
                v.extend(p);
                v
            }),
            (
                prop::sample::select(vec!["first", "last"]),
                comma_list(inner.clone(), 3)
            )
                .prop_map(|(f, ps)| {
                    let mut v = vec![f.to_string(), "(".into()];
                    v.extend(ps);
                    v.push(")".into());
                    v
                }),
            inner.prop_map(|p| {
                let mut v = vec!["(".to_string()];
                v.extend(p);
                v.push(")".into());
                v
            }),
        ]
    })
}

fn window_item() -> impl Strategy<Value = Vec<String>> {
    let whichever = prop::option::of(prop::sample::select(vec!["first", "later"]));
    prop_oneof![
        point().prop_map(|p| [vec!["from".to_string()], p].concat()),
        (prop::collection::vec(point(), 1..=3), whichever).prop_map(|(ps, w)| {
            let mut v = vec!["until".to_string()];
            for (i, p) in ps.into_iter().enumerate() {
                if i > 0 {
                    v.push("or".into());
                }
                v.extend(p);
            }
            if let Some(w) = w {
                v.extend(words(&format!(", whichever {w}")));
            }
            v
        }),
        year_or_date().prop_map(|d| vec!["through".to_string(), d]),
    ]
}

fn norm() -> impl Strategy<Value = Vec<String>> {
    let modality = prop::sample::select(vec!["may", "must", "must not"]);
    (
        any::<bool>(),
        name(),
        modality,
        name(),
        subject_set(),
        prop::option::of(names(2)),
        prop::option::of(names(2)),
    )
        .prop_map(|(only, party, m, action, subjects, to, on)| {
            let mut v = Vec::new();
            if only {
                v.push("only".to_string());
            }
            v.push(party);
            v.extend(words(m));
            v.push(action);
            v.extend(subjects);
            if let Some(to) = to {
                v.push("to".into());
                v.extend(to);
            }
            if let Some(on) = on {
                v.push("on".into());
                v.extend(on);
            }
            v
        })
}

fn value() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        Just(vec!["tbd".to_string()]),
        prop::sample::select(vec!["27", "27.5", "100"]).prop_map(|n| vec![n.into(), "%".into()]),
        (
            prop::sample::select(vec!["USD", "EUR"]),
            prop::sample::select(vec!["250", "1_000.50"]),
            prop::option::of(prop::sample::select(vec!["million", "billion"])),
        )
            .prop_map(|(c, n, s)| {
                let mut v = vec![c.to_string(), n.to_string()];
                v.extend(s.map(str::to_string));
                v
            }),
        Just(vec!["42".to_string()]),
    ]
}

fn cond() -> impl Strategy<Value = Vec<String>> {
    let cmp = prop::sample::select(vec!["<", "<=", "=", "!=", ">=", ">"]);
    let atom = prop_oneof![
        name().prop_map(|n| vec![n, "is".into(), "active".into()]),
        name().prop_map(|n| vec![n, "has".into(), "happened".into()]),
        (name(), cmp.clone(), value()).prop_map(|(n, c, v)| [vec![n, c.into()], v].concat()),
        (name(), cmp, value())
            .prop_map(|(n, c, v)| [words(&format!("stakes in {n} {c}")), v].concat()),
        norm(),
    ];
    junctions(atom.boxed(), 3)
}

/// Atoms joined with `and` and `or`, after `not`, in parentheses, to
/// `depth` levels.
fn junctions(atom: BoxedStrategy<Vec<String>>, depth: u32) -> BoxedStrategy<Vec<String>> {
    atom.prop_recursive(depth, 4 * depth, depth, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["and", "or"]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| [a, vec![op.to_string()], b].concat()),
            inner
                .clone()
                .prop_map(|c| [vec!["not".to_string()], c].concat()),
            inner.prop_map(|c| [vec!["(".to_string()], c, vec![")".to_string()]].concat()),
        ]
    })
    .boxed()
}

/// `keyword name "description" {` + the items in the order given + `}`.
fn block(keyword: &str, name: String, desc: Vec<String>, items: Vec<Vec<String>>) -> Vec<String> {
    let mut v = vec![keyword.to_string(), name];
    v.extend(desc);
    v.push("{".into());
    v.extend(items.into_iter().flatten());
    v.push("}".into());
    v
}

fn source() -> impl Strategy<Value = Vec<String>> {
    comma_list(string().prop_map(|s| vec![s]), 2).prop_map(|s| [vec!["source".into()], s].concat())
}

fn clause() -> impl Strategy<Value = Vec<String>> {
    let precedence = prop_oneof![
        names(2).prop_map(|n| [vec!["overrides".to_string()], n].concat()),
        names(2).prop_map(|n| [words("exception to"), n].concat()),
        names(2).prop_map(|n| [vec!["replaces".to_string()], n].concat()),
    ];
    let survives = prop_oneof![
        Just(words("survives")),
        (
            prop::sample::select(vec!["1", "3", "1_0"]),
            prop::sample::select(vec!["day", "weeks", "month", "years"]),
        )
            .prop_map(|(a, u)| words(&format!("survives for {a} {u}"))),
    ];
    let items = (
        prop::collection::vec(source(), 0..=2),
        prop::collection::vec(norm(), 0..=2),
        prop::collection::vec(window_item(), 0..=3),
        prop::collection::vec(precedence, 0..=2),
        prop::collection::vec(survives, 0..=2),
    )
        .prop_map(|(a, b, c, d, e)| [a, b, c, d, e].concat())
        .prop_shuffle();
    (name(), opt_string(), items).prop_map(|(n, d, items)| block("clause", n, d, items))
}

/// `term ["description"] { … }`: sources and window lines in any order.
fn term() -> impl Strategy<Value = Vec<String>> {
    let items = (
        prop::collection::vec(source(), 0..=1),
        prop::collection::vec(window_item(), 0..=2),
    )
        .prop_map(|(a, b)| [a, b].concat())
        .prop_shuffle();
    (opt_string(), items).prop_map(|(d, items)| {
        let mut v = [vec!["term".to_string()], d, vec!["{".into()]].concat();
        v.extend(items.into_iter().flatten());
        v.push("}".into());
        v
    })
}

fn fact() -> impl Strategy<Value = Vec<String>> {
    let fv = (name(), value()).prop_map(|(n, v)| [vec![n, "=".into()], v].concat());
    let items = (
        prop::collection::vec(source(), 0..=1),
        prop::collection::vec(fv, 0..=3),
        prop::collection::vec(window_item(), 0..=2),
    )
        .prop_map(|(a, b, c)| [a, b, c].concat())
        .prop_shuffle();
    (name(), opt_string(), items).prop_map(|(n, d, items)| block("fact", n, d, items))
}

fn cover() -> impl Strategy<Value = Vec<String>> {
    let target = (name(), name(), subject_set()).prop_map(|(p, a, s)| [vec![p, a], s].concat());
    let items = (
        prop::collection::vec(source(), 0..=1),
        prop::collection::vec(target, 0..=2),
        prop::collection::vec(window_item(), 0..=2),
    )
        .prop_map(|(a, b, c)| [a, b, c].concat())
        .prop_shuffle();
    (name(), opt_string(), items).prop_map(|(n, d, items)| block("cover", n, d, items))
}

fn assertion() -> impl Strategy<Value = Vec<String>> {
    let windows = |min| prop::collection::vec(window_item(), min..=2).prop_map(|w| w.concat());
    let body = prop_oneof![
        Just(words("no conflicts")),
        (
            prop::sample::select(vec!["always", "never"]),
            cond(),
            windows(0)
        )
            .prop_map(|(k, c, w)| [vec![k.to_string()], c, w].concat()),
        (cond(), windows(1)).prop_map(|(c, w)| [c, vec!["exactly".into()], w].concat()),
    ];
    let source = prop::option::of(source()).prop_map(|s| s.unwrap_or_default());
    (name(), opt_string(), source, body).prop_map(|(n, d, s, b)| block("assert", n, d, vec![s, b]))
}

fn subject_node() -> impl Strategy<Value = Vec<String>> {
    let leaf = (name(), opt_string()).prop_map(|(n, d)| [vec![n], d].concat());
    leaf.prop_recursive(3, 16, 4, |inner| {
        (
            name(),
            opt_string(),
            prop::collection::vec((inner, any::<bool>()), 0..=4),
        )
            .prop_map(|(n, d, kids)| {
                let mut v = [vec![n], d, vec!["{".into()]].concat();
                for (kid, comma) in kids {
                    v.extend(kid);
                    if comma {
                        v.push(",".into());
                    }
                }
                v.push("}".into());
                v
            })
    })
}

fn declaration() -> impl Strategy<Value = Vec<String>> {
    let simple = (
        prop::sample::select(vec!["party", "action", "qualifier"]),
        name(),
        opt_string(),
    )
        .prop_map(|(k, n, d)| [vec![k.to_string(), n], d].concat());
    let constraint = prop_oneof![
        name().prop_map(|n| words(&format!(", not before {n}"))),
        name().prop_map(|n| words(&format!(", after {n}"))),
    ];
    let event = (
        name(),
        opt_string(),
        prop::option::of(name()),
        prop::collection::vec(constraint, 0..=2),
    )
        .prop_map(|(n, d, by, cs)| {
            let by: Vec<String> = by.into_iter().flat_map(|b| ["by".to_string(), b]).collect();
            [vec!["event".to_string(), n], d, by, cs.concat()].concat()
        });
    let ty = prop_oneof![
        Just(vec!["percent".to_string()]),
        Just(vec!["number".to_string()]),
        prop::option::of(Just("USD".to_string())).prop_map(|c| [
            vec!["money".to_string()],
            c.into_iter().collect()
        ]
        .concat()),
    ];
    let stake = prop::option::of((name(), name()))
        .prop_map(|s| s.map_or(vec![], |(a, b)| words(&format!("stake of {a} in {b}"))));
    let quantity = (name(), opt_string(), ty, stake).prop_map(|(n, d, t, s)| {
        [vec!["quantity".to_string(), n], d, vec![":".into()], t, s].concat()
    });
    let header = (
        string(),
        prop::collection::vec(
            prop_oneof![
                date().prop_map(|d| vec!["effective".to_string(), d]),
                string().prop_map(|s| vec!["amends".to_string(), s]),
            ],
            0..=2,
        ),
    )
        .prop_map(|(t, f)| [vec!["contract".to_string(), t], f.concat()].concat());
    prop_oneof![
        header,
        simple,
        event,
        quantity,
        subject_node().prop_map(|n| [vec!["subject".to_string()], n].concat()),
    ]
}

/// An amount expression: names and values, sums, `greater of`, and
/// conditional amounts (in parentheses inside another expression).
fn amount_expr() -> BoxedStrategy<Vec<String>> {
    let atom = prop_oneof![
        name().prop_map(|n| vec![n]),
        value().prop_filter("an amount", |v| v[0] != "tbd"),
    ];
    atom.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(vec!["+", "-"]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| [a, vec![op.to_string()], b].concat()),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| [
                words("greater of ("),
                a,
                vec![",".to_string()],
                b,
                vec![")".to_string()]
            ]
            .concat()),
            conditional(inner)
                .prop_map(|c| [vec!["(".to_string()], c, vec![")".to_string()]].concat()),
        ]
    })
    .boxed()
}

/// `if COND then A [else B]`, the condition comparisons of amounts joined
/// with `and`, `or` and `not`.
fn conditional(amount: BoxedStrategy<Vec<String>>) -> BoxedStrategy<Vec<String>> {
    let cmp = prop::sample::select(vec!["<", "<=", "=", "!=", ">=", ">"]);
    let atom = (amount.clone(), cmp, amount.clone())
        .prop_map(|(a, c, b)| [vec!["amount".to_string()], a, vec![c.to_string()], b].concat());
    let cond = junctions(atom.boxed(), 2);
    (cond, amount.clone(), prop::option::of(amount))
        .prop_map(|(c, a, b)| {
            let mut out = [vec!["if".to_string()], c, vec!["then".to_string()], a].concat();
            if let Some(b) = b {
                out.push("else".to_string());
                out.extend(b);
            }
            out
        })
        .boxed()
}

/// `amount NAME ["description"] = EXPR`, often a conditional, long enough
/// at times to be laid out one case a line. `amount` inside a condition is
/// glued to the token before it: first on a line, it would start an item.
fn amount_item() -> impl Strategy<Value = Vec<String>> {
    (
        name(),
        opt_string(),
        prop_oneof![amount_expr(), conditional(amount_expr())],
    )
        .prop_map(|(n, d, e)| {
            let mut out = [vec!["amount".to_string(), n], d, vec!["=".to_string()]].concat();
            for t in e {
                match out.last_mut() {
                    Some(last) if t == "amount" => *last += " amount",
                    _ => out.push(t),
                }
            }
            out
        })
}

fn item() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        1 => amount_item(),
        3 => declaration(),
        2 => clause(),
        1 => fact(),
        1 => cover(),
        1 => assertion(),
        1 => term(),
    ]
}

/// What may stand between two tokens of an item; `#` becomes a number that
/// makes each comment unique.
const TOKEN_GAPS: &[&str] = &[
    " ",
    " ",
    " ",
    "  ",
    "\n  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n", // plain: the first 9
    " /* c# */ ",
    " // c#\n",
    "\n// c#\n  ",
    "/*c#*/",
    " /* c#\n   more */ ",
];
/// How many of [`TOKEN_GAPS`] hold no comment.
const PLAIN_GAPS: usize = 9;
/// What may stand between two items: the next item must start a line.
const ITEM_GAPS: &[&str] = &[
    "\n",
    "\n",
    "\n\n",
    "\n\n\n",
    "\n// c#\n",
    " // c#\n",
    "\n/* c# */\n",
    "\n\n// c#\n\n",
    "  \n  ",
];

/// A generated file and the comments written into it.
#[derive(Debug, Clone)]
struct Generated {
    text: String,
    comments: usize,
}

fn generated_file() -> impl Strategy<Value = Generated> {
    (
        prop::collection::vec(item(), 1..=6),
        prop::collection::vec(any::<prop::sample::Index>(), 64),
        prop::option::of(prop::sample::select(vec!["// head\n\n", "/* head */\n"])),
        prop::option::of(prop::sample::select(vec![
            "\n// tail\n",
            "\n\n/* tail */",
            " // tail",
        ])),
        // Some files have no comments inside items, some have many.
        prop::sample::select(vec![0, 1, 5]),
    )
        .prop_map(|(items, picks, head, tail, noise)| {
            let token_gaps = &TOKEN_GAPS[..PLAIN_GAPS + noise];
            let mut comments = 0;
            let mut pick = picks.iter().cycle();
            let mut gap = |pool: &[&str]| {
                let g = pool[pick.next().expect("cycle").index(pool.len())];
                if g.contains('#') {
                    comments += 1;
                }
                g.replace('#', &comments.to_string())
            };
            let mut text = head.unwrap_or_default().to_string();
            for (i, tokens) in items.iter().enumerate() {
                if i > 0 {
                    text += &gap(ITEM_GAPS);
                }
                for (j, t) in tokens.iter().enumerate() {
                    if j > 0 {
                        text += &gap(token_gaps);
                    }
                    text += t;
                }
            }
            text += tail.unwrap_or_default();
            Generated { text, comments }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_files_format_well(file in generated_file()) {
        let (_, errors) = syntax::parse(FILE, &file.text);
        prop_assert!(errors.is_empty(), "the generator wrote invalid text: {:?}\n{}", errors, file.text);
        let out = assert_formats_well("generated", &file.text);
        // `FMT_SHOW=1 cargo test --test fmt generated -- --nocapture` shows the cases.
        if std::env::var_os("FMT_SHOW").is_some() {
            eprintln!("=====\n{}\n-----\n{}", file.text, out);
        }
        // Each numbered comment is still there, exactly once.
        for n in 1..=file.comments {
            let marker = format!("c{n}");
            let count = out
                .match_indices(&marker)
                .filter(|(i, _)| !out[i + marker.len()..].starts_with(|c: char| c.is_ascii_digit()))
                .count();
            prop_assert_eq!(count, 1, "comment {} in\n{}\n---\n{}", marker, file.text, out);
        }
        prop_assert!(out.ends_with('\n') && !out.contains("\n\n\n") && !out.contains(" \n"));
    }
}

// ---------------------------------------------------------------- the binary

fn pactum(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pactum");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("pactum output")
}

const MESSY: &str =
    "party a   \"A\"\nclause c { source \"T1\" a may use s through 2030 } // done\n";
const TIDY: &str =
    "party a \"A\"\n\nclause c {\n  source \"T1\"\n  a may use s\n  through 2030\n} // done\n";

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

#[test]
fn fmt_writes_the_file_and_then_has_nothing_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.pactum");
    std::fs::write(&file, MESSY).unwrap();
    let out = pactum(dir.path(), &["fmt", "c.pactum"], None);
    assert_eq!(code(&out), 0, "{out:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TIDY);
    let out = pactum(dir.path(), &["fmt", "--check", "c.pactum"], None);
    assert_eq!(code(&out), 0, "{out:?}");
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.pactum");
    std::fs::write(&file, MESSY).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(code(&pactum(dir.path(), &["fmt", "c.pactum"], None)), 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TIDY);
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn check_reports_files_that_would_change_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("messy.pactum"), MESSY).unwrap();
    std::fs::write(dir.path().join("tidy.pactum"), TIDY).unwrap();
    let out = pactum(
        dir.path(),
        &["fmt", "--check", "messy.pactum", "tidy.pactum"],
        None,
    );
    assert_eq!(code(&out), 1, "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("--- messy.pactum"), "{stdout}");
    assert!(stdout.contains("+  a may use s"), "{stdout}");
    assert!(!stdout.contains("tidy.pactum"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("messy.pactum")).unwrap(),
        MESSY
    );
}

#[test]
fn a_file_with_a_syntax_error_is_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "party   a\nclause c { a may }\r\n// x  \n";
    let file = dir.path().join("broken.pactum");
    std::fs::write(&file, broken).unwrap();
    std::fs::write(dir.path().join("ok.pactum"), MESSY).unwrap();
    let out = pactum(
        dir.path(),
        &["fmt", "--color", "never", "broken.pactum", "ok.pactum"],
        None,
    );
    assert_eq!(code(&out), 1, "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("pactum::syntax"), "{stderr}");
    assert!(
        stderr.contains("broken.pactum is left unchanged"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), broken.as_bytes());
    // The other file is still formatted.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ok.pactum")).unwrap(),
        TIDY
    );
}

#[test]
fn unreadable_files_exit_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = pactum(dir.path(), &["fmt", "missing.pactum"], None);
    assert_eq!(code(&out), 2, "{out:?}");
    std::fs::write(dir.path().join("latin1.pactum"), b"party a \"\xe9\"\n").unwrap();
    let out = pactum(dir.path(), &["fmt", "--check", "latin1.pactum"], None);
    assert_eq!(code(&out), 2, "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}

#[test]
fn without_files_fmt_formats_the_contracts_directory() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&pactum(dir.path(), &["fmt"], None)), 2);
    std::fs::create_dir_all(dir.path().join("contracts/old")).unwrap();
    let nested = dir.path().join("contracts/old/c.pactum");
    std::fs::write(&nested, MESSY).unwrap();
    assert_eq!(code(&pactum(dir.path(), &["fmt", "--check"], None)), 1);
    assert_eq!(code(&pactum(dir.path(), &["fmt"], None)), 0);
    assert_eq!(std::fs::read_to_string(&nested).unwrap(), TIDY);
}

#[test]
fn a_dash_formats_standard_input_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = pactum(dir.path(), &["fmt", "-"], Some(MESSY));
    assert_eq!(code(&out), 0, "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), TIDY);
    let out = pactum(dir.path(), &["fmt", "--check", "-"], Some(TIDY));
    assert_eq!(code(&out), 0, "{out:?}");
    let out = pactum(
        dir.path(),
        &["fmt", "-", "--color", "never"],
        Some("party\n"),
    );
    assert_eq!(code(&out), 1, "{out:?}");
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>"));
}

/// The examples in docs/fmt.md are in canonical form, so the document cannot
/// drift from the formatter.
#[test]
fn the_examples_in_the_documentation_are_formatted() {
    let doc = include_str!("../docs/fmt.md");
    let mut checked = 0;
    for (i, block) in doc.split("```").enumerate() {
        // Odd pieces are inside fences; the first line is the fence's info string.
        let Some((_, code)) = block.split_once('\n').filter(|_| i % 2 == 1) else {
            continue;
        };
        if !syntax::parse(FILE, code).1.is_empty() {
            continue;
        }
        assert_eq!(
            format_source(code).as_deref(),
            Ok(code),
            "docs/fmt.md block {i}"
        );
        checked += 1;
    }
    assert!(checked >= 2, "only {checked} examples were checked");
}

/// Periods and recurring clauses: one `period` line each, grouped; `every`
/// before the window lines and `due` after them, one space between words.
#[test]
fn periods_and_recurrences_in_canonical_form() {
    let text = "period fiscal_year \"FY\"   starts 04-01\nperiod contract_year from   2016-05-11\n\n\
                clause c {\n  due within 30   days after the end of each quarter\n  a must pay b\n\
                from 2017-01-01 every quarter\n}\n\
                clause d {\n  a must pay b  due on the first day of each month every month\n}\n\
                clause e {\n  a must pay b every contract_year\n  due within 30 days after the start of each contract_year\n}\n\
                clause f {\n  due  by the   end of each contract_year a must pay b every contract_year\n}\n\
                power p {\n  a may terminate\n  from breach of c[2017-Q3]\n}\n";
    let out = assert_formats_well("periods", text);
    assert!(
        out.starts_with(
            "period fiscal_year \"FY\" starts 04-01\nperiod contract_year from 2016-05-11\n\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  a must pay b\n  every quarter\n  from 2017-01-01\n  due within 30 days after the end of each quarter\n}"),
        "{out}"
    );
    assert!(
        out.contains("  every month\n  due on the first day of each month\n}"),
        "{out}"
    );
    assert!(
        out.contains("  due within 30 days after the start of each contract_year\n}"),
        "{out}"
    );
    assert!(
        out.contains(
            "  a must pay b\n  every contract_year\n  due by the end of each contract_year\n}"
        ),
        "{out}"
    );
    assert!(out.contains("  from breach of c[2017-Q3]\n"), "{out}");
}
