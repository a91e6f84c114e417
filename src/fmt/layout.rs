//! The canonical layout: every syntax-tree item becomes a list of output lines.
//! Each line remembers the source ranges it prints (its fragments), so that
//! `attach` can put every comment back next to the code it was written with.
//! docs/fmt.md describes the layout in words.

use std::ops::Range;

use super::scan::Scanned;
use crate::syntax::ast::*;

/// One output line of code, before comments are attached.
#[derive(Debug, Clone)]
pub struct Line {
    /// Nesting depth; each level is two spaces.
    pub indent: usize,
    pub code: String,
    /// Source ranges of the code printed on this line.
    pub frags: Vec<Range<usize>>,
    /// Print an empty line before this line and its leading comments.
    pub blank_before: bool,
    /// Depth of the comments printed above this line (one deeper for a `}`,
    /// whose leading comments belong to the block it closes).
    pub comment_indent: usize,
}

pub struct Layout<'a> {
    src: &'a Scanned<'a>,
    pub lines: Vec<Line>,
}

/// The lines of a parsed file in canonical layout.
pub fn layout(src: &Scanned<'_>, file: &File) -> Vec<Line> {
    let mut l = Layout {
        src,
        lines: Vec::new(),
    };
    let mut previous: Option<&Item> = None;
    for item in &file.items {
        let first = l.lines.len();
        l.item(item);
        if let (Some(prev), Some(line)) = (previous, l.lines.get_mut(first)) {
            line.blank_before = !same_group(prev, item)
                || src.has_blank_line(src.trim_code(prev.span()).end..item.span().start);
        }
        previous = Some(item);
    }
    l.lines
}

/// Consecutive one-line declarations of the same kind (parties, actions,
/// qualifiers, events, quantities, inputs, subjects without parts) form a group that
/// is not split by empty lines, unless the author put one there.
fn same_group(a: &Item, b: &Item) -> bool {
    let kind = |i: &Item| match i {
        Item::Party(_) => Some(0),
        Item::Action(_) => Some(1),
        Item::Qualifier(_) => Some(2),
        Item::Event(_) => Some(3),
        Item::Quantity(_) => Some(4),
        Item::Subject(s) if s.children.is_empty() => Some(5),
        Item::Section(_) => Some(6),
        Item::Holiday(_) => Some(7),
        Item::Input(_) => Some(8),
        Item::Period(_) => Some(8),
        _ => None,
    };
    kind(a).is_some() && kind(a) == kind(b)
}

