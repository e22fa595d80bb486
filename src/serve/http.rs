//! The HTTP side of `serve`: answers GET and HEAD from the site published in memory.
//!
//! A request path is resolved against the site's base path and percent-decoded, then looked
//! up in the map of rendered files ([`super::published`]); the only files read from disk
//! are those the engine copied (a report's `.md`, the static folder: [`super::store`]),
//! by the path it recorded, so no request path can reach a file outside the site. Paths with `.` or `..` segments, empty segments (`//etc/passwd`),
//! backslashes or NUL bytes are refused (404) before the lookup. Directories answer with
//! their `index.html`, `/dir` redirects to `/dir/`, and a missing file gets the site's own
//! `404.html` with status 404. HTML responses carry the live-reload script
//! ([`super::live`]); while the last rebuild failed, HTML responses are the error page.
//! Text is answered gzip-encoded to a client that accepts it, as it is kept
//! ([`super::store`]), with `Vary: Accept-Encoding`. A request made while the site is
//! loading, or for a file its first render has not written yet, waits for it
//! ([`Shared::wait`]).

use super::live::{self, EVENTS_PATH, RESERVED, SCRIPT_PATH};
use super::published::{Published, Shared, Stage};
use super::store::{is_textual, Stored};
use super::wire::{Body, Request, Response};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::cell::RefCell;

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by its site-relative path.
    File(String),
    /// Redirect to this absolute path (`/dir` -> `/dir/`; `/` -> the base path).
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    Script,
    NotFound,
}

/// What a browser percent-encodes in a URL path (the WHATWG path set; non-ASCII always).
const PATH_SET: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Resolves the request target `target` (as sent: `/reviews/a%20b.html?x`) against the
/// site served under `base` (`/reviews/`, `/révisions/`: compared as a browser sends it,
/// `/r%C3%A9visions/`); `exists` says whether the site has a file.
pub fn route(target: &str, base: &str, exists: impl Fn(&str) -> bool) -> Route {
    let wire_base = utf8_percent_encode(base, PATH_SET).to_string();
    let base = wire_base.as_str();
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Route::NotFound;
    }
    let Some(rest) = path.strip_prefix(base) else {
        // `/reviews` -> `/reviews/`, and `/` -> `/reviews/`.
        if path == "/" || format!("{path}/") == base {
            return Route::Redirect(base.to_string());
        }
        return Route::NotFound;
    };
    if rest == EVENTS_PATH {
        return Route::Events;
    }
    if rest == SCRIPT_PATH {
        return Route::Script;
    }
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else {
        return Route::NotFound;
    };
    if decoded.contains(['\\', '\0']) || decoded.starts_with(RESERVED) {
        return Route::NotFound;
    }
    let is_dir = decoded.is_empty() || decoded.ends_with('/');
    let trimmed = decoded.strip_suffix('/').unwrap_or(&decoded);
    if !trimmed.is_empty()
        && trimmed
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Route::NotFound;
    }
    if is_dir {
        let key = format!("{decoded}index.html");
        return if exists(&key) {
            Route::File(key)
        } else {
            Route::NotFound
        };
    }
    if exists(&decoded) {
        return Route::File(decoded.into_owned());
    }
    if exists(&format!("{decoded}/index.html")) {
        let encoded = crate::text::url_path::encode_url_path(&decoded);
        return Route::Redirect(format!("{base}{encoded}/"));
    }
    Route::NotFound
}

