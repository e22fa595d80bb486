//! Holdout reports: plausible variations of the deep-review format that the corpus does not
//! show (other repos, later revisions, other pipelines). Each fixture under
//! `tests/fixtures/holdout/content/` was written by us for this test; the assertions state
//! what a reader of the report would expect the site to show.
use crate::support::{assert_no_text_lost, counts, ids};

use reviewsite::content::{self, SourceReport};
use reviewsite::diagnostics::Diagnostic;
use reviewsite::model::*;
use reviewsite::parse::parse_report;
use reviewsite::site::build;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/holdout")
}

struct Case {
    md: String,
    review: Review,
    diags: Vec<Diagnostic>,
}

fn all() -> BTreeMap<String, Case> {
    let dir = fixture_dir().join("content");
    let loaded = content::load(&dir, &fixture_dir(), &[]);
    assert!(
        loaded.diagnostics.is_empty(),
        "content diagnostics: {:?}",
        loaded.diagnostics
    );
    let mut out = BTreeMap::new();
    for src in &loaded.reports {
        let p = parse_report(src);
        out.insert(
            src.id.clone(),
            Case {
                md: src.markdown.clone(),
                review: p.review,
                diags: p.diagnostics,
            },
        );
    }
    out
}

fn get<'a>(all: &'a BTreeMap<String, Case>, id: &str) -> &'a Case {
    all.get(id)
        .unwrap_or_else(|| panic!("no fixture {id}; have {:?}", all.keys()))
}

fn families(r: &Review) -> Vec<&str> {
    r.meta.reviewers.iter().map(|x| x.family.as_str()).collect()
}

fn paths(f: &Finding) -> Vec<Option<&str>> {
    f.locations.iter().map(|l| l.path.as_deref()).collect()
}

#[test]
fn every_holdout_report_keeps_its_text_and_stated_totals() {
    let all = all();
    assert!(all.len() >= 12, "{} fixtures", all.len());
    for (id, c) in &all {
        assert_no_text_lost(id, &c.md, &c.review);
        if let Some(st) = c.review.stated_counts {
            assert_eq!(st, c.review.counts, "{id}: stated vs parsed");
        }
        // Diagnostics never flood.
        assert!(c.diags.len() <= 3, "{id}: {:?}", c.diags);
        // Finding ids are unique.
        let mut seen = std::collections::HashSet::new();
        for f in &c.review.findings {
            assert!(seen.insert(f.id.clone()), "{id}: duplicate id {}", f.id);
        }
    }
}

#[test]
fn emoji_severity_headings_and_h4_dash_findings() {
    let all = all();
    let c = get(&all, "20260702-101500-pr-311");
    let r = &c.review;
    assert_eq!(r.kind, ReviewKind::PrReview);
    assert_eq!(ids(r), ["C1", "I1", "I2", "S1", "S2", "S3"]);
    assert_eq!(r.counts, counts(1, 2, 3));
    assert_eq!(r.stated_counts, Some(counts(1, 2, 3)));
    let c1 = &r.findings[0];
    assert_eq!(c1.title, "Final partial chunk is never flushed");
    assert_eq!(paths(c1), [Some("internal/export/stream.go")]);
    assert_eq!(
        c1.locations[0].ranges,
        [LineRange {
            start: 88,
            end: 104
        }]
    );
    assert_eq!(c1.agents, ["Codex GPT 5.6", "Claude Opus 4.8"]);
    assert_eq!(c1.code_blocks.len(), 1);
    assert!(c1.fix.is_some());
    assert_eq!(r.findings[2].tags, ["regression"]);
    // Metadata table with a `| Field | Value |` header and plain labels.
    assert_eq!(
        r.meta.repo.as_ref().map(|x| x.slug()).as_deref(),
        Some("harbor-labs/tidepool")
    );
    assert_eq!(r.meta.pr.as_ref().map(|p| p.number), Some(311));
    assert_eq!(r.meta.date.as_deref(), Some("2026-07-02T10:15"));
    assert_eq!(
        r.meta.author.as_ref().map(|a| a.login.as_str()),
        Some("mwexler")
    );
    assert_eq!(families(r), ["claude", "codex", "gemini"]);
    assert_eq!(r.meta.reviewers[1].effort.as_deref(), Some("xhigh"));
    let v = r.meta.verdict.as_ref().unwrap();
    assert_eq!(v.label, "Needs work");
    assert_eq!(v.class, VerdictClass::Rework);
    assert_eq!(r.meta.wall_clock_secs, Some(53 * 60 + 43));
    // `## Agent Retro` with agents as rows.
    let retro = r.retro.as_ref().expect("retro");
    assert_eq!(retro.metrics.len(), 3);
    assert_eq!(retro.metrics[0].family, "claude");
    assert_eq!(retro.metrics[0].duration_secs, Some(21 * 60 + 10));
    assert_eq!(retro.metrics[1].duration_secs, Some(34 * 60 + 5));
    assert_eq!(retro.metrics[2].duration_secs, None);
    assert_eq!(retro.metrics[0].findings, Some(counts(1, 1, 1)));
    assert_eq!(
        retro.metrics[0].tool_calls.as_ref().and_then(|t| t.total),
        Some(44)
    );
    assert!(c.diags.is_empty(), "{:?}", c.diags);
}

