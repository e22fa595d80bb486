//! Report Markdown to safe HTML: pulldown-cmark with GFM tables, build-time highlighting of
//! fenced code (see [`crate::html::highlight`]), unique heading anchors with self-links, and raw
//! HTML passed through a sanitiser (tags off its allow-list, such as `<instance>` or
//! `<script>`, are text before that: `crate::text::raw_html`). Everything a report says is
//! untrusted.
//!
//! How it stays safe: the Markdown is rendered to HTML with links, images and task markers
//! rewritten in the event stream; the whole HTML then goes through an [`ammonia`] allow-list
//! (no scripts, event handlers, styles, iframes, forms, images; URLs only http(s), mailto,
//! fragments and the site-relative links this module itself produced). The only HTML that
//! bypasses the sanitiser is what this module generates from escaped text (highlighted code
//! and heading tags with their ids); it is spliced in after sanitising through placeholders
//! that carry a per-render random nonce, so no report text can forge one.
//!
//! The files, one job each: `block` (a block of report Markdown, with `headings` and
//! `tables`), `inline` (titles, cells and labels), `links` (what a
//! link becomes), `code_refs` (links to the reviewed code), `design` (scope tags and agent
//! pills in design observations), `sanitise` (the allow-lists), `placeholders` (generated
//! HTML past the sanitiser), `ctx` (the options of one render).

mod block;
mod code_refs;
mod ctx;
mod design;
mod headings;
mod inline;
mod links;
mod placeholders;
mod sanitise;
mod tables;

pub use crate::text::plain::plain_text;
pub(crate) use block::render_block;
pub(crate) use ctx::{code_key, Ctx};
pub(crate) use inline::{
    render_inline, render_inline_in, render_inline_nolinks, render_inline_with_code_links,
};
