//! Splitting a Markdown file into its `+++` TOML front matter and body, and reading TOML with
//! errors that point at the file's own lines.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, line_col};

const FENCE: &str = "+++";
/// The fence of YAML front matter.
const YAML_FENCE: &str = "---";

/// A Markdown file cut at its front-matter fences.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// The TOML between the fences; for YAML front matter, its TOML, line for line.
    pub(crate) front_matter: Cow<'a, str>,
    /// For YAML front matter: the file with its YAML replaced by that TOML (the same lines), to
    /// place the TOML's spans at the file's lines.
    pub(crate) file_as_toml: Option<String>,
    /// Byte offset of the front matter in the file, for line numbers.
    pub(crate) front_matter_offset: usize,
    /// The Markdown after the closing fence.
    pub(crate) body: &'a str,
    /// Byte offset of the body in the file, for line numbers.
    pub(crate) body_offset: usize,
}

impl Split<'_> {
    /// The front matter as TOML to parse, placed in `file_text` (the whole file at `path`).
    pub(crate) fn toml_source<'s>(&'s self, path: &'s Path, file_text: &'s str) -> TomlSource<'s> {
        TomlSource {
            path,
            file_text: self.file_text(file_text),
            toml: &self.front_matter,
            offset: self.front_matter_offset,
        }
    }

    /// The text that the front matter's spans are offsets into: the file's own, or for YAML the
    /// file with its front matter as TOML.
    pub(crate) fn file_text<'s>(&'s self, file_text: &'s str) -> &'s str {
        self.file_as_toml.as_deref().unwrap_or(file_text)
    }
}

/// Cuts `text` at its `+++` (TOML) or `---` (YAML) fences, or says what is wrong with them.
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Vec<Diagnostic>> {
    split_one(path, text)
        .map_err(|d| vec![d])?
        .read_yaml(path, text)
}

/// A front matter between `fence` lines, or the error.
fn split_one<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let original_len = text.len();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Offsets are into the file as read, byte-order mark included.
    let bom_len = original_len - text.len();
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty")
            .with_hint("start it with `+++`, the front matter (at least `title`), and `+++`"));
    }
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let fence = text[..first_line_end].trim_end();
    if fence != FENCE && fence != YAML_FENCE {
        return Err(
            Diagnostic::error(path, "the file does not start with front matter")
                .with_hint("put a `+++` line at the very top, the TOML front matter, then a closing `+++` line (or YAML between `---` lines)"),
        );
    }
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Ok(Split {
                front_matter: Cow::Borrowed(&text[first_line_end..offset]),
                file_as_toml: (fence == YAML_FENCE).then(String::new),
                front_matter_offset: first_line_end + bom_len,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len() + bom_len,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        format!("the front matter opened with `{fence}` is never closed"),
    )
    .with_hint(format!(
        "add a line with only `{fence}` after the last front-matter key"
    )))
}

impl<'a> Split<'a> {
    /// For YAML front matter (marked by an empty `file_as_toml`), its TOML, line for line.
    fn read_yaml(mut self, path: &Path, text: &str) -> Result<Split<'a>, Vec<Diagnostic>> {
        if self.file_as_toml.is_none() {
            return Ok(self);
        }
        let start = self.front_matter_offset;
        let end = start + self.front_matter.len();
        // The file's line of the YAML's first line: the line after the opening fence.
        let first_line = text[..start.min(text.len())].matches('\n').count() + 1;
        let toml = super::yaml::to_toml(path, &self.front_matter, first_line)?;
        let mut file = String::with_capacity(text.len());
        file.push_str(text.get(..start).unwrap_or_default());
        file.push_str(&toml);
        file.push_str(text.get(end..).unwrap_or_default());
        self.file_as_toml = Some(file);
        self.front_matter = Cow::Owned(toml);
        Ok(self)
    }
}

/// The line (1-based) where a key is first set in a file's text, for values checked after the
/// file is read; the opening line when it is not found.
pub(crate) fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
        .map_or(1, |i| i + 1)
}

/// The keys a TOML table may hold, so that a misspelled one is caught with a suggestion.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Schema<'a> {
    /// A table with exactly these keys, each with the schema of its value.
    Table(&'a [(&'a str, Schema<'a>)]),
    /// An array of tables, each with this schema (`[[taxonomies]]`).
    ArrayOf(&'a Schema<'a>),
    /// A table of tables with any keys, each with this schema (`[languages.pl]`).
    MapOf(&'a Schema<'a>),
    /// Anything at all (free data such as `[extra]`, or a scalar).
    Any,
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
    /// Parses and deserializes the TOML, reporting syntax errors, unknown keys (with a
    /// suggestion) and type errors, each at its line in the file.
    pub(crate) fn parse<T: DeserializeOwned>(
        &self,
        schema: Schema<'_>,
    ) -> Result<T, Vec<Diagnostic>> {
        self.parse_table(schema).map(|(value, _)| value)
    }

    /// Like [`TomlSource::parse`], and also returns the parsed table, for keys read by name
    /// (a brief's taxonomies).
    pub(crate) fn parse_table<T: DeserializeOwned>(
        &self,
        schema: Schema<'_>,
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
                    match super::plain::syntax_message(message, line) {
                        Some((plain, hint)) => self.diagnostic(&plain, e.span()).with_hint(hint),
                        None => self.diagnostic(message, e.span()),
                    }
                })
                .collect());
        }
        let mut problems = Vec::new();
        check_keys(table.get_ref(), schema, "", &mut |span, message, hint| {
            problems.push(self.diagnostic(&message, Some(span)).with_hint(hint));
        });
        check_strings(table.get_ref(), &mut |span, c| {
            let problem = crate::text::control_character(self.path, c);
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
                let key = e
                    .span()
                    .and_then(|span| super::plain::key_at(&kept, span.start));
                vec![match super::plain::value_message(message, key.as_deref()) {
                    Some((plain, hint)) => self.diagnostic(&plain, e.span()).with_hint(hint),
                    None => self.diagnostic(message, e.span()),
                }]
            })
            .map(|value| (value, kept))
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

