//! The review page view: the metadata table, verdict and counts, each section's prose,
//! its finding cards, the normalised metrics table of the agent retrospective, the
//! appendix of agent reviews, the table of contents, and the stable anchors that thread
//! pages link to.

use super::common::{
    index_crumb, severity_slug, split_date, thread_ref, truncate, Crumb, Page, Rounds, SiteView,
    ThreadRef,
};
use super::pills::{agent_pill, reviewer_pills, verdict_view, AgentPill, VerdictView};
use super::urls::{link, md_url, root_for, web_link};
use crate::aggregate::page_ids::{claim_anchor, finding_title, stable_ids, title_or_id, StableIds};
use crate::aggregate::ReviewSummary;
use crate::html::markdown::{self, Ctx};
use crate::model::kind_slug;
use crate::model::{
    ActionClass, AgentMetrics, Finding, Review, SectionKind, Severity, SeverityCounts,
};
use crate::parse::run_status::{is_status_label, run_status, RunStatus};
use crate::text::anchors::Anchors;
use crate::text::duration::format_duration;
use serde::Serialize;
use std::collections::HashSet;

/// The review page's own view.
#[derive(Debug, Serialize)]
pub(super) struct ReviewBody {
    r: ReviewView,
}

#[derive(Debug, Serialize)]
struct ReviewView {
    id: String,
    kind: String,
    kind_label: &'static str,
    title_html: String,
    h1_html: String,
    repo: Option<String>,
    round: Option<u32>,
    round_note_html: String,
    day: String,
    time: String,
    pr_number: Option<u64>,
    pr_url: Option<String>,
    md_url: String,
    thread: Option<ThreadRef>,
    verdict: Option<VerdictView>,
    rationale_html: String,
    counts: SeverityCounts,
    stated_mismatch: String,
    meta_rows: Vec<MetaRowView>,
    preamble_html: String,
    sections: Vec<SectionView>,
    toc: Vec<TocEntry>,
}

#[derive(Debug, Serialize)]
struct MetaRowView {
    label: String,
    value_html: String,
    agents: Vec<AgentPill>,
}

#[derive(Debug, Serialize)]
struct SectionView {
    kind: String,
    anchor: String,
    title_html: String,
    severity: Option<&'static str>,
    body_html: String,
    findings: Vec<FindingView>,
    metrics: Vec<MetricsRow>,
    /// Which optional columns of the metrics table carry a value for some agent.
    metric_cols: MetricCols,
    /// Row labels of the table the normaliser does not know (`Tokens in`, `Cost`,
    /// `Status`), in order of appearance: shown as extra columns, so nothing is lost.
    extra_heads: Vec<String>,
    original_table_html: String,
    after_html: String,
    agent_reviews: Vec<AgentReviewView>,
}

#[derive(Debug, Serialize)]
struct FindingView {
    id: String,
    severity: &'static str,
    severity_label: &'static str,
    title_html: String,
    locations: Vec<LocationView>,
    /// The title line's location part as written, when it says more than its paths.
    locations_html: String,
    agents: Vec<AgentPill>,
    tags: Vec<TagView>,
    notes: Vec<String>,
    /// Severities the agents gave before reconciliation (sidecar):
    /// `Claude Opus 4.7: critical, Codex GPT 5.5: important`; empty when unknown.
    original_severities: String,
    resolution: Option<ResolutionView>,
    /// The cited lines read from the reviewed commit, one per location.
    excerpts: Vec<ExcerptView>,
    body_html: String,
}

/// A location chip: the reference as written, linked to its permalink when the reviewed
/// commit has the file.
#[derive(Debug, Serialize)]
struct LocationView {
    text: String,
    url: Option<String>,
}

