//! Text direction: pages in a right-to-left language (Arabic, Hebrew) say so with `dir` on
//! `<html>`, as CLDR's character order has it, and so does every element in a language other
//! than the page's (the language switch); the PDF keeps the parts of its citation in order.

mod common;

use common::{Site, attrs, brief, site_with};

/// An English site with Arabic and Hebrew versions, and one brief in all three.
fn site() -> Site {
    let toml = format!(
        "{}\n[pdf]\ngenerate = false\n\n[languages.ar]\ntitle = \"معهد\"\n\n[languages.he]\ntitle = \"מכון\"\n",
        common::SITE_TOML
    );
    let site = site_with(&toml, &[]);
    site.write(
        "content/briefs/2025/talks.md",
        &brief("Talks", "2025-02-13", &["Ann Lee"], ""),
    );
    site.write(
        "content/briefs/2025/talks.ar.md",
        "+++\ntitle = \"محادثات\"\n+++\nالفقرة الأولى.\n",
    );
    site.write(
        "content/briefs/2025/talks.he.md",
        "+++\ntitle = \"שיחות\"\n+++\nהפסקה הראשונה.\n",
    );
    site
}

#[test]
fn right_to_left_pages_and_links_have_dir() {
    let site = site();
    site.build(&[]);
    for (folder, lang, dir) in [
        ("", "en", "ltr"),
        ("ar/", "ar", "rtl"),
        ("he/", "he", "rtl"),
    ] {
        for page in ["", "briefs/2025/talks/"] {
            let file = format!("{folder}{page}index.html");
            let html = site.html(&file);
            assert_eq!(attrs(&html, "html", "lang"), [lang], "{file}");
            assert_eq!(attrs(&html, "html", "dir"), [dir], "{file}");
            // Each link of the language switch is in its own language, and direction.
            let switch = ".language-switch a[lang]";
            let langs = attrs(&html, switch, "lang");
            let dirs = attrs(&html, switch, "dir");
            assert_eq!(langs.len(), 2, "{file}");
            let expected: Vec<&str> = langs
                .iter()
                .map(|l| if l == "en" { "ltr" } else { "rtl" })
                .collect();
            assert_eq!(dirs, expected, "{file}: {langs:?}");
        }
    }
}

/// The words of a PDF's pages as `pdftotext -bbox` places them: (left edge, top edge, text).
#[cfg(feature = "pdf")]
fn pdf_words(site: &Site, rel: &str) -> Option<Vec<(f64, f64, String)>> {
    let output = std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(site.path("public").join(rel))
        .arg("-")
        .output();
    let Ok(output) = output else {
        eprintln!("SKIPPED reading the PDF: pdftotext (poppler-utils) not found");
        return None;
    };
    let html = String::from_utf8_lossy(&output.stdout);
    let attr = |word: &str, name: &str| -> f64 {
        let start = word.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        word[start..].split('"').next().unwrap().parse().unwrap()
    };
    let words = html.split("<word ").skip(1).map(|word| {
        let text = word
            .split_once('>')
            .unwrap()
            .1
            .split("</word>")
            .next()
            .unwrap();
        let text = text.replace("&amp;", "&");
        (attr(word, "xMin"), attr(word, "yMin"), text)
    });
    Some(words.collect())
}

/// In a Hebrew brief's PDF, the "Cite as" line keeps each of its sentences whole and in
/// order, read from the right: the authors and year, the title, the institution, the link;
/// the Latin ones' closing parenthesis, full stop and the link's last slash stay with them.
#[cfg(feature = "pdf")]
#[test]
fn a_right_to_left_pdf_keeps_the_citations_parts_in_order() {
    let toml =
        common::SITE_TOML.replacen("\n\n[publisher]", "\nlanguage = \"he\"\n\n[publisher]", 1);
    let site = site_with(&toml, &[]);
    site.write(
        "content/briefs/2025/talks.md",
        "+++\ntitle = \"שיחות השלום\"\ndate = 2025-02-13\nauthors = [\"Ann Lee\"]\n+++\nהפסקה הראשונה.\n",
    );
    site.build(&[]);
    let Some(words) = pdf_words(&site, "briefs/2025/talks/talks.pdf") else {
        return;
    };
    let top = words
        .iter()
        .find(|w| w.2 == "Lee,")
        .expect("the citation")
        .1;
    let mut line: Vec<&(f64, f64, String)> = words
        .iter()
        .filter(|w| (w.1 - top).abs() < 1.0 && w.2.chars().any(char::is_alphanumeric))
        .collect();
    line.sort_by(|a, b| a.0.total_cmp(&b.0));
    let shown: Vec<&str> = line.iter().map(|w| w.2.as_str()).collect();
    let at = |word: &str| {
        shown
            .iter()
            .position(|w| *w == word)
            .unwrap_or_else(|| panic!("no `{word}` on the line: {shown:?}"))
    };
    let hebrew = |w: &&str| w.chars().any(|c| ('\u{5d0}'..='\u{5ea}').contains(&c));
    let title = shown.iter().position(hebrew).expect("the title");
    let url = at("https://example.org/briefs/2025/talks/");
    assert!(
        url < at("Institute.") && at("Institute.") < title,
        "{shown:?}"
    );
    assert!(
        title < at("Lee,") && at("Lee,") < at("(2025)."),
        "{shown:?}"
    );
}
