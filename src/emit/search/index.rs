//! The search index in a render: each shard is kept as the last build left it when its
//! records did not change and its files are still in the output as they were written (a
//! system call per file, nothing read or hashed), and otherwise made by Pagefind on threads of
//! their own while the pages render; in `serve`, what the background indexer is to make.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::ShardState;
use super::{BundleFile, IndexJob, IndexState, Keep, SHARD_LIST, SearchPlan, Shard, ShardJob};
use crate::emit::{Planned, Previous, Workers, make_all};
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Contents, Made, MadeFile, Sink};
use crate::progress::Progress;

/// For each shard of the plan, the last build's state of it when it can be kept as it is:
/// the shard has the same folder and records, and every file is still in the output as it
/// was written.
pub(crate) fn reusable<'p>(
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
            let intact = !state.files.is_empty()
                && match &previous.output {
                    Some(output) => all_in_place(output, &state.files),
                    None => true,
                };
            intact.then_some(state)
        })
        .collect()
}

/// Whether every file is still in the output as it was written ([`is_written_as`],
/// as [`Previous::is_fresh`] checks a page): a shard's files lie in a few folders, each opened
/// once and its files looked up in it, rather than each by its whole path (walking the path's
/// folders again took most of the time of the check, for 10,600 files at 10,000 briefs).
///
/// [`is_written_as`]: crate::output::MadeRecord::is_written_as
fn all_in_place(output: &Path, files: &[MadeFile]) -> bool {
    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    let mut folders: Vec<(&Path, Vec<&MadeFile>)> = Vec::new();
    for file in files {
        let folder = file.0.parent().unwrap_or(Path::new(""));
        match folders.iter_mut().find(|(f, _)| *f == folder) {
            Some((_, files)) => files.push(file),
            None => folders.push((folder, vec![file])),
        }
    }
    folders.into_iter().all(|(folder, files)| {
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let Ok(dir) = rustix::fs::open(output.join(folder), flags, Mode::empty()) else {
            return false;
        };
        files.par_iter().all(|(path, record)| {
            let Some(name) = path.file_name() else {
                return false;
            };
            rustix::fs::statat(&dir, name, AtFlags::empty()).is_ok_and(|stat| {
                let is_file = FileType::from_raw_mode(stat.st_mode).is_file();
                let modified = u128::try_from(stat.st_mtime)
                    .ok()
                    .map(|seconds| seconds * 1_000_000_000 + u128::from(stat.st_mtime_nsec));
                u64::try_from(stat.st_size)
                    .is_ok_and(|size| record.is_written_as(is_file, size, modified))
            })
        })
    })
}

/// What making a shard gave: its files, or why not.
pub(crate) type ShardFiles = std::result::Result<Vec<BundleFile>, String>;

