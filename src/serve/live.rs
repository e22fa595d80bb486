//! Live reload: the script `serve` adds to every HTML page it answers with (never to the
//! files `build` writes), the Server-Sent Events stream that tells open pages a rebuild
//! finished, and the error page shown while the site cannot be built.
//!
//! Each build has an id. A page carries the id of the build it came from; the script opens
//! `<base>__reviewsite/events`, whose first event is the current build's id, and reloads
//! the page as soon as an event names another build. So a page reloads after a rebuild,
//! after a rebuild it missed while reconnecting, and after the server restarted.
//!
//! Event-stream connections are held by one thread of their own ([`Hub`]), never by the
//! request workers, so any number of open pages cannot starve the server.

use crate::html::escape::escape;
use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;
use tiny_http::Request;

/// Reserved for serve's own endpoints, under the base path: no file of the site is served
/// from there.
pub(crate) const RESERVED: &str = "__reviewsite/";
/// The event stream, under the base path.
pub(crate) const EVENTS_PATH: &str = "__reviewsite/events";
/// The live-reload script ([`SCRIPT`]), under the base path.
pub(crate) const SCRIPT_PATH: &str = "__reviewsite/live-reload.js";

/// Served at `<base>__reviewsite/live-reload.js`. An external script (not inline), so a
/// theme's Content-Security-Policy allowing its own scripts allows it.
pub(crate) const SCRIPT: &str = r#"// reviewsite serve: reloads this page after each rebuild. Not part of the built site.
(function () {
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var build = me.getAttribute("data-build");
  var events = new EventSource(me.src.replace(/live-reload\.js(\?.*)?$/, "events"));
  events.addEventListener("build", function (e) {
    if (e.data !== build) {
      events.close();
      location.reload();
    }
  });
})();
"#;

/// The tag that loads [`SCRIPT`] into a page of build `build`.
fn tag(base_path: &str, build: &str) -> String {
    format!(
        "<script src=\"{}{}\" data-build=\"{}\"></script>\n",
        escape(base_path),
        SCRIPT_PATH,
        escape(build)
    )
}

/// `page` with the live-reload script before its last `</body>` (or at the end).
pub(crate) fn inject(page: &[u8], base_path: &str, build: &str) -> Vec<u8> {
    let tag = tag(base_path, build);
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// The page shown instead of the site while it cannot be built: the error (naming the
/// file and line), escaped, and the live-reload script, so the page recovers by itself on
/// the next good save.
pub(crate) fn error_page(error: &str, base_path: &str, build: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Build failed · reviewsite serve</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}\
         h1{{color:#b3261e}}pre{{white-space:pre-wrap;background:#fbeaea;border:1px solid #e6b8b7;\
         border-radius:6px;padding:1rem;overflow:auto}}</style></head>\n\
         <body><h1>The site could not be built</h1>\n\
         <pre id=\"reviewsite-error\">{}</pre>\n\
         <p>The server is still running. Fix the file and save it: this page reloads by \
         itself.</p>\n{}</body></html>\n",
        escape(error.trim_end()),
        tag(base_path, build)
    )
}

enum HubMsg {
    Attach(Box<dyn Write + Send>),
    Build(String),
    Close,
}

/// The open event streams, held and written by one thread.
pub struct Hub {
    tx: Sender<HubMsg>,
}

/// How many pages may listen at once; more get 503 (their script retries).
const MAX_CLIENTS: usize = 256;
/// A comment line sent this often finds connections that are gone.
const PING: Duration = Duration::from_secs(15);

impl Hub {
    /// Starts the thread that holds the event streams.
    pub fn start() -> Hub {
        let (tx, rx) = mpsc::channel::<HubMsg>();
        std::thread::Builder::new()
            .name("live-reload".into())
            .spawn(move || {
                let mut clients: Vec<Box<dyn Write + Send>> = Vec::new();
                let mut current = String::new();
                loop {
                    let message = match rx.recv_timeout(PING) {
                        Ok(m) => Some(m),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => break,
                    };
                    match message {
                        Some(HubMsg::Attach(mut w)) => {
                            if clients.len() >= MAX_CLIENTS {
                                let _ = w.write_all(
                                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                                );
                                continue;
                            }
                            let head = format!(
                                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                                 Cache-Control: no-store\r\nConnection: close\r\n\r\n\
                                 retry: 500\n\nevent: build\ndata: {current}\n\n"
                            );
                            if send(&mut w, &head).is_ok() {
                                clients.push(w);
                            }
                        }
                        Some(HubMsg::Build(id)) => {
                            current = id;
                            let event = format!("event: build\ndata: {current}\n\n");
                            clients.retain_mut(|w| send(w, &event).is_ok());
                        }
                        Some(HubMsg::Close) => break,
                        None => clients.retain_mut(|w| send(w, ": ping\n\n").is_ok()),
                    }
                }
            })
            .expect("start the live-reload thread");
        Hub { tx }
    }

    /// Takes over the request's connection as an event stream; its first event names the
    /// latest build announced.
    pub(crate) fn attach(&self, rq: Request) {
        if *rq.method() == tiny_http::Method::Head {
            let _ = rq.respond(tiny_http::Response::empty(200));
            return;
        }
        let _ = self.tx.send(HubMsg::Attach(rq.into_writer()));
    }

    /// Tells every open page that build `id` is ready (and names it to pages that connect
    /// later). The first build is announced before the server answers any request.
    pub(crate) fn announce(&self, id: &str) {
        let _ = self.tx.send(HubMsg::Build(id.to_string()));
    }

    /// Closes every stream (the server is stopping).
    pub fn close(&self) {
        let _ = self.tx.send(HubMsg::Close);
    }
}

fn send(w: &mut Box<dyn Write + Send>, s: &str) -> std::io::Result<()> {
    w.write_all(s.as_bytes())?;
    w.flush()
}
