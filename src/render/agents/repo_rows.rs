//! The compact agent table of a repository page: one row per family over the
//! repository's reviews, linking to the family pages.

use super::paths::family_url;
use super::table::NA;
use crate::aggregate::agent_stats::AgentBoard;
use crate::model::SeverityCounts;
use crate::render::pills::{agent_pill, AgentPill};
use crate::render::urls::link;
use crate::text::duration::format_duration;
use crate::text::names::agent_class;
use serde::Serialize;

/// The agent table of a repository page: one row per family over the repository's
/// reviews, linking to the family pages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RepoAgentRow {
    pill: AgentPill,
    url: String,
    reviews: u32,
    failures: u32,
    findings: Option<SeverityCounts>,
    findings_runs: u32,
    unique: String,
    false_positives: String,
    median: String,
    credited: u32,
}

pub(crate) fn repo_agent_rows(board: &AgentBoard, root: &str) -> Vec<RepoAgentRow> {
    board
        .families
        .iter()
        .map(|s| {
            let findings = (s.critical.known > 0).then(|| SeverityCounts {
                critical: s.critical.total.min(u32::MAX as u64) as u32,
                important: s.important.total.min(u32::MAX as u64) as u32,
                suggestion: s.suggestion.total.min(u32::MAX as u64) as u32,
            });
            let mut pill = agent_pill(&s.label, &s.family);
            pill.short = s.label.clone();
            pill.class = agent_class(&s.family);
            RepoAgentRow {
                pill,
                url: link(root, &family_url(&s.family)),
                reviews: s.reviews,
                failures: s.format_failures,
                findings,
                findings_runs: s.critical.known,
                unique: s
                    .unique_insights
                    .value()
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| NA.into()),
                false_positives: s
                    .false_positives
                    .value()
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| NA.into()),
                median: s
                    .median_duration()
                    .map(|d| format_duration(Some(d)))
                    .unwrap_or_else(|| NA.into()),
                credited: s.credited,
            }
        })
        .collect()
}
