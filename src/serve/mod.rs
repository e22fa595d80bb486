//! `reviewsite serve`: a local preview. It builds the site into memory, serves it over
//! HTTP (on the loopback interface unless told otherwise), watches the site folder, and
//! after each change rebuilds what the change affects and reloads the open pages.
//!
//! It is `build` plus a watcher: the same `Site` pipeline renders the pages, kept
//! compressed (`store.rs`: in a temporary file, as the packed reviews are) instead of in a
//! staging folder, so `serve` never writes a site to disk and never touches the output
//! folder. Only the pages it serves carry the live-reload
//! script. It listens at once, and answers while it loads and renders the site the first
//! time: a request waits for its page, which is rendered next (`published.rs`).
//!
//! Files, in dependency order:
//! - `options.rs`: what the user asks;
//! - `say.rs`: what is printed beyond errors, and what `--quiet` leaves out;
//! - `listen.rs`: the port, and the URL the site is served at;
//! - `live.rs`: the live-reload script and endpoints, event streams and the error page;
//! - `wire.rs`: HTTP/1.1 request heads read (bounded) and responses written;
//! - `chunks.rs`: text cut into chunks by content and deflated chunk by chunk, so a file
//!   written again is compressed again only where it changed; the chunks are put away in
//!   a temporary file and read back for an answer;
//! - `store.rs`: the files as kept: text compressed, copies as their paths;
//! - `published.rs`: the published site, how far its first render has gone, and requests
//!   waiting for a file not rendered yet;
//! - `http.rs`: request routing, content types, the answer to a request;
//! - `server.rs`: the connections: accept loop, limits, timeouts, one thread each;
//! - `watch.rs`: what is watched and what a change means;
//! - `builder.rs`: the site in memory, rebuilt after a change, and what to publish;
//! - `run.rs`: `serve` itself, phase by phase, and the rebuild loop.

mod builder;
mod chunks;
pub mod http;
mod listen;
pub mod live;
mod options;
mod published;
mod run;
mod say;
mod server;
mod store;
pub mod watch;
mod wire;

pub use options::ServeOptions;
pub use run::serve;
