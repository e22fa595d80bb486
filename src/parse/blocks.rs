//! The block walker: one pass of pulldown-cmark events with source offsets, turned into the
//! top-level blocks of a report (headings, paragraphs, lists with their items, fences,
//! tables, rules) plus every fenced block and paragraph at any depth. Everything else in
//! the parser slices the source by these byte ranges, so no text is rewritten; the helpers
//! at the end (`slice`, `dedent`, `trim_blank_lines`, `strip_rules`) cut and trim those
//! slices.

use crate::text::dialect::options;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// Maps byte offsets to 1-based file lines.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// File line of the first line of the text.
    first_line: usize,
}

impl LineIndex {
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            first_line: first_line.max(1),
        }
    }

    /// File line (1-based) of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        let idx = self.starts.partition_point(|&s| s <= offset);
        idx.saturating_sub(1) + self.first_line
    }

    /// Byte offset where the line holding `offset` starts.
    pub(crate) fn line_start(&self, offset: usize) -> usize {
        let idx = self.starts.partition_point(|&s| s <= offset);
        self.starts.get(idx.saturating_sub(1)).copied().unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    List { ordered: bool, start: u64 },
    Code,
    Table,
    Rule,
    Html,
    Quote,
    Other,
}

/// One item of a top-level list.
#[derive(Debug, Clone)]
pub struct Item {
    pub range: Range<usize>,
    /// The inline source range of the item's first paragraph (or tight text).
    pub first_para: Option<Range<usize>>,
    /// The item number for ordered lists.
    pub number: Option<u64>,
}

/// One cell of a table: the cell's source text.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub range: Option<Range<usize>>,
}

#[derive(Debug, Clone, Default)]
pub struct TableData {
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
    /// Source range of each body row (for lines).
    pub row_ranges: Vec<Range<usize>>,
    /// Source range of the header row.
    pub header_range: Option<Range<usize>>,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
    /// Inline content range for headings and paragraphs.
    pub inline: Option<Range<usize>>,
    /// A paragraph's leading `**bold**` span: the first thing in it, where it starts.
    pub lead: Option<Range<usize>>,
    /// The plain text of a heading or paragraph: its text and code spans, a paragraph's
    /// line breaks as spaces. Only `walk_with_text` fills it; empty otherwise.
    pub text: String,
    pub items: Vec<Item>,
    pub table: Option<TableData>,
}

/// A fenced or indented code block at any depth.
#[derive(Debug, Clone)]
pub struct CodeInfo {
    pub range: Range<usize>,
    pub info: String,
    pub code: String,
}

/// Everything the walker found.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    pub codes: Vec<CodeInfo>,
    /// Inline ranges of every paragraph at any depth, in order.
    pub paragraphs: Vec<Range<usize>>,
    /// Table rows with more cells than their header (see
    /// `crate::text::dialect::table_overflow`).
    pub table_overflow: Vec<crate::text::dialect::RowOverflow>,
}

/// The items of `sorted` (in source order, by their start offset) that start within `r`:
/// a binary search, so that looking up each finding's code blocks and paragraphs stays
/// linear in the size of a report with thousands of findings.
pub(crate) fn starting_in<'a, T>(
    sorted: &'a [T],
    start: impl Fn(&T) -> usize,
    r: &Range<usize>,
) -> &'a [T] {
    let lo = sorted.partition_point(|x| start(x) < r.start);
    let hi = sorted.partition_point(|x| start(x) < r.end).max(lo);
    &sorted[lo..hi]
}

/// Extends an optional range to cover `r`.
fn cover(acc: &mut Option<Range<usize>>, r: &Range<usize>) {
    match acc {
        Some(a) => {
            a.start = a.start.min(r.start);
            a.end = a.end.max(r.end);
        }
        None => *acc = Some(r.clone()),
    }
}

/// Walks `src` once.
pub fn walk(src: &str) -> Doc {
    Walker::new(src, false).run()
}

