//! `dossier check`: load, validate and render everything in memory, run the extra checks, and
//! report every problem at once, drawn like a compiler's diagnostics.

use std::time::Duration;

use crate::build::{self, BuildOptions, Selection};
use crate::check::{self, CheckOptions};
use crate::cli::{CheckArgs, Verbosity};
use crate::cmd::Outcome;
use crate::error::{Diagnostic, Error, Result};
use crate::progress::Progress;
use crate::report::print_diagnostics;

/// Checks the site; `ProblemsFound` when any error is reported.
pub(crate) fn run(args: &CheckArgs, verbosity: Verbosity) -> Result<Outcome> {
    let root = &args.root.root;
    let options = BuildOptions {
        root: root.clone(),
        selection: Selection {
            drafts: args.drafts,
            future: args.schedule.future,
            now: args.schedule.now,
        },
        progress: if verbosity == Verbosity::Quiet {
            Progress::hidden()
        } else {
            Progress::on_terminal()
        },
        ..BuildOptions::default()
    };
    if verbosity != Verbosity::Quiet {
        crate::cmd::warn_about_now(options.selection.now);
    }
    let checked = build::check_site(&options);
    options.progress.finish();
    let mut scheduled = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = match checked {
        Ok(site) => {
            scheduled = check::scheduled_list(&site.library);
            let mut all = site.problems;
            let history = crate::build::cache::BuildCache::open(&site.library.config).brief_urls;
            all.extend(check::check_moved(&site.library, &history));
            all.extend(crate::cms::stale_config(&site.library.config));
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
    Diagnostic::sort_and_dedup(&mut diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let shown: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| verbosity != Verbosity::Quiet || d.is_error())
        .collect();
    print_diagnostics(&shown, root);
    if verbosity != Verbosity::Quiet && !scheduled.is_empty() {
        eprintln!(
            "{} scheduled brief{}, left out until then (--future includes them):",
            scheduled.len(),
            plural(scheduled.len())
        );
        for line in &scheduled {
            eprintln!("{line}");
        }
    }
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
