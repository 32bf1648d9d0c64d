//! Languages: the site's languages as BCP 47 tags, the `NAME.pl.md` file-name convention,
//! and what each language writes differently (month names in the right grammatical form,
//! plural categories), from the glibc locale data (pure-rust-locales) and CLDR plural rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A language's position in `Config::languages`; the default language is 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct LangId(pub(crate) u8);

impl LangId {
    /// The site's default language, served at the root.
    pub(crate) const DEFAULT: LangId = LangId(0);

    pub(crate) fn index(self) -> usize {
        usize::from(self.0)
    }

    pub(crate) fn of(index: usize) -> LangId {
        LangId(u8::try_from(index).unwrap_or(u8::MAX))
    }
}

/// One language of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Language {
    /// Its BCP 47 tag, as written in site.toml and file names: `pl`, `pt-BR`.
    pub(crate) code: String,
    /// The site's title in this language.
    pub(crate) title: String,
    /// The site's description in this language.
    pub(crate) description: String,
    /// The folder its pages go in: empty for the default language, `pl/` for the others.
    pub(crate) dir: String,
}

/// Whether `tag` is a well-formed BCP 47 language tag.
pub(crate) fn is_valid_tag(tag: &str) -> bool {
    oxilangtag::LanguageTag::parse(tag).is_ok()
}

/// Splits a content file name into its stem and its language suffix: `energy.pl.md` gives
/// `("energy", Some("pl"))`, `energy.md` gives `("energy", None)`. A suffix is a language
/// when it is a well-formed language tag whose language is two or three letters, so
/// `notes.v2.md` and `report.final.md` have none.
pub(crate) fn split_suffix(file_name: &str) -> (&str, Option<&str>) {
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    match stem.rsplit_once('.') {
        Some((base, suffix))
            if !base.is_empty()
                && suffix.split('-').next().is_some_and(|l| {
                    (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic())
                })
                && suffix.len() <= 12
                && is_valid_tag(suffix) =>
        {
            (base, Some(suffix))
        }
        _ => (stem, None),
    }
}

/// The glibc locale that writes dates for a language tag: `pl` is `pl_PL`, `pt-BR` is
/// `pt_BR`, `en` is `en_GB` (day before month, as institutes in Europe write); `en_GB` for a
/// language glibc does not know.
fn locale(tag: &str) -> chrono::Locale {
    find_locale(tag).unwrap_or(chrono::Locale::en_GB)
}

/// The glibc locale of a language tag, if there is one, worked out once per tag and thread:
/// every date a page shows asks for it twice (its text and its month's name), some hundred
/// thousand times for 10,000 briefs, and working it out formats up to three names and matches
/// each against glibc's few hundred.
fn find_locale(tag: &str) -> Option<chrono::Locale> {
    type Found = Vec<(String, Option<chrono::Locale>)>;
    thread_local! {
        static FOUND: std::cell::RefCell<Found> = const { std::cell::RefCell::new(Vec::new()) };
    }
    FOUND.with_borrow_mut(|found| {
        if let Some((_, locale)) = found.iter().find(|(known, _)| known == tag) {
            return *locale;
        }
        let locale = guess_locale(tag);
        // A site has a few languages; the bound only keeps odd callers from growing it.
        if found.len() < 64 {
            found.push((tag.to_string(), locale));
        }
        locale
    })
}

/// The glibc locale of a language tag, guessed from its language and region.
fn guess_locale(tag: &str) -> Option<chrono::Locale> {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("en").to_ascii_lowercase();
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    let guesses = [
        region.map(|r| format!("{language}_{r}")),
        match language.as_str() {
            "en" => Some("en_GB".to_string()),
            "cs" => Some("cs_CZ".to_string()),
            "da" => Some("da_DK".to_string()),
            "el" => Some("el_GR".to_string()),
            "et" => Some("et_EE".to_string()),
            "sv" => Some("sv_SE".to_string()),
            "uk" => Some("uk_UA".to_string()),
            "ja" => Some("ja_JP".to_string()),
            "ko" => Some("ko_KR".to_string()),
            "zh" => Some("zh_CN".to_string()),
            "ar" => Some("ar_SA".to_string()),
            "he" => Some("he_IL".to_string()),
            "sl" => Some("sl_SI".to_string()),
            "nb" | "no" => Some("nb_NO".to_string()),
            _ => None,
        },
        Some(format!("{language}_{}", language.to_ascii_uppercase())),
    ];
    guesses
        .into_iter()
        .flatten()
        .find_map(|name| chrono::Locale::try_from(name.as_str()).ok())
}

/// A language's name in itself, as a language menu shows it: "Polski", "Čeština",
/// "Deutsch"; the tag itself for a language with no locale.
pub(crate) fn native_name(tag: &str) -> String {
    let name = find_locale(tag)
        .and_then(|locale| pure_rust_locales::locale_match!(locale => LC_ADDRESS::LANG_NAME));
    match name {
        Some(name) => capitalized(name),
        None => tag.to_string(),
    }
}

