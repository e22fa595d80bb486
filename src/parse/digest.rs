//! CI-failure digests: periodic reports of a repository's failed CI jobs, not reviews.
//! `# CI Failures: 2026-W39` (also `# CI failure digest — …`, `# Failed CI jobs: …`, or a
//! `Kind` row saying so), a `Period` row, "7 failed jobs", a section per job with numeric
//! tables. The kind is recognised from the title's start or the Kind row only, so a
//! review of a branch named `fix-ci-failures` stays a review. The failed-job count is read
//! where the digest states it: a row (`Failed jobs | 7`, or a value saying "7 failed
//! jobs"), else the title, the preamble, the summary; a text that states two different
//! counts ("7 failed jobs, down from 9 failed jobs") gives none.

use super::sections;
use super::static_regex::re;
use crate::model::{Metadata, Review, SectionKind};
use crate::text::plain::plain_text;
use regex::Regex;
use std::sync::OnceLock;

/// Whether a report with this title and `Kind` row (as written) is a CI-failure digest.
pub(crate) fn is_digest(title: &str, kind_label: Option<&str>) -> bool {
    static TITLE: OnceLock<Regex> = OnceLock::new();
    static KIND: OnceLock<Regex> = OnceLock::new();
    let norm = |t: &str| sections::plain(&plain_text(t)).replace(['-', '_'], " ");
    let title_re = re(
        &TITLE,
        r"^(?:(?:weekly|daily|nightly|monthly)\s+)?(?:(?:ci|ci/cd|build|pipeline)\s+(?:job\s+)?failures?(?:\s+(?:digest|report|summary))?|failed\s+(?:ci\s+)?(?:jobs|builds))\b",
    );
    let kind_re = re(&KIND, r"\bci\b.*\bfail|\bfail\w*\b.*\bci\b");
    title_re.is_match(&norm(title)) || kind_label.is_some_and(|k| kind_re.is_match(&norm(k)))
}

/// The failed-job count a digest states (see the module doc), or `None`.
pub(crate) fn failed_jobs(review: &Review) -> Option<u32> {
    if let Some(n) = row_count(&review.meta) {
        return Some(n);
    }
    let summary = review
        .sections
        .iter()
        .find(|s| s.kind == SectionKind::ExecutiveSummary)
        .map(|s| s.body.as_str());
    [Some(review.title.as_str()), Some(&review.preamble), summary]
        .into_iter()
        .flatten()
        .find_map(|text| stated_count(&plain_text(text)))
        .flatten()
}

/// The count of a `Failed jobs` row, or of the first row whose value states one.
fn row_count(meta: &Metadata) -> Option<u32> {
    static LEADING: OnceLock<Regex> = OnceLock::new();
    for row in &meta.rows {
        let label = sections::plain(&row.label);
        let value = plain_text(&row.value);
        let is_count_row = matches!(
            label.trim_end_matches(':'),
            "failed jobs"
                | "failing jobs"
                | "failed ci jobs"
                | "jobs failed"
                | "failures"
                | "job failures"
                | "failed"
        );
        if is_count_row {
            if let Some(c) = re(&LEADING, r"^(\d+)\b").captures(value.trim()) {
                return c[1].parse().ok();
            }
        }
        if let Some(n) = stated_count(&value) {
            return n;
        }
    }
    None
}

/// `Some(Some(n))` when `text` states the count `n` (every statement agreeing),
/// `Some(None)` when it states different counts, `None` when it states none.
fn stated_count(text: &str) -> Option<Option<u32>> {
    static COUNT: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &COUNT,
        r"(?i)\b(\d+)\s+(?:(?:failed|failing)\s+(?:ci\s+)?jobs?|(?:ci\s+)?jobs?\s+(?:failed|failing)|(?:ci\s+)?job\s+failures?)\b",
    );
    let mut counts = r
        .captures_iter(text)
        .filter_map(|c| c[1].parse::<u32>().ok());
    let first = counts.next()?;
    Some(counts.all(|n| n == first).then_some(first))
}