impl Layout<'_> {
    fn push(&mut self, indent: usize, code: String, frags: Vec<Range<usize>>) {
        self.lines.push(Line {
            indent,
            code,
            frags,
            blank_before: false,
            comment_indent: indent,
        });
    }

    /// The closing `}` of a block whose span ends at `end`.
    fn close(&mut self, indent: usize, span: &Range<usize>) {
        let end = self.src.trim_code(span.clone()).end;
        self.lines.push(Line {
            indent,
            code: "}".to_string(),
            frags: one(end.saturating_sub(1)..end),
            blank_before: false,
            comment_indent: indent + 1,
        });
    }

    /// The source range of a block's first line: from `start` through the `{`
    /// that follows the name and description.
    fn head_frag(&self, start: usize, name: &Ident, description: &Option<Text>) -> Range<usize> {
        let after = description.as_ref().map_or(name.span.end, |d| d.span.end);
        start..self.src.next_code(after) + 1
    }

    /// A value's span widened to the keyword written before it, so that a
    /// comment between the two counts as inside the line.
    fn keyword_and(&self, span: &Range<usize>) -> Range<usize> {
        self.src.keyword_before(span.start)..span.end
    }

    fn text(&self, t: &Text) -> String {
        self.src.text[t.span.clone()].to_string()
    }

    /// `name` or `name "description"`.
    fn named(&self, name: &Ident, description: &Option<Text>) -> String {
        match description {
            Some(d) => format!("{} {}", name.name, self.text(d)),
            None => name.name.clone(),
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Header(h) => self.header(h),
            Item::Party(d) => self.decl("party", d),
            Item::Action(d) => self.decl("action", d),
            Item::Qualifier(d) => self.decl("qualifier", d),
            Item::Event(e) => self.event(e),
            Item::Subject(s) => self.subject(s, 0, "subject "),
            Item::Quantity(q) => self.quantity(q),
            Item::Clause(c) => self.clause(c),
            Item::Power(p) => self.power(p),
            Item::Fact(f) => self.fact(f),
            Item::Assert(a) => self.assertion(a),
            Item::Cover(c) => self.cover(c),
            Item::Section(s) => self.section(s),
            Item::Term(t) => self.term(t),
            Item::Interest(i) => self.interest(i),
            Item::Amount(a) if self.tier_lines(a) => {}
            Item::Amount(a) if self.if_lines(a) => {}
            Item::Amount(a) => {
                let mut code = format!(
                    "amount {} = {}",
                    self.named(&a.name, &a.description),
                    expr(&a.expr)
                );
                if !a.parts.is_empty() {
                    let parts: Vec<String> = a.parts.iter().map(expr).collect();
                    code += &format!(" split into {}", parts.join(", "));
                }
                self.push(0, code, vec![a.span.clone()]);
            }
            Item::Input(i) => {
                let ty = quantity_type(&i.ty);
                let mut code = format!("input {}: {ty}", self.named(&i.name, &i.description));
                if let Some(per) = &i.per {
                    code += &format!(" per {}", per.name);
                }
                self.push(0, code, vec![i.span.clone()]);
            }
            Item::Period(p) => {
                let mut code = format!("period {}", self.named(&p.name, &p.description));
                match &p.start {
                    Some(PeriodStart::Starts { text, .. }) => code += &format!(" starts {text}"),
                    Some(PeriodStart::From(from)) => code += &format!(" from {}", point(from)),
                    None => {}
                }
                self.push(0, code, vec![p.span.clone()]);
            }
            Item::Weekend(w) => {
                let code = format!("weekend {}", names(&w.days));
                self.push(0, code, vec![w.span.clone()]);
            }
            Item::Holiday(h) => {
                let mut code = format!("holiday {}", h.date.text);
                if let Some(name) = &h.name {
                    code += &format!(" {}", self.text(name));
                }
                self.push(0, code, vec![h.span.clone()]);
            }
        }
    }

    /// A named amount that is a tier table too long for one line, or with a
    /// comment among its brackets, one bracket a line (so that each can
    /// carry its comment):
    ///
    /// ```text
    /// amount share = tiered by rank {
    ///   1..10: 7.5 %,
    ///   11..: 15 %
    /// }
    /// ```
    ///
    /// Whether it was laid out so.
    fn tier_lines(&mut self, a: &AmountDecl) -> bool {
        if let ExprKind::Schedule(period, rows) = &a.expr.kind {
            return self.schedule_lines(a, period, rows);
        }
        let ExprKind::Tiered(rank, tiers) = &a.expr.kind else {
            return false;
        };
        let Some(head) = self.one_row_a_line(a) else {
            return false;
        };
        let Some(first) = tiers.first() else {
            return false;
        };
        let code = match rank {
            Some(rank) => format!("{head}tiered by {} {{", expr(rank)),
            None => format!("{head}tiered {{"),
        };
        self.push(0, code, one(a.span.start..first.range.start));
        for (k, t) in tiers.iter().enumerate() {
            let to = t.to.as_deref().unwrap_or("");
            let comma = if k + 1 < tiers.len() { "," } else { "" };
            let code = format!("{}..{to}: {}{comma}", t.from, expr(&t.rate));
            self.push(1, code, one(t.range.start..t.rate.span.end));
        }
        self.close(0, &a.span);
        true
    }

    /// The head `amount NAME = ` of a named amount whose table (tiers or
    /// schedule rows) is laid out one row a line: too long for one line, or
    /// with a comment among its rows (which stays with its row's line); not
    /// when it is `split into` parts.
    fn one_row_a_line(&self, a: &AmountDecl) -> Option<String> {
        let head = format!("amount {} = ", self.named(&a.name, &a.description));
        let commented = (self.src.comments.iter())
            .any(|c| a.expr.span.start < c.range.start && c.range.end <= a.span.end);
        let long = head.chars().count() + expr(&a.expr).chars().count() > WIDTH;
        (a.parts.is_empty() && (long || commented)).then_some(head)
    }

    /// A named amount that is a conditional too long for one line, one case
    /// a line: the head, then the condition, each `then` and each `else`
    /// (an `else if` continuing the chain) on a line of its own; a comment
    /// inside it stays with its line. Whether it was laid out so.
    fn if_lines(&mut self, a: &AmountDecl) -> bool {
        let ExprKind::If(..) = &a.expr.kind else {
            return false;
        };
        let head = format!("amount {} = ", self.named(&a.name, &a.description));
        let long = head.chars().count() + expr(&a.expr).chars().count() > WIDTH;
        if !a.parts.is_empty() || !long {
            return false;
        }
        self.push(
            0,
            head.trim_end().to_string(),
            one(a.span.start..a.expr.span.start),
        );
        let mut code = String::new();
        let mut start = a.expr.span.start;
        let mut e = &a.expr;
        while let ExprKind::If(c, then, otherwise) = &e.kind {
            code += &format!("if {}", cond(c));
            self.push(1, code, one(start..c.span.end));
            self.push(
                1,
                format!("then {}", expr(then)),
                one(c.span.end..then.span.end),
            );
            let Some(otherwise) = otherwise else {
                return true;
            };
            start = then.span.end;
            code = "else ".to_string();
            e = otherwise;
        }
        self.push(1, format!("{code}{}", expr(e)), one(start..e.span.end));
        true
    }

    /// A named amount that is a schedule too long for one line, or with a
    /// comment among its rows, one row a line, as [`Self::tier_lines`]
    /// lays out tier tables. Whether it was laid out so.
    fn schedule_lines(&mut self, a: &AmountDecl, period: &Ident, rows: &[ScheduleRow]) -> bool {
        let Some(head) = self.one_row_a_line(a) else {
            return false;
        };
        let Some(first) = rows.first() else {
            return false;
        };
        let code = format!("{head}schedule by {} {{", period.name);
        self.push(0, code, one(a.span.start..first.span.start));
        for (k, r) in rows.iter().enumerate() {
            let comma = if k + 1 < rows.len() { "," } else { "" };
            let code = format!("{}: {}{comma}", r.label, expr(&r.amount));
            self.push(1, code, one(r.span.start..r.amount.span.end));
        }
        self.close(0, &a.span);
        true
    }

    fn header(&mut self, h: &Header) {
        let code = format!("contract {}", self.text(&h.title));
        self.push(0, code, one(h.span.start..h.title.span.end));
        for d in &h.effective {
            let frag = self.keyword_and(&d.span);
            self.push(1, format!("effective {}", point(d)), one(frag));
        }
        for a in &h.amends {
            let frag = self.keyword_and(&a.span);
            self.push(1, format!("amends {}", self.text(a)), one(frag));
        }
    }

    fn decl(&mut self, keyword: &str, d: &Decl) {
        let mut code = format!("{keyword} {}", self.named(&d.name, &d.description));
        if !d.members.is_empty() {
            code += &format!(" = {}", names(&d.members));
        }
        self.push(0, code, vec![d.span.clone()]);
    }

    /// `section "9.13" "Headings"`: the id and heading keep their written text.
    fn section(&mut self, s: &SectionDecl) {
        let mut code = format!("section {}", self.text(&s.id));
        if let Some(h) = &s.heading {
            code += &format!(" {}", self.text(h));
        }
        self.push(0, code, vec![s.span.clone()]);
    }

    /// A clause's own `section` lines and its `refers to` line.
    fn clause_sections(&mut self, c: &Clause) {
        for id in &c.section {
            let frag = self.keyword_and(&id.span);
            self.push(1, format!("section {}", self.text(id)), one(frag));
        }
        if c.refers.is_empty() {
            return;
        }
        let refs: Vec<String> = (c.refers.iter())
            .map(|r| match &r.heading {
                Some(h) => format!("{} {}", self.text(&r.id), self.text(h)),
                None => self.text(&r.id),
            })
            .collect();
        let frags = c.refers.iter().map(|r| r.span.clone()).collect();
        self.push(1, format!("refers to {}", refs.join(", ")), frags);
    }

    fn event(&mut self, e: &EventDecl) {
        let mut code = format!("event {}", self.named(&e.name, &e.description));
        if let Some(by) = &e.by {
            code += &format!(" by {}", by.name);
        }
        if let Some(t) = &e.defined {
            code += &format!(
                " on {} when {} {} {}",
                point(&t.day),
                expr(&t.left),
                t.op.as_str(),
                expr(&t.right)
            );
        }
        if let Some(r) = &e.run {
            code += &format!(
                " at the end of the first {} consecutive {} after {} when {} {} {}",
                r.count.text,
                r.period.name,
                r.anchor.name,
                expr(&r.left),
                r.op.as_str(),
                expr(&r.right)
            );
        }
        for c in &e.constraints {
            code += &match c {
                EventConstraint::NotBefore(p) => format!(", not before {}", point(p)),
                EventConstraint::After(p) => format!(", after {}", point(p)),
                EventConstraint::Before(p) => format!(", before {}", point(p)),
                EventConstraint::Within {
                    amount, unit, base, ..
                } => format!(", within {} after {}", duration(amount, *unit), point(base)),
            };
        }
        self.push(0, code, vec![e.span.clone()]);
    }

    /// A subject and its parts, one per line, each level two spaces deeper.
    fn subject(&mut self, s: &SubjectNode, indent: usize, keyword: &str) {
        let code = format!("{keyword}{}", self.named(&s.name, &s.description));
        if s.children.is_empty() {
            self.push(indent, code, vec![s.span.clone()]);
            return;
        }
        let head = self.head_frag(s.span.start, &s.name, &s.description);
        self.push(indent, code + " {", vec![head]);
        for child in &s.children {
            self.subject(child, indent + 1, "");
        }
        self.close(indent, &s.span);
    }

    fn quantity(&mut self, q: &QuantityDecl) {
        let ty = quantity_type(&q.ty);
        let mut code = format!("quantity {}: {ty}", self.named(&q.name, &q.description));
        if let Some((holder, target)) = &q.stake {
            code += &format!(" stake of {} in {}", holder.name, target.name);
        }
        self.push(0, code, vec![q.span.clone()]);
    }

    /// `clause name "description" {` and the matching lines of facts, covers
    /// and assertions.
    fn open(&mut self, keyword: &str, span: &Range<usize>, name: &Ident, d: &Option<Text>) {
        let code = format!("{keyword} {} {{", self.named(name, d));
        let frag = self.head_frag(span.start, name, d);
        self.push(0, code, vec![frag]);
    }

    fn sources(&mut self, sources: &[Text]) {
        if sources.is_empty() {
            return;
        }
        let list: Vec<String> = sources.iter().map(|t| self.text(t)).collect();
        let frags = sources.iter().map(|t| t.span.clone()).collect();
        self.push(1, format!("source {}", list.join(", ")), frags);
    }

    fn window(&mut self, w: &Window) {
        if let Some((code, frags)) = self.window_words(w) {
            self.push(1, code, frags);
        }
    }

    /// The window on one line: every `from`, then every `until`/`through`.
    fn window_words(&self, w: &Window) -> Option<(String, Vec<Range<usize>>)> {
        let mut words = Vec::new();
        let mut frags = Vec::new();
        for p in &w.from {
            words.push(format!("from {}", point(p)));
            frags.push(self.keyword_and(&p.span));
        }
        for u in &w.until {
            words.push(self.until(u));
            frags.push(u.span.clone());
        }
        if let Some(span) = &w.indefinitely {
            words.push("indefinitely".to_string());
            frags.push(span.clone());
        }
        (!words.is_empty()).then(|| (words.join(" "), frags))
    }

    /// `through 2030` stays as written: the tree keeps it as `until end of
    /// 2030`, so the source text tells the two apart.
    fn until(&self, u: &Until) -> String {
        let written = &self.src.text[u.span.clone()];
        if let (true, [p]) = (written.starts_with("through"), u.points.as_slice()) {
            if let PointKind::EndOf(d) = &p.kind {
                return format!("through {}", d.text);
            }
        }
        let points: Vec<String> = u.points.iter().map(point).collect();
        let mut s = format!("until {}", points.join(" or "));
        match u.whichever {
            Some(Whichever::First) => s += ", whichever first",
            Some(Whichever::Later) => s += ", whichever later",
            None => {}
        }
        s
    }

    fn names_line(&mut self, keyword: &str, names: &[Ident]) {
        if names.is_empty() {
            return;
        }
        let list: Vec<&str> = names.iter().map(|i| i.name.as_str()).collect();
        let frags = names.iter().map(|i| i.span.clone()).collect();
        self.push(1, format!("{keyword} {}", list.join(", ")), frags);
    }

    fn clause(&mut self, c: &Clause) {
        self.open("clause", &c.span, &c.name, &c.description);
        self.sources(&c.sources);
        self.clause_sections(c);
        for n in &c.norms {
            self.push(1, norm(n), vec![n.span.clone()]);
        }
        // A recurrence reads as one sentence with its window: `every quarter`
        // `from …` `until …`, then when each instalment is due.
        for e in &c.every {
            self.push(1, format!("every {}", e.period.name), vec![e.span.clone()]);
        }
        self.window(&c.window);
        for d in &c.due {
            self.push(1, due(d), vec![d.span.clone()]);
        }
        for d in &c.within {
            let code = format!(
                "within {} after {}",
                duration(&d.amount, d.unit),
                point(&d.base)
            );
            self.push(1, code, vec![d.span.clone()]);
        }
        for d in &c.discharged {
            let code = format!("discharged by {}", d.event.name);
            self.push(1, code, vec![d.span.clone()]);
        }
        for a in &c.amounts {
            self.push(1, format!("amount {}", expr(&a.expr)), vec![a.span.clone()]);
        }

        self.conditions(&c.conditions);
        for s in &c.survives {
            self.push(1, survives(s), vec![s.span.clone()]);
        }
        self.names_line("overrides", &c.overrides);
        self.names_line("exception to", &c.exception_to);
        self.names_line("replaces", &c.replaces);
        // Last: an `allow` is about the clause's findings, not its meaning.
        for a in &c.allows {
            let code = format!("allow {} {}", a.code.name, self.text(&a.reason));
            self.push(1, code, vec![a.span.clone()]);
        }
        self.close(0, &c.span);
    }

    fn power(&mut self, p: &Power) {
        self.open("power", &p.span, &p.name, &p.description);
        self.sources(&p.sources);
        for g in &p.grants {
            let kind = match g.kind {
                PowerKind::Terminate => "terminate",
                PowerKind::Exercise => "exercise",
            };
            self.push(
                1,
                format!("{} may {kind}", g.party.name),
                vec![g.span.clone()],
            );
        }
        for n in &p.notice {
            let code = format!("notice {}", duration(&n.amount, n.unit));
            self.push(1, code, vec![n.span.clone()]);
        }
        self.window(&p.window);
        self.conditions(&p.conditions);
        self.close(0, &p.span);
    }

    /// The `when` and `unless` lines, one each, in the order written, with
    /// long conditions broken as an assertion's are.
    fn conditions(&mut self, conditions: &[Condition]) {
        for c in conditions {
            let prefix = if c.unless { "unless " } else { "when " };
            let code = format!("{prefix}{}", cond_block(&c.cond, prefix.len(), 1));
            self.push(1, code, one(c.span.clone()));
        }
    }

    /// `term "description" {`, its sources and its window.
    fn term(&mut self, t: &Term) {
        let (code, end) = match &t.description {
            Some(d) => (format!("term {} {{", self.text(d)), d.span.end),
            None => ("term {".to_string(), t.keyword.end),
        };
        let frag = t.span.start..self.src.next_code(end) + 1;
        self.push(0, code, vec![frag]);
        self.sources(&t.sources);
        self.window(&t.window);
        for r in &t.renewals {
            self.push(1, renews(r), vec![r.span.clone()]);
        }
        self.close(0, &t.span);
    }

    /// `interest NAME "…" {`, its sources and its lines, in the order the
    /// grammar takes them.
    fn interest(&mut self, i: &InterestDecl) {
        self.open("interest", &i.span, &i.name, &i.description);
        self.sources(&i.sources);
        self.push(
            1,
            format!("at {} per year", expr(&i.rate)),
            vec![i.rate_span.clone()],
        );
        if let Some(start) = &i.start {
            let code = match (start.days, &start.ordinal) {
                (_, Some(ordinal)) => format!("from the {ordinal} day after the due date"),
                (0, None) => "from the due date".to_string(),
                _ => "from the day after the due date".to_string(),
            };
            self.push(1, code, vec![start.span.clone()]);
        }
        if let Some(c) = &i.compounding {
            let on = match &c.kind {
                CompoundingKind::Days(days) => {
                    let days: Vec<&str> = days.iter().map(|(d, _)| d.as_str()).collect();
                    days.join(", ")
                }
                CompoundingKind::LastDayOf(period) => {
                    format!("the last day of each {}", period.name)
                }
            };
            self.push(1, format!("compounded on {on}"), vec![c.span.clone()]);
        }
        if let Some((basis, span)) = &i.basis {
            self.push(1, format!("day count {basis}"), vec![span.clone()]);
        }
        if let Some((quantum, span)) = &i.rounding {
            self.push(1, format!("rounded to {quantum}"), vec![span.clone()]);
        }
        if let (Some(first), Some(last)) = (i.on.first(), i.on.last()) {
            let frag = first.span.start..last.span.end;
            self.push(1, format!("on {}", names(&i.on)), vec![frag]);
        }
        self.close(0, &i.span);
    }

    fn fact(&mut self, f: &Fact) {
        self.open("fact", &f.span, &f.name, &f.description);
        self.sources(&f.sources);
        for v in &f.values {
            let code = format!("{} = {}", v.quantity.name, value(&v.value));
            self.push(1, code, vec![v.span.clone()]);
        }
        self.window(&f.window);
        self.close(0, &f.span);
    }

    fn cover(&mut self, c: &Cover) {
        self.open("cover", &c.span, &c.name, &c.description);
        self.sources(&c.sources);
        for t in &c.targets {
            let code = format!(
                "{} {} {}",
                t.party.name,
                t.action.name,
                subject_set(&t.subjects)
            );
            self.push(1, code, vec![t.span.clone()]);
        }
        self.window(&c.window);
        self.close(0, &c.span);
    }

    /// The body on one line and its window on the next, like a clause:
    /// `always COND` / `from …`, and `COND` / `exactly from …`.
    fn assertion(&mut self, a: &Assertion) {
        self.open("assert", &a.span, &a.name, &a.description);
        self.sources(&a.sources);
        let prefix = match a.kind {
            AssertKind::Always => "always ",
            AssertKind::Never => "never ",
            _ => "",
        };
        match &a.cond {
            None => {
                let after = a.sources.last().map_or_else(
                    || self.head_frag(a.span.start, &a.name, &a.description).end,
                    |s| s.span.end,
                );
                let at = self.src.next_code(after);
                self.push(1, "no conflicts".to_string(), one(at..at + 2));
            }
            Some(c) => {
                let frag = if prefix.is_empty() {
                    c.span.clone()
                } else {
                    self.keyword_and(&c.span)
                };
                self.push(
                    1,
                    format!("{prefix}{}", cond_block(c, prefix.len(), 1)),
                    one(frag),
                );
            }
        }
        if let Some((window, frags)) = self.window_words(&a.window) {
            let exactly = if a.kind == AssertKind::Exactly {
                "exactly "
            } else {
                ""
            };
            self.push(1, format!("{exactly}{window}"), frags);
        }
        self.close(0, &a.span);
    }
}

