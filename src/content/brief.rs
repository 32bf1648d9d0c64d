//! A brief: front matter read and validated, its Markdown body kept with its outline.

use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, FixedOffset, NaiveTime};
use serde::Deserialize;
use toml::Spanned;

use super::PubDate;
use super::fields::{
    clean_names, default_slug, is_bundle, is_plain_file_name, taxonomy_names, to_pub_date,
};
use super::front_matter::Split;
use super::taxonomy::{TaxonomyDef, TaxonomyId};
use crate::error::Diagnostic;
use crate::ids::normalize_doi;
use crate::lang::LangId;
use crate::markdown::Body;
use crate::schema::{KeyLines, RawBrief, TomlSource};
use crate::slug::is_valid_slug;

/// The front-matter keys whose lines checks point at, besides the taxonomies'.
const POINTED_AT: &[&str] = &[
    "number",
    "date",
    "updated",
    "aliases",
    "slug",
    "pdf",
    "image",
    "summary",
    "draft",
    "publish_at",
    "doi",
];

/// Where declared taxonomies start in the registry: after authors, topics and series.
const CUSTOM_START: usize = 3;

/// One brief, ready to be indexed and rendered.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub(crate) struct Brief {
    /// The Markdown file, relative to the site root.
    pub(crate) source: PathBuf,
    /// The title.
    pub(crate) title: String,
    /// When it was published.
    pub(crate) date: PubDate,
    /// When it was last revised, if it was.
    pub(crate) updated: Option<PubDate>,
    /// For each taxonomy (in `Config::taxonomies` order), the names the brief gives, in order:
    /// authors, topics, the series (at most one), then each declared taxonomy.
    pub(crate) names: Vec<Vec<String>>,
    /// Its number within the series and year.
    pub(crate) number: Option<u32>,
    /// Plain-text summary: as given, or the first paragraph.
    pub(crate) summary: String,
    /// The last URL segment.
    pub(crate) slug: String,
    /// Drafts are only built with `--drafts`.
    pub(crate) draft: bool,
    /// File name of the full-text PDF in the bundle.
    pub(crate) pdf: Option<String>,
    /// File name of the image in the bundle that links to the brief show, instead of the
    /// social card Dossier makes (`image = "card.png"`).
    pub(crate) image: Option<String>,
    /// Digital Object Identifier, such as `10.1234/abc.2025.11` (without `https://doi.org/`).
    pub(crate) doi: Option<String>,
    /// When it is released, if not at its `date`: an exact moment.
    pub(crate) publish_at: Option<DateTime<FixedOffset>>,
    /// Old addresses that redirect to it: site paths such as `briefs/2024/old-slug/`.
    pub(crate) aliases: Vec<String>,
    /// Free data for templates.
    #[serde(with = "super::toml_text")]
    pub(crate) extra: toml::Table,
    /// The Markdown body, with its outline (headings, references, word count); the markdown
    /// stage renders its HTML.
    pub(crate) content: Body,
    /// The bundle folder, when the brief is an `index.md` bundle.
    pub(crate) bundle_dir: Option<PathBuf>,
    /// Its language.
    pub(crate) lang: LangId,
    /// Its language's folder in the site: empty for the default language, `pl/` for Polish.
    pub(crate) lang_dir: String,
    /// The publication it is a version of: its file with the language suffix taken out, which
    /// every translation of it shares.
    pub(crate) key: PathBuf,
    /// Which of the publication's own fields the file gave; a translation takes the others
    /// from the original.
    pub(crate) given: Given,
    /// The line of each front-matter key that checks point at (`number`, `summary`, the
    /// taxonomies).
    pub(crate) key_lines: KeyLines,
    /// Fingerprint of the file, to tell what a rebuild must render again.
    pub(crate) stamp: u64,
}

impl crate::routes::BriefAddress for Brief {
    fn lang_dir(&self) -> &str {
        &self.lang_dir
    }
    fn year(&self) -> i32 {
        Brief::year(self)
    }
    fn slug(&self) -> &str {
        &self.slug
    }
    fn own_pdf(&self) -> Option<&str> {
        self.pdf.as_deref()
    }
}