/// A code excerpt on a finding card.
#[derive(Debug, Serialize)]
struct ExcerptView {
    permalink: String,
    /// The path's directories, with a trailing `/` (`pkg/hostagent/`), or empty.
    dir: String,
    /// The file name (`hostagent.go`).
    name: String,
    /// `line 12`, `lines 41–58`, `lines 12, 40–50`.
    lines_label: String,
    /// The location as written in the report.
    cited: String,
    commit: String,
    commit_short: String,
    language: String,
    /// The inside of the excerpt's `<code>`: one `<span class="xl" data-n="12">` per
    /// line (`xl cited` for cited lines) holding the highlighted line, and a
    /// `<span class="xgap">` between hunks. Made here rather than in the template: the
    /// lines are many, and a template loop over them would cost more than the rest of
    /// the page.
    code_html: String,
    /// `14 more cited lines at the permalink`, or empty.
    omitted: String,
}

/// The view of an excerpt: the header's parts and the lines, with the gaps between hunks.
fn excerpt_view(e: &crate::model::Excerpt) -> ExcerptView {
    let (dir, name) = match e.path.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n.to_string()),
        None => (String::new(), e.path.clone()),
    };
    let range = |r: &crate::model::LineRange| {
        if r.start == r.end {
            r.start.to_string()
        } else {
            format!("{}\u{2013}{}", r.start, r.end)
        }
    };
    let ranges: Vec<String> = e.ranges.iter().map(range).collect();
    let single = e.ranges.len() == 1 && e.ranges[0].start == e.ranges[0].end;
    let lines: usize = e.hunks.iter().map(|h| h.lines.len()).sum();
    let html_len: usize = e
        .hunks
        .iter()
        .flat_map(|h| h.lines.iter())
        .map(|l| l.html.len())
        .sum();
    let mut code_html = String::with_capacity(html_len + lines * 40);
    let mut prev_end: Option<u32> = None;
    for h in &e.hunks {
        let first = h.lines.first().map_or(0, |l| l.number);
        if let Some(end) = prev_end.filter(|end| first > end + 1) {
            let (a, b) = (end + 1, first - 1);
            let gap = if a == b {
                format!("line {a} not shown")
            } else {
                format!("lines {a}\u{2013}{b} not shown")
            };
            code_html.push_str(&format!("<span class=\"xgap\">{gap}</span>\n"));
        }
        prev_end = h.lines.last().map(|l| l.number);
        for l in &h.lines {
            code_html.push_str(if l.cited {
                "<span class=\"xl cited\" data-n=\""
            } else {
                "<span class=\"xl\" data-n=\""
            });
            code_html.push_str(&l.number.to_string());
            code_html.push_str("\">");
            code_html.push_str(&l.html);
            code_html.push_str("</span>\n");
        }
    }
    ExcerptView {
        permalink: e.permalink.clone(),
        dir,
        name,
        lines_label: format!(
            "{} {}",
            if single { "line" } else { "lines" },
            ranges.join(", ")
        ),
        cited: e.cited.clone(),
        commit: e.commit.clone(),
        commit_short: e.commit.chars().take(8).collect(),
        // `Bourne Again Shell (bash)` -> `Bourne Again Shell`: the header has little room.
        language: e
            .language
            .as_deref()
            .map(|l| l.split(" (").next().unwrap_or(l).to_string())
            .unwrap_or_default(),
        code_html,
        omitted: match e.omitted {
            0 => String::new(),
            1 => "1 more cited line at the link above".to_string(),
            n => format!("{n} more cited lines at the link above"),
        },
    }
}

#[derive(Debug, Serialize)]
struct TagView {
    label: String,
    class: String,
}

#[derive(Debug, Serialize)]
struct ResolutionView {
    label: String,
    class: &'static str,
    reason: String,
    reason_html: String,
    /// The commit the Resolution table names for this finding (plain text), if any.
    commit: String,
}

