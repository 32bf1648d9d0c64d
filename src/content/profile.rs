//! Profiles of authors, topics and series, and standalone pages: what `content/authors/`,
//! `content/topics/`, `content/series/` and `content/pages/` hold.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::front_matter::{Schema, Split};
use crate::error::Diagnostic;
use crate::markdown::{self, Rendered};

/// Which kind of index a term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum TermKind {
    /// A person who writes briefs.
    Author,
    /// A subject briefs are filed under.
    Topic,
    /// A numbered publication series.
    Series,
}

impl TermKind {
    /// The content folder of its profiles, which is also its URL segment.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            TermKind::Author => "authors",
            TermKind::Topic => "topics",
            TermKind::Series => "series",
        }
    }

    fn schema(self) -> Schema {
        match self {
            TermKind::Author => Schema::Table(&[
                ("name", Schema::Any),
                ("role", Schema::Any),
                ("email", Schema::Any),
                ("photo", Schema::Any),
                ("orcid", Schema::Any),
                ("links", Schema::Any),
            ]),
            TermKind::Topic => {
                Schema::Table(&[("name", Schema::Any), ("description", Schema::Any)])
            }
            TermKind::Series => Schema::Table(&[
                ("name", Schema::Any),
                ("issn", Schema::Any),
                ("description", Schema::Any),
            ]),
        }
    }
}

/// What an author's profile adds to the name.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AuthorDetails {
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
}

#[derive(Debug, Deserialize)]
struct RawTerm {
    name: String,
    /// Short description for listings; the body is the long one.
    description: Option<String>,
    issn: Option<String>,
    #[serde(flatten)]
    author: AuthorDetails,
}

/// An author, topic or series: named in briefs, optionally described by a profile file.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// Which index it belongs to.
    pub(crate) kind: TermKind,
    /// Display name.
    pub(crate) name: String,
    /// URL segment.
    pub(crate) slug: String,
    /// The profile's body (bio or description), rendered.
    pub(crate) body: Option<Rendered>,
    /// One-line description, given or taken from the body's first paragraph.
    pub(crate) description: String,
    /// The profile file, relative to the site root.
    pub(crate) source: Option<PathBuf>,
    /// Author details (authors only).
    pub(crate) author: AuthorDetails,
    /// ISSN (series only).
    pub(crate) issn: Option<String>,
    /// Fingerprint of the profile file; 0 without one.
    pub(crate) stamp: u64,
}

impl Term {
    /// A term named in a brief with no profile file.
    pub(crate) fn bare(kind: TermKind, name: &str, slug: String) -> Term {
        Term {
            kind,
            name: name.to_string(),
            slug,
            body: None,
            description: String::new(),
            source: None,
            author: AuthorDetails::default(),
            issn: None,
            stamp: 0,
        }
    }

    /// The index page's path: `authors/{slug}/`.
    pub(crate) fn path(&self) -> String {
        format!("{}/{}/", self.kind.folder(), self.slug)
    }
}

/// The slug of a profile or page: its file name's.
fn file_slug(rel: &Path) -> String {
    rel.file_stem()
        .map(|s| crate::slug::slugify(&s.to_string_lossy()))
        .unwrap_or_default()
}

/// Reads a profile file.
pub(crate) fn parse_term(
    kind: TermKind,
    rel: &Path,
    text: &str,
    split: Split<'_>,
    base_path: &str,
) -> Result<Term, Vec<Diagnostic>> {
    let source = split.toml_source(rel, text);
    let raw: RawTerm = source.parse(kind.schema())?;
    let slug = file_slug(rel);
    if raw.name.trim().is_empty() {
        return Err(vec![
            source
                .diagnostic("`name` is empty", None)
                .with_hint("give the profile a name"),
        ]);
    }
    let body = (!split.body.trim().is_empty()).then(|| markdown::render(split.body, base_path));
    let description = raw
        .description
        .or_else(|| body.as_ref().map(|b| b.first_paragraph.clone()))
        .unwrap_or_default();
    Ok(Term {
        kind,
        name: raw.name.trim().to_string(),
        slug,
        body,
        description,
        source: Some(rel.to_path_buf()),
        author: raw.author,
        issn: raw.issn,
        stamp: 0,
    })
}

const PAGE_SCHEMA: Schema = Schema::Table(&[
    ("title", Schema::Any),
    ("description", Schema::Any),
    ("extra", Schema::Any),
]);

#[derive(Debug, Deserialize)]
struct RawPage {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    extra: toml::Table,
}

/// A standalone page such as About or Contact, written to `/{slug}/`.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// The Markdown file, relative to the site root.
    pub(crate) source: PathBuf,
    /// The title.
    pub(crate) title: String,
    /// One-line description for metadata.
    pub(crate) description: String,
    /// URL segment, from the file name.
    pub(crate) slug: String,
    /// The rendered body.
    pub(crate) content: Rendered,
    /// Free data for templates.
    pub(crate) extra: toml::Table,
    /// Fingerprint of the file.
    pub(crate) stamp: u64,
}

impl Page {
    /// The page's path below the site root.
    pub(crate) fn path(&self) -> String {
        format!("{}/", self.slug)
    }
}

/// Reads a standalone page.
pub(crate) fn parse_page(
    rel: &Path,
    text: &str,
    split: Split<'_>,
    base_path: &str,
) -> Result<Page, Vec<Diagnostic>> {
    let source = split.toml_source(rel, text);
    let raw: RawPage = source.parse(PAGE_SCHEMA)?;
    let slug = file_slug(rel);
    let content = markdown::render(split.body, base_path);
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
        extra: raw.extra,
        stamp: 0,
    })
}
