//! HTTP/1.1 on the wire, as `serve` speaks it: a request head read from what a connection
//! sent (bounded: a head over [`MAX_HEAD`] bytes is refused, never buffered), and a
//! response written in one `write` when it is small.
//!
//! `serve` answers only `GET` and `HEAD` of files it holds in memory, so this is all of
//! HTTP it needs: no request bodies (a request that announces one is answered and its
//! connection closed), no chunked encoding (every body's length is known), no `Expect`,
//! no upgrades.

use percent_encoding::{utf8_percent_encode, CONTROLS};
use std::io::{self, Write};
use std::sync::Arc;

/// The largest request head (request line and headers) read: a browser's is under 2 KB,
/// cookies included. Larger ones are answered 431 and their connection closed.
pub(crate) const MAX_HEAD: usize = 16 * 1024;

/// A body this size or smaller goes out in the same `write` as the head.
const ONE_WRITE: usize = 64 * 1024;

/// What `serve` needs of a request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// As sent: `/reviews/a%20b.html?x`.
    pub(crate) target: String,
    pub(crate) host: Option<String>,
    /// The client keeps the connection for another request: HTTP/1.1 unless it says
    /// `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`.
    pub(crate) keep_alive: bool,
    /// A body follows the head (`Content-Length` over 0, or `Transfer-Encoding`): it is
    /// never read, so the connection is closed after the answer.
    pub(crate) has_body: bool,
    /// The client takes gzip-encoded answers (`Accept-Encoding: gzip`, not `;q=0`).
    pub(crate) gzip: bool,
}

impl Request {
    pub(crate) fn is_head(&self) -> bool {
        self.method == "HEAD"
    }
}

/// What the bytes at the start of a connection's buffer hold.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Head {
    /// A whole request head, and how many bytes of the buffer it took.
    Request(Request, usize),
    /// Not yet a whole head: read more.
    Partial,
    /// Not an HTTP/1.x request head (400).
    Bad,
    /// A request line longer than [`MAX_HEAD`] (414).
    TargetTooLong,
    /// A head longer than [`MAX_HEAD`] (431).
    TooLarge,
}

/// Where the head at the start of `buf` ends (after its empty line), if it does.
fn head_end(buf: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'\n', &buf[from..]) {
        let nl = from + i;
        match buf.get(nl + 1) {
            Some(b'\n') => return Some(nl + 2),
            Some(b'\r') if buf.get(nl + 2) == Some(&b'\n') => return Some(nl + 3),
            _ => from = nl + 1,
        }
    }
    None
}

/// Reads the request head at the start of `buf`.
pub(crate) fn parse(buf: &[u8]) -> Head {
    // Empty lines before a request line are ignored (RFC 9112, 2.2).
    let start = buf
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(buf.len());
    let Some(len) = head_end(&buf[start..]) else {
        return match buf.len() > MAX_HEAD {
            true if !buf[start..].contains(&b'\n') => Head::TargetTooLong,
            true => Head::TooLarge,
            false => Head::Partial,
        };
    };
    if len > MAX_HEAD {
        return Head::TooLarge;
    }
    let mut lines = buf[start..start + len]
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let Some(mut rq) = lines.next().and_then(request_line) else {
        return Head::Bad;
    };
    for line in lines.take_while(|l| !l.is_empty()) {
        // No folded lines (obsolete), no header without a name.
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            return Head::Bad;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.is_empty() || name.iter().any(|b| b.is_ascii_whitespace()) {
            return Head::Bad;
        }
        let value = String::from_utf8_lossy(value.trim_ascii());
        header(&mut rq, name, &value);
    }
    if rq.has_body {
        rq.keep_alive = false;
    }
    Head::Request(rq, start + len)
}

/// `GET /x HTTP/1.1`: the request, with what its version implies.
fn request_line(line: &[u8]) -> Option<Request> {
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let keep_alive = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return None,
    };
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic());
    if parts.next().is_some() || !token(method) || !token(target) {
        return None;
    }
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
        keep_alive,
        has_body: false,
        gzip: false,
    })
}

