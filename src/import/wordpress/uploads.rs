//! The files a post uses from `wp-content/uploads/`: copied from a local copy of that folder
//! (`--uploads DIR`) into the post's bundle, their links rewritten; without one, the images
//! still on the old site are listed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::html::attr_value;

/// What localizing a post's files did.
#[derive(Debug, Default)]
pub(crate) struct Localized {
    /// The HTML with the copied files' addresses replaced by their names in the bundle.
    pub(crate) html: String,
    /// Files to copy: from (in the uploads folder) → name in the bundle.
    pub(crate) copies: Vec<(PathBuf, String)>,
    /// Images left at their old addresses.
    pub(crate) remote: Vec<String>,
    /// Files the uploads folder does not have.
    pub(crate) missing: Vec<String>,
}

/// Every address in `src="…"` and `href="…"` that points into `wp-content/uploads/`, once each,
/// with whether it is an image's source.
fn upload_urls(html: &str) -> BTreeMap<String, bool> {
    let mut urls = BTreeMap::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..tag_end];
        for (name, is_image) in [("src", true), ("href", false)] {
            if let Some(url) = attr_value(tag, name)
                && url.contains("/wp-content/uploads/")
            {
                let entry = urls.entry(url.to_string()).or_insert(false);
                *entry |= is_image;
            }
        }
        rest = &rest[tag_end..];
    }
    urls
}

/// The file an uploads address names under `dir`: as written, else the original that WordPress
/// resized (`photo-300x200.jpg` → `photo.jpg`). `None` for paths that leave the folder.
fn find_upload(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split("/wp-content/uploads/").nth(1)?;
    let path = path.split(['?', '#']).next()?;
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if path.split('/').any(|s| s == ".." || s.is_empty()) {
        return None;
    }
    let file = dir.join(path.as_ref());
    if file.is_file() {
        return Some(file);
    }
    let name = file.file_name()?.to_str()?;
    let (stem, ext) = name.rsplit_once('.')?;
    let (base, size) = stem.rsplit_once('-')?;
    let is_size = size
        .split_once('x')
        .is_some_and(|(w, h)| w.parse::<u32>().is_ok() && h.parse::<u32>().is_ok());
    let original = file.with_file_name(format!("{base}.{ext}"));
    (is_size && original.is_file()).then_some(original)
}

/// A name for a file in the bundle, safe and not taken.
fn bundle_name(file: &Path, taken: &[(PathBuf, String)]) -> String {
    let base: String = file
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let base = if base.is_empty() || base.starts_with('.') || base.starts_with("index.") {
        format!("file-{base}")
    } else {
        base
    };
    let used = |n: &str| taken.iter().any(|(_, t)| t == n);
    if !used(&base) {
        return base;
    }
    (2..)
        .map(|i| format!("{i}-{base}"))
        .find(|n| !used(n))
        .unwrap_or(base)
}

/// Rewrites a post's uploads addresses to files in its bundle (with `uploads`), or lists its
/// images left on the old site (without).
/// Links are rewritten to `{prefix}{name}`: a bundle's file (`prefix` empty) or a static one.
pub(crate) fn localize(html: &str, uploads: Option<&Path>, prefix: &str) -> Localized {
    let mut done = Localized {
        html: html.to_string(),
        ..Localized::default()
    };
    for (url, is_image) in upload_urls(html) {
        let Some(dir) = uploads else {
            if is_image {
                done.remote.push(url);
            }
            continue;
        };
        let Some(file) = find_upload(dir, &url) else {
            done.missing.push(url);
            continue;
        };
        let existing = done
            .copies
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, n)| n.clone());
        let name = existing.unwrap_or_else(|| {
            let name = bundle_name(&file, &done.copies);
            done.copies.push((file, name.clone()));
            name
        });
        done.html = done
            .html
            .replace(&format!("\"{url}\""), &format!("\"{prefix}{name}\""))
            .replace(&format!("'{url}'"), &format!("'{prefix}{name}'"));
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_uploads_in_src_and_href() {
        let html = "<a href=\"https://x.org/wp-content/uploads/a.pdf\">A</a><img src='https://x.org/wp-content/uploads/2020/01/b-300x200.jpg'><img src=\"https://cdn.org/c.png\">";
        let urls = upload_urls(html);
        assert_eq!(urls.len(), 2);
        assert!(!urls["https://x.org/wp-content/uploads/a.pdf"]);
        assert!(urls["https://x.org/wp-content/uploads/2020/01/b-300x200.jpg"]);
    }
}
