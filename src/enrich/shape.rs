//! Whether a Markdown file of the content folder is a review report at all, decided from
//! its shape once parsed.
//!
//! Pointed at the wrong folder (a project's root or its `docs/`), reviewsite would publish
//! README-like documents (CONTRIBUTING.md, CHANGELOG.md, docs/*.md) as "Report" pages with
//! invented data. So a file is published only when it shows a sign that a review pipeline
//! wrote it ([`Sign`]): things the parser recognised that a project's documentation does
//! not have by accident. Prose, headings, lists, code and ordinary tables are not signs,
//! nor are the section titles documents share with reports ("Summary", "Testing",
//! "Design"). Any one sign is enough, and when in doubt a file is a report: skipping a
//! report loses it, while publishing a document is only what reviewsite did before
//! (`--include-non-reports` publishes every file).

use crate::model::{Review, ReviewKind, SectionKind};
use crate::parse::{metadata, sections};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// What makes a parsed Markdown file a review report. The first found is returned by
/// [`sign_of`], in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sign {
    /// A stem that starts with a `YYYYMMDD` date (`20260519-100641-pr-4985`), as review
    /// pipelines name their files.
    DatedStem,
    /// A title review pipelines write: `# Deep Review: …`, `# Supply Chain Scan: …`,
    /// `# Functionality Review: …`, `# Review of PR #57: …`, or the title (or Kind row)
    /// of a CI-failure digest (`# CI Failures: 2026-W39`, the parser's kind).
    Title,
    /// A metadata table the parser recognised (`| | |`, `| **Label** | value |` rows),
    /// whatever its labels: reports of kinds never seen before still have one.
    MetadataTable,
    /// YAML front matter with a key only a review sets (`repo`, `pr`, `branch`,
    /// `reviewers`, `verdict`, `round`, ...). `date`, `author`, `type`, `url` and `status`
    /// do not count: documentation sites and decision records use them too.
    FrontMatter,
    /// A sidecar `<stem>.json` with a key of the sidecar format (`schema`, `review`,
    /// `agents`, ...), not just any JSON file of the same name.
    Sidecar,
    /// A finding the parser recognised, totals stated as "0 critical, 7 important, 10
    /// suggestions", or severity sections of two severities (Critical Issues and
    /// Suggestions, even when both say `None.`). One heading such as "## Suggestions"
    /// is not enough: a document may have it.
    Findings,
    /// An agent retro with per-agent notes or a metrics table, a Resolution table, or the
    /// agents' original reviews in an appendix.
    ReviewSections,
}

/// Front matter keys that documentation sites (Hugo, Jekyll, MkDocs) and decision records
/// use too: the parser reads them as metadata, but they do not make a file a report.
const SHARED_FRONT_MATTER_KEYS: [&str; 7] = [
    "date",
    "timestamp",
    "generated",
    "author",
    "type",
    "url",
    "status",
];

/// Title beginnings of the report kinds seen so far (lower case, `-` read as a space).
const REPORT_TITLES: [&str; 7] = [
    "deep review",
    "supply chain scan",
    "functionality review",
    "branch review",
    "pr review",
    "review of pr",
    "review of pull request",
];

/// The first sign that `review` (parsed and enriched) is a review report, or `None` when
/// it has none: a document that is not one.
pub(crate) fn sign_of(review: &Review) -> Option<Sign> {
    let found = [
        (Sign::DatedStem, starts_with_date(&review.id)),
        (
            Sign::Title,
            is_report_title(&review.title) || review.kind == ReviewKind::CiFailureDigest,
        ),
        (Sign::MetadataTable, !review.meta.rows.is_empty()),
        (
            Sign::FrontMatter,
            review.front_matter.as_ref().is_some_and(names_a_review),
        ),
        (
            Sign::Sidecar,
            review.sidecar.as_ref().is_some_and(is_sidecar),
        ),
        (Sign::Findings, has_findings(review)),
        (Sign::ReviewSections, has_review_sections(review)),
    ];
    found
        .into_iter()
        .find_map(|(sign, yes)| yes.then_some(sign))
}

/// `20260519-100641-pr-4985`: eight digits that make a plausible date, not followed by
/// another digit.
fn starts_with_date(stem: &str) -> bool {
    let Some(date) = stem.get(..8) else {
        return false;
    };
    let part = |r: std::ops::Range<usize>| date[r].parse::<u32>().ok();
    date.bytes().all(|b| b.is_ascii_digit())
        && !stem[8..].starts_with(|c: char| c.is_ascii_digit())
        && part(0..4).is_some_and(|y| (1990..=2199).contains(&y))
        && part(4..6).is_some_and(|m| (1..=12).contains(&m))
        && part(6..8).is_some_and(|d| (1..=31).contains(&d))
}

