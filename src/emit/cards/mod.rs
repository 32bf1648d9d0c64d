//! Social cards: the 1200 × 630 PNG that a link to a brief shows on LinkedIn, X, Bluesky,
//! WhatsApp and in newsletters (`og:image`), one per brief and language at
//! `{brief}/card.png`, and one of the site per language for every other page. Each is typeset
//! in-process with the PDFs' Typst engine, world and fonts, from the theme's `card.typ` and
//! the card's facts as JSON ([`data`]), rendered to pixels with `typst-render` and written as
//! PNG ([`encode`]). A card's fingerprint is that JSON and the layout, fonts and logo, so a
//! rebuild makes only the cards whose facts changed. Behind the cargo feature `pdf`.

mod data;
mod encode;

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::OnceLock;

use rayon::prelude::*;
use typst::diag::{Severity, SourceDiagnostic};
use typst::layout::PagedDocument;

use crate::content::BriefId;
use crate::emit::fingerprint::new_hasher;
use crate::emit::pdf::{self, BriefWorld, FontSet, Templates};
use crate::emit::{Context, Emitter, Planned};
use crate::error::Diagnostic;
use crate::lang::LangId;
use crate::output::Contents;
use crate::routes;
use crate::theme::CARD_TEMPLATE;
use data::CardData;

/// A card's size in pixels, as the pages' `og:image:width` and `og:image:height` announce it.
const WIDTH: u32 = crate::images::CARD_SIZE.0;
const HEIGHT: u32 = crate::images::CARD_SIZE.1;

/// How a card is encoded, part of every card's fingerprint: a new encoder makes them again.
const ENCODING: &str =
    "png 0.18 fast, RGBA when opaque else RGB on white, indexed when 256 colours or fewer";

/// Typesets the social cards of a site.
pub(crate) struct Cards<'a> {
    cx: Context<'a>,
    templates: Templates,
    /// The fonts, read when the first card is made (a rebuild that makes none reads none).
    fonts: OnceLock<Result<FontSet, Diagnostic>>,
    /// A fingerprint of what every card depends on beyond its facts: versions, fonts, the
    /// layout, the logo.
    common: u64,
}

/// Which card.
#[derive(Debug, Clone, Copy)]
enum Card {
    Brief(BriefId),
    Site(LangId),
}

impl<'a> Cards<'a> {
    /// The cards of the site in `cx`.
    pub(crate) fn new(cx: Context<'a>) -> Cards<'a> {
        let config = &cx.library.config;
        let mut hasher = new_hasher();
        let versions = (env!("CARGO_PKG_VERSION"), pdf::TYPST_VERSION);
        (versions, pdf::FONT_SET, ENCODING).hash(&mut hasher);
        for font in &config.pdf.fonts {
            pdf::hash_disk(&mut hasher, &config.root.join(font.get_ref()));
        }
        if let Some(layout) = cx.theme.typst_templates.get(CARD_TEMPLATE) {
            layout.text.hash(&mut hasher);
        }
        if let Some(file) = pdf::logo_file(config.publisher.logo.as_deref(), cx.theme) {
            pdf::hash_static(&mut hasher, file);
        }
        Cards {
            cx,
            templates: Templates::card(cx.theme),
            fonts: OnceLock::new(),
            common: hasher.finish(),
        }
    }

    /// A card's facts as the layout's JSON.
    fn data(&self, card: Card) -> (Vec<u8>, String) {
        let cx = self.cx;
        let data = match card {
            Card::Brief(id) => CardData::brief(cx.library, id, cx.theme, cx.strings),
            Card::Site(lang) => CardData::site(cx.library, lang, cx.theme),
        };
        (serde_json::to_vec(&data).unwrap_or_default(), data.language)
    }

    /// The file a card's problems are reported at: its brief, or site.toml.
    fn source(&self, card: Card) -> PathBuf {
        match card {
            Card::Brief(id) => self.cx.library.brief(id).source.clone(),
            Card::Site(_) => PathBuf::from(crate::config::CONFIG_FILE),
        }
    }

    /// One planned card.
    fn planned(&self, card: Card) -> Planned<'_> {
        let path = match card {
            Card::Brief(id) => routes::card(self.cx.library.brief(id)),
            Card::Site(lang) => routes::site_card(self.cx.library.config.lang(lang)),
        };
        let (json, language) = self.data(card);
        let mut hasher = new_hasher();
        hasher.write_u64(self.common);
        hasher.write(&json);
        let fingerprint = hasher.finish();
        Planned::new(path, Some(fingerprint), move || {
            self.make(card, json, &language)
        })
    }

