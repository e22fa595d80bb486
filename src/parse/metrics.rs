//! Normalising the retro's per-agent metrics table (metrics as rows, agents as columns)
//! into [`AgentMetrics`], whatever shape each cell takes.
//!
//! Rules (see FORMAT.md "Agent Performance Retro"; `—` always means unknown, never zero):
//! - Row labels are matched case-insensitively with bold markers stripped; a `(pass N)`
//!   suffix marks a pass-split row. Pass-split rows of one metric are summed (the sum is
//!   `None` if any pass is unknown); a plain row of the same metric wins over the split ones.
//! - Findings come from, in order of preference: a plain `Findings` row, the `**Totals**`
//!   row, the pass-split `Findings (pass N)` rows summed, the old separate
//!   `Critical` / `Important` / `Suggestion(s)` rows. The first that is known wins.
//! - Count cells take their leading integer (`2 (1 false positive)` -> 2, `5/5` -> 5); a
//!   list of finding ids counts its ids (`S1, S3` -> 2); `none` / `no` / `zero` -> 0; text
//!   without a number (`cross-compile test`) -> `None` (we do not guess a count).
//! - Tool calls: `50 (Bash 25, Read 21)` -> total 50 + by tool; `1 (Read)` -> Read 1;
//!   `Bash 6, Read 2` -> total 8; `N/A` / `—` -> `None`.
//! - Downgraded: `1 (C→I)`, `1 (I→S), 1 (C→I)` -> count + from/to list.
//! - Rows we do not know (Depth, Signal/Noise, Severity inflation) are only kept in `raw`.
//! - `no_output` from the table alone: a cell of a whole-run row says `(empty)` / `no
//!   output`; or the agent reports no findings and a status row says the run failed, a
//!   Findings cell says so instead of a count (`none (timeout)`, `— (failed)`), or a
//!   pass row's cell says `(empty)` (all these rules are in `super::run_status`); or
//!   findings are zero while both duration and tool calls are unknown or zero. The retro
//!   prose and the Reviewers row can set it too (see the retro parser and
//!   `enrich::merge::complete`).

use std::sync::OnceLock;

use regex::Regex;

use super::run_status::{
    is_no_output_cell, is_status_label, run_status, says_no_output, RunStatus,
};
use super::static_regex::re;
use crate::model::{AgentMetrics, Downgrade, Severity, SeverityCounts, ToolCalls};
use crate::text::duration::{is_unknown, parse_duration};
use crate::text::names::{agent_family, strip_inline_markdown};

/// The metric a row label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    Duration,
    Findings,
    Totals,
    Critical,
    Important,
    Suggestion,
    ToolCalls,
    DesignObservations,
    FalsePositives,
    UniqueInsights,
    FilesReviewed,
    CoverageMisses,
    Downgraded,
    Dropped,
    /// Kept only in `raw`.
    Other,
}

fn pass_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)\(?\s*\bpass\s*#?\s*(\d+)\s*\)?")
}

/// Classifies a row label: the metric and the pass number of a pass-split row.
pub fn classify_row(label: &str) -> (MetricKind, Option<u32>) {
    let cleaned = strip_inline_markdown(label);
    let mut pass = None;
    let mut base = cleaned.clone();
    if let Some(caps) = pass_re().captures(&cleaned) {
        pass = caps.get(1).and_then(|m| m.as_str().parse().ok());
        if let Some(m) = caps.get(0) {
            base = format!("{}{}", &cleaned[..m.start()], &cleaned[m.end()..]);
        }
    }
    let base = base
        .trim()
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase();
    let base = base.split_whitespace().collect::<Vec<_>>().join(" ");
    use MetricKind::*;
    let kind = match base.as_str() {
        "duration" | "time" | "wall-clock" | "wall clock" | "wall-clock time" | "runtime"
        | "elapsed" | "dauer" | "laufzeit" => Duration,
        "findings" | "findings (raw)" | "raw findings" | "finding count" | "befunde" => Findings,
        "totals" | "total" | "total findings" | "consolidated" | "consolidated findings" => Totals,
        "critical" | "criticals" | "critical findings" | "critical issues" => Critical,
        "important" | "important findings" | "important issues" => Important,
        "suggestion" | "suggestions" => Suggestion,
        "tool calls" | "tool call" | "tools" | "tool use" | "tool uses" | "werkzeugaufrufe" => {
            ToolCalls
        }
        "design observations" | "design observation" | "design obs" => DesignObservations,
        "false positives" | "false positive" | "false-positives" => FalsePositives,
        "unique insights" | "unique insight" | "unique finds" | "unique findings" | "unique" => {
            UniqueInsights
        }
        "files reviewed" | "files" => FilesReviewed,
        "coverage misses" | "coverage miss" | "coverage gaps" => CoverageMisses,
        "downgraded" | "downgrades" | "downgrade" => Downgraded,
        "dropped" | "drops" => Dropped,
        _ => Other,
    };
    (kind, pass)
}

