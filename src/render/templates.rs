//! The Tera side of rendering: the theme's templates compiled once, with autoescape and
//! our escape function, and a page view rendered through its template into bytes (a
//! per-thread buffer kept between pages, so big review pages do not regrow one each time).

use crate::html::escape::escape;
use crate::theme::Theme;
use serde::Serialize;

/// Compiles the theme's templates. Autoescape covers `.html`, `.htm` and `.xml`.
pub(super) fn build_tera(theme: &Theme) -> anyhow::Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str())),
    )
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
    buf: &mut Vec<u8>,
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
