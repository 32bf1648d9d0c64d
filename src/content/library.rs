//! Loading: walk `content/`, read and parse every file in parallel, resolve names to terms, and
//! validate the whole, collecting every problem rather than stopping at the first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use super::brief::{self, Brief};
use super::discover::{self, BundleFiles, Kind, Source};
use super::front_matter;
use super::profile::{self, Page, Term};
use super::taxonomy::{BriefId, Taxonomy, TaxonomyId};
use super::{Asset, CONTENT_DIR, terms, translate, validate};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::lang::LangId;

/// Files parsed by an earlier load, by path and the hash of the text they were parsed from.
/// The build cache keeps them between runs; the model only asks for them and offers what it
/// parsed, and knows nothing of how they are kept.
pub(crate) trait ParsedFiles: std::fmt::Debug + Send + Sync {
    /// The item parsed from `rel` when its text had the hash `stamp`.
    fn get(&self, rel: &Path, stamp: u64) -> Option<Item>;
    /// Keeps what `rel` parsed to.
    fn put(&self, rel: &Path, stamp: u64, item: &Item);
    /// Keeps a parsed brief that the site leaves out (a draft), for the next load.
    fn set_aside(&self, brief: &Brief);
}

/// Which briefs a site is made of: drafts or not, and those scheduled after the build time or
/// not. `build`, `check` and `serve` take it from the command line and hand it to the load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Selection {
    /// Include briefs marked `draft = true`.
    pub(crate) drafts: bool,
    /// Include briefs released after `now` (a preview host).
    pub(crate) future: bool,
    /// The build time, which scheduled briefs are released after; `None` for the clock's.
    pub(crate) now: Option<DateTime<FixedOffset>>,
}

/// What to load.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadOptions {
    /// Which briefs.
    pub(crate) selection: Selection,
    /// Advanced once per file read.
    pub(crate) progress: crate::progress::Progress,
    /// Parsed files from an earlier load, reused when unchanged.
    pub(crate) cache: Option<Arc<dyn ParsedFiles>>,
}

/// The whole site, loaded and validated: the model every later stage reads.
#[derive(Debug)]
pub(crate) struct Library {
    /// The settings.
    pub(crate) config: Config,
    /// Every brief to publish, newest first.
    pub(crate) briefs: Vec<Brief>,
    /// Briefs released after the build time, left out of the site; soonest first.
    pub(crate) scheduled: Vec<Brief>,
    /// Every taxonomy, in `Config::taxonomies` order, with its terms and their briefs.
    pub(crate) taxonomies: Vec<Taxonomy>,
    /// Standalone pages, by slug.
    pub(crate) pages: Vec<Page>,
    /// Files from bundles and profiles, copied as they are.
    pub(crate) assets: Vec<Asset>,
    /// Problems that do not stop the build.
    pub(crate) warnings: Vec<Diagnostic>,
    /// For each brief, its versions in other languages (positions in `briefs`).
    pub(crate) versions: Vec<Vec<usize>>,
    /// For each page, its versions in other languages (positions in `pages`).
    pub(crate) page_versions: Vec<Vec<usize>>,
}

/// One parsed file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) enum Item {
    Brief(Box<Brief>),
    Term(Term),
    Page(Page),
}

impl Item {
    /// Puts back its body's file text, which the build cache does not keep.
    fn restore_text(&mut self, text: &str) {
        match self {
            Item::Brief(brief) => brief.content.restore_text(text),
            Item::Term(term) => {
                if let Some(body) = &mut term.body {
                    body.restore_text(text);
                }
            }
            Item::Page(page) => page.content.restore_text(text),
        }
    }
}

