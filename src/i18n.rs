//! Interface strings: every word the theme shows comes from `i18n/{lang}.toml` files (the
//! built-in theme's, the theme's, then the site's, key by key), looked up by one function,
//! `t(key="…")` in templates and [`Strings::text`] in Rust. A key missing from a language
//! falls back to the default language's, and then to English, which the built-in theme always
//! has, with a warning.

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::lang::{self, LangId};
use crate::theme::Theme;

/// One string: a text, or one text per plural category (`one`, `few`, `many`, `other`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

/// What fills a `{name}` of a sentence written as HTML ([`Strings::html`]).
pub(crate) enum Fill {
    /// Text, escaped as the sentence is.
    Text(String),
    /// HTML made elsewhere (a link), put in as it is.
    Html(String),
}

/// Every language's strings, in `Config::languages` order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    /// Tags, in `Config::languages` order.
    codes: Vec<String>,
    /// For each language, its strings.
    entries: Vec<HashMap<String, Entry>>,
    /// The English strings, for keys the default language lacks (a site whose default
    /// language the theme has no file for).
    english: HashMap<String, Entry>,
    /// For each language, its plural rules, made once.
    plurals: Vec<lang::Plurals>,
    /// For each language, every plain text it shows (its own or a fallback's) as a template
    /// value: what `t(key="…")` gives with no other argument, looked up instead of made on
    /// each of the hundreds of thousands of calls a large site's templates make.
    plain: Vec<HashMap<String, tera::Value>>,
}

/// The language every theme has strings in: the built-in theme's.
const ENGLISH: &str = "en";

/// Every layer of one language's strings, lowest priority first, read into one table.
fn layered(theme: &Theme, code: &str, problems: &mut Vec<Diagnostic>) -> HashMap<String, Entry> {
    let mut entries = HashMap::new();
    for file in theme.i18n.get(code).map(Vec::as_slice).unwrap_or_default() {
        entries.extend(read_file(&file.text, &file.origin, problems));
    }
    entries
}

/// Reads one strings file; a bad one is reported and gives nothing.
fn read_file(
    text: &str,
    origin: &std::path::Path,
    problems: &mut Vec<Diagnostic>,
) -> HashMap<String, Entry> {
    let table: toml::Table = match text.parse() {
        Ok(table) => table,
        Err(e) => {
            problems.push(
                Diagnostic::error(
                    origin,
                    format!("cannot read the strings file: {}", e.message()),
                )
                .with_hint(
                    "each line is `key = \"text\"`, or `key = { one = \"…\", other = \"…\" }`",
                ),
            );
            return HashMap::new();
        }
    };
    let mut entries = HashMap::new();
    for (key, value) in table {
        let entry = match value {
            toml::Value::String(text) => Entry::Text(text),
            toml::Value::Table(forms) => Entry::Plural(
                forms
                    .into_iter()
                    .filter_map(|(form, text)| Some((form, text.as_str()?.to_string())))
                    .collect(),
            ),
            _ => {
                problems.push(
                    Diagnostic::error(
                        origin,
                        format!("`{key}` must be text or a table of plural forms"),
                    )
                    .with_hint("write `key = \"text\"`"),
                );
                continue;
            }
        };
        entries.insert(key, entry);
    }
    entries
}

impl Strings {
    /// Layers each language's files; returns the strings and the problems: unreadable files
    /// (errors), a language with no strings, and keys a language lacks (warnings).
    pub(crate) fn load(config: &Config, theme: &Theme) -> (Strings, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut strings = Strings::default();
        for language in &config.languages {
            let entries = layered(theme, &language.code, &mut problems);
            strings.codes.push(language.code.clone());
            strings.entries.push(entries);
        }
        if !strings.codes.iter().any(|c| c == ENGLISH) {
            // Its problems are English's, reported if English is one of the site's languages.
            strings.english = layered(theme, ENGLISH, &mut Vec::new());
        }
        strings.report_gaps(config, theme, &mut problems);
        strings.prepare();
        (strings, problems)
    }

