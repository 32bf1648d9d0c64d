//! Output that is always one whole site, through the real binary. A build stopped by SIGINT,
//! SIGTERM or SIGKILL at many moments, or failing at many of its writes, leaves the previous
//! site or the new one, never a mix, and never a staging file where a deploy would publish it;
//! the next build equals a fresh `--no-cache` build. `check` reports every problem with the
//! output folder that `build` stops at.

mod common;

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{
    Run, Site, Snapshot, as_user, assert_no_staging, assert_site, brief, chmod, give_to_user,
};

/// Present while a build moves files into the output.
const COMMITTING: &str = ".dossier-cache/committing";
/// Present while a build replaces the files of the output.
const JOURNAL: &str = ".public.dossier-staging/journal";

const WORDS: &str = "grid|tariff|Baltic|pipeline|sanctions|ports|quota|budget|cable|drones";
const AUTHORS: &str =
    "Ann Lee|Marta Olsen|Jon Smith|Priya Raman|Tomás Ortega|Ingrid Berg|Zoë Martin";
const TOPICS: &str = "Energy|Trade|Security|Fisheries|Migration|Health|Climate";

/// Brief `i` of the large site: its path and text; `second`, as the second state has it.
fn large_brief(i: usize, second: bool) -> (String, String) {
    let pick = |list: &'static str, n: usize| list.split('|').cycle().nth(n).unwrap();
    let (year, month, day) = (2019 + i % 7, 1 + i % 12, 1 + (i * 7) % 28);
    let date = format!("{year}-{month:02}-{day:02}");
    let authors = [pick(AUTHORS, i), pick(AUTHORS, i * 5 + 3)];
    let topics: Vec<String> = (0..1 + i % 3)
        .map(|k| format!("{:?}", pick(TOPICS, i + k * 4)))
        .collect();
    let extra = format!("topics = [{}]\n", topics.join(", "));
    let title = format!("{} and {} {i}", pick(WORDS, i), pick(WORDS, i * 7 + 1));
    let mut text = brief(&title, &date, &authors[..1 + i % 2], &extra);
    let words: Vec<&str> = (0..40).map(|k| pick(WORDS, i * 3 + k * k)).collect();
    text.push_str(&format!("\n{}.\n", words.join(" ")));
    if second && i % 10 == 3 {
        text = text.replace("More text.", "More text, revised after the summit.");
    }
    if second && (i == 20 || i == 150) {
        text = text.replace("Lead paragraph of", "A changed lead for");
    }
    (format!("content/briefs/{year}/{date}-brief-{i}.md"), text)
}

/// Writes one of the two states of a site of `n` briefs. The second edits the bodies of a
/// tenth of them and the leads of two, deletes one and adds one, changes the brief template
/// (every brief page changes), adds a static file and changes a bundle's file.
fn write_state(site: &Site, n: usize, second: bool) {
    for i in 0..=n {
        let (path, text) = large_brief(i, second);
        if i == n && !second || i == 7 && second {
            let _ = fs::remove_file(site.path(&path));
        } else if fs::read_to_string(site.path(&path)).ok().as_ref() != Some(&text) {
            site.write(&path, &text);
        }
    }
    let bundle = "content/briefs/2025/2025-06-01-bundle";
    let title = if second { "Bundle, revised" } else { "Bundle" };
    site.write(
        &format!("{bundle}/index.md"),
        &brief(title, "2025-06-01", &["Ann Lee"], ""),
    );
    let chart = if second { "<svg><g/></svg>" } else { "<svg/>" };
    site.write(&format!("{bundle}/chart.svg"), chart);
    let theme = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/brief.html"
    );
    let template = fs::read_to_string(theme).unwrap();
    if second {
        let changed = template.replacen("</article>", "<p>Revised.</p></article>", 1);
        site.write("templates/brief.html", &changed);
        site.write("static/extra.css", "p { margin: 0 }\n");
    } else {
        let _ = fs::remove_dir_all(site.path("templates"));
        let _ = fs::remove_dir_all(site.path("static"));
    }
}

/// A site of `n` briefs, ten to a listing page, without PDFs: these tests build it dozens of
/// times, and a debug build's Typst would typeset every brief each time (the PDFs are staged
/// and committed like any other file; tests/pdf.rs checks them).
fn large_site(n: usize) -> Site {
    let site = Site::new();
    let toml = fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        // No PDFs and no social cards: a debug build typesets each slowly, and this test builds
        // the site some thirty times (their own tests are tests/pdf.rs and tests/cards.rs).
        &format!(
            "{toml}\n[pagination]\nper_page = 10\n\n[pdf]\ngenerate = false\n\n[cards]\ngenerate = false\n"
        ),
    );
    write_state(&site, n, false);
    site
}

