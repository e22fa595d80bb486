//! Bounds on what one report (with its sidecar) can put into the site.
//!
//! Most of a page grows with the text of its report, but the agents of one review multiply:
//! each gets a row in every leaderboard, a column and a row of the agreement matrix, a page
//! of its own and a line on each sorted copy of the agents page. Without a bound a 339 KB
//! sidecar naming 5,000 agents made 434 MB of site and 1.2 GB of memory. No real review
//! has had more than a dozen agents; past [`MAX_AGENTS`] the rest are left out, and past
//! [`MAX_ITEMS`] the entries of a list inside one agent or finding (passes, tools, agents
//! of a finding, locations), each with a warning naming the file and what was cut.

use crate::model::Review;

/// The most agents one review keeps: reviewers, metrics columns, retro paragraphs,
/// original reviews, and the agents named on one finding or design observation.
pub(crate) const MAX_AGENTS: usize = 64;

/// The most entries of any other list inside one agent or finding.
pub(crate) const MAX_ITEMS: usize = 256;

/// Cuts `list` to `max` entries; when it was longer, says so in `cut`.
fn bound_list<T>(list: &mut Vec<T>, max: usize, what: &str, cut: &mut Vec<String>) {
    if list.len() > max {
        cut.push(format!("{} {what} (the first {max} kept)", list.len()));
        list.truncate(max);
    }
}

/// Bounds every list of `review` an input could make long at no cost in text; returns
/// what was cut, one phrase per list (`5000 reviewers (the first 64 kept)`), for one
/// warning. Empty when nothing was.
pub(crate) fn bound(review: &mut Review) -> Vec<String> {
    let mut cut = Vec::new();
    bound_list(
        &mut review.meta.reviewers,
        MAX_AGENTS,
        "reviewers",
        &mut cut,
    );
    bound_list(
        &mut review.appendix,
        MAX_AGENTS,
        "original reviews",
        &mut cut,
    );
    if let Some(retro) = review.retro.as_mut() {
        bound_list(&mut retro.metrics, MAX_AGENTS, "metrics columns", &mut cut);
        bound_list(&mut retro.agents, MAX_AGENTS, "retro paragraphs", &mut cut);
        let mut inner = Vec::new();
        for m in &mut retro.metrics {
            bound_list(&mut m.passes, MAX_ITEMS, "passes", &mut inner);
            bound_list(
                &mut m.pass_durations_secs,
                MAX_ITEMS,
                "pass durations",
                &mut inner,
            );
            bound_list(&mut m.downgrades, MAX_ITEMS, "downgrades", &mut inner);
            bound_list(&mut m.raw, MAX_ITEMS, "metrics rows", &mut inner);
            bound_list(&mut m.other, MAX_ITEMS, "metrics rows", &mut inner);
            if let Some(t) = m.tool_calls.as_mut() {
                bound_list(&mut t.by_tool, MAX_ITEMS, "tools", &mut inner);
            }
        }
        cut.extend(first_of_each(inner, "of one agent"));
    }
    let mut inner = Vec::new();
    for f in &mut review.findings {
        bound_list(&mut f.agents, MAX_AGENTS, "agents", &mut inner);
        bound_list(
            &mut f.original_severities,
            MAX_AGENTS,
            "original severities",
            &mut inner,
        );
        bound_list(&mut f.locations, MAX_ITEMS, "locations", &mut inner);
        bound_list(&mut f.tags, MAX_ITEMS, "tags", &mut inner);
    }
    if let Some(design) = review.design.as_mut() {
        for o in design
            .concerns
            .iter_mut()
            .chain(design.strengths.iter_mut())
        {
            bound_list(&mut o.agents, MAX_AGENTS, "agents", &mut inner);
        }
    }
    cut.extend(first_of_each(inner, "of one finding"));
    cut
}

/// The first phrase of each kind in `phrases` (one per list kind is enough to say what
/// was cut), each followed by `whose`.
fn first_of_each(phrases: Vec<String>, whose: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for p in phrases {
        let kind: String = p
            .split(" (")
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .to_string();
        if !seen.contains(&kind) {
            out.push(format!("{p} {whose}"));
            seen.push(kind);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgentMetrics, Finding, Retro, Reviewer};

    #[test]
    fn long_lists_are_cut_and_named_short_ones_kept() {
        let mut r = Review::default();
        r.meta.reviewers = (0..5000)
            .map(|i| Reviewer {
                name: format!("A{i}"),
                ..Default::default()
            })
            .collect();
        r.retro = Some(Retro {
            metrics: vec![AgentMetrics::default(); 70],
            ..Default::default()
        });
        r.findings = vec![
            Finding {
                agents: vec!["x".into(); 300],
                ..Default::default()
            };
            2
        ];
        let cut = bound(&mut r);
        assert_eq!(r.meta.reviewers.len(), MAX_AGENTS);
        assert_eq!(
            r.meta.reviewers[63].name, "A63",
            "the first are kept, in order"
        );
        assert_eq!(r.retro.as_ref().unwrap().metrics.len(), MAX_AGENTS);
        assert!(r.findings.iter().all(|f| f.agents.len() == MAX_AGENTS));
        assert_eq!(
            cut,
            [
                "5000 reviewers (the first 64 kept)",
                "70 metrics columns (the first 64 kept)",
                "300 agents (the first 64 kept) of one finding",
            ]
        );
        let mut small = Review::default();
        small.meta.reviewers = vec![Reviewer::default(); MAX_AGENTS];
        assert!(bound(&mut small).is_empty());
        assert_eq!(small.meta.reviewers.len(), MAX_AGENTS);
    }
}
