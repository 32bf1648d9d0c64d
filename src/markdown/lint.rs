//! What a text publishes that is probably not what its writer meant: a footnote cited with no
//! note (printed as it is, `[^3]`), a note defined twice (the second dropped) or never cited
//! (left out), and raw HTML that runs a script (`<script>`, `onerror=`, `javascript:` links).
//! Each is kept with its place in the text, for warnings.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;

/// How raw HTML in Markdown is published (`[markdown] raw_html` in site.toml).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RawHtml {
    /// As written: the analysts are trusted.
    #[default]
    Allow,
    /// Cleaned with ammonia: scripts, event handlers, `javascript:` URLs and unknown elements
    /// removed.
    Sanitize,
}

/// What is probably wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum IssueKind {
    /// `[^label]` cited with no `[^label]:` note anywhere.
    UndefinedNote(String),
    /// A second `[^label]:` note.
    DuplicateNote(String),
    /// A note no `[^label]` cites.
    UnusedNote(String),
    /// A `<script>` element.
    Script,
    /// An event-handler attribute, such as `onerror`.
    EventHandler(String),
    /// A `javascript:` (or `vbscript:`) URL.
    ScriptUrl,
    /// Text left to replace: a skeleton's sentence, `TODO`, "Lorem ipsum".
    Placeholder(crate::placeholder::Found),
}

/// One finding, at a byte offset of the Markdown, and its line and column in the file once
/// placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Issue {
    pub(crate) kind: IssueKind,
    pub(crate) offset: usize,
    pub(crate) line: usize,
    pub(crate) col: usize,
}

impl Issue {
    /// Whether it is about raw HTML (reported by `check`), not footnotes (by every build).
    pub(crate) fn is_raw_html(&self) -> bool {
        matches!(
            self.kind,
            IssueKind::Script | IssueKind::EventHandler(_) | IssueKind::ScriptUrl
        )
    }

    /// Whether it is text left to replace, which a draft may hold.
    pub(crate) fn is_placeholder(&self) -> bool {
        matches!(self.kind, IssueKind::Placeholder(_))
    }

    /// The warning for it, in the file at `path`.
    pub(crate) fn diagnostic(&self, path: &Path, raw_html: RawHtml) -> Diagnostic {
        let fate = match raw_html {
            RawHtml::Allow => {
                "it is published as written (`[markdown] raw_html = \"allow\"`), and runs in every reader's browser"
            }
            RawHtml::Sanitize => {
                "it is removed when the site is built (`[markdown] raw_html = \"sanitize\"`)"
            }
        };
        let (message, hint) = match &self.kind {
            IssueKind::UndefinedNote(label) => (
                format!("footnote `[^{label}]` has no note: it is printed as it is"),
                format!("add the note, a line `[^{label}]: The source.`, or correct the label"),
            ),
            IssueKind::DuplicateNote(label) => (
                format!("a second note `[^{label}]:`: only the first is published"),
                "give each note a label of its own".to_string(),
            ),
            IssueKind::UnusedNote(label) => (
                format!("note `[^{label}]:` is never cited: it is left out of the page"),
                format!("cite it with `[^{label}]` in the text, or delete it"),
            ),
            IssueKind::Script => (
                "raw HTML `<script>` in the text".to_string(),
                format!("{fate}; embed widgets in the theme's templates instead"),
            ),
            IssueKind::EventHandler(name) => (
                format!("raw HTML with an event handler, `{name}=`"),
                format!("{fate}; remove the attribute"),
            ),
            IssueKind::ScriptUrl => (
                "a `javascript:` URL in the text".to_string(),
                format!("{fate}; link to a page instead"),
            ),
            IssueKind::Placeholder(found) => {
                let (message, hint) = crate::placeholder::message(found);
                (message, hint.to_string())
            }
        };
        Diagnostic::warning(path, message)
            .with_hint(hint)
            .at(self.line, self.col)
    }
}

