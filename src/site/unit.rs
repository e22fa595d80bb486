//! What the engine renders in one piece: a unit of outputs (one review page and its
//! Markdown; the index; one repository page; ...), named by a [`UnitKey`], and what it was
//! last rendered from ([`Unit`]).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which unit: stable across renders (a review by its id, a repository or PR thread by its
/// URL), so what a unit wrote last time is found again after the site changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(super) enum UnitKey {
    /// `<id>.html` and `<id>.md` of the review `id`.
    Review(String),
    /// The page of the repository at this URL.
    Repo(String),
    /// The page of the PR thread at this URL.
    Thread(String),
    Page(SitePage),
}

/// The units the site has exactly one of (named the same by a [`UnitKey`] and a job).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(super) enum SitePage {
    Index,
    /// `agents/`: the leaderboard, its sorted copies and the family pages.
    Agents,
    NotFound,
    SearchPage,
    Sitemap,
    Feed,
    Export,
    /// `threads.json`: made from the thread rounds' whole reviews.
    Threads,
    SearchIndex,
    /// The theme's assets, the highlight stylesheet and the static folder.
    Assets,
}

/// `review:<id>`, `index`, `repo:<url>`, ...: the unit's name in timings.
impl fmt::Display for UnitKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitKey::Review(id) => write!(f, "review:{id}"),
            UnitKey::Repo(url) => write!(f, "repo:{url}"),
            UnitKey::Thread(url) => write!(f, "thread:{url}"),
            UnitKey::Page(page) => f.write_str(page.name()),
        }
    }
}

impl SitePage {
    /// The page's name in timings: `index`, `agents`, `404`, `search`, ...
    fn name(self) -> &'static str {
        match self {
            SitePage::Index => "index",
            SitePage::Agents => "agents",
            SitePage::NotFound => "404",
            SitePage::SearchPage => "search",
            SitePage::Sitemap => "sitemap",
            SitePage::Feed => "feed",
            SitePage::Export => "export",
            SitePage::Threads => "threads",
            SitePage::SearchIndex => "search-index",
            SitePage::Assets => "assets",
        }
    }
}

/// A group of outputs rendered together, and what it was last rendered from.
pub(super) struct Unit {
    pub(super) fingerprint: u64,
    pub(super) outputs: Vec<String>,
}
