//! Rendering: the model and its indexes, through Tera templates, into the site's pages in memory.

mod filters;
pub(crate) mod view;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::content::{Indexes, Library, Term, TermKind};
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Contents, OutputFile};
use crate::theme::{StaticFile, Theme};
use view::{
    BriefSummary, BriefView, DateView, Link, MonthGroup, PageView, SiteUrls, SiteView, TermSummary,
    TermView, YearSummary,
};

/// How many of the latest briefs the home page lists.
const HOME_BRIEFS: usize = 20;

/// Every page the site has, as a unit of rendering work.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    Brief(usize),
    Page(usize),
    TermList(TermKind),
    Term(TermKind, usize),
    Archive,
    ArchiveYear(usize),
    NotFound,
}

/// `current`: what every template knows about the page being rendered.
#[derive(Debug, Serialize)]
struct Current {
    /// `home`, `brief`, `page`, `authors`, `author`, `topics`, `topic`, `series_list`,
    /// `series`, `archive`, `archive_year` or `404`.
    kind: &'static str,
    title: String,
    description: String,
    url: String,
    permalink: String,
    /// The navigation section it belongs to (`authors`, `topics`, `series`, `archive`, or
    /// a page's slug), for marking the current menu entry.
    section: String,
}

/// Renders every page, and lists the static and bundle files, without writing anything.
pub(crate) fn render_site(
    library: &Library,
    indexes: &Indexes,
    theme: &Theme,
) -> Result<Vec<OutputFile>> {
    let tera = build_tera(library, theme)?;
    let jobs = jobs(library, indexes);
    let renderer = Renderer {
        library,
        indexes,
        tera: &tera,
        theme,
    };
    let results: Vec<std::result::Result<OutputFile, Diagnostic>> =
        jobs.par_iter().map(|job| renderer.render(*job)).collect();
    let mut files = Vec::with_capacity(results.len() + library.assets.len());
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

fn jobs(library: &Library, indexes: &Indexes) -> Vec<Job> {
    let mut jobs = vec![Job::Home, Job::Archive, Job::NotFound];
    jobs.extend((0..library.briefs.len()).map(Job::Brief));
    jobs.extend((0..library.pages.len()).map(Job::Page));
    for kind in [TermKind::Author, TermKind::Topic, TermKind::Series] {
        jobs.push(Job::TermList(kind));
        jobs.extend((0..terms_of(library, kind).len()).map(|i| Job::Term(kind, i)));
    }
    jobs.extend((0..indexes.by_year.len()).map(Job::ArchiveYear));
    jobs
}

fn terms_of(library: &Library, kind: TermKind) -> &[Term] {
    match kind {
        TermKind::Author => &library.authors,
        TermKind::Topic => &library.topics,
        TermKind::Series => &library.series,
    }
}

fn briefs_of(indexes: &Indexes, kind: TermKind) -> &[Vec<usize>] {
    match kind {
        TermKind::Author => &indexes.by_author,
        TermKind::Topic => &indexes.by_topic,
        TermKind::Series => &indexes.by_series,
    }
}

/// Loads the theme's templates into Tera, with the site context every template shares.
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
        },
        extra: &config.extra,
        generator: format!("Dossier {}", env!("CARGO_PKG_VERSION")),
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
    let mut message = message;
    if let Some(page) = page {
        message = format!("{message} (while rendering {page})");
    }
    Diagnostic::error(origin, message)
        .at(line.max(1), col.max(1))
        .with_hint(match page {
            Some(_) => "check the variable names against the README's list of template variables",
            None => "fix the template's syntax",
        })
}

struct Renderer<'a> {
    library: &'a Library,
    indexes: &'a Indexes,
    tera: &'a Tera,
    theme: &'a Theme,
}

