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
//! - `said.rs`: what a clause says of the findings it names (fixed, declined, open);
//! - `context.rs`: that text in clauses, with the headings, intros and table headers that
//!   say a clause is about the round before;
//! - `adopted.rs`: fixes a later report describes as done without naming the finding;
//! - `similar.rs`: how alike two findings are (code, title and identifier words);
//! - `link.rs`: one pair of rounds linked from that evidence;
//! - `pattern.rs`: how the linker's regexes are compiled;
//! - `types.rs`: what the linker finds (rounds, predecessors, outcomes, chains).

mod adopted;
mod context;
mod link;
mod pattern;
mod refs;
mod said;
mod similar;
mod types;

pub use types::{
    Chain, Evidence, FindingLineage, Outcome, Predecessor, PreviousOutcome, RoundLineage,
    ThreadLineage,
};

use super::site_index::PrThread;
use crate::model::Review;
use std::sync::OnceLock;

/// The whole reviews of `thread`'s rounds, oldest first, found by `review` (a stem to its
/// review); `None` when one of them is missing. The one way every caller (the thread and
/// review pages, `threads.json`, `reviewsite comment`) gathers a thread for
/// [`thread_lineage`], so they all link the same rounds.
pub fn rounds_of<'a>(
    thread: &PrThread,
    review: impl Fn(&str) -> Option<&'a Review>,
) -> Option<Vec<&'a Review>> {
    thread.rounds.iter().map(|s| review(&s.id)).collect()
}

/// Links the rounds of one thread (`rounds`, oldest first).
pub fn thread_lineage(rounds: &[&Review]) -> ThreadLineage {
    thread_lineage_reusing(rounds, |_| None)
}

/// [`thread_lineage`], taking the links of the pair of rounds `k - 1` and `k` from
/// `known(k)` (`k` from 1) when it has them (a round of the same thread linked before from the same
/// two reviews: a pair's links depend on those two reviews only).
pub fn thread_lineage_reusing<'a>(
    rounds: &[&Review],
    known: impl Fn(usize) -> Option<&'a RoundLineage>,
) -> ThreadLineage {
    let mut out = ThreadLineage::default();
    // Each round's findings are compared with the round before's and the round after's:
    // worked out once, for the pairs linked here.
    let traits: Vec<OnceLock<Vec<similar::Traits>>> =
        rounds.iter().map(|_| OnceLock::new()).collect();
    let traits_of = |k: usize| {
        traits[k].get_or_init(|| rounds[k].findings.iter().map(similar::Traits::of).collect())
    };
    for (k, review) in rounds.iter().enumerate() {
        let (findings, previous_outcomes) = match k.checked_sub(1) {
            Some(p) => match known(k) {
                Some(r) => (r.findings.clone(), r.previous_outcomes.clone()),
                None => link::pair(rounds[p], review, (traits_of(p), traits_of(k))),
            },
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
