//! `dossier build`: run the pipeline and print one summary line.

use crate::cli::BuildArgs;
use crate::config::Overrides;
use crate::error::Result;
use crate::pipeline::{self, BuildOptions};

/// Builds the site and reports what was written.
pub(crate) fn run(args: &BuildArgs) -> Result<()> {
    let options = BuildOptions {
        root: args.root.clone(),
        overrides: Overrides {
            output_dir: args.output.clone(),
            base_url: args.base_url.clone(),
        },
        drafts: args.drafts,
    };
    let report = pipeline::build(&options)?;
    for warning in &report.warnings {
        eprintln!("{warning}");
    }
    let w = report.written;
    println!(
        "Built {} briefs, {} authors, {} topics, {} series, {} pages into {}: {} files written, {} unchanged, {} removed in {:.2} s",
        report.briefs,
        report.authors,
        report.topics,
        report.series,
        report.pages,
        report.output_dir.display(),
        w.written,
        w.unchanged,
        w.removed,
        report.elapsed().as_secs_f64()
    );
    Ok(())
}
