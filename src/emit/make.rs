//! Making planned files: those whose inputs have not changed since the previous render, and
//! that are still in the output as written, are kept; the rest are made in parallel and each
//! handed to the sink as soon as it is ready.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::workers::{self, Workers};
use super::{Planned, Previous};
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Contents, Made, MadeFile, MadeRecord, OutputFile, Sink};
use crate::progress::Progress;

/// What [`make_all`] gives: every planned path, what was made of each, how many files were
/// made this time, and the problems met making them.
pub(crate) type MadeAll = (Vec<PathBuf>, Made, usize, Vec<Diagnostic>);

/// Makes the planned files whose inputs changed since `previous`, in parallel, handing each
/// to the sink as soon as it is ready. A file that cannot be written stops the render.
pub(crate) fn make_all(
    mut planned: Vec<Planned<'_>>,
    previous: Option<&Previous>,
    sink: &dyn Sink,
    (progress, stage, workers): (&Progress, &'static str, Workers),
) -> Result<MadeAll> {
    // Each path is kept once, in this list, which the plans then refer to by position.
    let paths: Vec<PathBuf> = planned
        .iter_mut()
        .map(|file| std::mem::take(&mut file.path))
        .collect();
    check_unique_paths(&paths)?;

    // Checking that each file is still in the output is a system call per file: in parallel.
    let (fresh, stale): (Vec<MadeFile>, Vec<(usize, Planned<'_>)>) = planned
        .into_par_iter()
        .enumerate()
        .partition_map(|(i, file)| {
            let path = &paths[i];
            let record = match (file.fingerprint, previous) {
                (Some(print), Some(previous)) if previous.is_fresh(path, print) => {
                    previous.made.get(path).copied()
                }
                _ => None,
            };
            match record {
                Some(record) => rayon::iter::Either::Left((path.clone(), record)),
                None => rayon::iter::Either::Right((i, file)),
            }
        });
    let mut made: Made = fresh.into_iter().collect();
    if !stale.is_empty() {
        progress.stage(stage, stale.len());
    }
    let pages_rendered = stale.len();
    // Failures are rare: they go to their own list, so that the list of what was made holds
    // small records only (a list of results would reserve a diagnostic's room for every file).
    let failures = std::sync::Mutex::new(Vec::new());
    let records: Vec<MadeFile> =
        workers::make_each(stale, workers, |(i, file)| {
            match make_and_put(file, &paths[i], sink, progress) {
                Ok(record) => record,
                Err(failure) => {
                    failures
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(failure);
                    None
                }
            }
        });
    made.extend(records);
    let mut problems = Vec::new();
    for failure in failures.into_inner().unwrap_or_else(|e| e.into_inner()) {
        match failure {
            Failure::Io(error) => return Err(error),
            Failure::Template(problem) => problems.push(problem),
        }
    }
    Ok((paths, made, pages_rendered, problems))
}

/// Makes one file and hands it to the sink; returns what was made when it has a fingerprint.
fn make_and_put(
    file: Planned<'_>,
    path: &Path,
    sink: &dyn Sink,
    progress: &Progress,
) -> std::result::Result<Option<MadeFile>, Failure> {
    let contents = (file.make)().map_err(Failure::Template);
    progress.inc();
    let contents = contents?;
    let record = match (&contents, file.fingerprint) {
        (Contents::Bytes(bytes), Some(fingerprint)) => {
            let record = MadeRecord {
                fingerprint,
                size: bytes.len() as u64,
                modified: None,
            };
            Some((path.to_path_buf(), record))
        }
        _ => None,
    };
    sink.put(OutputFile {
        path: path.to_path_buf(),
        contents,
    })
    .map_err(Failure::Io)?;
    Ok(record)
}

/// Two files of the site with one path: a bundle file named like a page Dossier writes.
pub(crate) fn check_unique_paths(paths: &[PathBuf]) -> Result<()> {
    let mut seen = HashSet::with_capacity(paths.len());
    let mut problems: Vec<Diagnostic> = paths
        .iter()
        .filter(|path| !seen.insert(path.as_path()))
        .map(|path| {
            Diagnostic::error(
                path,
                format!(
                    "two files of the site would be written to {}",
                    path.display()
                ),
            )
            .with_hint(
                "a file in a bundle or static/ has the path of a page Dossier writes; rename it",
            )
        })
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.dedup();
    Err(Error::Content(problems))
}

/// Why a file did not reach the sink.
enum Failure {
    Template(Diagnostic),
    Io(Error),
}
