//! Content-Length framing over stdio. We read frames ourselves rather than
//! with `lsp_server::Connection::stdio`, whose reader thread stops at the
//! first malformed message (and would allocate whatever length a header
//! claims).
//!
//! The reader never loses its place in the stream. The declared length is
//! checked against the body instead of trusted: a body ends where its JSON
//! object closes, where the next `Content-Length:` header begins (a header
//! line cannot occur inside valid JSON, whose strings hold no raw line
//! breaks), or at the declared length, whichever comes first. Bytes that
//! belong to no frame are skipped up to the next header. So one frame with a
//! wrong, missing or absurd length costs that frame at most, never the
//! session: a whole JSON-RPC message is handled even if its header got the
//! length wrong, a cut or garbled body is answered with a parse error (with
//! its `id` when one can be read from the bytes, `null` otherwise, as
//! JSON-RPC asks), skipped bytes get no answer, and every fault is logged to
//! the client with `window/logMessage` (see [`Stdio`]).

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

use lsp_server::{Message, Notification};
use serde_json::{json, Value};

/// The largest message body read, and the most the reader holds while it
/// looks for the end of a body whose length it does not know: 64 MiB, far
/// above any contract. A header claiming more is treated as having no
/// length, so nothing is allocated for it.
pub const MAX_FRAME: usize = 64 << 20;

/// The longest header line kept; a longer run of bytes without a line break
/// is not a header and is skipped.
const MAX_HEADER_LINE: usize = 8 << 10;

/// How much is read from the input at a time.
const CHUNK: usize = 64 << 10;

const CONTENT_LENGTH: &[u8] = b"content-length";

/// What one frame (or one stretch of bytes that was no frame) held.
#[derive(Debug)]
pub enum Frame {
    /// A well-framed message.
    Message(Message),
    /// A whole message whose header was wrong (a length too short for it,
    /// missing, or not a number): it is handled, and `note` is logged.
    Repaired {
        /// The message, as it was read.
        message: Message,
        /// What was wrong with its frame.
        note: String,
    },
    /// Bytes that held no usable message. `reply` is the JSON-RPC error to
    /// send back (a frame gets one, stray bytes do not); `note` is logged.
    Dropped {
        /// The error response, when the bytes were a frame.
        reply: Option<Value>,
        /// What was dropped and why.
        note: String,
    },
}

/// The length a header block declared.
enum Declared {
    Length(usize),
    /// Missing or unusable, with the reason in words.
    Unknown(String),
}

/// Reads frames from a byte stream, resynchronising after malformed ones.
pub struct FrameReader<R> {
    inner: R,
    buf: Vec<u8>,
    /// Where the unread bytes of `buf` begin.
    start: usize,
    eof: bool,
    ready: VecDeque<Frame>,
    /// Where each read lands before it is appended to `buf`.
    scratch: Box<[u8]>,
}

impl<R: Read> FrameReader<R> {
    /// A reader over `inner`, which it reads in chunks (no need to buffer it).
    pub fn new(inner: R) -> Self {
        FrameReader {
            inner,
            buf: Vec::new(),
            start: 0,
            eof: false,
            ready: VecDeque::new(),
            scratch: vec![0; CHUNK].into_boxed_slice(),
        }
    }

    /// The next frame; `None` at the end of input.
    pub fn read_frame(&mut self) -> io::Result<Option<Frame>> {
        while self.ready.is_empty() {
            if !self.read_one()? {
                break;
            }
        }
        Ok(self.ready.pop_front())
    }

    fn avail(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
    }

