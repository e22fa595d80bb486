//! What the Markdown implies on its own, completed before and after the sidecar is
//! applied: statuses of empty columns, passes from pass durations, and each metrics
//! column's model, effort and failed run from the Reviewers entry it stands for (paired
//! by [`names::match_agent`]: by name in any spelling, else by family and model).

use crate::model::{AgentMetrics, AgentPass, AgentStatus, Review, Reviewer};
use crate::text::names::{self, agent_model, AgentMatch, AgentRef};

/// Fills what the Markdown implies: statuses of empty columns, passes from pass
/// durations, and each metrics column's model and effort from its Reviewers entry, and its
/// status when the entry says the run failed and the column reports no findings.
/// Idempotent; never overwrites a value that is already there.
pub fn complete(review: &mut Review) {
    let reviewers = review.meta.reviewers.clone();
    let Some(retro) = review.retro.as_mut() else {
        return;
    };
    let pairs = pair_metrics_with_reviewers(&retro.metrics, &reviewers);
    for (m, paired) in retro.metrics.iter_mut().zip(pairs) {
        let reviewer = paired.map(|i| &reviewers[i]);
        // The Reviewers row says the run failed: so is the column, unless it still reports
        // findings (the note was about an attempt that a retry made good).
        if let Some(status) = reviewer.and_then(|r| r.status).filter(|s| s.is_failure()) {
            if m.status.is_none() && (m.no_output || m.findings.is_none_or(|f| f.total() == 0)) {
                m.status = Some(status);
                m.no_output = true;
            }
        }
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
        // Paired across families (`GPT 5.6 Sol` is `Codex GPT 5.6-sol`): one agent, the
        // Reviewers entry's family.
        if let Some(r) = reviewer.filter(|r| !r.family.is_empty() && r.family != m.family) {
            m.family = r.family.clone();
        }
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

/// The unclaimed candidate (name, family) that `name` of `family` stands for, by the one
/// rule [`names::match_agent`] (a candidate's model read from its name); none when the
/// name is a bare family that several candidates share.
pub(crate) fn match_agent<'a>(
    name: &str,
    family: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)>,
    claimed: &[bool],
) -> Option<usize> {
    let cands: Vec<(&str, &str, Option<String>)> =
        candidates.map(|(n, f)| (n, f, agent_model(n))).collect();
    let refs = cands.iter().enumerate().map(|(i, (n, f, m))| {
        (!claimed.get(i).copied().unwrap_or(false)).then_some(AgentRef {
            name: n,
            family: f,
            model: m.as_deref(),
        })
    });
    match names::match_agent(name, family, refs) {
        AgentMatch::One(i) => Some(i),
        AgentMatch::Many(_) | AgentMatch::None => None,
    }
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

    #[test]
    fn a_failed_reviewers_entry_fails_its_column_unless_it_reports_findings() {
        use crate::model::{Retro, SeverityCounts};
        let reviewer = |name: &str, status| Reviewer {
            name: name.into(),
            family: crate::text::names::agent_family(name),
            model: agent_model(name),
            effort: None,
            status,
            note: None,
        };
        let column = |agent: &str, findings: Option<SeverityCounts>| AgentMetrics {
            agent: agent.into(),
            family: crate::text::names::agent_family(agent),
            findings,
            ..Default::default()
        };
        let mut review = Review::default();
        review.meta.reviewers = vec![
            reviewer("Gemini 3.1 Pro", Some(AgentStatus::Failed)),
            reviewer("Qwen 3.6 35B", Some(AgentStatus::Empty)),
            reviewer("Claude Opus 4.7", None),
        ];
        let two = SeverityCounts {
            important: 2,
            ..Default::default()
        };
        review.retro = Some(Retro {
            metrics: vec![
                column("Gemini 3.1 Pro", Some(SeverityCounts::default())),
                column("Qwen 3.6 35B", Some(two)),
                column("Claude Opus 4.7", None),
            ],
            ..Default::default()
        });
        complete(&mut review);
        let m = &review.retro.as_ref().unwrap().metrics;
        assert_eq!(m[0].status, Some(AgentStatus::Failed));
        assert!(m[0].no_output);
        // Findings stand: the note was about an attempt a retry made good.
        assert_eq!((m[1].status, m[1].no_output), (None, false));
        assert_eq!((m[2].status, m[2].no_output), (None, false));
    }
}
