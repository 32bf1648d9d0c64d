//! Social cards: every brief page's `og:image` is an absolute URL of a file the build wrote, a
//! 1200×630 PNG under 300 KB whose text, read back by OCR (Debian's `tesseract`), holds the
//! title and the series label in the brief's language; a brief's own `image` is announced at
//! its real size instead, and by its translations that name none of their own; a rebuild with
//! no change makes no card.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use common::{Site, brief, meta, repo_dir};

/// Whether `tesseract` can read the cards; when it cannot, says so, and fails when the run
/// requires it (`DOSSIER_REQUIRE_OCR=1`, as CI sets).
fn ocr_available() -> bool {
    let found = Command::new("tesseract").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("DOSSIER_REQUIRE_OCR").is_none(),
            "DOSSIER_REQUIRE_OCR is set but `tesseract` is missing: apt-get install tesseract-ocr tesseract-ocr-pol"
        );
        eprintln!(
            "SKIPPED the OCR checks: `tesseract` is missing (apt-get install tesseract-ocr tesseract-ocr-pol)"
        );
    }
    found
}

/// The text tesseract reads on an image, in Polish and English when it has both.
fn ocr(path: &Path) -> String {
    let languages = Command::new("tesseract").arg("--list-langs").output();
    let has_polish = languages.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("pol"));
    let mut command = Command::new("tesseract");
    command.arg(path).arg("stdout");
    if has_polish {
        command.args(["-l", "pol+eng"]);
    }
    let out = command.output().expect("tesseract runs");
    assert!(
        out.status.success(),
        "tesseract failed on {}",
        path.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Words in lower case, for comparing OCR's reading with the text: letters and digits only.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// How many of `expected`'s words of more than two letters OCR read, of how many: a word is
/// read when OCR gave it, or a word of the same length or so that differs in at most a fifth
/// of its letters (`mieazysystemowe` for `międzysystemowe`: display type in bold serif is not
/// what tesseract is trained on).
fn read_back(expected: &str, ocr: &str) -> (usize, usize) {
    let seen = words(ocr);
    let wanted: Vec<String> = words(expected)
        .into_iter()
        .filter(|w| w.chars().count() > 2)
        .collect();
    let close = |w: &String| {
        seen.iter()
            .any(|s| s == w || strsim::normalized_levenshtein(s, w) >= 0.8)
    };
    let found = wanted.iter().filter(|w| close(w)).count();
    (found, wanted.len())
}

/// A PNG's width and height from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// A brief page's card as it announces it: the file's path in the output and its meta tags.
struct Announced {
    file: PathBuf,
    width: String,
    height: String,
    alt: String,
}

/// The card a page announces, checked as a reader's network would fetch it: `og:image` an
/// absolute URL under the site's base, of a file of the output.
fn announced(site: &Site, base: &str, page: &str) -> Announced {
    let html = site.html(page);
    let one = |name: &str| -> String {
        let values = meta(&html, name);
        assert_eq!(values.len(), 1, "{page}: {name} {values:?}");
        values[0].clone()
    };
    let url = one("og:image");
    let rel = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{page}: og:image {url} is not an absolute URL of the site"));
    assert_eq!(one("twitter:card"), "summary_large_image", "{page}");
    Announced {
        file: site.path("public").join(rel.trim_start_matches('/')),
        width: one("og:image:width"),
        height: one("og:image:height"),
        alt: one("og:image:alt"),
    }
}

/// Checks a generated card's file: a 1200×630 PNG under 300 KB, as announced.
fn check_card(card: &Announced, page: &str) -> Vec<u8> {
    let bytes =
        std::fs::read(&card.file).unwrap_or_else(|e| panic!("{page}: {} {e}", card.file.display()));
    assert_eq!(png_size(&bytes), (1200, 630), "{page}");
    assert!(bytes.len() < 300 * 1024, "{page}: {} bytes", bytes.len());
    assert_eq!((card.width.as_str(), card.height.as_str()), ("1200", "630"));
    assert!(!card.alt.is_empty(), "{page}: empty og:image:alt");
    bytes
}

/// Every brief page of a built site: `index.html` files under `briefs/` (any language).
fn brief_pages(site: &Site) -> Vec<String> {
    let public = site.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(&public).unwrap().to_string_lossy().into_owned())
        .filter(|p| {
            let parts: Vec<&str> = p.trim_start_matches("pl/").split('/').collect();
            matches!(parts.as_slice(), ["briefs", year, _, "index.html"] if year.len() == 4 && year.parse::<u32>().is_ok())
        })
        .collect()
}

