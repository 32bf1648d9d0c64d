//! What the search index holds, planned from the model: one record per brief (and standalone
//! page, unless `[search] exclude` leaves them out), with its filters, metadata and sort key.
//! Planning is cheap (no HTML is made) and gives the fingerprint of every record, so that a
//! build whose records did not change reuses the last index as it is.
//!
//! The index is made of shards, each a Pagefind index of its own (Pagefind cannot update an
//! index, so an edit remakes only the shard of the record it changed): each language's
//! briefs are grouped by year from the oldest, a group closing at the end of the year that
//! brings it to `[search] shard_size` records. The newest group of every language (with the
//! standalone pages) is the primary shard, written to `pagefind/` with Pagefind's scripts;
//! the older ones go to `pagefind/{lang}-{first year}/`, and `pagefind/dossier-shards.json`
//! lists them for the search page to merge (Pagefind's `mergeIndex`). Years close from the
//! oldest, so the older shards keep their records as new briefs arrive.

use std::hash::{Hash, Hasher};

use chrono::{Datelike, NaiveDate};

use rayon::prelude::*;

use super::Record;
use crate::bodies::Bodies;
use crate::content::{BriefId, Library, TaxonomyId};
use crate::emit::fingerprint::new_hasher;
use crate::emit::html::Locale;
use crate::i18n::Strings;
use crate::lang::LangId;
use crate::routes;

/// Bumped whenever the records change shape (or the names Dossier gives the index's files),
/// so that an index made from older records is never taken for a current one.
const RECORD_FORMAT: u32 = 3;

/// Records made at once, in parallel, while Pagefind reads the previous batch.
const BATCH: usize = 256;

/// Where a record's text comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    Brief(BriefId),
    /// A standalone page, by its position in `Library::pages`.
    Page(usize),
}

/// One record, without its text: what it is made of, borrowed from the model where it can
/// be, and nothing formatted yet. A shard's fingerprint is taken from these parts (with each
/// language's [`LangTexts`]), so that a shard kept as it was costs no record at all.
#[derive(Debug)]
struct Entry<'a> {
    source: Source,
    /// The page's path from the site root (`/briefs/2025/x/`): Pagefind's script puts the
    /// base path, where it finds its bundle, in front.
    url: String,
    /// The record's language: it picks the index and the stemmer.
    lang: LangId,
    title: &'a str,
    /// `(filter, value)`: `author`, `topic` and `series` terms, then each declared
    /// taxonomy's by its name, from `custom` on; values are display names in the record's
    /// language. `year` and `language` go between the two.
    terms: Vec<(&'a str, &'a str)>,
    /// Where the declared taxonomies' terms start in `terms`.
    custom: usize,
    /// The brief's series and number, for the `series` label.
    series: Option<(&'a str, Option<u32>)>,
    summary: &'a str,
    /// The date, sort key `date`.
    date: Option<NaiveDate>,
    /// The fingerprint of the body's HTML, which the record's text is made from. Not the
    /// source file's: the same text written in YAML or TOML, or under another file name,
    /// makes the same record, and so the same index version.
    stamp: u64,
}

impl Entry<'_> {
    /// The year of publication, which picks the shard; `None` for a standalone page, which
    /// goes to its language's newest shard.
    fn year(&self) -> Option<i32> {
        self.date.map(|date| date.year())
    }

    /// Everything the record is made of, for a shard's fingerprint.
    fn hash_parts(&self, hasher: &mut impl Hasher) {
        let source = match self.source {
            Source::Brief(_) => 0,
            Source::Page(_) => 1,
        };
        (source, &self.url, self.lang.index(), self.title).hash(hasher);
        (&self.terms, self.custom, &self.series, self.summary).hash(hasher);
        (self.date, self.stamp).hash(hasher);
    }
}

/// What a record in one language writes beyond its own parts.
struct LangTexts {
    /// Its tag (`en`, `pl`).
    code: String,
    /// The `language` filter's value.
    name: String,
    /// How its dates are written.
    date_format: String,
    /// The `number_label` string, its `{number}` and `{year}` not yet filled in.
    number_label: String,
}

