//! Resolving names to terms: each taxonomy's terms come from its profiles and from the names
//! briefs give; a profile's translations (`energy.pl.md`) give a term its name in another
//! language, and a brief may name the term by either name.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::brief::Brief;
use super::profile::Term;
use super::taxonomy::{Taxonomy, TaxonomyDef, TaxonomyId, TermId};
use crate::error::Diagnostic;
use crate::lang::LangId;
use crate::slug::slugify;

/// The key names are sorted by: case and accents ignored.
fn sort_name(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// For each taxonomy, the slug of the name each translated profile gives its term, mapped to
/// the term's slug: "energetyka" → "energy".
pub(super) type Aliases = Vec<HashMap<String, String>>;

/// The aliases that translated profiles give terms.
pub(super) fn aliases(taxonomies: usize, profiles: &[Term]) -> Aliases {
    let mut aliases: Aliases = vec![HashMap::new(); taxonomies];
    for t in profiles.iter().filter(|t| t.lang != LangId::DEFAULT) {
        if let Some(names) = aliases.get_mut(t.taxonomy.index()) {
            names.insert(slugify(&t.name), t.slug.clone());
        }
    }
    aliases
}

/// The slug of the term a name names in a taxonomy, in whatever language.
pub(super) fn slug_of(aliases: &Aliases, taxonomy: usize, name: &str) -> String {
    let slug = slugify(name);
    let alias = aliases.get(taxonomy).and_then(|names| names.get(&slug));
    alias.cloned().unwrap_or(slug)
}

/// Each taxonomy's terms by slug.
type BySlug = Vec<BTreeMap<String, Term>>;

/// Builds every taxonomy from the profiles and the briefs' names.
pub(super) fn resolve(
    defs: &[TaxonomyDef],
    briefs: &[Brief],
    profiles: Vec<Term>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Taxonomy> {
    let aliases = aliases(defs.len(), &profiles);
    let (mut terms, mut unnamed) = from_profiles(defs.len(), profiles);
    let slug_of = |t: usize, name: &str| slug_of(&aliases, t, name);
    for brief in briefs {
        for (t, names) in brief.names.iter().enumerate() {
            for name in names {
                let slug = slug_of(t, name);
                if slug.is_empty() {
                    problems.push(
                        Diagnostic::error(
                            &brief.source,
                            format!("the name `{name}` gives an empty URL"),
                        )
                        .with_hint("use a name with letters or digits")
                        .at(brief.key_line(&defs[t].name), 1),
                    );
                    continue;
                }
                let term = terms[t]
                    .entry(slug.clone())
                    .or_insert_with(|| Term::bare(TaxonomyId::of(t), name, slug.clone()));
                if brief.lang == LangId::DEFAULT && unnamed.remove(&(t, slug)) {
                    term.name.clone_from(name);
                }
            }
        }
    }
    defs.iter()
        .zip(terms)
        .enumerate()
        .map(|(t, (def, by_slug))| taxonomy(TaxonomyId::of(t), def, by_slug, briefs, &slug_of))
        .collect()
}

/// The terms that have profiles, each with its translations, and the terms made by a
/// translated profile alone: those are named in that language until a brief in the default
/// language names them.
fn from_profiles(taxonomies: usize, profiles: Vec<Term>) -> (BySlug, HashSet<(usize, String)>) {
    let mut terms: BySlug = vec![BTreeMap::new(); taxonomies];
    let (originals, translations): (Vec<Term>, Vec<Term>) = profiles
        .into_iter()
        .partition(|t| t.lang == LangId::DEFAULT);
    for mut term in originals {
        // A profile from the build cache was saved with the translations of its last build:
        // they are attached again below, from this build's files.
        term.translations.clear();
        terms[term.taxonomy.index()].insert(term.slug.clone(), term);
    }
    let mut unnamed: HashSet<(usize, String)> = HashSet::new();
    for translation in translations {
        let t = translation.taxonomy.index();
        let slug = translation.slug.clone();
        let term = terms[t].entry(slug.clone()).or_insert_with(|| {
            unnamed.insert((t, slug.clone()));
            Term::bare(translation.taxonomy, &translation.name, slug)
        });
        term.translations.push(translation.into_text());
    }
    for term in terms.iter_mut().flat_map(|t| t.values_mut()) {
        term.translations.sort_by_key(|t| t.lang);
    }
    (terms, unnamed)
}

/// One taxonomy: its terms A–Z, and the terms each brief names.
fn taxonomy(
    id: TaxonomyId,
    def: &TaxonomyDef,
    by_slug: BTreeMap<String, Term>,
    briefs: &[Brief],
    slug_of: &dyn Fn(usize, &str) -> String,
) -> Taxonomy {
    let t = id.index();
    let mut list: Vec<Term> = by_slug.into_values().collect();
    list.sort_by_cached_key(|term| (sort_name(&term.name), term.slug.clone()));
    let position: HashMap<&str, TermId> = list
        .iter()
        .enumerate()
        .map(|(i, term)| (term.slug.as_str(), TermId::of(i)))
        .collect();
    // Two spellings of one name in a brief ("NATO", "Nato"), or a term named in two
    // languages, are one term, named once: else the brief would be counted, listed and
    // fed twice under it.
    let of_brief = briefs
        .iter()
        .map(|b| {
            let mut ids: Vec<TermId> = Vec::new();
            for name in b.names_in(id) {
                if let Some(&id) = position.get(slug_of(t, name).as_str())
                    && !ids.contains(&id)
                {
                    ids.push(id);
                }
            }
            ids
        })
        .collect();
    drop(position);
    Taxonomy {
        def: def.clone(),
        terms: list,
        of_brief,
    }
}
