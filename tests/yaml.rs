//! YAML front matter (issue 22): the same briefs, profiles and pages written once in TOML and
//! once in YAML build byte-identical sites, a site may mix both, and each of YAML's traps is
//! an error with its own message at the YAML's line.

mod common;

use common::Site;

/// (path, TOML file, YAML file) of the same content.
const FILES: &[(&str, &str, &str)] = &[
    (
        "content/briefs/2025/2025-03-04-grid.md",
        "+++\ntitle = \"Grid: the Winter Test\"\ndate = 2025-03-04\nauthors = [\"Ann Lee\", \"Bo Chen\"]\ntopics = [\"Energy\"]\nregions = [\"Nordics\", \"no\"]\nseries = \"Spotlight\"\nnumber = 2\nsummary = \"Storage decides.\"\naliases = [\"/briefs/2025/old-grid/\"]\npublish_at = 2025-03-04T09:00:00+01:00\n\n[extra]\nweight = 3\n+++\nLead.[^1]\n\n## What next?\n\nText.\n\n[^1]: A note.\n",
        "---\ntitle: \"Grid: the Winter Test\"\ndate: 2025-03-04\nauthors:\n  - Ann Lee\n  - Bo Chen\ntopics: [Energy]\nregions: [Nordics, \"no\"]\nseries: Spotlight\nnumber: 2\nsummary: Storage decides.\naliases:\n  - /briefs/2025/old-grid/\npublish_at: 2025-03-04T09:00:00+01:00\nextra:\n  weight: 3\n---\nLead.[^1]\n\n## What next?\n\nText.\n\n[^1]: A note.\n",
    ),
    (
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\nrole = \"Senior Fellow\"\nlinks = [\"https://example.org/ann\"]\n+++\nAnn writes on energy.\n",
        "---\nname: Ann Lee\nrole: Senior Fellow\nlinks:\n  - https://example.org/ann\n---\nAnn writes on energy.\n",
    ),
    (
        "content/pages/about.md",
        "+++\ntitle = \"About us\"\ndescription = \"Who we are\"\n+++\nWe are an institute.\n",
        "---\ntitle: About us\ndescription: Who we are\n---\nWe are an institute.\n",
    ),
];

const SITE_TOML: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[publisher]\nname = \"Test Institute\"\n\n[pdf]\ngenerate = false\n\n[[taxonomies]]\nname = \"regions\"\n";

fn site(yaml: impl Fn(usize) -> bool) -> Site {
    let site = Site::new();
    site.write("site.toml", SITE_TOML);
    for (i, (path, toml, yaml_text)) in FILES.iter().enumerate() {
        site.write(path, if yaml(i) { yaml_text } else { toml });
    }
    site
}

