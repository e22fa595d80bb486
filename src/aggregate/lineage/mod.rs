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
use std::borrow::Borrow;
use std::cell::OnceCell;

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
    thread_lineage_streamed(rounds.len(), |k| Some(rounds[k]), known, |_, _| {}).unwrap_or_default()
}

/// [`thread_lineage_reusing`] with the `n` rounds read one at a time by `round(k)`
/// (oldest first) and shown to `each` as they are read: no more than two rounds are open
/// at once, however long the thread. `None` when a round cannot be read.
pub fn thread_lineage_streamed<'a, R: Borrow<Review>>(
    n: usize,
    mut round: impl FnMut(usize) -> Option<R>,
    known: impl Fn(usize) -> Option<&'a RoundLineage>,
    mut each: impl FnMut(usize, &Review),
) -> Option<ThreadLineage> {
    let mut out = ThreadLineage::default();
    // Each round's findings are compared with the round before's and the round after's:
    // worked out once, for the pairs linked here.
    let traits_of = |r: &Review| r.findings.iter().map(similar::Traits::of).collect();
    let mut before: Option<(R, OnceCell<Vec<similar::Traits>>)> = None;
    for k in 0..n {
        let open = round(k)?;
        let review = open.borrow();
        each(k, review);
        let traits = OnceCell::new();
        let (findings, previous_outcomes) = match &before {
            Some((earlier, earlier_traits)) => match known(k) {
                Some(r) => (r.findings.clone(), r.previous_outcomes.clone()),
                None => {
                    let earlier = earlier.borrow();
                    let pair_traits = (
                        &earlier_traits.get_or_init(|| traits_of(earlier))[..],
                        &traits.get_or_init(|| traits_of(review))[..],
                    );
                    link::pair(earlier, review, pair_traits)
                }
            },
            None => (first_round(review), Vec::new()),
        };
        out.rounds.push(RoundLineage {
            review: review.id.clone(),
            round: review.meta.round.unwrap_or(k as u32 + 1),
            findings,
            previous_outcomes,
        });
        before = Some((open, traits));
    }
    out.chains = chains(&out.rounds);
    Some(out)
}

/// The findings of a thread's first round: linked to nothing before.
fn first_round(review: &Review) -> Vec<FindingLineage> {
    review
        .findings
        .iter()
        .map(|f| FindingLineage {
            id: f.id.clone(),
            severity: f.severity,
            title: f.title.clone(),
            previous: None,
        })
        .collect()
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
