//! Interface strings: every word the theme shows comes from `i18n/{lang}.toml` files (the
//! built-in theme's, the theme's, then the site's, key by key), looked up by one function,
//! `t(key="…")` in templates and [`Strings::text`] in Rust. A key missing from a language
//! falls back to the default language's, with a warning.

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

/// Every language's strings, in `Config::languages` order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    /// Tags, in `Config::languages` order.
    codes: Vec<String>,
    /// For each language, its strings.
    entries: Vec<HashMap<String, Entry>>,
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
            let mut entries = HashMap::new();
            let files = theme
                .i18n
                .get(&language.code)
                .map(Vec::as_slice)
                .unwrap_or_default();
            for file in files {
                entries.extend(read_file(&file.text, &file.origin, &mut problems));
            }
            strings.codes.push(language.code.clone());
            strings.entries.push(entries);
        }
        strings.report_gaps(config, theme, &mut problems);
        (strings, problems)
    }

    /// Warns about languages without strings and keys missing from a language.
    fn report_gaps(&self, config: &Config, theme: &Theme, problems: &mut Vec<Diagnostic>) {
        let Some(default) = self.entries.first() else {
            return;
        };
        for (i, language) in config.languages.iter().enumerate().skip(1) {
            let file = theme.i18n.get(&language.code).and_then(|f| f.last());
            let Some(file) = file else {
                problems.push(
                    Diagnostic::warning(
                        "site.toml",
                        format!(
                            "no interface strings for `{}`: its pages use the default language's",
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
            let mut missing: Vec<&String> = default
                .keys()
                .filter(|k| !self.entries[i].contains_key(*k))
                .collect();
            missing.sort();
            for key in missing {
                problems.push(
                    Diagnostic::warning(
                        &file.origin,
                        format!(
                            "`{key}` has no `{}` text: the `{}` text is used",
                            language.code, config.language
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

    /// The id of a language tag among these strings; the default language for any other.
    pub(crate) fn lang_of(&self, code: &str) -> LangId {
        self.codes
            .iter()
            .position(|c| c == code)
            .map_or(LangId::DEFAULT, LangId::of)
    }

    /// A string in a language, falling back to the default language.
    fn entry(&self, lang: LangId, key: &str) -> Option<&Entry> {
        self.entries
            .get(lang.index())
            .and_then(|e| e.get(key))
            .or_else(|| self.entries.first().and_then(|e| e.get(key)))
    }

    /// A plain string in a language (or the default language), if any file has it.
    pub(crate) fn get(&self, lang: LangId, key: &str) -> Option<String> {
        match self.entry(lang, key)? {
            Entry::Text(text) => Some(text.clone()),
            Entry::Plural(forms) => forms.get("other").cloned(),
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
        let code = self.codes.get(lang.index()).map_or("en", String::as_str);
        let template = match self.entry(lang, key) {
            Some(Entry::Text(text)) => text.clone(),
            Some(Entry::Plural(forms)) => {
                let category = lang::plural_category(n.unwrap_or(0), code);
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .cloned()
                    .unwrap_or_default()
            }
            None => key.to_string(),
        };
        let mut text = match n {
            Some(n) => template.replace("{n}", &n.to_string()),
            None => template,
        };
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A fingerprint of every string, for what every page shows.
    pub(crate) fn fingerprint(&self, hasher: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        self.codes.hash(hasher);
        for entries in &self.entries {
            let mut keys: Vec<(&String, &Entry)> = entries.iter().collect();
            keys.sort_by_key(|(k, _)| *k);
            keys.hash(hasher);
        }
    }
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
        strings
    }
}

