//! Publishing over time: scheduled briefs (`publish_at`, `--future`, `--now`), old addresses
//! that redirect (`aliases`, `_redirects`), and the catalogue exports.

mod common;

use common::scholarly_site;

const BEFORE: &str = "2025-03-04T07:59:59Z";
const AFTER: &str = "2025-03-04T08:00:00Z";

#[test]
fn scheduled_briefs_are_left_out_until_their_time() {
    let site = scholarly_site();
    let run = site.build(&["--now", BEFORE]);
    assert!(
        run.stdout
            .contains("1 scheduled brief left out; next: 2025-03-04 09:00 +01:00"),
        "{}",
        run.stdout
    );
    assert!(!site.exists("briefs/2025/later/index.html"));
    for file in [
        "feed.xml",
        "sitemap.xml",
        "index.html",
        "series/spotlight/index.html",
    ] {
        assert!(
            !site.output(file).contains("briefs/2025/later/"),
            "{file} names the scheduled brief"
        );
    }

    let run = site.build(&["--now", AFTER]);
    assert!(!run.stdout.contains("scheduled"), "{}", run.stdout);
    assert!(site.exists("briefs/2025/later/index.html"));
    assert!(site.output("feed.xml").contains("briefs/2025/later/"));

    site.build(&["--now", BEFORE, "--future"]);
    assert!(site.exists("briefs/2025/later/index.html"));
    site.build(&["--now", BEFORE]);
    assert!(
        !site.exists("briefs/2025/later/index.html"),
        "removed again"
    );
}

