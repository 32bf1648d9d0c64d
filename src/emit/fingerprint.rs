//! Fingerprints: stable 64-bit hashes of what an output file is made from, the same in every
//! run (they are kept in the build cache), in one place for every emitter.

use std::hash::{Hash, Hasher};

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use crate::content::Library;
use crate::i18n::Strings;
use crate::theme::Theme;

/// Stable 64-bit fingerprints, the same in every run (they are kept in the build cache).
pub(crate) fn new_hasher() -> Xxh3 {
    Xxh3::new()
}

/// Lets serde write straight into a hasher, without building the JSON text.
struct HashWriter<'h>(&'h mut Xxh3);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Hashes a serializable value's content.
pub(crate) fn hash_value<T: Serialize + ?Sized>(hasher: &mut Xxh3, value: &T) {
    // Writing into a hasher cannot fail; a value that cannot be serialized cannot be rendered
    // either, and the render reports it.
    let _ = serde_json::to_writer(HashWriter(hasher), value);
}

/// A fingerprint of everything every page shows: the Dossier version, settings, templates,
/// interface strings, profiles and pages (the navigation lists them).
pub(crate) fn global_stamp(library: &Library, theme: &Theme, strings: &Strings) -> u64 {
    let mut hasher = new_hasher();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    library.config.hash(&mut hasher);
    // The favicon and custom.css are linked from every page when they exist.
    crate::emit::html::look(&library.config, theme).hash(&mut hasher);
    // The fingerprinted static files' names, which pages link.
    theme.assets.hash(&mut hasher);
    strings.fingerprint(&mut hasher);
    for (name, source) in &theme.templates {
        name.hash(&mut hasher);
        source.text.hash(&mut hasher);
    }
    for taxonomy in &library.taxonomies {
        for term in &taxonomy.terms {
            (&term.name, term.stamp).hash(&mut hasher);
            for text in &term.translations {
                text.stamp.hash(&mut hasher);
            }
        }
    }
    for page in &library.pages {
        (&page.title, page.stamp).hash(&mut hasher);
    }
    hasher.finish()
}

/// A fingerprint of what every file shows and of some briefs.
pub(crate) fn of_parts(global: u64, parts: &[u64], title: &str) -> u64 {
    let mut hasher = new_hasher();
    hasher.write_u64(global);
    hasher.write(title.as_bytes());
    for part in parts {
        hasher.write_u64(*part);
    }
    hasher.finish()
}
