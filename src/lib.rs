//! reviewsite: a static-site generator for archives of multi-agent code reviews.
//!
//! The crate is one pipeline, and data flows one way through it:
//!
//! 1. [`config`]: read and validate `book.toml` once.
//! 2. [`content`]: walk the content folder; each report with its sidecar and front matter.
//! 3. [`parse`]: turn one report's Markdown into the typed [`model::Review`].
//! 4. [`enrich`]: merge sidecar values, attach resolutions to findings; [`excerpts`]:
//!    attach the cited lines of the reviewed repository (from a local checkout); `shape`:
//!    whether a parsed file is a review report at all, or a document to skip.
//! 5. [`aggregate`]: site-wide views (index, repos, PR threads) from compact summaries.
//! 6. [`render`]: Tera templates (the embedded [`theme`] or the site's overrides) turn views
//!    into pages; [`markdown`] and [`highlight`] turn report text into safe HTML.
//! 7. [`output`]: write into a staging folder and swap it in only when the build succeeded.
//!
//! [`build`] runs the stages; the `reviewsite` binary is a thin CLI over it. Beside the
//! pipeline, the commands that use it: [`comment`] (a PR comment for one review) and
//! [`init`] (set up an archive for GitHub Pages and the reviewsite GitHub Action).

pub mod agent_stats;
pub mod agents;
pub mod aggregate;
pub mod anchors;
pub mod build;
pub mod coderef;
pub mod comment;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod enrich;
pub mod excerpts;
pub mod extract;
pub mod fingerprint;
pub mod highlight;
pub mod init;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod output;
pub mod parse;
pub mod preview;
pub mod render;
pub mod serve;
pub(crate) mod shape;
pub mod sidecar;
pub mod site;
pub mod theme;
pub mod timing;
