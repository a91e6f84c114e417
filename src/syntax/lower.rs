//! From pest pairs to the syntax tree. The grammar has already accepted the
//! item, so the shapes here are known; the depth guard in `split` bounds the
//! recursion of nested points, subject sets and conditions.

use pest::iterators::Pair;

use super::ast::*;
use super::lexicon::is_reserved;
use super::Rule;

/// A list with no spare room. Lists grown item by item keep room for four,
/// and most lists here hold one: in a contract of 100 000 clauses the spare
/// room was a third of the memory the syntax trees took.
fn exact<T>(mut list: Vec<T>) -> Vec<T> {
    list.shrink_to_fit();
    list
}

/// Lowers pairs whose byte positions are relative to a slice starting at `base`.
struct Lower {
    base: usize,
    /// Names that are reserved words, found while lowering.
    reserved: std::cell::RefCell<Vec<Ident>>,
}

/// Lowers one item; `Err` lists the names in it that are reserved words.
pub fn item(pair: Pair<'_, Rule>, base: usize) -> Result<Item, Vec<Ident>> {
    let l = Lower {
        base,
        reserved: Default::default(),
    };
    let item = l.item(pair);
    let reserved = l.reserved.into_inner();
    if reserved.is_empty() {
        Ok(item)
    } else {
        Err(reserved)
    }
}

impl Lower {
    fn item(&self, pair: Pair<'_, Rule>) -> Item {
        let l = self;
        match pair.as_rule() {
            Rule::contract_header => Item::Header(l.header(pair)),
            Rule::party_decl => Item::Party(l.decl(pair)),
            Rule::action_decl => Item::Action(l.decl(pair)),
            Rule::qualifier_decl => Item::Qualifier(l.decl(pair)),
            Rule::event_decl => Item::Event(l.event(pair)),
            Rule::subject_decl => {
                let node = pair.into_inner().next().expect("grammar: subject node");
                Item::Subject(l.subject_node(node))
            }
            Rule::quantity_decl => Item::Quantity(l.quantity(pair)),
            Rule::clause => Item::Clause(l.clause(pair)),
            Rule::power => Item::Power(l.power(pair)),
            Rule::fact => Item::Fact(l.fact(pair)),
            Rule::assertion => Item::Assert(l.assertion(pair)),
            Rule::coverage => Item::Cover(l.coverage(pair)),
            Rule::section_decl => {
                let span = l.span(&pair);
                let mut inner = pair.into_inner();
                Item::Section(SectionDecl {
                    id: l.text(inner.next().expect("grammar: section id")),
                    heading: inner.next().map(|h| l.text(h)),
                    span,
                })
            }
            Rule::term_item => Item::Term(l.term(pair)),
            Rule::amount_decl => Item::Amount(l.amount_decl(pair)),
            Rule::input_decl => Item::Input(l.input_decl(pair)),
            Rule::period_decl => Item::Period(l.period_decl(pair)),
            Rule::interest_decl => Item::Interest(l.interest_decl(pair)),
            Rule::weekend_decl => {
                let span = l.span(&pair);
                Item::Weekend(WeekendDecl {
                    days: pair.into_inner().map(|p| l.ident(p)).collect(),
                    span,
                })
            }
            Rule::holiday_decl => {
                let span = l.span(&pair);
                let mut inner = pair.into_inner();
                Item::Holiday(HolidayDecl {
                    date: l.date(inner.next().expect("grammar: holiday date")),
                    name: inner.next().map(|n| l.text(n)),
                    span,
                })
            }
            other => unreachable!("grammar: {other:?} is not an item"),
        }
    }

    /// The pair's span without the blanks and comments pest skips after its
    /// last token (a rule ending in `(…)*` keeps them), so labels underline
    /// only what was written for this construct.
    fn span(&self, pair: &Pair<'_, Rule>) -> ByteSpan {
        let s = pair.as_span();
        let len = written_len(s.as_str());
        self.base + s.start()..self.base + s.start() + len
    }