    /// Reads more input; false at its end.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        // Read bytes are dropped from the front once they are most of the
        // buffer, so neither copying nor memory grows with the stream.
        if self.start > CHUNK && self.start * 2 > self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let n = loop {
            match self.inner.read(&mut self.scratch[..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.buf.extend_from_slice(&self.scratch[..n]);
        self.eof = n == 0;
        Ok(n > 0)
    }

    /// Reads one header block and its body into `ready`; false at the end
    /// of input.
    fn read_one(&mut self) -> io::Result<bool> {
        let Some(declared) = self.read_headers()? else {
            return Ok(false);
        };
        self.read_body(declared)?;
        Ok(true)
    }

    /// Skips to the next header block and reads it. Stray bytes on the way
    /// are reported as one dropped stretch.
    fn read_headers(&mut self) -> io::Result<Option<Declared>> {
        let mut skipped = 0usize;
        let mut in_block = false;
        let mut length: Option<Declared> = None;
        // How far the unread bytes have been searched for a line break, so
        // a line arriving in small reads is not searched again and again.
        let mut searched = 0;
        loop {
            let avail = self.avail();
            let from = searched.min(avail.len());
            let found = avail[from..].iter().position(|&b| b == b'\n');
            searched = avail.len();
            let Some(newline) = found.map(|k| k + from) else {
                if avail.len() > MAX_HEADER_LINE {
                    // No header line is this long: skip it, keeping where a
                    // header may begin inside it (or a tail that could be the
                    // start of one).
                    let keep = match find_ci(&avail[1..], CONTENT_LENGTH) {
                        Some(k) => k + 1,
                        None => avail.len() - (CONTENT_LENGTH.len() - 1),
                    };
                    skipped += keep;
                    self.consume(keep);
                    searched = 0;
                    in_block = false;
                    length = None;
                    continue;
                }
                if !self.fill()? {
                    let rest = self.avail().len();
                    self.consume(rest);
                    if in_block || rest > 0 {
                        self.drop_note(None, "the input ended inside a frame's header".into());
                    } else if skipped > 0 {
                        self.drop_note(
                            None,
                            format!("skipped {skipped} bytes that belong to no frame"),
                        );
                    }
                    return Ok(None);
                }
                continue;
            };
            let line = trim_line(&avail[..newline]);
            if line.iter().all(u8::is_ascii_whitespace) {
                self.consume(newline + 1);
                searched = 0;
                if in_block {
                    break;
                }
                continue; // blank lines between frames
            }
            // A header, unless it is noise run into the next header (the
            // noise may be made of name characters) or longer than any.
            let header = header_line(line).filter(|(name, _)| {
                newline <= MAX_HEADER_LINE
                    && (name.eq_ignore_ascii_case(CONTENT_LENGTH)
                        || find_ci(name, CONTENT_LENGTH).is_none())
            });
            if let Some((name, value)) = header {
                if name.eq_ignore_ascii_case(CONTENT_LENGTH) {
                    length = Some(parse_length(value));
                }
                in_block = true;
                self.consume(newline + 1);
                searched = 0;
                continue;
            }
            // Not a header: the rest of a body cut short, or noise. A header
            // may begin inside it, after the noise.
            let cut = find_ci(&line[1..], CONTENT_LENGTH)
                .map(|k| k + 1)
                .filter(|&k| header_line(&line[k..]).is_some())
                .unwrap_or(newline + 1);
            skipped += cut;
            self.consume(cut);
            searched = 0;
            in_block = false;
            length = None;
        }
        if skipped > 0 {
            self.drop_note(
                None,
                format!("skipped {skipped} bytes that belong to no frame"),
            );
        }
        Ok(Some(length.unwrap_or_else(|| {
            Declared::Unknown("the header has no `Content-Length`".into())
        })))
    }

    /// Reads the body after a header block: up to the declared length, but
    /// no further than the end of its JSON object or the next header.
    fn read_body(&mut self, declared: Declared) -> io::Result<()> {
        let mut limit = match &declared {
            Declared::Length(n) => *n,
            Declared::Unknown(_) => MAX_FRAME,
        };
        // Leading whitespace is no part of the body's JSON (but counts in
        // its length).
        while limit > 0 {
            let ws = self
                .avail()
                .iter()
                .take(limit)
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            self.consume(ws);
            limit -= ws;
            if !self.avail().is_empty() || !self.fill()? {
                break;
            }
        }
        let structured = limit > 0 && matches!(self.avail().first(), Some(b'{' | b'['));
        if let Declared::Unknown(why) = &declared {
            if !structured {
                // Without a length only a JSON object can be delimited; what
                // follows is skipped up to the next header.
                self.drop_note(
                    Some(error_reply(Value::Null, -32600, why)),
                    format!("dropped a frame: {why}"),
                );
                return Ok(());
            }
        }
        let mut scan = Scan::default();
        let mut search_from = 0;
        let end = loop {
            let avail = self.avail();
            let have = avail.len().min(limit);
            if structured {
                if let Some(end) = scan.feed(&avail[..have]) {
                    break End::Closed(end);
                }
            }
            // A header line ends with a line break, so a body scanned
            // without one (as compact JSON is) needs no second look.
            if !structured || scan.saw_newline {
                match find_header(&avail[..have], search_from) {
                    Search::Found(at) => break End::Header(at),
                    Search::Undecided(at) => search_from = at,
                    Search::None => search_from = have.saturating_sub(CONTENT_LENGTH.len() - 1),
                }
            }
            if have == limit {
                break match self.header_across(limit, search_from)? {
                    Some(at) => End::Header(at),
                    None => End::Limit,
                };
            }
            if !self.fill()? {
                let rest = self.avail().len();
                self.consume(rest);
                self.drop_note(
                    None,
                    format!("the input ended inside a frame, after {rest} bytes of its body"),
                );
                return Ok(());
            }
        };
        let (len, over) = match end {
            End::Closed(n) | End::Header(n) => (n, false),
            End::Limit => (limit, matches!(declared, Declared::Unknown(_))),
        };
        let body = self.avail()[..len].to_vec();
        self.consume(len);
        if over {
            self.drop_note(
                Some(error_reply(recover_id(&body), -32600, "message too large")),
                format!("dropped a message of more than {} MiB", MAX_FRAME >> 20),
            );
            return Ok(());
        }
        let fault = match (&declared, end) {
            (Declared::Unknown(why), _) => Some(why.clone()),
            // A body that closes before its declared length is whole: what
            // follows it is read as the next frame (whitespace and noise are
            // skipped there), so a length too long for it costs nothing.
            // Whether the length was wrong cannot be told without waiting
            // for the rest, which may never come.
            (Declared::Length(_), _) => None,
        };
        let frame = match (decode(&body), fault) {
            (Frame::Message(message), Some(note)) => Frame::Repaired { message, note },
            (Frame::Dropped { reply, note }, Some(fault)) => Frame::Dropped {
                reply,
                note: format!("{note} ({fault})"),
            },
            (frame, None) => frame,
            (frame @ Frame::Repaired { .. }, Some(_)) => frame,
        };
        self.ready.push_back(frame);
        Ok(())
    }

    /// Where a header begins before `limit`, a body's declared end, when
    /// its line runs on past it (found by the `lsp` fuzz target): a header
    /// that begins first ends the body even so. Reads on past the limit, at
    /// most one header line, to see whether the line is a header, but only
    /// while one can be: a body whose bytes before the limit hold no start
    /// of one is never kept waiting for more input.
    fn header_across(&mut self, limit: usize, from: usize) -> io::Result<Option<usize>> {
        let longest = limit + CONTENT_LENGTH.len() + MAX_HEADER_LINE;
        loop {
            let avail = self.avail();
            let end = avail.len().min(longest);
            let more = end < longest;
            let wait = match find_header(&avail[..end], from) {
                Search::Found(at) if at < limit => return Ok(Some(at)),
                Search::Undecided(at) if at < limit => more,
                // The name itself may not have arrived whole yet.
                Search::None => {
                    more && end < limit + CONTENT_LENGTH.len() - 1
                        && name_begins_at_end(&avail[from.min(limit)..limit])
                }
                _ => false,
            };
            if !wait || !self.fill()? {
                return Ok(None);
            }
        }
    }

    fn drop_note(&mut self, reply: Option<Value>, note: String) {
        self.ready.push_back(Frame::Dropped { reply, note });
    }
}

/// Why a body stopped where it did.
#[derive(Clone, Copy)]
enum End {
    /// Its JSON object or array closed here.
    Closed(usize),
    /// The next frame's header begins here.
    Header(usize),
    /// The declared length (or [`MAX_FRAME`]) was reached.
    Limit,
}

/// Finds where a JSON object or array ends without parsing it, by counting
/// brackets outside strings, so a body can be delimited as it arrives.
#[derive(Default)]
struct Scan {
    pos: usize,
    depth: usize,
    in_string: bool,
    escape: bool,
    /// Whether a line break has been read (in a string or not).
    saw_newline: bool,
}

impl Scan {
    /// Reads on from where it stopped in `bytes` (which only grows); the end
    /// of the value once its outermost bracket closes.
    fn feed(&mut self, bytes: &[u8]) -> Option<usize> {
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            self.pos += 1;
            self.saw_newline |= b == b'\n';
            if self.in_string {
                if self.escape {
                    self.escape = false;
                } else if b == b'\\' {
                    self.escape = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Some(self.pos);
                    }
                }
                _ => {}
            }
        }
        None
    }
}

