//! Dossier: a static site generator for think-tank and policy-institute briefs.
//!
//! The pipeline: `site.toml` + `content/` → `content::Library` (load, validate) →
//! `content::Indexes` → `emit` (every output: pages, feeds, citations, search, PDFs) → a sink
//! (only what changed). `build::build` runs it end to end; `build::Session` keeps a site in
//! memory for `serve`. ARCHITECTURE.md is the map of the layers. The binary's only door in is
//! [`run`], with a parsed [`cli::Cli`].

mod bodies;
mod build;
mod check;
pub mod cli;
mod cmd;
mod cms;
mod config;
mod content;
mod emit;
mod error;
mod i18n;
mod ids;
mod images;
mod import;
#[cfg(test)]
mod incremental_tests;
mod interrupt;
mod lang;
mod markdown;
mod output;
mod placeholder;
mod progress;
#[cfg(test)]
mod properties_tests;
mod publish;
mod report;
mod routes;
mod schema;
mod serve;
mod slug;
mod sources;
mod text;
mod theme;

pub use cmd::Outcome;
pub use error::{Diagnostic, Error, Result};

/// The stack of each worker thread.
pub(crate) const WORKER_STACK: usize = 32 * 1024 * 1024;

/// Runs a parsed command line.
pub fn run(cli: cli::Cli) -> Result<Outcome> {
    // Typst's layout recurses deeply (the more so in a debug build): the threads that make the
    // files get a larger stack than Rust's default 2 MiB. Memory is only used as it is touched.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build_global();
    let verbosity = cli.verbosity();
    match &cli.command {
        cli::Command::Build(args) => cmd::build::run(args, verbosity),
        cli::Command::Check(args) => cmd::check::run(args, verbosity),
        cli::Command::Clean(args) => cmd::clean::run(args, verbosity),
        cli::Command::Cms(args) => cmd::cms::run(args, verbosity),
        cli::Command::Crossref(args) => cmd::crossref::run(args, verbosity),
        cli::Command::Import(command) => cmd::import::run(command, verbosity),
        cli::Command::Init(args) => cmd::init::run(args, verbosity),
        cli::Command::New(command) => cmd::new::run(command, verbosity),
        cli::Command::Serve(args) => cmd::serve::run(args, verbosity),
    }
}
