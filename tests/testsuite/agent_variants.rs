//! Agent identity and run status (issue 17, items 5 and 6), on our fixture
//! `tests/fixtures/variants/agents/`: a Reviewers row that carries prose names the model and
//! marks it failed, never a phantom agent; spellings of one model (`GPT 5.6-sol`, `GPT 5.6
//! Sol`; `Gemma4 31B`, `Gemma 4 31B`, `gemma-4 31b`) are one agent in a report and one
//! model row on the agents page; an agent that produced nothing (Reviewers row, retro
//! prose, a Findings cell) is a format failure, never a clean zero, while a clean zero
//! and a failed later pass after a good one are not failures.

use regex::Regex;
use reviewsite::model::{AgentStatus, Review};
use reviewsite::site::{build, check, load};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    crate::support::manifest_dir().join("tests/fixtures/variants/agents")
}

/// The fixture's reviews, loaded as a build loads them (parsed and completed), by id.
fn reviews(root: &Path) -> BTreeMap<String, Review> {
    let tmp = tempfile::tempdir().unwrap();
    let opts = crate::support::options(root, &tmp.path().join("out"), None);
    load(&opts)
        .expect("site loads")
        .reviews
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect()
}

/// (name, status) of each Reviewers entry.
fn reviewers(r: &Review) -> Vec<(&str, Option<AgentStatus>)> {
    r.meta
        .reviewers
        .iter()
        .map(|v| (v.name.as_str(), v.status))
        .collect()
}

/// (agent, family, failed) of each metrics column.
fn columns(r: &Review) -> Vec<(&str, &str, bool)> {
    r.retro
        .as_ref()
        .map(|x| x.metrics.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|m| {
            let failed = m.no_output || m.status.is_some_and(|s| s.is_failure());
            (m.agent.as_str(), m.family.as_str(), failed)
        })
        .collect()
}

#[test]
fn reviewers_rows_with_prose_name_the_model_and_mark_it_failed() {
    use AgentStatus::{Empty, Failed};
    let all = reviews(&root());
    let r = &all["20260802-101500-pr-31"];
    assert_eq!(
        reviewers(r),
        [
            ("Claude Opus 4.8", None),
            ("Codex GPT 5.6-sol", None),
            ("Gemini 3.2 Pro", Some(Empty)),
        ]
    );
    assert_eq!(r.meta.reviewers[2].effort.as_deref(), Some("default"));
    // The column spelled `GPT 5.6 Sol` is Codex's; Gemini's empty column is its failure.
    assert_eq!(
        columns(r),
        [
            ("Claude Opus 4.8", "claude", false),
            ("GPT 5.6 Sol", "codex", false),
            ("Gemini 3.2 Pro", "gemini", true),
        ]
    );
    let codex = &r.retro.as_ref().unwrap().metrics[1];
    assert_eq!(codex.effort.as_deref(), Some("high"));

    let r = &all["20260805-140000-pr-32"];
    assert_eq!(
        reviewers(r),
        [
            ("Claude Opus 4.8", None),
            ("Codex GPT 5.6 Sol", None),
            ("Gemini 3.2 Pro", Some(Failed)),
            ("Qwen 3.6 35B", Some(Empty)),
            ("Gemma 4 31B", None),
        ]
    );
    // The Reviewers row's text is kept as written.
    let row = &r.meta.rows[r.meta.reviewers_row.unwrap()].value;
    assert!(row.contains("dropped, quota") && row.contains("— empty output"));
}

#[test]
fn runs_that_produced_nothing_fail_and_clean_zeros_and_later_passes_do_not() {
    let all = reviews(&root());
    // `empty output` in the Findings cell; `none` with a complete review is a clean zero.
    let r = &all["20260805-140000-pr-32"];
    assert_eq!(
        columns(r),
        [
            ("Claude Opus 4.8", "claude", false),
            ("Codex GPT 5.6 Sol", "codex", false),
            ("Qwen 3.6 35B", "qwen", true),
            ("Gemma 4 31B", "gemma", false),
        ]
    );
    let retro = r.retro.as_ref().unwrap();
    let prose: Vec<(&str, bool)> = retro
        .agents
        .iter()
        .map(|a| (a.label.as_str(), a.no_output))
        .collect();
    assert_eq!(
        prose,
        [
            ("[Claude]", false),
            ("[Codex]", false),
            ("[Qwen]", true),
            ("[Gemma]", false)
        ]
    );
    // Qwen's second pass timed out after a good first pass: not failed. Gemma timed out
    // (Status `failed`, Findings `none (timeout)`, the prose): failed.
    let r = &all["20260809-091500-pr-33"];
    assert_eq!(
        columns(r),
        [
            ("Claude Opus 4.8", "claude", false),
            ("Qwen 3.6 35B", "qwen", false),
            ("Gemma 4 31B", "gemma", true),
        ]
    );
    let qwen = &r.retro.as_ref().unwrap().metrics[1];
    assert_eq!(qwen.findings, Some(crate::support::counts(0, 1, 1)));
    let prose: Vec<bool> = r
        .retro
        .as_ref()
        .unwrap()
        .agents
        .iter()
        .map(|a| a.no_output)
        .collect();
    assert_eq!(prose, [false, false, true]);
}

