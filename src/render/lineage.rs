//! The lineage of each PR thread as the pages show it: for every thread of the index, the
//! links between the findings of its rounds ([`crate::aggregate::lineage`]) with what a
//! page needs to link a finding of any round (its review page, its anchor there, its
//! severity and title). Worked out once per build (and after every change in `serve`: it
//! reads the findings' text, which the index does not), shared by the thread page and the
//! review pages of the thread. Each thread's flow is kept packed once linked
//! ([`super::flow_pack`]): a page unpacks what it shows, so what the build holds of the
//! lineage between pages is a small fraction of it.

use super::common::{severity_slug, truncate};
use super::flow::{FlowFinding, FlowRound, ThreadFlow};
use super::flow_pack::{PackedFlow, RoundSlice};
use crate::aggregate::lineage::{thread_lineage_streamed, RoundLineage};
use crate::aggregate::page_ids::{finding_anchors, finding_title};
use crate::aggregate::{PrThread, SiteIndex};
use crate::html::markdown;
use crate::model::Review;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::sync::Arc;

/// One thread's flow as [`Flows`] keeps it, packed ([`super::flow_pack`]): the whole
/// flow for its thread page and `threads.json`, and what each round's review page shows of
/// it ([`RoundSlice`]), so a page unpacks only what it shows. A build cache stores it
/// ([`Flows::stored`]) as the flow itself.
#[derive(Clone, Serialize, Deserialize)]
#[serde(into = "StoredLinked", try_from = "StoredLinked")]
pub(crate) struct Linked {
    packed: PackedFlow,
    /// Of the flow (what its pages show).
    fp: u64,
    /// Of what it was linked from ([`thread_key`]).
    key: u64,
    /// Each round's review's fingerprint (0: unknown), oldest first.
    round_fps: Vec<u64>,
}

/// [`Linked`] as a build cache stores it: the flow packed, as it is held (a manifest
/// does not unpack every thread at once).
#[derive(Serialize, Deserialize)]
struct StoredLinked {
    flow: Vec<u8>,
    fp: u64,
    key: u64,
    round_fps: Vec<u64>,
}

impl From<Linked> for StoredLinked {
    fn from(l: Linked) -> StoredLinked {
        StoredLinked {
            flow: l.packed.whole().to_vec(),
            fp: l.fp,
            key: l.key,
            round_fps: l.round_fps,
        }
    }
}

/// [`StoredLinked`] borrowed from a [`Linked`], serialized the same way.
#[derive(Serialize)]
struct StoredLinkedRef<'a> {
    flow: &'a [u8],
    fp: u64,
    key: u64,
    round_fps: &'a [u64],
}

