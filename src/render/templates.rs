//! The Tera side of rendering: the theme's templates compiled once, with autoescape and
//! our escape function, and a page view rendered through its template into bytes (a
//! per-thread buffer kept between pages, so big review pages do not regrow one each time).
//!
//! A page whose long list grows with the archive has that list in a template of its own,
//! a *part* ([`PARTS`]) that the page includes: the page is rendered without the list
//! through a second compilation of the theme where each part is a marker, and the part is
//! then rendered a few items at a time in the marker's place ([`render_in_parts`]), so the
//! whole list is never one Tera context. A page template that does not include the part
//! (a theme's own) is rendered whole, as before.

use crate::html::escape::escape;
use crate::theme::Theme;
use serde::Serialize;

/// The templates that render a page's long list a few items at a time.
pub(super) const PARTS: &[&str] = &["thread_flow_rows.html", "agent_runs.html"];

/// What the frame of a page has where its part `part` goes.
fn marker(part: &str) -> String {
    format!("\u{0}reviewsite part {part}\u{0}")
}

/// Compiles the theme's templates. Autoescape covers `.html`, `.htm` and `.xml`. With
/// `frames`, each of the [`PARTS`] is its marker instead (the pages' frames).
pub(super) fn build_tera(theme: &Theme, frames: bool) -> anyhow::Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    let markers: Vec<(&str, String)> = PARTS.iter().map(|p| (*p, marker(p))).collect();
    tera.add_raw_templates(theme.templates.iter().map(|(n, s)| {
        match markers.iter().find(|(p, _)| frames && p == n) {
            Some((_, m)) => (n.as_str(), m.as_str()),
            None => (n.as_str(), s.as_str()),
        }
    }))
    .map_err(|e| anyhow::anyhow!("theme templates: {}", tera_error(&e)))?;
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    // Escapes `& < > " '` (Tera's default also escapes `/`, which makes URLs unreadable).
    tera.set_escape_fn(escape);
    Ok(tera)
}

fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// Renders template `name` with `page` into `buf` (appended).
pub(super) fn render_page_into<T: Serialize>(
    tera: &tera::Tera,
    name: &str,
    page: &T,
    buf: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let ctx = tera::Context::from_serialize(page)
        .map_err(|e| anyhow::anyhow!("{name}: {}", tera_error(&e)))?;
    tera.render_to(name, &ctx, buf)
        .map_err(|e| anyhow::anyhow!("{name}: {}", tera_error(&e)))
}

thread_local! {
    /// A page's bytes while they are rendered and written, kept for the next page this
    /// thread renders: a review page is 100–300 KB, and growing a new buffer to that size
    /// for every page cost reallocations and fresh memory.
    static PAGE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Calls `f` with this thread's page buffer, empty. (A page rendered inside `f` on the
/// same thread gets a buffer of its own.)
pub(super) fn with_page_buffer<R>(f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let mut buf = PAGE_BUFFER.with(|b| b.take());
    buf.clear();
    let result = f(&mut buf);
    PAGE_BUFFER.with(|b| {
        if b.borrow().capacity() < buf.capacity() {
            b.replace(buf);
        }
    });
    result
}

/// Renders template `name` with `page` into a string.
pub(super) fn render_page<T: Serialize>(
    tera: &tera::Tera,
    name: &str,
    page: &T,
) -> anyhow::Result<String> {
    let mut buf = Vec::new();
    render_page_into(tera, name, page, &mut buf)?;
    String::from_utf8(buf).map_err(|e| anyhow::anyhow!("{name}: the page is not UTF-8: {e}"))
}

/// Renders template `name` into `buf` with `frame` (the page without its long list) and
/// the part `part` rendered in its place once per context of `chunks` (the page's context
/// with a few items of the list each), taken as they are written. `Ok(false)`, and nothing
/// written to `buf`, when the page does not include the part exactly once: the caller
/// renders it whole.
pub(super) fn render_in_parts(
    tera: &tera::Tera,
    frames: &tera::Tera,
    name: &str,
    frame: &tera::Context,
    part: &str,
    chunks: impl Iterator<Item = anyhow::Result<tera::Context>>,
    buf: &mut dyn std::io::Write,
) -> anyhow::Result<bool> {
    let err = |e: tera::Error| anyhow::anyhow!("{name}: {}", tera_error(&e));
    let mut outer = Vec::new();
    frames.render_to(name, frame, &mut outer).map_err(err)?;
    let m = marker(part);
    let found: Vec<usize> = memchr::memmem::find_iter(&outer, m.as_bytes()).collect();
    let [at] = found[..] else {
        return Ok(false);
    };
    buf.write_all(&outer[..at])?;
    for ctx in chunks {
        tera.render_to(part, &ctx?, &mut *buf).map_err(err)?;
    }
    buf.write_all(&outer[at + m.len()..])?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PART: &str = "thread_flow_rows.html";

    fn teras(page: &str) -> (tera::Tera, tera::Tera) {
        let theme = Theme {
            templates: vec![
                ("page.html".into(), page.into()),
                (PART.into(), "{% for x in xs %}<{{ x }}>{% endfor %}".into()),
            ],
            ..Theme::default()
        };
        (
            build_tera(&theme, false).unwrap(),
            build_tera(&theme, true).unwrap(),
        )
    }

    fn ctx(title: &str, xs: &[u32]) -> tera::Context {
        let mut c = tera::Context::new();
        c.insert("title", title);
        c.insert("xs", xs);
        c
    }

    fn in_parts(page: &str, xs: &[u32]) -> (bool, Vec<u8>) {
        let (tera, frames) = teras(page);
        let chunks = xs.chunks(3).map(|c| Ok(ctx("", c)));
        let mut buf = Vec::new();
        let done = render_in_parts(
            &tera,
            &frames,
            "page.html",
            &ctx("a<b", &[]),
            PART,
            chunks,
            &mut buf,
        )
        .unwrap();
        (done, buf)
    }

    #[test]
    fn a_page_rendered_in_parts_is_the_page_rendered_whole() {
        let page = "head {{ title }} {% include \"thread_flow_rows.html\" %} tail";
        let xs: Vec<u32> = (1..=8).collect();
        let (tera, _) = teras(page);
        let mut whole = Vec::new();
        tera.render_to("page.html", &ctx("a<b", &xs), &mut whole)
            .unwrap();
        let (done, parts) = in_parts(page, &xs);
        assert!(done);
        assert_eq!(
            String::from_utf8(parts).unwrap(),
            String::from_utf8(whole).unwrap()
        );
        assert_eq!(
            String::from_utf8(in_parts(page, &xs).1).unwrap(),
            "head a&lt;b <1><2><3><4><5><6><7><8> tail"
        );
    }

    #[test]
    fn a_page_without_its_part_once_is_left_to_render_whole() {
        for page in [
            "{% for x in xs %}<{{ x }}>{% endfor %}",
            "{% include \"thread_flow_rows.html\" %}{% include \"thread_flow_rows.html\" %}",
        ] {
            let (done, buf) = in_parts(page, &[1, 2, 3, 4]);
            assert!(!done, "{page}");
            assert!(buf.is_empty(), "{page}");
        }
    }
}
