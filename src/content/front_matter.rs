//! Splitting a Markdown file into its `+++` TOML front matter and body; the TOML is read by
//! [`crate::schema`].

use std::path::Path;

use crate::error::Diagnostic;
use crate::schema::TomlSource;

const FENCE: &str = "+++";

/// A Markdown file cut at its front-matter fences.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// The TOML between the fences.
    pub(crate) front_matter: &'a str,
    /// Byte offset of the front matter in the file, for line numbers.
    pub(crate) front_matter_offset: usize,
    /// The Markdown after the closing fence.
    pub(crate) body: &'a str,
    /// Byte offset of the body in the file, for line numbers.
    pub(crate) body_offset: usize,
}

impl Split<'_> {
    /// The front matter as TOML to parse, placed in `file_text` (the whole file at `path`).
    pub(crate) fn toml_source<'s>(&'s self, path: &'s Path, file_text: &'s str) -> TomlSource<'s> {
        TomlSource {
            path,
            file_text,
            toml: self.front_matter,
            offset: self.front_matter_offset,
        }
    }
}

/// Cuts `text` at its `+++` fences, or says what is wrong with them.
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let original_len = text.len();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Offsets are into the file as read, byte-order mark included.
    let bom_len = original_len - text.len();
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty")
            .with_hint("start it with `+++`, the front matter (at least `title`), and `+++`"));
    }
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() == "---" {
        return Err(yaml_front_matter(path, &text[first_line_end..]));
    }
    if text[..first_line_end].trim_end() != FENCE {
        return Err(
            Diagnostic::error(path, "the file does not start with front matter")
                .with_hint("put a `+++` line at the very top, the TOML front matter, then a closing `+++` line"),
        );
    }
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Ok(Split {
                front_matter: &text[first_line_end..offset],
                front_matter_offset: first_line_end + bom_len,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len() + bom_len,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, "the front matter opened with `+++` is never closed")
            .with_hint("add a line with only `+++` after the last front-matter key"),
    )
}

/// The error for YAML front matter, with the file's front matter converted to TOML in its hint.
fn yaml_front_matter(path: &Path, after_fence: &str) -> Diagnostic {
    let mut yaml = String::new();
    for line in after_fence.split_inclusive('\n') {
        if line.trim_end() == "---" {
            break;
        }
        yaml.push_str(line);
    }
    Diagnostic::error(
        path,
        "the front matter is YAML (between `---` lines): Dossier reads TOML between `+++` lines",
    )
    .with_hint(format!(
        "replace the front matter, `---` lines included, with this conversion (made by Dossier from the common YAML forms; check it):\n{}",
        super::yaml::to_toml(&yaml)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Schema, suggest};
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Doc {
        title: String,
        #[serde(default)]
        #[allow(dead_code)]
        authors: Vec<String>,
    }

    const SCHEMA: Schema = Schema::Table(&[
        ("title", Schema::Any),
        ("authors", Schema::Any),
        ("extra", Schema::Any),
    ]);

    fn parse(text: &str) -> Result<Doc, Vec<Diagnostic>> {
        let path = Path::new("a.md");
        let split = split(path, text).map_err(|d| vec![d])?;
        TomlSource {
            path,
            file_text: text,
            toml: split.front_matter,
            offset: split.front_matter_offset,
        }
        .parse(SCHEMA)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"T\"\n+++\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.front_matter, "title = \"T\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(parse(text).unwrap().title, "T");
    }

    #[test]
    fn offsets_count_a_byte_order_mark() {
        let text = "\u{feff}+++\ntitle = 3\n+++\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(&text[s.body_offset..], "Body\n");
        assert_eq!(
            &text[s.front_matter_offset..s.front_matter_offset + 5],
            "title"
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let d = split(Path::new("a.md"), "+++\ntitle = \"T\"\nBody\n").unwrap_err();
        assert!(d.message.contains("never closed"), "{d}");
    }

    #[test]
    fn missing_and_empty_files_are_errors() {
        assert!(
            split(Path::new("a.md"), "  \n")
                .unwrap_err()
                .message
                .contains("empty")
        );
        assert!(
            split(Path::new("a.md"), "# Title\n")
                .unwrap_err()
                .message
                .contains("front matter")
        );
    }

    #[test]
    fn yaml_front_matter_is_shown_converted() {
        let d = split(
            Path::new("a.md"),
            "---\ntitle: T\ndate: 2025-02-13\nauthor: Ann\n---\nBody\n",
        )
        .unwrap_err();
        assert!(d.message.contains("TOML between `+++` lines"), "{d}");
        let hint = d.hint.unwrap_or_default();
        assert!(
            hint.ends_with(
                "+++\ntitle = \"T\"\ndate = 2025-02-13\nauthors = [\"Ann\"]  # was `author`\n+++"
            ),
            "{hint}"
        );
    }

    #[test]
    fn unknown_key_names_its_line_and_suggests() {
        let errs = parse("+++\ntitle = \"T\"\nauthor = [\"A\"]\n+++\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].col), (3, 1));
        assert_eq!(
            errs[0].message,
            "unknown field `author`, did you mean `authors`?"
        );
    }

    #[test]
    fn syntax_error_uses_the_files_own_line_numbers() {
        let errs = parse("+++\ntitle = \"T\"\n\nauthors = [\"A\"\n+++\n").unwrap_err();
        assert!(errs[0].line >= 4, "{:?}", errs[0]);
    }

    #[test]
    fn wrong_type_names_its_line() {
        let errs = parse("+++\ntitle = 3\n+++\n").unwrap_err();
        assert_eq!(errs[0].line, 2, "{:?}", errs[0]);
    }

    #[test]
    fn missing_required_field_is_reported() {
        let errs = parse("+++\nauthors = []\n+++\n").unwrap_err();
        assert!(
            errs[0].message.contains("missing field `title`"),
            "{:?}",
            errs[0]
        );
    }

    #[test]
    fn suggestions_only_for_close_names() {
        assert_eq!(suggest("titel", &["title", "date"]), Some("title"));
        assert_eq!(suggest("zzz", &["title", "date"]), None);
    }
}
