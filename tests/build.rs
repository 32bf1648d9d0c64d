//! `dossier build` on fixture sites: pages, indexes, links, escaping, bundles, determinism.

mod common;

use common::{Site, brief, brief_links, text, urls};

/// Three briefs by two authors over two years, two topics, one series, one draft, one bundle.
fn fixture() -> Site {
    let site = Site::new();
    site.write(
        "content/briefs/2024/2024-03-05-grain-corridor.md",
        &brief(
            "Grain Corridor",
            "2024-03-05",
            &["Ann Lee"],
            "topics = [\"Energy & Climate\"]\nseries = \"Spotlight\"\nnumber = 4\n",
        ),
    );
    site.write(
        "content/briefs/2025/2025-02-13-talks.md",
        &brief("Talks Enter a New Phase", "2025-02-13", &["Łukasz Żółkiewski", "Ann Lee"], "topics = [\"European Security\", \"Energy & Climate\"]\nseries = \"Spotlight\"\nnumber = 11\n"),
    );
    site.write(
        "content/briefs/2025/2025-06-01-gas/index.md",
        &brief(
            "Gas Storage",
            "2025-06-01",
            &["Ann Lee"],
            "topics = [\"Energy & Climate\"]\npdf = \"full-text.pdf\"\n",
        ),
    );
    site.write_bytes(
        "content/briefs/2025/2025-06-01-gas/full-text.pdf",
        b"%PDF-1.4 test\n%%EOF\n",
    );
    site.write_bytes(
        "content/briefs/2025/2025-06-01-gas/chart.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/briefs/2025/2025-07-01-unfinished.md",
        &brief(
            "Unfinished Draft",
            "2025-07-01",
            &["Ann Lee"],
            "draft = true\n",
        ),
    );
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\nrole = \"Senior Analyst\"\n+++\nAnn writes about energy.\n",
    );
    site.write(
        "content/series/spotlight.md",
        "+++\nname = \"Spotlight\"\nissn = \"2657-4128\"\n+++\nShort analyses.\n",
    );
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About Us\"\n+++\nWe are an institute.\n",
    );
    site
}

const TALKS: &str = "/briefs/2025/talks/";
const GAS: &str = "/briefs/2025/gas/";
const GRAIN: &str = "/briefs/2024/grain-corridor/";

#[test]
fn builds_every_page_of_the_site() {
    let site = fixture();
    let run = site.build(&[]);
    assert!(
        run.stdout
            .contains("Built 3 briefs, 2 authors, 2 topics, 1 series, 1 pages"),
        "{}",
        run.stdout
    );
    for page in [
        "index.html",
        "404.html",
        "briefs/2025/talks/index.html",
        "briefs/2025/gas/index.html",
        "briefs/2024/grain-corridor/index.html",
        "authors/index.html",
        "authors/ann-lee/index.html",
        "authors/lukasz-zolkiewski/index.html",
        "topics/index.html",
        "topics/energy-climate/index.html",
        "topics/european-security/index.html",
        "series/index.html",
        "series/spotlight/index.html",
        "archive/index.html",
        "archive/2025/index.html",
        "archive/2024/index.html",
        "about/index.html",
        "print.css",
    ] {
        assert!(site.exists(page), "missing {page}");
    }
}

#[test]
fn brief_page_shows_its_metadata_and_contents() {
    let site = fixture();
    site.build(&[]);
    let page = site.html("briefs/2025/talks/index.html");
    assert_eq!(text(&page, "h1").trim(), "Talks Enter a New Phase");
    let html = site.output("briefs/2025/talks/index.html");
    assert!(html.contains("No. 11/2025"), "number label");
    assert!(html.contains("13 February 2025"), "date written out");
    assert!(html.contains("© Test Institute 2025"), "copyright");
    assert!(
        html.contains("href=\"/authors/lukasz-zolkiewski/\""),
        "linked author"
    );
    assert!(
        html.contains("href=\"/topics/european-security/\""),
        "linked topic"
    );
    assert!(
        html.contains("href=\"/series/spotlight/\""),
        "linked series"
    );
    assert!(
        html.contains("href=\"#what-happened\""),
        "contents list links the questions"
    );
    assert!(html.contains("id=\"what-next\""), "heading ids");
    assert!(html.contains("<html lang=\"en\""));
    let body = &html[html.find("<main").unwrap()..];
    assert_eq!(
        body.matches("Lead paragraph of Talks").count(),
        1,
        "the lead is shown once"
    );
    assert!(
        body.contains("class=\"lead\"><p>Lead paragraph of Talks"),
        "and set apart"
    );
}

