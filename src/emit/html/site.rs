//! `site`, as each language's pages see it: the site's title and description in that language,
//! its navigation, taxonomies and well-known URLs, and the site's languages.

use serde::Serialize;
use tera::Value;

use super::locale::Locale;
use super::view::{Link, SiteUrls, SiteView, TaxonomyView};
use crate::content::{Library, TaxonomyId};
use crate::i18n::Strings;
use crate::lang::LangId;
use crate::routes;
use crate::theme::Theme;

/// A language of the site, for a language menu: `code`, `name` (in itself) and `url` of its
/// home page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LanguageLink {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) url: String,
}

/// The site's favicon, as `site.favicon`: its URL and MIME type.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct Favicon {
    pub(crate) url: String,
    #[serde(rename = "type")]
    pub(crate) mime: &'static str,
}

/// What `[appearance]` resolves to, the theme's and site's static files known: the favicon,
/// the stylesheets after the theme's, and whether the footer credits Dossier.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Look {
    /// The theme's stylesheet, under its fingerprinted name.
    pub(crate) stylesheet: String,
    pub(crate) favicon: Option<Favicon>,
    pub(crate) extra_stylesheets: Vec<String>,
    pub(crate) credit: bool,
}

/// Resolves `[appearance]`: a favicon and stylesheets as given, or else the theme's
/// `favicon.svg` and the site's `custom.css` when they exist.
pub(crate) fn look(config: &crate::config::Config, theme: &Theme) -> Look {
    use crate::config::{CUSTOM_CSS, DEFAULT_FAVICON, favicon_type, is_url};
    let settings = &config.appearance;
    let has = |file: &str| theme.static_files.contains_key(std::path::Path::new(file));
    let url = |path: &str| {
        if is_url(path) {
            path.trim().to_string()
        } else {
            config.base.url_path(path.trim().trim_start_matches('/'))
        }
    };
    let favicon = match &settings.favicon {
        Some(given) => Some(given.as_str()),
        None => has(DEFAULT_FAVICON).then_some(DEFAULT_FAVICON),
    };
    let stylesheets: Vec<&str> = match &settings.extra_css {
        Some(given) => given.iter().map(String::as_str).collect(),
        None => has(CUSTOM_CSS).then_some(CUSTOM_CSS).into_iter().collect(),
    };
    Look {
        stylesheet: config.base.url_path(theme.asset(routes::STYLESHEET)),
        favicon: favicon.and_then(|path| {
            Some(Favicon {
                url: url(path),
                mime: favicon_type(path)?,
            })
        }),
        extra_stylesheets: stylesheets.into_iter().map(url).collect(),
        credit: settings.credit,
    }
}

/// `site` for every language, in `Config::languages` order.
pub(crate) fn site_values(library: &Library, strings: &Strings, look: &Look) -> Vec<Value> {
    let config = &library.config;
    let languages: Vec<LanguageLink> = config
        .languages
        .iter()
        .enumerate()
        .map(|(i, language)| LanguageLink {
            code: language.code.clone(),
            name: strings.language_name(LangId::of(i)),
            url: config.base.url_path(&routes::home(language)),
        })
        .collect();
    (0..config.languages.len())
        .map(|i| {
            let loc = Locale::new(library, strings, LangId::of(i));
            let site = Value::from_serializable(&site_view(&loc, look));
            let mut map = site.into_map().unwrap_or_default();
            map.insert("languages".into(), Value::from_serializable(&languages));
            Value::from(map)
        })
        .collect()
}

fn site_view<'l>(loc: &Locale<'l>, look: &Look) -> SiteView<'l> {
    let library = loc.library;
    let config = &library.config;
    let base = &config.base;
    let language = loc.language();
    let link = |title: String, path: &str| Link {
        title,
        url: base.url_path(path),
    };
    let mut nav = vec![link(loc.t("nav_briefs"), &routes::archive(language))];
    nav.extend(library.taxonomies.iter().map(|t| {
        link(
            loc.taxonomy_title(&t.def),
            &routes::taxonomy(language, &t.def.name),
        )
    }));
    // Series before topics and authors, as readers of an institute's site look for them.
    nav.swap(1, 3);
    nav.extend(
        library
            .pages
            .iter()
            .filter(|p| p.lang == loc.lang)
            .map(|p| link(p.title.clone(), &routes::page(p))),
    );
    let taxonomy_url =
        |t: TaxonomyId| base.url_path(&routes::taxonomy(language, &config.taxonomy(t).name));
    SiteView {
        title: &language.title,
        description: &language.description,
        language: &language.code,
        base_url: base.url(),
        base_path: base.path(),
        publisher: &config.publisher,
        nav,
        taxonomies: config
            .taxonomies
            .iter()
            .map(|def| TaxonomyView::new(def, loc))
            .collect(),
        urls: SiteUrls {
            home: base.url_path(&routes::home(language)),
            authors: taxonomy_url(TaxonomyId::AUTHORS),
            topics: taxonomy_url(TaxonomyId::TOPICS),
            series: taxonomy_url(TaxonomyId::SERIES),
            archive: base.url_path(&routes::archive(language)),
            stylesheet: look.stylesheet.clone(),
            print_stylesheet: base.url_path(routes::PRINT_STYLESHEET),
            extra_stylesheets: look.extra_stylesheets.clone(),
            feed: base.url_path(&routes::feed(&routes::home(language))),
            sitemap: base.permalink(routes::SITEMAP),
            catalogue_bibtex: base.url_path(routes::CATALOGUE_BIBTEX),
            catalogue_ris: base.url_path(routes::CATALOGUE_RIS),
            catalogue_csl_json: base.url_path(routes::CATALOGUE_CSL_JSON),
            search: config
                .search
                .active()
                .then(|| base.url_path(&routes::search(language))),
        },
        extra: &config.extra.0,
        generator: format!("Dossier {}", env!("CARGO_PKG_VERSION")),
        favicon: look.favicon.clone(),
        credit: look.credit,
        pagination: config.pagination,
    }
}