#[test]
fn findings_wrapper_with_count_suffixes_and_bracket_ids() {
    let all = all();
    let c = get(&all, "20260705-143000-pr-58");
    let r = &c.review;
    assert_eq!(ids(r), ["C1", "I1", "I2"]);
    assert_eq!(r.counts, counts(1, 2, 0));
    assert_eq!(r.stated_counts, Some(counts(1, 2, 0)));
    assert_eq!(
        r.findings[0].title,
        "Lock file rewritten with unstable ordering"
    );
    assert_eq!(r.findings[0].written_id.as_deref(), Some("C1"));
    let sev: Vec<Option<Severity>> = r
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Findings)
        .map(|s| s.severity)
        .collect();
    assert_eq!(
        sev,
        [
            Some(Severity::Critical),
            Some(Severity::Important),
            Some(Severity::Suggestion)
        ]
    );
    // Renamed metadata rows.
    assert_eq!(r.meta.date.as_deref(), Some("2026-07-05T14:30"));
    assert_eq!(
        r.meta.repo.as_ref().map(|x| x.slug()).as_deref(),
        Some("quayside/bollard")
    );
    let pr = r.meta.pr.as_ref().expect("pr from a bare URL");
    assert_eq!(pr.number, 58);
    assert_eq!(
        r.meta.review_sha.as_deref(),
        Some("9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345")
    );
    assert_eq!(families(r), ["claude", "qwen"]);
    let v = r.meta.verdict.as_ref().unwrap();
    assert_eq!(v.class, VerdictClass::Rework);
    assert_eq!(r.meta.wall_clock_secs, Some(3223));
    let retro = r.retro.as_ref().unwrap();
    assert_eq!(retro.agents.len(), 2);
    assert_eq!(retro.metrics.len(), 2);
    assert_eq!(retro.metrics[1].findings, Some(counts(0, 1, 0)));
    assert!(c.diags.is_empty(), "{:?}", c.diags);
}

#[test]
fn bullet_findings_under_high_medium_low() {
    let all = all();
    let c = get(&all, "20260708-090000-pr-1204");
    let r = &c.review;
    assert_eq!(ids(r), ["C1", "I1", "I2", "S1", "S2", "S3"]);
    assert_eq!(r.counts, counts(1, 2, 3));
    assert_eq!(r.stated_counts, Some(counts(1, 2, 3)), "(1C/2I/3S)");
    assert_eq!(
        r.findings[0].title,
        "Eviction deletes tiles still referenced by open readers"
    );
    assert_eq!(paths(&r.findings[0]), [Some("cache/evict.py")]);
    assert_eq!(r.findings[0].agents, ["GLM-5 Air"]);
    assert!(r.findings[0].body.contains("reader count"));
    assert!(r.findings[2].body.contains("background sweeper"));
    assert_eq!(
        r.findings[5].title,
        "Prefer `time.monotonic()` for age checks"
    );
    assert!(r.findings[5].locations.is_empty());
    let retro = r.retro.as_ref().unwrap();
    assert_eq!(retro.agents.len(), 2);
    assert_eq!(retro.metrics[1].family, "glm");
    assert_eq!(retro.metrics[1].false_positives, Some(2));
    assert!(c.diags.is_empty(), "{:?}", c.diags);
}

