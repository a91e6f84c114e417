//! What each fuzz target does with one input, shared by the targets in
//! fuzz/fuzz_targets/ and by tests/fuzz_regressions.rs (through `#[path]`), so
//! that every committed regression input is replayed by `cargo test` exactly
//! as the fuzzer ran it.

use std::path::Path;

/// Arbitrary bytes through everything `pactum check` does: reading (UTF-8 or
/// not), splitting, parsing, resolving, and drawing every diagnostic.
pub fn check(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = pactum::syntax::parse(pactum::source::FileId(0), text);
    }
    let bytes = data.to_vec();
    // An amended file is this input again, so `amends` paths are exercised too.
    let loaded = pactum::check::check_file(Path::new("fuzz.pactum"), &mut |_| Ok(bytes.clone()));
    for d in &loaded.diagnostics {
        let _ = pactum::diagnostics::JsonDiagnostic::of(d, &loaded.sources);
    }
    for d in loaded.diagnostics.iter().take(4) {
        let _ = pactum::diagnostics::render(d, &loaded.sources, false);
    }
}

/// `pactum fmt` on arbitrary text: it never panics, and what it accepts it
/// formats to a fixed point that means the same (same syntax tree, spans
/// aside). `format_source` checks the meaning itself and reports a broken
/// result as an internal error, which is a bug here like a panic.
pub fn fmt(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let formatted = match pactum::fmt::format_source(text) {
        Ok(formatted) => formatted,
        Err(diagnostics) => {
            let (_, syntax) = pactum::syntax::parse(pactum::fmt::FILE, text);
            assert!(
                !syntax.is_empty(),
                "fmt refused a file that parses: {diagnostics:?}"
            );
            return;
        }
    };
    let (before, _) = pactum::syntax::parse(pactum::fmt::FILE, text);
    let (after, errors) = pactum::syntax::parse(pactum::fmt::FILE, &formatted);
    assert!(
        errors.is_empty(),
        "formatted text does not parse: {errors:?}"
    );
    assert!(
        pactum::fmt::same_tree(&before, &after),
        "formatting changed the meaning:\n{formatted}"
    );
    let again = pactum::fmt::format_source(&formatted).expect("formatted text formats again");
    assert_eq!(again, formatted, "fmt is not idempotent");
}

/// `pactum query` on arbitrary bytes. The contract is the input up to its last
/// `0xFF` byte (never part of UTF-8 text), the question is made from the bytes
/// after it; without one, from a hash of the whole input. The question is
/// what random flags would ask: `--at` a day, `--assume` for the contract's
/// events (some of them invalid dates, unknown events, events assumed twice
/// or malformed assumptions), and `--party`, `--to` and `--subject` with
/// names of the contract, parts of them, or names it does not have. It is
/// asked as `pactum query` asks it (only of contracts without errors), and
/// the answer is written as JSON, as `--format json` writes it.
pub fn query(data: &[u8]) {
    let (text, tail) = match data.iter().rposition(|&b| b == 0xFF) {
        Some(i) => (&data[..i], data[i + 1..].to_vec()),
        None => (data, fnv(data).to_le_bytes().to_vec()),
    };
    let bytes = text.to_vec();
    let loaded = pactum::model::load(Path::new("fuzz.pactum"), &mut |_| Ok(bytes.clone()));
    if loaded.unreadable || loaded.has_errors() {
        return;
    }
    // The tail's bytes, then its hash's, so a short tail still asks varied
    // questions.
    let mut question = tail
        .iter()
        .copied()
        .chain(fnv(&tail).to_le_bytes())
        .cycle()
        .take(512.max(tail.len()));
    let mut next = move || question.next().unwrap_or(0);
    let contract = &loaded.contract;
    let at = if next() % 16 == 0 {
        odd_word(&mut next)
    } else {
        date(&mut next)
    };
    let mut assume = Vec::new();
    for event in &contract.events {
        let name = &event.named.name;
        match next() % 8 {
            0 | 1 => {}
            2 => assume.push(format!("{name}=never")),
            3 => assume.push(format!("{name}={}", odd_word(&mut next))),
            4 => {
                // The same event twice.
                assume.push(format!("{name}={}", date(&mut next)));
                assume.push(format!("{name}={}", date(&mut next)));
            }
            _ => assume.push(format!("{name}={}", date(&mut next))),
        }
    }
    if next() % 8 == 0 {
        let word = odd_word(&mut next);
        let assumption = match next() % 4 {
            0 => format!("{word}={}", date(&mut next)),
            1 => word,
            2 => format!("={word}"),
            _ => format!("{word}=={}", date(&mut next)),
        };
        assume.push(assumption);
    }
    let parties: Vec<&str> = contract.parties.iter().map(|p| p.name.as_str()).collect();
    let subjects: Vec<&str> = contract
        .subjects
        .nodes
        .iter()
        .map(|n| n.path.as_str())
        .collect();
    let party = flag(&mut next, &parties);
    let to = flag(&mut next, &parties);
    let subject = flag(&mut next, &subjects);
    let filters = pactum::semantics::query::Filters {
        party: party.as_deref(),
        subject: subject.as_deref(),
        to: to.as_deref(),
    };
    if let Ok(q) = pactum::semantics::query::Question::new(contract, &at, &assume, &filters) {
        let answer = pactum::semantics::query::answer(&loaded, &q);
        serde_json::to_string_pretty(&answer).expect("the answer is written as JSON");
    }
}

