//! A print-quality PDF of every brief, typeset in-process with Typst from the brief's own
//! Markdown: the body becomes escaped Typst markup ([`markup`]), the layout is the theme's
//! `pdf/brief.typ` receiving the brief's data as JSON ([`data`]), and a world of our own
//! ([`world`]) serves those, the bundle's images and the embedded fonts. Behind the cargo
//! feature `pdf`.

mod data;
mod emitter;
mod markup;
mod world;

pub(crate) use emitter::Pdfs;
