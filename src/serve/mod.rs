//! `dossier serve`: the site built in memory and served over HTTP on loopback, rebuilt when a
//! source file changes, with the open browser page reloaded over Server-Sent Events.

mod http;
mod indexer;
mod watch;

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::config::Overrides;
use crate::error::{Error, Result};
use crate::output::{Contents, OutputFile};
use crate::pipeline::{BuildOptions, Session, Update};
use crate::progress::Progress;
use crate::render::IndexJob;
use crate::routes;
use http::{Body, EVENTS_PATH, Snapshot};
use indexer::{IndexReport, make_indexes};

/// Threads answering ordinary requests; event streams get a thread each.
const WORKERS: usize = 4;

/// What to serve, and where.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The site's folder.
    pub(crate) root: PathBuf,
    /// Address to listen on.
    pub(crate) bind: String,
    /// Port to listen on; 0 picks a free one.
    pub(crate) port: u16,
    /// Include drafts.
    pub(crate) drafts: bool,
    /// Include briefs scheduled after the time of each rebuild.
    pub(crate) future: bool,
}

/// What the server tells its user.
pub(crate) trait ServeEvents: Send + Sync {
    /// The site is being served at `url`.
    fn listening(&self, url: &str);
    /// A rebuild succeeded.
    fn rebuilt(&self, update: &Update, elapsed: Duration);
    /// A rebuild failed; the error is also shown in the browser.
    fn failed(&self, error: &Error);
    /// The search index was made again in the background (or could not be).
    fn indexed(&self, _outcome: &std::result::Result<usize, String>, _elapsed: Duration) {}
}

/// How long the search index waits for the saves to stop before it is made again.
const INDEX_DEBOUNCE: Duration = Duration::from_millis(500);

/// State shared by the request threads and the rebuilding thread.
struct Shared {
    snapshot: RwLock<Snapshot>,
    /// Bumped after every rebuild, good or bad; event streams wait on it.
    generation: Mutex<u64>,
    changed: Condvar,
    stop: AtomicBool,
    /// Where the indexing thread reports, for the main thread to print.
    indexed: Mutex<Option<std::sync::mpsc::Sender<IndexReport>>>,
}

impl Shared {
    fn bump(&self) {
        let mut generation = self.generation.lock().unwrap_or_else(|e| e.into_inner());
        *generation += 1;
        self.changed.notify_all();
    }
}

/// Serves the site until Ctrl-C (or until `stop` is set, for tests).
pub(crate) fn serve(
    options: &ServeOptions,
    events: &dyn ServeEvents,
    stop: Arc<AtomicBool>,
) -> Result<()> {
    let address = format!("{}:{}", options.bind, options.port);
    let server = tiny_http::Server::http(&address).map_err(|e| {
        Error::Serve(format!(
            "cannot listen on {address}: {e}; try another --port"
        ))
    })?;
    let local = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Serve(format!("{address} is not an IP address")))?;
    let url = format!("http://{local}");
    let build = BuildOptions {
        root: options.root.clone(),
        overrides: Overrides {
            base_url: Some(url.clone()),
            output_dir: None,
        },
        drafts: options.drafts,
        no_cache: true,
        future: options.future,
        now: None,
        progress: Progress::hidden(),
    };
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Snapshot::default()),
        generation: Mutex::new(0),
        changed: Condvar::new(),
        stop: AtomicBool::new(false),
        indexed: Mutex::new(None),
    });
    // Watch before the first build, so that no save between the two goes unnoticed.
    let mut watcher = watch::Watcher::new(&options.root)?;
    let mut session = Session::new(build);
    let (index_jobs, jobs) = std::sync::mpsc::channel();
    let indexer = {
        let shared = shared.clone();
        std::thread::spawn(move || make_indexes(&jobs, &shared))
    };
    let (indexed_tx, indexed) = std::sync::mpsc::channel::<IndexReport>();
    *shared.indexed.lock().unwrap_or_else(|e| e.into_inner()) = Some(indexed_tx);
    rebuild(&mut session, &shared, events, &index_jobs);
    events.listening(&format!("{url}/"));

    let server = Arc::new(server);
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, shared) = (server.clone(), shared.clone());
            std::thread::spawn(move || answer_requests(&server, &shared))
        })
        .collect();
    while !stop.load(Ordering::SeqCst) {
        if watcher.wait_for_change(Duration::from_millis(200)) {
            rebuild(&mut session, &shared, events, &index_jobs);
        }
        while let Ok((outcome, elapsed)) = indexed.try_recv() {
            events.indexed(&outcome, elapsed);
        }
    }
    shared.stop.store(true, Ordering::SeqCst);
    shared.bump();
    drop(index_jobs);
    let _ = indexer.join();
    for _ in 0..WORKERS {
        server.unblock();
    }
    for worker in workers {
        let _ = worker.join();
    }
    Ok(())
}

