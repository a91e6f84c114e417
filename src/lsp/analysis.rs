//! One checked document: the library's result for it (with the resolver's
//! bindings of every name), and the conversions from byte spans to protocol locations for every file
//! of its amendment chain.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Url,
};

use super::position::LineMap;
use crate::diagnostics::{Diagnostic, Severity, Span};
use crate::model::{Loaded, ReadFile};
use crate::source::FileId;
use crate::workspace::normalize;

/// One file of the chain: where it lives, for the client, and its lines.
#[derive(Debug)]
pub struct FileInfo {
    pub url: Url,
    pub map: LineMap,
}

#[derive(Debug)]
pub struct Analysis {
    pub loaded: Loaded,
    /// Indexed by [`FileId`].
    pub files: Vec<FileInfo>,
    pub main: FileId,
}

impl Analysis {
    /// Checks `text` as the document `url` (stored at `path`) with the one
    /// entry point every front end uses.
    pub fn new(url: &Url, path: &Path, text: &str, read: ReadFile<'_>) -> Analysis {
        let loaded = crate::check::check_text(path, text, read);
        let main = loaded.main_file().unwrap_or(FileId(0));
        let files = loaded
            .sources
            .ids()
            .map(|id| FileInfo {
                url: if id == main {
                    url.clone()
                } else {
                    file_url(Path::new(loaded.sources.path(id))).unwrap_or_else(|| url.clone())
                },
                map: LineMap::new(loaded.sources.text(id)),
            })
            .collect();
        Analysis {
            loaded,
            files,
            main,
        }
    }

    /// The files of the amendment chain, oldest first.
    pub fn chain(&self) -> Vec<FileId> {
        self.loaded.trees.iter().map(|(f, _)| *f).collect()
    }

    pub fn text(&self, file: FileId) -> &str {
        self.loaded.sources.text(file)
    }

    /// The files of the checked chain (see [`Loaded::chain_files`]), for
    /// re-checking when one changes.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.loaded.chain_files()
    }

    pub fn range(&self, file: FileId, span: &std::ops::Range<usize>) -> Range {
        match self.files.get(file.0 as usize) {
            Some(info) => info.map.range(self.text(file), span),
            None => Range::default(),
        }
    }

    pub fn location(&self, span: &Span) -> Location {
        self.location_in(span.file, &span.range)
    }

    pub fn location_in(&self, file: FileId, span: &std::ops::Range<usize>) -> Location {
        Location::new(self.url(file).clone(), self.range(file, span))
    }

    pub fn url(&self, file: FileId) -> &Url {
        self.files
            .get(file.0 as usize)
            .map_or(&self.files[self.main.0 as usize].url, |f| &f.url)
    }

    /// The byte offset of a position in the checked document.
    pub fn offset(&self, pos: Position) -> usize {
        self.files[self.main.0 as usize]
            .map
            .offset(self.text(self.main), pos)
    }

    /// The diagnostics of this check, by the file their primary label is in:
    /// a mistake in an amended contract is shown in that contract.
    pub fn diagnostics(&self) -> HashMap<Url, Vec<lsp_types::Diagnostic>> {
        let mut out: HashMap<Url, Vec<lsp_types::Diagnostic>> = HashMap::new();
        out.insert(self.url(self.main).clone(), Vec::new());
        for d in &self.loaded.diagnostics {
            let file = d.primary().map_or(self.main, |l| l.span.file);
            out.entry(self.url(file).clone())
                .or_default()
                .push(self.convert(d));
        }
        out
    }

    /// The generic conversion: first label → range, code → code, other
    /// labels → related information, help → the end of the message.
    pub fn convert(&self, d: &Diagnostic) -> lsp_types::Diagnostic {
        let range = d
            .primary()
            .map(|l| self.range(l.span.file, &l.span.range))
            .unwrap_or_default();
        let mut message = d.message.clone();
        if let Some(label) = d.primary() {
            // The label often says what the message does not ("no such file").
            if !label.message.is_empty() && !d.message.contains(&label.message) {
                message.push_str(&format!("\n{}", label.message));
            }
        }
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        let related: Vec<DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .skip(1)
            .map(|l| DiagnosticRelatedInformation {
                location: self.location(&l.span),
                message: if l.message.is_empty() {
                    "related".to_string()
                } else {
                    l.message.clone()
                },
            })
            .collect();
        lsp_types::Diagnostic {
            range,
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.code.as_str().to_string())),
            code_description: None,
            source: Some("pactum".to_string()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }
}