/// The text of a page's `<h1>`: a brief's title.
fn title_of(site: &Site, page: &str) -> String {
    common::text(&site.html(page), "h1")
}

/// A copy of the repository's example site, with PDFs off (a debug build typesets slowly).
fn example_site() -> Site {
    let site = Site::new();
    let repo = repo_dir();
    for folder in ["content", "static", "i18n"] {
        let from = repo.join(folder);
        for entry in walkdir::WalkDir::new(&from)
            .into_iter()
            .filter_map(Result::ok)
        {
            let target = site
                .path(folder)
                .join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let settings = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{settings}\n[pdf]\ngenerate = false\n"),
    );
    site
}

/// Each card's modification time.
fn card_times(site: &Site) -> BTreeMap<PathBuf, SystemTime> {
    let public = site.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "card.png")
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_brief_of_the_example_site_has_a_card_that_reads_back() {
    let site = example_site();
    site.build(&[]);
    let base = "https://northbridge.example";
    let pages = brief_pages(&site);
    assert!(pages.len() >= 10, "{pages:?}");
    let ocr = ocr_available();
    let mut polish = 0;
    for page in &pages {
        let card = announced(&site, base, page);
        check_card(&card, page);
        assert!(
            card.alt.contains(&title_of(&site, page)),
            "{page}: {}",
            card.alt
        );
        if !ocr {
            continue;
        }
        let read = ocr_text(&card.file);
        let title = title_of(&site, page);
        let (found, wanted) = read_back(&title, &read);
        assert!(
            found * 10 >= wanted * 7,
            "{page}: OCR read {found} of the title's {wanted} words\ntitle: {title}\nread: {read}"
        );
        let series = series_label(&site, page);
        if let Some(series) = series {
            let (found, wanted) = read_back(&series, &read);
            assert_eq!(
                found, wanted,
                "{page}: series label {series:?} not on the card:\n{read}"
            );
        }
        if page.starts_with("pl/") {
            polish += 1;
            // Polish words of the card: the date's month, and the number's label.
            let read_words = words(&read);
            let months = [
                "stycznia",
                "lutego",
                "marca",
                "kwietnia",
                "maja",
                "czerwca",
                "lipca",
                "sierpnia",
                "września",
                "października",
                "listopada",
                "grudnia",
            ];
            assert!(
                months.iter().any(|m| read_words.contains(&m.to_string())),
                "{page}: no Polish month on the card:\n{read}"
            );
        }
    }
    if ocr {
        assert!(polish >= 2, "Polish briefs checked: {polish}");
    }
    // Every other page shows the site's card of its language.
    for (page, card) in [
        ("index.html", "card.png"),
        ("pl/index.html", "pl/card.png"),
        ("authors/index.html", "card.png"),
    ] {
        let announced = announced(&site, base, page);
        assert_eq!(announced.file, site.path("public").join(card), "{page}");
        check_card(&announced, page);
    }
    if ocr {
        let read = ocr_text(&site.path("public/pl/card.png"));
        let (found, wanted) = read_back("Instytut Spraw Międzynarodowych Northbridge", &read);
        assert!(found >= wanted - 1, "the Polish site card:\n{read}");
    }
}

/// OCR of a card, kept readable in a failure message.
fn ocr_text(path: &Path) -> String {
    ocr(path).replace('\u{c}', "")
}

/// The series label a brief page's header shows (`Spotlight No. 7/2025`, `W centrum uwagi
/// Nr 2/2024`), if the brief is in a series.
fn series_label(site: &Site, page: &str) -> Option<String> {
    let html = site.html(page);
    let series = common::texts(&html, ".kicker .series").into_iter().next()?;
    let number = common::texts(&html, ".kicker .number").into_iter().next();
    Some(match number {
        Some(number) => format!("{series} {number}"),
        None => series,
    })
}

/// A site in English and Polish: a brief in a series with its translation, a brief with an
/// image of its own, and one outside any bundle.
fn two_languages() -> Site {
    let site = Site::new();
    site.write(
        "site.toml",
        "title = \"Test Institute\"\nbase_url = \"https://example.org/think\"\n\n[publisher]\nname = \"Test Institute\"\n\n[languages.pl]\ntitle = \"Instytut Testowy\"\ndescription = \"Analizy i komentarze\"\n\n[pdf]\ngenerate = false\n",
    );
    site.write(
        "content/briefs/2025/grid/index.md",
        &brief(
            "Baltic Grid Synchronisation",
            "2025-02-13",
            &["Ann Lee"],
            "series = \"Spotlight\"\nnumber = 4\n",
        ),
    );
    site.write(
        "content/briefs/2025/grid/index.pl.md",
        &brief(
            "Synchronizacja sieci bałtyckiej",
            "2025-02-13",
            &["Ann Lee"],
            "series = \"Spotlight\"\nnumber = 4\n",
        ),
    );
    site.write(
        "content/briefs/2025/plain.md",
        &brief("Fiscal Rules Revisited", "2025-03-01", &["Bo Chen"], ""),
    );
    site
}

/// A PNG of `width` × `height` pixels, all one colour.
fn png_of(width: u32, height: u32) -> Vec<u8> {
    common::png_of(width, height, 200)
}

#[test]
fn a_two_language_site_has_cards_in_each_language_and_remakes_none_unchanged() {
    let site = two_languages();
    site.build(&[]);
    let base = "https://example.org/think";
    let en = announced(&site, base, "briefs/2025/grid/index.html");
    let pl = announced(&site, base, "pl/briefs/2025/grid/index.html");
    assert!(
        en.file.ends_with("public/briefs/2025/grid/card.png"),
        "{}",
        en.file.display()
    );
    assert!(
        pl.file.ends_with("public/pl/briefs/2025/grid/card.png"),
        "{}",
        pl.file.display()
    );
    let (en_bytes, pl_bytes) = (check_card(&en, "en"), check_card(&pl, "pl"));
    assert_ne!(en_bytes, pl_bytes);
    check_card(
        &announced(&site, base, "briefs/2025/plain/index.html"),
        "plain",
    );
    if ocr_available() {
        let read = ocr_text(&pl.file);
        assert_eq!(read_back("Synchronizacja sieci", &read), (2, 2), "{read}");
        assert_eq!(read_back("Spotlight Nr 4/2025", &read).0, 2, "{read}");
        assert!(words(&read).contains(&"lutego".to_string()), "{read}");
        let read = ocr_text(&en.file);
        assert_eq!(
            read_back("Baltic Grid Synchronisation", &read),
            (3, 3),
            "{read}"
        );
        assert_eq!(read_back("Spotlight No. 4/2025", &read), (2, 2), "{read}");
        assert!(words(&read).contains(&"february".to_string()), "{read}");
    }

    // A rebuild with no change makes no card.
    let before = card_times(&site);
    assert_eq!(before.len(), 5, "{before:?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build(&[]);
    assert_eq!(card_times(&site), before);

    // Editing a brief's body makes no card; its title makes its card only.
    let path = "content/briefs/2025/plain.md";
    let text = std::fs::read_to_string(site.path(path)).unwrap();
    site.write(path, &text.replace("More text.", "More text, edited."));
    site.build(&[]);
    assert_eq!(card_times(&site), before);
    site.write(
        path,
        &text.replace("Fiscal Rules Revisited", "Fiscal Rules Rewritten"),
    );
    site.build(&[]);
    let after = card_times(&site);
    let remade: Vec<&PathBuf> = after.keys().filter(|p| after[*p] != before[*p]).collect();
    assert_eq!(remade.len(), 1, "{remade:?}");
    assert!(
        remade[0].ends_with("briefs/2025/plain/card.png"),
        "{remade:?}"
    );
}

#[test]
fn a_brief_image_of_its_own_replaces_its_card() {
    let site = two_languages();
    site.write_bytes("content/briefs/2025/grid/cover.png", &png_of(800, 420));
    let text = std::fs::read_to_string(site.path("content/briefs/2025/grid/index.md")).unwrap();
    site.write(
        "content/briefs/2025/grid/index.md",
        &text.replace("number = 4\n", "number = 4\nimage = \"cover.png\"\n"),
    );
    site.build(&[]);
    let own = announced(
        &site,
        "https://example.org/think",
        "briefs/2025/grid/index.html",
    );
    assert!(
        own.file.ends_with("public/briefs/2025/grid/cover.png"),
        "{}",
        own.file.display()
    );
    assert_eq!(std::fs::read(&own.file).unwrap(), png_of(800, 420));
    assert_eq!((own.width.as_str(), own.height.as_str()), ("800", "420"));
    assert!(!site.exists("briefs/2025/grid/card.png"));
    // The translation, which names no image, shows the original's (its own test is below).
    assert!(!site.exists("pl/briefs/2025/grid/card.png"));

    // A file that is not there is an error at the `image` line.
    site.write(
        "content/briefs/2025/grid/index.md",
        &text.replace("number = 4\n", "number = 4\nimage = \"missing.png\"\n"),
    );
    let run = site.run(&["build"]);
    assert_ne!(run.code, 0);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("`image = \"missing.png\"` is not in the bundle folder"),
        "{out}"
    );
    assert!(out.contains("content/briefs/2025/grid/index.md:7"), "{out}");
    // Once, at the original: the translation that takes the image names no such line.
    assert!(!out.contains("index.pl.md"), "{out}");

    // Too large: more than 5 MB.
    let mut big = png_of(10, 10);
    big.resize(6 * 1024 * 1024, 0);
    site.write_bytes("content/briefs/2025/grid/huge.png", &big);
    site.write(
        "content/briefs/2025/grid/index.md",
        &text.replace("number = 4\n", "number = 4\nimage = \"huge.png\"\n"),
    );
    let run = site.run(&["build"]);
    assert_ne!(run.code, 0);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("`image = \"huge.png\"` is 6.0 MB, more than the 5 MB"),
        "{out}"
    );
    assert!(out.contains("content/briefs/2025/grid/index.md:7"), "{out}");
}