#[test]
fn front_matter_metadata_and_hard_break_findings() {
    let all = all();
    let c = get(&all, "20260710-164500-pr-57");
    let r = &c.review;
    assert!(r.front_matter.is_some());
    assert_eq!(r.title, "Review of PR #57: Parallel test shards");
    assert_eq!(r.kind, ReviewKind::PrReview);
    assert_eq!(r.meta.date.as_deref(), Some("2026-07-10T16:45"));
    assert_eq!(
        r.meta.repo.as_ref().map(|x| x.slug()).as_deref(),
        Some("ironbark/sprocket")
    );
    let pr = r.meta.pr.as_ref().unwrap();
    assert_eq!(pr.number, 57);
    assert_eq!(pr.title.as_deref(), Some("Parallel test shards"));
    assert_eq!(r.meta.round, Some(2));
    assert_eq!(families(r), ["claude", "codex"]);
    assert_eq!(
        r.meta.verdict.as_ref().map(|v| v.class),
        Some(VerdictClass::MergeWithFixes)
    );
    assert_eq!(r.meta.wall_clock_secs, Some(41 * 60 + 5));
    assert_eq!(ids(r), ["I1", "I2", "S1"]);
    assert_eq!(r.stated_counts, Some(counts(0, 2, 1)));
    assert_eq!(r.findings[0].title, "Shard weights ignore skipped tests");
    assert_eq!(paths(&r.findings[0]), [Some("planner/weights.rb")]);
    assert_eq!(r.findings[1].agents, ["Claude Opus 4.8"]);
    assert_eq!(r.findings[1].tags, ["regression"]);
    assert!(r.findings[1].body.contains("reappeared"));
    // Front matter stands in for the table: no "no metadata table" warning.
    assert!(
        !c.diags.iter().any(|d| d.message.contains("metadata")),
        "{:?}",
        c.diags
    );
}

#[test]
fn crlf_report_with_transposed_retro_and_status_resolution() {
    let all = all();
    let c = get(&all, "20260712-110000-pr-88");
    let r = &c.review;
    // The file has CRLF line ends; reading it makes them LF.
    let raw = std::fs::read(fixture_dir().join("content/20260712-110000-pr-88.md")).unwrap();
    assert!(raw.windows(2).any(|w| w == b"\r\n"));
    assert!(!c.md.contains('\r'));
    assert_eq!(ids(r), ["I1", "I2", "S1"]);
    assert_eq!(r.stated_counts, Some(counts(0, 2, 1)));
    assert_eq!(r.meta.round, Some(3));
    assert_eq!(r.meta.round_note.as_deref(), Some("(final)"));
    assert_eq!(r.meta.branch.as_deref(), Some("resume-upload"));
    assert_eq!(r.meta.branch_sha.as_deref(), Some("a1b2c3d4"));
    assert_eq!(r.meta.commits.len(), 2);
    assert_eq!(r.meta.commits[1].subject, "Add block checksums");
    assert_eq!(r.meta.wall_clock_secs, Some(38 * 60 + 12));
    assert_eq!(r.findings[2].locations.len(), 2);
    assert!(!r.findings[0].title.contains('\r'));
    let retro = r
        .retro
        .as_ref()
        .expect("`## Agent performance` is the retro");
    assert_eq!(retro.metrics.len(), 2);
    assert_eq!(retro.metrics[1].false_positives, Some(1));
    assert_eq!(retro.metrics[1].duration_secs, Some(22 * 60 + 3));
    let res = r.resolution.as_ref().unwrap();
    assert_eq!(res.addressed.as_deref(), Some("2026-07-13"));
    assert_eq!(res.actions.len(), 3);
    let i2 = &r.findings[1];
    let rs = i2.resolution.as_ref().expect("I2 resolution");
    assert_eq!(rs.action, ActionClass::Skipped);
    assert_eq!(rs.reason.as_deref(), Some("retry lives in the host tool"));
    assert_eq!(
        r.findings[0].resolution.as_ref().map(|x| x.action),
        Some(ActionClass::Fixed)
    );
    assert!(c.diags.is_empty(), "{:?}", c.diags);
}

