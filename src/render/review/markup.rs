//! How a review page renders its Markdown: links relative to the page, links to other
//! reviews resolved against the reviews that have a page, and every heading given an id
//! not yet used on the page (the page's [`Anchors`], claimed in page order).

use crate::html::markdown::{self, Ctx};
use crate::text::anchors::Anchors;
use std::collections::HashSet;

/// The page's Markdown renderer: its root, the known reviews and the ids already taken.
pub(super) struct Markup<'a> {
    /// Relative prefix from the page to the site root.
    pub(super) root: &'a str,
    /// Review ids that have a page.
    pub(super) known: &'a HashSet<String>,
    /// Ids already used on the page.
    pub(super) anchors: Anchors,
}

impl Markup<'_> {
    /// Inline Markdown, its links relative to the page.
    pub(super) fn inline(&self, md: &str) -> String {
        markdown::render_inline_in(md, self.root, Some(self.known))
    }

    /// Block Markdown with its headings shifted to start at `base`; empty for blank text.
    pub(super) fn block(&mut self, md: &str, base: Option<u8>) -> String {
        if md.trim().is_empty() {
            return String::new();
        }
        markdown::render_block(md, &mut self.ctx(base))
    }

    /// A block context with the page's root, known reviews and ids, headings from `base`
    /// (callers set the rest).
    pub(super) fn ctx(&mut self, base: Option<u8>) -> Ctx<'_> {
        let mut ctx = Ctx::new(&mut self.anchors, self.root);
        ctx.known_reviews = Some(self.known);
        ctx.heading_base = base;
        ctx
    }
}
