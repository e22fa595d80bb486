//! Report Markdown to safe HTML: pulldown-cmark with GFM tables, build-time highlighting of
//! fenced code (see [`crate::html::highlight`]), unique heading anchors with self-links, and raw
//! HTML passed through a sanitiser. Everything a report says is untrusted.
//!
//! How it stays safe: the Markdown is rendered to HTML with links, images and task markers
//! rewritten in the event stream; the whole HTML then goes through an [`ammonia`] allow-list
//! (no scripts, event handlers, styles, iframes, forms, images; URLs only http(s), mailto,
//! fragments and the site-relative links this module itself produced). The only HTML that
//! bypasses the sanitiser is what this module generates from escaped text (highlighted code
//! and heading tags with their ids); it is spliced in after sanitising through placeholders
//! that carry a per-render random nonce, so no report text can forge one.

use super::escape::escape;
use super::highlight;
use crate::text::dialect::{options, OverflowScan};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

use crate::model::SourceLinks;
use crate::text::anchors::{slugify, Anchors};
use crate::text::coderef;

/// Options and page-wide state for rendering one block of report Markdown.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// Ids already used on the page; headings get fresh ones from here.
    pub anchors: &'a mut Anchors,
    /// When set, headings are shifted so the block's smallest level becomes this level
    /// (capped at 6): an agent's verbatim `# Findings` inside the appendix becomes an H4.
    pub heading_base: Option<u8>,
    /// Relative prefix from the page to the site root (`""`, `"../../"`).
    pub root: &'a str,
    /// Review ids that have a page, for rewriting links to `<id>.md` into `<id>.html`.
    pub known_reviews: Option<&'a HashSet<String>>,
    /// Design-observation markup: `(in-scope)` / `(future)` become small scope tags and a
    /// bracketed list of agents (`[Claude Opus 4.6, Gemini 3.1 Pro]`) becomes agent pills.
    pub design_tags: bool,
    /// The review's reviewed commit and files: `path:line` references in text and code
    /// spans (never in code blocks) that name a known file become permalinks.
    pub source_links: Option<&'a SourceLinks>,
    /// Fenced code blocks to leave out (shown elsewhere, as code excerpts), by their code
    /// as [`code_key`] gives it.
    pub hidden_code: Vec<String>,
}

impl<'a> Ctx<'a> {
    pub fn new(anchors: &'a mut Anchors, root: &'a str) -> Self {
        Ctx {
            anchors,
            heading_base: None,
            root,
            known_reviews: None,
            design_tags: false,
            source_links: None,
            hidden_code: Vec::new(),
        }
    }
}

