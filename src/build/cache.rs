//! The build cache: parsed content files (by the hash of their text), their bodies' HTML (by
//! the hash of their text and style) and what the last build made (each output file's
//! fingerprint and size), kept in `.dossier-cache/` between runs and
//! in memory by `serve`. A cache is only ever a shortcut: one written by another Dossier
//! version or for other settings, or one that is unreadable, truncated or corrupt, is ignored.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::bodies::{Bodies, RenderedBodies};
use crate::config::Config;
use crate::content::{BriefId, Item, Library, ParsedFiles};
use crate::emit::search::IndexState;
use crate::markdown::Html;
use crate::output::{Made, MadeRecord};

/// The cache folder at the site root.
pub(crate) const CACHE_DIR: &str = ".dossier-cache";
/// The cache file in it.
const CACHE_FILE: &str = "build.bin";
/// Present while a build moves files into the output.
const COMMITTING: &str = "committing";
/// Identifies the file format; bump it whenever a cached type changes shape.
const MAGIC: &[u8; 16] = b"dossier-cache-15";

/// Parsed content files, by path, each with the hash of the text it was parsed from; and the
/// HTML of their bodies, each with the hash of the text and the style it was rendered in.
#[derive(Debug, Default)]
pub(crate) struct SourceCache {
    entries: Mutex<HashMap<PathBuf, (u64, Item)>>,
    bodies: Mutex<HashMap<PathBuf, (u64, Html)>>,
    /// Take entries out when used (a build, which uses each once) or clone them (`serve`,
    /// which keeps them for the next rebuild).
    take: bool,
    /// Files that had to be parsed, or their bodies rendered.
    misses: AtomicUsize,
    /// Parsed files the site leaves out (drafts), kept for the next build all the same.
    aside: Mutex<Vec<(PathBuf, u64, Item)>>,
}

impl SourceCache {
    /// A cache that keeps its entries when they are used.
    pub(crate) fn keeping() -> SourceCache {
        SourceCache::default()
    }

    /// Whether every file was found in the cache and every cached file was used: then the
    /// cache needs no rewriting.
    fn all_used(&self) -> bool {
        self.misses.load(Ordering::Relaxed) == 0
            && self
                .entries
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty()
            && self
                .bodies
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty()
    }
}

/// What is kept of `rel` if it was kept with the hash `stamp`: taken out of `entries` when
/// `take`, else cloned; a miss is counted.
fn lookup<T: Clone>(
    entries: &Mutex<HashMap<PathBuf, (u64, T)>>,
    (rel, stamp): (&Path, u64),
    take: bool,
    misses: &AtomicUsize,
) -> Option<T> {
    let mut entries = entries.lock().unwrap_or_else(|e| e.into_inner());
    match entries.get(rel) {
        Some((cached, _)) if *cached == stamp => {}
        _ => {
            misses.fetch_add(1, Ordering::Relaxed);
            return None;
        }
    }
    if take {
        entries.remove(rel).map(|(_, kept)| kept)
    } else {
        entries.get(rel).map(|(_, kept)| kept.clone())
    }
}

impl RenderedBodies for SourceCache {
    fn get(&self, source: &Path, stamp: u64) -> Option<Html> {
        lookup(&self.bodies, (source, stamp), self.take, &self.misses)
    }

    fn put(&self, source: &Path, stamp: u64, html: &Html) {
        if self.take {
            return; // A build saves the bodies it rendered, once it has succeeded.
        }
        self.bodies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(source.to_path_buf(), (stamp, html.clone()));
    }
}

impl ParsedFiles for SourceCache {
    fn get(&self, rel: &Path, stamp: u64) -> Option<Item> {
        lookup(&self.entries, (rel, stamp), self.take, &self.misses)
    }

    fn put(&self, rel: &Path, stamp: u64, item: &Item) {
        if self.take {
            return; // A build saves its items from the library, once it has succeeded.
        }
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_path_buf(), (stamp, item.clone()));
    }

    fn set_aside(&self, brief: &crate::content::Brief) {
        if self.take {
            let item = Item::Brief(Box::new(brief.clone()));
            self.aside.lock().unwrap_or_else(|e| e.into_inner()).push((
                brief.source.clone(),
                brief.stamp,
                item,
            ));
        }
    }
}

