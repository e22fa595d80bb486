//! Deriving a sidecar (schema version 1) from a parsed report, for `reviewsite extract`:
//! what the Markdown says, in the sidecar's machine-readable shape.
//!
//! Agents are listed in the order of the retro's metrics columns (each paired with its
//! Reviewers entry by the same rules `enrich` uses to apply them), then the Reviewers
//! entries without a column. Applying the result to the same report changes nothing: the
//! round-trip test over the corpus holds this.

use crate::enrich::merge::pair_metrics_with_reviewers;
use crate::enrich::sidecar::{
    AgentRecord, DowngradeRecord, FindingCounts, FindingRecord, LocationRecord, PassRecord,
    RangeRecord, ReviewRecord, Sidecar, ToolCallsRecord, SCHEMA_VERSION,
};
use crate::model::{AgentMetrics, Finding, MetricField, Review, Reviewer};
use serde_json::{Map, Value};

/// The sidecar a parsed and completed (`enrich::merge::complete`) review implies.
pub fn extract(review: &Review) -> Sidecar {
    Sidecar {
        schema: SCHEMA_VERSION,
        generator: Some(format!("reviewsite extract {}", env!("CARGO_PKG_VERSION"))),
        review: review_record(review),
        agents: agent_records(review),
        consolidated_findings: review.findings.iter().map(finding_record).collect(),
        extra: Map::new(),
    }
}

fn review_record(review: &Review) -> ReviewRecord {
    let m = &review.meta;
    ReviewRecord {
        id: Some(review.id.clone()),
        date: m.date.clone(),
        started_at: m.started_at.clone(),
        repo: m.repo.as_ref().map(|r| r.slug()),
        pr: m.pr.as_ref().map(|p| p.number),
        branch: m.branch.clone(),
        round: m.round,
        // The sidecar's author is a login: a name without one is not exported.
        author: m
            .author
            .as_ref()
            .map(|a| a.login.clone())
            .filter(|l| !l.is_empty()),
        verdict: m.verdict.as_ref().map(|v| v.class),
        review_sha: m.review_sha.clone(),
        wall_clock_secs: m.wall_clock_secs,
        extra: Map::new(),
    }
}

fn agent_records(review: &Review) -> Vec<AgentRecord> {
    let reviewers = &review.meta.reviewers;
    let metrics: &[AgentMetrics] = review.retro.as_ref().map_or(&[], |r| &r.metrics);
    let pairs = pair_metrics_with_reviewers(metrics, reviewers);
    let mut used = vec![false; reviewers.len()];
    let mut out: Vec<AgentRecord> = metrics
        .iter()
        .zip(&pairs)
        .map(|(m, paired)| {
            let reviewer = paired.map(|i| {
                used[i] = true;
                &reviewers[i]
            });
            metrics_record(m, reviewer)
        })
        .collect();
    for (r, used) in reviewers.iter().zip(used) {
        if !used {
            out.push(AgentRecord {
                name: r.name.clone(),
                family: Some(r.family.clone()),
                model: r.model.clone(),
                effort: r.effort.clone(),
                ..Default::default()
            });
        }
    }
    out
}

