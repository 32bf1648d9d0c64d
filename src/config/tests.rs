//! Unit tests of `site.toml`'s loading: taxonomies, search, PDFs, the publisher.

use super::*;

fn load(extra: &str) -> Result<Config> {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("title = \"T\"\nbase_url = \"https://example.org\"\n{extra}");
    std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
    Config::load(dir.path(), &Overrides::default())
}

#[test]
fn declared_taxonomies_follow_the_built_in_ones() {
    let config = load(
        "[[taxonomies]]\nname = \"regions\"\nsingular = \"Region\"\n\n[[taxonomies]]\nname = \"publication-types\"\nfeed = false\n",
    )
    .unwrap();
    let names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "authors",
            "topics",
            "series",
            "regions",
            "publication-types"
        ]
    );
    assert_eq!(config.taxonomies[3].title, "Regions");
    assert_eq!(config.taxonomies[3].singular, "Region");
    assert_eq!(config.taxonomies[4].title, "Publication types");
    assert!(!config.taxonomies[4].feed);
}

#[test]
fn pdf_settings_default_to_a4_and_refuse_unknown_keys() {
    let config = load("").unwrap();
    assert_eq!(config.pdf, PdfSettings::default());
    assert_eq!(config.generates_pdf(), cfg!(feature = "pdf"));
    let config = load("[pdf]\ngenerate = false\npaper = \"us-letter\"\n").unwrap();
    assert!(!config.generates_pdf());
    assert_eq!(config.pdf.paper.typst_name(), "us-letter");
    for bad in ["[pdf]\npaper = \"a5\"\n", "[pdf]\ngenrate = false\n"] {
        let Err(Error::Content(problems)) = load(bad) else {
            panic!("{bad} was accepted");
        };
        assert_eq!(problems[0].line, 4, "{}", problems[0]);
    }
}

#[test]
fn search_is_on_by_default_and_exclude_names_what_is_indexed() {
    let search = load("").unwrap().search;
    assert!(search.enabled && search.briefs && search.pages);
    let search = load("[search]\nexclude = [\"pages\"]\n").unwrap().search;
    assert!(search.enabled && search.briefs && !search.pages);
    assert!(!load("[search]\nenabled = false\n").unwrap().search.enabled);
    let Err(Error::Content(problems)) = load("[search]\nexclude = [\"authors\"]\n") else {
        panic!("an unknown kind was accepted");
    };
    assert!(problems[0].message.contains("`authors`"), "{}", problems[0]);
    assert_eq!(problems[0].line, 4);
}

#[test]
fn taxonomy_names_that_clash_are_errors_at_their_line() {
    for name in ["topics", "title", "archive", "Has Space"] {
        let Err(Error::Content(problems)) = load(&format!("\n[[taxonomies]]\nname = \"{name}\"\n"))
        else {
            panic!("`{name}` was accepted");
        };
        assert_eq!(problems[0].line, 5, "{name}: {}", problems[0]);
    }
    let Err(Error::Content(problems)) = load("[[taxonomies]]\nname = \"regions\"\ntitel = \"R\"\n")
    else {
        panic!("an unknown key was accepted");
    };
    assert!(
        problems[0]
            .message
            .contains("did you mean `taxonomies.title`"),
        "{}",
        problems[0]
    );
    assert_eq!(problems[0].line, 5);
}

#[test]
fn publisher_ror_is_kept_as_a_url_and_checked() {
    let config = load("[publisher]\nname = \"P\"\nror = \"05gq02987\"\n").unwrap();
    assert_eq!(
        config.publisher.ror.as_deref(),
        Some("https://ror.org/05gq02987")
    );
    assert_eq!(config.publisher.report_type, "Policy Brief");
    let Err(Error::Content(problems)) = load("[publisher]\nname = \"P\"\n\nror = \"not a ror\"\n")
    else {
        panic!("a bad ROR ID was accepted");
    };
    assert_eq!(problems[0].line, 6, "{}", problems[0]);
    assert!(load("[publisher]\nname = \"P\"\nreport_type = \" \"\n").is_err());
}

/// `site.toml`'s one schema is `RawConfig`: every table it nests (a struct, a list of tables, a
/// table per language) has its keys checked, and every unknown key is reported in one run,
/// each at its line with a suggestion.
#[test]
fn every_unknown_key_at_every_depth_in_one_run() {
    let Err(Error::Content(problems)) = load(concat!(
        "descripton = \"D\"\n",
        "[publisher]\nname = \"I\"\nlgoo = \"l.svg\"\n",
        "[search]\nenabeld = false\n",
        "[[taxonomies]]\nname = \"regions\"\nsingluar = \"Region\"\n",
        "[languages.pl]\ntitel = \"T\"\n",
        "[extra]\nanything = 1\n",
    )) else {
        panic!("the unknown keys were accepted");
    };
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    for (line, wanted) in [
        (3, "unknown field `descripton`, did you mean `description`?"),
        (
            6,
            "unknown field `publisher.lgoo`, did you mean `publisher.logo`?",
        ),
        (
            8,
            "unknown field `search.enabeld`, did you mean `search.enabled`?",
        ),
        (
            11,
            "unknown field `taxonomies.singluar`, did you mean `taxonomies.singular`?",
        ),
        (
            13,
            "unknown field `languages.pl.titel`, did you mean `languages.pl.title`?",
        ),
    ] {
        assert!(
            found.contains(&(line, wanted)),
            "{wanted} at {line}: {found:?}"
        );
    }
    assert_eq!(problems.len(), 5, "{found:?}");
}
