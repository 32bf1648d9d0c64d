//! The site's HTML pages: which there are, and the context each template receives.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use super::template_diagnostic;
use super::view::{
    BriefSummary, BriefView, Link, PageView, Paginator, TermSummary, TermView, YearSummary,
    listing_page_path,
};
use crate::content::{Indexes, Library, Term, TermKind};
use crate::error::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::publish::jsonld;
use crate::publish::sitemap::SitemapEntry;
use crate::theme::Theme;

/// A list of briefs that is paginated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Listing {
    Home,
    Term(TermKind, usize),
    Year(usize),
}

/// Every page the site has, as a unit of rendering work.
#[derive(Debug, Clone, Copy)]
pub(super) enum Job {
    /// Page `page` (1-based) of a listing.
    Listing(Listing, usize),
    Brief(usize),
    Page(usize),
    TermList(TermKind),
    Archive,
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
    /// The navigation section it belongs to (`home`, `authors`, `topics`, `series`,
    /// `archive`, or a page's slug), for marking the current menu entry.
    section: String,
    /// Feeds to announce with `<link rel="alternate">`: the site's, and the page's own.
    feeds: Vec<Link>,
}

/// Every page of the site.
pub(super) fn jobs(library: &Library, indexes: &Indexes) -> Vec<Job> {
    let per_page = library.config.pagination.per_page;
    let pages_of = |count: usize| count.div_ceil(per_page).max(1);
    let mut jobs = vec![Job::Archive, Job::NotFound];
    jobs.extend((1..=pages_of(library.briefs.len())).map(|p| Job::Listing(Listing::Home, p)));
    jobs.extend((0..library.briefs.len()).map(Job::Brief));
    jobs.extend((0..library.pages.len()).map(Job::Page));
    for kind in [TermKind::Author, TermKind::Topic, TermKind::Series] {
        jobs.push(Job::TermList(kind));
        for (i, briefs) in briefs_of(indexes, kind).iter().enumerate() {
            jobs.extend(
                (1..=pages_of(briefs.len())).map(|p| Job::Listing(Listing::Term(kind, i), p)),
            );
        }
    }
    for (y, (_, briefs)) in indexes.by_year.iter().enumerate() {
        jobs.extend((1..=pages_of(briefs.len())).map(|p| Job::Listing(Listing::Year(y), p)));
    }
    jobs
}

pub(super) fn terms_of(library: &Library, kind: TermKind) -> &[Term] {
    match kind {
        TermKind::Author => &library.authors,
        TermKind::Topic => &library.topics,
        TermKind::Series => &library.series,
    }
}

pub(super) fn briefs_of(indexes: &Indexes, kind: TermKind) -> &[Vec<usize>] {
    match kind {
        TermKind::Author => &indexes.by_author,
        TermKind::Topic => &indexes.by_topic,
        TermKind::Series => &indexes.by_series,
    }
}

pub(super) struct Renderer<'a> {
    pub(super) library: &'a Library,
    pub(super) indexes: &'a Indexes,
    pub(super) tera: &'a Tera,
    pub(super) theme: &'a Theme,
    /// Fingerprint of what every page shows (settings, templates, profiles, pages).
    pub(super) global: u64,
    /// Each brief's summary, made once: a brief appears in a dozen listings and related lists,
    /// and template values share their contents when cloned.
    pub(super) summaries: Vec<Value>,
}

/// Every brief's summary as a template value, in `Library::briefs` order.
pub(super) fn summary_values(library: &Library) -> Vec<Value> {
    (0..library.briefs.len())
        .into_par_iter()
        .map(|i| Value::from_serializable(&BriefSummary::new(library, i)))
        .collect()
}

