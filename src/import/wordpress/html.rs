//! A post's HTML as Markdown: block editor comments removed, classic-editor paragraphs made
//! (WordPress's `wpautop`), `[caption]` turned into an image and its caption, `[embed]`,
//! iframes and bare media URLs kept as links, other shortcodes reported; then `htmd` converts.

/// What converting a post found besides its Markdown.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Shortcodes other than `[caption]` and `[embed]`, by name, in order, once each.
    pub(crate) shortcodes: Vec<String>,
    /// Scripts taken out.
    pub(crate) scripts: usize,
}

/// Removes `<!-- wp:… -->` and `<!-- /wp:… -->` (the block editor's markers).
pub(crate) fn strip_block_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        let is_block =
            after.trim_start().starts_with("wp:") || after.trim_start().starts_with("/wp:");
        match after.find("-->") {
            Some(end) if is_block => rest = &after[end + 3..],
            Some(end) => {
                out.push_str(&rest[at..at + 4 + end + 3]);
                rest = &after[end + 3..];
            }
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "blockquote",
    "pre",
    "figure",
    "hr",
    "iframe",
    "dl",
    "form",
    "section",
    "address",
    "video",
    "audio",
];

/// WordPress's `wpautop` for classic-editor posts: text separated by blank lines becomes
/// paragraphs, single line breaks `<br>`.
pub(crate) fn autop(html: &str) -> String {
    let normalized = separate_blocks(&html.replace("\r\n", "\n"));
    let mut out = String::new();
    for chunk in normalized
        .split("\n\n")
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let lower = chunk.to_ascii_lowercase();
        let starts_block = BLOCK_TAGS.iter().any(|t| {
            lower
                .strip_prefix('<')
                .and_then(|r| r.strip_prefix(t))
                .is_some_and(|r| r.starts_with([' ', '>', '/', '\n']))
        });
        if starts_block {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&chunk.replace('\n', "<br>\n"));
            out.push_str("</p>");
        }
        out.push_str("\n\n");
    }
    out
}

/// A blank line before each block element's opening tag and after its closing tag, as
/// `wpautop` does, so that text around a list or table becomes paragraphs of its own.
fn separate_blocks(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 64);
    let mut last = 0;
    let mut i = 0;
    while let Some(found) = lower[i..].find('<') {
        let at = i + found;
        let rest = &lower[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        i = at + 1;
        if !BLOCK_TAGS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            let end = lower[at..].find('>').map_or(lower.len(), |e| at + e + 1);
            out.push_str(&html[last..end]);
            out.push_str("\n\n");
            last = end;
            i = end;
        } else {
            out.push_str(&html[last..at]);
            out.push_str("\n\n");
            last = at;
        }
    }
    out.push_str(&html[last..]);
    out
}

/// The value of an attribute in an opening tag's text (`src="…"`, `src='…'`).
pub(crate) fn attr_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let value = tag[value_start..].trim_start();
        let quote = value.chars().next()?;
        return if quote == '"' || quote == '\'' {
            value[1..].split(quote).next()
        } else {
            value.split([' ', '>']).next()
        };
    }
    None
}

/// Replaces each `<tag …>…</tag>` (or a lone `<tag …>`) by what `f` makes of its opening tag.
fn replace_elements(html: &str, tag: &str, mut f: impl FnMut(&str) -> String) -> String {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    while let Some(found) = lower[pos..].find(&open) {
        let start = pos + found;
        let after = lower[start + open.len()..].chars().next();
        if !matches!(after, Some(' ' | '>' | '/' | '\n' | '\t')) {
            out.push_str(&html[pos..start + open.len()]);
            pos = start + open.len();
            continue;
        }
        let Some(tag_end) = lower[start..].find('>').map(|e| start + e + 1) else {
            break;
        };
        let end = match lower[tag_end..].find(&close) {
            Some(c) => tag_end + c + close.len(),
            None => tag_end,
        };
        out.push_str(&html[pos..start]);
        out.push_str(&f(&html[start..tag_end]));
        pos = end;
    }
    out.push_str(&html[pos..]);
    out
}

/// A link to a URL, as a paragraph of its own.
fn link_paragraph(url: &str) -> String {
    let url = url.trim();
    format!("<p><a href=\"{url}\">{url}</a></p>")
}

/// Embedded media (iframes, video, audio, embeds) become links; scripts are taken out.
pub(crate) fn media_as_links(html: &str, found: &mut Found) -> String {
    let mut html = html.to_string();
    for tag in ["iframe", "video", "audio", "embed"] {
        html = replace_elements(&html, tag, |open| match attr_value(open, "src") {
            Some(src) if !src.is_empty() => link_paragraph(src),
            _ => String::new(),
        });
    }
    replace_elements(&html, "script", |_| {
        found.scripts += 1;
        String::new()
    })
}

