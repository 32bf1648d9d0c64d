//! Writing the rendered site: each file as soon as it is rendered into a staging folder inside
//! the output, then, once everything has rendered, renamed into place; only files whose bytes
//! changed are staged, stale files are removed, and nothing is written outside the output folder.
//! A failed build removes the staging folder and leaves the previous output as it was.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};

/// The file that marks a folder as Dossier's output, so that stale-file removal never runs
/// on a folder the user keeps other things in.
pub(crate) const MARKER: &str = ".dossier-output";

const MARKER_TEXT: &str = "This folder is written by `dossier build`.\nFiles that are not part of the site are removed on every build.\n";

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

/// Refuses output folders where removing stale files could destroy the user's data: the site
/// root itself or a folder above it, a folder inside the site's sources, or a non-empty folder
/// that an earlier build did not write.
pub(crate) fn check_output_dir(output: &Path, root: &Path) -> Result<()> {
    let refuse = |message: &str| {
        Err(Error::UnsafeOutput {
            path: output.to_path_buf(),
            message: message.to_string(),
        })
    };
    let output_abs = absolute(output);
    let root_abs = absolute(root);
    if root_abs.starts_with(&output_abs) {
        return refuse(
            "the output folder contains the site itself; choose a folder such as `public`",
        );
    }
    for source in ["content", "templates", "static", "themes"] {
        if output_abs.starts_with(root_abs.join(source)) {
            return refuse(&format!(
                "the output folder is inside the site's {source}/ folder; choose another"
            ));
        }
    }
    if output.is_file() {
        return refuse("the output path is a file; choose a folder");
    }
    if !written_by_dossier(output) && !is_empty(output) {
        return refuse(&format!(
            "the folder is not empty and was not written by Dossier (no {MARKER} file); \
             empty it or choose another output folder, since stale files in it would be removed"
        ));
    }
    Ok(())
}

/// Whether `output` is a folder that Dossier wrote: it has the marker, or only a staging
/// folder, which is what a first build killed before it moved anything into place leaves.
pub(crate) fn written_by_dossier(output: &Path) -> bool {
    output.join(MARKER).is_file()
        || fs::read_dir(output).is_ok_and(|entries| {
            let names: Vec<_> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name())
                .collect();
            names.len() == 1 && names[0] == STAGING
        })
}

/// Whether `output` is missing or holds nothing.
fn is_empty(output: &Path) -> bool {
    fs::read_dir(output).map_or(true, |mut entries| entries.next().is_none())
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve `.` and `..` lexically; canonicalize where the path exists, for symlinks.
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    fs::canonicalize(&clean).unwrap_or(clean)
}

/// Whether a relative output path stays inside the output folder.
fn is_contained(path: &Path) -> bool {
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// The staging folder's name inside the output folder.
const STAGING: &str = ".dossier-staging";

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

/// Drops every file (for `check`, which writes nothing).
#[derive(Debug, Default)]
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _file: OutputFile) -> Result<()> {
        Ok(())
    }
}

/// Writes files that differ from the output into a staging folder, to be renamed into place by
/// [`Staging::commit`] or thrown away by [`Staging::abandon`].
#[derive(Debug)]
pub(crate) struct Staging {
    output: PathBuf,
    folder: PathBuf,
    /// Whether this build created the output folder (removed again if the build fails).
    created_output: bool,
    /// Whether the output held nothing before: then no file needs comparing.
    started_empty: bool,
    /// Targets staged so far, relative to the output folder.
    staged: Mutex<Vec<PathBuf>>,
    unchanged: AtomicUsize,
}