/// A name with its first letter upper-cased.
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The direction a language's text runs in, as HTML's `dir` writes it: `rtl` where CLDR's
/// character order is right-to-left (Arabic, Hebrew, Persian, Urdu, and a tag with such a
/// script, `az-Arab`), `ltr` everywhere else.
pub(crate) fn direction(tag: &str) -> &'static str {
    match tag.parse::<unic_langid::LanguageIdentifier>() {
        Ok(id) if id.character_direction() == unic_langid::CharacterDirection::RTL => "rtl",
        _ => "ltr",
    }
}

/// A language as Open Graph's `og:locale` writes it: `en_GB`, `pl_PL`, `pt_BR`.
pub(crate) fn og_locale(tag: &str) -> String {
    format!("{:?}", locale(tag))
}

/// A date as ISO 8601 (`2025-02-13`), as machines read it: sort keys, JSON-LD, sitemaps,
/// `<time datetime>`.
pub(crate) fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A date written out with a strftime pattern in a language: `%B` is the month name in the
/// form a date takes ("13 lutego 2025").
pub(crate) fn format_date(date: NaiveDate, pattern: &str, tag: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    // A pattern chrono cannot format gives the ISO date rather than a panic.
    match write!(out, "{}", date.format_localized(pattern, locale(tag))) {
        Ok(()) => out,
        Err(_) => iso_date(date),
    }
}

/// The name of a month (1–12) on its own, as a heading: the nominative where the language
/// has one ("luty", not the "lutego" of a date).
pub(crate) fn month_name(month: u32, tag: &str) -> String {
    let locale = locale(tag);
    let index = month.clamp(1, 12) as usize - 1;
    let names = pure_rust_locales::locale_match!(locale => LC_TIME::ALT_MON)
        .unwrap_or(pure_rust_locales::locale_match!(locale => LC_TIME::MON));
    capitalized(names.get(index).copied().unwrap_or_default())
}

/// The CLDR plural category of `n` in a language: `one`, `two`, `few`, `many` or `other`.
pub(crate) fn plural_category(n: u64, tag: &str) -> &'static str {
    Plurals::new(tag).category(n)
}

/// A language's CLDR plural rules, made once per language: making them parses the tag and
/// looks the rules up, which cost more than the count they pick a form for.
#[derive(Clone)]
pub(crate) struct Plurals(Option<intl_pluralrules::PluralRules>);

impl Plurals {
    /// The rules of a language tag; none for a tag CLDR has no rules for.
    pub(crate) fn new(tag: &str) -> Plurals {
        use intl_pluralrules::{PluralRuleType, PluralRules};
        let rules = tag
            .parse::<unic_langid::LanguageIdentifier>()
            .ok()
            .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok());
        Plurals(rules)
    }

    /// The category of `n`: `one`, `two`, `few`, `many` or `other` (`one` for 1 and `other`
    /// for the rest in a language without rules).
    pub(crate) fn category(&self, n: u64) -> &'static str {
        use intl_pluralrules::PluralCategory;
        let category = self.0.as_ref().and_then(|r| r.select(n).ok());
        match category {
            Some(PluralCategory::ZERO) => "zero",
            Some(PluralCategory::ONE) => "one",
            Some(PluralCategory::TWO) => "two",
            Some(PluralCategory::FEW) => "few",
            Some(PluralCategory::MANY) => "many",
            Some(PluralCategory::OTHER) => "other",
            None if n == 1 => "one",
            None => "other",
        }
    }
}

