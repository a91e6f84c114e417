//! The parser, construct by construct: a small snippet, then the shape of the
//! syntax tree it must give. Also error recovery: a mistake in one item never
//! hides the diagnostics of the others.

use pactum::diagnostics::{Code, Diagnostic};
use pactum::source::FileId;
use pactum::syntax::ast::*;
use pactum::syntax::parse;

/// Parses text that must be free of syntax errors.
fn items(src: &str) -> Vec<Item> {
    let (tree, diagnostics) = parse(FileId(0), src);
    assert!(diagnostics.is_empty(), "{src}\n{diagnostics:#?}");
    tree.items
}

fn one(src: &str) -> Item {
    let mut all = items(src);
    assert_eq!(all.len(), 1, "{src}");
    all.pop().expect("one item")
}

fn clause(src: &str) -> Clause {
    match one(src) {
        Item::Clause(c) => c,
        other => panic!("not a clause: {other:?}"),
    }
}

fn norm_of(body: &str) -> Norm {
    let mut c = clause(&format!("clause c {{ {body} }}"));
    assert_eq!(c.norms.len(), 1);
    c.norms.pop().expect("norm")
}

fn window_of(lines: &str) -> Window {
    clause(&format!("clause c {{\n a may use s\n {lines}\n}}")).window
}

fn assertion(src: &str) -> Assertion {
    match one(src) {
        Item::Assert(a) => a,
        other => panic!("not an assertion: {other:?}"),
    }
}

fn errors(src: &str) -> Vec<Diagnostic> {
    parse(FileId(0), src).1
}

/// The text a span covers, to check spans without counting bytes by hand.
fn at(src: &str, span: &ByteSpan) -> String {
    src[span.clone()].to_string()
}

fn names(idents: &[Ident]) -> Vec<&str> {
    idents.iter().map(|i| i.name.as_str()).collect()
}

// ------------------------------------------------------------ header and declarations

#[test]
fn header_with_title_effective_and_amends() {
    let src = "contract \"MS–OpenAI “2025”\"\n  effective 2025-10-28\n  amends \"history.pactum\"";
    let Item::Header(h) = one(src) else { panic!() };
    assert_eq!(h.title.value, "MS–OpenAI “2025”");
    assert_eq!(h.effective.len(), 1);
    let PointKind::Date(date) = &h.effective[0].kind else {
        panic!("a date: {:?}", h.effective[0])
    };
    assert_eq!(date.text, "2025-10-28");
    assert!(!date.is_year());
    assert_eq!(h.amends[0].value, "history.pactum");
    assert_eq!(at(src, &h.amends[0].span), "\"history.pactum\"");
    assert_eq!(at(src, &h.span), src);
}

#[test]
fn header_effective_on_an_event() {
    let src = "contract \"JV\" effective closing";
    let Item::Header(h) = one(src) else { panic!() };
    let PointKind::Event(e) = &h.effective[0].kind else {
        panic!("an event: {:?}", h.effective[0])
    };
    assert_eq!(e.name, "closing");
    assert_eq!(at(src, &h.effective[0].span), "closing");
}

#[test]
fn header_alone_and_with_escapes() {
    let Item::Header(h) = one(r#"contract "say \"hi\"\tthere""#) else {
        panic!()
    };
    assert_eq!(h.title.value, "say \"hi\"\tthere");
    assert!(h.effective.is_empty() && h.amends.is_empty());
}

#[test]
fn party_action_qualifier_with_and_without_description() {
    let all = items(
        "party microsoft \"Microsoft Corporation\"\naction use\nqualifier azure \"on Azure\"",
    );
    let [Item::Party(p), Item::Action(a), Item::Qualifier(q)] = all.as_slice() else {
        panic!("{all:?}")
    };
    assert_eq!(p.name.name, "microsoft");
    assert_eq!(
        p.description.as_ref().map(|t| t.value.as_str()),
        Some("Microsoft Corporation")
    );
    assert_eq!(a.name.name, "use");
    assert_eq!(a.description, None);
    assert_eq!(
        q.description.as_ref().map(|t| t.value.as_str()),
        Some("on Azure")
    );
}

