//! Unit tests of a brief's reading: front matter, fields and their checks.

use super::*;
use crate::content::front_matter::split;

fn brief(rel: &str, text: &str) -> Result<Brief, Vec<Diagnostic>> {
    let rel = Path::new(rel);
    let s = split(rel, text)?;
    let builtins = crate::config::builtins();
    parse(rel, text, s, &builtins, false)
}

const OK: &str = "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"Ann  Lee\", \"Ann Lee\"]\nseries = \"Spotlight\"\nnumber = 11\n+++\nThe lead.\n\n## Why?\n";

#[test]
fn reads_a_complete_brief() {
    let b = brief("content/briefs/2025/2025-02-13-talks.md", OK).unwrap();
    assert_eq!(b.slug, "talks");
    assert_eq!(crate::routes::brief(&b), "briefs/2025/talks/");
    assert_eq!(b.names_in(TaxonomyId::AUTHORS), ["Ann Lee"]);
    assert_eq!(b.summary, "The lead.");
    assert_eq!(b.number, Some(11));
    assert_eq!(b.content.toc.len(), 1);
}

#[test]
fn bundle_takes_its_folder_name() {
    let b = brief("content/briefs/2025-03-01-energy/index.md", OK).unwrap();
    assert_eq!(b.slug, "energy");
    assert!(b.bundle_dir.is_some());
}

#[test]
fn number_without_series_is_an_error() {
    let text = "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"A\"]\nnumber = 3\n+++\n";
    let errs = brief("content/briefs/a.md", text).unwrap_err();
    assert_eq!(errs[0].line, 5);
    assert!(errs[0].message.contains("needs a `series`"));
}

#[test]
fn traversal_slug_is_an_error() {
    let text =
        "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"A\"]\nslug = \"../../x\"\n+++\n";
    let errs = brief("content/briefs/a.md", text).unwrap_err();
    assert!(
        errs[0].message.contains("not a valid URL segment"),
        "{:?}",
        errs
    );
}

#[test]
fn mistyped_date_and_empty_authors_are_both_reported() {
    let text = "+++\ntitle = \"T\"\ndate = 12:00:00\nauthors = []\n+++\n";
    let errs = brief("content/briefs/a.md", text).unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_eq!(errs[0].line, 3);
    assert_eq!(errs[1].line, 4);
}

#[test]
fn offset_date_time_keeps_its_moment() {
    let text = "+++\ntitle = \"T\"\ndate = 2025-02-13T09:30:00+01:00\nauthors = [\"A\"]\n+++\n";
    let b = brief("content/briefs/a.md", text).unwrap();
    assert_eq!(b.date.rfc3339(), "2025-02-13T09:30:00+01:00");
    assert_eq!(b.year(), 2025);
}

#[test]
fn dois_are_checked_and_normalized() {
    assert_eq!(
        normalize_doi("10.1234/abc.2025.11").as_deref(),
        Some("10.1234/abc.2025.11")
    );
    assert_eq!(
        normalize_doi("https://doi.org/10.12345/x").as_deref(),
        Some("10.12345/x")
    );
    assert_eq!(normalize_doi("10.12/x"), None, "registrant too short");
    assert_eq!(normalize_doi("11.1234/x"), None);
    assert_eq!(normalize_doi("10.1234/"), None);
    assert_eq!(normalize_doi("10.1234/a b"), None);
    let text =
        "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"A\"]\ndoi = \"not-a-doi\"\n+++\n";
    let errs = brief("content/briefs/a.md", text).unwrap_err();
    assert!(errs[0].message.contains("is not a DOI"), "{errs:?}");
    assert_eq!(errs[0].line, 5);
}

#[test]
fn dois_follow_crossrefs_pattern() {
    // `10\.[0-9]{4,9}/.{1,200}`, the pattern of Crossref's deposit schema.
    assert_eq!(
        normalize_doi("10.12345678901/x"),
        None,
        "11-digit registrant"
    );
    assert!(
        normalize_doi("10.123456789/x").is_some(),
        "9-digit registrant"
    );
    assert_eq!(
        normalize_doi("10.1000.10/x"),
        None,
        "Crossref has no sub-registrants"
    );
    let suffix = "x".repeat(200);
    assert!(normalize_doi(&format!("10.1234/{suffix}")).is_some());
    assert_eq!(
        normalize_doi(&format!("10.1234/{suffix}y")),
        None,
        "201 characters"
    );
    let letters = "ł".repeat(200);
    assert!(
        normalize_doi(&format!("10.1234/{letters}")).is_some(),
        "counted in characters"
    );
}

#[test]
fn pdf_outside_a_bundle_is_an_error() {
    let text = "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"A\"]\npdf = \"x.pdf\"\n+++\n";
    assert!(brief("content/briefs/a.md", text).is_err());
}
