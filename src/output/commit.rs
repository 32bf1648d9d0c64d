//! Moving the staged files into the output so that it changes from the previous site to the
//! new one as one step, as far as anyone looking at it afterwards can tell.
//!
//! Into a folder that holds no site yet, the staged tree is renamed to be the output: one
//! rename (`renameat2(RENAME_EXCHANGE)` with an empty folder), which the system makes atomic.
//!
//! Over a site, the commit first writes a journal, in the staging area, of every file it will
//! replace (and whether a file or a folder stood there) and every file it will remove. Then it
//! moves each file to remove aside (`old/r{n}`), makes the folders new files need, and, for
//! each new file, keeps the old one aside (a hard link `old/{n}`, so the old file stays in
//! place until the new one is renamed over it) and renames the new file over it. Removing the
//! journal is the moment the new site is in place; the staging area, with the old files, is
//! then removed. Until then, a failure or a signal rolls every step back, from the journal and
//! what is where: each step is undone by a rename, and undoing twice is undoing once. A build
//! killed outright (`kill -9`, a power cut aside) leaves the journal, and the next build rolls
//! back before it does anything else.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{INSIDE, MARKER, Staging, WriteStats, beside, holds, is_contained, marker_text};
use crate::error::{Error, Result};

/// The journal's file in the staging area: present while the output is being changed.
pub(super) const JOURNAL: &str = "journal";
/// The staged tree, in the staging area.
pub(super) const NEW: &str = "new";
/// The old files kept aside while the output is being changed.
const OLD: &str = "old";
/// From how many files the commit replaces them on several threads: waking the thread pool
/// costs more than a few renames (milliseconds on a busy machine).
const PARALLEL: usize = 64;

/// What stood at a path of the output before the commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Was {
    Nothing,
    File,
    Folder,
}

/// Every change a commit makes, written before the first one.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// Each staged file, relative to the output, and what it replaces.
    staged: Vec<(PathBuf, Was)>,
    /// Files to remove, relative to the output.
    removed: Vec<PathBuf>,
}

/// Why a commit stopped.
enum Stop {
    /// A signal.
    Signal(i32),
    /// A file or folder of the output, relative to it (or of the staging area, absolute),
    /// could not be changed.
    Io(PathBuf, std::io::Error),
}

type Step = std::result::Result<(), Stop>;

impl Staging {
    /// Moves the staged files into place and removes the files the site no longer has
    /// (`paths` lists every file it has); either all of it happens, or none. `last` lists
    /// every file the last build wrote, when the build cache knows it: then only those that
    /// are gone are removed, without reading the whole output folder.
    pub(crate) fn commit(self, paths: &[PathBuf], last: Option<&[PathBuf]>) -> Result<WriteStats> {
        if let Some(signal) = crate::interrupt::received() {
            let error = self.interrupted(signal);
            self.abandon();
            return Err(error);
        }
        let staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        let mut stats = WriteStats {
            written: staged.len(),
            unchanged: self.unchanged.load(std::sync::atomic::Ordering::Relaxed),
            removed: 0,
        };
        if !self.compare && !self.inside {
            self.move_whole(&marker_text(super::build_id(paths)))?;
            return Ok(stats);
        }
        let journal = match self.plan(paths, last, staged) {
            Ok(Some(journal)) => journal,
            Ok(None) => {
                // Nothing to change.
                self.abandon();
                return Ok(stats);
            }
            Err(error) => {
                self.abandon();
                return Err(error);
            }
        };
        match self.run(&journal, &mut stats) {
            Ok(()) => {
                let _ = fs::remove_dir_all(&self.area);
                Ok(stats)
            }
            Err(stop) => Err(self.roll_back(&journal, stop)),
        }
    }

