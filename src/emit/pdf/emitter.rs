//! The PDF emitter: one PDF per brief that has no PDF of its own, fingerprinted on everything
//! that goes into it, typeset in parallel with Typst; Typst's errors and warnings become build
//! errors that name the brief's file (or the template's, at its line).

use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Smart;
use typst::layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::data::{self, BriefData};
use super::glyphs;
use super::markup::{self, ImageRef, Markup, Resolve};
use super::world::{self, BriefWorld, FontSet, Templates};
use crate::content::{Brief, BriefId, Library, TaxonomyId};
use crate::emit::fingerprint::new_hasher;
use crate::emit::{Context, Emitter, Planned};
use crate::error::{Diagnostic, Error};
use crate::i18n::Strings;
use crate::output::Contents;
use crate::routes;
use crate::theme::{StaticFile, Theme};

/// The pinned Typst version, part of every PDF's fingerprint.
pub(crate) const TYPST_VERSION: &str = "0.14.2";

/// Memoized results of Typst older than this many evictions (one per PDF) are dropped, so that
/// memory stays flat however many briefs a site has.
pub(crate) const EVICT_AGE: usize = 8;

/// The layout's main template, as named in the theme.
const TEMPLATE: &str = "pdf/brief.typ";

/// Typesets every brief's PDF.
pub(crate) struct Pdfs<'a> {
    library: &'a Library,
    theme: &'a Theme,
    /// The interface strings: the layout's words and dates in each brief's language.
    strings: &'a Strings,
    templates: Templates,
    /// The embedded fonts and the site's.
    fonts: FontSet,
    /// A fingerprint of what every PDF depends on: versions, fonts, settings, templates, logo.
    common: u64,
    /// Warnings met typesetting (text the fonts cannot show), for the build to report.
    warnings: std::sync::Mutex<Vec<Diagnostic>>,
}

impl<'a> Pdfs<'a> {
    /// The PDFs of a site; an error when a font of the site's cannot be read.
    pub(crate) fn new(cx: Context<'a>) -> Result<Pdfs<'a>, Error> {
        let (library, theme, strings): (_, _, &Strings) = (cx.library, cx.theme, cx.strings);
        let config = &library.config;
        let fonts = FontSet::load(config).map_err(|e| Error::Content(vec![e]))?;
        let mut hasher = new_hasher();
        (env!("CARGO_PKG_VERSION"), TYPST_VERSION, world::FONT_SET).hash(&mut hasher);
        library.config.hash(&mut hasher);
        for font in &config.pdf.fonts {
            hash_disk(&mut hasher, &config.root.join(font.get_ref()));
        }
        strings.fingerprint(&mut hasher);
        let pdf_templates = theme.typst_templates.iter();
        for (name, template) in pdf_templates.filter(|(n, _)| n.starts_with("pdf/")) {
            (name, &template.text).hash(&mut hasher);
        }
        let logo = library.config.publisher.logo.as_deref();
        if let Some(file) = data::logo_file(logo, theme) {
            hash_static(&mut hasher, file);
        }
        Ok(Pdfs {
            library,
            theme,
            strings,
            templates: Templates::new(theme),
            fonts,
            common: hasher.finish(),
            warnings: std::sync::Mutex::default(),
        })
    }

    /// The warnings met typesetting so far, in order.
    pub(crate) fn take_warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
        let mut warnings = std::mem::take(&mut *warnings);
        Diagnostic::sort_and_dedup(&mut warnings);
        warnings
    }

    /// Everything a brief's PDF is made from: the brief's file, its authors', series' and
    /// topics' profiles (names, roles, ISSN; in the brief's language when translated), and the
    /// images it shows, beyond what every PDF depends on.
    fn fingerprint(&self, id: BriefId) -> u64 {
        let library = self.library;
        let brief = library.brief(id);
        let mut hasher = new_hasher();
        hasher.write_u64(self.common);
        hasher.write_u64(brief.stamp);
        for taxonomy in [TaxonomyId::AUTHORS, TaxonomyId::SERIES, TaxonomyId::TOPICS] {
            for term in library.terms_of(id, taxonomy) {
                (&term.name, term.stamp).hash(&mut hasher);
                // A translated profile gives the name and role in the brief's language.
                term.text_in(brief.lang).map(|t| t.stamp).hash(&mut hasher);
            }
        }
        // The brief's own `image`, which the layout may show.
        if let (Some(dir), Some(image)) = (&brief.bundle_dir, &brief.image) {
            hash_disk(&mut hasher, &library.config.root.join(dir).join(image));
        }
        for image in brief.content.references.iter().filter(|r| r.is_image) {
            image.target.hash(&mut hasher);
            match self.image_file(brief, &image.target) {
                Some(ImageFile::Bundle(path)) => hash_disk(&mut hasher, &path),
                Some(ImageFile::Static(file)) => hash_static(&mut hasher, file),
                None => {}
            }
        }
        hasher.finish()
    }