impl LangTexts {
    fn new(library: &Library, strings: &Strings, lang: LangId) -> LangTexts {
        let loc = Locale::new(library, strings, lang);
        LangTexts {
            code: loc.language().code.clone(),
            name: loc.t("language_name"),
            date_format: loc.t("date_format"),
            number_label: loc.t("number_label"),
        }
    }
}

/// One shard of the index: a Pagefind index of its own.
#[derive(Debug)]
pub(crate) struct Shard {
    /// Its folder below `pagefind/`: empty for the primary shard, `{lang}-{first year}/`
    /// for the others.
    pub(crate) folder: String,
    /// Its records, by position in the plan's entries.
    entries: Vec<usize>,
    /// A fingerprint of its records: the same exactly when the shard would be the same.
    pub(crate) fingerprint: u64,
}

impl Shard {
    /// How many records it holds.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The file that lists, for each language, the folders of its shards other than the
/// primary one (relative to `pagefind/`), for the search page to merge.
pub(crate) const SHARD_LIST: &str = routes::SEARCH_SHARD_LIST;

/// Every record of the site's index, planned.
pub(crate) struct SearchPlan<'a> {
    library: &'a Library,
    /// The bodies' HTML, which the records' text is made from.
    bodies: &'a Bodies,
    entries: Vec<Entry<'a>>,
    /// Each language's texts, by [`LangId`].
    langs: Vec<LangTexts>,
    /// The shards, the primary one first.
    pub(crate) shards: Vec<Shard>,
    /// For each language code, the folders of its other shards: [`SHARD_LIST`].
    pub(crate) shard_list: std::collections::BTreeMap<String, Vec<String>>,
}

