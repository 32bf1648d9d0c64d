//! A rendered card as PNG bytes: its pixels laid on white (a card is opaque), written with an
//! indexed palette when it has no more than 256 colours, else as 8-bit RGB, compressed fast.

use std::collections::HashMap;

/// PNG bytes of an image of `width` × `height` pixels given as premultiplied RGBA (as
/// tiny-skia, which Typst renders with, holds them).
pub(super) fn png(width: u32, height: u32, premultiplied: &[u8]) -> Result<Vec<u8>, String> {
    let mut rgb = vec![0; premultiplied.len() / 4 * 3];
    for (out, p) in rgb.chunks_exact_mut(3).zip(premultiplied.chunks_exact(4)) {
        // Over white: a premultiplied colour plus white times what is left uncovered.
        let uncovered = 255 - p[3];
        out[0] = p[0].saturating_add(uncovered);
        out[1] = p[1].saturating_add(uncovered);
        out[2] = p[2].saturating_add(uncovered);
    }
    match palette(&rgb) {
        Some((palette, indices)) => write(
            width,
            height,
            png::ColorType::Indexed,
            &indices,
            Some(palette),
        ),
        None => write(width, height, png::ColorType::Rgb, &rgb, None),
    }
}

/// The image's colours and each pixel's index among them, when there are at most 256.
fn palette(rgb: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut colours: HashMap<[u8; 3], u8> = HashMap::new();
    let mut palette = Vec::new();
    let mut indices = Vec::with_capacity(rgb.len() / 3);
    let mut last: Option<([u8; 3], u8)> = None;
    for pixel in rgb.chunks_exact(3) {
        let colour = [pixel[0], pixel[1], pixel[2]];
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
                palette.extend(colour);
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

    #[test]
    fn few_colours_make_an_indexed_png_and_many_an_rgb_one() {
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
        let many: Vec<u8> = (0..=299u32)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 0, 255])
            .collect();
        let bytes = png(300, 1, &many).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        assert_eq!(reader.info().color_type, png::ColorType::Rgb);
        assert_eq!((reader.info().width, reader.info().height), (300, 1));
    }
}
