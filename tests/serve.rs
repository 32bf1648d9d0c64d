//! `dossier serve` through the real binary, spoken to over raw HTTP: folders redirected to their
//! slash, a base path served as it will be deployed, the address in links when bound to every
//! address, limits on requests and connections, entity tags and ranges, and the last good
//! version kept (with the error over it) after a failed rebuild.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{SITE_TOML, Site, brief};

/// A running `dossier serve`, stopped when dropped.
struct Server {
    child: Child,
    /// Where it says the site is, without the trailing slash: `http://127.0.0.1:PORT/think`.
    url: String,
    /// `127.0.0.1:PORT`, to connect to.
    address: String,
    /// The line it printed with the address.
    line: String,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The URL path of the site's root: `/think/` or `/`.
    fn base_path(&self) -> String {
        let path = self.url.trim_start_matches("http://");
        format!("{}/", &path[path.find('/').unwrap_or(path.len())..])
    }

    fn proc_status(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with(field)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

fn serve(site: &Site, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0"])
        .args(args)
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = collect(BufReader::new(child.stderr.take().unwrap()).lines());
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if line.contains("http://") {
            break line;
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    let stdout = collect(lines);
    let at = line.find("http://").unwrap();
    let url = line[at..].split_whitespace().next().unwrap();
    let url = url.trim_end_matches('/').to_string();
    let address = url.trim_start_matches("http://").split('/').next().unwrap();
    Server {
        address: address.to_string(),
        url,
        line,
        stdout,
        stderr,
        child,
    }
}

/// What the server prints from now on, gathered on a thread.
fn collect(
    lines: impl Iterator<Item = std::io::Result<String>> + Send + 'static,
) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let collected = text.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let mut text = collected.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    text
}

/// A response as read off the socket.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn parse_answer(bytes: &[u8]) -> Answer {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    Answer {
        status,
        head,
        body: bytes[end + 4..].to_vec(),
    }
}