impl<'a> SearchPlan<'a> {
    /// The plan of the site's index; `None` when the site has no search.
    pub(crate) fn new(
        library: &'a Library,
        bodies: &'a Bodies,
        strings: &Strings,
    ) -> Option<SearchPlan<'a>> {
        let config = &library.config;
        if !config.search.active() {
            return None;
        }
        let mut entries: Vec<Entry<'a>> = Vec::new();
        if config.search.briefs {
            let ids: Vec<BriefId> = library.brief_ids().collect();
            entries.par_extend(
                ids.into_par_iter()
                    .map(|id| brief_entry(library, bodies, id)),
            );
        }
        if config.search.pages {
            entries.extend(library.pages.iter().enumerate().map(|(i, page)| Entry {
                source: Source::Page(i),
                url: format!("/{}", routes::page(page)),
                lang: page.lang,
                title: &page.title,
                terms: Vec::new(),
                custom: 0,
                series: None,
                summary: "",
                date: None,
                stamp: body_stamp(&bodies.html(&page.source).html),
            }));
        }
        let langs: Vec<LangTexts> = (0..config.languages.len())
            .map(|lang| LangTexts::new(library, strings, LangId::of(lang)))
            .collect();
        let (shards, shard_list) = shards(&entries, &langs, config.search.shard_size);
        let mut common = new_hasher();
        (RECORD_FORMAT, env!("CARGO_PKG_VERSION")).hash(&mut common);
        config.base.hash(&mut common);
        for (lang, texts) in langs.iter().enumerate() {
            let loc = Locale::new(library, strings, LangId::of(lang));
            (
                &texts.code,
                &texts.name,
                &texts.date_format,
                &texts.number_label,
            )
                .hash(&mut common);
            // The words Markdown adds to a body (the notes' heading) are the language's.
            (loc.t("notes"), loc.t("back_to_reference")).hash(&mut common);
        }
        let common = common.finish();
        let shards = shards
            .into_par_iter()
            .map(|(folder, members)| {
                let mut hasher = new_hasher();
                (common, &folder).hash(&mut hasher);
                for &i in &members {
                    entries[i].hash_parts(&mut hasher);
                }
                Shard {
                    folder,
                    entries: members,
                    fingerprint: hasher.finish(),
                }
            })
            .collect();
        Some(SearchPlan {
            library,
            bodies,
            entries,
            langs,
            shards,
            shard_list,
        })
    }

    /// Each language's tag (`en`, `pl`), by [`LangId`], and whether the index has any of its
    /// records (and so an index of it in the primary shard).
    pub(crate) fn languages(&self) -> Vec<(&str, bool)> {
        let mut indexed = vec![false; self.langs.len()];
        for entry in &self.entries {
            indexed[entry.lang.index()] = true;
        }
        self.langs
            .iter()
            .map(|t| t.code.as_str())
            .zip(indexed)
            .collect()
    }

    /// The bytes of [`SHARD_LIST`].
    pub(crate) fn shard_list_json(&self) -> Vec<u8> {
        let mut json = serde_json::to_vec(&self.shard_list).unwrap_or_default();
        json.push(b'\n');
        json
    }

    /// A tag that changes whenever the index's files may: a hash of [`SHARD_LIST`] and of each
    /// shard's fingerprint (the same records make the same index). The search page fetches the
    /// list of shards and each shard's `pagefind-entry.json` with it in their address (Pagefind's
    /// own `?ts=` is the time of each visit), so that a browser may keep them until it changes.
    pub(crate) fn version(&self) -> String {
        let mut hasher = new_hasher();
        self.shard_list_json().hash(&mut hasher);
        for shard in &self.shards {
            shard.fingerprint.hash(&mut hasher);
        }
        format!("{:016x}", hasher.finish())
    }

    /// A shard's records, made in parallel a batch at a time.
    pub(crate) fn batches<'s>(
        &'s self,
        shard: &'s Shard,
    ) -> impl Iterator<Item = Vec<Record>> + 's {
        shard.entries.chunks(BATCH).map(|chunk| {
            chunk
                .par_iter()
                .map(|&i| self.record(&self.entries[i]))
                .collect()
        })
    }

    /// A shard's records, all at once.
    pub(crate) fn records(&self, shard: &Shard) -> Vec<Record> {
        shard
            .entries
            .par_iter()
            .map(|&i| self.record(&self.entries[i]))
            .collect()
    }

    /// A record's document: only the content (title, lead, body with its headings), never
    /// the navigation, cite box or related lists that a page also shows.
    fn record(&self, entry: &Entry<'_>) -> Record {
        let body = match entry.source {
            Source::Brief(id) => &self.bodies.html(&self.library.brief(id).source).html,
            Source::Page(i) => &self.bodies.html(&self.library.pages[i].source).html,
        };
        let texts = &self.langs[entry.lang.index()];
        let mut html = String::with_capacity(body.len() + 512);
        html.push_str("<html lang=\"");
        html.push_str(&escape(&texts.code));
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
        let (builtin, custom) = entry.terms.split_at(entry.custom);
        for (filter, value) in builtin {
            data("filter", filter, value);
        }
        if let Some(year) = entry.year() {
            data("filter", "year", &year.to_string());
        }
        data("filter", "language", &texts.name);
        for (filter, value) in custom {
            data("filter", filter, value);
        }
        for (key, value) in meta(entry, texts) {
            data("meta", key, &value);
        }
        if let Some(date) = entry.date {
            data("sort", "date", &crate::lang::iso_date(date));
        }
        html.push_str("<h1>");
        html.push_str(&escape(entry.title));
        html.push_str("</h1>");
        html.push_str(body);
        html.push_str("</body></html>");
        Record {
            url: entry.url.clone(),
            html,
        }
    }
}

