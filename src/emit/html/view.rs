//! Light, serializable views of the model that templates receive: a listing carries summaries,
//! never full page bodies.

use chrono::NaiveDate;
use serde::Serialize;

use super::locale::Locale;
use crate::config::Config;
use crate::config::TaxonomyDef;
use crate::content::{Brief, BriefId, Library, PubDate, TaxonomyId, Term};
use crate::i18n::Strings;
use crate::lang::Quotes;
use crate::markdown::Heading;
use crate::routes::{self, Base};

/// `site`: available in every template.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) language: &'a str,
    /// Absolute URL, no trailing slash.
    pub(crate) base_url: &'a str,
    /// `/` or `/sub/`.
    pub(crate) base_path: &'a str,
    pub(crate) publisher: &'a crate::config::Publisher,
    /// Links to the site's sections and pages, for the main navigation.
    pub(crate) nav: Vec<Link>,
    /// Every taxonomy, built-in ones first.
    pub(crate) taxonomies: Vec<TaxonomyView>,
    /// Well-known URLs.
    pub(crate) urls: SiteUrls,
    /// `site.toml`'s `[extra]`.
    pub(crate) extra: &'a toml::Table,
    /// "Dossier 0.1.0".
    pub(crate) generator: String,
    /// The favicon (`url`, `type`), if the site or theme has one.
    pub(crate) favicon: Option<super::site::Favicon>,
    /// Whether the footer says "Built with Dossier" (`[appearance] credit`).
    pub(crate) credit: bool,
    /// `[pagination]` settings.
    pub(crate) pagination: crate::config::Pagination,
}

/// `site.urls`.
#[derive(Debug, Serialize)]
pub(crate) struct SiteUrls {
    pub(crate) home: String,
    pub(crate) authors: String,
    pub(crate) topics: String,
    pub(crate) series: String,
    pub(crate) archive: String,
    /// The stylesheet.
    pub(crate) stylesheet: String,
    pub(crate) print_stylesheet: String,
    /// The site's own stylesheets, linked after the theme's (`[appearance] extra_css`, or
    /// `/custom.css` when `static/custom.css` exists).
    pub(crate) extra_stylesheets: Vec<String>,
    /// The site's Atom feed.
    pub(crate) feed: String,
    pub(crate) sitemap: String,
    /// The catalogues of every published brief.
    pub(crate) catalogue_bibtex: String,
    pub(crate) catalogue_ris: String,
    pub(crate) catalogue_csl_json: String,
    /// The search page of the page's language; `None` when the site has no search.
    pub(crate) search: Option<String>,
}

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// A date in the forms templates need.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DateView {
    /// `2025-02-13`.
    pub(crate) iso: String,
    /// `13 February 2025`.
    pub(crate) display: String,
    /// RFC 3339, for `<time datetime>` and feeds.
    pub(crate) rfc3339: String,
    pub(crate) year: i32,
    pub(crate) month: u32,
    /// `February`.
    pub(crate) month_name: String,
    pub(crate) day: u32,
}

impl DateView {
    /// A date written with `pattern` (strftime, such as `%-d %B %Y`) in the language `tag`.
    pub(crate) fn new(date: &PubDate, pattern: &str, tag: &str) -> DateView {
        use chrono::Datelike;
        let d: NaiveDate = date.date;
        DateView {
            iso: crate::lang::iso_date(d),
            display: crate::lang::format_date(d, pattern, tag),
            rfc3339: date.rfc3339(),
            year: d.year(),
            month: d.month(),
            month_name: crate::lang::month_name(d.month(), tag),
            day: d.day(),
        }
    }
}

/// A taxonomy: `name`, `title`, `singular`, `url` of its list page, and whether its terms
/// have feeds.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaxonomyView {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) singular: String,
    pub(crate) url: String,
    pub(crate) feed: bool,
}

