//! The whole check of one contract file: load (parse, resolve) and, when the
//! model is sound, the analyses and the verification of assertions. Every
//! front end calls this one function.

use std::path::Path;

use crate::analysis::verify;
use crate::diagnostics::Diagnostic;
use crate::model::{self, Loaded, ReadFile};

/// Loads `path` with its amendment chain and runs every check on it.
pub fn check_file(path: &Path, read: ReadFile<'_>) -> Loaded {
    analyse(model::load(path, read), path)
}

/// Checks text already in memory (an editor buffer) as if it were `path`.
pub fn check_text(path: &Path, text: &str, read: ReadFile<'_>) -> Loaded {
    analyse(model::load_text(path, text, read), path)
}

/// A warning or info that a clause's `allow` line allows: reported apart
/// from the other diagnostics, with the reason, and not counted as a warning.
#[derive(Debug, Clone)]
pub struct Allowed {
    /// The finding, as it would otherwise be reported.
    pub diagnostic: Diagnostic,
    /// The reason the `allow` line gives.
    pub reason: String,
    /// Where the `allow` line names the code.
    pub at: crate::diagnostics::Span,
}

/// The analyses ask questions of a sound model only: after an error the
/// model is partial, and its findings would be noise.
fn analyse(loaded: Loaded, path: &Path) -> Loaded {
    let analysed = !loaded.has_errors();
    let mut loaded = run_analyses(loaded, path);
    apply_allows(&mut loaded, analysed);
    loaded
}

/// Moves each warning or info that an `allow` line of its clause names into
/// [`Loaded::allowed`]; reports each `allow` line that allows nothing (an
/// unknown code, an error's code, or, once the analyses have run, a code the
/// clause does not produce).
fn apply_allows(loaded: &mut Loaded, analysed: bool) {
    use crate::analysis::findings::{allow_unused, UselessAllow};
    use crate::diagnostics::Code;
    let mut useless = Vec::new();
    for clause in &loaded.contract.clauses {
        for allow in &clause.allows {
            let code = Code::ALL.iter().copied().find(|c| c.as_str() == allow.code);
            let why = match code {
                None => {
                    let near = (Code::ALL.iter().copied())
                        .map(|c| (strsim::jaro_winkler(c.as_str(), &allow.code), c))
                        .filter(|(score, _)| *score > 0.9)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, c)| c);
                    Some(UselessAllow::UnknownCode(near))
                }
                Some(code) if code.severity() == crate::diagnostics::Severity::Error => {
                    Some(UselessAllow::Error(code))
                }
                Some(code) => {
                    let inside = |d: &Diagnostic| {
                        d.code == code
                            && !d.is_error()
                            && d.primary().is_some_and(|l| {
                                l.span.file == allow.clause_span.file
                                    && allow.clause_span.range.start <= l.span.range.start
                                    && l.span.range.end <= allow.clause_span.range.end
                            })
                    };
                    let before = loaded.allowed.len();
                    let mut kept = Vec::with_capacity(loaded.diagnostics.len());
                    for d in std::mem::take(&mut loaded.diagnostics) {
                        if inside(&d) {
                            loaded.allowed.push(Allowed {
                                diagnostic: d,
                                reason: allow.reason.clone(),
                                at: allow.code_span.clone(),
                            });
                        } else {
                            kept.push(d);
                        }
                    }
                    loaded.diagnostics = kept;
                    // A second `allow` of the same code in the clause finds
                    // nothing left, and is reported as allowing nothing.
                    let used = loaded.allowed.len() > before;
                    (!used && analysed).then_some(UselessAllow::Unused(code.as_str()))
                }
            };
            if let Some(why) = why {
                useless.push(allow_unused(
                    &clause.named.name,
                    &allow.code,
                    allow.code_span.clone(),
                    why,
                ));
            }
        }
    }
    loaded.diagnostics.extend(useless);
    crate::diagnostics::sort(&mut loaded.diagnostics);
}

fn run_analyses(mut loaded: Loaded, path: &Path) -> Loaded {
    if !loaded.has_errors() {
        let file = path.display().to_string();
        let options = verify::Options {
            file: Some(&file),
            ..verify::Options::default()
        };
        // One memo for the analyses and the verification: they ask many of
        // the same questions of the same windows.
        let (found, (findings, results)) = crate::semantics::points::memoized(|| {
            let found = crate::analysis::check(&loaded.contract);
            let verified = verify::verify_all(&loaded.contract, &options, &found);
            (found, verified)
        });
        loaded.diagnostics.extend(found);
        loaded.diagnostics.extend(findings);
        loaded.assertions = results;
        crate::diagnostics::sort(&mut loaded.diagnostics);
    }
    loaded
}
