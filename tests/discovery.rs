//! Publishing for discovery: feeds, sitemap, scholarly metadata, citations, pagination and
//! related briefs, checked by parsing the output as feed readers, crawlers and Zotero would.

mod common;

use biblatex::{Bibliography, ChunksExt};
use common::{Site, brief, brief_links};
use scraper::Selector;

const BASE: &str = "https://org.github.io/briefs";

/// A brief with two authors, a number, a PDF and a DOI, plus a few others around it.
fn site() -> Site {
    let site = Site::new();
    site.write(
        "site.toml",
        &format!(
            "title = \"Test Institute\"\nbase_url = \"{BASE}\"\nlanguage = \"en\"\n\n[publisher]\nname = \"Test Institute\"\ntwitter = \"@testinst\"\n\n[pagination]\nper_page = 2\n"
        ),
    );
    site.write(
        "content/briefs/2025/2025-02-13-talks/index.md",
        &brief(
            "Talks </script> Enter a New Phase",
            "2025-02-13",
            &["Łukasz Żółkiewski", "Jan van der Berg"],
            "topics = [\"European Security\", \"Energy & Climate\"]\nseries = \"Spotlight\"\nnumber = 11\npdf = \"full-text.pdf\"\ndoi = \"10.12345/ti.2025.11\"\nupdated = 2025-02-20\n",
        ),
    );
    site.write_bytes(
        "content/briefs/2025/2025-02-13-talks/full-text.pdf",
        b"%PDF-1.4\n%%EOF\n",
    );
    site.write(
        "content/briefs/2025/2025-01-10-grain.md",
        &brief("Grain", "2025-01-10", &["Jan van der Berg"], "topics = [\"European Security\", \"Energy & Climate\"]\nseries = \"Spotlight\"\nnumber = 10\n"),
    );
    site.write(
        "content/briefs/2024/2024-05-01-ports.md",
        &brief(
            "Ports",
            "2024-05-01",
            &["Ann Lee"],
            "topics = [\"European Security\"]\nseries = \"Spotlight\"\nnumber = 3\n",
        ),
    );
    site.write(
        "content/briefs/2024/2024-04-01-chips.md",
        &brief(
            "Chips",
            "2024-04-01",
            &["Łukasz Żółkiewski"],
            "topics = [\"Indo-Pacific\"]\n",
        ),
    );
    site.write(
        "content/briefs/2023/2023-03-01-arctic.md",
        &brief(
            "Arctic",
            "2023-03-01",
            &["Ann Lee"],
            "topics = [\"Indo-Pacific\"]\n",
        ),
    );
    site.write(
        "content/authors/lukasz-zolkiewski.md",
        "+++\nname = \"Łukasz Żółkiewski\"\norcid = \"0000-0002-1825-0097\"\n+++\nBio.\n",
    );
    site.write(
        "content/series/spotlight.md",
        "+++\nname = \"Spotlight\"\nissn = \"2657-4128\"\n+++\nShort analyses.\n",
    );
    site.build(&[]);
    site
}

const TALKS: &str = "https://org.github.io/briefs/briefs/2025/talks/";

fn parse_feed(site: &Site, path: &str) -> feed_rs::model::Feed {
    let xml = site.output(path);
    roxmltree::Document::parse(&xml)
        .unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}"));
    feed_rs::parser::parse(xml.as_bytes())
        .unwrap_or_else(|e| panic!("{path} does not parse as a feed: {e}"))
}

