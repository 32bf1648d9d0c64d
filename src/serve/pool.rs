//! Threads for `serve`'s connections, kept for the next one: starting a thread (its stack, the
//! allocator's heap for it) for every connection halved the requests served per second. A
//! thread is started only when none is idle, so there are never more than the connections
//! served at once (which the server caps); one idle for [`KEEP_IDLE`] ends.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How long a thread waits for another job before it ends.
const KEEP_IDLE: Duration = Duration::from_secs(30);

struct State<J> {
    waiting: VecDeque<J>,
    /// Threads waiting for a job (or woken for one and not yet running it).
    idle: usize,
}

/// Runs jobs on threads it keeps.
pub(crate) struct Pool<J> {
    state: Mutex<State<J>>,
    ready: Condvar,
    work: Box<dyn Fn(J) + Send + Sync>,
}

impl<J: Send + 'static> Pool<J> {
    pub(crate) fn new(work: impl Fn(J) + Send + Sync + 'static) -> Arc<Pool<J>> {
        Arc::new(Pool {
            state: Mutex::new(State {
                waiting: VecDeque::new(),
                idle: 0,
            }),
            ready: Condvar::new(),
            work: Box::new(work),
        })
    }

    /// Runs `job` on an idle thread, or on a new one; dropped if no thread can be started.
    pub(crate) fn run(self: &Arc<Self>, job: J) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.waiting.push_back(job);
        if state.idle >= state.waiting.len() {
            self.ready.notify_one();
            return;
        }
        drop(state);
        let pool = self.clone();
        let started = std::thread::Builder::new()
            .name("dossier-http".into())
            .spawn(move || pool.work_until_idle());
        if started.is_err() {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.waiting.pop_back();
        }
    }

    fn work_until_idle(&self) {
        loop {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.idle += 1;
            let (mut state, _) = self
                .ready
                .wait_timeout_while(state, KEEP_IDLE, |s| s.waiting.is_empty())
                .unwrap_or_else(|e| e.into_inner());
            state.idle -= 1;
            let Some(job) = state.waiting.pop_front() else {
                return;
            };
            drop(state);
            (self.work)(job);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn threads_are_reused_and_every_job_runs() {
        let (done, finished) = channel();
        let done = Mutex::new(done);
        let pool = Pool::new(move |n: usize| {
            let name = std::thread::current().id();
            done.lock().unwrap().send((n, name)).unwrap();
        });
        let mut threads = std::collections::HashSet::new();
        for n in 0..50 {
            pool.run(n);
            // One job at a time: the one thread is idle again for each.
            let (ran, thread) = finished.recv_timeout(Duration::from_secs(5)).unwrap();
            assert_eq!(ran, n);
            threads.insert(thread);
            while pool.state.lock().unwrap().idle == 0 {
                std::thread::yield_now();
            }
        }
        assert_eq!(threads.len(), 1, "{threads:?}");
        for n in 0..20 {
            pool.run(n);
        }
        let mut ran: Vec<usize> = (0..20)
            .map(|_| finished.recv_timeout(Duration::from_secs(5)).unwrap().0)
            .collect();
        ran.sort_unstable();
        assert_eq!(ran, (0..20).collect::<Vec<_>>());
    }
}
