//! `tests/fixtures/variants/mixed/`: three invented reports that mix the variant classes of
//! issue 17, written by the lead before the fixes (a blind check of the helpers' work):
//! prose and spelling variants in the Reviewers row, earlier-round and per-agent counts in
//! the summary, a `None.` section with prose, a numbered bold list inside a finding,
//! attributions in backticks, parentheses and after a dash, a Resolution table naming
//! findings five ways, an e-mail in the Author row, a CI-failure digest with aligned
//! columns, angle-bracket placeholders, and an agent whose second pass failed.

use crate::support::{ids, manifest_dir, options, read};
use reviewsite::model::{ActionClass, AgentStatus, Review, ReviewKind};
use reviewsite::site;
use std::path::PathBuf;

fn root() -> PathBuf {
    manifest_dir().join("tests/fixtures/variants/mixed")
}

fn loaded() -> Vec<Review> {
    let tmp = tempfile::tempdir().unwrap();
    site::load(&options(&root(), &tmp.path().join("out"), None))
        .expect("load")
        .reviews
}

fn get<'a>(all: &'a [Review], id: &str) -> &'a Review {
    all.iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn a_round_two_report_full_of_look_alikes_reads_right_and_passes_strict() {
    let all = loaded();
    let r = get(&all, "20260914-101500-pr-88");
    // The numbered bold list stays in I1; the earlier-round and per-agent counts in the
    // summary are not this report's totals, the sentence that is agrees.
    assert_eq!(ids(r), ["I1", "S1", "S2", "S3"]);
    assert!(r.findings[0].body.contains("**Lost acknowledgement**"));
    assert_eq!(r.stated_counts, Some(crate::support::counts(0, 1, 3)));
    // Attributions in three wrappers, none left in the location text.
    let agents: Vec<usize> = r.findings.iter().map(|f| f.agents.len()).collect();
    assert_eq!(agents, [1, 2, 2, 1]);
    for f in &r.findings {
        for l in &f.locations {
            assert!(
                !l.raw.contains("Claude") && !l.raw.contains("Codex"),
                "{l:?}"
            );
        }
    }
    // The Reviewers row: three agents, the prose marks Gemini failed.
    let names: Vec<&str> = r.meta.reviewers.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["Claude Opus 4.7", "Codex GPT 5.6-sol", "Gemini 3.1 Pro"]
    );
    assert!(r.meta.reviewers[2]
        .status
        .is_some_and(AgentStatus::is_failure));
    // The metrics: `GPT 5.6 Sol` is the Reviewers row's `GPT 5.6-sol`; seconds by the
    // label's unit; id lists counted; Gemini's run a failure.
    let m = &r.retro.as_ref().expect("retro").metrics;
    assert_eq!(m.len(), 3);
    assert_eq!(m[0].duration_secs, Some(312));
    assert_eq!(
        (m[0].unique_insights, m[1].unique_insights),
        (Some(2), Some(2))
    );
    assert_eq!((m[0].downgraded, m[0].dropped), (Some(1), Some(2)));
    assert!(m[2].no_output && !m[0].no_output && !m[1].no_output);
    // Resolution: four rows name findings of this round in four forms; round 1's I2 is
    // not this report's I2 (it has none) and is linked to nothing.
    let outcome: Vec<Option<ActionClass>> = r
        .findings
        .iter()
        .map(|f| f.resolution.as_ref().map(|x| x.action))
        .collect();
    use ActionClass::*;
    assert_eq!(
        outcome,
        [Some(Fixed), Some(Skipped), Some(Fixed), Some(Fixed)]
    );
    let rows = &r.resolution.as_ref().expect("resolution").actions;
    assert_eq!(rows[4].finding_id, None, "{:?}", rows[4]);
    // The author's name, never the address.
    let author = r.meta.author.as_ref().expect("author");
    assert_eq!(author.name.as_deref(), Some("Dana Whitfield"));
}

#[test]
fn the_mixed_site_builds_strict_without_an_address_and_with_the_digest_pill() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut opts = options(&root(), &out, None);
    opts.strict = true;
    let report = site::build(&opts).expect("--strict passes");
    assert_eq!(report.warnings(), 0, "{:?}", report.diagnostics);
    for file in crate::support::walk(&out) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("corp-mail"),
            "{} shows the address",
            file.display()
        );
    }
    // The digest: its own kind, the failed-job count where a verdict would be, columns
    // aligned, placeholders shown.
    let index = read(&out.join("index.html"));
    assert!(index.contains("3 failed jobs"), "index pill");
    let digest = read(&out.join("20261005-060000-ci-failures.html"));
    assert!(digest.contains("al-r"), "right-aligned numbers");
    assert!(digest.contains("&lt;instance&gt;") && digest.contains("&lt;your-registry&gt;"));
    assert!(!digest.contains("pill verdict"), "no review verdict pill");
    let pr88 = read(&out.join("20260914-101500-pr-88.html"));
    assert!(pr88.contains("pill verdict"));
    // What the Reviewers row says about Gemini's run is shown beside its pill.
    assert!(pr88.contains("effort: default · produced no output; quota exhausted"));
    let all = loaded();
    let d = get(&all, "20261005-060000-ci-failures");
    assert_eq!(d.kind, ReviewKind::CiFailureDigest);
    assert_eq!(d.failed_jobs, Some(3));
    // Placeholders in prose and titles of a PR review are text too.
    let pr91 = read(&out.join("20260921-163000-pr-91.html"));
    assert!(pr91.contains("Promise&lt;string&gt;") && pr91.contains("&lt;instance&gt;"));
}

#[test]
fn a_failed_second_pass_is_no_failed_run_and_spellings_are_one_agent() {
    let all = loaded();
    let r = get(&all, "20260921-163000-pr-91");
    assert_eq!(ids(r), ["S1", "S2"]);
    let m = &r.retro.as_ref().expect("retro").metrics;
    assert!(m.iter().all(|c| !c.no_output), "{m:#?}");
    assert!(r.meta.reviewers.iter().all(|a| a.status.is_none()));
    // `GPT 5.6-Sol` in a finding is the Reviewers row's `GPT 5.6 Sol`.
    let key = |s: &str| s.to_lowercase().replace(['-', ' '], "");
    assert_eq!(key(&r.findings[1].agents[0]), key("GPT 5.6 Sol"));
    let author = r.meta.author.as_ref().expect("author");
    assert_eq!(
        (author.login.as_str(), author.name.as_deref()),
        ("jdoe", Some("Jane Doe"))
    );
}
