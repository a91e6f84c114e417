//! The server under a storm of half-typed text: 10 000 random edits (text
//! cut, duplicated, garbled) interleaved with hover, definition, references,
//! completion, symbols and formatting at random positions, some of them
//! outside the text. Every request is answered, none with an internal error
//! (a caught panic), and the server never dies. It runs in-process, through
//! the real binary one request at a time, and through the binary as one
//! stream with malformed frames of every kind mixed in.

mod lsp_client;

use std::collections::HashMap;
use std::io::Write;
use std::sync::mpsc;
use std::time::{Duration, Instant};

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
event bezahlt "Zahlung 🙂" by microsoft, within 30 days after agi_declared, not before 2025-10-28
section "1.1" "Überschrift “eins”"
section "1.2" "Zwei"
term "Laufzeit 😀" { until 2033-01-01 }
power kuendigung "Kündigung 😀" {
  openai may terminate
  notice 30 days
  from bezahlt
}
clause models {
  section "1.1"
  refers to "1.2" "Überschrift “eins”"
  microsoft may use openai_ip except openai_ip.research, openai_ip.consumer_hardware
  from 90 days after agi_declared through 2032
  survives for 1 year
  overrides research_ip
}
fact stake_2025 { microsoft_stake = 27 % }
assert I1 "no hardware" { never microsoft may use openai_ip.consumer_hardware }
assert I4 { research_ip is active exactly until first(agi_verified, end of 2030) }
cover ms_ip { microsoft use openai_ip from 2025-10-28 through 2032 }
clause nach_ende { panel may use openai_ip.models from end of term until 1 year after kuendigung }
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
    "power p {",
    "may terminate",
    "survives",
    "refers to \"",
    "end of term",
    "within 3 days after",
    "prevails",
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
    let range = json!({"start": random_position(rng, text), "end": random_position(rng, text)});
    match rng.below(11) {
        7 => (
            "textDocument/codeAction".into(),
            json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
        ),
        8 => (
            "textDocument/inlayHint".into(),
            json!({"textDocument": doc, "range": range}),
        ),
        9 => (
            "textDocument/semanticTokens/range".into(),
            json!({"textDocument": doc, "range": range}),
        ),
        10 => (
            "textDocument/semanticTokens/full".into(),
            json!({"textDocument": doc}),
        ),
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

/// What the server owes a request.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Owed {
    /// A response: a result, or an error other than a caught panic.
    Answer,
    /// An error response with this code.
    Error(i64),
}

/// One malformed frame and what the server must do about it.
struct Malformed {
    bytes: Vec<u8>,
    /// What the request inside it is owed, if the server can know its id.
    owed: Option<Owed>,
    /// Error replies with a null id (the frame had no id to be read).
    null_replies: usize,
    /// Warnings it must log (`window/logMessage`).
    logs: usize,
}

/// The kinds of [`malformed`] frames.
const MALFORMED_KINDS: usize = 16;

fn frame_with(length: &str, body: &str) -> Vec<u8> {
    format!("Content-Length: {length}\r\n\r\n{body}").into_bytes()
}

