//! The review page's metadata table: each row as written (labels plain, values inline
//! Markdown), the reviewers' row with their pills, and the wall-clock row showing the
//! sidecar's time when it differs from the report's.

use super::markup::Markup;
use crate::html::markdown;
use crate::model::Metadata;
use crate::render::pills::{reviewer_pills, AgentPill};
use crate::text::duration::format_duration;
use serde::Serialize;

/// A row of the metadata table.
#[derive(Debug, Serialize)]
pub(super) struct MetaRowView {
    label: String,
    value_html: String,
    agents: Vec<AgentPill>,
}

/// The rows of the metadata table of a review with metadata `m`.
pub(super) fn meta_rows(m: &Metadata, markup: &Markup) -> Vec<MetaRowView> {
    m.rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            // The row the reviewers were read from (`Reviewers`, `Prüfer`...).
            let is_reviewers = m.reviewers_row == Some(index) && !m.reviewers.is_empty();
            MetaRowView {
                label: markdown::plain_text(&row.label),
                value_html: wall_clock_override(m, index)
                    .unwrap_or_else(|| markup.inline(&row.value)),
                agents: if is_reviewers {
                    reviewer_pills(&m.reviewers)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// The wall-clock row when the sidecar's time differs from the one written (the row
/// `index` of `m` is one the enrich stage marked): the sidecar's time, with the report's
/// as written beside it.
fn wall_clock_override(m: &Metadata, index: usize) -> Option<String> {
    let secs = m.wall_clock_secs?;
    if !m.wall_clock_overridden.contains(&index) {
        return None;
    }
    let written = markdown::plain_text(&m.rows.get(index)?.value);
    Some(format!(
        "<code>{}</code> <span class=\"muted\" title=\"The sidecar's value; the report says otherwise\">(sidecar; report: {})</span>",
        format_duration(Some(secs)),
        crate::html::escape::escape(written.trim())
    ))
}
