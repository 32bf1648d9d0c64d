//! The persistent build cache (`.dossier-cache/`) through the real binary: what a cached build
//! makes and writes, and that its output always has the bytes of a fresh `--no-cache` build,
//! whatever happened to the cache or the output in between, even a build killed half-way.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{Run, Site, brief, run_in};

/// Every file of a built site, with its bytes.
type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

/// Without search: the pages' fingerprints are what this file tests (an edited body also
/// changes the search index, whose reuse tests/search.rs checks).
const SITE_TOML: &str = "title = \"Alpha Institute\"\nbase_url = \"https://example.org\"\n\n\
    [publisher]\nname = \"Publisher Ltd\"\n\n[pagination]\nper_page = 2\n\n[search]\nenabled = false\n";
const CACHE: &str = ".dossier-cache";
const TALKS_SRC: &str = "content/briefs/2025/2025-02-13-talks.md";
const TALKS_PAGE: &str = "briefs/2025/talks/index.html";
const ABOUT: &str = "+++\ntitle = \"About Us\"\n+++\nWe are an institute.\n";
const SPOTLIGHT: &str = "+++\nname = \"Spotlight\"\n+++\nShort analyses.\n";

/// The fixture's briefs, one a line: file below `content/briefs/YEAR/` (its date first), title,
/// authors, topics, and more front matter.
const BRIEFS: &str = "\
    2024-03-05-grain-corridor.md; Grain Corridor; Ann Lee; Energy; number = 4
    2025-02-13-talks.md; Talks Enter a New Phase; Łukasz Żółkiewski, Ann Lee; Security, Energy; number = 11
    2025-06-01-gas/index.md; Gas Storage; Ann Lee; Energy; pdf = \"full-text.pdf\"
    2025-04-10-fisheries.md; Fisheries Quotas; Marta Olsen; Fisheries;
    2023-09-01-ports.md; Ports and Tariffs; Jon Smith; Trade;
    2025-05-20-tariffs.md; Tariff Truce; Jon Smith, Ann Lee; Trade, Energy;";

/// The source of the fixture's brief `n`.
fn source(n: usize) -> String {
    let line = BRIEFS.lines().nth(n).unwrap();
    let file = line.trim().split(';').next().unwrap();
    format!("content/briefs/{}/{file}", &file[..4])
}

/// Six briefs over three years by four authors in four topics, two in a series, one a bundle
/// with a PDF and an image; an author profile and a page; two briefs to a listing page.
fn fixture() -> Site {
    let site = Site::new();
    site.write("site.toml", SITE_TOML);
    for (n, line) in BRIEFS.lines().enumerate() {
        let fields: Vec<&str> = line.split(';').map(str::trim).collect();
        let [file, title, authors, topics, more] = fields[..] else {
            panic!("{line}")
        };
        let authors: Vec<&str> = authors.split(", ").collect();
        let topics: Vec<String> = topics.split(", ").map(|t| format!("{t:?}")).collect();
        let mut extra = format!("topics = [{}]\n{more}\n", topics.join(", "));
        if more.starts_with("number") {
            extra.push_str("series = \"Spotlight\"\n");
        }
        site.write(&source(n), &brief(title, &file[..10], &authors, &extra));
    }
    let gas = "content/briefs/2025/2025-06-01-gas";
    site.write(&format!("{gas}/full-text.pdf"), "%PDF-1.4 test\n%%EOF\n");
    site.write(&format!("{gas}/chart.svg"), "<svg/>");
    let ann = "+++\nname = \"Ann Lee\"\nrole = \"Senior Analyst\"\n+++\nAnn writes on energy.\n";
    site.write("content/authors/ann-lee.md", ann);
    site.write("content/series/spotlight.md", SPOTLIGHT);
    site.write("content/pages/about.md", ABOUT);
    site
}

/// The numbers of a build's summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stats {
    written: usize,
    unchanged: usize,
    not_made: usize,
    removed: usize,
}

