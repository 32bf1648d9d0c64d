//! Rendering: the model and its indexes, through Tera templates, into the site's files, each
//! handed to a sink (a staging folder, memory, or nothing) as soon as it is ready.

mod capture;
mod context;
pub(crate) mod emit;
mod extras;
mod filters;
mod full_text;
mod index;
mod listing;
mod locale;
mod pages;
pub(crate) mod redirects;
pub(crate) mod search;
mod site;
mod template_errors;
pub(crate) mod view;
mod workers;

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Tera;

use crate::content::{Indexes, Library};
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Contents, OutputFile, Sink};
use crate::progress::Progress;
use crate::theme::Theme;
use emit::{Emitter, Planned};
use std::sync::Arc;
use template_errors::{merge_page_problems, template_diagnostic, template_diagnostics};
use workers::Workers;

use crate::i18n::Strings;

#[cfg(feature = "pdf")]
pub(crate) use capture::new_hasher;

/// What was made of one output file that has a fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct MadeRecord {
    /// The fingerprint of its inputs.
    pub(crate) fingerprint: u64,
    /// Its size in bytes.
    pub(crate) size: u64,
    /// When it was last written to the output, in nanoseconds since the epoch; `None` until
    /// the build has put it in place (and always in `serve`, which keeps files in memory).
    pub(crate) modified: Option<u128>,
}

impl MadeRecord {
    /// Whether a file found in the output (a regular file or not, its size and modification
    /// time) is this one as it was written: not removed, edited or replaced since.
    pub(crate) fn is_written_as(&self, is_file: bool, size: u64, modified: Option<u128>) -> bool {
        is_file && self.modified.is_some() && size == self.size && modified == self.modified
    }
}

/// What was made of each output file that has a fingerprint.
pub(crate) type Made = HashMap<PathBuf, MadeRecord>;

/// When a file was last modified, as kept in a [`MadeRecord`].
pub(crate) fn modified(metadata: &std::fs::Metadata) -> Option<u128> {
    let time = metadata.modified().ok()?;
    Some(time.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos())
}

/// What an earlier render made, to skip the files whose inputs have not changed.
#[derive(Debug, Default)]
pub(crate) struct Previous {
    /// The earlier render's files.
    pub(crate) made: Made,
    /// Where those files were written, to check they are still there as made; `None` when
    /// they are kept in memory (`serve`).
    pub(crate) output: Option<PathBuf>,
    /// The search index it made (or, in `serve`, asked for).
    pub(crate) search: Option<IndexState>,
}

/// A search index as made: its shards.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct IndexState {
    pub(crate) shards: Vec<ShardState>,
}

/// A shard of the search index as made: where, from what records, and its files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ShardState {
    /// Its folder below `pagefind/` (empty for the primary shard).
    pub(crate) folder: String,
    /// [`search::Shard::fingerprint`] of the records it was made from.
    pub(crate) fingerprint: u64,
    /// Its files, below the output folder, and what was made of each; empty in `serve`, where
    /// the server keeps them. They are kept here, not with the site's other files: a shard
    /// whose records did not change is kept as a whole, without looking its files up one by
    /// one.
    pub(crate) files: Vec<MadeFile>,
}

/// What a render does about the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchMode {
    /// Nothing (`check`): the search pages are rendered, the index is not made.
    Off,
    /// Made on a thread of its own while the pages render, and written with them (`build`).
    Inline,
    /// Left to the caller, who gets the records when they changed (`serve`, which makes the
    /// index in the background so that no page waits for it).
    Deferred,
}

/// The index `serve` is to make in the background.
pub(crate) enum IndexJob {
    /// Make it of these shards (keeping those made last whose records did not change), with
    /// this list of shards ([`search::SHARD_LIST`]).
    Build {
        shards: Vec<ShardJob>,
        list: Vec<u8>,
    },
    /// The site no longer has search: remove it.
    Remove,
}

/// A shard for `serve` to make in the background.
pub(crate) struct ShardJob {
    /// Its folder below `pagefind/` (empty for the primary shard).
    pub(crate) folder: String,
    /// The fingerprint of its records.
    pub(crate) fingerprint: u64,
    /// What of its bundle to serve.
    pub(crate) keep: crate::search::Keep,
    pub(crate) records: Vec<crate::search::Record>,
}