impl Brief {
    /// The year of publication.
    pub(crate) fn year(&self) -> i32 {
        self.date.date.year()
    }

    /// The series it belongs to, if any.
    pub(crate) fn series(&self) -> Option<&str> {
        self.names_in(TaxonomyId::SERIES)
            .first()
            .map(String::as_str)
    }

    /// The line of a front-matter key, or of the opening fence when the key is not there.
    pub(crate) fn key_line(&self, key: &str) -> usize {
        self.key_lines.line(key)
    }

    /// The names the brief gives in a taxonomy.
    pub(crate) fn names_in(&self, taxonomy: TaxonomyId) -> &[String] {
        self.names.get(taxonomy.index()).map_or(&[], Vec::as_slice)
    }
    /// When the brief is released: `publish_at`, else the moment of its `date`, else the start
    /// (UTC) of its day. Before then it is scheduled, and left out of the site.
    pub(crate) fn release(&self) -> DateTime<FixedOffset> {
        self.publish_at.or(self.date.moment).unwrap_or_else(|| {
            self.date
                .date
                .and_time(NaiveTime::MIN)
                .and_utc()
                .fixed_offset()
        })
    }
}

/// Which of the fields that belong to the publication, not to one language version, a file
/// gave.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
pub(crate) struct Given {
    pub(crate) date: bool,
    pub(crate) authors: bool,
    pub(crate) series: bool,
    pub(crate) number: bool,
    /// `draft` and `publish_at`: a translation is released with its original.
    pub(crate) draft: bool,
    pub(crate) publish_at: bool,
    /// `image`: a translation without one shows its original's.
    pub(crate) image: bool,
}

impl Given {
    /// Which of the fields a translation may leave to its original this one gives.
    fn of(raw: &RawBrief) -> Given {
        Given {
            date: raw.date.is_some(),
            authors: raw.authors.is_some(),
            series: raw.series.is_some(),
            number: raw.number.is_some(),
            // `draft` defaults to false: whether it is given is read from the table.
            draft: false,
            publish_at: raw.publish_at.is_some(),
            image: raw.image.is_some(),
        }
    }
}

/// Reads a brief from its file's text. `rel` is the path relative to the site root.
pub(crate) fn parse(
    rel: &Path,
    text: &str,
    split: Split<'_>,
    taxonomies: &[TaxonomyDef],
    translation: bool,
) -> Result<Brief, Vec<Diagnostic>> {
    let source = split.toml_source(rel, text);
    let custom = &taxonomies[CUSTOM_START.min(taxonomies.len())..];
    let taxonomy_keys: Vec<&str> = custom.iter().map(|t| t.name.as_str()).collect();
    let (raw, table): (RawBrief, _) = source.parse_table(&taxonomy_keys)?;
    let given = Given {
        draft: table.iter().any(|(key, _)| key.get_ref() == "draft"),
        ..Given::of(&raw)
    };
    let mut read = Reading {
        source: &source,
        translation,
        problems: Vec::new(),
    };
    let title = read.title(&raw);
    let (date, updated) = read.dates(&raw);
    let authors = read.authors(&raw);
    let series = raw.series.as_ref().map(|s| s.get_ref().trim().to_string());
    read.number(&raw, series.is_some());
    let slug = read.slug(rel, &raw);
    let bundle_dir = is_bundle(rel)
        .then(|| rel.parent().map(Path::to_path_buf))
        .flatten();
    read.bundle_file("pdf", raw.pdf.as_ref(), bundle_dir.is_some());
    read.bundle_file("image", raw.image.as_ref(), bundle_dir.is_some());
    let doi = read.doi(&raw);
    let publish_at = read.publish_at(&raw);
    let aliases = read.aliases(&raw);
    let mut names = vec![authors, clean_names(&raw.topics), Vec::from_iter(series)];
    names.extend(custom.iter().map(|def| read.names(&table, &def.name)));
    let (Some(date), true) = (date, read.problems.is_empty()) else {
        return Err(read.problems);
    };
    let content = Body::read(text.to_string(), split.body_offset);
    let summary = match raw.summary {
        Some(summary) => summary.trim().to_string(),
        None => content.first_paragraph.clone(),
    };
    Ok(Brief {
        source: rel.to_path_buf(),
        title,
        date,
        updated,
        names,
        number: raw.number.map(Spanned::into_inner),
        summary,
        slug,
        draft: raw.draft,
        pdf: raw.pdf.map(Spanned::into_inner),
        image: raw.image.map(Spanned::into_inner),
        doi,
        publish_at,
        aliases,
        extra: raw.extra,
        content,
        bundle_dir,
        lang: LangId::DEFAULT,
        lang_dir: String::new(),
        key: rel.to_path_buf(),
        given,
        key_lines: source.key_lines(&table, &|key| {
            POINTED_AT.contains(&key) || taxonomies.iter().any(|t| t.name == key)
        }),
        stamp: 0,
    })
}

