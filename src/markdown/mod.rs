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
    /// ([`Rendered::place_references`]); 0 until then.
    pub(crate) line: usize,
    pub(crate) col: usize,
}

/// Markdown rendered to HTML, with what the templates and checks need to know about it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Rendered {
    /// The HTML.
    pub(crate) html: String,
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
    /// Length of the lead (the opening paragraph's HTML) at the start of `html`; 0 when the
    /// text does not open with a paragraph.
    pub(crate) lead_len: usize,
    /// What the text publishes that is probably not meant: footnotes without notes, scripts.
    pub(crate) issues: Vec<Issue>,
}

impl Rendered {
    /// The opening paragraph's HTML, if the text opens with one.
    pub(crate) fn lead_html(&self) -> &str {
        &self.html[..self.lead_len]
    }

    /// The HTML after the lead.
    pub(crate) fn html_after_lead(&self) -> &str {
        &self.html[self.lead_len..]
    }

    /// Places each reference at its line and column in `file_text`, where the Markdown starts
    /// at `body_offset`, so that diagnostics need not read the file again.
    pub(crate) fn place_references(&mut self, file_text: &str, body_offset: usize) {
        let lines = crate::error::LineIndex::new(file_text);
        for reference in &mut self.references {
            (reference.line, reference.col) = lines.line_col(body_offset + reference.offset);
        }
        for issue in &mut self.issues {
            (issue.line, issue.col) = lines.line_col(body_offset + issue.offset);
        }
    }