    /// Where an image of a brief is, if it is one the PDF can embed.
    fn image_file(&self, brief: &'a Brief, target: &str) -> Option<ImageFile<'a>> {
        match image_path(target)? {
            ImagePath::Bundle(rel) => {
                let dir = brief.bundle_dir.as_ref()?;
                Some(ImageFile::Bundle(
                    self.library.config.root.join(dir).join(rel),
                ))
            }
            ImagePath::Static(rel) => self
                .theme
                .static_files
                .get(Path::new(rel))
                .map(ImageFile::Static),
        }
    }

    /// Typesets one brief's PDF.
    fn make(&self, id: BriefId) -> Result<Contents, Diagnostic> {
        let library = self.library;
        let brief = library.brief(id);
        let config = &library.config;
        let resolve = BriefLinks { library, brief };
        let markup = markup::convert(brief.content.markdown(), &resolve);
        let at = |offset: usize| brief.content.line_col(offset);
        self.check_images(brief, &markup, &at)?;
        let data = BriefData::new(library, id, self.theme, self.strings);
        let json = serde_json::to_vec(&data).unwrap_or_default();
        let Markup {
            lead, body, images, ..
        } = markup;
        let bundle = brief.bundle_dir.as_ref().map(|d| config.root.join(d));
        let world = BriefWorld::new(
            main_source(&config.lang(brief.lang).code),
            lead,
            body,
            json,
            (&self.templates, &self.fonts),
            bundle,
            self.theme,
        );
        let permalink = config.base.permalink(&routes::brief(brief));
        let result = typeset(&world, &permalink);
        comemo::evict(EVICT_AGE);
        match result {
            Ok((bytes, missing)) => {
                if let Some(warning) =
                    glyphs::warning(&brief.source, brief.content.file_text(), &missing)
                {
                    let mut warnings = self.warnings.lock().unwrap_or_else(|e| e.into_inner());
                    warnings.push(warning);
                }
                Ok(Contents::Bytes(bytes))
            }
            Err(problems) => {
                let first = problems
                    .iter()
                    .find(|d| d.severity == Severity::Error)
                    .or(problems.first());
                let problem = first.map(|d| self.diagnostic(&world, brief, d, &images, &at));
                Err(problem.unwrap_or_else(|| {
                    Diagnostic::error(&brief.source, "the PDF could not be typeset")
                }))
            }
        }
    }

    /// Every image the PDF embeds must exist, and be of no more pixels than the budget
    /// ([`crate::images`]), read from its header before Typst decodes it: an error at the
    /// image's line otherwise.
    fn check_images(
        &self,
        brief: &Brief,
        markup: &Markup,
        at: &dyn Fn(usize) -> (usize, usize),
    ) -> Result<(), Diagnostic> {
        let root = &self.library.config.root;
        let shown = |path: &Path| {
            path.strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string()
        };
        for image in markup.images.iter().filter(|i| i.path.is_some()) {
            let (line, col) = at(image.offset);
            let (file, size) = match self.image_file(brief, &image.target) {
                Some(ImageFile::Bundle(path)) if path.is_file() => {
                    (shown(&path), crate::images::check_file(&path))
                }
                Some(ImageFile::Static(StaticFile::Disk(path))) => {
                    (shown(path), crate::images::check_file(path))
                }
                Some(ImageFile::Static(StaticFile::Embedded(bytes))) => {
                    (image.target.clone(), crate::images::check_bytes(bytes))
                }
                _ => {
                    // Worded as `check` words it, so that `check` reports it once.
                    let hint =
                        "put the file in the brief's bundle folder or static/, or correct the path";
                    return Err(Diagnostic::error(
                        &brief.source,
                        format!("image `{}` points to nothing in the site", image.target),
                    )
                    .at(line, col)
                    .with_hint(hint));
                }
            };
            if let Err(why) = size {
                return Err(
                    Diagnostic::error(&brief.source, format!("image `{file}` {why}"))
                        .at(line, col)
                        .with_hint(crate::images::HINT),
                );
            }
        }
        Ok(())
    }

    /// A Typst error or warning as a build error: at the template's line when it is the
    /// template's, else at the brief (at its image, when it concerns one).
    fn diagnostic(
        &self,
        world: &BriefWorld<'_>,
        brief: &Brief,
        problem: &SourceDiagnostic,
        images: &[ImageRef],
        at: &dyn Fn(usize) -> (usize, usize),
    ) -> Diagnostic {
        let (kind, mut hints, in_layout) = self.templates.place(world, problem);
        let (file, range) = (problem.span.id(), world.range(problem.span));
        let diagnostic = match in_layout {
            Some((origin, line, col)) => {
                hints.push(format!(
                    "while typesetting the PDF of {}; check the template against the README's list of PDF template variables",
                    brief.source.display()
                ));
                Diagnostic::error(
                    origin,
                    format!("Typst {kind} in the PDF template: {}", problem.message),
                )
                .at(line, col)
            }
            None => {
                // In the brief's markup: an image, if the problem's span holds one's path.
                let shown = file
                    .filter(|f| world.is_brief_markup(*f))
                    .and_then(|f| world.text_of(f))
                    .zip(range)
                    .and_then(|(source, range)| source.text().get(range).map(str::to_string));
                let image = shown.and_then(|shown| {
                    images
                        .iter()
                        .find(|i| i.path.as_ref().is_some_and(|p| shown.contains(p.as_str())))
                });
                let (line, col) = image.map_or((1, 1), |i| at(i.offset));
                if hints.is_empty() {
                    hints.push("fix the brief, or turn PDFs off with `[pdf] generate = false` in site.toml".into());
                }
                Diagnostic::error(
                    &brief.source,
                    format!(
                        "Typst {kind} while typesetting the brief's PDF: {}",
                        problem.message
                    ),
                )
                .at(line, col)
            }
        };
        diagnostic.with_hint(hints.join("; "))
    }
}

impl Emitter for Pdfs<'_> {
    fn plan(&self) -> Vec<Planned<'_>> {
        let library = self.library;
        if !library.config.generates_pdf() || !self.theme.typst_templates.contains_key(TEMPLATE) {
            return Vec::new();
        }
        let ids: Vec<BriefId> = library
            .brief_ids()
            .filter(|&id| library.brief(id).pdf.is_none())
            .collect();
        ids.into_par_iter()
            .map(|id| {
                let path = routes::pdf(library.brief(id));
                Planned::new(path, Some(self.fingerprint(id)), move || self.make(id))
            })
            .collect()
    }
}