impl Library {
    /// Loads the site below `config.root`; `Err` holds every problem found.
    pub(crate) fn load(config: Config, options: LoadOptions) -> Result<Library> {
        let (mut library, problems) = Library::load_leniently(config, options)?;
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Content(problems));
        }
        library.warnings = problems;
        Ok(library)
    }

    /// Loads what can be loaded, for `check`: a file with errors is left out, a brief whose URL
    /// another brief already has is left out, and every problem is returned beside the
    /// library. `Err` only when there is no content to load at all.
    pub(crate) fn load_leniently(
        config: Config,
        options: LoadOptions,
    ) -> Result<(Library, Vec<Diagnostic>)> {
        let content = config.root.join(CONTENT_DIR);
        if !content.is_dir() {
            return Err(Error::Content(vec![
                Diagnostic::error(CONTENT_DIR, "there is no content/ folder").with_hint(
                    "create content/briefs/ and put briefs in it, or run `dossier init`",
                ),
            ]));
        }
        let discover::Found {
            sources,
            bundle_files,
            problems: mut naming_problems,
        } = discover::discover(&config)?;
        let mut problems = Vec::new();
        problems.append(&mut naming_problems);
        let (mut briefs, profiles, mut pages) =
            parse_all(&config, &sources, &options, &mut problems);
        translate::merge(&mut briefs, &profiles, &mut problems);
        if !options.selection.drafts {
            briefs.retain(|b| {
                if b.draft
                    && let Some(cache) = &options.cache
                {
                    cache.set_aside(b);
                }
                !b.draft
            });
        }
        briefs.sort_by(|a, b| {
            b.date
                .sort_key()
                .cmp(&a.date.sort_key())
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.source.cmp(&b.source))
        });
        pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        let now = options
            .selection
            .now
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
        validate_all(
            &config,
            (&mut briefs, &mut pages, &profiles),
            now,
            &mut problems,
        );
        // Scheduled briefs are validated with the others (a clash shows before the release),
        // then left out: no page, feed, sitemap entry, catalogue line or bundle file.
        let (mut scheduled, briefs): (Vec<Brief>, Vec<Brief>) = briefs
            .into_iter()
            .partition(|b| !options.selection.future && b.release() > now);
        scheduled.sort_by_key(Brief::release);
        if let Some(cache) = &options.cache {
            scheduled.iter().for_each(|b| cache.set_aside(b));
        }
        let mut assets = bundle_assets(&config.root, &briefs, &bundle_files, &mut problems);
        let taxonomies = terms::resolve(&config.taxonomies, &briefs, profiles, &mut problems);
        profile_assets(&config.root, &taxonomies, &mut assets, &mut problems);
        let versions = versions_of(briefs.iter().map(|b| &b.key));
        let page_versions = versions_of(pages.iter().map(|p| &p.key));
        let library = Library {
            config,
            briefs,
            scheduled,
            pages,
            assets,
            warnings: Vec::new(),
            taxonomies,
            versions,
            page_versions,
        };
        problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        Ok((library, problems))
    }

    /// A taxonomy with its terms.
    pub(crate) fn taxonomy(&self, id: TaxonomyId) -> &Taxonomy {
        &self.taxonomies[id.index()]
    }

    /// A brief by id.
    pub(crate) fn brief(&self, id: BriefId) -> &Brief {
        &self.briefs[id.index()]
    }

    /// Every brief's id, newest first.
    pub(crate) fn brief_ids(&self) -> impl Iterator<Item = BriefId> + use<> {
        (0..self.briefs.len()).map(BriefId::of)
    }

    /// A brief's terms in a taxonomy, in the order given.
    pub(crate) fn terms_of(
        &self,
        brief: BriefId,
        taxonomy: TaxonomyId,
    ) -> impl Iterator<Item = &Term> {
        self.taxonomy(taxonomy).terms_of(brief)
    }
}

/// Reads and parses every source file in parallel (or takes it from the cache): the briefs,
/// profiles and pages, and the problems of the files that did not parse.
fn parse_all(
    config: &Config,
    sources: &[Source],
    options: &LoadOptions,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Brief>, Vec<Term>, Vec<Page>) {
    options.progress.stage("Loading", sources.len());
    let parsed: Vec<std::result::Result<Item, Vec<Diagnostic>>> = sources
        .par_iter()
        .map(|source| {
            let item = parse_cached(config, source, options.cache.as_deref());
            options.progress.inc();
            item
        })
        .collect();
    let mut briefs = Vec::new();
    let mut profiles = Vec::new();
    let mut pages = Vec::new();
    for result in parsed {
        match result {
            Ok(Item::Brief(b)) => briefs.push(*b),
            Ok(Item::Term(t)) => profiles.push(t),
            Ok(Item::Page(p)) => pages.push(p),
            Err(mut diagnostics) => problems.append(&mut diagnostics),
        }
    }
    (briefs, profiles, pages)
}

