//! The agent pages: the leaderboard (`agents/index.html`, with a pre-sorted copy per
//! column so sorting works without JavaScript), one page per agent family with every
//! review it took part in, and the compact agent table of a repository page.

use super::charts::{self, Chart, Durations, Series};
use super::common::{index_crumb, split_date, Crumb, Page, SiteView};
use super::pills::{agent_pill, AgentPill};
use super::urls::{link, root_for};
use crate::aggregate::agent_stats::{
    downgrade_count, usable_findings, AgentBoard, AgentStats, Participant,
};
use crate::aggregate::page_ids::title_or_id;
use crate::aggregate::{ReviewSummary, SiteIndex};
use crate::html::markdown::{self, Ctx};
use crate::model::{Review, SeverityCounts};
use crate::text::anchors::Anchors;
use crate::text::duration::format_duration;
use crate::text::names::agent_class;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

const DASH: &str = "\u{2014}";
const NA: &str = "n/a";

/// Site-relative URL of the leaderboard.
pub(super) const INDEX_URL: &str = "agents/index.html";

/// Site-relative URL of a family's page: `agents/claude.html`.
pub(super) fn family_url(family: &str) -> String {
    let slug: String = family
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    // `index` and `by-*` are the leaderboard's own pages.
    if slug.is_empty() || slug == "index" || slug.starts_with("by-") {
        format!("agents/agent-{slug}.html")
    } else {
        format!("agents/{slug}.html")
    }
}

/// A leaderboard column: its key (used in URLs and `data-col`), heading and tooltip.
struct Column {
    key: &'static str,
    label: &'static str,
    title: &'static str,
    /// Sorted descending first (numbers); the agent name sorts ascending first.
    numeric: bool,
}

const COLUMNS: &[Column] = &[
    Column {
        key: "agent",
        label: "Agent",
        title: "Agent family or model version",
        numeric: false,
    },
    Column {
        key: "reviews",
        label: "Reviews",
        title: "Reviews the agent took part in",
        numeric: true,
    },
    Column {
        key: "failures",
        label: "Format failures",
        title: "Runs that produced no usable output",
        numeric: true,
    },
    Column {
        key: "critical",
        label: "C",
        title: "Critical findings (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: "important",
        label: "I",
        title: "Important findings (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: "suggestion",
        label: "S",
        title: "Suggestions (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: "findings",
        label: "Findings",
        title: "All findings (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: "per-review",
        label: "Per run",
        title: "Findings per run with a known count and usable output",
        numeric: true,
    },
    Column {
        key: "unique",
        label: "Unique insights",
        title: "Findings no other agent raised",
        numeric: true,
    },
    Column {
        key: "false-positives",
        label: "False positives",
        title: "Findings judged wrong in consolidation",
        numeric: true,
    },
    Column {
        key: "fp-rate",
        label: "FP rate",
        title: "False positives ÷ findings, over runs stating both",
        numeric: true,
    },
    Column {
        key: "downgrades",
        label: "Downgrades",
        title: "Findings whose severity consolidation lowered",
        numeric: true,
    },
    Column {
        key: "dropped",
        label: "Dropped",
        title: "Findings consolidation dropped",
        numeric: true,
    },
    Column {
        key: "misses",
        label: "Coverage misses",
        title: "Issues in the agent's scope it missed",
        numeric: true,
    },
    Column {
        key: "median-duration",
        label: "Median time",
        title: "Median duration of a run",
        numeric: true,
    },
    Column {
        key: "total-duration",
        label: "Total time",
        title: "Sum of the known run durations",
        numeric: true,
    },
    Column {
        key: "tool-calls",
        label: "Tool calls",
        title: "Tool calls (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: "credited",
        label: "Credited",
        title: "Consolidated findings whose attribution names the agent",
        numeric: true,
    },
    Column {
        key: "fixed",
        label: "Fixed",
        title: "Of the credited findings in reports with a Resolution: share the author fixed",
        numeric: true,
    },
    Column {
        key: "skipped",
        label: "Skipped",
        title: "Of the credited findings in reports with a Resolution: share the author skipped",
        numeric: true,
    },
];

/// One cell of a leaderboard row.
#[derive(Debug, Clone, Serialize)]
struct Cell {
    col: &'static str,
    /// The number sorted on and read by tests; empty when unknown.
    value: String,
    text: String,
    title: String,
}

