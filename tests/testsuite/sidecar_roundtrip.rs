//! `reviewsite extract` round trip: for every report of the corpus (and of our own example
//! and fixture archives), the sidecar extracted from its Markdown, placed beside a copy of
//! it, gives back the same model with no disagreement noted; and every extracted sidecar
//! is valid against docs/sidecar.schema.json.

use crate::support::{corpus_dir, manifest_dir, markdown_files, options};
use reviewsite::diagnostics::Level;
use reviewsite::model::Review;
use reviewsite::site;
use std::path::{Path, PathBuf};

/// The archives to check: the corpus when there is one, and the ones we ship.
fn archives() -> Vec<PathBuf> {
    let mut v = vec![
        manifest_dir().join("content"),
        manifest_dir().join("tests/fixtures/holdout/content"),
        manifest_dir().join("tests/fixtures/holdout2/archive"),
        manifest_dir().join("tests/fixtures/unseen/content"),
        manifest_dir().join("tests/fixtures/variants/metrics/content"),
    ];
    match corpus_dir() {
        Some(c) => v.push(c),
        None => println!("skipped: no corpus (checking our own archives only)"),
    }
    v.retain(|p| p.is_dir());
    v
}

/// A site whose content is a copy of `archive`'s Markdown files only (no sidecars).
fn site_of(archive: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let content = tmp.path().join("content");
    for md in markdown_files(archive) {
        let rel = md.strip_prefix(archive).expect("under archive");
        let to = content.join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&md, &to).expect("copy report");
    }
    let root = tmp.path().to_path_buf();
    (tmp, root)
}

/// A review as JSON, without the raw sidecar value (the only field a sidecar must add).
fn comparable(r: &Review) -> serde_json::Value {
    let mut v = serde_json::to_value(r).expect("serialize review");
    v.as_object_mut().expect("object").remove("sidecar");
    v
}

#[test]
fn extracted_sidecars_give_back_the_same_model() {
    let schema: serde_json::Value = serde_json::from_str(&crate::support::read(
        &manifest_dir().join("docs/sidecar.schema.json"),
    ))
    .expect("docs/sidecar.schema.json is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut checked = 0;
    for archive in archives() {
        let (_guard, root) = site_of(&archive);
        let out = root.join("public");
        let opts = options(&root, &out, None);
        let before = site::load(&opts).expect("load without sidecars");
        // Write each review's extracted sidecar beside its copy.
        for (src, review) in before.sources.iter().zip(&before.reviews) {
            let sidecar = reviewsite::extract::extract(review);
            let json = serde_json::to_value(&sidecar).expect("serialize sidecar");
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{}: extracted sidecar does not match the schema: {errors:#?}",
                src.rel_path
            );
            std::fs::write(
                src.path.with_extension("json"),
                reviewsite::extract::to_json(&sidecar),
            )
            .expect("write sidecar");
        }
        let after = site::load(&opts).expect("load with sidecars");
        let sidecar_diags: Vec<String> = after
            .diagnostics
            .iter()
            // What the sidecars added: anything about a sidecar, and infos the reports
            // did not have without them (book.toml's, about checkouts, aside).
            .filter(|d| {
                d.file.ends_with(".json")
                    || (d.level == Level::Info
                        && d.file != "book.toml"
                        && !before.diagnostics.contains(d))
            })
            .map(|d| d.to_string())
            .collect();
        assert!(
            sidecar_diags.is_empty(),
            "{}: extracted sidecars disagree with their reports: {sidecar_diags:#?}",
            archive.display()
        );
        assert_eq!(before.reviews.len(), after.reviews.len());
        for (a, b) in before.reviews.iter().zip(&after.reviews) {
            assert_eq!(a.id, b.id);
            assert!(b.sidecar.is_some(), "{}: sidecar not read", b.id);
            let (ja, jb) = (comparable(a), comparable(b));
            if ja != jb {
                let keys: Vec<&String> = ja
                    .as_object()
                    .expect("object")
                    .iter()
                    .filter(|(k, v)| jb.get(k.as_str()) != Some(v))
                    .map(|(k, _)| k)
                    .collect();
                panic!(
                    "{} ({}): the model changed after the round trip in {keys:?}",
                    a.id,
                    archive.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no report checked");
    println!("round trip held for {checked} reports");
}

#[test]
fn extract_command_prints_the_sidecar() {
    let (_guard, root) = site_of(&manifest_dir().join("content"));
    let report = markdown_files(&root.join("content"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains("20260406-143003-pr-212"))
        .expect("example report pr-212");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reviewsite"))
        .arg("extract")
        .arg(&report)
        .output()
        .expect("run reviewsite extract");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    assert_eq!(v["schema"], 1);
    assert_eq!(v["review"]["pr"], 212);
    assert_eq!(v["agents"][0]["name"], "Claude Opus 4.7");
    assert_eq!(v["agents"][0]["tool_calls"]["by_tool"]["Bash"], 17);
    assert_eq!(v["consolidated_findings"][0]["id"], "I1");

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_reviewsite"))
        .args(["extract", "no/such/report.md"])
        .output()
        .expect("run reviewsite extract");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/report.md"));
}
