//! What a page's head tells search engines, hosts and browsers (issue 21, item 6), read from the
//! example site's real briefs as built: meta descriptions cut at a sentence within 160
//! characters in English and Polish, with the whole summary kept for `og:description` and the
//! page; the stylesheet and the search script under names that hold a hash of their content,
//! linked by every page and served by `dossier serve`; the home page's `Organization` and
//! `WebSite` JSON-LD; and `build --no-cache`, which deletes the cache as its help says.

mod common;

use std::path::{Path, PathBuf};

use common::serving;
use common::{Site, meta, repo_dir, run_in, text};
use scraper::Html;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The example site (its English and Polish briefs, as its editors wrote them) in a temporary
/// folder, without PDFs, built.
fn example_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo_dir();
    for folder in ["content", "static", "i18n"] {
        copy_dir(&repo.join(folder), &dir.path().join(folder));
    }
    let settings = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    std::fs::write(
        dir.path().join("site.toml"),
        format!("{settings}\n[pdf]\ngenerate = false\n"),
    )
    .unwrap();
    let run = run_in(dir.path(), &["build", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = dir.path().join("public");
    (dir, public)
}

fn page(public: &Path, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(public.join(rel)).unwrap())
}

/// Every HTML file of the output, relative to it.
fn html_files(public: &Path) -> Vec<String> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(public).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

#[test]
fn meta_descriptions_end_at_a_sentence_within_160_characters_in_english_and_polish() {
    let (_dir, public) = example_site();
    let briefs = [
        "briefs/2023/critical-raw-materials-diversification/index.html",
        "pl/briefs/2023/surowce-krytyczne-dywersyfikacja/index.html",
        "briefs/2024/electricity-interconnectors-winter-resilience/index.html",
        "pl/briefs/2024/polaczenia-miedzysystemowe-zima/index.html",
    ];
    let (mut cut_at_sentences, mut english_or_polish_cut_by_words) = (0, 0);
    for rel in briefs {
        let html = page(&public, rel);
        let description = meta(&html, "description").join("");
        let og = meta(&html, "og:description").join("");
        // The whole summary, as the editors wrote it, is longer than a search engine shows.
        assert!(og.chars().count() > 300, "{rel}: {og}");
        let length = description.chars().count();
        assert!(
            (60..=160).contains(&length),
            "{rel}: {length} characters: {description}"
        );
        // The page itself shows the whole summary.
        let body = text(&html, "main");
        let summary_start: String = og.chars().take(200).collect();
        assert!(body.contains(summary_start.trim()), "{rel}: {body}");
        if let Some(words) = description.strip_suffix('…') {
            // The first sentence alone is longer than 160 characters: its first words, at a
            // word's end, and an ellipsis.
            let first = og.split_inclusive(". ").next().unwrap();
            assert!(first.chars().count() > 160, "{rel}: {description}");
            assert!(og.starts_with(words), "{rel}: {description}\n{og}");
            assert!(
                og[words.len()..].starts_with(' '),
                "{rel}: cut inside a word"
            );
            english_or_polish_cut_by_words += 1;
            continue;
        }
        // A cut at a sentence's end: the summary's first sentences, whole.
        assert!(og.starts_with(&description), "{rel}: {description}\n{og}");
        assert!(
            description.ends_with(['.', '!', '?']),
            "{rel}: {description}"
        );
        let next = og[description.len()..].trim_start();
        assert!(
            next.starts_with(|c: char| c.is_uppercase() || c.is_numeric()),
            "{rel}: cut inside a sentence: {description} | {next}"
        );
        let next_sentence = next.split_inclusive(". ").next().unwrap();
        assert!(
            length + 1 + next_sentence.trim_end().chars().count() > 160,
            "{rel}: the next sentence would have fitted: {description} | {next}"
        );
        cut_at_sentences += 1;
    }
    assert!(
        cut_at_sentences >= 2,
        "{cut_at_sentences} cut at a sentence"
    );
    assert!(english_or_polish_cut_by_words <= 2);
    // A short description is kept whole.
    let home = page(&public, "index.html");
    assert_eq!(meta(&home, "description"), meta(&home, "og:description"));
}

/// The one file of the output whose name is `stem.{16 hex digits}.ext`.
fn fingerprinted(public: &Path, stem: &str, ext: &str) -> String {
    let names: Vec<String> = std::fs::read_dir(public)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.strip_prefix(&format!("{stem}."))
                .and_then(|rest| rest.strip_suffix(&format!(".{ext}")))
                .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    names[0].clone()
}

/// The stylesheet every page links (the first `<link rel=stylesheet>`), as a path.
fn stylesheet(html: &Html) -> String {
    common::attrs(html, "link[rel=stylesheet]", "href")[0].clone()
}

