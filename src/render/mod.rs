//! Rendering: builds plain serialisable views from the model and the aggregate, and runs
//! them through Tera templates into pages written to the output.
//!
//! The renderer boundary: templates never see the model. Every page gets a view struct
//! (a plain `Serialize` struct built here from [`crate::model`] and [`crate::aggregate`]),
//! and templates only format it. The views' string fields are plain text (escaped by Tera's
//! autoescape) except the `*_html` fields, which come from [`crate::html::markdown`] (sanitised)
//! and are the only ones templates mark `| safe`.
//!
//! Every link is relative (each page knows its `root` prefix: `""`, `"../../../"`), so the
//! site works under any sub-path and from `file://`. The only exceptions are `404.html`,
//! which is served at any depth and so uses `config.base_path`, and `sitemap.xml`, whose
//! URLs start from `base_url` (absolute when it is).
//!
//! This file only declares the parts; one file per job:
//! - `renderer.rs`: the driver, `Renderer` (the compiled theme writing any subset of the
//!   pages) and [`render_site`] (all of them); `context.rs`: what every page of a build
//!   shares (`SiteContext`); `templates.rs`: the Tera setup and a view into bytes;
//! - `urls.rs`: relative links and percent-encoding;
//! - `common.rs`: the page frame (site, breadcrumbs) and small helpers every page shares;
//! - `pills.rs`: agent pills and verdict badges;
//! - `rows.rs`: the one-line review rows of the index and repo tables;
//! - `lineage.rs`: the findings of each PR thread linked across its rounds; `flow.rs`: a
//!   thread's lineage as the pages show it; `flow_pack.rs`: kept packed between pages;
//! - `index.rs`, `repo.rs`, `thread.rs`, `review/`: one page view each; `flow_table.rs`:
//!   the thread page's findings × rounds table;
//! - `agents/`: the agent leaderboard and family pages; `charts/`: their inline SVG charts;
//! - `sitemap.rs`: `sitemap.xml`; `favicon.rs`: `favicon.ico`, drawn;
//! - `feed.rs`: `feed.xml` (Atom); `export.rs`: `reviews.json`; `threads_export.rs`:
//!   `threads.json` (findings across the rounds of each PR thread); `json_stream.rs`: the
//!   two JSON files written a record at a time.

mod agents;
mod charts;
mod common;
mod context;
pub mod export;
mod favicon;
pub mod feed;
mod flow_table;
mod index;
mod flow;
mod flow_pack;
mod json_stream;
mod lineage;
mod pills;
mod renderer;
mod repo;
mod review;
mod rows;
mod sitemap;
mod templates;
mod thread;
pub(crate) mod threads_export;
mod urls;

pub(crate) use agents::ReviewSource;
pub(crate) use context::SiteContext;
pub(crate) use lineage::Linked as StoredThread;
pub use renderer::{render_site, Rendered};
pub(crate) use renderer::{review_page_failures, Renderer, RESERVED_PAGES};
pub(crate) use sitemap::sitemap_xml;
pub(crate) use thread::{key_findings, key_findings_fingerprint, KeyFindings};
