//! `dossier cms` without a browser (issue 22): the configuration follows the model (every
//! taxonomy, the languages, the `[cms]` settings), is written again after site.toml changes,
//! `check` warns while it is out of date, a hand-edited file is not replaced without --force;
//! and the file names Decap CMS writes (`NAME.en.md`) are read as the originals they are.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Site, brief};

const TWO_LANGUAGES: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org/think\"\n\n[publisher]\nname = \"Test Institute\"\n\n[languages.pl]\ntitle = \"Instytut\"\n\n[[taxonomies]]\nname = \"regions\"\n";

/// The YAML file as JSON, through python3's YAML reader (ruamel.yaml, which check-jsonschema
/// brings, or PyYAML); None, after saying so, when neither is here.
fn yaml(path: &Path) -> Option<serde_json::Value> {
    let script = "import json, sys\ntry:\n    from ruamel.yaml import YAML\n    load = YAML(typ='safe').load\nexcept ImportError:\n    import yaml\n    load = yaml.safe_load\nprint(json.dumps(load(open(sys.argv[1]))))";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("SKIPPED: no YAML reader for python3 (scripts/test-deps.sh installs one)");
        return None;
    }
    Some(serde_json::from_slice(&out.stdout).expect("JSON"))
}

fn names(list: &serde_json::Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect()
}

fn site() -> Site {
    let site = Site::new();
    site.write("site.toml", TWO_LANGUAGES);
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha", "2025-01-10", &["Ann Lee"], ""),
    );
    site
}

