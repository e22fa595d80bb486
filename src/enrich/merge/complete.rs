//! What the Markdown implies on its own, completed before and after the sidecar is
//! applied: statuses of empty columns, passes from pass durations, and each metrics
//! column's model and effort from the Reviewers entry it stands for (paired by name, else
//! by family).

use crate::model::{AgentMetrics, AgentPass, AgentStatus, Review, Reviewer};
use crate::text::names::{agent_model, clean_name};

/// Fills what the Markdown implies: statuses of empty columns, passes from pass
/// durations, and each metrics column's model and effort from its Reviewers entry.
/// Idempotent; never overwrites a value that is already there.
pub fn complete(review: &mut Review) {
    let reviewers = review.meta.reviewers.clone();
    let Some(retro) = review.retro.as_mut() else {
        return;
    };
    let pairs = pair_metrics_with_reviewers(&retro.metrics, &reviewers);
    for (m, paired) in retro.metrics.iter_mut().zip(pairs) {
        if m.status.is_none() && m.no_output {
            m.status = Some(AgentStatus::Empty);
        }
        if m.passes.is_empty() && !m.pass_durations_secs.is_empty() {
            m.passes = m
                .pass_durations_secs
                .iter()
                .enumerate()
                .map(|(i, d)| AgentPass {
                    number: u32::try_from(i + 1).ok(),
                    duration_secs: *d,
                    ..Default::default()
                })
                .collect();
        }
        let reviewer = paired.map(|i| &reviewers[i]);
        if m.model.is_none() {
            m.model = reviewer
                .and_then(|r| r.model.clone())
                .or_else(|| agent_model(&m.agent));
        }
        if m.effort.is_none() {
            m.effort = reviewer.and_then(|r| r.effort.clone());
        }
    }
}

/// For each metrics column, in order, the Reviewers entry it stands for (each entry used
/// once), by the rules of [`match_agent`].
pub(crate) fn pair_metrics_with_reviewers(
    metrics: &[AgentMetrics],
    reviewers: &[Reviewer],
) -> Vec<Option<usize>> {
    let mut claimed = vec![false; reviewers.len()];
    metrics
        .iter()
        .map(|m| {
            let i = match_agent(
                &m.agent,
                &m.family,
                reviewers
                    .iter()
                    .map(|r| (r.name.as_str(), r.family.as_str())),
                &claimed,
            );
            if let Some(i) = i {
                claimed[i] = true;
            }
            i
        })
        .collect()
}

/// The first unclaimed candidate named `name` (ignoring case and spacing); else the only
/// unclaimed candidate of the same family whose model does not contradict `name`'s
/// (`Claude` matches `Claude Opus 4.7`; `Claude Opus 4.6` does not).
pub(crate) fn match_agent<'a>(
    name: &str,
    family: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)>,
    claimed: &[bool],
) -> Option<usize> {
    let key = name_key(name);
    let model = agent_model(name).map(|m| name_key(&m));
    let mut by_family = Vec::new();
    for (i, (cand, cand_family)) in candidates.enumerate() {
        if claimed.get(i).copied().unwrap_or(false) {
            continue;
        }
        if name_key(cand) == key {
            return Some(i);
        }
        let cand_model = agent_model(cand).map(|m| name_key(&m));
        let compatible = match (&model, &cand_model) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        if !family.is_empty() && cand_family == family && compatible {
            by_family.push(i);
        }
    }
    match by_family.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

fn name_key(name: &str) -> String {
    clean_name(name).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_must_not_contradict_to_match_by_family() {
        let none = [false, false];
        let cands = [("Claude Opus 4.7", "claude"), ("Codex GPT 5.5", "codex")];
        assert_eq!(
            match_agent("claude", "claude", cands.into_iter(), &none),
            Some(0)
        );
        assert_eq!(
            match_agent("Claude Opus 4.6", "claude", cands.into_iter(), &none),
            None
        );
        assert_eq!(
            match_agent("Codex", "codex", cands.into_iter(), &[false, true]),
            None
        );
    }
}
