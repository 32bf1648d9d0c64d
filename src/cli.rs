//! The command line: subcommands and their options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Dossier builds a static website from a folder of policy briefs written in Markdown.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, long_about = None)]
pub struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print each stage's timing.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
    /// Load, validate and render the whole site in memory and report every problem; writes nothing.
    Check(CheckArgs),
    /// Remove the built site (the output folder) and the build cache.
    Clean(CleanArgs),
    /// Write the editors' CMS (Decap CMS) from site.toml: static/admin/config.yml and its page.
    Cms(CmsArgs),
    /// Write a Crossref deposit (doi_batch, schema 5.5.0) of the briefs that have a DOI.
    Crossref(CrossrefArgs),
    /// Bring in what exists elsewhere: Word documents as briefs, a WordPress export as a site.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Create a new site, ready to build.
    Init(InitArgs),
    /// Create a brief, a profile (author, topic, series, term) or a page with complete front matter.
    #[command(subcommand)]
    New(NewCommand),
    /// Serve the site locally, rebuilding and reloading the browser on every save.
    Serve(ServeArgs),
}

/// The site's folder.
#[derive(Debug, Args, Clone)]
pub struct RootArg {
    /// The site's folder, where site.toml is.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// Options of `dossier build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Write the site here instead of site.toml's output_dir.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Use this base URL instead of site.toml's base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include briefs marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Make every file again without the build cache: deletes an existing .dossier-cache/
    /// (what it knew would be out of date) and saves none.
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

/// Which briefs are out yet.
#[derive(Debug, Args, Clone, Default)]
pub struct ScheduleArgs {
    /// Include briefs whose date or publish_at is after the build time (for a preview host).
    #[arg(long)]
    pub future: bool,
    /// The build time, instead of the clock's: 2025-03-04T09:00:00+01:00, or a date (its start, UTC).
    #[arg(long, value_name = "DATETIME", value_parser = parse_now)]
    pub now: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// `--now`: an RFC 3339 date-time, or a date (its start, in UTC).
fn parse_now(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc().fixed_offset())
        })
        .map_err(|_| {
            format!("`{text}` is not a date-time: write 2025-03-04T09:00:00+01:00 or 2025-03-04")
        })
}

/// Options of `dossier clean`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// The output folder to remove instead of site.toml's output_dir.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// Options of `dossier cms`.
#[derive(Debug, Args)]
pub struct CmsArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Replace admin files that were edited by hand or not written by `dossier cms`.
    #[arg(long)]
    pub force: bool,
    /// In a site with several languages, rename each original `NAME.md` to `NAME.{default
    /// language}.md`, the name Decap CMS opens it by.
    #[arg(long)]
    pub rename_originals: bool,
}

/// Options of `dossier crossref`.
#[derive(Debug, Args)]
pub struct CrossrefArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Only briefs published or updated on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<chrono::NaiveDate>,
    /// Write the deposit to this file instead of standard output (never inside the site's output folder).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The time of the deposit (its batch id and timestamp) and of which briefs are out, instead of the clock's.
    #[arg(long, value_name = "DATETIME", value_parser = parse_now)]
    pub now: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// Options of `dossier check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Include briefs marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Also request every external link (HTTP and HTTPS) and report the failing ones.
    #[arg(long)]
    pub external: bool,
    /// Seconds to wait for each external link.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

/// Options of `dossier init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the site (default: the current folder, which must be empty).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Add to a folder that is not empty (existing files are never overwritten).
    #[arg(long)]
    pub force: bool,
    /// Also write the default theme into themes/default/ for editing.
    #[arg(long)]
    pub theme_copy: bool,
    /// Also write the file that builds and publishes the site on this host; in an existing site
    /// (a folder with site.toml), write only that file.
    #[arg(long, value_enum, value_name = "HOST")]
    pub ci: Option<CiHost>,
}

/// Where `init --ci` sets up publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CiHost {
    /// GitHub Pages, built and deployed by GitHub Actions (.github/workflows/pages.yml).
    Github,
    /// GitLab Pages: a `pages` job in .gitlab-ci.yml.
    Gitlab,
    /// Netlify: netlify.toml.
    Netlify,
    /// Cloudflare Pages, deployed with Wrangler from GitHub Actions
    /// (.github/workflows/cloudflare-pages.yml).
    Cloudflare,
}

/// What `dossier new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A brief: content/briefs/{year}/{date}-{slug}.md, as a draft.
    Brief(NewBriefArgs),
    /// An author profile: content/authors/{slug}.md.
    Author(NewNamedArgs),
    /// A topic's profile: content/topics/{slug}.md.
    Topic(NewNamedArgs),
    /// A series' profile: content/series/{slug}.md.
    Series(NewNamedArgs),
    /// A profile of a term of a taxonomy declared in site.toml: content/{taxonomy}/{slug}.md.
    Term(NewTermArgs),
    /// A standalone page: content/pages/{slug}.md.
    Page(NewNamedArgs),
    /// A translation of a brief, page or profile: NAME.{lang}.md beside NAME.md, with the
    /// original's front matter and text to translate (a brief's as a draft).
    Translation(NewTranslationArgs),
}

