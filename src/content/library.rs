//! Loading: walk `content/`, read and parse every file in parallel, resolve names to terms, and
//! validate the whole, collecting every problem rather than stopping at the first.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use super::brief::{self, Brief};
use super::front_matter;
use super::profile::{self, Page, Term};
use super::taxonomy::{BriefId, Taxonomy, TaxonomyId, TermId};
use super::{Asset, CONTENT_DIR, validate};
use crate::cache::SourceCache;
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::slug::slugify;

/// What to load.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadOptions {
    /// Include briefs marked `draft = true`.
    pub(crate) drafts: bool,
    /// Advanced once per file read.
    pub(crate) progress: crate::progress::Progress,
    /// Parsed files from an earlier load, reused when unchanged.
    pub(crate) cache: Option<Arc<SourceCache>>,
    /// Include briefs released after `now` (a preview host).
    pub(crate) future: bool,
    /// The build time, which scheduled briefs are released after; `None` for the clock's.
    pub(crate) now: Option<DateTime<FixedOffset>>,
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
}

/// One Markdown file found under `content/`, and what it is.
#[derive(Debug)]
enum Source {
    Brief(PathBuf),
    Term(TaxonomyId, PathBuf),
    Page(PathBuf),
}

/// One parsed file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) enum Item {
    Brief(Box<Brief>),
    Term(Term),
    Page(Page),
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
        let (sources, bundle_files) = discover(&config)?;
        options.progress.stage("Loading", sources.len());
        let parsed: Vec<std::result::Result<Item, Vec<Diagnostic>>> = sources
            .par_iter()
            .map(|source| {
                let item = parse_cached(&config, source, options.cache.as_deref());
                options.progress.inc();
                item
            })
            .collect();

        let mut problems = Vec::new();
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
        if !options.drafts {
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

        validate::check_unique_urls(&briefs, &pages, &config.taxonomies, &mut problems);
        validate::keep_first_of_each_url(&mut briefs, &mut pages, &config.taxonomies);
        validate::check_series_numbers(&briefs, &mut problems);
        validate::check_series_order(&briefs, &mut problems);
        // Scheduled briefs are validated with the others (a clash shows before the release),
        // then left out: no page, feed, sitemap entry, catalogue line or bundle file.
        let now = options
            .now
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
        let (mut scheduled, briefs): (Vec<Brief>, Vec<Brief>) = briefs
            .into_iter()
            .partition(|b| !options.future && b.release() > now);
        scheduled.sort_by_key(Brief::release);
        if let Some(cache) = &options.cache {
            scheduled.iter().for_each(|b| cache.set_aside(b));
        }
        let assets = bundle_assets(&config.root, &briefs, &bundle_files, &mut problems);
        let mut library = Library {
            config,
            briefs,
            scheduled,
            pages,
            assets,
            warnings: Vec::new(),
            taxonomies: Vec::new(),
        };
        library.resolve_terms(profiles, &mut problems);
        problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        Ok((library, problems))
    }

    /// Builds each taxonomy's terms from its profiles and the names briefs give, and links each
    /// brief to its terms.
    fn resolve_terms(&mut self, profiles: Vec<Term>, problems: &mut Vec<Diagnostic>) {
        let defs = &self.config.taxonomies;
        let mut terms: Vec<BTreeMap<String, Term>> = vec![BTreeMap::new(); defs.len()];
        for term in profiles {
            terms[term.taxonomy.index()].insert(term.slug.clone(), term);
        }
        for brief in &self.briefs {
            for (t, names) in brief.names.iter().enumerate() {
                for name in names {
                    let slug = slugify(name);
                    if slug.is_empty() {
                        problems.push(
                            Diagnostic::error(
                                &brief.source,
                                format!("the name `{name}` gives an empty URL"),
                            )
                            .with_hint("use a name with letters or digits"),
                        );
                        continue;
                    }
                    terms[t]
                        .entry(slug.clone())
                        .or_insert_with(|| Term::bare(TaxonomyId::of(t), name, slug));
                }
            }
        }
        self.taxonomies = defs
            .iter()
            .zip(terms)
            .enumerate()
            .map(|(t, (def, by_slug))| {
                let mut list: Vec<Term> = by_slug.into_values().collect();
                list.sort_by_cached_key(|term| (sort_name(&term.name), term.slug.clone()));
                let position: HashMap<&str, TermId> = list
                    .iter()
                    .enumerate()
                    .map(|(i, term)| (term.slug.as_str(), TermId::of(i)))
                    .collect();
                // Two spellings of one name in a brief ("NATO", "Nato") are one term, named once:
                // else the brief would be counted, listed and fed twice under it.
                let of_brief = self
                    .briefs
                    .iter()
                    .map(|b| {
                        let mut ids: Vec<TermId> = Vec::new();
                        for name in b.names_in(TaxonomyId::of(t)) {
                            if let Some(&id) = position.get(slugify(name).as_str()) {
                                if !ids.contains(&id) {
                                    ids.push(id);
                                }
                            }
                        }
                        ids
                    })
                    .collect();
                drop(position);
                Taxonomy {
                    def: def.clone(),
                    terms: list,
                    of_brief,
                }
            })
            .collect();
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

/// The key names are sorted by: case and accents ignored.
fn sort_name(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// Each bundle folder's files other than its `index.md`.
type BundleFiles = BTreeMap<PathBuf, Vec<PathBuf>>;

/// Finds every Markdown file under `content/` and every bundle's other files, in a stable order.
fn discover(config: &Config) -> Result<(Vec<Source>, BundleFiles)> {
    let root = config.root.as_path();
    let content = root.join(CONTENT_DIR);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| content.clone());
            Error::io(&path, e.into())
        })?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            files.push(rel);
        }
    }
    let briefs_dir = Path::new(CONTENT_DIR).join("briefs");
    let bundle_dirs: Vec<PathBuf> = files
        .iter()
        .filter(|p| p.starts_with(&briefs_dir) && p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| dir != &briefs_dir)
        .collect();
    let bundle_of = |path: &Path| {
        bundle_dirs
            .iter()
            .find(|dir| path.starts_with(dir))
            .cloned()
    };

    let mut sources = Vec::new();
    let mut bundle_files = BundleFiles::new();
    for rel in files {
        let is_markdown = rel.extension().is_some_and(|e| e == "md");
        if rel.starts_with(&briefs_dir) {
            match bundle_of(&rel) {
                Some(dir) if rel == dir.join("index.md") => sources.push(Source::Brief(rel)),
                Some(dir) => bundle_files.entry(dir).or_default().push(rel),
                None if is_markdown => sources.push(Source::Brief(rel)),
                None => {}
            }
            continue;
        }
        let folder = rel.strip_prefix(CONTENT_DIR).ok().and_then(|r| {
            let mut parts = r.components();
            let first = parts.next()?.as_os_str().to_str()?.to_string();
            // Profiles and pages sit directly in their folder.
            (parts.count() == 1).then_some(first)
        });
        if !is_markdown {
            continue;
        }
        let taxonomy = config
            .taxonomies
            .iter()
            .position(|t| Some(t.name.as_str()) == folder.as_deref());
        match (taxonomy, folder.as_deref()) {
            (Some(t), _) => sources.push(Source::Term(TaxonomyId::of(t), rel)),
            (None, Some("pages")) => sources.push(Source::Page(rel)),
            _ => {}
        }
    }
    Ok((sources, bundle_files))
}

