//! The editor's workflow through the real binary: init, new, check, serve, and the exit codes.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::serving::{get, serve};
use common::{Site, brief, run_in};

#[test]
fn init_then_build_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = dir.path().join("site");
    for file in [
        "site.toml",
        "content/authors/jane-analyst.md",
        "content/pages/about.md",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let briefs: Vec<_> = walkdir::WalkDir::new(site.join("content/briefs"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .collect();
    assert_eq!(briefs.len(), 2, "two sample briefs");
    assert!(!site.join("themes").exists(), "the built-in theme serves");
    let build = run_in(&site, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(site.join("public/index.html").is_file());
    assert!(
        site.join("public/authors/jane-analyst/index.html")
            .is_file()
    );
    // A new site checks clean but for the accessibility statement's blanks, which the
    // institute completes (tests/a11y.rs fills them in).
    let check = run_in(&site, &["check"]);
    assert_eq!(check.code, 0, "a new site checks clean: {}", check.stderr);
    assert!(
        check.stderr.contains("0 errors, 16 warnings in 1 file"),
        "{}",
        check.stderr
    );
    assert_eq!(
        check
            .stderr
            .matches("warning: a blank is still to be completed")
            .count(),
        16,
        "{}",
        check.stderr
    );
}

#[test]
fn init_refuses_a_non_empty_folder_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), "mine").unwrap();
    let refused = run_in(dir.path(), &["init"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("not empty"), "{}", refused.stderr);
    let forced = run_in(dir.path(), &["init", "--force", "--theme-copy"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("site.toml")).unwrap(),
        "mine"
    );
    assert!(forced.stdout.contains("kept    site.toml"));
    assert!(
        dir.path()
            .join("themes/default/templates/brief.html")
            .is_file()
    );
    assert!(dir.path().join("themes/default/static/style.css").is_file());
}

#[test]
fn new_brief_in_a_series_takes_consecutive_numbers() {
    let site = Site::new();
    let args = [
        "new",
        "brief",
        "Grid Security",
        "--series",
        "Spotlight",
        "--author",
        "Ann Lee",
        "--topic",
        "Energy",
        "--date",
        "2025-03-01",
    ];
    let first = site.run(&args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(
        first.stdout.trim(),
        "content/briefs/2025/2025-03-01-grid-security.md"
    );
    let mut second_args = args;
    second_args[2] = "Grid Security Again";
    let second = site.run(&second_args);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let first_text =
        std::fs::read_to_string(site.path("content/briefs/2025/2025-03-01-grid-security.md"))
            .unwrap();
    let second_text = std::fs::read_to_string(site.path(second.stdout.trim())).unwrap();
    assert!(
        first_text.contains("number = 1\n") && second_text.contains("number = 2\n"),
        "{first_text}\n{second_text}"
    );
    assert!(first_text.contains("draft = true"));
    assert!(first_text.contains("authors = [\"Ann Lee\"]") && first_text.contains("## "));
    // The new briefs are valid: they build with --drafts.
    site.build(&["--drafts"]);
    assert!(
        site.output("briefs/2025/grid-security/index.html")
            .contains("No. 1/2025")
    );
    assert_eq!(site.run(&args).code, 2, "the same file again is refused");
    let bundle = site.run(&[
        "new",
        "brief",
        "With Files",
        "--bundle",
        "--date",
        "2025-04-01",
    ]);
    assert_eq!(
        bundle.stdout.trim(),
        "content/briefs/2025/2025-04-01-with-files/index.md"
    );
    let author = site.run(&["new", "author", "Łukasz Żółkiewski"]);
    assert_eq!(author.stdout.trim(), "content/authors/lukasz-zolkiewski.md");
    let page = site.run(&["new", "page", "Contact Us"]);
    assert_eq!(page.stdout.trim(), "content/pages/contact-us.md");
    site.build(&["--drafts"]);
    assert!(
        site.exists("contact-us/index.html") && site.exists("authors/lukasz-zolkiewski/index.html")
    );
}

fn broken_site() -> Site {
    let site = Site::new();
    site.write(
        "content/briefs/2025/2025-01-10-a.md",
        &brief("Alpha", "2025-01-10", &["Ann Lee"], "series = \"Spotlight\"\nnumber = 1\n")
            .replace("Text.", "See [the other](/briefs/2025/nowhere/) and [a heading](#no-such-heading).\n\n![](missing.png)"),
    );
    site.write(
        "content/briefs/2025/2025-02-10-b.md",
        &brief(
            "Beta",
            "2025-02-10",
            &["Jon Smith"],
            "series = \"Spotlight\"\nnumber = 1\n",
        ),
    );
    site.write(
        "content/briefs/2025/2025-03-10-c.md",
        &brief("Gamma", "2025-03-10", &["John Smith"], ""),
    );
    site
}

#[test]
fn check_reports_links_images_and_numbering_and_exits_1() {
    let site = broken_site();
    site.write(
        "content/briefs/2025/2025-04-10-d.md",
        &brief(
            "Delta",
            "2025-04-10",
            &["Jon Smith"],
            "series = \"Spotlight\"\nnumber = 4\n",
        ),
    );
    site.write(
        "content/briefs/2025/2025-05-10-e.md",
        "+++\ntitle = \"Broken\"\n",
    );
    // Everything in one run: a broken file and a numbering duplicate do not hide the links.
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = &run.stderr;
    for expected in [
        "error: No. 1/2025 is used by 2 briefs",
        "error: the front matter opened with `+++` is never closed",
        "error: link `/briefs/2025/nowhere/` points to nothing in the site",
        "error: link `#no-such-heading` points to a heading that does not exist",
        "error: image `missing.png` points to nothing in the site",
        "warning: image `missing.png` has no alt text",
        "warning: `John Smith` looks like a typo of `Jon Smith`",
        "warning: Spotlight Nos. 2–3/2025 missing before No. 4/2025",
        "┌─ content/briefs/2025/2025-01-10-a.md:",
        "help:",
        "check: 6 errors,",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    assert!(!out.contains("\u{1b}["), "no colour when piped");
    assert!(!site.path("public").exists(), "check writes nothing");
    // What check rejects, build rejects: first the errors of loading, then, once those are
    // fixed, check's own errors.
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build.stderr.contains("No. 1/2025 is used by 2 briefs"),
        "{}",
        build.stderr
    );
    site.remove("content/briefs/2025/2025-05-10-e.md");
    site.remove("content/briefs/2025/2025-04-10-d.md");
    site.remove("content/briefs/2025/2025-02-10-b.md");
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    for expected in [
        "error: link `/briefs/2025/nowhere/` points to nothing in the site",
        "error: link `#no-such-heading` points to a heading that does not exist",
        "error: image `missing.png` points to nothing in the site",
        "3 errors found; nothing was written",
    ] {
        assert!(
            build.stderr.contains(expected),
            "missing `{expected}` in:\n{}",
            build.stderr
        );
    }
    assert!(
        !site.path("public").exists(),
        "a refused build writes nothing"
    );
}

#[test]
fn check_passes_a_clean_site() {
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &brief(
            "Alpha",
            "2025-01-10",
            &["Ann Lee"],
            "topics = [\"Energy\"]\n",
        ),
    );
    site.write(
        "content/briefs/2025/b.md",
        &brief(
            "Beta",
            "2025-02-10",
            &["Ann Lee"],
            "topics = [\"Energy\"]\n",
        )
        .replace(
            "Text.",
            "See [alpha](/briefs/2025/a/#what-next) and [below](#what-next).",
        ),
    );
    site.write(
        "content/authors/ann-lee.md",
        "+++\nname = \"Ann Lee\"\n+++\nBio.\n",
    );
    site.write(
        "content/topics/energy.md",
        "+++\nname = \"Energy\"\n+++\nAbout energy.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("check: 0 errors, 0 warnings"),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.run(&["--quiet", "check"]).stderr,
        "",
        "quiet prints nothing when all is well"
    );
}

#[test]
fn check_external_reports_failing_links() {
    // A local server that answers 200 for /ok and 404 for anything else.
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let code = if request.url() == "/ok" { 200 } else { 404 };
            let _ = request.respond(tiny_http::Response::empty(code));
        }
    });
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha", "2025-01-10", &["Ann Lee"], "").replace(
            "Text.",
            &format!("[good](http://127.0.0.1:{port}/ok) and [bad](http://127.0.0.1:{port}/gone)."),
        ),
    );
    let offline = site.run(&["check"]);
    assert_eq!(
        offline.code, 0,
        "external links are not requested without --external: {}",
        offline.stderr
    );
    let run = site.run(&["check", "--external", "--timeout", "5"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "external link `http://127.0.0.1:{port}/gone` failed: HTTP 404"
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("/ok` failed"), "{}", run.stderr);
}

