//! One test per construct: messy input, the exact canonical output, and the
//! checks every output must pass (same tree, formatting it again changes nothing).

use super::*;
use crate::diagnostics::Code;

/// Formats `src`, asserts the output is `expected`, and that formatting the
/// output again gives it back unchanged.
#[track_caller]
fn check(src: &str, expected: &str) {
    let out = match format_source(src) {
        Ok(s) => s,
        Err(d) => panic!("cannot format {src:?}: {d:?}"),
    };
    assert_eq!(
        out, expected,
        "\n--- got ---\n{out}\n--- expected ---\n{expected}"
    );
    assert_eq!(
        format_source(&out).as_deref(),
        Ok(expected),
        "formatting the output again changed it"
    );
}

// ---------------------------------------------------------------- items

#[test]
fn header_puts_each_field_on_its_own_line_effective_first() {
    check(
        "contract   \"T\" amends \"old.pactum\"   effective 2025-10-28",
        "contract \"T\"\n  effective 2025-10-28\n  amends \"old.pactum\"\n",
    );
}

#[test]
fn strings_keep_their_escapes_as_written() {
    check(
        r#"party  p   "say \"hi\"\tthere""#,
        "party p \"say \\\"hi\\\"\\tthere\"\n",
    );
}

#[test]
fn one_line_declarations_of_a_kind_stay_together() {
    check(
        "party a\nparty b \"B\"\naction use\naction serve\nqualifier q\n",
        "party a\nparty b \"B\"\n\naction use\naction serve\n\nqualifier q\n",
    );
}

#[test]
fn party_groups_list_their_members_after_an_equals_sign() {
    check(
        "party a\nparty g   \"both\"  =a ,b\nparty b\n",
        "party a\nparty g \"both\" = a, b\nparty b\n",
    );
}

#[test]
fn sections_group_together_and_clause_section_lines_follow_the_sources() {
    check(
        "section \"9.11\"   \"Binding Effect\"\nsection \"9.13\"\n\
         clause c { p may use s refers to \"9.13\"  \"Headings\" ,\"9.11\" section \"6.5\" source \"§6.5\" }\n",
        "section \"9.11\" \"Binding Effect\"\nsection \"9.13\"\n\n\
         clause c {\n  source \"§6.5\"\n  section \"6.5\"\n  refers to \"9.13\" \"Headings\", \"9.11\"\n  p may use s\n}\n",
    );
}

#[test]
fn a_blank_line_inside_a_group_is_kept_once() {
    check(
        "party a\n\n\n\nparty b\nparty c\n",
        "party a\n\nparty b\nparty c\n",
    );
}

#[test]
fn events_list_by_then_constraints_after_commas() {
    check(
        "event e \"E\"  by p ,not   before a,after b\nevent f",
        "event e \"E\" by p, not before a, after b\nevent f\n",
    );
}

#[test]
fn subject_trees_put_one_part_per_line_two_spaces_per_level() {
    check(
        "subject ip \"IP\" { models { weights, architecture \"arch\" } research,\n hw {} }",
        "subject ip \"IP\" {\n  models {\n    weights\n    architecture \"arch\"\n  }\n  research\n  hw\n}\n",
    );
}

#[test]
fn leaf_subjects_group_like_declarations() {
    check(
        "subject a\nsubject b\nsubject c { d }\nsubject e\n",
        "subject a\nsubject b\n\nsubject c {\n  d\n}\n\nsubject e\n",
    );
}

#[test]
fn quantities_put_the_colon_after_the_name_or_description() {
    check(
        "quantity s \"stake\" :percent stake of m in o\nquantity c : money  USD\nquantity n:number\nquantity m: money",
        "quantity s \"stake\": percent stake of m in o\nquantity c: money USD\nquantity n: number\nquantity m: money\n",
    );
}

