//! Checks across files, once everything is loaded: unique URLs, series numbering.

use std::collections::BTreeMap;
use std::path::Path;

use super::brief::Brief;
use super::profile::Page;
use super::taxonomy::TaxonomyDef;
use crate::config::RESERVED_SEGMENTS;
use crate::error::Diagnostic;
use crate::routes;
use crate::slug::slugify;

/// Whether a page's slug is a URL segment the site writes itself (a taxonomy's, say).
fn is_reserved(slug: &str, taxonomies: &[TaxonomyDef]) -> bool {
    slug.is_empty()
        || RESERVED_SEGMENTS.contains(&slug)
        || taxonomies.iter().any(|t| t.name == slug)
}

/// Two briefs, or two pages, that would be written to the same URL.
pub(super) fn check_unique_urls(
    briefs: &[Brief],
    pages: &[Page],
    taxonomies: &[TaxonomyDef],
    problems: &mut Vec<Diagnostic>,
) {
    let mut by_path: BTreeMap<String, Vec<&Path>> = BTreeMap::new();
    for brief in briefs {
        by_path
            .entry(routes::brief(brief))
            .or_default()
            .push(&brief.source);
    }
    for page in pages {
        if is_reserved(&page.slug, taxonomies) {
            problems.push(
                Diagnostic::error(
                    &page.source,
                    format!("a page cannot be called `{}`", page.slug),
                )
                .with_hint(format!(
                    "rename the file: these names are taken: {}, {}",
                    RESERVED_SEGMENTS.join(", "),
                    taxonomies
                        .iter()
                        .map(|t| t.name.as_str())
                        .filter(|name| !RESERVED_SEGMENTS.contains(name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        by_path
            .entry(routes::page(page))
            .or_default()
            .push(&page.source);
    }
    check_aliases(briefs, pages, &by_path, problems);
    // A brief's address comes from its `slug` when it gives one: the error points there.
    let slug_lines: std::collections::HashMap<&Path, usize> = briefs
        .iter()
        .map(|b| (b.source.as_path(), b.key_line("slug")))
        .collect();
    for (path, sources) in by_path.into_iter().filter(|(_, s)| s.len() > 1) {
        let names: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
        for source in &sources {
            problems.push(
                Diagnostic::error(
                    *source,
                    format!(
                        "{} files would be written to /{path}: {}",
                        names.len(),
                        names.join(", ")
                    ),
                )
                .with_hint("give one of them another file name or a `slug`")
                .at(slug_lines.get(source).copied().unwrap_or(1), 1),
            );
        }
    }
}

/// An alias is an address of its own: not a brief's or page's, nor another alias.
fn check_aliases(
    briefs: &[Brief],
    pages: &[Page],
    pages_by_path: &BTreeMap<String, Vec<&Path>>,
    problems: &mut Vec<Diagnostic>,
) {
    let aliases = briefs
        .iter()
        .flat_map(|b| {
            let line = b.key_line("aliases");
            b.aliases.iter().map(move |a| (a, b.source.as_path(), line))
        })
        .chain(
            pages
                .iter()
                .flat_map(|p| p.aliases.iter().map(|a| (a, p.source.as_path(), 1))),
        );
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for (alias, source, line) in aliases {
        let taken = pages_by_path
            .get(alias.as_str())
            .and_then(|s| s.first().copied())
            .or_else(|| seen.get(alias.as_str()).copied());
        if let Some(other) = taken {
            problems.push(
                Diagnostic::error(
                    source,
                    format!(
                        "alias /{alias} is already the address of {}",
                        if other == source {
                            "this file".to_string()
                        } else {
                            other.display().to_string()
                        }
                    ),
                )
                .with_hint("two things cannot have one address: remove the alias, or the other")
                .at(line, 1),
            );
        } else {
            seen.insert(alias, source);
        }
    }
}

/// A page of the default language named like one of the site's other languages (`pl.md`)
/// would be written where that language's home page is: an error at the page, which is left
/// out so that the rest can still be checked.
pub(super) fn check_page_languages(
    pages: &mut Vec<Page>,
    languages: &[crate::lang::Language],
    problems: &mut Vec<Diagnostic>,
) {
    let is_language = |page: &Page| {
        page.lang_dir.is_empty() && languages.iter().skip(1).any(|l| l.code == page.slug)
    };
    for page in pages.iter().filter(|p| is_language(p)) {
        problems.push(
            Diagnostic::error(
                &page.source,
                format!(
                    "a page cannot be called `{}`: /{}/ is the home page of the site in that language",
                    page.slug, page.slug
                ),
            )
            .with_hint("rename the file, or give the page another `slug`"),
        );
    }
    pages.retain(|p| !is_language(p));
}

/// Leaves one brief (the newest) and one page per URL, so that a site with duplicates can still
/// be rendered and checked further; the duplicates are reported by [`check_unique_urls`].
pub(super) fn keep_first_of_each_url(
    briefs: &mut Vec<Brief>,
    pages: &mut Vec<Page>,
    taxonomies: &[TaxonomyDef],
) {
    let mut seen = std::collections::HashSet::new();
    briefs.retain(|b| seen.insert(routes::brief(b)));
    pages.retain(|p| seen.insert(routes::page(p)) && !is_reserved(&p.slug, taxonomies));
}

/// One version of each publication: a brief and its translations share their date, series and
/// number. The original, whose front matter writes them, when there is one (a warning about
/// them then points at its lines); else the first version met.
pub(crate) fn one_per_publication(briefs: &[Brief]) -> impl Iterator<Item = &Brief> {
    let original = |b: &Brief| b.lang == crate::lang::LangId::DEFAULT;
    let originals: std::collections::HashSet<_> = briefs
        .iter()
        .filter(|b| original(b))
        .map(|b| &b.key)
        .collect();
    let mut seen = std::collections::HashSet::new();
    briefs
        .iter()
        .filter(move |b| (original(b) || !originals.contains(&b.key)) && seen.insert(&b.key))
}

/// The same number used twice in one series and year (by two publications: a brief and its
/// translations share theirs).
pub(super) fn check_series_numbers(briefs: &[Brief], problems: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(String, i32, u32), Vec<&Brief>> = BTreeMap::new();
    for brief in one_per_publication(briefs) {
        if let (Some(series), Some(number)) = (brief.series(), brief.number) {
            seen.entry((slugify(series), brief.year(), number))
                .or_default()
                .push(brief);
        }
    }
    for ((_, year, number), sources) in seen.into_iter().filter(|(_, s)| s.len() > 1) {
        let names: Vec<String> = sources
            .iter()
            .map(|b| b.source.display().to_string())
            .collect();
        for brief in &sources {
            problems.push(
                Diagnostic::error(
                    &brief.source,
                    format!(
                        "No. {number}/{year} is used by {} briefs: {}",
                        names.len(),
                        names.join(", ")
                    ),
                )
                .with_hint("give each brief in a series a number of its own within the year")
                .at(brief.key_line("number"), 1),
            );
        }
    }
}

/// Warns when, within one series and year, a higher number carries an earlier date than a lower
/// one: usually a typo in `number` or `date`.
pub(super) fn check_series_order(briefs: &[Brief], problems: &mut Vec<Diagnostic>) {
    let mut groups: BTreeMap<(String, i32), Vec<&Brief>> = BTreeMap::new();
    for brief in one_per_publication(briefs).filter(|b| b.number.is_some()) {
        if let Some(series) = brief.series() {
            groups
                .entry((slugify(series), brief.year()))
                .or_default()
                .push(brief);
        }
    }
    for ((_, year), mut group) in groups {
        group.sort_by_key(|b| b.number);
        for pair in group.windows(2) {
            let (lower, higher) = (pair[0], pair[1]);
            if higher.date.date < lower.date.date {
                let number = |b: &Brief| b.number.unwrap_or_default();
                problems.push(
                    Diagnostic::warning(
                        &higher.source,
                        format!(
                            "No. {}/{year} is dated {}, before No. {}/{year} ({}, {})",
                            number(higher),
                            higher.date.date,
                            number(lower),
                            lower.date.date,
                            lower.source.display()
                        ),
                    )
                    .with_hint("check this brief's `number` and `date`: numbers in a series follow publication order")
                    .at(higher.key_line("number"), 1),
                );
            }
        }
    }
}

/// Dates that are possible but probably typos: more than a year after the build time (such a
/// brief is scheduled until then, or with `--future` the site's latest), or before 1900.
pub(super) fn check_dates(
    briefs: &[Brief],
    now: chrono::DateTime<chrono::FixedOffset>,
    problems: &mut Vec<Diagnostic>,
) {
    let today = now.date_naive();
    let horizon = today + chrono::Days::new(366);
    let earliest = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    for brief in briefs {
        let dates = [("date", Some(brief.date)), ("updated", brief.updated)];
        for (key, date) in dates {
            let Some(date) = date.map(|d| d.date) else {
                continue;
            };
            if key == "date" && !brief.given.date {
                continue; // A translation's date is its original's, reported there.
            }
            let (message, hint) = if date > horizon {
                (
                    format!("`{key} = {date}` is more than a year after today ({today})"),
                    "check the year: the brief stays out of the site until that day (with --future it would be the latest brief)",
                )
            } else if date < earliest {
                (
                    format!("`{key} = {date}` is before 1900"),
                    "check the year: a brief's date is the day it was published",
                )
            } else {
                continue;
            };
            problems.push(
                Diagnostic::warning(&brief.source, message)
                    .with_hint(hint)
                    .at(brief.key_line(key), 1),
            );
        }
    }
}

/// Footnotes cited without a note, defined twice or never cited, and text left to replace
/// (a skeleton's sentence, `TODO`), in every brief, page and profile: warnings at their line
/// (raw HTML is `check`'s to report; a draft may hold placeholders).
pub(super) fn check_texts(
    briefs: &[Brief],
    pages: &[Page],
    profiles: &[super::profile::Term],
    problems: &mut Vec<Diagnostic>,
) {
    let texts = briefs
        .iter()
        .map(|b| (b.source.as_path(), &b.content, b.draft))
        .chain(
            pages
                .iter()
                .map(|p| (p.source.as_path(), &p.content, false)),
        )
        .chain(
            profiles
                .iter()
                .filter_map(|t| Some((t.source.as_deref()?, t.body.as_ref()?, false))),
        );
    for (source, body, draft) in texts {
        problems.extend(
            body.issues
                .iter()
                .filter(|issue| !(issue.is_raw_html() || draft && issue.is_placeholder()))
                .map(|issue| issue.diagnostic(source, crate::markdown::RawHtml::Allow)),
        );
    }
    check_placeholder_fields(briefs, problems);
}

/// A published brief that still names `new brief`'s placeholder author, or whose `summary`
/// is the skeleton's `"..."`: warnings at the key's line.
fn check_placeholder_fields(briefs: &[Brief], problems: &mut Vec<Diagnostic>) {
    use crate::placeholder::AUTHOR_NAME;
    for brief in briefs.iter().filter(|b| !b.draft) {
        if brief
            .names_in(super::TaxonomyId::AUTHORS)
            .iter()
            .any(|a| a == AUTHOR_NAME)
        {
            problems.push(
                Diagnostic::warning(
                    &brief.source,
                    format!("the author is still `dossier new`'s placeholder, \"{AUTHOR_NAME}\""),
                )
                .with_hint("name the brief's authors: `authors = [\"Jane Doe\"]`")
                .at(brief.key_line("authors"), 1),
            );
        }
        let given = brief.key_lines.has("summary");
        if given && brief.summary.chars().all(|c| matches!(c, '.' | '…')) {
            problems.push(
                Diagnostic::warning(&brief.source, "the summary is still a placeholder, \"...\"")
                    .with_hint("write the summary, or remove `summary` to use the first paragraph")
                    .at(brief.key_line("summary"), 1),
            );
        }
    }
}

/// Names that look right but are not (an invisible character, a letter in two parts, a Latin
/// word with a Cyrillic look-alike letter): each name warned about once, at the first brief
/// that gives it (newest first) or at its profile's `name` line; and DOIs holding an invisible
/// character.
pub(super) fn check_name_characters(
    briefs: &[Brief],
    profiles: &[super::profile::Term],
    taxonomies: &[TaxonomyDef],
    problems: &mut Vec<Diagnostic>,
) {
    check_doi_characters(briefs, problems);
    let hint = "retype the name: two names that look the same but are written differently are two names to search, sort and cite";
    let mut seen = std::collections::HashSet::new();
    for brief in briefs {
        for (def, names) in taxonomies.iter().zip(&brief.names) {
            for name in names {
                if !seen.insert((def.name.as_str(), name.as_str())) {
                    continue;
                }
                if let Some(problem) = crate::text::name_problem(name) {
                    problems.push(
                        Diagnostic::warning(&brief.source, problem)
                            .with_hint(hint)
                            .at(brief.key_line(&def.name), 1),
                    );
                }
            }
        }
    }
    for term in profiles {
        let (Some(source), Some(problem)) = (&term.source, crate::text::name_problem(&term.name))
        else {
            continue;
        };
        let line = term.key_lines.line("name");
        problems.push(
            Diagnostic::warning(source, problem)
                .with_hint(hint)
                .at(line, 1),
        );
    }
}

/// A DOI holding an invisible character (a zero-width space, a direction control) is another
/// DOI than the one it looks like, which resolves to nothing: warned about at its line, as a
/// name holding one is.
fn check_doi_characters(briefs: &[Brief], problems: &mut Vec<Diagnostic>) {
    for brief in briefs {
        let Some(doi) = &brief.doi else { continue };
        let Some(c) = doi.chars().find(|&c| crate::text::is_invisible(c)) else {
            continue;
        };
        problems.push(
            Diagnostic::warning(
                &brief.source,
                format!(
                    "`doi = \"{}\"` holds an invisible character, {}",
                    crate::text::shown(doi),
                    crate::text::describe(c)
                ),
            )
            .with_hint(
                "retype the DOI: with the character it is another DOI, which resolves to nothing",
            )
            .at(brief.key_line("doi"), 1),
        );
    }
}
