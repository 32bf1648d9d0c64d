//! Responsive images: a brief with a 3000-pixel chart (matplotlib's, scaled up), a camera
//! photo turned by its EXIF orientation, and an SVG, and an author with a photo, built into a
//! temp folder; every `<img>` of every page is read back, and every file its `srcset`s name
//! is decoded with the `image` crate.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Site;
use scraper::{ElementRef, Html, Selector};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::repo_dir().join("tests/fixtures/images").join(name)).unwrap()
}

/// matplotlib's 640-pixel chart scaled up to 3000 × 2250 pixels, as a PNG.
fn chart_3000() -> Vec<u8> {
    let chart = image::load_from_memory(&fixture("chart-matplotlib.png")).unwrap();
    let big = chart.resize_exact(3000, 2250, image::imageops::FilterType::Triangle);
    let mut png = Vec::new();
    big.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

const DIAGRAM: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 360\"><rect width=\"720\" height=\"360\" fill=\"#ddd\"/></svg>";
const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"180\" height=\"48\"><rect width=\"180\" height=\"48\"/></svg>";

/// A site whose brief shows a chart, a photo and a diagram, and whose author has a photo.
fn site() -> Site {
    let site = Site::new();
    site.write(
        "site.toml",
        &format!(
            "{}logo = \"/logo.svg\"\n\n[pdf]\ngenerate = false\n",
            common::SITE_TOML
        ),
    );
    site.write("static/logo.svg", LOGO);
    site.write(
        "content/briefs/2025/charts/index.md",
        "+++\ntitle = \"Charts\"\ndate = 2025-03-01\nauthors = [\"Ann Lee\"]\n+++\n\
         The lead, without an image.\n\n## The chart\n\n![Rates since 2000](chart.png \"Rates\")\n\n\
         ## The photo\n\n![The harbour](img/photo.jpg)\n\n![A diagram](diagram.svg)\n\n\
         ![Elsewhere](https://example.com/a.png)\n",
    );
    site.write_bytes("content/briefs/2025/charts/chart.png", &chart_3000());
    site.write_bytes(
        "content/briefs/2025/charts/img/photo.jpg",
        &fixture("camera-canon-sx60.jpg"),
    );
    site.write("content/briefs/2025/charts/diagram.svg", DIAGRAM);
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\nphoto = \"ann.png\"\n+++\nAnn writes.\n",
    );
    site.write_bytes("content/authors/ann.png", &fixture("chart-matplotlib.png"));
    site
}

fn attr<'a>(el: &ElementRef<'a>, name: &str) -> Option<&'a str> {
    el.value().attr(name)
}

/// `url 480w, …` as (url, width).
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.trim().rsplit_once(' ').unwrap();
            (url.to_string(), w.trim_end_matches('w').parse().unwrap())
        })
        .collect()
}

/// The file of the output a URL path names.
fn file(site: &Site, url: &str) -> PathBuf {
    site.path("public").join(url.trim_start_matches('/'))
}

/// Decodes a candidate, checks its format and width, and returns its size.
fn decoded(site: &Site, url: &str, format: image::ImageFormat, width: u32) -> (u32, u32) {
    let bytes = std::fs::read(file(site, url)).unwrap_or_else(|e| panic!("{url}: {e}"));
    assert_eq!(image::guess_format(&bytes).unwrap(), format, "{url}");
    let img = image::load_from_memory_with_format(&bytes, format).unwrap();
    assert_eq!(img.width(), width, "{url}");
    (img.width(), img.height())
}

/// Every HTML page of the output, by its path.
fn pages(site: &Site) -> BTreeMap<PathBuf, Html> {
    walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            (e.path().to_path_buf(), Html::parse_document(&text))
        })
        .collect()
}

