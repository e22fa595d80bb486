//! Headings in a block of report Markdown: the level each is shown at (shifted under a base
//! level without skipping one) and its tags, with a unique id and a self-link.

use crate::html::escape::escape;
use pulldown_cmark::{Event, HeadingLevel, Tag};

/// `H1` -> 1 ... `H6` -> 6 (the enum's explicit discriminants).
fn heading_num(level: HeadingLevel) -> u8 {
    level as u8
}

/// The levels a block's headings are shown at. With a base level, headings are shifted so
/// the smallest becomes `base`, and never skip a level on the way down (an `h2` then `h4`
/// in a report becomes `h4`, `h5`), so the page outline stays valid. Without one, each
/// keeps its level.
pub(super) struct HeadingShift {
    base: Option<u8>,
    /// The smallest level among the block's headings (1 when it has none).
    min_level: u8,
    /// The level last shown (under a base, one above the base to begin with).
    last: Option<u8>,
}

impl HeadingShift {
    /// The shift for a block whose headings are those among `events`, under `base`.
    pub(super) fn new(base: Option<u8>, events: &[Event<'_>]) -> Self {
        let min_level = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(heading_num(*level)),
                _ => None,
            })
            .min()
            .unwrap_or(1);
        HeadingShift {
            base,
            min_level,
            last: base.map(|b| b.clamp(1, 6) - 1),
        }
    }

    /// The level the next heading, written at `level`, is shown at.
    pub(super) fn level(&mut self, level: HeadingLevel) -> u8 {
        let level = heading_num(level);
        match (self.base, self.last) {
            (Some(base), Some(prev)) => {
                let shifted = (level - self.min_level + base.clamp(1, 6)).clamp(1, 6);
                let out = shifted.min(prev + 1).clamp(1, 6);
                self.last = Some(out);
                out
            }
            _ => level,
        }
    }
}

/// The opening and closing tags of a heading shown at `level` with the id `id` (not yet
/// escaped); the closing one carries the self-link.
pub(super) fn heading_tags(level: u8, id: &str) -> (String, String) {
    let id = escape(id);
    let open = format!("<h{level} id=\"{id}\">");
    let close = format!(
        "<a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this heading\">#</a></h{level}>"
    );
    (open, close)
}
