//! The one-line review rows of the index and repository tables, and their grouping: the
//! rounds of a PR thread share one row on the index.

use super::common::{split_date, thread_ref, Rounds, ThreadRef};
use super::pills::{
    failed_jobs_pill, reviewer_pills, verdict_view, AgentPill, FailedJobsPill, VerdictView,
};
use super::urls::{link, md_url};
use crate::aggregate::page_ids::title_or_id;
use crate::aggregate::{PrThread, ReviewSummary, SiteIndex};
use crate::html::markdown;
use crate::model::SeverityCounts;
use crate::text::serde_name::kind_slug;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// One review in a table.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Row {
    id: String,
    url: String,
    md_url: String,
    day: String,
    time: String,
    kind: String,
    kind_label: &'static str,
    title_html: String,
    repo: Option<String>,
    repo_url: Option<String>,
    pr_number: Option<u64>,
    round: Option<u32>,
    thread: Option<ThreadRef>,
    verdict: Option<VerdictView>,
    /// A CI-failure digest's pill, shown instead of a verdict.
    failed_jobs: Option<FailedJobsPill>,
    counts: SeverityCounts,
    reviewers: Vec<AgentPill>,
    /// Every round of the PR when this row stands for a thread of several (oldest first).
    rounds: Vec<RoundChip>,
    /// Classes the index filters match on: verdict class, `k-<kind>`, `has-crit`.
    filter: String,
    /// Lower-case text the index's optional search script matches.
    search: String,
}

/// One round of a PR thread on the row that stands for the thread.
#[derive(Debug, Clone, Serialize)]
struct RoundChip {
    k: usize,
    url: String,
    title: String,
    class: &'static str,
    current: bool,
}

/// The row of one review, its links relative to `root`.
pub(super) fn row(s: &ReviewSummary, root: &str, rounds: &Rounds) -> Row {
    let (day, time) = split_date(&s.date);
    let title = title_or_id(&s.title, &s.id);
    let failed_jobs = failed_jobs_pill(s.kind, s.failed_jobs);
    // A digest has no verdict: its pill says how many jobs failed.
    let verdict = verdict_view(&s.verdict).filter(|_| failed_jobs.is_none());
    let kind = kind_slug(s.kind);
    let mut filter = format!(
        "{} k-{kind}",
        verdict.as_ref().map(|v| v.class).unwrap_or("v-none")
    );
    if s.counts.critical > 0 {
        filter.push_str(" has-crit");
    }
    let mut search = vec![
        s.id.clone(),
        markdown::plain_text(&title),
        s.kind_label.to_string(),
    ];
    if let Some(r) = &s.repo {
        search.push(r.slug());
    }
    if let Some(pr) = &s.pr {
        search.push(format!("#{} pr{}", pr.number, pr.number));
    }
    if let Some(b) = &s.branch {
        search.push(b.clone());
    }
    if let Some(v) = &verdict {
        search.push(v.label.clone());
    }
    if let Some(p) = &failed_jobs {
        search.push(p.label.clone());
    }
    for r in &s.reviewers {
        search.push(r.name.clone());
        search.push(r.family.clone());
    }
    Row {
        id: s.id.clone(),
        url: link(root, &s.url),
        md_url: format!("{root}{}", md_url(&s.id)),
        day,
        time,
        kind,
        kind_label: s.kind_label,
        title_html: markdown::render_inline_nolinks(&title),
        repo: s.repo.as_ref().map(|r| r.slug()),
        repo_url: s.repo_url.as_ref().map(|u| link(root, u)),
        pr_number: s.pr.as_ref().map(|p| p.number),
        round: s.round,
        thread: thread_ref(rounds, &s.id, root).filter(|t| t.n > 1),
        verdict,
        failed_jobs,
        counts: s.counts,
        reviewers: reviewer_pills(&s.reviewers),
        rounds: Vec::new(),
        filter,
        search: search.join(" ").to_lowercase(),
    }
}

/// Index rows, newest first, one per review except that the rounds of a PR thread share
/// one row: the newest round's, at its place, with every round linked as a chip.
pub(super) fn grouped_rows(
    summaries: &[std::sync::Arc<ReviewSummary>],
    root: &str,
    rounds: &Rounds,
    threads: &HashMap<&str, &PrThread>,
) -> Vec<Row> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut rows = Vec::with_capacity(summaries.len());
    for s in summaries {
        let thread = rounds
            .get(&s.id)
            .filter(|(_, n, _)| *n > 1)
            .and_then(|(_, _, url)| threads.get(url.as_str()).copied());
        let Some(t) = thread else {
            rows.push(row(s, root, rounds));
            continue;
        };
        if !seen.insert(t.url.as_str()) {
            continue;
        }
        let mut r = row(s, root, rounds);
        let n = t.rounds.len();
        r.rounds = t
            .rounds
            .iter()
            .enumerate()
            .map(|(i, rs)| {
                let v = verdict_view(&rs.verdict);
                let (day, time) = split_date(&rs.date);
                RoundChip {
                    k: i + 1,
                    url: link(root, &rs.url),
                    title: format!(
                        "round {} of {n} · {day} {time} · {}",
                        i + 1,
                        v.as_ref().map(|v| v.label.as_str()).unwrap_or("no verdict")
                    ),
                    class: v.as_ref().map(|v| v.class).unwrap_or("v-none"),
                    current: rs.id == s.id,
                }
            })
            .collect();
        for rs in &t.rounds {
            if rs.id != s.id {
                r.search.push(' ');
                r.search.push_str(&rs.id.to_lowercase());
            }
        }
        rows.push(r);
    }
    rows
}

/// PR threads by their URL, for [`grouped_rows`].
pub(super) fn thread_map(index: &SiteIndex) -> HashMap<&str, &PrThread> {
    index
        .repos
        .iter()
        .flat_map(|r| r.threads.iter())
        .map(|t| (t.url.as_str(), t))
        .collect()
}