/// Parses "N files written, M unchanged (K not made again), R removed" (then ", P PDFs typeset"
/// when PDFs were typeset).
fn stats(run: &Run) -> Stats {
    let out = &run.stdout;
    let number_before = |marker: &str| -> usize {
        let end = out
            .find(marker)
            .unwrap_or_else(|| panic!("{marker}: {out}"));
        let word = out[..end].split_whitespace().last().unwrap();
        word.trim_start_matches('(').parse().unwrap()
    };
    Stats {
        written: number_before(" files written"),
        unchanged: number_before(" unchanged ("),
        not_made: number_before(" not made again"),
        removed: number_before(" removed"),
    }
}

/// Builds with the cache and returns the summary's numbers.
fn build(site: &Site, args: &[&str]) -> Stats {
    stats(&site.build(args))
}

/// Files without a fingerprint, compared by their bytes on every build: the theme's
/// stylesheets, robots.txt and the files copied from bundles.
fn copied(path: &Path) -> bool {
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
    // The search index's files (Pagefind's scripts and styles among them) are made, not copied,
    // as are the PDFs Dossier typesets (`{slug}/{slug}.pdf`; a brief's own PDF is copied).
    let typeset = ext == "pdf" && path.file_stem() == path.parent().and_then(|p| p.file_name());
    let made = path.starts_with("pagefind") || typeset;
    !made && (path == Path::new("robots.txt") || ["css", "pdf", "svg", "js"].contains(&ext))
}

/// Files of the site, without the output marker.
fn site_files(snapshot: &Snapshot) -> usize {
    snapshot.len() - usize::from(snapshot.contains_key(Path::new(".dossier-output")))
}

/// Files with a fingerprint: those that a build whose cache is current does not make again.
fn fingerprinted(snapshot: &Snapshot) -> usize {
    site_files(snapshot) - snapshot.keys().filter(|p| copied(p)).count()
}

/// The files whose bytes contain `needle`.
fn containing(snapshot: &Snapshot, needle: &str) -> BTreeSet<PathBuf> {
    let has = |bytes: &[u8]| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    let found = snapshot.iter().filter(|(_, b)| has(b));
    found.map(|(p, _)| p.clone()).collect()
}

/// The files whose bytes differ between two snapshots, or that only one has.
fn changed(before: &Snapshot, after: &Snapshot) -> BTreeSet<PathBuf> {
    let paths: BTreeSet<&PathBuf> = before.keys().chain(after.keys()).collect();
    let differ = paths
        .into_iter()
        .filter(|p| before.get(*p) != after.get(*p));
    differ.cloned().collect()
}

/// Paths separated by white space.
fn paths(list: &str) -> BTreeSet<PathBuf> {
    list.split_whitespace().map(PathBuf::from).collect()
}

/// Panics, naming the files that differ, unless the site's output holds the same files and
/// bytes as `expected`.
fn assert_output(site: &Site, expected: &Snapshot, what: &str) {
    let actual = site.snapshot();
    let differ = changed(expected, &actual);
    let describe = |p: &PathBuf| match (actual.contains_key(p), expected.contains_key(p)) {
        (true, false) => format!("{} (extra)", p.display()),
        (false, true) => format!("{} (missing)", p.display()),
        _ => format!("{} (differs)", p.display()),
    };
    let list: Vec<String> = differ.iter().take(20).map(describe).collect();
    let count = differ.len();
    assert!(list.is_empty(), "{what}: {count} files differ: {list:#?}");
}