/// `only microsoft may use openai_ip to x on azure`
pub fn norm(n: &Norm) -> String {
    let mut s = String::new();
    if n.exclusive {
        s += "only ";
    }
    s += &format!(
        "{} {} {} {}",
        n.party.name,
        n.modality.words(),
        n.action.name,
        subject_set(&n.subjects)
    );
    if !n.to.is_empty() {
        s += &format!(" to {}", names(&n.to));
    }
    if !n.on.is_empty() {
        s += &format!(" on {}", names(&n.on));
    }
    s
}

/// A line printed from one source range.
fn one(range: Range<usize>) -> Vec<Range<usize>> {
    vec![range]
}

fn names(list: &[Ident]) -> String {
    let v: Vec<&str> = list.iter().map(|i| i.name.as_str()).collect();
    v.join(", ")
}

/// Parentheses appear exactly where the tree has a nested set, so the printed
/// text parses back to the same tree.
pub fn subject_set(s: &SubjectSet) -> String {
    let union = |atoms: &[SubjectAtom]| -> String {
        let parts: Vec<String> = atoms
            .iter()
            .map(|a| match a {
                SubjectAtom::Path(p) => p.name.clone(),
                SubjectAtom::Nested(inner) => format!("({})", subject_set(inner)),
            })
            .collect();
        parts.join(", ")
    };
    let mut out = union(&s.include);
    if !s.except.is_empty() {
        out += &format!(" except {}", union(&s.except));
    }
    out
}

