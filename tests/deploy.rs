//! Deploy recipes (issue 22): each file `dossier init --ci HOST` writes validates against the
//! host's published schema (check-jsonschema's vendored GitHub-workflow and GitLab-CI schemas;
//! netlify.toml against the keys of Netlify's documented file-based configuration), installs
//! the package by its real name at this version, caches the binary and `.dossier-cache/`, and
//! its own build commands, run in a shell with the host's variables, build the site under the
//! host's address. `init --ci` in an existing site adds only that file.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::run_in;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A new site with the host's file; returns the site's folder (in `dir`) and the file's path.
fn init(dir: &Path, host: &str) -> (PathBuf, PathBuf) {
    let run = run_in(dir, &["init", "site", "--ci", host]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let site = dir.join("site");
    let file = match host {
        "github" => ".github/workflows/pages.yml",
        "gitlab" => ".gitlab-ci.yml",
        "netlify" => "netlify.toml",
        "cloudflare" => ".github/workflows/cloudflare-pages.yml",
        other => panic!("no host {other}"),
    };
    let path = site.join(file);
    assert!(path.is_file(), "{file} written: {}", run.stdout);
    (site, path)
}

/// check-jsonschema, if it is here (scripts/test-deps.sh installs it); with
/// DOSSIER_REQUIRE_SCHEMA set (by .ci/run), a missing one fails the test.
fn check_jsonschema() -> Option<&'static str> {
    let here = Command::new("check-jsonschema")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if here {
        return Some("check-jsonschema");
    }
    assert!(
        std::env::var_os("DOSSIER_REQUIRE_SCHEMA").is_none(),
        "DOSSIER_REQUIRE_SCHEMA is set, but check-jsonschema is not installed"
    );
    eprintln!(
        "SKIPPED: check-jsonschema (PyPI) is not installed; scripts/test-deps.sh installs it"
    );
    None
}