impl Previous {
    /// Whether the file at `path` was made from the same inputs and is still there as it was
    /// written (same size and modification time: not removed, edited or replaced since).
    fn is_fresh(&self, path: &Path, fingerprint: u64) -> bool {
        self.made
            .get(path)
            .is_some_and(|record| record.fingerprint == fingerprint && self.in_place(path, record))
    }

    /// Whether the file at `path` is still in the output as `record` says it was written;
    /// always, when the files are kept in memory.
    fn in_place(&self, path: &Path, record: &MadeRecord) -> bool {
        let Some(output) = &self.output else {
            return true;
        };
        std::fs::metadata(output.join(path))
            .is_ok_and(|m| record.is_written_as(m.is_file(), m.len(), modified(&m)))
    }
}

/// What a render produced.
pub(crate) struct Rendered {
    /// Every file the site has now, made this time or not.
    pub(crate) paths: Vec<PathBuf>,
    /// Fingerprint and size of every file that has a fingerprint, to pass to the next render.
    pub(crate) made: Made,
    /// How many files were made this time.
    pub(crate) pages_rendered: usize,
    /// How many of them were PDFs, typeset this time.
    pub(crate) pdfs_typeset: usize,
    /// The search index it made, reused or (in `serve`) asked for.
    pub(crate) search: Option<IndexState>,
    /// In `serve`, the index to make when its records changed.
    pub(crate) index_job: Option<IndexJob>,
}

/// Plans every output of every emitter, makes those whose inputs changed since `previous` (all
/// of them when there is none) in parallel, and hands each to `sink` as soon as it is ready.
/// The search index is made on a thread of its own meanwhile (see [`SearchMode`]), unless its
/// records are those of the last one. The problems met making files (a template or a PDF that
/// fails) are returned beside what was rendered, every file's path among it, so that the
/// caller can still check links before it stops.
pub(crate) fn render_site(
    library: &Library,
    indexes: &Indexes,
    (theme, strings): (&Theme, &Arc<Strings>),
    (progress, mode): (&Progress, SearchMode),
    previous: Option<&Previous>,
    sink: &dyn Sink,
) -> Result<(Rendered, Vec<Diagnostic>)> {
    let tera = build_tera(library, theme, strings)?;
    let global = global_stamp(library, theme, strings);
    // A file in the site's static/ (or the theme's) replaces a generated file of the same path,
    // such as a hand-written robots.txt.
    let generated_file = |file: &Planned<'_>| !theme.static_files.contains_key(&file.path);
    // The PDFs are planned and made first: brief pages show their sizes.
    #[cfg(feature = "pdf")]
    let pdfs = crate::pdf::Pdfs::new(library, theme, strings);
    #[cfg(feature = "pdf")]
    let pdf_files: Vec<Planned<'_>> = pdfs.plan().into_iter().filter(generated_file).collect();
    #[cfg(not(feature = "pdf"))]
    let pdf_files: Vec<Planned<'_>> = Vec::new();
    let full_texts = full_text::FullTexts::new(library, &pdf_files);
    let (mut paths, mut made, pdfs_typeset, mut problems) = make_all(
        pdf_files,
        previous,
        sink,
        (progress, "Typesetting", Workers::OwnThreads),
    )?;
    full_texts.record_sizes(&paths, &made);
    Diagnostic::sort_and_dedup(&mut problems);

    let pages = pages::Pages::new(
        library,
        indexes,
        (&tera, theme, strings),
        global,
        &full_texts,
    );
    let sitemap = extras::Sitemap {
        library,
        entries: pages.sitemap_entries(),
    };
    let feeds = extras::Feeds {
        library,
        indexes,
        strings,
        global,
    };
    let citations = extras::Citations { library, global };
    let files = extras::Files { library, theme };
    let redirects = redirects::Redirects {
        library,
        strings,
        redirects: redirects::redirects(library),
    };
    let catalogue = extras::Catalogue { library, global };
    let generated: [&dyn Emitter; 5] = [&pages, &feeds, &sitemap, &citations, &catalogue];
    let mut planned: Vec<Planned<'_>> = generated
        .iter()
        .flat_map(|emitter| emitter.plan())
        .filter(generated_file)
        .collect();
    planned.extend(files.plan());
    redirects::refuse_claims(library, &planned, &paths)?;
    planned.extend(redirects.plan().into_iter().filter(generated_file));

    let plan = match mode {
        SearchMode::Off => None,
        SearchMode::Inline | SearchMode::Deferred => search::SearchPlan::new(library, strings),
    };
    let keep = match (&plan, mode) {
        (Some(plan), SearchMode::Inline) => index::reusable(plan, previous),
        _ => Vec::new(),
    };
    // The shards to make are made while the pages render, on threads of their own: Pagefind
    // reads its records one at a time, and the pages keep the other cores busy meanwhile.
    let (rest, made_shards) = std::thread::scope(|scope| {
        let indexing = match &plan {
            Some(plan) if mode == SearchMode::Inline => {
                Some(scope.spawn(|| index::make_shards(plan, &keep)))
            }
            _ => None,
        };
        let rest = make_all(
            planned,
            previous,
            sink,
            (progress, "Rendering", Workers::Pool),
        );
        let shards = indexing.map(|thread| thread.join().unwrap_or_default());
        (rest, shards)
    });
    let (rest_paths, rest_made, rendered_rest, rest_problems) = rest?;
    paths.extend(rest_paths);
    made.extend(rest_made);
    let mut pages_rendered = pdfs_typeset + rendered_rest;
    problems.extend(merge_page_problems(rest_problems));

    let mut search = None;
    let mut index_job = None;
    match (mode, &plan) {
        (SearchMode::Inline, Some(plan)) => {
            let is_static = |path: &Path| theme.static_files.contains_key(path);
            let shards = made_shards.unwrap_or_default();
            let index = index::write(plan, (&keep, shards), previous, &is_static, sink, progress)?;
            paths.extend(index.paths);
            made.extend(index.made);
            pages_rendered += index.rendered;
            search = Some(index.state);
        }
        (SearchMode::Deferred, plan) => {
            let last_index = previous.and_then(|p| p.search.as_ref());
            (search, index_job) = index::deferred(plan.as_ref(), last_index);
        }
        _ => {}
    }
    check_unique_paths(&paths)?;
    let rendered = Rendered {
        paths,
        made,
        pages_rendered,
        pdfs_typeset,
        search,
        index_job,
    };
    Ok((rendered, problems))
}

