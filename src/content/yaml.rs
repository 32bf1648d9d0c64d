//! YAML front matter (between `---` lines, as Hugo, Jekyll, migration scripts and CMSs write
//! it), read with saphyr (YAML 1.2, every node with its line and column) and written as the
//! TOML Dossier reads, line for line: each top-level key on its own YAML line, its value inline.
//! The TOML then goes through the same schema and checks as a `+++` front matter, and every
//! diagnostic points at the YAML's own line. YAML's traps are errors with their own message:
//! `no`/`on`/`yes`/`off` unquoted (a boolean to YAML 1.1 readers, text to YAML 1.2 ones),
//! `1e3` (a number), a date written with a space, and tabs in the indentation.

use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use crate::error::Diagnostic;

/// The keys whose text is a date or a moment, written quoted by some tools (`"2025-03-04"`).
const DATE_KEYS: &[&str] = &["date", "updated", "publish_at"];

/// Where the YAML starts in its file, to report the file's own lines.
struct Place<'a> {
    path: &'a Path,
    yaml: &'a str,
    /// The file's line of the YAML's first line.
    first_line: usize,
}

impl Place<'_> {
    /// An error at a node's start.
    fn error(&self, node: &MarkedYaml<'_>, message: String, hint: &str) -> Diagnostic {
        let start = node.span.start;
        Diagnostic::error(self.path, message)
            .at(
                self.first_line + start.line().saturating_sub(1),
                start.col() + 1,
            )
            .with_hint(hint.to_string())
    }

    /// The text of a node as written in the file (quotes included).
    fn written(&self, node: &MarkedYaml<'_>) -> &str {
        let (start, end) = (node.span.start.index(), node.span.end.index());
        let byte = |chars: usize| {
            self.yaml
                .char_indices()
                .nth(chars)
                .map_or(self.yaml.len(), |(i, _)| i)
        };
        self.yaml
            .get(byte(start)..byte(end))
            .unwrap_or_default()
            .trim()
    }
}

/// The TOML for the YAML between the fences, with as many lines; `first_line` is the file's
/// line of the YAML's first line.
pub(crate) fn to_toml(
    path: &Path,
    yaml: &str,
    first_line: usize,
) -> Result<String, Vec<Diagnostic>> {
    let place = Place {
        path,
        yaml,
        first_line,
    };
    let mut problems = tabs(&place);
    if !problems.is_empty() {
        return Err(problems);
    }
    let documents = MarkedYaml::load_from_str(yaml).map_err(|e| {
        let at = e.marker();
        vec![
            Diagnostic::error(path, format!("the YAML front matter cannot be read: {}", e.info()))
                .at(first_line + at.line().saturating_sub(1), at.col() + 1)
                .with_hint("check the YAML at this line: `key: value`, lists as `- item` or `[a, b]`, text with `: ` or `#` in quotes"),
        ]
    })?;
    let line_count = yaml.lines().count().max(1);
    let mut lines = vec![String::new(); line_count];
    let Some(root) = documents.first() else {
        return Ok(lines.join("\n") + "\n");
    };
    let mapping = match &root.data {
        YamlData::Mapping(mapping) => mapping,
        YamlData::Value(Scalar::Null) => return Ok(lines.join("\n") + "\n"),
        _ => {
            return Err(vec![place.error(
                root,
                "the YAML front matter is not a list of `key: value` lines".into(),
                "write each field as `key: value` on its own line",
            )]);
        }
    };
    for (key, value) in mapping {
        let name = match &key.data {
            YamlData::Value(Scalar::String(name)) => name.to_string(),
            _ => {
                problems.push(place.error(
                    key,
                    "a key that is not a name".into(),
                    "write the key as a word: `title: ...`",
                ));
                continue;
            }
        };
        let value_node = value;
        let Some(value) = inline(&place, &name, value, &mut problems) else {
            continue;
        };
        // The key's own line, or the next free one (a flow mapping puts keys on one line).
        let mut at = key.span.start.line().saturating_sub(1).min(line_count - 1);
        while !lines[at].is_empty() && at + 1 < line_count {
            at += 1;
        }
        if lines[at].is_empty() {
            lines[at] = aligned(&toml_key(&name), (key, value_node), &value);
        } else {
            lines[at].push('\n');
            lines[at].push_str(&format!("{} = {value}", toml_key(&name)));
        }
    }
    if problems.is_empty() {
        Ok(lines.join("\n") + "\n")
    } else {
        Err(problems)
    }
}