/// The record of one metrics column. A partial total (`AgentMetrics::partial`: the known
/// passes' sum) is left out: a sidecar's totals are whole, and the passes it lists keep the
/// known durations.
fn metrics_record(m: &AgentMetrics, reviewer: Option<&Reviewer>) -> AgentRecord {
    let whole = |f: MetricField| !m.partial.contains(f);
    // Identity comes from the Reviewers entry when there is one, so that applying the
    // record leaves that entry as it was.
    let (model, effort) = match reviewer {
        Some(r) => (r.model.clone(), r.effort.clone()),
        None => (m.model.clone(), m.effort.clone()),
    };
    AgentRecord {
        name: m.agent.clone(),
        family: Some(m.family.clone()),
        model,
        effort,
        status: m.status,
        duration_secs: m.duration_secs.filter(|_| whole(MetricField::Duration)),
        passes: m
            .passes
            .iter()
            .map(|p| PassRecord {
                pass: p.number,
                started_at: p.started_at.clone(),
                ended_at: p.ended_at.clone(),
                duration_secs: p.duration_secs,
                status: p.status,
                extra: Map::new(),
            })
            .collect(),
        tool_calls: m
            .tool_calls
            .as_ref()
            .filter(|_| whole(MetricField::ToolCalls))
            .map(|t| ToolCallsRecord {
                total: t.total,
                by_tool: t
                    .by_tool
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from(*v)))
                    .collect(),
            }),
        tokens_in: m.tokens_in,
        tokens_out: m.tokens_out,
        cost_usd: m.cost_usd,
        findings: m
            .findings
            .filter(|_| whole(MetricField::Findings))
            .map(|f| FindingCounts {
                critical: f.critical,
                important: f.important,
                suggestion: f.suggestion,
            }),
        design_observations: m
            .design_observations
            .filter(|_| whole(MetricField::DesignObservations)),
        false_positives: m
            .false_positives
            .filter(|_| whole(MetricField::FalsePositives)),
        unique_insights: m
            .unique_insights
            .filter(|_| whole(MetricField::UniqueInsights)),
        files_reviewed: m
            .files_reviewed
            .filter(|_| whole(MetricField::FilesReviewed)),
        coverage_misses: m
            .coverage_misses
            .filter(|_| whole(MetricField::CoverageMisses)),
        downgraded: m.downgraded.filter(|_| whole(MetricField::Downgraded)),
        downgrades: m
            .downgrades
            .iter()
            .map(|d| DowngradeRecord {
                count: d.count,
                from: d.from,
                to: d.to,
            })
            .collect(),
        dropped: m.dropped.filter(|_| whole(MetricField::Dropped)),
        extra: Map::new(),
    }
}

fn finding_record(f: &Finding) -> FindingRecord {
    FindingRecord {
        id: f.id.clone(),
        severity: f.severity,
        title: Some(f.title.clone()),
        agents: Some(f.agents.clone()),
        original_severities: (!f.original_severities.is_empty()).then(|| {
            f.original_severities
                .iter()
                .map(|o| {
                    (
                        o.agent.clone(),
                        serde_json::to_value(o.severity).unwrap_or(Value::Null),
                    )
                })
                .collect()
        }),
        locations: (!f.locations.is_empty()).then(|| {
            f.locations
                .iter()
                .map(|l| LocationRecord {
                    path: l.path.clone(),
                    ranges: l
                        .ranges
                        .iter()
                        .map(|r| RangeRecord {
                            start: r.start,
                            end: r.end,
                        })
                        .collect(),
                    raw: Some(l.raw.clone()),
                })
                .collect()
        }),
        extra: Map::new(),
    }
}

/// The sidecar as pretty JSON with a final newline.
pub fn to_json(sidecar: &Sidecar) -> String {
    let mut s = serde_json::to_string_pretty(sidecar).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Reads the report at `path` and returns its sidecar derived from the Markdown alone
/// (a sidecar already beside it is not consulted), with the parser's diagnostics.
pub fn extract_file(
    path: &std::path::Path,
) -> anyhow::Result<(Sidecar, Vec<crate::diagnostics::Diagnostic>)> {
    if !path.is_file() {
        anyhow::bail!("{}: no such file", path.display());
    }
    let (source, mut diags) = crate::content::read_one(path, std::path::Path::new(""));
    let Some(mut source) = source else {
        let why = diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("; ");
        anyhow::bail!("{}: not a report: {why}", path.display());
    };
    source.sidecar = None;
    diags.retain(|d| !d.file.ends_with(".json"));
    let parsed = crate::parse::parse_report(&source);
    let mut review = parsed.review;
    diags.extend(parsed.diagnostics);
    crate::enrich::merge::complete(&mut review);
    Ok((extract(&review), diags))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MetricField, PartialTotals, SeverityCounts, ToolCalls};

    #[test]
    fn partial_totals_are_left_out_whole_ones_kept() {
        let m = AgentMetrics {
            agent: "Codex GPT 5.6".into(),
            duration_secs: Some(482),
            tool_calls: Some(ToolCalls {
                total: Some(30),
                by_tool: vec![("shell".into(), 30)],
            }),
            findings: Some(SeverityCounts::default()),
            unique_insights: Some(1),
            partial: PartialTotals(vec![MetricField::Duration, MetricField::ToolCalls]),
            ..Default::default()
        };
        let rec = metrics_record(&m, None);
        assert_eq!(rec.duration_secs, None);
        assert!(rec.tool_calls.is_none());
        assert!(rec.findings.is_some());
        assert_eq!(rec.unique_insights, Some(1));
    }
}
