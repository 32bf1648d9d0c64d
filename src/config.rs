//! `site.toml`: the site's settings, read and validated.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::front_matter::{Schema, TomlSource};
use crate::error::{Diagnostic, Error, Result};

/// The name of the settings file at the site root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

const SCHEMA: Schema = Schema::Table(&[
    ("title", Schema::Any),
    ("base_url", Schema::Any),
    ("description", Schema::Any),
    ("language", Schema::Any),
    ("theme", Schema::Any),
    ("output_dir", Schema::Any),
    (
        "publisher",
        Schema::Table(&[
            ("name", Schema::Any),
            ("url", Schema::Any),
            ("logo", Schema::Any),
            ("issn", Schema::Any),
            ("copyright", Schema::Any),
            ("twitter", Schema::Any),
        ]),
    ),
    ("pagination", Schema::Table(&[("per_page", Schema::Any)])),
    ("feeds", Schema::Table(&[("entries", Schema::Any)])),
    ("extra", Schema::Any),
]);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: toml::Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_output_dir")]
    output_dir: String,
    publisher: Option<Publisher>,
    #[serde(default)]
    pagination: Pagination,
    #[serde(default)]
    feeds: Feeds,
    #[serde(default)]
    extra: toml::Table,
}

/// `[pagination]`: how listings are split into pages.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Pagination {
    /// Briefs per listing page (default 20).
    #[serde(default = "default_per_page")]
    pub(crate) per_page: usize,
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination {
            per_page: default_per_page(),
        }
    }
}

fn default_per_page() -> usize {
    20
}

/// `[feeds]`: the Atom feeds.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Feeds {
    /// Entries in each feed, newest first (default 50).
    #[serde(default = "default_feed_entries")]
    pub(crate) entries: usize,
}

impl Default for Feeds {
    fn default() -> Self {
        Feeds {
            entries: default_feed_entries(),
        }
    }
}

fn default_feed_entries() -> usize {
    50
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> String {
    "public".into()
}

/// Who publishes the briefs: named in the copyright line and the metadata.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Publisher {
    /// The institute's name.
    pub(crate) name: String,
    /// Its home page, if not this site.
    #[serde(default)]
    pub(crate) url: Option<String>,
    /// Its logo: a URL or a site path.
    #[serde(default)]
    pub(crate) logo: Option<String>,
    /// The ISSN of its publications as a whole.
    #[serde(default)]
    pub(crate) issn: Option<String>,
    /// The copyright line; `{publisher}` and `{year}` are replaced (default "© {publisher} {year}").
    #[serde(default = "default_copyright")]
    pub(crate) copyright: String,
    /// Its Twitter/X handle, such as `@institute`.
    #[serde(default)]
    pub(crate) twitter: Option<String>,
}

fn default_copyright() -> String {
    "© {publisher} {year}".into()
}

impl Publisher {
    /// The copyright line for a year.
    pub(crate) fn copyright_for(&self, year: i32) -> String {
        self.copyright
            .replace("{publisher}", &self.name)
            .replace("{year}", &year.to_string())
    }
}

/// The site's settings, validated.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// The site's root folder (where `site.toml` is).
    pub(crate) root: PathBuf,
    /// The site's name.
    pub(crate) title: String,
    /// Absolute URL of the site, without a trailing slash: `https://org.github.io/briefs`.
    pub(crate) base_url: String,
    /// The path part of `base_url`, with leading and trailing slash: `/briefs/` or `/`.
    pub(crate) base_path: String,
    /// One-line description of the site.
    pub(crate) description: String,
    /// The language of the content, as a BCP 47 tag (`en`, `pl`).
    pub(crate) language: String,
    /// The theme folder's name under `themes/`.
    pub(crate) theme: String,
    /// Where the site is written, resolved against the root.
    pub(crate) output_dir: PathBuf,
    /// The publisher (defaults to the site's title).
    pub(crate) publisher: Publisher,
    /// Listing pagination.
    pub(crate) pagination: Pagination,
    /// Feed settings.
    pub(crate) feeds: Feeds,
    /// Free data handed to templates.
    pub(crate) extra: toml::Table,
}

/// Settings given on the command line that override `site.toml`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    /// Replaces `output_dir`.
    pub(crate) output_dir: Option<PathBuf>,
    /// Replaces `base_url`.
    pub(crate) base_url: Option<String>,
}