    /// Works out once what every lookup would otherwise work out again: each language's
    /// plural rules and plain texts.
    fn prepare(&mut self) {
        self.plurals = self.codes.iter().map(|c| lang::Plurals::new(c)).collect();
        self.plain = (0..self.codes.len())
            .map(|i| {
                let lang = LangId::of(i);
                let keys = self.entries[i]
                    .keys()
                    .chain(self.entries[0].keys())
                    .chain(self.english_entries().keys());
                keys.filter_map(|key| match self.entry(lang, key)? {
                    Entry::Text(text) => Some((key.clone(), tera::Value::from(text.as_str()))),
                    Entry::Plural(_) => None,
                })
                .collect()
            })
            .collect();
    }

    /// Whether the site has a single language: then every page is in the default language.
    pub(crate) fn is_single(&self) -> bool {
        self.codes.len() < 2
    }

    /// The plain text of `key` in a language, as a template value, when it is one (not a
    /// table of plural forms, not a key no file has): `text(lang, key, None, &[])`, made once.
    pub(crate) fn plain_value(&self, lang: LangId, key: &str) -> Option<&tera::Value> {
        self.plain.get(lang.index())?.get(key)
    }

    /// Warns about languages without strings and keys missing from a language.
    fn report_gaps(&self, config: &Config, theme: &Theme, problems: &mut Vec<Diagnostic>) {
        let Some(default) = self.entries.first() else {
            return;
        };
        let english = self.english_entries();
        for (i, language) in config.languages.iter().enumerate() {
            if language.code == ENGLISH {
                continue;
            }
            // Whose text a key this language lacks shows: the default language's, else English.
            let fallback = |key: &str| {
                if i > 0 && default.contains_key(key) {
                    config.language.as_str()
                } else {
                    ENGLISH
                }
            };
            let Some(file) = theme.i18n.get(&language.code).and_then(|f| f.last()) else {
                let used = if i > 0 && !default.is_empty() {
                    config.language.as_str()
                } else {
                    ENGLISH
                };
                problems.push(
                    Diagnostic::warning(
                        "site.toml",
                        format!(
                            "no interface strings for `{}`: its pages use the `{used}` ones",
                            language.code
                        ),
                    )
                    .with_hint(format!(
                        "add i18n/{}.toml with the theme's keys translated",
                        language.code
                    )),
                );
                continue;
            };
            let mut missing: Vec<&String> = english.keys().collect();
            if i > 0 {
                missing.extend(default.keys());
            }
            missing.retain(|k| !self.entries[i].contains_key(*k));
            missing.sort();
            missing.dedup();
            for key in missing {
                problems.push(
                    Diagnostic::warning(
                        &file.origin,
                        format!(
                            "`{key}` has no `{}` text: the `{}` text is used",
                            language.code,
                            fallback(key)
                        ),
                    )
                    .with_hint(format!(
                        "add `{key} = \"…\"` to i18n/{}.toml",
                        language.code
                    )),
                );
            }
        }
    }

    /// The English strings: the site's, when English is one of its languages, else the theme's.
    fn english_entries(&self) -> &HashMap<String, Entry> {
        self.codes
            .iter()
            .position(|c| c == ENGLISH)
            .and_then(|i| self.entries.get(i))
            .unwrap_or(&self.english)
    }

    /// The id of a language tag among these strings; the default language for any other.
    pub(crate) fn lang_of(&self, code: &str) -> LangId {
        self.codes
            .iter()
            .position(|c| c == code)
            .map_or(LangId::DEFAULT, LangId::of)
    }

    /// A string in a language, falling back to the default language, then to English.
    fn entry(&self, lang: LangId, key: &str) -> Option<&Entry> {
        self.entries
            .get(lang.index())
            .and_then(|e| e.get(key))
            .or_else(|| self.entries.first().and_then(|e| e.get(key)))
            .or_else(|| self.english_entries().get(key))
    }

    /// A language's name in itself, for a language switch: its own `language_name`, else the
    /// name its locale gives (never the default language's or English's name, which would
    /// mislabel it).
    pub(crate) fn language_name(&self, lang: LangId) -> String {
        let own = self
            .entries
            .get(lang.index())
            .and_then(|e| e.get("language_name"));
        match own {
            Some(Entry::Text(name)) => name.clone(),
            _ => lang::native_name(self.codes.get(lang.index()).map_or("", String::as_str)),
        }
    }

