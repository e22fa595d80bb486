//! Tables in a block of report Markdown: wrapped for scrolling, alignment dropped, and rows
//! with more cells than their header (which pulldown-cmark drops, and the dialect's
//! overflow scan finds) shown in added columns, so no cell is lost and every table stays
//! rectangular.

use crate::text::dialect::RowOverflow;
use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};
use std::collections::HashMap;

/// The tables of one block as its events are rewritten.
pub(super) struct Tables<'o> {
    /// Columns added to each table (by its number in the block, from 0).
    extra_cols: HashMap<usize, usize>,
    /// The cells beyond the header, by row number.
    overflow_rows: HashMap<usize, &'o [String]>,
    /// Tables started so far.
    table_no: usize,
    /// Rows ended so far.
    row_no: usize,
}

impl<'o> Tables<'o> {
    /// The tables of a block whose rows beyond their header are `overflow`.
    pub(super) fn new(overflow: &'o [RowOverflow]) -> Self {
        let mut extra_cols: HashMap<usize, usize> = HashMap::new();
        for o in overflow {
            let n = extra_cols.entry(o.table).or_default();
            *n = (*n).max(o.cells.len());
        }
        let overflow_rows = overflow
            .iter()
            .map(|o| (o.row, o.cells.as_slice()))
            .collect();
        Tables {
            extra_cols,
            overflow_rows,
            table_no: 0,
            row_no: 0,
        }
    }

    /// A table starts: its wrapper, and the table without alignments.
    pub(super) fn start<'e>(&mut self, align: &[Alignment], out: &mut Vec<Event<'e>>) {
        self.table_no += 1;
        out.push(Event::Html(CowStr::from("<div class=\"table-wrap\">")));
        // No `style="text-align: ..."`: the sanitiser drops `style` anyway.
        let plain = vec![Alignment::None; align.len()];
        out.push(Event::Start(Tag::Table(plain)));
    }

    /// The header ends: an empty header cell for each added column first.
    pub(super) fn end_head<'e>(&self, out: &mut Vec<Event<'e>>) {
        for _ in 0..self.extra() {
            out.push(Event::Start(Tag::TableCell));
            out.push(Event::End(TagEnd::TableCell));
        }
        out.push(Event::End(TagEnd::TableHead));
    }

    /// A row ends: its cells beyond the header first, one per added column.
    pub(super) fn end_row<'e>(&mut self, out: &mut Vec<Event<'e>>) {
        let cells = self
            .overflow_rows
            .get(&self.row_no)
            .copied()
            .unwrap_or_default();
        for k in 0..self.extra() {
            out.push(Event::Start(Tag::TableCell));
            if let Some(c) = cells.get(k) {
                out.push(Event::Text(CowStr::from(c.clone())));
            }
            out.push(Event::End(TagEnd::TableCell));
        }
        self.row_no += 1;
        out.push(Event::End(TagEnd::TableRow));
    }

    /// A table ends, and its wrapper.
    pub(super) fn end<'e>(out: &mut Vec<Event<'e>>) {
        out.push(Event::End(TagEnd::Table));
        out.push(Event::Html(CowStr::from("</div>")));
    }

    /// The number of columns added to the current table.
    fn extra(&self) -> usize {
        self.extra_cols
            .get(&self.table_no.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }
}
