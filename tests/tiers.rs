//! Tier tables and comparisons of amounts against naive references, on
//! random contracts: which bracket a rank falls in (the first written that
//! holds it, or none), which brackets overlap or leave a gap (asked of every
//! rank in a window past the brackets' bounds, one by one), and the verdict
//! of an assertion `always amount A OP B` (compared in whole cents, not
//! decimals). Each case is a contract text that Pactum loads and checks as a
//! user's file would be.

use std::path::Path;

use pactum::diagnostics::Code;
use pactum::model::amount::{tier_flaws, ExprKind, TierFlaw};
use pactum::model::{load_text, Loaded};
use proptest::prelude::*;

fn load(text: &str) -> Loaded {
    load_text(Path::new("t.pactum"), text, &mut |_| {
        Err(std::io::ErrorKind::NotFound.into())
    })
}

fn check(text: &str) -> Loaded {
    pactum::check::check_text(Path::new("t.pactum"), text, &mut |_| {
        Err(std::io::ErrorKind::NotFound.into())
    })
}

/// A bracket: its first rank, and its last (`None`: no end).
type Bracket = (u32, Option<u32>);

fn brackets() -> impl Strategy<Value = Vec<Bracket>> {
    prop::collection::vec((0u32..25, prop::option::weighted(0.8, 0u32..30)), 1..6)
}

fn table(brackets: &[Bracket]) -> String {
    let v: Vec<String> = (brackets.iter().enumerate())
        .map(|(k, (from, to))| {
            let to = to.map_or(String::new(), |t| t.to_string());
            // Each bracket's rate says which bracket it is: USD 100 + k.
            format!("{from}..{to}: USD {}", 100 + k)
        })
        .collect();
    v.join(", ")
}

fn holds((from, to): Bracket, rank: u32) -> bool {
    from <= rank && to.is_none_or(|t| rank <= t)
}