#[test]
fn atom_feeds_list_the_right_entries_with_absolute_urls() {
    let site = site();
    let feed = parse_feed(&site, "feed.xml");
    assert_eq!(feed.entries.len(), 5);
    let talks = &feed.entries[0];
    assert_eq!(
        talks.title.as_ref().unwrap().content,
        "Talks </script> Enter a New Phase"
    );
    assert_eq!(talks.id, TALKS);
    assert_eq!(talks.links[0].href, TALKS);
    let authors: Vec<&str> = talks.authors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(authors, ["Łukasz Żółkiewski", "Jan van der Berg"]);
    let topics: Vec<&str> = talks
        .categories
        .iter()
        .map(|c| c.label.as_deref().unwrap_or(&c.term))
        .collect();
    assert_eq!(topics, ["European Security", "Energy & Climate"]);
    assert_eq!(
        talks.published.unwrap().to_rfc3339(),
        "2025-02-13T00:00:00+00:00"
    );
    assert_eq!(
        talks.updated.unwrap().to_rfc3339(),
        "2025-02-20T00:00:00+00:00"
    );
    assert!(
        talks
            .summary
            .as_ref()
            .unwrap()
            .content
            .starts_with("Lead paragraph of Talks")
    );

    let per_author = parse_feed(&site, "authors/jan-van-der-berg/feed.xml");
    let ids: Vec<&str> = per_author.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [TALKS, "https://org.github.io/briefs/briefs/2025/grain/"]
    );
    assert_eq!(
        parse_feed(&site, "topics/indo-pacific/feed.xml")
            .entries
            .len(),
        2
    );
    assert_eq!(
        parse_feed(&site, "series/spotlight/feed.xml").entries.len(),
        3
    );

    // Every feed the site has parses, and every URL in it is absolute under the base URL.
    let feeds: Vec<_> = site
        .snapshot()
        .into_keys()
        .filter(|p| p.ends_with("feed.xml"))
        .collect();
    assert_eq!(feeds.len(), 1 + 3 + 3 + 1, "site, authors, topics, series");
    for path in feeds {
        let feed = parse_feed(&site, path.to_str().unwrap());
        assert!(!feed.entries.is_empty(), "{}", path.display());
        for entry in &feed.entries {
            assert!(
                entry.id.starts_with("https://org.github.io/briefs/briefs/"),
                "{}",
                entry.id
            );
            assert!(
                entry
                    .authors
                    .iter()
                    .all(|a| a.uri.as_deref().is_some_and(|u| u.starts_with(BASE)))
            );
        }
    }
}

#[test]
fn every_page_links_its_feeds() {
    let site = site();
    let link = Selector::parse("link[rel=alternate][type='application/atom+xml']").unwrap();
    for page in [
        "index.html",
        "briefs/2025/talks/index.html",
        "archive/index.html",
    ] {
        let hrefs: Vec<String> = site
            .html(page)
            .select(&link)
            .map(|l| l.value().attr("href").unwrap().to_string())
            .collect();
        assert!(
            hrefs.iter().any(|h| h.ends_with("/briefs/feed.xml")),
            "{page}: {hrefs:?}"
        );
    }
    let author = site.html("authors/ann-lee/index.html");
    let hrefs: Vec<&str> = author
        .select(&link)
        .map(|l| l.value().attr("href").unwrap())
        .collect();
    assert!(
        hrefs.contains(&"/briefs/authors/ann-lee/feed.xml"),
        "{hrefs:?}"
    );
}

#[test]
fn sitemap_lists_every_page_with_lastmod_and_robots_names_it() {
    let site = site();
    let xml = site.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let urls: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let child = |name: &str| {
                u.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").unwrap(), child("lastmod"))
        })
        .collect();
    for (loc, _) in &urls {
        assert!(loc.starts_with("https://org.github.io/briefs/"), "{loc}");
    }
    let lastmod = |url: &str| {
        urls.iter()
            .find(|(l, _)| l == url)
            .unwrap_or_else(|| panic!("{url} missing"))
            .1
            .clone()
    };
    assert_eq!(
        lastmod(TALKS).as_deref(),
        Some("2025-02-20"),
        "updated wins over date"
    );
    assert_eq!(
        lastmod("https://org.github.io/briefs/briefs/2023/arctic/").as_deref(),
        Some("2023-03-01")
    );
    assert_eq!(
        lastmod("https://org.github.io/briefs/authors/ann-lee/").as_deref(),
        Some("2024-05-01")
    );
    lastmod("https://org.github.io/briefs/");
    lastmod("https://org.github.io/briefs/topics/");
    lastmod("https://org.github.io/briefs/archive/2024/");
    // 5 briefs, home, archive, authors list + 3, topics list + 3, series list + 1, 3 years.
    assert_eq!(urls.len(), 5 + 1 + 1 + 4 + 4 + 2 + 3);
    assert!(
        site.output("robots.txt")
            .contains("Sitemap: https://org.github.io/briefs/sitemap.xml")
    );
}