#[test]
fn indexes_list_exactly_their_briefs_newest_first() {
    let site = fixture();
    site.build(&[]);
    let cases: &[(&str, &[&str])] = &[
        ("authors/ann-lee/index.html", &[GAS, TALKS, GRAIN]),
        ("authors/lukasz-zolkiewski/index.html", &[TALKS]),
        ("topics/energy-climate/index.html", &[GAS, TALKS, GRAIN]),
        ("topics/european-security/index.html", &[TALKS]),
        ("series/spotlight/index.html", &[TALKS, GRAIN]),
        ("archive/2025/index.html", &[GAS, TALKS]),
        ("archive/2024/index.html", &[GRAIN]),
    ];
    for (page, expected) in cases {
        assert_eq!(brief_links(&site.html(page)), *expected, "{page}");
    }
    let home = brief_links(&site.html("index.html"));
    assert_eq!(
        home.first().map(String::as_str),
        Some(GAS),
        "home features the newest brief"
    );
}

#[test]
fn term_lists_are_alphabetical_with_counts() {
    let site = fixture();
    site.build(&[]);
    let authors = site.output("authors/index.html");
    let ann = authors.find("Ann Lee").expect("Ann listed");
    let lukasz = authors.find("Łukasz Żółkiewski").expect("Łukasz listed");
    assert!(ann < lukasz, "A–Z order");
    let archive = site.output("archive/index.html");
    assert!(
        archive.find("2025").unwrap() < archive.find("2024").unwrap(),
        "newest year first"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = fixture();
    site.build(&[]);
    assert!(!site.exists("briefs/2025/unfinished/index.html"));
    assert!(
        !site
            .output("authors/ann-lee/index.html")
            .contains("Unfinished Draft")
    );
    site.build(&["--drafts"]);
    assert!(site.exists("briefs/2025/unfinished/index.html"));
    assert!(
        site.output("authors/ann-lee/index.html")
            .contains("Unfinished Draft")
    );
    site.build(&[]);
    assert!(
        !site.exists("briefs/2025/unfinished/index.html"),
        "stale draft page removed"
    );
}

#[test]
fn bundle_files_are_copied_beside_the_page() {
    let site = fixture();
    site.build(&[]);
    assert_eq!(
        site.output("briefs/2025/gas/full-text.pdf"),
        "%PDF-1.4 test\n%%EOF\n"
    );
    assert!(site.exists("briefs/2025/gas/chart.svg"));
    assert!(
        site.output("briefs/2025/gas/index.html")
            .contains("href=\"/briefs/2025/gas/full-text.pdf\"")
    );
}

#[test]
fn every_internal_link_resolves_under_a_base_path() {
    let site = fixture();
    site.write(
        "content/briefs/2025/2025-03-01-linked.md",
        &brief("Linked", "2025-03-01", &["Ann Lee"], "")
            .replace("Text.", "See [talks](/briefs/2025/talks/#what-next)."),
    );
    site.build(&["--base-url", "https://org.github.io/briefs/"]);
    let mut checked = 0;
    for (path, bytes) in site.snapshot() {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for url in urls(&page) {
            if url.starts_with("http") || url.starts_with('#') || url.starts_with("mailto:") {
                continue;
            }
            assert!(
                url.starts_with("/briefs/"),
                "{} links {url} outside the base path",
                path.display()
            );
            let target = url
                .trim_start_matches("/briefs/")
                // A query (a cache key such as `?v=` on the search index's files) names no
                // other file.
                .split(['#', '?'])
                .next()
                .unwrap()
                .to_string();
            let file = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target
            };
            assert!(
                site.exists(&file),
                "{} links {url}, which does not exist",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
    let linked = site.output("briefs/2025/linked/index.html");
    assert!(
        linked.contains("href=\"/briefs/briefs/2025/talks/#what-next\""),
        "body links get the base path"
    );
    assert!(
        linked.contains("https://org.github.io/briefs/briefs/2025/linked/"),
        "canonical permalink"
    );
}

#[test]
fn markup_in_titles_is_escaped() {
    let site = Site::new();
    site.write(
        "content/briefs/x.md",
        "+++\ntitle = \"<script>alert(1)</script> & Co\"\ndate = 2025-01-01\n\
         authors = [\"A <b>B</b>\"]\ntopics = [\"<i>T</i>\"]\nsummary = \"<em>lead</em>\"\n+++\nThe body.\n",
    );
    site.build(&[]);
    for page in [
        "briefs/2025/x/index.html",
        "index.html",
        "authors/index.html",
        "topics/i-t-i/index.html",
    ] {
        let html = site.output(page);
        assert!(!html.contains("<script>alert"), "{page} has a raw script");
        assert!(
            !html.contains("</script> &"),
            "{page} lets the title close a script"
        );
        assert!(
            !html.contains("<b>B</b>") && !html.contains("<i>T</i>") && !html.contains("<em>lead"),
            "{page} has raw markup"
        );
    }
    let brief = site.html("briefs/2025/x/index.html");
    assert_eq!(
        text(&brief, "h1").trim(),
        "<script>alert(1)</script> & Co",
        "shown as text"
    );
}

#[test]
fn two_builds_are_byte_identical_and_the_second_writes_nothing() {
    let site = fixture();
    site.build(&[]);
    let first = site.snapshot();
    let run = site.build(&[]);
    assert_eq!(site.snapshot(), first);
    assert!(run.stdout.contains(" 0 files written"), "{}", run.stdout);
    let other = fixture();
    other.build(&[]);
    assert_eq!(
        other.snapshot(),
        first,
        "same input in another folder, same output"
    );
}

#[test]
fn stale_files_from_earlier_builds_are_removed() {
    let site = fixture();
    site.build(&[]);
    site.remove("content/briefs/2024/2024-03-05-grain-corridor.md");
    let run = site.build(&[]);
    assert!(!site.exists("briefs/2024/grain-corridor/index.html"));
    assert!(!site.exists("archive/2024/index.html"));
    assert!(
        !site.path("public/briefs/2024").exists(),
        "empty folder removed"
    );
    assert!(!run.stdout.contains(" 0 removed"), "{}", run.stdout);
}

#[test]
fn site_templates_override_the_theme() {
    let site = fixture();
    site.write(
        "templates/page.html",
        "<!doctype html><title>{{ page.title }}</title><p class=custom>{{ content }}</p>",
    );
    site.write("static/extra.txt", "hello");
    site.build(&[]);
    assert!(
        site.output("about/index.html")
            .contains("<p class=custom><p>We are an institute.</p>")
    );
    assert_eq!(site.output("extra.txt"), "hello");
    assert!(
        site.output("index.html").contains("Grain Corridor"),
        "other templates still built in"
    );
}

#[test]
fn static_files_replace_generated_ones_and_collisions_are_errors() {
    let site = fixture();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    site.build(&[]);
    assert_eq!(site.output("robots.txt"), "User-agent: *\nDisallow: /\n");
    let before = site.snapshot();
    site.write_bytes(
        "content/briefs/2025/2025-06-01-gas/index.html",
        b"<p>clash</p>",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("two files of the site would be written to briefs/2025/gas/index.html"),
        "{}",
        run.stderr
    );
    assert_eq!(site.snapshot(), before, "the previous output is untouched");
}

#[test]
fn output_and_root_options() {
    let site = fixture();
    let other = tempfile::tempdir().unwrap();
    let out = other.path().join("site-out");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.join("briefs/2025/talks/index.html").is_file());
    assert!(!site.exists("index.html"));
}

#[test]
fn help_and_version() {
    let site = Site::new();
    let help = site.run(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("build"));
    let version = site.run(&["--version"]);
    assert!(version.stdout.contains(env!("CARGO_PKG_VERSION")));
    assert_eq!(site.run(&["frobnicate"]).code, 2, "usage errors exit 2");
}
