//! Answering one request from the in-memory site: safe path resolution, content types, the
//! live-reload script, the error overlay, and `404.html` for misses.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Where the browser listens for reload events (Server-Sent Events).
pub(crate) const EVENTS_PATH: &str = "/__dossier/events";

/// The script added to every served HTML page (never to `build` output).
const LIVE_RELOAD: &str = "<script>(function(){var s=new EventSource(\"/__dossier/events\");s.addEventListener(\"reload\",function(){location.reload();});})();</script>";

/// A file of the served site.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// Rendered in memory.
    Bytes(Arc<Vec<u8>>),
    /// Read from disk on request (bundle files, static files).
    File(PathBuf),
    /// Built into the binary.
    Static(&'static [u8]),
}

/// The site as served now.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// By path below the site root: `briefs/2025/x/index.html`.
    pub(crate) files: HashMap<String, Body>,
    /// The path part of the base URL, where the site is served: `/` or `/think/`.
    pub(crate) base_path: String,
    /// Whether a build ever succeeded (so that there is a last good version to serve).
    pub(crate) built: bool,
    /// The last build's error: shown over the last good pages, or alone until a good build.
    pub(crate) error: Option<String>,
}

/// A response: status, content type, bytes, and where a redirect goes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: Cow<'static, str>,
    pub(crate) body: Vec<u8>,
    /// The `Location` of a redirect.
    pub(crate) location: Option<String>,
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits is kept as written. `None`
/// when the escapes decode to bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// The site path a request URL names, or `None` when it tries to leave the site (`..`,
/// encoded or not, backslashes, NUL).
pub(crate) fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut decoded = percent_decode(path)?;
    // Decode twice: `%252e%252e` must not become `..` further down the line either.
    if decoded.contains('%') {
        decoded = percent_decode(&decoded)?;
    }
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if decoded.ends_with('/') || joined.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

/// Types this site serves that `mime_guess` does not know, or names otherwise.
const OWN_TYPES: [(&str, &str); 3] = [
    ("bib", "application/x-bibtex; charset=utf-8"),
    ("xml", "application/xml; charset=utf-8"),
    ("woff", "font/woff"),
];

/// The `Content-Type` of a file, from its extension; text types are UTF-8, as the site's
/// files are.
fn content_type(path: &str) -> Cow<'static, str> {
    let extension = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    if let Some((_, own)) = OWN_TYPES.iter().find(|(e, _)| *e == extension) {
        return Cow::Borrowed(own);
    }
    let mime = mime_guess::from_ext(&extension)
        .first_raw()
        .unwrap_or("application/octet-stream");
    if mime.starts_with("text/") {
        Cow::Owned(format!("{mime}; charset=utf-8"))
    } else {
        Cow::Borrowed(mime)
    }
}

fn read(body: &Body) -> Option<Vec<u8>> {
    match body {
        Body::Bytes(bytes) => Some(bytes.as_ref().clone()),
        Body::Static(bytes) => Some(bytes.to_vec()),
        Body::File(path) => std::fs::read(path).ok(),
    }
}

/// Adds the live-reload script before `</body>` (or at the end).
fn with_live_reload(mut html: Vec<u8>) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, LIVE_RELOAD.bytes());
    html
}

/// Text for HTML: the XML escapes serve (quick-xml, as for the sitemap).
fn escape_html(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}

