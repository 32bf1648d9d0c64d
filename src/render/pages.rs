//! The HTML pages emitter: which pages the site has, and the context each template receives,
//! described once for both rendering and fingerprinting (see [`Capture`]).

use std::sync::OnceLock;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Tera, Value};

use super::capture::Capture;
use super::emit::{Emitter, Planned};
use super::full_text::FullTexts;
use super::listing;
use super::template_diagnostic;
use super::view::{BriefSummary, BriefView, Link, PageView, TaxonomyView, TermSummary, TermView};
use crate::content::{BriefId, Indexes, Library, TaxonomyId, TermId};
use crate::error::Diagnostic;
use crate::output::Contents;
use crate::publish::jsonld;
use crate::publish::sitemap::SitemapEntry;
use crate::routes;
use crate::theme::Theme;

/// A list of briefs that is paginated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Listing {
    Home,
    Term(TaxonomyId, TermId),
    /// A year, by its position in `Indexes::by_year`.
    Year(usize),
}

/// Every page the site has, as a unit of rendering work.
#[derive(Debug, Clone, Copy)]
pub(super) enum Job {
    /// Page `page` (1-based) of a listing.
    Listing(Listing, usize),
    Brief(BriefId),
    /// A standalone page, by its position in `Library::pages`.
    Page(usize),
    /// A taxonomy's list of terms.
    TermList(TaxonomyId),
    Archive,
    NotFound,
}

/// `current`: what every template knows about the page being rendered.
#[derive(Debug, Serialize)]
pub(super) struct Current {
    /// `home`, `brief`, `page`, `authors`, `author`, `topics`, `topic`, `series_list`,
    /// `series`, `taxonomy`, `term`, `archive`, `archive_year` or `404`.
    pub(super) kind: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) url: String,
    pub(super) permalink: String,
    /// The navigation section it belongs to (`home`, a taxonomy's name, `archive`, or a page's
    /// slug), for marking the current menu entry.
    pub(super) section: String,
    /// Feeds to announce with `<link rel="alternate">`: the site's, and the page's own.
    pub(super) feeds: Vec<Link>,
}

/// Renders the site's HTML pages with Tera.
pub(super) struct Pages<'a> {
    pub(super) library: &'a Library,
    pub(super) indexes: &'a Indexes,
    pub(super) tera: &'a Tera,
    pub(super) theme: &'a Theme,
    /// Fingerprint of what every page shows (settings, templates, profiles, pages).
    pub(super) global: u64,
    /// Each brief's summary, made once and only when a page is rendered: a brief appears in a
    /// dozen listings and related lists, and template values share their contents when cloned.
    summaries: OnceLock<Vec<Value>>,
    /// Each brief's fingerprint.
    pub(super) stamps: Vec<u64>,
    /// Every page.
    pub(super) jobs: Vec<Job>,
    /// Each brief's full-text PDF.
    full_texts: &'a FullTexts,
}

impl<'a> Pages<'a> {
    pub(super) fn new(
        library: &'a Library,
        indexes: &'a Indexes,
        tera: &'a Tera,
        theme: &'a Theme,
        global: u64,
        full_texts: &'a FullTexts,
    ) -> Pages<'a> {
        Pages {
            library,
            indexes,
            tera,
            theme,
            global,
            summaries: OnceLock::new(),
            stamps: library.briefs.iter().map(|b| b.stamp).collect(),
            jobs: jobs(library, indexes),
            full_texts,
        }
    }
}

impl Emitter for Pages<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        self.jobs
            .par_iter()
            .map(|&job| {
                let mut capture = Capture::fingerprint(self.global, &self.stamps);
                let (_, path) = self.context(job, &mut capture);
                Planned::new(
                    routes::output_file(&path),
                    Some(capture.finish()),
                    move || self.render(job),
                )
            })
            .collect()
    }
}

/// Every page of the site.
fn jobs(library: &Library, indexes: &Indexes) -> Vec<Job> {
    let per_page = library.config.pagination.per_page;
    let pages_of = |count: usize| count.div_ceil(per_page).max(1);
    let mut jobs = vec![Job::Archive, Job::NotFound];
    jobs.extend((1..=pages_of(library.briefs.len())).map(|p| Job::Listing(Listing::Home, p)));
    jobs.extend(library.brief_ids().map(Job::Brief));
    jobs.extend((0..library.pages.len()).map(Job::Page));
    for (t, lists) in indexes.members.iter().enumerate() {
        let taxonomy = TaxonomyId::of(t);
        jobs.push(Job::TermList(taxonomy));
        for (term, briefs) in lists.iter().enumerate() {
            let listing = Listing::Term(taxonomy, TermId::of(term));
            jobs.extend((1..=pages_of(briefs.len())).map(|p| Job::Listing(listing, p)));
        }
    }
    for (y, (_, briefs)) in indexes.by_year.iter().enumerate() {
        jobs.extend((1..=pages_of(briefs.len())).map(|p| Job::Listing(Listing::Year(y), p)));
    }
    jobs
}

