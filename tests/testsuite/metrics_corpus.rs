//! Retro metrics over the real corpus: every report with a retro table yields typed,
//! normalised metrics; pinned values for reports read by hand.

use std::path::{Path, PathBuf};

use reviewsite::model::{AgentMetrics, Downgrade, Retro, Severity, SeverityCounts};
use reviewsite::parse::agents::parse_reviewers;
use reviewsite::parse::metrics::{
    classify_row, normalise_table, parse_findings, parse_tool_calls, MetricKind,
};
use reviewsite::parse::retro::parse_retro;
use reviewsite::text::duration::parse_duration;
use reviewsite::text::names::is_known_family;

fn corpus_dir() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(dir) = std::env::var("REVIEWSITE_CORPUS") {
        candidates.push(PathBuf::from(dir));
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    candidates.push(PathBuf::from("/work/shared/corpus"));
    candidates.into_iter().find(|p| p.is_dir())
}

/// Every corpus report: (stem, text).
fn reports() -> Option<Vec<(String, String)>> {
    let dir = corpus_dir()?;
    let mut out = Vec::new();
    for entry in walk(&dir) {
        if entry.extension().is_some_and(|e| e == "md") {
            let stem = entry
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&entry).unwrap_or_default();
            out.push((stem, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    out.sort();
    Some(out)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The `## Agent Performance Retro` section body and the line it starts on.
fn retro_section(text: &str) -> Option<(String, usize)> {
    let mut body = String::new();
    let mut start = None;
    for (n, line) in text.lines().enumerate() {
        if start.is_some() {
            if line.starts_with("## ") {
                break;
            }
            body.push_str(line);
            body.push('\n');
        } else if line.trim_end() == "## Agent Performance Retro" {
            start = Some(n + 2);
        }
    }
    start.map(|s| (body, s))
}

fn retro_of(stem: &str) -> Option<Retro> {
    let reports = reports()?;
    let (_, text) = reports.iter().find(|(s, _)| s == stem)?;
    let (body, line) = retro_section(text)?;
    Some(parse_retro(&body, line))
}

fn column<'a>(retro: &'a Retro, family: &str) -> &'a AgentMetrics {
    retro
        .metrics
        .iter()
        .find(|m| m.family == family)
        .unwrap_or_else(|| panic!("no {family} column"))
}

fn sc(c: u32, i: u32, s: u32) -> Option<SeverityCounts> {
    Some(SeverityCounts {
        critical: c,
        important: i,
        suggestion: s,
    })
}

macro_rules! corpus_or_skip {
    () => {
        if corpus_dir().is_none() {
            println!("skipped: no corpus");
            return;
        }
    };
}

/// The value of a metadata row (`| **Label** | value |`) by a simple scan.
fn meta_row(text: &str, label: &str) -> Option<String> {
    let prefix = format!("| **{label}** |");
    text.lines().find(|l| l.starts_with(&prefix)).map(|l| {
        l[prefix.len()..]
            .trim()
            .trim_end_matches('|')
            .trim()
            .to_string()
    })
}

fn all_retros() -> Vec<(String, String, Retro)> {
    reports()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(stem, text)| {
            let (body, line) = retro_section(&text)?;
            let retro = parse_retro(&body, line);
            Some((stem, text, retro))
        })
        .collect()
}

#[test]
fn every_retro_has_a_metrics_table_with_one_column_per_reviewer() {
    corpus_or_skip!();
    let reports = reports().unwrap_or_default();
    let retros = all_retros();
    // Every report but the supply-chain scan has a retro with a table.
    let without: Vec<&String> = reports
        .iter()
        .filter(|(s, _)| !retros.iter().any(|(r, _, _)| r == s))
        .map(|(s, _)| s)
        .collect();
    assert!(
        without.iter().all(|s| s.ends_with("supply-chain")),
        "{without:?}"
    );
    assert!(retros.len() + 1 >= reports.len());
    for (stem, text, retro) in &retros {
        assert!(!retro.metrics.is_empty(), "{stem}: no metrics table");
        let (s, e) = retro
            .table_span
            .unwrap_or_else(|| panic!("{stem}: no span"));
        let (body, _) = retro_section(text).unwrap_or_default();
        assert!(body[s..e].trim_start().starts_with('|'), "{stem}: span");
        let reviewers = parse_reviewers(&meta_row(text, "Reviewers").unwrap_or_default());
        assert_eq!(retro.metrics.len(), reviewers.len(), "{stem}: columns");
        let mut a: Vec<&str> = retro.metrics.iter().map(|m| m.family.as_str()).collect();
        let mut b: Vec<&str> = reviewers.iter().map(|r| r.family.as_str()).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{stem}: families");
        assert!(a.iter().all(|f| is_known_family(f)), "{stem}: {a:?}");
        // One prose block per agent, each with text.
        assert_eq!(retro.agents.len(), reviewers.len(), "{stem}: prose blocks");
        assert!(retro.agents.iter().all(|a| !a.text.is_empty()), "{stem}");
        // The whole table is kept as written, row by row.
        for m in &retro.metrics {
            assert!(m.raw.len() >= 5, "{stem}: {} raw rows", m.raw.len());
        }
    }
}

#[test]
fn every_cell_shape_in_the_corpus_is_understood() {
    corpus_or_skip!();
    let mut dashes = 0;
    for (stem, text, retro) in all_retros() {
        if let Some(w) = meta_row(&text, "Wall-clock time") {
            assert!(parse_duration(&w).is_some(), "{stem}: wall-clock {w:?}");
        }
        for m in &retro.metrics {
            for (label, cell) in &m.raw {
                let (kind, pass) = classify_row(label);
                let dash = cell.trim() == "—";
                let ctx = format!("{stem} / {} / {label}: {cell:?}", m.agent);
                match kind {
                    MetricKind::Duration => {
                        assert_eq!(parse_duration(cell).is_none(), dash, "{ctx}")
                    }
                    MetricKind::Findings | MetricKind::Totals => {
                        assert_eq!(parse_findings(cell).is_none(), dash, "{ctx}")
                    }
                    MetricKind::ToolCalls => {
                        let unknown = dash || cell.trim() == "N/A";
                        assert_eq!(parse_tool_calls(cell).is_none(), unknown, "{ctx}")
                    }
                    _ => {}
                }
                // `—` means unknown: the typed field stays None.
                if dash && pass.is_none() {
                    dashes += 1;
                    match kind {
                        MetricKind::Duration => assert_eq!(m.duration_secs, None, "{ctx}"),
                        MetricKind::ToolCalls => assert_eq!(m.tool_calls, None, "{ctx}"),
                        MetricKind::Findings => assert_eq!(m.findings, None, "{ctx}"),
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(dashes >= 20, "only {dashes} dash cells seen");
}

#[test]
fn findings_and_totals_rows_agree() {
    corpus_or_skip!();
    let mut compared = 0;
    for (stem, _, retro) in all_retros() {
        for m in &retro.metrics {
            let find = |k: MetricKind| {
                m.raw
                    .iter()
                    .find(|(l, _)| classify_row(l) == (k, None))
                    .map(|(_, c)| parse_findings(c))
            };
            if let (Some(f), Some(t)) = (find(MetricKind::Findings), find(MetricKind::Totals)) {
                assert_eq!(f, t, "{stem} / {}", m.agent);
                assert_eq!(m.findings, f);
                compared += 1;
            }
        }
    }
    assert!(compared >= 40, "{compared}");
}

#[test]
fn pinned_pr_4985() {
    corpus_or_skip!();
    let Some(r) = retro_of("20260519-100641-pr-4985") else {
        panic!("report missing")
    };
    let claude = column(&r, "claude");
    assert_eq!(claude.agent, "Claude Opus 4.7");
    assert_eq!(claude.duration_secs, Some(435));
    assert_eq!(claude.findings, sc(0, 4, 9));
    let tools = claude.tool_calls.clone().unwrap_or_default();
    assert_eq!(tools.total, Some(31));
    assert_eq!(tools.by_tool[0], ("Bash".to_string(), 17));
    assert_eq!(tools.by_tool.len(), 3);
    assert_eq!(claude.files_reviewed, Some(9));
    assert!(!claude.no_output);
    let gemini = column(&r, "gemini");
    assert_eq!(gemini.duration_secs, None);
    assert_eq!(gemini.tool_calls, None);
    assert_eq!(gemini.downgraded, Some(1));
    assert_eq!(
        gemini.downgrades,
        vec![Downgrade {
            count: 1,
            from: Severity::Critical,
            to: Severity::Important
        }]
    );
    assert!(column(&r, "qwen").no_output);
    assert!(!column(&r, "gemma").no_output);
    assert_eq!(column(&r, "codex").coverage_misses, Some(2));
    let recon = r.reconciliation.unwrap_or_default();
    assert!(recon.starts_with("Gemini's C1 was downgraded"), "{recon}");
    assert_eq!(r.agents[3].label, "[Qwen]");
}

#[test]
fn pinned_pass_split_pr_4637() {
    corpus_or_skip!();
    let Some(r) = retro_of("20260401-213317-pr-4637") else {
        panic!("report missing")
    };
    let claude = column(&r, "claude");
    assert_eq!(claude.pass_durations_secs, vec![Some(865), Some(599)]);
    assert_eq!(claude.duration_secs, Some(865 + 599));
    // 0C 3I 4S + 1C 0I 1S (+ 1 dup)
    assert_eq!(claude.findings, sc(1, 3, 5));
    assert_eq!(claude.coverage_misses, Some(1));
    assert_eq!(claude.unique_insights, Some(2));
    let codex = column(&r, "codex");
    assert_eq!(codex.duration_secs, Some(312 + 197));
    assert_eq!(codex.findings, sc(1, 2, 1));
    assert_eq!(column(&r, "gemini").duration_secs, Some(381 + 389));
}

#[test]
fn pinned_seconds_and_na_pr_4799() {
    corpus_or_skip!();
    let Some(r) = retro_of("20260405-002704-pr-4799") else {
        panic!("report missing")
    };
    let claude = column(&r, "claude");
    assert_eq!(claude.duration_secs, Some(312));
    assert_eq!(claude.tool_calls, None);
    assert_eq!(claude.findings, sc(0, 3, 2));
    assert_eq!(claude.files_reviewed, Some(2));
    assert_eq!(column(&r, "gemini").false_positives, Some(1));

    let Some(r) = retro_of("20260405-135529-pr-4799") else {
        panic!("report missing")
    };
    let claude = column(&r, "claude");
    assert_eq!(claude.duration_secs, Some(354));
    assert_eq!(claude.unique_insights, Some(2)); // `S1, S3`
    assert_eq!(column(&r, "codex").unique_insights, None); // `cross-compile test`
    let gemini = column(&r, "gemini");
    assert_eq!(gemini.dropped, Some(1));
    assert_eq!(gemini.downgrades[0].from, Severity::Critical);
    assert!(gemini
        .raw
        .iter()
        .any(|(l, c)| l == "Severity inflation" && c == "1"));
    assert!(r
        .reconciliation
        .unwrap_or_default()
        .contains("WSL2 `||` clause"));
}

#[test]
fn pinned_old_severity_rows_shell_sync() {
    corpus_or_skip!();
    let Some(r) = retro_of("20260313-000000-shell-sync") else {
        panic!("report missing")
    };
    assert_eq!(column(&r, "claude").findings, sc(3, 4, 3));
    assert_eq!(column(&r, "codex").findings, sc(1, 2, 0));
    assert_eq!(column(&r, "gemini").findings, sc(1, 4, 1));
    assert_eq!(column(&r, "claude").unique_insights, Some(5));
    assert_eq!(column(&r, "claude").duration_secs, None);
    assert!(column(&r, "gemini")
        .raw
        .iter()
        .any(|(l, c)| l == "Depth" && c == "Medium"));
    let labels: Vec<&str> = r.agents.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Claude Opus 4.6", "Codex GPT 5.4", "Gemini 3.1 Pro"]
    );
    assert!(r.agents[0].text.starts_with("- Unique contributions"));
    assert!(r.metrics.iter().all(|m| !m.no_output));
}

#[test]
fn pinned_local_agents() {
    corpus_or_skip!();
    let Some(r) = retro_of("20260515-184528-fix-ga-sock-reconnect") else {
        panic!("report missing")
    };
    let glm = column(&r, "glm");
    assert_eq!(glm.duration_secs, Some(1500));
    assert!(glm.no_output);
    let gemma = column(&r, "gemma");
    assert_eq!(gemma.findings, sc(0, 0, 0));
    let tools = gemma.tool_calls.clone().unwrap_or_default();
    assert_eq!(
        (tools.total, tools.by_tool),
        (Some(1), vec![("Read".into(), 1)])
    );
    assert!(
        !gemma.no_output,
        "a complete review with zero findings is output"
    );
    let qwen = column(&r, "qwen");
    assert_eq!(qwen.tool_calls.as_ref().and_then(|t| t.total), Some(0));
    assert_eq!(qwen.downgrades[0].to, Severity::Suggestion);
    assert!(!qwen.no_output);
    assert!(r
        .reconciliation
        .unwrap_or_default()
        .starts_with("Gemini I1 (context asymmetry"));

    let Some(r) = retro_of("20260519-210030-pr-4991") else {
        panic!("report missing")
    };
    assert!(column(&r, "gemma").no_output, "prose: effective failure");
    assert_eq!(column(&r, "qwen").duration_secs, Some(83 * 60 + 1));
    assert!(!column(&r, "qwen").no_output);

    let Some(r) = retro_of("20260519-084740-pr-5013") else {
        panic!("report missing")
    };
    assert!(column(&r, "qwen").no_output);
    assert_eq!(column(&r, "claude").findings, sc(2, 8, 7));

    let Some(r) = retro_of("20260518-233828-pr-4911") else {
        panic!("report missing")
    };
    assert!(
        !column(&r, "qwen").no_output,
        "only the first pass was empty"
    );
    assert_eq!(column(&r, "gemma").duration_secs, None);
}

#[test]
fn pinned_other_shapes() {
    corpus_or_skip!();
    let Some(r) = retro_of("20260315-221940-pr-4637") else {
        panic!("report missing")
    };
    assert_eq!(column(&r, "claude").duration_secs, Some(7 * 60 + 3));
    assert_eq!(column(&r, "gemini").findings, sc(2, 1, 1)); // `2 (1 false positive)`
    assert_eq!(r.agents.len(), 3);
    assert!(r.agents[0].text.starts_with("**Claude Opus 4.6** produced"));

    let Some(r) = retro_of("20260329-220049-pr-4419") else {
        panic!("report missing")
    };
    let gemini = column(&r, "gemini");
    assert_eq!(gemini.agent, "Gemini 2.5 Pro");
    assert_eq!(gemini.duration_secs, Some(35));
    assert_eq!(gemini.coverage_misses, Some(5)); // `5/5 (all stale)`
    assert_eq!(gemini.files_reviewed, Some(5));
    assert_eq!(column(&r, "claude").unique_insights, Some(2)); // `2 (BATS concerns)`

    let Some(r) = retro_of("20260521-115429-pr-5022") else {
        panic!("report missing")
    };
    let claude = column(&r, "claude");
    assert_eq!(claude.downgraded, Some(6));
    assert_eq!(claude.downgrades[0].count, 6);
    assert_eq!(claude.dropped, Some(2));
    assert_eq!(
        column(&r, "codex")
            .tool_calls
            .as_ref()
            .map(|t| t.by_tool.clone()),
        Some(vec![("shell".to_string(), 92), ("stdin".to_string(), 2)])
    );

    let Some(r) = retro_of("20260420-120300-pr-4831") else {
        panic!("report missing")
    };
    let gemini = column(&r, "gemini");
    assert_eq!(gemini.findings, sc(0, 0, 0)); // `none`, with tool calls: not a failure
    assert!(!gemini.no_output);

    let Some(r) = retro_of("20260521-135357-pr-5021") else {
        panic!("report missing")
    };
    assert_eq!(r.agents.len(), 3);
    assert_eq!(r.agents[0].label, "[Claude]");
    assert!(r.agents[0]
        .text
        .starts_with("Produced the broadest coverage"));
    assert!(r
        .reconciliation
        .unwrap_or_default()
        .starts_with("- Gemini C1"));
}

/// The same metrics written in the shapes the corpus uses normalise to the same values.
#[test]
fn shapes_normalise_to_the_same_values() {
    let header: Vec<String> = ["", "Claude Opus 4.6"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let t = |rows: &[(&str, &str)]| {
        let rows: Vec<(String, Vec<String>)> = rows
            .iter()
            .map(|(l, c)| (l.to_string(), vec![c.to_string()]))
            .collect();
        normalise_table(&header, &rows).remove(0)
    };
    let shapes = [
        t(&[
            ("Duration", "7:03"),
            ("Findings", "0C 4I 3S"),
            ("Tool calls", "31 (Bash 17, Read 10, Grep 4)"),
            ("Unique insights", "S1, S3"),
            ("Files reviewed", "14"),
            ("Downgraded", "1 (C→I)"),
        ]),
        t(&[
            ("Duration", "`7m 03s`"),
            ("**Totals**", "**4I 3S**"),
            ("Tool calls", "Bash 17, Read 10, Grep 4"),
            ("Unique insights", "2 (S1, S3)"),
            ("Files reviewed", "14/14"),
            ("Downgraded", "1 (C->I)"),
        ]),
        t(&[
            ("Duration (pass 1)", "5m"),
            ("Duration (pass 2)", "123 s"),
            ("Critical", "0"),
            ("Important", "4 (1 unique)"),
            ("Suggestions", "3 (3 unique)"),
            ("Tool calls", "31 (Bash 17, Read 10, Grep 4)"),
            ("Unique Finds", "2"),
            ("Files reviewed", "14"),
            ("Downgraded", "1 (critical → important)"),
        ]),
        t(&[
            ("Duration", "423s"),
            ("Findings (pass 1)", "0C 3I 2S"),
            ("Findings (pass 2)", "1I 1S + 1 dup"),
            ("Tool calls", "31 (Bash 17, Read 10, Grep 4)"),
            ("Unique insights", "2"),
            ("Files reviewed", "14"),
            ("Downgraded", "1 (C→I)"),
        ]),
    ];
    for (k, m) in shapes.iter().enumerate() {
        assert_eq!(m.duration_secs, Some(423), "shape {k}");
        assert_eq!(m.findings, sc(0, 4, 3), "shape {k}");
        let tools = m.tool_calls.clone().unwrap_or_default();
        assert_eq!(tools.total, Some(31), "shape {k}");
        assert_eq!(tools.by_tool.len(), 3, "shape {k}");
        assert_eq!(m.unique_insights, Some(2), "shape {k}");
        assert_eq!(m.files_reviewed, Some(14), "shape {k}");
        assert_eq!(m.downgraded, Some(1), "shape {k}");
        assert_eq!(m.downgrades[0].from, Severity::Critical, "shape {k}");
        assert_eq!(m.family, "claude");
    }
    // And `—` is unknown in every field, never zero.
    let m = t(&[
        ("Duration", "—"),
        ("Findings", "—"),
        ("Tool calls", "—"),
        ("Design observations", "—"),
        ("False positives", "—"),
        ("Unique insights", "—"),
        ("Files reviewed", "—"),
        ("Coverage misses", "—"),
        ("Downgraded", "—"),
        ("Dropped", "—"),
    ]);
    assert_eq!(m.duration_secs, None);
    assert_eq!(m.findings, None);
    assert_eq!(m.tool_calls, None);
    assert_eq!(m.design_observations, None);
    assert_eq!(m.false_positives, None);
    assert_eq!(m.unique_insights, None);
    assert_eq!(m.files_reviewed, None);
    assert_eq!(m.coverage_misses, None);
    assert_eq!(m.downgraded, None);
    assert_eq!(m.dropped, None);
    assert!(m.downgrades.is_empty());
    assert!(
        !m.no_output,
        "unknown is not a failure without an empty findings cell"
    );
    assert_eq!(m.raw.len(), 10);
}

/// Whole reports and truncated retro sections never panic, and spans stay in bounds.
#[test]
fn no_panics_on_whole_and_truncated_inputs() {
    corpus_or_skip!();
    for (stem, text) in reports().unwrap_or_default() {
        let r = parse_retro(&text, 1);
        if let Some((s, e)) = r.table_span {
            assert!(s <= e && e <= text.len(), "{stem}");
        }
        let Some((body, _)) = retro_section(&text) else {
            continue;
        };
        let cuts: Vec<usize> = (1..40)
            .map(|k| body.len() * k / 40)
            .filter(|&c| body.is_char_boundary(c))
            .collect();
        for c in cuts {
            let part = &body[..c];
            let r = parse_retro(part, 1);
            if let Some((s, e)) = r.table_span {
                assert!(s <= e && e <= part.len(), "{stem} cut {c}");
            }
        }
    }
}
