//! Settings that their type accepts but that would publish something wrong are errors at their
//! line of site.toml or of the profile, from `check` and `build` alike; `--output` is read from
//! the current folder.

mod common;

use common::{SITE_TOML, Site, brief, run_in};

fn site() -> Site {
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &brief(
            "Alpha",
            "2025-01-10",
            &["Ann Lee"],
            "series = \"Spotlight\"\n",
        ),
    );
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\n+++\nAnn writes.\n",
    );
    site
}

/// Runs `check` and `build`: both exit with `code` and say every needle.
fn both(site: &Site, code: i32, needles: &[&str]) {
    for command in ["check", "build"] {
        let run = site.run(&[command]);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, code, "{command} exited {}:\n{all}", run.code);
        for needle in needles {
            assert!(
                all.contains(needle),
                "{command}: missing `{needle}` in:\n{all}"
            );
        }
    }
}

/// site.toml with `extra` after the test site's settings (its `[publisher]` table last).
fn settings(site: &Site, extra: &str) {
    site.write("site.toml", &format!("{SITE_TOML}{extra}"));
}

#[test]
fn publisher_settings_are_checked() {
    let site = site();
    settings(
        &site,
        "logo = \"/logo.svg\"\nurl = \"northbridge institute\"\nissn = \"1234-5678\"\ncopyright = \"© {publisher} {yaer}\"\n",
    );
    both(
        &site,
        1,
        &[
            "site.toml:7:1",
            "`publisher.url = \"northbridge institute\"` is not a URL",
            "site.toml:8:1",
            "`publisher.issn = \"1234-5678\"` is not a valid ISSN",
            "check digit",
            "site.toml:9:1",
            "unknown placeholder `{yaer}` in `publisher.copyright`, did you mean `{year}`?",
        ],
    );
    settings(&site, "logo = \"/logo.svg\"\nissn = \"2049-3630\"\n");
    both(
        &site,
        1,
        &[
            "site.toml:6:1",
            "`logo = \"/logo.svg\"` is not a file of the site",
            "static/logo.svg",
        ],
    );
    site.write("static/logo.svg", "<svg/>");
    both(&site, 0, &[]);
}

#[test]
fn numbers_urls_languages_and_the_output_folder() {
    let site = site();
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://editor:secret@example.org/briefs\"\nlanguage = \"English (UK)\"\noutput_dir = \"~/public\"\n\n[feeds]\nentries = 0\n",
    );
    both(
        &site,
        1,
        &[
            "site.toml:2:12",
            "https://editor:***@example.org/briefs",
            "user name or password",
        ],
    );
    assert!(
        !site.run(&["build"]).stderr.contains("secret"),
        "the message masks the password"
    );
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org\"\nlanguage = \"English (UK)\"\noutput_dir = \"~/public\"\n\n[feeds]\nentries = 0\n",
    );
    both(
        &site,
        1,
        &[
            "site.toml:3:12",
            "did you mean `language = \"en-GB\"`?",
            "site.toml:4:1",
            "`~` is not your home folder here",
            "site.toml:7:1",
            "`feeds.entries = 0` would make every feed empty",
        ],
    );
    assert!(!site.path("~").exists());
}

#[test]
fn profiles_identifiers_and_photos_are_checked() {
    let site = site();
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\norcid = \"0000-0002-1825-0098\"\n+++\nAnn writes.\n",
    );
    site.write(
        "content/series/spotlight.md",
        "+++\nname = \"Spotlight\"\nissn = \"2657-4129\"\n+++\n",
    );
    both(
        &site,
        1,
        &[
            "content/authors/ann-lee.md:3:1",
            "`orcid = \"0000-0002-1825-0098\"` is not an ORCID iD",
            "content/series/spotlight.md:3:1",
            "`issn = \"2657-4129\"` is not a valid ISSN",
        ],
    );
    site.write(
        "content/series/spotlight.md",
        "+++\nname = \"Spotlight\"\nissn = \"2657-4128\"\n+++\n",
    );
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\norcid = \"https://orcid.org/0000-0002-1825-0097\"\nphoto = \"ann.jpg\"\n+++\nAnn writes.\n",
    );
    both(
        &site,
        1,
        &[
            "content/authors/ann-lee.md:4:1",
            "`photo = \"ann.jpg\"`: there is no content/authors/ann.jpg beside the profile",
        ],
    );
    site.write("content/authors/ann.jpg", "jpeg");
    site.build(&[]);
    // The photo is copied where the author's page links it.
    assert_eq!(site.output("authors/ann-lee/ann.jpg"), "jpeg");
    let page = site.output("authors/ann-lee/index.html");
    assert!(page.contains("src=\"/authors/ann-lee/ann.jpg\""), "{page}");
    assert!(
        page.contains("https://orcid.org/0000-0002-1825-0097\""),
        "{page}"
    );
    assert!(!page.contains("orcid.org/https:"), "{page}");
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\nphoto = \"/img/ann.jpg\"\n+++\nAnn writes.\n",
    );
    both(
        &site,
        1,
        &[
            "content/authors/ann-lee.md:3:1",
            "`photo = \"/img/ann.jpg\"` is not a file of the site",
        ],
    );
}

#[test]
fn output_is_read_from_the_current_folder_not_the_root() {
    let site = site();
    let elsewhere = tempfile::tempdir().unwrap();
    let root = site.root().to_str().unwrap().to_string();
    let run = run_in(
        elsewhere.path(),
        &["build", "--root", &root, "--output", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        elsewhere
            .path()
            .join("out/briefs/2025/a/index.html")
            .is_file()
    );
    assert!(!site.path("out").exists(), "not below --root");
    let run = run_in(
        elsewhere.path(),
        &["clean", "--root", &root, "--output", "out"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!elsewhere.path().join("out").exists());
}
