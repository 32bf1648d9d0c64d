//! `[appearance]`: the favicon, the stylesheets linked after the theme's, and the footer's
//! "Built with Dossier" line: what a site changes in its look without copying the theme.
//! Whether the files exist is `check`'s (and so `build`'s) question, once the static files are
//! known; here, only their form.

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::schema::TomlSource;

/// The file a site's `static/` may hold to add its own styles, linked after the theme's
/// stylesheet when `extra_css` is not given.
pub(crate) const CUSTOM_CSS: &str = "custom.css";
/// The favicon the default theme ships, used when `favicon` is not given.
pub(crate) const DEFAULT_FAVICON: &str = "favicon.svg";

/// `[appearance]` as written.
#[derive(Debug, Clone, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Appearance {
    /// The favicon: a URL or a site path of a file in `static/`; default: the theme's.
    #[serde(default)]
    pub(crate) favicon: Option<String>,
    /// Stylesheets linked after the theme's, in order: URLs or site paths of files in
    /// `static/`; default: `/custom.css` when the site has one.
    #[serde(default)]
    pub(crate) extra_css: Option<Vec<String>>,
    /// Whether the footer says "Built with Dossier" (its words are the `built_with` string).
    #[serde(default = "yes")]
    pub(crate) credit: bool,
}

fn yes() -> bool {
    true
}

impl Default for Appearance {
    fn default() -> Appearance {
        Appearance {
            favicon: None,
            extra_css: None,
            credit: true,
        }
    }
}

/// The picture types browsers take as a favicon, by extension.
const FAVICON_TYPES: &[(&str, &str)] = &[
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("ico", "image/x-icon"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
];

/// The MIME type of a favicon, by its extension; `None` for a type browsers do not show.
pub(crate) fn favicon_type(path: &str) -> Option<&'static str> {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
    FAVICON_TYPES
        .iter()
        .find(|(e, _)| *e == extension)
        .map(|(_, mime)| *mime)
}

/// Whether a setting names a file by URL (`https://…`), not a file of the site.
pub(crate) fn is_url(path: &str) -> bool {
    path.contains("://")
}

/// Errors at their line: a favicon of a type browsers do not show, a path that is empty or
/// not a site path or web URL.
pub(super) fn check(
    source: &TomlSource<'_>,
    appearance: &Appearance,
    problems: &mut Vec<Diagnostic>,
) {
    let mut at = |key: &str, message: String, hint: &str| {
        problems.push(source.at_key(key, &message).with_hint(hint.to_string()));
    };
    if let Some(favicon) = &appearance.favicon {
        if !is_path_or_web_url(favicon) {
            at(
                "favicon",
                format!("`favicon = \"{favicon}\"` is neither a path of the site nor a URL"),
                PATH_HINT,
            );
        } else if favicon_type(favicon).is_none() {
            at(
                "favicon",
                format!("`favicon = \"{favicon}\"` is not a picture browsers show as an icon"),
                "give an .svg, .png or .ico file (an SVG scales to every size)",
            );
        }
    }
    for css in appearance.extra_css.iter().flatten() {
        if !is_path_or_web_url(css) {
            let message =
                format!("`extra_css` names `{css}`, which is neither a path of the site nor a URL");
            at("extra_css", message, PATH_HINT);
        }
    }
}

const PATH_HINT: &str = "write the path of a file in static/ as the site serves it (`/custom.css` is static/custom.css), or a full https:// URL";

/// A site path (`/x.css`, `x.css`) or an http(s) URL: nothing empty, nothing that runs.
fn is_path_or_web_url(text: &str) -> bool {
    let text = text.trim();
    if is_url(text) {
        return super::settings::is_web_url(text);
    }
    !text.is_empty() && !text.contains(':') && !text.ends_with('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn favicon_types_come_from_the_extension() {
        assert_eq!(favicon_type("/favicon.svg"), Some("image/svg+xml"));
        assert_eq!(
            favicon_type("https://x.org/i/ICON.PNG?v=2"),
            Some("image/png")
        );
        assert_eq!(favicon_type("/favicon.txt"), None);
        assert_eq!(favicon_type("/favicon"), None);
    }

    #[test]
    fn paths_and_web_urls_only() {
        assert!(is_path_or_web_url("/custom.css"));
        assert!(is_path_or_web_url("css/brand.css"));
        assert!(is_path_or_web_url("https://cdn.example.org/x.css"));
        for bad in ["", " ", "javascript:alert(1)", "ftp://x.org/a.css", "/css/"] {
            assert!(!is_path_or_web_url(bad), "{bad}");
        }
    }
}
