//! The lineage of each PR thread as the pages show it: for every thread of the index, the
//! links between the findings of its rounds ([`crate::aggregate::lineage`]) with what a
//! page needs to link a finding of any round (its review page, its anchor there, its
//! severity and title). Worked out once per build (and after every change in `serve`: it
//! reads the findings' text, which the index does not), shared by the thread page and the
//! review pages of the thread.

use super::common::{severity_slug, truncate};
use crate::aggregate::lineage::{thread_lineage_reusing, Outcome, RoundLineage, ThreadLineage};
use crate::aggregate::page_ids::{finding_anchors, finding_title};
use crate::aggregate::{PrThread, SiteIndex};
use crate::html::markdown;
use crate::model::Review;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::sync::Arc;

/// One thread's lineage with the pages of its rounds.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ThreadFlow {
    /// The thread page (site-relative).
    pub(super) thread_url: String,
    pub(super) rounds: Vec<FlowRound>,
    pub(super) lineage: ThreadLineage,
}

/// One round: its review page and its findings in page order.
#[derive(Debug, Serialize, Deserialize)]
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

/// A [`FlowFinding`] as read back from a build cache: its severity a word of
/// [`severity_slug`]'s (another reads as `none`).
#[derive(Deserialize)]
struct StoredFinding {
    id: String,
    anchor: String,
    severity: String,
    title: String,
}

impl<'de> Deserialize<'de> for FlowFinding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FlowFinding, D::Error> {
        StoredFinding::deserialize(d).map(FlowFinding::from)
    }
}

impl From<StoredFinding> for FlowFinding {
    fn from(f: StoredFinding) -> FlowFinding {
        use crate::model::Severity;
        let known = [
            Severity::Critical,
            Severity::Important,
            Severity::Suggestion,
        ];
        let severity = known
            .into_iter()
            .find(|s| severity_slug(Some(*s)) == f.severity);
        FlowFinding {
            id: f.id,
            anchor: f.anchor,
            severity: severity_slug(severity),
            title: f.title,
        }
    }
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

/// One thread's flow as [`Flows`] keeps it, and as a build cache stores it
/// ([`Flows::stored`]).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Linked {
    flow: Arc<ThreadFlow>,
    /// Of the flow (what its pages show).
    fp: u64,
    /// Of what it was linked from ([`thread_key`]).
    key: u64,
    /// Each round's review's fingerprint (0: unknown), oldest first.
    round_fps: Vec<u64>,
}

/// Each PR review's thread flow and its round in it (0-based), by review id.
#[derive(Default)]
pub(crate) struct Flows {
    by_review: HashMap<String, (Arc<ThreadFlow>, usize)>,
    /// Each thread's lineage as linked, by thread URL.
    threads: HashMap<String, Linked>,
}

impl Flows {
    /// The lineage of every thread of `index` with more than one round, its rounds'
    /// reviews found by `review` (by stem; a thread with a round missing has none).
    /// `fingerprint` gives each review's fingerprint of what it says (0 when unknown):
    /// a thread whose rounds and their fingerprints are those of a thread of `before` keeps
    /// that thread's lineage, which is not worked out again. Threads are linked in
    /// parallel; each one's reviews are asked for only while it is linked.
    pub(crate) fn new<R, F>(
        index: &SiteIndex,
        review: F,
        fingerprint: impl Fn(&str) -> u64 + Sync,
        before: Option<&Flows>,
    ) -> Flows
    where
        R: Borrow<Review>,
        F: Fn(&str) -> Option<R> + Sync,
    {
        let threads: Vec<&PrThread> = index.repos.iter().flat_map(|r| &r.threads).collect();
        let made: Vec<(String, Linked)> = threads
            .par_iter()
            .filter(|t| t.rounds.len() > 1)
            .filter_map(|t| {
                let key = thread_key(t, &fingerprint);
                let old = before.and_then(|b| b.threads.get(&t.url));
                let (flow, fp, round_fps) = match old.filter(|l| key != 0 && l.key == key) {
                    Some(kept) => (kept.flow.clone(), kept.fp, kept.round_fps.clone()),
                    None => {
                        let round_fps: Vec<u64> =
                            t.rounds.iter().map(|s| fingerprint(&s.id)).collect();
                        let flow = Arc::new(thread_flow(t, &review, old, &round_fps)?);
                        (
                            flow.clone(),
                            crate::text::fingerprint::of(&*flow),
                            round_fps,
                        )
                    }
                };
                let linked = Linked {
                    flow,
                    fp,
                    key,
                    round_fps,
                };
                Some((t.url.clone(), linked))
            })
            .collect();
        Flows::of_linked(made)
    }