/// A point in time; dates and amounts keep their written text. The unit is
/// singular after exactly `1`, plural otherwise.
/// A `due` line in the canonical layout.
fn due(d: &Due) -> String {
    match &d.kind {
        DueKind::FirstDay => format!("due on the first day of each {}", d.period.name),
        DueKind::AfterEnd { amount, unit } => format!(
            "due within {} after the end of each {}",
            duration(amount, *unit),
            d.period.name
        ),
        DueKind::AfterStart { amount, unit } => format!(
            "due within {} after the start of each {}",
            duration(amount, *unit),
            d.period.name
        ),
        DueKind::ByEnd => format!("due by the end of each {}", d.period.name),
    }
}

pub fn point(p: &Point) -> String {
    match &p.kind {
        PointKind::Date(d) => d.text.clone(),
        PointKind::EndOf(d) => format!("end of {}", d.text),
        PointKind::EndOfTerm => "end of term".to_string(),
        PointKind::BreachOf(c) => format!("breach of {}", c.name),
        PointKind::Event(e) => e.name.clone(),
        PointKind::Offset {
            amount,
            unit,
            after,
            base,
        } => {
            let direction = if *after { "after" } else { "before" };
            format!("{} {direction} {}", duration(amount, *unit), point(base))
        }
        PointKind::First(ps) => format!("first({})", points(ps)),
        PointKind::Last(ps) => format!("last({})", points(ps)),
    }
}

