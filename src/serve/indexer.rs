//! `serve`'s background indexer: makes the search index's shards once the saves settle,
//! keeps the shards it made last and makes again only those whose records changed, and swaps
//! the new bundle into the served site in one step. Pages never wait for it.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::http::Body;
use super::{INDEX_DEBOUNCE, Shared};
use crate::emit::search::{IndexJob, ShardJob};
use crate::routes;

/// How the last background indexing went: the records indexed, or why not; its time.
pub(super) type IndexReport = (std::result::Result<usize, String>, std::time::Duration);

/// The shards made last, by folder: the fingerprint of their records and their files.
type Made = HashMap<String, (u64, Vec<(String, Arc<Vec<u8>>)>)>;

/// The indexing thread: waits for a job, lets the saves settle (a newer job replaces an older
/// one, and one that arrives while the index is being made cancels it), makes the shards
/// whose records changed and swaps the bundle's files into the served site. Until it is
/// done, the search page searches the previous index.
pub(super) fn make_indexes(jobs: &std::sync::mpsc::Receiver<IndexJob>, shared: &Shared) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut next: Option<IndexJob> = None;
    let mut made = Made::new();
    loop {
        let mut job = match next.take() {
            Some(job) => job,
            None => match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        loop {
            match jobs.recv_timeout(INDEX_DEBOUNCE) {
                Ok(newer) => job = newer,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let started = Instant::now();
        let outcome = match job {
            IndexJob::Remove => {
                made.clear();
                swap_index(shared, &Made::new(), None);
                continue;
            }
            IndexJob::Build { shards, list } => {
                let count = shards.iter().map(|s| s.records.len()).sum();
                // A newer job, or the server stopping, makes this one moot.
                let cancelled = || {
                    if shared.stop.load(Ordering::SeqCst) {
                        return true;
                    }
                    match jobs.try_recv() {
                        Ok(newer) => {
                            next = Some(newer);
                            true
                        }
                        Err(_) => next.is_some(),
                    }
                };
                let cancelled = std::cell::RefCell::new(cancelled);
                match make_shards(shards, &mut made, &|| (cancelled.borrow_mut())()) {
                    Ok(()) => {
                        swap_index(shared, &made, Some(list));
                        Ok(count)
                    }
                    Err(message) if message == crate::emit::search::CANCELLED => continue,
                    Err(message) => Err(message),
                }
            }
        };
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let sender = shared.indexed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = sender.as_ref() {
            let _ = sender.send((outcome, started.elapsed()));
        }
    }
}

/// Makes the shards whose records are not those of the shard made last in their folder;
/// on success `made` holds exactly the job's shards. A shard made before a failure or a
/// cancellation is kept for the next job.
fn make_shards(
    shards: Vec<ShardJob>,
    made: &mut Made,
    cancelled: &dyn Fn() -> bool,
) -> Result<(), String> {
    let folders: Vec<String> = shards.iter().map(|s| s.folder.clone()).collect();
    for shard in shards {
        if made
            .get(&shard.folder)
            .is_some_and(|(fingerprint, _)| *fingerprint == shard.fingerprint)
        {
            continue;
        }
        let files = crate::emit::search::build(
            std::iter::once(shard.records),
            (shard.keep, shard.fingerprint),
            cancelled,
        )?;
        let files = files
            .into_iter()
            .map(|(name, bytes)| (name.to_string_lossy().replace('\\', "/"), Arc::new(bytes)))
            .collect();
        made.insert(shard.folder, (shard.fingerprint, files));
    }
    made.retain(|folder, _| folders.contains(folder));
    Ok(())
}

/// Replaces the served search bundle with the shards' files and the list of shards (none:
/// the site has no search now).
fn swap_index(shared: &Shared, made: &Made, list: Option<Vec<u8>>) {
    let mut snapshot = shared.snapshot.write().unwrap_or_else(|e| e.into_inner());
    snapshot
        .files
        .retain(|path, _| !path.starts_with(routes::SEARCH_BUNDLE));
    for (folder, (_, files)) in made {
        for (name, bytes) in files {
            let path = routes::search_shard_file(folder, name);
            snapshot.files.insert(path, Body::Bytes(bytes.clone()));
        }
    }
    if let Some(list) = list {
        let path = routes::search_bundle_file(crate::emit::search::SHARD_LIST);
        snapshot.files.insert(path, Body::Bytes(Arc::new(list)));
    }
}
