//! A small YAML writer for the CMS configuration: maps in the order given, lists, and scalars
//! written so that no YAML reader takes them for something else (strings quoted as JSON, which
//! YAML reads the same).

/// A value of the configuration.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    Str(String),
    Bool(bool),
    Int(i64),
}

/// A map from `(key, value)` pairs, in their order.
pub(crate) fn map<const N: usize>(pairs: [(&str, Node); N]) -> Node {
    Node::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// A string.
pub(crate) fn s(text: &str) -> Node {
    Node::Str(text.to_string())
}

/// A list of strings.
pub(crate) fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Node {
    Node::List(items.into_iter().map(s).collect())
}

impl Node {
    /// Adds a key to a map (nothing for another node).
    pub(crate) fn push(&mut self, key: &str, value: Node) {
        if let Node::Map(pairs) = self {
            pairs.push((key.to_string(), value));
        }
    }
}

/// The YAML text of a map, as a document.
pub(crate) fn to_yaml(node: &Node) -> String {
    let mut out = String::new();
    write_block(node, 0, &mut out);
    out
}

/// A scalar, or an empty map or list, on one line.
fn inline(node: &Node) -> Option<String> {
    match node {
        Node::Str(text) => Some(serde_json::Value::String(text.clone()).to_string()),
        Node::Bool(b) => Some(b.to_string()),
        Node::Int(n) => Some(n.to_string()),
        Node::Map(pairs) if pairs.is_empty() => Some("{}".into()),
        Node::List(items) if items.is_empty() => Some("[]".into()),
        Node::List(items) if items.iter().all(|i| matches!(i, Node::Str(_))) => {
            let items: Vec<String> = items.iter().filter_map(inline).collect();
            let line = format!("[{}]", items.join(", "));
            (line.len() <= 80).then_some(line)
        }
        _ => None,
    }
}

/// A map's or list's lines at `indent` spaces.
fn write_block(node: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Node::Map(pairs) => {
            for (key, value) in pairs {
                match inline(value) {
                    Some(text) => out.push_str(&format!("{pad}{key}: {text}\n")),
                    None => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        write_block(value, indent + 2, out);
                    }
                }
            }
        }
        Node::List(items) => {
            for item in items {
                match inline(item) {
                    Some(text) => out.push_str(&format!("{pad}- {text}\n")),
                    None => {
                        // The item's first line after the dash, the others under it.
                        let mut inner = String::new();
                        write_block(item, indent + 2, &mut inner);
                        let rest = inner.get(indent + 2..).unwrap_or_default();
                        out.push_str(&format!("{pad}- {rest}"));
                    }
                }
            }
        }
        scalar => {
            if let Some(text) = inline(scalar) {
                out.push_str(&format!("{pad}{text}\n"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_maps_and_lists_with_quoted_strings() {
        let node = map([
            ("name", s("briefs")),
            ("create", Node::Bool(true)),
            (
                "fields",
                Node::List(vec![
                    map([("name", s("title")), ("label", s("Title: \"main\""))]),
                    map([("name", s("tags")), ("options", strings(["a", "no"]))]),
                ]),
            ),
            ("depth", Node::Int(3)),
        ]);
        assert_eq!(
            to_yaml(&node),
            "name: \"briefs\"\ncreate: true\nfields:\n  - name: \"title\"\n    label: \"Title: \\\"main\\\"\"\n  - name: \"tags\"\n    options: [\"a\", \"no\"]\ndepth: 3\n"
        );
    }
}
