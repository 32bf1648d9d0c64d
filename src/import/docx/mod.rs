//! Reading a Word document (.docx, as Word, LibreOffice and Google Docs write it) into a brief:
//! its title, authors, date and lead, its body as Markdown with footnotes and endnotes, and its
//! pictures. A real OOXML reader: the zip crate for the package, roxmltree for the parts.

mod body;
mod inline;
mod package;
mod parts;
mod runs;
mod styles;
mod xml;

use std::path::Path;

use chrono::NaiveDate;

pub(crate) use body::Revisions;
use body::{Block, Walker};
pub(crate) use package::Package;
use styles::{Numbering, Styles};
use xml::{excerpt, is, parse};

/// What a Word document holds, ready to be written as a brief.
#[derive(Debug)]
pub(crate) struct Converted {
    /// From the Title style, the first Heading 1 or the document's properties.
    pub(crate) title: Option<String>,
    /// The document properties' creator(s).
    pub(crate) authors: Vec<String>,
    /// The document properties' creation date.
    pub(crate) date: Option<NaiveDate>,
    /// From a Subtitle, Lead or Abstract paragraph.
    pub(crate) summary: Option<String>,
    /// The body's Markdown, notes included.
    pub(crate) body: String,
    /// Pictures to copy from the package: (part name, file name in the bundle).
    pub(crate) images: Vec<(String, String)>,
    /// What could not be carried over, each with its place.
    pub(crate) warnings: Vec<String>,
}

