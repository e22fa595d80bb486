//! One sidecar `agents` record's metrics over its metrics column: identity (family, model,
//! effort), status, passes, total duration, usage (tool calls, tokens, cost) and counts
//! (findings, design observations, false positives, ..., downgrades), in that order.

use super::notes::{quoted, set, show_secs, Applied};
use crate::enrich::sidecar::{self, AgentRecord};
use crate::model::{AgentMetrics, AgentPass, Downgrade, MetricField, SeverityCounts, ToolCalls};

/// Applies the metrics of `rec` (of the agent family `family`, named `path` in messages)
/// to the column `m`.
pub(super) fn apply_metrics(
    m: &mut AgentMetrics,
    rec: &AgentRecord,
    family: &str,
    path: &str,
    out: &mut Applied,
) {
    let at = |field: &str| format!("{path}.{field}");
    if rec.family.is_some() && m.family != family {
        out.differs(&at("family"), family.to_string(), m.family.clone());
        m.family = family.to_string();
    }
    set(&mut m.model, &rec.model, &at("model"), quoted, out);
    set(&mut m.effort, &rec.effort, &at("effort"), quoted, out);
    apply_status(m, rec, path, out);
    apply_passes(m, rec, path, out);
    let total = rec.duration_secs.or_else(|| {
        let d = &m.pass_durations_secs;
        if !rec.passes.is_empty() && d.iter().all(Option::is_some) {
            Some(d.iter().flatten().fold(0u64, |a, b| a.saturating_add(*b)))
        } else {
            None
        }
    });
    set(
        &mut m.duration_secs,
        &total,
        &at("duration_secs"),
        |s| show_secs(*s),
        out,
    );
    apply_usage(m, rec, path, out);
    apply_counts(m, rec, path, out);
    // A total the sidecar gives is whole: no longer the report's partial sum.
    let whole = total.is_some();
    m.partial.0.retain(|&f| !sidecar_gives(rec, f, whole));
}

/// Whether `rec` states the whole total of `field` (`duration`: the total worked out).
fn sidecar_gives(rec: &AgentRecord, field: MetricField, duration: bool) -> bool {
    match field {
        MetricField::Duration => duration,
        MetricField::Findings => rec.findings.is_some(),
        MetricField::ToolCalls => rec.tool_calls.as_ref().is_some_and(|t| t.total.is_some()),
        MetricField::DesignObservations => rec.design_observations.is_some(),
        MetricField::FalsePositives => rec.false_positives.is_some(),
        MetricField::UniqueInsights => rec.unique_insights.is_some(),
        MetricField::FilesReviewed => rec.files_reviewed.is_some(),
        MetricField::CoverageMisses => rec.coverage_misses.is_some(),
        MetricField::Downgraded => rec.downgraded.is_some(),
        MetricField::Dropped => rec.dropped.is_some(),
    }
}

/// The record's status; a different verdict on whether the agent gave usable output is
/// noted.
fn apply_status(m: &mut AgentMetrics, rec: &AgentRecord, path: &str, out: &mut Applied) {
    let Some(status) = rec.status else {
        return;
    };
    let report_failed = m.no_output;
    if status.is_failure() != report_failed {
        out.differs(
            &format!("{path}.status"),
            status.as_str().to_string(),
            if report_failed {
                "no usable output".into()
            } else {
                "usable output".into()
            },
        );
    }
    m.status = Some(status);
    m.no_output = status.is_failure();
}

