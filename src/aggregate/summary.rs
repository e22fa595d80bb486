//! One review's summary: what index, repository and thread pages need to know of it (a
//! few hundred bytes), and the site-relative URLs of the pages it appears on.

use crate::model::{PullRequest, RepoRef, Review, ReviewKind, Reviewer, SeverityCounts, Verdict};
use serde::{Deserialize, Serialize};

/// What index, repo and thread pages need to know about one review.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReviewSummary {
    pub id: String,
    /// Site-relative URL of the review page: `<id>.html`.
    pub url: String,
    pub kind: ReviewKind,
    /// `kind`'s label; not read back with the rest ([`ReviewSummary::restored`]).
    #[serde(skip_deserializing)]
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
    /// A CI-failure digest's failed-job count, as the digest states it.
    pub failed_jobs: Option<u32>,
}

impl ReviewSummary {
    /// The summary as read back (from a build cache): with what is not stored made again.
    pub(crate) fn restored(mut self) -> ReviewSummary {
        self.kind_label = self.kind.label();
        self
    }
}

/// Site-relative URL of a review page.
fn review_url(id: &str) -> String {
    format!("{id}.html")
}

/// Site-relative URL of a repository page.
pub(crate) fn repo_url(repo: &RepoRef) -> String {
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
        // A digest is named by its title (`CI Failures: 2026-W39`), not the branch it ran on.
        _ if review.kind == ReviewKind::CiFailureDigest => review.title.clone(),
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
        failed_jobs: review.failed_jobs,
    }
}
