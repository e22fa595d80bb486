//! What every page of one build shares, worked out once before any page is rendered:
//! the site frame, the ids of the reviews (for links between them) and each review's
//! place in its PR thread, and the lineage of the findings of every PR thread.

use super::common::{round_positions, Rounds, SiteView};
use super::lineage::Flows;
use crate::aggregate::SiteIndex;
use crate::config::Config;
use crate::model::Review;
use std::collections::HashSet;

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
    pub fn new(config: &Config, reviews: &[&Review], index: &SiteIndex) -> SiteContext {
        SiteContext {
            site: SiteView::new(config, index),
            known: reviews.iter().map(|r| r.id.clone()).collect(),
            rounds: round_positions(index),
            flows: Flows::new(reviews, index),
        }
    }

    /// Works out the threads' lineage again from `reviews` (of `index`): it reads the
    /// findings' text, so it changes when the index does not.
    pub(crate) fn refresh_lineage(&mut self, reviews: &[&Review], index: &SiteIndex) {
        self.flows = Flows::new(reviews, index);
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
