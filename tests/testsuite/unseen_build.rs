//! Reports of formats the corpus does not show (a later revision with heading-style
//! findings and a Review SHA row; a digest of an unknown kind) still build into pages with
//! their structure recognised where possible and every section kept.

use reviewsite::model::{ReviewKind, SeverityCounts};
use reviewsite::site::{build, BuildOptions};
use std::path::Path;

fn fixture() -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unseen");
    let tmp = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&src).unwrap();
        let dst = tmp.path().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
    tmp
}

#[test]
fn later_revision_is_parsed() {
    let site = fixture();
    let opts = BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let loaded = reviewsite::site::load(&opts).unwrap();
    let r = loaded
        .reviews
        .iter()
        .find(|r| r.id == "20260901-091500-pr-812")
        .unwrap();
    assert_eq!(r.kind, ReviewKind::PrReview);
    assert_eq!(
        r.counts,
        SeverityCounts {
            critical: 1,
            important: 1,
            suggestion: 2
        }
    );
    assert_eq!(r.stated_counts, Some(r.counts));
    let ids: Vec<&str> = r.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["C1", "I1", "S1", "S2"]);
    assert_eq!(
        r.meta.review_sha.as_deref(),
        Some("4be1c0ffee5d1e2a3b4c5d6e7f8091a2b3c4d5e6")
    );
    assert_eq!(r.meta.round, Some(3));
    assert_eq!(r.meta.wall_clock_secs, Some(3725));
    assert_eq!(r.meta.commits.len(), 2);
    let families: Vec<&str> = r.meta.reviewers.iter().map(|x| x.family.as_str()).collect();
    assert_eq!(families, ["claude", "codex", "kimi"]);
    let c1 = &r.findings[0];
    assert_eq!(c1.locations[0].path.as_deref(), Some("src/cache.rs"));
    assert_eq!(c1.agents, ["Codex GPT 6", "Kimi K3"]);
    assert_eq!(r.findings[1].locations.len(), 2);
    assert_eq!(
        r.appendix.len(),
        3,
        "appendix agents: {:?}",
        r.appendix.iter().map(|a| &a.label).collect::<Vec<_>>()
    );
    assert!(
        r.sections.iter().any(|s| s.title == "Risk Matrix"),
        "unknown section kept"
    );
    let retro = r.retro.as_ref().unwrap();
    assert_eq!(retro.metrics.len(), 3);
    assert_eq!(
        retro.metrics[2].duration_secs, None,
        "an em dash is unknown, not zero"
    );
}

#[test]
fn unknown_kind_gets_a_page_and_an_index_entry() {
    let site = fixture();
    let out = site.path().join("out");
    let opts = crate::support::options(site.path(), &out, None);
    let report = build(&opts).unwrap();
    assert_eq!(report.reviews, 2);
    let page = std::fs::read_to_string(out.join("20260910-120000-weekly-digest.html")).unwrap();
    assert!(page.contains("Highlights") && page.contains("Codex found both criticals this week"));
    let pr = std::fs::read_to_string(out.join("20260901-091500-pr-812.html")).unwrap();
    for id in ["C1", "I1", "S1", "S2"] {
        assert!(pr.contains(&format!("id=\"{id}\"")), "no anchor {id}");
    }
    assert!(pr.contains("Risk Matrix"));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("20260910-120000-weekly-digest.html"));
    assert!(index.contains("20260901-091500-pr-812.html"));
    assert!(out.join("repos/octo/widgets/pr-812/index.html").is_file());
}
