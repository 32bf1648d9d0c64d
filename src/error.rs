//! Error types: diagnostics that point at a file, line and column, and the build errors that carry them.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the build; nothing is written.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// One problem found in the site's input, tagged with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Path relative to the site root (or as given, when outside it).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a file as a whole (line 1, column 1).
    pub(crate) fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            line: 1,
            col: 1,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at a file as a whole (line 1, column 1).
    pub(crate) fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, message)
        }
    }

    /// Places the diagnostic at a line and column.
    pub(crate) fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    /// Adds advice on how to fix the problem.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Puts `diagnostics` in the order of their files and places, each problem once: one found
    /// twice (a missing image, by the checks and by the PDF) is reported once.
    pub(crate) fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.sort_by(|a, b| {
            (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
        });
        diagnostics.dedup();
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {kind}: {}",
            self.path.display(),
            self.line.max(1),
            self.col.max(1),
            crate::text::shown(&self.message)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {}", crate::text::shown(hint))?;
        }
        Ok(())
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the site's content, configuration or templates; all of them, not just the first.
    #[error("{}", render_diagnostics(.0))]
    Content(Vec<Diagnostic>),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The command was asked for something it cannot do as asked (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// The local server could not be started or run: the port is taken, the address cannot be
    /// listened on, Ctrl-C cannot be handled (exit code 1: a failure of the machine, not of the
    /// command line).
    #[error("{0}")]
    Serve(String),
    /// Writing the site failed part-way (a full disk, a folder that cannot be written): the
    /// build stopped, and what was already changed in the output was undone.
    #[error("{}: {source}\n{}", path.display(), after_failure(output, restored))]
    Write {
        /// The file that could not be written (in the output, or the source it is copied from).
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
        /// The output folder.
        output: PathBuf,
        /// Why the changes could not be undone, if they could not.
        restored: Option<String>,
    },
    /// A signal (SIGINT, SIGTERM, SIGHUP) stopped the build (exit code 128 + its number).
    #[error("{}", interrupted(*signal, output, *finished))]
    Interrupted {
        /// The signal's number.
        signal: i32,
        /// The output folder.
        output: PathBuf,
        /// Whether the new site was already in place when the build stopped.
        finished: bool,
    },
    /// The output folder cannot safely be used.
    #[error("{}: {message}", path.display())]
    UnsafeOutput {
        /// The output folder.
        path: PathBuf,
        /// Why it was refused, and what to do.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub(crate) fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// The process's exit code when a command fails with this error: 2 for a mistake on the
    /// command line, 1 for anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Interrupted { signal, .. } => u8::try_from(128 + signal).unwrap_or(1),
            _ => 1,
        }
    }

    /// The diagnostics of a content error, if this is one.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Content(diagnostics) => diagnostics,
            _ => &[],
        }
    }
}

/// What a failed write left: the previous site, or, if undoing failed, what to do.
fn after_failure(output: &Path, restored: &Option<String>) -> String {
    match restored {
        None => format!(
            "the build stopped and nothing was changed: the output is the previous site ({})",
            output.display()
        ),
        Some(why) => format!(
            "the build stopped, and undoing what it had changed failed too ({why}): run `dossier \
             build` again, which first puts the previous site back in {}",
            output.display()
        ),
    }
}

/// What a signal that stopped the build left.
fn interrupted(signal: i32, output: &Path, finished: bool) -> String {
    let name = crate::interrupt::name(signal);
    if finished {
        format!(
            "interrupted by {name} after the new site was in place: the output is the new site ({})",
            output.display()
        )
    } else {
        format!(
            "interrupted by {name}: the build stopped and nothing was changed: the output is the previous site ({})",
            output.display()
        )
    }
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.to_string());
        out.push('\n');
    }
    out.push_str(&format!(
        "{errors} error{} found; nothing was written",
        if errors == 1 { "" } else { "s" }
    ));
    out
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a byte offset into a 1-based (line, column), counting columns in characters.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Where each line of a text starts, to place many offsets without scanning the text each time.
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub(crate) fn new(text: &'t str) -> LineIndex<'t> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The 1-based (line, column) of a byte offset, as [`line_col`] gives it.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |t| t.chars().count())
            + 1;
        (line, col)
    }
}