/// Where a `Content-Length` header line begins in a body, if one does.
enum Search {
    Found(usize),
    /// A candidate whose line has not fully arrived.
    Undecided(usize),
    None,
}

/// Looks for a header line `Content-Length: …` from `from` on. Valid JSON
/// never holds one: outside a string the name is not JSON, and inside a
/// string the line break is not allowed raw (and a value free of `"` would
/// have to end the string first).
fn find_header(bytes: &[u8], from: usize) -> Search {
    let mut at = from;
    while let Some(k) = bytes.get(at..).and_then(|b| find_ci(b, CONTENT_LENGTH)) {
        let start = at + k;
        let rest = &bytes[start + CONTENT_LENGTH.len()..];
        let name_end = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        match rest.get(name_end) {
            None => return Search::Undecided(start),
            Some(b':') => {
                let value = &rest[name_end + 1..];
                match value.iter().position(|b| matches!(b, b'"' | b'\n')) {
                    Some(v) if value[v] == b'\n' => return Search::Found(start),
                    None if value.len() < MAX_HEADER_LINE => return Search::Undecided(start),
                    _ => {}
                }
            }
            Some(_) => {}
        }
        at = start + 1;
    }
    Search::None
}

/// Whether `bytes` end with the first bytes of `Content-Length`, which the
/// next bytes may finish.
fn name_begins_at_end(bytes: &[u8]) -> bool {
    (1..CONTENT_LENGTH.len()).any(|n| {
        bytes.len() >= n && bytes[bytes.len() - n..].eq_ignore_ascii_case(&CONTENT_LENGTH[..n])
    })
}