fn meta(page: &scraper::Html, name: &str) -> Vec<String> {
    let selector =
        Selector::parse(&format!("meta[name='{name}'], meta[property='{name}']")).unwrap();
    page.select(&selector)
        .map(|m| m.value().attr("content").unwrap_or_default().to_string())
        .collect()
}

#[test]
fn brief_pages_carry_scholarly_and_social_metadata() {
    let site = site();
    let page = site.html("briefs/2025/talks/index.html");
    assert_eq!(
        meta(&page, "citation_title"),
        ["Talks </script> Enter a New Phase"]
    );
    assert_eq!(
        meta(&page, "citation_author"),
        ["Żółkiewski, Łukasz", "van der Berg, Jan"]
    );
    assert_eq!(meta(&page, "citation_publication_date"), ["2025/02/13"]);
    assert_eq!(
        meta(&page, "citation_technical_report_institution"),
        ["Test Institute"]
    );
    assert_eq!(meta(&page, "citation_technical_report_number"), ["11/2025"]);
    // The series is the report's type (DC.type, which Zotero reads as the report type), never
    // also a series title that styles would print a second time.
    assert!(meta(&page, "citation_series_title").is_empty());
    assert_eq!(meta(&page, "DC.type"), ["Spotlight"]);
    assert_eq!(meta(&page, "citation_language"), ["en"]);
    assert_eq!(
        meta(&page, "citation_pdf_url"),
        [format!("{TALKS}full-text.pdf")]
    );
    assert_eq!(meta(&page, "citation_doi"), ["10.12345/ti.2025.11"]);
    assert_eq!(
        meta(&page, "DC.title"),
        ["Talks </script> Enter a New Phase"]
    );
    assert_eq!(meta(&page, "DC.creator").len(), 2);
    assert_eq!(meta(&page, "DC.date"), ["2025-02-13"]);
    assert_eq!(meta(&page, "DC.publisher"), ["Test Institute"]);
    assert_eq!(meta(&page, "DC.language"), ["en"]);
    assert_eq!(
        meta(&page, "og:title"),
        ["Talks </script> Enter a New Phase"]
    );
    assert_eq!(meta(&page, "og:url"), [TALKS]);
    assert_eq!(meta(&page, "og:type"), ["article"]);
    assert_eq!(meta(&page, "twitter:card").len(), 1);
    assert_eq!(meta(&page, "twitter:site"), ["@testinst"]);
    let canonical = Selector::parse("link[rel=canonical]").unwrap();
    assert_eq!(
        page.select(&canonical).next().unwrap().value().attr("href"),
        Some(TALKS)
    );
}

fn json_ld(page: &scraper::Html) -> serde_json::Value {
    let selector = Selector::parse("script[type='application/ld+json']").unwrap();
    let scripts: Vec<String> = page.select(&selector).map(|s| s.text().collect()).collect();
    assert_eq!(scripts.len(), 1, "one JSON-LD block");
    serde_json::from_str(&scripts[0]).expect("JSON-LD parses as JSON")
}

#[test]
fn json_ld_describes_the_report_and_survives_a_closing_script_tag() {
    let site = site();
    // Read the element the way a browser does: it ends at the first `</script>`.
    let raw = site.output("briefs/2025/talks/index.html");
    let start = raw
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD element");
    let body = &raw[start..];
    let json = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    let parsed: serde_json::Value =
        serde_json::from_str(json).expect("the element holds the whole JSON");
    assert_eq!(parsed["headline"], "Talks </script> Enter a New Phase");
    let report = json_ld(&site.html("briefs/2025/talks/index.html"));
    assert_eq!(report["@type"], "Report");
    assert_eq!(report["headline"], "Talks </script> Enter a New Phase");
    assert_eq!(report["author"][0]["@type"], "Person");
    assert_eq!(
        report["author"][0]["url"],
        "https://org.github.io/briefs/authors/lukasz-zolkiewski/"
    );
    assert_eq!(
        report["author"][0]["sameAs"][0],
        "https://orcid.org/0000-0002-1825-0097"
    );
    assert_eq!(report["datePublished"], "2025-02-13");
    assert_eq!(report["dateModified"], "2025-02-20");
    assert_eq!(report["publisher"]["@type"], "Organization");
    assert_eq!(report["reportNumber"], "11/2025");
    assert_eq!(report["isPartOf"]["@type"], "CreativeWorkSeries");
    assert_eq!(report["isPartOf"]["issn"], "2657-4128");
    assert_eq!(report["inLanguage"], "en");
    assert_eq!(report["about"][1]["name"], "Energy & Climate");
    let person = json_ld(&site.html("authors/lukasz-zolkiewski/index.html"));
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Łukasz Żółkiewski");
}

