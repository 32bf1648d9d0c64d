//! Lossy WebP through libwebp (`libwebp-sys`, which builds libwebp from its C sources): the
//! few calls an encode needs, wrapped so that nothing outside this file is `unsafe`.
//!
//! The `webp` crate wraps the same calls, but ignores a failed import of the pixels, and turns
//! on `cc`'s `parallel` feature, which makes every crate built with `cc` (ring, psm, mimalloc)
//! build again.

use libwebp_sys as sys;

/// Encodes 8-bit RGB (`alpha` false) or RGBA pixels, `width` × `height`, row after row, as
/// lossy WebP of `quality` (0–100) with effort `method` (0–6).
pub(crate) fn encode(
    pixels: &[u8],
    (width, height): (u32, u32),
    alpha: bool,
    (quality, method): (f32, i32),
) -> Result<Vec<u8>, String> {
    let channels = if alpha { 4 } else { 3 };
    let stride = i32::try_from(u64::from(width) * channels).map_err(|_| "too wide".to_string())?;
    let needed = u64::from(width) * u64::from(height) * channels;
    if width == 0
        || height == 0
        || (pixels.len() as u64) < needed
        || width > 16383
        || height > 16383
    {
        return Err(format!("{width}×{height} pixels cannot be written as WebP"));
    }
    let mut config =
        sys::WebPConfig::new_with_preset(sys::WebPPreset::WEBP_PRESET_DEFAULT, quality)
            .map_err(|()| "libwebp refused its settings".to_string())?;
    config.method = method;
    let mut picture = sys::WebPPicture::new().map_err(|()| "libwebp has no memory".to_string())?;
    picture.use_argb = 0;
    picture.width = width as i32;
    picture.height = height as i32;
    let mut writer = std::mem::MaybeUninit::<sys::WebPMemoryWriter>::uninit();
    // SAFETY: `pixels` holds `height` rows of `stride` bytes (checked above), and libwebp only
    // reads them during the import, which copies them into `picture`. The writer is
    // initialised before it is used and cleared after; `picture` is freed on every path.
    unsafe {
        if sys::WebPValidateConfig(&config) == 0 {
            return Err("libwebp refused its settings".into());
        }
        let imported = if alpha {
            sys::WebPPictureImportRGBA(&mut picture, pixels.as_ptr(), stride)
        } else {
            sys::WebPPictureImportRGB(&mut picture, pixels.as_ptr(), stride)
        };
        if imported == 0 {
            sys::WebPPictureFree(&mut picture);
            return Err("libwebp could not take the pixels (out of memory?)".into());
        }
        sys::WebPMemoryWriterInit(writer.as_mut_ptr());
        picture.writer = Some(sys::WebPMemoryWrite);
        picture.custom_ptr = writer.as_mut_ptr().cast();
        let encoded = sys::WebPEncode(&config, &mut picture);
        let error = picture.error_code;
        sys::WebPPictureFree(&mut picture);
        let mut writer = writer.assume_init();
        let result = if encoded != 0 && !writer.mem.is_null() {
            Ok(std::slice::from_raw_parts(writer.mem, writer.size).to_vec())
        } else {
            Err(format!("libwebp failed ({error:?})"))
        };
        sys::WebPMemoryWriterClear(&mut writer);
        result
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pixels_become_a_webp_file_and_short_buffers_are_refused() {
        let pixels: Vec<u8> = (0..64 * 48 * 3).map(|i| (i % 251) as u8).collect();
        let webp = super::encode(&pixels, (64, 48), false, (80.0, 4)).unwrap();
        assert_eq!(&webp[..4], b"RIFF");
        assert_eq!(&webp[8..12], b"WEBP");
        assert!(super::encode(&pixels, (64, 49), false, (80.0, 4)).is_err());
        assert!(super::encode(&pixels, (0, 1), false, (80.0, 4)).is_err());
        let rgba = vec![200u8; 10 * 10 * 4];
        assert!(super::encode(&rgba, (10, 10), true, (80.0, 4)).is_ok());
    }
}