/// A flag's value: none (most often), one of `names`, a name cut short or
/// with a part added, or a word no contract uses.
fn flag(next: &mut impl FnMut() -> u8, names: &[&str]) -> Option<String> {
    let pick = |n: u8| names.get(usize::from(n) % names.len().max(1)).copied();
    match next() % 8 {
        0..=3 => None,
        4 | 5 => pick(next()).map(str::to_string),
        6 => pick(next()).map(|name| {
            let cut = usize::from(next()) % (name.len() + 1);
            match next() % 3 {
                0 => name.get(..cut).unwrap_or(name).to_string(),
                1 => format!("{name}.nothing"),
                _ => format!("{name}."),
            }
        }),
        _ => Some(odd_word(next)),
    }
}

/// A word that is no name, date or event: empty, odd characters, a keyword,
/// a huge number.
fn odd_word(next: &mut impl FnMut() -> u8) -> String {
    const WORDS: &[&str] = &[
        "",
        " ",
        "never",
        "é",
        "\u{0}",
        "a.b.c",
        ".",
        "=",
        "2025-02-30",
        "2025-1-1",
        "99999-01-01",
        "0000-00-00",
        "18446744073709551616",
        "clause",
        "\u{202e}x",
        "x\ny",
    ];
    WORDS[usize::from(next()) % WORDS.len()].to_string()
}

/// A date as a user might type it: mostly real days around the contracts'
/// years, sometimes a day that does not exist (month 13, 31 February).
fn date(next: &mut impl FnMut() -> u8) -> String {
    let year = 1990 + u32::from(next()) % 80;
    let month = 1 + u32::from(next()) % 13;
    let day = 1 + u32::from(next()) % 31;
    format!("{year:04}-{month:02}-{day:02}")
}

