//! URLs: the relative prefix of a page, percent-encoding, links from a page to another.
//!
//! Site-relative URLs come from [`crate::aggregate`]; a page links to one as
//! `<root><url>`, where `root` climbs from the page back to the site root.

/// The file path for a site-relative URL (they are the same, percent-decoding aside: our
/// URLs only hold characters that need no encoding, see [`encode_url_path`]).
pub(super) fn page_path(url: &str) -> String {
    url.to_string()
}

/// Relative prefix from the page at `url` to the site root.
pub(crate) fn root_for(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// `<root><url>`, encoded.
pub(super) fn link(root: &str, url: &str) -> String {
    format!("{root}{}", encode_url_path(url))
}

/// The site-relative URL of a review's Markdown source, published next to its page.
pub(super) fn md_url(id: &str) -> String {
    encode_url_path(&format!("{id}.md"))
}

/// Whether `url` starts with `http://` or `https://` (any case).
pub(super) fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// `url` when it is an http(s) URL, else empty (never a `javascript:` link).
pub(super) fn safe_web_url(url: &str) -> String {
    if is_web_url(url.trim()) {
        url.trim().to_string()
    } else {
        String::new()
    }
}

/// An optional web link: `Some` only for an http(s) URL.
pub(super) fn web_link(url: Option<&str>) -> Option<String> {
    url.map(safe_web_url).filter(|u| !u.is_empty())
}

use crate::text::url_path::encode_url_path;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        assert_eq!(root_for("index.html"), "");
        assert_eq!(root_for("repos/o/r/index.html"), "../../../");
        assert_eq!(root_for("repos/o/r/pr-1/index.html"), "../../../../");
    }
}
