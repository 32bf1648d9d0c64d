//! The accessibility check (issue 12, item 21) on a fixture site: `scripts/a11y.mjs` runs
//! axe-core in Debian's Chromium over every kind of page and passes on the default theme, and it
//! fails when a site's `custom.css` takes the underline off links in running text, which is
//! what axe-core reported before the theme's fix (`link-in-text-block`). Skipped where Chromium,
//! node or the npm packages are missing, unless `DOSSIER_REQUIRE_BROWSER=1` (set by `.ci/run`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Run, Site, brief};

/// `NODE_PATH` for the harness, or why it cannot run.
fn harness() -> Result<PathBuf, String> {
    let modules = std::env::var_os("DOSSIER_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/node/node_modules"));
    let chromium = std::env::var_os("CHROMIUM").map_or("/usr/bin/chromium".into(), PathBuf::from);
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("node is not installed".into());
    }
    if !chromium.exists() {
        return Err(format!("{} is not installed", chromium.display()));
    }
    for package in ["playwright-core", "axe-core"] {
        if !modules.join(package).exists() {
            return Err(format!("npm's {package} is not in {}", modules.display()));
        }
    }
    Ok(modules)
}

fn axe(modules: &Path, site: &Site, base: &str) -> Run {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/a11y.mjs");
    Command::new("node")
        .arg(script)
        .arg(site.path("public"))
        .arg(base)
        .env("NODE_PATH", modules)
        .output()
        .expect("run node")
        .into()
}

/// Every kind of page: a brief with a series (its kicker links it), footnotes and a byline,
/// profiles, a declared taxonomy, a Polish version, and listings long enough for page 2.
fn fixture() -> Site {
    let site = Site::new();
    site.write(
        "site.toml",
        &format!(
            "{}\n[pagination]\nper_page = 2\n\n[[taxonomies]]\nname = \"regions\"\n\n[languages.pl]\ntitle = \"Instytut\"\n",
            common::SITE_TOML.replace("https://example.org", "https://example.org/think")
        ),
    );
    for (day, title) in [("01", "Alpha"), ("02", "Beta"), ("03", "Gamma")] {
        let extra = format!(
            "topics = [\"Energy\"]\nseries = \"Spotlight\"\nnumber = {}\nregions = [\"Baltic States\"]\n",
            day.trim_start_matches('0')
        );
        let text = brief(
            title,
            &format!("2025-03-{day}"),
            &["Ann Lee", "Bo Chan"],
            &extra,
        )
        .replace(
            "Text.",
            "Text with a [link](/about/) and a note.[^1]\n\n[^1]: The source.",
        );
        site.write(
            &format!(
                "content/briefs/2025/2025-03-{day}-{}.md",
                title.to_lowercase()
            ),
            &text,
        );
    }
    site.write(
        "content/briefs/2025/2025-03-01-alpha.pl.md",
        "+++\ntitle = \"Alfa\"\n+++\nTekst z [odnośnikiem](/about/).\n",
    );
    site.write("content/authors/ann-lee.md", "+++\nname = \"Ann Lee\"\nrole = \"Fellow\"\n+++\nAnn writes about [energy](/topics/energy/).\n");
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\nAbout us.\n",
    );
    site
}

#[test]
fn axe_finds_no_serious_violation_on_any_kind_of_page_and_catches_colour_only_links() {
    let modules = match harness() {
        Ok(modules) => modules,
        Err(missing) if std::env::var_os("DOSSIER_REQUIRE_BROWSER").is_none() => {
            eprintln!(
                "skipped: the accessibility test needs Chromium, node and npm packages: {missing}"
            );
            return;
        }
        Err(missing) => panic!("DOSSIER_REQUIRE_BROWSER is set, but {missing}"),
    };
    let site = fixture();
    site.build(&[]);
    let clean = axe(&modules, &site, "/think/");
    assert_eq!(clean.code, 0, "{}\n{}", clean.stdout, clean.stderr);
    for kind in [
        "(briefs/N/*)",
        "(authors/*)",
        "(topics/*)",
        "(series/*)",
        "(regions/*)",
        "(archive/N)",
        "(page/N)",
        "(series/*/page/N)",
        "(search)",
        "(pl/briefs/N/*)",
        "(missing page)",
    ] {
        assert!(
            clean.stdout.contains(kind),
            "{kind} not sampled:\n{}",
            clean.stdout
        );
    }
    assert!(
        clean.stdout.contains(", 0 serious or critical violations"),
        "{}",
        clean.stdout
    );
    // The links of the brief's kicker told apart by colour alone, as before the theme's fix.
    site.write(
        "static/custom.css",
        ".kicker a { text-decoration: none; }\n",
    );
    site.build(&[]);
    let failing = axe(&modules, &site, "/think/");
    assert_eq!(failing.code, 1, "{}\n{}", failing.stdout, failing.stderr);
    assert!(
        failing.stdout.contains("serious: link-in-text-block"),
        "{}",
        failing.stdout
    );
    assert!(
        failing.stdout.contains("FAIL /think/briefs/2025/"),
        "{}",
        failing.stdout
    );
}
