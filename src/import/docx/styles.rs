//! styles.xml and numbering.xml: what a paragraph's style makes it (a heading of some level, the
//! title, the lead, a quote, a caption) and how its list is numbered.

use std::collections::HashMap;

use super::xml::{attr, child, child_val, is, parse};

/// What a paragraph is, by its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Body text.
    Body,
    /// The document's title (Title style).
    Title,
    /// The lead: Subtitle, Lead or Abstract style.
    Lead,
    /// A heading at this outline level (0 for Heading 1).
    Heading(u8),
    /// Quote or Intense Quote.
    Quote,
    /// A figure or table caption.
    Caption,
}

#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
}

/// The document's paragraph and character styles, by id.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    by_id: HashMap<String, Style>,
}

impl Styles {
    /// Reads styles.xml (an empty set when the document has none).
    pub(crate) fn read(text: Option<&str>, part: &str) -> Result<Styles, String> {
        let Some(text) = text else {
            return Ok(Styles::default());
        };
        let doc = parse(text, part)?;
        let mut by_id = HashMap::new();
        for s in doc.descendants().filter(|n| is(*n, "style")) {
            let Some(id) = attr(s, "styleId") else {
                continue;
            };
            let ppr = child(s, "pPr");
            let num = ppr.and_then(|p| child(p, "numPr")).and_then(num_pr);
            by_id.insert(
                id.to_string(),
                Style {
                    name: child_val(s, "name").unwrap_or(id).to_string(),
                    based_on: child_val(s, "basedOn").map(str::to_string),
                    outline: ppr
                        .and_then(|p| child_val(p, "outlineLvl"))
                        .and_then(|v| v.parse().ok()),
                    num,
                },
            );
        }
        Ok(Styles { by_id })
    }

    /// The style and those it is based on, nearest first (at most ten: cycles end).
    fn chain<'s>(&'s self, id: &str) -> Vec<&'s Style> {
        let mut out = Vec::new();
        let mut next = self.by_id.get(id);
        while let Some(style) = next {
            out.push(style);
            if out.len() >= 10 {
                break;
            }
            next = style.based_on.as_deref().and_then(|b| self.by_id.get(b));
        }
        out
    }

    /// A style's name as written (`heading 1`, `Quote`), or the id when unknown.
    pub(crate) fn name<'s>(&'s self, id: &'s str) -> &'s str {
        self.by_id.get(id).map_or(id, |s| s.name.as_str())
    }

    /// The role of a paragraph of this style (with its own outline level, if it gives one).
    pub(crate) fn role(&self, id: Option<&str>, own_outline: Option<u8>) -> Role {
        let chain = id.map(|id| self.chain(id)).unwrap_or_default();
        let names: Vec<String> = match id {
            Some(id) if chain.is_empty() => vec![id.to_lowercase()],
            _ => chain.iter().map(|s| s.name.to_lowercase()).collect(),
        };
        for name in &names {
            let by_name = match name.replace(' ', "").as_str() {
                "title" => Some(Role::Title),
                "subtitle" | "lead" | "abstract" => Some(Role::Lead),
                "quote" | "intensequote" | "blocktext" | "quotations" => Some(Role::Quote),
                "caption" => Some(Role::Caption),
                _ => None,
            };
            if by_name.is_some() {
                return by_name.unwrap_or(Role::Body);
            }
        }
        let outline = own_outline
            .or_else(|| chain.iter().find_map(|s| s.outline))
            .or_else(|| names.iter().find_map(|n| heading_number(n)));
        match outline {
            Some(level) if level < 9 => Role::Heading(level),
            _ => Role::Body,
        }
    }

    /// Whether a style is Word's List Paragraph or a List Continue style, or based on one.
    pub(crate) fn is_list_paragraph(&self, id: &str) -> bool {
        let names = self.chain(id).into_iter().map(|s| s.name.to_lowercase());
        let mut names: Vec<String> = names.collect();
        if names.is_empty() {
            names.push(id.to_lowercase());
        }
        names.iter().any(|n| {
            let n = n.replace(' ', "");
            n == "listparagraph" || n.starts_with("listcontinue")
        })
    }

    /// The list a style puts its paragraphs in (`numId`, level), if any.
    pub(crate) fn numbering(&self, id: &str) -> Option<(String, u8)> {
        self.chain(id).iter().find_map(|s| s.num.clone())
    }
}

/// `heading 2` → 1 (outline levels count from 0).
fn heading_number(name: &str) -> Option<u8> {
    let rest = name.strip_prefix("heading")?.trim();
    let n: u8 = rest.parse().ok()?;
    (1..=9).contains(&n).then(|| n - 1)
}

/// `<w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>` → ("3", 1).
pub(crate) fn num_pr(node: roxmltree::Node<'_, '_>) -> Option<(String, u8)> {
    let id = child_val(node, "numId")?;
    let level = child_val(node, "ilvl")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((id.to_string(), level))
}

/// One level of a list definition.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Level {
    /// Numbered (decimal, letters, roman) rather than bulleted.
    pub(crate) ordered: bool,
    /// The first number.
    pub(crate) start: u32,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    starts: HashMap<u8, u32>,
}

/// numbering.xml: each list (`num`) and the definition (`abstractNum`) it uses.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    nums: HashMap<String, Num>,
    abstracts: HashMap<String, HashMap<u8, Level>>,
}

impl Numbering {
    /// Reads numbering.xml (no lists when the document has none).
    pub(crate) fn read(text: Option<&str>, part: &str) -> Result<Numbering, String> {
        let Some(text) = text else {
            return Ok(Numbering::default());
        };
        let doc = parse(text, part)?;
        let mut numbering = Numbering::default();
        let level_of = |n: roxmltree::Node<'_, '_>| attr(n, "ilvl").and_then(|v| v.parse().ok());
        for a in doc
            .root_element()
            .children()
            .filter(|n| is(*n, "abstractNum"))
        {
            let levels = a
                .children()
                .filter(|n| is(*n, "lvl"))
                .filter_map(|l| {
                    let format = child_val(l, "numFmt").unwrap_or("decimal");
                    let start = child_val(l, "start")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1);
                    let ordered = !matches!(format, "bullet" | "none");
                    Some((level_of(l)?, Level { ordered, start }))
                })
                .collect();
            let id = attr(a, "abstractNumId").unwrap_or_default().to_string();
            numbering.abstracts.insert(id, levels);
        }
        for n in doc.root_element().children().filter(|n| is(*n, "num")) {
            let starts = n
                .children()
                .filter(|o| is(*o, "lvlOverride"))
                .filter_map(|o| {
                    let start = child_val(o, "startOverride")?.parse().ok()?;
                    Some((level_of(o)?, start))
                })
                .collect();
            let num = Num {
                abstract_id: child_val(n, "abstractNumId")
                    .unwrap_or_default()
                    .to_string(),
                starts,
            };
            numbering
                .nums
                .insert(attr(n, "numId").unwrap_or_default().to_string(), num);
        }
        Ok(numbering)
    }

    /// The list definition a list uses, its level, and the number that list restarts at
    /// (a `startOverride`), if it does.
    pub(crate) fn level(&self, num_id: &str, level: u8) -> Option<(&str, Level, Option<u32>)> {
        let num = self.nums.get(num_id)?;
        let def = self
            .abstracts
            .get(&num.abstract_id)
            .and_then(|a| a.get(&level))
            .copied()
            .unwrap_or(Level {
                ordered: false,
                start: 1,
            });
        Some((
            num.abstract_id.as_str(),
            def,
            num.starts.get(&level).copied(),
        ))
    }
}
