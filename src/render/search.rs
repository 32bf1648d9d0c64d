//! What the search index holds, planned from the model: one record per brief (and standalone
//! page, unless `[search] exclude` leaves them out), with its filters, metadata and sort key.
//! Planning is cheap (no HTML is made) and gives the fingerprint of every record, so that a
//! build whose records did not change reuses the last index as it is.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::capture::new_hasher;
use super::locale::Locale;
use crate::content::{BriefId, Library, TaxonomyId};
use crate::i18n::Strings;
use crate::lang::LangId;
use crate::routes;
use crate::search::Record;

/// Bumped whenever the records change shape, so that an index made from older records is
/// never taken for a current one.
const RECORD_FORMAT: u32 = 1;

/// Records made at once, in parallel, while Pagefind reads the previous batch.
const BATCH: usize = 256;

/// Where a record's text comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    Brief(BriefId),
    /// A standalone page, by its position in `Library::pages`.
    Page(usize),
}

/// One record, without its text.
#[derive(Debug)]
struct Entry {
    source: Source,
    /// The page's path from the site root (`/briefs/2025/x/`): Pagefind's script puts the
    /// base path, where it finds its bundle, in front.
    url: String,
    /// The record's language tag: it picks the index and the stemmer.
    lang: String,
    title: String,
    /// `(filter, value)`: `author`, `topic`, `series`, `year`, `language`, then each declared
    /// taxonomy by its name; values are display names in the record's language.
    filters: Vec<(String, String)>,
    /// `(key, value)`: `title`, `date`, `series`, `authors`, `summary`.
    meta: Vec<(&'static str, String)>,
    /// The ISO date, sort key `date`.
    date: Option<String>,
    /// The fingerprint of the source file (its text decides the body).
    stamp: u64,
}

/// Every record of the site's index, planned.
pub(crate) struct SearchPlan<'a> {
    library: &'a Library,
    entries: Vec<Entry>,
    /// A fingerprint of every record: the same exactly when the index would be the same.
    pub(crate) fingerprint: u64,
}

impl<'a> SearchPlan<'a> {
    /// The plan of the site's index; `None` when the site has no search.
    pub(crate) fn new(library: &'a Library, strings: &Strings) -> Option<SearchPlan<'a>> {
        let config = &library.config;
        if !config.search.active() {
            return None;
        }
        let mut entries: Vec<Entry> = Vec::new();
        if config.search.briefs {
            let ids: Vec<BriefId> = library.brief_ids().collect();
            entries.par_extend(
                ids.into_par_iter()
                    .map(|id| brief_entry(library, strings, id)),
            );
        }
        if config.search.pages {
            entries.extend(library.pages.iter().enumerate().map(|(i, page)| {
                let loc = Locale::new(library, strings, page.lang);
                Entry {
                    source: Source::Page(i),
                    url: format!("/{}", routes::page(page)),
                    lang: loc.language().code.clone(),
                    title: page.title.clone(),
                    filters: vec![("language".into(), loc.t("language_name"))],
                    meta: vec![("title", page.title.clone())],
                    date: None,
                    stamp: page.stamp,
                }
            }));
        }
        let mut hasher = new_hasher();
        (RECORD_FORMAT, env!("CARGO_PKG_VERSION")).hash(&mut hasher);
        config.base.hash(&mut hasher);
        // The words Markdown adds to a body (the notes' heading) are the language's.
        for lang in 0..config.languages.len() {
            let loc = Locale::new(library, strings, LangId::of(lang));
            (loc.t("notes"), loc.t("back_to_reference")).hash(&mut hasher);
        }
        for entry in &entries {
            (&entry.url, &entry.lang, &entry.title, &entry.filters).hash(&mut hasher);
            (&entry.meta, &entry.date, entry.stamp).hash(&mut hasher);
        }
        Some(SearchPlan {
            library,
            fingerprint: hasher.finish(),
            entries,
        })
    }

    /// The records, made in parallel a batch at a time.
    pub(crate) fn batches(&self) -> impl Iterator<Item = Vec<Record>> + '_ {
        self.entries
            .chunks(BATCH)
            .map(|chunk| chunk.par_iter().map(|entry| self.record(entry)).collect())
    }