/// `30 days`, `1 month`: the amount as written, the unit singular for one.
pub fn duration(amount: &Amount, unit: TimeUnit) -> String {
    let plural = if amount.text == "1" { "" } else { "s" };
    format!("{} {}{plural}", amount.text, unit.word())
}

/// `renews for 1 year, 3 times unless notice at least 90 days before`.
fn renews(r: &Renews) -> String {
    let mut out = format!("renews for {}", duration(&r.period.0, r.period.1));
    if let Some(times) = &r.times {
        let word = if times.text == "1" { "time" } else { "times" };
        out.push_str(&format!(", {} {word}", times.text));
    }
    if let Some(n) = &r.notice {
        out.push_str(&format!(
            " unless {} at least {} before",
            n.event.name,
            duration(&n.lead.0, n.lead.1)
        ));
    }
    out
}

/// `survives` or `survives for 3 years`, the unit singular after exactly `1`.
fn survives(s: &Survives) -> String {
    match &s.duration {
        None => "survives".to_string(),
        Some((amount, unit)) => {
            let plural = if amount.text == "1" { "" } else { "s" };
            format!("survives for {} {}{plural}", amount.text, unit.word())
        }
    }
}

fn points(ps: &[Point]) -> String {
    let v: Vec<String> = ps.iter().map(point).collect();
    v.join(", ")
}

