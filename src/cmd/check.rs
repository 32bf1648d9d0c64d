//! `dossier check`: load, validate and render everything in memory, run the extra checks, and
//! report every problem at once, drawn like a compiler's diagnostics.

use std::time::Duration;

use crate::check::{self, CheckOptions};
use crate::cli::{CheckArgs, Verbosity};
use crate::cmd::Outcome;
use crate::error::{Diagnostic, Error, Result};
use crate::pipeline::{self, BuildOptions};
use crate::progress::Progress;
use crate::report::print_diagnostics;

/// Checks the site; `ProblemsFound` when any error is reported.
pub(crate) fn run(args: &CheckArgs, verbosity: Verbosity) -> Result<Outcome> {
    let root = &args.root.root;
    let options = BuildOptions {
        root: root.clone(),
        drafts: args.drafts,
        progress: if verbosity == Verbosity::Quiet {
            Progress::hidden()
        } else {
            Progress::on_terminal()
        },
        ..BuildOptions::default()
    };
    let checked = pipeline::check_site(&options);
    options.progress.finish();
    let mut diagnostics: Vec<Diagnostic> = match checked {
        Ok(site) => {
            let mut all = site.problems;
            if let Some(paths) = &site.paths {
                let check_options = CheckOptions {
                    external: args.external,
                    timeout: Some(Duration::from_secs(args.timeout.max(1))),
                };
                all.extend(check::check(&site.library, paths, check_options));
            }
            all
        }
        Err(Error::Content(diagnostics)) => diagnostics,
        Err(other) => return Err(other),
    };
    // By message too, so that one problem found twice (a missing image, by the checks and by
    // the PDF) is reported once.
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
    });
    diagnostics.dedup();
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let shown: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| verbosity != Verbosity::Quiet || d.is_error())
        .collect();
    print_diagnostics(&shown, root);
    if verbosity != Verbosity::Quiet || errors > 0 {
        let files = shown
            .iter()
            .map(|d| &d.path)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        eprintln!(
            "check: {errors} error{}, {warnings} warning{} in {files} file{}",
            plural(errors),
            plural(warnings),
            plural(files)
        );
    }
    Ok(if errors > 0 {
        Outcome::ProblemsFound
    } else {
        Outcome::Success
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