/// Cleans a cell for reading: no bold markers or backticks, trimmed.
fn clean(cell: &str) -> String {
    strip_inline_markdown(cell).trim().to_string()
}

fn leading_int(text: &str) -> Option<u32> {
    let t = text.trim_start_matches(['~', '≈', ' ']);
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        None
    } else {
        digits.parse().ok()
    }
}

fn word_number(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty())?;
    match first {
        "none" | "nothing" => Some(0),
        w => super::findings::number_word(w).filter(|&n| n <= 10),
    }
}

fn id_list_count(text: &str) -> Option<u32> {
    static R: OnceLock<Regex> = OnceLock::new();
    let id = re(&R, r"^[CIScis]\d{1,5}$");
    let tokens: Vec<&str> = text
        .split(|c: char| c == ',' || c == ';' || c == '/' || c.is_whitespace())
        .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("and") && *t != "&")
        .collect();
    if !tokens.is_empty() && tokens.iter().all(|t| id.is_match(t)) {
        u32::try_from(tokens.len()).ok()
    } else {
        None
    }
}

/// A count cell: `3`, `2 (1 false positive)`, `5/5`, `S1, S3`, `none`; `—` -> `None`.
fn parse_count(cell: &str) -> Option<u32> {
    let c = clean(cell);
    if is_unknown(&c) {
        return None;
    }
    if let Some(n) = leading_int(&c) {
        return Some(n);
    }
    let before_paren = c.split('(').next().unwrap_or("").trim();
    if let Some(n) = id_list_count(before_paren) {
        return Some(n);
    }
    word_number(&c)
}

/// A findings cell: `4I 8S`, `1C 2I 4S`, `2S`, `none`, `1C 0I 1S + 1 dup`,
/// `2 critical, 1 important`; `—` -> `None`.
pub fn parse_findings(cell: &str) -> Option<SeverityCounts> {
    static R: OnceLock<Regex> = OnceLock::new();
    let token = re(
        &R,
        r"(?i)(\d+)\s*(criticals?|importants?|suggestions?|crit|imp|sugg?|c|i|s)",
    );
    let c = clean(cell);
    if is_unknown(&c) {
        return None;
    }
    let mut counts = SeverityCounts::default();
    let mut any = false;
    for caps in token.captures_iter(&c) {
        let (Some(whole), Some(n), Some(sev)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        // The severity word must end here (`1 issue` is not `1 I`).
        if c[whole.end()..]
            .chars()
            .next()
            .is_some_and(|ch| ch.is_alphabetic())
        {
            continue;
        }
        let Ok(n) = n.as_str().parse::<u32>() else {
            continue;
        };
        let severity = match sev.as_str().chars().next().map(|c| c.to_ascii_lowercase()) {
            Some('c') => Severity::Critical,
            Some('i') => Severity::Important,
            _ => Severity::Suggestion,
        };
        counts.add(severity, n);
        any = true;
    }
    if any {
        return Some(counts);
    }
    let lower = c.to_lowercase();
    if lower == "0"
        || lower.starts_with("none")
        || lower.starts_with("no ")
        || lower.starts_with("zero")
        || lower.starts_with("(empty)")
        || lower.starts_with("empty")
    {
        return Some(SeverityCounts::default());
    }
    None
}

/// A tool-calls cell: `50 (Bash 25, Read 21, Grep 3)`, `41 (shell 41)`, `1 (Read)`, `0`,
/// `Bash 6, Read 2`; `N/A` / `—` -> `None`.
pub fn parse_tool_calls(cell: &str) -> Option<ToolCalls> {
    static NAME_COUNT: OnceLock<Regex> = OnceLock::new();
    static COUNT_NAME: OnceLock<Regex> = OnceLock::new();
    let name_count = re(&NAME_COUNT, r"^(.*?[^\d\s:=×])\s*[:=×]?\s*(\d+)$");
    let count_name = re(&COUNT_NAME, r"^(\d+)\s*×?\s*(\D.*)$");
    let c = clean(cell);
    if is_unknown(&c) {
        return None;
    }
    let total = leading_int(&c);
    let list = if let (Some(open), Some(close)) = (c.find('('), c.rfind(')')) {
        if open < close {
            c[open + 1..close].to_string()
        } else {
            String::new()
        }
    } else if total.is_none() {
        c.clone()
    } else {
        String::new()
    };
    let mut by_tool: Vec<(String, u32)> = Vec::new();
    let mut uncounted: Vec<String> = Vec::new();
    for item in list.split([',', ';']) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if let Some(caps) = name_count.captures(item) {
            if let (Some(name), Some(n)) = (caps.get(1), caps.get(2)) {
                if let Ok(n) = n.as_str().parse() {
                    by_tool.push((name.as_str().trim().to_string(), n));
                    continue;
                }
            }
        }
        if let Some(caps) = count_name.captures(item) {
            if let (Some(n), Some(name)) = (caps.get(1), caps.get(2)) {
                if let Ok(n) = n.as_str().parse() {
                    by_tool.push((name.as_str().trim().to_string(), n));
                    continue;
                }
            }
        }
        if item.chars().any(|c| c.is_alphabetic()) {
            uncounted.push(item.to_string());
        }
    }
    if by_tool.is_empty() && uncounted.len() == 1 {
        if let Some(t) = total {
            by_tool.push((uncounted.remove(0), t));
        }
    }
    let total = match total {
        Some(t) => Some(t),
        None if !by_tool.is_empty() => {
            Some(by_tool.iter().fold(0u32, |a, (_, n)| a.saturating_add(*n)))
        }
        None => match word_number(&c) {
            Some(n) => Some(n),
            None => return None,
        },
    };
    Some(ToolCalls { total, by_tool })
}

