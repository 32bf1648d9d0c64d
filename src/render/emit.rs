//! Outputs as emitters: each kind of output (HTML pages, feeds, the sitemap, citation files,
//! copied files) plans its files, each with a fingerprint of its inputs and a way to make its
//! bytes; the render decides which to make, makes them in parallel and hands them to a sink.

use std::path::PathBuf;

use crate::error::Diagnostic;
use crate::output::Contents;

/// Makes one file's contents.
pub(crate) type Make<'a> = Box<dyn FnOnce() -> Result<Contents, Diagnostic> + Send + 'a>;

/// One file an emitter will write.
pub(crate) struct Planned<'a> {
    /// Where it goes, relative to the output folder.
    pub(crate) path: PathBuf,
    /// A fingerprint of everything its contents depend on; `None` when it is cheap enough to
    /// make every time (a copied file, robots.txt).
    pub(crate) fingerprint: Option<u64>,
    /// Makes its contents.
    pub(crate) make: Make<'a>,
}

impl<'a> Planned<'a> {
    /// A file with a fingerprint.
    pub(crate) fn new(
        path: impl Into<PathBuf>,
        fingerprint: Option<u64>,
        make: impl FnOnce() -> Result<Contents, Diagnostic> + Send + 'a,
    ) -> Planned<'a> {
        Planned {
            path: path.into(),
            fingerprint,
            make: Box::new(make),
        }
    }

    /// A text file made by `make`.
    pub(crate) fn text(
        path: impl Into<PathBuf>,
        fingerprint: Option<u64>,
        make: impl FnOnce() -> String + Send + 'a,
    ) -> Planned<'a> {
        Planned::new(path, fingerprint, move || {
            Ok(Contents::Bytes(make().into_bytes()))
        })
    }
}

/// One kind of output. An emitter reads the model; it never writes.
pub(crate) trait Emitter: Sync {
    /// The files it will write, in a stable order.
    fn plan(&self) -> Vec<Planned<'_>>;
}
