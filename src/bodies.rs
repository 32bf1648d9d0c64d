//! The markdown stage, between the model and the emitters: the HTML of every body the model
//! holds (briefs, pages, profiles and their translations), rendered as its language and the
//! site present it ([`Style`]: the notes' words, the base path, what becomes of raw HTML).
//! A body whose file and style are those of an earlier render is taken from it
//! ([`RenderedBodies`], which the build cache keeps) instead of being rendered again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::Library;
use crate::lang::LangId;
use crate::markdown::{self, Body, Html, Style};

/// Bodies rendered by an earlier render, by file and the fingerprint of the file's text and
/// style. The build cache keeps them between runs.
pub(crate) trait RenderedBodies: Send + Sync {
    /// The HTML rendered from `source` when its text and style had the fingerprint `stamp`.
    fn get(&self, source: &Path, stamp: u64) -> Option<Html>;
    /// Keeps what `source` rendered to.
    fn put(&self, source: &Path, stamp: u64, html: &Html);
}

/// The HTML of every body in the model, by the file it was written in.
#[derive(Debug, Default)]
pub(crate) struct Bodies {
    by_source: HashMap<PathBuf, (u64, Html)>,
}

/// A body to render: its file, the fingerprint of the file's text, its language.
type Job<'l> = (&'l Path, u64, LangId, &'l Body);

impl Bodies {
    /// Renders every body of `library`, each in its language's style (`styles`, in
    /// `Config::languages` order), taking from `earlier` what it rendered from the same text
    /// in the same style.
    pub(crate) fn render(
        library: &Library,
        styles: &[Style],
        earlier: Option<&dyn RenderedBodies>,
    ) -> Bodies {
        render_jobs(jobs(library), styles, earlier)
    }

    /// The HTML of the body written in `source`; empty for a file without one.
    pub(crate) fn html(&self, source: &Path) -> &Html {
        self.get(source).0
    }

    /// The HTML of the body written in `source` and its fingerprint ([`Bodies::stamp`]).
    pub(crate) fn get(&self, source: &Path) -> (&Html, u64) {
        static EMPTY: Html = Html {
            html: String::new(),
            lead_len: 0,
        };
        self.by_source
            .get(source)
            .map_or((&EMPTY, 0), |(stamp, html)| (html, *stamp))
    }

    /// A fingerprint of the HTML of the body written in `source`: of the file's text and of
    /// the style it was rendered in. 0 for a file without a body.
    pub(crate) fn stamp(&self, source: &Path) -> u64 {
        self.get(source).1
    }

    /// Every body rendered: its file, fingerprint and HTML, for the build cache to keep.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Path, u64, &Html)> {
        self.by_source
            .iter()
            .map(|(source, (stamp, html))| (source.as_path(), *stamp, html))
    }
}

/// Every body of the model, with its file, the file's fingerprint and its language.
fn jobs(library: &Library) -> Vec<Job<'_>> {
    let mut jobs: Vec<Job<'_>> = library
        .briefs
        .iter()
        .map(|b| (b.source.as_path(), b.stamp, b.lang, &b.content))
        .collect();
    jobs.extend(
        library
            .pages
            .iter()
            .map(|p| (p.source.as_path(), p.stamp, p.lang, &p.content)),
    );
    for term in library.taxonomies.iter().flat_map(|t| &t.terms) {
        if let (Some(source), Some(body)) = (&term.source, &term.body) {
            jobs.push((source.as_path(), term.stamp, term.lang, body));
        }
        for text in &term.translations {
            if let Some(body) = &text.body {
                jobs.push((text.source.as_path(), text.stamp, text.lang, body));
            }
        }
    }
    jobs
}

/// Renders each body in its language's style, taking from `earlier` what it rendered from the
/// same text in the same style.
fn render_jobs(
    jobs: Vec<Job<'_>>,
    styles: &[Style],
    earlier: Option<&dyn RenderedBodies>,
) -> Bodies {
    let english = Style::default();
    let by_source = jobs
        .into_par_iter()
        .map(|(source, stamp, lang, body)| {
            let style = styles.get(lang.index()).unwrap_or(&english);
            let stamp = style_stamp(stamp, style);
            let html = match earlier.and_then(|e| e.get(source, stamp)) {
                Some(html) => html,
                None => {
                    let html = markdown::to_html(body, style);
                    if let Some(earlier) = earlier {
                        earlier.put(source, stamp, &html);
                    }
                    html
                }
            };
            (source.to_path_buf(), (stamp, html))
        })
        .collect();
    Bodies { by_source }
}

/// The fingerprint of a body's HTML: its file's text (`file_stamp`) presented in `style`.
fn style_stamp(file_stamp: u64, style: &Style) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    file_stamp.hash(&mut hasher);
    style.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// What a render asked for and kept.
    #[derive(Default)]
    struct Kept {
        entries: Mutex<HashMap<PathBuf, (u64, Html)>>,
        rendered: Mutex<usize>,
    }

    impl RenderedBodies for Kept {
        fn get(&self, source: &Path, stamp: u64) -> Option<Html> {
            let entries = self.entries.lock().unwrap();
            entries
                .get(source)
                .filter(|(kept, _)| *kept == stamp)
                .map(|(_, html)| html.clone())
        }
        fn put(&self, source: &Path, stamp: u64, html: &Html) {
            *self.rendered.lock().unwrap() += 1;
            let mut entries = self.entries.lock().unwrap();
            entries.insert(source.to_path_buf(), (stamp, html.clone()));
        }
    }

    fn style(notes: &str, base_path: &str) -> Style {
        Style {
            base_path: base_path.into(),
            labels: markdown::Labels {
                notes: notes.into(),
                ..markdown::Labels::default()
            },
            raw_html: markdown::RawHtml::Allow,
        }
    }

    #[test]
    fn a_body_is_rendered_again_only_when_its_text_or_style_changed() {
        let body = Body::read("See [it](/x/).[^1]\n\n[^1]: A note.\n".into(), 0);
        let job = |stamp| {
            vec![(
                Path::new("content/pages/a.md"),
                stamp,
                LangId::DEFAULT,
                &body,
            )]
        };
        let kept = Kept::default();
        let render = |stamp, style: &Style| {
            render_jobs(job(stamp), std::slice::from_ref(style), Some(&kept))
        };
        let first = render(1, &style("Notes", "/"));
        let html = &first.html(Path::new("content/pages/a.md")).html;
        assert!(
            html.contains("href=\"/x/\"") && html.contains(">Notes</h2>"),
            "{html}"
        );
        let again = render(1, &style("Notes", "/"));
        assert_eq!(*kept.rendered.lock().unwrap(), 1, "nothing changed");
        assert_eq!(
            again.stamp(Path::new("content/pages/a.md")),
            first.stamp(Path::new("content/pages/a.md"))
        );
        let words = render(1, &style("Przypisy", "/"));
        let html = &words.html(Path::new("content/pages/a.md")).html;
        assert!(html.contains(">Przypisy</h2>"), "{html}");
        let base = render(1, &style("Przypisy", "/think/"));
        let html = &base.html(Path::new("content/pages/a.md")).html;
        assert!(html.contains("href=\"/think/x/\""), "{html}");
        render(2, &style("Przypisy", "/think/"));
        assert_eq!(
            *kept.rendered.lock().unwrap(),
            4,
            "each change rendered again"
        );
        assert!(
            base.html(Path::new("content/pages/none.md"))
                .html
                .is_empty()
        );
    }
}
