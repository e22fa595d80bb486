//! Agent statistics across an archive: who took part in which review, and the leaderboard
//! totals per agent family and per model version, the agreement between agents and the
//! per-review series the charts draw.
//!
//! The counting rules (shown on the agents page, and checked by `tests/testsuite/agents_pages.rs`):
//! - An agent **took part** in a review when the Reviewers row names it, the retro metrics
//!   table has a column for it, or the retro has a paragraph about it. Names are matched to
//!   one agent per review by full name, then by family and model, then by family alone
//!   when the review has only one agent of that family.
//! - A run is a **format failure** when the agent produced no usable output
//!   ([`AgentMetrics::no_output`], set by the parser from the report's words, or a
//!   [`AgentMetrics::status`] other than `ok`).
//! - **Findings, unique insights, false positives, downgrades, drops, coverage misses** are
//!   sums of the review's metrics-table cells, over runs with usable output only: a format
//!   failure counts in its own column, never as a run with zero (or any) findings.
//! - **Duration and tool calls** count every run, failed ones included (a failed run still
//!   costs its time).
//! - A cell that says `—` is unknown: it is left out of the sum, and a column no review
//!   gives a value for is "n/a", never 0. Each sum records how many runs it covers.
//! - A **partial total** (per-pass rows with a pass unknown: the known passes' sum, a lower
//!   bound; [`AgentMetrics::partial`]) is left out of every sum, median, rate and the
//!   chart's series, like an unknown cell, so that no aggregate mixes lower bounds with
//!   whole values; each sum counts the runs it left out for that reason (`Sum::partial`,
//!   `partial_durations`) and the leaderboard's tooltips say so. The run's own view shows
//!   the lower bound as `≥ n`.
//! - **False-positive rate** is false positives ÷ findings over the runs that state both.
//! - **Credited findings** are the consolidated findings whose attribution names the agent;
//!   the **outcome rate** is, of the credited findings in reports with a Resolution
//!   section, the share the author fixed (fixed, test written, documentation updated) and
//!   the share skipped.
//! - **Agreement** of two families: consolidated findings whose attribution names both.

use crate::model::{
    ActionClass, AgentMetrics, AgentRetro, AgentStatus, Finding, FindingResolution, Metadata,
    MetricField, Resolution, Retro, Review, SeverityCounts,
};
use crate::text::names::{
    agent_family, agent_model, clean_name, family_display_name, match_agent, AgentMatch, AgentRef,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// One agent's part in one review.
#[derive(Debug, Clone)]
pub(crate) struct Participant<'a> {
    /// The name as first written (Reviewers entry, metrics column or retro label).
    pub name: String,
    /// Normalised family (`claude`).
    pub family: String,
    /// The model part (`Opus 4.7`), when any source names it.
    pub model: Option<String>,
    pub effort: Option<String>,
    /// How the Reviewers row says the run ended, when it says it failed.
    pub status: Option<AgentStatus>,
    /// The agent's column of the retro metrics table.
    pub metrics: Option<&'a AgentMetrics>,
    /// The retro paragraphs about this agent.
    pub retro: Vec<&'a AgentRetro>,
    /// Consolidated findings whose attribution names this agent.
    pub credited: Vec<&'a Finding>,
}

impl Participant<'_> {
    /// Whether this run produced no usable output: its metrics column says so; without a
    /// column, the Reviewers row or the retro prose about it does.
    pub(crate) fn format_failure(&self) -> bool {
        match self.metrics {
            Some(m) => is_format_failure(m),
            None => self.failed_without_metrics(),
        }
    }
    /// Whether the report says this run failed although it has no metrics column.
    fn failed_without_metrics(&self) -> bool {
        self.metrics.is_none()
            && (self.status.is_some_and(|s| s.is_failure())
                || self.retro.iter().any(|a| a.no_output))
    }
    /// `Claude Opus 4.7`, `Gemma 4 31B`; the family name alone when no model is known.
    pub(crate) fn model_label(&self) -> String {
        model_label(&self.family, self.model.as_deref())
    }
}

