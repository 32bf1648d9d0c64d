//! What the card's layout receives (`data` in `card.typ`), as JSON: the facts the card shows
//! and nothing else, so that its text is also the card's fingerprint. A brief's come from the
//! PDF's data (one place knows each label and date format); the site's from `site.toml`.

use serde::Serialize;

use crate::content::{BriefId, Library};
use crate::emit::pdf::{self, BriefData};
use crate::i18n::Strings;
use crate::lang::LangId;
use crate::routes;
use crate::theme::Theme;

/// `data` in `card.typ`.
#[derive(Debug, Serialize)]
pub(super) struct CardData {
    /// `brief` or `site`.
    kind: &'static str,
    /// The card's language tag.
    pub(super) language: String,
    pub(super) title: String,
    /// The site's description, on a site card.
    description: String,
    series: Option<String>,
    number_label: Option<String>,
    authors: Vec<String>,
    /// The date as the brief's page writes it, on a brief's card.
    date: Option<String>,
    publisher: Publisher,
    /// The site's title in the card's language.
    site: String,
    /// The page's address.
    url: String,
}

#[derive(Debug, Serialize)]
struct Publisher {
    name: String,
    /// The logo's path in the world, when it is an SVG or PNG among the static files.
    logo: Option<String>,
}

impl CardData {
    /// A brief's card, from what its PDF shows.
    pub(super) fn brief(
        library: &Library,
        id: BriefId,
        theme: &Theme,
        strings: &Strings,
    ) -> CardData {
        let data = BriefData::new(library, id, theme, strings);
        let lang = library.config.lang(library.brief(id).lang);
        CardData {
            kind: "brief",
            language: data.language,
            title: data.title,
            description: String::new(),
            series: data.series.map(|s| s.name.to_string()),
            number_label: data.number_label,
            authors: data.authors.iter().map(|a| a.name.to_string()).collect(),
            date: Some(data.date.text),
            publisher: Publisher {
                name: data.publisher.name.to_string(),
                logo: data.publisher.logo,
            },
            site: lang.title.clone(),
            url: data.url,
        }
    }

    /// The site's card in a language: its title and description.
    pub(super) fn site(library: &Library, lang: LangId, theme: &Theme) -> CardData {
        let config = &library.config;
        let language = config.lang(lang);
        CardData {
            kind: "site",
            language: language.code.clone(),
            title: language.title.clone(),
            description: language.description.clone(),
            series: None,
            number_label: None,
            authors: Vec::new(),
            date: None,
            publisher: Publisher {
                name: config.publisher.name.clone(),
                logo: pdf::logo(config.publisher.logo.as_deref(), theme),
            },
            site: language.title.clone(),
            url: config.base.permalink(&routes::home(language)),
        }
    }
}
