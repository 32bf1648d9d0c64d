//! A rendered card as PNG bytes, compressed fast: an opaque card (the default layout's page
//! has a fill) written as its pixels are, RGBA, and a card with translucent pixels laid on
//! white as RGB (a card is opaque); either with an indexed palette instead when it has no more
//! than 256 colours.

use rustc_hash::FxHashMap;

/// PNG bytes of an image of `width` × `height` pixels given as premultiplied RGBA (as
/// tiny-skia, which Typst renders with, holds them).
///
/// An opaque image's premultiplied pixels are its colours, so they are written as they come:
/// laying a card's 756,000 pixels on white as RGB took about 0.9 ms, more than finding it
/// opaque (0.3 ms) and the fourth channel's encoding (0.2 ms) cost. On cards of the default
/// layout, encoding took 2.0-2.6 ms before, 1.5-1.7 ms after, for files 8% larger (74 KB for
/// 68, 91 for 84).
pub(super) fn png(width: u32, height: u32, premultiplied: &[u8]) -> Result<Vec<u8>, String> {
    let opaque = premultiplied
        .chunks_exact(4)
        .fold(u8::MAX, |all, p| all & p[3])
        == u8::MAX;
    let rgb;
    let (pixels, channels, colour) = if opaque {
        (premultiplied, 4, png::ColorType::Rgba)
    } else {
        rgb = over_white(premultiplied);
        (rgb.as_slice(), 3, png::ColorType::Rgb)
    };
    match palette(pixels, channels) {
        Some((palette, indices)) => write(
            width,
            height,
            png::ColorType::Indexed,
            &indices,
            Some(palette),
        ),
        None => write(width, height, colour, pixels, None),
    }
}

/// Premultiplied RGBA laid on white, as RGB: each channel plus white times what is left
/// uncovered.
fn over_white(premultiplied: &[u8]) -> Vec<u8> {
    let mut rgb = vec![0; premultiplied.len() / 4 * 3];
    for (out, p) in rgb.chunks_exact_mut(3).zip(premultiplied.chunks_exact(4)) {
        let uncovered = 255 - p[3];
        out[0] = p[0].saturating_add(uncovered);
        out[1] = p[1].saturating_add(uncovered);
        out[2] = p[2].saturating_add(uncovered);
    }
    rgb
}

/// The colours of an opaque image of `channels` bytes a pixel (their first three are the
/// colour), as an RGB palette, and each pixel's index among them, when there are at most 256.
fn palette(pixels: &[u8], channels: usize) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut colours: FxHashMap<u32, u8> = FxHashMap::default();
    let mut palette = Vec::new();
    let mut indices = Vec::with_capacity(pixels.len() / channels);
    let mut last: Option<(u32, u8)> = None;
    for pixel in pixels.chunks_exact(channels) {
        let colour = u32::from_le_bytes([pixel[0], pixel[1], pixel[2], 0]);
        // Runs of one colour are the rule (the background): skip the lookup for them.
        if let Some((c, i)) = last
            && c == colour
        {
            indices.push(i);
            continue;
        }
        let index = match colours.get(&colour) {
            Some(&index) => index,
            None => {
                let index = u8::try_from(colours.len()).ok()?;
                colours.insert(colour, index);
                palette.extend_from_slice(&pixel[..3]);
                index
            }
        };
        last = Some((colour, index));
        indices.push(index);
    }
    Some((palette, indices))
}

fn write(
    width: u32,
    height: u32,
    colour: png::ColorType,
    data: &[u8],
    palette: Option<Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    // fdeflate with each row's best filter: a fifth of the time of zlib's default level, for
    // files about a fifth larger (a card of the default layout: 1200×630, about 100 KB).
    encoder.set_compression(png::Compression::Fast);
    if let Some(palette) = palette {
        encoder.set_palette(palette);
    }
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(data).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The colour type and the pixels of a PNG.
    fn read(bytes: Vec<u8>) -> (png::ColorType, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let colour = reader.info().color_type;
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut pixels).unwrap();
        (colour, pixels)
    }

    #[test]
    fn few_colours_make_an_indexed_png_and_many_an_rgba_or_rgb_one() {
        // Two colours, one half transparent black (premultiplied) that lands grey on white.
        let pixels: Vec<u8> = (0..16)
            .flat_map(|i| {
                if i % 2 == 0 {
                    [0, 0, 0, 255]
                } else {
                    [0, 0, 0, 128]
                }
            })
            .collect();
        let bytes = png(4, 4, &pixels).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Indexed);
        assert_eq!(reader.info().palette.as_deref().map(<[u8]>::len), Some(6));
        // Many colours, opaque: written as they are, RGBA.
        let many: Vec<u8> = (0..=299u32)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 0, 255])
            .collect();
        assert_eq!(
            read(png(300, 1, &many).unwrap()),
            (png::ColorType::Rgba, many.clone())
        );
        // Many colours, one of them translucent: laid on white, RGB.
        let mut translucent = many.clone();
        translucent[..4].copy_from_slice(&[0, 0, 0, 128]);
        let (colour, pixels) = read(png(300, 1, &translucent).unwrap());
        assert_eq!(colour, png::ColorType::Rgb);
        assert_eq!(pixels.len(), 900);
        assert_eq!(&pixels[..6], &[127, 127, 127, 1, 0, 0]);
    }
}
