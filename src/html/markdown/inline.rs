//! Inline Markdown (a title, a table cell, a label) to safe HTML without a wrapping `<p>`:
//! block structure is flattened to text, links kept or turned to text, then sanitised when
//! the text holds raw HTML.

use super::code_refs::{link_code_refs, push_code_span};
use super::ctx::Ctx;
use super::links::{classify_link, close_link, open_link, LinkTarget};
use super::sanitise::{sanitize, Sanitizer};
use crate::model::SourceLinks;
use crate::text::anchors::Anchors;
use crate::text::dialect::options;
use crate::text::raw_html::prose_tags_as_text;
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// Renders inline Markdown (a title, a table cell) to HTML without a wrapping `<p>`.
/// Links are kept (external ones marked `nofollow`); relative ones become text.
pub(crate) fn render_inline(md: &str) -> String {
    inline_impl(md, true, "", None, None)
}

/// Like [`render_inline`], for text that will sit inside a link (index titles): every link
/// becomes plain text so no `<a>` nests in another.
pub(crate) fn render_inline_nolinks(md: &str) -> String {
    inline_impl(md, false, "", None, None)
}

/// [`render_inline`] with links to other reviews (`<id>.md`) rewritten relative to `root`.
pub(crate) fn render_inline_in(md: &str, root: &str, known: Option<&HashSet<String>>) -> String {
    inline_impl(md, true, root, known, None)
}

/// [`render_inline_in`] with `path:line` references that `source_links` knows linked to
/// their permalinks, and code spans naming a file it knows to the whole file (a finding's
/// locations as written).
pub(crate) fn render_inline_with_code_links(
    md: &str,
    root: &str,
    known: Option<&HashSet<String>>,
    source_links: Option<&SourceLinks>,
) -> String {
    inline_impl(md, true, root, known, source_links)
}

fn inline_impl(
    md: &str,
    links: bool,
    root: &str,
    known: Option<&HashSet<String>>,
    source_links: Option<&SourceLinks>,
) -> String {
    let mut anchors = Anchors::default();
    let ctx = Ctx {
        anchors: &mut anchors,
        heading_base: None,
        root,
        known_reviews: known,
        design_tags: false,
        source_links: None,
        hidden_code: Vec::new(),
    };
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut approved = HashSet::new();
    let mut link_stack: Vec<bool> = Vec::new();
    let mut blocks = 0usize;
    // As in `render_block`: without raw HTML every tag is ours or the writer's.
    let mut raw_html = false;
    for ev in Parser::new_ext(md, options()).map(prose_tags_as_text) {
        raw_html |= matches!(ev, Event::Html(_) | Event::InlineHtml(_));
        match ev {
            Event::Start(Tag::Paragraph)
            | Event::Start(Tag::Heading { .. })
            | Event::Start(Tag::Item)
            | Event::Start(Tag::TableCell) => {
                if blocks > 0 {
                    out.push(Event::Text(CowStr::from(" ")));
                }
                blocks += 1;
            }
            Event::Start(Tag::List(Some(n))) => {
                // `1. Title` parsed as a list: keep the number as written.
                if blocks > 0 {
                    out.push(Event::Text(CowStr::from(" ")));
                }
                out.push(Event::Text(CowStr::from(format!("{n}."))));
                blocks += 1;
            }
            Event::Start(Tag::CodeBlock(_)) => out.push(Event::Html(CowStr::from("<code>"))),
            Event::End(TagEnd::CodeBlock) => out.push(Event::Html(CowStr::from("</code>"))),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let target = if links && link_stack.is_empty() {
                    classify_link(&dest_url, &ctx)
                } else {
                    LinkTarget::Text
                };
                // A fragment means nothing where inline text lands (titles, cells).
                let target = match target {
                    LinkTarget::Internal(url) if url.starts_with('#') => LinkTarget::Text,
                    t => t,
                };
                let (span, html) = open_link(target, &mut approved);
                link_stack.push(span);
                out.push(Event::Html(CowStr::from(html)));
            }
            Event::End(TagEnd::Link) => {
                out.push(Event::Html(CowStr::from(close_link(link_stack.pop()))));
            }
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::TaskListMarker(done) => out.push(Event::Text(CowStr::from(if done {
                "\u{2611} "
            } else {
                "\u{2610} "
            }))),
            Event::Html(h) => out.push(Event::InlineHtml(h)),
            Event::SoftBreak => out.push(Event::Text(CowStr::from(" "))),
            Event::Text(t) => match source_links.filter(|_| links && link_stack.is_empty()) {
                Some(code_links) => link_code_refs(t, code_links, &mut out),
                None => out.push(Event::Text(t)),
            },
            Event::Code(t) => push_code_span(
                t,
                source_links.filter(|_| links && link_stack.is_empty()),
                true,
                &mut out,
            ),
            Event::InlineHtml(h) => out.push(Event::InlineHtml(h)),
            Event::HardBreak => out.push(Event::HardBreak),
            Event::Start(t @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => {
                out.push(Event::Start(t))
            }
            Event::End(t @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)) => {
                out.push(Event::End(t))
            }
            Event::FootnoteReference(t) => out.push(Event::Text(t)),
            Event::Rule => {}
            _ => {}
        }
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if !raw_html {
        return html.trim().to_string();
    }
    let kind = if links {
        Sanitizer::Inline
    } else {
        Sanitizer::InlineNoLinks
    };
    sanitize(kind, approved, &html).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_get_rel() {
        let h = render_inline("see [PR](https://github.com/o/r/pull/1)");
        assert_eq!(
            h,
            "see <a href=\"https://github.com/o/r/pull/1\" rel=\"nofollow noopener\">PR</a>"
        );
    }

    #[test]
    fn inline_has_no_paragraph_and_keeps_numbers() {
        assert_eq!(
            render_inline("`a` **b**"),
            "<code>a</code> <strong>b</strong>"
        );
        assert_eq!(render_inline("1. first"), "1. first");
        assert_eq!(render_inline("# not a heading"), "not a heading");
        assert_eq!(render_inline("a<br>b"), "a<br>b");
        assert!(!render_inline_nolinks("[x](https://e.com)").contains("<a"));
        assert!(!render_inline("<details>x</details>").contains("details"));
    }
}
