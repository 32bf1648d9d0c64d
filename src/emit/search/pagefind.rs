//! The full-text search index, made with Pagefind's library in this process: each brief and
//! page is handed to it as a small HTML document built from the model (never read back from
//! the output), and the bundle it returns (its scripts, the WebAssembly search, and the index
//! chunked by word, filter and page) is written under `/pagefind/` like any other output.
//!
//! The records are made in `render::search`; this module only runs Pagefind over them.

use std::path::PathBuf;

/// One document of the index: a brief or a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// What a result links to: the page's path from the site root (`/briefs/2025/x/`); the
    /// script in the browser puts the base path in front (the folder above `pagefind/`).
    pub(crate) url: String,
    /// A minimal HTML document: `<html lang>`, the title as the only `<h1>` (Pagefind weighs
    /// it above the body), the body's HTML with its heading ids (sub-results), and the filters,
    /// metadata and sort keys as `data-pagefind-*` attributes of empty elements.
    pub(crate) html: String,
}

/// A file of the search bundle: its path inside `pagefind/`, and its bytes.
pub(crate) type BundleFile = (PathBuf, Vec<u8>);

/// What of a bundle to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Everything: the primary shard, whose scripts the browser loads.
    All,
    /// Only the index itself (its entry file, metadata, word, filter and fragment chunks): a
    /// shard that the browser merges into the primary one, which never loads its scripts.
    Index,
}

/// Whether a file of a bundle is part of the index itself, not of Pagefind's scripts.
pub(crate) fn is_index_file(name: &std::path::Path) -> bool {
    let name = name.to_string_lossy();
    name == crate::routes::SEARCH_ENTRY
        || name.ends_with(".pf_meta")
        || ["index/", "filter/", "fragment/"]
            .iter()
            .any(|folder| name.starts_with(folder))
}

/// Makes the search bundle of `records`; every language's records get an index of their own,
/// chosen by the browser from the search page's `<html lang>`, and stemmed as that language
/// is. Records come in batches, so that the caller can make the next batch while Pagefind
/// reads this one. `cancelled` is asked before each record: when it says yes, the work stops
/// and nothing is returned. `fingerprint`, the shard's ([`super::Shard::fingerprint`]), names
/// the files the search page preloads ([`known_names`]).
#[cfg(feature = "search")]
pub(crate) fn build(
    batches: impl Iterator<Item = Vec<Record>>,
    (keep, fingerprint): (Keep, u64),
    cancelled: &dyn Fn() -> bool,
) -> Result<Vec<BundleFile>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    // Pagefind's API is async; a runtime of one thread (and Pagefind's blocking pool) runs it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(failed)?;
    runtime.block_on(async move {
        let options = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(options)).map_err(failed)?;
        let started = std::time::Instant::now();
        let mut records = 0;
        for batch in batches {
            for record in batch {
                if cancelled() {
                    return Err(CANCELLED.to_string());
                }
                records += 1;
                index
                    .add_html_file(None, Some(record.url), record.html)
                    .await
                    .map_err(failed)?;
            }
        }
        let read = started.elapsed();
        let files = index.get_files().await.map_err(failed)?;
        if std::env::var_os("DOSSIER_TRACE_SEARCH").is_some() {
            let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
            eprintln!(
                "search index: {records} records read in {:.2} s, indexed and compressed in {:.2} s: {} files, {bytes} bytes",
                read.as_secs_f64(),
                (started.elapsed() - read).as_secs_f64(),
                files.len(),
            );
        }
        let files = files
            .into_iter()
            .filter(|file| keep == Keep::All || is_index_file(&file.filename))
            .map(|file| (file.filename, file.contents))
            .collect();
        known_names(files, keep, fingerprint)
    })
}