/// The key by which [`Ctx::hidden_code`] names a code block: its non-blank lines without
/// surrounding spaces (the indentation of a block inside a list item does not matter).
pub fn code_key(code: &str) -> String {
    code.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Pushes `text` as text events with every `path:line` reference that `links` knows
/// replaced by a link to its permalink.
fn link_code_refs<'e>(text: CowStr<'e>, links: &SourceLinks, out: &mut Vec<Event<'e>>) {
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
fn push_code_span<'e>(
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

/// The private-use character placeholders start and end with.
const PH: char = '\u{F8FF}';

/// Generated HTML waiting to be spliced into sanitised output. A placeholder is
/// `PH <nonce> <n> PH`, with a nonce drawn per render: a report cannot spell one, not even
/// through character references (`&#xF8FF;`) that the Markdown parser or the sanitiser
/// decode into the private-use character.
///
/// Output that is not sanitised needs no shield: then [`Placeholders::push`] gives the
/// HTML itself, and there is nothing to splice.
struct Placeholders {
    /// `PH` followed by the nonce: what every placeholder starts with (empty: no shield).
    open: String,
    html: Vec<String>,
}

impl Placeholders {
    /// Placeholders that shield HTML from the sanitiser when `shield`, else none.
    fn new(shield: bool) -> Self {
        use std::hash::BuildHasher;
        let open = if shield {
            let nonce = std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64);
            format!("{PH}{nonce:016x}")
        } else {
            String::new()
        };
        Placeholders {
            open,
            html: Vec::new(),
        }
    }

    /// What to put in the output for `html`: a placeholder, or `html` when unshielded.
    fn push(&mut self, html: String) -> String {
        if self.open.is_empty() {
            return html;
        }
        let n = self.html.len();
        self.html.push(html);
        format!("{}{n}{PH}", self.open)
    }

    /// `clean` with every placeholder replaced by its HTML; any other text is untouched.
    fn splice(&self, clean: String) -> String {
        if self.html.is_empty() {
            return clean;
        }
        let mut out =
            String::with_capacity(clean.len() + self.html.iter().map(|r| r.len()).sum::<usize>());
        let mut rest = clean.as_str();
        while let Some(i) = rest.find(&self.open) {
            out.push_str(&rest[..i]);
            let after = &rest[i + self.open.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let html = after[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.html.get(n))
                .filter(|_| after[digits..].starts_with(PH));
            match html {
                Some(h) => {
                    out.push_str(h);
                    rest = &after[digits + PH.len_utf8()..];
                }
                None => {
                    // Cannot happen (the nonce is ours); keep the text rather than lose it.
                    out.push_str(&self.open);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// What a link in the report becomes.
enum LinkTarget {
    /// An external http(s)/mailto URL.
    External(String),
    /// A same-page fragment or a page of this site (already made relative to the page).
    Internal(String),
    /// Anything else: the link text is kept as plain text.
    Text,
}

/// Whether `url` has a URL scheme, and which (lower case). Control characters and
/// whitespace, which browsers ignore inside schemes, are removed first.
fn scheme_of(url: &str) -> Option<String> {
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

fn classify_link(dest: &str, ctx: &Ctx<'_>) -> LinkTarget {
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
                crate::text::url_path::encode_url_path(&format!("{stem}.html")),
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
fn open_link(target: LinkTarget, approved: &mut HashSet<String>) -> (bool, String) {
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
fn close_link(span: Option<bool>) -> &'static str {
    if span.unwrap_or(true) {
        "</span>"
    } else {
        "</a>"
    }
}

/// `H1` -> 1 ... `H6` -> 6 (the enum's explicit discriminants).
fn heading_num(level: HeadingLevel) -> u8 {
    level as u8
}

/// Whether `md` is one line that Markdown reads as plain text, character for character:
/// letters, digits, spaces and punctuation that starts nothing (no emphasis, code, link,
/// HTML, entity, escape, heading, list, quote, table or break), and not starting with a
/// digit (`1. ` would start a list). Most titles, labels and names are.
fn is_plain_line(md: &str) -> bool {
    !md.starts_with(|c: char| c.is_ascii_digit())
        && md.bytes().all(|b| {
            !b.is_ascii()
                || b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b' ' | b'.'
                        | b','
                        | b':'
                        | b';'
                        | b'\''
                        | b'"'
                        | b'('
                        | b')'
                        | b'/'
                        | b'?'
                        | b'%'
                        | b'@'
                        | b'$'
                )
        })
}

/// Renders a block of report Markdown to safe HTML.
pub fn render_block(md: &str, ctx: &mut Ctx<'_>) -> String {
    // One parse gives the events and the table rows with more cells than their header.
    let mut overflow = OverflowScan::default();
    let parsed: Vec<Event<'_>> = merge_text(
        Parser::new_ext(md, options())
            .into_offset_iter()
            .inspect(|(ev, range)| overflow.event(md, ev, range))
            .map(|(ev, _)| ev),
    );
    let overflow = overflow.finish();
    // Raw HTML from the report must go through the sanitiser. Without it, every tag in the
    // output is one this function or pulldown-cmark's writer made: text is escaped, link
    // and image URLs were checked by `classify_link`, table alignment (a `style`
    // attribute) is dropped below, so the sanitiser would change nothing but spelling.
    let raw_html = parsed
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let min_level = parsed
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(heading_num(*level)),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    // With a base level, headings are shifted so the smallest becomes `base`, and never
    // skip a level on the way down (an `h2` then `h4` in a report becomes `h4`, `h5`), so
    // the page outline stays valid.
    let mut last = ctx.heading_base.map(|b| b.clamp(1, 6) - 1);
    let mut shift = |level: u8| -> u8 {
        match (ctx.heading_base, last) {
            (Some(base), Some(prev)) => {
                let shifted = (level - min_level + base.clamp(1, 6)).clamp(1, 6);
                let out = shifted.min(prev + 1).clamp(1, 6);
                last = Some(out);
                out
            }
            _ => level,
        }
    };

    let mut extra_cols: HashMap<usize, usize> = HashMap::new();
    for o in &overflow {
        let n = extra_cols.entry(o.table).or_default();
        *n = (*n).max(o.cells.len());
    }
    let overflow_rows: HashMap<usize, &[String]> = overflow
        .iter()
        .map(|o| (o.row, o.cells.as_slice()))
        .collect();
    let (mut table_no, mut row_no) = (0usize, 0usize);
    let mut out: Vec<Event<'_>> = Vec::with_capacity(parsed.len());
    let mut replacements = Placeholders::new(raw_html);
    let mut approved: HashSet<String> = HashSet::new();
    // Open links: true when the link became a span.
    let mut link_stack: Vec<bool> = Vec::new();
    let mut image_stack: Vec<Option<bool>> = Vec::new();
    // Heading being collected: (index in `out` of its opening tag, level, plain text).
    let mut heading: Option<(usize, u8, String)> = None;
    let mut code: Option<(String, String)> = None;

    for ev in parsed {
        if let Some((info, buf)) = &mut code {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if !ctx.hidden_code.is_empty() && ctx.hidden_code.contains(&code_key(buf)) {
                        code = None;
                        continue;
                    }
                    let html = highlight::code_block(buf, info);
                    out.push(Event::Html(CowStr::from(replacements.push(html))));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                // The opening tag needs the heading's text for its id: set at its end.
                heading = Some((out.len(), shift(heading_num(level)), String::new()));
                out.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((n, level, text)) = heading.take() {
                    let id = ctx.anchors.unique(&slugify(&text));
                    let id = escape(&id);
                    let open = replacements.push(format!("<h{level} id=\"{id}\">"));
                    out[n] = Event::Html(CowStr::from(open));
                    let close = format!(
                        "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this heading\">#</a></h{level}>"
                    );
                    out.push(Event::Html(CowStr::from(replacements.push(close))));
                }
            }
            Event::Text(t) => {
                if let Some((_, _, text)) = &mut heading {
                    text.push_str(&t);
                }
                let plain = heading.is_none() && link_stack.is_empty() && image_stack.is_empty();
                match ctx.source_links {
                    _ if ctx.design_tags && plain => design_markup(&t, &mut out, &mut replacements),
                    Some(links) if plain => link_code_refs(t, links, &mut out),
                    _ => out.push(Event::Text(t)),
                }
            }
            Event::Code(t) => {
                if let Some((_, _, text)) = &mut heading {
                    text.push_str(&t);
                }
                let plain = heading.is_none() && link_stack.is_empty() && image_stack.is_empty();
                push_code_span(t, ctx.source_links.filter(|_| plain), false, &mut out);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if !link_stack.is_empty() {
                    link_stack.push(true);
                    out.push(Event::Html(CowStr::from("<span>")));
                    continue;
                }
                let (span, html) = open_link(classify_link(&dest_url, ctx), &mut approved);
                link_stack.push(span);
                out.push(Event::Html(CowStr::from(html)));
            }
            Event::End(TagEnd::Link) => {
                out.push(Event::Html(CowStr::from(close_link(link_stack.pop()))));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                // No images from reports (external resources); show the alt text, linked
                // when the image is on the web.
                if !link_stack.is_empty() {
                    image_stack.push(None);
                    continue;
                }
                match classify_link(&dest_url, ctx) {
                    LinkTarget::External(url) => {
                        image_stack.push(Some(true));
                        out.push(Event::Html(CowStr::from(format!(
                            "<a class=\"image-link\" href=\"{}\" rel=\"nofollow noopener\">[image: ",
                            escape(&url)
                        ))));
                    }
                    _ => {
                        image_stack.push(Some(false));
                        out.push(Event::Html(CowStr::from(
                            "<span class=\"link-text\">[image: ",
                        )));
                    }
                }
            }
            Event::End(TagEnd::Image) => match image_stack.pop().flatten() {
                Some(true) => out.push(Event::Html(CowStr::from("]</a>"))),
                Some(false) => out.push(Event::Html(CowStr::from("]</span>"))),
                None => {}
            },
            Event::TaskListMarker(done) => {
                out.push(Event::Html(CowStr::from(if done {
                    "<span class=\"task task-done\">\u{2611}</span> "
                } else {
                    "<span class=\"task\">\u{2610}</span> "
                })));
            }
            Event::Start(Tag::Table(a)) => {
                table_no += 1;
                out.push(Event::Html(CowStr::from("<div class=\"table-wrap\">")));
                // No `style="text-align: ..."`: the sanitiser drops `style` anyway.
                let plain = vec![pulldown_cmark::Alignment::None; a.len()];
                out.push(Event::Start(Tag::Table(plain)));
            }
            // Cells beyond the header's count: shown in added columns, never dropped.
            Event::End(TagEnd::TableHead) => {
                let extra = extra_cols
                    .get(&table_no.saturating_sub(1))
                    .copied()
                    .unwrap_or(0);
                for _ in 0..extra {
                    out.push(Event::Start(Tag::TableCell));
                    out.push(Event::End(TagEnd::TableCell));
                }
                out.push(Event::End(TagEnd::TableHead));
            }
            Event::End(TagEnd::TableRow) => {
                let extra = extra_cols
                    .get(&table_no.saturating_sub(1))
                    .copied()
                    .unwrap_or(0);
                let cells = overflow_rows.get(&row_no).copied().unwrap_or_default();
                for k in 0..extra {
                    out.push(Event::Start(Tag::TableCell));
                    if let Some(c) = cells.get(k) {
                        out.push(Event::Text(CowStr::from(c.clone())));
                    }
                    out.push(Event::End(TagEnd::TableCell));
                }
                row_no += 1;
                out.push(Event::End(TagEnd::TableRow));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::from("</div>")));
            }
            Event::FootnoteReference(t) => out.push(Event::Text(t)),
            other => out.push(other),
        }
    }
    // An unterminated code block (cannot happen with pulldown-cmark, but never lose text).
    if let Some((info, buf)) = code.take() {
        let html = highlight::code_block(&buf, &info);
        out.push(Event::Html(CowStr::from(replacements.push(html))));
    }

    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    let clean = if raw_html {
        sanitize(Sanitizer::Block, approved, &html)
    } else {
        html
    };
    replacements.splice(clean)
}

/// The parser's events with runs of adjacent text joined (pulldown-cmark splits text at
/// brackets and the like), so text patterns can be matched whole.
fn merge_text<'e>(events: impl Iterator<Item = Event<'e>>) -> Vec<Event<'e>> {
    // A run of text (a code block gives one event per line) is joined once, at its end:
    // joining at each piece would copy a long block over and over.
    fn flush<'e>(run: &mut Vec<CowStr<'e>>, out: &mut Vec<Event<'e>>) {
        match run.len() {
            0 => {}
            1 => out.extend(run.pop().map(Event::Text)),
            _ => {
                let mut joined = String::with_capacity(run.iter().map(|t| t.len()).sum());
                for t in run.drain(..) {
                    joined.push_str(&t);
                }
                out.push(Event::Text(CowStr::from(joined)));
            }
        }
    }
    let mut out: Vec<Event<'e>> = Vec::new();
    let mut run: Vec<CowStr<'e>> = Vec::new();
    for ev in events {
        match ev {
            Event::Text(t) => run.push(t),
            ev => {
                flush(&mut run, &mut out);
                out.push(ev);
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

fn design_regex() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\((in[- ]scope|out[- ]of[- ]scope|future|follow[- ]up|pre[- ]existing)\)|\[([^\[\]\n]{2,160})\]",
        )
        .expect("valid regex")
    })
}

