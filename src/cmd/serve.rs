//! `dossier serve`: serve the site locally and rebuild on every save.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::build::Update;
use crate::cli::{ServeArgs, Verbosity};
use crate::cmd::Outcome;
use crate::error::{Error, Result};
use crate::serve::{Listening, ServeEvents, ServeOptions, serve};

struct Terminal {
    verbosity: Verbosity,
    root: std::path::PathBuf,
}

impl ServeEvents for Terminal {
    fn listening(&self, listening: &Listening) {
        let Listening {
            url,
            everywhere,
            links,
        } = listening;
        // The URL is followed by a space, so that a terminal (or a test) reads it whole.
        let mut line = format!("Serving {} at {url} (Ctrl-C to stop)", self.root.display());
        if let Some(address) = everywhere {
            line.push_str(&format!("; listening on every address ({address})"));
        }
        if links != url {
            line.push_str(&format!(
                "; links, feeds and the sitemap use {links} (--base-url)"
            ));
        } else if let Some(address) = everywhere {
            let host = url.trim_start_matches("http://").split('/').next();
            line.push_str(&format!(
                "; links, feeds and the sitemap use {}, not {address}: give --base-url for another host",
                host.unwrap_or(url)
            ));
        }
        println!("{line}");
    }

    fn rebuilt(&self, update: &Update, elapsed: Duration) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        for warning in &update.warnings {
            eprintln!("{warning}");
        }
        println!(
            "Built {} briefs: {} pages rendered in {:.0} ms",
            update.briefs,
            update.pages_rendered,
            elapsed.as_secs_f64() * 1000.0
        );
        if self.verbosity == Verbosity::Verbose {
            crate::cmd::build::print_timings(&update.timings);
        }
    }

    fn indexed(&self, outcome: &std::result::Result<usize, String>, elapsed: Duration) {
        match outcome {
            Ok(records) if self.verbosity != Verbosity::Quiet => println!(
                "Search index: {records} pages indexed in {:.1} s",
                elapsed.as_secs_f64()
            ),
            Ok(_) => {}
            Err(message) => eprintln!("{message}"),
        }
    }

    fn failed(&self, error: &Error, last_good: bool) {
        match error {
            Error::Content(diagnostics) => {
                crate::report::print_diagnostics(diagnostics, &self.root)
            }
            other => eprintln!("{other}"),
        }
        if last_good {
            eprintln!(
                "The last good version is still served, with this error over each page; fix the problem and save."
            );
        } else {
            eprintln!(
                "Nothing has been built yet: every page shows this error; fix the problem and save."
            );
        }
    }
}

/// Serves until Ctrl-C.
pub(crate) fn run(args: &ServeArgs, verbosity: Verbosity) -> Result<Outcome> {
    let stop = Arc::new(AtomicBool::new(false));
    let handler_stop = stop.clone();
    ctrlc::set_handler(move || handler_stop.store(true, Ordering::SeqCst))
        .map_err(|e| Error::Serve(format!("cannot handle Ctrl-C: {e}")))?;
    let options = ServeOptions {
        root: args.root.root.clone(),
        bind: args.bind.clone(),
        port: args.port,
        drafts: args.drafts,
        future: args.future,
        base_url: args.base_url.clone(),
    };
    let terminal = Terminal {
        verbosity,
        root: args.root.root.clone(),
    };
    serve(&options, &terminal, stop)?;
    if verbosity != Verbosity::Quiet {
        println!("Stopped.");
    }
    Ok(Outcome::Success)
}
