//! The agent retrospective's metrics table, normalised: one row per agent (tokens, cost,
//! duration, findings, tool calls and the consolidation counts), the optional columns
//! only when some agent has a value, and the rows the normaliser does not know kept as
//! extra columns. The table as written is shown beside it.

use super::markup::Markup;
use crate::html::markdown;
use crate::model::{AgentMetrics, MetricField, Review, Section, SeverityCounts};
use crate::parse::run_status::{is_status_label, run_status, RunStatus};
use crate::render::common::{at_least, opt_num, DASH, PARTIAL_NOTE};
use crate::render::pills::{agent_pill, AgentPill};
use crate::text::duration::format_duration;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub(super) struct MetricsRow {
    agent: AgentPill,
    no_output: bool,
    /// The badge of an agent without usable output: `no output`, or the sidecar's status
    /// (`failed`, `malformed`, `empty`).
    no_output_label: String,
    /// `482k in / 21k out`, or `—`.
    tokens: String,
    /// `$3.87`, or `—`.
    cost: String,
    duration: String,
    duration_title: String,
    findings: Option<SeverityCounts>,
    /// The findings are the known passes' sum only (shown `≥`).
    findings_partial: bool,
    tool_calls: String,
    tools_title: String,
    design: String,
    false_positives: String,
    unique: String,
    files: String,
    misses: String,
    downgrades: String,
    dropped: String,
    /// Cells of the extra columns, in the order of `SectionView::extra_heads`.
    extra: Vec<ExtraCell>,
    /// Some total of this agent is partial.
    partial: bool,
}

/// A cell of a metrics row the normaliser does not know, as written.
#[derive(Debug, Serialize)]
struct ExtraCell {
    html: String,
    /// `status-bad` for a status such as `failed`, `status-ok` for `ok`, else empty.
    class: &'static str,
}

/// The optional columns of the metrics table: a column where every agent is `—` says
/// nothing and is left out (the table as written keeps it).
#[derive(Debug, Default, Serialize)]
pub(super) struct MetricCols {
    design: bool,
    false_positives: bool,
    unique: bool,
    files: bool,
    misses: bool,
    downgrades: bool,
    dropped: bool,
    tokens: bool,
    cost: bool,
    /// Some agent has a partial total (shown `≥`, explained under the table).
    partial: bool,
    /// The explanation of `≥`.
    partial_note: &'static str,
}

impl MetricCols {
    fn of(rows: &[MetricsRow]) -> Self {
        let any = |f: fn(&MetricsRow) -> &str| rows.iter().any(|r| f(r) != DASH);
        MetricCols {
            design: any(|r| &r.design),
            false_positives: any(|r| &r.false_positives),
            unique: any(|r| &r.unique),
            files: any(|r| &r.files),
            misses: any(|r| &r.misses),
            downgrades: any(|r| &r.downgrades),
            dropped: any(|r| &r.dropped),
            tokens: any(|r| &r.tokens),
            cost: any(|r| &r.cost),
            partial: rows.iter().any(|r| r.partial),
            partial_note: PARTIAL_NOTE,
        }
    }
}

/// The labels of rows the normaliser does not know, over all agents, in order.
fn extra_heads(metrics: &[AgentMetrics]) -> Vec<String> {
    let mut heads: Vec<String> = Vec::new();
    for m in metrics {
        for (label, _) in &m.other {
            if !label.trim().is_empty() && !heads.iter().any(|h| h == label) {
                heads.push(label.clone());
            }
        }
    }
    heads
}

/// The class of a status cell: a run that failed, errored or timed out stands out.
fn status_class(label: &str, cell: &str) -> &'static str {
    if !is_status_label(label) {
        return "";
    }
    match run_status(cell) {
        RunStatus::Failed | RunStatus::Empty => "status-bad",
        RunStatus::Ok => "status-ok",
        RunStatus::Unknown => "",
    }
}

/// The metrics rows of a retro with the extra columns filled in.
fn metrics_rows(metrics: &[AgentMetrics], heads: &[String]) -> Vec<MetricsRow> {
    metrics
        .iter()
        .map(|m| {
            let mut row = metrics_row(m);
            row.extra = heads
                .iter()
                .map(|h| {
                    let cell = m
                        .other
                        .iter()
                        .find(|(l, _)| l == h)
                        .map(|(_, c)| c.trim())
                        .filter(|c| !c.is_empty())
                        .unwrap_or(DASH);
                    ExtraCell {
                        html: markdown::render_inline_nolinks(cell),
                        class: status_class(h, cell),
                    }
                })
                .collect();
            row
        })
        .collect()
}

