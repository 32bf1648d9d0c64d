//! Markdown to HTML: heading ids and a table of contents, footnotes, the summary, word count,
//! and root-relative links rewritten under the site's base path.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use crate::slug::slugify;

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

/// Renders Markdown; root-relative link and image targets (`/briefs/...`) get `base_path` in front.
pub(crate) fn render(markdown: &str, base_path: &str, labels: &Labels) -> Rendered {
    let mut events = Vec::new();
    let mut link_offsets = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. })) {
            link_offsets.push(range.start);
        }
        events.push(event);
    }
    let mut out = Rendered::default();
    let mut text = TextStats::default();
    let events = assign_heading_ids(events, &mut out);
    let events = rewrite_links(events, base_path, &mut out.references);
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
    let mut body = body.into_iter();
    if let Some(end) = lead_end {
        pulldown_cmark::html::push_html(&mut out.html, body.by_ref().take(end + 1));
        out.lead_len = out.html.len();
    }
    pulldown_cmark::html::push_html(&mut out.html, body);
    push_footnotes(&mut out.html, footnotes, labels);
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

/// Ids the default theme gives its own elements: a heading never takes one (`## Main` is
/// `#main-1`, not a second `#main`).
const THEME_IDS: &[&str] = &[
    "main",
    "related",
    "brief-cite",
    "brief-contents",
    "brief-key-points",
    "brief-related",
    "briefs-heading",
    "featured-heading",
    "latest-heading",
    "page-contents",
    "series-heading",
    "topics-heading",
    "footnotes-label",
    "search",
];

/// A heading id as written (`{#id}`) when it is a safe one, else made from it like a slug.
fn clean_id(id: &str) -> String {
    let safe = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && id.starts_with(|c: char| c.is_ascii_alphabetic());
    if safe { id.to_string() } else { slugify(id) }
}

fn assign_heading_ids<'a>(events: Vec<Event<'a>>, out: &mut Rendered) -> Vec<Event<'a>> {
    let mut used = UsedIds::default();
    let mut result = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let title: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let wanted = id
                .as_ref()
                .map_or_else(|| slugify(&title), |id| clean_id(id));
            // Footnotes own the `fn-` and `fnref-` ids.
            let wanted = if wanted.is_empty() {
                "section".to_string()
            } else if wanted.starts_with("fn-") || wanted.starts_with("fnref-") {
                format!("h-{wanted}")
            } else {
                wanted
            };
            let unique = used.claim(wanted);
            let level_number = heading_level(*level);
            if level_number == 2 || level_number == 3 {
                out.toc.push(Heading {
                    level: level_number,
                    id: unique.clone(),
                    title: title.trim().to_string(),
                });
            }
            out.anchors.push(unique.clone());
            // Only an id and classes: other attributes (`{onclick=…}`) are dropped.
            let _ = attrs;
            result.push(Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(unique)),
                classes: classes.clone(),
                attrs: Vec::new(),
            }));
            i += 1;
            continue;
        }
        result.push(events[i].clone());
        i += 1;
    }
    result
}

/// The ids a page has given out, and for each wanted id the next number to try, so that
/// twenty thousand headings "Same?" take linear time, not quadratic.
struct UsedIds {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Default for UsedIds {
    fn default() -> UsedIds {
        UsedIds {
            used: THEME_IDS.iter().map(|id| id.to_string()).collect(),
            next: HashMap::new(),
        }
    }
}

impl UsedIds {
    /// `wanted` if it is free, else `wanted-1`, `wanted-2`…, the first free one.
    fn claim(&mut self, wanted: String) -> String {
        if self.used.insert(wanted.clone()) {
            return wanted;
        }
        let n = self.next.entry(wanted.clone()).or_insert(1);
        loop {
            let candidate = format!("{wanted}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn rewrite_links<'a>(
    events: Vec<Event<'a>>,
    base_path: &str,
    references: &mut Vec<Reference>,
) -> Vec<Event<'a>> {
    let prefix = base_path.trim_end_matches('/');
    let mut result = Vec::with_capacity(events.len());
    let mut image_alt: Option<(usize, String)> = None;
    for event in events {
        let event = match event {
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
        result.push(event);
    }
    result
}

fn prefixed<'a>(dest: CowStr<'a>, prefix: &str, link_type: LinkType) -> CowStr<'a> {
    let root_relative = dest.starts_with('/') && !dest.starts_with("//");
    if root_relative && !prefix.is_empty() && link_type != LinkType::Email {
        CowStr::from(format!("{prefix}{dest}"))
    } else {
        dest
    }
}

type Footnote<'a> = (String, Vec<Event<'a>>);

/// A note as listed at the end of the page.
struct Note<'a> {
    /// Its number, in order of first citation.
    number: usize,
    /// How many times the text cites it; each citation gets a back link.
    citations: usize,
    /// The note's content.
    events: Vec<Event<'a>>,
}