    /// Each thread's flow as linked, by thread URL (for a build cache to store).
    pub(crate) fn stored(&self) -> Vec<(String, Linked)> {
        let mut threads: Vec<_> = self
            .threads
            .iter()
            .map(|(url, l)| (url.clone(), l.clone()))
            .collect();
        threads.sort_by(|a, b| a.0.cmp(&b.0));
        threads
    }

    /// The flows of threads as [`Flows::stored`] gave them.
    pub(crate) fn of_linked(made: Vec<(String, Linked)>) -> Flows {
        let mut flows = Flows::default();
        for (url, linked) in made {
            for (k, r) in linked.flow.rounds.iter().enumerate() {
                flows
                    .by_review
                    .insert(r.review.clone(), (linked.flow.clone(), k));
            }
            flows.threads.insert(url, linked);
        }
        flows
    }

    /// The flow of the thread review `id` is a round of, and that round (0-based).
    pub(crate) fn of_review(&self, id: &str) -> Option<(&ThreadFlow, usize)> {
        self.by_review.get(id).map(|(f, k)| (&**f, *k))
    }

    /// The flow of the thread whose page is `url`.
    pub(crate) fn of_thread(&self, url: &str) -> Option<&ThreadFlow> {
        self.threads.get(url).map(|l| &*l.flow)
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
        self.threads.get(url).map_or(0, |l| l.fp)
    }
}

/// The lineage of thread `t` (of more than one round), its rounds' reviews found by
/// `review`; `None` when one is missing. A pair of rounds linked in `before` (the
/// thread as it was) from the same two reviews (`round_fps`, known) keeps its links.
fn thread_flow<R: Borrow<Review>>(
    t: &PrThread,
    review: &impl Fn(&str) -> Option<R>,
    before: Option<&Linked>,
    round_fps: &[u64],
) -> Option<ThreadFlow> {
    let owned: Vec<R> = t
        .rounds
        .iter()
        .map(|s| review(&s.id))
        .collect::<Option<_>>()?;
    let rounds: Vec<&Review> = owned.iter().map(Borrow::borrow).collect();
    // The earlier links of each pair of reviews, by their fingerprints.
    let pairs: HashMap<(u64, u64), &RoundLineage> = before
        .map(|b| {
            b.round_fps
                .windows(2)
                .zip(b.flow.lineage.rounds.iter().skip(1))
                .filter(|(w, _)| w[0] != 0 && w[1] != 0)
                .map(|(w, r)| ((w[0], w[1]), r))
                .collect()
        })
        .unwrap_or_default();
    let known = |k: usize| pairs.get(&(round_fps[k - 1], round_fps[k])).copied();
    Some(ThreadFlow {
        thread_url: t.url.clone(),
        rounds: t
            .rounds
            .iter()
            .zip(&rounds)
            .map(|(s, r)| flow_round(r, &s.url))
            .collect(),
        lineage: thread_lineage_reusing(&rounds, known),
    })
}

/// What thread `t`'s lineage is linked from: its page, its rounds' stems and pages, and
/// their fingerprints; 0 when a round's fingerprint is unknown (never kept).
fn thread_key(t: &PrThread, fingerprint: &impl Fn(&str) -> u64) -> u64 {
    let rounds: Vec<(&str, &str, u64)> = t
        .rounds
        .iter()
        .map(|s| (s.id.as_str(), s.url.as_str(), fingerprint(&s.id)))
        .collect();
    if rounds.iter().any(|r| r.2 == 0) {
        return 0;
    }
    crate::text::fingerprint::of(&(&t.url, rounds))
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
