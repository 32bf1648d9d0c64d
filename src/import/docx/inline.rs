//! Runs of text with their formatting, and how a paragraph's runs are written as Markdown:
//! neighbouring runs of one format merged, markers kept off the spaces at their edges, and
//! Markdown's special characters escaped.

use std::rc::Rc;

/// A run's character formatting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Fmt {
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    pub(crate) strike: bool,
    pub(crate) sup: bool,
    pub(crate) sub: bool,
}

/// A piece of a paragraph.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    /// Text, with its format and the link it is part of.
    Text {
        text: String,
        fmt: Fmt,
        link: Option<Rc<str>>,
    },
    /// Markdown written as it is: a note's reference, an image.
    Raw(String),
    /// A line break inside the paragraph.
    Break,
}

/// Escapes the characters Markdown would read as syntax inside a line.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes what would make a paragraph's first characters a heading, list item, quote or rule.
pub(crate) fn escape_line_start(text: &str) -> String {
    let trimmed = text.trim_start();
    let first = trimmed.chars().next();
    let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
    let after_digits = trimmed[digits.len()..].chars().next();
    if matches!(first, Some('#' | '>' | '-' | '+' | '=')) {
        format!("\\{trimmed}")
    } else if !digits.is_empty() && matches!(after_digits, Some('.' | ')')) {
        format!("{digits}\\{}", &trimmed[digits.len()..])
    } else {
        trimmed.to_string()
    }
}

/// Wraps text in the markers of its format, keeping spaces at its edges outside them.
fn wrap(text: &str, fmt: Fmt) -> String {
    let body = text.trim();
    if body.is_empty() || fmt == Fmt::default() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let mut inner = body.to_string();
    if fmt.sup {
        inner = format!("<sup>{inner}</sup>");
    } else if fmt.sub {
        inner = format!("<sub>{inner}</sub>");
    }
    if fmt.strike {
        inner = format!("~~{inner}~~");
    }
    let marker = match (fmt.bold, fmt.italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => "",
    };
    format!("{lead}{marker}{inner}{marker}{trail}")
}

/// A link's target as Markdown writes it: in `<…>` when it holds spaces or parentheses.
fn target(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// The Markdown of a paragraph's pieces, and a line break as `hard_break`.
pub(crate) fn render(pieces: &[Piece], hard_break: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < pieces.len() {
        let link = match &pieces[i] {
            Piece::Text { link, .. } => link.clone(),
            _ => None,
        };
        let mut j = i;
        while j < pieces.len()
            && matches!(&pieces[j], Piece::Text { link: l, .. } if *l == link)
            && link.is_some()
        {
            j += 1;
        }
        match link {
            Some(url) if j > i => {
                let inner = render_plain_group(&pieces[i..j], hard_break);
                if inner.trim().is_empty() {
                    out.push_str(&inner);
                } else {
                    out.push_str(&format!("[{inner}]({})", target(&url)));
                }
                i = j;
            }
            _ => {
                let mut k = i + 1;
                while k < pieces.len() && matches!(&pieces[k], Piece::Text { link: None, .. }) {
                    k += 1;
                }
                out.push_str(&render_plain_group(&pieces[i..k], hard_break));
                i = k;
            }
        }
    }
    out
}

/// Pieces outside links (or all inside one link), runs of one format merged.
fn render_plain_group(pieces: &[Piece], hard_break: &str) -> String {
    let mut out = String::new();
    let mut pending = String::new();
    let mut pending_fmt = Fmt::default();
    for piece in pieces {
        match piece {
            Piece::Text { text, fmt, .. } => {
                if *fmt != pending_fmt && !pending.is_empty() {
                    out.push_str(&wrap(&escape(&pending), pending_fmt));
                    pending.clear();
                }
                pending_fmt = *fmt;
                pending.push_str(text);
            }
            Piece::Raw(raw) => {
                out.push_str(&wrap(&escape(&pending), pending_fmt));
                pending.clear();
                out.push_str(raw);
            }
            Piece::Break => {
                out.push_str(&wrap(&escape(&pending), pending_fmt));
                pending.clear();
                out.push_str(hard_break);
            }
        }
    }
    out.push_str(&wrap(&escape(&pending), pending_fmt));
    out
}

/// The text of the pieces without any Markdown: for the title and the summary.
pub(crate) fn plain(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text { text, .. } => out.push_str(text),
            Piece::Break => out.push(' '),
            Piece::Raw(_) => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str, fmt: Fmt, link: Option<&str>) -> Piece {
        Piece::Text {
            text: t.into(),
            fmt,
            link: link.map(Rc::from),
        }
    }

    #[test]
    fn runs_of_one_format_merge_and_spaces_stay_outside() {
        let bold = Fmt {
            bold: true,
            ..Fmt::default()
        };
        let pieces = [
            text("A ", Fmt::default(), None),
            text("bold ", bold, None),
            text("word", bold, None),
            text(" and a ", Fmt::default(), None),
            text("link", Fmt::default(), Some("https://example.org/a b")),
        ];
        assert_eq!(
            render(&pieces, "\\\n"),
            "A **bold word** and a [link](<https://example.org/a b>)"
        );
    }

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(escape("a*b_[c]|d &amp;"), "a\\*b\\_\\[c\\]\\|d \\&amp;");
        assert_eq!(escape_line_start("1. not a list"), "1\\. not a list");
        assert_eq!(escape_line_start("# not a heading"), "\\# not a heading");
    }
}
