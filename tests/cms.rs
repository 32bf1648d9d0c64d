//! The editors' CMS (issue 22): `dossier cms` on a copy of the example site, then Decap CMS in
//! headless Chromium (playwright-core), its bundle from npm's decap-cms served with the built
//! site and decap-server (Decap's local backend, npm) writing to the site's folder. The CMS
//! must load the configuration without an error, list every collection and every brief; a
//! brief created in it (two authors, a topic, a series, a footnote, a Polish translation) must
//! pass `check` and show on its author and topic pages; a summary edited in it, in English and
//! in Polish, must change that field and nothing else. Needs node, Chromium and the npm
//! packages (.ci/run installs them in .cache/node); without them the test says so and skips,
//! unless DOSSIER_REQUIRE_BROWSER=1.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{repo_dir, run_in};

/// What the test needs, when it is there.
struct Harness {
    chromium: PathBuf,
    modules: PathBuf,
}

fn harness() -> Result<Harness, String> {
    let modules = std::env::var_os("DOSSIER_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_dir().join(".cache/node/node_modules"));
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("node is not installed".into());
    }
    if !chromium.exists() {
        return Err(format!("{} is not installed", chromium.display()));
    }
    for package in ["playwright-core", "decap-cms", "decap-server"] {
        if !modules.join(package).exists() {
            return Err(format!(
                "npm's {package} is not in {} (.ci/run installs it)",
                modules.display()
            ));
        }
    }
    Ok(Harness { chromium, modules })
}

/// decap-server, stopped when dropped.
struct Backend(Child);

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts decap-server on `site`; waits until it listens.
fn start_backend(harness: &Harness, site: &Path, port: u16) -> Backend {
    let child = Command::new("node")
        .arg(harness.modules.join("decap-server/dist/index.js"))
        .current_dir(site)
        .env("PORT", port.to_string())
        .env("GIT_REPO_DIRECTORY", site)
        .env("LOG_LEVEL", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("start decap-server");
    let backend = Backend(child);
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "decap-server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    backend
}

/// A PNG of 1200 × 630 pixels, the size of a social card, in `dir`, to upload.
fn card_png(dir: &Path) -> PathBuf {
    let path = dir.join("winter-card.png");
    std::fs::write(&path, common::png_of(1200, 630, 90)).unwrap();
    path
}

/// Copies a folder, recursively.
fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The example site in a temporary folder, without PDFs (a debug build typesets them slowly,
/// and they have nothing to do with the CMS), loading the CMS from the site itself.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_dir();
    for folder in ["content", "static", "i18n"] {
        copy_dir(&repo.join(folder), &dir.path().join(folder));
    }
    let settings = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        format!("{settings}\n[pdf]\ngenerate = false\n\n[cms]\nscript = \"/admin/decap-cms.js\"\n"),
    )
    .unwrap();
    dir
}

/// Builds the site into public/, puts the CMS bundle beside the admin page, and points the
/// configuration at the local backend's port.
fn build_with_cms(harness: &Harness, site: &Path, port: u16) {
    let run = run_in(site, &["build", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let admin = site.join("public/admin");
    let dist = harness.modules.join("decap-cms/dist");
    for entry in std::fs::read_dir(&dist).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with("decap-cms.js") || name.ends_with(".wasm") {
            std::fs::copy(entry.path(), admin.join(&name)).unwrap();
        }
    }
    let config = std::fs::read_to_string(admin.join("config.yml")).unwrap();
    assert!(config.contains("\nlocal_backend: true\n"), "{config}");
    let config = config.replace(
        "\nlocal_backend: true\n",
        &format!("\nlocal_backend:\n  url: \"http://localhost:{port}/api/v1\"\n"),
    );
    std::fs::write(admin.join("config.yml"), config).unwrap();
}

/// Runs the browser harness on a scenario; returns what it saw.
fn drive(harness: &Harness, scenario: serde_json::Value) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.json");
    std::fs::write(&file, scenario.to_string()).unwrap();
    let output = Command::new("node")
        .arg(repo_dir().join("tests/cms/browser.mjs"))
        .arg(&file)
        .env("NODE_PATH", &harness.modules)
        .env("CHROMIUM", &harness.chromium)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the browser harness failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: serde_json::Value =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert!(
        seen.get("failure").is_none(),
        "in the browser: {}",
        seen["failure"]
    );
    seen
}

