//! The PR thread page view: one card per round of reviews of a pull request, with its
//! verdict, the change of its counts since the previous round, and links to its critical
//! and important findings (the anchors the review pages give them); above them, the
//! findings × rounds table of what became of each finding (`flow_table.rs`).

use super::common::{
    count_of, counts_line, index_crumb, severity_slug, split_date, truncate, Crumb, Page, Share,
    SiteView,
};
use super::flow::ThreadFlow;
use super::flow_table::{flow_table, FlowRow, FlowTable};
use super::pills::{reviewer_pills, verdict_view, AgentPill, VerdictView};
use super::urls::{link, root_for, web_link};
use crate::aggregate::page_ids::{finding_title, stable_ids};
use crate::aggregate::{self, PrThread};
use crate::html::markdown;
use crate::model::{Review, Severity, SeverityCounts};
use crate::text::url_path::encode_url_path;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::HashMap;

/// The PR thread page's own view.
#[derive(Debug, Serialize)]
pub(super) struct ThreadBody {
    thread: ThreadView,
}

#[derive(Debug, Serialize)]
struct ThreadView {
    number: u64,
    repo: String,
    repo_url: String,
    title_html: String,
    pr_url: Option<String>,
    latest_verdict: Option<VerdictView>,
    rounds: Vec<RoundView>,
    /// The findings × rounds table (threads of more than one round).
    flow: Option<FlowTable>,
}

#[derive(Debug, Serialize)]
struct RoundView {
    k: usize,
    round: Option<u32>,
    url: String,
    day: String,
    time: String,
    verdict: Option<VerdictView>,
    rationale_html: String,
    counts: SeverityCounts,
    delta: Vec<DeltaView>,
    reviewers: Vec<AgentPill>,
    /// Critical and important findings, linked to their cards.
    findings: Vec<FindingLink>,
}

/// The change of one severity's count since the previous round.
#[derive(Debug, Serialize)]
struct DeltaView {
    label: String,
    class: &'static str,
}

/// `C −1`, `I ±0`, `S +2`: the counts of a round against the previous one.
fn deltas(prev: &SeverityCounts, cur: &SeverityCounts) -> Vec<DeltaView> {
    [
        ('C', prev.critical, cur.critical),
        ('I', prev.important, cur.important),
        ('S', prev.suggestion, cur.suggestion),
    ]
    .into_iter()
    .map(|(l, a, b)| {
        let d = b as i64 - a as i64;
        let (label, class) = match d.cmp(&0) {
            Ordering::Greater => (format!("{l} +{d}"), "up"),
            Ordering::Less => (format!("{l} \u{2212}{}", -d), "down"),
            Ordering::Equal => (format!("{l} ±0"), "same"),
        };
        DeltaView { label, class }
    })
    .collect()
}

/// A PR thread's page: one card per round, oldest first.
pub(super) struct ThreadPage;

