//! The repository page view: the repository's totals, a row per PR thread with a link
//! per round, and the tables of its reviews.

use super::agents::{repo_agent_rows, RepoAgentRow};
use super::common::{
    count_of, counts_line, index_crumb, split_date, Crumb, Page, Rounds, Share, SiteView,
};
use super::pills::{verdict_class, verdict_view, VerdictView};
use super::rows::{row, Row};
use super::urls::{link, root_for, safe_web_url};
use crate::aggregate;
use crate::aggregate::agent_stats::AgentBoard;
use crate::html::markdown;
use crate::model::SeverityCounts;
use serde::Serialize;

/// The repository page's own view.
#[derive(Debug, Serialize)]
pub(super) struct RepoBody {
    repo: RepoHead,
    threads: Vec<ThreadRow>,
    others: Vec<Row>,
    rows: Vec<Row>,
    /// One row per agent family over this repository's reviews.
    agents: Vec<RepoAgentRow>,
}

#[derive(Debug, Serialize)]
struct RepoHead {
    title: String,
    slug: String,
    web_url: String,
    reviews: usize,
    threads: usize,
    counts: SeverityCounts,
}

#[derive(Debug, Serialize)]
struct ThreadRow {
    number: u64,
    title_html: String,
    url: String,
    rounds: Vec<RoundLink>,
    latest_verdict: Option<VerdictView>,
    latest_counts: SeverityCounts,
    last_day: String,
}

#[derive(Debug, Serialize)]
struct RoundLink {
    k: usize,
    url: String,
    verdict_label: String,
    class: &'static str,
    day: String,
}

/// A repository's page: its PR threads with their rounds, and its reviews.
pub(super) struct RepoPage;

impl RepoPage {
    pub(super) fn build(
        repo: &aggregate::RepoView,
        rounds: &Rounds,
        site: &SiteView,
        board: &AgentBoard,
    ) -> Page<RepoBody> {
        let root = root_for(&repo.url);
        let threads = repo
            .threads
            .iter()
            .map(|t| {
                let latest = t.rounds.last();
                ThreadRow {
                    number: t.number,
                    title_html: markdown::render_inline_nolinks(
                        t.title.as_deref().unwrap_or("(untitled)"),
                    ),
                    url: link(&root, &t.url),
                    rounds: t
                        .rounds
                        .iter()
                        .enumerate()
                        .map(|(i, r)| RoundLink {
                            k: i + 1,
                            url: link(&root, &r.url),
                            verdict_label: r
                                .verdict
                                .as_ref()
                                .map(|v| markdown::plain_text(&v.label))
                                .unwrap_or_else(|| "no verdict".into()),
                            class: r
                                .verdict
                                .as_ref()
                                .map(|v| verdict_class(v.class))
                                .unwrap_or("v-none"),
                            day: split_date(&r.date).0,
                        })
                        .collect(),
                    latest_verdict: latest.and_then(|r| verdict_view(&r.verdict)),
                    latest_counts: latest.map(|r| r.counts).unwrap_or_default(),
                    last_day: latest.map(|r| split_date(&r.date).0).unwrap_or_default(),
                }
            })
            .collect();
        let rows: Vec<Row> = repo.reviews.iter().map(|s| row(s, &root, rounds)).collect();
        let others = repo
            .reviews
            .iter()
            .filter(|s| s.pr.is_none())
            .map(|s| row(s, &root, rounds))
            .collect();
        let share = Share::page(
            site,
            &repo.url,
            format!(
                "{} · {}, {} · {}",
                repo.slug,
                count_of(repo.reviews.len(), "review"),
                count_of(repo.threads.len(), "pull request"),
                counts_line(&repo.counts)
            ),
        );
        Page {
            site: site.clone(),
            root: root.clone(),
            page_title: repo.title.clone(),
            share,
            crumbs: vec![
                index_crumb(&root),
                Crumb {
                    label: repo.slug.clone(),
                    url: None,
                },
            ],
            body: RepoBody {
                repo: RepoHead {
                    title: repo.title.clone(),
                    slug: repo.slug.clone(),
                    web_url: safe_web_url(&repo.web_url),
                    reviews: repo.reviews.len(),
                    threads: repo.threads.len(),
                    counts: repo.counts,
                },
                threads,
                others,
                rows,
                agents: repo_agent_rows(board, &root),
            },
        }
    }
}