impl<'a> StoredLinkedRef<'a> {
    fn of(l: &'a Linked) -> StoredLinkedRef<'a> {
        StoredLinkedRef {
            flow: l.packed.whole(),
            fp: l.fp,
            key: l.key,
            round_fps: &l.round_fps,
        }
    }
}

impl TryFrom<StoredLinked> for Linked {
    type Error = String;
    fn try_from(s: StoredLinked) -> Result<Linked, String> {
        let packed = PackedFlow::of_whole(&s.flow).map_err(|e| format!("{e:#}"))?;
        Ok(Linked {
            packed,
            fp: s.fp,
            key: s.key,
            round_fps: s.round_fps,
        })
    }
}

/// Each PR review's thread and its round in it (0-based), by review id.
#[derive(Default)]
pub(crate) struct Flows {
    by_review: HashMap<String, (Arc<str>, usize)>,
    /// Each thread's lineage as linked, by thread URL.
    threads: HashMap<String, Linked>,
}

impl Flows {
    /// The lineage of every thread of `index` with more than one round, its rounds'
    /// reviews found by `review` (by stem; a thread with a round missing has none).
    /// `fingerprint` gives each review's fingerprint of what it says (0 when unknown):
    /// a thread whose rounds and their fingerprints are those of a thread of `before` keeps
    /// that thread's lineage, which is not worked out again. Threads are linked in
    /// parallel; each one's reviews are asked for only while it is linked, and its flow is
    /// packed once linked.
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
                let linked = match old.filter(|l| key != 0 && l.key == key) {
                    Some(kept) => kept.clone(),
                    None => {
                        let round_fps: Vec<u64> =
                            t.rounds.iter().map(|s| fingerprint(&s.id)).collect();
                        let flow = thread_flow(t, &review, old, &round_fps)?;
                        Linked {
                            // Packing what it just serialized cannot fail.
                            packed: PackedFlow::of(&flow).ok()?,
                            fp: crate::text::fingerprint::of(&flow),
                            key,
                            round_fps,
                        }
                    }
                };
                Some((t.url.clone(), Linked { key, ..linked }))
            })
            .collect();
        Flows::of_linked(made)
    }

    /// Each thread's flow as linked, by thread URL, borrowed: what a build cache stores,
    /// serialized as a list of `(String, Linked)` (nothing is copied).
    pub(crate) fn stored(&self) -> impl Serialize + '_ {
        let mut threads: Vec<(&str, StoredLinkedRef)> = self
            .threads
            .iter()
            .map(|(url, l)| (url.as_str(), StoredLinkedRef::of(l)))
            .collect();
        threads.sort_unstable_by(|a, b| a.0.cmp(b.0));
        threads
    }

    /// The flows of threads as [`Flows::stored`] gave them.
    pub(crate) fn of_linked(made: Vec<(String, Linked)>) -> Flows {
        let mut flows = Flows::default();
        for (url, linked) in made {
            let shared: Arc<str> = Arc::from(url.as_str());
            for (k, review) in linked.packed.reviews().iter().enumerate() {
                flows.by_review.insert(review.clone(), (shared.clone(), k));
            }
            flows.threads.insert(url, linked);
        }
        flows
    }

    /// What the page of review `id` shows of the thread it is a round of.
    pub(crate) fn of_review(&self, id: &str) -> Option<RoundSlice> {
        let (url, k) = self.by_review.get(id)?;
        self.threads.get(&**url)?.packed.round(*k)
    }

    /// The flow of the thread whose page is `url`.
    pub(crate) fn of_thread(&self, url: &str) -> Option<ThreadFlow> {
        self.threads.get(url)?.packed.flow()
    }

    /// A fingerprint of what the pages of the thread review `id` is in show of its
    /// lineage (0 outside a thread).
    pub(crate) fn review_fingerprint(&self, id: &str) -> u64 {
        self.by_review
            .get(id)
            .map_or(0, |(url, k)| self.thread_fingerprint(url) ^ *k as u64)
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
    // The earlier links of each pair of reviews, by their fingerprints.
    let earlier = before.and_then(|b| Some((b, b.packed.flow()?)));
    let pairs: HashMap<(u64, u64), &RoundLineage> = earlier
        .as_ref()
        .map(|(b, flow)| {
            b.round_fps
                .windows(2)
                .zip(flow.lineage.rounds.iter().skip(1))
                .filter(|(w, _)| w[0] != 0 && w[1] != 0)
                .map(|(w, r)| ((w[0], w[1]), r))
                .collect()
        })
        .unwrap_or_default();
    let known = |k: usize| pairs.get(&(round_fps[k - 1], round_fps[k])).copied();
    // The rounds are read one at a time: a long thread never has them all open.
    let mut flow_rounds = Vec::with_capacity(t.rounds.len());
    let lineage = thread_lineage_streamed(
        t.rounds.len(),
        |k| review(&t.rounds[k].id),
        known,
        |k, r| flow_rounds.push(flow_round(r, &t.rounds[k].url)),
    )?;
    Some(ThreadFlow {
        thread_url: t.url.clone(),
        rounds: flow_rounds,
        lineage,
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
