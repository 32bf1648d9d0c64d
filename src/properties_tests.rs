//! Property tests over front matter, Markdown and settings made of awkward pieces (markup,
//! quotes, control and invisible characters, look-alike letters, template syntax): nothing
//! panics; when a build succeeds every XML file parses, every HTML page parses with unique ids,
//! no front-matter string is taken for markup in HTML, JSON-LD or feeds; and `check` rejects
//! exactly what `build` rejects.
//!
//! `cargo test` runs a few thousand cases; `scripts/fuzz.sh` runs many more
//! (`PROPTEST_CASES=N` sets every test's number of cases).

use std::collections::HashSet;
use std::path::Path;

use proptest::prelude::*;

use crate::build::{self, BuildOptions};
use crate::config::{Config, Overrides};
use crate::error::{Diagnostic, Error};
use crate::markdown::{Labels, RawHtml, render_with};

/// The cases of a test: `PROPTEST_CASES` when set, else `default`.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        max_shrink_iters: 500,
        ..ProptestConfig::default()
    }
}

/// Pieces of text that have broken generators before: markup, entities, quotes, CDATA ends,
/// template syntax, control and invisible characters, combining and look-alike letters.
const TRICKY: &[&str] = &[
    "Energy",
    "Zoë",
    "Łódź",
    "Ελλάδα",
    " ",
    "  ",
    "\t",
    "&",
    "&amp;",
    "<",
    ">",
    "\"",
    "'",
    "\\",
    "<b class=\"pwned\">x</b>",
    "</script>",
    "]]>",
    "<!--",
    "{{ site.title }}",
    "{% if x %}",
    "${x}",
    "#",
    "*",
    "_",
    "`",
    "[^1]",
    "😀",
    "e\u{308}",
    "\u{430}",
    "\u{200f}",
    "\u{a0}",
    "\u{2}",
    "\u{1b}",
    "\u{c}",
    "\u{85}",
    "\u{feff}",
    "\n",
    "%20",
    "/",
    "..",
    "?",
    "a=1&b=2",
];

/// Mostly ordinary words, sometimes a tricky piece.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(&["Baltic", "grid", "tariffs", "Ann", "policy", "2025"][..]),
        1 => prop::sample::select(TRICKY),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.join(" "))
}

/// Markdown made of block and inline pieces, with headings that clash with the theme's ids
/// and with each other, footnotes right and wrong, raw HTML and links.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(
            &[
                "## Main\n\n",
                "## Related\n\n",
                "## Same?\n\n",
                "### Same?\n\n",
                "## Notes {#fn-1 .x}\n\n",
                "## Safe {#x onclick=y}\n\n",
                "# Top\n\n",
                "Text[^1] and more[^2].\n\n",
                "[^1]: A note.\n\n",
                "[^1]: Again.\n\n",
                "[^3]: Unused.\n\n",
                "[home](/) and [out](https://example.org/?a=1&b=2)\n\n",
                "[q](?x=1#main)\n\n",
                "<div onclick=\"x()\">raw</div>\n\n",
                "<script>alert(1)</script>\n\n",
                "[js](javascript:alert(1))\n\n",
                "`code <b>`\n\n",
                "```\n<b>fenced</b>\n```\n\n",
                "- item\n- item\n\n",
                "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n",
                "> quote\n\n",
                "*em* **strong**\n\n",
                "<!-- comment -->\n\n",
                "&nbsp;&copy;&#0;&#x110000;\n\n",
                "\n",
            ][..]
        )
        .prop_map(str::to_string),
        // The body's own raw HTML is published as written: it never carries the marker that
        // tells markup taken from front matter.
        text().prop_map(|t| format!("{}\n\n", t.replace('\u{2}', "").replace("pwned", "bold"))),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat())
}

/// Every `id` in an HTML document.
fn ids(html: &scraper::Html) -> Vec<String> {
    let selector = scraper::Selector::parse("[id]").expect("selector");
    html.select(&selector)
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect()
}

