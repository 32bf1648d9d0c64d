//! Heading ids: unique in the page, apart from the theme's own ids and the footnotes', and in
//! linear time however many headings share a title.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{Heading, Outline};
use crate::slug::slugify;

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

/// Works in place: a copy of the events would double the memory a long text needs.
pub(super) fn assign_heading_ids(events: &mut [Event<'_>], out: &mut Outline) {
    let mut used = UsedIds::default();
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
            events[i] = Event::Start(Tag::Heading {
                level: *level,
                id: Some(CowStr::from(unique)),
                classes: classes.clone(),
                attrs: Vec::new(),
            });
        }
        i += 1;
    }
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

/// A heading's level as a number, 1 to 6.
pub(crate) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