/// What is saved: parsed items and what the build made.
#[derive(Deserialize)]
/// The fields are in the order they are written: first what the loaded library decides
/// ([`Head`], written while the pages render), then what the render made ([`Tail`]).
struct Saved {
    key: u64,
    items: Vec<(PathBuf, u64, Item)>,
    brief_urls: BriefUrls,
    /// The id of the output it describes ([`crate::output::build_id`]).
    output: u64,
    bodies: Vec<(PathBuf, u64, Html)>,
    made: Vec<(PathBuf, MadeRecord)>,
    paths: Vec<PathBuf>,
    related: Option<Related>,
    search: Option<IndexState>,
}

/// Every address each brief file has had in the builds this cache remembers, oldest first:
/// for `check` to tell when a brief moved and its old address is left without a redirect.
pub(crate) type BriefUrls = Vec<(PathBuf, Vec<String>)>;

/// The first part of [`Saved`] as written, what the loaded library alone decides: its items
/// by reference, not copied, and every brief's addresses.
#[derive(Serialize)]
struct Head<'a> {
    key: u64,
    items: Vec<(&'a Path, u64, ItemRef<'a>)>,
    brief_urls: &'a BriefUrls,
}

/// The rest of [`Saved`] as written: what the render made, and the bodies' HTML.
#[derive(Serialize)]
struct Tail<'a> {
    output: u64,
    bodies: Vec<(&'a Path, u64, &'a Html)>,
    made: Vec<(&'a Path, MadeRecord)>,
    paths: &'a [PathBuf],
    related: Option<&'a Related>,
    search: Option<&'a IndexState>,
}

/// A cache file being written: its first part ([`Head`]) is in, written while the pages
/// rendered. Dropped unfinished (the build failed), it removes its partial file.
pub(crate) struct Started {
    body: Option<Checksummed<BufWriter<std::fs::File>>>,
    partial: PathBuf,
}