/// Reads until the server closes (or resets: what came before is kept).
fn read_all(stream: &mut TcpStream) -> Vec<u8> {
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    while let Ok(read) = stream.read(&mut chunk) {
        if read == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
    bytes
}

/// One request on its own connection; `headers` are whole lines without their CRLF.
fn request(server: &Server, method: &str, target: &str, headers: &[&str]) -> Answer {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {}\r\n", server.address);
    for header in headers {
        head.push_str(&format!("{header}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    parse_answer(&read_all(&mut stream))
}

fn get(server: &Server, target: &str) -> Answer {
    request(server, "GET", target, &[])
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn site_with_a_brief() -> Site {
    let site = Site::new();
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha", "2025-01-10", &["Ann Lee"], ""),
    );
    site
}

#[test]
fn a_folder_without_its_slash_is_redirected_so_that_bundle_links_resolve() {
    let site = site_with_a_brief();
    site.write(
        "content/briefs/2025/x/index.md",
        &brief("Mapped", "2025-02-01", &["Ann Lee"], "")
            .replace("More text.", "More text.\n\n![The route](map.png)"),
    );
    // A real image (1×1, grey): the brief's PDF embeds it too.
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b\x55\x00\x00\x00\x0aIDAT\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01\x48\xaf\xa4\x71\x00\x00\x00\x00IEND\xae\x42\x60\x82".as_slice();
    site.write_bytes("content/briefs/2025/x/map.png", png);
    let server = serve(&site, &[]);

    let moved = get(&server, "/briefs/2025/x?utm_source=mail&x=1");
    assert_eq!(moved.status, 301, "{}", moved.head);
    let location = moved.header("Location").unwrap().to_string();
    assert_eq!(location, "/briefs/2025/x/?utm_source=mail&x=1");
    let page = get(&server, &location);
    assert_eq!(page.status, 200);
    // The image is named by its site path (with its resized copies: see tests/images.rs).
    assert!(
        page.text().contains("src=\"/briefs/2025/x/map.png\""),
        "{}",
        page.text()
    );
    // `map.png` read against the page's URL with its slash is the bundle's file...
    let image = get(&server, "/briefs/2025/x/map.png");
    assert_eq!((image.status, image.body.as_slice()), (200, png));
    assert_eq!(image.header("Content-Type"), Some("image/png"));
    // ...and against the URL without it, as before the redirect, nothing.
    assert_eq!(get(&server, "/briefs/2025/map.png").status, 404);
    assert_eq!(
        get(&server, "/briefs/2025/a").header("Location"),
        Some("/briefs/2025/a/")
    );
    assert_eq!(
        get(&server, "/print.css").status,
        200,
        "a file is not a folder"
    );
}

#[test]
fn a_site_deployed_under_a_path_is_previewed_under_it() {
    let site = site_with_a_brief();
    site.write(
        "site.toml",
        &SITE_TOML.replace("https://example.org", "https://example.org/think/"),
    );
    let server = serve(&site, &[]);
    assert!(server.url.ends_with("/think"), "{}", server.line);
    let origin = format!("http://{}", server.address);

    let root = get(&server, "/");
    assert_eq!(
        (root.status, root.header("Location")),
        (302, Some("/think/"))
    );
    assert_eq!(get(&server, "/think").header("Location"), Some("/think/"));
    let home = get(&server, "/think/");
    assert_eq!(home.status, 200);
    assert!(
        home.text().contains("href=\"/think/briefs/2025/a/\""),
        "{}",
        home.text()
    );
    assert!(home.text().contains(&format!("{origin}/think/")));
    assert_eq!(get(&server, "/think/briefs/2025/a/").status, 200);
    assert_eq!(get(&server, "/think/print.css").status, 200);
    // Outside the path, as on the host it will be deployed to.
    assert_eq!(get(&server, "/briefs/2025/a/").status, 404);
    assert_eq!(get(&server, "/print.css").status, 404);
    for file in ["feed.xml", "sitemap.xml"] {
        let text = get(&server, &format!("/think/{file}")).text();
        assert!(
            text.contains(&format!("{origin}/think/briefs/2025/a/")),
            "{file}: {text}"
        );
        assert!(!text.contains("example.org"), "{file}: {text}");
    }
}

#[test]
fn bound_to_every_address_its_links_use_loopback_or_the_given_base_url() {
    let site = site_with_a_brief();
    let server = serve(&site, &["--bind", "0.0.0.0"]);
    let port = server.address.rsplit(':').next().unwrap();
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.line
    );
    assert!(
        server.line.contains(&format!("0.0.0.0:{port}")),
        "{}",
        server.line
    );
    assert!(
        server.line.contains(&format!("use 127.0.0.1:{port}")),
        "{}",
        server.line
    );
    for target in ["/", "/feed.xml", "/sitemap.xml", "/briefs/2025/a/"] {
        let text = get(&server, target).text();
        assert!(!text.contains("0.0.0.0"), "{target}: {text}");
        assert!(
            text.contains(&format!("http://127.0.0.1:{port}/")),
            "{target}"
        );
    }
    drop(server);

    let preview = "https://preview.example.net/x/";
    let server = serve(&site, &["--base-url", preview]);
    assert!(
        server.line.contains(&format!("use {preview}")),
        "{}",
        server.line
    );
    assert_eq!(server.base_path(), "/x/");
    let feed = get(&server, "/x/feed.xml").text();
    assert!(
        feed.contains("https://preview.example.net/x/briefs/2025/a/"),
        "{feed}"
    );
}

/// Sends `size` bytes of one header field on a thread; returns the answer read meanwhile.
fn send_huge_header(server: &Server, size: usize) -> Answer {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Huge: ");
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..size >> 20 {
            if writer.write_all(&chunk).is_err() {
                return;
            }
        }
        let _ = writer.write_all(b"\r\n\r\n");
    });
    let answer = parse_answer(&read_all(&mut stream));
    let _ = sender.join();
    answer
}

#[test]
fn oversized_requests_are_refused_and_their_memory_is_not_kept() {
    let site = site_with_a_brief();
    let server = serve(&site, &[]);
    // The search index is made in the background: its memory must not count as the header's.
    wait_for("the search index", || {
        !cfg!(feature = "search") || server.stdout.lock().unwrap().contains("Search index:")
    });
    let long_url = format!("/{}", "a".repeat(9 * 1024));
    assert_eq!(get(&server, &long_url).status, 414);
    let big = format!("X-Big: {}", "b".repeat(40 * 1024));
    assert_eq!(request(&server, "GET", "/", &[&big]).status, 431);
    for _ in 0..20 {
        assert_eq!(get(&server, "/").status, 200);
    }
    let before = server.proc_status("VmRSS:");
    let answer = send_huge_header(&server, 64 << 20);
    assert_eq!(answer.status, 431, "{}", answer.head);
    assert_eq!(get(&server, "/").status, 200, "still answering");
    let after = server.proc_status("VmRSS:");
    eprintln!("VmRSS before the 64 MB header: {before} kB, after: {after} kB");
    assert!(after < before + 8 * 1024, "{before} kB -> {after} kB");
}

#[test]
fn connections_are_capped_and_idle_or_slow_ones_give_their_place_up() {
    let site = site_with_a_brief();
    // No work in the background (the search index, PDFs) whose threads would come and go
    // while the connections' threads are counted.
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[search]\nenabled = false\n\n[pdf]\ngenerate = false\n"),
    );
    let server = serve(&site, &[]);
    assert_eq!(get(&server, "/").status, 200);
    let threads = server.proc_status("Threads:");
    // 300 connections beyond the cap of 256: half never send anything, half start a request
    // head and never finish it (a slowloris client).
    let mut held: Vec<TcpStream> = (0..300)
        .map(|n| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            if n % 2 == 1 {
                stream.write_all(b"GET / HTTP/1.1\r\nX-Slow: ").unwrap();
            }
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let busy = server.proc_status("Threads:");
    assert!(busy <= threads + 256, "{threads} threads, then {busy}");
    // With every place taken, those connections give theirs up after a second, so a request
    // waits about that long: not the 5 s of the idle timeout nor the 10 s of a head's.
    let asked = Instant::now();
    let late = get(&server, "/");
    let waited = asked.elapsed();
    let mut refused = 0;
    for stream in &mut held {
        let bytes = read_all(stream);
        if !bytes.is_empty() {
            assert_eq!(parse_answer(&bytes).status, 503);
            refused += 1;
        }
    }
    eprintln!(
        "threads: {threads} idle, {busy} with 300 connections; {refused} got 503; \
         a request meanwhile waited {waited:?}"
    );
    assert_eq!(late.status, 200);
    assert!(waited < Duration::from_millis(4500), "{waited:?}");
    assert_eq!(get(&server, "/").status, 200);
}

#[test]
fn entity_tags_ranges_and_head() {
    let site = site_with_a_brief();
    let server = serve(&site, &[]);
    let css = get(&server, "/print.css");
    let length = css.body.len();
    let tag = css.header("ETag").unwrap().to_string();
    assert_eq!(css.header("Accept-Ranges"), Some("bytes"));
    assert_eq!(css.header("Cache-Control"), Some("no-cache"));
    let again = request(
        &server,
        "GET",
        "/print.css",
        &[&format!("If-None-Match: {tag}")],
    );
    assert_eq!((again.status, again.body.len()), (304, 0));

    let part = request(&server, "GET", "/print.css", &["Range: bytes=0-9"]);
    assert_eq!(part.status, 206);
    let expected = format!("bytes 0-9/{length}");
    assert_eq!(part.header("Content-Range"), Some(expected.as_str()));
    assert_eq!(part.body, css.body[..10]);
    let tail = request(&server, "GET", "/print.css", &["Range: bytes=-5"]);
    assert_eq!(tail.body, css.body[length - 5..]);
    let beyond = format!("Range: bytes={length}-");
    let refused = request(&server, "GET", "/print.css", &[&beyond]);
    assert_eq!(refused.status, 416);
    let expected = format!("bytes */{length}");
    assert_eq!(refused.header("Content-Range"), Some(expected.as_str()));

    let head = request(&server, "HEAD", "/print.css", &[]);
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(
        head.header("Content-Length"),
        Some(length.to_string().as_str())
    );
    assert_eq!(
        request(&server, "POST", "/", &["Content-Length: 0"]).status,
        405
    );

    // A changed page has a new tag, so the old one gets the new page.
    let page = get(&server, "/briefs/2025/a/");
    let old = page.header("ETag").unwrap().to_string();
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha Two", "2025-01-10", &["Ann Lee"], ""),
    );
    wait_for("the edited page", || {
        let answer = request(
            &server,
            "GET",
            "/briefs/2025/a/",
            &[&format!("If-None-Match: {old}")],
        );
        answer.status == 200 && answer.text().contains("Alpha Two")
    });
}

