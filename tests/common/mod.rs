//! Shared helpers for the integration tests: a fixture site in a temp folder, built by the real
//! `dossier` binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// A site in a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
}

/// What a run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

pub const SITE_TOML: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[publisher]\nname = \"Test Institute\"\n";

/// A brief's front matter and body.
pub fn brief(title: &str, date: &str, authors: &[&str], extra: &str) -> String {
    let authors: Vec<String> = authors.iter().map(|a| format!("{a:?}")).collect();
    format!(
        "+++\ntitle = {title:?}\ndate = {date}\nauthors = [{}]\n{extra}+++\nLead paragraph of {title}.\n\n## What happened?\n\nText.\n\n## What next?\n\nMore text.\n",
        authors.join(", ")
    )
}

impl Site {
    /// An empty folder with a `site.toml`.
    pub fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write("site.toml", SITE_TOML);
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Site {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
    }

    /// Runs `dossier ARGS` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    /// `dossier build` with extra arguments; panics with the output when it fails.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "build failed:\n{}\n{}", run.stdout, run.stderr);
        run
    }

    /// A file of the built site, as text.
    pub fn output(&self, rel: &str) -> String {
        fs::read_to_string(self.path("public").join(rel))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.output(rel))
    }

    /// Every file under public/, with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let public = self.path("public");
        walkdir::WalkDir::new(&public)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(&public).unwrap().to_path_buf(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }
}

/// Runs `dossier ARGS` in `dir`, without colour.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier")
        .into()
}

/// The brief URLs a page links to inside `<main>`, in order, without repeats.
pub fn brief_links(page: &Html) -> Vec<String> {
    let selector = Selector::parse("main a[href]").unwrap();
    let mut links: Vec<String> = Vec::new();
    for a in page.select(&selector) {
        let href = a.value().attr("href").unwrap().to_string();
        let is_brief =
            href.contains("/briefs/") && href.matches('/').count() >= 4 && !href.contains('#');
        if is_brief && !links.contains(&href) && !href.ends_with(".pdf") {
            links.push(href);
        }
    }
    links
}

/// The text of the first element matching `css`.
pub fn text(page: &Html, css: &str) -> String {
    let selector = Selector::parse(css).unwrap();
    page.select(&selector)
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default()
}

/// Every `href` and `src` in a page.
pub fn urls(page: &Html) -> Vec<String> {
    let selector = Selector::parse("[href], [src]").unwrap();
    page.select(&selector)
        .flat_map(|e| [e.value().attr("href"), e.value().attr("src")])
        .flatten()
        .map(str::to_string)
        .collect()
}