/// [`walk`], also keeping the plain text of each top-level heading and paragraph
/// ([`Block::text`]), for readers that match words rather than slice the source.
pub(crate) fn walk_with_text(src: &str) -> Doc {
    Walker::new(src, true).run()
}

/// The walker's state between events.
struct Walker<'s> {
    src: &'s str,
    /// Whether to collect [`Block::text`].
    with_text: bool,
    doc: Doc,
    depth: usize,
    /// The top-level block being built.
    cur: Option<Block>,
    /// Inline range of the top-level heading/paragraph.
    inline_acc: Option<Range<usize>>,
    /// No event has been seen yet directly inside the top-level block (for [`Block::lead`]).
    first_inline: bool,
    /// List item tracking (depth of the list = 1, item = 2).
    item_acc: Option<Item>,
    item_para_depth: Option<usize>,
    item_para_acc: Option<Range<usize>>,
    item_count: u64,
    /// Paragraphs at any depth.
    para_stack: Vec<Option<Range<usize>>>,
    /// Code blocks at any depth.
    code_acc: Option<CodeInfo>,
    /// Tables.
    cell_acc: Option<Option<Range<usize>>>,
    row_acc: Vec<Cell>,
    row_start: usize,
    overflow: crate::text::dialect::OverflowScan,
}

