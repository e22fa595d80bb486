//! What a review page shows of its PR thread's lineage: on each finding card, the finding
//! of an earlier round it continues ("since round 1 (as I3)") or "new this round"; above
//! the findings, what became of the previous round's findings (resolved, declined, still
//! open, not mentioned) with links; and links to the previous and next rounds.

use crate::aggregate::lineage::Outcome;
use crate::render::flow_pack::RoundSlice;
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

/// The round view of the round `flow` is of, for a page at `root`, and what each finding
/// card says, by the finding's anchor.
pub(super) fn round_flow(
    flow: &RoundSlice,
    root: &str,
) -> (RoundFlowView, HashMap<String, SinceView>) {
    let page = |url: &Option<String>| url.as_ref().map(|u| crate::render::urls::link(root, u));
    let k = flow.k;
    let view = RoundFlowView {
        k: k + 1,
        n: flow.n,
        prev: page(&flow.prev_url),
        next: page(&flow.next_url),
        resolved: Vec::new(),
        declined: Vec::new(),
        persists: Vec::new(),
        unmentioned: Vec::new(),
        new: 0,
    };
    let mut cards = HashMap::new();
    let (round, lin) = (&flow.round, &flow.lineage);
    let Some(before) = flow.before.as_ref() else {
        return (view, cards);
    };
    let mut view = view;
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
    for ((fl, f), origin) in lin.findings.iter().zip(&round.findings).zip(&flow.origins) {
        let prev = fl.previous.as_ref().map(|p| p.id.as_str());
        let since = since(flow, *origin, prev, f.severity, root);
        if since.since == 0 {
            view.new += 1;
        }
        cards.insert(f.anchor.clone(), since);
    }
    (view, cards)
}

/// What the card of a finding of `flow`'s round, of severity `severity`, whose
/// predecessor is `prev` (its issue first raised in round `origin`, 0-based) says.
fn since(
    flow: &RoundSlice,
    origin: usize,
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
    let (Some(prev), Some(before)) = (prev, flow.before.as_ref()) else {
        return none;
    };
    let Some(pf) = before.finding(prev) else {
        return none;
    };
    SinceView {
        since: origin + 1,
        prev_id: prev.to_string(),
        prev_round: flow.k,
        url: before.finding_url(root, prev).unwrap_or_default(),
        regraded_from: if pf.severity == severity {
            ""
        } else {
            pf.severity
        },
    }
}