#[test]
fn after_a_failed_rebuild_the_last_good_pages_are_served_with_the_error_over_them() {
    let site = site_with_a_brief();
    let server = serve(&site, &[]);
    assert!(get(&server, "/briefs/2025/a/").text().contains("Alpha"));
    site.write("content/briefs/2025/a.md", "+++\ntitle = \"Broken\"\n");
    wait_for("the error banner", || {
        get(&server, "/").text().contains("dossier-build-error")
    });
    for target in ["/", "/briefs/2025/a/"] {
        let page = get(&server, target);
        let text = page.text();
        assert_eq!(page.status, 200, "{target}");
        assert!(text.contains("Alpha"), "{target}: the last good version");
        assert!(text.contains("never closed"), "{target}: the error on it");
        assert!(text.contains("this is the last good version"), "{target}");
    }
    assert_eq!(get(&server, "/print.css").status, 200);
    let said = || server.stderr.lock().unwrap().clone();
    wait_for("the message", || said().contains("still served"));
    assert!(said().contains("content/briefs/2025/a.md"), "{}", said());
    assert!(
        said().contains("The last good version is still served"),
        "{}",
        said()
    );

    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha Fixed", "2025-01-10", &["Ann Lee"], ""),
    );
    wait_for("recovery", || {
        let text = get(&server, "/").text();
        text.contains("Alpha Fixed") && !text.contains("dossier-build-error")
    });
}

