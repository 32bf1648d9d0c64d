//! Bad input gets a clear message at its file, line and column, from `check` and `build` alike:
//! control characters, a `content/` folder laid out for another tool, Hugo's YAML front matter,
//! impossible and implausible dates, footnotes without notes, links with a query string.

mod common;

use common::{Site, brief, two_briefs};

/// A good site: two briefs by one author with a profile.
fn site() -> Site {
    let site = two_briefs();
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\n+++\nAnn writes.\n",
    );
    site
}

/// Runs `check` and `build` (at a fixed time); both must exit with `code`, and the messages of
/// each must hold every needle (`path:line:col` is in both forms). Returns both outputs.
fn both(site: &Site, code: i32, needles: &[&str]) -> (String, String) {
    let now = ["--now", "2025-06-01"];
    let check = site.run(&["check", now[0], now[1]]);
    let build = site.run(&["build", now[0], now[1]]);
    for (name, run) in [("check", &check), ("build", &build)] {
        let all = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, code, "{name} exited {}:\n{all}", run.code);
        assert!(!all.contains("panicked"), "{all}");
        for needle in needles {
            assert!(
                all.contains(needle),
                "{name}: missing `{needle}` in:\n{all}"
            );
        }
    }
    (check.stderr, build.stderr)
}

#[test]
fn control_characters_are_errors_at_their_position() {
    let site = site();
    // As pasted from a PDF: raw in the title, written as an escape in the summary, an escape
    // character and a form feed in the lead.
    site.write(
        "content/briefs/2025/a.md",
        "+++\ntitle = \"Al\u{2}pha\"\ndate = 2025-01-10\nauthors = [\"Ann Lee\"]\n+++\nThe lead\u{1b} and\u{c} more.\n",
    );
    site.write(
        "content/briefs/2025/b.md",
        "+++\ntitle = \"Beta\"\ndate = 2025-02-10\nauthors = [\"Ann Lee\"]\nsummary = \"S\\u0002\"\n+++\nText.\n",
    );
    let (check, _) = both(
        &site,
        1,
        &[
            "content/briefs/2025/a.md:2:12",
            "U+0002 (start of text)",
            "content/briefs/2025/a.md:6:9",
            "U+001B (escape)",
            "content/briefs/2025/a.md:6:14",
            "U+000C (form feed)",
            "content/briefs/2025/b.md:5:11",
            "PDF copy: delete it",
        ],
    );
    assert!(
        !check.contains('\u{1b}'),
        "the terminal never gets the escape character"
    );
    assert!(!check.contains("invalid basic string"), "{check}");
}

#[test]
fn every_xml_output_is_well_formed() {
    let site = site();
    site.write(
        "content/briefs/2025/c.md",
        &brief(
            "Tom & Jerry <b>\"quoted\"</b> ]]>",
            "2025-03-01",
            &["Ann Lee"],
            "summary = \"a < b & c\"\n",
        ),
    );
    site.build(&[]);
    for file in ["feed.xml", "sitemap.xml", "authors/ann-lee/feed.xml"] {
        let xml = site.output(file);
        if let Err(e) = roxmltree::Document::parse(&xml) {
            panic!("{file}: {e}\n{xml}");
        }
    }
}

#[test]
fn no_briefs_folder_is_an_error_that_names_the_stray_one() {
    let site = site();
    site.build(&[]);
    let before = site.snapshot();
    std::fs::rename(site.path("content/briefs"), site.path("content/posts")).unwrap();
    let (check, _) = both(
        &site,
        1,
        &[
            "there is no content/briefs/ folder",
            "content/posts holds 2 Markdown files",
            "rename the folder to content/briefs/",
        ],
    );
    assert!(
        check.contains("content/posts/ (2 Markdown files) is ignored"),
        "{check}"
    );
    assert_eq!(site.snapshot(), before, "nothing was removed");
    std::fs::remove_dir_all(site.path("content/posts")).unwrap();
    site.write("content/briefs", "not a folder");
    both(&site, 1, &["content/briefs is a file, not a folder"]);
}

