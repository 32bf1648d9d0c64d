//! Dossier: a static site generator for think-tank and policy-institute briefs.
//!
//! The pipeline: `site.toml` + `content/` → [`content::Library`] (load, validate) →
//! [`content::Indexes`] → render (Tera: site, then theme, then built-in templates) → write
//! (only what changed). [`pipeline::build`] runs it end to end.

pub mod cli;
mod cmd;
pub mod config;
pub mod content;
pub mod error;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod publish;
mod render;
pub mod slug;
mod theme;

pub use error::{Diagnostic, Error, Result};

/// Runs a parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    match cli.command {
        cli::Command::Build(args) => cmd::build::run(&args),
    }
}
