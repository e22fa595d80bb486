//! A table of contents built from the headings of a document.
//!
//! Headings are collected from the same event stream the body is rendered
//! from, so `--toc` costs one pass over the events and no second parse.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

/// One heading of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub slug: String,
}

/// The anchor of a heading: lower case, spaces as dashes, at most 64 bytes.
pub fn slugify(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .collect();
    let mut slug = text.to_lowercase().replace(' ', "-");
    if slug.len() > 64 {
        slug = slug[..64].to_string();
    }
    slug
}

/// The headings of `events` down to `depth` (1 = only `#`), in order.
pub fn collect(events: &[Event], depth: u8) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut current: Option<(u8, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level_number(*level), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = current.take() {
                    if level <= depth {
                        let slug = slugify(&text);
                        headings.push(Heading { level, text, slug });
                    }
                }
            }
            _ => {}
        }
    }
    headings
}

/// The table of contents as a `<nav>` with one list item per heading.
pub fn render_toc(headings: &[Heading]) -> String {
    let mut out = String::from("<nav class=\"toc\">\n<ul>\n");
    for h in headings {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>\n",
            h.slug, h.text
        ));
    }
    out.push_str("</ul>\n</nav>\n");
    out
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Whether a document needs a table of contents at all.
pub fn wanted(headings: &[Heading]) -> bool {
    !headings.is_empty()
}
