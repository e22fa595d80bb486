//! The appendix of a review page: each agent's original review under its pill (the
//! reviewer it names, when that can be told), with its row of the metrics table in the
//! summary line, and its entry in the contents.

use super::contents::TocChild;
use super::markup::Markup;
use super::metrics::{metrics_row, MetricsRow};
use crate::html::markdown;
use crate::model::{AgentMetrics, AgentReview, Review};
use crate::render::pills::{agent_pill, AgentPill};
use serde::Serialize;

/// One agent's review in the appendix.
#[derive(Debug, Serialize)]
pub(super) struct AgentReviewView {
    anchor: String,
    agent: AgentPill,
    label_html: String,
    /// The agent's row of the metrics table, shown in the summary line.
    metrics: Option<MetricsRow>,
    body_html: String,
}

/// The appendix's agent reviews with their entries in the contents, in order.
/// `agent_ids[i]` is the anchor of appendix entry `i`.
pub(super) fn agent_reviews(
    review: &Review,
    agent_ids: &[String],
    markup: &mut Markup,
) -> (Vec<AgentReviewView>, Vec<TocChild>) {
    let mut views = Vec::new();
    let mut children = Vec::new();
    for (ai, a) in review.appendix.iter().enumerate() {
        let anchor = agent_ids.get(ai).cloned().unwrap_or_default();
        let label = a.label.trim();
        let pill = appendix_pill(a, &review.appendix, &review.meta.reviewers);
        let pass = markdown::plain_text(&pass_label(label));
        children.push(TocChild {
            anchor: anchor.clone(),
            id: String::new(),
            label: if pass.is_empty() {
                pill.name.clone()
            } else {
                format!("{} \u{00b7} {pass}", pill.name)
            },
            title: markdown::plain_text(label),
            severity: "none",
        });
        let metrics = agent_metrics(review, a, &pill.name);
        views.push(AgentReviewView {
            anchor,
            agent: pill,
            label_html: markdown::render_inline_nolinks(&pass_label(label)),
            metrics,
            body_html: markup.block(&a.markdown, Some(4)),
        });
    }
    (views, children)
}

/// The metrics row of appendix entry `a`, whose pill is named `pill_name`.
fn agent_metrics(review: &Review, a: &AgentReview, pill_name: &str) -> Option<MetricsRow> {
    review.retro.as_ref().and_then(|r| {
        let same: Vec<&AgentMetrics> = r
            .metrics
            .iter()
            .filter(|mm| !a.family.is_empty() && mm.family == a.family)
            .collect();
        // The column of the agent the pill names; else only when the
        // family names one agent: two Qwen models would be ambiguous.
        let by_name = same
            .iter()
            .find(|mm| markdown::plain_text(&mm.agent).eq_ignore_ascii_case(pill_name));
        match by_name {
            Some(mm) => Some(metrics_row(mm)),
            None => (same.len() == 1).then(|| metrics_row(same[0])),
        }
    })
}

/// `[Claude] — Pass 1` -> `Pass 1`: the heading without the agent name the pill shows.
fn pass_label(label: &str) -> String {
    let rest = match label.trim().strip_prefix('[') {
        Some(r) => match r.split_once(']') {
            Some((_, after)) => after,
            None => return label.trim().to_string(),
        },
        None => return label.trim().to_string(),
    };
    let rest = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{2014}' | '\u{2013}' | '-' | ':' | '\u{00b7}')
    });
    if rest.trim().is_empty() {
        // `[Claude Opus 4.8]` alone: the pill already names the agent.
        String::new()
    } else {
        rest.trim().to_string()
    }
}

/// The pill of an appendix agent: the reviewer's full name when exactly one reviewer of
/// the review has that family, or when as many appendix entries as reviewers have that
/// family (two `[Claude]` entries for Claude Opus and Claude Sonnet: paired in order, as
/// the pipeline writes them); else the family's display name (or the label).
fn appendix_pill(
    a: &crate::model::AgentReview,
    appendix: &[crate::model::AgentReview],
    reviewers: &[crate::model::Reviewer],
) -> AgentPill {
    let label = a.label.trim();
    if a.family.is_empty() {
        let name = label
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map(|(n, _)| n)
            .unwrap_or(label);
        return agent_pill(name, "");
    }
    let same: Vec<&crate::model::Reviewer> =
        reviewers.iter().filter(|r| r.family == a.family).collect();
    let mut pill = agent_pill(&a.family, &a.family);
    let entries: Vec<&crate::model::AgentReview> =
        appendix.iter().filter(|e| e.family == a.family).collect();
    // A label that names the model (`[Claude Opus 4.8]`) picks its reviewer; else pair
    // the family's entries with its reviewers in order.
    // In any spelling: `### Gemma 4 31B` names `Gemma4 31B`.
    let label_key = crate::text::names::name_key(label);
    let named = same
        .iter()
        .copied()
        .filter(|r| {
            let key = crate::text::names::name_key(&r.name);
            !key.is_empty() && label_key.contains(&key)
        })
        .max_by_key(|r| r.name.len());
    let nth = entries.iter().position(|e| std::ptr::eq(*e, a));
    let paired = named.or(match nth {
        Some(n) if same.len() > 1 && entries.len() == same.len() => same.get(n).copied(),
        _ => None,
    });
    let same = match paired {
        Some(r) => vec![r],
        None => same,
    };
    match same.as_slice() {
        [one] => {
            pill.name = markdown::plain_text(&one.name);
            pill.title = match &one.effort {
                Some(e) => format!("{} · effort {e}", one.name),
                None => one.name.clone(),
            };
        }
        _ => pill.name = crate::text::names::family_display_name(&a.family),
    }
    pill
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_labels() {
        assert_eq!(pass_label("[Claude] \u{2014} Pass 1"), "Pass 1");
        assert_eq!(
            pass_label("[Qwen] \u{2014} Pass 1 (retry; first attempt empty)"),
            "Pass 1 (retry; first attempt empty)"
        );
        assert_eq!(pass_label("[Claude]"), "");
        assert_eq!(pass_label("Claude pass"), "Claude pass");
        assert_eq!(pass_label("[unclosed \u{2014} x"), "[unclosed \u{2014} x");
    }
}