/// Options of `dossier new translation`.
#[derive(Debug, Args)]
pub struct NewTranslationArgs {
    /// The file to translate: content/briefs/2025/x.md, a bundle's index.md, a page or profile.
    pub path: PathBuf,
    /// The language to translate into, one of site.toml's `[languages.CODE]`.
    #[arg(long, value_name = "CODE")]
    pub lang: String,
    #[command(flatten)]
    pub root: RootArg,
}

/// Options of `dossier new brief`.
#[derive(Debug, Args)]
pub struct NewBriefArgs {
    /// The brief's title.
    pub title: String,
    #[command(flatten)]
    pub root: RootArg,
    /// The series; the brief gets the next free number in it for the year.
    #[arg(long)]
    pub series: Option<String>,
    /// An author (repeat for several).
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// A topic (repeat for several).
    #[arg(long = "topic", value_name = "NAME")]
    pub topics: Vec<String>,
    /// Publication date, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
    /// Create a bundle folder (index.md), for a PDF or images beside the brief.
    #[arg(long)]
    pub bundle: bool,
}

/// Options of `dossier new term`.
#[derive(Debug, Args)]
pub struct NewTermArgs {
    /// The taxonomy, by its `name` in site.toml: regions.
    pub taxonomy: String,
    /// The term's name, as briefs give it.
    pub name: String,
    #[command(flatten)]
    pub root: RootArg,
}

/// Options of `dossier new author|topic|series|page`.
#[derive(Debug, Args)]
pub struct NewNamedArgs {
    /// The name (of the author, topic or series) or the page's title.
    pub name: String,
    #[command(flatten)]
    pub root: RootArg,
}

/// Options of `dossier serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on (0.0.0.0: every address of this machine).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Use this base URL in links, feeds and the sitemap (and serve under its path) instead of
    /// the local address with site.toml's base_url path.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include briefs marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Include briefs whose date or publish_at is still to come.
    #[arg(long)]
    pub future: bool,
}

/// What `dossier import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Word documents (.docx): one brief bundle each, content/briefs/{year}/{slug}/index.md,
    /// with its pictures beside it.
    Docx(ImportDocxArgs),
    /// A WordPress export (WXR, Tools > Export): posts as briefs, pages, author and topic
    /// profiles, old addresses as aliases.
    Wordpress(ImportWordpressArgs),
}

/// Options of `dossier import docx`.
#[derive(Debug, Args)]
pub struct ImportDocxArgs {
    /// The .docx files.
    #[arg(value_name = "FILE.docx", required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub root: RootArg,
    /// The series; each brief gets the next free number in it for its year.
    #[arg(long)]
    pub series: Option<String>,
    /// The number in the series (the next files get the numbers after it).
    #[arg(long, requires = "series")]
    pub number: Option<u32>,
    /// An author (repeat for several); default: the document's creator.
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// A topic (repeat for several).
    #[arg(long = "topic", value_name = "NAME")]
    pub topics: Vec<String>,
    /// The language of the documents, one of the site's (default: the site's first).
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Publication date, YYYY-MM-DD (default: the document's creation date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<chrono::NaiveDate>,
    /// Mark the briefs `draft = true`.
    #[arg(long)]
    pub draft: bool,
    /// Tracked changes: `accept` keeps insertions and drops deletions; `reject` the reverse.
    #[arg(long, value_enum, default_value = "accept", value_name = "WHICH")]
    pub track_changes: TrackChanges,
    /// Overwrite a brief that exists.
    #[arg(long)]
    pub force: bool,
}

/// Which side of a document's tracked changes to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrackChanges {
    /// The document with every change accepted.
    Accept,
    /// The document with every change rejected.
    Reject,
}

/// Options of `dossier import wordpress`.
#[derive(Debug, Args)]
pub struct ImportWordpressArgs {
    /// The export file (WXR, from Tools > Export in WordPress).
    #[arg(value_name = "EXPORT.xml")]
    pub export: PathBuf,
    #[command(flatten)]
    pub root: RootArg,
    /// A copy of the site's wp-content/uploads folder: the images posts use are copied into
    /// their bundles and their links rewritten.
    #[arg(long, value_name = "DIR")]
    pub uploads: Option<PathBuf>,
    /// The post type that becomes briefs.
    #[arg(long, default_value = "post", value_name = "TYPE")]
    pub post_type: String,
    /// Only the posts in this category (name or slug; repeat for several).
    #[arg(long = "category", value_name = "NAME")]
    pub categories: Vec<String>,
    /// Put every imported brief in this series, numbered by date within each year.
    #[arg(long, value_name = "NAME")]
    pub as_series: Option<String>,
    /// Overwrite files that exist (default: skip them).
    #[arg(long)]
    pub force: bool,
}

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Only errors.
    Quiet,
    /// Summaries and warnings.
    Normal,
    /// Also each stage's timing.
    Verbose,
}

impl Cli {
    /// The verbosity the flags ask for.
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}