/// The rows of one agents-page table: row key -> (label, reviews, failures, findings).
fn table(html: &str, id: &str) -> BTreeMap<String, (String, String, String, String)> {
    let start = html.find(&format!("id=\"table-{id}\"")).expect("table");
    let body = &html[start..start + html[start..].find("</table>").expect("end")];
    let row = Regex::new(r#"(?s)<tr data-agent="([^"]*)"[^>]*>(.*?)</tr>"#).unwrap();
    let cell = Regex::new(r#"data-col="([^"]*)" data-value="([^"]*)""#).unwrap();
    row.captures_iter(body)
        .map(|c| {
            let cells: BTreeMap<String, String> = cell
                .captures_iter(&c[2])
                .map(|k| (k[1].to_string(), k[2].to_string()))
                .collect();
            let get = |k: &str| cells.get(k).cloned().unwrap_or_default();
            (
                c[1].to_string(),
                (
                    get("agent"),
                    get("reviews"),
                    get("failures"),
                    get("findings"),
                ),
            )
        })
        .collect()
}

#[test]
fn the_agents_page_merges_spellings_and_counts_failed_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = build(&crate::support::options(&root(), &out, None)).expect("builds");
    assert_eq!(report.warnings(), 0, "{}", crate::support::show(&report));
    let html = crate::support::read(&out.join("agents/index.html"));
    let row = |label: &str, reviews: &str, failures: &str, findings: &str| {
        (
            label.into(),
            reviews.into(),
            failures.into(),
            findings.into(),
        )
    };
    let models = table(&html, "models");
    let want: BTreeMap<String, (String, String, String, String)> = [
        ("claude/opus 4.8", row("Claude Opus 4.8", "3", "0", "4")),
        // `GPT 5.6-sol` and `GPT 5.6 Sol`: one model, its clean zero no failure.
        ("codex/gpt 5.6 sol", row("Codex GPT 5.6 Sol", "2", "0", "1")),
        // No output (with an empty column) and dropped (without a column): two failures.
        ("gemini/3.2 pro", row("Gemini 3.2 Pro", "2", "2", "")),
        // `Gemma 4 31B` and `gemma-4 31b`: one model; the timed-out run failed.
        ("gemma/4 31b", row("Gemma 4 31B", "2", "1", "1")),
        // The empty-output run failed; the run whose second pass timed out did not.
        ("qwen/3.6 35b", row("Qwen 3.6 35B", "2", "1", "2")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(models, want);
    // No phantom agent made of prose words.
    let families: Vec<String> = table(&html, "families").into_keys().collect();
    assert_eq!(families, ["claude", "codex", "gemini", "gemma", "qwen"]);
    assert!(html.contains("and 1 the report says failed without one"));
}

#[test]
fn check_strict_is_clean_and_a_missing_review_still_warns() {
    let tmp = tempfile::tempdir().unwrap();
    let report = check(&crate::support::options(
        &root(),
        &tmp.path().join("out"),
        None,
    ))
    .expect("check runs");
    assert_eq!(report.warnings(), 0, "{}", crate::support::show(&report));

    // A reviewer with no review in the appendix and no word of failure: a real gap.
    let site = tempfile::tempdir().unwrap();
    let content = site.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(site.path().join("book.toml"), "title = \"t\"\n").unwrap();
    let report_md = |reviewers: &str| {
        format!(
            "# Deep Review: x\n\n| | |\n|---|---|\n| **Date** | 2026-08-01 |\n| **Reviewers** | {reviewers} |\n\n## Suggestions\n\nS1. **Name it** — `a.go:1` [Claude Opus 4.8]\n\nText.\n\n## Appendix: Original Reviews\n\n### [Claude] — Pass 1\n\nText.\n"
        )
    };
    let warned = |reviewers: &str| {
        std::fs::write(
            content.join("20260801-100000-pr-1.md"),
            report_md(reviewers),
        )
        .unwrap();
        let report = check(&crate::support::options(
            site.path(),
            &site.path().join("out"),
            None,
        ))
        .expect("check runs");
        report.diagnostics.iter().any(|d| {
            d.message
                .contains("no original review found for reviewer \"Gemini 3.2 Pro\"")
        })
    };
    assert!(warned("Claude Opus 4.8, Gemini 3.2 Pro"));
    assert!(!warned(
        "Claude Opus 4.8, Gemini 3.2 Pro (effort: default) produced no output — quota exhausted"
    ));
    assert!(!warned("Claude Opus 4.8, Gemini 3.2 Pro (failed: timeout)"));
}