/// The FNV-1a hash, so that every input asks a different question.
fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The language server on arbitrary bytes, framing included, in one session
/// (`pactum::lsp::serve_bytes`, the reader and server of `pactum lsp`). The
/// first byte chooses how the rest is read: as raw bytes on the wire (odd),
/// or (even) as message bodies separated by `0xFF` bytes, each framed with
/// its right length, so the fuzzer spends its time on message handling too.
/// The session starts with `initialize` and a document, and ends with
/// `shutdown` and `exit` after a blank line. Whatever came before, the server
/// must still read them (it answers `shutdown` and exits, unless the input
/// held an `exit` of its own), every frame it writes must be well framed
/// JSON-RPC, and no request may be answered with an internal error (a caught
/// panic).
pub fn lsp(data: &[u8]) {
    const SHUTDOWN: &str = "fuzz-shutdown";
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut input = Vec::new();
    frame(
        &mut input,
        br#"{"jsonrpc":"2.0","id":"fuzz-init","method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}"#,
    );
    frame(
        &mut input,
        br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    );
    frame(
        &mut input,
        br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///fuzz/a.pactum","languageId":"pactum","version":0,"text":"party a \"A\"\nevent e by a\nclause c {\n  a may use x\n  from 10 days after e\n}\n"}}}"#,
    );
    if mode % 2 == 1 {
        input.extend_from_slice(rest);
    } else {
        for body in rest.split(|&b| b == 0xFF) {
            frame(&mut input, body);
        }
    }
    input.extend_from_slice(b"\r\n\r\n");
    frame(
        &mut input,
        format!(r#"{{"jsonrpc":"2.0","id":"{SHUTDOWN}","method":"shutdown"}}"#).as_bytes(),
    );
    frame(&mut input, br#"{"jsonrpc":"2.0","method":"exit"}"#);

    let (output, exit) = pactum::lsp::serve_bytes(&input);
    assert!(exit.is_some(), "the server never read `exit`");
    let mut answered_shutdown = false;
    let mut out = &output[..];
    while !out.is_empty() {
        let header_end = out
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("every frame written has a header");
        let header = std::str::from_utf8(&out[..header_end]).expect("an ASCII header");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a header with one length: {header:?}"));
        let body = &out[header_end + 4..header_end + 4 + length];
        out = &out[header_end + 4 + length..];
        let v: serde_json::Value = serde_json::from_slice(body).expect("a JSON body");
        assert_eq!(v["jsonrpc"], "2.0", "{v}");
        assert_ne!(v["error"]["code"], -32603, "an internal error: {v}");
        if v["id"] == SHUTDOWN {
            answered_shutdown = true;
        }
    }
    let own_exit = data.windows(4).any(|w| w == b"exit");
    assert!(
        answered_shutdown || own_exit,
        "the server did not answer `shutdown`:\n{}",
        String::from_utf8_lossy(&output)
    );
}

/// Appends `body` framed as the protocol frames it.
fn frame(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
}

/// Structure-aware: the input's bytes are the choices of a generator that
/// follows the grammar (grammar/pactum.pest), so almost every input is a
/// contract that parses and resolves, with clauses, windows, events, powers,
/// terms, facts, assertions and covers over a few shared names. The contract
/// is printed as text, then edited at the token level by the bytes left over
/// (a token deleted, duplicated, moved or replaced by another of the
/// language), and goes through every other harness: the check, the
/// formatter's properties and the query.
pub fn structured(data: &[u8]) {
    let mut choices = Choices::new(data);
    let text = generated(&mut choices);
    let text = edit_tokens(&text, &mut choices);
    check(text.as_bytes());
    fmt(text.as_bytes());
    let mut asked = text.into_bytes();
    asked.push(0xFF);
    asked.extend_from_slice(&data[choices.at.min(data.len())..]);
    query(&asked);
}

/// The contract the generator writes from `choices`, before any edit.
pub fn generated(choices: &mut Choices<'_>) -> String {
    contract(choices)
}

/// The generator's choices: the input's bytes, then zeros (so every input,
/// even an empty one, is a whole contract).
pub struct Choices<'a> {
    /// The bytes chosen from.
    pub data: &'a [u8],
    /// How many have been used.
    pub at: usize,
    /// How many clauses are written so far, so that later ones can refer
    /// to them.
    clauses: usize,
    /// Whether the contract has a term, which `end of term` needs.
    term: bool,
}

impl<'a> Choices<'a> {
    /// Choices from `data`, none used yet.
    pub fn new(data: &'a [u8]) -> Self {
        Choices {
            data,
            at: 0,
            clauses: 0,
            term: false,
        }
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A number below `n` (which is not 0).
    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n
    }

    fn pick<'w>(&mut self, words: &[&'w str]) -> &'w str {
        words[self.below(words.len())]
    }

    fn chance(&mut self, in_four: u8) -> bool {
        self.byte() % 4 < in_four
    }

    fn done(&self) -> bool {
        self.at >= self.data.len()
    }
}

