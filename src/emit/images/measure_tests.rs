//! The measurement the crates were chosen by (ignored: run it in release with
//! `DOSSIER_IMAGES=folder cargo test --release --lib measure_encoders -- --ignored --nocapture`,
//! the folder holding `chart.png` and `photo.jpg`): decode, resize with `image` and with
//! `fast_image_resize`, and encode as lossless WebP (`image`), lossy WebP (libwebp) and the
//! fallback, with the time and size of each.

use std::time::Instant;

use image::{DynamicImage, ImageEncoder};

use super::probe::Kind;

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64() * 1000.0)
}

#[test]
#[ignore = "a measurement, not a test: see the file's comment"]
fn measure_encoders() {
    let Ok(dir) = std::env::var("DOSSIER_IMAGES") else {
        return;
    };
    let dir = std::path::Path::new(&dir);
    for (file, kind) in [("chart.png", Kind::Png), ("photo.jpg", Kind::Jpeg)] {
        let (img, ms) = timed(|| image::open(dir.join(file)).unwrap());
        let img = if img.color().has_alpha() {
            DynamicImage::ImageRgba8(img.into_rgba8())
        } else {
            DynamicImage::ImageRgb8(img.into_rgb8())
        };
        println!(
            "{file}: {}x{}, decoded in {ms:.1} ms",
            img.width(),
            img.height()
        );
        // A chart exported narrower is scaled up to the 3000 pixels the issue measures.
        let img = if kind == Kind::Png && img.width() < 3000 {
            let height = img.height() * 3000 / img.width();
            img.resize_exact(3000, height, image::imageops::FilterType::CatmullRom)
        } else {
            img
        };
        let name = std::path::Path::new(file);
        for width in [1600u32, 960, 480] {
            let height = img.height() * width / img.width();
            let (_, slow) =
                timed(|| img.resize_exact(width, height, image::imageops::FilterType::Lanczos3));
            let (small, fast) =
                timed(|| super::encode::resize(&img, (width, height), name).unwrap());
            let (lossless, ll_ms) = timed(|| {
                let mut out = Vec::new();
                image::codecs::webp::WebPEncoder::new_lossless(&mut out)
                    .write_image(small.as_bytes(), width, height, small.color().into())
                    .unwrap();
                out
            });
            let (lossy, ly_ms) = timed(|| super::encode::encode(&small, Kind::Webp, name).unwrap());
            let (fallback, fb_ms) = timed(|| super::encode::encode(&small, kind, name).unwrap());
            println!(
                "  {width} px: resize image {slow:.1} ms, fast_image_resize {fast:.1} ms; \
                 WebP lossless (image) {} KB {ll_ms:.1} ms, WebP lossy q80 (libwebp) {} KB \
                 {ly_ms:.1} ms, fallback {} KB {fb_ms:.1} ms",
                lossless.len() / 1024,
                lossy.len() / 1024,
                fallback.len() / 1024
            );
        }
    }
}
