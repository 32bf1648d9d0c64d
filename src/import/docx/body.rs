//! The body of a Word document as Markdown blocks: paragraphs by their role (title, lead,
//! heading, quote, caption, body text), list items numbered as Word numbers them (nested,
//! continuing and restarting), and tables with a header row.

use std::collections::{HashMap, HashSet};

use roxmltree::Node;

use super::inline::{self, Fmt, Piece, escape_line_start};
use super::package::Rel;
use super::styles::{Numbering, Role, Styles, num_pr};
use super::xml::{attr, child, child_val, is, plain_text};

/// One block of the body.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// A paragraph in the Title style (plain text).
    Title(String),
    /// A paragraph in a Subtitle, Lead or Abstract style (plain text).
    Lead(String),
    /// A heading: its outline level (0 for Heading 1), Markdown and plain text.
    Heading(u8, String, String),
    /// A paragraph's Markdown.
    Para(String),
    /// A quoted paragraph.
    Quote(String),
    /// A list item, as its whole line (indent, marker, text).
    Item(String),
    /// A further paragraph of the list item before it, indented to the item's text.
    Continuation(String),
    /// A table's rows of cells (the first row is the header).
    Table(Vec<Vec<String>>),
}

/// Which version of tracked changes to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Revisions {
    /// Insertions kept, deletions dropped: the document as it would be after accepting all.
    Accept,
    /// Insertions dropped, deletions kept: the document before the changes.
    Reject,
}

/// A field being read: its instruction, whether its result has begun, the link it makes.
#[derive(Debug, Default)]
pub(super) struct Field {
    pub(super) instr: String,
    pub(super) result: bool,
    pub(super) link: Option<std::rc::Rc<str>>,
}

/// How many warnings of one kind are given one by one before the rest are only counted.
pub(super) const REPEATS: usize = 5;

/// Walks a document's parts, keeping what the walk has found.
pub(crate) struct Walker<'s> {
    pub(super) styles: &'s Styles,
    pub(super) numbering: &'s Numbering,
    /// The relationships of the part being read.
    pub(super) rels: HashMap<String, Rel>,
    pub(super) revisions: Revisions,
    /// Notes referenced so far: (endnote?, id) → label, in order.
    pub(super) notes: Vec<(bool, String)>,
    /// Pictures to copy: (part name, file name in the bundle).
    pub(super) images: Vec<(String, String)>,
    pub(super) image_names: HashMap<String, String>,
    pub(super) warnings: Vec<String>,
    /// Fields other than links: kind → (count, first place).
    pub(super) field_kinds: std::collections::BTreeMap<String, (usize, String)>,
    pub(super) fields: Vec<Field>,
    pub(super) comments_open: Vec<(String, String)>,
    pub(super) comment_anchors: Vec<String>,
    pub(super) comment_count: usize,
    /// The paragraph being read (counted from 1), and the last heading's text.
    pub(super) para: usize,
    pub(super) heading: String,
    pub(super) in_note: Option<String>,
    /// How many warnings of each kind (their text without numbers), to cap repeats.
    pub(super) repeats: HashMap<String, (usize, String)>,
    /// Looks that Markdown does not keep (`underlined`, `coloured`): runs counted, and the
    /// first one's text and place.
    pub(super) looks: std::collections::BTreeMap<&'static str, (usize, String)>,
    counters: HashMap<(String, u8), u32>,
    restarted: HashSet<(String, u8)>,
    list: Vec<usize>,
    tables: usize,
}

impl<'s> Walker<'s> {
    /// A walker over a document with these styles and lists.
    pub(crate) fn new(styles: &'s Styles, numbering: &'s Numbering, revisions: Revisions) -> Self {
        Walker {
            styles,
            numbering,
            rels: HashMap::new(),
            revisions,
            notes: Vec::new(),
            images: Vec::new(),
            image_names: HashMap::new(),
            warnings: Vec::new(),
            field_kinds: Default::default(),
            fields: Vec::new(),
            comments_open: Vec::new(),
            comment_anchors: Vec::new(),
            comment_count: 0,
            para: 0,
            heading: String::new(),
            in_note: None,
            repeats: HashMap::new(),
            looks: Default::default(),
            counters: HashMap::new(),
            restarted: HashSet::new(),
            list: Vec::new(),
            tables: 0,
        }
    }

