//! What the pages show of one PR thread's lineage ([`ThreadFlow`]): its rounds' review
//! pages and findings (anchor, severity, title: what a link to a finding shows), and the
//! links between the rounds' findings ([`crate::aggregate::lineage`]). Worked out by
//! `lineage.rs`, kept packed by `flow_pack.rs`.

use super::common::severity_slug;
use crate::aggregate::lineage::{Outcome, ThreadLineage};
use serde::{Deserialize, Serialize};

/// One thread's lineage with the pages of its rounds.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ThreadFlow {
    /// The thread page (site-relative).
    pub(super) thread_url: String,
    pub(super) rounds: Vec<FlowRound>,
    pub(super) lineage: ThreadLineage,
}

/// One round: its review page and its findings in page order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct FlowRound {
    pub(super) review: String,
    /// The review page (site-relative).
    pub(super) url: String,
    pub(super) findings: Vec<FlowFinding>,
}

/// A finding as links to it show it.
#[derive(Debug, Clone, Serialize)]
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