#[test]
fn the_stylesheet_and_search_script_are_fingerprinted_and_every_page_links_them() {
    let site = common::two_briefs();
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\nAbout us.\n",
    );
    site.build(&[]);
    let public = site.path("public");
    let css = fingerprinted(&public, "style", "css");
    let js = fingerprinted(&public, "search", "js");
    // The hash is the content's: the theme's stylesheet, byte for byte.
    let theme_css = std::fs::read(repo_dir().join("themes/default/static/style.css")).unwrap();
    assert_eq!(std::fs::read(public.join(&css)).unwrap(), theme_css);
    // The plain names are not written, and no page links them.
    assert!(!site.exists("style.css") && !site.exists("search.js"));
    let pages = html_files(&public);
    assert!(pages.len() > 5, "{pages:?}");
    for rel in &pages {
        let html = std::fs::read_to_string(public.join(rel)).unwrap();
        assert!(html.contains(&format!("href=\"/{css}\"")), "{rel}");
        assert!(
            !html.contains("/style.css\"") && !html.contains("/search.js\""),
            "{rel}"
        );
    }
    let search = site.output("search/index.html");
    assert!(search.contains(&format!("src=\"/{js}\"")), "{search}");

    // The site's own stylesheet replaces the theme's: a new name, every page follows, and the
    // old file is removed rather than left behind.
    site.write("static/style.css", "body { color: #111; }\n");
    site.build(&[]);
    let changed = fingerprinted(&public, "style", "css");
    assert_ne!(changed, css);
    assert!(
        !public.join(&css).exists(),
        "the old stylesheet is left behind"
    );
    for rel in &pages {
        assert_eq!(stylesheet(&site.html(rel)), format!("/{changed}"), "{rel}");
    }
    assert_eq!(
        fingerprinted(&public, "search", "js"),
        js,
        "an unchanged script keeps its name"
    );

    // `dossier serve` serves the pages and the files they link.
    let server = serving::serve(&site);
    let (status, home) = serving::get(&format!("{}/", server.url));
    assert_eq!(status, 200);
    let linked = stylesheet(&Html::parse_document(&home));
    assert_eq!(linked, format!("/{changed}"));
    let (status, body) = serving::get(&format!("{}{linked}", server.url));
    assert_eq!((status, body.as_str()), (200, "body { color: #111; }\n"));
    let (status, _) = serving::get(&format!("{}/{js}", server.url));
    assert_eq!(status, 200);
}

#[test]
fn the_home_page_describes_the_institute_and_the_site_in_json_ld() {
    let site = Site::new();
    site.write(
        "site.toml",
        "title = \"Test Institute\"\nbase_url = \"https://example.org/think\"\ndescription = \"Analysis & <commentary>.\"\n\n[publisher]\nname = \"Test Institute\"\nlogo = \"/logo.svg\"\nror = \"https://ror.org/05gq02987\"\n\n[languages.pl]\ntitle = \"Instytut Testowy\"\ndescription = \"Analizy.\"\n",
    )
    .write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>")
    .write("content/briefs/2025/a.md", &common::brief("Alpha", "2025-01-10", &["Ann Lee"], ""));
    site.build(&[]);
    let graph = |rel: &str| -> Vec<serde_json::Value> {
        let ld = common::json_ld(&site.html(rel));
        assert_eq!(ld["@context"], "https://schema.org");
        ld["@graph"].as_array().unwrap().clone()
    };
    let home = graph("index.html");
    let of_type = |graph: &[serde_json::Value], t: &str| {
        graph
            .iter()
            .find(|v| v["@type"] == t)
            .unwrap_or_else(|| panic!("no {t}"))
            .clone()
    };
    let org = of_type(&home, "Organization");
    assert_eq!(org["name"], "Test Institute");
    assert_eq!(org["url"], "https://example.org/think/");
    assert_eq!(org["logo"], "https://example.org/think/logo.svg");
    assert_eq!(org["sameAs"][0], "https://ror.org/05gq02987");
    let website = of_type(&home, "WebSite");
    assert_eq!(website["name"], "Test Institute");
    assert_eq!(website["url"], "https://example.org/think/");
    assert_eq!(website["inLanguage"], "en");
    assert_eq!(website["description"], "Analysis & <commentary>.");
    assert_eq!(website["publisher"]["@id"], org["@id"]);
    assert_eq!(
        website["potentialAction"]["target"]["urlTemplate"],
        "https://example.org/think/search/?q={search_term_string}"
    );
    // The Polish home page: the site in Polish, published by the same organization.
    let polish = graph("pl/index.html");
    let website = of_type(&polish, "WebSite");
    assert_eq!(website["name"], "Instytut Testowy");
    assert_eq!(website["url"], "https://example.org/think/pl/");
    assert_eq!(website["inLanguage"], "pl");
    assert_eq!(of_type(&polish, "Organization")["@id"], org["@id"]);
}

#[test]
fn build_no_cache_deletes_the_cache_as_its_help_says() {
    let site = common::two_briefs();
    let help = site.run(&["build", "--help"]);
    let line = help
        .stdout
        .lines()
        .find(|l| l.contains("--no-cache"))
        .unwrap()
        .to_string();
    assert!(
        line.contains("deletes an existing .dossier-cache/"),
        "{line}"
    );
    site.build(&[]);
    assert!(site.path(".dossier-cache").exists());
    site.build(&["--no-cache"]);
    assert!(!site.path(".dossier-cache").exists(), "{line}");
}
