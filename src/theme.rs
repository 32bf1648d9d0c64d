//! Where templates and static files come from: the site's own `templates/` and `static/`, then
//! the theme's, then the default theme built into the binary, so a bare site still builds.
//! Typst templates of the PDFs (`*.typ`) are kept apart from the HTML ones: a theme keeps them
//! in `pdf/` (or `templates/pdf/`), a site in `templates/pdf/`. The social cards' Typst layout
//! is `card.typ`: at a theme's top (or in its `templates/`), in a site's `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::sources::{self, files_below};

/// The default theme, embedded at compile time.
pub(crate) static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The templates every theme provides.
pub(crate) const TEMPLATE_NAMES: &[&str] = &[
    "base.html",
    "index.html",
    "brief.html",
    "page.html",
    "authors.html",
    "author.html",
    "topics.html",
    "topic.html",
    "series_list.html",
    "series.html",
    "taxonomy.html",
    "term.html",
    "archive.html",
    "archive_year.html",
    "search.html",
    "404.html",
];

/// A template's text and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    pub(crate) text: String,
    /// The file, relative to the site root, or `(built-in)/templates/NAME` for embedded ones.
    pub(crate) origin: PathBuf,
}

/// A static file's contents: on disk, or in the binary.
#[derive(Debug, Clone)]
pub(crate) enum StaticFile {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// The folder of a theme (and of a site's `templates/`) that holds the PDF's Typst templates.
pub(crate) const PDF_TEMPLATES: &str = "pdf";

/// The social cards' Typst layout, by name among the Typst templates.
pub(crate) const CARD_TEMPLATE: &str = "card.typ";

/// The resolved theme: every template and static file, with site files winning, and the
/// interface strings of each language, layer by layer.
#[derive(Debug, Default)]
pub(crate) struct Theme {
    /// The HTML templates, by name (`brief.html`, `partials/toc.html`).
    pub(crate) templates: BTreeMap<String, TemplateSource>,
    /// The Typst templates, by name: the PDF's (`pdf/brief.typ`) and the cards' (`card.typ`).
    pub(crate) typst_templates: BTreeMap<String, TemplateSource>,
    pub(crate) static_files: BTreeMap<PathBuf, StaticFile>,
    /// For each language tag, its `i18n/{tag}.toml` files, lowest priority first: the built-in
    /// theme's, the theme's, the site's. A later file replaces an earlier one key by key.
    pub(crate) i18n: BTreeMap<String, Vec<TemplateSource>>,
    /// Symbolic links that were not followed.
    pub(crate) warnings: Vec<Diagnostic>,
    /// The fingerprinted static files (`routes::FINGERPRINTED`): each one's name as templates
    /// ask for it (`style.css`) and the name it is written under (`style.{hash}.css`).
    pub(crate) assets: BTreeMap<String, String>,
}

impl Theme {
    /// Collects the layers for `config`, lowest priority first so later layers replace entries.
    pub(crate) fn load(config: &Config) -> Result<Theme> {
        let mut theme = Theme::default();
        theme.add_embedded(&DEFAULT_THEME);
        let theme_dir = config.root.join("themes").join(&config.theme);
        if theme_dir.is_dir() {
            theme.add_typst_dir(&config.root, &theme_dir.join(PDF_TEMPLATES))?;
            theme.add_card(&config.root, &theme_dir)?;
            theme.add_disk(&config.root, &theme_dir)?;
        } else if config.theme != "default" {
            let line = config.key_lines.line("theme");
            return Err(Error::Content(vec![
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    format!("theme `{}` not found in themes/", config.theme),
                )
                .with_hint(
                    "create the theme's folder, or remove `theme` to use the built-in default",
                )
                .at(line, 1),
            ]));
        }
        theme.add_disk(&config.root, &config.root)?;
        theme.fingerprint_assets(&config.root)?;
        Ok(theme)
    }

    /// Renames each of `routes::FINGERPRINTED` (the site's own or the theme's) to a name that
    /// holds a hash of its content, and remembers the new name for the pages' links. The
    /// plain name is then not written: nothing links it.
    fn fingerprint_assets(&mut self, root: &Path) -> Result<()> {
        for name in crate::routes::FINGERPRINTED {
            let Some(file) = self.static_files.remove(Path::new(name)) else {
                continue;
            };
            let hash = match &file {
                StaticFile::Embedded(bytes) => xxhash_rust::xxh3::xxh3_64(bytes),
                StaticFile::Disk(path) => {
                    let bytes = std::fs::read(path).map_err(|e| {
                        let shown = path.strip_prefix(root).unwrap_or(path);
                        Error::Content(vec![Diagnostic::error(
                            shown,
                            format!("cannot read `{}`: {e}", shown.display()),
                        )])
                    })?;
                    xxhash_rust::xxh3::xxh3_64(&bytes)
                }
            };
            let hashed = crate::routes::fingerprinted(name, hash);
            self.static_files.insert(PathBuf::from(&hashed), file);
            self.assets.insert(name.to_string(), hashed);
        }
        Ok(())
    }

