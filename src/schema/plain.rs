//! The TOML reader's and serde's messages in plain words: "invalid type: integer `3`, expected
//! a string" becomes "`title` must be text in quotes, not the number 3", "expected u32" becomes
//! "a whole number such as 11"; each with a hint that writes the value right.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// The dotted key (`publisher.url`, `authors`) whose value holds the byte `at`. A table's own
/// span need not cover its keys (`[pagination]` and the lines below it), so every table is
/// searched.
pub(crate) fn key_at(table: &DeTable<'_>, at: usize) -> Option<String> {
    for (key, value) in table.iter() {
        let name = key.get_ref().to_string();
        let inner = match value.get_ref() {
            DeValue::Table(inner) => key_at(inner, at),
            DeValue::Array(items) => items.iter().find_map(|item| match item.get_ref() {
                DeValue::Table(inner) => key_at(inner, at),
                _ => None,
            }),
            _ => None,
        };
        if let Some(inner) = inner {
            return Some(format!("{name}.{inner}"));
        }
        let span: Range<usize> = value.span();
        if span.contains(&at) || key.span().contains(&at) {
            return Some(name);
        }
    }
    None
}

/// A whole number that fits the key, for examples.
fn example_number(key: &str) -> &'static str {
    match key.rsplit('.').next().unwrap_or(key) {
        "per_page" => "20",
        "entries" => "50",
        _ => "11",
    }
}

/// What a value that serde found is, in words: `integer `3`` is "the number 3".
fn found_words(found: &str) -> String {
    let found = found.trim();
    let ticked = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|rest| rest.trim().trim_end_matches(" as i128").trim_matches('`'))
    };
    if let Some(text) = found.strip_prefix("string ") {
        format!("the text {text}")
    } else if let Some(n) = ticked("integer").or_else(|| ticked("floating point")) {
        format!("the number {n}")
    } else if let Some(b) = ticked("boolean") {
        format!("`{b}`")
    } else if found == "sequence" {
        "a list".into()
    } else if found == "map" {
        "a table".into()
    } else {
        found.trim_start_matches("a ").into()
    }
}

/// What serde wanted, in words, and how to write it: "a whole number such as 11".
fn wanted_words(wanted: &str, key: &str) -> (String, String) {
    let last = key.rsplit('.').next().unwrap_or(key);
    let wanted = wanted.trim();
    let integer = [
        "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize", "i128",
    ];
    if integer.contains(&wanted) {
        let n = example_number(key);
        (
            format!("a whole number such as {n}"),
            format!("write `{last} = {n}`, without quotes"),
        )
    } else if matches!(wanted, "f32" | "f64") {
        ("a number".into(), format!("write `{last} = 1.5`"))
    } else if wanted == "a string" || wanted == "a borrowed string" {
        (
            "text in quotes".into(),
            format!("write `{last} = \"…\"`, the text between double quotes"),
        )
    } else if wanted == "a sequence" {
        (
            "a list".into(),
            format!("write `{last} = [\"First\", \"Second\"]`, even for one: `[\"First\"]`"),
        )
    } else if wanted == "a boolean" {
        (
            "`true` or `false`".into(),
            format!("write `{last} = true` or `{last} = false`, without quotes"),
        )
    } else if wanted.contains("datetime") {
        (
            "a date".into(),
            format!(
                "write `{last} = 2025-02-13`, without quotes, or with a time and offset: `{last} = 2025-02-13T09:00:00+01:00`"
            ),
        )
    } else if wanted == "a map" || wanted.starts_with("struct ") || wanted == "a table" {
        (
            "a table".into(),
            format!("write a `[{key}]` line with `name = value` lines below it"),
        )
    } else {
        (
            wanted.into(),
            "see the README for the values it takes".into(),
        )
    }
}

