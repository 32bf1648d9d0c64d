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

/// Warns when `--now` is more than a year from the clock, in either direction: most often a
/// typo in its year (`0205` for `2025`), which would leave every brief out, or in, as
/// scheduled.
pub(crate) fn warn_about_now(now: Option<chrono::DateTime<chrono::FixedOffset>>) {
    let Some(now) = now else { return };
    let clock = chrono::Utc::now().fixed_offset();
    let apart = (now - clock).num_days().abs();
    if apart > 365 {
        eprintln!(
            "warning: --now {} is {apart} days {} the clock's time: briefs are released as of then (a typo in the year?)",
            now.to_rfc3339(),
            if now < clock { "before" } else { "after" }
        );
    }
}