    /// Estimated minutes to read, at least one.
    pub(crate) fn reading_minutes(&self) -> usize {
        self.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown; root-relative link and image targets (`/briefs/...`) get `base_path` in
/// front. Raw HTML is published as written.
#[cfg(test)]
pub(crate) fn render(markdown: &str, base_path: &str, labels: &Labels) -> Rendered {
    render_with(markdown, base_path, labels, RawHtml::Allow)
}

/// Renders Markdown, publishing its raw HTML as `raw_html` says.
pub(crate) fn render_with(
    markdown: &str,
    base_path: &str,
    labels: &Labels,
    raw_html: RawHtml,
) -> Rendered {
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
    let mut out = Rendered {
        issues: lint.finish(),
        ..Rendered::default()
    };
    let mut text = TextStats::default();
    assign_heading_ids(&mut events, &mut out);
    rewrite_links(&mut events, base_path, &mut out.references);
    // Links and images are met in the same order by both passes.
    for (reference, offset) in out.references.iter_mut().zip(link_offsets) {
        reference.offset = offset;
    }
    let (body, footnotes) = extract_footnotes(events, &mut out.anchors);
    for event in &body {
        text.observe(event);
    }
    for event in footnotes.iter().flat_map(|note| &note.events) {
        text.observe(event);
    }
    out.word_count = text.words;
    out.first_paragraph = text
        .first_paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
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
    push_footnotes(&mut out.html, footnotes, labels);
    if raw_html == RawHtml::Sanitize {
        let lead = lint::sanitize(out.lead_html());
        let rest = lint::sanitize(out.html_after_lead());
        out.lead_len = lead.len();
        out.html = lead + &rest;
    }
    // Kept with the model until the site is written, the HTML takes only its own length, not
    // the room reserved for it: a copy, as the allocator would keep a buffer shrunk in place.
    out.html = out.html.as_str().to_owned();
    out
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
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_slug_ids_and_a_toc() {
        let r = render(
            "Lead.\n\n## What next?\n\n### Détails\n\n## What next?\n",
            "/",
            &Labels::default(),
        );
        assert!(
            r.html.contains("<h2 id=\"what-next\">What next?</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"what-next-1\">"), "{}", r.html);
        let ids: Vec<_> = r.toc.iter().map(|h| (h.level, h.id.as_str())).collect();
        assert_eq!(ids, [(2, "what-next"), (3, "details"), (2, "what-next-1")]);
    }

    #[test]
    fn the_opening_paragraph_is_the_lead() {
        let r = render("The *lead*.\n\n## Why?\n\nText.\n", "/", &Labels::default());
        assert_eq!(r.lead_html(), "<p>The <em>lead</em>.</p>\n");
        assert!(
            r.html_after_lead().starts_with("<h2 id=\"why\">"),
            "{}",
            r.html_after_lead()
        );
        let no_lead = render("## Why?\n\nText.\n", "/", &Labels::default());
        assert_eq!(no_lead.lead_html(), "");
        assert_eq!(no_lead.html_after_lead(), no_lead.html);
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let r = render(
            "# Title\n\nThe *lead* says\nthis <b>now</b>.\n\nSecond.\n",
            "/",
            &Labels::default(),
        );
        assert_eq!(r.first_paragraph, "The lead says this now.");
    }

    #[test]
    fn counts_words_like_split_whitespace_on_ascii() {
        for text in ["", " ", "a", " two  words\n", "Łódź is\ta city.", "x\r\ny"] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn counts_words_and_reading_time() {
        let text = "word ".repeat(441);
        let r = render(&text, "/", &Labels::default());
        assert_eq!(r.word_count, 441);
        assert_eq!(r.reading_minutes(), 3);
        assert_eq!(render("", "/", &Labels::default()).reading_minutes(), 1);
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let r = render(
            "[a](/briefs/2024/x/) [b](https://e.org/) [c](#q) ![i](/img.png)",
            "/sub/",
            &Labels::default(),
        );
        assert!(
            r.html.contains("href=\"/sub/briefs/2024/x/\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"https://e.org/\""));
        assert!(r.html.contains("href=\"#q\""));
        assert!(r.html.contains("src=\"/sub/img.png\""));
        assert_eq!(r.references.len(), 4);
        assert_eq!(r.references[0].target, "/briefs/2024/x/");
        assert_eq!(r.references[3].alt, "i");
        assert_eq!(r.references[1].offset, 21, "byte offset of `[b](...)`");
    }

    #[test]
    fn footnotes_are_numbered_in_citation_order_with_back_links() {
        let r = render(
            "A[^b] and B[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n",
            "/",
            &Labels::default(),
        );
        let first = r.html.find("id=\"fn-1\"").unwrap();
        assert!(
            r.html[first..].starts_with("id=\"fn-1\"><p>Note B."),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"#fnref-1\""));
        assert!(r.anchors.contains(&"fn-2".to_string()));
    }

    #[test]
    fn a_note_cited_twice_gets_distinct_ids_and_a_back_link_per_citation() {
        let r = render(
            "A[^a], B[^b], C[^a].\n\n[^a]: Note A.\n[^b]: Note B.\n",
            "/",
            &Labels::default(),
        );
        // Every id in the page is unique, and recorded for `check`.
        let ids: Vec<_> = r
            .html
            .split(" id=\"")
            .filter_map(|s| s.split('"').next())
            .collect();
        let expected = "fnref-1 fnref-2 fnref-1-2 footnotes-label fn-1 fn-2";
        assert_eq!(ids[1..].join(" "), expected, "{}", r.html);
        assert_eq!(r.anchors.join(" "), expected);
        // Both citations link to the note, and the note links back to each.
        assert_eq!(r.html.matches("href=\"#fn-1\"").count(), 2, "{}", r.html);
        let back = " <a href=\"#fnref-1\" class=\"footnote-back\" aria-label=\"Back to reference 1\">↩</a> <a href=\"#fnref-1-2\" class=\"footnote-back\" aria-label=\"Back to reference 1-2\">↩<sup>2</sup></a></p>";
        assert!(
            r.html
                .contains(&format!("<li id=\"fn-1\"><p>Note A.{back}")),
            "{}",
            r.html
        );
    }

    #[test]
    fn tables_strikethrough_and_smart_quotes() {
        let r = render(
            "|a|b|\n|-|-|\n|1|2|\n\n~~old~~ \"quoted\"",
            "/",
            &Labels::default(),
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("“quoted”"));
    }

    #[test]
    fn heading_ids_stay_apart_from_the_themes_and_take_only_ids_and_classes() {
        let r = render(
            "## Main\n\n## Related\n\n## Safe {#x .wide onmouseover=alert(1)}\n\n## Note {#fn-1}\n",
            "/",
            &Labels::default(),
        );
        assert!(r.html.contains("<h2 id=\"main-1\">Main</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"related-1\">"), "{}", r.html);
        assert!(
            r.html.contains("<h2 id=\"x\" class=\"wide\">Safe</h2>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("onmouseover"), "{}", r.html);
        assert!(r.html.contains("id=\"h-fn-1\""), "{}", r.html);
    }

    #[test]
    fn many_equal_headings_take_linear_time() {
        let text = "## Same?\n\n".repeat(20_000);
        let started = std::time::Instant::now();
        let r = render(&text, "/", &Labels::default());
        let ids: std::collections::HashSet<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 20_000);
        assert!(ids.contains("same-19999"));
        // Quadratic, this took 21 s; linear, well under a second even in a debug build.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