    /// A plain string in a language (or the default language, or English), if any file has it.
    pub(crate) fn get(&self, lang: LangId, key: &str) -> Option<String> {
        match self.entry(lang, key)? {
            Entry::Text(text) => Some(text.clone()),
            Entry::Plural(forms) => forms.get("other").cloned(),
        }
    }

    /// Every plural form of `key` in a language, by CLDR category (`one`, `few`, `many`,
    /// `other`), for a script that picks one with `Intl.PluralRules`; a plain text is the
    /// `other` form.
    pub(crate) fn forms(&self, lang: LangId, key: &str) -> BTreeMap<String, String> {
        match self.entry(lang, key) {
            Some(Entry::Plural(forms)) => forms.clone(),
            Some(Entry::Text(text)) => BTreeMap::from([("other".to_string(), text.clone())]),
            None => BTreeMap::from([("other".to_string(), key.to_string())]),
        }
    }

    /// The text of `key` in a language, with `{n}` and the other `{name}`s replaced; with `n`,
    /// the plural form the language uses for it. A key no file has gives itself, so that a
    /// missing string shows on the page rather than breaking it.
    pub(crate) fn text(
        &self,
        lang: LangId,
        key: &str,
        n: Option<u64>,
        args: &[(&str, String)],
    ) -> String {
        let template = match self.entry(lang, key) {
            Some(Entry::Text(text)) => text.clone(),
            Some(Entry::Plural(forms)) => {
                let n = n.unwrap_or(0);
                let category = match self.plurals.get(lang.index()) {
                    Some(plurals) => plurals.category(n),
                    None => lang::plural_category(n, ENGLISH),
                };
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .cloned()
                    .unwrap_or_default()
            }
            None => key.to_string(),
        };
        let text = match n {
            Some(n) => template.replace("{n}", &n.to_string()),
            None => template,
        };
        fill(text, args)
    }

    /// The text of `key` as HTML, for a sentence that holds links: the text is escaped with
    /// `escape` around its fills, each [`Fill::Html`] goes in as it is and each [`Fill::Text`]
    /// escaped; `n` as for [`Self::text`].
    pub(crate) fn html(
        &self,
        (lang, key, n): (LangId, &str, Option<u64>),
        fills: &[(&str, Fill)],
        escape: impl Fn(&str) -> String,
    ) -> String {
        let mut html = escape(&self.text(lang, key, n, &[]));
        for (name, fill) in fills {
            let value = match fill {
                Fill::Html(html) => html.clone(),
                Fill::Text(text) => escape(text),
            };
            html = html.replace(&format!("{{{name}}}"), &value);
        }
        html
    }

    /// A fingerprint of every string, for what every page shows.
    pub(crate) fn fingerprint(&self, hasher: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        self.codes.hash(hasher);
        for entries in self.entries.iter().chain([&self.english]) {
            let mut keys: Vec<(&String, &Entry)> = entries.iter().collect();
            keys.sort_by_key(|(k, _)| *k);
            keys.hash(hasher);
        }
    }
}

