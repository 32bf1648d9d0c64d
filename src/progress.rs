//! Progress reporting for long stages: a bar on a terminal (indicatif), nothing otherwise.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that may be hidden; cheap to clone and safe to advance from many threads.
#[derive(Debug, Clone, Default)]
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// No progress shown.
    pub(crate) fn hidden() -> Progress {
        Progress { bar: None }
    }

    /// A bar on stderr when it is a terminal; hidden when piped.
    pub(crate) fn on_terminal() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        Progress { bar: Some(bar) }
    }

    /// Starts a stage of `total` steps.
    pub(crate) fn stage(&self, name: &'static str, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_prefix(name);
            bar.set_length(total as u64);
            bar.set_position(0);
        }
    }

    /// One step done.
    pub(crate) fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Removes the bar.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
