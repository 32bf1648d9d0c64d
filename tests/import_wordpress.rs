//! `dossier import wordpress` on a WXR 1.2 export: every published post becomes one brief,
//! pages, profiles and drafts land where Dossier reads them, the imported site checks and
//! builds, and every old permalink redirects to its new page.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, Site};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/wordpress")
        .join(rel)
}

fn import(site: &Site, flags: &[&str]) -> Run {
    let export = fixture("export.xml").display().to_string();
    let mut args = vec!["import", "wordpress", export.as_str()];
    args.extend_from_slice(flags);
    site.run(&args)
}

fn read(site: &Site, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn front(text: &str) -> toml::Table {
    let rest = text.strip_prefix("+++\n").expect("front matter");
    let (front, _) = rest.split_once("\n+++\n").expect("closing +++");
    toml::from_str(front).expect("TOML")
}

/// Every brief file under content/briefs/, relative to the site.
fn briefs(site: &Site) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(site.path("content/briefs"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.md")
        .map(|e| {
            e.path()
                .strip_prefix(site.root())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    out.sort();
    out
}

/// (old permalink path, title) of each published post in the export.
const PUBLISHED: &[(&str, &str)] = &[
    (
        "2023/05/protecting-baltic-subsea-cables/",
        "Protecting Baltic subsea cables",
    ),
    (
        "2023/11/moldova-reform-under-pressure/",
        "Moldova’s reform under pressure",
    ),
    ("2024/02/безпека-чорного-моря/", "Безпека Чорного моря"),
    ("2024/04/łańcuchy-dostaw-chipow/", "Łańcuchy dostaw chipów"),
];

#[test]
fn every_published_post_is_one_brief_and_every_old_permalink_redirects_to_it() {
    let site = Site::without_pdfs();
    let uploads = fixture("uploads").display().to_string();
    let run = import(&site, &["--uploads", &uploads]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("imported: 7 briefs, 2 pages, 3 authors"),
        "summary: {}",
        run.stderr
    );
    let found = briefs(&site);
    assert_eq!(
        found.len(),
        7,
        "4 published, a draft, a pending and a private post: {found:?}"
    );
    for rel in &found {
        assert!(
            run.stdout.lines().any(|l| l == rel),
            "{rel} not printed: {}",
            run.stdout
        );
    }
    let drafts: Vec<&String> = found
        .iter()
        .filter(|b| front(&read(&site, b)).get("draft").is_some())
        .collect();
    assert_eq!(drafts.len(), 3, "draft, pending and private: {drafts:?}");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    site.build(&[]);
    for (old, title) in PUBLISHED {
        let redirect = site.html(&format!("{old}index.html"));
        let refresh = scraper::Selector::parse("meta[http-equiv=refresh]").unwrap();
        let content = redirect
            .select(&refresh)
            .next()
            .unwrap_or_else(|| panic!("no redirect at /{old}"))
            .value()
            .attr("content")
            .unwrap()
            .to_string();
        let target = content
            .split("url=")
            .nth(1)
            .unwrap_or_else(|| panic!("{content}"));
        let path = target.trim_start_matches("https://example.org/");
        let page = site.html(&format!("{}index.html", path));
        assert_eq!(common::text(&page, "h1"), *title, "/{old} → {target}");
    }
    assert!(
        !site.exists("2022/01/binned/index.html"),
        "trash is left out"
    );
}

#[test]
fn content_metadata_profiles_and_images_are_carried_over() {
    let site = Site::without_pdfs();
    let uploads = fixture("uploads").display().to_string();
    let run = import(&site, &["--uploads", &uploads]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cables = read(
        &site,
        "content/briefs/2023/protecting-baltic-subsea-cables/index.md",
    );
    let fm = front(&cables);
    assert_eq!(fm["date"].to_string(), "2023-05-16T09:30:00+02:00");
    assert_eq!(
        fm["authors"].as_array().unwrap()[0].as_str(),
        Some("Alice Nowak")
    );
    assert_eq!(
        fm["summary"].as_str(),
        Some("Why the seabed matters & what to do.")
    );
    let topics: Vec<&str> = fm["topics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert_eq!(topics, ["Energy & Climate", "Baltic Sea", "LNG"]);
    assert!(!cables.contains("wp:"), "block comments removed: {cables}");
    assert!(cables.contains("## What is at risk"), "{cables}");
    assert!(
        cables.contains("![Map of Baltic subsea cables](cable-map.png)"),
        "{cables}"
    );
    assert!(
        cables.contains("[ENTSO-E](https://www.entsoe.eu/)"),
        "{cables}"
    );
    assert!(
        site.path("content/briefs/2023/protecting-baltic-subsea-cables/cable-map.png")
            .is_file()
    );
    let moldova = read(
        &site,
        "content/briefs/2023/moldova-reform-under-pressure/index.md",
    );
    assert!(
        moldova.contains("](chisinau.png)"),
        "the resized copy's original: {moldova}"
    );
    assert!(
        moldova.contains("*The parliament in Chișinău.*"),
        "caption: {moldova}"
    );
    assert!(
        moldova.contains("https://www.youtube.com/watch?v=abc123"),
        "{moldova}"
    );
    let ukrainian = read(&site, "content/briefs/2024/bezpeka-chornogo-moria/index.md");
    assert!(
        ukrainian.contains("https://player.vimeo.com/video/12345"),
        "{ukrainian}"
    );
    assert!(
        ukrainian.contains("https://www.youtube.com/watch?v=xyz789"),
        "{ukrainian}"
    );
    let chips = read(&site, "content/briefs/2024/lancuchy-dostaw-chipow/index.md");
    assert!(chips.contains("| Taiwan  | 60%   |"), "a table: {chips}");
    assert!(chips.contains("> Chips are the new oil."), "{chips}");
    assert_eq!(
        front(&chips)["summary"].as_str(),
        Some("Export controls and supply chains.")
    );
    assert!(
        moldova.contains("\n\nThree things stand out:\n\n1."),
        "paragraphs made: {moldova}"
    );
    assert_eq!(
        front(&chips)["topics"].as_array().unwrap().len(),
        1,
        "Uncategorized is left out"
    );
    for (rel, name) in [
        ("content/authors/alice-nowak.md", "Alice Nowak"),
        ("content/authors/bob-o-briain.md", "Bob Ó Briain"),
        ("content/topics/energy-climate.md", "Energy & Climate"),
        ("content/topics/lancuchy-dostaw.md", "Łańcuchy dostaw"),
    ] {
        assert_eq!(
            front(&read(&site, rel))["name"].as_str(),
            Some(name),
            "{rel}"
        );
    }
    let team = read(&site, "content/pages/team.md");
    assert_eq!(
        front(&team)["aliases"].as_array().unwrap()[0].as_str(),
        Some("/about-us/team/")
    );
    assert!(site.path("content/pages/about-us.md").is_file());
    assert!(
        !site.path("content/pages/careers.md").exists(),
        "a draft page is left out"
    );
    for warning in [
        "uses shortcodes Dossier cannot run: [gallery], [contact-form-7]",
        "post 102",
        "page 122 (“Careers (unfinished)”) is a draft and is left out",
    ] {
        assert!(
            run.stderr.contains(warning),
            "no {warning:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn without_uploads_remote_images_are_listed_and_a_rerun_skips_what_exists() {
    let site = Site::without_pdfs();
    let run = import(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("shows 1 image(s) still on the old site: https://old.example.org/wp-content/uploads/2023/05/cable-map.png"),
        "{}",
        run.stderr
    );
    let before = read(
        &site,
        "content/briefs/2023/protecting-baltic-subsea-cables/index.md",
    );
    site.write(
        "content/briefs/2023/protecting-baltic-subsea-cables/index.md",
        &before.replace("Cables and", "EDITED Cables and"),
    );
    let again = import(&site, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.trim().is_empty(),
        "nothing written: {}",
        again.stdout
    );
    assert!(
        again
            .stderr
            .contains("imported: 0 briefs, 0 pages, 0 authors"),
        "{}",
        again.stderr
    );
    assert!(
        again.stderr.contains("skipped (--force overwrites)"),
        "{}",
        again.stderr
    );
    let kept = read(
        &site,
        "content/briefs/2023/protecting-baltic-subsea-cables/index.md",
    );
    assert!(kept.contains("EDITED"), "an existing file is left alone");
    let forced = import(&site, &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    let redone = read(
        &site,
        "content/briefs/2023/protecting-baltic-subsea-cables/index.md",
    );
    assert!(!redone.contains("EDITED"), "--force overwrites");
}

#[test]
fn post_type_category_and_series_choose_and_number_the_briefs() {
    let site = Site::without_pdfs();
    let run = import(
        &site,
        &[
            "--category",
            "European Security",
            "--as-series",
            "Policy Paper",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = briefs(&site);
    assert_eq!(found.len(), 3, "{found:?}");
    let numbers: Vec<i64> = found
        .iter()
        .map(|b| front(&read(&site, b))["number"].as_integer().unwrap())
        .collect();
    assert!(numbers.contains(&1), "{numbers:?}");
    let bad = site.run(&["import", "wordpress", "no-such.xml"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("no-such.xml"), "{}", bad.stderr);
    site.write(
        "broken.xml",
        "<rss><channel><item><title>x</title></channel></rss>",
    );
    let broken = site.run(&["import", "wordpress", "broken.xml"]);
    assert_eq!(broken.code, 1, "{}", broken.stderr);
    assert!(
        broken.stderr.contains("broken.xml is not well-formed XML"),
        "{}",
        broken.stderr
    );
}

/// A post's links to other imported posts and pages (absolute on the old site, root-relative,
/// `?p=ID`) lead to their new pages; a link to a post that is not published stays as it was.
#[test]
fn links_between_imported_posts_lead_to_their_new_pages() {
    let site = Site::without_pdfs();
    let run = import(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(
        &site,
        "content/briefs/2023/moldova-reform-under-pressure/index.md",
    );
    for expected in [
        "[our brief on subsea cables](/briefs/2023/protecting-baltic-subsea-cables/)",
        "[the chip supply chains](/briefs/2024/lancuchy-dostaw-chipow/)",
        "[the Black Sea](/briefs/2024/bezpeka-chornogo-moria/)",
        "[our team](/team/)",
        "[a note](https://old.example.org/2024/03/internal-note/)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    site.build(&[]);
    let page = site.html("briefs/2023/moldova-reform-under-pressure/index.html");
    let hrefs = common::attrs(&page, "article a, main a", "href");
    for target in [
        "/briefs/2023/protecting-baltic-subsea-cables/",
        "/briefs/2024/lancuchy-dostaw-chipow/",
        "/briefs/2024/bezpeka-chornogo-moria/",
        "/team/",
    ] {
        assert!(
            hrefs.iter().any(|h| h == target),
            "no link to {target}: {hrefs:?}"
        );
        assert!(
            site.exists(&format!("{}index.html", &target[1..])),
            "{target} is not a page of the built site"
        );
    }
}