    /// Stops the commit where the test hook makes it fail, without undoing anything, as a
    /// build killed there would; tells whether the commit finished instead.
    #[cfg(test)]
    pub(super) fn kill_at_failure(self, paths: &[PathBuf]) -> bool {
        let staged = std::mem::take(&mut *self.staged.lock().unwrap());
        let journal = match self.plan(paths, None, staged) {
            Ok(Some(journal)) => journal,
            Ok(None) => {
                self.abandon();
                return true;
            }
            // Staging the marker failed: nothing was changed yet.
            Err(_) => {
                self.abandon();
                return false;
            }
        };
        let finished = self.run(&journal, &mut WriteStats::default()).is_ok();
        if finished {
            let _ = fs::remove_dir_all(&self.area);
        }
        finished
    }

    /// The journal of what the commit will change: the staged files (and the marker, if the
    /// output lacks it) and the files to remove; `None` when nothing changes.
    fn plan(
        &self,
        paths: &[PathBuf],
        last: Option<&[PathBuf]>,
        mut staged: Vec<PathBuf>,
    ) -> Result<Option<Journal>> {
        let removed = self.removals(paths, last, &staged)?;
        let marker = marker_text(super::build_id(paths));
        if !holds(&self.output.join(MARKER), marker.as_bytes()) {
            self.stage_bytes(Path::new(MARKER), marker.as_bytes())?;
            staged.push(PathBuf::from(MARKER));
        }
        if staged.is_empty() && removed.is_empty() {
            return Ok(None);
        }
        let what_was = |rel: &PathBuf| match fs::symlink_metadata(self.output.join(rel)) {
            Ok(meta) if meta.is_dir() => Was::Folder,
            Ok(_) => Was::File,
            Err(_) => Was::Nothing,
        };
        let was: Vec<Was> = if staged.len() < PARALLEL {
            staged.iter().map(what_was).collect()
        } else {
            staged.par_iter().map(what_was).collect()
        };
        Ok(Some(Journal {
            staged: staged.into_iter().zip(was).collect(),
            removed,
        }))
    }

    /// Writes the journal, makes its changes and removes it: the moment the new site is in
    /// place. Stops at the first failure or signal, leaving the undoing to the caller.
    fn run(&self, journal: &Journal, stats: &mut WriteStats) -> Step {
        self.write_journal(journal)?;
        self.apply(journal, stats)?;
        let path = self.area.join(JOURNAL);
        self.allow(true)
            .and_then(|()| fs::remove_file(&path))
            .map_err(|e| Stop::Io(path, e))
    }

    /// Renames the staged tree, with the marker, to be the output folder (which is missing or
    /// empty): the one step that makes a first build's site appear whole.
    fn move_whole(&self, marker: &str) -> Result<()> {
        let new = self.area.join(NEW);
        let moved = self
            .stage_bytes(Path::new(MARKER), marker.as_bytes())
            .and_then(|()| match crate::interrupt::received() {
                Some(signal) => Err(self.interrupted(signal)),
                None => Ok(()),
            })
            .and_then(|()| {
                self.allow(true)
                    .and_then(|()| swap_in(&new, &self.output))
                    .map_err(|e| self.write_error(Path::new(""), e))
            });
        if let Err(error) = moved {
            self.clean_up();
            return Err(error);
        }
        // What is left is the empty folder the output was, if any.
        let _ = fs::remove_dir_all(&self.area);
        Ok(())
    }

    /// The files to remove: those of the last build, or else of the output, that the site no
    /// longer has, and files that stand where a new file needs a folder.
    fn removals(
        &self,
        paths: &[PathBuf],
        last: Option<&[PathBuf]>,
        staged: &[PathBuf],
    ) -> Result<Vec<PathBuf>> {
        // By their bytes: comparing paths component by component is ten times slower, and
        // this set holds every file of the site.
        let same = |a: &PathBuf, b: &PathBuf| a.as_os_str() == b.as_os_str();
        let wanted = || -> HashSet<&[u8]> {
            paths
                .iter()
                .map(|p| p.as_os_str().as_encoded_bytes())
                .collect()
        };
        let mut removed: Vec<PathBuf> = match last {
            // The same files as last time, in the same order (an edit that adds or removes
            // no page): none is gone, and the set need not be made.
            Some(last)
                if last.len() == paths.len() && last.iter().zip(paths).all(|(a, b)| same(a, b)) =>
            {
                Vec::new()
            }
            Some(last) => {
                let wanted = wanted();
                last.iter()
                    // Path components are costly to parse: only for the few files that are gone.
                    .filter(|rel| {
                        !wanted.contains(rel.as_os_str().as_encoded_bytes()) && is_contained(rel)
                    })
                    .cloned()
                    .collect()
            }
            None => self.stale_files(&wanted())?,
        };
        let listed: HashSet<PathBuf> = removed.iter().cloned().collect();
        removed.extend(
            blockers(&self.output, staged)
                .into_iter()
                .filter(|b| !listed.contains(b)),
        );
        Ok(removed)
    }

