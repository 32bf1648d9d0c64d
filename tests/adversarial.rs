//! What an adversarial pass found (issue 19), each through the real binary on a site made to
//! show it: an embargoed brief's translation, editors' backups in a bundle, terms of one
//! language only, `crossref -o` over the sources, aliases over Dossier's own files, collision
//! messages, a cache that cannot be saved, and smaller mistakes of the command line.

mod common;

use std::fs;
use std::path::Path;

use common::{Site, brief, site_with};

/// A site in English and Polish, without PDFs (these tests look at pages, not PDFs).
const TWO_LANGUAGES: &str = "title = \"Test Institute\"\nbase_url = \"https://example.org\"\n\n[publisher]\nname = \"Test Institute\"\n\n[pdf]\ngenerate = false\n\n[languages.pl]\ntitle = \"Instytut\"\n";

/// Every file of the output whose path or bytes hold `needle`.
fn mentions(site: &Site, needle: &str) -> Vec<String> {
    site.snapshot()
        .into_iter()
        .filter(|(path, bytes)| {
            path.to_string_lossy().contains(needle)
                || bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
        .map(|(path, _)| path.display().to_string())
        .collect()
}

/// A published brief beside whatever a test adds, so that the site always builds.
fn published(site: &Site) {
    site.write(
        "content/briefs/2025/open.md",
        &brief("Open brief", "2025-01-10", &["Ann Lee"], ""),
    );
}

#[test]
fn a_scheduled_or_draft_brief_keeps_its_translation_and_bundle_unpublished() {
    let site = site_with(TWO_LANGUAGES, &[]);
    published(&site);
    let bundle = "content/briefs/2025/embargoed";
    let at = "publish_at = 2030-01-01T09:00:00+00:00\n";
    site.write(
        &format!("{bundle}/index.md"),
        &brief("Embargoed brief", "2025-02-01", &["Ann Lee"], at),
    );
    site.write(
        &format!("{bundle}/index.pl.md"),
        "+++\ntitle = \"Tajny raport\"\n+++\nTekst.\n",
    );
    site.write(&format!("{bundle}/secret-data.csv"), "a,b\n1,2\n");
    site.write(
        "content/briefs/2025/held.md",
        &brief("Held draft", "2025-02-02", &["Ann Lee"], "draft = true\n"),
    );
    site.write(
        "content/briefs/2025/held.pl.md",
        "+++\ntitle = \"Wstrzymany szkic\"\n+++\nTekst.\n",
    );
    let run = site.build(&[]);
    assert!(
        run.stdout.contains("2 scheduled briefs left out"),
        "{}",
        run.stdout
    );
    for secret in [
        "Tajny raport",
        "Wstrzymany szkic",
        "secret-data",
        "Embargoed",
    ] {
        assert_eq!(mentions(&site, secret), Vec::<String>::new(), "{secret}");
    }
    assert!(
        site.exists("pl/index.html"),
        "the Polish site is still built"
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);

    // Released, both versions are published, the bundle's file beside each.
    site.build(&["--future"]);
    assert!(!mentions(&site, "Tajny raport").is_empty());
    assert!(site.exists("briefs/2025/embargoed/secret-data.csv"));

    // A translation that sets its own release or undrafts a draft contradicts its original.
    let polish = format!("{bundle}/index.pl.md");
    site.write(
        &polish,
        "+++\ntitle = \"Tajny raport\"\npublish_at = 2025-03-01T09:00:00+00:00\n+++\nTekst.\n",
    );
    site.write(
        "content/briefs/2025/held.pl.md",
        "+++\ntitle = \"Wstrzymany szkic\"\ndraft = false\n+++\nTekst.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let release = format!("{polish}:3:1: error: `publish_at` is 2025-03-01");
    assert!(run.stderr.contains(&release), "{}", run.stderr);
    let draft = "content/briefs/2025/held.pl.md:3:1: error: `draft` is false here but true";
    assert!(run.stderr.contains(draft), "{}", run.stderr);
    assert!(
        mentions(&site, "Tajny raport").len() > 1,
        "the last site stays"
    );
}

#[test]
fn a_bundle_leaves_out_editor_backups_clutter_and_stray_markdown() {
    let site = Site::new();
    published(&site);
    let bundle = "content/briefs/2025/report";
    site.write(
        &format!("{bundle}/index.md"),
        &brief("Redacted report", "2025-02-01", &["Ann Lee"], ""),
    );
    let unredacted = "+++\ntitle = \"Unredacted\"\n+++\nThe informant is Jan.\n";
    for name in ["index.md~", "#index.md#", ".#index.md", ".index.md.swp"] {
        site.write(&format!("{bundle}/{name}"), unredacted);
    }
    site.write_bytes(&format!("{bundle}/Thumbs.db"), b"\0thumbs");
    site.write(&format!("{bundle}/desktop.ini"), "[.ShellClassInfo]\n");
    site.write(
        &format!("{bundle}/reviewer-notes.md"),
        "The informant is Jan.\n",
    );
    site.write(
        &format!("{bundle}/chart.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 30\"/>",
    );
    let run = site.build(&[]);
    let folder = "briefs/2025/report";
    assert!(
        site.exists(&format!("{folder}/chart.svg")),
        "a bundle's file"
    );
    assert_eq!(mentions(&site, "informant"), Vec::<String>::new());
    for name in ["Thumbs.db", "desktop.ini", "reviewer-notes"] {
        assert_eq!(mentions(&site, name), Vec::<String>::new(), "{name}");
    }
    let notes = format!("{bundle}/reviewer-notes.md:1:1: warning: this Markdown file in a bundle");
    assert!(run.stderr.contains(&notes), "{}", run.stderr);
    let warned = run.stderr.matches("warning:").count();
    assert_eq!(warned, 1, "only the stray Markdown: {}", run.stderr);
    let check = site.run(&["check"]);
    assert!(
        check.stderr.contains("reviewer-notes.md"),
        "{}",
        check.stderr
    );
}

#[test]
fn a_term_of_one_language_has_no_empty_page_in_the_others() {
    let site = site_with(TWO_LANGUAGES, &[]);
    published(&site);
    site.write(
        "content/briefs/2025/tylko.pl.md",
        &brief(
            "Tylko po polsku",
            "2025-02-01",
            &["Anna Polka"],
            "topics = [\"Bezpieczeństwo\"]\n",
        ),
    );
    site.build(&[]);
    for page in [
        "pl/topics/bezpieczenstwo/index.html",
        "pl/authors/anna-polka/index.html",
    ] {
        assert!(site.exists(page), "{page}");
    }
    for page in ["topics/bezpieczenstwo", "authors/anna-polka"] {
        assert!(!site.exists(page), "{page}: no empty page in English");
    }
    let english: Vec<String> = mentions(&site, "bezpieczenstwo")
        .into_iter()
        .chain(mentions(&site, "anna-polka"))
        .filter(|path| !path.starts_with("pl/"))
        .collect();
    // The sitemap lists the Polish pages; nothing else in English names them.
    assert_eq!(english, ["sitemap.xml", "sitemap.xml"], "listed in English");
    let sitemap = site.output("sitemap.xml");
    assert!(
        !sitemap.contains("example.org/topics/bezpieczenstwo/"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("example.org/authors/anna-polka/"),
        "{sitemap}"
    );
    assert!(!site.output("topics/index.html").contains("Bezpiecze"));
}

#[test]
fn crossref_output_never_overwrites_the_sources() {
    let site = common::scholarly_site();
    let brief_file = "content/briefs/2025/2025-02-13-grid.md";
    let files: Vec<String> = walkdir::WalkDir::new(site.path("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(site.root())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    let brief_file = files
        .iter()
        .find(|f| f.ends_with(".md"))
        .map_or(brief_file, |f| f);
    site.write("templates/extra.html", "<p>{{ site.title }}</p>\n");
    site.write("notes.txt", "my notes\n");
    let sources = [
        "site.toml",
        brief_file,
        "content/new-deposit.xml",
        "templates/extra.html",
        "themes/t/deposit.xml",
        "static/deposit.xml",
        "notes.txt",
    ];
    let before: Vec<Option<Vec<u8>>> = sources
        .iter()
        .map(|f| fs::read(site.path(f)).ok())
        .collect();
    for target in sources {
        let run = site.run(&["crossref", "--now", "2025-03-01T10:00:00Z", "-o", target]);
        assert_eq!(run.code, 2, "{target}: {}", run.stderr);
        assert!(
            run.stderr.contains(target),
            "names the path: {}",
            run.stderr
        );
    }
    let after: Vec<Option<Vec<u8>>> = sources
        .iter()
        .map(|f| fs::read(site.path(f)).ok())
        .collect();
    assert_eq!(after, before, "a source was written");
    // A deposit written before may be written again.
    let deposit = [
        "crossref",
        "--now",
        "2025-03-01T10:00:00Z",
        "-o",
        "deposit.xml",
    ];
    for _ in 0..2 {
        let run = site.run(&deposit);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert!(
        fs::read_to_string(site.path("deposit.xml"))
            .unwrap()
            .contains("<doi_batch")
    );
    // Through a link into content/ too.
    std::os::unix::fs::symlink(site.path("content"), site.path("linked")).unwrap();
    let run = site.run(&["crossref", "-o", "linked/x.xml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!Path::new(&site.path("content/x.xml")).exists());
}

#[test]
fn an_alias_may_not_take_a_file_the_site_writes_or_dossiers_marker() {
    let toml = format!("{}\n[redirects]\nfile = true\n", common::SITE_TOML);
    let site = site_with(&toml, &[]);
    published(&site);
    site.write("static/data/table.csv", "a,b\n");
    let aliased = "content/briefs/2025/moved.md";
    let write = |alias: &str| {
        let extra = format!("aliases = [\"{alias}\"]\n");
        site.write(aliased, &brief("Moved", "2025-02-01", &["Ann Lee"], &extra));
    };
    write("/briefs/2024/old-moved/");
    site.build(&[]);
    let marker = fs::read_to_string(site.path("public/.dossier-output")).unwrap();
    for alias in [
        "/.dossier-output",
        "/.dossier-output/",
        "/print.css",
        "/robots.txt",
        "/feed.xml",
        "/data/table.csv",
        "/_redirects",
        "/briefs/2025/open/cite.bib",
    ] {
        write(alias);
        for command in ["build", "check"] {
            let run = site.run(&[command]);
            assert_eq!(
                run.code, 1,
                "{alias}: {command} accepted it:\n{}",
                run.stderr
            );
            let error = format!("error: alias {}", alias.trim_end_matches('/'));
            assert!(run.stderr.contains(&error), "{alias}: {}", run.stderr);
            let at = format!("{aliased}:5:1");
            assert!(
                run.stderr.contains(&at),
                "{alias}: not at its line: {}",
                run.stderr
            );
        }
        assert!(!site.output("_redirects").contains(alias), "{alias}");
    }
    // The marker and the stylesheet are as the last good build left them, and the site builds
    // again once the alias is gone.
    write("/briefs/2024/old-moved/");
    site.build(&[]);
    assert_eq!(
        fs::read_to_string(site.path("public/.dossier-output")).unwrap(),
        marker
    );
    assert!(site.output("print.css").contains('{'));
    site.build(&[]);
}

#[test]
fn collisions_name_the_page_or_setting_that_claims_the_address() {
    // A page named like one of the site's languages.
    let site = site_with(TWO_LANGUAGES, &[]);
    published(&site);
    site.write("content/pages/pl.md", "+++\ntitle = \"PL\"\n+++\nText.\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let page = "content/pages/pl.md:1:1: error: a page cannot be called `pl`";
    assert!(run.stderr.contains(page), "{}", run.stderr);
    assert!(!run.stderr.contains("two files"), "{}", run.stderr);

    // A taxonomy named like one, at its line of site.toml.
    let toml = format!("{TWO_LANGUAGES}\n[[taxonomies]]\nname = \"pl\"\n");
    let site = site_with(&toml, &[]);
    published(&site);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = toml.lines().position(|l| l == "name = \"pl\"").unwrap() + 1;
    let setting = format!("site.toml:{line}:8: error: a taxonomy cannot be called `pl`");
    assert!(run.stderr.contains(&setting), "{}", run.stderr);

    // `new page` refuses the names the next build would refuse, and says which are taken once.
    let site = site_with(TWO_LANGUAGES, &[]);
    published(&site);
    for name in ["Authors", "Search", "Archive", "Page", "Index", "404", "PL"] {
        let run = site.run(&["new", "page", name]);
        assert_eq!(run.code, 2, "{name}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("a page cannot be called"),
            "{}",
            run.stderr
        );
        assert_eq!(run.stderr.matches("topics").count(), 1, "{}", run.stderr);
    }
    assert!(!site.path("content/pages").exists(), "nothing written");
    site.run(&["new", "page", "About us"]);
    site.build(&[]);

    // The hint of a page the build refuses lists each taken name once.
    site.write(
        "content/pages/topics.md",
        "+++\ntitle = \"T\"\n+++\nText.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let hint = run
        .stderr
        .lines()
        .find(|l| l.contains("these names are taken"))
        .unwrap();
    assert_eq!(hint.matches("authors").count(), 1, "{hint}");
}

#[test]
fn a_full_disk_while_saving_the_cache_is_said_as_such() {
    let site = Site::new();
    for i in 0..30 {
        site.write(
            &format!("content/briefs/2025/b{i}.md"),
            &brief(&format!("Brief {i}"), "2025-01-10", &["Ann Lee"], ""),
        );
    }
    site.build(&[]);
    site.write(
        "content/briefs/2025/b0.md",
        &brief("Brief 0, revised", "2025-01-10", &["Ann Lee"], ""),
    );
    // Every write to /dev/full fails as on a full disk.
    let partial = site.path(".dossier-cache/build.bin.partial");
    std::os::unix::fs::symlink("/dev/full", &partial).unwrap();
    let run = site.build(&[]);
    let said = run.stderr.to_lowercase();
    assert!(said.contains("no space left on device"), "{}", run.stderr);
    assert!(
        said.contains(".dossier-cache/build.bin.partial"),
        "{}",
        run.stderr
    );
    assert!(!said.contains("serialize buffer"), "{}", run.stderr);
    assert!(
        said.contains("the next build will make every file again"),
        "{}",
        run.stderr
    );
    // The half-written file is not left behind (here: the link to /dev/full is removed).
    assert!(
        fs::symlink_metadata(&partial).is_err(),
        "{} is left",
        partial.display()
    );
    let run = site.build(&[]);
    assert!(!run.stderr.contains("could not be saved"), "{}", run.stderr);
}

#[test]
fn command_line_mistakes_exit_2_and_name_the_flag() {
    let site = common::two_briefs();
    let run = site.run(&["build", "--base-url", "not a url"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--base-url not a url"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("site.toml"), "{}", run.stderr);
    // `serve` stops at once, instead of serving only the error page.
    let mut serve = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--base-url", "ftp//x"])
        .current_dir(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while serve.try_wait().unwrap().is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let still_running = serve.try_wait().unwrap().is_none();
    let _ = serve.kill();
    let out = serve.wait_with_output().unwrap();
    assert!(!still_running, "serve kept running with a bad --base-url");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--base-url ftp//x"));

    // `--now` far from the clock is most often a typo in its year.
    let run = site.run(&["build", "--now", "0205-02-13T09:00:00Z"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: --now 0205-02-13"),
        "{}",
        run.stderr
    );
    let run = site.run(&["build"]);
    assert!(!run.stderr.contains("--now"), "{}", run.stderr);

    // `init` where a file is.
    let run = site.run(&["init", "site.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("site.toml is a file, not a folder"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

#[test]
fn publish_at_hints_write_what_is_accepted() {
    let site = common::two_briefs();
    for (value, hint) in [
        ("09:00:00", "write `publish_at = 2025-02-13T09:00:00+01:00`"),
        (
            "0000-03-05T09:00:00Z",
            "`publish_at = 2025-03-05T09:00:00+01:00`",
        ),
        ("2025-03-05T09:00:00", "for Central European Time\n"),
    ] {
        let extra = format!("publish_at = {value}\n");
        site.write(
            "content/briefs/2025/c.md",
            &brief("C", "2025-03-05", &["Ann Lee"], &extra),
        );
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{value}: {}", run.stderr);
        assert!(run.stderr.contains(hint), "{value}: {}", run.stderr);
        // What the hint writes builds.
        let written = hint
            .split('`')
            .nth(1)
            .unwrap_or("publish_at = 2025-03-05T09:00:00Z");
        let fixed = if written.starts_with("publish_at") {
            written
        } else {
            "publish_at = 2025-03-05T09:00:00Z"
        };
        site.write(
            "content/briefs/2025/c.md",
            &brief("C", "2025-03-05", &["Ann Lee"], &format!("{fixed}\n")),
        );
        let run = site.run(&["build"]);
        assert_eq!(run.code, 0, "{fixed}: {}", run.stderr);
    }
}

#[test]
fn numbered_names_are_no_typos_of_each_other() {
    let site = Site::new();
    let topics = [
        ("a", "[\"Article 5\", \"COP29\", \"EU-28\"]"),
        ("b", "[\"Article 4\", \"COP28\", \"EU-27\"]"),
        ("c", "[\"Sanctions\"]"),
        ("d", "[\"Sanctoins\", \"Sanctions\"]"),
    ];
    for (name, list) in topics {
        site.write(
            &format!("content/briefs/2025/{name}.md"),
            &brief(
                name,
                "2025-01-10",
                &["Ann Lee"],
                &format!("topics = {list}\n"),
            ),
        );
    }
    let run = site.run(&["check"]);
    let typos: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("looks like a typo"))
        .collect();
    assert_eq!(typos.len(), 1, "only Sanctoins: {}", run.stderr);
    assert!(typos[0].contains("Sanctoins"), "{}", run.stderr);
}

#[test]
fn serve_answers_several_ranges_with_the_whole_file() {
    use std::io::{Read, Write};
    let site = common::two_briefs();
    let server = common::serving::serve(&site);
    let address = server.url.trim_start_matches("http://").to_string();
    let ask = |ranges: &str| {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        let head = format!(
            "GET /print.css HTTP/1.1\r\nHost: {address}\r\nRange: bytes={ranges}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        let answer = String::from_utf8_lossy(&answer).into_owned();
        answer.split(' ').nth(1).unwrap_or_default().to_string()
    };
    assert_eq!(ask("0-1"), "206");
    // Overlapping ones too: the parser accepts two that overlap, and rejects three.
    for ranges in [
        "0-1,4-5",
        "0-1,4-5,8-9",
        "0-5,2-7",
        "0-5,2-7,4-9",
        "0-9,1-9,2-9,3-9",
    ] {
        assert_eq!(ask(ranges), "200", "{ranges}");
    }
}
