//! One Dossier process at a time writes a site: `build` and `clean` take an exclusive lock on
//! the site's folder (`flock(2)` on the folder itself, which no command removes), and a second
//! one waits for it, saying which process holds it. The system releases the lock when the
//! process ends, however it ends (`kill -9` too), so a stopped build never leaves it taken.
//!
//! The holder's process id is written to `.dossier-cache/lock` for the message only; the lock
//! is the folder's, not this file's.

use std::fs::File;
use std::path::{Path, PathBuf};

use rustix::fs::{FlockOperation, flock};
use rustix::io::Errno;

use crate::error::{Error, Result};

/// The file, in the cache folder, that names the process holding the lock.
const PID_FILE: &str = "lock";

/// The lock on a site, held until dropped.
#[derive(Debug)]
pub(crate) struct SiteLock {
    /// The site's folder, open, which the lock is on.
    _folder: File,
    /// Where this process wrote its id, removed when the lock is released.
    pid_file: Option<PathBuf>,
}

impl Drop for SiteLock {
    fn drop(&mut self) {
        if let Some(path) = &self.pid_file {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Takes the lock on the site at `root`, waiting while another Dossier process holds it (and
/// saying so once, on standard error). The process id is written into `cache`, the build
/// cache's folder; `make_cache_folder`: whether to make that folder for it (not for `clean`,
/// which would then find a folder to remove).
pub(crate) fn lock_site(root: &Path, cache: &Path, make_cache_folder: bool) -> Result<SiteLock> {
    let folder = File::open(root).map_err(|e| Error::io(root, e))?;
    let cache = cache.to_path_buf();
    match flock(&folder, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => {}
        Err(Errno::WOULDBLOCK) => {
            eprintln!("{}; waiting for it to finish", held_by(&cache));
            loop {
                match flock(&folder, FlockOperation::LockExclusive) {
                    Ok(()) => break,
                    Err(Errno::INTR) => continue,
                    Err(e) => return Err(Error::io(root, e.into())),
                }
            }
        }
        // A file system without locks (some network mounts): the build goes on unguarded,
        // as it did before there was a lock.
        Err(Errno::NOLCK | Errno::NOTSUP) => {}
        Err(e) => return Err(Error::io(root, e.into())),
    }
    let pid_file = (make_cache_folder || cache.is_dir())
        .then(|| {
            std::fs::create_dir_all(&cache).ok()?;
            let path = cache.join(PID_FILE);
            std::fs::write(&path, format!("{}\n", std::process::id())).ok()?;
            Some(path)
        })
        .flatten();
    Ok(SiteLock {
        _folder: folder,
        pid_file,
    })
}

/// "another Dossier process is building this site (pid N)", with the id when the holder could
/// write it and is still running.
fn held_by(cache: &Path) -> String {
    let pid = std::fs::read_to_string(cache.join(PID_FILE))
        .ok()
        .and_then(|text| text.trim().parse::<i32>().ok())
        .filter(|&pid| pid > 0 && Path::new(&format!("/proc/{pid}")).exists());
    match pid {
        Some(pid) => format!("another Dossier process is building this site (pid {pid})"),
        None => "another Dossier process is building this site".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join(".dossier-cache");
        let first = lock_site(dir.path(), &cache, true).unwrap();
        let pid = std::fs::read_to_string(dir.path().join(".dossier-cache/lock")).unwrap();
        assert_eq!(pid.trim(), std::process::id().to_string());
        let said = held_by(&cache);
        assert!(
            said.ends_with(&format!("(pid {})", std::process::id())),
            "{said}"
        );
        let (sender, receiver) = std::sync::mpsc::channel();
        let root = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let second = lock_site(&root, &cache, true).unwrap();
            sender.send(()).unwrap();
            drop(second);
        });
        let waited = receiver.recv_timeout(std::time::Duration::from_millis(300));
        assert!(
            waited.is_err(),
            "the second lock was taken while the first was held"
        );
        drop(first);
        receiver
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("taken once released");
        waiter.join().unwrap();
    }
}
