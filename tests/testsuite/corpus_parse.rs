//! Parses every corpus report and checks structure, counts, metadata, resolution, appendix,
//! anchors and that no text is lost; plus self-made fixtures for unseen formats.

use crate::support::assert_no_text_lost;

use reviewsite::content::SourceReport;
use reviewsite::model::*;
use reviewsite::parse::agents;
use reviewsite::parse::{parse_report, Parsed};
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let mut cands = Vec::new();
    if let Ok(p) = std::env::var("REVIEWSITE_CORPUS") {
        cands.push(PathBuf::from(p));
    }
    cands.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    cands.push(PathBuf::from("/work/shared/corpus"));
    cands.into_iter().find(|p| p.is_dir())
}

fn source(id: &str, rel: &str, md: &str) -> SourceReport {
    SourceReport {
        id: id.to_string(),
        rel_path: rel.to_string(),
        path: PathBuf::from(rel),
        repo_hint: None,
        markdown: md.to_string(),
        first_line: 1,
        front_matter: None,
        sidecar: None,
    }
}

fn corpus() -> Option<Vec<(String, String, Parsed)>> {
    let dir = corpus_dir()?;
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.ok()?;
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let md = std::fs::read_to_string(p).ok()?;
        let id = p.file_stem()?.to_string_lossy().into_owned();
        let rel = format!("lima/{id}.md");
        let parsed = parse_report(&source(&id, &rel, &md));
        out.push((id, md, parsed));
    }
    Some(out)
}

#[test]
#[ignore]
fn dump_corpus() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    for (id, _, p) in &all {
        let r = &p.review;
        println!(
            "== {id} kind={:?} C{} I{} S{} stated={:?} appendix={} design={:?}",
            r.kind,
            r.counts.critical,
            r.counts.important,
            r.counts.suggestion,
            r.stated_counts
                .map(|s| (s.critical, s.important, s.suggestion)),
            r.appendix.len(),
            r.design
                .as_ref()
                .map(|d| (d.concerns.len(), d.strengths.len()))
        );
        for s in &r.sections {
            println!("   [{:?}] {} #{} L{}", s.kind, s.title, s.anchor, s.line);
        }
        for f in &r.findings {
            println!(
                "   {} ({:?}) {} | locs={:?} agents={:?} tags={:?} notes={:?} code={} fix={}",
                f.id,
                f.written_id,
                f.title,
                f.locations
                    .iter()
                    .map(|l| l.raw.as_str())
                    .collect::<Vec<_>>(),
                f.agents,
                f.tags,
                f.notes,
                f.code_blocks.len(),
                f.fix.is_some()
            );
        }
        for a in &r.appendix {
            println!(
                "   agent {} fam={} pass={:?} L{}",
                a.label, a.family, a.pass, a.line
            );
        }
        for d in &p.diagnostics {
            println!("   DIAG {d}");
        }
    }
}

#[test]
#[ignore]
fn dump_blocks() {
    let f = std::env::var("DUMP_FILE").unwrap_or_default();
    let from: usize = std::env::var("DUMP_FROM")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let md = std::fs::read_to_string(&f).unwrap();
    let doc = reviewsite::parse::blocks::walk(&md);
    let li = reviewsite::parse::blocks::LineIndex::new(&md, 1);
    for b in &doc.blocks {
        let l = li.line(b.range.start);
        if l >= from && l < from + 120 {
            println!(
                "L{} {:?} {:?}",
                l,
                b.kind,
                md.get(b.range.clone()).unwrap_or("").lines().next()
            );
        }
    }
}

fn get<'a>(all: &'a [(String, String, Parsed)], id: &str) -> &'a Parsed {
    &all.iter()
        .find(|(i, _, _)| i == id)
        .unwrap_or_else(|| panic!("corpus report {id} missing"))
        .2
}

