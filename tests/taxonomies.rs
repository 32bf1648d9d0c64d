//! Custom taxonomies (`[[taxonomies]]` in site.toml): a site with two of them, built under a
//! base path with two briefs a page by the embedded theme, checked from the real output: term
//! pages across their pagination, the lists of terms, per-term feeds, the sitemap, brief pages,
//! profiles, `check`'s warnings, and the errors a bad declaration or value gives.

mod common;

use common::{Site, brief, brief_links, text};
use scraper::{ElementRef, Selector};

const BASE: &str = "https://example.org/think";
const BASE_PATH: &str = "/think/";

/// `regions` takes the default title; `types` names its own and has no feeds.
const SITE_TOML: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[publisher]\nname = \"Test Institute\"\n\n[pagination]\nper_page = 2\n\n[[taxonomies]]\nname = \"regions\"\nsingular = \"Region\"\n\n[[taxonomies]]\nname = \"types\"\ntitle = \"Publication types\"\nsingular = \"Publication type\"\nfeed = false\n";

/// One brief of the fixture (titled after its slug) and the terms it names.
struct Fixture {
    date: &'static str,
    slug: &'static str,
    regions: &'static [&'static str],
    types: &'static [&'static str],
}

const CE: &str = "Central Europe";
const BALTIC: &str = "Baltic States";
const NORDIC: &str = "Nordic Countries";

/// Nine briefs over four years: Central Europe has five (three pages), Baltic States three
/// (two pages), Nordic Countries two (one full page); "Baltic Sates" is a typo; two briefs
/// name no region, one no type, one neither.
#[rustfmt::skip]
const BRIEFS: &[Fixture] = &[
    Fixture { date: "2025-05-20", slug: "grid-links", regions: &[BALTIC, CE], types: &["Policy paper"] },
    Fixture { date: "2025-03-10", slug: "danube-ports", regions: &[CE], types: &["Commentary"] },
    Fixture { date: "2025-01-15", slug: "visegrad-budgets", regions: &[CE], types: &["Policy paper"] },
    Fixture { date: "2024-11-02", slug: "subsea-cables", regions: &[BALTIC, NORDIC], types: &["Report"] },
    Fixture { date: "2024-06-18", slug: "rail-gauges", regions: &[CE, BALTIC], types: &[] },
    Fixture { date: "2023-09-09", slug: "fishing-quotas", regions: &[NORDIC], types: &["Commentary"] },
    Fixture { date: "2023-02-01", slug: "election-watch", regions: &[], types: &["Commentary"] },
    Fixture { date: "2022-12-12", slug: "old-pipelines", regions: &[], types: &[] },
    Fixture { date: "2022-04-04", slug: "kaliningrad-transit", regions: &["Baltic Sates", CE], types: &["Policy paper"] },
];

impl Fixture {
    fn file(&self) -> String {
        format!(
            "content/briefs/{}/{}-{}.md",
            &self.date[..4],
            self.date,
            self.slug
        )
    }

    fn path(&self) -> String {
        format!("briefs/{}/{}/", &self.date[..4], self.slug)
    }

    /// The front matter gives regions as a list, and one type as a plain string.
    fn text(&self) -> String {
        let list = |names: &[&str]| {
            let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let mut extra = String::new();
        if !self.regions.is_empty() {
            extra.push_str(&format!("regions = {}\n", list(self.regions)));
        }
        match self.types {
            [] => {}
            [one] => extra.push_str(&format!("types = {one:?}\n")),
            many => extra.push_str(&format!("types = {}\n", list(many))),
        }
        let title = self.slug.replace('-', " ");
        brief(&title, self.date, &["Ann Lee"], &extra)
    }
}

/// The URL segment of a fixture name (they are plain ASCII words).
fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

/// The output file of a URL path under the base path.
fn file_of(url: &str) -> String {
    let rel = url
        .strip_prefix(BASE_PATH)
        .unwrap_or_else(|| panic!("{url} is not under {BASE_PATH}"));
    format!("{rel}index.html")
}

/// A fixture brief by slug.
fn fixture(slug: &str) -> &'static Fixture {
    BRIEFS.iter().find(|b| b.slug == slug).unwrap()
}

