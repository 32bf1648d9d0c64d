//! The HTTP/1.1 server under `serve`, on std's sockets: request heads read into a buffer of
//! capped size and parsed with httparse, at most [`MAX_CONNECTIONS`] connections at once (each
//! on a thread of a pool; one more waits for a free place, then gets `503`), a timeout on
//! every read and write, keep-alive, and `HEAD`.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::pool::Pool;

/// Connections served at once (page loads, the event stream of each open tab, a load test's
/// clients); a connection beyond these waits for a free place, then gets `503`. Each costs a
/// thread and at most `MAX_HEAD` of buffer, so the cap bounds memory to a few tens of MB, and a
/// client holding connections open with slow heads needs this many to delay anyone.
pub(crate) const MAX_CONNECTIONS: usize = 256;
/// The longest request line (method, URL, version); longer gets `414`.
pub(crate) const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The longest request head (request line and headers); longer gets `431`.
pub(crate) const MAX_HEAD: usize = 32 * 1024;
/// The most header fields in one request (browsers send about 20); more gets `431`.
const MAX_HEADERS: usize = 64;
/// How long a request head may take once it has started: a client that sends it a byte at a
/// time cannot hold a connection for longer.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a kept-alive connection waits for its next request.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// While every place is taken, a connection gives its place up after this long without a
/// request, or with a request head still arriving.
const YIELD_AFTER: Duration = Duration::from_secs(1);
/// How long a new connection waits for a free place before it is answered `503`.
const PLACE_WAIT: Duration = Duration::from_secs(2);
/// How long one write may block (a client that stopped reading).
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// After a refusal, how long what the client still sends is read and dropped, so that it
/// reads the refusal rather than a connection reset.
const LINGER: Duration = Duration::from_secs(2);

/// A request's head; a body, if any, is never read (the connection is closed after it).
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// As sent: `/briefs/2025/x/?utm=1`.
    pub(crate) target: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    version: u8,
    headers: Vec<(String, String)>,
}

impl Request {
    /// The value of a header field (names are case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The target without its query.
    pub(crate) fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }

    fn has_body(&self) -> bool {
        let length = self.header("content-length").map(str::trim);
        length.is_some_and(|l| l != "0") || self.header("transfer-encoding").is_some()
    }

    /// HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 only when asked to.
    fn keeps_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        let asked = match self.version {
            1 => !connection.contains("close"),
            _ => connection.contains("keep-alive"),
        };
        asked && !self.has_body()
    }
}

/// A response; the server adds `Content-Length`, `Date` and `Connection`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    /// A short plain-text answer.
    pub(crate) fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: format!("{text}\n").into_bytes(),
        }
    }
}

/// What a handler makes of a request.
pub(crate) enum Answer {
    Response(Response),
    /// The connection becomes a stream of events, written by [`Handler::stream_events`].
    Events,
}

/// What the server serves.
pub(crate) trait Handler: Send + Sync + 'static {
    /// The answer to a `GET` or `HEAD`.
    fn answer(&self, request: &Request) -> Answer;
    /// Writes a stream of events (status line and headers included) until it ends.
    fn stream_events(&self, stream: &mut TcpStream);
}

/// Places for connections: a counting semaphore.
#[derive(Default)]
struct Places {
    taken: Mutex<usize>,
    freed: Condvar,
}

/// A connection's place, given back when dropped.
struct Place(Arc<Places>);

impl Drop for Place {
    fn drop(&mut self) {
        let mut taken = self.0.taken.lock().unwrap_or_else(|e| e.into_inner());
        *taken -= 1;
        self.0.freed.notify_one();
    }
}

impl Places {
    fn all_taken(&self) -> bool {
        *self.taken.lock().unwrap_or_else(|e| e.into_inner()) >= MAX_CONNECTIONS
    }
}

fn take_place(places: &Arc<Places>, wait: Duration) -> Option<Place> {
    let taken = places.taken.lock().unwrap_or_else(|e| e.into_inner());
    let (mut taken, _) = places
        .freed
        .wait_timeout_while(taken, wait, |taken| *taken >= MAX_CONNECTIONS)
        .unwrap_or_else(|e| e.into_inner());
    if *taken >= MAX_CONNECTIONS {
        return None;
    }
    *taken += 1;
    Some(Place(places.clone()))
}

/// A listening socket and the places of its connections.
pub(crate) struct Server {
    listener: TcpListener,
    places: Arc<Places>,
}