/// How many control characters of one file are reported one by one; the rest are counted.
const MAX_REPORTED: usize = 10;

/// The problem with a file's text, one diagnostic per control character (up to ten, then one
/// that counts the rest), each at its line and column.
pub(crate) fn control_characters(path: &Path, text: &str) -> Vec<Diagnostic> {
    if !crate::text::holds_forbidden(text) {
        return Vec::new();
    }
    let found: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| crate::text::is_forbidden(*c))
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(text);
    let mut problems: Vec<Diagnostic> = found
        .iter()
        .take(MAX_REPORTED)
        .map(|&(offset, c)| {
            let (line, col) = lines.line_col(offset);
            control_character(path, c).at(line, col)
        })
        .collect();
    if found.len() > MAX_REPORTED {
        let (offset, _) = found[MAX_REPORTED];
        let (line, col) = lines.line_col(offset);
        problems.push(
            Diagnostic::error(
                path,
                format!(
                    "{} more control characters in this file",
                    found.len() - MAX_REPORTED
                ),
            )
            .with_hint("the text was probably pasted from a PDF: paste it again as plain text, or delete them")
            .at(line, col),
        );
    }
    problems
}

/// The error for one control character, at the file as a whole until placed.
pub(crate) fn control_character(path: &Path, c: char) -> Diagnostic {
    Diagnostic::error(
        path,
        format!(
            "the character {} is not allowed in the text: feeds and sitemaps cannot carry it",
            crate::text::describe(c)
        ),
    )
    .with_hint("it usually comes from a PDF copy: delete it (most editors do not show it)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_with_their_position() {
        let problems = control_characters(Path::new("a.md"), "ok\nab\u{2}c\u{1b}\n");
        assert_eq!(problems.len(), 2);
        assert_eq!((problems[0].line, problems[0].col), (2, 3));
        assert!(
            problems[0].message.contains("U+0002 (start of text)"),
            "{}",
            problems[0]
        );
        assert!(
            problems[0]
                .hint
                .as_deref()
                .unwrap_or_default()
                .contains("PDF")
        );
        assert_eq!((problems[1].line, problems[1].col), (2, 5));
        assert!(control_characters(Path::new("a.md"), "tab\tand\r\nnew line").is_empty());
        // Read from the bytes: the characters that share a first byte with forbidden ones.
        assert!(
            control_characters(Path::new("a.md"), "©\u{a0}«»\u{a0}\u{fffd}\u{f8ff}\u{ffef}")
                .is_empty()
        );
        for c in ["\u{7f}", "\u{85}", "\u{9f}", "\u{fffe}", "\u{ffff}"] {
            let problems = control_characters(Path::new("a.md"), &format!("ab{c}"));
            assert_eq!((problems.len(), problems[0].col), (1, 3), "{c:?}");
        }
        let many = "\u{c}".repeat(25);
        let problems = control_characters(Path::new("a.md"), &many);
        assert_eq!(problems.len(), 11);
        assert!(
            problems[10].message.starts_with("15 more"),
            "{}",
            problems[10]
        );
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "ab\nłc\n\nend";
        let index = LineIndex::new(text);
        for offset in (0..=text.len() + 2).filter(|&o| text.is_char_boundary(o.min(text.len()))) {
            assert_eq!(
                index.line_col(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "ab\nłcd\nx";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2)); // after the two-byte 'ł'
        assert_eq!(line_col(text, 100), (3, 2));
    }

    #[test]
    fn only_usage_mistakes_exit_with_2() {
        assert_eq!(Error::Usage("no such brief".into()).exit_code(), 2);
        assert_eq!(Error::Serve("port in use".into()).exit_code(), 1);
        assert_eq!(Error::Content(Vec::new()).exit_code(), 1);
    }

    #[test]
    fn diagnostic_display_names_path_line_and_hint() {
        let d = Diagnostic::error("content/briefs/a.md", "unknown field `author`")
            .at(3, 1)
            .with_hint("did you mean `authors`?");
        assert_eq!(
            d.to_string(),
            "content/briefs/a.md:3:1: error: unknown field `author`\n  help: did you mean `authors`?"
        );
    }
}
