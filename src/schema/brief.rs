//! A brief's front matter as written: the one schema of a brief file. The content layer reads
//! briefs into it (`content::brief`), and the settings check that no taxonomy is named like one
//! of its keys; both read the keys from this struct, so a new key is one field here.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::Shape;

/// A brief's front matter. Unknown keys are caught against these fields (and the site's
/// declared taxonomies, read from the table by name).
#[derive(Debug, Deserialize)]
pub(crate) struct RawBrief {
    pub(crate) title: Spanned<String>,
    pub(crate) date: Option<Spanned<Datetime>>,
    pub(crate) authors: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub(crate) topics: Vec<String>,
    pub(crate) series: Option<Spanned<String>>,
    pub(crate) number: Option<Spanned<u32>>,
    pub(crate) summary: Option<String>,
    pub(crate) slug: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) draft: bool,
    pub(crate) pdf: Option<Spanned<String>>,
    /// The picture a shared link shows, a file of the bundle, instead of the generated card.
    pub(crate) image: Option<Spanned<String>>,
    pub(crate) updated: Option<Spanned<Datetime>>,
    pub(crate) doi: Option<Spanned<String>>,
    pub(crate) publish_at: Option<Spanned<Datetime>>,
    #[serde(default)]
    pub(crate) aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) extra: toml::Table,
}

/// The keys a brief's front matter may hold besides the taxonomies'.
pub(crate) fn brief_keys() -> Vec<&'static str> {
    Shape::of::<RawBrief>().keys()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_field_is_a_key() {
        assert_eq!(
            super::brief_keys(),
            [
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
                "extra"
            ]
        );
    }
}
