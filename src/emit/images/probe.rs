//! What an image is before anything decodes it: its kind, its size as shown (a JPEG's EXIF
//! orientation applied) and, for SVG, the size its `width`/`height` or `viewBox` give.

use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;

use crate::error::Diagnostic;

/// The kinds of image the gallery knows, by their files' contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl Kind {
    /// The kind a file's name says, if it names an image.
    pub(crate) fn of_name(name: &Path) -> Option<Kind> {
        let ext = name.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "png" => Kind::Png,
            "jpg" | "jpeg" => Kind::Jpeg,
            "gif" => Kind::Gif,
            "webp" => Kind::Webp,
            "svg" => Kind::Svg,
            _ => return None,
        })
    }

    /// The extension of a resized copy in this format.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
            Kind::Svg => "svg",
        }
    }
}

/// An image's header, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Probe {
    pub(crate) kind: Kind,
    /// Its size as shown: a JPEG turned by its EXIF orientation has width and height swapped.
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// The EXIF orientation (1 to 8; 1 is upright).
    pub(crate) orientation: u8,
}

/// Reads an image's kind and size from `bytes` (a reader over its start), named `name` in
/// diagnostics; the pixel budget is checked here, before anything decodes it.
pub(crate) fn probe(
    name: &Path,
    kind: Kind,
    mut reader: impl Read + Seek,
) -> Result<Probe, Diagnostic> {
    if kind == Kind::Svg {
        let mut text = String::new();
        reader
            .read_to_string(&mut text)
            .map_err(|e| unreadable(name, &e.to_string()))?;
        return svg_size(&text)
            .map(|(width, height)| Probe {
                kind,
                width,
                height,
                orientation: 1,
            })
            .map_err(|why| unreadable(name, &why));
    }
    let mut head = Vec::with_capacity(4096);
    (&mut reader)
        .take(256 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| unreadable(name, &e.to_string()))?;
    let size = imagesize::blob_size(&head)
        .map_err(|e| unreadable(name, &format!("its header cannot be read ({e})")))?;
    crate::images::check_bytes(&head).map_err(|why| {
        Diagnostic::error(name, format!("{} {why}", name.display())).with_hint(crate::images::HINT)
    })?;
    let orientation = match kind {
        Kind::Jpeg | Kind::Png | Kind::Webp => {
            let _ = reader.rewind();
            exif_orientation(BufReader::new(reader))
        }
        _ => 1,
    };
    let (width, height) = (size.width as u32, size.height as u32);
    let (width, height) = if orientation >= 5 {
        (height, width)
    } else {
        (width, height)
    };
    if width == 0 || height == 0 {
        return Err(unreadable(name, "it has no pixels"));
    }
    Ok(Probe {
        kind,
        width,
        height,
        orientation,
    })
}

/// Probes an image held in memory (a theme's embedded file).
pub(crate) fn probe_bytes(name: &Path, kind: Kind, bytes: &[u8]) -> Result<Probe, Diagnostic> {
    probe(name, kind, Cursor::new(bytes))
}

/// The EXIF orientation of an image, 1 when it has none (or none that can be read).
fn exif_orientation(mut reader: impl std::io::BufRead + Seek) -> u8 {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut reader) else {
        return 1;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|field| field.value.get_uint(0))
        .filter(|o| (1..=8).contains(o))
        .map_or(1, |o| o as u8)
}

/// An image that cannot be read, as a diagnostic at its file.
pub(crate) fn unreadable(name: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(
        name,
        format!("{} cannot be read as an image: {why}", name.display()),
    )
    .with_hint("open it in an image editor and save it again, or replace it")
}

/// An SVG's size in CSS pixels: its `width` and `height` when they are plain numbers or
/// pixels, else its `viewBox`'s (scaled to a given width or height, when one is given).
pub(crate) fn svg_size(text: &str) -> Result<(u32, u32), String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("it is not well-formed SVG ({e})"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err("its root element is not <svg>".into());
    }
    let length = |name: &str| root.attribute(name).and_then(css_pixels);
    let view_box = root.attribute("viewBox").and_then(|v| {
        let n: Vec<f64> = v
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        (n.len() == 4 && n[2] > 0.0 && n[3] > 0.0).then(|| (n[2], n[3]))
    });
    let (w, h) = match (length("width"), length("height"), view_box) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (_, _, Some((vw, vh))) => (vw, vh),
        _ => return Err("it has neither a width and height in pixels nor a viewBox".into()),
    };
    let round = |v: f64| (v.round() as u32).max(1);
    Ok((round(w), round(h)))
}

/// A length in CSS pixels: `120`, `120px`, `1.5in`; `None` for `100%`, `auto` or `em`.
fn css_pixels(value: &str) -> Option<f64> {
    let value = value.trim();
    let units = [
        ("px", 1.0),
        ("pt", 4.0 / 3.0),
        ("pc", 16.0),
        ("in", 96.0),
        ("cm", 96.0 / 2.54),
        ("mm", 96.0 / 25.4),
    ];
    let (number, scale) = units
        .iter()
        .find_map(|(unit, scale)| value.strip_suffix(unit).map(|n| (n, *scale)))
        .unwrap_or((value, 1.0));
    let n: f64 = number.trim().parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_width_height_or_view_box() {
        let svg = |attrs: &str| format!("<svg xmlns=\"http://www.w3.org/2000/svg\" {attrs}/>");
        assert_eq!(
            svg_size(&svg("width=\"120\" height=\"40px\"")),
            Ok((120, 40))
        );
        assert_eq!(svg_size(&svg("viewBox=\"0 0 300 150\"")), Ok((300, 150)));
        assert_eq!(
            svg_size(&svg("width=\"600\" viewBox=\"0 0 300 150\"")),
            Ok((600, 300))
        );
        assert_eq!(
            svg_size(&svg("width=\"100%\" height=\"100%\" viewBox=\"0,0,64,32\"")),
            Ok((64, 32))
        );
        assert_eq!(
            svg_size(&svg("width=\"1in\" height=\"0.5in\"")),
            Ok((96, 48))
        );
        assert!(svg_size(&svg("")).is_err());
        assert!(svg_size("<html/>").is_err());
        assert!(svg_size("<svg").is_err());
    }
}
