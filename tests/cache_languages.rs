//! The build cache on a site in two languages: a rebuild with nothing changed makes nothing
//! again, translated profiles included (they were once attached to their cached term anew on
//! every build, so every page was made again each time).

mod common;

use common::{Site, brief};

#[test]
fn a_two_language_site_rebuilds_nothing_when_nothing_changed() {
    let site = Site::new();
    site.write(
        "site.toml",
        "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[languages.pl]\ntitle = \"Instytut\"\n\n[search]\nenabled = false\n",
    );
    let extra = "topics = [\"Energy\"]\n";
    site.write(
        "content/briefs/grid.md",
        &brief("Grid", "2025-02-13", &["Ann Lee"], extra),
    );
    site.write(
        "content/briefs/grid.pl.md",
        "+++\ntitle = \"Sieć\"\n+++\nTekst.\n",
    );
    site.write(
        "content/topics/energy.md",
        "+++\nname = \"Energy\"\n+++\nPower.\n",
    );
    site.write(
        "content/topics/energy.pl.md",
        "+++\nname = \"Energetyka\"\n+++\nPrąd.\n",
    );
    let first = site.build(&[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    for _ in 0..2 {
        let again = site.build(&[]);
        assert_eq!(again.code, 0, "{}", again.stderr);
        // "0 files written, N unchanged (M not made again)": only the copied files are made.
        let line = again.stdout.trim();
        let numbers: Vec<usize> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        let written = line
            .split(" files written")
            .next()
            .and_then(|s| s.rsplit(' ').next());
        assert_eq!(written, Some("0"), "{line}");
        let unchanged = line
            .split(" unchanged (")
            .next()
            .and_then(|s| s.rsplit(' ').next());
        let not_made = line
            .split(" not made again")
            .next()
            .and_then(|s| s.rsplit('(').next());
        let (unchanged, not_made): (usize, usize) = (
            unchanged
                .and_then(|n| n.parse().ok())
                .expect("unchanged count"),
            not_made
                .and_then(|n| n.parse().ok())
                .expect("not-made count"),
        );
        assert!(!numbers.is_empty());
        // Stylesheets, robots.txt and script files are copied every time; every page, feed and
        // citation file is taken from the cache.
        assert!(unchanged - not_made <= 5, "{line}");
    }
}

/// A body's HTML carries its language's words (the notes' heading and back links) and puts
/// root-relative links under the base path. The model keeps the Markdown; the HTML is rendered
/// after it and cached by those words and that path too: new words for the notes show on the
/// next build with the cache, as on one without it, while the parsed files are reused.
#[test]
fn new_words_for_the_notes_reach_the_bodies_through_the_cache() {
    let site = Site::new();
    site.write(
        "site.toml",
        "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[languages.pl]\ntitle = \"Instytut\"\n\n[search]\nenabled = false\n",
    );
    site.write(
        "content/briefs/grid.md",
        &brief("Grid", "2025-02-13", &["Ann Lee"], ""),
    );
    site.write(
        "content/briefs/grid.pl.md",
        "+++\ntitle = \"Sieć\"\n+++\nZobacz [mapę](/briefs/2025/grid/).[^1]\n\n[^1]: Przypis.\n",
    );
    let page = "pl/briefs/2025/grid/index.html";
    site.build(&[]);
    let first = site.output(page);
    assert!(first.contains(">Przypisy</h2>"), "{first}");
    assert!(
        first.contains("aria-label=\"Powrót do odsyłacza 1\""),
        "{first}"
    );

    site.write(
        "i18n/pl.toml",
        "notes = \"Uwagi\"\nback_to_reference = \"Wróć do {n}\"\n",
    );
    site.build(&[]);
    let cached = site.output(page);
    assert!(cached.contains(">Uwagi</h2>"), "{cached}");
    assert!(cached.contains("aria-label=\"Wróć do 1\""), "{cached}");
    assert!(!cached.contains("Przypisy"), "{cached}");
    // The English original keeps its words.
    assert!(!site.output("briefs/2025/grid/index.html").contains("Uwagi"));
    site.build(&["--no-cache"]);
    assert_eq!(site.output(page), cached, "the same page without the cache");

    site.build(&["--base-url", "https://example.org/think/"]);
    let moved = site.output(page);
    assert!(
        moved.contains("href=\"/think/briefs/2025/grid/\""),
        "{moved}"
    );
}