/// Watches the events of a text, with their byte ranges, and says what it found.
#[derive(Default)]
pub(super) struct Lint {
    issues: Vec<Issue>,
    defined: HashMap<String, usize>,
    cited: HashSet<String>,
    /// Consecutive text events (the parser splits `[^x]` into `[`, `^x`, `]`): their text and
    /// where each starts in the run and in the Markdown.
    run: String,
    run_starts: Vec<(usize, usize)>,
    code_depth: usize,
}

impl Lint {
    fn push(&mut self, kind: IssueKind, offset: usize) {
        self.issues.push(Issue {
            kind,
            offset,
            line: 0,
            col: 0,
        });
    }

    pub(super) fn observe(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if !matches!(event, Event::Text(_)) {
            self.end_run();
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code_depth += 1,
            Event::End(TagEnd::CodeBlock) => self.code_depth = self.code_depth.saturating_sub(1),
            Event::Text(text) if self.code_depth == 0 => {
                self.run_starts.push((self.run.len(), range.start));
                self.run.push_str(text);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                if self.defined.contains_key(label.as_ref()) {
                    self.push(IssueKind::DuplicateNote(label.to_string()), range.start);
                } else {
                    self.defined.insert(label.to_string(), range.start);
                }
            }
            Event::FootnoteReference(label) => {
                self.cited.insert(label.to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => self.raw_html(html, range.start),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if is_script_url(dest_url) =>
            {
                self.push(IssueKind::ScriptUrl, range.start);
            }
            _ => {}
        }
    }

    /// Looks for `[^label]` left as text, and placeholders, in the run of text just ended.
    fn end_run(&mut self) {
        let run = std::mem::take(&mut self.run);
        let starts = std::mem::take(&mut self.run_starts);
        let source_offset = |at: usize| {
            starts
                .iter()
                .rev()
                .find(|(in_run, _)| *in_run <= at)
                .map_or(0, |(in_run, source)| source + (at - in_run))
        };
        for (at, found) in crate::placeholder::find(&run) {
            self.push(IssueKind::Placeholder(found), source_offset(at));
        }
        let mut from = 0;
        while let Some(found) = run[from..].find("[^") {
            let at = from + found;
            from = at + 2;
            let Some(len) = run[from..].find(']') else {
                break;
            };
            let label = &run[from..from + len];
            if label.is_empty() || label.contains(char::is_whitespace) {
                continue;
            }
            self.push(
                IssueKind::UndefinedNote(label.to_string()),
                source_offset(at),
            );
        }
    }

    fn raw_html(&mut self, html: &str, start: usize) {
        let lower = html.to_ascii_lowercase();
        if let Some(at) = lower.find("<script") {
            self.push(IssueKind::Script, start + at);
        }
        if let Some(at) = ["javascript:", "vbscript:"]
            .iter()
            .filter_map(|scheme| lower.find(scheme))
            .min()
        {
            self.push(IssueKind::ScriptUrl, start + at);
        }
        if let Some((at, name)) = event_handler(&lower) {
            self.push(IssueKind::EventHandler(name), start + at);
        }
    }

    /// Every finding, in the order of the text; notes never cited are found last.
    pub(super) fn finish(mut self) -> Vec<Issue> {
        self.end_run();
        let mut unused: Vec<(usize, String)> = self
            .defined
            .iter()
            .filter(|(label, _)| !self.cited.contains(*label))
            .map(|(label, offset)| (*offset, label.clone()))
            .collect();
        unused.sort();
        for (offset, label) in unused {
            self.push(IssueKind::UnusedNote(label), offset);
        }
        self.issues.sort_by_key(|i| i.offset);
        self.issues
    }
}

/// Whether a link's destination runs a script.
fn is_script_url(url: &str) -> bool {
    let url: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    url.starts_with("javascript:") || url.starts_with("vbscript:")
}

/// The first event-handler attribute (`onerror=`) inside a tag of lowercase HTML: its offset and
/// name.
fn event_handler(html: &str) -> Option<(usize, String)> {
    let bytes = html.as_bytes();
    let mut in_tag = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'o' if in_tag
                && i > 0
                && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'/' | b'"' | b'\'')
                && bytes.get(i + 1) == Some(&b'n') =>
            {
                let name_len = bytes[i + 2..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                let after = html[i + 2 + name_len..].trim_start();
                if name_len > 0 && after.starts_with('=') {
                    return Some((i, html[i..i + 2 + name_len].to_string()));
                }
            }
            _ => {}
        }
    }
    None
}

