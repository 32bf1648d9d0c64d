//! Whether a folder may be used as the output: the checks `build` makes before it writes and
//! `check` makes in full, one list of problems, each placed where the output folder was named
//! (`output_dir` in site.toml, or `--output`) with what to do about it.

use std::ffi::CString;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

use super::{INSIDE, MARKER, beside};
use crate::error::Diagnostic;

/// Where the output folder was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named {
    /// By site.toml: the line and column of `output_dir`, or `None` for the default `public`.
    Settings(Option<(usize, usize)>),
    /// By `--output` on the command line.
    CommandLine,
}

impl Named {
    /// An error about the output folder `shown`, placed where it was named.
    fn error(self, shown: &Path, message: String, hint: &str) -> Diagnostic {
        let diagnostic = match self {
            Named::Settings(Some((line, col))) => {
                Diagnostic::error("site.toml", message).at(line, col)
            }
            Named::Settings(None) => Diagnostic::error(
                "site.toml",
                format!("{message} (`public`, the default output_dir)"),
            ),
            Named::CommandLine => Diagnostic::error(shown, format!("--output: {message}")),
        };
        diagnostic.with_hint(hint)
    }
}

/// How far to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depth {
    /// The folder itself: what `build` checks before every build, in a few system calls.
    Folder,
    /// Also every folder inside it, and a commit left unfinished: what `check` reports.
    Everything,
}

/// Every reason the output folder cannot be used, or will fail a build: the site root itself
/// or a folder above it, a folder inside the site's sources, a file, a non-empty folder that
/// an earlier build did not write (stale-file removal could destroy the user's data), a folder
/// that cannot be written. `shown` is the folder as configured; `root` the site's root.
pub(crate) fn problems(shown: &Path, root: &Path, named: Named, depth: Depth) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let output = absolute(shown);
    let root_abs = absolute(root);
    let name = shown.display();
    if root_abs.starts_with(&output) {
        found.push(named.error(
            shown,
            format!("the output folder `{name}` holds the site itself: every build removes the files in it that are not part of the site, and would remove the site's sources"),
            "set output_dir to a folder of its own, such as \"public\"",
        ));
        return found;
    }
    for source in ["content", "templates", "static", "themes"] {
        if output.starts_with(root_abs.join(source)) {
            found.push(named.error(
                shown,
                format!("the output folder `{name}` is inside the site's {source}/ folder, which Dossier reads the site from"),
                "set output_dir to a folder outside content/, templates/, static/ and themes/, such as \"public\"",
            ));
            return found;
        }
    }
    match fs::metadata(&output) {
        Ok(meta) if !meta.is_dir() => {
            found.push(named.error(
                shown,
                format!("the output path `{name}` is a file, not a folder"),
                "remove or rename the file, or set output_dir to another folder",
            ));
            return found;
        }
        Ok(_) => {
            if !written_by_dossier(&output) && !is_empty(&output) {
                found.push(named.error(
                    shown,
                    format!("the output folder `{name}` is not empty and was not written by Dossier (it has no {MARKER} file)"),
                    "empty it, or set output_dir to another folder: every build removes the files in the output that are not part of the site",
                ));
                return found;
            }
            if let Err(e) = writable(&output) {
                found.push(named.error(
                    shown,
                    format!("the output folder `{name}` cannot be written: {e}"),
                    "make it writable by the user who runs dossier (chmod u+w), or set output_dir to another folder",
                ));
                return found;
            }
            if depth == Depth::Everything {
                found.extend(unwritable_inside(&output, shown, named));
                if beside(&output).is_some_and(|area| area.join(super::commit::JOURNAL).exists())
                    || output.join(INSIDE).join(super::commit::JOURNAL).exists()
                {
                    let mut warning = named.error(
                        shown,
                        format!("a build was stopped while it replaced the files of `{name}`; the next build first puts the previous site back"),
                        "run `dossier build`",
                    );
                    warning.severity = crate::error::Severity::Warning;
                    found.push(warning);
                }
            }
        }
        Err(_) => {
            // Made by the build: the nearest folder above that exists must be writable.
            let existing = output.ancestors().skip(1).find(|dir| dir.is_dir());
            if let Some(Err(e)) = existing.map(writable) {
                let above = existing.unwrap_or(Path::new("/")).display();
                found.push(named.error(
                    shown,
                    format!("the output folder `{name}` cannot be made: `{above}` cannot be written: {e}"),
                    "make that folder writable by the user who runs dossier, or set output_dir to another folder",
                ));
            }
        }
    }
    found
}