/// A record's metadata: `title`, and for a brief `date`, `authors`, `series` (its label with
/// the number) and `summary`.
fn meta(entry: &Entry<'_>, texts: &LangTexts) -> Vec<(&'static str, String)> {
    let mut meta = vec![("title", entry.title.to_string())];
    let Source::Brief(_) = entry.source else {
        return meta;
    };
    if let Some(date) = entry.date {
        meta.push((
            "date",
            crate::lang::format_date(date, &texts.date_format, &texts.code),
        ));
    }
    let authors: Vec<&str> = entry
        .terms
        .iter()
        .filter(|(filter, _)| *filter == AUTHOR)
        .map(|(_, name)| *name)
        .collect();
    meta.push(("authors", authors.join(", ")));
    if let Some((series, number)) = entry.series {
        let label = match (number, entry.year()) {
            (Some(number), Some(year)) => {
                let args = [("number", number.to_string()), ("year", year.to_string())];
                let label = crate::i18n::fill(texts.number_label.clone(), &args);
                format!("{series} {label}")
            }
            _ => series.to_string(),
        };
        meta.push(("series", label));
    }
    if !entry.summary.is_empty() {
        meta.push(("summary", entry.summary.to_string()));
    }
    meta
}

/// The filters of a brief's built-in taxonomies.
const AUTHOR: &str = "author";
const TOPIC: &str = "topic";
const SERIES: &str = "series";

/// A brief's record: its terms by their names in its own language.
fn brief_entry<'a>(library: &'a Library, bodies: &Bodies, id: BriefId) -> Entry<'a> {
    let brief = library.brief(id);
    let names = |taxonomy: TaxonomyId| {
        library
            .terms_of(id, taxonomy)
            .map(|t| t.name_in(brief.lang))
    };
    let mut terms: Vec<(&str, &str)> = Vec::new();
    terms.extend(names(TaxonomyId::AUTHORS).map(|name| (AUTHOR, name)));
    terms.extend(names(TaxonomyId::TOPICS).map(|name| (TOPIC, name)));
    let series = names(TaxonomyId::SERIES).next();
    terms.extend(series.map(|name| (SERIES, name)));
    let custom = terms.len();
    for (t, taxonomy) in library
        .taxonomies
        .iter()
        .enumerate()
        .skip(TaxonomyId::SERIES.index() + 1)
    {
        let filter = taxonomy.def.name.as_str();
        terms.extend(names(TaxonomyId::of(t)).map(|name| (filter, name)));
    }
    Entry {
        source: Source::Brief(id),
        url: format!("/{}", routes::brief(brief)),
        lang: brief.lang,
        title: &brief.title,
        terms,
        custom,
        series: series.map(|name| (name, brief.number)),
        summary: &brief.summary,
        date: Some(brief.date.date),
        stamp: body_stamp(&bodies.html(&brief.source).html),
    }
}

/// A shard's folder and records (by position).
type ShardMembers = (String, Vec<usize>);

/// The entries' shards, the primary one first, and for each language the folders of its
/// other shards. Each language's briefs are grouped by year from the oldest; a group closes
/// at the end of the year that brings it to `size` records. The newest group of every
/// language, with the pages, makes the primary shard.
fn shards(
    entries: &[Entry<'_>],
    langs: &[LangTexts],
    size: usize,
) -> (
    Vec<ShardMembers>,
    std::collections::BTreeMap<String, Vec<String>>,
) {
    use std::collections::BTreeMap;
    // By language, then year (pages last), the entries in the plan's order.
    let mut by_lang: BTreeMap<&str, BTreeMap<Option<i32>, Vec<usize>>> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let code = langs[entry.lang.index()].code.as_str();
        let years = by_lang.entry(code).or_default();
        years.entry(entry.year()).or_default().push(i);
    }
    let mut primary = Vec::new();
    let mut others = Vec::new();
    let mut list = BTreeMap::new();
    for (lang, mut years) in by_lang {
        let pages = years.remove(&None).unwrap_or_default();
        let mut groups: Vec<(i32, Vec<usize>)> = Vec::new();
        let mut open = true;
        for (year, members) in years {
            let year = year.unwrap_or_default();
            match groups.last_mut() {
                Some((_, group)) if open => group.extend(members),
                _ => groups.push((year, members)),
            }
            open = groups.last().is_some_and(|(_, group)| group.len() < size);
        }
        let newest = groups.pop().map(|(_, members)| members).unwrap_or_default();
        primary.extend(newest);
        primary.extend(pages);
        let folders: Vec<String> = groups
            .iter()
            .map(|(year, _)| format!("{lang}-{year}/"))
            .collect();
        others.extend(
            folders
                .iter()
                .cloned()
                .zip(groups.into_iter().map(|(_, m)| m)),
        );
        list.insert(lang.to_string(), folders);
    }
    let mut all = vec![(String::new(), primary)];
    all.extend(others);
    (all, list)
}

