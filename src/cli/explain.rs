//! `pactum explain CODE`: the documentation of a diagnostic code, with its
//! examples, exactly as docs/diagnostics.md gives it (the page is built into
//! the program, so the two cannot differ).

use super::{status, write_stdout};
use crate::diagnostics::Code;

/// The flags of `pactum explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The code, such as `pactum::name::unknown` or `name::unknown`.
    code: String,
}

/// What `pactum explain` says about `name`: the documentation on success, or
/// the message for standard error.
pub(crate) fn explain(name: &str) -> Result<String, String> {
    let Some(code) = Code::from_name(name) else {
        let near = Code::nearest(name);
        let mut message = format!("error: `{}` is not a diagnostic code\n", name.trim());
        match near.as_slice() {
            [] => {}
            [one] => message.push_str(&format!("  help: did you mean `{one}`?\n")),
            many => {
                let list: Vec<String> = many.iter().map(|c| format!("`{c}`")).collect();
                message.push_str(&format!(
                    "  help: did you mean one of {}?\n",
                    list.join(", ")
                ));
            }
        }
        message.push_str("  help: docs/diagnostics.md lists every code\n");
        return Err(message);
    };
    let Some(doc) = code.documentation() else {
        // tests/diagnostics_doc.rs and tests/ui.rs keep every code documented;
        // should one slip through, its catalogue sentence still answers.
        return Ok(format!(
            "{code} ({})\n\n{}\n",
            severity(code),
            code.summary()
        ));
    };
    Ok(format!("{}\n", strip_markers(doc)))
}

fn severity(code: Code) -> String {
    format!("{:?}", code.severity()).to_lowercase()
}

/// The page without the comments that mark its generated regions, which a
/// reader in a terminal has no use for.
fn strip_markers(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut blank = false;
    for line in doc.lines() {
        if line.starts_with("<!--") && line.ends_with("-->") {
            continue;
        }
        // Removing a marker can leave two blank lines in a row; keep one.
        if line.is_empty() && blank {
            continue;
        }
        blank = line.is_empty();
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// Runs `pactum explain`; the exit status is in [`status`].
pub(crate) fn run(args: Args) -> u8 {
    match explain(&args.code) {
        Ok(text) => {
            if write_stdout(&text) {
                status::OK
            } else {
                status::USAGE
            }
        }
        Err(message) => {
            say!("{message}");
            status::USAGE
        }
    }
}
