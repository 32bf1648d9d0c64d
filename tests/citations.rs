//! Citations as reference managers read them: each brief's cite.bib, cite.ris and cite.json
//! rendered by a real CSL processor (citation-js, APA 7 and Chicago author-date) must agree
//! with each other and with the page's ready citation; the page's Highwire and Dublin Core
//! tags and its JSON-LD say the same.

mod common;

use common::{Site, scholarly_site, test_deps, text};
use scraper::Selector;

const BRIEFS: [&str; 3] = [
    "briefs/2025/talks/",
    "briefs/2025/dream/",
    "briefs/2024/republic/",
];

fn meta(site: &Site, page: &str, name: &str) -> Vec<String> {
    let html = site.html(&format!("{page}index.html"));
    let selector = Selector::parse(&format!("meta[name='{name}']")).unwrap();
    html.select(&selector)
        .map(|m| m.value().attr("content").unwrap_or_default().to_string())
        .collect()
}

#[test]
fn ready_citations_name_every_author_once_in_apa_form() {
    let site = scholarly_site();
    site.build(&[]);
    let cite = |page: &str| text(&site.html(&format!("{page}index.html")), ".cite-text");
    assert_eq!(
        cite(BRIEFS[0]),
        "Żółkiewski, Ł., & van der Berg, J. (2025). Talks Enter a New Phase: What Next? (Spotlight No. 11/2025). Test Institute. https://doi.org/10.12345/ti.2025.11"
    );
    assert_eq!(
        cite(BRIEFS[1]),
        "King, M. L., Jr., & García Márquez, G. (2025). A Dream Deferred [Policy Brief]. Test Institute. https://doi.org/10.12345/ti.2025.2"
    );
    assert_eq!(
        cite(BRIEFS[2]),
        "Plato. (2024). The Republic’s Guardians (Policy Paper No. 4/2024). Test Institute. https://example.org/briefs/2024/republic/"
    );
}

/// The scholarly site with a Polish version of the Spotlight brief (with a DOI of its own and
/// quotes in its title), the series' Polish name, and an English brief with quotes in its title.
fn bilingual_site() -> Site {
    let site = scholarly_site();
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[languages.pl]\ntitle = \"Instytut Testowy\"\n"),
    )
    .write(
        "content/series/spotlight.pl.md",
        "+++\nname = \"W centrum uwagi\"\n+++\nKrótkie analizy.\n",
    )
    .write(
        "content/briefs/2025/2025-02-13-talks.pl.md",
        "+++\ntitle = \"Wkraczamy w \\\"nową fazę\\\": co dalej?\"\ndoi = \"10.12345/ti.2025.11.pl\"\n+++\nAkapit wiodący.\n",
    )
    .write(
        "content/briefs/2025/2025-01-05-ending.md",
        &common::brief(
            "\"Ending\" the 'Long' War: Europe's Choice",
            "2025-01-05",
            &["Ann Lee"],
            "series = \"Spotlight\"\nnumber = 1\n",
        ),
    );
    site
}

#[test]
fn ready_citations_write_the_number_and_quotes_in_the_pages_language() {
    let site = bilingual_site();
    site.build(&[]);
    let cite = |page: &str| text(&site.html(&format!("{page}index.html")), ".cite-text");
    // The Polish page's header says "Nr 11/2025"; its ready citation says the same, with the
    // series' Polish name and Polish quotes (CSL's pl-PL locale: „…”).
    assert_eq!(
        cite("pl/briefs/2025/talks/"),
        "Żółkiewski, Ł., & van der Berg, J. (2025). Wkraczamy w „nową fazę”: co dalej? (W centrum uwagi Nr 11/2025). Test Institute. https://doi.org/10.12345/ti.2025.11.pl"
    );
    let header = text(&site.html("pl/briefs/2025/talks/index.html"), "main");
    assert!(header.contains("Nr 11/2025"), "{header}");
    assert!(!cite("pl/briefs/2025/talks/").contains("No."));
    // English quotes, an apostrophe and inner quotes, as citeproc-js prints them.
    assert_eq!(
        cite("briefs/2025/ending/"),
        "Lee, A. (2025). “Ending” the ‘Long’ War: Europe’s Choice (Spotlight No. 1/2025). Test Institute. https://example.org/briefs/2025/ending/"
    );
}

