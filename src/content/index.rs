//! Indexes of the loaded briefs: by the terms of every taxonomy and by year, built once from
//! the model.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Library;
use super::taxonomy::{BriefId, TaxonomyId, TermId};
use crate::lang::LangId;

/// How many related briefs each brief lists.
pub(crate) const RELATED: usize = 5;

/// Related briefs are drawn from the briefs at most this many places away in publication
/// order (newer or older). Every brief sharing a topic is a candidate, and with a few dozen
/// topics a tenth of the site shares one: unbounded, ranking grows with the square of the site
/// (0.6 s at 10,000 briefs, 50 s at 100,000 on a loaded machine). Sites up to this size rank
/// among all their briefs; larger ones among the nearest, in time linear in their size.
const NEAREST: usize = 10_000;

/// One language's briefs (newest first), grouped every way its listings show them.
#[derive(Debug, Default)]
pub(crate) struct LangIndex {
    /// For each taxonomy, for each of its terms, its briefs in this language.
    pub(crate) members: Vec<Vec<Vec<BriefId>>>,
    /// For each year with briefs, newest year first, its briefs.
    pub(crate) by_year: Vec<(i32, Vec<BriefId>)>,
    /// Every brief in this language, newest first.
    pub(crate) all: Vec<BriefId>,
}

/// The briefs grouped every way the site lists them, per language.
#[derive(Debug, Default)]
pub(crate) struct Indexes {
    /// Per language, in `Config::languages` order.
    pub(crate) langs: Vec<LangIndex>,
    /// For each brief, up to [`RELATED`] others in its language: most shared topics, then
    /// most shared authors, then the newest; with a key of everything the ranking reads.
    pub(crate) related: (u64, Vec<Vec<BriefId>>),
    /// For each brief, the one before it in its series and language (older), if any.
    pub(crate) series_previous: Vec<Option<BriefId>>,
    /// For each brief, the one after it in its series and language (newer), if any.
    pub(crate) series_next: Vec<Option<BriefId>>,
}

impl Indexes {
    /// Groups the library's briefs in one pass over them; the related briefs are taken from
    /// `cached` when they were ranked from the same briefs, topics and authors.
    pub(crate) fn build(library: &Library, cached: Option<(u64, Vec<Vec<BriefId>>)>) -> Indexes {
        let mut langs: Vec<LangIndex> = library
            .config
            .languages
            .iter()
            .map(|_| LangIndex {
                members: library
                    .taxonomies
                    .iter()
                    .map(|t| vec![Vec::new(); t.terms.len()])
                    .collect(),
                ..LangIndex::default()
            })
            .collect();
        let mut by_year: Vec<BTreeMap<i32, Vec<BriefId>>> = vec![BTreeMap::new(); langs.len()];
        for id in library.brief_ids() {
            let brief = library.brief(id);
            let lang = &mut langs[brief.lang.index()];
            lang.all.push(id);
            for (taxonomy, lists) in library.taxonomies.iter().zip(&mut lang.members) {
                for term in &taxonomy.of_brief[id.index()] {
                    lists[term.index()].push(id);
                }
            }
            by_year[brief.lang.index()]
                .entry(brief.year())
                .or_default()
                .push(id);
        }
        for (lang, years) in langs.iter_mut().zip(by_year) {
            lang.by_year = years.into_iter().rev().collect();
        }
        let mut series_previous = vec![None; library.briefs.len()];
        let mut series_next = vec![None; library.briefs.len()];
        for lang in &langs {
            for briefs in &lang.members[TaxonomyId::SERIES.index()] {
                // Newest first: the previous issue is the next in the list.
                for pair in briefs.windows(2) {
                    series_previous[pair[0].index()] = Some(pair[1]);
                    series_next[pair[1].index()] = Some(pair[0]);
                }
            }
        }
        let key = related_key(library);
        let related = match cached {
            Some((cached_key, related)) if cached_key == key => related,
            _ => related_briefs(library, &langs),
        };
        Indexes {
            langs,
            related: (key, related),
            series_previous,
            series_next,
        }
    }

    /// One language's index.
    pub(crate) fn lang(&self, lang: LangId) -> &LangIndex {
        &self.langs[lang.index()]
    }

    /// A term's briefs in a language, newest first.
    pub(crate) fn members(&self, lang: LangId, taxonomy: TaxonomyId, term: TermId) -> &[BriefId] {
        &self.langs[lang.index()].members[taxonomy.index()][term.index()]
    }
}

