//! The command line: `dossier build` and its options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Dossier builds a static website from a folder of policy briefs written in Markdown.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
}

/// Options of `dossier build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder, where site.toml is.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Write the site here instead of site.toml's output_dir.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include briefs marked draft = true.
    #[arg(long)]
    pub drafts: bool,
}
