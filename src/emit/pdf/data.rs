//! What the layout's template receives about a brief, as JSON (`data` in `pdf/brief.typ`): plain
//! strings and numbers only, which Typst prints as text and never evaluates.

use std::path::Path;

use chrono::Datelike;
use serde::Serialize;

use crate::content::{BriefId, Library, PubDate, TaxonomyId};
use crate::i18n::Strings;
use crate::lang::LangId;
use crate::publish::Record;
use crate::routes;
use crate::theme::{StaticFile, Theme};

/// `data` in the template.
#[derive(Debug, Serialize)]
pub(crate) struct BriefData<'a> {
    /// With typographic apostrophes (`Europe’s`).
    pub(crate) title: String,
    /// Plain text: the front matter's `summary`, or the first paragraph.
    pub(crate) summary: &'a str,
    /// BCP 47 tag of the text's language (`en`, `pl`): hyphenation and quotes follow it.
    pub(crate) language: String,
    /// `a4` or `us-letter`.
    pub(crate) paper: &'static str,
    pub(crate) date: DateData,
    pub(crate) updated: Option<DateData>,
    /// The series' name and ISSN.
    pub(crate) series: Option<SeriesData<'a>>,
    pub(crate) number: Option<u32>,
    /// `No. 11/2025`.
    pub(crate) number_label: Option<String>,
    pub(crate) authors: Vec<AuthorData<'a>>,
    pub(crate) topics: Vec<&'a str>,
    /// `[extra] key_points`, when it is a list of strings.
    pub(crate) key_points: Vec<&'a str>,
    pub(crate) publisher: PublisherData<'a>,
    /// `© Publisher 2025`.
    pub(crate) copyright: String,
    /// The ready citation.
    pub(crate) citation: String,
    pub(crate) doi: Option<&'a str>,
    pub(crate) doi_url: Option<String>,
    /// The series' ISSN, or else the publisher's.
    pub(crate) issn: Option<String>,
    /// The brief's web page.
    pub(crate) url: String,
    /// The brief's own image for links (`image` in its front matter), for `image()`, if it
    /// gives one: a cover, should the layout want it.
    pub(crate) image: Option<String>,
    /// Words of the layout in the brief's language.
    pub(crate) labels: Labels,
}

/// A date, written out in the brief's language.
#[derive(Debug, Serialize)]
pub(crate) struct DateData {
    /// `2025-02-13`.
    pub(crate) iso: String,
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: u32,
    /// `13 February 2025`, `13 lutego 2025`.
    pub(crate) text: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct SeriesData<'a> {
    pub(crate) name: &'a str,
    pub(crate) issn: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct AuthorData<'a> {
    pub(crate) name: &'a str,
    /// From the author's profile: `Senior Fellow, Energy Programme`.
    pub(crate) role: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PublisherData<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: Option<&'a str>,
    /// The logo's path for `image()`, when `[publisher] logo` is an SVG or PNG in static/.
    pub(crate) logo: Option<String>,
}

/// The layout's own words in the brief's language, from the theme's interface strings
/// (`i18n/{lang}.toml`), as the brief's page has them.
#[derive(Debug, Serialize)]
pub(crate) struct Labels {
    /// `cite_as`: "Cite as".
    pub(crate) cite_as: String,
    /// `key_points`: "Key points".
    pub(crate) key_points: String,
    /// `contents`: "Contents".
    pub(crate) contents: String,
    /// `doi_label`: "DOI".
    pub(crate) doi: String,
    /// `issn`, with `{issn}` left for the layout to fill: "ISSN {issn}".
    pub(crate) issn: String,
    /// `pdf_page`, with `{current}` and `{total}` left for the layout: "{current} / {total}".
    pub(crate) page: String,
}

impl Labels {
    fn new(strings: &Strings, lang: LangId) -> Labels {
        let t = |key: &str| strings.text(lang, key, None, &[]);
        Labels {
            cite_as: t("cite_as"),
            key_points: t("key_points"),
            contents: t("contents"),
            doi: t("doi_label"),
            issn: t("issn"),
            page: t("pdf_page"),
        }
    }
}

