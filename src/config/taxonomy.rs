//! Taxonomies as data: authors, topics and series are three built-in entries of one registry,
//! and a site declares more (`[[taxonomies]]` in site.toml) without any change to the code.

use serde::{Deserialize, Serialize};

/// A taxonomy's position in the registry (`Config::taxonomies`, `Library::taxonomies`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct TaxonomyId(pub(crate) u16);

impl TaxonomyId {
    /// Authors: always the first entry.
    pub(crate) const AUTHORS: TaxonomyId = TaxonomyId(0);
    /// Topics.
    pub(crate) const TOPICS: TaxonomyId = TaxonomyId(1);
    /// Series.
    pub(crate) const SERIES: TaxonomyId = TaxonomyId(2);

    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }
    pub(crate) fn of(index: usize) -> TaxonomyId {
        TaxonomyId(u16::try_from(index).unwrap_or(u16::MAX))
    }
}

/// A profile key beyond `name` and `description`, as the built-in taxonomies have.
pub(crate) type ProfileField = &'static str;

/// One taxonomy: how briefs name its terms, where its pages go, which templates show them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub(crate) struct TaxonomyDef {
    /// The front-matter key, the content folder of its profiles and its URL segment: `regions`.
    pub(crate) name: String,
    /// The heading of its list page: "Regions".
    pub(crate) title: String,
    /// The label of one term: "Region".
    pub(crate) singular: String,
    /// Whether each term has an Atom feed.
    pub(crate) feed: bool,
    /// A brief names at most one term, as a string (series); otherwise a list.
    #[serde(skip)]
    pub(crate) single: bool,
    /// `current.kind` of its list page and template name without `.html`: `authors`, `taxonomy`.
    pub(crate) list_kind: String,
    /// `current.kind` of a term's page and its template without `.html`: `author`, `term`.
    pub(crate) term_kind: String,
    /// Profile keys besides `name` and `description`.
    #[serde(skip)]
    pub(crate) fields: &'static [ProfileField],
}

impl TaxonomyDef {
    /// The template of the list page.
    pub(crate) fn list_template(&self) -> String {
        format!("{}.html", self.list_kind)
    }

    /// The template of a term's page.
    pub(crate) fn term_template(&self) -> String {
        format!("{}.html", self.term_kind)
    }

    /// A taxonomy declared in site.toml, shown by the generic templates.
    pub(crate) fn custom(name: &str, title: &str, singular: &str, feed: bool) -> TaxonomyDef {
        TaxonomyDef {
            name: name.to_string(),
            title: title.to_string(),
            singular: singular.to_string(),
            feed,
            single: false,
            list_kind: "taxonomy".into(),
            term_kind: "term".into(),
            fields: &[],
        }
    }
}

/// Authors, topics and series, in the order of the `TaxonomyId` constants.
pub(crate) fn builtins() -> Vec<TaxonomyDef> {
    let def = |name: &str, title: &str, singular: &str, list: &str, term: &str| TaxonomyDef {
        name: name.into(),
        title: title.into(),
        singular: singular.into(),
        feed: true,
        single: false,
        list_kind: list.into(),
        term_kind: term.into(),
        fields: &[],
    };
    vec![
        TaxonomyDef {
            fields: &[
                "role", "email", "photo", "orcid", "links", "family", "given",
            ],
            ..def("authors", "Authors", "Author", "authors", "author")
        },
        def("topics", "Topics", "Topic", "topics", "topic"),
        TaxonomyDef {
            single: true,
            fields: &["issn"],
            ..def("series", "Series", "Series", "series_list", "series")
        },
    ]
}

/// URL segments at the site root that Dossier writes itself, which neither a taxonomy nor a
/// page may take.
pub(crate) const RESERVED_SEGMENTS: &[&str] = &[
    "briefs",
    "authors",
    "topics",
    "series",
    "archive",
    "page",
    "pages",
    "static",
    "index",
    "404",
    "search",
    "pagefind",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
];
