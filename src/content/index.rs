//! Indexes of the loaded briefs: by author, topic, series and year, built once from the model.

use std::collections::BTreeMap;

use super::Library;

/// Positions in `Library::briefs` (so newest first), grouped every way the site lists them.
#[derive(Debug, Default)]
pub struct Indexes {
    /// For each author (same order as `Library::authors`), their briefs.
    pub by_author: Vec<Vec<usize>>,
    /// For each topic, its briefs.
    pub by_topic: Vec<Vec<usize>>,
    /// For each series, its briefs.
    pub by_series: Vec<Vec<usize>>,
    /// For each year with briefs, newest year first, its briefs.
    pub by_year: Vec<(i32, Vec<usize>)>,
}

impl Indexes {
    /// Groups the library's briefs in one pass over them.
    pub fn build(library: &Library) -> Indexes {
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
        Indexes {
            by_author,
            by_topic,
            by_series,
            by_year: by_year.into_iter().rev().collect(),
        }
    }
}
