//! Holdout 2: reports of a later pipeline revision, written by us and placed flat in one
//! folder as an archive is (`tests/fixtures/holdout2/archive/`). They bring reviewer
//! families the corpus does not have (Kimi, DeepSeek, Mistral, Llama, Grok), metrics rows
//! it does not have (`Tokens in`, `Cost`, `Status`, `Retries`), new sections (Risk
//! Assessment, Security Review, Follow-ups, Changelog), three-digit ids, a generic
//! `## Findings` with `**Severity:**` lines, tables and `<details>` in finding bodies, a
//! Resolution with a `Commit` per row, a report written in German, and two files that are
//! not reviews. The assertions state what a reader of each report expects.
//!
//! Decisions: a file without any review structure (`CHANGELOG.md`, `notes.md`) parses as a
//! report of kind Other, with every word kept; a site skips it, since it has no sign of a
//! review report (one note names such files), and publishes it with a page and an index
//! row (and a warning naming what it lacks) under `--include-non-reports`
//! (`tests/testsuite/holdout2_build.rs`).
//! German reports are supported for the words a review's structure hangs on (section
//! titles, metadata labels, severities, `K1`/`W1`/`V1` ids, stated totals, verdicts); ids
//! are normalised to `C1`/`I1`/`S1`, the written id is kept.
use crate::support::{assert_no_text_lost, counts, ids};

use reviewsite::content;
use reviewsite::model::*;
use reviewsite::parse::parse_report;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/holdout2/archive")
}

fn all() -> BTreeMap<String, (String, Review)> {
    let loaded = content::load(&dir(), &dir(), &[]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded
        .reports
        .iter()
        .map(|src| {
            let p = parse_report(src);
            (src.id.clone(), (src.markdown.clone(), p.review))
        })
        .collect()
}

fn get<'a>(all: &'a BTreeMap<String, (String, Review)>, id: &str) -> &'a Review {
    &all.get(id)
        .unwrap_or_else(|| panic!("no fixture {id}; have {:?}", all.keys()))
        .1
}

#[test]
fn every_file_keeps_its_text_and_every_review_its_stated_totals() {
    let all = all();
    assert_eq!(all.len(), 10, "{:?}", all.keys());
    let mut with_totals = 0;
    for (id, (md, r)) in &all {
        assert_no_text_lost(id, md, r);
        if let Some(st) = r.stated_counts {
            assert_eq!(st, r.counts, "{id}: stated vs parsed");
            with_totals += 1;
        }
        let mut seen = std::collections::HashSet::new();
        for f in &r.findings {
            assert!(seen.insert(f.id.clone()), "{id}: duplicate id {}", f.id);
        }
    }
    // Every review but the supply-chain scan states its totals, the German one included.
    assert_eq!(with_totals, 7);
}

#[test]
fn new_reviewer_families_and_a_failed_agent() {
    let all = all();
    let r = get(&all, "20260901-101500-pr-1402");
    let fams: Vec<&str> = r.meta.reviewers.iter().map(|x| x.family.as_str()).collect();
    assert_eq!(fams, ["claude", "kimi", "deepseek", "grok"]);
    assert_eq!(r.counts, counts(1, 3, 4));
    assert_eq!(r.meta.verdict.as_ref().unwrap().class, VerdictClass::Rework);
    let titles: Vec<&str> = r.sections.iter().map(|s| s.title.as_str()).collect();
    for t in ["Risk Assessment", "Security Review", "Follow-ups"] {
        assert!(titles.contains(&t), "{t} kept as a section: {titles:?}");
    }
    // `Confidence: high` stays in the body; it is not a new finding.
    assert!(r.findings[0].body.contains("Confidence: high"));
    let retro = r.retro.as_ref().unwrap();
    // Columns in the table's own order, not the Reviewers row's.
    let cols: Vec<&str> = retro.metrics.iter().map(|m| m.agent.as_str()).collect();
    assert_eq!(
        cols,
        ["Grok 4", "DeepSeek V3.2", "Claude Sonnet 5", "Kimi K2"]
    );
    let grok = &retro.metrics[0];
    // Its retry produced findings: a failed status alone does not erase them.
    assert!(!grok.no_output);
    assert_eq!(grok.findings, Some(counts(0, 1, 1)));
    // Rows the normaliser does not know stay, as written.
    let raw: Vec<(&str, &str)> = grok
        .raw
        .iter()
        .map(|(l, c)| (l.as_str(), c.as_str()))
        .collect();
    for row in [
        ("Status", "failed"),
        ("Tokens in", "48,200"),
        ("Tokens out", "2.1k"),
        ("Cost", "$0.09"),
        ("Passes", "2"),
        ("Retries", "1"),
    ] {
        assert!(raw.contains(&row), "{row:?} in {raw:?}");
    }

    // A failed agent with nothing but dashes produced no output.
    let b = get(&all, "20260910-160000-release-2-0");
    let m = &b.retro.as_ref().unwrap().metrics;
    assert_eq!(m[1].agent, "Grok 4");
    assert!(m[1].no_output);
    assert!(!m[0].no_output && !m[2].no_output);
    assert_eq!(b.kind, ReviewKind::BranchReview);
    assert!(b.sections.iter().any(|s| s.title == "Changelog"));
}

#[test]
fn three_digit_ids_in_a_report_of_112_findings() {
    let all = all();
    let r = get(&all, "20260903-140000-pr-1410");
    assert_eq!(r.counts, counts(2, 8, 102));
    assert_eq!(r.findings.len(), 112);
    let ids = ids(r);
    assert_eq!(ids[10], "S100");
    assert_eq!(ids[111], "S201");
    assert_eq!(
        r.findings[111].locations[0].path.as_deref(),
        Some("src/rules/codegen.rs")
    );
    assert_eq!(r.findings[111].agents, ["Claude Opus 4.8"]);
    let fams: Vec<&str> = r.meta.reviewers.iter().map(|x| x.family.as_str()).collect();
    assert_eq!(fams, ["claude", "llama", "deepseek"]);
}