impl TaxonomyView {
    pub(crate) fn new(def: &TaxonomyDef, loc: &Locale<'_>) -> TaxonomyView {
        TaxonomyView {
            name: def.name.clone(),
            title: loc.taxonomy_title(def),
            singular: loc.taxonomy_singular(def),
            url: loc
                .library
                .config
                .base
                .url_path(&routes::taxonomy(loc.language(), &def.name)),
            feed: def.feed,
        }
    }
}

/// A term of any taxonomy as a link: `name`, `slug`, `url`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermLink {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) url: String,
    /// An author's role, from the profile.
    pub(crate) role: Option<String>,
}

impl TermLink {
    pub(crate) fn new(def: &TaxonomyDef, term: &Term, loc: &Locale<'_>) -> TermLink {
        TermLink {
            name: term.name_in(loc.lang).to_string(),
            slug: term.slug.clone(),
            url: loc.library.config.base.url_path(&loc.term_path(def, term)),
            role: term.role_in(loc.lang).map(str::to_string),
        }
    }
}

/// A brief's terms in one declared taxonomy: the taxonomy's `name`, `title` and `singular`,
/// and the `terms` as links.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermGroup {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) singular: String,
    pub(crate) terms: Vec<TermLink>,
}

/// A brief in a listing: everything but the body.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BriefSummary {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) date: DateView,
    pub(crate) updated: Option<DateView>,
    pub(crate) authors: Vec<TermLink>,
    pub(crate) topics: Vec<TermLink>,
    pub(crate) series: Option<TermLink>,
    /// Its terms in each declared taxonomy that it names, in declaration order.
    pub(crate) taxonomies: Vec<TermGroup>,
    pub(crate) number: Option<u32>,
    /// `No. 11/2025`.
    pub(crate) number_label: Option<String>,
    pub(crate) summary: String,
    pub(crate) word_count: usize,
    pub(crate) reading_minutes: usize,
    pub(crate) draft: bool,
}

impl BriefSummary {
    /// The summary of a brief, in its own language.
    pub(crate) fn new(library: &Library, strings: &Strings, id: BriefId) -> BriefSummary {
        let brief = library.brief(id);
        let config = &library.config;
        let loc = Locale::new(library, strings, brief.lang);
        let links = |taxonomy: TaxonomyId| -> Vec<TermLink> {
            let def = &library.taxonomy(taxonomy).def;
            library
                .terms_of(id, taxonomy)
                .map(|term| TermLink::new(def, term, &loc))
                .collect()
        };
        let path = routes::brief(brief);
        let taxonomies = library
            .taxonomies
            .iter()
            .enumerate()
            .skip(TaxonomyId::SERIES.index() + 1)
            .filter_map(|(t, taxonomy)| {
                let terms = links(TaxonomyId::of(t));
                (!terms.is_empty()).then(|| TermGroup {
                    name: taxonomy.def.name.clone(),
                    title: loc.taxonomy_title(&taxonomy.def),
                    singular: loc.taxonomy_singular(&taxonomy.def),
                    terms,
                })
            })
            .collect();
        BriefSummary {
            title: brief.title.clone(),
            url: config.base.url_path(&path),
            permalink: config.base.permalink(&path),
            date: loc.date(&brief.date),
            updated: brief.updated.as_ref().map(|d| loc.date(d)),
            authors: links(TaxonomyId::AUTHORS),
            topics: links(TaxonomyId::TOPICS),
            series: links(TaxonomyId::SERIES).into_iter().next(),
            taxonomies,
            number: brief.number,
            number_label: brief.number.map(|number| {
                let args = [
                    ("number", number.to_string()),
                    ("year", brief.year().to_string()),
                ];
                loc.t_with("number_label", &args)
            }),
            summary: brief.summary.clone(),
            word_count: brief.content.word_count,
            reading_minutes: brief.content.reading_minutes(),
            draft: brief.draft,
        }
    }
}