    /// Where the walk is, for warnings: `paragraph 12, under “Findings”`, or the note.
    pub(super) fn place(&self) -> String {
        if let Some(note) = &self.in_note {
            return note.clone();
        }
        if self.heading.is_empty() {
            format!("paragraph {}", self.para)
        } else {
            format!("paragraph {}, under “{}”", self.para, self.heading)
        }
    }

    /// Records a warning about something at the current place.
    /// The first few of each kind are given; the rest are counted (see [`REPEATS`]).
    pub(super) fn warn(&mut self, what: impl std::fmt::Display) {
        let what = what.to_string();
        let kind: String = what.chars().filter(|c| !c.is_ascii_digit()).collect();
        let seen = self.repeats.entry(kind).or_insert((0, what.clone()));
        seen.0 += 1;
        if seen.0 <= REPEATS {
            let place = self.place();
            self.warnings.push(format!("{what} ({place})"));
        }
    }

    /// The blocks of a container (the body, a table cell, a content control).
    pub(crate) fn blocks(&mut self, container: Node<'_, '_>, out: &mut Vec<Block>) {
        for c in container.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "p" => {
                    if let Some(block) = self.paragraph(c) {
                        if !matches!(block, Block::Item(_) | Block::Continuation(_)) {
                            self.list.clear();
                        }
                        out.push(block);
                    }
                }
                "tbl" => {
                    self.list.clear();
                    if let Some(table) = self.table(c) {
                        out.push(table);
                    }
                }
                "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo" => self.blocks(c, out),
                "altChunk" => self.warn("an embedded document part (altChunk) is left out"),
                _ => {}
            }
        }
    }

    /// The pieces of a paragraph's content.
    pub(super) fn pieces(&mut self, p: Node<'_, '_>) -> Vec<Piece> {
        let mut pieces = Vec::new();
        self.inline(p, Fmt::default(), None, &mut pieces);
        pieces
    }

    fn paragraph(&mut self, p: Node<'_, '_>) -> Option<Block> {
        self.para += 1;
        let ppr = child(p, "pPr");
        let style = ppr.and_then(|x| child_val(x, "pStyle"));
        let outline = ppr
            .and_then(|x| child_val(x, "outlineLvl"))
            .and_then(|v| v.parse().ok());
        let role = self.styles.role(style, outline);
        let num = ppr
            .and_then(|x| child(x, "numPr"))
            .and_then(num_pr)
            .or_else(|| style.and_then(|s| self.styles.numbering(s)));
        let pieces = self.pieces(p);
        let md = inline::render(&pieces, "\\\n").trim().to_string();
        if md.is_empty() {
            return None;
        }
        let plain = inline::plain(&pieces);
        Some(match role {
            Role::Title => Block::Title(plain),
            Role::Lead => Block::Lead(plain),
            Role::Heading(level) => {
                self.heading = plain.clone();
                Block::Heading(level, md.replace("\\\n", " "), plain)
            }
            Role::Quote => Block::Quote(md),
            Role::Body | Role::Caption => match num.filter(|(id, _)| id != "0") {
                Some((id, level)) => self.list_item(&id, level, &md),
                None if self.continues_list(ppr, style) => {
                    let pad = " ".repeat(self.list.iter().sum());
                    let text = escape_line_start(&md).replace('\n', &format!("\n{pad}"));
                    Block::Continuation(format!("{pad}{text}"))
                }
                None => Block::Para(escape_line_start(&md)),
            },
        })
    }

    /// Whether an unnumbered paragraph right after a list item is that item's next
    /// paragraph: Word gives it the List Paragraph (or List Continue) style, LibreOffice the
    /// list's indentation and `numId` 0; pandoc reads both so.
    fn continues_list(&self, ppr: Option<Node<'_, '_>>, style: Option<&str>) -> bool {
        if self.list.is_empty() {
            return false;
        }
        let indented = ppr.and_then(|x| child(x, "ind")).is_some_and(|ind| {
            ["start", "left"]
                .iter()
                .filter_map(|k| attr(ind, k))
                .any(|v| v.parse::<i64>().is_ok_and(|v| v > 0))
        });
        indented || style.is_some_and(|s| self.styles.is_list_paragraph(s))
    }

    /// A list item numbered as Word numbers it: by list definition and level, continuing
    /// across interruptions, restarting where the list says so, deeper levels reset.
    fn list_item(&mut self, num_id: &str, level: u8, md: &str) -> Block {
        let Some((def, lvl, restart)) = self.numbering.level(num_id, level) else {
            return Block::Para(escape_line_start(md));
        };
        let def = def.to_string();
        if let Some(start) = restart
            && self.restarted.insert((num_id.to_string(), level))
        {
            self.counters
                .insert((def.clone(), level), start.saturating_sub(1));
        }
        let counter = self
            .counters
            .entry((def.clone(), level))
            .or_insert(lvl.start.saturating_sub(1));
        *counter += 1;
        let n = *counter;
        self.counters.retain(|(d, l), _| *d != def || *l <= level);
        let marker = if lvl.ordered {
            format!("{n}.")
        } else {
            "-".to_string()
        };
        let depth = usize::from(level).min(self.list.len());
        self.list.truncate(depth);
        let indent: usize = self.list.iter().sum();
        self.list.push(marker.len() + 1);
        let pad = " ".repeat(indent + marker.len() + 1);
        let text = escape_line_start(md).replace('\n', &format!("\n{pad}"));
        Block::Item(format!("{}{marker} {text}", " ".repeat(indent)))
    }

    /// A table: one row of text per row, merged cells made plain (with a warning).
    fn table(&mut self, tbl: Node<'_, '_>) -> Option<Block> {
        self.tables += 1;
        let mut merged = false;
        let mut rows = Vec::new();
        for tr in tbl.children().filter(|n| is(*n, "tr")) {
            let mut row = Vec::new();
            for tc in tr.descendants().filter(|n| is(*n, "tc")) {
                if tc.ancestors().skip(1).find(|a| is(*a, "tr")) != Some(tr) {
                    continue;
                }
                let tcpr = child(tc, "tcPr");
                let span: usize = tcpr
                    .and_then(|t| child_val(t, "gridSpan"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                let continued = tcpr
                    .and_then(|t| child(t, "vMerge"))
                    .is_some_and(|v| attr(v, "val") != Some("restart"));
                merged |= span > 1 || continued;
                let text = if continued {
                    String::new()
                } else {
                    self.cell(tc)
                };
                row.push(text);
                row.extend(std::iter::repeat_n(String::new(), span.saturating_sub(1)));
            }
            rows.push(row);
        }
        if merged {
            let n = self.tables;
            self.warn(format_args!(
                "table {n}: merged cells are made plain (each merged cell's text is in its first cell, the others left empty)"
            ));
        }
        (!rows.is_empty()).then_some(Block::Table(rows))
    }

    /// A table cell's text on one line: its paragraphs joined with `<br>`.
    fn cell(&mut self, tc: Node<'_, '_>) -> String {
        let mut parts = Vec::new();
        for c in tc.children().filter(Node::is_element) {
            if is(c, "p") {
                self.para += 1;
                let pieces = self.pieces(c);
                let md = inline::render(&pieces, "<br>").trim().to_string();
                if !md.is_empty() {
                    parts.push(md);
                }
            } else if is(c, "tbl") {
                self.warn("a table inside a table cell is made plain text");
                parts.push(inline::escape(&plain_text(c)));
            } else if is(c, "sdt") {
                parts.push(inline::escape(&plain_text(c)));
            }
        }
        parts.join("<br>")
    }
}

/// The body's Markdown: blocks separated by blank lines, list items by line breaks.
pub(crate) fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous_item = false;
    for block in blocks {
        let (text, item) = match block {
            Block::Title(t) | Block::Lead(t) => (inline::escape(t), false),
            Block::Heading(level, md, _) => {
                let hashes = "#".repeat(usize::from(*level).saturating_add(2).min(6));
                (format!("{hashes} {md}"), false)
            }
            Block::Para(md) => (md.clone(), false),
            Block::Quote(md) => (format!("> {}", md.replace('\n', "\n> ")), false),
            Block::Item(line) => (line.clone(), true),
            Block::Continuation(text) => (text.clone(), false),
            Block::Table(rows) => (table_markdown(rows), false),
        };
        if !out.is_empty() {
            out.push_str(if item && previous_item { "\n" } else { "\n\n" });
        }
        out.push_str(&text);
        previous_item = item;
    }
    out.push('\n');
    out
}

/// A pipe table, padded to its widest row, the first row as the header.
fn table_markdown(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let line = |row: &[String]| {
        let cells: Vec<String> = (0..width)
            .map(|i| row.get(i).map_or("", |c| c.as_str()).replace('\n', " "))
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(&rows[0])];
    out.push(format!("|{}", " --- |".repeat(width)));
    out.extend(rows[1..].iter().map(|r| line(r)));
    out.join("\n")
}
