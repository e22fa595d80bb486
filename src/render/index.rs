//! The index page view: site totals, a card per repository, and the table of reviews
//! (newest first, the rounds of a PR thread on one row) with its kind filter.

use super::common::{count_of, counts_line, Page, Rounds, Share, SiteView};
use super::rows::{grouped_rows, thread_map, Row};
use crate::aggregate::{ReviewSummary, SiteIndex};
use crate::model::SeverityCounts;
use crate::text::serde_name::kind_slug;
use crate::text::url_path::encode_url_path;
use serde::Serialize;

/// The index page's own view.
#[derive(Debug, Serialize)]
pub(super) struct IndexBody {
    stats: Stats,
    repos: Vec<RepoCard>,
    rows: Vec<Row>,
    /// Kinds present, for the type filter (only shown with more than one).
    kinds: Vec<Facet>,
}

#[derive(Debug, Serialize)]
struct Facet {
    slug: String,
    label: &'static str,
    count: usize,
}

/// The kinds of review present with their counts, most frequent first.
fn kind_facets(reviews: &[std::sync::Arc<ReviewSummary>]) -> Vec<Facet> {
    let mut out: Vec<Facet> = Vec::new();
    for r in reviews {
        let slug = kind_slug(r.kind);
        match out.iter_mut().find(|f| f.slug == slug) {
            Some(f) => f.count += 1,
            None => out.push(Facet {
                slug,
                label: r.kind_label,
                count: 1,
            }),
        }
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.slug.cmp(&b.slug)));
    out
}

#[derive(Debug, Serialize)]
struct Stats {
    reviews: usize,
    repos: usize,
    threads: usize,
    counts: SeverityCounts,
}

#[derive(Debug, Serialize)]
struct RepoCard {
    title: String,
    url: String,
    reviews: usize,
    threads: usize,
    counts: SeverityCounts,
}

/// The index page: totals, repository cards, every review (PR threads grouped).
pub(super) struct IndexPage;

impl IndexPage {
    pub(super) fn build(index: &SiteIndex, rounds: &Rounds, site: &SiteView) -> Page<IndexBody> {
        let mut counts = SeverityCounts::default();
        for r in &index.reviews {
            counts.critical += r.counts.critical;
            counts.important += r.counts.important;
            counts.suggestion += r.counts.suggestion;
        }
        Page {
            site: site.clone(),
            root: String::new(),
            page_title: String::new(),
            crumbs: Vec::new(),
            // The site's own words, else what it holds.
            share: Share::site_first(
                site,
                "index.html",
                format!(
                    "{} in {} · {}",
                    count_of(index.reviews.len(), "review"),
                    count_of(index.repos.len(), "repository")
                        .replace("repositorys", "repositories"),
                    counts_line(&counts)
                ),
            ),
            body: IndexBody {
                stats: Stats {
                    reviews: index.reviews.len(),
                    repos: index.repos.len(),
                    threads: index.repos.iter().map(|r| r.threads.len()).sum(),
                    counts,
                },
                repos: index
                    .repos
                    .iter()
                    .map(|r| RepoCard {
                        title: r.title.clone(),
                        url: encode_url_path(&r.url),
                        reviews: r.reviews.len(),
                        threads: r.threads.len(),
                        counts: r.counts,
                    })
                    .collect(),
                rows: grouped_rows(&index.reviews, "", rounds, &thread_map(index)),
                kinds: kind_facets(&index.reviews),
            },
        }
    }
}
