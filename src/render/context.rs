//! What every page of one build shares, worked out once before any page is rendered:
//! the site frame, the ids of the reviews (for links between them) and each review's
//! place in its PR thread, and the lineage of the findings of every PR thread.

use super::common::{round_positions, Rounds, SiteView};
use super::lineage::{Flows, Linked};
use crate::aggregate::lineage::ThreadLineage;
use crate::aggregate::SiteIndex;
use crate::config::Config;
use crate::model::Review;
use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};

/// What every page of one build shares: the site frame, the set of review ids (for links
/// between reviews) and each review's position in its PR thread.
pub(crate) struct SiteContext {
    pub(super) site: SiteView,
    pub(super) known: HashSet<String>,
    pub(super) rounds: Rounds,
    /// The lineage of each PR thread's findings.
    pub(super) flows: Flows,
}

impl SiteContext {
    /// The context of a site of `reviews` (all of them at hand; for a one-review preview
    /// or a site rendered in one call).
    pub fn new(config: &Config, reviews: &[&Review], index: &SiteIndex) -> SiteContext {
        let by_id: HashMap<&str, &Review> = reviews.iter().map(|r| (r.id.as_str(), *r)).collect();
        let mut ctx = SiteContext::frame(config, index, by_id.keys().map(|id| id.to_string()));
        ctx.refresh_lineage(index, |id| by_id.get(id).copied(), |_| 0);
        ctx
    }

    /// The context of a site of the reviews `known` (their stems), without any thread's
    /// lineage yet ([`SiteContext::refresh_lineage`]).
    pub(crate) fn frame(
        config: &Config,
        index: &SiteIndex,
        known: impl IntoIterator<Item = String>,
    ) -> SiteContext {
        SiteContext {
            site: SiteView::new(config, index),
            known: known.into_iter().collect(),
            rounds: round_positions(index),
            flows: Flows::default(),
        }
    }

    /// Takes the threads' lineage of `before` (the context of the site as it was), for
    /// [`SiteContext::refresh_lineage`] to keep what did not change.
    pub(crate) fn keep_lineage_of(&mut self, before: SiteContext) {
        self.flows = before.flows;
    }

    /// The threads' lineage as linked (for a build cache to store), serialized as a list
    /// of `(String, Linked)`.
    pub(crate) fn stored_lineage(&self) -> impl serde::Serialize + '_ {
        self.flows.stored()
    }

    /// Takes the threads' lineage a build cache stored ([`SiteContext::stored_lineage`]),
    /// for [`SiteContext::refresh_lineage`] to keep what did not change.
    pub(crate) fn keep_stored_lineage(&mut self, stored: Vec<(String, Linked)>) {
        self.flows = Flows::of_linked(stored);
    }

    /// Works out the threads' lineage of `index` again, their rounds' reviews found by
    /// `review` (by stem): it reads the findings' text, so it changes when the index does
    /// not. A thread whose rounds have the same `fingerprint`s as before keeps its lineage
    /// (0: unknown, linked again).
    pub(crate) fn refresh_lineage<R, F>(
        &mut self,
        index: &SiteIndex,
        review: F,
        fingerprint: impl Fn(&str) -> u64 + Sync,
    ) where
        R: Borrow<Review>,
        F: Fn(&str) -> Option<R> + Sync,
    {
        self.flows = Flows::new(index, review, fingerprint, Some(&self.flows));
    }

    /// The lineage of the thread whose page is `url`, when it has more than one round
    /// (unpacked for the caller).
    pub(crate) fn thread_lineage(&self, url: &str) -> Option<ThreadLineage> {
        self.flows.of_thread(url).map(|f| f.lineage)
    }

    /// A fingerprint of what the page of review `id` shows of its thread's lineage.
    pub(crate) fn review_lineage_fingerprint(&self, id: &str) -> u64 {
        self.flows.review_fingerprint(id)
    }

    /// A fingerprint of the lineage of the thread whose page is `url`.
    pub(crate) fn thread_lineage_fingerprint(&self, url: &str) -> u64 {
        self.flows.thread_fingerprint(url)
    }

    /// A fingerprint of what every page shows of the site (title, description, the
    /// repositories in the navigation): when it changes, every page must be rendered again.
    pub(crate) fn frame_fingerprint(&self) -> u64 {
        crate::text::fingerprint::of(&self.site)
    }

    /// The review `id`'s place in its PR thread: round `k` of `n`, and the thread's URL.
    pub(crate) fn thread_position(&self, id: &str) -> Option<&(usize, usize, String)> {
        self.rounds.get(id)
    }
}