const PARTIES: &[&str] = &["a", "b", "c", "g"];
const ACTIONS: &[&str] = &["use", "pay", "sell", "license"];
const EVENTS: &[&str] = &["e0", "e1", "e2", "e3"];
const CLAUSES: &[&str] = &["c0", "c1", "c2", "c3", "c4", "c5"];
const SUBJECTS: &[&str] = &["ip", "ip.models", "ip.models.weights", "ip.code", "fees"];
const QUALIFIERS: &[&str] = &["cloud", "onsite"];
const UNITS: &[&str] = &[
    "day", "days", "week", "weeks", "month", "months", "year", "years",
];
const COUNTS: &[&str] = &[
    "0", "1", "2", "10", "30", "90", "365", "1000", "1000000", "1_000",
];
const DATES: &[&str] = &[
    "2025-01-01",
    "2025-02-28",
    "2024-02-29",
    "2025-12-31",
    "2030-06-15",
    "1999-12-31",
    "9999-12-31",
];
const YEARS: &[&str] = &["2025", "2026", "2030", "2099"];

/// A whole contract: the declarations its items refer to (most often all of
/// them; else some are left out, so names go unresolved too), maybe a term,
/// then up to twelve items.
fn contract(c: &mut Choices<'_>) -> String {
    let mut out = String::new();
    let all = c.chance(3);
    let declare = |c: &mut Choices<'_>| all || c.chance(2);
    if declare(c) {
        out.push_str(&format!("contract \"Fuzz\" effective {}\n", c.pick(DATES)));
    }
    for party in &PARTIES[..3] {
        if declare(c) {
            out.push_str(&format!("party {party} \"{}\"\n", party.to_uppercase()));
        }
    }
    if declare(c) {
        out.push_str("party g = a, b\n");
    }
    for action in ACTIONS {
        if declare(c) {
            out.push_str(&format!("action {action}\n"));
        }
    }
    for q in QUALIFIERS {
        if declare(c) {
            out.push_str(&format!("qualifier {q}\n"));
        }
    }
    if declare(c) {
        out.push_str("subject ip { models { weights }, code }\nsubject fees\n");
    }
    for (i, event) in EVENTS.iter().enumerate() {
        if !declare(c) {
            continue;
        }
        out.push_str(&format!("event {event}"));
        if c.chance(2) {
            out.push_str(&format!(" by {}", c.pick(PARTIES)));
        }
        for _ in 0..c.below(3) {
            match c.below(4) {
                // An event before this one, now and then itself (a cycle).
                0 => {
                    let itself = usize::from(i == 0 || c.byte() == 0);
                    let earlier = EVENTS[c.below(i + itself)];
                    out.push_str(&format!(", not before {earlier}"));
                }
                1 => out.push_str(&format!(", after {}", point(c, 1))),
                2 => out.push_str(&format!(", before {}", point(c, 1))),
                _ => out.push_str(&format!(", within {} after {}", duration(c), point(c, 1))),
            }
        }
        out.push('\n');
    }
    if declare(c) {
        out.push_str("quantity stake: percent stake of a in b\nquantity fee: money USD\n");
    }
    if c.chance(2) {
        c.term = true;
        out.push_str(&format!("term {{\n{}}}\n", nonempty_window(c)));
    }
    let items = 1 + c.below(12);
    for _ in 0..items {
        if c.done() && !out.is_empty() {
            break;
        }
        out.push_str(&item(c));
    }
    out
}