/// The page shown while no build has succeeded yet.
fn error_page(error: &str) -> Vec<u8> {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff5f5;color:#1a1a1a}}\
         main{{max-width:60rem;margin:2rem auto;padding:0 1rem}}h1{{color:#9b1c1c}}\
         pre{{background:#fff;border:1px solid #f5c2c2;padding:1rem;overflow:auto;white-space:pre-wrap}}</style></head>\
         <body><main><h1>The site did not build</h1><p>Nothing has been built yet. Fix the problem below and save: this page reloads by itself.</p>\
         <pre>{}</pre></main></body></html>",
        escape_html(error)
    )
    .into_bytes()
}

/// The banner put at the top of the last good pages while the last build failed.
fn error_banner(error: &str) -> String {
    format!(
        "<div id=\"dossier-build-error\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;\
         z-index:2147483647;max-height:50vh;overflow:auto;margin:0;padding:.75rem 1rem;\
         background:#fff5f5;color:#1a1a1a;border-bottom:3px solid #9b1c1c;\
         font:15px/1.5 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.25)\">\
         <strong style=\"color:#9b1c1c\">The site did not build: this is the last good version.</strong> \
         Fix the problem below and save: this page reloads by itself.\
         <pre style=\"white-space:pre-wrap;margin:.5rem 0 0;font:13px/1.4 ui-monospace,monospace\">{}</pre></div>",
        escape_html(error)
    )
}

/// Puts `banner` just after the `<body>` tag (or first), so that it is the first thing read.
fn with_banner(mut html: Vec<u8>, banner: &str) -> Vec<u8> {
    let body = html
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"<body"));
    let at = body
        .and_then(|start| {
            html[start..]
                .iter()
                .position(|&b| b == b'>')
                .map(|end| start + end + 1)
        })
        .unwrap_or(0);
    html.splice(at..at, banner.bytes());
    html
}

fn html_reply(status: u16, body: Vec<u8>) -> Reply {
    Reply {
        status,
        content_type: Cow::Borrowed("text/html; charset=utf-8"),
        body,
        location: None,
    }
}

fn redirect(status: u16, location: String) -> Reply {
    Reply {
        status,
        content_type: Cow::Borrowed("text/plain; charset=utf-8"),
        body: format!("See {location}\n").into_bytes(),
        location: Some(location),
    }
}

/// Where a request goes in the site.
enum Route {
    /// A file, by its path below the site root.
    File(String),
    /// Elsewhere: the folder with its slash, or the site's root under the base path.
    Redirect(u16, String),
    NotFound,
}

/// Finds what `url` names: the base path is taken off (`/think/x/` is `x/index.html`), and a
/// folder named without its slash (`/think/x`) is redirected to it, query kept, so that links
/// relative to the page (a bundle's `map.png`) resolve as they will when deployed.
fn route(snapshot: &Snapshot, url: &str) -> Route {
    let (raw_path, query) = url.split_once('?').unwrap_or((url, ""));
    let raw_path = raw_path.split('#').next().unwrap_or("");
    let with_slash = || {
        let query = query.split('#').next().unwrap_or("");
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{query}")
        };
        Route::Redirect(301, format!("{raw_path}/{query}"))
    };
    let Some(path) = site_path(raw_path) else {
        return Route::NotFound;
    };
    let base = percent_decode(snapshot.base_path.trim_start_matches('/')).unwrap_or_default();
    let Some(rest) = path.strip_prefix(&base) else {
        return if format!("{path}/") == base {
            with_slash()
        } else if path == "index.html" {
            // The server's root, outside the base path: the site's home, as its link says.
            Route::Redirect(302, snapshot.base_path.clone())
        } else {
            Route::NotFound
        };
    };
    if snapshot.files.contains_key(rest) {
        Route::File(rest.to_string())
    } else if !raw_path.ends_with('/') && snapshot.files.contains_key(&format!("{rest}/index.html"))
    {
        with_slash()
    } else {
        Route::NotFound
    }
}

