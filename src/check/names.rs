//! `check`'s checks of names: names with no profile, one name spelled two ways or one edit
//! apart, and translations left behind by their originals.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::warning_at_key;
use crate::content::Taxonomy;
use crate::content::{Brief, Library, TaxonomyId};
use crate::error::Diagnostic;
use crate::slug::slugify;

/// The `dossier new` arguments that write a term's profile: `author "Ann Lee"`, `term regions
/// "Baltic States"`.
fn new_command(taxonomy: &str, name: &str) -> String {
    let quoted = format!("\"{}\"", name.replace('"', "\\\""));
    match taxonomy {
        "authors" => format!("author {quoted}"),
        "topics" => format!("topic {quoted}"),
        "series" => format!("series {quoted}"),
        other => format!("term {other} {quoted}"),
    }
}

/// Every spelling of each slug, with the first brief that uses it (oldest first).
type Spellings<'l> = BTreeMap<String, BTreeMap<&'l str, &'l Brief>>;

/// Names with no profile, and names that are probably typos of one another, in every taxonomy.
pub(super) fn check_names(library: &Library) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (t, taxonomy) in library.taxonomies.iter().enumerate() {
        let id = TaxonomyId::of(t);
        let key = taxonomy.def.name.as_str();
        let mut spellings: Spellings<'_> = BTreeMap::new();
        for (b, brief) in library.briefs.iter().enumerate().rev() {
            for name in brief.names_in(id) {
                spellings
                    .entry(slugify(name))
                    .or_default()
                    .entry(name.as_str())
                    .or_insert_with(|| written_in(library, b, key));
            }
        }
        no_profile(taxonomy, &spellings, &mut problems);
        spelled_two_ways(&taxonomy.def.name, &spellings, &mut problems);
        likely_typos(library, (id, taxonomy), &spellings, &mut problems);
    }
    problems
}

/// The brief whose front matter writes the names a brief gives under `key`: its own, or, for a
/// translation that leaves them to its original, the original's, so that a warning about a
/// name points at the line where it is written.
fn written_in<'l>(library: &'l Library, b: usize, key: &str) -> &'l Brief {
    let brief = &library.briefs[b];
    if brief.key_lines.has(key) {
        return brief;
    }
    library.versions[b]
        .iter()
        .map(|&v| &library.briefs[v])
        .find(|v| v.lang == crate::lang::LangId::DEFAULT)
        .filter(|original| original.key_lines.has(key))
        .unwrap_or(brief)
}

/// Each term named in a brief that has no profile, at the first brief that names it.
fn no_profile(taxonomy: &Taxonomy, spellings: &Spellings<'_>, problems: &mut Vec<Diagnostic>) {
    let key = taxonomy.def.name.as_str();
    for term in taxonomy.terms.iter().filter(|t| t.source.is_none()) {
        if let Some((_, brief)) = spellings.get(&term.slug).and_then(|s| s.iter().next()) {
            let kind = taxonomy.def.singular.to_lowercase();
            problems.push(warning_at_key(
                brief,
                key,
                format!("{kind} `{}` has no profile", term.name),
                format!(
                    "add content/{key}/{}.md to describe it: `dossier new {}`",
                    term.slug,
                    new_command(key, &term.name)
                ),
            ));
        }
    }
}

/// One name spelled two ways (same slug): each later spelling, at its first brief.
fn spelled_two_ways(key: &str, spellings: &Spellings<'_>, problems: &mut Vec<Diagnostic>) {
    for variants in spellings.values().filter(|s| s.len() > 1) {
        let names: Vec<&str> = variants.keys().copied().collect();
        for (name, brief) in variants.iter().skip(1) {
            // Two spellings that look the same are shown character by character.
            let message = if crate::text::look_alike(name, names[0]) {
                format!(
                    "`{name}` is also written `{}` elsewhere: they look the same but are encoded differently (`{}` and `{}`)",
                    names[0],
                    crate::text::spelled_out(name),
                    crate::text::spelled_out(names[0])
                )
            } else {
                format!("`{name}` is also written `{}` elsewhere", names[0])
            };
            problems.push(warning_at_key(
                brief,
                key,
                message,
                "use one spelling everywhere",
            ));
        }
    }
}

