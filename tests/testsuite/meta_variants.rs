//! The metadata, CI-digest and Markdown-hazard variants (`tests/fixtures/variants/meta/`,
//! invented reports): Author rows in their several forms (a name is kept, an e-mail
//! address never reaches a page, the search index, `reviews.json` or the sidecar export),
//! CI-failure digests (their own kind, a failed-job pill instead of a verdict, every job
//! section kept), GFM column alignment in every rendered table, and angle-bracket
//! placeholders in prose shown as text.

use crate::support::html;
use reviewsite::content::SourceReport;
use reviewsite::model::{Review, ReviewKind, SectionKind};
use reviewsite::parse::parse_report;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    crate::support::manifest_dir().join("tests/fixtures/variants/meta")
}

/// The fixture report `stem` parsed.
fn parsed(stem: &str) -> Review {
    let rel = format!("{stem}.md");
    let md = crate::support::read(&root().join("content").join(&rel));
    let p = parse_report(&SourceReport {
        id: stem.to_string(),
        rel_path: rel.clone(),
        path: PathBuf::from(rel),
        repo_hint: None,
        markdown: md,
        first_line: 1,
        front_matter: None,
        sidecar: None,
    });
    assert!(p.diagnostics.is_empty(), "{stem}: {:#?}", p.diagnostics);
    p.review
}

/// The fixture set built once per test into a temporary folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let report = reviewsite::site::build(&crate::support::options(&root(), &out, None))
        .expect("the fixture set builds");
    assert_eq!(report.reviews, 5, "{}", crate::support::show(&report));
    (tmp, out)
}

fn page(out: &Path, name: &str) -> String {
    crate::support::read(&out.join(name))
}

#[test]
fn the_fixture_set_passes_check_strict() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = reviewsite::site::check(&crate::support::options(
        &root(),
        &tmp.path().join("o"),
        None,
    ))
    .expect("check runs");
    assert!(
        reviewsite::diagnostics::failure(&report.diagnostics, true).is_none(),
        "{}",
        crate::support::show(&report)
    );
}

#[test]
fn author_rows_keep_name_and_handle() {
    let a = parsed("20260927-101500-pr-88")
        .meta
        .author
        .expect("an author");
    assert_eq!(
        (a.login.as_str(), a.name.as_deref()),
        ("", Some("Ana Lima"))
    );
    let a = parsed("20260928-090000-pr-91")
        .meta
        .author
        .expect("an author");
    assert_eq!(
        (a.login.as_str(), a.name.as_deref()),
        ("tkowalski", Some("Tomasz Kowalski"))
    );
    let a = parsed("20260929-080000-pr-93")
        .meta
        .author
        .expect("an author");
    assert_eq!(
        (a.login.as_str(), a.name.as_deref(), a.url.as_deref()),
        (
            "meichen",
            Some("Mei Chen"),
            Some("https://github.com/meichen")
        )
    );
    // The row as the page shows it: the name, no address.
    let r = parsed("20260927-101500-pr-88");
    let row = r.meta.rows.iter().find(|r| r.label == "Author").unwrap();
    assert_eq!(row.value, "Ana Lima");
}

#[test]
fn no_email_address_reaches_the_site_or_the_sidecar_export() {
    let (_tmp, out) = built();
    for file in [
        "20260927-101500-pr-88.html",
        "index.html",
        "search-index.js",
        "search/t0.js",
        "search/d0.js",
        "reviews.json",
        "feed.xml",
        // The report's own Markdown published beside its page.
        "20260927-101500-pr-88.md",
    ] {
        let text = page(&out, file);
        for bad in ["ana.lima@", "example.net"] {
            assert!(!text.contains(bad), "{file} shows {bad:?}");
        }
    }
    assert!(html::text(&page(&out, "20260927-101500-pr-88.html")).contains("Ana Lima"));
    // The search finds the author by name and by handle.
    let index = page(&out, "search/t0.js").to_lowercase();
    assert!(index.contains("lima") && index.contains("tkowalski"));
    let sidecar = reviewsite::extract::extract(&parsed("20260927-101500-pr-88"));
    let json = serde_json::to_string(&sidecar).unwrap();
    assert!(
        !json.contains("example.net") && !json.contains("ana.lima"),
        "{json}"
    );
    let sidecar = reviewsite::extract::extract(&parsed("20260928-090000-pr-91"));
    assert_eq!(sidecar.review.author.as_deref(), Some("tkowalski"));
}