#[test]
fn stray_files_and_folders_are_warned_about() {
    let site = site();
    site.write("content/stray.md", "+++\ntitle = \"S\"\n+++\n");
    site.write("content/posts/old.md", "+++\ntitle = \"Old\"\n+++\n");
    site.write("content/pages/sub/deep.md", "+++\ntitle = \"Deep\"\n+++\n");
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\nUs.\n",
    );
    site.write("content/pages/logo.png", "png");
    both(
        &site,
        0,
        &[
            "content/stray.md is ignored",
            "content/posts/ (1 Markdown file) is ignored",
            "content/pages/sub/ is ignored: pages are the Markdown files directly in content/pages/",
            "content/pages/logo.png is ignored",
            "Dossier reads briefs from content/briefs/",
        ],
    );
}

#[test]
fn yaml_front_matter_from_hugo_names_its_unknown_keys_at_their_lines() {
    let site = site();
    site.write(
        "content/briefs/2025/a.md",
        "---\ntitle: Alpha\ndate: 2025-01-10\nauthor: Ann Lee\ntags: [Energy, Climate]\n---\nText.\n",
    );
    both(
        &site,
        1,
        &[
            "content/briefs/2025/a.md:4:1",
            "unknown field `author`, did you mean `authors`?",
            "content/briefs/2025/a.md:5:1",
            "unknown field `tags`",
        ],
    );
}

/// A brief with the good site's first brief's fields and `front_matter` added.
fn alpha_with(site: &Site, date: &str, front_matter: &str) {
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha", date, &["Ann Lee"], front_matter),
    );
}

#[test]
fn impossible_dates_are_errors() {
    let site = site();
    alpha_with(&site, "0000-01-10", "");
    both(
        &site,
        1,
        &["content/briefs/2025/a.md:3:8", "there is no year 0"],
    );
    alpha_with(&site, "2025-01-10", "updated = 2024-12-01\n");
    both(
        &site,
        1,
        &[
            "content/briefs/2025/a.md:5:11",
            "`updated = 2024-12-01` is before the brief's `date`, 2025-01-10",
        ],
    );
    // The README requires an offset with a time: the time is not dropped in silence.
    alpha_with(&site, "2025-01-10T09:30:00", "");
    both(
        &site,
        1,
        &[
            "content/briefs/2025/a.md:3:8",
            "has a time but no offset from UTC",
            "`date = 2025-01-10T09:30:00Z` for UTC",
            "`date = 2025-01-10`",
        ],
    );
    alpha_with(&site, "2025-01-10", "publish_at = 2025-01-11T08:00:00\n");
    both(
        &site,
        1,
        &[
            "content/briefs/2025/a.md:5:14",
            "`publish_at = 2025-01-11T08:00:00Z`",
        ],
    );
}

#[test]
fn implausible_dates_are_warnings() {
    let site = site();
    alpha_with(&site, "9999-12-31", "");
    site.write(
        "content/briefs/2025/b.md",
        &brief("Beta", "1850-02-10", &["Ann Lee"], ""),
    );
    both(
        &site,
        0,
        &[
            "content/briefs/2025/a.md:3:1",
            "warning: `date = 9999-12-31` is more than a year after today (2025-06-01)",
            "content/briefs/2025/b.md:3:1",
            "warning: `date = 1850-02-10` is before 1900",
        ],
    );
    // The far-future brief is scheduled, not the latest brief.
    assert!(!site.output("index.html").contains("Alpha"));
}

#[test]
fn one_error_per_template_problem_at_its_file_and_line() {
    let site = site();
    site.write(
        "content/briefs/2025/c.md",
        &brief("Gamma", "2025-03-10", &["Ann Lee"], ""),
    );
    site.write(
        "templates/brief.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ brief.titel }}</h1>\n{% endblock main %}\n",
    );
    let (check, build) = both(
        &site,
        1,
        &[
            "templates/brief.html:3:",
            "Field `titel` is not defined",
            "and 2 other pages)",
        ],
    );
    assert_eq!(
        check.matches("titel").count(),
        2,
        "one error, quoted once: {check}"
    );
    assert!(build.contains("1 error found"), "{build}");
    site.remove("templates/brief.html");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% include \"nope.html\" %}\n{{ page.title | nofilter }}\n{% endblock main %}\n",
    );
    let (_, build) = both(
        &site,
        1,
        &[
            "templates/page.html:3:12",
            "Unknown template `nope.html`",
            "templates/page.html:4:17",
            "Unknown filter `nofilter`",
        ],
    );
    assert!(!build.contains("error: error:"), "{build}");
    assert!(!build.contains("templates:1:1"), "{build}");
    site.write("templates/page.html", "{% extends \"basis.html\" %}\n");
    both(
        &site,
        1,
        &[
            "templates/page.html:1:1",
            "`page.html` extends `basis.html`, which no template folder has",
        ],
    );
}

