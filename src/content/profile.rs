//! Profiles of authors, topics and series, and standalone pages: what `content/authors/`,
//! `content/topics/`, `content/series/` and `content/pages/` hold.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::front_matter::Split;
use super::taxonomy::{TaxonomyDef, TaxonomyId};
use crate::error::Diagnostic;
use crate::lang::LangId;
use crate::markdown::Body;
use crate::schema::{KeyLines, Shape};

/// What a profile adds to the name, beyond a description: the fields each taxonomy allows
/// (`TaxonomyDef::fields`): an author's role and contacts, a series' ISSN.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub(crate) struct Details {
    /// Position at the institute.
    pub(crate) role: Option<String>,
    /// Contact address.
    pub(crate) email: Option<String>,
    /// Portrait: a URL, a site path, or a file beside the profile.
    pub(crate) photo: Option<String>,
    /// ORCID iD, such as `0000-0002-1825-0097`.
    pub(crate) orcid: Option<String>,
    /// Other pages about the author.
    #[serde(default)]
    pub(crate) links: Vec<String>,
    /// ISSN (series).
    pub(crate) issn: Option<String>,
    /// Family name, as citations write it (authors): replaces the split of the display name.
    pub(crate) family: Option<String>,
    /// Given names, as citations write them (authors).
    pub(crate) given: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawTerm {
    #[serde(flatten)]
    own: TermOwn,
    #[serde(flatten)]
    details: Details,
}

/// A profile's keys of its own, beside the taxonomy's `Details`.
#[derive(Debug, Deserialize)]
struct TermOwn {
    name: String,
    /// Short description for listings; the body is the long one.
    description: Option<String>,
}

/// The keys a profile may hold: its own name and description, and of `Details`, only the
/// fields its taxonomy allows (a topic has no ORCID iD). `RawTerm` flattens `Details` in,
/// which hides its fields from [`Shape::of`]; each part is read from its own struct.
fn term_shape(def: &TaxonomyDef) -> Shape {
    let details = Shape::of::<Details>().keys();
    let allowed = details
        .into_iter()
        .filter(|field| def.fields.contains(field));
    let own = Shape::of::<TermOwn>().keys();
    Shape::Table(
        own.into_iter()
            .chain(allowed)
            .map(|k| (k, Shape::Any))
            .collect(),
    )
}

/// A term of a taxonomy (an author, a topic, a series, a region): named in briefs,
/// optionally described by a profile file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Term {
    /// The taxonomy it belongs to.
    pub(crate) taxonomy: TaxonomyId,
    /// Display name.
    pub(crate) name: String,
    /// URL segment.
    pub(crate) slug: String,
    /// The profile's body (bio or description), in Markdown with its outline.
    pub(crate) body: Option<Body>,
    /// One-line description, given or taken from the body's first paragraph.
    pub(crate) description: String,
    /// The profile file, relative to the site root.
    pub(crate) source: Option<PathBuf>,
    /// What the profile adds (the fields its taxonomy allows).
    pub(crate) details: Details,
    /// The language of the profile file it was read from.
    pub(crate) lang: LangId,
    /// Its name, description and body in other languages, from `SLUG.pl.md` profiles.
    pub(crate) translations: Vec<TermText>,
    /// Fingerprint of the profile file; 0 without one.
    pub(crate) stamp: u64,
    /// The line of each key the profile file sets (`name`, `photo`), for later checks.
    pub(crate) key_lines: KeyLines,
}

/// A term's name and description in one other language.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct TermText {
    pub(crate) lang: LangId,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) body: Option<Body>,
    /// An author's role in this language, when the profile gives one.
    pub(crate) role: Option<String>,
    /// The profile file.
    pub(crate) source: PathBuf,
    /// Its fingerprint.
    pub(crate) stamp: u64,
}

impl Term {
    /// Its name in a language: the translation's, or its own.
    pub(crate) fn name_in(&self, lang: LangId) -> &str {
        self.text_in(lang).map_or(&self.name, |t| &t.name)
    }

    /// Its description in a language: the translation's, or its own.
    pub(crate) fn description_in(&self, lang: LangId) -> &str {
        self.text_in(lang)
            .map_or(&self.description, |t| &t.description)
    }

    /// The file of its profile's body in a language: the translation's, or its own; `None`
    /// when there is no body to show.
    pub(crate) fn body_file_in(&self, lang: LangId) -> Option<&Path> {
        match self.text_in(lang) {
            Some(text) => text.body.as_ref().map(|_| text.source.as_path()),
            None => self.body.as_ref().and(self.source.as_deref()),
        }
    }

    /// An author's role in a language: the translation's, or its own; `role = ""` is none
    /// (no empty `jobTitle` in JSON-LD, no empty line under the name).
    pub(crate) fn role_in(&self, lang: LangId) -> Option<&str> {
        fn given(role: &Option<String>) -> Option<&str> {
            role.as_deref().filter(|r| !r.trim().is_empty())
        }
        self.text_in(lang)
            .and_then(|t| given(&t.role))
            .or(given(&self.details.role))
    }

    /// Its translation into a language other than its own, if there is one.
    pub(crate) fn text_in(&self, lang: LangId) -> Option<&TermText> {
        (lang != self.lang)
            .then(|| self.translations.iter().find(|t| t.lang == lang))
            .flatten()
    }

    /// What a translated profile of it says.
    pub(crate) fn into_text(self) -> TermText {
        TermText {
            lang: self.lang,
            name: self.name,
            description: self.description,
            body: self.body,
            role: self.details.role,
            source: self.source.unwrap_or_default(),
            stamp: self.stamp,
        }
    }