/// The checks of the whole site: texts, names, unique addresses (keeping the first of each),
/// page languages, series numbers and order, dates against the build time `now`.
fn validate_all(
    config: &Config,
    (briefs, pages, profiles): (&mut Vec<Brief>, &mut Vec<Page>, &[Term]),
    now: DateTime<FixedOffset>,
    problems: &mut Vec<Diagnostic>,
) {
    validate::check_texts(briefs, pages, profiles, problems);
    validate::check_name_characters(briefs, profiles, &config.taxonomies, problems);
    validate::check_unique_urls(briefs, pages, &config.taxonomies, problems);
    validate::keep_first_of_each_url(briefs, pages, &config.taxonomies);
    validate::check_page_languages(pages, &config.languages, problems);
    validate::check_series_numbers(briefs, problems);
    validate::check_series_order(briefs, problems);
    validate::check_dates(briefs, now, problems);
}

/// For each item, the positions of the others with the same key (its other language
/// versions), in the order of the list.
fn versions_of<'k>(keys: impl Iterator<Item = &'k PathBuf>) -> Vec<Vec<usize>> {
    let keys: Vec<&PathBuf> = keys.collect();
    let mut by_key: HashMap<&PathBuf, Vec<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        by_key.entry(key).or_default().push(i);
    }
    keys.iter()
        .enumerate()
        .map(|(i, key)| by_key[key].iter().copied().filter(|&j| j != i).collect())
        .collect()
}

type Parsed = std::result::Result<Item, Vec<Diagnostic>>;