/// Answers `GET url` from the snapshot. After a failed build the last good pages are served
/// with the error in a banner over them; before any good build, the error page is.
pub(crate) fn reply(snapshot: &Snapshot, url: &str) -> Reply {
    let banner = snapshot.error.as_deref().map(error_banner);
    let page = |status: u16, bytes: Vec<u8>| {
        let bytes = match &banner {
            Some(banner) => with_banner(bytes, banner),
            None => bytes,
        };
        html_reply(status, with_live_reload(bytes))
    };
    if let (Some(error), false) = (&snapshot.error, snapshot.built) {
        return html_reply(500, with_live_reload(error_page(error)));
    }
    let not_found = || {
        let body = snapshot.files.get("404.html").and_then(read);
        page(404, body.unwrap_or_else(|| b"Not found".to_vec()))
    };
    let path = match route(snapshot, url) {
        Route::File(path) => path,
        Route::Redirect(status, location) => return redirect(status, location),
        Route::NotFound => return not_found(),
    };
    let Some(bytes) = snapshot.files.get(&path).and_then(read) else {
        return not_found();
    };
    let content_type = content_type(&path);
    if content_type.starts_with("text/html") {
        return page(200, bytes);
    }
    Reply {
        status: 200,
        content_type,
        body: bytes,
        location: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let mut files = HashMap::new();
        for (path, text) in [
            ("index.html", "<html><body>Home</body></html>"),
            ("about/index.html", "<body>About</body>"),
            ("404.html", "<body>Missing</body>"),
            ("style.css", "body{}"),
        ] {
            files.insert(
                path.to_string(),
                Body::Bytes(Arc::new(text.as_bytes().to_vec())),
            );
        }
        Snapshot {
            files,
            base_path: "/".into(),
            built: true,
            error: None,
        }
    }

    #[test]
    fn traversal_attempts_find_nothing() {
        for url in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E%2Fsite.toml",
            "/a/../../x",
            "/%252e%252e/site.toml",
            "/%%32e%%32e/site.toml",
            "/..%5csite.toml",
            "/%00",
        ] {
            assert_eq!(site_path(url), None, "{url}");
            assert_eq!(reply(&snapshot(), url).status, 404, "{url}");
        }
    }

    #[test]
    fn a_percent_sign_that_is_no_escape_is_kept_as_written() {
        assert_eq!(site_path("/100%.txt").as_deref(), Some("100%.txt"));
        assert_eq!(site_path("/a%+41.txt").as_deref(), Some("a%+41.txt"));
        assert_eq!(site_path("/a%4.txt").as_deref(), Some("a%4.txt"));
        assert_eq!(
            site_path("/%41%2541.txt").as_deref(),
            Some("AA.txt"),
            "decoded twice"
        );
        assert_eq!(site_path("/%ff.txt"), None, "not UTF-8");
    }

    #[test]
    fn pretty_urls_and_content_types() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/about/?x=1").as_deref(),
            Some("about/index.html")
        );
        assert_eq!(site_path("/caf%C3%A9.txt").as_deref(), Some("café.txt"));
        let about = reply(&snapshot(), "/about/");
        assert_eq!(about.status, 200);
        let css = reply(&snapshot(), "/style.css");
        assert_eq!(
            (&*css.content_type, css.body.as_slice()),
            ("text/css; charset=utf-8", b"body{}".as_slice())
        );
    }

    #[test]
    fn content_types_come_from_the_extension() {
        for (path, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("a/B.HTM", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("feed.xml", "application/xml; charset=utf-8"),
            ("search.json", "application/json"),
            ("brief.pdf", "application/pdf"),
            ("chart.svg", "image/svg+xml"),
            ("chart.png", "image/png"),
            ("font.woff2", "font/woff2"),
            ("font.woff", "font/woff"),
            ("cite.bib", "application/x-bibtex; charset=utf-8"),
            ("cite.ris", "application/x-research-info-systems"),
            // Beyond the old hand-written table:
            ("data.csv", "text/csv; charset=utf-8"),
            ("photo.avif", "image/avif"),
            ("talk.mp4", "video/mp4"),
            ("file.unknown-ext", "application/octet-stream"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn html_gets_the_reload_script_and_misses_get_404_html() {
        let home = String::from_utf8(reply(&snapshot(), "/").body).unwrap();
        assert!(home.contains("EventSource") && home.find("EventSource") < home.find("</body>"));
        let missing = reply(&snapshot(), "/nope/");
        assert_eq!(missing.status, 404);
        assert!(String::from_utf8(missing.body).unwrap().contains("Missing"));
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_pages_with_the_error_over_them() {
        let mut s = snapshot();
        s.error = Some("content/briefs/a.md:3:1: error: <bad>".into());
        let page = reply(&s, "/");
        assert_eq!(page.status, 200);
        let text = String::from_utf8(page.body).unwrap();
        let banner = text.find("id=\"dossier-build-error\"").unwrap();
        assert!(text.find("<body>").unwrap() < banner && banner < text.find("Home").unwrap());
        assert!(text.contains("content/briefs/a.md:3:1: error: &lt;bad&gt;"));
        assert!(text.contains("last good version") && text.contains("EventSource"));
        assert_eq!(
            reply(&s, "/style.css").body,
            b"body{}",
            "assets as they were"
        );
        let missing = String::from_utf8(reply(&s, "/nope/").body).unwrap();
        assert!(missing.contains("Missing") && missing.contains("dossier-build-error"));
        // Before any good build there is nothing to show but the error.
        s.built = false;
        let page = reply(&s, "/");
        assert_eq!(page.status, 500);
        assert!(
            String::from_utf8(page.body)
                .unwrap()
                .contains("Nothing has been built yet")
        );
    }

    #[test]
    fn a_folder_without_its_slash_is_redirected_with_its_query() {
        let moved = |url: &str| {
            let reply = reply(&snapshot(), url);
            (reply.status, reply.location)
        };
        assert_eq!(moved("/about"), (301, Some("/about/".into())));
        assert_eq!(
            moved("/about?utm=x&y=1"),
            (301, Some("/about/?utm=x&y=1".into()))
        );
        assert_eq!(moved("/about#top"), (301, Some("/about/".into())));
        assert_eq!(moved("/style.css"), (200, None), "a file stays where it is");
        assert_eq!(moved("/nope"), (404, None));
    }

    #[test]
    fn a_base_path_is_where_the_site_is() {
        let mut s = snapshot();
        s.base_path = "/th%C3%A9/".into();
        let at = |url: &str| {
            let reply = reply(&s, url);
            (reply.status, reply.location)
        };
        assert_eq!(at("/th%C3%A9/"), (200, None));
        assert_eq!(at("/thé/about/"), (200, None));
        assert_eq!(at("/th%C3%A9/style.css"), (200, None));
        assert_eq!(at("/"), (302, Some("/th%C3%A9/".into())));
        assert_eq!(at("/th%C3%A9"), (301, Some("/th%C3%A9/".into())));
        assert_eq!(
            at("/th%C3%A9/about?a=1"),
            (301, Some("/th%C3%A9/about/?a=1".into()))
        );
        assert_eq!(
            at("/about/"),
            (404, None),
            "outside the base path, as deployed"
        );
        assert_eq!(at("/style.css"), (404, None));
    }
}
