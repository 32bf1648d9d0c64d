//! The search index in a render: each shard is kept as the last build left it when its
//! records did not change and its files are still in the output as they were written (a
//! system call per file, nothing read or hashed), and otherwise made by Pagefind on threads of
//! their own while the pages render; in `serve`, what the background indexer is to make.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::emit::Planned;
use super::search::{SHARD_LIST, SearchPlan, Shard};
use super::{IndexJob, IndexState, Made, Previous, ShardJob, ShardState};
use crate::output::Contents;
use crate::search::{BundleFile, Keep};

/// For each shard of the plan, the last build's files of it when they can be kept as they
/// are: the shard has the same folder and records, and every file is still in the output as
/// it was written.
pub(super) fn reusable<'p>(
    plan: &SearchPlan<'_>,
    previous: Option<&'p Previous>,
) -> Vec<Option<&'p ShardState>> {
    let last = previous.and_then(|p| p.search.as_ref());
    plan.shards
        .iter()
        .map(|shard| {
            let previous = previous?;
            let state = last?
                .shards
                .iter()
                .find(|s| s.folder == shard.folder && s.fingerprint == shard.fingerprint)?;
            let fresh = !state.files.is_empty()
                && state.files.par_iter().all(|path| {
                    previous
                        .made
                        .get(path)
                        .is_some_and(|record| previous.is_fresh(path, record.fingerprint))
                });
            fresh.then_some(state)
        })
        .collect()
}

/// What making a shard gave: its files, or why not.
type ShardFiles = Result<Vec<BundleFile>, String>;

/// Makes the shards that cannot be kept, the largest first, each on a thread of its own (as
/// many at once as the machine has cores): Pagefind reads a shard's records on one thread,
/// so shards made side by side use the cores that the pages leave idle, and only the shards
/// being made are in memory at once.
pub(super) fn make_shards(
    plan: &SearchPlan<'_>,
    keep: &[Option<&ShardState>],
) -> Vec<Option<ShardFiles>> {
    let mut todo: Vec<usize> = (0..plan.shards.len())
        .filter(|&i| keep.get(i).is_some_and(Option::is_none))
        .collect();
    todo.sort_by_key(|&i| std::cmp::Reverse(plan.shards[i].len()));
    let results: Mutex<Vec<Option<ShardFiles>>> =
        Mutex::new((0..plan.shards.len()).map(|_| None).collect());
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(todo.len());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(&at) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let shard = &plan.shards[at];
                    let made = crate::search::build(plan.batches(shard), keep_of(shard), &|| false);
                    results.lock().unwrap_or_else(|e| e.into_inner())[at] = Some(made);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// What of a shard's bundle is written: the primary shard carries Pagefind's scripts.
fn keep_of(shard: &Shard) -> Keep {
    if shard.folder.is_empty() {
        Keep::All
    } else {
        Keep::Index
    }
}

/// The files of the index to hand to the sink: the shards made this time, and the list of
/// shards; and the index's new state, whose kept shards' files are carried over as they were
/// (with what was made of them) without being planned at all.
pub(super) fn plan_files<'a>(
    plan: &SearchPlan<'_>,
    keep: &[Option<&ShardState>],
    made_now: Vec<Option<ShardFiles>>,
    previous: Option<&Previous>,
    static_files: &dyn Fn(&Path) -> bool,
) -> Result<(Vec<Planned<'a>>, Made, IndexState), String> {
    let mut planned = Vec::new();
    let mut carried = Made::new();
    let mut shards = Vec::with_capacity(plan.shards.len());
    let mut made_now = made_now.into_iter();
    for (shard, kept) in plan.shards.iter().zip(keep) {
        let files = match (kept, made_now.next().flatten()) {
            (Some(state), _) => {
                if let Some(previous) = previous {
                    for path in &state.files {
                        if let Some(record) = previous.made.get(path) {
                            carried.insert(path.clone(), *record);
                        }
                    }
                }
                state.files.clone()
            }
            (None, Some(Ok(bundle))) => {
                let mut files = Vec::with_capacity(bundle.len());
                for (name, bytes) in bundle {
                    let path = PathBuf::from(crate::routes::search_shard_file(
                        &shard.folder,
                        &name.to_string_lossy(),
                    ));
                    if static_files(&path) {
                        continue;
                    }
                    files.push(path.clone());
                    planned.push(bytes_file(path, bytes));
                }
                files
            }
            (None, Some(Err(message))) => return Err(message),
            // Every shard not kept was made, unless the thread making it failed.
            (None, None) => return Err("the search index could not be made".into()),
        };
        shards.push(ShardState {
            folder: shard.folder.clone(),
            fingerprint: shard.fingerprint,
            files,
        });
    }
    let list = PathBuf::from(crate::routes::search_bundle_file(SHARD_LIST));
    if !static_files(&list) {
        planned.push(bytes_file(list, plan.shard_list_json()));
    }
    Ok((planned, carried, IndexState { shards }))
}

/// A file of the index, fingerprinted by its bytes: one whose bytes did not change is not
/// written again.
fn bytes_file<'a>(path: PathBuf, bytes: Vec<u8>) -> Planned<'a> {
    let fingerprint = xxhash_rust::xxh3::xxh3_64(&bytes);
    Planned::new(path, Some(fingerprint), move || Ok(Contents::Bytes(bytes)))
}

/// In `serve`: the index's state, and the job for the background indexer when it differs
/// from the last one asked for. The job has every shard's records: the indexer keeps the
/// shards it made last, and makes again only those whose records changed.
pub(super) fn deferred(
    plan: Option<&SearchPlan<'_>>,
    last: Option<&IndexState>,
) -> (Option<IndexState>, Option<IndexJob>) {
    let state = plan.map(|plan| IndexState {
        shards: plan
            .shards
            .iter()
            .map(|shard| ShardState {
                folder: shard.folder.clone(),
                fingerprint: shard.fingerprint,
                files: Vec::new(),
            })
            .collect(),
    });
    if state.as_ref() == last {
        return (state, None);
    }
    let job = match plan {
        Some(plan) => IndexJob::Build {
            shards: plan
                .shards
                .iter()
                .map(|shard| ShardJob {
                    folder: shard.folder.clone(),
                    fingerprint: shard.fingerprint,
                    keep: keep_of(shard),
                    records: plan.records(shard),
                })
                .collect(),
            list: plan.shard_list_json(),
        },
        None => IndexJob::Remove,
    };
    (state, Some(job))
}
