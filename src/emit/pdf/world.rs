//! The Typst world of one brief's PDF: the generated main file, the brief's markup and data, the
//! layout's templates, the bundle's images, the site's static files, the embedded fonts and
//! the site's own (`[pdf] fonts`).
//! Nothing else can be read: no other file of the machine, no package, no clock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};

use crate::config::Config;
use crate::error::{Diagnostic, LineIndex};
use crate::theme::{StaticFile, Theme};

/// The names of the files Dossier makes for each brief, below a folder no template uses.
pub(crate) const MAIN: &str = "/__dossier/main.typ";
pub(crate) const LEAD: &str = "/__dossier/lead.typ";
pub(crate) const BODY: &str = "/__dossier/body.typ";
pub(crate) const DATA: &str = "/__dossier/brief.json";
/// Where the bundle's files are, and the site's static files.
pub(crate) const BUNDLE: &str = "/__dossier/bundle/";
pub(crate) const STATIC: &str = "/__dossier/static/";

/// Which fonts are embedded: part of every PDF's fingerprint, so that new fonts make the PDFs
/// again.
pub(crate) const FONT_SET: &str = "typst-assets 0.14.2 (Libertinus Serif, New Computer Modern, DejaVu Sans Mono); notosans 0.1.0 (Noto Sans)";

/// The embedded fonts, read once.
static EMBEDDED: LazyLock<Vec<Font>> = LazyLock::new(|| {
    let noto: [&'static [u8]; 4] = [
        notosans::REGULAR_TTF,
        notosans::BOLD_TTF,
        notosans::ITALIC_TTF,
        notosans::BOLD_ITALIC_TTF,
    ];
    typst_assets::fonts()
        .chain(noto)
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
});

/// The fonts of a site's PDFs: the embedded ones, then the site's own.
pub(crate) struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

impl FontSet {
    /// The embedded fonts and the files of `[pdf] fonts`, read from the site's folder, when
    /// the site has PDFs or cards (none otherwise); an error at the file's line of site.toml for one
    /// that holds no font.
    pub(crate) fn load(config: &Config) -> Result<FontSet, Diagnostic> {
        let mut fonts = Vec::new();
        let typesets = config.generates_pdf() || config.generates_cards();
        let site_fonts = match typesets {
            true => config.pdf.fonts.as_slice(),
            false => &[],
        };
        if typesets {
            fonts.extend(EMBEDDED.iter().cloned());
        }
        for entry in site_fonts {
            let path = config.root.join(entry.get_ref());
            let found: Vec<Font> = std::fs::read(&path)
                .map(|data| Font::iter(Bytes::new(data)).collect())
                .unwrap_or_default();
            if found.is_empty() {
                return Err(not_a_font(config, entry));
            }
            fonts.extend(found);
        }
        let mut book = FontBook::new();
        for font in &fonts {
            book.push(font.info().clone());
        }
        Ok(FontSet {
            book: LazyHash::new(book),
            fonts,
        })
    }
}

/// A file of `[pdf] fonts` that is no font, at its line of site.toml.
fn not_a_font(config: &Config, entry: &toml::Spanned<String>) -> Diagnostic {
    let file = crate::config::CONFIG_FILE;
    let (line, col) = std::fs::read_to_string(config.root.join(file)).map_or((1, 1), |text| {
        LineIndex::new(&text).line_col(entry.span().start)
    });
    Diagnostic::error(
        file,
        format!(
            "`[pdf] fonts`: `{}` holds no font Dossier can read",
            entry.get_ref()
        ),
    )
    .at(line, col)
    .with_hint("give an OpenType or TrueType font file (.otf, .ttf, .ttc)")
}

/// Typst's standard library, built once.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The layout's templates as Typst sources, parsed once for every brief: `pdf/brief.typ` is
/// `/brief.typ` in the world.
pub(crate) struct Templates {
    sources: HashMap<FileId, Source>,
    /// Where each came from, for diagnostics.
    pub(crate) origins: HashMap<FileId, PathBuf>,
}

impl Templates {
    pub(crate) fn new(theme: &Theme) -> Templates {
        Templates::of(theme, |name| name.strip_prefix(crate::theme::PDF_TEMPLATES))
    }

    /// The social cards' layout, `card.typ`, which is `/card.typ` in the world.
    pub(crate) fn card(theme: &Theme) -> Templates {
        Templates::of(theme, |name| {
            (name == crate::theme::CARD_TEMPLATE).then_some(name)
        })
    }

    /// The templates whose names `rel` maps to a path in the world.
    fn of(theme: &Theme, rel: impl Fn(&str) -> Option<&str>) -> Templates {
        let mut sources = HashMap::new();
        let mut origins = HashMap::new();
        for (name, template) in &theme.typst_templates {
            let Some(rel) = rel(name) else {
                continue;
            };
            let id = FileId::new(None, VirtualPath::new(rel));
            sources.insert(id, Source::new(id, template.text.clone()));
            origins.insert(id, template.origin.clone());
        }
        Templates { sources, origins }
    }