/// The generated main file: the document's metadata from the data, then the template's layout
/// around the brief's markup. The authors are one string, joined with semicolons: a PDF 1.7
/// has one Author entry, and Typst (krilla) joins a list with commas, which cannot be told from
/// the comma of a name written family name first ("Nakamura, Hiroshi"). A list would not give
/// XMP's `dc:creator` one entry per author either: below PDF 2.0, which PDF/UA-1 is, krilla 0.6
/// writes every author as one entry (its `src/interchange/metadata.rs:160-181`).
fn main_source(language: &str) -> String {
    let text_set = text_language(language);
    format!(
        "#import \"/brief.typ\": brief\n\
         #let data = json(\"{data}\")\n\
         #set document(\n  title: data.title,\n  author: if data.authors == () {{ () }} else {{ data.authors.map(a => a.name).join(\"; \") }},\n  \
         description: data.summary,\n  keywords: data.topics,\n  \
         date: datetime(year: data.date.year, month: data.date.month, day: data.date.day),\n)\n\
         {text_set}\n\
         #show: brief.with(data, lead: include \"{lead}\")\n\
         #include \"{body}\"\n",
        data = world::DATA,
        lead = world::LEAD,
        body = world::BODY,
    )
}

/// Typst's `set text(lang: …, region: …)` for a language tag (`en`, `pt-BR`): hyphenation
/// and quotes follow it.
pub(crate) fn text_language(language: &str) -> String {
    let mut parts = language.split(['-', '_']);
    let lang = parts
        .next()
        .filter(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()))
        .unwrap_or("en")
        .to_ascii_lowercase();
    let region = parts
        .next()
        .filter(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()));
    let mut text_set = format!("#set text(lang: \"{lang}\"");
    if let Some(region) = region {
        text_set.push_str(&format!(", region: \"{}\"", region.to_ascii_uppercase()));
    }
    text_set.push(')');
    text_set
}

