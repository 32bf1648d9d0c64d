//! Markdown to Typst markup, from pulldown-cmark events. Every character of the author's text
//! that means something to Typst is escaped, so a title or a sentence such as `#set page(...)`,
//! `$x$` or `<script>` prints as it is written and runs nothing; structure (headings, lists,
//! tables, footnotes, links, images) becomes calls of Typst's own functions.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::markdown::heading_level;

/// Where a link or an image of the Markdown points, once resolved for the PDF.
pub(crate) trait Resolve {
    /// The URL a link opens in the PDF, or `None` to print its text without a link (an
    /// `#anchor` of the web page).
    fn link(&self, target: &str) -> Option<String>;
    /// The path, in the PDF's world, of an image, or `None` when it cannot be embedded (an
    /// image on another site): then its alt text is printed instead.
    fn image(&self, target: &str) -> Option<String>;
}

/// An image of the Markdown, for checking that it exists before typesetting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageRef {
    /// The target as written.
    pub(crate) target: String,
    /// Its path in the PDF's world, if it is embedded.
    pub(crate) path: Option<String>,
    /// Byte offset of the image in the Markdown.
    pub(crate) offset: usize,
}

/// A brief's body as Typst markup.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Markup {
    /// The opening paragraph, which the layout sets apart; empty when the body opens with
    /// something else.
    pub(crate) lead: String,
    /// The rest of the body.
    pub(crate) body: String,
    /// Every image, in order.
    pub(crate) images: Vec<ImageRef>,
}

/// The Markdown extensions briefs use; quotes are left to Typst, which sets them by language.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Converts a brief's Markdown body.
pub(crate) fn convert(markdown: &str, resolve: &dyn Resolve) -> Markup {
    let mut body = Vec::new();
    let mut notes: HashMap<String, Vec<Event<'_>>> = HashMap::new();
    let mut in_note: Option<(String, Vec<Event<'_>>)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                in_note = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = in_note.take() {
                    notes.entry(label).or_insert(events);
                }
            }
            event => match &mut in_note {
                Some((_, events)) => events.push(event),
                None => body.push(event),
            },
        }
    }
    let mut writer = Writer {
        resolve,
        notes,
        numbers: HashMap::new(),
        out: Markup::default(),
    };
    let lead_end = match body.first() {
        Some(Event::Start(Tag::Paragraph)) => body
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Paragraph))),
        _ => None,
    };
    let mut body = body.into_iter().peekable();
    let mut lead = String::new();
    if let Some(end) = lead_end {
        let events: Vec<Event<'_>> = body.by_ref().take(end + 1).collect();
        writer.events(&mut lead, events, 0);
    }
    let mut text = String::new();
    writer.events(&mut text, body.collect(), 0);
    // Offsets of images: a second pass, as the footnotes were taken out of order.
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            let unplaced = |i: &&mut ImageRef| i.offset == usize::MAX && *i.target == *dest_url;
            if let Some(image) = writer.out.images.iter_mut().find(unplaced) {
                image.offset = range.start;
            }
        }
    }
    writer.out.lead = lead.trim().to_string();
    writer.out.body = text.trim().to_string();
    writer.out
}

/// Byte offsets of the raw HTML in a Markdown text, which the PDF leaves out.
pub(crate) fn html_offsets(markdown: &str) -> Vec<usize> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        .map(|(_, range)| range.start)
        .collect()
}

/// Writes events as markup.
struct Writer<'r, 'e> {
    resolve: &'r dyn Resolve,
    /// Footnote definitions by label.
    notes: HashMap<String, Vec<Event<'e>>>,
    /// The number given to each note cited so far.
    numbers: HashMap<String, usize>,
    out: Markup,
}

