//! The TOML toolkit every file type's schema is read with: a TOML document placed in its file
//! (for line numbers), the keys each table may hold (an unknown key is reported with a
//! suggestion), and plain-words messages for TOML's own errors. It sits below both the
//! settings (`site.toml`) and the content (front matter), which read their files through it.

mod brief;
mod plain;
mod shape;

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, line_col};

pub(crate) use brief::{RawBrief, brief_keys};
pub(crate) use plain::value_message;
pub(crate) use shape::Shape;

/// The line of each key a file sets, by its dotted name (`publisher.logo`), kept when the file
/// is read so that checks made later point at the key without reading the file again.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct KeyLines(Vec<(String, usize)>);

impl KeyLines {
    /// The line (1-based) of a key, or 1 (the file's first line, or the front matter's opening
    /// fence) when the file does not set it.
    pub(crate) fn line(&self, key: &str) -> usize {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, line)| *line)
    }

    /// Whether the file sets the key.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }
}

/// Places are for messages, not content: a line moved by a comment changes no output, so it
/// must change no fingerprint of the settings they are kept with.
impl std::hash::Hash for KeyLines {
    fn hash<H: std::hash::Hasher>(&self, _state: &mut H) {}
}

/// A TOML document inside a file: where it starts in the file, for line numbers.
pub(crate) struct TomlSource<'a> {
    pub(crate) path: &'a Path,
    /// The whole file, for line numbers.
    pub(crate) file_text: &'a str,
    /// The TOML to parse.
    pub(crate) toml: &'a str,
    /// Byte offset of `toml` in `file_text`.
    pub(crate) offset: usize,
}

impl<'a> TomlSource<'a> {
    /// Parses and deserializes the TOML into `T`, reporting syntax errors, unknown keys (with
    /// a suggestion) and type errors, each at its line in the file. The keys allowed are
    /// `T`'s fields, nested tables included ([`Shape::of`]).
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Vec<Diagnostic>> {
        self.parse_as(&Shape::of::<T>(), &[])
            .map(|(value, _)| value)
    }

    /// Like [`TomlSource::parse`], with more top-level keys allowed than `T`'s fields, and
    /// also returns the parsed table, for those keys read by name (a brief's taxonomies).
    pub(crate) fn parse_table<T: DeserializeOwned>(
        &self,
        more_keys: &[&str],
    ) -> Result<(T, DeTable<'a>), Vec<Diagnostic>> {
        self.parse_as(&Shape::of::<T>(), more_keys)
    }

    /// Parses against a shape given by the caller: for a file whose keys depend on the site
    /// (a profile holds the fields its taxonomy allows).
    pub(crate) fn parse_as<T: DeserializeOwned>(
        &self,
        shape: &Shape,
        more_keys: &[&str],
    ) -> Result<(T, DeTable<'a>), Vec<Diagnostic>> {
        let (table, syntax_errors) = DeTable::parse_recoverable(self.toml);
        if !syntax_errors.is_empty() {
            return Err(syntax_errors
                .iter()
                .map(|e| {
                    let message = e.message().trim();
                    let line = e.span().map_or("", |span| {
                        let start = self.toml[..span.start.min(self.toml.len())]
                            .rfind('\n')
                            .map_or(0, |i| i + 1);
                        self.toml[start..].lines().next().unwrap_or_default()
                    });
                    match plain::syntax_message(message, line) {
                        Some((plain, hint)) => self.diagnostic(&plain, e.span()).with_hint(hint),
                        None => self.diagnostic(message, e.span()),
                    }
                })
                .collect());
        }
        let mut problems = Vec::new();
        let keys = Keys {
            shape,
            more: more_keys,
        };
        check_keys(table.get_ref(), keys, "", &mut |span, message, hint| {
            problems.push(self.diagnostic(&message, Some(span)).with_hint(hint));
        });
        check_strings(table.get_ref(), &mut |span, c| {
            let problem = crate::error::control_character(self.path, c);
            problems.push(
                self.diagnostic(&problem.message, Some(span))
                    .with_hint(problem.hint.unwrap_or_default()),
            );
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        let kept = table.get_ref().clone();
        T::deserialize(toml::de::Deserializer::from(table))
            .map_err(|e| {
                let message = e.message().trim();
                let key = e.span().and_then(|span| plain::key_at(&kept, span.start));
                vec![match plain::value_message(message, key.as_deref()) {
                    Some((plain, hint)) => self.diagnostic(&plain, e.span()).with_hint(hint),
                    None => self.diagnostic(message, e.span()),
                }]
            })
            .map(|value| (value, kept))
    }

    /// The line of each key of the table that `keep` wants, and of the keys of the tables it
    /// holds (`publisher.logo`).
    pub(crate) fn key_lines(&self, table: &DeTable<'_>, keep: &dyn Fn(&str) -> bool) -> KeyLines {
        let lines = crate::error::LineIndex::new(self.file_text);
        let line = |span: Range<usize>| lines.line_col(self.offset + span.start).0;
        let mut found = Vec::new();
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            if keep(name) {
                found.push((name.to_string(), line(key.span())));
            }
            if let DeValue::Table(inner) = value.get_ref() {
                for (nested, _) in inner.iter() {
                    let dotted = format!("{name}.{}", nested.get_ref());
                    if keep(&dotted) {
                        found.push((dotted, line(nested.span())));
                    }
                }
            }
        }
        KeyLines(found)
    }

    /// Where a key is set, in whatever table: the first line that starts with it, for values
    /// checked after they are read (which keep no place).
    pub(crate) fn key_span(&self, key: &str) -> Option<Range<usize>> {
        let mut offset = 0;
        for line in self.toml.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                let start = offset + line.len() - trimmed.len();
                return Some(start..start + key.len());
            }
            offset += line.len();
        }
        None
    }

    /// An error at the line of `key = …` (or at the front matter's start, when the key is not
    /// written out).
    pub(crate) fn at_key(&self, key: &str, message: &str) -> Diagnostic {
        self.diagnostic(message, self.key_span(key))
    }

    /// A diagnostic at a byte span of the TOML, placed on the file's own line.
    pub(crate) fn diagnostic(&self, message: &str, span: Option<Range<usize>>) -> Diagnostic {
        let (line, col) = match span {
            Some(span) => line_col(self.file_text, self.offset + span.start),
            // No span: point at the line before the TOML (the opening fence), or line 1.
            None => line_col(self.file_text, self.offset.saturating_sub(1)),
        };
        Diagnostic::error(self.path, message).at(line, col)
    }
}