/// A line holding nothing but a web address (WordPress embeds it): a link.
pub(crate) fn bare_urls(html: &str) -> String {
    html.lines()
        .map(|line| {
            let t = line.trim();
            let inner = t
                .strip_prefix("<p>")
                .and_then(|r| r.strip_suffix("</p>"))
                .unwrap_or(t);
            if (inner.starts_with("https://") || inner.starts_with("http://"))
                && !inner.contains([' ', '<', '>', '"'])
            {
                link_paragraph(inner)
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Shortcodes: `[caption]…[/caption]` becomes the image and its caption, `[embed]URL[/embed]`
/// a link; others stay as written and are reported.
pub(crate) fn shortcodes(html: &str, found: &mut Found) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let next = after[name.len()..].chars().next();
        let is_code = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && matches!(next, Some(' ' | ']' | '/'))
            && !after.starts_with('[')
            && after.contains(']');
        if !is_code {
            out.push('[');
            rest = after;
            continue;
        }
        let open_end = after.find(']').unwrap_or(0);
        let close = format!("[/{name}]");
        let (inner, consumed) = match after[open_end + 1..].find(&close) {
            Some(c) => (
                Some(&after[open_end + 1..open_end + 1 + c]),
                open_end + 1 + c + close.len(),
            ),
            None => (None, open_end + 1),
        };
        match (name.as_str(), inner) {
            ("caption" | "wp_caption", Some(inner)) => out.push_str(&caption(inner)),
            ("embed", Some(url)) => out.push_str(&link_paragraph(url)),
            _ => {
                if !found.shortcodes.contains(&name) {
                    found.shortcodes.push(name.clone());
                }
                out.push_str(&rest[at..at + 1 + consumed]);
            }
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
    out
}

/// `[caption]<a><img …></a> The caption.[/caption]`: the image, then the caption in italics.
fn caption(inner: &str) -> String {
    let lower = inner.to_ascii_lowercase();
    let Some(img_at) = lower.find("<img") else {
        return format!("<p>{inner}</p>");
    };
    let img_end = lower[img_at..]
        .find('>')
        .map_or(inner.len(), |e| img_at + e + 1);
    let mut media_end = img_end;
    if let Some(a_close) = lower[img_end..].find("</a>")
        && lower[..img_at].contains("<a")
    {
        media_end = img_end + a_close + 4;
    }
    let media_start = lower[..img_at].rfind("<a").unwrap_or(img_at).min(img_at);
    let media_start = if media_end > img_end {
        media_start
    } else {
        img_at
    };
    let text = inner[media_end..].trim();
    let media = &inner[media_start..media_end];
    if text.is_empty() {
        format!("<p>{media}</p>")
    } else {
        format!("<p>{media}</p>\n<p><em>{text}</em></p>")
    }
}

/// The whole conversion of a post's content to Markdown.
pub(crate) fn to_markdown(html: &str, found: &mut Found) -> String {
    let html = strip_block_comments(html);
    let has_paragraphs = html.to_ascii_lowercase().contains("<p");
    let html = if has_paragraphs { html } else { autop(&html) };
    let html = shortcodes(&html, found);
    let html = media_as_links(&html, found);
    let html = bare_urls(&html);
    let markdown = htmd::convert(&html).unwrap_or_else(|_| html.clone());
    let mut out = markdown.trim().to_string();
    out.push('\n');
    out
}

/// A fragment of HTML as plain text (for the summary): tags removed, entities decoded.
pub(crate) fn plain_text(html: &str) -> String {
    let html = strip_block_comments(html);
    let mut text = String::new();
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (c, &mut tag) {
            ('<', None) => tag = Some(String::new()),
            ('>', Some(name)) => {
                let name = name.trim_start_matches('/').to_ascii_lowercase();
                let inline = ["a", "em", "strong", "b", "i", "span", "sup", "sub", "code"]
                    .iter()
                    .any(|t| name == *t || name.starts_with(&format!("{t} ")));
                if !inline {
                    text.push(' ');
                }
                tag = None;
            }
            (c, Some(name)) => name.push(c),
            (c, None) => text.push(c),
        }
    }
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The entities WordPress writes in titles and excerpts.
pub(crate) fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&after[..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_comments_go_and_other_comments_stay() {
        let html = "<!-- wp:paragraph -->\n<p>A</p>\n<!-- /wp:paragraph --><!-- note -->";
        assert_eq!(strip_block_comments(html), "\n<p>A</p>\n<!-- note -->");
    }

    #[test]
    fn captions_become_image_and_caption_and_others_are_reported() {
        let mut found = Found::default();
        let html = "[caption id=\"a\" width=\"300\"]<img src=\"x.jpg\" alt=\"X\" /> The X.[/caption] [gallery ids=\"1,2\"] [1]";
        let out = shortcodes(html, &mut found);
        assert_eq!(
            out,
            "<p><img src=\"x.jpg\" alt=\"X\" /></p>\n<p><em>The X.</em></p> [gallery ids=\"1,2\"] [1]"
        );
        assert_eq!(found.shortcodes, ["gallery"]);
    }

    #[test]
    fn attributes_are_read_in_either_quotes() {
        assert_eq!(
            attr_value("<img data-src=\"a\" src='b.png'>", "src"),
            Some("b.png")
        );
        assert_eq!(
            decode_entities("A &amp; B &#8217; &#x2014; &bogus;"),
            "A & B ’ — &bogus;"
        );
    }
}