fn item(c: &mut Choices<'_>) -> String {
    match c.below(8) {
        0..=3 => {
            // Clauses are named in order, and now and then a name comes again.
            let name = CLAUSES[c.clauses % CLAUSES.len()];
            if c.byte() != 0 {
                c.clauses += 1;
            }
            let mut body = format!("  {}\n", norm(c));
            body.push_str(&window(c));
            // Clauses written before, now and then one not written at all.
            let earlier =
                |c: &mut Choices<'_>| CLAUSES[c.below(c.clauses.max(1) + 1) % CLAUSES.len()];
            if c.chance(1) {
                body.push_str(&format!("  overrides {}\n", earlier(c)));
            }
            if c.chance(1) {
                body.push_str(&format!("  exception to {}\n", earlier(c)));
            }
            if c.chance(1) {
                body.push_str("  survives");
                if c.chance(2) {
                    body.push_str(&format!(" for {}", duration(c)));
                }
                body.push('\n');
            }
            format!("clause {name} {{\n{body}}}\n")
        }
        4 => {
            let kind = c.pick(&["terminate", "exercise"]);
            let mut body = format!("  {} may {kind}\n", c.pick(PARTIES));
            if c.chance(2) {
                body.push_str(&format!("  notice {}\n", duration(c)));
            }
            body.push_str(&window(c));
            format!("power p{} {{\n{body}}}\n", c.below(3))
        }
        // A second term now and then (an error of its own).
        5 if !c.term || c.byte() == 0 => {
            c.term = true;
            format!("term {{\n{}}}\n", window(c))
        }
        5 => format!("section \"{}\"\n", c.pick(&["1.1", "2", "é"])),
        6 => {
            let value = match c.below(4) {
                0 => "tbd".to_string(),
                1 => format!("{} %", c.pick(COUNTS)),
                2 => format!("USD {} million", c.pick(COUNTS)),
                _ => c.pick(COUNTS).to_string(),
            };
            let quantity = c.pick(&["stake", "fee"]);
            format!(
                "fact f{} {{\n  {quantity} = {value}\n{}}}\n",
                c.below(3),
                window(c)
            )
        }
        _ if c.chance(2) => format!(
            "cover k{} {{\n  {} {} {}\n{}}}\n",
            c.below(3),
            c.pick(PARTIES),
            c.pick(ACTIONS),
            c.pick(SUBJECTS),
            window(c)
        ),
        _ => {
            let body = match c.below(4) {
                0 => "no conflicts".to_string(),
                1 => format!("always {}\n{}", cond(c, 2), window(c)),
                2 => format!("never {}\n{}", cond(c, 2), window(c)),
                _ => format!("{} exactly\n{}", cond(c, 2), nonempty_window(c)),
            };
            format!("assert A{} {{\n  {body}}}\n", c.below(3))
        }
    }
}

fn norm(c: &mut Choices<'_>) -> String {
    let mut out = String::new();
    if c.chance(1) {
        out.push_str("only ");
    }
    out.push_str(&format!(
        "{} {} {} {}",
        c.pick(PARTIES),
        c.pick(&["may", "must", "must not"]),
        c.pick(ACTIONS),
        c.pick(SUBJECTS)
    ));
    if c.chance(1) {
        out.push_str(&format!(" except {}", c.pick(SUBJECTS)));
    }
    if c.chance(1) {
        out.push_str(&format!(" to {}", c.pick(PARTIES)));
    }
    if c.chance(1) {
        out.push_str(&format!(" on {}", c.pick(QUALIFIERS)));
    }
    out
}