#[test]
fn links_with_a_query_string_are_not_broken() {
    let site = site();
    site.write(
        "content/briefs/2025/a.md",
        "+++\ntitle = \"Alpha\"\ndate = 2025-01-10\nauthors = [\"Ann Lee\"]\n+++\nSee [b](/briefs/2025/b/?utm_source=x), [c](/briefs/2025/b/?a=1#what-next) and [d](?x=1).\n\n[e](/briefs/2025/b/?a=1#nowhere)\n",
    );
    let (check, _) = both(
        &site,
        1,
        &[
            "content/briefs/2025/a.md:8:1",
            "`/briefs/2025/b/?a=1#nowhere` points to a heading that does not exist",
        ],
    );
    assert_eq!(check.matches("error:").count(), 1, "{check}");
}

#[test]
fn footnotes_without_notes_and_notes_twice_are_warned_about() {
    let site = site();
    site.write(
        "content/briefs/2025/a.md",
        "+++\ntitle = \"Alpha\"\ndate = 2025-01-10\nauthors = [\"Ann Lee\"]\n+++\nA claim[^1] and another[^2].\n\n[^1]: First source.\n[^1]: Second source.\n[^3]: Never cited.\n",
    );
    both(
        &site,
        0,
        &[
            "content/briefs/2025/a.md:6:24",
            "footnote `[^2]` has no note: it is printed as it is",
            "content/briefs/2025/a.md:9:1",
            "a second note `[^1]:`: only the first is published",
            "content/briefs/2025/a.md:10:1",
            "note `[^3]:` is never cited",
        ],
    );
}

#[test]
fn raw_html_is_allowed_or_sanitized_and_check_warns_in_either_mode() {
    let site = site();
    site.write(
        "content/briefs/2025/a.md",
        "+++\ntitle = \"Alpha\"\ndate = 2025-01-10\nauthors = [\"Ann Lee\"]\n+++\nLead <img src=\"x.png\" alt=\"x\" onerror=\"steal()\">.\n\n<script>steal()</script>\n\n[Click](javascript:steal())\n",
    );
    site.write("static/x.png", "png");
    let needles = [
        "content/briefs/2025/a.md:6:31",
        "raw HTML with an event handler, `onerror=`",
        "content/briefs/2025/a.md:8:1",
        "raw HTML `<script>` in the text",
        "content/briefs/2025/a.md:10:1",
        "a `javascript:` URL in the text",
    ];
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    for needle in needles.iter().chain(&["published as written"]) {
        assert!(
            check.stderr.contains(needle),
            "missing `{needle}`:\n{}",
            check.stderr
        );
    }
    site.build(&[]);
    assert!(
        site.output("briefs/2025/a/index.html")
            .contains("<script>steal()</script>")
    );
    site.write(
        "site.toml",
        &format!(
            "{}\n[markdown]\nraw_html = \"sanitize\"\n",
            common::SITE_TOML
        ),
    );
    let check = site.run(&["check"]);
    assert!(
        check.stderr.contains("removed when the site is built"),
        "{}",
        check.stderr
    );
    site.build(&[]);
    let page = site.output("briefs/2025/a/index.html");
    let body = &page[page.find("<main").unwrap()..];
    for gone in ["steal()", "onerror", "javascript:"] {
        assert!(!body.contains(gone), "{gone} in {body}");
    }
    assert!(body.contains("<img src=\"x.png\" alt=\"x\">"), "{body}");
}
