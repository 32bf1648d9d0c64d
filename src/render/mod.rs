//! Rendering: the model and its indexes, through Tera templates, into the site's files, each
//! handed to a sink (a staging folder, memory, or nothing) as soon as it is ready.

mod extras;
mod filters;
mod pages;
pub(crate) mod view;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Tera;

use crate::content::{Indexes, Library};
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Contents, OutputFile, Sink};
use crate::progress::Progress;
use crate::theme::{StaticFile, Theme};
use view::{Link, SiteUrls, SiteView};

/// Fingerprints of what each output file showed when it was last rendered, by output path.
pub(crate) type Fingerprints = HashMap<PathBuf, u64>;

/// What a render produced.
pub(crate) struct Rendered {
    /// Every file the site has now, rendered this time or not.
    pub(crate) paths: Vec<PathBuf>,
    /// Fingerprints to pass to the next render.
    pub(crate) fingerprints: Fingerprints,
    /// How many pages were rendered.
    pub(crate) pages_rendered: usize,
}

/// Renders the pages and companion files whose inputs changed since `previous` (all of them
/// when there is none) into `sink`, as each is ready, then hands it the static and bundle
/// files to copy. A template error stops the render and is reported for every page it breaks.
pub(crate) fn render_site(
    library: &Library,
    indexes: &Indexes,
    theme: &Theme,
    progress: &Progress,
    previous: Option<&Fingerprints>,
    sink: &dyn Sink,
) -> Result<Rendered> {
    let tera = build_tera(library, theme)?;
    let jobs = pages::jobs(library, indexes);
    let renderer = pages::Renderer {
        library,
        indexes,
        tera: &tera,
        theme,
        global: global_stamp(library, theme),
        summaries: pages::summary_values(library),
    };
    let keyed: Vec<(pages::Job, PathBuf, u64)> = jobs
        .par_iter()
        .map(|job| (*job, renderer.output_path(*job), renderer.fingerprint(*job)))
        .collect();
    let is_stale =
        |path: &PathBuf, print: u64| previous.is_none_or(|p| p.get(path) != Some(&print));
    // A file in the site's static/ (or the theme's) replaces a generated file of the same path,
    // such as a hand-written robots.txt.
    let replaced = |path: &Path| theme.static_files.contains_key(path);
    let keyed: Vec<(pages::Job, PathBuf, u64)> = keyed
        .into_iter()
        .filter(|(_, path, _)| !replaced(path))
        .collect();
    let stale: Vec<pages::Job> = keyed
        .iter()
        .filter(|(_, path, print)| is_stale(path, *print))
        .map(|(j, _, _)| *j)
        .collect();
    progress.stage("Rendering", stale.len());
    let failures: Vec<Failure> = stale
        .par_iter()
        .filter_map(|job| {
            let page = renderer.render(*job);
            progress.inc();
            match page {
                Ok(file) => sink.put(file).err().map(Failure::Io),
                Err(problem) => Some(Failure::Template(problem)),
            }
        })
        .collect();
    let mut problems = Vec::new();
    for failure in failures {
        match failure {
            Failure::Io(error) => return Err(error),
            Failure::Template(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
        });
        problems.dedup();
        return Err(Error::Content(problems));
    }
    let pages_rendered = stale.len();
    let mut fingerprints: Fingerprints = keyed
        .iter()
        .map(|(_, path, print)| (path.clone(), *print))
        .collect();
    let mut paths: Vec<PathBuf> = keyed.into_iter().map(|(_, path, _)| path).collect();
    let sitemap_entries = renderer.sitemap_entries(&jobs);
    let mut to_make = Vec::new();
    let companions = extras::companion_files(library, indexes, &sitemap_entries, renderer.global);
    for companion in companions
        .into_iter()
        .filter(|c| !c.paths.iter().any(|p| replaced(p)))
    {
        paths.extend(companion.paths.iter().cloned());
        let first = &companion.paths[0];
        let fresh = companion
            .fingerprint
            .is_some_and(|print| !is_stale(first, print));
        if let Some(print) = companion.fingerprint {
            fingerprints.insert(first.clone(), print);
        }
        if !fresh {
            to_make.push(companion);
        }
    }
    to_make.into_par_iter().try_for_each(|c| {
        let texts = (c.make)();
        c.paths.into_iter().zip(texts).try_for_each(|(path, text)| {
            sink.put(OutputFile {
                path,
                contents: Contents::Bytes(text.into_bytes()),
            })
        })
    })?;
    for (path, file) in &theme.static_files {
        paths.push(path.clone());
        let contents = match file {
            StaticFile::Disk(source) => Contents::Copy(source.clone()),
            StaticFile::Embedded(bytes) => Contents::Static(bytes),
        };
        sink.put(OutputFile {
            path: path.clone(),
            contents,
        })?;
    }
    for asset in &library.assets {
        paths.push(asset.target.clone());
        sink.put(OutputFile {
            path: asset.target.clone(),
            contents: Contents::Copy(asset.source.clone()),
        })?;
    }
    check_unique_paths(&paths)?;
    Ok(Rendered {
        paths,
        fingerprints,
        pages_rendered,
    })
}

