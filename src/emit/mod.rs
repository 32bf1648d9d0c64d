//! Outputs as emitters: each kind of output (HTML pages, feeds, the sitemap, citation files,
//! copied files, PDFs, social cards, the search index) plans its files, each with a fingerprint of its
//! inputs and a way to make its bytes; the render decides which to make, makes them in
//! parallel and hands them to a sink. Each output lives in a room of its own below this one
//! and reads the model; none writes, and none knows of the others.

#[cfg(feature = "pdf")]
mod cards;
mod catalogues;
mod citations;
mod feeds;
mod files;
pub(crate) mod fingerprint;
pub(crate) mod html;
pub(crate) mod images;
mod make;
#[cfg(feature = "pdf")]
pub(crate) mod pdf;
mod previous;
mod redirects;
pub(crate) mod search;
mod sitemap;
mod workers;

use std::path::PathBuf;
use std::sync::Arc;

use crate::bodies::Bodies;
use crate::content::{Indexes, Library};
use crate::error::Diagnostic;
use crate::i18n::Strings;
use crate::output::Contents;
use crate::theme::Theme;
use catalogues::Catalogue;
use citations::Citations;
use feeds::Feeds;
use redirects::Redirects;
pub(crate) use redirects::refuse_claims;
use sitemap::Sitemap;

pub(crate) use files::Files;
pub(crate) use make::{MadeAll, check_unique_paths, make_all};
pub(crate) use previous::Previous;
pub(crate) use workers::Workers;

/// What every emitter reads, handed to each as one value (as mdBook hands one `RenderContext`
/// to every backend): the model, its indexes, the HTML of its bodies, the theme, the interface
/// strings, and the fingerprint of what every page shows.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub(crate) library: &'a Library,
    pub(crate) indexes: &'a Indexes,
    /// The bodies' HTML, from the markdown stage.
    pub(crate) bodies: &'a Bodies,
    pub(crate) theme: &'a Theme,
    pub(crate) strings: &'a Arc<Strings>,
    /// [`fingerprint::global_stamp`] of the above.
    pub(crate) global: u64,
}

impl<'a> Context<'a> {
    /// The context of a render of `library`, whose bodies the markdown stage rendered to
    /// `bodies`.
    pub(crate) fn new(
        library: &'a Library,
        indexes: &'a Indexes,
        bodies: &'a Bodies,
        theme: &'a Theme,
        strings: &'a Arc<Strings>,
    ) -> Context<'a> {
        let global = fingerprint::global_stamp(library, theme, strings);
        Context {
            library,
            indexes,
            bodies,
            theme,
            strings,
            global,
        }
    }
}

/// Every generated output made after the PDFs (the brief pages show the PDFs' sizes). This is
/// the one list of outputs: a new one is a room of its own below `emit/`, a field here and a
/// line in [`Outputs::new`] and [`Outputs::all`].
pub(crate) struct Outputs<'a> {
    pages: html::Pages<'a>,
    feeds: Feeds<'a>,
    sitemap: Sitemap<'a>,
    citations: Citations<'a>,
    catalogue: Catalogue<'a>,
    redirects: Redirects<'a>,
    images: images::Images<'a>,
    #[cfg(feature = "pdf")]
    cards: cards::Cards<'a>,
}

impl<'a> Outputs<'a> {
    /// Every output of the site in `cx`, its pages rendered with `tera`, showing the sizes
    /// of `full_texts` and the images of `gallery`; the search pages name the search index's
    /// version and files of `search` ([`search::SearchPlan::page_files`]), none when no index
    /// is made.
    pub(crate) fn new(
        cx: Context<'a>,
        tera: &'a tera::Tera,
        (full_texts, gallery): (&'a html::FullTexts, &'a images::Gallery),
        search: Option<html::SearchFiles>,
    ) -> Outputs<'a> {
        let pages = html::Pages::new(cx, tera, (full_texts, gallery), search);
        let entries = pages.sitemap_entries();
        Outputs {
            pages,
            feeds: Feeds { cx },
            sitemap: Sitemap { cx, entries },
            citations: Citations { cx },
            catalogue: Catalogue { cx },
            redirects: Redirects::new(cx),
            images: images::Images { gallery },
            #[cfg(feature = "pdf")]
            cards: cards::Cards::new(cx),
        }
    }

    /// Each output, in the order its files are planned.
    pub(crate) fn all(&self) -> Vec<&dyn Emitter> {
        vec![
            &self.pages,
            &self.feeds,
            &self.sitemap,
            &self.citations,
            &self.catalogue,
            &self.redirects,
            &self.images,
            #[cfg(feature = "pdf")]
            &self.cards,
        ]
    }
}

/// Makes one file's contents.
pub(crate) type Make<'a> = Box<dyn FnOnce() -> Result<Contents, Diagnostic> + Send + 'a>;

/// One file an emitter will write.
pub(crate) struct Planned<'a> {
    /// Where it goes, relative to the output folder.
    pub(crate) path: PathBuf,
    /// A fingerprint of everything its contents depend on; `None` when it is cheap enough to
    /// make every time (a copied file, robots.txt).
    pub(crate) fingerprint: Option<u64>,
    /// Makes its contents.
    pub(crate) make: Make<'a>,
}

impl<'a> Planned<'a> {
    /// A file with a fingerprint.
    pub(crate) fn new(
        path: impl Into<PathBuf>,
        fingerprint: Option<u64>,
        make: impl FnOnce() -> Result<Contents, Diagnostic> + Send + 'a,
    ) -> Planned<'a> {
        Planned {
            path: path.into(),
            fingerprint,
            make: Box::new(make),
        }
    }

    /// A text file made by `make`.
    pub(crate) fn text(
        path: impl Into<PathBuf>,
        fingerprint: Option<u64>,
        make: impl FnOnce() -> String + Send + 'a,
    ) -> Planned<'a> {
        Planned::new(path, fingerprint, move || {
            Ok(Contents::Bytes(make().into_bytes()))
        })
    }
}

/// One kind of output. An emitter reads the model; it never writes.
pub(crate) trait Emitter: Sync {
    /// The files it will write, in a stable order.
    fn plan(&self) -> Vec<Planned<'_>>;
}
