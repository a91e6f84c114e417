//! The server's state and its message handler. It knows nothing about pipes:
//! a message goes in, the messages to send come out, so tests and benchmarks
//! drive it in-process exactly as the stdio loop does.

use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response, ResponseError};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{notification as notif, request as req, *};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::analysis::{doc_path, Analysis};
use super::position::LineMap;
use super::{actions, complete, features, hints, symbols, tokens};
use crate::workspace::{contract_files, file_key, normalize, same_file};

/// Formats a whole document, or says it cannot (it does not parse).
pub type Formatter = fn(&str) -> Option<String>;

struct Document {
    text: String,
    path: PathBuf,
    /// The last check, until the document or a file it reads changes.
    analysis: Option<Rc<Analysis>>,
    /// Every file of the last check's amendment chain, each as its
    /// [`file_key`], to know when to re-check.
    reads: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Uninitialized,
    Running,
    ShuttingDown,
}

/// The language server as a state machine: each message in gives the messages out, apart from any transport.
pub struct Server {
    phase: Phase,
    docs: HashMap<Url, Document>,
    root: Option<PathBuf>,
    /// Documents whose diagnostics must be computed and published.
    dirty: BTreeSet<Url>,
    /// Published diagnostics: target file → checked document → its findings
    /// there. A file's list is the union over documents, so checking one
    /// document never wipes what another found in a shared amended file.
    published: HashMap<Url, HashMap<Url, Vec<Diagnostic>>>,
    formatter: Formatter,
    exit: Option<i32>,
    /// Notifications to send that a notification caused (cleared diagnostics).
    outbox: Vec<Message>,
}

type Handled = Result<Value, ResponseError>;

impl Default for Server {
    fn default() -> Self {
        Server::new(super::format::format_document)
    }
}

impl Server {
    /// A server that formats documents with `formatter`.
    pub fn new(formatter: Formatter) -> Self {
        Server {
            phase: Phase::Uninitialized,
            docs: HashMap::new(),
            root: None,
            dirty: BTreeSet::new(),
            published: HashMap::new(),
            formatter,
            exit: None,
            outbox: Vec::new(),
        }
    }

    /// The process exit code once the client sent `exit`: 0 after a
    /// `shutdown`, 1 without one, as the protocol asks.
    pub fn exit_code(&self) -> Option<i32> {
        self.exit
    }

