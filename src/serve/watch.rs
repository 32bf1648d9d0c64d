//! Watching the site's sources (`content/`, `templates/`, `themes/`, `static/`, `site.toml`)
//! with notify, and folding a burst of events from one save into one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};

/// Editors write a file in several steps; events this close together are one change.
const SETTLE: Duration = Duration::from_millis(80);

/// However long the events keep coming (an autosave, a script saving many times a second),
/// the site is rebuilt after at most this long, so that what is served is never older.
const MAX_SETTLE: Duration = Duration::from_secs(1);

/// Folders and files whose changes rebuild the site.
const WATCHED: &[&str] = &["content", "templates", "themes", "static", CONFIG_FILE];

pub(crate) struct Watcher {
    root: PathBuf,
    events: Receiver<notify::Result<notify::Event>>,
    // Dropping the watcher stops it, so it lives as long as this.
    watcher: notify::RecommendedWatcher,
    /// The entries of `WATCHED` being watched; one created later is added when it appears.
    watching: Vec<&'static str>,
}

fn watch_error(path: &Path, error: notify::Error) -> Error {
    Error::io(path, std::io::Error::other(error))
}

impl Watcher {
    pub(crate) fn new(root: &Path) -> Result<Watcher> {
        let root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(&root, e))?;
        // The root itself: new top-level folders (a first templates/), a replaced site.toml.
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(&root, e))?;
        let mut this = Watcher {
            root,
            events,
            watcher,
            watching: Vec::new(),
        };
        this.watch_new_sources()?;
        Ok(this)
    }

    /// Starts watching the sources that exist now and were not watched yet.
    fn watch_new_sources(&mut self) -> Result<()> {
        for name in WATCHED {
            let path = self.root.join(name);
            if self.watching.contains(name) || !path.exists() {
                continue;
            }
            let mode = if path.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            self.watcher
                .watch(&path, mode)
                .map_err(|e| watch_error(&path, e))?;
            self.watching.push(name);
        }
        Ok(())
    }

    /// Waits up to `timeout` for a relevant change; then waits for the burst to settle, for
    /// [`MAX_SETTLE`] at most.
    pub(crate) fn wait_for_change(&mut self, timeout: Duration) -> bool {
        match self.events.recv_timeout(timeout) {
            Ok(event) if self.is_relevant(&event) => {}
            Ok(_) | Err(RecvTimeoutError::Timeout) => return false,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(timeout);
                return false;
            }
        }
        let deadline = Instant::now() + MAX_SETTLE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if self.events.recv_timeout(SETTLE.min(left)).is_err() {
                break;
            }
        }
        // A source that appeared (a first templates/) is watched from now on. If that fails the
        // rebuild still happens, and the next change at the root tries again.
        let _ = self.watch_new_sources();
        true
    }

    fn is_relevant(&self, event: &notify::Result<notify::Event>) -> bool {
        let Ok(event) = event else { return true };
        if event.kind.is_access() {
            return false;
        }
        event.paths.iter().any(|path| {
            let rel = path.strip_prefix(&self.root).unwrap_or(path);
            // Dotfiles of static/ are published (`.well-known/`), other hidden files are not.
            let in_static = rel.components().any(|c| c.as_os_str() == "static");
            let left_out = match in_static {
                true => crate::sources::left_out_of_static,
                false => crate::sources::hidden,
            };
            let hidden = rel.components().any(|c| left_out(c.as_os_str()));
            let temporary = rel.to_string_lossy().ends_with('~');
            let watched = WATCHED.iter().any(|w| rel.starts_with(w));
            watched && !hidden && !temporary
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Instant;

    /// Saves every 25 ms for four seconds (an editor's autosave, a script): the change is
    /// reported within two seconds of the first save, not once the saves stop.
    #[test]
    fn a_storm_of_saves_is_reported_within_two_seconds() {
        let site = tempfile::tempdir().unwrap();
        let file = site.path().join("content/a.md");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "0").unwrap();
        let mut watcher = Watcher::new(site.path()).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let saver = {
            let (stop, file) = (stop.clone(), file.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(4) {
                    n += 1;
                    std::fs::write(&file, n.to_string()).unwrap();
                    std::thread::sleep(Duration::from_millis(25));
                }
            })
        };
        // As `serve` waits: again and again, an event that is no change (an access) ending
        // one wait.
        let started = Instant::now();
        let mut changed = false;
        while !changed && started.elapsed() < Duration::from_secs(3) {
            changed = watcher.wait_for_change(Duration::from_millis(200));
        }
        let waited = started.elapsed();
        stop.store(true, Ordering::SeqCst);
        saver.join().unwrap();
        assert!(changed, "no change reported");
        assert!(
            waited < Duration::from_secs(2),
            "the change was reported after {waited:?}, while the saves went on"
        );
    }
}