type Parsed = std::result::Result<Item, Vec<Diagnostic>>;

impl Source {
    fn path(&self) -> &Path {
        match self {
            Source::Brief(p) | Source::Term(_, p) | Source::Page(p) => p,
        }
    }
}

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
fn parse_cached(config: &Config, source: &Source, cache: Option<&SourceCache>) -> Parsed {
    let rel = source.path();
    let text = read_text(&config.root, rel).map_err(|d| vec![d])?;
    let stamp = stamp(rel, &text);
    if let Some(item) = cache.and_then(|c| c.get(rel, stamp)) {
        return Ok(item);
    }
    let item = parse_source(config, source, &text, stamp)?;
    if let Some(cache) = cache {
        cache.put(rel, stamp, &item);
    }
    Ok(item)
}

fn parse_source(config: &Config, source: &Source, text: &str, stamp: u64) -> Parsed {
    let rel = source.path();
    let split = front_matter::split(rel, text).map_err(|d| vec![d])?;
    let base = config.base.path();
    Ok(match source {
        Source::Brief(_) => Item::Brief(Box::new(Brief {
            stamp,
            ..brief::parse(rel, text, split, base, &config.taxonomies)?
        })),
        Source::Term(taxonomy, _) => Item::Term(Term {
            stamp,
            ..profile::parse_term(
                (*taxonomy, config.taxonomy(*taxonomy)),
                rel,
                text,
                split,
                base,
            )?
        }),
        Source::Page(_) => Item::Page(Page {
            stamp,
            ..profile::parse_page(rel, text, split, base)?
        }),
    })
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

/// The files of each bundle, copied beside its brief's page; checks that a named PDF exists.
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
        if let Some(pdf) = &brief.pdf {
            if !files.iter().any(|f| f == &dir.join(pdf)) {
                problems.push(
                    Diagnostic::error(
                        &brief.source,
                        format!(
                            "`pdf = \"{pdf}\"` is not in the bundle folder {}",
                            dir.display()
                        ),
                    )
                    .with_hint("put the PDF beside index.md, or correct the file name"),
                );
            }
        }
    }
    assets
}
