//! The HTML pages emitter: which pages the site has in each language, where each goes, and
//! which pages are versions of one another in other languages. What each page's template
//! receives is in `context.rs` and `listing.rs`, described once for rendering and
//! fingerprinting (see [`Capture`]).

use std::sync::OnceLock;

use chrono::NaiveDate;
use rayon::prelude::*;
use tera::{Tera, Value};

use super::capture::Capture;
use super::full_text::FullTexts;
use super::locale::Locale;
use super::template_errors::template_diagnostic;
use super::view::BriefSummary;
use crate::content::{BriefId, TaxonomyId, TermId};
use crate::emit::images::Gallery;
use crate::emit::{Context, Emitter, Planned, fingerprint};
use crate::error::Diagnostic;
use crate::lang::LangId;
use crate::output::Contents;
use crate::publish::sitemap::SitemapEntry;
use crate::routes;

/// A list of briefs that is paginated, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Listing {
    Home(LangId),
    Term(LangId, TaxonomyId, TermId),
    /// A year, by its position in the language's `by_year`.
    Year(LangId, usize),
}

/// Every page the site has, as a unit of rendering work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Job {
    /// Page `page` (1-based) of a listing.
    Listing(Listing, usize),
    Brief(BriefId),
    /// A standalone page, by its position in `Library::pages`.
    Page(usize),
    /// A taxonomy's list of terms in a language.
    TermList(LangId, TaxonomyId),
    Archive(LangId),
    /// The search page of a language.
    Search(LangId),
    NotFound,
}

/// What the search pages name of the search index: its version, and for each language (by
/// [`LangId`]) the files of the index that its search page preloads, as paths from the site's
/// root (`pagefind/pagefind-entry.json?ts=…`), and the folders of its other shards (`en-2024/`,
/// below `pagefind/`), for the page to merge without asking the list of shards.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchFiles {
    pub(crate) version: String,
    pub(crate) preload: Vec<Vec<String>>,
    pub(crate) merge: Vec<Vec<String>>,
}

/// Renders the site's HTML pages with Tera.
pub(crate) struct Pages<'a> {
    /// The model, the theme and the strings, and the fingerprint of what every page shows.
    pub(super) cx: Context<'a>,
    pub(super) tera: &'a Tera,
    /// `site` in each language.
    pub(super) sites: Vec<Value>,
    /// Each brief's summary, made once and only when a page is rendered: a brief appears in a
    /// dozen listings and related lists, and template values share their contents when cloned.
    summaries: OnceLock<Vec<Value>>,
    /// Each brief's fingerprint.
    pub(super) stamps: Vec<u64>,
    /// Every page.
    pub(super) jobs: Vec<Job>,
    /// Each brief's full-text PDF.
    pub(super) full_texts: &'a FullTexts,
    /// What the search pages name of the search index (none when no index is made).
    pub(super) search: Option<SearchFiles>,
    /// The site's images and their resized copies.
    pub(super) gallery: &'a Gallery,
}

impl<'a> Pages<'a> {
    pub(crate) fn new(
        cx: Context<'a>,
        tera: &'a Tera,
        (full_texts, gallery): (&'a FullTexts, &'a Gallery),
        search: Option<SearchFiles>,
    ) -> Pages<'a> {
        let library = cx.library;
        // Any page may show a static image or a photo (`responsive_image`): their sizes are
        // part of what every page shows.
        let global = fingerprint::of_parts(cx.global, &[gallery.shared_stamp], "images");
        let cx = Context { global, ..cx };
        let mut pages = Pages {
            cx,
            tera,
            sites: super::site::site_values(
                library,
                cx.strings,
                &super::site::look(&library.config, cx.theme),
            ),
            summaries: OnceLock::new(),
            stamps: library.briefs.iter().map(|b| b.stamp).collect(),
            jobs: Vec::new(),
            full_texts,
            search,
            gallery,
        };
        pages.jobs = pages.all_jobs();
        pages
    }
}