#[test]
fn the_same_content_in_yaml_and_in_toml_builds_the_same_site() {
    let toml = site(|_| false);
    let yaml = site(|_| true);
    let mixed = site(|i| i == 0);
    for s in [&toml, &yaml, &mixed] {
        s.build(&["--now", "2025-06-01"]);
    }
    let expected = toml.snapshot();
    assert!(
        expected
            .keys()
            .any(|p| p.ends_with("briefs/2025/grid/index.html"))
    );
    for (name, other) in [("yaml", &yaml), ("mixed", &mixed)] {
        let got = other.snapshot();
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (path, bytes) in &expected {
            assert!(got[path] == *bytes, "{name}: {} differs", path.display());
        }
    }
    let check = yaml.run(&["check", "--now", "2025-06-01"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

/// `check`'s output for a site with one brief in YAML.
fn check_yaml(front: &str) -> String {
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &format!("---\n{front}---\nLead.\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stderr
}

#[test]
fn each_yaml_trap_has_its_message_at_its_line() {
    let base = "title: T\ndate: 2025-01-10\nauthors: [Ann Lee]\n";
    let cases = [
        ("draft: no\n", "`no` is a boolean to YAML 1.1 readers", 5),
        (
            "regions: [on]\n",
            "`on` is a boolean to YAML 1.1 readers",
            5,
        ),
        ("slug: 1e3\n", "`1e3` is a number in YAML (1000)", 5),
        ("publish_at: 2025-01-10 09:00\n", "written with a space", 5),
        ("topics:\n\t- Energy\n", "a tab in the indentation", 6),
        ("title2: T\n", "unknown field `title2`", 5),
        // Unclosed: the parser finds it where the YAML ends, on the closing fence.
        (
            "summary: [a, b\n",
            "the YAML front matter cannot be read",
            6,
        ),
        ("number: two\n", "number", 5),
    ];
    for (extra, message, line) in cases {
        let out = check_yaml(&format!("{base}{extra}"));
        assert!(out.contains(message), "{extra:?}: {out}");
        assert!(
            out.contains(&format!("content/briefs/2025/a.md:{line}:")),
            "{extra:?} at line {line}: {out}"
        );
    }
}

#[test]
fn a_site_that_chooses_yaml_gets_yaml_from_new_and_from_the_cms() {
    let site = Site::new();
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[content]\nfront_matter = \"yaml\"\n"),
    );
    let new = site.run(&[
        "new",
        "brief",
        "Ports: the Next Test",
        "--author",
        "Ann Lee",
        "--series",
        "Spotlight",
        "--date",
        "2025-02-01",
    ]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    let text = std::fs::read_to_string(site.path(new.stdout.trim())).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Ports: the Next Test\"\ndate: 2025-02-01\n"),
        "{text}"
    );
    assert!(text.contains("\nnumber: 1\n"), "{text}");
    // The next brief of the series counts the YAML one.
    let second = site.run(&[
        "new",
        "brief",
        "Second",
        "--author",
        "Ann Lee",
        "--series",
        "Spotlight",
        "--date",
        "2025-03-01",
    ]);
    let text = std::fs::read_to_string(site.path(second.stdout.trim())).unwrap();
    assert!(text.contains("\nnumber: 2\n"), "{text}");
    let check = site.run(&["check", "--drafts"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("ports-the-next-test.md:4:1"),
        "warnings at the YAML's lines: {}",
        check.stderr
    );
    assert_eq!(site.run(&["cms"]).code, 0);
    let config = std::fs::read_to_string(site.path("static/admin/config.yml")).unwrap();
    assert!(config.contains("format: \"yaml-frontmatter\""), "{config}");
    assert!(!config.contains("toml-frontmatter"));
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[content]\nfront_matter = \"json\"\n"),
    );
    let bad = site.run(&["check"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("site.toml:14:16")
            && bad.stderr.contains("must be \"toml\" or \"yaml\""),
        "{}",
        bad.stderr
    );
}

/// A value of the wrong type is reported at the YAML value's own line and column (the file's
/// text, not the TOML it is read as), whatever the spacing after the colon.
#[test]
fn type_errors_point_at_the_yaml_values_column() {
    let site = Site::new();
    site.write("site.toml", SITE_TOML);
    site.write(
        "content/briefs/2025/a.md",
        "---\ntitle: A brief\ndate: 2025-03-04\nauthors: [Ann Lee]\nnumber:   two\n---\nText.\n",
    );
    site.write(
        "content/briefs/2025/b.md",
        "---\ntitle: B brief\ndate: 2025-03-05\nauthors:\n  - Ann Lee\ndraft: \"yes\"\n---\nText.\n",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\ndescription:    12\n---\nText.\n",
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    for (at, message) in [
        (
            "content/briefs/2025/a.md:5:11",
            "`number` must be a whole number",
        ),
        (
            "content/briefs/2025/b.md:6:8",
            "`draft` must be `true` or `false`",
        ),
        ("content/pages/about.md:3:17", "`description` must be text"),
    ] {
        let lines: Vec<&str> = check.stderr.lines().collect();
        let drawn = lines.windows(2).any(|w| {
            w[0].starts_with(&format!("error: {message}")) && w[1].trim() == format!("┌─ {at}")
        });
        assert!(drawn, "no {message:?} at {at}:\n{}", check.stderr);
    }
}
