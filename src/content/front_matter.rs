//! Splitting a Markdown file into its `+++` TOML front matter and body; the TOML is read by
//! [`crate::schema`].

use std::borrow::Cow;
use std::path::Path;

use crate::error::Diagnostic;
use crate::schema::TomlSource;

const FENCE: &str = "+++";
/// The fence of YAML front matter.
const YAML_FENCE: &str = "---";

/// A Markdown file cut at its front-matter fences.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// The TOML between the fences; for YAML front matter, its TOML, line for line.
    pub(crate) front_matter: Cow<'a, str>,
    /// For YAML front matter: the file with its YAML replaced by that TOML (the same lines), to
    /// place the TOML's spans at the file's lines.
    pub(crate) file_as_toml: Option<String>,
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
            file_text: self.file_text(file_text),
            toml: &self.front_matter,
            offset: self.front_matter_offset,
        }
    }

    /// The text that the front matter's spans are offsets into: the file's own, or for YAML the
    /// file with its front matter as TOML.
    pub(crate) fn file_text<'s>(&'s self, file_text: &'s str) -> &'s str {
        self.file_as_toml.as_deref().unwrap_or(file_text)
    }
}

/// Cuts `text` at its `+++` (TOML) or `---` (YAML) fences, or says what is wrong with them.
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Vec<Diagnostic>> {
    split_one(path, text)
        .map_err(|d| vec![d])?
        .read_yaml(path, text)
}

/// A front matter between `fence` lines, or the error.
fn split_one<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let original_len = text.len();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Offsets are into the file as read, byte-order mark included.
    let bom_len = original_len - text.len();
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty")
            .with_hint("start it with `+++`, the front matter (at least `title`), and `+++`"));
    }
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let fence = text[..first_line_end].trim_end();
    if fence != FENCE && fence != YAML_FENCE {
        return Err(
            Diagnostic::error(path, "the file does not start with front matter")
                .with_hint("put a `+++` line at the very top, the TOML front matter, then a closing `+++` line (or YAML between `---` lines)"),
        );
    }
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Ok(Split {
                front_matter: Cow::Borrowed(&text[first_line_end..offset]),
                file_as_toml: (fence == YAML_FENCE).then(String::new),
                front_matter_offset: first_line_end + bom_len,
                body: &text[offset + line.len()..],
                body_offset: offset + line.len() + bom_len,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        format!("the front matter opened with `{fence}` is never closed"),
    )
    .with_hint(format!(
        "add a line with only `{fence}` after the last front-matter key"
    )))
}

impl<'a> Split<'a> {
    /// For YAML front matter (marked by an empty `file_as_toml`), its TOML, line for line.
    fn read_yaml(mut self, path: &Path, text: &str) -> Result<Split<'a>, Vec<Diagnostic>> {
        if self.file_as_toml.is_none() {
            return Ok(self);
        }
        let start = self.front_matter_offset;
        let end = start + self.front_matter.len();
        // The file's line of the YAML's first line: the line after the opening fence.
        let first_line = text[..start.min(text.len())].matches('\n').count() + 1;
        let toml = super::yaml::to_toml(path, &self.front_matter, first_line)?;
        let mut file = String::with_capacity(text.len());
        file.push_str(text.get(..start).unwrap_or_default());
        file.push_str(&toml);
        file.push_str(text.get(end..).unwrap_or_default());
        self.file_as_toml = Some(file);
        self.front_matter = Cow::Owned(toml);
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::suggest;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Doc {
        title: String,
        #[serde(default)]
        #[allow(dead_code)]
        authors: Vec<String>,
        #[serde(default)]
        #[allow(dead_code)]
        extra: toml::Table,
    }

    fn parse(text: &str) -> Result<Doc, Vec<Diagnostic>> {
        let path = Path::new("a.md");
        let split = split(path, text)?;
        split.toml_source(path, text).parse()
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
        let d = &split(Path::new("a.md"), "+++\ntitle = \"T\"\nBody\n").unwrap_err()[0];
        assert!(d.message.contains("never closed"), "{d}");
    }

    #[test]
    fn missing_and_empty_files_are_errors() {
        assert!(
            split(Path::new("a.md"), "  \n").unwrap_err()[0]
                .message
                .contains("empty")
        );
        assert!(
            split(Path::new("a.md"), "# Title\n").unwrap_err()[0]
                .message
                .contains("front matter")
        );
    }

    #[test]
    fn yaml_front_matter_is_read_as_toml_on_the_same_lines() {
        let text = "---\ntitle: T\ndate: 2025-02-13\nauthors: [Ann]\nauthor: Ann\n---\nBody\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(
            s.front_matter,
            "title =\"T\"\ndate =2025-02-13\nauthors =[\"Ann\"]\nauthor =\"Ann\"\n"
        );
        assert_eq!(s.body, "Body\n");
        // The schema's error points at the YAML's line.
        let errs = s
            .toml_source(Path::new("a.md"), text)
            .parse::<Doc>()
            .unwrap_err();
        assert_eq!(errs[0].line, 5, "{:?}", errs[0]);
        assert!(
            errs[0].message.contains("did you mean `authors`"),
            "{:?}",
            errs[0]
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