#[test]
fn missing_title_and_raw_agent_output_appendix() {
    let all = all();
    let c = get(&all, "20260714-080000-pr-9");
    let r = &c.review;
    assert_eq!(r.title, "20260714-080000-pr-9");
    assert_eq!(r.meta.pr.as_ref().map(|p| p.number), Some(9));
    assert_eq!(
        r.meta.verdict.as_ref().map(|v| v.class),
        Some(VerdictClass::MergeAsIs)
    );
    assert_eq!(ids(r), ["S1", "S2"]);
    assert_eq!(r.stated_counts, Some(counts(0, 0, 2)));
    let labels: Vec<&str> = r.appendix.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["Codex (gpt-5.6)", "Claude (opus-4.8)"]);
    let fams: Vec<&str> = r.appendix.iter().map(|a| a.family.as_str()).collect();
    assert_eq!(fams, ["codex", "claude"]);
    // The agents' own `## Critical Issues` stay inside the appendix.
    assert!(r.appendix[0].markdown.contains("## Critical Issues"));
    assert_eq!(
        r.sections.last().map(|s| s.kind),
        Some(SectionKind::Appendix)
    );
    // Only the missing H1 is worth a warning.
    assert_eq!(c.diags.len(), 1, "{:?}", c.diags);
    assert!(c.diags[0].message.contains("no H1"));
}

#[test]
fn long_lines_nested_lists_urls_and_no_locations() {
    let all = all();
    let c = get(&all, "20260716-130000-pr-402");
    let r = &c.review;
    assert_eq!(ids(r), ["C1", "I1", "S1", "S2"]);
    assert_eq!(r.stated_counts, Some(counts(1, 1, 2)));
    let c1 = &r.findings[0];
    assert_eq!(c1.code_blocks.len(), 1);
    assert_eq!(c1.code_blocks[0].lang.as_deref(), Some("ts"));
    assert!(c1.code_blocks[0].code.contains("await s.send(msg);"));
    assert!(c1.body.contains("Deeper still"));
    assert!(c1.fix.as_deref().unwrap_or("").contains("high-water mark"));
    assert!(r.findings[1].locations.is_empty());
    assert_eq!(r.findings[1].agents, ["Claude Opus 4.8"]);
    let s1 = &r.findings[2];
    assert_eq!(s1.title, "Follow the upstream guidance on `bufferedAmount`");
    assert_eq!(s1.locations.len(), 1);
    assert!(s1.locations[0]
        .raw
        .starts_with("https://developer.mozilla.org/"));
    assert_eq!(s1.agents, ["Claude Opus 4.8"]);
    assert_eq!(paths(&r.findings[3]), [Some("relay/metrics.ts")]);
    assert!(c.diags.is_empty(), "{:?}", c.diags);
}

#[test]
fn location_variants_are_not_paths() {
    let all = all();
    let c = get(&all, "20260718-170000-pr-77");
    let r = &c.review;
    assert_eq!(ids(r), ["I1", "I2", "S1", "S2"]);
    let i1 = &r.findings[0];
    assert_eq!(paths(i1)[0], Some("build/targets.mk"));
    assert!(
        !paths(i1).contains(&Some("arm64")),
        "a variant name is not a path: {:?}",
        i1.locations
    );
    let i2 = &r.findings[1];
    assert_eq!(paths(i2), [Some("Dockerfile"), Some("Makefile")]);
    assert_eq!(i2.locations[0].ranges, [LineRange { start: 18, end: 22 }]);
    assert_eq!(
        paths(&r.findings[2]),
        [Some("ci/build.yml"), Some("ci/release.yml")]
    );
    assert_eq!(paths(&r.findings[3]), [Some("README")]);
}