/// Fills each `{name}` of a string's text with its value.
pub(crate) fn fill(mut text: String, args: &[(&str, String)]) -> String {
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
impl Strings {
    /// Strings from `(tag, file text)` pairs, the default language first.
    pub(crate) fn from_texts(files: &[(&str, &str)]) -> Strings {
        let mut problems = Vec::new();
        let mut strings = Strings::default();
        for (code, text) in files {
            let origin = std::path::PathBuf::from(format!("i18n/{code}.toml"));
            strings.codes.push((*code).to_string());
            strings
                .entries
                .push(read_file(text, &origin, &mut problems));
        }
        assert!(problems.is_empty(), "{problems:?}");
        strings.prepare();
        strings
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::theme::DEFAULT_THEME;

    /// The languages the built-in theme ships.
    const LANGUAGES: [&str; 4] = ["en", "pl", "de", "fr"];

    /// The built-in theme's strings in one language.
    fn theme_strings(code: &str) -> HashMap<String, Entry> {
        let path = format!("i18n/{code}.toml");
        let file = DEFAULT_THEME
            .get_file(&path)
            .unwrap_or_else(|| panic!("the built-in theme has no {path}"));
        let text = file.contents_utf8().expect("UTF-8");
        let mut problems = Vec::new();
        let entries = read_file(text, std::path::Path::new(&path), &mut problems);
        assert!(problems.is_empty(), "{path}: {problems:?}");
        entries
    }

    /// The plural forms a table needs in a language: every category a whole number falls in,
    /// and `other`, which stands in for any form a table lacks.
    fn plural_forms(code: &str) -> BTreeSet<&'static str> {
        (0..=1000u64)
            .chain([10_000, 100_000, 1_000_000, 10_000_000])
            .map(|n| lang::plural_category(n, code))
            .chain(["other"])
            .collect()
    }

    #[test]
    fn every_language_of_the_theme_has_exactly_the_english_keys() {
        let en = theme_strings("en");
        for code in &LANGUAGES[1..] {
            let strings = theme_strings(code);
            let missing: BTreeSet<&String> =
                en.keys().filter(|k| !strings.contains_key(*k)).collect();
            let extra: BTreeSet<&String> =
                strings.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "i18n/{code}.toml: missing {missing:?}, not in en.toml {extra:?}"
            );
            for (key, entry) in &strings {
                let plural = |e: &Entry| matches!(e, Entry::Plural(_));
                assert_eq!(
                    plural(entry),
                    plural(&en[key]),
                    "i18n/{code}.toml: `{key}` is a table of plural forms in one language and text in the other"
                );
            }
        }
    }

    #[test]
    fn every_plural_table_has_the_forms_its_language_needs() {
        assert_eq!(
            plural_forms("pl"),
            BTreeSet::from(["one", "few", "many", "other"])
        );
        for code in LANGUAGES {
            let needed = plural_forms(code);
            for (key, entry) in theme_strings(code) {
                if let Entry::Plural(forms) = entry {
                    let given: BTreeSet<&str> = forms.keys().map(String::as_str).collect();
                    assert_eq!(given, needed, "i18n/{code}.toml: the forms of `{key}`");
                }
            }
        }
    }

    #[test]
    fn every_key_the_templates_ask_for_is_in_english() {
        let en = theme_strings("en");
        let templates = DEFAULT_THEME.get_dir("templates").expect("templates");
        let mut files: Vec<&include_dir::File<'_>> = templates.files().collect();
        for dir in templates.dirs() {
            files.extend(dir.files());
        }
        let mut asked = 0;
        for file in files {
            let text = file.contents_utf8().expect("UTF-8");
            for call in text.split("t(key=").skip(1) {
                let quote = call.chars().next().expect("a quoted key");
                let key = call[1..].split(quote).next().expect("a closing quote");
                assert!(
                    en.contains_key(key),
                    "{}: `{key}` is not in i18n/en.toml",
                    file.path().display()
                );
                asked += 1;
            }
        }
        assert!(asked > 50, "the templates ask for {asked} strings");
    }

    #[test]
    fn plural_forms_and_arguments_are_filled_in() {
        let strings = Strings::from_texts(&[
            (
                "en",
                "count = { one = \"{n} brief\", other = \"{n} briefs\" }\npage = \"page {current} of {total}\"\n",
            ),
            (
                "pl",
                "count = { one = \"{n} analiza\", few = \"{n} analizy\", many = \"{n} analiz\", other = \"{n} analizy\" }\n",
            ),
        ]);
        let (en, pl) = (LangId::DEFAULT, LangId::of(1));
        let count = |lang, n| strings.text(lang, "count", Some(n), &[]);
        assert_eq!([count(en, 1), count(en, 5)], ["1 brief", "5 briefs"]);
        assert_eq!(
            [count(pl, 1), count(pl, 2), count(pl, 5), count(pl, 22)],
            ["1 analiza", "2 analizy", "5 analiz", "22 analizy"]
        );
        let args = [("current", "2".to_string()), ("total", "5".to_string())];
        assert_eq!(strings.text(pl, "page", None, &args), "page 2 of 5");
        assert_eq!(strings.text(pl, "missing", None, &[]), "missing");
    }
}
