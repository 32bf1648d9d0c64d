//! Full-text search, end to end: a two-language fixture site built under a base path, its
//! Pagefind index searched by a real browser (Debian's Chromium driven by playwright-core,
//! through `tests/search/browser.mjs`, which serves the output on 127.0.0.1), the search page
//! checked with axe-core, and the index's life in the build cache. `.ci/run` installs the
//! browser and the npm packages; where they are missing the browser test says so and skips,
//! unless `DOSSIER_REQUIRE_BROWSER=1` (set by `.ci/run` once it installed them) makes that a
//! failure.
#![cfg(feature = "search")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::serving::{get, serve};
use common::{Site, text};
use scraper::Selector;

const BASE_URL: &str = "https://example.org/sub";
const BASE: &str = "/sub/";

const SITE_TOML: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org/sub\"\n\n[publisher]\nname = \"Test Institute\"\n\n[languages.pl]\ntitle = \"Instytut Testowy\"\n\n[[taxonomies]]\nname = \"regions\"\nsingular = \"Region\"\n";

/// A brief with a body of its own.
fn brief(title: &str, date: &str, authors: &[&str], front: &str, body: &str) -> String {
    let authors: Vec<String> = authors.iter().map(|a| format!("{a:?}")).collect();
    format!(
        "+++\ntitle = {title:?}\ndate = {date}\nauthors = [{}]\n{front}+++\n{body}",
        authors.join(", ")
    )
}

/// Three English briefs that all speak of maritime matters, one of them alone of the
/// "quillwort" and, in a question heading only, of "vexillology"; one brief only in Polish.
fn fixture() -> Site {
    let site = Site::new();
    site.write("site.toml", SITE_TOML);
    site.write(
        "content/briefs/2024/grid.md",
        &brief(
            "Grid Storage Outlook",
            "2024-03-01",
            &["Anna Berg"],
            "topics = [\"Energy\"]\nregions = [\"Nordics\"]\n",
            "Maritime cables and quillwort beds share the seabed.\n\n## What is at stake?\n\nStorage, maritime links and prices.\n\n## Is vexillology overrated?\n\nFlags matter less than cables.\n",
        ),
    );
    site.write(
        "content/briefs/2024/ports.md",
        &brief(
            "Port Security in the North",
            "2024-05-02",
            &["Ben Ross"],
            "topics = [\"Energy\"]\nregions = [\"Nordics\"]\n",
            "Maritime ports need protection.\n\n## Who guards them?\n\nCoast guards and navies.\n",
        ),
    );
    site.write(
        "content/briefs/2025/ferries.md",
        &brief(
            "Ferries and Islands",
            "2025-01-10",
            &["Cleo Diaz"],
            "topics = [\"Transport\"]\nregions = [\"Baltic\"]\n",
            "Maritime ferries connect islands.\n\n## What changes in winter?\n\nIce and storms.\n",
        ),
    );
    site.write(
        "content/briefs/2025/gaz.pl.md",
        &brief(
            "Bezpieczeństwo dostaw gazu",
            "2025-02-03",
            &["Anna Berg"],
            "topics = [\"Energy\"]\n",
            "Polska buduje nowe elektrownie i magazyny gazu.\n\n## Co dalej?\n\nRząd planuje kolejne inwestycje w sieci przesyłowe.\n",
        ),
    );
    site
}

/// [`fixture`] with its index in shards of at least two records: the English briefs of 2024
/// (grid, ports) in `pagefind/en-2024/`, the newest English brief (ferries) and the Polish
/// one in the primary shard at `pagefind/`.
fn sharded_fixture() -> Site {
    let site = fixture();
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[search]\nshard_size = 2\n"),
    );
    site
}

/// What the browser harness needs, when it is there: node, Chromium and the npm packages.
struct Browser {
    node: PathBuf,
    chromium: PathBuf,
    node_path: PathBuf,
    axe: PathBuf,
}