/// Finds control characters written as escapes (`"\u0002"`) in every key and string, which the
/// check of the file's raw text cannot see.
fn check_strings(table: &DeTable<'_>, report: &mut dyn FnMut(Range<usize>, char)) {
    fn value(item: &toml::Spanned<DeValue<'_>>, report: &mut dyn FnMut(Range<usize>, char)) {
        match item.get_ref() {
            DeValue::String(text) => {
                if let Some(c) = text.chars().find(|c| crate::text::is_forbidden(*c)) {
                    report(item.span(), c);
                }
            }
            DeValue::Array(items) => items.iter().for_each(|item| value(item, report)),
            DeValue::Table(inner) => check_strings(inner, report),
            _ => {}
        }
    }
    for (key, item) in table.iter() {
        if let Some(c) = key
            .get_ref()
            .chars()
            .find(|c| crate::text::is_forbidden(*c))
        {
            report(key.span(), c);
        }
        value(item, report);
    }
}

/// Receives each unknown key's span, message and hint.
type KeyReport<'r> = dyn FnMut(Range<usize>, String, String) + 'r;

/// A table's allowed keys: its shape's, and at the top, the caller's more.
#[derive(Clone, Copy)]
struct Keys<'s> {
    shape: &'s Shape,
    more: &'s [&'s str],
}

impl<'s> Keys<'s> {
    fn nested(shape: &'s Shape) -> Self {
        Keys { shape, more: &[] }
    }
}

fn check_keys(table: &DeTable<'_>, keys: Keys<'_>, prefix: &str, report: &mut KeyReport<'_>) {
    let Shape::Table(fields) = keys.shape else {
        return;
    };
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let Some((_, shape)) = fields.iter().find(|(field, _)| *field == name) else {
            if !keys.more.contains(&name) {
                let known: Vec<&str> = keys
                    .shape
                    .keys()
                    .into_iter()
                    .chain(keys.more.iter().copied())
                    .collect();
                report(
                    key.span(),
                    unknown_key(prefix, name, &known),
                    known_keys_hint(&known),
                );
            }
            continue;
        };
        let within = || format!("{prefix}{name}.");
        match (shape, value.get_ref()) {
            (Shape::Table(_), DeValue::Table(inner)) => {
                check_keys(inner, Keys::nested(shape), &within(), report);
            }
            (Shape::ArrayOf(each), DeValue::Array(items)) => {
                for item in items.iter() {
                    if let DeValue::Table(inner) = item.get_ref() {
                        check_keys(inner, Keys::nested(each), &within(), report);
                    }
                }
            }
            (Shape::MapOf(each), DeValue::Table(entries)) => {
                for (entry, inner) in entries.iter() {
                    if let DeValue::Table(inner) = inner.get_ref() {
                        let prefix = format!("{}{}.", within(), entry.get_ref());
                        check_keys(inner, Keys::nested(each), &prefix, report);
                    }
                }
            }
            _ => {}
        }
    }
}

/// "unknown field", with the known one it was likely meant to be.
fn unknown_key(prefix: &str, name: &str, known: &[&str]) -> String {
    match suggest(name, known) {
        Some(close) => format!("unknown field `{prefix}{name}`, did you mean `{prefix}{close}`?"),
        None => format!("unknown field `{prefix}{name}`"),
    }
}

fn known_keys_hint(known: &[&str]) -> String {
    if known.contains(&"extra") {
        format!(
            "known fields: {}; free data goes in `[extra]`",
            known.join(", ")
        )
    } else {
        format!("known fields: {}", known.join(", "))
    }
}

/// The known name closest to a misspelled one, if any is close enough to be a likely typo.
pub(crate) fn suggest<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (*k, strsim::jaro_winkler(unknown, k)))
        .filter(|(_, score)| *score > 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}