fn assert_unique_ids(html: &scraper::Html, what: &str) -> Result<(), TestCaseError> {
    let mut seen = HashSet::new();
    for id in ids(html) {
        prop_assert!(seen.insert(id.clone()), "duplicate id `{}` in {}", id, what);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1500))]

    /// Markdown never panics, its HTML has unique ids, the lead is a prefix cut at a character
    /// boundary, and sanitized HTML runs no script.
    #[test]
    fn markdown_renders_to_html_with_unique_ids(body in markdown(), sanitize in any::<bool>()) {
        let policy = if sanitize { RawHtml::Sanitize } else { RawHtml::Allow };
        let rendered = render_with(&body, "/sub/", &Labels::default(), policy);
        prop_assert!(rendered.html.is_char_boundary(rendered.lead_len));
        let html = scraper::Html::parse_fragment(&rendered.html);
        assert_unique_ids(&html, &rendered.html)?;
        if sanitize {
            prop_assert!(!rendered.html.contains("<script"), "{}", rendered.html);
            prop_assert!(!rendered.html.contains("javascript:"), "{}", rendered.html);
            prop_assert!(!rendered.html.contains("onclick"), "{}", rendered.html);
        }
    }

    /// Any text at all as a content file: split, read as a brief, checked for characters,
    /// converted from YAML: an answer, never a panic.
    #[test]
    fn any_file_text_is_an_answer(front in text(), body in markdown(), yaml in any::<bool>()) {
        let fence = if yaml { "---" } else { "+++" };
        let file = format!("{fence}\n{front}\ntitle = {front:?}\n{fence}\n{body}");
        let path = Path::new("content/briefs/a.md");
        let _ = crate::error::control_characters(path, &file);
        if let Ok(split) = crate::content::split(path, &file) {
            let taxonomies = crate::config::builtins();
            let _ = crate::content::parse_brief(path, &file, split, &taxonomies, false);
        }
    }
}

/// A `site.toml` from generated settings.
#[derive(Debug, Clone)]
struct Settings {
    title: String,
    language: &'static str,
    per_page: u8,
    entries: u8,
    copyright: &'static str,
    url: &'static str,
    raw_html: &'static str,
}

impl Settings {
    fn toml(&self) -> String {
        let s = |t: &str| toml::Value::String(t.to_string()).to_string();
        format!(
            "title = {}\nbase_url = \"https://example.org/think/\"\ndescription = {}\nlanguage = {}\n\n[publisher]\nname = {}\ncopyright = {}\nurl = {}\n\n[pagination]\nper_page = {}\n\n[feeds]\nentries = {}\n\n[markdown]\nraw_html = {}\n",
            s(&self.title),
            s(&self.title),
            s(self.language),
            s(&self.title),
            s(self.copyright),
            s(self.url),
            self.per_page,
            self.entries,
            s(self.raw_html),
        )
    }
}

fn settings() -> impl Strategy<Value = Settings> {
    // Each setting is right nine times in ten, so that most sites build.
    fn mostly<T: Clone + std::fmt::Debug + 'static>(
        right: &'static [T],
        wrong: &'static [T],
    ) -> impl Strategy<Value = T> {
        prop_oneof![
            9 => prop::sample::select(right),
            1 => prop::sample::select(wrong),
        ]
    }
    (
        text(),
        mostly(&["en", "pl", "en-GB"], &["English (UK)", "", "x_y"]),
        mostly(&[1u8, 2, 20], &[0]),
        mostly(&[1u8, 50], &[0]),
        mostly(&["© {publisher} {year}", "(c) {year} <b>"], &["{yaer}"]),
        mostly(&["https://example.org"], &["not a url"]),
        mostly(&["allow", "sanitize"], &["strip"]),
    )
        .prop_map(
            |(title, language, per_page, entries, copyright, url, raw_html)| Settings {
                title,
                language,
                per_page,
                entries,
                copyright,
                url,
                raw_html,
            },
        )
}

/// A brief's generated front matter and body.
#[derive(Debug, Clone)]
struct BriefCase {
    title: String,
    summary: Option<String>,
    authors: Vec<String>,
    topics: Vec<String>,
    body: String,
}

fn brief_case() -> impl Strategy<Value = BriefCase> {
    (
        text(),
        prop::option::of(text()),
        prop::collection::vec(text(), 1..3),
        prop::collection::vec(text(), 0..3),
        markdown(),
    )
        .prop_map(|(title, summary, authors, topics, body)| BriefCase {
            title,
            summary,
            authors,
            topics,
            body,
        })
}

impl BriefCase {
    fn file(&self, day: usize) -> String {
        let s = |t: &str| toml::Value::String(t.to_string()).to_string();
        let list = |l: &[String]| l.iter().map(|t| s(t)).collect::<Vec<_>>().join(", ");
        let mut text = format!(
            "+++\ntitle = {}\ndate = 2025-01-{:02}\nauthors = [{}]\ntopics = [{}]\n",
            s(&self.title),
            day + 1,
            list(&self.authors),
            list(&self.topics),
        );
        if let Some(summary) = &self.summary {
            text.push_str(&format!("summary = {}\n", s(summary)));
        }
        text.push_str("+++\n");
        text.push_str(&self.body);
        text
    }
}