impl Staging {
    /// Prepares a fresh staging folder inside `output`.
    pub(crate) fn new(output: &Path) -> Result<Staging> {
        let created_output = !output.exists();
        fs::create_dir_all(output).map_err(|e| Error::io(output, e))?;
        let folder = output.join(STAGING);
        if folder.exists() {
            // Left by a build that was killed: nothing in it is needed.
            fs::remove_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        }
        let started_empty =
            fs::read_dir(output).map_or(true, |mut entries| entries.next().is_none());
        fs::create_dir(&folder).map_err(|e| Error::io(&folder, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            folder,
            created_output,
            started_empty,
            staged: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Moves the staged files into place, removes files the site no longer has (`paths` lists
    /// every file it has), and removes the staging folder. `last` lists every file the last
    /// build wrote, when the build cache knows it: then only those that are gone are removed,
    /// without reading the whole output folder.
    pub(crate) fn commit(self, paths: &[PathBuf], last: Option<&[PathBuf]>) -> Result<WriteStats> {
        let staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        // The marker goes first: a build killed while it moves files into an empty folder must
        // leave one that the next build recognises as its own, not a foreign folder it refuses.
        let marker = self.output.join(MARKER);
        if fs::read(&marker).ok().as_deref() != Some(MARKER_TEXT.as_bytes()) {
            fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        }
        let removed = if self.started_empty {
            // Nothing to compare or replace: move the staged tree's top entries into place.
            for entry in fs::read_dir(&self.folder).map_err(|e| Error::io(&self.folder, e))? {
                let entry = entry.map_err(|e| Error::io(&self.folder, e))?;
                let to = self.output.join(entry.file_name());
                fs::rename(entry.path(), &to).map_err(|e| Error::io(&to, e))?;
            }
            0
        } else {
            // By their bytes: comparing paths component by component is ten times slower, and
            // this set holds every file of the site.
            let wanted: HashSet<&[u8]> = paths
                .iter()
                .map(|p| p.as_os_str().as_encoded_bytes())
                .collect();
            let removed = match last {
                Some(last) => remove_gone(&self.output, last, &wanted)?,
                None => remove_stale(&self.output, &wanted)?,
            };
            self.move_into_place(&staged)?;
            removed
        };
        fs::remove_dir_all(&self.folder).map_err(|e| Error::io(&self.folder, e))?;
        Ok(WriteStats {
            written: staged.len(),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed,
        })
    }

    /// Renames each staged file over its target, making folders (and removing a file or folder
    /// that stands where the other is needed).
    fn move_into_place(&self, staged: &[PathBuf]) -> Result<()> {
        let dirs: BTreeSet<&Path> = staged.iter().filter_map(|target| target.parent()).collect();
        for dir in dirs {
            let dir = self.output.join(dir);
            if dir.is_file() {
                fs::remove_file(&dir).map_err(|e| Error::io(&dir, e))?;
            }
            fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        staged.par_iter().try_for_each(|target| {
            let to = self.output.join(target);
            if to.is_dir() {
                fs::remove_dir_all(&to).map_err(|e| Error::io(&to, e))?;
            }
            fs::rename(self.folder.join(target), &to).map_err(|e| Error::io(&to, e))
        })
    }

    /// Throws the staged files away; the output stays as it was.
    pub(crate) fn abandon(self) {
        let _ = fs::remove_dir_all(&self.folder);
        if self.created_output {
            let _ = fs::remove_dir(&self.output);
        }
    }

    /// Writes a file at its place in the staging folder's copy of the output's tree.
    fn stage(
        &self,
        target: &Path,
        write: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
    ) -> Result<()> {
        let staged = self.folder.join(target);
        if let Some(dir) = staged.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
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
            Err(e) => return Err(Error::io(&staged, e)),
        };
        write(&mut file).map_err(|e| Error::io(&staged, e))?;
        self.staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(target.to_path_buf());
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<()> {
        if !is_contained(&file.path) {
            return Err(Error::UnsafeOutput {
                path: file.path,
                message: "refusing to write outside the output folder".into(),
            });
        }
        let target = self.output.join(&file.path);
        let same = !self.started_empty
            && match &file.contents {
                Contents::Bytes(bytes) => holds(&target, bytes),
                Contents::Static(bytes) => holds(&target, bytes),
                Contents::Copy(source) => same_file_contents(source, &target),
            };
        if same {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        match file.contents {
            Contents::Bytes(bytes) => self.stage(&file.path, |to| to.write_all(&bytes)),
            Contents::Static(bytes) => self.stage(&file.path, |to| to.write_all(bytes)),
            Contents::Copy(source) => self.stage(&file.path, |to| {
                std::io::copy(&mut fs::File::open(&source)?, to).map(|_| ())
            }),
        }
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

/// Makes `output` hold exactly `files` (plus the marker), touching only what differs: the
/// staging cycle in one call, for tests.
#[cfg(test)]
fn write_site(output: &Path, files: Vec<OutputFile>) -> Result<WriteStats> {
    let staging = Staging::new(output)?;
    let paths: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let results: Vec<Result<()>> = files.into_par_iter().map(|f| staging.put(f)).collect();
    if let Err(error) = results.into_iter().collect::<Result<Vec<()>>>() {
        staging.abandon();
        return Err(error);
    }
    staging.commit(&paths, None)
}

/// Removes the files of `last` that are not in `wanted`, and the folders that leaves empty.
fn remove_gone(output: &Path, last: &[PathBuf], wanted: &HashSet<&[u8]>) -> Result<usize> {
    let mut removed = 0;
    let mut emptied = BTreeSet::new();
    for rel in last {
        if wanted.contains(rel.as_os_str().as_encoded_bytes()) || !is_contained(rel) {
            continue;
        }
        let path = output.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
        emptied.extend(parents(output, &path));
    }
    remove_empty(&emptied);
    Ok(removed)
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

/// Removes files not in `wanted` and the folders that leaves empty, deepest first.
fn remove_stale(output: &Path, wanted: &HashSet<&[u8]>) -> Result<usize> {
    let mut removed = 0;
    // Folders that held a removed file: only those can have been left empty.
    let mut emptied = BTreeSet::new();
    let staging = output.join(STAGING);
    let walk = walkdir::WalkDir::new(output)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.path() != staging);
    for entry in walk {
        let entry = entry.map_err(|e| Error::io(output, e.into()))?;
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            continue;
        }
        if rel != Path::new(MARKER) && !wanted.contains(rel.as_os_str().as_encoded_bytes()) {
            fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            removed += 1;
            emptied.extend(parents(output, entry.path()));
        }
    }
    remove_empty(&emptied);
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: PathBuf::from(path),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn writes_only_changes_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = write_site(
            &out,
            vec![file("a/index.html", "A"), file("b/index.html", "B")],
        )
        .unwrap();
        assert_eq!(
            first,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let second =
            write_site(&out, vec![file("a/index.html", "A"), file("c.html", "C")]).unwrap();
        assert_eq!(
            second,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("b").exists(), "empty stale folder removed");
        assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "C");
        assert!(out.join(MARKER).is_file());
        assert!(!out.join(STAGING).exists(), "staging folder removed");
    }

    #[test]
    fn a_first_build_killed_before_its_commit_leaves_a_folder_the_next_build_takes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.put(file("a/index.html", "A")).unwrap();
        std::mem::forget(staging); // Killed: neither committed nor abandoned.
        assert!(out.join(STAGING).join("a/index.html").is_file());
        check_output_dir(&out, dir.path()).unwrap();
        assert!(written_by_dossier(&out), "`dossier clean` removes it");
        let stats = write_site(&out, vec![file("a/index.html", "A")]).unwrap();
        assert_eq!(stats.written, 1);
        assert!(!out.join(STAGING).exists() && out.join(MARKER).is_file());
    }

    #[test]
    fn written_files_are_readable_by_a_web_server() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), vec![file("index.html", "A")]).unwrap();
        let mode = fs::metadata(dir.path().join("index.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "group and others can read: {mode:o}");
    }

    #[test]
    fn a_file_may_replace_a_folder_and_back() {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), vec![file("x/index.html", "A")]).unwrap();
        write_site(dir.path(), vec![file("x", "B")]).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("x")).unwrap(), "B");
        write_site(dir.path(), vec![file("x/index.html", "C")]).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("x/index.html")).unwrap(),
            "C"
        );
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let err = write_site(&out, vec![file("../x.html", "X")]).unwrap_err();
        assert!(matches!(err, Error::UnsafeOutput { .. }));
        assert!(!dir.path().join("x.html").exists());
        assert!(
            !out.exists(),
            "a failed first build leaves no output folder"
        );
    }

    #[test]
    fn refuses_unsafe_output_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(root, root).is_err(), "the root itself");
        assert!(check_output_dir(&root.join("content/out"), root).is_err());
        fs::create_dir_all(root.join("mine")).unwrap();
        fs::write(root.join("mine/notes.txt"), "keep").unwrap();
        assert!(
            check_output_dir(&root.join("mine"), root).is_err(),
            "foreign non-empty folder"
        );
        assert!(
            check_output_dir(&root.join("public"), root).is_ok(),
            "new folder"
        );
    }
}
