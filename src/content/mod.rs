//! The site's data model (briefs, taxonomies and their terms, pages), loaded from `content/`.
//!
//! Nothing here knows about templates or HTML files: a brief keeps its Markdown, which the
//! markdown stage renders, and the emitters read this model. This file is the folder's face:
//! its files are private, and what the others need is named here.

mod brief;
mod discover;
mod fields;
mod front_matter;
mod index;
mod layout;
mod library;
mod profile;
mod taxonomy;
mod terms;
mod translate;
mod validate;
mod yaml;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};

pub(crate) use brief::Brief;
#[cfg(test)]
pub(crate) use brief::parse as parse_brief;
pub(crate) use front_matter::split;
pub(crate) use index::{Indexes, term_has_page};
pub(crate) use library::{Item, Library, LoadOptions, ParsedFiles, Selection};
pub(crate) use profile::{Details, Page, Term};
pub(crate) use taxonomy::{BriefId, Taxonomy, TaxonomyDef, TaxonomyId, TermId};
pub(crate) use validate::one_per_publication;

/// The folder under the site root that holds the content.
pub(crate) const CONTENT_DIR: &str = "content";

/// A publication date: a calendar date, and the exact moment when one was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct PubDate {
    /// The calendar date.
    pub(crate) date: NaiveDate,
    /// The moment, when the front matter gave an offset date-time.
    pub(crate) moment: Option<DateTime<FixedOffset>>,
}

impl PubDate {
    /// RFC 3339 form: the given moment, or midnight UTC of the date.
    pub(crate) fn rfc3339(&self) -> String {
        match self.moment {
            Some(moment) => moment.to_rfc3339(),
            None => format!("{}T00:00:00Z", crate::lang::iso_date(self.date)),
        }
    }

    /// The date of a translation that gives none, until it takes its original's.
    pub(crate) fn placeholder() -> PubDate {
        PubDate {
            date: NaiveDate::default(),
            moment: None,
        }
    }

    /// A key that sorts by date, then by moment within a day.
    pub(crate) fn sort_key(&self) -> (NaiveDate, i64) {
        (self.date, self.moment.map_or(0, |m| m.timestamp()))
    }
}

/// An old address of a brief or page (`aliases` in front matter), checked and made a site path
/// as `routes` writes them: `/briefs/2024/old/` is `briefs/2024/old/`, `/pub/1234.html` stays a
/// file, and `/old` (no extension) is the folder `old/`. `Err` says what is wrong.
pub(crate) fn alias_path(alias: &str) -> Result<String, &'static str> {
    let Some(path) = alias.strip_prefix('/') else {
        return Err("must start with `/`: it is a path on this site");
    };
    if path.is_empty() {
        return Err("is the home page");
    }
    if path
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\' | '%'))
    {
        return Err("may not hold spaces, `?`, `#`, `%` or `\\`");
    }
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Err("may not hold empty, `.` or `..` segments");
    }
    let last = segments.last().copied().unwrap_or_default();
    Ok(if path.ends_with('/') || !last.contains('.') {
        format!("{}/", segments.join("/"))
    } else {
        path.to_string()
    })
}

/// A file copied as it is into the output (a bundle's PDF, a theme's stylesheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Asset {
    /// Where it is on disk.
    pub(crate) source: PathBuf,
    /// Where it goes, relative to the output folder.
    pub(crate) target: PathBuf,
}

/// Free TOML data (`[extra]`) kept as TOML text in the build cache, whose binary format cannot
/// hold a self-describing value.
pub(crate) mod toml_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(table: &toml::Table, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&table.to_string())
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<toml::Table, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::alias_path;

    #[test]
    fn aliases_are_site_paths() {
        assert_eq!(
            alias_path("/briefs/2024/old/").as_deref(),
            Ok("briefs/2024/old/")
        );
        assert_eq!(alias_path("/old").as_deref(), Ok("old/"));
        assert_eq!(
            alias_path("/publications/1234.html").as_deref(),
            Ok("publications/1234.html")
        );
        for bad in [
            "briefs/x/",
            "/",
            "/a/../b/",
            "/a//b",
            "/a b/",
            "/x?y",
            "/%2e%2e/",
        ] {
            assert!(alias_path(bad).is_err(), "{bad}");
        }
    }
}