    /// Whether some document waits for its diagnostics.
    pub fn has_pending(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Handles one message and returns what to send back. Diagnostics wait
    /// for [`Server::flush`], so that fast typing re-checks once.
    pub fn handle(&mut self, msg: Message) -> Vec<Message> {
        match msg {
            Message::Request(r) => vec![Message::Response(self.request(r))],
            Message::Notification(n) => {
                self.notification(n);
                std::mem::take(&mut self.outbox)
            }
            // We send no requests, so there is nothing to match replies to.
            Message::Response(_) => Vec::new(),
        }
    }

    /// Handles a message and publishes diagnostics at once (for tests).
    pub fn handle_now(&mut self, msg: Message) -> Vec<Message> {
        let mut out = self.handle(msg);
        out.extend(self.flush());
        out
    }

    fn request(&mut self, r: Request) -> Response {
        let id = r.id.clone();
        let method = r.method.clone();
        let result = match (self.phase, method.as_str()) {
            (Phase::Uninitialized, req::Initialize::METHOD) => self.initialize(r.params),
            (Phase::Uninitialized, _) => Err(error(
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet",
            )),
            (_, req::Initialize::METHOD) => Err(error(
                ErrorCode::InvalidRequest,
                "the server is already initialized",
            )),
            (Phase::ShuttingDown, _) => Err(error(
                ErrorCode::InvalidRequest,
                "the server is shutting down",
            )),
            (Phase::Running, req::Shutdown::METHOD) => {
                self.phase = Phase::ShuttingDown;
                Ok(Value::Null)
            }
            (Phase::Running, _) => guarded(&method, || self.dispatch(&method, r.params)),
        };
        match result {
            Ok(value) => Response {
                id,
                result: Some(value),
                error: None,
            },
            Err(e) => Response {
                id,
                result: None,
                error: Some(e),
            },
        }
    }

    fn initialize(&mut self, params: Value) -> Handled {
        let params: InitializeParams = parse(params)?;
        #[allow(deprecated)] // rootUri is still what many clients send
        let root = params
            .workspace_folders
            .and_then(|f| f.into_iter().next().map(|f| f.uri))
            .or(params.root_uri);
        self.root = root.and_then(|u| u.to_file_path().ok());
        self.phase = Phase::Running;
        to_value(InitializeResult {
            capabilities: capabilities(),
            server_info: Some(ServerInfo {
                name: "pactum".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    fn dispatch(&mut self, method: &str, params: Value) -> Handled {
        match method {
            req::HoverRequest::METHOD => {
                let p: HoverParams = parse(params)?;
                let pos = p.text_document_position_params;
                let a = self.analysis(&pos.text_document.uri)?;
                to_value(features::hover(&a, pos.position))
            }
            req::GotoDefinition::METHOD => {
                let p: GotoDefinitionParams = parse(params)?;
                let pos = p.text_document_position_params;
                let a = self.analysis(&pos.text_document.uri)?;
                let found = features::definition(&a, pos.position);
                to_value((!found.is_empty()).then_some(GotoDefinitionResponse::Array(found)))
            }
            req::References::METHOD => {
                let p: ReferenceParams = parse(params)?;
                let pos = p.text_document_position;
                let a = self.analysis(&pos.text_document.uri)?;
                to_value(features::references(
                    &a,
                    pos.position,
                    p.context.include_declaration,
                ))
            }
            req::PrepareRenameRequest::METHOD => {
                let p: TextDocumentPositionParams = parse(params)?;
                let a = self.analysis(&p.text_document.uri)?;
                to_value(features::prepare_rename(&a, p.position))
            }
            req::Rename::METHOD => {
                let p: RenameParams = parse(params)?;
                let pos = p.text_document_position;
                to_value(self.rename(&pos.text_document.uri, pos.position, &p.new_name)?)
            }
            req::DocumentSymbolRequest::METHOD => {
                let p: DocumentSymbolParams = parse(params)?;
                let a = self.analysis(&p.text_document.uri)?;
                to_value(DocumentSymbolResponse::Nested(symbols::document(&a)))
            }
            req::WorkspaceSymbolRequest::METHOD => {
                let p: WorkspaceSymbolParams = parse(params)?;
                to_value(self.workspace_symbols(&p.query))
            }
            req::Completion::METHOD => {
                let p: CompletionParams = parse(params)?;
                let pos = p.text_document_position;
                let a = self.analysis(&pos.text_document.uri)?;
                to_value(CompletionResponse::Array(complete::complete(
                    &a,
                    pos.position,
                )))
            }
            req::CodeActionRequest::METHOD => {
                let p: CodeActionParams = parse(params)?;
                let a = self.analysis(&p.text_document.uri)?;
                to_value(actions::code_actions(&a, p.range))
            }
            req::InlayHintRequest::METHOD => {
                let p: InlayHintParams = parse(params)?;
                let a = self.analysis(&p.text_document.uri)?;
                to_value(hints::inlay_hints(&a, p.range))
            }
            req::SemanticTokensFullRequest::METHOD => {
                let p: SemanticTokensParams = parse(params)?;
                let a = self.analysis(&p.text_document.uri)?;
                to_value(SemanticTokensResult::Tokens(tokens::semantic_tokens(
                    &a, None,
                )))
            }
            req::SemanticTokensRangeRequest::METHOD => {
                let p: SemanticTokensRangeParams = parse(params)?;
                let a = self.analysis(&p.text_document.uri)?;
                to_value(SemanticTokensRangeResult::Tokens(tokens::semantic_tokens(
                    &a,
                    Some(p.range),
                )))
            }
            req::Formatting::METHOD => {
                let p: DocumentFormattingParams = parse(params)?;
                let text = &self.doc(&p.text_document.uri)?.text;
                to_value(format_edits(text, self.formatter))
            }
            _ => Err(error(
                ErrorCode::MethodNotFound,
                &format!("unknown method `{method}`"),
            )),
        }
    }

    fn notification(&mut self, n: Notification) {
        if n.method == notif::Exit::METHOD {
            self.exit = Some(if self.phase == Phase::ShuttingDown {
                0
            } else {
                1
            });
            return;
        }
        if self.phase != Phase::Running {
            return;
        }
        let method = n.method.clone();
        let result = guarded(&method, || self.on_notification(&method, n.params));
        if let Err(e) = result {
            // Notifications have no reply; the client's log is stderr.
            eprintln!("pactum lsp: {method}: {}", e.message);
        }
    }

    fn on_notification(&mut self, method: &str, params: Value) -> Handled {
        match method {
            notif::DidOpenTextDocument::METHOD => {
                let p: DidOpenTextDocumentParams = parse(params)?;
                let url = p.text_document.uri;
                let doc = Document {
                    path: doc_path(&url),
                    text: p.text_document.text,
                    analysis: None,
                    reads: Vec::new(),
                };
                let path = doc.path.clone();
                self.docs.insert(url.clone(), doc);
                self.changed(&url, &path);
            }
            notif::DidChangeTextDocument::METHOD => {
                let p: DidChangeTextDocumentParams = parse(params)?;
                let url = p.text_document.uri;
                let doc = self.docs.get_mut(&url).ok_or_else(|| not_open(&url))?;
                for change in p.content_changes {
                    apply_change(&mut doc.text, change);
                }
                let path = doc.path.clone();
                self.changed(&url, &path);
            }
            notif::DidCloseTextDocument::METHOD => {
                let p: DidCloseTextDocumentParams = parse(params)?;
                let url = p.text_document.uri;
                if let Some(doc) = self.docs.remove(&url) {
                    self.dirty.remove(&url);
                    self.changed(&url, &doc.path);
                }
                let cleared = self.retract(&url);
                self.outbox.extend(cleared);
            }
            notif::DidChangeWatchedFiles::METHOD | notif::DidSaveTextDocument::METHOD => {
                // A file on disk changed: any document may read it.
                for (url, doc) in &mut self.docs {
                    doc.analysis = None;
                    self.dirty.insert(url.clone());
                }
            }
            _ => {} // `initialized`, `$/cancelRequest`, …: nothing to do
        }
        Ok(Value::Null)
    }

    /// Marks the document and every document that read it for re-checking.
    fn changed(&mut self, url: &Url, path: &Path) {
        let key = file_key(path);
        for (u, doc) in &mut self.docs {
            if u == url || doc.reads.contains(&key) {
                doc.analysis = None;
                self.dirty.insert(u.clone());
            }
        }
    }

    fn doc(&self, url: &Url) -> Result<&Document, ResponseError> {
        self.docs.get(url).ok_or_else(|| not_open(url))
    }

    /// The check of an open document, computed once per change.
    fn analysis(&mut self, url: &Url) -> Result<Rc<Analysis>, ResponseError> {
        let doc = self.doc(url)?;
        if let Some(a) = &doc.analysis {
            return Ok(a.clone());
        }
        let analysis = {
            let docs = &self.docs;
            // Open documents are read from memory first: an amended contract
            // being edited is checked as it stands in the editor.
            let mut read = |p: &Path| -> std::io::Result<Vec<u8>> {
                let p = normalize(p);
                match docs.values().find(|d| same_file(&d.path, &p)) {
                    Some(d) => Ok(d.text.clone().into_bytes()),
                    None => crate::fs::read_contract(&p),
                }
            };
            Rc::new(Analysis::new(url, &doc.path, &doc.text, &mut read))
        };
        let doc = self.docs.get_mut(url).expect("looked up above");
        doc.reads = analysis.paths();
        doc.analysis = Some(analysis.clone());
        Ok(analysis)
    }

    /// Renames the name at `pos` in every file of the document's chain, and
    /// in the open documents that amend it (their chains hold it too); a
    /// name refused by any of those chains is refused.
    fn rename(
        &mut self,
        url: &Url,
        pos: Position,
        new_name: &str,
    ) -> Result<Option<WorkspaceEdit>, ResponseError> {
        let refused = |reason: String| error(ErrorCode::RequestFailed, &reason);
        let a = self.analysis(url)?;
        let offset = a.offset(pos);
        let Some(mut edits) =
            features::rename_edits(&a, a.main, offset, new_name).map_err(refused)?
        else {
            return Ok(None);
        };
        let key = file_key(&self.doc(url)?.path);
        let amending: Vec<Url> = (self.docs.iter())
            .filter(|(u, d)| *u != url && d.reads.contains(&key))
            .map(|(u, _)| u.clone())
            .collect();
        for other in amending {
            let b = self.analysis(&other)?;
            let file = b
                .chain()
                .into_iter()
                .find(|f| file_key(Path::new(b.loaded.sources.path(*f))) == key);
            let Some(file) = file else { continue };
            let more = features::rename_edits(&b, file, offset, new_name).map_err(refused)?;
            edits.extend(more.unwrap_or_default());
        }
        Ok(Some(features::workspace_edit(edits)))
    }

    /// Checks every changed document and publishes its diagnostics.
    pub fn flush(&mut self) -> Vec<Message> {
        let dirty = std::mem::take(&mut self.dirty);
        let mut out = Vec::new();
        for url in dirty {
            let found = guarded("diagnostics", || Ok(self.analysis(&url)?.diagnostics()));
            let by_file = match found {
                Ok(by_file) => by_file,
                Err(e) => {
                    // Say so where the user looks rather than fail silently.
                    let mut d = Diagnostic::new_simple(Range::default(), e.message);
                    d.source = Some("pactum".to_string());
                    HashMap::from([(url.clone(), vec![d])])
                }
            };
            out.extend(self.contribute(&url, by_file));
        }
        out
    }

    /// Replaces what `owner` found and republishes every file that changed.
    fn contribute(&mut self, owner: &Url, by_file: HashMap<Url, Vec<Diagnostic>>) -> Vec<Message> {
        let mut touched: BTreeSet<Url> = self
            .published
            .iter()
            .filter(|(_, owners)| owners.contains_key(owner))
            .map(|(target, _)| target.clone())
            .collect();
        for owners in self.published.values_mut() {
            owners.remove(owner);
        }
        for (target, list) in by_file {
            touched.insert(target.clone());
            self.published
                .entry(target)
                .or_default()
                .insert(owner.clone(), list);
        }
        touched.into_iter().map(|t| self.publish(&t)).collect()
    }

    /// Withdraws everything a closed document found.
    fn retract(&mut self, owner: &Url) -> Vec<Message> {
        let out = self.contribute(owner, HashMap::new());
        self.published.retain(|_, owners| !owners.is_empty());
        out
    }

    fn publish(&self, target: &Url) -> Message {
        let mut all: Vec<Diagnostic> = Vec::new();
        if let Some(owners) = self.published.get(target) {
            let mut keys: Vec<&Url> = owners.keys().collect();
            keys.sort();
            for d in keys.into_iter().flat_map(|k| &owners[k]) {
                if !all.contains(d) {
                    all.push(d.clone());
                }
            }
        }
        let params = PublishDiagnosticsParams::new(target.clone(), all, None);
        Message::Notification(Notification::new(
            notif::PublishDiagnostics::METHOD.to_string(),
            params,
        ))
    }

    fn workspace_symbols(&self, query: &str) -> Vec<SymbolInformation> {
        let mut files: Vec<(Url, String)> = self
            .docs
            .iter()
            .map(|(u, d)| (u.clone(), d.text.clone()))
            .collect();
        if let Some(root) = &self.root {
            let open: Vec<PathBuf> = self.docs.values().map(|d| file_key(&d.path)).collect();
            for path in contract_files(&root.join("contracts")).unwrap_or_default() {
                let path = normalize(&path);
                if open.contains(&file_key(&path)) {
                    continue;
                }
                let text = crate::fs::read_contract(&path)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok());
                if let (Some(url), Some(text)) = (super::analysis::file_url(&path), text) {
                    files.push((url, text));
                }
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        symbols::workspace(&files, query)
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        inlay_hint_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: Some(true),
                ..Default::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string()]),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Applies one change: the whole text, or a range of it (clamped, so a
/// client that is out of step cannot make us panic).
fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let span = LineMap::new(text).span(text, range);
            text.replace_range(span, &change.text);
        }
    }
}

/// One edit replacing the whole document, or none when it is already formatted.
fn format_edits(text: &str, formatter: Formatter) -> Option<Vec<TextEdit>> {
    let formatted = formatter(text)?;
    if formatted == text {
        return Some(Vec::new());
    }
    let map = LineMap::new(text);
    let range = Range::new(Position::new(0, 0), map.end(text));
    Some(vec![TextEdit::new(range, formatted)])
}

/// Runs a handler; a panic inside becomes an error reply, not a dead server.
fn guarded<T>(
    method: &str,
    f: impl FnOnce() -> Result<T, ResponseError>,
) -> Result<T, ResponseError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(error(
                ErrorCode::InternalError,
                &format!("internal error in `{method}`: {what}"),
            ))
        }
    }
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, ResponseError> {
    serde_json::from_value(params).map_err(|e| {
        error(
            ErrorCode::InvalidParams,
            &format!("invalid parameters: {e}"),
        )
    })
}

fn to_value(v: impl serde::Serialize) -> Handled {
    serde_json::to_value(v).map_err(|e| error(ErrorCode::InternalError, &e.to_string()))
}

fn error(code: ErrorCode, message: &str) -> ResponseError {
    ResponseError {
        code: code as i32,
        message: message.to_string(),
        data: None,
    }
}

fn not_open(url: &Url) -> ResponseError {
    error(
        ErrorCode::InvalidParams,
        &format!("the document `{url}` is not open"),
    )
}

/// A request id as lsp-server spells it, for tests that build messages.
pub fn request(id: i32, method: &str, params: impl serde::Serialize) -> Message {
    Message::Request(Request::new(
        RequestId::from(id),
        method.to_string(),
        params,
    ))
}

/// A notification as lsp-server spells it, for tests that build messages.
pub fn notification(method: &str, params: impl serde::Serialize) -> Message {
    Message::Notification(Notification::new(method.to_string(), params))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const URI: &str = "file:///tmp/pactum-server-test/a.pactum";
    const TEXT: &str = "contract \"T\" effective 2025-01-01\n\
        party ms \"Microsoft\"\naction use\nevent agi\n\
        subject ip { models { weights } research }\n\
        clause a { /* 😀 “x” */ ms may use ip.models from 2026-03-01 until 2027-01-01 }\n\
        clause b { ms must not use ip.research from 2027-01-01 }\n";

    fn started(formatter: Formatter) -> Server {
        let mut s = Server::new(formatter);
        let init = json!({"processId": null, "rootUri": null, "capabilities": {}});
        s.handle(request(1, "initialize", init));
        s.handle(notification("initialized", json!({})));
        let open = json!({"textDocument": {"uri": URI, "languageId": "pactum", "version": 1, "text": TEXT}});
        s.handle_now(notification("textDocument/didOpen", open));
        s
    }

    fn ask(s: &mut Server, method: &str, params: Value) -> Response {
        match s.handle(request(9, method, params)).pop() {
            Some(Message::Response(r)) => r,
            other => panic!("a response, got {other:?}"),
        }
    }

    fn at(needle: &str) -> Value {
        let offset = TEXT.find(needle).expect("needle");
        let pos = LineMap::new(TEXT).position(TEXT, offset);
        json!({"textDocument": {"uri": URI}, "position": pos})
    }

    fn hover_text(s: &mut Server, needle: &str) -> (String, Value) {
        let r = ask(s, "textDocument/hover", at(needle));
        let result = r.result.expect("a hover");
        (
            result["contents"]["value"].as_str().unwrap().to_string(),
            result["range"].clone(),
        )
    }

    #[test]
    fn a_panicking_handler_becomes_an_error_reply() {
        let mut s = started(|_| panic!("formatter exploded"));
        let r = ask(
            &mut s,
            "textDocument/formatting",
            json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
        );
        let e = r.error.expect("an error");
        assert_eq!(e.code, ErrorCode::InternalError as i32);
        assert!(e.message.contains("formatter exploded"), "{}", e.message);
        // And the server goes on.
        assert!(hover_text(&mut s, "ms may").0.starts_with("**party** `ms`"));
    }

    #[test]
    fn formatting_is_one_edit_over_the_whole_document() {
        let mut s = started(|t| Some(t.replace("party ", "party  ")));
        let r = ask(
            &mut s,
            "textDocument/formatting",
            json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
        );
        let edits: Vec<TextEdit> = serde_json::from_value(r.result.unwrap()).unwrap();
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].range.start, Position::new(0, 0));
        assert_eq!(edits[0].range.end, Position::new(7, 0));
    }

    #[test]
    fn requests_before_initialize_are_refused() {
        let mut s = Server::default();
        let r = match s.handle(request(1, "textDocument/hover", at("ms"))).pop() {
            Some(Message::Response(r)) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            r.error.unwrap().code,
            ErrorCode::ServerNotInitialized as i32
        );
    }

    #[test]
    fn hover_ranges_count_utf16_after_an_emoji() {
        let mut s = started(super::super::format_document);
        let (text, range) = hover_text(&mut s, "models from");
        assert!(text.starts_with("**subject** `ip.models`"), "{text}");
        assert!(text.contains("contains `weights`"), "{text}");
        // `clause a { /* 😀 “x” */ ms may use ip.` is 38 UTF-16 units (😀 = 2).
        assert_eq!(
            range,
            json!({"start": {"line": 5, "character": 38}, "end": {"line": 5, "character": 44}})
        );
    }

    #[test]
    fn hover_on_a_date_lists_the_clauses_starting_and_ending_there() {
        let mut s = started(super::super::format_document);
        let (text, _) = hover_text(&mut s, "2027-01-01 }");
        assert!(text.contains("clauses starting this day: `b`"), "{text}");
        assert!(
            text.contains("clauses ending this day (last in force 2026-12-31): `a`"),
            "{text}"
        );
    }

    #[test]
    fn hover_on_prevails_says_what_it_means() {
        let mut s = started(super::super::format_document);
        let uri = "file:///tmp/pactum-server-test/p.pactum";
        let text = "contract \"P\" effective 2025-01-01\nparty ms\naction use\nsubject ip\n\
            clause a { ms may use ip }\n\
            assert k { always ms may use ip prevails from 2025-01-01 }\n";
        let open = json!({"textDocument": {"uri": uri, "languageId": "pactum", "version": 1, "text": text}});
        s.handle_now(notification("textDocument/didOpen", open));
        let offset = text.find("prevails").unwrap() + 3;
        let pos = LineMap::new(text).position(text, offset);
        let r = ask(
            &mut s,
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos}),
        );
        let result = r.result.expect("a hover");
        let value = result["contents"]["value"].as_str().unwrap();
        assert!(value.starts_with("**prevails** — "), "{value}");
        let start = text.find("prevails").unwrap();
        let line_start = text[..start].rfind('\n').unwrap() + 1;
        assert_eq!(
            result["range"]["start"]["character"],
            json!(start - line_start)
        );
        // Completion offers the word.
        let r = ask(
            &mut s,
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": pos}),
        );
        let items: Vec<CompletionItem> = serde_json::from_value(r.result.unwrap()).unwrap();
        assert!(items.iter().any(|i| i.label == "prevails"));
    }

    #[test]
    fn completion_after_a_dot_offers_the_children() {
        let mut s = started(super::super::format_document);
        let offset = TEXT.find("ip.models").unwrap() + 3;
        let pos = LineMap::new(TEXT).position(TEXT, offset);
        let params = json!({"textDocument": {"uri": URI}, "position": pos});
        let r = ask(&mut s, "textDocument/completion", params);
        let items: Vec<CompletionItem> = serde_json::from_value(r.result.unwrap()).unwrap();
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["models", "research"]);
        // Elsewhere: names by kind and keywords.
        let r = ask(&mut s, "textDocument/completion", at("ms may"));
        let items: Vec<CompletionItem> = serde_json::from_value(r.result.unwrap()).unwrap();
        let find = |l: &str| items.iter().find(|i| i.label == l).map(|i| i.kind);
        assert_eq!(find("ms"), Some(Some(CompletionItemKind::CLASS)));
        assert_eq!(find("agi"), Some(Some(CompletionItemKind::EVENT)));
        assert_eq!(
            find("ip.models.weights"),
            Some(Some(CompletionItemKind::MODULE))
        );
        assert_eq!(find("whichever"), Some(Some(CompletionItemKind::KEYWORD)));
        assert_eq!(find("a"), Some(Some(CompletionItemKind::REFERENCE)));
    }

    #[test]
    fn closing_a_document_clears_its_diagnostics() {
        let mut s = started(super::super::format_document);
        let bad = json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "party"}]});
        let out = s.handle_now(notification("textDocument/didChange", bad));
        let published: PublishDiagnosticsParams = match &out[..] {
            [Message::Notification(n)] => serde_json::from_value(n.params.clone()).unwrap(),
            other => panic!("{other:?}"),
        };
        assert!(!published.diagnostics.is_empty());
        let close = json!({"textDocument": {"uri": URI}});
        let out = s.handle(notification("textDocument/didClose", close));
        let cleared: PublishDiagnosticsParams = match &out[..] {
            [Message::Notification(n)] => serde_json::from_value(n.params.clone()).unwrap(),
            other => panic!("{other:?}"),
        };
        assert_eq!(cleared.uri.as_str(), URI);
        assert!(cleared.diagnostics.is_empty());
        let r = ask(&mut s, "textDocument/hover", at("ms"));
        assert_eq!(r.error.unwrap().code, ErrorCode::InvalidParams as i32);
    }
}