#[test]
fn a_translation_shows_its_originals_image_unless_it_names_its_own() {
    let site = two_languages();
    let base = "https://example.org/think";
    let polish = "pl/briefs/2025/grid/index.html";
    site.build(&[]);
    check_card(&announced(&site, base, polish), "pl");

    // The original names an image: the Polish page, rebuilt, announces that file, published
    // beside the Polish page, and its generated card is gone.
    site.write_bytes("content/briefs/2025/grid/cover.png", &png_of(800, 420));
    let original = std::fs::read_to_string(site.path("content/briefs/2025/grid/index.md")).unwrap();
    site.write(
        "content/briefs/2025/grid/index.md",
        &original.replace("number = 4\n", "number = 4\nimage = \"cover.png\"\n"),
    );
    site.build(&[]);
    let pl = announced(&site, base, polish);
    assert!(
        pl.file.ends_with("public/pl/briefs/2025/grid/cover.png"),
        "{}",
        pl.file.display()
    );
    assert_eq!(std::fs::read(&pl.file).unwrap(), png_of(800, 420));
    assert_eq!((pl.width.as_str(), pl.height.as_str()), ("800", "420"));
    assert_eq!(pl.alt, "Synchronizacja sieci bałtyckiej");
    assert!(!site.exists("pl/briefs/2025/grid/card.png"));

    // A translation that names its own image shows it; the original keeps its own.
    site.write_bytes("content/briefs/2025/grid/okladka.png", &png_of(1200, 630));
    let translation =
        std::fs::read_to_string(site.path("content/briefs/2025/grid/index.pl.md")).unwrap();
    site.write(
        "content/briefs/2025/grid/index.pl.md",
        &translation.replace("number = 4\n", "number = 4\nimage = \"okladka.png\"\n"),
    );
    site.build(&[]);
    let pl = announced(&site, base, polish);
    assert!(
        pl.file.ends_with("public/pl/briefs/2025/grid/okladka.png"),
        "{}",
        pl.file.display()
    );
    assert_eq!(std::fs::read(&pl.file).unwrap(), png_of(1200, 630));
    let en = announced(&site, base, "briefs/2025/grid/index.html");
    assert!(en.file.ends_with("public/briefs/2025/grid/cover.png"));
}

#[test]
fn generate_false_makes_no_card_and_announces_none() {
    let site = two_languages();
    let settings = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{settings}\n[cards]\ngenerate = false\n"),
    );
    site.build(&[]);
    assert!(card_times(&site).is_empty());
    let page = site.html("briefs/2025/grid/index.html");
    assert!(meta(&page, "og:image").is_empty());
    assert_eq!(meta(&page, "twitter:card"), ["summary"]);
}