/// A map value with entries added.
fn with_entries(value: Value, entries: Vec<(&'static str, Value)>) -> Value {
    let mut map = value.into_map().unwrap_or_default();
    for (key, entry) in entries {
        map.insert(key.into(), entry);
    }
    Value::from(map)
}

/// The file a page path is written to: `x/` is `x/index.html`.
fn file_of(path: &str) -> PathBuf {
    if path.is_empty() || path.ends_with('/') {
        PathBuf::from(path).join("index.html")
    } else {
        PathBuf::from(path)
    }
}

type Hasher64 = std::collections::hash_map::DefaultHasher;

impl Renderer<'_> {
    pub(super) fn render(&self, job: Job) -> Result<OutputFile, Diagnostic> {
        let (template, path, context) = self.context(job);
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| template_diagnostic(&e, self.theme, Some(&format!("/{path}"))))?;
        Ok(OutputFile {
            path: file_of(&path),
            contents: Contents::Bytes(html.into_bytes()),
        })
    }

    /// The page's path below the site root.
    fn page_path(&self, job: Job) -> String {
        let library = self.library;
        match job {
            Job::Listing(listing, page) => listing_page_path(&self.listing_base(listing), page),
            Job::Brief(i) => library.briefs[i].path(),
            Job::Page(i) => library.pages[i].path(),
            Job::TermList(kind) => format!("{}/", kind.folder()),
            Job::Archive => "archive/".into(),
            Job::NotFound => "404.html".into(),
        }
    }

    /// The file the page is written to.
    pub(super) fn output_path(&self, job: Job) -> PathBuf {
        file_of(&self.page_path(job))
    }

    fn hash_stamps(&self, hasher: &mut Hasher64, briefs: impl Iterator<Item = usize>) {
        use std::hash::Hash;
        for i in briefs {
            self.library.briefs[i].stamp.hash(hasher);
        }
    }

    fn hash_counts(&self, hasher: &mut Hasher64, kind: TermKind) {
        use std::hash::Hash;
        for (term, briefs) in terms_of(self.library, kind)
            .iter()
            .zip(briefs_of(self.indexes, kind))
        {
            (&term.name, briefs.len()).hash(hasher);
        }
    }

    /// A fingerprint of everything the page shows: while it is unchanged, so is the page.
    pub(super) fn fingerprint(&self, job: Job) -> u64 {
        use std::hash::{Hash, Hasher};
        let (library, indexes) = (self.library, self.indexes);
        let mut hasher = Hasher64::new();
        self.global.hash(&mut hasher);
        let years: Vec<(i32, usize)> = indexes.by_year.iter().map(|(y, b)| (*y, b.len())).collect();
        match job {
            Job::Brief(i) => {
                let neighbours = [indexes.series_previous[i], indexes.series_next[i]];
                self.hash_stamps(
                    &mut hasher,
                    std::iter::once(i).chain(indexes.related[i].iter().copied()),
                );
                self.hash_stamps(&mut hasher, neighbours.into_iter().flatten());
            }
            Job::Listing(listing, page) => {
                let all = self.listing_briefs(listing);
                (page, all.len()).hash(&mut hasher);
                self.hash_stamps(&mut hasher, self.page_slice(all, page).iter().copied());
                match listing {
                    Listing::Home => {
                        self.hash_counts(&mut hasher, TermKind::Series);
                        self.hash_counts(&mut hasher, TermKind::Topic);
                    }
                    Listing::Year(_) => years.hash(&mut hasher),
                    Listing::Term(..) => {}
                }
            }
            Job::TermList(kind) => self.hash_counts(&mut hasher, kind),
            Job::Archive => years.hash(&mut hasher),
            Job::NotFound => self.hash_stamps(&mut hasher, indexes.all.iter().copied().take(5)),
            Job::Page(i) => library.pages[i].stamp.hash(&mut hasher),
        }
        hasher.finish()
    }

    /// The briefs on page `page` (1-based) of a listing.
    fn page_slice<'s>(&self, all: &'s [usize], page: usize) -> &'s [usize] {
        let per_page = self.library.config.pagination.per_page;
        &all[((page - 1) * per_page).min(all.len())..(page * per_page).min(all.len())]
    }

    /// The sitemap's entries: every page but the 404 and listing pages past the first, each
    /// with the newest date among the briefs it shows.
    pub(super) fn sitemap_entries(&self, jobs: &[Job]) -> Vec<SitemapEntry> {
        let library = self.library;
        let newest = |briefs: &[usize]| {
            briefs
                .iter()
                .map(|&i| {
                    let b = &library.briefs[i];
                    b.updated.as_ref().unwrap_or(&b.date).date
                })
                .max()
        };
        let all = newest(&self.indexes.all);
        jobs.par_iter()
            .filter_map(|&job| {
                let (path, lastmod): (String, Option<NaiveDate>) = match job {
                    Job::NotFound | Job::Listing(_, 2..) => return None,
                    Job::Listing(listing, _) => (
                        self.listing_base(listing),
                        newest(self.listing_briefs(listing)),
                    ),
                    Job::Brief(i) => (library.briefs[i].path(), newest(&[i])),
                    Job::Page(i) => (library.pages[i].path(), None),
                    Job::TermList(kind) => (format!("{}/", kind.folder()), all),
                    Job::Archive => ("archive/".into(), all),
                };
                Some(SitemapEntry {
                    url: library.config.permalink(&path),
                    lastmod,
                })
            })
            .collect()
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
            feeds: vec![Link {
                title: config.title.clone(),
                url: config.url_path("feed.xml"),
            }],
        }
    }

    fn summaries(&self, indices: &[usize]) -> Value {
        Value::from(
            indices
                .iter()
                .map(|&i| self.summaries[i].clone())
                .collect::<Vec<Value>>(),
        )
    }

    fn summary(&self, index: Option<usize>) -> Value {
        index.map_or_else(Value::none, |i| self.summaries[i].clone())
    }

    fn listing_base(&self, listing: Listing) -> String {
        match listing {
            Listing::Home => String::new(),
            Listing::Term(kind, i) => terms_of(self.library, kind)[i].path(),
            Listing::Year(y) => format!("archive/{}/", self.indexes.by_year[y].0),
        }
    }

    fn listing_briefs(&self, listing: Listing) -> &[usize] {
        match listing {
            Listing::Home => &self.indexes.all,
            Listing::Term(kind, i) => &briefs_of(self.indexes, kind)[i],
            Listing::Year(y) => &self.indexes.by_year[y].1,
        }
    }

    /// The template, output path and context of a job.
    fn context(&self, job: Job) -> (&'static str, String, Context) {
        let library = self.library;
        let config = &library.config;
        let mut ctx = Context::new();
        match job {
            Job::Listing(listing, page) => self.listing_context(listing, page),
            Job::Brief(i) => {
                let brief = &library.briefs[i];
                let path = brief.path();
                ctx.insert(
                    "current",
                    &self.current("brief", &brief.title, &brief.summary, &path, "archive"),
                );
                let brief_value = with_entries(
                    Value::from_serializable(&BriefView::new(library, i)),
                    vec![
                        ("related", self.summaries(&self.indexes.related[i])),
                        (
                            "series_previous",
                            self.summary(self.indexes.series_previous[i]),
                        ),
                        ("series_next", self.summary(self.indexes.series_next[i])),
                    ],
                );
                ctx.insert_value("brief", brief_value);
                ctx.insert_value("lead", Value::safe_string(brief.content.lead_html()));
                ctx.insert_value(
                    "content",
                    Value::safe_string(brief.content.html_after_lead()),
                );
                ctx.insert_value("jsonld", Value::safe_string(&jsonld::report(library, i)));
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
            Job::Archive => {
                let description = format!("All briefs of {} by year", config.title);
                ctx.insert(
                    "current",
                    &self.current("archive", "Archive", &description, "archive/", "archive"),
                );
                ctx.insert("years", &self.year_summaries());
                ctx.insert("total", &library.briefs.len());
                ("archive.html", "archive/".into(), ctx)
            }
            Job::NotFound => {
                let description = "The page you asked for does not exist.";
                ctx.insert(
                    "current",
                    &self.current("404", "Page not found", description, "404.html", ""),
                );
                let latest: Vec<usize> = self.indexes.all.iter().copied().take(5).collect();
                ctx.insert_value("briefs", self.summaries(&latest));
                ("404.html", "404.html".into(), ctx)
            }
        }
    }

    /// Page `page` of a listing: its slice of briefs and the paginator.
    fn listing_context(&self, listing: Listing, page: usize) -> (&'static str, String, Context) {
        let library = self.library;
        let config = &library.config;
        let all = self.listing_briefs(listing);
        let slice = self.page_slice(all, page);
        let base = self.listing_base(listing);
        let path = listing_page_path(&base, page);
        let suffix = if page > 1 {
            format!(" (page {page})")
        } else {
            String::new()
        };
        let mut ctx = Context::new();
        ctx.insert("paginator", &Paginator::new(config, &base, page, all.len()));
        ctx.insert_value("briefs", self.summaries(slice));
        let template = match listing {
            Listing::Home => {
                let title = format!("{}{suffix}", config.title);
                ctx.insert(
                    "current",
                    &self.current("home", &title, &config.description, &path, "home"),
                );
                ctx.insert("series", &self.term_summaries(TermKind::Series));
                ctx.insert("topics", &self.term_summaries(TermKind::Topic));
                ctx.insert("total", &all.len());
                "index.html"
            }
            Listing::Term(kind, i) => {
                let term = &terms_of(library, kind)[i];
                let view = TermView::new(term, all.len(), config);
                let description = if term.description.is_empty() {
                    format!("Briefs by or about {} from {}", term.name, config.title)
                } else {
                    term.description.clone()
                };
                let title = format!("{}{suffix}", term.name);
                let mut current =
                    self.current(view.kind, &title, &description, &path, kind.folder());
                current.feeds.push(Link {
                    title: format!("{}: {}", config.title, term.name),
                    url: config.url_path(&super::extras::feed_path(term)),
                });
                ctx.insert("current", &current);
                ctx.insert("term", &view);
                let body = term.body.as_ref().map_or("", |b| b.html.as_str());
                ctx.insert_value("content", Value::safe_string(body));
                if kind == TermKind::Author {
                    ctx.insert_value("jsonld", Value::safe_string(&jsonld::author(library, term)));
                }
                match kind {
                    TermKind::Author => "author.html",
                    TermKind::Topic => "topic.html",
                    TermKind::Series => "series.html",
                }
            }
            Listing::Year(y) => {
                let year = self.indexes.by_year[y].0;
                let title = format!("Briefs of {year}{suffix}");
                ctx.insert(
                    "current",
                    &self.current("archive_year", &title, &title, &path, "archive"),
                );
                ctx.insert("year", &year);
                ctx.insert("count", &all.len());
                ctx.insert_value("months", self.months(slice));
                ctx.insert("years", &self.year_summaries());
                "archive_year.html"
            }
        };
        (template, path, ctx)
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

    /// Briefs grouped by month, in the order given (newest first): each group has `month`,
    /// `name` and `briefs`.
    fn months(&self, briefs: &[usize]) -> Value {
        let mut groups: Vec<(u32, Vec<usize>)> = Vec::new();
        for &i in briefs {
            let month = self.library.briefs[i].date.date.month();
            match groups.last_mut() {
                Some((m, members)) if *m == month => members.push(i),
                _ => groups.push((month, vec![i])),
            }
        }
        let months: Vec<Value> = groups
            .into_iter()
            .map(|(month, members)| {
                let name = self.library.briefs[members[0]]
                    .date
                    .date
                    .format("%B")
                    .to_string();
                let mut map = tera::Map::new();
                map.insert("month".into(), Value::from(month));
                map.insert("name".into(), Value::from(name));
                map.insert("briefs".into(), self.summaries(&members));
                Value::from(map)
            })
            .collect();
        Value::from(months)
    }
}
