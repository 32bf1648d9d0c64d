//! Bad input: every problem reported with path, line and column, exit code 1, no panic, and the
//! previous output left exactly as it was.

mod common;

use common::{Site, brief, two_briefs};

/// Builds a good site, breaks it with `break_it`, builds again: expects failure, the messages,
/// and an untouched output folder; `check` rejects the broken site too.
fn assert_fails(break_it: impl Fn(&Site), expected: &[&str]) -> String {
    let site = two_briefs();
    site.build(&[]);
    let before = site.snapshot();
    break_it(&site);
    let run = site.run(&["build"]);
    assert_eq!(
        run.code, 1,
        "expected exit 1\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    for needle in expected {
        assert!(
            run.stderr.contains(needle),
            "missing `{needle}` in:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(site.snapshot(), before, "the previous output changed");
    let check = site.run(&["check"]);
    assert_eq!(
        check.code, 1,
        "check accepts what build rejects:\n{}",
        check.stderr
    );
    run.stderr
}

#[test]
fn unclosed_front_matter() {
    assert_fails(
        |s| {
            s.write("content/briefs/2025/a.md", "+++\ntitle = \"A\"\n\nBody\n");
        },
        &[
            "content/briefs/2025/a.md:1:1: error: the front matter opened with `+++` is never closed",
        ],
    );
}

#[test]
fn toml_syntax_error_uses_the_files_line() {
    assert_fails(
        |s| {
            s.write(
                "content/briefs/2025/a.md",
                "+++\ntitle = \"A\"\ndate = 2025-01-10\nauthors = [\"Ann\"\n+++\nBody\n",
            );
        },
        &["content/briefs/2025/a.md:4:"],
    );
}

#[test]
fn missing_and_mistyped_required_fields() {
    let stderr = assert_fails(
        |s| {
            s.write(
                "content/briefs/2025/a.md",
                "+++\ntitle = \"A\"\nauthors = [\"Ann\"]\n+++\nBody\n",
            );
            s.write(
                "content/briefs/2025/b.md",
                "+++\ntitle = \"B\"\ndate = \"yesterday\"\nauthors = [\"Ann\"]\n+++\nBody\n",
            );
        },
        &[
            "content/briefs/2025/a.md:",
            "missing field `date`",
            "content/briefs/2025/b.md:3:",
        ],
    );
    assert!(
        stderr.contains("2 errors found"),
        "both files reported: {stderr}"
    );
}

#[test]
fn unknown_key_suggests_the_right_one() {
    assert_fails(
        |s| {
            s.write(
                "content/briefs/2025/a.md",
                "+++\ntitle = \"A\"\ndate = 2025-01-10\nauthor = [\"Ann\"]\n+++\nBody\n",
            );
        },
        &[
            "content/briefs/2025/a.md:4:1: error: unknown field `author`, did you mean `authors`?",
            "[extra]",
        ],
    );
}

#[test]
fn number_without_series() {
    assert_fails(
        |s| {
            s.write(
                "content/briefs/2025/b.md",
                &brief("Beta", "2025-02-10", &["Ann"], "number = 3\n"),
            );
        },
        &["content/briefs/2025/b.md:5:10: error: `number` needs a `series`"],
    );
}

#[test]
fn two_briefs_with_the_same_url_name_both_files() {
    assert_fails(
        |s| {
            s.write(
                "content/briefs/2025/other/a.md",
                &brief("Alpha again", "2025-03-01", &["Ann"], ""),
            );
        },
        &[
            "content/briefs/2025/a.md",
            "content/briefs/2025/other/a.md",
            "/briefs/2025/a/",
        ],
    );
}

#[test]
fn duplicate_series_number_in_a_year() {
    assert_fails(
        |s| {
            s.write(
                "content/briefs/2025/b.md",
                &brief(
                    "Beta",
                    "2025-02-10",
                    &["Ann"],
                    "series = \"Spotlight\"\nnumber = 1\n",
                ),
            );
        },
        &["No. 1/2025 is used by 2 briefs"],
    );
}

#[test]
fn empty_and_non_utf8_files() {
    assert_fails(
        |s| {
            s.write("content/briefs/2025/empty.md", "");
            s.write_bytes(
                "content/briefs/2025/latin1.md",
                b"+++\ntitle = \"Caf\xe9\"\n+++\n",
            );
        },
        &[
            "content/briefs/2025/empty.md:1:1: error: the file is empty",
            "content/briefs/2025/latin1.md:2:",
            "not valid UTF-8",
        ],
    );
}

#[test]
fn slug_that_climbs_out_is_an_error_not_a_path() {
    assert_fails(
        |s| {
            s.write(
                "content/briefs/2025/b.md",
                &brief("Beta", "2025-02-10", &["Ann"], "slug = \"../../x\"\n"),
            );
        },
        &["content/briefs/2025/b.md:5:8: error: `slug = \"../../x\"` is not a valid URL segment"],
    );
}

#[test]
fn missing_site_toml() {
    assert_fails(
        |s| s.remove("site.toml"),
        &["site.toml:1:1: error: no site.toml", "--root"],
    );
}

#[test]
fn bad_site_toml() {
    assert_fails(
        |s| {
            s.write(
                "site.toml",
                "title = \"T\"\nbase_url = \"https://e.org\"\nthem = \"x\"\n",
            );
        },
        &["site.toml:3:1: error: unknown field `them`, did you mean `theme`?"],
    );
    assert_fails(
        |s| {
            s.write("site.toml", "title = \"T\"\nbase_url = \"e.org\"\n");
        },
        &["site.toml:2:12: error: base_url `e.org` must start with http:// or https://"],
    );
}

#[test]
fn template_syntax_error_names_the_template() {
    assert_fails(
        |s| {
            s.write("templates/brief.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ brief.title \n{% endblock main %}\n");
        },
        &["templates/brief.html:"],
    );
}

#[test]
fn template_rendering_error_names_the_template_and_page() {
    assert_fails(
        |s| {
            s.write("templates/page.html", "<p>{{ page.title | date }}</p>");
            s.write("content/pages/about.md", "+++\ntitle = \"About\"\n+++\n");
        },
        &["templates/page.html:1:", "/about/"],
    );
}

#[test]
fn missing_pdf_in_bundle() {
    assert_fails(
        |s| {
            s.write(
                "content/briefs/2025/c/index.md",
                &brief("C", "2025-03-01", &["Ann"], "pdf = \"full.pdf\"\n"),
            );
        },
        &[
            "content/briefs/2025/c/index.md",
            "`pdf = \"full.pdf\"` is not in the bundle folder",
        ],
    );
}

#[test]
fn refuses_to_clean_a_folder_it_did_not_write() {
    let site = two_briefs();
    site.write("mine/keep.txt", "precious");
    let run = site.run(&["build", "--output", "mine"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("was not written by Dossier"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path("mine/keep.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn many_errors_in_one_run() {
    let stderr = assert_fails(
        |s| {
            s.write("content/briefs/2025/a.md", "+++\ntitle = \"A\"\n");
            s.write(
                "content/briefs/2025/b.md",
                "+++\ntitle = 1\ndate = 2025-01-01\nauthors = [\"X\"]\n+++\n",
            );
            s.write("content/authors/x.md", "+++\nnam = \"X\"\n+++\n");
        },
        &[
            "content/briefs/2025/a.md:1:1",
            "content/briefs/2025/b.md:2:",
            "content/authors/x.md:2:1",
        ],
    );
    assert!(stderr.contains("3 errors found"), "{stderr}");
}