/// One agent's row of the metrics table.
pub(super) fn metrics_row(m: &AgentMetrics) -> MetricsRow {
    let tools_title = m
        .tool_calls
        .as_ref()
        .map(|t| {
            t.by_tool
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let downgrades = if m.downgrades.is_empty() {
        opt_num(m.downgraded)
    } else {
        m.downgrades
            .iter()
            .map(|d| {
                format!(
                    "{}\u{2192}{} \u{00d7}{}",
                    d.from.letter(),
                    d.to.letter(),
                    d.count
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let passes: Vec<String> = m
        .pass_durations_secs
        .iter()
        .enumerate()
        .map(|(i, d)| format!("pass {}: {}", i + 1, format_duration(*d)))
        .collect();
    let part = |f: MetricField| m.partial.contains(f);
    let mut duration_title = passes.join(", ");
    if part(MetricField::Duration) {
        duration_title = format!("{duration_title}; {PARTIAL_NOTE}");
    }
    let tokens = match (m.tokens_in, m.tokens_out) {
        (None, None) => DASH.to_string(),
        (i, o) => format!(
            "{} in / {} out",
            i.map_or(DASH.to_string(), short_count),
            o.map_or(DASH.to_string(), short_count)
        ),
    };
    MetricsRow {
        agent: agent_pill(&m.agent, &m.family),
        no_output: m.no_output,
        no_output_label: match m.status {
            Some(s) if s.is_failure() && s != crate::model::AgentStatus::Empty => {
                s.as_str().to_string()
            }
            _ => "no output".to_string(),
        },
        tokens,
        cost: m.cost_usd.map_or(DASH.to_string(), |c| format!("${c:.2}")),
        duration: at_least(
            format_duration(m.duration_secs),
            part(MetricField::Duration),
        ),
        duration_title,
        findings: m.findings,
        findings_partial: m.findings.is_some() && part(MetricField::Findings),
        tool_calls: at_least(
            opt_num(m.tool_calls.as_ref().and_then(|t| t.total)),
            part(MetricField::ToolCalls),
        ),
        tools_title,
        design: at_least(
            opt_num(m.design_observations),
            part(MetricField::DesignObservations),
        ),
        false_positives: at_least(
            opt_num(m.false_positives),
            part(MetricField::FalsePositives),
        ),
        unique: at_least(
            opt_num(m.unique_insights),
            part(MetricField::UniqueInsights),
        ),
        files: at_least(opt_num(m.files_reviewed), part(MetricField::FilesReviewed)),
        misses: at_least(
            opt_num(m.coverage_misses),
            part(MetricField::CoverageMisses),
        ),
        downgrades: at_least(downgrades, part(MetricField::Downgraded)),
        dropped: at_least(opt_num(m.dropped), part(MetricField::Dropped)),
        extra: Vec::new(),
        partial: !m.partial.is_empty(),
    }
}

/// `482113` -> `482k`, `1520000` -> `1.5M`; small counts as they are.
fn short_count(n: u64) -> String {
    match n {
        0..=9_999 => n.to_string(),
        10_000..=999_999 => format!("{}k", (n + 500) / 1000),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

/// The agent retro section's parts: the prose before the metrics table, the table
/// normalised and as written, the prose after it.
#[derive(Default)]
pub(super) struct RetroParts {
    pub(super) body_html: String,
    pub(super) metrics: Vec<MetricsRow>,
    pub(super) metric_cols: MetricCols,
    pub(super) extra_heads: Vec<String>,
    pub(super) original_table_html: String,
    pub(super) after_html: String,
}

/// The agent retro section `s`: when the retro's metrics table is found in its body, the
/// normalised table takes its place between the prose around it (the table as written is
/// kept apart); else the normalised table follows the whole prose.
pub(super) fn retro_parts(review: &Review, s: &Section, markup: &mut Markup) -> RetroParts {
    let mut parts = RetroParts::default();
    let retro = review.retro.as_ref();
    let span = retro
        .and_then(|r| r.table_span)
        .filter(|_| retro.is_some_and(|r| !r.metrics.is_empty()))
        .and_then(|(a, b)| Some((s.body.get(..a)?, s.body.get(a..b)?, s.body.get(b..)?)));
    match (span, retro) {
        (Some((before, table, after)), Some(retro)) => {
            parts.body_html = markup.block(before, Some(3));
            parts.extra_heads = extra_heads(&retro.metrics);
            parts.metrics = metrics_rows(&retro.metrics, &parts.extra_heads);
            parts.original_table_html = markup.block(table, Some(3));
            parts.after_html = markup.block(after, Some(3));
        }
        _ => {
            parts.body_html = markup.block(&s.body, Some(3));
            if let Some(retro) = retro.filter(|r| !r.metrics.is_empty()) {
                // No span: show the normalised table after the prose.
                parts.extra_heads = extra_heads(&retro.metrics);
                parts.metrics = metrics_rows(&retro.metrics, &parts.extra_heads);
            }
        }
    }
    parts.metric_cols = MetricCols::of(&parts.metrics);
    parts
}
