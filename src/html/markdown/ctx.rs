//! The options and page-wide state one render of report Markdown runs with ([`Ctx`]), and
//! the key by which it names code blocks to leave out ([`code_key`]).

use crate::model::SourceLinks;
use crate::text::anchors::Anchors;
use std::collections::HashSet;

/// Options and page-wide state for rendering one block of report Markdown.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
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
pub(crate) fn code_key(code: &str) -> String {
    code.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}
