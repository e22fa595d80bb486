//! The Markdown dialect reports are written in: the one set of pulldown-cmark [`Options`]
//! that the parser, the search index and the renderer all read with (so they never disagree
//! on what a table or a list is), and the GFM table rows with more cells than their header.

use pulldown_cmark::{Event, Options, Tag, TagEnd};

/// The Markdown extensions reports are read with. The renderer (`html::markdown`) leaves Markdown without
/// raw HTML unsanitised because every event these options produce is either escaped by
/// pulldown-cmark's writer or replaced by our own markup: enabling another extension
/// (footnotes, heading attributes, math, ...) must extend that reasoning first.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// A table body row written with more cells than its table's header. GFM drops the extra
/// cells; the renderer shows them in added columns instead, and the parser reports them.
#[derive(Debug, Clone, PartialEq)]
pub struct RowOverflow {
    /// Which table of the text (0-based, in order).
    pub table: usize,
    /// Which body row of the text (0-based, counted over all tables).
    pub row: usize,
    /// Byte offset of the row in the text.
    pub offset: usize,
    /// The extra cells' source text, `\|` unescaped.
    pub cells: Vec<String>,
}

/// Every body row of `md`'s tables that has more cells than its header.
#[cfg(test)]
pub(crate) fn table_overflow(md: &str) -> Vec<RowOverflow> {
    let mut scan = OverflowScan::default();
    if !md.contains('|') {
        // No table (a table row needs a pipe): no need to parse.
        return scan.finish();
    }
    for (ev, range) in pulldown_cmark::Parser::new_ext(md, options()).into_offset_iter() {
        scan.event(md, &ev, &range);
    }
    scan.finish()
}

/// [`table_overflow`] over a parse made for something else: fed every event of `md`
/// with its range, in order.
#[derive(Debug, Default)]
pub(crate) struct OverflowScan {
    table: usize,
    row: usize,
    last_cell_end: Option<usize>,
    in_body_row: bool,
    found: Vec<RowOverflow>,
}

impl OverflowScan {
    pub fn event(&mut self, md: &str, ev: &Event<'_>, range: &std::ops::Range<usize>) {
        match ev {
            Event::Start(Tag::TableRow) => {
                self.in_body_row = true;
                self.last_cell_end = None;
            }
            Event::End(TagEnd::TableCell) if self.in_body_row => {
                self.last_cell_end = Some(range.end)
            }
            Event::End(TagEnd::TableRow) => {
                let rest = md.get(self.last_cell_end.unwrap_or(range.end)..range.end);
                let cells = rest.map(extra_cells).unwrap_or_default();
                if !cells.is_empty() {
                    self.found.push(RowOverflow {
                        table: self.table.saturating_sub(1),
                        row: self.row,
                        offset: range.start,
                        cells,
                    });
                }
                self.in_body_row = false;
                self.row += 1;
            }
            Event::Start(Tag::Table(_)) => self.table += 1,
            _ => {}
        }
    }

    /// The rows found.
    pub(crate) fn finish(self) -> Vec<RowOverflow> {
        self.found
    }
}

/// The cells in what follows a row's last parsed cell (`| 3 | x |`).
fn extra_cells(rest: &str) -> Vec<String> {
    let rest = rest.trim();
    let rest = rest.strip_prefix('|').unwrap_or(rest);
    let rest = match rest.strip_suffix('|') {
        Some(r) if !r.ends_with('\\') => r,
        _ => rest,
    };
    if rest.trim().is_empty() {
        return Vec::new();
    }
    let mut cells = vec![String::new()];
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                if let Some(s) = cells.last_mut() {
                    s.push('|');
                }
                chars.next();
            }
            '|' => cells.push(String::new()),
            c => {
                if let Some(s) = cells.last_mut() {
                    s.push(c);
                }
            }
        }
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}
