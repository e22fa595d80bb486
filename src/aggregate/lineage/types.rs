//! What the lineage of a thread is made of: each round's findings with their
//! predecessors, the outcomes of the round before's findings, and the chains of linked
//! findings across all rounds.

use crate::model::Severity;
use serde::{Deserialize, Serialize};

/// How a later finding continues an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// The later report names the earlier finding.
    Explicit,
    /// The earlier round's Resolution says what the author did.
    Resolution,
    /// The same code and a similar title or identifiers, no words about it.
    Similar,
}

/// What became of a finding of the round before, as a later round reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A finding of the later round continues it.
    Persists,
    /// The later round says it is fixed, applied, addressed or landed.
    Resolved,
    /// Acknowledged, deferred, won't fix.
    Declined,
    /// The later round says nothing that can be tied to it.
    Unmentioned,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Persists => "persists",
            Outcome::Resolved => "resolved",
            Outcome::Declined => "declined",
            Outcome::Unmentioned => "unmentioned",
        }
    }
}

/// A finding of the round before that a finding continues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Predecessor {
    /// Its id in the round before.
    pub id: String,
    pub evidence: Evidence,
}

/// One finding of a round, with its predecessor in the round before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingLineage {
    pub id: String,
    pub severity: Option<Severity>,
    pub title: String,
    /// `None`: new this round (or the first round).
    pub previous: Option<Predecessor>,
}

/// A finding of the round before with what became of it in this round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousOutcome {
    pub id: String,
    pub outcome: Outcome,
    /// What the outcome rests on (`None` for `unmentioned`).
    pub evidence: Option<Evidence>,
}

/// One round of a thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundLineage {
    /// The review's stem.
    pub review: String,
    /// The round the report states, else its position in the thread (1-based).
    pub round: u32,
    pub findings: Vec<FindingLineage>,
    /// Every finding of the round before, with its outcome; empty for the first round.
    pub previous_outcomes: Vec<PreviousOutcome>,
}

/// One underlying issue across the rounds: the finding id it has in each round (`None`
/// where it is absent), oldest round first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chain {
    pub ids: Vec<Option<String>>,
    /// The outcome in the round after its last finding (`None` when that finding is in the
    /// latest round: still open there).
    pub last_outcome: Option<Outcome>,
}

/// The lineage of one thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ThreadLineage {
    pub rounds: Vec<RoundLineage>,
    pub chains: Vec<Chain>,
}

impl ThreadLineage {
    /// The round of the review `id`, when it is one of this thread's.
    pub fn round_of(&self, id: &str) -> Option<&RoundLineage> {
        self.rounds.iter().find(|r| r.review == id)
    }
}
