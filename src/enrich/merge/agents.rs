//! The sidecar's `agents` records matched to the report's agents: each to its Reviewers
//! entry and its metrics column (by name, else by family), an agent the report does not
//! name added, and each record's metrics applied to its column.

use super::complete::match_agent;
use super::metrics::apply_metrics;
use super::notes::{quoted, set, Applied};
use crate::enrich::sidecar::AgentRecord;
use crate::model::{AgentMetrics, Retro, Review, Reviewer};
use crate::text::names::{agent_family, agent_model};

pub(super) fn apply_agents(review: &mut Review, agents: &[AgentRecord], out: &mut Applied) {
    if agents.is_empty() {
        return;
    }
    let mut claimed_reviewers = vec![false; review.meta.reviewers.len()];
    let metrics_len = review.retro.as_ref().map_or(0, |r| r.metrics.len());
    let mut claimed_metrics = vec![false; metrics_len];
    for (i, rec) in agents.iter().enumerate() {
        let path = format!("agents[{i}] ({})", rec.name);
        let family = rec
            .family
            .clone()
            .filter(|f| !f.trim().is_empty())
            .map(|f| f.trim().to_lowercase())
            .unwrap_or_else(|| agent_family(&rec.name));
        let ri = match_agent(
            &rec.name,
            &family,
            review
                .meta
                .reviewers
                .iter()
                .map(|r| (r.name.as_str(), r.family.as_str())),
            &claimed_reviewers,
        );
        let metrics: &[AgentMetrics] = review.retro.as_ref().map_or(&[], |r| &r.metrics);
        let mi = match_agent(
            &rec.name,
            &family,
            metrics
                .iter()
                .map(|m| (m.agent.as_str(), m.family.as_str())),
            &claimed_metrics,
        );
        if let Some(ri) = ri {
            claimed_reviewers[ri] = true;
            let r = &mut review.meta.reviewers[ri];
            let mut family_slot = Some(r.family.clone());
            set(
                &mut family_slot,
                &rec.family.as_ref().map(|_| family.clone()),
                &format!("{path}.family"),
                quoted,
                out,
            );
            r.family = family_slot.unwrap_or_default();
            set(
                &mut r.model,
                &rec.model,
                &format!("{path}.model"),
                quoted,
                out,
            );
            set(
                &mut r.effort,
                &rec.effort,
                &format!("{path}.effort"),
                quoted,
                out,
            );
        } else if mi.is_none() {
            out.notes.push(format!(
                "{path}: the report does not name this agent; added from the sidecar"
            ));
            claimed_reviewers.push(true);
            review.meta.reviewers.push(Reviewer {
                name: rec.name.clone(),
                family: family.clone(),
                model: rec.model.clone().or_else(|| agent_model(&rec.name)),
                effort: rec.effort.clone(),
                status: None,
                note: None,
            });
        }
        let target = match mi {
            Some(mi) => {
                claimed_metrics[mi] = true;
                Some(mi)
            }
            None if rec.has_metrics() => {
                let retro = review.retro.get_or_insert_with(Retro::default);
                retro.metrics.push(AgentMetrics {
                    agent: rec.name.clone(),
                    family: family.clone(),
                    ..Default::default()
                });
                claimed_metrics.push(true);
                Some(retro.metrics.len() - 1)
            }
            None => None,
        };
        if let (Some(ti), Some(retro)) = (target, review.retro.as_mut()) {
            apply_metrics(&mut retro.metrics[ti], rec, &family, &path, out);
        }
    }
}