/// Names one edit apart that are not one term's names in its languages: the rarer spelling
/// (on a tie, the newer) is the likely typo.
fn likely_typos(
    library: &Library,
    (id, taxonomy): (TaxonomyId, &Taxonomy),
    spellings: &Spellings<'_>,
    problems: &mut Vec<Diagnostic>,
) {
    let key = taxonomy.def.name.as_str();
    // How many briefs give each spelling, counted in one pass.
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for brief in &library.briefs {
        for name in brief.names_in(id) {
            *uses.entry(name.as_str()).or_default() += 1;
        }
    }
    let names: Vec<(&str, &Brief, usize)> = spellings
        .values()
        .filter_map(|s| s.iter().next().map(|(n, b)| (*n, *b, uses[n])))
        .collect();
    // A term's names in its languages ("Europe", "Europa") are no typos of each other.
    let term_of: HashMap<String, &str> = taxonomy
        .terms
        .iter()
        .flat_map(|term| {
            let translated = term.translations.iter().map(|t| &t.name);
            let names = std::iter::once(&term.name).chain(translated);
            names.map(|name| (slugify(name), term.slug.as_str()))
        })
        .collect();
    let term_slug = |name: &str| {
        let slug = slugify(name);
        term_of.get(&slug).map_or(slug, |s| (*s).to_string())
    };
    for (i, j) in typo_candidates(names.iter().map(|(n, _, _)| *n)) {
        let ((a, a_brief, a_uses), (b, b_brief, b_uses)) = (&names[i], &names[j]);
        if !looks_like_typo(a, b) || term_slug(a) == term_slug(b) {
            continue;
        }
        let a_is_typo =
            a_uses < b_uses || (a_uses == b_uses && a_brief.date.date > b_brief.date.date);
        let ((typo, brief), right) = if a_is_typo {
            ((a, a_brief), b)
        } else {
            ((b, b_brief), a)
        };
        problems.push(warning_at_key(
            brief,
            key,
            format!("`{typo}` looks like a typo of `{right}`"),
            "if they are the same, use one spelling everywhere",
        ));
    }
}

/// Translations left behind: an original revised after its translation was, and a term a
/// translation names that has no name in the translation's language.
pub(super) fn check_translations(library: &Library) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let config = &library.config;
    for (i, brief) in library.briefs.iter().enumerate() {
        if brief.lang == crate::lang::LangId::DEFAULT {
            continue;
        }
        let language = &config.lang(brief.lang).code;
        let original = library.versions[i]
            .iter()
            .map(|&v| &library.briefs[v])
            .find(|b| b.lang == crate::lang::LangId::DEFAULT);
        if let Some(revised) = original.and_then(|o| o.updated) {
            let translated = brief.updated.unwrap_or(brief.date);
            if revised.date > translated.date {
                let default = &config.lang(crate::lang::LangId::DEFAULT).code;
                problems.push(warning_at_key(
                    brief,
                    "updated",
                    format!(
                        "the `{default}` version changed on {}, after this translation",
                        revised.date
                    ),
                    "bring the translation up to date, then set its `updated` to the day you did",
                ));
            }
        }
        for (t, taxonomy) in library.taxonomies.iter().enumerate() {
            if t == TaxonomyId::AUTHORS.index() {
                continue; // A person's name is the same in every language.
            }
            let id = crate::content::BriefId::of(i);
            for term in taxonomy
                .terms_of(id)
                .filter(|term| term.text_in(brief.lang).is_none() && term.lang != brief.lang)
            {
                problems.push(warning_at_key(
                    brief,
                    &taxonomy.def.name,
                    format!(
                        "{} `{}` has no `{language}` name: its `{language}` pages show `{}`",
                        taxonomy.def.singular.to_lowercase(),
                        term.name,
                        term.name
                    ),
                    format!(
                        "add content/{}/{}.{language}.md with its `{language}` `name`",
                        taxonomy.def.name, term.slug
                    ),
                ));
            }
        }
    }
    problems
}

/// The pairs of names (by position) that may be one edit apart: those that share a form with
/// one character deleted, the candidates a check of every pair would find, in linear time
/// instead of quadratic (8,000 authors took 54 s). Each pair once, the lower position first.
pub(super) fn typo_candidates<'n>(names: impl Iterator<Item = &'n str>) -> Vec<(usize, usize)> {
    let mut buckets: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, name) in names.enumerate() {
        let folded: Vec<char> = deunicode::deunicode(name).to_lowercase().chars().collect();
        let mut forms: BTreeSet<String> = BTreeSet::new();
        forms.insert(folded.iter().collect());
        for skip in 0..folded.len() {
            let form: String = folded
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != skip)
                .map(|(_, c)| c)
                .collect();
            forms.insert(form);
        }
        for form in forms {
            buckets.entry(form).or_default().push(i);
        }
    }
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for members in buckets.values().filter(|m| m.len() > 1) {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    pairs.into_iter().collect()
}

/// Two different names one small edit apart ("Jon Smith" / "John Smith").
pub(super) fn looks_like_typo(a: &str, b: &str) -> bool {
    let (a, b) = (
        deunicode::deunicode(a).to_lowercase(),
        deunicode::deunicode(b).to_lowercase(),
    );
    a != b
        && a.len().min(b.len()) >= 5
        && strsim::damerau_levenshtein(&a, &b) == 1
        && !differ_in_numbers_only(&a, &b)
}

/// Whether two names are the same but for their numbers ("Article 5" and "Article 4", "COP29"
/// and "COP28", "EU-28" and "EU-27"): numbered names, no typos.
fn differ_in_numbers_only(a: &str, b: &str) -> bool {
    let letters = |s: &str| -> String { s.chars().filter(|c| !c.is_ascii_digit()).collect() };
    let has_digits = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    has_digits(a) && has_digits(b) && letters(a) == letters(b)
}