/// Counts read from each report by hand (critical, important, suggestion).
const PINNED: &[(&str, u32, u32, u32)] = &[
    ("20260313-000000-shell-sync", 3, 7, 4),
    ("20260315-221940-pr-4637", 1, 4, 3),
    ("20260327-102152-pr-4419", 0, 4, 4),
    ("20260327-223819-pr-4637", 0, 5, 4),
    ("20260329-220049-pr-4419", 0, 3, 2),
    ("20260401-213317-pr-4637", 3, 3, 7),
    ("20260405-002704-pr-4799", 0, 5, 2),
    ("20260405-135529-pr-4799", 0, 2, 3),
    ("20260414-134852-pr-4831", 0, 0, 7),
    ("20260420-120300-pr-4831", 0, 0, 4),
    ("20260424-190657-pr-4885", 0, 2, 10),
    ("20260426-165750-pr-4889", 0, 2, 2),
    ("20260429-132320-supply-chain", 0, 0, 0),
    ("20260501-221035-pr-4917", 0, 3, 7),
    ("20260512-213934-pr-4967", 0, 1, 5),
    ("20260515-184528-fix-ga-sock-reconnect", 0, 1, 4),
    ("20260517-130016-windows-plain-ci", 0, 3, 9),
    ("20260518-233828-pr-4911", 0, 3, 2),
    ("20260519-084740-pr-5013", 2, 14, 11),
    ("20260519-100641-pr-4985", 0, 7, 10),
    ("20260519-183659-pr-4996", 0, 8, 7),
    ("20260519-210030-pr-4991", 1, 3, 11),
    ("20260521-115429-pr-5022", 2, 6, 12),
    ("20260521-135357-pr-5021", 0, 6, 11),
];

#[test]
fn every_corpus_report_parses_with_structure() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    assert!(
        all.len() >= 24,
        "expected the 24 corpus reports, got {}",
        all.len()
    );
    for (id, _, p) in &all {
        let r = &p.review;
        assert!(!r.title.is_empty(), "{id}: empty title");
        assert!(r.title.contains(id.as_str()), "{id}: title {:?}", r.title);
        assert_ne!(r.kind, ReviewKind::Other, "{id}: kind not recognised");
        assert!(!r.sections.is_empty(), "{id}: no sections");
        assert!(!r.meta.rows.is_empty(), "{id}: no metadata rows");
        assert!(r.meta.verdict.is_some(), "{id}: no verdict");
        assert!(r.meta.date.is_some(), "{id}: no date");
        // The functionality review names no repository anywhere.
        if !id.ends_with("shell-sync") {
            assert_eq!(
                r.meta.repo.as_ref().map(|x| x.slug()).as_deref(),
                Some("lima-vm/lima"),
                "{id}: repo"
            );
        }
        for f in &r.findings {
            assert!(!f.title.is_empty(), "{id}: finding without title");
            assert!(f.severity.is_some(), "{id} {}: no severity", f.id);
            assert!(!f.agents.is_empty(), "{id} {}: no agents", f.id);
            assert!(!f.locations.is_empty(), "{id} {}: no location", f.id);
            assert!(
                !f.title.starts_with("**"),
                "{id} {}: bold markers in title",
                f.id
            );
            assert_eq!(r.sections[f.section].kind, SectionKind::Findings);
        }
        assert!(
            !p.diagnostics
                .iter()
                .any(|d| d.message.contains("no metadata table")),
            "{id}: {:?}",
            p.diagnostics
        );
    }
}

#[test]
fn counts_match_stated_and_pinned_totals() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    let mut stated = 0;
    for (id, _, p) in &all {
        let r = &p.review;
        if let Some(s) = r.stated_counts {
            stated += 1;
            assert_eq!(s, r.counts, "{id}: stated {s:?} vs parsed {:?}", r.counts);
        }
        let pin = PINNED
            .iter()
            .find(|x| x.0 == id)
            .unwrap_or_else(|| panic!("{id}: no pinned counts"));
        assert_eq!(
            (r.counts.critical, r.counts.important, r.counts.suggestion),
            (pin.1, pin.2, pin.3),
            "{id}: counts"
        );
        assert_eq!(r.counts.total() as usize, r.findings.len());
        assert!(
            !p.diagnostics
                .iter()
                .any(|d| d.message.contains("summary states")),
            "{id}: {:?}",
            p.diagnostics
        );
    }
    assert!(stated >= 9, "only {stated} reports state their totals");
}

