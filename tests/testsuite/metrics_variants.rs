//! Retro metrics tables in the spellings real archives use beyond the corpus (our own
//! fixture, `tests/fixtures/variants/metrics`): row labels with units, arrows,
//! parentheses, colons and markup; finding-id lists as counts; per-pass rows with a pass
//! unknown, whose totals are kept as partial, shown `≥` and left out of the agents page's
//! sums; and the archive passes `check --strict`.

use reviewsite::diagnostics::failure;
use reviewsite::model::{AgentMetrics, MetricField, Review, Severity};
use reviewsite::site::{build, check, load};
use std::path::PathBuf;

use crate::support::{counts, manifest_dir, options, read};

fn root() -> PathBuf {
    manifest_dir().join("tests/fixtures/variants/metrics")
}

fn reviews() -> Vec<Review> {
    let tmp = tempfile::tempdir().expect("tempdir");
    load(&options(&root(), &tmp.path().join("out"), None))
        .expect("loads")
        .reviews
}

fn column<'a>(reviews: &'a [Review], id: &str, family: &str) -> &'a AgentMetrics {
    let r = reviews
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no review {id}"));
    r.retro
        .as_ref()
        .and_then(|x| x.metrics.iter().find(|m| m.family == family))
        .unwrap_or_else(|| panic!("{id}: no {family} column"))
}

fn tools(m: &AgentMetrics) -> Option<u32> {
    m.tool_calls.as_ref().and_then(|t| t.total)
}

#[test]
fn label_spellings_and_id_lists_are_read() {
    let rs = reviews();
    let id = "20261002-140000-pr-301";
    // `**Duration (s)**`, `Findings (raw)`, `Tool calls (total)`, `False positives (FP)`,
    // `Unique` (ids), `Downgraded I→S`, `Dropped (dup/overlap)`, `*Files reviewed:*`.
    let claude = column(&rs, id, "claude");
    assert_eq!(claude.duration_secs, Some(412));
    assert_eq!(claude.findings, Some(counts(0, 1, 2)));
    assert_eq!(tools(claude), Some(27));
    assert_eq!(claude.false_positives, Some(0));
    assert_eq!(claude.unique_insights, Some(2), "`I1, S1`");
    assert_eq!(claude.dropped, Some(1));
    assert_eq!(claude.files_reviewed, Some(3));
    let codex = column(&rs, id, "codex");
    assert_eq!(codex.duration_secs, Some(656), "`655.5` seconds");
    assert_eq!(codex.unique_insights, Some(1), "`S3 (timeout test)`");
    assert_eq!(codex.downgraded, Some(1));
    let d = &codex.downgrades[0];
    assert_eq!(
        (d.count, d.from, d.to),
        (1, Severity::Important, Severity::Suggestion)
    );
    // An unknown label is kept as written, and only there.
    assert_eq!(
        claude.other,
        vec![("Signal/Noise".to_string(), "high".to_string())]
    );
    assert!(rs.iter().all(|r| r
        .retro
        .iter()
        .flat_map(|x| &x.metrics)
        .all(|m| m.raw.len() >= 2)));

    // A transposed table: `Time (min)`, `Critical: 1, Important: 0`, `Downgraded (C->I)`.
    let id = "20261012-160000-pr-322";
    let claude = column(&rs, id, "claude");
    assert_eq!(claude.duration_secs, Some(690), "11.5 minutes");
    assert_eq!(claude.findings, Some(counts(1, 0, 0)));
    assert_eq!(claude.unique_insights, None, "`—` is unknown");
    assert_eq!(claude.downgrades[0].from, Severity::Critical);
    let gemini = column(&rs, id, "gemini");
    assert_eq!(gemini.duration_secs, Some(420), "7 minutes");
    assert_eq!(gemini.unique_insights, Some(1));
    assert!(rs
        .iter()
        .filter(|r| r.id != "20261009-100000-pr-317")
        .flat_map(|r| r.retro.iter().flat_map(|x| &x.metrics))
        .all(|m| m.partial.is_empty()));
}

#[test]
fn a_pass_unknown_keeps_the_known_sum_marked_partial() {
    let rs = reviews();
    let id = "20261009-100000-pr-317";
    let claude = column(&rs, id, "claude");
    assert_eq!(claude.duration_secs, Some(370 + 185));
    assert_eq!(tools(claude), Some(20));
    assert!(claude.partial.is_empty(), "both passes known");
    let codex = column(&rs, id, "codex");
    assert_eq!(codex.duration_secs, Some(482), "pass 2 is `—`");
    assert_eq!(codex.pass_durations_secs, vec![Some(482), None]);
    assert_eq!(tools(codex), Some(30), "pass 2 is `N/A`");
    assert_eq!(
        codex.findings,
        Some(counts(0, 0, 1)),
        "`none` is a known zero"
    );
    assert_eq!(
        codex.partial.0,
        vec![MetricField::Duration, MetricField::ToolCalls]
    );
}

#[test]
fn partial_totals_are_shown_as_lower_bounds_and_left_out_of_sums() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let report = build(&options(&root(), &out, None)).expect("builds");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let page = read(&out.join("20261009-100000-pr-317.html"));
    assert!(page.contains(">≥ 8m 02s</td>"), "partial duration shown");
    assert!(page.contains(">≥ 30<span"), "partial tool calls shown");
    assert!(page.contains("metrics-note"), "the `≥` is explained");
    assert!(
        page.contains(">9m 15s</td>"),
        "a complete total has no mark"
    );
    let complete = read(&out.join("20261002-140000-pr-301.html"));
    assert!(
        !complete.contains("metrics-note"),
        "no note without a partial total"
    );
    let family = read(&out.join("agents/codex.html"));
    assert!(
        family.contains("<dd>≥ 8m 02s</dd>"),
        "the run shows the lower bound"
    );
    // The leaderboard sums only whole totals and says what it left out: Codex's tool
    // calls are pr-301's 48, not 48 + 30.
    let board = read(&out.join("agents/index.html"));
    assert!(
        board.contains(
            r#"data-col="tool-calls" data-value="48" title="from 1 of 2 runs; 1 partial total left out (a pass unknown)""#
        ),
        "leaderboard tool calls"
    );
}

#[test]
fn the_variants_pass_check_strict() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = check(&options(&root(), &tmp.path().join("out"), None)).expect("checks");
    assert_eq!(report.reviews, 3);
    assert!(
        failure(&report.diagnostics, true).is_none(),
        "{:#?}",
        report.diagnostics
    );
}