    /// Every file in the output that is not in `wanted` (nor the marker, nor the staging area).
    fn stale_files(&self, wanted: &HashSet<&[u8]>) -> Result<Vec<PathBuf>> {
        let area = self.output.join(INSIDE);
        let walk = walkdir::WalkDir::new(&self.output)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| e.path() != area);
        let mut stale = Vec::new();
        for entry in walk {
            let entry = entry.map_err(|e| Error::io(&self.shown, e.into()))?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&self.output)
                .unwrap_or(entry.path());
            if rel != Path::new(MARKER) && !wanted.contains(rel.as_os_str().as_encoded_bytes()) {
                stale.push(rel.to_path_buf());
            }
        }
        Ok(stale)
    }

    /// Writes the journal whole: to a partial file first, renamed into place.
    fn write_journal(&self, journal: &Journal) -> Step {
        let path = self.area.join(JOURNAL);
        let partial = self.area.join(format!("{JOURNAL}.partial"));
        let bytes = postcard::to_stdvec(journal)
            .map_err(|e| Stop::Io(path.clone(), std::io::Error::other(e.to_string())))?;
        self.allow(true)
            .and_then(|()| fs::write(&partial, bytes))
            .and_then(|()| fs::rename(&partial, &path))
            .map_err(|e| Stop::Io(path.clone(), e))
    }

    /// Makes the changes of the journal, in order; stops at the first failure or signal.
    fn apply(&self, journal: &Journal, stats: &mut WriteStats) -> Step {
        let (output, new, old) = (&self.output, self.area.join(NEW), self.area.join(OLD));
        let fail = |rel: &Path| {
            let rel = rel.to_path_buf();
            move |e| Stop::Io(rel, e)
        };
        fs::create_dir(&old).map_err(fail(&old))?;
        let mut emptied = BTreeSet::new();
        for (i, rel) in journal.removed.iter().enumerate() {
            signal()?;
            self.allow(true).map_err(fail(rel))?;
            match fs::rename(output.join(rel), old.join(format!("r{i}"))) {
                Ok(()) => {
                    stats.removed += 1;
                    emptied.extend(super::parents(output, &output.join(rel)));
                }
                Err(e) if gone(&e) => {}
                Err(e) => return Err(Stop::Io(rel.clone(), e)),
            }
        }
        super::remove_empty(&emptied);
        let folders: BTreeSet<&Path> = journal
            .staged
            .iter()
            .filter_map(|(rel, _)| rel.parent())
            .filter(|dir| !dir.as_os_str().is_empty())
            .collect();
        for dir in folders {
            signal()?;
            self.allow(true).map_err(fail(dir))?;
            fs::create_dir_all(output.join(dir)).map_err(fail(dir))?;
        }
        let replace = |(i, (rel, was)): (usize, &(PathBuf, Was))| {
            signal()?;
            let target = output.join(rel);
            let backup = old.join(i.to_string());
            match was {
                Was::Nothing => {}
                Was::File => {
                    self.allow(true).map_err(fail(rel))?;
                    keep_aside(&target, &backup).map_err(fail(rel))?;
                }
                Was::Folder => {
                    self.allow(true).map_err(fail(rel))?;
                    match fs::rename(&target, &backup) {
                        // Emptied, and so removed, with the files removed.
                        Err(e) if gone(&e) => {}
                        other => other.map_err(fail(rel))?,
                    }
                }
            }
            self.allow(true).map_err(fail(rel))?;
            fs::rename(new.join(rel), &target).map_err(fail(rel))
        };
        if journal.staged.len() < PARALLEL {
            journal.staged.iter().enumerate().try_for_each(replace)
        } else {
            journal.staged.par_iter().enumerate().try_for_each(replace)
        }
    }

    /// Undoes what the commit did, and says why it stopped: the output is the previous site
    /// again, or the error says that it could not be put back.
    fn roll_back(&self, journal: &Journal, stop: Stop) -> Error {
        let restored = undo(&self.output, &self.area, journal).err();
        if restored.is_none() {
            let _ = fs::remove_dir_all(&self.area);
        }
        match (stop, restored) {
            (Stop::Signal(signal), None) => self.interrupted(signal),
            (Stop::Signal(signal), Some(why)) => Error::Write {
                path: self.shown.clone(),
                source: std::io::Error::other(format!(
                    "interrupted by {}",
                    crate::interrupt::name(signal)
                )),
                output: self.shown.clone(),
                restored: Some(why),
            },
            (Stop::Io(rel, source), restored) => Error::Write {
                path: self.shown.join(rel),
                source,
                output: self.shown.clone(),
                restored,
            },
        }
    }
}