/// Validates a file against one of check-jsonschema's vendored schemas.
fn validate(schema: &str, file: &Path) {
    let Some(tool) = check_jsonschema() else {
        return;
    };
    let out = Command::new(tool)
        .args(["--builtin-schema", schema])
        .arg(file)
        .output()
        .expect("run check-jsonschema");
    assert!(
        out.status.success(),
        "{} does not validate against {schema}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text every recipe shares: the package by its real name, pinned, and the caches.
fn assert_installs_and_caches(text: &str) {
    assert!(
        text.contains("cargo install --locked dossier-ssg --version \"$DOSSIER_VERSION\"")
            || text.contains(
                "cargo install --locked --force dossier-ssg --version \"$DOSSIER_VERSION\""
            ),
        "installs the package by its name, pinned:\n{text}"
    );
    assert!(
        !text.contains("install --locked dossier --")
            && !text.contains("install --locked dossier\n"),
        "never the unrelated `dossier` crate"
    );
    assert!(
        text.contains(&format!("DOSSIER_VERSION: \"{VERSION}\""))
            || text.contains(&format!("DOSSIER_VERSION = \"{VERSION}\"")),
        "pinned to this version"
    );
    assert!(text.contains(".dossier-cache"), "caches the build cache");
}

/// Runs a recipe's build command in `site` with `sh`, the binary under test on PATH and in
/// `.dossier-bin/bin/` (as a cached install leaves it), and the host's variables.
fn run_shell(site: &Path, command: &str, vars: &[(&str, &str)]) {
    let bin_dir = site.join(".dossier-bin/bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let bin = bin_dir.join("dossier");
    if !bin.exists() {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_dossier"), &bin).unwrap();
        // A recipe that installed again, with the right version cached, would fail here.
        let cargo = bin_dir.join("cargo");
        std::fs::write(&cargo, "#!/bin/sh\necho \"cargo $* was run\" >&2\nexit 1\n").unwrap();
        let mode = std::os::unix::fs::PermissionsExt::from_mode(0o755);
        std::fs::set_permissions(&cargo, mode).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .args(["-ec", command])
        .current_dir(site)
        .env("PATH", path)
        .env("DOSSIER_VERSION", VERSION)
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "`{command}` failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The built home page links to its stylesheet (`style.{hash}.css`) under the host's
/// address's path.
fn assert_built_under(site: &Path, path: &str) {
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(
        home.contains(&format!("<link rel=\"stylesheet\" href=\"{path}style.")),
        "built under {path}:\n{home}"
    );
}

/// YAML as JSON, through the YAML 1.2 reader check-jsonschema brings (ruamel.yaml).
fn yaml(path: &Path) -> Option<serde_json::Value> {
    let script = "import json, sys\nfrom ruamel.yaml import YAML\nprint(json.dumps(YAML(typ='safe').load(open(sys.argv[1]))))";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| serde_json::from_slice(&out.stdout).expect("JSON"))
}

/// The `run` of the workflow step that builds.
fn build_step(workflow: &serde_json::Value, job: &str) -> serde_json::Value {
    workflow["jobs"][job]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("dossier build"))
        })
        .cloned()
        .expect("a step that builds")
}

#[test]
fn the_github_workflow_validates_caches_and_builds_under_the_pages_address() {
    let dir = tempfile::tempdir().unwrap();
    let (site, file) = init(dir.path(), "github");
    validate("vendor.github-workflows", &file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_installs_and_caches(&text);
    assert!(text.contains("cron:"), "rebuilds on a schedule");
    let Some(workflow) = yaml(&file) else {
        eprintln!("SKIPPED: ruamel.yaml (with check-jsonschema) is not installed");
        return;
    };
    let steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let cached: Vec<&str> = steps
        .iter()
        .filter(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .filter_map(|s| s["with"]["path"].as_str())
        .collect();
    assert_eq!(cached, ["~/.cargo/bin/dossier", ".dossier-cache"]);
    let build = build_step(&workflow, "build");
    let run = build["run"].as_str().unwrap().replace(
        "${{ steps.pages.outputs.base_url }}",
        "https://org.github.io/repo",
    );
    run_shell(&site, &run, &[]);
    assert_built_under(&site, "/repo/");
}

#[test]
fn the_cloudflare_workflow_validates_and_deploys_what_it_built_with_wrangler() {
    let dir = tempfile::tempdir().unwrap();
    let (site, file) = init(dir.path(), "cloudflare");
    validate("vendor.github-workflows", &file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_installs_and_caches(&text);
    assert!(text.contains("cron:"), "rebuilds on a schedule");
    let Some(workflow) = yaml(&file) else {
        eprintln!("SKIPPED: ruamel.yaml (with check-jsonschema) is not installed");
        return;
    };
    let steps = workflow["jobs"]["deploy"]["steps"].as_array().unwrap();
    let deploy = steps.last().unwrap();
    assert!(
        deploy["uses"]
            .as_str()
            .unwrap()
            .starts_with("cloudflare/wrangler-action@")
    );
    let command = deploy["with"]["command"].as_str().unwrap();
    assert!(command.starts_with("pages deploy public "), "{command}");
    let build = build_step(&workflow, "deploy");
    // The expression's value for a project named `briefs` without a custom domain.
    let base = build["env"]["BASE_URL"].as_str().unwrap();
    assert!(base.contains("pages.dev/"), "{base}");
    run_shell(
        &site,
        build["run"].as_str().unwrap(),
        &[("BASE_URL", "https://briefs.pages.dev/")],
    );
    assert_built_under(&site, "/");
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("https://briefs.pages.dev/"), "{home}");
}

#[test]
fn the_gitlab_pages_job_validates_caches_and_builds_under_the_pages_address() {
    let dir = tempfile::tempdir().unwrap();
    let (site, file) = init(dir.path(), "gitlab");
    validate("vendor.gitlab-ci", &file);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_installs_and_caches(&text);
    let Some(pipeline) = yaml(&file) else {
        eprintln!("SKIPPED: ruamel.yaml (with check-jsonschema) is not installed");
        return;
    };
    let pages = &pipeline["pages"];
    assert_eq!(pages["artifacts"]["paths"][0], "public");
    let cached: Vec<&str> = pages["cache"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["paths"][0].as_str().unwrap())
        .collect();
    assert_eq!(cached, [".dossier-bin/", ".dossier-cache/"]);
    for line in pages["script"].as_array().unwrap() {
        run_shell(
            &site,
            line.as_str().unwrap(),
            &[("CI_PAGES_URL", "https://group.gitlab.io/briefs")],
        );
    }
    assert_built_under(&site, "/briefs/");
}

/// The keys of Netlify's file-based configuration, as its documentation lists them
/// (docs.netlify.com, "File-based configuration").
const NETLIFY_TOP: &[&str] = &[
    "build",
    "context",
    "plugins",
    "redirects",
    "headers",
    "functions",
    "edge_functions",
    "dev",
    "images",
];
const NETLIFY_BUILD: &[&str] = &[
    "base",
    "publish",
    "command",
    "functions",
    "edge_functions",
    "ignore",
    "environment",
    "processing",
];

fn keys(table: &toml::Table) -> BTreeSet<&str> {
    table.keys().map(String::as_str).collect()
}

#[test]
fn netlify_toml_uses_netlifys_keys_and_its_commands_build_under_each_address() {
    let dir = tempfile::tempdir().unwrap();
    let (site, file) = init(dir.path(), "netlify");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_installs_and_caches(&text);
    let config: toml::Table = toml::from_str(&text).expect("netlify.toml is TOML");
    let allowed = |set: &[&'static str]| set.iter().copied().collect::<BTreeSet<&str>>();
    assert!(
        keys(&config).is_subset(&allowed(NETLIFY_TOP)),
        "{:?}",
        keys(&config)
    );
    let build = config["build"].as_table().unwrap();
    assert!(
        keys(build).is_subset(&allowed(NETLIFY_BUILD)),
        "{:?}",
        keys(build)
    );
    assert_eq!(build["publish"].as_str(), Some("public"));
    assert_eq!(
        build["environment"]["DOSSIER_VERSION"].as_str(),
        Some(VERSION)
    );
    for (name, context) in config["context"].as_table().unwrap() {
        let context = context.as_table().unwrap();
        assert!(keys(context).is_subset(&allowed(NETLIFY_BUILD)), "{name}");
    }
    let plugins = config["plugins"].as_array().unwrap();
    for plugin in plugins {
        let plugin = plugin.as_table().unwrap();
        assert!(keys(plugin).is_subset(&allowed(&["package", "inputs"])));
    }
    let cache = plugins
        .iter()
        .find(|p| p["package"].as_str() == Some("netlify-plugin-cache"))
        .expect("the cache plugin");
    let paths: Vec<&str> = cache["inputs"]["paths"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert_eq!(paths, [".dossier-bin", ".dossier-cache"]);
    // The production build under $URL; the deploy preview under its own, with drafts.
    let command = build["command"].as_str().unwrap();
    run_shell(&site, command, &[("URL", "https://briefs.netlify.app")]);
    assert_built_under(&site, "/");
    let preview = config["context"]["deploy-preview"]["command"]
        .as_str()
        .unwrap();
    assert!(preview.contains("--drafts") && preview.contains("$DEPLOY_PRIME_URL"));
    run_shell(
        &site,
        preview,
        &[(
            "DEPLOY_PRIME_URL",
            "https://deploy-preview-3--briefs.netlify.app",
        )],
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("https://deploy-preview-3--briefs.netlify.app/"));
}

#[test]
fn init_ci_in_an_existing_site_adds_only_that_file_and_never_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["init", "site"]).code, 0);
    let site = dir.path().join("site");
    let files = |root: &Path| -> BTreeSet<PathBuf> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
            .collect()
    };
    let before = files(&site);
    let about = std::fs::read_to_string(site.join("content/pages/about.md")).unwrap();
    std::fs::write(
        site.join("content/pages/about.md"),
        format!("{about}\nEdited.\n"),
    )
    .unwrap();
    let run = run_in(&site, &["init", ".", "--ci", "gitlab"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let added: Vec<PathBuf> = files(&site).difference(&before).cloned().collect();
    assert_eq!(added, [PathBuf::from(".gitlab-ci.yml")]);
    assert!(
        run.stdout.contains("created .gitlab-ci.yml"),
        "{}",
        run.stdout
    );
    assert!(
        std::fs::read_to_string(site.join("content/pages/about.md"))
            .unwrap()
            .ends_with("Edited.\n"),
        "nothing else touched"
    );
    // From outside the site too, and a second time: the file is kept, with a message.
    let again = run_in(dir.path(), &["init", "site", "--ci", "gitlab"]);
    assert_eq!(again.code, 2, "{}", again.stdout);
    assert!(
        again.stderr.contains(".gitlab-ci.yml already exists"),
        "{}",
        again.stderr
    );
    let netlify = run_in(dir.path(), &["init", "site", "--ci", "netlify"]);
    assert_eq!(netlify.code, 0, "{}", netlify.stderr);
    assert!(site.join("netlify.toml").is_file());
}