/// Takes what `serve` needs from one header.
fn header(rq: &mut Request, name: &[u8], value: &str) {
    let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
    if is("host") {
        rq.host.get_or_insert_with(|| value.to_string());
    } else if is("connection") {
        for option in value.split(',').map(str::trim) {
            if option.eq_ignore_ascii_case("close") {
                rq.keep_alive = false;
            } else if option.eq_ignore_ascii_case("keep-alive") {
                rq.keep_alive = true;
            }
        }
    } else if is("content-length") {
        rq.has_body |= value != "0";
    } else if is("transfer-encoding") {
        rq.has_body = true;
    } else if is("accept-encoding") {
        rq.gzip |= accepts_gzip(value);
    }
}

/// Whether an `Accept-Encoding` value accepts gzip: `gzip` (or `x-gzip`, or `*`) listed
/// without `q=0`.
fn accepts_gzip(value: &str) -> bool {
    value.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let named = ["gzip", "x-gzip", "*"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n));
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .or_else(|| p.strip_prefix("Q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        named && !refused
    })
}

/// A response body: a file as published (shared, never copied), or made for this answer.
#[derive(Debug)]
pub(crate) enum Body {
    Shared(Arc<[u8]>),
    Owned(Vec<u8>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b,
            Body::Owned(b) => b,
        }
    }
}

/// A response: status, headers besides those every response carries, body.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
}

impl Response {
    /// A response with a `Content-Type`.
    pub(crate) fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
        .with("Content-Type", content_type)
    }

    /// A plain-text response.
    pub(crate) fn text(status: u16, text: &str) -> Response {
        let body = Body::Owned(text.as_bytes().to_vec());
        Response::new(status, "text/plain; charset=utf-8", body)
    }

    /// With a header; a value with bytes a header cannot carry (non-ASCII, controls) is
    /// sent percent-encoded, so no value can break a response.
    pub(crate) fn with(mut self, name: &'static str, value: &str) -> Response {
        let value = utf8_percent_encode(value, CONTROLS).to_string();
        self.headers.push((name, value));
        self
    }

    /// The value of header `name`, as it is sent.
    #[cfg(test)]
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status line and headers: those given, the body's length (also to `HEAD`:
    /// never chunked), `Cache-Control: no-store`, `nosniff`, and `Connection: close` when
    /// `close`.
    fn head(&self, close: bool) -> Vec<u8> {
        let mut head = Vec::with_capacity(256);
        let _ = write!(head, "HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            let _ = write!(head, "{name}: {value}\r\n");
        }
        let _ = write!(
            head,
            "Content-Length: {}\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\n{}\r\n",
            self.body.bytes().len(),
            if close { "Connection: close\r\n" } else { "" }
        );
        head
    }

    /// Writes the response (its head only when `head_only`): head and a small body in one
    /// `write`, so that no request waits on delayed acknowledgements; a large body after.
    pub(crate) fn write_to(
        &self,
        w: &mut impl Write,
        head_only: bool,
        close: bool,
    ) -> io::Result<()> {
        let mut out = self.head(close);
        let body = if head_only {
            &[][..]
        } else {
            self.body.bytes()
        };
        if body.len() <= ONE_WRITE {
            out.extend_from_slice(body);
            w.write_all(&out)
        } else {
            w.write_all(&out)?;
            w.write_all(body)
        }
    }
}