#[test]
fn every_img_has_a_size_and_srcsets_name_webp_copies_of_the_stated_widths() {
    let site = site();
    site.build(&[]);
    let img = Selector::parse("img").unwrap();
    let pages = pages(&site);
    assert!(pages.len() > 5);
    for (path, page) in &pages {
        for el in page.select(&img) {
            let src = attr(&el, "src").unwrap_or_default();
            if src.starts_with("https://example.com/") {
                continue; // Another site's image: its size cannot be known.
            }
            for name in ["width", "height"] {
                let value =
                    attr(&el, name).unwrap_or_else(|| panic!("{path:?}: {src} has no {name}"));
                assert!(
                    value.parse::<u32>().unwrap() > 0,
                    "{path:?}: {src} {name}={value}"
                );
            }
        }
    }
    let brief = site.html("briefs/2025/charts/index.html");
    let sources = Selector::parse("picture > source[type='image/webp']").unwrap();
    let sources: Vec<ElementRef> = brief.select(&sources).collect();
    assert_eq!(sources.len(), 2, "the chart and the photo");
    let pictures = Selector::parse("picture > img").unwrap();
    let imgs: Vec<ElementRef> = brief.select(&pictures).collect();
    use image::ImageFormat::{Jpeg, Png, WebP};
    // The chart: 3000 pixels wide, so copies at 480, 960 and 1600, the widest its `src`.
    let chart = candidates(attr(&sources[0], "srcset").unwrap());
    assert_eq!(
        chart.iter().map(|c| c.1).collect::<Vec<_>>(),
        [480, 960, 1600]
    );
    for (url, width) in &chart {
        let (w, h) = decoded(&site, url, WebP, *width);
        assert_eq!(h, w * 3 / 4, "{url}");
    }
    // Its one fallback, for browsers without WebP: a PNG at the widest width.
    let fallback = candidates(attr(&imgs[0], "srcset").unwrap());
    assert_eq!(fallback.iter().map(|c| c.1).collect::<Vec<_>>(), [1600]);
    for (url, width) in fallback {
        let (w, h) = decoded(&site, &url, Png, width);
        assert_eq!(h, w * 3 / 4, "{url}");
    }
    let chart_img = &imgs[0];
    assert_eq!(
        attr(chart_img, "src"),
        Some("/briefs/2025/charts/chart.1600w.png")
    );
    assert_eq!(
        (attr(chart_img, "width"), attr(chart_img, "height")),
        (Some("1600"), Some("1200"))
    );
    assert_eq!(attr(chart_img, "alt"), Some("Rates since 2000"));
    assert_eq!(attr(chart_img, "title"), Some("Rates"));
    assert_eq!(
        attr(chart_img, "loading"),
        None,
        "the first image loads at once"
    );
    assert_eq!(attr(chart_img, "decoding"), Some("async"));
    assert!(attr(chart_img, "sizes").is_some() && attr(&sources[0], "sizes").is_some());
    // The photo: 2048 × 1536 stored, EXIF orientation 6, so 1536 × 2048 upright.
    let photo = candidates(attr(&sources[1], "srcset").unwrap());
    assert_eq!(
        photo.iter().map(|c| c.1).collect::<Vec<_>>(),
        [480, 960, 1536]
    );
    for (url, width) in &photo {
        let (w, h) = decoded(&site, url, WebP, *width);
        assert!(h > w, "{url} is upright: {w}×{h}");
        assert_eq!(h, w * 4 / 3, "{url}");
    }
    // Its original is not upright, so its one fallback is a JPEG copy at its width, upright.
    let fallback = candidates(attr(&imgs[1], "srcset").unwrap());
    assert_eq!(fallback.iter().map(|c| c.1).collect::<Vec<_>>(), [1536]);
    for (url, width) in fallback {
        let (w, h) = decoded(&site, &url, Jpeg, width);
        assert!(h > w, "{url} is upright: {w}×{h}");
    }
    assert_eq!(
        (attr(&imgs[1], "width"), attr(&imgs[1], "height")),
        (Some("1536"), Some("2048"))
    );
    assert_eq!(attr(&imgs[1], "loading"), Some("lazy"));
    assert!(file(&site, attr(&imgs[1], "src").unwrap()).is_file());
    // The SVG stays as it is, its size from its viewBox.
    let svg = Selector::parse("img[src='diagram.svg']").unwrap();
    let svg = brief.select(&svg).next().expect("the diagram");
    assert_eq!(
        (attr(&svg, "width"), attr(&svg, "height")),
        (Some("720"), Some("360"))
    );
    assert_eq!(attr(&svg, "loading"), Some("lazy"));
    // The logo, on every page, has the size its file gives.
    let logo = Selector::parse("img.site-logo").unwrap();
    let logo = brief.select(&logo).next().expect("the logo");
    assert_eq!(
        (attr(&logo, "width"), attr(&logo, "height")),
        (Some("180"), Some("48"))
    );
    // The author's photo (640 pixels wide): one WebP copy at 640 (one at 480 would have more
    // than half its pixels), the original its fallback.
    let author = site.html("authors/ann-lee/index.html");
    let source = Selector::parse("picture > source[type='image/webp']").unwrap();
    let source = author
        .select(&source)
        .next()
        .expect("the photo's WebP copies");
    let copies = candidates(attr(&source, "srcset").unwrap());
    assert_eq!(copies.iter().map(|c| c.1).collect::<Vec<_>>(), [640]);
    for (url, width) in &copies {
        decoded(&site, url, WebP, *width);
    }
    let photo = Selector::parse("img.profile-photo").unwrap();
    let photo = author.select(&photo).next().unwrap();
    assert_eq!(attr(&photo, "src"), Some("/authors/ann-lee/ann.png"));
    assert!(
        !site.exists("authors/ann-lee/ann.480w.png"),
        "no PNG copies"
    );
    assert_eq!(
        (attr(&photo, "width"), attr(&photo, "height")),
        (Some("640"), Some("480"))
    );
}