#[test]
fn finding_ids_are_unique_and_follow_the_report() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    for (id, _, p) in &all {
        let mut seen = std::collections::HashSet::new();
        for f in &p.review.findings {
            assert!(
                seen.insert(f.id.clone()),
                "{id}: duplicate finding id {}",
                f.id
            );
            let sev = f.severity.unwrap();
            assert!(f.id.starts_with(sev.letter()), "{id}: {} is {sev:?}", f.id);
        }
    }
    // Numbered findings (`1.` restarting per section) get C1, I1..I4, S1..S3.
    let r = &get(&all, "20260315-221940-pr-4637").review;
    let ids: Vec<&str> = r.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["C1", "I1", "I2", "I3", "I4", "S1", "S2", "S3"]);
    assert_eq!(r.findings[2].written_id.as_deref(), Some("2"));
    assert_eq!(
        r.findings[2].title,
        "Compressed images bypass cache conversion"
    );
    let loc = &r.findings[2].locations[0];
    assert_eq!(loc.path.as_deref(), Some("pkg/downloader/downloader.go"));
    assert_eq!(
        loc.ranges,
        vec![
            LineRange {
                start: 283,
                end: 283
            },
            LineRange {
                start: 390,
                end: 390
            }
        ]
    );
    // The finding body holds the fence and the Fix paragraph, and nothing of the next one.
    let f = &r.findings[1];
    assert!(f.body.contains("origStat, _ := os.Stat(shadData)"));
    assert!(!f.body.contains("Compressed images bypass"));
    assert_eq!(f.code_blocks.len(), 2);
    assert_eq!(f.code_blocks[0].lang.as_deref(), Some("go"));
    assert!(f
        .fix
        .as_deref()
        .unwrap()
        .starts_with("Fix: Check the error."));
    assert!(f.fix.as_deref().unwrap().contains("needConvert = true"));

    // `[CRITICAL]` tags get ids in order of appearance.
    let r = &get(&all, "20260313-000000-shell-sync").review;
    assert_eq!(r.findings[0].id, "C1");
    assert_eq!(r.findings[3].id, "I1");
    assert_eq!(r.findings[3].severity, Some(Severity::Important));
    assert_eq!(
        r.findings[4].locations[0].ranges,
        vec![
            LineRange { start: 72, end: 80 },
            LineRange {
                start: 120,
                end: 136
            }
        ]
    );
    assert_eq!(r.findings[2].agents.len(), 3);

    // Written ids reach two digits; tags and notes.
    let r = &get(&all, "20260519-100641-pr-4985").review;
    assert!(r.findings.iter().any(|f| f.id == "S10"));
    let r = &get(&all, "20260405-002704-pr-4799").review;
    assert_eq!(r.findings[0].tags, vec!["regression"]);
    assert_eq!(r.findings[1].tags, vec!["gap"]);
    let r = &get(&all, "20260401-213317-pr-4637").review;
    assert!(r
        .findings
        .iter()
        .any(|f| f.notes.iter().any(|n| n == "pass 2")));
    // A body's own numbered list is not a finding (I2 of 4985 has one).
    let r = &get(&all, "20260519-100641-pr-4985").review;
    let i2 = r.findings.iter().find(|f| f.id == "I2").unwrap();
    assert!(i2.body.contains("1. PowerShell single-quoted strings"));
}

