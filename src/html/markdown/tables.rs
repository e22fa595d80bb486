//! Tables in a block of report Markdown: wrapped for scrolling, GFM column alignment
//! (`:---`, `:---:`, `---:`) kept as a class on each cell (`al-l`, `al-c`, `al-r`: the
//! writer's `style` attribute would not pass the sanitiser), and rows with more cells than
//! their header (which pulldown-cmark drops, and the dialect's overflow scan finds) shown
//! in added columns, so no cell is lost and every table stays rectangular.

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
    /// The current table's column alignments, as written.
    align: Vec<Alignment>,
    /// Whether the cells being written are header cells.
    in_head: bool,
    /// The next cell's column in its row.
    col: usize,
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
            align: Vec::new(),
            in_head: false,
            col: 0,
        }
    }

    /// A table starts: its wrapper, and the table without the writer's alignments (the
    /// cells carry them, see [`Tables::start_cell`]).
    pub(super) fn start<'e>(&mut self, align: Vec<Alignment>, out: &mut Vec<Event<'e>>) {
        self.table_no += 1;
        out.push(Event::Html(CowStr::from("<div class=\"table-wrap\">")));
        let plain = vec![Alignment::None; align.len()];
        self.align = align;
        out.push(Event::Start(Tag::Table(plain)));
    }

    /// The header or a body row starts: its cells count from the first column.
    pub(super) fn start_row<'e>(&mut self, tag: Tag<'e>, out: &mut Vec<Event<'e>>) {
        self.in_head = matches!(tag, Tag::TableHead);
        self.col = 0;
        out.push(Event::Start(tag));
    }

    /// A cell starts: with its column's alignment class when the table gives one (the
    /// writer closes it).
    pub(super) fn start_cell<'e>(&mut self, out: &mut Vec<Event<'e>>) {
        let class = match self.align.get(self.col) {
            Some(Alignment::Left) => Some("al-l"),
            Some(Alignment::Center) => Some("al-c"),
            Some(Alignment::Right) => Some("al-r"),
            _ => None,
        };
        self.col += 1;
        let tag = if self.in_head { "th" } else { "td" };
        out.push(match class {
            Some(c) => Event::Html(CowStr::from(format!("<{tag} class=\"{c}\">"))),
            None => Event::Start(Tag::TableCell),
        });
    }

    /// A cell ends. A header cell with nothing in it becomes an empty data cell: an empty
    /// `<th>` names its column with nothing (axe's `empty-table-header`).
    pub(super) fn end_cell<'e>(&mut self, out: &mut Vec<Event<'e>>) {
        if self.in_head {
            let empty = match out.last() {
                Some(Event::Start(Tag::TableCell)) => Some(String::new()),
                Some(Event::Html(h)) if h.starts_with("<th class=") => {
                    Some(h["<th".len()..h.len() - 1].to_string())
                }
                _ => None,
            };
            if let Some(attrs) = empty {
                out.pop();
                out.push(Event::Html(CowStr::from(format!("<td{attrs}></td>"))));
                return;
            }
        }
        out.push(Event::End(TagEnd::TableCell));
    }

    /// The header ends: an empty cell (not a header: it names nothing) for each added
    /// column first.
    pub(super) fn end_head<'e>(&mut self, out: &mut Vec<Event<'e>>) {
        self.in_head = false;
        for _ in 0..self.extra() {
            out.push(Event::Html(CowStr::from("<td></td>")));
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
