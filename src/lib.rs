//! reviewsite: a static-site generator for archives of multi-agent code reviews.
//!
//! The crate is one pipeline, and data flows one way through it. The modules below are
//! listed from the bottom layer up: a module uses only modules listed above it (and its
//! own files, which import one another without a cycle). `tests/testsuite/layers.rs`
//! reads this list and every `crate::` and `super::` path in `src/`, and fails when one
//! reaches up.
//!
//! ```text
//! layer            module        job
//! ───────────────  ────────────  ───────────────────────────────────────────────────────
//! model            model         the plain data a report becomes
//!                  diagnostics   problems with file and line; the one `--strict` rule
//!                  timing        phase timings (REVIEWSITE_TIMINGS)
//!                  memory        giving freed memory back to the system
//! input            config        book.toml read and validated once into `Config`
//! leaf helpers     text          the Markdown dialect and plain text, agent names, durations
//!                                (read and shown), slugs, URL paths, code references,
//!                                fingerprints, values packed small: no HTML, no I/O
//!                  html          escaping, highlighting, report Markdown to safe HTML
//! I/O edges        output        the staging folder, its swap, the sink pages go to
//!                  content       the content folder walked: reports, sidecars, front matter
//!                  theme         the embedded theme and the site's overrides
//! stages           parse         one report's Markdown to a `model::Review`; never fails
//!                  enrich        sidecar, merge, code excerpts, report or not
//!                  aggregate     compact summaries, the site index, the stable ids of a
//!                                review page, agent statistics
//!                  search        the search index
//!                  render        typed views through Tera templates into pages
//! engine           site          load, per-report pipeline, refresh, plan, render; build, check
//! commands         serve         the dev server: build in memory, watch, reload
//!                  preview       one report rendered alone
//!                  extract       the sidecar JSON a parsed report implies
//!                  comment       the PR comment for one review
//!                  init          set up an archive for GitHub Pages and the Action
//! ```
//!
//! The `reviewsite` binary (`src/main.rs`, `src/cmd/`) is a thin CLI over the commands:
//! arguments, printing, exit codes.

pub mod model;
pub mod diagnostics;
pub(crate) mod timing;
pub(crate) mod memory;
pub mod config;
pub mod text;
pub mod html;
pub mod output;
pub mod content;
pub(crate) mod theme;
pub mod parse;
pub mod enrich;
pub mod aggregate;
pub mod search;
pub mod render;
pub mod site;
pub mod serve;
pub mod preview;
pub mod extract;
pub mod comment;
pub mod init;