/// The record's passes, each pass's duration from its start and end when not given.
fn apply_passes(m: &mut AgentMetrics, rec: &AgentRecord, path: &str, out: &mut Applied) {
    if rec.passes.is_empty() {
        return;
    }
    let passes: Vec<AgentPass> = rec
        .passes
        .iter()
        .enumerate()
        .map(|(i, p)| AgentPass {
            number: p.pass.or(u32::try_from(i + 1).ok()),
            started_at: p.started_at.clone(),
            ended_at: p.ended_at.clone(),
            duration_secs: p.duration_secs.or_else(|| {
                let start = sidecar::parse_rfc3339(p.started_at.as_deref()?)?;
                let end = sidecar::parse_rfc3339(p.ended_at.as_deref()?)?;
                u64::try_from((end - start).whole_seconds()).ok()
            }),
            status: p.status,
        })
        .collect();
    let durations: Vec<Option<u64>> = passes.iter().map(|p| p.duration_secs).collect();
    if !m.pass_durations_secs.is_empty() && m.pass_durations_secs != durations {
        let show = |d: &[Option<u64>]| {
            d.iter()
                .map(|s| crate::text::duration::format_duration(*s))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        out.differs(
            &format!("{path}.passes"),
            show(&durations),
            show(&m.pass_durations_secs),
        );
    }
    m.pass_durations_secs = durations;
    m.passes = passes;
}

/// Tool calls, tokens in and out, and cost.
fn apply_usage(m: &mut AgentMetrics, rec: &AgentRecord, path: &str, out: &mut Applied) {
    let at = |field: &str| format!("{path}.{field}");
    if let Some(tc) = &rec.tool_calls {
        let new = ToolCalls {
            total: tc.total,
            by_tool: tc
                .by_tool
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), u32::try_from(v.as_u64()?).ok()?)))
                .collect(),
        };
        set(
            &mut m.tool_calls,
            &Some(new),
            &at("tool_calls"),
            show_tools,
            out,
        );
    }
    set(
        &mut m.tokens_in,
        &rec.tokens_in,
        &at("tokens_in"),
        u64::to_string,
        out,
    );
    set(
        &mut m.tokens_out,
        &rec.tokens_out,
        &at("tokens_out"),
        u64::to_string,
        out,
    );
    set(
        &mut m.cost_usd,
        &rec.cost_usd,
        &at("cost_usd"),
        |c| format!("${c:.2}"),
        out,
    );
}

/// Findings by severity, the other counts, and the downgrades (which give the number
/// downgraded when it is not stated).
fn apply_counts(m: &mut AgentMetrics, rec: &AgentRecord, path: &str, out: &mut Applied) {
    let at = |field: &str| format!("{path}.{field}");
    let findings = rec.findings.map(|f| SeverityCounts {
        critical: f.critical,
        important: f.important,
        suggestion: f.suggestion,
    });
    set(
        &mut m.findings,
        &findings,
        &at("findings"),
        show_counts,
        out,
    );
    let counts: [(&str, &mut Option<u32>, Option<u32>); 7] = [
        (
            "design_observations",
            &mut m.design_observations,
            rec.design_observations,
        ),
        (
            "false_positives",
            &mut m.false_positives,
            rec.false_positives,
        ),
        (
            "unique_insights",
            &mut m.unique_insights,
            rec.unique_insights,
        ),
        ("files_reviewed", &mut m.files_reviewed, rec.files_reviewed),
        (
            "coverage_misses",
            &mut m.coverage_misses,
            rec.coverage_misses,
        ),
        ("downgraded", &mut m.downgraded, rec.downgraded),
        ("dropped", &mut m.dropped, rec.dropped),
    ];
    for (field, slot, new) in counts {
        set(slot, &new, &at(field), u32::to_string, out);
    }
    if !rec.downgrades.is_empty() {
        let new: Vec<Downgrade> = rec
            .downgrades
            .iter()
            .map(|d| Downgrade {
                count: d.count,
                from: d.from,
                to: d.to,
            })
            .collect();
        if !m.downgrades.is_empty() && m.downgrades != new {
            out.differs(
                &at("downgrades"),
                show_downgrades(&new),
                show_downgrades(&m.downgrades),
            );
        }
        if m.downgraded.is_none() {
            m.downgraded = Some(new.iter().fold(0u32, |a, d| a.saturating_add(d.count)));
        }
        m.downgrades = new;
    }
}

fn show_tools(t: &ToolCalls) -> String {
    let total = t.total.map_or("?".to_string(), |n| n.to_string());
    if t.by_tool.is_empty() {
        total
    } else {
        let tools: Vec<String> = t.by_tool.iter().map(|(k, v)| format!("{k} {v}")).collect();
        format!("{total} ({})", tools.join(", "))
    }
}

fn show_counts(c: &SeverityCounts) -> String {
    format!("{}C {}I {}S", c.critical, c.important, c.suggestion)
}

fn show_downgrades(d: &[Downgrade]) -> String {
    d.iter()
        .map(|d| {
            format!(
                "{}\u{2192}{} \u{d7}{}",
                d.from.letter(),
                d.to.letter(),
                d.count
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}
