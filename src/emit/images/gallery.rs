//! The gallery: every image the site publishes (bundle images, profile photos, static
//! images), each read once from its header, with the list of resized copies it gets. This is
//! the one place that list is made: the emitter writes it and the pages' `<img>` name it.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::BufReader;
use std::path::PathBuf;

use rayon::prelude::*;

use super::probe::{self, Kind, Probe};
use crate::content::Library;
use crate::error::Diagnostic;
use crate::theme::{StaticFile, Theme};

/// The widths resized copies are made at, never wider than the original.
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];

/// Where an image's bytes are.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// An image of the site and its resized copies.
#[derive(Debug)]
pub(crate) struct Picture {
    pub(crate) source: Source,
    /// Its name in diagnostics: relative to the site's root, or the theme's path.
    pub(crate) name: PathBuf,
    /// Its path in the output (the first, when it is copied to several places).
    pub(crate) path: String,
    pub(crate) probe: Probe,
    /// A fingerprint of the original file (path, size and time of change).
    pub(crate) stamp: u64,
    /// The copies, narrowest first: WebP, then the one fallback (WebP originals: all WebP).
    pub(crate) variants: Vec<Variant>,
}

/// One copy of an image at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Its path in the output.
    pub(crate) path: String,
    pub(crate) format: Kind,
    /// Whether it is the original file itself (copied, not made).
    pub(crate) original: bool,
}

impl Picture {
    /// Whether it gets resized copies (PNG, JPEG and WebP do; SVG and GIF stay as they are).
    pub(crate) fn is_resized(&self) -> bool {
        matches!(self.probe.kind, Kind::Png | Kind::Jpeg | Kind::Webp)
    }

    /// The copies in `format`, narrowest first.
    pub(crate) fn variants_in(&self, format: Kind) -> impl Iterator<Item = &Variant> {
        self.variants.iter().filter(move |v| v.format == format)
    }

    /// The format of its fallback copies: its own (PNG, JPEG or WebP).
    pub(crate) fn fallback_format(&self) -> Kind {
        self.probe.kind
    }
}

/// The copies of an image at `path` of the size and kind `probe` gives: WebP at its own width
/// (or the widest of [`WIDTHS`], when it is wider) and at each narrower one of [`WIDTHS`] that has
/// at most half its pixels (a 640-pixel chart's copy at 480 would save a quarter of a small
/// file, for the time of another encode), then its one fallback in its own format. That fallback is the original file itself when it is upright and no wider
/// than the widest width; otherwise one copy, upright, at its width or the widest. (A resized
/// fallback at every width cost a PNG or JPEG encode each, for the few browsers without WebP.)
fn variants(path: &str, probe: &Probe) -> Vec<Variant> {
    let (w, h) = (probe.width, probe.height);
    let widest = WIDTHS[WIDTHS.len() - 1];
    let top = w.min(widest);
    let mut widths: Vec<u32> = WIDTHS
        .iter()
        .copied()
        .filter(|&x| 2 * u64::from(x).pow(2) <= u64::from(top).pow(2))
        .collect();
    widths.push(top);
    let height = |x: u32| ((u64::from(h) * u64::from(x) + u64::from(w) / 2) / u64::from(w)) as u32;
    let variant = |x: u32, format: Kind| {
        let original = x == w && format == probe.kind && probe.orientation == 1;
        Variant {
            width: x,
            height: height(x).max(1),
            path: if original {
                path.to_string()
            } else {
                crate::routes::image_variant(path, x, format.extension())
            },
            format,
            original,
        }
    };
    let mut out: Vec<Variant> = widths.iter().map(|&x| variant(x, Kind::Webp)).collect();
    // A WebP original is its own format: its WebP copies are its fallbacks.
    if probe.kind != Kind::Webp {
        out.push(variant(w.min(widest), probe.kind));
    }
    out
}

