//! Translations: a brief and its `NAME.pl.md` are one publication in two languages. The date,
//! authors, series and number belong to the publication: a translation may leave them out and
//! takes them from the original, and one that gives them must agree with it. A translation
//! without an `image` of its own shows its original's, a file of the bundle they share.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::brief::Brief;
use super::profile::Term;
use super::taxonomy::TaxonomyId;
use super::terms::{self, Aliases};
use crate::error::Diagnostic;
use crate::lang::LangId;

/// Fills in each translation's publication fields from its original, and reports those that
/// disagree with it or that have no original to take them from. Authors and series agree when
/// they name the same terms, in any language or spelling (`profiles` give the other names).
pub(super) fn merge(briefs: &mut [Brief], profiles: &[Term], problems: &mut Vec<Diagnostic>) {
    // With no file named for a language (each key is its own file's path, so no two briefs
    // share one), each brief is its publication's only version and its own original: nothing
    // to take or check. Grouping 10,000 briefs by their paths cost a one-language site about a
    // twentieth of a no-change rebuild's instructions.
    if briefs
        .iter()
        .all(|brief| brief.lang == LangId::DEFAULT && brief.key == brief.source)
    {
        return;
    }
    let taxonomies = briefs.first().map_or(0, |b| b.names.len());
    let aliases = terms::aliases(taxonomies, profiles);
    let mut versions: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (i, brief) in briefs.iter().enumerate() {
        versions.entry(brief.key.clone()).or_default().push(i);
    }
    for members in versions.values() {
        // The original: the version in the default language, else the first that gives a date.
        let original = members
            .iter()
            .copied()
            .find(|&i| briefs[i].lang == LangId::DEFAULT)
            .or_else(|| members.iter().copied().find(|&i| briefs[i].given.date));
        for &i in members {
            match original {
                Some(o) if o != i => {
                    let from = briefs[o].clone();
                    take_from(&mut briefs[i], &from, &aliases, problems);
                }
                Some(_) => {}
                None => problems.push(
                    Diagnostic::error(
                        &briefs[i].source,
                        "this translation has no original and gives no `date` or `authors`",
                    )
                    .with_hint(
                        "add the original beside it, or give `date` and `authors` here, as a brief in this language only",
                    ),
                ),
            }
        }
    }
}

/// A translation is released with its original: it takes the original's `publish_at` and is
/// a draft while the original is. Its own `publish_at` must be the original's; its own
/// `draft = false` may not publish the translation of a draft. (A draft translation of a
/// published original is a translation in progress, as `new translation` writes it.)
fn release_with(
    translation: &mut Brief,
    original: &Brief,
    disagreements: &mut Vec<(&str, String, String)>,
) {
    let show = |at: Option<chrono::DateTime<chrono::FixedOffset>>| {
        at.map_or("not set".to_string(), |at| at.to_rfc3339())
    };
    if !translation.given.publish_at {
        translation.publish_at = original.publish_at;
    } else if translation.publish_at != original.publish_at {
        let ours = show(translation.publish_at);
        disagreements.push(("publish_at", ours, show(original.publish_at)));
    }
    if original.draft && translation.given.draft && !translation.draft {
        disagreements.push(("draft", "false".into(), "true".into()));
    }
    translation.draft |= original.draft;
}

/// Whether two lists of names name the same terms of a taxonomy.
fn same_terms(aliases: &Aliases, taxonomy: TaxonomyId, ours: &[String], theirs: &[String]) -> bool {
    let slugs = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .map(|name| terms::slug_of(aliases, taxonomy.index(), name))
            .collect()
    };
    slugs(ours) == slugs(theirs)
}

/// Takes the publication's fields from `original`; a field given in both must agree.
fn take_from(
    translation: &mut Brief,
    original: &Brief,
    aliases: &Aliases,
    problems: &mut Vec<Diagnostic>,
) {
    // (field, this file's value, the original's)
    let mut disagreements: Vec<(&str, String, String)> = Vec::new();
    if !translation.given.date {
        translation.date = original.date;
    } else if translation.date.date != original.date.date {
        let dates = (translation.date.date, original.date.date);
        disagreements.push(("date", dates.0.to_string(), dates.1.to_string()));
    }
    let list = |names: &[String]| format!("[{}]", names.join(", "));
    // Authors and series named as the original names them, or by another name of the same
    // terms (a series' Polish name), are the original's: one spelling from here on.
    for (field, given, taxonomy) in [
        ("authors", translation.given.authors, TaxonomyId::AUTHORS),
        ("series", translation.given.series, TaxonomyId::SERIES),
    ] {
        let t = taxonomy.index();
        let (ours, theirs) = (&translation.names[t], &original.names[t]);
        if !given || same_terms(aliases, taxonomy, ours, theirs) {
            translation.names[t] = theirs.clone();
        } else {
            disagreements.push((field, list(ours), list(theirs)));
        }
    }
    if !translation.given.number {
        translation.number = original.number;
    } else if translation.number != original.number {
        let show = |n: Option<u32>| n.map_or("none".to_string(), |n| n.to_string());
        disagreements.push(("number", show(translation.number), show(original.number)));
    }
    release_with(translation, original, &mut disagreements);
    // The image links show, from the bundle both share: the original's, unless the
    // translation names its own (one with its title in its language, say).
    if !translation.given.image && translation.bundle_dir == original.bundle_dir {
        translation.image = original.image.clone();
    }
    for (field, ours, theirs) in disagreements {
        problems.push(
            Diagnostic::error(
                &translation.source,
                format!(
                    "`{field}` is {ours} here but {theirs} in the original {}",
                    original.source.display()
                ),
            )
            .at(translation.key_line(field), 1)
            .with_hint(format!(
                "a translation shares its original's `{field}`: remove it here, or make them agree"
            )),
        );
    }
}
