//! `dossier build`: run the pipeline and print one summary line.

use crate::cli::{BuildArgs, Verbosity};
use crate::cmd::Outcome;
use crate::config::Overrides;
use crate::error::Result;
use crate::pipeline::{self, BuildOptions, BuildReport};
use crate::progress::Progress;

/// Builds the site and reports what was written.
pub(crate) fn run(args: &BuildArgs, verbosity: Verbosity) -> Result<Outcome> {
    let options = BuildOptions {
        root: args.root.root.clone(),
        overrides: Overrides {
            output_dir: args.output.clone(),
            base_url: args.base_url.clone(),
        },
        drafts: args.drafts,
        no_cache: args.no_cache,
        progress: if verbosity == Verbosity::Quiet {
            Progress::hidden()
        } else {
            Progress::on_terminal()
        },
    };
    let report = pipeline::build(&options);
    options.progress.finish();
    let report = report?;
    if verbosity != Verbosity::Quiet {
        for warning in &report.warnings {
            eprintln!("{warning}");
        }
        if let Some(error) = &report.cache_error {
            eprintln!(
                "warning: the build cache could not be saved ({error}); the next build will make every file again"
            );
        }
        println!("{}", summary(&report));
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

/// One line per stage: `  load    12.3 ms`.
pub(crate) fn print_timings(timings: &[(&'static str, std::time::Duration)]) {
    for (stage, time) in timings {
        println!("  {stage:<8}{:>9.1} ms", time.as_secs_f64() * 1000.0);
    }
}