/// Compiles and exports, with the characters printed as empty boxes; every error and warning
/// is returned.
fn typeset(
    world: &BriefWorld<'_>,
    ident: &str,
) -> Result<(Vec<u8>, Vec<char>), Vec<SourceDiagnostic>> {
    let compiled = typst::compile::<PagedDocument>(world);
    let document = compiled.output.map_err(|e| e.to_vec())?;
    if !compiled.warnings.is_empty() {
        return Err(compiled.warnings.to_vec());
    }
    let mut options = PdfOptions {
        ident: Smart::Custom(ident),
        timestamp: None,
        page_ranges: None,
        standards: PdfStandards::new(&[PdfStandard::Ua_1]).unwrap_or_default(),
        tagged: true,
    };
    // PDF/UA-1 where the document allows it (a template of the site's own may not); a tagged
    // PDF all the same otherwise.
    let bytes = match typst_pdf::pdf(&document, &options) {
        Err(errors) if errors.iter().all(|e| e.message.starts_with("PDF/UA-1")) => {
            options.standards = PdfStandards::default();
            typst_pdf::pdf(&document, &options).map_err(|e| e.to_vec())?
        }
        result => result.map_err(|e| e.to_vec())?,
    };
    Ok((bytes, glyphs::missing(&document)))
}

/// Where an image the PDF embeds is found.
enum ImagePath<'t> {
    /// In the brief's bundle: `chart.svg`.
    Bundle(&'t str),
    /// Among the site's static files: `/images/map.png`.
    Static(&'t str),
}

/// An image's file.
enum ImageFile<'a> {
    Bundle(PathBuf),
    Static(&'a StaticFile),
}

/// Where an image of the Markdown is: `None` for one on another site, or one whose path
/// climbs out of its folder.
fn image_path(target: &str) -> Option<ImagePath<'_>> {
    if routes::is_absolute(target) || target.starts_with("//") {
        return None;
    }
    let climbs = Path::new(target)
        .components()
        .any(|c| matches!(c, Component::ParentDir));
    if climbs {
        return None;
    }
    match target.strip_prefix('/') {
        Some(rel) => Some(ImagePath::Static(rel)),
        None => Some(ImagePath::Bundle(target)),
    }
}

/// A file's size and modification time, which change when it is replaced or edited.
pub(crate) fn hash_disk(hasher: &mut impl Hasher, path: &Path) {
    match std::fs::metadata(path) {
        Ok(meta) => (meta.len(), crate::output::modified(&meta)).hash(hasher),
        Err(_) => hasher.write_u8(0),
    }
}

pub(crate) fn hash_static(hasher: &mut impl Hasher, file: &StaticFile) {
    match file {
        StaticFile::Disk(path) => hash_disk(hasher, path),
        // Built into this version of Dossier, which the fingerprint already holds.
        StaticFile::Embedded(bytes) => bytes.len().hash(hasher),
    }
}

/// How a brief's links and images resolve in its PDF.
struct BriefLinks<'a> {
    library: &'a Library,
    brief: &'a Brief,
}

impl Resolve for BriefLinks<'_> {
    fn link(&self, target: &str) -> Option<String> {
        let base = &self.library.config.base;
        if target.starts_with('#') || target.is_empty() {
            None
        } else if routes::is_absolute(target) {
            Some(target.to_string())
        } else if let Some(rest) = target.strip_prefix("//") {
            Some(format!("https://{rest}"))
        } else if target.starts_with('/') {
            Some(base.permalink(target))
        } else {
            Some(base.permalink(&routes::brief_file(self.brief, target)))
        }
    }

    fn image(&self, target: &str) -> Option<String> {
        match image_path(target) {
            Some(ImagePath::Bundle(rel)) => Some(format!("{}{rel}", world::BUNDLE)),
            Some(ImagePath::Static(rel)) => Some(format!("{}{rel}", world::STATIC)),
            // An image with `..` is reported missing, rather than silently dropped.
            None if !routes::is_absolute(target) && !target.starts_with("//") => {
                Some(format!("{}{target}", world::BUNDLE))
            }
            None => None,
        }
    }
}
