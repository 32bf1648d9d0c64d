//! Where files are made: on the thread pool, or, for PDFs, on threads of their own that hand
//! Typst's inner parallel work to the pool without ever picking up another file's work.

use std::sync::Mutex;

use rayon::prelude::*;

/// The threads that make a stage's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Workers {
    /// Rayon's pool: pages, feeds, citation files, the search index.
    Pool,
    /// One plain thread per core, each making one file at a time: the PDFs. Typst lays out
    /// pages in parallel and defers work on the pool, and a pool thread that waits for such
    /// work runs whatever job it finds meanwhile, which is often another brief's whole PDF:
    /// typesetting then nests, brief in brief, each holding its memory and stack until the
    /// innermost ends, so that a build's memory grew with the number of briefs (1.5 MiB per
    /// PDF). A plain thread waits without taking work, so at most one PDF per thread is in
    /// progress.
    OwnThreads,
}

/// The stack of a thread that typesets: Typst's layout recurses deeply, the more so in a debug
/// build. Memory is only used as it is touched.
const STACK: usize = crate::WORKER_STACK;

/// Applies `make` to every item, on `workers`, and keeps the results that are `Some`.
pub(super) fn make_each<T, R>(
    items: Vec<T>,
    workers: Workers,
    make: impl Fn(T) -> Option<R> + Sync + Send,
) -> Vec<R>
where
    T: Send,
    R: Send,
{
    if workers == Workers::Pool || items.len() < 2 {
        return items.into_par_iter().filter_map(make).collect();
    }
    let threads = rayon::current_num_threads().clamp(1, items.len());
    let queue = Mutex::new(items.into_iter());
    let made = Mutex::new(Vec::new());
    let work = || {
        loop {
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some(item) = next else { break };
            if let Some(result) = make(item) {
                made.lock().unwrap_or_else(|e| e.into_inner()).push(result);
            }
        }
    };
    std::thread::scope(|scope| {
        let spawned: Vec<_> = (0..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        // If no thread could be started, this one does the work.
        if spawned.is_empty() {
            work();
        }
        for thread in spawned {
            if let Err(panic) = thread.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    made.into_inner().unwrap_or_else(|e| e.into_inner())
}