/// Whether a metrics column records a run without usable output.
pub(crate) fn is_format_failure(m: &AgentMetrics) -> bool {
    m.no_output || m.status.is_some_and(|s| s.is_failure())
}

/// The display label of a model version: family display name and model.
pub(crate) fn model_label(family: &str, model: Option<&str>) -> String {
    let fam = family_display_name(family);
    match model {
        Some(m) if !m.trim().is_empty() => format!("{fam} {}", m.trim()),
        _ => fam,
    }
}

/// The participant a name stands for: [`match_agent`], the one rule for agent names.
fn find(ps: &[Participant], name: &str) -> AgentMatch {
    let cleaned = clean_name(name);
    let candidates = ps.iter().map(|p| {
        Some(AgentRef {
            name: &p.name,
            family: &p.family,
            model: p.model.as_deref(),
        })
    });
    match_agent(&cleaned, &agent_family(&cleaned), candidates)
}

fn new_participant<'a>(name: &str) -> Participant<'a> {
    let cleaned = clean_name(name);
    Participant {
        name: cleaned.clone(),
        family: agent_family(&cleaned),
        model: agent_model(&cleaned),
        effort: None,
        status: None,
        metrics: None,
        retro: Vec::new(),
        credited: Vec::new(),
    }
}

/// Every agent that took part in `review`, in the order first named.
pub(crate) fn participants(review: &Review) -> Vec<Participant<'_>> {
    let mut ps: Vec<Participant> = Vec::new();
    for r in &review.meta.reviewers {
        if r.family.is_empty() {
            continue;
        }
        if let AgentMatch::One(_) = find(&ps, &r.name) {
            continue; // the same agent named twice
        }
        ps.push(Participant {
            name: clean_name(&r.name),
            family: r.family.clone(),
            model: r.model.clone(),
            effort: r.effort.clone(),
            status: r.status,
            metrics: None,
            retro: Vec::new(),
            credited: Vec::new(),
        });
    }
    if let Some(retro) = &review.retro {
        for m in &retro.metrics {
            let i = match find(&ps, &m.agent) {
                AgentMatch::One(i) if ps[i].metrics.is_none() => i,
                _ => {
                    let mut p = new_participant(&m.agent);
                    if !m.family.is_empty() {
                        p.family = m.family.clone();
                    }
                    if p.family.is_empty() {
                        continue;
                    }
                    ps.push(p);
                    ps.len() - 1
                }
            };
            if ps[i].model.is_none() {
                ps[i].model = m
                    .model
                    .clone()
                    .or_else(|| agent_model(&clean_name(&m.agent)));
            }
            if ps[i].effort.is_none() {
                ps[i].effort = m.effort.clone();
            }
            ps[i].metrics = Some(m);
        }
        for a in &retro.agents {
            match find(&ps, &a.label) {
                AgentMatch::One(i) => ps[i].retro.push(a),
                // `[Qwen]` when two Qwen models ran: the paragraph is about both.
                AgentMatch::Many(is) => is.into_iter().for_each(|i| ps[i].retro.push(a)),
                AgentMatch::None => {
                    let mut p = new_participant(&a.label);
                    if !a.family.is_empty() {
                        p.family = a.family.clone();
                    }
                    if p.family.is_empty() {
                        continue;
                    }
                    p.retro.push(a);
                    ps.push(p);
                }
            }
        }
    }
    for f in &review.findings {
        for name in &f.agents {
            if let AgentMatch::One(i) = find(&ps, name) {
                // Findings come in order: one named twice is the one credited last.
                if !ps[i].credited.last().is_some_and(|c| std::ptr::eq(*c, f)) {
                    ps[i].credited.push(f);
                }
            }
        }
    }
    ps
}

/// The families a consolidated finding's attribution names, each once.
pub(crate) fn finding_families(f: &Finding) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in &f.agents {
        let fam = agent_family(&clean_name(a));
        if !fam.is_empty() && !out.contains(&fam) {
            out.push(fam);
        }
    }
    out
}

/// A sum of known cells, and how many runs gave one.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub(crate) struct Sum {
    pub total: u64,
    /// Runs whose cell was known.
    pub known: u32,
    /// Runs whose total was partial (a pass unknown): left out of `total` and `known`.
    pub partial: u32,
}

