//! Two things at once (issue 19, items 4 and 5): builds and `clean` started together never
//! lose a page, as one waits for the other's lock on the site; a lock left by a killed build
//! is no lock; and a build cache that describes another output (one that could not be saved,
//! or one restored from an older run) is not trusted to say which files to remove.

mod common;

use std::fs;
use std::os::fd::AsRawFd;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, Site, Snapshot, as_user, assert_site, brief, chmod, give_to_user};

/// Writes one of two states of a site of 40 briefs: the second edits a tenth of them, removes
/// one, adds one and adds a static file.
fn write_state(site: &Site, second: bool) {
    for i in 0..=40 {
        let path = format!("content/briefs/2025/brief-{i}.md");
        let topic = ["Energy", "Trade", "Security"][i % 3];
        let mut text = brief(
            &format!("Brief {i}"),
            &format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            &[["Ann Lee", "Jon Smith"][i % 2]],
            &format!("topics = [\"{topic}\"]\n"),
        );
        if second && i % 10 == 3 {
            text = text.replace("More text.", "More text, revised.");
        }
        if (i == 40 && !second) || (i == 7 && second) {
            let _ = fs::remove_file(site.path(&path));
        } else {
            site.write(&path, &text);
        }
    }
    if second {
        site.write("static/extra.txt", "extra\n");
    } else {
        let _ = fs::remove_dir_all(site.path("static"));
    }
}

fn site() -> Site {
    let site = Site::new();
    let toml = fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[pagination]\nper_page = 10\n\n[pdf]\ngenerate = false\n"),
    );
    site
}

/// What a fresh build of each state leaves.
fn expected() -> [Snapshot; 2] {
    [false, true].map(|second| {
        let fresh = site();
        write_state(&fresh, second);
        fresh.build(&["--no-cache"]);
        fresh.snapshot()
    })
}

fn start(site: &Site, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> Run {
    child.wait_with_output().unwrap().into()
}

/// Runs the commands at once; panics unless each succeeds.
fn together(site: &Site, commands: &[&[&str]], what: &str) {
    let children: Vec<Child> = commands.iter().map(|args| start(site, args)).collect();
    for (child, args) in children.into_iter().zip(commands) {
        let run = finish(child);
        assert_eq!(
            run.code, 0,
            "{what}: {args:?}:\n{}{}",
            run.stdout, run.stderr
        );
    }
}

/// Panics unless nothing a build stages is left, beside the output or inside it.
fn no_staging(site: &Site, what: &str) {
    assert!(!site.path(common::AREA).exists(), "{what}: staging left");
    assert!(!site.path("public/.dossier-staging").exists(), "{what}");
}

#[test]
fn builds_and_cleans_started_together_leave_one_whole_site() {
    let expected = expected();
    let site = site();
    write_state(&site, false);
    site.build(&[]);
    let started = Instant::now();
    for round in 0..20 {
        let state = (round + 1) % 2;
        write_state(&site, state == 1);
        let what = format!("round {round}, two builds");
        together(&site, &[&["build"], &["build"]], &what);
        assert_site(&site.snapshot(), &expected[state], &what);
        no_staging(&site, &what);

        write_state(&site, state == 0);
        let what = format!("round {round}, a build and a clean");
        together(&site, &[&["build"], &["clean"]], &what);
        if site.path("public").exists() {
            assert_site(&site.snapshot(), &expected[1 - state], &what);
        } else {
            assert!(!site.path(".dossier-cache/build.bin").exists(), "{what}");
        }
        no_staging(&site, &what);
        // The next round starts from a built site.
        site.build(&[]);
    }
    eprintln!("20 rounds in {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn a_second_build_waits_for_the_lock_and_says_who_holds_it() {
    let site = site();
    write_state(&site, false);
    site.build(&[]);
    // This test holds the lock, as a build would, and names itself as the holder.
    let folder = fs::File::open(site.root()).unwrap();
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(unsafe { libc::flock(folder.as_raw_fd(), libc::LOCK_EX) }, 0);
    let pid = std::process::id();
    site.write(".dossier-cache/lock", &format!("{pid}\n"));
    write_state(&site, true);
    let mut builds = vec![start(&site, &["build"]), start(&site, &["clean"])];
    std::thread::sleep(Duration::from_millis(1500));
    for child in &mut builds {
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished under the lock"
        );
    }
    assert!(!site.exists("extra.txt"), "nothing written under the lock");
    drop(folder);
    for child in builds {
        let run = finish(child);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let said = format!("another Dossier process is building this site (pid {pid})");
        assert!(run.stderr.contains(&said), "{}", run.stderr);
    }
}

#[test]
fn a_build_killed_outright_leaves_no_lock() {
    let site = site();
    write_state(&site, false);
    let mut child = start(&site, &["build"]);
    // Killed while it holds the lock: once it has written its id.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !site.path(".dossier-cache/lock").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let started = Instant::now();
    let run = site.build(&[]);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(
        !run.stderr.contains("another Dossier process"),
        "{}",
        run.stderr
    );
    assert_site(&site.snapshot(), &expected()[0], "after the killed build");
}

#[test]
fn a_cache_that_describes_another_output_is_not_trusted_for_removals() {
    // A cache that could not be saved (its folder read-only), as the unprivileged user.
    let site = site();
    write_state(&site, false);
    give_to_user(&site);
    let run = as_user(&site, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    add_then_remove(&site, true);
    give_to_user(&site);
    chmod(&site.path(".dossier-cache"), 0o555);
    let run = as_user(&site, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("retracted.txt") && site.exists("briefs/2025/retracted/index.html"));
    let warning = "warning: the build cache could not be saved";
    assert!(run.stderr.contains(warning), "{}", run.stderr);
    assert!(
        !run.stderr.contains("make every file again"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("whole output folder"), "{}", run.stderr);
    chmod(&site.path(".dossier-cache"), 0o755);
    add_then_remove(&site, false);
    let run = as_user(&site, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !site.exists("retracted.txt"),
        "the retracted file stays online"
    );
    assert!(
        !site.exists("briefs/2025/retracted"),
        "the retracted brief stays online"
    );
    assert_site(&site.snapshot(), &expected()[0], "after the retraction");

    // A cache restored from an older run.
    let site = self::site();
    write_state(&site, false);
    site.build(&[]);
    let older = fs::read(site.path(".dossier-cache/build.bin")).unwrap();
    add_then_remove(&site, true);
    site.build(&[]);
    fs::write(site.path(".dossier-cache/build.bin"), older).unwrap();
    add_then_remove(&site, false);
    site.build(&[]);
    assert!(
        !site.exists("retracted.txt"),
        "the retracted file stays online"
    );
    assert_site(&site.snapshot(), &expected()[0], "with a restored cache");
}

/// The files the cache must not keep online: a static file and a brief, added then removed.
fn add_then_remove(site: &Site, add: bool) {
    let brief_path = "content/briefs/2025/retracted.md";
    if add {
        site.write("static/retracted.txt", "retracted\n");
        site.write(
            brief_path,
            &brief("Retracted", "2025-03-01", &["Ann Lee"], ""),
        );
    } else {
        site.remove("static/retracted.txt");
        site.remove(brief_path);
    }
}
