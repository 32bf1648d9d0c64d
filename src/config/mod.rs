//! `site.toml`: the site's settings, read and validated.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};
use crate::lang::{LangId, Language};
use crate::routes::Base;
use crate::schema::{Shape, TomlSource};

mod appearance;
mod cards;
mod checks;
mod cms;
mod content;
mod search;
mod settings;
mod taxonomy;
pub(crate) use appearance::{CUSTOM_CSS, DEFAULT_FAVICON, favicon_type, is_url};
use checks::{check_publisher, custom_taxonomy, languages};
pub(crate) use content::{FrontMatter, toml_to_yaml};
pub(crate) use search::Search;
use search::{RawSearch, search};
#[cfg(test)]
pub(crate) use taxonomy::builtins;
pub(crate) use taxonomy::{RESERVED_SEGMENTS, TaxonomyDef, TaxonomyId};

/// The name of the settings file at the site root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

/// The keys `site.toml` may hold: `RawConfig`'s fields, and in each `[languages.CODE]`,
/// `RawLanguage`'s (which is read per language, for messages that name it).
fn shape() -> Shape {
    Shape::of::<RawConfig>().with_value(
        "languages",
        Shape::MapOf(Box::new(Shape::of::<RawLanguage>())),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: toml::Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    language: toml::Spanned<String>,
    #[serde(default)]
    languages: toml::Table,
    #[serde(default = "default_theme")]
    theme: String,
    /// Where site.toml names it, for messages about the folder.
    output_dir: Option<toml::Spanned<String>>,
    publisher: Option<Publisher>,
    #[serde(default)]
    pagination: Pagination,
    #[serde(default)]
    feeds: Feeds,
    #[serde(default)]
    pdf: PdfSettings,
    #[serde(default)]
    cards: cards::CardSettings,
    #[serde(default)]
    redirects: Redirects,
    #[serde(default)]
    markdown: MarkdownSettings,
    crossref: Option<CrossrefSettings>,
    #[serde(default)]
    taxonomies: Vec<toml::Spanned<RawTaxonomy>>,
    #[serde(default)]
    search: RawSearch,
    #[serde(default)]
    appearance: appearance::Appearance,
    #[serde(default)]
    cms: cms::CmsSettings,
    #[serde(default)]
    content: content::ContentSettings,
    #[serde(default)]
    extra: toml::Table,
}

/// One `[languages.CODE]` table: the site's title and description in that language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: Option<String>,
    description: Option<String>,
}

/// One `[[taxonomies]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    name: toml::Spanned<String>,
    title: Option<String>,
    singular: Option<String>,
    #[serde(default = "default_true")]
    feed: bool,
}

fn default_true() -> bool {
    true
}

/// `[pagination]`: how listings are split into pages.
#[derive(Debug, Clone, Copy, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Pagination {
    /// Briefs per listing page (default 20).
    #[serde(default = "default_per_page")]
    pub(crate) per_page: usize,
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination {
            per_page: default_per_page(),
        }
    }
}

fn default_per_page() -> usize {
    20
}

/// `[feeds]`: the Atom feeds.
#[derive(Debug, Clone, Copy, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Feeds {
    /// Entries in each feed, newest first (default 50).
    #[serde(default = "default_feed_entries")]
    pub(crate) entries: usize,
}

impl Default for Feeds {
    fn default() -> Self {
        Feeds {
            entries: default_feed_entries(),
        }
    }
}

fn default_feed_entries() -> usize {
    50
}

/// `[pdf]`: the PDF Dossier typesets for every brief without a PDF of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PdfSettings {
    /// Whether to typeset them (default true).
    #[serde(default = "default_true")]
    pub(crate) generate: bool,
    /// The paper size (default A4).
    #[serde(default)]
    pub(crate) paper: Paper,
    /// Font files of the site's own (paths from the site's folder), beside the embedded ones:
    /// for the scripts those lack, such as Chinese, Japanese and Korean.
    #[serde(default)]
    pub(crate) fonts: Vec<toml::Spanned<String>>,
}

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings {
            generate: true,
            paper: Paper::default(),
            fonts: Vec::new(),
        }
    }
}