impl Emitter for Pages<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        self.jobs
            .par_iter()
            .map(|&job| {
                let mut capture = Capture::fingerprint(self.cx.global, &self.stamps);
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

impl Pages<'_> {
    /// How many pages a listing of `count` briefs takes.
    fn pages_of(&self, count: usize) -> usize {
        count
            .div_ceil(self.cx.library.config.pagination.per_page)
            .max(1)
    }

    /// Every page of the site: per language, its archive, home pages, term lists and term
    /// pages and years; each brief and page. (The order is the sitemap's.)
    fn all_jobs(&self) -> Vec<Job> {
        let library = self.cx.library;
        let langs = || {
            self.cx
                .indexes
                .langs
                .iter()
                .enumerate()
                .map(|(l, index)| (LangId::of(l), index))
        };
        let mut jobs: Vec<Job> = langs().map(|(lang, _)| Job::Archive(lang)).collect();
        jobs.push(Job::NotFound);
        if library.config.search.active() {
            jobs.extend(langs().map(|(lang, _)| Job::Search(lang)));
        }
        for (lang, index) in langs() {
            let home = Listing::Home(lang);
            jobs.extend((1..=self.pages_of(index.all.len())).map(|p| Job::Listing(home, p)));
        }
        jobs.extend(library.brief_ids().map(Job::Brief));
        jobs.extend((0..library.pages.len()).map(Job::Page));
        for (lang, index) in langs() {
            for (t, lists) in index.members.iter().enumerate() {
                let taxonomy = TaxonomyId::of(t);
                jobs.push(Job::TermList(lang, taxonomy));
                for (term, briefs) in lists.iter().enumerate() {
                    let term = TermId::of(term);
                    if self.term_exists(lang, taxonomy, term) {
                        let listing = Listing::Term(lang, taxonomy, term);
                        let count = self.pages_of(briefs.len());
                        jobs.extend((1..=count).map(|p| Job::Listing(listing, p)));
                    }
                }
            }
        }
        for (lang, index) in langs() {
            for (y, (_, briefs)) in index.by_year.iter().enumerate() {
                let listing = Listing::Year(lang, y);
                jobs.extend((1..=self.pages_of(briefs.len())).map(|p| Job::Listing(listing, p)));
            }
        }
        jobs
    }

    /// Whether a term has a page in a language: a term with briefs or a profile in it.
    pub(super) fn term_exists(&self, lang: LangId, taxonomy: TaxonomyId, term: TermId) -> bool {
        crate::content::term_has_page(self.cx.library, self.cx.indexes, lang, taxonomy, term)
    }

    /// Every brief's summary as a template value, in `Library::briefs` order.
    pub(super) fn summaries(&self) -> &[Value] {
        self.summaries.get_or_init(|| {
            let (library, strings) = (self.cx.library, self.cx.strings);
            let ids: Vec<BriefId> = library.brief_ids().collect();
            ids.into_par_iter()
                .map(|id| Value::from_serializable(&BriefSummary::new(library, strings, id)))
                .collect()
        })
    }

    fn render(&self, job: Job) -> Result<Contents, Diagnostic> {
        let mut capture = Capture::render(self.summaries(), &self.stamps);
        let (template, path) = self.context(job, &mut capture);
        let html = self
            .tera
            .render(&template, &capture.into_context())
            .map_err(|e| template_diagnostic(&e, self.cx.theme, &format!("/{path}")))?;
        Ok(Contents::Bytes(html.into_bytes()))
    }

    /// The language a page is in.
    pub(super) fn lang_of(&self, job: Job) -> LangId {
        match job {
            Job::Listing(Listing::Home(l) | Listing::Term(l, ..) | Listing::Year(l, _), _)
            | Job::TermList(l, _)
            | Job::Archive(l)
            | Job::Search(l) => l,
            Job::Brief(id) => self.cx.library.brief(id).lang,
            Job::Page(i) => self.cx.library.pages[i].lang,
            Job::NotFound => LangId::DEFAULT,
        }
    }

    /// The locale of a page's language.
    pub(super) fn locale(&self, lang: LangId) -> Locale<'_> {
        Locale::new(self.cx.library, self.cx.strings, lang)
    }

    /// The page's path below the site root.
    pub(super) fn page_path(&self, job: Job) -> String {
        let config = &self.cx.library.config;
        match job {
            Job::Listing(listing, page) => routes::listing_page(&self.listing_base(listing), page),
            Job::Brief(id) => routes::brief(self.cx.library.brief(id)),
            Job::Page(i) => routes::page(&self.cx.library.pages[i]),
            Job::TermList(l, t) => routes::taxonomy(config.lang(l), &config.taxonomy(t).name),
            Job::Archive(l) => routes::archive(config.lang(l)),
            Job::Search(l) => routes::search(config.lang(l)),
            Job::NotFound => routes::NOT_FOUND.into(),
        }
    }

    pub(super) fn listing_base(&self, listing: Listing) -> String {
        let config = &self.cx.library.config;
        match listing {
            Listing::Home(l) => routes::home(config.lang(l)),
            Listing::Term(l, t, term) => {
                let taxonomy = self.cx.library.taxonomy(t);
                routes::term(
                    config.lang(l),
                    &taxonomy.def.name,
                    &taxonomy.term(term).slug,
                )
            }
            Listing::Year(l, y) => {
                routes::year(config.lang(l), self.cx.indexes.lang(l).by_year[y].0)
            }
        }
    }

    pub(super) fn listing_briefs(&self, listing: Listing) -> &[BriefId] {
        match listing {
            Listing::Home(l) => &self.cx.indexes.lang(l).all,
            Listing::Term(l, t, term) => self.cx.indexes.members(l, t, term),
            Listing::Year(l, y) => &self.cx.indexes.lang(l).by_year[y].1,
        }
    }

    /// The same page in every language it exists in, itself included, in language order.
    pub(super) fn versions(&self, job: Job) -> Vec<Job> {
        let library = self.cx.library;
        if library.config.languages.len() < 2 {
            return Vec::new();
        }
        let langs = (0..library.config.languages.len()).map(LangId::of);
        let mut versions: Vec<Job> = match job {
            Job::NotFound => Vec::new(),
            Job::Brief(id) => std::iter::once(id)
                .chain(library.versions[id.index()].iter().map(|&v| BriefId::of(v)))
                .map(Job::Brief)
                .collect(),
            Job::Page(i) => std::iter::once(i)
                .chain(library.page_versions[i].iter().copied())
                .map(Job::Page)
                .collect(),
            Job::TermList(_, t) => langs.map(|l| Job::TermList(l, t)).collect(),
            Job::Archive(_) => langs.map(Job::Archive).collect(),
            Job::Search(_) => langs.map(Job::Search).collect(),
            Job::Listing(listing, page) => langs
                .filter_map(|l| self.listing_in(listing, l))
                .filter(|&other| self.pages_of(self.listing_briefs(other).len()) >= page)
                .map(|other| Job::Listing(other, page))
                .collect(),
        };
        versions.sort_by_key(|&v| self.lang_of(v));
        versions
    }

    /// The same listing in another language, if it exists there.
    fn listing_in(&self, listing: Listing, lang: LangId) -> Option<Listing> {
        match listing {
            Listing::Home(_) => Some(Listing::Home(lang)),
            Listing::Term(_, t, term) => self
                .term_exists(lang, t, term)
                .then_some(Listing::Term(lang, t, term)),
            Listing::Year(from, y) => {
                let year = self.cx.indexes.lang(from).by_year[y].0;
                let years = &self.cx.indexes.lang(lang).by_year;
                years
                    .iter()
                    .position(|(other, _)| *other == year)
                    .map(|y| Listing::Year(lang, y))
            }
        }
    }

    /// The sitemap's entries: every page but the 404 and listing pages past the first, each
    /// with the newest date among the briefs it shows and its versions in other languages.
    pub(crate) fn sitemap_entries(&self) -> Vec<SitemapEntry> {
        let library = self.cx.library;
        let base = &library.config.base;
        let newest = |briefs: &[BriefId]| {
            briefs
                .iter()
                .map(|&id| {
                    let b = library.brief(id);
                    b.updated.as_ref().unwrap_or(&b.date).date
                })
                .max()
        };
        self.jobs
            .par_iter()
            .filter_map(|&job| {
                let lastmod: Option<NaiveDate> = match job {
                    Job::NotFound | Job::Search(_) | Job::Listing(_, 2..) => return None,
                    Job::Listing(listing, _) => newest(self.listing_briefs(listing)),
                    Job::Brief(id) => newest(&[id]),
                    Job::Page(_) => None,
                    Job::TermList(l, _) | Job::Archive(l) => newest(&self.cx.indexes.lang(l).all),
                };
                let alternates = self
                    .versions(job)
                    .into_iter()
                    .map(|v| {
                        let code = library.config.lang(self.lang_of(v)).code.clone();
                        (code, base.permalink(&self.page_path(v)))
                    })
                    .collect();
                Some(SitemapEntry {
                    url: base.permalink(&self.page_path(job)),
                    lastmod,
                    alternates,
                })
            })
            .collect()
    }
}