    /// The name a static file is written under: its fingerprinted name, or its own.
    pub(crate) fn asset<'n>(&'n self, name: &'n str) -> &'n str {
        self.assets.get(name).map_or(name, String::as_str)
    }

    fn add_embedded(&mut self, dir: &'static Dir<'static>) {
        for file in walk_embedded(dir) {
            let path = file.path();
            if path.starts_with(PDF_TEMPLATES) || path == Path::new(CARD_TEMPLATE) {
                self.typst_templates.insert(
                    template_name(path),
                    TemplateSource {
                        text: String::from_utf8_lossy(file.contents()).into_owned(),
                        origin: Path::new("(built-in)").join(path),
                    },
                );
            } else if let Ok(name) = path.strip_prefix("templates") {
                self.templates.insert(
                    template_name(name),
                    TemplateSource {
                        text: String::from_utf8_lossy(file.contents()).into_owned(),
                        origin: Path::new("(built-in)").join(path),
                    },
                );
            } else if let Ok(rel) = path.strip_prefix("static") {
                self.static_files
                    .insert(rel.to_path_buf(), StaticFile::Embedded(file.contents()));
            } else if let Some(code) = i18n_language(path) {
                self.i18n.entry(code).or_default().push(TemplateSource {
                    text: String::from_utf8_lossy(file.contents()).into_owned(),
                    origin: Path::new("(built-in)").join(path),
                });
            }
        }
    }

    /// Adds `base/templates/` and `base/static/`.
    fn add_disk(&mut self, root: &Path, base: &Path) -> Result<()> {
        let templates = base.join("templates");
        for path in files_below(root, &templates, sources::hidden, &mut self.warnings)? {
            let rel = path.strip_prefix(&templates).unwrap_or(&path);
            let origin = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text =
                crate::sources::read_text(root, &origin).map_err(|d| Error::Content(vec![d]))?;
            let templates = if is_typst(rel) {
                &mut self.typst_templates
            } else {
                &mut self.templates
            };
            templates.insert(template_name(rel), TemplateSource { text, origin });
        }
        let statics = base.join("static");
        for path in files_below(
            root,
            &statics,
            sources::left_out_of_static,
            &mut self.warnings,
        )? {
            let rel = path.strip_prefix(&statics).unwrap_or(&path).to_path_buf();
            self.static_files.insert(rel, StaticFile::Disk(path));
        }
        let i18n = base.join("i18n");
        for path in files_below(root, &i18n, sources::hidden, &mut self.warnings)? {
            let origin = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let Some(code) = i18n_language(&origin) else {
                continue;
            };
            let text =
                crate::sources::read_text(root, &origin).map_err(|d| Error::Content(vec![d]))?;
            self.i18n
                .entry(code)
                .or_default()
                .push(TemplateSource { text, origin });
        }
        Ok(())
    }

    /// Adds a theme's `card.typ`, at its top, if it has one.
    fn add_card(&mut self, root: &Path, theme_dir: &Path) -> Result<()> {
        let path = theme_dir.join(CARD_TEMPLATE);
        if !path.is_file() {
            return Ok(());
        }
        let origin = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let text = crate::sources::read_text(root, &origin).map_err(|d| Error::Content(vec![d]))?;
        let template = TemplateSource { text, origin };
        self.typst_templates
            .insert(CARD_TEMPLATE.to_string(), template);
        Ok(())
    }

    /// Adds a theme's `pdf/` folder of Typst templates.
    fn add_typst_dir(&mut self, root: &Path, dir: &Path) -> Result<()> {
        for path in files_below(root, dir, sources::hidden, &mut self.warnings)? {
            let rel = path.strip_prefix(dir).unwrap_or(&path);
            if !is_typst(rel) {
                continue;
            }
            let origin = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text =
                crate::sources::read_text(root, &origin).map_err(|d| Error::Content(vec![d]))?;
            let name = template_name(&Path::new(PDF_TEMPLATES).join(rel));
            self.typst_templates
                .insert(name, TemplateSource { text, origin });
        }
        Ok(())
    }
}

/// Whether a template is a Typst one, for the PDFs.
fn is_typst(rel: &Path) -> bool {
    rel.extension().is_some_and(|e| e == "typ")
}

/// The language of an interface-strings file `…/i18n/{tag}.toml`.
fn i18n_language(path: &Path) -> Option<String> {
    let parent = path.parent()?.file_name()?;
    let is_toml = path.extension().is_some_and(|e| e == "toml");
    (parent == "i18n" && is_toml)
        .then(|| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .flatten()
}

fn template_name(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk_embedded(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(walk_embedded(sub));
    }
    files
}
