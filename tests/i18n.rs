//! The default theme's words in each language: every string it shows comes from its i18n files,
//! counts take the language's plural forms, a site changes a string key by key, and a language
//! the theme has no strings for is written with the English ones.

mod common;

use common::{Site, attrs, brief, text};
use scraper::{Html, Selector};

const TWO_LANGUAGES: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org\"\nlanguage = \"en\"\n\n[languages.pl]\ntitle = \"Instytut Testowy\"\ndescription = \"Analizy bezpieczeństwa.\"\n\n[publisher]\nname = \"Test Institute\"\nissn = \"1234-5679\"\n\n[pagination]\nper_page = 2\n";

/// A brief in Polish only, with a Polish body.
fn polish_brief(title: &str, date: &str, extra: &str) -> String {
    format!(
        "+++\ntitle = {title:?}\ndate = {date}\nauthors = [\"Anna Nowak\"]\n{extra}+++\nAkapit wstępny.\n\n## Co się stało?\n\nTekst.\n"
    )
}

/// English and Polish: one brief in both (two authors, in a series, updated), and Polish-only
/// briefs, one of 2024 and five of 2023, so that Polish counts take all three forms.
fn two_languages() -> Site {
    let site = Site::new();
    site.write("site.toml", TWO_LANGUAGES);
    site.write(
        "content/briefs/2025/gas.md",
        &brief(
            "Gas Storage",
            "2025-02-13",
            &["Anna Nowak", "John Smith"],
            "topics = [\"Energy\"]\nseries = \"Spotlight\"\nnumber = 2\nupdated = 2025-03-02\n[extra]\nkey_points = [\"Storage is full.\"]\n",
        ),
    );
    site.write(
        "content/briefs/2025/gas.pl.md",
        "+++\ntitle = \"Magazyny gazu\"\nupdated = 2025-03-02\n[extra]\nkey_points = [\"Magazyny są pełne.\"]\n+++\nAkapit wstępny.\n\n## Co dalej?\n\nTekst.\n\n## Dlaczego?\n\nTekst.\n",
    );
    site.write(
        "content/briefs/2025/grid.pl.md",
        &polish_brief(
            "Sieci przesyłowe",
            "2025-01-10",
            "series = \"Spotlight\"\nnumber = 1\n",
        ),
    );
    site.write(
        "content/briefs/2024/a.pl.md",
        &polish_brief("Analiza", "2024-04-10", ""),
    );
    for i in 1..=5 {
        let file = format!("content/briefs/2023/b{i}.pl.md");
        site.write(
            &file,
            &polish_brief(&format!("Komentarz {i}"), &format!("2023-0{i}-10"), ""),
        );
    }
    site
}

/// What a reader meets on a page: the text of `<title>` and `<body>`, `alt`, `title` and
/// `aria-label` attributes, and the description; not the ready citation, which is Dossier's
/// (its report type is a setting of `site.toml`, "Policy Brief" by default).
fn visible(page: &Html) -> String {
    let mut out = text(page, "title");
    out.push('\n');
    let mut body = text(page, "body").replace(&text(page, ".cite-text"), "");
    // A parser that runs scripts keeps a noscript's content as its HTML source: what a reader
    // without JavaScript sees is that source's text.
    for noscript in page.select(&Selector::parse("noscript").unwrap()) {
        let source: String = noscript.text().collect();
        let shown: String = Html::parse_fragment(&source)
            .root_element()
            .text()
            .collect();
        body = body.replace(&source, &shown);
    }
    out.push_str(&body);
    let attributes =
        Selector::parse("[alt], [title], [aria-label], meta[name=description]").unwrap();
    for element in page.select(&attributes) {
        for name in ["alt", "title", "aria-label", "content"] {
            if let Some(value) = element.value().attr(name) {
                out.push('\n');
                out.push_str(value);
            }
        }
    }
    out
}

