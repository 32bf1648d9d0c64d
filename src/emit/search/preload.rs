//! What a language's search page names of the index before it is made, so that the browser
//! asks for it at once, beside Pagefind's script, rather than one wave of requests after
//! another (script, entry file, metadata and WebAssembly, then the shards): each shard's
//! entry file as Pagefind asks for it (with the index's version as `?ts=`), its metadata file
//! for the language (named after the shard's fingerprint, `pagefind::known_names`), and the
//! language's WebAssembly search; and the folders of the language's other shards, which the
//! page would otherwise learn from the list of shards, one request more.

use super::SearchPlan;
use crate::emit::html::SearchFiles;
use crate::routes;

impl SearchPlan<'_> {
    /// What the search pages name of this index: its version, and each language's files.
    pub(crate) fn page_files(&self) -> SearchFiles {
        let version = self.version();
        let languages = self.languages();
        let merge = languages
            .iter()
            .map(|(code, _)| self.shard_list.get(*code).cloned().unwrap_or_default())
            .collect();
        let preload = languages
            .into_iter()
            .map(|(code, indexed)| match indexed {
                true => self.preloads(code, &version),
                // No index of the language: the page searches the largest one.
                false => Vec::new(),
            })
            .collect();
        SearchFiles {
            version,
            preload,
            merge,
        }
    }

    /// The files of the index that the search page of the language `code` asks for before
    /// its first search: the primary shard's entry file, metadata and WebAssembly, then each
    /// other shard's entry file and metadata (the page merges them before it searches).
    fn preloads(&self, code: &str, version: &str) -> Vec<String> {
        let key = code.to_lowercase();
        let others = self.shard_list.get(code).into_iter().flatten();
        let folders = std::iter::once("").chain(others.map(String::as_str));
        let mut files = Vec::new();
        for folder in folders {
            let Some(shard) = self.shards.iter().find(|s| s.folder == folder) else {
                continue;
            };
            let entry = routes::search_shard_file(folder, routes::SEARCH_ENTRY);
            files.push(format!("{entry}?ts={version}"));
            let hash = routes::search_meta_hash(&key, shard.fingerprint);
            files.push(routes::search_shard_file(
                folder,
                &routes::search_meta_file(&hash),
            ));
            if folder.is_empty() {
                files.push(routes::search_bundle_file(&routes::search_wasm_file(&key)));
            }
        }
        files
    }
}
