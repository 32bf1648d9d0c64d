//! The emitters of the files that accompany the pages: Atom feeds, the sitemap and robots.txt,
//! each brief's citation files, and the files copied as they are (static files, bundles).

use std::hash::Hasher;

use super::capture::{hash_value, new_hasher};
use super::emit::{Emitter, Planned};
use crate::content::{Indexes, Library, TaxonomyId, TermId};
use crate::i18n::Strings;
use crate::lang::LangId;
use crate::output::Contents;
use crate::publish::feeds::{self, FeedSpec};
use crate::publish::sitemap::{self, SitemapEntry};
use crate::publish::{Record, citation};
use crate::routes;
use crate::theme::{StaticFile, Theme};

/// A fingerprint of what every file shows and of some briefs.
fn fingerprint(global: u64, parts: &[u64], title: &str) -> u64 {
    let mut hasher = new_hasher();
    hasher.write_u64(global);
    hasher.write(title.as_bytes());
    for part in parts {
        hasher.write_u64(*part);
    }
    hasher.finish()
}

/// Each language's feed, and one per term of each taxonomy that has feeds, in each language
/// the term has a page in.
pub(super) struct Feeds<'a> {
    pub(super) library: &'a Library,
    pub(super) indexes: &'a Indexes,
    pub(super) strings: &'a Strings,
    pub(super) global: u64,
}

impl Feeds<'_> {
    fn specs(&self) -> Vec<FeedSpec<'_>> {
        let library = self.library;
        let mut specs = Vec::new();
        for (l, index) in self.indexes.langs.iter().enumerate() {
            let lang = LangId::of(l);
            let language = library.config.lang(lang);
            let home = routes::home(language);
            specs.push(FeedSpec {
                title: language.title.clone(),
                path: routes::feed(&home),
                page_path: home,
                briefs: &index.all,
                lang,
            });
            for (t, (taxonomy, members)) in
                library.taxonomies.iter().zip(&index.members).enumerate()
            {
                if !taxonomy.def.feed {
                    continue;
                }
                for (i, (term, briefs)) in taxonomy.terms.iter().zip(members).enumerate() {
                    if !super::term_has_page(
                        library,
                        self.indexes,
                        lang,
                        TaxonomyId::of(t),
                        TermId::of(i),
                    ) {
                        continue;
                    }
                    let page_path = routes::term(language, &taxonomy.def, &term.slug);
                    specs.push(FeedSpec {
                        title: format!("{}: {}", language.title, term.name_in(lang)),
                        path: routes::feed(&page_path),
                        page_path,
                        briefs,
                        lang,
                    });
                }
            }
        }
        let _ = self.strings;
        specs
    }
}

impl Emitter for Feeds<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let library = self.library;
        self.specs()
            .into_iter()
            .map(|spec| {
                let shown = &spec.briefs[..spec.briefs.len().min(library.config.feeds.entries)];
                let stamps: Vec<u64> = shown.iter().map(|&id| library.brief(id).stamp).collect();
                let print = fingerprint(self.global, &stamps, &spec.title);
                Planned::text(spec.path.clone(), Some(print), move || {
                    feeds::atom(library, &spec)
                })
            })
            .collect()
    }
}

/// `sitemap.xml` (split past 50,000 URLs) and `robots.txt`.
pub(super) struct Sitemap<'a> {
    pub(super) library: &'a Library,
    pub(super) entries: Vec<SitemapEntry>,
}

impl Emitter for Sitemap<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let base = &self.library.config.base;
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

/// Writes a citation record in one format.
type Format = fn(&Record) -> String;

/// Each brief's BibTeX, RIS and CSL-JSON files.
pub(super) struct Citations<'a> {
    pub(super) library: &'a Library,
    pub(super) global: u64,
}

impl Emitter for Citations<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let library = self.library;
        let formats: [(&str, Format); 3] = [
            (routes::BIBTEX, Record::bibtex),
            (routes::RIS, Record::ris),
            (routes::CSL_JSON, Record::csl_json),
        ];
        let mut files = Vec::with_capacity(library.briefs.len() * formats.len());
        for id in library.brief_ids() {
            let brief = library.brief(id);
            for (name, write) in formats {
                let print = fingerprint(self.global, &[brief.stamp], name);
                files.push(Planned::text(
                    routes::brief_file(brief, name),
                    Some(print),
                    move || write(&Record::of(library, id)),
                ));
            }
        }
        files
    }
}

/// The catalogues: every published brief's record, newest first, in BibTeX, RIS and CSL-JSON.
pub(super) struct Catalogue<'a> {
    pub(super) library: &'a Library,
    pub(super) global: u64,
}

impl Emitter for Catalogue<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let library = self.library;
        // A catalogue shows every published brief: its fingerprint covers all of them.
        let stamps: Vec<u64> = library
            .briefs
            .iter()
            .filter(|b| !b.draft)
            .map(|b| b.stamp)
            .collect();
        // Written record by record: a catalogue of every brief is never all in memory twice.
        let joined = |write: Format| {
            move || -> String {
                let mut out = String::new();
                citation::for_each_catalogued(library, |record| {
                    if !out.is_empty() {
                        out.push('\n');
                    }
                    out.push_str(&write(&record));
                });
                out
            }
        };
        vec![
            Planned::text(
                routes::CATALOGUE_BIBTEX,
                Some(fingerprint(self.global, &stamps, routes::CATALOGUE_BIBTEX)),
                joined(Record::bibtex),
            ),
            Planned::text(
                routes::CATALOGUE_RIS,
                Some(fingerprint(self.global, &stamps, routes::CATALOGUE_RIS)),
                joined(Record::ris),
            ),
            Planned::text(
                routes::CATALOGUE_CSL_JSON,
                Some(fingerprint(
                    self.global,
                    &stamps,
                    routes::CATALOGUE_CSL_JSON,
                )),
                move || {
                    let mut out = String::from("[");
                    citation::for_each_catalogued(library, |record| {
                        if out.len() > 1 {
                            out.push(',');
                        }
                        out.push('\n');
                        out.push_str(&citation::csl_json_item(&record.csl_item()));
                    });
                    out.push_str("\n]\n");
                    out
                },
            ),
        ]
    }
}

/// Files copied as they are: the theme's and the site's static files, and bundle files.
pub(super) struct Files<'a> {
    pub(super) library: &'a Library,
    pub(super) theme: &'a Theme,
}

impl Emitter for Files<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let statics = self.theme.static_files.iter().map(|(path, file)| {
            let contents = match file {
                StaticFile::Disk(source) => Contents::Copy(source.clone()),
                StaticFile::Embedded(bytes) => Contents::Static(bytes),
            };
            Planned::new(path.clone(), None, move || Ok(contents))
        });
        let assets = self.library.assets.iter().map(|asset| {
            let contents = Contents::Copy(asset.source.clone());
            Planned::new(asset.target.clone(), None, move || Ok(contents))
        });
        statics.chain(assets).collect()
    }
}