#[test]
fn event_with_party_and_ordering_constraints() {
    let Item::Event(e) =
        one("event agi_verified \"verified\" by panel, not before agi_declared, after signing")
    else {
        panic!()
    };
    assert_eq!(e.name.name, "agi_verified");
    assert_eq!(
        e.description.as_ref().map(|t| t.value.as_str()),
        Some("verified")
    );
    assert_eq!(e.by.as_ref().map(|b| b.name.as_str()), Some("panel"));
    let named = |c: &EventConstraint| match &c.point().kind {
        PointKind::Event(i) => i.name.clone(),
        other => panic!("expected an event, got {other:?}"),
    };
    assert!(matches!(e.constraints[0], EventConstraint::NotBefore(_)));
    assert!(matches!(e.constraints[1], EventConstraint::After(_)));
    assert_eq!(named(&e.constraints[0]), "agi_declared");
    assert_eq!(named(&e.constraints[1]), "signing");
}

#[test]
fn bare_event() {
    let Item::Event(e) = one("event signing") else {
        panic!()
    };
    assert!(e.by.is_none() && e.constraints.is_empty() && e.description.is_none());
}

#[test]
fn subject_tree_with_descriptions_and_optional_commas() {
    let src =
        "subject ip \"IP\" {\n  models \"m\" { weights, architecture }\n  research,\n  hardware\n}";
    let Item::Subject(root) = one(src) else {
        panic!()
    };
    assert_eq!(root.name.name, "ip");
    assert_eq!(
        root.description.as_ref().map(|t| t.value.as_str()),
        Some("IP")
    );
    let kids: Vec<&str> = root.children.iter().map(|c| c.name.name.as_str()).collect();
    assert_eq!(kids, ["models", "research", "hardware"]);
    let grandkids: Vec<&str> = root.children[0]
        .children
        .iter()
        .map(|c| c.name.name.as_str())
        .collect();
    assert_eq!(grandkids, ["weights", "architecture"]);
    assert!(root.children[1].children.is_empty());
}

#[test]
fn subject_leaf_and_empty_braces() {
    let Item::Subject(s) = one("subject api") else {
        panic!()
    };
    assert!(s.children.is_empty());
    let Item::Subject(s) = one("subject api {}") else {
        panic!()
    };
    assert!(s.children.is_empty());
}

