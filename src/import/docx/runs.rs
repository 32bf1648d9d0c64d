//! A paragraph's content: runs and their formatting, links (elements and HYPERLINK fields),
//! tracked changes, comments' anchors, notes' references, pictures, and the things that cannot
//! be carried over (text boxes, SmartArt, charts, equations, objects, other fields), each
//! named in a warning.

use std::rc::Rc;

use roxmltree::Node;

use super::body::{Field, Revisions, Walker};
use super::inline::{Fmt, Piece, escape};
use super::xml::{attr, child, child_val, excerpt, is, plain_text, toggle};

impl Walker<'_> {
    /// The pieces of an element's content, in this format and link.
    pub(super) fn inline(
        &mut self,
        node: Node<'_, '_>,
        fmt: Fmt,
        link: Option<Rc<str>>,
        out: &mut Vec<Piece>,
    ) {
        let accept = self.revisions == Revisions::Accept;
        for c in node.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "r" => self.run(c, fmt, &link, out),
                "hyperlink" => {
                    let target = self.hyperlink(c).or_else(|| link.clone());
                    self.inline(c, fmt, target, out);
                }
                "fldSimple" => {
                    let instr = attr(c, "instr").unwrap_or_default().to_string();
                    let target = self.field_link(&instr).or_else(|| link.clone());
                    self.inline(c, fmt, target, out);
                }
                "ins" | "moveTo" if accept => self.inline(c, fmt, link.clone(), out),
                "del" | "moveFrom" if !accept => self.inline(c, fmt, link.clone(), out),
                "smartTag" | "customXml" | "sdt" | "sdtContent" | "bdo" | "dir" => {
                    self.inline(c, fmt, link.clone(), out)
                }
                "commentRangeStart" => {
                    let id = attr(c, "id").unwrap_or_default().to_string();
                    self.comments_open.push((id, String::new()));
                }
                "commentRangeEnd" => {
                    let id = attr(c, "id").unwrap_or_default();
                    if let Some(at) = self.comments_open.iter().position(|(i, _)| i == id) {
                        let (_, anchor) = self.comments_open.remove(at);
                        self.comment_anchors.push(anchor);
                    }
                }
                "oMath" | "oMathPara" => {
                    let text = excerpt(&plain_text(c), 60);
                    self.warn(format_args!(
                        "an equation is left out (“{text}”): Markdown has no Word equations; write it as an image or text"
                    ));
                }
                _ => {}
            }
        }
    }

    /// A `w:hyperlink`'s address: its relationship's URL (with the anchor, if any); an anchor
    /// alone points inside the Word file and is not kept.
    fn hyperlink(&mut self, node: Node<'_, '_>) -> Option<Rc<str>> {
        let anchor = attr(node, "anchor");
        let url = attr(node, "id")
            .and_then(|id| self.rels.get(id))
            .filter(|r| r.external)
            .map(|r| r.target.clone());
        let Some(url) = url else {
            self.internal_link(anchor.unwrap_or_default());
            return None;
        };
        Some(match anchor {
            Some(a) if !a.is_empty() => format!("{url}#{a}").into(),
            _ => url.into(),
        })
    }

    /// The link a field makes (`HYPERLINK "url"`); other fields are counted for a warning.
    pub(super) fn field_link(&mut self, instr: &str) -> Option<Rc<str>> {
        let mut words = instr.split_whitespace();
        let kind = words.next().unwrap_or_default().to_uppercase();
        if kind.is_empty() {
            return None;
        }
        if kind != "HYPERLINK" {
            let place = self.place();
            let entry = self.field_kinds.entry(kind).or_insert((0, place));
            entry.0 += 1;
            return None;
        }
        let rest = instr.trim_start()[9..].trim();
        if let Some(anchor) = rest.strip_prefix("\\l") {
            self.internal_link(anchor.trim().trim_matches('"'));
            return None;
        }
        let url = match rest.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next().unwrap_or_default(),
            None => rest.split_whitespace().next().unwrap_or_default(),
        };
        (!url.is_empty()).then(|| Rc::from(url))
    }

    /// A link to a bookmark inside the Word file: its text is kept, the link is not (the
    /// bookmark has no address on the site).
    fn internal_link(&mut self, bookmark: &str) {
        if !bookmark.is_empty() && !bookmark.starts_with("_Toc") {
            self.warn(format_args!(
                "a link to the bookmark `{bookmark}` inside the document is kept as plain text"
            ));
        }
    }

    /// A run's format: the paragraph's, changed by its own properties and character style.
    fn run_format(&self, r: Node<'_, '_>, mut fmt: Fmt) -> Fmt {
        let rpr = child(r, "rPr");
        if let Some(style) = rpr.and_then(|p| child_val(p, "rStyle")) {
            let name = self.styles.name(style).to_lowercase();
            fmt.bold |= name.contains("strong");
            fmt.italic |= name.contains("emphasis");
        }
        if let Some(on) = toggle(rpr, "b") {
            fmt.bold = on;
        }
        if let Some(on) = toggle(rpr, "i") {
            fmt.italic = on;
        }
        if let Some(on) = toggle(rpr, "strike").or_else(|| toggle(rpr, "dstrike")) {
            fmt.strike = on;
        }
        match rpr.and_then(|p| child_val(p, "vertAlign")) {
            Some("superscript") => fmt.sup = true,
            Some("subscript") => fmt.sub = true,
            _ => {}
        }
        fmt
    }

    fn run(&mut self, r: Node<'_, '_>, fmt: Fmt, link: &Option<Rc<str>>, out: &mut Vec<Piece>) {
        let fmt = self.run_format(r, fmt);
        let in_link = link.is_some() || self.fields.iter().any(|f| f.link.is_some());
        if !in_link && self.visible() {
            self.count_looks(r);
        }
        self.run_children(r, fmt, link, out);
    }

    /// Counts a run's underline and colour, which Markdown does not keep (links, underlined
    /// and coloured by their style, are not counted).
    fn count_looks(&mut self, r: Node<'_, '_>) {
        let Some(rpr) = child(r, "rPr") else {
            return;
        };
        let underlined = child(rpr, "u").is_some_and(|u| attr(u, "val") != Some("none"));
        let coloured = child_val(rpr, "color")
            .is_some_and(|c| !c.eq_ignore_ascii_case("auto") && c != "000000")
            || child_val(rpr, "highlight").is_some_and(|h| h != "none");
        for (look, on) in [("underlined", underlined), ("coloured", coloured)] {
            let text = plain_text(r);
            if !on || text.trim().is_empty() {
                continue;
            }
            let first = format!("“{}”, {}", excerpt(&text, 30), self.place());
            self.looks.entry(look).or_insert((0, first)).0 += 1;
        }
    }

    /// Text that the reader sees: not inside a field's instruction.
    fn visible(&self) -> bool {
        self.fields.iter().all(|f| f.result)
    }

    fn push_text(&mut self, text: &str, fmt: Fmt, link: &Option<Rc<str>>, out: &mut Vec<Piece>) {
        if !self.visible() || text.is_empty() {
            return;
        }
        for (_, anchor) in &mut self.comments_open {
            anchor.push_str(text);
        }
        let link = self
            .fields
            .iter()
            .rev()
            .find_map(|f| f.link.clone())
            .or_else(|| link.clone());
        out.push(Piece::Text {
            text: text.to_string(),
            fmt,
            link,
        });
    }

    fn run_children(
        &mut self,
        r: Node<'_, '_>,
        fmt: Fmt,
        link: &Option<Rc<str>>,
        out: &mut Vec<Piece>,
    ) {
        for c in r.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "t" => self.push_text(c.text().unwrap_or_default(), fmt, link, out),
                "delText" if self.revisions == Revisions::Reject => {
                    self.push_text(c.text().unwrap_or_default(), fmt, link, out)
                }
                "instrText" => {
                    if let Some(field) = self.fields.last_mut() {
                        field.instr.push_str(c.text().unwrap_or_default());
                    }
                }
                "tab" | "ptab" => self.push_text(" ", fmt, link, out),
                "br" | "cr"
                    if !matches!(attr(c, "type"), Some("page" | "column")) && self.visible() =>
                {
                    out.push(Piece::Break)
                }
                "noBreakHyphen" => self.push_text("\u{2011}", fmt, link, out),
                "softHyphen" => self.push_text("\u{ad}", fmt, link, out),
                "sym" => self.symbol(c, fmt, link, out),
                "footnoteReference" | "endnoteReference" => self.note_reference(c, out),
                "commentReference" => self.comment_count += 1,
                "fldChar" => self.field_char(c),
                "drawing" => self.drawing(c, out),
                "pict" => self.vml(c, out),
                "object" => self.object(c, out),
                "AlternateContent" => {
                    if let Some(choice) = c.children().find(|n| is(*n, "Choice")) {
                        self.run_children(choice, fmt, link, out);
                    }
                }
                _ => {}
            }
        }
    }

    /// `w:sym`: a character in a symbol font; kept when it is a Unicode character.
    fn symbol(&mut self, c: Node<'_, '_>, fmt: Fmt, link: &Option<Rc<str>>, out: &mut Vec<Piece>) {
        let code = attr(c, "char").and_then(|h| u32::from_str_radix(h, 16).ok());
        match code.and_then(char::from_u32) {
            Some(ch) if !(0xF000..=0xF0FF).contains(&code.unwrap_or(0)) => {
                self.push_text(&ch.to_string(), fmt, link, out)
            }
            _ => {
                let font = attr(c, "font").unwrap_or("a symbol font");
                self.warn(format_args!(
                    "a symbol from {font} is left out: it has no Unicode character"
                ));
            }
        }
    }

    fn note_reference(&mut self, c: Node<'_, '_>, out: &mut Vec<Piece>) {
        let endnote = is(c, "endnoteReference");
        let id = attr(c, "id").unwrap_or_default().to_string();
        let key = (endnote, id);
        let n = match self.notes.iter().position(|k| *k == key) {
            Some(at) => at + 1,
            None => {
                self.notes.push(key);
                self.notes.len()
            }
        };
        out.push(Piece::Raw(format!("[^{n}]")));
    }

    /// `w:fldChar`: a complex field's beginning, its result's start, its end.
    fn field_char(&mut self, c: Node<'_, '_>) {
        match attr(c, "fldCharType") {
            Some("begin") => self.fields.push(Field::default()),
            Some("separate") => {
                let instr = self
                    .fields
                    .last()
                    .map(|f| f.instr.clone())
                    .unwrap_or_default();
                let link = self.field_link(&instr);
                if let Some(field) = self.fields.last_mut() {
                    field.result = true;
                    field.link = link;
                }
            }
            Some("end") => {
                if let Some(field) = self.fields.pop()
                    && !field.result
                {
                    self.field_link(&field.instr);
                }
            }
            _ => {}
        }
    }

    /// A DrawingML object: a picture is kept; anything else is named in a warning.
    fn drawing(&mut self, d: Node<'_, '_>, out: &mut Vec<Piece>) {
        let uri = d
            .descendants()
            .find(|n| is(*n, "graphicData"))
            .and_then(|g| attr(g, "uri"))
            .unwrap_or_default();
        let doc_pr = d.descendants().find(|n| is(*n, "docPr"));
        let alt = doc_pr
            .and_then(|p| attr(p, "descr").filter(|s| !s.trim().is_empty()))
            .or_else(|| doc_pr.and_then(|p| attr(p, "title")))
            .unwrap_or_default()
            .to_string();
        let text_box = d.descendants().find(|n| is(*n, "txbxContent"));
        if let Some(tb) = text_box {
            let text = excerpt(&plain_text(tb), 80);
            self.warn(format_args!(
                "a text box is left out (“{text}”): move its text into the body"
            ));
        } else if uri.ends_with("/picture") {
            let blip = d.descendants().find(|n| is(*n, "blip"));
            let rid = blip.and_then(|b| attr(b, "embed").or_else(|| attr(b, "link")));
            self.image(rid.unwrap_or_default(), &alt, out);
        } else if uri.ends_with("/diagram") {
            self.warn("a SmartArt graphic is left out: export it as a picture and insert that");
        } else if uri.ends_with("/chart") {
            self.warn("a chart is left out: export it as a picture and insert that");
        } else {
            self.warn("a drawing (shape) is left out");
        }
    }

    /// A VML picture or shape (older Word files, LibreOffice's fallbacks).
    fn vml(&mut self, pict: Node<'_, '_>, out: &mut Vec<Piece>) {
        if let Some(tb) = pict.descendants().find(|n| is(*n, "txbxContent")) {
            let text = excerpt(&plain_text(tb), 80);
            self.warn(format_args!(
                "a text box is left out (“{text}”): move its text into the body"
            ));
        } else if let Some(data) = pict.descendants().find(|n| is(*n, "imagedata")) {
            let shape = data.parent();
            let alt = shape
                .and_then(|s| attr(s, "alt"))
                .or_else(|| attr(data, "title"))
                .unwrap_or_default()
                .to_string();
            self.image(attr(data, "id").unwrap_or_default(), &alt, out);
        } else {
            self.warn("a drawing (shape) is left out");
        }
    }

    /// `w:object`: an embedded object (a spreadsheet, an equation editor formula).
    fn object(&mut self, o: Node<'_, '_>, _out: &mut Vec<Piece>) {
        let prog = o
            .descendants()
            .find(|n| is(*n, "OLEObject"))
            .and_then(|n| attr(n, "ProgID"))
            .unwrap_or("unknown program")
            .to_string();
        self.warn(format_args!(
            "an embedded object ({prog}) is left out: export it as a picture or a file"
        ));
    }

    /// A picture: its file is copied into the bundle, and the Markdown links to it.
    fn image(&mut self, rid: &str, alt: &str, out: &mut Vec<Piece>) {
        let Some(rel) = self.rels.get(rid).cloned() else {
            self.warn("a picture whose file is missing from the document is left out");
            return;
        };
        let alt_md = escape(alt.trim());
        if rel.external {
            self.warn(format_args!(
                "a linked picture stays at {}: it is not inside the document",
                rel.target
            ));
            out.push(Piece::Raw(format!("![{alt_md}]({})", rel.target)));
            return;
        }
        let name = match self.image_names.get(&rel.target) {
            Some(name) => name.clone(),
            None => {
                let name = self.image_file_name(&rel.target);
                self.image_names.insert(rel.target.clone(), name.clone());
                self.images.push((rel.target.clone(), name.clone()));
                name
            }
        };
        if alt.trim().is_empty() {
            self.warn(format_args!(
                "picture {name} has no description (alt text): add one in Word (Edit Alt Text) or in the Markdown"
            ));
        }
        out.push(Piece::Raw(format!("![{alt_md}]({name})")));
    }

    /// A file name for a picture in the bundle: the part's own, made safe and unique.
    fn image_file_name(&self, part: &str) -> String {
        let base: String = part
            .rsplit('/')
            .next()
            .unwrap_or("image")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let base = if base.starts_with('.') || base == "index.md" {
            format!("image{base}")
        } else {
            base
        };
        let taken = |n: &str| self.images.iter().any(|(_, name)| name == n);
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|i| format!("{i}-{base}"))
            .find(|n| !taken(n))
            .unwrap_or(base)
    }
}