/// What [`make_all`] gives: every planned path, what was made of each, how many files were
/// made this time, and the problems met making them.
type MadeAll = (Vec<PathBuf>, Made, usize, Vec<Diagnostic>);

/// Makes the planned files whose inputs changed since `previous`, in parallel, handing each
/// to the sink as soon as it is ready. A file that cannot be written stops the render.
fn make_all(
    mut planned: Vec<Planned<'_>>,
    previous: Option<&Previous>,
    sink: &dyn Sink,
    (progress, stage, workers): (&Progress, &'static str, Workers),
) -> Result<MadeAll> {
    // Each path is kept once, in this list, which the plans then refer to by position.
    let paths: Vec<PathBuf> = planned
        .iter_mut()
        .map(|file| std::mem::take(&mut file.path))
        .collect();
    check_unique_paths(&paths)?;

    // Checking that each file is still in the output is a system call per file: in parallel.
    let (fresh, stale): (Vec<MadeFile>, Vec<(usize, Planned<'_>)>) = planned
        .into_par_iter()
        .enumerate()
        .partition_map(|(i, file)| {
            let path = &paths[i];
            let record = match (file.fingerprint, previous) {
                (Some(print), Some(previous)) if previous.is_fresh(path, print) => {
                    previous.made.get(path).copied()
                }
                _ => None,
            };
            match record {
                Some(record) => rayon::iter::Either::Left((path.clone(), record)),
                None => rayon::iter::Either::Right((i, file)),
            }
        });
    let mut made: Made = fresh.into_iter().collect();
    if !stale.is_empty() {
        progress.stage(stage, stale.len());
    }
    let pages_rendered = stale.len();
    // Failures are rare: they go to their own list, so that the list of what was made holds
    // small records only (a list of results would reserve a diagnostic's room for every file).
    let failures = std::sync::Mutex::new(Vec::new());
    let records: Vec<MadeFile> =
        workers::make_each(stale, workers, |(i, file)| {
            match make_and_put(file, &paths[i], sink, progress) {
                Ok(record) => record,
                Err(failure) => {
                    failures
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(failure);
                    None
                }
            }
        });
    made.extend(records);
    let mut problems = Vec::new();
    for failure in failures.into_inner().unwrap_or_else(|e| e.into_inner()) {
        match failure {
            Failure::Io(error) => return Err(error),
            Failure::Template(problem) => problems.push(problem),
        }
    }
    Ok((paths, made, pages_rendered, problems))
}

/// Makes one file and hands it to the sink; returns what was made when it has a fingerprint.
fn make_and_put(
    file: Planned<'_>,
    path: &Path,
    sink: &dyn Sink,
    progress: &Progress,
) -> std::result::Result<Option<MadeFile>, Failure> {
    let contents = (file.make)().map_err(Failure::Template);
    progress.inc();
    let contents = contents?;
    let record = match (&contents, file.fingerprint) {
        (Contents::Bytes(bytes), Some(fingerprint)) => {
            let record = MadeRecord {
                fingerprint,
                size: bytes.len() as u64,
                modified: None,
            };
            Some((path.to_path_buf(), record))
        }
        _ => None,
    };
    sink.put(OutputFile {
        path: path.to_path_buf(),
        contents,
    })
    .map_err(Failure::Io)?;
    Ok(record)
}

/// Whether a term has a page (and a feed) in a language: when it has briefs or a profile in
/// it, in the default language as in the others (a term named only by a translation has no
/// empty page in the default language).
pub(super) fn term_has_page(
    library: &Library,
    indexes: &Indexes,
    lang: crate::lang::LangId,
    taxonomy: crate::content::TaxonomyId,
    term: crate::content::TermId,
) -> bool {
    let term_of = library.taxonomy(taxonomy).term(term);
    !indexes.members(lang, taxonomy, term).is_empty()
        || (term_of.source.is_some() && term_of.lang == lang)
        || term_of.text_in(lang).is_some()
}

/// Two files of the site with one path: a bundle file named like a page Dossier writes.
fn check_unique_paths(paths: &[PathBuf]) -> Result<()> {
    let mut seen = HashSet::with_capacity(paths.len());
    let mut problems: Vec<Diagnostic> = paths
        .iter()
        .filter(|path| !seen.insert(path.as_path()))
        .map(|path| {
            Diagnostic::error(
                path,
                format!(
                    "two files of the site would be written to {}",
                    path.display()
                ),
            )
            .with_hint(
                "a file in a bundle or static/ has the path of a page Dossier writes; rename it",
            )
        })
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.dedup();
    Err(Error::Content(problems))
}

/// A file made with a fingerprint, and what was made.
type MadeFile = (PathBuf, MadeRecord);

/// Why a file did not reach the sink.
enum Failure {
    Template(Diagnostic),
    Io(Error),
}

/// A fingerprint of everything every page shows: the Dossier version, settings, templates,
/// interface strings, profiles and pages (the navigation lists them).
fn global_stamp(library: &Library, theme: &Theme, strings: &Strings) -> u64 {
    let mut hasher = capture::new_hasher();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    format!("{:?}", library.config).hash(&mut hasher);
    // The favicon and custom.css are linked from every page when they exist.
    site::look(&library.config, theme).hash(&mut hasher);
    strings.fingerprint(&mut hasher);
    for (name, source) in &theme.templates {
        name.hash(&mut hasher);
        source.text.hash(&mut hasher);
    }
    for taxonomy in &library.taxonomies {
        for term in &taxonomy.terms {
            (&term.name, term.stamp).hash(&mut hasher);
            for text in &term.translations {
                text.stamp.hash(&mut hasher);
            }
        }
    }
    for page in &library.pages {
        (&page.title, page.stamp).hash(&mut hasher);
    }
    hasher.finish()
}

/// Loads the theme's templates into Tera, with Dossier's filters and functions.
fn build_tera(library: &Library, theme: &Theme, strings: &Arc<Strings>) -> Result<Tera> {
    let config = &library.config;
    let mut tera = Tera::new();
    filters::register(&mut tera, &config.base, strings.clone());
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(name, source)| (name.as_str(), source.text.as_str())),
    )
    .map_err(|e| Error::Content(template_diagnostics(&e, theme)))?;
    for name in crate::theme::TEMPLATE_NAMES {
        if !tera.contains_template(name) {
            return Err(Error::Content(vec![
                Diagnostic::error(Path::new("templates").join(name), format!("template `{name}` is missing"))
                    .with_hint("add it to the site's templates/ or the theme, or remove the override that hides it"),
            ]));
        }
    }
    Ok(tera)
}