/// The `Content-Type` of a site file: by extension, UTF-8 for text.
pub(crate) fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if is_textual(path) {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// Whether the `Host` header names this machine's loopback interface.
fn loopback_host(rq: &Request) -> bool {
    let Some(host) = rq.host.as_deref().map(str::to_ascii_lowercase) else {
        return true; // HTTP/1.0 without Host: a local tool
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    matches!(name, "localhost" | "127.0.0.1" | "::1") || name.ends_with(".localhost")
}

/// How a request is answered.
#[derive(Debug)]
pub(crate) enum Reply {
    Response(Response),
    /// The connection becomes a live-reload event stream ([`Hub::attach`]).
    Events,
}

/// Answers one request.
pub(crate) fn handle(rq: &Request, shared: &Shared) -> Reply {
    if !matches!(rq.method.as_str(), "GET" | "HEAD") {
        let r = Response::text(405, "405 Method Not Allowed\n").with("Allow", "GET, HEAD");
        return Reply::Response(r);
    }
    if shared.loopback_only && !loopback_host(rq) {
        return Reply::Response(Response::text(
            403,
            "403 Forbidden: this preview answers only to localhost and 127.0.0.1\n",
        ));
    }
    // Decide under the lock (briefly: only `Arc`s and short strings are taken); make the
    // answer after releasing it. Wait while the file may still be rendered.
    let answer = shared.wait(|site| decide(rq, site));
    let response = match answer {
        Answer::Events if rq.is_head() => {
            Response::new(200, live::EVENTS_TYPE, Body::Owned(Vec::new()))
        }
        Answer::Events => return Reply::Events,
        Answer::Script => Response::new(
            200,
            &content_type("x.js"),
            Body::Owned(live::SCRIPT.as_bytes().to_vec()),
        ),
        Answer::Redirect(to) => {
            Response::new(302, "text/plain; charset=utf-8", Body::Owned(Vec::new()))
                .with("Location", &to)
        }
        Answer::File(kind, stored) => file(200, &kind, &stored, b"", rq.gzip),
        Answer::Page(status, stored, frame) => frame.page(status, stored.as_ref(), rq.gzip),
        Answer::NotFound => Response::text(404, "404 Not Found\n"),
    };
    Reply::Response(response)
}

/// What to answer from the site as published: `Err` with the paths the request would
/// take while it cannot be answered yet (the site is loading, or its first render has
/// not written the file).
fn decide(rq: &Request, site: &Published) -> Result<Answer, Vec<String>> {
    if site.stage == Stage::Loading {
        return Err(Vec::new());
    }
    let asked = RefCell::new(Vec::new());
    let routed = route(&rq.target, &site.base_path, |p| {
        asked.borrow_mut().push(p.to_string());
        site.files.contains_key(p)
    });
    Ok(match routed {
        Route::Events => Answer::Events,
        Route::Script => Answer::Script,
        Route::Redirect(to) => Answer::Redirect(to),
        Route::File(path) => {
            let stored = site.files[path.as_str()].clone();
            if stored.is_page() {
                Answer::Page(200, Some(stored), Frame::of(site))
            } else {
                Answer::File(content_type(&path), stored)
            }
        }
        // Not rendered yet, unless the site is shown as an error page (then it never is).
        Route::NotFound if site.stage == Stage::Rendering && site.error.is_none() => {
            return Err(asked.into_inner())
        }
        Route::NotFound => match site.files.get("404.html") {
            Some(nf) => Answer::Page(404, Some(nf.clone()), Frame::of(site)),
            None if site.error.is_some() => Answer::Page(404, None, Frame::of(site)),
            None => Answer::NotFound,
        },
    })
}

/// The answer with a stored file, `insert` spliced into a page: gzip-encoded when the
/// client accepts it and the file is kept compressed. A copy on disk that cannot be read
/// (a report deleted since) is missing.
fn file(status: u16, kind: &str, stored: &Stored, insert: &[u8], gzip: bool) -> Response {
    if let Stored::Plain(bytes) = stored {
        return Response::new(status, kind, Body::Shared(bytes.clone()));
    }
    match stored.content(insert, gzip) {
        Ok(content) => {
            let compressible = matches!(stored, Stored::Packed(_));
            let r = Response::new(status, kind, Body::Owned(content.bytes));
            let r = match content.gzip {
                true => r.with("Content-Encoding", "gzip"),
                false => r,
            };
            match compressible {
                true => r.with("Vary", "Accept-Encoding"),
                false => r,
            }
        }
        Err(_) if matches!(stored, Stored::Disk(_)) => Response::text(404, "404 Not Found\n"),
        Err(e) => Response::text(500, &format!("500: {e:#}\n")),
    }
}

/// What to answer, decided while the published site is locked.
enum Answer {
    Events,
    Script,
    Redirect(String),
    File(String, Stored),
    /// An HTML page (status, file), made into the answer by [`Frame::page`].
    Page(u16, Option<Stored>, Frame),
    NotFound,
}

/// What a page's answer takes from the published site besides its bytes.
struct Frame {
    base_path: String,
    build: String,
    error: Option<String>,
}

impl Frame {
    fn of(site: &Published) -> Frame {
        Frame {
            base_path: site.base_path.clone(),
            build: site.build.clone(),
            error: site.error.clone(),
        }
    }

    /// An HTML page with the live-reload script; the error page instead while the last
    /// rebuild failed.
    fn page(&self, status: u16, stored: Option<&Stored>, gzip: bool) -> Response {
        const HTML: &str = "text/html; charset=utf-8";
        match (&self.error, stored) {
            (None, Some(stored)) => {
                let tag = live::tag(&self.base_path, &self.build);
                file(status, HTML, stored, tag.as_bytes(), gzip)
            }
            (error, _) => {
                let error = error.as_deref().unwrap_or("the site has no page here");
                let body = live::error_page(error, &self.base_path, &self.build);
                Response::new(500, HTML, Body::Owned(body.into_bytes()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site<'a>(files: &'a [&'a str]) -> impl Fn(&str) -> bool + 'a {
        move |p| files.contains(&p)
    }

    #[test]
    fn resolves_files_directories_and_redirects() {
        let files = [
            "index.html",
            "a b.html",
            "repos/o/r/index.html",
            "style.css",
        ];
        let has = site(&files);
        assert_eq!(route("/", "/", &has), Route::File("index.html".into()));
        assert_eq!(route("/?x=1", "/", &has), Route::File("index.html".into()));
        assert_eq!(
            route("/a%20b.html#I3", "/", &has),
            Route::File("a b.html".into())
        );
        assert_eq!(
            route("/repos/o/r/", "/", &has),
            Route::File("repos/o/r/index.html".into())
        );
        assert_eq!(
            route("/repos/o/r", "/", &has),
            Route::Redirect("/repos/o/r/".into())
        );
        assert_eq!(route("/repos/o/", "/", &has), Route::NotFound);
        assert_eq!(route("/nope.html", "/", &has), Route::NotFound);
    }

    #[test]
    fn honours_the_base_path() {
        let files = ["index.html", "style.css"];
        let has = site(&files);
        assert_eq!(
            route("/", "/reviews/", &has),
            Route::Redirect("/reviews/".into())
        );
        assert_eq!(
            route("/reviews", "/reviews/", &has),
            Route::Redirect("/reviews/".into())
        );
        assert_eq!(
            route("/reviews/style.css", "/reviews/", &has),
            Route::File("style.css".into())
        );
        assert_eq!(route("/style.css", "/reviews/", &has), Route::NotFound);
        assert_eq!(
            route("/reviews/__reviewsite/events", "/reviews/", &has),
            Route::Events
        );
    }

    #[test]
    fn a_base_path_outside_ascii_is_matched_as_browsers_send_it() {
        let files = ["index.html", "style.css"];
        let has = site(&files);
        assert_eq!(
            route("/", "/révisions/", &has),
            Route::Redirect("/r%C3%A9visions/".into())
        );
        assert_eq!(
            route("/r%C3%A9visions/style.css", "/révisions/", &has),
            Route::File("style.css".into())
        );
        assert_eq!(
            route("/r%C3%A9visions/", "/révisions/", &has),
            Route::File("index.html".into())
        );
        // Whatever a redirect says, its header can be sent.
        let r = Response::text(302, "").with("Location", "/révisions/\u{7}");
        assert_eq!(r.header("Location"), Some("/r%C3%A9visions/%07"));
    }

    #[test]
    fn refuses_every_way_out() {
        let files = ["index.html", "etc/passwd", "Cargo.toml"];
        let has = site(&files);
        for probe in [
            "/../Cargo.toml",
            "/..%2fCargo.toml",
            "/..%2f..%2fetc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2FCargo.toml",
            "/./Cargo.toml",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/..\\Cargo.toml",
            "/..%5cCargo.toml",
            "/etc//passwd",
            "/etc/passwd%00.html",
            "/%ff.html",
            "http://example.com/index.html",
            "*",
            "/__reviewsite/../index.html",
        ] {
            assert_eq!(route(probe, "/", &has), Route::NotFound, "{probe}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("search.js"), "text/javascript; charset=utf-8");
        assert_eq!(
            content_type("reviews.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("feed.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("x.md"), "text/markdown; charset=utf-8");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