/// A key's TOML line, its value at the YAML value's column when both start on one line
/// (`number: two` → `number ="two"`, the quote at the column of `two`), so that an error about
/// the value (a type, a range), which points at the value's start, points at the column of
/// the file's own line; `key = value` otherwise.
fn aligned(key: &str, (key_node, value_node): Nodes<'_, '_>, value: &str) -> String {
    let (key_at, value_at) = (key_node.span.start, value_node.span.start);
    let head = format!("{}{key} =", " ".repeat(key_at.col()));
    let width = head.chars().count();
    if value_at.line() == key_at.line() && value_at.col() >= width {
        format!("{head}{}{value}", " ".repeat(value_at.col() - width))
    } else {
        format!("{key} = {value}")
    }
}

/// A key's node and its value's.
type Nodes<'a, 'y> = (&'a MarkedYaml<'y>, &'a MarkedYaml<'y>);

/// Tabs in the indentation: YAML forbids them, and its parser's message does not say so.
fn tabs(place: &Place<'_>) -> Vec<Diagnostic> {
    place
        .yaml
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let indent = &line[..line.len() - line.trim_start().len()];
            let col = indent.find('\t')?;
            Some(
                Diagnostic::error(
                    place.path,
                    "a tab in the indentation: YAML indents with spaces only",
                )
                .at(place.first_line + i, col + 1)
                .with_hint("replace the tab with spaces (two per level, say)"),
            )
        })
        .collect()
}

/// A key as TOML writes it: bare when it can be.
fn toml_key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        toml::Value::String(name.to_string()).to_string()
    }
}

/// A value as inline TOML; `None` for a null (an empty `key:`, left out) or a problem.
fn inline(
    place: &Place<'_>,
    key: &str,
    node: &MarkedYaml<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    match &node.data {
        YamlData::Value(scalar) => scalar_value(place, key, node, scalar, problems),
        YamlData::Sequence(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|item| match &item.data {
                    YamlData::Value(Scalar::Null) => {
                        problems.push(place.error(
                            item,
                            format!("an empty item in `{key}`"),
                            "remove the `-` line, or write the item",
                        ));
                        None
                    }
                    _ => inline(place, key, item, problems),
                })
                .collect::<Option<_>>()?;
            Some(format!("[{}]", items.join(", ")))
        }
        YamlData::Mapping(mapping) => {
            let mut pairs = Vec::new();
            for (k, v) in mapping {
                let YamlData::Value(Scalar::String(name)) = &k.data else {
                    problems.push(place.error(
                        k,
                        "a key that is not a name".into(),
                        "write the key as a word",
                    ));
                    return None;
                };
                if let Some(value) = inline(place, name, v, problems) {
                    pairs.push(format!("{} = {value}", toml_key(name)));
                }
            }
            Some(format!("{{ {} }}", pairs.join(", ")))
        }
        YamlData::Tagged(_, inner) => inline(place, key, inner, problems),
        YamlData::Alias(_) => {
            problems.push(place.error(
                node,
                format!("`{key}` is an alias (`*name`)"),
                "write the value itself: front matter takes no anchors or aliases",
            ));
            None
        }
        _ => {
            problems.push(place.error(
                node,
                format!("`{key}` has a value Dossier cannot read"),
                "write it as text, a number, true or false, a date, or a list",
            ));
            None
        }
    }
}

/// A scalar as TOML, with YAML's traps reported.
fn scalar_value(
    place: &Place<'_>,
    key: &str,
    node: &MarkedYaml<'_>,
    scalar: &Scalar<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let written = place.written(node);
    let plain = !written.starts_with(['"', '\'', '|', '>']);
    match scalar {
        Scalar::Null => None,
        Scalar::Boolean(b) => Some(b.to_string()),
        Scalar::Integer(n) => Some(n.to_string()),
        Scalar::FloatingPoint(f) => {
            if plain && !written.contains('.') && written.to_ascii_lowercase().contains('e') {
                problems.push(place.error(
                    node,
                    format!("`{written}` is a number in YAML ({}), not text", f.into_inner()),
                    &format!("quote it (\"{written}\") if you mean the text, or write the number without an exponent"),
                ));
                return None;
            }
            let f = f.into_inner();
            Some(if f.is_nan() {
                "nan".into()
            } else if f.is_infinite() {
                if f > 0.0 { "inf".into() } else { "-inf".into() }
            } else {
                format!("{f:?}")
            })
        }
        Scalar::String(text) => string_value(place, key, node, text, plain, problems),
    }
}

