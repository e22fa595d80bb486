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
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

/// Reserved for serve's own endpoints, under the base path: no file of the site is served
/// from there.
pub(crate) const RESERVED: &str = "__reviewsite/";
/// The event stream, under the base path.
pub(crate) const EVENTS_PATH: &str = "__reviewsite/events";
/// The content type of the event stream.
pub(crate) const EVENTS_TYPE: &str = "text/event-stream; charset=utf-8";
/// The live-reload script ([`SCRIPT`]), under the base path.
pub(crate) const SCRIPT_PATH: &str = "__reviewsite/live-reload.js";

/// Served at `<base>__reviewsite/live-reload.js`. An external script (not inline), so a
/// theme's Content-Security-Policy allowing its own scripts allows it.
pub(crate) const SCRIPT: &str = r#"// reviewsite serve: reloads this page after each rebuild. Not part of the built site.
(function () {
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var build = me.getAttribute("data-build");
  var url = me.src.replace(/live-reload\.js(\?.*)?$/, "events");
  function listen() {
    var events = new EventSource(url);
    events.addEventListener("build", function (e) {
      if (e.data !== build) {
        events.close();
        location.reload();
      }
    });
    // A server that holds as many pages as it can answers 503, which ends an event
    // stream for good: try again later.
    events.onerror = function () {
      if (events.readyState === EventSource.CLOSED) {
        setTimeout(listen, 5000 + Math.random() * 5000);
      }
    };
  }
  listen();
})();
"#;

/// The tag that loads [`SCRIPT`] into a page of build `build`.
pub(crate) fn tag(base_path: &str, build: &str) -> String {
    format!(
        "<script src=\"{}{}\" data-build=\"{}\"></script>\n",
        escape(base_path),
        SCRIPT_PATH,
        escape(build)
    )
}

/// `page` with the live-reload script before its last `</body>` (or at the end). (Pages
/// are kept compressed with a place for it, in `store.rs`.)
#[cfg(test)]
pub(crate) fn inject(page: &[u8], base_path: &str, build: &str) -> Vec<u8> {
    let tag = tag(base_path, build);
    let at = script_at(page);
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// Where the live-reload script goes in `page`: before its last `</body>`, or at the end.
pub(crate) fn script_at(page: &[u8]) -> usize {
    last_body_end(page).unwrap_or(page.len())
}

/// Where the last `</body>` (in any case) of `text` starts, if it has one.
pub(crate) fn last_body_end(text: &[u8]) -> Option<usize> {
    text.windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
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
    Attach(TcpStream),
    Build(String),
    Close,
}

/// The open event streams, held and written by one thread.
pub struct Hub {
    tx: Sender<HubMsg>,
}

/// A comment line sent this often finds connections that are gone.
const PING: Duration = Duration::from_secs(15);

/// The answer to a page that asks for a stream when `max` streams are open.
const BUSY: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
    Content-Length: 33\r\nRetry-After: 5\r\nConnection: close\r\n\r\n\
    503: too many pages are listening";

impl Hub {
    /// Starts the thread that holds the event streams, at most `max` at once: more get
    /// 503 (their script tries again a few seconds later).
    pub fn start(max: usize) -> Hub {
        let (tx, rx) = mpsc::channel::<HubMsg>();
        std::thread::Builder::new()
            .name("live-reload".into())
            .spawn(move || hold(&rx, max))
            .expect("start the live-reload thread");
        Hub { tx }
    }

    /// Takes over a connection as an event stream (its request read and nothing
    /// answered yet); its first event names the latest build announced.
    pub(crate) fn attach(&self, stream: TcpStream) {
        let _ = self.tx.send(HubMsg::Attach(stream));
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

/// The hub's thread: holds the streams and writes the events until [`Hub::close`].
fn hold(rx: &mpsc::Receiver<HubMsg>, max: usize) {
    let mut clients: Vec<TcpStream> = Vec::new();
    let mut current = String::new();
    loop {
        let message = match rx.recv_timeout(PING) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        match message {
            Some(HubMsg::Attach(mut stream)) => {
                // Never blocked by a page that stops reading: see `send`.
                let _ = stream.set_nonblocking(true);
                if clients.len() >= max {
                    // Pages closed since the last event make room.
                    clients.retain_mut(|w| !closed(w));
                }
                if clients.len() >= max {
                    let _ = stream.write(BUSY);
                    let _ = stream.shutdown(Shutdown::Write);
                    continue;
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {EVENTS_TYPE}\r\n\
                     Cache-Control: no-store\r\nConnection: close\r\n\r\n\
                     retry: 500\n\nevent: build\ndata: {current}\n\n"
                );
                if send(&mut stream, &head) {
                    clients.push(stream);
                }
            }
            Some(HubMsg::Build(id)) => {
                current = id;
                let event = format!("event: build\ndata: {current}\n\n");
                clients.retain_mut(|w| send(w, &event));
            }
            Some(HubMsg::Close) => break,
            None => clients.retain_mut(|w| send(w, ": ping\n\n")),
        }
    }
}

/// Whether the page at the other end closed its stream (a page sends nothing after its
/// request: anything to read is the end, or an error).
fn closed(w: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    !matches!(w.read(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
}

/// Writes `s` to a stream without waiting: a page whose socket cannot take these few
/// bytes now has stopped reading (or is gone), and is dropped; a live one reconnects.
fn send(w: &mut TcpStream, s: &str) -> bool {
    matches!(w.write(s.as_bytes()), Ok(n) if n == s.len())
}
