//! The PDF of every brief, read back by real tools: poppler's `pdfinfo`, `pdftotext` and
//! `pdffonts` (Debian's `poppler-utils`). Without them the tests say so and pass.
#![cfg(feature = "pdf")]

mod common;

use std::collections::BTreeMap;
use std::process::Command;
use std::time::SystemTime;

use common::Site;

const SITE: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[publisher]\nname = \"Test Institute\"\n";

/// Whether poppler's tools can be run; says why not when they cannot.
fn poppler() -> bool {
    let found = ["pdfinfo", "pdftotext", "pdffonts"]
        .iter()
        .all(|tool| Command::new(tool).arg("-v").output().is_ok());
    if !found {
        eprintln!(
            "SKIPPED: poppler-utils (pdfinfo, pdftotext, pdffonts) not found; `apt-get install poppler-utils` to run the PDF tests"
        );
    }
    found
}

/// Runs a poppler tool on a file of the built site; its standard output.
fn tool(site: &Site, name: &str, args: &[&str], rel: &str) -> String {
    let path = site.path("public").join(rel);
    let mut command = Command::new(name);
    command.args(args).arg(&path);
    if name == "pdftotext" {
        command.arg("-");
    }
    let output = command.output().expect("run poppler");
    assert!(
        output.status.success(),
        "{name} {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `pdfinfo` as key and value.
fn info(site: &Site, rel: &str) -> BTreeMap<String, String> {
    tool(site, "pdfinfo", &[], rel)
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// Text as `pdftotext` extracts it, with runs of whitespace as one space.
fn text(site: &Site, rel: &str) -> String {
    let raw = tool(site, "pdftotext", &["-enc", "UTF-8"], rel);
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(site: &Site, rel: &str) -> usize {
    info(site, rel)["Pages"].parse().unwrap()
}

/// A brief with a body that exercises the layout: footnotes, a table, a chart from the bundle.
const BODY: &str = "The lead paragraph sets the question apart.\n\n## What has changed?\n\nText with a note.[^1] And a second one.[^2]\n\n![A bar chart of storage levels](chart.svg)\n\n| Year | Level |\n|:--|--:|\n| 2024 | 70 % |\n| 2025 | 53 % |\n\n## What next?\n\nMore *emphasis* and a [link](https://example.org/x).\n\n[^1]: Footnote text about Żółkiewski’s source.\n[^2]: The second footnote.\n";

const CHART: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" viewBox=\"0 0 200 100\"><rect x=\"10\" y=\"20\" width=\"50\" height=\"80\" fill=\"#2f5d8a\"/><rect x=\"90\" y=\"50\" width=\"50\" height=\"50\" fill=\"#2f5d8a\"/></svg>\n";

/// A site with one complete brief (a bundle), its author's and series' profiles.
fn full_site() -> Site {
    let site = Site::new();
    site.write("site.toml", SITE)
        .write("content/authors/lukasz-zolkiewski.md", "+++\nname = \"Łukasz Żółkiewski\"\nrole = \"Senior Analyst, Security Programme\"\n+++\nBio.\n")
        .write("content/series/spotlight.md", "+++\nname = \"Spotlight\"\nissn = \"2657-4128\"\n+++\nShort analyses.\n")
        .write(
            "content/briefs/2025/talks/index.md",
            &format!(
                "+++\ntitle = \"Talks on Ukraine Enter a New Phase\"\ndate = 2025-02-13\nauthors = [\"Łukasz Żółkiewski\", \"Jane Doe\"]\ntopics = [\"European Security\", \"Energy\"]\nseries = \"Spotlight\"\nnumber = 11\ndoi = \"10.1234/ti.2025.11\"\nsummary = \"What the talks mean for Europe.\"\n[extra]\nkey_points = [\"First point.\", \"Second point.\"]\n+++\n{BODY}"
            ),
        )
        .write("content/briefs/2025/talks/chart.svg", CHART);
    site
}

const TALKS_PDF: &str = "briefs/2025/talks/talks.pdf";

#[test]
fn a_brief_gets_a_pdf_that_reads_back_right() {
    if !poppler() {
        return;
    }
    let site = full_site();
    let run = site.build(&[]);
    assert!(run.stdout.contains("1 PDF typeset"), "{}", run.stdout);
    let meta = info(&site, TALKS_PDF);
    let count = pages(&site, TALKS_PDF);
    assert!((1..=3).contains(&count), "{count} pages");
    assert_eq!(meta["Title"], "Talks on Ukraine Enter a New Phase");
    // Names separated by semicolons: a comma is also what separates a name written family
    // name first ("Nakamura, Hiroshi"). XMP's dc:creator holds the same one string, as
    // PDF/A-1 6.7.3 has it for a PDF 1.7 (Typst folds a list into one entry there).
    assert_eq!(meta["Author"], "Łukasz Żółkiewski; Jane Doe");
    assert_eq!(
        xmp_list(&site, TALKS_PDF, "dc:creator"),
        ["Łukasz Żółkiewski; Jane Doe"]
    );
    assert_eq!(meta["Subject"], "What the talks mean for Europe.");
    assert_eq!(meta["Keywords"], "European Security, Energy");
    assert!(meta["CreationDate"].contains("2025"), "{meta:?}");
    assert_eq!(meta["Tagged"], "yes");
    assert!(meta["Page size"].contains("A4"), "{meta:?}");

    // Every font is embedded.
    let fonts = tool(&site, "pdffonts", &[], TALKS_PDF);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "a font is not embedded: {row}");
    }

    let text = text(&site, TALKS_PDF);
    for expected in [
        "Talks on Ukraine Enter a New Phase",
        "No. 11/2025",
        "Łukasz Żółkiewski",
        "Senior Analyst, Security Programme",
        "The lead paragraph sets the question apart.",
        "What has changed?",
        "Footnote text about Żółkiewski’s source.",
        "The second footnote.",
        "First point.",
        "70 %",
        "© Test Institute 2025",
        "ISSN 2657-4128",
        "10.1234/ti.2025.11",
        "Żółkiewski, Ł., & Doe, J. (2025). Talks on Ukraine Enter a New Phase (Spotlight No. 11/2025).",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
    // The date is set in capitals; pdftotext reads "1 / 2" as "1/2".
    assert!(text.to_uppercase().contains("13 FEBRUARY 2025"), "{text}");
    let last = format!("{count} / {count}");
    assert!(
        text.contains(&last) || text.contains(&last.replace(' ', "")),
        "{text}"
    );

    // The page, its metadata and the citation files point to it.
    let page = site.output("briefs/2025/talks/index.html");
    let url = "https://example.org/briefs/2025/talks/talks.pdf";
    assert!(page.contains(&format!(
        "<meta name=\"citation_pdf_url\" content=\"{url}\">"
    )));
    assert!(
        page.contains(&format!("\"contentUrl\":\"{url}\"")),
        "{page}"
    );
    let size = std::fs::metadata(site.path("public").join(TALKS_PDF))
        .unwrap()
        .len();
    let kb = size.div_ceil(1024);
    assert!(
        page.contains(&format!(
            "Download the full text <span class=\"file-type\">(PDF, {kb} KB)</span>"
        )),
        "{page}"
    );
    assert!(
        site.output("briefs/2025/talks/cite.ris")
            .contains(&format!("L1  - {url}"))
    );
}

#[test]
fn typst_syntax_in_a_brief_prints_literally() {
    if !poppler() {
        return;
    }
    let site = Site::new();
    let title = "#set page(width: 1cm) $x^2$ <script>alert(1)</script> @ref // not a comment";
    site.write(
        "content/briefs/2025/evil.md",
        &format!(
            "+++\ntitle = {title:?}\ndate = 2025-02-13\nauthors = [\"A. Author\"]\n+++\nLead with #pagebreak() and $y$ and #set text(size: 90pt).\n\n## Is #emph[this] = *that*?\n\n- #strong[x] --- `#raw` \\\\ <b>kept out</b>\n\n```\n#panic(\"no\")\n```\n"
        ),
    );
    site.build(&[]);
    let rel = "briefs/2025/evil/evil.pdf";
    assert_eq!(pages(&site, rel), 1, "Typst code in the brief ran");
    assert_eq!(info(&site, rel)["Title"], title);
    let text = text(&site, rel);
    for expected in [
        title,
        "Lead with #pagebreak() and $y$ and #set text(size: 90pt).",
        "Is #emph[this] = that?",
        "#strong[x] — #raw \\ kept out",
        "#panic(\"no\")",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
}

#[test]
fn a_brief_with_its_own_pdf_gets_no_generated_one() {
    let site = Site::new();
    site.write(
        "content/briefs/2025/own/index.md",
        "+++\ntitle = \"Own\"\ndate = 2025-02-13\nauthors = [\"A\"]\npdf = \"full-text.pdf\"\n+++\nLead.\n",
    )
    .write_bytes("content/briefs/2025/own/full-text.pdf", b"%PDF-1.7 hand-made");
    site.build(&[]);
    assert!(!site.exists("briefs/2025/own/own.pdf"));
    assert!(site.exists("briefs/2025/own/full-text.pdf"));
    let page = site.output("briefs/2025/own/index.html");
    assert!(page.contains("content=\"https://example.org/briefs/2025/own/full-text.pdf\""));
    assert!(
        page.contains("Download the full text <span class=\"file-type\">(PDF, 1 KB)</span>"),
        "{page}"
    );

    // Its translation does not take the hand-made PDF, which is in English: it gets its own,
    // typeset in Polish.
    site.write(
        "site.toml",
        &format!("{SITE}\n[languages.pl]\ntitle = \"Instytut Testowy\"\n"),
    )
    .write(
        "content/briefs/2025/own/index.pl.md",
        "+++\ntitle = \"Własny\"\n+++\nAkapit.\n",
    );
    let run = site.build(&[]);
    assert!(run.stdout.contains("1 PDF typeset"), "{}", run.stdout);
    let polish = std::fs::read(site.path("public/pl/briefs/2025/own/own.pdf")).unwrap();
    assert!(polish.starts_with(b"%PDF-"), "not a PDF");
    let page = site.output("pl/briefs/2025/own/index.html");
    assert!(
        page.contains("href=\"/pl/briefs/2025/own/own.pdf\""),
        "{page}"
    );
    assert!(!page.contains("full-text.pdf"), "{page}");
}

#[test]
fn generate_false_writes_no_pdf_and_links_none() {
    let site = Site::new();
    site.write("site.toml", &format!("{SITE}\n[pdf]\ngenerate = false\n"))
        .write(
            "content/briefs/2025/a.md",
            &common::brief("A", "2025-02-13", &["A"], ""),
        );
    let run = site.build(&[]);
    assert!(!run.stdout.contains("typeset"), "{}", run.stdout);
    let pdfs = site
        .snapshot()
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .count();
    assert_eq!(pdfs, 0);
    let page = site.output("briefs/2025/a/index.html");
    assert!(
        !page.contains("citation_pdf_url") && !page.contains("Download the full text"),
        "{page}"
    );
}

#[test]
fn paper_and_language_come_from_site_toml() {
    if !poppler() {
        return;
    }
    let site = Site::new();
    site.write(
        "site.toml",
        &format!("language = \"pl\"\n{SITE}\n[pdf]\npaper = \"us-letter\"\n"),
    )
    .write(
        "content/briefs/2025/a.md",
        &common::brief("Rozmowy", "2025-02-13", &["Łukasz Żółkiewski"], ""),
    );
    site.build(&[]);
    let rel = "briefs/2025/a/a.pdf";
    assert!(
        info(&site, rel)["Page size"].contains("letter"),
        "{:?}",
        info(&site, rel)
    );
    let text = text(&site, rel);
    assert!(text.to_uppercase().contains("13 LUTEGO 2025"), "{text}");
    assert!(text.to_uppercase().contains("JAK CYTOWAĆ"), "{text}");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0);
    site.write("site.toml", &format!("{SITE}\n[pdf]\npaper = \"a5\"\n"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "site.toml:8:9: error: `pdf.paper` must be \"a4\" or \"us-letter\", not \"a5\""
        ),
        "{}",
        run.stderr
    );
}

fn modified(site: &Site, rel: &str) -> SystemTime {
    std::fs::metadata(site.path("public").join(rel))
        .unwrap()
        .modified()
        .unwrap()
}

#[test]
fn editing_one_brief_typesets_only_its_pdf_again() {
    let site = Site::new();
    for name in ["a", "b", "c"] {
        site.write(
            &format!("content/briefs/2025/{name}.md"),
            &common::brief(&format!("Brief {name}"), "2025-02-13", &["A"], ""),
        );
    }
    let run = site.build(&[]);
    assert!(run.stdout.contains("3 PDFs typeset"), "{}", run.stdout);
    let pdf = |name: &str| format!("briefs/2025/{name}/{name}.pdf");
    let before: Vec<SystemTime> = ["a", "b", "c"]
        .iter()
        .map(|n| modified(&site, &pdf(n)))
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write(
        "content/briefs/2025/b.md",
        &common::brief("Brief b, revised", "2025-02-13", &["A"], ""),
    );
    let run = site.build(&[]);
    assert!(run.stdout.contains("1 PDF typeset"), "{}", run.stdout);
    let after: Vec<SystemTime> = ["a", "b", "c"]
        .iter()
        .map(|n| modified(&site, &pdf(n)))
        .collect();
    assert_eq!((before[0], before[2]), (after[0], after[2]));
    assert_ne!(before[1], after[1]);
    // Nothing changed: nothing is typeset.
    let run = site.build(&[]);
    assert!(!run.stdout.contains("typeset"), "{}", run.stdout);
}

#[test]
fn a_missing_image_is_an_error_at_its_line() {
    let site = Site::new();
    site.write(
        "content/briefs/2025/broken/index.md",
        "+++\ntitle = \"Broken\"\ndate = 2025-02-13\nauthors = [\"A\"]\n+++\nLead.\n\n![A chart](missing-chart.svg)\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("content/briefs/2025/broken/index.md:8:1: error: image `missing-chart.svg` points to nothing in the site"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists(), "nothing is written");
}

#[test]
fn the_site_template_replaces_the_layout_and_its_errors_name_it() {
    if !poppler() {
        return;
    }
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &common::brief("A brief", "2025-02-13", &["A"], ""),
    )
    .write(
        "templates/pdf/brief.typ",
        "#let brief(data, lead: none, body) = {\n  [Own layout: #data.title]\n  lead\n  body\n}\n",
    );
    site.build(&[]);
    let text = text(&site, "briefs/2025/a/a.pdf");
    assert!(text.starts_with("Own layout: A brief"), "{text}");
    site.write(
        "templates/pdf/brief.typ",
        "#let brief(data, lead: none, body) = {\n  data.no_such_field\n}\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("templates/pdf/brief.typ:2:8: error: Typst error in the PDF template: dictionary does not contain key \"no_such_field\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/briefs/2025/a.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_warns_of_raw_html_the_pdf_leaves_out() {
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        "+++\ntitle = \"A\"\ndate = 2025-02-13\nauthors = [\"A\"]\n+++\nLead.\n\n<div class=\"box\">Web only.</div>\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: raw HTML is left out of the brief's PDF"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/briefs/2025/a.md:8:1"),
        "{}",
        run.stderr
    );
}

/// `pdfinfo -meta`: the items of one property of the XMP metadata (`dc:language`,
/// `dc:creator`), each `<rdf:li>` of its list.
fn xmp_list(site: &Site, rel: &str, property: &str) -> Vec<String> {
    common::xmp_items(&tool(site, "pdfinfo", &["-meta"], rel), property)
}

/// The document's language in the XMP metadata.
fn xmp_language(site: &Site, rel: &str) -> String {
    xmp_list(site, rel, "dc:language").join(",")
}

/// The PDF/UA part the XMP metadata claims (`pdfuaid:part`), if any.
fn pdf_ua_claim(site: &Site, rel: &str) -> Option<String> {
    let xmp = tool(site, "pdfinfo", &["-meta"], rel);
    let rest = xmp.split("<pdfuaid:part>").nth(1)?;
    rest.split("</pdfuaid:part>").next().map(str::to_string)
}

#[test]
fn pdfs_claim_pdf_ua_1_except_one_with_an_image_without_alt_text_which_check_names() {
    if !poppler() {
        return;
    }
    let site = full_site();
    site.write(
        "content/briefs/2025/2025-03-01-mute.md",
        "+++\ntitle = \"A Chart Without Words\"\ndate = 2025-03-01\nauthors = [\"Jane Doe\"]\n+++\nLead.\n\n![](/img/bars.svg)\n",
    )
    .write("static/img/bars.svg", CHART);
    let run = site.build(&[]);
    assert!(run.stdout.contains("2 PDFs typeset"), "{}", run.stdout);
    // The brief whose chart has alt text: PDF/UA-1, in its XMP metadata.
    assert_eq!(pdf_ua_claim(&site, TALKS_PDF).as_deref(), Some("1"));
    // The other is still made, tagged, but without the claim it cannot meet.
    let mute = "briefs/2025/mute/mute.pdf";
    assert_eq!(info(&site, mute)["Tagged"], "yes");
    assert_eq!(pdf_ua_claim(&site, mute), None);
    assert!(
        text(&site, mute).contains("A Chart Without Words"),
        "{}",
        text(&site, mute)
    );
    // `check` names the image, its file and line, and says what it costs the PDF.
    let check = site.run(&["check"]);
    assert!(
        check.stderr.contains(
            "warning: image `/img/bars.svg` has no alt text, so the brief's PDF is made without its PDF/UA-1 claim"
        ),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("content/briefs/2025/2025-03-01-mute.md:8:1"),
        "{}",
        check.stderr
    );
    assert_eq!(
        check.stderr.matches("has no alt text").count(),
        1,
        "{}",
        check.stderr
    );
}

#[test]
fn a_translated_brief_gets_its_own_pdf_in_its_language() {
    if !poppler() {
        return;
    }
    let site = full_site();
    site.write("site.toml", &format!("{SITE}\n[languages.pl]\ntitle = \"Instytut Testowy\"\n"))
        .write(
            "content/authors/lukasz-zolkiewski.pl.md",
            "+++\nname = \"Łukasz Żółkiewski\"\nrole = \"Starszy analityk, Program Bezpieczeństwa\"\n+++\nBio.\n",
        )
        .write(
            "content/series/spotlight.pl.md",
            "+++\nname = \"W centrum uwagi\"\n+++\nKrótkie analizy.\n",
        )
        .write(
            "content/briefs/2025/talks/index.pl.md",
            "+++\ntitle = \"Rozmowy o Ukrainie wchodzą w nową fazę\"\nsummary = \"Co rozmowy oznaczają dla Europy.\"\n[extra]\nkey_points = [\"Pierwsza teza.\"]\n+++\nAkapit wiodący stawia pytanie.\n\n## Co się zmieniło?\n\nTekst z przypisem.[^1]\n\n![Wykres poziomów magazynowania](chart.svg)\n\n[^1]: Przypis o źródle Żółkiewskiego.\n",
        );
    let run = site.build(&[]);
    assert!(run.stdout.contains("2 PDFs typeset"), "{}", run.stdout);
    let polish = "pl/briefs/2025/talks/talks.pdf";
    let meta = info(&site, polish);
    assert_eq!(meta["Title"], "Rozmowy o Ukrainie wchodzą w nową fazę");
    assert_eq!(meta["Author"], "Łukasz Żółkiewski; Jane Doe");
    assert_eq!(meta["Tagged"], "yes");
    assert_eq!(xmp_language(&site, polish), "pl");
    assert_eq!(xmp_language(&site, TALKS_PDF), "en");
    let polish_text = text(&site, polish);
    for expected in [
        "Łukasz Żółkiewski",
        "Starszy analityk, Program Bezpieczeństwa",
        "Akapit wiodący stawia pytanie.",
        "Co się zmieniło?",
        "Przypis o źródle Żółkiewskiego.",
        "Pierwsza teza.",
        // The cite box's ready citation writes the number as the page does, in Polish.
        "(W centrum uwagi Nr 11/2025)",
    ] {
        assert!(
            polish_text.contains(expected),
            "`{expected}` missing from:\n{polish_text}"
        );
    }
    // The date, the number and the layout's words in Polish, from the theme's pl.toml (set
    // in spaced capitals, which pdftotext may split: compared without spaces).
    let upper = polish_text.to_uppercase().replace(' ', "");
    for expected in [
        "13LUTEGO2025",
        "NR11/2025",
        "JAKCYTOWAĆ",
        "NAJWAŻNIEJSZETEZY",
    ] {
        assert!(
            upper.contains(expected),
            "`{expected}` missing from:\n{polish_text}"
        );
    }
    assert!(
        !upper.contains("FEBRUARY") && !upper.contains("CITEAS"),
        "{polish_text}"
    );
    // The English PDF stays English; each page links its own language's PDF.
    let english_text = text(&site, TALKS_PDF).to_uppercase();
    assert!(
        english_text.contains("13 FEBRUARY 2025") && english_text.contains("CITE AS"),
        "{english_text}"
    );
    let page = site.output("pl/briefs/2025/talks/index.html");
    assert!(
        page.contains("content=\"https://example.org/pl/briefs/2025/talks/talks.pdf\""),
        "{page}"
    );
    assert!(
        page.contains("href=\"/pl/briefs/2025/talks/talks.pdf\""),
        "{page}"
    );
    let english = site.output("briefs/2025/talks/index.html");
    assert!(english.contains("href=\"/briefs/2025/talks/talks.pdf\""));

    // Editing the translation typesets its PDF alone.
    site.write(
        "content/briefs/2025/talks/index.pl.md",
        "+++\ntitle = \"Rozmowy o Ukrainie, wydanie drugie\"\n+++\nNowy akapit.\n",
    );
    let run = site.build(&[]);
    assert!(run.stdout.contains("1 PDF typeset"), "{}", run.stdout);
    assert_eq!(
        info(&site, polish)["Title"],
        "Rozmowy o Ukrainie, wydanie drugie"
    );
}