/// A paper size, named as Typst names it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    UsLetter,
}

impl Paper {
    /// The name Typst's `page(paper: ...)` takes.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub(crate) fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::UsLetter => "us-letter",
        }
    }
}

/// `[redirects]`: old addresses (`aliases`) for hosts that redirect by a file.
#[derive(Debug, Clone, Copy, Default, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Redirects {
    /// Also write `_redirects` (Netlify, Cloudflare Pages) with a 301 rule per alias.
    #[serde(default)]
    pub(crate) file: bool,
}

/// `[markdown]`: how briefs, pages and profiles are rendered.
#[derive(Debug, Clone, Copy, Default, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkdownSettings {
    /// What raw HTML in the text becomes: published as written (`allow`, the default: the
    /// analysts are trusted), or cleaned of scripts (`sanitize`).
    #[serde(default)]
    pub(crate) raw_html: crate::markdown::RawHtml,
}

/// `[crossref]`: who deposits the DOIs, for `dossier crossref`.
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CrossrefSettings {
    /// The depositor's name, as Crossref knows it.
    pub(crate) depositor_name: String,
    /// Where Crossref sends the deposit's results.
    pub(crate) email: String,
    /// The organization that registers the DOIs.
    pub(crate) registrant: String,
}

fn default_language() -> toml::Spanned<String> {
    toml::Spanned::new(0..0, "en".into())
}
fn default_theme() -> String {
    "default".into()
}
/// The output folder when site.toml names none.
const DEFAULT_OUTPUT_DIR: &str = "public";

/// Who publishes the briefs: named in the copyright line and the metadata.
#[derive(Debug, Clone, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Publisher {
    /// The institute's name.
    pub(crate) name: String,
    /// Its home page, if not this site.
    #[serde(default)]
    pub(crate) url: Option<String>,
    /// Its logo: a URL or a site path.
    #[serde(default)]
    pub(crate) logo: Option<String>,
    /// The ISSN of its publications as a whole.
    #[serde(default)]
    pub(crate) issn: Option<String>,
    /// The copyright line; `{publisher}` and `{year}` are replaced (default "© {publisher} {year}").
    #[serde(default = "default_copyright")]
    pub(crate) copyright: String,
    /// Its Twitter/X handle, such as `@institute`.
    #[serde(default)]
    pub(crate) twitter: Option<String>,
    /// What a brief without a series is, in citations: "Policy Brief" (the default).
    #[serde(default = "default_report_type")]
    pub(crate) report_type: String,
    /// Its Research Organization Registry ID, `https://ror.org/...`: the authors' affiliation
    /// in Crossref deposits.
    #[serde(default)]
    pub(crate) ror: Option<String>,
}

fn default_report_type() -> String {
    "Policy Brief".into()
}

fn default_copyright() -> String {
    "© {publisher} {year}".into()
}

impl Publisher {
    /// The copyright line for a year.
    pub(crate) fn copyright_for(&self, year: i32) -> String {
        self.copyright
            .replace("{publisher}", &self.name)
            .replace("{year}", &year.to_string())
    }
}

