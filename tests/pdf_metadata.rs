//! The authors in a PDF's metadata, read back with poppler's `pdfinfo` (Debian's
//! `poppler-utils`; without it the test says so and passes): the document information's
//! `Author` and the XMP packet's `dc:creator` (`pdfinfo -meta`). Typst writes PDFs through
//! krilla 0.6, which for a PDF 1.7 (the version PDF/UA-1 needs) folds every author into one
//! `dc:creator` entry; README's "PDF of every brief" says where and why.
#![cfg(feature = "pdf")]

mod common;

use std::process::Command;

use common::{SITE_TOML, Site, brief, xmp_items};

/// `pdfinfo` with `args` on a file of the built site, or `None` (having said so) without it.
fn pdfinfo(site: &Site, args: &[&str], rel: &str) -> Option<String> {
    let Ok(output) = Command::new("pdfinfo")
        .args(args)
        .arg(site.path("public").join(rel))
        .output()
    else {
        eprintln!("SKIPPED: pdfinfo not found; `apt-get install poppler-utils` to run this test");
        return None;
    };
    assert!(
        output.status.success(),
        "pdfinfo {rel}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The value of one line of `pdfinfo`'s output (`Author`, `PDF version`).
fn line<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim())
}

#[test]
fn three_authors_are_one_xmp_creator_entry_equal_to_the_author_line() {
    let site = Site::new();
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[cards]\ngenerate = false\n"),
    )
    .write(
        "content/briefs/2025/trio.md",
        &brief(
            "Three Hands",
            "2025-02-13",
            &["Nakamura, Hiroshi", "Jane Doe", "Ann Lee"],
            "",
        ),
    );
    let run = site.build(&[]);
    assert!(run.stdout.contains("1 PDF typeset"), "{}", run.stdout);
    let pdf = "briefs/2025/trio/trio.pdf";
    let Some(info) = pdfinfo(&site, &[], pdf) else {
        return;
    };
    let xmp = pdfinfo(&site, &["-meta"], pdf).unwrap_or_default();
    // A PDF 1.7 claiming PDF/UA-1: the version in which krilla folds the authors.
    assert_eq!(line(&info, "PDF version"), Some("1.7"), "{info}");
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    // The names apart by semicolons, in both places, one XMP entry: a reader of either gets
    // the same three names, the first one written family name first with its comma.
    let authors = "Nakamura, Hiroshi; Jane Doe; Ann Lee";
    assert_eq!(line(&info, "Author"), Some(authors), "{info}");
    assert_eq!(xmp_items(&xmp, "dc:creator"), [authors], "{xmp}");
}