#[test]
fn the_configuration_describes_the_model_and_follows_it_when_site_toml_changes() {
    let site = site();
    let run = site.run(&["cms"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["config.yml", "index.html", "preview.html"] {
        assert!(
            run.stdout.contains(&format!("created static/admin/{file}")),
            "{}",
            run.stdout
        );
    }
    // The original named NAME.md: Decap cannot open it, and `cms` says so.
    assert!(run.stderr.contains("--rename-originals"), "{}", run.stderr);
    let Some(config) = yaml(&site.path("static/admin/config.yml")) else {
        return;
    };
    let collections = &config["collections"];
    assert_eq!(
        names(collections),
        ["briefs", "authors", "topics", "series", "regions", "pages"]
    );
    let briefs = &collections[0];
    assert_eq!(briefs["folder"], "content/briefs");
    assert_eq!(briefs["format"], "toml-frontmatter");
    assert_eq!(
        briefs["path"],
        "{{year}}/{{year}}-{{month}}-{{day}}-{{slug}}/index"
    );
    assert_eq!(
        (
            briefs["media_folder"].as_str(),
            briefs["public_folder"].as_str()
        ),
        (Some(""), Some(""))
    );
    let fields = names(&briefs["fields"]);
    for field in [
        "title",
        "date",
        "authors",
        "topics",
        "series",
        "number",
        "regions",
        "summary",
        "pdf",
        "image",
        "draft",
        "publish_at",
        "aliases",
        "body",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let field = |name: &str| {
        briefs["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(field("authors")["widget"], "relation");
    assert_eq!(field("authors")["collection"], "authors");
    assert_eq!(field("authors")["multiple"], true);
    assert_eq!(field("series")["multiple"], false);
    assert_eq!(field("regions")["collection"], "regions");
    assert_eq!(
        field("date")["i18n"],
        false,
        "a translation takes the original's date"
    );
    assert_eq!(field("title")["i18n"], true);
    // A brief's own image for links: a file uploaded beside the brief (the collection's media
    // folder), optional, and its own in each language (a translation without one shows the
    // original's).
    let image = field("image");
    assert_eq!(image["widget"], "image");
    assert_eq!(image["required"], false);
    assert_eq!(image["i18n"], true);
    assert_eq!(
        image["choose_url"], false,
        "a file of the bundle, not a URL"
    );
    assert!(
        image["hint"].as_str().unwrap().contains("1200 × 630"),
        "{image}"
    );
    assert_eq!(config["i18n"]["structure"], "multiple_files");
    assert_eq!(config["i18n"]["locales"], serde_json::json!(["en", "pl"]));
    assert_eq!(config["site_url"], "https://example.org/think");
    assert_eq!(config["backend"]["name"], "git-gateway");
    let index = std::fs::read_to_string(site.path("static/admin/index.html")).unwrap();
    assert!(
        index.contains("<script src=\"https://unpkg.com/decap-cms@"),
        "the CDN by default"
    );
    assert!(
        index.contains("identity.netlify.com"),
        "git-gateway logs in through Netlify Identity"
    );

    // Unchanged model: nothing rewritten, and `check` is quiet about it.
    let again = site.run(&["cms"]);
    assert!(
        again.stdout.contains("kept    static/admin/config.yml"),
        "{}",
        again.stdout
    );
    assert!(!site.run(&["check"]).stderr.contains("config.yml"));
    // A language and a taxonomy added, the script hosted by the site: `check` warns until
    // `cms` runs again.
    site.write(
        "site.toml",
        &format!("{TWO_LANGUAGES}\n[[taxonomies]]\nname = \"programmes\"\n\n[languages.de]\ntitle = \"Institut\"\n\n[cms]\nscript = \"/admin/decap-cms.js\"\nbackend = \"github\"\nrepo = \"institute/site\"\n"),
    );
    let check = site.run(&["check"]);
    assert!(
        check.stderr.contains("static/admin/config.yml")
            && check.stderr.contains("older site.toml"),
        "{}",
        check.stderr
    );
    let update = site.run(&["cms"]);
    assert_eq!(update.code, 0, "{}", update.stderr);
    assert!(
        update.stdout.contains("updated static/admin/config.yml"),
        "{}",
        update.stdout
    );
    assert!(!site.run(&["check"]).stderr.contains("config.yml"));
    let config = yaml(&site.path("static/admin/config.yml")).unwrap();
    assert_eq!(
        config["i18n"]["locales"],
        serde_json::json!(["en", "de", "pl"])
    );
    assert!(names(&config["collections"]).contains(&"programmes"));
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "institute/site");
    let index = std::fs::read_to_string(site.path("static/admin/index.html")).unwrap();
    assert!(
        index.contains("<script src=\"/admin/decap-cms.js\"></script>"),
        "{index}"
    );
    assert!(!index.contains("identity.netlify.com"));
}

#[test]
fn a_configuration_edited_by_hand_is_replaced_only_with_force() {
    let site = site();
    assert_eq!(site.run(&["cms"]).code, 0);
    let path = site.path("static/admin/config.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("branch: \"main\"", "branch: \"publish\""),
    )
    .unwrap();
    let refused = site.run(&["cms"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("static/admin/config.yml") && refused.stderr.contains("--force")
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"publish\""),
        "kept as edited"
    );
    let forced = site.run(&["cms", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("branch: \"main\"")
    );
}

#[test]
fn cms_settings_are_checked_at_their_line() {
    let site = site();
    site.write(
        "site.toml",
        &format!("{TWO_LANGUAGES}\n[cms]\nbackend = \"bitbucket\"\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("not a backend Dossier knows"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("site.toml:14:11"),
        "at its line: {}",
        run.stderr
    );
    site.write(
        "site.toml",
        &format!("{TWO_LANGUAGES}\n[cms]\nbackend = \"github\"\n"),
    );
    let run = site.run(&["cms"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("repo = \\\"OWNER/NAME\\\"")
            || run.stderr.contains("repo = \"OWNER/NAME\""),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_named_for_the_default_language_is_the_original_and_both_names_are_an_error() {
    let site = site();
    site.write(
        "content/briefs/2025/a.pl.md",
        "+++\ntitle = \"Alfa\"\n+++\nTekst.\n",
    );
    site.build(&[]);
    // The pages, not the marker: its build id names every file written, and `cms` adds
    // static/admin/.
    let pages = |mut snapshot: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>| {
        snapshot
            .retain(|path, _| !path.starts_with("admin") && path.as_os_str() != ".dossier-output");
        snapshot
    };
    let before = pages(site.snapshot());
    // What Decap CMS writes: NAME.en.md. The same site.
    let renamed = site.run(&["cms", "--rename-originals"]);
    assert_eq!(renamed.code, 0, "{}", renamed.stderr);
    assert!(
        renamed
            .stdout
            .contains("renamed content/briefs/2025/a.md -> a.en.md"),
        "{}",
        renamed.stdout
    );
    assert!(site.path("content/briefs/2025/a.en.md").is_file());
    site.build(&[]);
    let after = pages(site.snapshot());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    assert!(after == before, "the same pages");
    // A translation of an original named for its language.
    let run = site.run(&[
        "new",
        "translation",
        "content/briefs/2025/a.en.md",
        "--lang",
        "pl",
    ]);
    assert_eq!(run.code, 2, "a.pl.md is there already: {}", run.stderr);
    site.remove("content/briefs/2025/a.pl.md");
    let run = site.run(&[
        "new",
        "translation",
        "content/briefs/2025/a.en.md",
        "--lang",
        "pl",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path("content/briefs/2025/a.pl.md").is_file());
    // Both names at once: one error naming both files.
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha", "2025-01-10", &["Ann Lee"], ""),
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "content/briefs/2025/a.md and content/briefs/2025/a.en.md are the same version"
        ),
        "{}",
        check.stderr
    );
}

/// `new` names a new original as the site's originals are named: `NAME.en.md` (and a bundle's
/// `index.en.md`) where Decap CMS's names are the site's, `NAME.md` elsewhere; never beside
/// an original of the other name.
#[test]
fn new_originals_are_named_as_the_sites_originals_are() {
    let site = site();
    let new = |args: &[&str]| {
        let mut all = vec!["new"];
        all.extend_from_slice(args);
        let run = site.run(&all);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.stdout.trim().to_string()
    };
    // Plain names: plain names.
    assert_eq!(
        new(&["brief", "Plain One", "--date", "2025-02-01"]),
        "content/briefs/2025/2025-02-01-plain-one.md"
    );
    site.remove("content/briefs/2025/2025-02-01-plain-one.md");
    // Named by Decap CMS (the originals renamed as it names them): named so too.
    let renamed = site.run(&["cms", "--rename-originals"]);
    assert_eq!(renamed.code, 0, "{}", renamed.stderr);
    assert!(site.path("content/briefs/2025/a.en.md").is_file());
    assert_eq!(
        new(&["brief", "Next Steps", "--date", "2025-03-01"]),
        "content/briefs/2025/2025-03-01-next-steps.en.md"
    );
    assert_eq!(
        new(&["brief", "With Pictures", "--date", "2025-03-02", "--bundle"]),
        "content/briefs/2025/2025-03-02-with-pictures/index.en.md"
    );
    assert_eq!(
        new(&["author", "Eve Stone"]),
        "content/authors/eve-stone.en.md"
    );
    // The new brief is an original: its translation is NAME.pl.md beside it, and the site
    // checks with both (placeholder text is only a warning).
    new(&[
        "translation",
        "content/briefs/2025/2025-03-01-next-steps.en.md",
        "--lang",
        "pl",
    ]);
    assert!(
        site.path("content/briefs/2025/2025-03-01-next-steps.pl.md")
            .is_file()
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // An original of the other name is the same file: refused.
    site.write(
        "content/briefs/2025/2025-04-01-taken.md",
        &brief("Taken", "2025-04-01", &["Ann Lee"], ""),
    );
    let taken = site.run(&["new", "brief", "Taken", "--date", "2025-04-01"]);
    assert_eq!(taken.code, 2, "{}", taken.stderr);
    assert!(
        taken
            .stderr
            .contains("content/briefs/2025/2025-04-01-taken.md already exists"),
        "{}",
        taken.stderr
    );
}
