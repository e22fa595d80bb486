//! The stage's entry: a review completed from its Markdown, its sidecar read and applied
//! (the review record, the agents, the consolidated findings), completed again, and the
//! wall-clock rows the sidecar overrides marked; every problem and difference a
//! diagnostic naming the sidecar.

use super::agents::apply_agents;
use super::complete::complete;
use super::findings::apply_findings;
use super::notes::Applied;
use super::review::apply_review;
use super::wall_clock::mark_overridden_rows;
use crate::diagnostics::Diagnostic;
use crate::enrich::limits::MAX_AGENTS;
use crate::enrich::sidecar::{self, Sidecar};
use crate::model::Review;
use serde_json::Value;

/// Completes `review` from the Markdown alone and applies its sidecar, if any.
/// `sidecar_file` names the sidecar in diagnostics.
pub fn enrich(review: &mut Review, sidecar_file: &str) -> Vec<Diagnostic> {
    complete(review);
    let diags = match review.sidecar.clone() {
        Some(value) => apply_sidecar(review, &value, sidecar_file),
        None => Vec::new(),
    };
    mark_overridden_rows(&mut review.meta);
    diags
}

/// Reads the sidecar `value` and applies it to `review`, completed again after.
fn apply_sidecar(review: &mut Review, value: &Value, sidecar_file: &str) -> Vec<Diagnostic> {
    let outcome = sidecar::read(value);
    let mut diags: Vec<Diagnostic> = outcome
        .problems
        .iter()
        .map(|p| Diagnostic::warning(sidecar_file, None, p.to_string()))
        .collect();
    if let Some(mut sc) = outcome.sidecar {
        // Cut before matching: each record is matched against every agent so far.
        if sc.agents.len() > MAX_AGENTS {
            diags.push(Diagnostic::warning(
                sidecar_file,
                None,
                format!(
                    "{} agents: more agents than one review can show (the first {MAX_AGENTS} kept); the rest are left out of the site",
                    sc.agents.len()
                ),
            ));
            sc.agents.truncate(MAX_AGENTS);
        }
        let mut out = Applied::default();
        apply(review, &sc, &mut out);
        complete(review);
        diags.extend(
            out.warnings
                .into_iter()
                .map(|m| Diagnostic::warning(sidecar_file, None, m)),
        );
        diags.extend(
            out.notes
                .into_iter()
                .map(|m| Diagnostic::info(sidecar_file, None, m)),
        );
    }
    diags
}