/// Copies the site's sources (not its output or cache) to a new folder and builds them there
/// with `--no-cache`: what the cached build must equal.
fn fresh(site: &Site, args: &[&str]) -> Snapshot {
    let copy = Site::new();
    let walk = walkdir::WalkDir::new(site.root()).min_depth(1).into_iter();
    let sources = walk.filter_entry(|e| {
        e.depth() > 1 || !matches!(e.file_name().to_str(), Some("public" | CACHE))
    });
    for entry in sources.map(Result::unwrap) {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(site.root()).unwrap();
            copy.write_bytes(rel.to_str().unwrap(), &fs::read(entry.path()).unwrap());
        }
    }
    copy.build(&[&["--no-cache"], args].concat());
    assert!(!copy.path(CACHE).exists(), "--no-cache writes no cache");
    copy.snapshot()
}

/// Replaces `from` with `to` in a file of the site.
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = fs::read_to_string(site.path(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, &text.replacen(from, to, 1));
}

/// When each output file was last modified.
fn mtimes(site: &Site) -> BTreeMap<PathBuf, SystemTime> {
    let public = site.path("public");
    let time = |p: &PathBuf| fs::metadata(public.join(p)).unwrap().modified().unwrap();
    let keys = site.snapshot().into_keys();
    keys.map(|p| (p.clone(), time(&p))).collect()
}

#[test]
fn unchanged_files_are_not_made_again_and_an_edit_remakes_only_what_shows_it() {
    let site = fixture();
    let first = build(&site, &[]);
    let before = site.snapshot();
    let (files, printed) = (site_files(&before), fingerprinted(&before));
    assert_eq!((first.written, first.not_made), (files, 0), "{first:?}");
    let times = mtimes(&site);
    let again = build(&site, &[]);
    // A rebuild with no change makes and writes nothing.
    assert_eq!((again.written, again.removed), (0, 0));
    assert_eq!((again.unchanged, again.not_made), (files, printed));
    assert_eq!(mtimes(&site), times, "no file was touched");

    // The files that show the brief link to it (the sitemap only lists its address).
    let mut shows = containing(&before, "/briefs/2025/talks/");
    shows.remove(Path::new("sitemap.xml"));
    let some = paths(
        "briefs/2025/talks/index.html briefs/2025/talks/cite.bib page/2/index.html feed.xml
        briefs/2024/grain-corridor/index.html authors/ann-lee/page/2/index.html
        topics/security/index.html",
    );
    assert!(shows.is_superset(&some), "{shows:#?}");
    assert!(shows.len() * 2 < printed, "{shows:#?}");

    // A change below the lead leaves the summary as it was: only the brief's page changes, and
    // its PDF, typeset again.
    let pdf = Path::new("briefs/2025/talks/talks.pdf");
    let made_too = usize::from(!shows.contains(pdf));
    edit(&site, TALKS_SRC, "More text.", "More text, revised.");
    let body = build(&site, &[]);
    let after_body = site.snapshot();
    let mut page_and_pdf = paths(TALKS_PAGE);
    page_and_pdf.insert(pdf.to_path_buf());
    assert_eq!(changed(&before, &after_body), page_and_pdf);
    assert_eq!((body.written, body.removed), (2, 0), "{body:?}");
    assert_eq!(printed - body.not_made, shows.len() + made_too, "{body:?}");
    assert_output(&site, &fresh(&site, &[]), "after a body edit");

    // A new lead is a new summary: the files that show it are written again, and no other.
    let lead = "A new lead: the talks stall over sequencing.";
    let old = "Lead paragraph of Talks Enter a New Phase.";
    edit(&site, TALKS_SRC, old, lead);
    let summary = build(&site, &[]);
    let rewritten = changed(&after_body, &site.snapshot());
    assert_eq!(rewritten, containing(&site.snapshot(), "talks stall over"));
    assert!(rewritten.contains(pdf), "the PDF shows the lead");
    let listings = paths("page/2/index.html topics/security/index.html");
    assert!(rewritten.is_superset(&listings));
    assert!(rewritten.iter().all(|p| p == pdf || shows.contains(p)));
    assert_eq!(summary.written, rewritten.len(), "{summary:?}");
    assert_eq!(
        printed - summary.not_made,
        shows.len() + made_too,
        "{summary:?}"
    );
    assert_output(&site, &fresh(&site, &[]), "after a lead edit");
}

