//! Responsive images: every PNG, JPEG and WebP image of a bundle, profile or static folder
//! written again in WebP at a few widths (480, 960 and 1600 pixels, never wider than the
//! original), for `srcset`, with one fallback in its own format (the original itself when it is
//! upright and no wider than 1600 pixels). The [`Gallery`] lists the copies; this emitter
//! makes them, and the pages name them ([`rewrite`], and the `responsive_image` function of
//! templates). A copy's fingerprint is its original's path, size and time of change, so an
//! unchanged image is not decoded again. (Fingerprints are xxh3, as `emit::fingerprint`'s, made
//! here without it: that file reads the HTML room, which reads this one.)

mod encode;
mod gallery;
mod markup;
#[cfg(test)]
mod measure_tests;
mod probe;
mod webp;

use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use super::{Emitter, Planned};
use crate::error::Diagnostic;
use crate::output::Contents;

pub(crate) use gallery::Gallery;
pub(crate) use markup::{SIZES, rewrite};
pub(crate) use probe::Kind;

/// The resized copies of the site's images.
pub(crate) struct Images<'a> {
    pub(crate) gallery: &'a Gallery,
}

impl Emitter for Images<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let mut planned = Vec::new();
        for picture in self.gallery.pictures.iter().filter(|p| p.is_resized()) {
            // The original is decoded once, by whichever of its copies is made first.
            let decoded: Arc<OnceLock<Result<image::DynamicImage, Diagnostic>>> = Arc::default();
            for variant in picture.variants.iter().filter(|v| !v.original) {
                let mut hasher = xxhash_rust::xxh3::Xxh3::new();
                (encode::ENCODER_STAMP, picture.stamp).hash(&mut hasher);
                (&variant.path, variant.width, variant.height).hash(&mut hasher);
                let decoded = decoded.clone();
                let size = (variant.width, variant.height);
                let format = variant.format;
                planned.push(Planned::new(
                    variant.path.clone(),
                    Some(hasher.finish()),
                    move || {
                        let original = decoded
                            .get_or_init(|| encode::decode(picture))
                            .as_ref()
                            .map_err(Clone::clone)?;
                        let resized = encode::resize(original, size, &picture.name)?;
                        let bytes = encode::encode(&resized, format, &picture.name)?;
                        Ok(Contents::Bytes(bytes))
                    },
                ));
            }
        }
        planned
    }
}