/// Rebuilds and swaps the served files; on failure keeps them and shows the error instead.
/// A new search index, when the records changed, is left to the indexing thread.
fn rebuild(
    session: &mut Session,
    shared: &Shared,
    events: &dyn ServeEvents,
    index_jobs: &std::sync::mpsc::Sender<IndexJob>,
) {
    let started = Instant::now();
    match session.rebuild() {
        Ok(mut update) => {
            if let Some(job) = update.index_job.take() {
                let _ = index_jobs.send(job);
            }
            let mut snapshot = shared.snapshot.write().unwrap_or_else(|e| e.into_inner());
            apply(&mut snapshot, &update);
            drop(snapshot);
            events.rebuilt(&update, started.elapsed());
        }
        Err(error) => {
            shared
                .snapshot
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .error = Some(error.to_string());
            events.failed(&error);
        }
    }
    shared.bump();
}

/// Puts an update's files in place and drops the files the site no longer has (the search
/// index's are the indexing thread's to replace).
fn apply(snapshot: &mut Snapshot, update: &Update) {
    snapshot.error = None;
    let key = |path: &std::path::Path| path.to_string_lossy().replace('\\', "/");
    let current: std::collections::HashSet<String> = update.paths.iter().map(|p| key(p)).collect();
    snapshot
        .files
        .retain(|path, _| current.contains(path) || path.starts_with(routes::SEARCH_BUNDLE));
    for OutputFile { path, contents } in &update.files {
        let body = match contents {
            Contents::Bytes(bytes) => Body::Bytes(Arc::new(bytes.clone())),
            Contents::Copy(source) => Body::File(source.clone()),
            Contents::Static(bytes) => Body::Static(bytes),
        };
        snapshot.files.insert(key(path), body);
    }
}

fn answer_requests(server: &tiny_http::Server, shared: &Arc<Shared>) {
    while !shared.stop.load(Ordering::SeqCst) {
        let Ok(request) = server.recv() else { break };
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        if request.url().split('?').next() == Some(EVENTS_PATH) {
            let shared = shared.clone();
            std::thread::spawn(move || stream_events(request, &shared));
            continue;
        }
        let reply = http::reply(
            &shared.snapshot.read().unwrap_or_else(|e| e.into_inner()),
            request.url(),
        );
        let header = |name: &str, value: &str| {
            tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        };
        let mut response =
            tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
        for h in [
            header("Content-Type", &reply.content_type),
            header("Cache-Control", "no-store"),
        ]
        .into_iter()
        .flatten()
        {
            response = response.with_header(h);
        }
        let _ = request.respond(response);
    }
}

/// Sends `reload` events to one browser tab until it goes away or the server stops.
fn stream_events(request: tiny_http::Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n: connected\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    let mut seen = *shared.generation.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let generation = shared.generation.lock().unwrap_or_else(|e| e.into_inner());
        let (generation, timeout) = shared
            .changed
            .wait_timeout_while(generation, Duration::from_secs(15), |g| {
                *g == seen && !shared.stop.load(Ordering::SeqCst)
            })
            .unwrap_or_else(|e| e.into_inner());
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let message = if timeout.timed_out() {
            ": keep-alive\n\n".to_string()
        } else {
            seen = *generation;
            format!("event: reload\ndata: {seen}\n\n")
        };
        drop(generation);
        if writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Silent;

    impl ServeEvents for Silent {
        fn listening(&self, _: &str) {}
        fn rebuilt(&self, _: &Update, _: Duration) {}
        fn failed(&self, _: &Error) {}
    }

    #[test]
    fn a_port_in_use_is_a_serve_failure_not_a_usage_mistake() {
        let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let options = ServeOptions {
            root: PathBuf::from("no-site-needed"),
            bind: "127.0.0.1".into(),
            port: taken.local_addr().unwrap().port(),
            drafts: false,
            future: false,
        };
        let error = serve(&options, &Silent, Arc::new(AtomicBool::new(true))).unwrap_err();
        assert!(matches!(error, Error::Serve(_)), "{error:?}");
        assert_eq!(error.exit_code(), 1);
        assert!(error.to_string().contains("try another --port"), "{error}");
    }
}
