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

/// The fixture for citations, Crossref deposits, scheduling, redirects and catalogues: two
/// authors, a name particle, a "Jr." suffix, a single name, profile-set family and given names,
/// a brief without series, a DOI, an ORCID, a series with an ISSN, a brief scheduled for
/// 2025-03-04 09:00 +01:00 (08:00 UTC) that another links to, and aliases.
pub fn scholarly_site() -> Site {
    let site = Site::new();
    site.write(
        "site.toml",
        "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[publisher]\nname = \"Test Institute\"\nreport_type = \"Policy Brief\"\nror = \"https://ror.org/05gq02987\"\n\n[crossref]\ndepositor_name = \"Test Institute\"\nemail = \"doi@example.org\"\nregistrant = \"Test Institute\"\n",
    );
    site.write(
        "content/briefs/2025/2025-02-13-talks.md",
        &brief(
            "Talks Enter a New Phase: What Next?",
            "2025-02-13",
            &["Łukasz Żółkiewski", "Jan van der Berg"],
            "topics = [\"European Security\", \"Energy & Climate\"]\nseries = \"Spotlight\"\nnumber = 11\ndoi = \"10.12345/ti.2025.11\"\naliases = [\"/briefs/2024/talks-draft/\", \"/publications/1234.html\"]\n",
        ),
    );
    site.write(
        "content/briefs/2025/2025-01-20-dream.md",
        &brief(
            "A Dream Deferred",
            "2025-01-20",
            &["Martin Luther King Jr.", "Gabriel García Márquez"],
            "topics = [\"Civil Rights\"]\ndoi = \"10.12345/ti.2025.2\"\n",
        ),
    );
    site.write(
        "content/briefs/2024/2024-11-05-republic.md",
        &brief(
            "The Republic's Guardians",
            "2024-11-05",
            &["Plato"],
            "series = \"Policy Paper\"\nnumber = 4\n",
        ),
    );
    site.write(
        "content/briefs/2025/2025-03-04-later.md",
        &brief(
            "Scheduled for Later",
            "2025-03-04",
            &["Jan van der Berg"],
            "publish_at = 2025-03-04T09:00:00+01:00\nseries = \"Spotlight\"\nnumber = 12\ndoi = \"10.12345/ti.2025.12\"\n",
        ),
    );
    site.write(
        "content/authors/lukasz-zolkiewski.md",
        "+++\nname = \"Łukasz Żółkiewski\"\norcid = \"0000-0002-1825-0097\"\n+++\nŁukasz writes about security.\n",
    );
    site.write(
        "content/authors/gabriel-garcia-marquez.md",
        "+++\nname = \"Gabriel García Márquez\"\nfamily = \"García Márquez\"\ngiven = \"Gabriel\"\n+++\n",
    );
    site.write(
        "content/series/spotlight.md",
        "+++\nname = \"Spotlight\"\nissn = \"2657-4128\"\n+++\nShort analyses.\n",
    );
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About Us\"\naliases = [\"/who-we-are\"]\n+++\nWe are an institute.\n",
    );
    site
}

/// The folder of the repository, where `scripts/` and `tests/` are.
pub fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What `scripts/test-deps.sh` installs: citation-js, the CSL styles, the Crossref XSD and
/// xmllint. Runs the script when something is missing; `None` (after saying why) only when
/// they cannot be installed here.
pub fn test_deps() -> Option<PathBuf> {
    static READY: std::sync::Mutex<Option<bool>> = std::sync::Mutex::new(None);
    let repo = repo_dir();
    let deps = repo.join("target/test-deps");
    let present = || {
        repo.join("tests/citeproc/node_modules/@citation-js/plugin-csl/package.json")
            .is_file()
            && deps.join("styles/apa.csl").is_file()
            && deps.join("styles/chicago-author-date.csl").is_file()
            && deps.join("crossref-xsd10/crossref5.5.0.xsd").is_file()
            && Command::new("xmllint").arg("--version").output().is_ok()
            && Command::new("node").arg("--version").output().is_ok()
    };
    let mut ready = READY.lock().unwrap_or_else(|e| e.into_inner());
    if ready.is_none() {
        if !present() {
            let status = Command::new("bash")
                .arg(repo.join("scripts/test-deps.sh"))
                .status();
            if !matches!(status, Ok(s) if s.success()) {
                eprintln!("scripts/test-deps.sh failed: {status:?}");
            }
        }
        *ready = Some(present());
    }
    if *ready == Some(true) {
        Some(deps)
    } else {
        eprintln!(
            "SKIPPED: citation-js, the CSL styles, the Crossref XSD or xmllint could not be installed (see scripts/test-deps.sh)"
        );
        None
    }
}
