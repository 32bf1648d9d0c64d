//! Size: a very long brief builds whole, in memory that grows with the text by a small factor
//! (issue 12: a 50 MB brief once needed 970 MB), measured by the build itself
//! (`DOSSIER_TRACE_MEMORY=1` prints the process's peak resident memory after each stage).
mod common;

use common::{Site, brief};

/// Bytes of Markdown in the long brief.
const SIZE: usize = 12_000_000;

/// A long brief as analysts write them, only longer: question sections, paragraphs with links
/// and emphasis, tables and footnotes.
fn long_body() -> String {
    let words = [
        "energy",
        "policy",
        "grid",
        "market",
        "security",
        "region",
        "investment",
        "capacity",
        "transmission",
        "regulation",
        "tariff",
        "demand",
        "supply",
        "storage",
    ];
    let mut body = String::with_capacity(SIZE + 4096);
    let mut i = 0usize;
    while body.len() < SIZE {
        i += 1;
        if i.is_multiple_of(50) {
            body.push_str(&format!("\n## Question {i}: what follows?\n\n"));
        } else if i.is_multiple_of(37) {
            body.push_str("| a | b |\n|---|---:|\n");
            for row in 0..10 {
                body.push_str(&format!("| {} | {row} |\n", words[row % words.len()]));
            }
            body.push('\n');
        } else {
            for w in 0..100 {
                body.push_str(words[(i * 7 + w) % words.len()]);
                body.push(' ');
            }
            body.push_str(&format!(
                "[source](https://example.org/{i}) and **point {i}**.[^n{i}]\n\n[^n{i}]: Note {i}.\n\n"
            ));
        }
    }
    body.push_str("\n## The last question?\n\nThe closing words.\n");
    body
}

/// The largest "after STAGE: VmHWM: N kB" the build printed, in bytes.
fn peak_bytes(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.starts_with("after "))
        .filter_map(|l| l.split_whitespace().rev().nth(1)?.parse::<usize>().ok())
        .max()
        .expect("DOSSIER_TRACE_MEMORY printed the peak memory")
        * 1024
}

#[test]
fn a_very_long_brief_builds_whole_in_memory_proportional_to_it() {
    let site = Site::new();
    site.write(
        "site.toml",
        // The HTML alone: 12 MB of text is some 4,000 PDF pages, which a debug build's Typst
        // was still typesetting minutes later (the PDFs have their tests in tests/pdf.rs).
        // No social cards either: they load the Typst fonts, tens of MB that do not grow with
        // the text this test measures (the cards have theirs in tests/cards.rs).
        &format!(
            "{}\n[search]\nenabled = false\n\n[pdf]\ngenerate = false\n\n[cards]\ngenerate = false\n",
            common::SITE_TOML
        ),
    );
    let text = brief("A very long brief", "2025-02-13", &["Ann Lee"], "") + &long_body();
    site.write("content/briefs/2025/long.md", &text);
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--verbose"])
        .current_dir(site.root())
        .env("DOSSIER_TRACE_MEMORY", "1")
        .output()
        .expect("run dossier");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");

    let page = site.output("briefs/2025/long/index.html");
    assert!(
        page.contains("The closing words."),
        "the page ends with the brief's end"
    );
    assert!(page.contains("id=\"the-last-question\""));
    assert!(page.len() > SIZE, "{} bytes of HTML", page.len());

    // Measured: 125 MB for 12 MB of Markdown (a debug build; 312 MB for 50 MB in a release
    // build): the text, the parser's tree and events, the HTML, the page. The bound leaves
    // room for allocators and machines, and fails at the 19 times the text once measured.
    let peak = peak_bytes(&stderr);
    eprintln!(
        "peak {} MB for {} MB of Markdown",
        peak / 1_000_000,
        text.len() / 1_000_000
    );
    let bound = 50_000_000 + 12 * text.len();
    assert!(
        peak < bound,
        "peak memory {} MB for a {} MB brief (bound {} MB)",
        peak / 1_000_000,
        text.len() / 1_000_000,
        bound / 1_000_000
    );
}