/// Renames what a search page asks for first to names it knows before the index is made, so
/// that it can preload them: each language's metadata file, which Pagefind names after a hash
/// of its bytes, after the shard's `fingerprint` instead (the same records make the same
/// index), its new name written in the entry file; and in the primary shard, a language
/// Pagefind has no stemmer for, whose entry names no WebAssembly (the generic
/// `wasm.unknown.pagefind` is loaded then), gets a copy of that under its own name.
#[cfg(feature = "search")]
fn known_names(
    mut files: Vec<BundleFile>,
    keep: Keep,
    fingerprint: u64,
) -> Result<Vec<BundleFile>, String> {
    use serde_json::Value;
    let broken = || "the search index could not be made: Pagefind's entry file is unreadable";
    let entry_name = std::path::Path::new(crate::routes::SEARCH_ENTRY);
    let at = files
        .iter()
        .position(|(name, _)| name == entry_name)
        .ok_or_else(broken)?;
    let mut entry: Value = serde_json::from_slice(&files[at].1).map_err(|_| broken())?;
    let languages = entry
        .get_mut("languages")
        .and_then(Value::as_object_mut)
        .ok_or_else(broken)?;
    let generic = PathBuf::from(crate::routes::search_wasm_file("unknown"));
    let generic = files
        .iter()
        .find(|(name, _)| *name == generic && keep == Keep::All)
        .map(|(_, wasm)| wasm.clone());
    let mut renamed: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut copies: Vec<BundleFile> = Vec::new();
    for (key, index) in languages.iter_mut() {
        let hash = crate::routes::search_meta_hash(key, fingerprint);
        let old = match index.get_mut("hash") {
            Some(Value::String(old)) => std::mem::replace(old, hash.clone()),
            _ => return Err(broken().to_string()),
        };
        let meta = |hash: &str| PathBuf::from(crate::routes::search_meta_file(hash));
        renamed.push((meta(&old), meta(&hash)));
        if let Some(wasm) = generic.as_ref()
            && index.get("wasm").is_none_or(Value::is_null)
        {
            index["wasm"] = Value::String(key.clone());
            copies.push((crate::routes::search_wasm_file(key).into(), wasm.clone()));
        }
    }
    for (name, _) in &mut files {
        if let Some((_, new)) = renamed.iter().find(|(old, _)| old == name) {
            *name = new.clone();
        }
    }
    files.extend(copies);
    files[at].1 = serde_json::to_vec(&entry).map_err(|_| broken())?;
    Ok(files)
}

/// What [`build`] gives when it was cancelled.
pub(crate) const CANCELLED: &str = "cancelled";

/// A failure of Pagefind, for the build's report.
#[cfg(feature = "search")]
fn failed(error: impl std::fmt::Display) -> String {
    format!("the search index could not be made: {error}")
}

/// Without the `search` feature there is no index to make.
#[cfg(not(feature = "search"))]
pub(crate) fn build(
    _batches: impl Iterator<Item = Vec<Record>>,
    _shard: (Keep, u64),
    _cancelled: &dyn Fn() -> bool,
) -> Result<Vec<BundleFile>, String> {
    Err("this Dossier was built without search (the `search` cargo feature)".into())
}

#[cfg(all(test, feature = "search"))]
mod tests {
    use super::*;

    fn record(lang: &str, url: &str, text: &str) -> Record {
        Record {
            url: url.to_string(),
            html: format!(
                "<html lang=\"{lang}\"><body><h1>{text}</h1><p>{text}.</p></body></html>"
            ),
        }
    }

    fn file<'f>(files: &'f [BundleFile], name: &str) -> Option<&'f [u8]> {
        let name = std::path::Path::new(name);
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
    }

    #[test]
    fn what_a_search_page_preloads_is_named_before_the_index_is_made() {
        // English has a stemmer; Latin has none, and Pagefind loads its generic WebAssembly.
        let records = || {
            vec![
                record("en", "/a/", "Maritime ports and harbours"),
                record("la", "/b/", "Mare nostrum et portus"),
            ]
        };
        let files = build(std::iter::once(records()), (Keep::All, 0xabc), &|| false).unwrap();
        let entry: serde_json::Value =
            serde_json::from_slice(file(&files, "pagefind-entry.json").unwrap()).unwrap();
        for key in ["en", "la"] {
            let hash = format!("{key}_0000000000000abc");
            assert_eq!(entry["languages"][key]["hash"], hash.as_str(), "{entry}");
            let meta = file(&files, &format!("pagefind.{hash}.pf_meta"));
            assert!(meta.is_some_and(|m| !m.is_empty()), "{key}'s metadata");
            assert_eq!(entry["languages"][key]["wasm"], key, "{entry}");
            assert!(
                file(&files, &format!("wasm.{key}.pagefind")).is_some(),
                "{key}"
            );
        }
        // Only the renamed metadata files; Latin's WebAssembly is the generic one.
        let metas = files
            .iter()
            .filter(|(n, _)| n.to_string_lossy().ends_with(".pf_meta"));
        assert_eq!(metas.count(), 2);
        let generic = file(&files, "wasm.unknown.pagefind").unwrap();
        assert_eq!(file(&files, "wasm.la.pagefind").unwrap(), generic);
        assert_ne!(file(&files, "wasm.en.pagefind").unwrap(), generic);

        // A shard the browser merges: its metadata renamed likewise, and no WebAssembly.
        let files = build(std::iter::once(records()), (Keep::Index, 7), &|| false).unwrap();
        assert!(file(&files, "pagefind.la_0000000000000007.pf_meta").is_some());
        let wasm = files
            .iter()
            .filter(|(n, _)| n.to_string_lossy().contains("wasm"));
        assert_eq!(wasm.count(), 0);
    }
}
