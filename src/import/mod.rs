//! `dossier import`: briefs and pages from what an institute already has: Word documents
//! ([`docx`], written by [`word`]) and WordPress exports ([`wordpress`]). Each writes Markdown
//! files with front matter as Dossier reads it, prints every file written, and collects
//! warnings about what could not be carried over.

pub(crate) mod docx;
mod word;
pub(crate) mod wordpress;

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

pub(crate) use word::{DocxOptions, import_docx};

/// The spellings and checks of `dossier new brief` that imports share, handed in by the
/// command (so that this module does not depend on the commands').
#[derive(Clone, Copy)]
pub(crate) struct NewBrief {
    /// The next free number of a series in a year.
    pub(crate) next_number: fn(&Path, &str, i32) -> u32,
    /// A brief file's (series, year, number), read leniently.
    pub(crate) series_number: fn(&str) -> Option<(String, i32, u32)>,
    /// A title's slug, cut to a length that suits an address.
    pub(crate) short_slug: fn(&str) -> Result<String>,
    /// A TOML string, quoted.
    pub(crate) toml_string: fn(&str) -> String,
    /// A TOML list of strings.
    pub(crate) toml_list: fn(&[String]) -> String,
}

/// What an import has written and found, and where it writes.
pub(crate) struct Output<'a> {
    /// What `new brief` would do.
    pub(crate) new: NewBrief,
    /// The site's folder.
    pub(crate) root: &'a Path,
    /// Overwrite files that exist.
    pub(crate) force: bool,
    /// Print each file as it is written.
    pub(crate) print: bool,
    /// Write front matter as YAML (`[content] front_matter = "yaml"`), else TOML.
    pub(crate) yaml: bool,
    /// Files written, relative to the root.
    pub(crate) written: Vec<PathBuf>,
    /// Files that existed and were left alone.
    pub(crate) skipped: Vec<PathBuf>,
    /// Warnings and errors, in order.
    pub(crate) problems: Vec<Diagnostic>,
}

impl<'a> Output<'a> {
    /// An import into the site at `root`.
    pub(crate) fn new(root: &'a Path, new: NewBrief, force: bool, print: bool) -> Self {
        Output {
            new,
            root,
            force,
            print,
            yaml: false,
            written: Vec::new(),
            skipped: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Whether a file is there (and would be skipped without `--force`).
    pub(crate) fn exists(&self, rel: &Path) -> bool {
        self.root.join(rel).exists()
    }

    /// Writes a file (its folder made first), unless it exists and `--force` was not given:
    /// then it is skipped. Returns whether it was written.
    pub(crate) fn write(&mut self, rel: &Path, bytes: &[u8]) -> Result<bool> {
        let path = self.root.join(rel);
        if path.exists() && !self.force {
            self.skipped.push(rel.to_path_buf());
            return Ok(false);
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        self.wrote(rel);
        Ok(true)
    }

    /// Writes a Markdown file whose front matter is given as TOML (`+++`): as YAML when the
    /// site's `[content] front_matter` says so, the way `dossier new` writes it.
    pub(crate) fn write_markdown(&mut self, rel: &Path, text: &str) -> Result<bool> {
        if self.yaml {
            let yaml = crate::config::toml_to_yaml(text);
            self.write(rel, yaml.as_bytes())
        } else {
            self.write(rel, text.as_bytes())
        }
    }

    /// Records (and prints) a file written by other means.
    pub(crate) fn wrote(&mut self, rel: &Path) {
        if self.print {
            println!("{}", rel.display());
        }
        self.written.push(rel.to_path_buf());
    }

    /// A problem; a message may end in `\n  help: …`, which becomes its hint.
    pub(crate) fn problem(&mut self, error: bool, path: &Path, message: &str) {
        let (message, hint) = match message.split_once("\n  help: ") {
            Some((m, h)) => (m, Some(h)),
            None => (message, None),
        };
        let mut d = if error {
            Diagnostic::error(path, message)
        } else {
            Diagnostic::warning(path, message)
        };
        if let Some(hint) = hint {
            d = d.with_hint(hint);
        }
        self.problems.push(d);
    }

    /// A warning at a line of a file (an item of a WordPress export).
    pub(crate) fn warn_at(&mut self, path: &Path, line: usize, message: &str) {
        self.problem(false, path, message);
        if let Some(last) = self.problems.pop() {
            self.problems.push(last.at(line, 1));
        }
    }

    /// The number of warnings so far.
    pub(crate) fn warnings(&self) -> usize {
        self.problems.iter().filter(|d| !d.is_error()).count()
    }

    /// Whether an error was reported.
    pub(crate) fn failed(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error)
    }
}

/// A profile's path for a name in a taxonomy folder (`content/authors/ann-lee.md`), as
/// `dossier new author` writes it.
pub(crate) fn profile_path(folder: &str, name: &str) -> PathBuf {
    Path::new(crate::content::CONTENT_DIR)
        .join(folder)
        .join(format!("{}.md", crate::slug::slugify(name)))
}