impl Sum {
    fn add(&mut self, v: Option<u64>) {
        if let Some(v) = v {
            self.total = self.total.saturating_add(v);
            self.known += 1;
        }
    }
    /// Adds a run's total, or counts it as partial and leaves it out (see the module rules).
    fn add_total(&mut self, v: Option<u64>, partial: bool) {
        if partial {
            self.partial += u32::from(v.is_some());
        } else {
            self.add(v);
        }
    }
    /// The total, or `None` when no run gave a value.
    pub fn value(&self) -> Option<u64> {
        (self.known > 0).then_some(self.total)
    }
}

/// What the author did about an agent's credited findings.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Outcome {
    /// Credited findings in reports with a Resolution section.
    pub considered: u32,
    pub fixed: u32,
    pub skipped: u32,
}

impl Outcome {
    pub(crate) fn fixed_rate(&self) -> Option<f64> {
        (self.considered > 0).then(|| self.fixed as f64 / self.considered as f64)
    }
    pub(crate) fn skipped_rate(&self) -> Option<f64> {
        (self.considered > 0).then(|| self.skipped as f64 / self.considered as f64)
    }
}

/// The leaderboard row of one family or one model version.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct AgentStats {
    /// `claude`, or `claude/opus 4.7` for a model row; unique within its table.
    pub key: String,
    pub family: String,
    /// The model part, for model rows.
    pub model: Option<String>,
    /// `Claude`, `Claude Opus 4.7`.
    pub label: String,
    /// Reviews taken part in.
    pub reviews: u32,
    /// Runs with a column in the retro metrics table.
    pub with_metrics: u32,
    pub format_failures: u32,
    /// Of the format failures, runs without a metrics column (the Reviewers row or the
    /// retro prose says the agent produced nothing).
    pub failed_without_metrics: u32,
    pub critical: Sum,
    pub important: Sum,
    pub suggestion: Sum,
    pub unique_insights: Sum,
    pub false_positives: Sum,
    /// False positives and findings over the runs that state both.
    pub fp_base: (u64, u64),
    pub downgrades: Sum,
    pub dropped: Sum,
    pub coverage_misses: Sum,
    pub tool_calls: Sum,
    /// Known durations in seconds, every run.
    pub durations: Vec<u64>,
    pub credited: u32,
    pub outcome: Outcome,
    /// Date of the newest review taken part in (ISO), for "last seen".
    pub last_seen: String,
    /// Runs whose duration was partial (a pass unknown): left out of `durations`.
    pub partial_durations: u32,
}

impl AgentStats {
    /// Findings of all severities, when any run gave them.
    pub(crate) fn findings_total(&self) -> Sum {
        let partial = self.critical.partial;
        if self.critical.known == 0 {
            return Sum {
                partial,
                ..Sum::default()
            };
        }
        Sum {
            total: self
                .critical
                .total
                .saturating_add(self.important.total)
                .saturating_add(self.suggestion.total),
            known: self.critical.known,
            partial,
        }
    }
    pub(crate) fn fp_rate(&self) -> Option<f64> {
        let (fp, findings) = self.fp_base;
        (findings > 0).then(|| fp as f64 / findings as f64)
    }
    pub(crate) fn total_duration(&self) -> Option<u64> {
        (!self.durations.is_empty()).then(|| self.durations.iter().sum())
    }
    pub(crate) fn median_duration(&self) -> Option<u64> {
        median(&self.durations)
    }

