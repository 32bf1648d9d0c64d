//! Walking the site's source folders (`content/`, `templates/`, `static/`, `i18n/`, and a
//! theme's): symbolic links are followed when they lead to a file or folder inside the site,
//! and skipped with a warning when they lead outside it, nowhere, or back to a folder they
//! are in. Which names are left out is the caller's rule: hidden files in content, templates
//! and strings, only version-control data, system clutter and editor leftovers in static/.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

/// Whether a name is hidden (starts with a dot): left out of content, templates and strings.
pub(crate) fn hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// Whether a file or folder of `static/` is left out of the site: version-control data, the
/// clutter operating systems leave, editors' backups, swap and lock files, and Dossier's own
/// marker. Everything else is published as it is, dotfiles included (`.well-known/`,
/// `.nojekyll`, `.htaccess`), like `_headers` and `_redirects`.
pub(crate) fn left_out_of_static(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    const EXACT: &[&str] = &[
        ".git",
        ".hg",
        ".svn",
        ".gitignore",
        ".gitattributes",
        ".gitkeep",
        ".gitmodules",
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        crate::output::MARKER,
    ];
    EXACT.contains(&name.as_ref())
        || name.ends_with('~')
        || name.starts_with(".#")
        || name.starts_with('#') && name.ends_with('#')
        || name.starts_with('.') && [".swp", ".swo", ".swx"].iter().any(|s| name.ends_with(s))
}

/// Every file below `dir` (none if it is not a folder), in a stable order, absolute paths as
/// reached (through links, not resolved), except those whose name, or a folder's, `skip`
/// leaves out. A link to a file or folder outside `root` (the site) and outside `dir` itself
/// (which may be a link to a folder elsewhere), a broken link and a link back to a folder it is
/// in are skipped, each with a warning in `warnings`.
pub(crate) fn files_below(
    root: &Path,
    dir: &Path,
    skip: fn(&OsStr) -> bool,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let inside: Vec<PathBuf> = [root, dir]
        .iter()
        .filter_map(|p| fs::canonicalize(p).ok())
        .collect();
    let rel = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut files = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(dir).to_path_buf();
                let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink());
                let warning = match error.loop_ancestor() {
                    Some(ancestor) => format!(
                        "the symbolic link `{}` leads back to `{}`, a folder it is in; skipped",
                        rel(&path).display(),
                        rel(ancestor).display()
                    ),
                    None if is_link => format!(
                        "the symbolic link `{}` leads nowhere ({}); skipped",
                        rel(&path).display(),
                        target(&path)
                    ),
                    None => return Err(Error::io(&path, error.into())),
                };
                if !skip(path.file_name().unwrap_or_default()) {
                    warnings.push(Diagnostic::warning(rel(&path), warning).with_hint(
                        "remove the link, or make it lead to a file or folder of the site",
                    ));
                }
                continue;
            }
        };
        if entry.depth() > 0 && skip(entry.file_name()) {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.depth() > 0 && entry.path_is_symlink() {
            let resolved = fs::canonicalize(entry.path()).ok();
            let within = resolved
                .as_ref()
                .is_some_and(|t| inside.iter().any(|i| t.starts_with(i)));
            if !within {
                warnings.push(
                    Diagnostic::warning(
                        rel(entry.path()),
                        format!(
                            "the symbolic link `{}` leads outside the site ({}); skipped",
                            rel(entry.path()).display(),
                            target(entry.path())
                        ),
                    )
                    .with_hint("copy what it leads to into the site, or link to a file or folder inside the site's folder"),
                );
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Where a link leads, as written in it.
fn target(link: &Path) -> String {
    fs::read_link(link).map_or_else(|e| e.to_string(), |t| format!("to `{}`", t.display()))
}

/// Reads a content file as UTF-8 text.
pub(crate) fn read_text(root: &Path, rel: &Path) -> std::result::Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| Diagnostic::error(rel, format!("cannot read the file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let (line, col) = crate::error::line_col(
            std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default(),
            valid,
        );
        Diagnostic::error(rel, "the file is not valid UTF-8 text")
            .at(line, col)
            .with_hint("save the file with UTF-8 encoding")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn static_keeps_host_files_and_leaves_out_clutter() {
        for kept in [
            ".well-known",
            ".nojekyll",
            ".htaccess",
            "_headers",
            "_redirects",
            "a.css",
        ] {
            assert!(!left_out_of_static(OsStr::new(kept)), "{kept}");
        }
        for left in [
            ".git",
            ".gitignore",
            ".DS_Store",
            "Thumbs.db",
            "style.css~",
            ".style.css.swp",
            ".#style.css",
            "#style.css#",
            ".dossier-output",
        ] {
            assert!(left_out_of_static(OsStr::new(left)), "{left}");
        }
    }

    #[test]
    fn links_inside_the_site_are_followed_and_others_reported() {
        let dir = tempfile::tempdir().unwrap();
        let (root, elsewhere) = (dir.path().join("site"), dir.path().join("elsewhere"));
        fs::create_dir_all(root.join("static/shared")).unwrap();
        fs::create_dir_all(root.join("assets/img")).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(root.join("assets/img/logo.png"), "png").unwrap();
        fs::write(root.join("assets/a.css"), "css").unwrap();
        fs::write(elsewhere.join("secret.txt"), "secret").unwrap();
        symlink("../assets/img", root.join("static/img")).unwrap();
        symlink("../../assets/a.css", root.join("static/shared/a.css")).unwrap();
        symlink(elsewhere.join("secret.txt"), root.join("static/secret.txt")).unwrap();
        symlink(&elsewhere, root.join("static/out")).unwrap();
        symlink("missing.css", root.join("static/broken.css")).unwrap();
        symlink("..", root.join("static/shared/up")).unwrap();
        let mut warnings = Vec::new();
        let files = files_below(&root, &root.join("static"), hidden, &mut warnings).unwrap();
        let rel: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(rel, ["static/img/logo.png", "static/shared/a.css"]);
        let said: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(said.len(), 4, "{said:#?}");
        let joined = said.join("\n");
        for expected in [
            "static/secret.txt:1:1: warning: the symbolic link `static/secret.txt` leads outside the site",
            "static/out:1:1: warning: the symbolic link `static/out` leads outside the site",
            "static/broken.css:1:1: warning: the symbolic link `static/broken.css` leads nowhere",
            "the symbolic link `static/shared/up` leads back to `static`",
        ] {
            assert!(joined.contains(expected), "{expected}: {joined}");
        }
    }
}
