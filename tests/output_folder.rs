//! The output folder: `check` and `build` refuse the same folders at the setting, report an
//! unreadable file by its source and an output that cannot be written, follow symbolic links
//! inside the site only, and publish the dotfiles of `static/` hosts read.
mod common;

use std::fs;
use std::path::Path;

use common::{Run, Site, as_user, assert_no_staging, assert_site, brief, chmod, give_to_user};

/// `site.toml` with `output_dir = VALUE` on line 3, its value at column 14.
fn with_output_dir(value: &str) -> Site {
    let site = Site::new();
    let toml = fs::read_to_string(site.path("site.toml")).unwrap();
    let (first, rest) = toml.split_at(toml.find("\n\n").unwrap() + 1);
    site.write(
        "site.toml",
        &format!("{first}output_dir = {value:?}\n{rest}"),
    );
    site.write(
        "content/briefs/2025/2025-06-01-bundle/index.md",
        &brief("Bundle", "2025-06-01", &["Ann Lee"], ""),
    );
    site.write("content/briefs/2025/2025-06-01-bundle/chart.svg", "<svg/>");
    site
}

/// Panics unless `check` and `build` both fail, each saying `says` with a `help` line, and
/// both placing the problem at `at` (`path:line:col`).
fn both_refuse(check: &Run, build: &Run, at: &str, says: &str) {
    for (command, run) in [("check", check), ("build", build)] {
        let all = format!("{command}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.code, 1, "{all}");
        assert!(run.stderr.contains(says), "{all}");
        assert!(run.stderr.contains(at), "{all}");
        assert!(run.stderr.contains("help"), "{all}");
        assert!(!run.stderr.contains("dossier-staging"), "{all}");
    }
    assert!(
        build.stderr.contains(&format!("{at}: error: ")),
        "{}",
        build.stderr
    );
}

#[test]
fn check_and_build_refuse_the_same_output_folders_at_the_setting() {
    for (value, says) in [
        ("/", "holds the site itself"),
        (".", "holds the site itself"),
        ("..", "holds the site itself"),
        ("content", "inside the site's content/ folder"),
        ("static/site", "inside the site's static/ folder"),
    ] {
        let site = with_output_dir(value);
        let check = site.run(&["check"]);
        let build = site.run(&["build"]);
        both_refuse(&check, &build, "site.toml:3:14", says);
        let parent = site.root().parent().unwrap();
        for folder in [site.root(), parent, Path::new("/")] {
            let left = fs::read_dir(folder).unwrap().filter_map(Result::ok);
            let names: Vec<String> = left
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n == ".dossier-output" || n.ends_with(".dossier-staging"))
                .collect();
            assert!(names.is_empty(), "{value}: {names:?} in {folder:?}");
        }
    }

    let site = with_output_dir("mine");
    site.write("mine/keep.txt", "precious");
    let (check, build) = (site.run(&["check"]), site.run(&["build"]));
    both_refuse(&check, &build, "site.toml:3:14", "not written by Dossier");
    assert_eq!(
        fs::read_to_string(site.path("mine/keep.txt")).unwrap(),
        "precious"
    );
    assert_eq!(fs::read_dir(site.path("mine")).unwrap().count(), 1);

    // Named on the command line: the same refusal, placed at the folder.
    let site = with_output_dir("public");
    site.write("mine/keep.txt", "precious");
    let build = site.run(&["build", "--output", "mine"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build.stderr.contains("--output: the output folder"),
        "{}",
        build.stderr
    );
    assert!(
        build.stderr.contains("not written by Dossier"),
        "{}",
        build.stderr
    );
}

#[test]
fn check_and_build_report_an_unreadable_file_by_its_source() {
    let site = with_output_dir("public");
    give_to_user(&site);
    let first = as_user(&site, &["build"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let old = site.snapshot();
    site.write(
        "content/briefs/2025/2025-06-01-bundle/chart.svg",
        "<svg><g/></svg>",
    );
    let chart = site.path("content/briefs/2025/2025-06-01-bundle/chart.svg");
    give_to_user(&site);
    chmod(&chart, 0o000);
    let (check, build) = (as_user(&site, &["check"]), as_user(&site, &["build"]));
    let at = "content/briefs/2025/2025-06-01-bundle/chart.svg:1:1";
    both_refuse(&check, &build, at, "cannot read this file");
    assert!(
        build.stderr.contains("nothing was written"),
        "{}",
        build.stderr
    );
    assert_site(&site.snapshot(), &old, "after the refused build");
    assert_no_staging(&site, true, "after the refused build");
}

#[test]
fn check_and_build_refuse_an_output_folder_that_cannot_be_written() {
    let site = with_output_dir("public");
    give_to_user(&site);
    let first = as_user(&site, &["build"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let old = site.snapshot();
    chmod(&site.path("public"), 0o555);
    site.write(
        "content/briefs/2025/2025-06-01-bundle/index.md",
        &brief("Bundle, revised", "2025-06-01", &["Ann Lee"], ""),
    );
    give_to_user(&site);
    let (check, build) = (as_user(&site, &["check"]), as_user(&site, &["build"]));
    both_refuse(&check, &build, "site.toml:3:14", "cannot be written");
    assert_site(&site.snapshot(), &old, "after the refused build");
    assert_no_staging(&site, true, "after the refused build");
    chmod(&site.path("public"), 0o755);
}

#[test]
fn symbolic_links_inside_the_site_are_followed_and_others_reported() {
    use std::os::unix::fs::symlink;
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "not for publication").unwrap();
    fs::write(
        outside.path().join("stray.md"),
        brief("Stray", "2025-01-01", &["Ann Lee"], ""),
    )
    .unwrap();
    site.write(
        "content/briefs/2025/2025-03-01-real.md",
        &brief("Real", "2025-03-01", &["Ann Lee"], ""),
    );
    site.write(
        "shared/2025-03-02-linked.md",
        &brief("Linked File", "2025-03-02", &["Ann Lee"], ""),
    );
    site.write(
        "archive-src/2024/2024-05-01-old.md",
        &brief("Linked Folder", "2024-05-01", &["Ann Lee"], ""),
    );
    let theme = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/page.html"
    );
    let page = fs::read_to_string(theme).unwrap();
    site.write(
        "theme-src/page.html",
        &page.replacen("</article>", "<p>Linked template.</p></article>", 1),
    );
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\nUs.\n",
    );
    site.write("assets/logo.svg", "<svg/>");
    fs::create_dir_all(site.path("static")).unwrap();
    fs::create_dir_all(site.path("templates")).unwrap();
    let link = |to: &Path, at: &str| symlink(to, site.path(at)).unwrap();
    link(
        Path::new("../../../shared/2025-03-02-linked.md"),
        "content/briefs/2025/2025-03-02-linked.md",
    );
    link(Path::new("../../archive-src/2024"), "content/briefs/2024");
    link(
        &outside.path().join("stray.md"),
        "content/briefs/2025/2025-01-01-stray.md",
    );
    link(Path::new("../theme-src/page.html"), "templates/page.html");
    link(Path::new("../assets/logo.svg"), "static/logo.svg");
    link(&outside.path().join("secret.txt"), "static/secret.txt");
    link(Path::new("nowhere.css"), "static/broken.css");

    let run = site.build(&[]);
    assert!(site.exists("briefs/2025/real/index.html"));
    assert!(
        site.exists("briefs/2025/linked/index.html"),
        "a link to a file"
    );
    assert!(
        site.exists("briefs/2024/old/index.html"),
        "a link to a folder"
    );
    assert!(site.output("about/index.html").contains("Linked template."));
    assert_eq!(site.output("logo.svg"), "<svg/>");
    assert!(!site.exists("secret.txt") && !site.exists("briefs/2025/stray/index.html"));
    assert!(!site.exists("broken.css"));
    for said in [
        "content/briefs/2025/2025-01-01-stray.md:1:1: warning: the symbolic link `content/briefs/2025/2025-01-01-stray.md` leads outside the site",
        "static/secret.txt:1:1: warning: the symbolic link `static/secret.txt` leads outside the site",
        "static/broken.css:1:1: warning: the symbolic link `static/broken.css` leads nowhere",
    ] {
        assert!(run.stderr.contains(said), "{said}\n{}", run.stderr);
    }
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    for said in ["static/secret.txt", "2025-01-01-stray.md", "broken.css"] {
        assert!(check.stderr.contains(said), "{said}\n{}", check.stderr);
    }
    assert_eq!(
        check.stderr.matches("leads outside the site").count(),
        2,
        "{}",
        check.stderr
    );
}

#[test]
fn dotfiles_in_static_are_published_but_not_version_control_or_editor_files() {
    let site = Site::new();
    site.write(
        "content/briefs/2025/2025-03-01-real.md",
        &brief("Real", "2025-03-01", &["Ann Lee"], ""),
    );
    let published = [
        ".well-known/security.txt",
        ".well-known/acme-challenge/token",
        ".nojekyll",
        ".htaccess",
        "_headers",
        "_redirects",
        "docs/.hidden-but-published.txt",
    ];
    let left_out = [
        ".git/config",
        ".gitignore",
        ".DS_Store",
        "css/.DS_Store",
        "style.css~",
        ".style.css.swp",
        ".#style.css",
        "#style.css#",
        "Thumbs.db",
    ];
    for file in published.iter().chain(&left_out) {
        site.write(&format!("static/{file}"), file);
    }
    site.build(&[]);
    for file in published {
        assert_eq!(site.output(file), file, "published");
    }
    for file in left_out {
        assert!(!site.exists(file), "{file} left out");
    }
    assert!(!site.exists(".git"), "no .git folder");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}