impl Renderer<'_> {
    fn render(&self, job: Job) -> std::result::Result<OutputFile, Diagnostic> {
        let (template, path, context) = self.context(job);
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| template_diagnostic(&e, self.theme, Some(&format!("/{path}"))))?;
        let file = if path.is_empty() || path.ends_with('/') {
            PathBuf::from(&path).join("index.html")
        } else {
            PathBuf::from(&path)
        };
        Ok(OutputFile {
            path: file,
            contents: Contents::Bytes(html.into_bytes()),
        })
    }

    fn current(
        &self,
        kind: &'static str,
        title: &str,
        description: &str,
        path: &str,
        section: &str,
    ) -> Current {
        let config = &self.library.config;
        Current {
            kind,
            title: title.to_string(),
            description: description.to_string(),
            url: config.url_path(path),
            permalink: config.permalink(path),
            section: section.to_string(),
        }
    }

    fn summaries(&self, indices: &[usize]) -> Vec<BriefSummary> {
        indices
            .iter()
            .map(|&i| BriefSummary::new(self.library, i))
            .collect()
    }

    /// The template, output path and context of a job.
    fn context(&self, job: Job) -> (&'static str, String, Context) {
        let library = self.library;
        let config = &library.config;
        let mut ctx = Context::new();
        match job {
            Job::Home => {
                let latest: Vec<usize> = (0..library.briefs.len().min(HOME_BRIEFS)).collect();
                ctx.insert(
                    "current",
                    &self.current("home", &config.title, &config.description, "", "home"),
                );
                ctx.insert("briefs", &self.summaries(&latest));
                ctx.insert("series", &self.term_summaries(TermKind::Series));
                ctx.insert("topics", &self.term_summaries(TermKind::Topic));
                ctx.insert("total", &library.briefs.len());
                ("index.html", String::new(), ctx)
            }
            Job::Brief(i) => {
                let brief = &library.briefs[i];
                let path = brief.path();
                ctx.insert(
                    "current",
                    &self.current("brief", &brief.title, &brief.summary, &path, "archive"),
                );
                ctx.insert("brief", &BriefView::new(library, i));
                ctx.insert_value("content", Value::safe_string(&brief.content.html));
                ("brief.html", path, ctx)
            }
            Job::Page(i) => {
                let page = &library.pages[i];
                let path = page.path();
                ctx.insert(
                    "current",
                    &self.current("page", &page.title, &page.description, &path, &page.slug),
                );
                ctx.insert(
                    "page",
                    &PageView {
                        title: &page.title,
                        description: &page.description,
                        url: config.url_path(&path),
                        permalink: config.permalink(&path),
                        toc: &page.content.toc,
                        extra: &page.extra,
                    },
                );
                ctx.insert_value("content", Value::safe_string(&page.content.html));
                ("page.html", path, ctx)
            }
            Job::TermList(kind) => {
                let (template, kind_name, title) = match kind {
                    TermKind::Author => ("authors.html", "authors", "Authors"),
                    TermKind::Topic => ("topics.html", "topics", "Topics"),
                    TermKind::Series => ("series_list.html", "series_list", "Series"),
                };
                let path = format!("{}/", kind.folder());
                let description = format!("{title} of {}", config.title);
                ctx.insert(
                    "current",
                    &self.current(kind_name, title, &description, &path, kind.folder()),
                );
                ctx.insert("terms", &self.term_summaries(kind));
                (template, path, ctx)
            }
            Job::Term(kind, i) => {
                let term = &terms_of(library, kind)[i];
                let briefs = &briefs_of(self.indexes, kind)[i];
                let template = match kind {
                    TermKind::Author => "author.html",
                    TermKind::Topic => "topic.html",
                    TermKind::Series => "series.html",
                };
                let view = TermView::new(term, briefs.len(), config);
                let path = term.path();
                let description = if term.description.is_empty() {
                    format!("Briefs by or about {} from {}", term.name, config.title)
                } else {
                    term.description.clone()
                };
                ctx.insert(
                    "current",
                    &self.current(view.kind, &term.name, &description, &path, kind.folder()),
                );
                ctx.insert("term", &view);
                ctx.insert("briefs", &self.summaries(briefs));
                let body = term.body.as_ref().map_or("", |b| b.html.as_str());
                ctx.insert_value("content", Value::safe_string(body));
                (template, path, ctx)
            }
            Job::Archive => {
                let years = self.year_summaries();
                let description = format!("All briefs of {} by year", config.title);
                ctx.insert(
                    "current",
                    &self.current("archive", "Archive", &description, "archive/", "archive"),
                );
                ctx.insert("years", &years);
                ctx.insert("total", &library.briefs.len());
                ("archive.html", "archive/".into(), ctx)
            }
            Job::ArchiveYear(y) => {
                let (year, briefs) = &self.indexes.by_year[y];
                let path = format!("archive/{year}/");
                let title = format!("Briefs of {year}");
                ctx.insert(
                    "current",
                    &self.current("archive_year", &title, &title, &path, "archive"),
                );
                ctx.insert("year", year);
                ctx.insert("count", &briefs.len());
                ctx.insert("months", &self.months(briefs));
                ctx.insert("years", &self.year_summaries());
                ("archive_year.html", path, ctx)
            }
            Job::NotFound => {
                ctx.insert(
                    "current",
                    &self.current(
                        "404",
                        "Page not found",
                        "The page you asked for does not exist.",
                        "404.html",
                        "",
                    ),
                );
                ctx.insert(
                    "briefs",
                    &self.summaries(&(0..library.briefs.len().min(5)).collect::<Vec<_>>()),
                );
                ("404.html", "404.html".into(), ctx)
            }
        }
    }

    fn term_summaries(&self, kind: TermKind) -> Vec<TermSummary> {
        let counts = briefs_of(self.indexes, kind);
        terms_of(self.library, kind)
            .iter()
            .zip(counts)
            .map(|(term, briefs)| TermSummary::new(term, briefs.len(), &self.library.config))
            .collect()
    }

    fn year_summaries(&self) -> Vec<YearSummary> {
        self.indexes
            .by_year
            .iter()
            .map(|(year, briefs)| YearSummary {
                year: *year,
                count: briefs.len(),
                url: self.library.config.url_path(&format!("archive/{year}/")),
            })
            .collect()
    }

    /// A year's briefs grouped by month, newest month first (the briefs are already newest first).
    fn months(&self, briefs: &[usize]) -> Vec<MonthGroup> {
        let mut months: Vec<MonthGroup> = Vec::new();
        for &i in briefs {
            let summary = BriefSummary::new(self.library, i);
            let date: &DateView = &summary.date;
            match months.last_mut() {
                Some(group) if group.month == date.month => group.briefs.push(summary),
                _ => months.push(MonthGroup {
                    month: date.month,
                    name: date.month_name.clone(),
                    briefs: vec![summary],
                }),
            }
        }
        months
    }
}