/// Text for an HTML attribute or element.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// A fingerprint of a body's HTML.
fn body_stamp(html: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(html.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(lang: usize, year: Option<i32>) -> Entry<'static> {
        Entry {
            source: Source::Page(0),
            url: String::new(),
            lang: LangId::of(lang),
            title: "",
            terms: Vec::new(),
            custom: 0,
            series: None,
            summary: "",
            date: year.and_then(|year| NaiveDate::from_ymd_opt(year, 1, 1)),
            stamp: 0,
        }
    }

    fn langs() -> Vec<LangTexts> {
        ["en", "pl"]
            .into_iter()
            .map(|code| LangTexts {
                code: code.into(),
                name: String::new(),
                date_format: String::new(),
                number_label: String::new(),
            })
            .collect()
    }

    #[test]
    fn a_brief_record_shows_its_series_with_the_number_label_filled_in() {
        let texts = LangTexts {
            code: "en".into(),
            name: "English".into(),
            date_format: "%-d %B %Y".into(),
            number_label: "No. {number}/{year}".into(),
        };
        let brief = Entry {
            source: Source::Brief(BriefId(0)),
            series: Some(("Spotlight", Some(11))),
            terms: vec![
                (AUTHOR, "Ann Lee"),
                (TOPIC, "Energy"),
                (AUTHOR, "Jan Kowalski"),
            ],
            ..entry(0, Some(2025))
        };
        let shown = meta(&brief, &texts);
        assert!(
            shown.contains(&("series", "Spotlight No. 11/2025".into())),
            "{shown:?}"
        );
        assert!(
            shown.contains(&("date", "1 January 2025".into())),
            "{shown:?}"
        );
        assert!(
            shown.contains(&("authors", "Ann Lee, Jan Kowalski".into())),
            "{shown:?}"
        );
        // Without a number, the series alone.
        let unnumbered = Entry {
            series: Some(("Spotlight", None)),
            ..brief
        };
        assert!(meta(&unnumbered, &texts).contains(&("series", "Spotlight".into())));
    }

    #[test]
    fn years_are_grouped_from_the_oldest_and_the_newest_group_is_the_primary_shard() {
        // English: 2 in 2011, 1 in 2012, 3 in 2013, 1 in 2014, and a page; Polish: 1 in 2014.
        let (en, pl) = (0, 1);
        let entries: Vec<Entry> = [
            (en, Some(2013)),
            (en, Some(2011)),
            (en, Some(2012)),
            (en, Some(2013)),
            (en, Some(2011)),
            (en, None),
            (en, Some(2014)),
            (en, Some(2013)),
            (pl, Some(2014)),
        ]
        .into_iter()
        .map(|(lang, year)| entry(lang, year))
        .collect();
        let (groups, list) = shards(&entries, &langs(), 3);
        let folders: Vec<&str> = groups.iter().map(|(f, _)| f.as_str()).collect();
        // 2011 and 2012 make three records; 2013 makes three alone; 2014 is the newest group.
        assert_eq!(folders, ["", "en-2011/", "en-2013/"]);
        assert_eq!(groups[1].1, [1, 4, 2]);
        assert_eq!(groups[2].1, [0, 3, 7]);
        // The primary shard: every language's newest group, and the pages.
        assert_eq!(groups[0].1, [6, 5, 8]);
        assert_eq!(list["en"], ["en-2011/", "en-2013/"]);
        assert!(list["pl"].is_empty());
        // One group when the records are fewer than a shard holds.
        let (one, _) = shards(&entries, &langs(), 100);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].1.len(), entries.len());
    }
}
