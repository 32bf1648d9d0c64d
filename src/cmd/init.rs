//! `dossier init [DIR]`: a ready site with sample content, using the built-in theme.

use std::path::{Path, PathBuf};

use chrono::{Days, Local, NaiveDate};

use crate::cli::{CiHost, InitArgs, Verbosity};
use crate::cmd::Outcome;
use crate::error::{Error, Result};
use crate::slug::slugify;
use crate::theme::DEFAULT_THEME;

const SITE_TOML: &str = include_str!("../scaffold/site.toml");
const BRIEF_1: &str = include_str!("../scaffold/brief-1.md");
const BRIEF_2: &str = include_str!("../scaffold/brief-2.md");
const AUTHOR: &str = include_str!("../scaffold/author.md");
const ABOUT: &str = include_str!("../scaffold/about.md");
/// The EU model accessibility statement (Implementing Decision (EU) 2018/1523), with blanks
/// (`[COMPLETE: …]`) that `check` warns about until the institute fills them in.
const ACCESSIBILITY: &str = include_str!("../scaffold/accessibility.md");
const SERIES: &str = include_str!("../scaffold/series.md");
const TOPIC_ENERGY: &str = include_str!("../scaffold/topic-energy.md");
const TOPIC_PUBLISHING: &str = include_str!("../scaffold/topic-publishing.md");

/// What git should not track: the built site and the build cache, both made again by a build.
const GITIGNORE: &str =
    "# Made by `dossier build`; `dossier clean` removes both.\n/public/\n/.dossier-cache/\n";

/// Creates the site; refuses a non-empty folder without `--force` and never overwrites a file.
pub(crate) fn run(args: &InitArgs, verbosity: Verbosity) -> Result<Outcome> {
    let dir = &args.dir;
    // A file where the site's folder, or a folder above it, would be.
    if let Some(file) = dir.ancestors().find(|p| p.exists()).filter(|p| !p.is_dir()) {
        return Err(Error::Usage(format!(
            "{} is a file, not a folder: `dossier init` makes a site in a folder; name a new folder (`dossier init my-site`)",
            file.display()
        )));
    }
    if let Some(host) = args.ci
        && dir.join(crate::config::CONFIG_FILE).is_file()
    {
        return add_ci(dir, host, verbosity);
    }
    let has_entries = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if has_entries && !args.force {
        return Err(Error::Usage(format!(
            "{} is not empty; run `dossier init` in an empty folder, name a new one (`dossier init my-site`), \
             or add --force to add the missing files (existing files are never overwritten)",
            dir.display()
        )));
    }
    let today = Local::now().date_naive();
    let mut created = Vec::new();
    let mut kept = Vec::new();
    let mut files = scaffold(today);
    if let Some(host) = args.ci {
        files.push(super::ci::file(host));
    }
    for (rel, text) in files {
        let path = dir.join(&rel);
        if path.exists() {
            kept.push(rel);
            continue;
        }
        write_new(&path, text.as_bytes())?;
        created.push(rel);
    }
    if args.theme_copy {
        for file in all_files(&DEFAULT_THEME) {
            let rel = Path::new("themes/default").join(file.path());
            let path = dir.join(&rel);
            if path.exists() {
                kept.push(rel);
            } else {
                write_new(&path, file.contents())?;
                created.push(rel);
            }
        }
    }
    if verbosity != Verbosity::Quiet {
        for rel in &created {
            println!("created {}", rel.display());
        }
        for rel in &kept {
            println!("kept    {} (already there)", rel.display());
        }
        let cd = if dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", dir.display())
        };
        println!("\nYour site is ready. Next: {cd}dossier serve");
        if let Some(host) = args.ci {
            println!("{}", super::ci::next_steps(host));
        }
    }
    Ok(Outcome::Success)
}

/// The starter files, relative to the site's folder.
fn scaffold(today: NaiveDate) -> Vec<(PathBuf, String)> {
    let earlier = today.checked_sub_days(Days::new(7)).unwrap_or(today);
    let brief = |date: NaiveDate, template: &str, placeholder: &str| {
        let text = template.replace(placeholder, &date.format("%Y-%m-%d").to_string());
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("title = \""))
            .map(|t| t.trim_end_matches('"').to_string())
            .unwrap_or_default();
        let path = PathBuf::from(format!(
            "content/briefs/{}/{}-{}.md",
            date.format("%Y"),
            date.format("%Y-%m-%d"),
            slugify(&title)
        ));
        (path, text)
    };
    vec![
        (PathBuf::from("site.toml"), SITE_TOML.to_string()),
        brief(earlier, BRIEF_1, "{DATE1}"),
        brief(today, BRIEF_2, "{DATE2}"),
        (
            PathBuf::from("content/authors/jane-analyst.md"),
            AUTHOR.to_string(),
        ),
        (
            PathBuf::from("content/series/commentary.md"),
            SERIES.to_string(),
        ),
        (
            PathBuf::from("content/topics/energy.md"),
            TOPIC_ENERGY.to_string(),
        ),
        (
            PathBuf::from("content/topics/publishing.md"),
            TOPIC_PUBLISHING.to_string(),
        ),
        (PathBuf::from("content/pages/about.md"), ABOUT.to_string()),
        (
            PathBuf::from("content/pages/accessibility.md"),
            ACCESSIBILITY.to_string(),
        ),
        (PathBuf::from("static/.gitkeep"), String::new()),
        (PathBuf::from(".gitignore"), GITIGNORE.to_string()),
    ]
}

/// `init --ci HOST` in an existing site: only the host's file, never replacing one.
fn add_ci(dir: &Path, host: CiHost, verbosity: Verbosity) -> Result<Outcome> {
    let (rel, text) = super::ci::file(host);
    let path = dir.join(&rel);
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; remove or rename it to have `dossier init --ci` write it again",
            path.display()
        )));
    }
    write_new(&path, text.as_bytes())?;
    if verbosity != Verbosity::Quiet {
        println!("created {}", rel.display());
        println!("{}", super::ci::next_steps(host));
    }
    Ok(Outcome::Success)
}

fn all_files(dir: &'static include_dir::Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        files.extend(all_files(sub));
    }
    files.sort_by_key(|f| f.path());
    files
}

/// Writes a file that must not exist yet, creating its folder.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    // create_new: never replace a file that appeared in the meantime.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))
}