/// A string as TOML: a date or a moment when it is written as one, and the traps reported.
fn string_value(
    place: &Place<'_>,
    key: &str,
    node: &MarkedYaml<'_>,
    text: &str,
    plain: bool,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    if plain && ["yes", "no", "on", "off", "y", "n"].contains(&lower.as_str()) {
        problems.push(place.error(
            node,
            format!("`{text}` is a boolean to YAML 1.1 readers and text to YAML 1.2 ones: Dossier takes it for neither"),
            &format!("write `true` or `false`, or quote it (\"{text}\") if you mean the word (as the country code `no` for Norway)"),
        ));
        return None;
    }
    if let Some(moment) = moment(text)
        && (plain || DATE_KEYS.contains(&key))
    {
        return Some(moment);
    }
    if plain && is_spaced_moment(text) {
        problems.push(place.error(
            node,
            format!("`{text}` is a date and time written with a space, which YAML reads as text"),
            "write it as 2025-03-04T09:00:00+01:00 (a `T` between the date and the time, and the offset)",
        ));
        return None;
    }
    Some(toml::Value::String(text.to_string()).to_string())
}

/// A date (`2025-03-04`) or an RFC 3339 moment as TOML writes it, if `text` is one.
fn moment(text: &str) -> Option<String> {
    let is_date =
        |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10;
    if is_date(text) {
        return Some(text.to_string());
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|_| text.to_string())
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .map(|_| text.to_string())
        })
}

/// `2025-03-04 09:00` and the like: a date, a space, a time.
fn is_spaced_moment(text: &str) -> bool {
    let Some((date, time)) = text.split_once(' ') else {
        return false;
    };
    date.len() == 10
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
        && time.len() >= 5
        && time.as_bytes()[2] == b':'
        && time[..2].chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(yaml: &str) -> Result<String, Vec<Diagnostic>> {
        to_toml(Path::new("a.md"), yaml, 2)
    }

    #[test]
    fn each_key_stays_on_its_line() {
        let toml = convert("title: \"A: B\"\ndate: 2025-03-04\nauthors:\n  - Ann Lee\n  - Bo Chen\ndraft: false\nnumber: 3\n").unwrap();
        assert_eq!(
            toml,
            "title =\"A: B\"\ndate =2025-03-04\nauthors = [\"Ann Lee\", \"Bo Chen\"]\n\n\ndraft =false\nnumber =3\n"
        );
    }

    #[test]
    fn traps_are_errors_at_their_lines() {
        let errs =
            convert("title: T\ndraft: no\nslug: 1e3\npublish_at: 2025-03-04 09:00\n").unwrap_err();
        let at: Vec<(usize, &str)> = errs.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(at.len(), 3, "{at:?}");
        assert_eq!(at[0].0, 3);
        assert!(at[0].1.contains("`no` is a boolean to YAML 1.1"), "{at:?}");
        assert_eq!(at[1].0, 4);
        assert!(at[1].1.contains("`1e3` is a number"), "{at:?}");
        assert_eq!(at[2].0, 5);
        assert!(at[2].1.contains("written with a space"), "{at:?}");
        let tabs = convert("title: T\nauthors:\n\t- Ann\n").unwrap_err();
        assert_eq!((tabs[0].line, tabs[0].col), (4, 1));
        assert!(tabs[0].message.contains("tab"), "{:?}", tabs[0]);
    }

    #[test]
    fn quoted_words_and_dates_are_text_except_for_date_keys() {
        let toml =
            convert("regions: [\"no\"]\ntitle: '2025-03-04'\ndate: \"2025-03-04\"\n").unwrap();
        assert_eq!(
            toml,
            "regions =[\"no\"]\ntitle =\"2025-03-04\"\ndate =2025-03-04\n"
        );
    }
}
