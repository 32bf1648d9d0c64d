//! Several languages: an English site with a Polish version under a base path, two briefs a
//! page, checked from the real output: every listing and feed per language, hreflang sets
//! (reciprocal, complete, never pointing at a missing page) and the sitemap's alternates,
//! `<html lang>` and the language switch on every page, localized dates and plural forms,
//! language metadata in JSON-LD, feeds and citation files, translated profiles, the errors
//! translations can make, `new translation`, and `check`'s warnings.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{
    Site, assert_diagnostic, attrs, bibtex_field, brief, file_of_permalink, hreflangs, json_ld,
    listing, meta, outputs_ending, permalink, site_with, text,
};
use serde_json::{Value, json};

const BASE: &str = "https://example.org/think";
const BASE_PATH: &str = "/think/";

const SITE_TOML: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org\"\nlanguage = \"en\"\n\n[publisher]\nname = \"Test Institute\"\n\n[pagination]\nper_page = 2\n\n[[taxonomies]]\nname = \"regions\"\nsingular = \"Region\"\n\n[languages.pl]\ntitle = \"Instytut Testowy\"\ndescription = \"Analizy do testów.\"\n";

/// A site in English and one other language, `code`.
fn two_languages(code: &str) -> String {
    format!("{}\n[languages.{code}]\ntitle = \"T\"\n", common::SITE_TOML)
}

const LANGS: [&str; 2] = ["en", "pl"];

/// The folder of a language's pages below the base path.
fn dir(lang: &str) -> &'static str {
    ["", "pl/"][usize::from(lang == "pl")]
}

fn other(lang: &str) -> &'static str {
    ["pl", "en"][usize::from(lang == "pl")]
}

/// The language of an output file, from its path.
fn lang_of(rel: &str) -> &'static str {
    ["en", "pl"][usize::from(rel.starts_with("pl/"))]
}

/// One language version of a publication: what a translation may set for itself, and extra
/// front-matter lines.
struct Version {
    title: &'static str,
    slug: Option<&'static str>,
    topics: &'static [&'static str],
    regions: &'static [&'static str],
    extra: &'static str,
}

/// A publication: the fields it has in every language, and its English and Polish versions.
struct Pub {
    name: &'static str,
    date: &'static str,
    bundle: bool,
    authors: &'static [&'static str],
    series: Option<&'static str>,
    number: Option<u32>,
    en: Option<Version>,
    pl: Option<Version>,
}