#[test]
fn citation_box_and_downloads_parse_back() {
    let site = site();
    let html = site.output("briefs/2025/talks/index.html");
    assert!(
        html.contains("Żółkiewski, Ł., &amp; van der Berg, J. (2025). Talks &lt;&#x2f;script&gt; Enter a New Phase (Spotlight No. 11/2025). Test Institute. https:&#x2f;&#x2f;doi.org&#x2f;10.12345&#x2f;ti.2025.11")
            || html.contains("Żółkiewski, Ł., &amp; van der Berg, J. (2025). Talks &lt;/script&gt; Enter a New Phase (Spotlight No. 11/2025). Test Institute. https://doi.org/10.12345/ti.2025.11"),
        "ready citation"
    );
    for file in ["cite.bib", "cite.ris", "cite.json"] {
        assert!(
            html.contains(&format!("href=\"/briefs/briefs/2025/talks/{file}\"")),
            "{file} linked"
        );
    }

    let bib =
        Bibliography::parse(&site.output("briefs/2025/talks/cite.bib")).expect("BibTeX parses");
    let entry = bib.iter().next().expect("one entry");
    assert_eq!(entry.entry_type.to_string(), "techreport");
    let authors = entry.author().unwrap();
    assert_eq!(
        (authors[0].name.as_str(), authors[0].given_name.as_str()),
        ("Żółkiewski", "Łukasz")
    );
    assert_eq!(
        (
            authors[1].prefix.as_str(),
            authors[1].name.as_str(),
            authors[1].given_name.as_str()
        ),
        ("van der", "Berg", "Jan")
    );
    let field = |name: &str| {
        entry
            .get(name)
            .map(|c| c.format_verbatim())
            .unwrap_or_default()
    };
    assert_eq!(field("title"), "Talks </script> Enter a New Phase");
    assert_eq!(field("institution"), "Test Institute");
    assert_eq!(field("type"), "Spotlight");
    assert_eq!(field("series"), "");
    assert_eq!(field("number"), "11/2025");
    assert_eq!(field("year"), "2025");
    assert_eq!(field("url"), TALKS);
    assert_eq!(field("doi"), "10.12345/ti.2025.11");

    let ris = site.output("briefs/2025/talks/cite.ris");
    let tags: Vec<(&str, &str)> = ris.lines().filter_map(|l| l.split_once("  - ")).collect();
    let values = |tag: &str| -> Vec<&str> {
        tags.iter()
            .filter(|(t, _)| *t == tag)
            .map(|(_, v)| v.trim_end())
            .collect()
    };
    assert_eq!(values("TY"), ["RPRT"]);
    assert_eq!(values("AU"), ["Żółkiewski, Łukasz", "van der Berg, Jan"]);
    assert_eq!(values("M3"), ["Spotlight"]);
    assert!(values("T2").is_empty());
    assert_eq!(values("SN"), ["11/2025"]);
    assert_eq!(values("PB"), ["Test Institute"]);
    assert_eq!(values("DA"), ["2025/02/13/"]);
    assert_eq!(values("UR"), [TALKS]);
    assert_eq!(values("DO"), ["10.12345/ti.2025.11"]);
    assert_eq!(tags.last().map(|(t, _)| *t), Some("ER"));

    let csl: serde_json::Value =
        serde_json::from_str(&site.output("briefs/2025/talks/cite.json")).unwrap();
    assert_eq!(csl[0]["type"], "report");
    assert_eq!(csl[0]["author"][1]["family"], "van der Berg");
    assert_eq!(csl[0]["genre"], "Spotlight");
    assert!(csl[0].get("collection-title").is_none());
    assert_eq!(csl[0]["number"], "11/2025");
}