/// What an open element must write when it closes.
enum Open {
    /// Text to write.
    Close(&'static str),
    /// An image: its alt text is being collected.
    Image {
        path: Option<String>,
        alt: String,
    },
    /// Raw text being collected: a code block (with its language) or raw HTML to drop.
    Code(Option<String>, String),
    Html,
}

impl<'e> Writer<'_, 'e> {
    /// Writes `events` to `out`; `depth` counts the footnotes being written, which may not
    /// nest without end.
    fn events(&mut self, out: &mut String, events: Vec<Event<'e>>, depth: usize) {
        let mut stack: Vec<Open> = Vec::new();
        // Whether the paragraph being written holds only an image (a chart), set as a block.
        let mut alone = Vec::new();
        let mut events = events.into_iter().peekable();
        while let Some(event) = events.next() {
            // Inside an image or raw text, text is collected rather than written.
            match (stack.last_mut(), &event) {
                (Some(Open::Image { alt, .. }), Event::Text(t) | Event::Code(t)) => {
                    alt.push_str(t);
                    continue;
                }
                (Some(Open::Code(_, code)), Event::Text(t)) => {
                    code.push_str(t);
                    continue;
                }
                (Some(Open::Html), e) if !matches!(e, Event::End(TagEnd::HtmlBlock)) => continue,
                (Some(Open::Image { .. }), e) if !matches!(e, Event::End(TagEnd::Image)) => {
                    continue;
                }
                _ => {}
            }
            match event {
                Event::Start(tag) => {
                    let open = self.start(out, tag, &mut events, &mut alone);
                    stack.push(open);
                }
                Event::End(end) => {
                    let Some(open) = stack.pop() else { continue };
                    self.end(out, end, open, &mut alone);
                }
                Event::Text(text) => escape_text(out, &text),
                Event::Code(code) => {
                    out.push_str("#raw(");
                    string(out, &code);
                    out.push(')');
                }
                Event::SoftBreak => out.push('\n'),
                Event::HardBreak => out.push_str("\\\n"),
                Event::Rule => out.push_str("\n\n#line(length: 100%)\n\n"),
                Event::FootnoteReference(label) => self.footnote(out, &label, depth),
                Event::Html(_) | Event::InlineHtml(_) => {}
                Event::TaskListMarker(done) => out.push_str(if done { "☒ " } else { "☐ " }),
                Event::InlineMath(t) | Event::DisplayMath(t) => escape_text(out, &t),
            }
        }
    }