impl std::fmt::Debug for Plurals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Plurals(CLDR)"
        } else {
            "Plurals(none)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_name_languages() {
        assert_eq!(split_suffix("energy.pl.md"), ("energy", Some("pl")));
        assert_eq!(split_suffix("index.pt-BR.md"), ("index", Some("pt-BR")));
        assert_eq!(split_suffix("energy.md"), ("energy", None));
        assert_eq!(split_suffix("notes.v2.md"), ("notes.v2", None));
        assert_eq!(split_suffix("report.final.md"), ("report.final", None));
        assert_eq!(split_suffix("2025-02-13-x.md"), ("2025-02-13-x", None));
        assert!(!is_valid_tag("English (UK)"));
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        let day = NaiveDate::from_ymd_opt(2025, 2, 13).unwrap();
        assert_eq!(format_date(day, "%-d %B %Y", "en"), "13 February 2025");
        assert_eq!(format_date(day, "%-d %B %Y", "pl"), "13 lutego 2025");
        assert_eq!(format_date(day, "%-d. %B %Y", "de"), "13. Februar 2025");
        assert_eq!(format_date(day, "%-d %B %Y", "fr"), "13 février 2025");
        assert_eq!(month_name(2, "pl"), "Luty");
        assert_eq!(month_name(2, "en"), "February");
        assert_eq!(format_date(day, "%Q", "en"), "2025-02-13");
        assert_eq!(og_locale("pl"), "pl_PL");
        assert_eq!(og_locale("pt-BR"), "pt_BR");
    }

    #[test]
    fn languages_are_named_in_themselves() {
        assert_eq!(native_name("pl"), "Polski");
        assert_eq!(native_name("cs"), "Čeština");
        assert_eq!(native_name("de"), "Deutsch");
        assert_eq!(native_name("pt-BR"), "Português");
        assert_eq!(native_name("x-klingon"), "x-klingon");
    }

    #[test]
    fn polish_has_three_plural_forms() {
        let forms: Vec<&str> = [1, 2, 5, 22, 25]
            .iter()
            .map(|&n| plural_category(n, "pl"))
            .collect();
        assert_eq!(forms, ["one", "few", "many", "few", "many"]);
        assert_eq!(plural_category(1, "en"), "one");
        assert_eq!(plural_category(3, "en"), "other");
    }

    #[test]
    fn direction_follows_cldrs_character_order() {
        for tag in ["ar", "he", "fa", "ur", "ar-EG", "az-Arab", "yi"] {
            assert_eq!(direction(tag), "rtl", "{tag}");
        }
        for tag in ["en", "pl", "ja", "az", "az-Latn", "tr", "not a tag"] {
            assert_eq!(direction(tag), "ltr", "{tag}");
        }
    }
}

/// A language's quotation marks, as the CSL locale files have them (`open-quote`,
/// `close-quote`, `open-inner-quote`, `close-inner-quote`): what citation processors print
/// for the straight quotes of a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quotes {
    pub(crate) open: &'static str,
    pub(crate) close: &'static str,
    pub(crate) inner_open: &'static str,
    pub(crate) inner_close: &'static str,
}

impl Quotes {
    /// The quotation marks of a language, by its primary subtag, from the CSL locales
    /// (`locales-de-DE.xml`, `locales-pl-PL.xml`…); English's for a language not listed.
    pub(crate) fn of(tag: &str) -> Quotes {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        let (open, close, inner_open, inner_close) = match primary.to_ascii_lowercase().as_str() {
            "de" | "cs" | "sk" | "sl" | "lt" | "is" => ("„", "“", "‚", "‘"),
            "pl" | "hu" | "ro" | "hr" | "bg" => ("„", "”", "«", "»"),
            "nl" => ("“", "”", "‘", "’"),
            "fr" => ("«\u{a0}", "\u{a0}»", "“", "”"),
            "es" | "it" | "pt" | "ca" | "ru" | "uk" | "el" => ("«", "»", "“", "”"),
            "sv" | "fi" => ("”", "”", "’", "’"),
            _ => ("“", "”", "‘", "’"),
        };
        Quotes {
            open,
            close,
            inner_open,
            inner_close,
        }
    }

    /// `text` with its straight quotes made typographic, as citeproc-js prints a title: `"`
    /// opens after a space or at the start and closes otherwise; `'` between letters is an
    /// apostrophe (’), and otherwise an inner quote.
    pub(crate) fn typographic(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let chars: Vec<char> = text.chars().collect();
        let mut inner_open = false;
        for (i, &c) in chars.iter().enumerate() {
            let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let after = chars.get(i + 1).copied();
            let opens = before.is_none_or(|b| b.is_whitespace() || "([{-–—/".contains(b));
            match c {
                '"' => out.push_str(if opens { self.open } else { self.close }),
                '\'' if before.is_some_and(char::is_alphanumeric)
                    && (after.is_some_and(char::is_alphanumeric) || !inner_open) =>
                {
                    out.push('’');
                }
                '\'' if opens => {
                    inner_open = true;
                    out.push_str(self.inner_open);
                }
                '\'' => {
                    inner_open = false;
                    out.push_str(self.inner_close);
                }
                c => out.push(c),
            }
        }
        out
    }
}

#[cfg(test)]
mod quote_tests {
    use super::Quotes;

    #[test]
    fn titles_get_the_quotes_csl_processors_print() {
        let title = "\"Ending\" the War: Europe's 'Last' Chance";
        assert_eq!(
            Quotes::of("en-GB").typographic(title),
            "“Ending” the War: Europe’s ‘Last’ Chance"
        );
        assert_eq!(
            Quotes::of("de").typographic(title),
            "„Ending“ the War: Europe’s ‚Last‘ Chance"
        );
        assert_eq!(
            Quotes::of("pl").typographic("\"Koniec\" wojny"),
            "„Koniec” wojny"
        );
        assert_eq!(Quotes::of("en").typographic("rock'n'roll"), "rock’n’roll");
    }
}