/// A downgraded cell: `1 (C→I)`, `6 (I→S)`, `1 (I→S), 1 (C→I)`, `0`,
/// `2 (both downgraded)`. Returns the count and the from→to list.
fn parse_downgrades(cell: &str) -> (Option<u32>, Vec<Downgrade>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let pair = re(
        &R,
        r"(?i)(?:(\d+)\s*\(?\s*)?\b(critical|important|suggestions?|c|i|s)\s*(?:→|->|=>|⇒|⟶|\bto\b)\s*(critical|important|suggestions?|c|i|s)\b",
    );
    let c = clean(cell);
    if is_unknown(&c) {
        return (None, Vec::new());
    }
    let sev = |s: &str| match s.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('c') => Severity::Critical,
        Some('i') => Severity::Important,
        _ => Severity::Suggestion,
    };
    let mut list = Vec::new();
    let mut explicit = 0;
    for caps in pair.captures_iter(&c) {
        let (Some(from), Some(to)) = (caps.get(2), caps.get(3)) else {
            continue;
        };
        let count = match caps.get(1).and_then(|m| m.as_str().parse().ok()) {
            Some(n) => {
                explicit += 1;
                n
            }
            None => 1,
        };
        list.push(Downgrade {
            count,
            from: sev(from.as_str()),
            to: sev(to.as_str()),
        });
    }
    let listed = || list.iter().fold(0u32, |a, d| a.saturating_add(d.count));
    let count = if explicit >= 2 {
        Some(listed())
    } else {
        parse_count(&c).or_else(|| {
            if list.is_empty() {
                None
            } else {
                Some(listed())
            }
        })
    };
    (count, list)
}

/// One value per row of a metric, with its pass number.
type Entries<T> = Vec<(Option<u32>, Option<T>)>;

/// Combines the rows of one metric: a plain row wins; pass-split rows are summed
/// (`None` if any is unknown).
fn combine<T: Clone>(entries: &Entries<T>, sum: impl Fn(T, T) -> T) -> Option<T> {
    if let Some((_, v)) = entries.iter().find(|(p, _)| p.is_none()) {
        return v.clone();
    }
    split_sum(entries, sum)
}

fn split_sum<T: Clone>(entries: &Entries<T>, sum: impl Fn(T, T) -> T) -> Option<T> {
    let mut acc: Option<T> = None;
    let mut any = false;
    for (p, v) in entries {
        if p.is_none() {
            continue;
        }
        any = true;
        let v = v.clone()?;
        acc = Some(match acc {
            None => v,
            Some(a) => sum(a, v),
        });
    }
    if any {
        acc
    } else {
        None
    }
}