impl<'a> BriefData<'a> {
    pub(crate) fn new(
        library: &'a Library,
        id: BriefId,
        theme: &Theme,
        strings: &Strings,
    ) -> BriefData<'a> {
        let brief = library.brief(id);
        let config = &library.config;
        let lang = brief.lang;
        let language = config.lang(lang).code.clone();
        let date_format = strings.text(lang, "date_format", None, &[]);
        let written = |d: &PubDate| DateData::new(d, &date_format, &language);
        let record = Record::of(library, id);
        let series = library.terms_of(id, TaxonomyId::SERIES).next();
        let number_label = brief.number.map(|number| {
            let args = [
                ("number", number.to_string()),
                ("year", brief.year().to_string()),
            ];
            strings.text(lang, "number_label", None, &args)
        });
        let key_points = match brief.extra.get("key_points") {
            Some(toml::Value::Array(items)) => items.iter().filter_map(|i| i.as_str()).collect(),
            _ => Vec::new(),
        };
        BriefData {
            title: apostrophes(&brief.title),
            summary: &brief.summary,
            paper: config.pdf.paper.typst_name(),
            date: written(&brief.date),
            updated: brief.updated.as_ref().map(written),
            series: series.map(|s| SeriesData {
                name: s.name_in(lang),
                issn: s.details.issn.as_deref(),
            }),
            number: brief.number,
            citation: citation(&record, &language, number_label.as_deref()),
            number_label,
            authors: library
                .terms_of(id, TaxonomyId::AUTHORS)
                .map(|a| AuthorData {
                    name: &a.name,
                    role: a.role_in(lang),
                })
                .collect(),
            topics: library
                .terms_of(id, TaxonomyId::TOPICS)
                .map(|t| t.name_in(lang))
                .collect(),
            key_points,
            publisher: PublisherData {
                name: &config.publisher.name,
                url: config.publisher.url.as_deref(),
                logo: logo(config.publisher.logo.as_deref(), theme),
            },
            copyright: config.publisher.copyright_for(brief.year()),
            doi: brief.doi.as_deref(),
            doi_url: brief.doi.as_deref().map(routes::doi_url),
            issn: record.issn,
            url: record.url,
            image: brief
                .image
                .as_ref()
                .filter(|_| brief.bundle_dir.is_some())
                .map(|name| format!("{}{name}", super::world::BUNDLE)),
            labels: Labels::new(strings, lang),
            language,
        }
    }
}

/// The ready citation. In a language written right to left, each of its sentences is isolated
/// (U+2068 … U+2069): the bidirectional algorithm then keeps each in its own order, with its
/// parentheses and full stop, rather than scatter the Latin ones' punctuation among the text
/// around them.
/// The number is written with the layout's `number_label`, as the page writes it.
fn citation(record: &Record, language: &str, number_label: Option<&str>) -> String {
    let quotes = crate::lang::Quotes::of(language);
    if crate::lang::direction(language) == "ltr" {
        return record.text(number_label, &quotes);
    }
    let parts = record
        .parts(number_label, &quotes)
        .map(|part| format!("\u{2068}{part}\u{2069}"));
    parts.join(" ")
}

impl DateData {
    /// A date written with the language's `date_format`, as the brief's page writes it.
    fn new(date: &PubDate, pattern: &str, tag: &str) -> DateData {
        let d = date.date;
        DateData {
            iso: crate::lang::iso_date(d),
            year: d.year(),
            month: d.month(),
            day: d.day(),
            text: crate::lang::format_date(d, pattern, tag),
        }
    }
}

/// A straight apostrophe after a letter or digit (`Europe's`) as a typographic one; the
/// body's quotes are set by Typst, by language, but the title is a plain string.
fn apostrophes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = ' ';
    for c in text.chars() {
        out.push(if c == '\'' && previous.is_alphanumeric() {
            '\u{2019}'
        } else {
            c
        });
        previous = c;
    }
    out
}

/// The path of the publisher's logo in the PDF's world, when it is an SVG or PNG file among
/// the site's (or the theme's) static files.
pub(crate) fn logo(logo: Option<&str>, theme: &Theme) -> Option<String> {
    let rel = logo?.strip_prefix('/')?;
    let ext = Path::new(rel).extension()?.to_str()?.to_ascii_lowercase();
    let usable =
        matches!(ext.as_str(), "svg" | "png") && theme.static_files.contains_key(Path::new(rel));
    usable.then(|| format!("{}{rel}", super::world::STATIC))
}

/// The logo file on disk, if it is one, for the PDFs' fingerprint.
pub(crate) fn logo_file<'t>(logo: Option<&str>, theme: &'t Theme) -> Option<&'t StaticFile> {
    let rel = logo?.strip_prefix('/')?;
    theme.static_files.get(Path::new(rel))
}

#[cfg(test)]
mod tests {
    use super::apostrophes;

    #[test]
    fn apostrophes_are_typographic() {
        assert_eq!(
            apostrophes("Europe's 'own' rock'n'roll"),
            "Europe\u{2019}s 'own\u{2019} rock\u{2019}n\u{2019}roll"
        );
    }
}