/// `27 %`, `USD 250 billion`, `1_000`, `tbd`: numbers as written.
pub fn value(v: &Value) -> String {
    v.kind.written()
}

/// An amount expression in canonical form: one space around operators and
/// after `of`, literals as written (their grouping commas and scale words
/// kept), parentheses where the author wrote them (the tree keeps them).
pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Literal(kind) => kind.written(),
        ExprKind::Name(i) => i.name.clone(),
        ExprKind::Chain(first, rest) => {
            let mut out = expr(first);
            for (op, operand) in rest {
                out += &format!(" {} {}", op.symbol(), expr(operand));
            }
            out
        }
        ExprKind::Of(operands) => {
            let v: Vec<String> = operands.iter().map(expr).collect();
            v.join(" of ")
        }
        ExprKind::Extremum(greater, args) => {
            let v: Vec<String> = args.iter().map(expr).collect();
            let word = if *greater { "greater" } else { "lesser" };
            format!("{word} of ({})", v.join(", "))
        }
        ExprKind::Rounded(inner, quantum, _) => format!("{} rounded to {quantum}", expr(inner)),
        ExprKind::Paren(inner) => format!("({})", expr(inner)),
        ExprKind::Tiered(rank, tiers) => {
            let v: Vec<String> = tiers
                .iter()
                .map(|t| {
                    let to = t.to.as_deref().unwrap_or("");
                    format!("{}..{to}: {}", t.from, expr(&t.rate))
                })
                .collect();
            match rank {
                Some(rank) => format!("tiered by {} {{ {} }}", expr(rank), v.join(", ")),
                None => format!("tiered {{ {} }}", v.join(", ")),
            }
        }
        ExprKind::TierAt(table, rank) => format!("{} at {}", table.name, expr(rank)),
        ExprKind::Schedule(period, rows) => {
            let v: Vec<String> = (rows.iter())
                .map(|r| format!("{}: {}", r.label, expr(&r.amount)))
                .collect();
            format!("schedule by {} {{ {} }}", period.name, v.join(", "))
        }
        ExprKind::InputAt(name, label, _) => format!("{}[{label}]", name.name),
        ExprKind::Sum(sum) => sum.written(),
        ExprKind::If(c, then, otherwise) => match otherwise {
            Some(otherwise) => format!(
                "if {} then {} else {}",
                cond(c),
                expr(then),
                expr(otherwise)
            ),
            None => format!("if {} then {}", cond(c), expr(then)),
        },
        ExprKind::Escalated(e) => format!(
            "{} increasing by {} each {} {} {}",
            expr(&e.base),
            expr(&e.step),
            e.period.name,
            if e.from { "from" } else { "after" },
            e.label
        ),
    }
}

