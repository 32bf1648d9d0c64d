//! Markdown to HTML: heading ids and a table of contents, footnotes, the summary, word count,
//! and root-relative links rewritten under the site's base path.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

mod footnotes;
mod headings;
mod lint;
pub(crate) use footnotes::Labels;
use footnotes::{extract_footnotes, push_footnotes};
use headings::assign_heading_ids;
pub(crate) use headings::heading_level;
pub(crate) use lint::{Issue, RawHtml};

/// Words an average reader reads in a minute, for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 220;

/// One `##` or `###` heading: in a brief, the questions it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Heading {
    /// 2 or 3.
    pub(crate) level: u8,
    /// The anchor id, unique within the page.
    pub(crate) id: String,
    /// The heading's plain text.
    pub(crate) title: String,
}

/// A link or image found in the text, for checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Reference {
    /// The destination as written.
    pub(crate) target: String,
    /// Byte offset of the link or image in the Markdown.
    pub(crate) offset: usize,
    /// Whether it is an image.
    pub(crate) is_image: bool,
    /// The image's alt text, empty for links.
    pub(crate) alt: String,
    /// The 1-based line and column in the whole file, once the file has placed it
    /// ([`Body::read`]); 0 until then.
    pub(crate) line: usize,
    pub(crate) col: usize,
}

/// What a text's Markdown says without presenting it: its headings and anchors, first
/// paragraph, length, links and images, and what it probably did not mean to publish. Read
/// once when the file is loaded, for the model's indexes, checks and summaries.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Outline {
    /// The `##`/`###` headings, in order.
    pub(crate) toc: Vec<Heading>,
    /// Every anchor id in the page (headings and footnotes).
    pub(crate) anchors: Vec<String>,
    /// Plain text of the first paragraph.
    pub(crate) first_paragraph: String,
    /// Number of words in the text.
    pub(crate) word_count: usize,
    /// Links and images, as written.
    pub(crate) references: Vec<Reference>,
    /// What the text publishes that is probably not meant: footnotes without notes, scripts.
    pub(crate) issues: Vec<Issue>,
}

/// A file's Markdown body as the model keeps it: the file's text, where the Markdown starts
/// in it, and its [`Outline`] (dereferenced to: `body.toc`, `body.references`), its references
/// and issues placed at their lines. No HTML: the markdown stage renders that from the text,
/// in the reader's language and under the site's base path ([`to_html`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Body {
    /// The whole file, front matter included: the PDF looks for the characters its fonts lack
    /// anywhere in it. Not kept in the build cache: a file is read before its entry is looked
    /// up (the entry's key is a hash of the text), and the text is put back then
    /// ([`Body::restore_text`]). Kept in the cache too, it made the cache of 10,000 briefs 152 MB
    /// instead of 91, and a no-change rebuild's peak memory 420 MB instead of 270.
    #[serde(skip)]
    text: String,
    /// Byte offset of the Markdown in `text`.
    start: usize,
    outline: Outline,
}

impl std::ops::Deref for Body {
    type Target = Outline;
    fn deref(&self) -> &Outline {
        &self.outline
    }
}

impl Body {
    /// The body of a file whose text is `text`, its Markdown starting at byte `start`.
    pub(crate) fn read(text: String, start: usize) -> Body {
        let start = if text.is_char_boundary(start) {
            start
        } else {
            text.len()
        };
        let mut outline = prepare(&text[start..], "").outline;
        let lines = crate::error::LineIndex::new(&text);
        for reference in &mut outline.references {
            (reference.line, reference.col) = lines.line_col(start + reference.offset);
        }
        for issue in &mut outline.issues {
            (issue.line, issue.col) = lines.line_col(start + issue.offset);
        }
        Body {
            text,
            start,
            outline,
        }
    }

    /// Puts back the file's text, which the build cache does not keep: `text` is the file
    /// whose hash found this body in the cache, so the same text it was read from.
    pub(crate) fn restore_text(&mut self, text: &str) {
        if self.text.is_empty() {
            self.text = text.to_owned();
        }
    }

    /// The Markdown.
    pub(crate) fn markdown(&self) -> &str {
        self.text.get(self.start..).unwrap_or_default()
    }

    /// The whole file's text, front matter included.
    pub(crate) fn file_text(&self) -> &str {
        &self.text
    }