/// Finds the browser harness, or says what is missing.
fn browser() -> Result<Browser, String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let node_path = std::env::var_os("DOSSIER_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join(".cache/node/node_modules"));
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let node = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("node"))
        .ok_or("node is not installed")?;
    if !chromium.exists() {
        return Err(format!("{} is not installed", chromium.display()));
    }
    for package in ["playwright-core", "axe-core"] {
        if !node_path.join(package).exists() {
            return Err(format!(
                "npm's {package} is not in {} (.ci/run installs it)",
                node_path.display()
            ));
        }
    }
    Ok(Browser {
        node,
        chromium,
        axe: node_path.join("axe-core/axe.min.js"),
        node_path,
    })
}

/// Runs the browser harness on a scenario; returns what the browser saw.
fn drive(browser: &Browser, scenario: serde_json::Value) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.json");
    std::fs::write(&file, scenario.to_string()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/browser.mjs");
    let output = Command::new(&browser.node)
        .arg(script)
        .arg(&file)
        .env("NODE_PATH", &browser.node_path)
        .env("CHROMIUM", &browser.chromium)
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
    assert!(seen.get("failure").is_none(), "in the browser: {seen:#}");
    seen
}

/// The `href`s of a query's results, in order.
fn hrefs(query: &serde_json::Value) -> Vec<&str> {
    query["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["href"].as_str().unwrap())
        .collect()
}

#[test]
fn a_browser_finds_briefs_by_word_filter_and_stemmed_polish() {
    let browser = match browser() {
        Ok(browser) => browser,
        Err(missing) if std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_none() => {
            eprintln!(
                "skipped: the search browser test needs Chromium, node and npm packages: {missing}"
            );
            return;
        }
        Err(missing) => panic!("DOSSIER_REQUIRE_BROWSER is set, but {missing}"),
    };
    // The index in two shards, merged in the browser: every query searches both.
    let site = sharded_fixture();
    site.build(&[]);
    assert!(site.exists("pagefind/en-2024/pagefind-entry.json"));
    let public = site.path("public");
    let grid = "/sub/briefs/2024/grid/";
    let seen = drive(
        &browser,
        serde_json::json!({
            "site": public,
            "base": BASE,
            "queries": [
                { "path": "search/", "q": "quillwort" },
                { "path": "search/", "q": "vexillology" },
                { "path": "pl/search/", "q": "elektrownia" },
                { "path": "search/", "q": "maritime" },
                { "path": "search/", "q": "ferries" },
            ],
            "filter": { "path": "search/", "q": "maritime", "label": "Ben Ross" },
            "narrow": { "path": "search/", "q": "maritime" },
            "axe": { "path": "search/", "q": "maritime", "script": browser.axe },
        }),
    );
    let queries = seen["queries"].as_array().unwrap();

    // The one brief with the word is the first result, linked with the base path: one in the
    // older shard, one in the newer (primary) one.
    assert_eq!(hrefs(&queries[0]), [grid], "{:#}", queries[0]);
    assert_eq!(
        hrefs(&queries[4]),
        ["/sub/briefs/2025/ferries/"],
        "{:#}",
        queries[4]
    );
    assert_eq!(queries[0]["status"], "1 result for “quillwort”");
    // A word of a question heading links to that heading.
    assert_eq!(hrefs(&queries[1])[0], grid, "{:#}", queries[1]);
    let sections = queries[1]["results"][0]["sections"].as_array().unwrap();
    assert_eq!(
        sections[0], "/sub/briefs/2024/grid/#is-vexillology-overrated",
        "{:#}",
        queries[1]
    );
    // The Polish page searches the Polish index, with Polish stemming: "elektrownia" finds
    // "elektrownie".
    assert_eq!(
        hrefs(&queries[2]),
        ["/sub/pl/briefs/2025/gaz/"],
        "{:#}",
        queries[2]
    );
    // Three briefs in two shards speak of maritime matters, one list of results; the author
    // facet, its counts added up across the shards, narrows them to one.
    assert_eq!(hrefs(&queries[3]).len(), 3, "{:#}", queries[3]);
    for facet in ["author", "topic", "year", "regions"] {
        let shown = queries[3]["facets"].as_array().unwrap();
        assert!(shown.iter().any(|f| f == facet), "{facet}: {shown:?}");
    }
    let filter = &seen["filter"];
    assert_eq!(hrefs(&filter["before"]).len(), 3, "{filter:#}");
    assert_eq!(
        hrefs(&filter["after"]),
        ["/sub/briefs/2024/ports/"],
        "{filter:#}"
    );
    assert!(
        filter["after"]["url"]
            .as_str()
            .unwrap()
            .contains("author=Ben+Ross"),
        "the facet is kept in the address: {filter:#}"
    );
    // On a phone's screen (412 px) the results come first, the facets behind a button that the
    // keyboard opens and closes; nothing moved as the results and facets came; and without
    // JavaScript the page shows the ways to browse, and no empty search area.
    let narrow = &seen["narrow"];
    let (before, opened, closed) = (&narrow["before"], &narrow["opened"], &narrow["closed"]);
    assert_eq!(before["expanded"], "false", "{narrow:#}");
    assert!(before["boxes"].as_u64().unwrap() > 0, "{narrow:#}");
    assert_eq!(before["visible_boxes"], 0, "{narrow:#}");
    assert!(
        before["first_result_top"].as_f64().unwrap() < 823.0,
        "the first result is below the first screen: {narrow:#}"
    );
    let shift = before["shift"].as_f64().unwrap();
    eprintln!("layout shift on a phone's screen while results and facets came: {shift}");
    assert!(shift < 0.1, "the layout moved: {narrow:#}");
    assert_eq!(opened["expanded"], "true", "{narrow:#}");
    assert_eq!(opened["visible_boxes"], opened["boxes"], "{narrow:#}");
    assert_eq!(closed["expanded"], "false", "{narrow:#}");
    assert_eq!(closed["visible_boxes"], 0, "{narrow:#}");
    assert_eq!(narrow["no_script"]["browse_links"], 4, "{narrow:#}");
    assert_eq!(narrow["no_script"]["app_shown"], false, "{narrow:#}");
    // A query downloads only part of the index.
    let bytes = queries[0]["bundle_bytes"].as_u64().unwrap();
    eprintln!(
        "one query downloaded {bytes} bytes in {} files of the bundle",
        queries[0]["bundle_files"]
    );
    // axe-core: no serious or critical violation on the search page with results and facets.
    let serious: Vec<&serde_json::Value> = seen["axe"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect();
    assert!(serious.is_empty(), "axe-core: {serious:#?}");
    let errors: Vec<&serde_json::Value> = seen["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e.as_str().unwrap_or("").contains("favicon.ico"))
        .collect();
    assert!(errors.is_empty(), "the page logged errors: {errors:?}");
}

/// The browser harness, or `None` (the test skips) when it is missing and not required.
fn browser_unless_skipped(test: &str) -> Option<Browser> {
    match browser() {
        Ok(browser) => Some(browser),
        Err(missing) if std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_none() => {
            eprintln!("skipped {test}: it needs Chromium, node and npm packages: {missing}");
            None
        }
        Err(missing) => panic!("DOSSIER_REQUIRE_BROWSER is set, but {missing}"),
    }
}

/// The `href`s of a page's `<link rel="preload">`s, in order; each is fetched as `fetch()`
/// fetches it (`as="fetch"`, `crossorigin`), or the browser would not use it.
fn preloads(site: &Site, page: &str) -> Vec<String> {
    let html = site.html(page);
    let links = Selector::parse("head link[rel=preload]").unwrap();
    html.select(&links)
        .map(|link| {
            let link = link.value();
            assert_eq!(link.attr("as"), Some("fetch"), "{page}: {link:?}");
            assert_eq!(link.attr("crossorigin"), Some(""), "{page}: {link:?}");
            link.attr("href").unwrap().to_string()
        })
        .collect()
}

/// A shard's `pagefind-entry.json` (`folder`: "" for the primary shard, "en-2024/" for one).
fn pagefind_entry(site: &Site, folder: &str) -> serde_json::Value {
    serde_json::from_str(&site.output(&format!("pagefind/{folder}pagefind-entry.json"))).unwrap()
}

#[test]
fn each_search_page_preloads_its_languages_index_files_and_a_browser_uses_each_once() {
    let site = sharded_fixture();
    site.build(&[]);
    let entry = |folder: &str| pagefind_entry(&site, folder);
    let meta = |folder: &str, lang: &str| {
        let hash = entry(folder)["languages"][lang]["hash"].clone();
        format!(
            "{BASE}pagefind/{folder}pagefind.{}.pf_meta",
            hash.as_str().unwrap()
        )
    };
    let page = site.html("search/index.html");
    let app = page.select(&Selector::parse("#search-app").unwrap()).next();
    let version = app
        .unwrap()
        .value()
        .attr("data-version")
        .unwrap()
        .to_string();
    // What Pagefind asks for before its first search, in its own words: each shard's entry
    // file (with the version as Pagefind adds it) and the metadata that entry names for the
    // page's language, and the language's WebAssembly. The English page merges the older
    // English shard too, which it names itself (no list of shards to fetch); neither page
    // asks for the other's language.
    assert_eq!(app.unwrap().value().attr("data-merge"), Some("en-2024/"));
    let polish_page = site.html("pl/search/index.html");
    let polish_app = polish_page
        .select(&Selector::parse("#search-app").unwrap())
        .next();
    assert_eq!(polish_app.unwrap().value().attr("data-merge"), Some(""));
    let primary = format!("{BASE}pagefind/pagefind-entry.json?ts={version}");
    let english = preloads(&site, "search/index.html");
    assert_eq!(
        english,
        [
            primary.clone(),
            meta("", "en"),
            format!("{BASE}pagefind/wasm.en.pagefind"),
            format!("{BASE}pagefind/en-2024/pagefind-entry.json?ts={version}"),
            meta("en-2024/", "en"),
        ]
    );
    let polish = preloads(&site, "pl/search/index.html");
    let wasm = format!("{BASE}pagefind/wasm.pl.pagefind");
    assert_eq!(polish, [primary, meta("", "pl"), wasm]);
    assert_eq!(entry("")["languages"]["pl"]["wasm"], "pl");
    // Each is a file of the output, under the base path.
    for href in english.iter().chain(&polish) {
        let path = href.strip_prefix(BASE).expect("under the base path");
        let file = path.split('?').next().unwrap();
        assert!(site.exists(file), "{href} is not a file of the output");
    }

    // A browser asks for each preloaded file once, the preload serving Pagefind's own request
    // (the files are served `no-store`: nothing comes from the browser's cache), never for
    // the worker's script nor the list of shards, and is not told of a preload that went
    // unused.
    let Some(browser) = browser_unless_skipped("the preload test's browser half") else {
        return;
    };
    let seen = drive(
        &browser,
        serde_json::json!({
            "site": site.path("public"),
            "base": BASE,
            "preloads": [
                { "path": "search/", "q": "maritime" },
                { "path": "pl/search/", "q": "elektrownia" },
            ],
        }),
    );
    for (load, expected) in seen["preloads"]
        .as_array()
        .unwrap()
        .iter()
        .zip([&english, &polish])
    {
        let preloaded: Vec<&str> = load["preloaded"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|link| link["rel"] == "preload")
            .map(|link| link["href"].as_str().unwrap())
            .collect();
        assert_eq!(&preloaded, expected, "{load:#}");
        let served: Vec<&str> = load["served"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        for href in expected
            .iter()
            .chain([&format!("{BASE}pagefind/pagefind.js")])
        {
            let times = served.iter().filter(|s| *s == href).count();
            assert_eq!(times, 1, "{href} was requested {times} times: {load:#}");
        }
        for never in ["pagefind-worker", "dossier-shards.json"] {
            assert!(
                !served.iter().any(|s| s.contains(never)),
                "{never}: {load:#}"
            );
        }
        // It searched: a fragment (a result's text) was fetched.
        assert!(served.iter().any(|s| s.contains("/fragment/")), "{load:#}");
        let warnings = load["warnings"].as_array().unwrap();
        assert!(
            !warnings
                .iter()
                .any(|w| w.as_str().unwrap().contains("preload")),
            "{warnings:#?}"
        );
    }
    let errors: Vec<&serde_json::Value> = seen["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e.as_str().unwrap_or("").contains("favicon.ico"))
        .collect();
    assert!(errors.is_empty(), "the page logged errors: {errors:?}");
}

/// Every file of the built search bundle, with its bytes.
fn bundle(site: &Site) -> Vec<(PathBuf, Vec<u8>)> {
    site.snapshot()
        .into_iter()
        .filter(|(path, _)| path.starts_with("pagefind"))
        .collect()
}

/// Asserts that a build without the cache (`--no-cache`) writes the index `cached`, as the
/// cached build before it did.
fn assert_a_fresh_build_writes(site: &Site, cached: &[(PathBuf, Vec<u8>)]) {
    site.build(&["--no-cache"]);
    assert_eq!(
        bundle(site),
        cached,
        "a cached build differs from a fresh one"
    );
}

#[test]
fn the_bundle_and_the_search_page_are_written_under_the_base_path() {
    let site = fixture();
    site.build(&[]);
    for file in [
        "pagefind.js",
        "pagefind-entry.json",
        "wasm.en.pagefind",
        "wasm.pl.pagefind",
    ] {
        assert!(site.exists(&format!("pagefind/{file}")), "{file}");
    }
    let entry = site.output("pagefind/pagefind-entry.json");
    let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
    // One index per language: three English briefs, one Polish one.
    assert_eq!(entry["languages"]["en"]["page_count"], 3, "{entry}");
    assert_eq!(entry["languages"]["pl"]["page_count"], 1, "{entry}");

    // Every page's header has a search field that submits to its language's search page.
    let home = site.html("index.html");
    let form = Selector::parse("header form[role=search]").unwrap();
    let form = home
        .select(&form)
        .next()
        .expect("a search form in the header");
    assert_eq!(form.value().attr("action"), Some("/sub/search/"));
    assert_eq!(form.value().attr("method"), Some("get"));
    let polish = site.html("pl/index.html");
    let form = Selector::parse("header form[role=search]").unwrap();
    assert_eq!(
        polish.select(&form).next().unwrap().value().attr("action"),
        Some("/sub/pl/search/")
    );

    // The search page reads ?q= (its form's field is `q`), imports the bundle under the base
    // path, and without JavaScript links to the indexes to browse instead.
    let page = site.html("search/index.html");
    let query = Selector::parse("main form input[name=q]").unwrap();
    assert!(page.select(&query).next().is_some());
    let app = Selector::parse("#search-app").unwrap();
    let app = page.select(&app).next().unwrap();
    assert_eq!(
        app.value().attr("data-bundle"),
        Some("/sub/pagefind/pagefind.js")
    );
    // Without JavaScript the search area, shown from the start, is hidden by a style.
    let hide = Selector::parse("head noscript").unwrap();
    let hide = page
        .select(&hide)
        .next()
        .expect("a noscript style in the head");
    assert!(
        hide.text()
            .collect::<String>()
            .contains(".search-app { display: none; }")
    );
    let fallback = Selector::parse("main noscript").unwrap();
    let fallback = page.select(&fallback).next().expect("a noscript fallback");
    // A parser that runs scripts keeps a noscript's content as text: parse that text.
    let inner = scraper::Html::parse_fragment(&fallback.text().collect::<String>());
    let links: Vec<String> = inner
        .select(&Selector::parse("a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(
        links,
        [
            "/sub/topics/",
            "/sub/authors/",
            "/sub/series/",
            "/sub/archive/"
        ]
    );
    assert!(
        text(&inner, "p").contains("JavaScript"),
        "{}",
        fallback.html()
    );
    // The search pages are not in the sitemap.
    assert!(!site.output("sitemap.xml").contains("/search/"));
    assert!(BASE_URL.ends_with("/sub"));
}

#[test]
fn an_unchanged_index_is_reused_byte_for_byte_and_rebuilt_when_a_record_changes() {
    let site = fixture();
    site.build(&[]);
    let first = bundle(&site);
    let modified = |site: &Site| -> Vec<std::time::SystemTime> {
        first
            .iter()
            .map(|(path, _)| {
                std::fs::metadata(site.path("public").join(path))
                    .unwrap()
                    .modified()
                    .unwrap()
            })
            .collect()
    };
    let times = modified(&site);

    // No change at all, then a template edit and a new author profile: no record changes, so
    // no file of the index is made or written again.
    let run = site.build(&[]);
    assert!(run.stdout.contains("0 files written"), "{}", run.stdout);
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p>Lost.</p>{% endblock main %}",
    );
    site.write(
        "content/authors/cleo-diaz.md",
        "+++\nname = \"Cleo Diaz\"\n+++\nA bio.\n",
    );
    site.build(&[]);
    assert_eq!(bundle(&site), first);
    assert_eq!(modified(&site), times, "index files were written again");

    // An edit to one brief makes a new index, the same as a fresh build's.
    site.write(
        "content/briefs/2025/ferries.md",
        &brief(
            "Ferries and Islands",
            "2025-01-10",
            &["Cleo Diaz"],
            "topics = [\"Transport\"]\n",
            "Maritime ferries connect islands and lighthouses.\n",
        ),
    );
    site.build(&[]);
    let edited = bundle(&site);
    assert_ne!(edited, first);
    assert_a_fresh_build_writes(&site, &edited);
}

#[test]
fn a_sharded_index_remakes_only_the_shard_whose_records_changed() {
    let site = sharded_fixture();
    site.build(&[]);
    // The older shard holds only its index (the browser loads the scripts from `pagefind/`),
    // and the list of shards names it for English only.
    let entry = |folder: &str| pagefind_entry(&site, folder);
    assert_eq!(entry("en-2024/")["languages"]["en"]["page_count"], 2);
    assert_eq!(entry("")["languages"]["en"]["page_count"], 1);
    assert_eq!(entry("")["languages"]["pl"]["page_count"], 1);
    assert!(!site.exists("pagefind/en-2024/pagefind.js"));
    assert!(!site.exists("pagefind/en-2024/wasm.en.pagefind"));
    let list: serde_json::Value =
        serde_json::from_str(&site.output("pagefind/dossier-shards.json")).unwrap();
    assert_eq!(list, serde_json::json!({ "en": ["en-2024/"], "pl": [] }));

    // An edit to a brief of 2025 remakes the primary shard; the 2024 shard is not written.
    let shard = |site: &Site, older: bool| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = bundle(site);
        files.retain(|(path, _)| path.starts_with("pagefind/en-2024") == older);
        files
    };
    let (older, primary) = (shard(&site, true), shard(&site, false));
    let written = |site: &Site| -> Vec<std::time::SystemTime> {
        older
            .iter()
            .map(|(path, _)| {
                let path = site.path("public").join(path);
                std::fs::metadata(path).unwrap().modified().unwrap()
            })
            .collect()
    };
    let times = written(&site);
    // The search page names the index's version: the list of shards (for a theme's script)
    // and the entry file are fetched with it in their address, so that a browser may cache
    // them; the entry file is preloaded.
    let version = |site: &Site| -> String {
        let page = site.output("search/index.html");
        let at = page
            .find("data-version=\"")
            .expect("the search page names the version")
            + 14;
        let version = page[at..].split('"').next().unwrap().to_string();
        for address in [
            format!("data-shards=\"{BASE}pagefind/dossier-shards.json?v={version}\""),
            format!(
                "<link rel=\"preload\" href=\"{BASE}pagefind/pagefind-entry.json?ts={version}\" as=\"fetch\" crossorigin>"
            ),
            format!("<link rel=\"modulepreload\" href=\"{BASE}pagefind/pagefind.js\">"),
        ] {
            assert!(page.contains(&address), "{address} not in the search page");
        }
        version
    };
    let first = version(&site);
    site.write(
        "content/briefs/2025/ferries.md",
        &brief(
            "Ferries and Islands",
            "2025-01-10",
            &["Cleo Diaz"],
            "topics = [\"Transport\"]\n",
            "Maritime ferries connect islands and lighthouses.\n",
        ),
    );
    site.build(&[]);
    assert_eq!(shard(&site, true), older);
    assert_eq!(
        written(&site),
        times,
        "the unchanged shard was written again"
    );
    assert_ne!(shard(&site, false), primary);
    let second = version(&site);
    assert_ne!(first, second, "the index changed, its version did not");
    // The same as a fresh build's, version and all.
    assert_a_fresh_build_writes(&site, &bundle(&site));
    assert_eq!(version(&site), second);
}

#[test]
fn index_files_deleted_or_edited_in_the_output_are_restored_by_a_rebuild() {
    let site = sharded_fixture();
    site.build(&[]);
    let first = bundle(&site);
    let named = |folder: &str| -> PathBuf {
        let dir = site.path("public/pagefind").join(folder);
        let file = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap();
        file.path()
            .strip_prefix(site.path("public"))
            .unwrap()
            .into()
    };
    // A fragment of the primary shard and a file of the older one removed, a filter chunk
    // overwritten with as many other bytes: a rebuild with no change to the content puts
    // back the three files, and only them, as they were.
    let (fragment, filter) = (named("fragment"), named("filter"));
    let older = PathBuf::from("pagefind/en-2024/pagefind-entry.json");
    std::fs::remove_file(site.path("public").join(&fragment)).unwrap();
    std::fs::remove_file(site.path("public").join(&older)).unwrap();
    let filter_path = site.path("public").join(&filter);
    let length = std::fs::read(&filter_path).unwrap().len();
    std::fs::write(&filter_path, vec![b'x'; length]).unwrap();
    let run = site.build(&[]);
    assert!(run.stdout.contains(": 3 files written"), "{}", run.stdout);
    assert_eq!(bundle(&site), first, "the index was not restored as it was");
    // And the next build, with nothing changed, writes nothing.
    let run = site.build(&[]);
    assert!(run.stdout.contains(": 0 files written"), "{}", run.stdout);
}

#[test]
fn without_search_nothing_is_indexed_and_no_page_links_to_search() {
    let site = fixture();
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[search]\nenabled = false\n"),
    );
    site.build(&[]);
    assert!(!site.exists("pagefind"));
    assert!(!site.exists("search/index.html"));
    for page in ["index.html", "briefs/2024/grid/index.html", "pl/index.html"] {
        let html = site.output(page);
        assert!(!html.contains("/search/"), "{page} links to search");
        assert!(
            !html.contains("role=\"search\""),
            "{page} has a search form"
        );
    }

    // `exclude = ["briefs"]` leaves the briefs out and keeps the pages.
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[search]\nexclude = [\"briefs\"]\n"),
    );
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\nAbout us.\n",
    );
    site.build(&[]);
    let entry: serde_json::Value =
        serde_json::from_str(&site.output("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], 1, "{entry}");
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn serve_makes_the_index_in_the_background_and_again_after_an_edit() {
    let site = fixture();
    let server = serve(&site);
    // Pages are served as soon as the server says where; the index follows.
    assert_eq!(get(&format!("{}/search/", server.url)).0, 200);
    let entry = || get(&format!("{}/pagefind/pagefind-entry.json", server.url));
    wait_for("the search index", || entry().0 == 200);
    let first: serde_json::Value = serde_json::from_str(&entry().1).unwrap();
    assert_eq!(first["languages"]["en"]["page_count"], 3, "{first}");
    assert_eq!(first["languages"]["pl"]["page_count"], 1, "{first}");

    site.write(
        "content/briefs/2025/ferries.md",
        &brief(
            "Ferries and Lighthouses",
            "2025-01-10",
            &["Cleo Diaz"],
            "",
            "Lighthouses guide the ferries.\n",
        ),
    );
    wait_for("the edited page", || {
        get(&format!("{}/briefs/2025/ferries/", server.url))
            .1
            .contains("Lighthouses")
    });
    wait_for("a new index", || {
        let now: serde_json::Value = serde_json::from_str(&entry().1).unwrap_or_default();
        now["languages"]["en"]["hash"] != first["languages"]["en"]["hash"]
    });
    // The new index's files are served, the old ones are gone.
    let now: serde_json::Value = serde_json::from_str(&entry().1).unwrap();
    let meta = |entry: &serde_json::Value| {
        format!(
            "{}/pagefind/pagefind.{}.pf_meta",
            server.url,
            entry["languages"]["en"]["hash"].as_str().unwrap()
        )
    };
    assert_eq!(get(&meta(&now)).0, 200);
    assert_eq!(get(&meta(&first)).0, 404);
}