#[derive(Debug, Serialize)]
struct MetricsRow {
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
struct MetricCols {
    design: bool,
    false_positives: bool,
    unique: bool,
    files: bool,
    misses: bool,
    downgrades: bool,
    dropped: bool,
    tokens: bool,
    cost: bool,
}

const DASH: &str = "\u{2014}";

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

#[derive(Debug, Serialize)]
struct AgentReviewView {
    anchor: String,
    agent: AgentPill,
    label_html: String,
    /// The agent's row of the metrics table, shown in the summary line.
    metrics: Option<MetricsRow>,
    body_html: String,
}

#[derive(Debug, Serialize)]
struct TocEntry {
    kind: String,
    anchor: String,
    label: String,
    children: Vec<TocChild>,
}

#[derive(Debug, Serialize)]
struct TocChild {
    anchor: String,
    id: String,
    label: String,
    title: String,
    severity: &'static str,
}

/// A count, or `—` when the report does not give it.
fn opt_num(n: Option<u32>) -> String {
    n.map(|n| n.to_string())
        .unwrap_or_else(|| "\u{2014}".into())
}

/// One agent's row of the metrics table.
fn metrics_row(m: &AgentMetrics) -> MetricsRow {
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
        duration: format_duration(m.duration_secs),
        duration_title: passes.join(", "),
        findings: m.findings,
        tool_calls: m
            .tool_calls
            .as_ref()
            .and_then(|t| t.total)
            .map(|n| n.to_string())
            .unwrap_or_else(|| "\u{2014}".into()),
        tools_title,
        design: opt_num(m.design_observations),
        false_positives: opt_num(m.false_positives),
        unique: opt_num(m.unique_insights),
        files: opt_num(m.files_reviewed),
        misses: opt_num(m.coverage_misses),
        downgrades,
        dropped: opt_num(m.dropped),
        extra: Vec::new(),
    }
}

/// The wall-clock row when the sidecar's time differs from the one written: the sidecar's
/// time, with the report's as written beside it.
fn wall_clock_override(label: &str, value: &str, secs: Option<u64>) -> Option<String> {
    let secs = secs?;
    if crate::parse::metadata::canonical_label(label) != "wall-clock time" {
        return None;
    }
    let written = markdown::plain_text(value);
    if crate::parse::agents::parse_duration(&written) == Some(secs) {
        return None;
    }
    Some(format!(
        "<code>{}</code> <span class=\"muted\" title=\"The sidecar's value; the report says otherwise\">(sidecar; report: {})</span>",
        format_duration(Some(secs)),
        crate::html::escape::escape(written.trim())
    ))
}