    /// The 1-based line and column in the file of a byte offset of the Markdown.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.start + offset.min(self.text.len().saturating_sub(self.start));
        crate::error::LineIndex::new(&self.text).line_col(offset)
    }

    /// Estimated minutes to read, at least one.
    pub(crate) fn reading_minutes(&self) -> usize {
        self.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

/// How Markdown is presented: the words its HTML carries (in the text's language), the base
/// path root-relative links get, and what becomes of raw HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Style {
    /// The site's base path: `/` or `/think/`.
    pub(crate) base_path: String,
    pub(crate) labels: Labels,
    pub(crate) raw_html: RawHtml,
}

/// A body's HTML, as the markdown stage renders it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Html {
    /// The HTML.
    pub(crate) html: String,
    /// Length of the lead (the opening paragraph's HTML) at the start of `html`; 0 when the
    /// text does not open with a paragraph.
    pub(crate) lead_len: usize,
}

impl Html {
    /// The opening paragraph's HTML, if the text opens with one.
    pub(crate) fn lead_html(&self) -> &str {
        &self.html[..self.lead_len]
    }

    /// The HTML after the lead.
    pub(crate) fn html_after_lead(&self) -> &str {
        &self.html[self.lead_len..]
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Markdown parsed, its headings given ids, its links put under `base_path`, its footnotes
/// taken out of the flow: what both the outline and the HTML are made from.
struct Prepared<'a> {
    body: Vec<Event<'a>>,
    footnotes: Vec<footnotes::Note<'a>>,
    outline: Outline,
}

fn prepare<'a>(markdown: &'a str, base_path: &str) -> Prepared<'a> {
    let mut events = Vec::new();
    let mut link_offsets = Vec::new();
    let mut lint = lint::Lint::default();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. })) {
            link_offsets.push(range.start);
        }
        lint.observe(&event, &range);
        events.push(event);
    }
    let mut outline = Outline {
        issues: lint.finish(),
        ..Outline::default()
    };
    let mut text = TextStats::default();
    assign_heading_ids(&mut events, &mut outline);
    rewrite_links(&mut events, base_path, &mut outline.references);
    // Links and images are met in the same order by both passes.
    for (reference, offset) in outline.references.iter_mut().zip(link_offsets) {
        reference.offset = offset;
    }
    let (body, footnotes) = extract_footnotes(events, &mut outline.anchors);
    for event in &body {
        text.observe(event);
    }
    for event in footnotes.iter().flat_map(|note| &note.events) {
        text.observe(event);
    }
    outline.word_count = text.words;
    outline.first_paragraph = text
        .first_paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Prepared {
        body,
        footnotes,
        outline,
    }
}

/// Renders a body's Markdown as `style` says: root-relative link and image targets
/// (`/briefs/...`) get the base path in front, the notes are headed in the text's language,
/// raw HTML is published as written or sanitized.
pub(crate) fn to_html(body: &Body, style: &Style) -> Html {
    let markdown = body.markdown();
    let Prepared {
        body, footnotes, ..
    } = prepare(markdown, &style.base_path);
    let mut out = Html::default();
    // A text that opens with a paragraph opens with its lead: render it apart, so that a
    // template can set it off without printing it twice.
    let lead_end = match body.first() {
        Some(Event::Start(Tag::Paragraph)) => body
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Paragraph))),
        _ => None,
    };
    // HTML is about as long as its Markdown: reserving it at once spares a long text the
    // copies (and the doubled capacity) of a string grown step by step.
    out.html.reserve(markdown.len() + markdown.len() / 4);
    let mut body = body.into_iter();
    if let Some(end) = lead_end {
        pulldown_cmark::html::push_html(&mut out.html, body.by_ref().take(end + 1));
        out.lead_len = out.html.len();
    }
    pulldown_cmark::html::push_html(&mut out.html, body);
    push_footnotes(&mut out.html, footnotes, &style.labels);
    if style.raw_html == RawHtml::Sanitize {
        let lead = lint::sanitize(out.lead_html());
        let rest = lint::sanitize(out.html_after_lead());
        out.lead_len = lead.len();
        out.html = lead + &rest;
    }
    // Kept until the site is written, the HTML takes only its own length, not the room
    // reserved for it: a copy, as the allocator would keep a buffer shrunk in place.
    out.html = out.html.as_str().to_owned();
    out
}