/// `brief` in `brief.html`: the summary's fields plus the page's own.
#[derive(Debug, Serialize)]
pub(crate) struct BriefView<'a> {
    #[serde(flatten)]
    pub(crate) summary: BriefSummary,
    /// `##`/`###` headings: the questions.
    pub(crate) toc: &'a [Heading],
    /// Absolute path of the full-text PDF, when there is one: the brief's own, or the one
    /// Dossier typesets. (`pdf_kb`, its size, is added by the renderer.)
    pub(crate) pdf_url: Option<String>,
    /// `© Publisher 2025`.
    pub(crate) copyright: String,
    /// Front matter `[extra]`.
    pub(crate) extra: &'a toml::Table,
    /// The source file, relative to the site root.
    pub(crate) source: String,
    /// Digital Object Identifier, without `https://doi.org/`.
    pub(crate) doi: Option<&'a str>,
    /// Citation data and downloads.
    pub(crate) citation: CitationView,
    // `related`, `series_previous` and `series_next` are added by the renderer, from summaries
    // it has already made.
}

impl<'a> BriefView<'a> {
    pub(crate) fn new(library: &'a Library, strings: &Strings, id: BriefId) -> BriefView<'a> {
        let brief: &Brief = library.brief(id);
        let config = &library.config;
        let summary = BriefSummary::new(library, strings, id);
        let citation = CitationView::new(library, id, summary.number_label.as_deref());
        BriefView {
            summary,
            toc: &brief.content.toc,
            pdf_url: routes::full_text_pdf(brief, config.generates_pdf())
                .map(|pdf| config.base.url_path(&pdf)),
            copyright: config.publisher.copyright_for(brief.year()),
            extra: &brief.extra,
            source: brief.source.display().to_string(),
            doi: brief.doi.as_deref(),
            citation,
        }
    }
}

/// A term of any taxonomy in a listing, with how many briefs it has.
#[derive(Debug, Serialize)]
pub(crate) struct TermSummary {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) url: String,
    pub(crate) count: usize,
    pub(crate) description: String,
    /// Authors only.
    pub(crate) role: Option<String>,
    /// Whether a profile file describes it.
    pub(crate) has_profile: bool,
}

impl TermSummary {
    pub(crate) fn new(
        def: &TaxonomyDef,
        term: &Term,
        count: usize,
        loc: &Locale<'_>,
    ) -> TermSummary {
        TermSummary {
            name: term.name_in(loc.lang).to_string(),
            slug: term.slug.clone(),
            url: loc.library.config.base.url_path(&loc.term_path(def, term)),
            count,
            description: term.description_in(loc.lang).to_string(),
            role: term.role_in(loc.lang).map(str::to_string),
            has_profile: term.source.is_some(),
        }
    }
}

/// `term` on a term's page (an author, a topic, a series, a region).
#[derive(Debug, Serialize)]
pub(crate) struct TermView<'a> {
    #[serde(flatten)]
    pub(crate) summary: TermSummary,
    /// `author`, `topic`, `series`, or `term` for a declared taxonomy.
    pub(crate) kind: &'a str,
    pub(crate) permalink: String,
    pub(crate) email: Option<&'a str>,
    pub(crate) photo_url: Option<String>,
    pub(crate) orcid: Option<&'a str>,
    /// `https://orcid.org/...`.
    pub(crate) orcid_url: Option<String>,
    pub(crate) links: &'a [String],
    pub(crate) issn: Option<&'a str>,
}

impl<'a> TermView<'a> {
    pub(crate) fn new(
        def: &'a TaxonomyDef,
        term: &'a Term,
        count: usize,
        loc: &Locale<'_>,
    ) -> TermView<'a> {
        let details = &term.details;
        let config = &loc.library.config;
        TermView {
            summary: TermSummary::new(def, term, count, loc),
            kind: &def.term_kind,
            permalink: config.base.permalink(&loc.term_path(def, term)),
            email: details.email.as_deref(),
            photo_url: details
                .photo
                .as_deref()
                .map(|p| photo_url(p, def, term, &config.base)),
            orcid: details.orcid.as_deref(),
            orcid_url: details.orcid.as_deref().map(routes::orcid_url),
            links: &details.links,
            issn: details.issn.as_deref(),
        }
    }
}