/// The id of a note's `k`-th citation (1-based): `fnref-3`, then `fnref-3-2`, `fnref-3-3`, …
fn citation_id(number: usize, k: usize) -> String {
    if k <= 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{k}")
    }
}

/// Takes footnote definitions out of the flow and replaces references with numbered links,
/// so that notes are listed in the order they are first cited, each linking back to every
/// citation. Records every id it writes in `anchors`.
fn extract_footnotes<'a>(
    events: Vec<Event<'a>>,
    anchors: &mut Vec<String>,
) -> (Vec<Event<'a>>, Vec<Note<'a>>) {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    // Labels in order of first citation, with how many times each is cited.
    let mut order: Vec<(String, usize)> = Vec::new();
    let mut definitions: HashMap<String, Vec<Event<'a>>> = HashMap::new();
    let mut body = Vec::with_capacity(events.len());
    let mut current: Option<(String, Vec<Event<'a>>)> = None;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((label, events)) = current.take() {
                    definitions.entry(label).or_insert(events);
                }
            }
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let n = *numbers.entry(label.clone()).or_insert_with(|| {
                    order.push((label, 0));
                    order.len()
                });
                order[n - 1].1 += 1;
                let id = citation_id(n, order[n - 1].1);
                let html = format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\" aria-describedby=\"footnotes-label\">{n}</a></sup>"
                );
                anchors.push(id);
                push_event(
                    &mut current,
                    &mut body,
                    Event::InlineHtml(CowStr::from(html)),
                );
            }
            other => push_event(&mut current, &mut body, other),
        }
    }
    if !order.is_empty() {
        anchors.push("footnotes-label".into());
    }
    let notes = order
        .into_iter()
        .enumerate()
        .map(|(i, (label, citations))| {
            anchors.push(format!("fn-{}", i + 1));
            Note {
                number: i + 1,
                citations,
                events: definitions.remove(&label).unwrap_or_default(),
            }
        })
        .collect();
    (body, notes)
}

fn push_event<'a>(current: &mut Option<Footnote<'a>>, body: &mut Vec<Event<'a>>, event: Event<'a>) {
    match current {
        Some((_, events)) => events.push(event),
        None => body.push(event),
    }
}

/// Text for HTML, in an attribute or an element.
fn escape_text(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// The words Markdown output carries, in the text's language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Labels {
    /// The heading of the footnotes: "Notes".
    pub(crate) notes: String,
    /// A back link's accessible name; `{n}` is the reference: "Back to reference {n}".
    pub(crate) back: String,
}

impl Default for Labels {
    fn default() -> Labels {
        Labels {
            notes: "Notes".into(),
            back: "Back to reference {n}".into(),
        }
    }
}

fn push_footnotes(html: &mut String, footnotes: Vec<Note<'_>>, labels: &Labels) {
    if footnotes.is_empty() {
        return;
    }
    let heading = escape_text(&labels.notes);
    html.push_str(&format!("<section class=\"footnotes\" aria-labelledby=\"footnotes-label\">\n<h2 id=\"footnotes-label\">{heading}</h2>\n<ol>\n"));
    for Note {
        number: n,
        citations,
        events,
    } in footnotes
    {
        html.push_str(&format!("<li id=\"fn-{n}\">"));
        let mut note = String::new();
        pulldown_cmark::html::push_html(&mut note, events.into_iter());
        // One back link per citation, as GitHub does: `↩`, then `↩²`, `↩³`, …
        let mut back = String::new();
        for k in 1..=citations.max(1) {
            let id = citation_id(n, k);
            let mark = if k > 1 {
                format!("<sup>{k}</sup>")
            } else {
                String::new()
            };
            let label = escape_text(&labels.back.replace("{n}", id.trim_start_matches("fnref-")));
            back.push_str(&format!(
                " <a href=\"#{id}\" class=\"footnote-back\" aria-label=\"{label}\">↩{mark}</a>"
            ));
        }
        // The back links belong inside the note's last paragraph, not after it.
        match note.rfind("</p>") {
            Some(pos) => note.insert_str(pos, &back),
            None => note.push_str(&back),
        }
        html.push_str(&note);
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</section>\n");
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
        let ids: HashSet<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 20_000);
        assert!(ids.contains("same-19999"));
        // Quadratic, this took 21 s; linear, well under a second even in a debug build.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
