//! Reading a brief's fields: dates, DOIs, names, slugs and file names, each checked and put in
//! its one form.

use std::path::Path;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use super::PubDate;
use crate::error::Diagnostic;
use crate::schema::TomlSource;
use crate::slug::strip_date_prefix;

pub(super) fn is_bundle(rel: &Path) -> bool {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with(".md") && crate::lang::split_suffix(&name).0 == "index"
}

pub(super) fn is_plain_file_name(name: &str) -> bool {
    let path = Path::new(name);
    !name.is_empty()
        && path.components().count() == 1
        && matches!(
            path.components().next(),
            Some(std::path::Component::Normal(_))
        )
}

/// The slug from the file name (or the bundle's folder name), minus a leading date.
pub(super) fn default_slug(rel: &Path) -> String {
    let stem = if is_bundle(rel) {
        rel.parent().and_then(Path::file_name)
    } else {
        rel.file_stem()
    };
    let stem = stem.map(|s| s.to_string_lossy()).unwrap_or_default();
    // `energy.pl` is the Polish version of `energy`, with the same slug unless it sets one.
    let (stem, _) = crate::lang::split_suffix(&stem);
    crate::slug::slugify(strip_date_prefix(stem))
}

/// The names a brief gives in a declared taxonomy: a list of strings, or one string.
pub(super) fn taxonomy_names(
    source: &TomlSource<'_>,
    table: &DeTable<'_>,
    key: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some(value) = table.get(key) else {
        return Vec::new();
    };
    let names: Option<Vec<String>> = match value.get_ref() {
        DeValue::String(name) => Some(vec![name.to_string()]),
        DeValue::Array(items) => items
            .iter()
            .map(|item| item.get_ref().as_str().map(str::to_string))
            .collect(),
        _ => None,
    };
    names.map(|n| clean_names(&n)).unwrap_or_else(|| {
        problems.push(
            source
                .diagnostic(
                    &format!("`{key}` must be a list of names"),
                    Some(value.span()),
                )
                .with_hint(format!("write `{key} = [\"First\", \"Second\"]`")),
        );
        Vec::new()
    })
}

pub(super) fn clean_names(names: &[String]) -> Vec<String> {
    let mut seen = Vec::<String>::new();
    for name in names
        .iter()
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
    {
        if !name.is_empty() && !seen.contains(&name) {
            seen.push(name);
        }
    }
    seen
}

/// A front-matter date: a TOML date, or an offset date-time. A year 0 is no date, and a time
/// without an offset is no moment (the README requires one): both are errors, the latter with
/// the value written right in the hint.
pub(super) fn to_pub_date(
    source: &TomlSource<'_>,
    value: &Spanned<Datetime>,
    field: &str,
) -> Result<PubDate, Diagnostic> {
    let at = |message: String, hint: String| {
        source
            .diagnostic(&message, Some(value.span()))
            .with_hint(hint)
    };
    // `publish_at` names a moment: a day alone is refused by its reader, so never suggested.
    let moment_only = field == "publish_at";
    let bad = || {
        if moment_only {
            return at(
                format!("`{field}` must be a date with time and offset"),
                format!("write `{field} = 2025-02-13T09:00:00+01:00`"),
            );
        }
        at(
            format!("`{field}` must be a date or a date with time and offset"),
            format!("write `{field} = 2025-02-13` or `{field} = 2025-02-13T09:00:00+01:00`"),
        )
    };
    let dt = value.get_ref();
    let Some(d) = dt.date else {
        return Err(bad());
    };
    if d.year == 0 {
        return Err(at(
            format!("`{field} = {dt}`: there is no year 0"),
            format!(
                "write the year in full, such as `{field} = 2025-{:02}-{:02}{}`",
                d.month,
                d.day,
                if moment_only { "T09:00:00+01:00" } else { "" }
            ),
        ));
    }
    let date = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        .ok_or_else(|| {
            at(
                format!("`{field} = {dt}` is not a day of the calendar"),
                "check the month (1-12) and the day of the month".to_string(),
            )
        })?;
    let moment = match (dt.time, dt.offset) {
        (Some(_), Some(_)) => {
            Some(chrono::DateTime::parse_from_rfc3339(&dt.to_string()).map_err(|_| bad())?)
        }
        (Some(time), None) => {
            let time = time.to_string();
            let day = date.format("%Y-%m-%d");
            return Err(at(
                format!(
                    "`{field} = {dt}` has a time but no offset from UTC, so the moment it names is unknown"
                ),
                format!(
                    "add the offset, as `{field} = {day}T{time}Z` for UTC or `{field} = {day}T{time}+01:00` for Central European Time{}",
                    if moment_only {
                        String::new()
                    } else {
                        format!(", or give the day alone, `{field} = {day}`")
                    }
                ),
            ));
        }
        _ => None,
    };
    Ok(PubDate { date, moment })
}