    /// Adds one run. `counted` holds the findings already credited to this row in this
    /// review (two models of one family may share a finding: it counts once).
    pub(super) fn add(
        &mut self,
        review: &Review,
        p: &Participant<'_>,
        counted: &mut HashSet<*const Finding>,
    ) {
        self.reviews += 1;
        let date = review.meta.date.clone().unwrap_or_default();
        if date > self.last_seen {
            self.last_seen = date;
        }
        for f in &p.credited {
            // A set: a review may credit an agent with many thousand findings.
            if !counted.insert(std::ptr::from_ref(*f)) {
                continue;
            }
            self.credited += 1;
            if review.resolution.is_some() {
                self.outcome.considered += 1;
                match f.resolution.as_ref().map(|r| r.action) {
                    Some(ActionClass::Fixed)
                    | Some(ActionClass::TestWritten)
                    | Some(ActionClass::DocumentationUpdated) => self.outcome.fixed += 1,
                    Some(ActionClass::Skipped) => self.outcome.skipped += 1,
                    _ => {}
                }
            }
        }
        let Some(m) = p.metrics else {
            if p.failed_without_metrics() {
                self.format_failures += 1;
                self.failed_without_metrics += 1;
            }
            return;
        };
        self.with_metrics += 1;
        let part = |f: MetricField| m.partial.contains(f);
        match m.duration_secs {
            Some(_) if part(MetricField::Duration) => self.partial_durations += 1,
            Some(d) => self.durations.push(d),
            None => {}
        }
        self.tool_calls.add_total(
            m.tool_calls.as_ref().and_then(|t| t.total).map(u64::from),
            part(MetricField::ToolCalls),
        );
        if is_format_failure(m) {
            self.format_failures += 1;
            return;
        }
        let f = m.findings;
        let fpart = part(MetricField::Findings);
        self.critical.add_total(f.map(|c| c.critical as u64), fpart);
        self.important
            .add_total(f.map(|c| c.important as u64), fpart);
        self.suggestion
            .add_total(f.map(|c| c.suggestion as u64), fpart);
        let count = |v: Option<u32>| v.map(u64::from);
        self.unique_insights
            .add_total(count(m.unique_insights), part(MetricField::UniqueInsights));
        let fp_part = part(MetricField::FalsePositives);
        self.false_positives
            .add_total(count(m.false_positives), fp_part);
        if let (Some(fp), Some(f), false) = (m.false_positives, f, fp_part || fpart) {
            self.fp_base.0 += fp as u64;
            self.fp_base.1 += f.total() as u64;
        }
        self.downgrades
            .add_total(count(downgrade_count(m)), part(MetricField::Downgraded));
        self.dropped
            .add_total(count(m.dropped), part(MetricField::Dropped));
        self.coverage_misses
            .add_total(count(m.coverage_misses), part(MetricField::CoverageMisses));
    }
}

/// The number of downgrades a column states: the `Downgraded` count, else the sum of the
/// `from→to` moves.
pub(crate) fn downgrade_count(m: &AgentMetrics) -> Option<u32> {
    m.downgraded
        .or_else(|| (!m.downgrades.is_empty()).then(|| m.downgrades.iter().map(|d| d.count).sum()))
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[u64]) -> Option<u64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    })
}

/// One agent family's findings in one review, for the time chart.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SeriesPoint {
    pub review_id: String,
    /// ISO date (`2026-05-19T10:06`); never empty (undated reviews are left out).
    pub date: String,
    /// Findings the metrics table states (all severities); `None` when unknown.
    pub findings: Option<u32>,
    pub format_failure: bool,
}

/// Counts of consolidated findings raised by both of two families.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Agreement {
    /// Families, in leaderboard order.
    pub families: Vec<String>,
    /// `both[i][j]`: findings naming families i and j; `both[i][i]`: findings naming i.
    pub both: Vec<Vec<u32>>,
}

/// Everything the agents pages show.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct AgentBoard {
    /// One row per family, most reviews first.
    pub families: Vec<AgentStats>,
    /// One row per model version, most reviews first.
    pub models: Vec<AgentStats>,
    /// Reviews with at least one agent.
    pub reviews: u32,
    /// Per family, its points over time (oldest first).
    pub series: BTreeMap<String, Vec<SeriesPoint>>,
    pub agreement: Agreement,
}

/// Findings of a metrics column, or `None` for a format failure or an unknown cell.
pub(crate) fn usable_findings(m: &AgentMetrics) -> Option<SeverityCounts> {
    if is_format_failure(m) {
        None
    } else {
        m.findings
    }
}

