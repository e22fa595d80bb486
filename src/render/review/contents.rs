//! The review page's table of contents: one entry per section, its findings (and, for the
//! appendix, its agent reviews) as children.

use serde::Serialize;

/// A section in the contents.
#[derive(Debug, Serialize)]
pub(super) struct TocEntry {
    pub(super) kind: String,
    pub(super) anchor: String,
    pub(super) label: String,
    pub(super) children: Vec<TocChild>,
}

/// A finding or an agent review under its section.
#[derive(Debug, Clone, Serialize)]
pub(super) struct TocChild {
    pub(super) anchor: String,
    pub(super) id: String,
    pub(super) label: String,
    pub(super) title: String,
    pub(super) severity: &'static str,
}

/// The page's findings in order, for the jump list a narrow screen shows under the
/// verdict (where the contents column is hidden): the contents' children that are
/// findings (an agent review has no id).
pub(super) fn jump_list(toc: &[TocEntry]) -> Vec<TocChild> {
    toc.iter()
        .flat_map(|t| t.children.iter())
        .filter(|c| !c.id.is_empty())
        .cloned()
        .collect()
}
