//! `reviewsite serve`: a local preview. It builds the site into memory, serves it over
//! HTTP (on the loopback interface unless told otherwise), watches the site folder, and
//! after each change rebuilds what the change affects and reloads the open pages.
//!
//! It is `build` plus a watcher: the same `Site` pipeline renders the pages, into memory
//! (`Collected`) instead of a staging folder, so `serve` never writes to disk and never
//! touches the output folder. Only the pages it serves carry the live-reload script.
//!
//! Files, in dependency order:
//! - `options.rs`: what the user asks;
//! - `say.rs`: what is printed beyond errors, and what `--quiet` leaves out;
//! - `listen.rs`: the port, and the URL the site is served at;
//! - `live.rs`: the live-reload script and endpoints, event streams and the error page;
//! - `wire.rs`: HTTP/1.1 request heads read (bounded) and responses written;
//! - `http.rs`: request routing, content types, the published site, the answer to a request;
//! - `server.rs`: the connections: accept loop, limits, timeouts, one thread each;
//! - `watch.rs`: what is watched and what a change means;
//! - `builder.rs`: the site in memory, rebuilt after a change, and what to publish;
//! - `run.rs`: `serve` itself, phase by phase, and the rebuild loop.

mod builder;
pub mod http;
mod listen;
pub mod live;
mod options;
mod run;
mod say;
mod server;
pub mod watch;
mod wire;

pub use options::ServeOptions;
pub use run::serve;
