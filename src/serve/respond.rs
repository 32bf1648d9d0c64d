//! What makes a reply from the site an HTTP response: an entity tag from the hash of the
//! bytes, `304` when the browser already has them (`If-None-Match`), `206` or `416` for
//! `Range` (`If-Range` honoured), and caching headers: `no-cache` (ask every time, so a
//! rebuild shows at once; an unchanged file costs a `304`), `no-store` for redirects and errors.

use super::http::Reply;
use super::server::{Request, Response};

/// A strong entity tag: the XXH3-128 hash of the bytes sent (the live-reload script and an
/// error banner included, so a page that gains one is sent again).
pub(crate) fn entity_tag(bytes: &[u8]) -> String {
    format!("\"{:032x}\"", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// Whether an `If-None-Match` value names `tag` (compared weakly, as RFC 9110 says).
fn names_tag(if_none_match: &str, tag: &str) -> bool {
    if_none_match.trim() == "*"
        || if_none_match
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == tag)
}

/// What a `Range` header asks of `length` bytes.
#[derive(Debug, PartialEq, Eq)]
enum Part {
    /// No usable range (several ranges, or one that does not parse): the whole file.
    Whole,
    /// Bytes `start..=end`.
    Bytes(u64, u64),
    /// Nothing of the file: `416`.
    Unsatisfiable,
}

fn part(range: &str, length: u64) -> Part {
    use http_range_header::RangeUnsatisfiableError::{Invalid, Rejected, Unsatisfiable};
    // Several ranges would need a multipart body: RFC 9110 lets a server send it all, which
    // it does for any number of them (the parser rejects three where it accepts two).
    if range.contains(',') {
        return Part::Whole;
    }
    let ranges = http_range_header::parse_range_header(range).and_then(|r| r.validate(length));
    match ranges.as_deref() {
        Ok([one]) => Part::Bytes(*one.start(), *one.end()),
        Ok(_) | Err(Invalid(_)) => Part::Whole,
        Err(Unsatisfiable | Rejected(_)) => Part::Unsatisfiable,
        Err(_) => Part::Whole,
    }
}

/// The response to `request` for `reply`.
pub(crate) fn respond(reply: Reply, request: &Request) -> Response {
    let mut headers = vec![("Content-Type", reply.content_type.into_owned())];
    if reply.status != 200 {
        headers.extend(reply.location.map(|location| ("Location", location)));
        headers.push(("Cache-Control", "no-store".into()));
        return Response {
            status: reply.status,
            headers,
            body: reply.body,
        };
    }
    let tag = entity_tag(&reply.body);
    let validators = [
        ("ETag", tag.clone()),
        ("Cache-Control", "no-cache".to_string()),
    ];
    if request
        .header("if-none-match")
        .is_some_and(|value| names_tag(value, &tag))
    {
        return Response {
            status: 304,
            headers: validators.to_vec(),
            body: Vec::new(),
        };
    }
    headers.extend(validators);
    headers.push(("Accept-Ranges", "bytes".into()));
    // `If-Range` with another tag (or a date): the file changed, so all of it is sent.
    let range = request
        .header("range")
        .filter(|_| request.header("if-range").is_none_or(|t| t.trim() == tag));
    let length = reply.body.len() as u64;
    match range.map_or(Part::Whole, |range| part(range, length)) {
        Part::Whole => Response {
            status: 200,
            headers,
            body: reply.body,
        },
        Part::Bytes(start, end) => {
            headers.push(("Content-Range", format!("bytes {start}-{end}/{length}")));
            let body = reply.body[start as usize..=end as usize].to_vec();
            Response {
                status: 206,
                headers,
                body,
            }
        }
        Part::Unsatisfiable => {
            let mut response = Response::text(416, "The range is outside the file.");
            response
                .headers
                .push(("Content-Range", format!("bytes */{length}")));
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn request(headers: &str) -> Request {
        let text = format!("GET /a.css HTTP/1.1\r\n{headers}\r\n");
        let mut buffer = text.into_bytes();
        super::super::server::parse_for_tests(&mut buffer)
    }

    fn file() -> Reply {
        Reply {
            status: 200,
            content_type: Cow::Borrowed("text/css; charset=utf-8"),
            body: b"0123456789".to_vec(),
            location: None,
        }
    }

    fn header<'a>(response: &'a Response, name: &str) -> Option<&'a str> {
        let mut found = response.headers.iter().filter(|(n, _)| *n == name);
        found.next().map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_matching_tag_gets_304_and_another_gets_the_file() {
        let first = respond(file(), &request(""));
        let tag = header(&first, "ETag").unwrap().to_string();
        assert_eq!(
            (first.status, header(&first, "Accept-Ranges")),
            (200, Some("bytes"))
        );
        let again = respond(
            file(),
            &request(&format!("If-None-Match: \"x\", W/{tag}\r\n")),
        );
        assert_eq!((again.status, again.body.len()), (304, 0));
        assert_eq!(header(&again, "ETag"), Some(tag.as_str()));
        assert_eq!(
            respond(file(), &request("If-None-Match: *\r\n")).status,
            304
        );
        assert_eq!(
            respond(file(), &request("If-None-Match: \"old\"\r\n")).status,
            200
        );
    }

    #[test]
    fn ranges_get_206_or_416_or_the_whole_file() {
        let part = |range: &str| {
            let response = respond(file(), &request(&format!("Range: {range}\r\n")));
            let content_range = header(&response, "Content-Range").map(str::to_string);
            (
                response.status,
                content_range,
                String::from_utf8(response.body).unwrap(),
            )
        };
        let bytes = |from: &str, body: &str| (206, Some(from.to_string()), body.to_string());
        assert_eq!(part("bytes=2-4"), bytes("bytes 2-4/10", "234"));
        assert_eq!(part("bytes=7-"), bytes("bytes 7-9/10", "789"));
        assert_eq!(part("bytes=-3"), bytes("bytes 7-9/10", "789"));
        assert_eq!(part("bytes=5-100"), bytes("bytes 5-9/10", "56789"));
        assert_eq!(part("bytes=10-").0, 416);
        assert_eq!(part("bytes=10-").1.as_deref(), Some("bytes */10"));
        assert_eq!(
            part("bytes=0-1,4-5").0,
            200,
            "several ranges: the whole file"
        );
        assert_eq!(part("lines=1-2").0, 200, "another unit: the whole file");
        let stale = respond(
            file(),
            &request("Range: bytes=0-1\r\nIf-Range: \"old\"\r\n"),
        );
        assert_eq!(stale.status, 200, "If-Range with another tag");
    }

    #[test]
    fn errors_and_redirects_are_never_stored() {
        let moved = Reply {
            status: 301,
            location: Some("/a/".into()),
            ..file()
        };
        let response = respond(moved, &request("Range: bytes=0-1\r\n"));
        assert_eq!(response.status, 301);
        assert_eq!(header(&response, "Location"), Some("/a/"));
        assert_eq!(header(&response, "Cache-Control"), Some("no-store"));
        assert_eq!(header(&response, "ETag"), None);
    }
}