/// A file's front matter as a TOML table, and its body.
fn read_brief(path: &Path) -> (toml::Table, String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rest = text.strip_prefix("+++\n").expect("TOML front matter");
    let (front, body) = rest.split_once("\n+++\n").expect("closing +++");
    (
        toml::from_str(front).expect("TOML"),
        body.trim_start_matches('\n').to_string(),
    )
}

/// The titles of every brief in the default language, from the files.
fn english_titles(site: &Path) -> Vec<String> {
    let mut titles: Vec<String> = walkdir::WalkDir::new(site.join("content/briefs"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".en.md"))
        .map(|e| {
            read_brief(e.path()).0["title"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    titles.sort();
    titles
}

/// The lines of `after` that are not in `before`, and those of `before` not in `after`.
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let only = |a: &str, b: &str| -> Vec<String> {
        let others: std::collections::HashSet<&str> = b.lines().collect();
        a.lines()
            .filter(|l| !others.contains(l))
            .map(str::to_string)
            .collect()
    };
    (only(after, before), only(before, after))
}

/// The built page of a site path, as text.
fn page(site: &Path, path: &str) -> String {
    let file = site
        .join("public")
        .join(path.trim_matches('/'))
        .join("index.html");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// After an edit of `summary` in the CMS: the file's front matter is the one before with that
/// key set, its text the same, and its built page differs only in lines that show the summary.
fn assert_only_the_summary_changed(
    before: &(toml::Table, String),
    after: &(toml::Table, String),
    pages: (&str, &str),
    summary: &str,
) {
    let mut expected = before.0.clone();
    expected.insert("summary".into(), toml::Value::String(summary.into()));
    assert_eq!(
        after.0, expected,
        "only `summary` changed in the front matter"
    );
    assert_eq!(
        after.1.trim_end(),
        before.1.trim_end(),
        "the text is untouched"
    );
    let (added, removed) = changed_lines(pages.0, pages.1);
    assert!(!added.is_empty(), "the new summary is on the page");
    for line in added.iter().chain(&removed) {
        let ours = line.contains(summary) || removed.iter().any(|r| r == line);
        assert!(
            ours,
            "a line changed that has nothing to do with the summary: {line}"
        );
    }
    assert!(
        added.iter().all(|l| l.contains(summary)),
        "every changed line shows the summary: {added:#?}"
    );
}

#[test]
fn editors_create_and_edit_briefs_in_decap_cms_over_the_example_site() {
    let harness = match harness() {
        Ok(harness) => harness,
        Err(missing) if std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_none() => {
            eprintln!(
                "skipped: the CMS browser test needs Chromium, node and npm packages: {missing}"
            );
            return;
        }
        Err(missing) => panic!("DOSSIER_REQUIRE_BROWSER is set, but {missing}"),
    };
    let dir = example_site();
    let site = dir.path();
    // Decap opens the originals of a site with several languages as NAME.en.md, the names
    // the example's originals have.
    let cms = run_in(site, &["cms"]);
    assert_eq!(cms.code, 0, "{}", cms.stderr);
    assert!(
        cms.stdout.contains("created static/admin/config.yml"),
        "{}",
        cms.stdout
    );
    let check = run_in(site, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!check.stderr.contains("config.yml"), "{}", check.stderr);
    let titles = english_titles(site);
    assert_eq!(titles.len(), 12, "every brief of the example site");

    let port = free_port();
    build_with_cms(&harness, site, port);
    let backend = start_backend(&harness, site, port);
    let uploads = tempfile::tempdir().unwrap();
    let card = card_png(uploads.path());
    let seen = drive(
        &harness,
        serde_json::json!({
            "site": site.join("public"),
            "base": "/",
            "steps": [
                { "do": "look" },
                { "do": "preview", "entry": "2025/2025-03-04-eu-gas-storage-strategy/index" },
                { "do": "preview", "entry": "2025/2025-01-21-tariffs-trust-transatlantic-agenda" },
                {
                    "do": "create",
                    "title": "Grid Storage and the Winter Test",
                    "authors": ["Zofia Wróbel", "Margaret Ellison"],
                    "topics": ["Energy & Climate"],
                    "series": "Spotlight",
                    "body": "Storage decides the winter.[^1]\n\n## What next?\n\nMore interconnectors.\n\n[^1]: The grid operators' winter outlook.",
                    "image": card,
                    "pl": { "title": "Magazyny energii a zima", "body": "Magazyny decydują o zimie." },
                },
            ],
        }),
    );
    // What the CMS showed: no configuration error, every collection, every brief.
    let look = &seen["steps"][0];
    assert!(look["configError"].is_null(), "{}", look["configError"]);
    let collections: Vec<&str> = look["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        collections,
        [
            "briefs", "authors", "topics", "series", "regions", "types", "pages"
        ]
    );
    let mut listed: Vec<String> = look["briefs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let text = b["text"].as_str().unwrap();
            titles
                .iter()
                .find(|t| text.starts_with(t.as_str()))
                .unwrap_or_else(|| panic!("not a brief: {text}"))
                .clone()
        })
        .collect();
    listed.sort();
    assert_eq!(
        listed, titles,
        "the briefs collection lists every brief once"
    );

    // Each brief's preview link leads to its page, a bundle's and a plain file's.
    let landed: Vec<&str> = [1, 2]
        .iter()
        .map(|&i| seen["steps"][i]["landed"].as_str().unwrap())
        .collect();
    assert_eq!(
        landed,
        [
            "/briefs/2025/eu-gas-storage-strategy/",
            "/briefs/2025/tariffs-trust-transatlantic-agenda/"
        ],
        "{:#}",
        seen["steps"]
    );
    assert!(
        seen["steps"][1]["href"]
            .as_str()
            .unwrap()
            .starts_with("https://northbridge.example/admin/preview.html?")
    );

    // The new brief: a bundle where `dossier new brief --bundle` puts it, with its translation.
    let created: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content/briefs"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .ends_with("-grid-storage-and-the-winter-test")
        })
        .map(|e| e.into_path())
        .collect();
    assert_eq!(created.len(), 1, "{created:?}");
    let bundle = &created[0];
    let (front, body) = read_brief(&bundle.join("index.en.md"));
    let date = front["date"]
        .as_datetime()
        .expect("a TOML date, not a string")
        .to_string();
    let year = &date[..4];
    assert_eq!(
        bundle.strip_prefix(site).unwrap(),
        Path::new(&format!(
            "content/briefs/{year}/{date}-grid-storage-and-the-winter-test"
        ))
    );
    assert_eq!(front["authors"].as_array().unwrap().len(), 2);
    assert_eq!(front["authors"][0].as_str(), Some("Zofia Wróbel"));
    assert_eq!(front["topics"][0].as_str(), Some("Energy & Climate"));
    assert_eq!(front["series"].as_str(), Some("Spotlight"));
    assert!(body.contains("[^1]: The grid operators"), "{body}");
    // The image for links, uploaded in the form: beside the brief, named by its file name.
    assert_eq!(
        front["image"].as_str(),
        Some("winter-card.png"),
        "{front:?}"
    );
    assert_eq!(
        std::fs::read(bundle.join("winter-card.png")).ok(),
        std::fs::read(&card).ok()
    );
    assert!(
        !body.contains('\u{feff}') && !body.contains("\\["),
        "the Markdown as typed, without the editor's marks or escapes: {body:?}"
    );
    assert_eq!(
        read_brief(&bundle.join("index.pl.md")).0["title"].as_str(),
        Some("Magazyny energii a zima")
    );
    assert!(
        !site
            .join("content/briefs/2025/2025-01-21-tariffs-trust-transatlantic-agenda.pl.md")
            .exists(),
        "no empty translation written for a brief that has none"
    );

    let check = run_in(site, &["check"]);
    assert_eq!(
        check.code, 0,
        "check passes on what the CMS wrote:\n{}",
        check.stderr
    );
    // Built again, with the CMS beside it for the edits below.
    build_with_cms(&harness, site, port);
    let url = format!("/briefs/{year}/grid-storage-and-the-winter-test/");
    let brief = page(site, &url);
    assert!(
        brief.contains("The grid operators"),
        "the footnote is rendered"
    );
    for listing in [
        "authors/zofia-wrobel",
        "authors/margaret-ellison",
        "topics/energy-climate",
        "series/spotlight",
    ] {
        assert!(
            page(site, listing).contains(&format!("href=\"{url}\"")),
            "{listing} lists the new brief"
        );
    }
    let polish = page(site, &format!("pl{url}"));
    assert!(polish.contains("Magazyny energii a zima"));
    // Both languages announce the uploaded image, the translation taking the original's,
    // each a file of the built site.
    for (html, prefix) in [(&brief, ""), (&polish, "pl/")] {
        let file =
            format!("{prefix}briefs/{year}/grid-storage-and-the-winter-test/winter-card.png");
        let html = scraper::Html::parse_document(html);
        assert_eq!(
            common::meta(&html, "og:image"),
            [format!("https://northbridge.example/{file}")]
        );
        assert!(site.join("public").join(&file).exists(), "{file}");
    }

    // The summaries edited, in English and in Polish, on the site as it is now: that field and
    // nothing else changes, in the file and on the built page.
    let tariffs =
        site.join("content/briefs/2025/2025-01-21-tariffs-trust-transatlantic-agenda.en.md");
    let gas = site.join("content/briefs/2025/2025-03-04-eu-gas-storage-strategy");
    let before = (
        read_brief(&tariffs),
        read_brief(&gas.join("index.en.md")),
        read_brief(&gas.join("index.pl.md")),
    );
    let tariffs_page = page(site, "briefs/2025/tariffs-trust-transatlantic-agenda");
    let gas_pl_page = page(site, "pl/briefs/2025/magazyny-gazu-w-europie");
    let (en_summary, pl_summary) = (
        "How Europe can answer tariff threats without splitting the alliance.",
        "Jak Europa może odpowiedzieć na groźby ceł, nie dzieląc sojuszu.",
    );
    drive(
        &harness,
        serde_json::json!({
            "site": site.join("public"),
            "base": "/",
            "steps": [
                { "do": "edit", "entry": "2025/2025-01-21-tariffs-trust-transatlantic-agenda", "field": "Summary", "value": en_summary },
                { "do": "edit", "entry": "2025/2025-03-04-eu-gas-storage-strategy/index", "field": "Summary", "value": pl_summary, "pane": 1 },
            ],
        }),
    );
    drop(backend);
    assert!(
        !site
            .join("content/briefs/2025/2025-01-21-tariffs-trust-transatlantic-agenda.pl.md")
            .exists(),
        "no empty translation written for a brief that has none"
    );
    let run = run_in(site, &["build", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after_tariffs = read_brief(&tariffs);
    let tariffs_now = page(site, "briefs/2025/tariffs-trust-transatlantic-agenda");
    assert_only_the_summary_changed(
        &before.0,
        &after_tariffs,
        (&tariffs_page, &tariffs_now),
        en_summary,
    );
    let after_gas_en = read_brief(&gas.join("index.en.md"));
    assert_eq!(
        after_gas_en.0, before.1.0,
        "the English original is as it was"
    );
    assert_eq!(after_gas_en.1.trim_end(), before.1.1.trim_end());
    let after_gas_pl = read_brief(&gas.join("index.pl.md"));
    let gas_pl_now = page(site, "pl/briefs/2025/magazyny-gazu-w-europie");
    assert_only_the_summary_changed(
        &before.2,
        &after_gas_pl,
        (&gas_pl_page, &gas_pl_now),
        pl_summary,
    );
}

/// The example site's originals are named as Decap CMS opens them in a site with several
/// languages (`NAME.en.md`), so the CMS that `dossier cms` writes edits them as they are; and
/// `new` names a new brief the same way there.
#[test]
fn the_example_sites_originals_are_named_as_decap_opens_them() {
    let dir = example_site();
    let site = dir.path();
    let unsuffixed: Vec<String> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.ends_with(".en.md") && !n.ends_with(".pl.md"))
        .collect();
    assert!(unsuffixed.is_empty(), "{unsuffixed:?}");
    let cms = run_in(site, &["cms"]);
    assert_eq!(cms.code, 0, "{}", cms.stderr);
    assert!(!cms.stderr.contains("--rename-originals"), "{}", cms.stderr);
    let check = run_in(site, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let new = run_in(
        site,
        &["new", "brief", "Next Steps", "--date", "2025-12-01"],
    );
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert_eq!(
        new.stdout.trim(),
        "content/briefs/2025/2025-12-01-next-steps.en.md"
    );
}
