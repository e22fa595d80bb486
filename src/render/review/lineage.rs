//! What a review page shows of its PR thread's lineage: on each finding card, the finding
//! of an earlier round it continues ("since round 1 (as I3)") or "new this round"; above
//! the findings, what became of the previous round's findings (resolved, declined, still
//! open, not mentioned) with links; and links to the previous and next rounds.

use crate::aggregate::lineage::Outcome;
use crate::render::lineage::ThreadFlow;
use serde::Serialize;
use std::collections::HashMap;

/// The page's place in its thread and what became of the previous round's findings.
#[derive(Debug, Serialize)]
pub(super) struct RoundFlowView {
    /// This round (1-based) and the thread's number of rounds.
    k: usize,
    n: usize,
    prev: Option<String>,
    next: Option<String>,
    resolved: Vec<PrevLink>,
    declined: Vec<PrevLink>,
    /// Said to be open or continued by a finding of this round.
    persists: Vec<PrevLink>,
    unmentioned: Vec<PrevLink>,
    /// Findings of this round that continue none of the previous round.
    new: usize,
}

/// A finding of the previous round, linked on its page.
#[derive(Debug, Serialize)]
struct PrevLink {
    id: String,
    url: String,
    severity: &'static str,
    title: String,
    /// The finding of this round that continues it (its anchor on this page), if any.
    now: String,
}

/// What a finding card says of the finding's past.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SinceView {
    /// The round the issue was first raised in; 0 when new this round.
    since: usize,
    /// The finding it continues in the previous round: its id, round and link.
    prev_id: String,
    prev_round: usize,
    url: String,
    /// The severity it had there when it differs.
    regraded_from: &'static str,
}

/// The round view of round `k` (0-based) of `flow`, for a page at `root`, and what each
/// finding card says, by the finding's anchor.
pub(super) fn round_flow(
    flow: &ThreadFlow,
    k: usize,
    root: &str,
) -> (RoundFlowView, HashMap<String, SinceView>) {
    let page = |i: usize| {
        flow.rounds
            .get(i)
            .map(|r| crate::render::urls::link(root, &r.url))
    };
    let mut view = RoundFlowView {
        k: k + 1,
        n: flow.rounds.len(),
        prev: k.checked_sub(1).and_then(page),
        next: page(k + 1),
        resolved: Vec::new(),
        declined: Vec::new(),
        persists: Vec::new(),
        unmentioned: Vec::new(),
        new: 0,
    };
    let (Some(round), Some(lin)) = (flow.rounds.get(k), flow.lineage.rounds.get(k)) else {
        return (view, HashMap::new());
    };
    let mut cards = HashMap::new();
    if k > 0 {
        let before = &flow.rounds[k - 1];
        for o in &lin.previous_outcomes {
            let Some(f) = before.finding(&o.id) else {
                continue;
            };
            let link = PrevLink {
                id: o.id.clone(),
                url: before.finding_url(root, &o.id).unwrap_or_default(),
                severity: f.severity,
                title: f.title.clone(),
                now: lin
                    .findings
                    .iter()
                    .zip(&round.findings)
                    .find(|(l, _)| l.previous.as_ref().is_some_and(|p| p.id == o.id))
                    .map(|(_, f)| f.anchor.clone())
                    .unwrap_or_default(),
            };
            match o.outcome {
                Outcome::Resolved => view.resolved.push(link),
                Outcome::Declined => view.declined.push(link),
                Outcome::Persists => view.persists.push(link),
                Outcome::Unmentioned => view.unmentioned.push(link),
            }
        }
        for (fl, f) in lin.findings.iter().zip(&round.findings) {
            let prev = fl.previous.as_ref().map(|p| p.id.as_str());
            let since = since(flow, k, prev, f.severity, root);
            if since.since == 0 {
                view.new += 1;
            }
            cards.insert(f.anchor.clone(), since);
        }
    }
    (view, cards)
}

/// What the card of a finding of round `k` (0-based), of severity `severity`, whose
/// predecessor is `prev` says.
fn since(
    flow: &ThreadFlow,
    k: usize,
    prev: Option<&str>,
    severity: &'static str,
    root: &str,
) -> SinceView {
    let none = SinceView {
        since: 0,
        prev_id: String::new(),
        prev_round: 0,
        url: String::new(),
        regraded_from: "",
    };
    let Some(prev) = prev else {
        return none;
    };
    let before = &flow.rounds[k - 1];
    let Some(pf) = before.finding(prev) else {
        return none;
    };
    // Back along the chain to the round the issue was first raised in.
    let mut origin = k - 1;
    let mut id = prev.to_string();
    while origin > 0 {
        let back = flow.lineage.rounds[origin]
            .findings
            .iter()
            .find(|f| f.id == id)
            .and_then(|f| f.previous.as_ref());
        match back {
            Some(p) => {
                id = p.id.clone();
                origin -= 1;
            }
            None => break,
        }
    }
    SinceView {
        since: origin + 1,
        prev_id: prev.to_string(),
        prev_round: k,
        url: before.finding_url(root, prev).unwrap_or_default(),
        regraded_from: if pf.severity == severity {
            ""
        } else {
            pf.severity
        },
    }
}