#[test]
fn quantities_of_every_type() {
    let all = items(
        "quantity stake \"s\": percent stake of microsoft in openai\n\
         quantity price: money USD\nquantity fee: money\nquantity seats: number",
    );
    let q: Vec<&QuantityDecl> = all
        .iter()
        .map(|i| match i {
            Item::Quantity(q) => q,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(q[0].ty, QuantityType::Percent);
    let (holder, target) = q[0].stake.as_ref().expect("stake");
    assert_eq!(
        (holder.name.as_str(), target.name.as_str()),
        ("microsoft", "openai")
    );
    assert_eq!(q[1].ty, QuantityType::Money(Some("USD".into())));
    assert_eq!(q[2].ty, QuantityType::Money(None));
    assert_eq!(q[3].ty, QuantityType::Number);
    assert!(q[3].stake.is_none());
}

// ------------------------------------------------------------ clauses

#[test]
fn every_modality() {
    assert_eq!(norm_of("a may use s").modality, Modality::May);
    assert_eq!(norm_of("a must use s").modality, Modality::Must);
    assert_eq!(norm_of("a must not use s").modality, Modality::MustNot);
}

#[test]
fn norm_with_only_to_and_on() {
    let src = "clause c { only openai may sell api to microsoft, resellers on azure, other_cloud }";
    let Item::Clause(c) = one(src) else { panic!() };
    let n = &c.norms[0];
    assert!(n.exclusive);
    assert_eq!(
        (n.party.name.as_str(), n.action.name.as_str()),
        ("openai", "sell")
    );
    assert_eq!(names(&n.to), ["microsoft", "resellers"]);
    assert_eq!(names(&n.on), ["azure", "other_cloud"]);
    assert_eq!(
        at(src, &n.span),
        "only openai may sell api to microsoft, resellers on azure, other_cloud"
    );
    assert!(!norm_of("a may use s").exclusive);
}

#[test]
fn subject_sets_with_unions_except_and_nesting() {
    let n = norm_of("a may use ip except ip.research, ip.hardware");
    let paths = |atoms: &[SubjectAtom]| -> Vec<String> {
        atoms
            .iter()
            .map(|a| match a {
                SubjectAtom::Path(p) => p.name.clone(),
                SubjectAtom::Nested(_) => "(…)".into(),
            })
            .collect()
    };
    assert_eq!(paths(&n.subjects.include), ["ip"]);
    assert_eq!(paths(&n.subjects.except), ["ip.research", "ip.hardware"]);

    let n = norm_of("a may use (ip except ip.a), (x except (x.b, x.c)), y.z.w");
    assert_eq!(paths(&n.subjects.include), ["(…)", "(…)", "y.z.w"]);
    assert!(n.subjects.except.is_empty());
    let SubjectAtom::Nested(second) = &n.subjects.include[1] else {
        panic!()
    };
    assert_eq!(paths(&second.include), ["x"]);
    let SubjectAtom::Nested(inner) = &second.except[0] else {
        panic!()
    };
    assert_eq!(paths(&inner.include), ["x.b", "x.c"]);
}

#[test]
fn sources_and_description() {
    let c =
        clause("clause c \"desc\" {\n source \"T6\", \"T6.1\"\n source \"T7\"\n a may use s\n}");
    assert_eq!(c.name.name, "c");
    assert_eq!(
        c.description.as_ref().map(|t| t.value.as_str()),
        Some("desc")
    );
    let sources: Vec<&str> = c.sources.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(sources, ["T6", "T6.1", "T7"]);
}

#[test]
fn precedence_overrides_exception_to_replaces() {
    let c = clause("clause c {\n a may use s\n overrides x, y\n exception to z\n replaces old\n}");
    assert_eq!(names(&c.overrides), ["x", "y"]);
    assert_eq!(names(&c.exception_to), ["z"]);
    assert_eq!(names(&c.replaces), ["old"]);
}

#[test]
fn clause_items_come_in_any_order() {
    let c = clause("clause c {\n until 2030-01-01\n overrides x\n a may use s\n source \"T\"\n from 2025-01-01\n}");
    assert_eq!(c.norms.len(), 1);
    assert_eq!((c.window.from.len(), c.window.until.len()), (1, 1));
}

#[test]
fn a_clause_may_state_several_or_no_norms_for_the_model_to_report() {
    assert_eq!(
        clause("clause c { a may use s\n b must use t }")
            .norms
            .len(),
        2
    );
    assert!(clause("clause c { }").norms.is_empty());
}

// ------------------------------------------------------------ windows and points

fn kind(p: &Point) -> &PointKind {
    &p.kind
}

#[test]
fn from_date_and_until_event() {
    let w = window_of("from 2025-10-28\n until agi_verified");
    let PointKind::Date(d) = kind(&w.from[0]) else {
        panic!()
    };
    assert_eq!(d.text, "2025-10-28");
    assert_eq!(w.until[0].points.len(), 1);
    let PointKind::Event(e) = kind(&w.until[0].points[0]) else {
        panic!()
    };
    assert_eq!(e.name, "agi_verified");
    assert_eq!(w.until[0].whichever, None);
}

#[test]
fn until_several_points_whichever_first_or_later() {
    let w = window_of("until a or end of 2030 or 2031-06-30, whichever first");
    assert_eq!(w.until[0].points.len(), 3);
    assert_eq!(w.until[0].whichever, Some(Whichever::First));
    let PointKind::EndOf(y) = kind(&w.until[0].points[1]) else {
        panic!()
    };
    assert!(y.is_year());
    let w = window_of("until a or b, whichever later");
    assert_eq!(w.until[0].whichever, Some(Whichever::Later));
    let w = window_of("until a or b");
    assert_eq!(w.until[0].whichever, None);
}

#[test]
fn through_a_year_or_a_date_is_the_end_of_it() {
    for (text, lit) in [
        ("through 2032", "2032"),
        ("through 2030-06-30", "2030-06-30"),
    ] {
        let w = window_of(text);
        let PointKind::EndOf(d) = kind(&w.until[0].points[0]) else {
            panic!()
        };
        assert_eq!(d.text, lit);
    }
}

#[test]
fn end_of_a_date() {
    let w = window_of("until end of 2030-06-30");
    let PointKind::EndOf(d) = kind(&w.until[0].points[0]) else {
        panic!()
    };
    assert!(!d.is_year());
}

#[test]
fn first_and_last_of_points() {
    let w =
        window_of("from last(signing, 2026-01-01)\n until first(a, end of 2030, 1 year after b)");
    let PointKind::Last(l) = kind(&w.from[0]) else {
        panic!()
    };
    assert_eq!(l.len(), 2);
    let PointKind::First(f) = kind(&w.until[0].points[0]) else {
        panic!()
    };
    assert_eq!(f.len(), 3);
    assert!(matches!(f[2].kind, PointKind::Offset { .. }));
}

#[test]
fn offsets_in_every_unit_and_direction_and_nested() {
    for (text, unit) in [
        ("1 day", TimeUnit::Day),
        ("90 days", TimeUnit::Day),
        ("1 week", TimeUnit::Week),
        ("2 weeks", TimeUnit::Week),
        ("1 month", TimeUnit::Month),
        ("6 months", TimeUnit::Month),
        ("1 year", TimeUnit::Year),
        ("2 years", TimeUnit::Year),
    ] {
        let w = window_of(&format!("until {text} after x"));
        let PointKind::Offset {
            unit: u,
            after,
            amount,
            ..
        } = kind(&w.until[0].points[0])
        else {
            panic!()
        };
        assert_eq!((*u, *after), (unit, true), "{text}");
        assert_eq!(amount.text, text.split(' ').next().expect("number"));
    }
    let w = window_of("from 1 week before 6 months after (signing)");
    let PointKind::Offset {
        after: false, base, ..
    } = kind(&w.from[0])
    else {
        panic!()
    };
    let PointKind::Offset {
        after: true,
        base: inner,
        ..
    } = kind(base)
    else {
        panic!()
    };
    assert!(matches!(&inner.kind, PointKind::Event(e) if e.name == "signing"));
}

#[test]
fn window_span_covers_every_window_line() {
    let src = "clause c {\n a may use s\n from 2025-01-01\n until 2030-01-01\n}";
    let c = clause(src);
    let span = c.window.span.expect("span");
    assert_eq!(at(src, &span), "from 2025-01-01\n until 2030-01-01");
}

// ------------------------------------------------------------ facts and values

fn fact_value(v: &str) -> ValueKind {
    let Item::Fact(f) = one(&format!("fact f {{ q = {v} }}")) else {
        panic!()
    };
    assert_eq!(f.values[0].quantity.name, "q");
    f.values[0].value.kind.clone()
}

#[test]
fn values_of_every_kind() {
    assert_eq!(fact_value("27 %"), ValueKind::Percent("27".into()));
    assert_eq!(fact_value("27.5%"), ValueKind::Percent("27.5".into()));
    assert_eq!(fact_value("tbd"), ValueKind::Tbd);
    assert_eq!(fact_value("1_000"), ValueKind::Number("1_000".into()));
    assert_eq!(
        fact_value("USD 250 billion"),
        ValueKind::Money {
            currency: "USD".into(),
            amount: "250".into(),
            scale: Some("billion".into())
        }
    );
    for scale in ["thousand", "million", "billion", "trillion"] {
        let ValueKind::Money { scale: s, .. } = fact_value(&format!("EUR 1 {scale}")) else {
            panic!()
        };
        assert_eq!(s.as_deref(), Some(scale));
    }
    let ValueKind::Money { scale, .. } = fact_value("EUR 12.50") else {
        panic!()
    };
    assert_eq!(scale, None);
}

#[test]
fn fact_with_description_source_and_window() {
    let src = "fact stake \"after closing\" {\n source \"T1\"\n microsoft_stake = 27 %\n from 2025-10-28\n until agi\n}";
    let Item::Fact(f) = one(src) else { panic!() };
    assert_eq!(
        f.description.as_ref().map(|t| t.value.as_str()),
        Some("after closing")
    );
    assert_eq!(f.sources[0].value, "T1");
    assert_eq!(f.values.len(), 1);
    assert_eq!(at(src, &f.values[0].span), "microsoft_stake = 27 %");
    assert_eq!(at(src, &f.values[0].value.span), "27 %");
    assert_eq!((f.window.from.len(), f.window.until.len()), (1, 1));
}

// ------------------------------------------------------------ assertions

#[test]
fn assertion_kinds() {
    let a = assertion("assert a \"d\" { source \"T9\" always x is active }");
    assert_eq!(a.kind, AssertKind::Always);
    assert_eq!(a.sources[0].value, "T9");
    assert_eq!(
        assertion("assert a { never x is active }").kind,
        AssertKind::Never
    );
    let a = assertion("assert a { x is active exactly from 2025-01-01 until e }");
    assert_eq!(a.kind, AssertKind::Exactly);
    assert_eq!((a.window.from.len(), a.window.until.len()), (1, 1));
    let a = assertion("assert a { no conflicts }");
    assert_eq!(a.kind, AssertKind::NoConflicts);
    assert!(a.cond.is_none());
}

#[test]
fn always_and_never_take_a_window() {
    let a = assertion("assert a { always x is active from 2025-01-01 through 2030 }");
    assert_eq!((a.window.from.len(), a.window.until.len()), (1, 1));
}

fn cond(text: &str) -> CondKind {
    assertion(&format!("assert a {{ always {text} }}"))
        .cond
        .expect("condition")
        .kind
}

#[test]
fn condition_atoms() {
    assert!(matches!(cond("x is active"), CondKind::IsActive(i) if i.name == "x"));
    assert!(matches!(cond("e has happened"), CondKind::Happened(i) if i.name == "e"));
    let CondKind::Norm(n) = cond("only microsoft must not use ip.x to b on c") else {
        panic!()
    };
    assert!(n.exclusive && n.modality == Modality::MustNot);
    let CondKind::Stakes { target, op, value } = cond("stakes in openai <= 100 %") else {
        panic!()
    };
    assert_eq!((target.name.as_str(), op), ("openai", CmpOp::Le));
    assert_eq!(value.kind, ValueKind::Percent("100".into()));
}

#[test]
fn every_comparison_operator() {
    for (text, op) in [
        ("<", CmpOp::Lt),
        ("<=", CmpOp::Le),
        ("=", CmpOp::Eq),
        ("!=", CmpOp::Ne),
        (">=", CmpOp::Ge),
        (">", CmpOp::Gt),
    ] {
        let CondKind::Compare {
            quantity, op: got, ..
        } = cond(&format!("q {text} 5 %"))
        else {
            panic!("{text}")
        };
        assert_eq!((quantity.name.as_str(), got), ("q", op));
        assert_eq!(got.as_str(), text);
    }
}

#[test]
fn and_binds_tighter_than_or_and_not_tighter_than_and() {
    let CondKind::Or(parts) = cond("a is active and not b is active or c is active") else {
        panic!()
    };
    assert_eq!(parts.len(), 2);
    let CondKind::And(left) = &parts[0].kind else {
        panic!()
    };
    assert!(matches!(left[0].kind, CondKind::IsActive(_)));
    assert!(
        matches!(&left[1].kind, CondKind::Not(inner) if matches!(inner.kind, CondKind::IsActive(_)))
    );
    assert!(matches!(parts[1].kind, CondKind::IsActive(_)));
}

#[test]
fn parentheses_group_and_not_repeats() {
    let CondKind::And(parts) = cond("(a is active or b is active) and c is active") else {
        panic!()
    };
    assert!(matches!(parts[0].kind, CondKind::Or(_)));
    let CondKind::Not(once) = cond("not not x is active") else {
        panic!()
    };
    assert!(matches!(once.kind, CondKind::Not(_)));
}

#[test]
fn long_chains_are_flat() {
    let chain = vec!["x is active"; 200].join(" or ");
    let CondKind::Or(parts) = cond(&chain) else {
        panic!()
    };
    assert_eq!(parts.len(), 200);
    let chain = vec!["x is active"; 200].join(" and ");
    let CondKind::And(parts) = cond(&chain) else {
        panic!()
    };
    assert_eq!(parts.len(), 200);
}

// ------------------------------------------------------------ cover

#[test]
fn cover_with_targets_and_window() {
    let src = "cover ms \"d\" {\n source \"T6\"\n microsoft use ip except ip.x\n openai host api\n from 2025-10-28 through 2032\n}";
    let Item::Cover(c) = one(src) else { panic!() };
    assert_eq!(c.name.name, "ms");
    assert_eq!(c.targets.len(), 2);
    assert_eq!(at(src, &c.targets[0].span), "microsoft use ip except ip.x");
    assert_eq!(c.targets[1].party.name, "openai");
    assert_eq!(c.targets[1].action.name, "host");
    assert_eq!((c.window.from.len(), c.window.until.len()), (1, 1));
    let Item::Cover(empty) = one("cover nothing { }") else {
        panic!()
    };
    assert!(empty.targets.is_empty());
}

// ------------------------------------------------------------ term and survival

#[test]
fn term_with_description_sources_and_window() {
    let src = "term \"initial term\" {\n source \"§2.1\"\n from 2014-12-05\n until 5 years after 2014-12-05\n}";
    let Item::Term(t) = one(src) else { panic!() };
    assert_eq!(at(src, &t.keyword), "term");
    assert_eq!(
        t.description.map(|d| d.value).as_deref(),
        Some("initial term")
    );
    assert_eq!(t.sources.len(), 1);
    assert_eq!((t.window.from.len(), t.window.until.len()), (1, 1));
    let Item::Term(bare) = one("term { indefinitely }") else {
        panic!()
    };
    assert!(bare.description.is_none() && bare.window.indefinitely.is_some());
}

#[test]
fn survives_with_and_without_a_duration() {
    let src = "clause c {\n a may use s\n survives for 3 years\n}";
    let c = clause(src);
    assert_eq!(c.survives.len(), 1);
    assert_eq!(at(src, &c.survives[0].span), "survives for 3 years");
    let (amount, unit) = c.survives[0].duration.clone().expect("a duration");
    assert_eq!((amount.text.as_str(), unit), ("3", TimeUnit::Year));
    let plain = clause("clause c { a may use s survives }");
    assert!(plain.survives[0].duration.is_none());
}

#[test]
fn end_of_term_is_a_point_and_survives_and_for_stay_names() {
    let w = window_of("until first(end of term, 90 days after end of term)");
    let PointKind::First(items) = kind(&w.until[0].points[0]) else {
        panic!()
    };
    assert_eq!(items[0].kind, PointKind::EndOfTerm);
    // `survives` and `for` are soft words: a party may be called so.
    let n = norm_of("survives may use for");
    assert_eq!(
        (n.party.name.as_str(), n.subjects.include.len()),
        ("survives", 1)
    );
    // `term` is reserved.
    let (_, diagnostics) = parse(FileId(0), "party term");
    assert!(!diagnostics.is_empty());
}

// ------------------------------------------------------------ comments and layout

#[test]
fn comments_anywhere() {
    let src = "// leading\n/* block\n party hidden */\n/// doc\nparty a // trailing\nclause c { // inside\n a may /* mid */ use s\n}\n// final";
    let all = items(src);
    assert_eq!(all.len(), 2);
    let Item::Party(p) = &all[0] else { panic!() };
    assert_eq!(p.name.name, "a");
    assert_eq!(at(src, &p.span), "party a");
}

#[test]
fn item_keywords_inside_strings_and_comments_do_not_start_items() {
    let all = items("party a \"the party clause\"\n// clause x {\nparty b");
    assert_eq!(all.len(), 2);
}

#[test]
fn empty_and_comment_only_files_have_no_items() {
    for src in [
        "",
        "\n\n",
        "// only a comment",
        "/* only\n a block */\n",
        "\u{feff}",
    ] {
        assert!(items(src).is_empty(), "{src:?}");
    }
}

#[test]
fn crlf_line_ends() {
    let all = items("party a\r\nclause c {\r\n  a may use s\r\n}\r\n");
    assert_eq!(all.len(), 2);
}

#[test]
fn spans_of_items_and_names_are_exact() {
    let src = "party a\n\nclause long_name {\n  a may use s\n}\n\n";
    let all = items(src);
    assert_eq!(
        at(src, &all[1].span()),
        "clause long_name {\n  a may use s\n}"
    );
    let Item::Clause(c) = &all[1] else { panic!() };
    assert_eq!(at(src, &c.name.span), "long_name");
    assert_eq!(at(src, &c.norms[0].subjects.span), "s");
}

// ------------------------------------------------------------ recovery

#[test]
fn an_error_in_one_item_does_not_hide_later_items_or_errors() {
    let src =
        "party a\nclause c1 { a mya use s }\nparty b\nclause c2 { a may }\nparty c\nevent e by\n";
    let (tree, diagnostics) = parse(FileId(0), src);
    let declared: Vec<&str> = tree
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Party(d) => Some(d.name.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(declared, ["a", "b", "c"]);
    assert_eq!(diagnostics.len(), 3, "{diagnostics:#?}");
    assert!(diagnostics.iter().all(|d| d.code == Code::Syntax));
    let lines: Vec<usize> = diagnostics
        .iter()
        .map(|d| src[..d.labels[0].span.range.start].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, [2, 4, 6]);
}

#[test]
fn a_missing_brace_does_not_swallow_the_next_item() {
    let src = "clause c {\n  a may use s\n\nparty b\n";
    let (tree, diagnostics) = parse(FileId(0), src);
    assert_eq!(diagnostics.len(), 1);
    assert!(diagnostics[0].message.contains("found the end of the item"));
    assert!(matches!(&tree.items[..], [Item::Party(p)] if p.name.name == "b"));
}

#[test]
fn every_broken_item_of_a_file_is_reported() {
    let broken = [
        "party",
        "clause { }",
        "event e by",
        "subject {",
        "fact f { q = }",
        "assert a { }",
    ];
    let src = broken.join("\n");
    let diagnostics = errors(&src);
    assert_eq!(diagnostics.len(), broken.len(), "{diagnostics:#?}");
}

#[test]
fn too_deep_is_reported_per_item_and_other_items_still_parse() {
    let src = format!(
        "party a\nassert x {{ always {}x is active }}\nparty b\n",
        "(".repeat(100)
    );
    let (tree, diagnostics) = parse(FileId(0), &src);
    assert_eq!(tree.items.len(), 2);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, Code::TooDeep);
}

#[test]
fn nesting_just_under_the_limit_parses() {
    let depth = pactum::syntax::split::MAX_DEPTH - 1;
    let src = format!(
        "assert x {{ always {}x is active{} }}",
        "(".repeat(depth - 1),
        ")".repeat(depth - 1)
    );
    let a = assertion(&src);
    let mut c = a.cond.expect("cond");
    let mut levels = 0;
    while let CondKind::Not(inner) = c.kind {
        c = *inner;
        levels += 1;
    }
    assert_eq!(levels, 0, "parentheses leave no trace in the tree");
    assert!(matches!(c.kind, CondKind::IsActive(_)));
}

#[test]
fn a_keyword_as_a_name_says_so() {
    let d = errors("party until");
    assert_eq!(d.len(), 1);
    assert!(d[0].help.as_deref().unwrap_or("").contains("keyword"));
}

// ------------------------------------------------------------ all errors of a file

/// Syntax errors and model errors of one file are all reported together, each
/// once, in file order.
#[test]
fn every_error_of_a_file_is_reported() {
    let src = "\
contract \"Bad\" effective 2030-02-30
party microsoft
party microsoft
action use
event a, after b
event b, after a
subject ip { x, y }
quantity stake: percent
clause c1 {
  microsft may use ip.z
  overrides c9
}
clause c2 { microsoft may use microsoft }
fact f { stake = USD 5 billion }
fact g { stake = 120 % }
clause broken { microsoft may use ip
clause c3 { ((((( }
party p \"ok\"
";
    let loaded = pactum::check::check_text(std::path::Path::new("bad.pactum"), src, &mut |_| {
        Err(std::io::ErrorKind::NotFound.into())
    });
    let got: Vec<(usize, &str)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let line = src[..d.labels[0].span.range.start].matches('\n').count() + 1;
            (line, d.code.as_str())
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "pactum::date::invalid"),
            (3, "pactum::name::duplicate"),
            (5, "pactum::event::cycle"),
            (10, "pactum::name::unknown"),
            (10, "pactum::name::unknown"),
            (11, "pactum::precedence::missing_clause"),
            (13, "pactum::type::mismatch"),
            (14, "pactum::type::mismatch"),
            (15, "pactum::value::percent_range"),
            (16, "pactum::syntax"),
            (17, "pactum::syntax"),
        ]
    );
    assert!(
        loaded.contract.find_party("p").is_some(),
        "items after errors still count"
    );
}

#[test]
fn indefinitely_is_a_window_line() {
    let src = "clause c {\n  a may use s\n  indefinitely\n}\n";
    let (tree, diagnostics) = pactum::syntax::parse(pactum::source::FileId(0), src);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let pactum::syntax::ast::Item::Clause(c) = &tree.items[0] else {
        panic!("a clause");
    };
    let at = c.window.indefinitely.clone().expect("indefinitely");
    assert_eq!(&src[at], "indefinitely");
    assert!(c.window.until.is_empty());
}

// ------------------------------------------------------------ sections and party groups

#[test]
fn a_party_group_lists_its_members() {
    let Item::Party(g) = one("party hydraspin \"the group\" = water_now, subsidiary") else {
        panic!()
    };
    assert_eq!(g.name.name, "hydraspin");
    assert_eq!(g.description.map(|d| d.value).as_deref(), Some("the group"));
    let members: Vec<&str> = g.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members, ["water_now", "subsidiary"]);
    let Item::Party(plain) = one("party solo") else {
        panic!()
    };
    assert!(plain.members.is_empty());
}

#[test]
fn a_section_item_has_an_id_and_an_optional_heading() {
    let Item::Section(s) = one("section \"9.13\" \"Headings\"") else {
        panic!()
    };
    assert_eq!(s.id.value, "9.13");
    assert_eq!(s.heading.map(|h| h.value).as_deref(), Some("Headings"));
    let Item::Section(bare) = one("section \"6.5\"") else {
        panic!()
    };
    assert!(bare.heading.is_none());
}

#[test]
fn a_clause_names_its_section_and_the_sections_it_cites() {
    let src = "clause c {\n  section \"6.5\"\n  refers to \"9.13\" \"Binding Effect\", \"9.11\"\n  a may use s\n}";
    let c = clause(src);
    let own: Vec<&str> = c.section.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(own, ["6.5"]);
    assert_eq!(c.refers.len(), 2);
    assert_eq!(c.refers[0].id.value, "9.13");
    assert_eq!(
        c.refers[0].heading.as_ref().map(|h| h.value.as_str()),
        Some("Binding Effect")
    );
    assert_eq!(at(src, &c.refers[0].span), "\"9.13\" \"Binding Effect\"");
    assert!(c.refers[1].heading.is_none());
    assert_eq!(c.norms.len(), 1);
}

#[test]
fn refers_and_a_party_named_section_words_stay_apart() {
    // `refers` is a name where a name fits; `section` is reserved.
    let n = norm_of("refers may use s");
    assert_eq!(n.party.name, "refers");
    let (_, diagnostics) = parse(FileId(0), "party section");
    assert!(!diagnostics.is_empty());
}