impl ThreadPage {
    pub(super) fn build(
        t: &PrThread,
        repo: &aggregate::RepoView,
        site: &SiteView,
        keys: &KeyFindings,
        flow: Option<&ThreadFlow>,
    ) -> Page<ThreadBody> {
        let root = root_for(&t.url);
        let mut prev: Option<SeverityCounts> = None;
        let rounds = t
            .rounds
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (day, time) = split_date(&r.date);
                let delta = prev.map(|p| deltas(&p, &r.counts)).unwrap_or_default();
                prev = Some(r.counts);
                RoundView {
                    k: i + 1,
                    round: r.round,
                    url: link(&root, &r.url),
                    day,
                    time,
                    verdict: verdict_view(&r.verdict),
                    rationale_html: r
                        .verdict
                        .as_ref()
                        .and_then(|v| v.rationale.as_deref())
                        .map(markdown::render_inline)
                        .unwrap_or_default(),
                    counts: r.counts,
                    delta,
                    reviewers: reviewer_pills(&r.reviewers),
                    findings: keys
                        .get(&r.id)
                        .map(|fs| {
                            let page = link(&root, &r.url);
                            fs.iter()
                                .map(|f| FindingLink {
                                    url: format!("{page}#{}", encode_url_path(&f.url)),
                                    ..f.clone()
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        let title = t.title.as_deref().unwrap_or("(untitled)");
        let share = Share::page(site, &t.url, thread_description(t));
        Page {
            site: site.clone(),
            root: root.clone(),
            page_title: format!("PR #{} {}", t.number, markdown::plain_text(title)),
            share,
            crumbs: vec![
                index_crumb(&root),
                Crumb {
                    label: repo.slug.clone(),
                    url: Some(link(&root, &repo.url)),
                },
                Crumb {
                    label: format!("PR #{}", t.number),
                    url: None,
                },
            ],
            body: ThreadBody {
                thread: ThreadView {
                    number: t.number,
                    repo: repo.slug.clone(),
                    repo_url: link(&root, &repo.url),
                    title_html: markdown::render_inline_nolinks(title),
                    pr_url: web_link(t.pr_url.as_deref()),
                    latest_verdict: t.rounds.last().and_then(|r| verdict_view(&r.verdict)),
                    rounds,
                    flow: flow.map(|f| flow_table(f, &root)),
                },
            },
        }
    }
}

impl ThreadBody {
    /// The findings table, when the thread has one.
    pub(super) fn flow(&self) -> Option<&FlowTable> {
        self.thread.flow.as_ref()
    }

    /// The chains the findings table shows, in its order, taken out (their rows are made
    /// and rendered a few at a time: [`super::flow_table::rows_of`]).
    pub(super) fn take_flow_order(&mut self) -> Vec<usize> {
        self.thread
            .flow
            .as_mut()
            .map(FlowTable::take_order)
            .unwrap_or_default()
    }

    /// Puts in the findings table's rows (all of them, for a theme that renders it whole).
    pub(super) fn put_flow_rows(&mut self, rows: Vec<FlowRow>) {
        if let Some(f) = self.thread.flow.as_mut() {
            f.put_rows(rows);
        }
    }
}

/// `#4985 · 3 rounds · latest: Merge with fixes · 0 C 7 I 10 S`.
fn thread_description(t: &PrThread) -> String {
    let mut d = format!("#{} · {}", t.number, count_of(t.rounds.len(), "round"));
    if let Some(last) = t.rounds.last() {
        d.push_str(" · latest: ");
        if let Some(v) = &last.verdict {
            d.push_str(&markdown::plain_text(&v.label));
            d.push_str(" · ");
        }
        d.push_str(&counts_line(&last.counts));
    }
    d
}

/// Critical and important findings of each review, as (anchor, id, title, severity), for
/// the round cards of thread pages.
pub(crate) type KeyFindings = HashMap<String, Vec<FindingLink>>;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FindingLink {
    url: String,
    id: String,
    title: String,
    severity: &'static str,
}

/// The key findings of each review, by review id.
pub(crate) fn key_findings<'a>(reviews: impl IntoIterator<Item = &'a Review>) -> KeyFindings {
    reviews
        .into_iter()
        .map(|r| (r.id.clone(), finding_links(r)))
        .collect()
}

/// A fingerprint of what thread pages show of `review`'s findings (the links to its
/// critical and important ones), so that other edits to a review leave its thread alone.
pub(crate) fn key_findings_fingerprint(review: &Review) -> u64 {
    crate::text::fingerprint::of(&finding_links(review))
}

/// Links to the critical and important findings of `r`, in page order.
fn finding_links(r: &Review) -> Vec<FindingLink> {
    let ids = stable_ids(r);
    r.findings
        .iter()
        .zip(ids.findings)
        .filter_map(|(f, anchor)| {
            let sev = f
                .severity
                .or_else(|| r.sections.get(f.section).and_then(|s| s.severity));
            matches!(sev, Some(Severity::Critical | Severity::Important)).then(|| FindingLink {
                url: anchor,
                id: f.id.clone(),
                title: truncate(&markdown::plain_text(finding_title(f)), 90),
                severity: severity_slug(sev),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_between_rounds() {
        let a = SeverityCounts {
            critical: 1,
            important: 3,
            suggestion: 2,
        };
        let b = SeverityCounts {
            critical: 0,
            important: 3,
            suggestion: 4,
        };
        let d: Vec<String> = deltas(&a, &b).into_iter().map(|d| d.label).collect();
        assert_eq!(d, vec!["C \u{2212}1", "I ±0", "S +2"]);
    }
}