fn cond(c: &mut Choices<'_>, depth: usize) -> String {
    match c.below(if depth == 0 { 4 } else { 7 }) {
        0 => format!(
            "{} is active",
            CLAUSES[c.below(c.clauses.max(1)) % CLAUSES.len()]
        ),
        1 => format!("{} has happened", c.pick(EVENTS)),
        2 if depth == 2 && c.chance(1) => format!("{} prevails", norm(c)),
        2 => norm(c),
        3 => format!(
            "stakes in b {} {} %",
            c.pick(&["<=", ">=", "=", "!=", "<", ">"]),
            c.pick(COUNTS)
        ),
        4 => format!("({} or {})", cond(c, depth - 1), cond(c, depth - 1)),
        5 => format!("{} and {}", cond(c, depth - 1), cond(c, depth - 1)),
        _ => format!("not {}", cond(c, depth - 1)),
    }
}

fn window(c: &mut Choices<'_>) -> String {
    if c.chance(1) {
        String::new()
    } else {
        nonempty_window(c)
    }
}

fn nonempty_window(c: &mut Choices<'_>) -> String {
    let mut out = String::new();
    if c.chance(3) {
        out.push_str(&format!("  from {}\n", point(c, 2)));
    }
    match c.below(4) {
        0 => {
            out.push_str(&format!("  until {}", point(c, 2)));
            if c.chance(2) {
                out.push_str(&format!(
                    " or {}, whichever {}",
                    point(c, 2),
                    c.pick(&["first", "later"])
                ));
            }
            out.push('\n');
        }
        1 => out.push_str(&format!("  through {}\n", c.pick(&[DATES, YEARS].concat()))),
        2 => out.push_str("  indefinitely\n"),
        _ if out.is_empty() => out.push_str("  indefinitely\n"),
        _ => {}
    }
    out
}

fn point(c: &mut Choices<'_>, depth: usize) -> String {
    match c.below(if depth == 0 { 3 } else { 7 }) {
        0 => c.pick(DATES).to_string(),
        1 => c.pick(EVENTS).to_string(),
        2 if c.term => format!("end of {}", c.pick(&["term", "2030", "2025-06-30"])),
        2 => format!("end of {}", c.pick(&["2030", "2025-06-30"])),
        3 | 4 => format!(
            "{} {} {}",
            duration(c),
            c.pick(&["after", "before"]),
            point(c, depth - 1)
        ),
        5 => format!("first({}, {})", point(c, depth - 1), point(c, depth - 1)),
        _ => format!("last({}, {})", point(c, depth - 1), point(c, depth - 1)),
    }
}

fn duration(c: &mut Choices<'_>) -> String {
    format!("{} {}", c.pick(COUNTS), c.pick(UNITS))
}

/// Token-level edits of `text`, driven by the choices left: each deletes,
/// duplicates or moves a token, or puts a token of the language in its place.
fn edit_tokens(text: &str, c: &mut Choices<'_>) -> String {
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "(",
        ")",
        ",",
        ".",
        "\"",
        "=",
        "%",
        "clause",
        "party",
        "event",
        "after",
        "before",
        "not",
        "first(",
        "end of",
        "until",
        "from",
        "through",
        "exactly",
        "or",
        "and",
        "except",
        "é",
        "\r\n",
        "\n",
        "//",
        "/*",
        "1000000 months after",
    ];
    let mut tokens: Vec<String> = text.split(' ').map(str::to_string).collect();
    let edits = if c.done() { 0 } else { c.below(6) };
    for _ in 0..edits {
        if tokens.is_empty() {
            break;
        }
        let at = (usize::from(c.byte()) << 8 | usize::from(c.byte())) % tokens.len();
        match c.below(4) {
            0 => {
                tokens.remove(at);
            }
            1 => {
                let t = tokens[at].clone();
                tokens.insert(at, t);
            }
            2 => {
                let t = tokens.remove(at);
                let to = usize::from(c.byte()) % (tokens.len() + 1);
                tokens.insert(to, t);
            }
            _ => tokens[at] = c.pick(TOKENS).to_string(),
        }
    }
    tokens.join(" ")
}
