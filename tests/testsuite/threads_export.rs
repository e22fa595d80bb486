//! `threads.json`: valid against `docs/threads.schema.json` on every archive built here (an
//! invented three-round thread, the bundled example, the corpus when present); consistent
//! with itself (each `previous` names a finding of the round before, whose outcome is
//! `persists`; `previous_outcomes` lists every finding of the round before); and on the
//! fixture thread, whose reports say what became of each finding, exactly those links and
//! outcomes, with plain-text titles.

use reviewsite::site;
use serde_json::Value;
use std::path::Path;

/// Builds the site at `root` into `out` and returns its `threads.json`, checked against the
/// schema and the invariants of the shape.
fn built_threads(root: &Path, out: &Path) -> Value {
    site::build(&crate::support::options(root, out, None)).expect("build");
    let text = crate::support::read(&out.join("threads.json"));
    let doc: Value = serde_json::from_str(&text).expect("threads.json is JSON");
    let errors = schema_errors(&doc);
    assert!(errors.is_empty(), "{errors:#?}");
    consistent(&doc);
    doc
}

fn schema_errors(doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(&crate::support::read(
        &crate::support::manifest_dir().join("docs/threads.schema.json"),
    ))
    .expect("docs/threads.schema.json is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Every link points into the round before, and every outcome is of a finding of it.
fn consistent(doc: &Value) {
    for t in doc["threads"].as_array().unwrap() {
        let rounds = t["rounds"].as_array().unwrap();
        for (k, r) in rounds.iter().enumerate() {
            let outcomes: Vec<(&str, &str)> = r["previous_outcomes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| (o["id"].as_str().unwrap(), o["outcome"].as_str().unwrap()))
                .collect();
            let Some(before) = k.checked_sub(1).map(|p| &rounds[p]) else {
                assert!(outcomes.is_empty(), "{t}");
                assert!(r["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|f| f["previous"].is_null()));
                continue;
            };
            let before_ids: Vec<&str> = before["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].as_str().unwrap())
                .collect();
            let listed: Vec<&str> = outcomes.iter().map(|o| o.0).collect();
            assert_eq!(listed, before_ids, "{}", r["review"]);
            for f in r["findings"].as_array().unwrap() {
                let p = &f["previous"];
                if p.is_null() {
                    continue;
                }
                assert_eq!(p["review"], before["review"]);
                let id = p["id"].as_str().unwrap();
                assert!(
                    outcomes.contains(&(id, "persists")),
                    "{}: {id} continued but not persists",
                    r["review"]
                );
            }
        }
    }
}

/// (id, previous id) of each finding of `round`, and (id, outcome) of the round before.
type Lineage = (Vec<(String, Option<String>)>, Vec<(String, String)>);

fn lineage(round: &Value) -> Lineage {
    let findings = round["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_string(),
                f["previous"]["id"].as_str().map(str::to_string),
            )
        })
        .collect();
    let outcomes = round["previous_outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["id"].as_str().unwrap().to_string(),
                o["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (findings, outcomes)
}

fn pairs(v: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.map(str::to_string)))
        .collect()
}

fn outcomes(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn fixture_thread_links_and_outcomes_are_what_its_reports_say() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    crate::support::copy_tree(
        &crate::support::manifest_dir().join("tests/fixtures/lineage-export"),
        &root,
    );
    let doc = built_threads(&root, &tmp.path().join("out"));
    assert_eq!(doc["version"], 1);
    let threads = doc["threads"].as_array().unwrap();
    assert_eq!(threads.len(), 1);
    let t = &threads[0];
    assert_eq!(t["repo"], "acme/kestrel");
    assert_eq!(t["pr"], 31);
    let rounds = t["rounds"].as_array().unwrap();
    let stems: Vec<&str> = rounds
        .iter()
        .map(|r| r["review"].as_str().unwrap())
        .collect();
    assert_eq!(
        stems,
        [
            "20260501-100000-pr-31",
            "20260503-153000-pr-31",
            "20260506-091500-pr-31"
        ]
    );
    let numbers: Vec<u64> = rounds
        .iter()
        .map(|r| r["round"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3]);
    // Round 1: four findings, nothing before it. Titles are plain text, severities filled.
    let first = &rounds[0]["findings"];
    assert_eq!(
        first[1]["title"],
        "Peek returns entries whose deadline has passed"
    );
    assert_eq!(first[1]["severity"], "important");
    assert_eq!(first[3]["severity"], "suggestion");
    // Round 2: "Round 1's I1 was fixed", "Round 1's I2 unaddressed" (in its I1), "Round 1's
    // S1 was declined", "round 1 S2 unaddressed" (in its S1); its I2 is new.
    assert_eq!(
        lineage(&rounds[1]),
        (
            pairs(&[("I1", Some("I2")), ("I2", None), ("S1", Some("S2"))]),
            outcomes(&[
                ("I1", "resolved"),
                ("I2", "persists"),
                ("S1", "declined"),
                ("S2", "persists")
            ])
        )
    );
    assert_eq!(
        rounds[1]["findings"][0]["previous"]["review"],
        "20260501-100000-pr-31"
    );
    // Round 3: both important findings of round 2 fixed, its S1 carried on, S2 new.
    assert_eq!(
        lineage(&rounds[2]),
        (
            pairs(&[("S1", Some("S1")), ("S2", None)]),
            outcomes(&[("I1", "resolved"), ("I2", "resolved"), ("S1", "persists")])
        )
    );
    // The validator can fail: an unknown outcome, a missing field, an extra one.
    let mut bad = doc.clone();
    bad["threads"][0]["rounds"][1]["previous_outcomes"][0]["outcome"] = "fixed".into();
    bad["threads"][0]["rounds"][1]["findings"][0]
        .as_object_mut()
        .unwrap()
        .remove("previous");
    bad["threads"][0]["surprise"] = Value::Bool(true);
    assert_eq!(schema_errors(&bad).len(), 3, "{:#?}", schema_errors(&bad));
}

#[test]
fn example_site_threads_are_valid_and_every_pr_review_is_in_one() {
    let (tmp, root) = crate::support::example_site();
    let doc = built_threads(&root, &tmp.path().join("out"));
    let threads = doc["threads"].as_array().unwrap();
    let pr212 = threads
        .iter()
        .find(|t| t["repo"] == "acme/tern" && t["pr"] == 212)
        .expect("acme/tern#212");
    assert_eq!(pr212["rounds"].as_array().unwrap().len(), 3);
    let in_threads: usize = threads
        .iter()
        .map(|t| t["rounds"].as_array().unwrap().len())
        .sum();
    let reviews: Value =
        serde_json::from_str(&crate::support::read(&tmp.path().join("out/reviews.json"))).unwrap();
    let with_pr = reviews["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["pr"].is_null() && !r["repo"].is_null())
        .count();
    assert_eq!(in_threads, with_pr);
}

#[test]
fn corpus_threads_are_valid_and_pr_4637_has_three_linked_rounds() {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus at ../shared/corpus");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    crate::support::copy_tree(&corpus.join("lima"), &root.join("content"));
    let doc = built_threads(&root, &tmp.path().join("out"));
    let threads = doc["threads"].as_array().unwrap();
    let t = threads
        .iter()
        .find(|t| t["pr"] == 4637)
        .expect("the thread of PR 4637");
    let rounds = t["rounds"].as_array().unwrap();
    let stems: Vec<&str> = rounds
        .iter()
        .map(|r| r["review"].as_str().unwrap())
        .collect();
    assert_eq!(
        stems,
        [
            "20260315-221940-pr-4637",
            "20260327-223819-pr-4637",
            "20260401-213317-pr-4637"
        ]
    );
    for r in &rounds[1..] {
        let (findings, outs) = lineage(r);
        assert!(!outs.is_empty(), "{}", r["review"]);
        assert!(
            findings.iter().any(|(_, p)| p.is_some()) || outs.iter().any(|(_, o)| o == "resolved"),
            "{}: nothing linked to the round before: {findings:?} {outs:?}",
            r["review"]
        );
    }
    for p in [4419, 4799, 4831] {
        let t = threads.iter().find(|t| t["pr"] == p).expect("thread");
        assert_eq!(t["rounds"].as_array().unwrap().len(), 2, "PR {p}");
    }
}