/// Applies `sc` to `review`: sidecar values win; differences and dangling references are
/// recorded in `out`.
pub fn apply(review: &mut Review, sc: &Sidecar, out: &mut Applied) {
    apply_review(review, &sc.review, out);
    apply_agents(review, &sc.agents, out);
    apply_findings(review, &sc.consolidated_findings, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AgentMetrics, AgentStatus, Finding, MetricField, PartialTotals, Retro, Reviewer, Severity,
    };
    use serde_json::{json, Value};

    fn review_with(sidecar: Value) -> Review {
        Review {
            id: "r".into(),
            sidecar: Some(sidecar),
            meta: crate::model::Metadata {
                reviewers: vec![Reviewer {
                    name: "Claude Opus 4.7".into(),
                    family: "claude".into(),
                    model: Some("Opus 4.7".into()),
                    effort: Some("xhigh".into()),
                    status: None,
                    note: None,
                }],
                ..Default::default()
            },
            retro: Some(Retro {
                metrics: vec![AgentMetrics {
                    agent: "Claude".into(),
                    family: "claude".into(),
                    duration_secs: Some(400),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            findings: vec![Finding {
                id: "I1".into(),
                severity: Some(Severity::Important),
                title: "Leak".into(),
                agents: vec!["Claude".into()],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn texts(d: &[Diagnostic]) -> Vec<String> {
        d.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn a_sidecar_total_replaces_a_partial_one() {
        let mut r = review_with(json!({
            "schema": 1,
            "agents": [{"name": "Claude Opus 4.7", "duration_secs": 700, "false_positives": 1}]
        }));
        if let Some(m) = r.retro.as_mut().map(|x| &mut x.metrics[0]) {
            m.partial = PartialTotals(vec![MetricField::Duration, MetricField::ToolCalls]);
        }
        enrich(&mut r, "r.json");
        let m = &r.retro.as_ref().unwrap().metrics[0];
        assert_eq!(m.duration_secs, Some(700));
        // The sidecar says nothing of tool calls: that total stays partial.
        assert_eq!(m.partial.0, vec![MetricField::ToolCalls]);
    }

    #[test]
    fn sidecar_values_override_markdown_and_differences_are_noted() {
        let mut r = review_with(json!({
            "schema": 1,
            "review": {"wall_clock_secs": 99, "review_sha": "abcdef1234", "verdict": "rework"},
            "agents": [{"name": "Claude Opus 4.7", "duration_secs": 435, "status": "failed",
                "tokens_in": 1200, "cost_usd": 0.5}],
            "consolidated_findings": [{"id": "I1", "severity": "critical",
                "agents": ["Claude", "Codex"], "original_severities": {"Codex": "suggestion"}}],
            "extra": true
        }));
        r.meta.wall_clock_secs = Some(10);
        let d = enrich(&mut r, "r.json");
        let t = texts(&d);
        assert!(
            t.iter().any(|t| t.starts_with(
                "r.json: info: review.wall_clock_secs: sidecar says 1m 39s (99 s), report says 10s (10 s)"
            )),
            "{t:?}"
        );
        assert!(t
            .iter()
            .any(|t| t.contains("agents[0] (Claude Opus 4.7).duration_secs")));
        assert!(t
            .iter()
            .any(|t| t.contains("agents[0] (Claude Opus 4.7).status: sidecar says failed")));
        assert_eq!(r.meta.wall_clock_secs, Some(99));
        assert_eq!(r.meta.review_sha.as_deref(), Some("abcdef1234"));
        assert_eq!(r.meta.verdict.as_ref().unwrap().label, "Rework");
        let m = &r.retro.as_ref().unwrap().metrics[0];
        assert_eq!(m.duration_secs, Some(435));
        assert_eq!(m.status, Some(AgentStatus::Failed));
        assert!(m.no_output);
        assert_eq!((m.tokens_in, m.cost_usd), (Some(1200), Some(0.5)));
        assert_eq!(m.model.as_deref(), Some("Opus 4.7"));
        let f = &r.findings[0];
        assert_eq!(f.severity, Some(Severity::Critical));
        assert_eq!(f.agents, ["Claude", "Codex"]);
        assert_eq!(f.original_severities[0].severity, Severity::Suggestion);
        assert_eq!(r.counts.critical, 1);
    }

    #[test]
    fn wrong_types_are_named_and_good_fields_still_apply() {
        let mut r = review_with(
            json!({"schema": 1, "review": {"wall_clock_secs": "long", "round": 2},
            "agents": [{"name": "Claude", "duration_secs": "x", "false_positives": 2}]}),
        );
        let d = enrich(&mut r, "r.json");
        let t = texts(&d);
        assert!(
            t.iter()
                .any(|t| t.starts_with("r.json: warning: review.wall_clock_secs: expected")),
            "{t:?}"
        );
        assert!(
            t.iter().any(|t| t.starts_with(
                "r.json: warning: agents[0].duration_secs: expected a number of seconds (0 or more), found \"x\""
            )),
            "{t:?}"
        );
        assert_eq!(r.meta.wall_clock_secs, None);
        assert_eq!(r.meta.round, Some(2));
        let m = &r.retro.as_ref().unwrap().metrics[0];
        assert_eq!((m.duration_secs, m.false_positives), (Some(400), Some(2)));
    }

    #[test]
    fn unknown_schema_is_reported_and_ignored() {
        let mut r = review_with(json!({"schema": 7, "review": {"wall_clock_secs": 5}}));
        let d = enrich(&mut r, "r.json");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("unsupported schema version 7"));
        assert_eq!(r.meta.wall_clock_secs, None);
    }

    #[test]
    fn unknown_findings_and_agents() {
        let mut r = review_with(json!({"schema": 1,
            "agents": [{"name": "Qwen 3.6 35B", "duration_secs": 60}],
            "consolidated_findings": [{"id": "S9", "severity": "suggestion"}]}));
        let d = enrich(&mut r, "r.json");
        let t = texts(&d);
        assert!(
            t.iter().any(|t| t
                .contains("warning: consolidated_findings[0]: the report has no finding \"S9\"")),
            "{t:?}"
        );
        assert!(t
            .iter()
            .any(|t| t
                .contains("info: agents[0] (Qwen 3.6 35B): the report does not name this agent")));
        assert_eq!(r.meta.reviewers.len(), 2);
        let metrics = &r.retro.as_ref().unwrap().metrics;
        assert_eq!(metrics[1].family, "qwen");
        assert_eq!(metrics[1].duration_secs, Some(60));
    }

    #[test]
    fn passes_with_times_give_durations() {
        let mut r = review_with(
            json!({"schema": 1, "agents": [{"name": "Claude", "passes": [
            {"started_at": "2026-04-06T14:30:00Z", "ended_at": "2026-04-06T14:35:30Z"},
            {"duration_secs": 30}]}]}),
        );
        enrich(&mut r, "r.json");
        let m = &r.retro.as_ref().unwrap().metrics[0];
        assert_eq!(m.pass_durations_secs, [Some(330), Some(30)]);
        assert_eq!(m.duration_secs, Some(360));
        assert_eq!(m.passes[1].number, Some(2));
    }
}