    /// A name or a dotted path; each segment is checked against the reserved words.
    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        let ident = Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        };
        let mut at = ident.span.start;
        for segment in ident.name.split('.') {
            if is_reserved(segment) {
                self.reserved.borrow_mut().push(Ident {
                    name: segment.to_string(),
                    span: at..at + segment.len(),
                });
            }
            at += segment.len() + 1;
        }
        ident
    }

    fn text(&self, pair: Pair<'_, Rule>) -> Text {
        let raw = pair.as_str();
        let inner = raw
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(raw);
        Text {
            value: unescape(inner),
            span: self.span(&pair),
        }
    }

    fn date(&self, pair: Pair<'_, Rule>) -> DateLit {
        DateLit {
            text: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    fn header(&self, pair: Pair<'_, Rule>) -> Header {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let title = self.text(inner.next().expect("grammar: title"));
        let mut header = Header {
            title,
            effective: Vec::new(),
            amends: Vec::new(),
            span,
        };
        for field in inner {
            let value = field.into_inner().next().expect("grammar: field value");
            match value.as_rule() {
                Rule::date => header.effective.push(Point {
                    span: self.span(&value),
                    kind: PointKind::Date(self.date(value)),
                }),
                Rule::ident => header.effective.push(Point {
                    span: self.span(&value),
                    kind: PointKind::Event(self.ident(value)),
                }),
                _ => header.amends.push(self.text(value)),
            }
        }
        header
    }

    fn decl(&self, pair: Pair<'_, Rule>) -> Decl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next().expect("grammar: name"));
        let mut description = None;
        let mut members = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::party_members => members = self.idents(p),
                _ => description = Some(self.text(p)),
            }
        }
        Decl {
            name,
            description,
            members,
            span,
        }
    }

    fn event(&self, pair: Pair<'_, Rule>) -> EventDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let mut event = EventDecl {
            name: self.ident(inner.next().expect("grammar: name")),
            description: None,
            by: None,
            constraints: Vec::new(),
            defined: None,
            run: None,
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => event.description = Some(self.text(p)),
                Rule::event_by => event.by = Some(self.first_ident(p)),
                Rule::event_defined => event.defined = Some(self.threshold(p)),
                Rule::event_run => event.run = Some(Box::new(self.run(p))),
                Rule::not_before => event
                    .constraints
                    .push(EventConstraint::NotBefore(self.only_point(p))),
                Rule::after_event => event
                    .constraints
                    .push(EventConstraint::After(self.only_point(p))),
                Rule::before_point => event
                    .constraints
                    .push(EventConstraint::Before(self.only_point(p))),
                Rule::within => {
                    let span = self.span(&p);
                    let mut parts = p.into_inner();
                    let (amount, unit) = self.duration(parts.next().expect("grammar: duration"));
                    let base = self.point(parts.next().expect("grammar: point"));
                    event.constraints.push(EventConstraint::Within {
                        amount,
                        unit,
                        base,
                        span,
                    });
                }
                other => unreachable!("grammar: {other:?} in event"),
            }
        }
        event
    }

    /// The one point inside a rule such as `not_before`.
    fn only_point(&self, pair: Pair<'_, Rule>) -> Point {
        self.point(pair.into_inner().next().expect("grammar: point"))
    }

    /// `30 days`: the amount as written and the unit.
    fn duration(&self, pair: Pair<'_, Rule>) -> (Amount, TimeUnit) {
        let mut d = pair.into_inner();
        let amount = d.next().expect("grammar: amount");
        let unit = d.next().expect("grammar: unit").as_str();
        (
            Amount {
                text: amount.as_str().to_string(),
                span: self.span(&amount),
            },
            match unit.trim_end_matches('s') {
                "day" => TimeUnit::Day,
                u if u.starts_with("business") => TimeUnit::BusinessDay,
                "week" => TimeUnit::Week,
                "month" => TimeUnit::Month,
                _ => TimeUnit::Year,
            },
        )
    }

    fn first_ident(&self, pair: Pair<'_, Rule>) -> Ident {
        self.ident(pair.into_inner().next().expect("grammar: name"))
    }

    fn idents(&self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        exact(pair.into_inner().map(|p| self.ident(p)).collect())
    }

    fn subject_node(&self, pair: Pair<'_, Rule>) -> SubjectNode {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let mut node = SubjectNode {
            name: self.ident(inner.next().expect("grammar: name")),
            description: None,
            children: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => node.description = Some(self.text(p)),
                Rule::subject_kids => {
                    node.children = p.into_inner().map(|k| self.subject_node(k)).collect()
                }
                other => unreachable!("grammar: {other:?} in subject"),
            }
        }
        node
    }

    fn quantity(&self, pair: Pair<'_, Rule>) -> QuantityDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next().expect("grammar: name"));
        let mut description = None;
        let mut ty = QuantityType::Number;
        let mut ty_span = name.span.clone();
        let mut stake = None;
        for p in inner {
            match p.as_rule() {
                Rule::string => description = Some(self.text(p)),
                Rule::quantity_type => {
                    ty_span = self.span(&p);
                    ty = value_type(p);
                }
                Rule::stake_of => {
                    let mut names = p.into_inner();
                    let holder = self.ident(names.next().expect("grammar: holder"));
                    let target = self.ident(names.next().expect("grammar: target"));
                    stake = Some((holder, target));
                }
                other => unreachable!("grammar: {other:?} in quantity"),
            }
        }
        QuantityDecl {
            name,
            description,
            ty,
            ty_span,
            stake,
            span,
        }
    }

    fn clause(&self, pair: Pair<'_, Rule>) -> Clause {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let mut clause = Clause {
            name: self.ident(inner.next().expect("grammar: name")),
            description: None,
            sources: Vec::new(),
            norms: Vec::new(),
            window: Window::default(),
            overrides: Vec::new(),
            exception_to: Vec::new(),
            replaces: Vec::new(),
            section: Vec::new(),
            refers: Vec::new(),
            survives: Vec::new(),
            within: Vec::new(),
            discharged: Vec::new(),
            conditions: Vec::new(),
            allows: Vec::new(),
            amounts: Vec::new(),
            every: Vec::new(),
            due: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => clause.description = Some(self.text(p)),
                Rule::source => clause.sources.extend(p.into_inner().map(|s| self.text(s))),
                Rule::norm => clause.norms.push(self.norm(p)),
                Rule::overrides => clause.overrides.extend(self.idents(p)),
                Rule::exception_to => clause.exception_to.extend(self.idents(p)),
                Rule::replaces => clause.replaces.extend(self.idents(p)),
                Rule::clause_section => {
                    let id = p.into_inner().next().expect("grammar: section id");
                    clause.section.push(self.text(id));
                }
                Rule::refers_to => clause.refers.extend(p.into_inner().map(|r| {
                    let span = self.span(&r);
                    let mut parts = r.into_inner();
                    SectionRef {
                        id: self.text(parts.next().expect("grammar: section id")),
                        heading: parts.next().map(|h| self.text(h)),
                        span,
                    }
                })),
                Rule::survives => clause.survives.push(self.survives(p)),
                Rule::within => {
                    let span = self.span(&p);
                    let mut parts = p.into_inner();
                    let (amount, unit) = self.duration(parts.next().expect("grammar: duration"));
                    let base = self.point(parts.next().expect("grammar: point"));
                    clause.within.push(Deadline {
                        amount,
                        unit,
                        base,
                        span,
                    });
                }
                Rule::discharged => {
                    let span = self.span(&p);
                    let name = p.into_inner().find(|q| q.as_rule() == Rule::ident);
                    let event = self.ident(name.expect("grammar: event"));
                    clause.discharged.push(Discharged { event, span });
                }
                Rule::condition => clause.conditions.push(self.condition(p)),
                Rule::every => {
                    let span = self.span(&p);
                    let name = p.into_inner().find(|q| q.as_rule() == Rule::ident);
                    let period = self.ident(name.expect("grammar: period"));
                    clause.every.push(Every { period, span });
                }
                Rule::due => clause.due.push(self.due(p)),
                Rule::clause_amount => {
                    let span = self.span(&p);
                    let expr = p.into_inner().find(|q| q.as_rule() == Rule::amount_expr);
                    let expr = self.expr(expr.expect("grammar: amount"));
                    clause.amounts.push(ClauseAmount { expr, span });
                }
                Rule::allow => {
                    let span = self.span(&p);
                    let mut parts = p.into_inner().filter(|p| p.as_rule() != Rule::allow_kw);
                    let code = parts.next().expect("grammar: code");
                    let code = Ident {
                        name: code.as_str().to_string(),
                        span: self.span(&code),
                    };
                    let reason = self.text(parts.next().expect("grammar: reason"));
                    clause.allows.push(Allow { code, reason, span });
                }
                _ => self.window_item(p, &mut clause.window),
            }
        }
        clause.sources = exact(clause.sources);
        clause.norms = exact(clause.norms);
        clause.window.from = exact(clause.window.from);
        clause.window.until = exact(clause.window.until);
        clause
    }

    /// `due on the first day of each quarter`, `due within 30 days after the
    /// end of each quarter`, `due by the end of each contract_year`.
    fn due(&self, pair: Pair<'_, Rule>) -> Due {
        let span = self.span(&pair);
        let body = pair
            .into_inner()
            .find(|q| q.as_rule() != Rule::due_kw)
            .expect("grammar: due body");
        let form = body.as_rule();
        let mut duration = None;
        let mut period = None;
        for q in body.into_inner() {
            match q.as_rule() {
                Rule::duration => duration = Some(self.duration(q)),
                Rule::ident => period = Some(self.ident(q)),
                _ => {}
            }
        }
        let kind = match (form, duration) {
            (Rule::due_after_end, Some((amount, unit))) => DueKind::AfterEnd { amount, unit },
            (Rule::due_after_start, Some((amount, unit))) => DueKind::AfterStart { amount, unit },
            (Rule::due_by_end, _) => DueKind::ByEnd,
            _ => DueKind::FirstDay,
        };
        Due {
            kind,
            period: period.expect("grammar: period"),
            span,
        }
    }

    /// `period fiscal_year "…" starts 04-01` or `period contract_year from D`.
    fn period_decl(&self, pair: Pair<'_, Rule>) -> PeriodDecl {
        let span = self.span(&pair);
        let mut decl = PeriodDecl {
            name: Ident {
                name: String::new(),
                span: 0..0,
            },
            description: None,
            start: None,
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => decl.name = self.ident(p),
                Rule::string => decl.description = Some(self.text(p)),
                Rule::period_starts => {
                    let md = p.into_inner().find(|q| q.as_rule() == Rule::month_day);
                    let md = md.expect("grammar: month and day");
                    decl.start = Some(PeriodStart::Starts {
                        text: md.as_str().to_string(),
                        span: self.span(&md),
                    });
                }
                Rule::from => {
                    let point = p.into_inner().next().expect("grammar: point");
                    decl.start = Some(PeriodStart::From(self.point(point)));
                }
                other => unreachable!("grammar: {other:?} in period"),
            }
        }
        decl
    }

    /// `interest NAME "…" { at RATE per year … }`.
    fn interest_decl(&self, pair: Pair<'_, Rule>) -> InterestDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let mut decl = InterestDecl {
            name: self.ident(inner.next().expect("grammar: name")),
            description: None,
            sources: Vec::new(),
            rate: Expr {
                kind: ExprKind::Name(Ident {
                    name: String::new(),
                    span: 0..0,
                }),
                span: 0..0,
            },
            rate_span: 0..0,
            start: None,
            compounding: None,
            basis: None,
            rounding: None,
            on: Vec::new(),
            span,
        };
        for p in inner {
            let line = self.span(&p);
            match p.as_rule() {
                Rule::string => decl.description = Some(self.text(p)),
                Rule::source => decl.sources.extend(p.into_inner().map(|s| self.text(s))),
                Rule::interest_rate => {
                    let sum = p.into_inner().find(|q| q.as_rule() == Rule::amount_sum);
                    decl.rate = self.expr(sum.expect("grammar: rate"));
                    decl.rate_span = line;
                }
                Rule::interest_from => {
                    let mut days = 0;
                    let mut ordinal = None;
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::ordinal => {
                                let text = q.as_str();
                                let digits =
                                    text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                                // An ordinal too large for a day count is
                                // kept at the maximum: the model reports
                                // its day as one that does not exist.
                                days = digits.parse().unwrap_or(u32::MAX);
                                ordinal = Some(text.to_string());
                            }
                            Rule::day_kw if ordinal.is_none() => days = 1,
                            _ => {}
                        }
                    }
                    decl.start = Some(InterestStart {
                        days,
                        ordinal,
                        span: line,
                    });
                }
                Rule::compounded => {
                    let mut days = Vec::new();
                    let mut each = None;
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::month_day => days.push((q.as_str().to_string(), self.span(&q))),
                            Rule::compound_each => {
                                let period = q.into_inner().find(|r| r.as_rule() == Rule::ident);
                                each = Some(self.ident(period.expect("grammar: period")));
                            }
                            _ => {}
                        }
                    }
                    let kind = match each {
                        Some(period) => CompoundingKind::LastDayOf(period),
                        None => CompoundingKind::Days(days),
                    };
                    decl.compounding = Some(Compounding { kind, span: line });
                }
                Rule::day_count => {
                    let basis = p.into_inner().find(|q| q.as_rule() == Rule::day_basis);
                    let basis = basis.expect("grammar: basis");
                    decl.basis = Some((basis.as_str().to_string(), line));
                }
                Rule::rounding => {
                    let q = p.into_inner().find(|q| q.as_rule() == Rule::decimal);
                    let q = q.expect("grammar: quantum");
                    decl.rounding = Some((q.as_str().to_string(), line));
                }
                Rule::interest_on => decl.on = p.into_inner().map(|q| self.ident(q)).collect(),
                other => unreachable!("grammar: {other:?} in interest"),
            }
        }
        decl
    }

    fn power(&self, pair: Pair<'_, Rule>) -> Power {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let mut power = Power {
            name: self.ident(inner.next().expect("grammar: name")),
            description: None,
            sources: Vec::new(),
            grants: Vec::new(),
            notice: Vec::new(),
            window: Window::default(),
            conditions: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => power.description = Some(self.text(p)),
                Rule::source => power.sources.extend(p.into_inner().map(|s| self.text(s))),
                Rule::grant => {
                    let span = self.span(&p);
                    let mut parts = p.into_inner();
                    let party = self.ident(parts.next().expect("grammar: party"));
                    let kind = match parts
                        .next()
                        .and_then(|k| k.into_inner().next())
                        .map(|k| k.as_rule())
                    {
                        Some(Rule::terminate_kw) => PowerKind::Terminate,
                        _ => PowerKind::Exercise,
                    };
                    power.grants.push(Grant { party, kind, span });
                }
                Rule::notice => {
                    let span = self.span(&p);
                    let d = p.into_inner().next().expect("grammar: duration");
                    let (amount, unit) = self.duration(d);
                    power.notice.push(Notice { amount, unit, span });
                }
                Rule::condition => power.conditions.push(self.condition(p)),
                _ => self.window_item(p, &mut power.window),
            }
        }
        power.sources = exact(power.sources);
        power.grants = exact(power.grants);
        power.notice = exact(power.notice);
        power.window.from = exact(power.window.from);
        power.window.until = exact(power.window.until);
        power
    }

    fn norm(&self, pair: Pair<'_, Rule>) -> Norm {
        let span = self.span(&pair);
        let mut exclusive = false;
        let mut idents = Vec::new();
        let mut modality = Modality::May;
        let mut subjects = None;
        let mut to = Vec::new();
        let mut on = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::exclusive => exclusive = true,
                Rule::ident => idents.push(self.ident(p)),
                Rule::modality => {
                    modality = match p.into_inner().next().map(|m| m.as_rule()) {
                        Some(Rule::must_not) => Modality::MustNot,
                        Some(Rule::must) => Modality::Must,
                        _ => Modality::May,
                    }
                }
                Rule::subject_set => subjects = Some(self.subject_set(p)),
                Rule::to_parties => to = self.idents(p),
                Rule::on_qualifiers => on = self.idents(p),
                other => unreachable!("grammar: {other:?} in norm"),
            }
        }
        let mut idents = idents.into_iter();
        Norm {
            exclusive,
            party: idents.next().expect("grammar: party"),
            modality,
            action: idents.next().expect("grammar: action"),
            subjects: subjects.expect("grammar: subjects"),
            to,
            on,
            span,
        }
    }

    fn subject_set(&self, pair: Pair<'_, Rule>) -> SubjectSet {
        let span = self.span(&pair);
        let mut unions = pair.into_inner();
        let include = self.subject_union(unions.next().expect("grammar: union"));
        let except = unions
            .next()
            .map(|u| self.subject_union(u))
            .unwrap_or_default();
        SubjectSet {
            include,
            except,
            span,
        }
    }

    fn subject_union(&self, pair: Pair<'_, Rule>) -> Vec<SubjectAtom> {
        exact(
            pair.into_inner()
                .map(|p| match p.as_rule() {
                    Rule::path => SubjectAtom::Path(self.ident(p)),
                    _ => SubjectAtom::Nested(Box::new(self.subject_set(p))),
                })
                .collect(),
        )
    }

    fn window_item(&self, pair: Pair<'_, Rule>, window: &mut Window) {
        let span = self.span(&pair);
        window.extend_span(&span);
        match pair.as_rule() {
            Rule::from => {
                let p = pair.into_inner().next().expect("grammar: point");
                window.from.push(self.point(p));
            }
            Rule::until => {
                let mut points = Vec::new();
                let mut whichever = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::point => points.push(self.point(p)),
                        _ => {
                            whichever = Some(match p.into_inner().next().map(|w| w.as_rule()) {
                                Some(Rule::first_kw) => Whichever::First,
                                _ => Whichever::Later,
                            })
                        }
                    }
                }
                window.until.push(Until {
                    points: exact(points),
                    whichever,
                    span,
                });
            }
            Rule::indefinitely => {
                window.indefinitely.get_or_insert(span);
            }
            Rule::through => {
                let d = self.date(pair.into_inner().next().expect("grammar: date"));
                let point = Point {
                    kind: PointKind::EndOf(d),
                    span: span.clone(),
                };
                window.until.push(Until {
                    points: vec![point],
                    whichever: None,
                    span,
                });
            }
            other => unreachable!("grammar: {other:?} in window"),
        }
    }

    fn point(&self, pair: Pair<'_, Rule>) -> Point {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().expect("grammar: point body");
        let kind = match inner.as_rule() {
            Rule::point => return self.point(inner),
            Rule::date => PointKind::Date(self.date(inner)),
            Rule::ident => PointKind::Event(self.ident(inner)),
            Rule::end_of => {
                let end = inner.into_inner().next().expect("grammar: date or term");
                if end.as_rule() == Rule::term_kw {
                    PointKind::EndOfTerm
                } else {
                    PointKind::EndOf(self.date(end))
                }
            }
            Rule::breach_of => {
                let name = inner
                    .into_inner()
                    .find(|p| matches!(p.as_rule(), Rule::ident | Rule::instalment));
                PointKind::BreachOf(self.ident(name.expect("grammar: clause")))
            }
            Rule::first_of => {
                PointKind::First(exact(inner.into_inner().map(|p| self.point(p)).collect()))
            }
            Rule::last_of => {
                PointKind::Last(exact(inner.into_inner().map(|p| self.point(p)).collect()))
            }
            Rule::offset => {
                let mut parts = inner.into_inner();
                let (amount, unit) = self.duration(parts.next().expect("grammar: duration"));
                let direction = parts.next().expect("grammar: direction");
                let base = parts.next().expect("grammar: base point");
                PointKind::Offset {
                    amount,
                    unit,
                    after: direction.into_inner().next().map(|d| d.as_rule())
                        == Some(Rule::after_kw),
                    base: Box::new(self.point(base)),
                }
            }
            other => unreachable!("grammar: {other:?} in point"),
        };
        Point { kind, span }
    }

    /// `3 years`: a count and its unit.
    /// `survives` or `survives for 3 years`.
    /// `when COND` or `unless COND`.
    fn condition(&self, pair: Pair<'_, Rule>) -> Condition {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let unless = inner.next().map(|k| k.as_rule()) == Some(Rule::unless_kw);
        let cond = self.cond(inner.next().expect("grammar: condition"));
        Condition { unless, cond, span }
    }

    fn survives(&self, pair: Pair<'_, Rule>) -> Survives {
        let span = self.span(&pair);
        let duration = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::duration)
            .map(|d| self.duration(d));
        Survives { duration, span }
    }

    /// `renews for 1 year, 3 times unless non_renewal at least 90 days before`.
    fn renews(&self, pair: Pair<'_, Rule>) -> Renews {
        let span = self.span(&pair);
        let mut period = None;
        let mut times = None;
        let mut notice = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::duration => period = Some(self.duration(p)),
                Rule::renew_times => {
                    let n = p.into_inner().next().expect("grammar: count");
                    times = Some(Amount {
                        text: n.as_str().to_string(),
                        span: self.span(&n),
                    });
                }
                Rule::renew_unless => {
                    let mut parts = p
                        .into_inner()
                        .filter(|q| matches!(q.as_rule(), Rule::ident | Rule::duration));
                    let event = self.ident(parts.next().expect("grammar: event"));
                    let lead = self.duration(parts.next().expect("grammar: duration"));
                    notice = Some(RenewalNotice { event, lead });
                }
                _ => {}
            }
        }
        Renews {
            period: period.expect("grammar: period"),
            times,
            notice,
            span,
        }
    }

    /// `term "…" { source …  from …  until … }`.
    fn term(&self, pair: Pair<'_, Rule>) -> Term {
        let span = self.span(&pair);
        let keyword = span.start..span.start + "term".len();
        let mut term = Term {
            keyword,
            description: None,
            sources: Vec::new(),
            window: Window::default(),
            renewals: Vec::new(),
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => term.description = Some(self.text(p)),
                Rule::source => term.sources.extend(p.into_inner().map(|s| self.text(s))),
                Rule::renews => term.renewals.push(self.renews(p)),
                _ => self.window_item(p, &mut term.window),
            }
        }
        term
    }

    fn fact(&self, pair: Pair<'_, Rule>) -> Fact {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let mut fact = Fact {
            name: self.ident(inner.next().expect("grammar: name")),
            description: None,
            sources: Vec::new(),
            values: Vec::new(),
            window: Window::default(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => fact.description = Some(self.text(p)),
                Rule::source => fact.sources.extend(p.into_inner().map(|s| self.text(s))),
                Rule::fact_value => {
                    let span = self.span(&p);
                    let mut parts = p.into_inner();
                    let quantity = self.ident(parts.next().expect("grammar: quantity"));
                    let value = self.value(parts.next().expect("grammar: value"));
                    fact.values.push(FactValue {
                        quantity,
                        value,
                        span,
                    });
                }
                _ => self.window_item(p, &mut fact.window),
            }
        }
        fact.sources = exact(fact.sources);
        fact.values = exact(fact.values);
        fact.window.from = exact(fact.window.from);
        fact.window.until = exact(fact.window.until);
        fact
    }

    /// `input net_sales "…": money USD`.
    fn input_decl(&self, pair: Pair<'_, Rule>) -> InputDecl {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next().expect("grammar: name"));
        let mut decl = InputDecl {
            ty_span: name.span.clone(),
            name,
            description: None,
            ty: QuantityType::Number,
            per: None,
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => decl.description = Some(self.text(p)),
                Rule::input_per => {
                    let period = p.into_inner().find(|q| q.as_rule() == Rule::ident);
                    decl.per = Some(self.ident(period.expect("grammar: period")));
                }
                Rule::input_type => {
                    decl.ty_span = self.span(&p);
                    decl.ty = value_type(p);
                }
                other => unreachable!("grammar: {other:?} in input"),
            }
        }
        decl
    }

    /// `on 2020-11-12 when locations < 25`.
    fn threshold(&self, pair: Pair<'_, Rule>) -> Threshold {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let day = self.point(inner.next().expect("grammar: point"));
        let mut rest = inner.filter(|p| p.as_rule() != Rule::when_kw);
        let (left, op, right) = self.comparison(rest.next().expect("grammar: threshold"));
        Threshold {
            day,
            left,
            op,
            right,
            span,
        }
    }

    /// `net_sales < USD 10,000`: the two sides and the comparison.
    fn comparison(&self, pair: Pair<'_, Rule>) -> (Expr, CmpOp, Expr) {
        let mut sides = pair.into_inner();
        let left = self.expr(sides.next().expect("grammar: left"));
        let op = cmp_op(sides.next().expect("grammar: cmp").as_str());
        let right = self.expr(sides.next().expect("grammar: right"));
        (left, op, right)
    }

    /// `at the end of the first 4 consecutive quarters after first_sale when
    /// sales = USD 0`.
    fn run(&self, pair: Pair<'_, Rule>) -> Run {
        let span = self.span(&pair);
        let mut inner = pair
            .into_inner()
            .filter(|p| matches!(p.as_rule(), Rule::number | Rule::ident | Rule::threshold));
        let count = inner.next().expect("grammar: number");
        let count = Amount {
            text: count.as_str().to_string(),
            span: self.span(&count),
        };
        let period = self.ident(inner.next().expect("grammar: period"));
        let anchor = self.ident(inner.next().expect("grammar: event"));
        let (left, op, right) = self.comparison(inner.next().expect("grammar: threshold"));
        Run {
            count,
            period,
            anchor,
            left,
            op,
            right,
            span,
        }
    }

    fn amount_decl(&self, pair: Pair<'_, Rule>) -> AmountDecl {
        let span = self.span(&pair);
        let mut decl = AmountDecl {
            name: Ident {
                name: String::new(),
                span: span.clone(),
            },
            description: None,
            expr: Expr {
                kind: ExprKind::Literal(ValueKind::Number(String::new())),
                span: span.clone(),
            },
            parts: Vec::new(),
            split_span: None,
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => decl.name = self.ident(p),
                Rule::string => decl.description = Some(self.text(p)),
                Rule::amount_expr => decl.expr = self.expr(p),
                Rule::split_into => {
                    decl.split_span = Some(self.span(&p));
                    decl.parts = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::amount_expr)
                        .map(|q| self.expr(q))
                        .collect();
                }
                _ => {}
            }
        }
        decl
    }

    /// An amount expression (`amount_expr` and every rule below it). The
    /// depth guard of the splitter bounds the recursion: every level of
    /// nesting is a parenthesis.
    fn expr(&self, pair: Pair<'_, Rule>) -> Expr {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::amount_expr => {
                let mut inner = pair.into_inner().peekable();
                if let Some(conditional) = inner.next_if(|p| p.as_rule() == Rule::amount_if) {
                    return self.expr(conditional);
                }
                let mut sum = self.expr(inner.next().expect("grammar: sum"));
                if let Some(esc) = inner.next_if(|p| p.as_rule() == Rule::escalation) {
                    let end = self.span(&esc);
                    let at = sum.span.start..end.end;
                    let mut parts = esc.into_inner().filter(|p| {
                        matches!(
                            p.as_rule(),
                            Rule::amount_of | Rule::ident | Rule::period_label | Rule::from_esc
                        )
                    });
                    let step = self.expr(parts.next().expect("grammar: step"));
                    let period = self.ident(parts.next().expect("grammar: period"));
                    let mut next = parts.next().expect("grammar: label");
                    let from = next.as_rule() == Rule::from_esc;
                    if from {
                        next = parts.next().expect("grammar: label");
                    }
                    sum = Expr {
                        kind: ExprKind::Escalated(Box::new(Escalation {
                            base: sum,
                            step,
                            period,
                            from,
                            label: next.as_str().to_string(),
                            label_span: self.span(&next),
                        })),
                        span: at,
                    };
                }
                match inner.next() {
                    Some(rounding) => {
                        let q = rounding
                            .into_inner()
                            .find(|q| q.as_rule() == Rule::decimal)
                            .expect("grammar: quantum");
                        let (text, qspan) = (q.as_str().to_string(), self.span(&q));
                        Expr {
                            kind: ExprKind::Rounded(Box::new(sum), text, qspan),
                            span,
                        }
                    }
                    None => sum,
                }
            }
            Rule::amount_sum | Rule::amount_product => {
                let mut inner = pair.into_inner();
                let first = self.expr(inner.next().expect("grammar: operand"));
                let mut rest = Vec::new();
                while let (Some(op), Some(right)) = (inner.next(), inner.next()) {
                    let op = match op.as_str() {
                        "+" => BinOp::Add,
                        "-" => BinOp::Sub,
                        "*" => BinOp::Mul,
                        _ => BinOp::Div,
                    };
                    rest.push((op, self.expr(right)));
                }
                if rest.is_empty() {
                    first
                } else {
                    Expr {
                        kind: ExprKind::Chain(Box::new(first), rest),
                        span,
                    }
                }
            }
            Rule::amount_of => {
                let mut operands: Vec<Expr> = pair
                    .into_inner()
                    .filter(|q| q.as_rule() != Rule::of_kw)
                    .map(|q| self.expr(q))
                    .collect();
                if operands.len() == 1 {
                    operands.pop().expect("one operand")
                } else {
                    Expr {
                        kind: ExprKind::Of(operands),
                        span,
                    }
                }
            }
            Rule::amount_if => {
                let mut cond = None;
                let mut cases = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::cond => cond = Some(self.cond(p)),
                        Rule::amount_expr => cases.push(self.expr(p)),
                        _ => {}
                    }
                }
                let mut cases = cases.into_iter();
                let then = cases.next().expect("grammar: then");
                Expr {
                    kind: ExprKind::If(
                        Box::new(cond.expect("grammar: condition")),
                        Box::new(then),
                        cases.next().map(Box::new),
                    ),
                    span,
                }
            }
            Rule::amount_paren => {
                let inner = pair.into_inner().next().expect("grammar: expression");
                Expr {
                    kind: ExprKind::Paren(Box::new(self.expr(inner))),
                    span,
                }
            }
            Rule::extremum => {
                let mut greater = false;
                let mut args = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::greater_kw => greater = true,
                        Rule::amount_expr => args.push(self.expr(p)),
                        _ => {}
                    }
                }
                Expr {
                    kind: ExprKind::Extremum(greater, args),
                    span,
                }
            }
            Rule::tiered => {
                let mut rank = None;
                let mut tiers = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::amount_expr => rank = Some(Box::new(self.expr(p))),
                        Rule::tier => tiers.push(self.tier(p)),
                        _ => {}
                    }
                }
                Expr {
                    kind: ExprKind::Tiered(rank, tiers),
                    span,
                }
            }
            Rule::schedule_tbl => {
                let mut period = None;
                let mut rows = Vec::new();
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::ident => period = Some(self.ident(p)),
                        Rule::schedule_row => {
                            let mut inner = p.into_inner();
                            let label = inner.next().expect("grammar: label");
                            let amount = self.expr(inner.next().expect("grammar: amount"));
                            rows.push(ScheduleRow {
                                label: label.as_str().to_string(),
                                span: self.span(&label),
                                amount,
                            });
                        }
                        _ => {}
                    }
                }
                Expr {
                    kind: ExprKind::Schedule(period.expect("grammar: period"), rows),
                    span,
                }
            }
            Rule::tier_at => {
                let mut inner = pair.into_inner();
                let table = self.ident(inner.next().expect("grammar: table"));
                let rank = inner
                    .find(|p| p.as_rule() != Rule::at_kw)
                    .expect("grammar: rank");
                Expr {
                    kind: ExprKind::TierAt(table, Box::new(self.expr(rank))),
                    span,
                }
            }
            Rule::ident => Expr {
                kind: ExprKind::Name(self.ident(pair)),
                span,
            },
            Rule::instalment => {
                // `net_sales[2017-Q2]`: the name, then the label in brackets.
                let text = pair.as_str();
                let open = text.find('[').unwrap_or(text.len());
                let name = Ident {
                    name: text[..open].to_string(),
                    span: span.start..span.start + open,
                };
                let label = text[open..].trim_start_matches('[').trim_end_matches(']');
                let at =
                    span.start + open + 1..span.end.saturating_sub(1).max(span.start + open + 1);
                Expr {
                    kind: ExprKind::InputAt(name, label.to_string(), at),
                    span,
                }
            }
            Rule::sum_of => {
                let mut clause = None;
                let mut paid = false;
                let mut period = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::ident => clause = Some(self.ident(p)),
                        Rule::sum_paid | Rule::sum_for => {
                            paid = p.as_rule() == Rule::sum_paid;
                            let r = p.into_inner().find(|q| q.as_rule() == Rule::period_ref);
                            period = Some(self.period_ref(r.expect("grammar: period")));
                        }
                        _ => {}
                    }
                }
                Expr {
                    kind: ExprKind::Sum(Box::new(SumOf {
                        clause: clause.expect("grammar: clause"),
                        paid,
                        period: period.expect("grammar: period"),
                    })),
                    span,
                }
            }
            _ => Expr {
                kind: ExprKind::Literal(self.value_kind(pair)),
                span,
            },
        }
    }

    /// `year 2017`, `the calendar year`, `the previous contract_year`.
    fn period_ref(&self, pair: Pair<'_, Rule>) -> PeriodRef {
        let mut out = PeriodRef {
            kind: Ident {
                name: String::new(),
                span: self.span(&pair),
            },
            calendar: false,
            label: None,
            offset: 0,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::period_step => {
                    let previous = p.into_inner().any(|q| q.as_rule() == Rule::previous_kw);
                    out.offset = if previous { -1 } else { 1 };
                }
                Rule::period_name => {
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::calendar_kw => out.calendar = true,
                            Rule::ident => out.kind = self.ident(q),
                            _ => {}
                        }
                    }
                }
                Rule::period_label => {
                    out.label = Some((p.as_str().to_string(), self.span(&p)));
                }
                _ => {}
            }
        }
        out
    }

    /// One bracket of a tier table: `1..10: 7.5 %`.
    fn tier(&self, pair: Pair<'_, Rule>) -> Tier {
        let mut inner = pair.into_inner();
        let range = inner.next().expect("grammar: range");
        let rate = self.expr(inner.next().expect("grammar: rate"));
        let span = self.span(&range);
        let mut bounds = range.into_inner().map(|b| b.as_str().to_string());
        Tier {
            from: bounds.next().expect("grammar: first rank"),
            to: bounds.next(),
            range: span,
            rate,
        }
    }

    fn value(&self, pair: Pair<'_, Rule>) -> Value {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().expect("grammar: value body");
        Value {
            kind: self.value_kind(inner),
            span,
        }
    }

    /// A literal value: `tbd`, a percentage, money or a plain number.
    fn value_kind(&self, inner: Pair<'_, Rule>) -> ValueKind {
        match inner.as_rule() {
            Rule::tbd => ValueKind::Tbd,
            Rule::percent => ValueKind::Percent(
                inner
                    .into_inner()
                    .next()
                    .map_or(String::new(), |n| n.as_str().to_string()),
            ),
            Rule::money => {
                let mut parts = inner.into_inner();
                ValueKind::Money {
                    currency: parts
                        .next()
                        .map_or(String::new(), |c| c.as_str().to_string()),
                    amount: parts
                        .next()
                        .map_or(String::new(), |n| n.as_str().to_string()),
                    scale: parts.next().map(|s| s.as_str().to_string()),
                }
            }
            _ => ValueKind::Number(inner.as_str().to_string()),
        }
    }

    fn assertion(&self, pair: Pair<'_, Rule>) -> Assertion {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next().expect("grammar: name"));
        let mut description = None;
        let mut sources = Vec::new();
        let mut body = None;
        for p in inner {
            match p.as_rule() {
                Rule::string => description = Some(self.text(p)),
                Rule::source => sources.extend(p.into_inner().map(|s| self.text(s))),
                _ => body = Some(p),
            }
        }
        let body = body.expect("grammar: assertion body");
        let kind = match body.as_rule() {
            Rule::no_conflicts => AssertKind::NoConflicts,
            Rule::always => AssertKind::Always,
            Rule::never => AssertKind::Never,
            _ => AssertKind::Exactly,
        };
        let mut window = Window::default();
        let mut cond = None;
        for p in body.into_inner() {
            match p.as_rule() {
                Rule::cond => cond = Some(self.cond(p)),
                _ => self.window_item(p, &mut window),
            }
        }
        Assertion {
            name,
            description,
            sources,
            kind,
            cond,
            window,
            span,
        }
    }

    fn coverage(&self, pair: Pair<'_, Rule>) -> Cover {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let mut cover = Cover {
            name: self.ident(inner.next().expect("grammar: name")),
            description: None,
            sources: Vec::new(),
            targets: Vec::new(),
            window: Window::default(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => cover.description = Some(self.text(p)),
                Rule::source => cover.sources.extend(p.into_inner().map(|s| self.text(s))),
                Rule::cover_target => {
                    let span = self.span(&p);
                    let mut parts = p.into_inner();
                    let party = self.ident(parts.next().expect("grammar: party"));
                    let action = self.ident(parts.next().expect("grammar: action"));
                    let subjects = self.subject_set(parts.next().expect("grammar: subjects"));
                    cover.targets.push(CoverTarget {
                        party,
                        action,
                        subjects,
                        span,
                    });
                }
                _ => self.window_item(p, &mut cover.window),
            }
        }
        cover
    }

    fn cond(&self, pair: Pair<'_, Rule>) -> Cond {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::cond | Rule::conj => {
                let is_or = pair.as_rule() == Rule::cond;
                let mut parts: Vec<Cond> = pair.into_inner().map(|p| self.cond(p)).collect();
                if parts.len() == 1 {
                    return parts.pop().expect("one part");
                }
                let kind = if is_or {
                    CondKind::Or(parts)
                } else {
                    CondKind::And(parts)
                };
                Cond { kind, span }
            }
            Rule::neg => {
                let mut nots = 0;
                let mut atom = None;
                for p in pair.into_inner() {
                    if p.as_rule() == Rule::not_kw {
                        nots += 1;
                    } else if p.as_rule() == Rule::prevails_kw {
                        // The grammar puts `prevails` only right after a
                        // norm; anything else is left as it is.
                        let end = self.span(&p).end;
                        atom = atom.map(|c: Cond| match c.kind {
                            CondKind::Norm(n) => Cond {
                                kind: CondKind::Prevails(n),
                                span: c.span.start..end,
                            },
                            kind => Cond { kind, span: c.span },
                        });
                    } else {
                        atom = Some(self.cond(p));
                    }
                }
                let mut c = atom.expect("grammar: atom");
                for _ in 0..nots {
                    c = Cond {
                        kind: CondKind::Not(Box::new(c)),
                        span: span.clone(),
                    };
                }
                c
            }
            Rule::norm => Cond {
                kind: CondKind::Norm(self.norm(pair)),
                span,
            },
            Rule::is_active => Cond {
                kind: CondKind::IsActive(self.first_ident(pair)),
                span,
            },
            Rule::happened => Cond {
                kind: CondKind::Happened(self.first_ident(pair)),
                span,
            },
            Rule::amount_cmp => {
                let mut parts = pair.into_inner().filter(|p| p.as_rule() != Rule::amount_kw);
                let left = self.expr(parts.next().expect("grammar: left"));
                let op = cmp_op(parts.next().expect("grammar: cmp").as_str());
                let right = self.expr(parts.next().expect("grammar: right"));
                Cond {
                    kind: CondKind::Amount(left, op, right),
                    span,
                }
            }
            Rule::fact_cmp | Rule::stakes_cmp => {
                let is_stakes = pair.as_rule() == Rule::stakes_cmp;
                let mut parts = pair.into_inner();
                let name = self.ident(parts.next().expect("grammar: name"));
                let op = cmp_op(parts.next().expect("grammar: cmp").as_str());
                let value = self.value(parts.next().expect("grammar: value"));
                let kind = if is_stakes {
                    CondKind::Stakes {
                        target: name,
                        op,
                        value,
                    }
                } else {
                    CondKind::Compare {
                        quantity: name,
                        op,
                        value,
                    }
                };
                Cond { kind, span }
            }
            other => unreachable!("grammar: {other:?} in condition"),
        }
    }
}

/// The length of `text` up to the end of its last token, leaving out the
/// trailing blanks. Pest sees the text with its comments blanked
/// (`trivia::blank`), so trailing comments are blanks here too.
fn written_len(text: &str) -> usize {
    text.trim_end().len()
}

/// A quantity's or an input's type (`percent`, `money USD`, `number`).
fn value_type(pair: Pair<'_, Rule>) -> QuantityType {
    let t = pair.into_inner().next().expect("grammar: type");
    match t.as_rule() {
        Rule::percent_type => QuantityType::Percent,
        Rule::money_type | Rule::input_money => {
            QuantityType::Money(t.into_inner().next().map(|c| c.as_str().to_string()))
        }
        _ => QuantityType::Number,
    }
}

fn cmp_op(s: &str) -> CmpOp {
    match s {
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        "!=" => CmpOp::Ne,
        ">=" => CmpOp::Ge,
        ">" => CmpOp::Gt,
        _ => CmpOp::Eq,
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
