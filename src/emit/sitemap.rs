//! `sitemap.xml` (split past 50,000 URLs) and `robots.txt`.

use std::hash::Hasher;

use super::fingerprint::{hash_value, new_hasher};
use super::{Context, Emitter, Planned};
use crate::publish::sitemap::{self, SitemapEntry};
use crate::routes;

/// `sitemap.xml` (split past 50,000 URLs) and `robots.txt`.
pub(crate) struct Sitemap<'a> {
    pub(crate) cx: Context<'a>,
    pub(crate) entries: Vec<SitemapEntry>,
}

impl Emitter for Sitemap<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let base = &self.cx.library.config.base;
        let mut hasher = new_hasher();
        hash_value(&mut hasher, &self.entries);
        let print = hasher.finish();
        // The XML is made only when it changed; the file names come from the count alone.
        let mut files: Vec<Planned<'_>> = sitemap::file_names(self.entries.len())
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                Planned::text(name, Some(print), move || {
                    sitemap::file(&self.entries, i, |name| base.permalink(name))
                })
            })
            .collect();
        let robots = sitemap::robots(&base.permalink(routes::SITEMAP));
        files.push(Planned::text(routes::ROBOTS, None, move || robots));
        files
    }
}