/// The sanitizer for `raw_html = "sanitize"`: ammonia's defaults (no scripts, event handlers,
/// styles or `javascript:` URLs), plus what Dossier's own Markdown output needs (sections, ids
/// and classes, the footnotes' ARIA attributes, table alignment), and no `rel` added to links.
static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["section"])
        .add_generic_attributes([
            "id",
            "class",
            "aria-describedby",
            "aria-labelledby",
            "aria-label",
        ])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .filter_style_properties(["text-align"].into_iter().collect())
        .link_rel(None);
    builder
});

/// HTML cleaned of everything that could run a script.
pub(super) fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{Labels, render_with};

    fn kinds(markdown: &str) -> Vec<(IssueKind, usize)> {
        render_with(markdown, "/", &Labels::default(), RawHtml::Allow)
            .issues
            .clone()
            .into_iter()
            .map(|i| (i.kind, i.offset))
            .collect()
    }

    #[test]
    fn footnotes_without_notes_twice_defined_or_never_cited() {
        let text = "A[^x] and B[^a].\n\n[^a]: One.\n\n[^a]: Two.\n\n[^u]: Unused.\n\n`[^code]`\n";
        assert_eq!(
            kinds(text),
            [
                (IssueKind::UndefinedNote("x".into()), 1),
                (IssueKind::DuplicateNote("a".into()), 30),
                (IssueKind::UnusedNote("u".into()), 42),
            ]
        );
        assert!(kinds("Text [^ not a note] and [x](y).\n").is_empty());
    }

    #[test]
    fn scripts_handlers_and_script_urls_in_raw_html() {
        let text = "<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>\n\nA <img src=x ONERROR=y> [j](javascript:alert(1)) <a href=\"JavaScript:z\">z</a>\n";
        let found = kinds(text);
        assert!(
            found.contains(&(IssueKind::EventHandler("onclick".into()), 5)),
            "{found:?}"
        );
        assert!(found.contains(&(IssueKind::Script, 20)), "{found:?}");
        assert!(
            found.contains(&(IssueKind::EventHandler("onerror".into()), 67)),
            "{found:?}"
        );
        assert_eq!(
            found
                .iter()
                .filter(|(k, _)| *k == IssueKind::ScriptUrl)
                .count(),
            2,
            "{found:?}"
        );
        assert!(kinds("<p class=\"once\">Online: <b>on</b></p>\n").is_empty());
    }

    #[test]
    fn sanitizing_removes_scripts_and_keeps_dossiers_own_markup() {
        let text = "Lead <b onmouseover=\"x()\">bold</b>.\n\n## Why? {#why .wide}\n\n<script>alert(1)</script>\n\n[j](javascript:alert(1)) and a note[^1].\n\n|a|b|\n|:-|-:|\n|1|2|\n\n[^1]: The note.\n";
        let r = render_with(text, "/", &Labels::default(), RawHtml::Sanitize);
        for gone in ["<script", "onmouseover", "javascript:"] {
            assert!(!r.html.contains(gone), "{gone}: {}", r.html);
        }
        for kept in [
            "<h2 id=\"why\" class=\"wide\">Why?</h2>",
            "<section class=\"footnotes\" aria-labelledby=\"footnotes-label\">",
            "aria-describedby=\"footnotes-label\"",
            "style=\"text-align:left\"",
        ] {
            assert!(r.html.contains(kept), "{kept}: {}", r.html);
        }
        assert_eq!(r.lead_html(), "<p>Lead <b>bold</b>.</p>\n");
    }
}