#[test]
fn listings_are_paginated_with_prev_and_next() {
    let site = site();
    // per_page = 2; five briefs: /, /page/2/, /page/3/.
    let first = site.html("index.html");
    let second = site.html("page/2/index.html");
    let third = site.html("page/3/index.html");
    assert!(
        !site.exists("page/1/index.html"),
        "page 1 lives at the listing's own URL"
    );
    assert!(!site.exists("page/4/index.html"));
    let rel = |page: &scraper::Html, rel: &str| {
        let selector = Selector::parse(&format!("link[rel={rel}], a[rel={rel}]")).unwrap();
        page.select(&selector)
            .filter_map(|e| e.value().attr("href"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(rel(&first, "prev").is_empty());
    assert!(
        rel(&first, "next").iter().all(|h| h == "/briefs/page/2/")
            && !rel(&first, "next").is_empty()
    );
    assert!(
        rel(&second, "prev").iter().all(|h| h == "/briefs/") && !rel(&second, "prev").is_empty()
    );
    assert!(rel(&second, "next").iter().all(|h| h == "/briefs/page/3/"));
    assert!(rel(&third, "next").is_empty());
    let listed: Vec<String> = [&first, &second, &third]
        .iter()
        .flat_map(|p| brief_links(p))
        .collect();
    let unique: std::collections::BTreeSet<&String> = listed.iter().collect();
    assert!(
        unique.len() >= 5,
        "all five briefs appear across the pages: {listed:?}"
    );
    // A term listing: the series has three briefs.
    assert!(site.exists("series/spotlight/page/2/index.html"));
    assert_eq!(
        brief_links(&site.html("series/spotlight/page/2/index.html"))
            .iter()
            .filter(|l| l.contains("/briefs/2024/ports/"))
            .count(),
        1
    );
    assert!(
        site.exists("archive/2024/index.html") && !site.exists("archive/2024/page/2/index.html")
    );
}

#[test]
fn brief_pages_show_related_briefs_and_series_neighbours() {
    let site = site();
    let html = site.output("briefs/2025/talks/index.html");
    let related_start = html
        .find("id=\"related\"")
        .expect("a related section with id=related");
    let related = &html[related_start..];
    let grain = related
        .find("/briefs/2025/grain/")
        .expect("grain shares two topics and an author");
    let ports = related
        .find("/briefs/2024/ports/")
        .expect("ports shares a topic");
    let chips = related
        .find("/briefs/2024/chips/")
        .expect("chips shares an author");
    assert!(
        grain < ports && ports < chips,
        "ranked by topics, then authors"
    );
    assert!(
        !related[..related.find("</section>").unwrap()].contains("/briefs/2023/arctic/"),
        "nothing shared"
    );
    let grain_page = site.output("briefs/2025/grain/index.html");
    assert!(grain_page.contains("rel=\"next\"") || grain_page.contains("Next in Spotlight"));
    assert!(
        grain_page.contains("/briefs/briefs/2024/ports/"),
        "previous in series"
    );
}

#[test]
fn metadata_errors_stop_the_build() {
    let site = site();
    site.write(
        "content/briefs/2025/2025-03-01-bad.md",
        &brief("Bad", "2025-03-01", &["Ann Lee"], "doi = \"doi-less\"\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/briefs/2025/2025-03-01-bad.md:5:7: error: `doi = \"doi-less\"` is not a DOI"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn numbering_out_of_date_order_is_a_warning() {
    let site = site();
    site.write(
        "content/briefs/2025/2025-01-05-early.md",
        &brief(
            "Early",
            "2025-01-05",
            &["Ann Lee"],
            "series = \"Spotlight\"\nnumber = 12\n",
        ),
    );
    let run = site.build(&[]);
    assert!(
        run.stderr
            .contains("warning: No. 12/2025 is dated 2025-01-05, before No. 11/2025"),
        "{}",
        run.stderr
    );
}