/// A photo given as a URL stays; a site path gets the base path; a bare file name is the copy
/// beside the author's page.
fn photo_url(photo: &str, def: &TaxonomyDef, term: &Term, base: &Base) -> String {
    if routes::is_absolute(photo) || photo.starts_with('/') {
        base.link(photo)
    } else {
        base.url_path(&routes::term_file(&def.name, &term.slug, photo))
    }
}

/// `page` in `page.html`.
#[derive(Debug, Serialize)]
pub(crate) struct PageView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) toc: &'a [Heading],
    pub(crate) extra: &'a toml::Table,
}

/// `paginator` on a listing page.
#[derive(Debug, Serialize)]
pub(crate) struct Paginator {
    /// 1-based number of this page.
    pub(crate) current: usize,
    pub(crate) total_pages: usize,
    pub(crate) per_page: usize,
    /// Briefs in the whole listing.
    pub(crate) total_items: usize,
    pub(crate) first_url: String,
    pub(crate) last_url: String,
    pub(crate) previous_url: Option<String>,
    pub(crate) next_url: Option<String>,
    /// Numbered links: the first and last pages and those within two of this one, in order
    /// (a gap between two numbers is where a template puts an ellipsis).
    pub(crate) pages: Vec<PageLink>,
}

/// One numbered page of a listing.
#[derive(Debug, Serialize)]
pub(crate) struct PageLink {
    pub(crate) number: usize,
    pub(crate) url: String,
    pub(crate) is_current: bool,
}

/// Page numbers worth linking from page `current`: 1, the last, and two either side of it. A
/// listing of a thousand pages links to seven, not a thousand, from each.
fn page_window(current: usize, total: usize) -> Vec<usize> {
    let near = current.saturating_sub(2).max(1)..=(current + 2).min(total);
    let mut pages: Vec<usize> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .collect();
    pages.dedup();
    pages
}

