//! Finding the content: every Markdown file under `content/` and what it is (a brief, a profile
//! of a taxonomy's term, a page), in which language (`NAME.pl.md`), and each bundle's files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::CONTENT_DIR;
use super::taxonomy::TaxonomyId;
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::lang::{self, LangId};

/// What a content file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Brief,
    Term(TaxonomyId),
    Page,
}

/// One Markdown file found under `content/`.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The file, relative to the site root.
    pub(crate) path: PathBuf,
    pub(crate) kind: Kind,
    /// Its language, from its name (`NAME.pl.md`), or the default language.
    pub(crate) lang: LangId,
    /// The file of the publication it belongs to, in whatever language: the path with the
    /// language suffix taken out (`energy.pl.md` and `energy.md` are both `energy.md`).
    pub(crate) key: PathBuf,
}

/// Each bundle folder's files other than its `index.md` and translations.
pub(crate) type BundleFiles = BTreeMap<PathBuf, Vec<PathBuf>>;

/// What a walk of `content/` found.
pub(crate) struct Found {
    pub(crate) sources: Vec<Source>,
    pub(crate) bundle_files: BundleFiles,
    /// Files named for a language the site does not have, and what `content/` holds that is
    /// not read.
    pub(crate) problems: Vec<Diagnostic>,
}

/// Every file below `content/`, relative to the root, in a stable order; hidden ones skipped,
/// symbolic links followed inside the site (and reported in `warnings` otherwise).
fn files_below(root: &Path, warnings: &mut Vec<Diagnostic>) -> Result<Vec<PathBuf>> {
    let content = root.join(CONTENT_DIR);
    if let Err(e) = std::fs::metadata(&content) {
        return Err(Error::io(&content, e));
    }
    let files = crate::sources::files_below(
        root,
        &content,
        crate::sources::left_out_of_content,
        warnings,
    )?;
    Ok(files
        .into_iter()
        .map(|path| match path.strip_prefix(root) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => path,
        })
        .collect())
}

/// A Markdown file's language and publication key, or why its name is wrong.
fn language_of(config: &Config, rel: &Path) -> std::result::Result<(LangId, PathBuf), Diagnostic> {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let (stem, suffix) = lang::split_suffix(&name);
    let Some(code) = suffix else {
        return Ok((LangId::DEFAULT, rel.to_path_buf()));
    };
    let key = rel.with_file_name(format!("{stem}.md"));
    match config.lang_id(code) {
        Some(id) => Ok((id, key)),
        None => {
            let listed: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            Err(Diagnostic::error(
                rel,
                format!("the file name says its language is `{code}`, which site.toml does not list"),
            )
            .with_hint(format!(
                "add `[languages.{code}]` to site.toml, or rename the file (the site's languages: {})",
                listed.join(", ")
            )))
        }
    }
}

/// Whether a file is a bundle's brief: `index.md` or a translation `index.pl.md`.
fn is_bundle_index(rel: &Path) -> bool {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with(".md") && lang::split_suffix(&name).0 == "index"
}

/// Finds every Markdown file under `content/` and every bundle's other files.
pub(crate) fn discover(config: &Config) -> Result<Found> {
    let mut link_warnings = Vec::new();
    let files = files_below(&config.root, &mut link_warnings)?;
    let mut layout_problems = super::layout::check(config, &files);
    layout_problems.append(&mut link_warnings);
    let briefs_dir = Path::new(CONTENT_DIR).join(super::layout::BRIEFS);
    let mut bundle_dirs: Vec<PathBuf> = files
        .iter()
        .filter(|p| p.starts_with(&briefs_dir) && is_bundle_index(p))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| dir != &briefs_dir)
        .collect();
    bundle_dirs.dedup();
    let bundle_of = |path: &Path| {
        bundle_dirs
            .iter()
            .find(|dir| path.starts_with(dir))
            .cloned()
    };

    let mut found = Found {
        sources: Vec::new(),
        bundle_files: BundleFiles::new(),
        problems: layout_problems,
    };
    for rel in files {
        let is_markdown = rel.extension().is_some_and(|e| e == "md");
        let kind = if rel.starts_with(&briefs_dir) {
            match bundle_of(&rel) {
                Some(dir) if rel.parent() == Some(dir.as_path()) && is_bundle_index(&rel) => {
                    Some(Kind::Brief)
                }
                Some(_) if is_markdown => {
                    found.problems.push(stray_markdown(&rel));
                    continue;
                }
                Some(dir) => {
                    found.bundle_files.entry(dir).or_default().push(rel);
                    continue;
                }
                None => is_markdown.then_some(Kind::Brief),
            }
        } else {
            is_markdown.then(|| profile_or_page(config, &rel)).flatten()
        };
        let Some(kind) = kind else { continue };
        match language_of(config, &rel) {
            Ok((lang, key)) => found.sources.push(Source {
                path: rel,
                kind,
                lang,
                key,
            }),
            Err(problem) => found.problems.push(problem),
        }
    }
    one_file_per_version(&mut found);
    Ok(found)
}

/// A Markdown file in a bundle that is not its brief (reviewer notes, an old draft): left out
/// of the site, where it would be published as it is, and said.
fn stray_markdown(rel: &Path) -> Diagnostic {
    Diagnostic::warning(
        rel,
        "this Markdown file in a bundle is not the bundle's brief (`index.md`, or `index.LANG.md` for a translation), and is left out of the site",
    )
    .with_hint("move notes out of content/; to publish the file as it is, give it another extension, such as .txt")
}

/// A file named for the default language (`energy.en.md`, as Decap CMS names it) is the
/// original, as `energy.md` is; both at once are two originals of one publication: an error
/// naming both, and only `energy.md` read.
fn one_file_per_version(found: &mut Found) {
    let mut seen: BTreeMap<(PathBuf, LangId), usize> = BTreeMap::new();
    let mut twins = Vec::new();
    for (i, source) in found.sources.iter().enumerate() {
        if let Some(&first) = seen.get(&(source.key.clone(), source.lang)) {
            twins.push((first, i));
        } else {
            seen.insert((source.key.clone(), source.lang), i);
        }
    }
    let mut dropped = Vec::new();
    for (a, b) in twins {
        // The one named for its language goes; the plain name stays.
        let (keep, drop) = if found.sources[a].path == found.sources[a].key {
            (a, b)
        } else {
            (b, a)
        };
        let (kept, other) = (&found.sources[keep].path, &found.sources[drop].path);
        found.problems.push(
            Diagnostic::error(
                other,
                format!(
                    "{} and {} are the same version of one publication: a file named for the default language is its original, as one without a language is",
                    kept.display(),
                    other.display()
                ),
            )
            .with_hint("keep one of the two files (Decap CMS writes the one named for the language)"),
        );
        dropped.push(drop);
    }
    let mut index = 0;
    found.sources.retain(|_| {
        index += 1;
        !dropped.contains(&(index - 1))
    });
}

/// A file directly in a taxonomy's folder is a profile, one in `content/pages/` a page.
fn profile_or_page(config: &Config, rel: &Path) -> Option<Kind> {
    let inside = rel.strip_prefix(CONTENT_DIR).ok()?;
    let mut parts = inside.components();
    let folder = parts.next()?.as_os_str().to_str()?;
    if parts.count() != 1 {
        return None;
    }
    match config.taxonomies.iter().position(|t| t.name == folder) {
        Some(t) => Some(Kind::Term(TaxonomyId::of(t))),
        None => (folder == "pages").then_some(Kind::Page),
    }
}