/// Past every bound, nothing changes: ranks up to here decide everything.
const WINDOW: u32 = 40;

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The amount is the rate of the first bracket, in written order, that
    /// holds the rank; with none, there is no value and `no_tier` says so.
    #[test]
    fn a_rank_takes_the_first_bracket_that_holds_it(bs in brackets(), rank in 0u32..WINDOW) {
        let text = format!("amount t = tiered by {rank} {{ {} }}\n", table(&bs));
        let loaded = load(&text);
        let value = loaded.contract.amounts[0].value.as_ref().map(pactum::print::amount);
        let naive = bs.iter().position(|&b| holds(b, rank)).map(|k| format!("USD {}", 100 + k));
        prop_assert_eq!(&value, &naive, "{}", text);
        let no_tier = loaded.diagnostics.iter().any(|d| d.code == Code::AmountNoTier);
        prop_assert_eq!(no_tier, naive.is_none(), "{}", text);
        // The same through a table applied with `at`.
        let text = format!("amount t = tiered {{ {} }}\namount u = t at {rank}\n", table(&bs));
        let loaded = load(&text);
        let value = loaded.contract.amounts[1].value.as_ref().map(pactum::print::amount);
        prop_assert_eq!(&value, &naive, "{}", text);
    }

    /// Overlaps are exactly the pairs of brackets that share a rank, a
    /// bracket that holds none is reported as such, and the gaps are exactly
    /// the ranks between the first bracket's start and the last covered rank
    /// that no bracket holds; the checker reports one finding per flaw.
    #[test]
    fn overlaps_and_gaps_are_the_ranks_held_twice_or_not_at_all(bs in brackets()) {
        let text = format!("amount t = tiered {{ {} }}\n", table(&bs));
        let loaded = load(&text);
        let ExprKind::Tiered { tiers, .. } = &loaded.contract.amounts[0].expr.kind else {
            panic!("a tier table: {text}");
        };
        let flaws = tier_flaws(tiers);
        let live: Vec<usize> = (0..bs.len()).filter(|&i| bs[i].1.is_none_or(|t| t >= bs[i].0)).collect();
        // Empty brackets.
        let empty: Vec<usize> = flaws.iter().filter_map(|f| match f { TierFlaw::Empty(i) => Some(*i), _ => None }).collect();
        let naive_empty: Vec<usize> = (0..bs.len()).filter(|i| !live.contains(i)).collect();
        prop_assert_eq!(empty, naive_empty, "{}", text);
        // Overlapping pairs, and the ranks they share.
        for (k, &i) in live.iter().enumerate() {
            for &j in &live[k + 1..] {
                let shared: Vec<u32> = (0..WINDOW).filter(|&r| holds(bs[i], r) && holds(bs[j], r)).collect();
                let found = flaws.iter().find_map(|f| match f {
                    TierFlaw::Overlap(a, b, from, to) if (*a, *b) == (i, j) => Some((*from, *to)),
                    _ => None,
                });
                match found {
                    None => prop_assert!(shared.is_empty(), "{} {} {}: {:?}", text, i, j, shared),
                    Some((from, to)) => {
                        let reported: Vec<u32> = (0..WINDOW)
                            .filter(|&r| rust_decimal::Decimal::from(r) >= from
                                && to.is_none_or(|t| rust_decimal::Decimal::from(r) <= t))
                            .collect();
                        prop_assert_eq!(reported, shared, "{}", text);
                    }
                }
            }
        }
        // Gaps: every rank from the lowest start up to the highest covered
        // rank (all ranks of the window, when a bracket has no end) that no
        // bracket holds, and nothing else.
        let start = live.iter().map(|&i| bs[i].0).min();
        let top = if live.iter().any(|&i| bs[i].1.is_none()) {
            Some(WINDOW - 1)
        } else {
            live.iter().filter_map(|&i| bs[i].1).max()
        };
        let naive_gaps: Vec<u32> = match (start, top) {
            (Some(s), Some(t)) => (s..=t).filter(|&r| !live.iter().any(|&i| holds(bs[i], r))).collect(),
            _ => Vec::new(),
        };
        let mut gaps: Vec<u32> = Vec::new();
        for f in &flaws {
            if let TierFlaw::Gap(_, _, from, to) = f {
                gaps.extend((0..WINDOW).filter(|&r| {
                    let r = rust_decimal::Decimal::from(r);
                    *from <= r && r <= *to
                }));
            }
        }
        gaps.sort_unstable();
        prop_assert_eq!(gaps, naive_gaps, "{}", text);
        // One finding per flaw, of the flaw's code.
        let checked = check(&text);
        let count = |code: Code| checked.diagnostics.iter().filter(|d| d.code == code).count();
        let gap_flaws = flaws.iter().filter(|f| matches!(f, TierFlaw::Gap(..))).count();
        prop_assert_eq!(count(Code::AmountTierGap), gap_flaws, "{}", text);
        prop_assert_eq!(count(Code::AmountTierOverlap), flaws.len() - gap_flaws, "{}", text);
    }

    /// `always amount a OP b` is violated exactly when the comparison of the
    /// two amounts, in whole cents, is false; the finding shows both values.
    #[test]
    fn an_assertion_over_amounts_is_violated_exactly_when_the_comparison_is_false(
        a in -1_000_000i64..1_000_000,
        b in -1_000_000i64..1_000_000,
        same in any::<bool>(),
        op in prop::sample::select(vec!["<", "<=", "=", "!=", ">=", ">"]),
    ) {
        let b = if same { a } else { b };
        let usd = |cents: i64| {
            let sign = if cents < 0 { "-" } else { "" };
            format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
        };
        // A negative amount is written as a difference from zero.
        let lit = |cents: i64| if cents < 0 {
            format!("USD 0 - USD {}", &usd(cents)[1..])
        } else {
            format!("USD {}", usd(cents))
        };
        let text = format!(
            "contract \"t\"\namount a = {}\namount b = {}\nassert cap {{\n  always amount a {op} b\n}}\n",
            lit(a), lit(b)
        );
        let naive = match op {
            "<" => a < b,
            "<=" => a <= b,
            "=" => a == b,
            "!=" => a != b,
            ">=" => a >= b,
            _ => a > b,
        };
        let checked = check(&text);
        let violated: Vec<_> = checked.diagnostics.iter().filter(|d| d.code == Code::AssertionViolated).collect();
        prop_assert_eq!(violated.len(), usize::from(!naive), "{}", text);
        if let Some(d) = violated.first() {
            let shown = d.labels.iter().any(|l| l.message.contains(&format!("{op} b (")));
            prop_assert!(shown, "{:#?}", d);
        }
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error() && d.code != Code::AssertionViolated).collect();
        prop_assert!(errors.is_empty(), "{:#?}", errors);
    }
}

/// Comparing amounts of different kinds is the amounts' own type error, on
/// the assertion's line; different currencies the currency error.
#[test]
fn comparing_amounts_of_different_kinds_is_a_type_error() {
    let checked =
        check("contract \"t\"\namount a = USD 1\nassert x {\n  always amount a <= 20 %\n}\n");
    let codes: Vec<Code> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::AmountType], "{:#?}", checked.diagnostics);
    assert_eq!(
        checked.diagnostics[0].message,
        "cannot compare an amount in USD with a percentage"
    );
    let checked =
        check("contract \"t\"\namount a = USD 1\nassert x {\n  always amount a = EUR 1\n}\n");
    let codes: Vec<Code> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::AmountCurrency], "{:#?}", checked.diagnostics);
}

/// The computation `pactum query` and hover print names the bracket that
/// applied, and the table's name and rank.
#[test]
fn the_computation_names_the_tier_that_applied() {
    let loaded = load(
        "contract \"t\"\nparty p\naction pay\nsubject s\n\
         amount share = tiered { 1..10: 7.5 %, 11..: 15 % }\n\
         amount rank = 12\n\
         clause c {\n  p must pay s\n  indefinitely\n  amount share at rank of USD 46,000\n}\n",
    );
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let c = &loaded.contract;
    let amount = c.clauses[0].amount.as_ref().expect("an amount");
    assert_eq!(
        pactum::print::computed(c, &amount.expr, amount.value.as_ref().expect("a value")),
        "USD 6,900 = share at rank (12) [tier 11..: 15 %] of USD 46,000"
    );
}
