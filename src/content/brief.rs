//! A brief: front matter read and validated, body rendered.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, FixedOffset, NaiveTime};
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::PubDate;
pub(crate) use super::fields::normalize_doi;
use super::fields::{
    clean_names, default_slug, is_bundle, is_plain_file_name, taxonomy_names, to_pub_date,
};
use super::front_matter::{Schema, Split};
use super::taxonomy::{TaxonomyDef, TaxonomyId};
use crate::error::Diagnostic;
use crate::lang::LangId;
use crate::markdown::{self, Labels, RawHtml, Rendered};
use crate::slug::is_valid_slug;

/// The brief's own fields; declared taxonomies add their names.
const FIELDS: &[(&str, Schema<'static>)] = &[
    ("title", Schema::Any),
    ("date", Schema::Any),
    ("authors", Schema::Any),
    ("topics", Schema::Any),
    ("series", Schema::Any),
    ("number", Schema::Any),
    ("summary", Schema::Any),
    ("slug", Schema::Any),
    ("draft", Schema::Any),
    ("pdf", Schema::Any),
    ("updated", Schema::Any),
    ("doi", Schema::Any),
    ("publish_at", Schema::Any),
    ("aliases", Schema::Any),
    ("extra", Schema::Any),
];

/// Where declared taxonomies start in the registry: after authors, topics and series.
const CUSTOM_START: usize = 3;

/// Unknown keys are caught by the schema check; declared taxonomies are read from the table.
#[derive(Debug, Deserialize)]
struct RawBrief {
    title: Spanned<String>,
    date: Option<Spanned<Datetime>>,
    authors: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    topics: Vec<String>,
    series: Option<Spanned<String>>,
    number: Option<Spanned<u32>>,
    summary: Option<String>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    pdf: Option<Spanned<String>>,
    updated: Option<Spanned<Datetime>>,
    doi: Option<Spanned<String>>,
    publish_at: Option<Spanned<Datetime>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    extra: toml::Table,
}

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
    /// Digital Object Identifier, such as `10.1234/abc.2025.11` (without `https://doi.org/`).
    pub(crate) doi: Option<String>,
    /// When it is released, if not at its `date`: an exact moment.
    pub(crate) publish_at: Option<DateTime<FixedOffset>>,
    /// Old addresses that redirect to it: site paths such as `briefs/2024/old-slug/`.
    pub(crate) aliases: Vec<String>,
    /// Free data for templates.
    #[serde(with = "super::toml_text")]
    pub(crate) extra: toml::Table,
    /// The rendered body.
    pub(crate) content: Rendered,
    /// The bundle folder, when the brief is an `index.md` bundle.
    pub(crate) bundle_dir: Option<PathBuf>,
    /// Byte offset of the body in the file, to place diagnostics about the body.
    pub(crate) body_offset: usize,
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
    pub(crate) key_lines: Vec<(String, usize)>,
    /// Fingerprint of the file, to tell what a rebuild must render again.
    pub(crate) stamp: u64,
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
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, line)| *line)
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
}

