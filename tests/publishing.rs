//! Publishing over time: scheduled briefs (`publish_at`, `--future`, `--now`), old addresses
//! that redirect (`aliases`, `_redirects`), and the catalogue exports.

mod common;

use common::scholarly_site;

const BEFORE: &str = "2025-03-04T07:59:59Z";
const AFTER: &str = "2025-03-04T08:00:00Z";

#[test]
fn scheduled_briefs_are_left_out_until_their_time() {
    let site = scholarly_site();
    let run = site.build(&["--now", BEFORE]);
    assert!(
        run.stdout
            .contains("1 scheduled brief left out; next: 2025-03-04 09:00 +01:00"),
        "{}",
        run.stdout
    );
    assert!(!site.exists("briefs/2025/later/index.html"));
    for file in [
        "feed.xml",
        "sitemap.xml",
        "index.html",
        "series/spotlight/index.html",
    ] {
        assert!(
            !site.output(file).contains("briefs/2025/later/"),
            "{file} names the scheduled brief"
        );
    }

    let run = site.build(&["--now", AFTER]);
    assert!(!run.stdout.contains("scheduled"), "{}", run.stdout);
    assert!(site.exists("briefs/2025/later/index.html"));
    assert!(site.output("feed.xml").contains("briefs/2025/later/"));

    site.build(&["--now", BEFORE, "--future"]);
    assert!(site.exists("briefs/2025/later/index.html"));
    site.build(&["--now", BEFORE]);
    assert!(
        !site.exists("briefs/2025/later/index.html"),
        "removed again"
    );
}

#[test]
fn check_lists_scheduled_briefs_and_links_that_would_leak() {
    let site = scholarly_site();
    let run = site.run(&["check", "--now", BEFORE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "1 scheduled brief, left out until then (--future includes them):\n  2025-03-04 09:00 +01:00  /briefs/2025/later/  content/briefs/2025/2025-03-04-later.md"
        ),
        "{}",
        run.stderr
    );

    site.write(
        "content/briefs/2025/2025-02-20-teaser.md",
        &common::brief("Teaser", "2025-02-20", &["Plato"], "")
            .replace("More text.", "See [what comes](/briefs/2025/later/)."),
    );
    let run = site.run(&["check", "--now", BEFORE]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: link `/briefs/2025/later/` points to a scheduled brief, out 2025-03-04 09:00 +01:00"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/briefs/2025/2025-02-20-teaser.md:14:5"),
        "{}",
        run.stderr
    );
    let run = site.run(&["check", "--now", AFTER]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn publish_at_and_now_are_checked() {
    let site = scholarly_site();
    site.write(
        "content/briefs/2025/2025-03-05-bad.md",
        &common::brief("Bad", "2025-03-05", &["Plato"], "publish_at = 2025-03-05\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "2025-03-05-bad.md:5:14: error: `publish_at` must be a date with time and offset"
        ),
        "{}",
        run.stderr
    );
    let run = site.run(&["build", "--now", "soon"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}