/// Sums of report numbers saturate: a cell can hold any number.
fn add_counts(a: SeverityCounts, b: SeverityCounts) -> SeverityCounts {
    SeverityCounts {
        critical: a.critical.saturating_add(b.critical),
        important: a.important.saturating_add(b.important),
        suggestion: a.suggestion.saturating_add(b.suggestion),
    }
}

fn add_tools(mut a: ToolCalls, b: ToolCalls) -> ToolCalls {
    a.total = match (a.total, b.total) {
        (Some(x), Some(y)) => Some(x.saturating_add(y)),
        _ => None,
    };
    for (name, n) in b.by_tool {
        if let Some(e) = a.by_tool.iter_mut().find(|(k, _)| *k == name) {
            e.1 = e.1.saturating_add(n);
        } else {
            a.by_tool.push((name, n));
        }
    }
    a
}

#[derive(Default)]
struct Column {
    duration: Entries<u64>,
    findings: Entries<SeverityCounts>,
    totals: Entries<SeverityCounts>,
    severity_rows: [Entries<u32>; 3],
    tool_calls: Entries<ToolCalls>,
    design: Entries<u32>,
    false_positives: Entries<u32>,
    unique: Entries<u32>,
    files: Entries<u32>,
    coverage: Entries<u32>,
    downgraded: Entries<(u32, Vec<Downgrade>)>,
    dropped: Entries<u32>,
}

/// Cells of a row aligned with `header[1..]`. `cells` normally excludes the label;
/// a row that repeats its label as the first cell (full-width rows) is accepted too.
fn aligned_cells<'a>(header_len: usize, label: &str, cells: &'a [String]) -> &'a [String] {
    if header_len > 0
        && cells.len() == header_len
        && cells
            .first()
            .is_some_and(|c| clean(c) == clean(label) && !clean(label).is_empty())
    {
        &cells[1..]
    } else {
        cells
    }
}

/// `header`: the header cells (first is `Metric` or empty, then agent names);
/// `rows`: (row label, cells) for each body row, cells in header order.
///
/// `cells` holds the agent cells only (`cells[j]` belongs to `header[j + 1]`); a row whose
/// cells repeat the label in front (one cell per header cell) is accepted as well.
/// Missing cells are treated as unknown.
pub fn normalise_table(header: &[String], rows: &[(String, Vec<String>)]) -> Vec<AgentMetrics> {
    let agents: Vec<&String> = header.iter().skip(1).collect();
    let mut out: Vec<AgentMetrics> = agents
        .iter()
        .map(|name| AgentMetrics {
            agent: name.trim().to_string(),
            family: agent_family(name),
            ..Default::default()
        })
        .collect();
    let mut cols: Vec<Column> = agents.iter().map(|_| Column::default()).collect();
    // Agents whose `Status` row says the run failed.
    let mut failed: Vec<bool> = agents.iter().map(|_| false).collect();

    for (label, cells) in rows {
        let cells = aligned_cells(header.len(), label, cells);
        let (kind, pass) = classify_row(label);
        let status_row = kind == MetricKind::Other && is_status_label(label);
        let is_findings_row = matches!(kind, MetricKind::Findings | MetricKind::Totals);
        for (j, (m, col)) in out.iter_mut().zip(cols.iter_mut()).enumerate() {
            let cell = cells.get(j).map(|s| s.trim()).unwrap_or("");
            m.raw.push((label.trim().to_string(), cell.to_string()));
            if kind == MetricKind::Other {
                m.other.push((label.trim().to_string(), cell.to_string()));
            }
            // A pass that came back empty fails the run only if no other pass made up for it.
            if says_no_output(cell) && pass.is_none() {
                m.no_output = true;
            }
            if (status_row && run_status(cell) == RunStatus::Failed)
                || (pass.is_some() && says_no_output(cell))
                || (is_findings_row && is_no_output_cell(cell))
            {
                if let Some(f) = failed.get_mut(j) {
                    *f = true;
                }
            }
            match kind {
                MetricKind::Duration => col.duration.push((pass, parse_duration(cell))),
                MetricKind::Findings => col.findings.push((pass, parse_findings(cell))),
                MetricKind::Totals => col.totals.push((pass, parse_findings(cell))),
                MetricKind::Critical => col.severity_rows[0].push((pass, parse_count(cell))),
                MetricKind::Important => col.severity_rows[1].push((pass, parse_count(cell))),
                MetricKind::Suggestion => col.severity_rows[2].push((pass, parse_count(cell))),
                MetricKind::ToolCalls => col.tool_calls.push((pass, parse_tool_calls(cell))),
                MetricKind::DesignObservations => col.design.push((pass, parse_count(cell))),
                MetricKind::FalsePositives => col.false_positives.push((pass, parse_count(cell))),
                MetricKind::UniqueInsights => col.unique.push((pass, parse_count(cell))),
                MetricKind::FilesReviewed => col.files.push((pass, parse_count(cell))),
                MetricKind::CoverageMisses => col.coverage.push((pass, parse_count(cell))),
                MetricKind::Downgraded => {
                    let (n, list) = parse_downgrades(cell);
                    col.downgraded.push((pass, n.map(|n| (n, list))));
                }
                MetricKind::Dropped => col.dropped.push((pass, parse_count(cell))),
                MetricKind::Other => {}
            }
        }
    }

    let add = |a: u32, b: u32| a.saturating_add(b);
    for (i, (m, col)) in out.iter_mut().zip(cols.iter()).enumerate() {
        m.duration_secs = combine(&col.duration, u64::saturating_add);
        m.pass_durations_secs = col
            .duration
            .iter()
            .filter(|(p, _)| p.is_some())
            .map(|(_, v)| *v)
            .collect();
        m.findings = resolve_findings(col);
        m.tool_calls = combine(&col.tool_calls, add_tools);
        m.design_observations = combine(&col.design, add);
        m.false_positives = combine(&col.false_positives, add);
        m.unique_insights = combine(&col.unique, add);
        m.files_reviewed = combine(&col.files, add);
        m.coverage_misses = combine(&col.coverage, add);
        if let Some((n, list)) = combine(&col.downgraded, |(a, mut la), (b, lb)| {
            la.extend(lb);
            (a.saturating_add(b), la)
        }) {
            m.downgraded = Some(n);
            m.downgrades = list;
        }
        m.dropped = combine(&col.dropped, add);
        // A failed run that reports no findings produced nothing usable; one that still
        // reports findings (a retry that worked) keeps its numbers.
        if failed.get(i).copied().unwrap_or(false) && m.findings.is_none_or(|f| f.total() == 0) {
            m.no_output = true;
        }
        if !m.no_output {
            let zero_findings = m.findings.is_some_and(|f| f.total() == 0);
            let no_tools = m.tool_calls.as_ref().is_none_or(|t| t.total == Some(0));
            let no_time = m.duration_secs.is_none();
            if zero_findings && no_tools && no_time && !col.duration.is_empty() {
                m.no_output = true;
            }
        }
    }
    out
}

