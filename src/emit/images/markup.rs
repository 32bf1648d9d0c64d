//! The HTML of a picture: `srcset` lists made from the gallery's copies, and the `<img>` tags of
//! a brief's rendered Markdown rewritten to name them, with `width`, `height`, `loading` and
//! `decoding`.

use std::fmt::Write;

use super::gallery::{Gallery, Picture};
use super::probe::Kind;
use crate::routes::Base;

/// The width a picture takes in a page: the text column (`--measure`, 42rem) on wide screens,
/// the whole width on narrow ones.
pub(crate) const SIZES: &str = "(min-width: 46rem) 42rem, 100vw";

impl Picture {
    /// `url 480w, url 960w, …` for its copies in `format`; empty when it has none.
    pub(crate) fn srcset(&self, format: Kind, base: &Base) -> String {
        let mut out = String::new();
        for v in self.variants_in(format) {
            let sep = if out.is_empty() { "" } else { ", " };
            let _ = write!(out, "{sep}{} {}w", base.url_path(&v.path), v.width);
        }
        out
    }

    /// The file `src` names, its width and height: the widest fallback, or the original.
    pub(crate) fn src(&self, base: &Base) -> (String, u32, u32) {
        match self.variants_in(self.fallback_format()).last() {
            Some(v) if self.is_resized() => (base.url_path(&v.path), v.width, v.height),
            _ => (
                base.url_path(&self.path),
                self.probe.width,
                self.probe.height,
            ),
        }
    }
}

/// An attribute of a tag as written: its name in lower case, and its whole text.
struct Attribute<'h> {
    name: String,
    value: Option<String>,
    text: &'h str,
}

/// Reads a tag's attributes from just after its name to its `>`: the attributes, and where
/// the tag ends (after `>`), or `None` when it does not end.
fn attributes(html: &str) -> Option<(Vec<Attribute<'_>>, usize)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if *bytes.get(i)? == b'>' {
            return Some((out, i + 1));
        }
        let start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut value = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            let quote = *bytes.get(i)?;
            if quote == b'"' || quote == b'\'' {
                let end = html[i + 1..].find(quote as char)? + i + 1;
                value = Some(html[i + 1..end].to_string());
                i = end + 1;
            } else {
                let v = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = Some(html[v..i].to_string());
            }
        }
        out.push(Attribute {
            name,
            value,
            text: &html[start..i],
        });
    }
}