/// A fingerprint of everything the agent pages (and the agent tables of repository pages)
/// read from `review`: its id, title and metadata, its retro (metrics and paragraphs),
/// whether it has a Resolution, and each finding's attribution and outcome. An edit
/// elsewhere (a finding's text, a section's prose) leaves it unchanged, so the agent pages
/// need not be rendered again. Whoever makes those pages read more of a review adds it here.
pub(crate) fn inputs_fingerprint(review: &Review) -> u64 {
    let findings: Vec<_> = review
        .findings
        .iter()
        .map(|f| (&f.agents, f.resolution.as_ref().map(|r| r.action)))
        .collect();
    crate::text::fingerprint::of(&(
        &review.id,
        &review.title,
        &review.meta,
        &review.retro,
        review.resolution.is_some(),
        findings,
    ))
}

/// `review` with only what the agent pages (and the agent tables of repository pages) read
/// of it: its id and title; the date, repository and Reviewers row of its metadata; its
/// retro's paragraphs and metrics; whether it has a Resolution; each finding's attribution
/// and outcome. Kept for them while the whole review is packed away, so it must cover
/// everything they read: whoever makes them read more adds it here (and to
/// [`inputs_fingerprint`]).
pub(crate) fn inputs_only(review: &Review) -> Review {
    let findings = review
        .findings
        .iter()
        .map(|f| Finding {
            agents: f.agents.clone(),
            resolution: f.resolution.as_ref().map(|r| FindingResolution {
                action: r.action,
                ..FindingResolution::default()
            }),
            ..Finding::default()
        })
        .collect();
    let meta = &review.meta;
    Review {
        id: review.id.clone(),
        title: review.title.clone(),
        meta: Metadata {
            date: meta.date.clone(),
            repo: meta.repo.clone(),
            reviewers: meta.reviewers.clone(),
            ..Metadata::default()
        },
        findings,
        retro: review.retro.as_ref().map(|r| Retro {
            agents: r.agents.clone(),
            metrics: r.metrics.clone(),
            ..Retro::default()
        }),
        resolution: review.resolution.as_ref().map(|_| Resolution::default()),
        ..Review::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartialTotals;

    #[test]
    fn names_are_cleaned_once_for_all() {
        for name in [
            "Claude Opus 4.7",
            "**Codex** GPT 5.5",
            "[Gemini](https://x) 3.1 Pro",
            "`Qwen` [3.6]  Plus",
            "[Claude]",
            "  Gemma  4 31B ",
            "*Claude* (effort: xhigh)",
        ] {
            assert_eq!(clean_name(&clean_name(name)), clean_name(name), "{name}");
        }
    }
    use crate::model::{Retro, Reviewer};

    fn reviewer(name: &str) -> Reviewer {
        Reviewer {
            name: name.into(),
            family: agent_family(name),
            model: agent_model(name),
            effort: None,
            status: None,
            note: None,
        }
    }

    fn metrics(agent: &str, findings: Option<(u32, u32, u32)>, no_output: bool) -> AgentMetrics {
        AgentMetrics {
            agent: agent.into(),
            family: agent_family(agent),
            findings: findings.map(|(c, i, s)| SeverityCounts {
                critical: c,
                important: i,
                suggestion: s,
            }),
            duration_secs: Some(60),
            no_output,
            ..Default::default()
        }
    }

    fn review(id: &str, reviewers: &[&str], cols: Vec<AgentMetrics>) -> Review {
        let mut r = Review {
            id: id.into(),
            ..Default::default()
        };
        r.meta.date = Some(format!("2026-05-0{}", id.len() % 9 + 1));
        r.meta.reviewers = reviewers.iter().map(|n| reviewer(n)).collect();
        r.retro = Some(Retro {
            metrics: cols,
            ..Default::default()
        });
        r
    }

    #[test]
    fn columns_match_reviewers_by_name_and_family() {
        let r = review(
            "a",
            &["Claude Opus 4.7", "Qwen 3.6 35B", "Qwen 3.6 27B"],
            vec![
                metrics("Claude", Some((0, 1, 2)), false),
                metrics("Qwen 3.6 27B", Some((0, 0, 1)), false),
            ],
        );
        let ps = participants(&r);
        assert_eq!(ps.len(), 3);
        assert_eq!(ps[0].metrics.map(|m| m.agent.as_str()), Some("Claude"));
        assert!(ps[1].metrics.is_none());
        assert_eq!(
            ps[2].metrics.map(|m| m.agent.as_str()),
            Some("Qwen 3.6 27B")
        );
        assert_eq!(ps[0].model_label(), "Claude Opus 4.7");
    }

    #[test]
    fn format_failure_is_not_zero_findings() {
        let a = review(
            "a",
            &["Claude Opus 4.7", "Gemma4 31B"],
            vec![
                metrics("Claude Opus 4.7", Some((1, 2, 3)), false),
                metrics("Gemma4 31B", Some((0, 0, 0)), true),
            ],
        );
        let b = review(
            "bb",
            &["Claude Opus 4.7", "Gemma4 31B"],
            vec![
                metrics("Claude Opus 4.7", None, false),
                metrics("Gemma4 31B", Some((0, 1, 0)), false),
            ],
        );
        let board = AgentBoard::build([&a, &b]);
        let gemma = board.families.iter().find(|f| f.family == "gemma").unwrap();
        assert_eq!(gemma.reviews, 2);
        assert_eq!(gemma.format_failures, 1);
        assert_eq!(
            gemma.important,
            Sum {
                total: 1,
                known: 1,
                partial: 0
            }
        );
        assert_eq!(gemma.durations, vec![60, 60]);
        let claude = board
            .families
            .iter()
            .find(|f| f.family == "claude")
            .unwrap();
        // The unknown cell is left out, not read as zero.
        assert_eq!(
            claude.critical,
            Sum {
                total: 1,
                known: 1,
                partial: 0
            }
        );
        assert_eq!(claude.findings_total().value(), Some(6));
        let model = board.models.iter().find(|m| m.family == "gemma").unwrap();
        assert_eq!(model.label, "Gemma 4 31B");
    }

    #[test]
    fn spellings_of_one_model_are_one_row_named_by_the_most_common() {
        let a = review("a", &["Codex GPT 5.6-sol", "Gemma4 31B"], vec![]);
        let b = review("bb", &["Codex GPT 5.6 Sol", "Gemma 4 31B"], vec![]);
        let c = review("ccc", &["codex gpt 5.6-SOL"], vec![]);
        let c2 = review("cccc", &["Codex GPT 5.6-sol"], vec![]);
        let d = review("dddd", &["Codex GPT 5.6"], vec![]);
        let board = AgentBoard::build([&a, &b, &c, &c2, &d]);
        let labels: Vec<(&str, u32)> = board
            .models
            .iter()
            .map(|m| (m.label.as_str(), m.reviews))
            .collect();
        assert_eq!(
            labels,
            [
                ("Codex GPT 5.6-sol", 4),
                ("Codex GPT 5.6", 1),
                ("Gemma 4 31B", 2)
            ]
        );
        assert_eq!(board.models[0].key, "codex/gpt 5.6-sol");
        // Within one review, two spellings are one agent.
        let mut r = review(
            "e",
            &["Gemma4 31B"],
            vec![metrics("Gemma 4 31B", None, false)],
        );
        r.retro.as_mut().unwrap().agents.push(AgentRetro {
            label: "GEMMA 4 31B".into(),
            family: "gemma".into(),
            ..Default::default()
        });
        let ps = participants(&r);
        assert_eq!(ps.len(), 1);
        assert!(ps[0].metrics.is_some() && ps[0].retro.len() == 1);
    }

    #[test]
    fn a_run_the_report_says_failed_counts_without_a_metrics_column() {
        let mut a = review("a", &["Claude Opus 4.7", "Gemini 3.1 Pro"], vec![]);
        a.meta.reviewers[1].status = Some(AgentStatus::Empty);
        let mut b = review("bb", &["Claude Opus 4.7", "Qwen 3.6 35B"], vec![]);
        b.retro.as_mut().unwrap().agents.push(AgentRetro {
            label: "[Qwen]".into(),
            family: "qwen".into(),
            text: "Qwen timed out.".into(),
            no_output: true,
        });
        let board = AgentBoard::build([&a, &b]);
        let fam = |f: &str| board.families.iter().find(|s| s.family == f).unwrap();
        assert_eq!(fam("gemini").format_failures, 1);
        assert_eq!(fam("gemini").failed_without_metrics, 1);
        assert_eq!(fam("qwen").format_failures, 1);
        assert_eq!(fam("claude").format_failures, 0);
        assert_eq!(fam("gemini").with_metrics, 0);
        let ps = participants(&a);
        assert!(ps[1].format_failure() && !ps[0].format_failure());
    }

    #[test]
    fn a_failed_sidecar_status_is_a_format_failure() {
        let mut m = metrics("Qwen 3.6 35B", Some((0, 2, 0)), false);
        m.status = Some(crate::model::AgentStatus::Malformed);
        let r = review("a", &["Qwen 3.6 35B"], vec![m]);
        let board = AgentBoard::build([&r]);
        assert_eq!(board.families[0].format_failures, 1);
        assert_eq!(board.families[0].findings_total().value(), None);
    }

    #[test]
    fn unknown_is_not_zero() {
        let s = AgentStats::default();
        assert_eq!(s.findings_total().value(), None);
        assert_eq!(s.fp_rate(), None);
        assert_eq!(s.median_duration(), None);
        assert_eq!(median(&[1, 5, 3]), Some(3));
        assert_eq!(median(&[1, 2, 3, 5]), Some(2));
    }

    #[test]
    fn agreement_counts_findings_naming_both_families() {
        let mut r = review("a", &["Claude Opus 4.7", "Codex GPT 5.5"], vec![]);
        for agents in [
            vec!["Claude Opus 4.7", "Codex GPT 5.5"],
            vec!["Claude Opus 4.7"],
        ] {
            r.findings.push(Finding {
                agents: agents.into_iter().map(String::from).collect(),
                ..Default::default()
            });
        }
        let board = AgentBoard::build([&r]);
        let fams = &board.agreement.families;
        let i = fams.iter().position(|f| f == "claude").unwrap();
        let j = fams.iter().position(|f| f == "codex").unwrap();
        assert_eq!(board.agreement.both[i][j], 1);
        assert_eq!(board.agreement.both[j][i], 1);
        assert_eq!(board.agreement.both[i][i], 2);
        let claude = board
            .families
            .iter()
            .find(|f| f.family == "claude")
            .unwrap();
        assert_eq!(claude.credited, 2);
    }

    #[test]
    fn partial_totals_are_left_out_and_counted() {
        let whole = AgentMetrics {
            tool_calls: Some(crate::model::ToolCalls {
                total: Some(10),
                by_tool: vec![],
            }),
            unique_insights: Some(2),
            ..metrics("Claude Opus 4.7", Some((0, 1, 1)), false)
        };
        let partial = AgentMetrics {
            duration_secs: Some(300),
            tool_calls: Some(crate::model::ToolCalls {
                total: Some(7),
                by_tool: vec![],
            }),
            unique_insights: Some(1),
            partial: PartialTotals(vec![
                MetricField::Duration,
                MetricField::Findings,
                MetricField::ToolCalls,
            ]),
            ..metrics("Claude Opus 4.7", Some((1, 0, 0)), false)
        };
        let a = review("a", &["Claude Opus 4.7"], vec![whole]);
        let b = review("bb", &["Claude Opus 4.7"], vec![partial]);
        let board = AgentBoard::build([&a, &b]);
        let c = &board.families[0];
        assert_eq!((c.tool_calls.total, c.tool_calls.known), (10, 1));
        assert_eq!(c.tool_calls.partial, 1);
        assert_eq!(c.findings_total().value(), Some(2));
        assert_eq!(c.findings_total().partial, 1);
        // A whole total of the same run still counts.
        assert_eq!((c.unique_insights.total, c.unique_insights.known), (3, 2));
        assert_eq!(c.durations, vec![60]);
        assert_eq!(c.partial_durations, 1);
        // The chart has no point value for the partial findings.
        let pts = &board.series["claude"];
        assert_eq!(pts.iter().filter(|p| p.findings.is_some()).count(), 1);
    }
}
