//! Site-wide views built from compact review summaries: the index, repositories, PR threads.
//!
//! Aggregate pages are made from [`ReviewSummary`] values (a few hundred bytes each), never
//! from whole reviews, so their cost grows linearly with the archive.

pub mod agent_stats;
pub mod page_ids;

use crate::config::Config;
use crate::model::{PullRequest, RepoRef, Review, ReviewKind, Reviewer, SeverityCounts, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;

/// What index, repo and thread pages need to know about one review.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewSummary {
    pub id: String,
    /// Site-relative URL of the review page: `<id>.html`.
    pub url: String,
    pub kind: ReviewKind,
    pub kind_label: &'static str,
    /// Inline Markdown title: the PR title, the branch, the target, or the H1.
    pub title: String,
    /// ISO date-time (`2026-05-19T10:06`) or empty when unknown; sorts newest-first.
    pub date: String,
    pub repo: Option<RepoRef>,
    pub pr: Option<PullRequest>,
    pub branch: Option<String>,
    pub round: Option<u32>,
    pub verdict: Option<Verdict>,
    pub counts: SeverityCounts,
    pub reviewers: Vec<Reviewer>,
    /// Site-relative URL of the PR thread page, for PR reviews with a known repo.
    pub thread_url: Option<String>,
    /// Site-relative URL of the repository page.
    pub repo_url: Option<String>,
}

/// All rounds of one pull request, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct PrThread {
    pub repo: RepoRef,
    pub number: u64,
    pub title: Option<String>,
    /// The PR on the forge, when a report links it.
    pub pr_url: Option<String>,
    /// Site-relative URL of this thread's page: `repos/<owner>/<repo>/pr-<N>/index.html`.
    pub url: String,
    pub rounds: Vec<ReviewSummary>,
}

/// One repository with its reviews.
#[derive(Debug, Clone, Serialize)]
pub struct RepoView {
    pub repo: RepoRef,
    pub slug: String,
    /// Display title (book.toml `title`, or `owner/name`).
    pub title: String,
    /// The repository on the forge.
    pub web_url: String,
    /// Site-relative URL: `repos/<owner>/<repo>/index.html`.
    pub url: String,
    /// Every review of this repository, newest first.
    pub reviews: Vec<ReviewSummary>,
    /// PR threads, most recently reviewed first.
    pub threads: Vec<PrThread>,
    pub counts: SeverityCounts,
}

/// The site-wide views.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SiteIndex {
    /// Every review, newest first.
    pub reviews: Vec<ReviewSummary>,
    pub repos: Vec<RepoView>,
    /// Reviews with no known repository, newest first.
    pub unfiled: Vec<ReviewSummary>,
}

/// Site-relative URL of a review page.
fn review_url(id: &str) -> String {
    format!("{id}.html")
}

/// Site-relative URL of a repository page.
pub fn repo_url(repo: &RepoRef) -> String {
    format!(
        "repos/{}/{}/index.html",
        url_segment(&repo.owner),
        url_segment(&repo.name)
    )
}

/// Site-relative URL of a PR thread page.
pub fn thread_url(repo: &RepoRef, number: u64) -> String {
    format!(
        "repos/{}/{}/pr-{number}/index.html",
        url_segment(&repo.owner),
        url_segment(&repo.name)
    )
}

/// A path segment safe on every file system and in a URL.
fn url_segment(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() || out.chars().all(|c| c == '.') {
        "_".to_string()
    } else {
        out
    }
}

/// Makes the summary of one review.
pub fn summarise(review: &Review) -> ReviewSummary {
    let m = &review.meta;
    let title = match (&m.pr, &m.branch, &m.target) {
        (Some(pr), _, _) if pr.title.is_some() => pr.title.clone().unwrap_or_default(),
        (_, _, Some(target)) => target.clone(),
        (_, Some(branch), _) => match &m.branch_sha {
            Some(sha) => format!("`{branch}` @ `{sha}`"),
            None => format!("`{branch}`"),
        },
        _ => review.title.clone(),
    };
    let thread_url = match (&m.repo, &m.pr) {
        (Some(repo), Some(pr)) => Some(thread_url(repo, pr.number)),
        _ => None,
    };
    ReviewSummary {
        id: review.id.clone(),
        url: review_url(&review.id),
        kind: review.kind,
        kind_label: review.kind.label(),
        title,
        date: m.date.clone().unwrap_or_default(),
        repo: m.repo.clone(),
        pr: m.pr.clone(),
        branch: m.branch.clone(),
        round: m.round,
        verdict: m.verdict.clone(),
        counts: review.counts,
        reviewers: m.reviewers.clone(),
        thread_url,
        repo_url: m.repo.as_ref().map(repo_url),
    }
}

/// Newest first; ties broken by id so the order is stable.
fn newest_first(a: &ReviewSummary, b: &ReviewSummary) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id))
}

/// Builds the site-wide views from summaries.
pub fn aggregate(config: &Config, mut summaries: Vec<ReviewSummary>) -> SiteIndex {
    summaries.sort_by(newest_first);
    let mut by_repo: BTreeMap<RepoRef, Vec<ReviewSummary>> = BTreeMap::new();
    let mut unfiled = Vec::new();
    for s in &summaries {
        match &s.repo {
            Some(r) => by_repo.entry(r.clone()).or_default().push(s.clone()),
            None => unfiled.push(s.clone()),
        }
    }
    let repos = by_repo
        .into_iter()
        .map(|(repo, reviews)| {
            let slug = repo.slug();
            let settings = config.repo(&slug);
            let mut threads: BTreeMap<u64, PrThread> = BTreeMap::new();
            let mut counts = SeverityCounts::default();
            for r in &reviews {
                counts.critical += r.counts.critical;
                counts.important += r.counts.important;
                counts.suggestion += r.counts.suggestion;
                if let Some(pr) = &r.pr {
                    let t = threads.entry(pr.number).or_insert_with(|| PrThread {
                        repo: repo.clone(),
                        number: pr.number,
                        title: None,
                        pr_url: None,
                        url: thread_url(&repo, pr.number),
                        rounds: Vec::new(),
                    });
                    // `reviews` is newest first: the first title seen is the latest one.
                    if t.title.is_none() {
                        t.title = pr.title.clone();
                    }
                    if t.pr_url.is_none() {
                        t.pr_url = pr.url.clone();
                    }
                    t.rounds.push(r.clone());
                }
            }
            let mut threads: Vec<PrThread> = threads.into_values().collect();
            for t in &mut threads {
                t.rounds.reverse(); // oldest first
            }
            threads.sort_by(|a, b| {
                let la = a.rounds.last().map(|r| r.date.as_str()).unwrap_or("");
                let lb = b.rounds.last().map(|r| r.date.as_str()).unwrap_or("");
                lb.cmp(la).then(b.number.cmp(&a.number))
            });
            RepoView {
                title: settings
                    .and_then(|s| s.title.clone())
                    .unwrap_or_else(|| slug.clone()),
                web_url: config.repo_web_url(&slug),
                url: repo_url(&repo),
                slug,
                repo,
                reviews,
                threads,
                counts,
            }
        })
        .collect();
    SiteIndex {
        reviews: summaries,
        repos,
        unfiled,
    }
}