/// Pushes `text` as text events, with scope tags and agent attributions replaced by
/// generated (escaped) HTML through placeholders.
fn design_markup<'e>(text: &CowStr<'e>, out: &mut Vec<Event<'e>>, replacements: &mut Placeholders) {
    let mut last = 0;
    for caps in design_regex().captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let html = if let Some(scope) = caps.get(1) {
            let label = scope.as_str().to_ascii_lowercase().replace(' ', "-");
            format!(
                "<span class=\"scope scope-{}\">{}</span>",
                escape(&label),
                escape(&label)
            )
        } else if let Some(list) = caps.get(2) {
            let names: Vec<&str> = list.as_str().split(',').map(str::trim).collect();
            let all_agents = names.iter().all(|n| {
                !n.is_empty()
                    && crate::text::names::is_known_family(&crate::text::names::agent_family(n))
            });
            if !all_agents {
                continue;
            }
            let pills: Vec<String> = names
                .iter()
                .map(|n| {
                    format!(
                        "<span class=\"pill agent mini {}\">{}</span>",
                        crate::text::names::agent_class(n),
                        escape(n)
                    )
                })
                .collect();
            format!("<span class=\"attrib\">{}</span>", pills.join(""))
        } else {
            continue;
        };
        if whole.start() > last {
            out.push(Event::Text(CowStr::from(
                text[last..whole.start()].to_string(),
            )));
        }
        out.push(Event::Html(CowStr::from(replacements.push(html))));
        last = whole.end();
    }
    if last == 0 {
        out.push(Event::Text(text.clone()));
    } else if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}

