//! `dossier import docx|wordpress`: prints every file written (on standard output, one a line,
//! for scripts), then every warning and error drawn as `check` draws them, then a summary.

use crate::cli::{ImportCommand, ImportDocxArgs, ImportWordpressArgs, TrackChanges, Verbosity};
use crate::cmd::Outcome;
use crate::cmd::new::{
    next_number, require_site, series_number, short_slug_of, toml_list, toml_string,
};
use crate::config::FrontMatter;
use crate::error::{Error, Result};
use crate::import::docx::Revisions;
use crate::import::{DocxOptions, NewBrief, Output, import_docx, wordpress};
use crate::report::print_diagnostics;

/// What `new brief` does that an import does too.
const NEW_BRIEF: NewBrief = NewBrief {
    next_number,
    series_number,
    short_slug: short_slug_of,
    toml_string,
    toml_list,
};

/// Runs one import.
pub(crate) fn run(command: &ImportCommand, verbosity: Verbosity) -> Result<Outcome> {
    match command {
        ImportCommand::Docx(args) => docx(args, verbosity),
        ImportCommand::Wordpress(args) => wordpress(args, verbosity),
    }
}

fn docx(args: &ImportDocxArgs, verbosity: Verbosity) -> Result<Outcome> {
    let root = &args.root.root;
    let config = require_site(root)?;
    if let Some(code) = &args.lang
        && config.lang_id(code).is_none()
    {
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(Error::Usage(format!(
            "`{code}` is not one of the site's languages ({})",
            codes.join(", ")
        )));
    }
    let options = DocxOptions {
        series: args.series.clone(),
        number: args.number,
        authors: args.authors.clone(),
        topics: args.topics.clone(),
        lang: args.lang.clone(),
        date: args.date,
        draft: args.draft,
        revisions: match args.track_changes {
            TrackChanges::Accept => Revisions::Accept,
            TrackChanges::Reject => Revisions::Reject,
        },
    };
    let mut out = Output::new(root, NEW_BRIEF, args.force, verbosity != Verbosity::Quiet);
    out.yaml = config.content.front_matter == FrontMatter::Yaml;
    import_docx(&config, &args.files, &options, &mut out)?;
    let briefs = out
        .written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .count();
    finish(
        &out,
        verbosity,
        &format!("{briefs} brief{}", plural(briefs)),
    )
}

fn wordpress(args: &ImportWordpressArgs, verbosity: Verbosity) -> Result<Outcome> {
    let root = &args.root.root;
    let config = require_site(root)?;
    let options = wordpress::Options {
        uploads: args.uploads.clone(),
        post_type: args.post_type.clone(),
        categories: args.categories.clone(),
        as_series: args.as_series.clone(),
    };
    let mut out = Output::new(root, NEW_BRIEF, args.force, verbosity != Verbosity::Quiet);
    out.yaml = config.content.front_matter == FrontMatter::Yaml;
    let counts = wordpress::import(&config, &args.export, &options, &mut out)?;
    let summary = format!(
        "{} brief{}, {} page{}, {} author{}",
        counts.briefs,
        plural(counts.briefs),
        counts.pages,
        plural(counts.pages),
        counts.authors,
        plural(counts.authors)
    );
    finish(&out, verbosity, &summary)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Prints the problems and the summary line; `ProblemsFound` when there was an error.
fn finish(out: &Output<'_>, verbosity: Verbosity, written: &str) -> Result<Outcome> {
    let shown: Vec<_> = out
        .problems
        .iter()
        .filter(|d| d.is_error() || verbosity != Verbosity::Quiet)
        .cloned()
        .collect();
    print_diagnostics(&shown, out.root);
    let warnings = out.warnings();
    let errors = out.problems.len() - warnings;
    if verbosity != Verbosity::Quiet {
        let skipped = if out.skipped.is_empty() {
            String::new()
        } else {
            format!(
                ", {} existing file{} skipped (--force overwrites)",
                out.skipped.len(),
                plural(out.skipped.len())
            )
        };
        let errors = if errors == 0 {
            String::new()
        } else {
            format!(", {errors} error{}", plural(errors))
        };
        eprintln!(
            "imported: {written}, {warnings} warning{}{errors}{skipped}",
            plural(warnings)
        );
    }
    Ok(if out.failed() {
        Outcome::ProblemsFound
    } else {
        Outcome::Success
    })
}
