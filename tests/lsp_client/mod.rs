//! A minimal editor: spawns `pactum lsp` and talks to it over stdio with
//! Content-Length framing, exactly as an editor does.

#![allow(dead_code)] // each test file uses a part of it

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pub notifications: Vec<Value>,
}

impl Client {
    pub fn spawn() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn pactum lsp");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(value) = read_value(&mut r) {
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming: rx,
            next_id: 0,
            notifications: Vec::new(),
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(frame.as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|v| v["id"] == json!(id))
    }

    /// The next message matching `pick`; others are kept as notifications.
    pub fn wait(&mut self, pick: impl Fn(&Value) -> bool) -> Value {
        loop {
            let v = self
                .incoming
                .recv_timeout(TIMEOUT)
                .expect("the server answers in time");
            if pick(&v) {
                return v;
            }
            self.notifications.push(v);
        }
    }

    /// The next diagnostics published for `uri` (already received ones first).
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_for = |v: &Value| {
            v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == uri
        };
        if let Some(i) = self.notifications.iter().position(is_for) {
            let v = self.notifications.remove(i);
            return v["params"]["diagnostics"].as_array().cloned().unwrap();
        }
        let v = self.wait(is_for);
        v["params"]["diagnostics"].as_array().cloned().unwrap()
    }

    pub fn initialize(&mut self, root: &str) -> Value {
        let r = self.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": {}}),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "pactum", "version": 1, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// The server's stdin, for a test that writes from another thread (so
    /// a server that stops reading cannot block the test itself).
    pub fn take_stdin(&mut self) -> ChildStdin {
        self.stdin.take().expect("stdin open")
    }

    /// The next message from the server, or `None` after `timeout`.
    pub fn recv(&mut self, timeout: Duration) -> Option<Value> {
        self.incoming.recv_timeout(timeout).ok()
    }

    /// The exit code once the server has ended, waiting at most `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<Option<i32>> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return Some(status.code());
            }
            if std::time::Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The exit code once the server has ended.
    pub fn try_status(&mut self) -> Option<Option<i32>> {
        self.child.try_wait().expect("wait").map(|s| s.code())
    }

    /// Sends `shutdown` and `exit` and returns the exit code.
    pub fn shutdown(mut self) -> Option<i32> {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        self.stdin = None; // close the pipe
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(std::time::Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server with `text` open as `file` in a fresh folder of the temporary
/// directory named after `folder`, and the document's URI.
pub fn open_in_folder(folder: &str, file: &str, text: &str) -> (Client, String) {
    let dir = std::env::temp_dir().join(format!("pactum-{folder}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let uri = format!("file://{}", dir.join(file).display());
    let mut client = Client::spawn();
    client.initialize(&format!("file://{}", dir.display()));
    client.open(&uri, text);
    (client, uri)
}

/// A server with `text` open as `file` in a fresh folder named after `dir`,
/// which must check without diagnostics; with the document's URI.
pub fn open_clean(dir: &str, file: &str, text: &str) -> (Client, String) {
    let (mut client, uri) = open_in_folder(dir, file, text);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    (client, uri)
}

/// The Markdown of the hover on the `nth` `needle` of `text`.
pub fn hover_text(client: &mut Client, uri: &str, text: &str, needle: &str, nth: usize) -> String {
    let h = client.request("textDocument/hover", at(uri, text, needle, nth));
    h["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("a hover on `{needle}`: {h}"))
        .to_string()
}

/// The completion items at the `nth` `needle` of `text`, from a list or a
/// completion list alike.
pub fn completion_items(
    client: &mut Client,
    uri: &str,
    text: &str,
    needle: &str,
    nth: usize,
) -> Vec<Value> {
    let r = client.request("textDocument/completion", at(uri, text, needle, nth));
    (r["result"].as_array())
        .or_else(|| r["result"]["items"].as_array())
        .cloned()
        .unwrap_or_else(|| panic!("completion items at `{needle}`: {r}"))
}

/// Position of the `nth` (0-based) occurrence of `needle` in `text`, in
/// UTF-16 units as the protocol counts, computed independently of the server.
pub fn pos_of(text: &str, needle: &str, nth: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} in text"))
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = before[line_start..].encode_utf16().count();
    json!({"line": line, "character": character})
}

/// The range of the `nth` occurrence of `needle` in `text`.
pub fn range_of(text: &str, needle: &str, nth: usize) -> Value {
    let start = pos_of(text, needle, nth);
    let end = json!({
        "line": start["line"],
        "character": start["character"].as_u64().unwrap() + needle.encode_utf16().count() as u64
    });
    json!({"start": start, "end": end})
}

/// Text-document-position parameters for the `nth` `needle` in `text`.
pub fn at(uri: &str, text: &str, needle: &str, nth: usize) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos_of(text, needle, nth)})
}

/// Reads one framed JSON message, written independently of the server's reader.
fn read_value(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        assert!(
            line.ends_with("\r\n"),
            "header line ends with CRLF: {line:?}"
        );
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(": ").expect("header `name: value`");
        if name == "Content-Length" {
            length = Some(value.parse::<usize>().expect("numeric length"));
        }
    }
    let mut body = vec![0; length.expect("Content-Length header")];
    r.read_exact(&mut body).ok()?;
    let v: Value = serde_json::from_slice(&body).expect("the server sends JSON");
    assert_eq!(v["jsonrpc"], "2.0");
    Some(v)
}

/// `text` with the protocol's text edits applied (ranges in UTF-16 units, as
/// an editor counts them, computed independently of the server), the last
/// edit first so that earlier ranges stay valid.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let (line, character) = (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        );
        let start: usize = text
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        let mut units = 0u64;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16() as u64;
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            (
                offset(&r["start"]),
                offset(&r["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}