/// Every image of a site, by its paths in the output.
#[derive(Debug, Default)]
pub(crate) struct Gallery {
    pub(crate) pictures: Vec<Picture>,
    /// Each output path of an image (a bundle copied for every language has several).
    by_path: HashMap<String, usize>,
    /// A fingerprint of the images in each brief's folder, for the brief's page.
    by_folder: HashMap<String, u64>,
    /// A fingerprint of the images outside briefs' folders (static images, photos), which any
    /// page may show.
    pub(crate) shared_stamp: u64,
    /// Images whose header cannot be read (warnings: they are copied as they are).
    pub(crate) problems: Vec<Diagnostic>,
}

/// An image found among the site's files: where it is, where it goes, what kind it is.
struct Found {
    source: Source,
    name: PathBuf,
    targets: Vec<String>,
    kind: Kind,
}

impl Gallery {
    /// Reads the header of every image the site publishes: the bundles' and profiles'
    /// files, and the theme's and site's static files.
    pub(crate) fn new(library: &Library, theme: &Theme) -> Gallery {
        let found = find(library, theme);
        let briefs: HashSet<String> = library
            .briefs
            .iter()
            .map(|b| crate::routes::brief(b).trim_end_matches('/').to_string())
            .collect();
        let probed: Vec<Result<(Probe, u64), Diagnostic>> =
            found.par_iter().map(probe_found).collect();
        let mut gallery = Gallery::default();
        let mut shared = xxhash_rust::xxh3::Xxh3::new();
        for (found, probed) in found.into_iter().zip(probed) {
            let (probe, stamp) = match probed {
                Ok(probed) => probed,
                // The file is still copied as it is, and named as written: a warning.
                Err(mut problem) => {
                    problem.severity = crate::error::Severity::Warning;
                    problem.hint = Some(
                        "it is published as it is, without resized copies or a size; open it \
                         in an image editor and save it again, or replace it"
                            .into(),
                    );
                    gallery.problems.push(problem);
                    continue;
                }
            };
            let index = gallery.pictures.len();
            for target in &found.targets {
                gallery.by_path.insert(target.clone(), index);
                match brief_folder(target, &briefs) {
                    Some(folder) => {
                        let entry = gallery.by_folder.entry(folder.to_string()).or_default();
                        *entry = entry.rotate_left(5) ^ stamp;
                    }
                    None => (target, stamp).hash(&mut shared),
                }
            }
            let path = found.targets[0].clone();
            gallery.pictures.push(Picture {
                variants: variants(&path, &probe),
                source: found.source,
                name: found.name,
                path,
                probe,
                stamp,
            });
        }
        gallery.shared_stamp = shared.finish();
        gallery
    }

    /// The image at a path of the output (`briefs/2026/x/chart.png`).
    pub(crate) fn get(&self, path: &str) -> Option<&Picture> {
        self.by_path.get(path).map(|&i| &self.pictures[i])
    }

    /// A fingerprint of the images in an output folder (`briefs/2026/x`), 0 when none.
    pub(crate) fn folder_stamp(&self, folder: &str) -> u64 {
        let folder = folder.trim_end_matches('/');
        self.by_folder.get(folder).copied().unwrap_or(0)
    }
}

/// The brief folder a path of the output is in (`briefs/2026/x` for
/// `briefs/2026/x/img/chart.png`), if any.
fn brief_folder<'p>(path: &'p str, briefs: &HashSet<String>) -> Option<&'p str> {
    let mut folder = path;
    while let Some((parent, _)) = folder.rsplit_once('/') {
        if briefs.contains(parent) {
            return Some(parent);
        }
        folder = parent;
    }
    None
}

/// The images among the site's files, each source once with every place it is copied to.
fn find(library: &Library, theme: &Theme) -> Vec<Found> {
    let root = &library.config.root;
    let mut found: Vec<Found> = Vec::new();
    let mut by_source: HashMap<PathBuf, usize> = HashMap::new();
    for asset in &library.assets {
        let Some(kind) = Kind::of_name(&asset.source) else {
            continue;
        };
        let target = asset.target.to_string_lossy().replace('\\', "/");
        if let Some(&i) = by_source.get(&asset.source) {
            found[i].targets.push(target);
            continue;
        }
        by_source.insert(asset.source.clone(), found.len());
        found.push(Found {
            source: Source::Disk(asset.source.clone()),
            name: asset
                .source
                .strip_prefix(root)
                .unwrap_or(&asset.source)
                .to_path_buf(),
            targets: vec![target],
            kind,
        });
    }
    for (path, file) in &theme.static_files {
        let Some(kind) = Kind::of_name(path) else {
            continue;
        };
        let (source, name) = match file {
            StaticFile::Disk(disk) => (
                Source::Disk(disk.clone()),
                disk.strip_prefix(root).unwrap_or(disk).to_path_buf(),
            ),
            StaticFile::Embedded(bytes) => (Source::Embedded(bytes), path.clone()),
        };
        found.push(Found {
            source,
            name,
            targets: vec![path.to_string_lossy().replace('\\', "/")],
            kind,
        });
    }
    found
}

