//! Accessibility in real headless Chromium: axe-core (npm, injected by
//! `tests/browser/axe.mjs`) finds no violation of impact serious or critical on any page
//! type — index, repository, PR thread, a review of each kind, the agents leaderboard and a
//! family page, search with results, 404 — in light and dark, at 1280 and 390 px wide, on
//! the bundled example, the mixed fixture (a CI digest) and the corpus. The Tab key reaches
//! every visible interactive element and each shows a focus indicator.
//!
//! The corpus half is skipped when there is no corpus, unless `REVIEWSITE_CORPUS` names it.

use std::collections::BTreeMap;
use std::path::Path;

/// The pages to audit in a built site, as paths relative to it: one of each type, and of
/// reviews the largest page of each kind (most content, most ways to fail).
fn pages_of(out: &Path, query: &str) -> Vec<String> {
    let rels: Vec<String> = crate::support::walk(out)
        .iter()
        .map(|f| {
            f.strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|r| r.ends_with(".html"))
        .collect();
    let mut pages = vec!["index.html".to_string(), "404.html".to_string()];
    pages.push(format!("search.html?q={query}"));
    pages.push("agents/index.html".into());
    let depth = |r: &String| r.matches('/').count();
    let first = |pred: &dyn Fn(&String) -> bool| rels.iter().find(|r| pred(r)).cloned();
    pages.extend(first(&|r| {
        r.starts_with("agents/") && !r.starts_with("agents/by-") && !r.ends_with("index.html")
    }));
    pages.extend(first(&|r| r.starts_with("repos/") && depth(r) == 3));
    pages.extend(first(&|r| r.starts_with("repos/") && depth(r) == 4));
    let mut by_kind: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for r in rels.iter().filter(|r| depth(r) == 0) {
        let html = std::fs::read_to_string(out.join(r)).unwrap();
        if !html.contains("class=\"page page-review\"") {
            continue;
        }
        let kind = html
            .split("class=\"kind kind-")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("other")
            .to_string();
        let size = html.len() as u64;
        let e = by_kind.entry(kind).or_insert((0, String::new()));
        if size > e.0 {
            *e = (size, r.clone());
        }
    }
    pages.extend(by_kind.into_values().map(|(_, r)| r));
    pages
}

/// Runs axe on `pages` of the site at `out` (with a Tab walk); `None` when skipped.
fn audit(out: &Path, pages: &[String]) -> Option<serde_json::Value> {
    let root = out.to_string_lossy().into_owned();
    let mut args = vec!["--root", root.as_str(), "--keyboard"];
    args.extend(pages.iter().map(String::as_str));
    crate::support::browser::run("axe.mjs", &args)
}

/// Prints the violations by impact and by rule, then fails on any serious or critical one,
/// any interactive element the Tab key cannot reach and any without a focus indicator.
fn assert_accessible(label: &str, pages: &[String], result: &serde_json::Value) {
    let audited = result["pages"].as_array().expect("pages");
    assert_eq!(
        audited.len(),
        pages.len() * 4,
        "{label}: every page in 4 modes"
    );
    let mut by_impact: BTreeMap<String, u64> = BTreeMap::new();
    let mut failures = Vec::new();
    for p in audited {
        for v in p["violations"].as_array().unwrap() {
            let impact = v["impact"].as_str().unwrap_or("none").to_string();
            let count = v["count"].as_u64().unwrap_or(0);
            *by_impact.entry(impact.clone()).or_default() += count;
            if impact == "serious" || impact == "critical" {
                failures.push(format!(
                    "{} [{}] {} ({impact}) ×{count}: {} — {}",
                    p["url"], p["mode"], v["id"], v["targets"], v["summary"]
                ));
            }
        }
        if let Some(k) = p.get("keyboard") {
            for (key, examples) in [
                ("unreached", "unreachedExamples"),
                ("unstyled", "unstyledExamples"),
            ] {
                if k[key].as_u64() != Some(0) {
                    failures.push(format!("{}: Tab: {key} {}", p["url"], k[examples]));
                }
            }
        }
    }
    eprintln!(
        "axe on {label}: {} pages × 4 modes, violations by impact: {by_impact:?}",
        pages.len()
    );
    assert_eq!(
        result["blocked"].as_array().map(Vec::len),
        Some(0),
        "{label}"
    );
    assert!(failures.is_empty(), "{label}:\n{}", failures.join("\n"));
}

/// The search page given a query found something: axe saw highlighted results.
fn assert_search_found(result: &serde_json::Value) {
    let search = result["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["url"].as_str().unwrap_or("").starts_with("search.html"))
        .expect("the search page was audited");
    assert!(search["results"].as_u64().unwrap_or(0) > 0, "{search}");
}

#[test]
fn axe_finds_a_low_contrast_probe() {
    if crate::support::browser::skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let probe = "<!DOCTYPE html><html lang=\"en\"><head><title>probe</title></head><body>\
                 <main><p style=\"color:#bbb;background:#fff\">faint text</p></main></body></html>";
    std::fs::write(tmp.path().join("probe.html"), probe).unwrap();
    std::fs::write(tmp.path().join("404.html"), probe).unwrap();
    let Some(result) = audit(tmp.path(), &["probe.html".to_string()]) else {
        return;
    };
    for p in result["pages"].as_array().unwrap() {
        let ids: Vec<&str> = p["violations"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["id"].as_str())
            .collect();
        assert!(ids.contains(&"color-contrast"), "{p}");
    }
}

#[test]
fn example_and_fixture_pages_have_no_serious_axe_violations() {
    if crate::support::browser::skip() {
        return;
    }
    let (_tmp, root) = crate::support::example_site();
    let out = root.join("public");
    reviewsite::site::build(&crate::support::options(&root, &out, None)).expect("build");
    let pages = pages_of(&out, "route");
    let Some(result) = audit(&out, &pages) else {
        return;
    };
    assert_search_found(&result);
    assert_accessible("the example", &pages, &result);

    // The mixed fixture holds a CI failure digest, a kind the example lacks.
    let mixed = crate::support::manifest_dir().join("tests/fixtures/variants/mixed");
    let tmp = tempfile::tempdir().unwrap();
    reviewsite::site::build(&crate::support::options(&mixed, tmp.path(), None)).expect("build");
    let is_digest = |p: &String| {
        std::fs::read_to_string(tmp.path().join(p)).is_ok_and(|h| {
            h.contains("class=\"page page-review\"")
                && h.contains("class=\"kind kind-ci-failure-digest\"")
        })
    };
    let digest: Vec<String> = pages_of(tmp.path(), "ledger")
        .into_iter()
        .filter(|p| !p.contains('/') && is_digest(p))
        .collect();
    assert_eq!(digest.len(), 1, "the fixture has a CI digest page");
    let Some(result) = audit(tmp.path(), &digest) else {
        return;
    };
    assert_accessible("the CI digest", &digest, &result);
}

#[test]
fn corpus_pages_have_no_serious_axe_violations() {
    let Some(corpus) = crate::support::corpus_dir() else {
        assert!(
            std::env::var_os("REVIEWSITE_CORPUS").is_none(),
            "REVIEWSITE_CORPUS is set but names no folder"
        );
        eprintln!("skipped: no corpus at ../shared/corpus");
        return;
    };
    if crate::support::browser::skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&corpus, &tmp.path().join("content"));
    let out = tmp.path().join("out");
    reviewsite::site::build(&crate::support::options(tmp.path(), &out, None)).expect("build");
    let pages = pages_of(&out, "error");
    let Some(result) = audit(&out, &pages) else {
        return;
    };
    assert_search_found(&result);
    assert_accessible("the corpus", &pages, &result);
}