#[test]
fn crossref_deposits_a_translated_briefs_series_under_its_registered_name() {
    let site = bilingual_site();
    let xml = deposit(&site, &[]);
    assert_eq!(xml.matches("<report-paper>").count(), 3, "{xml}");
    let polish = xml
        .split("<report-paper>")
        .find(|r| r.contains("<doi>10.12345/ti.2025.11.pl</doi>"))
        .expect("the Polish version is deposited");
    assert!(polish.contains("language=\"pl\""), "{polish}");
    // The ISSN is registered under the English title: the Polish name would be a second one.
    assert!(
        polish.contains(
            "<title>Spotlight</title>\n          </titles>\n          <issn>2657-4128</issn>"
        ),
        "{polish}"
    );
    assert!(!xml.contains("W centrum uwagi"), "{xml}");
}

#[test]
fn page_metadata_reads_the_same_record() {
    let site = scholarly_site();
    site.build(&[]);
    assert_eq!(
        meta(&site, BRIEFS[1], "citation_author"),
        ["King, Martin Luther, Jr.", "García Márquez, Gabriel"]
    );
    assert_eq!(meta(&site, BRIEFS[2], "citation_author"), ["Plato"]);
    assert_eq!(meta(&site, BRIEFS[2], "DC.creator"), ["Plato"]);
    assert_eq!(meta(&site, BRIEFS[0], "DC.type"), ["Spotlight"]);
    assert_eq!(meta(&site, BRIEFS[1], "DC.type"), ["Policy Brief"]);
    assert!(meta(&site, BRIEFS[0], "citation_series_title").is_empty());
    assert_eq!(meta(&site, BRIEFS[0], "citation_issn"), ["2657-4128"]);

    let csl: serde_json::Value =
        serde_json::from_str(&site.output("briefs/2025/dream/cite.json")).unwrap();
    assert_eq!(
        csl[0]["author"],
        serde_json::json!([
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
            {"family": "García Márquez", "given": "Gabriel"},
        ])
    );
    assert_eq!(csl[0]["genre"], "Policy Brief");
    assert_eq!(csl[0]["keyword"], "Civil Rights");
    let plato: serde_json::Value =
        serde_json::from_str(&site.output("briefs/2024/republic/cite.json")).unwrap();
    assert_eq!(plato[0]["author"], serde_json::json!([{"family": "Plato"}]));
    let bib = site.output("briefs/2025/dream/cite.bib");
    assert!(
        bib.contains("author = {King, Jr., Martin Luther and García Márquez, Gabriel}"),
        "{bib}"
    );
    assert!(bib.contains("type = {Policy Brief}"), "{bib}");
    let ris = site.output("briefs/2025/dream/cite.ris");
    assert!(ris.contains("AU  - King, Martin Luther, Jr.\r\n"), "{ris}");
    assert!(ris.contains("M3  - Policy Brief\r\n"), "{ris}");

    let html = site.output("briefs/2025/dream/index.html");
    let start = html.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let report: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(report["genre"], "Policy Brief");
    assert_eq!(report["author"][0]["familyName"], "King");
    assert_eq!(report["author"][0]["honorificSuffix"], "Jr.");
    assert_eq!(report["author"][1]["familyName"], "García Márquez");
}

#[test]
fn csl_processors_render_the_three_files_as_the_page_cites() {
    let Some(deps) = test_deps() else {
        return;
    };
    let site = bilingual_site();
    site.build(&[]);
    let manifest: Vec<serde_json::Value> = BRIEFS
        .iter()
        .chain(&["briefs/2025/ending/"])
        .map(|page| {
            serde_json::json!({
                "dir": site.path("public").join(page),
                "text": text(&site.html(&format!("{page}index.html")), ".cite-text"),
            })
        })
        .collect();
    let manifest_path = site.path("manifest.json");
    std::fs::write(&manifest_path, serde_json::to_string(&manifest).unwrap()).unwrap();
    let output = std::process::Command::new("node")
        .arg(common::repo_dir().join("tests/citeproc/check.js"))
        .arg(deps.join("styles"))
        .arg(&manifest_path)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(", 0 failed"), "{stdout}");
}

