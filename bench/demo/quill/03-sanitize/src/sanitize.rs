//! Cleaning rendered HTML for `--safe`.
//!
//! `--safe` used to drop raw HTML events before rendering. Streaming needs
//! to clean what it has rendered instead, one fragment at a time, so the
//! allow-list lives here and both paths share it.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The tags a document may keep under `--safe`.
const ALLOWED_TAGS: &[&str] = &[
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
];

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.tags(ALLOWED_TAGS.iter().copied().collect::<HashSet<_>>());
        b.url_schemes(["http", "https", "mailto"].into_iter().collect());
        b.link_rel(Some("nofollow noopener"));
        b
    })
}

/// Cleans one fragment of rendered HTML. Each call sees only its own
/// fragment: an element split between two fragments is cleaned as two
/// pieces of text.
pub fn sanitize_fragment(html: &str) -> String {
    cleaner().clean(html).to_string()
}

/// Cleans a whole rendered document.
pub fn sanitize_document(html: &str) -> String {
    sanitize_fragment(html)
}