/// Whether `check` finds an error in the site at `root`.
fn check_rejects(options: &BuildOptions) -> bool {
    match build::check_site(options) {
        Err(Error::Content(problems)) => problems.iter().any(Diagnostic::is_error),
        Err(other) => panic!("check failed outright: {other}"),
        Ok(site) => {
            let extra = site.paths.as_ref().map_or_else(Vec::new, |paths| {
                crate::check::check(&site.library, paths, Default::default())
            });
            site.problems.iter().chain(&extra).any(Diagnostic::is_error)
        }
    }
}

/// Every built file's path and text, below `output`.
fn built_files(output: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(output)
                .ok()?
                .to_string_lossy()
                .into_owned();
            Some((rel, std::fs::read_to_string(e.path()).ok()?))
        })
        .collect()
}

/// What a successful build must be: XML that parses (and feeds whose entries carry the
/// titles as text), HTML with unique ids and no injected element, JSON-LD that parses and
/// names the brief by its title.
fn assert_well_formed(output: &Path, titles: &[String]) -> Result<(), TestCaseError> {
    let jsonld = scraper::Selector::parse("script[type=\"application/ld+json\"]").expect("css");
    let pwned = scraper::Selector::parse(".pwned").expect("css");
    for (path, text) in built_files(output) {
        if path.ends_with(".xml") {
            let doc = roxmltree::Document::parse(&text);
            prop_assert!(doc.is_ok(), "{}: {:?}\n{}", path, doc.err(), text);
            if let Ok(doc) = doc {
                for entry in doc.descendants().filter(|n| n.has_tag_name("entry")) {
                    let title = entry
                        .children()
                        .find(|n| n.has_tag_name("title"))
                        .and_then(|n| n.text())
                        .unwrap_or_default();
                    prop_assert!(
                        titles.iter().any(|t| t == title),
                        "{}: entry title {:?}",
                        path,
                        title
                    );
                }
            }
        } else if path.ends_with(".html") {
            let html = scraper::Html::parse_document(&text);
            assert_unique_ids(&html, &path)?;
            prop_assert!(
                html.select(&pwned).next().is_none(),
                "{}: markup from front matter\n{}",
                path,
                text
            );
            for script in html.select(&jsonld) {
                let json: Result<serde_json::Value, _> =
                    serde_json::from_str(&script.text().collect::<String>());
                prop_assert!(json.is_ok(), "{}: JSON-LD {:?}", path, json.err());
                if let Ok(json) = json
                    && json["@type"] == "Report"
                {
                    let name = json["name"].as_str().unwrap_or_default();
                    prop_assert!(
                        titles.iter().any(|t| t == name),
                        "{}: JSON-LD name {:?}",
                        path,
                        name
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(150))]

    /// Whole sites: build and check agree, and a build's every file is well formed.
    #[test]
    fn sites_build_well_formed_and_check_agrees(
        settings in settings(),
        briefs in prop::collection::vec(brief_case(), 1..3),
        (page_title, role) in (text(), text()),
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let output = dir.path().join("out");
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write("site.toml", &settings.toml());
        for (i, brief) in briefs.iter().enumerate() {
            write(&format!("content/briefs/2025/b{i}.md"), &brief.file(i));
        }
        let quoted = |t: &str| toml::Value::String(t.to_string()).to_string();
        write("content/pages/about.md", &format!("+++\ntitle = {}\n+++\n{}", quoted(&page_title), briefs[0].body));
        // A profile for the first author, with a role from the same pieces.
        let author = &briefs[0].authors[0];
        let slug = crate::slug::slugify(author);
        if !slug.is_empty() {
            write(
                &format!("content/authors/{slug}.md"),
                &format!("+++\nname = {}\nrole = {}\n+++\nBio.\n", quoted(author), quoted(&role)),
            );
        }
        let options = BuildOptions {
            root: root.clone(),
            overrides: Overrides { output_dir: Some(output.clone()), ..Overrides::default() },
            no_cache: true,
            selection: crate::content::Selection {
                now: chrono::DateTime::parse_from_rfc3339("2025-06-01T00:00:00Z").ok(),
                ..Default::default()
            },
            ..BuildOptions::default()
        };
        let built = build::build(&options);
        if std::env::var_os("DOSSIER_PROPERTY_TRACE").is_some() {
            eprintln!("built: {}", built.is_ok());
        }
        let rejected = match &built {
            Ok(_) => false,
            Err(Error::Content(problems)) => problems.iter().any(Diagnostic::is_error),
            Err(other) => return Err(TestCaseError::fail(format!("build failed outright: {other}"))),
        };
        prop_assert_eq!(check_rejects(&options), rejected, "check and build disagree: {:?}", built.err().map(|e| e.to_string()));
        if !rejected {
            let titles: Vec<String> = briefs.iter().map(|b| b.title.trim().to_string()).collect();
            assert_well_formed(&output, &titles)?;
        }
        // The settings alone load or are refused, never panic.
        let _ = Config::load(&root, &Overrides::default());
    }
}