#[test]
fn metadata_fields() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    let m = &get(&all, "20260405-002704-pr-4799").review.meta;
    assert_eq!(m.date.as_deref(), Some("2026-04-05T00:27"));
    assert_eq!(m.round, Some(1));
    assert_eq!(m.author.as_ref().unwrap().login, "opjt");
    assert_eq!(m.author.as_ref().unwrap().url, None);
    let pr = m.pr.as_ref().unwrap();
    assert_eq!(pr.number, 4799);
    assert_eq!(
        pr.title.as_deref(),
        Some("fix(shell): check if mounts contain hostCurrentDir, not just len > 0")
    );
    assert_eq!(m.branch.as_deref(), Some("fix/shell-mounts-contain-path"));
    assert_eq!(m.commits.len(), 2);
    assert_eq!(m.commits[0].sha, "67725aca");
    assert_eq!(
        m.verdict.as_ref().unwrap().class,
        VerdictClass::MergeWithFixes
    );

    let r = &get(&all, "20260327-223819-pr-4637").review;
    let pr = r.meta.pr.as_ref().unwrap();
    assert_eq!(
        pr.title.as_deref(),
        Some("Ensure only RAW images in cache(`imgconv/raw`) while keeping the original image")
    );
    assert_eq!(r.meta.round, Some(2));
    assert_eq!(r.meta.round_note.as_deref(), Some("(of PR #4637)"));

    // Repo row missing: taken from the PR URL.
    let r = &get(&all, "20260315-221940-pr-4637").review;
    assert!(!r.meta.rows.iter().any(|x| x.label == "Repo"));
    assert_eq!(r.meta.repo.as_ref().unwrap().slug(), "lima-vm/lima");
    assert_eq!(r.meta.verdict.as_ref().unwrap().class, VerdictClass::Rework);

    let r = &get(&all, "20260517-130016-windows-plain-ci").review;
    assert_eq!(r.kind, ReviewKind::BranchReview);
    assert_eq!(r.meta.commits.len(), 13);
    assert_eq!(r.meta.commits[12].sha, "4649f5ab");
    assert!(r.meta.rows.iter().any(|x| x.value.contains("<br>")));

    let r = &get(&all, "20260429-132320-supply-chain").review;
    assert_eq!(r.kind, ReviewKind::SupplyChainScan);
    assert_eq!(r.meta.branch.as_deref(), Some("master"));
    assert_eq!(r.meta.branch_sha.as_deref(), Some("d6ca3936"));
    assert_eq!(r.meta.kind_label.as_deref(), Some("Supply chain scan"));
    let v = r.meta.verdict.as_ref().unwrap();
    assert_eq!(v.class, VerdictClass::Issues);
    assert_eq!(v.label, "5 open issues + advisories");
    assert_eq!(r.sections[0].kind, SectionKind::ExecutiveSummary);

    let r = &get(&all, "20260313-000000-shell-sync").review;
    assert_eq!(r.kind, ReviewKind::FunctionalityReview);
    assert_eq!(r.meta.date.as_deref(), Some("2026-03-13"));
    assert!(r
        .meta
        .target
        .as_deref()
        .unwrap()
        .contains("limactl shell --sync"));
    assert_eq!(r.sections[0].kind, SectionKind::Group);

    // Reviewers and wall-clock come from parse::agents (another helper's module): only
    // checked once it is implemented.
    let r = &get(&all, "20260519-100641-pr-4985").review;
    if reviewsite::text::duration::parse_duration("1 min 2 s").is_some() {
        assert_eq!(r.meta.wall_clock_secs, Some(53 * 60 + 43));
    }
    if !agents::parse_reviewers("Claude Opus 4.7").is_empty() {
        let fams: Vec<&str> = r.meta.reviewers.iter().map(|x| x.family.as_str()).collect();
        assert_eq!(fams, ["claude", "codex", "gemini", "qwen", "gemma"]);
    }
}

#[test]
fn resolution_links_actions_to_findings() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    let r = &get(&all, "20260517-130016-windows-plain-ci").review;
    let res = r.resolution.as_ref().expect("resolution parsed");
    assert_eq!(res.addressed.as_deref(), Some("2026-05-17"));
    assert!(res.commit.as_deref().unwrap().contains("ea22d13d"));
    assert_eq!(res.actions.len(), 16);
    let s5 = r.findings.iter().find(|f| f.id == "S5").unwrap();
    let fr = s5.resolution.as_ref().unwrap();
    assert_eq!(fr.action, ActionClass::Skipped);
    assert!(fr
        .reason
        .as_deref()
        .unwrap()
        .starts_with("Speculative regression"));
    let i1 = r.findings.iter().find(|f| f.id == "I1").unwrap();
    assert_eq!(i1.resolution.as_ref().unwrap().action, ActionClass::Fixed);
    assert_eq!(i1.resolution.as_ref().unwrap().reason, None);
    let s3 = r.findings.iter().find(|f| f.id == "S3").unwrap();
    assert_eq!(
        s3.resolution.as_ref().unwrap().action,
        ActionClass::Commented
    );
    let s4 = r.findings.iter().find(|f| f.id == "S4").unwrap();
    assert_eq!(
        s4.resolution.as_ref().unwrap().action,
        ActionClass::TestWritten
    );
    let gap = res.actions.iter().find(|a| a.number == Some(13)).unwrap();
    assert!(gap.finding.starts_with("Testing Gap #2"));
    assert_eq!(gap.finding_id, None);
    assert_eq!(gap.action, ActionClass::Skipped);
    let doc = res.actions.iter().find(|a| a.number == Some(16)).unwrap();
    assert_eq!(doc.action, ActionClass::DocumentationUpdated);
    // The Resolution after the appendix is a report section, not part of the last agent.
    let last = r.sections.last().unwrap();
    assert_eq!(last.kind, SectionKind::Resolution);
    assert!(!r
        .appendix
        .last()
        .unwrap()
        .markdown
        .contains("| **Addressed** |"));
    assert_eq!(
        r.findings.iter().filter(|f| f.resolution.is_some()).count(),
        12
    );
}