    /// Opens an element; returns what closing it takes.
    fn start(
        &mut self,
        out: &mut String,
        tag: Tag<'e>,
        events: &mut std::iter::Peekable<std::vec::IntoIter<Event<'e>>>,
        alone: &mut Vec<bool>,
    ) -> Open {
        match tag {
            Tag::Paragraph => {
                let image_only = matches!(events.peek(), Some(Event::Start(Tag::Image { .. })));
                alone.push(image_only);
                Open::Close("\n\n")
            }
            Tag::Heading { level, .. } => {
                out.push_str("\n\n");
                out.push_str(&"=".repeat(usize::from(heading_level(level))));
                out.push(' ');
                Open::Close("\n\n")
            }
            Tag::BlockQuote(_) => {
                out.push_str("\n\n#quote(block: true)[");
                Open::Close("]\n\n")
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(str::to_string)
                        .filter(|l| !l.is_empty()),
                    CodeBlockKind::Indented => None,
                };
                Open::Code(lang, String::new())
            }
            Tag::HtmlBlock => Open::Html,
            Tag::List(start) => {
                match start {
                    Some(n) => out.push_str(&format!("\n\n#enum(start: {n}, ")),
                    None => out.push_str("\n\n#list("),
                }
                Open::Close(")\n\n")
            }
            Tag::Item => {
                out.push('[');
                Open::Close("], ")
            }
            Tag::Table(alignments) => {
                let aligns: Vec<&str> = alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::Center => "center",
                        Alignment::Right => "right",
                        Alignment::None | Alignment::Left => "left",
                    })
                    .collect();
                out.push_str(&format!(
                    "\n\n#table(columns: {}, align: ({},), ",
                    aligns.len().max(1),
                    aligns.join(", ")
                ));
                Open::Close(")\n\n")
            }
            Tag::TableHead => {
                out.push_str("table.header(");
                Open::Close("), ")
            }
            Tag::TableRow => Open::Close(""),
            Tag::TableCell => {
                out.push('[');
                Open::Close("], ")
            }
            Tag::Emphasis => {
                out.push_str("#emph[");
                Open::Close("]")
            }
            Tag::Strong => {
                out.push_str("#strong[");
                Open::Close("]")
            }
            Tag::Strikethrough => {
                out.push_str("#strike[");
                Open::Close("]")
            }
            Tag::Link { dest_url, .. } => match self.resolve.link(&dest_url) {
                Some(url) => {
                    out.push_str("#link(");
                    string(out, &url);
                    out.push_str(")[");
                    Open::Close("]")
                }
                None => Open::Close(""),
            },
            Tag::Image { dest_url, .. } => {
                let path = self.resolve.image(&dest_url);
                self.out.images.push(ImageRef {
                    target: dest_url.to_string(),
                    path: path.clone(),
                    offset: usize::MAX,
                });
                Open::Image {
                    path,
                    alt: String::new(),
                }
            }
            // Not enabled, or already taken out (footnote definitions).
            _ => Open::Close(""),
        }
    }

    /// Closes an element.
    fn end(&mut self, out: &mut String, end: TagEnd, open: Open, alone: &mut Vec<bool>) {
        match open {
            Open::Close(text) => {
                if end == TagEnd::Paragraph {
                    alone.pop();
                }
                out.push_str(text);
            }
            Open::Image { path, alt } => {
                let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                let block = alone.last().copied().unwrap_or(false);
                match path {
                    Some(path) => {
                        let svg = path.to_ascii_lowercase().ends_with(".svg");
                        // A chart alone in its paragraph floats to the top or foot of a page,
                        // rather than leave a gap where it does not fit.
                        out.push_str(if block {
                            "#figure(placement: auto, image("
                        } else {
                            "#box(height: 1em, image("
                        });
                        string(out, &path);
                        out.push_str(", alt: ");
                        string(out, &alt);
                        if block && svg {
                            out.push_str(", width: 92%");
                        }
                        out.push_str("))");
                    }
                    None => {
                        out.push_str("#emph[");
                        escape_text(out, &alt);
                        out.push(']');
                    }
                }
            }
            Open::Code(lang, code) => {
                out.push_str("\n\n#raw(block: true, ");
                if let Some(lang) = lang {
                    out.push_str("lang: ");
                    string(out, &lang);
                    out.push_str(", ");
                }
                string(out, code.strip_suffix('\n').unwrap_or(&code));
                out.push_str(")\n\n");
            }
            Open::Html => {}
        }
    }

    /// A footnote at its first citation, or a reference to it at the next ones.
    fn footnote(&mut self, out: &mut String, label: &str, depth: usize) {
        if let Some(n) = self.numbers.get(label) {
            out.push_str(&format!("#footnote(<dossier-fn-{n}>)"));
            return;
        }
        let Some(events) = self.notes.remove(label) else {
            escape_text(out, &format!("[^{label}]"));
            return;
        };
        let n = self.numbers.len() + 1;
        self.numbers.insert(label.to_string(), n);
        let mut note = String::new();
        if depth < 4 {
            self.events(&mut note, events, depth + 1);
        }
        out.push_str("#footnote[");
        out.push_str(note.trim());
        out.push_str(&format!("]<dossier-fn-{n}>"));
    }
}

