//! The build pipeline end to end, the driver of every other layer: load the settings and the
//! model, index it, run every emitter into a sink, commit the output, save the cache; each
//! stage timed.

pub(crate) mod cache;
mod render;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use crate::bodies::{Bodies, RenderedBodies};
use crate::config::{Config, Overrides};
pub(crate) use crate::content::Selection;
use crate::content::TaxonomyId;
use crate::content::{Indexes, Library};
use crate::content::{LoadOptions, ParsedFiles};
use crate::emit::search::{IndexJob, SearchMode};
use crate::emit::{Context, Previous};
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::Strings;
use crate::markdown::{Labels, Style};
use crate::output::{self, Collect, Discard, OutputFile, Sink, Staging, WriteStats};
use crate::progress::Progress;
use crate::theme::Theme;
use cache::{BuildCache, Related, SourceCache};

/// What to build, and how.
#[derive(Debug, Clone, Default)]
pub(crate) struct BuildOptions {
    /// The site's root folder.
    pub(crate) root: PathBuf,
    /// Settings that replace `site.toml`'s.
    pub(crate) overrides: Overrides,
    /// Which briefs: drafts, scheduled ones, the build time.
    pub(crate) selection: Selection,
    /// Ignore the build cache (and write none).
    pub(crate) no_cache: bool,
    /// Where to show progress.
    pub(crate) progress: Progress,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub(crate) struct BuildReport {
    /// Briefs published.
    pub(crate) briefs: usize,
    /// Authors with an index page.
    pub(crate) authors: usize,
    /// Topics with an index page.
    pub(crate) topics: usize,
    /// Series with an index page.
    pub(crate) series: usize,
    /// Standalone pages.
    pub(crate) pages: usize,
    /// Briefs left out as scheduled after the build time, and the soonest release.
    pub(crate) scheduled: (usize, Option<DateTime<FixedOffset>>),
    /// Files in the output, by what happened to them.
    pub(crate) written: WriteStats,
    /// Files not made again, as their inputs had not changed since the cached build.
    pub(crate) skipped: usize,
    /// PDFs typeset (made again) by this build.
    pub(crate) pdfs_typeset: usize,
    /// Why the build cache could not be saved, if it could not, and what the next build does.
    pub(crate) cache_error: Option<String>,
    /// Where the site was written.
    pub(crate) output_dir: PathBuf,
    /// Problems that did not stop the build.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Time per stage, in order.
    pub(crate) timings: Vec<(&'static str, Duration)>,
}

impl BuildReport {
    /// Total time of all stages.
    pub(crate) fn elapsed(&self) -> Duration {
        self.timings.iter().map(|(_, d)| *d).sum()
    }
}

/// What `check` learns about a site: the model, the files it would write, every problem.
pub(crate) struct CheckedSite {
    /// The model, without the files that could not be read.
    pub(crate) library: Library,
    /// Every file the site would have; `None` when the templates failed.
    pub(crate) paths: Option<Vec<PathBuf>>,
    /// Every problem found while loading and rendering.
    pub(crate) problems: Vec<Diagnostic>,
}

/// Time per stage, in order.
pub(crate) type Timings = Vec<(&'static str, Duration)>;

/// Stage timings, taken as laps.
struct Laps {
    timings: Timings,
    clock: Instant,
}

impl Laps {
    fn new() -> Laps {
        Laps {
            timings: Vec::new(),
            clock: Instant::now(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        self.timings.push((name, self.clock.elapsed()));
        if std::env::var_os("DOSSIER_TRACE_MEMORY").is_some() {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let peak = status
                .lines()
                .find(|l| l.starts_with("VmHWM"))
                .unwrap_or("");
            eprintln!("after {name}: {peak}");
        }
        self.clock = Instant::now();
    }
}

/// What an earlier build left that this one may reuse.
#[derive(Default)]
struct Reuse<'p> {
    /// Parsed files.
    sources: Option<Arc<SourceCache>>,
    /// What it made.
    previous: Option<&'p Previous>,
    /// Its related briefs.
    related: Option<Related>,
    /// The cache to begin writing while the pages render, once the model is loaded.
    cache: Option<&'p BuildCache>,
}

/// What a render left: the model, its related briefs, its bodies' HTML, what was made, and the
/// time it took.
struct Done {
    library: Library,
    bodies: Bodies,
    related: Related,
    rendered: render::Rendered,
    timings: Timings,
    /// The problems met making files (a PDF that could not be typeset): every page was still
    /// rendered, so that a build can report the broken links beside them.
    problems: Vec<Diagnostic>,
    /// The cache file begun while the pages rendered, when there was something new to save.
    started: Option<std::io::Result<cache::Started>>,
}

/// Loads and renders into `sink`, reusing what `reuse` offers and rendering only what changed.
fn load_and_render(
    config: Config,
    options: &BuildOptions,
    (reuse, search): (Reuse<'_>, SearchMode),
    sink: &dyn Sink,
) -> Result<Done> {
    let mut laps = Laps::new();
    let mut theme = Theme::load(&config)?;
    let (strings, styles, mut string_problems) = interface(&config, &theme);
    string_problems.append(&mut theme.warnings);
    if string_problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(string_problems));
    }
    let load = LoadOptions {
        selection: options.selection,
        progress: options.progress.clone(),
        cache: reuse.sources.clone().map(|c| c as Arc<dyn ParsedFiles>),
    };
    let mut library = Library::load(config, load)?;
    library.warnings.append(&mut string_problems);
    laps.lap("load");
    // Before the cache starts its file below: a body rendered again counts as a miss.
    let earlier = reuse.sources.as_deref().map(|c| c as &dyn RenderedBodies);
    let bodies = Bodies::render(&library, &styles, earlier);
    laps.lap("markdown");
    let target = render::Target {
        progress: &options.progress,
        mode: search,
        previous: reuse.previous,
        sink,
    };
    let (cache, related) = (reuse.cache, reuse.related);
    // The model's part of the cache is written meanwhile, on a thread of its own (after the
    // render, it took half a second of a cold build of 10,000 briefs).
    let (rendered, started) = std::thread::scope(|scope| {
        let model = &library;
        let started = cache.map(|cache| scope.spawn(move || cache.start(model)));
        let presented = (&bodies, &theme, &strings);
        let rendered = index_and_render(model, related, presented, target, &mut laps);
        let started = started.and_then(|thread| thread.join().ok().flatten());
        (rendered, started)
    });
    let (related, rendered, mut problems) = rendered?;
    // Warnings met making files (text a PDF's fonts cannot show) are given, not refused.
    library
        .warnings
        .extend(problems.extract_if(.., |p| !p.is_error()));
    Ok(Done {
        related,
        library,
        bodies,
        rendered,
        timings: laps.timings,
        problems,
        started,
    })
}

/// Indexes the loaded model and renders it, with its bodies' HTML, theme and strings, into
/// `target`: the related briefs, what was rendered and the problems met.
fn index_and_render(
    library: &Library,
    related: Option<Related>,
    (bodies, theme, strings): (&Bodies, &Theme, &Arc<Strings>),
    target: render::Target<'_>,
    laps: &mut Laps,
) -> Result<(Related, render::Rendered, Vec<Diagnostic>)> {
    let mut indexes = Indexes::build(library, related);
    laps.lap("index");
    let cx = Context::new(library, &indexes, bodies, theme, strings);
    let (rendered, problems) = render::render_site(cx, target)?;
    laps.lap("render");
    Ok((std::mem::take(&mut indexes.related), rendered, problems))
}

/// The interface strings of every language, how Markdown is presented in each (the words its
/// HTML carries, the base path, raw HTML), and the problems with the strings files.
fn interface(config: &Config, theme: &Theme) -> (Arc<Strings>, Vec<Style>, Vec<Diagnostic>) {
    let (strings, problems) = Strings::load(config, theme);
    let styles = (0..config.languages.len())
        .map(|i| {
            let lang = crate::lang::LangId::of(i);
            Style {
                base_path: config.base.path().to_string(),
                labels: Labels {
                    notes: strings.text(lang, "notes", None, &[]),
                    back: strings.text(lang, "back_to_reference", None, &[]),
                },
                raw_html: config.markdown.raw_html,
            }
        })
        .collect();
    (Arc::new(strings), styles, problems)
}

/// Loads as much of the site as loads, renders it if the templates allow, and writes nothing:
/// problems in one file do not hide the problems of the others.
pub(crate) fn check_site(options: &BuildOptions) -> Result<CheckedSite> {
    let config = Config::load(&options.root, &options.overrides)?;
    let named = output::Named::Settings(config.output_dir_at);
    let output_problems = output::problems(
        &config.output_dir,
        &config.root,
        named,
        output::Depth::Everything,
    );
    let discard = Discard::new(&config.root);
    let mut theme = Theme::load(&config)?;
    let (strings, styles, mut string_problems) = interface(&config, &theme);
    string_problems.append(&mut theme.warnings);
    let load = LoadOptions {
        selection: options.selection,
        progress: options.progress.clone(),
        cache: None,
    };
    let (library, mut problems) = Library::load_leniently(config, load)?;
    problems.append(&mut string_problems);
    problems.extend(output_problems);
    let bodies = Bodies::render(&library, &styles, None);
    let indexes = Indexes::build(&library, None);
    let target = render::Target {
        progress: &options.progress,
        mode: SearchMode::Off,
        previous: None,
        sink: &discard,
    };
    let cx = Context::new(&library, &indexes, &bodies, &theme, &strings);
    let paths = match render::render_site(cx, target) {
        Ok((rendered, mut render_problems)) => {
            problems.append(&mut render_problems);
            Some(rendered.paths)
        }
        Err(Error::Content(mut template_problems)) => {
            problems.append(&mut template_problems);
            None
        }
        Err(other) => return Err(other),
    };
    problems.extend(discard.into_problems());
    Ok(CheckedSite {
        library,
        paths,
        problems,
    })
}

/// A site kept in memory between rebuilds, as `dossier serve` does: unchanged files are not
/// parsed again, and only pages whose inputs changed are rendered again.
pub(crate) struct Session {
    options: BuildOptions,
    cache: Arc<SourceCache>,
    previous: Option<Previous>,
    related: Option<Related>,
}

/// What a rebuild changed.
pub(crate) struct Update {
    /// Files that are new or changed since the last successful rebuild (all, the first time).
    pub(crate) files: Vec<OutputFile>,
    /// Every file the site has now.
    pub(crate) paths: Vec<PathBuf>,
    /// Pages rendered this time.
    pub(crate) pages_rendered: usize,
    /// Briefs in the site.
    pub(crate) briefs: usize,
    /// Problems that did not stop the build.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Time per stage.
    pub(crate) timings: Timings,
    /// The search index to make in the background, when its records changed.
    pub(crate) index_job: Option<IndexJob>,
    /// The path part of the base URL the pages link to: `/` or `/think/`.
    pub(crate) base_path: String,
}

impl Session {
    /// A session that has built nothing yet.
    pub(crate) fn new(options: BuildOptions) -> Session {
        Session {
            options,
            cache: Arc::new(SourceCache::keeping()),
            previous: None,
            related: None,
        }
    }

    /// Rebuilds in memory; on failure the previous state is kept, so the next rebuild compares
    /// against the last good one.
    pub(crate) fn rebuild(&mut self) -> Result<Update> {
        let collect = Collect::default();
        let config = Config::load(&self.options.root, &self.options.overrides)?;
        let base_path = config.base.path().to_string();
        let reuse = Reuse {
            sources: Some(self.cache.clone()),
            previous: self.previous.as_ref(),
            related: self.related.take(),
            cache: None,
        };
        let Done {
            library,
            related,
            bodies: _,
            rendered,
            timings,
            problems,
            ..
        } = load_and_render(
            config,
            &self.options,
            (reuse, SearchMode::Deferred),
            &collect,
        )?;
        if !problems.is_empty() {
            return Err(Error::Content(problems));
        }
        self.related = Some(related);
        self.previous = Some(Previous {
            made: rendered.made,
            output: None,
            search: rendered.search,
        });
        Ok(Update {
            files: collect.into_files(),
            paths: rendered.paths,
            pages_rendered: rendered.pages_rendered,
            briefs: library.briefs.len(),
            warnings: library.warnings,
            timings,
            index_job: rendered.index_job,
            base_path,
        })
    }
}

/// Builds the site: each file is staged as soon as it is rendered, and nothing reaches the
/// output until everything has rendered; then only the files whose bytes changed are moved
/// into place and stale files are removed. With the build cache, files whose inputs did not
/// change since the cached build are neither made nor written.
pub(crate) fn build(options: &BuildOptions) -> Result<BuildReport> {
    let config = Config::load(&options.root, &options.overrides)?;
    // One at a time: a second build or clean waits here, before it looks at the output.
    let cache_dir = config.root.join(cache::CACHE_DIR);
    let _lock = output::lock_site(&config.root, &cache_dir, !options.no_cache)?;
    check_output_folder(&config, options)?;
    let mut cache = (!options.no_cache).then(|| BuildCache::open(&config));
    // Cloned, not taken: the cache compares it with the new ones to know whether to rewrite.
    let previous = cache.as_ref().map(|c| Previous {
        made: c.made.clone(),
        output: Some(config.output_dir.clone()),
        search: c.search.clone(),
    });
    let reuse = Reuse {
        sources: cache.as_ref().map(|c| c.sources.clone()),
        previous: previous.as_ref(),
        related: cache.as_ref().and_then(|c| c.related.clone()),
        cache: cache.as_ref(),
    };
    let staging = Staging::new(&config.output_dir, &config.root)?;
    let done = match load_and_render(config, options, (reuse, SearchMode::Inline), &staging) {
        Ok(done) => done,
        Err(error) => {
            staging.abandon();
            return Err(error);
        }
    };
    let mut done = match refuse_what_check_refuses(done) {
        Ok(done) => done,
        Err(refused) => {
            staging.abandon();
            return Err(refused);
        }
    };
    let started = Instant::now();
    let mut cache_error = None;
    if let Some(Err(e)) = cache.as_ref().map(BuildCache::begin_commit) {
        cache_error = Some(e);
        cache = None;
    }
    let last = cache
        .as_ref()
        .map(|c| c.paths.as_slice())
        .filter(|p| !p.is_empty());
    if options.no_cache {
        // The cache would not know what this build writes: the next build must not trust it.
        let _ = cache::remove(&done.library.config.root);
    }
    let mut written = staging.commit(&done.rendered.paths, last)?;
    done.timings.push(("write", started.elapsed()));
    let skipped = done.rendered.paths.len() - done.rendered.pages_rendered;
    written.unchanged += skipped;
    if let Some(cache) = cache {
        cache_error = save_cache(&cache, &mut done).err();
    }
    if let Some(signal) = crate::interrupt::received() {
        // Too late to stop: the new site was in place.
        return Err(Error::Interrupted {
            signal,
            output: done.library.config.output_dir.clone(),
            finished: true,
        });
    }
    Ok(report(done, written, skipped, cache_error))
}

/// Refuses an output folder that is not one Dossier may write, before anything is made.
fn check_output_folder(config: &Config, options: &BuildOptions) -> Result<()> {
    let named = match options.overrides.output_dir {
        Some(_) => output::Named::CommandLine,
        None => output::Named::Settings(config.output_dir_at),
    };
    let problems = output::problems(
        &config.output_dir,
        &config.root,
        named,
        output::Depth::Folder,
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(problems))
    }
}

/// What `check` refuses, a build refuses: a broken link stops it as it stops `check` (whose
/// warnings, such as names without a profile, are `check`'s to give), and is reported beside
/// a PDF that could not be typeset, which may share its cause. Nothing reaches the output.
fn refuse_what_check_refuses(mut done: Done) -> Result<Done> {
    let checking = Instant::now();
    let mut refused = crate::check::errors(&done.library, &done.rendered.paths);
    done.timings.push(("check", checking.elapsed()));
    refused.append(&mut done.problems);
    if refused.is_empty() {
        return Ok(done);
    }
    let mut all = std::mem::take(&mut done.library.warnings);
    all.extend(refused);
    Diagnostic::sort_and_dedup(&mut all);
    Err(Error::Content(all))
}

/// Saves what this build parsed and made, for the next one.
fn save_cache(cache: &BuildCache, done: &mut Done) -> std::result::Result<(), String> {
    let started = Instant::now();
    record_modified(&done.library.config.output_dir, &mut done.rendered);
    let outcome = cache::Outcome {
        library: &done.library,
        bodies: &done.bodies,
        made: &done.rendered.made,
        paths: &done.rendered.paths,
        output: output::build_id(&done.rendered.paths),
        related: &done.related,
        search: done.rendered.search.as_ref(),
    };
    let saved = cache.save(&outcome, done.started.take());
    done.timings.push(("cache", started.elapsed()));
    saved
}

/// What a finished build tells its caller.
fn report(
    done: Done,
    written: WriteStats,
    skipped: usize,
    cache_error: Option<String>,
) -> BuildReport {
    let library = done.library;
    BuildReport {
        briefs: library.briefs.len(),
        authors: library.taxonomy(TaxonomyId::AUTHORS).terms.len(),
        topics: library.taxonomy(TaxonomyId::TOPICS).terms.len(),
        series: library.taxonomy(TaxonomyId::SERIES).terms.len(),
        pages: library.pages.len(),
        scheduled: (
            library.scheduled.len(),
            library.scheduled.first().map(|b| b.release()),
        ),
        written,
        skipped,
        pdfs_typeset: done.rendered.pdfs_typeset,
        cache_error,
        output_dir: library.config.output_dir.clone(),
        warnings: library.warnings,
        timings: done.timings,
    }
}

/// Notes when each file made this time reached the output, so that the next build can tell
/// whether it is still there as written.
fn record_modified(output: &std::path::Path, rendered: &mut render::Rendered) {
    use rayon::prelude::*;
    let shard_files = rendered
        .search
        .iter_mut()
        .flat_map(|index| index.shards.iter_mut())
        .flat_map(|shard| shard.files.iter_mut())
        .map(|(path, record)| (&*path, record));
    let mut unrecorded: Vec<(&PathBuf, &mut crate::output::MadeRecord)> = rendered
        .made
        .iter_mut()
        .chain(shard_files)
        .filter(|(_, record)| record.modified.is_none())
        .collect();
    unrecorded.par_iter_mut().for_each(|(path, record)| {
        record.modified = std::fs::metadata(output.join(path))
            .ok()
            .and_then(|m| crate::output::modified(&m));
    });
}
