//! Property tests of incremental builds: random sequences of edits to a fixture site, each
//! followed by a build with the persistent cache and by `serve`'s in-memory rebuild, must give
//! exactly the bytes of a fresh build of the same content with no cache.
//!
//! `PROPTEST_CASES=500 cargo test --lib incremental` runs more cases than the default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::build::{self, BuildOptions, Session};
use crate::config::Overrides;
use crate::emit::search::IndexJob;
use crate::output::Contents;

const AUTHORS: &[&str] = &[
    "Ann Lee",
    "Łukasz Żółkiewski",
    "Marta van der Berg",
    "Jon Smith",
];
const TOPICS: &[&str] = &["Energy", "Trade", "Security"];
const REGIONS: &[&str] = &["Baltic States", "Central Europe"];
const TYPES: &[&str] = &["Analysis", "Commentary"];
const WORDS: &[&str] = &["grid", "tariff", "Baltic", "pipeline", "sanctions", "ports"];

const SITE_TOML: &str = r#"title = "Test Institute"
base_url = "https://example.org/think"

[publisher]
name = "Test Institute"

[pagination]
per_page = 2

[[taxonomies]]
name = "regions"
singular = "Region"

[[taxonomies]]
name = "types"
title = "Publication types"
feed = false
"#;

/// One brief of the fixture, as its front matter and body are written.
#[derive(Debug, Clone)]
struct BriefModel {
    title: String,
    date: u32,
    authors: Vec<usize>,
    topics: Vec<usize>,
    regions: Vec<usize>,
    kind: Option<usize>,
    body: String,
    series: bool,
}

impl BriefModel {
    fn text(&self, number: u32) -> String {
        let names = |list: &[&str], picks: &[usize]| -> String {
            let names: Vec<String> = picks.iter().map(|&i| format!("{:?}", list[i])).collect();
            format!("[{}]", names.join(", "))
        };
        let mut text = format!(
            "+++\ntitle = {:?}\ndate = 2025-{:02}-{:02}\nauthors = {}\ntopics = {}\nregions = {}\n",
            self.title,
            1 + self.date / 28,
            1 + self.date % 28,
            names(AUTHORS, &self.authors),
            names(TOPICS, &self.topics),
            names(REGIONS, &self.regions),
        );
        if let Some(kind) = self.kind {
            text.push_str(&format!("types = {:?}\n", TYPES[kind]));
        }
        if self.series {
            text.push_str(&format!("series = \"Spotlight\"\nnumber = {number}\n"));
        }
        text.push_str(&format!(
            "+++\nThe lead of {}.\n\n## What is at stake?\n\n{}\n\n## What next?\n\nMore text.[^1]\n\n[^1]: A note.\n",
            self.title, self.body
        ));
        text
    }
}

/// An edit to the fixture.
#[derive(Debug, Clone)]
enum Edit {
    Title(usize, usize),
    Body(usize, usize),
    Date(usize, u32),
    Authors(usize, Vec<usize>),
    Topics(usize, Vec<usize>),
    Regions(usize, Vec<usize>),
    Kind(usize, Option<usize>),
    Bio(usize, usize),
    New(usize),
    Delete(usize),
    Template(usize),
}

fn picks(len: usize) -> impl Strategy<Value = Vec<usize>> {
    proptest::sample::subsequence((0..len).collect::<Vec<_>>(), 0..=len)
}

fn edit() -> impl Strategy<Value = Edit> {
    let brief = 0..8usize;
    prop_oneof![
        (brief.clone(), 0..WORDS.len()).prop_map(|(b, w)| Edit::Title(b, w)),
        (brief.clone(), 0..WORDS.len()).prop_map(|(b, w)| Edit::Body(b, w)),
        (brief.clone(), 0..300u32).prop_map(|(b, d)| Edit::Date(b, d)),
        (
            brief.clone(),
            picks(AUTHORS.len()).prop_filter("one author", |a| !a.is_empty())
        )
            .prop_map(|(b, a)| Edit::Authors(b, a)),
        (brief.clone(), picks(TOPICS.len())).prop_map(|(b, t)| Edit::Topics(b, t)),
        (brief.clone(), picks(REGIONS.len())).prop_map(|(b, r)| Edit::Regions(b, r)),
        (brief.clone(), proptest::option::of(0..TYPES.len())).prop_map(|(b, k)| Edit::Kind(b, k)),
        (0..2usize, 0..WORDS.len()).prop_map(|(a, w)| Edit::Bio(a, w)),
        (0..WORDS.len()).prop_map(Edit::New),
        brief.clone().prop_map(Edit::Delete),
        (0..3usize).prop_map(Edit::Template),
    ]
}

