//! Raw HTML in report Markdown: which of it is markup, and which is prose that only looks
//! like a tag. Reports write placeholders and generic types in running text
//! (`limactl start <instance>`, `Promise<string>`, `<your-token>`) that CommonMark reads
//! as HTML tags and a sanitiser would drop, losing the words.
//!
//! The rule, in one place for the renderer, plain text and search: a tag whose name is on
//! the allow-list below (the tags the renderer's sanitiser keeps or unwraps: `<br>`,
//! `<details>`, `<sub>`, `<table>`...) is markup, and so is a comment (which the sanitiser
//! removes). Every other "tag" is text, shown as written: a placeholder, an unknown
//! element, and also `<script>` or `<img onerror=...>`, which are then escaped, visible and
//! inert. No raw tag that is not on the list ever reaches the HTML.

use pulldown_cmark::{CowStr, Event};
use std::borrow::Cow;

/// Inline tags the renderer keeps (their attributes go through the sanitiser).
pub(crate) const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "u", "var",
];

/// Block tags the renderer keeps in blocks (and unwraps in inline text).
pub(crate) const BLOCK_TAGS: &[&str] = &[
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Whether `name` (any case) is a tag on the allow-list.
fn is_markup_tag(name: &str) -> bool {
    INLINE_TAGS
        .iter()
        .chain(BLOCK_TAGS)
        .any(|t| t.eq_ignore_ascii_case(name))
}

/// Whether raw HTML that starts at the beginning of `html` is markup: a comment, or an
/// opening or closing tag on the allow-list (`<br>`, `</sub>`, `<a href=...>`). A tag
/// not on it (`<instance>`, `<string>`, `<script>`), a declaration or a processing
/// instruction is text.
pub(crate) fn is_markup(html: &str) -> bool {
    let h = html.trim_start();
    if h.starts_with("<!--") {
        return true;
    }
    let Some(rest) = h.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(end);
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && (after.is_empty()
            || after.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>'))
        && is_markup_tag(name)
}

/// A raw HTML block's text with every `<` that does not open markup ([`is_markup`])
/// written `&lt;`, so that what follows it is text; comments are left whole.
pub(crate) fn escape_non_markup(html: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut done = 0;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            // A comment: skip to where a browser ends it (to the end of this text when it
            // goes on past it).
            i = at + comment_len(rest);
            continue;
        }
        if !is_markup(rest) {
            out.push_str(&html[done..at]);
            out.push_str("&lt;");
            done = at + 1;
        }
        i = at + 1;
    }
    if done == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[done..]);
    Cow::Owned(out)
}

/// The length of the comment `text` starts with (`<!--`), ended as HTML parsers end it:
/// `<!-->`, `<!--->`, then the first `-->` or `--!>`; all of `text` when none does.
fn comment_len(text: &str) -> usize {
    let body = &text[4..];
    if body.starts_with('>') {
        return 5;
    }
    if body.starts_with("->") {
        return 6;
    }
    let end = |pat: &str| body.find(pat).map(|e| 4 + e + pat.len());
    match (end("-->"), end("--!>")) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(text.len()),
    }
}

/// A parser event with prose that looks like a tag made text: an inline tag that is not
/// markup becomes a text event (which writers escape); a raw HTML block keeps only its
/// markup as HTML. Other events are returned as they are.
pub(crate) fn prose_tags_as_text(ev: Event<'_>) -> Event<'_> {
    match ev {
        Event::InlineHtml(h) if !is_markup(&h) => Event::Text(h),
        // A tag or comment of markup: what may follow it in the same event (after a
        // comment a browser ends early) is escaped too.
        Event::InlineHtml(h) => match escape_non_markup(&h) {
            Cow::Borrowed(_) => Event::InlineHtml(h),
            Cow::Owned(s) => Event::InlineHtml(CowStr::from(s)),
        },
        Event::Html(h) => match escape_non_markup(&h) {
            Cow::Borrowed(_) => Event::Html(h),
            Cow::Owned(s) => Event::Html(CowStr::from(s)),
        },
        ev => ev,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_listed_tags_and_comments_are_markup() {
        for h in [
            "<br>",
            "<BR/>",
            "<br />",
            "</sub>",
            "<a href=\"https://e.com\">",
            "<details>",
            "<!-- note -->",
            "<b\nclass=x>",
        ] {
            assert!(is_markup(h), "{h}");
        }
    }

    #[test]
    fn placeholders_and_unknown_or_active_tags_are_text() {
        for h in [
            "<instance>",
            "<string>",
            "<your-token>",
            "</string>",
            "<K>",
            "<script>",
            "<img src=x onerror=alert(1)>",
            "<iframe src=x>",
            "<bar-baz>",
            "<?php echo 1 ?>",
            "<!DOCTYPE html>",
            "<![CDATA[x]]>",
            "<brx>",
            "<b-x>",
        ] {
            assert!(!is_markup(h), "{h}");
        }
    }

    #[test]
    fn html_blocks_keep_markup_and_escape_the_rest() {
        assert_eq!(escape_non_markup("<details>"), "<details>");
        assert!(matches!(escape_non_markup("<p>a</p>"), Cow::Borrowed(_)));
        assert_eq!(escape_non_markup("<instance>\n"), "&lt;instance>\n");
        assert_eq!(
            escape_non_markup("<div><script>x</script> <b>y</b></div>"),
            "<div>&lt;script>x&lt;/script> <b>y</b></div>"
        );
        // A comment is left whole, tags inside it too.
        assert_eq!(
            escape_non_markup("<!-- <instance> --><x>"),
            "<!-- <instance> -->&lt;x>"
        );
        assert_eq!(escape_non_markup("<!-- open <x>"), "<!-- open <x>");
        // Where a browser ends a comment, not where it seems to end.
        assert_eq!(escape_non_markup("<!--><x>"), "<!-->&lt;x>");
        assert_eq!(escape_non_markup("<!---><x>"), "<!--->&lt;x>");
        assert_eq!(
            escape_non_markup("<!-- a --!><x> -->"),
            "<!-- a --!>&lt;x> -->"
        );
    }
}
