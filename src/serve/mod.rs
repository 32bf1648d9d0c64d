//! `dossier serve`: the site built in memory and served over HTTP on loopback, rebuilt when a
//! source file changes, with the open browser page reloaded over Server-Sent Events.

mod http;
mod indexer;
mod pool;
mod respond;
mod server;
mod watch;

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::build::{BuildOptions, Selection, Session, Update};
use crate::config::Overrides;
use crate::emit::search::IndexJob;
use crate::error::{Error, Result};
use crate::output::{Contents, OutputFile};
use crate::progress::Progress;
use crate::routes;
use http::{Body, EVENTS_PATH, Snapshot};
use indexer::{IndexReport, make_indexes};
use server::{Answer, Handler, Request};

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
    /// Links, feeds and the sitemap use this base URL, and the site is served under its path
    /// (`--base-url`); `None`: the local address, with `base_url`'s path.
    pub(crate) base_url: Option<String>,
}

/// Where the site is served, for the first line `serve` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listening {
    /// The local address to open, base path included: `http://127.0.0.1:1111/think/`.
    pub(crate) url: String,
    /// The address listened on, when it is not the one in `url` (`0.0.0.0:1111`).
    pub(crate) everywhere: Option<std::net::SocketAddr>,
    /// What links, feeds and the sitemap start with.
    pub(crate) links: String,
}

/// What the server tells its user.
pub(crate) trait ServeEvents: Send + Sync {
    /// The site is being served.
    fn listening(&self, listening: &Listening);
    /// A rebuild succeeded.
    fn rebuilt(&self, update: &Update, elapsed: Duration);
    /// A rebuild failed; the error is also shown in the browser, over the last good version
    /// of the pages when there is one (`last_good`), alone when there is none.
    fn failed(&self, error: &Error, last_good: bool);
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
    let server = server::Server::bind(&address).map_err(|e| {
        Error::Serve(format!(
            "cannot listen on {address}: {e}; try another --port"
        ))
    })?;
    let local = server
        .local_addr()
        .map_err(|e| Error::Serve(format!("cannot listen on {address}: {e}")))?;
    let origin = routes::serve_origin(local);
    let build = BuildOptions {
        root: options.root.clone(),
        overrides: Overrides {
            base_url: options.base_url.clone(),
            // The local address in every link, under the path the site will be deployed at.
            origin: Some(origin.clone()),
            output_dir: None,
        },
        selection: Selection {
            drafts: options.drafts,
            future: options.future,
            now: None,
        },
        no_cache: true,
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
    events.listening(&listening(options, local, &origin, &shared));

    let server = Arc::new(server);
    let acceptor = {
        let (server, shared) = (server.clone(), shared.clone());
        let handler: Arc<dyn Handler> = Arc::new(Site(shared.clone()));
        std::thread::spawn(move || server.run(&handler, &shared.stop))
    };
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
    // Connections still open end with the process; only the acceptor is waited for.
    server::wake(local);
    let _ = acceptor.join();
    Ok(())
}

/// Where the site is, as the first build found its base path.
fn listening(
    options: &ServeOptions,
    local: std::net::SocketAddr,
    origin: &str,
    shared: &Shared,
) -> Listening {
    let snapshot = shared.snapshot.read().unwrap_or_else(|e| e.into_inner());
    let path = match snapshot.base_path.as_str() {
        "" => "/",
        path => path,
    };
    Listening {
        url: format!("{origin}{path}"),
        everywhere: local.ip().is_unspecified().then_some(local),
        links: match &options.base_url {
            Some(base_url) => base_url.clone(),
            None => format!("{origin}{path}"),
        },
    }
}

/// Rebuilds and swaps the served files; on failure keeps them and shows the error over them.
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
            let mut snapshot = shared.snapshot.write().unwrap_or_else(|e| e.into_inner());
            snapshot.error = Some(error.to_string());
            let last_good = snapshot.built;
            drop(snapshot);
            events.failed(&error, last_good);
        }
    }
    shared.bump();
}

/// Puts an update's files in place and drops the files the site no longer has (the search
/// index's are the indexing thread's to replace).
fn apply(snapshot: &mut Snapshot, update: &Update) {
    snapshot.error = None;
    snapshot.built = true;
    snapshot.base_path.clone_from(&update.base_path);
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

/// The served site, as the HTTP server sees it.
struct Site(Arc<Shared>);

impl Handler for Site {
    fn answer(&self, request: &Request) -> Answer {
        if request.path() == EVENTS_PATH {
            return Answer::Events;
        }
        let snapshot = self.0.snapshot.read().unwrap_or_else(|e| e.into_inner());
        let reply = http::reply(&snapshot, &request.target);
        drop(snapshot);
        Answer::Response(respond::respond(reply, request))
    }

    fn stream_events(&self, stream: &mut std::net::TcpStream) {
        stream_events(stream, &self.0);
    }
}

/// How often an idle event stream is written to: a tab that went away is noticed by the
/// failed write, and its connection's place freed.
const EVENTS_KEEP_ALIVE: Duration = Duration::from_secs(5);

/// Waits for the next rebuild and sends one browser tab its `reload` event, then ends: the tab
/// reloads and opens a new stream, so streams of pages left behind do not pile up.
fn stream_events(writer: &mut impl Write, shared: &Shared) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n: connected\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    let seen = *shared.generation.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let generation = shared.generation.lock().unwrap_or_else(|e| e.into_inner());
        let (generation, timeout) = shared
            .changed
            .wait_timeout_while(generation, EVENTS_KEEP_ALIVE, |g| {
                *g == seen && !shared.stop.load(Ordering::SeqCst)
            })
            .unwrap_or_else(|e| e.into_inner());
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let reload = !timeout.timed_out();
        let message = match reload {
            true => format!("event: reload\ndata: {}\n\n", *generation),
            false => ": keep-alive\n\n".to_string(),
        };
        drop(generation);
        let written = writer
            .write_all(message.as_bytes())
            .and_then(|_| writer.flush());
        if written.is_err() || reload {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Silent;

    impl ServeEvents for Silent {
        fn listening(&self, _: &Listening) {}
        fn rebuilt(&self, _: &Update, _: Duration) {}
        fn failed(&self, _: &Error, _: bool) {}
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
            base_url: None,
        };
        let error = serve(&options, &Silent, Arc::new(AtomicBool::new(true))).unwrap_err();
        assert!(matches!(error, Error::Serve(_)), "{error:?}");
        assert_eq!(error.exit_code(), 1);
        assert!(error.to_string().contains("try another --port"), "{error}");
    }
}
