//! The lineage of each PR thread as the pages show it: for every thread of the index, the
//! links between the findings of its rounds ([`crate::aggregate::lineage`]) with what a
//! page needs to link a finding of any round (its review page, its anchor there, its
//! severity and title). Worked out once per build (and after every change in `serve`: it
//! reads the findings' text, which the index does not), shared by the thread page and the
//! review pages of the thread.

use super::common::{severity_slug, truncate};
use crate::aggregate::lineage::{rounds_of, thread_lineage, Outcome, ThreadLineage};
use crate::aggregate::page_ids::{finding_anchors, finding_title};
use crate::aggregate::SiteIndex;
use crate::html::markdown;
use crate::model::Review;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// One thread's lineage with the pages of its rounds.
#[derive(Debug, Serialize)]
pub(crate) struct ThreadFlow {
    /// The thread page (site-relative).
    pub(super) thread_url: String,
    pub(super) rounds: Vec<FlowRound>,
    pub(super) lineage: ThreadLineage,
}

/// One round: its review page and its findings in page order.
#[derive(Debug, Serialize)]
pub(super) struct FlowRound {
    pub(super) review: String,
    /// The review page (site-relative).
    pub(super) url: String,
    pub(super) findings: Vec<FlowFinding>,
}

/// A finding as links to it show it.
#[derive(Debug, Serialize)]
pub(super) struct FlowFinding {
    pub(super) id: String,
    /// Its anchor on the review page (`I3`, or `I3-1` when a section took `I3`).
    pub(super) anchor: String,
    pub(super) severity: &'static str,
    /// Plain text, cut.
    pub(super) title: String,
}

impl FlowRound {
    /// The finding the lineage calls `id` (ids are unique in a round but for a slip; the
    /// first one wins, as in the linker).
    pub(super) fn finding(&self, id: &str) -> Option<&FlowFinding> {
        self.findings.iter().find(|f| f.id == id)
    }

    /// The URL of finding `id` from a page at `root`.
    pub(super) fn finding_url(&self, root: &str, id: &str) -> Option<String> {
        self.finding(id).map(|f| {
            format!(
                "{}#{}",
                super::urls::link(root, &self.url),
                crate::text::url_path::encode_url_path(&f.anchor)
            )
        })
    }
}

impl ThreadFlow {
    /// What became of finding `id` of round `k` (0-based) in round `k + 1`.
    pub(super) fn outcome_after(&self, k: usize, id: &str) -> Option<Outcome> {
        self.lineage
            .rounds
            .get(k + 1)?
            .previous_outcomes
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.outcome)
    }
}

/// Each PR review's thread flow and its round in it (0-based), by review id.
#[derive(Default)]
pub(crate) struct Flows {
    by_review: HashMap<String, (Arc<ThreadFlow>, usize)>,
    /// Each thread's flow and its fingerprint, by thread URL.
    threads: HashMap<String, (Arc<ThreadFlow>, u64)>,
}

impl Flows {
    /// The lineage of every thread of `index` with more than one round.
    pub(crate) fn new(reviews: &[&Review], index: &SiteIndex) -> Flows {
        let by_id: HashMap<&str, &Review> = reviews.iter().map(|r| (r.id.as_str(), *r)).collect();
        let mut flows = Flows::default();
        for t in index.repos.iter().flat_map(|r| &r.threads) {
            let rounds = rounds_of(t, |id| by_id.get(id).copied());
            let Some(rounds) = rounds.filter(|r| r.len() > 1) else {
                continue;
            };
            let flow = Arc::new(ThreadFlow {
                thread_url: t.url.clone(),
                rounds: t
                    .rounds
                    .iter()
                    .zip(&rounds)
                    .map(|(s, r)| flow_round(r, &s.url))
                    .collect(),
                lineage: thread_lineage(&rounds),
            });
            let fp = crate::text::fingerprint::of(&*flow);
            flows.threads.insert(t.url.clone(), (flow.clone(), fp));
            for (k, r) in rounds.iter().enumerate() {
                flows.by_review.insert(r.id.clone(), (flow.clone(), k));
            }
        }
        flows
    }

    /// The flow of the thread review `id` is a round of, and that round (0-based).
    pub(crate) fn of_review(&self, id: &str) -> Option<(&ThreadFlow, usize)> {
        self.by_review.get(id).map(|(f, k)| (&**f, *k))
    }

    /// The flow of the thread whose page is `url`.
    pub(crate) fn of_thread(&self, url: &str) -> Option<&ThreadFlow> {
        self.threads.get(url).map(|(f, _)| &**f)
    }

    /// A fingerprint of what the pages of the thread review `id` is in show of its
    /// lineage (0 outside a thread).
    pub(crate) fn review_fingerprint(&self, id: &str) -> u64 {
        self.of_review(id).map_or(0, |(f, k)| {
            self.thread_fingerprint(&f.thread_url) ^ k as u64
        })
    }

    /// A fingerprint of the lineage of the thread whose page is `url` (0 for none).
    pub(crate) fn thread_fingerprint(&self, url: &str) -> u64 {
        self.threads.get(url).map_or(0, |(_, fp)| *fp)
    }
}

/// Round `r`, whose page is `url`, as links show its findings.
fn flow_round(r: &Review, url: &str) -> FlowRound {
    let anchors = finding_anchors(r);
    FlowRound {
        review: r.id.clone(),
        url: url.to_string(),
        findings: r
            .findings
            .iter()
            .zip(anchors)
            .map(|(f, anchor)| {
                let sev = f
                    .severity
                    .or_else(|| r.sections.get(f.section).and_then(|s| s.severity));
                FlowFinding {
                    id: f.id.clone(),
                    anchor,
                    severity: severity_slug(sev),
                    title: truncate(&markdown::plain_text(finding_title(f)), 120),
                }
            })
            .collect(),
    }
}
