//! Files that accompany the pages: Atom feeds, the sitemap, robots.txt, and each brief's
//! citation downloads.

use rayon::prelude::*;

use crate::content::{Indexes, Library, Term};
use crate::output::{Contents, OutputFile};
use crate::publish::Record;
use crate::publish::feeds::{self, FeedSpec};
use crate::publish::sitemap::{self, SitemapEntry};

fn text_file(path: String, text: String) -> OutputFile {
    OutputFile {
        path: path.into(),
        contents: Contents::Bytes(text.into_bytes()),
    }
}

/// Feeds, sitemap, robots.txt and citation files.
pub(super) fn companion_files(
    library: &Library,
    indexes: &Indexes,
    sitemap_entries: &[SitemapEntry],
) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = feed_specs(library, indexes)
        .par_iter()
        .map(|spec| text_file(spec.path.clone(), feeds::atom(library, spec)))
        .collect();
    let config = &library.config;
    for (name, xml) in sitemap::sitemaps(sitemap_entries, |name| config.permalink(name)) {
        files.push(text_file(name, xml));
    }
    files.push(text_file(
        "robots.txt".into(),
        sitemap::robots(&config.permalink("sitemap.xml")),
    ));
    let citations: Vec<OutputFile> = (0..library.briefs.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let record = Record::of(library, i);
            let dir = library.briefs[i].path();
            [
                text_file(format!("{dir}cite.bib"), record.bibtex()),
                text_file(format!("{dir}cite.ris"), record.ris()),
                text_file(format!("{dir}cite.json"), record.csl_json()),
            ]
        })
        .collect();
    files.extend(citations);
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
