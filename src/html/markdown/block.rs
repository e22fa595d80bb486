//! A block of report Markdown to safe HTML ([`render_block`]): one parse, then the events
//! rewritten one by one (code blocks highlighted or left out, headings given ids, links
//! checked, images shown as their alt text, tables kept whole, source links and design
//! markup added), written out by pulldown-cmark, sanitised when the report wrote raw HTML,
//! and the generated HTML spliced back in.

use super::code_refs::{link_code_refs, push_code_span};
use super::ctx::{code_key, Ctx};
use super::design::design_markup;
use super::headings::{heading_tags, HeadingShift};
use super::links::{classify_link, close_link, open_link, LinkTarget};
use super::placeholders::Placeholders;
use super::sanitise::{sanitize, Sanitizer};
use super::tables::Tables;
use crate::html::escape::escape;
use crate::html::highlight;
use crate::text::anchors::slugify;
use crate::text::dialect::{options, OverflowScan};
use crate::text::raw_html::prose_tags_as_text;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// Renders a block of report Markdown to safe HTML.
pub(crate) fn render_block(md: &str, ctx: &mut Ctx<'_>) -> String {
    // One parse gives the events and the table rows with more cells than their header.
    let mut overflow = OverflowScan::default();
    let parsed: Vec<Event<'_>> = merge_text(
        Parser::new_ext(md, options())
            .into_offset_iter()
            .inspect(|(ev, range)| overflow.event(md, ev, range))
            // `<instance>`, `Promise<string>`: prose, not tags (`text::raw_html`).
            .map(|(ev, _)| prose_tags_as_text(ev)),
    );
    let overflow = overflow.finish();
    // Raw HTML from the report must go through the sanitiser. Without it, every tag in the
    // output is one this function or pulldown-cmark's writer made: text is escaped, link
    // and image URLs were checked by `classify_link`, table cells are written by `tables`
    // (alignment as a class), so the sanitiser would change nothing but spelling.
    let raw_html = parsed
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let mut block = Block {
        headings: HeadingShift::new(ctx.heading_base, &parsed),
        tables: Tables::new(&overflow),
        ctx,
        out: Vec::with_capacity(parsed.len()),
        replacements: Placeholders::new(raw_html),
        approved: HashSet::new(),
        link_stack: Vec::new(),
        image_stack: Vec::new(),
        heading: None,
        code: None,
    };
    for ev in parsed {
        block.event(ev);
    }
    block.finish(md.len(), raw_html)
}

/// One block's rewrite: the events written so far and what is open.
struct Block<'r, 'a, 'e> {
    ctx: &'r mut Ctx<'a>,
    headings: HeadingShift,
    tables: Tables<'r>,
    out: Vec<Event<'e>>,
    /// Generated HTML kept from the sanitiser.
    replacements: Placeholders,
    /// Internal link targets, which the sanitiser keeps.
    approved: HashSet<String>,
    /// Open links: true when the link became a span.
    link_stack: Vec<bool>,
    /// Open images: linked (`true`) or text (`false`); `None` inside a link, left out.
    image_stack: Vec<Option<bool>>,
    /// Heading being collected: (index in `out` of its opening tag, level, plain text).
    heading: Option<(usize, u8, String)>,
    /// Code block being collected: its info string and code.
    code: Option<(String, String)>,
}

impl<'e> Block<'_, '_, 'e> {
    fn event(&mut self, ev: Event<'e>) {
        if self.code.is_some() {
            self.code_event(ev);
            return;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                // The opening tag needs the heading's text for its id: set at its end.
                let level = self.headings.level(level);
                self.heading = Some((self.out.len(), level, String::new()));
                self.out.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Text(t) => self.text(t),
            Event::Code(t) => self.code_span(t),
            Event::Start(Tag::Link { dest_url, .. }) => self.start_link(&dest_url),
            Event::End(TagEnd::Link) => {
                let span = self.link_stack.pop();
                self.html(close_link(span));
            }
            Event::Start(Tag::Image { dest_url, .. }) => self.start_image(&dest_url),
            Event::End(TagEnd::Image) => match self.image_stack.pop().flatten() {
                Some(true) => self.html("]</a>"),
                Some(false) => self.html("]</span>"),
                None => {}
            },
            Event::TaskListMarker(done) => self.html(if done {
                "<span class=\"task task-done\">\u{2611}</span> "
            } else {
                "<span class=\"task\">\u{2610}</span> "
            }),
            Event::Start(Tag::Table(align)) => self.tables.start(align, &mut self.out),
            Event::Start(t @ (Tag::TableHead | Tag::TableRow)) => {
                self.tables.start_row(t, &mut self.out)
            }
            Event::Start(Tag::TableCell) => self.tables.start_cell(&mut self.out),
            Event::End(TagEnd::TableCell) => self.tables.end_cell(&mut self.out),
            // Cells beyond the header's count: shown in added columns, never dropped.
            Event::End(TagEnd::TableHead) => self.tables.end_head(&mut self.out),
            Event::End(TagEnd::TableRow) => self.tables.end_row(&mut self.out),
            Event::End(TagEnd::Table) => Tables::end(&mut self.out),
            Event::FootnoteReference(t) => self.out.push(Event::Text(t)),
            other => self.out.push(other),
        }
    }

