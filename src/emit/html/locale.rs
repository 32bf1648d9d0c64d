//! One language's view of the site: its interface strings, its dates, and the addresses of
//! its listings, for everything that renders a page in that language.

use crate::config::TaxonomyDef;
use crate::content::{Library, PubDate, Term};
use crate::i18n::Strings;
use crate::lang::{LangId, Language};
use crate::routes;

use super::view::DateView;

/// A language of the site, with what rendering in it needs.
#[derive(Clone, Copy)]
pub(crate) struct Locale<'a> {
    pub(crate) library: &'a Library,
    pub(crate) strings: &'a Strings,
    pub(crate) lang: LangId,
}

impl<'a> Locale<'a> {
    pub(crate) fn new(library: &'a Library, strings: &'a Strings, lang: LangId) -> Locale<'a> {
        Locale {
            library,
            strings,
            lang,
        }
    }

    /// The language.
    pub(crate) fn language(&self) -> &'a Language {
        self.library.config.lang(self.lang)
    }

    /// An interface string.
    pub(crate) fn t(&self, key: &str) -> String {
        self.strings.text(self.lang, key, None, &[])
    }

    /// An interface string with `{name}`s filled in.
    pub(crate) fn t_with(&self, key: &str, args: &[(&str, String)]) -> String {
        self.strings.text(self.lang, key, None, args)
    }

    /// A date in the forms templates need, written as this language writes dates.
    pub(crate) fn date(&self, date: &PubDate) -> DateView {
        DateView::new(date, &self.t("date_format"), &self.language().code)
    }

    /// A taxonomy's title ("Topics") in this language: its `taxonomy_{name}` string, or the
    /// title site.toml gives.
    pub(crate) fn taxonomy_title(&self, def: &TaxonomyDef) -> String {
        self.strings
            .get(self.lang, &format!("taxonomy_{}", def.name))
            .unwrap_or_else(|| def.title.clone())
    }

    /// The label of one term ("Topic"): its `taxonomy_{name}_singular` string, or site.toml's.
    pub(crate) fn taxonomy_singular(&self, def: &TaxonomyDef) -> String {
        self.strings
            .get(self.lang, &format!("taxonomy_{}_singular", def.name))
            .unwrap_or_else(|| def.singular.clone())
    }

    /// The page of a term in this language.
    pub(crate) fn term_path(&self, def: &TaxonomyDef, term: &Term) -> String {
        routes::term(self.language(), &def.name, &term.slug)
    }
}