fn check_keys(table: &DeTable<'_>, schema: Schema<'_>, prefix: &str, report: &mut KeyReport<'_>) {
    let Schema::Table(fields) = schema else {
        return;
    };
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        match fields.iter().find(|(field, _)| *field == name) {
            Some((_, nested @ Schema::Table(_))) => {
                if let DeValue::Table(inner) = value.get_ref() {
                    check_keys(inner, *nested, &format!("{prefix}{name}."), report);
                }
            }
            Some((_, Schema::ArrayOf(each))) => {
                if let DeValue::Array(items) = value.get_ref() {
                    for item in items.iter() {
                        if let DeValue::Table(inner) = item.get_ref() {
                            check_keys(inner, **each, &format!("{prefix}{name}."), report);
                        }
                    }
                }
            }
            Some((_, Schema::MapOf(each))) => {
                if let DeValue::Table(entries) = value.get_ref() {
                    for (entry, inner) in entries.iter() {
                        if let DeValue::Table(inner) = inner.get_ref() {
                            let prefix = format!("{prefix}{name}.{}.", entry.get_ref());
                            check_keys(inner, **each, &prefix, report);
                        }
                    }
                }
            }
            Some((_, Schema::Any)) => {}
            None => {
                let known: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
                let message = match suggest(name, &known) {
                    Some(close) => {
                        format!("unknown field `{prefix}{name}`, did you mean `{prefix}{close}`?")
                    }
                    None => format!("unknown field `{prefix}{name}`"),
                };
                let hint = if known.contains(&"extra") {
                    format!(
                        "known fields: {}; free data goes in `[extra]`",
                        known.join(", ")
                    )
                } else {
                    format!("known fields: {}", known.join(", "))
                };
                report(key.span(), message, hint);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Doc {
        title: String,
        #[serde(default)]
        #[allow(dead_code)]
        authors: Vec<String>,
    }

    const SCHEMA: Schema = Schema::Table(&[
        ("title", Schema::Any),
        ("authors", Schema::Any),
        ("extra", Schema::Any),
    ]);

    fn parse(text: &str) -> Result<Doc, Vec<Diagnostic>> {
        let path = Path::new("a.md");
        let split = split(path, text)?;
        split.toml_source(path, text).parse(SCHEMA)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"T\"\n+++\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.front_matter, "title = \"T\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(parse(text).unwrap().title, "T");
    }

    #[test]
    fn offsets_count_a_byte_order_mark() {
        let text = "\u{feff}+++\ntitle = 3\n+++\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(&text[s.body_offset..], "Body\n");
        assert_eq!(
            &text[s.front_matter_offset..s.front_matter_offset + 5],
            "title"
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let d = &split(Path::new("a.md"), "+++\ntitle = \"T\"\nBody\n").unwrap_err()[0];
        assert!(d.message.contains("never closed"), "{d}");
    }

    #[test]
    fn missing_and_empty_files_are_errors() {
        assert!(
            split(Path::new("a.md"), "  \n").unwrap_err()[0]
                .message
                .contains("empty")
        );
        assert!(
            split(Path::new("a.md"), "# Title\n").unwrap_err()[0]
                .message
                .contains("front matter")
        );
    }

    #[test]
    fn yaml_front_matter_is_read_as_toml_on_the_same_lines() {
        let text = "---\ntitle: T\ndate: 2025-02-13\nauthors: [Ann]\nauthor: Ann\n---\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(
            s.front_matter,
            "title = \"T\"\ndate = 2025-02-13\nauthors = [\"Ann\"]\nauthor = \"Ann\"\n"
        );
        assert_eq!(s.body, "Body\n");
        // The schema's error points at the YAML's line.
        let errs = s
            .toml_source(Path::new("a.md"), text)
            .parse::<Doc>(SCHEMA)
            .unwrap_err();
        assert_eq!(errs[0].line, 5, "{:?}", errs[0]);
        assert!(
            errs[0].message.contains("did you mean `authors`"),
            "{:?}",
            errs[0]
        );
    }

    #[test]
    fn unknown_key_names_its_line_and_suggests() {
        let errs = parse("+++\ntitle = \"T\"\nauthor = [\"A\"]\n+++\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].col), (3, 1));
        assert_eq!(
            errs[0].message,
            "unknown field `author`, did you mean `authors`?"
        );
    }

    #[test]
    fn syntax_error_uses_the_files_own_line_numbers() {
        let errs = parse("+++\ntitle = \"T\"\n\nauthors = [\"A\"\n+++\n").unwrap_err();
        assert!(errs[0].line >= 4, "{:?}", errs[0]);
    }

    #[test]
    fn wrong_type_names_its_line() {
        let errs = parse("+++\ntitle = 3\n+++\n").unwrap_err();
        assert_eq!(errs[0].line, 2, "{:?}", errs[0]);
    }

    #[test]
    fn missing_required_field_is_reported() {
        let errs = parse("+++\nauthors = []\n+++\n").unwrap_err();
        assert!(
            errs[0].message.contains("missing field `title`"),
            "{:?}",
            errs[0]
        );
    }

    #[test]
    fn suggestions_only_for_close_names() {
        assert_eq!(suggest("titel", &["title", "date"]), Some("title"));
        assert_eq!(suggest("zzz", &["title", "date"]), None);
    }
}