const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "br", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "u", "var",
];

const BLOCK_TAGS: &[&str] = &[
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

/// The sanitisers of rendered Markdown: block, inline, and inline with links removed.
#[derive(Clone, Copy)]
enum Sanitizer {
    Block,
    Inline,
    InlineNoLinks,
}

thread_local! {
    /// The internal link targets the Markdown being sanitised on this thread produced
    /// ([`open_link`]), which the sanitiser keeps.
    static APPROVED: std::cell::RefCell<HashSet<String>> = Default::default();
}

/// Sanitises `html`, keeping links to `approved` targets. The three sanitisers are built
/// once (building one costs as much as cleaning a page's worth of HTML).
fn sanitize(kind: Sanitizer, approved: HashSet<String>, html: &str) -> String {
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

/// Renders inline Markdown (a title, a table cell) to HTML without a wrapping `<p>`.
/// Links are kept (external ones marked `nofollow`); relative ones become text.
pub fn render_inline(md: &str) -> String {
    inline_impl(md, true, "", None, None)
}

/// Like [`render_inline`], for text that will sit inside a link (index titles): every link
/// becomes plain text so no `<a>` nests in another.
pub fn render_inline_nolinks(md: &str) -> String {
    inline_impl(md, false, "", None, None)
}

/// [`render_inline`] with links to other reviews (`<id>.md`) rewritten relative to `root`.
pub fn render_inline_in(md: &str, root: &str, known: Option<&HashSet<String>>) -> String {
    inline_impl(md, true, root, known, None)
}

/// [`render_inline_in`] with `path:line` references that `source_links` knows linked to
/// their permalinks, and code spans naming a file it knows to the whole file (a finding's
/// locations as written).
pub fn render_inline_with_code_links(
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
    for ev in Parser::new_ext(md, options()) {
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

/// Plain text of inline Markdown (for `<title>`, `title=` attributes): markup removed,
/// NOT escaped (templates escape it).
pub fn plain_text(md: &str) -> String {
    if is_plain_line(md) {
        // Nothing in it that Markdown reads: the text is its own plain text.
        return md.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    parsed_plain_text(md)
}

/// [`plain_text`] by the parser, whatever the text.
fn parsed_plain_text(md: &str) -> String {
    let mut s = String::new();
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            Event::InlineHtml(h) if h.trim().eq_ignore_ascii_case("<br>") => s.push(' '),
            Event::End(TagEnd::Paragraph) => s.push(' '),
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::dialect::table_overflow;

    #[test]
    fn a_location_without_lines_links_the_whole_file_only_among_locations() {
        let links = SourceLinks {
            blob_base: "https://github.com/o/r/blob/abc/".into(),
            files: ["pkg/x.go", "pkg/y.go"]
                .into_iter()
                .map(|p| crate::model::SourceFile {
                    cited: p.into(),
                    path: p.into(),
                    lines: None,
                })
                .collect(),
            ..Default::default()
        };
        let md = "`pkg/x.go`, also `pkg/y.go:3` and `pkg/z.go`";
        let html = render_inline_with_code_links(md, "", None, Some(&links));
        assert_eq!(
            html,
            "<a class=\"code-ref\" href=\"https://github.com/o/r/blob/abc/pkg/x.go\" rel=\"nofollow noopener\"><code>pkg/x.go</code></a>, also \
             <a class=\"code-ref\" href=\"https://github.com/o/r/blob/abc/pkg/y.go#L3\" rel=\"nofollow noopener\"><code>pkg/y.go:3</code></a> and <code>pkg/z.go</code>"
        );
        // In a finding's text a path without lines stays a code span.
        let mut anchors = Anchors::default();
        let mut ctx = Ctx::new(&mut anchors, "");
        ctx.source_links = Some(&links);
        let body = render_block(md, &mut ctx);
        assert!(body.contains("<code>pkg/x.go</code>,"), "{body}");
        assert!(body.contains("pkg/y.go#L3"), "{body}");
    }

    #[test]
    fn plain_lines_skip_the_parser_and_give_what_it_gives() {
        let plain = [
            "Fix the race in hostagent (events.go)",
            "  leading and   inner   spaces  ",
            "caf\u{e9} \u{2014} na\u{ef}ve: \"quoted\", it's 50% done?",
            "user@example.com paid $5 / month",
            "",
            "    four spaces in front",
        ];
        for md in plain {
            assert!(is_plain_line(md), "{md:?}");
            assert_eq!(plain_text(md), parsed_plain_text(md), "{md:?}");
        }
        // Anything Markdown reads goes through the parser.
        for md in [
            "1. first",
            "2) second",
            "**bold** and `code`",
            "# heading",
            "- item",
            "+ item",
            "> quote",
            "a & b &amp; c",
            "[link](https://x)",
            "line\nbreak",
            "tab\there",
            "a_b_c",
            "~~struck~~",
            "a | b",
            "<b>html</b>",
            "escaped \\* star",
            "!bang",
            "===",
        ] {
            assert!(!is_plain_line(md), "{md:?}");
        }
    }

    fn block(md: &str) -> String {
        let mut a = Anchors::default();
        let mut ctx = Ctx::new(&mut a, "");
        render_block(md, &mut ctx)
    }

    fn design_block(md: &str) -> String {
        let mut anchors = Anchors::default();
        let mut ctx = Ctx::new(&mut anchors, "");
        ctx.design_tags = true;
        render_block(md, &mut ctx)
    }

    #[test]
    fn design_scope_tags_and_agent_attributions() {
        let html = design_block(
            "1. **Split the field** (in-scope) [Codex GPT 5.4, Gemini 3.1 Pro]\n2. **Later** *(future)* [see S2] [x](https://e.com)",
        );
        assert!(
            html.contains("<span class=\"scope scope-in-scope\">in-scope</span>"),
            "{html}"
        );
        assert!(
            html.contains("<em><span class=\"scope scope-future\">future</span></em>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"attrib\"><span class=\"pill agent mini agent-codex\">Codex GPT 5.4</span><span class=\"pill agent mini agent-gemini\">Gemini 3.1 Pro</span></span>"), "{html}");
        // Brackets that are not agents stay text; links are untouched.
        assert!(html.contains("[see S2]"), "{html}");
        assert!(
            html.contains("<a href=\"https://e.com\" rel=\"nofollow noopener\">x</a>"),
            "{html}"
        );
        // Hostile text inside brackets is escaped, never markup.
        let html = design_block("[Claude <img src=x onerror=alert(1)>] (in-scope)");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("onerror=alert"), "{html}");
        // Without the flag nothing changes.
        assert!(block("**A** (in-scope) [Claude]").contains("(in-scope) [Claude]"));
    }

    #[test]
    fn slug_and_anchor() {
        assert_eq!(slugify("Important Issues"), "important-issues");
        let mut a = Anchors::default();
        assert_eq!(a.unique("x"), "x");
        assert_eq!(a.unique("x"), "x-1");
        assert_eq!(a.unique("x"), "x-2");
    }

    #[test]
    fn headings_get_ids_and_self_links() {
        let h = block("## Hello world\n\n## Hello world\n");
        assert!(
            h.contains(
                "<h2 id=\"hello-world\">Hello world<a class=\"anchor\" href=\"#hello-world\""
            ),
            "{h}"
        );
        assert!(h.contains("id=\"hello-world-1\""), "{h}");
    }

    #[test]
    fn heading_shift() {
        let mut a = Anchors::default();
        let mut ctx = Ctx::new(&mut a, "");
        ctx.heading_base = Some(4);
        let h = render_block("# A\n\n## B\n\n### C\n\n#### D\n", &mut ctx);
        assert!(h.contains("<h4 id=\"a\">"), "{h}");
        assert!(h.contains("<h5 id=\"b\">"), "{h}");
        assert!(h.contains("<h6 id=\"c\">"), "{h}");
        assert!(h.contains("<h6 id=\"d\">"), "{h}");
        let mut ctx = Ctx::new(&mut a, "");
        ctx.heading_base = Some(3);
        let h = render_block("## A\n\n#### B\n\n## C\n", &mut ctx);
        assert!(h.contains("<h3 id=\"a-1\">"), "{h}");
        assert!(h.contains("<h4 id=\"b-1\">"), "no skipped level: {h}");
        assert!(h.contains("<h3 id=\"c-1\">"), "{h}");
    }

    #[test]
    fn scripts_and_handlers_dropped() {
        let h = block("hi <script>alert(1)</script> <img src=x onerror=alert(1)> <b onclick=\"x\">b</b>\n\n<iframe src=\"https://e\"></iframe><style>p{}</style>");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("alert(1)"), "{h}");
        assert!(!h.contains("onerror"), "{h}");
        assert!(!h.contains("onclick"), "{h}");
        assert!(!h.contains("<iframe"), "{h}");
        assert!(!h.contains("<style"), "{h}");
        assert!(!h.contains("<img"), "{h}");
    }

    #[test]
    fn javascript_links_never_survive() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            let md = format!("[x](<{url}>) and <a href=\"{url}\">y</a>");
            let h = block(&md);
            assert!(!h.to_ascii_lowercase().contains("script:"), "{url}: {h}");
            assert!(!h.contains("href=\"data"), "{url}: {h}");
            assert!(!h.contains("href=\"file"), "{url}: {h}");
            let i = render_inline(&md);
            assert!(!i.to_ascii_lowercase().contains("script:"), "{url}: {i}");
        }
    }

    /// Every `href`/`src` value in `html`, character references decoded as a browser would
    /// (the few our escaper and ammonia write).
    fn urls_in(html: &str) -> Vec<String> {
        let re =
            regex::Regex::new(r#"(?i)\b(?:href|src|action|formaction|xlink:href)\s*=\s*"([^"]*)""#)
                .unwrap();
        re.captures_iter(html)
            .map(|c| {
                c[1].replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            })
            .collect()
    }

    #[test]
    fn no_dangerous_scheme_in_any_link_or_image() {
        let tricks = [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java&#9;script:alert(1)",
            "java&#x0A;script:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#0000106avascript:alert(1)",
            "javascript&colon;alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "DATA:image/svg+xml,<svg onload=alert(1)>",
            "vbscript:msgbox(1)",
            "VBScript:x",
            "file:///etc/passwd",
            "jar:http://x!/",
        ];
        for url in tricks {
            let forms = [
                format!("[md link](<{url}>)"),
                format!("[md link]({})", url.replace(' ', "%20")),
                format!("  [leading]( {url} )"),
                format!("[ref link][r]\n\n[r]: <{url}>"),
                format!("![image](<{url}>)"),
                format!("[![nested image](<{url}>)](<{url}>)"),
                format!("<{url}>"),
                format!("<a href=\"{url}\">raw</a> <a href=\"  {url}\">sp</a> <a href=\"\n{url}\">nl</a>"),
                format!("<img src=\"{url}\"> <a href='{url}'>single</a> <a href={url}>bare</a>"),
                format!("<form action=\"{url}\"><button formaction=\"{url}\">b</button></form>"),
                format!("<svg><a xlink:href=\"{url}\">s</a></svg> <iframe src=\"{url}\"></iframe>"),
            ];
            for md in forms {
                for (how, html) in [
                    ("block", block(&md)),
                    ("design", design_block(&md)),
                    ("inline", render_inline(&md)),
                ] {
                    for u in urls_in(&html) {
                        let scheme = scheme_of(&u);
                        assert!(
                            matches!(scheme.as_deref(), None | Some("http" | "https" | "mailto")),
                            "{how} {md:?} kept the URL {u:?}: {html}"
                        );
                    }
                    let lower = html.to_ascii_lowercase();
                    for bad in ["<img", "<iframe", "<form", "<svg", "<button", " on"] {
                        assert!(!lower.contains(bad), "{how} {md:?}: {html}");
                    }
                }
            }
        }
    }

    #[test]
    fn raw_html_links_keep_only_web_schemes() {
        // Not URLs with a scheme to a browser, but scheme-like: never kept as links.
        for url in ["javascript :alert(1)", "java script:alert(1)", "data :x"] {
            let h = block(&format!("<a href=\"{url}\">y</a>"));
            assert!(!h.contains("href"), "{url}: {h}");
        }
        let h = block("<a href=\"mailto:a@b.c\">m</a> <a href=\"HTTPS://e.com\">e</a>");
        assert!(h.contains("href=\"mailto:a@b.c\""), "{h}");
        assert!(h.contains("href=\"HTTPS://e.com\""), "{h}");
    }

    #[test]
    fn external_links_get_rel() {
        let h = render_inline("see [PR](https://github.com/o/r/pull/1)");
        assert_eq!(
            h,
            "see <a href=\"https://github.com/o/r/pull/1\" rel=\"nofollow noopener\">PR</a>"
        );
    }

    #[test]
    fn local_paths_become_text() {
        let h = block("[file](/Users/me/x.go) [rel](pkg/x.go) <a href=\"/Users/x\">z</a>");
        assert!(!h.contains("href"), "{h}");
        assert!(h.contains("<span class=\"link-text\">file</span>"), "{h}");
    }

    #[test]
    fn md_links_to_known_reviews_rewritten() {
        let known: HashSet<String> = ["20260515-184528-fix".to_string()].into_iter().collect();
        let mut a = Anchors::default();
        let mut ctx = Ctx::new(&mut a, "../");
        ctx.known_reviews = Some(&known);
        let h = render_block("[a](20260515-184528-fix.md#I3) [b](missing.md)", &mut ctx);
        assert!(h.contains("href=\"../20260515-184528-fix.html#I3\""), "{h}");
        assert!(h.contains("<span class=\"link-text\">b</span>"), "{h}");
    }

    #[test]
    fn code_blocks_highlighted_and_info_escaped() {
        let h = block("```go\nfunc f() {}\n```\n\n```\"><script>x</script>\nplain <b>\n```\n");
        assert!(
            h.contains("<pre class=\"code\" data-lang=\"go\"><code>"),
            "{h}"
        );
        assert!(h.contains("hl-"), "{h}");
        assert!(!h.contains("<script>"), "{h}");
        assert!(h.contains("plain &lt;b&gt;"), "{h}");
    }

    #[test]
    fn placeholder_char_in_input_is_harmless() {
        // Written as is, and as character references both the Markdown parser and the
        // sanitiser decode: never spliced into generated HTML.
        for md in [
            format!("{PH}0{PH} text {PH}1{PH}\n\n## Head\n\n```\ncode\n```"),
            "&#xF8FF;0&#xF8FF; and <b>&#63743;1&#63743;</b>\n\n## Head\n\n```\ncode\n```".into(),
        ] {
            let h = block(&md);
            assert_eq!(h.matches("<pre").count(), 1, "{h}");
            assert_eq!(h.matches("<h2").count(), 1, "{h}");
            assert_eq!(h.matches("class=\"anchor\"").count(), 1, "{h}");
            assert!(h.starts_with("<p>"), "{h}");
            assert_eq!(h.matches(PH).count(), 4, "the text is kept: {h}");
        }
    }
    #[test]
    fn gfm_and_raw_html_allow_list() {
        let h = block("| a | b |\n|---|---|\n| `x` | ~~y~~ |\n\n- [x] done\n- [ ] todo\n\n<details><summary>More</summary>\n\nline<br>two <kbd>K</kbd> <sub>s</sub>\n\n</details>\n");
        assert!(h.contains("<table>"), "{h}");
        assert!(h.contains("<del>y</del>"), "{h}");
        assert!(h.contains("task-done"), "{h}");
        assert!(h.contains("<details><summary>More</summary>"), "{h}");
        assert!(h.contains("<br>"), "{h}");
        assert!(h.contains("<kbd>K</kbd>"), "{h}");
        assert!(!h.contains("<input"), "{h}");
    }

    #[test]
    fn table_cells_beyond_the_header_are_kept() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 | 3 \\| x | `4` |\n| only |\n|p|q|r\n\nafter\n";
        let o = table_overflow(md);
        assert_eq!(o.len(), 2, "{o:?}");
        assert_eq!(o[0].cells, vec!["3 | x".to_string(), "`4`".to_string()]);
        assert_eq!((o[0].table, o[0].row), (0, 0));
        assert_eq!(o[1].cells, vec!["r".to_string()]);
        assert_eq!(o[1].row, 2);
        assert_eq!(&md[o[1].offset..o[1].offset + 6], "|p|q|r");
        let h = block(md);
        for cell in [
            "<td>3 | x</td>",
            "<td>`4`</td>",
            "<td>r</td>",
            "<td>only</td>",
        ] {
            assert!(h.contains(cell), "{cell}: {h}");
        }
        // The table stays rectangular: 4 columns in every row.
        assert_eq!(h.matches("<th>").count(), 4, "{h}");
        assert_eq!(h.matches("<td>").count(), 12, "{h}");
        assert!(table_overflow("| a |\n|---|\n| 1 |\n| 2 | |\n").is_empty());
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

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(plain_text("Fix `a` in **b**<br>c"), "Fix a in b c");
    }
}
