//! The ids a review's page gives its parts: the stable anchors of its sections and findings
//! (`<stem>.html#I3` is linked from PR comments, so the rule lives in one place for the
//! review page, the thread pages and the search index), and the titles links show.

use crate::model::{Finding, Review};
use crate::text::anchors::{slugify, Anchors};
use crate::text::plain;

/// The anchors of a review page's sections and findings (in that order of claim), and
/// the [`Anchors`] state after them, so thread pages can link to the same ids.
pub(crate) struct StableIds {
    pub anchors: Anchors,
    pub sections: Vec<String>,
    pub findings: Vec<String>,
}

/// Claims the stable anchors of `review` (after the [`RESERVED_IDS`]).
pub(crate) fn stable_ids(review: &Review) -> StableIds {
    let mut anchors = Anchors::default();
    for id in RESERVED_IDS {
        anchors.unique(id);
    }
    // Stable ids first: sections, findings, appendix agents; markdown headings after.
    let sections: Vec<String> = review
        .sections
        .iter()
        .map(|s| claim_anchor(&mut anchors, &s.anchor, &s.title))
        .collect();
    let findings: Vec<String> = review
        .findings
        .iter()
        .map(|f| anchors.unique(&f.id))
        .collect();
    StableIds {
        anchors,
        sections,
        findings,
    }
}

/// The anchor each finding of `review` gets on its page, in the order of
/// `review.findings` (`I3`, or `I3-1` when a section already took `I3`).
pub fn finding_anchors(review: &Review) -> Vec<String> {
    stable_ids(review).findings
}

/// Claims `anchor`, or the slug of `title` when the parser gave no anchor.
pub(crate) fn claim_anchor(anchors: &mut Anchors, anchor: &str, title: &str) -> String {
    if anchor.is_empty() {
        anchors.unique(&slugify(&plain::plain_text(title)))
    } else {
        anchors.unique(anchor)
    }
}

/// A finding's title, or its head line when it has none.
pub(crate) fn finding_title(f: &Finding) -> &str {
    if f.title.trim().is_empty() {
        &f.head
    } else {
        &f.title
    }
}

/// Ids the page templates use themselves.
const RESERVED_IDS: &[&str] = &["main", "details", "top", "contents", "since-last-round"];

/// A review's title, or its id when it has none.
pub(crate) fn title_or_id(title: &str, id: &str) -> String {
    if title.trim().is_empty() {
        id.to_string()
    } else {
        title.to_string()
    }
}
