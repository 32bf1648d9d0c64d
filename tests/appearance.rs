//! Publishing and the look without copying the theme (issue 12, item 20): `init --ci github`'s
//! Pages workflow, the favicon, the site's own stylesheets and the footer's credit line, read
//! from what the real binary wrote.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Site, brief, run_in};
use scraper::{Html, Selector};

/// The workflow as JSON, through python3's yaml when it is there.
fn yaml_as_json(path: &Path) -> Option<serde_json::Value> {
    let script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| serde_json::from_slice(&out.stdout).expect("JSON from python"))
}

#[test]
fn init_ci_github_writes_a_pages_workflow_that_builds_under_the_pages_path() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "site", "--ci", "github"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("GitHub Actions"), "{}", run.stdout);
    let site = dir.path().join("site");
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(
        ignore.lines().any(|l| l == "/public/") && ignore.lines().any(|l| l == "/.dossier-cache/")
    );
    let path = site.join(".github/workflows/pages.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains('\t'), "YAML takes no tabs");
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        text.contains(&format!("DOSSIER_VERSION: \"{version}\"")),
        "pinned"
    );
    // The steps in order, each once, as text (whether or not YAML can be parsed here).
    let order = [
        "actions/checkout@",
        "actions/configure-pages@",
        "rust-toolchain@",
        "cargo install --locked dossier",
        "dossier build --base-url \"${{ steps.pages.outputs.base_url }}/\" --output public",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ];
    let places: Vec<usize> = order
        .iter()
        .map(|step| {
            text.find(step)
                .unwrap_or_else(|| panic!("{step} missing:\n{text}"))
        })
        .collect();
    assert!(
        places.windows(2).all(|w| w[0] < w[1]),
        "in order: {places:?}"
    );
    if let Some(workflow) = yaml_as_json(&path) {
        let permissions = &workflow["permissions"];
        assert_eq!(permissions["pages"], "write");
        assert_eq!(permissions["id-token"], "write");
        let build = workflow["jobs"]["build"]["steps"].as_array().unwrap();
        let upload = build
            .iter()
            .find(|s| {
                s["uses"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
            })
            .unwrap();
        assert_eq!(
            upload["with"]["path"], "public",
            "uploads what the build wrote"
        );
        let deploy = &workflow["jobs"]["deploy"];
        assert_eq!(deploy["needs"], "build");
        assert_eq!(deploy["environment"]["name"], "github-pages");
        // `on` is YAML 1.1's `true`: python's yaml reads the key as a boolean.
        let on = workflow.get("on").or_else(|| workflow.get("true")).unwrap();
        assert_eq!(on["push"]["branches"][0], "main");
    } else {
        eprintln!("note: python3's yaml is not here; the workflow was checked as text only");
    }
    // The workflow's build, with the address configure-pages gives a project site.
    let build = run_in(
        &site,
        &[
            "build",
            "--base-url",
            "https://org.github.io/repo/",
            "--output",
            "public",
        ],
    );
    assert_eq!(build.code, 0, "{}", build.stderr);
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    // The stylesheet under its fingerprinted name, `style.{hash}.css`, under the base path.
    assert!(
        home.contains("<link rel=\"stylesheet\" href=\"/repo/style."),
        "{home}"
    );
    assert!(
        home.contains("<link rel=\"icon\" href=\"/repo/favicon.svg\""),
        "{home}"
    );
    assert!(
        home.contains("https://org.github.io/repo/"),
        "canonical links carry the path"
    );
    let plain = tempfile::tempdir().unwrap();
    assert_eq!(run_in(plain.path(), &["init", "s"]).code, 0);
    assert!(!plain.path().join("s/.github").exists(), "only when asked");
    let bad = run_in(plain.path(), &["init", "t", "--ci", "heroku"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

/// Every page a template made (redirect stubs aside), with its path under public/.
fn pages(site: &Site) -> Vec<(String, Html)> {
    walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(site.path("public")).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .filter(|(_, text)| !text.contains("http-equiv=\"refresh\""))
        .map(|(rel, text)| (rel, Html::parse_document(&text)))
        .collect()
}

fn attrs(page: &Html, css: &str, attr: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    page.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

fn small_site() -> Site {
    let site = Site::new();
    site.write(
        "content/briefs/2025/2025-03-01-a.md",
        &brief(
            "Alpha",
            "2025-03-01",
            &["Ann Lee"],
            "topics = [\"Energy\"]\naliases = [\"/old/\"]\n",
        ),
    );
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\nAbout us.\n",
    );
    site
}

#[test]
fn every_page_links_the_favicon_and_the_file_is_published() {
    let site = small_site();
    site.build(&[]);
    let all = pages(&site);
    assert!(all.len() > 8, "{}", all.len());
    for (rel, page) in &all {
        let icons = attrs(page, "head link[rel=icon]", "href");
        assert_eq!(icons, ["/favicon.svg"], "{rel}");
        assert_eq!(
            attrs(page, "head link[rel=icon]", "type"),
            ["image/svg+xml"],
            "{rel}"
        );
    }
    assert!(
        site.output("favicon.svg").starts_with("<svg"),
        "the theme's favicon"
    );
    // The site's own, by setting.
    site.write_bytes("static/img/mark.png", b"\x89PNG\r\n\x1a\nfake");
    site.write(
        "site.toml",
        &format!(
            "{}\n[appearance]\nfavicon = \"/img/mark.png\"\n",
            common::SITE_TOML
        ),
    );
    site.build(&[]);
    for (rel, page) in pages(&site) {
        assert_eq!(
            attrs(&page, "head link[rel=icon]", "href"),
            ["/img/mark.png"],
            "{rel}"
        );
        assert_eq!(
            attrs(&page, "head link[rel=icon]", "type"),
            ["image/png"],
            "{rel}"
        );
    }
    assert!(site.exists("img/mark.png"));
    // One that is not there, or not a picture: errors at the line, in check and build alike.
    for (favicon, words) in [
        ("/img/missing.svg", "is not a file of the site"),
        ("/img/mark.txt", "not a picture browsers show"),
    ] {
        site.write(
            "site.toml",
            &format!(
                "{}\n[appearance]\nfavicon = \"{favicon}\"\n",
                common::SITE_TOML
            ),
        );
        for command in ["check", "build"] {
            let run = site.run(&[command]);
            assert_eq!(run.code, 1, "{command} {favicon}: {}", run.stderr);
            assert!(run.stderr.contains(words), "{command}: {}", run.stderr);
            assert!(
                run.stderr.contains("site.toml:8:1"),
                "{command}: {}",
                run.stderr
            );
        }
    }
}

/// The stylesheets a page links, in order, the theme's fingerprinted `style.{hash}.css` written
/// `style.css`.
fn stylesheets(page: &Html) -> Vec<String> {
    let unhashed = |href: String| match href.rsplit_once("/style.") {
        Some((dir, rest))
            if rest.len() == 20
                && rest.ends_with(".css")
                && rest[..16].bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            format!("{dir}/style.css")
        }
        _ => href,
    };
    attrs(page, "head link[rel=stylesheet]", "href")
        .into_iter()
        .map(unhashed)
        .collect()
}

#[test]
fn the_sites_stylesheets_are_linked_after_the_themes() {
    let site = small_site();
    site.build(&[]);
    let before = site.html("index.html");
    assert_eq!(stylesheets(&before), ["/style.css", "/print.css"]);
    // Added after a build: every page is made again with the link.
    site.write("static/custom.css", ".site-name { color: purple; }\n");
    site.build(&[]);
    for (rel, page) in pages(&site) {
        assert_eq!(
            stylesheets(&page),
            ["/style.css", "/print.css", "/custom.css"],
            "{rel}"
        );
    }
    assert!(site.output("custom.css").contains("purple"));
    // A list given by hand replaces the default, in its order, under the base path.
    site.write("static/css/brand.css", "body { margin: 0; }\n");
    site.write(
        "site.toml",
        &format!(
            "{}\n[appearance]\nextra_css = [\"/css/brand.css\", \"https://cdn.example.org/x.css\"]\n",
            common::SITE_TOML.replace("https://example.org", "https://example.org/think")
        ),
    );
    site.build(&[]);
    for (rel, page) in pages(&site) {
        assert_eq!(
            stylesheets(&page),
            [
                "/think/style.css",
                "/think/print.css",
                "/think/css/brand.css",
                "https://cdn.example.org/x.css"
            ],
            "{rel}"
        );
    }
    site.write(
        "site.toml",
        &format!(
            "{}\n[appearance]\nextra_css = [\"/css/nope.css\", \"javascript:x\"]\n",
            common::SITE_TOML
        ),
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("`javascript:x`"), "{}", check.stderr);
    site.write(
        "site.toml",
        &format!(
            "{}\n[appearance]\nextra_css = [\"/css/nope.css\"]\n",
            common::SITE_TOML
        ),
    );
    for command in ["check", "build"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{command}");
        assert!(
            run.stderr
                .contains("`/css/nope.css`, which is not a file of the site"),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn the_footer_credit_is_a_setting_worded_by_the_interface_strings() {
    let site = small_site();
    site.write(
        "site.toml",
        &format!(
            "{}\n[languages.pl]\ntitle = \"Instytut\"\n",
            common::SITE_TOML
        ),
    );
    site.write(
        "content/briefs/2025/2025-03-01-a.pl.md",
        "+++\ntitle = \"Alfa\"\n+++\nTekst.\n",
    );
    site.build(&[]);
    let credit = |rel: &str| common::text(&site.html(rel), ".footer-generator");
    assert!(
        credit("index.html").starts_with("Built with Dossier "),
        "{}",
        credit("index.html")
    );
    assert!(
        credit("pl/index.html").contains("Dossier"),
        "{}",
        credit("pl/index.html")
    );
    site.write(
        "i18n/en.toml",
        "built_with = \"Published with {generator} by the Test Institute.\"\n",
    );
    site.build(&[]);
    assert!(credit("briefs/2025/a/index.html").starts_with("Published with Dossier "));
    site.write(
        "site.toml",
        &format!(
            "{}\n[appearance]\ncredit = false\n\n[languages.pl]\ntitle = \"Instytut\"\n",
            common::SITE_TOML
        ),
    );
    site.build(&[]);
    for (rel, page) in pages(&site) {
        assert!(
            attrs(&page, ".footer-generator", "class").is_empty(),
            "{rel}"
        );
        assert!(
            !attrs(&page, ".footer-publisher", "class").is_empty(),
            "{rel}: the footer stays"
        );
    }
}
