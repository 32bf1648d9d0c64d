//! The parts beside the body that a brief does not carry over: the sections' headers and
//! footers (running heads, page numbers, a confidentiality line), each named in a warning with
//! the start of its text, since a site's pages have a header and footer of their own.

use std::collections::{HashMap, HashSet};

use roxmltree::Document;

use super::package::{Package, Rel};
use super::xml::{attr, excerpt, is, parse, plain_text};

/// A header or footer a section uses: `header` or `footer`, which pages (`default`, `first`,
/// `even`) and its relationship id.
pub(super) struct PagePart {
    kind: &'static str,
    pages: String,
    id: String,
}

/// The headers and footers the body's sections name, in order.
pub(super) fn page_parts(doc: &Document<'_>) -> Vec<PagePart> {
    doc.descendants()
        .filter_map(|n| {
            let kind = if is(n, "headerReference") {
                "header"
            } else if is(n, "footerReference") {
                "footer"
            } else {
                return None;
            };
            Some(PagePart {
                kind,
                pages: attr(n, "type").unwrap_or("default").to_string(),
                id: attr(n, "id")?.to_string(),
            })
        })
        .collect()
}

/// One warning for each header and footer that holds text or a picture (each part once, even
/// when several sections use it); a part that cannot be read is a warning too, not an error.
pub(super) fn warnings(
    package: &mut Package,
    rels: &HashMap<String, Rel>,
    parts: &[PagePart],
) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for part in parts {
        let Some(rel) = rels.get(&part.id).filter(|r| !r.external) else {
            continue;
        };
        if !seen.insert(rel.target.clone()) {
            continue;
        }
        let xml = match package.text(&rel.target) {
            Ok(Some(text)) => text,
            Ok(None) => continue,
            Err(e) => {
                out.push(format!(
                    "the page {} is left out: the document {e}",
                    part.kind
                ));
                continue;
            }
        };
        let xml = match parse(&xml, &rel.target) {
            Ok(xml) => xml,
            Err(e) => {
                out.push(format!(
                    "the page {} is left out: the document {e}",
                    part.kind
                ));
                continue;
            }
        };
        let words = plain_text(xml.root_element());
        let pictures = xml
            .descendants()
            .filter(|n| is(*n, "drawing") || is(*n, "pict"))
            .count();
        let what = match (words.is_empty(), pictures) {
            (true, 0) => continue,
            (true, _) => "a picture".to_string(),
            (false, 0) => format!("“{}”", excerpt(&words, 50)),
            (false, _) => format!("“{}” and a picture", excerpt(&words, 50)),
        };
        let pages = match part.pages.as_str() {
            "first" => " of the first page",
            "even" => " of even pages",
            _ => "",
        };
        out.push(format!(
            "the page {}{pages} is left out ({what}): a site's pages have their own; put what the reader needs in the text",
            part.kind
        ));
    }
    out
}