impl Server {
    pub(crate) fn bind(address: &str) -> std::io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(address)?,
            places: Arc::default(),
        })
    }

    pub(crate) fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections until `stop` is set and [`wake`] is called.
    pub(crate) fn run(&self, handler: &Arc<dyn Handler>, stop: &AtomicBool) {
        let (handler, places) = (handler.clone(), self.places.clone());
        let threads = Pool::new(move |(stream, _place): (TcpStream, Place)| {
            serve_connection(stream, handler.as_ref(), &places);
        });
        for stream in self.listener.incoming() {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let Ok(stream) = stream else {
                // Out of file descriptors, say: let some connections end first.
                std::thread::sleep(Duration::from_millis(50));
                continue;
            };
            let Some(place) = take_place(&self.places, PLACE_WAIT) else {
                refuse(
                    stream,
                    &Response::text(503, "Too many connections; try again."),
                );
                continue;
            };
            // A connection no thread can be started for is dropped, with its place.
            threads.run((stream, place));
        }
    }
}

/// Makes a blocked [`Server::run`] look at its `stop` flag, by connecting to it.
pub(crate) fn wake(listening: SocketAddr) {
    let mut address = listening;
    if address.ip().is_unspecified() {
        address.set_ip(match address {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
}

/// Why no request could be read.
enum Failure {
    /// The client closed the connection, or was too slow.
    Gone,
    /// The request is refused with this answer.
    Refused(Response),
}

fn serve_connection(mut stream: TcpStream, handler: &dyn Handler, places: &Places) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut buffer = Vec::new();
    loop {
        let request = match read_request(&mut stream, &mut buffer, places) {
            Ok(request) => request,
            Err(Failure::Gone) => return,
            Err(Failure::Refused(response)) => return refuse(stream, &response),
        };
        let response = if !matches!(request.method.as_str(), "GET" | "HEAD") {
            let mut response = Response::text(405, "Only GET and HEAD are served.");
            response.headers.push(("Allow", "GET, HEAD".into()));
            response
        } else {
            match handler.answer(&request) {
                Answer::Response(response) => response,
                Answer::Events => return handler.stream_events(&mut stream),
            }
        };
        let keep_alive = request.keeps_alive();
        let head_only = request.method == "HEAD";
        if write_response(&mut stream, &response, head_only, keep_alive).is_err() {
            return;
        }
        if !keep_alive {
            return linger(stream);
        }
    }
}

/// Reads the next request head, within the size and time limits.
fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    places: &Places,
) -> Result<Request, Failure> {
    let waiting_since = Instant::now();
    let mut started = (!buffer.is_empty()).then(Instant::now);
    let mut chunk = [0u8; 8 * 1024];
    loop {
        if let Some(request) = parse_head(buffer)? {
            return Ok(request);
        }
        let left = match started {
            None => IDLE_TIMEOUT.checked_sub(waiting_since.elapsed()),
            Some(at) => HEAD_TIMEOUT.checked_sub(at.elapsed()),
        };
        let left = left.filter(|left| !left.is_zero()).ok_or(Failure::Gone)?;
        // Short reads, to look now and then whether another connection needs the place.
        let _ = stream.set_read_timeout(Some(left.min(YIELD_AFTER)));
        // Never more than MAX_HEAD bytes are kept, however much the client sends.
        let room = (MAX_HEAD - buffer.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(Failure::Gone),
            Ok(read) => {
                started.get_or_insert_with(Instant::now);
                buffer.extend_from_slice(&chunk[..read]);
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                // Every place taken: a connection with no request under way, or whose head has
                // been arriving for a while (slowly, byte by byte), gives its place up.
                let slow = started.is_none_or(|at| at.elapsed() >= YIELD_AFTER);
                if slow && places.all_taken() {
                    return Err(Failure::Gone);
                }
            }
            Err(_) => return Err(Failure::Gone),
        }
    }
}

/// The request at the start of `buffer`, removed from it; `None` while its head is incomplete.
fn parse_head(buffer: &mut Vec<u8>) -> Result<Option<Request>, Failure> {
    if buffer.is_empty() {
        return Ok(None);
    }
    let line_end = buffer.iter().position(|&b| b == b'\n');
    if line_end.unwrap_or(buffer.len()) > MAX_REQUEST_LINE {
        return Err(Failure::Refused(Response::text(
            414,
            "The URL is too long.",
        )));
    }
    let too_large =
        || Failure::Refused(Response::text(431, "The request's headers are too large."));
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut fields);
    let length = match parsed.parse(buffer) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) if buffer.len() >= MAX_HEAD => return Err(too_large()),
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(too_large()),
        Err(_) => {
            return Err(Failure::Refused(Response::text(
                400,
                "The request is not HTTP/1.1.",
            )));
        }
    };
    let request = Request {
        method: parsed.method.unwrap_or("").to_string(),
        target: parsed.path.unwrap_or("").to_string(),
        version: parsed.version.unwrap_or(0),
        headers: parsed
            .headers
            .iter()
            .map(|h| {
                let value = String::from_utf8_lossy(h.value).into_owned();
                (h.name.to_string(), value)
            })
            .collect(),
    };
    buffer.drain(..length);
    Ok(Some(request))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    // A value never ends the head early (a Location made from a request's URL, say).
    let fields = response.headers.iter().map(|(n, v)| (*n, v.as_str()));
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    // A 304 has no body, and a length would have to be the unsent 200's: it gets none.
    let length = (response.status != 304).then(|| response.body.len().to_string());
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let added = [
        Some(("Date", date.as_str())),
        length.as_deref().map(|length| ("Content-Length", length)),
        Some(("Connection", connection)),
    ];
    for (name, value) in fields.chain(added.into_iter().flatten()) {
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    // HEAD says the length of the body it does not carry.
    if !head_only && response.status != 304 {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// Answers and closes a connection whose request is refused.
fn refuse(mut stream: TcpStream, response: &Response) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    if write_response(&mut stream, response, false, false).is_ok() {
        linger(stream);
    }
}

/// Closes a connection gently: no more writes, then what the client still sends (the rest of
/// a huge header, a body) is read into a small buffer and dropped, for at most [`LINGER`].
/// Closing with unread bytes would reset the connection, and the client might lose the answer.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut sink = [0u8; 8 * 1024];
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// A complete head parsed, for other modules' tests.
#[cfg(test)]
pub(crate) fn parse_for_tests(buffer: &mut Vec<u8>) -> Request {
    match parse_head(buffer) {
        Ok(Some(request)) => request,
        _ => panic!("not a complete head: {}", String::from_utf8_lossy(buffer)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<Request>, u16> {
        let mut buffer = text.as_bytes().to_vec();
        parse_head(&mut buffer).map_err(|failure| match failure {
            Failure::Refused(response) => response.status,
            Failure::Gone => 0,
        })
    }

    #[test]
    fn heads_are_parsed_and_limited() {
        let request = parse("GET /a/?x=1 HTTP/1.1\r\nHost: h\r\nRange: bytes=0-1\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            (request.path(), request.header("range")),
            ("/a/", Some("bytes=0-1"))
        );
        assert!(request.keeps_alive());
        assert!(
            parse("GET / HTTP/1.1\r\nHost: h\r\n").unwrap().is_none(),
            "incomplete"
        );
        let long_url = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(parse(&long_url).unwrap_err(), 414);
        let unfinished_url = format!("GET /{}", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(parse(&unfinished_url).unwrap_err(), 414);
        let big = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD));
        assert_eq!(parse(&big[..MAX_HEAD]).unwrap_err(), 431);
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: 1\r\n")).collect();
        assert_eq!(
            parse(&format!("GET / HTTP/1.1\r\n{many}\r\n")).unwrap_err(),
            431
        );
        assert_eq!(parse("\x16\x03\x01 binary\r\n\r\n").unwrap_err(), 400);
        let old = parse("GET / HTTP/1.0\r\n\r\n").unwrap().unwrap();
        assert!(!old.keeps_alive());
        let asking = parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
        assert!(asking.unwrap().unwrap().keeps_alive());
        let posted = parse("GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\n")
            .unwrap()
            .unwrap();
        assert!(
            !posted.keeps_alive(),
            "a body is never read, so the connection closes"
        );
    }

    #[test]
    fn places_are_bounded_and_given_back() {
        let places = Arc::new(Places::default());
        let held: Vec<_> = (0..MAX_CONNECTIONS)
            .map(|_| take_place(&places, Duration::ZERO).unwrap())
            .collect();
        assert!(take_place(&places, Duration::from_millis(10)).is_none());
        drop(held);
        assert!(take_place(&places, Duration::ZERO).is_some());
    }
}