/// A link's text and `href`.
fn link(a: ElementRef<'_>) -> (String, String) {
    (a.text().collect(), a.value().attr("href").unwrap().into())
}

/// A taxonomy's terms as the fixture names them, each with its briefs newest first; sorted
/// A–Z, with `extra` terms that only a profile names.
fn terms(
    of: fn(&Fixture) -> &'static [&'static str],
    extra: &[&'static str],
) -> Vec<(String, Vec<&'static Fixture>)> {
    let mut names: Vec<&str> = BRIEFS.iter().flat_map(of).copied().collect();
    names.extend(extra);
    names.sort_by_key(|n| n.to_lowercase());
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let mut briefs: Vec<&Fixture> =
                BRIEFS.iter().filter(|b| of(b).contains(&name)).collect();
            briefs.sort_by(|a, b| b.date.cmp(a.date));
            (name.to_string(), briefs)
        })
        .collect()
}

fn regions() -> Vec<(String, Vec<&'static Fixture>)> {
    terms(|b| b.regions, &["Western Balkans"])
}

fn types() -> Vec<(String, Vec<&'static Fixture>)> {
    terms(|b| b.types, &[])
}

/// The fixture, not yet built, with profiles for three regions (one that no brief names) and
/// no templates or themes of its own.
fn site() -> Site {
    let site = Site::new();
    site.write("site.toml", SITE_TOML);
    for b in BRIEFS {
        site.write(&b.file(), &b.text());
    }
    site.write(
        "content/regions/central-europe.md",
        "+++\nname = \"Central Europe\"\ndescription = \"Our work on the states between Germany and Ukraine.\"\n+++\nThe institute's **Central Europe desk** follows budgets, ports and rail.\n",
    );
    site.write(
        "content/regions/baltic-states.md",
        "+++\nname = \"Baltic States\"\n+++\nEstonia, Latvia and Lithuania.\n",
    );
    site.write(
        "content/regions/western-balkans.md",
        "+++\nname = \"Western Balkans\"\ndescription = \"Coverage starts next year.\"\n+++\nNothing published yet.\n",
    );
    site
}

fn built() -> Site {
    let site = site();
    site.build(&["--base-url", BASE]);
    site
}

/// The brief URLs a listing shows across all its pages, following `rel="next"` from the first;
/// and how many pages there were.
fn follow(site: &Site, first: &str) -> (Vec<String>, usize) {
    let next = Selector::parse("a[rel=next]").unwrap();
    let (mut url, mut listed, mut pages) = (first.to_string(), Vec::new(), 0);
    loop {
        pages += 1;
        assert!(pages < 10, "{first}: pagination does not end");
        let page = site.html(&file_of(&url));
        listed.extend(brief_links(&page));
        let Some(a) = page.select(&next).next() else {
            return (listed, pages);
        };
        let href = a.value().attr("href").unwrap();
        assert_eq!(href, format!("{first}page/{}/", pages + 1), "{url}");
        url = href.to_string();
    }
}

#[test]
fn every_term_page_lists_exactly_its_briefs_newest_first_across_its_pages() {
    let site = built();
    for (taxonomy, terms) in [("regions", regions()), ("types", types())] {
        for (name, briefs) in terms {
            let first = format!("{BASE_PATH}{taxonomy}/{}/", slug(&name));
            let (listed, pages) = follow(&site, &first);
            let expected: Vec<String> = briefs
                .iter()
                .map(|b| format!("{BASE_PATH}{}", b.path()))
                .collect();
            assert_eq!(listed, expected, "{first}");
            assert_eq!(pages, briefs.len().div_ceil(2).max(1), "{first}");
            let past = format!("{taxonomy}/{}/page/{}/index.html", slug(&name), pages + 1);
            assert!(!site.exists(&past), "{past}");
            let page = site.html(&file_of(&first));
            assert_eq!(text(&page, "h1"), name, "{first}");
            let count = text(&page, "#briefs-heading .count");
            assert_eq!(count, format!("({})", briefs.len()), "{first}");
        }
    }
    // The paginated ones, named, so that a change to the fixture cannot make this vacuous.
    assert!(site.exists("regions/central-europe/page/3/index.html"));
    assert!(site.exists("regions/baltic-states/page/2/index.html"));
    assert!(site.exists("types/commentary/page/2/index.html"));
    assert!(!site.exists("regions/nordic-countries/page/2/index.html"));
}

