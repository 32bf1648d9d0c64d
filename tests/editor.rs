//! The editor's workflow (issue 12, item 19): what `dossier new` writes, the placeholders it
//! leaves warned about once published, its word about drafts, long titles, and profiles for
//! topics, series and declared taxonomies, all through the real binary.

mod common;

use common::{Site, brief};

/// The JSON-LD blocks of a built page.
fn json_ld(site: &Site, rel: &str) -> Vec<serde_json::Value> {
    let page = site.output(rel);
    page.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| {
            let end = rest.find("</script>").expect("closed script");
            serde_json::from_str(&rest[..end]).expect("JSON-LD parses")
        })
        .collect()
}

/// Every `jobTitle` in a JSON value, wherever it is.
fn job_titles(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                if key == "jobTitle" {
                    found.push(inner.as_str().unwrap_or("(not a string)").to_string());
                }
                job_titles(inner, found);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| job_titles(i, found)),
        _ => {}
    }
}

#[test]
fn new_author_writes_no_empty_role_and_json_ld_has_no_empty_job_title() {
    let site = Site::new();
    site.write(
        "content/briefs/2025/2025-03-01-a.md",
        &brief("Alpha", "2025-03-01", &["Ann Lee", "Bo Chan"], ""),
    );
    let run = site.run(&["new", "author", "Ann Lee"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let profile = std::fs::read_to_string(site.path("content/authors/ann-lee.md")).unwrap();
    let live_role = profile
        .lines()
        .any(|l| l.trim_start().starts_with("role") && !l.trim_start().starts_with('#'));
    assert!(!live_role, "no role key but a comment:\n{profile}");
    assert!(profile.contains("# role = "), "{profile}");
    // A profile written by hand with `role = ""` publishes no empty job title either.
    site.write(
        "content/authors/bo-chan.md",
        "+++\nname = \"Bo Chan\"\nrole = \"\"\n+++\nBo writes.\n",
    );
    site.build(&[]);
    for page in [
        "authors/ann-lee/index.html",
        "authors/bo-chan/index.html",
        "briefs/2025/a/index.html",
    ] {
        let mut titles = Vec::new();
        for value in json_ld(&site, page) {
            job_titles(&value, &mut titles);
        }
        assert!(
            titles.iter().all(|t| !t.trim().is_empty()),
            "{page}: {titles:?}"
        );
        assert!(!site.output(page).contains("\"jobTitle\":\"\""), "{page}");
    }
}

#[test]
fn new_brief_says_it_is_a_draft_and_how_to_see_and_publish_it() {
    let site = Site::new();
    let run = site.run(&["new", "brief", "Grid Security", "--date", "2025-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "content/briefs/2025/2025-03-01-grid-security.md",
        "standard output is the path alone, for scripts"
    );
    for words in ["draft", "dossier serve --drafts", "`draft` line"] {
        assert!(run.stderr.contains(words), "{words}: {}", run.stderr);
    }
    let quiet = site.run(&["--quiet", "new", "page", "About Us"]);
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""));
    let page = site.run(&["new", "page", "Contact"]);
    assert!(
        !page.stderr.contains("draft"),
        "a page is no draft: {}",
        page.stderr
    );
}

/// `dossier new brief` into `site`, with the `draft` line removed as on publication.
fn publish_new_brief(site: &Site, title: &str) -> String {
    let run = site.run(&["new", "brief", title, "--date", "2025-03-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = run.stdout.trim().to_string();
    let text = std::fs::read_to_string(site.path(&rel)).unwrap();
    let published: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("draft = "))
        .collect();
    site.write(&rel, &(published.join("\n") + "\n"));
    rel
}

/// The 1-based line of the first line of `rel` that contains `needle`.
fn line_of(site: &Site, rel: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {rel}"))
        + 1
}

#[test]
fn placeholders_are_warned_about_at_their_line_by_build_and_check_once_published() {
    let site = Site::new();
    // As a draft, the skeleton is expected: no warning, with or without --drafts.
    let draft = site.run(&["new", "brief", "Draft Only", "--date", "2025-02-01"]);
    assert_eq!(draft.code, 0, "{}", draft.stderr);
    let drafts = site.build(&["--drafts"]);
    assert!(!drafts.stderr.contains("placeholder"), "{}", drafts.stderr);
    assert!(!drafts.stderr.contains("TODO"), "{}", drafts.stderr);

    let rel = publish_new_brief(&site, "Grid Security");
    site.write(
        "content/briefs/2025/2025-01-05-filler.md",
        &brief("Filler", "2025-01-05", &["Ann Lee"], "summary = \"...\"\n").replace(
            "More text.",
            "Lorem ipsum dolor sit amet.\n\n```\nTODO in code is code\n```\n\nA `TODO` in code too.",
        ),
    );
    let author = site.run(&["new", "author", "Ann Lee"]);
    assert_eq!(author.code, 0, "{}", author.stderr);
    let expected = [
        format!(
            "{rel}:{}:1: warning: the author is still",
            line_of(&site, &rel, "authors =")
        ),
        format!(
            "{rel}:{}:1: warning: placeholder text from `dossier new`",
            line_of(&site, &rel, "The lead:")
        ),
        format!(
            "{rel}:{}:1: warning: a `TODO` marker",
            line_of(&site, &rel, "TODO")
        ),
        format!(
            "content/briefs/2025/2025-01-05-filler.md:{}:1: warning: filler text",
            line_of(&site, "content/briefs/2025/2025-01-05-filler.md", "Lorem")
        ),
        format!(
            "content/briefs/2025/2025-01-05-filler.md:{}:1: warning: the summary is still a placeholder",
            line_of(
                &site,
                "content/briefs/2025/2025-01-05-filler.md",
                "summary ="
            )
        ),
        format!(
            "content/authors/ann-lee.md:{}:1: warning: placeholder text",
            line_of(&site, "content/authors/ann-lee.md", "A short biography")
        ),
    ];
    let build = site.build(&[]);
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "placeholders are warnings: {}", check.stderr);
    for line in &expected {
        assert!(
            build.stderr.contains(line.as_str()),
            "build: {line}\n{}",
            build.stderr
        );
    }
    for line in &expected {
        // `check` draws the diagnostic: the message, then the file:line:col under it.
        let (place, message) = line.split_once(": warning: ").unwrap();
        let place = place.trim_end_matches(":1").to_string() + ":1";
        let at = check.stderr.find(&format!("┌─ {place}\n"));
        let said = check.stderr.contains(&format!("warning: {message}"));
        assert!(at.is_some() && said, "check: {line}\n{}", check.stderr);
    }
    let todos = build.stderr.matches("a `TODO` marker").count();
    assert_eq!(
        todos, 4,
        "the skeleton's four sections, none from code: {}",
        build.stderr
    );
}

#[test]
fn a_very_long_title_gets_a_slug_cut_at_a_word() {
    let site = Site::new();
    let title = "Energy Security in the Baltic Sea Region after the Interconnector Incidents "
        .repeat(4)
        .trim()
        .to_string();
    assert!(title.chars().count() > 300);
    let run = site.run(&["new", "brief", &title, "--date", "2025-03-01", "--bundle"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rel = run.stdout.trim();
    let folder = std::path::Path::new(rel)
        .parent()
        .and_then(|p| p.file_name())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let slug = folder.strip_prefix("2025-03-01-").unwrap();
    assert!(slug.len() <= 80, "{slug}");
    assert!(
        slug.starts_with("energy-security-in-the-baltic-sea-region-after-the-interconnector"),
        "{slug}"
    );
    let whole_words =
        "energy-security-in-the-baltic-sea-region-after-the-interconnector-incidents-energy";
    assert!(whole_words.starts_with(slug), "cut between words: {slug}");
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    assert!(text.contains(&title), "the title is kept whole");
    site.build(&["--drafts"]);
    assert!(site.exists(&format!("briefs/2025/{slug}/index.html")));
    let page = site.run(&["new", "page", &"Frequently Asked Questions ".repeat(12)]);
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(page.stdout.trim().len() <= "content/pages/.md".len() + 80);
}

#[test]
fn new_topic_series_and_term_write_the_profiles_check_asks_for() {
    let site = Site::new();
    site.write(
        "site.toml",
        &format!(
            "{}\n[[taxonomies]]\nname = \"regions\"\n",
            common::SITE_TOML
        ),
    );
    site.write(
        "content/briefs/2025/2025-03-01-a.md",
        &brief(
            "Alpha",
            "2025-03-01",
            &["Ann Lee"],
            "topics = [\"Energy & Climate\"]\nseries = \"Spotlight Papers\"\nnumber = 1\nregions = [\"Baltic States\"]\n",
        ),
    );
    let before = site.run(&["check"]);
    for name in ["Energy & Climate", "Spotlight Papers", "Baltic States"] {
        assert!(
            before.stderr.contains(&format!("`{name}` has no profile")),
            "{name}: {}",
            before.stderr
        );
    }
    let runs = [
        (
            vec!["new", "topic", "Energy & Climate"],
            "content/topics/energy-climate.md",
        ),
        (
            vec!["new", "series", "Spotlight Papers"],
            "content/series/spotlight-papers.md",
        ),
        (
            vec!["new", "term", "regions", "Baltic States"],
            "content/regions/baltic-states.md",
        ),
    ];
    for (args, path) in &runs {
        let run = site.run(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout.trim(), *path);
        assert!(site.path(path).is_file());
        assert_eq!(site.run(args).code, 2, "never overwritten");
    }
    let series = std::fs::read_to_string(site.path("content/series/spotlight-papers.md")).unwrap();
    assert!(series.contains("name = \"Spotlight Papers\"") && series.contains("# issn"));
    let after = site.run(&["check"]);
    for name in ["Energy & Climate", "Spotlight Papers", "Baltic States"] {
        assert!(
            !after.stderr.contains(&format!("`{name}` has no profile")),
            "{}",
            after.stderr
        );
    }
    assert!(
        after.stderr.contains("dossier new author \"Ann Lee\""),
        "the hint says how: {}",
        after.stderr
    );
    let unknown = site.run(&["new", "term", "countries", "Poland"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("regions"), "{}", unknown.stderr);
    site.build(&[]);
    assert!(site.exists("topics/energy-climate/index.html"));
    assert!(site.exists("regions/baltic-states/index.html"));
}
