//! Thin adapters from parsed command-line arguments to the library: each runs one command and
//! prints what the user needs to see.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod ci;
pub(crate) mod clean;
pub(crate) mod cms;
pub(crate) mod crossref;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod serve;

/// How a command ended, when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything is fine.
    Success,
    /// The command ran, and found errors it has reported (exit code 1).
    ProblemsFound,
}
