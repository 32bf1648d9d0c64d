//! A print-quality PDF of every brief, typeset in-process with Typst from the brief's own
//! Markdown: the body becomes escaped Typst markup ([`markup`]), the layout is the theme's
//! `pdf/brief.typ` receiving the brief's data as JSON ([`data`]), and a world of our own
//! ([`world`]) serves those, the bundle's images and the embedded fonts. Behind the cargo
//! feature `pdf`.

mod data;
mod emitter;
mod glyphs;
mod markup;
mod world;

pub(crate) use emitter::Pdfs;
// What the social cards (`emit/cards/`) typeset with: the same world, fonts and data.
pub(crate) use data::{BriefData, logo, logo_file};
pub(crate) use emitter::{EVICT_AGE, TYPST_VERSION, hash_disk, hash_static, text_language};
pub(crate) use world::{BriefWorld, DATA, FONT_SET, FontSet, Templates};

use rayon::prelude::*;

use crate::content::Library;
use crate::error::Diagnostic;

/// For `check`: a warning for each brief whose typeset PDF leaves out raw HTML of its body, at
/// the first place it does.
pub(crate) fn left_out_html(library: &Library) -> Vec<Diagnostic> {
    if !library.config.generates_pdf() {
        return Vec::new();
    }
    library
        .briefs
        .par_iter()
        .filter(|brief| brief.pdf.is_none())
        .filter_map(|brief| {
            let first = markup::html_offsets(brief.content.markdown())
                .into_iter()
                .next()?;
            let (line, col) = brief.content.line_col(first);
            Some(
                Diagnostic::warning(&brief.source, "raw HTML is left out of the brief's PDF")
                    .at(line, col)
                    .with_hint("write it in Markdown if the PDF should show it"),
            )
        })
        .collect()
}