/// The site's settings, validated.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Config {
    /// The site's root folder (where `site.toml` is).
    pub(crate) root: PathBuf,
    /// Where the site is served: `https://org.github.io/briefs`, with its path `/briefs/`.
    pub(crate) base: Base,
    /// The default language, as a BCP 47 tag (`en`, `pl`): `languages[0].code`.
    pub(crate) language: String,
    /// Every language: the default one first (served at the root), then those of
    /// `[languages.CODE]` in the order written (served under `/CODE/`).
    pub(crate) languages: Vec<Language>,
    /// The theme folder's name under `themes/`.
    pub(crate) theme: String,
    /// Where the site is written, resolved against the root.
    pub(crate) output_dir: PathBuf,
    /// The line and column of `output_dir`'s value in site.toml, when it is set there: where
    /// problems with the output folder are reported.
    pub(crate) output_dir_at: Option<(usize, usize)>,
    /// The publisher (defaults to the site's title).
    pub(crate) publisher: Publisher,
    /// Listing pagination.
    pub(crate) pagination: Pagination,
    /// Feed settings.
    pub(crate) feeds: Feeds,
    /// PDF settings.
    pub(crate) pdf: PdfSettings,
    /// Social card settings.
    pub(crate) cards: cards::CardSettings,
    /// Redirect settings.
    pub(crate) redirects: Redirects,
    /// Markdown settings.
    pub(crate) markdown: MarkdownSettings,
    /// Crossref deposit settings, if given.
    pub(crate) crossref: Option<CrossrefSettings>,
    /// Every taxonomy: authors, topics and series, then those declared in `[[taxonomies]]`.
    pub(crate) taxonomies: Vec<TaxonomyDef>,
    /// Full-text search.
    pub(crate) search: Search,
    /// The favicon, stylesheets added after the theme's, the footer's credit.
    pub(crate) appearance: appearance::Appearance,
    /// `[cms]`: the editors' CMS that `dossier cms` sets up.
    pub(crate) cms: cms::CmsSettings,
    /// `[content]`: the front matter Dossier writes.
    pub(crate) content: content::ContentSettings,
    /// Free data handed to templates.
    pub(crate) extra: Extra,
    /// The line of each key `site.toml` sets (`theme`, `publisher.logo`), for later checks.
    pub(crate) key_lines: crate::schema::KeyLines,
}

/// A path given on the command line, made absolute against the current folder.
pub(crate) fn from_current_dir(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Settings given on the command line that override `site.toml`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    /// Replaces `output_dir`; relative to the current folder, not to the root (`--output`).
    pub(crate) output_dir: Option<PathBuf>,
    /// Replaces `base_url`.
    pub(crate) base_url: Option<String>,
    /// Replaces the scheme, host and port of `base_url` but keeps its path (`serve`, which
    /// previews a `/think/` site under `/think/`). `base_url` wins when both are given.
    pub(crate) origin: Option<String>,
}

impl Config {
    /// Reads `site.toml` from `root`, applying command-line overrides.
    pub(crate) fn load(root: &Path, overrides: &Overrides) -> Result<Config> {
        let rel = Path::new(CONFIG_FILE);
        let text = read_settings(root)?;
        let control = crate::error::control_characters(rel, &text);
        if !control.is_empty() {
            return Err(Error::Content(control));
        }
        let source = TomlSource {
            path: rel,
            file_text: &text,
            toml: &text,
            offset: 0,
        };
        let (raw, table): (RawConfig, _) =
            source.parse_as(&shape(), &[]).map_err(Error::Content)?;
        let key_lines = source.key_lines(&table, &|_| true);
        let base = base(&source, &raw, overrides)?;
        let output_dir = overrides.output_dir.clone().unwrap_or_else(|| {
            PathBuf::from(
                raw.output_dir
                    .as_ref()
                    .map_or(DEFAULT_OUTPUT_DIR, |d| d.get_ref()),
            )
        });
        let mut problems = Vec::new();
        let languages = languages(&source, &raw, &mut problems);
        let taxonomies = taxonomies(&source, &raw, &mut problems);
        checks::taxonomies_and_languages(&source, &raw, &languages, &mut problems);
        let search = search(&source, &raw.search, &mut problems);
        let mut publisher = raw.publisher.clone().unwrap_or_else(|| Publisher {
            name: raw.title.clone(),
            url: None,
            logo: None,
            issn: None,
            copyright: default_copyright(),
            twitter: None,
            report_type: default_report_type(),
            ror: None,
        });
        check_publisher(&source, &mut publisher, &mut problems);
        settings::check(&source, &raw, &publisher, &mut problems);
        appearance::check(&source, &raw.appearance, &mut problems);
        checks::pdf_fonts(&source, root, &raw.pdf, &mut problems);
        cms::check(&source, &raw.cms, &mut problems);
        if !problems.is_empty() {
            return Err(Error::Content(problems));
        }
        Ok(Config {
            root: root.to_path_buf(),
            base,
            language: raw.language.into_inner(),
            languages,
            theme: raw.theme,
            output_dir: root.join(output_dir),
            output_dir_at: raw
                .output_dir
                .as_ref()
                .map(|d| crate::error::line_col(&text, d.span().start)),
            publisher,
            pagination: raw.pagination,
            feeds: raw.feeds,
            pdf: raw.pdf,
            cards: raw.cards,
            redirects: raw.redirects,
            markdown: raw.markdown,
            crossref: raw.crossref,
            taxonomies,
            search,
            appearance: raw.appearance,
            cms: raw.cms,
            content: raw.content,
            extra: Extra(raw.extra),
            key_lines,
        })
    }

