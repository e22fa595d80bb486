//! `reviews.json`: one summary record per review, for bots and dashboards.
//!
//! The shape is a contract, documented in `docs/reviews-json.md` and
//! `docs/reviews.schema.json`; `tests/testsuite/feed_export.rs` checks the output against both.
//! Fields are only ever added (and `version` bumped when a field changes meaning).
//! The file is written a record at a time ([`super::json_stream`]).

use super::feed::atom_date;
use super::json_stream::{record_text, write_document};
use super::urls::is_web_url;
use crate::aggregate::{ReviewSummary, SiteIndex};
use crate::config::Config;
use crate::html::markdown;
use crate::model::{ReviewKind, Reviewer, VerdictClass};
use crate::text::url_path::encode_url_path;
use serde::{Deserialize, Serialize};

/// The version of the `reviews.json` shape.
pub(crate) const VERSION: u32 = 1;

/// The whole file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReviewsJson {
    /// The shape's version: 1.
    pub version: u32,
    pub generator: String,
    pub site: SiteRecord,
    /// Every review, newest first.
    pub reviews: Vec<ReviewRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteRecord {
    pub title: String,
    /// `base_url` from book.toml or `--base-url` (`/` when unset).
    pub base_url: String,
}

/// One review.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReviewRecord {
    /// The report's file stem, unique in the archive.
    pub id: String,
    /// The review page: absolute when `base_url` is, else relative to the site root.
    pub url: String,
    /// The report's Markdown source, published next to the page (same rule as `url`).
    pub source_url: String,
    pub kind: ReviewKind,
    /// Plain-text title: the PR title, the branch, the target, or the report's H1.
    pub title: String,
    /// The date as the report states it (`2026-05-19T10:06`, local time, no zone), or null.
    pub date: Option<String>,
    /// The same date as RFC 3339 UTC (`2026-05-19T10:06:00Z`), or null.
    pub date_utc: Option<String>,
    /// `owner/name`, or null.
    pub repo: Option<String>,
    pub pr: Option<PrRecord>,
    pub branch: Option<String>,
    pub round: Option<u32>,
    pub verdict: Option<VerdictRecord>,
    pub counts: CountsRecord,
    /// Agents that took part, as the Reviewers row names them.
    pub agents: Vec<Reviewer>,
    /// The PR thread page (all rounds), same rule as `url`, or null.
    pub thread_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PrRecord {
    pub number: u64,
    /// Plain text.
    pub title: Option<String>,
    /// The PR on the forge.
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VerdictRecord {
    pub class: VerdictClass,
    /// The label as written, plain text (`Merge with fixes`).
    pub label: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CountsRecord {
    pub critical: u32,
    pub important: u32,
    pub suggestion: u32,
    pub total: u32,
}

/// The record of one review; `base` is the absolute base URL, or `None` for site-relative
/// URLs.
pub(crate) fn review_record(r: &ReviewSummary, base: Option<&str>) -> ReviewRecord {
    let url = |rel: &str| format!("{}{}", base.unwrap_or(""), encode_url_path(rel));
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
    ReviewRecord {
        id: r.id.clone(),
        url: url(&r.url),
        source_url: url(&format!("{}.md", r.id)),
        kind: r.kind,
        title: markdown::plain_text(&r.title),
        date: nonempty(&r.date),
        date_utc: nonempty(&r.date).map(|d| atom_date(&d).format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        repo: r.repo.as_ref().map(|x| x.slug()),
        pr: r.pr.as_ref().map(|p| PrRecord {
            number: p.number,
            title: p.title.as_deref().map(markdown::plain_text),
            url: p.url.clone(),
        }),
        branch: r.branch.clone(),
        round: r.round,
        verdict: r.verdict.as_ref().map(|v| VerdictRecord {
            class: v.class,
            label: markdown::plain_text(&v.label),
        }),
        counts: CountsRecord {
            critical: r.counts.critical,
            important: r.counts.important,
            suggestion: r.counts.suggestion,
            total: r.counts.total(),
        },
        agents: r.reviewers.clone(),
        thread_url: r.thread_url.as_deref().map(url),
    }
}

/// Writes `reviews.json` to `w`, a record at a time.
pub(crate) fn write_reviews_json(
    config: &Config,
    index: &SiteIndex,
    w: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    let base = is_web_url(&config.base_url).then_some(config.base_url.as_str());
    let empty = ReviewsJson {
        version: VERSION,
        generator: format!("reviewsite {}", env!("CARGO_PKG_VERSION")),
        site: SiteRecord {
            title: config.title.clone(),
            base_url: config.base_url.clone(),
        },
        reviews: Vec::new(),
    };
    let texts = index
        .reviews
        .iter()
        .map(|r| Ok(record_text(&review_record(r, base))));
    write_document(&empty, texts, w)
}