#[test]
fn clause_items_come_source_norm_window_precedence() {
    check(
        "clause c \"C\" { replaces z exception to y overrides x, w until e from 2025-01-01 microsoft may use ip source \"T1\" }",
        "clause c \"C\" {\n  source \"T1\"\n  microsoft may use ip\n  from 2025-01-01 until e\n  overrides x, w\n  exception to y\n  replaces z\n}\n",
    );
}

#[test]
fn survives_comes_after_the_window_and_before_precedence() {
    check(
        "clause c { overrides x survives  for 1 years until end of term m may use s }\nclause d { m may use s survives }",
        "clause c {\n  m may use s\n  until end of term\n  survives for 1 year\n  overrides x\n}\n\nclause d {\n  m may use s\n  survives\n}\n",
    );
}

#[test]
fn conditions_come_after_the_window_one_line_each_in_the_order_written() {
    check(
        "clause c { unless consent  has happened survives when  (a is active and not e has happened) m may use s until 2030-01-01 }\n\
         power p { when  launch has happened  q may exercise from 2021-01-01 unless sold has happened // while unsold\n}",
        "clause c {\n  m may use s\n  until 2030-01-01\n  unless consent has happened\n  when a is active and not e has happened\n  survives\n}\n\n\
         power p {\n  q may exercise\n  from 2021-01-01\n  when launch has happened\n  unless sold has happened // while unsold\n}\n",
    );
}

#[test]
fn a_party_named_when_keeps_its_norm_line() {
    check(
        "clause c { when may use s  when e has happened }",
        "clause c {\n  when may use s\n  when e has happened\n}\n",
    );
}

#[test]
fn a_term_lists_its_sources_then_its_window() {
    check(
        "term   \"initial term\" { until 5 years after 2014-12-05 source \"§2.1\" from 2014-12-05 }\nterm{indefinitely}",
        "term \"initial term\" {\n  source \"§2.1\"\n  from 2014-12-05 until 5 years after 2014-12-05\n}\n\nterm {\n  indefinitely\n}\n",
    );
}

#[test]
fn repeated_sources_and_precedence_lines_merge() {
    check(
        "clause c {\n  source \"a\"\n  source \"b\", \"c\"\n  m may use s\n  overrides x\n  overrides y\n}",
        "clause c {\n  source \"a\", \"b\", \"c\"\n  m may use s\n  overrides x, y\n}\n",
    );
}

#[test]
fn norms_print_every_part_in_grammar_order() {
    check(
        "clause c {\n  only   m must  not use (a, b except b.c), d except e to x,y on q ,r\n}",
        "clause c {\n  only m must not use (a, b except b.c), d except e to x, y on q, r\n}\n",
    );
}

#[test]
fn windows_keep_through_and_the_points_as_written() {
    check(
        "clause c { m may use s through 2030 }\nclause d { m may use s until end of 2030 }",
        "clause c {\n  m may use s\n  through 2030\n}\n\nclause d {\n  m may use s\n  until end of 2030\n}\n",
    );
}

#[test]
fn points_offsets_first_last_and_whichever() {
    check(
        "clause c { m may use s from ( 30 days after e ) until first( a,last(b , 2030-01-01) ) or 1 years before f or 6 month after g ,whichever   later }",
        "clause c {\n  m may use s\n  from 30 days after e until first(a, last(b, 2030-01-01)) or 1 year before f or 6 months after g, whichever later\n}\n",
    );
}

#[test]
fn facts_list_values_with_canonical_spacing() {
    check(
        "fact f { q = 27%  r=USD 250 billion s = 1_000 t = tbd u = EUR 5 from 2025-01-01 source \"T2\" }",
        "fact f {\n  source \"T2\"\n  q = 27 %\n  r = USD 250 billion\n  s = 1_000\n  t = tbd\n  u = EUR 5\n  from 2025-01-01\n}\n",
    );
}

#[test]
fn covers_list_targets_then_window() {
    check(
        "cover k \"K\" { from 2025-10-28 through 2032 m use ip except ip.r source \"T6\" }",
        "cover k \"K\" {\n  source \"T6\"\n  m use ip except ip.r\n  from 2025-10-28 through 2032\n}\n",
    );
}