/// Copies the site's sources (not its output or cache) to a new folder and builds them there
/// with `--no-cache`: what any build of these sources must leave.
fn fresh(site: &Site) -> Snapshot {
    let copy = Site::new();
    let walk = walkdir::WalkDir::new(site.root()).min_depth(1).into_iter();
    let sources = walk.filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() > 1 || !(name == "public" || name.starts_with('.'))
    });
    for entry in sources.map(Result::unwrap) {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(site.root()).unwrap();
            copy.write_bytes(rel.to_str().unwrap(), &fs::read(entry.path()).unwrap());
        }
    }
    copy.build(&["--no-cache"]);
    copy.snapshot()
}

/// Runs `dossier build` in the site with extra environment variables.
fn build_with(site: &Site, env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command
        .arg("build")
        .current_dir(site.root())
        .env("NO_COLOR", "1");
    command.envs(env.iter().copied());
    command.output().unwrap().into()
}

/// When to send the signal: so long after the build starts, or after the file `mark` (below
/// the site's root) appears.
#[derive(Debug, Clone, Copy)]
struct When {
    mark: Option<&'static str>,
    delay: Duration,
}

/// Starts `dossier build`, sends `signal` as `when` says, and returns how the build ended.
fn build_stopped(site: &Site, signal: i32, when: When) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let running = |child: &mut std::process::Child| child.try_wait().unwrap().is_none();
    while when.mark.is_some_and(|m| !site.path(m).exists()) && running(&mut child) {
        std::thread::sleep(Duration::from_micros(100));
    }
    let started = Instant::now();
    while started.elapsed() < when.delay && running(&mut child) {
        std::thread::sleep(Duration::from_micros(300));
    }
    // A process that has ended but not been waited for takes the signal without effect.
    // SAFETY: `kill` with the pid of our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, signal) };
    let output = child.wait_with_output().unwrap();
    (
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// How a stopped build ended, for the record of what the test saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ended {
    /// Stopped before the new site was in place: the previous site is left.
    Old,
    /// Finished, or stopped once the new site was in place.
    New,
    /// Killed (SIGKILL) while it replaced files: the next build put the old site back first.
    Undone,
    /// Killed by SIGINT or SIGTERM as it started, before it took signals.
    BeforeHandler,
}

#[test]
fn a_build_stopped_at_any_moment_leaves_the_old_site_or_the_new_one() {
    const BRIEFS: usize = 300;
    let site = large_site(BRIEFS);
    let expected = [fresh(&site), {
        write_state(&site, BRIEFS, true);
        fresh(&site)
    }];
    assert!(expected[0].len() > 1000, "{} files", expected[0].len());
    write_state(&site, BRIEFS, false);
    let started = Instant::now();
    site.build(&[]);
    let full = started.elapsed();
    assert_site(&site.snapshot(), &expected[0], "the first build");

    // Moments from a fixed seed, up to a little more than a full build; then, for each
    // signal, as the build starts to move files into place and a little after.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 10_000) as f64 / 10_000.0
    };
    let signals = [libc::SIGINT, libc::SIGTERM, libc::SIGKILL];
    let mut plan: Vec<(i32, When)> = Vec::new();
    for k in 0..15 {
        let delay = full.mul_f64(1.1 * (k as f64 + random()) / 15.0);
        plan.push((signals[k % 3], When { mark: None, delay }));
    }
    for signal in signals {
        let marks = [(COMMITTING, 0), (JOURNAL, 0), (JOURNAL, 1)];
        for (mark, ms) in marks {
            let (mark, delay) = (Some(mark), Duration::from_millis(ms));
            plan.push((signal, When { mark, delay }));
        }
    }

    let mut seen = std::collections::BTreeSet::new();
    let mut current = 0;
    for (signal, when) in plan {
        let next = 1 - current;
        write_state(&site, BRIEFS, next == 1);
        let (status, stderr) = build_stopped(&site, signal, when);
        let (old, new) = (&expected[current], &expected[next]);
        let what =
            format!("signal {signal} {when:?} (a full build: {full:?}): {status:?} {stderr}");
        let now = site.snapshot();
        assert_no_staging(&site, signal != libc::SIGKILL, &what);
        let ended = if signal == libc::SIGKILL {
            if site.path(JOURNAL).exists() {
                let check = site.run(&["check"]);
                let warned = "a build was stopped while it replaced the files";
                assert!(check.stderr.contains(warned), "{what}: {}", check.stderr);
                // Killed while replacing files: the next build first puts the previous site
                // back. Seen alone, by a build that fails at its first write.
                let probe = build_with(&site, &[("DOSSIER_FAIL_AFTER_WRITES", "0")]);
                assert_eq!(probe.code, 1, "{what}: {}", probe.stderr);
                assert_site(&site.snapshot(), old, &format!("{what}, undone"));
                assert_no_staging(&site, true, &what);
                Ended::Undone
            } else if &now == new {
                Ended::New
            } else {
                assert_site(&now, old, &what);
                Ended::Old
            }
        } else {
            match status.code() {
                Some(0) => {
                    assert_site(&now, new, &what);
                    Ended::New
                }
                Some(code) => {
                    assert_eq!(code, 128 + signal, "{what}");
                    if stderr.contains("after the new site was in place") {
                        assert_site(&now, new, &what);
                        Ended::New
                    } else {
                        assert!(stderr.contains("nothing was changed"), "{what}");
                        assert!(stderr.contains("the output is the previous site"), "{what}");
                        assert_site(&now, old, &what);
                        Ended::Old
                    }
                }
                // Killed before it could take signals: it had not written anything.
                None => {
                    assert_site(&now, old, &what);
                    Ended::BeforeHandler
                }
            }
        };
        seen.insert((signal, ended));
        let again = site.run(&["build"]);
        assert_eq!(again.code, 0, "{what}: the next build: {}", again.stderr);
        assert_site(&site.snapshot(), new, &format!("{what}: the next build"));
        assert_no_staging(&site, true, &what);
        current = next;
    }
    eprintln!("seen: {seen:?}");
    for wanted in [
        (libc::SIGINT, Ended::Old),
        (libc::SIGTERM, Ended::Old),
        (libc::SIGKILL, Ended::Undone),
    ] {
        assert!(seen.contains(&wanted), "{wanted:?} not seen: {seen:?}");
    }
}