#[test]
fn ci_failure_digests_are_their_own_kind_with_every_section() {
    let r = parsed("ci-failures-2026-w39");
    assert_eq!(r.kind, ReviewKind::CiFailureDigest);
    assert_eq!(r.failed_jobs, Some(7));
    assert_eq!(r.meta.date.as_deref(), Some("2026-09-27"));
    let titles: Vec<&str> = r.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Summary",
            "integration (macos-14)",
            "lint",
            "release-dry-run"
        ]
    );
    assert!(r.findings.is_empty());
    assert!(r.sections[1].body.contains("### Cause"));
    // The count stated only in the summary; the week in the Period row dates it.
    let r = parsed("week-40-failed-jobs");
    assert_eq!(r.kind, ReviewKind::CiFailureDigest);
    assert_eq!(r.failed_jobs, Some(2));
    assert_eq!(r.meta.date.as_deref(), Some("2026-10-04"));
    assert_eq!(r.sections[0].kind, SectionKind::ExecutiveSummary);
    assert!(r.sections[1].body.contains("### docs-links"));
    // A review is not a digest, whatever its summary says about CI.
    assert_eq!(parsed("20260927-101500-pr-88").kind, ReviewKind::PrReview);
}

#[test]
fn a_digest_shows_its_failed_jobs_not_a_verdict() {
    let (_tmp, out) = built();
    let index = page(&out, "index.html");
    assert!(
        index.contains("<span class=\"pill ci-jobs\" title=\"Failed CI jobs in the digest's period\">7 failed jobs</span>"),
        "index pill"
    );
    assert!(index.contains(">2 failed jobs</span>"));
    assert!(index.contains("<span class=\"kind kind-ci-failure-digest\">CI-failure digest</span>"));
    // The digests' rows carry no verdict pill (the reviews' do).
    assert_eq!(index.matches("pill verdict").count(), 3, "three reviews");
    let digest = page(&out, "ci-failures-2026-w39.html");
    assert!(
        !digest.contains("pill verdict"),
        "no verdict pill on the page"
    );
    assert!(digest.contains("<div class=\"verdict-box ci-jobs\">"));
    for id in [
        "summary",
        "integration-macos-14",
        "lint",
        "release-dry-run",
        "cause",
    ] {
        assert!(digest.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    let json: serde_json::Value = serde_json::from_str(&page(&out, "reviews.json")).unwrap();
    let kinds: Vec<&str> = json["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "ci-failure-digest").count(),
        2
    );
}

#[test]
fn table_column_alignment_is_kept_on_every_page() {
    let (_tmp, out) = built();
    let digest = page(&out, "ci-failures-2026-w39.html");
    for cell in [
        "<th class=\"al-l\">Workflow</th>",
        "<th class=\"al-r\">Failed jobs</th>",
        "<th class=\"al-c\">Failure rate</th>",
        "<td class=\"al-r\">64</td>",
        "<td class=\"al-c\">6.3%</td>",
        "<td class=\"al-r\">88120</td>",
        "<td class=\"al-l\">2026-09-21 08:02</td>",
    ] {
        assert!(digest.contains(cell), "{cell}");
    }
    let review = page(&out, "20260927-101500-pr-88.html");
    assert!(review.contains("<th class=\"al-r\">Delay (s)</th>"));
    assert!(review.contains("<td class=\"al-c\">±10%</td>"));
    let css = page(&out, "style.css");
    assert!(css.contains(".prose th.al-r, .prose td.al-r { text-align: right;"));
}

#[test]
fn angle_bracket_placeholders_are_shown_as_text() {
    let (_tmp, out) = built();
    let review = page(&out, "20260927-101500-pr-88.html");
    let text = html::text(&review);
    for shown in [
        "a Map<K, V> of mirrors",
        "set <your-token> before running it",
        "still says <instance> where the instance name belongs",
        "limactl start <instance>",
        "H2O stays markup",
    ] {
        assert!(text.contains(shown), "{shown:?} shown");
    }
    // Real tags stay markup.
    assert!(review.contains("H<sub>2</sub>O"));
    assert!(review.contains("Line one<br>line two"));
    let digest = page(&out, "ci-failures-2026-w39.html");
    assert!(digest.contains("flags <code>Result&lt;T, E&gt;</code> aliases"));
    assert!(html::text(&digest).contains("resolve the <previous-tag> placeholder"));
}