impl Config {
    /// Reads `site.toml` from `root`, applying command-line overrides.
    pub(crate) fn load(root: &Path, overrides: &Overrides) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let rel = Path::new(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                Error::Content(vec![
                    Diagnostic::error(rel, "site.toml is not valid UTF-8")
                        .with_hint("save the file as UTF-8"),
                ])
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::Content(vec![
                    Diagnostic::error(rel, format!("no site.toml in {}", root.display()))
                        .with_hint("run dossier in the site's folder, pass --root DIR, or create one with `dossier init`"),
                ]));
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        let source = TomlSource {
            path: rel,
            file_text: &text,
            toml: &text,
            offset: 0,
        };
        let raw: RawConfig = source.parse(SCHEMA).map_err(Error::Content)?;
        let base_url_text = overrides
            .base_url
            .clone()
            .unwrap_or_else(|| raw.base_url.get_ref().clone());
        let (base_url, base_path) = parse_base_url(&base_url_text).map_err(|message| {
            let span = overrides.base_url.is_none().then(|| raw.base_url.span());
            Error::Content(vec![source.diagnostic(&message, span).with_hint(
                "give an absolute URL such as `https://example.org` or `https://org.github.io/briefs`",
            )])
        })?;
        let output_dir = overrides
            .output_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(&raw.output_dir));
        let output_dir = if output_dir.is_absolute() {
            output_dir
        } else {
            root.join(output_dir)
        };
        if raw.pagination.per_page == 0 {
            return Err(Error::Content(vec![
                source
                    .diagnostic("`pagination.per_page` must be 1 or more", None)
                    .with_hint("set `per_page = 20`, or remove it for the default"),
            ]));
        }
        let publisher = raw.publisher.unwrap_or_else(|| Publisher {
            name: raw.title.clone(),
            url: None,
            logo: None,
            issn: None,
            copyright: default_copyright(),
            twitter: None,
        });
        Ok(Config {
            root: root.to_path_buf(),
            title: raw.title,
            base_url,
            base_path,
            description: raw.description,
            language: raw.language,
            theme: raw.theme,
            output_dir,
            publisher,
            pagination: raw.pagination,
            feeds: raw.feeds,
            extra: raw.extra,
        })
    }

    /// The site-relative URL path (`/briefs/...`) of a path below the site's root.
    pub(crate) fn url_path(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// The absolute URL of a path below the site's root.
    pub(crate) fn permalink(&self, path: &str) -> String {
        let origin_end = self.base_url.len() + 1 - self.base_path.len();
        format!("{}{}", &self.base_url[..origin_end], self.url_path(path))
    }
}

/// Splits a base URL into its normalised form (no trailing slash) and its path (`/x/` or `/`).
fn parse_base_url(url: &str) -> std::result::Result<(String, String), String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with http:// or https://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(format!("base_url `{url}` has no host name"));
    }
    if path.contains(['?', '#', ' ']) {
        return Err(format!(
            "base_url `{url}` must not carry a query, a fragment or spaces"
        ));
    }
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    Ok((url.to_string(), base_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_path_is_kept_with_slashes() {
        assert_eq!(
            parse_base_url("https://org.github.io/briefs/").unwrap(),
            ("https://org.github.io/briefs".into(), "/briefs/".into())
        );
        assert_eq!(
            parse_base_url("http://localhost:1111").unwrap(),
            ("http://localhost:1111".into(), "/".into())
        );
        assert!(parse_base_url("org.github.io").is_err());
        assert!(parse_base_url("https://").is_err());
    }

    fn config(base: &str) -> Config {
        let (base_url, base_path) = parse_base_url(base).unwrap();
        Config {
            root: PathBuf::new(),
            title: "T".into(),
            base_url,
            base_path,
            description: String::new(),
            language: "en".into(),
            theme: "default".into(),
            output_dir: PathBuf::from("public"),
            publisher: Publisher {
                name: "P".into(),
                url: None,
                logo: None,
                issn: None,
                copyright: default_copyright(),
                twitter: None,
            },
            pagination: Pagination::default(),
            feeds: Feeds::default(),
            extra: toml::Table::new(),
        }
    }

    #[test]
    fn urls_carry_the_base_path() {
        let c = config("https://org.github.io/briefs");
        assert_eq!(c.url_path("briefs/2025/x/"), "/briefs/briefs/2025/x/");
        assert_eq!(c.url_path("/"), "/briefs/");
        assert_eq!(
            c.permalink("authors/"),
            "https://org.github.io/briefs/authors/"
        );
        let root = config("https://example.org/");
        assert_eq!(root.url_path("authors/"), "/authors/");
        assert_eq!(root.permalink(""), "https://example.org/");
    }
}