/// The reason phrase of the statuses `serve` sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_whether_gzip_is_accepted() {
        for (value, want) in [
            ("gzip, deflate, br, zstd", true),
            ("GZIP", true),
            ("br;q=1.0, gzip;q=0.8", true),
            ("x-gzip", true),
            ("*", true),
            ("identity", false),
            ("br", false),
            ("gzip;q=0", false),
            ("gzip; q=0.0, br", false),
            ("", false),
        ] {
            let raw = format!("GET / HTTP/1.1\r\nAccept-Encoding: {value}\r\n\r\n");
            assert_eq!(request(&raw).0.gzip, want, "{value:?}");
        }
    }

    fn request(raw: &str) -> (Request, usize) {
        match parse(raw.as_bytes()) {
            Head::Request(rq, used) => (rq, used),
            other => panic!("{raw:?}: {other:?}"),
        }
    }

    #[test]
    fn reads_request_heads() {
        let raw = "GET /a%20b.html?x HTTP/1.1\r\nHost: localhost:3000\r\nAccept: */*\r\n\r\nGET /";
        let (rq, used) = request(raw);
        assert!(!rq.gzip, "no Accept-Encoding: no gzip");
        assert_eq!(rq.method, "GET");
        assert_eq!(rq.target, "/a%20b.html?x");
        assert_eq!(rq.host.as_deref(), Some("localhost:3000"));
        assert!(rq.keep_alive && !rq.has_body);
        assert_eq!(
            &raw[used..],
            "GET /",
            "a pipelined request stays in the buffer"
        );
        // Bare LF line ends, and empty lines before the request line.
        let raw = "\r\n\nHEAD / HTTP/1.0\nConnection: Keep-Alive\n\n";
        let (rq, used) = request(raw);
        assert!(rq.is_head() && rq.keep_alive);
        assert_eq!(used, raw.len());
        assert!(!request("GET / HTTP/1.0\r\n\r\n").0.keep_alive);
        assert!(
            !request("GET / HTTP/1.1\r\nConnection: x, close\r\n\r\n")
                .0
                .keep_alive
        );
        // A body is never read: the connection closes after the answer.
        let (rq, _) = request("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
        assert!(rq.has_body && !rq.keep_alive);
        assert!(
            !request("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                .0
                .has_body
        );
    }

    #[test]
    fn waits_for_whole_heads_and_refuses_bad_or_huge_ones() {
        assert_eq!(parse(b""), Head::Partial);
        assert_eq!(parse(b"GET / HTTP/1.1\r\nHost: x\r\n"), Head::Partial);
        for bad in [
            "GET / HTTP/2.0\r\n\r\n",
            "GET /\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n\r\n",
            "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
            "G\u{e9}T / HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(parse(bad.as_bytes()), Head::Bad, "{bad:?}");
        }
        let long_line = format!("GET /{} HTTP/1.1", "a".repeat(MAX_HEAD));
        assert_eq!(parse(long_line.as_bytes()), Head::TargetTooLong);
        let many = format!("GET / HTTP/1.1\r\n{}", "X-A: b\r\n".repeat(MAX_HEAD / 8));
        assert_eq!(parse(many.as_bytes()), Head::TooLarge);
        let whole = format!("{many}\r\n");
        assert_eq!(parse(whole.as_bytes()), Head::TooLarge);
        let fits = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X-A: b\r\n".repeat(MAX_HEAD / 8 - 8)
        );
        assert!(matches!(parse(fits.as_bytes()), Head::Request(..)));
    }

    #[test]
    fn writes_a_small_response_in_one_write() {
        struct Writes(Vec<Vec<u8>>);
        impl Write for Writes {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0.push(b.to_vec());
                Ok(b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let r = Response::text(404, "404 Not Found\n").with("Location", "/r\u{e9}v/\u{7}");
        let mut w = Writes(Vec::new());
        r.write_to(&mut w, false, true).unwrap();
        assert_eq!(w.0.len(), 1);
        let sent = String::from_utf8(w.0.concat()).unwrap();
        assert!(sent.starts_with("HTTP/1.1 404 Not Found\r\n"), "{sent}");
        assert!(sent.contains("\r\nLocation: /r%C3%A9v/%07\r\n"), "{sent}");
        assert!(sent.contains("\r\nContent-Length: 14\r\n"), "{sent}");
        assert!(sent.contains("\r\nConnection: close\r\n\r\n404 Not Found\n"));
        // HEAD: the same length, no body.
        let mut w = Writes(Vec::new());
        r.write_to(&mut w, true, false).unwrap();
        let sent = String::from_utf8(w.0.concat()).unwrap();
        assert!(sent.contains("Content-Length: 14\r\n") && sent.ends_with("nosniff\r\n\r\n"));
        // A large body follows its head.
        let big = Response::new(200, "text/plain", Body::Owned(vec![b'x'; ONE_WRITE + 1]));
        let mut w = Writes(Vec::new());
        big.write_to(&mut w, false, false).unwrap();
        assert_eq!(w.0.len(), 2);
        assert_eq!(w.0[1].len(), ONE_WRITE + 1);
    }
}
