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
        "Plato. (2024). The Republic's Guardians (Policy Paper No. 4/2024). Test Institute. https://example.org/briefs/2024/republic/"
    );
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
    let site = scholarly_site();
    site.build(&[]);
    let manifest: Vec<serde_json::Value> = BRIEFS
        .iter()
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