/// A key of everything the related briefs are ranked from: each brief's topics and authors.
fn related_key(library: &Library) -> u64 {
    use std::hash::Hasher;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.write_usize(RELATED);
    hasher.write_usize(NEAREST);
    hasher.write_usize(library.briefs.len());
    for brief in &library.briefs {
        hasher.write_u8(brief.lang.0);
    }
    for taxonomy in [TaxonomyId::TOPICS, TaxonomyId::AUTHORS] {
        for terms in &library.taxonomy(taxonomy).of_brief {
            hasher.write_usize(terms.len());
            for term in terms {
                hasher.write_u32(term.0);
            }
        }
    }
    hasher.finish()
}

/// The members of a term's list (in brief order) at most [`NEAREST`] places from brief `i`.
fn nearest(members: &[BriefId], i: usize) -> &[BriefId] {
    let start = members.partition_point(|b| b.index() + NEAREST < i);
    let end = members.partition_point(|b| b.index() <= i + NEAREST);
    &members[start..end]
}

/// Ranks, for every brief, the briefs that share a topic or an author with it, among the
/// [`NEAREST`] on either side.
fn related_briefs(library: &Library, langs: &[LangIndex]) -> Vec<Vec<BriefId>> {
    const TOPIC_WEIGHT: u32 = 1 << 16;
    let n = library.briefs.len();
    (0..n)
        .into_par_iter()
        .map_init(
            // Per thread: a score for every brief, and which ones were touched, to reset cheaply.
            || (vec![0u32; n], Vec::<usize>::new()),
            |(scores, touched), i| {
                // Only briefs in its own language: a reader of the Polish page reads Polish.
                let members = &langs[library.briefs[i].lang.index()].members;
                let mut add = |taxonomy: TaxonomyId, weight: u32| {
                    let lists = &members[taxonomy.index()];
                    for term in &library.taxonomy(taxonomy).of_brief[i] {
                        for other in nearest(&lists[term.index()], i).iter().map(|b| b.index()) {
                            if other != i {
                                if scores[other] == 0 {
                                    touched.push(other);
                                }
                                scores[other] += weight;
                            }
                        }
                    }
                };
                add(TaxonomyId::TOPICS, TOPIC_WEIGHT);
                add(TaxonomyId::AUTHORS, 1);
                let mut ranked: Vec<(u32, usize)> =
                    touched.iter().map(|&o| (scores[o], o)).collect();
                for &o in touched.iter() {
                    scores[o] = 0;
                }
                touched.clear();
                // Highest score first; among equals the lower position, which is the newer brief.
                let order = |a: &(u32, usize), b: &(u32, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
                if ranked.len() > RELATED {
                    ranked.select_nth_unstable_by(RELATED, order);
                    ranked.truncate(RELATED);
                }
                ranked.sort_by(order);
                // Not `into_iter().collect()`: that reuses `ranked`'s buffer in place, which
                // keeps room for every candidate (tens of kilobytes) in each of the results.
                let mut related = Vec::with_capacity(ranked.len());
                related.extend(ranked.iter().map(|&(_, o)| BriefId::of(o)));
                related
            },
        )
        .collect()
}

/// Whether a term has a page (and a feed) in a language: every term in the default language,
/// and in another one a term with briefs or a profile in it.
pub(crate) fn term_has_page(
    library: &Library,
    indexes: &Indexes,
    lang: LangId,
    taxonomy: TaxonomyId,
    term: TermId,
) -> bool {
    lang == LangId::DEFAULT
        || !indexes.members(lang, taxonomy, term).is_empty()
        || library
            .taxonomy(taxonomy)
            .term(term)
            .text_in(lang)
            .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_keeps_the_members_within_reach_of_a_brief() {
        let members: Vec<BriefId> = (0..40_000).step_by(3).map(BriefId::of).collect();
        let near = nearest(&members, 15_000);
        assert_eq!(near.first().map(|b| b.index()), Some(5_001));
        assert_eq!(near.last().map(|b| b.index()), Some(24_999));
        // A site within reach of every brief ranks among all of them.
        assert_eq!(nearest(&members[..100], 50).len(), 100);
        assert_eq!(nearest(&members, 0).last().map(|b| b.index()), Some(9_999));
    }
}