#[test]
fn taxonomy_pages_list_every_term_a_to_z_with_counts_under_the_base_path() {
    let site = built();
    let li = Selector::parse("main .term-list > li").unwrap();
    let name = Selector::parse("h2 a").unwrap();
    let count = Selector::parse(".count").unwrap();
    for (taxonomy, title, terms) in [
        ("regions", "Regions", regions()),
        ("types", "Publication types", types()),
    ] {
        let page = site.html(&format!("{taxonomy}/index.html"));
        assert_eq!(text(&page, "main h1"), title);
        let shown: Vec<(String, String, String)> = page
            .select(&li)
            .map(|li| {
                let (name, url) = link(li.select(&name).next().expect("a linked name"));
                (
                    name,
                    url,
                    li.select(&count).next().unwrap().text().collect(),
                )
            })
            .collect();
        let expected: Vec<(String, String, String)> = terms
            .iter()
            .map(|(name, briefs)| {
                let url = format!("{BASE_PATH}{taxonomy}/{}/", slug(name));
                (name.clone(), url, format!("({})", briefs.len()))
            })
            .collect();
        assert_eq!(shown, expected, "{taxonomy}/");
    }
    let names: Vec<String> = regions().into_iter().map(|(n, _)| n).collect();
    let a_to_z = "Baltic Sates, Baltic States, Central Europe, Nordic Countries, Western Balkans";
    assert_eq!(names.join(", "), a_to_z);
}

fn parse_feed(site: &Site, path: &str) -> feed_rs::model::Feed {
    let xml = site.output(path);
    roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: not XML: {e}"));
    feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{path}: not a feed: {e}"))
}

#[test]
fn each_region_has_a_feed_of_its_briefs_and_publication_types_have_none() {
    let site = built();
    let alternate = Selector::parse("link[rel=alternate][type='application/atom+xml']").unwrap();
    let feed_links = |page: &str| -> Vec<String> {
        site.html(page)
            .select(&alternate)
            .map(|l| l.value().attr("href").unwrap().to_string())
            .collect()
    };
    for (name, briefs) in regions() {
        let path = format!("regions/{}/feed.xml", slug(&name));
        let feed = parse_feed(&site, &path);
        assert_eq!(feed.id, format!("{BASE}/{path}"));
        assert_eq!(
            feed.title.as_ref().unwrap().content,
            format!("Test Institute: {name}")
        );
        for link in &feed.links {
            assert!(
                link.href.starts_with(&format!("{BASE}/")),
                "{path}: {}",
                link.href
            );
        }
        let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        let expected: Vec<String> = briefs
            .iter()
            .map(|b| format!("{BASE}/{}", b.path()))
            .collect();
        assert_eq!(ids, expected, "{path}");
        for entry in &feed.entries {
            assert_eq!(entry.links[0].href, entry.id, "{path}");
        }
        let page = format!("regions/{}/index.html", slug(&name));
        assert_eq!(
            feed_links(&page),
            [format!("{BASE_PATH}feed.xml"), format!("{BASE_PATH}{path}")],
            "{page} announces its feed"
        );
    }
    for (name, _) in types() {
        let page = format!("types/{}/index.html", slug(&name));
        assert!(site.exists(&page), "{page}");
        assert_eq!(
            feed_links(&page),
            [format!("{BASE_PATH}feed.xml")],
            "{page}"
        );
    }
    let feeds: Vec<String> = site
        .snapshot()
        .into_keys()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p.ends_with("feed.xml"))
        .collect();
    assert!(!feeds.iter().any(|p| p.starts_with("types")), "{feeds:?}");
    // The site's, Ann Lee's, and one per region.
    assert_eq!(feeds.len(), 1 + 1 + regions().len(), "{feeds:?}");
}