#[test]
fn appendix_agents_and_no_sections_after_it() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    let r = &get(&all, "20260519-100641-pr-4985").review;
    let fams: Vec<&str> = r.appendix.iter().map(|a| a.family.as_str()).collect();
    assert_eq!(fams, ["claude", "codex", "gemini", "qwen", "gemma"]);
    assert_eq!(
        r.appendix[3].label,
        "[Qwen] — Pass 1 (retry; first attempt empty)"
    );
    assert!(r.appendix.iter().all(|a| a.pass == Some(1)));
    // Claude's own `## Executive Summary` stays inside its review.
    assert!(r.appendix[0].markdown.contains("Executive Summary"));
    for (id, _, p) in &all {
        let secs = &p.review.sections;
        if let Some(ai) = secs.iter().position(|s| s.kind == SectionKind::Appendix) {
            for s in &secs[ai + 1..] {
                assert_eq!(
                    s.kind,
                    SectionKind::Resolution,
                    "{id}: {:?} after appendix",
                    s.title
                );
            }
            assert!(!p.review.appendix.is_empty(), "{id}: no agent reviews");
            assert!(
                secs.iter()
                    .filter(|s| s.kind == SectionKind::Appendix)
                    .count()
                    == 1,
                "{id}"
            );
        }
        let n_exec = secs
            .iter()
            .filter(|s| s.kind == SectionKind::ExecutiveSummary)
            .count();
        assert!(n_exec <= 1, "{id}: {n_exec} executive summaries");
    }
    let counts: Vec<(&str, usize)> = vec![
        ("20260313-000000-shell-sync", 3),
        ("20260401-213317-pr-4637", 6),
        ("20260515-184528-fix-ga-sock-reconnect", 6),
        ("20260519-183659-pr-4996", 5),
        ("20260519-084740-pr-5013", 5),
        ("20260521-135357-pr-5021", 3),
    ];
    for (id, n) in counts {
        assert_eq!(get(&all, id).review.appendix.len(), n, "{id}");
    }
    let r = &get(&all, "20260313-000000-shell-sync").review;
    assert_eq!(r.appendix[1].label, "Appendix B: Codex GPT 5.4 Review");
    assert_eq!(r.appendix[1].family, "codex");
}

#[test]
fn anchors_are_unique() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    for (id, _, p) in &all {
        let r = &p.review;
        let mut seen = std::collections::HashSet::new();
        let all_anchors = r
            .findings
            .iter()
            .map(|f| f.id.clone())
            .chain(r.sections.iter().map(|s| s.anchor.clone()))
            .chain(r.appendix.iter().map(|a| a.anchor.clone()));
        for a in all_anchors {
            assert!(!a.is_empty(), "{id}: empty anchor");
            assert!(seen.insert(a.clone()), "{id}: duplicate anchor {a}");
        }
    }
}

#[test]
fn design_and_retro_sections() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    let d = get(&all, "20260327-223819-pr-4637")
        .review
        .design
        .clone()
        .unwrap();
    assert_eq!((d.concerns.len(), d.strengths.len()), (3, 3));
    let d = get(&all, "20260515-184528-fix-ga-sock-reconnect")
        .review
        .design
        .clone()
        .unwrap();
    assert_eq!((d.concerns.len(), d.strengths.len()), (2, 5));
    assert_eq!(d.concerns[0].scope.as_deref(), Some("future"));
    assert_eq!(d.strengths[0].scope.as_deref(), Some("in-scope"));
    assert_eq!(d.concerns[0].agents, vec!["Claude Opus 4.7"]);
    let d = get(&all, "20260327-102152-pr-4419")
        .review
        .design
        .clone()
        .unwrap();
    assert_eq!((d.concerns.len(), d.strengths.len()), (3, 3));
    for (id, _, p) in &all {
        let has_retro = p
            .review
            .sections
            .iter()
            .any(|s| s.kind == SectionKind::AgentRetro);
        assert_eq!(has_retro, p.review.retro.is_some(), "{id}");
    }
}

#[test]
fn no_text_is_lost() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    for (id, md, p) in &all {
        assert_no_text_lost(id, md, &p.review);
    }
}

