//! Checks of `site.toml`'s settings that need more than their type: languages, the publisher,
//! declared taxonomies.

use std::path::{Component, Path};

use super::taxonomy::{self, TaxonomyDef};
use super::{PdfSettings, Publisher, RawConfig, RawLanguage, RawTaxonomy};
use crate::error::Diagnostic;
use crate::lang::{self, Language};
use crate::schema::TomlSource;

/// The default language, then each `[languages.CODE]`; every tag must be well-formed BCP 47.
pub(super) fn languages(
    source: &TomlSource<'_>,
    raw: &RawConfig,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Language> {
    let default = raw.language.get_ref().trim();
    let span = (!raw.language.span().is_empty()).then(|| raw.language.span());
    if !lang::is_valid_tag(default) {
        let message = match super::settings::language_tag_for(default) {
            Some(tag) => format!(
                "`language = \"{default}\"` is a language's name, not its tag: did you mean `language = \"{tag}\"`?"
            ),
            None => format!("`language = \"{default}\"` is not a language tag"),
        };
        problems.push(source.diagnostic(&message, span).with_hint(
            "write a BCP 47 tag: the language's two-letter code, with a region when it matters (`en`, `en-GB`, `pl`, `de`, `pt-BR`)",
        ));
    }
    let mut languages = vec![Language {
        code: default.to_string(),
        title: raw.title.clone(),
        description: raw.description.clone(),
        dir: String::new(),
    }];
    for (code, table) in &raw.languages {
        // Each language's problems point at its `[languages.CODE]` line.
        let header = format!("[languages.{code}]");
        let span = source.toml.find(&header).map(|at| at..at + header.len());
        let at = |message: String, hint: &str| {
            source
                .diagnostic(&message, span.clone())
                .with_hint(hint.to_string())
        };
        if !lang::is_valid_tag(code) {
            problems.push(at(
                format!("`[languages.{code}]`: `{code}` is not a language tag"),
                "write a BCP 47 tag such as `pl`, `de` or `pt-BR`",
            ));
            continue;
        }
        if languages.iter().any(|l| l.code.eq_ignore_ascii_case(code)) {
            problems.push(at(
                format!("`[languages.{code}]` names the default language or another one twice"),
                "the default language is `language`; list each other language once",
            ));
            continue;
        }
        let raw_language: RawLanguage = match table.clone().try_into() {
            Ok(language) => language,
            Err(e) => {
                let message = e.message().trim();
                let plain = crate::schema::value_message(message, None)
                    .map_or(message.to_string(), |(plain, _)| plain);
                problems.push(at(
                    format!("`[languages.{code}]`: {plain}"),
                    "give `title` and `description` as text in quotes",
                ));
                continue;
            }
        };
        languages.push(Language {
            code: code.clone(),
            title: raw_language.title.unwrap_or_else(|| raw.title.clone()),
            description: raw_language
                .description
                .unwrap_or_else(|| raw.description.clone()),
            dir: format!("{code}/"),
        });
    }
    languages
}

/// `report_type` must name something; `ror` must be a ROR ID, kept as its `https://ror.org/` URL.
pub(super) fn check_publisher(
    source: &TomlSource<'_>,
    publisher: &mut Publisher,
    problems: &mut Vec<Diagnostic>,
) {
    if publisher.report_type.trim().is_empty() {
        problems.push(
            source
                .at_key("report_type", "`publisher.report_type` is empty")
                .with_hint("name what a brief without a series is, such as `report_type = \"Policy Brief\"`"),
        );
    }
    if let Some(ror) = &publisher.ror {
        let id = ror.trim().trim_start_matches("https://ror.org/");
        let valid = id.len() == 9
            && id.starts_with('0')
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && id[7..].bytes().all(|b| b.is_ascii_digit());
        if valid {
            publisher.ror = Some(format!("https://ror.org/{id}"));
        } else {
            problems.push(
                source
                    .at_key("ror", &format!("`publisher.ror = \"{ror}\"` is not a ROR ID"))
                    .with_hint("a ROR ID looks like `https://ror.org/05gq02987` (0, six letters or digits, two digits)"),
            );
        }
    }
}

/// Fields of a brief's front matter, which a taxonomy's name may not shadow.
const BRIEF_FIELDS: &[&str] = &[
    "title",
    "date",
    "authors",
    "topics",
    "series",
    "number",
    "summary",
    "slug",
    "draft",
    "pdf",
    "image",
    "updated",
    "doi",
    "publish_at",
    "aliases",
    "extra",
];

/// The names the search page gives its other filters (`render::search`'s records and the
/// `search` template variable), and `q`, the query in its address: a taxonomy of one of
/// these names would be merged with it, or read as the query.
const SEARCH_NAMES: &[&str] = &["author", "topic", "series", "year", "language", "q"];

/// Reads one `[[taxonomies]]` entry, refusing a name that is taken or not a URL segment.
pub(super) fn custom_taxonomy(
    source: &TomlSource<'_>,
    entry: &toml::Spanned<RawTaxonomy>,
    taken: &[TaxonomyDef],
) -> std::result::Result<TaxonomyDef, Vec<Diagnostic>> {
    let span = entry.get_ref().name.span();
    let raw = entry.get_ref();
    let name = raw.name.get_ref().trim();
    let at = |message: String, hint: &str| {
        vec![
            source
                .diagnostic(&message, Some(span.clone()))
                .with_hint(hint.to_string()),
        ]
    };
    if !crate::slug::is_valid_slug(name) {
        return Err(at(
            format!("taxonomy name `{name}` is not a plain URL segment"),
            "use lowercase letters a-z, digits, `-` and `_`, such as `regions`",
        ));
    }
    if taken.iter().any(|t| t.name == name) {
        return Err(at(
            format!("a taxonomy called `{name}` is already declared or built in"),
            "authors, topics and series are built in; give each taxonomy its own name",
        ));
    }
    if BRIEF_FIELDS.contains(&name) || taxonomy::RESERVED_SEGMENTS.contains(&name) {
        return Err(at(
            format!("`{name}` cannot name a taxonomy: it is a brief field or a URL the site uses"),
            "choose another name, such as `regions` or `programmes`",
        ));
    }
    if SEARCH_NAMES.contains(&name) {
        let what = match name {
            "q" => "the search page's address holds the query as `q`".to_string(),
            _ => format!("the search page already has a `{name}` filter"),
        };
        return Err(at(
            format!("`{name}` cannot name a taxonomy: {what}"),
            "choose another name, such as `regions` or `programmes`",
        ));
    }
    let title = raw.title.clone().unwrap_or_else(|| title_case(name));
    let singular = raw.singular.clone().unwrap_or_else(|| title.clone());
    Ok(TaxonomyDef::custom(name, &title, &singular, raw.feed))
}

/// `publication-types` as `Publication types`.
pub(super) fn title_case(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Each of `[pdf] fonts` must be a file in the site's folder (that it holds a font is checked
/// when the PDFs load them).
pub(super) fn pdf_fonts(
    source: &TomlSource<'_>,
    root: &Path,
    pdf: &PdfSettings,
    problems: &mut Vec<Diagnostic>,
) {
    for font in &pdf.fonts {
        let rel = Path::new(font.get_ref());
        let inside = rel.is_relative()
            && rel
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        let message = if !inside {
            format!(
                "`[pdf] fonts`: `{}` is not a path in the site's folder",
                font.get_ref()
            )
        } else if !root.join(rel).is_file() {
            format!("`[pdf] fonts`: `{}` not found", font.get_ref())
        } else {
            continue;
        };
        problems.push(
            source
                .diagnostic(&message, Some(font.span()))
                .with_hint("give the path of an OpenType or TrueType font file (.otf, .ttf, .ttc) from the site's folder, such as `fonts = [\"fonts/NotoSansCJKjp-Regular.otf\"]`"),
        );
    }
}

/// A taxonomy named like one of the site's other languages would have its pages where that
/// language's site is (`/pl/`): an error at its name.
pub(super) fn taxonomies_and_languages(
    source: &TomlSource<'_>,
    raw: &RawConfig,
    languages: &[Language],
    problems: &mut Vec<Diagnostic>,
) {
    for entry in &raw.taxonomies {
        let name = entry.get_ref().name.get_ref().trim();
        if languages.iter().skip(1).any(|l| l.code == name) {
            problems.push(
                source
                    .diagnostic(
                        &format!("a taxonomy cannot be called `{name}`: /{name}/ is the address of the site in that language"),
                        Some(entry.get_ref().name.span()),
                    )
                    .with_hint("choose another name, such as `regions` or `programmes`"),
            );
        }
    }
}

/// A `--base-url` that is no URL: a mistake on the command line (exit code 2, naming the
/// flag), not one in site.toml.
pub(super) fn base_url_flag<T>(
    base: &std::result::Result<T, String>,
    flag: Option<&str>,
) -> crate::error::Result<()> {
    match (base, flag) {
        (Err(message), Some(url)) => Err(crate::error::Error::Usage(format!(
            "--base-url {url}: {message}; give an absolute URL such as `https://example.org`"
        ))),
        _ => Ok(()),
    }
}