/// A way to damage the cache, by what it does.
type Damage = (&'static str, fn(&Path));

#[test]
fn a_damaged_or_missing_cache_is_ignored() {
    let site = fixture();
    let bin = site.path(".dossier-cache/build.bin");
    let damages: [Damage; 5] = [
        ("garbage", |bin| {
            fs::write(bin, "no cache\n".repeat(40)).unwrap()
        }),
        ("truncated to half", |bin| {
            let bytes = fs::read(bin).unwrap();
            fs::write(bin, &bytes[..bytes.len() / 2]).unwrap();
        }),
        ("a byte flipped", |bin| {
            let mut bytes = fs::read(bin).unwrap();
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x01;
            fs::write(bin, bytes).unwrap();
        }),
        ("folder replaced by a file", |bin| {
            fs::remove_dir_all(bin.parent().unwrap()).unwrap();
            fs::write(bin.parent().unwrap(), "not a folder").unwrap();
        }),
        ("folder deleted", |bin| {
            fs::remove_dir_all(bin.parent().unwrap()).unwrap()
        }),
    ];
    for (i, (what, damage)) in damages.into_iter().enumerate() {
        if site.path(CACHE).is_file() {
            site.remove(CACHE);
        }
        site.build(&[]);
        assert!(bin.is_file(), "{what}: a build leaves a cache");
        let more = format!("More text {i}.\n\nMore.");
        edit(&site, &source(i), "More text.", &more);
        damage(&bin);
        let run = site.build(&[]);
        assert_eq!(stats(&run).not_made, 0, "{what}: not used: {}", run.stdout);
        assert_output(&site, &fresh(&site, &[]), what);
        if site.path(CACHE).is_file() {
            let warning = "warning: the build cache could not be saved";
            assert!(run.stderr.contains(warning), "{what}: {}", run.stderr);
            let left = fs::read_to_string(site.path(CACHE)).unwrap();
            assert_eq!(left, "not a folder");
        } else {
            // The cache was written anew and whole: the next build uses all of it.
            let next = build(&site, &[]);
            let all = (0, fingerprinted(&site.snapshot()));
            assert_eq!((next.written, next.not_made), all, "{what}");
        }
    }
}

#[test]
fn a_cache_for_other_settings_is_not_used() {
    let site = fixture();
    site.build(&[]);
    let beta = SITE_TOML.replace("Alpha Institute", "Beta Institute");
    site.write("site.toml", &beta);
    let run = build(&site, &[]);
    assert_eq!(run.not_made, 0, "a new title is on every page");
    for (path, bytes) in site.snapshot() {
        let (text, name) = (String::from_utf8_lossy(&bytes), path.display());
        assert!(!text.contains("Alpha Institute"), "{name}");
        let html = path.extension().is_some_and(|x| x == "html");
        assert!(!html || text.contains("Beta Institute"), "{name}");
    }
    assert_output(&site, &fresh(&site, &[]), "new title");

    let mirror = ["--base-url", "https://mirror.example.net/policy/"];
    let run = build(&site, &mirror);
    assert_eq!(run.not_made, 0, "--base-url changes every page");
    for (path, bytes) in site.snapshot() {
        let (text, name) = (String::from_utf8_lossy(&bytes), path.display());
        assert!(!text.contains("https://example.org"), "{name}");
        let html = path.extension().is_some_and(|x| x == "html");
        assert!(!html || text.contains("href=\"/policy/"), "{name}");
    }
    assert_output(&site, &fresh(&site, &mirror), "--base-url");

    site.build(&[]);
    assert_output(&site, &fresh(&site, &[]), "site.toml's base URL again");
    site.build(&["--output", "elsewhere"]);
    let run = build(&site, &[]);
    assert_eq!(run.not_made, 0, "another output folder: {run:?}");
    assert_output(&site, &fresh(&site, &[]), "after a build elsewhere");
}

#[test]
fn output_files_changed_by_hand_are_restored() {
    let site = fixture();
    site.build(&[]);
    site.build(&[]);
    let before = site.snapshot();
    let public = site.path("public");
    fs::remove_file(public.join(TALKS_PAGE)).unwrap();
    let edited = "authors/ann-lee/index.html";
    let text = site.output(edited);
    let tampered = text.replacen("Gas Storage", "Gas St0rage", 1);
    assert!(tampered != text && tampered.len() == text.len());
    fs::write(public.join(edited), tampered).unwrap();
    let style = vec![b' '; before[Path::new("print.css")].len()];
    fs::write(public.join("print.css"), style).unwrap();
    fs::remove_file(public.join("briefs/2025/gas/full-text.pdf")).unwrap();
    let run = build(&site, &[]);
    assert_output(&site, &before, "after tampering");
    assert_eq!((run.written, run.removed), (4, 0), "{run:?}");

    fs::remove_dir_all(&public).unwrap();
    let run = build(&site, &[]);
    assert_output(&site, &before, "after the output folder was deleted");
    let all = (site_files(&before), 0);
    assert_eq!((run.written, run.not_made), all, "{run:?}");
}

#[test]
fn a_deleted_brief_leaves_nothing_behind() {
    let site = fixture();
    site.build(&[]);
    site.build(&[]);
    let before = site.snapshot();
    site.remove(&source(3));
    fs::remove_dir_all(site.path("content/briefs/2025/2025-06-01-gas")).unwrap();
    let run = build(&site, &[]);
    let after = site.snapshot();
    for gone in "briefs/2025/fisheries briefs/2025/gas authors/marta-olsen".split(' ') {
        assert!(!site.exists(gone), "{gone} is removed");
    }
    for trace in "/briefs/2025/fisheries/ /briefs/2025/gas/ marta-olsen Fisheries".split(' ') {
        assert!(containing(&after, trace).is_empty(), "{trace} remains");
    }
    let removed = before.keys().filter(|p| !after.contains_key(*p)).count();
    // Pages, citations, bundle files, the author's and the topic's pages and feeds.
    assert!(removed >= 14, "{removed}");
    assert_eq!(run.removed, removed, "{run:?}");
    let expected = fresh(&site, &[]);
    assert!(
        after.keys().eq(expected.keys()),
        "the files of a fresh build"
    );
    assert_output(&site, &expected, "after deleting two briefs");
}

const AUTHORS: &str = "Ann Lee|Łukasz Żółkiewski|Marta Olsen|Jon Smith|Priya Raman|Tomás Ortega|\
    Ingrid Berg|Kofi Mensah|Yuki Tanaka|Elena Petrova|Sam O'Neil|Zoë Martin";
const TOPICS: &str = "Energy|Trade|Security|Fisheries|Migration|Health|Digital Policy|Climate|\
    Defence Industry|Public Finance";
const WORDS: &str = "grid|tariff|Baltic|pipeline|sanctions|ports|quota|budget|cable|drones";

/// Brief `i` of the large site, its path and text; `edited`, with another body.
fn large_brief(i: usize, edited: bool) -> (String, String) {
    let pick = |list: &'static str, n: usize| list.split('|').cycle().nth(n).unwrap();
    let (year, month, day) = (2019 + i % 7, 1 + i % 12, 1 + (i * 7) % 28);
    let date = format!("{year}-{month:02}-{day:02}");
    let authors = [pick(AUTHORS, i), pick(AUTHORS, i * 5 + 3)];
    let topic = |k: usize| format!("{:?}", pick(TOPICS, i + k * 4));
    let topics: Vec<String> = (0..1 + i % 3).map(topic).collect();
    let mut extra = format!("topics = [{}]\n", topics.join(", "));
    if i.is_multiple_of(4) {
        extra.push_str(&format!("series = \"Spotlight\"\nnumber = {}\n", i / 4 + 1));
    }
    let title = format!("{} and {} {i}", pick(WORDS, i), pick(WORDS, i * 7 + 1));
    let mut text = brief(&title, &date, &authors[..1 + i % 2], &extra);
    let words: Vec<&str> = (0..40).map(|k| pick(WORDS, i * 3 + k * k)).collect();
    text.push_str(&format!("\n{}.\n", words.join(" ")));
    if edited {
        text = text.replace("More text.", "More text, revised after the summit.");
    }
    (format!("content/briefs/{year}/{date}-brief-{i}.md"), text)
}

/// Writes the large site's 300 briefs in one of two states; the second edits the bodies of 30
/// and the leads of two, deletes one (the listings it was in move up) and adds one.
fn large_state(site: &Site, second: bool) {
    for i in 0..=300 {
        let (path, mut text) = large_brief(i, second && i % 10 == 3);
        if second && (i == 20 || i == 150) {
            text = text.replace("Lead paragraph of", "A changed lead for");
        }
        if i == 300 && !second || i == 7 && second {
            let _ = fs::remove_file(site.path(&path));
        } else if fs::read_to_string(site.path(&path)).ok() != Some(text.clone()) {
            site.write(&path, &text);
        }
    }
}

/// When a build was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stopped {
    BeforeCommit,
    WhileCommitting,
    Finished,
}

