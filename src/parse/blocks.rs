//! The block walker: one pass of pulldown-cmark events with source offsets, turned into the
//! top-level blocks of a report (headings, paragraphs, lists with their items, fences,
//! tables, rules) plus every fenced block and paragraph at any depth. Everything else in
//! the parser slices the source by these byte ranges, so no text is rewritten.

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
    pub fn line_start(&self, offset: usize) -> usize {
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
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
    /// Inline content range for headings and paragraphs.
    pub inline: Option<Range<usize>>,
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
    /// Table rows with more cells than their header (see [`crate::html::markdown::table_overflow`]).
    pub table_overflow: Vec<crate::text::dialect::RowOverflow>,
}

/// The items of `sorted` (in source order, by their start offset) that start within `r`:
/// a binary search, so that looking up each finding's code blocks and paragraphs stays
/// linear in the size of a report with thousands of findings.
pub fn starting_in<'a, T>(
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
    let mut doc = Doc::default();
    let mut depth: usize = 0;
    // The top-level block being built.
    let mut cur: Option<Block> = None;
    // Inline range of the top-level heading/paragraph.
    let mut inline_acc: Option<Range<usize>> = None;
    // List item tracking (depth of the list = 1, item = 2).
    let mut item_acc: Option<Item> = None;
    let mut item_para_depth: Option<usize> = None;
    let mut item_para_acc: Option<Range<usize>> = None;
    let mut item_count: u64 = 0;
    // Paragraphs at any depth.
    let mut para_stack: Vec<Option<Range<usize>>> = Vec::new();
    // Code blocks at any depth.
    let mut code_acc: Option<CodeInfo> = None;
    // Tables.
    let mut cell_acc: Option<Option<Range<usize>>> = None;
    let mut row_acc: Vec<Cell> = Vec::new();
    let mut row_start: usize = 0;

    let mut overflow = crate::text::dialect::OverflowScan::default();
    for (ev, range) in Parser::new_ext(src, options()).into_offset_iter() {
        overflow.event(src, &ev, &range);
        // Inside a list item, the first block-level start decides where its head ends:
        // a paragraph (loose item) becomes the head; any other block ends a tight head.
        if let Event::Start(tag) = &ev {
            if depth == 2 && item_para_depth == Some(1) {
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
                if is_block {
                    if matches!(tag, Tag::Paragraph) && item_para_acc.is_none() {
                        item_para_depth = Some(2);
                    } else {
                        if let Some(it) = &mut item_acc {
                            if it.first_para.is_none() {
                                it.first_para = item_para_acc.take();
                            }
                        }
                        item_para_depth = None;
                    }
                }
            }
        }
        // Record inline extents for whatever is open.
        let is_inline_ev = match &ev {
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
        };
        if is_inline_ev {
            if let Some(top) = para_stack.last_mut() {
                cover(top, &range);
            }
            if depth >= 1 {
                if let Some(b) = &cur {
                    if matches!(b.kind, BlockKind::Heading(_) | BlockKind::Paragraph) {
                        cover(&mut inline_acc, &range);
                    }
                }
            }
            if let Some(pd) = item_para_depth {
                if depth > pd {
                    cover(&mut item_para_acc, &range);
                }
            }
            if let Some(c) = &mut cell_acc {
                cover(c, &range);
            }
        }

        match ev {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match &tag {
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
                    };
                    item_count = 0;
                    inline_acc = None;
                    cur = Some(Block {
                        table: if kind == BlockKind::Table {
                            Some(TableData::default())
                        } else {
                            None
                        },
                        kind,
                        range: range.clone(),
                        inline: None,
                        items: Vec::new(),
                    });
                }
                match &tag {
                    Tag::Paragraph => {
                        para_stack.push(None);
                    }
                    Tag::Item if depth == 1 => {
                        if let Some(Block {
                            kind: BlockKind::List { ordered, start },
                            ..
                        }) = &cur
                        {
                            let number = if *ordered {
                                Some(start.saturating_add(item_count))
                            } else {
                                None
                            };
                            item_count += 1;
                            item_acc = Some(Item {
                                range: range.clone(),
                                first_para: None,
                                number,
                            });
                            // Tight items have no Paragraph: take the inline text directly.
                            item_para_depth = Some(depth);
                            item_para_acc = None;
                        }
                    }
                    Tag::CodeBlock(kind) => {
                        let info = match kind {
                            CodeBlockKind::Fenced(i) => i.to_string(),
                            CodeBlockKind::Indented => String::new(),
                        };
                        code_acc = Some(CodeInfo {
                            range: range.clone(),
                            info,
                            code: String::new(),
                        });
                    }
                    Tag::TableCell => {
                        cell_acc = Some(None);
                    }
                    Tag::TableRow | Tag::TableHead => {
                        row_acc.clear();
                        row_start = range.start;
                    }
                    _ => {}
                }
                depth += 1;
            }
            Event::End(tag_end) => {
                depth = depth.saturating_sub(1);
                match tag_end {
                    TagEnd::Paragraph => {
                        if let Some(Some(r)) = para_stack.pop() {
                            doc.paragraphs.push(r);
                        }
                    }
                    TagEnd::CodeBlock => {
                        if let Some(c) = code_acc.take() {
                            doc.codes.push(c);
                        }
                    }
                    TagEnd::TableCell => {
                        if let Some(c) = cell_acc.take() {
                            let text = c
                                .as_ref()
                                .and_then(|r| src.get(r.clone()))
                                .unwrap_or("")
                                .to_string();
                            row_acc.push(Cell { text, range: c });
                        }
                    }
                    TagEnd::TableHead => {
                        if let Some(Block { table: Some(t), .. }) = &mut cur {
                            t.header = std::mem::take(&mut row_acc);
                        }
                    }
                    TagEnd::TableRow => {
                        if let Some(Block { table: Some(t), .. }) = &mut cur {
                            t.rows.push(std::mem::take(&mut row_acc));
                            t.row_ranges.push(row_start..range.end);
                        }
                    }
                    _ => {}
                }
                // Closing the first paragraph of an item.
                if let Some(pd) = item_para_depth {
                    if pd == 2 && depth == pd && matches!(tag_end, TagEnd::Paragraph) {
                        if let Some(it) = &mut item_acc {
                            if it.first_para.is_none() {
                                it.first_para = item_para_acc.take();
                            }
                        }
                        item_para_depth = None;
                    }
                }
                if depth == 1 && matches!(tag_end, TagEnd::Item) {
                    if let Some(mut it) = item_acc.take() {
                        if it.first_para.is_none() {
                            it.first_para = item_para_acc.take();
                        }
                        item_para_depth = None;
                        if let Some(b) = &mut cur {
                            b.items.push(it);
                        }
                    }
                }
                if depth == 0 {
                    if let Some(mut b) = cur.take() {
                        b.inline = inline_acc.take();
                        doc.blocks.push(b);
                    }
                }
            }
            Event::Text(t) => {
                if let Some(c) = &mut code_acc {
                    c.code.push_str(&t);
                }
            }
            Event::Rule if depth == 0 => {
                doc.blocks.push(Block {
                    kind: BlockKind::Rule,
                    range,
                    inline: None,
                    items: Vec::new(),
                    table: None,
                });
            }
            Event::Html(_) | Event::InlineHtml(_) if depth == 0 => {
                doc.blocks.push(Block {
                    kind: BlockKind::Html,
                    range,
                    inline: None,
                    items: Vec::new(),
                    table: None,
                });
            }
            _ => {}
        }
    }
    // A tight item's text ends without a Paragraph end: `item_para_acc` was collected while
    // inside the item, and taken when the item closed.
    doc.table_overflow = overflow.finish();
    doc
}

/// The source of a range, or "" when it is not valid.
pub fn slice<'a>(src: &'a str, r: &Range<usize>) -> &'a str {
    src.get(r.clone()).unwrap_or("")
}

/// Removes up to `n` leading spaces from every line (list-item continuation indent).
pub fn dedent(text: &str, n: usize) -> String {
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
pub fn trim_blank_lines(text: &str) -> &str {
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
}