#[test]
fn unstructured_notes_keep_everything_with_few_warnings() {
    let all = all();
    let c = get(&all, "20260720-120000-notes");
    let r = &c.review;
    assert_eq!(r.kind, ReviewKind::Other);
    assert!(r.findings.is_empty());
    assert!(r.sections.iter().all(|s| s.kind == SectionKind::Other));
    // No H1 and no metadata table: two warnings, not one per block.
    assert_eq!(c.diags.len(), 2, "{:?}", c.diags);
    let all_text = format!(
        "{} {}",
        r.preamble,
        r.sections
            .iter()
            .map(|s| format!("{} {}", s.title, s.body))
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert!(all_text.contains("nobody owns the deploy scripts"));
    assert!(all_text.contains("ship it after the cache fix"));
}

#[test]
fn tagged_nit_minor_low_findings_and_emoji_verdict() {
    let all = all();
    let c = get(&all, "20260722-150000-pr-19");
    let r = &c.review;
    assert_eq!(ids(r), ["S1", "S2", "S3"]);
    assert_eq!(r.counts, counts(0, 0, 3));
    assert_eq!(r.stated_counts, Some(counts(0, 0, 3)));
    assert_eq!(paths(&r.findings[0]), [Some("quota/check.go")]);
    assert_eq!(r.findings[0].title, "Comment still says \"soft limit\"");
    assert_eq!(r.findings[2].title, "Tests only cover the happy path");
    assert!(r.findings[1].fix.is_some());
    let v = r.meta.verdict.as_ref().unwrap();
    assert_eq!(v.class, VerdictClass::MergeAsIs);
    assert_eq!(v.label, "Merge as-is");
    assert!(c.diags.is_empty(), "{:?}", c.diags);
}

#[test]
fn supply_chain_scan_subsections_are_not_findings() {
    let all = all();
    let c = get(&all, "20260724-060000-supply-chain");
    let r = &c.review;
    assert_eq!(r.kind, ReviewKind::SupplyChainScan);
    assert!(r.findings.is_empty());
    assert_eq!(
        r.meta.verdict.as_ref().map(|v| v.class),
        Some(VerdictClass::Issues)
    );
    assert!(r.sections.iter().any(|s| s.title == "Open issues"));
    assert!(c.diags.is_empty(), "{:?}", c.diags);
}

#[test]
fn blockers_major_nits_and_converted_punctuation() {
    let all = all();
    let c = get(&all, "20260726-101010-pr-640");
    let r = &c.review;
    assert_eq!(
        r.meta.repo.as_ref().map(|x| x.slug()).as_deref(),
        Some("northwind/ledger")
    );
    assert_eq!(ids(r), ["C1", "I1", "S1", "S2"]);
    assert_eq!(r.stated_counts, Some(counts(1, 1, 2)));
    assert_eq!(
        r.findings[0].locations[0].ranges,
        [LineRange { start: 88, end: 97 }]
    );
    assert_eq!(r.findings[0].agents, ["Codex GPT 5.6", "Kimi K3"]);
    assert_eq!(families(r), ["claude", "codex", "kimi"]);
    assert_eq!(r.meta.wall_clock_secs, Some(3729));
    assert_eq!(
        r.meta.verdict.as_ref().map(|v| v.class),
        Some(VerdictClass::Rework)
    );
    let retro = r.retro.as_ref().unwrap();
    assert_eq!(retro.agents.len(), 3);
    assert_eq!(retro.metrics.len(), 3);
    assert_eq!(retro.metrics[2].family, "kimi");
    let fams: Vec<&str> = r.appendix.iter().map(|a| a.family.as_str()).collect();
    assert_eq!(fams, ["claude", "codex", "kimi"]);
    assert!(c.diags.is_empty(), "{:?}", c.diags);
}

#[test]
fn severity_section_names() {
    use reviewsite::parse::sections::classify;
    for (t, sev) in [
        ("🔴 Critical", Severity::Critical),
        ("Blockers", Severity::Critical),
        ("High", Severity::Important),
        ("Major issues", Severity::Important),
        ("🟠 Important", Severity::Important),
        ("Medium", Severity::Suggestion),
        ("Low", Severity::Suggestion),
        ("Nits", Severity::Suggestion),
        ("Critical (2)", Severity::Critical),
        ("Suggestions (0)", Severity::Suggestion),
    ] {
        assert_eq!(classify(t), (SectionKind::Findings, Some(sev)), "{t}");
    }
    assert_eq!(classify("High-level design").0, SectionKind::Other);
}

#[test]
fn holdout_site_builds_a_page_per_report() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixture_dir();
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
    let out = tmp.path().join("out");
    let opts = crate::support::options(tmp.path(), &out, None);
    let report = build(&opts).unwrap();
    let all = all();
    assert_eq!(report.reviews, all.len());
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for (id, c) in &all {
        let page = std::fs::read_to_string(out.join(format!("{id}.html")))
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(index.contains(&format!("{id}.html")), "{id} not in index");
        for f in &c.review.findings {
            assert!(
                page.contains(&format!("id=\"{}\"", f.id)),
                "{id}: no anchor {}",
                f.id
            );
        }
    }
}

