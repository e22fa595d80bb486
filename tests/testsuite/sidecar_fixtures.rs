//! A small archive of our own (tests/fixtures/sidecar) whose sidecars override, contradict
//! or mangle their reports: the built pages show the sidecar's values, every bad field is
//! reported by file and JSON path, and the rest of the site still builds.

use crate::support::{copy_tree, manifest_dir, options, read};
use reviewsite::diagnostics::Level;
use reviewsite::site;
use std::path::PathBuf;

fn fixture_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    copy_tree(&manifest_dir().join("tests/fixtures/sidecar"), &root);
    (tmp, root)
}

const DIR: &str = "content/acme/kiln/";

fn messages(report: &site::BuildReport) -> Vec<String> {
    report.diagnostics.iter().map(|d| d.to_string()).collect()
}

fn has(msgs: &[String], want: &str) -> bool {
    msgs.iter().any(|m| m.contains(want))
}

#[test]
fn sidecar_values_show_on_the_built_pages() {
    let (_guard, root) = fixture_site();
    let out = root.join("public");
    let report = site::build(&options(&root, &out, None)).expect("site builds");
    assert_eq!(report.reviews, 3);
    let page = read(&out.join("20260801-090000-pr-71.html"));
    // Claude: two passes from timestamps (300 s + 279 s), not the report's 7m 15s.
    assert!(page.contains(">9m 39s<"), "sidecar duration missing");
    let normalised = page.split("Table as written").next().unwrap_or_default();
    assert!(
        !normalised.contains(">7m 15s<"),
        "report duration still shown"
    );
    // Tool calls 58 by tool, not 31.
    assert!(page.contains(">58<") && page.contains("Bash 30, Read 20, Grep 8"));
    // Qwen's Markdown row has numbers; the sidecar says the run failed.
    assert!(
        page.contains("badge-no-output\">failed<"),
        "failed status missing"
    );
    assert!(page.contains(">30m 00s<"));
    // Tokens and cost exist only in the sidecar.
    assert!(page.contains("482k in / 21k out") && page.contains("$3.87"));
    // Wall-clock time: the sidecar's, with the report's beside it.
    assert!(page.contains("<code>20m 34s</code>") && page.contains("report: 20 min 00 s"));
    // Original severities per agent.
    assert!(page.contains("graded Claude Opus 4.7: critical, Codex GPT 5.5: important"));

    // The review with wrong-typed fields still gets a page, with its good fields applied.
    let page72 = read(&out.join("20260803-140000-pr-72.html"));
    assert!(page72.contains(">27<"), "good tool_calls field not applied");
    assert!(
        page72.contains(">5m 00s<"),
        "the report's duration stays when the sidecar's is bad"
    );
}

#[test]
fn check_names_every_bad_field_and_each_disagreement() {
    let (_guard, root) = fixture_site();
    let report = site::check(&options(&root, &root.join("public"), None)).expect("check runs");
    let msgs = messages(&report);
    for want in [
        // Wrong types: file and JSON path.
        "20260803-140000-pr-72.json: warning: review.wall_clock_secs: expected a number of seconds (0 or more), found \"nine minutes\"",
        "20260803-140000-pr-72.json: warning: agents[0].duration_secs: expected a number of seconds (0 or more), found \"abc\"",
        "20260803-140000-pr-72.json: warning: agents[1].status: expected one of \"ok\", \"empty\", \"malformed\", \"failed\", found \"exploded\"",
        // Unknown schema version.
        "20260805-100000-pr-73.json: warning: schema: unsupported schema version 2",
        // A sidecar without its report.
        "20260806-100000-pr-74.json: warning: sidecar has no report beside it",
        // Disagreements are notes.
        "20260801-090000-pr-71.json: info: agents[0] (Claude Opus 4.7).duration_secs: sidecar says 9m 39s (579 s), report says 7m 15s (435 s)",
        "20260801-090000-pr-71.json: info: agents[2] (Qwen 3.6 35B).status: sidecar says failed, report says usable output",
        "20260801-090000-pr-71.json: info: review.wall_clock_secs: sidecar says 20m 34s (1234 s), report says 20m 00s (1200 s)",
    ] {
        assert!(has(&msgs, &format!("{DIR}{want}")), "missing {want:?} in {msgs:#?}");
    }
    // Unknown fields (pipeline_run, gpu_seconds) are not problems.
    assert!(
        !has(&msgs, "pipeline_run") && !has(&msgs, "gpu_seconds"),
        "{msgs:#?}"
    );
    // The bad sidecar of pr-72 gives exactly its three bad fields as warnings.
    let pr72 = report
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with("pr-72.json") && d.level == Level::Warning)
        .count();
    assert_eq!(pr72, 3, "{msgs:#?}");
}

#[test]
fn unknown_schema_changes_nothing_and_strict_fails_on_warnings_only() {
    let (_guard, root) = fixture_site();
    let out = root.join("public");
    let loaded = site::load(&options(&root, &out, None)).expect("load");
    let r73 = loaded
        .reviews
        .iter()
        .find(|r| r.id == "20260805-100000-pr-73")
        .expect("pr-73");
    assert_eq!(
        r73.meta.wall_clock_secs,
        Some(180),
        "schema 2 sidecar must be ignored"
    );

    let mut strict = options(&root, &out, None);
    strict.strict = true;
    let err = site::build(&strict).expect_err("warnings fail --strict");
    assert!(format!("{err:#}").contains("agents[0].duration_secs"));

    // With the bad sidecars gone, only notes remain and --strict passes.
    for f in [
        "20260803-140000-pr-72.json",
        "20260805-100000-pr-73.json",
        "20260806-100000-pr-74.json",
    ] {
        std::fs::remove_file(root.join(DIR).join(f)).expect("remove");
    }
    let report = site::build(&strict).expect("notes do not fail --strict");
    assert!(report.diagnostics.iter().all(|d| d.level == Level::Info));
    assert!(!report.diagnostics.is_empty());
}

/// The example in docs/sidecar.md reads without a problem and matches the JSON Schema.
#[test]
fn documented_example_is_valid() {
    let doc = read(&manifest_dir().join("docs/sidecar.md"));
    let start = doc.find("```json\n").expect("a json example") + "```json\n".len();
    let end = start + doc[start..].find("\n```").expect("closing fence");
    let example: serde_json::Value =
        serde_json::from_str(&doc[start..end]).expect("example is JSON");
    let outcome = reviewsite::enrich::sidecar::read(&example);
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let sidecar = outcome.sidecar.expect("version 1");
    assert_eq!(sidecar.agents.len(), 2);
    assert_eq!(
        sidecar.consolidated_findings[0]
            .locations
            .as_ref()
            .map(Vec::len),
        Some(2)
    );

    let schema: serde_json::Value =
        serde_json::from_str(&read(&manifest_dir().join("docs/sidecar.schema.json")))
            .expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&example)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema rejects what the reader rejects.
    let bad = serde_json::json!({"schema": 1, "agents": [{"name": "A", "duration_secs": "abc"}]});
    assert!(!validator.is_valid(&bad));
    assert!(!validator.is_valid(&serde_json::json!({"schema": 2})));
}