fn resolve_findings(col: &Column) -> Option<SeverityCounts> {
    let plain = col
        .findings
        .iter()
        .find(|(p, _)| p.is_none())
        .and_then(|(_, v)| *v);
    if plain.is_some() {
        return plain;
    }
    if let Some(t) = combine(&col.totals, add_counts) {
        return Some(t);
    }
    if let Some(s) = split_sum(&col.findings, add_counts) {
        return Some(s);
    }
    let [c, i, s] = &col.severity_rows;
    if c.is_empty() && i.is_empty() && s.is_empty() {
        return None;
    }
    let get = |e: &Entries<u32>| -> Option<u32> {
        if e.is_empty() {
            Some(0)
        } else {
            combine(e, u32::saturating_add)
        }
    };
    Some(SeverityCounts {
        critical: get(c)?,
        important: get(i)?,
        suggestion: get(s)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sc(c: u32, i: u32, s: u32) -> SeverityCounts {
        SeverityCounts {
            critical: c,
            important: i,
            suggestion: s,
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> Vec<AgentMetrics> {
        let rows: Vec<(String, Vec<String>)> = rows
            .iter()
            .map(|r| (r[0].to_string(), strings(&r[1..])))
            .collect();
        normalise_table(&strings(header), &rows)
    }

    #[test]
    fn row_labels() {
        assert_eq!(classify_row("Duration"), (MetricKind::Duration, None));
        assert_eq!(
            classify_row("Duration (pass 2)"),
            (MetricKind::Duration, Some(2))
        );
        assert_eq!(classify_row("**Totals**"), (MetricKind::Totals, None));
        assert_eq!(
            classify_row("Coverage misses (pass 1)"),
            (MetricKind::CoverageMisses, Some(1))
        );
        assert_eq!(classify_row("Suggestions"), (MetricKind::Suggestion, None));
        assert_eq!(
            classify_row("Unique Finds"),
            (MetricKind::UniqueInsights, None)
        );
        assert_eq!(
            classify_row("FALSE POSITIVES"),
            (MetricKind::FalsePositives, None)
        );
        assert_eq!(classify_row("Signal/Noise"), (MetricKind::Other, None));
        assert_eq!(
            classify_row("Severity inflation"),
            (MetricKind::Other, None)
        );
        assert_eq!(classify_row("Depth"), (MetricKind::Other, None));
    }

    #[test]
    fn findings_cells() {
        assert_eq!(parse_findings("4I 8S"), Some(sc(0, 4, 8)));
        assert_eq!(parse_findings("1C 2I 4S"), Some(sc(1, 2, 4)));
        assert_eq!(parse_findings("0C 1I 0S"), Some(sc(0, 1, 0)));
        assert_eq!(parse_findings("2S"), Some(sc(0, 0, 2)));
        assert_eq!(parse_findings("**2I 1S**"), Some(sc(0, 2, 1)));
        assert_eq!(parse_findings("2C 8I 7S"), Some(sc(2, 8, 7)));
        assert_eq!(parse_findings("none"), Some(sc(0, 0, 0)));
        assert_eq!(parse_findings("**none**"), Some(sc(0, 0, 0)));
        assert_eq!(parse_findings("1C 0I 1S + 1 dup"), Some(sc(1, 0, 1)));
        assert_eq!(parse_findings("1C2I3S"), Some(sc(1, 2, 3)));
        assert_eq!(
            parse_findings("2 critical, 1 important, 3 suggestions"),
            Some(sc(2, 1, 3))
        );
        assert_eq!(parse_findings("3 issues"), None);
        assert_eq!(parse_findings("—"), None);
        assert_eq!(parse_findings("N/A"), None);
    }

    #[test]
    fn huge_numbers_never_overflow() {
        // Each sum below exceeds u32: it saturates instead of panicking (debug) or
        // wrapping to a small number (release).
        assert_eq!(parse_findings("4294967295S 1S"), Some(sc(0, 0, u32::MAX)));
        let t = parse_tool_calls("Bash 4294967295, Read 1").unwrap_or_default();
        assert_eq!(t.total, Some(u32::MAX));
        assert_eq!(
            parse_downgrades("4294967295 (C→I), 1 (I→S)").0,
            Some(u32::MAX)
        );
        let m = table(
            &["", "Claude"],
            &[
                &["Findings (pass 1)", "4294967295S"],
                &["Findings (pass 2)", "1S"],
                &["Tool calls (pass 1)", "4294967295"],
                &["Tool calls (pass 2)", "1"],
                &["False positives (pass 1)", "4294967295"],
                &["False positives (pass 2)", "1"],
                &["Downgraded (pass 1)", "4294967295"],
                &["Downgraded (pass 2)", "1"],
                &["Duration (pass 1)", "99999999999999999999h"],
                &["Duration (pass 2)", "1h"],
            ],
        );
        assert_eq!(m[0].findings, Some(sc(0, 0, u32::MAX)));
        assert_eq!(
            m[0].tool_calls.as_ref().and_then(|t| t.total),
            Some(u32::MAX)
        );
        assert_eq!(m[0].false_positives, Some(u32::MAX));
        assert_eq!(m[0].downgraded, Some(u32::MAX));
        assert_eq!(m[0].duration_secs, Some(u64::MAX));
        let m = table(&["", "Claude"], &[&["Findings", "4294967295C 1I"]]);
        assert_eq!(m[0].findings, Some(sc(u32::MAX, 1, 0)));
    }

    #[test]
    fn count_cells() {
        assert_eq!(parse_count("3 (2 unique)"), Some(3));
        assert_eq!(parse_count("2 (1 false positive)"), Some(2));
        assert_eq!(parse_count("2 (both downgraded)"), Some(2));
        assert_eq!(parse_count("2 (BATS concerns)"), Some(2));
        assert_eq!(parse_count("S1, S3"), Some(2));
        assert_eq!(parse_count("S2, S5 and I1"), Some(3));
        assert_eq!(parse_count("cross-compile test"), None);
        assert_eq!(parse_count("5/5"), Some(5));
        assert_eq!(parse_count("14"), Some(14));
        assert_eq!(parse_count("1 (disk.go)"), Some(1));
        assert_eq!(parse_count("5/5 (all stale)"), Some(5));
        assert_eq!(parse_count("1 (false positive)"), Some(1));
        assert_eq!(parse_count("none"), Some(0));
        assert_eq!(parse_count("0"), Some(0));
        assert_eq!(parse_count("—"), None);
        assert_eq!(parse_count(""), None);
    }

    #[test]
    fn tool_call_cells() {
        let t = parse_tool_calls("50 (Bash 25, Read 21, Grep 3)").unwrap_or_default();
        assert_eq!(t.total, Some(50));
        assert_eq!(
            t.by_tool,
            vec![
                ("Bash".to_string(), 25),
                ("Read".to_string(), 21),
                ("Grep".to_string(), 3)
            ]
        );
        let t = parse_tool_calls("41 (shell 41)").unwrap_or_default();
        assert_eq!(t.total, Some(41));
        assert_eq!(t.by_tool, vec![("shell".to_string(), 41)]);
        let t = parse_tool_calls("1 (Read)").unwrap_or_default();
        assert_eq!(t.total, Some(1));
        assert_eq!(t.by_tool, vec![("Read".to_string(), 1)]);
        let t = parse_tool_calls("20 (run_shell_command 12, grep_search 8)").unwrap_or_default();
        assert_eq!(t.by_tool[0], ("run_shell_command".to_string(), 12));
        let t = parse_tool_calls("0").unwrap_or_default();
        assert_eq!(t.total, Some(0));
        assert!(t.by_tool.is_empty());
        let t = parse_tool_calls("Bash 6, Read 2").unwrap_or_default();
        assert_eq!(t.total, Some(8));
        assert_eq!(parse_tool_calls("N/A"), None);
        assert_eq!(parse_tool_calls("—"), None);
        assert_eq!(parse_tool_calls("lots"), None);
    }

    #[test]
    fn downgrade_cells() {
        let (n, l) = parse_downgrades("1 (C→I)");
        assert_eq!(n, Some(1));
        assert_eq!(
            l,
            vec![Downgrade {
                count: 1,
                from: Severity::Critical,
                to: Severity::Important
            }]
        );
        let (n, l) = parse_downgrades("6 (I→S)");
        assert_eq!(n, Some(6));
        assert_eq!(l[0].count, 6);
        assert_eq!(l[0].from, Severity::Important);
        assert_eq!(l[0].to, Severity::Suggestion);
        let (n, l) = parse_downgrades("1 (I→S), 1 (C→I)");
        assert_eq!(n, Some(2));
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].from, Severity::Critical);
        let (n, l) = parse_downgrades("1 (C->S)");
        assert_eq!((n, l[0].to), (Some(1), Severity::Suggestion));
        assert_eq!(parse_downgrades("0"), (Some(0), vec![]));
        assert_eq!(parse_downgrades("2 (both downgraded)"), (Some(2), vec![]));
        assert_eq!(parse_downgrades("—"), (None, vec![]));
    }

    #[test]
    fn modern_table() {
        let m = table(
            &["", "Claude Opus 4.7", "Gemini 3.1 Pro", "GLM-4.7 Flash"],
            &[
                &["Duration", "7m 15s", "—", "~25m (empty)"],
                &["Findings", "4I 9S", "3I 1S", "none"],
                &[
                    "Tool calls",
                    "31 (Bash 17, Read 10, Grep 4)",
                    "—",
                    "3 (Read 1, Bash 2)",
                ],
                &["Unique insights", "S1, S3", "cross-compile test", "0"],
                &["**Totals**", "**4I 9S**", "**3I 1S**", "**none**"],
                &["Downgraded", "0", "1 (C→I)", "0"],
                &["Dropped", "0", "1 (false positive)", "0"],
                &["Severity inflation", "0", "1", "0"],
            ],
        );
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].family, "claude");
        assert_eq!(m[0].duration_secs, Some(435));
        assert_eq!(m[0].findings, Some(sc(0, 4, 9)));
        assert_eq!(m[0].tool_calls.as_ref().and_then(|t| t.total), Some(31));
        assert_eq!(m[0].unique_insights, Some(2));
        assert!(!m[0].no_output);
        assert_eq!(m[1].duration_secs, None);
        assert_eq!(m[1].tool_calls, None);
        assert_eq!(m[1].unique_insights, None);
        assert_eq!(m[1].downgraded, Some(1));
        assert_eq!(m[1].dropped, Some(1));
        assert!(!m[1].no_output);
        assert_eq!(m[2].family, "glm");
        assert_eq!(m[2].duration_secs, Some(1500));
        assert!(m[2].no_output);
        assert_eq!(m[0].raw.len(), 8);
        assert_eq!(
            m[1].raw[7],
            ("Severity inflation".to_string(), "1".to_string())
        );
    }

    #[test]
    fn pass_split_table() {
        let m = table(
            &["Metric", "Claude Opus 4.6", "Codex GPT 5.4"],
            &[
                &["Duration (pass 1)", "14:25", "5:12"],
                &["Findings (pass 1)", "0C 3I 4S", "1C 1I 1S"],
                &["Duration (pass 2)", "9:59", "—"],
                &["Findings (pass 2)", "1C 0I 1S + 1 dup", "0C 1I 0S"],
                &["Coverage misses (pass 1)", "1 (disk.go)", "0"],
            ],
        );
        assert_eq!(m[0].duration_secs, Some(865 + 599));
        assert_eq!(m[0].pass_durations_secs, vec![Some(865), Some(599)]);
        assert_eq!(m[0].findings, Some(sc(1, 3, 5)));
        assert_eq!(m[0].coverage_misses, Some(1));
        assert_eq!(m[1].duration_secs, None);
        assert_eq!(m[1].pass_durations_secs, vec![Some(312), None]);
        assert_eq!(m[1].findings, Some(sc(1, 2, 1)));
    }

    #[test]
    fn totals_precedence() {
        // Findings wins over Totals.
        let m = table(
            &["", "A"],
            &[&["Findings", "1I"], &["**Totals**", "**2I**"]],
        );
        assert_eq!(m[0].findings, Some(sc(0, 1, 0)));
        // Totals used when Findings is absent.
        let m = table(&["", "A"], &[&["**Totals**", "**2I**"]]);
        assert_eq!(m[0].findings, Some(sc(0, 2, 0)));
        // Totals wins over pass-split Findings.
        let m = table(
            &["", "A"],
            &[
                &["Findings (pass 1)", "1I"],
                &["Findings (pass 2)", "1I"],
                &["Totals", "1I 1S"],
            ],
        );
        assert_eq!(m[0].findings, Some(sc(0, 1, 1)));
        // Unknown Findings falls back to Totals.
        let m = table(&["", "A"], &[&["Findings", "—"], &["Totals", "3S"]]);
        assert_eq!(m[0].findings, Some(sc(0, 0, 3)));
    }

    #[test]
    fn old_severity_rows() {
        let m = table(
            &["Metric", "Claude Opus 4.6", "Gemini 3.1 Pro"],
            &[
                &["Critical", "3 (2 unique)", "2 (both downgraded)"],
                &["Important", "4 (1 unique)", "1 (after adjustment)"],
                &["Suggestions", "3 (3 unique)", "—"],
                &["Unique Finds", "5", "3"],
                &["Depth", "High", "Medium"],
            ],
        );
        assert_eq!(m[0].findings, Some(sc(3, 4, 3)));
        assert_eq!(m[1].findings, None);
        assert_eq!(m[0].unique_insights, Some(5));
        let m = table(&["", "A"], &[&["Critical", "1"], &["Important", "2"]]);
        assert_eq!(m[0].findings, Some(sc(1, 2, 0)));
    }

    #[test]
    fn no_output_rules() {
        let m = table(
            &["", "Qwen 3.6 35B", "Gemma4 31B", "Gemini 3.1 Pro"],
            &[
                &["Duration", "—", "~6m", "5m 54s"],
                &["Findings", "none", "none", "none"],
                &["Tool calls", "—", "1 (Read)", "15 (shell 15)"],
            ],
        );
        assert!(m[0].no_output);
        assert!(!m[1].no_output);
        assert!(!m[2].no_output);
        // Without a duration row nothing can be inferred.
        let m = table(&["", "A"], &[&["Findings", "none"]]);
        assert!(!m[0].no_output);
        let m = table(&["", "A"], &[&["Findings", "no output"]]);
        assert!(m[0].no_output);
    }

    #[test]
    fn ragged_rows_and_full_width_rows() {
        let header = strings(&["Metric", "A", "B"]);
        let rows = vec![
            (
                "Duration".to_string(),
                strings(&["Duration", "1:00", "2:00"]),
            ),
            ("Findings".to_string(), strings(&["1S"])),
        ];
        let m = normalise_table(&header, &rows);
        assert_eq!(m[0].duration_secs, Some(60));
        assert_eq!(m[1].duration_secs, Some(120));
        assert_eq!(m[0].findings, Some(sc(0, 0, 1)));
        assert_eq!(m[1].findings, None);
        assert_eq!(m[1].raw[1], ("Findings".to_string(), String::new()));
        assert!(normalise_table(&[], &rows).is_empty());
    }
}
