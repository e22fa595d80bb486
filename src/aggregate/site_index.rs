//! The site-wide views built from the summaries: every review newest first, each
//! repository with its reviews and PR threads, and the reviews with no repository.

use super::summary::{repo_url, thread_url, ReviewSummary};
use crate::config::Config;
use crate::model::{RepoRef, SeverityCounts};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

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
    pub rounds: Vec<Arc<ReviewSummary>>,
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
    pub reviews: Vec<Arc<ReviewSummary>>,
    /// PR threads, most recently reviewed first.
    pub threads: Vec<PrThread>,
    pub counts: SeverityCounts,
}

/// The site-wide views.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SiteIndex {
    /// Every review, newest first.
    pub reviews: Vec<Arc<ReviewSummary>>,
    pub repos: Vec<RepoView>,
    /// Reviews with no known repository, newest first.
    pub unfiled: Vec<Arc<ReviewSummary>>,
}

/// Newest first; ties broken by id so the order is stable.
fn newest_first(a: &ReviewSummary, b: &ReviewSummary) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id))
}

/// Builds the site-wide views from summaries (each held once, shared by the lists that
/// show it: given shared, it is shared with the caller too).
pub fn aggregate<S: Into<Arc<ReviewSummary>>>(config: &Config, summaries: Vec<S>) -> SiteIndex {
    let mut summaries: Vec<Arc<ReviewSummary>> = summaries.into_iter().map(Into::into).collect();
    summaries.sort_by(|a, b| newest_first(a, b));
    let mut by_repo: BTreeMap<RepoRef, Vec<Arc<ReviewSummary>>> = BTreeMap::new();
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