/// Two files of the site with one path: a bundle file named like a page Dossier writes.
fn check_unique_paths(paths: &[PathBuf]) -> Result<()> {
    let mut seen = std::collections::HashSet::with_capacity(paths.len());
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

/// Why a page did not reach the sink.
enum Failure {
    Template(Diagnostic),
    Io(Error),
}

/// A fingerprint of everything every page shows: settings, templates, profiles and pages.
fn global_stamp(library: &Library, theme: &Theme) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    format!("{:?}", library.config).hash(&mut hasher);
    for (name, source) in &theme.templates {
        name.hash(&mut hasher);
        source.text.hash(&mut hasher);
    }
    for term in library
        .authors
        .iter()
        .chain(&library.topics)
        .chain(&library.series)
    {
        (&term.name, term.stamp).hash(&mut hasher);
    }
    for page in &library.pages {
        page.stamp.hash(&mut hasher);
    }
    hasher.finish()
}

/// Loads the theme's templates into Tera, with the `site` context every template shares.
fn build_tera(library: &Library, theme: &Theme) -> Result<Tera> {
    let config = &library.config;
    let mut tera = Tera::new();
    filters::register(&mut tera, &config.base_path);
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(name, source)| (name.as_str(), source.text.as_str())),
    )
    .map_err(|e| Error::Content(vec![template_diagnostic(&e, theme, None)]))?;
    for name in crate::theme::TEMPLATE_NAMES {
        if !tera.contains_template(name) {
            return Err(Error::Content(vec![
                Diagnostic::error(Path::new("templates").join(name), format!("template `{name}` is missing"))
                    .with_hint("add it to the site's templates/ or the theme, or remove the override that hides it"),
            ]));
        }
    }
    let mut nav = vec![
        Link {
            title: "Briefs".into(),
            url: config.url_path("archive/"),
        },
        Link {
            title: "Series".into(),
            url: config.url_path("series/"),
        },
        Link {
            title: "Topics".into(),
            url: config.url_path("topics/"),
        },
        Link {
            title: "Authors".into(),
            url: config.url_path("authors/"),
        },
    ];
    nav.extend(library.pages.iter().map(|p| Link {
        title: p.title.clone(),
        url: config.url_path(&p.path()),
    }));
    let site = SiteView {
        title: &config.title,
        description: &config.description,
        language: &config.language,
        base_url: &config.base_url,
        base_path: &config.base_path,
        publisher: &config.publisher,
        nav,
        urls: SiteUrls {
            home: config.url_path(""),
            authors: config.url_path("authors/"),
            topics: config.url_path("topics/"),
            series: config.url_path("series/"),
            archive: config.url_path("archive/"),
            stylesheet: config.url_path("style.css"),
            print_stylesheet: config.url_path("print.css"),
            feed: config.url_path("feed.xml"),
            sitemap: config.permalink("sitemap.xml"),
        },
        extra: &config.extra,
        generator: format!("Dossier {}", env!("CARGO_PKG_VERSION")),
        pagination: config.pagination,
    };
    tera.global_context().insert("site", &site);
    Ok(tera)
}

/// Turns a Tera error into a diagnostic naming the template file, line and column.
fn template_diagnostic(error: &tera::Error, theme: &Theme, page: Option<&str>) -> Diagnostic {
    let (name, line, col, message) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => (
            report.filename().to_string(),
            report.span().start_line,
            report.span().start_col + 1,
            report.message().to_string(),
        ),
        _ => (String::new(), 1, 1, error.to_string()),
    };
    let origin = theme.templates.get(&name).map_or_else(
        || PathBuf::from(if name.is_empty() { "templates" } else { &name }),
        |t| t.origin.clone(),
    );
    let message = match page {
        Some(page) => format!("{message} (while rendering {page})"),
        None => message,
    };
    Diagnostic::error(origin, message)
        .at(line.max(1), col.max(1))
        .with_hint(match page {
            Some(_) => "check the variable names against the README's list of template variables",
            None => "fix the template's syntax",
        })
}