/// A fingerprint of a file's path and text, to tell whether what it shows has changed; the
/// same in every run, as the build cache keeps it.
pub(crate) fn stamp(rel: &Path, text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.write(rel.as_os_str().as_encoded_bytes());
    hasher.write_u8(0);
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// Reads and parses a source file, or takes what it parsed to from the cache when its text
/// is the same.
fn parse_cached(config: &Config, source: &Source, cache: Option<&dyn ParsedFiles>) -> Parsed {
    let rel = source.path.as_path();
    let text = crate::sources::read_text(&config.root, rel).map_err(|d| vec![d])?;
    // What the file parses to depends on its text alone: how its Markdown is presented (the
    // words of its language, the base path) is the markdown stage's, which keys its own cache.
    let stamp = stamp(rel, &text);
    if let Some(mut item) = cache.and_then(|c| c.get(rel, stamp)) {
        item.restore_text(&text);
        return Ok(item);
    }
    let item = parse_source(config, source, &text, stamp)?;
    if let Some(cache) = cache {
        cache.put(rel, stamp, &item);
    }
    Ok(item)
}

fn parse_source(config: &Config, source: &Source, text: &str, stamp: u64) -> Parsed {
    let rel = source.path.as_path();
    let control = crate::error::control_characters(rel, text);
    if !control.is_empty() {
        return Err(control);
    }
    let split = front_matter::split(rel, text)?;
    let lang = source.lang;
    let lang_dir = config.lang(lang).dir.clone();
    let key = source.key.clone();
    Ok(match source.kind {
        Kind::Brief => {
            let translation = lang != LangId::DEFAULT;
            let brief = brief::parse(rel, text, split, &config.taxonomies, translation)?;
            Item::Brief(Box::new(Brief {
                stamp,
                lang,
                lang_dir,
                key,
                ..brief
            }))
        }
        Kind::Term(taxonomy) => Item::Term(Term {
            stamp,
            lang,
            ..profile::parse_term((taxonomy, config.taxonomy(taxonomy)), rel, text, split)?
        }),
        Kind::Page => Item::Page(Page {
            stamp,
            lang,
            lang_dir,
            key,
            ..profile::parse_page(rel, text, split)?
        }),
    })
}

/// The files of each bundle, copied beside its brief's page; checks that a named PDF exists,
/// and a named image too, of a kind and size social networks take.
fn bundle_assets(
    root: &Path,
    briefs: &[Brief],
    bundle_files: &BundleFiles,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Asset> {
    let mut assets = Vec::new();
    for brief in briefs {
        let Some(dir) = &brief.bundle_dir else {
            continue;
        };
        let files = bundle_files.get(dir).map(Vec::as_slice).unwrap_or_default();
        for file in files {
            let inside = file.strip_prefix(dir).unwrap_or(file);
            assets.push(Asset {
                source: root.join(file),
                target: PathBuf::from(crate::routes::brief(brief)).join(inside),
            });
        }
        if let Some(pdf) = &brief.pdf
            && !files.iter().any(|f| f == &dir.join(pdf))
        {
            problems.push(
                Diagnostic::error(
                    &brief.source,
                    format!(
                        "`pdf = \"{pdf}\"` is not in the bundle folder {}",
                        dir.display()
                    ),
                )
                .with_hint("put the PDF beside index.md, or correct the file name")
                .at(brief.key_line("pdf"), 1),
            );
        }
        // An image a translation takes from its original is checked once, at the original's.
        if let Some(image) = brief.image.as_ref().filter(|_| brief.given.image) {
            problems.extend(own_image_problem(root, brief, (dir, files), image));
        }
    }
    assets
}

/// What is wrong with the image a brief names for links to show (`image = "card.png"`): not in
/// its bundle, or not an image social networks take.
fn own_image_problem(
    root: &Path,
    brief: &Brief,
    (dir, files): (&Path, &[PathBuf]),
    image: &str,
) -> Option<Diagnostic> {
    let line = brief.key_line("image");
    let file = dir.join(image);
    if !files.contains(&file) {
        let problem = Diagnostic::error(
            &brief.source,
            format!(
                "`image = \"{image}\"` is not in the bundle folder {}",
                dir.display()
            ),
        );
        let hint = "put the image beside index.md, or correct the file name";
        return Some(problem.with_hint(hint).at(line, 1));
    }
    let why = crate::images::share_image(&root.join(&file)).err()?;
    let problem = Diagnostic::error(&brief.source, format!("`image = \"{image}\"` {why}"));
    let hint = "give a PNG or JPEG of at most 5 MB, ideally 1200×630 pixels";
    Some(problem.with_hint(hint).at(line, 1))
}

/// Each profile's photo given as a file beside it (`photo = "jane.jpg"`), copied beside the
/// term's page, where the page links it; one that is not there is an error at its line.
fn profile_assets(
    root: &Path,
    taxonomies: &[Taxonomy],
    assets: &mut Vec<Asset>,
    problems: &mut Vec<Diagnostic>,
) {
    for taxonomy in taxonomies {
        for term in &taxonomy.terms {
            let (Some(source), Some(photo)) = (&term.source, &term.details.photo) else {
                continue;
            };
            if crate::routes::is_absolute(photo) || photo.starts_with('/') {
                continue; // A URL, or a site path (check finds whether the site has it).
            }
            let file = source.parent().unwrap_or(Path::new("")).join(photo);
            let inside = Path::new(photo)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if inside && root.join(&file).is_file() {
                assets.push(Asset {
                    source: root.join(&file),
                    target: PathBuf::from(crate::routes::term_file(
                        &taxonomy.def.name,
                        &term.slug,
                        photo,
                    )),
                });
                continue;
            }
            let line = term.key_lines.line("photo");
            problems.push(
                Diagnostic::error(
                    source,
                    format!(
                        "`photo = \"{photo}\"`: there is no {} beside the profile",
                        file.display()
                    ),
                )
                .with_hint("put the picture there, or give its path under static/ (`/img/jane.jpg`) or a full URL")
                .at(line, 1),
            );
        }
    }
}
