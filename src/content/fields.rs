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

/// A DOI without its resolver prefix, if `text` is one: `10.` + registrant digits (dot-separated
/// parts allowed) + `/` + a suffix without spaces.
pub(crate) fn normalize_doi(text: &str) -> Option<String> {
    let text = text.trim();
    let doi = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|prefix| text.strip_prefix(prefix))
    .unwrap_or(text);
    let (prefix, suffix) = doi.split_once('/')?;
    let registrant = prefix.strip_prefix("10.")?;
    let valid_registrant = !registrant.is_empty()
        && registrant
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        && registrant
            .split('.')
            .next()
            .is_some_and(|first| first.len() >= 4);
    let valid_suffix = !suffix.is_empty() && !suffix.chars().any(char::is_whitespace);
    (valid_registrant && valid_suffix).then(|| doi.to_string())
}

/// Whether `text` is an ISSN with the right check digit: `NNNN-NNNC`, the digits weighted 8 to
/// 2, the sum and the check digit (`X` for 10) a multiple of 11 (ISO 3297).
pub(crate) fn is_valid_issn(text: &str) -> bool {
    let bytes = text.trim().as_bytes();
    if bytes.len() != 9 || bytes[4] != b'-' {
        return false;
    }
    let digits: Vec<u8> = bytes.iter().copied().filter(|b| *b != b'-').collect();
    if !digits[..7].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits[..7]
        .iter()
        .zip((2..=8).rev())
        .map(|(d, weight)| u32::from(d - b'0') * weight)
        .sum();
    let check = (11 - sum % 11) % 11;
    match digits[7] {
        b'X' | b'x' => check == 10,
        d if d.is_ascii_digit() => check == u32::from(d - b'0'),
        _ => false,
    }
}

/// An ORCID iD without its resolver prefix, if `text` is one: four groups of four digits, the
/// last character a check digit (`X` for 10) by ISO 7064 MOD 11-2.
pub(crate) fn normalize_orcid(text: &str) -> Option<String> {
    let id = text
        .trim()
        .trim_start_matches("https://orcid.org/")
        .trim_start_matches("http://orcid.org/");
    let groups: Vec<&str> = id.split('-').collect();
    let shaped = groups.len() == 4 && groups.iter().all(|g| g.len() == 4);
    let digits: Vec<u8> = id.bytes().filter(|b| *b != b'-').collect();
    if !shaped || !digits[..15].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let total = digits[..15]
        .iter()
        .fold(0u32, |total, d| (total + u32::from(d - b'0')) * 2);
    let check = (12 - total % 11) % 11;
    let valid = match digits[15] {
        b'X' => check == 10,
        d if d.is_ascii_digit() => check == u32::from(d - b'0'),
        _ => false,
    };
    valid.then(|| id.to_string())
}

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
    let bad = || {
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
                "write the year in full, such as `{field} = 2025-{:02}-{:02}`",
                d.month, d.day
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
                    "add the offset, as `{field} = {day}T{time}Z` for UTC or `{field} = {day}T{time}+01:00` for Central European Time, or give the day alone, `{field} = {day}`"
                ),
            ));
        }
        _ => None,
    };
    Ok(PubDate { date, moment })
}