/// The first place `needle` (lowercase ASCII) occurs in `hay`, in any case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// A line without its line break.
fn trim_line(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `name: value` with a name made of token characters (RFC 9110).
fn header_line(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = line[..colon].trim_ascii();
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    (!name.is_empty() && name.iter().all(token)).then(|| (name, line[colon + 1..].trim_ascii()))
}

fn parse_length(value: &[u8]) -> Declared {
    let text = String::from_utf8_lossy(value);
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Declared::Unknown(format!("`Content-Length` `{text}` is not a length"));
    }
    match text.parse::<usize>() {
        Ok(n) if n <= MAX_FRAME => Declared::Length(n),
        _ => Declared::Unknown(format!(
            "`Content-Length` {text} is over the limit of {} MiB",
            MAX_FRAME >> 20
        )),
    }
}

/// The top-level `id` of a body that is not valid JSON, when it can be read:
/// a number or a plain string after `"id":` at the outermost level.
fn recover_id(body: &[u8]) -> Value {
    let mut depth = 0usize;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let end = string_end(body, i + 1);
                if depth == 1 && &body[i + 1..end.min(body.len())] == b"id" {
                    if let Some(id) = id_value(&body[(end + 1).min(body.len())..]) {
                        return id;
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    Value::Null
}

/// The index of the `"` closing a string whose text starts at `from` (or the
/// end of `bytes`).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => return i,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The value after a key: `: 12` or `: "abc"` (complete, without escapes).
fn id_value(after_key: &[u8]) -> Option<Value> {
    let rest = after_key
        .trim_ascii_start()
        .strip_prefix(b":")?
        .trim_ascii_start();
    let value = if let Some(s) = rest.strip_prefix(b"\"") {
        let end = s.iter().position(|&b| b == b'"' || b == b'\\')?;
        (s[end] == b'"').then(|| &rest[..end + 2])?
    } else {
        // A number counts only once something ends it (a number cut short
        // would give the wrong id), and only if it is an integer.
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b'-'))?;
        if !matches!(rest[end], b',' | b'}' | b' ' | b'\t' | b'\r' | b'\n') {
            return None;
        }
        &rest[..end]
    };
    serde_json::from_slice::<Value>(value)
        .ok()
        .filter(|v| v.is_i64() || v.is_u64() || v.is_string())
}