    /// Whether Dossier typesets a PDF for each brief without one of its own: asked for in
    /// `[pdf]`, and built in (the cargo feature `pdf`).
    pub(crate) fn generates_pdf(&self) -> bool {
        cfg!(feature = "pdf") && self.pdf.generate
    }

    /// Whether Dossier typesets a social card for each brief and language (`[cards]`), with
    /// the PDFs' engine (the cargo feature `pdf`).
    pub(crate) fn generates_cards(&self) -> bool {
        cfg!(feature = "pdf") && self.cards.generate
    }

    /// A language by id.
    pub(crate) fn lang(&self, id: LangId) -> &Language {
        &self.languages[id.index()]
    }

    /// The id of a language tag, if the site has that language.
    pub(crate) fn lang_id(&self, code: &str) -> Option<LangId> {
        self.languages
            .iter()
            .position(|l| l.code.eq_ignore_ascii_case(code))
            .map(LangId::of)
    }

    /// A taxonomy's definition.
    pub(crate) fn taxonomy(&self, id: TaxonomyId) -> &TaxonomyDef {
        &self.taxonomies[id.index()]
    }
}

/// The text of `site.toml` at `root`, or what is wrong with it.
fn read_settings(root: &Path) -> Result<String> {
    let path = root.join(CONFIG_FILE);
    let rel = Path::new(CONFIG_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            Error::Content(vec![
                Diagnostic::error(rel, "site.toml is not valid UTF-8")
                    .with_hint("save the file as UTF-8"),
            ])
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::Content(vec![
            Diagnostic::error(rel, format!("no site.toml in {}", root.display()))
                .with_hint("run dossier in the site's folder, pass --root DIR, or create one with `dossier init`"),
        ])),
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Where the site is served: `base_url`, or `--base-url`, with `serve`'s origin.
fn base(source: &TomlSource<'_>, raw: &RawConfig, overrides: &Overrides) -> Result<Base> {
    let base_url_text = overrides
        .base_url
        .clone()
        .unwrap_or_else(|| raw.base_url.get_ref().clone());
    let base = Base::parse(&base_url_text).and_then(|base| match &overrides.origin {
        Some(origin) if overrides.base_url.is_none() => base.with_origin(origin),
        _ => Ok(base),
    });
    checks::base_url_flag(&base, overrides.base_url.as_deref())?;
    base.map_err(|message| {
        let span = overrides.base_url.is_none().then(|| raw.base_url.span());
        let hint = if message.contains("user name or password") {
            "remove them: a static site's address needs none (protect a preview host in the host's settings)"
        } else {
            "give an absolute URL such as `https://example.org` or `https://org.github.io/briefs`"
        };
        Error::Content(vec![source.diagnostic(&message, span).with_hint(hint)])
    })
}

/// Authors, topics and series, then the taxonomies `[[taxonomies]]` declares.
fn taxonomies(
    source: &TomlSource<'_>,
    raw: &RawConfig,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TaxonomyDef> {
    let mut taxonomies = taxonomy::builtins();
    for entry in &raw.taxonomies {
        match custom_taxonomy(source, entry, &taxonomies) {
            Ok(def) => taxonomies.push(def),
            Err(mut found) => problems.append(&mut found),
        }
    }
    taxonomies
}

#[cfg(test)]
mod tests;

/// `[extra]`: free data handed to templates. Its values may be floats, which have no `Hash`;
/// it is hashed as the TOML it writes, so that `Config` hashes as a whole (the fingerprint of
/// every page's settings).
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub(crate) struct Extra(pub(crate) toml::Table);

impl std::hash::Hash for Extra {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // A table of TOML values always serializes.
        toml::to_string(&self.0).unwrap_or_default().hash(state);
    }
}
