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
#[derive(Debug, Serialize)]
pub(super) struct TocChild {
    pub(super) anchor: String,
    pub(super) id: String,
    pub(super) label: String,
    pub(super) title: String,
    pub(super) severity: &'static str,
}
