//! The agent pages: on the corpus, the leaderboard lists every agent family seen and its
//! totals equal the sums of the per-review metrics tables (recomputed here from the parsed
//! reviews, not through the aggregation module); a run that produced nothing counts as a
//! format failure, not as zero findings (our fixture); the charts are valid SVG with
//! titles; every link of the built pages resolves.

use regex::Regex;
use reviewsite::model::{AgentMetrics, MetricField, Review};
use reviewsite::site::{build, load};
use reviewsite::text::names::agent_family;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Builds `root` into a temp folder; returns the guard, the output folder and the reviews.
fn build_site(root: &Path) -> (tempfile::TempDir, PathBuf, Vec<Review>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let opts = crate::support::options(root, &out, None);
    let report = build(&opts).expect("site builds");
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let reviews = load(&opts).expect("site loads").reviews;
    (tmp, out, reviews)
}

fn corpus_site() -> Option<tempfile::TempDir> {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus");
        return None;
    };
    let tmp = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&corpus.join("lima"), &tmp.path().join("content"));
    Some(tmp)
}

fn fixture_root() -> PathBuf {
    crate::support::manifest_dir().join("tests/fixtures/agents")
}

/// The rows of one leaderboard table: row key -> (column -> data-value).
fn table_rows(html: &str, table: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let start = html
        .find(&format!("id=\"table-{table}\""))
        .unwrap_or_else(|| panic!("no table {table}"));
    let end = start + html[start..].find("</table>").expect("table ends");
    let body = &html[start..end];
    let row_re = Regex::new(r#"(?s)<tr data-agent="([^"]*)"[^>]*>(.*?)</tr>"#).unwrap();
    let cell_re = Regex::new(r#"data-col="([^"]*)" data-value="([^"]*)""#).unwrap();
    row_re
        .captures_iter(body)
        .map(|c| {
            let cells = cell_re
                .captures_iter(&c[2])
                .map(|k| (k[1].to_string(), k[2].to_string()))
                .collect();
            (c[1].to_string(), cells)
        })
        .collect()
}

/// A run without usable output, by the documented rule.
fn failed(m: &AgentMetrics) -> bool {
    m.no_output || m.status.is_some_and(|s| s.is_failure())
}

/// Per-family sums computed from the model, from scratch, by the documented rules.
#[derive(Debug, Default)]
struct Expected {
    reviews: u64,
    failures: u64,
    critical: Option<u64>,
    important: Option<u64>,
    suggestion: Option<u64>,
    unique: Option<u64>,
    false_positives: Option<u64>,
    tool_calls: Option<u64>,
}

fn add(slot: &mut Option<u64>, v: Option<u32>) {
    if let Some(v) = v {
        *slot = Some(slot.unwrap_or(0) + v as u64);
    }
}

fn expected(reviews: &[Review]) -> BTreeMap<String, Expected> {
    let mut out: BTreeMap<String, Expected> = BTreeMap::new();
    for r in reviews {
        let mut families: BTreeSet<String> =
            r.meta.reviewers.iter().map(|v| v.family.clone()).collect();
        if let Some(retro) = &r.retro {
            families.extend(retro.metrics.iter().map(|m| m.family.clone()));
            families.extend(retro.agents.iter().map(|a| a.family.clone()));
            for m in &retro.metrics {
                let e = out.entry(m.family.clone()).or_default();
                // A partial total (a pass unknown) is left out, like an unknown cell.
                let whole = |f: MetricField| !m.partial.contains(f);
                add(
                    &mut e.tool_calls,
                    m.tool_calls
                        .as_ref()
                        .and_then(|t| t.total)
                        .filter(|_| whole(MetricField::ToolCalls)),
                );
                if failed(m) {
                    e.failures += 1;
                    continue;
                }
                let findings = m.findings.filter(|_| whole(MetricField::Findings));
                add(&mut e.critical, findings.map(|f| f.critical));
                add(&mut e.important, findings.map(|f| f.important));
                add(&mut e.suggestion, findings.map(|f| f.suggestion));
                add(
                    &mut e.unique,
                    m.unique_insights
                        .filter(|_| whole(MetricField::UniqueInsights)),
                );
                add(
                    &mut e.false_positives,
                    m.false_positives
                        .filter(|_| whole(MetricField::FalsePositives)),
                );
            }
        }
        for f in families.into_iter().filter(|f| !f.is_empty()) {
            out.entry(f).or_default().reviews += 1;
        }
    }
    out
}

fn value(cells: &BTreeMap<String, String>, col: &str) -> Option<u64> {
    let v = cells.get(col).unwrap_or_else(|| panic!("no cell {col}"));
    if v.is_empty() {
        None
    } else {
        Some(v.parse().unwrap_or_else(|_| panic!("{col}: {v:?}")))
    }
}

fn assert_totals(html: &str, reviews: &[Review]) {
    let rows = table_rows(html, "families");
    let want = expected(reviews);
    let seen: BTreeSet<&String> = rows.keys().collect();
    let families: BTreeSet<&String> = want.keys().collect();
    assert_eq!(seen, families, "the leaderboard lists every family seen");
    for (fam, e) in &want {
        let cells = &rows[fam];
        let got = |col: &str| value(cells, col);
        assert_eq!(got("reviews"), Some(e.reviews), "{fam}: reviews");
        assert_eq!(got("failures"), Some(e.failures), "{fam}: format failures");
        assert_eq!(got("critical"), e.critical, "{fam}: critical");
        assert_eq!(got("important"), e.important, "{fam}: important");
        assert_eq!(got("suggestion"), e.suggestion, "{fam}: suggestions");
        let total = e
            .critical
            .map(|c| c + e.important.unwrap_or(0) + e.suggestion.unwrap_or(0));
        assert_eq!(got("findings"), total, "{fam}: findings");
        assert_eq!(got("unique"), e.unique, "{fam}: unique insights");
        assert_eq!(got("false-positives"), e.false_positives, "{fam}: FPs");
        assert_eq!(got("tool-calls"), e.tool_calls, "{fam}: tool calls");
    }
}

/// Every `<svg>` of a page parses as XML and has a non-empty `<title>` and `role="img"`, or
/// `role="group"` when it holds links (an `img` may not contain interactive elements).
fn assert_charts(html: &str, at_least: usize) {
    let re = Regex::new(r"(?s)<svg .*?</svg>").unwrap();
    let svgs: Vec<&str> = re.find_iter(html).map(|m| m.as_str()).collect();
    assert!(svgs.len() >= at_least, "{} charts", svgs.len());
    for svg in svgs {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let root = doc.root_element();
        let links = root.descendants().any(|n| n.has_tag_name("a"));
        let role = if links { "group" } else { "img" };
        assert_eq!(root.attribute("role"), Some(role));
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap_or("");
        assert!(!title.trim().is_empty(), "chart without a title");
        assert!(root.children().any(|n| n.has_tag_name("desc")));
        assert!(
            root.descendants().any(|n| n.has_tag_name("text")),
            "chart without axis labels"
        );
    }
}

#[test]
fn corpus_leaderboard_lists_every_family_and_sums_the_tables() {
    let Some(site) = corpus_site() else {
        return;
    };
    let (_tmp, out, reviews) = build_site(site.path());
    let html = crate::support::read(&out.join("agents/index.html"));
    assert_totals(&html, &reviews);
    // Every family seen anywhere in the reports has its own page.
    for r in &reviews {
        for v in &r.meta.reviewers {
            let fam = agent_family(&v.name);
            assert!(
                out.join(format!("agents/{fam}.html")).is_file(),
                "no page for {fam}"
            );
        }
    }
    assert_charts(&html, 3);
    let problems = crate::support::linkcheck::check_site(&out, "");
    let ours: Vec<&String> = problems
        .iter()
        .filter(|p| p.contains("agents/") || p.contains("repos/"))
        .collect();
    assert!(ours.is_empty(), "{ours:#?}");
}

#[test]
fn a_run_without_output_is_a_format_failure_not_zero_findings() {
    let (_tmp, out, reviews) = build_site(&fixture_root());
    let html = crate::support::read(&out.join("agents/index.html"));
    assert_totals(&html, &reviews);
    let rows = table_rows(&html, "families");
    let gemma = &rows["gemma"];
    assert_eq!(value(gemma, "reviews"), Some(2));
    assert_eq!(value(gemma, "failures"), Some(1));
    // Only the run with output counts: one suggestion from one run, not two runs.
    assert_eq!(value(gemma, "findings"), Some(1));
    assert_eq!(
        rows["gemma"]["per-review"], "1.0000",
        "findings per usable run"
    );
    // Unknown stays unknown: no run states Gemma's downgrades.
    assert_eq!(value(gemma, "downgrades"), None);
    // Durations count the failed run too (25 min + 9.5 min).
    assert_eq!(value(gemma, "total-duration"), Some(25 * 60 + 9 * 60 + 30));
    // Outcome: Claude's I1 was fixed and S1 skipped in the report with a Resolution.
    let claude_fixed = rows["claude"]["fixed"].parse::<f64>().unwrap();
    let claude_skipped = rows["claude"]["skipped"].parse::<f64>().unwrap();
    assert!((claude_fixed - 0.5).abs() < 1e-9, "{claude_fixed}");
    assert!((claude_skipped - 0.5).abs() < 1e-9, "{claude_skipped}");
    // The model table names versions.
    let models = table_rows(&html, "models");
    assert!(models.contains_key("gemma/4 31b"), "{:?}", models.keys());
    // The family page shows the failure, newest first, with the retro paragraph.
    let page = crate::support::read(&out.join("agents/gemma.html"));
    assert_eq!(page.matches("format failure</span>").count(), 1);
    let runs = &page[page.find("id=\"runs\"").expect("runs section")..];
    let newer = runs
        .find("20260605-090000-pr-9")
        .expect("newer review listed");
    let older = runs
        .find("20260601-100000-pr-7")
        .expect("older review listed");
    assert!(newer < older, "newest first");
    assert!(page.contains("empty review file"), "retro paragraph shown");
    // Report text is escaped or sanitised: hostile HTML in prose is shown as text.
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<script>alert"));
    for tag in crate::support::html::start_tags(&page) {
        assert!(tag.name != "img", "{tag:?}");
        assert!(
            tag.attrs.iter().all(|(n, _)| !n.starts_with("on")),
            "{tag:?}"
        );
    }
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert_charts(&page, 2);
    // The repository page has the agent table.
    let repo = crate::support::read(&out.join("repos/acme/widgets/index.html"));
    assert!(repo.contains("id=\"repo-agents\""));
    assert!(repo.contains("href=\"../../../agents/gemma.html\""));
    assert!(crate::support::linkcheck::check_site(&out, "").is_empty());
}

#[test]
fn sorted_copies_order_rows_by_their_column() {
    let (_tmp, out, _) = build_site(&fixture_root());
    let order_re = Regex::new(r#"<tr data-agent="([^"]*)""#).unwrap();
    for (file, desc) in [("by-findings.html", true), ("by-findings-asc.html", false)] {
        let html = crate::support::read(&out.join("agents").join(file));
        let rows = table_rows(&html, "families");
        let start = html.find("id=\"table-families\"").unwrap();
        let keys: Vec<String> = order_re
            .captures_iter(&html[start..])
            .map(|c| c[1].to_string())
            .take(rows.len())
            .collect();
        let values: Vec<u64> = keys
            .iter()
            .map(|k| value(&rows[k], "findings").unwrap())
            .collect();
        let mut sorted = values.clone();
        sorted.sort_unstable();
        if desc {
            sorted.reverse();
        }
        assert_eq!(values, sorted, "{file}");
        assert!(html.contains("aria-sort=\"") && html.contains("href=\"index.html\""));
    }
    // The main page links each heading to a sorted copy, and every copy exists.
    let index = crate::support::read(&out.join("agents/index.html"));
    let href = Regex::new(r#"data-sort-col="[^"]*""#).unwrap();
    assert!(href.find_iter(&index).count() >= 20);
    assert!(out.join("agents/by-reviews-asc.html").is_file());
    assert!(out.join("agents/by-fp-rate.html").is_file());
}

#[test]
fn headings_sort_in_place_with_script_in_chromium() {
    if crate::support::browser::skip() {
        return;
    }
    let (_tmp, out, _) = build_site(&fixture_root());
    let url = crate::support::browser::file_url(&out.join("agents/index.html"));
    let Some(result) = crate::support::browser::run("agents_sort.mjs", &[&url]) else {
        return;
    };
    let nums = |key: &str| -> Vec<u64> {
        result[key]
            .as_array()
            .expect(key)
            .iter()
            .map(|v| v.as_str().unwrap().parse().unwrap())
            .collect()
    };
    let first = nums("first");
    let mut desc = first.clone();
    desc.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(first, desc, "first click sorts highest first");
    assert_eq!(result["firstSort"], "descending");
    let second = nums("second");
    let mut asc = second.clone();
    asc.sort_unstable();
    assert_eq!(second, asc, "second click reverses");
    assert!(
        result["finalUrl"]
            .as_str()
            .unwrap()
            .ends_with("agents/index.html"),
        "{}",
        result["finalUrl"]
    );
    for key in ["consoleErrors", "pageErrors", "blocked"] {
        assert_eq!(
            result[key].as_array().map(Vec::len),
            Some(0),
            "{key}: {}",
            result[key]
        );
    }
}