#[test]
fn a_build_that_cannot_write_leaves_the_old_site() {
    const BRIEFS: usize = 60;
    let site = large_site(BRIEFS);
    write_state(&site, BRIEFS, true);
    let new = fresh(&site);
    write_state(&site, BRIEFS, false);
    site.build(&[]);
    let old = site.snapshot();
    write_state(&site, BRIEFS, true);
    // Fail after 0, 1, 2, 3, 4, 6, 8… writes, until the build has fewer than that.
    let (mut staging_failed, mut commit_failed) = (0, 0);
    let mut n = 0;
    loop {
        let limit = n.to_string();
        let run = build_with(&site, &[("DOSSIER_FAIL_AFTER_WRITES", &limit)]);
        let what = format!("after {n} writes: {}", run.stderr);
        if run.code == 0 {
            break;
        }
        assert_eq!(run.code, 1, "{what}");
        let first = run.stderr.lines().next().unwrap_or("");
        // The file is named: in the output (or its staging area, for the journal).
        let named = first.starts_with("./public/")
            || first.starts_with(&*site.path(JOURNAL).to_string_lossy());
        assert!(named, "{what}");
        assert!(
            run.stderr.contains("the output is the previous site"),
            "{what}"
        );
        if first.contains("No space left on device") {
            staging_failed += 1;
        } else {
            assert!(first.contains("Permission denied"), "{what}");
            commit_failed += 1;
        }
        assert_site(&site.snapshot(), &old, &what);
        assert_no_staging(&site, true, &what);
        n = (n + 1).max(n * 4 / 3);
    }
    // Both stages are hit several times (the counts depend on how many files the site has:
    // search's fragments add staged writes, so fewer of the growing limits fall in the commit).
    assert!(
        staging_failed >= 3 && commit_failed >= 3,
        "{staging_failed} {commit_failed}"
    );
    assert_site(&site.snapshot(), &new, "once the build could write");
}

#[test]
fn a_folder_of_the_output_that_cannot_be_written_fails_the_build_and_leaves_the_old_site() {
    // The case: `chmod 555 public/topics/x`, change a title, build.
    let site = large_site(20);
    give_to_user(&site);
    let first = as_user(&site, &["build"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let old = site.snapshot();
    let locked = site.path("public/topics/energy");
    chmod(&locked, 0o555);
    let (path, text) = large_brief(14, false);
    assert!(text.contains("Energy"), "brief 14 is in the topic");
    site.write(&path, &text.replace("title = \"", "title = \"Renamed: "));
    give_to_user(&site);

    let check = as_user(&site, &["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let said = "public/topics/energy` of the output cannot be written";
    assert!(check.stderr.contains(said), "{}", check.stderr);

    let run = as_user(&site, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let first = run.stderr.lines().next().unwrap();
    assert!(first.contains("public/topics/energy/"), "{}", run.stderr);
    assert!(first.contains("Permission denied"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the output is the previous site"),
        "{}",
        run.stderr
    );
    assert_site(&site.snapshot(), &old, "after the failed build");
    assert_no_staging(&site, true, "after the failed build");

    chmod(&locked, 0o755);
    let run = as_user(&site, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_site(
        &site.snapshot(),
        &fresh(&site),
        "once the folder can be written",
    );
}
