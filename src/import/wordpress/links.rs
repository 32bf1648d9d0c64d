//! Links between imported posts: a link in a post whose target is another imported item's old
//! permalink (absolute on the old site, root-relative, or WordPress's `?p=ID` and
//! `?page_id=ID`) is rewritten to that item's new address, root-relative, so that it follows
//! the site's base path and `check` can follow it.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;
use url::Url;

/// The imported items' old addresses and their new ones.
#[derive(Debug, Default)]
pub(crate) struct Moves {
    /// The old site's hosts (`old.example.org`, without `www.`).
    hosts: Vec<String>,
    /// Old path (decoded, ending in `/`) → new root-relative address.
    by_path: HashMap<String, String>,
    /// Post id → new root-relative address.
    by_id: HashMap<String, String>,
}

/// A new brief's address (`briefs/2024/slug/`), as `routes` makes it.
pub(crate) fn brief_route(year: i32, slug: &str) -> String {
    crate::routes::brief(&Address { year, slug })
}

/// A new page's address (`slug/`), as `routes` makes it.
pub(crate) fn page_route(slug: &str) -> String {
    crate::routes::page(&Address { year: 0, slug })
}

/// An imported brief or page, in the default language, as `routes` reads an address.
struct Address<'a> {
    year: i32,
    slug: &'a str,
}

impl crate::routes::BriefAddress for Address<'_> {
    fn lang_dir(&self) -> &str {
        ""
    }
    fn year(&self) -> i32 {
        self.year
    }
    fn slug(&self) -> &str {
        self.slug
    }
    fn own_pdf(&self) -> Option<&str> {
        None
    }
}

impl crate::routes::PageAddress for Address<'_> {
    fn lang_dir(&self) -> &str {
        ""
    }
    fn slug(&self) -> &str {
        self.slug
    }
}

/// A host as compared: lower case, without `www.`.
fn host_key(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_string()
}

/// A path as compared: decoded, ending in `/`.
fn path_key(path: &str) -> String {
    let mut path = percent_decode_str(path).decode_utf8_lossy().into_owned();
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

impl Moves {
    /// Moves for an export whose site is at these addresses (the channel's `link`,
    /// `wp:base_site_url`, `wp:base_blog_url`).
    pub(crate) fn new(site_urls: &[String]) -> Moves {
        let hosts = site_urls
            .iter()
            .filter_map(|u| Url::parse(u).ok()?.host_str().map(host_key))
            .collect();
        Moves {
            hosts,
            ..Moves::default()
        }
    }

    /// An item, at its old permalink and id, is now at `route` (`briefs/2023/x/`).
    pub(crate) fn add(&mut self, permalink: &str, id: &str, route: &str) {
        let new = format!("/{route}");
        if let Ok(url) = Url::parse(permalink)
            && url.query().is_none()
        {
            self.by_path.insert(path_key(url.path()), new.clone());
        }
        if !id.is_empty() {
            self.by_id.insert(id.to_string(), new);
        }
    }

    /// The new address of a link's target, with its fragment, if it is an imported item.
    fn target(&self, href: &str) -> Option<String> {
        let href = href.trim().replace("&amp;", "&").replace("&#038;", "&");
        let url = if href.starts_with('/') && !href.starts_with("//") {
            Url::parse(&format!("http://old.invalid{href}")).ok()?
        } else {
            let url = Url::parse(&href).ok()?;
            let host = host_key(url.host_str()?);
            if !matches!(url.scheme(), "http" | "https") || !self.hosts.contains(&host) {
                return None;
            }
            url
        };
        let by_query = url
            .query_pairs()
            .find(|(k, _)| k == "p" || k == "page_id")
            .and_then(|(_, id)| self.by_id.get(id.as_ref()));
        let new = match by_query {
            Some(new) => new,
            None if url.query().is_none() => self.by_path.get(&path_key(url.path()))?,
            None => return None,
        };
        Some(match url.fragment() {
            Some(fragment) => format!("{new}#{fragment}"),
            None => new.clone(),
        })
    }

    /// The HTML with each `href` that points at an imported item rewritten, and how many were.
    pub(crate) fn rewrite(&self, html: &str) -> (String, usize) {
        let lower = html.to_ascii_lowercase();
        let mut out = String::with_capacity(html.len());
        let (mut last, mut from, mut count) = (0, 0, 0);
        while let Some(found) = lower[from..].find("href=") {
            let start = from + found + "href=".len();
            from = start;
            let Some(quote) = html[start..]
                .chars()
                .next()
                .filter(|q| *q == '"' || *q == '\'')
            else {
                continue;
            };
            let value_start = start + 1;
            let Some(len) = html[value_start..].find(quote) else {
                break;
            };
            let value = &html[value_start..value_start + len];
            if let Some(new) = self.target(value) {
                out.push_str(&html[last..value_start]);
                out.push_str(&new);
                last = value_start + len;
                count += 1;
            }
            from = value_start + len;
        }
        out.push_str(&html[last..]);
        (out, count)
    }
}

#[cfg(test)]
mod tests {
    use super::Moves;

    #[test]
    fn old_permalinks_ids_and_root_relative_paths_are_rewritten_with_their_fragment() {
        let mut moves = Moves::new(&["https://www.old.example.org".into()]);
        moves.add(
            "https://old.example.org/2024/04/%c5%82a%c5%84cuchy/",
            "104",
            "briefs/2024/lancuchy/",
        );
        moves.add("https://old.example.org/about-us/", "120", "about-us/");
        let html = "<a href=\"https://old.example.org/2024/04/%C5%82a%C5%84cuchy#part\">a</a> \
                    <a href='/about-us'>b</a> <a href=\"http://www.old.example.org/?p=104&amp;x=1\">c</a> \
                    <a href=\"https://elsewhere.org/about-us/\">d</a> <a href=\"/2020/01/gone/\">e</a>";
        let (out, n) = moves.rewrite(html);
        assert_eq!(n, 3);
        assert_eq!(
            out,
            "<a href=\"/briefs/2024/lancuchy/#part\">a</a> <a href='/about-us/'>b</a> \
             <a href=\"/briefs/2024/lancuchy/\">c</a> <a href=\"https://elsewhere.org/about-us/\">d</a> \
             <a href=\"/2020/01/gone/\">e</a>"
        );
    }
}
