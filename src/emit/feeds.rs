//! Atom feeds: one per language, and one per term of each taxonomy that has feeds, in each
//! language the term has a page in.

use super::fingerprint::of_parts;
use super::{Context, Emitter, Planned};
use crate::content::{TaxonomyId, TermId};
use crate::lang::LangId;
use crate::publish::feeds::{self, FeedSpec};
use crate::routes;

/// Each language's feed, and one per term of each taxonomy that has feeds, in each language
/// the term has a page in.
pub(crate) struct Feeds<'a> {
    pub(crate) cx: Context<'a>,
}

impl Feeds<'_> {
    fn specs(&self) -> Vec<FeedSpec<'_>> {
        let library = self.cx.library;
        let mut specs = Vec::new();
        for (l, index) in self.cx.indexes.langs.iter().enumerate() {
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
                    if !crate::content::term_has_page(
                        library,
                        self.cx.indexes,
                        lang,
                        TaxonomyId::of(t),
                        TermId::of(i),
                    ) {
                        continue;
                    }
                    let page_path = routes::term(language, &taxonomy.def.name, &term.slug);
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
        specs
    }
}

impl Emitter for Feeds<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let library = self.cx.library;
        self.specs()
            .into_iter()
            .map(|spec| {
                let shown = &spec.briefs[..spec.briefs.len().min(library.config.feeds.entries)];
                let stamps: Vec<u64> = shown.iter().map(|&id| library.brief(id).stamp).collect();
                let print = of_parts(self.cx.global, &stamps, &spec.title);
                Planned::text(spec.path.clone(), Some(print), move || {
                    feeds::atom(library, &spec)
                })
            })
            .collect()
    }
}
