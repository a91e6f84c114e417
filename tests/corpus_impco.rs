//! The IMPCO / Minda joint venture agreement of 2001
//! (contracts/impco-minda-2001.pactum) against the questions and defects of
//! shared/corpus/impco-minda-joint-venture-2001.md. Each test sets up a
//! question's scenario and asks Pactum; no window is computed here. Dates in
//! `--assume` are the question's own (the shares are allotted on 2001-09-01,
//! the corpus's assumption), or, where the question gives none, an input the
//! test says it chose.
//!
//! Q8's figure (the JVC's sales) is the contract's input, given with
//! `--assume`; the missed target and its duty to discuss follow from it.
//!
//! Not answered yet (each marked OPEN in the contract):
//! - Q2 and Q3: the price in the offer notice, subject to SEBI/RBI rules, and
//!   the conditions on the third-party buyer (amounts and conditions).
//! - Q4: the time for Government approvals added to the month. The month
//!   itself is Pactum's calendar month, which ends one day after a §1.2(vi)
//!   month (see the test). The price of §15.3 is the lower of two
//!   conditional amounts, as the text writes it; that their conditions
//!   exclude each other (Defect 7) is a finding, and the answer says the
//!   price has no value in either case (see the test).
//! - Q10 (first board meeting): board size, ratio and quorum are numbers
//!   (issue 10); the conflict over the first seats is tested.

#[path = "common/ask.rs"]
mod ask;

use std::path::PathBuf;

use ask::{active, norm, prevails};

fn contract() -> PathBuf {
    ask::contract("impco-minda-2001.pactum")
}

/// The corpus's assumption for every dated scenario.
const ALLOTTED: [&str; 2] = ["--assume", "shares_allotted=2001-09-01"];

fn accepted(args: &[&str]) -> serde_json::Value {
    ask::answer(&contract(), args)
}

fn rejected(args: &[&str]) -> String {
    ask::rejection(&contract(), args)
}

/// Q6 and Q9: terminated on 2010-06-30 for force majeure. The question gives
/// no start of the force majeure; 2009-12-01 is chosen, more than six months
/// before.
const FORCE_MAJEURE: [&str; 4] = [
    "--assume",
    "force_majeure_began=2009-12-01",
    "--assume",
    "terminate_for_force_majeure=2010-06-30",
];

fn with<'a>(mut args: Vec<&'a str>, more: &[&'a str]) -> Vec<&'a str> {
    args.extend(more);
    args
}

#[test]
fn check_reports_exactly_the_defects_a_checker_can_see() {
    let loaded = pactum::check::check_file(&contract(), &mut |p| std::fs::read(p));
    let undecided = "pactum::analysis::undecided";
    let found = ask::findings(&contract());
    let codes: Vec<&str> = found.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        codes,
        [
            // Defect 7: §15.3 takes the lower of two limbs whose conditions
            // exclude each other: the price has no value in any case.
            "pactum::amount::undefined_case",
            // Defect 3 in numbers: the first four Directors, all IMPCO's,
            // against IMPCO's three of the minimum five (the 3 : 2 ratio).
            "pactum::assert::violated",
            // Defect 3: §3.3 gives IMPCO the first four seats and MIL/MINDA
            // two of the first five.
            "pactum::conflict::exclusive",
            // The indefinite term of §16.1: IMPCO's exclusivity (until it
            // exits) and the confidentiality tail (three years after the
            // end) never end if the Agreement is never terminated.
            "pactum::norm::open_ended",
            "pactum::norm::open_ended",
            // Defect 9: the duty to discuss after a missed sales target has
            // no end but the indefinite term.
            "pactum::norm::open_ended",
            // Defects 5 and 6: the second election and the third-party sale
            // of §6.3(a), and the default call and put of §15.2, have no
            // deadline.
            "pactum::power::no_deadline",
            "pactum::power::no_deadline",
            "pactum::power::no_deadline",
            "pactum::power::no_deadline",
            "pactum::power::no_deadline",
            // Defect 4: §6.1(c)'s lock-up and §6.4's affiliate transfers each
            // claim precedence over the other.
            "pactum::precedence::cycle",
            // Defect 2: §10.2 cites a §9.6 that does not exist.
            "pactum::section::unknown",
        ],
        "{found:#?}"
    );
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    let says = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(says("`ratio_nominations` and `first_directors` conflict"));
    assert!(says("`lock_up` and `affiliate_transfers`"));
    assert!(says("section `9.6` is not declared"));
    assert!(says("assertion `board_ratio` is violated"));
    assert!(says(
        "`default_share_price` has no value for any value of its inputs"
    ));
    let ratio = (loaded.diagnostics.iter())
        .find(|d| d.code.as_str() == "pactum::assert::violated")
        .expect("the ratio assertion fails");
    assert!(
        (ratio.labels.iter())
            .any(|l| l.message
                == "first_impco_directors (4) <= impco_ratio_directors (3) does not hold"),
        "{ratio:#?}"
    );
    for option in [
        "mil_takes_all",
        "minda_takes_all",
        "impco_sells_to_third_party",
        "impco_call",
        "impco_put",
    ] {
        assert!(
            says(&format!("option `{option}` has no exercise deadline")),
            "{option}"
        );
    }
    assert!(says("clause `impco_exclusivity` has no end"));
    assert!(says("clause `confidentiality` has no end"));
    // The lock-up and the offer count years from the allotment, the force
    // majeure months from its start, MIL's transfer a month from IMPCO's
    // call, and the term ends with the force majeure termination: every
    // analysis that depends on them is decided exactly, none undecided.
    let undecided: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == undecided)
        .collect();
    assert!(undecided.is_empty(), "{undecided:#?}");
    assert!(says("clause `sales_target_discussion` has no end"));
    assert!(!loaded
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "pactum::syntax"));
}

