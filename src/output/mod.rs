//! Writing the rendered site so that the output folder always holds one whole site, the
//! previous one or the new one, and never a staging file.
//!
//! Each rendered file whose bytes differ from the output's is written, as soon as it is
//! rendered, into a staging area beside the output folder (`.public.dossier-staging/` next to
//! `public/`), in a copy of the output's tree. Once everything has rendered, [`commit`] moves
//! the staged files into place as one step and removes the files the site no longer has; a
//! failed or stopped build throws the staging area away and leaves the output as it was.
//!
//! Where the staging area cannot be beside the output (the output is a mount point, or its
//! parent folder cannot be written), it goes inside it, as `.dossier-staging/`: every failure
//! and signal removes it, and only a build killed outright leaves it until the next build.

mod commit;
mod folder;
mod manifest;

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Diagnostic, Error, Result};
pub(crate) use folder::{Depth, Named, problems, written_by_dossier};
pub(crate) use manifest::{Made, MadeFile, MadeRecord, modified};

/// The file that marks a folder as Dossier's output, so that stale-file removal never runs
/// on a folder the user keeps other things in.
pub(crate) const MARKER: &str = ".dossier-output";

const MARKER_TEXT: &str = "This folder is written by `dossier build`.\nFiles that are not part of the site are removed on every build.\n";

/// The staging area's name inside the output, where it cannot be beside it (and where Dossier
/// put it before).
const INSIDE: &str = ".dossier-staging";

/// One file of the built site.
#[derive(Debug, Clone)]
pub(crate) struct OutputFile {
    /// Relative to the output folder.
    pub(crate) path: PathBuf,
    /// What goes in it.
    pub(crate) contents: Contents,
}

