//! Paginated listings of briefs: the home page, a term's page in any taxonomy, a year of the
//! archive; each page with its slice of briefs and a paginator.

use chrono::Datelike;
use serde::Serialize;
use tera::Value;

use super::capture::Capture;
use super::pages::{Job, Listing, Pages};
use super::view::{Link, Paginator, TaxonomyView};
use crate::content::{BriefId, TaxonomyId, TermId};
use crate::lang::LangId;
use crate::publish::jsonld;
use crate::routes;

/// A year in the archive.
#[derive(Debug, Serialize)]
pub(crate) struct YearSummary {
    pub(crate) year: i32,
    pub(crate) count: usize,
    pub(crate) url: String,
}

/// Every year with briefs in a language, newest first.
pub(super) fn year_summaries(pages: &Pages<'_>, lang: LangId) -> Vec<YearSummary> {
    let config = &pages.cx.library.config;
    pages
        .cx
        .indexes
        .lang(lang)
        .by_year
        .iter()
        .map(|(year, briefs)| YearSummary {
            year: *year,
            count: briefs.len(),
            url: config
                .base
                .url_path(&routes::year(config.lang(lang), *year)),
        })
        .collect()
}

/// The briefs on page `page` (1-based) of a listing.
fn page_slice(all: &[BriefId], page: usize, per_page: usize) -> &[BriefId] {
    &all[((page - 1) * per_page).min(all.len())..(page * per_page).min(all.len())]
}

/// Page `page` of a listing: its slice of briefs and the paginator; returns the template and
/// the page's path.
pub(super) fn context(
    pages: &Pages<'_>,
    job: Job,
    listing: Listing,
    page: usize,
    cap: &mut Capture<'_>,
) -> (String, String) {
    let library = pages.cx.library;
    let config = &library.config;
    let lang = pages.lang_of(job);
    let loc = pages.locale(lang);
    let language = config.lang(lang);
    let all = pages.listing_briefs(listing);
    let slice = page_slice(all, page, config.pagination.per_page);
    let base = pages.listing_base(listing);
    let path = routes::listing_page(&base, page);
    let suffix = if page > 1 {
        loc.t_with("page_suffix", &[("page", page.to_string())])
    } else {
        String::new()
    };
    cap.insert("paginator", &Paginator::new(config, &base, page, all.len()));
    cap.summaries("briefs", slice);
    let template = match listing {
        Listing::Home(_) => {
            let title = format!("{}{suffix}", language.title);
            let what = ("home", title.as_str(), language.description.as_str());
            cap.insert("current", &pages.current(job, what, "home"));
            cap.insert("series", &pages.term_summaries(lang, TaxonomyId::SERIES));
            cap.insert("topics", &pages.term_summaries(lang, TaxonomyId::TOPICS));
            cap.insert("total", &all.len());
            if page == 1 {
                cap.insert_lazy("jsonld", 0, || {
                    Value::safe_string(&jsonld::home(pages.cx.library, lang))
                });
            }
            "index.html".to_string()
        }
        Listing::Term(_, t, term_id) => {
            let head = ListingHead {
                job,
                lang,
                suffix: &suffix,
                base: &base,
            };
            term_page(pages, head, (t, term_id), cap)
        }
        Listing::Year(_, y) => {
            let year = pages.cx.indexes.lang(lang).by_year[y].0;
            let title = loc.t_with("year_title", &[("year", year.to_string())]) + &suffix;
            let what = ("archive_year", title.as_str(), title.as_str());
            cap.insert("current", &pages.current(job, what, "archive"));
            cap.insert("year", &year);
            cap.insert("count", &all.len());
            let inputs = cap.inputs(slice.iter().copied());
            cap.insert_lazy("months", inputs, || months(pages, slice, &language.code));
            cap.insert("years", &year_summaries(pages, lang));
            "archive_year.html".to_string()
        }
    };
    (template, path)
}

/// What every page of a listing shares: its page, language, title suffix ("page 2") and base.
#[derive(Clone, Copy)]
struct ListingHead<'h> {
    job: Job,
    lang: LangId,
    suffix: &'h str,
    base: &'h str,
}

/// A term's page of briefs: its view, its taxonomy, its profile's body and, for an author, the
/// author's JSON-LD; returns the template.
fn term_page(
    pages: &Pages<'_>,
    head: ListingHead<'_>,
    (t, term_id): (TaxonomyId, TermId),
    cap: &mut Capture<'_>,
) -> String {
    let ListingHead {
        job,
        lang,
        suffix,
        base,
    } = head;
    let library = pages.cx.library;
    let config = &library.config;
    let loc = pages.locale(lang);
    let language = config.lang(lang);
    let taxonomy = library.taxonomy(t);
    let term = taxonomy.term(term_id);
    let view = pages.term_view(lang, t, term_id);
    let name = term.name_in(lang);
    let description = match term.description_in(lang) {
        "" => loc.t_with(
            "term_description",
            &[("term", name.to_string()), ("site", language.title.clone())],
        ),
        given => given.to_string(),
    };
    let title = format!("{name}{suffix}");
    let def = &taxonomy.def;
    let what = (def.term_kind.as_str(), title.as_str(), description.as_str());
    let mut current = pages.current(job, what, &def.name);
    if def.feed {
        current.feeds.push(Link {
            title: format!("{}: {name}", language.title),
            url: config.base.url_path(&routes::feed(base)),
        });
    }
    cap.insert("current", &current);
    cap.insert("term", &view);
    cap.insert("taxonomy", &TaxonomyView::new(def, &loc));
    // Profiles are among what every page shows, so their bodies need no inputs of
    // their own.
    cap.insert_lazy("content", 0, || {
        let html = term
            .body_file_in(lang)
            .map_or("", |file| pages.cx.bodies.html(file).html.as_str());
        // The photo comes first: the bio's images load when they come near.
        let folder = routes::term(config.lang(lang), &def.name, &term.slug);
        pages.with_images(html, &folder, 1)
    });
    if t == TaxonomyId::AUTHORS {
        cap.insert_lazy("jsonld", 0, || {
            Value::safe_string(&jsonld::author(library, term, lang))
        });
    }
    def.term_template()
}

/// Briefs grouped by month, in the order given (newest first): each group has `month`,
/// `name` and `briefs`.
fn months(pages: &Pages<'_>, briefs: &[BriefId], tag: &str) -> Value {
    let mut groups: Vec<(u32, Vec<BriefId>)> = Vec::new();
    for &id in briefs {
        let month = pages.cx.library.brief(id).date.date.month();
        match groups.last_mut() {
            Some((m, members)) if *m == month => members.push(id),
            _ => groups.push((month, vec![id])),
        }
    }
    let months: Vec<Value> = groups
        .into_iter()
        .map(|(month, members)| {
            let name = crate::lang::month_name(month, tag);
            let summaries: Vec<Value> = members
                .iter()
                .map(|&id| pages.summaries()[id.index()].clone())
                .collect();
            let mut map = tera::Map::new();
            map.insert("month".into(), Value::from(month));
            map.insert("name".into(), Value::from(name));
            map.insert("briefs".into(), Value::from(summaries));
            Value::from(map)
        })
        .collect();
    Value::from(months)
}
