//! Content-Length framing over stdio. We read frames ourselves rather than
//! with `lsp_server::Connection::stdio`, whose reader thread stops at the
//! first malformed message (and would allocate whatever length a header
//! claims): here a bad frame is answered with a JSON-RPC error and the
//! server keeps reading.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

use lsp_server::Message;
use serde_json::{json, Value};

/// Frames larger than this are skipped: no contract is 64 MiB.
const MAX_FRAME: usize = 64 << 20;

/// What one frame held.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A frame that is not a message, with the error to send back.
    Invalid(Value),
}

/// Reads one frame; `None` at the end of input.
pub fn read_frame(r: &mut impl BufRead) -> io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if saw_header {
                break;
            }
            continue; // stray blank lines between frames
        }
        saw_header = true;
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse().map_err(|_| value.trim().to_string()));
            }
        }
    }
    let size = match length {
        Some(Ok(n)) => n,
        Some(Err(v)) => return Ok(Some(invalid(&format!("bad Content-Length `{v}`")))),
        None => return Ok(Some(invalid("missing Content-Length header"))),
    };
    if size > MAX_FRAME {
        io::copy(&mut r.take(size as u64), &mut io::sink())?;
        return Ok(Some(invalid(&format!(
            "message of {size} bytes is too large"
        ))));
    }
    let mut body = vec![0; size];
    r.read_exact(&mut body)?;
    Ok(Some(decode(&body)))
}

fn decode(body: &[u8]) -> Frame {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return parse_error(&format!("invalid JSON: {e}")),
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    if let Some(problem) = shape_problem(&value) {
        return Frame::Invalid(error_reply(id, -32600, problem));
    }
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Frame::Message(m),
        Err(e) => Frame::Invalid(error_reply(
            id,
            -32600,
            &format!("not a JSON-RPC message: {e}"),
        )),
    }
}

/// What makes a JSON value not a request, notification or response. The
/// message types deserialize leniently (a response needs only an `id`), so
/// the shape is checked first.
fn shape_problem(value: &Value) -> Option<&'static str> {
    let Some(obj) = value.as_object() else {
        return Some("a message is a JSON object");
    };
    match obj.get("method") {
        Some(Value::String(_)) => None,
        Some(_) => Some("`method` must be a string"),
        None if obj.contains_key("id")
            && (obj.contains_key("result") || obj.contains_key("error")) =>
        {
            None
        }
        None => Some("a message needs a `method`, or an `id` with a `result` or an `error`"),
    }
}

fn invalid(message: &str) -> Frame {
    Frame::Invalid(error_reply(Value::Null, -32600, message))
}

fn parse_error(message: &str) -> Frame {
    Frame::Invalid(error_reply(Value::Null, -32700, message))
}

fn error_reply(id: Value, code: i32, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Frames a message as the protocol writes it.
pub fn encode(msg: &Message) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = msg.write(&mut out);
    out
}

fn encode_value(v: &Value) -> Vec<u8> {
    let body = v.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// Threads that read stdin into messages and write framed bytes to stdout.
pub struct Stdio {
    pub incoming: Receiver<Message>,
    pub outgoing: Sender<Vec<u8>>,
    writer: JoinHandle<()>,
}

impl Stdio {
    pub fn start() -> Stdio {
        let (out_tx, out_rx) = mpsc::channel::<Vec<u8>>();
        let (in_tx, in_rx) = mpsc::channel();
        let writer = thread::spawn(move || {
            let stdout = io::stdout();
            let mut stdout = stdout.lock();
            for bytes in out_rx {
                if stdout
                    .write_all(&bytes)
                    .and_then(|_| stdout.flush())
                    .is_err()
                {
                    break; // the client is gone
                }
            }
        });
        let errors = out_tx.clone();
        // The reader is not joined: it may sit in a blocking read of stdin
        // after `exit`, and the process ends without it.
        thread::spawn(move || {
            let stdin = io::stdin();
            let mut stdin = stdin.lock();
            while let Ok(Some(frame)) = read_frame(&mut stdin) {
                match frame {
                    Frame::Message(m) => {
                        let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                        if in_tx.send(m).is_err() || exit {
                            break;
                        }
                    }
                    Frame::Invalid(reply) => {
                        let _ = errors.send(encode_value(&reply));
                    }
                }
            }
        });
        Stdio {
            incoming: in_rx,
            outgoing: out_tx,
            writer,
        }
    }

    /// Waits until everything sent has been written.
    pub fn finish(self) {
        drop(self.outgoing);
        let _ = self.writer.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Frame> {
        let mut r = io::BufReader::new(input.as_bytes());
        std::iter::from_fn(|| read_frame(&mut r).ok().flatten()).collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_bad_frame_is_answered_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"params":{}}"#),
            "Content-Length: x\r\n\r\n".to_string(),
            frame(good),
        ]
        .concat();
        let got = frames(&input);
        assert_eq!(got.len(), 4, "{got:?}");
        let code = |f: &Frame| match f {
            Frame::Invalid(v) => (v["error"]["code"].as_i64(), v["id"].clone()),
            Frame::Message(_) => (None, Value::Null),
        };
        assert_eq!(code(&got[0]), (Some(-32700), Value::Null));
        assert_eq!(code(&got[1]), (Some(-32600), json!(7)));
        assert_eq!(code(&got[2]).0, Some(-32600));
        assert!(matches!(&got[3], Frame::Message(Message::Request(r)) if r.method == "shutdown"));
    }

    #[test]
    fn huge_lengths_are_not_allocated() {
        let input = "Content-Length: 99999999999999\r\n\r\n{}";
        let got = frames(input);
        assert!(matches!(&got[0], Frame::Invalid(v) if v["error"]["code"] == -32600));
    }
}
