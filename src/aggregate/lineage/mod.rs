//! Findings across the rounds of a PR thread: which finding of a round continues which
//! finding of the round before (its predecessor), and what became of each finding of the
//! round before as the later round reports it (persists, resolved, declined, unmentioned).
//!
//! [`thread_lineage`] takes the rounds of one thread, oldest first, and links each
//! consecutive pair. Evidence, strongest first: the later report naming an earlier finding
//! (an id with a round, in any section: `round 1 S7`, `R1-I2`, `prior round's I2`, `issue
//! #3 in the prior review`) with what it says of it; the earlier round's own Resolution
//! (what the author says was done, a weaker signal); then the same code and a similar
//! title. Two findings are never linked only because they touch the same file, and ids
//! are per round: `I2` of round 1 and `I2` of round 2 are different findings unless the
//! text says otherwise.
//!
//! - `refs.rs`: references to earlier findings in a later report's text;
//! - `adopted.rs`: fixes a later report describes as done without naming the finding;
//! - `similar.rs`: how alike two findings are (code, title and identifier words);
//! - `link.rs`: one pair of rounds linked from that evidence.

mod adopted;
mod link;
mod refs;
mod similar;

use crate::model::{Review, Severity};
use serde::Serialize;

/// How a later finding continues an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Predecessor {
    /// Its id in the round before.
    pub id: String,
    pub evidence: Evidence,
}

/// One finding of a round, with its predecessor in the round before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingLineage {
    pub id: String,
    pub severity: Option<Severity>,
    pub title: String,
    /// `None`: new this round (or the first round).
    pub previous: Option<Predecessor>,
}

/// A finding of the round before with what became of it in this round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviousOutcome {
    pub id: String,
    pub outcome: Outcome,
    /// What the outcome rests on (`None` for `unmentioned`).
    pub evidence: Option<Evidence>,
}

/// One round of a thread.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chain {
    pub ids: Vec<Option<String>>,
    /// The outcome in the round after its last finding (`None` when that finding is in the
    /// latest round: still open there).
    pub last_outcome: Option<Outcome>,
}

/// The lineage of one thread.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
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

/// Links the rounds of one thread (`rounds`, oldest first).
pub fn thread_lineage(rounds: &[&Review]) -> ThreadLineage {
    let mut out = ThreadLineage::default();
    for (k, review) in rounds.iter().enumerate() {
        let (findings, previous_outcomes) = match k.checked_sub(1).map(|p| rounds[p]) {
            Some(earlier) => link::pair(earlier, review),
            None => (
                review
                    .findings
                    .iter()
                    .map(|f| FindingLineage {
                        id: f.id.clone(),
                        severity: f.severity,
                        title: f.title.clone(),
                        previous: None,
                    })
                    .collect(),
                Vec::new(),
            ),
        };
        out.rounds.push(RoundLineage {
            review: review.id.clone(),
            round: review.meta.round.unwrap_or(k as u32 + 1),
            findings,
            previous_outcomes,
        });
    }
    out.chains = chains(&out.rounds);
    out
}

/// The chains of linked findings, in the order their first findings appear.
fn chains(rounds: &[RoundLineage]) -> Vec<Chain> {
    let n = rounds.len();
    let mut chains: Vec<Chain> = Vec::new();
    // Which chain each finding of the previous round is in.
    let mut prev_at: Vec<(String, usize)> = Vec::new();
    for (k, round) in rounds.iter().enumerate() {
        let mut at = Vec::new();
        for f in &round.findings {
            let continued = f
                .previous
                .as_ref()
                .and_then(|p| prev_at.iter().find(|(id, _)| *id == p.id))
                .map(|&(_, c)| c)
                .filter(|&c| chains[c].ids[k].is_none());
            let c = continued.unwrap_or_else(|| {
                chains.push(Chain {
                    ids: vec![None; n],
                    last_outcome: None,
                });
                chains.len() - 1
            });
            chains[c].ids[k] = Some(f.id.clone());
            at.push((f.id.clone(), c));
        }
        for o in &round.previous_outcomes {
            if let Some(&(_, c)) = prev_at.iter().find(|(id, _)| *id == o.id) {
                if o.outcome != Outcome::Persists {
                    chains[c].last_outcome = Some(o.outcome);
                }
            }
        }
        prev_at = at;
    }
    chains
}