#[test]
fn always_and_never_put_the_window_on_the_next_line() {
    check(
        "assert a { source \"I1\" always x is active from 2025-01-01 until 2026-01-01 }\nassert b { never m may use s }",
        "assert a {\n  source \"I1\"\n  always x is active\n  from 2025-01-01 until 2026-01-01\n}\n\nassert b {\n  never m may use s\n}\n",
    );
}

#[test]
fn exactly_puts_its_window_on_the_next_line() {
    check(
        "assert a \"A\" { c is active exactly until first(e, end of 2030) }",
        "assert a \"A\" {\n  c is active\n  exactly until first(e, end of 2030)\n}\n",
    );
}

#[test]
fn no_conflicts_is_printed_as_written() {
    check(
        "assert i9 { source \"I9\"  no   conflicts }",
        "assert i9 {\n  source \"I9\"\n  no conflicts\n}\n",
    );
}

#[test]
fn conditions_keep_the_parentheses_the_tree_needs_and_group_and_inside_or() {
    check(
        "assert a { always ((x is active) and (y has happened)) or not (q <= 100% or stakes in o > 5 %) }",
        "assert a {\n  always (x is active and y has happened) or not (q <= 100 % or stakes in o > 5 %)\n}\n",
    );
    // A nested `or` inside an `or` is a different tree from the flat one.
    check(
        "assert a { always x is active or (y is active or z is active) }",
        "assert a {\n  always x is active or (y is active or z is active)\n}\n",
    );
    check(
        "assert a { always (x is active or y is active) and not not z is active }",
        "assert a {\n  always (x is active or y is active) and not not z is active\n}\n",
    );
}

#[test]
fn prevails_follows_its_norm_pattern() {
    check(
        "assert a { always not ( only p   may use s.x to q   prevails ) and p must use s prevails }",
        "assert a {\n  always not only p may use s.x to q prevails and p must use s prevails\n}\n",
    );
}

#[test]
fn a_long_condition_breaks_at_its_top_level_or() {
    let part = "openai must not serve api_products on other_cloud";
    check(
        &format!("assert a {{ always ({part} and not v has happened) or ({part} and v has happened) from 2025-10-28 }}"),
        &format!("assert a {{\n  always ({part} and not v has happened)\n      or ({part} and v has happened)\n  from 2025-10-28\n}}\n"),
    );
    check(
        &format!("assert a {{ {part} and x is active and {part} exactly from 2025-10-28 }}"),
        &format!("assert a {{\n  {part}\n    and x is active\n    and {part}\n  exactly from 2025-10-28\n}}\n"),
    );
}

#[test]
fn empty_blocks_and_empty_files() {
    check("clause c {}", "clause c {\n}\n");
    check("", "");
    check("\n\n  \n", "");
}

#[test]
fn crlf_and_a_byte_order_mark_become_plain_newlines() {
    check(
        "\u{FEFF}party a\r\nparty b // x\r\n",
        "party a\nparty b // x\n",
    );
}

// ---------------------------------------------------------------- comments

#[test]
fn leading_and_trailing_comments_stay_with_their_line() {
    check(
        "/// The company.\nparty m \"M\"   // trailing\n// about b\nparty b\n",
        "/// The company.\nparty m \"M\" // trailing\n// about b\nparty b\n",
    );
}

#[test]
fn comments_move_with_reordered_clause_lines() {
    check(
        "clause c { // about c\n  m may use s // the norm\n  // where it comes from\n  source \"T1\" /* cited */\n  // before the end\n}  // after",
        "clause c { // about c\n  // where it comes from\n  source \"T1\" /* cited */\n  m may use s // the norm\n  // before the end\n} // after\n",
    );
}

#[test]
fn a_comment_inside_a_line_moves_above_it() {
    check(
        "clause c {\n  m may use /* the IP */ s\n}",
        "clause c {\n  /* the IP */\n  m may use s\n}\n",
    );
}

