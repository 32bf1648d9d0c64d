//! The image a page's links show (`og:image` and its size and text): a brief's own `image`, or
//! its social card, or for every other page the site's card in the page's language.

use serde::Serialize;

use super::pages::{Job, Pages};
use crate::routes;

/// `current.image`: what `og:image` announces.
#[derive(Debug, Serialize)]
pub(super) struct ShareImage {
    /// Absolute URL.
    pub(super) url: String,
    pub(super) width: u32,
    pub(super) height: u32,
    /// `og:image:alt`: what the image shows.
    pub(super) alt: String,
}

impl Pages<'_> {
    /// The image links to a page show, if it has one: none on a site that makes no cards,
    /// unless a brief gives its own.
    pub(super) fn share_image(&self, job: Job) -> Option<ShareImage> {
        let config = &self.cx.library.config;
        let (width, height) = crate::images::CARD_SIZE;
        let lang = config.lang(self.lang_of(job));
        if let Job::Brief(id) = job {
            let brief = self.cx.library.brief(id);
            if let (Some(image), Some(dir)) = (&brief.image, &brief.bundle_dir) {
                // Its size read from its header; loading checked that it can be.
                let file = config.root.join(dir).join(image);
                let (width, height) = crate::images::share_image(&file).ok()?;
                return Some(ShareImage {
                    url: config.base.permalink(&routes::brief_file(brief, image)),
                    width,
                    height,
                    alt: brief.title.clone(),
                });
            }
            return config.generates_cards().then(|| ShareImage {
                url: config.base.permalink(&routes::card(brief)),
                width,
                height,
                alt: format!("{} | {}", brief.title, lang.title),
            });
        }
        config.generates_cards().then(|| ShareImage {
            url: config.base.permalink(&routes::site_card(lang)),
            width,
            height,
            alt: lang.title.clone(),
        })
    }
}
