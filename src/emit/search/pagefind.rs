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
    name == "pagefind-entry.json"
        || name.ends_with(".pf_meta")
        || ["index/", "filter/", "fragment/"]
            .iter()
            .any(|folder| name.starts_with(folder))
}

/// Makes the search bundle of `records`; every language's records get an index of their own,
/// chosen by the browser from the search page's `<html lang>`, and stemmed as that language
/// is. Records come in batches, so that the caller can make the next batch while Pagefind
/// reads this one. `cancelled` is asked before each record: when it says yes, the work stops
/// and nothing is returned.
#[cfg(feature = "search")]
pub(crate) fn build(
    batches: impl Iterator<Item = Vec<Record>>,
    keep: Keep,
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
        Ok(files
            .into_iter()
            .filter(|file| keep == Keep::All || is_index_file(&file.filename))
            .map(|file| (file.filename, file.contents))
            .collect())
    })
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
    _keep: Keep,
    _cancelled: &dyn Fn() -> bool,
) -> Result<Vec<BundleFile>, String> {
    Err("this Dossier was built without search (the `search` cargo feature)".into())
}