/// `482113` -> `482k`, `1520000` -> `1.5M`; small counts as they are.
fn short_count(n: u64) -> String {
    match n {
        0..=9_999 => n.to_string(),
        10_000..=999_999 => format!("{}k", (n + 500) / 1000),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}

/// The badge of what was done about a finding.
fn resolution_view(r: &crate::model::FindingResolution) -> ResolutionView {
    let (class, default_label) = match r.action {
        ActionClass::Fixed => ("res-fixed", "Fixed"),
        ActionClass::TestWritten => ("res-test", "Test written"),
        ActionClass::Commented => ("res-commented", "Commented"),
        ActionClass::DocumentationUpdated => ("res-docs", "Docs updated"),
        ActionClass::Skipped => ("res-skipped", "Skipped"),
        ActionClass::Other => ("res-other", "Resolution"),
    };
    let label = markdown::plain_text(&r.label);
    ResolutionView {
        label: if label.is_empty() {
            default_label.into()
        } else {
            label
        },
        class,
        reason: r
            .reason
            .as_deref()
            .map(markdown::plain_text)
            .unwrap_or_default(),
        reason_html: r
            .reason
            .as_deref()
            .map(markdown::render_inline)
            .unwrap_or_default(),
        commit: String::new(),
    }
}

/// The per-row commit a Resolution table gives for finding `id`.
fn resolution_commit(review: &Review, id: &str) -> String {
    review
        .resolution
        .as_ref()
        .and_then(|r| {
            r.actions
                .iter()
                .find(|a| a.finding_id.as_deref() == Some(id))
        })
        .and_then(|a| a.commit.as_deref())
        .map(markdown::plain_text)
        .unwrap_or_default()
}

/// Keeps `**Severity:** Important` / `**Location:** ...` lines of a finding body on lines
/// of their own: consecutive field lines get a hard break, so they do not run together
/// into one paragraph. Lines inside fences are left alone.
fn field_lines_apart(body: &str) -> String {
    fn is_field(line: &str) -> bool {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix("**") else {
            return false;
        };
        match rest.find(":**") {
            Some(i) => {
                let name = &rest[..i];
                !name.is_empty()
                    && name.chars().count() <= 30
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/'))
            }
            None => false,
        }
    }
    let lines: Vec<&str> = body.split('\n').collect();
    let mut out = String::with_capacity(body.len() + 16);
    let mut fence: Option<char> = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if let Some(c) = fence {
            if t.starts_with(&format!("{c}{c}{c}")) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = t.chars().next();
        }
        out.push_str(line);
        let next_is_field = lines.get(i + 1).is_some_and(|n| is_field(n));
        if fence.is_none() && is_field(line) && next_is_field && !line.ends_with('\\') {
            out.push('\\');
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// `[Claude] — Pass 1` -> `Pass 1`: the heading without the agent name the pill shows.
fn pass_label(label: &str) -> String {
    let rest = match label.trim().strip_prefix('[') {
        Some(r) => match r.split_once(']') {
            Some((_, after)) => after,
            None => return label.trim().to_string(),
        },
        None => return label.trim().to_string(),
    };
    let rest = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{2014}' | '\u{2013}' | '-' | ':' | '\u{00b7}')
    });
    if rest.trim().is_empty() {
        // `[Claude Opus 4.8]` alone: the pill already names the agent.
        String::new()
    } else {
        rest.trim().to_string()
    }
}

/// The pill of an appendix agent: the reviewer's full name when exactly one reviewer of
/// the review has that family, or when as many appendix entries as reviewers have that
/// family (two `[Claude]` entries for Claude Opus and Claude Sonnet: paired in order, as
/// the pipeline writes them); else the family's display name (or the label).
fn appendix_pill(
    a: &crate::model::AgentReview,
    appendix: &[crate::model::AgentReview],
    reviewers: &[crate::model::Reviewer],
) -> AgentPill {
    let label = a.label.trim();
    if a.family.is_empty() {
        let name = label
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map(|(n, _)| n)
            .unwrap_or(label);
        return agent_pill(name, "");
    }
    let same: Vec<&crate::model::Reviewer> =
        reviewers.iter().filter(|r| r.family == a.family).collect();
    let mut pill = agent_pill(&a.family, &a.family);
    let entries: Vec<&crate::model::AgentReview> =
        appendix.iter().filter(|e| e.family == a.family).collect();
    // A label that names the model (`[Claude Opus 4.8]`) picks its reviewer; else pair
    // the family's entries with its reviewers in order.
    let lower = label.to_lowercase();
    let named = same
        .iter()
        .copied()
        .filter(|r| !r.name.is_empty() && lower.contains(&r.name.to_lowercase()))
        .max_by_key(|r| r.name.len());
    let nth = entries.iter().position(|e| std::ptr::eq(*e, a));
    let paired = named.or(match nth {
        Some(n) if same.len() > 1 && entries.len() == same.len() => same.get(n).copied(),
        _ => None,
    });
    let same = match paired {
        Some(r) => vec![r],
        None => same,
    };
    match same.as_slice() {
        [one] => {
            pill.name = markdown::plain_text(&one.name);
            pill.title = match &one.effort {
                Some(e) => format!("{} · effort {e}", one.name),
                None => one.name.clone(),
            };
        }
        _ => pill.name = crate::text::names::family_display_name(&a.family),
    }
    pill
}

/// A finding's body: `path:line` references linked to the reviewed commit, and the code
/// blocks an excerpt already shows left out.
fn finding_body(
    review: &Review,
    f: &Finding,
    anchors: &mut Anchors,
    root: &str,
    known: &HashSet<String>,
) -> String {
    let md = field_lines_apart(&f.body);
    if md.trim().is_empty() {
        return String::new();
    }
    let mut ctx = Ctx::new(anchors, root);
    ctx.known_reviews = Some(known);
    ctx.heading_base = Some(4);
    ctx.source_links = review.source_links.as_ref();
    ctx.hidden_code = f
        .code_blocks
        .iter()
        .filter(|b| b.duplicates_excerpt)
        .map(|b| markdown::code_key(&b.code))
        .collect();
    markdown::render_block(&md, &mut ctx)
}

/// The permalink of a location chip: its lines, or the whole file when it cites none.
fn location_link(
    links: Option<&crate::model::SourceLinks>,
    loc: &crate::model::Location,
) -> Option<String> {
    crate::text::coderef::link(links?, loc.path.as_deref()?, &loc.ranges)
}

/// A review's page.
pub(super) struct ReviewPage;

impl ReviewPage {
    pub(super) fn build(
        review: &Review,
        summary: &ReviewSummary,
        rounds: &Rounds,
        known: &HashSet<String>,
        site: &SiteView,
    ) -> Page<ReviewBody> {
        let root = root_for(&summary.url);
        let m = &review.meta;
        let inline = |md: &str| markdown::render_inline_in(md, &root, Some(known));
        let StableIds {
            mut anchors,
            sections: section_ids,
            findings: finding_ids,
        } = stable_ids(review);
        let agent_ids: Vec<String> = review
            .appendix
            .iter()
            .map(|a| claim_anchor(&mut anchors, &a.anchor, &a.label))
            .collect();

        let block = |md: &str, anchors: &mut Anchors, base: Option<u8>| -> String {
            if md.trim().is_empty() {
                return String::new();
            }
            let mut ctx = Ctx::new(anchors, &root);
            ctx.known_reviews = Some(known);
            ctx.heading_base = base;
            markdown::render_block(md, &mut ctx)
        };

        let meta_rows = m
            .rows
            .iter()
            .enumerate()
            .map(|(index, row)| {
                // The row the reviewers were read from (`Reviewers`, `Prüfer`...).
                let is_reviewers = m.reviewers_row == Some(index) && !m.reviewers.is_empty();
                MetaRowView {
                    label: markdown::plain_text(&row.label),
                    value_html: wall_clock_override(&row.label, &row.value, m.wall_clock_secs)
                        .unwrap_or_else(|| inline(&row.value)),
                    agents: if is_reviewers {
                        reviewer_pills(&m.reviewers)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();

        let preamble_html = block(&review.preamble, &mut anchors, Some(2));
        let mut sections = Vec::with_capacity(review.sections.len());
        let mut toc = Vec::with_capacity(review.sections.len());
        let appendix_index = review
            .sections
            .iter()
            .rposition(|s| s.kind == SectionKind::Appendix);
        for (si, s) in review.sections.iter().enumerate() {
            let anchor = section_ids.get(si).cloned().unwrap_or_default();
            let kind = kind_slug(s.kind);
            let mut view = SectionView {
                kind: kind.clone(),
                anchor: anchor.clone(),
                title_html: inline(&s.title),
                severity: s.severity.map(|sv| severity_slug(Some(sv))),
                body_html: String::new(),
                findings: Vec::new(),
                metrics: Vec::new(),
                metric_cols: MetricCols::default(),
                extra_heads: Vec::new(),
                original_table_html: String::new(),
                after_html: String::new(),
                agent_reviews: Vec::new(),
            };
            let mut children = Vec::new();
            match s.kind {
                SectionKind::AgentRetro => {
                    let retro = review.retro.as_ref();
                    let span = retro
                        .and_then(|r| r.table_span)
                        .filter(|_| retro.is_some_and(|r| !r.metrics.is_empty()))
                        .and_then(|(a, b)| {
                            Some((s.body.get(..a)?, s.body.get(a..b)?, s.body.get(b..)?))
                        });
                    match (span, retro) {
                        (Some((before, table, after)), Some(retro)) => {
                            view.body_html = block(before, &mut anchors, Some(3));
                            view.extra_heads = extra_heads(&retro.metrics);
                            view.metrics = metrics_rows(&retro.metrics, &view.extra_heads);
                            view.original_table_html = block(table, &mut anchors, Some(3));
                            view.after_html = block(after, &mut anchors, Some(3));
                        }
                        _ => {
                            view.body_html = block(&s.body, &mut anchors, Some(3));
                            if let Some(retro) = retro.filter(|r| !r.metrics.is_empty()) {
                                // No span: show the normalised table after the prose.
                                view.extra_heads = extra_heads(&retro.metrics);
                                view.metrics = metrics_rows(&retro.metrics, &view.extra_heads);
                            }
                        }
                    }
                    view.metric_cols = MetricCols::of(&view.metrics);
                }
                SectionKind::Appendix if Some(si) == appendix_index => {
                    view.body_html = block(&s.body, &mut anchors, Some(3));
                    for (ai, a) in review.appendix.iter().enumerate() {
                        let anchor = agent_ids.get(ai).cloned().unwrap_or_default();
                        let label = a.label.trim();
                        let pill = appendix_pill(a, &review.appendix, &m.reviewers);
                        let pass = markdown::plain_text(&pass_label(label));
                        children.push(TocChild {
                            anchor: anchor.clone(),
                            id: String::new(),
                            label: if pass.is_empty() {
                                pill.name.clone()
                            } else {
                                format!("{} \u{00b7} {pass}", pill.name)
                            },
                            title: markdown::plain_text(label),
                            severity: "none",
                        });
                        let metrics = review.retro.as_ref().and_then(|r| {
                            let same: Vec<&AgentMetrics> = r
                                .metrics
                                .iter()
                                .filter(|mm| !a.family.is_empty() && mm.family == a.family)
                                .collect();
                            // The column of the agent the pill names; else only when the
                            // family names one agent: two Qwen models would be ambiguous.
                            let by_name = same.iter().find(|mm| {
                                markdown::plain_text(&mm.agent).eq_ignore_ascii_case(&pill.name)
                            });
                            match by_name {
                                Some(mm) => Some(metrics_row(mm)),
                                None => (same.len() == 1).then(|| metrics_row(same[0])),
                            }
                        });
                        view.agent_reviews.push(AgentReviewView {
                            anchor,
                            agent: pill,
                            label_html: markdown::render_inline_nolinks(&pass_label(label)),
                            metrics,
                            body_html: block(&a.markdown, &mut anchors, Some(4)),
                        });
                    }
                }
                SectionKind::DesignObservations => {
                    let mut ctx = Ctx::new(&mut anchors, &root);
                    ctx.known_reviews = Some(known);
                    ctx.heading_base = Some(3);
                    ctx.design_tags = true;
                    view.body_html = markdown::render_block(&s.body, &mut ctx);
                }
                _ => {
                    view.body_html = block(&s.body, &mut anchors, Some(3));
                }
            }
            for (fi, f) in review.findings.iter().enumerate() {
                if f.section != si {
                    continue;
                }
                let id = finding_ids.get(fi).cloned().unwrap_or_default();
                let sev = f.severity.or(s.severity);
                let title = finding_title(f);
                children.push(TocChild {
                    anchor: id.clone(),
                    id: id.clone(),
                    label: truncate(&markdown::plain_text(title), 60),
                    title: markdown::plain_text(title),
                    severity: severity_slug(sev),
                });
                view.findings.push(FindingView {
                    id,
                    severity: severity_slug(sev),
                    severity_label: sev.map(Severity::label).unwrap_or(""),
                    title_html: inline(title),
                    locations: f
                        .locations
                        .iter()
                        .map(|l| LocationView {
                            text: l.raw.trim().trim_matches('`').to_string(),
                            url: location_link(review.source_links.as_ref(), l),
                        })
                        .filter(|l| !l.text.is_empty())
                        .collect(),
                    locations_html: f
                        .location_text
                        .as_deref()
                        .map(|md| {
                            markdown::render_inline_with_code_links(
                                md,
                                &root,
                                Some(known),
                                review.source_links.as_ref(),
                            )
                        })
                        .unwrap_or_default(),
                    agents: f.agents.iter().map(|a| agent_pill(a, "")).collect(),
                    tags: f
                        .tags
                        .iter()
                        .map(|t| TagView {
                            label: t.clone(),
                            class: crate::text::anchors::slugify(t),
                        })
                        .collect(),
                    notes: f.notes.clone(),
                    original_severities: f
                        .original_severities
                        .iter()
                        .map(|o| format!("{}: {}", o.agent, o.severity.label().to_lowercase()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    resolution: f.resolution.as_ref().map(|r| {
                        let mut v = resolution_view(r);
                        v.commit = resolution_commit(review, &f.id);
                        v
                    }),
                    excerpts: f.excerpts.iter().map(excerpt_view).collect(),
                    body_html: finding_body(review, f, &mut anchors, &root, known),
                });
            }
            toc.push(TocEntry {
                kind,
                anchor,
                label: truncate(&markdown::plain_text(&s.title), 48),
                children,
            });
            sections.push(view);
        }

        let stated_mismatch = match review.stated_counts {
            Some(st) if st != review.counts => format!(
                "The report states {} critical, {} important, {} suggestions",
                st.critical, st.important, st.suggestion
            ),
            _ => String::new(),
        };
        let (day, time) = split_date(m.date.as_deref().unwrap_or(""));
        let title = title_or_id(&summary.title, &review.id);
        let thread = thread_ref(rounds, &review.id, &root);

        let mut crumbs = vec![index_crumb(&root)];
        if let (Some(repo), Some(url)) = (&m.repo, &summary.repo_url) {
            crumbs.push(Crumb {
                label: repo.slug(),
                url: Some(link(&root, url)),
            });
        }
        if let (Some(pr), Some(url)) = (&m.pr, &summary.thread_url) {
            crumbs.push(Crumb {
                label: format!("PR #{}", pr.number),
                url: Some(link(&root, url)),
            });
        }
        crumbs.push(Crumb {
            label: match (&m.pr, summary.round) {
                (Some(_), Some(r)) => format!("Round {r} · {}", review.id),
                _ => review.id.clone(),
            },
            url: None,
        });

        let page_title = match &m.pr {
            Some(pr) => format!("PR #{} {}", pr.number, markdown::plain_text(&title)),
            None => markdown::plain_text(&title),
        };
        Page {
            site: site.clone(),
            root: root.clone(),
            page_title,
            crumbs,
            body: ReviewBody {
                r: ReviewView {
                    id: review.id.clone(),
                    kind: kind_slug(review.kind),
                    kind_label: review.kind.label(),
                    title_html: markdown::render_inline_in(&title, &root, Some(known)),
                    h1_html: if review.title.trim().is_empty() || review.title == title {
                        String::new()
                    } else {
                        markdown::render_inline_nolinks(&review.title)
                    },
                    repo: m.repo.as_ref().map(|r| r.slug()),
                    round: m.round,
                    round_note_html: m.round_note.as_deref().map(&inline).unwrap_or_default(),
                    day,
                    time,
                    pr_number: m.pr.as_ref().map(|p| p.number),
                    pr_url: web_link(m.pr.as_ref().and_then(|p| p.url.as_deref())),
                    md_url: md_url(&review.id),
                    thread,
                    verdict: verdict_view(&m.verdict),
                    rationale_html: m
                        .verdict
                        .as_ref()
                        .and_then(|v| v.rationale.as_deref())
                        .map(&inline)
                        .unwrap_or_default(),
                    counts: review.counts,
                    stated_mismatch,
                    meta_rows,
                    preamble_html,
                    sections,
                    toc,
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lines_keep_their_own_lines() {
        let body = "**Severity:** Important\n**Location:** `a.go:1`\n**Agents:** X\n\nProse **bold:** no.\n\n```\n**A:** 1\n**B:** 2\n```\n";
        let out = field_lines_apart(body);
        assert!(
            out.starts_with("**Severity:** Important\\\n**Location:** `a.go:1`\\\n**Agents:** X\n")
        );
        assert!(out.contains("```\n**A:** 1\n**B:** 2\n```"), "{out}");
        assert_eq!(field_lines_apart("plain\ntext"), "plain\ntext");
    }

    #[test]
    fn pass_labels() {
        assert_eq!(pass_label("[Claude] \u{2014} Pass 1"), "Pass 1");
        assert_eq!(
            pass_label("[Qwen] \u{2014} Pass 1 (retry; first attempt empty)"),
            "Pass 1 (retry; first attempt empty)"
        );
        assert_eq!(pass_label("[Claude]"), "");
        assert_eq!(pass_label("Claude pass"), "Claude pass");
        assert_eq!(pass_label("[unclosed \u{2014} x"), "[unclosed \u{2014} x");
    }
}