/// A map value with entries added.
fn with_entries(value: Value, entries: Vec<(&'static str, Value)>) -> Value {
    let mut map = value.into_map().unwrap_or_default();
    for (key, entry) in entries {
        map.insert(key.into(), entry);
    }
    Value::from(map)
}

impl Pages<'_> {
    /// Every brief's summary as a template value, in `Library::briefs` order.
    pub(super) fn summaries(&self) -> &[Value] {
        self.summaries.get_or_init(|| {
            let library = self.library;
            let ids: Vec<BriefId> = library.brief_ids().collect();
            ids.into_par_iter()
                .map(|id| Value::from_serializable(&BriefSummary::new(library, id)))
                .collect()
        })
    }

    fn render(&self, job: Job) -> Result<Contents, Diagnostic> {
        let mut capture = Capture::render(self.summaries(), &self.stamps);
        let (template, path) = self.context(job, &mut capture);
        let html = self
            .tera
            .render(&template, &capture.into_context())
            .map_err(|e| template_diagnostic(&e, self.theme, Some(&format!("/{path}"))))?;
        Ok(Contents::Bytes(html.into_bytes()))
    }

    /// The sitemap's entries: every page but the 404 and listing pages past the first, each
    /// with the newest date among the briefs it shows.
    pub(super) fn sitemap_entries(&self) -> Vec<SitemapEntry> {
        let library = self.library;
        let newest = |briefs: &[BriefId]| {
            briefs
                .iter()
                .map(|&id| {
                    let b = library.brief(id);
                    b.updated.as_ref().unwrap_or(&b.date).date
                })
                .max()
        };
        let all = newest(&self.indexes.all);
        self.jobs
            .par_iter()
            .filter_map(|&job| {
                let lastmod: Option<NaiveDate> = match job {
                    Job::NotFound | Job::Listing(_, 2..) => return None,
                    Job::Listing(listing, _) => newest(self.listing_briefs(listing)),
                    Job::Brief(id) => newest(&[id]),
                    Job::Page(_) => None,
                    Job::TermList(_) | Job::Archive => all,
                };
                Some(SitemapEntry {
                    url: library.config.base.permalink(&self.page_path(job)),
                    lastmod,
                })
            })
            .collect()
    }

    /// The page's path below the site root.
    fn page_path(&self, job: Job) -> String {
        match job {
            Job::Listing(listing, page) => routes::listing_page(&self.listing_base(listing), page),
            Job::Brief(id) => routes::brief(self.library.brief(id)),
            Job::Page(i) => routes::page(&self.library.pages[i].slug),
            Job::TermList(t) => routes::taxonomy(&self.library.taxonomy(t).def),
            Job::Archive => routes::ARCHIVE.into(),
            Job::NotFound => routes::NOT_FOUND.into(),
        }
    }

    pub(super) fn current(
        &self,
        kind: &str,
        title: &str,
        description: &str,
        path: &str,
        section: &str,
    ) -> Current {
        let config = &self.library.config;
        Current {
            kind: kind.to_string(),
            title: title.to_string(),
            description: description.to_string(),
            url: config.base.url_path(path),
            permalink: config.base.permalink(path),
            section: section.to_string(),
            feeds: vec![Link {
                title: config.title.clone(),
                url: config.base.url_path(routes::SITE_FEED),
            }],
        }
    }

    pub(super) fn listing_base(&self, listing: Listing) -> String {
        match listing {
            Listing::Home => routes::HOME.into(),
            Listing::Term(t, term) => {
                let taxonomy = self.library.taxonomy(t);
                routes::term(&taxonomy.def, &taxonomy.term(term).slug)
            }
            Listing::Year(y) => routes::year(self.indexes.by_year[y].0),
        }
    }

    pub(super) fn listing_briefs(&self, listing: Listing) -> &[BriefId] {
        match listing {
            Listing::Home => &self.indexes.all,
            Listing::Term(t, term) => self.indexes.members(t, term),
            Listing::Year(y) => &self.indexes.by_year[y].1,
        }
    }

    /// Fills the context of a job; returns its template and its path.
    fn context(&self, job: Job, cap: &mut Capture<'_>) -> (String, String) {
        let library = self.library;
        let config = &library.config;
        let path = self.page_path(job);
        let template = match job {
            Job::Listing(listing, page) => return listing::context(self, listing, page, cap),
            Job::Brief(id) => {
                self.brief_context(id, &path, cap);
                "brief.html".to_string()
            }
            Job::Page(i) => {
                let page = &library.pages[i];
                let current =
                    self.current("page", &page.title, &page.description, &path, &page.slug);
                cap.insert("current", &current);
                cap.insert(
                    "page",
                    &PageView {
                        title: &page.title,
                        description: &page.description,
                        url: config.base.url_path(&path),
                        permalink: config.base.permalink(&path),
                        toc: &page.content.toc,
                        extra: &page.extra,
                    },
                );
                cap.insert_lazy("content", page.stamp, || {
                    Value::safe_string(&page.content.html)
                });
                "page.html".to_string()
            }
            Job::TermList(t) => {
                let def = &library.taxonomy(t).def;
                let description = format!("{} of {}", def.title, config.title);
                let current =
                    self.current(&def.list_kind, &def.title, &description, &path, &def.name);
                cap.insert("current", &current);
                cap.insert("taxonomy", &TaxonomyView::new(def, &config.base));
                cap.insert("terms", &self.term_summaries(t));
                def.list_template()
            }
            Job::Archive => {
                let description = format!("All briefs of {} by year", config.title);
                cap.insert(
                    "current",
                    &self.current("archive", "Archive", &description, &path, "archive"),
                );
                cap.insert("years", &listing::year_summaries(self));
                cap.insert("total", &library.briefs.len());
                "archive.html".to_string()
            }
            Job::NotFound => {
                let description = "The page you asked for does not exist.";
                cap.insert(
                    "current",
                    &self.current("404", "Page not found", description, &path, ""),
                );
                let latest: Vec<BriefId> = self.indexes.all.iter().copied().take(5).collect();
                cap.summaries("briefs", &latest);
                "404.html".to_string()
            }
        };
        (template, path)
    }

    /// A brief's page: the brief with its related briefs and series neighbours, its body and
    /// its metadata.
    fn brief_context(&self, id: BriefId, path: &str, cap: &mut Capture<'_>) {
        let (library, indexes) = (self.library, self.indexes);
        let brief = library.brief(id);
        cap.insert(
            "current",
            &self.current("brief", &brief.title, &brief.summary, path, "archive"),
        );
        let related = &indexes.related.1[id.index()];
        let (previous, next) = (
            indexes.series_previous[id.index()],
            indexes.series_next[id.index()],
        );
        let shown = std::iter::once(id)
            .chain(related.iter().copied())
            .chain(previous)
            .chain(next);
        // The brief's PDF: its size is shown.
        let inputs = cap.inputs(shown) ^ self.full_texts.print(id).rotate_left(1);
        let pdf_kb = self.full_texts.kilobytes(id);
        let neighbours = (cap.summary_value(previous), cap.summary_value(next));
        let related_values: Vec<Value> = related
            .iter()
            .map(|r| cap.summary_value(Some(*r)))
            .collect();
        cap.insert_lazy("brief", inputs, || {
            with_entries(
                Value::from_serializable(&BriefView::new(library, id)),
                vec![
                    ("related", Value::from(related_values)),
                    ("series_previous", neighbours.0),
                    ("series_next", neighbours.1),
                    ("pdf_kb", pdf_kb.map_or_else(Value::none, Value::from)),
                ],
            )
        });
        let own = cap.inputs([id]);
        cap.insert_lazy("lead", own, || {
            Value::safe_string(brief.content.lead_html())
        });
        cap.insert_lazy("content", own, || {
            Value::safe_string(brief.content.html_after_lead())
        });
        cap.insert_lazy("jsonld", own, || {
            Value::safe_string(&jsonld::report(library, id))
        });
    }

    /// Every term of a taxonomy with its count, A–Z.
    pub(super) fn term_summaries(&self, taxonomy: TaxonomyId) -> Vec<TermSummary> {
        let t = self.library.taxonomy(taxonomy);
        t.terms
            .iter()
            .zip(&self.indexes.members[taxonomy.index()])
            .map(|(term, briefs)| {
                TermSummary::new(&t.def, term, briefs.len(), &self.library.config)
            })
            .collect()
    }

    /// `term` on a term's page.
    pub(super) fn term_view(&self, taxonomy: TaxonomyId, term: TermId) -> TermView<'_> {
        let t = self.library.taxonomy(taxonomy);
        let count = self.indexes.members(taxonomy, term).len();
        TermView::new(&t.def, t.term(term), count, &self.library.config)
    }
}
