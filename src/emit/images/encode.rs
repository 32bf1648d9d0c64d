//! Making a resized copy: the original decoded once (within the pixel budget, turned upright
//! by its EXIF orientation, as 8-bit RGB or RGBA), resized with `fast_image_resize`
//! (Lanczos3), and written as lossy WebP with libwebp or in the original's format.

use std::io::Cursor;
use std::path::Path;

use fast_image_resize as fr;
use image::{DynamicImage, ImageEncoder};

use super::gallery::{Picture, Source};
use super::probe::{Kind, unreadable};
use crate::error::Diagnostic;

/// WebP quality (libwebp's 0–100 scale) and effort (`method`, 0–6), chosen by measurement
/// (see the commits that brought them): charts stay sharp, photos a third of their JPEG size.
/// Method 2 encodes in half the time of 4 for files 3–4% larger (matplotlib's chart at 480 and
/// 640 pixels, a camera photo at 480 and 960); 3 is as slow as 4, 0 and 1 are 20–35% larger.
const WEBP_QUALITY: f32 = 80.0;
const WEBP_METHOD: i32 = 2;
/// The quality of a JPEG fallback.
const JPEG_QUALITY: u8 = 82;
/// Changes whenever what the encoders write changes, so that copies made before are made again.
pub(crate) const ENCODER_STAMP: &str =
    "webp-q80-m2/jpeg-q82/png-fast/lanczos3-from-wider/opaque-rgb/2";

/// The original of a picture, decoded and upright.
pub(crate) fn decode(picture: &Picture) -> Result<DynamicImage, Diagnostic> {
    let name = picture.name.as_path();
    let bytes = match &picture.source {
        Source::Disk(path) => std::borrow::Cow::Owned(
            std::fs::read(path).map_err(|e| unreadable(name, &e.to_string()))?,
        ),
        Source::Embedded(bytes) => std::borrow::Cow::Borrowed(*bytes),
    };
    crate::images::check_bytes(&bytes).map_err(|why| {
        Diagnostic::error(name, format!("{} {why}", name.display())).with_hint(crate::images::HINT)
    })?;
    // By its contents: a JPEG named `.png` is decoded as the JPEG it is.
    let mut reader = image::ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| unreadable(name, &e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(crate::images::MAX_PIXELS * 8);
    reader.limits(limits);
    let mut decoded = reader
        .decode()
        .map_err(|e| unreadable(name, &format!("it cannot be decoded ({e})")))?;
    if let Some(orientation) = image::metadata::Orientation::from_exif(picture.probe.orientation) {
        decoded.apply_orientation(orientation);
    }
    if !decoded.color().has_alpha() {
        return Ok(DynamicImage::ImageRgb8(decoded.into_rgb8()));
    }
    // An opaque image with an alpha channel (matplotlib writes its charts so) loses it: libwebp
    // then imports no alpha, and a PNG fallback has three channels, not four.
    let rgba = decoded.into_rgba8();
    Ok(if rgba.pixels().all(|p| p.0[3] == u8::MAX) {
        DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).into_rgb8())
    } else {
        DynamicImage::ImageRgba8(rgba)
    })
}

/// `image` resized to `width` × `height` (the same when it already is that size).
pub(crate) fn resize(
    image: &DynamicImage,
    (width, height): (u32, u32),
    name: &Path,
) -> Result<DynamicImage, Diagnostic> {
    if (image.width(), image.height()) == (width, height) {
        return Ok(image.clone());
    }
    let mut resized = DynamicImage::new(width, height, image.color());
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize(image, &mut resized, &options)
        .map_err(|e| unreadable(name, &format!("it cannot be resized ({e})")))?;
    Ok(resized)
}

/// `image` as a file in `format`: lossy WebP, or the original's format.
pub(crate) fn encode(
    image: &DynamicImage,
    format: Kind,
    name: &Path,
) -> Result<Vec<u8>, Diagnostic> {
    let (width, height) = (image.width(), image.height());
    let failed =
        |e: &dyn std::fmt::Display| unreadable(name, &format!("its copy cannot be written ({e})"));
    match format {
        Kind::Webp => {
            let alpha = image.color().has_alpha();
            super::webp::encode(
                image.as_bytes(),
                (width, height),
                alpha,
                (WEBP_QUALITY, WEBP_METHOD),
            )
            .map_err(|e| failed(&e))
        }
        Kind::Jpeg => {
            let mut out = Vec::new();
            let rgb = image.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)
                .map_err(|e| failed(&e))?;
            Ok(out)
        }
        _ => {
            let mut out = Vec::new();
            use image::codecs::png::{CompressionType, FilterType, PngEncoder};
            PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
                .write_image(image.as_bytes(), width, height, image.color().into())
                .map_err(|e| failed(&e))?;
            Ok(out)
        }
    }
}
