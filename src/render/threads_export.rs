//! `threads.json`: every PR thread of the archive with its findings across rounds (which
//! finding of a round continues which of the round before, and what became of each
//! finding of the round before), for bots and dashboards.
//!
//! The shape is a contract, documented in `docs/threads-json.md` and
//! `docs/threads.schema.json`; `tests/testsuite/threads_export.rs` checks the output against
//! the schema. The lineage is the one the pages show ([`SiteContext`], worked out once per
//! build by [`crate::aggregate::lineage::thread_lineage`] over the rounds' whole reviews);
//! the rest of a record reads the rounds' findings.

use super::context::SiteContext;
use crate::aggregate::lineage::{thread_lineage, Outcome, RoundLineage};
use crate::aggregate::{PrThread, SiteIndex};
use crate::html::escape::html_safe_json;
use crate::html::markdown;
use crate::model::{Review, Severity};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Borrow;

/// The version of the `threads.json` shape.
pub(crate) const VERSION: u32 = 1;

/// The output file, at the site root.
pub(crate) const FILE: &str = "threads.json";

/// The whole file.
#[derive(Debug, Serialize)]
struct ThreadsJson {
    version: u32,
    /// Repositories in name order, each one's threads most recently reviewed first.
    threads: Vec<ThreadRecord>,
}

/// One PR thread.
#[derive(Debug, Serialize)]
struct ThreadRecord {
    /// `owner/name`.
    repo: String,
    pr: u64,
    /// Oldest first.
    rounds: Vec<RoundRecord>,
}

/// One round (review) of a thread.
#[derive(Debug, Serialize)]
struct RoundRecord {
    /// The review's stem.
    review: String,
    round: u32,
    findings: Vec<FindingRecord>,
    /// Every finding of the round before, with its outcome; empty for the first round.
    previous_outcomes: Vec<OutcomeRecord>,
}

#[derive(Debug, Serialize)]
struct FindingRecord {
    id: String,
    severity: Option<Severity>,
    /// Plain text.
    title: String,
    previous: Option<PreviousRecord>,
}

/// The finding of the round before that a finding continues.
#[derive(Debug, Serialize)]
struct PreviousRecord {
    /// The stem of the round before.
    review: String,
    id: String,
}

#[derive(Debug, Serialize)]
struct OutcomeRecord {
    id: String,
    outcome: Outcome,
}

/// The content of `threads.json`: every thread of `index`, its rounds' reviews found by
/// `review` (by stem; a thread with a round missing has none), each thread's only while
/// its record is made.
pub(crate) fn threads_json<R, F>(ctx: &SiteContext, index: &SiteIndex, review: F) -> String
where
    R: Borrow<Review>,
    F: Fn(&str) -> Option<R> + Sync,
{
    let threads: Vec<&PrThread> = index.repos.iter().flat_map(|r| &r.threads).collect();
    let doc = ThreadsJson {
        version: VERSION,
        threads: threads
            .par_iter()
            .map(|t| thread_record(ctx, t, &review))
            .collect(),
    };
    let s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    format!("{}\n", html_safe_json(&s))
}

/// The record of one thread, its lineage the one the pages show (`ctx`; linked here
/// for a thread of one round).
fn thread_record<R: Borrow<Review>>(
    ctx: &SiteContext,
    thread: &PrThread,
    review: &impl Fn(&str) -> Option<R>,
) -> ThreadRecord {
    // Every round is one of the site's reviews (the threads are made from them).
    let owned: Vec<R> = thread
        .rounds
        .iter()
        .map(|s| review(&s.id))
        .collect::<Option<_>>()
        .unwrap_or_default();
    let rounds: Vec<&Review> = owned.iter().map(Borrow::borrow).collect();
    let linked;
    let lineage = match ctx.thread_lineage(&thread.url) {
        Some(l) => l,
        None => {
            linked = thread_lineage(&rounds);
            &linked
        }
    };
    let records = lineage
        .rounds
        .iter()
        .zip(&rounds)
        .enumerate()
        .map(|(k, (round, r))| {
            let before = k.checked_sub(1).map(|p| lineage.rounds[p].review.as_str());
            round_record(round, r, before)
        })
        .collect();
    ThreadRecord {
        repo: thread.repo.slug(),
        pr: thread.number,
        rounds: records,
    }
}

/// One round's record; `review` is its whole review, `before` the stem of the round before.
fn round_record(round: &RoundLineage, review: &Review, before: Option<&str>) -> RoundRecord {
    let findings = round
        .findings
        .iter()
        .map(|f| {
            let of = review.findings.iter().find(|x| x.id == f.id);
            // The finding's own severity, else its section's (as on its page).
            let severity = f.severity.or_else(|| {
                of.and_then(|x| review.sections.get(x.section))
                    .and_then(|s| s.severity)
            });
            let title = match of {
                Some(x) if f.title.trim().is_empty() => &x.head,
                _ => &f.title,
            };
            FindingRecord {
                id: f.id.clone(),
                severity,
                title: markdown::plain_text(title),
                previous: f
                    .previous
                    .as_ref()
                    .zip(before)
                    .map(|(p, stem)| PreviousRecord {
                        review: stem.to_string(),
                        id: p.id.clone(),
                    }),
            }
        })
        .collect();
    RoundRecord {
        review: round.review.clone(),
        round: round.round,
        findings,
        previous_outcomes: round
            .previous_outcomes
            .iter()
            .map(|o| OutcomeRecord {
                id: o.id.clone(),
                outcome: o.outcome,
            })
            .collect(),
    }
}
