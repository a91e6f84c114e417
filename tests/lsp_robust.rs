//! The server under a storm of half-typed text: 10 000 random edits (text
//! cut, duplicated, garbled) interleaved with hover, definition, references,
//! completion, symbols and formatting at random positions, some of them
//! outside the text. Every request is answered, none with an internal error
//! (a caught panic), and the server never dies. Most of it runs in-process
//! for speed; a shorter run goes through the real binary.

mod lsp_client;

use lsp_server::Message;
use pactum::lsp::{notification, request, Server};
use serde_json::{json, Value};

const SEED_TEXT: &str = r#"contract "Lizenz — Übersicht “Modelle”" effective 2025-10-28
/// Der Softwarekonzern 😀.
party microsoft "Microsoft Corporation"
party openai "OpenAI Group PBC"
party panel
action use "use and license"
qualifier other_cloud
event agi_declared by openai
event agi_verified "AGI bestätigt 🙂" by panel, not before agi_declared
subject openai_ip { models { weights, architecture } research consumer_hardware }
quantity microsoft_stake: percent stake of microsoft in openai
clause research_ip "Forschung — “IP”" {
  source "T7"
  /* “ü” 😀 */ microsoft may use openai_ip.research
  until agi_verified or end of 2030, whichever first
}
clause models {
  microsoft may use openai_ip except openai_ip.research, openai_ip.consumer_hardware
  from 90 days after agi_declared through 2032
  overrides research_ip
}
fact stake_2025 { microsoft_stake = 27 % }
assert I1 "no hardware" { never microsoft may use openai_ip.consumer_hardware }
assert I4 { research_ip is active exactly until first(agi_verified, end of 2030) }
cover ms_ip { microsoft use openai_ip from 2025-10-28 through 2032 }
"#;

/// Fragments an editor might have half-typed.
const GARBAGE: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "\"",
    "/*",
    "*/",
    "//",
    "///",
    ".",
    ",",
    "\n",
    " ",
    "😀",
    "ä",
    "“",
    "\r\n",
    "clause x {",
    "until",
    "end of",
    "first(",
    "party",
    "may use",
    "2030-02-30",
    "9999",
    "openai_ip.",
    "((((((((((",
    "except",
    "amends \"nothere.pactum\"",
    "\u{0}",
    "\t",
];

