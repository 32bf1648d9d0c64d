//! Imports honour `[content] front_matter = "yaml"`: what `import docx` and `import wordpress`
//! write on such a site has YAML front matter (`---`), passes `check`, and builds the same
//! pages as the TOML the same import writes on a TOML site.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Site;
use saphyr::LoadableYamlNode;

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(rel)
        .display()
        .to_string()
}

/// A site without PDFs, writing YAML or TOML, with everything imported into it.
fn imported(yaml: bool) -> Site {
    let site = Site::without_pdfs();
    if yaml {
        let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
        site.write(
            "site.toml",
            &format!("{toml}\n[content]\nfront_matter = \"yaml\"\n"),
        );
    }
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\n+++\n",
    );
    let docx = fixture("docx/libreoffice/libreoffice-brief.docx");
    let parts = fixture("docx/libreoffice/libreoffice-parts.docx");
    let run = site.run(&["import", "docx", &docx, &parts, "--series", "Spotlight"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let export = fixture("wordpress/export.xml");
    let uploads = fixture("wordpress/uploads");
    let run = site.run(&["import", "wordpress", &export, "--uploads", &uploads]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// Every Markdown file the imports wrote, by path, with its text.
fn markdown(site: &Site) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !e.path().ends_with("authors/ann-lee.md"))
        .map(|e| {
            let rel = e.path().strip_prefix(site.root()).unwrap().to_path_buf();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_yaml_site_gets_yaml_front_matter_from_both_importers_and_the_same_pages() {
    let yaml = imported(true);
    let toml = imported(false);
    let (yaml_files, toml_files) = (markdown(&yaml), markdown(&toml));
    assert_eq!(
        yaml_files.keys().collect::<Vec<_>>(),
        toml_files.keys().collect::<Vec<_>>(),
        "the same files"
    );
    assert!(yaml_files.len() > 15, "{:?}", yaml_files.keys());
    for (rel, text) in &yaml_files {
        let front = text
            .strip_prefix("---\n")
            .and_then(|t| t.split_once("\n---\n"))
            .unwrap_or_else(|| panic!("{}: no YAML front matter:\n{text}", rel.display()))
            .0;
        let docs = saphyr::Yaml::load_from_str(front)
            .unwrap_or_else(|e| panic!("{}: {e}\n{front}", rel.display()));
        assert!(docs[0].is_mapping(), "{}: {front}", rel.display());
        assert!(toml_files[rel].starts_with("+++\n"), "{}", rel.display());
    }
    for kind in [
        "briefs/2024/",
        "briefs/2023/",
        "authors/",
        "topics/",
        "pages/",
    ] {
        assert!(
            yaml_files
                .keys()
                .any(|p| p.display().to_string().contains(kind)),
            "nothing imported under {kind}: {:?}",
            yaml_files.keys()
        );
    }
    let check = yaml.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    yaml.build(&[]);
    toml.build(&[]);
    let pages = |site: &Site| -> BTreeMap<PathBuf, Vec<u8>> {
        site.snapshot()
            .into_iter()
            .filter(|(p, _)| p.extension().is_some_and(|x| x == "html"))
            .collect()
    };
    let (yaml_pages, toml_pages) = (pages(&yaml), pages(&toml));
    assert!(yaml_pages.len() > 20, "{}", yaml_pages.len());
    for (path, bytes) in &toml_pages {
        assert!(
            yaml_pages.get(path) == Some(bytes),
            "{} differs between the YAML and the TOML site",
            path.display()
        );
    }
    assert_eq!(yaml_pages.len(), toml_pages.len());
}