/// Stops at a signal.
fn signal() -> Step {
    match crate::interrupt::received() {
        Some(signal) => Err(Stop::Signal(signal)),
        None => Ok(()),
    }
}

/// Whether an error says that there is nothing at the path.
fn gone(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
}

/// Keeps the file at `target` as `backup`: a second name for it, so that `target` is never
/// missing; moved there where the file system has no hard links.
fn keep_aside(target: &Path, backup: &Path) -> std::io::Result<()> {
    match fs::hard_link(target, backup) {
        Ok(()) => Ok(()),
        Err(e) if gone(&e) => Ok(()),
        Err(_) => fs::rename(target, backup),
    }
}

/// Puts the folder `new` at `output`, which is missing or an empty folder, in one step.
fn swap_in(new: &Path, output: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(output) {
        Err(e) if e.kind() == ErrorKind::NotFound => fs::rename(new, output),
        Err(e) => Err(e),
        Ok(meta) => {
            // The new folder takes the place, and the permissions, of the empty one.
            fs::set_permissions(new, meta.permissions())?;
            match exchange(new, output) {
                Ok(()) => Ok(()),
                Err(_) => {
                    // No RENAME_EXCHANGE here: the empty folder goes first.
                    fs::remove_dir(output)?;
                    fs::rename(new, output)
                }
            }
        }
    }
}

/// Swaps two paths atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::from(ErrorKind::InvalidInput))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(ErrorKind::Unsupported.into())
}

/// Files that stand where a staged file needs a folder (say `x`, for a new `x/index.html`).
fn blockers(output: &Path, staged: &[PathBuf]) -> Vec<PathBuf> {
    let folders: BTreeSet<&Path> = staged
        .iter()
        .filter_map(|rel| rel.parent())
        .filter(|dir| !dir.as_os_str().is_empty())
        .collect();
    let mut seen: HashSet<&Path> = HashSet::new();
    let mut found = Vec::new();
    for dir in folders {
        let mut above: Vec<&Path> = dir
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .collect();
        above.reverse();
        for folder in above {
            if !seen.insert(folder) {
                continue;
            }
            match fs::symlink_metadata(output.join(folder)) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => found.push(folder.to_path_buf()),
                Err(_) => {}
            }
        }
    }
    found
}

