//! Markdown to an HTML page.

use pulldown_cmark::{html, Event, Options as MdOptions, Parser, Tag, TagEnd};

/// How to render a page.
#[derive(Debug, Default)]
pub struct Options {
    pub title: Option<String>,
    pub safe: bool,
}

/// The Markdown extensions quill enables.
pub fn markdown_options() -> MdOptions {
    MdOptions::ENABLE_TABLES | MdOptions::ENABLE_FOOTNOTES | MdOptions::ENABLE_STRIKETHROUGH
}

/// Renders `text` to a complete HTML page.
pub fn page(text: &str, options: &Options) -> String {
    let events: Vec<Event> = Parser::new_ext(text, markdown_options())
        .filter(|e| !(options.safe && matches!(e, Event::Html(_) | Event::InlineHtml(_))))
        .collect();
    let title = options
        .title
        .clone()
        .or_else(|| first_heading(&events))
        .unwrap_or_else(|| "Untitled".to_string());
    let mut body = String::new();
    html::push_html(&mut body, events.into_iter());
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n{body}</body></html>\n",
        escape(&title)
    )
}

/// The text of the first heading, if any.
fn first_heading(events: &[Event]) -> Option<String> {
    let start = events
        .iter()
        .position(|e| matches!(e, Event::Start(Tag::Heading { .. })))?;
    let mut text = String::new();
    for e in &events[start + 1..] {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::End(TagEnd::Heading(_)) => break,
            _ => {}
        }
    }
    Some(text)
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark::escape::escape_html(&mut out, s).expect("writing to a String");
    out
}