/// The contents of an output file.
#[derive(Debug, Clone)]
pub(crate) enum Contents {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Copied from a file on disk.
    Copy(PathBuf),
    /// Built into the binary.
    Static(&'static [u8]),
}

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WriteStats {
    /// Files written because they were new or changed.
    pub(crate) written: usize,
    /// Files left alone because their bytes were the same.
    pub(crate) unchanged: usize,
    /// Stale files removed.
    pub(crate) removed: usize,
}

/// The staging area beside an output folder: `.NAME.dossier-staging` in the same parent.
pub(crate) fn beside(output: &Path) -> Option<PathBuf> {
    let name = output.file_name()?;
    let mut staging = std::ffi::OsString::from(".");
    staging.push(name);
    staging.push(".dossier-staging");
    Some(output.with_file_name(staging))
}

/// Removes what stopped builds left beside and inside the output folder, without undoing
/// anything (for `dossier clean`, which removes the output too).
pub(crate) fn remove_staging(output: &Path) -> std::io::Result<bool> {
    let output = folder::absolute(output);
    let mut removed = false;
    let ours = beside(&output).filter(|area| commit::is_staging_area(area));
    for area in [ours, Some(output.join(INSIDE))].into_iter().flatten() {
        match fs::remove_dir_all(&area) {
            Ok(()) => removed = true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

/// Whether a relative output path stays inside the output folder.
fn is_contained(path: &Path) -> bool {
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Where rendered files go, one at a time, from many threads.
pub(crate) trait Sink: Sync {
    /// Takes one file of the site.
    fn put(&self, file: OutputFile) -> Result<()>;
}

/// Keeps every file in memory (for `serve`).
#[derive(Debug, Default)]
pub(crate) struct Collect(Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files collected.
    pub(crate) fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Writes nothing, but opens every file that would be copied, to report those that cannot be
/// read as `build` would (for `check`).
#[derive(Debug)]
pub(crate) struct Discard {
    root: PathBuf,
    problems: Mutex<Vec<Diagnostic>>,
}

impl Discard {
    /// A sink for the site at `root`.
    pub(crate) fn new(root: &Path) -> Discard {
        Discard {
            root: root.to_path_buf(),
            problems: Mutex::default(),
        }
    }

    /// The files that could not be read.
    pub(crate) fn into_problems(self) -> Vec<Diagnostic> {
        self.problems
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Discard {
    fn put(&self, file: OutputFile) -> Result<()> {
        if let Contents::Copy(source) = &file.contents
            && let Err(e) = fs::File::open(source)
        {
            let problem = unreadable(&self.root, source, &e);
            self.problems
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(problem);
        }
        Ok(())
    }
}

/// A source file of the site that cannot be read, named by its path in the site.
fn unreadable(root: &Path, source: &Path, e: &std::io::Error) -> Diagnostic {
    let rel = source.strip_prefix(root).unwrap_or(source);
    Diagnostic::error(rel, format!("cannot read this file: {e}"))
        .with_hint("make it readable by the user who runs dossier (chmod a+r), or remove it")
}

/// Writes files that differ from the output into the staging area, to be moved into place by
/// [`Staging::commit`] or thrown away by [`Staging::abandon`].
#[derive(Debug)]
pub(crate) struct Staging {
    /// The site's root, to name source files in messages.
    root: PathBuf,
    /// The output folder as configured, for messages.
    shown: PathBuf,
    /// The output folder, absolute and through symbolic links.
    output: PathBuf,
    /// The staging area: the staged tree (`new/`), and the journal and old files of a commit.
    area: PathBuf,
    /// Whether the staging area is inside the output.
    inside: bool,
    /// Whether the output held a site before, to compare files with; if not, the staged tree
    /// becomes the output in one rename.
    compare: bool,
    /// Whether this build made the output folder (removed again if the build fails).
    created_output: bool,
    /// Targets staged so far, relative to the output folder.
    staged: Mutex<Vec<PathBuf>>,
    unchanged: AtomicUsize,
    /// The test hook's limit: writes after this many fail.
    fail_after: Option<usize>,
    /// Writes so far, for the test hook.
    writes: AtomicUsize,
}

impl Staging {
    /// Prepares a fresh staging area for the output folder `output` (as configured) of the site
    /// at `root`, first putting back the previous site if a killed build left a commit
    /// unfinished.
    ///
    /// Test hook: `DOSSIER_FAIL_AFTER_WRITES=N` makes every write after the first N fail, a
    /// staged file as on a full disk, a step of the commit as on a folder that cannot be
    /// written; the tests use it to fail builds at every point of their writing.
    pub(crate) fn new(output: &Path, root: &Path) -> Result<Staging> {
        let fail_after = std::env::var("DOSSIER_FAIL_AFTER_WRITES")
            .ok()
            .and_then(|n| n.parse().ok());
        Staging::prepare(output, root, fail_after, false)
    }

    /// [`Staging::new`], with the test hook's limit given, and the staging area forced inside
    /// the output when `inside`.
    fn prepare(
        shown: &Path,
        root: &Path,
        fail_after: Option<usize>,
        inside: bool,
    ) -> Result<Staging> {
        let output = folder::absolute(shown);
        commit::recover(&output, shown)?;
        let compare = !folder::is_empty(&output);
        let created_output = !output.exists();
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |e| Error::io(path, e)
        };
        let parent = output.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent).map_err(io(parent))?;
        let area = match beside(&output) {
            Some(area) if !inside && same_device(&output, parent) => {
                fs::create_dir(&area).ok().map(|()| area)
            }
            _ => None,
        };
        let (area, inside) = match area {
            Some(area) => (area, false),
            None => {
                fs::create_dir_all(&output).map_err(io(shown))?;
                let area = output.join(INSIDE);
                fs::create_dir(&area).map_err(io(&area))?;
                (area, true)
            }
        };
        let new = area.join(commit::NEW);
        if let Err(e) = fs::create_dir(&new) {
            let _ = fs::remove_dir_all(&area);
            return Err(Error::io(new, e));
        }
        Ok(Staging {
            root: root.to_path_buf(),
            shown: shown.to_path_buf(),
            output,
            area,
            inside,
            compare,
            created_output,
            staged: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            fail_after,
            writes: AtomicUsize::new(0),
        })
    }

    /// Throws the staged files away; the output stays as it was.
    pub(crate) fn abandon(self) {
        self.clean_up();
    }

    fn clean_up(&self) {
        let _ = fs::remove_dir_all(&self.area);
        if self.created_output {
            let _ = fs::remove_dir(&self.output);
        }
    }

    /// Whether the test hook lets one more write happen.
    fn allow(&self, in_commit: bool) -> std::io::Result<()> {
        let Some(limit) = self.fail_after else {
            return Ok(());
        };
        if self.writes.fetch_add(1, Ordering::SeqCst) < limit {
            return Ok(());
        }
        let code = if in_commit {
            libc::EACCES
        } else {
            libc::ENOSPC
        };
        Err(std::io::Error::from_raw_os_error(code))
    }

    /// A file of the output that could not be written.
    fn write_error(&self, rel: &Path, source: std::io::Error) -> Error {
        Error::Write {
            path: self.shown.join(rel),
            source,
            output: self.shown.clone(),
            restored: None,
        }
    }

    /// The build was stopped by `signal` before the new site was in place.
    fn interrupted(&self, signal: i32) -> Error {
        Error::Interrupted {
            signal,
            output: self.shown.clone(),
            finished: false,
        }
    }

    /// Writes a file at its place in the staged tree.
    fn stage(&self, target: &Path, contents: &Contents) -> Result<()> {
        let staged = self.area.join(commit::NEW).join(target);
        if let Some(dir) = staged.parent() {
            fs::create_dir_all(dir).map_err(|e| self.write_error(target, e))?;
        }
        self.allow(false).map_err(|e| self.write_error(target, e))?;
        let mut file = match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&staged)
        {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::Content(vec![
                    Diagnostic::error(target, format!("two files of the site would be written to {}", target.display()))
                        .with_hint("a file in static/ or a bundle has the same path as a page Dossier writes; rename it"),
                ]));
            }
            Err(e) => return Err(self.write_error(target, e)),
        };
        let written = match contents {
            Contents::Bytes(bytes) => file.write_all(bytes),
            Contents::Static(bytes) => file.write_all(bytes),
            Contents::Copy(source) => {
                let mut from = fs::File::open(source)
                    .map_err(|e| Error::Content(vec![unreadable(&self.root, source, &e)]))?;
                match std::io::copy(&mut from, &mut file) {
                    Err(e) if fs::read(source).is_err() => {
                        return Err(Error::Content(vec![unreadable(&self.root, source, &e)]));
                    }
                    other => other.map(|_| ()),
                }
            }
        };
        written.map_err(|e| self.write_error(target, e))?;
        self.staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(target.to_path_buf());
        Ok(())
    }

    /// Stages `bytes` at `target` without listing it as a file of the site (the marker).
    fn stage_bytes(&self, target: &Path, bytes: &[u8]) -> Result<()> {
        let staged = self.area.join(commit::NEW).join(target);
        self.allow(false)
            .and_then(|()| fs::write(&staged, bytes))
            .map_err(|e| self.write_error(target, e))
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<()> {
        if let Some(signal) = crate::interrupt::received() {
            return Err(self.interrupted(signal));
        }
        if !is_contained(&file.path) {
            return Err(Error::UnsafeOutput {
                path: file.path,
                message: "refusing to write outside the output folder".into(),
            });
        }
        let target = self.output.join(&file.path);
        let same = self.compare
            && match &file.contents {
                Contents::Bytes(bytes) => holds(&target, bytes),
                Contents::Static(bytes) => holds(&target, bytes),
                Contents::Copy(source) => same_file_contents(source, &target),
            };
        if same {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.stage(&file.path, &file.contents)
    }
}

/// Whether two existing paths are on one file system (a path that does not exist yet will
/// be made on its parent's).
fn same_device(path: &Path, parent: &Path) -> bool {
    match (fs::metadata(path), fs::metadata(parent)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        (Err(_), Ok(_)) => true,
        _ => false,
    }
}

/// Whether `path` is a file holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|existing| existing == bytes)
}

fn same_file_contents(source: &Path, target: &Path) -> bool {
    let (Ok(a), Ok(b)) = (fs::metadata(source), fs::metadata(target)) else {
        return false;
    };
    a.len() == b.len()
        && b.is_file()
        && fs::read(source)
            .ok()
            .is_some_and(|bytes| holds(target, &bytes))
}

/// The folders a file sits in, up to the output folder.
fn parents(output: &Path, file: &Path) -> Vec<PathBuf> {
    file.ancestors()
        .skip(1)
        .take_while(|dir| *dir != output)
        .map(Path::to_path_buf)
        .collect()
}

/// Removes the folders that are empty, deepest first: a longer path sorts after its parent, so
/// the set is walked backwards.
fn remove_empty(folders: &BTreeSet<PathBuf>) {
    for dir in folders.iter().rev() {
        // Fails harmlessly when the folder still has files.
        let _ = fs::remove_dir(dir);
    }
}

#[cfg(test)]
mod tests;
