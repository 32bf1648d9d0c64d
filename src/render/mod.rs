//! Rendering: the model and its indexes, through Tera templates, into the site's files in
//! memory; nothing is written here.

mod extras;
mod filters;
mod pages;
pub(crate) mod view;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Tera;

use crate::content::{Indexes, Library};
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Contents, OutputFile};
use crate::theme::{StaticFile, Theme};
use view::{Link, SiteUrls, SiteView};

/// Renders every page and companion file, and lists the static and bundle files to copy.
pub(crate) fn render_site(
    library: &Library,
    indexes: &Indexes,
    theme: &Theme,
) -> Result<Vec<OutputFile>> {
    let tera = build_tera(library, theme)?;
    let jobs = pages::jobs(library, indexes);
    let renderer = pages::Renderer {
        library,
        indexes,
        tera: &tera,
        theme,
    };
    let results: Vec<std::result::Result<OutputFile, Diagnostic>> =
        jobs.par_iter().map(|job| renderer.render(*job)).collect();
    let mut files = Vec::with_capacity(results.len() * 2 + library.assets.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        problems.dedup();
        return Err(Error::Content(problems));
    }
    let sitemap_entries: Vec<_> = jobs
        .iter()
        .filter_map(|job| renderer.sitemap_entry(*job))
        .collect();
    files.extend(extras::companion_files(library, indexes, &sitemap_entries));
    for (path, file) in &theme.static_files {
        files.push(OutputFile {
            path: path.clone(),
            contents: match file {
                StaticFile::Disk(source) => Contents::Copy(source.clone()),
                StaticFile::Embedded(bytes) => Contents::Static(bytes),
            },
        });
    }
    for asset in &library.assets {
        files.push(OutputFile {
            path: asset.target.clone(),
            contents: Contents::Copy(asset.source.clone()),
        });
    }
    Ok(files)
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
