//! `dossier cms`: writes the editors' CMS (static/admin/) from site.toml, again after every
//! change of the model; and, in a site with several languages, names the originals as Decap
//! CMS opens them (`NAME.en.md`).

use std::path::{Path, PathBuf};

use crate::cli::{CmsArgs, Verbosity};
use crate::cmd::Outcome;
use crate::config::{Config, Overrides};
use crate::content::CONTENT_DIR;
use crate::error::{Error, Result};

/// Writes the admin files; refuses to replace one it did not write (or that was edited since)
/// without `--force`.
pub(crate) fn run(args: &CmsArgs, verbosity: Verbosity) -> Result<Outcome> {
    let root = &args.root.root;
    let config = Config::load(root, &Overrides::default())?;
    let mut report = Vec::new();
    for (rel, text) in crate::cms::files(&config) {
        let path = root.join(rel);
        let old = match std::fs::read_to_string(&path) {
            Ok(old) => Some(old),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&path, e)),
        };
        let verb = match &old {
            None => "created",
            Some(old) if *old == text => "kept   ",
            Some(old) if !args.force && !is_replaceable(rel, old) => {
                return Err(Error::Usage(format!(
                    "{rel} was not written by `dossier cms`, or was edited since; \
                     move your changes to site.toml's [cms], or add --force to replace it"
                )));
            }
            Some(_) => "updated",
        };
        if old.as_deref() != Some(text.as_str()) {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(&path, &text).map_err(|e| Error::io(&path, e))?;
        }
        report.push(format!("{verb} {rel}"));
    }
    let several = config.languages.len() > 1;
    let unsuffixed = if several {
        originals_without_suffix(&config)
    } else {
        Vec::new()
    };
    if args.rename_originals && !unsuffixed.is_empty() {
        rename_originals(&config, &unsuffixed, &mut report)?;
    }
    if verbosity != Verbosity::Quiet {
        for line in &report {
            println!("{line}");
        }
        if !args.rename_originals && !unsuffixed.is_empty() {
            eprintln!(
                "note: Decap CMS opens a page of a site with several languages by its language's name: \
                 NAME.{lang}.md, NAME.pl.md. {} original{} here {} named NAME.md ({}…), which Decap CMS \
                 lists but cannot open; `dossier cms --rename-originals` renames them (Dossier reads both names).",
                unsuffixed.len(),
                if unsuffixed.len() == 1 { "" } else { "s" },
                if unsuffixed.len() == 1 { "is" } else { "are" },
                unsuffixed[0].display(),
                lang = config.language,
            );
        }
        println!(
            "Editors open /admin/ on the published site; on this machine, run `npx decap-server` \
             here and `dossier serve`, then open http://127.0.0.1:1111/admin/."
        );
    }
    Ok(Outcome::Success)
}

/// Whether `dossier cms` may replace a file without `--force`: one it wrote and nobody edited.
fn is_replaceable(rel: &str, old: &str) -> bool {
    if rel == crate::cms::CONFIG_PATH {
        crate::cms::is_ours(old) && !crate::cms::edited_by_hand(old)
    } else {
        crate::cms::is_ours(old)
    }
}

/// Every Markdown file under `content/` whose name has no language suffix, relative to the
/// root, in order.
fn originals_without_suffix(config: &Config) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(config.root.join(CONTENT_DIR))
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let unsuffixed = name.ends_with(".md") && crate::lang::split_suffix(&name).1.is_none();
            let rel = e.path().strip_prefix(&config.root).ok()?.to_path_buf();
            unsuffixed.then_some(rel)
        })
        .collect();
    found.sort();
    found
}

/// Renames each `NAME.md` to `NAME.{default}.md`, unless that name is taken.
fn rename_originals(config: &Config, files: &[PathBuf], report: &mut Vec<String>) -> Result<()> {
    for rel in files {
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let target = rel.with_file_name(format!("{stem}.{}.md", config.language));
        let (from, to) = (config.root.join(rel), config.root.join(&target));
        if to.exists() {
            return Err(Error::Usage(format!(
                "{} and {} are both there: keep one of them",
                rel.display(),
                target.display()
            )));
        }
        std::fs::rename(&from, &to).map_err(|e| Error::io(&from, e))?;
        report.push(format!(
            "renamed {} -> {}",
            rel.display(),
            file_name(&target)
        ));
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