    /// Every record.
    pub(crate) fn records(&self) -> Vec<Record> {
        self.entries.par_iter().map(|e| self.record(e)).collect()
    }

    /// A record's document: only the content (title, lead, body with its headings), never
    /// the navigation, cite box or related lists that a page also shows.
    fn record(&self, entry: &Entry) -> Record {
        let body = match entry.source {
            Source::Brief(id) => &self.library.brief(id).content.html,
            Source::Page(i) => &self.library.pages[i].content.html,
        };
        let mut html = String::with_capacity(body.len() + 512);
        html.push_str("<html lang=\"");
        html.push_str(&escape(&entry.lang));
        html.push_str("\"><body>");
        let mut data = |kind: &str, key: &str, value: &str| {
            html.push_str("<span data-pagefind-");
            html.push_str(kind);
            html.push_str("=\"");
            html.push_str(&escape(key));
            html.push(':');
            html.push_str(&escape(value));
            html.push_str("\"></span>");
        };
        for (filter, value) in &entry.filters {
            data("filter", filter, value);
        }
        for (key, value) in &entry.meta {
            data("meta", key, value);
        }
        if let Some(date) = &entry.date {
            data("sort", "date", date);
        }
        html.push_str("<h1>");
        html.push_str(&escape(&entry.title));
        html.push_str("</h1>");
        html.push_str(body);
        html.push_str("</body></html>");
        Record {
            url: entry.url.clone(),
            html,
        }
    }
}

/// A brief's record: its filters and metadata in its own language.
fn brief_entry(library: &Library, strings: &Strings, id: BriefId) -> Entry {
    let brief = library.brief(id);
    let loc = Locale::new(library, strings, brief.lang);
    let names = |taxonomy: TaxonomyId| -> Vec<String> {
        library
            .terms_of(id, taxonomy)
            .map(|term| term.name_in(brief.lang).to_string())
            .collect()
    };
    let authors = names(TaxonomyId::AUTHORS);
    let series = names(TaxonomyId::SERIES).into_iter().next();
    let mut filters: Vec<(String, String)> = Vec::new();
    filters.extend(authors.iter().map(|a| ("author".to_string(), a.clone())));
    filters.extend(
        names(TaxonomyId::TOPICS)
            .into_iter()
            .map(|t| ("topic".to_string(), t)),
    );
    filters.extend(series.iter().map(|s| ("series".to_string(), s.clone())));
    filters.push(("year".into(), brief.year().to_string()));
    filters.push(("language".into(), loc.t("language_name")));
    for (t, taxonomy) in library
        .taxonomies
        .iter()
        .enumerate()
        .skip(TaxonomyId::SERIES.index() + 1)
    {
        let name = &taxonomy.def.name;
        filters.extend(
            names(TaxonomyId::of(t))
                .into_iter()
                .map(|term| (name.clone(), term)),
        );
    }
    let date = loc.date(&brief.date);
    let mut meta = vec![
        ("title", brief.title.clone()),
        ("date", date.display),
        ("authors", authors.join(", ")),
    ];
    if let Some(series) = series {
        let label = match brief.number {
            Some(number) => {
                let args = [
                    ("number", number.to_string()),
                    ("year", brief.year().to_string()),
                ];
                format!("{series} {}", loc.t_with("number_label", &args))
            }
            None => series,
        };
        meta.push(("series", label));
    }
    if !brief.summary.is_empty() {
        meta.push(("summary", brief.summary.clone()));
    }
    Entry {
        source: Source::Brief(id),
        url: format!("/{}", routes::brief(brief)),
        lang: loc.language().code.clone(),
        title: brief.title.clone(),
        filters,
        meta,
        date: Some(date.iso),
        stamp: brief.stamp,
    }
}

/// Text for an HTML attribute or element.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}
