//! What the engine renders in one piece: a unit of outputs (one review page and its
//! Markdown; the index; one repository page; ...), named by a [`UnitKey`], and what it was
//! last rendered from ([`Unit`]).

use std::fmt;

/// Which unit: stable across renders (a review by its id, a repository or PR thread by its
/// URL), so what a unit wrote last time is found again after the site changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum UnitKey {
    /// `<id>.html` and `<id>.md` of the review `id`.
    Review(String),
    Index,
    /// `agents/`: the leaderboard, its sorted copies and the family pages.
    Agents,
    /// The page of the repository at this URL.
    Repo(String),
    /// The page of the PR thread at this URL.
    Thread(String),
    NotFound,
    SearchPage,
    Sitemap,
    Feed,
    Export,
    SearchIndex,
    /// The theme's assets, the highlight stylesheet and the static folder.
    Assets,
}

/// `review:<id>`, `index`, `repo:<url>`, ...: the unit's name in timings.
impl fmt::Display for UnitKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitKey::Review(id) => write!(f, "review:{id}"),
            UnitKey::Index => f.write_str("index"),
            UnitKey::Agents => f.write_str("agents"),
            UnitKey::Repo(url) => write!(f, "repo:{url}"),
            UnitKey::Thread(url) => write!(f, "thread:{url}"),
            UnitKey::NotFound => f.write_str("404"),
            UnitKey::SearchPage => f.write_str("search"),
            UnitKey::Sitemap => f.write_str("sitemap"),
            UnitKey::Feed => f.write_str("feed"),
            UnitKey::Export => f.write_str("export"),
            UnitKey::SearchIndex => f.write_str("search-index"),
            UnitKey::Assets => f.write_str("assets"),
        }
    }
}

/// A group of outputs rendered together, and what it was last rendered from.
pub(super) struct Unit {
    pub(super) fingerprint: u64,
    pub(super) outputs: Vec<String>,
}
