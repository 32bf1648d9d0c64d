//! Writing the rendered site: only files whose bytes changed, each through a temp file and a
//! rename, stale files removed, and never anything outside the output folder.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::progress::Progress;

/// The file that marks a folder as Dossier's output, so that stale-file removal never runs
/// on a folder the user keeps other things in.
pub const MARKER: &str = ".dossier-output";

const MARKER_TEXT: &str = "This folder is written by `dossier build`.\nFiles that are not part of the site are removed on every build.\n";

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output folder.
    pub path: PathBuf,
    /// What goes in it.
    pub contents: Contents,
}

/// The contents of an output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Copied from a file on disk.
    Copy(PathBuf),
    /// Built into the binary.
    Static(&'static [u8]),
}

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written because they were new or changed.
    pub written: usize,
    /// Files left alone because their bytes were the same.
    pub unchanged: usize,
    /// Stale files removed.
    pub removed: usize,
}

/// Refuses output folders where removing stale files could destroy the user's data: the site
/// root itself or a folder above it, a folder inside the site's sources, or a non-empty folder
/// that an earlier build did not write.
pub fn check_output_dir(output: &Path, root: &Path) -> Result<()> {
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
    let has_entries = fs::read_dir(output)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if has_entries && !output.join(MARKER).is_file() {
        return refuse(&format!(
            "the folder is not empty and was not written by Dossier (no {MARKER} file); \
             empty it or choose another output folder, since stale files in it would be removed"
        ));
    }
    Ok(())
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

/// Makes `output` hold exactly `files` (plus the marker), touching only what differs.
pub fn write_site(output: &Path, files: &[OutputFile], progress: &Progress) -> Result<WriteStats> {
    if let Some(bad) = files.iter().find(|f| !is_contained(&f.path)) {
        return Err(Error::UnsafeOutput {
            path: bad.path.clone(),
            message: "refusing to write outside the output folder".into(),
        });
    }
    fs::create_dir_all(output).map_err(|e| Error::io(output, e))?;
    let wanted: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let removed = remove_stale(output, &wanted)?;
    progress.stage("Writing", files.len());
    let results: Vec<Result<bool>> = files
        .par_iter()
        .map(|f| {
            let written = write_if_changed(output, f);
            progress.inc();
            written
        })
        .collect();
    let mut stats = WriteStats {
        removed,
        ..WriteStats::default()
    };
    for result in results {
        if result? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    write_if_changed(
        output,
        &OutputFile {
            path: PathBuf::from(MARKER),
            contents: Contents::Static(MARKER_TEXT.as_bytes()),
        },
    )?;
    Ok(stats)
}

/// Removes files not in `wanted` and the folders left empty, deepest first.
fn remove_stale(output: &Path, wanted: &BTreeSet<&Path>) -> Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.map_err(|e| Error::io(output, e.into()))?;
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if rel != Path::new(MARKER) && !wanted.contains(rel) {
            fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            removed += 1;
        }
    }
    for dir in dirs {
        // Fails harmlessly when the folder still has files.
        let _ = fs::remove_dir(&dir);
    }
    Ok(removed)
}

/// Writes one file unless it already holds the same bytes; returns whether it wrote.
fn write_if_changed(output: &Path, file: &OutputFile) -> Result<bool> {
    let target = output.join(&file.path);
    let bytes: std::borrow::Cow<'_, [u8]> = match &file.contents {
        Contents::Bytes(b) => b.as_slice().into(),
        Contents::Static(b) => (*b).into(),
        Contents::Copy(source) => fs::read(source).map_err(|e| Error::io(source, e))?.into(),
    };
    if let Ok(meta) = fs::metadata(&target) {
        if meta.is_file() && meta.len() == bytes.len() as u64 {
            if let Ok(existing) = fs::read(&target) {
                if existing == *bytes {
                    return Ok(false);
                }
            }
        }
        if meta.is_dir() {
            fs::remove_dir_all(&target).map_err(|e| Error::io(&target, e))?;
        }
    }
    let dir = target.parent().unwrap_or(output);
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".dossier-tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    temp.write_all(&bytes).map_err(|e| Error::io(&target, e))?;
    temp.persist(&target)
        .map_err(|e| Error::io(&target, e.error))?;
    Ok(true)
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
            &[file("a/index.html", "A"), file("b/index.html", "B")],
            &Progress::hidden(),
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
        let second = write_site(
            &out,
            &[file("a/index.html", "A"), file("c.html", "C")],
            &Progress::hidden(),
        )
        .unwrap();
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
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let err =
            write_site(dir.path(), &[file("../x.html", "X")], &Progress::hidden()).unwrap_err();
        assert!(matches!(err, Error::UnsafeOutput { .. }));
        assert!(!dir.path().parent().unwrap().join("x.html").exists());
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