/// Lines longer than this are broken where they can be without changing the
/// tree: only a long condition, at its top-level `or` or `and`.
pub const WIDTH: usize = 100;

/// A condition after `prefix_len` characters on a line at depth `indent`: on
/// one line if it fits in [`WIDTH`], else one part of its top-level `or` (or
/// `and`) per line, each on a continuation line that starts with the word.
fn cond_block(c: &Cond, prefix_len: usize, indent: usize) -> String {
    let flat = cond(c);
    let (parts, word) = match &c.kind {
        CondKind::Or(parts) => (parts, "or"),
        CondKind::And(parts) => (parts, "and"),
        _ => return flat,
    };
    if 2 * indent + prefix_len + flat.chars().count() <= WIDTH {
        return flat;
    }
    // Continuation lines line their parts up under the first part where the
    // prefix leaves room (`always (…)` over `      or (…)`).
    let aligned = (2 * indent + prefix_len).saturating_sub(word.len() + 1);
    let margin = aligned.max(2 * (indent + 1));
    let separator = format!("\n{}{word} ", " ".repeat(margin));
    let v: Vec<String> = parts.iter().map(cond_part).collect();
    v.join(&separator)
}

/// A part of an `or` or `and`: every nested `or` and `and` in parentheses.
fn cond_part(c: &Cond) -> String {
    match c.kind {
        CondKind::Or(_) | CondKind::And(_) => format!("({})", cond(c)),
        _ => cond(c),
    }
}

