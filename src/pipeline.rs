//! The build pipeline end to end: load, index, render, write; each stage timed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::{Config, Overrides};
use crate::content::library::LoadOptions;
use crate::content::{Indexes, Library};
use crate::error::{Diagnostic, Result};
use crate::output::{self, OutputFile, WriteStats};
use crate::render;
use crate::theme::Theme;

/// What to build, and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's root folder.
    pub root: PathBuf,
    /// Settings that replace `site.toml`'s.
    pub overrides: Overrides,
    /// Include drafts.
    pub drafts: bool,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Briefs published.
    pub briefs: usize,
    /// Authors with an index page.
    pub authors: usize,
    /// Topics with an index page.
    pub topics: usize,
    /// Series with an index page.
    pub series: usize,
    /// Standalone pages.
    pub pages: usize,
    /// Files in the output, by what happened to them.
    pub written: WriteStats,
    /// Where the site was written.
    pub output_dir: PathBuf,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Time per stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

impl BuildReport {
    /// Total time of all stages.
    pub fn elapsed(&self) -> Duration {
        self.timings.iter().map(|(_, d)| *d).sum()
    }
}

/// A site loaded and rendered in memory, not yet written.
pub struct RenderedSite {
    /// The model.
    pub library: Library,
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// Time per stage so far.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads, validates and renders the whole site without writing anything.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let config = Config::load(&options.root, &options.overrides)?;
    let theme = Theme::load(&config)?;
    let library = Library::load(
        config,
        LoadOptions {
            drafts: options.drafts,
        },
    )?;
    lap("load", &mut timings);
    let indexes = Indexes::build(&library);
    lap("index", &mut timings);
    let files = render::render_site(&library, &indexes, &theme)?;
    lap("render", &mut timings);
    Ok(RenderedSite {
        library,
        files,
        timings,
    })
}

/// Builds the site: renders everything in memory first, so a failure writes nothing, then
/// writes only the files that changed.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let config = Config::load(&options.root, &options.overrides)?;
    output::check_output_dir(&config.output_dir, &config.root)?;
    let RenderedSite {
        library,
        files,
        mut timings,
    } = render_site(options)?;
    let started = Instant::now();
    let written = output::write_site(&library.config.output_dir, &files)?;
    timings.push(("write", started.elapsed()));
    Ok(BuildReport {
        briefs: library.briefs.len(),
        authors: library.authors.len(),
        topics: library.topics.len(),
        series: library.series.len(),
        pages: library.pages.len(),
        written,
        output_dir: library.config.output_dir.clone(),
        warnings: library.warnings,
        timings,
    })
}
