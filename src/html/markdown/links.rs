//! Links and images in report Markdown: what a link's destination becomes (an external
//! link, a link inside this site, or plain text) and the tags that open and close it.

use super::ctx::Ctx;
use crate::html::escape::escape;
use crate::text::url_path::encode_url_path;
use std::collections::HashSet;

/// What a link in the report becomes.
pub(super) enum LinkTarget {
    /// An external http(s)/mailto URL.
    External(String),
    /// A same-page fragment or a page of this site (already made relative to the page).
    Internal(String),
    /// Anything else: the link text is kept as plain text.
    Text,
}

/// Whether `url` has a URL scheme, and which (lower case). Control characters and
/// whitespace, which browsers ignore inside schemes, are removed first.
pub(super) fn scheme_of(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    if first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        Some(scheme.to_ascii_lowercase())
    } else {
        None
    }
}

pub(super) fn classify_link(dest: &str, ctx: &Ctx<'_>) -> LinkTarget {
    let dest = dest.trim();
    if dest.is_empty() {
        return LinkTarget::Text;
    }
    if let Some(scheme) = scheme_of(dest) {
        return match scheme.as_str() {
            "http" | "https" | "mailto" if !dest.contains(char::is_whitespace) => {
                LinkTarget::External(dest.to_string())
            }
            _ => LinkTarget::Text,
        };
    }
    if dest.chars().any(|c| c.is_control()) {
        return LinkTarget::Text;
    }
    if let Some(frag) = dest.strip_prefix('#') {
        if frag.is_empty() {
            return LinkTarget::Text;
        }
        return LinkTarget::Internal(dest.to_string());
    }
    if dest.starts_with(['/', '\\', '~']) {
        // A path on the reviewer's machine (`/Users/...`) or a site-absolute path we cannot
        // resolve under a sub-path.
        return LinkTarget::Text;
    }
    // A relative link: only links to another review of this archive survive.
    let (path, frag) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    // A link may spell the file name percent-encoded (`2026%20review.md`) or as written.
    let name = percent_decode(name);
    let stem = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".html"));
    if let (Some(stem), Some(known)) = (stem, ctx.known_reviews) {
        if known.contains(stem) {
            let frag = if frag.len() > 1 { frag } else { "" };
            // The page is written as `<stem>.html`, stem unchanged: the link encodes it.
            return LinkTarget::Internal(format!(
                "{}{}{}",
                ctx.root,
                encode_url_path(&format!("{stem}.html")),
                frag
            ));
        }
    }
    LinkTarget::Text
}

/// `%XX` escapes decoded (invalid UTF-8 replaced); a malformed escape stays as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(v).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The opening tag for a link: `(true, span)` when it stays text, else `(false, <a>)`.
/// Internal targets are recorded in `approved` so the sanitiser keeps them.
pub(super) fn open_link(target: LinkTarget, approved: &mut HashSet<String>) -> (bool, String) {
    match target {
        LinkTarget::External(url) => (
            false,
            format!("<a href=\"{}\" rel=\"nofollow noopener\">", escape(&url)),
        ),
        LinkTarget::Internal(url) => {
            let html = format!("<a href=\"{}\">", escape(&url));
            approved.insert(url);
            (false, html)
        }
        LinkTarget::Text => (true, "<span class=\"link-text\">".to_string()),
    }
}

/// The closing tag matching [`open_link`] (`None`: an unbalanced end, closed as text).
pub(super) fn close_link(span: Option<bool>) -> &'static str {
    if span.unwrap_or(true) {
        "</span>"
    } else {
        "</a>"
    }
}