#[test]
fn before_any_good_build_the_error_page_is_served_and_said_so() {
    let site = Site::new();
    site.write("content/briefs/2025/a.md", "+++\ntitle = \"Broken\"\n");
    let server = serve(&site, &[]);
    let page = get(&server, "/briefs/2025/a/");
    assert_eq!(page.status, 500);
    assert!(
        page.text().contains("never closed") && page.text().contains("Nothing has been built yet")
    );
    let said = || server.stderr.lock().unwrap().clone();
    wait_for("the message", || {
        said().contains("Nothing has been built yet")
    });
    assert!(!said().contains("last good version"), "{}", said());
}

#[test]
fn an_open_tab_is_told_to_reload_once_and_its_stream_ends() {
    let site = site_with_a_brief();
    let server = serve(&site, &[]);
    let mut stream = TcpStream::connect(&server.address).unwrap();
    let head = "GET /__dossier/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n";
    stream.write_all(head.as_bytes()).unwrap();
    let mut first = [0u8; 512];
    let read = stream.read(&mut first).unwrap();
    let opened = String::from_utf8_lossy(&first[..read]).into_owned();
    assert!(
        opened.contains("text/event-stream") && opened.contains(": connected"),
        "{opened}"
    );
    site.write(
        "content/briefs/2025/a.md",
        &brief("Alpha Two", "2025-01-10", &["Ann Lee"], ""),
    );
    // The whole rest of the stream: the event, then the end (a keep-alive comment may come first).
    let rest = String::from_utf8_lossy(&read_all(&mut stream)).into_owned();
    assert!(rest.contains("event: reload\ndata: "), "{rest}");
    assert!(
        rest.ends_with("\n\n") && rest.matches("event:").count() == 1,
        "{rest}"
    );
}