/// Modification times of the output's resized copies.
fn copies(site: &Site) -> BTreeMap<PathBuf, std::time::SystemTime> {
    walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let mut parts = name.rsplit('.').skip(1);
            parts
                .next()
                .is_some_and(|w| w.ends_with('w') && w[..w.len() - 1].parse::<u32>().is_ok())
        })
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

/// N in the build's summary "N files written, …".
fn written(out: &str) -> usize {
    let end = out
        .find(" files written")
        .unwrap_or_else(|| panic!("{out}"));
    out[..end]
        .split_whitespace()
        .last()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_rebuild_remakes_only_the_copies_of_a_changed_image() {
    let site = site();
    site.build(&[]);
    let first = copies(&site);
    // The chart's and photo's three WebP copies and one fallback each; the author's one WebP.
    assert_eq!(first.len(), 3 + 1 + 3 + 1 + 1, "{first:#?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = site.build(&[]);
    assert_eq!(written(&again.stdout), 0, "{}", again.stdout);
    assert_eq!(copies(&site), first, "no copy was made again");
    // A new photo: its copies are made again (at its new size), the chart's are not.
    let small = image::load_from_memory(&fixture("chart-matplotlib.png"))
        .unwrap()
        .resize_exact(500, 250, image::imageops::FilterType::Triangle);
    let mut png = Vec::new();
    small
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    site.write_bytes("content/authors/ann.png", &png);
    site.build(&[]);
    let now = copies(&site);
    let changed: Vec<&Path> = now
        .iter()
        .filter(|(path, time)| first.get(*path) != Some(time))
        .map(|(path, _)| path.strip_prefix(site.path("public")).unwrap())
        .collect();
    // At 500 pixels: one WebP copy at 500 (the original is the fallback).
    let expected = ["ann.500w.webp"];
    let expected: Vec<PathBuf> = expected
        .iter()
        .map(|f| Path::new("authors/ann-lee").join(f))
        .collect();
    assert_eq!(changed, expected);
    assert!(
        !site.exists("authors/ann-lee/ann.640w.webp"),
        "the old size's copy is gone"
    );
    let author = site.html("authors/ann-lee/index.html");
    let photo = Selector::parse("img.profile-photo").unwrap();
    let photo = author.select(&photo).next().unwrap();
    assert_eq!(
        (attr(&photo, "width"), attr(&photo, "height")),
        (Some("500"), Some("250"))
    );
}

/// A chart whose header is sound but whose pixels are not cannot be resized: an error (its
/// page would name copies that cannot be made). A "photo" that is no image at all is published
/// as it is, with a warning.
#[test]
fn a_corrupt_image_is_a_diagnostic_naming_its_file() {
    let site = site();
    let mut broken = chart_3000()[..200].to_vec();
    broken.extend(std::iter::repeat_n(0x5a, 5000));
    site.write_bytes("content/briefs/2025/charts/chart.png", &broken);
    site.write(
        "content/briefs/2025/charts/img/photo.jpg",
        "this is no JPEG\n",
    );
    let run = site.run(&["build"]);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert_ne!(run.code, 0, "{out}");
    assert!(!out.contains("panicked"), "{out}");
    for name in [
        "content/briefs/2025/charts/chart.png",
        "content/briefs/2025/charts/img/photo.jpg",
    ] {
        assert!(
            out.contains(name) && out.contains("cannot be read as an image"),
            "{name}:\n{out}"
        );
    }
    // With the chart mended, the site builds: the "photo" is copied as it is, with a warning.
    site.write_bytes("content/briefs/2025/charts/chart.png", &chart_3000());
    let run = site.build(&[]);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("warning") && out.contains("img/photo.jpg"),
        "{out}"
    );
    assert_eq!(
        site.output("briefs/2025/charts/img/photo.jpg"),
        "this is no JPEG\n"
    );
    let brief = site.html("briefs/2025/charts/index.html");
    let photo = Selector::parse("img[src='img/photo.jpg']").unwrap();
    assert!(brief.select(&photo).next().is_some(), "named as written");
}
