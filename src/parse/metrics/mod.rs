//! Normalising the retro's per-agent metrics table (metrics as rows, agents as columns)
//! into [`AgentMetrics`], whatever shape each label and cell takes.
//!
//! Rules (see FORMAT.md "Agent Performance Retro" and docs/format.md "Metrics tables"; `—`
//! always means unknown, never zero):
//! - Row labels are read once into a metric, a pass, a time unit and a severity move
//!   ([`label`]: `Duration (s)`, `Time`, `Downgraded I→S`, `Dropped (dup/overlap)`,
//!   `Tool calls (pass 2)`); a label that names nothing known is kept as written only.
//! - A known whole row of a metric wins. Else its pieces are summed: the pass-split rows
//!   (`Duration (pass 1)`, `Duration (pass 2)`) or the per-move rows (`Downgraded I→S`,
//!   `Downgraded C→I`). When some pieces are unknown (`—`, `N/A`, `?`, empty) and others
//!   known, the total is the known pieces' sum and the metric is marked partial
//!   ([`AgentMetrics::partial`]: a lower bound, shown as such); none known -> `None`.
//! - Findings come from, in order of preference: a known plain `Findings` row, the
//!   `**Totals**` row, the complete pass-split `Findings (pass N)` rows, the old separate
//!   `Critical` / `Important` / `Suggestion(s)` rows, the partial pass-split rows.
//! - Cells are read by [`cells`] (counts, findings, tool calls, downgrades; finding-id
//!   lists by [`ids`]) and `text::duration` (a bare number in the label's unit:
//!   `Duration (min) | 12` is 12 minutes).
//! - Rows we do not know (Depth, Signal/Noise, Severity inflation) are only kept in `raw`
//!   and `other`.
//! - `no_output` from the table alone: a cell of a whole-run row says `(empty)` / `no
//!   output`; or the agent reports no findings and a status row says the run failed, a
//!   Findings cell says so instead of a count (`none (timeout)`, `— (failed)`), or a
//!   pass row's cell says `(empty)` (all these rules are in `super::run_status`); or
//!   findings are zero while both duration and tool calls are unknown or zero. The retro
//!   prose and the Reviewers row can set it too (see the retro parser and
//!   `enrich::merge::complete`).

mod cells;
mod ids;
mod label;

pub use cells::{parse_findings, parse_tool_calls};
pub use label::{classify_row, MetricKind};

use super::run_status::{
    is_no_output_cell, is_status_label, run_status, says_no_output, RunStatus,
};
use crate::model::{
    AgentMetrics, Downgrade, MetricField, PartialTotals, SeverityCounts, ToolCalls,
};
use crate::text::duration::parse_duration_in;
use crate::text::names::agent_family;
use cells::{clean, parse_count, parse_downgrades};
use label::{read_label, RowLabel};

/// One row's value of a metric.
struct Entry<T> {
    /// The pass of a pass-split row.
    pass: Option<u32>,
    /// Whether the row holds a piece of the total (a pass, or one severity move).
    piece: bool,
    value: Option<T>,
}

type Entries<T> = Vec<Entry<T>>;

/// A metric's total from its rows, and whether it is partial: a known whole row wins;
/// else the known pieces are summed, partial when some piece is unknown.
fn combine<T: Clone>(entries: &Entries<T>, sum: impl Fn(T, T) -> T) -> (Option<T>, bool) {
    if let Some(v) = entries
        .iter()
        .filter(|e| !e.piece)
        .find_map(|e| e.value.clone())
    {
        return (Some(v), false);
    }
    split_sum(entries, sum)
}

