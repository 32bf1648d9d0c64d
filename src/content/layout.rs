//! What `content/` holds that Dossier does not read: no `content/briefs/` folder (or a file in
//! its place), a folder from another tool's habits (`content/posts/`), files beside the
//! folders, and folders inside `pages/` or a taxonomy's folder. Each is said, never skipped in
//! silence.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::CONTENT_DIR;
use crate::config::Config;
use crate::error::Diagnostic;

/// The folder of briefs, below `content/`.
pub(crate) const BRIEFS: &str = "briefs";
/// The folder of standalone pages, below `content/`.
const PAGES: &str = "pages";

/// What Dossier reads from `content/`, for hints.
fn what_is_read(config: &Config) -> String {
    let folders: Vec<String> = config
        .taxonomies
        .iter()
        .map(|t| format!("{}/", t.name))
        .collect();
    format!(
        "Dossier reads briefs from content/briefs/, profiles from content/{{{}}} and pages from content/pages/",
        folders.join(",")
    )
}

/// How many Markdown files a list of files (relative to the root) has below `dir`.
fn markdown_below(files: &[PathBuf], dir: &Path) -> usize {
    files
        .iter()
        .filter(|f| f.starts_with(dir) && f.extension().is_some_and(|e| e == "md"))
        .count()
}

/// "1 Markdown file", "12 Markdown files".
fn count(n: usize) -> String {
    format!("{n} Markdown file{}", if n == 1 { "" } else { "s" })
}

/// Every problem with the layout of `content/`; `files` are every file below it, relative to
/// the root, hidden ones left out.
pub(crate) fn check(config: &Config, files: &[PathBuf]) -> Vec<Diagnostic> {
    let known: BTreeSet<&str> = config
        .taxonomies
        .iter()
        .map(|t| t.name.as_str())
        .chain([BRIEFS, PAGES])
        .collect();
    let mut problems = Vec::new();
    let stray_dirs = top_level(config, files, &known, &mut problems);
    problems.extend(no_briefs_folder(config, &stray_dirs));
    for (dir, n) in stray_dirs {
        let holds = if n > 0 {
            format!(" ({})", count(n))
        } else {
            String::new()
        };
        problems.push(
            Diagnostic::warning(
                &dir,
                format!(
                    "{}/{holds} is ignored: Dossier reads no folder of that name",
                    dir.display()
                ),
            )
            .with_hint(format!(
                "{}; move its files, or rename it",
                what_is_read(config)
            )),
        );
    }
    problems.extend(nested(config, files, &known));
    problems
}

/// The top-level entries of content/ that are neither a folder Dossier reads nor hidden: the
/// files among them are reported, the folders returned with how many Markdown files each holds.
fn top_level(
    config: &Config,
    files: &[PathBuf],
    known: &BTreeSet<&str>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, usize)> {
    let content = Path::new(CONTENT_DIR);
    let mut stray_dirs: Vec<(PathBuf, usize)> = Vec::new();
    let entries = std::fs::read_dir(config.root.join(CONTENT_DIR))
        .map(|entries| entries.filter_map(Result::ok).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut names: Vec<(String, bool)> = entries
        .iter()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let is_dir = e.path().is_dir();
            (!name.starts_with('.')).then_some((name, is_dir))
        })
        .collect();
    names.sort();
    for (name, is_dir) in names {
        let rel = content.join(&name);
        if is_dir && !known.contains(name.as_str()) {
            stray_dirs.push((rel.clone(), markdown_below(files, &rel)));
        } else if !is_dir && name != BRIEFS {
            problems.push(
                Diagnostic::warning(
                    &rel,
                    format!(
                        "{} is ignored: it is not in a folder Dossier reads",
                        rel.display()
                    ),
                )
                .with_hint(format!(
                    "{}; move it into one of them, or out of content/",
                    what_is_read(config)
                )),
            );
        }
    }
    stray_dirs
}

/// The error when content/briefs/ is a file or missing, with the stray folder that looks like
/// it was meant to be it.
fn no_briefs_folder(config: &Config, stray_dirs: &[(PathBuf, usize)]) -> Option<Diagnostic> {
    let briefs = Path::new(CONTENT_DIR).join(BRIEFS);
    let briefs_path = config.root.join(&briefs);
    if briefs_path.is_file() {
        return Some(
            Diagnostic::error(&briefs, "content/briefs is a file, not a folder")
                .with_hint("briefs are the Markdown files in the folder content/briefs/ (at any depth): make it a folder"),
        );
    }
    if briefs_path.is_dir() {
        return None;
    }
    let renamed = stray_dirs
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n);
    let hint = match renamed {
        Some((dir, n)) => format!(
            "{} holds {}: Dossier reads briefs only from content/briefs/; rename the folder to content/briefs/",
            dir.display(),
            count(*n)
        ),
        None => {
            "create content/briefs/ and put the briefs in it, or run `dossier new brief \"TITLE\"`"
                .to_string()
        }
    };
    Some(
        Diagnostic::error(
            &briefs,
            "there is no content/briefs/ folder, so the site would have no briefs",
        )
        .with_hint(hint),
    )
}

/// Folders inside `pages/` or a taxonomy's folder, and files other than Markdown in `pages/`:
/// a page or profile is a Markdown file directly in its folder.
fn nested(config: &Config, files: &[PathBuf], known: &BTreeSet<&str>) -> Vec<Diagnostic> {
    let content = Path::new(CONTENT_DIR);
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    let mut problems = Vec::new();
    for file in files {
        let Ok(inside) = file.strip_prefix(content) else {
            continue;
        };
        let parts: Vec<&std::ffi::OsStr> = inside.iter().collect();
        let Some(top) = parts.first().and_then(|p| p.to_str()) else {
            continue;
        };
        if top == BRIEFS || !known.contains(top) {
            continue;
        }
        let is_markdown = file.extension().is_some_and(|e| e == "md");
        if parts.len() > 2 && (top == PAGES || is_markdown) {
            folders.insert(content.join(top).join(parts[1]));
        } else if top == PAGES && parts.len() == 2 && !is_markdown {
            problems.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "{} is ignored: pages have no files beside them",
                        file.display()
                    ),
                )
                .with_hint("put files a page links to in static/ and link them as `/file.pdf`"),
            );
        }
    }
    for folder in folders {
        let top = folder
            .iter()
            .nth(1)
            .and_then(|p| p.to_str())
            .unwrap_or_default()
            .to_string();
        let what = if top == PAGES { "pages" } else { "profiles" };
        problems.push(
            Diagnostic::warning(
                &folder,
                format!(
                    "{}/ is ignored: {what} are the Markdown files directly in content/{top}/",
                    folder.display()
                ),
            )
            .with_hint(format!(
                "move its files up into content/{top}/, or out of content/ ({})",
                what_is_read(config)
            )),
        );
    }
    problems
}
