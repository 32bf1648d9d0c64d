//! Files that accompany the pages: Atom feeds, the sitemap, robots.txt, and each brief's
//! citation downloads.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use crate::content::{Indexes, Library, Term};
use crate::publish::Record;
use crate::publish::feeds::{self, FeedSpec};
use crate::publish::sitemap::{self, SitemapEntry};

/// Files that accompany the pages, made together and only when needed.
pub(super) struct Companion<'a> {
    /// Where they go; never empty.
    pub(super) paths: Vec<PathBuf>,
    /// What their contents depend on; `None` for files that are always made again.
    pub(super) fingerprint: Option<u64>,
    /// Makes their contents, in the order of `paths`.
    pub(super) make: Box<dyn FnOnce() -> Vec<String> + Send + 'a>,
}

fn hash_of(parts: impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

/// Feeds, sitemap, robots.txt and citation files. `global` fingerprints what every file shows.
pub(super) fn companion_files<'a>(
    library: &'a Library,
    indexes: &'a Indexes,
    sitemap_entries: &[SitemapEntry],
    global: u64,
) -> Vec<Companion<'a>> {
    let config = &library.config;
    let stamps = |briefs: &[usize]| -> Vec<u64> {
        briefs.iter().map(|&i| library.briefs[i].stamp).collect()
    };
    let mut files: Vec<Companion<'a>> = Vec::new();
    for spec in feed_specs(library, indexes) {
        let shown = &spec.briefs[..spec.briefs.len().min(config.feeds.entries)];
        files.push(Companion {
            paths: vec![spec.path.clone().into()],
            fingerprint: Some(hash_of((global, &spec.title, stamps(shown)))),
            make: Box::new(move || vec![feeds::atom(library, &spec)]),
        });
    }
    for (name, xml) in sitemap::sitemaps(sitemap_entries, |name| config.permalink(name)) {
        files.push(Companion {
            paths: vec![name.into()],
            fingerprint: None,
            make: Box::new(move || vec![xml]),
        });
    }
    let robots = sitemap::robots(&config.permalink("sitemap.xml"));
    files.push(Companion {
        paths: vec!["robots.txt".into()],
        fingerprint: None,
        make: Box::new(move || vec![robots]),
    });
    for (i, brief) in library.briefs.iter().enumerate() {
        let dir = brief.path();
        files.push(Companion {
            paths: ["cite.bib", "cite.ris", "cite.json"]
                .iter()
                .map(|f| format!("{dir}{f}").into())
                .collect(),
            fingerprint: Some(hash_of((global, brief.stamp))),
            make: Box::new(move || {
                let record = Record::of(library, i);
                vec![record.bibtex(), record.ris(), record.csl_json()]
            }),
        });
    }
    files
}

/// The site's feed and one per author, topic and series.
fn feed_specs<'a>(library: &Library, indexes: &'a Indexes) -> Vec<FeedSpec<'a>> {
    let all: &'a [usize] = &indexes.all;
    let mut specs = vec![FeedSpec {
        title: library.config.title.clone(),
        path: "feed.xml".into(),
        page_path: String::new(),
        briefs: all,
    }];
    let kinds: [(&[Term], &'a [Vec<usize>]); 3] = [
        (&library.authors, &indexes.by_author),
        (&library.topics, &indexes.by_topic),
        (&library.series, &indexes.by_series),
    ];
    for (terms, briefs) in kinds {
        for (term, briefs) in terms.iter().zip(briefs) {
            specs.push(FeedSpec {
                title: format!("{}: {}", library.config.title, term.name),
                path: feed_path(term),
                page_path: term.path(),
                briefs,
            });
        }
    }
    specs
}

/// Where a term's feed goes: `authors/{slug}/feed.xml`.
pub(super) fn feed_path(term: &Term) -> String {
    format!("{}feed.xml", term.path())
}