#[test]
fn the_sitemap_lists_the_taxonomy_and_term_pages() {
    let site = built();
    let xml = site.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entries: Vec<(String, Option<String>)> = doc
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
    let lastmod = |url: &str| {
        entries
            .iter()
            .find(|(loc, _)| loc == url)
            .unwrap_or_else(|| panic!("{url} is not in the sitemap"))
            .1
            .clone()
    };
    for (taxonomy, terms) in [("regions", regions()), ("types", types())] {
        lastmod(&format!("{BASE}/{taxonomy}/"));
        for (name, briefs) in terms {
            let newest = briefs.first().map(|b| b.date.to_string());
            let url = format!("{BASE}/{taxonomy}/{}/", slug(&name));
            assert_eq!(lastmod(&url), newest, "{url}");
        }
    }
    assert!(
        !entries.iter().any(|(loc, _)| loc.contains("/page/")),
        "pages past the first are left out"
    );
}

#[test]
fn brief_pages_link_their_terms_under_the_base_path() {
    let site = built();
    let group = Selector::parse(".brief-facts > div").unwrap();
    let (dt, a) = (
        Selector::parse("dt").unwrap(),
        Selector::parse("dd a").unwrap(),
    );
    for b in BRIEFS {
        let page = site.html(&format!("{}index.html", b.path()));
        let shown: Vec<(String, Vec<(String, String)>)> = page
            .select(&group)
            .map(|g| {
                let label: String = g.select(&dt).next().unwrap().text().collect();
                (label, g.select(&a).map(link).collect())
            })
            .filter(|(label, _)| label.starts_with("Region") || label.starts_with("Publication"))
            .collect();
        let mut expected = Vec::new();
        for (taxonomy, one, many, names) in [
            ("regions", "Region", "Regions", b.regions),
            ("types", "Publication type", "Publication types", b.types),
        ] {
            if names.is_empty() {
                continue;
            }
            let label = if names.len() > 1 { many } else { one };
            let links = names
                .iter()
                .map(|n| (n.to_string(), format!("{BASE_PATH}{taxonomy}/{}/", slug(n))))
                .collect();
            expected.push((label.to_string(), links));
        }
        assert_eq!(shown, expected, "{}", b.path());
    }
}

#[test]
fn a_profile_names_and_describes_its_term() {
    let site = built();
    let page = site.html("regions/central-europe/index.html");
    assert_eq!(text(&page, "h1"), "Central Europe");
    let body = Selector::parse(".term-description strong").unwrap();
    let strong = page.select(&body).next().expect("the body, rendered");
    assert_eq!(strong.text().collect::<String>(), "Central Europe desk");
    let description = Selector::parse("meta[name=description]").unwrap();
    let meta = page
        .select(&description)
        .next()
        .unwrap()
        .value()
        .attr("content");
    assert_eq!(
        meta,
        Some("Our work on the states between Germany and Ukraine.")
    );
    let list = site.output("regions/index.html");
    assert!(list.contains("Our work on the states between Germany and Ukraine."));
    // A region that only a profile names has its page, with no briefs and an empty feed.
    let balkans = site.html("regions/western-balkans/index.html");
    assert_eq!(text(&balkans, "h1"), "Western Balkans");
    assert!(text(&balkans, ".term-description").contains("Nothing published yet."));
    assert!(brief_links(&balkans).is_empty());
    assert!(
        parse_feed(&site, "regions/western-balkans/feed.xml")
            .entries
            .is_empty()
    );
}