/// Whether an event belongs to inline content (text, breaks, code spans, inline markup),
/// so that it extends the inline range of whatever is open.
fn is_inline_event(ev: &Event) -> bool {
    match ev {
        Event::Start(t) => matches!(
            t,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        Event::End(t) => matches!(
            t,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        _ => true,
    }
}

/// The kind of a top-level block that `tag` opens.
fn block_kind(tag: &Tag) -> BlockKind {
    match tag {
        Tag::Heading { level, .. } => BlockKind::Heading(*level as u8),
        Tag::Paragraph => BlockKind::Paragraph,
        Tag::List(start) => BlockKind::List {
            ordered: start.is_some(),
            start: start.unwrap_or(1),
        },
        Tag::CodeBlock(_) => BlockKind::Code,
        Tag::Table(_) => BlockKind::Table,
        Tag::HtmlBlock => BlockKind::Html,
        Tag::BlockQuote(_) => BlockKind::Quote,
        _ => BlockKind::Other,
    }
}

impl<'s> Walker<'s> {
    fn new(src: &'s str, with_text: bool) -> Self {
        Walker {
            src,
            with_text,
            doc: Doc::default(),
            depth: 0,
            cur: None,
            inline_acc: None,
            first_inline: false,
            item_acc: None,
            item_para_depth: None,
            item_para_acc: None,
            item_count: 0,
            para_stack: Vec::new(),
            code_acc: None,
            cell_acc: None,
            row_acc: Vec::new(),
            row_start: 0,
            overflow: Default::default(),
        }
    }

    fn run(mut self) -> Doc {
        for (ev, range) in Parser::new_ext(self.src, options()).into_offset_iter() {
            self.overflow.event(self.src, &ev, &range);
            if let Event::Start(tag) = &ev {
                self.item_block_starts(tag);
            }
            if is_inline_event(&ev) {
                self.cover_inline(&range);
            }
            if self.with_text {
                self.collect_text(&ev);
            }
            self.track_lead(&ev, &range);
            match ev {
                Event::Start(tag) => self.start(tag, range),
                Event::End(tag_end) => self.end(tag_end, range),
                Event::Text(t) => {
                    if let Some(c) = &mut self.code_acc {
                        c.code.push_str(&t);
                    }
                }
                Event::Rule if self.depth == 0 => self.push_leaf(BlockKind::Rule, range),
                Event::Html(_) | Event::InlineHtml(_) if self.depth == 0 => {
                    self.push_leaf(BlockKind::Html, range)
                }
                _ => {}
            }
        }
        // A tight item's text ends without a Paragraph end: `item_para_acc` was collected
        // while inside the item, and taken when the item closed.
        self.doc.table_overflow = self.overflow.finish();
        self.doc
    }

    /// Inside a list item, the first block-level start decides where its head ends: a
    /// paragraph (loose item) becomes the head; any other block ends a tight head.
    fn item_block_starts(&mut self, tag: &Tag) {
        if self.depth != 2 || self.item_para_depth != Some(1) {
            return;
        }
        let is_block = matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
        );
        if !is_block {
            return;
        }
        if matches!(tag, Tag::Paragraph) && self.item_para_acc.is_none() {
            self.item_para_depth = Some(2);
        } else {
            self.take_item_para();
            self.item_para_depth = None;
        }
    }

    /// Gives the open item its first paragraph, when it has none yet.
    fn take_item_para(&mut self) {
        if let Some(it) = &mut self.item_acc {
            if it.first_para.is_none() {
                it.first_para = self.item_para_acc.take();
            }
        }
    }

    /// Records inline extents for whatever is open.
    fn cover_inline(&mut self, range: &Range<usize>) {
        if let Some(top) = self.para_stack.last_mut() {
            cover(top, range);
        }
        if self.depth >= 1 {
            if let Some(b) = &self.cur {
                if matches!(b.kind, BlockKind::Heading(_) | BlockKind::Paragraph) {
                    cover(&mut self.inline_acc, range);
                }
            }
        }
        if let Some(pd) = self.item_para_depth {
            if self.depth > pd {
                cover(&mut self.item_para_acc, range);
            }
        }
        if let Some(c) = &mut self.cell_acc {
            cover(c, range);
        }
    }

    /// Adds text and code spans (and a paragraph's line breaks, as spaces) to the plain text
    /// of the open heading or paragraph.
    fn collect_text(&mut self, ev: &Event) {
        let Some(b) = &mut self.cur else { return };
        let is_text_block = matches!(b.kind, BlockKind::Heading(_) | BlockKind::Paragraph);
        match ev {
            Event::Text(t) | Event::Code(t) if is_text_block => b.text.push_str(t),
            Event::SoftBreak | Event::HardBreak if b.kind == BlockKind::Paragraph => {
                b.text.push(' ')
            }
            _ => {}
        }
    }

    /// Notes a paragraph's leading `**bold**` span ([`Block::lead`]): the first event
    /// directly inside it opens bold at the paragraph's start.
    fn track_lead(&mut self, ev: &Event, range: &Range<usize>) {
        if self.depth != 1 {
            return;
        }
        match ev {
            Event::Start(tag) => {
                if let Some(b) = &mut self.cur {
                    if self.first_inline
                        && b.kind == BlockKind::Paragraph
                        && matches!(tag, Tag::Strong)
                        && range.start == b.range.start
                    {
                        b.lead = Some(range.clone());
                    }
                }
                self.first_inline = false;
            }
            Event::End(_) | Event::SoftBreak | Event::HardBreak => {}
            _ => self.first_inline = false,
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        if self.depth == 0 {
            self.open_block(&tag, &range);
        }
        match &tag {
            Tag::Paragraph => self.para_stack.push(None),
            Tag::Item if self.depth == 1 => self.open_item(&range),
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(i) => i.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code_acc = Some(CodeInfo {
                    range: range.clone(),
                    info,
                    code: String::new(),
                });
            }
            Tag::TableCell => self.cell_acc = Some(None),
            Tag::TableRow | Tag::TableHead => {
                self.row_acc.clear();
                self.row_start = range.start;
                if matches!(tag, Tag::TableHead) {
                    if let Some(Block { table: Some(t), .. }) = &mut self.cur {
                        t.header_range = Some(range.clone());
                    }
                }
            }
            _ => {}
        }
        self.depth += 1;
    }

    /// Starts a top-level block.
    fn open_block(&mut self, tag: &Tag, range: &Range<usize>) {
        let kind = block_kind(tag);
        self.item_count = 0;
        self.inline_acc = None;
        self.first_inline = true;
        self.cur = Some(Block {
            table: (kind == BlockKind::Table).then(TableData::default),
            kind,
            range: range.clone(),
            inline: None,
            lead: None,
            text: String::new(),
            items: Vec::new(),
        });
    }

    /// Starts an item of a top-level list.
    fn open_item(&mut self, range: &Range<usize>) {
        let Some(Block {
            kind: BlockKind::List { ordered, start },
            ..
        }) = &self.cur
        else {
            return;
        };
        let number = ordered.then(|| start.saturating_add(self.item_count));
        self.item_count += 1;
        self.item_acc = Some(Item {
            range: range.clone(),
            first_para: None,
            number,
        });
        // Tight items have no Paragraph: take the inline text directly.
        self.item_para_depth = Some(self.depth);
        self.item_para_acc = None;
    }

    fn end(&mut self, tag_end: TagEnd, range: Range<usize>) {
        self.depth = self.depth.saturating_sub(1);
        match tag_end {
            TagEnd::Paragraph => {
                if let Some(Some(r)) = self.para_stack.pop() {
                    self.doc.paragraphs.push(r);
                }
            }
            TagEnd::CodeBlock => {
                if let Some(c) = self.code_acc.take() {
                    self.doc.codes.push(c);
                }
            }
            TagEnd::TableCell => {
                if let Some(c) = self.cell_acc.take() {
                    let text = c
                        .as_ref()
                        .and_then(|r| self.src.get(r.clone()))
                        .unwrap_or("")
                        .to_string();
                    self.row_acc.push(Cell { text, range: c });
                }
            }
            TagEnd::TableHead => {
                if let Some(Block { table: Some(t), .. }) = &mut self.cur {
                    t.header = std::mem::take(&mut self.row_acc);
                }
            }
            TagEnd::TableRow => {
                if let Some(Block { table: Some(t), .. }) = &mut self.cur {
                    t.rows.push(std::mem::take(&mut self.row_acc));
                    t.row_ranges.push(self.row_start..range.end);
                }
            }
            _ => {}
        }
        self.close_items(&tag_end);
        if self.depth == 0 {
            if let Some(mut b) = self.cur.take() {
                b.inline = self.inline_acc.take();
                self.doc.blocks.push(b);
            }
        }
    }

    /// Closes the first paragraph of an item, and the item itself.
    fn close_items(&mut self, tag_end: &TagEnd) {
        if let Some(pd) = self.item_para_depth {
            if pd == 2 && self.depth == pd && matches!(tag_end, TagEnd::Paragraph) {
                self.take_item_para();
                self.item_para_depth = None;
            }
        }
        if self.depth == 1 && matches!(tag_end, TagEnd::Item) {
            if let Some(mut it) = self.item_acc.take() {
                if it.first_para.is_none() {
                    it.first_para = self.item_para_acc.take();
                }
                self.item_para_depth = None;
                if let Some(b) = &mut self.cur {
                    b.items.push(it);
                }
            }
        }
    }

    /// A top-level block with no content of its own (a rule, a lone HTML event).
    fn push_leaf(&mut self, kind: BlockKind, range: Range<usize>) {
        self.doc.blocks.push(Block {
            kind,
            range,
            inline: None,
            lead: None,
            text: String::new(),
            items: Vec::new(),
            table: None,
        });
    }
}

/// The source of a range, or "" when it is not valid.
pub(crate) fn slice<'a>(src: &'a str, r: &Range<usize>) -> &'a str {
    src.get(r.clone()).unwrap_or("")
}