/// Reads a .docx; the error is a sentence about the file, to follow its name.
pub(crate) fn convert(path: &Path, revisions: Revisions) -> Result<(Package, Converted), String> {
    let mut package = Package::open(path)?;
    let main = package
        .main_part()
        .ok_or("has no word/document.xml: it is not a Word document")?;
    let rels = package.rels(&main)?;
    let part_of = |kind: &str| {
        rels.values()
            .find(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
    };
    let styles_part = part_of("styles").unwrap_or_else(|| "word/styles.xml".into());
    let styles = Styles::read(package.text(&styles_part)?.as_deref(), &styles_part)?;
    let numbering_part = part_of("numbering").unwrap_or_else(|| "word/numbering.xml".into());
    let numbering = Numbering::read(package.text(&numbering_part)?.as_deref(), &numbering_part)?;
    let text = package.text(&main)?.unwrap_or_default();
    let doc = parse(&text, &main)?;
    let mut walker = Walker::new(&styles, &numbering, revisions);
    walker.rels = rels.clone();
    let mut blocks = Vec::new();
    if let Some(body) = doc.root_element().children().find(|n| is(*n, "body")) {
        walker.blocks(body, &mut blocks);
    }
    let page_parts = parts::page_parts(&doc);
    drop(doc);
    drop(text);
    let (title, summary) = front_of(&mut blocks);
    let mut body = body::markdown(&blocks);
    drop(blocks);
    let notes = notes(
        &mut package,
        &mut walker,
        &part_of("footnotes"),
        &part_of("endnotes"),
    )?;
    if !notes.is_empty() {
        body.push('\n');
        body.push_str(&notes);
    }
    summarize_leftovers(&mut walker);
    let page_parts = parts::warnings(&mut package, &rels, &page_parts);
    walker.warnings.extend(page_parts);
    let (core_title, authors, date) = core_properties(&mut package)?;
    let converted = Converted {
        title: title.or(core_title),
        authors,
        date,
        summary,
        body,
        images: std::mem::take(&mut walker.images),
        warnings: std::mem::take(&mut walker.warnings),
    };
    Ok((package, converted))
}

/// Takes the title (the Title paragraph, else the first Heading 1) and the lead out of the body.
fn front_of(blocks: &mut Vec<Block>) -> (Option<String>, Option<String>) {
    let mut title = None;
    let mut summary = None;
    let mut rest = Vec::with_capacity(blocks.len());
    for block in blocks.drain(..) {
        match block {
            Block::Title(t) if title.is_none() => title = Some(t),
            Block::Title(t) => rest.push(Block::Heading(0, xml_free(&t), t)),
            Block::Lead(t) if summary.is_none() => summary = Some(t),
            Block::Lead(t) => rest.push(Block::Para(xml_free(&t))),
            other => rest.push(other),
        }
    }
    if title.is_none()
        && let Some(at) = rest.iter().position(|b| matches!(b, Block::Heading(0, ..)))
        && let Block::Heading(_, _, plain) = rest.remove(at)
    {
        title = Some(plain);
    }
    *blocks = rest;
    (title, summary)
}

/// Plain text as Markdown: escaped.
fn xml_free(text: &str) -> String {
    inline::escape(text)
}

/// The footnotes and endnotes referenced in the body, as Markdown notes in order.
fn notes(
    package: &mut Package,
    walker: &mut Walker<'_>,
    footnotes: &Option<String>,
    endnotes: &Option<String>,
) -> Result<String, String> {
    if walker.notes.is_empty() {
        return Ok(String::new());
    }
    let mut out = vec![String::new(); walker.notes.len()];
    for (endnote, part) in [(false, footnotes), (true, endnotes)] {
        let Some(part) = part else { continue };
        let Some(text) = package.text(part)? else {
            continue;
        };
        let doc = parse(&text, part)?;
        walker.rels = package.rels(part)?;
        let wanted = if endnote { "endnote" } else { "footnote" };
        for note in doc.root_element().children().filter(|n| is(*n, wanted)) {
            let id = xml::attr(note, "id").unwrap_or_default().to_string();
            let key = (endnote, id);
            let Some(at) = walker.notes.iter().position(|k| *k == key) else {
                continue;
            };
            walker.in_note = Some(format!("{wanted} {}", at + 1));
            let mut paragraphs = Vec::new();
            for p in note.descendants().filter(|n| is(*n, "p")) {
                let pieces = walker.pieces(p);
                let md = inline::render(&pieces, "\\\n").trim().to_string();
                if !md.is_empty() {
                    paragraphs.push(md.replace('\n', "\n    "));
                }
            }
            out[at] = paragraphs.join("\n\n    ");
        }
    }
    walker.in_note = None;
    let mut text = String::new();
    for (i, note) in out.iter().enumerate() {
        if note.is_empty() {
            walker.warnings.push(format!(
                "note {} is referenced but has no text in the document",
                i + 1
            ));
        }
        text.push_str(&format!("[^{}]: {note}\n", i + 1));
    }
    Ok(text)
}

/// Warnings for comments and for fields other than links, one per kind.
fn summarize_leftovers(walker: &mut Walker<'_>) {
    let count = walker.comment_count.max(walker.comment_anchors.len());
    if count > 0 {
        let anchors: Vec<String> = walker
            .comment_anchors
            .iter()
            .filter(|a| !a.trim().is_empty())
            .map(|a| format!("“{}”", excerpt(a, 40)))
            .collect();
        let on = if anchors.is_empty() {
            String::new()
        } else {
            format!(", on {}", anchors.join(", "))
        };
        walker.warnings.push(format!(
            "{count} comment{} dropped{on}",
            if count == 1 { "" } else { "s" }
        ));
    }
    let mut repeated: Vec<(usize, String)> = walker
        .repeats
        .drain()
        .map(|(_, seen)| seen)
        .filter(|(n, _)| *n > body::REPEATS)
        .collect();
    repeated.sort();
    for (n, first) in repeated {
        walker.warnings.push(format!(
            "{} more warnings like “{}” (the first {} are given)",
            n - body::REPEATS,
            excerpt(&first, 50),
            body::REPEATS
        ));
    }
    for (look, (count, first)) in std::mem::take(&mut walker.looks) {
        let why = if look == "underlined" {
            "Markdown has no underline, and on a web page it reads as a link"
        } else {
            "a brief's colours are its theme's"
        };
        walker.warnings.push(format!(
            "{count} {look} run{} kept as plain text (the first: {first}): {why}; use bold or italic where the emphasis matters",
            if count == 1 { " is" } else { "s are" }
        ));
    }
    for (kind, (count, place)) in std::mem::take(&mut walker.field_kinds) {
        walker.warnings.push(format!(
            "field {kind} ({count} time{}, first in {place}): its last shown text is kept, the field itself is not",
            if count == 1 { "" } else { "s" }
        ));
    }
}

/// The document properties' title, creators and creation date.
type Core = (Option<String>, Vec<String>, Option<NaiveDate>);

/// Reads the document properties (docProps/core.xml).
fn core_properties(package: &mut Package) -> Result<Core, String> {
    let part = package
        .rels("")?
        .values()
        .find(|r| r.kind == "core-properties" && !r.external)
        .map(|r| r.target.clone())
        .unwrap_or_else(|| "docProps/core.xml".into());
    let Some(text) = package.text(&part)? else {
        return Ok((None, Vec::new(), None));
    };
    let doc = parse(&text, &part)?;
    let field = |name: &str| {
        doc.descendants()
            .find(|n| is(*n, name))
            .and_then(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
    };
    let title = field("title").map(str::to_string);
    let authors = field("creator")
        .map(|c| {
            c.split(';')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let date = field("created")
        .or_else(|| field("modified"))
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
    Ok((title, authors, date))
}
