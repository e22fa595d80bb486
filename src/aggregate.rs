//! Site-wide views built from compact review summaries: the index, repositories, PR threads.
//!
//! Aggregate pages are made from [`ReviewSummary`] values (a few hundred bytes each), never
//! from whole reviews, so their cost grows linearly with the archive.
//!
//! - `summary.rs`: one review's summary and the URLs of the pages it is on;
//! - `site_index.rs`: the index, repositories and PR threads built from the summaries;
//! - `lineage/`: findings across the rounds of a PR thread;
//! - `agent_stats.rs`: the agents' statistics; `agent_board.rs`: the leaderboard tallied
//!   one review at a time; `page_ids.rs`: the ids a review page gives
//!   its parts.

pub(crate) mod agent_board;
pub(crate) mod agent_stats;
pub mod lineage;
pub mod page_ids;
mod site_index;
mod summary;

pub use site_index::aggregate;

pub use site_index::SiteIndex;

pub use site_index::RepoView;

pub use site_index::PrThread;
pub use summary::ReviewSummary;
pub use summary::{summarise, thread_url};