fn decode(body: &[u8]) -> Frame {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Frame::Dropped {
                reply: Some(error_reply(
                    recover_id(body),
                    -32700,
                    &format!("invalid JSON: {e}"),
                )),
                note: format!("dropped a message that is not valid JSON: {e}"),
            }
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let problem = match shape_problem(&value) {
        Some(problem) => problem.to_string(),
        None => match serde_json::from_value::<Message>(value) {
            Ok(m) => return Frame::Message(m),
            Err(e) => format!("not a JSON-RPC message: {e}"),
        },
    };
    Frame::Dropped {
        reply: Some(error_reply(id, -32600, &problem)),
        note: format!("dropped a message: {problem}"),
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

/// A `window/logMessage` warning about the input. VS Code shows it in the
/// server's output channel and Neovim writes it to its LSP log (`:LspLog`) at
/// the default level, where a user looking into a misbehaving client looks;
/// a notification, unlike stderr, can also be checked by tests.
fn log_warning(note: &str) -> Vec<u8> {
    let params = json!({"type": 2, "message": format!("pactum lsp: {note}")});
    encode(&Message::Notification(Notification::new(
        "window/logMessage".into(),
        params,
    )))
}

/// The message a frame holds, if any, after sending through `send` what the
/// frame's faults call for: a logged warning for a repaired or dropped frame,
/// and the error reply a dropped frame gets.
pub fn admit(frame: Frame, send: &mut impl FnMut(Vec<u8>)) -> Option<Message> {
    match frame {
        Frame::Message(m) => Some(m),
        Frame::Repaired { message, note } => {
            send(log_warning(&note));
            Some(message)
        }
        Frame::Dropped { reply, note } => {
            if let Some(reply) = reply {
                send(encode_value(&reply));
            }
            send(log_warning(&note));
            None
        }
    }
}

/// Threads that read stdin into messages and write framed bytes to stdout.
/// Faults in the input are answered and logged by the reader itself, so the
/// server only ever sees whole messages.
pub struct Stdio {
    /// Messages read from stdin, in order.
    pub incoming: Receiver<Message>,
    /// Framed bytes to write to stdout.
    pub outgoing: Sender<Vec<u8>>,
    writer: JoinHandle<()>,
}

impl Stdio {
    /// Starts the reader and writer threads.
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
            let mut frames = FrameReader::new(io::stdin().lock());
            while let Ok(Some(frame)) = frames.read_frame() {
                let Some(message) = admit(frame, &mut |bytes| {
                    let _ = errors.send(bytes);
                }) else {
                    continue;
                };
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if in_tx.send(message).is_err() || exit {
                    break;
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

    /// What the client sees of a frame: a message handled by the server, an
    /// error reply (code and id), or a line in its log.
    #[derive(Debug, Clone, PartialEq)]
    enum Seen {
        Handled(String),
        Reply(i64, Value),
        Log,
    }

    use Seen::*;

    fn handled(method: &str) -> Seen {
        Handled(method.to_string())
    }

    /// Reads all of `input`, delivered `chunk` bytes at a time.
    fn seen_in_chunks(input: &[u8], chunk: usize) -> Vec<Seen> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = FrameReader::new(Trickle(input, chunk));
        let mut seen = Vec::new();
        while let Some(frame) = r.read_frame().expect("reading from memory") {
            match frame {
                Frame::Message(m) => seen.push(Handled(method(&m))),
                Frame::Repaired { message, note } => {
                    assert!(!note.is_empty());
                    seen.push(Log);
                    seen.push(Handled(method(&message)));
                }
                Frame::Dropped { reply, note } => {
                    assert!(!note.is_empty());
                    if let Some(v) = reply {
                        seen.push(Reply(v["error"]["code"].as_i64().unwrap(), v["id"].clone()));
                    }
                    seen.push(Log);
                }
            }
        }
        seen
    }

    fn method(m: &Message) -> String {
        match m {
            Message::Request(r) => r.method.clone(),
            Message::Notification(n) => n.method.clone(),
            Message::Response(r) => format!("response {}", r.id),
        }
    }

    /// What the client sees, the same however the input is cut into reads.
    fn seen(input: &[u8]) -> Vec<Seen> {
        let whole = seen_in_chunks(input, usize::MAX);
        for chunk in [1, 2, 7, 100] {
            assert_eq!(
                seen_in_chunks(input, chunk),
                whole,
                "read {chunk} bytes at a time"
            );
        }
        whole
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn with_length(length: &str, body: &str) -> String {
        format!("Content-Length: {length}\r\n\r\n{body}")
    }

    const HOVER: &str = r#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.pactum"},"position":{"line":0,"character":1}}}"#;
    const SHUTDOWN: &str = r#"{"jsonrpc":"2.0","id":9,"method":"shutdown"}"#;
    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    /// The frames after a bad one: both are still read.
    fn then_good() -> String {
        frame(SHUTDOWN) + &frame(EXIT)
    }

    fn good() -> [Seen; 2] {
        [handled("shutdown"), handled("exit")]
    }

    #[test]
    fn well_framed_messages_with_odd_headers() {
        let input = [
            frame(HOVER),
            format!("content-LENGTH:{}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{SHUTDOWN}", SHUTDOWN.len()),
            format!("X-Other: 1\nContent-Length:  {} \n\n{EXIT}", EXIT.len()),
            "\r\n".into(),
        ]
        .concat();
        assert_eq!(
            seen(input.as_bytes()),
            [
                handled("textDocument/hover"),
                handled("shutdown"),
                handled("exit")
            ]
        );
    }

    #[test]
    fn bodies_that_look_like_headers_inside_strings_are_whole() {
        // Pretty-printed JSON, and a string with header text: framed rightly,
        // neither is taken for the next header.
        let pretty = "{\n  \"jsonrpc\": \"2.0\",\n  \"id\": 1,\n  \"method\": \"a\",\n  \"params\": {\"text\": \"Content-Length: 5\\r\\n\\r\\n{}\"}\n}\n";
        let tricky =
            r#"{"jsonrpc":"2.0","method":"b","params":{"t":"Content-Length: 12","u":"}}]]\"{"}}"#;
        let input = frame(pretty) + &frame(tricky) + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [
                handled("a"),
                handled("b"),
                handled("shutdown"),
                handled("exit")
            ]
        );
    }

    #[test]
    fn a_length_shorter_than_the_body_costs_that_message_only() {
        // The cut body is answered with its id; the rest of it is skipped.
        let input = with_length("40", HOVER) + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Reply(-32700, json!(3)), Log, Log][..], &good()].concat()
        );
        // Cut before its id: answered with a null id, as JSON-RPC asks.
        let input = with_length("10", HOVER) + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Reply(-32700, Value::Null), Log, Log][..], &good()].concat()
        );
    }

    #[test]
    fn a_length_longer_than_the_body_does_not_eat_the_next_frame() {
        // A whole message is handled.
        let long = (HOVER.len() + 30).to_string();
        let input = with_length(&long, HOVER) + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[handled("textDocument/hover")][..], &good()].concat()
        );
        // A garbled one is answered; the next frame is read from its header.
        let input = with_length("50", "{{{{{") + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Reply(-32700, Value::Null), Log][..], &good()].concat()
        );
        let input = with_length("60", r#"{"id": 4.5, "method": "#) + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Reply(-32700, Value::Null), Log][..], &good()].concat()
        );
        let input = with_length("60", r#"{"id": 4, "method": "#) + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Reply(-32700, json!(4)), Log][..], &good()].concat()
        );
        // Even when the next frame starts with another header.
        let input = with_length("500", HOVER) + "Content-Type: x\r\n" + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[handled("textDocument/hover")][..], &good()].concat()
        );
    }

    /// Found by the `lsp` fuzz target: a body cut short whose declared
    /// length ends inside the next frame's header line. The header begins
    /// before the declared end, so it ends the body; but it was only taken
    /// for one when its whole line lay within the length, so the body ran to
    /// the middle of the header, the rest of the frame was skipped as noise,
    /// and `shutdown` was lost.
    #[test]
    fn a_header_that_begins_before_the_declared_end_ends_the_body() {
        for cut in [
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"x\",\"params\":{\"t\": dm\"\n",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"x\",\"params\":{\"t\": 1",
        ] {
            let blank = "\r\n\r\n";
            for into_header in [1, 5, 15, 16, 17, 18] {
                let long = (cut.len() + blank.len() + into_header).to_string();
                let input = with_length(&long, cut) + blank + &then_good();
                assert_eq!(
                    seen(input.as_bytes()),
                    [&[Reply(-32700, json!(5)), Log][..], &good()].concat(),
                    "{cut:?}, length ends {into_header} bytes into the header"
                );
            }
        }
    }

    #[test]
    fn unusable_lengths_are_read_as_no_length() {
        for length in [
            "99999999999999999999",
            "-5",
            "abc",
            "",
            "1e3",
            "0x10",
            "99999999999",
        ] {
            // A whole message after the header is handled.
            let input = with_length(length, HOVER) + &then_good();
            assert_eq!(
                seen(input.as_bytes()),
                [&[Log, handled("textDocument/hover")][..], &good()].concat(),
                "Content-Length: {length}"
            );
            // Anything else is answered and skipped.
            let input = with_length(length, "garbage") + &then_good();
            assert_eq!(
                seen(input.as_bytes()),
                [&[Reply(-32600, Value::Null), Log, Log][..], &good()].concat(),
                "Content-Length: {length}"
            );
        }
    }

    #[test]
    fn a_header_block_without_a_length() {
        let input = format!("Content-Type: application/json\r\n\r\n{HOVER}") + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Log, handled("textDocument/hover")][..], &good()].concat()
        );
        let input =
            "Content-Type: application/json\r\n\r\n{\"id\": \"x7\", ".to_string() + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Reply(-32700, json!("x7")), Log][..], &good()].concat()
        );
    }

    #[test]
    fn a_huge_length_allocates_nothing_and_resynchronises() {
        // Nothing of the claimed size is allocated, and the reader does not
        // wait for it.
        let input = with_length(&u64::MAX.to_string(), "{") + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Reply(-32700, Value::Null), Log][..], &good()].concat()
        );
        let input = with_length(&(MAX_FRAME + 1).to_string(), "") + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Reply(-32600, Value::Null), Log][..], &good()].concat()
        );
    }

    #[test]
    fn valid_json_that_is_not_json_rpc_is_answered() {
        let input = [
            frame("[1, 2]"),
            frame(r#"{"id": 4}"#),
            frame("42"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            frame("{not json"),
            then_good(),
        ]
        .concat();
        assert_eq!(
            seen(input.as_bytes()),
            [
                &[
                    Reply(-32600, Value::Null),
                    Log,
                    Reply(-32600, json!(4)),
                    Log,
                    Reply(-32600, Value::Null),
                    Log,
                    Reply(-32600, json!(7)),
                    Log,
                    Reply(-32700, Value::Null),
                    Log,
                ][..],
                &good()
            ]
            .concat()
        );
    }

    #[test]
    fn noise_between_frames_is_skipped_and_logged() {
        let mut input = b"\xff\xfe garbage \x00\r\n{\"id\":1}\r\n\r\n".to_vec();
        input.extend_from_slice(frame(HOVER).as_bytes());
        // A long run without a line break, then a header after the noise.
        input.extend(std::iter::repeat_n(b'x', 3 * MAX_HEADER_LINE));
        input.extend_from_slice(then_good().as_bytes());
        assert_eq!(
            seen(&input),
            [&[Log, handled("textDocument/hover"), Log][..], &good()].concat()
        );
    }

    #[test]
    fn the_end_of_input_inside_a_frame_is_logged() {
        for cut in [
            "Content-Len",
            "Content-Length: 50\r\n",
            "Content-Length: 50\r\n\r\n{\"jsonrpc\"",
            "Content-Length: x\r\n\r\n{\"jsonrpc\"",
            "noise",
        ] {
            let input = frame(SHUTDOWN) + cut;
            assert_eq!(
                seen(input.as_bytes()),
                [handled("shutdown"), Log],
                "{cut:?}"
            );
        }
        assert_eq!(seen(b""), []);
    }

    /// Pieces of broken frames, to be strung together at random.
    const BROKEN: &[&str] = &[
        "Content-Length: 3\r\n\r\n",
        "Content-Length: 999\r\n\r\n",
        "Content-Length: 99999999999999999999\r\n",
        "content-length: -1\r\n\r\n",
        "Content-Type: x\r\n",
        "\r\n",
        "\n",
        "{",
        "}",
        "[",
        "\"",
        "\\",
        "{\"id\": 5, ",
        "{\"jsonrpc\":\"2.0\",\"method\":\"a\"}",
        "Content-Len",
        ": ",
        "12",
        "\u{0}\u{ff}",
    ];

    proptest::proptest! {
        /// Whatever broken frames come first, of the well-framed messages
        /// after them at most the first is lost: the reader is back in step
        /// by the second, and never reads the end of input as a hang.
        #[test]
        fn any_noise_costs_at_most_one_following_message(
            pieces in proptest::collection::vec(0..BROKEN.len(), 0..12),
            chunk in 1usize..64,
        ) {
            let noise: String = pieces.iter().map(|&i| BROKEN[i]).collect();
            let input = noise + &frame(HOVER) + &then_good();
            let got = seen_in_chunks(input.as_bytes(), chunk);
            let messages: Vec<_> = got.iter().filter(|s| matches!(s, Handled(_))).collect();
            let tail = &messages[messages.len().saturating_sub(2)..];
            proptest::prop_assert_eq!(tail, [&handled("shutdown"), &handled("exit")], "{:?}", got);
        }
    }

    #[test]
    fn a_zero_length_does_not_wait_for_a_body() {
        let input = with_length("0", "") + &then_good();
        assert_eq!(
            seen(input.as_bytes()),
            [&[Reply(-32700, Value::Null), Log][..], &good()].concat()
        );
    }
}