    /// Typesets and renders one card.
    fn make(&self, card: Card, json: Vec<u8>, language: &str) -> Result<Contents, Diagnostic> {
        let config = &self.cx.library.config;
        let fonts = self.fonts.get_or_init(|| FontSet::load(config));
        let fonts = fonts.as_ref().map_err(Clone::clone)?;
        let main = format!(
            "#import \"/{CARD_TEMPLATE}\": card\n{}\n#card(json(\"{}\"))\n",
            pdf::text_language(language),
            pdf::DATA
        );
        let world = BriefWorld::new(
            main,
            String::new(),
            String::new(),
            json,
            (&self.templates, fonts),
            None,
            self.cx.theme,
        );
        let compiled = typst::compile::<PagedDocument>(&world);
        comemo::evict(pdf::EVICT_AGE);
        let problems = match compiled.output {
            Ok(document) if compiled.warnings.is_empty() => {
                return render(&document).map_err(|why| self.unfit(card, why));
            }
            Ok(_) => compiled.warnings.to_vec(),
            Err(errors) => errors.to_vec(),
        };
        let first = problems
            .iter()
            .find(|d| d.severity == Severity::Error)
            .or(problems.first());
        Err(match first {
            Some(problem) => self.diagnostic(&world, card, problem),
            None => Diagnostic::error(self.source(card), "the social card could not be made"),
        })
    }

    /// A card that is not the size it must be, at the layout.
    fn unfit(&self, card: Card, why: String) -> Diagnostic {
        let layout = self.cx.theme.typst_templates.get(CARD_TEMPLATE);
        let file = layout.map_or_else(|| self.source(card), |l| l.origin.clone());
        Diagnostic::error(file, format!("the social card {why}")).with_hint(format!(
            "while making the card of {}; `card.typ` must make one page of {WIDTH}pt × {HEIGHT}pt",
            self.source(card).display()
        ))
    }

    /// A Typst error or warning as a build error: at the layout's line when it is the
    /// layout's, else at the brief (or site.toml).
    fn diagnostic(
        &self,
        world: &BriefWorld<'_>,
        card: Card,
        problem: &SourceDiagnostic,
    ) -> Diagnostic {
        let (kind, mut hints, in_layout) = self.templates.place(world, problem);
        let diagnostic = match in_layout {
            Some((origin, line, col)) => {
                hints.push(format!(
                    "while making the social card of {}; check the layout against the README's list of card variables",
                    self.source(card).display()
                ));
                let message = format!("Typst {kind} in the card layout: {}", problem.message);
                Diagnostic::error(origin, message).at(line, col)
            }
            None => {
                hints.push("or turn the cards off with `[cards] generate = false`".into());
                let message = format!(
                    "Typst {kind} while making the social card: {}",
                    problem.message
                );
                Diagnostic::error(self.source(card), message)
            }
        };
        diagnostic.with_hint(hints.join("; "))
    }
}

/// The first page of a typeset card as PNG, at the scale that makes it [`WIDTH`] pixels wide;
/// why not, when its shape is not the card's (checked before any pixel is drawn).
fn render(document: &PagedDocument) -> Result<Contents, String> {
    let page = document.pages.first().ok_or("has no page")?;
    let size = page.frame.size();
    let (width, height) = (size.x.to_pt(), size.y.to_pt());
    let scale = f64::from(WIDTH) / width;
    let fits = width > 0.0 && (height * scale - f64::from(HEIGHT)).abs() < 0.5;
    if !fits {
        return Err(format!(
            "is a page of {width:.0}pt × {height:.0}pt, not of {WIDTH} × {HEIGHT}"
        ));
    }
    let pixmap = typst_render::render(page, scale as f32);
    encode::png(pixmap.width(), pixmap.height(), pixmap.data()).map(Contents::Bytes)
}

impl Emitter for Cards<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let library = self.cx.library;
        let has_layout = self.cx.theme.typst_templates.contains_key(CARD_TEMPLATE);
        if !library.config.generates_cards() || !has_layout {
            return Vec::new();
        }
        // A brief with an image of its own (`image` in its front matter) shows that instead.
        let briefs: Vec<BriefId> = library
            .brief_ids()
            .filter(|&id| library.brief(id).image.is_none())
            .collect();
        let mut planned: Vec<Planned<'_>> = briefs
            .into_par_iter()
            .map(|id| self.planned(Card::Brief(id)))
            .collect();
        let languages = (0..library.config.languages.len()).map(LangId::of);
        planned.extend(languages.map(|lang| self.planned(Card::Site(lang))));
        planned
    }
}