/// The digest's date when no row states one: the last day its `Period` row names
/// (`2026-09-21 – 2026-09-27`), else the Sunday of an ISO week there or in the title
/// (`2026-W39`).
pub(crate) fn period_date(title: &str, meta: &Metadata) -> Option<String> {
    static DAY: OnceLock<Regex> = OnceLock::new();
    static WEEK: OnceLock<Regex> = OnceLock::new();
    let period = meta
        .rows
        .iter()
        .find(|r| {
            matches!(
                sections::plain(&r.label).as_str(),
                "period" | "week" | "window"
            )
        })
        .map(|r| r.value.as_str())
        .unwrap_or_default();
    if let Some(day) = re(&DAY, r"\b\d{4}-\d{2}-\d{2}\b").find_iter(period).last() {
        return Some(day.as_str().to_string());
    }
    let week = re(&WEEK, r"\b(\d{4})-?W(\d{1,2})\b");
    let c = week.captures(period).or_else(|| week.captures(title))?;
    let (year, week) = (c[1].parse().ok()?, c[2].parse().ok()?);
    let sunday = time::Date::from_iso_week_date(year, week, time::Weekday::Sunday).ok()?;
    Some(format!(
        "{:04}-{:02}-{:02}",
        sunday.year(),
        u8::from(sunday.month()),
        sunday.day()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MetaRow;

    #[test]
    fn digest_titles_and_kind_rows() {
        for t in [
            "CI Failures: 2026-W39",
            "CI failure digest — 2026-09-27",
            "Failed CI jobs: week 39",
            "Weekly CI failures (acme/rocket)",
            "**CI-Failures** 2026-W39",
            "Build failures: 2026-09",
        ] {
            assert!(is_digest(t, None), "{t}");
        }
        // A review of a branch about CI failures, or a report that mentions them, is not.
        for t in [
            "Deep Review: 20260927-fix-ci-failures",
            "Review of PR #12: retry CI failures",
            "CI pipeline review",
            "Weekly review digest — week 22",
            "CIrcus failures",
        ] {
            assert!(!is_digest(t, None), "{t}");
        }
        assert!(is_digest("Week 39", Some("CI failure digest")));
        assert!(is_digest("Week 39", Some("Failed CI jobs")));
        assert!(!is_digest("Week 39", Some("Supply chain scan")));
    }

    fn meta(rows: &[(&str, &str)]) -> Metadata {
        Metadata {
            rows: rows
                .iter()
                .map(|(l, v)| MetaRow {
                    label: l.to_string(),
                    value: v.to_string(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_count_where_the_digest_states_it() {
        let mut r = Review {
            title: "CI Failures: 2026-W39".into(),
            meta: meta(&[
                ("Period", "2026-09-21 – 2026-09-27"),
                ("Failed jobs", "**7**"),
            ]),
            ..Default::default()
        };
        assert_eq!(failed_jobs(&r), Some(7));
        r.meta = meta(&[("Summary", "3 failed jobs in 2 workflows")]);
        assert_eq!(failed_jobs(&r), Some(3));
        r.meta = meta(&[]);
        r.title = "CI Failures: 2026-W39 (1 failed job)".into();
        assert_eq!(failed_jobs(&r), Some(1));
        r.title = "CI Failures: 2026-W39".into();
        r.sections.push(crate::model::Section {
            kind: SectionKind::ExecutiveSummary,
            body: "Twelve runs; **4** jobs failed, all on macOS.".into(),
            ..Default::default()
        });
        assert_eq!(failed_jobs(&r), Some(4));
        // Two different counts: unsure, none.
        r.sections[0].body = "7 failed jobs, down from 9 failed jobs last week.".into();
        assert_eq!(failed_jobs(&r), None);
        // Runs and steps are not jobs.
        r.sections[0].body = "212 runs, 14 failed runs, 3 failed steps.".into();
        assert_eq!(failed_jobs(&r), None);
    }

    #[test]
    fn the_period_dates_the_digest() {
        let m = meta(&[("Period", "2026-09-21 – 2026-09-27")]);
        assert_eq!(period_date("x", &m).as_deref(), Some("2026-09-27"));
        let m = meta(&[]);
        assert_eq!(
            period_date("CI Failures: 2026-W39", &m).as_deref(),
            Some("2026-09-27")
        );
        assert_eq!(period_date("CI Failures", &m), None);
    }
}