/// Reads one image's header, and the fingerprint of its file.
fn probe_found(found: &Found) -> Result<(Probe, u64), Diagnostic> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    found.targets[0].hash(&mut hasher);
    let probe = match &found.source {
        Source::Disk(path) => {
            let file = std::fs::File::open(path)
                .map_err(|e| probe::unreadable(&found.name, &e.to_string()))?;
            if let Ok(meta) = file.metadata() {
                meta.len().hash(&mut hasher);
                let modified = meta.modified().ok();
                let since = modified.and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok());
                since.map(|d| d.as_nanos()).hash(&mut hasher);
            }
            probe::probe(&found.name, found.kind, BufReader::new(file))?
        }
        Source::Embedded(bytes) => {
            hasher.write(bytes);
            probe::probe_bytes(&found.name, found.kind, bytes)?
        }
    };
    (probe.width, probe.height, probe.orientation).hash(&mut hasher);
    Ok((probe, hasher.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(kind: Kind, width: u32, height: u32, orientation: u8) -> Probe {
        Probe {
            kind,
            width,
            height,
            orientation,
        }
    }

    #[test]
    fn copies_are_never_wider_than_the_original() {
        let wide = variants("b/chart.png", &probe(Kind::Png, 3000, 1500, 1));
        let shown: Vec<(u32, u32, &str, bool)> = wide
            .iter()
            .map(|v| (v.width, v.height, v.path.as_str(), v.original))
            .collect();
        assert_eq!(
            shown,
            [
                (480, 240, "b/chart.480w.webp", false),
                (960, 480, "b/chart.960w.webp", false),
                (1600, 800, "b/chart.1600w.webp", false),
                (1600, 800, "b/chart.1600w.png", false),
            ]
        );
        let small = variants("photo.jpg", &probe(Kind::Jpeg, 700, 500, 1));
        let widths: Vec<(u32, bool)> = small.iter().map(|v| (v.width, v.original)).collect();
        assert_eq!(widths, [(480, false), (700, false), (700, true)]);
        assert_eq!(small[2].path, "photo.jpg");
        // A narrower copy has at most half the pixels of the widest.
        let widths = |w| -> Vec<u32> {
            let all = variants("a.png", &probe(Kind::Png, w, 100, 1));
            all.iter()
                .filter(|v| v.format == Kind::Webp)
                .map(|v| v.width)
                .collect()
        };
        assert_eq!(widths(640), [640]);
        assert_eq!(widths(700), [480, 700]);
        assert_eq!(widths(1300), [480, 1300]);
        assert_eq!(widths(1400), [480, 960, 1400]);
        assert_eq!(widths(1700), [480, 960, 1600]);
        assert_eq!(widths(300), [300]);
        // A turned photo's original is not upright: its one fallback, at full width, is made.
        let turned = variants("p.jpg", &probe(Kind::Jpeg, 300, 400, 6));
        assert!(turned.iter().all(|v| !v.original), "{turned:?}");
        assert_eq!(turned.last().map(|v| v.path.as_str()), Some("p.300w.jpg"));
        assert_eq!(turned.iter().filter(|v| v.format == Kind::Jpeg).count(), 1);
        // A WebP original is its own fallback.
        let webp = variants("w.webp", &probe(Kind::Webp, 1000, 500, 1));
        let shown: Vec<(u32, bool)> = webp.iter().map(|v| (v.width, v.original)).collect();
        assert_eq!(shown, [(480, false), (1000, true)]);
    }
}