/// What a build makes while it stages files, and while it moves them into the output.
const STAGING: &str = ".public.dossier-staging";
const COMMITTING: &str = ".dossier-cache/committing";

/// Starts `dossier build` and kills it (SIGKILL) `delay` after it starts or, given `mark`,
/// `delay` after `mark` appears; tells when it was stopped.
fn build_killed(site: &Site, mark: Option<&str>, delay: Duration) -> Stopped {
    let committing = site.path(COMMITTING);
    assert!(!committing.exists(), "the last build finished");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let running = |child: &mut std::process::Child| child.try_wait().unwrap().is_none();
    while mark.is_some_and(|m| !site.path(m).exists()) && running(&mut child) {
        std::thread::sleep(Duration::from_micros(100));
    }
    let started = Instant::now();
    while started.elapsed() < delay && running(&mut child) {
        std::thread::sleep(Duration::from_micros(500));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    match (status.signal(), committing.exists()) {
        (None, _) => Stopped::Finished,
        (Some(_), false) => Stopped::BeforeCommit,
        (Some(_), true) => Stopped::WhileCommitting,
    }
}

#[test]
fn a_killed_build_leaves_nothing_the_next_build_gets_wrong() {
    let site = Site::new();
    // No social cards: a debug build typesets 300 of them slowly, in each of some thirty
    // builds; tests/cards.rs checks that the cache keeps them.
    let toml = SITE_TOML.replace("per_page = 2", "per_page = 10") + "\n[cards]\ngenerate = false\n";
    site.write("site.toml", &toml);
    site.write("content/series/spotlight.md", SPOTLIGHT);
    large_state(&site, true);
    let started = Instant::now();
    let second = fresh(&site, &[]);
    let full = started.elapsed();
    large_state(&site, false);
    let expected = [fresh(&site, &[]), second];
    assert!(expected[0].len() > 1200, "{} files", expected[0].len());

    // First builds stopped, with no cache or marked output folder yet: as they start moving
    // files into place, and as they start staging them.
    for (state, mark) in [(1, COMMITTING), (0, STAGING)] {
        let _ = fs::remove_dir_all(site.path("public"));
        let _ = fs::remove_dir_all(site.path(CACHE));
        large_state(&site, state == 1);
        let stopped = build_killed(&site, Some(mark), Duration::ZERO);
        let run = site.run(&["build"]);
        let what = format!("a first build {stopped:?}, killed at {mark}");
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert_output(&site, &expected[state], &what);
    }

    // Random-ish delays up to the time of a full build, from a fixed seed; then two kills
    // as the build starts to move files into place.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut kills: Vec<(Option<&str>, Duration)> = (0..6)
        .map(|i| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let part = (i as f64 + (seed % 1000) as f64 / 1000.0) / 6.0;
            (None, full.mul_f64(part))
        })
        .collect();
    kills[0].1 = Duration::ZERO;
    kills.extend([
        (Some(COMMITTING), Duration::ZERO),
        (Some(COMMITTING), full / 50),
    ]);
    let mut seen = BTreeSet::new();
    for (i, (mark, delay)) in kills.into_iter().enumerate() {
        let state = (i + 1) % 2;
        large_state(&site, state == 1);
        let stopped = build_killed(&site, mark, delay);
        seen.insert(stopped);
        let run = site.run(&["build"]);
        let what = format!("{stopped:?} {delay:?} after {mark:?} (a full build: {full:?})");
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
        assert_output(&site, &expected[state], &what);
        // The cache is used unless the output may not be as it says: after a stopped commit.
        let used = stats(&run).not_made > 0;
        let trusted = stopped != Stopped::WhileCommitting;
        assert_eq!(used, trusted, "{what}: {}", run.stdout);
    }
    assert!(seen.contains(&Stopped::BeforeCommit), "{seen:?}");
    assert!(seen.contains(&Stopped::WhileCommitting), "{seen:?}");
}