/// The words of a strings file that are not a placeholder, each piece between placeholders.
fn pieces(file: &str) -> Vec<(String, String)> {
    let table: toml::Table = file.parse().unwrap();
    let mut out = Vec::new();
    for (key, value) in table {
        let texts: Vec<String> = match value {
            toml::Value::String(s) => vec![s],
            toml::Value::Table(forms) => forms
                .values()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        for text in texts {
            for piece in text.split(['{', '}']).step_by(2) {
                out.push((key.clone(), piece.trim().to_string()));
            }
        }
    }
    out
}

#[test]
fn polish_pages_show_no_english_word_of_the_theme() {
    let site = two_languages();
    site.build(&[]);
    let theme = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/");
    let english = std::fs::read_to_string(format!("{theme}en.toml")).unwrap();
    let polish = std::fs::read_to_string(format!("{theme}pl.toml")).unwrap();
    let polish: Vec<String> = pieces(&polish).into_iter().map(|(_, p)| p).collect();
    // The English words that Polish does not share, long enough not to occur by chance.
    let words: Vec<(String, String)> = pieces(&english)
        .into_iter()
        .filter(|(key, piece)| {
            key != "language_name"
                && key != "date_format"
                && piece.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && !polish.contains(piece)
        })
        .collect();
    assert!(words.len() > 60, "{} English pieces", words.len());
    let mut pages = 0;
    for (path, bytes) in site.snapshot() {
        let is_polish_page =
            path.starts_with("pl") && path.extension().is_some_and(|e| e == "html");
        if !is_polish_page {
            continue;
        }
        pages += 1;
        let page = Html::parse_document(&String::from_utf8(bytes).unwrap());
        let shown = visible(&page);
        for (key, piece) in &words {
            assert!(
                !shown.contains(piece.as_str()),
                "public/{}: `{piece}` (from `{key}`) on a Polish page",
                path.display()
            );
        }
        assert!(!shown.contains(" and "), "public/{}", path.display());
    }
    assert!(pages > 20, "{pages} Polish pages");
}

#[test]
fn polish_pages_count_in_three_forms_and_date_in_the_genitive() {
    let site = two_languages();
    site.build(&[]);
    let brief = site.html("pl/briefs/2025/gas/index.html");
    assert_eq!(text(&brief, ".kicker-date time"), "13 lutego 2025");
    assert_eq!(
        text(&brief, ".byline"),
        "Autorzy: Anna Nowak i John Smith",
        "two authors"
    );
    assert_eq!(
        text(&brief, ".brief-facts div:last-child dd"),
        "2 marca 2025"
    );
    assert_eq!(text(&brief, "#brief-cite"), "Jak cytować");
    assert_eq!(
        text(&brief, ".updated"),
        "Analizę zaktualizowano 2 marca 2025."
    );
    assert_eq!(
        text(&brief, ".series-nav .section-label"),
        "Więcej w serii Spotlight"
    );
    assert_eq!(text(&brief, ".series-nav-label"), "Poprzednia: Nr 1/2025");
    let one = site.html("pl/briefs/2025/grid/index.html");
    assert_eq!(text(&one, ".byline"), "Autor: Anna Nowak", "one author");

    let archive = site.html("pl/archive/index.html");
    let counts: Vec<String> = archive
        .select(&Selector::parse(".year-list .count").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(counts, ["2 analizy", "1 analiza", "5 analiz"]);
    assert_eq!(
        text(&archive, ".lead"),
        "8 opublikowanych analiz, rok po roku."
    );
    assert_eq!(
        text(&archive, ".browse"),
        "Możesz też przeglądać analizy według serii, tematu lub autora."
    );
    let year = site.html("pl/archive/2023/index.html");
    assert_eq!(
        text(&year, ".lead"),
        "5 analiz opublikowanych w 2023 roku (strona 1 z 3)."
    );
    assert_eq!(text(&year, ".pagination-next a"), "Starsze analizy");
    let authors = site.html("pl/authors/index.html");
    assert_eq!(text(&authors, ".people-list li .count"), "8 analiz");
    let english = site.html("authors/index.html");
    let english_counts: Vec<String> = english
        .select(&Selector::parse(".people-list .count").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(english_counts, ["1 brief", "1 brief"]);
    let english_archive = site.html("archive/index.html");
    assert_eq!(
        text(&english_archive, ".lead"),
        "1 brief published by Test Institute, by year."
    );
}

#[test]
fn the_language_switch_names_each_language_in_itself() {
    let site = two_languages();
    site.build(&[]);
    let english = site.html("briefs/2025/gas/index.html");
    assert_eq!(text(&english, ".language-switch a"), "Polski");
    assert_eq!(
        text(
            &english,
            ".site-header-inner.has-languages .language-switch a"
        ),
        "Polski"
    );
    let polish = site.html("pl/briefs/2025/grid/index.html");
    assert_eq!(text(&polish, ".language-switch a"), "English");
}

#[test]
fn a_site_changes_a_string_key_by_key() {
    let site = two_languages();
    site.write(
        "i18n/pl.toml",
        "cite_this = \"Zacytuj\"\nbriefs_count = { one = \"{n} tekst\", few = \"{n} teksty\", many = \"{n} tekstów\", other = \"{n} tekstu\" }\n",
    );
    site.write("i18n/en.toml", "cite_this = \"How to cite\"\n");
    let run = site.build(&[]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let polish = site.html("pl/briefs/2025/gas/index.html");
    assert_eq!(text(&polish, "#brief-cite"), "Zacytuj");
    assert_eq!(
        text(&polish, "#brief-contents"),
        "Spis treści",
        "the theme's other keys"
    );
    let archive = site.html("pl/archive/index.html");
    assert_eq!(text(&archive, ".year-list .count"), "2 teksty");
    let english = site.html("briefs/2025/gas/index.html");
    assert_eq!(text(&english, "#brief-cite"), "How to cite");
}

#[test]
fn german_and_french_dates_and_counts() {
    let site = Site::new();
    site.write(
        "site.toml",
        "title = \"Institut\"\nbase_url = \"https://example.org\"\nlanguage = \"de\"\n\n[languages.fr]\ntitle = \"Institut\"\n",
    );
    for (i, day) in ["2025-02-13", "2025-02-14"].iter().enumerate() {
        site.write(
            &format!("content/briefs/b{i}.md"),
            &brief(&format!("Analyse {i}"), day, &["Anna Nowak"], ""),
        );
        site.write(
            &format!("content/briefs/b{i}.fr.md"),
            "+++\ntitle = \"Une analyse\"\n+++\nTexte.\n",
        );
    }
    let run = site.build(&[]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let german = site.html("briefs/2025/b0/index.html");
    assert_eq!(text(&german, ".kicker-date time"), "13. Februar 2025");
    assert_eq!(text(&german, ".byline"), "Von Anna Nowak");
    assert_eq!(text(&german, "#brief-cite"), "Diese Analyse zitieren");
    let archive = site.html("archive/index.html");
    assert_eq!(text(&archive, ".year-list .count"), "2 Analysen");
    let french = site.html("fr/briefs/2025/b0/index.html");
    assert_eq!(text(&french, ".kicker-date time"), "13 février 2025");
    assert_eq!(text(&french, ".byline"), "Par Anna Nowak");
    let archive = site.html("fr/archive/index.html");
    assert_eq!(text(&archive, ".year-list .count"), "2 analyses");
}

#[test]
fn a_language_the_theme_has_no_strings_for_is_written_with_the_english_ones() {
    let site = Site::new();
    site.write(
        "site.toml",
        "title = \"Ústav\"\nbase_url = \"https://example.org\"\nlanguage = \"cs\"\n",
    );
    site.write(
        "content/briefs/a.md",
        &brief("Zpráva", "2025-02-13", &["Jan Novák"], ""),
    );
    let run = site.build(&[]);
    assert!(
        run.stderr
            .contains("no interface strings for `cs`: its pages use the `en` ones"),
        "{}",
        run.stderr
    );
    let page = site.html("briefs/2025/a/index.html");
    assert_eq!(text(&page, "#brief-cite"), "Cite this brief");
    assert_eq!(text(&page, ".kicker-date time"), "13 února 2025");

    // A file of its own with some keys: the others are English, each named in a warning.
    site.write("i18n/cs.toml", "cite_this = \"Jak citovat\"\n");
    let run = site.build(&[]);
    assert!(
        run.stderr
            .contains("`contents` has no `cs` text: the `en` text is used"),
        "{}",
        run.stderr
    );
    let page = site.html("briefs/2025/a/index.html");
    assert_eq!(text(&page, "#brief-cite"), "Jak citovat");
    assert_eq!(text(&page, "#brief-contents"), "Contents");
}

#[test]
fn the_menu_marks_the_section_of_a_page_in_every_language() {
    let site = two_languages();
    site.build(&[]);
    let marked = |rel: &str| attrs(&site.html(rel), ".site-nav a[aria-current]", "href");
    // A brief belongs to the archive; a term to its taxonomy; a list to itself.
    assert_eq!(marked("briefs/2025/gas/index.html"), ["/archive/"]);
    assert_eq!(marked("pl/briefs/2025/grid/index.html"), ["/pl/archive/"]);
    assert_eq!(marked("pl/series/spotlight/index.html"), ["/pl/series/"]);
    assert_eq!(marked("pl/topics/index.html"), ["/pl/topics/"]);
    assert_eq!(marked("topics/energy/index.html"), ["/topics/"]);
    // The 404 page is in no section.
    assert!(marked("404.html").is_empty());
}