#[test]
fn source_report_without_front_matter_helper() {
    // The same front-matter report parsed without its front matter still finds findings.
    let all = all();
    let c = get(&all, "20260710-164500-pr-57");
    let src = SourceReport {
        id: "x".into(),
        rel_path: "x.md".into(),
        path: PathBuf::from("x.md"),
        repo_hint: None,
        markdown: c.md.clone(),
        first_line: 1,
        front_matter: None,
        sidecar: None,
    };
    let p = parse_report(&src);
    assert_eq!(p.review.counts, counts(0, 2, 1));
    assert!(p
        .diagnostics
        .iter()
        .any(|d| d.message.contains("no metadata table")));
}

/// Prints corpus findings whose head spans lines or whose locations have no path, to
/// review the head/location rules by eye: `cargo test --test testsuite holdout_parse -- --ignored`.
#[test]
#[ignore]
fn dump_corpus_heads() {
    let dir = std::env::var("REVIEWSITE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/work/shared/corpus"));
    if !dir.is_dir() {
        println!("skipped: no corpus");
        return;
    }
    let loaded = content::load(&dir, &dir, &[]);
    for src in &loaded.reports {
        let p = parse_report(src);
        for f in &p.review.findings {
            let first_body = f.body.lines().next().unwrap_or("");
            println!(
                "{} {} HEAD {:?} BODY1 {:?}",
                src.id, f.id, f.head, first_body
            );
            for l in &f.locations {
                if l.path.is_none() {
                    println!("{} {} NOPATH {:?}", src.id, f.id, l.raw);
                }
            }
        }
    }
}

#[test]
fn severity_and_location_fields_in_finding_bodies() {
    let all = all();
    let c = get(&all, "20260728-190000-pr-2001");
    let r = &c.review;
    assert_eq!(ids(r), ["C1", "I1", "S1"]);
    assert_eq!(r.stated_counts, Some(counts(1, 1, 1)));
    assert_eq!(r.findings[0].title, "Batch flush races with shutdown");
    assert_eq!(paths(&r.findings[0]), [Some("beacon/batch.go")]);
    assert_eq!(r.findings[0].agents, ["Codex GPT 5.6"]);
    assert_eq!(paths(&r.findings[1]), [Some("beacon/config.go")]);
    assert_eq!(paths(&r.findings[2]), [Some("beacon/metrics.go")]);
    // Reviewers from a `## Reviewers` list.
    assert_eq!(families(r), ["claude", "codex", "devstral"]);
    assert_eq!(r.meta.reviewers[0].effort.as_deref(), Some("high"));
    assert_eq!(
        r.meta.verdict.as_ref().map(|v| v.class),
        Some(VerdictClass::MergeWithFixes)
    );
    assert!(c.diags.is_empty(), "{:?}", c.diags);
}

#[test]
fn truncated_holdout_reports_do_not_panic_or_lose_text() {
    let all = all();
    for (id, c) in &all {
        let md = &c.md;
        let mut cut = 0;
        while cut < md.len() {
            cut += 1 + (cut * 7919 + 13) % 211;
            let mut e = cut.min(md.len());
            while !md.is_char_boundary(e) {
                e -= 1;
            }
            let src = SourceReport {
                id: id.clone(),
                rel_path: "x.md".into(),
                path: PathBuf::from("x.md"),
                repo_hint: None,
                markdown: md[..e].to_string(),
                first_line: 1,
                front_matter: None,
                sidecar: None,
            };
            let p = parse_report(&src);
            assert_no_text_lost(id, &md[..e], &p.review);
            assert!(
                p.diagnostics.len() <= 4,
                "{id} cut {e}: {:?}",
                p.diagnostics
            );
        }
    }
}