    /// An event inside a code block: its text is collected; at its end the block is
    /// highlighted, or left out when the context hides it.
    fn code_event(&mut self, ev: Event<'e>) {
        match ev {
            Event::Text(t) => {
                if let Some((_, buf)) = &mut self.code {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, buf)) = self.code.take() {
                    let hidden = &self.ctx.hidden_code;
                    if hidden.is_empty() || !hidden.contains(&code_key(&buf)) {
                        self.generated(highlight::code_block(&buf, &info));
                    }
                }
            }
            _ => {}
        }
    }

    /// A heading ends: its opening tag gets the id its text gives, its end the self-link.
    fn end_heading(&mut self) {
        if let Some((n, level, text)) = self.heading.take() {
            let id = self.ctx.anchors.unique(&slugify(&text));
            let (open, close) = heading_tags(level, &id);
            let open = self.replacements.push(open);
            self.out[n] = Event::Html(CowStr::from(open));
            self.generated(close);
        }
    }

    /// Whether text here is running text: not in a heading, a link or an image.
    fn in_running_text(&self) -> bool {
        self.heading.is_none() && self.link_stack.is_empty() && self.image_stack.is_empty()
    }

    fn text(&mut self, t: CowStr<'e>) {
        if let Some((_, _, text)) = &mut self.heading {
            text.push_str(&t);
        }
        let plain = self.in_running_text();
        match self.ctx.source_links {
            _ if self.ctx.design_tags && plain => {
                design_markup(&t, &mut self.out, &mut self.replacements)
            }
            Some(links) if plain => link_code_refs(t, links, &mut self.out),
            _ => self.out.push(Event::Text(t)),
        }
    }

    fn code_span(&mut self, t: CowStr<'e>) {
        if let Some((_, _, text)) = &mut self.heading {
            text.push_str(&t);
        }
        let plain = self.in_running_text();
        let links = self.ctx.source_links.filter(|_| plain);
        push_code_span(t, links, false, &mut self.out);
    }

    fn start_link(&mut self, dest: &str) {
        if !self.link_stack.is_empty() {
            self.link_stack.push(true);
            self.html("<span>");
            return;
        }
        let (span, html) = open_link(classify_link(dest, self.ctx), &mut self.approved);
        self.link_stack.push(span);
        self.html(html);
    }

    /// No images from reports (external resources): the alt text is shown, linked when
    /// the image is on the web.
    fn start_image(&mut self, dest: &str) {
        if !self.link_stack.is_empty() {
            self.image_stack.push(None);
            return;
        }
        match classify_link(dest, self.ctx) {
            LinkTarget::External(url) => {
                self.image_stack.push(Some(true));
                self.html(format!(
                    "<a class=\"image-link\" href=\"{}\" rel=\"nofollow noopener\">[image: ",
                    escape(&url)
                ));
            }
            _ => {
                self.image_stack.push(Some(false));
                self.html("<span class=\"link-text\">[image: ");
            }
        }
    }

    /// Pushes HTML this module wrote (tags around the report's text, which is escaped).
    fn html(&mut self, html: impl Into<CowStr<'e>>) {
        self.out.push(Event::Html(html.into()));
    }

    /// Pushes generated HTML that must not meet the sanitiser, through a placeholder.
    fn generated(&mut self, html: String) {
        let placeholder = self.replacements.push(html);
        self.out.push(Event::Html(CowStr::from(placeholder)));
    }

    /// The block's HTML: written, sanitised when it holds raw HTML, placeholders spliced.
    fn finish(mut self, md_len: usize, raw_html: bool) -> String {
        // An unterminated code block (cannot happen with pulldown-cmark, but never lose text).
        if let Some((info, buf)) = self.code.take() {
            self.generated(highlight::code_block(&buf, &info));
        }
        let mut html = String::with_capacity(md_len * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        let clean = if raw_html {
            sanitize(Sanitizer::Block, self.approved, &html)
        } else {
            html
        };
        self.replacements.splice(clean)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::markdown::inline::{render_inline, render_inline_with_code_links};
    use crate::html::markdown::links::scheme_of;
    use crate::html::markdown::placeholders::PH;
    use crate::model::SourceLinks;
    use crate::text::anchors::Anchors;
    use crate::text::dialect::table_overflow;

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
        assert!(
            tags_in(&html).iter().all(|t| !t.contains("onerror")),
            "{html}"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        // Without the flag nothing changes.
        assert!(block("**A** (in-scope) [Claude]").contains("(in-scope) [Claude]"));
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

    /// Every tag in `html` as written (a raw `<` in rendered HTML only ever opens a tag:
    /// text has `&lt;`), attribute values in quotes.
    fn tags_in(html: &str) -> Vec<String> {
        let re = regex::Regex::new(r#"</?[a-zA-Z][\w:-]*(?:[^>"]|"[^"]*")*>"#).unwrap();
        re.find_iter(html).map(|m| m.as_str().to_string()).collect()
    }

    #[test]
    fn scripts_and_handlers_never_become_markup() {
        let h = block("hi <script>alert(1)</script> <img src=x onerror=alert(1)> <b onclick=\"x\">b</b>\n\n<iframe src=\"https://e\"></iframe><style>p{}</style>");
        for bad in ["<script", "<iframe", "<style", "<img", "onclick", "onerror"] {
            assert!(tags_in(&h).iter().all(|t| !t.contains(bad)), "{bad}: {h}");
        }
        // What the report wrote is shown, as inert text.
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
        assert!(h.contains("&lt;iframe src=\"https://e\"&gt;"), "{h}");
        assert!(h.contains("<b>b</b>"), "{h}");
        // In a raw HTML block too: only allow-listed tags stay markup.
        let h = block(
            "<div>\n<script>alert(1)</script><img src=x onerror=alert(1)>\n<b>kept</b>\n</div>\n",
        );
        assert!(
            tags_in(&h)
                .iter()
                .all(|t| !t.contains("script") && !t.contains("img")),
            "{h}"
        );
        assert!(h.contains("<div>") && h.contains("<b>kept</b>"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)"), "{h}");
    }

    #[test]
    fn placeholders_in_angle_brackets_are_text() {
        let h = block(
            "Run `limactl` as limactl start <instance>; it returns Promise<string> \
             and a Map<K, V>; set <your-token>. Line<br>break, <sub>2</sub>, a <b>bold</b> c.\n\n\
             <instance>\n\nafter\n",
        );
        for shown in [
            "limactl start &lt;instance&gt;;",
            "Promise&lt;string&gt;",
            "Map&lt;K, V&gt;",
            "set &lt;your-token&gt;.",
            // Alone on its line CommonMark makes it an HTML block: text, outside a `<p>`.
            "\n&lt;instance&gt;\n<p>after",
        ] {
            assert!(h.contains(shown), "{shown}: {h}");
        }
        for kept in ["Line<br>break", "<sub>2</sub>", "<b>bold</b>"] {
            assert!(h.contains(kept), "{kept}: {h}");
        }
        assert_eq!(
            render_inline("Fix `x` for Promise<string> and <instance>"),
            "Fix <code>x</code> for Promise&lt;string&gt; and &lt;instance&gt;"
        );
        // Without any real tag, nothing goes to the sanitiser and nothing is lost.
        assert_eq!(block("a <T> b"), "<p>a &lt;T&gt; b</p>\n");
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
        let tags = tags_in(html).join(" ");
        re.captures_iter(&tags)
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
                    let lower = tags_in(&html).join(" ").to_ascii_lowercase();
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
    fn column_alignment_is_kept_as_a_class() {
        let md =
            "| Job | Runs | Share | Note |\n|:---|---:|:---:|---|\n| `lint` | 12 | 50% | x |\n";
        for h in [
            block(md),
            block(&format!("{md}\n<sub>raw html: sanitised</sub>\n")),
        ] {
            for cell in [
                "<th class=\"al-l\">Job</th>",
                "<th class=\"al-r\">Runs</th>",
                "<th class=\"al-c\">Share</th>",
                "<th>Note</th>",
                "<td class=\"al-l\"><code>lint</code></td>",
                "<td class=\"al-r\">12</td>",
                "<td class=\"al-c\">50%</td>",
                "<td>x</td>",
            ] {
                assert!(h.contains(cell), "{cell}: {h}");
            }
            assert!(!h.contains("style="), "{h}");
        }
        // Cells beyond the header: no alignment, never a panic; the next table starts over.
        let h = block("| a | b |\n|--:|--:|\n| 1 | 2 | 3 |\n\n| c |\n|---|\n| 4 |\n");
        assert!(h.contains("<td class=\"al-r\">2</td><td>3</td>"), "{h}");
        assert!(h.contains("<th>c</th>") && h.contains("<td>4</td>"), "{h}");
    }

    #[test]
    fn empty_header_cells_are_data_cells() {
        let h = block("| | b | |\n|---|---|--:|\n| 1 | 2 | 3 |\n");
        let head = &h[h.find("<thead>").unwrap()..h.find("</thead>").unwrap()];
        assert!(
            head.contains("<td></td><th>b</th><td class=\"al-r\"></td>"),
            "{h}"
        );
        assert!(
            !head.contains("<th></th>") && !head.contains("></th>"),
            "{h}"
        );
        assert!(h.contains("<td class=\"al-r\">3</td>"), "{h}");
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
        // The table stays rectangular: 4 columns in every row; the added columns' header
        // cells are empty data cells (an empty <th> would name its column with nothing).
        let head = &h[h.find("<thead>").unwrap()..h.find("</thead>").unwrap()];
        assert_eq!(head.matches("<th>").count(), 2, "{h}");
        assert_eq!(head.matches("<td></td>").count(), 2, "{h}");
        assert_eq!(h.matches("<td>").count(), 12 + 2, "{h}");
        assert!(table_overflow("| a |\n|---|\n| 1 |\n| 2 | |\n").is_empty());
    }

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
}