fn is_report_title(title: &str) -> bool {
    let plain = sections::plain(title).replace('-', " ");
    REPORT_TITLES.iter().any(|t| plain.starts_with(t))
}

/// Front matter with a metadata key that is not one documents share (see [`Sign`]).
fn names_a_review(front_matter: &Value) -> bool {
    let Some(map) = front_matter.as_object() else {
        return false;
    };
    let own: Map<String, Value> = map
        .iter()
        .filter(|(k, _)| {
            !SHARED_FRONT_MATTER_KEYS.contains(&metadata::front_matter_key(k).as_str())
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    !metadata::front_matter_rows(&Value::Object(own)).is_empty()
}

/// Whether `json` has a sidecar's shape: an object with one of a sidecar's top-level keys.
pub(crate) fn is_sidecar(json: &Value) -> bool {
    json.as_object().is_some_and(|map| {
        crate::enrich::sidecar::KEYS
            .iter()
            .any(|k| map.contains_key(*k))
    })
}

fn has_findings(review: &Review) -> bool {
    let severities: HashSet<_> = review
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Findings)
        .filter_map(|s| s.severity)
        .collect();
    !review.findings.is_empty() || review.stated_counts.is_some() || severities.len() >= 2
}

fn has_review_sections(review: &Review) -> bool {
    let retro = review
        .retro
        .as_ref()
        .is_some_and(|r| !r.agents.is_empty() || !r.metrics.is_empty());
    let resolution = review
        .resolution
        .as_ref()
        .is_some_and(|r| !r.actions.is_empty() || !r.rows.is_empty());
    retro || resolution || !review.appendix.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// `text` read as the file `<stem>.md` (front matter split off), with `sidecar`,
    /// parsed and enriched as a site does.
    fn parsed(stem: &str, text: &str, sidecar: Option<Value>) -> Review {
        let path = format!("{stem}.md");
        let (src, _) = crate::content::report_from_bytes(
            Path::new(""),
            Path::new(&path),
            text.as_bytes().to_vec(),
            &path,
        );
        let mut src = src.expect("a readable file");
        src.sidecar = sidecar;
        crate::site::parse_and_enrich(&src, Path::new("")).0
    }

    fn sign(stem: &str, text: &str) -> Option<Sign> {
        sign_of(&parsed(stem, text, None))
    }

    #[test]
    fn project_documents_are_not_reports() {
        let contributing = "# Contributing\n\nThanks for helping!\n\n## Development\n\n\
            1. Fork the repository.\n2. Run `cargo test`.\n\n```sh\ncargo build --release\n```\n\n\
            ## Testing\n\nEvery change needs a test.\n\n## Documentation\n\nUpdate the README.\n\n\
            ## Commits\n\n- one topic per commit\n- **sign** your commits\n\n## Summary\n\nBe kind.\n";
        assert_eq!(sign("CONTRIBUTING", contributing), None);
        let changelog = "# Changelog\n\n## [1.2.0] - 2026-05-01\n\n### Fixed\n\n\
            - 2 critical bugs in the parser\n\n## [1.1.0] - 2026-04-01\n\n- First release.\n";
        assert_eq!(sign("CHANGELOG", changelog), None);
        let license = "MIT License\n\nCopyright (c) 2026 Acme\n\nPermission is hereby granted, \
            free of charge, to any person obtaining a copy of this software.\n";
        assert_eq!(sign("LICENSE", license), None);
        let no_title = "Notes for the maintainers\n\n* rotate the keys\n\n\
            | Who | What |\n|---|---|\n| @ana | beacon |\n";
        assert_eq!(sign("notes", no_title), None);
    }

    #[test]
    fn near_misses_that_are_not_reports() {
        // An ordinary table where a metadata table would be.
        let table = "# Options\n\n| Flag | Meaning |\n|---|---|\n| `--root` | the site folder |\n\
            | `--strict` | warnings fail |\n\n## Usage\n\nRun it.\n";
        assert_eq!(sign("options", table), None);
        // A document about reviewing, with one heading a report also has.
        let process = "# Review process\n\nEvery pull request gets two reviews.\n\n\
            ## Overview\n\nReviewers look at tests first.\n\n## Suggestions\n\n\
            Open an issue to suggest a change to this process.\n\n## Design\n\nKeep it small.\n";
        assert_eq!(sign("review-process", process), None);
        // Front matter of a documentation site or a decision record.
        let docs = "---\ntitle: Setup\ndate: 2026-01-02\nauthor: ana\nstatus: accepted\n\
            type: docs\n---\n# Setup\n\nInstall it.\n";
        assert_eq!(sign("setup", docs), None);
        // A JSON file of the same name that is not a sidecar.
        let package = serde_json::json!({"name": "setup", "version": "1.0.0"});
        assert_eq!(
            sign_of(&parsed("setup", "# Setup\n\nInstall it.\n", Some(package))),
            None
        );
        // Dates in other forms are blog posts, not review stems.
        assert_eq!(sign("2026-05-01-welcome", "# Welcome\n\nHello.\n"), None);
        assert_eq!(sign("123456789-notes", "Notes.\n"), None);
        assert_eq!(sign("20261399-notes", "Notes.\n"), None);
        // A document about CI failures is not a digest.
        let ci =
            "# Handling CI failures\n\nRe-run flaky jobs once.\n\n## Flaky jobs\n\nList them.\n";
        assert_eq!(sign("ci-guide", ci), None);
        // A retro heading with nothing a retro holds.
        let retro = "# Project history\n\n## Performance retrospective\n\nWe were slow.\n";
        assert_eq!(sign("history", retro), None);
    }

    #[test]
    fn each_sign_alone_makes_a_report() {
        let cases: [(&str, &str, Sign); 14] = [
            (
                "20260720-120000-notes",
                "Some notes.\n\n- a\n- b\n",
                Sign::DatedStem,
            ),
            ("20260601-digest", "# Digest\n", Sign::DatedStem),
            (
                "pr-12",
                "# Deep Review: pr-12\n\nWritten by hand.\n",
                Sign::Title,
            ),
            (
                "scan",
                "# Supply-chain scan: acme\n\nAll pinned.\n",
                Sign::Title,
            ),
            // A CI-failure digest with no table: its title alone, or its Kind row.
            (
                "ci-2026-w39",
                "# CI Failures: 2026-W39\n\n7 failed jobs.\n\n## lint\n\nTimed out.\n",
                Sign::Title,
            ),
            (
                "week-39",
                "# Week 39\n\n| | |\n|---|---|\n| **Kind** | CI failure digest |\n\n## lint\n\nx\n",
                Sign::Title,
            ),
            (
                "audit-q3",
                "# Quarterly audit\n\n| | |\n|---|---|\n| **Scope** | payments |\n\
                 | **Auditor** | ops team |\n\nAll good.\n",
                Sign::MetadataTable,
            ),
            (
                "x",
                "---\nrepo: acme/tern\ndate: 2026-01-02\n---\n# Notes\n\nProse.\n",
                Sign::FrontMatter,
            ),
            (
                "x",
                "# Notes\n\n## Important Issues\n\nI1. **Leak** — `a.go:3` [Claude]\n\nBody.\n",
                Sign::Findings,
            ),
            (
                "x",
                "# Notes\n\n## Critical Issues\n\nNone.\n\n## Suggestions\n\nNone.\n",
                Sign::Findings,
            ),
            (
                "x",
                "# Notes\n\n## Executive Summary\n\n0 critical, 2 important, 1 suggestion.\n",
                Sign::Findings,
            ),
            (
                "x",
                "# Notes\n\n## Agent Performance Retro\n\n### [Claude]\n\nThorough.\n",
                Sign::ReviewSections,
            ),
            (
                "x",
                "# Notes\n\n## Resolution\n\n| # | Finding | Action |\n|---|---|---|\n\
                 | 1 | I1 | Fixed |\n",
                Sign::ReviewSections,
            ),
            (
                "x",
                "# Notes\n\n## Appendix: Original Reviews\n\n### [Claude]\n\nText.\n",
                Sign::ReviewSections,
            ),
        ];
        for (stem, text, want) in cases {
            assert_eq!(sign(stem, text), Some(want), "{stem}: {text}");
        }
        let sidecar = serde_json::json!({"schema": 1});
        assert_eq!(
            sign_of(&parsed("x", "# Notes\n\nProse.\n", Some(sidecar))),
            Some(Sign::Sidecar)
        );
    }
}