/// The folders inside the output that cannot be written: a build that changes a file in one
/// of them fails (and leaves the previous site).
fn unwritable_inside(output: &Path, shown: &Path, named: Named) -> Vec<Diagnostic> {
    let walk = walkdir::WalkDir::new(output).min_depth(1).into_iter();
    walk.filter_entry(|e| e.file_type().is_dir())
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .filter_map(|e| {
            let error = writable(e.path()).err()?;
            let inside = e.path().strip_prefix(output).unwrap_or(e.path());
            Some(named.error(
                shown,
                format!(
                    "the folder `{}` of the output cannot be written ({error}): a build that changes a file in it fails",
                    shown.join(inside).display()
                ),
                "make it writable by the user who runs dossier (chmod -R u+w on the output folder)",
            ))
        })
        .collect()
}

/// Whether the user running Dossier may add and remove entries in `dir`: `access(2)`, which
/// also answers for a read-only file system, for root too.
fn writable(dir: &Path) -> std::io::Result<()> {
    let path = CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // SAFETY: `path` is a valid NUL-terminated string that outlives the call.
    if unsafe { libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Whether `output` is a folder that Dossier wrote: it has the marker, or a staging folder
/// inside it (where one goes when it cannot go beside the output, and where Dossier before
/// this version put it), which is what a first build killed before it moved anything leaves.
pub(crate) fn written_by_dossier(output: &Path) -> bool {
    output.join(MARKER).is_file() || output.join(INSIDE).is_dir()
}

/// Whether `output` is missing or holds nothing.
pub(super) fn is_empty(output: &Path) -> bool {
    fs::read_dir(output).map_or(true, |mut entries| entries.next().is_none())
}

/// `path` made absolute, with `.` and `..` resolved, and through symbolic links where it exists.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(output: &Path, root: &Path) -> Vec<String> {
        problems(
            output,
            root,
            Named::Settings(Some((3, 1))),
            Depth::Everything,
        )
        .into_iter()
        .map(|d| d.to_string())
        .collect()
    }

    #[test]
    fn refuses_unsafe_output_folders_at_the_setting() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        for (output, says) in [
            (root.to_path_buf(), "holds the site itself"),
            (root.join(".."), "holds the site itself"),
            (PathBuf::from("/"), "holds the site itself"),
            (root.join("content"), "inside the site's content/"),
            (root.join("content/out"), "inside the site's content/"),
        ] {
            let found = messages(&output, root);
            assert_eq!(found.len(), 1, "{output:?}: {found:?}");
            assert!(found[0].starts_with("site.toml:3:1: error:"), "{found:?}");
            assert!(
                found[0].contains(says) && found[0].contains("help:"),
                "{found:?}"
            );
        }
        fs::create_dir_all(root.join("mine")).unwrap();
        fs::write(root.join("mine/notes.txt"), "keep").unwrap();
        let found = messages(&root.join("mine"), root);
        assert!(found[0].contains("not written by Dossier"), "{found:?}");
        fs::write(root.join("file"), "x").unwrap();
        assert!(messages(&root.join("file"), root)[0].contains("is a file"));
        assert!(
            messages(&root.join("public"), root).is_empty(),
            "a new folder"
        );
        let named = problems(&root.join("mine"), root, Named::CommandLine, Depth::Folder);
        assert!(named[0].to_string().contains("--output: the output folder"));
    }
}
