//! The pixel budget of the images Dossier decodes (those the PDFs embed; later the social
//! cards and resized copies): an image's dimensions read from its header, before anything
//! decodes it, so that a small file of billions of pixels is refused, not decoded.
#![cfg_attr(not(feature = "pdf"), allow(dead_code))]

use std::path::Path;

/// The most pixels an image may have: 100 megapixels (10,000 × 10,000), more than any
/// printed page needs and well within memory once decoded (400 MB as RGBA).
pub(crate) const MAX_PIXELS: u64 = 100_000_000;

/// Whether an image of this type gets decoded into pixels (PNG, JPEG, GIF, WebP), rather
/// than drawn (SVG) or not read as an image at all.
fn is_decoded(kind: imagesize::ImageType) -> bool {
    use imagesize::ImageType;
    matches!(
        kind,
        ImageType::Png | ImageType::Jpeg | ImageType::Gif | ImageType::Webp
    )
}

/// Why an image of `width` × `height` pixels is refused, if it is.
fn over_budget(size: imagesize::ImageSize) -> Result<(), String> {
    let (width, height) = (size.width, size.height);
    let pixels = (width as u64).saturating_mul(height as u64);
    if pixels <= MAX_PIXELS {
        return Ok(());
    }
    Err(format!(
        "is {width}×{height} pixels ({} megapixels), more than the {} megapixels an image may have",
        pixels / 1_000_000,
        MAX_PIXELS / 1_000_000
    ))
}

/// Checks an image file against the budget, reading only its header: `Err` says what is
/// wrong (`is 60000×60000 pixels (3600 megapixels), more than …`). A file that cannot be
/// read, or is no image of a decoded kind, passes: its reader reports its own problems.
pub(crate) fn check_file(path: &Path) -> Result<(), String> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let mut reader = std::io::BufReader::new(file);
    let size = imagesize::reader_type(&mut reader)
        .ok()
        .filter(|kind| is_decoded(*kind))
        .and_then(|kind| {
            std::io::Seek::rewind(&mut reader).ok()?;
            kind.reader_size(&mut reader).ok()
        });
    size.map_or(Ok(()), over_budget)
}

/// Checks an image already in memory against the budget, as [`check_file`] does.
pub(crate) fn check_bytes(bytes: &[u8]) -> Result<(), String> {
    let decoded = imagesize::image_type(bytes).is_ok_and(is_decoded);
    match imagesize::blob_size(bytes) {
        Ok(size) if decoded => over_budget(size),
        _ => Ok(()),
    }
}

/// The size in pixels of a social card, the image a link shows (`og:image`): the 1.91:1 that
/// every network shows uncropped.
pub(crate) const CARD_SIZE: (u32, u32) = (1200, 630);

/// The largest image a brief may give for links to show (`image` in its front matter): 5 MB,
/// X's limit for a large card (Facebook's is 8 MB, LinkedIn's 5 MB).
pub(crate) const MAX_SHARE_BYTES: u64 = 5 * 1024 * 1024;

/// An image that links to a brief show instead of its social card: its width and height read
/// from its header, or why it cannot be one (no PNG, JPEG, GIF or WebP; too large a file; too
/// many pixels).
pub(crate) fn share_image(path: &Path) -> Result<(u32, u32), String> {
    let bytes = std::fs::metadata(path)
        .map_err(|e| format!("cannot be read ({e})"))?
        .len();
    if bytes > MAX_SHARE_BYTES {
        return Err(format!(
            "is {:.1} MB, more than the {} MB that social networks take",
            bytes as f64 / 1_048_576.0,
            MAX_SHARE_BYTES / 1_048_576
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot be read ({e})"))?;
    let mut reader = std::io::BufReader::new(file);
    let kind = imagesize::reader_type(&mut reader)
        .ok()
        .filter(|k| is_decoded(*k));
    let size = kind.and_then(|kind| {
        std::io::Seek::rewind(&mut reader).ok()?;
        kind.reader_size(&mut reader).ok()
    });
    let Some(size) = size else {
        return Err("is not a PNG, JPEG, GIF or WebP image".into());
    };
    over_budget(size)?;
    let dimension = |d: usize| u32::try_from(d).unwrap_or(u32::MAX);
    Ok((dimension(size.width), dimension(size.height)))
}

/// What to do about an image over the budget.
pub(crate) const HINT: &str =
    "scale the image down (to at most 10000×10000 pixels), or leave it out of the brief";

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG's signature and header chunk, all a size check reads.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(width.to_be_bytes());
        png.extend(height.to_be_bytes());
        png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        png
    }

    #[test]
    fn images_over_100_megapixels_are_refused_from_their_header() {
        assert_eq!(check_bytes(&png_header(10_000, 10_000)), Ok(()));
        let refused = check_bytes(&png_header(60_000, 60_000)).unwrap_err();
        assert!(
            refused.contains("60000×60000 pixels (3600 megapixels)"),
            "{refused}"
        );
        assert_eq!(
            check_bytes(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Ok(())
        );
        assert_eq!(check_bytes(b""), Ok(()));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.png");
        std::fs::write(&path, png_header(100_000, 1_001)).unwrap();
        assert!(check_file(&path).is_err());
        assert_eq!(check_file(&dir.path().join("missing.png")), Ok(()));
    }
}