#[test]
fn trailing_line_comments_that_meet_on_one_line_keep_only_the_last() {
    check(
        "clause c {\n  m may use s\n  from 2025-01-01 // start\n  until 2030-01-01 // end\n}",
        "clause c {\n  m may use s\n  // start\n  from 2025-01-01 until 2030-01-01 // end\n}\n",
    );
}

#[test]
fn subject_tree_comments_are_indented_with_their_part() {
    check(
        "subject ip { // the IP\n// models\nmodels { weights // w\n}\n  // last\n}",
        "subject ip { // the IP\n  // models\n  models {\n    weights // w\n  }\n  // last\n}\n",
    );
}

#[test]
fn a_blank_line_after_a_heading_comment_is_kept() {
    check(
        "// Header of the file.\n\ncontract \"T\"\n// -------- parties\n\n\nparty a\n",
        "// Header of the file.\n\ncontract \"T\"\n\n// -------- parties\n\nparty a\n",
    );
}

#[test]
fn comments_at_the_end_and_comment_only_files() {
    check("party a\n\n\n// the end\n", "party a\n\n// the end\n");
    check("party a // x\n/* y */", "party a // x\n/* y */\n");
    check("// only a comment\n", "// only a comment\n");
}

#[test]
fn block_comments_keep_their_lines_and_lose_trailing_spaces() {
    check(
        "party a /* one   \n   two */\n/*\n * three  \n */\nparty b",
        "party a /* one\n   two */\n/*\n * three\n */\nparty b\n",
    );
}

#[test]
fn comment_markers_inside_strings_are_not_comments() {
    check(
        "party a \"x // y /* z\" // real\n",
        "party a \"x // y /* z\" // real\n",
    );
}

#[test]
fn comments_inside_a_header_line_or_condition() {
    check(
        "contract /* t */ \"T\" effective // when\n 2025-10-28",
        "/* t */\ncontract \"T\"\n  // when\n  effective 2025-10-28\n",
    );
    check(
        "assert a { always x is active // first\n  and y is active }",
        "assert a {\n  // first\n  always x is active and y is active\n}\n",
    );
}

// ---------------------------------------------------------------- refusal and checks

#[test]
fn a_file_that_does_not_parse_is_refused_with_its_diagnostics() {
    let errors = format_source("party a\nclause c { m may }\n").unwrap_err();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|d| d.code == Code::Syntax));
}

#[test]
fn the_self_check_catches_a_changed_tree() {
    let (tree, _) = syntax::parse(FILE, "party a");
    let err = verify("party a", &tree, "party b\n").unwrap_err();
    assert_eq!(err[0].code, Code::FmtInternal);
    let err = verify("party a // c", &tree, "party a\n").unwrap_err();
    assert!(err[0].message.contains("comment"), "{:?}", err[0].message);
    assert!(verify("party a // c", &tree, "party a // c\n").is_ok());
}

#[test]
fn stripping_spans_leaves_no_position_behind() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fmt/example-basic.pactum"
    ))
    .expect("fixture");
    let (tree, diagnostics) = syntax::parse(FILE, &src);
    assert!(diagnostics.is_empty());
    let debug = format!("{:?}", spanless::strip(&tree));
    // Every span field of the stripped tree reads `0..0`: a span field added
    // to the tree later and not cleared would make this fail.
    for (i, _) in debug.match_indices("span: ") {
        let rest = &debug[i + "span: ".len()..];
        assert!(
            ["0..0", "Some(0..0)", "None"]
                .iter()
                .any(|ok| rest.starts_with(ok)),
            "span left at {}",
            &rest[..rest.len().min(30)]
        );
    }
    assert!(debug.contains("span: 0..0"));
}

#[test]
fn allow_lines_come_last_in_a_clause_with_their_reason_as_written() {
    check(
        "clause c { allow  pactum::norm::open_ended   \"perpetual \\\"by design\\\"\" overrides x m may use s }",
        "clause c {\n  m may use s\n  overrides x\n  allow pactum::norm::open_ended \"perpetual \\\"by design\\\"\"\n}\n",
    );
}
