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

/// A language of the site, for a language menu: `code`, `name` (in itself) and `url` of its
/// home page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LanguageLink {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) url: String,
}

/// `site` for every language, in `Config::languages` order.
pub(crate) fn site_values(library: &Library, strings: &Strings) -> Vec<Value> {
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
            let site = Value::from_serializable(&site_view(&loc));
            let mut map = site.into_map().unwrap_or_default();
            map.insert("languages".into(), Value::from_serializable(&languages));
            Value::from(map)
        })
        .collect()
}

fn site_view<'l>(loc: &Locale<'l>) -> SiteView<'l> {
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
            &routes::taxonomy(language, &t.def),
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
        |t: TaxonomyId| base.url_path(&routes::taxonomy(language, config.taxonomy(t)));
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
            stylesheet: base.url_path(routes::STYLESHEET),
            print_stylesheet: base.url_path(routes::PRINT_STYLESHEET),
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
        extra: &config.extra,
        generator: format!("Dossier {}", env!("CARGO_PKG_VERSION")),
        pagination: config.pagination,
    }
}