/// `dossier crossref` in the fixture, before the scheduled brief is out.
fn deposit(site: &Site, extra: &[&str]) -> String {
    let mut args = vec!["crossref", "--now", "2025-03-01T10:00:00Z"];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn crossref_deposit_holds_every_published_brief_with_a_doi() {
    let site = scholarly_site();
    let xml = deposit(&site, &[]);
    assert_eq!(xml.matches("<report-paper>").count(), 2, "{xml}");
    assert!(xml.contains("<doi>10.12345/ti.2025.11</doi>\n          <resource>https://example.org/briefs/2025/talks/</resource>"));
    assert!(xml.contains("<doi>10.12345/ti.2025.2</doi>"));
    assert!(
        !xml.contains("10.12345/ti.2025.12"),
        "the scheduled brief is not out"
    );
    assert!(xml.contains("<timestamp>20250301100000</timestamp>"));
    assert!(xml.contains("<email_address>doi@example.org</email_address>"));
    // The series with an ISSN as series metadata; the brief without one as a plain report.
    assert!(xml.contains("<series_metadata>\n          <titles>\n            <title>Spotlight</title>\n          </titles>\n          <issn>2657-4128</issn>"));
    assert_eq!(
        xml.matches("<report-paper_metadata language=\"en\">")
            .count(),
        1
    );
    assert!(xml.contains("<item_number item_number_type=\"report-number\">11/2025</item_number>"));
    assert!(xml.contains("<given_name>Martin Luther</given_name>\n            <surname>King</surname>\n            <suffix>Jr.</suffix>"));
    assert!(xml.contains(
        "<given_name>Gabriel</given_name>\n            <surname>García Márquez</surname>"
    ));
    assert!(xml.contains("<surname>van der Berg</surname>"));
    assert!(xml.contains("<ORCID>https://orcid.org/0000-0002-1825-0097</ORCID>"));
    assert!(
        xml.contains("<institution_id type=\"ror\">https://ror.org/05gq02987</institution_id>")
    );
    assert!(xml.contains(
        "<jats:abstract>\n          <jats:p>Lead paragraph of A Dream Deferred.</jats:p>"
    ));
    // The schema's XSD 1.1 assertion, which xmllint (XSD 1.0) cannot check: each person has a role.
    assert_eq!(
        xml.matches("<person_name ").count(),
        xml.matches("contributor_role=\"author\"").count()
    );

    let since = deposit(&site, &["--since", "2025-02-01"]);
    assert_eq!(since.matches("<report-paper>").count(), 1);
    assert!(since.contains("ti.2025.11"));

    let Some(deps) = test_deps() else {
        return;
    };
    // One run of xmllint (compiling the schema takes seconds) for the deposit and, to show
    // that the validator rejects what the schema forbids, a copy without a report's title.
    let good = site.path("deposit.xml");
    let broken = site.path("broken.xml");
    std::fs::write(&good, &xml).unwrap();
    let title = "        <titles>\n          <title>Talks Enter a New Phase: What Next?</title>\n        </titles>\n";
    assert!(xml.contains(title));
    let without_title = xml.replacen(title, "", 1);
    std::fs::write(&broken, without_title).unwrap();
    let output = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(deps.join("crossref-xsd10/crossref5.5.0.xsd"))
        .arg(&good)
        .arg(&broken)
        .output()
        .expect("run xmllint");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.contains(&format!("{} validates", good.display())),
        "{report}\n{xml}"
    );
    assert!(
        report.contains(&format!("{} fails to validate", broken.display())),
        "{report}"
    );
}

