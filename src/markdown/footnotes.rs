//! Footnotes: numbered in the order they are cited, each citation with its own id, the notes
//! gathered at the end with a back link per citation.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub(super) type Footnote<'a> = (String, Vec<Event<'a>>);

/// A note as listed at the end of the page.
pub(super) struct Note<'a> {
    /// Its number, in order of first citation.
    pub(super) number: usize,
    /// How many times the text cites it; each citation gets a back link.
    pub(super) citations: usize,
    /// The note's content.
    pub(super) events: Vec<Event<'a>>,
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
///
/// The body keeps the buffer of `events`, compacted in place: a copy of the events would
/// double the memory a long text needs.
pub(super) fn extract_footnotes<'a>(
    mut events: Vec<Event<'a>>,
    anchors: &mut Vec<String>,
) -> (Vec<Event<'a>>, Vec<Note<'a>>) {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    // Labels in order of first citation, with how many times each is cited.
    let mut order: Vec<(String, usize)> = Vec::new();
    let mut definitions: HashMap<String, Vec<Event<'a>>> = HashMap::new();
    let mut body = Body {
        events: &mut events,
        len: 0,
    };
    let mut current: Option<(String, Vec<Event<'a>>)> = None;
    for read in 0..body.events.len() {
        match std::mem::replace(&mut body.events[read], Event::Rule) {
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
    let len = body.len;
    events.truncate(len);
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
    (events, notes)
}

/// The body's events, written over the front of the events being read: `len` are kept.
struct Body<'e, 'a> {
    events: &'e mut Vec<Event<'a>>,
    len: usize,
}

impl<'a> Body<'_, 'a> {
    /// Keeps `event`; never overtakes the reading, which is at or past `len`.
    fn push(&mut self, event: Event<'a>) {
        self.events[self.len] = event;
        self.len += 1;
    }
}

fn push_event<'a>(current: &mut Option<Footnote<'a>>, body: &mut Body<'_, 'a>, event: Event<'a>) {
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

pub(super) fn push_footnotes(html: &mut String, footnotes: Vec<Note<'_>>, labels: &Labels) {
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
