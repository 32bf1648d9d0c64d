//! Each brief's full-text PDF as its page links it ("Download PDF", with the size): the brief's
//! own bundle file, or the one Dossier typesets. A page's fingerprint holds a fingerprint of its
//! PDF, and the typeset PDFs are made before the pages, so the size a page shows is known when
//! it is rendered and changes only when the PDF does.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::content::{BriefId, Library};
use crate::emit::Planned;
use crate::emit::fingerprint::new_hasher;
use crate::output::Made;
use crate::routes;

/// One brief's PDF.
struct FullText {
    /// Where it is written, relative to the output folder.
    path: PathBuf,
    /// A fingerprint of its contents.
    print: u64,
    /// Its size in bytes, once known.
    size: OnceLock<u64>,
}

/// Every brief's PDF, by brief.
pub(crate) struct FullTexts {
    entries: Vec<Option<FullText>>,
}

impl FullTexts {
    /// The PDFs of the site's briefs: the bundle files named by `pdf` (their size and time of
    /// modification stand for their contents), and the `typeset` ones as planned.
    pub(crate) fn new(library: &Library, typeset: &[Planned<'_>]) -> FullTexts {
        let config = &library.config;
        let planned: std::collections::HashMap<&Path, u64> = typeset
            .iter()
            .map(|p| (p.path.as_path(), p.fingerprint.unwrap_or_default()))
            .collect();
        let entries = library
            .briefs
            .iter()
            .map(|brief| {
                let path = PathBuf::from(routes::full_text_pdf(brief, config.generates_pdf())?);
                let entry = match (&brief.pdf, &brief.bundle_dir) {
                    (Some(file), Some(dir)) => {
                        let meta = std::fs::metadata(config.root.join(dir).join(file)).ok()?;
                        let mut hasher = new_hasher();
                        (meta.len(), crate::output::modified(&meta)).hash(&mut hasher);
                        FullText {
                            path,
                            print: hasher.finish(),
                            size: OnceLock::from(meta.len()),
                        }
                    }
                    _ => FullText {
                        print: *planned.get(path.as_path())?,
                        path,
                        size: OnceLock::new(),
                    },
                };
                Some(entry)
            })
            .collect();
        FullTexts { entries }
    }

    /// Notes the size of each typeset PDF once made (or kept from the last build).
    pub(crate) fn record_sizes(&self, typeset: &[PathBuf], made: &Made) {
        let wanted: std::collections::HashSet<&Path> =
            typeset.iter().map(PathBuf::as_path).collect();
        for entry in self.entries.iter().flatten() {
            if wanted.contains(entry.path.as_path())
                && let Some(record) = made.get(&entry.path)
            {
                let _ = entry.size.set(record.size);
            }
        }
    }

    /// A fingerprint of a brief's PDF; 0 when it has none.
    pub(crate) fn print(&self, id: BriefId) -> u64 {
        self.entries[id.index()].as_ref().map_or(0, |e| e.print)
    }

    /// The size of a brief's PDF in kilobytes (at least 1), once known.
    pub(crate) fn kilobytes(&self, id: BriefId) -> Option<u64> {
        let size = *self.entries[id.index()].as_ref()?.size.get()?;
        Some(size.div_ceil(1024).max(1))
    }
}
