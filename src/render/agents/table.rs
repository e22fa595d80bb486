//! A leaderboard table: one row per agent family or model version, each cell with the
//! value it sorts on, the text shown and a tooltip saying how many runs it comes from.

use super::columns::{Col, Head};
use super::paths::family_url;
use crate::aggregate::agent_stats::{AgentStats, Sum};
use crate::render::pills::{agent_pill, AgentPill};
use crate::render::urls::link;
use crate::text::duration::format_duration;
use serde::Serialize;
use std::collections::HashMap;

/// The text of a value no run states.
pub(super) const NA: &str = "n/a";

/// One cell of a leaderboard row.
#[derive(Debug, Clone, Serialize)]
struct Cell {
    col: Col,
    /// The number sorted on and read by tests; empty when unknown.
    value: String,
    text: String,
    title: String,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct LeaderRow {
    key: String,
    family: String,
    pill: AgentPill,
    /// Link to the family page.
    pub(super) url: String,
    cells: Vec<Cell>,
    /// Sort values by column key, for building the variants.
    #[serde(skip)]
    sort: HashMap<Col, Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Table {
    pub(super) id: &'static str,
    pub(super) caption: &'static str,
    pub(super) heads: Vec<Head>,
    pub(super) rows: Vec<LeaderRow>,
}

fn pct(r: Option<f64>) -> (String, String) {
    match r {
        Some(r) => (format!("{r:.4}"), format!("{:.0}%", r * 100.0)),
        None => (String::new(), NA.into()),
    }
}

fn sum_cell(col: Col, s: Sum, runs: u32) -> Cell {
    match s.value() {
        Some(v) => Cell {
            col,
            value: v.to_string(),
            text: v.to_string(),
            title: format!(
                "from {} of {runs} run{}{}",
                s.known,
                plural(runs),
                partial_left_out(s.partial)
            ),
        },
        None => Cell {
            col,
            value: String::new(),
            text: NA.into(),
            title: format!("no run states this{}", partial_left_out(s.partial)),
        },
    }
}

/// The tooltip's note on the runs whose total was partial (a pass unknown), left out.
fn partial_left_out(n: u32) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("; {n} partial total{} left out (a pass unknown)", plural(n))
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub(super) fn leader_row(s: &AgentStats, root: &str) -> LeaderRow {
    let runs = s.with_metrics;
    let findings = s.findings_total();
    let per_review = findings
        .value()
        .filter(|_| findings.known > 0)
        .map(|v| v as f64 / findings.known as f64);
    let (fp_v, fp_t) = pct(s.fp_rate());
    let (fx_v, fx_t) = pct(s.outcome.fixed_rate());
    let (sk_v, sk_t) = pct(s.outcome.skipped_rate());
    let outcome_title = format!(
        "{} fixed, {} skipped of {} credited findings in reports with a Resolution",
        s.outcome.fixed, s.outcome.skipped, s.outcome.considered
    );
    let dur = |v: Option<u64>, col: Col| Cell {
        col,
        value: v.map(|v| v.to_string()).unwrap_or_default(),
        text: v
            .map(|v| format_duration(Some(v)))
            .unwrap_or_else(|| NA.into()),
        title: format!(
            "{} of {} run{} with a known duration{}",
            s.durations.len(),
            runs,
            plural(runs),
            partial_left_out(s.partial_durations)
        ),
    };
    let cells = vec![
        Cell {
            col: Col::Agent,
            value: s.label.clone(),
            text: s.label.clone(),
            title: String::new(),
        },
        Cell {
            col: Col::Reviews,
            value: s.reviews.to_string(),
            text: s.reviews.to_string(),
            title: format!("{runs} with a metrics-table column"),
        },
        Cell {
            col: Col::Failures,
            value: s.format_failures.to_string(),
            text: s.format_failures.to_string(),
            title: if s.failed_without_metrics == 0 {
                format!(
                    "{} of {runs} run{} with a metrics-table column",
                    s.format_failures,
                    plural(runs)
                )
            } else {
                format!(
                    "{} of {runs} run{} with a metrics-table column, and {} the report says failed without one",
                    s.format_failures - s.failed_without_metrics,
                    plural(runs),
                    s.failed_without_metrics
                )
            },
        },
        sum_cell(Col::Critical, s.critical, runs),
        sum_cell(Col::Important, s.important, runs),
        sum_cell(Col::Suggestion, s.suggestion, runs),
        sum_cell(Col::Findings, findings, runs),
        Cell {
            col: Col::PerReview,
            value: per_review.map(|v| format!("{v:.4}")).unwrap_or_default(),
            text: per_review
                .map(|v| format!("{v:.1}"))
                .unwrap_or_else(|| NA.into()),
            title: format!(
                "over {} run{} with usable output and a known count",
                findings.known,
                plural(findings.known)
            ),
        },
        sum_cell(Col::Unique, s.unique_insights, runs),
        sum_cell(Col::FalsePositives, s.false_positives, runs),
        Cell {
            col: Col::FpRate,
            value: fp_v,
            text: fp_t,
            title: format!(
                "{} false positives of {} findings, over runs stating both",
                s.fp_base.0, s.fp_base.1
            ),
        },
        sum_cell(Col::Downgrades, s.downgrades, runs),
        sum_cell(Col::Dropped, s.dropped, runs),
        sum_cell(Col::Misses, s.coverage_misses, runs),
        dur(s.median_duration(), Col::MedianDuration),
        dur(s.total_duration(), Col::TotalDuration),
        sum_cell(Col::ToolCalls, s.tool_calls, runs),
        Cell {
            col: Col::Credited,
            value: s.credited.to_string(),
            text: s.credited.to_string(),
            title: "consolidated findings naming this agent".into(),
        },
        Cell {
            col: Col::Fixed,
            value: fx_v,
            text: fx_t,
            title: outcome_title.clone(),
        },
        Cell {
            col: Col::Skipped,
            value: sk_v,
            text: sk_t,
            title: outcome_title,
        },
    ];
    let sort = cells
        .iter()
        .map(|c| (c.col, c.value.parse::<f64>().ok()))
        .collect();
    let mut pill = agent_pill(&s.label, &s.family);
    pill.short = s.label.clone();
    LeaderRow {
        key: s.key.clone(),
        family: s.family.clone(),
        pill,
        url: link(root, &family_url(&s.family)),
        cells,
        sort,
    }
}

pub(super) fn sort_rows(rows: &mut [LeaderRow], col: Col, desc: bool) {
    rows.sort_by(|a, b| {
        let la = &a.pill.short;
        let lb = &b.pill.short;
        if col == Col::Agent {
            let o = la.to_lowercase().cmp(&lb.to_lowercase());
            return if desc { o.reverse() } else { o };
        }
        let va = a.sort.get(&col).copied().flatten();
        let vb = b.sort.get(&col).copied().flatten();
        match (va, vb) {
            // Unknown values last, whichever the direction.
            (None, None) => la.cmp(lb),
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(_), None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => {
                let o = x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal);
                (if desc { o.reverse() } else { o }).then_with(|| la.cmp(lb))
            }
        }
    });
}