#[cfg(test)]
impl Analysis {
    /// The check of `text` alone, as the document `file:///test/a.pactum`
    /// with no other file to read: what the features' unit tests ask about.
    pub fn of_text(text: &str) -> Analysis {
        let url = Url::parse("file:///test/a.pactum").expect("a valid URL");
        Analysis::new(&url, Path::new("/test/a.pactum"), text, &mut |_| {
            Err(std::io::ErrorKind::NotFound.into())
        })
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The path a document is checked as. Documents that are not files
/// (`untitled:`) get a path in the working directory so that a relative
/// `amends` still resolves somewhere sensible.
pub fn doc_path(url: &Url) -> PathBuf {
    match url.to_file_path() {
        Ok(p) => normalize(&p),
        Err(()) => {
            let name = url.path().rsplit('/').next().unwrap_or("untitled");
            let name = if name.is_empty() { "untitled" } else { name };
            std::env::current_dir()
                .unwrap_or_default()
                .join(format!("{name}.pactum"))
        }
    }
}

pub fn file_url(path: &Path) -> Option<Url> {
    let path = normalize(path);
    let absolute = if path.is_absolute() {
        path
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    Url::from_file_path(absolute).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_an_amended_file_point_into_it() {
        let dir = std::env::temp_dir();
        let url = Url::from_file_path(dir.join("new.pactum")).unwrap();
        let old = "contract \"old\"\nparty ms\n";
        let new = "contract \"new\" amends \"old.pactum\"\nevent ms\n";
        let mut read = |p: &Path| {
            assert!(p.ends_with("old.pactum"));
            Ok(old.as_bytes().to_vec())
        };
        let a = Analysis::new(&url, &dir.join("new.pactum"), new, &mut read);
        let by_file = a.diagnostics();
        let here = &by_file[&url];
        assert_eq!(here.len(), 1, "{here:?}");
        let d = &here[0];
        assert_eq!(d.range.start, Position::new(1, 6));
        assert_eq!(
            d.code,
            Some(NumberOrString::String("pactum::name::duplicate".into()))
        );
        let related = d.related_information.as_ref().unwrap();
        assert!(related[0].location.uri.path().ends_with("/old.pactum"));
        assert_eq!(related[0].location.range.start, Position::new(1, 6));
    }

    #[test]
    fn severities_map_one_to_one() {
        use crate::diagnostics::Code;
        let url = Url::parse("file:///x.pactum").unwrap();
        let a = Analysis::new(&url, Path::new("/x.pactum"), "party a\n", &mut |_| {
            Err(std::io::ErrorKind::NotFound.into())
        });
        let span = Span::new(a.main, 6..7);
        for (code, expected) in [
            (Code::UnknownName, DiagnosticSeverity::ERROR),
            (Code::OpenEnded, DiagnosticSeverity::WARNING),
            (Code::Tbd, DiagnosticSeverity::INFORMATION),
        ] {
            let d = Diagnostic::new(code, "m").with_label(span.clone(), "");
            let converted = a.convert(&d);
            assert_eq!(converted.severity, Some(expected), "{code}");
            assert_eq!(converted.message, "m", "an empty label adds nothing");
            assert_eq!(converted.range.start, Position::new(0, 6));
        }
    }
}