/// Undoes a commit's changes, whichever of them were made: reads what is where (the staged
/// file still staged or not, the old one kept aside or not) and moves each old file back.
/// Undoing what was already undone changes nothing. Goes on past a failure, to put back as
/// much as it can, and returns the first.
fn undo(output: &Path, area: &Path, journal: &Journal) -> std::result::Result<(), String> {
    let (new, old) = (area.join(NEW), area.join(OLD));
    let exists = |p: &Path| fs::symlink_metadata(p).is_ok();
    let mut first: Option<String> = None;
    let mut note = |result: std::io::Result<()>, path: &Path| {
        if let Err(e) = result {
            first.get_or_insert_with(|| format!("{}: {e}", path.display()));
        }
    };
    let remove = |path: &Path| match fs::remove_file(path) {
        Err(e) if !gone(&e) => Err(e),
        _ => Ok(()),
    };
    let mut made = BTreeSet::new();
    for (i, (rel, was)) in journal.staged.iter().enumerate().rev() {
        let target = output.join(rel);
        let backup = old.join(i.to_string());
        let moved = !exists(&new.join(rel));
        // The folders the commit may have made for it (those that still hold files stay).
        made.extend(super::parents(output, &target));
        match (moved, exists(&backup)) {
            // The new file in place, and nothing kept aside: there was nothing there (or the
            // folder that was there was emptied by the removals).
            (true, false) => note(remove(&target), &target),
            (true, true) => {
                if *was == Was::Folder {
                    note(remove(&target), &target);
                }
                note(fs::rename(&backup, &target), &target);
            }
            // Kept aside, the new file not moved in: back, unless it is still in place (a
            // hard link to it was what was kept).
            (false, true) if !exists(&target) => note(fs::rename(&backup, &target), &target),
            // Nothing was done.
            (false, _) => {}
        }
    }
    super::remove_empty(&made);
    for (i, rel) in journal.removed.iter().enumerate() {
        let backup = old.join(format!("r{i}"));
        if !exists(&backup) {
            continue;
        }
        let target = output.join(rel);
        if let Some(parent) = target.parent() {
            note(fs::create_dir_all(parent), parent);
        }
        if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            // A folder the commit made where this file was.
            note(fs::remove_dir(&target), &target);
        }
        note(fs::rename(&backup, &target), &target);
    }
    first.map_or(Ok(()), Err)
}

/// Puts the output back as it was before a commit that a killed build left unfinished, and
/// removes what a stopped build left in the staging areas, beside the output and inside it.
pub(super) fn recover(output: &Path, shown: &Path) -> Result<()> {
    let areas = [beside(output), Some(output.join(INSIDE))];
    for (n, area) in areas.into_iter().flatten().enumerate() {
        if fs::symlink_metadata(&area).is_err() {
            continue;
        }
        if n == 0 && !is_staging_area(&area) {
            return Err(Error::UnsafeOutput {
                path: area,
                message: "Dossier stages the site in a folder of this name, and this one is not one it made; move it away".into(),
            });
        }
        let journal = area.join(JOURNAL);
        if journal.is_file() {
            let undone = fs::read(&journal)
                .map_err(|e| format!("{}: {e}", journal.display()))
                .and_then(|bytes| {
                    postcard::from_bytes::<Journal>(&bytes)
                        .map_err(|e| format!("{}: {e}", journal.display()))
                })
                .and_then(|journal| undo(output, &area, &journal));
            if let Err(why) = undone {
                return Err(Error::Write {
                    path: shown.to_path_buf(),
                    source: std::io::Error::other(
                        "an earlier build was stopped while it replaced files",
                    ),
                    output: shown.to_path_buf(),
                    restored: Some(why),
                });
            }
        }
        fs::remove_dir_all(&area).map_err(|e| Error::io(&area, e))?;
    }
    Ok(())
}

/// Whether a folder holds only what a staging area holds.
pub(super) fn is_staging_area(area: &Path) -> bool {
    let known = [NEW, OLD, JOURNAL, "journal.partial"];
    fs::read_dir(area).is_ok_and(|entries| {
        entries
            .filter_map(|e| e.ok())
            .all(|e| known.iter().any(|k| e.file_name() == *k))
    })
}