/// A small deterministic generator (xorshift64*), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A char boundary in `text`.
    fn boundary(&mut self, text: &str) -> usize {
        let mut i = self.below(text.len() + 1);
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

/// One random edit: cut, duplicate or garble a stretch of the text.
fn mutate(rng: &mut Rng, text: &str) -> String {
    if text.len() > 16_000 || rng.below(200) == 0 {
        return SEED_TEXT.to_string();
    }
    let a = rng.boundary(text);
    let b = rng.boundary(text);
    let (a, b) = (a.min(b), a.max(b).min(a + 200));
    let b = pactum::source::floor_char_boundary(text, b).max(a);
    match rng.below(4) {
        0 => format!("{}{}", &text[..a], &text[b..]),
        1 => format!("{}{}{}", &text[..b], &text[a..b], &text[b..]),
        2 => {
            let g = GARBAGE[rng.below(GARBAGE.len())];
            format!("{}{g}{}", &text[..a], &text[a..])
        }
        _ => {
            let g = GARBAGE[rng.below(GARBAGE.len())];
            format!("{}{g}{}", &text[..a], &text[b..])
        }
    }
}

fn random_position(rng: &mut Rng, text: &str) -> Value {
    let lines = text.lines().count();
    json!({"line": rng.below(lines + 3), "character": rng.below(90)})
}

/// A random request about the document (or, rarely, about one not open).
fn random_request(rng: &mut Rng, uri: &str, text: &str) -> (String, Value) {
    let uri = if rng.below(50) == 0 {
        "file:///not/open.pactum"
    } else {
        uri
    };
    let doc = json!({"uri": uri});
    let at = json!({"textDocument": doc, "position": random_position(rng, text)});
    match rng.below(7) {
        0 | 1 => ("textDocument/hover".into(), at),
        2 => ("textDocument/definition".into(), at),
        3 => {
            let mut p = at;
            p["context"] = json!({"includeDeclaration": rng.below(2) == 0});
            ("textDocument/references".into(), p)
        }
        4 => ("textDocument/completion".into(), at),
        5 => (
            "textDocument/documentSymbol".into(),
            json!({"textDocument": doc}),
        ),
        _ => (
            "textDocument/formatting".into(),
            json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
        ),
    }
}

/// A change as a client sends it: usually the whole text, sometimes a
/// range edit (with positions that may lie outside the text).
fn change_params(rng: &mut Rng, uri: &str, version: i64, old: &str, new: &str) -> Value {
    let change = if rng.below(5) == 0 {
        json!({"range": {"start": random_position(rng, old), "end": random_position(rng, old)},
               "text": GARBAGE[rng.below(GARBAGE.len())]})
    } else {
        json!({"text": new})
    };
    json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
}

fn assert_answered(method: &str, response: &Value) {
    let error = &response["error"];
    assert!(
        response.get("result").is_some() || error.is_object(),
        "{method}: {response}"
    );
    // A caught panic is an internal error; none may happen.
    assert_ne!(error["code"], -32603, "{method}: {response}");
}

#[test]
fn ten_thousand_random_edits_in_process() {
    let uri = "file:///tmp/pactum-robust/lizenz.pactum";
    let mut server = Server::default();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let init = json!({"processId": null, "rootUri": null, "capabilities": {}});
    server.handle(request(0, "initialize", init));
    server.handle(notification("initialized", json!({})));
    server.handle_now(notification(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "pactum", "version": 0, "text": SEED_TEXT}}),
    ));
    let mut text = SEED_TEXT.to_string();
    let mut answered = 0;
    for step in 1..=10_000i32 {
        let new = mutate(&mut rng, &text);
        let params = change_params(&mut rng, uri, i64::from(step), &text, &new);
        let ranged = params["contentChanges"][0].get("range").is_some();
        server.handle(notification("textDocument/didChange", params));
        if !ranged {
            text = new;
        }
        // Diagnostics as the debounced loop would publish them, now and then.
        if step % 7 == 0 {
            let published = server.flush();
            assert!(
                !published.is_empty(),
                "step {step}: diagnostics are published"
            );
        }
        if step % 2 == 0 {
            let (method, params) = random_request(&mut rng, uri, &text);
            let out = server.handle(request(step, &method, params));
            let [Message::Response(r)] = out.as_slice() else {
                panic!("step {step}: one response to {method}, got {out:?}");
            };
            assert_eq!(r.id, step.into());
            assert_answered(&method, &serde_json::to_value(r).unwrap());
            answered += 1;
        }
    }
    assert_eq!(answered, 5_000);
    let out = server.handle(request(-1, "shutdown", Value::Null));
    assert!(matches!(&out[0], Message::Response(r) if r.error.is_none()));
}

#[test]
fn random_edits_through_the_binary() {
    let uri = "file:///tmp/pactum-robust/binary.pactum";
    let mut c = lsp_client::Client::spawn();
    c.initialize("file:///tmp/pactum-robust");
    c.open(uri, SEED_TEXT);
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    let mut text = SEED_TEXT.to_string();
    for step in 1..=400i64 {
        let new = mutate(&mut rng, &text);
        // Full changes only: the binary's copy must stay the same as ours.
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": step}, "contentChanges": [{"text": new}]}),
        );
        text = new;
        if step % 50 == 0 {
            // Malformed frames in between must not stop the server.
            c.send_raw(b"Content-Length: 5\r\n\r\n{{{{{");
        }
        let (method, params) = random_request(&mut rng, uri, &text);
        let r = c.request(&method, params);
        assert_answered(&method, &r);
    }
    // The last text's diagnostics arrive once typing pauses.
    c.notifications.clear();
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_answered("hover", &h);
    assert_eq!(c.shutdown(), Some(0));
}