/// Q1: on 2005-06-01 the lock-up runs (five years from 2001-09-01 end
/// after 2006-08-31). (a) A sale to an unrelated company is forbidden and
/// nothing permits it, unless the Parties consent: then the permission of
/// §6.1(a) prevails over the lock-up and the general restriction. (b) A transfer to a Schedule I associate prevails.
/// (c) IMPCO's transfer to its subsidiary: the affiliate permission and the
/// lock-up each prevail over the other, the conflict of Defect 4.
#[test]
fn q1_sale_during_the_lock_up() {
    let at = with(vec!["--at", "2005-06-01"], &ALLOTTED);
    let answer = accepted(&with(
        at.clone(),
        &[
            "--party",
            "mil",
            "--to",
            "third_party",
            "--subject",
            "jvc_shares",
        ],
    ));
    let clauses = active(&answer);
    assert!(clauses.contains(&"lock_up".to_string()), "{clauses:?}");
    assert!(clauses.contains(&"no_transfer".to_string()));
    assert!(
        answer["norms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["modality"] != "may"),
        "nothing permits a sale to a third party: {clauses:?}"
    );
    let lock_up = norm(&answer, "lock_up").unwrap();
    assert_eq!(lock_up["in_force"], "from 2001-09-01 through 2006-08-31");
    // The consent date is the test's choice: the question gives none.
    let consented = accepted(&with(
        at.clone(),
        &[
            "--assume",
            "parties_consent=2005-05-20",
            "--party",
            "mil",
            "--to",
            "third_party",
            "--subject",
            "jvc_shares",
        ],
    ));
    assert!(prevails(&consented, "transfer_by_consent", "lock_up"));
    assert!(prevails(&consented, "transfer_by_consent", "no_transfer"));
    assert!(!prevails(&consented, "lock_up", "transfer_by_consent"));

    let schedule = accepted(&with(at.clone(), &["--party", "mil", "--to", "schedule_i"]));
    assert!(prevails(&schedule, "schedule_i_transfers", "lock_up"));
    assert!(prevails(&schedule, "schedule_i_transfers", "no_transfer"));

    let affiliate = accepted(&with(at, &["--party", "impco", "--to", "affiliate"]));
    assert!(prevails(&affiliate, "affiliate_transfers", "lock_up"));
    assert!(prevails(&affiliate, "lock_up", "affiliate_transfers"));
}

/// Q2: IMPCO's offer is hand-delivered on 2007-03-05. MIL's acceptance of
/// 2007-03-20 is in time; MINDA's of 2007-03-28 is not: the period runs
/// through 2007-03-26. MIL may then take all the shares, with no deadline.
#[test]
fn q2_first_refusal_deadline() {
    let offer = with(
        vec!["--at", "2007-03-29", "--assume", "impco_offer=2007-03-05"],
        &ALLOTTED,
    );
    accepted(&with(
        offer.clone(),
        &["--assume", "mil_accepts=2007-03-20"],
    ));
    let stderr = rejected(&with(
        offer.clone(),
        &[
            "--assume",
            "mil_accepts=2007-03-20",
            "--assume",
            "minda_accepts=2007-03-28",
        ],
    ));
    assert!(
        stderr
            .contains("`minda_accepts` on 2007-03-28 must come from 2007-03-05 through 2007-03-26"),
        "{stderr}"
    );
    // MIL's election to take all: not during the acceptance period, any
    // time after it (years later too).
    let stderr = rejected(&with(
        offer.clone(),
        &["--assume", "mil_takes_all=2007-03-26"],
    ));
    assert!(
        stderr.contains("must come from 2007-03-27, with no end"),
        "{stderr}"
    );
    accepted(&with(offer, &["--assume", "mil_takes_all=2015-01-01"]));
    // No offer can be made during the lock-up.
    let stderr = rejected(&with(
        vec!["--at", "2006-04-01", "--assume", "impco_offer=2006-03-05"],
        &ALLOTTED,
    ));
    assert!(stderr.contains("must come from 2006-09-01"), "{stderr}");
}

/// Q3: nobody accepts IMPCO's 2007 offer; IMPCO sells to a third party in
/// 2012 (any day of 2012; 2012-06-01 chosen): accepted, with no time limit.
#[test]
fn q3_third_party_sale_after_a_waived_first_refusal() {
    accepted(&with(
        vec![
            "--at",
            "2012-06-02",
            "--assume",
            "impco_offer=2007-03-05",
            "--assume",
            "impco_sells_to_third_party=2012-06-01",
        ],
        &ALLOTTED,
    ));
}

/// Q4: the notice and demand for cure is received 2008-01-10, no cure. The
/// call is exercisable from 2008-02-10 (the thirty days end 2008-02-09).
/// With IMPCO's offer received 2008-02-15, Pactum counts the month through
/// 2008-03-15: a calendar month after the day of receipt. A month as
/// §1.2(vi) defines it, starting on the day of receipt, would end on
/// 2008-03-14; the language has no contract-defined month, so this is the
/// corpus's alternative reading ("counted from the day after receipt").
#[test]
fn q4_default_call_option() {
    let notice = ["--assume", "mil_breach_notice=2008-01-10"];
    let stderr = rejected(&with(
        vec!["--at", "2008-03-01", "--assume", "impco_call=2008-02-09"],
        &notice,
    ));
    assert!(stderr.contains("must come from 2008-02-10"), "{stderr}");
    let call = with(
        vec!["--at", "2008-03-20", "--assume", "impco_call=2008-02-15"],
        &notice,
    );
    accepted(&call);
    let stderr = rejected(&with(
        call.clone(),
        &["--assume", "mil_transfers_shares=2008-03-16"],
    ));
    assert!(
        stderr.contains("must come from 2008-02-15 through 2008-03-15"),
        "{stderr}"
    );
    accepted(&with(
        call,
        &["--assume", "mil_transfers_shares=2008-03-15"],
    ));
    // A cure in time closes the option.
    let stderr = rejected(&with(
        vec![
            "--at",
            "2008-03-01",
            "--assume",
            "mil_cured=2008-02-01",
            "--assume",
            "impco_call=2008-02-15",
        ],
        &notice,
    ));
    assert!(stderr.contains("never opens"), "{stderr}");
}

/// Q5: MIL becomes insolvent on 2009-04-01. On the text as encoded, only
/// §15.1(a)'s thirty-day period opens the options, so a call on 2009-04-02
/// (or on any day) after an insolvency alone is rejected. That the text can
/// also be read to allow it at once is Defect 6, a comment in the contract.
#[test]
fn q5_insolvency_default() {
    let stderr = rejected(&[
        "--at",
        "2009-04-03",
        "--assume",
        "mil_insolvent=2009-04-01",
        "--assume",
        "impco_call=2009-04-02",
    ]);
    assert!(stderr.contains("never opens"), "{stderr}");
}

/// Q6: terminated 2010-06-30 for force majeure (see `FORCE_MAJEURE`). On 2012-01-01 the post-termination non-compete of §14.2(a) does
/// not bind MIL (it follows only IMPCO's termination for default); the
/// prohibition to use the Technical Know-How does.
#[test]
fn q6_post_termination_non_compete() {
    let scenario = FORCE_MAJEURE;
    let answer = accepted(&with(
        vec!["--at", "2012-01-01", "--party", "mil"],
        &scenario,
    ));
    let clauses = active(&answer);
    assert!(
        !clauses.contains(&"mil_minda_non_compete".to_string()),
        "{clauses:?}"
    );
    assert!(!clauses.contains(&"mil_minda_non_compete_tail".to_string()));
    assert!(clauses.contains(&"no_know_how_after_termination".to_string()));
    // Before six months of force majeure, no termination.
    let stderr = rejected(&[
        "--at",
        "2010-07-01",
        "--assume",
        "force_majeure_began=2010-03-01",
        "--assume",
        "terminate_for_force_majeure=2010-06-30",
    ]);
    assert!(stderr.contains("must come from 2010-09-01"), "{stderr}");
    // Had IMPCO terminated for MIL's default instead, the restraint would
    // run on in 2012.
    let default = accepted(&[
        "--at",
        "2012-01-01",
        "--party",
        "mil",
        "--assume",
        "mil_breach_notice=2010-04-01",
        "--assume",
        "impco_terminates_for_default=2010-06-30",
    ]);
    assert!(active(&default).contains(&"mil_minda_non_compete_tail".to_string()));
}

/// Q7: IMPCO sells all its shares to MIL under the default put in 2008
/// (breach notice as in Q4; put and exit on 2008-03-01, chosen) and so is
/// excluded from the Agreement (§16.2): its exclusivity of §14.1 no longer
/// binds it.
#[test]
fn q7_impco_exclusivity_after_exit() {
    let question = vec![
        "--at",
        "2008-06-01",
        "--party",
        "impco",
        "--subject",
        "products",
    ];
    let exit = [
        "--assume",
        "mil_breach_notice=2008-01-10",
        "--assume",
        "impco_put=2008-03-01",
        "--assume",
        "impco_excluded=2008-03-01",
    ];
    let answer = accepted(&with(with(question.clone(), &exit), &ALLOTTED));
    assert!(!active(&answer).contains(&"impco_exclusivity".to_string()));
    let before = accepted(&question);
    assert!(active(&before).contains(&"impco_exclusivity".to_string()));
}

/// Q8: the JVC sold US$ 600,000 of Products in the eighteen months (the
/// question's figure, the contract's input `products_sold`): less than the
/// §16.4 target, so the target is missed when the eighteen months from
/// 2001-05-18 are over (they run through 2002-11-17). The only consequence
/// is a duty to discuss, with no end; no power of the contract stems from
/// §16.4.
#[test]
fn q8_sales_target_missed() {
    let sold = ["--assume", "products_sold=USD 600,000"];
    let mut early = vec![
        "--at",
        "2002-11-18",
        "--assume",
        "sales_target_missed=2002-11-17",
    ];
    let stderr = rejected(&early);
    assert!(stderr.contains("must come on 2002-11-18"), "{stderr}");
    // Assuming it met with sales below the target is refused, and says why.
    early.truncate(2);
    early.extend(["--assume", "sales_target_missed=never"]);
    early.extend(sold);
    let stderr = rejected(&early);
    assert!(
        stderr.contains("products_sold (USD 600,000) < sales_target (USD 1,000,000) holds"),
        "{stderr}"
    );
    let mut args = vec!["--at", "2002-11-18", "--party", "impco"];
    args.extend(sold);
    let answer = accepted(&args);
    assert_eq!(answer["scenario"]["sales_target_missed"], "2002-11-18");
    let discuss = norm(&answer, "sales_target_discussion").expect("the duty to discuss");
    assert_eq!(discuss["modality"], "must");
    assert_eq!(discuss["in_force"], "from 2002-11-18, with no end");
    let contract = pactum::testing::load_contract(contract());
    assert!(!contract
        .powers
        .iter()
        .any(|p| p.sources.iter().any(|s| s.contains("16.4"))));
}

/// Q9: terminated 2010-06-30 (as in Q6); the confidentiality duty runs
/// three years after the end of the term, through 2013-06-29, the day
/// before the third anniversary of the termination ("until 2013-06-30").
#[test]
fn q9_confidentiality_tail() {
    let scenario = FORCE_MAJEURE;
    let answer = accepted(&with(
        vec!["--at", "2013-06-29", "--party", "minda"],
        &scenario,
    ));
    let duty = norm(&answer, "confidentiality").expect("in force on 2013-06-29");
    assert_eq!(duty["in_force"], "from 2001-05-18 through 2013-06-29");
    let after = accepted(&with(
        vec!["--at", "2013-06-30", "--party", "minda"],
        &scenario,
    ));
    assert!(norm(&after, "confidentiality").is_none());
}

/// Q10, the part Pactum can say: on the first seats IMPCO's exclusive right
/// and MIL/MINDA's right under the 3 : 2 ratio are both in force, with no
/// precedence between them (Defect 3). The quorum is OPEN.
#[test]
fn q10_first_board_seats() {
    let answer = accepted(&["--at", "2001-06-01", "--subject", "board_seats.first_four"]);
    let clauses = active(&answer);
    assert!(
        clauses.contains(&"first_directors".to_string()),
        "{clauses:?}"
    );
    assert!(clauses.contains(&"ratio_nominations".to_string()));
    assert!(answer["precedence"].as_array().unwrap().is_empty());
}

/// §2.6: IMPCO holds 60 % and MIL, MINDA and associates 40 % of the paid-up
/// capital; the contract splits the whole into the two and `pactum check`
/// finds that they add up.
#[test]
fn the_shareholding_adds_up_to_the_paid_up_capital() {
    let path = ask::contract("impco-minda-2001.pactum");
    let codes = ask::findings(&path);
    assert!(
        !codes
            .iter()
            .any(|(c, _)| *c == "pactum::amount::parts_mismatch"),
        "{codes:?}"
    );
    let file = "contracts/impco-minda-2001.pactum";
    assert_eq!(ask::amount_with(file, "", "impco_shareholding"), "60 %");
    assert_eq!(
        ask::amount_with(file, "", "minda_group_shareholding"),
        "40 %"
    );
}

/// Q8: the target is the contract's US$ 1,000,000: sales of exactly that
/// much meet it (the event never happens), a cent less misses it.
#[test]
fn q8_the_sales_target_is_the_contracts_figure() {
    let file = "contracts/impco-minda-2001.pactum";
    assert_eq!(ask::amount_with(file, "", "sales_target"), "USD 1,000,000");
    let missed = |sold: &str| {
        let sold = format!("products_sold={sold}");
        accepted(&["--at", "2003-01-01", "--assume", &sold])["scenario"]["sales_target_missed"]
            .clone()
    };
    assert_eq!(missed("USD 1,000,000"), "never");
    assert_eq!(missed("USD 999,999.99"), "2002-11-18");
}

/// Q4, the price (Defect 7): §15.3 takes "whichever is lower" of (i) the
/// SEBI/RBI price "if applicable" and (ii) the fair market price "in case no
/// Government Regulations apply". The question gives no prices; the test's
/// are illustrative (INR, a reading). The contract writes each limb as a
/// conditional amount on how many regulations apply, as the text does, and
/// the lower of the two has no value whether regulations apply or not: in
/// each case one limb has none. The checker reports it (see
/// `check_reports_exactly_the_defects_a_checker_can_see`); `pactum query`
/// says so in both cases, and never picks a limb.
#[test]
fn q4_the_call_price_cannot_be_the_lower_of_exclusive_limbs() {
    for regulations in ["0", "1"] {
        let applicable = format!("applicable_price_regulations={regulations}");
        let answer = accepted(&[
            "--at",
            "2008-03-01",
            "--assume",
            "fair_market_share_price=INR 120",
            "--assume",
            "regulated_share_price=INR 95",
            "--assume",
            &applicable,
        ]);
        assert_eq!(
            ask::named_amount(&answer, "default_share_price"),
            "has no value here: a conditional amount without `else` has no case that applies",
            "{applicable}"
        );
    }
    // Without the regulations' count, Pactum waits for it.
    let waiting = accepted(&[
        "--at",
        "2008-03-01",
        "--assume",
        "fair_market_share_price=INR 120",
        "--assume",
        "regulated_share_price=INR 95",
    ]);
    assert_eq!(
        ask::named_amount(&waiting, "default_share_price"),
        "depends on the input `applicable_price_regulations`, which is not given"
    );
}