/// Reads a brief from its file's text. `rel` is the path relative to the site root.
pub(crate) fn parse(
    rel: &Path,
    text: &str,
    split: Split<'_>,
    (base_path, labels, raw_html): (&str, &Labels, RawHtml),
    taxonomies: &[TaxonomyDef],
    translation: bool,
) -> Result<Brief, Vec<Diagnostic>> {
    let source = split.toml_source(rel, text);
    let custom = &taxonomies[CUSTOM_START.min(taxonomies.len())..];
    let fields: Vec<(&str, Schema<'_>)> = FIELDS
        .iter()
        .copied()
        .chain(custom.iter().map(|t| (t.name.as_str(), Schema::Any)))
        .collect();
    let (raw, table): (RawBrief, _) = source.parse_table(Schema::Table(&fields))?;
    let mut problems = Vec::new();

    let title = raw.title.get_ref().trim().to_string();
    if title.is_empty() {
        problems.push(
            source
                .diagnostic("`title` is empty", Some(raw.title.span()))
                .with_hint("give the brief a title"),
        );
    }
    // A translation takes the publication's date and authors from its original.
    let required = |field: &str, problems: &mut Vec<Diagnostic>| {
        if !translation {
            problems.push(
                source
                    .diagnostic(&format!("missing field `{field}`"), None)
                    .with_hint(format!("add `{field} = …` to the front matter")),
            );
        }
    };
    let given = Given {
        date: raw.date.is_some(),
        authors: raw.authors.is_some(),
        series: raw.series.is_some(),
        number: raw.number.is_some(),
    };
    let date = match &raw.date {
        Some(date) => to_pub_date(&source, date, "date")
            .map_err(|d| problems.push(d))
            .ok(),
        None => {
            required("date", &mut problems);
            Some(PubDate::placeholder())
        }
    };
    let updated = raw.updated.as_ref().and_then(|u| {
        to_pub_date(&source, u, "updated")
            .map_err(|d| problems.push(d))
            .ok()
    });
    if let (Some(date), Some(updated), Some(given)) = (&date, &updated, &raw.updated)
        && raw.date.is_some()
        && (updated.date < date.date
            || matches!((updated.moment, date.moment), (Some(u), Some(d)) if u < d))
    {
        problems.push(
            source
                .diagnostic(
                    &format!(
                        "`updated = {}` is before the brief's `date`, {}",
                        given.get_ref(),
                        raw.date.as_ref().map(|d| d.get_ref().to_string()).unwrap_or_default()
                    ),
                    Some(given.span()),
                )
                .with_hint("`updated` is the day the brief was last revised: on or after its `date`; check both years"),
        );
    }
    let authors = raw
        .authors
        .as_ref()
        .map_or_else(Vec::new, |a| clean_names(a.get_ref()));
    match &raw.authors {
        None => required("authors", &mut problems),
        Some(given) if authors.is_empty() => problems.push(
            source
                .diagnostic(
                    "`authors` must name at least one author",
                    Some(given.span()),
                )
                .with_hint("write `authors = [\"Jane Doe\"]`"),
        ),
        Some(_) => {}
    }
    let series = raw.series.as_ref().map(|s| s.get_ref().trim().to_string());
    if let Some(number) = &raw.number {
        if series.is_none() && !translation {
            problems.push(
                source
                    .diagnostic("`number` needs a `series`", Some(number.span()))
                    .with_hint("add `series = \"...\"`, or remove `number`"),
            );
        }
        if *number.get_ref() == 0 {
            problems.push(source.diagnostic("`number` must be 1 or more", Some(number.span())));
        }
    }
    let slug = match &raw.slug {
        Some(given) if !is_valid_slug(given.get_ref()) => {
            problems.push(
                source
                    .diagnostic(
                        &format!(
                            "`slug = \"{}\"` is not a valid URL segment",
                            given.get_ref()
                        ),
                        Some(given.span()),
                    )
                    .with_hint("use only lowercase letters a-z, digits, `-` and `_`"),
            );
            String::new()
        }
        Some(given) => given.get_ref().clone(),
        None => default_slug(rel),
    };
    if raw.slug.is_none() && slug.is_empty() {
        problems.push(
            Diagnostic::error(rel, "the file name gives an empty slug")
                .with_hint("rename the file, or set `slug = \"...\"` in the front matter"),
        );
    }
    let bundle_dir = is_bundle(rel)
        .then(|| rel.parent().map(Path::to_path_buf))
        .flatten();
    let pdf = raw.pdf.as_ref().map(|pdf| pdf.get_ref().clone());
    if let Some(pdf) = &raw.pdf {
        if bundle_dir.is_none() {
            problems.push(
                source
                    .diagnostic("`pdf` is only allowed in a bundle", Some(pdf.span()))
                    .with_hint("move the brief to `NAME/index.md` and put the PDF beside it"),
            );
        } else if !is_plain_file_name(pdf.get_ref()) {
            problems.push(
                source
                    .diagnostic(
                        "`pdf` must name a file in the bundle folder",
                        Some(pdf.span()),
                    )
                    .with_hint("give just the file name, such as `pdf = \"full-text.pdf\"`"),
            );
        }
    }
    let doi = raw.doi.as_ref().and_then(|doi| {
        let normalized = normalize_doi(doi.get_ref());
        if normalized.is_none() {
            problems.push(
                source
                    .diagnostic(&format!("`doi = \"{}\"` is not a DOI", doi.get_ref()), Some(doi.span()))
                    .with_hint("a DOI looks like `10.1234/some.suffix`: `10.`, the registrant's digits, `/`, the item's suffix"),
            );
        }
        normalized
    });
    let publish_at =
        raw.publish_at
            .as_ref()
            .and_then(|at| match to_pub_date(&source, at, "publish_at") {
                Ok(PubDate {
                    moment: Some(moment),
                    ..
                }) => Some(moment),
                Ok(_) => {
                    problems.push(
                        source
                            .diagnostic(
                                "`publish_at` must be a date with time and offset",
                                Some(at.span()),
                            )
                            .with_hint("write `publish_at = 2025-03-04T09:00:00+01:00`"),
                    );
                    None
                }
                Err(problem) => {
                    problems.push(problem);
                    None
                }
            });
    let aliases = raw
        .aliases
        .iter()
        .filter_map(|alias| match super::alias_path(alias.get_ref()) {
            Ok(path) => Some(path),
            Err(why) => {
                problems.push(
                    source
                        .diagnostic(&format!("alias `{}` {why}", alias.get_ref()), Some(alias.span()))
                        .with_hint("write the old address as a site path, such as `/briefs/2024/old-slug/` or `/publications/1234.html`"),
                );
                None
            }
        })
        .collect();
    let mut names = vec![
        authors,
        clean_names(&raw.topics),
        series.into_iter().collect(),
    ];
    for def in custom {
        names.push(taxonomy_names(&source, &table, &def.name, &mut problems));
    }
    let (Some(date), true) = (date, problems.is_empty()) else {
        return Err(problems);
    };
    let mut content = markdown::render_with(split.body, base_path, labels, raw_html);
    content.place_references(text, split.body_offset);
    let lines = crate::error::LineIndex::new(split.file_text(text));
    // Only the keys that checks point at: every brief keeps them, so they are kept small.
    let pointed_at = |key: &str| {
        [
            "number", "date", "updated", "aliases", "slug", "pdf", "summary",
        ]
        .contains(&key)
            || taxonomies.iter().any(|t| t.name == key)
    };
    let key_lines = table
        .iter()
        .filter(|(key, _)| pointed_at(key.get_ref()))
        .map(|(key, _)| {
            let (line, _) = lines.line_col(split.front_matter_offset + key.span().start);
            (key.get_ref().to_string(), line)
        })
        .collect();
    let summary = raw
        .summary
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| content.first_paragraph.clone());
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
        pdf,
        doi,
        publish_at,
        aliases,
        extra: raw.extra,
        content,
        bundle_dir,
        body_offset: split.body_offset,
        lang: LangId::DEFAULT,
        lang_dir: String::new(),
        key: rel.to_path_buf(),
        given,
        key_lines,
        stamp: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::split;

    fn brief(rel: &str, text: &str) -> Result<Brief, Vec<Diagnostic>> {
        let rel = Path::new(rel);
        let s = split(rel, text)?;
        let labels = Labels::default();
        let builtins = crate::content::taxonomy::builtins();
        parse(
            rel,
            text,
            s,
            ("/", &labels, RawHtml::Allow),
            &builtins,
            false,
        )
    }

    const OK: &str = "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"Ann  Lee\", \"Ann Lee\"]\nseries = \"Spotlight\"\nnumber = 11\n+++\nThe lead.\n\n## Why?\n";

    #[test]
    fn reads_a_complete_brief() {
        let b = brief("content/briefs/2025/2025-02-13-talks.md", OK).unwrap();
        assert_eq!(b.slug, "talks");
        assert_eq!(crate::routes::brief(&b), "briefs/2025/talks/");
        assert_eq!(b.names_in(TaxonomyId::AUTHORS), ["Ann Lee"]);
        assert_eq!(b.summary, "The lead.");
        assert_eq!(b.number, Some(11));
        assert_eq!(b.content.toc.len(), 1);
    }

    #[test]
    fn bundle_takes_its_folder_name() {
        let b = brief("content/briefs/2025-03-01-energy/index.md", OK).unwrap();
        assert_eq!(b.slug, "energy");
        assert!(b.bundle_dir.is_some());
    }

    #[test]
    fn number_without_series_is_an_error() {
        let text = "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"A\"]\nnumber = 3\n+++\n";
        let errs = brief("content/briefs/a.md", text).unwrap_err();
        assert_eq!(errs[0].line, 5);
        assert!(errs[0].message.contains("needs a `series`"));
    }

    #[test]
    fn traversal_slug_is_an_error() {
        let text =
            "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"A\"]\nslug = \"../../x\"\n+++\n";
        let errs = brief("content/briefs/a.md", text).unwrap_err();
        assert!(
            errs[0].message.contains("not a valid URL segment"),
            "{:?}",
            errs
        );
    }

    #[test]
    fn mistyped_date_and_empty_authors_are_both_reported() {
        let text = "+++\ntitle = \"T\"\ndate = 12:00:00\nauthors = []\n+++\n";
        let errs = brief("content/briefs/a.md", text).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].line, 3);
        assert_eq!(errs[1].line, 4);
    }

    #[test]
    fn offset_date_time_keeps_its_moment() {
        let text = "+++\ntitle = \"T\"\ndate = 2025-02-13T09:30:00+01:00\nauthors = [\"A\"]\n+++\n";
        let b = brief("content/briefs/a.md", text).unwrap();
        assert_eq!(b.date.rfc3339(), "2025-02-13T09:30:00+01:00");
        assert_eq!(b.year(), 2025);
    }

    #[test]
    fn dois_are_checked_and_normalized() {
        assert_eq!(
            normalize_doi("10.1234/abc.2025.11").as_deref(),
            Some("10.1234/abc.2025.11")
        );
        assert_eq!(
            normalize_doi("https://doi.org/10.12345/x").as_deref(),
            Some("10.12345/x")
        );
        assert_eq!(
            normalize_doi("10.1000.10/x").as_deref(),
            Some("10.1000.10/x")
        );
        assert_eq!(normalize_doi("10.12/x"), None, "registrant too short");
        assert_eq!(normalize_doi("11.1234/x"), None);
        assert_eq!(normalize_doi("10.1234/"), None);
        assert_eq!(normalize_doi("10.1234/a b"), None);
        let text =
            "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"A\"]\ndoi = \"not-a-doi\"\n+++\n";
        let errs = brief("content/briefs/a.md", text).unwrap_err();
        assert!(errs[0].message.contains("is not a DOI"), "{errs:?}");
        assert_eq!(errs[0].line, 5);
    }

    #[test]
    fn pdf_outside_a_bundle_is_an_error() {
        let text =
            "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"A\"]\npdf = \"x.pdf\"\n+++\n";
        assert!(brief("content/briefs/a.md", text).is_err());
    }
}
