//! Indexes of the loaded briefs: by author, topic, series and year, built once from the model.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::Library;

/// How many related briefs each brief lists.
pub(crate) const RELATED: usize = 5;

/// Positions in `Library::briefs` (so newest first), grouped every way the site lists them.
#[derive(Debug, Default)]
pub(crate) struct Indexes {
    /// For each author (same order as `Library::authors`), their briefs.
    pub(crate) by_author: Vec<Vec<usize>>,
    /// For each topic, its briefs.
    pub(crate) by_topic: Vec<Vec<usize>>,
    /// For each series, its briefs.
    pub(crate) by_series: Vec<Vec<usize>>,
    /// For each year with briefs, newest year first, its briefs.
    pub(crate) by_year: Vec<(i32, Vec<usize>)>,
    /// Every brief, newest first: `0..n`, kept as a list so it can be sliced like the others.
    pub(crate) all: Vec<usize>,
    /// For each brief, up to [`RELATED`] others: most shared topics, then most shared authors,
    /// then the newest.
    pub(crate) related: Vec<Vec<usize>>,
    /// For each brief, the one before it in its series (older), if any.
    pub(crate) series_previous: Vec<Option<usize>>,
    /// For each brief, the one after it in its series (newer), if any.
    pub(crate) series_next: Vec<Option<usize>>,
}

impl Indexes {
    /// Groups the library's briefs in one pass over them.
    pub(crate) fn build(library: &Library) -> Indexes {
        let mut by_author = vec![Vec::new(); library.authors.len()];
        let mut by_topic = vec![Vec::new(); library.topics.len()];
        let mut by_series = vec![Vec::new(); library.series.len()];
        let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for (i, brief) in library.briefs.iter().enumerate() {
            for &a in &library.brief_authors[i] {
                by_author[a].push(i);
            }
            for &t in &library.brief_topics[i] {
                by_topic[t].push(i);
            }
            if let Some(s) = library.brief_series[i] {
                by_series[s].push(i);
            }
            by_year.entry(brief.year()).or_default().push(i);
        }
        let mut series_previous = vec![None; library.briefs.len()];
        let mut series_next = vec![None; library.briefs.len()];
        for briefs in &by_series {
            // Newest first: the previous issue is the next in the list.
            for pair in briefs.windows(2) {
                series_previous[pair[0]] = Some(pair[1]);
                series_next[pair[1]] = Some(pair[0]);
            }
        }
        let related = related_briefs(library, &by_author, &by_topic);
        Indexes {
            by_author,
            by_topic,
            by_series,
            by_year: by_year.into_iter().rev().collect(),
            all: (0..library.briefs.len()).collect(),
            related,
            series_previous,
            series_next,
        }
    }
}

/// Ranks, for every brief, the briefs that share a topic or an author with it.
fn related_briefs(
    library: &Library,
    by_author: &[Vec<usize>],
    by_topic: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    const TOPIC_WEIGHT: u32 = 1 << 16;
    let n = library.briefs.len();
    (0..n)
        .into_par_iter()
        .map_init(
            // Per thread: a score for every brief, and which ones were touched, to reset cheaply.
            || (vec![0u32; n], Vec::<usize>::new()),
            |(scores, touched), i| {
                let mut add = |lists: &[usize], members: &[Vec<usize>], weight: u32| {
                    for &list in lists {
                        for &other in &members[list] {
                            if other != i {
                                if scores[other] == 0 {
                                    touched.push(other);
                                }
                                scores[other] += weight;
                            }
                        }
                    }
                };
                add(&library.brief_topics[i], by_topic, TOPIC_WEIGHT);
                add(&library.brief_authors[i], by_author, 1);
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
                related.extend(ranked.iter().map(|&(_, o)| o));
                related
            },
        )
        .collect()
}
