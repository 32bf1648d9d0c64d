//! Text the PDF's fonts cannot show. Typst prints a character that no font has as an empty
//! box (glyph 0 of a font, "tofu"), and says nothing: Dossier looks for one in the typeset
//! pages and warns, naming the brief and the character.

use std::path::Path;

use typst::layout::{Frame, FrameItem, PagedDocument};

use crate::error::{Diagnostic, LineIndex};

/// Every character the document prints as an empty box, once each, in page order.
pub(crate) fn missing(document: &PagedDocument) -> Vec<char> {
    let mut found = Vec::new();
    for page in &document.pages {
        in_frame(&page.frame, &mut found);
    }
    found
}

fn in_frame(frame: &Frame, found: &mut Vec<char>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => in_frame(&group.frame, found),
            FrameItem::Text(text) => {
                let boxes = text.glyphs.iter().filter(|g| g.id == 0);
                let chars = boxes.filter_map(|g| text.text.get(g.range()));
                for c in chars.flat_map(str::chars).filter(|&c| needs_glyph(c)) {
                    if !found.contains(&c) {
                        found.push(c);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether a character is drawn: not a space, a control or an invisible mark, which fonts
/// need not have.
fn needs_glyph(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !crate::text::is_invisible(c)
}

/// The warning for a brief (`source`, whose text is `text`) whose PDF prints `missing` as
/// empty boxes: at the first of them in the brief's file, or at its start when none is there
/// (they come from elsewhere: a profile, the layout's words, the date written out).
pub(crate) fn warning(source: &Path, text: &str, missing: &[char]) -> Option<Diagnostic> {
    // Nearly every brief: no need to walk its text.
    if missing.is_empty() {
        return None;
    }
    let in_text = text.char_indices().find(|(_, c)| missing.contains(c));
    let (at, c) = in_text.or_else(|| missing.first().map(|&c| (usize::MAX, c)))?;
    let (line, col) = match at {
        usize::MAX => (1, 1),
        at => LineIndex::new(text).line_col(at),
    };
    let others = match missing.len() - 1 {
        0 => String::new(),
        1 => ", nor for 1 other character".to_string(),
        n => format!(", nor for {n} other characters"),
    };
    Some(
        Diagnostic::warning(
            source,
            format!(
                "the PDF's fonts have no glyph for `{c}` (U+{:04X}){others}: the PDF prints them as empty boxes",
                u32::from(c)
            ),
        )
        .at(line, col)
        .with_hint("add a font that has them from the site's folder, such as `[pdf] fonts = [\"fonts/NotoSansCJKjp-Regular.otf\"]` in site.toml for Japanese"),
    )
}