impl Paginator {
    pub(crate) fn new(
        config: &Config,
        base: &str,
        current: usize,
        total_items: usize,
    ) -> Paginator {
        let per_page = config.pagination.per_page;
        let total_pages = total_items.div_ceil(per_page).max(1);
        let url = |n: usize| config.base.url_path(&routes::listing_page(base, n));
        Paginator {
            current,
            total_pages,
            per_page,
            total_items,
            first_url: url(1),
            last_url: url(total_pages),
            previous_url: (current > 1).then(|| url(current - 1)),
            next_url: (current < total_pages).then(|| url(current + 1)),
            pages: page_window(current, total_pages)
                .into_iter()
                .map(|number| PageLink {
                    number,
                    url: url(number),
                    is_current: number == current,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn page_window_keeps_the_ends_and_the_neighbours() {
        assert_eq!(page_window(1, 1), [1]);
        assert_eq!(page_window(1, 3), [1, 2, 3]);
        assert_eq!(page_window(10, 500), [1, 8, 9, 10, 11, 12, 500]);
        assert_eq!(page_window(500, 500), [1, 498, 499, 500]);
        assert_eq!(page_window(2, 500), [1, 2, 3, 4, 500]);
    }
}

/// `brief.citation`: what the "Cite this brief" box, the Highwire Press tags and the Dublin Core
/// tags need, all read from the one citation record.
#[derive(Debug, Serialize)]
pub(crate) struct CitationView {
    /// A ready citation (APA 7): "Surname, G. (2025). Title (Spotlight No. 11/2025). Publisher. URL".
    pub(crate) text: String,
    /// Authors, in order.
    pub(crate) authors: Vec<CitedAuthor>,
    /// `2025/02/13`, as Google Scholar wants it.
    pub(crate) publication_date: String,
    /// What the brief is: its series' name, or `[publisher] report_type`.
    pub(crate) report_type: String,
    /// `11/2025`.
    pub(crate) report_number: Option<String>,
    pub(crate) series_title: Option<String>,
    pub(crate) institution: String,
    /// Absolute URL of the PDF.
    pub(crate) pdf_url: Option<String>,
    pub(crate) doi: Option<String>,
    /// `https://doi.org/...`.
    pub(crate) doi_url: Option<String>,
    pub(crate) issn: Option<String>,
    /// Downloads written beside the page.
    pub(crate) bibtex_url: String,
    pub(crate) ris_url: String,
    pub(crate) csl_json_url: String,
}

/// An author in `brief.citation.authors`.
#[derive(Debug, Serialize)]
pub(crate) struct CitedAuthor {
    pub(crate) given: String,
    pub(crate) family: String,
    pub(crate) suffix: String,
    /// "Family, Given, Suffix", or the family name alone: `citation_author`'s value.
    pub(crate) inverted: String,
    /// As displayed: "Martin Luther King Jr.".
    pub(crate) name: String,
}

impl CitationView {
    /// The citation of a brief; `number_label` is its number as its page writes it ("Nr
    /// 11/2025" on a Polish page), which the ready citation repeats.
    pub(crate) fn new(library: &Library, id: BriefId, number_label: Option<&str>) -> CitationView {
        let record = crate::publish::Record::of(library, id);
        let brief = library.brief(id);
        let download = |file: &str| {
            library
                .config
                .base
                .url_path(&routes::brief_file(brief, file))
        };
        CitationView {
            text: record.text(number_label, &Quotes::of(&record.language)),
            publication_date: format!("{:04}/{:02}/{:02}", record.year, record.month, record.day),
            doi_url: record.doi.as_deref().map(routes::doi_url),
            bibtex_url: download(routes::BIBTEX),
            ris_url: download(routes::RIS),
            csl_json_url: download(routes::CSL_JSON),
            authors: record
                .authors
                .into_iter()
                .map(|a| CitedAuthor {
                    inverted: a.name.inverted(),
                    given: a.name.given,
                    family: a.name.family,
                    suffix: a.name.suffix,
                    name: a.display,
                })
                .collect(),
            report_type: record.kind,
            report_number: record.number,
            series_title: record.series.map(|s| s.name),
            institution: record.institution,
            pdf_url: record.pdf_url,
            doi: record.doi,
            issn: record.issn,
        }
    }
}

/// `search` on the search page: what its script needs.
#[derive(Debug, Serialize)]
pub(crate) struct SearchView {
    /// Path of Pagefind's `pagefind.js`, to `import()`.
    pub(crate) bundle: String,
    /// Path of the list of the index's other shards (`dossier-shards.json`), with the index's
    /// version as `?v=`: a browser may cache it until the index changes.
    pub(crate) shards: String,
    /// The index's version (a hash of its shards), for Pagefind's `metaCacheTag`; none when
    /// the render makes no index (`check`).
    pub(crate) version: Option<String>,
    /// Path of the primary shard's `pagefind-entry.json` as Pagefind asks for it when given the
    /// version as `metaCacheTag` (`?ts=` the version), for the page to preload; none without
    /// a version.
    pub(crate) entry: Option<String>,
    /// The files of the index the page asks for before its first search, to preload: each
    /// shard's entry file and metadata file for the page's language, and the language's
    /// WebAssembly; none without a version.
    pub(crate) preload: Vec<String>,
    /// The folders of the index's other shards in the page's language, below `pagefind/`
    /// (`en-2024/`), as the list of shards has them; none without a version.
    pub(crate) merge: Vec<String>,
    /// The filters, in the order the page shows them as facets.
    pub(crate) filters: Vec<SearchFilter>,
    /// "{n} results for “{query}”", by plural category, for `Intl.PluralRules`.
    pub(crate) results: std::collections::BTreeMap<String, String>,
}

/// A filter of the index: its `name` in the index and its `label` on the page.
#[derive(Debug, Serialize)]
pub(crate) struct SearchFilter {
    pub(crate) name: String,
    pub(crate) label: String,
}
