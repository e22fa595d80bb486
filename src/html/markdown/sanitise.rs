//! The ammonia allow-lists rendered Markdown goes through when it holds raw HTML from the
//! report: block and inline tags (the lists of `text::raw_html`, which has already made
//! every other tag text), classes this renderer writes, web URL schemes, and the
//! site-relative links the renderer itself approved.

use super::links::scheme_of;
use crate::text::raw_html::{BLOCK_TAGS, INLINE_TAGS};
use std::collections::{HashMap, HashSet};

/// The sanitisers of rendered Markdown: block, inline, and inline with links removed.
#[derive(Clone, Copy)]
pub(super) enum Sanitizer {
    Block,
    Inline,
    InlineNoLinks,
}

thread_local! {
    /// The internal link targets the Markdown being sanitised on this thread produced
    /// ([`super::links::open_link`]), which the sanitiser keeps.
    static APPROVED: std::cell::RefCell<HashSet<String>> = Default::default();
}

/// Sanitises `html`, keeping links to `approved` targets. The three sanitisers are built
/// once (building one costs as much as cleaning a page's worth of HTML).
pub(super) fn sanitize(kind: Sanitizer, approved: HashSet<String>, html: &str) -> String {
    static BUILDERS: std::sync::OnceLock<[ammonia::Builder<'static>; 3]> =
        std::sync::OnceLock::new();
    let builders = BUILDERS.get_or_init(|| {
        let mut no_links = sanitizer(true);
        no_links.rm_tags(["a"]);
        [sanitizer(false), sanitizer(true), no_links]
    });
    APPROVED.with(|a| *a.borrow_mut() = approved);
    let clean = builders[kind as usize].clean(html).to_string();
    APPROVED.with(|a| a.borrow_mut().clear());
    clean
}

fn sanitizer(inline: bool) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::empty();
    let mut tags: HashSet<&'static str> = INLINE_TAGS.iter().copied().collect();
    if !inline {
        tags.extend(BLOCK_TAGS.iter().copied());
    }
    b.tags(tags);
    b.clean_content_tags(
        [
            "script", "style", "iframe", "noscript", "textarea", "object", "template", "svg",
            "math", "select", "button",
        ]
        .into_iter()
        .collect(),
    );
    let mut attrs: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    attrs.insert("a", ["href", "title", "rel"].into_iter().collect());
    attrs.insert("abbr", ["title"].into_iter().collect());
    attrs.insert("td", ["colspan", "rowspan"].into_iter().collect());
    attrs.insert("th", ["colspan", "rowspan"].into_iter().collect());
    attrs.insert("ol", ["start"].into_iter().collect());
    b.tag_attributes(attrs);
    let mut classes: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    classes.insert(
        "span",
        ["link-text", "task", "task-done"].into_iter().collect(),
    );
    classes.insert("a", ["image-link", "code-ref"].into_iter().collect());
    classes.insert("div", ["table-wrap"].into_iter().collect());
    // Column alignment (`tables`).
    classes.insert("td", ["al-l", "al-c", "al-r"].into_iter().collect());
    classes.insert("th", ["al-l", "al-c", "al-r"].into_iter().collect());
    b.allowed_classes(classes);
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b.url_relative(ammonia::UrlRelative::PassThrough);
    b.link_rel(None);
    b.strip_comments(true);
    b.attribute_filter(move |element, attribute, value| {
        if element == "a" && attribute == "href" {
            let v = value.trim();
            // Ammonia has checked the schemes of what it parses as a URL; anything else
            // that looks like it has a scheme (`javascript :x`) is dropped here too.
            let web = matches!(scheme_of(v).as_deref(), Some("http" | "https" | "mailto"))
                && !v.contains(char::is_whitespace);
            if web || APPROVED.with(|a| a.borrow().contains(v)) {
                return Some(value.into());
            }
            if v.starts_with('#') && v.len() > 1 && !v.contains(char::is_whitespace) {
                return Some(value.into());
            }
            // A relative link from raw HTML in the report: it would be broken on the site.
            return None;
        }
        if element == "a" && attribute == "rel" {
            return Some("nofollow noopener".into());
        }
        Some(value.into())
    });
    b
}
