//! The search index as made (kept in the build cache), what a render does about it, and the
//! work `serve` hands to its background indexer.

use crate::output::MadeFile;

/// A search index as made: its shards.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct IndexState {
    pub(crate) shards: Vec<ShardState>,
}

/// A shard of the search index as made: where, from what records, and its files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ShardState {
    /// Its folder below `pagefind/` (empty for the primary shard).
    pub(crate) folder: String,
    /// [`search::Shard::fingerprint`] of the records it was made from.
    pub(crate) fingerprint: u64,
    /// Its files, below the output folder, and what was made of each; empty in `serve`, where
    /// the server keeps them. They are kept here, not with the site's other files: a shard
    /// whose records did not change is kept as a whole, without looking its files up one by
    /// one.
    pub(crate) files: Vec<MadeFile>,
}

/// What a render does about the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SearchMode {
    /// Nothing (`check`): the search pages are rendered, the index is not made.
    Off,
    /// Made on a thread of its own while the pages render, and written with them (`build`).
    Inline,
    /// Left to the caller, who gets the records when they changed (`serve`, which makes the
    /// index in the background so that no page waits for it).
    Deferred,
}

/// The index `serve` is to make in the background.
pub(crate) enum IndexJob {
    /// Make it of these shards (keeping those made last whose records did not change), with
    /// this list of shards ([`search::SHARD_LIST`]).
    Build {
        shards: Vec<ShardJob>,
        list: Vec<u8>,
    },
    /// The site no longer has search: remove it.
    Remove,
}

/// A shard for `serve` to make in the background.
pub(crate) struct ShardJob {
    /// Its folder below `pagefind/` (empty for the primary shard).
    pub(crate) folder: String,
    /// The fingerprint of its records.
    pub(crate) fingerprint: u64,
    /// What of its bundle to serve.
    pub(crate) keep: crate::emit::search::Keep,
    pub(crate) records: Vec<crate::emit::search::Record>,
}
