//! Printing diagnostics like a compiler: severity, path and line, the offending line of the file
//! quoted with a marker under it, and a hint; in colour on a terminal, plain when piped or when
//! `NO_COLOR` is set. codespan-reporting does the drawing.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config, termcolor};

use crate::error::{Diagnostic, Severity};

/// Whether stderr should get colour: a terminal, and no `NO_COLOR`.
pub(crate) fn color_wanted() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Byte range of the token at a 1-based line and column: up to the next space or line end.
fn span_at(text: &str, line: usize, col: usize) -> Option<std::ops::Range<usize>> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text
        .get(line_start..)?
        .split('\n')
        .next()?
        .trim_end_matches('\r');
    let col_offset: usize = line_text
        .chars()
        .take(col.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    let rest = &line_text[col_offset.min(line_text.len())..];
    let len = rest
        .find(char::is_whitespace)
        .unwrap_or(rest.len())
        .max(1)
        .min(rest.len().max(1));
    let start = line_start + col_offset.min(line_text.len());
    Some(start..(start + len).min(text.len()).max(start))
}

/// A file's text as it is quoted: each control character replaced by its visible picture
/// (`␂` for U+0002), and each invisible mark (U+200F, which reorders what follows it) by `�`,
/// one character for one, so that columns still count the same and the terminal never
/// receives a control character or a direction mark from a file.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\0'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if crate::text::is_forbidden(c) => '\u{fffd}',
            c if crate::text::is_invisible(c) && !c.is_whitespace() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Draws every diagnostic to `out`, quoting the files below `root`.
pub(crate) fn write_diagnostics(
    out: &mut dyn termcolor::WriteColor,
    diagnostics: &[Diagnostic],
    root: &Path,
) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let mut ids: HashMap<&Path, Option<usize>> = HashMap::new();
    let config = Config::default();
    for d in diagnostics {
        let id = *ids.entry(d.path.as_path()).or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(&d.path)).ok()?;
            Some(files.add(d.path.display().to_string(), visible(&text)))
        });
        let report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let mut report = report.with_message(crate::text::shown(&d.message));
        let span = id.and_then(|id| {
            let text = files.get(id).ok()?.source();
            span_at(text, d.line, d.col).map(|span| (id, span))
        });
        report = match span {
            Some((id, span)) => report.with_labels(vec![Label::primary(id, span)]),
            None => report.with_notes(vec![format!(
                "in {}:{}:{}",
                d.path.display(),
                d.line.max(1),
                d.col.max(1)
            )]),
        };
        if let Some(hint) = &d.hint {
            let mut notes = report.notes.clone();
            notes.push(format!("help: {}", crate::text::shown(hint)));
            report = report.with_notes(notes);
        }
        term::emit_to_write_style(out, &config, &files, &report).map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// Prints diagnostics to stderr, with colour when it is a terminal.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic], root: &Path) {
    let choice = if color_wanted() {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    };
    let stream = termcolor::StandardStream::stderr(choice);
    let mut lock = stream.lock();
    if write_diagnostics(&mut lock, diagnostics, root).is_err() {
        for d in diagnostics {
            eprintln!("{d}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_the_line_and_marks_the_span() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "+++\ntitle = \"T\"\nauthor = [\"A\"]\n+++\n",
        )
        .unwrap();
        let d = Diagnostic::error("a.md", "unknown field `author`")
            .at(3, 1)
            .with_hint("did you mean `authors`?");
        let mut out = termcolor::NoColor::new(Vec::new());
        write_diagnostics(&mut out, &[d], dir.path()).unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        assert!(text.contains("error: unknown field `author`"), "{text}");
        assert!(text.contains("a.md:3:1"), "{text}");
        assert!(text.contains("author = [\"A\"]"), "quotes the line: {text}");
        assert!(text.contains("^^^^^^"), "marks the span: {text}");
        assert!(text.contains("help: did you mean `authors`?"), "{text}");
    }

    #[test]
    fn control_characters_are_quoted_as_pictures() {
        let dir = tempfile::tempdir().unwrap();
        let file = "+++\ntitle = \"A\u{1b}[2J\u{2}B\"\n+++\n";
        std::fs::write(dir.path().join("a.md"), file).unwrap();
        let d = Diagnostic::error("a.md", "bad \u{1b}[2J").at(2, 11);
        let mut out = termcolor::NoColor::new(Vec::new());
        write_diagnostics(&mut out, &[d], dir.path()).unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("A\u{241b}[2J\u{2402}B"), "{text}");
        assert!(text.contains("bad \\u{1B}[2J"), "{text}");
    }

    #[test]
    fn spans_stay_inside_the_text() {
        assert_eq!(span_at("abc def\nxyz", 1, 5), Some(4..7));
        assert_eq!(span_at("abc", 9, 9), Some(3..3), "a line past the end");
        assert_eq!(span_at("", 1, 1), Some(0..0));
    }
}