/// Writes text as Typst markup that prints it as it is. Every ASCII punctuation character is
/// escaped with a backslash (Typst reads `\` followed by any character as that character), so
/// none can start a function call (`#`), math (`$`), a label (`<`), a reference (`@`), a
/// comment (`//`), raw text, emphasis, a heading or list marker, or a shorthand (`--`, `...`,
/// `~`). Straight quotes are left to Typst, which turns them into the language's quotes; and
/// `--`, `---` and `...` become the dashes and ellipsis they stand for.
pub(crate) fn escape_text(out: &mut String, text: &str) {
    let text = text
        .replace("---", "\u{2014}")
        .replace("--", "\u{2013}")
        .replace("...", "\u{2026}");
    for c in text.chars() {
        match c {
            '"' | '\'' => out.push(c),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            // A line break inside a text event is a space (Typst would read a blank line as
            // a paragraph break).
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// Writes a Typst string literal holding `text`.
pub(crate) fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;

    impl Resolve for Plain {
        fn link(&self, target: &str) -> Option<String> {
            (!target.starts_with('#')).then(|| target.to_string())
        }
        fn image(&self, target: &str) -> Option<String> {
            (!target.starts_with("http")).then(|| format!("/bundle/{target}"))
        }
    }

    fn body(markdown: &str) -> String {
        let m = convert(markdown, &Plain);
        format!("{}\n\n{}", m.lead, m.body).trim().to_string()
    }

    #[test]
    fn typst_syntax_in_text_is_escaped() {
        let mut out = String::new();
        escape_text(
            &mut out,
            "#set page(width: 1cm) $x$ <script> @ref // c *b* _i_ `r` = - + 1. ~ \\u{41} http://x",
        );
        assert_eq!(
            out,
            "\\#set page\\(width\\: 1cm\\) \\$x\\$ \\<script\\> \\@ref \\/\\/ c \\*b\\* \\_i\\_ \\`r\\` \\= \\- \\+ 1\\. \\~ \\\\u\\{41\\} http\\:\\/\\/x"
        );
    }

    #[test]
    fn strings_are_quoted() {
        let mut out = String::new();
        string(&mut out, "a \"b\" \\ c\n");
        assert_eq!(out, "\"a \\\"b\\\" \\\\ c\\n\"");
    }

    #[test]
    fn the_opening_paragraph_is_the_lead() {
        let m = convert("The *lead*.\n\n## Why?\n\nText.", &Plain);
        assert_eq!(m.lead, "The #emph[lead]\\.");
        assert_eq!(m.body, "== Why\\?\n\nText\\.");
        assert_eq!(convert("## Why?\n\nText.", &Plain).lead, "");
    }

    #[test]
    fn footnotes_are_set_where_they_are_cited() {
        let text = body("Lead.\n\nA[^b] and B[^a], again[^b].\n\n[^a]: Note *A*.\n[^b]: Note B.\n");
        assert_eq!(
            text,
            "Lead\\.\n\nA#footnote[Note B\\.]<dossier-fn-1> and B#footnote[Note #emph[A]\\.]<dossier-fn-2>\\, again#footnote(<dossier-fn-1>)\\."
        );
    }

    #[test]
    fn lists_tables_quotes_and_code() {
        assert_eq!(body("- a\n- b\n"), "#list([a], [b], )");
        assert_eq!(body("3. a\n4. b\n"), "#enum(start: 3, [a], [b], )");
        assert_eq!(
            body("| A | B |\n|:-|-:|\n| 1 | 2 |\n"),
            "#table(columns: 2, align: (left, right,), table.header([A], [B], ), [1], [2], )"
        );
        assert_eq!(body("> Q\n"), "#quote(block: true)[Q\n\n]");
        assert_eq!(
            body("```rust\nlet x = \"#\";\n```\n"),
            "#raw(block: true, lang: \"rust\", \"let x = \\\"#\\\";\")"
        );
        assert_eq!(body("Use `#x`."), "Use #raw(\"#x\")\\.");
    }

    #[test]
    fn links_and_images_resolve() {
        assert_eq!(
            body("[a](https://e.org/x) [b](#q)"),
            "#link(\"https://e.org/x\")[a] b"
        );
        let m = convert(
            "Lead.\n\n![A chart](chart.svg)\n\nSee ![x](https://e.org/a.png).",
            &Plain,
        );
        assert_eq!(
            m.body,
            "#figure(placement: auto, image(\"/bundle/chart.svg\", alt: \"A chart\", width: 92%))\n\nSee #emph[x]\\."
        );
        assert_eq!(m.images.len(), 2);
        assert_eq!((m.images[0].offset, m.images[1].offset), (7, 34));
    }

    #[test]
    fn raw_html_is_left_out_and_noted() {
        let text = "Lead <b>bold</b>.\n\n<div>\n<script>x</script>\n</div>\n\nEnd.";
        let m = convert(text, &Plain);
        assert_eq!(m.lead, "Lead bold\\.");
        assert_eq!(m.body, "End\\.");
        // `<b>`, `</b>` and the three lines of the block.
        assert_eq!(html_offsets(text), [5, 12, 19, 25, 44]);
    }
}