#[test]
fn truncated_reports_do_not_panic() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    for (id, md, _) in all.iter().step_by(3) {
        let mut cut = 0;
        while cut < md.len() {
            cut += 1 + (cut * 7919 + 13) % 1777;
            let mut c = cut.min(md.len());
            while !md.is_char_boundary(c) {
                c -= 1;
            }
            let p = parse_report(&source(id, "x.md", &md[..c]));
            assert_no_text_lost(id, &md[..c], &p.review);
        }
    }
}

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/parse")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn fixture_heading_findings() {
    let md = fixture("heading-findings.md");
    let p = parse_report(&source("20260601-090000-pr-12", "acme/widgets/x.md", &md));
    let r = &p.review;
    assert_eq!(r.kind, ReviewKind::PrReview);
    assert_eq!(r.meta.repo.as_ref().unwrap().slug(), "acme/widgets");
    assert_eq!(
        r.meta.review_sha.as_deref(),
        Some("0123456789abcdef0123456789abcdef01234567")
    );
    let ids: Vec<&str> = r.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["C1", "I1", "I2", "S1"]);
    assert_eq!(r.findings[1].title, "Retry loop never backs off");
    assert_eq!(
        r.findings[1].locations[0].path.as_deref(),
        Some("src/retry.rs")
    );
    assert_eq!(r.findings[1].agents, vec!["Claude Opus 4.7"]);
    assert_eq!(
        r.findings[2].title,
        "Config path ignores `$XDG_CONFIG_HOME`"
    );
    assert_eq!(r.stated_counts, Some(r.counts));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_no_text_lost("heading-findings", &md, r);
}

#[test]
fn fixture_without_metadata_table() {
    let md = fixture("no-metadata.md");
    let p = parse_report(&source("20260602-100000-notes", "notes.md", &md));
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.message.contains("no metadata table")
                && d.file == "notes.md"
                && d.line.is_some()),
        "{:?}",
        p.diagnostics
    );
    let r = &p.review;
    assert_eq!(r.counts.important, 1);
    assert_eq!(r.counts.suggestion, 2);
    assert_eq!(r.findings[0].id, "I1");
    assert_no_text_lost("no-metadata", &md, r);
}

#[test]
fn fixture_digest_with_unknown_title() {
    let md = fixture("digest.md");
    let p = parse_report(&source("2026-w22-digest", "digest.md", &md));
    let r = &p.review;
    assert_eq!(r.kind, ReviewKind::Other);
    assert_eq!(r.title, "Weekly review digest — week 22");
    assert!(r.sections.iter().all(|s| s.kind == SectionKind::Other));
    assert_eq!(r.sections.len(), 3);
    assert!(r.findings.is_empty());
    assert_no_text_lost("digest", &md, r);
}

#[test]
fn bad_input_yields_diagnostics() {
    let p = parse_report(&source("empty", "empty.md", "  \n"));
    assert!(p.diagnostics.iter().any(|d| d.message.contains("empty")));
    let p = parse_report(&source("x", "x.md", "just text\n"));
    let msgs: Vec<&str> = p.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("no H1")), "{msgs:?}");
    assert!(
        msgs.iter().any(|m| m.contains("no metadata table")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.contains("no sections")), "{msgs:?}");
    assert_eq!(p.review.preamble, "just text");
    let p = parse_report(&source(
        "t",
        "t.md",
        "# Deep Review: t\n\n| | |\n|---|---|\n| **Date** | 2026-01-01 |\n| **Verdict** |\n\n## Summary\n\nok\n",
    ));
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.message.contains("incomplete") && d.line == Some(6)),
        "{:?}",
        p.diagnostics
    );
}

#[test]
fn crlf_and_front_matter_offsets() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    let (id, md, p) = all
        .iter()
        .find(|(i, _, _)| i == "20260519-100641-pr-4985")
        .unwrap();
    let crlf = md.replace('\n', "\r\n");
    let mut src = source(id, "x.md", &crlf);
    src.first_line = 5;
    let q = parse_report(&src);
    assert_eq!(q.review.counts, p.review.counts);
    assert_eq!(q.review.appendix.len(), p.review.appendix.len());
    assert_eq!(q.review.meta.pr, p.review.meta.pr);
    for (a, b) in q.review.sections.iter().zip(&p.review.sections) {
        assert_eq!(a.line, b.line + 4, "{}", a.title);
    }
    assert_no_text_lost(id, &crlf, &q.review);
}