/// Removes up to `n` leading spaces from every line (list-item continuation indent).
pub(crate) fn dedent(text: &str, n: usize) -> String {
    if n == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let strip = line.bytes().take(n).take_while(|&b| b == b' ').count();
        out.push_str(&line[strip..]);
    }
    out
}

/// Trims blank lines at both ends (keeps the indentation of the first line).
pub(crate) fn trim_blank_lines(text: &str) -> &str {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            start += line.len();
        } else {
            break;
        }
    }
    let rest = &text[start..];
    rest.trim_end()
}

/// Trims blank lines and separator rules (`---`) at both ends.
pub(crate) fn strip_rules(s: &str) -> String {
    let is_rule = |l: &str| {
        let t = l.trim();
        t.len() >= 3
            && (t.chars().all(|c| c == '-' || c == ' ')
                || t.chars().all(|c| c == '*' || c == ' ')
                || t.chars().all(|c| c == '_' || c == ' '))
    };
    let kept = |l: &&str| !(l.trim().is_empty() || is_rule(l));
    let mut lines = s.lines();
    let Some(first) = lines.by_ref().find(kept) else {
        return String::new();
    };
    let last = lines.rev().find(kept).unwrap_or(first);
    // Each line is a slice of `s` without its line break. Without a `\r` in between, the
    // kept lines joined by `\n` are the slice of `s` from the first to the last.
    let offset = |l: &str| l.as_ptr() as usize - s.as_ptr() as usize;
    let span = &s[offset(first)..offset(last) + last.len()];
    let joined = if span.contains('\r') {
        std::borrow::Cow::Owned(span.lines().collect::<Vec<_>>().join("\n"))
    } else {
        std::borrow::Cow::Borrowed(span)
    };
    // Keep the original indentation of the first line (it may be a code block).
    joined.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_blocks_and_items() {
        let src = "# T\n\n| | |\n|---|---|\n| **A** | `x` |\n\n## H2\n\n1. **One** — a\n\n   more\n\n2. **Two**\n\n```go\ncode\n```\n---\n";
        let doc = walk(src);
        let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind.clone()).collect();
        assert_eq!(kinds[0], BlockKind::Heading(1));
        assert_eq!(kinds[1], BlockKind::Table);
        assert_eq!(kinds[2], BlockKind::Heading(2));
        assert!(matches!(kinds[3], BlockKind::List { ordered: true, .. }));
        assert_eq!(kinds[4], BlockKind::Code);
        assert_eq!(kinds[5], BlockKind::Rule);
        let h = &doc.blocks[2];
        assert_eq!(slice(src, h.inline.as_ref().unwrap()), "H2");
        let t = doc.blocks[1].table.as_ref().unwrap();
        assert_eq!(t.rows[0][0].text, "**A**");
        assert_eq!(t.rows[0][1].text, "`x`");
        let list = &doc.blocks[3];
        assert_eq!(list.items.len(), 2);
        assert_eq!(
            slice(src, list.items[0].first_para.as_ref().unwrap()),
            "**One** — a"
        );
        assert_eq!(list.items[1].number, Some(2));
        assert_eq!(doc.codes[0].info, "go");
        assert_eq!(doc.codes[0].code, "code\n");
    }

    #[test]
    fn tight_items_have_first_para() {
        let src = "- a **b** c\n- d\n";
        let doc = walk(src);
        let list = &doc.blocks[0];
        assert_eq!(
            slice(src, list.items[0].first_para.as_ref().unwrap()),
            "a **b** c"
        );
        assert_eq!(slice(src, list.items[1].first_para.as_ref().unwrap()), "d");
    }

    #[test]
    fn lines() {
        let li = LineIndex::new("a\nb\nc", 3);
        assert_eq!(li.line(0), 3);
        assert_eq!(li.line(2), 4);
        assert_eq!(li.line(4), 5);
        assert_eq!(li.line_start(3), 2);
    }

    #[test]
    fn strip_rules_trims_blank_lines_and_rules_at_both_ends_only() {
        assert_eq!(
            strip_rules("\n---\n\n  body\n\n---\nmore\n***\n\n"),
            "  body\n\n---\nmore"
        );
        assert_eq!(strip_rules("\n---\n ___ \n\n"), "");
        assert_eq!(strip_rules(""), "");
        assert_eq!(strip_rules("one"), "one");
        // Windows line breaks inside the kept lines become `\n`, as `str::lines` reads them.
        assert_eq!(strip_rules("---\r\na\r\nb\r\n\r\n"), "a\nb");
        assert_eq!(strip_rules("a\r\n"), "a");
        assert_eq!(strip_rules("x\ry\n---"), "x\ry");
    }
}