/// A condition with the parentheses its tree needs, and more for readers: an
/// `and` inside an `or` is always in parentheses, so nobody has to know that
/// `and` binds tighter. A nested `or` in an `or` (or `and` in an `and`) keeps
/// its parentheses because the tree keeps the nesting.
pub fn cond(c: &Cond) -> String {
    let wrap = |inner: &Cond, when: fn(&CondKind) -> bool| {
        if when(&inner.kind) {
            format!("({})", cond(inner))
        } else {
            cond(inner)
        }
    };
    let is_junction = |k: &CondKind| matches!(k, CondKind::Or(_) | CondKind::And(_));
    match &c.kind {
        CondKind::Or(parts) => {
            let v: Vec<String> = parts.iter().map(|p| wrap(p, is_junction)).collect();
            v.join(" or ")
        }
        CondKind::And(parts) => {
            let v: Vec<String> = parts.iter().map(|p| wrap(p, is_junction)).collect();
            v.join(" and ")
        }
        CondKind::Not(inner) => format!("not {}", wrap(inner, is_junction)),
        CondKind::Norm(n) => norm(n),
        CondKind::Prevails(n) => format!("{} prevails", norm(n)),
        CondKind::IsActive(i) => format!("{} is active", i.name),
        CondKind::Happened(i) => format!("{} has happened", i.name),
        CondKind::Compare {
            quantity,
            op,
            value: v,
        } => format!("{} {} {}", quantity.name, op.as_str(), value(v)),
        CondKind::Stakes {
            target,
            op,
            value: v,
        } => format!("stakes in {} {} {}", target.name, op.as_str(), value(v)),
        CondKind::Amount(left, op, right) => {
            format!("amount {} {} {}", expr(left), op.as_str(), expr(right))
        }
    }
}

/// A quantity's or an input's type as written.
fn quantity_type(ty: &QuantityType) -> String {
    match ty {
        QuantityType::Percent => "percent".to_string(),
        QuantityType::Money(Some(c)) => format!("money {c}"),
        QuantityType::Money(None) => "money".to_string(),
        QuantityType::Number => "number".to_string(),
    }
}
