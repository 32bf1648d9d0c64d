//! `dossier import docx` on what the first Word tests did not cover: a Google Docs export
//! (docx2gfm's sample), LibreOffice's running heads, list items of two paragraphs, numbered
//! headings, underline and colour (`libreoffice-parts.docx`), and `--lang`.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, Site};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/docx")
        .join(rel)
}

fn import(site: &Site, files: &[&str], flags: &[&str]) -> Run {
    let paths: Vec<String> = files
        .iter()
        .map(|f| fixture(f).display().to_string())
        .collect();
    let mut args = vec!["import", "docx"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(flags);
    site.run(&args)
}

fn body(site: &Site, rel: &str) -> String {
    let text = std::fs::read_to_string(site.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let rest = text.strip_prefix("+++\n").expect("front matter");
    rest.split_once("\n+++\n")
        .expect("closing +++")
        .1
        .to_string()
}

const PARTS: &str = "content/briefs/2024/numbered-chapters-and-running-heads/index.md";

#[test]
fn headers_and_footers_are_named_in_warnings_with_their_text() {
    let site = Site::without_pdfs();
    let run = import(
        &site,
        &[
            "libreoffice/libreoffice-parts.docx",
            "word/pd-blk-paras-and-tables.docx",
            "word/pd-having-images.docx",
        ],
        &["--author", "Ann Lee"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for warning in [
        "the page header is left out (“Baltic Policy Institute — Working Paper 7”)",
        "the page footer is left out (“Confidential draft, not for citation”)",
        // Word's: a header and a footer, each a table of two cells.
        "the page header is left out (“Left-side Right-side”)",
        "the page footer is left out (“Copyright Page-number”)",
        // python-docx's: a header that is only a picture.
        "the page header is left out (a picture)",
    ] {
        assert!(
            run.stderr.contains(warning),
            "no {warning:?}:\n{}",
            run.stderr
        );
    }
    // Each warning names the file it is about.
    let header = run
        .stderr
        .split("\n\n")
        .find(|w| w.contains("Left-side"))
        .unwrap_or_default();
    assert!(header.contains("pd-blk-paras-and-tables.docx"), "{header}");
    // And the running head's text is not in the body.
    assert!(!body(&site, PARTS).contains("Working Paper 7"));
}

#[test]
fn a_list_items_second_paragraph_stays_in_the_item() {
    let site = Site::without_pdfs();
    let run = import(
        &site,
        &["libreoffice/libreoffice-parts.docx"],
        &["--author", "Ann Lee"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = body(&site, PARTS);
    for expected in [
        "1. Synchronise with Poland\n\n   This needed a second line through Lithuania, finished in 2024.\n\n2. Leave the BRELL ring",
        "- Batteries\n\n  Estonia built 200 MW.\n\n- Cables",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
    }
    // Read as a reader's browser gets it: the second paragraph inside the first item.
    site.build(&[]);
    let page = site.html("briefs/2024/numbered-chapters-and-running-heads/index.html");
    let items: Vec<String> = common::texts(&page, "li")
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for item in [
        "Synchronise with Poland This needed a second line through Lithuania, finished in 2024.",
        "Leave the BRELL ring",
        "Batteries Estonia built 200 MW.",
        "Cables",
    ] {
        assert!(
            items.iter().any(|i| i == item),
            "no item {item:?} in {items:?}"
        );
    }
    let html = site.output("briefs/2024/numbered-chapters-and-running-heads/index.html");
    assert!(
        html.contains("<p>Synchronise with Poland</p>\n<p>This needed"),
        "two paragraphs in one item: {html}"
    );
}

#[test]
fn numbered_headings_lose_their_numbers_as_with_pandoc() {
    // LibreOffice numbers "Background" 1 and "Earlier plans" 1.1 through the heading styles'
    // numbering; pandoc drops those numbers too, and a theme numbers headings if it wants.
    let site = Site::without_pdfs();
    let run = import(
        &site,
        &["libreoffice/libreoffice-parts.docx"],
        &["--author", "A"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = body(&site, PARTS);
    assert!(md.starts_with("## Background\n"), "{md}");
    assert!(md.contains("\n### Earlier plans\n"), "{md}");
    assert!(md.contains("\n## Findings\n"), "{md}");
}

#[test]
fn underline_and_colour_are_each_counted_in_one_warning() {
    let site = Site::without_pdfs();
    let run = import(
        &site,
        &[
            "libreoffice/libreoffice-parts.docx",
            "google/google-docs-sample.docx",
        ],
        &["--author", "A"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for warning in [
        "2 underlined runs are kept as plain text (the first: “never”, paragraph 3, under “Background”)",
        "1 coloured run is kept as plain text (the first: “red figures”, paragraph 3, under “Background”)",
        // Google Docs underlines and colours its links directly: those are not counted.
        "2 underlined runs are kept as plain text (the first: “under the line”",
    ] {
        assert!(
            run.stderr.contains(warning),
            "no {warning:?}:\n{}",
            run.stderr
        );
    }
    assert_eq!(
        run.stderr.matches("underlined run").count(),
        2,
        "{}",
        run.stderr
    );
    let md = body(&site, PARTS);
    assert!(md.contains("The grid was never designed"), "{md}");
}

const GOOGLE: &str =
    "content/briefs/2025/a-google-doc-docx-for-testing-the-markdown-conversation-with-docx2gfm/";

#[test]
fn a_google_docs_export_reads_well_and_builds() {
    let site = Site::without_pdfs();
    site.write(
        "content/authors/sebastian-spier.md",
        "+++\nname = \"Sebastian Spier\"\n+++\n",
    );
    let run = import(
        &site,
        &["google/google-docs-sample.docx"],
        &["--author", "Sebastian Spier", "--date", "2025-03-01"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = body(&site, &format!("{GOOGLE}index.md"));
    for expected in [
        "### What is this\n",
        "exporting [this Google doc](https://docs.google.com/document/d/1oKGYVORih0GNC1CZHKv0d2IirCtcgMu0O1sifTfH5zo/edit#) as a .docx file",
        "We **may be Bolder**, we *may be Italian* (ouch!), we ~~may be on Strike~~, or under the line.",
        "- Bullet C\n  - Bullet C1\n    - Bullet C1a",
        "1. Numbered lists are great\n2. If one comes after the …\n3. … other",
        "| **TH 1** | **TH 2** | **TH 3** |\n| --- | --- | --- |\n| TD 1 | TD 2 | TD 3 |",
        "![](image1.jpg)",
        "In closing: Goodbye!",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
    }
    assert!(site.path(&format!("{GOOGLE}image1.jpg")).is_file());
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    site.build(&[]);
    let page = site.html(
        "briefs/2025/a-google-doc-docx-for-testing-the-markdown-conversation-with-docx2gfm/index.html",
    );
    assert_eq!(
        common::texts(&page, "table th"),
        ["TH 1", "TH 2", "TH 3"],
        "the header row"
    );
}

const LO_BRIEF: &str = "content/briefs/2024/grid-resilience-in-the-baltic-states/";

#[test]
fn lang_writes_the_languages_file_and_a_translation_lands_beside_its_original() {
    let site = Site::without_pdfs();
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[languages.pl]\ntitle = \"Instytut Testowy\"\n"),
    );
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\n+++\n",
    );
    let doc = ["libreoffice/libreoffice-brief.docx"];
    let original = import(&site, &doc, &[]);
    assert_eq!(original.code, 0, "{}", original.stderr);
    // The same document in Polish: `index.pl.md` in the original's bundle.
    let translation = import(&site, &doc, &["--lang", "pl"]);
    assert_eq!(translation.code, 0, "{}", translation.stderr);
    assert!(
        translation
            .stdout
            .contains(&format!("{LO_BRIEF}index.pl.md")),
        "{}",
        translation.stdout
    );
    assert!(site.path(&format!("{LO_BRIEF}index.md")).is_file());
    // `--lang en`, the site's first language, is the original's name.
    let again = import(&site, &doc, &["--lang", "en"]);
    assert_eq!(again.code, 1, "an original exists: {}", again.stderr);
    assert!(
        again.stderr.contains("index.md already exists"),
        "{}",
        again.stderr
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    site.build(&[]);
    let pl = "pl/briefs/2024/grid-resilience-in-the-baltic-states/index.html";
    let page = site.output(pl);
    assert!(page.contains("<html lang=\"pl\""), "{page}");
    let links = common::hreflangs(&site.html(pl));
    assert!(
        links.iter().any(|(lang, href)| lang == "en"
            && href.ends_with("/briefs/2024/grid-resilience-in-the-baltic-states/")),
        "{links:?}"
    );
    // A language the site does not have is refused, naming the site's.
    let unknown = import(&site, &doc, &["--lang", "de"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(
        unknown
            .stderr
            .contains("`de` is not one of the site's languages (en, pl)"),
        "{}",
        unknown.stderr
    );
}