/// Malformed frame number `kind` carrying a request with `id`: every way of
/// getting the framing wrong that issue 12 lists.
fn malformed(kind: usize, rng: &mut Rng, id: i64, method: &str, params: &Value) -> Malformed {
    let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"{method}","params":{params}}}"#);
    let m = |bytes: Vec<u8>, owed: Option<Owed>, null_replies: usize, logs: usize| Malformed {
        bytes,
        owed,
        null_replies,
        logs,
    };
    let whole_without_length =
        |length: &str| m(frame_with(length, &body), Some(Owed::Answer), 0, 1);
    match kind {
        // A length too short, cutting after the id: a parse error for the
        // id, and the rest of the body skipped.
        0 => {
            let cut = body.find(r#""method""#).unwrap() + rng.below(8);
            m(
                frame_with(&cut.to_string(), &body),
                Some(Owed::Error(-32700)),
                0,
                2,
            )
        }
        // Cut before the id: answered with a null id.
        1 => m(
            frame_with(&(1 + rng.below(12)).to_string(), &body),
            None,
            1,
            2,
        ),
        // A length too long: the whole message is handled, the next frame
        // is not eaten.
        2 => {
            let long = body.len() + 1 + rng.below(5_000);
            m(
                frame_with(&long.to_string(), &body),
                Some(Owed::Answer),
                0,
                0,
            )
        }
        // Too long and garbled: a parse error for the id.
        3 => {
            let cut = &body[..body.find(r#""params""#).unwrap()];
            let long = body.len() + 1 + rng.below(5_000);
            m(
                frame_with(&long.to_string(), cut),
                Some(Owed::Error(-32700)),
                0,
                1,
            )
        }
        4 => whole_without_length("99999999999999999999"),
        5 => whole_without_length("-12"),
        6 => whole_without_length("twelve"),
        7 => whole_without_length(&(1u64 << 40).to_string()),
        8 => m(
            format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}")
                .into_bytes(),
            Some(Owed::Answer),
            0,
            1,
        ),
        // Odd case and extra headers are fine.
        9 => m(
            format!(
                "content-LENGTH:{}\r\nContent-Type: application/json\r\nX-Extra: 1\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
            Some(Owed::Answer),
            0,
            0,
        ),
        // Valid JSON, not JSON-RPC.
        10 => {
            let not_rpc = format!(r#"{{"id":{id},"params":[]}}"#);
            m(
                frame_with(&not_rpc.len().to_string(), &not_rpc),
                Some(Owed::Error(-32600)),
                0,
                1,
            )
        }
        11 => m(frame_with("7", "[1,2,3]"), None, 1, 1),
        // Noise between frames, with or without a line break.
        12 => m(b"\xff\xfe}}} \x00noise\r\n".to_vec(), None, 0, 1),
        13 => m(b"}{garbage without a line break".to_vec(), None, 0, 1),
        // A length that is no number, before something that is no JSON.
        14 => m(frame_with("abc", "not json"), None, 1, 2),
        // The right length around something that is no JSON.
        _ => m(frame_with("9", "{garbage}"), None, 1, 1),
    }
}

fn framed(v: &Value) -> Vec<u8> {
    let body = v.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// The server under stress, as one session through the real binary: 10 000
/// random edits (some of them ranges outside the text), 5 000 random
/// requests and 1 000 malformed frames of every kind, written as fast as the
/// server reads. Every well-framed request is answered, every malformed
/// frame is answered or logged as it must be, and the server still answers
/// `shutdown` and exits with 0 after `exit` — all within a deadline, so a
/// deaf server fails the test instead of hanging it.
#[test]
fn ten_thousand_edits_and_malformed_frames_through_the_binary() {
    const DEADLINE: Duration = Duration::from_secs(120);
    const SHUTDOWN: i64 = 1_000_000;
    let started = Instant::now();
    let uri = "file:///tmp/pactum-robust/stress.pactum";
    let mut c = lsp_client::Client::spawn();
    // Another thread writes, so a server that stops reading cannot block
    // this one on a full pipe.
    let mut stdin = c.take_stdin();
    let (to_server, writes) = mpsc::channel::<Vec<u8>>();
    let writer = std::thread::spawn(move || {
        for bytes in writes {
            if stdin.write_all(&bytes).and_then(|_| stdin.flush()).is_err() {
                break;
            }
        }
    });
    // A server that is gone ends the writer; the test then fails on what
    // the server did not answer.
    let send = |v: Value| {
        let _ = to_server.send(framed(&v));
    };
    let mut owed: HashMap<i64, Owed> = HashMap::new();
    let (mut null_replies, mut logs) = (0, 0);

    send(json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
    owed.insert(0, Owed::Answer);
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
        {"textDocument": {"uri": uri, "languageId": "pactum", "version": 0, "text": SEED_TEXT}}}),
    );
    let mut rng = Rng(0x0057_2e55_0ff2_a3e5);
    let mut text = SEED_TEXT.to_string();
    let mut next_id = 1;
    for step in 1..=10_000i64 {
        let new = mutate(&mut rng, &text);
        let params = change_params(&mut rng, uri, step, &text, &new);
        if params["contentChanges"][0].get("range").is_none() {
            text = new;
        }
        send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}));
        if step % 2 == 0 {
            let (method, params) = random_request(&mut rng, uri, &text);
            send(json!({"jsonrpc": "2.0", "id": next_id, "method": method, "params": params}));
            owed.insert(next_id, Owed::Answer);
            next_id += 1;
        }
        if step % 10 == 5 {
            let kind = (step as usize / 10) % MALFORMED_KINDS;
            let (method, params) = random_request(&mut rng, uri, &text);
            let bad = malformed(kind, &mut rng, next_id, &method, &params);
            let _ = to_server.send(bad.bytes);
            if let Some(o) = bad.owed {
                owed.insert(next_id, o);
            }
            next_id += 1;
            null_replies += bad.null_replies;
            logs += bad.logs;
        }
    }
    send(json!({"jsonrpc": "2.0", "id": SHUTDOWN, "method": "shutdown"}));
    assert!(owed.len() > 5_500 && logs > 1_000 && null_replies > 200);

    // Everything the server sends before the shutdown response: replies to
    // malformed frames and logs come from its reader, which has read them
    // all before it reads `shutdown`.
    let (mut seen_null, mut seen_logs) = (0, 0);
    loop {
        let left = DEADLINE.saturating_sub(started.elapsed());
        let v = c
            .recv(left.min(lsp_client::TIMEOUT))
            .unwrap_or_else(|| panic!("the server is silent; still owed: {}", owed.len()));
        if v["method"] == "window/logMessage" {
            assert_eq!(v["params"]["type"], 2, "{v}");
            assert!(
                v["params"]["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("pactum lsp: "),
                "{v}"
            );
            seen_logs += 1;
            continue;
        }
        if v.get("method").is_some() {
            continue; // diagnostics
        }
        if v["id"].is_null() {
            let code = &v["error"]["code"];
            assert!(*code == -32700 || *code == -32600, "{v}");
            seen_null += 1;
            continue;
        }
        let id = v["id"].as_i64().unwrap_or_else(|| panic!("{v}"));
        if id == SHUTDOWN {
            assert_eq!(v["result"], Value::Null, "{v}");
            assert!(v.get("error").is_none(), "{v}");
            break;
        }
        match owed.remove(&id) {
            Some(Owed::Answer) => assert_answered(&format!("request {id}"), &v),
            Some(Owed::Error(code)) => assert_eq!(v["error"]["code"], code, "{v}"),
            None => panic!("a response nothing asked for, or a second one: {v}"),
        }
    }
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(to_server);
    let left = DEADLINE.saturating_sub(started.elapsed());
    assert_eq!(c.wait_exit(left), Some(Some(0)), "exit code after `exit`");
    writer.join().unwrap();
    let unanswered: Vec<_> = owed.keys().collect();
    assert!(unanswered.is_empty(), "never answered: {unanswered:?}");
    assert_eq!(seen_null, null_replies, "error replies without an id");
    assert_eq!(seen_logs, logs, "warnings logged");
}

/// Input that ends inside a frame ends the session: the server logs what it
/// dropped and exits (with 1, as the protocol asks when `exit` never came)
/// instead of waiting for the rest of the frame.
#[test]
fn input_ending_inside_a_frame_ends_the_server() {
    for cut in [
        &b"Content-Length: 80\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":5,"[..],
        b"Content-Length: 80\r\nContent-Ty",
        b"Content-Length: 99999999999999999999\r\n\r\n{\"jsonrpc\"",
    ] {
        let mut c = lsp_client::Client::spawn();
        c.initialize("file:///tmp/pactum-robust");
        c.send_raw(cut);
        drop(c.take_stdin());
        let log = c.wait(|v| v["method"] == "window/logMessage");
        let message = log["params"]["message"].as_str().unwrap();
        assert!(
            message.contains("the input ended inside a frame"),
            "{message}"
        );
        assert_eq!(c.wait_exit(lsp_client::TIMEOUT), Some(Some(1)));
    }
}