#[test]
fn no_cache_writes_none_and_removes_the_old_one() {
    let site = fixture();
    site.build(&["--no-cache"]);
    assert!(!site.path(CACHE).exists(), "--no-cache writes no cache");
    site.build(&[]);
    assert!(site.path(".dossier-cache/build.bin").is_file());
    let run = build(&site, &["--no-cache"]);
    assert_eq!(run.not_made, 0, "it makes every file");
    assert!(!site.path(CACHE).exists(), "--no-cache removes the cache");
    assert_eq!(build(&site, &[]).not_made, 0, "no cache is left to use");
    assert!(site.path(".dossier-cache/build.bin").is_file());
}

#[test]
fn clean_removes_the_output_and_the_cache_and_nothing_else() {
    let site = fixture();
    site.build(&[]);
    let run = site.run(&["clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let said = |s: &str| run.stdout.contains(s);
    let told = said("Removed") && said("public") && said(CACHE);
    assert!(told, "{}", run.stdout);
    assert!(!site.path("public").exists() && !site.path(CACHE).exists());
    assert!(site.path(TALKS_SRC).is_file() && site.path("site.toml").is_file());
    let run = site.run(&["clean"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Nothing to clean"), "{}", run.stdout);

    site.build(&["--output", "out"]);
    let run = site.run(&["clean", "--output", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let gone = run.stdout.contains("out") && !site.path("out").exists();
    assert!(gone && !site.path(CACHE).exists(), "{}", run.stdout);

    // A folder that Dossier did not write is left as it is.
    site.write("mine/keep.txt", "precious");
    let root = site.root().to_str().unwrap();
    let mine = format!("{root}/mine");
    let run = run_in(Path::new("/"), &["clean", "--root", root, "-o", &mine]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    let refused = run.stderr.contains("not written by Dossier");
    assert!(refused, "{}", run.stderr);
    let kept = fs::read_to_string(site.path("mine/keep.txt")).unwrap();
    assert_eq!(kept, "precious");
}

#[test]
fn init_ignores_the_output_and_the_cache_in_git() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ignore = fs::read_to_string(dir.path().join("site/.gitignore")).unwrap();
    let lines: Vec<&str> = ignore.lines().collect();
    let both = lines.contains(&"/public/") && lines.contains(&"/.dossier-cache/");
    assert!(both, "{ignore}");
}
