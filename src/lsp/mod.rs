//! `pactum lsp`: the language server, a thin front end over the library
//! like the CLI. A synchronous loop over `lsp-server` messages (as in
//! rust-analyzer, ruff and Gleam): one message at a time, in order, no async
//! runtime. Diagnostics are computed by `check::check_text`, the same entry
//! point as `pactum check`, and published once the user pauses typing.

mod actions;
mod analysis;
mod complete;
mod features;
mod format;
mod hints;
mod position;
mod server;
mod symbols;
mod tokens;
mod transport;

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use lsp_server::Message;

pub use format::format_document;
pub use server::{notification, request, Formatter, Server};
use transport::{admit, encode, FrameReader};

/// How long the user must pause typing before diagnostics are re-checked.
pub const DEBOUNCE: Duration = Duration::from_millis(40);
/// The longest diagnostics wait while the user keeps typing.
pub const MAX_DELAY: Duration = Duration::from_millis(400);

/// Serves on stdin and stdout until `exit`; returns the process exit code.
pub fn run() -> i32 {
    let io = transport::Stdio::start();
    let mut server = Server::default();
    let outgoing = io.outgoing.clone();
    let code = serve(&mut server, &io.incoming, |m| {
        let _ = outgoing.send(encode(&m));
    });
    drop(outgoing);
    io.finish();
    code
}

/// The main loop: handle messages as they come, and publish diagnostics when
/// no change has arrived for [`DEBOUNCE`] (or [`MAX_DELAY`] has passed).
pub fn serve(
    server: &mut Server,
    incoming: &Receiver<Message>,
    mut send: impl FnMut(Message),
) -> i32 {
    let mut first_change: Option<Instant> = None;
    let mut last_change = Instant::now();
    loop {
        let msg = if server.has_pending() {
            let first = *first_change.get_or_insert(last_change);
            let deadline = (last_change + DEBOUNCE).min(first + MAX_DELAY);
            match incoming.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    server.flush().into_iter().for_each(&mut send);
                    first_change = None;
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return 1,
            }
        } else {
            first_change = None;
            match incoming.recv() {
                Ok(m) => m,
                Err(_) => return 1, // input closed without `exit`
            }
        };
        let is_change = matches!(&msg, Message::Notification(_));
        server.handle(msg).into_iter().for_each(&mut send);
        if is_change && server.has_pending() {
            last_change = Instant::now();
        }
        if let Some(code) = server.exit_code() {
            return code;
        }
    }
}

/// Serves one whole session from `input`, as `pactum lsp` serves standard
/// input, and returns the bytes it would write to standard output and its
/// exit code (`None` when the input ends without `exit`). It runs the same
/// frame reader and server as [`run`], in one thread, publishing diagnostics
/// after every message instead of after a pause; the fuzzer's `lsp` target
/// and tests drive it.
pub fn serve_bytes(input: &[u8]) -> (Vec<u8>, Option<i32>) {
    let mut server = Server::default();
    let mut out = Vec::new();
    let mut frames = FrameReader::new(input);
    // Reading from memory cannot fail.
    while let Ok(Some(frame)) = frames.read_frame() {
        let Some(message) = admit(frame, &mut |bytes| out.extend(bytes)) else {
            continue;
        };
        for reply in server.handle_now(message) {
            out.extend(encode(&reply));
        }
        if let Some(code) = server.exit_code() {
            return (out, Some(code));
        }
    }
    (out, None)
}
