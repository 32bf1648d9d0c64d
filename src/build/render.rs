//! The render: plans every output of every emitter, makes those whose inputs changed since the
//! previous render (all of them when there is none) in parallel, and hands each file to the
//! sink as soon as it is ready. The PDFs come first (brief pages show their sizes); the search
//! index is made on threads of its own while the pages render.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::emit::search::{self, IndexJob, IndexState, SearchMode, SearchPlan, ShardState};
use crate::emit::{
    Context, Emitter, Files, MadeAll, Outputs, Planned, Previous, Workers, check_unique_paths,
    html, images, make_all,
};
use crate::error::{Diagnostic, Result};
use crate::output::{Made, Sink};
use crate::progress::Progress;

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

/// Where a render is going: what it was asked for and where its files go.
#[derive(Clone, Copy)]
pub(crate) struct Target<'a> {
    pub(crate) progress: &'a Progress,
    pub(crate) mode: SearchMode,
    pub(crate) previous: Option<&'a Previous>,
    pub(crate) sink: &'a dyn Sink,
}

/// Renders the site of `cx` into `target`. The problems met making files (a template or a
/// PDF that fails, and warnings such as text a PDF's fonts cannot show) are returned beside what was rendered, every file's path among it, so that
/// the caller can still check links before it stops.
pub(crate) fn render_site(
    cx: Context<'_>,
    target: Target<'_>,
) -> Result<(Rendered, Vec<Diagnostic>)> {
    let gallery = Arc::new(images::Gallery::new(cx.library, cx.theme));
    let tera = html::build_tera(cx.library, cx.theme, cx.strings, &gallery)?;
    let (full_texts, typeset) = typeset_pdfs(cx, target)?;
    let plan = match target.mode {
        SearchMode::Off => None,
        SearchMode::Inline | SearchMode::Deferred => {
            SearchPlan::new(cx.library, cx.bodies, cx.strings)
        }
    };
    // The search pages name the index's version, so that browsers may cache its entry files,
    // and the files they preload.
    let search_files = plan.as_ref().map(SearchPlan::page_files);
    let outputs = Outputs::new(cx, &tera, (&full_texts, &gallery), search_files);
    let pdfs = (plan.as_ref(), typeset.0.as_slice());
    let (mut rendered, mut problems) = render_outputs(cx, &outputs, pdfs, target)?;
    rendered.pdfs_typeset = typeset.2;
    rendered.pages_rendered += typeset.2;
    rendered.paths.splice(0..0, typeset.0);
    rendered.made.extend(typeset.1);
    problems.splice(0..0, typeset.3);
    problems.extend(gallery.problems.iter().cloned());
    check_unique_paths(&rendered.paths)?;
    Ok((rendered, problems))
}

/// Whether a planned file is generated: a file in the site's static/ (or the theme's)
/// replaces a generated file of the same path, such as a hand-written robots.txt.
fn generated(cx: Context<'_>) -> impl Fn(&Planned<'_>) -> bool {
    move |file: &Planned<'_>| !cx.theme.static_files.contains_key(&file.path)
}

/// Typesets the PDFs (the brief pages show their sizes): what was made of them, and each
/// brief's full text as the pages link it.
fn typeset_pdfs(cx: Context<'_>, target: Target<'_>) -> Result<(html::FullTexts, MadeAll)> {
    #[cfg(feature = "pdf")]
    let pdfs = crate::emit::pdf::Pdfs::new(cx)?;
    #[cfg(feature = "pdf")]
    let pdf_files: Vec<Planned<'_>> = pdfs.plan().into_iter().filter(generated(cx)).collect();
    #[cfg(not(feature = "pdf"))]
    let pdf_files: Vec<Planned<'_>> = Vec::new();
    let full_texts = html::FullTexts::new(cx.library, &pdf_files);
    let stage = (target.progress, "Typesetting", Workers::OwnThreads);
    let (paths, made, typeset, mut problems) =
        make_all(pdf_files, target.previous, target.sink, stage)?;
    #[cfg(feature = "pdf")]
    problems.extend(pdfs.take_warnings());
    full_texts.record_sizes(&paths, &made);
    Diagnostic::sort_and_dedup(&mut problems);
    Ok((full_texts, (paths, made, typeset, problems)))
}

/// Renders every output but the PDFs, with the search index made meanwhile.
fn render_outputs(
    cx: Context<'_>,
    outputs: &Outputs<'_>,
    (plan, pdfs): (Option<&SearchPlan<'_>>, &[PathBuf]),
    target: Target<'_>,
) -> Result<(Rendered, Vec<Diagnostic>)> {
    let files = Files { cx };
    let mut planned: Vec<Planned<'_>> = outputs
        .all()
        .iter()
        .flat_map(|emitter| emitter.plan())
        .filter(generated(cx))
        .collect();
    planned.extend(files.plan());
    // An alias is an old address: never one of the files the site writes, nor Dossier's own.
    crate::emit::refuse_claims(cx, &planned, pdfs)?;
    let inline = plan.filter(|_| target.mode == SearchMode::Inline);
    let keep = inline.map_or_else(Vec::new, |plan| search::reusable(plan, target.previous));
    // The shards to make are made while the pages render, on threads of their own: Pagefind
    // reads its records one at a time, and the pages keep the other cores busy meanwhile.
    let (pages, made_shards) = std::thread::scope(|scope| {
        let indexing = inline.map(|plan| scope.spawn(|| search::make_shards(plan, &keep)));
        let stage = (target.progress, "Rendering", Workers::Pool);
        let pages = make_all(planned, target.previous, target.sink, stage);
        let shards = indexing.map(|thread| thread.join().unwrap_or_default());
        (pages, shards)
    });
    let (paths, made, pages_rendered, problems) = pages?;
    let mut rendered = Rendered {
        paths,
        made,
        pages_rendered,
        pdfs_typeset: 0,
        search: None,
        index_job: None,
    };
    match (target.mode, plan) {
        (SearchMode::Inline, Some(plan)) => {
            let shards = (keep.as_slice(), made_shards.unwrap_or_default());
            write_index(cx, plan, shards, target, &mut rendered)?;
        }
        (SearchMode::Deferred, plan) => {
            let last_index = target.previous.and_then(|p| p.search.as_ref());
            (rendered.search, rendered.index_job) = search::deferred(plan, last_index);
        }
        _ => {}
    }
    Ok((rendered, html::merge_page_problems(problems)))
}

/// Writes the search index made while the pages rendered, and records it in `rendered`.
fn write_index(
    cx: Context<'_>,
    plan: &SearchPlan<'_>,
    shards: (&[Option<&ShardState>], Vec<Option<search::ShardFiles>>),
    target: Target<'_>,
    rendered: &mut Rendered,
) -> Result<()> {
    let is_static = |path: &Path| cx.theme.static_files.contains_key(path);
    let (previous, sink, progress) = (target.previous, target.sink, target.progress);
    let index = search::write(plan, shards, previous, &is_static, sink, progress)?;
    rendered.paths.extend(index.paths);
    rendered.made.extend(index.made);
    rendered.pages_rendered += index.rendered;
    rendered.search = Some(index.state);
    Ok(())
}
