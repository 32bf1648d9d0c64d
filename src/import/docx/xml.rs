//! Reading OOXML with roxmltree by local names: Word's transitional and strict namespaces, and
//! LibreOffice's and Google Docs' prefixes, all read the same.

use roxmltree::{Document, Node, ParsingOptions};

/// Parses one part; the error names the part, the line and the column.
pub(crate) fn parse<'a>(text: &'a str, part: &str) -> Result<Document<'a>, String> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::MAX,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .map_err(|e| format!("is damaged: part {part} is not well-formed XML ({e})"))
}

/// An attribute by its local name (`w:val` and `val` alike).
pub(crate) fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

/// Whether an element has this local name.
pub(crate) fn is(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

/// The first child element with this local name.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is(*c, name))
}

/// The `w:val` of a child element (`<w:pStyle w:val="Heading1"/>`).
pub(crate) fn child_val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| attr(c, "val"))
}

/// A toggle property (`<w:b/>`, `<w:b w:val="0"/>`): on unless its value says off.
pub(crate) fn toggle(props: Option<Node<'_, '_>>, name: &str) -> Option<bool> {
    let node = child(props?, name)?;
    Some(!matches!(
        attr(node, "val"),
        Some("0" | "false" | "off" | "none")
    ))
}

/// The text of every `t` element under a node (Word's `w:t`, DrawingML's `a:t`, math's `m:t`).
pub(crate) fn plain_text(node: Node<'_, '_>) -> String {
    let mut out = String::new();
    for n in node.descendants() {
        if is(n, "t") {
            out.push_str(n.text().unwrap_or_default());
        } else if is(n, "p") && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// The first `max` characters of a text, with an ellipsis when cut.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}