impl Drop for Started {
    fn drop(&mut self) {
        if self.body.take().is_some() {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// The related briefs of every brief, and the key of what they were ranked from.
pub(crate) type Related = (u64, Vec<Vec<BriefId>>);

/// What a build leaves for the next one.
pub(crate) struct Outcome<'a> {
    pub(crate) library: &'a Library,
    /// The HTML of its bodies.
    pub(crate) bodies: &'a Bodies,
    pub(crate) made: &'a Made,
    /// Every file of the site.
    pub(crate) paths: &'a [PathBuf],
    /// The id the commit wrote into the output's marker: [`crate::output::build_id`] of `paths`.
    pub(crate) output: u64,
    pub(crate) related: &'a Related,
    /// The search index: the fingerprint of its records and its files.
    pub(crate) search: Option<&'a IndexState>,
}

/// An [`Item`] by reference; the variants are in `Item`'s order, so it reads back as one.
#[derive(Serialize)]
enum ItemRef<'a> {
    Brief(&'a crate::content::Brief),
    Term(&'a crate::content::Term),
    Page(&'a crate::content::Page),
}

/// The persistent cache of one site, for `dossier build`.
pub(crate) struct BuildCache {
    folder: PathBuf,
    key: u64,
    /// Parsed items from the last build, taken as they are used.
    pub(crate) sources: Arc<SourceCache>,
    /// What the last build made.
    pub(crate) made: Made,
    /// Every file of the last build's site, when the output is the one it wrote (its marker
    /// names the build the cache describes); otherwise empty, and the build reads the output
    /// folder to find the files to remove.
    pub(crate) paths: Vec<PathBuf>,
    /// The output's id that the cache recorded.
    output: u64,
    /// The last build's related briefs.
    pub(crate) related: Option<Related>,
    /// Every address each brief has had.
    pub(crate) brief_urls: BriefUrls,
    /// The last build's search index.
    pub(crate) search: Option<IndexState>,
}

/// What cached items and fingerprints depend on beyond the files themselves: the Dossier
/// version and every setting (base URL, taxonomies, output folder…).
fn key_of(config: &Config) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    config.hash(&mut hasher);
    hasher.finish()
}

impl BuildCache {
    /// The cache of the site at `config.root`: what it holds when it was written by this
    /// version for these settings and reads back intact, otherwise nothing.
    pub(crate) fn open(config: &Config) -> BuildCache {
        let folder = config.root.join(CACHE_DIR);
        let key = key_of(config);
        // A build stopped while it moved files into place leaves this mark: then what the
        // cache says of the output may no longer be true.
        let interrupted = folder.join(COMMITTING).exists();
        let saved = read(&folder.join(CACHE_FILE)).filter(|saved| saved.key == key && !interrupted);
        let mut saved = saved.unwrap_or(Saved {
            key,
            output: 0,
            items: Vec::new(),
            bodies: Vec::new(),
            made: Vec::new(),
            paths: Vec::new(),
            related: None,
            brief_urls: Vec::new(),
            search: None,
        });
        // A cache that could not be saved, or one restored from another run, describes another
        // output: its list of written files would leave files the output has.
        if crate::output::output_build_id(&config.output_dir) != Some(saved.output) {
            saved.paths.clear();
        }
        let entries = saved
            .items
            .into_iter()
            .map(|(path, stamp, item)| (path, (stamp, item)))
            .collect();
        let bodies = saved
            .bodies
            .into_iter()
            .map(|(path, stamp, html)| (path, (stamp, html)))
            .collect();
        BuildCache {
            folder,
            key,
            sources: Arc::new(SourceCache {
                entries: Mutex::new(entries),
                bodies: Mutex::new(bodies),
                take: true,
                ..SourceCache::default()
            }),
            made: saved.made.into_iter().collect(),
            paths: saved.paths,
            output: saved.output,
            related: saved.related,
            brief_urls: saved.brief_urls,
            search: saved.search,
        }
    }

    /// Marks the output as being changed: until [`BuildCache::save`], the cache cannot be
    /// trusted, and a build that is stopped leaves the mark for the next one to see.
    /// When it cannot, the error says what the next build does: the cache as it was stays, and
    /// describes an older output, which its id says.
    pub(crate) fn begin_commit(&self) -> Result<(), String> {
        let mark = self.folder.join(COMMITTING);
        std::fs::create_dir_all(&self.folder)
            .and_then(|()| std::fs::write(&mark, b""))
            .map_err(|e| {
                format!("{}; the next build does not trust its list of written files, which is an earlier build's, and looks through the whole output folder for the files to remove", named(&mark, e))
            })
    }

    /// Whether the build found nothing new to remember: every file came from the cache, and
    /// it made, listed and ranked what the last build did.
    pub(crate) fn is_current(&self, outcome: &Outcome<'_>) -> bool {
        self.sources.all_used()
            && self.knows_every_url(outcome.library)
            && self.related.as_ref() == Some(outcome.related)
            && self.paths.as_slice() == outcome.paths
            && self.output == outcome.output
            && self.search.as_ref() == outcome.search
            && &self.made == outcome.made
    }

    /// Starts the cache file with what the loaded library alone decides (its parsed files and
    /// every brief's addresses), for a caller to run while the pages render, off the critical
    /// path. `None` when every file came from the cache: then [`Self::save`] decides at the
    /// end whether the build found anything new to remember.
    pub(crate) fn start(&self, library: &Library) -> Option<std::io::Result<Started>> {
        (!self.sources.all_used()).then(|| self.write_head(library))
    }

    /// Saves the library's parsed files and what the build made, replacing the file in one
    /// rename so that a build stopped half-way leaves the old cache or none, never half of one.
    /// `started` is the file [`Self::start`] began, if it did.
    /// A cache that cannot be written only makes the next build slower: the error is returned
    /// for the caller to mention, never to fail the build.
    /// The error says what the next build does: it finds the mark [`Self::begin_commit`] left,
    /// and ignores the cache.
    pub(crate) fn save(
        &self,
        outcome: &Outcome<'_>,
        started: Option<std::io::Result<Started>>,
    ) -> Result<(), String> {
        let mark = self.folder.join(COMMITTING);
        let saved = match started {
            Some(started) => started.and_then(|head| self.finish(head, outcome)),
            None if self.is_current(outcome) => Ok(()),
            None => self
                .write_head(outcome.library)
                .and_then(|head| self.finish(head, outcome)),
        };
        saved
            .and_then(|()| match std::fs::remove_file(&mark) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(named(&mark, e)),
                _ => Ok(()),
            })
            .map_err(|e| format!("{e}; the next build will make every file again"))
    }

    /// Whether every brief's current address is remembered already, so that
    /// [`Self::updated_urls`] would add nothing. Looked up by hash: building the updated list to
    /// compare took 5 s of a no-change rebuild of 100,000 briefs.
    fn knows_every_url(&self, library: &Library) -> bool {
        let known: std::collections::HashMap<&[u8], &Vec<String>> = self
            .brief_urls
            .iter()
            .map(|(source, urls)| (source.as_os_str().as_encoded_bytes(), urls))
            .collect();
        library.briefs.iter().all(|brief| {
            known
                .get(brief.source.as_os_str().as_encoded_bytes())
                .is_some_and(|urls| urls.contains(&crate::routes::brief(brief)))
        })
    }

    /// The addresses remembered, with each brief's current one added.
    fn updated_urls(&self, library: &Library) -> BriefUrls {
        let mut urls: std::collections::BTreeMap<PathBuf, Vec<String>> =
            self.brief_urls.iter().cloned().collect();
        for brief in &library.briefs {
            let known = urls.entry(brief.source.clone()).or_default();
            let url = crate::routes::brief(brief);
            if !known.contains(&url) {
                known.push(url);
            }
        }
        urls.into_iter().collect()
    }

    /// Writes the first part of the cache file, [`Head`], to a partial file.
    fn write_head(&self, library: &Library) -> std::io::Result<Started> {
        let aside = self.sources.aside.lock().unwrap_or_else(|e| e.into_inner());
        let mut items: Vec<(&Path, u64, ItemRef<'_>)> = Vec::new();
        items.extend(
            library
                .briefs
                .iter()
                .map(|b| (b.source.as_path(), b.stamp, ItemRef::Brief(b))),
        );
        for taxonomy in &library.taxonomies {
            items.extend(
                taxonomy
                    .terms
                    .iter()
                    .filter_map(|t| Some((t.source.as_deref()?, t.stamp, ItemRef::Term(t)))),
            );
        }
        items.extend(
            library
                .pages
                .iter()
                .map(|p| (p.source.as_path(), p.stamp, ItemRef::Page(p))),
        );
        items.extend(aside.iter().filter_map(|(path, stamp, item)| match item {
            Item::Brief(brief) => Some((path.as_path(), *stamp, ItemRef::Brief(brief))),
            _ => None,
        }));
        let brief_urls = self.updated_urls(library);
        let head = Head {
            key: self.key,
            items,
            brief_urls: &brief_urls,
        };
        std::fs::create_dir_all(&self.folder).map_err(|e| named(&self.folder, e))?;
        let partial = self.folder.join(format!("{CACHE_FILE}.partial"));
        begin(&partial, &head)
    }

    /// Writes the rest of the cache file, [`Tail`], after `started`, and puts it in place.
    fn finish(&self, started: Started, outcome: &Outcome<'_>) -> std::io::Result<()> {
        let mut bodies: Vec<(&Path, u64, &Html)> = outcome.bodies.iter().collect();
        bodies.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let tail = Tail {
            output: outcome.output,
            bodies,
            made: outcome
                .made
                .iter()
                .map(|(path, record)| (path.as_path(), *record))
                .collect(),
            paths: outcome.paths,
            related: Some(outcome.related),
            search: outcome.search,
        };
        let partial = started.partial.clone();
        end(started, &tail)?;
        let path = self.folder.join(CACHE_FILE);
        std::fs::rename(&partial, &path).map_err(|e| named(&path, e))
    }
}

/// Removes the cache folder, if there is one.
pub(crate) fn remove(root: &Path) -> std::io::Result<bool> {
    let folder = root.join(CACHE_DIR);
    match std::fs::remove_dir_all(&folder) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Hashes what passes through, to append a checksum; keeps the first write error, which
/// postcard replaces with its own ("the serialize buffer is full").
struct Checksummed<W: Write> {
    inner: W,
    hasher: Xxh3,
    error: Option<std::io::Error>,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = match self.inner.write(bytes) {
            Ok(written) => written,
            Err(e) => {
                let kept = std::io::Error::new(e.kind(), e.to_string());
                self.error.get_or_insert(e);
                return Err(kept);
            }
        };
        self.hasher.update(&bytes[..written]);
        Ok(written)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// An error that names the file it is about.
fn named(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Begins the file at `path`: the magic, then the first part of the payload. An error names
/// the file and says what the system said ("No space left on device").
fn begin(path: &Path, head: &Head<'_>) -> std::io::Result<Started> {
    let named = |e: std::io::Error| named(path, e);
    let mut file = BufWriter::new(std::fs::File::create(path).map_err(named)?);
    file.write_all(MAGIC).map_err(named)?;
    let mut started = Started {
        body: Some(Checksummed {
            inner: file,
            hasher: Xxh3::new(),
            error: None,
        }),
        partial: path.to_path_buf(),
    };
    if let Some(body) = started.body.as_mut() {
        put(body, head).map_err(named)?;
    }
    Ok(started)
}

/// Ends a file [`begin`] began: the rest of the payload, then the payload's checksum, synced
/// to the disk.
fn end(mut started: Started, tail: &Tail<'_>) -> std::io::Result<()> {
    let named = |e: std::io::Error| named(&started.partial, e);
    let Some(mut body) = started.body.take() else {
        return Ok(());
    };
    put(&mut body, tail).map_err(named)?;
    let checksum = body.hasher.digest();
    let mut file = body.inner;
    file.write_all(&checksum.to_le_bytes()).map_err(named)?;
    file.into_inner()
        .map_err(|e| named(e.into_error()))?
        .sync_all()
        .map_err(named)
}

/// Serialises `value` into `body`, with the system's error when writing failed.
fn put<T: Serialize>(
    body: &mut Checksummed<BufWriter<std::fs::File>>,
    value: &T,
) -> std::io::Result<()> {
    match postcard::to_io(value, &mut *body) {
        Ok(_) => Ok(()),
        Err(e) => Err(body
            .error
            .take()
            .unwrap_or_else(|| std::io::Error::other(e))),
    }
}

/// Reads a cache file; `None` when it is missing, from another format, or damaged.
fn read(path: &Path) -> Option<Saved> {
    let bytes = std::fs::read(path).ok()?;
    let body = bytes.strip_prefix(MAGIC.as_slice())?;
    let (payload, checksum) = body.split_at_checked(body.len().checked_sub(8)?)?;
    let expected = u64::from_le_bytes(checksum.try_into().ok()?);
    if xxhash_rust::xxh3::xxh3_64(payload) != expected {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: MadeRecord = MadeRecord {
        fingerprint: 1,
        size: 2,
        modified: Some(3),
    };

    static EMPTY: BriefUrls = Vec::new();

    /// Writes a small cache file at `path`.
    fn write(path: &Path) {
        let head = Head {
            key: 7,
            items: Vec::new(),
            brief_urls: &EMPTY,
        };
        let tail = Tail {
            output: 9,
            bodies: Vec::new(),
            made: vec![(Path::new("index.html"), RECORD)],
            paths: &[],
            related: None,
            search: None,
        };
        end(begin(path, &head).unwrap(), &tail).unwrap();
    }

    #[test]
    fn a_written_cache_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bin");
        write(&path);
        let back = read(&path).unwrap();
        assert_eq!(
            (back.key, back.output, back.made),
            (7, 9, vec![(PathBuf::from("index.html"), RECORD)])
        );
    }

    #[test]
    fn an_unfinished_cache_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bin.partial");
        let head = Head {
            key: 7,
            items: Vec::new(),
            brief_urls: &EMPTY,
        };
        let started = begin(&path, &head).unwrap();
        assert!(path.exists());
        drop(started);
        assert!(!path.exists());
    }

    #[test]
    fn damaged_caches_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bin");
        write(&path);
        let good = std::fs::read(&path).unwrap();
        for cut in 0..good.len() {
            std::fs::write(&path, &good[..cut]).unwrap();
            assert!(read(&path).is_none(), "truncated at {cut}");
        }
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            std::fs::write(&path, &bad).unwrap();
            assert!(read(&path).is_none(), "byte {at} flipped");
        }
        std::fs::write(&path, b"garbage").unwrap();
        assert!(read(&path).is_none());
    }
}