#[test]
fn generic_findings_section_with_severity_lines() {
    let all = all();
    let r = get(&all, "20260905-091000-pr-88");
    assert_eq!(ids(r), ["I1", "I2", "S1", "S2"]);
    assert_eq!(r.counts, counts(0, 2, 2));
    let f = &r.findings[0];
    assert_eq!(f.title, "Backoff has no ceiling");
    assert_eq!(f.locations[0].path.as_deref(), Some("uploader/retry.go"));
    assert_eq!(f.locations[0].ranges, [LineRange { start: 31, end: 45 }]);
    assert_eq!(f.agents, ["Claude Opus 4.8", "Mistral Large 3"]);
    // Metrics written with agents as rows (transposed) still normalise.
    let m = &r.retro.as_ref().unwrap().metrics;
    assert_eq!(m.len(), 4);
    assert_eq!(m[3].agent, "Llama 4 Scout");
    assert_eq!(m[3].duration_secs, Some(250));
    // Two `[Claude]` entries in the appendix are two agents with distinct anchors.
    let anchors: Vec<&str> = r.appendix.iter().map(|a| a.anchor.as_str()).collect();
    assert_eq!(anchors.len(), 4);
    assert_ne!(anchors[0], anchors[1]);
}

#[test]
fn tables_details_emoji_and_a_commit_per_resolution_row() {
    let all = all();
    let r = get(&all, "20260906-120000-pr-91");
    assert_eq!(r.counts, counts(0, 2, 3));
    assert!(r
        .meta
        .pr
        .as_ref()
        .unwrap()
        .title
        .as_deref()
        .unwrap()
        .starts_with('🚀'));
    let i1 = &r.findings[0];
    assert!(i1.title.starts_with("🔥"));
    assert!(i1.body.contains("| Part | Finished at | Listed at |"));
    assert!(i1.body.contains("<details>") && i1.body.contains("InvalidPartOrder"));
    assert!(i1.fix.as_deref().unwrap_or("").contains("sort.Slice"));
    let res = r.resolution.as_ref().unwrap();
    type Row<'a> = (
        Option<&'a str>,
        ActionClass,
        Option<&'a str>,
        Option<&'a str>,
    );
    let got: Vec<Row> = res
        .actions
        .iter()
        .map(|a| {
            (
                a.finding_id.as_deref(),
                a.action,
                a.commit.as_deref(),
                a.reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("I1"), ActionClass::Fixed, Some("`c0ffee12`"), None),
            (Some("I2"), ActionClass::Fixed, Some("`c0ffee34`"), None),
            (
                Some("S1"),
                ActionClass::Skipped,
                None,
                Some("Out of scope for this PR")
            ),
            (
                Some("S2"),
                ActionClass::TestWritten,
                Some("`c0ffee56`"),
                Some("Benchmark added")
            ),
            (Some("S3"), ActionClass::Fixed, Some("`c0ffee34`"), None),
        ]
    );
    assert_eq!(
        r.findings[3].resolution.as_ref().unwrap().action,
        ActionClass::TestWritten
    );
}

#[test]
fn a_report_written_in_german() {
    let all = all();
    let r = get(&all, "20260908-083000-pr-17");
    assert_eq!(r.meta.date.as_deref(), Some("2026-09-08T08:30"));
    assert_eq!(r.meta.round, Some(1));
    assert_eq!(r.meta.author.as_ref().unwrap().login, "jana-n");
    assert_eq!(r.meta.wall_clock_secs, Some(19 * 60 + 12));
    let v = r.meta.verdict.as_ref().unwrap();
    assert_eq!(v.class, VerdictClass::MergeWithFixes);
    assert_eq!(v.label, "Mit Korrekturen mergen");
    let fams: Vec<&str> = r.meta.reviewers.iter().map(|x| x.family.as_str()).collect();
    assert_eq!(fams, ["claude", "mistral"]);
    assert_eq!(r.stated_counts, Some(counts(1, 1, 2)));
    assert_eq!(r.counts, counts(1, 1, 2));
    let written: Vec<&str> = r
        .findings
        .iter()
        .filter_map(|f| f.written_id.as_deref())
        .collect();
    assert_eq!(written, ["K1", "W1", "V1", "V2"]);
    let kinds: Vec<SectionKind> = r.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SectionKind::ExecutiveSummary,
            SectionKind::Findings,
            SectionKind::Findings,
            SectionKind::Findings,
            SectionKind::AgentRetro,
            SectionKind::Appendix,
        ],
        "the agent's own `## Kritische Probleme` stays inside the appendix"
    );
    assert_eq!(r.appendix.len(), 2);
    let m = &r.retro.as_ref().unwrap().metrics;
    assert_eq!(m[0].duration_secs, Some(662));
    assert_eq!(m[1].findings, Some(counts(1, 1, 1)));
    assert_eq!(m[0].tool_calls.as_ref().unwrap().total, Some(25));
}

#[test]
fn files_that_are_not_reviews_are_reports_of_kind_other() {
    let all = all();
    for id in ["CHANGELOG", "notes"] {
        let r = get(&all, id);
        assert_eq!(r.kind, ReviewKind::Other, "{id}");
        assert!(r.findings.is_empty(), "{id}");
        assert!(r.meta.verdict.is_none(), "{id}");
    }
    let notes = get(&all, "notes");
    assert!(
        notes.preamble.contains("rotate the Grok API key")
            || notes
                .sections
                .iter()
                .any(|s| s.body.contains("rotate the Grok API key"))
    );
}