#[test]
fn check_lists_scheduled_briefs_and_links_that_would_leak() {
    let site = scholarly_site();
    let run = site.run(&["check", "--now", BEFORE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "1 scheduled brief, left out until then (--future includes them):\n  2025-03-04 09:00 +01:00  /briefs/2025/later/  content/briefs/2025/2025-03-04-later.md"
        ),
        "{}",
        run.stderr
    );

    site.write(
        "content/briefs/2025/2025-02-20-teaser.md",
        &common::brief("Teaser", "2025-02-20", &["Plato"], "")
            .replace("More text.", "See [what comes](/briefs/2025/later/)."),
    );
    let run = site.run(&["check", "--now", BEFORE]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: link `/briefs/2025/later/` points to a scheduled brief, out 2025-03-04 09:00 +01:00"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/briefs/2025/2025-02-20-teaser.md:14:5"),
        "{}",
        run.stderr
    );
    let run = site.run(&["check", "--now", AFTER]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn publish_at_and_now_are_checked() {
    let site = scholarly_site();
    site.write(
        "content/briefs/2025/2025-03-05-bad.md",
        &common::brief("Bad", "2025-03-05", &["Plato"], "publish_at = 2025-03-05\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "2025-03-05-bad.md:5:14: error: `publish_at` must be a date with time and offset"
        ),
        "{}",
        run.stderr
    );
    let run = site.run(&["build", "--now", "soon"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn old_addresses_redirect_to_the_brief_or_page() {
    let site = scholarly_site();
    site.build(&[]);
    let page = site.output("briefs/2024/talks-draft/index.html");
    let target = "https://example.org/briefs/2025/talks/";
    assert!(
        page.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
        )),
        "{page}"
    );
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(page.contains(&format!(
        "<a href=\"{target}\">Talks Enter a New Phase: What Next?</a>"
    )));
    assert!(site.exists("publications/1234.html"));
    assert!(
        site.output("who-we-are/index.html")
            .contains("url=https://example.org/about/")
    );
    assert!(!site.exists("_redirects"), "only when asked for");
    assert!(
        !site.output("sitemap.xml").contains("talks-draft"),
        "redirects are not pages to index"
    );

    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[redirects]\nfile = true\n"));
    site.build(&[]);
    assert_eq!(
        site.output("_redirects"),
        "# Written by Dossier from the `aliases` of briefs and pages.\n\
         /briefs/2024/talks-draft/ /briefs/2025/talks/ 301\n\
         /publications/1234.html /briefs/2025/talks/ 301\n\
         /who-we-are/ /about/ 301\n"
    );
}

#[test]
fn two_things_at_one_address_are_an_error() {
    let site = scholarly_site();
    site.write(
        "content/briefs/2025/2025-02-14-other.md",
        &common::brief(
            "Other",
            "2025-02-14",
            &["Plato"],
            "aliases = [\"/briefs/2025/dream/\", \"relative/\"]\n",
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("2025-02-14-other.md:5:35: error: alias `relative/` must start with `/`"),
        "{}",
        run.stderr
    );
    site.write(
        "content/briefs/2025/2025-02-14-other.md",
        &common::brief(
            "Other",
            "2025-02-14",
            &["Plato"],
            "aliases = [\"/briefs/2025/dream/\"]\n",
        ),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "2025-02-14-other.md:5:1: error: alias /briefs/2025/dream/ is already the address of content/briefs/2025/2025-01-20-dream.md"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn check_warns_when_a_brief_moved_without_an_alias() {
    let site = scholarly_site();
    site.build(&[]);
    let path = "content/briefs/2024/2024-11-05-republic.md";
    let text = std::fs::read_to_string(site.path(path)).unwrap();
    let moved = text.replace("number = 4\n", "number = 4\nslug = \"guardians\"\n");
    site.write(path, &moved);
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains(
            "warning: this brief moved from /briefs/2024/republic/ to /briefs/2024/guardians/ since an earlier build, and nothing redirects from the old address"
        ),
        "{}",
        run.stderr
    );
    // A build does not forget the old address: check still warns after it.
    site.build(&[]);
    assert!(site.run(&["check"]).stderr.contains("this brief moved"));
    site.write(
        path,
        &moved.replace("slug =", "aliases = [\"/briefs/2024/republic/\"]\nslug ="),
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("this brief moved"), "{}", run.stderr);
}

#[test]
fn catalogues_list_every_published_brief_newest_first() {
    let site = scholarly_site();
    site.build(&["--now", BEFORE]);
    let json: serde_json::Value = serde_json::from_str(&site.output("catalogue.json")).unwrap();
    let items = json.as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["zolkiewski2025talks", "king2025dream", "plato2024republic"]
    );
    // The same records as each brief's own file.
    for (item, page) in items
        .iter()
        .zip(["2025/talks", "2025/dream", "2024/republic"])
    {
        let own: serde_json::Value =
            serde_json::from_str(&site.output(&format!("briefs/{page}/cite.json"))).unwrap();
        assert_eq!(item, &own[0]);
    }
    let bib = site.output("catalogue.bib");
    assert_eq!(bib.matches("@techreport{").count(), 3, "{bib}");
    assert!(bib.find("zolkiewski2025talks").unwrap() < bib.find("plato2024republic").unwrap());
    let ris = site.output("catalogue.ris");
    assert_eq!(ris.matches("TY  - RPRT\r\n").count(), 3);
    assert_eq!(ris.matches("ER  - \r\n").count(), 3);
    assert!(
        !ris.contains("Scheduled for Later"),
        "scheduled briefs are not out yet"
    );
    let archive = site.output("archive/index.html");
    for file in ["catalogue.bib", "catalogue.ris", "catalogue.json"] {
        assert!(
            archive.contains(&format!("href=\"/{file}\"")),
            "{file} linked"
        );
    }

    site.build(&["--now", AFTER]);
    let json: serde_json::Value = serde_json::from_str(&site.output("catalogue.json")).unwrap();
    assert_eq!(json[0]["title"], "Scheduled for Later");
}

#[test]
fn catalogue_keys_are_unique() {
    let site = scholarly_site();
    site.write(
        "content/briefs/2024/2024-11-06-republic-again.md",
        &common::brief("The Republic Again", "2024-11-06", &["Plato"], ""),
    );
    site.build(&["--now", BEFORE]);
    let json: serde_json::Value = serde_json::from_str(&site.output("catalogue.json")).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "zolkiewski2025talks",
            "king2025dream",
            "plato2024republic",
            "plato2024republicb"
        ]
    );
}

#[test]
fn a_redirect_page_speaks_the_language_of_what_it_leads_to() {
    let site = common::site_with(
        "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[languages.pl]\ntitle = \"Instytut\"\n\n[publisher]\nname = \"Test Institute\"\n",
        &[
            (
                "content/briefs/2025/gas.md",
                &common::brief(
                    "Gas & Power",
                    "2025-02-13",
                    &["Ann Lee"],
                    "aliases = [\"/old-gas/\"]\n",
                ),
            ),
            (
                "content/briefs/2025/gas.pl.md",
                "+++\ntitle = \"Gaz i prąd\"\naliases = [\"/pl/stary-gaz/\"]\n+++\nAkapit.\n",
            ),
        ],
    );
    site.build(&[]);
    let english = site.html("old-gas/index.html");
    assert_eq!(common::attrs(&english, "html", "lang"), ["en"]);
    assert_eq!(
        common::text(&english, "body p"),
        "This page has moved to Gas & Power."
    );
    let polish = site.html("pl/stary-gaz/index.html");
    assert_eq!(common::attrs(&polish, "html", "lang"), ["pl"]);
    assert_eq!(
        common::text(&polish, "body p"),
        "Ta strona została przeniesiona: Gaz i prąd."
    );
    assert_eq!(
        common::attrs(&polish, "body p a", "href"),
        ["https://example.org/pl/briefs/2025/gas/"]
    );
}
