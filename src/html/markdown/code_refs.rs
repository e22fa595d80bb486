//! Source links in report text: `path:line` references and code spans that name a file of
//! the reviewed commit become links to its permalinks (what a reference is, and its URL,
//! come from the `text::coderef` recogniser; code blocks are never linked).

use crate::html::escape::escape;
use crate::model::SourceLinks;
use crate::text::coderef;
use pulldown_cmark::{CowStr, Event};

/// Pushes `text` as text events with every `path:line` reference that `links` knows
/// replaced by a link to its permalink.
pub(super) fn link_code_refs<'e>(text: CowStr<'e>, links: &SourceLinks, out: &mut Vec<Event<'e>>) {
    let mut last = 0;
    for r in coderef::find(&text) {
        let Some(url) = coderef::link(links, r.path, &r.ranges) else {
            continue;
        };
        if r.start > last {
            out.push(Event::Text(CowStr::from(text[last..r.start].to_string())));
        }
        out.push(Event::Html(CowStr::from(code_ref_open(&url))));
        out.push(Event::Text(CowStr::from(text[r.start..r.end].to_string())));
        out.push(Event::Html(CowStr::from("</a>")));
        last = r.end;
    }
    if last == 0 {
        out.push(Event::Text(text));
    } else if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}

/// Pushes a code span, inside a link to its permalink when it is a `path:line`
/// reference that `links` knows, or, with `whole_files` (a finding's locations as
/// written), a path it knows: a location that cites no lines links to the whole file.
pub(super) fn push_code_span<'e>(
    t: CowStr<'e>,
    links: Option<&SourceLinks>,
    whole_files: bool,
    out: &mut Vec<Event<'e>>,
) {
    let url = links.and_then(|links| match coderef::whole(&t) {
        Some(r) => coderef::link(links, r.path, &r.ranges),
        None if whole_files => coderef::link(links, t.trim(), &[]),
        None => None,
    });
    match url {
        Some(url) => {
            out.push(Event::Html(CowStr::from(code_ref_open(&url))));
            out.push(Event::Code(t));
            out.push(Event::Html(CowStr::from("</a>")));
        }
        None => out.push(Event::Code(t)),
    }
}

/// The opening tag of a link to a permalink of the reviewed code.
fn code_ref_open(url: &str) -> String {
    format!(
        "<a class=\"code-ref\" href=\"{}\" rel=\"nofollow noopener\">",
        escape(url)
    )
}