#[derive(Debug, Clone, Serialize)]
struct LeaderRow {
    key: String,
    family: String,
    pill: AgentPill,
    /// Link to the family page.
    url: String,
    cells: Vec<Cell>,
    /// Sort values by column key, for building the variants.
    #[serde(skip)]
    sort: HashMap<&'static str, Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
struct Head {
    key: &'static str,
    label: &'static str,
    title: &'static str,
    numeric: bool,
    /// The page sorted by this column (the other direction when already sorted by it).
    href: String,
    /// `ascending`, `descending` or `none`.
    aria_sort: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct Table {
    id: &'static str,
    caption: &'static str,
    heads: Vec<Head>,
    rows: Vec<LeaderRow>,
}

fn pct(r: Option<f64>) -> (String, String) {
    match r {
        Some(r) => (format!("{r:.4}"), format!("{:.0}%", r * 100.0)),
        None => (String::new(), NA.into()),
    }
}

fn sum_cell(col: &'static str, s: crate::aggregate::agent_stats::Sum, runs: u32) -> Cell {
    match s.value() {
        Some(v) => Cell {
            col,
            value: v.to_string(),
            text: v.to_string(),
            title: format!("from {} of {runs} run{}", s.known, plural(runs)),
        },
        None => Cell {
            col,
            value: String::new(),
            text: NA.into(),
            title: "no run states this".into(),
        },
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn leader_row(s: &AgentStats, root: &str) -> LeaderRow {
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
    let dur = |v: Option<u64>, col: &'static str| Cell {
        col,
        value: v.map(|v| v.to_string()).unwrap_or_default(),
        text: v
            .map(|v| format_duration(Some(v)))
            .unwrap_or_else(|| NA.into()),
        title: format!(
            "{} of {} run{} with a known duration",
            s.durations.len(),
            runs,
            plural(runs)
        ),
    };
    let cells = vec![
        Cell {
            col: "agent",
            value: s.label.clone(),
            text: s.label.clone(),
            title: String::new(),
        },
        Cell {
            col: "reviews",
            value: s.reviews.to_string(),
            text: s.reviews.to_string(),
            title: format!("{runs} with a metrics-table column"),
        },
        Cell {
            col: "failures",
            value: s.format_failures.to_string(),
            text: s.format_failures.to_string(),
            title: format!(
                "{} of {runs} run{} with a metrics-table column",
                s.format_failures,
                plural(runs)
            ),
        },
        sum_cell("critical", s.critical, runs),
        sum_cell("important", s.important, runs),
        sum_cell("suggestion", s.suggestion, runs),
        sum_cell("findings", findings, runs),
        Cell {
            col: "per-review",
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
        sum_cell("unique", s.unique_insights, runs),
        sum_cell("false-positives", s.false_positives, runs),
        Cell {
            col: "fp-rate",
            value: fp_v,
            text: fp_t,
            title: format!(
                "{} false positives of {} findings, over runs stating both",
                s.fp_base.0, s.fp_base.1
            ),
        },
        sum_cell("downgrades", s.downgrades, runs),
        sum_cell("dropped", s.dropped, runs),
        sum_cell("misses", s.coverage_misses, runs),
        dur(s.median_duration(), "median-duration"),
        dur(s.total_duration(), "total-duration"),
        sum_cell("tool-calls", s.tool_calls, runs),
        Cell {
            col: "credited",
            value: s.credited.to_string(),
            text: s.credited.to_string(),
            title: "consolidated findings naming this agent".into(),
        },
        Cell {
            col: "fixed",
            value: fx_v,
            text: fx_t,
            title: outcome_title.clone(),
        },
        Cell {
            col: "skipped",
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

/// The URL of the leaderboard sorted by `col`, relative to the agents folder.
fn variant_file(col: &str, desc: bool) -> String {
    if col == "reviews" && desc {
        "index.html".into()
    } else if desc {
        format!("by-{col}.html")
    } else {
        format!("by-{col}-asc.html")
    }
}

/// Every (column, descending) pair a leaderboard page exists for.
fn variants() -> Vec<(&'static str, bool)> {
    COLUMNS
        .iter()
        .flat_map(|c| [(c.key, true), (c.key, false)])
        .collect()
}

fn sort_rows(rows: &mut [LeaderRow], col: &str, desc: bool) {
    rows.sort_by(|a, b| {
        let la = &a.pill.short;
        let lb = &b.pill.short;
        if col == "agent" {
            let o = la.to_lowercase().cmp(&lb.to_lowercase());
            return if desc { o.reverse() } else { o };
        }
        let va = a.sort.get(col).copied().flatten();
        let vb = b.sort.get(col).copied().flatten();
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

fn heads(col: &str, desc: bool) -> Vec<Head> {
    COLUMNS
        .iter()
        .map(|c| {
            let current = c.key == col;
            let natural_desc = c.numeric;
            let next_desc = if current { !desc } else { natural_desc };
            Head {
                key: c.key,
                label: c.label,
                title: c.title,
                numeric: c.numeric,
                href: variant_file(c.key, next_desc),
                aria_sort: match (current, desc) {
                    (false, _) => "none",
                    (true, true) => "descending",
                    (true, false) => "ascending",
                },
            }
        })
        .collect()
}

/// The leaderboard page's own view.
#[derive(Debug, Serialize)]
pub(super) struct AgentsBody {
    families: Table,
    models: Table,
    reviews: u32,
    agents: usize,
    /// The column and direction this copy is sorted by, in words.
    sorted_by: String,
    /// Whether this is the main page (charts) or a sorted copy (tables only).
    main: bool,
    charts: Vec<Chart>,
    family_links: Vec<FamilyLink>,
}

#[derive(Debug, Serialize)]
struct FamilyLink {
    pill: AgentPill,
    url: String,
    reviews: u32,
}

/// Builds the leaderboard pages: `agents/index.html` and its sorted copies, as
/// (site-relative URL, page).
pub(super) fn leaderboard_pages(
    board: &AgentBoard,
    site: &SiteView,
) -> Vec<(String, Page<AgentsBody>)> {
    let root = root_for(INDEX_URL);
    let fam_rows: Vec<LeaderRow> = board
        .families
        .iter()
        .map(|s| leader_row(s, &root))
        .collect();
    let model_rows: Vec<LeaderRow> = board.models.iter().map(|s| leader_row(s, &root)).collect();
    let labels: HashMap<&str, &str> = board
        .families
        .iter()
        .map(|f| (f.family.as_str(), f.label.as_str()))
        .collect();
    let charts = board_charts(board, &labels, &root);
    let family_links: Vec<FamilyLink> = board
        .families
        .iter()
        .map(|f| {
            let mut pill = agent_pill(&f.label, &f.family);
            pill.short = f.label.clone();
            FamilyLink {
                pill,
                url: link(&root, &family_url(&f.family)),
                reviews: f.reviews,
            }
        })
        .collect();
    let mut out = Vec::new();
    for (col, desc) in variants() {
        let file = variant_file(col, desc);
        let main = file == "index.html";
        let mut fr = fam_rows.clone();
        let mut mr = model_rows.clone();
        if !main {
            sort_rows(&mut fr, col, desc);
            sort_rows(&mut mr, col, desc);
        }
        let column = COLUMNS
            .iter()
            .find(|c| c.key == col)
            .map(|c| c.label)
            .unwrap_or(col);
        let page = Page {
            site: site.clone(),
            root: root.clone(),
            page_title: "Agents".into(),
            crumbs: vec![
                index_crumb(&root),
                Crumb {
                    label: "Agents".into(),
                    url: None,
                },
            ],
            body: AgentsBody {
                families: Table {
                    id: "families",
                    caption: "Per agent family",
                    heads: heads(col, desc),
                    rows: fr,
                },
                models: Table {
                    id: "models",
                    caption: "Per model version",
                    heads: heads(col, desc),
                    rows: mr,
                },
                reviews: board.reviews,
                agents: board.families.len(),
                sorted_by: format!(
                    "{column}, {}",
                    if desc {
                        "highest first"
                    } else {
                        "lowest first"
                    }
                ),
                main,
                charts: if main { charts.clone() } else { Vec::new() },
                family_links: family_links
                    .iter()
                    .map(|f| FamilyLink {
                        pill: f.pill.clone(),
                        url: f.url.clone(),
                        reviews: f.reviews,
                    })
                    .collect(),
            },
        };
        out.push((format!("agents/{file}"), page));
    }
    out
}

fn board_charts(board: &AgentBoard, labels: &HashMap<&str, &str>, root: &str) -> Vec<Chart> {
    let review_link = |id: &str| link(root, &format!("{id}.html"));
    let series: Vec<Series> = board
        .families
        .iter()
        .filter_map(|f| {
            board.series.get(&f.family).map(|pts| Series {
                family: &f.family,
                label: labels.get(f.family.as_str()).copied().unwrap_or(&f.family),
                points: pts,
            })
        })
        .collect();
    let durations: Vec<Durations> = board
        .families
        .iter()
        .map(|f| Durations {
            family: &f.family,
            label: &f.label,
            secs: &f.durations,
        })
        .collect();
    let names: Vec<String> = board
        .agreement
        .families
        .iter()
        .map(|f| {
            labels
                .get(f.as_str())
                .map(|l| l.to_string())
                .unwrap_or_else(|| f.clone())
        })
        .collect();
    [
        charts::findings_over_time("chart-time", &series, &review_link),
        charts::duration_distribution("chart-duration", &durations),
        charts::agreement_matrix("chart-agreement", &board.agreement, &names),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// One review on a family page.
#[derive(Debug, Serialize)]
struct RunView {
    review_id: String,
    url: String,
    day: String,
    title_html: String,
    repo: Option<String>,
    model: String,
    pill: AgentPill,
    effort: Option<String>,
    format_failure: bool,
    has_metrics: bool,
    duration: String,
    findings: Option<SeverityCounts>,
    /// The findings cell as the table has it, for a failed run (shown, not counted).
    failed_findings: String,
    tool_calls: String,
    unique: String,
    false_positives: String,
    downgrades: String,
    dropped: String,
    misses: String,
    credited: usize,
    retro_html: Vec<String>,
}

/// A family's own page.
#[derive(Debug, Serialize)]
pub(super) struct FamilyBody {
    family: String,
    label: String,
    pill: AgentPill,
    stats: FamilyStats,
    models: Table,
    runs: Vec<RunView>,
    charts: Vec<Chart>,
}

#[derive(Debug, Serialize)]
struct FamilyStats {
    reviews: u32,
    failures: u32,
    findings: String,
    median: String,
    credited: u32,
}

fn opt(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| DASH.into())
}

fn run_view(
    review: &Review,
    p: &Participant,
    summary: Option<&ReviewSummary>,
    root: &str,
    anchors: &mut Anchors,
    known: &HashSet<String>,
) -> RunView {
    let m = p.metrics;
    let date = summary
        .map(|s| s.date.clone())
        .or_else(|| review.meta.date.clone())
        .unwrap_or_default();
    let title = summary
        .map(|s| s.title.clone())
        .unwrap_or_else(|| review.title.clone());
    let retro_html = p
        .retro
        .iter()
        .map(|a| {
            let mut ctx = Ctx::new(anchors, root);
            ctx.known_reviews = Some(known);
            ctx.heading_base = Some(4);
            markdown::render_block(&a.text, &mut ctx)
        })
        .collect();
    let mut pill = agent_pill(&p.name, &p.family);
    pill.short = p.model_label();
    RunView {
        review_id: review.id.clone(),
        url: link(root, &format!("{}.html", review.id)),
        day: split_date(&date).0,
        title_html: markdown::render_inline_nolinks(&title_or_id(&title, &review.id)),
        repo: review.meta.repo.as_ref().map(|r| r.slug()),
        model: p.model_label(),
        pill,
        effort: p.effort.clone(),
        format_failure: p.format_failure(),
        has_metrics: m.is_some(),
        duration: format_duration(m.and_then(|m| m.duration_secs)),
        findings: m.and_then(usable_findings),
        failed_findings: m
            .filter(|_| p.format_failure())
            .and_then(|m| {
                m.raw
                    .iter()
                    .find(|(l, _)| l.to_lowercase().contains("finding"))
            })
            .map(|(_, c)| markdown::plain_text(c))
            .unwrap_or_default(),
        tool_calls: opt(m.and_then(|m| m.tool_calls.as_ref()).and_then(|t| t.total)),
        unique: opt(m.and_then(|m| m.unique_insights)),
        false_positives: opt(m.and_then(|m| m.false_positives)),
        downgrades: opt(m.and_then(downgrade_count)),
        dropped: opt(m.and_then(|m| m.dropped)),
        misses: opt(m.and_then(|m| m.coverage_misses)),
        credited: p.credited.len(),
        retro_html,
    }
}

/// One page per family, handed to `emit` with its site-relative URL as soon as it is made
/// (in parallel), so only the pages being rendered are held: a family's runs are the
/// biggest views of the site.
pub(super) fn family_pages(
    board: &AgentBoard,
    taking_part: &[(&Review, Vec<Participant>)],
    index: &SiteIndex,
    known: &HashSet<String>,
    site: &SiteView,
    emit: impl Fn(String, Page<FamilyBody>) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<()> {
    let summaries: HashMap<&str, &ReviewSummary> =
        index.reviews.iter().map(|s| (s.id.as_str(), s)).collect();
    // Newest first, as the index orders them.
    let mut taking_part: Vec<&(&Review, Vec<Participant>)> = taking_part.iter().collect();
    taking_part.sort_by(|(a, _), (b, _)| {
        let da = a.meta.date.as_deref().unwrap_or("");
        let db = b.meta.date.as_deref().unwrap_or("");
        db.cmp(da).then_with(|| b.id.cmp(&a.id))
    });
    let page = |fam: &AgentStats| {
        let url = family_url(&fam.family);
        let root = root_for(&url);
        let mut anchors = Anchors::default();
        let mut runs = Vec::new();
        for (review, ps) in &taking_part {
            for p in ps.iter().filter(|p| p.family == fam.family) {
                runs.push(run_view(
                    review,
                    p,
                    summaries.get(review.id.as_str()).copied(),
                    &root,
                    &mut anchors,
                    known,
                ));
            }
        }
        let model_stats: Vec<&AgentStats> = board
            .models
            .iter()
            .filter(|m| m.family == fam.family)
            .collect();
        let mut model_rows: Vec<LeaderRow> =
            model_stats.iter().map(|s| leader_row(s, &root)).collect();
        for r in &mut model_rows {
            r.url = String::new();
        }
        let mut heads = heads("reviews", true);
        for h in &mut heads {
            h.href = String::new();
        }
        let review_link = |id: &str| link(&root, &format!("{id}.html"));
        let points = board.series.get(&fam.family).cloned().unwrap_or_default();
        let series = [Series {
            family: &fam.family,
            label: &fam.label,
            points: &points,
        }];
        let durations: Vec<Durations> = model_stats
            .iter()
            .map(|m| Durations {
                family: &m.family,
                label: &m.label,
                secs: &m.durations,
            })
            .collect();
        let charts = [
            charts::findings_over_time("chart-time", &series, &review_link),
            charts::duration_distribution("chart-duration", &durations),
        ]
        .into_iter()
        .flatten()
        .collect();
        let findings = fam.findings_total();
        let mut pill = agent_pill(&fam.label, &fam.family);
        pill.short = fam.label.clone();
        let page = Page {
            site: site.clone(),
            root: root.clone(),
            page_title: format!("{} · Agents", fam.label),
            crumbs: vec![
                index_crumb(&root),
                Crumb {
                    label: "Agents".into(),
                    url: Some(link(&root, INDEX_URL)),
                },
                Crumb {
                    label: fam.label.clone(),
                    url: None,
                },
            ],
            body: FamilyBody {
                family: fam.family.clone(),
                label: fam.label.clone(),
                pill,
                stats: FamilyStats {
                    reviews: fam.reviews,
                    failures: fam.format_failures,
                    findings: findings
                        .value()
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| NA.into()),
                    median: fam
                        .median_duration()
                        .map(|d| format_duration(Some(d)))
                        .unwrap_or_else(|| NA.into()),
                    credited: fam.credited,
                },
                models: Table {
                    id: "models",
                    caption: "Per model version",
                    heads,
                    rows: model_rows,
                },
                runs,
                charts,
            },
        };
        (url, page)
    };
    board.families.par_iter().try_for_each(|fam| {
        let (url, page) = page(fam);
        emit(url, page)
    })
}

/// The agent table of a repository page: one row per family over the repository's
/// reviews, linking to the family pages.
#[derive(Debug, Clone, Serialize)]
pub(super) struct RepoAgentRow {
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

pub(super) fn repo_agent_rows<'a>(
    reviews: impl IntoIterator<Item = &'a Review>,
    root: &str,
) -> Vec<RepoAgentRow> {
    let board = AgentBoard::build(reviews);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_urls_never_collide_with_leaderboard_pages() {
        assert_eq!(family_url("claude"), "agents/claude.html");
        assert_eq!(family_url("index"), "agents/agent-index.html");
        assert_eq!(family_url("by-x"), "agents/agent-by-x.html");
        assert_eq!(family_url("a/b"), "agents/a-b.html");
    }

    #[test]
    fn every_column_has_both_sorted_pages_and_one_is_the_index() {
        let files: Vec<String> = variants()
            .iter()
            .map(|(c, d)| variant_file(c, *d))
            .collect();
        assert_eq!(files.len(), COLUMNS.len() * 2);
        assert_eq!(files.iter().filter(|f| *f == "index.html").count(), 1);
        let unique: HashSet<&String> = files.iter().collect();
        assert_eq!(unique.len(), files.len());
    }
}