#[test]
fn quiet_verbose_and_usage_exit_codes() {
    let site = Site::new();
    site.write(
        "content/briefs/a.md",
        &brief("Alpha", "2025-01-10", &["Ann Lee"], ""),
    );
    let quiet = site.run(&["build", "--quiet"]);
    assert_eq!(
        (quiet.code, quiet.stdout.as_str(), quiet.stderr.as_str()),
        (0, "", "")
    );
    let verbose = site.run(&["build", "--verbose"]);
    for stage in ["load", "index", "render", "write"] {
        assert!(
            verbose.stdout.contains(&format!("  {stage}")),
            "{}",
            verbose.stdout
        );
    }
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(
        site.run(&["new", "brief", "!!!"]).code,
        2,
        "a title with nothing to slug"
    );
    site.write("content/briefs/b.md", "+++\ntitle = 1\n+++\n");
    let failed = site.run(&["build", "--quiet"]);
    assert_eq!(failed.code, 1);
    assert!(
        failed.stderr.contains("content/briefs/b.md"),
        "errors print even when quiet"
    );
}

/// Raw GET, so that `..` reaches the server as written.
fn raw_get_status(url: &str, path: &str) -> u16 {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_answers_refuses_traversal_and_picks_up_edits() {
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha", "2025-01-10", &["Ann Lee"], ""),
    );
    let server = serve(&site);
    let (status, home) = get(&format!("{}/", server.url));
    assert_eq!(status, 200);
    assert!(home.contains("Alpha"));
    assert!(
        home.contains(&format!("href=\"{}/briefs/2025/a/\"", server.url))
            || home.contains("href=\"/briefs/2025/a/\"")
    );
    assert!(home.contains("EventSource"), "live reload script injected");
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/briefs/../../site.toml",
        "/..%5Csite.toml",
    ] {
        assert_eq!(raw_get_status(&server.url, path), 404, "{path}");
    }
    let (missing, body) = get(&format!("{}/no/such/page/", server.url));
    assert_eq!(missing, 404);
    assert!(body.contains("<html"), "404.html is served for misses");
    assert_eq!(get(&format!("{}/print.css", server.url)).0, 200);

    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha Edited", "2025-01-10", &["Ann Lee"], ""),
    );
    wait_for("the edited title", || {
        get(&format!("{}/briefs/2025/a/", server.url))
            .1
            .contains("Alpha Edited")
    });

    // A broken brief shows the error in the browser; the next good save recovers.
    site.write("content/briefs/2025/a.md", "+++\ntitle = \"Broken\"\n");
    wait_for("the error overlay", || {
        get(&format!("{}/", server.url)).1.contains("never closed")
    });
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha Fixed", "2025-01-10", &["Ann Lee"], ""),
    );
    wait_for("recovery", || {
        let (status, body) = get(&format!("{}/", server.url));
        status == 200 && body.contains("Alpha Fixed")
    });
    assert!(
        !site.path("public").exists(),
        "serve writes nothing into the site"
    );
}

#[test]
fn serve_stops_cleanly_on_ctrl_c() {
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha", "2025-01-10", &["Ann Lee"], ""),
    );
    let mut server = serve(&site);
    assert_eq!(get(&format!("{}/", server.url)).0, 200);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(exit) = server.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "serve did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn serve_watches_a_templates_folder_created_while_running() {
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha", "2025-01-10", &["Ann Lee"], ""),
    );
    site.write(
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\nWe are.\n",
    );
    let server = serve(&site);
    let about = format!("{}/about/", server.url);
    site.write(
        "templates/page.html",
        "<!doctype html><title>x</title><p>first override</p>",
    );
    wait_for("the new template", || {
        get(&about).1.contains("first override")
    });
    site.write(
        "templates/page.html",
        "<!doctype html><title>x</title><p>second override</p>",
    );
    wait_for("the edited template", || {
        get(&about).1.contains("second override")
    });
}
