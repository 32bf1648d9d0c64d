//! Every path and URL of the site, formatted in one place: pages, pagination, feeds, companion
//! files, and links to DOIs and ORCID records. Paths are below the site root, with a trailing
//! slash for a page (`briefs/2025/x/`); [`Base`] turns them into URLs.

use std::path::PathBuf;

use crate::lang::Language;

/// Where the site is served: its absolute URL and the path part of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Base {
    /// Absolute URL without a trailing slash: `https://org.github.io/briefs`.
    url: String,
    /// The path part, with leading and trailing slash: `/briefs/` or `/`.
    path: String,
}

impl Base {
    /// Reads a base URL: an absolute http(s) URL with a host and no query or fragment.
    pub(crate) fn parse(text: &str) -> Result<Base, String> {
        let trimmed = text.trim();
        let parsed = url::Url::parse(trimmed).map_err(|e| match e {
            url::ParseError::RelativeUrlWithoutBase => {
                format!("base_url `{trimmed}` must start with http:// or https://")
            }
            url::ParseError::EmptyHost => format!("base_url `{trimmed}` has no host name"),
            other => format!("base_url `{trimmed}` is not a URL: {other}"),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!(
                "base_url `{trimmed}` must start with http:// or https://"
            ));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(format!("base_url `{trimmed}` has no host name"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            let mut shown = parsed.clone();
            let _ = shown.set_password(parsed.password().map(|_| "***"));
            return Err(format!(
                "base_url `{shown}` holds a user name or password (`user:pass@`): every link and feed would publish it"
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() || trimmed.contains(' ') {
            return Err(format!(
                "base_url `{trimmed}` must not carry a query, a fragment or spaces"
            ));
        }
        let path = format!("{}/", parsed.path().trim_end_matches('/'));
        let origin = parsed.origin().ascii_serialization();
        Ok(Base {
            url: format!("{origin}{}", path.trim_end_matches('/')),
            path,
        })
    }

    /// The absolute URL, without a trailing slash.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The path part: `/briefs/` or `/`.
    pub(crate) fn path(&self) -> &str {
        &self.path
    }

    /// The URL path (`/briefs/...`) of a path below the site's root.
    pub(crate) fn url_path(&self, path: &str) -> String {
        format!("{}{}", self.path, path.trim_start_matches('/'))
    }

    /// The absolute URL of a path below the site's root.
    pub(crate) fn permalink(&self, path: &str) -> String {
        let origin_end = self.url.len() + 1 - self.path.len();
        format!("{}{}", &self.url[..origin_end], self.url_path(path))
    }

    /// A link given in settings or front matter: an absolute URL stays as it is, anything else
    /// is a path below the site root.
    pub(crate) fn link(&self, target: &str) -> String {
        if is_absolute(target) {
            target.to_string()
        } else {
            self.url_path(target)
        }
    }

    /// The same path under another origin (`http://127.0.0.1:1111`): how `serve` previews a
    /// site where it will be deployed, `/think/` included.
    pub(crate) fn with_origin(&self, origin: &str) -> Result<Base, String> {
        Base::parse(&format!("{}{}", origin.trim_end_matches('/'), self.path))
    }

    /// Like [`Base::link`], but absolute.
    pub(crate) fn absolute_link(&self, target: &str) -> String {
        if is_absolute(target) {
            target.to_string()
        } else {
            self.permalink(target)
        }
    }
}

/// The origin `serve` writes into links, feeds and the sitemap for the address it listens on.
/// An unspecified address (`0.0.0.0`, `::`) listens everywhere but is no address a browser or
/// a feed reader can go to, so the loopback address of its family stands in.
pub(crate) fn serve_origin(listening: std::net::SocketAddr) -> String {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let ip = match listening.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", std::net::SocketAddr::new(ip, listening.port()))
}

/// Whether a link names its scheme (`https://…`, `mailto:`), so it is not a site path.
pub(crate) fn is_absolute(target: &str) -> bool {
    url::Url::parse(target).is_ok()
}

/// The home page of the default language.
pub(crate) const HOME: &str = "";
/// The archive's segment.
const ARCHIVE: &str = "archive/";
/// The page shown for a missing URL.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The site's Atom feed.
pub(crate) const SITE_FEED: &str = "feed.xml";
/// The sitemap (or sitemap index).
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// Instructions for crawlers.
pub(crate) const ROBOTS: &str = "robots.txt";
/// The citation files beside each brief's page.
pub(crate) const BIBTEX: &str = "cite.bib";
pub(crate) const RIS: &str = "cite.ris";
pub(crate) const CSL_JSON: &str = "cite.json";
/// Redirect rules for hosts that read them (Netlify, Cloudflare Pages).
pub(crate) const REDIRECTS_FILE: &str = "_redirects";
/// The catalogue of every published brief, in each citation format.
pub(crate) const CATALOGUE_BIBTEX: &str = "catalogue.bib";
pub(crate) const CATALOGUE_RIS: &str = "catalogue.ris";
pub(crate) const CATALOGUE_CSL_JSON: &str = "catalogue.json";
/// The stylesheets.
pub(crate) const STYLESHEET: &str = "style.css";
pub(crate) const PRINT_STYLESHEET: &str = "print.css";
/// The search page's script.
pub(crate) const SEARCH_SCRIPT: &str = "search.js";
/// The static files written under a name that holds a hash of their content, so that a host
/// may let browsers keep them for a year: every page links the hashed name.
pub(crate) const FINGERPRINTED: [&str; 2] = [STYLESHEET, SEARCH_SCRIPT];

/// A static file's name with a hash of its content before its extension, as Hugo and Zola
/// write them: `style.css` → `style.0123456789abcdef.css`.
pub(crate) fn fingerprinted(name: &str, hash: u64) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !stem.ends_with('/') => {
            format!("{stem}.{hash:016x}.{ext}")
        }
        _ => format!("{name}.{hash:016x}"),
    }
}

/// The folder of the search index and Pagefind's scripts, shared by every language:
/// `pagefind/pagefind.js`, `pagefind/index/…`, `pagefind/fragment/…`.
pub(crate) const SEARCH_BUNDLE: &str = "pagefind/";

/// The file beside Pagefind's script that lists, for each language, the folders of the index's
/// other shards: `pagefind/dossier-shards.json`.
pub(crate) const SEARCH_SHARD_LIST: &str = "dossier-shards.json";

/// A file of the search bundle, as Pagefind names it (`pagefind.js`, `fragment/en_1a2b.pf_fragment`).
pub(crate) fn search_bundle_file(name: &str) -> String {
    format!("{SEARCH_BUNDLE}{name}")
}

/// Pagefind's entry file of a shard, which names each language's metadata file:
/// `pagefind-entry.json`.
pub(crate) const SEARCH_ENTRY: &str = "pagefind-entry.json";

/// A language's metadata file in a shard, by what the shard's entry file calls it (its
/// `hash`): `pagefind.en_0123456789abcdef.pf_meta`.
pub(crate) fn search_meta_file(hash: &str) -> String {
    format!("pagefind.{hash}.pf_meta")
}

/// What Dossier calls a language's metadata file in a shard ([`search_meta_file`]), where
/// Pagefind calls it after a hash of its bytes, known only once the index is made: after the
/// language's key in the index (its tag in lower case) and the fingerprint of the shard's
/// records, so that a search page can name it before the index is made (`en_0123456789abcdef`).
pub(crate) fn search_meta_hash(key: &str, fingerprint: u64) -> String {
    format!("{key}_{fingerprint:016x}")
}

/// The WebAssembly search of a language in the primary shard, by the language's key in the
/// index: `wasm.en.pagefind`.
pub(crate) fn search_wasm_file(key: &str) -> String {
    format!("wasm.{key}.pagefind")
}

/// A file of a shard of the search index: the primary shard's folder is empty (its files
/// are the bundle's: `pagefind/pagefind.js`), another's is `en-2011/`
/// (`pagefind/en-2011/index/en_1a2b.pf_index`).
pub(crate) fn search_shard_file(folder: &str, name: &str) -> String {
    format!("{SEARCH_BUNDLE}{folder}{name}")
}

/// The search page of a language: `search/`, `pl/search/`.
pub(crate) fn search(lang: &Language) -> String {
    format!("{}search/", lang.dir)
}

/// A language's home page: `` for the default language, `pl/` for Polish.
pub(crate) fn home(lang: &Language) -> String {
    lang.dir.clone()
}

/// The top page of a navigation section (a taxonomy's name, `archive`, a page's slug) in a
/// language: `topics/`, `pl/topics/`; the section `home` is the language's home page.
pub(crate) fn section(lang: &Language, section: &str) -> String {
    if section == "home" {
        home(lang)
    } else {
        format!("{}{section}/", lang.dir)
    }
}

/// What a brief's addresses are made of. The model's briefs have these; routes sit below the
/// model and format every address from them alone.
pub(crate) trait BriefAddress {
    /// Its language's folder: empty for the default language, `pl/` for Polish.
    fn lang_dir(&self) -> &str;
    /// The year of its date.
    fn year(&self) -> i32;
    /// Its slug.
    fn slug(&self) -> &str;
    /// The full-text PDF its front matter names (a bundle file), if any.
    fn own_pdf(&self) -> Option<&str>;
}

/// What a standalone page's address is made of.
pub(crate) trait PageAddress {
    /// Its language's folder: empty for the default language, `pl/` for Polish.
    fn lang_dir(&self) -> &str;
    /// Its slug.
    fn slug(&self) -> &str;
}

/// A brief's page: `briefs/{year}/{slug}/`, under its language's folder.
pub(crate) fn brief(brief: &impl BriefAddress) -> String {
    format!(
        "{}briefs/{}/{}/",
        brief.lang_dir(),
        brief.year(),
        brief.slug()
    )
}

/// A file beside a brief's page: `briefs/{year}/{slug}/cite.bib`.
pub(crate) fn brief_file(brief: &impl BriefAddress, name: &str) -> String {
    format!("{}{name}", self::brief(brief))
}

/// The PDF Dossier typesets for a brief: `briefs/{year}/{slug}/{slug}.pdf`, under its
/// language's folder (`pl/briefs/…`) for a translation.
pub(crate) fn pdf(brief: &impl BriefAddress) -> String {
    format!("{}{}.pdf", self::brief(brief), brief.slug())
}

/// A brief's social card, the image links to it show: `briefs/{year}/{slug}/card.png`.
pub(crate) fn card(brief: &impl BriefAddress) -> String {
    brief_file(brief, CARD_FILE)
}

/// The site's social card in a language, for every page but the briefs: `card.png`,
/// `pl/card.png`.
pub(crate) fn site_card(lang: &Language) -> String {
    format!("{}{CARD_FILE}", home(lang))
}

/// The file name of a social card.
const CARD_FILE: &str = "card.png";

/// A brief's full-text PDF, if it has one: its own (`pdf` in the front matter, a bundle file)
/// wins; otherwise the one Dossier typesets, when `generated`.
pub(crate) fn full_text_pdf(brief: &impl BriefAddress, generated: bool) -> Option<String> {
    match brief.own_pdf() {
        Some(file) => Some(brief_file(brief, file)),
        None => generated.then(|| pdf(brief)),
    }
}

/// A taxonomy's list of terms in a language: `regions/`, `pl/regions/`.
pub(crate) fn taxonomy(lang: &Language, taxonomy: &str) -> String {
    format!("{}{taxonomy}/", lang.dir)
}

/// A term's page in a language: `regions/{slug}/`, `pl/regions/{slug}/`.
pub(crate) fn term(lang: &Language, taxonomy: &str, slug: &str) -> String {
    format!("{}{taxonomy}/{slug}/", lang.dir)
}

/// A file beside a term's page in the default language, such as an author's photo: every
/// language's page shows the one copy.
pub(crate) fn term_file(taxonomy: &str, slug: &str, name: &str) -> String {
    format!("{taxonomy}/{slug}/{name}")
}

/// A resized copy of an image at `path` (a site path such as `briefs/2026/x/chart.png`),
/// `width` pixels wide, in the format of extension `ext`: `briefs/2026/x/chart.480w.webp`,
/// beside the original.
pub(crate) fn image_variant(path: &str, width: u32, ext: &str) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let sep = if dir.is_empty() { "" } else { "/" };
    format!("{dir}{sep}{stem}.{width}w.{ext}")
}

/// A standalone page: `{slug}/`, under its language's folder.
pub(crate) fn page(page: &impl PageAddress) -> String {
    format!("{}{}/", page.lang_dir(), page.slug())
}

/// The archive of every year in a language: `archive/`, `pl/archive/`.
pub(crate) fn archive(lang: &Language) -> String {
    format!("{}{ARCHIVE}", lang.dir)
}

/// A year of the archive: `archive/{year}/`, `pl/archive/{year}/`.
pub(crate) fn year(lang: &Language, year: i32) -> String {
    format!("{}{ARCHIVE}{year}/", lang.dir)
}

/// Page `number` (1-based) of a listing at `base`: `base` itself, then `{base}page/{n}/`.
pub(crate) fn listing_page(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

/// The feed of a listing at `base`: `feed.xml`, `topics/{slug}/feed.xml`.
pub(crate) fn feed(base: &str) -> String {
    format!("{base}{SITE_FEED}")
}

/// The file a path is written to: a page `x/` is `x/index.html`.
pub(crate) fn output_file(path: &str) -> PathBuf {
    if path.is_empty() || path.ends_with('/') {
        PathBuf::from(path).join("index.html")
    } else {
        PathBuf::from(path)
    }
}

/// The resolver link of a DOI.
pub(crate) fn doi_url(doi: &str) -> String {
    format!("https://doi.org/{doi}")
}

/// The record of an ORCID iD.
pub(crate) fn orcid_url(orcid: &str) -> String {
    format!("https://orcid.org/{orcid}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_path_is_kept_with_slashes() {
        let base = Base::parse("https://org.github.io/briefs/").unwrap();
        assert_eq!(
            (base.url(), base.path()),
            ("https://org.github.io/briefs", "/briefs/")
        );
        let local = Base::parse("http://localhost:1111").unwrap();
        assert_eq!((local.url(), local.path()), ("http://localhost:1111", "/"));
        assert!(Base::parse("org.github.io").is_err());
        assert!(Base::parse("https://").is_err());
        assert!(Base::parse("ftp://example.org").is_err());
        assert!(Base::parse("https://example.org/?x=1").is_err());
    }

    #[test]
    fn urls_carry_the_base_path() {
        let c = Base::parse("https://org.github.io/briefs").unwrap();
        assert_eq!(c.url_path("briefs/2025/x/"), "/briefs/briefs/2025/x/");
        assert_eq!(c.url_path("/"), "/briefs/");
        assert_eq!(
            c.permalink("authors/"),
            "https://org.github.io/briefs/authors/"
        );
        let root = Base::parse("https://example.org/").unwrap();
        assert_eq!(root.url_path("authors/"), "/authors/");
        assert_eq!(root.permalink(""), "https://example.org/");
        assert_eq!(root.link("https://x.org/a.png"), "https://x.org/a.png");
        assert_eq!(root.link("/logo.svg"), "/logo.svg");
    }

    #[test]
    fn serve_keeps_the_path_and_never_links_to_an_unspecified_address() {
        let deployed = Base::parse("https://example.org/think/").unwrap();
        let local = deployed.with_origin("http://127.0.0.1:4000").unwrap();
        assert_eq!(
            (local.url(), local.path()),
            ("http://127.0.0.1:4000/think", "/think/")
        );
        let origin = |a: &str| serve_origin(a.parse().unwrap());
        assert_eq!(origin("0.0.0.0:1111"), "http://127.0.0.1:1111");
        assert_eq!(origin("[::]:1111"), "http://[::1]:1111");
        assert_eq!(origin("192.168.1.5:80"), "http://192.168.1.5:80");
    }

    #[test]
    fn pages_are_folders_with_an_index() {
        assert_eq!(output_file(""), PathBuf::from("index.html"));
        assert_eq!(output_file("a/b/"), PathBuf::from("a/b/index.html"));
        assert_eq!(output_file("feed.xml"), PathBuf::from("feed.xml"));
        assert_eq!(listing_page("topics/x/", 1), "topics/x/");
        assert_eq!(listing_page("topics/x/", 3), "topics/x/page/3/");
        assert_eq!(search_bundle_file("pagefind.js"), "pagefind/pagefind.js");
    }
}
