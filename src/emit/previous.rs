//! What an earlier render made, by which the next one skips the files whose inputs have not
//! changed and that are still in the output as written.

use std::path::{Path, PathBuf};

use super::search::IndexState;
use crate::output::{Made, MadeRecord, modified};

/// What an earlier render made, to skip the files whose inputs have not changed.
#[derive(Debug, Default)]
pub(crate) struct Previous {
    /// The earlier render's files.
    pub(crate) made: Made,
    /// Where those files were written, to check they are still there as made; `None` when
    /// they are kept in memory (`serve`).
    pub(crate) output: Option<PathBuf>,
    /// The search index it made (or, in `serve`, asked for).
    pub(crate) search: Option<IndexState>,
}

impl Previous {
    /// Whether the file at `path` was made from the same inputs and is still there as it was
    /// written (same size and modification time: not removed, edited or replaced since).
    pub(super) fn is_fresh(&self, path: &Path, fingerprint: u64) -> bool {
        self.made
            .get(path)
            .is_some_and(|record| record.fingerprint == fingerprint && self.in_place(path, record))
    }

    /// Whether the file at `path` is still in the output as `record` says it was written;
    /// always, when the files are kept in memory.
    fn in_place(&self, path: &Path, record: &MadeRecord) -> bool {
        let Some(output) = &self.output else {
            return true;
        };
        std::fs::metadata(output.join(path))
            .is_ok_and(|m| record.is_written_as(m.is_file(), m.len(), modified(&m)))
    }
}