/// A deserialization message in plain words, with a hint, for the value at `key`; `None`
/// leaves the message as it is.
pub(crate) fn value_message(message: &str, key: Option<&str>) -> Option<(String, String)> {
    let key = key.unwrap_or("the value");
    let field = if key == "the value" {
        key.to_string()
    } else {
        format!("`{key}`")
    };
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (given, expected) = rest.split_once(", expected ")?;
        let options = expected.replace('`', "\"").replace("one of ", "");
        return Some((
            format!(
                "{field} must be {options}, not {}",
                given.replace('`', "\"")
            ),
            "write one of the values in quotes".into(),
        ));
    }
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?;
    let (found, wanted) = rest.rsplit_once(", expected ")?;
    let (wanted, hint) = wanted_words(wanted, key);
    let found_words = found_words(found);
    let unsigned = wanted.starts_with("a whole number");
    let too_large = found.contains(" as i128")
        || (message.starts_with("invalid value") && !found.contains('-') && unsigned);
    let message = if unsigned && found.contains("integer `-") {
        format!("{field} must be a whole number of 0 or more, not {found_words}")
    } else if unsigned && too_large && found.starts_with("integer") {
        format!("{field}: {found_words} is too large")
    } else {
        format!("{field} must be {wanted}, not {found_words}")
    };
    Some((message, hint))
}

/// A TOML syntax message in plain words, with a hint; `line` is the file's line it points at.
pub(crate) fn syntax_message(message: &str, line: &str) -> Option<(String, String)> {
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty() && !k.starts_with('['))
        .unwrap_or("key");
    let value = line
        .split_once('=')
        .map_or("", |(_, v)| v.trim())
        .to_string();
    if message.starts_with("string values must be quoted") {
        let is_date = value.len() == 10 && value.matches(['/', '.']).count() == 2;
        let hint = if is_date {
            format!("a date is written `{key} = 2025-02-13` (year-month-day, with `-`)")
        } else if matches!(
            value.as_str(),
            "yes" | "no" | "True" | "False" | "on" | "off"
        ) {
            format!("write `{key} = true` or `{key} = false`")
        } else {
            format!("write `{key} = \"{}\"`", value.replace('"', "\\\""))
        };
        return Some(("text must be written between double quotes".into(), hint));
    }
    if message.starts_with("invalid basic string") || message.starts_with("invalid literal string")
    {
        return Some((
            "the quoted text is never closed on this line".into(),
            "end it with a quote mark; a quote mark inside text is written `\\\"`".into(),
        ));
    }
    if message.starts_with("unexpected leading zero") {
        return Some((
            "a number cannot start with 0".into(),
            format!("write `{key} = {}`", value.trim_start_matches('0')),
        ));
    }
    if message.starts_with("unexpected key or value") {
        return Some((
            "something follows the value on this line".into(),
            "write one `key = value` per line; text with an apostrophe goes between double quotes: `title = \"It's time\"`".into(),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_errors_in_plain_words() {
        let plain = |m: &str, k: &str| value_message(m, Some(k)).unwrap();
        assert_eq!(
            plain("invalid type: string \"3\", expected u32", "number").0,
            "`number` must be a whole number such as 11, not the text \"3\""
        );
        assert_eq!(
            plain("invalid value: integer `-1`, expected u32", "number").0,
            "`number` must be a whole number of 0 or more, not the number -1"
        );
        assert_eq!(
            plain(
                "invalid type: integer `99999999999999999999` as i128, expected u32",
                "number"
            )
            .0,
            "`number`: the number 99999999999999999999 is too large"
        );
        assert_eq!(
            plain("invalid type: integer `3`, expected a string", "title").0,
            "`title` must be text in quotes, not the number 3"
        );
        assert_eq!(
            plain(
                "invalid type: string \"Ann\", expected a sequence",
                "authors"
            )
            .1,
            "write `authors = [\"First\", \"Second\"]`, even for one: `[\"First\"]`"
        );
        assert_eq!(
            plain(
                "unknown variant `strip`, expected `allow` or `sanitize`",
                "markdown.raw_html"
            )
            .0,
            "`markdown.raw_html` must be \"allow\" or \"sanitize\", not \"strip\""
        );
        assert!(value_message("missing field `title`", Some("title")).is_none());
    }

    #[test]
    fn syntax_errors_in_plain_words() {
        let (message, hint) = syntax_message(
            "string values must be quoted, expected literal string",
            "title = Talks on Ukraine",
        )
        .unwrap();
        assert_eq!(message, "text must be written between double quotes");
        assert_eq!(hint, "write `title = \"Talks on Ukraine\"`");
        let (_, hint) =
            syntax_message("string values must be quoted", "date = 2025/01/01").unwrap();
        assert!(hint.contains("2025-02-13"), "{hint}");
    }
}
