//! Badges: the coloured pills of agents (by family), the verdict badges of reviews, and
//! the failed-job pills of CI-failure digests (which have no verdict).

use crate::html::markdown;
use crate::model::{ReviewKind, Verdict, VerdictClass};
use crate::text::names::agent_class;
use serde::{Deserialize, Serialize};

/// A verdict badge.
#[derive(Debug, Clone, Serialize)]
pub(super) struct VerdictView {
    pub(super) label: String,
    /// `v-ok`, `v-warn`, ... plus ` long` for labels that may wrap in narrow cells.
    pub(super) class: &'static str,
    pub(super) title: String,
    pub(super) long: bool,
}

/// The CSS class of a verdict's colour.
pub(super) fn verdict_class(c: VerdictClass) -> &'static str {
    match c {
        VerdictClass::MergeAsIs | VerdictClass::Clean => "v-ok",
        VerdictClass::MergeWithFixes | VerdictClass::Issues => "v-warn",
        VerdictClass::Rework => "v-bad",
        VerdictClass::Other => "v-none",
    }
}

pub(super) fn verdict_view(v: &Option<Verdict>) -> Option<VerdictView> {
    v.as_ref().map(|v| {
        let label = if v.label.trim().is_empty() {
            "verdict".to_string()
        } else {
            markdown::plain_text(&v.label)
        };
        let long = label.chars().count() > 18;
        VerdictView {
            class: verdict_class(v.class),
            long,
            label,
            title: v
                .rationale
                .as_deref()
                .map(markdown::plain_text)
                .unwrap_or_default(),
        }
    })
}

/// A CI-failure digest's pill, where a review shows its verdict: `7 failed jobs`.
#[derive(Debug, Clone, Serialize)]
pub(super) struct FailedJobsPill {
    pub(super) label: String,
    /// `ci-jobs`, plus ` zero` when no job failed.
    pub(super) class: &'static str,
}

/// The failed-job pill of a review of `kind` whose digest states `count`: `None` for
/// every kind but a CI-failure digest; `CI failures` when the digest states no count.
pub(super) fn failed_jobs_pill(kind: ReviewKind, count: Option<u32>) -> Option<FailedJobsPill> {
    if kind != ReviewKind::CiFailureDigest {
        return None;
    }
    Some(match count {
        Some(n) => FailedJobsPill {
            label: format!("{n} failed job{}", if n == 1 { "" } else { "s" }),
            class: if n == 0 { "ci-jobs zero" } else { "ci-jobs" },
        },
        None => FailedJobsPill {
            label: "CI failures".into(),
            class: "ci-jobs",
        },
    })
}

/// An agent's pill, coloured by family.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct AgentPill {
    pub(super) name: String,
    /// The family alone (`Claude`), for compact lists; `name` goes in the tooltip.
    pub(super) short: String,
    pub(super) class: String,
    pub(super) title: String,
    /// Model and effort shown next to the pill in the metadata table.
    pub(super) detail: String,
}

/// The pill of an agent named in the text (`[Claude Opus 4.7]`), by its family when given.
pub(super) fn agent_pill(name: &str, family: &str) -> AgentPill {
    let name = name.trim().trim_start_matches('[').trim_end_matches(']');
    let fam = if family.is_empty() { name } else { family };
    let name = markdown::plain_text(name);
    AgentPill {
        short: short_name(&name, family),
        name,
        class: agent_class(fam),
        title: String::new(),
        detail: String::new(),
    }
}

/// `Claude Opus 4.7` -> `Claude`: the family's display name, or the name's first word.
fn short_name(name: &str, family: &str) -> String {
    let fam = if family.is_empty() {
        crate::text::names::agent_family(name)
    } else {
        family.to_string()
    };
    if crate::text::names::is_known_family(&fam) {
        return crate::text::names::family_display_name(&fam);
    }
    name.split_whitespace().next().unwrap_or(name).to_string()
}

/// The pills of a review's reviewers, with model and effort in the tooltip. When two
/// reviewers share a family (Claude Opus and Claude Sonnet), their short names add the
/// model's first word, so a compact list does not read "Claude Claude".
pub(super) fn reviewer_pills(reviewers: &[crate::model::Reviewer]) -> Vec<AgentPill> {
    let shorts: Vec<String> = reviewers
        .iter()
        .map(|r| short_name(&r.name, &r.family))
        .collect();
    let shared = |i: usize| shorts.iter().filter(|s| **s == shorts[i]).count() > 1;
    let shorts: Vec<String> = reviewers
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let first_model_word = r.model.as_deref().and_then(|m| m.split_whitespace().next());
            match first_model_word {
                Some(w) if shared(i) => format!("{} {}", shorts[i], markdown::plain_text(w)),
                _ => shorts[i].clone(),
            }
        })
        .collect();
    reviewers
        .iter()
        .zip(shorts)
        .map(|(r, short)| {
            // The effort, then what the row says about the run, as written.
            let failed = r.status.is_some_and(|s| s.is_failure());
            let detail: Vec<String> = [
                r.effort.as_ref().map(|e| format!("effort: {e}")),
                r.note.as_ref().map(|n| markdown::plain_text(n)),
                (failed && r.note.is_none()).then(|| "failed".to_string()),
            ]
            .into_iter()
            .flatten()
            .collect();
            let detail = detail.join(" · ");
            let title = match (&r.model, &r.effort) {
                (Some(m), Some(e)) => format!("{} · {m} · effort {e}", r.name),
                (Some(m), None) => format!("{} · {m}", r.name),
                (None, Some(e)) => format!("{} · effort {e}", r.name),
                (None, None) => r.name.clone(),
            };
            AgentPill {
                name: r.name.clone(),
                short,
                class: agent_class(if r.family.is_empty() {
                    &r.name
                } else {
                    &r.family
                }),
                title,
                detail,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reviewer(name: &str, family: &str, model: &str) -> crate::model::Reviewer {
        crate::model::Reviewer {
            name: name.into(),
            family: family.into(),
            model: Some(model.into()),
            effort: None,
            status: None,
            note: None,
        }
    }

    #[test]
    fn two_models_of_one_family_get_distinct_short_names() {
        let pills = reviewer_pills(&[
            reviewer("Claude Opus 4.8", "claude", "Opus 4.8"),
            reviewer("Claude Sonnet 5", "claude", "Sonnet 5"),
            reviewer("Kimi K2", "kimi", "K2"),
        ]);
        let shorts: Vec<&str> = pills.iter().map(|p| p.short.as_str()).collect();
        assert_eq!(shorts, ["Claude Opus", "Claude Sonnet", "Kimi"]);
    }
}