/// The fixture: its briefs, and the texts of its other files.
struct Fixture {
    root: tempfile::TempDir,
    briefs: Vec<Option<BriefModel>>,
}

impl Fixture {
    fn new() -> Fixture {
        let fixture = Fixture {
            root: tempfile::tempdir().expect("temp dir"),
            briefs: (0..5)
                .map(|i| {
                    Some(BriefModel {
                        title: format!("Brief {i} on {}", WORDS[i % WORDS.len()]),
                        date: (i as u32) * 17,
                        authors: vec![i % AUTHORS.len()],
                        topics: vec![i % TOPICS.len()],
                        regions: vec![i % REGIONS.len()],
                        kind: Some(i % TYPES.len()),
                        body: "Body text.".into(),
                        series: i % 2 == 0,
                    })
                })
                .collect(),
        };
        fixture.write("site.toml", SITE_TOML);
        fixture.write(
            "content/authors/ann-lee.md",
            "+++\nname = \"Ann Lee\"\nrole = \"Fellow\"\n+++\nAnn writes.\n",
        );
        fixture.write(
            "content/topics/energy.md",
            "+++\nname = \"Energy\"\n+++\nPower.\n",
        );
        fixture.write(
            "content/regions/baltic-states.md",
            "+++\nname = \"Baltic States\"\n+++\nThe Baltic.\n",
        );
        fixture.write(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\n+++\nAbout us.\n",
        );
        fixture.write_briefs();
        fixture
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join("site").join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn write_briefs(&self) {
        for (i, brief) in self.briefs.iter().enumerate() {
            let rel = format!("content/briefs/b{i}.md");
            match brief {
                // Numbered by position, so numbers stay unique within the series.
                Some(brief) => self.write(&rel, &brief.text(i as u32 + 1)),
                None => {
                    let _ = std::fs::remove_file(self.path(&rel));
                }
            }
        }
    }

    fn apply(&mut self, edit: &Edit) {
        let count = self.briefs.len();
        let target = match edit {
            Edit::Title(i, _)
            | Edit::Body(i, _)
            | Edit::Date(i, _)
            | Edit::Authors(i, _)
            | Edit::Topics(i, _)
            | Edit::Regions(i, _)
            | Edit::Kind(i, _) => self.briefs[i % count].as_mut(),
            _ => None,
        };
        if let Some(b) = target {
            match edit.clone() {
                Edit::Title(_, w) => b.title = format!("{} {}", b.title, WORDS[w]),
                Edit::Body(_, w) => b.body.push_str(&format!(" {}", WORDS[w])),
                Edit::Date(_, d) => b.date = d,
                Edit::Authors(_, a) => b.authors = a,
                Edit::Topics(_, t) => b.topics = t,
                Edit::Regions(_, r) => b.regions = r,
                Edit::Kind(_, k) => b.kind = k,
                _ => {}
            }
        }
        match edit.clone() {
            Edit::Bio(a, w) => {
                let slug = if a == 0 { "ann-lee" } else { "jon-smith" };
                let name = if a == 0 { "Ann Lee" } else { "Jon Smith" };
                self.write(
                    &format!("content/authors/{slug}.md"),
                    &format!("+++\nname = {name:?}\n+++\nWrites on {}.\n", WORDS[w]),
                );
            }
            Edit::New(w) => self.briefs.push(Some(BriefModel {
                title: format!("New brief on {}", WORDS[w]),
                date: 100 + w as u32,
                authors: vec![w % AUTHORS.len()],
                topics: vec![w % TOPICS.len()],
                regions: vec![],
                kind: None,
                body: "Fresh.".into(),
                series: w % 2 == 1,
            })),
            Edit::Delete(i) => self.briefs[i % count] = None,
            Edit::Template(v) => {
                let base = crate::theme::DEFAULT_THEME
                    .get_file("templates/brief.html")
                    .and_then(|f| f.contents_utf8())
                    .unwrap_or_default();
                self.write(
                    "templates/brief.html",
                    &base.replace(
                        "</article>",
                        &format!("<p>Template variant {v}.</p></article>"),
                    ),
                );
            }
            _ => {}
        }
        self.write_briefs();
    }

    fn options(&self, output: &Path, no_cache: bool) -> BuildOptions {
        BuildOptions {
            root: self.path(""),
            overrides: Overrides {
                output_dir: Some(output.to_path_buf()),
                base_url: None,
                origin: None,
            },
            no_cache,
            ..BuildOptions::default()
        }
    }
}

/// Every file of an output folder but Dossier's marker, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() != crate::output::MARKER)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The site `serve` holds after applying an update, as `serve` does: its search index is
/// made at once here, where `serve` makes it in the background.
fn apply_update(served: &mut BTreeMap<PathBuf, Vec<u8>>, update: build::Update) {
    let current: std::collections::HashSet<PathBuf> = update.paths.into_iter().collect();
    let bundle = Path::new(crate::routes::SEARCH_BUNDLE);
    served.retain(|path, _| current.contains(path) || path.starts_with(bundle));
    match update.index_job {
        Some(IndexJob::Build { shards, list }) => {
            served.retain(|path, _| !path.starts_with(bundle));
            for shard in shards {
                let files = crate::emit::search::build(
                    std::iter::once(shard.records),
                    (shard.keep, shard.fingerprint),
                    &|| false,
                )
                .expect("the search index");
                served.extend(files.into_iter().map(|(name, bytes)| {
                    let name = name.to_string_lossy();
                    let path = crate::routes::search_shard_file(&shard.folder, &name);
                    (PathBuf::from(path), bytes)
                }));
            }
            let path = crate::routes::search_bundle_file(crate::emit::search::SHARD_LIST);
            served.insert(PathBuf::from(path), list);
        }
        Some(IndexJob::Remove) => served.retain(|path, _| !path.starts_with(bundle)),
        None => {}
    }
    for file in update.files {
        let bytes = match file.contents {
            Contents::Bytes(bytes) => bytes,
            Contents::Copy(source) => std::fs::read(source).expect("read a copied file"),
            Contents::Static(bytes) => bytes.to_vec(),
        };
        served.insert(file.path, bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 16,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_builds_equal_fresh_builds(edits in proptest::collection::vec(edit(), 1..6)) {
        let mut fixture = Fixture::new();
        let cached = fixture.root.path().join("cached");
        let options = fixture.options(&cached, false);
        build::build(&options).expect("first build");
        let mut session = Session::new(fixture.options(&cached, true));
        let mut served = BTreeMap::new();
        apply_update(&mut served, session.rebuild().expect("first rebuild"));
        for (step, edit) in edits.iter().enumerate() {
            fixture.apply(edit);
            let fresh = fixture.root.path().join(format!("fresh{step}"));
            let fresh_result = build::build(&fixture.options(&fresh, true));
            let cached_result = build::build(&options);
            let rebuilt = session.rebuild();
            prop_assert_eq!(fresh_result.is_ok(), cached_result.is_ok(), "after {:?}", edit);
            prop_assert_eq!(fresh_result.is_ok(), rebuilt.is_ok(), "serve, after {:?}", edit);
            let (Ok(_), Ok(update)) = (fresh_result, rebuilt) else { continue };
            let expected = snapshot(&fresh);
            let got = snapshot(&cached);
            let differing: Vec<&PathBuf> = expected.keys().chain(got.keys())
                .filter(|p| expected.get(*p) != got.get(*p)).collect();
            prop_assert!(differing.is_empty(), "cached build differs after {:?}: {:?}", edit, differing);
            apply_update(&mut served, update);
            let differing: Vec<&PathBuf> = expected.keys().chain(served.keys())
                .filter(|p| expected.get(*p) != served.get(*p)).collect();
            prop_assert!(differing.is_empty(), "serve differs after {:?}: {:?}", edit, differing);
        }
    }
}
