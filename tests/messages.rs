//! Messages in plain words at the best place: no Rust jargon ("expected u32"), errors at the
//! line of what causes them rather than 1:1, invisible and look-alike characters in names shown
//! escaped and warned about, and `error:` printed once.

mod common;

use common::{SITE_TOML, Site, brief, run_in, two_briefs};

/// Runs `check` and `build`: both exit with `code` and say every needle, and neither says any
/// of `never`.
fn both(site: &Site, code: i32, needles: &[&str], never: &[&str]) -> String {
    let mut all = String::new();
    for command in ["check", "build"] {
        let run = site.run(&[command, "--now", "2025-06-01"]);
        let out = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, code, "{command} exited {}:\n{out}", run.code);
        for needle in needles {
            assert!(
                out.contains(needle),
                "{command}: missing `{needle}` in:\n{out}"
            );
        }
        for word in never {
            assert!(!out.contains(word), "{command}: `{word}` in:\n{out}");
        }
        all.push_str(&out);
    }
    all
}

const JARGON: &[&str] = &[
    "u32",
    "i128",
    "invalid type",
    "expected a",
    "sequence",
    "usize",
];

#[test]
fn type_errors_in_plain_words() {
    let cases = [
        (
            "number = \"3\"",
            "`number` must be a whole number such as 11, not the text \"3\"",
        ),
        (
            "number = 99999999999999999999",
            "`number`: the number 99999999999999999999 is too large",
        ),
        (
            "number = -1",
            "`number` must be a whole number of 0 or more, not the number -1",
        ),
        (
            "summary = 3",
            "`summary` must be text in quotes, not the number 3",
        ),
        (
            "topics = \"Energy\"",
            "`topics` must be a list, not the text \"Energy\"",
        ),
        ("draft = yes", "text must be written between double quotes"),
    ];
    for (line, message) in cases {
        let site = two_briefs();
        site.write(
            "content/briefs/2025/a.md",
            &brief(
                "Alpha",
                "2025-01-10",
                &["Ann Lee"],
                &format!("series = \"S\"\n{line}\n"),
            ),
        );
        both(&site, 1, &["content/briefs/2025/a.md:6:", message], JARGON);
    }
    let site = two_briefs();
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[pagination]\nper_page = \"20\"\n"),
    );
    both(
        &site,
        1,
        &[
            "site.toml:8:12",
            "`pagination.per_page` must be a whole number such as 20, not the text \"20\"",
            "write `per_page = 20`, without quotes",
        ],
        JARGON,
    );
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[markdown]\nraw_html = \"strip\"\n"),
    );
    both(
        &site,
        1,
        &[
            "site.toml:8:12",
            "`markdown.raw_html` must be \"allow\" or \"sanitize\", not \"strip\"",
        ],
        &["variant"],
    );
}

#[test]
fn errors_at_the_line_that_causes_them() {
    let site = two_briefs();
    site.write(
        "content/briefs/2025/b.md",
        &brief(
            "Beta",
            "2025-02-10",
            &["Ann Lee"],
            "series = \"Spotlight\"\nnumber = 1\n",
        ),
    );
    site.write(
        "content/briefs/2025/c/index.md",
        &brief("Gamma", "2025-03-10", &["Ann Lee"], "pdf = \"full.pdf\"\n"),
    );
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[languages.pl]\ntitle = 3\n"),
    );
    both(
        &site,
        1,
        &[
            "site.toml:7:1",
            "`[languages.pl]`: the value must be text in quotes, not the number 3",
        ],
        &["site.toml:1:1"],
    );
    site.write("site.toml", SITE_TOML);
    both(
        &site,
        1,
        &[
            "content/briefs/2025/a.md:6:1",
            "content/briefs/2025/b.md:6:1",
            "No. 1/2025 is used by 2 briefs",
            "content/briefs/2025/c/index.md:5:1",
            "`pdf = \"full.pdf\"` is not in the bundle folder",
        ],
        &[],
    );
}

#[test]
fn invisible_and_look_alike_characters_in_names() {
    let site = two_briefs();
    // Written as they are, not as TOML escapes.
    site.write(
        "content/briefs/2025/b.md",
        "+++\ntitle = \"Beta\"\ndate = 2025-02-10\nauthors = [\"Ann\u{200f} Lee\", \"Zoe\u{308} Brown\"]\n+++\nText.\n",
    );
    site.write(
        "content/briefs/2025/c.md",
        "+++\ntitle = \"Gamma\"\ndate = 2025-03-10\nauthors = [\"Zo\u{eb} Brown\"]\ntopics = [\"B\u{430}ltic States\"]\n+++\nText.\n",
    );
    let out = both(
        &site,
        0,
        &[
            "content/briefs/2025/b.md:4:1",
            "`Ann\\u{200F} Lee` holds an invisible character, U+200F (right-to-left mark)",
            "`Zoe\u{308} Brown` is written with a letter in two parts (`Zoe\\u{308} Brown`); typed as one letter it is `Zo\\u{EB} Brown`",
            "content/briefs/2025/c.md:5:1",
            "mixes Latin and Cyrillic letters: `\u{430}` is U+0430",
        ],
        &["\u{200f}"],
    );
    assert!(
        out.contains("they look the same but are encoded differently"),
        "check tells the two Zoës apart: {out}"
    );
}

#[test]
fn error_is_said_once_outside_a_site() {
    let empty = tempfile::tempdir().unwrap();
    for args in [
        &["new", "brief", "T"][..],
        &["new", "author", "A"],
        &["new", "page", "P"],
    ] {
        let run = run_in(empty.path(), args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains("has no site.toml"), "{}", run.stderr);
        assert!(
            !run.stderr.contains("nothing was written"),
            "{}",
            run.stderr
        );
    }
}