#[test]
fn crossref_deposit_stays_out_of_the_public_site() {
    let site = scholarly_site();
    site.build(&[]);
    let run = site.run(&["crossref", "--output", "public/deposit.xml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("inside the published site"),
        "{}",
        run.stderr
    );
    assert!(!site.exists("deposit.xml"));
    let run = site.run(&["crossref", "--output", "deposit.xml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("crossref: 3 briefs with a DOI"),
        "{}",
        run.stderr
    );
    for (path, bytes) in site.snapshot() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("doi@example.org"),
            "{} holds the depositor's email",
            path.display()
        );
    }

    site.write("site.toml", common::SITE_TOML);
    let run = site.run(&["crossref"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("needs a [crossref] section"),
        "{}",
        run.stderr
    );
}

/// A DOI Crossref's schema refuses (`10\.[0-9]{4,9}/.{1,200}`) is an error at its line; one
/// holding an invisible character (a zero-width space, a right-to-left override) is a
/// warning, as a name holding one is.
#[test]
fn dois_crossref_refuses_are_errors_and_invisible_characters_are_warned_about() {
    let toml = format!("{}\n[pdf]\ngenerate = false\n", common::SITE_TOML);
    let doi_line = 5;
    let with_doi = |doi: &str| {
        let site = common::site_with(&toml, &[]);
        let extra = format!("doi = \"{doi}\"\n");
        let text = common::brief("Talks", "2025-02-13", &["Ann Lee"], &extra);
        assert_eq!(text.lines().nth(doi_line - 1), Some(extra.trim_end()));
        site.write("content/briefs/2025/talks.md", &text);
        site
    };
    let file = "content/briefs/2025/talks.md";
    for doi in [
        "10.12345678901/x".to_string(),
        format!("10.1234/{}", "x".repeat(201)),
    ] {
        let run = with_doi(&doi).run(&["build"]);
        assert_eq!(run.code, 1, "{doi}: {}", run.stderr);
        let at = format!("{file}:{doi_line}:");
        assert!(run.stderr.contains(&at), "{doi}: {}", run.stderr);
        assert!(run.stderr.contains("is not a DOI"), "{}", run.stderr);
    }
    for (c, name) in [
        ('\u{200b}', "zero-width space"),
        ('\u{202e}', "a direction control"),
    ] {
        let site = with_doi(&format!("10.1234/ti{c}.2025.11"));
        for command in ["build", "check"] {
            let run = site.run(&[command]);
            assert_eq!(run.code, 0, "{command}: {}", run.stderr);
            let all = format!("{}{}", run.stdout, run.stderr);
            common::assert_diagnostic(&all, "warning: `doi", file);
            assert!(all.contains(&format!("({name})")), "{command}: {all}");
            assert!(all.contains(&format!(":{doi_line}:")), "{command}: {all}");
        }
    }
}

#[test]
fn a_name_a_translation_inherits_is_warned_about_at_the_originals_authors_line() {
    let site = bilingual_site();
    let run = site.run(&["check"]);
    // "Jan van der Berg" has no profile; the Polish version inherits the name from the
    // original, whose `authors` line (line 4) is where it is written. (Its title sorts after
    // the original's, so that it is the first version the checks meet.)
    let at = |file: &str| {
        run.stderr
            .split("\n\n")
            .filter(|w| w.contains("author `Jan van der Berg` has no profile"))
            .any(|w| w.contains(file))
    };
    assert!(
        at("content/briefs/2025/2025-02-13-talks.md:4:1"),
        "{}",
        run.stderr
    );
    assert!(!at("2025-02-13-talks.pl.md"), "{}", run.stderr);
    assert!(
        !run.stderr
            .contains("content/briefs/2025/2025-02-13-talks.pl.md:1:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_readme_sends_zotero_users_to_the_files_that_keep_tags_and_suffixes() {
    // Zotero ignores CSL-JSON's `keyword` and drops a name's `suffix` from it: the README must
    // not say otherwise, and the files it points to instead must carry both.
    let readme = std::fs::read_to_string(common::repo_dir().join("README.md")).unwrap();
    assert!(
        !readme.contains("`keyword` (RIS as `KW`, BibTeX as `keywords`), which\n  reference managers import as tags"),
        "the README still says reference managers import CSL-JSON's keyword as tags"
    );
    assert!(
        readme.contains("ignores CSL-JSON's `keyword`"),
        "the README says nothing of Zotero and CSL-JSON's keyword"
    );
    assert!(
        readme.contains("import `cite.ris` or `cite.bib` into Zotero to keep both"),
        "the README gives no way to keep the tags and suffixes"
    );
    let site = scholarly_site();
    site.build(&[]);
    let ris = site.output("briefs/2025/dream/cite.ris");
    assert!(ris.contains("KW  - Civil Rights\r\n"), "{ris}");
    assert!(ris.contains("AU  - King, Martin Luther, Jr.\r\n"), "{ris}");
    let bib = site.output("briefs/2025/dream/cite.bib");
    assert!(bib.contains("keywords = {Civil Rights}"), "{bib}");
    assert!(bib.contains("King, Jr., Martin Luther"), "{bib}");
}