/// The known pieces summed, and whether some piece is unknown while some is known.
fn split_sum<T: Clone>(entries: &Entries<T>, sum: impl Fn(T, T) -> T) -> (Option<T>, bool) {
    let mut acc: Option<T> = None;
    let mut unknown = false;
    for e in entries.iter().filter(|e| e.piece) {
        match e.value.clone() {
            Some(v) => {
                acc = Some(match acc {
                    None => v,
                    Some(a) => sum(a, v),
                })
            }
            None => unknown = true,
        }
    }
    let partial = unknown && acc.is_some();
    (acc, partial)
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

fn add_downgrades(
    (a, mut la): (u32, Vec<Downgrade>),
    (b, lb): (u32, Vec<Downgrade>),
) -> (u32, Vec<Downgrade>) {
    la.extend(lb);
    (a.saturating_add(b), la)
}

/// One agent's rows, read, before they are combined.
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

impl Column {
    /// Reads `cell` of a row labelled `l` into its metric.
    fn push(&mut self, l: &RowLabel, cell: &str) {
        let piece = l.pass.is_some() || l.moves.is_some();
        fn entry<T>(l: &RowLabel, piece: bool, value: Option<T>) -> Entry<T> {
            Entry {
                pass: l.pass,
                piece,
                value,
            }
        }
        let count = || entry(l, piece, parse_count(cell));
        match l.kind {
            MetricKind::Duration => {
                self.duration
                    .push(entry(l, piece, parse_duration_in(cell, l.unit)))
            }
            MetricKind::Findings => self.findings.push(entry(l, piece, parse_findings(cell))),
            MetricKind::Totals => self.totals.push(entry(l, piece, parse_findings(cell))),
            MetricKind::Critical => self.severity_rows[0].push(count()),
            MetricKind::Important => self.severity_rows[1].push(count()),
            MetricKind::Suggestion => self.severity_rows[2].push(count()),
            MetricKind::ToolCalls => self
                .tool_calls
                .push(entry(l, piece, parse_tool_calls(cell))),
            MetricKind::DesignObservations => self.design.push(count()),
            MetricKind::FalsePositives => self.false_positives.push(count()),
            MetricKind::UniqueInsights => self.unique.push(count()),
            MetricKind::FilesReviewed => self.files.push(count()),
            MetricKind::CoverageMisses => self.coverage.push(count()),
            MetricKind::Downgraded => {
                let (n, mut list) = parse_downgrades(cell);
                // `Downgraded I→S | 2`: the label says what moved.
                if let (Some(n), Some((from, to)), true) = (n, l.moves, list.is_empty()) {
                    if n > 0 {
                        list.push(Downgrade { count: n, from, to });
                    }
                }
                self.downgraded.push(entry(l, piece, n.map(|n| (n, list))));
            }
            MetricKind::Dropped => self.dropped.push(count()),
            MetricKind::Other => {}
        }
    }

    /// Sets the typed fields of `m` from the rows read, marking partial totals.
    fn finish(&self, m: &mut AgentMetrics) {
        let mut partial = Vec::new();
        let mut take = |field: MetricField, (value, part): (Option<u32>, bool)| {
            if part {
                partial.push(field);
            }
            value
        };
        let add = |a: u32, b: u32| a.saturating_add(b);
        m.design_observations = take(MetricField::DesignObservations, combine(&self.design, add));
        m.false_positives = take(
            MetricField::FalsePositives,
            combine(&self.false_positives, add),
        );
        m.unique_insights = take(MetricField::UniqueInsights, combine(&self.unique, add));
        m.files_reviewed = take(MetricField::FilesReviewed, combine(&self.files, add));
        m.coverage_misses = take(MetricField::CoverageMisses, combine(&self.coverage, add));
        m.dropped = take(MetricField::Dropped, combine(&self.dropped, add));
        let (duration, part) = combine(&self.duration, u64::saturating_add);
        m.duration_secs = duration;
        if part {
            partial.push(MetricField::Duration);
        }
        m.pass_durations_secs = self
            .duration
            .iter()
            .filter(|e| e.pass.is_some())
            .map(|e| e.value)
            .collect();
        let (findings, part) = self.findings();
        m.findings = findings;
        if part {
            partial.push(MetricField::Findings);
        }
        let (tools, part) = combine(&self.tool_calls, add_tools);
        m.tool_calls = tools;
        if part {
            partial.push(MetricField::ToolCalls);
        }
        let (down, part) = combine(&self.downgraded, add_downgrades);
        if let Some((n, list)) = down {
            m.downgraded = Some(n);
            m.downgrades = list;
        }
        if part {
            partial.push(MetricField::Downgraded);
        }
        partial.sort();
        m.partial = PartialTotals(partial);
    }

    /// The findings (see the module rules) and whether they are partial.
    fn findings(&self) -> (Option<SeverityCounts>, bool) {
        if let Some(v) = self
            .findings
            .iter()
            .filter(|e| !e.piece)
            .find_map(|e| e.value)
        {
            return (Some(v), false);
        }
        let totals = combine(&self.totals, add_counts);
        if totals.0.is_some() {
            return totals;
        }
        let split = split_sum(&self.findings, add_counts);
        if split.0.is_some() && !split.1 {
            return split;
        }
        let [c, i, s] = &self.severity_rows;
        if !(c.is_empty() && i.is_empty() && s.is_empty()) {
            let get = |e: &Entries<u32>| -> Option<(u32, bool)> {
                if e.is_empty() {
                    return Some((0, false));
                }
                let (v, part) = combine(e, u32::saturating_add);
                Some((v?, part))
            };
            if let (Some(c), Some(i), Some(s)) = (get(c), get(i), get(s)) {
                let counts = SeverityCounts {
                    critical: c.0,
                    important: i.0,
                    suggestion: s.0,
                };
                return (Some(counts), c.1 || i.1 || s.1);
            }
        }
        split
    }
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
        let l = read_label(label);
        let status_row = l.kind == MetricKind::Other && is_status_label(label);
        let is_findings_row = matches!(l.kind, MetricKind::Findings | MetricKind::Totals);
        for (j, (m, col)) in out.iter_mut().zip(cols.iter_mut()).enumerate() {
            let cell = cells.get(j).map(|s| s.trim()).unwrap_or("");
            m.raw.push((label.trim().to_string(), cell.to_string()));
            if l.kind == MetricKind::Other {
                m.other.push((label.trim().to_string(), cell.to_string()));
            }
            // A pass that came back empty fails the run only if no other pass made up for it.
            if says_no_output(cell) && l.pass.is_none() {
                m.no_output = true;
            }
            if (status_row && run_status(cell) == RunStatus::Failed)
                || (l.pass.is_some() && says_no_output(cell))
                || (is_findings_row && is_no_output_cell(cell))
            {
                if let Some(f) = failed.get_mut(j) {
                    *f = true;
                }
            }
            col.push(&l, cell);
        }
    }

    for (i, (m, col)) in out.iter_mut().zip(cols.iter()).enumerate() {
        col.finish(m);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

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
        assert!(m[0].partial.is_empty());
        // Pass 2 unknown: the known pass's sum, marked partial.
        assert_eq!(m[1].duration_secs, Some(312));
        assert_eq!(m[1].partial.0, vec![MetricField::Duration]);
        assert_eq!(m[1].pass_durations_secs, vec![Some(312), None]);
        assert_eq!(m[1].findings, Some(sc(1, 2, 1)));
    }

    #[test]
    fn partial_totals_of_every_metric() {
        let m = table(
            &["", "A", "B", "C"],
            &[
                &["Duration (pass 1)", "5m", "—", "N/A"],
                &["Duration (pass 2)", "N/A", "?", "2m"],
                &["Findings (pass 1)", "1I", "1S", ""],
                &["Findings (pass 2)", "—", "2S", "1C"],
                &["Tool calls (pass 1)", "10", "—", "4"],
                &["Tool calls (pass 2)", "?", "—", "6"],
                &["Unique insights (pass 1)", "S1, S2", "0", "—"],
                &["Unique insights (pass 2)", "", "0", "1"],
            ],
        );
        use MetricField::*;
        assert_eq!(m[0].duration_secs, Some(300));
        assert_eq!(m[0].findings, Some(sc(0, 1, 0)));
        assert_eq!(m[0].tool_calls.as_ref().and_then(|t| t.total), Some(10));
        assert_eq!(m[0].unique_insights, Some(2));
        assert_eq!(
            m[0].partial.0,
            vec![Duration, Findings, ToolCalls, UniqueInsights]
        );
        assert!(m[0].partial.contains(ToolCalls));
        // Every pass unknown: unknown, not partial.
        assert_eq!(m[1].duration_secs, None);
        assert_eq!(m[1].tool_calls, None);
        assert_eq!(m[1].findings, Some(sc(0, 0, 3)));
        assert!(m[1].partial.is_empty());
        assert_eq!(m[2].duration_secs, Some(120));
        assert_eq!(m[2].findings, Some(sc(1, 0, 0)));
        assert_eq!(m[2].tool_calls.as_ref().and_then(|t| t.total), Some(10));
        assert_eq!(m[2].partial.0, vec![Duration, Findings, UniqueInsights]);
        // A whole row that is known wins and is complete; an unknown one gives way.
        let m = table(
            &["", "A"],
            &[
                &["Duration", "9m"],
                &["Duration (pass 1)", "5m"],
                &["Duration (pass 2)", "—"],
                &["Tool calls", "—"],
                &["Tool calls (pass 1)", "3"],
                &["Tool calls (pass 2)", "—"],
            ],
        );
        assert_eq!(m[0].duration_secs, Some(540));
        assert_eq!(m[0].tool_calls.as_ref().and_then(|t| t.total), Some(3));
        assert_eq!(m[0].partial.0, vec![ToolCalls]);
        // Complete old severity rows beat partial pass-split findings.
        let m = table(
            &["", "A"],
            &[
                &["Findings (pass 1)", "1I"],
                &["Findings (pass 2)", "—"],
                &["Important", "2"],
            ],
        );
        assert_eq!(m[0].findings, Some(sc(0, 2, 0)));
        assert!(m[0].partial.is_empty());
    }

    #[test]
    fn label_spellings_in_a_table() {
        let m = table(
            &["Metric", "Claude Opus 4.7", "Codex GPT 5.5"],
            &[
                &["**Duration (s)**", "312", "181.6"],
                &["Findings (raw)", "2I 1S", "1C"],
                &["Tool calls (total)", "12 (Read 12)", "40"],
                &["False positives (FP)", "1", "0"],
                &["Unique", "I2, S4-S5", "2 (S1, S3)"],
                &["Downgraded I→S", "2", "0"],
                &["Downgraded C→I", "0", "1"],
                &["Dropped (dup/overlap)", "1", "0"],
                &["Signal/Noise", "high", "low"],
            ],
        );
        assert_eq!(m[0].duration_secs, Some(312));
        assert_eq!(m[1].duration_secs, Some(182));
        assert_eq!(m[0].findings, Some(sc(0, 2, 1)));
        assert_eq!(m[1].tool_calls.as_ref().and_then(|t| t.total), Some(40));
        assert_eq!(m[0].false_positives, Some(1));
        assert_eq!(
            (m[0].unique_insights, m[1].unique_insights),
            (Some(3), Some(2))
        );
        assert_eq!(m[0].downgraded, Some(2));
        assert_eq!(
            m[0].downgrades,
            vec![Downgrade {
                count: 2,
                from: Severity::Important,
                to: Severity::Suggestion
            }]
        );
        assert_eq!(m[1].downgraded, Some(1));
        assert_eq!(m[1].downgrades[0].from, Severity::Critical);
        assert_eq!(m[0].dropped, Some(1));
        assert_eq!(
            m[0].other,
            vec![("Signal/Noise".to_string(), "high".to_string())]
        );
        assert!(m.iter().all(|m| m.partial.is_empty()));
        // Minutes in the label: bare numbers are minutes, a cell's own unit wins.
        let m = table(
            &["", "A", "B", "C"],
            &[&["Duration (min)", "12", "2.5", "3m 10s"]],
        );
        let secs: Vec<_> = m.iter().map(|m| m.duration_secs).collect();
        assert_eq!(secs, vec![Some(720), Some(150), Some(190)]);
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
