//! How long the language server needs, after an edit to a 10 000-line
//! contract, until fresh diagnostics are ready to publish (in-process: the
//! handler and the check, without the pipe and the debounce pause).
//!
//! Run with `cargo bench --bench lsp`. Target: under 50 ms.

use std::cell::Cell;

use divan::Bencher;
use pactum::lsp::{notification, request, Server};
use serde_json::json;

const URI: &str = "file:///tmp/pactum-bench/big.pactum";

fn main() {
    divan::main();
}

/// A contract of about `lines` lines, with non-ASCII text, every kind of
/// declaration and one clause per block.
fn big_contract(lines: usize) -> String {
    let mut s = String::from("contract \"Großer Vertrag — “Test”\" effective 2025-01-01\n");
    let mut i = 0;
    // Each block below is nine lines.
    while 1 + 9 * i < lines {
        s.push_str(&format!(
            "/// Partei {i}: Gesellschaft mit beschränkter Haftung 😀\n\
             party p{i} \"Partei {i}\"\n\
             action act{i}\n\
             event e{i} by p{i}\n\
             subject s{i} {{ a {{ x, y }} b }}\n\
             clause c{i} \"Klausel {i}\" {{\n\
             \x20 p{i} may act{i} s{i}.a except s{i}.a.x\n\
             \x20 until e{i} or end of 2030, whichever first\n\
             }}\n"
        ));
        i += 1;
    }
    s
}

fn started(text: &str) -> Server {
    let mut server = Server::default();
    let init = json!({"processId": null, "rootUri": null, "capabilities": {}});
    server.handle(request(0, "initialize", init));
    server.handle(notification("initialized", json!({})));
    let open =
        json!({"textDocument": {"uri": URI, "languageId": "pactum", "version": 0, "text": text}});
    server.handle_now(notification("textDocument/didOpen", open));
    server
}

/// The contract shaped like a real agreement: `pactum gen --agreement 30
/// --clauses 60`.
fn agreement() -> String {
    pactum::gen::agreement(&pactum::gen::AgreementOptions {
        events: 30,
        clauses: 60,
        seed: 1,
    })
}

/// Edits alternating between `bad` and `good` (full text), each followed
/// by the re-check and the diagnostics it publishes.
fn edits_alternate(bencher: Bencher, good: &str, bad: &str) {
    assert!(good != bad, "the edit is made");
    let mut server = started(good);
    let version = Cell::new(0);
    bencher.bench_local(|| {
        version.set(version.get() + 1);
        let text = if version.get() % 2 == 0 { good } else { bad };
        let change = json!({"textDocument": {"uri": URI, "version": version.get()},
                            "contentChanges": [{"text": text}]});
        server.handle(notification("textDocument/didChange", change));
        let published = server.flush();
        assert_eq!(published.len(), 1);
        published
    });
}

/// didChange (full text) then the re-check and the conversion of every
/// diagnostic. Edits alternate between a typo (an unknown party, so there is
/// a diagnostic to convert) and its fix.
#[divan::bench(sample_count = 30)]
fn edit_then_diagnostics(bencher: Bencher) {
    let good = big_contract(10_000);
    assert!(good.lines().count() >= 10_000);
    let bad = good.replacen("  p500 may", "  p500x may", 1);
    edits_alternate(bencher, &good, &bad);
}

/// The same on a contract shaped like a real agreement (`pactum gen
/// --agreement 30 --clauses 60`: a term, powers, cures, deadlines): the
/// re-check is exact over every scenario of its 30 events.
#[divan::bench(sample_count = 30)]
fn agreement_edit_then_diagnostics(bencher: Bencher) {
    let good = agreement();
    let bad = good.replacen("licensee may", "licensee_x may", 1);
    edits_alternate(bencher, &good, &bad);
}

/// The same agreement, every edit valid (a clause's `source` changed and
/// changed back): each re-check runs every analysis, as after the fix of a
/// typo, where the alternating bench above skips them on every other edit.
#[divan::bench(sample_count = 30)]
fn agreement_valid_edit_then_diagnostics(bencher: Bencher) {
    let good = agreement();
    let edited = good.replacen("source \"4.0\"", "source \"4.0a\"", 1);
    edits_alternate(bencher, &good, &edited);
}

/// A hover right after an edit: the re-check is paid by the request.
#[divan::bench(sample_count = 30)]
fn edit_then_hover(bencher: Bencher) {
    let text = big_contract(10_000);
    let mut server = started(&text);
    let version = Cell::new(0);
    bencher.bench_local(|| {
        version.set(version.get() + 1);
        let change = json!({"textDocument": {"uri": URI, "version": version.get()},
                            "contentChanges": [{"text": text}]});
        server.handle(notification("textDocument/didChange", change));
        let at = json!({"textDocument": {"uri": URI}, "position": {"line": 5000, "character": 3}});
        server.handle(request(1, "textDocument/hover", at))
    });
}

#[divan::bench(sample_count = 20)]
fn check_text_alone(bencher: Bencher) {
    let text = big_contract(10_000);
    bencher.bench_local(|| {
        pactum::check::check_text(std::path::Path::new("/tmp/big.pactum"), &text, &mut |_| {
            Err(std::io::ErrorKind::NotFound.into())
        })
    });
}

#[divan::bench(sample_count = 20)]
fn parse_alone(bencher: Bencher) {
    let text = big_contract(10_000);
    bencher.bench_local(|| pactum::syntax::parse(pactum::source::FileId(0), &text));
}
