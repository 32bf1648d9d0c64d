//! Reading a WordPress export (WXR 1.0–1.2, an RSS file with the `wp:` namespace): the site's
//! authors, categories and tags, and every item (post, page, attachment, revision…) with its
//! line in the file, for warnings.

use std::collections::HashMap;

use roxmltree::{Document, Node, ParsingOptions};

/// An author of the export.
#[derive(Debug, Clone, Default)]
pub(crate) struct Author {
    pub(crate) login: String,
    pub(crate) display_name: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
}

/// A category or tag of the export.
#[derive(Debug, Clone, Default)]
pub(crate) struct Term {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) description: String,
}

/// One `<item>`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Item {
    /// Its line in the export.
    pub(crate) line: usize,
    pub(crate) title: String,
    pub(crate) link: String,
    pub(crate) creator: String,
    pub(crate) content: String,
    pub(crate) excerpt: String,
    pub(crate) id: String,
    /// `wp:post_date`, the site's local time, and `wp:post_date_gmt`.
    pub(crate) date: String,
    pub(crate) date_gmt: String,
    pub(crate) pub_date: String,
    /// `wp:post_name`, percent-encoded when it is not ASCII.
    pub(crate) name: String,
    pub(crate) status: String,
    pub(crate) post_type: String,
    /// (domain, nicename, name): `category` or `post_tag`.
    pub(crate) terms: Vec<(String, String, String)>,
}

/// The whole export.
#[derive(Debug, Default)]
pub(crate) struct Export {
    pub(crate) authors: HashMap<String, Author>,
    pub(crate) categories: Vec<Term>,
    pub(crate) tags: Vec<Term>,
    pub(crate) items: Vec<Item>,
    /// The old site's addresses: the channel's `link`, `wp:base_site_url`, `wp:base_blog_url`.
    pub(crate) site_urls: Vec<String>,
}

/// Parses the export's text; the error gives the line and column.
pub(crate) fn parse(text: &str) -> Result<Export, String> {
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: u32::MAX,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options)
        .map_err(|e| format!("is not well-formed XML: {e}"))?;
    let channel = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("channel"))
        .ok_or("is not a WordPress export: it has no <rss><channel>")?;
    let mut export = Export::default();
    // Lines counted as the items go by (roxmltree's text_pos_at scans from the start each
    // time: quadratic in a 5,000-post export).
    let (mut counted, mut line) = (0, 1);
    for node in channel.children().filter(Node::is_element) {
        match node.tag_name().name() {
            "author" => {
                let author = Author {
                    login: field(node, "author_login"),
                    display_name: field(node, "author_display_name"),
                    first_name: field(node, "author_first_name"),
                    last_name: field(node, "author_last_name"),
                };
                export.authors.insert(author.login.clone(), author);
            }
            "category" => export.categories.push(Term {
                slug: field(node, "category_nicename"),
                name: field(node, "cat_name"),
                description: field(node, "category_description"),
            }),
            "tag" => export.tags.push(Term {
                slug: field(node, "tag_slug"),
                name: field(node, "tag_name"),
                description: field(node, "tag_description"),
            }),
            "link" | "base_site_url" | "base_blog_url" => export.site_urls.push(text_of(node)),
            "item" => {
                let start = node.range().start;
                line += text.as_bytes()[counted..start]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                counted = start;
                export.items.push(item(node, line));
            }
            _ => {}
        }
    }
    Ok(export)
}

/// The text of a child element by local name (CDATA included), trimmed.
fn field(node: Node<'_, '_>, name: &str) -> String {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .map(text_of)
        .unwrap_or_default()
}

fn text_of(node: Node<'_, '_>) -> String {
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    text.trim().to_string()
}

fn item(node: Node<'_, '_>, line: usize) -> Item {
    let mut item = Item {
        line,
        ..Item::default()
    };
    for c in node.children().filter(Node::is_element) {
        let ns = c.tag_name().namespace().unwrap_or_default();
        match c.tag_name().name() {
            "title" => item.title = text_of(c),
            "link" => item.link = text_of(c),
            "pubDate" => item.pub_date = text_of(c),
            "creator" => item.creator = text_of(c),
            "encoded" if ns.contains("excerpt") => item.excerpt = text_of(c),
            "encoded" => item.content = text_of(c),
            "post_id" => item.id = text_of(c),
            "post_date" => item.date = text_of(c),
            "post_date_gmt" => item.date_gmt = text_of(c),
            "post_name" => item.name = text_of(c),
            "status" => item.status = text_of(c),
            "post_type" => item.post_type = text_of(c),
            "category" => item.terms.push((
                c.attribute("domain").unwrap_or("category").to_string(),
                c.attribute("nicename").unwrap_or_default().to_string(),
                text_of(c),
            )),
            _ => {}
        }
    }
    item
}
