//! `dossier build`: run the pipeline and print one summary line.

use crate::build::{self, BuildOptions, BuildReport, Selection};
use crate::cli::{BuildArgs, Verbosity};
use crate::cmd::Outcome;
use crate::config::Overrides;
use crate::error::Result;
use crate::progress::Progress;

/// Builds the site and reports what was written.
pub(crate) fn run(args: &BuildArgs, verbosity: Verbosity) -> Result<Outcome> {
    let options = BuildOptions {
        root: args.root.root.clone(),
        overrides: Overrides {
            // Relative to the current folder, as every command line reads a path, not to --root.
            output_dir: args.output.as_deref().map(crate::config::from_current_dir),
            base_url: args.base_url.clone(),
            origin: None,
        },
        selection: Selection {
            drafts: args.drafts,
            future: args.schedule.future,
            now: args.schedule.now,
        },
        no_cache: args.no_cache,
        progress: if verbosity == Verbosity::Quiet {
            Progress::hidden()
        } else {
            Progress::on_terminal()
        },
    };
    // A signal stops the build between two files, or rolls its commit back: the output is
    // never left half-written. Without the handler, a signal would kill the build as before.
    if verbosity != Verbosity::Quiet {
        crate::cmd::warn_about_now(options.selection.now);
    }
    let _ = crate::interrupt::install();
    let report = build::build(&options);
    options.progress.finish();
    let report = report?;
    if verbosity != Verbosity::Quiet {
        for warning in &report.warnings {
            eprintln!("{warning}");
        }
        if let Some(error) = &report.cache_error {
            eprintln!("warning: the build cache could not be saved: {error}");
        }
        println!("{}", summary(&report));
        if let Some(line) = scheduled_line(&report) {
            println!("{line}");
        }
    }
    if verbosity == Verbosity::Verbose {
        print_timings(&report.timings);
    }
    Ok(Outcome::Success)
}

/// "Built 10 briefs, 7 authors, ...: 90 files written, 0 unchanged (0 not made again), 0
/// removed, 9 PDFs typeset in 0.05 s" (the PDFs when any were typeset).
pub(crate) fn summary(report: &BuildReport) -> String {
    let w = report.written;
    let pdfs = match report.pdfs_typeset {
        0 => String::new(),
        1 => ", 1 PDF typeset".to_string(),
        n => format!(", {n} PDFs typeset"),
    };
    format!(
        "Built {} briefs, {} authors, {} topics, {} series, {} pages into {}: {} files written, {} unchanged ({} not made again), {} removed{pdfs} in {:.2} s",
        report.briefs,
        report.authors,
        report.topics,
        report.series,
        report.pages,
        report.output_dir.display(),
        w.written,
        w.unchanged,
        report.skipped,
        w.removed,
        report.elapsed().as_secs_f64()
    )
}

/// "2 scheduled briefs left out; next: 2025-03-04 09:00 +01:00", when there are any.
pub(crate) fn scheduled_line(report: &BuildReport) -> Option<String> {
    let (count, next) = report.scheduled;
    let next = next?;
    Some(format!(
        "{count} scheduled brief{} left out; next: {} (--future includes them)",
        if count == 1 { "" } else { "s" },
        next.format("%Y-%m-%d %H:%M %:z")
    ))
}

/// One line per stage: `  load    12.3 ms`.
pub(crate) fn print_timings(timings: &[(&'static str, std::time::Duration)]) {
    for (stage, time) in timings {
        println!("  {stage:<8}{:>9.1} ms", time.as_secs_f64() * 1000.0);
    }
}