/// The line of each front-matter key that later checks point at. Only those: every brief
/// keeps them, so they are kept small.
/// A brief's front matter being read: each field is checked in turn, and every problem is
/// kept, so that one run reports them all.
struct Reading<'s> {
    source: &'s TomlSource<'s>,
    /// A translation takes the publication's date and authors from its original.
    translation: bool,
    problems: Vec<Diagnostic>,
}

impl Reading<'_> {
    /// A problem at a value of the front matter.
    fn at(&mut self, message: &str, span: Range<usize>, hint: &str) {
        let problem = self.source.diagnostic(message, Some(span)).with_hint(hint);
        self.problems.push(problem);
    }

    /// A field a brief must have, unless it is a translation.
    fn required(&mut self, field: &str) {
        if !self.translation {
            self.problems.push(
                self.source
                    .diagnostic(&format!("missing field `{field}`"), None)
                    .with_hint(format!("add `{field} = …` to the front matter")),
            );
        }
    }

    fn title(&mut self, raw: &RawBrief) -> String {
        let title = raw.title.get_ref().trim().to_string();
        if title.is_empty() {
            self.at(
                "`title` is empty",
                raw.title.span(),
                "give the brief a title",
            );
        }
        title
    }

    /// The date (a placeholder when a translation leaves it to its original) and the date of
    /// the last revision, which cannot be before it.
    fn dates(&mut self, raw: &RawBrief) -> (Option<PubDate>, Option<PubDate>) {
        let source = self.source;
        let date = match &raw.date {
            Some(date) => to_pub_date(source, date, "date")
                .map_err(|d| self.problems.push(d))
                .ok(),
            None => {
                self.required("date");
                Some(PubDate::placeholder())
            }
        };
        let updated = raw.updated.as_ref().and_then(|u| {
            to_pub_date(source, u, "updated")
                .map_err(|d| self.problems.push(d))
                .ok()
        });
        if let (Some(date), Some(updated), Some(given)) = (&date, &updated, &raw.updated)
            && raw.date.is_some()
            && (updated.date < date.date
                || matches!((updated.moment, date.moment), (Some(u), Some(d)) if u < d))
        {
            let message = format!(
                "`updated = {}` is before the brief's `date`, {}",
                given.get_ref(),
                raw.date
                    .as_ref()
                    .map(|d| d.get_ref().to_string())
                    .unwrap_or_default()
            );
            self.at(&message, given.span(), "`updated` is the day the brief was last revised: on or after its `date`; check both years");
        }
        (date, updated)
    }

    fn authors(&mut self, raw: &RawBrief) -> Vec<String> {
        let authors = raw
            .authors
            .as_ref()
            .map_or_else(Vec::new, |a| clean_names(a.get_ref()));
        match &raw.authors {
            None => self.required("authors"),
            Some(given) if authors.is_empty() => self.at(
                "`authors` must name at least one author",
                given.span(),
                "write `authors = [\"Jane Doe\"]`",
            ),
            Some(_) => {}
        }
        authors
    }

    /// A number, in a series, from 1.
    fn number(&mut self, raw: &RawBrief, has_series: bool) {
        let Some(number) = &raw.number else {
            return;
        };
        if !has_series && !self.translation {
            self.at(
                "`number` needs a `series`",
                number.span(),
                "add `series = \"...\"`, or remove `number`",
            );
        }
        if *number.get_ref() == 0 {
            let problem = self
                .source
                .diagnostic("`number` must be 1 or more", Some(number.span()));
            self.problems.push(problem);
        }
    }

    /// The given slug, or the file's name.
    fn slug(&mut self, rel: &Path, raw: &RawBrief) -> String {
        let slug = match &raw.slug {
            Some(given) if !is_valid_slug(given.get_ref()) => {
                self.at(
                    &format!(
                        "`slug = \"{}\"` is not a valid URL segment",
                        given.get_ref()
                    ),
                    given.span(),
                    "use only lowercase letters a-z, digits, `-` and `_`",
                );
                String::new()
            }
            Some(given) => given.get_ref().clone(),
            None => default_slug(rel),
        };
        if raw.slug.is_none() && slug.is_empty() {
            self.problems.push(
                Diagnostic::error(rel, "the file name gives an empty slug")
                    .with_hint("rename the file, or set `slug = \"...\"` in the front matter"),
            );
        }
        slug
    }

    /// A file of the brief's own, named by `key` (`pdf`, `image`): a file in its bundle.
    fn bundle_file(&mut self, key: &str, file: Option<&Spanned<String>>, in_bundle: bool) {
        let Some(file) = file else {
            return;
        };
        let what = if key == "pdf" { "PDF" } else { key };
        if !in_bundle {
            self.at(
                &format!("`{key}` is only allowed in a bundle"),
                file.span(),
                &format!("move the brief to `NAME/index.md` and put the {what} beside it"),
            );
        } else if !is_plain_file_name(file.get_ref()) {
            let example = if key == "pdf" {
                "full-text.pdf"
            } else {
                "card.png"
            };
            self.at(
                &format!("`{key}` must name a file in the bundle folder"),
                file.span(),
                &format!("give just the file name, such as `{key} = \"{example}\"`"),
            );
        }
    }

    fn doi(&mut self, raw: &RawBrief) -> Option<String> {
        let doi = raw.doi.as_ref()?;
        let normalized = normalize_doi(doi.get_ref());
        if normalized.is_none() {
            self.at(
                &format!("`doi = \"{}\"` is not a DOI", doi.get_ref()),
                doi.span(),
                "a DOI looks like `10.1234/some.suffix`: `10.`, the registrant's 4 to 9 digits, `/`, the item's suffix of up to 200 characters",
            );
        }
        normalized
    }

    /// When a scheduled brief is released: a date with time and offset.
    fn publish_at(&mut self, raw: &RawBrief) -> Option<DateTime<FixedOffset>> {
        let at = raw.publish_at.as_ref()?;
        match to_pub_date(self.source, at, "publish_at") {
            Ok(PubDate {
                moment: Some(moment),
                ..
            }) => Some(moment),
            Ok(_) => {
                self.at(
                    "`publish_at` must be a date with time and offset",
                    at.span(),
                    "write `publish_at = 2025-03-04T09:00:00+01:00`",
                );
                None
            }
            Err(problem) => {
                self.problems.push(problem);
                None
            }
        }
    }

    /// The names a brief gives in a declared taxonomy.
    fn names(&mut self, table: &toml::de::DeTable<'_>, taxonomy: &str) -> Vec<String> {
        taxonomy_names(self.source, table, taxonomy, &mut self.problems)
    }

    /// Old addresses, as site paths.
    fn aliases(&mut self, raw: &RawBrief) -> Vec<String> {
        raw.aliases
            .iter()
            .filter_map(|alias| match super::alias_path(alias.get_ref()) {
                Ok(path) => Some(path),
                Err(why) => {
                    self.at(
                        &format!("alias `{}` {why}", alias.get_ref()),
                        alias.span(),
                        "write the old address as a site path, such as `/briefs/2024/old-slug/` or `/publications/1234.html`",
                    );
                    None
                }
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "brief_tests.rs"]
mod tests;
