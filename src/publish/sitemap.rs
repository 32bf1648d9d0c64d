//! `sitemap.xml` (a sitemap index past 50,000 URLs) and `robots.txt`.

use chrono::NaiveDate;

use crate::lang::iso_date;

/// The most URLs one sitemap file may list.
pub(crate) const MAX_URLS: usize = 50_000;

/// A page for the sitemap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub(crate) struct SitemapEntry {
    /// Absolute URL.
    pub(crate) url: String,
    /// Last modified.
    pub(crate) lastmod: Option<NaiveDate>,
    /// The page in every language it exists in, itself included: language tag and absolute
    /// URL (none on a site with one language).
    pub(crate) alternates: Vec<(String, String)>,
}

/// The names of the sitemap files for `count` entries: `sitemap.xml`, and past [`MAX_URLS`]
/// entries an index `sitemap.xml` followed by `sitemap-1.xml`, `sitemap-2.xml`…
pub(crate) fn file_names(count: usize) -> Vec<String> {
    let mut names = vec!["sitemap.xml".to_string()];
    if count > MAX_URLS {
        names.extend((1..=count.div_ceil(MAX_URLS)).map(|n| format!("sitemap-{n}.xml")));
    }
    names
}

/// The XML of the sitemap file at position `index` of [`file_names`], with no character XML
/// forbids. `permalink` turns a file name into its URL.
pub(crate) fn file(
    entries: &[SitemapEntry],
    index: usize,
    permalink: impl Fn(&str) -> String,
) -> String {
    crate::text::xml_safe(sitemap_file(entries, index, permalink))
}

fn sitemap_file(
    entries: &[SitemapEntry],
    index: usize,
    permalink: impl Fn(&str) -> String,
) -> String {
    if entries.len() <= MAX_URLS {
        return urlset(entries);
    }
    if index > 0 {
        return entries
            .chunks(MAX_URLS)
            .nth(index - 1)
            .map(urlset)
            .unwrap_or_default();
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (chunk, name) in entries
        .chunks(MAX_URLS)
        .zip(file_names(entries.len()).iter().skip(1))
    {
        xml.push_str(&format!(
            "  <sitemap><loc>{}</loc>",
            escape(&permalink(name))
        ));
        if let Some(latest) = chunk.iter().filter_map(|e| e.lastmod).max() {
            xml.push_str(&format!("<lastmod>{}</lastmod>", iso_date(latest)));
        }
        xml.push_str("</sitemap>\n");
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// Every sitemap file: its name and XML.
#[cfg(test)]
pub(crate) fn sitemaps(
    entries: &[SitemapEntry],
    permalink: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    file_names(entries.len())
        .into_iter()
        .enumerate()
        .map(|(i, name)| (name, file(entries, i, &permalink)))
        .collect()
}

fn urlset(entries: &[SitemapEntry]) -> String {
    let mut xml = String::with_capacity(entries.len() * 100 + 200);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if entries.iter().any(|e| !e.alternates.is_empty()) {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for entry in entries {
        xml.push_str(&format!("  <url><loc>{}</loc>", escape(&entry.url)));
        if let Some(lastmod) = entry.lastmod {
            xml.push_str(&format!("<lastmod>{}</lastmod>", iso_date(lastmod)));
        }
        for (lang, href) in &entry.alternates {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(lang),
                escape(href)
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything allowed, and where the sitemap is.
pub(crate) fn robots(sitemap_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")
}

/// Text as XML character data (quick-xml, which also writes the feeds through
/// atom_syndication).
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<SitemapEntry> {
        (0..n)
            .map(|i| SitemapEntry {
                url: format!("https://e.org/p/{i}/?a=1&b=2"),
                lastmod: NaiveDate::from_ymd_opt(2025, 1, 1),
                alternates: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn one_file_up_to_the_limit() {
        let files = sitemaps(&entries(2), |n| format!("https://e.org/{n}"));
        assert_eq!(files.len(), 1);
        assert!(
            files[0]
                .1
                .contains("<loc>https://e.org/p/0/?a=1&amp;b=2</loc><lastmod>2025-01-01</lastmod>")
        );
    }

    #[test]
    fn an_index_past_the_limit() {
        let files = sitemaps(&entries(MAX_URLS + 1), |n| format!("https://e.org/{n}"));
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]);
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(
            files[0]
                .1
                .contains("<loc>https://e.org/sitemap-2.xml</loc>")
        );
        assert_eq!(files[2].1.matches("<url>").count(), 1);
    }
}