    /// A Typst problem's kind (`error`, `warning`), its own hints, and, when it lies in one of
    /// these templates, the template's file with the line and column: what the PDF's and the
    /// cards' messages both start from.
    pub(crate) fn place(
        &self,
        world: &BriefWorld<'_>,
        problem: &typst::diag::SourceDiagnostic,
    ) -> (&'static str, Vec<String>, Option<LayoutPlace<'_>>) {
        let kind = match problem.severity {
            typst::diag::Severity::Error => "error",
            typst::diag::Severity::Warning => "warning",
        };
        let hints = problem.hints.iter().map(|h| h.to_string()).collect();
        let file = problem.span.id();
        let in_layout = file.and_then(|file| {
            let origin = self.origins.get(&file)?;
            let (line, col) = match (world.text_of(file), world.range(problem.span)) {
                (Some(source), Some(range)) => LineIndex::new(source.text()).line_col(range.start),
                _ => (1, 1),
            };
            Some((origin.as_path(), line, col))
        });
        (kind, hints, in_layout)
    }
}

/// A template's file, and the line and column in it.
pub(crate) type LayoutPlace<'t> = (&'t Path, usize, usize);

/// What one brief's world serves.
pub(crate) struct BriefWorld<'a> {
    main: Source,
    lead: Source,
    body: Source,
    data: Bytes,
    templates: &'a Templates,
    fonts: &'a FontSet,
    /// The bundle folder on disk, for a bundle brief.
    bundle: Option<PathBuf>,
    theme: &'a Theme,
}

impl<'a> BriefWorld<'a> {
    pub(crate) fn new(
        main: String,
        lead: String,
        body: String,
        data: Vec<u8>,
        (templates, fonts): (&'a Templates, &'a FontSet),
        bundle: Option<PathBuf>,
        theme: &'a Theme,
    ) -> BriefWorld<'a> {
        let source = |path: &str, text: String| Source::new(id(path), text);
        BriefWorld {
            main: source(MAIN, main),
            lead: source(LEAD, lead),
            body: source(BODY, body),
            data: Bytes::new(data),
            templates,
            fonts,
            bundle,
            theme,
        }
    }

    /// Whether a file belongs to the brief's own markup (not to the layout).
    pub(crate) fn is_brief_markup(&self, file: FileId) -> bool {
        [MAIN, LEAD, BODY].iter().any(|p| file == id(p))
    }

    /// The text of a source, for placing a diagnostic.
    pub(crate) fn text_of(&self, file: FileId) -> Option<Source> {
        self.source(file).ok()
    }
}

/// The id of a file of the world's project (no package).
pub(crate) fn id(path: &str) -> FileId {
    FileId::new(None, VirtualPath::new(path))
}

/// Reads a file below `dir`, at a path that Typst has already normalized (no `..`).
fn read_below(dir: &Path, rel: &str, shown: &Path) -> FileResult<Bytes> {
    let path = dir.join(rel);
    std::fs::read(&path)
        .map_err(|e| FileError::from_io(e, shown))
        .and_then(|bytes| within_budget(bytes, Path::new(rel)))
}

/// An image of more pixels than the budget is not handed to Typst, whatever reads it (the
/// brief's images are checked before, with their line; this is for a template's, such as the
/// logo). `shown` is the file as the message names it.
fn within_budget(bytes: Vec<u8>, shown: &Path) -> FileResult<Bytes> {
    match crate::images::check_bytes(&bytes) {
        Ok(()) => Ok(Bytes::new(bytes)),
        Err(why) => Err(FileError::Other(Some(
            format!("image {} {why}", shown.display()).into(),
        ))),
    }
}

impl World for BriefWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, file: FileId) -> FileResult<Source> {
        if file.package().is_some() {
            return Err(FileError::Other(Some(
                "Typst packages are not available to Dossier's PDF templates".into(),
            )));
        }
        for source in [&self.main, &self.lead, &self.body] {
            if source.id() == file {
                return Ok(source.clone());
            }
        }
        self.templates
            .sources
            .get(&file)
            .cloned()
            .ok_or_else(|| FileError::NotFound(file.vpath().as_rooted_path().to_path_buf()))
    }

    fn file(&self, file: FileId) -> FileResult<Bytes> {
        let path = file.vpath().as_rooted_path();
        let not_found = || FileError::NotFound(path.to_path_buf());
        if file.package().is_some() {
            return Err(not_found());
        }
        let text = path.to_string_lossy();
        if file == id(DATA) {
            return Ok(self.data.clone());
        }
        if let Some(rel) = text.strip_prefix(BUNDLE) {
            let dir = self.bundle.as_deref().ok_or_else(not_found)?;
            return read_below(dir, rel, path);
        }
        if let Some(rel) = text.strip_prefix(STATIC) {
            return match self.theme.static_files.get(Path::new(rel)) {
                Some(StaticFile::Disk(disk)) => std::fs::read(disk)
                    .map_err(|e| FileError::from_io(e, path))
                    .and_then(|bytes| within_budget(bytes, &Path::new("static").join(rel))),
                Some(StaticFile::Embedded(bytes)) => Ok(Bytes::new(*bytes)),
                None => Err(not_found()),
            };
        }
        // A template may read its own sources as data.
        self.source(file)
            .map(|s| Bytes::from_string(s.text().to_string()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        // A PDF depends on its inputs only: `datetime.today()` is not available.
        None
    }
}