#[test]
fn the_embedded_theme_renders_the_taxonomies_without_templates_of_the_sites_own() {
    let site = built();
    for own in ["templates", "themes"] {
        assert!(!site.path(own).exists(), "the fixture has no {own}/");
    }
    let body = Selector::parse("body").unwrap();
    let kind = |page: &str| {
        let html = site.html(page);
        let class = html.select(&body).next().unwrap().value().attr("class");
        class.unwrap_or_default().to_string()
    };
    assert_eq!(kind("regions/index.html"), "kind-taxonomy");
    assert_eq!(kind("types/index.html"), "kind-taxonomy");
    assert_eq!(kind("regions/baltic-states/page/2/index.html"), "kind-term");
    assert_eq!(kind("types/report/index.html"), "kind-term");
    let page = site.html("types/report/index.html");
    assert_eq!(text(&page, ".kicker a"), "Publication type");
    let nav = Selector::parse(".site-nav a").unwrap();
    let links: Vec<(String, String)> = page.select(&nav).map(link).collect();
    for (title, url) in [
        ("Regions", "/think/regions/"),
        ("Publication types", "/think/types/"),
    ] {
        assert!(links.contains(&(title.into(), url.into())), "{links:?}");
    }
}

#[test]
fn a_brief_that_names_a_term_in_two_spellings_is_listed_under_it_once() {
    let site = site();
    let regions = "regions = [\"Nordic Countries\", \"nordic countries\"]\n";
    let twice = brief("Twice", "2021-06-01", &["Ann Lee"], regions);
    site.write("content/briefs/2021/2021-06-01-twice.md", &twice);
    site.build(&["--base-url", BASE]);
    let (url, path) = (
        format!("{BASE_PATH}briefs/2021/twice/"),
        "briefs/2021/twice/",
    );
    let nordic = format!("{BASE_PATH}regions/nordic-countries/");
    let (listed, pages) = follow(&site, &nordic);
    assert_eq!(
        listed.iter().filter(|l| **l == url).count(),
        1,
        "{listed:?}"
    );
    assert_eq!((listed.len(), pages), (3, 2));
    let page = site.html(&file_of(&nordic));
    assert_eq!(text(&page, "#briefs-heading .count"), "(3)");
    let list = site.html("regions/index.html");
    let count = Selector::parse("a[href$='/nordic-countries/'] + .count").unwrap();
    let shown: String = list.select(&count).next().unwrap().text().collect();
    assert_eq!(shown, "(3)");
    let feed = parse_feed(&site, "regions/nordic-countries/feed.xml");
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids.iter().filter(|id| id.ends_with(path)).count(),
        1,
        "{ids:?}"
    );
    let facts = text(&site.html(&format!("{path}index.html")), ".brief-facts");
    assert_eq!(facts.matches("Nordic Countries").count(), 1, "{facts}");
    assert!(facts.contains("Region\n"), "{facts}");
}

/// Asserts that `check`'s report has a diagnostic saying `message` at `place`.
fn assert_reported(stderr: &str, message: &str, place: &str) {
    let block = stderr
        .split("\n\n")
        .find(|block| block.contains(message))
        .unwrap_or_else(|| panic!("no `{message}` in:\n{stderr}"));
    assert!(block.starts_with("warning"), "{block}");
    assert!(block.contains(place), "not at {place}:\n{block}");
}

