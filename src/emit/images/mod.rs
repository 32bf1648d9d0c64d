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
use gallery::Picture;

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
            let work = Arc::new(Work::new(picture));
            for variant in picture.variants.iter().filter(|v| !v.original) {
                let mut hasher = xxhash_rust::xxh3::Xxh3::new();
                (encode::ENCODER_STAMP, picture.stamp).hash(&mut hasher);
                (&variant.path, variant.width, variant.height).hash(&mut hasher);
                let work = work.clone();
                let size = (variant.width, variant.height);
                let format = variant.format;
                planned.push(Planned::new(
                    variant.path.clone(),
                    Some(hasher.finish()),
                    move || {
                        let resized = work.resized(size)?;
                        let bytes = encode::encode(resized, format, &picture.name)?;
                        Ok(Contents::Bytes(bytes))
                    },
                ));
            }
        }
        planned
    }
}

/// What the copies of one picture share: its original, decoded once by whichever copy is made
/// first, and each size it is copied at, resized once (the WebP copy and the fallback at the
/// same width share it) from the next wider size rather than from the original (a 3000-pixel
/// chart's copy at 480 is made from its copy at 960, a tenth of the pixels to read).
struct Work<'a> {
    picture: &'a Picture,
    decoded: OnceLock<Result<image::DynamicImage, Diagnostic>>,
    /// The sizes of its copies, widest first, each with its pixels once made.
    sizes: Vec<Resized>,
}

type Resized = (
    (u32, u32),
    OnceLock<Result<image::DynamicImage, Diagnostic>>,
);

impl<'a> Work<'a> {
    fn new(picture: &'a Picture) -> Work<'a> {
        let mut sizes: Vec<(u32, u32)> = picture
            .variants
            .iter()
            .filter(|v| !v.original)
            .map(|v| (v.width, v.height))
            .collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        sizes.dedup();
        Work {
            picture,
            decoded: OnceLock::new(),
            sizes: sizes.into_iter().map(|s| (s, OnceLock::new())).collect(),
        }
    }

    /// The picture's pixels at `size`: the original itself when it is that size.
    fn resized(&self, size: (u32, u32)) -> Result<&image::DynamicImage, Diagnostic> {
        let original = self
            .decoded
            .get_or_init(|| encode::decode(self.picture))
            .as_ref()
            .map_err(Clone::clone)?;
        if (original.width(), original.height()) == size {
            return Ok(original);
        }
        let Some(at) = self.sizes.iter().position(|(s, _)| *s == size) else {
            return Err(Diagnostic::error(&self.picture.name, "no such copy"));
        };
        self.sizes[at]
            .1
            .get_or_init(|| {
                let from = match at.checked_sub(1) {
                    Some(wider) => self.resized(self.sizes[wider].0)?,
                    None => original,
                };
                encode::resize(from, size, &self.picture.name)
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}
