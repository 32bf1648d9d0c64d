//! Shared helpers for the integration tests: a fixture site in a temp folder, built by the real
//! `dossier` binary.
#![allow(dead_code)]

pub mod serving;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
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

/// A site that builds: two briefs by one author, the first numbered in a series.
pub fn two_briefs() -> Site {
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &brief(
            "Alpha",
            "2025-01-10",
            &["Ann Lee"],
            "series = \"Spotlight\"\nnumber = 1\n",
        ),
    );
    site.write(
        "content/briefs/2025/b.md",
        &brief("Beta", "2025-02-10", &["Ann Lee"], ""),
    );
    site
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

    /// A site without generated PDFs, for tests of other things (a debug build typesets slowly).
    pub fn without_pdfs() -> Site {
        let site = Site::new();
        site.write(
            "site.toml",
            &format!("{SITE_TOML}\n[pdf]\ngenerate = false\n"),
        );
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

/// The output file of a URL path under `base_path` (`/think/`): `/think/pl/` is
/// `pl/index.html`.
pub fn file_of(base_path: &str, url: &str) -> String {
    let rel = url
        .strip_prefix(base_path)
        .unwrap_or_else(|| panic!("{url} is not under {base_path}"));
    format!("{rel}index.html")
}

/// The brief URLs a listing shows across all its pages, following `<link rel="next">` from
/// the first page; and how many pages there were.
pub fn follow(site: &Site, base_path: &str, first: &str) -> (Vec<String>, usize) {
    let next = Selector::parse("link[rel=next]").unwrap();
    let (mut url, mut listed, mut pages) = (first.to_string(), Vec::new(), 0);
    loop {
        pages += 1;
        assert!(pages < 20, "{first}: pagination does not end");
        let page = site.html(&file_of(base_path, &url));
        listed.extend(brief_links(&page));
        let Some(link) = page.select(&next).next() else {
            return (listed, pages);
        };
        let href = link.value().attr("href").unwrap();
        assert_eq!(href, format!("{first}page/{}/", pages + 1), "{url}");
        url = href.to_string();
    }
}

/// A feed of the built site, checked to be well-formed XML and parsed as a feed.
pub fn parse_feed(site: &Site, path: &str) -> feed_rs::model::Feed {
    let xml = site.output(path);
    roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: not XML: {e}"));
    feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{path}: not a feed: {e}"))
}

/// Every file of the built site whose name ends with `suffix`, relative to `public/`, sorted.
pub fn outputs_ending(site: &Site, suffix: &str) -> Vec<String> {
    let mut files: Vec<String> = site
        .snapshot()
        .into_keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// The values of `attr` on every element matching `css`.
pub fn attrs(page: &Html, css: &str, attr: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    page.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// A page's `<link rel="alternate" hreflang>` links, as (hreflang, href), in page order.
pub fn hreflangs(page: &Html) -> Vec<(String, String)> {
    let selector = Selector::parse("head link[rel=alternate][hreflang]").unwrap();
    page.select(&selector)
        .map(|l| {
            let attr = |name| l.value().attr(name).unwrap().to_string();
            (attr("hreflang"), attr("href"))
        })
        .collect()
}

/// A site of `site.toml` text and files, each as (path, text).
pub fn site_with(site_toml: &str, files: &[(&str, &str)]) -> Site {
    let site = Site::new();
    site.write("site.toml", site_toml);
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

/// The `content` of every `<meta name>` or `<meta property>` of that name.
pub fn meta(page: &Html, name: &str) -> Vec<String> {
    attrs(
        page,
        &format!("meta[name='{name}'], meta[property='{name}']"),
        "content",
    )
}

/// The text of every element matching `css`.
pub fn texts(page: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    page.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

/// The absolute URL of an output HTML file (`pl/index.html`) of a site at `base`.
pub fn permalink(base: &str, rel: &str) -> String {
    format!("{base}/{}", rel.strip_suffix("index.html").unwrap_or(rel))
}

/// The output HTML file of an absolute URL of a site at `base`.
pub fn file_of_permalink(base: &str, url: &str) -> String {
    let path = url.strip_prefix(base).expect("a URL of the site");
    format!("{}index.html", path.trim_start_matches('/'))
}

/// A listing (a folder of the site at `base`, `pl/topics/energy/`): the brief URLs it shows
/// across its pages, how many pages, and the entries of its feed if it has one, all as paths.
pub fn listing(site: &Site, base: &str, folder: &str) -> (Vec<String>, usize, Option<Vec<String>>) {
    let url = url::Url::parse(base).unwrap();
    let base_path = format!("{}/", url.path().trim_end_matches('/'));
    let (briefs, pages) = follow(site, &base_path, &format!("{base_path}{folder}"));
    let feed = format!("{folder}feed.xml");
    let entries = site.exists(&feed).then(|| {
        let feed = parse_feed(site, &feed);
        let links = feed.entries.iter().map(|e| e.links[0].href.clone());
        let origin = url.origin().ascii_serialization();
        links.map(|href| href.replacen(&origin, "", 1)).collect()
    });
    (briefs, pages, entries)
}

/// A page's JSON-LD.
pub fn json_ld(page: &Html) -> serde_json::Value {
    serde_json::from_str(&text(page, "script[type='application/ld+json']")).unwrap()
}

/// Whether a command's output holds a diagnostic that starts with `heading`
/// (`warning: topic …`) placed in the file `path`, drawn as `check` draws them or on one line
/// as `build` writes them.
pub fn has_diagnostic(output: &str, heading: &str, path: &str) -> bool {
    let lines: Vec<&str> = output.lines().collect();
    let at = format!("┌─ {path}:");
    let drawn = lines
        .windows(2)
        .any(|w| w[0].starts_with(heading) && w[1].trim_start().starts_with(&at));
    let one_line = lines
        .iter()
        .any(|l| l.starts_with(&format!("{path}:")) && l.contains(&format!(": {heading}")));
    drawn || one_line
}

/// Panics, showing the output, unless it holds the diagnostic (see [`has_diagnostic`]).
pub fn assert_diagnostic(output: &str, heading: &str, path: &str) {
    assert!(
        has_diagnostic(output, heading, path),
        "no `{heading}` in {path}:\n{output}"
    );
}

/// A field of the one entry of a BibTeX file, checked to parse, as plain text.
pub fn bibtex_field(bib: &str, name: &str) -> Option<String> {
    use biblatex::ChunksExt;
    let bib = biblatex::Bibliography::parse(bib).expect("BibTeX parses");
    let entry = bib.iter().next().expect("one entry");
    entry.get(name).map(|chunks| chunks.format_verbatim())
}

// --- Whole sites and permissions, for the tests of the output folder -----------------------

/// Every file of a built site, with its bytes.
pub type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

/// Panics unless the output holds exactly the files and bytes of `expected`.
pub fn assert_site(actual: &Snapshot, expected: &Snapshot, what: &str) {
    let paths: std::collections::BTreeSet<&PathBuf> =
        actual.keys().chain(expected.keys()).collect();
    let differ: Vec<String> = paths
        .into_iter()
        .filter(|p| actual.get(*p) != expected.get(*p))
        .take(10)
        .map(|p| p.display().to_string())
        .collect();
    assert!(differ.is_empty(), "{what}: these files differ: {differ:#?}");
}

/// Runs the binary as an unprivileged user (nobody) when the tests run as root, who may
/// write anywhere: then permissions take effect.
pub fn as_user(site: &Site, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1");
    if is_root() {
        command.uid(65534).gid(65534);
    }
    command.output().unwrap().into()
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Hands the whole site to the unprivileged user (when root), so that it can build it.
pub fn give_to_user(site: &Site) {
    if !is_root() {
        return;
    }
    for entry in walkdir::WalkDir::new(site.root())
        .into_iter()
        .map(Result::unwrap)
    {
        std::os::unix::fs::lchown(entry.path(), Some(65534), Some(65534)).unwrap();
    }
}

pub fn chmod(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// The staging area beside `public/`.
pub const AREA: &str = ".public.dossier-staging";

/// Panics if a staging file is in the output (where a deploy would publish it), or, with
/// `beside`, if a staging area is left beside it.
pub fn assert_no_staging(site: &Site, beside: bool, what: &str) {
    let inside = walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().contains("dossier-staging"));
    assert!(inside.is_none(), "{what}: {inside:?} in the output");
    if beside {
        assert!(!site.path(AREA).exists(), "{what}: a staging area is left");
    }
}

/// The items of one property of an XMP packet (`dc:creator`, `dc:language`): each `<rdf:li>`
/// of its list, as `pdfinfo -meta` prints the packet.
pub fn xmp_items(xmp: &str, property: &str) -> Vec<String> {
    let list = xmp
        .split(&format!("<{property}>"))
        .nth(1)
        .and_then(|rest| rest.split(&format!("</{property}>")).next())
        .unwrap_or_default();
    list.split("<rdf:li")
        .skip(1)
        .filter_map(|li| li.split_once('>').map(|(_, rest)| rest))
        .filter_map(|li| li.split("</rdf:li>").next())
        .map(str::to_string)
        .collect()
}

/// A real PNG of `width` × `height` pixels, every one the grey `shade`.
pub fn png_of(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&vec![shade; (width * height * 3) as usize])
        .unwrap();
    writer.finish().unwrap();
    bytes
}