#[test]
fn check_warns_about_regions_without_a_profile_and_near_duplicate_spellings() {
    let site = site();
    let lower_case = "content/briefs/2021/2021-06-01-lower-case.md";
    let regions = "regions = [\"central europe\"]\n";
    site.write(
        lower_case,
        &brief("Lower", "2021-06-01", &["Ann Lee"], regions),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "warnings only:\n{}", run.stderr);
    assert!(run.stderr.contains("check: 0 errors"), "{}", run.stderr);
    let at = |slug: &str| format!("{}:5:1", fixture(slug).file());
    let (stderr, fishing) = (&run.stderr, at("fishing-quotas"));
    assert_reported(stderr, "region `Nordic Countries` has no profile", &fishing);
    assert_reported(stderr, "add content/regions/nordic-countries.md", &fishing);
    let typo = "`Baltic Sates` looks like a typo of `Baltic States`";
    assert_reported(stderr, typo, &at("kaliningrad-transit"));
    let variant = "`central europe` is also written `Central Europe`";
    assert_reported(stderr, variant, &format!("{lower_case}:5:1"));
    let commentary = "publication type `Commentary` has no profile";
    assert_reported(stderr, commentary, &at("election-watch"));
    for profiled in ["Central Europe", "Baltic States", "Western Balkans"] {
        let message = format!("region `{profiled}` has no profile");
        assert!(!stderr.contains(&message), "{message}:\n{stderr}");
    }
}

/// Builds the fixture, writes `file`, builds again: exit 1, every message, and the output as
/// it was.
fn assert_fails(file: &str, text: &str, expected: &[&str]) {
    let site = built();
    let before = site.snapshot();
    site.write(file, text);
    let run = site.run(&["build", "--base-url", BASE]);
    let (code, stderr) = (run.code, &run.stderr);
    assert_eq!(code, 1, "stdout: {}\nstderr: {stderr}", run.stdout);
    for needle in expected {
        assert!(stderr.contains(needle), "no `{needle}` in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(site.snapshot(), before, "the previous output changed");
}

#[test]
fn a_key_that_is_neither_a_field_nor_a_declared_taxonomy_is_an_error() {
    let file = "content/briefs/2025/2025-06-01-typo.md";
    let region = "region = [\"Central Europe\"]\n";
    let message = "5:1: error: unknown field `region`, did you mean `regions`?";
    let text = brief("Typo", "2025-06-01", &["Ann Lee"], region);
    assert_fails(file, &text, &[&format!("{file}:{message}")]);
    // Without its declaration, `types` is just an unknown key.
    let declaration = SITE_TOML
        .find("\n[[taxonomies]]\nname = \"types\"")
        .unwrap();
    let election = fixture("election-watch").file();
    let message = format!("{election}:5:1: error: unknown field `types`");
    assert_fails("site.toml", &SITE_TOML[..declaration], &[&message]);
}

#[test]
fn a_taxonomy_named_like_a_field_a_built_in_or_a_reserved_url_is_an_error_at_its_line() {
    let line = SITE_TOML.lines().count() + 3;
    for name in ["topics", "title", "archive"] {
        let toml = format!("{SITE_TOML}\n[[taxonomies]]\nname = \"{name}\"\n");
        let declared = format!("name = \"{name}\"");
        assert_eq!(toml.lines().nth(line - 1), Some(declared.as_str()));
        let at = format!("site.toml:{line}:8: error:");
        assert_fails("site.toml", &toml, &[&at, &format!("`{name}`")]);
    }
}

#[test]
fn a_region_that_is_not_a_name_or_a_list_of_names_is_an_error_at_its_line() {
    let file = "content/briefs/2025/2025-06-01-number.md";
    let text = brief("Number", "2025-06-01", &["Ann Lee"], "regions = 3\n");
    let message = format!("{file}:5:11: error: `regions` must be a list of names");
    assert_fails(file, &text, &[&message]);
}

#[test]
fn a_taxonomy_named_like_a_search_filter_is_an_error_at_its_line() {
    // The search page's filters (and `q`, the query in its address) share one namespace.
    for name in ["year", "author", "topic", "language", "q"] {
        let toml = format!("{SITE_TOML}\n[[taxonomies]]\nname = \"{name}\"\n");
        let text = brief("Alpha", "2025-01-10", &["Ann Lee"], "");
        let site = common::site_with(&toml, &[("content/briefs/2025/a.md", &text)]);
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        let at = format!("site.toml:{}:8: error: `{name}`", toml.lines().count());
        assert!(run.stderr.contains(&at), "no `{at}` in:\n{}", run.stderr);
        assert!(run.stderr.contains("search"), "{}", run.stderr);
    }
}