/// Makes the shards that cannot be kept, the largest first, each on a thread of its own (as
/// many at once as the machine has cores): Pagefind reads a shard's records on one thread,
/// so shards made side by side use the cores that the pages leave idle, and only the shards
/// being made are in memory at once.
pub(crate) fn make_shards(
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
                    let made = super::build(
                        plan.batches(shard),
                        (keep_of(shard), shard.fingerprint),
                        &|| false,
                    );
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

/// What writing the index gave.
pub(crate) struct Written {
    /// Every file of the index, kept or made.
    pub(crate) paths: Vec<PathBuf>,
    /// What was made of the files that belong to no shard (the list of shards).
    pub(crate) made: Made,
    /// How many files were made this time.
    pub(crate) rendered: usize,
    /// The index's new state: each shard with its files.
    pub(crate) state: IndexState,
}

/// Hands the files of the shards made this time, and the list of shards, to the sink; the
/// kept shards' files are carried over as they were, without being planned at all.
pub(crate) fn write(
    plan: &SearchPlan<'_>,
    (keep, made_now): (&[Option<&ShardState>], Vec<Option<ShardFiles>>),
    previous: Option<&Previous>,
    static_files: &dyn Fn(&Path) -> bool,
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<Written> {
    let (planned, made_paths) =
        plan_files(plan, keep, made_now, static_files).map_err(|message| {
            Error::Content(vec![
                Diagnostic::error(crate::config::CONFIG_FILE, message).with_hint(
                    "set `enabled = false` under `[search]` in site.toml to build without it",
                ),
            ])
        })?;
    let last = Previous {
        made: last_records(plan, keep, previous),
        output: previous.and_then(|p| p.output.clone()),
        search: None,
    };
    let stage = (progress, "Search index", Workers::Pool);
    let (mut paths, mut made, rendered, problems) = make_all(planned, Some(&last), sink, stage)?;
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    let shards: Vec<ShardState> = plan
        .shards
        .iter()
        .zip(keep)
        .zip(made_paths)
        .map(|((shard, kept), made_paths)| ShardState {
            folder: shard.folder.clone(),
            fingerprint: shard.fingerprint,
            files: match kept {
                Some(state) => state.files.clone(),
                None => made_paths
                    .into_iter()
                    .filter_map(|path| made.remove_entry(&path))
                    .collect(),
            },
        })
        .collect();
    let kept = keep.iter().flatten().flat_map(|state| &state.files);
    paths.extend(kept.map(|(path, _)| path.clone()));
    Ok(Written {
        paths,
        made,
        rendered,
        state: IndexState { shards },
    })
}

/// What the last build made of the files that may be written again: those of the shards
/// made again (a file whose bytes came out the same, and which is still in place, is not
/// written again), and the list of shards.
fn last_records(
    plan: &SearchPlan<'_>,
    keep: &[Option<&ShardState>],
    previous: Option<&Previous>,
) -> Made {
    let Some(previous) = previous else {
        return Made::new();
    };
    let list = PathBuf::from(crate::routes::search_bundle_file(SHARD_LIST));
    let mut records: Made = previous
        .made
        .get_key_value(&list)
        .map(|(path, record)| (path.clone(), *record))
        .into_iter()
        .collect();
    let last = previous.search.iter().flat_map(|index| &index.shards);
    for state in last {
        let remade = plan
            .shards
            .iter()
            .zip(keep)
            .any(|(shard, kept)| kept.is_none() && shard.folder == state.folder);
        if remade {
            records.extend(state.files.iter().cloned());
        }
    }
    records
}

/// The files of the shards made this time, and the list of shards, to hand to the sink; and
/// for each shard made, the paths of its files (none for a kept one).
fn plan_files<'a>(
    plan: &SearchPlan<'_>,
    keep: &[Option<&ShardState>],
    made_now: Vec<Option<ShardFiles>>,
    static_files: &dyn Fn(&Path) -> bool,
) -> std::result::Result<(Vec<Planned<'a>>, Vec<Vec<PathBuf>>), String> {
    let mut planned = Vec::new();
    let mut shard_paths = Vec::with_capacity(plan.shards.len());
    let mut made_now = made_now.into_iter();
    for (shard, kept) in plan.shards.iter().zip(keep) {
        let paths = match (kept, made_now.next().flatten()) {
            (Some(_), _) => Vec::new(),
            (None, Some(Ok(bundle))) => {
                let mut paths = Vec::with_capacity(bundle.len());
                for (name, bytes) in bundle {
                    let path = PathBuf::from(crate::routes::search_shard_file(
                        &shard.folder,
                        &name.to_string_lossy(),
                    ));
                    if static_files(&path) {
                        continue;
                    }
                    paths.push(path.clone());
                    planned.push(bytes_file(path, bytes));
                }
                paths
            }
            (None, Some(Err(message))) => return Err(message),
            // Every shard not kept was made, unless the thread making it failed.
            (None, None) => return Err("the search index could not be made".into()),
        };
        shard_paths.push(paths);
    }
    let list = PathBuf::from(crate::routes::search_bundle_file(SHARD_LIST));
    if !static_files(&list) {
        planned.push(bytes_file(list, plan.shard_list_json()));
    }
    Ok((planned, shard_paths))
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
pub(crate) fn deferred(
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
