//! The manifest of what a build wrote: each output file that has a fingerprint, with the
//! fingerprint of its inputs, its size and when it was written, so that the next build can
//! tell which files are still as made and skip them.

use std::collections::HashMap;
use std::path::PathBuf;

/// What was made of one output file that has a fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct MadeRecord {
    /// The fingerprint of its inputs.
    pub(crate) fingerprint: u64,
    /// Its size in bytes.
    pub(crate) size: u64,
    /// When it was last written to the output, in nanoseconds since the epoch; `None` until
    /// the build has put it in place (and always in `serve`, which keeps files in memory).
    pub(crate) modified: Option<u128>,
}

impl MadeRecord {
    /// Whether a file found in the output (a regular file or not, its size and modification
    /// time) is this one as it was written: not removed, edited or replaced since.
    pub(crate) fn is_written_as(&self, is_file: bool, size: u64, modified: Option<u128>) -> bool {
        is_file && self.modified.is_some() && size == self.size && modified == self.modified
    }
}

/// What was made of each output file that has a fingerprint.
pub(crate) type Made = HashMap<PathBuf, MadeRecord>;

/// When a file was last modified, as kept in a [`MadeRecord`].
pub(crate) fn modified(metadata: &std::fs::Metadata) -> Option<u128> {
    let time = metadata.modified().ok()?;
    Some(time.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos())
}

/// A file made with a fingerprint, and what was made.
pub(crate) type MadeFile = (PathBuf, MadeRecord);