/// A text rendered at once, outline and HTML together, for tests.
#[cfg(test)]
pub(crate) struct Rendered {
    pub(crate) body: Body,
    pub(crate) html: String,
    pub(crate) lead_len: usize,
}

#[cfg(test)]
impl std::ops::Deref for Rendered {
    type Target = Body;
    fn deref(&self) -> &Body {
        &self.body
    }
}

#[cfg(test)]
impl Rendered {
    pub(crate) fn lead_html(&self) -> &str {
        &self.html[..self.lead_len]
    }

    pub(crate) fn html_after_lead(&self) -> &str {
        &self.html[self.lead_len..]
    }
}

/// Renders Markdown; root-relative link and image targets (`/briefs/...`) get `base_path` in
/// front. Raw HTML is published as written.
#[cfg(test)]
pub(crate) fn render(markdown: &str, base_path: &str, labels: &Labels) -> Rendered {
    render_with(markdown, base_path, labels, RawHtml::Allow)
}

/// Reads and renders Markdown, publishing its raw HTML as `raw_html` says.
#[cfg(test)]
pub(crate) fn render_with(
    markdown: &str,
    base_path: &str,
    labels: &Labels,
    raw_html: RawHtml,
) -> Rendered {
    let body = Body::read(markdown.to_string(), 0);
    let style = Style {
        base_path: base_path.to_string(),
        labels: labels.clone(),
        raw_html,
    };
    let Html { html, lead_len } = to_html(&body, &style);
    Rendered {
        body,
        html,
        lead_len,
    }
}

/// Counts words and keeps the first paragraph's text.
#[derive(Default)]
struct TextStats {
    words: usize,
    first_paragraph: String,
    paragraph_depth: usize,
    first_done: bool,
}

impl TextStats {
    fn observe(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Paragraph) => self.paragraph_depth += 1,
            Event::End(TagEnd::Paragraph) => {
                self.paragraph_depth = self.paragraph_depth.saturating_sub(1);
                if !self.first_paragraph.trim().is_empty() {
                    self.first_done = true;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                self.words += count_words(t);
                if self.paragraph_depth > 0 && !self.first_done {
                    self.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if self.paragraph_depth > 0 && !self.first_done => {
                self.first_paragraph.push(' ');
            }
            _ => {}
        }
    }
}

/// Words in a text: runs of non-whitespace. Counted on bytes, since this runs over every text
/// of every brief; non-ASCII whitespace (rare in prose) is treated as part of a word.
fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for byte in text.bytes() {
        let space = byte.is_ascii_whitespace();
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
    }
    words
}

/// Works in place: a copy of the events would double the memory a long text needs.
fn rewrite_links(events: &mut [Event<'_>], base_path: &str, references: &mut Vec<Reference>) {
    let prefix = base_path.trim_end_matches('/');
    let mut image_alt: Option<(usize, String)> = None;
    for slot in events.iter_mut() {
        *slot = match std::mem::replace(slot, Event::Rule) {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                references.push(Reference {
                    target: dest_url.to_string(),
                    offset: 0,
                    is_image: false,
                    alt: String::new(),
                    line: 0,
                    col: 0,
                });
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: prefixed(dest_url, prefix, link_type),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image_alt = Some((references.len(), String::new()));
                references.push(Reference {
                    target: dest_url.to_string(),
                    offset: 0,
                    is_image: true,
                    alt: String::new(),
                    line: 0,
                    col: 0,
                });
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: prefixed(dest_url, prefix, link_type),
                    title,
                    id,
                })
            }
            Event::Text(t) => {
                if let Some((_, alt)) = image_alt.as_mut() {
                    alt.push_str(&t);
                }
                Event::Text(t)
            }
            Event::End(TagEnd::Image) => {
                if let Some((index, alt)) = image_alt.take() {
                    references[index].alt = alt.trim().to_string();
                }
                Event::End(TagEnd::Image)
            }
            other => other,
        };
    }
}

fn prefixed<'a>(dest: CowStr<'a>, prefix: &str, link_type: LinkType) -> CowStr<'a> {
    let root_relative = dest.starts_with('/') && !dest.starts_with("//");
    if root_relative && !prefix.is_empty() && link_type != LinkType::Email {
        CowStr::from(format!("{prefix}{dest}"))
    } else {
        dest
    }
}

#[cfg(test)]
mod tests;