/// A site path from an `<img>`'s `src` on a page in folder `page_dir`: `None` for another
/// site's image or a `data:` URL.
fn site_path(src: &str, page_dir: &str, base: &Base) -> Option<String> {
    let src = src.replace("&amp;", "&");
    let src = src.split(['?', '#']).next().unwrap_or_default();
    let src = percent_encoding::percent_decode_str(src)
        .decode_utf8()
        .ok()?;
    if src.contains(':') || src.starts_with("//") || src.is_empty() {
        return None;
    }
    let joined = if let Some(inside) = src.strip_prefix(base.path()) {
        inside.to_string()
    } else if let Some(rooted) = src.strip_prefix('/') {
        rooted.to_string()
    } else {
        format!("{}/{src}", page_dir.trim_end_matches('/'))
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `html` with each `<img>` of an image the gallery knows rewritten: a resized image becomes a
/// `<picture>` whose WebP `<source>` lists its copies and whose `<img>` names its fallback; every one gets `width` and
/// `height`, `decoding="async"`, and `loading="lazy"` after the first of the page
/// (`shown_before` images came before this HTML). Returns the HTML and how many images it holds.
pub(crate) fn rewrite<'h>(
    html: &'h str,
    gallery: &Gallery,
    page_dir: &str,
    base: &Base,
    shown_before: usize,
) -> (std::borrow::Cow<'h, str>, usize) {
    // Most texts hold no image: they are not copied (a 12 MB brief's body would be, twice).
    if find_img(html).is_none() {
        return (std::borrow::Cow::Borrowed(html), 0);
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    let mut shown = 0;
    while let Some(at) = find_img(rest) {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let Some((attrs, end)) = attributes(&tag[4..]) else {
            rest = tag;
            break;
        };
        let end = end + 4;
        let src = attrs
            .iter()
            .find(|a| a.name == "src")
            .and_then(|a| a.value.as_deref());
        let picture = src
            .and_then(|src| site_path(src, page_dir, base))
            .and_then(|path| gallery.get(&path));
        match picture {
            Some(picture) => {
                let lazy = shown_before + shown > 0;
                out.push_str(&img_html(
                    picture,
                    &attrs,
                    src.unwrap_or_default(),
                    base,
                    lazy,
                ));
            }
            None => out.push_str(&tag[..end]),
        }
        shown += 1;
        rest = &tag[end..];
    }
    out.push_str(rest);
    (std::borrow::Cow::Owned(out), shown)
}

/// Where the next `<img` tag starts in `html`.
fn find_img(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = html[from..].find('<') {
        let at = from + at;
        let name = html.get(at + 1..at + 4);
        let next = html.as_bytes().get(at + 4);
        if name.is_some_and(|n| n.eq_ignore_ascii_case("img"))
            && next.is_some_and(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The markup of one known image, keeping the tag's other attributes (`alt`, `title`, `class`).
fn img_html(
    picture: &Picture,
    attrs: &[Attribute<'_>],
    src: &str,
    base: &Base,
    lazy: bool,
) -> String {
    const OURS: [&str; 7] = [
        "src", "srcset", "sizes", "width", "height", "loading", "decoding",
    ];
    let mut kept = String::new();
    for attr in attrs.iter().filter(|a| !OURS.contains(&a.name.as_str())) {
        kept.push(' ');
        kept.push_str(attr.text);
    }
    let given = |name: &str| {
        attrs
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| a.value.clone())
    };
    let loading = if lazy { " loading=\"lazy\"" } else { "" };
    if !picture.is_resized() {
        let (w, h) = match (given("width"), given("height")) {
            (Some(w), Some(h)) => (w, h),
            _ => (
                picture.probe.width.to_string(),
                picture.probe.height.to_string(),
            ),
        };
        return format!(
            "<img src=\"{src}\"{kept} width=\"{w}\" height=\"{h}\"{loading} decoding=\"async\">"
        );
    }
    let (fallback, w, h) = picture.src(base);
    let fallbacks = picture.srcset(picture.fallback_format(), base);
    let source = if picture.fallback_format() == Kind::Webp {
        String::new()
    } else {
        let webp = picture.srcset(Kind::Webp, base);
        format!("<source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{SIZES}\">")
    };
    format!(
        "<picture>{source}<img src=\"{fallback}\" srcset=\"{fallbacks}\" sizes=\"{SIZES}\"{kept} \
         width=\"{w}\" height=\"{h}\"{loading} decoding=\"async\"></picture>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_read_as_site_paths() {
        let base = Base::parse("https://example.org/sub/").unwrap();
        let at = |src: &str| site_path(src, "briefs/2026/x/", &base);
        assert_eq!(at("chart.png").as_deref(), Some("briefs/2026/x/chart.png"));
        assert_eq!(
            at("./img/a%20b.png").as_deref(),
            Some("briefs/2026/x/img/a b.png")
        );
        assert_eq!(at("../y/c.png").as_deref(), Some("briefs/2026/y/c.png"));
        assert_eq!(at("/sub/logo.png").as_deref(), Some("logo.png"));
        assert_eq!(at("https://x.org/a.png"), None);
        assert_eq!(at("data:image/png;base64,xx"), None);
        assert_eq!(at("../../../../../a.png"), None);
    }

    #[test]
    fn tags_keep_their_other_attributes() {
        let (attrs, end) = attributes(" src=\"a.png\" alt='x > y' title=t />rest").unwrap();
        let names: Vec<&str> = attrs.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["src", "alt", "title"]);
        assert_eq!(attrs[1].value.as_deref(), Some("x > y"));
        assert_eq!(&" src=\"a.png\" alt='x > y' title=t />rest"[end..], "rest");
        assert_eq!(find_img("<p><imgx><IMG src=a>"), Some(9));
        let gallery = Gallery::default();
        let base = Base::parse("https://example.org/").unwrap();
        let html = "<p><img src=\"https://x.org/a.png\" alt=\"a\" /> <img src=\"b.png\"";
        assert_eq!(rewrite(html, &gallery, "", &base, 0).0, html);
    }
}
