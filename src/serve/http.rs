//! The HTTP side of `serve`: answers GET and HEAD from the site published in memory.
//!
//! A request path is resolved against the site's base path and percent-decoded, then looked
//! up in the map of rendered files; nothing is ever read from disk, so no path can reach a
//! file outside the site. Paths with `.` or `..` segments, empty segments (`//etc/passwd`),
//! backslashes or NUL bytes are refused (404) before the lookup. Directories answer with
//! their `index.html`, `/dir` redirects to `/dir/`, and a missing file gets the site's own
//! `404.html` with status 404. HTML responses carry the live-reload script
//! ([`super::live`]); while the last rebuild failed, HTML responses are the error page.

use super::live::{self, Hub, EVENTS_PATH, RESERVED, SCRIPT_PATH};
use super::wire::{Body, Request, Response};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The files `serve` answers with, replaced as a whole after each rebuild.
#[derive(Debug, Default)]
pub struct Published {
    /// Site-relative path -> content (shared: publishing a rebuild copies no file).
    pub files: HashMap<Arc<str>, Arc<[u8]>>,
    /// The base path the site is served under (`/`, `/reviews/`).
    pub base_path: String,
    /// Identifies this build; pages loaded from another build reload.
    pub build: String,
    /// Why the last rebuild failed (plain text, escaped when shown), if it did.
    pub error: Option<String>,
}

/// Changes to publish after a rebuild.
#[derive(Debug, Default)]
pub struct Update {
    /// Forget every file first (a site loaded from scratch).
    pub replace_all: bool,
    pub written: Vec<(String, Arc<[u8]>)>,
    pub removed: Vec<String>,
    pub base_path: String,
    pub build: String,
    pub error: Option<String>,
}

impl Update {
    pub fn apply(self, site: &mut Published) {
        if self.replace_all {
            site.files.clear();
        }
        for p in &self.removed {
            site.files.remove(p.as_str());
        }
        for (p, bytes) in self.written {
            site.files.insert(p.into(), bytes);
        }
        site.base_path = self.base_path;
        site.build = self.build;
        site.error = self.error;
    }
}

/// What the request threads share with the builder.
pub struct Shared {
    published: RwLock<Published>,
    pub hub: Hub,
    /// Only `Host: localhost`/`127.0.0.1`/`[::1]` are answered (the server listens on a
    /// loopback address): a web page elsewhere cannot read the preview by pointing one of
    /// its own host names at 127.0.0.1 (DNS rebinding).
    pub loopback_only: bool,
}

impl Shared {
    pub fn new(published: Published, hub: Hub, loopback_only: bool) -> Shared {
        Shared {
            published: RwLock::new(published),
            hub,
            loopback_only,
        }
    }

    /// The site as last published (held briefly: the builder waits to publish).
    fn current(&self) -> std::sync::RwLockReadGuard<'_, Published> {
        self.published.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Publishes a rebuild: only the files that changed are touched.
    pub fn apply(&self, update: Update) {
        update.apply(&mut self.published.write().unwrap_or_else(|e| e.into_inner()));
    }
}

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
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        )
        || mime.suffix() == Some(mime_guess::mime::XML);
    if textual {
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
    // answer after releasing it.
    let answer = {
        let site = shared.current();
        match route(&rq.target, &site.base_path, |p| site.files.contains_key(p)) {
            Route::Events => Answer::Events,
            Route::Script => Answer::Script,
            Route::Redirect(to) => Answer::Redirect(to),
            Route::File(path) => {
                let kind = content_type(&path);
                let bytes = &site.files[path.as_str()];
                if kind.starts_with("text/html") {
                    Answer::Page(200, Some(bytes.clone()), Frame::of(&site))
                } else {
                    Answer::File(kind, bytes.clone())
                }
            }
            Route::NotFound => match site.files.get("404.html") {
                Some(nf) => Answer::Page(404, Some(nf.clone()), Frame::of(&site)),
                None if site.error.is_some() => Answer::Page(404, None, Frame::of(&site)),
                None => Answer::NotFound,
            },
        }
    };
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
        Answer::File(kind, bytes) => Response::new(200, &kind, Body::Shared(bytes)),
        Answer::Page(status, body, frame) => {
            let (status, body) = frame.page(status, body.as_deref().unwrap_or_default());
            Response::new(status, "text/html; charset=utf-8", Body::Owned(body))
        }
        Answer::NotFound => Response::text(404, "404 Not Found\n"),
    };
    Reply::Response(response)
}

/// What to answer, decided while the published site is locked.
enum Answer {
    Events,
    Script,
    Redirect(String),
    File(String, Arc<[u8]>),
    /// An HTML page (status, body), made into the answer by [`Frame::page`].
    Page(u16, Option<Arc<[u8]>>, Frame),
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
    fn page(&self, status: u16, body: &[u8]) -> (u16, Vec<u8>) {
        match &self.error {
            Some(error) => (
                500,
                live::error_page(error, &self.base_path, &self.build).into_bytes(),
            ),
            None => (status, live::inject(body, &self.base_path, &self.build)),
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
