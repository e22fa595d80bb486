//! What every page view shares: the page frame (site, breadcrumbs), a review's place in
//! its PR thread, and the small formatting of dates, durations, kinds and severities.

use super::urls::{is_web_url, link};
use crate::aggregate::SiteIndex;
use crate::config::Config;
use crate::model::{Severity, SeverityCounts};
use crate::text::url_path::encode_url_path;
use serde::Serialize;
use std::collections::HashMap;

/// What every page shows of the site: its title, description and repositories.
#[derive(Debug, Clone, Serialize)]
pub(super) struct SiteView {
    title: String,
    description: String,
    repos: Vec<RepoLink>,
    /// `base_url` when it is absolute (`https://host/path/`): pages then name their
    /// canonical URL.
    base_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct RepoLink {
    slug: String,
    /// Site-relative (templates prefix `root`).
    url: String,
}

impl SiteView {
    pub(super) fn new(config: &Config, index: &SiteIndex) -> SiteView {
        SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            repos: index
                .repos
                .iter()
                .map(|r| RepoLink {
                    slug: r.slug.clone(),
                    url: encode_url_path(&r.url),
                })
                .collect(),
            base_url: is_web_url(&config.base_url).then(|| config.base_url.clone()),
        }
    }
}

/// What a page says of itself when its link is shared (issue 19): the description of its
/// OpenGraph and Twitter card tags, and its absolute URL (`og:url` and the canonical link)
/// when `base_url` is absolute.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Share {
    pub(super) description: String,
    pub(super) url: Option<String>,
    /// `og:type`: `article` for a review, `website` for the other pages.
    pub(super) kind: &'static str,
}

impl Share {
    /// The page at the site-relative `url`, described by `description` (or, when that is
    /// empty, by the site's description).
    pub(super) fn page(site: &SiteView, url: &str, description: String) -> Share {
        let description = if description.trim().is_empty() {
            site.description.clone()
        } else {
            description
        };
        Share {
            description: truncate(description.trim(), 300),
            url: site
                .base_url
                .as_ref()
                .map(|base| format!("{base}{}", encode_url_path(url))),
            kind: "website",
        }
    }

    /// The page at `url` described by the site's description, or by `fallback` when the
    /// site has none (the index).
    pub(super) fn site_first(site: &SiteView, url: &str, fallback: String) -> Share {
        let own = site.description.trim().is_empty();
        Share::page(site, url, if own { fallback } else { String::new() })
    }

    /// A page that is one review (`og:type` `article`).
    pub(super) fn article(site: &SiteView, url: &str, description: String) -> Share {
        Share {
            kind: "article",
            ..Share::page(site, url, description)
        }
    }

    /// A page that has no URL of its own (404, served at any path).
    pub(super) fn nowhere(site: &SiteView, description: &str) -> Share {
        Share {
            url: None,
            ..Share::page(site, "", description.to_string())
        }
    }
}

/// `1 review`, `3 reviews`.
pub(super) fn count_of(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Severity counts as a share description says them: `0 C 7 I 10 S`.
pub(super) fn counts_line(c: &SeverityCounts) -> String {
    format!("{} C {} I {} S", c.critical, c.important, c.suggestion)
}

/// The frame of every page: the site, the way back to its root, the title and breadcrumbs,
/// and the page's own view flattened beside them.
#[derive(Debug, Serialize)]
pub(super) struct Page<T: Serialize> {
    pub(super) site: SiteView,
    pub(super) root: String,
    pub(super) page_title: String,
    pub(super) crumbs: Vec<Crumb>,
    /// OpenGraph / Twitter card description and the canonical URL.
    pub(super) share: Share,
    #[serde(flatten)]
    pub(super) body: T,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct Crumb {
    pub(super) label: String,
    pub(super) url: Option<String>,
}

/// The first breadcrumb of every page but the index: back to the index.
pub(super) fn index_crumb(root: &str) -> Crumb {
    Crumb {
        label: "Index".into(),
        url: Some(format!("{root}index.html")),
    }
}

/// Splits `2026-05-19T10:06` into day and time.
pub(super) fn split_date(date: &str) -> (String, String) {
    match date.split_once('T').or_else(|| date.split_once(' ')) {
        Some((d, t)) => (d.to_string(), t.to_string()),
        None => (date.to_string(), String::new()),
    }
}

/// Position of each PR review in its thread: id -> (k, n, thread url).
pub(crate) type Rounds = HashMap<String, (usize, usize, String)>;

pub(super) fn round_positions(index: &SiteIndex) -> Rounds {
    let mut m = HashMap::new();
    for repo in &index.repos {
        for t in &repo.threads {
            let n = t.rounds.len();
            for (i, r) in t.rounds.iter().enumerate() {
                m.insert(r.id.clone(), (i + 1, n, t.url.clone()));
            }
        }
    }
    m
}

/// A review's place in its PR thread: round `k` of `n`.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ThreadRef {
    pub(super) url: String,
    pub(super) k: usize,
    pub(super) n: usize,
}

/// Where the review `id` stands in its PR thread, linked from a page at `root`.
pub(super) fn thread_ref(rounds: &Rounds, id: &str, root: &str) -> Option<ThreadRef> {
    rounds.get(id).map(|(k, n, url)| ThreadRef {
        url: link(root, url),
        k: *k,
        n: *n,
    })
}

pub(super) fn severity_slug(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Critical) => "critical",
        Some(Severity::Important) => "important",
        Some(Severity::Suggestion) => "suggestion",
        None => "none",
    }
}

/// What a table cell shows for a value the report does not give.
pub(super) const DASH: &str = "\u{2014}";

/// A count, or [`DASH`] when the report does not give it.
pub(super) fn opt_num(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_else(|| DASH.into())
}

/// A shown total marked as a lower bound when `partial` (the known passes' sum, another
/// pass unknown: [`crate::model::AgentMetrics::partial`]): `≥ 12m 05s`.
pub(super) fn at_least(text: String, partial: bool) -> String {
    if partial && text != DASH {
        format!("\u{2265} {text}")
    } else {
        text
    }
}

/// What a `≥` before a metrics total means.
pub(super) const PARTIAL_NOTE: &str =
    "partial total: the sum of the passes the report states; another pass is unknown";

/// `s` cut to `max` characters, an ellipsis marking the cut.
pub(super) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('\u{2026}');
    out
}