#[rustfmt::skip]
const fn v(title: &'static str, topics: &'static [&'static str]) -> Version {
    Version { title, slug: None, topics, regions: &[], extra: "" }
}

const ANN: &str = "Ann Lee";
const BO: &str = "Bo Chen";
const BALTIC: &[&str] = &["Baltic States"];

/// Eight publications over four years: four in both languages (one a bundle, one with a
/// Polish slug of its own that repeats its authors and names its series in Polish), three
/// English-only, two Polish-only. "Energy" has a Polish profile ("Energetyka", the name one
/// Polish brief uses and another does not); "Trade" and "Defence" have none, and no Polish
/// brief names "Defence"; "Spotlight", Ann Lee and both regions have Polish profiles too.
#[rustfmt::skip]
const PUBS: &[Pub] = &[
    Pub { name: "grid", date: "2025-02-13", bundle: false, authors: &[ANN], series: Some("Spotlight"), number: Some(2),
        en: Some(Version { regions: BALTIC, ..v("Grid Links", &["Energy"]) }),
        pl: Some(Version { slug: Some("siec"), regions: BALTIC, extra: "authors = [\"Ann Lee\"]\nseries = \"Reflektor\"\n", ..v("Połączenia sieciowe", &["Energetyka"]) }) },
    Pub { name: "trade", date: "2025-01-10", bundle: false, authors: &[ANN], series: Some("Spotlight"), number: Some(1),
        en: Some(Version { extra: "updated = 2025-03-01\n", ..v("Tariff Talks", &["Trade"]) }),
        pl: Some(v("Rozmowy o cłach", &["Trade"])) },
    Pub { name: "wegiel", date: "2025-03-03", bundle: false, authors: &["Ewa Nowak"], series: None, number: None,
        en: None, pl: Some(Version { regions: &["Europa"], ..v("Węgiel", &["Energetyka"]) }) },
    Pub { name: "sanctions", date: "2024-11-05", bundle: false, authors: &[ANN, BO], series: None, number: None,
        en: Some(Version { regions: &["Europe"], ..v("Sanctions", &["Energy", "Trade"]) }), pl: None },
    Pub { name: "gas", date: "2024-06-01", bundle: false, authors: &[BO], series: Some("Spotlight"), number: None,
        en: Some(v("Gas Storage", &["Energy"])), pl: None },
    Pub { name: "baltyk", date: "2024-02-20", bundle: false, authors: &[ANN], series: Some("Spotlight"), number: None,
        en: None, pl: Some(Version { regions: BALTIC, ..v("Bałtyk", &["Energy"]) }) },
    Pub { name: "ports", date: "2023-09-09", bundle: true, authors: &[BO], series: None, number: None,
        en: Some(v("Port Capacity", &["Trade"])), pl: Some(v("Przepustowość portów", &["Trade"])) },
    Pub { name: "old", date: "2022-05-05", bundle: false, authors: &[BO], series: None, number: None,
        en: Some(v("Old Pipelines", &["Defence"])), pl: None },
];

/// Profiles (some with Polish versions, one with only a Polish one), pages (one translated),
/// a bundle's file.
#[rustfmt::skip]
const FILES: &[(&str, &str)] = &[
    ("content/topics/energy.md", "+++\nname = \"Energy\"\n+++\nEnergy **policy**.\n"),
    ("content/topics/energy.pl.md", "+++\nname = \"Energetyka\"\n+++\nPolityka **energetyczna** regionu.\n"),
    ("content/series/spotlight.md", "+++\nname = \"Spotlight\"\n+++\nShort analyses.\n"),
    ("content/series/spotlight.pl.md", "+++\nname = \"Reflektor\"\n+++\nKrótkie analizy.\n"),
    ("content/pages/about.md", "+++\ntitle = \"About\"\n+++\nAbout us.\n"),
    ("content/pages/about.pl.md", "+++\ntitle = \"O nas\"\n+++\nO nas.\n"),
    ("content/authors/ann-lee.md", "+++\nname = \"Ann Lee\"\nrole = \"Analyst\"\n+++\nAnn writes.\n"),
    ("content/authors/ann-lee.pl.md", "+++\nname = \"Ann Lee\"\nrole = \"Analityczka\"\n+++\nAnn pisze.\n"),
    ("content/regions/europe.pl.md", "+++\nname = \"Europa\"\n+++\n"),
    ("content/regions/baltic-states.pl.md", "+++\nname = \"Państwa bałtyckie\"\n+++\n"),
    ("content/pages/contact.md", "+++\ntitle = \"Contact\"\n+++\nWrite to us.\n"),
    ("content/briefs/2023/ports/chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
];

/// A term's slug from any of its names: a Polish profile's name gives its file's.
fn slug(name: &str) -> String {
    let named = format!("+++\nname = {name:?}");
    let profile = FILES
        .iter()
        .find(|(path, text)| path.ends_with(".pl.md") && text.starts_with(&named));
    let file = profile.map(|(path, _)| path.rsplit('/').next().unwrap().replace(".pl.md", ""));
    file.unwrap_or_else(|| name.to_lowercase().replace(' ', "-"))
}

impl Pub {
    fn version(&self, lang: &str) -> Option<&Version> {
        [&self.en, &self.pl][usize::from(lang == "pl")].as_ref()
    }

    /// The languages it is published in.
    fn langs(&self) -> impl Iterator<Item = &'static str> + '_ {
        LANGS.into_iter().filter(|l| self.version(l).is_some())
    }

    fn year(&self) -> &str {
        &self.date[..4]
    }

    /// The brief's path below the base path in a language.
    fn path(&self, lang: &str) -> String {
        let slug = self.version(lang).unwrap().slug.unwrap_or(self.name);
        format!("{}briefs/{}/{slug}/", dir(lang), self.year())
    }

    /// A version's file: the original gives every field, a translation only its own (and
    /// whatever its `extra` repeats).
    fn file(&self, lang: &str) -> (String, String) {
        let v = self.version(lang).unwrap();
        let suffix = if lang == "pl" { ".pl" } else { "" };
        let (year, name, date) = (self.year(), self.name, self.date);
        let path = match self.bundle {
            true => format!("content/briefs/{year}/{name}/index{suffix}.md"),
            false => format!("content/briefs/{year}/{date}-{name}{suffix}.md"),
        };
        let (title, topics, regions) = (v.title, v.topics, v.regions);
        let mut front = format!("title = {title:?}\ntopics = {topics:?}\nregions = {regions:?}\n");
        let line = |key: &str, value: Option<String>| value.map(|v| format!("{key} = {v}\n"));
        front.extend(line("slug", v.slug.map(|s| format!("{s:?}"))));
        if lang == "en" || self.en.is_none() {
            front.extend(line("date", Some(date.into())));
            front.extend(line("authors", Some(format!("{:?}", self.authors))));
            front.extend(line("series", self.series.map(|s| format!("{s:?}"))));
            front.extend(line("number", self.number.map(|n| n.to_string())));
        }
        let body = format!("Lead of {title}.\n\n## Why?\n\nText.\n");
        (path, format!("+++\n{front}{}+++\n{body}", v.extra))
    }

    /// The slugs of the terms it is filed under in a language.
    fn terms(&self, lang: &str, taxonomy: &str) -> Vec<String> {
        let v = self.version(lang).unwrap();
        let names: Vec<&str> = match taxonomy {
            "authors" => self.authors.to_vec(),
            "series" => self.series.into_iter().collect(),
            "topics" => v.topics.to_vec(),
            _ => v.regions.to_vec(),
        };
        names.into_iter().map(slug).collect()
    }
}

/// The publications in a language, newest first.
fn published(lang: &str) -> Vec<&'static Pub> {
    let mut list: Vec<&Pub> = PUBS.iter().filter(|p| p.version(lang).is_some()).collect();
    list.sort_by(|a, b| b.date.cmp(a.date));
    list
}

fn site() -> Site {
    let site = site_with(SITE_TOML, FILES);
    for (path, text) in PUBS.iter().flat_map(|p| p.langs().map(|l| p.file(l))) {
        site.write(&path, &text);
    }
    site
}

fn built() -> Site {
    let site = site();
    site.build(&["--base-url", BASE]);
    site
}

#[test]
fn every_listing_and_feed_holds_exactly_the_briefs_of_its_language() {
    let site = built();
    for lang in LANGS {
        let all = published(lang);
        // (listing, its briefs, whether it has a feed)
        let mut listings = vec![(dir(lang).to_string(), all.clone(), true)];
        for taxonomy in ["authors", "topics", "series", "regions"] {
            let named = |p: &'static Pub| p.langs().flat_map(move |l| p.terms(l, taxonomy));
            for term in PUBS.iter().flat_map(named).collect::<BTreeSet<String>>() {
                let folder = format!("{}{taxonomy}/{term}/", dir(lang));
                let filed = |p: &&Pub| p.terms(lang, taxonomy).contains(&term);
                let members: Vec<&Pub> = all.iter().copied().filter(filed).collect();
                // A term has a page in a language when it has briefs or a profile in it, in
                // English too (a term named only by a Polish brief has no English page).
                let suffix = if lang == "en" {
                    String::new()
                } else {
                    format!(".{lang}")
                };
                let profile = format!("content/{taxonomy}/{term}{suffix}.md");
                let profile = FILES.iter().any(|(path, _)| *path == profile);
                if !members.is_empty() || profile {
                    listings.push((folder, members, true));
                } else {
                    assert!(!site.exists(&format!("{folder}index.html")), "{folder}");
                    assert!(!site.exists(&format!("{folder}feed.xml")), "{folder}");
                }
            }
        }
        for year in ["2022", "2023", "2024", "2025"] {
            let folder = format!("{}archive/{year}/", dir(lang));
            let members: Vec<&Pub> = all.iter().copied().filter(|p| p.year() == year).collect();
            match members.is_empty() {
                true => assert!(!site.exists(&format!("{folder}index.html")), "{folder}"),
                false => listings.push((folder, members, false)),
            }
        }
        for (folder, members, feed) in listings {
            let url = |p: &&Pub| format!("{BASE_PATH}{}", p.path(lang));
            let urls: Vec<String> = members.iter().map(url).collect();
            let pages = members.len().div_ceil(2).max(1);
            let want = (urls.clone(), pages, feed.then_some(urls));
            assert_eq!(listing(&site, BASE, &folder), want, "{folder}");
        }
    }
    // The cases that make this more than a formality, named.
    for (rel, exists) in [
        ("pl/page/3/index.html", true),
        ("pl/archive/2025/page/2/index.html", true),
        ("archive/2025/page/2/index.html", false),
        ("pl/archive/2022/index.html", false),
        ("authors/bo-chen/page/2/index.html", true),
        ("pl/topics/defence/index.html", false),
        ("authors/ewa-nowak/index.html", false),
        ("pl/authors/ewa-nowak/index.html", true),
        ("pl/briefs/2023/ports/chart.svg", true),
    ] {
        assert_eq!(site.exists(rel), exists, "{rel}");
    }
}

#[test]
fn hreflang_sets_are_reciprocal_complete_and_point_at_pages_that_exist() {
    let site = built();
    let pages = outputs_ending(&site, ".html");
    assert!(pages.len() > 60, "{} pages", pages.len());
    let set_of = |rel: &String| (rel.clone(), hreflangs(&site.html(rel)));
    let sets: BTreeMap<String, Vec<(String, String)>> = pages.iter().map(set_of).collect();
    for (rel, set) in &sets {
        let page = site.html(rel);
        let (lang, other) = (lang_of(rel), other(lang_of(rel)));
        assert_eq!(attrs(&page, "html", "lang"), [lang], "{rel}");
        if rel == "404.html" {
            assert!(set.is_empty(), "{rel}");
            continue;
        }
        let (x_default, versions): (Vec<_>, Vec<_>) =
            set.iter().cloned().partition(|(l, _)| l == "x-default");
        let by_lang: BTreeMap<String, String> = versions.iter().cloned().collect();
        // One link per language, itself included; x-default is the English version, if any.
        assert_eq!(by_lang.len(), versions.len(), "{rel}");
        assert_eq!(by_lang.get(lang), Some(&permalink(BASE, rel)), "{rel}");
        let en = by_lang.get("en").map(|en| ("x-default".into(), en.into()));
        assert_eq!(x_default, Vec::from_iter(en), "{rel}");
        for href in by_lang.values() {
            let target = file_of_permalink(BASE, href);
            assert_eq!(sets.get(&target), Some(set), "{rel} → {target}: reciprocal");
        }
        // Complete: the other language's version is listed exactly when it exists.
        let page_of = |p: &Pub, l| format!("{}index.html", p.path(l));
        let is_version = |p: &&Pub| p.langs().any(|l| page_of(p, l) == *rel);
        let brief = PUBS.iter().find(is_version);
        let expected = match brief {
            Some(p) => p.version(other).map(|_| page_of(p, other)),
            None => {
                let counterpart = rel.strip_prefix("pl/");
                let counterpart = counterpart.map_or(format!("pl/{rel}"), str::to_string);
                site.exists(&counterpart).then_some(counterpart)
            }
        };
        let listed = by_lang.get(other).map(|h| file_of_permalink(BASE, h));
        assert_eq!(listed, expected, "{rel}");
        // The language switch leads to that version, or to the other language's home page.
        let home = format!("{BASE_PATH}{}", dir(other));
        let translation = by_lang.get(other).map(|h| h.replace(BASE, "/think"));
        let target = translation.unwrap_or(home);
        let switch = "header nav.language-switch a";
        assert_eq!(attrs(&page, switch, "href"), [target], "{rel}");
        assert_eq!(attrs(&page, switch, "hreflang"), [other], "{rel}");
    }
    // Named cases: translated, Polish-only, English-only, pages, a year and a page of a
    // listing that exist in one language only.
    for (rel, langs) in [
        ("pl/briefs/2025/siec/index.html", "en pl x-default"),
        ("pl/briefs/2025/wegiel/index.html", "pl"),
        ("briefs/2024/gas/index.html", "en x-default"),
        ("pl/about/index.html", "en pl x-default"),
        ("contact/index.html", "en x-default"),
        ("archive/2022/index.html", "en x-default"),
        ("pl/archive/2025/page/2/index.html", "pl"),
        ("topics/defence/index.html", "en x-default"),
    ] {
        let set: Vec<&str> = sets[rel].iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(set.join(" "), langs, "{rel}");
    }
}

#[test]
fn every_internal_link_points_at_a_file_of_the_site_and_briefs_of_the_pages_language() {
    let site = built();
    for rel in outputs_ending(&site, ".html") {
        let page = site.html(&rel);
        for url in common::urls(&page) {
            let Some(path) = url.strip_prefix(BASE_PATH) else {
                continue;
            };
            let path = path.split(['#', '?']).next().unwrap();
            let index = path.is_empty() || path.ends_with('/');
            let file = if index {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            assert!(site.exists(&file), "{rel} links {url}");
        }
        // Listings, related briefs and series neighbours: briefs in the page's language.
        for url in common::brief_links(&page) {
            let listed = lang_of(&url[BASE_PATH.len()..]);
            assert_eq!(listed, lang_of(&rel), "{rel} lists {url}");
        }
    }
}

#[test]
fn the_sitemap_lists_each_pages_alternates_as_its_head_does() {
    let site = built();
    let xml = site.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let xhtml_link = ("http://www.w3.org/1999/xhtml", "link");
    let mut listed = BTreeSet::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url.children().find(|n| n.has_tag_name("loc"));
        let loc = loc.and_then(|l| l.text()).unwrap();
        let links = url.children().filter(|n| n.has_tag_name(xhtml_link));
        let attr = |l: roxmltree::Node<'_, '_>, name| l.attribute(name).unwrap().to_string();
        let link = |l| (attr(l, "hreflang"), attr(l, "href"));
        let alternates: Vec<(String, String)> = links.map(link).collect();
        let rel = file_of_permalink(BASE, loc);
        let mut head = hreflangs(&site.html(&rel));
        head.retain(|(l, _)| l != "x-default");
        assert_eq!(alternates, head, "{loc}");
        listed.insert(rel);
    }
    let pages = outputs_ending(&site, "index.html").into_iter();
    // The search pages are left out of the sitemap (noindex), as listing pages after the first.
    let listable = |p: &String| !p.contains("page/") && !p.ends_with("search/index.html");
    let pages: BTreeSet<String> = pages.filter(listable).collect();
    assert_eq!(listed, pages);
}

#[test]
fn dates_metadata_and_citations_are_in_each_briefs_language() {
    let site = built();
    let time = |rel: &str| text(&site.html(rel), "main time[datetime='2025-02-13']");
    assert!(time("briefs/2025/grid/index.html").contains("13 February 2025"));
    assert!(time("pl/briefs/2025/siec/index.html").contains("13 lutego 2025"));
    // Month headings in the nominative.
    let year = text(&site.html("pl/archive/2025/index.html"), "main");
    assert!(year.contains("Marzec 2025"), "{year}");
    let locale = |l: &str| if l == "en" { "en_GB" } else { "pl_PL" };
    for p in PUBS {
        for lang in p.langs() {
            let (rel, other) = (p.path(lang), other(lang));
            let page = site.html(&format!("{rel}index.html"));
            assert_eq!(meta(&page, "citation_language"), [lang], "{rel}");
            assert_eq!(meta(&page, "DC.language"), [lang], "{rel}");
            assert_eq!(meta(&page, "og:locale"), [locale(lang)], "{rel}");
            let alternate = Vec::from_iter(p.version(other).map(|_| locale(other)));
            assert_eq!(meta(&page, "og:locale:alternate"), alternate, "{rel}");
            let json = json_ld(&page);
            assert_eq!(json["inLanguage"], lang, "{rel}");
            // The English version lists its translations; a translation names its original.
            let path = p.version(other).map(|_| p.path(other));
            let url = path.map(|path| format!("{BASE}/{path}"));
            let pair = url.map(|url| json!({"@type": "Report", "url": url, "inLanguage": other}));
            let [ours, theirs] = ["workTranslation", "translationOfWork"].map(|k| json.get(k));
            let want = if lang == "en" {
                (pair.map(|v| json!([v])), None)
            } else {
                (None, pair)
            };
            assert_eq!((ours.cloned(), theirs.cloned()), want, "{rel}");
            let bib = site.output(&format!("{rel}cite.bib"));
            assert_eq!(bibtex_field(&bib, "langid").as_deref(), Some(lang), "{rel}");
            let ris = site.output(&format!("{rel}cite.ris"));
            let la = format!("LA  - {lang}");
            assert!(ris.lines().any(|l| l.trim_end() == la), "{rel}cite.ris");
            let csl = site.output(&format!("{rel}cite.json"));
            let csl: Value = serde_json::from_str(&csl).unwrap();
            assert_eq!(csl[0]["language"], lang, "{rel}cite.json");
        }
    }
    // The Polish version names its topic and series (its report type) in Polish, in its page
    // and its citations.
    let page = site.html("pl/briefs/2025/siec/index.html");
    assert_eq!(meta(&page, "DC.type"), ["Reflektor"]);
    let cite = text(&page, ".cite-text");
    assert!(cite.contains("Połączenia sieciowe (Reflektor "), "{cite}");
    assert_eq!(json_ld(&page)["isPartOf"]["name"], "Reflektor");
    let bib = site.output("pl/briefs/2025/siec/cite.bib");
    let fields = ["keywords", "type"].map(|f| bibtex_field(&bib, f).unwrap_or_default());
    assert_eq!(fields, ["Energetyka", "Reflektor"]);
    let ris = site.output("pl/briefs/2025/siec/cite.ris");
    let polish = ris.contains("KW  - Energetyka") && ris.contains("M3  - Reflektor");
    assert!(polish, "{ris}");
    // Feeds say their language.
    for feed in outputs_ending(&site, "feed.xml") {
        let xml = site.output(&feed);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let xml_lang = ("http://www.w3.org/XML/1998/namespace", "lang");
        let lang = doc.root_element().attribute(xml_lang);
        assert_eq!(lang, Some(lang_of(&feed)), "{feed}");
    }
}

#[test]
fn translated_profiles_and_pages_show_their_polish_text() {
    let site = built();
    let page = site.html("pl/topics/energy/index.html");
    assert_eq!(text(&page, "main h1"), "Energetyka");
    let profile = "Polityka <strong>energetyczna</strong> regionu.";
    assert!(page.html().contains(profile));
    assert!(!page.html().contains("Energy <strong>policy</strong>"));
    for (rel, title) in [
        ("topics/energy/index.html", "Energy"),
        ("pl/topics/trade/index.html", "Trade"), // no Polish profile: the English name
        ("pl/series/spotlight/index.html", "Reflektor"),
        ("pl/about/index.html", "O nas"),
        ("regions/europe/index.html", "Europe"), // a Polish profile only
        ("pl/regions/europe/index.html", "Europa"),
    ] {
        assert_eq!(text(&site.html(rel), "main h1"), title, "{rel}");
    }
    // The Polish list of topics: those with Polish briefs or a Polish profile, by Polish name.
    let topics = site.html("pl/topics/index.html");
    let links = attrs(&topics, "main a[href*='/topics/']", "href");
    assert_eq!(
        links,
        ["/think/pl/topics/energy/", "/think/pl/topics/trade/"]
    );
    assert!(text(&topics, "main").contains("Energetyka"));
    // Terms A–Z by their names in the page's language.
    let regions = common::texts(&site.html("pl/regions/index.html"), "main .term-list h2 a");
    assert_eq!(regions, ["Europa", "Państwa bałtyckie"]);
    // An author's role, on the page and in its JSON-LD.
    let author = site.html("pl/authors/ann-lee/index.html");
    assert!(text(&author, "main").contains("Analityczka"));
    assert_eq!(json_ld(&author)["jobTitle"], "Analityczka");
}

#[test]
fn a_german_site_writes_its_months_in_german() {
    #[rustfmt::skip]
    let site = site_with(&two_languages("de"), &[
        ("content/briefs/2025/x.md", &brief("X", "2025-02-13", &[ANN], "")),
        ("content/briefs/2025/x.de.md", "+++\ntitle = \"X auf Deutsch\"\n+++\nText.\n"),
    ]);
    site.build(&[]);
    let page = site.html("de/briefs/2025/x/index.html");
    let date = text(&page, "main time[datetime='2025-02-13']");
    let german = date.contains("Februar 2025") && !date.contains("February");
    assert!(german, "{date}");
    assert_eq!(attrs(&page, "html", "lang"), ["de"]);
}

#[test]
fn plural_forms_follow_the_language() {
    #[rustfmt::skip]
    let site = site_with(&two_languages("pl"), &[
        ("i18n/pl.toml", "reading_time = { one = \"{n} minuta\", few = \"{n} minuty\", many = \"{n} minut\", other = \"{n} minuty\" }\n"),
        ("i18n/en.toml", "reading_time = { one = \"{n} minute\", other = \"{n} minutes\" }\n"),
        ("templates/partials/brief_item.html", "<p class=\"rt\"><a href=\"{{ b.url }}\">{{ b.title }}</a> {{ t(key=\"reading_time\", n=b.reading_minutes) }}</p>\n"),
    ]);
    // 220 words a minute.
    for (i, minutes) in [1, 2, 5, 22].into_iter().enumerate() {
        let day = i + 1;
        let top = format!("+++\ntitle = \"B{i}\"\ndate = 2025-01-0{day}\nauthors = [\"A\"]\n+++\n");
        for (suffix, word) in [("", "word "), (".pl", "słowo ")] {
            let text = format!("{top}{}\n", word.repeat(220 * minutes));
            site.write(&format!("content/briefs/2025/b{i}{suffix}.md"), &text);
        }
    }
    site.build(&[]);
    let shown = |rel: &str| {
        let mut texts = common::texts(&site.html(rel), "p.rt");
        texts.sort();
        texts.join(", ")
    };
    let polish = "B0 1 minuta, B1 2 minuty, B2 5 minut, B3 22 minuty";
    assert_eq!(shown("pl/index.html"), polish);
    let english = "B0 1 minute, B1 2 minutes, B2 5 minutes, B3 22 minutes";
    assert_eq!(shown("index.html"), english);
}

#[test]
fn a_translation_that_contradicts_its_original_or_names_an_unknown_language_is_an_error() {
    let site = site();
    let file = "content/briefs/2025/2025-02-13-grid.pl.md";
    let text = "+++\ntitle = \"Sieć\"\nslug = \"siec\"\ndate = 2025-02-14\n+++\nTekst.\n";
    site.write(file, text);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let error = format!("{file}:4:1: error: `date` is 2025-02-14 here but 2025-02-13");
    assert!(run.stderr.contains(&error), "{}", run.stderr);
    assert!(!site.path("public").exists(), "nothing written");

    let site = self::site();
    let file = "content/briefs/2024/sanctions.de.md";
    site.write(file, "+++\ntitle = \"Sanktionen\"\n+++\nText.\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let error = format!("{file}:1:1: error: the file name says its language is `de`");
    assert!(run.stderr.contains(&error), "{}", run.stderr);
}

#[test]
fn new_translation_writes_a_draft_that_builds_with_drafts() {
    let site = site();
    let original = "content/briefs/2024/2024-11-05-sanctions.md";
    let run = site.run(&["new", "translation", original, "--lang", "pl"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let written = site.path("content/briefs/2024/2024-11-05-sanctions.pl.md");
    let text = std::fs::read_to_string(&written).expect("the translation is written");
    let draft = text.contains("draft = true") && text.contains("Lead of Sanctions.");
    assert!(draft, "{text}");
    let translated = "pl/briefs/2024/sanctions/index.html";
    site.build(&[]);
    assert!(!site.exists(translated), "a draft until translated");
    site.build(&["--drafts", "--base-url", BASE]);
    assert!(site.exists(translated));
    let page = site.html("briefs/2024/sanctions/index.html");
    let langs: Vec<String> = hreflangs(&page).into_iter().map(|(l, _)| l).collect();
    assert_eq!(langs, ["en", "pl", "x-default"]);
    let run = site.run(&["new", "translation", original, "--lang", "de"]);
    assert_eq!(run.code, 2, "a language the site does not have");
}

#[test]
fn check_warns_about_stale_translations_untranslated_names_and_missing_strings() {
    let run = site().run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let out = format!("{}{}", run.stdout, run.stderr);
    let trade = "content/briefs/2025/2025-01-10-trade.pl.md";
    let stale = "warning: the `en` version changed on 2025-03-01, after this translation";
    assert_diagnostic(&out, stale, trade);
    assert_diagnostic(&out, "warning: topic `Trade` has no `pl` name", trade);
    // A term's names in two languages are neither untranslated nor typos of each other.
    let translated = ["`Energy` has no", "`Spotlight` has", "`Europa`", "typo"];
    assert!(!translated.iter().any(|w| out.contains(w)), "{out}");

    // A language with no strings builds with the default language's and a warning, its switch
    // naming it in itself; a strings file that lacks keys is named with the key.
    #[rustfmt::skip]
    let site = site_with(&two_languages("cs"), &[
        ("content/briefs/2025/x.md", &brief("X", "2025-02-13", &[ANN], "")),
        ("content/briefs/2025/x.cs.md", "+++\ntitle = \"X česky\"\n+++\nText.\n"),
    ]);
    let run = site.build(&[]);
    let warning = "warning: no interface strings for `cs`";
    assert_diagnostic(&run.stderr, warning, "site.toml");
    let page = site.html("briefs/2025/x/index.html");
    assert_eq!(text(&page, "nav.language-switch a"), "Čeština");
    let czech = site.html("cs/briefs/2025/x/index.html");
    assert_eq!(attrs(&czech, "html", "lang"), ["cs"]);
    site.write("i18n/cs.toml", "language_name = \"Čeština\"\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let missing = "warning: `date_format` has no `cs` text";
    assert_diagnostic(&run.stderr, missing, "i18n/cs.toml");
}