    /// A term named in a brief with no profile file.
    pub(crate) fn bare(taxonomy: TaxonomyId, name: &str, slug: String) -> Term {
        Term {
            taxonomy,
            name: name.to_string(),
            slug,
            body: None,
            description: String::new(),
            source: None,
            details: Details::default(),
            lang: LangId::DEFAULT,
            translations: Vec::new(),
            stamp: 0,
            key_lines: KeyLines::default(),
        }
    }
}

/// The slug of a profile or page: its file name's, without a language suffix.
fn file_slug(rel: &Path) -> String {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    crate::slug::slugify(crate::lang::split_suffix(&name).0)
}

/// Reads a profile file.
pub(crate) fn parse_term(
    (taxonomy, def): (TaxonomyId, &TaxonomyDef),
    rel: &Path,
    text: &str,
    split: Split<'_>,
) -> Result<Term, Vec<Diagnostic>> {
    let source = split.toml_source(rel, text);
    let (mut raw, table): (RawTerm, _) = source.parse_as(&term_shape(def), &[])?;
    let slug = file_slug(rel);
    let mut problems = Vec::new();
    if raw.own.name.trim().is_empty() {
        problems.push(
            source
                .at_key("name", "`name` is empty")
                .with_hint("give the profile a name"),
        );
    }
    if let Some(orcid) = &raw.details.orcid {
        match crate::ids::normalize_orcid(orcid) {
            Some(id) => raw.details.orcid = Some(id),
            None => problems.push(
                source
                    .at_key("orcid", &format!("`orcid = \"{orcid}\"` is not an ORCID iD"))
                    .with_hint("an ORCID iD is four groups of four digits whose last is a check digit (0-9 or X), such as `0000-0002-1825-0097`: copy it from the author's ORCID record"),
            ),
        }
    }
    if let Some(issn) = raw
        .details
        .issn
        .as_ref()
        .filter(|issn| !crate::ids::is_valid_issn(issn))
    {
        problems.push(
            source
                .at_key("issn", &format!("`issn = \"{issn}\"` is not a valid ISSN"))
                .with_hint(crate::ids::ISSN_HINT),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let body =
        (!split.body.trim().is_empty()).then(|| Body::read(text.to_string(), split.body_offset));
    let description = raw
        .own
        .description
        .or_else(|| body.as_ref().map(|b| b.first_paragraph.clone()))
        .unwrap_or_default();
    Ok(Term {
        taxonomy,
        name: raw.own.name.trim().to_string(),
        slug,
        body,
        description,
        source: Some(rel.to_path_buf()),
        details: raw.details,
        lang: LangId::DEFAULT,
        translations: Vec::new(),
        stamp: 0,
        key_lines: source.key_lines(&table, &|key| matches!(key, "name" | "photo")),
    })
}

#[derive(Debug, Deserialize)]
struct RawPage {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    aliases: Vec<toml::Spanned<String>>,
    #[serde(default)]
    extra: toml::Table,
}

/// A standalone page such as About or Contact, written to `/{slug}/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Page {
    /// The Markdown file, relative to the site root.
    pub(crate) source: PathBuf,
    /// The title.
    pub(crate) title: String,
    /// One-line description for metadata.
    pub(crate) description: String,
    /// URL segment, from the file name.
    pub(crate) slug: String,
    /// The Markdown body, with its outline; the markdown stage renders its HTML.
    pub(crate) content: Body,
    /// Old addresses that redirect to it: site paths such as `about-us/`.
    pub(crate) aliases: Vec<String>,
    /// Free data for templates.
    #[serde(with = "super::toml_text")]
    pub(crate) extra: toml::Table,
    /// Its language.
    pub(crate) lang: LangId,
    /// Its language's folder: empty for the default language, `pl/` for Polish.
    pub(crate) lang_dir: String,
    /// The page it is a version of: its file without the language suffix.
    pub(crate) key: PathBuf,
    /// Fingerprint of the file.
    pub(crate) stamp: u64,
}

impl crate::routes::PageAddress for Page {
    fn lang_dir(&self) -> &str {
        &self.lang_dir
    }
    fn slug(&self) -> &str {
        &self.slug
    }
}

/// Reads a standalone page.
pub(crate) fn parse_page(
    rel: &Path,
    text: &str,
    split: Split<'_>,
) -> Result<Page, Vec<Diagnostic>> {
    let source = split.toml_source(rel, text);
    let raw: RawPage = source.parse()?;
    let mut problems = Vec::new();
    let aliases = raw
        .aliases
        .iter()
        .filter_map(|alias| {
            super::alias_path(alias.get_ref())
                .map_err(|why| {
                    problems.push(
                        source
                            .diagnostic(
                                &format!("alias `{}` {why}", alias.get_ref()),
                                Some(alias.span()),
                            )
                            .with_hint(
                                "write the old address as a site path, such as `/about-us/`",
                            ),
                    )
                })
                .ok()
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let slug = file_slug(rel);
    let content = Body::read(text.to_string(), split.body_offset);
    let description = if raw.description.is_empty() {
        content.first_paragraph.clone()
    } else {
        raw.description
    };
    Ok(Page {
        source: rel.to_path_buf(),
        title: raw.title,
        description,
        slug,
        content,
        aliases,
        extra: raw.extra,
        lang: LangId::DEFAULT,
        lang_dir: String::new(),
        key: rel.to_path_buf(),
        stamp: 0,
    })
}
