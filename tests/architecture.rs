//! The layers of ARCHITECTURE.md must hold: no module imports from a layer above it, so no
//! import cycle between source files or between top modules, and no function over 80 lines.
//!
//! The checks are the team's `module_cycles.py` and `fn_lengths.py` (the shared shape tools)
//! ported rule for rule, as naive as they are (no raw strings, no nested comments), so that
//! `cargo test` reports what they report: files are the `.rs` under `src/` not named `*tests.rs`;
//! `crate::`/`super::`/`self::` paths, `use` groups expanded, resolve to the longest module
//! prefix that is a file; a folder's `mod.rs` naming its descendants draws no edge; a top
//! module is `src/foo.rs` or `src/foo/`; `#[cfg(test)]` modules are left out of lengths.
//! `DOSSIER_ARCH_SRC=<folder>` checks that folder instead of `src/` (to check the checks).

use std::path::{Path, PathBuf};

#[path = "architecture/imports.rs"]
mod imports;
#[path = "architecture/lengths.rs"]
mod lengths;

use imports::{cycle_report, module_of};
use lengths::function_lengths;

/// The longest a function may be, in lines.
const LIMIT: usize = 80;

/// One source file of the tree under check.
struct Source {
    /// The path as reports show it: `src/render/mod.rs`.
    shown: String,
    /// Its module path: `["render"]` for `src/render/mod.rs`, `[]` for `src/lib.rs`.
    module: Vec<String>,
    /// The file's name: `mod.rs`, `cache.rs`...
    name: String,
    /// Its text, line ends made `\n` as Python's text mode reads them.
    text: String,
}

fn src_dir() -> PathBuf {
    match std::env::var_os("DOSSIER_ARCH_SRC") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
    }
}

/// Every `.rs` file under `src` except test-only ones, sorted by path.
fn read_sources(src: &Path) -> Vec<Source> {
    let src = src
        .canonicalize()
        .unwrap_or_else(|e| panic!("cannot open the source folder {}: {e}", src.display()));
    let top = src
        .file_name()
        .map_or("src".into(), |n| n.to_string_lossy());
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_dir() || entry.path().is_dir();
        if is_dir || !name.ends_with(".rs") || name.ends_with("tests.rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).unwrap_or(entry.path());
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let text = std::fs::read_to_string(entry.path())
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", entry.path().display()));
        files.push(Source {
            shown: format!("{top}/{}", parts.join("/")),
            module: module_of(&parts),
            name,
            text: text.replace("\r\n", "\n").replace('\r', "\n"),
        });
    }
    assert!(!files.is_empty(), "no .rs file under {}", src.display());
    files.sort_by(|a, b| a.shown.cmp(&b.shown));
    files
}

#[test]
fn no_import_cycles() {
    let files = read_sources(&src_dir());
    let (cycles, report) = cycle_report(&files);
    println!("{}", report.lines().last().unwrap_or_default());
    assert!(
        !cycles,
        "import cycles: a module imports from a layer above it (ARCHITECTURE.md); \
         break each cycle by moving the shared item down a layer:\n{report}"
    );
}

#[test]
fn no_function_over_80_lines() {
    let files = read_sources(&src_dir());
    let all = function_lengths(&files);
    let over: Vec<String> = all
        .iter()
        .filter(|(len, _)| *len > LIMIT)
        .map(|(len, at)| format!("  {at} ({len} lines)"))
        .collect();
    let longest = all
        .first()
        .map_or("0 lines (-)".into(), |(n, at)| format!("{n} lines ({at})"));
    let summary = format!("longest function {longest}, {} over {LIMIT}", over.len());
    println!("{summary}");
    assert!(
        over.is_empty(),
        "{} functions over {LIMIT} lines; split each into named steps:\n{}\n{summary}",
        over.len(),
        over.join("\n")
    );
}
